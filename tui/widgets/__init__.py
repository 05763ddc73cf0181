"""The TUI's widgets, one a module."""

from __future__ import annotations

from tui.widgets.detail_panel import DetailPanel
from tui.widgets.fleet_tree import FleetTree
from tui.widgets.problem_table import ProblemTable
from tui.widgets.report_table import ReportTable
from tui.widgets.rollup_panel import RollupPanel

__all__ = ["DetailPanel", "FleetTree", "ProblemTable", "ReportTable", "RollupPanel"]
