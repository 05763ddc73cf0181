"""The fleet over time: rollups at many dates from one sweep over the lifecycle's events.

API (stable; the rollup, chart and diff commands and the TUI's timeline build on it):
    series(inventory, days) -> list[FleetRollup]     one per day, ascending; equal to rollup(inventory, day)
    period_ends(first, last, every) -> list[date]    the last day of each month/quarter/half/year in a span
    breakpoints(*entities) -> set[date]              the days an entity's state may change on
    EVERY: the periods a series can step by

How: every rule of lifecycle.py compares a day with the first or last day of an entity's partial
dates, so an entity's state is constant between those days. Each entity (a site, a power block, a
GPU deployment) is evaluated with the same ``add_*`` functions ``rollup`` uses, at the first day of
the series and then only at the first day after each of its breakpoints; what changed is kept as a
delta on that day. Summing the deltas day by day gives each site's sums, and ``assemble`` (again
rollup's own) makes every scope of the day. The cost is one evaluation per entity plus one per
change, plus sites x days for the sums: not entities x days.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from pydantic import BaseModel

from inventory.check.linking import Inventory
from inventory.model.kinds import DataCenter, GpuDeployment, PowerAllocation
from inventory.model.units import PartialDate
from inventory.rollup.scopes import (
    FleetRollup,
    Presence,
    Tally,
    add_block,
    add_deployment,
    add_site,
    assemble,
    tolerance_of,
)

EVERY = ("month", "quarter", "half", "year")
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
ONE_DAY = dt.timedelta(days=1)
ZERO = Decimal(0)

Delta = dict[tuple[str, str], list[Decimal]]
"""(Tally slot, metric) -> [amount, contributors], as changes on a date or as running sums."""


def period_ends(first: dt.date, last: dt.date, every: str) -> list[dt.date]:
    """The last day of every ``every`` (month, quarter, half, year) that ends between ``first`` and ``last``.

    Raises:
        ValueError: ``every`` is not one of EVERY.
    """
    step = _MONTHS.get(every)
    if step is None:
        raise ValueError(f"--every must be one of {', '.join(EVERY)}, got {every!r}")
    month = (first.month - 1) // step * step + step  # the last month of the period holding ``first``
    year = first.year
    out: list[dt.date] = []
    while True:
        end = _month_end(year, month)
        if end > last:
            return out
        if end >= first:
            out.append(end)
        month += step
        if month > 12:
            year, month = year + 1, month - 12


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - ONE_DAY


def breakpoints(*entities: BaseModel | None) -> set[dt.date]:
    """Every day on which the state of an entity with these dated fields may change.

    The first and last day of each partial date the entities hold, and the day after each (so a
    rule that compares with ``<`` rather than ``<=`` is covered too). Fields are found by type, so a
    date the format gains later (a planned energization) is a breakpoint without a change here.
    """
    out: set[dt.date] = set()
    for entity in entities:
        for value in _dates_of(entity):
            out.update(_days(value))
    return out


def _dates_of(entity: BaseModel | None) -> list[PartialDate]:
    if entity is None:
        return []
    fields = _DATE_FIELDS.get(type(entity))
    if fields is None:
        fields = _DATE_FIELDS[type(entity)] = tuple(
            name for name, info in type(entity).model_fields.items() if "PartialDate" in repr(info.annotation)
        )
    return [v for v in (getattr(entity, name) for name in fields) if isinstance(v, PartialDate)]


_DATE_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {}
"""A model's fields that may hold a partial date (found once a class from their annotations)."""


def _days(value: PartialDate) -> tuple[dt.date, ...]:
    days = (value.first, value.last)
    return days + tuple(d + ONE_DAY for d in days if d < dt.date.max)


class _Indices:
    """Which days of the series an entity must be evaluated on: the first, and the first after each breakpoint."""

    def __init__(self, days: Sequence[dt.date]) -> None:
        self.days = days
        self._of: dict[PartialDate, frozenset[int]] = {}

    def of(self, value: PartialDate) -> frozenset[int]:
        found = self._of.get(value)
        if found is None:
            n = len(self.days)
            ks = (bisect.bisect_left(self.days, day) for day in _days(value))
            found = self._of[value] = frozenset(k for k in ks if 0 < k < n)
        return found

    def for_entity(self, entity: BaseModel, base: frozenset[int]) -> list[int]:
        found = set(base)
        for value in _dates_of(entity):
            found |= self.of(value)
        return sorted(found)


_STATIC = frozenset({"region_ids"})
"""Tally slots that do not change with the date (assemble fills them)."""


def _slots() -> tuple[str, ...]:
    """The Tally's changing parts, read from the class: a slot added to it (a set of metrics without an
    upper bound, say) is swept like the others with no change here."""
    return tuple(name for name in Tally.__slots__ if name not in _STATIC)


