"""The TUI's screens: the three views (fleet, problems, reports) and the modals."""

from __future__ import annotations

from tui.screens.fleet import FleetScreen
from tui.screens.help import HelpModal
from tui.screens.problems import ProblemsScreen
from tui.screens.prompt import PromptModal
from tui.screens.reports import ReportsScreen

__all__ = ["FleetScreen", "HelpModal", "ProblemsScreen", "PromptModal", "ReportsScreen"]
