"""Reloading an inventory the TUI shows: only changed files are parsed again; mtimes are polled.

``InventoryReloader`` goes through ``inventory.engine.loading`` (discover, read, parse, assemble) and keeps
each file's parse keyed by a digest of its bytes, so a reload after one file changed parses one
file. ``Fingerprint`` is what the app polls (stat only, no read): the files and the folders that
hold them, so a new, removed or rewritten file is seen at the next tick.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from inventory.base.diagnostics import Diagnostics
from inventory.engine.loading import (
    LoadResult,
    ParsedFile,
    assemble,
    discover,
    display_path,
    gc_paused,
    parse_file,
    read_bytes,
)
from inventory.read.prefetch import digest

Fingerprint = frozenset[tuple[str, int, int]]
"""(path, mtime in ns, size) of every file and folder watched."""


class InventoryReloader:
    """Loads the inventory under ``paths`` again and again, parsing only the files that changed."""

    def __init__(self, paths: Sequence[Path | str], first: LoadResult | None = None) -> None:
        self.paths = [Path(p) for p in paths]
        self._cache: dict[str, ParsedFile] = {}
        """Display name -> its last parse (which carries the digest of its bytes)."""
        self.files: list[Path] = []
        """The files found by the last load."""
        if first is not None:  # the app's first load: its parses serve the first reload too
            self._cache = {pf.file: pf for pf in first.parsed}
            self.files = [Path(f) for f in first.inventory.files]

    def load(self) -> LoadResult:
        """Load the inventory; files whose bytes did not change are not parsed again.

        Raises:
            UsageError: the path is gone or holds no YAML file any more.
        """
        diagnostics = Diagnostics()
        files = discover(self.paths, diagnostics)
        parsed: list[ParsedFile] = []
        cache: dict[str, ParsedFile] = {}
        with gc_paused():
            for path in files:
                data = read_bytes(path, diagnostics)
                if data is None:
                    continue
                name = display_path(path)
                known = self._cache.get(name)
                pf = known if known is not None and known.digest == digest(data) else parse_file(name, data)
                cache[name] = pf
                parsed.append(pf)
            result = assemble(parsed, diagnostics)
        self._cache = cache
        self.files = files
        return result

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
