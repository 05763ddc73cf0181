"""Which entity each diagnostic belongs to: the document holding its line, and the power block or
GPU deployment its data path points into.

A diagnostic names a file, a line and a data path. Its entity is the document of that file that
starts at or before the line (bisection over the documents' starts); inside a data center, the
path's first two steps (``power``/``gpus`` and an index) pick a part. Built once per verdict, on
demand: validate never needs it, the TUI and the editor server do.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from inventory.base.diagnostics import Diagnostic
from inventory.check.linking import Inventory
from inventory.check.parsed import ParsedFile

PARTS = ("power", "gpus")
"""The parts of a data center a diagnostic can point into."""


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity (kind and id), or a part of a data center (``part`` and its ``index`` there)."""

    kind: str
    id: str
    part: str | None = None
    """``power`` or ``gpus`` for a power block or GPU deployment of the data center ``id``."""
    index: int | None = None
    part_id: str | None = None
    """The part's own id."""


class OwnerIndex:
    """(diagnostic) -> the entity whose document holds it."""

    def __init__(self, inventory: Inventory, parsed: Iterable[ParsedFile]) -> None:
        self._entity_at: dict[tuple[str, int], tuple[str, str]] = {
            (origin.file, origin.document.index): key for key, origin in inventory.origins.items()
        }
        self._starts: dict[str, tuple[list[int], list[int]]] = {}
        for pf in parsed:
            docs = sorted(pf.documents, key=lambda d: d.start)
            self._starts[pf.file] = ([d.start[0] + 1 for d in docs], [d.index for d in docs])
        self._inventory = inventory

    def owner(self, d: Diagnostic) -> EntityRef | None:
        if d.line is None or d.file not in self._starts:
            return None
        lines, indexes = self._starts[d.file]
        at = bisect.bisect_right(lines, d.line) - 1
        if at < 0:
            return None
        key = self._entity_at.get((d.file, indexes[at]))
        if key is None:
            return None
        entity = EntityRef(*key)
        if key[0] != "DataCenter" or len(d.path) < 2:
            return entity
        part, index = d.path[0], d.path[1]
        dc = self._inventory.datacenters.get(key[1])
        if dc is None or part not in PARTS or not isinstance(index, int):
            return entity
        items = dc.power if part == "power" else dc.gpus
        if not 0 <= index < len(items):
            return entity
        return EntityRef(key[0], key[1], str(part), index, items[index].id)
