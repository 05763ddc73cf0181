"""The pipeline: which blocks are contracted and not yet energized, when they are due, what slipped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from inventory.model.kinds import PowerAllocation
from inventory.model.units import parse_date
from inventory.rollup import pipeline as pipeline_module
from inventory.rollup.pipeline import Bucket, DueState, Schedule, pipeline, quarter_of, schedule
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


def test_the_plan_is_an_energization_date_still_ahead() -> None:
    block = PowerAllocation.model_validate({"id": "x", "capacity": "1 MW", "energized_on": "2026-Q1"})
    assert schedule(block, D(2025, 12, 31)) == Schedule(parse_date("2026-Q1"), None)
    assert schedule(block, D(2026, 3, 31)) == Schedule(None, parse_date("2026-Q1"))


def test_a_past_plan_not_energized_is_slipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The seam: once a block records its plan beside energized_on, schedule() reads it; a plan
    that is past while the block is not energized is slipped, and listed first."""
    inventory = load(tmp_path, FLEET_DOC, site("a", power=blocks(), since="2024-01-01"))

    def planned_earlier(block: PowerAllocation, as_of: dt.date) -> Schedule:
        if block.id == "due-h2":
            return Schedule(parse_date("2025-Q1"), None)
        return schedule(block, as_of)

    monkeypatch.setattr(pipeline_module, "schedule", planned_earlier)
    found = pipeline(inventory, D(2025, 6, 15))
    first = found.entries[0]
    assert (first.block.id, first.state, first.bucket) == ("due-h2", DueState.SLIPPED, "slipped")
    assert found.buckets()[0] == Bucket("slipped", 30 * MW, Decimal(0), 1)


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
