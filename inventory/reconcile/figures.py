"""Reported figures as data: where each Report figure is, and the values its qualifier allows.

API:
    reported_figures(inventory) -> list[ReportedFigure]     every Report figure, with its location
    Bounds.of(value, qualifier, tolerance) -> Bounds         ``~420 MW`` -> [399 MW, 441 MW] at 5 %
    ReportedFigure.bounds(default_tolerance), .text, .describe(), .where, .weak (only weak sources give it)
    same_date(a, b) -> bool                                   two as_of dates that mean the same day
Shared by reconcile and plausibility; pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from inventory.base.text import location
from inventory.check.linking import Inventory
from inventory.model.kinds import CountFigure, Figure, PowerFigure, Report
from inventory.model.units import PartialDate, Qualifier
from inventory.rollup.scopes import PURPOSES, ScopeKey, format_amount

DEFAULT_TOLERANCE = Decimal("0.05")
"""How far an approximate (~) figure may be off: 5 %, unless the Fleet or the figure says otherwise."""
SAME_DATE_SPAN = 31
"""Two overlapping as_of dates mean the same day when neither spans more than this many days."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The values a qualified figure allows: from ``low`` to ``high`` (None: no upper bound)."""

    low: Decimal
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def of(cls, value: Decimal, qualifier: Qualifier, tolerance: Decimal) -> Bounds:
        """The allowed values of ``value`` under ``qualifier`` (``tolerance`` applies to ``~``)."""
        if qualifier is Qualifier.APPROXIMATELY:
            return cls(max(value * (1 - tolerance), Decimal(0)), value * (1 + tolerance))  # nothing is below 0
        if qualifier is Qualifier.MORE_THAN:
            return cls(value, None, low_open=True)
        if qualifier is Qualifier.AT_LEAST:
            return cls(value, None)
        if qualifier is Qualifier.UP_TO:
            return cls(Decimal(0), value)
        if qualifier is Qualifier.LESS_THAN:
            return cls(Decimal(0), value, high_open=True)
        return cls(value, value)

    def admits(self, x: Decimal) -> bool:
        above = x > self.low if self.low_open else x >= self.low
        below = self.high is None or (x < self.high if self.high_open else x <= self.high)
        return above and below

    def below(self, x: Decimal) -> bool:
        """True when every allowed value is less than ``x`` (x is too much)."""
        return self.high is not None and (x >= self.high if self.high_open else x > self.high)

    def above(self, x: Decimal) -> bool:
        """True when every allowed value is more than ``x`` (x is too little)."""
        return x <= self.low if self.low_open else x < self.low

    def intersects(self, other: Bounds) -> bool:
        """True when one value satisfies both."""
        if self.high is not None and (
            other.low > self.high or (other.low == self.high and (other.low_open or self.high_open))
        ):
            return False
        return not (
            other.high is not None
            and (self.low > other.high or (self.low == other.high and (self.low_open or other.high_open)))
        )


@dataclass(frozen=True, slots=True)
class ReportedFigure:
    """One figure of one Report, with what it means and where it is written."""

    report_id: str
    source: str
    metric: str
    """The rollup metric it reports: ``active_power``, ``gpus_by_sku.h200``, ``regions.general``..."""
    scope: ScopeKey
    as_of: PartialDate
    """The Report's as_of."""
    stated_as_of: str | None
    figure: Figure
    file: str
    line: int
    col: int
    path: tuple[str | int, ...]
    """Data path of the figure inside its document."""
    weak: bool = False
    """Only weak sources give it (every Source it cites, the Report's included, is ``confidence: weak``)."""
    basis: str | None = None
    """What a power figure measures (critical-it, gross): its own ``basis``, else its Report's; None: unstated."""

    @property
    def is_power(self) -> bool:
        return isinstance(self.figure, PowerFigure)

    @property
    def value(self) -> Decimal:
        """Watts for power figures, the count otherwise."""
        if isinstance(self.figure, PowerFigure):
            return self.figure.value.watts
        assert isinstance(self.figure, CountFigure)
        return Decimal(self.figure.value)

    @property
    def where(self) -> str:
        return location(self.file, self.line)

    def bounds(self, default_tolerance: Decimal = DEFAULT_TOLERANCE) -> Bounds:
        tolerance = self.figure.tolerance_fraction
        return Bounds.of(self.value, self.figure.qualifier, default_tolerance if tolerance is None else tolerance)

    @property
    def text(self) -> str:
        """The figure as written, in a readable unit: ``~420 MW``, ``>250,000``."""
        return f"{self.figure.qualifier.symbol}{format_amount(self.value, is_power=self.is_power)}"

    def describe(self, default_tolerance: Decimal = DEFAULT_TOLERANCE) -> str:
        """``~420 MW (399 MW to 441 MW)``: the figure as written, and its range when it has one."""
        text = self.text
        if self.figure.qualifier is Qualifier.APPROXIMATELY:
            b = self.bounds(default_tolerance)
            assert b.high is not None
            text += f" ({self.amount(b.low)} to {self.amount(b.high)})"
        return text

    def amount(self, value: Decimal) -> str:
        return format_amount(value, is_power=self.is_power)


