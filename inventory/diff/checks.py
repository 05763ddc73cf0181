"""What a change does to the fleet's figures and checks: rollup deltas and check transitions.

Rollup deltas compare the fleet and each region (renamed regions matched to their old id) on the
figures a reviewer reads: data centers, active and contracted power, GPUs in total and by SKU, and
the GPUs' estimated draw. Check transitions compare each Report figure's reconciliation status and
every other diagnostic (matched by code and message, positions aside) between the two sides. Pure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.reconcile.checks import CheckResult, Status
from inventory.reconcile.sources import CONFLICT_CODES
from inventory.rollup.scopes import FLEET, UNKNOWN_SKU, FleetRollup, ScopeKey, ScopeRollup, format_amount

SCOPE_METRICS = ("data_centers", "active_power", "contracted_power", "gpus", "gpu_draw")
"""The rollup figures compared, besides ``gpus_by_sku.<sku>`` (listed after ``gpus``)."""
METRIC_LABELS = {
    "data_centers": "data centers",
    "active_power": "active power",
    "contracted_power": "contracted power",
    "gpus": "GPUs",
    "gpu_draw": "estimated GPU draw",
}
FAILING = frozenset((Status.MISMATCH, Status.CONFLICT))
"""Statuses that fail a check."""
STATUS_CODES = frozenset(("figure-mismatch", "figure-incomplete", "weak-figure")) | CONFLICT_CODES
"""Diagnostics that restate a figure's status: shown as status transitions, not as diagnostics."""
_POSITIONS = re.compile(r":\d+:\d+|\bline \d+(, column \d+)?")


# ---------------------------------------------------------------------------------------------
# Rollup deltas


@dataclass(frozen=True, slots=True)
class MetricDelta:
    """One figure of one scope, before and after (watts for power, counts otherwise)."""

    metric: str
    """``active_power``, ``gpus_by_sku.gb200``, ... as rollups name it."""
    old: Decimal
    new: Decimal
    is_power: bool
    old_uncertain: Decimal = Decimal(0)
    """What may also count on the old side (no date, or a partial date around the as-of day)."""
    new_uncertain: Decimal = Decimal(0)

    @property
    def delta(self) -> Decimal:
        return self.new - self.old

    @property
    def label(self) -> str:
        """How a reader calls the metric: ``active power``, ``GPUs GB200``."""
        family, _, sku = self.metric.partition(".")
        if family == "gpus_by_sku":
            return f"GPUs {sku_label(sku)}"
        return METRIC_LABELS[self.metric]

    def amount(self, value: Decimal) -> str:
        return format_amount(value, is_power=self.is_power)

    @property
    def uncertain_delta(self) -> Decimal:
        return self.new_uncertain - self.old_uncertain

    def before(self) -> str:
        """The old figure as the rollup shows it: ``3`` or ``3 (+4)`` (what may also count)."""
        return self._shown(self.old, self.old_uncertain)

    def after(self) -> str:
        return self._shown(self.new, self.new_uncertain)

    def _shown(self, value: Decimal, uncertain: Decimal) -> str:
        return self.amount(value) + (f" (+{self.amount(uncertain)})" if uncertain else "")

    def signed(self) -> str:
        """The delta with its sign: ``+60 MW``, ``-1``, ``+4,608``; ``±0 (-1 uncertain)`` when only
        what may also count changed."""
        text = self._sign(self.delta)
        if self.uncertain_delta:
            text += f" ({self._sign(self.uncertain_delta)} uncertain)"
        return text

    def _sign(self, delta: Decimal) -> str:
        sign = "+" if delta > 0 else "-" if delta < 0 else "±"
        return f"{sign}{self.amount(abs(delta))}"


def sku_label(sku: str) -> str:
    """A SKU id as summaries print it: ``GB200``; GPUs of an unknown SKU are ``unknown SKU``."""
    return "unknown SKU" if sku == UNKNOWN_SKU else sku.upper()


