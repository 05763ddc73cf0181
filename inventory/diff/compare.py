"""``gpufleet diff``'s engine: two inventories -> a FleetDiff (entities, rollup deltas, check transitions).

Pure: takes loaded inventories and their load diagnostics, returns values for the presenters
(diff_render, diff_markdown, diff_json). The entity matching lives in diff_entities, the figures
and checks in diff_checks; reading the two sides (directories, git revisions) in diff_inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.check.linking import Inventory
from inventory.diff.checks import (
    TRANSITIONS,
    DiagnosticChange,
    RollupDeltas,
    StatusChange,
    diagnostic_changes,
    rollup_deltas,
    status_changes,
)
from inventory.diff.entities import ChangeType, EntityChange, diff_entities
from inventory.reconcile.checks import CheckResult, RollupCache, reconcile, reconcile_diagnostics

__all__ = ["ChangeType", "EntityChange", "FleetDiff", "compare"]


# The whole comparison


@dataclass(frozen=True, slots=True)
class FleetDiff:
    """Everything ``gpufleet diff`` reports: entity changes, rollup deltas, check transitions."""

    changes: tuple[EntityChange, ...]
    rollups: RollupDeltas | None
    """None when neither side has a Fleet (so no date to roll up at) and no date was given."""
    statuses: tuple[StatusChange, ...]
    diagnostics: tuple[DiagnosticChange, ...]
    reconciled: bool = True
    """False when a side has load errors: like validate, reconciliation is then skipped (its sums
    would be off), so ``statuses`` is empty and only the load diagnostics are compared."""
    old_problems: tuple[Diagnostic, ...] = ()
    """Every diagnostic of the old side, as validate would report it: loading, and reconciliation
    when this side has no load error (whatever the other side has)."""
    new_problems: tuple[Diagnostic, ...] = ()

    def problem_counts(self, side: str) -> tuple[int, int]:
        """(errors, warnings) of the ``old`` or ``new`` side."""
        problems = self.old_problems if side == "old" else self.new_problems
        errors = sum(1 for d in problems if d.severity is Severity.ERROR)
        return errors, sum(1 for d in problems if d.severity is Severity.WARNING)

    def counts(self) -> dict[str, int]:
        """How many changes of each type (containers of nested changes aside), moves included."""
        counts = dict.fromkeys((t.value for t in ChangeType), 0)
        for change in self.changes:
            if change.counted or change.type is ChangeType.MOVED:
                counts[change.type.value] += 1
        return counts

    def transitions(self) -> dict[str, int]:
        """Check transitions by kind (TRANSITIONS: newly-failing, fixed, new, gone, changed)."""
        counts = dict.fromkeys(TRANSITIONS, 0)
        for transition in [s.transition for s in self.statuses] + [d.transition for d in self.diagnostics]:
            counts[transition] += 1
        return counts

    @property
    def differs(self) -> bool:
        """True when the fleet differs (moving an entity to another file alone does not count)."""
        rollups_moved = self.rollups is not None and bool(self.rollups.fleet.metrics or self.rollups.regions)
        return any(c.counted for c in self.changes) or rollups_moved or bool(self.statuses or self.diagnostics)


def compare(
    old: Inventory,
    new: Inventory,
    old_diagnostics: Iterable[Diagnostic],
    new_diagnostics: Iterable[Diagnostic],
    *,
    as_of: dt.date | None = None,
) -> FleetDiff:
    """Compare two loaded inventories: entities, rollups and checks.

    Args:
        old: the inventory before.
        new: the inventory after.
        old_diagnostics: the old side's load diagnostics; reconciliation's are added here when
            neither side has a load error.
        new_diagnostics: the new side's.
        as_of: roll both sides up at this date; by default each side at its own Fleet's as_of
            (a side without a Fleet at the other side's date).
    """
    changes = diff_entities(old, new)
    renames: dict[str, dict[str, str]] = {"Region": {}, "Report": {}}
    for change in changes:
        if change.type is ChangeType.RENAMED and change.kind in renames and change.old_id is not None:
            renames[change.kind][change.old_id] = change.id
    old_cache, new_cache = RollupCache(old), RollupCache(new)
    old_day, new_day = _as_of(old, as_of), _as_of(new, as_of)
    deltas = None
    if old_day is not None or new_day is not None:
        old_day, new_day = old_day or new_day, new_day or old_day
        assert old_day is not None
        assert new_day is not None
        region_renames = {n: o for o, n in renames["Region"].items()}
        deltas = rollup_deltas(old_cache.at(old_day), new_cache.at(new_day), region_renames)
    old_loaded, new_loaded = tuple(old_diagnostics), tuple(new_diagnostics)
    old_results = None if _has_errors(old_loaded) else reconcile(old, rollups=old_cache)
    new_results = None if _has_errors(new_loaded) else reconcile(new, rollups=new_cache)
    old_problems, new_problems = _as_validate(old, old_loaded, old_results), _as_validate(new, new_loaded, new_results)
    reconciled = old_results is not None and new_results is not None
    statuses: list[StatusChange] = []
    if old_results is not None and new_results is not None:
        statuses = status_changes(old_results, new_results, renames["Report"])
        checks = diagnostic_changes(old_problems, new_problems)
    else:  # one side was not reconciled: compare what both sides have, the load diagnostics
        checks = diagnostic_changes(old_loaded, new_loaded)
    return FleetDiff(tuple(changes), deltas, tuple(statuses), tuple(checks), reconciled, old_problems, new_problems)


def _has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def _as_validate(
    inventory: Inventory, loaded: tuple[Diagnostic, ...], results: list[CheckResult] | None
) -> tuple[Diagnostic, ...]:
    """One side's diagnostics as ``validate`` reports them: with its reconciliation ``results``
    when that side loaded without errors (None otherwise).

    Why per side: the other side's errors stop the comparison of reconciliations, not this side's
    own count (a valid side's warnings are the same whatever it is compared with).
    """
    if results is None:
        return loaded
    return loaded + tuple(reconcile_diagnostics(inventory, results=results))


def _as_of(inventory: Inventory, given: dt.date | None) -> dt.date | None:
    if given is not None:
        return given
    return inventory.fleet.as_of.last if inventory.fleet is not None else None
