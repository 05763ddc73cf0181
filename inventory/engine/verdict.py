"""The Verdict: everything gpufleet decides about one inventory, the one answer every door shows.

validate, rollup, reconcile, both sides of diff, the TUI and the editor server all read a
Verdict made by ``engine.check``; none of them runs a stage itself. It holds the load (inventory,
parsed files), every diagnostic (load, cross checks, reconciliation, plausibility), the check
results, and why a stage was skipped. Rollups are computed on demand and kept by date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity
from inventory.check.linking import Inventory
from inventory.check.parsed import ParsedFile
from inventory.engine.loader import LoadResult
from inventory.engine.owners import EntityRef, OwnerIndex
from inventory.reconcile.checks import CheckResult, RollupCache, Status
from inventory.rollup.scopes import FleetRollup

KIND_ORDER = ("Fleet", "Source", "Region", "DataCenter", "GpuSku", "Report")
FAILING = frozenset({Status.MISMATCH, Status.CONFLICT})
"""Check statuses that say figures contradict each other."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Options that change a verdict: the severities of reconciliation findings.

    None takes the Fleet's ``reconcile:`` setting (else error).
    """

    mismatches: str | None = None
    conflicts: str | None = None


@dataclass(slots=True)
class Verdict:
    """One inventory, judged."""

    load: LoadResult
    diagnostics: Diagnostics
    """Every diagnostic: the load's, then reconciliation's and plausibility's when they ran."""
    checks: list[CheckResult]
    """Each Report figure reconciled (empty when reconciliation was skipped)."""
    skipped: dict[str, str]
    """Stage -> why it did not run (``reconcile``: the inventory has errors)."""
    as_of: dt.date | None
    """The date plausibility was judged at and rollups default to (the Fleet's, or the one asked)."""
    settings: Settings = field(default_factory=Settings)
    rollups: RollupCache | None = None
    _owners: OwnerIndex | None = None

    @property
    def inventory(self) -> Inventory:
        return self.load.inventory

    @property
    def parsed(self) -> list[ParsedFile]:
        return self.load.parsed

    @property
    def cannot_run(self) -> bool:
        return self.load.cannot_run

    @property
    def has_errors(self) -> bool:
        return self.diagnostics.has_errors

    @property
    def reconciled(self) -> bool:
        return "reconcile" not in self.skipped

    def sorted(self) -> list[Diagnostic]:
        return self.diagnostics.sorted()

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics.sorted() if d.severity is Severity.ERROR]

    def failing(self) -> list[CheckResult]:
        """Checks whose status says the figures contradict each other (mismatch, conflict)."""
        return [c for c in self.checks if c.status in FAILING]

    def exit_code(self, *, strict: bool = False) -> int:
        """0 ok, 1 errors (or warnings when ``strict``), 2 a file could not be read."""
        if self.cannot_run:
            return 2
        if self.diagnostics.has_errors or (strict and self.diagnostics.count(Severity.WARNING)):
            return 1
        return 0

    def counts(self) -> dict[str, int]:
        """Entities by kind, in the order summaries list them (kinds with none left out)."""
        counts = Counter(kind for kind, _ in self.inventory.entities())
        return {k: counts[k] for k in KIND_ORDER if counts[k]}

    def rollup(self, as_of: dt.date | None = None) -> FleetRollup | None:
        """The rollup at ``as_of`` (default: the verdict's date); None when there is no date."""
        day = as_of if as_of is not None else self.as_of
        if day is None:
            return None
        if self.rollups is None:
            self.rollups = RollupCache(self.inventory)
        return self.rollups.at(day)

    def owner(self, d: Diagnostic) -> EntityRef | None:
        """The entity ``d`` belongs to (the document holding its line), or None."""
        if self._owners is None:
            self._owners = OwnerIndex(self.inventory, self.parsed)
        return self._owners.owner(d)

    def checks_dated(self, day: dt.date) -> list[CheckResult]:
        """The check results of Reports whose as_of ends on ``day``."""
        return [c for c in self.checks if c.as_of == day]
