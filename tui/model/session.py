"""Session: what the app is showing and why: the load, the as-of date, the diff revision.

Everything the keys change goes through here (reload, set the as-of date, diff against a
revision), and each change rebuilds the one FleetView the screens read. No Textual: the app
turns the results into notifications. A reload that cannot run (the folder is gone) keeps the
last good view and says so until a reload works; a reload that meets a file it cannot read or
parse shows the files as they are and that file's entities as last read, marked stale
(``tui.stale``); ``notice()`` is the sentence the screens show for either.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from inventory.base.errors import InventoryError
from inventory.engine import Loader, Verdict, judge
from inventory.model.units import as_of_day
from tui.model import stale
from tui.model.diffing import diff_marks, load_revision
from tui.model.nodes import NodeKey
from tui.model.reloader import Fingerprint, InventoryReloader
from tui.model.view import FleetView


def parse_as_of(text: str) -> dt.date:
    """The day an as-of text means: its last day for a month, quarter or year (``2025-Q1`` -> 2025-03-31).

    Raises:
        ValueError: not a date gpufleet reads, with a message for the user.
    """
    return as_of_day(text)


def as_of_problem(text: str) -> str | None:
    """None when ``text`` is a date the as-of prompt accepts, else why not."""
    try:
        parse_as_of(text)
    except ValueError as exc:
        return str(exc)
    return None


class Session:
    """The state behind the screens."""

    def __init__(
        self, verdict: Verdict, paths: list[Path], *, as_of: dt.date | None = None, loader: Loader | None = None
    ) -> None:
        self.verdict = verdict
        """The engine's verdict on the inventory shown (at ``as_of``, else the Fleet's date)."""
        self.paths = paths
        self.as_of = as_of
        self.diff_revision: str | None = None
        self.revision_verdict: Verdict | None = None
        """The inventory at ``diff_revision`` (read once; each reload diffs against it again)."""
        self.reloader = InventoryReloader(paths, loader)
        self.reloader.files = [Path(f) for f in verdict.inventory.files]
        self.fingerprint: Fingerprint = self.reloader.fingerprint()
        self.stale: dict[NodeKey, tuple[Any, str]] = {}
        """Entities of files that no longer parse, as last read (see tui.stale)."""
        self.broken = stale.broken_files(verdict)
        self.failed_reload: str | None = None
        """Why the last reload could not run (the view shown is older than the files), or None."""
        self.view = FleetView.build(verdict, as_of)

    def rebuild(self) -> None:
        marks = None
        if self.revision_verdict is not None and self.diff_revision is not None:
            marks = diff_marks(self.revision_verdict.inventory, self.verdict.inventory, self.diff_revision)
        self.view = FleetView.build(self.verdict, self.as_of, marks, self.stale)

    def reload(self) -> str | None:
        """Judge the files again. Returns None, or why the reload could not run (the view is kept)."""
        try:
            verdict = self.reloader.load(self.as_of)
        except InventoryError as exc:
            self.fingerprint = self.reloader.fingerprint()
            self.failed_reload = str(exc)
            return str(exc)
        self.failed_reload = None
        self.broken = stale.broken_files(verdict)
        self.stale = stale.stale_entities(self.view, verdict, self.broken)
        self.verdict = verdict
        self.fingerprint = self.reloader.fingerprint()
        self.rebuild()
        return None

    def notice(self) -> str | None:
        """What the screens must say above everything else: a reload that failed, files that do not parse."""
        if self.failed_reload is not None:
            return f"Cannot reload: {self.failed_reload}. Showing the last load, which may be out of date."
        if self.broken:
            return stale.describe(self.broken, len(self.stale))
        return None

    def changed_on_disk(self) -> bool:
        """True when a watched file or folder changed since the last load (stat only)."""
        return self.reloader.fingerprint() != self.fingerprint

    def set_as_of(self, text: str) -> None:
        """Evaluate at ``text`` ("" goes back to the Fleet's own date).

        Raises:
            ValueError: ``text`` is not a date.
        """
        self.as_of = parse_as_of(text) if text else None
        self.verdict = judge(self.verdict.load, as_of=self.as_of, settings=self.verdict.settings)
        self.rebuild()

    def set_diff(self, revision: str, cwd: Path | None = None) -> str | None:
        """Mark what changed since ``revision`` ("" ends diff mode). Returns None, or why it cannot.

        Args:
            revision: a git revision (HEAD, HEAD~3, a branch, a tag, a commit id).
            cwd: where to find the repository (default: the current directory).
        """
        if not revision:
            self.diff_revision, self.revision_verdict = None, None
            self.rebuild()
            return None
        try:
            found = load_revision(self.paths[0], revision, cwd or Path.cwd())
        except InventoryError as exc:
            return str(exc)
        self.diff_revision, self.revision_verdict = revision, found
        self.rebuild()
        return None

    def describe(self) -> str:
        """The header's subtitle: where, at which date, against which revision."""
        where = ", ".join(str(p) for p in self.paths)
        day = self.view.effective_as_of
        parts = [where, f"as of {day}" if day else "no as-of date"]
        if self.as_of is not None:
            parts[-1] += " (set)"
        if self.diff_revision:
            counts = Counter(self.view.marks.values())
            summary = ", ".join(f"{counts[m]} {m}" for m in ("added", "removed", "changed") if counts[m]) or "no change"
            parts.append(f"since {self.diff_revision}: {summary}")
        return " · ".join(parts)
