"""ProblemTable: every diagnostic of the load, one row each, in file:line:col order.

The row key is the diagnostic's index in the view's problem list, so the screen can find the
diagnostic and the tree node it belongs to. Cells are ``Text``: a message holding ``[bold]`` is
shown as written.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from inventory.diagnostics import Diagnostic, Severity
from tui.nodes import NodeKey
from tui.text import plain
from tui.view import FleetView

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
"""Errors first, then warnings, then notes; each in file:line:col order."""


class ProblemTable(DataTable[Text]):
    """The problems, with the entity each belongs to."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[tuple[Diagnostic, NodeKey | None]] = []

    def on_mount(self) -> None:
        for name in ("severity", "where", "code", "entity", "message"):
            self.add_column(name, key=name)

    def show(self, view: FleetView) -> None:
        """Fill the table from ``view`` (keeps the cursor row where it can)."""
        row = self.cursor_row
        self.clear()
        self.rows_shown = sorted(view.problems.owners, key=lambda item: SEVERITY_ORDER[item[0].severity])
        for i, (d, owner) in enumerate(self.rows_shown):
            where = d.file if d.line is None else f"{d.file}:{d.line}:{d.col}"
            self.add_row(
                Text(d.severity.value, style=SEVERITY_STYLES[d.severity]),
                plain(where, "cyan"),
                Text(d.code),
                plain(owner.describe() if owner is not None else "—", "" if owner is not None else "dim"),
                plain(d.message),
                key=str(i),
            )
        if self.rows_shown:
            self.move_cursor(row=min(row, len(self.rows_shown) - 1))

    def current(self) -> tuple[Diagnostic, NodeKey | None] | None:
        """The diagnostic under the cursor and its node."""
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]
