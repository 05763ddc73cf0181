"""Which tree node each diagnostic belongs to, and the badge counts, computed once per load.

A diagnostic names a file, a line and a data path; the entity it belongs to is the document of
that file that starts at or before the line (by bisection over the documents' starts), and the
path's first steps pick a power allocation or GPU deployment inside a data center. Badge counts
are then summed up the tree in one pass: O(diagnostics x depth), never per node per render.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.check.linking import Inventory
from inventory.engine.loading import ParsedFile
from tui.nodes import DATACENTER, PARTS, NodeKey


@dataclass(slots=True)
class Badge:
    """What is wrong at or below one node."""

    errors: int = 0
    warnings: int = 0
    failing_checks: int = 0

    def __bool__(self) -> bool:
        return bool(self.errors or self.warnings or self.failing_checks)


@dataclass(slots=True)
class ProblemIndex:
    """Diagnostics with their owning node, and the badge of every node that has one."""

    owners: list[tuple[Diagnostic, NodeKey | None]] = field(default_factory=list)
    badges: dict[NodeKey, Badge] = field(default_factory=lambda: defaultdict(Badge))
    by_node: dict[NodeKey, list[Diagnostic]] = field(default_factory=lambda: defaultdict(list))

    def badge(self, key: NodeKey) -> Badge:
        return self.badges.get(key) or Badge()

    def add_failing_check(self, key: NodeKey | None, parent_of: Callable[[NodeKey], NodeKey | None]) -> None:
        """Count one failing check at ``key`` and every node above it."""
        for node in _chain(key, parent_of):
            self.badges[node].failing_checks += 1


def _chain(key: NodeKey | None, parent_of: Callable[[NodeKey], NodeKey | None]) -> Iterable[NodeKey]:
    while key is not None:
        yield key
        key = parent_of(key)


class _DocumentFinder:
    """(file, line) -> the entity whose document holds that line."""

    def __init__(self, inventory: Inventory, parsed: Iterable[ParsedFile]) -> None:
        entity_at: dict[tuple[str, int], NodeKey] = {}
        for (kind, id_), origin in inventory.origins.items():
            entity_at[(origin.file, origin.document.index)] = NodeKey(kind, id_)
        self.entity_at = entity_at
        self.starts: dict[str, tuple[list[int], list[int]]] = {}
        for pf in parsed:
            docs = sorted(pf.documents, key=lambda d: d.start)
            self.starts[pf.file] = ([d.start[0] + 1 for d in docs], [d.index for d in docs])
        self.inventory = inventory

    def owner(self, d: Diagnostic) -> NodeKey | None:
        if d.line is None or d.file not in self.starts:
            return None
        lines, indexes = self.starts[d.file]
        at = bisect.bisect_right(lines, d.line) - 1
        if at < 0:
            return None
        key = self.entity_at.get((d.file, indexes[at]))
        if key is None or key.kind != DATACENTER or len(d.path) < 2:
            return key
        part, index = d.path[0], d.path[1]
        dc = self.inventory.datacenters.get(key.id)
        if dc is None or part not in PARTS or not isinstance(index, int):
            return key
        items = dc.power if part == "power" else dc.gpus
        if not 0 <= index < len(items):
            return key
        return NodeKey(PARTS[str(part)], items[index].id, key.id, index)


def index_problems(
    inventory: Inventory,
    parsed: Iterable[ParsedFile],
    diagnostics: Iterable[Diagnostic],
    parent_of: Callable[[NodeKey], NodeKey | None],
    root: NodeKey,
) -> ProblemIndex:
    """Assign every diagnostic to its node and count errors and warnings up the tree.

    Args:
        inventory: the linked inventory.
        parsed: the parsed files (their documents' starts locate the entities).
        diagnostics: every problem of the load.
        parent_of: the tree's parent relation.
        root: the fleet node: a problem that belongs to no entity still counts there.
    """
    finder = _DocumentFinder(inventory, parsed)
    index = ProblemIndex()
    for d in sorted(diagnostics, key=lambda d: d.sort_key):
        owner = finder.owner(d)
        index.owners.append((d, owner))
        if owner is not None:
            index.by_node[owner].append(d)
        if d.severity is Severity.INFO:
            continue
        for node in _chain(owner, parent_of) if owner is not None else (root,):
            badge = index.badges[node]
            if d.severity is Severity.ERROR:
                badge.errors += 1
            else:
                badge.warnings += 1
    return index
