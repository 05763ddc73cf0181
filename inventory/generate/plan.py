"""A deterministic synthetic fleet in gpufleet/v1 format, for scale tests, benchmarks and demos.

``plan_fleet`` draws regions, data centers with power phases and rack-level GPU deployments from a
seeded random generator (the same seed gives the same fleet); planted.py then plants K deliberate
discrepancies and writes Reports that match the itemization; fleet_yaml.py renders the plan as YAML
text, and ``write_fleet`` puts the files in place atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from inventory.base.errors import UsageError

__all__ = [
    "AS_OF",
    "DEFAULT_KINDS",
    "DISCREPANCY_KINDS",
    "MAX_GPUS",
    "SKUS",
    "Block",
    "Deployment",
    "Discrepancy",
    "FleetPlan",
    "RegionPlan",
    "ReportPlan",
    "Site",
    "SkuSpec",
    "parse_gpu_count",
    "regions_for",
    "sites_for",
    "write_fleet",
]

AS_OF = dt.date(2026, 3, 31)
"""The synthetic fleet's as_of: every site, block and deployment is in service by then."""
MAX_GPUS = 100_000_000
"""The largest fleet generated (about 440 MB of YAML)."""
GPUS_PER_SITE = 50_000
"""The average data center's GPUs; sites vary from half to one and a half times this."""
HEADROOM = 1.25
"""Power contracted per phase over the GPU draw it carries (cooling margin, spare capacity)."""


@dataclass(frozen=True, slots=True)
class SkuSpec:
    """One GPU product as the generator deploys it."""

    id: str
    name: str
    architecture: str
    memory: str
    max_power_w: int
    system_power_w: int
    """Whole-system draw per GPU, in watts (rack or node power / its GPUs)."""
    gpus_per_system: int
    form_factor: str
    announced: str
    available: dt.date

    @property
    def rack(self) -> bool:
        return self.gpus_per_system == 72


SKUS: tuple[SkuSpec, ...] = (
    SkuSpec(
        "gb200",
        "NVIDIA GB200 NVL72",
        "Blackwell",
        "186 GB",
        1200,
        1700,
        72,
        "NVL72 rack",
        "2024-03-18",
        dt.date(2024, 12, 1),
    ),
    SkuSpec(
        "gb300",
        "NVIDIA GB300 NVL72",
        "Blackwell Ultra",
        "288 GB",
        1400,
        1900,
        72,
        "NVL72 rack",
        "2025-03-18",
        dt.date(2025, 7, 1),
    ),
    SkuSpec(
        "h200",
        "NVIDIA H200 SXM",
        "Hopper",
        "141 GB",
        700,
        1275,
        8,
        "HGX 8-GPU board",
        "2023-11-13",
        dt.date(2024, 4, 1),
    ),
    SkuSpec(
        "rtx-pro-6000-bse",
        "NVIDIA RTX PRO 6000 Blackwell Server Edition",
        "Blackwell",
        "96 GB",
        600,
        1100,
        8,
        "PCIe card, 8 a server",
        "2025-03-18",
        dt.date(2025, 5, 1),
    ),
)
"""The four SKUs: NVL72 racks of 72 GPUs and 8-GPU nodes."""
_SKU = {s.id: s for s in SKUS}
_SKU_SLICES = ((0.30, "gb200"), (0.60, "gb300"), (0.90, "h200"), (1.0, "rtx-pro-6000-bse"))
"""Cumulative shares of deployments per SKU (racks take 60 % of deployments, ~70 % of GPUs)."""

_PLACES = (
    ("us-east", "US", "VA", ("Ashburn", "Sterling", "Manassas")),
    ("us-central", "US", "TX", ("Plano", "Denton", "Abilene")),
    ("us-west", "US", "NV", ("Las Vegas", "Reno")),
    ("us-east", "US", "NJ", ("Kenilworth", "Piscataway")),
    ("us-north", "US", "ND", ("Ellendale", "Fargo")),
    ("us-south", "US", "GA", ("Douglasville", "Atlanta")),
    ("us-central", "US", "OK", ("Muskogee", "Tulsa")),
    ("eu-west", "GB", None, ("London", "Slough")),
    ("eu-north", "SE", None, ("Falun", "Lulea")),
    ("eu-south", "ES", None, ("Barcelona", "Madrid")),
)
"""Region templates: id prefix, country, state, cities for its data centers."""
_HOSTS = ("Northwind Data", "Contoso Colocation", "Fabrikam Power", "Tailspin Campus", "Litware Hosting")


