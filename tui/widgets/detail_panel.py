"""DetailPanel: everything about the selected node: fields with units, dates, sources, file:line.

The content is a Rich renderable built from the view; every value from the inventory goes
through ``plain`` (never markup). Problems attached to the node and, in diff mode, the fields
that changed (old -> new) are listed under the fields.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from inventory.base.diagnostics import Severity
from tui.labels import MARKS, STALE, group_tail
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.model.view import FleetView
from tui.text import Located, format_value, plain, safe

HIDDEN_FIELDS = frozenset({"kind", "api_version", "sources", "power", "gpus", "note", "figures"})
"""Fields not shown in the field table (shown elsewhere, or always the same)."""
SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def field_rows(entity: BaseModel) -> list[tuple[str, str]]:
    """(label, value) for every field of ``entity`` that holds something worth showing."""
    rows = []
    for name in type(entity).model_fields:
        if name in HIDDEN_FIELDS:
            continue
        shown = format_value(getattr(entity, name))
        if shown is not None:
            rows.append((name.replace("_", " "), shown))
    return rows


def _table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    return table


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def render_detail(view: FleetView, key: NodeKey) -> RenderableType:
    """The detail pane's content for ``key``."""
    parts: list[RenderableType] = []
    entity = view.entity(key)
    heading = Text(f"{nodes_word(key)} ", style="dim")
    heading.append_text(plain(key.id if key.kind != nodes.GROUP else nodes.GROUP_TITLES[key.id], "bold"))
    if key.kind in (nodes.SKU_GROUP, nodes.MONTH_GROUP) and not key.id:
        heading.append("unknown", style="bold")
    mark = view.marks.get(key)
    if mark is not None:
        heading.append(f"  {MARKS[mark][0]} {mark}", style=MARKS[mark][1])
    parts.append(heading)
    stale = view.stale_file(key)
    if stale is not None:
        parts.append(
            plain(f"{STALE[0]}stale: {stale} no longer parses; this is what it said at the last good read.", "yellow")
        )
    total = view.group_sum(key)
    if total is not None:
        line = plain(f"in data center {key.parent}", "dim")
        line.append_text(group_tail(total))
        parts.append(line)
        parts.append(Text(f"at {view.effective_as_of}; expand it to browse the deployments.", style="dim"))
        return Group(*parts)
    if entity is None:
        parts.append(Text(f"{len(view.children(key))} entries; expand it to browse them.", style="dim"))
        return Group(*parts)
    table = _table()
    for label, value in field_rows(entity):
        table.add_row(label, plain(value))
    if key.kind in (nodes.POWER, nodes.GPUS):
        table.add_row(
            "at as-of", Text(view.lifecycle_note(key) or "active", style="green" if view.is_active(key) else "yellow")
        )
    where = view.location(key)
    parts.append(table)
    if where is not None:  # below the grid, so a narrow pane moves the path to a line of its own
        label_width = max(len(label) for label, _ in [("written at", ""), *field_rows(entity)])
        written = Text("written at".ljust(label_width + 1), style="dim")  # Located adds one space
        parts.append(Located(written, f"{where[0]}:{where[1]}"))
    else:
        gone = "stale: not in the files as they read now" if stale else "not in the files (removed)"
        table.add_row("written at", plain(gone, "yellow" if stale else "cyan"))
    note = getattr(entity, "note", None)
    if note:
        parts.append(plain(note, "italic"))
    parts.extend(_sources(view, entity))
    parts.extend(_problems(view, key))
    parts.extend(_changes(view, key))
    return Group(*parts)


def nodes_word(key: NodeKey) -> str:
    return key.describe().rsplit(" ", 1)[0] if key.kind != nodes.GROUP else "group"


def entity_id(view: FleetView, key: NodeKey) -> str | None:
    """The id ``y`` copies: the entity's (a SKU group: its SKU; a month: its data center), None for groups."""
    if key.kind == nodes.GROUP:
        return None
    if key.kind == nodes.SKU_GROUP:
        return key.id or None
    if key.kind == nodes.MONTH_GROUP:
        return key.parent
    return key.id


def _sources(view: FleetView, entity: Any) -> list[RenderableType]:
    cited = list(getattr(entity, "sources", []) or [])
    source_id = getattr(entity, "source", None)
    if isinstance(source_id, str):
        cited.insert(0, source_id)
    if not cited:
        return []
    table = _table()
    for source_id in cited:
        source = view.inventory.sources.get(source_id)
        if source is None:
            table.add_row(plain(source_id), Text("not defined", style="red"))
            continue
        text = plain(f"{source.publisher}: {source.title}")
        text.append(f" ({source.date}, {source.type})" if source.date else f" ({source.type})", style="dim")
        if source.url:
            text.append("\n")
            text.append_text(plain(source.url, "underline"))
        table.add_row(plain(source_id), text)
    return [_section("Sources"), table]


def _problems(view: FleetView, key: NodeKey) -> list[RenderableType]:
    found = view.diagnostics_at(key)
    if not found:
        return []
    table = _table()
    for d in found:
        label = Text(f"{d.severity.value}[{d.code}]", style=SEVERITY_STYLES[d.severity])
        table.add_row(label, Located(plain(d.message), f"{d.file}:{d.line}" if d.line else d.file))
    return [_section("Problems"), table]


def _changes(view: FleetView, key: NodeKey) -> list[RenderableType]:
    rows = view.changed_fields(key)
    if not rows:
        return []
    table = _table()
    for label, old, new in rows:
        text = plain(format_value(old) or "—", "red")
        text.append(" → ")
        text.append_text(plain(format_value(new) or "—", "green"))
        table.add_row(plain(label), text)
    return [_section(f"Changes since {safe(view.diff_revision or '')}"), table]


class DetailPanel(VerticalScroll):
    """A scrollable pane that shows ``render_detail`` for the highlighted node."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Detail"
        self._body = Static("", markup=False)

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, view: FleetView, key: NodeKey) -> None:
        self._body.update(render_detail(view, key))
        self.scroll_home(animate=False)
