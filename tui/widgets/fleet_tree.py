"""FleetTree: the fleet as a lazily built tree, with badges, diff marks and an incremental filter.

Children are added when a node is first expanded, so the first screen of a million-GPU fleet
costs the handful of top-level nodes. A reload, an as-of change or a new filter rebuilds the tree
and restores what was expanded and the selection by its key (never by its row): the branch down
to it is opened and it is scrolled into view; when the filter hides it, the nearest shown
ancestor is selected. ``n``/``N`` walk the filter's matches in the order the tree shows them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui import keys
from tui.labels import node_label
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.model.view import FleetView, Search

AUTO_EXPAND_LIMIT = 200
"""A filter with at most this many matches opens every branch that leads to one."""


class FleetTree(Tree[NodeKey]):
    """The fleet tree. Node data is a NodeKey; labels come from ``tui.labels``."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.bindings(keys.MOVE), *keys.bindings(keys.TREE)]
    EXPANDABLE = frozenset(
        {nodes.FLEET, nodes.GROUP, nodes.REGION, nodes.DATACENTER, nodes.SKU_GROUP, nodes.MONTH_GROUP}
    )

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
        self._wanted: NodeKey | None = None
        """The key being selected (its landing waits for a refresh); a rebuild before then keeps it."""
        self._order: tuple[Search, dict[NodeKey, int], list[int], list[NodeKey]] | None = None
        """For n/N: (the search, display position of each shown node, positions of the matches, matches)."""

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
        cursor = self._wanted or (self.cursor_node.data if self.cursor_node is not None else None)
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
        self.select_key(target)

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
            can_expand = key.kind in self.EXPANDABLE and bool(self.view.children(key))
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

    def select_key(self, key: NodeKey) -> NodeKey:
        """Select ``key`` (or, when it is gone or filtered out, its nearest ancestor shown) by its key.

        Returns:
            The key selected.
        """
        self._wanted = key
        for candidate in [key, *reversed(self.view.ancestors(key))]:
            node = self._open_down_to(candidate)
            if node is not None:
                self.call_after_refresh(self._land, node)
                return candidate
        self.call_after_refresh(self._land, self.root)
        return self.view.root

    def _land(self, node: TreeNode[NodeKey]) -> None:
        """Put the cursor on ``node``, scroll it into view and say so (a same-row move posts nothing)."""
        self._wanted = None
        if node.tree is not self or self.find(node.data) is not node:
            return  # a rebuild since: it lands on its own
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)
        if node.data is not None:
            self.post_message(self.EntityHighlighted(node.data))

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
        node = self._open_down_to(key)
        if node is None:
            return False
        self._wanted = key
        self.call_after_refresh(self._land, node)
        return True

    def _open_down_to(self, key: NodeKey) -> TreeNode[NodeKey] | None:
        """Expand the branch down to ``key``, building it as needed; its node, or None when not shown."""
        if key == self.root.data:
            return self.root
        chain = self.view.ancestors(key)
        if not chain or chain[0] != self.root.data:
            return None
        node = self.root
        for step in [*chain[1:], key]:
            self._fill(node)
            node.expand()
            child = next((c for c in node.children if c.data == step), None)
            if child is None:
                return None
            node = child
        return node

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

    def action_first(self) -> None:
        self.action_scroll_home()

    def action_last(self) -> None:
        self.action_scroll_end()

    # -- n / N ---------------------------------------------------------------------------------

    def _match_order(self) -> tuple[dict[NodeKey, int], list[int], list[NodeKey]]:
        """Display positions of the nodes the filter shows (matches and their ancestors), once per filter."""
        if self._order is None or self._order[0] is not self.search:
            shown = self.search.matched | self.search.ancestors
            position: dict[NodeKey, int] = {}
            stack = [self.view.root]
            while stack:
                key = stack.pop()
                position[key] = len(position)
                stack.extend(reversed([k for k in self.view.children(key) if k in shown]))
            matches = sorted((k for k in self.search.matched if k in position), key=position.__getitem__)
            self._order = (self.search, position, [position[k] for k in matches], matches)
        return self._order[1:]

    def step_match(self, forward: bool) -> NodeKey | None:
        """Select the next (or previous) match after the cursor, wrapping; None without a filter."""
        if not self.search.needle or not self.search.matched:
            return None
        position, spots, matches = self._match_order()
        if not matches:
            return None
        key: NodeKey | None = self._wanted or (self.cursor_node.data if self.cursor_node is not None else None)
        while key is not None and key not in position:
            key = self.view.parent(key)
        here = position.get(key, -1) if key is not None else -1
        if forward:
            i = bisect_right(spots, here)
            target = matches[i % len(matches)]
        else:
            i = bisect_left(spots, here) - 1
            target = matches[i]  # -1 wraps to the last
        self.reveal(target)
        return target
