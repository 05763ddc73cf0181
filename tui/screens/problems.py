"""ProblemsScreen: every diagnostic; Enter jumps to its entity in the tree, e opens its line.

Below the table, the highlighted problem in full: its message wrapped, its data path and the other
places it involves (the first of two duplicates, ...).
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from inventory.base.diagnostics import Severity
from tui.messages import JumpRequested
from tui.screens.base import TableViewScreen
from tui.text import plain, plural
from tui.widgets import ProblemTable


class ProblemsScreen(TableViewScreen):
    """The problems view."""

    DETAIL_ID = "problem-detail"

    def make_table(self) -> ProblemTable:
        return ProblemTable(id="problem-table")

    @property
    def table(self) -> ProblemTable:
        return self.query_one(ProblemTable)

    def refresh_view(self) -> None:
        self.table.show(self.view, self.inventory_app.session.paths)
        counts = Counter(d.severity for d, _ in self.view.problems.owners)
        words = (
            plural(counts[Severity.ERROR], "error"),
            plural(counts[Severity.WARNING], "warning"),
            plural(counts[Severity.INFO], "note"),
        )
        self.table.border_title = "Problems: " + ", ".join(words)
        self.describe()

    def describe(self) -> None:
        detail = self.query_one("#problem-detail", Static)
        current = self.table.current()
        if current is None:
            detail.update(Text("No problems: the inventory is valid.", style="green"))
            return
        d, owner = current
        lines = [plain(d.message)]
        path = Text("at ", style="dim")
        path.append_text(plain(d.file if d.line is None else f"{d.file}:{d.line}:{d.col}", "cyan"))
        if d.path:
            path.append_text(plain(f"  {d.dotted_path}", "dim"))
        lines.append(path)
        for file, line, col in d.related:
            lines.append(plain(f"see also {file}:{line}:{col}", "dim"))
        if owner is None:
            lines.append(
                Text("This problem is not on an entity shown in the tree; e opens the file.", style="dim italic")
            )
        detail.update(Group(*lines))

    def selected_location(self) -> tuple[str, int] | None:
        current = self.table.current()
        if current is None:
            return None
        d = current[0]
        return d.file, d.line or 1

    def action_jump(self) -> None:
        current = self.table.current()
        if current is None:
            return
        owner = current[1]
        if owner is None:
            self.notify(
                "Not in the tree (the entity did not validate). Press e to open the file.",
                severity="warning",
                markup=False,
            )
            return
        self.post_message(JumpRequested(owner))
