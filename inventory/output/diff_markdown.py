"""FleetDiff as a pull-request comment: title, summary line, the fleet's figures, then details.

Details (entity changes, region figures, check transitions) sit in ``<details>`` sections. Data
values land in code spans that nothing inside can end (``|`` escaped in tables) and free text is
backslash-escaped, so no id, name or message can break a table or inject HTML.
"""

from __future__ import annotations

import html
import re

from inventory.base.text import terminal_safe
from inventory.diff.checks import TRANSITIONS, DiagnosticChange, StatusChange
from inventory.diff.compare import FleetDiff
from inventory.diff.entities import ChangeType, EntityChange
from inventory.output.diff_text import (
    TRANSITION_MARKS,
    DiffView,
    SideInfo,
    as_of_text,
    describe,
    over_time_title,
    render_value,
    shown_changes,
    status_name,
    summary_line,
)

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
"""Characters that start inline markup, HTML, an entity or a table cell; data never starts a line here."""


def md_text(text: str) -> str:
    """Data as markdown text: control characters visible, inline markup and HTML backslash-escaped."""
    return _MD_INLINE.sub(r"\\\1", terminal_safe(text))


def md_code(text: str, *, table: bool = True) -> str:
    """Data as a code span that nothing inside can end; ``|`` escaped when it sits in a table."""
    text = terminal_safe(text)
    if not text:
        return "(empty)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")):
        text = f" {text} "
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def _md_side(side: SideInfo) -> str:
    text = md_code(side.label, table=False) if side.kind != "working-tree" else "the working tree"
    if side.commit:
        text += f" ({md_code(side.commit[:12], table=False)})"
    return text


def render_markdown(diff: FleetDiff, old: SideInfo, new: SideInfo, *, verbose: bool = False) -> str:
    """A pull-request comment: title, summary, the fleet's figures, then collapsible details."""
    out = [f"### gpufleet diff: {_md_side(old)} → {_md_side(new)}", ""]
    out += [f"Inventory: {md_code(old.where, table=False)} → {md_code(new.where, table=False)}", ""]
    shown = shown_changes(diff, verbose)
    if not shown and not diff.differs:
        return "\n".join([*out, f"No changes to the fleet. {diff.after()}.", ""])
    out += [f"**{summary_line(diff, verbose=verbose)}**", ""]  # our words and SKU ids: nothing to escape
    out += _md_failing(diff)
    if not diff.reconciled:
        out += [
            "Reconciliation with the reported figures was skipped: a side has errors (as `gpufleet validate` does).",
            "",
        ]
    rollups = diff.rollups
    if rollups is not None and rollups.fleet.metrics:
        out += [f"| Fleet {html.escape(as_of_text(diff))} | Before | After | Change |", "|---|--:|--:|--:|"]
        out += [f"| {m.label} | {m.before()} | {m.after()} | **{m.signed()}** |" for m in rollups.fleet.metrics]
        out.append("")
    if shown:
        counts = ", ".join(f"{n} {k}" for k, n in diff.counts().items() if n and (verbose or k != "moved"))
        out += _details(f"Entity changes: {counts or 'inside data centers only'}", _md_changes(shown, verbose))
    if rollups is not None and rollups.regions:
        rows = ["| Region | Figure | Before | After | Change |", "|---|---|--:|--:|--:|"]
        for scope in rollups.regions:
            name = md_code(scope.key[1]) + (f" (renamed from {md_code(scope.old_id)})" if scope.old_id else "")
            rows += [f"| {name} | {m.label} | {m.before()} | {m.after()} | {m.signed()} |" for m in scope.metrics]
        n = len(rollups.regions)
        out += _details(f"Regions: {n} with changed figures", rows)
    if diff.over_time is not None and diff.over_time.changed:
        rows = ["| Date | Scope | Figure | Before | After | Change |", "|---|---|---|--:|--:|--:|"]
        for deltas in diff.over_time.changed:
            for scope in (deltas.fleet, *deltas.regions):
                name = "fleet" if scope.key[0] == "fleet" else md_code(scope.key[1])
                day = deltas.new_as_of
                rows += [
                    f"| {day} | {name} | {m.label} | {m.before()} | {m.after()} | {m.signed()} |" for m in scope.metrics
                ]
        out += _details(html.escape(over_time_title(diff.over_time)), rows)
    if diff.statuses or diff.diagnostics:
        counts = ", ".join(f"{n} {TRANSITIONS[k]}" for k, n in diff.transitions().items() if n)
        rows = ["| | Check | Before | After | Why |", "|---|---|---|---|---|"]
        rows += [_md_status(s) for s in diff.statuses]
        rows += [_md_diagnostic(d) for d in diff.diagnostics]
        out += _details(f"Checks: {counts}", rows)
    return "\n".join(out)


