"""ViewScreen: a screen that shows the app's current view and catches up when it changes.

The app keeps one FleetView and a generation number. The screen on show refreshes as soon as a
reload lands; the others refresh when they are shown again, so a reload costs one screen's work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from tui.messages import InventoryReloaded
from tui.view import FleetView

if TYPE_CHECKING:
    from tui.app import InventoryApp


class ViewScreen(Screen[None]):
    """Base of the fleet, problems and reports screens."""

    shown_generation = -1
    refresh_view: Callable[[], None]
    """Show ``self.view``: each screen defines it."""

    @property
    def inventory_app(self) -> InventoryApp:
        return cast("InventoryApp", self.app)

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
