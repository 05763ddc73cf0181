"""Diff mode: the inventory at a git revision, and what changed since, as marks on tree nodes.

The revision's files come from git objects (``inventory.diff.inputs``, no checkout); the entity
matching is the core's (``inventory.diff.entities``): by kind and id, renames through
``formerly``, power allocations and GPU deployments inside their data center. Here the changes
become NodeKey -> mark, with the old entity kept for removed and changed nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inventory.check.linking import Inventory
from inventory.diff.entities import ChangeType, EntityChange, FieldChange, diff_entities
from inventory.diff.inputs import load_sides, resolve_sides
from inventory.engine import Verdict
from tui.model import nodes
from tui.model.nodes import NodeKey

MARK_OF = {
    ChangeType.ADDED: "added",
    ChangeType.REMOVED: "removed",
    ChangeType.CHANGED: "changed",
    ChangeType.RENAMED: "changed",
}
"""Tree mark per change type; a mere move to another file is no change of the fleet."""


@dataclass
class DiffMarks:
    """What the tree and the detail pane show in diff mode."""

    revision: str
    marks: dict[NodeKey, str] = field(default_factory=dict)
    old: dict[NodeKey, Any] = field(default_factory=dict)
    """The entity at the revision, for removed and changed nodes."""
    fields: dict[NodeKey, list[FieldChange]] = field(default_factory=dict)


def load_revision(path: Path, revision: str, cwd: Path) -> Verdict:
    """The inventory under ``path`` as it was at ``revision`` (read from git objects).

    Raises:
        UsageError: not a git repository, an unknown revision, or no YAML there at that revision.
    """
    old, _ = resolve_sides([revision], str(path), cwd)
    # Both sides are the revision: load_sides parses each distinct (file, content) once, so
    # asking for the same side twice costs one parse and no working-tree read.
    side, _ = load_sides(old, old, cwd)
    return side.verdict


def _index(inventory: Inventory, dc_id: str | None, kind: str, item_id: str) -> int:
    dc = inventory.datacenters.get(dc_id or "")
    items = (dc.power if kind == nodes.POWER else dc.gpus) if dc is not None else []
    return next((i for i, item in enumerate(items) if item.id == item_id), -1)


def _key(change: EntityChange, old: Inventory, new: Inventory) -> NodeKey:
    if change.parent is None:
        return NodeKey(change.kind, change.id)
    side = old if change.type is ChangeType.REMOVED else new
    return NodeKey(change.kind, change.id, change.parent, _index(side, change.parent, change.kind, change.id))


def diff_marks(old: Inventory, new: Inventory, revision: str) -> DiffMarks:
    """Mark every node added, removed or changed from ``old`` (at ``revision``) to ``new``."""
    found = DiffMarks(revision)
    for change in diff_entities(old, new):
        mark = MARK_OF.get(change.type)
        if mark is None or (change.type is ChangeType.CHANGED and not change.counted):
            continue
        key = _key(change, old, new)
        found.marks[key] = mark
        if change.old is not None:
            found.old[key] = change.old
        rows = list(change.fields)
        if change.old_id is not None and change.old_id != change.id:
            rows.insert(0, FieldChange(("id",), change.old_id, change.id))
        if rows:
            found.fields[key] = rows
    return found
