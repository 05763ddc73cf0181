"""FleetScreen: the tree on the left; the detail and the scope's rollup and checks on the right.

``/`` opens an incremental filter above the tree (Enter keeps it, named under the tree, and
returns to the tree; Escape clears it; the selection stays on the same entity either way); ``n``/``N`` walk its matches.
Jumps from the problems and reports views, and ``:``, land here through ``reveal``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Footer, Input

from tui import keys
from tui.model.nodes import NodeKey
from tui.model.timeline import scope_timeline
from tui.screens.base import ViewScreen
from tui.screens.timeline import TimelineModal
from tui.text import safe
from tui.widgets import DetailPanel, FleetTree, RollupPanel
from tui.widgets.detail_panel import entity_id


class FleetScreen(ViewScreen):
    """Browse the fleet."""

    AUTO_FOCUS = "FleetTree"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings(keys.FLEET)

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        with Horizontal(id="fleet-body"):
            with Vertical(id="tree-pane"):
                yield Input(placeholder="filter by id, name, state or SKU", id="filter")
                yield FleetTree(self.view, id="tree")
            with Vertical(id="side-pane"):
                yield DetailPanel(id="detail")
                yield RollupPanel(id="rollup")
        yield Footer()

    @property
    def fleet_tree(self) -> FleetTree:
        return self.query_one(FleetTree)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    def refresh_view(self) -> None:
        self.fleet_tree.show(self.view, self.view.search(self.filter_input.value))
        self._describe_filter()
        self.show_details(self.current_key())

    def current_key(self) -> NodeKey:
        node = self.fleet_tree.cursor_node
        return node.data if node is not None and node.data is not None else self.view.root

    def show_details(self, key: NodeKey) -> None:
        self.query_one(DetailPanel).show(self.view, key)
        self.query_one(RollupPanel).show(self.view, key)

    def on_fleet_tree_entity_highlighted(self, message: FleetTree.EntityHighlighted) -> None:
        self.show_details(message.key)

    def selected_location(self) -> tuple[str, int] | None:
        return self.view.location(self.current_key())

    def selected_id(self) -> str | None:
        return entity_id(self.view, self.current_key())

    def reveal(self, key: NodeKey) -> bool:
        """Put the cursor on ``key``, clearing a filter that hides it. False if it is not in the tree."""
        if self.fleet_tree.reveal(key):
            return True
        if self.filter_input.value:
            self.action_clear_filter()
            return self.fleet_tree.reveal(key)
        return False

    # -- filter --------------------------------------------------------------------------------

    def show_unfiltered(self) -> None:
        self.fleet_tree.show(self.view, self.view.search(""))
        self._describe_filter()

    def main_widget(self) -> Widget:
        return self.fleet_tree

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fleet_tree.show(self.view, self.view.search(event.value))
        self._describe_filter()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        """Enter keeps the filter (named under the tree) and gives the tree the keys."""
        self.remove_class("filtering")
        self.set_focus(self.fleet_tree)
        self._describe_filter()

    def _describe_filter(self) -> None:
        search = self.fleet_tree.search
        n = len(search.matched)
        found = f"{n:,} match{'es' * (n != 1)} · n/N"
        if search.needle and not self.has_class("filtering"):
            found = f"/{safe(search.needle)}: {found}"
        self.fleet_tree.border_subtitle = found if search.needle else ""

    def action_timeline(self) -> None:
        found = scope_timeline(self.view, self.current_key())
        self.app.push_screen(TimelineModal(found, int(self.size.width * 0.95) - 6))

    def action_next_match(self) -> None:
        self._step(forward=True)

    def action_previous_match(self) -> None:
        self._step(forward=False)

    def _step(self, forward: bool) -> None:
        if self.fleet_tree.step_match(forward) is None:
            self.notify("No filter matches: / filters the tree.", severity="warning", timeout=2)
        self.set_focus(self.fleet_tree)
