"""Which tree node each diagnostic belongs to, and the badge counts, computed once per load.

The engine's verdict knows the entity each diagnostic belongs to (``Verdict.owner``); here that
entity becomes a tree node, and badge counts are summed up the tree in one pass:
O(diagnostics x depth), never per node per render.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.engine import EntityRef, Verdict
from tui.model.nodes import PARTS, NodeKey


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


def _node(ref: EntityRef | None) -> NodeKey | None:
    """The tree node of the engine's owner of a diagnostic."""
    if ref is None:
        return None
    if ref.part is None or ref.part_id is None or ref.index is None:
        return NodeKey(ref.kind, ref.id)
    return NodeKey(PARTS[ref.part], ref.part_id, ref.id, ref.index)


def index_problems(verdict: Verdict, parent_of: Callable[[NodeKey], NodeKey | None], root: NodeKey) -> ProblemIndex:
    """Assign every diagnostic of the verdict to its node and count errors and warnings up the tree.

    Args:
        verdict: the engine's verdict: its diagnostics are validate's, and it knows their owners.
        parent_of: the tree's parent relation.
        root: the fleet node: a problem that belongs to no entity still counts there.
    """
    index = ProblemIndex()
    for d in verdict.sorted():
        owner = _node(verdict.owner(d))
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
