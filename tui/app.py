"""The Textual app: an inventory loaded by the core, browsed read-only; it never writes a file.

Thin on purpose: the screens show, the Session decides (reload, as-of date, diff), ``tui.actions``
says what each app-wide key does, ``tui.keys`` which key does it. ``build_app`` is what
``gpufleet tui``, the benchmark and tui-shot call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen

from inventory.base.diagnostics import Severity
from inventory.base.errors import UsageError
from inventory.engine import Loader, Paths, Verdict, check
from tui import keys
from tui.actions import AppActions
from tui.model.session import Session, parse_as_of
from tui.screens import FleetScreen, ProblemsScreen, ReportsScreen
from tui.text import safe

POLL_SECONDS = 1.0
"""How often the files' mtimes are checked (stat only) for a change made outside the app."""


class InventoryApp(AppActions):
    """Browse a loaded inventory (``diff``: a git revision to mark changes against, or UsageError)."""

    CSS_PATH = "inventory.tcss"
    TITLE = "gpufleet"
    MODES = {"fleet": FleetScreen, "problems": ProblemsScreen, "reports": ReportsScreen}  # noqa: RUF012 (Textual's own type)
    DEFAULT_MODE = "fleet"
    """Without errors; ``on_mount`` switches to Problems when the load has any (``opening_mode``)."""
    BINDINGS = keys.bindings(keys.APP)

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

    def poll_files(self) -> None:
        if self.session.changed_on_disk():
            self.action_reload(quiet=True)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, then one for each key of the app and of the views (the palette)."""
        yield from super().get_system_commands(screen)
        for key in keys.KEYS:
            if key.where in (keys.APP, keys.VIEWS) and key.action != "quit" and key.footer:
                target = self if key.where == keys.APP else screen
                help_text = f"{key.does} (key {keys.key_display(key.keys)})"
                yield SystemCommand(key.footer, help_text, lambda t=target, a=key.action: t.run_action(a))


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
