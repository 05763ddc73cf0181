"""One inventory open in the editor: its root, the unsaved buffers, one engine Loader, the Verdict.

``check()`` asks the engine for a verdict on the inventory's files (the root's paths and excludes)
with the open buffers laid over them (``Texts(buffers, base=Paths(paths, root=root, ...))``)
through the same ``Loader`` every time, so an edit parses again only the text that changed. Names
are relative to the root, as the engine gives them in diagnostics. The index (``index.py``) is
built on demand and kept per file content.
"""

from __future__ import annotations

import os
from pathlib import Path

from inventory.base.errors import UsageError
from inventory.engine import Loader, Paths, Texts, Verdict, check
from inventory.lsp.index import FileIndex, InventoryIndex, index_file
from inventory.read.discover import Excludes, Root
from inventory.read.files import decode


class Session:
    """The state of one inventory between edits."""

    def __init__(self, root: Root | Path) -> None:
        self.config = root if isinstance(root, Root) else Root(root, None, (root,))
        self.root = self.config.folder
        self._excludes = Excludes(self.root, self.config.exclude)
        self.loader = Loader()
        self.buffers: dict[str, str] = {}
        self.verdict: Verdict | None = None
        self.published: set[str] = set()
        """Files the last publication gave diagnostics to (they get an empty list once clean)."""
        self._texts: dict[str, tuple[str, str]] = {}
        self._indexes: dict[tuple[str, str], FileIndex] = {}
        self._index: InventoryIndex | None = None
        self._keys: dict[str, str] = {}

    # names and paths -----------------------------------------------------------------------

    def name_of(self, path: Path) -> str | None:
        """The engine's name of a file (relative to the root), or None when it is outside the root."""
        try:
            rel = os.path.relpath(path, self.root)
        except ValueError:
            return None
        if rel.startswith(".."):
            return None
        return rel.replace(os.sep, "/")

    def path_of(self, name: str) -> Path:
        return self.root / name

    # buffers and checks --------------------------------------------------------------------

    def open(self, name: str, text: str) -> None:
        self.buffers[name] = text

    def close(self, name: str) -> None:
        """The file's text on disk counts again."""
        self.buffers.pop(name, None)

    def check(self) -> Verdict:
        """The engine's verdict on the inventory as the editor holds it."""
        texts = {
            name: text.encode("utf-8") for name, text in self.buffers.items() if not self._excludes.excludes_file(name)
        }
        base = Paths(self.config.paths, root=self.root, exclude=self.config.exclude, exclude_base=self.root)
        try:
            verdict = check(Texts(texts, base=base), loader=self.loader)
        except UsageError:  # a new folder with no file saved yet: the buffers alone
            verdict = check(Texts(texts), loader=self.loader)
        self.verdict = verdict
        self._keys = {pf.file: pf.key for pf in verdict.parsed}
        self._index = None
        return verdict

    # texts and the index -------------------------------------------------------------------

    def text(self, name: str) -> str:
        """A file's text: its buffer when open, else as on disk (as the last check read it)."""
        if name in self.buffers:
            return self.buffers[name]
        key = self._key(name)
        cached = self._texts.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            data = self.path_of(name).read_bytes()
        except OSError:
            return ""
        text, _ = decode(name, data)
        if text is None:  # not UTF-8: its not-utf8 diagnostic still needs its line and column
            text = data.decode("utf-8", "replace")
        self._texts[name] = (key, text)
        return text

    def _key(self, name: str) -> str:
        return self._keys.get(name, "")

    def index(self) -> InventoryIndex:
        """Every file of the last verdict indexed (files unchanged since the last call reused)."""
        if self._index is not None:
            return self._index
        files = []
        keep = {}
        for pf in self.verdict.parsed if self.verdict is not None else []:
            key = (pf.file, pf.key)
            found = self._indexes.get(key)
            if found is None:
                found = index_file(pf.file, self.text(pf.file))
            keep[key] = found
            files.append(found)
        self._indexes = keep
        self._index = InventoryIndex(files)
        return self._index

    def file_index(self, name: str) -> FileIndex | None:
        return self.index().files.get(name)
