"""ReportTable: every reported figure and how it reconciles, one row a figure.

Columns put the verdict first (status, metric, reported, computed, coverage) and which report
said it after (report, as of, scope), so a narrow terminal cuts the bookkeeping, not the answer.
Rows follow the inventory's order of Reports and, within one, the order of its figures. The row
key is the check's index, so the screen can show the check's explanation and jump to its report.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from inventory.reconcile.checks import CheckResult
from tui.checks import computed_text, coverage_text, reported_text, status_text
from tui.model.view import FleetView
from tui.text import plain

COLUMNS = ("status", "metric", "reported", "computed", "cover", "report", "as of", "scope")


class ReportTable(DataTable[Text]):
    """The reconciliation of every Report figure."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.checks: list[CheckResult] = []

    def on_mount(self) -> None:
        for name in COLUMNS:
            self.add_column(name, key=name)

    def show(self, view: FleetView) -> None:
        """Fill the table from ``view`` (keeps the cursor row where it can)."""
        row = self.cursor_row
        self.clear()
        self.checks = list(view.scopes.checks) if view.scopes is not None else []
        for i, c in enumerate(self.checks):
            kind, name = c.scope
            self.add_row(
                status_text(c),
                plain(c.metric),
                reported_text(c),
                computed_text(c),
                coverage_text(c),
                plain(c.report_id),
                Text(str(c.figure.as_of)),
                plain(kind if kind == "fleet" else f"{kind} {name}"),
                key=str(i),
            )
        if self.checks:
            self.move_cursor(row=min(row, len(self.checks) - 1))

    def current(self) -> CheckResult | None:
        if not self.checks or not 0 <= self.cursor_row < len(self.checks):
            return None
        return self.checks[self.cursor_row]