@dataclass(slots=True)
class Deployment:
    id: str
    sku: str
    gpus: int
    systems: int
    installed: dt.date
    source: str = "synthetic-dcim"


@dataclass(slots=True)
class Block:
    id: str
    capacity_mw: int
    contracted: dt.date
    energized: dt.date


@dataclass(slots=True)
class Site:
    id: str
    name: str
    region: str
    city: str
    state: str | None
    country: str
    tenure: str
    host: str | None
    since: dt.date
    blocks: list[Block] = field(default_factory=list)
    deployments: list[Deployment] = field(default_factory=list)


@dataclass(slots=True)
class RegionPlan:
    id: str
    name: str
    availability: str
    country: str
    state: str | None
    since: dt.date


DISCREPANCY_KINDS: dict[str, tuple[str, str]] = {
    "unknown-sku": ("unknown-sku", "load"),
    "date-order": ("date-order", "load"),
    "duplicate-id": ("duplicate-id", "load"),
    "unknown-source": ("unknown-source", "load"),
    "report-off": ("figure-mismatch", "reconcile"),
    "power-short": ("gpu-draw-exceeds-power", "reconcile"),
}
"""Each kind of planted discrepancy -> (the code validate reports it with, the stage that finds it)."""
DEFAULT_KINDS = ("unknown-sku", "date-order", "duplicate-id", "unknown-source")


