"""``check(source) -> Verdict``: the pipeline, stage after stage, in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from inventory.base.diagnostics import Diagnostics, Severity
from inventory.engine.loader import Loader, LoadResult
from inventory.engine.sources import Paths, Source
from inventory.engine.verdict import Settings, Verdict
from inventory.reconcile.checks import RollupCache, check_diagnostics, reconcile
from inventory.reconcile.plausibility import plausibility


def check(
    source: Source,
    *,
    as_of: dt.date | None = None,
    settings: Settings | None = None,
    loader: Loader | None = None,
) -> Verdict:
    """Judge the inventory ``source`` holds.

    Args:
        source: paths on disk, a folder of a git revision, or texts in memory.
        as_of: the date plausibility is judged at and rollups default to (default: the Fleet's).
        settings: severities of reconciliation findings (default: the Fleet's settings).
        loader: a loader to reuse the parses of earlier loads (the TUI, the editor server).

    Raises:
        UsageError: a path given does not exist or holds no YAML file.
    """
    return judge((loader or Loader()).load(source), as_of=as_of, settings=settings)


def judge(load: LoadResult, *, as_of: dt.date | None = None, settings: Settings | None = None) -> Verdict:
    """The verdict on an inventory already loaded (``check`` without the read; diff loads both
    sides in one batch, then judges each)."""
    settings = settings or Settings()
    inventory = load.inventory
    diagnostics = Diagnostics(load.diagnostics)
    day = as_of if as_of is not None else (inventory.fleet.as_of.last if inventory.fleet is not None else None)
    skipped: dict[str, str] = {}
    rollups = RollupCache(inventory)
    checks = []
    if load.cannot_run:
        skipped["reconcile"] = "a file could not be read"
    elif diagnostics.has_errors:
        errors = diagnostics.count(Severity.ERROR)
        skipped["reconcile"] = (
            f"the inventory has {errors} error{'s' * (errors != 1)}; fix them first (entities with errors are "
            "left out, so every sum would be off)"
        )
    else:
        checks = reconcile(inventory, rollups=rollups)
        diagnostics.extend(
            check_diagnostics(
                inventory, checks, mismatch_severity=settings.mismatches, conflict_severity=settings.conflicts
            )
        )
        diagnostics.extend(plausibility(inventory, day))
    return Verdict(load, diagnostics, checks, skipped, day, settings, rollups)


def load_inventory(paths: Sequence[Path | str]) -> LoadResult:
    """The load stage alone for paths on disk (tests of the stages below the engine use it).

    Raises:
        UsageError: a path is empty text, does not exist or holds no YAML file.
    """
    return Loader().load(Paths.of(paths))
