"""FleetDiff for people and programs: the text and markdown presenters, the JSON shape, the summary line.

Text is one line per change, Terraform-style (``+`` added, ``-`` removed, ``~`` changed or renamed,
``>`` moved), coloured only when asked. Markdown is a pull-request comment: the summary and the
figures table first, details in ``<details>`` sections. Every value that comes from the data is
escaped for where it lands: control characters made visible in text; code spans (with ``|``
escaped in tables) or backslash-escaped punctuation in markdown, so no id or name can break a
table or inject HTML. The JSON shape is versioned: keys may be added, never renamed.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from inventory.base.text import location, terminal_safe
from inventory.diff.checks import TRANSITIONS, DiagnosticChange, ScopeDelta, StatusChange, sku_label
from inventory.diff.compare import FleetDiff
from inventory.diff.entities import ChangeType, EntityChange
from inventory.diff.over_time import OverTime
from inventory.model.kinds import (
    DataCenter,
    Figure,
    Fleet,
    GpuDeployment,
    GpuSku,
    PowerAllocation,
    Region,
    Report,
    Scope,
    Source,
)
from inventory.model.units import PartialDate, Power
from inventory.reconcile.checks import CheckResult

SYMBOLS = {
    ChangeType.ADDED: "+",
    ChangeType.REMOVED: "-",
    ChangeType.CHANGED: "~",
    ChangeType.RENAMED: "~",
    ChangeType.MOVED: ">",
}
_COLORS = {
    ChangeType.ADDED: "32",
    ChangeType.REMOVED: "31",
    ChangeType.CHANGED: "33",
    ChangeType.RENAMED: "36",
    ChangeType.MOVED: "2",
}
_TRANSITION_COLORS = {"newly-failing": "31", "fixed": "32", "new": "36", "gone": "36", "changed": "33"}
TRANSITION_MARKS = {"newly-failing": "✗", "fixed": "✓", "new": "+", "gone": "-", "changed": "~"}


@dataclass(frozen=True, slots=True)
class SideInfo:
    """What the presenters say about one side."""

    label: str
    kind: str
    """revision, directory or working-tree."""
    where: str
    """The inventory folder as the user can find it (``HEAD~1:seeds/coreweave``, ``old/``)."""
    commit: str | None
    files: int
    errors: int
    warnings: int
    prefix: str = ""
    """For a revision: the inventory folder inside the repository (``seeds/coreweave``), for links."""


# ---------------------------------------------------------------------------------------------
# Values


def render_value(value: Any) -> str:
    """A field value for reading: ``420 MW``, ``2025-06``, ``4,608``, ``[a, b]``, ``(none)``."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str):
        text = terminal_safe(value)
        return json.dumps(value, ensure_ascii=False) if not value or value != value.strip() else text
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (Power, PartialDate, Figure, Scope, Decimal)):
        return terminal_safe(str(value))
    if isinstance(value, list):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{terminal_safe(str(k))}: {render_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, BaseModel):
        parts = {(info.alias or name): getattr(value, name) for name, info in type(value).model_fields.items()}
        return render_value({k: v for k, v in parts.items() if v is not None and v != []})
    return terminal_safe(str(value))


