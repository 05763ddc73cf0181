"""HelpModal: every key of the app and of each view, read from their BINDINGS (never a copy)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

NAVIGATION = [
    ("↑ ↓ / PgUp PgDn / Home End", "move in the tree or a table"),
    ("← →", "collapse (or go to the parent) / expand"),
    ("Enter", "open or close a tree node; in Problems and Reports: show it in the tree"),
    ("ctrl+p", "command palette: every action by name"),
]
"""Keys that come from the widgets themselves."""


def key_rows(bindings: Iterable[BindingType], app: App[None]) -> list[tuple[str, str]]:
    """(keys, description) for each binding that has a description."""
    rows = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if not binding.description:
            continue
        keys = ", ".join(app.get_key_display(Binding(k.strip(), binding.action)) for k in binding.key.split(","))
        rows.append((keys, binding.description))
    return rows


class HelpModal(ModalScreen[None]):
    """The list of keys, by where they work. Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "close", "Close"),
        ("q", "close", "Close"),
        ("question_mark", "close", "Close"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for title, rows in [*self.sections, ("Navigation", NAVIGATION)]:
            table.add_row(Text(title, style="bold underline"), "")
            for keys, description in rows:
                table.add_row(keys, description)
            table.add_row("", "")
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            yield Static(table, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
