"""FleetDiff as a pull-request comment: title, summary line, the fleet's figures, then details.

Details (entity changes, region figures, check transitions) sit in ``<details>`` sections. Data
values land in code spans that nothing inside can end (``|`` escaped in tables) and free text is
backslash-escaped, so no id, name or message can break a table or inject HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote

from inventory.base.text import location, terminal_safe
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


_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
"""An ``@name`` (a user or ``@org/team``) would notify them from a pull-request comment."""


def md_text(text: str) -> str:
    """Data as markdown text: control characters visible, inline markup and HTML backslash-escaped,
    and ``@name`` split by a zero-width space so that no comment pings anyone."""
    escaped = _MD_INLINE.sub(r"\\\1", terminal_safe(text))
    return _MENTION.sub("@&#8203;", escaped) if "@" in escaped else escaped


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


BUDGET = 65_000
"""Characters a comment may take by default: GitHub refuses a comment over 65,536."""
_RESERVE = 600
"""Kept free for the closing lines (the count of what was left out, the closing tags)."""


@dataclass(frozen=True, slots=True)
class Links:
    """How a markdown change points at its ``file:line``: a URL when the side is a revision of a
    repository on a forge (``https://github.com/o/r``, from ``GITHUB_SERVER_URL``/``GITHUB_REPOSITORY``)."""

    base: str | None = None

    def at(self, side: SideInfo, file: str, line: int) -> str:
        """`` at `file:line` `` (a link when the address is known) on a revision side; nothing on disk."""
        if side.kind != "revision" or side.commit is None:
            return ""
        text = md_code(f"{file}:{line}", table=False)
        if self.base is None:
            return f" at {text}"
        path = f"{side.prefix}/{file}" if side.prefix else file
        return f" at [{text}]({self.base}/blob/{side.commit}/{quote(path, safe='/')}#L{line})"


def render_markdown(
    diff: FleetDiff,
    old: SideInfo,
    new: SideInfo,
    *,
    verbose: bool = False,
    budget: int = BUDGET,
    max_changes: int | None = None,
    links: Links | None = None,
) -> str:
    """A pull-request comment within ``budget`` characters: title, summary, the checks failing on
    NEW and the fleet's figures first, then collapsible details, as many as fit (``max_changes``
    caps the entity changes listed); a last line counts what was left out."""
    links = links or Links()
    out = [f"### gpufleet diff: {_md_side(old)} → {_md_side(new)}", ""]
    out += [f"Inventory: {md_code(old.where, table=False)} → {md_code(new.where, table=False)}", ""]
    shown = shown_changes(diff, verbose)
    if not shown and not diff.differs:
        return "\n".join([*out, f"No changes to the fleet. {diff.after()}.", ""])
    out += [f"**{summary_line(diff, verbose=verbose)}**", ""]  # our words and SKU ids: nothing to escape
    room = _Room(budget - _RESERVE)
    room.take(out)
    out += _md_failing(diff, room)
    head: list[str] = []
    if not diff.reconciled:
        head += [
            "Reconciliation with the reported figures was skipped: a side has errors (as `gpufleet validate` does).",
            "",
        ]
    rollups = diff.rollups
    if rollups is not None and rollups.fleet.metrics:
        head += [f"| Fleet {html.escape(as_of_text(diff))} | Before | After | Change |", "|---|--:|--:|--:|"]
        head += [f"| {m.label} | {m.before()} | {m.after()} | **{m.signed()}** |" for m in rollups.fleet.metrics]
        head.append("")
    room.chars -= sum(len(line) + 1 for line in head)  # the fleet's figures are a few lines: always shown
    out += head
    # Room is given in order of importance (check transitions, regions' figures, then entity
    # changes); the sections are shown in reading order (entities, regions, checks).
    checks: list[str] = []
    if diff.statuses or diff.diagnostics:
        counts = ", ".join(f"{n} {TRANSITIONS[k]}" for k, n in diff.transitions().items() if n)
        head = ["| | Check | Before | After | Why |", "|---|---|---|---|---|"]
        items = [[_md_status(s)] for s in diff.statuses] + [[_md_diagnostic(d)] for d in diff.diagnostics]
        checks = room.details(f"Checks: {counts}", head, items)
    regions: list[str] = []
    if rollups is not None and rollups.regions:
        items = []
        for scope in rollups.regions:
            name = md_code(scope.key[1]) + (f" (renamed from {md_code(scope.old_id)})" if scope.old_id else "")
            items += [[f"| {name} | {m.label} | {m.before()} | {m.after()} | {m.signed()} |"] for m in scope.metrics]
        head = ["| Region | Figure | Before | After | Change |", "|---|---|--:|--:|--:|"]
        regions = room.details(f"Regions: {len(rollups.regions)} with changed figures", head, items)
    if shown:
        counts = ", ".join(f"{n} {k}" for k, n in diff.counts().items() if n and (verbose or k != "moved"))
        items = _md_changes(shown, verbose, old, new, links)
        out += room.details(f"Entity changes: {counts or 'inside data centers only'}", [], items, max_changes)
    over_time: list[str] = []
    if diff.over_time is not None and diff.over_time.changed:
        items = []
        for deltas in diff.over_time.changed:
            for scope in (deltas.fleet, *deltas.regions):
                name = "fleet" if scope.key[0] == "fleet" else md_code(scope.key[1])
                day = deltas.new_as_of
                items += [
                    [f"| {day} | {name} | {m.label} | {m.before()} | {m.after()} | {m.signed()} |"]
                    for m in scope.metrics
                ]
        head = ["| Date | Scope | Figure | Before | After | Change |", "|---|---|---|--:|--:|--:|"]
        over_time = room.details(over_time_title(diff.over_time), head, items)
    out += regions + over_time + checks
    if room.left_out:
        n = room.left_out
        out += [
            f"**{n:,} more change{'s' * (n != 1)} not shown** (this comment is kept under {budget:,} characters); "
            "`gpufleet diff` as text or `--format json` lists every one.",
            "",
        ]
    return "\n".join(out)


class _Room:
    """What is left of the budget, spent section by section; counts the items that did not fit."""

    def __init__(self, chars: int) -> None:
        self.chars = chars
        self.left_out = 0

    def take(self, lines: list[str]) -> bool:
        size = sum(len(line) + 1 for line in lines)
        if size > self.chars:
            return False
        self.chars -= size
        return True

    def details(self, summary: str, head: list[str], items: list[list[str]], cap: int | None = None) -> list[str]:
        """A ``<details>`` section with the items that fit (at most ``cap``), and how many did not."""
        opening = [f"<details><summary>{html.escape(summary)}</summary>", "", *head]
        closing = ["", "</details>", ""]
        if not self.take(opening + closing):
            self.left_out += len(items)
            return []
        body: list[str] = []
        for i, item in enumerate(items):
            if (cap is not None and i >= cap) or not self.take(item):
                rest = len(items) - i
                self.left_out += rest
                body += ["", f"{rest:,} more not shown."]
                break
            body += item
        return [*opening, *body, *closing]


def _md_failing(diff: FleetDiff, room: _Room) -> list[str]:
    """The checks that fail on the new side, changed or not: the state the pull request leaves."""
    if not diff.new_failing:
        return []
    n = len(diff.new_failing)
    out = [f"Failing on NEW ({n} check{'s' * (n != 1)}, changed or not):", "", "| Status | Report | Figure | Why |"]
    out.append("|---|---|---|---|")
    room.take(out)
    for i, c in enumerate(diff.new_failing):
        row = f"| {c.status.value} | {md_code(c.report_id)} | {md_code(c.metric)} | {md_text(c.message)} |"
        if not room.take([row]):
            room.left_out += n - i
            out += ["", f"{n - i:,} more failing checks not shown."]
            break
        out.append(row)
    return [*out, ""]


def _md_changes(
    changes: list[EntityChange], verbose: bool, old: SideInfo, new: SideInfo, links: Links
) -> list[list[str]]:
    """Each change as its lines (the change, then its fields), with where it is written."""
    items = []
    for c in changes:
        lines = []
        indent = "  " if c.parent is not None else ""
        head = f"{indent}- **{c.type.value}** {c.label} {md_code(c.id, table=False)}"
        if c.type is ChangeType.RENAMED:
            head += f" (renamed from {md_code(c.old_id or '', table=False)})"
        if c.type in (ChangeType.ADDED, ChangeType.REMOVED):
            text = describe(c.new if c.type is ChangeType.ADDED else c.old)
            head += f": {md_text(text)}" if text else ""
        if c.moved and verbose and c.old_at is not None and c.new_at is not None:
            head += f", moved from {md_code(c.old_at.file, table=False)} to {md_code(c.new_at.file, table=False)}"
        at, side = (c.old_at, old) if c.type is ChangeType.REMOVED else (c.new_at, new)
        if at is not None and c.counted:
            head += links.at(side, at.file, at.line)
        lines.append(head)
        for f in c.fields:
            before, after = md_code(render_value(f.old), table=False), md_code(render_value(f.new), table=False)
            lines.append(f"{indent}  - {md_code(f.name, table=False)}: {before} → {after}")
        items.append(lines)
    return items


def _md_status(s: StatusChange) -> str:
    scope = "fleet" if s.scope[0] == "fleet" else f"{s.scope[0]} {md_code(s.scope[1])}"
    check = f"report {md_code(s.report_id)} {md_code(s.metric)} ({scope}) at {md_code(location(s.file, s.line))}"
    mark = f"{TRANSITION_MARKS[s.transition]} {TRANSITIONS[s.transition]}"
    return f"| {mark} | {check} | {status_name(s.old)} | {status_name(s.new)} | {md_text(s.message)} |"


def _md_diagnostic(c: DiagnosticChange) -> str:
    d = c.shown
    where = location(d.file, d.line, d.col)
    before = c.old.severity.value if c.old is not None else "none"
    after = c.new.severity.value if c.new is not None else "none"
    mark = f"{TRANSITION_MARKS[c.transition]} {TRANSITIONS[c.transition]}"
    check = f"{md_code(d.code)} at {md_code(where)}"
    return f"| {mark} | {check} | {before} | {after} | {md_text(d.message)} |"


def present_markdown(view: DiffView) -> str:
    links = Links(view.link_base)
    return render_markdown(
        view.diff,
        view.old,
        view.new,
        verbose=view.verbose,
        budget=view.budget,
        max_changes=view.max_changes,
        links=links,
    )
