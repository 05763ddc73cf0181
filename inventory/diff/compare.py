"""``gpufleet diff``'s engine: two inventories -> a FleetDiff (entities, rollup deltas, check transitions).

Pure: takes loaded inventories and their load diagnostics, returns values for the presenters
(diff_render, diff_markdown, diff_json). The entity matching lives in diff_entities, the figures
and checks in diff_checks; reading the two sides (directories, git revisions) in diff_inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
from inventory.diff.over_time import OverTime, over_time
from inventory.engine import Verdict
from inventory.reconcile.checks import CheckResult

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
    new_failing: tuple[CheckResult, ...] = ()
    """The checks that fail on the new side, changed or not: the state the change leaves."""
    new_skipped: str | None = None
    """Why the new side was not reconciled, when it was not."""
    over_time: OverTime | None = None
    """Rollup deltas at each date of a series (``--from/--to/--every`` or ``--at``); None when none was asked."""

    @property
    def new_validates(self) -> bool:
        """True when the new side passes validate (no error)."""
        return not any(d.severity is Severity.ERROR for d in self.new_problems)

    def after(self) -> str:
        """The state the change leaves, in a few words: ``NEW validates``, ``NEW: 2 errors, 1 failing check``."""
        errors, _ = self.problem_counts("new")
        n = len(self.new_failing)
        failing = f"{n} failing check{'s' * (n != 1)}"
        if errors:
            return f"NEW does not validate: {errors} error{'s' * (errors != 1)}" + (f", {failing}" if n else "")
        return "NEW validates" + (f" ({failing} at severity warning)" if n else "")

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
        over_time_moved = self.over_time is not None and bool(self.over_time.changed)
        return (
            any(c.counted for c in self.changes)
            or rollups_moved
            or over_time_moved
            or bool(self.statuses or self.diagnostics)
        )


def compare(
    old: Verdict, new: Verdict, *, as_of: dt.date | None = None, days: Sequence[dt.date] | None = None
) -> FleetDiff:
    """Compare the engine's verdicts on two inventories: entities, rollups and checks.

    Args:
        old: the verdict on the inventory before.
        new: the verdict on the inventory after.
        as_of: roll both sides up at this date; by default each side at its own Fleet's as_of
            (a side without a Fleet at the other side's date).
        days: also compare both sides' rollups at each of these dates (``FleetDiff.over_time``).
    """
    changes = diff_entities(old.inventory, new.inventory)
    renames: dict[str, dict[str, str]] = {"Region": {}, "Report": {}}
    for change in changes:
        if change.type is ChangeType.RENAMED and change.kind in renames and change.old_id is not None:
            renames[change.kind][change.old_id] = change.id
    old_day, new_day = _as_of(old.inventory, as_of), _as_of(new.inventory, as_of)
    deltas = None
    region_renames = {n: o for o, n in renames["Region"].items()}
    if old_day is not None or new_day is not None:
        old_day, new_day = old_day or new_day, new_day or old_day
        old_rollup, new_rollup = old.rollup(old_day), new.rollup(new_day)
        assert old_rollup is not None
        assert new_rollup is not None
        deltas = rollup_deltas(old_rollup, new_rollup, region_renames)
    reconciled = old.reconciled and new.reconciled
    statuses: list[StatusChange] = []
    if reconciled:
        statuses = status_changes(old.checks, new.checks, renames["Report"])
        checks = diagnostic_changes(old.diagnostics, new.diagnostics)
    else:  # one side was not reconciled: compare what both sides have, the load diagnostics
        checks = diagnostic_changes(old.load.diagnostics, new.load.diagnostics)
    return FleetDiff(
        tuple(changes),
        deltas,
        tuple(statuses),
        tuple(checks),
        reconciled,
        tuple(old.diagnostics),
        tuple(new.diagnostics),
        tuple(new.failing()),
        new.skipped.get("reconcile"),
        over_time(old.inventory, new.inventory, days, region_renames) if days is not None else None,
    )


def _as_of(inventory: Inventory, given: dt.date | None) -> dt.date | None:
    if given is not None:
        return given
    return inventory.fleet.as_of.last if inventory.fleet is not None else None
