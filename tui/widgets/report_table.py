"""ReportTable: every reported figure and how it reconciles, one row a figure.

Columns put the verdict first (status, metric, reported, computed, coverage), then which report
said it, its date and scope. Narrow, the report's id and the metric give up their width first,
so as-of and scope stay on screen at 80 columns. Rows follow the inventory's order of Reports and,
within one, the order of its figures, until a column is chosen to sort by.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, ClassVar

from rich.text import Text

from inventory.reconcile.checks import CheckResult
from tui.checks import STATUS_STYLES, computed_text, coverage_text, reported_text, status_text
from tui.model.view import FleetView
from tui.text import plain
from tui.widgets.row_table import Column, RowTable

STATUS_ORDER = {status: i for i, status in enumerate(("mismatch", "conflict", "incomplete", "weak", "ok"))}
"""The order a sort by status gives: what needs a look first."""


def _scope(check: CheckResult) -> str:
    kind, name = check.scope
    return kind if kind == "fleet" else f"{kind} {name}"


COLUMNS = (
    Column("status", status_text, lambda c: STATUS_ORDER.get(c.status.value, len(STATUS_STYLES))),
    Column("metric", lambda c: plain(c.metric), lambda c: c.metric, shrink=3, min_width=8),
    Column("reported", reported_text, lambda c: c.figure.value),
    Column("computed", computed_text, lambda c: c.computed.itemized, shrink=2, min_width=8),
    Column("cover", coverage_text, lambda c: -1.0 if c.coverage is None else c.coverage),
    Column("report", lambda c: plain(c.report_id), lambda c: c.report_id, shrink=4, min_width=5),
    Column("as of", lambda c: Text(str(c.figure.as_of)), lambda c: c.as_of),
    Column("scope", lambda c: plain(_scope(c)), _scope, shrink=1, min_width=6),
)


class ReportTable(RowTable):
    """The reconciliation of every Report figure."""

    LEVELS: ClassVar[tuple[str, ...]] = tuple(STATUS_ORDER)
    LEVEL_WORD = "status"

    def make_columns(self) -> tuple[Column, ...]:
        return COLUMNS

    @property
    def checks(self) -> list[CheckResult]:
        """The checks shown, in the order shown."""
        return list(self.rows_shown)

    def level_of(self, item: Any) -> str:
        return str(item.status.value)

    def identity(self, item: Any) -> Hashable:
        return (item.report_id, item.metric, item.scope, item.file, item.line)

    def show_view(self, view: FleetView) -> None:
        """Fill the table from ``view`` (the sort, filter and selection stay)."""
        self.show(view.scopes.checks if view.scopes is not None else [])
