"""Planned and actual energization: the core function the pipeline view calls.

Each case is one power block judged on one day, its expectation worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from inventory.model.kinds import PowerAllocation
from inventory.model.units import parse_date
from inventory.rollup.energization import EnergizationState, energization

D = dt.date
E = EnergizationState


def block(**fields: Any) -> PowerAllocation:
    return PowerAllocation.model_validate({"id": "p", "capacity": "50 MW", **fields})


@pytest.mark.parametrize(
    ("fields", "day", "expected"),
    [
        # (state, slipped, planned, due, actual, slip_days)
        ({"planned": "2025-Q4"}, D(2025, 11, 1), (E.DUE, False, "2025-Q4", "2025-Q4", None, 0)),
        ({"planned": "2025-Q4"}, D(2026, 1, 31), (E.OVERDUE, True, "2025-Q4", "2025-Q4", None, 31)),
        (
            {"planned": "2025-Q4", "energized_on": "2025-11-20"},
            D(2026, 1, 31),
            (E.ENERGIZED, False, "2025-Q4", None, "2025-11-20", 0),
        ),
        (
            {"planned": "2025-Q4", "energized_on": "2026-02-10"},
            D(2026, 3, 31),
            (E.ENERGIZED, True, "2025-Q4", None, "2026-02-10", 41),
        ),
        (
            {"planned": ["2025-Q4", {"date": "2026-Q2", "stated_on": "2025-11"}]},
            D(2026, 1, 31),
            (E.DUE, True, "2025-Q4", "2026-Q2", None, 181),
        ),
        (
            {"planned": "2026-H1", "energized_on": "2026-09"},
            D(2026, 1, 31),
            (E.DUE, True, "2026-H1", "2026-09", None, 92),
        ),
        ({"energized_on": "2026-09"}, D(2026, 1, 31), (E.DUE, None, None, "2026-09", None, None)),
        ({"energized_on": "2025-Q4"}, D(2025, 11, 15), (E.MAYBE, None, None, None, "2025-Q4", None)),
        ({}, D(2025, 11, 15), (E.OVERDUE, None, None, None, None, None)),
    ],
    ids=[
        "plan-ahead",
        "plan-passed",
        "on-time",
        "late",
        "replanned",
        "expected-after-plan",
        "no-plan",
        "straddling",
        "nothing-known",
    ],
)
def test_planned_actual_slipped(fields: dict[str, Any], day: dt.date, expected: tuple[Any, ...]) -> None:
    e = energization(block(**fields), day)
    got = (
        e.state,
        e.slipped,
        str(e.planned) if e.planned else None,
        str(e.due) if e.due else None,
        str(e.actual) if e.actual else None,
        e.slip_days,
    )
    assert got == expected


def test_the_site_since_bounds_the_actual_date() -> None:
    """A block energized before its site opens is energized when the site is (and that is a slip)."""
    e = energization(block(planned="2025-08", energized_on="2025-08-01"), D(2026, 3, 31), parse_date("2026-01"))
    assert (e.state, e.slipped, str(e.actual)) == (E.ENERGIZED, True, "2026-01")
