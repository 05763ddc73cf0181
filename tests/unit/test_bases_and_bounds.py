"""Rollups and reconciliation with power of several bases, amounts written as bounds, and country scopes.

Expected values are worked out by hand in each test's comments.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.base.diagnostics import Severity
from inventory.check.linking import Inventory
from inventory.engine import load_inventory
from inventory.model.kinds import DataCenter, Fleet, GpuSku
from inventory.reconcile.checks import Status, check_diagnostics, reconcile
from inventory.rollup.scopes import BASES, rollup

D = dt.date
MW = 1_000_000
FLEET = {"kind": "Fleet", "id": "t", "name": "Test", "as_of": "2025-06-30", "complete_scopes": ["fleet"]}
SOURCE = {"kind": "Source", "id": "s", "publisher": "T", "title": "T", "type": "filing"}
H100 = {"kind": "GpuSku", "id": "h100", "name": "H100", "vendor": "NVIDIA", "system_power": "1 kW"}


def load(tmp_path: Path, *docs: dict[str, Any]) -> Inventory:
    text = "---\n".join(json.dumps({"apiVersion": "gpufleet/v1", **d}) + "\n" for d in docs)
    (tmp_path / "inv.yaml").write_text(text, encoding="utf-8")
    result = load_inventory([tmp_path])
    assert [d for d in result.diagnostics if d.severity is Severity.ERROR] == []
    return result.inventory


def site(id_: str, country: str, power: list[dict[str, Any]], gpus: list[dict[str, Any]] | None = None) -> Any:
    return {
        "kind": "DataCenter",
        "id": id_,
        "name": id_,
        "location": {"country": country},
        "power": power,
        "gpus": gpus or [],
    }


def report(id_: str, figures: dict[str, Any], scope: Any = "fleet", **extra: Any) -> dict[str, Any]:
    return {
        "kind": "Report",
        "id": id_,
        "source": "s",
        "as_of": "2025-06-30",
        "scope": scope,
        "figures": figures,
        **extra,
    }


MIXED = site(
    "us",
    "US",
    [
        {"id": "it", "capacity": "100 MW", "basis": "critical-it", "energized_on": "2024-01"},
        {"id": "gross", "capacity": "50 MW", "basis": "gross", "energized_on": "2024-01"},
        {"id": "unstated", "capacity": "10 MW", "energized_on": "2024-01"},
    ],
)


def test_power_is_kept_by_basis(tmp_path: Path) -> None:
    fleet = rollup(load(tmp_path, FLEET, MIXED)).fleet
    assert {b: p.watts for b, p in fleet.active_by_basis.items()} == {
        "critical-it": 100 * MW,
        "gross": 50 * MW,
        "unstated": 10 * MW,
    }
    assert fleet.active_power.watts == 160 * MW  # the sum is there too, never alone
    assert fleet.mixed_bases("active_power") == ["critical-it", "gross", "unstated"]


@pytest.mark.parametrize(
    ("figure", "extra", "status", "itemized", "uncertain", "unbounded"),
    [
        # critical IT: 100 MW of it; gross and unstated may add from 0 to their capacity: [100, 160]
        ("100 MW", {"basis": "critical-it"}, Status.INCOMPLETE, 100, 60, False),
        ("~130 MW", {"basis": "critical-it"}, Status.INCOMPLETE, 100, 60, False),
        ("90 MW", {"basis": "critical-it"}, Status.MISMATCH, 100, 60, False),  # 100 MW of IT already
        # gross: the gross block, plus IT and unstated power at least at their capacity: [160, unbounded)
        ("150 MW", {"basis": "gross"}, Status.MISMATCH, 160, 0, True),
        (">150 MW", {"basis": "gross"}, Status.OK, 160, 0, True),
        # no basis: the sum, 160 MW
        ("160 MW", {}, Status.OK, 160, 0, False),
    ],
)
def test_a_stated_basis_is_reconciled_as_a_range(
    tmp_path: Path, figure: str, extra: dict[str, Any], status: Status, itemized: int, uncertain: int, unbounded: bool
) -> None:
    inv = load(tmp_path, FLEET, SOURCE, MIXED, report("r", {"active_power": figure}, **extra))
    (result,) = reconcile(inv)
    got = (result.fit, result.computed.itemized, result.computed.uncertain, result.computed.unbounded)
    assert got == (status, Decimal(itemized * MW), Decimal(uncertain * MW), unbounded)
    found = [d for d in check_diagnostics(inv, [result]) if d.code == "mixed-basis"]
    assert [(d.severity, d.path) for d in found] == [(Severity.WARNING, ("figures", "active_power"))]


def test_a_figure_may_state_its_own_basis_and_one_basis_is_no_finding(tmp_path: Path) -> None:
    it_only = site("it", "US", [{"id": "p", "capacity": "100 MW", "basis": "critical-it", "energized_on": "2024"}])
    figure = {"value": "100 MW", "basis": "critical-it"}
    inv = load(tmp_path, FLEET, SOURCE, it_only, report("r", {"active_power": figure}, basis="gross"))
    (result,) = reconcile(inv)
    assert (result.figure.basis, result.status, result.across_bases) == ("critical-it", Status.OK, None)


def test_figures_of_different_bases_are_not_in_conflict(tmp_path: Path) -> None:
    inv = load(
        tmp_path,
        FLEET,
        SOURCE,
        MIXED,
        report("it", {"active_power": "100 MW"}, basis="critical-it"),
        report("sum", {"active_power": "160 MW"}),
    )
    assert [r.disagreements for r in reconcile(inv)] == [(), ()]


def test_amounts_written_as_bounds_are_ranges(tmp_path: Path) -> None:
    """~40 MW at 5 %: 38 to 42 MW; ">16,000" GPUs: 16,001 or more; "<=100": 0 to 100."""
    bounded = site(
        "gb",
        "GB",
        [{"id": "p", "capacity": "~40 MW", "energized_on": "2024"}],
        [
            {"id": "a", "sku": "h100", "gpus": ">16,000", "installed_on": "2024"},
            {"id": "b", "sku": "h100", "gpus": "<=100", "installed_on": "2024"},
        ],
    )
    fleet = rollup(load(tmp_path, FLEET, H100, bounded)).fleet
    active, gpus, draw = fleet.measure("active_power"), fleet.measure("gpus"), fleet.measure("gpu_draw")
    assert (active.itemized, active.uncertain, active.high) == (38 * MW, 4 * MW, 42 * MW)
    assert (gpus.itemized, gpus.uncertain, gpus.unbounded, gpus.high) == (16001, 100, True, None)
    assert (draw.itemized, draw.unbounded) == (Decimal(16_001_000), True)
    assert {"active_power", "gpus", "gpus_by_sku.h100", "gpu_draw"} <= fleet.bounded


@pytest.mark.parametrize(
    ("figure", "status"),
    [
        (">16,000", Status.OK),  # every value the inventory allows (16,001 or more) satisfies it
        (">=16,001", Status.OK),
        ("16,001", Status.INCOMPLETE),  # possible, not certain: no upper bound
        ("16,000", Status.MISMATCH),  # more than 16,000 are itemized
        ("<20,000", Status.INCOMPLETE),
    ],
)
def test_bounds_keep_reconciliation_honest(tmp_path: Path, figure: str, status: Status) -> None:
    bounded = site("gb", "GB", [], [{"id": "a", "gpus": ">16,000", "installed_on": "2024"}])
    inv = load(tmp_path, FLEET, SOURCE, bounded, report("r", {"gpus": figure}))
    (result,) = reconcile(inv)
    assert result.fit is status


def test_country_scopes_sum_the_sites_of_their_countries(tmp_path: Path) -> None:
    """Europe as [GB, ES, SE]: London 30 MW + Madrid 15 MW; the US site and the region-less site are out."""
    region = {"kind": "Region", "id": "eu-south", "availability": "general", "country": "ES"}
    madrid = {
        "kind": "DataCenter",
        "id": "madrid",
        "name": "Madrid",
        "region": "eu-south",  # no location: the region's country counts
        "power": [{"id": "p", "capacity": "15 MW", "energized_on": "2024"}],
    }
    london = site("london", "GB", [{"id": "p", "capacity": "30 MW", "energized_on": "2024"}])
    inv = load(
        tmp_path,
        FLEET,
        SOURCE,
        region,
        madrid,
        london,
        MIXED,
        report("eu", {"active_power": ">40 MW", "data_centers": 2}, scope={"country": ["SE", "GB", "ES"]}),
        report("uk", {"active_power": "30 MW"}, scope={"country": "GB"}),
    )
    rolled = rollup(inv, D(2025, 6, 30))
    assert sorted(rolled.countries) == ["ES", "ES,GB,SE", "GB", "US"]
    europe = rolled.scope(("country", "ES,GB,SE"))
    assert (europe.active_power.watts, europe.data_centers, europe.complete) == (45 * MW, 2, True)
    assert [(r.scope, r.status) for r in reconcile(inv)] == [
        (("country", "ES,GB,SE"), Status.OK),
        (("country", "ES,GB,SE"), Status.OK),
        (("country", "GB"), Status.OK),
    ]


# -- the invariant: whatever exact values the bounds stand for, the rollup's range holds them -------

_QUALIFIERS = ["", "~", ">", ">=", "<=", "<"]


def _allowed(draw: st.DrawFn, qualifier: str, n: int, *, whole: bool) -> Decimal:
    """One value that ``qualifier n`` allows, from the qualifiers' meaning (5 % for ~), not from the code."""
    step = Decimal(1) if whole else Decimal("0.001")
    if qualifier == "~":
        low, high = Decimal(n) * Decimal("0.95"), Decimal(n) * Decimal("1.05")
    elif qualifier in (">", ">="):
        low, high = Decimal(n) + (step if qualifier == ">" else 0), Decimal(n) + 5000
    elif qualifier in ("<", "<="):
        low, high = Decimal(0), Decimal(n) - (step if qualifier == "<" else 0)
    else:
        return Decimal(n)
    if whole:
        return Decimal(draw(st.integers(math.ceil(low), math.floor(high))))
    return draw(st.decimals(low, high, places=3))


