"""Rollups at a date: lifecycle rules, itemized vs uncertain amounts, completeness, scopes.

Every expected value is worked out by hand from the small inventory in the test.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.base.diagnostics import Severity
from inventory.check.linking import Inventory
from inventory.engine import load_inventory
from inventory.model.kinds import DataCenter, Fleet, GpuSku, Region
from inventory.model.units import Power, parse_date, parse_power
from inventory.rollup.scopes import FLEET, UNASSIGNED, Presence, presence, rollup

D = dt.date
FLEET_DOC = {"kind": "Fleet", "id": "t", "name": "Test", "as_of": "2025-06-30"}
H100 = {"kind": "GpuSku", "id": "h100", "name": "H100", "vendor": "NVIDIA", "system_power": "1.4 kW"}


def load(tmp_path: Path, *docs: dict[str, Any]) -> Inventory:
    """Write the documents (JSON is YAML) into one file, load it, and insist it has no error."""
    text = "---\n".join(json.dumps({"apiVersion": "gpufleet/v1", **d}) + "\n" for d in docs)
    (tmp_path / "inv.yaml").write_text(text, encoding="utf-8")
    result = load_inventory([tmp_path])
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == []
    return result.inventory


def site(
    id_: str, *, power: list[dict[str, Any]] | None = None, gpus: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"kind": "DataCenter", "id": id_, "name": id_, "power": power or [], "gpus": gpus or [], **extra}


def mw(n: int | str) -> Power:
    return parse_power(f"{n} MW")


# -- the lifecycle rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        ("2025-03-01", None, D(2025, 3, 1), Presence.IN),  # a start counts on its day
        ("2025-03-02", None, D(2025, 3, 1), Presence.OUT),  # not the day before
        ("2025-03", None, D(2025, 3, 31), Presence.IN),  # a month is certainly reached on its last day
        ("2025-03", None, D(2025, 3, 15), Presence.MAYBE),  # inside the month: maybe
        ("2025-03", None, D(2025, 2, 28), Presence.OUT),  # before its first day: not yet
        ("2025-Q3", None, D(2025, 8, 15), Presence.MAYBE),
        (None, None, D(2025, 1, 1), Presence.MAYBE),  # no start: unknown, never zero
        ("2024", "2025-06-30", D(2025, 6, 29), Presence.IN),
        ("2024", "2025-06-30", D(2025, 6, 30), Presence.OUT),  # an end stops the count on its day
        ("2024", "2025-06", D(2025, 6, 1), Presence.MAYBE),  # an end that may have been reached
        ("2024", "2025-06", D(2025, 5, 31), Presence.IN),
        ("2024", "2025-06", D(2025, 6, 30), Presence.OUT),
        (None, "2025-06-30", D(2025, 7, 1), Presence.OUT),  # ended: out even without a start
        ("<=2024-12-31", None, D(2024, 12, 31), Presence.IN),  # on or before: certain from its bound
        ("<=2024-12-31", None, D(2024, 6, 30), Presence.MAYBE),  # earlier: it may already be in service
    ],
)
def test_presence(start: str | None, end: str | None, day: dt.date, expected: Presence) -> None:
    """A start counts once certainly reached (last day <= as_of); an end stops the count once it may be reached."""
    got = presence(parse_date(start) if start else None, parse_date(end) if end else None, day)
    assert got is expected


# -- power ---------------------------------------------------------------------------------------


def test_power_blocks_on_both_sides_of_the_dates(tmp_path: Path) -> None:
    """Active counts energized blocks, contracted counts contracted or energized ones; ended blocks drop out."""
    inv = load(
        tmp_path,
        FLEET_DOC,
        site(
            "a",
            power=[
                {
                    "id": "old",
                    "capacity": "10 MW",
                    "contracted_on": "2023-01-10",
                    "energized_on": "2024-01-15",
                    "ended_on": "2025-03-31",
                },
                {"id": "now", "capacity": "20 MW", "energized_on": "2024-06-01"},
                {"id": "next", "capacity": "30 MW", "contracted_on": "2024-06", "energized_on": "2025-Q3"},
                {"id": "plan", "capacity": "40 MW", "contracted_on": "2026-01-01"},
            ],
        ),
    )
    early = rollup(inv, D(2024, 3, 1)).fleet  # old energized; now not yet; next not contracted yet
    assert (early.active_power, early.contracted_power, early.uncertain) == (mw(10), mw(10), {})
    mid = rollup(inv, D(2024, 6, 15)).fleet  # next's contract month (2024-06) may have been reached
    assert (mid.active_power, mid.contracted_power) == (mw(30), mw(30))
    assert mid.uncertain == {
        "contracted_power": mw(30).watts,
        "power_by_purpose.ai": mw(30).watts,
        "contracted_by_basis.unstated": mw(30).watts,
    }
    june = rollup(inv, D(2025, 6, 30)).fleet  # old ended 2025-03-31; next contracted, energized in Q3
    assert (june.active_power, june.contracted_power, june.uncertain) == (mw(20), mw(50), {})
    august = rollup(inv, D(2025, 8, 15)).fleet  # inside Q3: next may be energized
    assert (august.active_power, august.uncertain["active_power"]) == (mw(20), mw(30).watts)
    october = rollup(inv, D(2025, 10, 1)).fleet
    assert (october.active_power, october.contracted_power) == (mw(50), mw(50))
    later = rollup(inv, D(2026, 1, 1)).fleet  # plan: contracted from its day, never energized yet
    assert (later.active_power, later.contracted_power, later.uncertain) == (
        mw(50),
        mw(90),
        {"active_power": mw(40).watts, "active_by_purpose.ai": mw(40).watts, "active_by_basis.unstated": mw(40).watts},
    )


def test_block_without_dates_is_uncertain_not_zero(tmp_path: Path) -> None:
    """A block with no date has unknown timing: it is kept apart as uncertain, for both active and contracted."""
    inv = load(tmp_path, FLEET_DOC, site("a", power=[{"id": "p", "capacity": "7 MW"}]))
    fleet = rollup(inv).fleet
    assert (fleet.active_power, fleet.contracted_power) == (Power.zero(), Power.zero())
    assert fleet.measure("active_power").uncertain == Decimal(7_000_000)
    assert fleet.measure("contracted_power").uncertain == Decimal(7_000_000)
    assert fleet.measure("data_centers").uncertain == 1  # no since, no energized block: maybe in service


def test_contracted_in_the_future_cannot_be_active(tmp_path: Path) -> None:
    """A block without an energized date whose contract is certainly later is certainly not active."""
    inv = load(tmp_path, FLEET_DOC, site("a", power=[{"id": "p", "capacity": "7 MW", "contracted_on": "2025-09"}]))
    fleet = rollup(inv, D(2025, 6, 30)).fleet
    assert (fleet.active_power, fleet.contracted_power, fleet.uncertain) == (Power.zero(), Power.zero(), {})


def test_power_by_purpose_splits_contracted_and_active(tmp_path: Path) -> None:
    """power_by_purpose sums contracted power by purpose (to contracted_power); active_by_purpose, active power."""
    inv = load(
        tmp_path,
        FLEET_DOC,
        site(
            "a",
            power=[
                {"id": "ai", "capacity": "100 MW", "energized_on": "2024-01-01"},
                {"id": "mine", "capacity": "350 MW", "purpose": "crypto-mining", "energized_on": "2023-01-01"},
                {"id": "soon", "capacity": "50 MW", "contracted_on": "2025-01-01", "energized_on": "2026-01-01"},
                {"id": "office", "capacity": "1.5 MW", "purpose": "other", "energized_on": "2020"},
            ],
        ),
    )
    fleet = rollup(inv).fleet
    assert fleet.power_by_purpose == {"ai": mw(150), "crypto-mining": mw(350), "other": mw("1.5")}
    assert fleet.active_by_purpose == {"ai": mw(100), "crypto-mining": mw(350), "other": mw("1.5")}
    assert (fleet.active_power, fleet.contracted_power) == (mw("451.5"), mw("501.5"))


def test_site_until_ends_its_blocks_and_gpus(tmp_path: Path) -> None:
    """A closed site counts no power, no GPUs and no data center after its ``until``."""
    inv = load(
        tmp_path,
        FLEET_DOC,
        H100,
        site(
            "a",
            since="2020-01-01",
            until="2025-01-01",
            power=[{"id": "p", "capacity": "5 MW", "energized_on": "2020-01-01"}],
            gpus=[{"id": "g", "sku": "h100", "gpus": 100, "installed_on": "2020-02-01"}],
        ),
    )
    before, after = rollup(inv, D(2024, 12, 31)).fleet, rollup(inv, D(2025, 1, 1)).fleet
    assert (before.data_centers, before.active_power, before.gpus) == (1, mw(5), 100)
    assert (after.data_centers, after.active_power, after.gpus, after.uncertain) == (0, Power.zero(), 0, {})


# -- data centers and regions --------------------------------------------------------------------


def test_data_center_counts_from_since_or_first_energized_block(tmp_path: Path) -> None:
    """``since`` decides; without it the first energized block does; with neither the site is uncertain."""
    inv = load(
        tmp_path,
        FLEET_DOC,
        site("a", since="2024-05-01"),
        site(
            "b",
            power=[
                {"id": "p", "capacity": "1 MW", "energized_on": "2024-02"},
                {"id": "q", "capacity": "1 MW", "energized_on": "2025-01"},
            ],
        ),
        site("c", power=[{"id": "p", "capacity": "1 MW"}]),
    )
    assert rollup(inv, D(2024, 1, 31)).fleet.data_centers == 0
    at = rollup(inv, D(2024, 2, 15))
    assert (at.fleet.data_centers, at.fleet.uncertain["data_centers"]) == (0, Decimal(2))  # b maybe (2024-02), c maybe
    at = rollup(inv, D(2024, 6, 1))
    assert (at.fleet.data_centers, at.fleet.uncertain["data_centers"]) == (2, Decimal(1))
    assert (at.datacenters["a"].data_centers, at.datacenters["b"].data_centers, at.datacenters["c"].data_centers) == (
        1,
        1,
        0,
    )


def test_regions_by_availability_from_since_or_their_sites(tmp_path: Path) -> None:
    """A region counts from ``since``, or without one from its first site in service; else it is uncertain."""
    inv = load(
        tmp_path,
        FLEET_DOC,
        {"kind": "Region", "id": "R1", "availability": "general", "country": "US", "since": "2023"},
        {"kind": "Region", "id": "R2", "availability": "general", "country": "US"},
        {"kind": "Region", "id": "R3", "availability": "dedicated", "country": "US"},
        {
            "kind": "Region",
            "id": "R4",
            "availability": "dedicated",
            "country": "US",
            "since": "2024-01-01",
            "until": "2025-01-01",
        },
        site("s2", region="R2", since="2024-07-01"),
    )
    early = rollup(inv, D(2024, 3, 1)).fleet
    assert early.regions_by_availability == {"general": 1, "dedicated": 1}  # R1, R4; R2's site not yet
    assert early.measure("regions.dedicated").uncertain == 1  # R3: no since, no site
    assert early.measure("regions.general").uncertain == 0  # R2: its only site is certainly not open yet
    late = rollup(inv, D(2025, 3, 1)).fleet
    assert late.regions_by_availability == {"general": 2, "dedicated": 0}  # R2 by its site; R4 closed
    assert late.measure("regions.total").itemized == 2
    assert late.measure("regions.total").uncertain == 1


# -- GPUs ----------------------------------------------------------------------------------------


def test_gpus_by_sku_and_their_draw(tmp_path: Path) -> None:
    """Draw is GPUs x system power, exactly; GPUs of unknown SKU or SKU power are counted apart, never as zero."""
    inv = load(
        tmp_path,
        FLEET_DOC,
        H100,
        {"kind": "GpuSku", "id": "mystery", "name": "M", "vendor": "V"},
        site(
            "a",
            gpus=[
                {"id": "g1", "sku": "h100", "gpus": 1000, "installed_on": "2024-01-01"},
                {"id": "g2", "sku": "h100", "gpus": 24, "installed_on": "2025-06"},  # the month holds the as_of day
                {"id": "g3", "gpus": 500, "installed_on": "2024-01-01"},
                {"id": "g4", "sku": "mystery", "gpus": 8, "installed_on": "2024-01-01"},
                {"id": "g5", "sku": "h100", "gpus": 64, "installed_on": "2023-01-01", "retired_on": "2025-01-01"},
            ],
        ),
    )
    fleet = rollup(inv, D(2025, 6, 15)).fleet
    assert fleet.gpus == 1508
    assert fleet.gpus_by_sku == {"h100": 1000, "mystery": 8, None: 500}
    assert fleet.gpu_draw == Power(Decimal(1_400_000))  # 1000 x 1.4 kW
    assert fleet.unestimated_gpus == 508
    assert fleet.measure("gpus_by_sku.h100").uncertain == 24
    assert fleet.measure("gpu_draw").uncertain == Decimal(24 * 1400)
    assert fleet.measure("gpus_by_sku.?").itemized == 500
    assert fleet.measure("gpus_by_sku.b200").itemized == 0


def test_unknown_metric_is_a_key_error(tmp_path: Path) -> None:
    inv = load(tmp_path, FLEET_DOC)
    with pytest.raises(KeyError):
        rollup(inv).fleet.measure("revenue")


# -- scopes and completeness ---------------------------------------------------------------------


def _scoped(tmp_path: Path, complete: list[Any]) -> Inventory:
    return load(
        tmp_path,
        {**FLEET_DOC, "complete_scopes": complete},
        {"kind": "Region", "id": "R1", "availability": "general", "country": "US", "since": "2020"},
        {"kind": "Region", "id": "R2", "availability": "general", "country": "US", "since": "2020"},
        site(
            "a",
            region="R1",
            host="Acme",
            since="2020",
            power=[{"id": "p", "capacity": "10 MW", "energized_on": "2020"}],
        ),
        site("b", region="R1", since="2020", power=[{"id": "p", "capacity": "20 MW", "energized_on": "2020"}]),
        site(
            "c",
            region="R2",
            host="Acme",
            since="2020",
            power=[{"id": "p", "capacity": "40 MW", "energized_on": "2020"}],
        ),
        site("d", since="2020", power=[{"id": "p", "capacity": "80 MW", "energized_on": "2020"}]),
    )


def test_scopes_sum_their_sites(tmp_path: Path) -> None:
    """Each region, host and site sums its own data centers; sites without a region are 'unassigned'."""
    rolled = rollup(_scoped(tmp_path, []))
    assert rolled.fleet.active_power == mw(150)
    assert rolled.scope(("region", "R1")).active_power == mw(30)
    assert rolled.scope(("region", "R2")).active_power == mw(40)
    assert rolled.scope(("host", "Acme")).active_power == mw(50)
    assert rolled.scope(("datacenter", "d")).active_power == mw(80)
    assert rolled.scope(UNASSIGNED).active_power == mw(80)
    assert rolled.scope(FLEET) is rolled.fleet
    assert rolled.scope(("region", "R1")).regions_by_availability == {"general": 1, "dedicated": 0}
    assert rolled.scope(("host", "Acme")).regions_by_availability == {"general": 2, "dedicated": 0}
    with pytest.raises(KeyError):
        rolled.scope(("region", "nowhere"))


def test_completeness_covers_contained_scopes(tmp_path: Path) -> None:
    """A complete region makes its sites complete, not the fleet; a complete fleet makes every scope complete."""
    rolled = rollup(_scoped(tmp_path, [{"region": "R1"}, {"host": "Acme"}]))
    complete = {k: s.complete for k, s in [*rolled.regions.items(), *rolled.datacenters.items(), *rolled.hosts.items()]}
    assert complete == {"R1": True, "R2": False, "a": True, "b": True, "c": True, "d": False, "Acme": True}
    assert rolled.fleet.complete is False
    everything = rollup(_scoped(tmp_path, ["fleet"]))
    assert all(s.complete for s in (everything.fleet, *everything.regions.values(), *everything.datacenters.values()))


def test_default_date_is_the_fleet_as_of(tmp_path: Path) -> None:
    inv = load(tmp_path, {**FLEET_DOC, "as_of": "2025-Q2"})
    assert rollup(inv).as_of == D(2025, 6, 30)
    with pytest.raises(ValueError, match="no Fleet"):
        rollup(Inventory())


# -- invariants ----------------------------------------------------------------------------------

DATES = st.sampled_from(["2023", "2024-Q2", "2024-06", "2024-06-15", "2025-01-01", "2025-H2", None])


@st.composite
def fleets(draw: st.DrawFn) -> Inventory:
    """Random small inventories built through the models: regions, sites, blocks, deployments, dates."""
    regions = {
        f"R{i}": Region.model_validate(
            {
                "apiVersion": "gpufleet/v1",
                "kind": "Region",
                "id": f"R{i}",
                "availability": draw(st.sampled_from(["general", "dedicated"])),
                "country": "US",
                **({"since": s} if (s := draw(DATES)) else {}),
            }
        )
        for i in range(draw(st.integers(0, 3)))
    }
    sites = {}
    for i in range(draw(st.integers(0, 5))):
        blocks = []
        for j in range(draw(st.integers(0, 3))):
            contracted, energized = draw(DATES), draw(DATES)
            if contracted and energized and parse_date(energized).last < parse_date(contracted).first:
                contracted, energized = energized, contracted
            block: dict[str, Any] = {
                "id": f"p{j}",
                "capacity": f"{draw(st.integers(0, 500))} MW",
                "purpose": draw(st.sampled_from(["ai", "crypto-mining", "other"])),
            }
            block |= {k: v for k, v in (("contracted_on", contracted), ("energized_on", energized)) if v}
            blocks.append(block)
        deployments = [
            {
                "id": f"g{j}",
                "gpus": draw(st.integers(0, 10_000)),
                **({"sku": "h100"} if draw(st.booleans()) else {}),
                **({"installed_on": d} if (d := draw(DATES)) else {}),
            }
            for j in range(draw(st.integers(0, 2)))
        ]
        region = draw(st.sampled_from([None, *regions]))
        sites[f"s{i}"] = DataCenter.model_validate(
            {
                "apiVersion": "gpufleet/v1",
                "kind": "DataCenter",
                "id": f"s{i}",
                "name": "s",
                "power": blocks,
                "gpus": deployments,
                **({"region": region} if region else {}),
            }
        )
    fleet = Fleet.model_validate({"apiVersion": "gpufleet/v1", **FLEET_DOC})
    sku = GpuSku.model_validate({"apiVersion": "gpufleet/v1", **H100})
    return Inventory(fleet=fleet, regions=regions, datacenters=sites, skus={"h100": sku})


ADDITIVE = (
    "data_centers",
    "active_power",
    "contracted_power",
    "power_by_purpose.crypto-mining",
    "gpus",
    "gpu_draw",
    "unestimated_gpus",
)


@settings(max_examples=150, deadline=None)
@given(fleets(), st.sampled_from([D(2024, 1, 1), D(2024, 6, 10), D(2024, 12, 31), D(2025, 9, 1)]))
def test_fleet_is_its_regions_plus_unassigned_and_active_within_contracted(inv: Inventory, day: dt.date) -> None:
    """Fleet totals equal the regions' plus the unassigned sites'; active never exceeds contracted."""
    rolled = rollup(inv, day)
    parts = [*rolled.regions.values(), rolled.unassigned]
    for metric in ADDITIVE:
        whole = rolled.fleet.measure(metric)
        assert whole.itemized == sum((p.measure(metric).itemized for p in parts), Decimal(0)), metric
        assert whole.uncertain == sum((p.measure(metric).uncertain for p in parts), Decimal(0)), metric
    for scope in (rolled.fleet, *parts, *rolled.datacenters.values()):
        act, con = scope.measure("active_power"), scope.measure("contracted_power")
        assert act.itemized <= con.itemized
        assert act.itemized + act.uncertain <= con.itemized + con.uncertain
        assert sum((p.watts for p in scope.power_by_purpose.values()), Decimal(0)) == scope.contracted_power.watts


def test_installed_gpus_put_a_site_without_since_in_service(tmp_path: Path) -> None:
    """A site with undated power and GPUs installed on 2025-12-01 is certainly in service from that
    day (GPUs in service mean power), and only maybe before it."""
    inv = load(
        tmp_path,
        FLEET_DOC,
        H100,
        site(
            "d",
            power=[{"id": "p", "capacity": "10 MW"}],
            gpus=[{"id": "g", "sku": "h100", "gpus": 8, "installed_on": "2025-12-01"}],
        ),
    )
    before, after = rollup(inv, D(2025, 11, 30)).fleet, rollup(inv, D(2025, 12, 1)).fleet
    assert (before.data_centers, before.uncertain["data_centers"]) == (0, Decimal(1))
    assert (after.data_centers, after.uncertain.get("data_centers", Decimal(0)), after.gpus) == (1, Decimal(0), 8)
