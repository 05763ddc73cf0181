"""Where an inventory's bytes come from: paths on disk, a folder of a git revision, or texts in memory.

A source only *lists* its files: each with the name diagnostics show, a content key (the git
blob id, so a file on disk and the same blob share one parse) and its bytes when they are at
hand. The loader (``loader.py``) reads what is missing, parses each distinct (name, key) once
and links. Every source kind goes through that one loader: a directory for validate, both sides
of a diff, the TUI's reloads, an editor's unsaved buffers laid over the files on disk.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inventory.base.diagnostics import Diagnostic, Diagnostics
from inventory.base.errors import UsageError
from inventory.read import files as disk
from inventory.read import git
from inventory.read.discover import Excludes


@dataclass(frozen=True, slots=True)
class Listed:
    """One file of a source."""

    name: str
    """As diagnostics show it."""
    key: str
    """Content id (git blob id of the bytes)."""
    data: bytes | None
    """The bytes when already read; None for a blob not read yet."""
    real: str | None = None
    """The real path on disk (lets the prefetching child's work be used), else None."""
    listed: bool = False
    """Named as inventory by the user (a file PATH, or a file in the config's paths): never skipped
    as not-inventory, even with no apiVersion, kind or id."""


@dataclass(slots=True)
class Listing:
    """A source's files, with the problems met while listing them."""

    files: list[Listed]
    diagnostics: Diagnostics
    notes: list[str] = field(default_factory=list)
    """Things worth telling the user (a link skipped in a revision)."""
    missing: bool = False
    """The source's folder does not exist (a diff side where the inventory is absent)."""


@dataclass(frozen=True, slots=True)
class Paths:
    """Files and directories on disk.

    Names are relative to the current directory (as validate prints them), or to ``root`` when
    given (a diff side: the same file compares equal across sides).
    """

    paths: tuple[Path, ...]
    root: Path | None = None
    allow_missing: bool = False
    """A missing folder or no YAML is an empty source (a diff side), not a UsageError."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of files and folders to skip under the folders (see ``read.discover.Excludes``)."""
    exclude_base: Path | None = None
    """What the globs are relative to: the inventory root (default: ``root``, else the current directory)."""
    gitignore: bool = True
    """Inside a git work tree, skip what git ignores."""

    @classmethod
    def of(cls, paths: Sequence[Path | str], *, exclude: Sequence[str] = (), exclude_base: Path | None = None) -> Paths:
        """The source for paths given on a command line.

        Raises:
            UsageError: a path is empty text (an unset variable must not mean ``.``).
        """
        if any(isinstance(p, str) and not p.strip() for p in paths):
            raise UsageError("an empty path was given (an unset variable?); write . for the current directory")
        return cls(tuple(Path(p) for p in paths), exclude=tuple(exclude), exclude_base=exclude_base)

    def list(self) -> Listing:
        diagnostics = Diagnostics()
        if self.allow_missing and not any(os.path.isdir(p) or os.path.isfile(p) for p in self.paths):  # noqa: PTH112, PTH113 - never raise (a name too long)
            return Listing([], diagnostics, missing=True)
        base = self.exclude_base or self.root or Path.cwd()
        excludes = Excludes(base, self.exclude) if self.exclude else None
        try:
            found = disk.discover(list(self.paths), diagnostics, exclude=excludes, gitignore=self.gitignore)
        except UsageError:
            if not self.allow_missing:
                raise
            return Listing([], diagnostics)
        named = {os.path.realpath(p) for p in self.paths if not p.is_dir()}
        files = []
        limit = disk.max_file_size()
        for path in found:
            data = disk.read_bytes(path, diagnostics, limit)
            if data is not None:
                real = os.path.realpath(path)
                files.append(Listed(self.name(path), git.blob_id(data), data, real, real in named))
        if self.root is not None:
            diagnostics = Diagnostics(_renamed(d, self._from_root) for d in diagnostics)
        return Listing(files, diagnostics)

    def name(self, path: Path) -> str:
        if self.root is None:
            return disk.display_path(path)
        return self._from_root(str(path))

    def _from_root(self, file: str) -> str:
        assert self.root is not None
        return os.path.relpath(file, self.root).replace(os.sep, "/")


@dataclass(frozen=True, slots=True)
class Revision:
    """A folder (``prefix``, ``/``-separated, ``""`` for the top) of a git commit, read from objects."""

    repo: git.Repository
    commit: str
    prefix: str = ""
    label: str = ""
    """The revision as the user wrote it (``HEAD~1``), for notes."""
    exclude: tuple[str, ...] = ()
    """Glob patterns, relative to ``prefix``, of files and folders to skip (as ``Paths.exclude``)."""

    def locate(self, name: str) -> str:
        """A file of this revision as a user can find it: ``HEAD~1:seeds/x.yaml``."""
        inside = f"{self.prefix}/{name}" if self.prefix else name
        return f"{self.label or self.commit[:12]}:{inside}"

    def list(self) -> Listing:
        entries = git.list_tree(self.repo, self.commit, self.prefix)
        if entries is None:
            return Listing([], Diagnostics(), missing=True)
        files: list[Listed] = []
        notes: list[str] = []
        excludes = Excludes(Path("/"), self.exclude) if self.exclude else None
        diagnostics = Diagnostics()
        limit = disk.max_file_size()
        for entry in entries:
            parts = entry.path.split("/")
            if any(p.startswith(".") for p in parts) or not entry.path.endswith(disk.YAML_SUFFIXES):
                continue
            if excludes is not None and excludes.excludes_file(entry.path):
                continue
            if entry.mode == "120000":
                notes.append(
                    f"{self.locate(entry.path)}: a symbolic link; links are not followed in a revision, skipped"
                )
                continue
            if entry.mode == "160000":
                continue  # a submodule: its files are in another repository
            if entry.size > limit:  # never read: the size comes from the tree listing
                diagnostics.add(disk.too_large(entry.path, limit))
                continue
            files.append(Listed(entry.path, entry.oid, None))
        files.sort(key=lambda f: _walk_order(f.name))
        return Listing(files, diagnostics, notes)


@dataclass(frozen=True, slots=True)
class Texts:
    """Texts in memory (an editor's unsaved buffers), by name, laid over ``base`` when given:
    a name that ``base`` also lists takes the text's bytes instead; other names are added after
    the base's files, in the mapping's order."""

    texts: Mapping[str, bytes]
    base: Paths | Revision | None = None

    def list(self) -> Listing:
        listing = self.base.list() if self.base is not None else Listing([], Diagnostics())
        overlaid = [
            Listed(f.name, git.blob_id(self.texts[f.name]), self.texts[f.name]) if f.name in self.texts else f
            for f in listing.files
        ]
        known = {f.name for f in listing.files}
        overlaid += [Listed(name, git.blob_id(data), data) for name, data in self.texts.items() if name not in known]
        return Listing(overlaid, listing.diagnostics, listing.notes, listing.missing and not self.texts)


Source = Paths | Revision | Texts
"""Anything the engine can check."""


def _walk_order(name: str) -> tuple[tuple[int, str], ...]:
    """Sort key giving the order ``discover`` reads a folder in: a folder's files, then its subfolders."""
    *folders, file = name.split("/")
    return (*((1, f) for f in folders), (0, file))


def _renamed(d: Diagnostic, rename: object) -> Diagnostic:
    assert callable(rename)
    related = tuple((rename(f), line, col) for f, line, col in d.related)
    return Diagnostic(rename(d.file), d.line, d.col, d.code, d.severity, d.message, d.path, related)
