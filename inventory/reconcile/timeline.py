"""The fleet over time with its reported figures: the headless API of ``rollup --from/--at``, ``chart``
and the TUI's timeline view.

API (stable):
    timeline(inventory, days, *, checks=(), span=None) -> Timeline
    Timeline: .days, .rollups (one FleetRollup a day), .checks (CheckResults dated in the span),
        .at(day) -> FleetRollup, .scope(key) -> list[ScopeRollup] (one a day)
    series_days(start, end, every) -> list[date]    the days of ``--from --to --every``
    scope_series(timeline, key, metrics=CHART_METRICS) -> ScopeSeries   one scope's lines (itemized and
        uncertain a day) and its reported figures as markers: what ``chart`` draws and the TUI can too

Every rollup comes from one sweep (rollup/series.py); the figures are the engine's check results
(``Verdict.checks``), taken as they are, each at its own date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from inventory.check.linking import Inventory
from inventory.reconcile.checks import CheckResult
from inventory.rollup.scopes import FleetRollup, ScopeKey, ScopeRollup
from inventory.rollup.series import period_ends, series

MAX_DAYS = 2000
"""A series longer than this is refused (a month step over centuries is a typo, not a question)."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """Rollups at each day of a series, and the reported figures dated within it."""

    days: tuple[dt.date, ...]
    """Ascending, each once."""
    rollups: tuple[FleetRollup, ...]
    """One per day, in the same order: equal to ``rollup(inventory, day)``."""
    checks: tuple[CheckResult, ...]
    """Every reported figure whose date is in the span, reconciled at its own date, by date then inventory order."""
    span: tuple[dt.date, dt.date] | None
    """The days figures were taken from (first, last), or None: only figures dated on one of ``days``."""

    def at(self, day: dt.date) -> FleetRollup:
        """The rollup of one of the series' days.

        Raises:
            KeyError: ``day`` is not one of ``days``.
        """
        for rolled in self.rollups:
            if rolled.as_of == day:
                return rolled
        raise KeyError(day)

    def scope(self, key: ScopeKey) -> list[ScopeRollup]:
        """One scope over time (one ScopeRollup a day; an empty scope where a host has no site yet).

        Raises:
            KeyError: no such region or data center.
        """
        out = []
        for rolled in self.rollups:
            if key[0] == "host" and key[1] not in rolled.hosts:
                raise KeyError(key)
            out.append(rolled.scope(key))
        return out


def series_days(start: dt.date, end: dt.date, every: str) -> list[dt.date]:
    """The last day of every period (month, quarter, half, year) ending from ``start`` to ``end``.

    Raises:
        ValueError: an unknown step, an empty series, or one of more than MAX_DAYS days.
    """
    if end < start:
        raise ValueError(f"the series ends ({end}) before it starts ({start})")
    days = period_ends(start, end, every)
    if not days:
        raise ValueError(f"no {every} ends between {start} and {end}; widen the span or step by a shorter period")
    if len(days) > MAX_DAYS:
        raise ValueError(f"{len(days):,} dates is more than a series holds ({MAX_DAYS:,}); step by a longer period")
    return days


def timeline(
    inventory: Inventory,
    days: Iterable[dt.date],
    *,
    checks: Iterable[CheckResult] = (),
    span: tuple[dt.date, dt.date] | None = None,
) -> Timeline:
    """The inventory at each of ``days``, with the reported figures dated in ``span``.

    Args:
        inventory: a linked inventory.
        days: the dates of the series (any order; each kept once).
        checks: the reconciled figures (the engine's ``Verdict.checks``; empty when it skipped them).
        span: keep every figure dated from ``span[0]`` to ``span[1]``; by default only the figures
            dated on one of ``days`` (as ``rollup --as-of`` shows those of its day).
    """
    ordered = sorted(set(days))
    wanted = set(ordered)
    kept = [c for c in checks if (span[0] <= c.as_of <= span[1] if span is not None else c.as_of in wanted)]
    kept.sort(key=lambda c: c.as_of)  # stable: inventory order within a day
    return Timeline(tuple(ordered), tuple(series(inventory, ordered)), tuple(kept), span)


CHART_METRICS = ("active_power", "contracted_power", "gpus")
"""What a chart shows by default: power in watts, GPUs as a count."""


@dataclass(frozen=True, slots=True)
class Point:
    """One metric of a scope at one day of the series: certain, and what may add to it (dates unknown)."""

    day: dt.date
    itemized: Decimal
    uncertain: Decimal


@dataclass(frozen=True, slots=True)
class Marker:
    """A reported figure of the scope at the date it describes."""

    day: dt.date
    metric: str
    value: Decimal
    qualifier: str
    """exact, approximately, more-than, at-least, up-to, less-than (Qualifier values)."""
    low: Decimal
    high: Decimal | None
    """The values the figure allows (a ``~`` figure's tolerance; None: no upper bound)."""
    status: str
    """ok, mismatch, incomplete, conflict (Status values)."""
    text: str
    """The figure as written (``~420 MW``)."""
    report_id: str


@dataclass(frozen=True, slots=True)
class ScopeSeries:
    """One scope over the series: a line a metric, and the reported figures of those metrics."""

    key: ScopeKey
    complete: bool
    """The scope is complete: the truth lies between itemized and itemized + uncertain (else above itemized)."""
    lines: dict[str, list[Point]]
    markers: list[Marker]


def scope_series(timeline: Timeline, key: ScopeKey, metrics: tuple[str, ...] = CHART_METRICS) -> ScopeSeries:
    """The lines and markers of one scope (fleet, region, data center, host) for a chart or a timeline view.

    Raises:
        KeyError: no such scope in the inventory.
    """
    scopes = timeline.scope(key)
    lines: dict[str, list[Point]] = {}
    for metric in metrics:
        lines[metric] = []
        for s in scopes:
            m = s.measure(metric)
            lines[metric].append(Point(s.as_of, m.itemized, m.uncertain))
    markers = [
        Marker(
            c.as_of,
            c.metric,
            c.figure.value,
            c.reported.qualifier.value,
            c.bounds.low,
            c.bounds.high,
            c.status.value,
            c.figure.text,
            c.report_id,
        )
        for c in timeline.checks
        if c.scope == key and c.metric in metrics
    ]
    complete = bool(scopes) and scopes[0].complete
    return ScopeSeries(key, complete, lines, markers)


def default_span(inventory: Inventory) -> tuple[dt.date, dt.date] | None:
    """The span a chart shows when none is asked: from the earliest Report (or three years before
    the end) to the Fleet's as_of; None without a Fleet (no date to end at)."""
    if inventory.fleet is None:
        return None
    end = inventory.fleet.as_of.last
    starts = [r.as_of.first for r in inventory.reports.values() if r.as_of.first != dt.date.min]
    start = min(starts) if starts else end.replace(year=end.year - 3)
    return min(start, end), end
