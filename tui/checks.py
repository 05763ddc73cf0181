"""How a reconciliation check reads in the panes: reported, computed, coverage, status.

Shared by the rollup pane, the reports view and the detail pane, so a check reads the same
everywhere. Values come from the core (``CheckResult``); this only formats them.
"""

from __future__ import annotations

from rich.text import Text

from inventory.reconcile.checks import CheckResult
from tui.text import plain

STATUS_STYLES = {
    "ok": "bold green",
    "mismatch": "bold red",
    "incomplete": "yellow",
    "conflict": "bold magenta",
    "weak": "dim",
}
"""How each check status is coloured."""


def status_text(check: CheckResult) -> Text:
    status = check.status.value
    return Text(status, style=STATUS_STYLES.get(status, ""))


def reported_text(check: CheckResult) -> Text:
    """``>250,000``: the figure with its qualifier (the source is named under the table)."""
    return plain(f"{check.reported.qualifier.symbol}{check.figure.amount(check.figure.value)}")


def computed_text(check: CheckResult) -> Text:
    """The itemized amount, and ``+x?`` for what may also be in service."""
    measure = check.computed
    text = Text(measure.format())
    if measure.uncertain:
        text.append(f" +{measure.format(measure.uncertain)}?", style="dim")
    return text


def coverage_text(check: CheckResult) -> Text:
    coverage = check.coverage
    if coverage is None:
        return Text("n/a", style="dim")
    return Text(f"{coverage * 100:.0f}%")
