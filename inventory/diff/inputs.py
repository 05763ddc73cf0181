"""The two sides of a diff: OLD/NEW arguments -> directories or git revisions -> loaded inventories.

Decides what each argument is (a directory, a git revision, or the working tree), lists each
side's YAML files (from disk, or from git objects without a checkout) and parses every distinct
(file name, content) once: a file whose blob is the same on both sides is parsed a single time and
its entities are shared, which is what makes a one-file change in a large fleet cheap to diff.
File names are relative to each side's inventory folder, so the same file compares equal across sides.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity
from inventory.base.errors import UsageError
from inventory.engine import loading
from inventory.engine.loading import LoadResult, ParsedFile
from inventory.read import git
from inventory.read.fast_reader import prepare_all


@dataclass(frozen=True, slots=True)
class SideSpec:
    """Where one side's inventory is: a folder on disk, or a folder in a git commit."""

    role: str
    """OLD or NEW."""
    label: str
    """The argument as given (``HEAD~1``, ``old/``), or ``working tree``."""
    kind: str
    """``revision``, ``directory`` or ``working-tree``."""
    root: Path | None = None
    """The inventory folder on disk (directory and working-tree sides)."""
    commit: str | None = None
    """The full commit id (revision sides)."""
    prefix: str = ""
    """The inventory folder inside the repository, ``/``-separated, ``""`` for its top (revision sides)."""

    @property
    def where(self) -> str:
        """Where a file of this side is, as messages show it: ``HEAD~1:seeds/x`` or ``old/x``."""
        if self.kind == "revision":
            return f"{self.label}:{self.prefix}" if self.prefix else f"{self.label}:"
        assert self.root is not None
        return loading.display_path(self.root)

    def locate(self, name: str) -> str:
        """A file of this side (relative to its inventory folder) as a user can find it."""
        if self.kind == "revision":
            return f"{self.label}:{self.prefix}/{name}" if self.prefix else f"{self.label}:{name}"
        return str(Path(self.where, name)) if self.where != os.curdir else name


@dataclass(slots=True)
class Side:
    """One loaded side."""

    spec: SideSpec
    result: LoadResult
    files: int
    """YAML files found (0: the folder is missing or holds none on this side)."""
    missing: bool = False
    """The inventory folder does not exist on this side."""
    notes: list[str] = field(default_factory=list)
    """Things worth telling the user about this side (skipped links)."""


@dataclass(frozen=True, slots=True)
class _Listed:
    name: str
    key: str
    """Content id: the blob id (computed the same way for a file on disk)."""
    data: bytes | None
    """The bytes, already read for files on disk; None for a blob not read yet."""


@dataclass(slots=True)
class _Listing:
    files: list[_Listed]
    diagnostics: Diagnostics
    notes: list[str] = field(default_factory=list)
    missing: bool = False


# ---------------------------------------------------------------------------------------------
# Which side is which


class _Context:
    """The current directory and, found once and only when a revision is involved, its repository."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self._repo: git.Repository | None = None
        self._looked = False
        self._no_git: git.GitMissing | None = None

    def repo(self) -> git.Repository | None:
        """The repository, or None when there is none (or no git to read one)."""
        if not self._looked:
            self._looked = True
            try:
                self._repo = git.find_repository(self.cwd)
            except git.GitMissing as exc:
                self._no_git = exc
        return self._repo

    def need_repo(self, argument: str) -> git.Repository:
        """The repository, for an argument that can only be a revision.

        Raises:
            UsageError: git is missing, or the current directory is in no repository.
        """
        repo = self.repo()
        if self._no_git is not None:
            raise self._no_git
        if repo is None:
            raise UsageError(
                f"{argument}: no such directory, and not a git revision ({self.cwd} is not in a git repository)"
            )
        return repo

    def inside(self, path: Path) -> str | None:
        """``path`` relative to the repository's top, ``/``-separated; None when it is outside."""
        repo = self.need_repo(str(path))
        relative = os.path.relpath(os.path.realpath(self.cwd / path), repo.top)
        if relative == os.curdir:
            return ""
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return None
        return relative.replace(os.sep, "/")

    def prefix(self, path: Path) -> str:
        """``path`` relative to the repository's top.

        Raises:
            UsageError: it is outside the repository.
        """
        relative = self.inside(path)
        if relative is None:
            raise UsageError(f"{path}: outside the git repository at {self.need_repo(str(path)).top}")
        return relative

    def commit(self, argument: str) -> str:
        """The commit an argument that is no directory names.

        Raises:
            UsageError: not in a repository, or git knows no such revision.
        """
        repo = self.need_repo(argument)
        commit = git.try_resolve_commit(repo, argument)
        if commit is None:
            raise UsageError(
                f"{argument}: no such directory, and no branch, tag or commit of that name in {repo.top}"
                + git.shallow_hint(repo)
            )
        return commit


