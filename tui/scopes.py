"""The figures the TUI shows per scope: the core's rollup at the as-of date, checks, findings.

A thin adapter over ``inventory.rollup.scopes`` and ``inventory.reconcile.checks`` so the view and the panes
read one object. Checks are evaluated at each Report's own date (not the as-of date the user
picks); one RollupCache serves both. An inventory without a Fleet (nothing to take a date from)
still opens: it has no rollup until the user sets an as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from inventory.base.diagnostics import Diagnostic
from inventory.check.linking import Inventory
from inventory.reconcile.checks import CheckResult, RollupCache, Status, check_diagnostics, reconcile
from inventory.reconcile.plausibility import plausibility
from inventory.rollup.scopes import FleetRollup, ScopeKey, ScopeRollup

FAILING = frozenset({Status.MISMATCH, Status.CONFLICT})
"""Check statuses that count in a badge."""


@dataclass
class ScopeFigures:
    """The rollup at one date (None without a date), the check results and what they found."""

    rollup: FleetRollup | None
    checks: list[CheckResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Reconciliation and plausibility findings, as ``gpufleet validate`` reports them."""

    @property
    def failing(self) -> list[CheckResult]:
        """Checks whose status says the figures contradict each other."""
        return [c for c in self.checks if c.status in FAILING]

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


def compute_scopes(inventory: Inventory, as_of: dt.date | None) -> ScopeFigures:
    """Roll ``inventory`` up at ``as_of`` (None: the Fleet's date) and reconcile its reports."""
    cache = RollupCache(inventory)
    checks = reconcile(inventory, rollups=cache)
    found = check_diagnostics(inventory, checks) + plausibility(inventory, as_of)  # plausibility at the view's date
    day = as_of if as_of is not None else (inventory.fleet.as_of.last if inventory.fleet is not None else None)
    return ScopeFigures(cache.at(day) if day is not None else None, checks, found)
