"""Reconciliation: every Report figure against the rollup of its scope at the Report's own as_of.

API (the engine builds every door's verdict on it; ``engine.check`` adds plausibility):
    reconcile(inventory, *, rollups=None, dated=None) -> list[CheckResult]   one per Report figure
    check_diagnostics(inventory, results, *, mismatch_severity=None, conflict_severity=None)
        -> list[Diagnostic]       figure-mismatch, figure-incomplete (info), mixed-basis, unknown-host,
                                  source checks
    by_basis(scope, figure, total) -> (Measure, finding): see bases.py
    CheckResult: .figure (ReportedFigure: report_id, metric, scope, as_of, file/line/col...), .as_of,
        .bounds, .computed (Measure), .fit, .status, .message, .fit_message, .disagreements,
        .coverage, .related, .across_bases;  Status: ok | mismatch | incomplete | conflict | weak
    RollupCache(inventory).at(day) -> FleetRollup: rollups by date, shared between calls
The source checks (two figures for one scope and date, a count against the names it lists, the same
figures dated differently) live in sources.py; the plausibility checks in plausibility.py.
A figure only weak sources give (``confidence: weak``) decides no check alone: its status is
``weak`` whatever its fit, it is reported as ``weak-figure`` (info) instead of a mismatch or a
conflict, and a disagreement with it alone does not make another figure a conflict.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from inventory.base.diagnostics import Diagnostic, Severity, suggest
from inventory.check.linking import Inventory
from inventory.model.kinds import Figure
from inventory.reconcile.bases import by_basis
from inventory.reconcile.figures import DEFAULT_TOLERANCE, Bounds, ReportedFigure, reported_figures
from inventory.reconcile.sources import CONFLICT_CODES, Disagreement, disagreements
from inventory.rollup.scopes import (
    BASIS_FAMILIES,
    UNKNOWN_SKU,
    FleetRollup,
    Measure,
    ScopeKey,
    ScopeRollup,
    rollup,
    site_country,
)


class Status(enum.StrEnum):
    """How a reported figure compares with the inventory (and with other sources)."""

    OK = "ok"
    """The scope is complete (or the itemized part already suffices) and the figure's qualifier holds."""
    MISMATCH = "mismatch"
    """The inventory contradicts the figure: a complete scope outside it, or itemized already too much."""
    INCOMPLETE = "incomplete"
    """Consistent so far; coverage says how much of the figure is itemized."""
    CONFLICT = "conflict"
    """Sources disagree: another figure for the same scope, metric and date, or the source's own list."""
    WEAK = "weak"
    """Only weak sources give the figure: ``fit`` says what it would be, but it decides no check."""


class RollupCache:
    """Rollups of one inventory by date, computed once each (reconcile re-rolls per Report date)."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self._by_date: dict[dt.date, FleetRollup] = {}

    def at(self, day: dt.date) -> FleetRollup:
        found = self._by_date.get(day)
        if found is None:
            found = self._by_date[day] = rollup(self.inventory, day)
        return found


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One reported figure, reconciled."""

    figure: ReportedFigure
    """The reported figure with its report, metric, scope and location."""
    as_of: dt.date
    """The day the rollup was evaluated at: the last day of the Report's as_of."""
    bounds: Bounds
    """The values the figure allows, by its qualifier and tolerance."""
    computed: Measure
    """What the inventory itemizes for the same scope and metric at ``as_of`` (for ``gpus_by_sku.*``,
    GPUs of unknown SKU join the uncertain part: they may be of this SKU)."""
    fit: Status
    """ok, mismatch or incomplete: the figure against the inventory alone."""
    status: Status
    """``fit``, unless a source disagrees (then conflict) or only weak sources give the figure (weak)."""
    message: str
    """One sentence explaining the status."""
    fit_message: str
    """One sentence explaining ``fit``."""
    disagreements: tuple[Disagreement, ...] = ()
    """Other figures (or the figure's own list of names) that disagree with it."""
    across_bases: str | None = None
    """Why the figure was reconciled with power of another basis (mixed-basis), when it was."""

    @property
    def report_id(self) -> str:
        return self.figure.report_id

    @property
    def metric(self) -> str:
        return self.figure.metric

    @property
    def scope(self) -> ScopeKey:
        return self.figure.scope

    @property
    def reported(self) -> Figure:
        return self.figure.figure

    @property
    def file(self) -> str:
        return self.figure.file

    @property
    def line(self) -> int:
        return self.figure.line

    @property
    def col(self) -> int:
        return self.figure.col

    @property
    def coverage(self) -> Decimal | None:
        """Itemized / reported, or None when the reported value is zero."""
        value = self.figure.value
        return self.computed.itemized / value if value else None

    @property
    def related(self) -> tuple[tuple[str, int, int], ...]:
        """Locations of the other figures that disagree with this one (a conflict's other figure)."""
        return tuple((o.file, o.line, o.col) for d in self.disagreements for o in d.others)


