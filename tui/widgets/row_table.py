"""RowTable: a table of items you can work in: sort by any column, show one level, filter as you type.

The Problems and Reports tables are RowTables over their items (a diagnostic, a check). Each
column says how to draw a cell, how to sort by it, and how readily it gives up width: when the
table is wider than the pane, the columns that hold names (entity, report, message) are cut
first, with an ellipsis, so the verdict columns and the dates stay whole; a file:line is cut at
its left end, never in its line number. The selection is kept by the item's identity across a
new sort, a filter and a reload, and scrolled into view.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.widgets import DataTable

from tui import keys
from tui.text import safe

PADDING = 2
"""Cells of padding a DataTable column adds (one each side)."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a RowTable."""

    name: str
    cell: Callable[[Any], Text]
    sort: Callable[[Any], Any]
    shrink: int = 0
    """0: kept whole; columns with a higher number are cut first."""
    min_width: int = 6
    cut_left: bool = False
    """Cut at the left end (a path keeps its file name and line)."""


def fit(widths: list[int], columns: Sequence[Column], room: int) -> list[int]:
    """Column widths that fit ``room`` cells, taking width from the most shrinkable columns first."""
    fitted = list(widths)
    excess = sum(fitted) + PADDING * len(fitted) - room
    for i in sorted((i for i, c in enumerate(columns) if c.shrink), key=lambda i: -columns[i].shrink):
        if excess <= 0:
            break
        cut = min(excess, max(0, fitted[i] - columns[i].min_width))
        fitted[i] -= cut
        excess -= cut
    return fitted


def cut(text: Text, width: int, left: bool) -> Text:
    """``text`` in at most ``width`` cells, ending (or, ``left``, starting) with an ellipsis when cut."""
    if text.cell_len <= width:
        return text
    if left:
        return Text("…") + text[text.cell_len - width + 1 :]
    shown = text.copy()
    shown.truncate(width, overflow="ellipsis")
    return shown


class RowTable(DataTable[Text]):
    """A sortable, filterable table of items.

    Subclasses give ``make_columns``, LEVELS, ``level_of`` and ``identity``.
    """

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.MOVE)
    LEVELS: ClassVar[tuple[str, ...]] = ()
    """The values ``f`` steps through (severities, statuses), in that order."""
    LEVEL_WORD: ClassVar[str] = "level"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[Any] = []
        self.rows_shown: list[Any] = []
        self.sort_column: int | None = None
        """Index of the column sorted by; None keeps the items' own order."""
        self.reverse = False
        self.level: str | None = None
        self.needle = ""
        self._room = 0
        self.spec: tuple[Column, ...] = self.make_columns()

    def make_columns(self) -> tuple[Column, ...]:
        raise NotImplementedError

    def level_of(self, item: Any) -> str:
        raise NotImplementedError

    def identity(self, item: Any) -> Hashable:
        raise NotImplementedError

    # -- what is shown ---------------------------------------------------------------------------

    def show(self, items: Sequence[Any]) -> None:
        """Show ``items`` (a reload: the sort, level, filter and selection stay)."""
        self.items = list(items)
        self.fill()

    def set_needle(self, needle: str) -> None:
        self.needle = needle.strip().lower()
        self.fill()

    def sort_by(self, index: int | None, reverse: bool = False) -> None:
        self.sort_column, self.reverse = index, reverse
        self.fill()

    def next_level(self) -> str | None:
        """Show only the next level present (after the last one: every row again)."""
        present = [lv for lv in self.LEVELS if any(self.level_of(i) == lv for i in self.items)]
        order: list[str | None] = [None, *present]
        at = order.index(self.level) if self.level in order else 0
        self.level = order[(at + 1) % len(order)]
        self.fill()
        return self.level

    def _words(self, item: Any) -> str:
        return "\n".join(column.cell(item).plain for column in self.spec).lower()

    def fill(self) -> None:
        """Filter, sort and draw the rows; the row selected before stays selected when still shown."""
        keep = self.current()
        kept = self.identity(keep) if keep is not None else None
        row = self.cursor_row
        level, needle = self.level, self.needle
        shown = [
            i
            for i in self.items
            if (level is None or self.level_of(i) == level) and (not needle or needle in self._words(i))
        ]
        if self.sort_column is not None:
            shown.sort(key=self.spec[self.sort_column].sort, reverse=self.reverse)
        self.rows_shown = shown
        cells = [[column.cell(item) for column in self.spec] for item in shown]
        natural = [
            max([len(self._header(i)), *(row_cells[i].cell_len for row_cells in cells)]) for i in range(len(self.spec))
        ]
        self._room = self.scrollable_content_region.width
        widths = fit(natural, self.spec, self._room - 1) if self._room > 0 else natural  # 1: a scrollbar
        self.clear(columns=True)
        for i, column in enumerate(self.spec):
            self.add_column(cut(Text(self._header(i)), widths[i], False), width=widths[i], key=column.name)
        for n, row_cells in enumerate(cells):
            shown_cells = [cut(c, widths[i], self.spec[i].cut_left) for i, c in enumerate(row_cells)]
            self.add_row(*shown_cells, key=str(n))
        if not shown:
            return
        ids = [self.identity(i) for i in shown]
        target = ids.index(kept) if kept in ids else min(max(row, 0), len(shown) - 1)
        self.move_cursor(row=target, animate=False, scroll=True)

    def _header(self, i: int) -> str:
        name = self.spec[i].name
        if i == self.sort_column:
            return f"{name} {'▼' if self.reverse else '▲'}"
        return name

    def describe_state(self) -> str:
        """``sorted by code ▲ · only errors · "tex": 3 of 34``: what the table is showing, for its subtitle."""
        parts = []
        if self.sort_column is not None:
            parts.append(f"sorted by {self._header(self.sort_column)}")
        if self.level is not None:
            parts.append(f"only {self.level}")
        if self.needle:
            parts.append(f"/{safe(self.needle)}")
        if self.needle or self.level is not None:
            parts.append(f"{len(self.rows_shown):,} of {len(self.items):,}")
        return " · ".join(parts)

    def current(self) -> Any:
        """The item under the cursor, or None."""
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._room:
            self.fill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by that column (again: the other way)."""
        event.stop()
        index = event.column_index
        self.sort_by(index, reverse=not self.reverse if index == self.sort_column else False)

    def action_first(self) -> None:
        self.action_scroll_top()

    def action_last(self) -> None:
        self.action_scroll_bottom()
