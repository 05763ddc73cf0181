"""ViewScreen: a screen that shows the app's current view and catches up when it changes.

The app keeps one Session (and its FleetView) and a generation number. The screen on show
refreshes as soon as a reload lands; the others refresh when they are shown again, so a reload
costs one screen's work. Every view has a notice bar (a file that no longer parses, a reload that
could not run: shown until it is fixed), the copy keys, and, under 80x24, a "make the window
larger" message instead of a broken layout.

The screens reach the app through ``Host`` (a protocol), never by importing ``tui.app``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Protocol, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Input, Static

from tui import keys
from tui.messages import InventoryReloaded
from tui.model.session import Session
from tui.model.view import FleetView
from tui.text import safe
from tui.widgets.row_table import RowTable

MIN_SIZE = (80, 24)
"""The smallest terminal the layout is drawn for; below it, a message asks for a larger window."""


class Host(Protocol):
    """What a view screen needs of the app."""

    session: Session
    generation: int


class ViewScreen(Screen[None]):
    """Base of the fleet, problems and reports screens."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.VIEWS)
    shown_generation = -1
    refresh_view: Callable[[], None]
    """Show ``self.view``: each screen defines it."""

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    @property
    def view(self) -> FleetView:
        return self.host.session.view

    def compose_chrome(self) -> ComposeResult:
        """What every view has above its body: the header, the notice bar, the too-small message."""
        yield Header()
        yield Static("", id="notice", markup=False)
        yield Static("", id="too-small", markup=False)

    def on_mount(self) -> None:
        self.catch_up()
        self._fit(self.app.size.width, self.app.size.height)

    def on_screen_resume(self) -> None:
        self.catch_up()
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        self.set_class(small, "too-small")
        if small:
            need = f"{MIN_SIZE[0]}×{MIN_SIZE[1]}"
            self.query_one("#too-small", Static).update(
                f"Make the window larger: gpufleet needs {need}; this one is {width}×{height}. q quits."
            )

    def on_inventory_reloaded(self, message: InventoryReloaded) -> None:
        self.catch_up()

    def catch_up(self) -> None:
        """Refresh the screen if the app's view changed since it was last shown."""
        generation = self.host.generation
        if self.shown_generation != generation:
            self.shown_generation = generation
            self.refresh_view()
        notice = self.host.session.notice()
        bar = self.query_one("#notice", Static)
        bar.update(safe(notice or ""))
        bar.display = bool(notice)

    # -- the selection, for the editor and the copy keys -------------------------------------------

    def selected_location(self) -> tuple[str, int] | None:
        """(file, line) of what the cursor is on, for the editor key."""
        return None

    def selected_id(self) -> str | None:
        """The id of the entity the cursor is on, for ``y``."""
        return None

    def action_copy_id(self) -> None:
        found = self.selected_id()
        if found is None:
            self.notify("Nothing with an id is selected.", severity="warning")
            return
        self.app.copy_to_clipboard(found)
        self.notify(f"Copied {safe(found)}", markup=False)

    def action_copy_location(self) -> None:
        where = self.selected_location()
        if where is None:
            self.notify("The selection is not written in a file.", severity="warning")
            return
        text = f"{where[0]}:{where[1]}"
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {safe(text)}", markup=False)

    # -- the filter: `/` opens it, Escape clears it; each screen says how it shows everything again

    @property
    def filter_input(self) -> Input:
        raise NotImplementedError

    def action_filter(self) -> None:
        """``/``: this view's filter, focused at once, so the next key typed lands in it."""
        self.add_class("filtering")
        self.set_focus(self.filter_input)

    def action_clear_filter(self) -> None:
        """Esc: clear this view's filter; the selection stays."""
        if not self.has_class("filtering") and not self.filter_input.value:
            return
        self.remove_class("filtering")
        if self.filter_input.value:
            self.filter_input.value = ""
            self.show_unfiltered()
        self.set_focus(self.main_widget())

    def show_unfiltered(self) -> None:
        """Show every row or node again (the filter is being cleared)."""
        raise NotImplementedError

    def main_widget(self) -> Widget:
        """The widget the filter returns focus to."""
        raise NotImplementedError


class TableViewScreen(ViewScreen):
    """A view that is one table, with the highlighted row explained under it (problems, reports).

    Subclasses give ``make_table``, ``DETAIL_ID``, ``describe`` (fill the detail), ``title`` and
    ``action_jump_to_row``.
    """

    AUTO_FOCUS = "RowTable"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.TABLES)
    DETAIL_ID: ClassVar[str]
    make_table: Callable[[], RowTable]
    describe: Callable[[], None]
    action_jump_to_row: Callable[[], None]

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield Input(placeholder="filter the rows: any column", id="table-filter")
        yield self.make_table()
        yield Static("", id=self.DETAIL_ID, markup=False)
        yield Footer()

    @property
    def table(self) -> RowTable:
        return self.query_one(RowTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#table-filter", Input)

    def table_title(self) -> str:
        """The table's border title (counts)."""
        raise NotImplementedError

    def redraw(self) -> None:
        """After the rows changed: the title, the subtitle (sort, level, filter) and the detail."""
        self.table.border_title = self.table_title()
        self.table.border_subtitle = self.table.describe_state()
        self.describe()

    def show_unfiltered(self) -> None:
        self.table.set_needle("")
        self.redraw()

    def main_widget(self) -> Widget:
        return self.table

    @on(Input.Changed, "#table-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.table.set_needle(event.value)
        self.redraw()

    @on(Input.Submitted, "#table-filter")
    def filter_submitted(self) -> None:
        """Enter keeps the filter (named under the table) and gives the table the keys."""
        self.remove_class("filtering")
        self.set_focus(self.table)

    def action_sort_next(self) -> None:
        current = self.table.sort_column
        columns = len(self.table.spec)
        self.table.sort_by(0 if current is None else (current + 1) % columns)
        self.redraw()

    def action_sort_reverse(self) -> None:
        self.table.sort_by(self.table.sort_column if self.table.sort_column is not None else 0, not self.table.reverse)
        self.redraw()

    def action_cycle_level(self) -> None:
        level = self.table.next_level()
        self.notify(f"Showing {'every ' + self.table.LEVEL_WORD if level is None else 'only ' + level}", timeout=2)
        self.redraw()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump_to_row()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.call_after_refresh(self.redraw)  # the table sorted itself; the subtitle follows
