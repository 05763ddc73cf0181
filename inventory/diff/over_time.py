"""Rollup deltas over time: both sides rolled up at each date of a series, the dates that differ kept.

API (stable; ``diff --from/--to/--every`` or ``--at``):
    over_time(old, new, days, region_renames) -> OverTime
    OverTime: .days (every date compared), .changed (RollupDeltas of the dates whose figures differ)

A change that moves a phase from 2026-Q2 to 2026-Q4 leaves the rollup at the Fleet's as_of alone,
and shows here as the quarters it changes. Each side's dates come from one sweep (rollup/series.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from inventory.check.linking import Inventory
from inventory.diff.checks import RollupDeltas, rollup_deltas
from inventory.rollup.series import series


@dataclass(frozen=True, slots=True)
class OverTime:
    days: tuple[dt.date, ...]
    """Every date compared, ascending."""
    changed: tuple[RollupDeltas, ...]
    """The dates at which the fleet's or a region's figures differ, ascending (old_as_of == new_as_of)."""


def over_time(old: Inventory, new: Inventory, days: Iterable[dt.date], region_renames: Mapping[str, str]) -> OverTime:
    """Both sides at each of ``days``; ``region_renames`` maps a renamed region's new id to its old id."""
    ordered = sorted(set(days))
    changed = []
    for before, after in zip(series(old, ordered), series(new, ordered), strict=True):
        deltas = rollup_deltas(before, after, region_renames)
        if deltas.fleet.metrics or deltas.regions:
            changed.append(deltas)
    return OverTime(tuple(ordered), tuple(changed))
