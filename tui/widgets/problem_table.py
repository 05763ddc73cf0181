"""ProblemTable: every diagnostic of the load, one row each, errors first, each in file:line:col order.

Columns go from what is read first to what may be cut: severity, code, entity, then where (the
file relative to the inventory's folder, which the header already names, and the line; the full
file:line:col is under the table) and the message. Narrow, the message and the entity give up
their width first; ``where`` is cut at its left end so the line number stays. Items are
(diagnostic, the tree node it belongs to). Cells are ``Text``: a message holding ``[bold]`` is
shown as written.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.read.files import display_path
from tui.model.nodes import NodeKey
from tui.model.view import FleetView
from tui.text import plain
from tui.widgets.row_table import Column, RowTable

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
"""Errors first, then warnings, then notes; each in file:line:col order."""
Row = tuple[Diagnostic, NodeKey | None]


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


class ProblemTable(RowTable):
    """The problems, with the entity each belongs to."""

    LEVELS: ClassVar[tuple[str, ...]] = tuple(s.value for s in SEVERITY_ORDER)
    LEVEL_WORD = "severity"

    def __init__(self, *, id: str | None = None) -> None:
        self.prefixes: list[str] = []
        super().__init__(id=id)

    def make_columns(self) -> tuple[Column, ...]:
        return (
            Column("severity", self._severity, lambda r: SEVERITY_ORDER[r[0].severity]),
            Column("code", lambda r: Text(r[0].code), lambda r: r[0].code, shrink=3, min_width=12),
            Column("entity", self._entity, lambda r: r[1].describe() if r[1] else "", shrink=4, min_width=10),
            Column("where", self._where, lambda r: (r[0].file, r[0].line or 0, r[0].col or 0), 1, 16, cut_left=True),
            Column("message", lambda r: plain(r[0].message), lambda r: r[0].message, shrink=5),
        )

    @staticmethod
    def _severity(row: Row) -> Text:
        return Text(row[0].severity.value, style=SEVERITY_STYLES[row[0].severity])

    @staticmethod
    def _entity(row: Row) -> Text:
        owner = row[1]
        return plain(owner.describe() if owner is not None else "—", "" if owner is not None else "dim")

    def _where(self, row: Row) -> Text:
        d = row[0]
        file = short_file(d.file, self.prefixes)
        return plain(file if d.line is None else f"{file}:{d.line}", "cyan")  # the column is in the detail

    def level_of(self, item: Any) -> str:
        return str(item[0].severity.value)

    def identity(self, item: Any) -> Hashable:
        d = item[0]
        return (d.code, d.file, d.line, d.col, d.message)

    def show_view(self, view: FleetView, roots: Sequence[Path] = ()) -> None:
        """Fill the table from ``view`` (the sort, filter and selection stay).

        Args:
            view: the load to show.
            roots: the inventory's folders (or files); the where column is relative to them.
        """
        self.prefixes = root_prefixes(roots)
        self.show(sorted(view.problems.owners, key=lambda item: SEVERITY_ORDER[item[0].severity]))
