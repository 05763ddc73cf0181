"""The series: period ends, breakpoints, and the sweep equal to a rollup at every date.

The property test draws generated fleets (inventory/generate), rewrites their dates into every
form the format allows (partial, open to the past, missing, ends), and checks that ``series`` gives,
date by date, exactly what ``rollup`` gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.base.diagnostics import Severity
from inventory.check.linking import Inventory
from inventory.engine import Loader, Texts
from inventory.generate.fleet import plan_fleet
from inventory.generate.yaml_text import render_fleet
from inventory.model.kinds import DataCenter, GpuDeployment, PowerAllocation
from inventory.model.units import PartialDate, parse_date
from inventory.rollup.scopes import rollup
from inventory.rollup.series import breakpoints, period_ends, series

D = dt.date


def test_period_ends_of_each_step() -> None:
    assert period_ends(D(2025, 1, 1), D(2025, 12, 31), "quarter") == [
        D(2025, 3, 31),
        D(2025, 6, 30),
        D(2025, 9, 30),
        D(2025, 12, 31),
    ]
    assert period_ends(D(2024, 1, 15), D(2024, 4, 30), "month") == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
    ]
    assert period_ends(D(2024, 8, 1), D(2026, 6, 30), "half") == [
        D(2024, 12, 31),
        D(2025, 6, 30),
        D(2025, 12, 31),
        D(2026, 6, 30),
    ]
    assert period_ends(D(2023, 6, 1), D(2025, 6, 1), "year") == [D(2023, 12, 31), D(2024, 12, 31)]


def test_period_ends_keep_inside_the_span() -> None:
    """A period that ends after ``last`` is left out; one that ends on ``first`` is in."""
    assert period_ends(D(2025, 3, 31), D(2025, 6, 29), "quarter") == [D(2025, 3, 31)]
    assert period_ends(D(2025, 4, 1), D(2025, 6, 29), "quarter") == []


def test_an_unknown_step_is_refused() -> None:
    with pytest.raises(ValueError, match="--every must be one of month, quarter, half, year"):
        period_ends(D(2025, 1, 1), D(2025, 12, 31), "week")


def test_breakpoints_are_the_first_and_last_days_and_the_day_after() -> None:
    site = DataCenter.model_validate(
        {"apiVersion": "gpufleet/v1", "kind": "DataCenter", "id": "a", "name": "A", "since": "2025-Q2"}
    )
    assert breakpoints(site) == {D(2025, 4, 1), D(2025, 4, 2), D(2025, 6, 30), D(2025, 7, 1)}
    assert breakpoints(None) == set()


def test_an_empty_series() -> None:
    assert series(Inventory(), []) == []


def test_days_come_back_sorted_and_once() -> None:
    inventory = _generated(800, 1)
    days = [D(2026, 3, 31), D(2024, 1, 1), D(2026, 3, 31)]
    assert [r.as_of for r in series(inventory, days)] == [D(2024, 1, 1), D(2026, 3, 31)]


# -- the property: the series equals a rollup at each date ------------------------------------------


@functools.cache
def _generated(gpus: int, seed: int) -> Inventory:
    """A generated fleet, parsed in memory (no file is written)."""
    files = render_fleet(plan_fleet(gpus, seed=seed), "gpufleet generate (test)")
    result = Loader().load(Texts({name: text.encode() for name, text in sorted(files.items())}))
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]
    return result.inventory


def _date_texts(day: dt.date) -> list[str]:
    """Every form a date around ``day`` can be written in."""
    q, h = (day.month - 1) // 3 + 1, (day.month - 1) // 6 + 1
    return [
        day.isoformat(),
        f"{day:%Y-%m}",
        f"{day.year}-Q{q}",
        f"{day.year}-H{h}",
        str(day.year),
        f"<={day.isoformat()}",
    ]


@st.composite
def dates(draw: st.DrawFn, missing: bool = True) -> PartialDate | None:
    if missing and draw(st.integers(0, 5)) == 0:
        return None
    day = draw(st.dates(D(2021, 1, 1), D(2028, 12, 31)))
    return parse_date(draw(st.sampled_from(_date_texts(day))))


QUALIFIERS = ("~", ">", ">=", "<", "<=")


def _qualified_capacity(block: PowerAllocation, qualifier: str) -> Any:
    """The block's capacity written as a bound (``~12 MW``): the rollup carries it as a range."""
    megawatts = block.capacity.watts / 1_000_000
    return PowerAllocation.model_validate({"id": "x", "capacity": f"{qualifier}{megawatts:f} MW"}).capacity