def fit(measure: Measure, bounds: Bounds) -> Status:
    """ok, mismatch or incomplete for an itemized measure against the values a figure allows.

    The true value lies in [itemized, itemized + uncertain] for a complete scope and in
    [itemized, unbounded) otherwise: disjoint from the figure is a mismatch, inside it is ok.
    """
    high = measure.high
    if bounds.below(measure.itemized) or (high is not None and bounds.above(high)):
        return Status.MISMATCH
    if high is not None and bounds.admits(measure.itemized) and bounds.admits(high):
        return Status.OK
    if high is None and bounds.high is None and bounds.admits(measure.itemized):
        return Status.OK
    return Status.INCOMPLETE


def _percent(fraction: Decimal | None) -> str:
    return "n/a" if fraction is None else f"{fraction * 100:.0f}%"


def explain(
    status: Status, figure: ReportedFigure, measure: Measure, tolerance: Decimal, *, unknown: str = "dates"
) -> str:
    """One sentence saying why a figure got its (fit) status (``unknown``: what makes the uncertain part)."""
    wanted = figure.describe(tolerance)
    itemized = figure.amount(measure.itemized)
    more = (
        f" (and up to {figure.amount(measure.uncertain)} more whose {unknown} are unknown)" if measure.uncertain else ""
    )
    value = figure.value
    cover = _percent(measure.itemized / value if value else None)
    if status is Status.OK:
        if measure.complete:
            return f"the scope is complete and itemizes {itemized}{more}, which satisfies {wanted}"
        return f"{itemized} itemized already satisfies {wanted}"
    if status is Status.MISMATCH:
        if figure.bounds(tolerance).below(measure.itemized):
            return f"{itemized} is already itemized, more than {wanted} allows"
        return f"the scope is complete and itemizes only {itemized}{more}, short of {wanted}"
    if measure.complete:
        return f"the scope is complete and itemizes {itemized}{more}: unknown {unknown} leave {wanted} open"
    return f"{itemized} itemized so far{more}, {cover} of {wanted}; the scope is not complete"