@dataclass(frozen=True, slots=True)
class ScopeDelta:
    """The figures that changed for one scope (the fleet, or a region)."""

    key: ScopeKey
    """("fleet", "") or ("region", id on the new side; the old id when the region was removed)."""
    old_id: str | None
    """A renamed region's old id."""
    metrics: tuple[MetricDelta, ...]


@dataclass(frozen=True, slots=True)
class RollupDeltas:
    """The fleet's and the regions' figures before and after."""

    old_as_of: dt.date
    new_as_of: dt.date
    fleet: ScopeDelta
    regions: tuple[ScopeDelta, ...]
    """Only the regions with a changed figure, by id."""


def _measures(scope: ScopeRollup | None) -> dict[str, tuple[Decimal, Decimal, bool]]:
    """metric -> (itemized, uncertain, is power) of one scope."""
    if scope is None:
        return {}
    out: dict[str, tuple[Decimal, Decimal, bool]] = {}
    for metric in SCOPE_METRICS:
        measure = scope.measure(metric)
        out[metric] = (measure.itemized, measure.uncertain, measure.is_power)
    skus = {f"gpus_by_sku.{s if s is not None else UNKNOWN_SKU}" for s in scope.gpus_by_sku}
    skus |= {m for m in scope.uncertain if m.startswith("gpus_by_sku.")}
    for metric in skus:
        measure = scope.measure(metric)
        out[metric] = (measure.itemized, measure.uncertain, False)
    return out


def _metric_order(metric: str) -> tuple[int, str]:
    family = metric.partition(".")[0]
    if family == "gpus_by_sku":  # after the total, by SKU id, GPUs of an unknown SKU last
        return (SCOPE_METRICS.index("gpus"), "\uffff" if metric.endswith(UNKNOWN_SKU) else metric)
    return (SCOPE_METRICS.index(metric), "")


def scope_delta(
    key: ScopeKey, old: ScopeRollup | None, new: ScopeRollup | None, old_id: str | None = None
) -> ScopeDelta:
    """The changed figures of one scope; a scope missing on a side counts as zero there."""
    before, after = _measures(old), _measures(new)
    deltas = []
    zero = (Decimal(0), Decimal(0), None)
    for metric in sorted(before.keys() | after.keys(), key=_metric_order):
        a, a_maybe, power = before.get(metric, zero)
        b, b_maybe, power_b = after.get(metric, zero)
        if a != b or a_maybe != b_maybe:
            is_power = bool(power if power is not None else power_b)
            deltas.append(MetricDelta(metric, a, b, is_power, a_maybe, b_maybe))
    return ScopeDelta(key, old_id, tuple(deltas))


def rollup_deltas(old: FleetRollup, new: FleetRollup, region_renames: Mapping[str, str]) -> RollupDeltas:
    """Fleet and region figures from ``old`` to ``new``.

    Args:
        old: the old side's rollup.
        new: the new side's rollup.
        region_renames: new region id -> old id, for regions renamed (their figures are compared).
    """
    old_for = dict(region_renames)
    taken = set(old_for.values())
    regions: list[ScopeDelta] = []
    for region_id in sorted(new.regions.keys() | (old.regions.keys() - taken)):
        source_id = old_for.get(region_id, region_id)
        delta = scope_delta(
            ("region", region_id),
            old.regions.get(source_id),
            new.regions.get(region_id),
            source_id if source_id != region_id else None,
        )
        if delta.metrics:
            regions.append(delta)
    return RollupDeltas(old.as_of, new.as_of, scope_delta(FLEET, old.fleet, new.fleet), tuple(regions))