SLOTS = _slots()


def _same(before: Tally, after: Tally) -> bool:
    return all(getattr(before, slot) == getattr(after, slot) for slot in SLOTS)


def _record(deltas: dict[int, Delta], index: int, before: Tally | None, after: Tally) -> None:
    """Add ``after - before`` to the delta of ``index``: each (slot, metric)'s amount and whether it is there.

    A dict slot holds amounts by metric, a set slot metrics alone (amount 0); a metric counts as long
    as one entity puts it there, so a key with a zero amount survives as it does in ``rollup``.
    """
    if before is not None and _same(before, after):
        return
    delta = deltas.setdefault(index, {})
    for slot in SLOTS:
        if before is not None:
            _add(delta, slot, getattr(before, slot), -1)
        _add(delta, slot, getattr(after, slot), 1)


def _add(delta: Delta, slot: str, part: dict[str, Decimal] | set[str], sign: int) -> None:
    items = part.items() if isinstance(part, dict) else ((metric, ZERO) for metric in part)
    for metric, amount in items:
        entry = delta.get((slot, metric))
        if entry is None:
            entry = delta[(slot, metric)] = [ZERO, ZERO]
        if sign > 0:
            entry[0] += amount
            entry[1] += 1
        else:
            entry[0] -= amount
            entry[1] -= 1


def _tally_of(sums: Delta) -> Tally:
    """A Tally from the running sums of one site: every (slot, metric) some entity still puts there."""
    tally = Tally()
    for (slot, metric), (amount, contributors) in sums.items():
        if contributors:
            part = getattr(tally, slot)
            if isinstance(part, dict):
                part[metric] = amount
            else:
                part.add(metric)
    return tally


def _sweep_site(
    dc: DataCenter, inventory: Inventory, indices: _Indices
) -> tuple[dict[int, Delta], dict[int, Presence]]:
    """The deltas of one site's sums by day index, and its presence on each day it changes."""
    days = indices.days
    deltas: dict[int, Delta] = {}
    states: dict[int, Presence] = {}
    skus = inventory.skus
    tolerance = tolerance_of(inventory)
    base = frozenset({0}).union(*(indices.of(v) for v in _dates_of(dc)))

    def evaluate(ks: Iterable[int], fill: Callable[[Tally, dt.date], None]) -> None:
        before: Tally | None = None
        for k in ks:
            tally = Tally()
            fill(tally, days[k])
            _record(deltas, k, before, tally)
            before = tally

    def block_at(block: PowerAllocation) -> Callable[[Tally, dt.date], None]:
        return lambda tally, day: add_block(tally, block, dc, day, tolerance)

    def deployment_at(deployment: GpuDeployment) -> Callable[[Tally, dt.date], None]:
        return lambda tally, day: add_deployment(tally, deployment, dc, skus, day, tolerance)

    site_ks = set(base)
    if dc.since is None:  # its presence follows its blocks and deployments
        for part in (*dc.power, *dc.gpus):
            site_ks.update(indices.for_entity(part, base))
    site_before: Tally | None = None
    last_state: Presence | None = None
    for k in sorted(site_ks):
        tally = Tally()
        state = add_site(tally, dc, days[k])
        _record(deltas, k, site_before, tally)
        if state is not last_state:
            states[k] = last_state = state
        site_before = tally
    for block in dc.power:
        evaluate(indices.for_entity(block, base), block_at(block))
    for deployment in dc.gpus:
        evaluate(indices.for_entity(deployment, base), deployment_at(deployment))
    return deltas, states


def series(inventory: Inventory, days: Iterable[dt.date]) -> list[FleetRollup]:
    """The inventory rolled up at each of ``days`` (sorted, each once): ``rollup(inventory, day)`` for each.

    Args:
        inventory: a linked inventory.
        days: the dates to roll up at, in any order (duplicates are dropped).

    Returns:
        One FleetRollup per distinct day, ascending.
    """
    ordered = sorted(set(days))
    if not ordered:
        return []
    indices = _Indices(ordered)
    sweeps = {dc_id: _sweep_site(dc, inventory, indices) for dc_id, dc in inventory.datacenters.items()}
    running: dict[str, Delta] = {dc_id: {} for dc_id in sweeps}
    presence: dict[str, Presence] = {}
    out: list[FleetRollup] = []
    for k, day in enumerate(ordered):
        tallies: dict[str, Tally] = {}
        for dc_id, (deltas, states) in sweeps.items():
            sums = running[dc_id]
            for key, (amount, contributors) in deltas.get(k, {}).items():
                entry = sums.setdefault(key, [ZERO, ZERO])
                entry[0] += amount
                entry[1] += contributors
            if k in states:
                presence[dc_id] = states[k]
            tallies[dc_id] = _tally_of(sums)
        out.append(assemble(inventory, day, tallies, presence))
    return out
