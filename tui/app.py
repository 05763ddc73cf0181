"""The Textual app: an inventory loaded by the core, shown read-only."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from inventory.loading import LoadResult, load_inventory


class InventoryApp(App[None]):
    """Browse a loaded inventory. It never writes a file."""

    TITLE = "gpufleet"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, result: LoadResult, *, source: Path | None = None) -> None:
        super().__init__()
        self.result = result
        self.source = source

    def compose(self) -> ComposeResult:
        yield Header()
        fleet = self.result.inventory.fleet
        yield Static(f"{fleet.name if fleet else 'no Fleet'}: {len(self.result.diagnostics)} problems", markup=False)
        yield Footer()


def build_app(path: str = ".") -> InventoryApp:
    """Load the inventory at ``path`` and build the app (used by `gpufleet tui` and tui-shot)."""
    return InventoryApp(load_inventory([path]), source=Path(path))