def plain(value: Any) -> Any:
    """A field value for JSON: power and dates as the text YAML writes, models as objects."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (Power, PartialDate, Figure, Scope, Decimal)):
        return str(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return str(value)


def describe(entity: Any) -> str:
    """One line that says what an added or removed entity is."""
    if isinstance(entity, Fleet):
        parts = [entity.name, f"as of {entity.as_of}"]
    elif isinstance(entity, Region):
        place = ", ".join(p for p in (entity.state, entity.country) if p)
        parts = [entity.name or "", entity.availability, place]
    elif isinstance(entity, DataCenter):
        parts = [entity.name, f"region {entity.region}" if entity.region else "", entity.host or ""]
        if entity.power:
            total = Power(sum((b.capacity.watts for b in entity.power), Decimal(0)))
            blocks = len(entity.power)
            parts.append(f"{total} in {blocks} power allocation{'s' * (blocks != 1)}")
        if entity.gpus:
            by_sku: dict[str, int] = {}
            for d in entity.gpus:
                label = sku_label(d.sku) if d.sku else "unknown SKU"
                by_sku[label] = by_sku.get(label, 0) + d.gpus
            parts.append(f"{sum(by_sku.values()):,} GPUs (" + ", ".join(f"{k} {v:,}" for k, v in by_sku.items()) + ")")
    elif isinstance(entity, PowerAllocation):
        parts = [f"{entity.capacity} {entity.purpose}"]
        parts += [f"contracted {entity.contracted_on}" if entity.contracted_on else ""]
        parts += [f"energized {entity.energized_on}" if entity.energized_on else ""]
        parts += [f"ended {entity.ended_on}" if entity.ended_on else ""]
    elif isinstance(entity, GpuDeployment):
        parts = [f"{entity.gpus:,} × {sku_label(entity.sku) if entity.sku else 'unknown SKU'}"]
        parts += [f"installed {entity.installed_on}" if entity.installed_on else ""]
        parts += [f"retired {entity.retired_on}" if entity.retired_on else ""]
    elif isinstance(entity, GpuSku):
        parts = [
            entity.name,
            entity.vendor,
            f"{entity.system_power} per GPU in its system" if entity.system_power else "",
        ]
    elif isinstance(entity, Source):
        parts = [entity.citation]
    elif isinstance(entity, Report):
        parts = [f"source {entity.source}", f"as of {entity.as_of}", str(entity.scope)]
    else:
        parts = []
    return " · ".join(p for p in parts if p)


def summary_line(diff: FleetDiff, *, verbose: bool = False) -> str:
    """``2 added, 3 changed, 1 removed, 1 renamed · active +60 MW · GB200 +4,608 · checks: 1 newly failing``."""
    counts = diff.counts()
    order = ("added", "changed", "removed", "renamed") + (("moved",) if verbose else ())
    parts = [", ".join(f"{counts[k]} {k}" for k in order if counts[k]) or "no entity changes"]
    if diff.rollups is not None:
        short = {"data_centers": "data centers", "active_power": "active", "contracted_power": "contracted"}
        for delta in diff.rollups.fleet.metrics:
            family, _, sku = delta.metric.partition(".")
            if delta.metric in short:
                parts.append(f"{short[delta.metric]} {delta.signed()}")
            elif family == "gpus_by_sku":
                parts.append(f"{sku_label(sku)} {delta.signed()}")
    if diff.over_time is not None and diff.over_time.changed:
        n = len(diff.over_time.changed)
        parts.append(f"{n} date{'s' * (n != 1)} of the series differ{'s' * (n == 1)}")
    transitions = {k: v for k, v in diff.transitions().items() if v}
    if transitions:
        parts.append("checks: " + ", ".join(f"{n} {TRANSITIONS[k]}" for k, n in transitions.items()))
    parts.append(diff.after())
    return " · ".join(parts)


def failing_line(check: CheckResult) -> str:
    """One check that fails on the new side: ``report metric: status: why`` (terminal-safe)."""
    where = f"{check.file}:{check.line}"
    return terminal_safe(f"{check.status.value} {check.report_id} {check.metric} ({where}): {check.message}")


def shown_changes(diff: FleetDiff, verbose: bool) -> list[EntityChange]:
    """The records a presenter lists: everything but pure moves, which only --verbose shows."""
    return [c for c in diff.changes if verbose or c.type is not ChangeType.MOVED]


def _scope_name(delta: ScopeDelta) -> str:
    kind, name = delta.key
    text = "fleet" if kind == "fleet" else f"{kind} {name}"
    return text + (f" (renamed from {delta.old_id})" if delta.old_id else "")


def as_of_text(diff: FleetDiff) -> str:
    assert diff.rollups is not None
    a, b = diff.rollups.old_as_of, diff.rollups.new_as_of
    return f"at {a}" if a == b else f"at {a} → {b} (each side at its own as_of)"


def over_time_title(found: OverTime) -> str:
    """``Rollups over time: 2 of 16 dates differ (2023-03-31 to 2026-12-31)``."""
    days = found.days
    span = f" ({days[0]} to {days[-1]})" if len(days) > 1 else f" ({days[0]})" if days else ""
    n = len(found.changed)
    return f"Rollups over time: {n} of {len(days)} date{'s' * (len(days) != 1)} differ{'s' * (n == 1)}{span}"


def status_name(value: object) -> str:
    return "none" if value is None else str(getattr(value, "value", value))


# ---------------------------------------------------------------------------------------------
# Text


def render_text(diff: FleetDiff, *, verbose: bool = False, color: bool = False) -> str:
    """The plan-like text view, ending with the summary line."""

    def paint(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    lines: list[str] = []
    for change in shown_changes(diff, verbose):
        lines.extend(_text_change(change, verbose, paint))
    if diff.rollups is not None and (diff.rollups.fleet.metrics or diff.rollups.regions):
        lines += ["", f"Rollups {as_of_text(diff)}"]
        lines += _text_rollups([diff.rollups.fleet, *diff.rollups.regions])
    if diff.over_time is not None and diff.differs:
        lines += ["", over_time_title(diff.over_time)]
        for deltas in diff.over_time.changed:
            lines.append(f"  {deltas.new_as_of}")
            lines += ["  " + line for line in _text_rollups([deltas.fleet, *deltas.regions])]
    if diff.statuses or diff.diagnostics:
        lines += ["", "Checks"]
        for status in diff.statuses:
            mark = paint(_TRANSITION_COLORS[status.transition], TRANSITION_MARKS[status.transition])
            lines.append(f"  {mark} {_status_text(status)}")
        for d in diff.diagnostics:
            mark = paint(_TRANSITION_COLORS[d.transition], TRANSITION_MARKS[d.transition])
            lines.append(f"  {mark} {_diagnostic_text(d)}")
    if not lines and not diff.differs:
        return f"No changes to the fleet. {diff.after()}.\n"
    if diff.new_failing:
        lines += ["", "Failing on NEW (changed or not)"]
        lines += [f"  {failing_line(c)}" for c in diff.new_failing]
    lines += ["", paint("1", summary_line(diff, verbose=verbose))]
    return "".join(line + "\n" for line in lines)


def _text_change(change: EntityChange, verbose: bool, paint: Callable[[str, str], str]) -> list[str]:
    indent = "  " if change.parent is not None else ""
    symbol = paint(_COLORS[change.type], SYMBOLS[change.type])
    head = f"{indent}{symbol} {change.label} {terminal_safe(change.id)}"
    if change.type is ChangeType.RENAMED:
        head += f" (renamed from {terminal_safe(change.old_id or '')})"
    if change.type in (ChangeType.ADDED, ChangeType.REMOVED):
        text = describe(change.new if change.type is ChangeType.ADDED else change.old)
        head += f": {terminal_safe(text)}" if text else ""
    moved = change.moved and verbose
    if moved and change.old_at is not None and change.new_at is not None:
        head += f"  moved {terminal_safe(change.old_at.file)} → {terminal_safe(change.new_at.file)}"
    lines = [head]
    for f in change.fields:
        lines.append(f"{indent}    {terminal_safe(f.name)}: {render_value(f.old)} → {render_value(f.new)}")
    return lines


def _text_rollups(scopes: list[ScopeDelta]) -> list[str]:
    rows: list[tuple[str, str, str, str, str]] = []
    for scope in scopes:
        for i, m in enumerate(scope.metrics):
            rows.append(
                (
                    terminal_safe(_scope_name(scope)) if i == 0 else "",
                    m.label,
                    m.before(),
                    m.after(),
                    m.signed(),
                )
            )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return [
        f"  {s:<{widths[0]}}  {label:<{widths[1]}}  {a:>{widths[2]}} → {b:>{widths[3]}}  {d:>{widths[4]}}".rstrip()
        for s, label, a, b, d in rows
    ]


def _status_text(s: StatusChange) -> str:
    scope = "fleet" if s.scope[0] == "fleet" else f"{s.scope[0]} {s.scope[1]}"
    change = f"{status_name(s.old)} → {status_name(s.new)}"
    return terminal_safe(
        f"report {s.report_id} {s.metric} ({scope}): {change}: {s.message} [{location(s.file, s.line)}]"
    )


def _diagnostic_text(c: DiagnosticChange) -> str:
    d = c.shown
    where = location(d.file, d.line, d.col)
    if c.old is None:
        what = f"new {d.severity.value}"
    elif c.new is None:
        what = f"gone {d.severity.value}"
    else:
        what = f"{c.old.severity.value} → {c.new.severity.value}"
    return terminal_safe(f"{what}[{d.code}] {where}: {d.message}")


@dataclass(frozen=True, slots=True)
class DiffView:
    """What every diff format presents: the comparison and its two sides."""

    diff: FleetDiff
    old: SideInfo
    new: SideInfo
    verbose: bool = False
    color: bool = False
    budget: int = 65_000
    """Markdown: the most characters the comment may take (GitHub refuses one over 65,536)."""
    max_changes: int | None = None
    """Markdown: the most entity changes listed (the rest counted)."""
    link_base: str | None = None
    """Markdown: the repository's web address, to link each change's file:line on a revision side."""


def present_text(view: DiffView) -> str:
    return render_text(view.diff, verbose=view.verbose, color=view.color)
