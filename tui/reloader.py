"""Reloading an inventory the TUI shows: only changed files are parsed again; mtimes are polled.

``InventoryReloader`` goes through ``inventory.loading`` (discover, read, parse, assemble) and keeps
each file's parse keyed by a digest of its bytes, so a reload after one file changed parses one
file. ``Fingerprint`` is what the app polls (stat only, no read): the files and the folders that
hold them, so a new, removed or rewritten file is seen at the next tick.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from inventory.diagnostics import Diagnostics
from inventory.loading import (
    LoadResult,
    ParsedFile,
    assemble,
    discover,
    display_path,
    gc_paused,
    parse_file,
    read_bytes,
)

Fingerprint = frozenset[tuple[str, int, int]]
"""(path, mtime in ns, size) of every file and folder watched."""


class InventoryReloader:
    """Loads the inventory under ``paths`` again and again, parsing only the files that changed."""

    def __init__(self, paths: Sequence[Path | str]) -> None:
        self.paths = [Path(p) for p in paths]
        self._cache: dict[str, tuple[bytes, ParsedFile]] = {}
        """Display name -> (digest of the bytes, their parse)."""
        self.files: list[Path] = []
        """The files found by the last load."""

    def load(self) -> LoadResult:
        """Load the inventory; files whose bytes did not change are not parsed again.

        Raises:
            UsageError: the path is gone or holds no YAML file any more.
        """
        diagnostics = Diagnostics()
        files = discover(self.paths, diagnostics)
        parsed: list[ParsedFile] = []
        cache: dict[str, tuple[bytes, ParsedFile]] = {}
        with gc_paused():
            for path in files:
                data = read_bytes(path, diagnostics)
                if data is None:
                    continue
                name = display_path(path)
                digest = _digest(data)
                known = self._cache.get(name)
                pf = known[1] if known is not None and known[0] == digest else parse_file(name, data)
                cache[name] = (digest, pf)
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


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()
