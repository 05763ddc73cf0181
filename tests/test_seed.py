"""The seed inventory seeds/coreweave validates, and holds the public facts as they were given.

Each expected value below is copied by hand from ../shared/facts/coreweave-public-figures.md (or
computed from it in the test), so a change to the seed that bends a fact fails here.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from inventory.base.diagnostics import Severity
from inventory.check.linking import Inventory
from inventory.cli.main import main
from inventory.engine import LoadResult, load_inventory
from inventory.model.kinds import CountFigure
from inventory.model.units import Power, Qualifier, parse_power

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "coreweave"


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load_inventory([SEED])


@pytest.fixture(scope="module")
def inv(loaded: LoadResult) -> Inventory:
    return loaded.inventory


def mw(text: str) -> Power:
    return parse_power(text)


def count(figure: CountFigure | None) -> int | None:
    """A count figure's value, or None when the source gave none."""
    return None if figure is None else figure.value


def test_seed_has_no_errors(loaded: LoadResult) -> None:
    """Loading the seed yields no error (warnings are allowed: source disagreements may be reported)."""
    errors = [str(d) for d in loaded.diagnostics if d.severity is Severity.ERROR]
    assert errors == []


def test_validate_command_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """`gpufleet validate seeds/coreweave` exits 0, prints no error, and counts every entity."""
    rc = main(["validate", str(SEED)])
    out, err = capsys.readouterr()
    assert rc == 0, out + err
    assert "error[" not in out
    assert "(1 Fleet, 32 Source, 41 Region, 12 DataCenter, 5 GpuSku, 15 Report): 0 errors" in err


