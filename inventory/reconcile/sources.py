"""Sources checked against each other: findings that need no inventory, only what was reported.

API:
    disagreements(inventory, figures, tolerance) -> list[tuple[Disagreement, ...]]   parallel to figures
Three checks: two figures for the same scope, metric, date and basis that no one value satisfies
(figure-conflict); a count smaller than the list of names its source gives with it
(count-contradicts-names); two sources giving the same figures at different dates
(figures-dated-differently). Pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from inventory.check.linking import Inventory
from inventory.model.kinds import CountFigure
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
    groups: dict[tuple[tuple[str, str], str], list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        groups[(f.scope, f.metric)].append(i)
    for indexes in groups.values():
        for n, i in enumerate(indexes):
            for j in indexes[n + 1 :]:
                a, b = figures[i], figures[j]
                if a.report_id == b.report_id or not same_date(a.as_of, b.as_of):
                    continue
                if a.basis != b.basis:  # critical IT and gross (or unstated) power need not agree
                    continue
                if a.bounds(tolerance).intersects(b.bounds(tolerance)):
                    continue
                first, later = sorted((a, b), key=lambda f: (f.file, f.line, f.col))
                message = (
                    f"{later.report_id} reports {later.metric} {later.describe(tolerance)}"
                    f" for {_scope_text(later.scope)} at {later.as_of},"
                    f" {first.report_id} reports {first.describe(tolerance)} at {first.as_of}"
                    f" ({first.where}): no value satisfies both"
                )
                finding = Disagreement(
                    "figure-conflict",
                    message,
                    later.file,
                    later.line,
                    later.col,
                    later.path,
                    ((first.file, first.line, first.col),),
                    (),
                    ("conflict", *sorted((a.report_id, b.report_id)), a.metric),
                )
                out[i].append(_with_others(finding, (b,)))
                out[j].append(_with_others(finding, (a,)))


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
    by_report: dict[str, dict[str, int]] = defaultdict(dict)
    for i, f in enumerate(figures):
        by_report[f.report_id][f.metric] = i
    reports = [(rid, inventory.reports[rid]) for rid in by_report]
    for n, (rid_a, a) in enumerate(reports):
        for rid_b, b in reports[n + 1 :]:
            if a.scope.key != b.scope.key or a.scope.key[0] == "datacenter" or a.source == b.source:
                continue
            if same_date(a.as_of, b.as_of) or abs(a.as_of.last - b.as_of.last) > DATED_WINDOW:
                continue
            shared = [m for m in by_report[rid_a] if m in by_report[rid_b]]
            pairs = [(figures[by_report[rid_a][m]], figures[by_report[rid_b][m]]) for m in shared]
            if len(pairs) < 2 or any(x.value != y.value for x, y in pairs) or not any(x.is_power for x, _ in pairs):
                continue
            earlier_id, later_id = (rid_a, rid_b) if a.as_of.last < b.as_of.last else (rid_b, rid_a)
            later, earlier = inventory.reports[later_id], inventory.reports[earlier_id]
            later_figs = [figures[by_report[later_id][m]] for m in shared]
            earlier_figs = [figures[by_report[earlier_id][m]] for m in shared]
            listed = " and ".join(f"{f.metric} {f.text}" for f in later_figs)
            stated = f" ({later.stated_as_of!r})" if later.stated_as_of else ""
            message = (
                f"{later_id} gives {listed} at {later.as_of}{stated}; {earlier_id} ({earlier.source}) gives the same"
                f" values at {earlier.as_of} ({earlier_figs[0].where}): one of the two dates is likely wrong"
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
                ("dated", *sorted((rid_a, rid_b))),
            )
            for mine, theirs in ((later_figs, earlier_figs), (earlier_figs, later_figs)):
                for f, other in zip(mine, theirs, strict=True):
                    out[by_report[f.report_id][f.metric]].append(_with_others(base, (other,)))


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
