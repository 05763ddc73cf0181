"""ProblemsScreen: every diagnostic; Enter jumps to its entity in the tree, e opens its line.

Below the table, the highlighted problem in full: its message wrapped, where it is (the path
wraps as a whole, never inside its line number), its data path and the other places it involves
(the first of two duplicates, ...).
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from inventory.base.diagnostics import Severity
from tui.messages import JumpRequested
from tui.screens.base import TableViewScreen
from tui.text import Located, plain, plural
from tui.widgets import ProblemTable


class ProblemsScreen(TableViewScreen):
    """The problems view."""

    DETAIL_ID = "problem-detail"

    def make_table(self) -> ProblemTable:
        return ProblemTable(id="problem-table")

    @property
    def problem_table(self) -> ProblemTable:
        return self.query_one(ProblemTable)

    def refresh_view(self) -> None:
        self.problem_table.show_view(self.view, self.host.session.paths)
        self.redraw()

    def table_title(self) -> str:
        counts = Counter(d.severity for d, _ in self.view.problems.owners)
        words = (
            plural(counts[Severity.ERROR], "error"),
            plural(counts[Severity.WARNING], "warning"),
            plural(counts[Severity.INFO], "note"),
        )
        return "Problems: " + ", ".join(words)

    def describe(self) -> None:
        detail = self.query_one("#problem-detail", Static)
        current = self.problem_table.current()
        if current is None:
            empty = "No problems: the inventory is valid." if not self.view.problems.owners else "No problem shown."
            detail.update(Text(empty, style="green" if not self.view.problems.owners else "dim"))
            return
        d, owner = current
        lines: list[RenderableType] = [plain(d.message)]
        where = d.file if d.line is None else f"{d.file}:{d.line}:{d.col}"
        lines.append(Located(Text("at", style="dim"), where, plain(f"  {d.dotted_path}", "dim") if d.path else None))
        for file, line, col in d.related:
            lines.append(Located(Text("see also", style="dim"), f"{file}:{line}:{col}", style="dim"))
        if owner is None:
            lines.append(
                Text("This problem is not on an entity shown in the tree; e opens the file.", style="dim italic")
            )
        detail.update(Group(*lines))

    def selected_location(self) -> tuple[str, int] | None:
        current = self.problem_table.current()
        if current is None:
            return None
        d = current[0]
        return d.file, d.line or 1

    def selected_id(self) -> str | None:
        current = self.problem_table.current()
        return current[1].id if current is not None and current[1] is not None else None

    def action_jump_to_row(self) -> None:
        current = self.problem_table.current()
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