def reconcile(
    inventory: Inventory, *, rollups: RollupCache | None = None, dated: dt.date | None = None
) -> list[CheckResult]:
    """Every Report figure compared with the rollup of its scope at the Report's own as_of.

    The rollup date is the last day of the Report's as_of (``2025-07`` is rolled up at 2025-07-31).
    A Report whose scope names an undefined region or data center is left out (validation has
    already reported it); a host no data center names is an empty scope.

    Args:
        inventory: the linked inventory.
        rollups: a cache to share with other callers (the TUI keeps one per loaded inventory).
        dated: only the figures of Reports whose as_of ends on this day (the source checks still
            weigh every figure).

    Returns:
        One CheckResult per reported figure, in inventory order.
    """
    cache = rollups or RollupCache(inventory)
    tolerance = _tolerance(inventory)
    figures = [f for f in reported_figures(inventory) if _scope_known(inventory, f.scope)]
    found = disagreements(inventory, figures, tolerance)
    results: list[CheckResult] = []
    for figure, own in zip(figures, found, strict=True):
        day = figure.as_of.last
        if dated is not None and day != dated:
            continue
        scope = _scope_rollup(cache.at(day), figure.scope)
        measure = scope.measure(figure.metric) if scope is not None else _empty(inventory, figure)
        unknown = "dates or bounds" if scope is not None and figure.metric in scope.bounded else "dates"
        across = None
        if scope is not None and figure.metric in BASIS_FAMILIES:
            measure, across = by_basis(scope, figure, measure)
            if across and figure.basis is not None:
                unknown = unknown.replace(" or ", ", ") + " or basis" if " or " in unknown else "dates or basis"
        if scope is not None and figure.metric.startswith("gpus_by_sku."):
            # GPUs whose SKU the sources do not give may be of this SKU too: they widen what may count
            other = scope.measure(f"gpus_by_sku.{UNKNOWN_SKU}")
            if other.itemized or other.uncertain:
                widened = measure.uncertain + other.itemized + other.uncertain
                unbounded = measure.unbounded or other.unbounded
                measure = Measure(
                    measure.metric, measure.itemized, widened, measure.complete, measure.is_power, unbounded
                )
                unknown = "dates or SKU" if unknown == "dates" else "dates, bounds or SKU"
        bounds = figure.bounds(tolerance)
        status = fit(measure, bounds)
        fit_message = explain(status, figure, measure, tolerance, unknown=unknown)
        if figure.weak:
            final, message = Status.WEAK, _weak_message(status, fit_message, own)
        else:
            # a disagreement only weak figures take part in decides nothing about this one
            own = tuple(d for d in own if not (d.others and all(o.weak for o in d.others)))
            conflicts = [d for d in own if d.code in CONFLICT_CODES]
            final, message = (Status.CONFLICT, conflicts[0].message) if conflicts else (status, fit_message)
        results.append(CheckResult(figure, day, bounds, measure, status, final, message, fit_message, own, across))
    return results


def _weak_message(fit_status: Status, fit_message: str, own: Iterable[Disagreement]) -> str:
    """Why a weak figure decides nothing, with what it would have said (its fit, its disagreements)."""
    text = f"only weak sources give it, so it decides no check; alone it would be {fit_status.value}: {fit_message}"
    return text + "".join(f"; and {d.message}" for d in own)


def _scope_rollup(fleet_rollup: FleetRollup, key: ScopeKey) -> ScopeRollup | None:
    """The rollup of a Report's scope; None for a host or countries no data center has (an empty scope)."""
    kind, name = key
    if kind == "host":
        return fleet_rollup.hosts.get(name)
    if kind == "country":
        return fleet_rollup.countries.get(name)
    return fleet_rollup.scope(key)


def _scope_known(inventory: Inventory, key: ScopeKey) -> bool:
    kind, name = key
    if kind == "region":
        return name in inventory.regions
    if kind == "datacenter":
        return name in inventory.datacenters
    return True


def _empty(inventory: Inventory, figure: ReportedFigure) -> Measure:
    fleet = inventory.fleet
    complete = fleet is not None and any(s.key in {figure.scope, ("fleet", "")} for s in fleet.complete_scopes)
    return Measure(figure.metric, Decimal(0), Decimal(0), complete, figure.is_power)


def _tolerance(inventory: Inventory) -> Decimal:
    fleet = inventory.fleet
    return fleet.reconcile.tolerance_fraction if fleet is not None else DEFAULT_TOLERANCE


def _severity(explicit: Severity | str | None, setting: str | None) -> Severity:
    if explicit is not None:
        return Severity(explicit)
    return Severity(setting or "error")