def _figure_paths(report: Report) -> Iterator[tuple[str, tuple[str, ...], Figure]]:
    """(metric, path below ``figures``, figure) for every figure the report gives, in field order."""
    f = report.figures
    for name in ("data_centers", "active_power", "contracted_power"):
        figure = getattr(f, name)
        if figure is not None:
            yield name, (name,), figure
    if f.power_by_purpose is not None:
        for purpose in PURPOSES:
            figure = getattr(f.power_by_purpose, purpose.replace("-", "_"))
            if figure is not None:
                yield f"power_by_purpose.{purpose}", ("power_by_purpose", purpose), figure
    if f.gpus is not None:
        yield "gpus", ("gpus",), f.gpus
    for sku, figure in f.gpus_by_sku.items():
        yield f"gpus_by_sku.{sku}", ("gpus_by_sku", sku), figure
    if f.regions is not None:
        for availability in ("general", "dedicated", "total"):
            figure = getattr(f.regions, availability)
            if figure is not None:
                yield f"regions.{availability}", ("regions", availability), figure


def reported_figures(inventory: Inventory) -> list[ReportedFigure]:
    """Every figure of every Report, in inventory order, each with its file:line:col."""
    out: list[ReportedFigure] = []
    for report_id, report in inventory.reports.items():
        origin = inventory.origin("Report", report_id)
        for metric, sub, figure in _figure_paths(report):
            path = ("figures", *sub)
            # the number itself: the scalar of a shorthand figure, the ``value:`` of a mapping one
            line, col = origin.locate((*path, "value")) if origin is not None else (0, 0)
            out.append(
                ReportedFigure(
                    report_id,
                    report.source,
                    metric,
                    report.scope.key,
                    report.as_of,
                    report.stated_as_of,
                    figure,
                    origin.file if origin is not None else "",
                    line,
                    col,
                    (*(origin.path if origin else ()), *path),
                    _weak(inventory, [report.source, *report.sources, *figure.sources]),
                    (getattr(figure, "basis", None) or report.basis) if isinstance(figure, PowerFigure) else None,
                )
            )
    return out


def _weak(inventory: Inventory, source_ids: list[str]) -> bool:
    """True when the sources defined among ``source_ids`` are all rated weak (and there is one)."""
    known = [inventory.sources[s] for s in dict.fromkeys(source_ids) if s in inventory.sources]
    return bool(known) and all(s.confidence == "weak" for s in known)


def same_date(a: PartialDate, b: PartialDate) -> bool:
    """Do two as_of dates mean the same day? Equal spans do; so do overlapping spans of a month or less.

    ``2025-07`` and ``2025-07-09`` are the same date; ``2025`` and ``2025-03-31`` are not (a year
    says too little to pit one against the other).
    """
    if (a.first, a.last) == (b.first, b.last):
        return True
    short = all((d.last - d.first) < dt.timedelta(days=SAME_DATE_SPAN) for d in (a, b))
    return short and a.first <= b.last and b.first <= a.last