def _md_failing(diff: FleetDiff) -> list[str]:
    """The checks that fail on the new side, changed or not: the state the pull request leaves."""
    if not diff.new_failing:
        return []
    rows = ["| Status | Report | Figure | Why |", "|---|---|---|---|"]
    rows += [
        f"| {c.status.value} | {md_code(c.report_id)} | {md_code(c.metric)} | {md_text(c.message)} |"
        for c in diff.new_failing
    ]
    n = len(diff.new_failing)
    return [f"Failing on NEW ({n} check{'s' * (n != 1)}, changed or not):", "", *rows, ""]


def _details(summary: str, body: list[str]) -> list[str]:
    return [f"<details><summary>{html.escape(summary)}</summary>", "", *body, "", "</details>", ""]


def _md_changes(changes: list[EntityChange], verbose: bool) -> list[str]:
    lines = []
    for c in changes:
        indent = "  " if c.parent is not None else ""
        head = f"{indent}- **{c.type.value}** {c.label} {md_code(c.id, table=False)}"
        if c.type is ChangeType.RENAMED:
            head += f" (renamed from {md_code(c.old_id or '', table=False)})"
        if c.type in (ChangeType.ADDED, ChangeType.REMOVED):
            text = describe(c.new if c.type is ChangeType.ADDED else c.old)
            head += f": {md_text(text)}" if text else ""
        if c.moved and verbose and c.old_at is not None and c.new_at is not None:
            head += f", moved from {md_code(c.old_at.file, table=False)} to {md_code(c.new_at.file, table=False)}"
        lines.append(head)
        for f in c.fields:
            old, new = md_code(render_value(f.old), table=False), md_code(render_value(f.new), table=False)
            lines.append(f"{indent}  - {md_code(f.name, table=False)}: {old} → {new}")
    return lines


def _md_status(s: StatusChange) -> str:
    scope = "fleet" if s.scope[0] == "fleet" else f"{s.scope[0]} {md_code(s.scope[1])}"
    check = f"report {md_code(s.report_id)} {md_code(s.metric)} ({scope}) at {md_code(f'{s.file}:{s.line}')}"
    mark = f"{TRANSITION_MARKS[s.transition]} {TRANSITIONS[s.transition]}"
    return f"| {mark} | {check} | {status_name(s.old)} | {status_name(s.new)} | {md_text(s.message)} |"


def _md_diagnostic(c: DiagnosticChange) -> str:
    d = c.shown
    where = d.file if d.line is None else f"{d.file}:{d.line}:{d.col}"
    before = c.old.severity.value if c.old is not None else "none"
    after = c.new.severity.value if c.new is not None else "none"
    mark = f"{TRANSITION_MARKS[c.transition]} {TRANSITIONS[c.transition]}"
    check = f"{md_code(d.code)} at {md_code(where)}"
    return f"| {mark} | {check} | {before} | {after} | {md_text(d.message)} |"


def present_markdown(view: DiffView) -> str:
    return render_markdown(view.diff, view.old, view.new, verbose=view.verbose)
