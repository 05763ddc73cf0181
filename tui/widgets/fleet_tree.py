"""FleetTree: the fleet as a lazily built tree, with badges, diff marks and an incremental filter.

Children are added when a node is first expanded, so the first screen of a million-GPU fleet
costs the handful of top-level nodes. A reload or a new filter rebuilds the tree and restores
what was expanded and where the cursor was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.labels import node_label
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.model.view import FleetView, Search

AUTO_EXPAND_LIMIT = 200
"""A filter with at most this many matches opens every branch that leads to one."""


class FleetTree(Tree[NodeKey]):
    """The fleet tree. Node data is a NodeKey; labels come from ``tui.labels``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "collapse_or_parent", "Collapse", show=False),
        Binding("right", "expand_node", "Expand", show=False),
    ]

    @dataclass
    class EntityHighlighted(Message):
        """The cursor moved to a node."""

        key: NodeKey

    def __init__(self, view: FleetView, *, id: str | None = None) -> None:
        super().__init__(node_label(view, view.root), data=view.root, id=id)
        self.view = view
        self.search = Search("")
        self.guide_depth = 3
        self._filled: set[int] = set()

    def on_mount(self) -> None:
        self.rebuild()

    # -- building ------------------------------------------------------------------------------

    def show(self, view: FleetView, search: Search | None = None) -> None:
        """Show ``view`` (after a reload, an as-of change, a new filter), keeping the cursor and expansions."""
        self.view = view
        if search is not None:
            self.search = search
        self.rebuild()

    def rebuild(self) -> None:
        expanded = self._expanded_keys()
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        self._filled.clear()
        self.root.data = self.view.root
        self.root.set_label(node_label(self.view, self.view.root))
        self._fill(self.root)
        self.root.expand()
        opened = set(expanded)
        if self.search.needle and len(self.search.matched) <= AUTO_EXPAND_LIMIT:
            opened |= self.search.ancestors
        self._open(self.root, opened)
        target = cursor if cursor is not None else self.view.root
        self.call_after_refresh(self._restore_cursor, target)

    def _expanded_keys(self) -> set[NodeKey]:
        found: set[NodeKey] = set()
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.is_expanded and node.data is not None:
                found.add(node.data)
                stack.extend(node.children)
        return found

    def _open(self, node: TreeNode[NodeKey], keys: set[NodeKey]) -> None:
        for child in node.children:
            if child.data in keys:
                self._fill(child)
                child.expand()
                self._open(child, keys)

    def _visible(self, key: NodeKey, under_match: bool) -> bool:
        s = self.search
        return not s.needle or under_match or key in s.matched or key in s.ancestors

    def _under_match(self, node: TreeNode[NodeKey]) -> bool:
        while node is not None:
            if node.data in self.search.matched:
                return True
            node = node.parent  # type: ignore[assignment]
        return False

    def _fill(self, node: TreeNode[NodeKey]) -> None:
        """Add the children of ``node`` once (the lazy step)."""
        if node.id in self._filled or node.data is None:
            return
        self._filled.add(node.id)
        under = bool(self.search.needle) and self._under_match(node)
        for key in self.view.children(node.data):
            if not self._visible(key, under):
                continue
            can_expand = key.kind in (nodes.FLEET, nodes.GROUP, nodes.REGION, nodes.DATACENTER) and bool(
                self.view.children(key)
            )
            node.add(node_label(self.view, key), data=key, allow_expand=can_expand)

    def render_label(self, node: TreeNode[NodeKey], base_style: Style, style: Style) -> Text:
        """The label cut to the pane with an ellipsis (the name goes first, then the figures)."""
        text = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 1 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeKey]) -> None:
        self._fill(event.node)

    # -- cursor --------------------------------------------------------------------------------

    def _restore_cursor(self, key: NodeKey) -> None:
        node = self.find(key) or self.find(self.view.parent(key)) if key is not None else None
        self.move_cursor(node or self.root)

    def find(self, key: NodeKey | None) -> TreeNode[NodeKey] | None:
        """The node showing ``key`` among those built, or None."""
        if key is None:
            return None
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.data == key:
                return node
            if node.id in self._filled:
                stack.extend(node.children)
        return None

    def reveal(self, key: NodeKey) -> bool:
        """Expand the branch down to ``key`` (building it as needed) and put the cursor on it.

        Returns:
            False when ``key`` is not in the tree (an entity that failed validation, or filtered out).
        """
        node = self.root
        for step in [*self.view.ancestors(key)[1:], key]:
            self._fill(node)
            node.expand()
            child = next((c for c in node.children if c.data == step), None)
            if child is None:
                return False
            node = child
        self.call_after_refresh(self.move_cursor, node)
        return True

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeKey]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.EntityHighlighted(event.node.data))

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    def action_expand_node(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            self._fill(node)
            node.expand()
