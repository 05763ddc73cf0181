"""Sources checked against each other: findings that need no inventory, only what was reported.

API:
    disagreements(inventory, figures, tolerance) -> list[tuple[Disagreement, ...]]   parallel to figures
Three checks: two figures for the same scope, metric, date and basis that no one value satisfies
(figure-conflict); a count smaller than the list of names its source gives with it
(count-contradicts-names); two sources giving the same figures at different dates
(figures-dated-differently). Pure.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from inventory.check.linking import Inventory
from inventory.model.kinds import CountFigure
from inventory.reconcile.conflicts import conflicts
from inventory.reconcile.figures import ReportedFigure, same_date

CONFLICT_CODES = frozenset({"figure-conflict", "count-contradicts-names"})
"""Disagreements that make a figure's status ``conflict``."""
DATED_WINDOW = dt.timedelta(days=183)
"""figures-dated-differently looks at reports at most this far apart (half a year)."""

Location = tuple[str, int | None, int | None]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A finding about reported figures: where to report it, what it says, who else is involved."""

    code: str
    message: str
    file: str
    line: int
    col: int
    path: tuple[str | int, ...]
    related: tuple[Location, ...]
    """The other places involved (the other figure, the list of names, the other report's figures)."""
    others: tuple[ReportedFigure, ...]
    """The figures this one disagrees with (empty when it disagrees with its own list of names)."""
    key: tuple[str, ...]
    """The same on every figure the finding touches, so it is reported once."""


def _scope_text(key: tuple[str, str]) -> str:
    kind, name = key
    return "the fleet" if kind == "fleet" else f"{kind} {name}"


def _conflicts(figures: Sequence[ReportedFigure], tolerance: Decimal, out: list[list[Disagreement]]) -> None:
    """figure-conflict: a finding at each figure that conflicts with figures written before it,
    naming the most extreme (up to three as related places) and counting the rest (conflicts.py)."""

    def found(later: ReportedFigure, named: list[ReportedFigure], more: int) -> Disagreement:
        first = named[0]
        if more == 1:
            also = "; 1 more figure written before it disagrees with it too"
        else:
            also = f"; {more:,} more figures written before it disagree with it too" if more else ""
        message = (
            f"{later.report_id} reports {later.metric} {later.describe(tolerance)}"
            f" for {_scope_text(later.scope)} at {later.as_of},"
            f" {first.report_id} reports {first.describe(tolerance)} at {first.as_of}"
            f" ({first.where}): no value satisfies both{also}"
        )
        return Disagreement(
            "figure-conflict",
            message,
            later.file,
            later.line,
            later.col,
            later.path,
            tuple((f.file, f.line, f.col) for f in named),
            (),
            ("conflict", later.report_id, later.metric),
        )

    for i, entries in conflicts(figures, tolerance, found).items():
        for finding, named in entries:
            assert isinstance(finding, Disagreement)
            out[i].append(_with_others(finding, tuple(figures[j] for j in named)))


def _with_others(finding: Disagreement, others: tuple[ReportedFigure, ...]) -> Disagreement:
    return Disagreement(
        finding.code,
        finding.message,
        finding.file,
        finding.line,
        finding.col,
        finding.path,
        finding.related,
        others,
        finding.key,
    )


def _named(
    inventory: Inventory, figures: Sequence[ReportedFigure], tolerance: Decimal, out: list[list[Disagreement]]
) -> None:
    for i, f in enumerate(figures):
        figure = f.figure
        if not isinstance(figure, CountFigure) or not figure.named:
            continue
        names = list(dict.fromkeys(figure.named))
        if not f.bounds(tolerance).below(Decimal(len(names))):
            continue
        origin = inventory.origin("Report", f.report_id)
        named_at = origin.locate((*f.path[len(origin.path) :], "named")) if origin is not None else (f.line, f.col)
        message = f"{f.report_id} gives {f.metric} {f.describe(tolerance)} but names {len(names)}: {', '.join(names)}"
        out[i].append(
            Disagreement(
                "count-contradicts-names",
                message,
                f.file,
                f.line,
                f.col,
                f.path,
                ((f.file, named_at[0], named_at[1]),),
                (),
                ("named", f.report_id, f.metric),
            )
        )


def _dated(inventory: Inventory, figures: Sequence[ReportedFigure], out: list[list[Disagreement]]) -> None:
    """figures-dated-differently, one finding a Report at most: at the later Report, naming the
    closest earlier one that gives the same values and counting the others. Reports are compared
    only within their scope and the date window (sorted by date), never all pairs of the inventory."""
    by_report: dict[str, dict[str, int]] = defaultdict(dict)
    for i, f in enumerate(figures):
        by_report[f.report_id][f.metric] = i
    by_scope: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rid in by_report:
        report = inventory.reports[rid]
        if report.scope.key[0] != "datacenter":
            by_scope[report.scope.key].append(rid)
    for rids in by_scope.values():
        rids.sort(key=lambda rid: (inventory.reports[rid].as_of.last, inventory.reports[rid].as_of.first))
        spans = [(inventory.reports[rid].as_of.last, inventory.reports[rid].as_of.first) for rid in rids]
        for n, later_id in enumerate(rids):
            later = inventory.reports[later_id]
            start = bisect.bisect_left(spans, (later.as_of.last - DATED_WINDOW,), 0, n)
            equal = bisect.bisect_left(spans, spans[n], start, n)  # an equal span is the same date: skipped at once
            candidates = rids[start:equal]
            matches = [rid for rid in candidates if _same_values(inventory, by_report, figures, rid, later_id)]
            if matches:
                _dated_finding(inventory, by_report, figures, out, later_id, matches)


def _same_values(
    inventory: Inventory, by_report: dict[str, dict[str, int]], figures: Sequence[ReportedFigure], a_id: str, b_id: str
) -> bool:
    """Two Reports of different sources, at dates that are not the same, giving the same values."""
    a, b = inventory.reports[a_id], inventory.reports[b_id]
    if a.source == b.source or same_date(a.as_of, b.as_of):
        return False
    shared = [m for m in by_report[a_id] if m in by_report[b_id]]
    pairs = [(figures[by_report[a_id][m]], figures[by_report[b_id][m]]) for m in shared]
    return len(pairs) >= 2 and all(x.value == y.value for x, y in pairs) and any(x.is_power for x, _ in pairs)


def _dated_finding(
    inventory: Inventory,
    by_report: dict[str, dict[str, int]],
    figures: Sequence[ReportedFigure],
    out: list[list[Disagreement]],
    later_id: str,
    matches: list[str],
) -> None:
    earlier_id = matches[-1]  # the closest in time
    later, earlier = inventory.reports[later_id], inventory.reports[earlier_id]
    shared = [m for m in by_report[earlier_id] if m in by_report[later_id]]
    later_figs = [figures[by_report[later_id][m]] for m in shared]
    earlier_figs = [figures[by_report[earlier_id][m]] for m in shared]
    listed = " and ".join(f"{f.metric} {f.text}" for f in later_figs)
    stated = f" ({later.stated_as_of!r})" if later.stated_as_of else ""
    more = len(matches) - 1
    also = f"; {more:,} more report{'s' * (more != 1)} give the same values at other dates" if more else ""
    message = (
        f"{later_id} gives {listed} at {later.as_of}{stated}; {earlier_id} ({earlier.source}) gives the same"
        f" values at {earlier.as_of} ({earlier_figs[0].where}): one of the two dates is likely wrong{also}"
    )
    origin = inventory.origin("Report", later_id)
    line, col = origin.locate(("as_of",)) if origin is not None else (later_figs[0].line, later_figs[0].col)
    related = tuple((f.file, f.line, f.col) for f in (*later_figs, *earlier_figs))
    base = Disagreement(
        "figures-dated-differently",
        message,
        later_figs[0].file,
        line,
        col,
        (*(origin.path if origin else ()), "as_of"),
        related,
        (),
        ("dated", later_id),
    )
    for mine, theirs in ((later_figs, earlier_figs), (earlier_figs, later_figs)):
        for f, other in zip(mine, theirs, strict=True):
            slot = out[by_report[f.report_id][f.metric]]
            if mine is later_figs or not any(d.code == base.code for d in slot):  # one a figure: linear
                slot.append(_with_others(base, (other,)))


def disagreements(
    inventory: Inventory, figures: Sequence[ReportedFigure], tolerance: Decimal
) -> list[tuple[Disagreement, ...]]:
    """What each figure's sources say against it, parallel to ``figures``.

    Args:
        inventory: where the figures come from (for the reports' dates and locations).
        figures: the reported figures, as ``reported_figures`` lists them.
        tolerance: the default tolerance of approximate figures.

    Returns:
        For each figure, the disagreements it takes part in (a conflict appears on both figures).
    """
    out: list[list[Disagreement]] = [[] for _ in figures]
    _conflicts(figures, tolerance, out)
    _named(inventory, figures, tolerance, out)
    _dated(inventory, figures, out)
    return [tuple(found) for found in out]
