"""What the app-wide keys do: reload, edit, as-of, diff, jump, help. The app class stays wiring only.

Each action asks the Session (the state) and tells the screen on show (``view_changed``); the
prompts are modals, the results notifications. Nothing here draws a widget.
"""

from __future__ import annotations

from textual.app import App

from tui.editor import open_in_editor
from tui.messages import InventoryReloaded, JumpRequested
from tui.model.session import Session, as_of_problem
from tui.model.view import FleetView
from tui.screens import FleetScreen, HelpModal, PromptModal
from tui.screens.base import ViewScreen
from tui.screens.prompt import AS_OF_HINT, JUMP_HINT, REVISION_HINT
from tui.text import safe


class AppActions(App[None]):
    """The actions of the app-wide keys (``tui.keys``); InventoryApp adds the wiring."""

    session: Session
    generation: int

    @property
    def view(self) -> FleetView:
        return self.session.view

    def view_changed(self) -> None:
        """Tell the screen on show that the view changed (the others catch up when shown)."""
        self.generation += 1
        self.sub_title = safe(self.session.describe())
        self.screen.post_message(InventoryReloaded(self.generation))

    def action_reload(self, quiet: bool = False) -> None:
        before = self.session.notice()
        problem = self.session.reload()
        notice = self.session.notice()
        if problem is not None:
            if notice != before or not quiet:
                self.notify(f"Cannot reload: {problem}. Showing the last load.", severity="error", markup=False)
            self.view_changed()
            return
        self.view_changed()
        if notice is not None and notice != before:
            title = "Reloaded with a file that does not parse"
            self.notify(safe(notice), title=title, severity="error", timeout=8, markup=False)
        elif before is not None and notice is None:
            self.notify("Every file parses again.", markup=False)
        elif not quiet:
            self.notify(f"Reloaded: {len(self.view.problems.owners)} problems", markup=False)

    def action_edit(self) -> None:
        where = self.screen.selected_location() if isinstance(self.screen, ViewScreen) else None
        if where is None:
            self.notify("Nothing here is written in a file.", severity="warning")
            return
        problem = open_in_editor(self, *where)
        if problem is not None:
            self.notify(problem, severity="error", markup=False)
        self.action_reload(quiet=True)

    def action_as_of(self) -> None:
        def chosen(text: str | None) -> None:
            if text is not None:
                self.session.set_as_of(text)
                self.view_changed()

        current = self.session.as_of.isoformat() if self.session.as_of else ""
        self.push_screen(PromptModal("Evaluate at", AS_OF_HINT, current, as_of_problem), chosen)

    def action_diff(self) -> None:
        def chosen(text: str | None) -> None:
            if text is None:
                return
            problem = self.session.set_diff(text)
            if problem is not None:
                self.notify(f"Cannot diff: {problem}", severity="error", markup=False)
                return
            self.view_changed()

        self.push_screen(PromptModal("Diff against", REVISION_HINT, self.session.diff_revision or "HEAD"), chosen)

    def action_jump(self) -> None:
        def problem(text: str) -> str | None:
            return None if self.view.lookup(text) else f"No entity has the id {text!r}."

        def chosen(text: str | None) -> None:
            found = self.view.lookup(text) if text else []
            if found:
                self.post_message(JumpRequested(found[0]))

        self.push_screen(PromptModal("Jump to", JUMP_HINT, "", problem), chosen)

    def action_help(self) -> None:
        self.push_screen(HelpModal())

    def on_jump_requested(self, message: JumpRequested) -> None:
        self.switch_mode("fleet")
        if isinstance(self.screen, FleetScreen) and not self.screen.reveal(message.key):
            self.notify(f"{safe(message.key.describe())} is not in the tree.", severity="warning", markup=False)
