"""RollupPanel: the selected scope's rollup at the as-of date, and the checks of its reports.

Rows are metrics (data centers, active and contracted power, power by purpose, GPUs by SKU, the
estimated GPU draw); each shows the itemized amount and what may be in service too. Below, each
reported figure for the scope: reported (qualifier, source), computed, coverage, status coloured.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from inventory.reconcile.checks import CheckResult
from inventory.rollup.scopes import BASIS_FAMILIES, BASIS_LABELS, PURPOSES, ScopeRollup
from tui.checks import computed_text, coverage_text, status_text
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.model.view import FleetView
from tui.text import plain


def metric_rows(figures: ScopeRollup) -> list[tuple[str, str, str]]:
    """(metric, itemized, may also be in service) for the rollup table."""
    rows: list[tuple[str, str, str]] = []

    def add(label: str, metric: str) -> None:
        measure = figures.measure(metric)
        maybe = f"+{measure.format(measure.uncertain)}" if measure.uncertain else ""
        if measure.unbounded:
            maybe = f"{maybe} or more" if maybe else "+?"
        rows.append((label, measure.format(), maybe))

    add("data centers", "data_centers")
    for total, family in BASIS_FAMILIES.items():
        add(total.replace("_", " "), total)
        bases = figures.mixed_bases(total)
        if len(bases) > 1:  # power of several bases is shown apart, never only as the sum
            for basis in bases:
                add(f"  {BASIS_LABELS[basis]}", f"{family}.{basis}")
    purposes = [
        p for p in PURPOSES if figures.power_by_purpose[p].watts or figures.uncertain.get(f"power_by_purpose.{p}")
    ]
    if purposes and purposes != ["ai"]:
        for purpose in purposes:
            add(f"  for {purpose}", f"power_by_purpose.{purpose}")
    add("GPUs", "gpus")
    for sku in figures.gpus_by_sku:
        add(f"  {sku or 'unknown SKU'}", f"gpus_by_sku.{sku or '?'}")
    add("GPU draw (est.)", "gpu_draw")
    if figures.unestimated_gpus:
        add("  GPUs not estimated", "unestimated_gpus")
    if figures.key[0] == "fleet":
        add("regions general", "regions.general")
        add("regions dedicated", "regions.dedicated")
    return rows


def _cut(label: str) -> Text:
    """A label cell that a narrow pane ends with an ellipsis (the figures beside it stay whole)."""
    text = plain(label)
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def render_rollup(view: FleetView, key: NodeKey) -> RenderableType:
    """The pane's content for the scope at or above ``key`` (for a report: its checks)."""
    if key.kind == nodes.REPORT:
        title = Text.assemble(("Checks of report ", "bold"), plain(key.id, "bold"))
        checks = view.checks_of(key)
        if view.skipped is not None:
            return Group(title, skipped_text(view.skipped))
        if not checks:
            return Group(title, Text("No figure of this report could be checked.", style="dim"))
        return Group(title, checks_table(checks))
    scope = view.scope_of(key)
    figures = view.rollup_of(scope)
    title = Text.assemble(("Rollup ", "bold"), plain(scope.describe(), "bold"))
    stale = view.stale_file(scope)
    if stale is not None:
        return Group(title, plain(f"No figures: {stale} does not parse, so nothing it holds is counted now.", "yellow"))
    if figures is None:
        return Group(title, Text("No as-of date: the inventory has no Fleet. Press a to set one.", style="yellow"))
    title.append(f" at {figures.as_of}", style="bold")
    title.append("  complete" if figures.complete else "  partial", style="green" if figures.complete else "dim")
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
    table.add_column("metric", style="dim")  # the one column that narrows on a small screen
    table.add_column("itemized", justify="right", style="cyan", no_wrap=True)
    table.add_column("maybe", justify="right", style="dim", no_wrap=True)
    for label, itemized, maybe in metric_rows(figures):
        table.add_row(_cut(label), itemized, maybe)
    parts: list[RenderableType] = [title, table]
    checks = view.checks_of(scope)
    if view.skipped is not None:
        parts += [Text("\nChecks", style="bold underline"), skipped_text(view.skipped)]
    elif checks:
        parts.append(Text("\nChecks", style="bold underline"))
        parts.append(checks_table(checks))
    return Group(*parts)


def skipped_text(reason: str) -> Text:
    """Why there are no checks, as ``gpufleet validate`` says it."""
    return plain(f"Reconciliation skipped: {reason}.", "yellow")


def checks_table(checks: list[CheckResult]) -> Group:
    """Checks grouped by report (a title line each): status, metric, reported, computed, coverage."""
    parts: list[RenderableType] = []
    by_report: dict[str, list[CheckResult]] = {}
    for c in checks:
        by_report.setdefault(c.report_id, []).append(c)
    for report_id, found in by_report.items():
        first = found[0]
        title = plain(f"{report_id} @ {first.figure.as_of}", "italic")
        title.append_text(plain(f" · {first.figure.source}", "dim"))
        table = Table(box=None, padding=(0, 1), show_edge=False, show_header=not parts)
        for name in ("status", "metric", "reported", "computed", "cover"):
            table.add_column(
                name, no_wrap=name != "metric", justify="left" if name in ("status", "metric") else "right"
            )
        for c in found:
            table.add_row(
                status_text(c),
                _cut(c.metric),
                plain(c.figure.describe().split(" (")[0]),
                computed_text(c),
                coverage_text(c),
            )
        parts += [title, table]
    return Group(*parts)


class RollupPanel(VerticalScroll):
    """A scrollable pane that shows ``render_rollup`` for the highlighted node's scope."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Rollup and checks"
        self._body = Static("", markup=False)

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, view: FleetView, key: NodeKey) -> None:
        self._body.update(render_rollup(view, key))
