"""A site's since and until bound its power blocks and GPU deployments: in checks and in rollups alike.

The issue's case: a site ``since: 2026-01`` whose power was energized 2025-08-01 is out of order
(a date-order error) and, in the rollup, its power and GPUs do not count while the site is not in
service. ``start_within_site`` gives the one start date that agrees with the rule, for callers
that work from dates.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from inventory.engine import LoadResult, load_inventory
from inventory.model.units import PartialDate, parse_date
from inventory.rollup.lifecycle import latest_start, presence, start_within_site
from inventory.rollup.scopes import Presence, active, installed, rollup

D = dt.date
FLEET = {"kind": "Fleet", "id": "t", "name": "Test", "as_of": "2026-06-30"}
H100 = {"kind": "GpuSku", "id": "h100", "name": "H100", "vendor": "NVIDIA", "system_power": "1.4 kW"}
LATE_SITE = {
    "kind": "DataCenter",
    "id": "late",
    "name": "Late",
    "since": "2026-01",
    "power": [{"id": "p", "capacity": "60 MW", "contracted_on": "2025-01", "energized_on": "2025-08-01"}],
    "gpus": [{"id": "g", "sku": "h100", "gpus": 14400, "installed_on": "2025-09"}],
}


def load(tmp_path: Path, *docs: dict[str, Any]) -> LoadResult:
    text = "---\n".join(json.dumps({"apiVersion": "gpufleet/v1", **d}) + "\n" for d in docs)
    (tmp_path / "inv.yaml").write_text(text, encoding="utf-8")
    return load_inventory([tmp_path])


def test_power_and_gpus_before_the_site_are_a_finding_and_do_not_count(tmp_path: Path) -> None:
    result = load(tmp_path, FLEET, H100, LATE_SITE)
    found = [(d.code, d.path, d.message) for d in result.diagnostics.sorted()]
    assert found == [
        (
            "date-order",
            ("power", 0, "energized_on"),
            "energized_on 2025-08-01 is before site late's since 2026-01: energized before the site has power",
        ),
        (
            "date-order",
            ("gpus", 0, "installed_on"),
            "installed_on 2025-09 is before site late's since 2026-01: installed before the site has power",
        ),
    ]
    before = rollup(result.inventory, D(2025, 12, 31))
    site = before.datacenters["late"]
    assert (site.data_centers, site.active_power.watts, site.gpus, site.uncertain) == (0, 0, 0, {})
    assert site.contracted_power.watts == 60_000_000  # a contract may precede the site: it counts
    inside = rollup(result.inventory, D(2026, 1, 15))  # since 2026-01 straddles the day: maybe
    assert (inside.fleet.active_power.watts, inside.fleet.uncertain["active_power"]) == (0, 60_000_000)
    assert inside.fleet.uncertain["gpus"] == 14400
    after = rollup(result.inventory, D(2026, 1, 31)).fleet
    assert (after.active_power.watts, after.gpus, after.data_centers) == (60_000_000, 14400, 1)


def test_the_per_entity_rules_take_the_site_since(tmp_path: Path) -> None:
    inv = load(tmp_path, FLEET, H100, LATE_SITE).inventory
    dc = inv.datacenters["late"]
    block, deployment = dc.power[0], dc.gpus[0]
    day = D(2025, 12, 31)
    assert (active(block, dc.until, day), installed(deployment, dc.until, day)) == (Presence.IN, Presence.IN)
    assert active(block, dc.until, day, dc.since) is Presence.OUT
    assert installed(deployment, dc.until, day, dc.since) is Presence.OUT


def test_latest_start_names_the_binding_date() -> None:
    since, energized = parse_date("2026-01"), parse_date("2025-08-01")
    assert latest_start(energized, since) is since
    assert latest_start(None, None) is None
    straddling = latest_start(parse_date("2026-Q1"), parse_date("2026-02-15"))
    assert straddling is not None
    assert (straddling.first, straddling.last, straddling.text) == (
        D(2026, 2, 15),
        D(2026, 3, 31),
        "the later of 2026-Q1 and 2026-02-15",
    )
    assert start_within_site(energized, None) is energized


_DAYS = st.dates(min_value=D(2023, 1, 1), max_value=D(2027, 12, 31))


@st.composite
def _partial(draw: st.DrawFn) -> PartialDate | None:
    first = draw(_DAYS)
    form = draw(st.sampled_from(["none", "day", "month", "quarter", "year", "on-or-before"]))
    text = {
        "day": first.isoformat(),
        "month": first.strftime("%Y-%m"),
        "quarter": f"{first.year}-Q{(first.month - 1) // 3 + 1}",
        "year": str(first.year),
        "on-or-before": f"<={first.isoformat()}",
    }.get(form)
    return parse_date(text) if text is not None else None


@given(_partial(), _partial(), _partial(), _DAYS)
def test_one_start_date_agrees_with_the_pair(
    start: PartialDate | None, since: PartialDate | None, end: PartialDate | None, day: dt.date
) -> None:
    """presence(start_within_site(start, since), end, day) is the lesser of the two presences."""
    bounded = presence(start, end, day) if since is None else min(presence(start, end, day), presence(since, None, day))
    assert presence(start_within_site(start, since), end, day) is bounded
