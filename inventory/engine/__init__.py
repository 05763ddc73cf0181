"""The engine: one call, ``check(source)``, runs the whole pipeline and returns a Verdict.

    read (sources, loader) -> parse -> validate -> link and cross checks
        -> reconciliation and plausibility (skipped, with the reason, while there are errors)
        -> rollups on demand (``Verdict.rollup``)

Every door (validate, rollup, reconcile, each side of diff, the TUI on every load, the editor
server) gets its answer here and nowhere else, so they cannot disagree.
"""

from __future__ import annotations

from inventory.engine.check import check, judge, load_inventory
from inventory.engine.loader import Loader, LoadResult
from inventory.engine.owners import EntityRef
from inventory.engine.sources import Paths, Revision, Source, Texts
from inventory.engine.verdict import Settings, Verdict

__all__ = [
    "EntityRef",
    "LoadResult",
    "Loader",
    "Paths",
    "Revision",
    "Settings",
    "Source",
    "Texts",
    "Verdict",
    "check",
    "judge",
    "load_inventory",
]