def test_validate_json_has_no_error(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON report says ok, with no error-level diagnostic."""
    rc = main(["validate", str(SEED), "--format", "json"])
    out, _ = capsys.readouterr()
    result = json.loads(out)
    assert (rc, result["status"], result["counts"]["error"]) == (0, "ok", 0)
    assert [d for d in result["diagnostics"] if d["severity"] == "error"] == []


def test_every_file_has_the_schema_modeline() -> None:
    """Each file's first line points an editor at schemas/gpufleet.schema.json, relative to the file."""
    schema = (ROOT / "schemas" / "gpufleet.schema.json").resolve()
    files = sorted(SEED.rglob("*.yaml"))
    assert len(files) == 27
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        assert (path.parent / first.removeprefix(prefix)).resolve() == schema, path


def test_fleet_says_it_is_incomplete(inv: Inventory) -> None:
    """The Fleet is dated at the last reporting point and claims no complete scope."""
    fleet = inv.fleet
    assert fleet is not None
    assert (fleet.id, fleet.name, str(fleet.as_of)) == ("coreweave", "CoreWeave", "2025-12-31")
    assert fleet.complete_scopes == []
    assert fleet.description is not None
    assert "Incomplete" in fleet.description


def test_everything_cites_a_source(inv: Inventory) -> None:
    """Every region, site, power block, deployment and SKU names at least one Source; every Source is cited."""
    uncited = [r.id for r in inv.regions.values() if not r.sources]
    uncited += [s.id for s in inv.skus.values() if not s.sources]
    for dc in inv.datacenters.values():
        uncited += [dc.id] if not dc.sources else []
        uncited += [f"{dc.id}/{b.id}" for b in dc.power if not b.sources]
        uncited += [f"{dc.id}/{g.id}" for g in dc.gpus if not g.sources]
    assert uncited == []
    cited: set[str] = {r.source for r in inv.reports.values()}
    for _, entity in inv.entities():
        cited.update(entity.sources)
    for dc in inv.datacenters.values():
        for item in (*dc.power, *dc.gpus):
            cited.update(item.sources)
    assert set(inv.sources) - cited == set()


def test_s1_reporting_points(inv: Inventory) -> None:
    """The S-1's three year ends, with their qualifiers (p.100)."""
    r22, r23, r24 = (inv.reports[f"s1-{year}-12-31"].figures for year in (2022, 2023, 2024))
    assert (count(r22.data_centers), str(r22.active_power), str(r22.gpus)) == (3, "~10 MW", ">17,000")
    assert (count(r23.data_centers), str(r23.active_power), str(r23.gpus)) == (10, ">70 MW", ">53,000")
    assert r24.active_power is not None
    assert str(r24.active_power) == ">360 MW"
    assert (r24.active_power.qualifier, r24.active_power.value) == (Qualifier.MORE_THAN, mw("360 MW"))
    assert str(r24.contracted_power) == "~1.3 GW"
    assert (count(r24.data_centers), str(r24.gpus)) == (32, ">250,000")


def test_results_releases(inv: Inventory) -> None:
    """The four 2025 quarter ends as the releases give them; unknowns stay unset."""
    expected = {
        "q1-2025-results": ("2025-03-31", None, "~420 MW", "~1.6 GW"),
        "q2-2025-results": ("2025-06-30", 33, "~470 MW", "~2.2 GW"),
        "q3-2025-results": ("2025-09-30", None, "~590 MW", "~2.9 GW"),
        "q4-2025-results": ("2025-12-31", 43, ">850 MW", "~3.1 GW"),
    }
    for report_id, (as_of, dcs, active, contracted) in expected.items():
        report = inv.reports[report_id]
        f = report.figures
        assert (str(report.as_of), count(f.data_centers), str(f.active_power), str(f.contracted_power)) == (
            as_of,
            dcs,
            active,
            contracted,
        ), report_id
        assert f.gpus is None, report_id
    assert inv.reports["q4-2025-results"].sources == ["coreweave-10k-fy2025"]


def test_article_as_it_is(inv: Inventory) -> None:
    """The article's figures keep its own date wording and its count of five GA regions."""
    report = inv.reports["lemagit-2025-04-30"]
    f = report.figures
    assert (str(report.as_of), report.stated_as_of, report.scope.key) == ("2025-04-30", "end of April", ("fleet", ""))
    assert (count(f.data_centers), str(f.active_power), str(f.contracted_power)) == (33, "~420 MW", "~1.6 GW")
    assert f.regions is not None
    assert count(f.regions.general) == 5
    assert report.note is not None
    for state in ("New York", "New Jersey", "Ohio", "Virginia", "Nevada", "Arizona"):
        assert state in report.note


def test_crypto_mining_disagreement_is_data(inv: Inventory) -> None:
    """350 MW (the article) and ~500 MW (The Register) of Core Scientific mining, same scope, same month."""
    pairs = {
        rid: inv.reports[rid] for rid in ("lemagit-core-scientific-2025-07", "the-register-core-scientific-2025-07")
    }
    got = {}
    for rid, report in pairs.items():
        assert (report.scope.key, str(report.as_of)) == (("host", "Core Scientific"), "2025-07")
        assert report.figures.power_by_purpose is not None
        got[rid] = str(report.figures.power_by_purpose.crypto_mining)
    assert got == {"lemagit-core-scientific-2025-07": "350 MW", "the-register-core-scientific-2025-07": "~500 MW"}


def test_denton_gpus_have_no_sku(inv: Inventory) -> None:
    """Denton's >16,000 GPUs: the deployment holds the lower bound without a SKU; a Report keeps the '>'."""
    denton = inv.datacenters["denton-tx"]
    assert denton.host == "Core Scientific"
    (deployment,) = denton.gpus
    assert (deployment.sku, deployment.gpus, str(deployment.installed_on)) == (None, 16_000, "2025-12")
    report = inv.reports["theminermag-2026-01-14-denton"]
    assert (report.scope.key, str(report.figures.gpus)) == (("datacenter", "denton-tx"), ">16,000")


def test_ellendale_is_400_mw_of_critical_it(inv: Inventory) -> None:
    """Three leases, 400 MW of critical IT: 50 + 50 (first building) + 150 + 150."""
    blocks = inv.datacenters["ellendale-nd"].power
    assert sum((b.capacity for b in blocks), Power.zero()) == mw("400 MW")
    assert {b.basis for b in blocks} == {"critical-it"}
    assert [str(b.energized_on) for b in blocks] == ["2025-10-27", "2025-Q4", "2026", "2027"]


def test_dickens_county_phases(inv: Inventory) -> None:
    """Helios: 133 MW in 2026-H1, +260 MW in 2027, +133 MW in 2028, all critical IT."""
    blocks = inv.datacenters["dickens-county-tx"].power
    assert [(str(b.capacity), str(b.energized_on)) for b in blocks] == [
        ("133 MW", "2026-H1"),
        ("260 MW", "2027"),
        ("133 MW", "2028"),
    ]


def test_unknowns_stay_unknown(inv: Inventory) -> None:
    """No site names a region (the sources never say), no region has an opening date, Europe is not split."""
    assert [dc.id for dc in inv.datacenters.values() if dc.region is not None] == []
    assert [r.id for r in inv.regions.values() if r.since is not None] == []
    for site in ("london-gb", "barcelona-es", "falun-se"):
        assert inv.datacenters[site].power == []


def test_regions_from_the_documentation(inv: Inventory) -> None:
    """14 general-access and 27 dedicated regions, with the states the documentation gives."""
    general = {r.id for r in inv.regions.values() if r.availability == "general"}
    dedicated = {r.id for r in inv.regions.values() if r.availability == "dedicated"}
    assert (len(general), len(dedicated)) == (14, 27)
    assert {"US-EAST-01", "US-EAST-02A", "RNO2", "EU-SOUTH-04"} <= general
    assert {"US-EAST-02B", "ATL2", "RDU1", "CA-EAST-01"} <= dedicated
    assert (inv.regions["RDU1"].state, inv.regions["EU-NORTH-01"].city) == ("Virginia", "Falun")


def test_sku_system_power_is_derived_from_cited_systems(inv: Inventory) -> None:
    """H200: 10.2 kW / 8 GPUs exactly; GB200: 120 kW / 72 rounded to the watt; GB300 (a range): none."""
    assert inv.skus["h200"].system_power == Power(mw("10.2 kW").watts / 8)
    gb200 = inv.skus["gb200"].system_power
    assert gb200 is not None
    assert abs(gb200.watts - mw("120 kW").watts / 72) < Decimal(1)
    assert inv.skus["gb300"].system_power is None
    assert {s.id: str(s.max_power) for s in inv.skus.values()} == {
        "h200": "700 W",
        "h200-nvl": "600 W",
        "gb200": "1.2 kW",
        "gb300": "1.4 kW",
        "rtx-pro-6000-bse": "600 W",
    }
