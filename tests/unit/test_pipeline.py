"""The pipeline: which blocks are contracted and not yet energized, when they are due, what slipped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from inventory.model.units import parse_date
from inventory.rollup.pipeline import Bucket, DueState, pipeline, quarter_of
from tests.unit.test_rollups import FLEET_DOC, load, site

D = dt.date
MW = Decimal(10) ** 6


def blocks() -> list[dict[str, object]]:
    return [
        {"id": "on", "capacity": "10 MW", "contracted_on": "2024-01", "energized_on": "2025-02-01"},
        {"id": "due-q3", "capacity": "20 MW", "contracted_on": "2025-03-01", "energized_on": "2025-08-15"},
        {"id": "due-h2", "capacity": "30 MW", "contracted_on": "2025-Q1", "energized_on": "2026-H2"},
        {"id": "now", "capacity": "5 MW", "contracted_on": "2025-01", "energized_on": "2025-06"},
        {"id": "undated", "capacity": "4 MW"},
        {"id": "later", "capacity": "7 MW", "contracted_on": "2025-09", "energized_on": "2026-Q2"},
        {"id": "ended", "capacity": "3 MW", "contracted_on": "2024", "ended_on": "2025-03"},
        {"id": "maybe-contract", "capacity": "2 MW", "contracted_on": "2025-Q2", "energized_on": "2027"},
    ]


def test_the_pipeline_at_a_date(tmp_path: Path) -> None:
    """At 2025-06-15: 'on' is energized, 'later' not contracted yet, 'ended' ended; the rest are due."""
    inventory = load(tmp_path, FLEET_DOC, site("a", power=blocks(), since="2024-01-01"))
    found = pipeline(inventory, D(2025, 6, 15))
    got = [(e.block.id, e.state, e.bucket, e.certain) for e in found.entries]
    assert got == [
        ("now", DueState.DUE_NOW, "2025-Q2", False),  # 2025-06 is around the date: it may be energized
        ("due-q3", DueState.DUE, "2025-Q3", True),
        ("due-h2", DueState.DUE, "2026-H2", True),  # a half spans two quarters: kept as written
        ("maybe-contract", DueState.DUE, "2027", False),  # contracted in 2025-Q2: maybe by 2025-06-15
        ("undated", DueState.UNSCHEDULED, "no date", False),
    ]
    assert found.buckets() == [
        Bucket("2025-Q2", Decimal(0), 5 * MW, 1),
        Bucket("2025-Q3", 20 * MW, Decimal(0), 1),
        Bucket("2026-H2", 30 * MW, Decimal(0), 1),
        Bucket("2027", Decimal(0), 2 * MW, 1),
        Bucket("no date", Decimal(0), 4 * MW, 1),
    ]
    assert found.buckets(("datacenter", "b")) == []


def test_a_block_leaves_the_pipeline_when_energized(tmp_path: Path) -> None:
    inventory = load(tmp_path, FLEET_DOC, site("a", power=blocks()))
    ids = [e.block.id for e in pipeline(inventory, D(2025, 9, 30)).entries]
    assert "due-q3" not in ids
    assert "now" not in ids
    assert "later" in ids


def test_a_past_plan_not_energized_is_slipped_and_listed_first(tmp_path: Path) -> None:
    """planned: 2025-Q1 and no energization by 2025-06-15: slipped; a block re-planned from 2025-Q3 to
    2026-Q1 and expected then is due in 2026-Q1, slipped all the same; one on plan is not."""
    power = [
        {"id": "late", "capacity": "30 MW", "contracted_on": "2024-06", "planned": "2025-Q1"},
        {
            "id": "re-planned",
            "capacity": "20 MW",
            "contracted_on": "2024-06",
            "planned": ["2025-Q3", "2026-Q1"],
            "energized_on": "2026-03",
        },
        {
            "id": "on-plan",
            "capacity": "10 MW",
            "contracted_on": "2024-06",
            "planned": "2025-Q4",
            "energized_on": "2025-11",
        },
    ]
    inventory = load(tmp_path, FLEET_DOC, site("a", power=power, since="2024-01-01"))
    found = pipeline(inventory, D(2025, 6, 15))
    got = [(e.block.id, e.state, e.bucket, e.slipped) for e in found.entries]
    assert got == [
        ("late", DueState.SLIPPED, "slipped", True),
        ("on-plan", DueState.DUE, "2025-Q4", False),
        ("re-planned", DueState.DUE, "2026-Q1", True),
    ]
    # no energized_on: it may be energized all the same (unknown timing is never zero), so uncertain
    assert found.buckets()[0] == Bucket("slipped", Decimal(0), 30 * MW, 1)
    late = found.entries[0]
    assert late.due == parse_date("2025-Q1")
    assert late.energization.slip_days == (D(2025, 6, 15) - D(2025, 3, 31)).days


def test_without_a_plan_a_block_is_never_slipped(tmp_path: Path) -> None:
    inventory = load(tmp_path, FLEET_DOC, site("a", power=blocks(), since="2024-01-01"))
    assert {e.slipped for e in pipeline(inventory, D(2025, 6, 15)).entries} == {None}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2026-08-15", "2026-Q3"),
        ("2026-07", "2026-Q3"),
        ("2026-Q4", "2026-Q4"),
        ("2026-H1", "2026-H1"),
        ("2027", "2027"),
    ],
)
def test_quarter_of(text: str, label: str) -> None:
    assert quarter_of(parse_date(text)) == label