def _is_plain_path(text: str) -> bool:
    """``.``, ``./x``, ``../x``, ``/x``: written as a path, so never read as a revision."""
    return text in (os.curdir, os.pardir) or text.startswith(("./", "../", "/", "." + os.sep, ".." + os.sep))


def _classify(argument: str, context: _Context) -> str:
    """``directory`` or ``revision`` for one OLD/NEW argument.

    Raises:
        UsageError: it names both a directory and a revision, or neither.
    """
    if (context.cwd / argument).is_dir():
        if not _is_plain_path(argument) and not argument.startswith("-"):
            repo = context.repo()
            if repo is not None and git.try_resolve_commit(repo, argument) is not None:
                raise UsageError(
                    f"{argument!r} is both a directory and a git revision: write ./{argument} for the directory "
                    f"or {argument}^{{commit}} for the revision"
                )
        return "directory"
    git.check_revision(argument)
    if _is_plain_path(argument):
        raise UsageError(f"{argument}: no such directory")
    return "revision"


def resolve_sides(operands: Sequence[str], path: str | None, cwd: Path) -> tuple[SideSpec, SideSpec]:
    """OLD and NEW from the command's operands: ``OLD [NEW] [PATH]`` and an optional ``-- PATH``.

    Args:
        operands: the arguments before ``--``.
        path: the argument after ``--``, if any.
        cwd: the directory the command runs in.

    Raises:
        UsageError: too few or too many operands, an argument that is neither a directory nor a
            revision, a revision git does not know, a PATH outside the repository.
    """
    operands = list(operands)
    if not operands:
        raise UsageError("diff needs OLD (a directory or a git revision), and optionally NEW and PATH")
    if len(operands) > (2 if path is not None else 3):
        raise UsageError(f"too many arguments: {' '.join(operands)} (expected OLD [NEW] [PATH])")
    context = _Context(cwd)
    kinds = [_classify(operands[0], context)]
    if len(operands) == 3:
        kinds.append(_classify(operands[1], context))
        path = operands.pop()
    elif len(operands) == 2 and path is None:
        second = operands[1]
        if (cwd / second).is_dir() or _resolves(second, context):
            kinds.append(_classify(second, context))
        elif kinds[0] == "revision":
            raise UsageError(
                f"{second}: not a directory, nor a git revision; to read a PATH that is not in the working "
                f"tree, write `gpufleet diff {operands[0]} -- {second}`"
            )
        else:
            kinds.append(_classify(second, context))
    elif len(operands) == 2:
        kinds.append(_classify(operands[1], context))
    if len(kinds) == 1 and kinds[0] == "directory":
        raise UsageError(f"{operands[0]} is a directory: give a second directory or revision to compare it with")
    old = _spec("OLD", operands[0], kinds[0], path, context, operands)
    if len(kinds) == 1:
        root = cwd / (path or os.curdir)
        context.prefix(root)  # the working tree must be the revision's repository
        new = SideSpec("NEW", "working tree", "working-tree", root=root)
    else:
        new = _spec("NEW", operands[1], kinds[1], path, context, operands)
    return old, new


def _resolves(argument: str, context: _Context) -> bool:
    if argument.startswith("-") or not argument:
        return False
    repo = context.repo()
    return repo is not None and git.try_resolve_commit(repo, argument) is not None


def _spec(role: str, argument: str, kind: str, path: str | None, context: _Context, operands: list[str]) -> SideSpec:
    if kind == "directory":
        return SideSpec(role, argument, "directory", root=context.cwd / argument / (path or os.curdir))
    commit = context.commit(argument)
    if path is None:
        # A revision compared with a directory of its repository reads that directory's folder.
        others = [o for o in operands if o != argument and (context.cwd / o).is_dir()]
        inside = context.inside(Path(others[0])) if others else None
        if inside is not None:
            return SideSpec(role, argument, "revision", commit=commit, prefix=inside)
    return SideSpec(role, argument, "revision", commit=commit, prefix=context.prefix(Path(path or os.curdir)))


# ---------------------------------------------------------------------------------------------
# Reading both sides


def _walk_order(name: str) -> tuple[tuple[int, str], ...]:
    """Sort key giving the order the loader reads a folder in: a folder's files, then its subfolders."""
    *folders, file = name.split("/")
    return (*((1, f) for f in folders), (0, file))