def _qualified_count(deployment: GpuDeployment, qualifier: str) -> Any:
    return GpuDeployment.model_validate({"id": "x", "gpus": f"{qualifier}{int(deployment.gpus)}"}).gpus


@st.composite
def fleets(draw: st.DrawFn) -> Inventory:
    """A generated fleet with some of its dates redrawn (partial, missing, ends added) and some of its
    amounts written as bounds (``~``, ``>``, ``<=``...)."""
    base = _generated(draw(st.sampled_from([8, 800, 4000, 24000])), draw(st.integers(1, 3)))
    sites: dict[str, DataCenter] = {}
    for dc_id, dc in base.datacenters.items():
        site: dict[str, Any] = {}
        if draw(st.booleans()):
            site["since"] = draw(dates())
        if draw(st.integers(0, 3)) == 0:
            site["until"] = draw(dates(missing=False))
        power = [
            b.model_copy(
                update={"energized_on": draw(dates()), "contracted_on": draw(dates()), "ended_on": draw(dates())}
            )
            if draw(st.integers(0, 2)) == 0
            else b
            for b in dc.power
        ]
        gpus = list(dc.gpus)
        for i in draw(st.lists(st.integers(0, len(gpus) - 1), max_size=6)) if gpus else []:
            change: dict[str, Any] = {"installed_on": draw(dates()), "retired_on": draw(dates())}
            if draw(st.integers(0, 4)) == 0:
                change["sku"] = None
            if draw(st.integers(0, 3)) == 0:
                change["gpus"] = _qualified_count(gpus[i], draw(st.sampled_from(QUALIFIERS)))
            gpus[i] = gpus[i].model_copy(update=change)
        sites[dc_id] = dc.model_copy(update={**site, "power": power, "gpus": gpus})
    regions = {
        rid: r.model_copy(update={"since": draw(dates()), "until": None if draw(st.booleans()) else draw(dates())})
        for rid, r in base.regions.items()
    }
    return dataclasses.replace(base, datacenters=sites, regions=regions)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    fleets(),
    st.lists(st.dates(D(2020, 1, 1), D(2029, 12, 31)), max_size=12),
    st.sampled_from(["month", "quarter", "half", "year"]),
)
def test_the_series_equals_a_rollup_at_every_date(inventory: Inventory, extra: list[dt.date], every: str) -> None:
    days = sorted({*period_ends(D(2021, 1, 1), D(2028, 12, 31), every), *extra})
    got = series(inventory, days)
    assert [r.as_of for r in got] == days
    for rolled in got:
        assert rolled == rollup(inventory, rolled.as_of), rolled.as_of


def test_scope_series_lines_and_markers() -> None:
    """A generated fleet's report is dated at its as_of: a marker per charted figure, lines a day."""
    from inventory.reconcile.checks import reconcile
    from inventory.reconcile.timeline import scope_series, timeline

    inventory = _generated(4000, 1)
    days = period_ends(D(2025, 1, 1), D(2026, 3, 31), "quarter")
    checks = reconcile(inventory)
    found = scope_series(timeline(inventory, days, checks=checks, span=(days[0], days[-1])), ("fleet", ""))
    assert [p.day for p in found.lines["gpus"]] == days
    assert found.lines["gpus"][-1].itemized == 4000
    assert {(m.day, m.metric, m.status) for m in found.markers} == {
        (D(2026, 3, 31), "active_power", "ok"),
        (D(2026, 3, 31), "contracted_power", "ok"),
        (D(2026, 3, 31), "gpus", "ok"),
    }
    with pytest.raises(KeyError):
        scope_series(timeline(inventory, days), ("region", "nowhere"))
