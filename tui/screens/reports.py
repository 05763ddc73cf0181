"""ReportsScreen: each Report's figures against the inventory; Enter shows the report in the tree.

Below the table, the highlighted check explained in one sentence (from the core), with the
source's title and the figure's file:line.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from tui.checks import status_text
from tui.messages import JumpRequested
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.screens.base import TableViewScreen
from tui.text import plain
from tui.widgets import ReportTable


class ReportsScreen(TableViewScreen):
    """The reports view."""

    DETAIL_ID = "report-detail"

    def make_table(self) -> ReportTable:
        return ReportTable(id="report-table")

    @property
    def table(self) -> ReportTable:
        return self.query_one(ReportTable)

    def refresh_view(self) -> None:
        self.table.show(self.view)
        counts = Counter(c.status.value for c in self.table.checks)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.table.border_title = f"Reported figures: {summary or 'none'}"
        self.describe()

    def describe(self) -> None:
        detail = self.query_one("#report-detail", Static)
        check = self.table.current()
        if check is None:
            detail.update(Text("No Report figures to check.", style="dim"))
            return
        first = status_text(check)
        first.append(": ")
        first.append_text(plain(check.message))
        source = self.view.inventory.sources.get(check.figure.source)
        cited = plain(source.citation if source else check.figure.source, "dim")
        where = plain(f"{check.file}:{check.line}:{check.col}", "cyan")
        quote = check.reported.quote
        lines = [first, cited, where] + ([plain(f"“{quote}”", "italic")] if quote else [])
        detail.update(Group(*lines))

    def selected_location(self) -> tuple[str, int] | None:
        check = self.table.current()
        return (check.file, check.line) if check is not None else None

    def action_jump(self) -> None:
        check = self.table.current()
        if check is not None:
            self.post_message(JumpRequested(NodeKey(nodes.REPORT, check.report_id)))