def check_diagnostics(
    inventory: Inventory,
    results: Iterable[CheckResult],
    *,
    mismatch_severity: Severity | str | None = None,
    conflict_severity: Severity | str | None = None,
) -> list[Diagnostic]:
    """Diagnostics for reconciled figures: mismatches, conflicts (once a pair) and incomplete coverage.

    Args:
        inventory: the inventory the results came from (for its Fleet settings and locations).
        results: what ``reconcile`` returned.
        mismatch_severity: error or warning for ``figure-mismatch``; default the Fleet's
            ``reconcile.mismatches`` (error).
        conflict_severity: error or warning for the source checks; default the Fleet's
            ``reconcile.conflicts`` (error).

    Returns:
        figure-mismatch, unknown-host, the source checks' codes, and figure-incomplete and
        weak-figure at severity info.
    """
    settings = inventory.fleet.reconcile if inventory.fleet is not None else None
    mismatch = _severity(mismatch_severity, settings.mismatches if settings else None)
    conflict = _severity(conflict_severity, settings.conflicts if settings else None)
    out = _unknown_hosts(inventory)
    seen: set[tuple[str, ...]] = set()
    for result in results:
        f = result.figure
        text = f"{f.report_id} {f.metric}: {result.fit_message}"
        if result.status is Status.WEAK:
            places: list[tuple[str, int | None, int | None]] = [
                (o.file, o.line, o.col) for d in result.disagreements for o in d.others
            ]
            places += [p for d in result.disagreements if not d.others for p in d.related]  # its own list of names
            related = tuple(dict.fromkeys(places))
            message = f"{f.report_id} {f.metric}: {result.message}"
            out.append(Diagnostic(f.file, f.line, f.col, "weak-figure", Severity.INFO, message, f.path, related))
            continue
        if result.fit is Status.MISMATCH:
            out.append(Diagnostic(f.file, f.line, f.col, "figure-mismatch", mismatch, text, f.path))
        elif result.fit is Status.INCOMPLETE:
            out.append(Diagnostic(f.file, f.line, f.col, "figure-incomplete", Severity.INFO, text, f.path))
        if result.across_bases is not None:
            out.append(Diagnostic(f.file, f.line, f.col, "mixed-basis", Severity.WARNING, result.across_bases, f.path))
        for d in result.disagreements:
            if d.key not in seen:
                seen.add(d.key)
                out.append(Diagnostic(d.file, d.line, d.col, d.code, conflict, d.message, d.path, d.related))
    return out


def _unknown_hosts(inventory: Inventory) -> list[Diagnostic]:
    """A report scoped to a host that no data center names: a typo would leave it silently empty.
    Likewise a country scope none of whose countries holds a data center or a region (a warning:
    the inventory may simply have no site there yet)."""
    hosts = {dc.host for dc in inventory.datacenters.values() if dc.host is not None}
    countries = {c for dc in inventory.datacenters.values() if (c := site_country(dc, inventory)) is not None}
    countries |= {r.country for r in inventory.regions.values()}
    out = []
    for report_id, report in inventory.reports.items():
        host = report.scope.host
        origin = inventory.origin("Report", report_id)
        if origin is None:
            continue
        named = report.scope.countries
        if named and not set(named) & countries:
            hint = "".join(f" ({c} is not ISO 3166: {_NOT_ISO[c]})" for c in named if c in _NOT_ISO)
            hint = hint or suggest(named[0], sorted(countries)) if len(named) == 1 else hint
            message = f"no data center or region is in {', '.join(named)}{hint}: the scope is empty"
            out.append(origin.diagnostic("unknown-country", message, ("scope", "country"), severity=Severity.WARNING))
        if host is None or host in hosts:
            continue
        message = f"no data center has host {host!r}{suggest(host, sorted(hosts))}: the scope is empty"
        out.append(origin.diagnostic("unknown-host", message, ("scope", "host")))
    return out


_NOT_ISO = {"UK": "the United Kingdom is GB", "EL": "Greece is GR", "EU": "list the countries"}
"""Two-letter codes that look like countries and are not ISO 3166 alpha-2 codes."""
