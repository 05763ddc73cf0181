"""The Textual app: an inventory loaded by the core, browsed read-only; it never writes a file.

Thin on purpose: the screens show, the Session decides (reload, as-of date, diff), and this
class wires keys to both. ``build_app`` is what ``gpufleet tui``, the benchmark and tui-shot call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from inventory.base.diagnostics import Severity
from inventory.base.errors import UsageError
from inventory.engine import Loader, Paths, Verdict, check
from tui.editor import open_in_editor
from tui.keys import APP_BINDINGS, help_sections, palette_commands
from tui.messages import InventoryReloaded, JumpRequested
from tui.model.session import Session, as_of_problem, parse_as_of
from tui.model.view import FleetView
from tui.screens import FleetScreen, HelpModal, ProblemsScreen, PromptModal, ReportsScreen
from tui.screens.base import ViewScreen
from tui.screens.prompt import AS_OF_HINT, REVISION_HINT
from tui.text import safe

POLL_SECONDS = 1.0
"""How often the files' mtimes are checked (stat only) for a change made outside the app."""


class InventoryApp(App[None]):
    """Browse a loaded inventory (``diff``: a git revision to mark changes against, or UsageError)."""

    CSS_PATH = "inventory.tcss"
    TITLE = "gpufleet"
    MODES = {"fleet": FleetScreen, "problems": ProblemsScreen, "reports": ReportsScreen}  # noqa: RUF012 (Textual's own type)
    DEFAULT_MODE = "fleet"
    """Without errors; ``on_mount`` switches to Problems when the load has any (``opening_mode``)."""
    BINDINGS = APP_BINDINGS

    def __init__(
        self,
        verdict: Verdict,
        *,
        loader: Loader | None = None,
        source: Path | None = None,
        as_of: dt.date | None = None,
        diff: str | None = None,
        watch: bool = True,
    ) -> None:
        super().__init__()
        self.session = Session(verdict, [source or Path()], as_of=as_of, loader=loader)
        problem = self.session.set_diff(diff) if diff else None
        if problem is not None:
            raise UsageError(f"--diff: {problem}")
        self.generation = 0
        self.watch_files = watch
        self.sub_title = safe(self.session.describe())

    @property
    def view(self) -> FleetView:
        return self.session.view

    def opening_mode(self) -> str:
        """The view to open on: Problems when the load has errors (it may not be browsable), else Fleet."""
        errors = any(d.severity is Severity.ERROR for d, _ in self.view.problems.owners)
        return "problems" if errors else "fleet"

    def on_mount(self) -> None:
        first = self.opening_mode()
        if first != self.current_mode:
            self.switch_mode(first)
        if self.watch_files:
            self.set_interval(POLL_SECONDS, self.poll_files)

    def view_changed(self) -> None:
        """Tell the screen on show that the view changed (the others catch up when shown)."""
        self.generation += 1
        self.sub_title = safe(self.session.describe())
        self.screen.post_message(InventoryReloaded(self.generation))

    def poll_files(self) -> None:
        if self.session.changed_on_disk():
            self.action_reload(quiet=True)

    def action_reload(self, quiet: bool = False) -> None:
        problem = self.session.reload()
        if problem is not None:
            self.notify(f"Cannot reload: {problem}. Showing the last load.", severity="error", markup=False)
            return
        self.view_changed()
        if not quiet:
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

    def action_help(self) -> None:
        self.push_screen(HelpModal(help_sections(self)))

    def on_jump_requested(self, message: JumpRequested) -> None:
        self.switch_mode("fleet")
        if isinstance(self.screen, FleetScreen) and not self.screen.reveal(message.key):
            self.notify(f"{safe(message.key.describe())} is not in the tree.", severity="warning", markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_commands(self)


def build_app(
    path: str = ".", as_of: str | None = None, diff: str | None = None, *, watch: bool = True
) -> InventoryApp:
    """Load the inventory at ``path`` and build the app (used by `gpufleet tui` and tui-shot).

    Raises:
        UsageError: the path holds no inventory, ``as_of`` is not a date, ``diff`` not a revision.
    """
    try:
        day = parse_as_of(as_of) if as_of else None
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None
    loader = Loader()
    verdict = check(Paths.of([path]), as_of=day, loader=loader)
    return InventoryApp(verdict, loader=loader, source=Path(path), as_of=day, diff=diff, watch=watch)
