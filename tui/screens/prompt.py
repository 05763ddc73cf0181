"""PromptModal: one line of input with validation, for the as-of date and the diff revision.

It dismisses with the text entered (stripped; "" means "back to the default"), or None on Escape.
A validator that returns a message keeps the modal open and shows the message under the input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.text import plain

Validator = Callable[[str], str | None]
"""Text -> None when acceptable, else the message to show."""
AS_OF_HINT = "YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY; empty: the Fleet's own as_of"
REVISION_HINT = "a git revision (HEAD, HEAD~3, main, a tag); empty: leave diff mode"
JUMP_HINT = "an id: a region, data center, power allocation, deployment, SKU, source or report"


class PromptModal(ModalScreen[str | None]):
    """Ask for one value."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Cancel")]

    def __init__(self, title: str, hint: str, value: str = "", validate: Validator | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.value = value
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box") as box:
            box.border_title = self.title_text
            yield Static(plain(self.hint, "dim"), id="prompt-hint")
            yield Input(self.value, id="prompt-input", select_on_focus=True)
            yield Static("", id="prompt-error", markup=False)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        problem = self.validate(text) if self.validate is not None and text else None
        if problem is not None:
            self.query_one("#prompt-error", Static).update(plain(problem, "bold red"))
            return
        self.dismiss(text)

    @on(Input.Changed)
    def changed(self) -> None:
        self.query_one("#prompt-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
