"""ProblemTable: every diagnostic of the load, one row each, in file:line:col order.

Columns go from what is read first to what may be cut: severity, code, entity, then where (the
file relative to the inventory's folder, which the header already names, and the line; the full
file:line:col is under the table) and the message. The row key is the diagnostic's index in the
view's problem list, so the screen can find the diagnostic and the tree node it belongs to. Cells
are ``Text``: a message holding ``[bold]`` is shown as written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.read.files import display_path
from tui.model.nodes import NodeKey
from tui.model.view import FleetView
from tui.text import plain

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
"""Errors first, then warnings, then notes; each in file:line:col order."""
COLUMNS = ("severity", "code", "entity", "where", "message")


def root_prefixes(roots: Sequence[Path]) -> list[str]:
    """What to strip from a diagnostic's file so it reads relative to its inventory folder."""
    prefixes = []
    for root in roots:
        folder = display_path(root if root.is_dir() else root.parent)
        if folder != ".":
            prefixes.append(folder.rstrip(os.sep) + os.sep)
    return sorted(prefixes, key=len, reverse=True)


def short_file(file: str, prefixes: Sequence[str]) -> str:
    """``seeds/coreweave/reports/x.yaml`` -> ``reports/x.yaml`` when ``seeds/coreweave/`` is a prefix."""
    for prefix in prefixes:
        if file.startswith(prefix):
            return file[len(prefix) :]
    return file


class ProblemTable(DataTable[Text]):
    """The problems, with the entity each belongs to."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[tuple[Diagnostic, NodeKey | None]] = []

    def on_mount(self) -> None:
        for name in COLUMNS:
            self.add_column(name, key=name)

    def show(self, view: FleetView, roots: Sequence[Path] = ()) -> None:
        """Fill the table from ``view`` (keeps the cursor row where it can).

        Args:
            view: the load to show.
            roots: the inventory's folders (or files); the where column is relative to them.
        """
        row = self.cursor_row
        prefixes = root_prefixes(roots)
        self.clear()
        self.rows_shown = sorted(view.problems.owners, key=lambda item: SEVERITY_ORDER[item[0].severity])
        for i, (d, owner) in enumerate(self.rows_shown):
            file = short_file(d.file, prefixes)
            where = file if d.line is None else f"{file}:{d.line}"  # the column is in the detail below
            self.add_row(
                Text(d.severity.value, style=SEVERITY_STYLES[d.severity]),
                Text(d.code),
                plain(owner.describe() if owner is not None else "—", "" if owner is not None else "dim"),
                plain(where, "cyan"),
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
