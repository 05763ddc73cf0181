"""Messages that cross screens: a new load is ready, a problem or report asks for a tree node.

A widget's own messages are nested in its class (``FleetTree.EntityHighlighted``); these are
the ones several screens and the app exchange.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.model.nodes import NodeKey


@dataclass
class InventoryReloaded(Message):
    """The app holds a new view (a reload, a new as-of date, diff mode on or off)."""

    generation: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, InventoryReloaded)


@dataclass
class JumpRequested(Message):
    """Show ``key`` in the fleet tree (from the problems or the reports view)."""

    key: NodeKey
