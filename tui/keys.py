"""The app-wide keys as data, and what reads them: the help modal's sections, the palette's commands.

One table (APP_BINDINGS) drives the footer, ``?`` and the command palette, so a key added here
shows up in all three; each view's own keys stay in its screen's BINDINGS.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding, BindingType

from tui.screens import FleetScreen, ProblemsScreen, ReportsScreen
from tui.screens.help import key_rows

if TYPE_CHECKING:
    from textual.app import App

APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit"),
    Binding("question_mark", "help", "Keys"),
    Binding("1", "switch_mode('fleet')", "Fleet"),
    Binding("2", "switch_mode('problems')", "Problems"),
    Binding("3", "switch_mode('reports')", "Reports"),
    Binding("e", "edit", "Edit"),
    Binding("r", "reload", "Reload"),
    Binding("a", "as_of", "As-of"),
    Binding("d", "diff", "Diff"),
]
"""Keys that work on every view."""


def help_sections(app: App[None]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(where, [(keys, what)]) for the help modal: everywhere, then each view."""
    views = {
        "Everywhere": APP_BINDINGS,
        "Fleet": FleetScreen.BINDINGS,
        "Problems": ProblemsScreen.BINDINGS,
        "Reports": ReportsScreen.BINDINGS,
    }
    return [(name, key_rows(bindings, app)) for name, bindings in views.items()]


def palette_commands(app: App[None]) -> Iterator[SystemCommand]:
    """A palette command for each app-wide key (Textual's own list already has Quit)."""
    for binding in APP_BINDINGS:
        assert isinstance(binding, Binding)
        if binding.action != "quit":
            yield SystemCommand(binding.description, f"key {binding.key}", lambda a=binding.action: app.run_action(a))
