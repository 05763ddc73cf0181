"""The engine: one call, ``check(source)``, runs the whole pipeline and returns a Verdict.

    read (sources, loader) -> parse -> validate -> link and cross checks
        -> reconciliation and plausibility (skipped, with the reason, while there are errors)
        -> rollups on demand (``Verdict.rollup``)

Every door (validate, rollup, reconcile, each side of diff, the TUI on every load, the editor
server) gets its answer here and nowhere else, so they cannot disagree. ``engine.cache`` keeps
parses and whole answers between runs (content-addressed, see cache.py).

The names below are imported on first use (PEP 562): ``inventory.engine.cache`` and
``inventory.engine.sources`` stay light (no pydantic, no YAML reader), so a run answered from the
cache never pays for building the models.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inventory.engine.check import check, judge, load_inventory
    from inventory.engine.loader import Loader, LoadResult
    from inventory.engine.owners import EntityRef
    from inventory.engine.sources import Paths, Revision, Source, Texts
    from inventory.engine.verdict import Settings, Verdict

_WHERE = {
    "check": "check",
    "judge": "check",
    "load_inventory": "check",
    "Loader": "loader",
    "LoadResult": "loader",
    "EntityRef": "owners",
    "Paths": "sources",
    "Revision": "sources",
    "Source": "sources",
    "Texts": "sources",
    "Settings": "verdict",
    "Verdict": "verdict",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'inventory.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"inventory.engine.{module}"), name)
    globals()[name] = value
    return value


class _Engine(types.ModuleType):
    """The package, whose names never turn into submodules: importing ``inventory.engine.check``
    (the module) would otherwise bind ``inventory.engine.check`` to it, hiding the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable through sys.modules and ``from ... import``
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Engine