def _list_directory(spec: SideSpec, object_format: str) -> _Listing:
    diagnostics = Diagnostics()
    root = spec.root
    assert root is not None
    if not root.is_dir():
        return _Listing([], diagnostics, missing=True)
    try:
        paths = loading.discover([root], diagnostics)
    except UsageError:  # no YAML file under it: an empty side, said by the caller
        return _Listing([], diagnostics)
    files: list[_Listed] = []
    for path in paths:
        name = os.path.relpath(path, root).replace(os.sep, "/")
        data = loading.read_bytes(path, diagnostics)
        if data is not None:
            files.append(_Listed(name, git.blob_id(data, object_format), data))
    # The loader names files from the current directory; this side names them from its root.
    relative = Diagnostics(_rename(d, _from_root(d.file, root)) for d in diagnostics)
    return _Listing(files, relative)


def _from_root(file: str, root: Path) -> str:
    return os.path.relpath(file, root).replace(os.sep, "/")


def _rename(
    d: Diagnostic, file: str, related: tuple[tuple[str, int | None, int | None], ...] | None = None
) -> Diagnostic:
    return Diagnostic(
        file, d.line, d.col, d.code, d.severity, d.message, d.path, d.related if related is None else related
    )


def _list_revision(spec: SideSpec, repo: git.Repository) -> _Listing:
    assert spec.commit is not None
    entries = git.list_tree(repo, spec.commit, spec.prefix)
    if entries is None:
        return _Listing([], Diagnostics(), missing=True)
    files: list[_Listed] = []
    notes: list[str] = []
    for entry in entries:
        parts = entry.path.split("/")
        if any(p.startswith(".") for p in parts) or not entry.path.endswith(loading.YAML_SUFFIXES):
            continue
        if entry.mode == "120000":
            notes.append(f"{spec.locate(entry.path)}: a symbolic link; links are not followed in a revision, skipped")
            continue
        if entry.mode == "160000":
            continue  # a submodule: its files are in another repository
        files.append(_Listed(entry.path, entry.oid, None))
    files.sort(key=lambda f: _walk_order(f.name))
    return _Listing(files, Diagnostics(), notes)


def load_sides(old: SideSpec, new: SideSpec, cwd: Path) -> tuple[Side, Side]:
    """Read and parse both sides; each distinct (file name, content) is parsed once.

    Args:
        old: the OLD side.
        new: the NEW side.
        cwd: the directory the command runs in (to find the repository of revision sides).

    Raises:
        UsageError: neither side has a YAML file, or git cannot read a revision.
    """
    repo = git.find_repository(cwd) if "revision" in (old.kind, new.kind) else None
    object_format = repo.object_format if repo is not None else "sha1"
    listings = []
    for spec in (old, new):
        if spec.kind == "revision":
            assert repo is not None
            listings.append(_list_revision(spec, repo))
        else:
            listings.append(_list_directory(spec, object_format))
    if not any(listing.files for listing in listings) and not any(len(listing.diagnostics) for listing in listings):
        raise UsageError(f"no YAML files (*.yaml, *.yml) in {old.where} nor in {new.where}")
    on_disk = {(f.name, f.key): f.data for listing in listings for f in listing.files if f.data is not None}
    missing = {
        f.key for listing in listings for f in listing.files if f.data is None and (f.name, f.key) not in on_disk
    }
    blobs = git.read_blobs(repo, sorted(missing)) if missing and repo is not None else {}
    sides = []
    with loading.gc_paused():
        parsed = _parse_distinct(listings, on_disk, blobs)
        for spec, listing in zip((old, new), listings, strict=True):
            files = [parsed[(f.name, f.key)] for f in listing.files]
            result = loading.assemble(files, listing.diagnostics)
            sides.append(Side(spec, result, len(listing.files), listing.missing, listing.notes))
    return sides[0], sides[1]


def _parse_distinct(
    listings: list[_Listing], on_disk: Mapping[tuple[str, str], bytes | None], blobs: Mapping[str, bytes]
) -> dict[tuple[str, str], ParsedFile]:
    """Each distinct (name, content) of both sides, parsed once (the YAML read on two cores, as the loader does)."""
    todo: dict[tuple[str, str], bytes] = {}
    for listing in listings:
        for f in listing.files:
            key = (f.name, f.key)
            if key not in todo:
                data = f.data if f.data is not None else on_disk.get(key)
                todo[key] = blobs[f.key] if data is None else data
    prepared = prepare_all(list(todo.values()))
    return {key: loading.parse_file(key[0], data, p) for (key, data), p in zip(todo.items(), prepared, strict=True)}


def located(side: Side, diagnostic: Diagnostic) -> Diagnostic:
    """A diagnostic of ``side`` with its files named as the user can find them (``HEAD~1:seeds/x.yaml``)."""
    related = tuple((side.spec.locate(f), line, col) for f, line, col in diagnostic.related)
    return _rename(diagnostic, side.spec.locate(diagnostic.file), related)


def errors_of(side: Side) -> list[Diagnostic]:
    """The side's errors, located for the user."""
    return [located(side, d) for d in side.result.diagnostics.sorted() if d.severity is Severity.ERROR]