@dataclass(slots=True)
class ReportPlan:
    """Figures for one scope: ``region`` is None for the fleet report."""

    id: str
    region: str | None
    data_centers: int
    active_mw: int
    contracted_mw: int
    gpus: int
    gpus_by_sku: dict[str, int]
    regions: dict[str, int] | None = None
    """Regions by availability (the fleet report only)."""


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A mistake planted on purpose, and the diagnostic code validate reports it with."""

    kind: str
    file: str
    description: str

    @property
    def code(self) -> str:
        return DISCREPANCY_KINDS[self.kind][0]


@dataclass(slots=True)
class FleetPlan:
    """A whole synthetic fleet before it is written; planted.py fills reports and discrepancies.

    Draw one with ``fleet.plan_fleet``."""

    gpus: int
    seed: int
    regions: list[RegionPlan]
    sites: list[Site]
    reports: list[ReportPlan] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)

    @property
    def deployments(self) -> int:
        return sum(len(s.deployments) for s in self.sites)


def parse_gpu_count(text: str) -> int:
    """``"1000000"``, ``"1,000,000"``, ``"1m"``, ``"100k"`` -> a GPU count.

    Raises:
        UsageError: not a count, not a multiple of 8 (GPUs come in 8-GPU nodes and 72-GPU
            racks), or outside 8..MAX_GPUS.
    """
    cleaned = text.strip().lower().replace(",", "").replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(cleaned[-1:], 1)
    digits = cleaned[:-1] if scale > 1 else cleaned
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 12:  # "²" is a digit to str.isdigit
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise UsageError(f"--gpus {shown!r} is not a count up to {MAX_GPUS:,}; write 1000000, 1m or 100k")
    gpus = int(digits) * scale
    if not 8 <= gpus <= MAX_GPUS:
        raise UsageError(f"--gpus must be between 8 and {MAX_GPUS:,}, got {gpus:,}")
    if gpus % 8:
        raise UsageError(f"--gpus {gpus:,} is not a multiple of 8 (GPUs come in 8-GPU nodes and 72-GPU racks)")
    return gpus


def regions_for(count: int, rng: random.Random) -> list[RegionPlan]:
    regions: list[RegionPlan] = []
    numbers: Counter[str] = Counter()
    for i in range(count):
        prefix, country, state, _cities = _PLACES[i % len(_PLACES)]
        numbers[prefix] += 1
        rid = f"{prefix}-{numbers[prefix]:02d}"
        since = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        availability = "dedicated" if i % 4 == 3 else "general"
        where = f"{state}, {country}" if state else country
        regions.append(RegionPlan(rid, f"{rid.upper()} ({where})", availability, country, state, since))
    return regions


def sites_for(count: int, units: int, regions: list[RegionPlan], rng: random.Random) -> list[Site]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
    total = sum(weights)
    shares = [max(1, int(units * w / total)) for w in weights]
    i = 0
    while sum(shares) != units:  # hand out (or take back) the rounding, one unit a site
        step = 1 if sum(shares) < units else -1
        if shares[i % count] + step >= 1:
            shares[i % count] += step
        i += 1
    cities: Counter[str] = Counter()
    sites = []
    for n, share in enumerate(shares):
        region_index = n if n < len(regions) else rng.randrange(len(regions))
        region = regions[region_index]
        _prefix, country, state, names = _PLACES[region_index % len(_PLACES)]
        city = names[n // len(regions) % len(names)] if n >= len(regions) else names[0]
        cities[city] += 1
        slug = city.lower().replace(" ", "-")
        tenure = ("owned", "leased", "colocated")[rng.randrange(3)]
        since = max(region.since, dt.date(2022, 6, 1)) + dt.timedelta(days=rng.randrange(0, 1000))
        site = Site(
            f"{slug}-{cities[city]:02d}",
            f"{city} {cities[city]}",
            region.id,
            city,
            state,
            country,
            tenure,
            None if tenure == "owned" else _HOSTS[rng.randrange(len(_HOSTS))],
            since,
        )
        _fill(site, share, rng)
        sites.append(site)
    return sites


def _fill(site: Site, units: int, rng: random.Random) -> None:
    """Deployments worth ``units`` 8-GPU units, then power phases sized to carry them."""
    deployments = site.deployments
    remaining = units
    while remaining:
        r = rng.random()
        sku = next(name for limit, name in _SKU_SLICES if r < limit)
        if _SKU[sku].rack and remaining >= 9:
            gpus, systems = 72, 1
        else:
            sku = sku if not _SKU[sku].rack else "h200"
            systems = min(remaining, 1 + int(r * 1000) % 7)
            gpus = 8 * systems
        remaining -= gpus // 8
        deployments.append(Deployment(f"{site.id}-r{len(deployments) + 1:05d}", sku, gpus, systems, site.since))
    phases = min(len(deployments), 1 + rng.randrange(4))
    last_energized = AS_OF - dt.timedelta(days=30)
    span = max(0, (last_energized - site.since).days)
    energized = sorted({site.since + dt.timedelta(days=span * k // phases) for k in range(phases)})
    per_phase = -(-len(deployments) // len(energized))
    for k, on in enumerate(energized):
        group = deployments[k * per_phase : (k + 1) * per_phase]
        draw_w = sum(d.gpus * _SKU[d.sku].system_power_w for d in group)
        capacity = max(1, -(-int(draw_w * HEADROOM) // 1_000_000))
        contracted = on - dt.timedelta(days=120 + rng.randrange(280))
        site.blocks.append(Block(f"p{k + 1}", capacity, contracted, on))
        until = energized[k + 1] if k + 1 < len(energized) else AS_OF
        for d in group:
            start = max(on, _SKU[d.sku].available)
            room = max(0, (until - start).days - 1)
            d.installed = min(start + dt.timedelta(days=rng.randrange(room + 1)), AS_OF)


# ---------------------------------------------------------------------------------------------
# Writing


def write_fleet(files: dict[str, str], out: Path, *, force: bool = False) -> None:
    """Write ``files`` (relative path -> text) as the directory ``out``, atomically.

    The tree is built in a temporary directory next to ``out`` and renamed into place, so
    ``out`` is either untouched or complete.

    Raises:
        UsageError: ``out`` is a file, is non-empty without ``force``, or holds (or is above)
            something too precious to replace: a git repository or the current directory.
    """
    out = out.absolute()
    if out.exists() or out.is_symlink():
        if not out.is_dir() or out.is_symlink():
            raise UsageError(f"{out}: exists and is not a directory")
        if any(out.iterdir()):
            if not force:
                raise UsageError(f"{out}: directory is not empty; pass --force to replace it")
            if (out / ".git").exists() or Path.cwd().resolve().is_relative_to(out.resolve()):
                raise UsageError(f"{out}: refusing to replace a git repository or the current directory")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    except OSError as exc:
        raise UsageError(f"{out}: cannot write there: {exc.strerror or exc}") from None
    try:
        for folder in sorted({str(Path(name).parent) for name in files} - {"."}):
            (tmp / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            with (tmp / name).open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        tmp.chmod(0o777 & ~_umask())  # mkdtemp made it private; make it an ordinary directory
        if not out.exists():
            tmp.replace(out)
            return
        # A directory cannot be renamed over a non-empty one: move the old tree aside first, and
        # put it back if the new one cannot take its place.
        trash = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
        out.replace(trash / "old")
        try:
            tmp.replace(out)
        except BaseException:
            (trash / "old").replace(out)
            raise
        shutil.rmtree(trash)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
