"""ReportsScreen: each Report's figures against the inventory; Enter shows the report in the tree.

Below the table, the highlighted check explained in one sentence (from the core), with the
source's title and the figure's file:line.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from tui.checks import status_text
from tui.messages import JumpRequested
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.screens.base import TableViewScreen
from tui.text import Located, plain
from tui.widgets import ReportTable


class ReportsScreen(TableViewScreen):
    """The reports view."""

    DETAIL_ID = "report-detail"

    def make_table(self) -> ReportTable:
        return ReportTable(id="report-table")

    @property
    def report_table(self) -> ReportTable:
        return self.query_one(ReportTable)

    def refresh_view(self) -> None:
        self.report_table.show_view(self.view)
        self.redraw()

    def table_title(self) -> str:
        counts = Counter(c.status.value for c in self.report_table.items)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        return f"Reported figures: {summary or 'none'}"

    def describe(self) -> None:
        detail = self.query_one("#report-detail", Static)
        check = self.report_table.current()
        if check is None:
            empty = "No Report figures to check." if not self.report_table.items else "No figure shown."
            detail.update(Text(empty, style="dim"))
            return
        first = status_text(check)
        first.append(": ")
        first.append_text(plain(check.message))
        source = self.view.inventory.sources.get(check.figure.source)
        cited = plain(source.citation if source else check.figure.source, "dim")
        where = Located(None, f"{check.file}:{check.line}:{check.col}")
        quote = check.reported.quote
        lines: list[RenderableType] = [first, cited, where]
        if quote:
            lines.append(plain(f"“{quote}”", "italic"))
        detail.update(Group(*lines))

    def selected_location(self) -> tuple[str, int] | None:
        check = self.report_table.current()
        return (check.file, check.line) if check is not None else None

    def selected_id(self) -> str | None:
        check = self.report_table.current()
        return check.report_id if check is not None else None

    def action_jump_to_row(self) -> None:
        check = self.report_table.current()
        if check is not None:
            self.post_message(JumpRequested(NodeKey(nodes.REPORT, check.report_id)))