@st.composite
def _bounded_fleet(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Sites with amounts written as bounds, and the same sites with one exact value each bound allows."""
    written, exact = [], []
    for s in range(draw(st.integers(1, 3))):
        power_w, power_x, gpus_w, gpus_x = [], [], [], []
        for b in range(draw(st.integers(0, 3))):
            q, mw = draw(st.sampled_from(_QUALIFIERS)), draw(st.integers(1, 500))
            value = _allowed(draw, q, mw, whole=False)
            basis = draw(st.sampled_from([None, "critical-it", "gross"]))
            block = {"id": f"p{b}", "energized_on": "2024", **({"basis": basis} if basis else {})}
            power_w.append({**block, "capacity": f"{q}{mw} MW"})
            power_x.append({**block, "capacity": f"{value} MW"})
        for g in range(draw(st.integers(0, 3))):
            q, n = draw(st.sampled_from(_QUALIFIERS)), draw(st.integers(1, 20_000))
            deployment = {"id": f"g{g}", "sku": "h100", "installed_on": "2024"}
            gpus_w.append({**deployment, "gpus": f"{q}{n}" if q else n})
            gpus_x.append({**deployment, "gpus": int(_allowed(draw, q, n, whole=True))})
        for out, power, gpus in ((written, power_w, gpus_w), (exact, power_x, gpus_x)):
            out.append({**site(f"s{s}", "US", power, gpus), "apiVersion": "gpufleet/v1"})
    return written, exact


def _inventory(sites: list[dict[str, Any]]) -> Inventory:
    return Inventory(
        fleet=Fleet.model_validate({**FLEET, "apiVersion": "gpufleet/v1"}),
        datacenters={d["id"]: DataCenter.model_validate(d) for d in sites},
        skus={"h100": GpuSku.model_validate({**H100, "apiVersion": "gpufleet/v1"})},
    )


@settings(max_examples=150, deadline=None)
@given(_bounded_fleet())
def test_the_range_holds_every_value_the_bounds_allow(
    fleets: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    written, exact = (rollup(_inventory(f), D(2025, 6, 30)).fleet for f in fleets)
    metrics = ["active_power", "contracted_power", "gpus", "gpu_draw"]
    metrics += [f"{family}.{b}" for family in ("active_by_basis", "contracted_by_basis") for b in BASES]
    for metric in metrics:
        bounds, value = written.measure(metric), exact.measure(metric)
        assert value.uncertain == 0  # every date is certain, every amount exact
        assert not value.unbounded
        assert bounds.itemized <= value.itemized, metric
        assert bounds.high is None or value.itemized <= bounds.high, metric
