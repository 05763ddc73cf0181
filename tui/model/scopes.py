"""The figures the TUI shows per scope: the engine's rollup at the as-of date, checks, findings.

A thin adapter over the engine's Verdict so the view and the panes read one object. Checks are
the verdict's (each Report at its own date, as validate reconciles them); while the inventory has
errors they are skipped, and ``skipped`` says why. An inventory without a Fleet (nothing to take
a date from) still opens: it has no rollup until the user sets an as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from inventory.engine import Verdict
from inventory.reconcile.checks import CheckResult
from inventory.rollup.scopes import FleetRollup, ScopeKey, ScopeRollup


@dataclass
class ScopeFigures:
    """The rollup at one date (None without a date), the check results, and why they are missing."""

    rollup: FleetRollup | None
    checks: list[CheckResult] = field(default_factory=list)
    failing: list[CheckResult] = field(default_factory=list)
    """Checks whose status says the figures contradict each other."""
    skipped: str | None = None
    """Why reconciliation did not run (the inventory has errors), as validate says it."""

    def rollup_of(self, scope: ScopeKey) -> ScopeRollup | None:
        if self.rollup is None:
            return None
        try:
            return self.rollup.scope(scope)
        except KeyError:
            return None

    def checks_of(self, scope: ScopeKey) -> list[CheckResult]:
        return [c for c in self.checks if c.scope == scope]

    def checks_of_report(self, report_id: str) -> list[CheckResult]:
        return [c for c in self.checks if c.report_id == report_id]


def compute_scopes(verdict: Verdict, as_of: dt.date | None) -> ScopeFigures:
    """The verdict's figures at ``as_of`` (None: the verdict's own date) and its checks."""
    return ScopeFigures(verdict.rollup(as_of), verdict.checks, verdict.failing(), verdict.skipped.get("reconcile"))
