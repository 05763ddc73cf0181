"""ViewScreen: a screen that shows the app's current view and catches up when it changes.

The app keeps one FleetView and a generation number. The screen on show refreshes as soon as a
reload lands; the others refresh when they are shown again, so a reload costs one screen's work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Protocol, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui.messages import InventoryReloaded
from tui.model.session import Session
from tui.model.view import FleetView


class ViewHost(Protocol):
    """What a view screen needs of the app (InventoryApp provides it; the screens never import the app)."""

    @property
    def view(self) -> FleetView: ...

    generation: int
    session: Session


class ViewScreen(Screen[None]):
    """Base of the fleet, problems and reports screens."""

    shown_generation = -1
    refresh_view: Callable[[], None]
    """Show ``self.view``: each screen defines it."""

    @property
    def inventory_app(self) -> ViewHost:
        return cast(ViewHost, self.app)

    @property
    def view(self) -> FleetView:
        return self.inventory_app.view

    def on_mount(self) -> None:
        self.catch_up()

    def on_screen_resume(self) -> None:
        self.catch_up()

    def on_inventory_reloaded(self, message: InventoryReloaded) -> None:
        self.catch_up()

    def catch_up(self) -> None:
        """Refresh the screen if the app's view changed since it was last shown."""
        generation = self.inventory_app.generation
        if self.shown_generation != generation:
            self.shown_generation = generation
            self.refresh_view()

    def selected_location(self) -> tuple[str, int] | None:
        """(file, line) of what the cursor is on, for the editor key."""
        return None


class TableViewScreen(ViewScreen):
    """A view that is one table, with the highlighted row explained under it (problems, reports).

    Subclasses give ``make_table``, ``DETAIL_ID``, ``describe`` (fill the detail) and ``action_jump``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "jump", "Show in tree")]
    """Enter shows the row's entity in the fleet tree."""
    DETAIL_ID: ClassVar[str]
    make_table: Callable[[], DataTable[Any]]
    describe: Callable[[], None]
    action_jump: Callable[[], None]

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.make_table()
        yield Static("", id=self.DETAIL_ID, markup=False)
        yield Footer()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()
