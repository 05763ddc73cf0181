"""TimelineModal: the selected scope over time, drawn as ``gpufleet chart`` draws it in a terminal.

Active and contracted power and GPUs as step lines, what may also count as a band, each reported
figure as a marker in its status colour; the text comes from the core's chart renderer (data made
terminal-safe there) and is shown literally, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from inventory.output import chart_text
from tui.model.timeline import ScopeTimeline


class TimelineModal(ModalScreen[None]):
    """One scope's series. Escape, q or t closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "close", "Close"),
        ("q", "close", "Close"),
        ("t", "close", "Close"),
        ("j,down", "scroll_down", "Down"),
        ("k,up", "scroll_up", "Up"),
    ]

    def __init__(self, found: ScopeTimeline | None, width: int) -> None:
        super().__init__()
        self.found = found
        self.chart_width = max(40, width)

    def compose(self) -> ComposeResult:
        if self.found is None:
            body = Text("No timeline: the inventory has no Fleet with an as_of date.", style="yellow")
        else:
            body = Text.from_ansi(
                chart_text.render(self.found.series, self.found.title, width=self.chart_width, color=True)
            )
        with VerticalScroll(id="timeline-box") as box:
            box.border_title = "Timeline"
            box.border_subtitle = "Esc closes"
            yield Static(body, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#timeline-box", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#timeline-box", VerticalScroll).scroll_up(animate=False)