# ---------------------------------------------------------------------------------------------
# Check transitions


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A reported figure whose reconciliation status appeared, disappeared or changed."""

    report_id: str
    metric: str
    scope: ScopeKey
    old: Status | None
    """None: the figure did not exist (or was not reconciled) before."""
    new: Status | None
    message: str
    """Why the figure has its status now (before, when it is gone)."""
    file: str
    line: int

    @property
    def transition(self) -> str:
        """newly-failing, fixed, new, gone or changed (see TRANSITIONS)."""
        return _transition(_failing(self.old), _failing(self.new))


TRANSITIONS = {
    "newly-failing": "newly failing",
    "fixed": "fixed",
    "new": "new",
    "gone": "gone",
    "changed": "changed",
}
"""Kinds of check transition, in the order summaries list them, with their words."""


def _transition(was: bool | None, now: bool | None) -> str:
    """The kind of a transition from failing-or-not (None: absent) to failing-or-not."""
    if now and not was:
        return "newly-failing"
    if was and not now:
        return "fixed"
    if was is None:
        return "new"
    if now is None:
        return "gone"
    return "changed"


def status_changes(
    old: Sequence[CheckResult], new: Sequence[CheckResult], report_renames: Mapping[str, str]
) -> list[StatusChange]:
    """Status transitions of every reported figure, matched by report id (renames followed) and metric.

    Args:
        old: the old side's reconciliation results.
        new: the new side's.
        report_renames: old report id -> new id.
    """
    before = {(report_renames.get(r.report_id, r.report_id), r.metric): r for r in old}
    after = {(r.report_id, r.metric): r for r in new}
    out: list[StatusChange] = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and a.status is b.status:
            continue
        shown = b if b is not None else a
        assert shown is not None
        out.append(
            StatusChange(
                key[0],
                key[1],
                shown.scope,
                a.status if a else None,
                b.status if b else None,
                shown.message,
                shown.file,
                shown.line,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class DiagnosticChange:
    """A diagnostic that appeared (old None), disappeared (new None) or changed severity or wording."""

    old: Diagnostic | None
    new: Diagnostic | None

    @property
    def shown(self) -> Diagnostic:
        """The diagnostic as it is now (as it was, when it disappeared)."""
        shown = self.new or self.old
        assert shown is not None
        return shown

    @property
    def transition(self) -> str:
        """newly-failing, fixed, new, gone or changed (see TRANSITIONS)."""
        return _transition(_fails(self.old), _fails(self.new))


def _failing(status: Status | None) -> bool | None:
    return None if status is None else status in FAILING


def _fails(d: Diagnostic | None) -> bool | None:
    """An error or a warning fails a check; information does not."""
    return None if d is None else d.severity in (Severity.ERROR, Severity.WARNING)


def _message_key(d: Diagnostic) -> tuple[str, str]:
    return (d.code, _POSITIONS.sub("", d.message))


def diagnostic_changes(old: Iterable[Diagnostic], new: Iterable[Diagnostic]) -> list[DiagnosticChange]:
    """Diagnostics that appear, disappear or change between two sides.

    Matched by code and message with positions taken out (a line added above does not make a
    problem new); among the rest, one with the same code at the same file and data path changed
    its wording. Diagnostics that restate a figure's status (STATUS_CODES) are left to status_changes.
    """
    buckets: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in old:
        if d.code not in STATUS_CODES:
            buckets[_message_key(d)].append(d)
    out: list[DiagnosticChange] = []
    appeared: list[Diagnostic] = []
    for d in new:
        if d.code in STATUS_CODES:
            continue
        bucket = buckets.get(_message_key(d))
        if bucket:
            before = bucket.pop(0)
            if before.severity is not d.severity:
                out.append(DiagnosticChange(before, d))
        else:
            appeared.append(d)
    gone: dict[tuple[str, str, tuple[str | int, ...]], list[Diagnostic]] = defaultdict(list)
    for ds in buckets.values():
        for d in ds:
            gone[(d.code, d.file, d.path)].append(d)
    for d in appeared:
        same = gone.get((d.code, d.file, d.path))
        out.append(DiagnosticChange(same.pop(0) if same else None, d))
    out.extend(DiagnosticChange(d, None) for ds in gone.values() for d in ds)
    out.sort(key=lambda c: c.shown.sort_key)
    return out
