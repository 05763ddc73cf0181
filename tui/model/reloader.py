"""Reloading an inventory the TUI shows: the engine judges it again; only changed files are parsed.

``InventoryReloader`` keeps one engine ``Loader``, which remembers each file's parse by its
content, so a reload after one file changed parses one file; the verdict is the same
``engine.check`` validate prints. ``Fingerprint`` is what the app polls (stat only, no read):
the files and the folders that hold them, so a new, removed or rewritten file is seen at the next tick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from inventory.engine import Loader, Paths, Verdict, check

Fingerprint = frozenset[tuple[str, int, int]]
"""(path, mtime in ns, size) of every file and folder watched."""


class InventoryReloader:
    """Judges the inventory under ``paths`` again and again, parsing only the files that changed."""

    def __init__(self, paths: Sequence[Path | str], loader: Loader | None = None) -> None:
        self.paths = [Path(p) for p in paths]
        self.loader = loader or Loader()
        """Keeps every parse of the last load (the app's first load too)."""
        self.files: list[Path] = []
        """The files found by the last load."""

    def load(self, as_of: dt.date | None = None) -> Verdict:
        """The engine's verdict on the inventory now; files whose bytes did not change are not parsed again.

        Raises:
            UsageError: the path is gone or holds no YAML file any more.
        """
        verdict = check(Paths.of(self.paths), as_of=as_of, loader=self.loader)
        self.files = [Path(f) for f in verdict.inventory.files]
        return verdict

    def fingerprint(self) -> Fingerprint:
        """Stat every known file and every folder from the roots down to them (no file is read)."""
        roots = set(self.paths)
        watched = {str(root) for root in roots}
        for path in self.files:
            watched.add(str(path))
            for parent in path.parents:
                if parent in roots or parent == Path():
                    break
                watched.add(str(parent))
        found: set[tuple[str, int, int]] = set()
        for name in watched:
            try:
                st = Path(name).stat()
            except OSError:
                found.add((name, -1, -1))
                continue
            found.add((name, st.st_mtime_ns, st.st_size))
        return frozenset(found)
