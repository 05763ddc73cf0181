"""Honest reloads: which files no longer read or parse, and the entities they held at the last good read.

A reload that meets a file it cannot read or parse (saved half-way, an unclosed quote, bytes that
are not UTF-8) still shows what the files say now: figures and problems come from the engine's
verdict on the files as they are. What the broken file held is not dropped silently, nor shown as
current: its entities are carried from the last view that had them, marked stale, until the file
parses again.
"""

from __future__ import annotations

from typing import Any

from inventory.base.diagnostics import Diagnostic
from inventory.engine import Verdict
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.model.view import FleetView

UNREADABLE = frozenset({"unreadable-file", "not-utf8", "empty-file", "yaml-syntax", "too-many-problems"})
"""Codes that mean a file's content could not be read as YAML at all."""
ENTITY_KINDS = (nodes.REGION, nodes.DATACENTER, nodes.SKU, nodes.SOURCE, nodes.REPORT)


def broken_files(verdict: Verdict) -> dict[str, Diagnostic]:
    """Each file that failed to read or parse, with the first problem found in it."""
    found: dict[str, Diagnostic] = {}
    for d in verdict.sorted():
        if d.code in UNREADABLE:
            found.setdefault(d.file, d)
    return found


def stale_entities(
    previous: FleetView, verdict: Verdict, broken: dict[str, Diagnostic]
) -> dict[NodeKey, tuple[Any, str]]:
    """The entities the broken files held in ``previous`` and no longer hold in ``verdict``: key -> (entity, file)."""
    found = {k: (previous.old[k], f) for k, f in previous.stale.items() if f in broken}
    old, new = previous.inventory, verdict.inventory
    for kind in ENTITY_KINDS:
        for id_, entity in old.by_kind(kind).items():
            origin = old.origin(kind, id_)
            if origin is not None and origin.file in broken:
                found[NodeKey(kind, id_)] = (entity, origin.file)
    return {k: v for k, v in found.items() if new.by_kind(k.kind).get(k.id) is None}


def describe(broken: dict[str, Diagnostic], stale: int) -> str:
    """The notice bar's text for files that no longer parse."""
    parts = []
    for file, d in broken.items():
        where = f"{file}:{d.line}:{d.col}" if d.line is not None else file
        parts.append(f"{where} does not parse ({d.code}: {d.message})")
    shown = f"; {stale} entit{'y' if stale == 1 else 'ies'} shown as last read, marked ◇ stale" if stale else ""
    return "; ".join(parts) + shown
