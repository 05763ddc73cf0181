"""The two sides of a diff: OLD/NEW arguments -> directories or git revisions -> two verdicts.

Decides what each argument is (a directory, a git revision, or the working tree) and hands each
side to the engine as a source (a folder on disk, or a folder of a commit read from git objects).
The engine's loader parses every distinct (file name, content) once: a file whose blob is the same
on both sides is parsed a single time, which is what makes a one-file change in a large fleet
cheap to diff; each side is then judged exactly as validate judges it.
File names are relative to each side's inventory folder, so the same file compares equal across sides.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.base.errors import UsageError
from inventory.engine.sources import Paths, Revision, Source
from inventory.read import git
from inventory.read.files import display_path

if TYPE_CHECKING:
    from inventory.engine import Loader, Settings, Verdict


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
        return display_path(self.root)

    def locate(self, name: str) -> str:
        """A file of this side (relative to its inventory folder) as a user can find it."""
        if self.kind == "revision":
            return f"{self.label}:{self.prefix}/{name}" if self.prefix else f"{self.label}:{name}"
        return str(Path(self.where, name)) if self.where != os.curdir else name


@dataclass(slots=True)
class Side:
    """One loaded side."""

    spec: SideSpec
    verdict: Verdict
    """The engine's verdict on this side, as validate would give it."""
    files: int
    """YAML files found (0: the folder is missing or holds none on this side)."""
    missing: bool = False
    """The inventory folder does not exist on this side."""
    notes: list[str] = field(default_factory=list)
    """Things worth telling the user about this side (skipped links)."""


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


def _is_dir(path: Path) -> bool:
    """``path.is_dir()``, False for any OS error too (a name too long for the system, permissions)."""
    try:
        return os.path.isdir(path)  # noqa: PTH112 - Path.is_dir raises for a name too long (3.11)
    except (OSError, ValueError):
        return False


def _is_plain_path(text: str) -> bool:
    """``.``, ``./x``, ``../x``, ``/x``: written as a path, so never read as a revision."""
    return text in (os.curdir, os.pardir) or text.startswith(("./", "../", "/", "." + os.sep, ".." + os.sep))


def _classify(argument: str, context: _Context) -> str:
    """``directory`` or ``revision`` for one OLD/NEW argument.

    Raises:
        UsageError: it names both a directory and a revision, or neither.
    """
    if _is_dir(context.cwd / argument):
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
        if _is_dir(cwd / second) or _resolves(second, context):
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
        base = context.cwd / argument
        root = base / (path or os.curdir)
        relative = os.path.relpath(os.path.realpath(root), os.path.realpath(base))
        if relative == os.pardir or relative.startswith(os.pardir + os.sep) or Path(path or "").is_absolute():
            raise UsageError(f"{path}: outside {argument}; PATH is a folder inside each side")
        return SideSpec(role, argument, "directory", root=root)
    commit = context.commit(argument)
    if path is None:
        # A revision compared with a directory of its repository reads that directory's folder.
        others = [o for o in operands if o != argument and _is_dir(context.cwd / o)]
        inside = context.inside(Path(others[0])) if others else None
        if inside is not None:
            return SideSpec(role, argument, "revision", commit=commit, prefix=inside)
    return SideSpec(role, argument, "revision", commit=commit, prefix=context.prefix(Path(path or os.curdir)))


# ---------------------------------------------------------------------------------------------
# Reading both sides


def source_of(spec: SideSpec, repo: git.Repository | None, exclude: Sequence[str] = ()) -> Source:
    """The engine source one side reads: a folder on disk, or a folder of a commit.

    ``exclude`` globs are relative to the side's inventory folder, so both sides skip the same files.
    """
    if spec.kind == "revision":
        assert repo is not None
        assert spec.commit is not None
        return Revision(repo, spec.commit, spec.prefix, spec.label, tuple(exclude))
    assert spec.root is not None
    return Paths((spec.root,), root=spec.root, allow_missing=True, exclude=tuple(exclude))


def load_sides(
    old: SideSpec,
    new: SideSpec,
    cwd: Path,
    *,
    loader: Loader | None = None,
    settings: Settings | None = None,
    exclude: Sequence[str] = (),
) -> tuple[Side, Side]:
    """Judge both sides with the engine; each distinct (file name, content) is parsed once.

    Args:
        old: the OLD side.
        new: the NEW side.
        cwd: the directory the command runs in (to find the repository of revision sides).
        loader: a loader whose earlier parses may be reused (the TUI keeps one).
        settings: the severities of reconciliation findings, as validate takes them.
        exclude: glob patterns of files to skip on both sides (relative to each side's folder).

    Raises:
        UsageError: neither side has a YAML file, or git cannot read a revision.
    """
    from inventory.engine import Loader, judge  # here: resolving the sides stays light (the cache's key)

    repo = git.find_repository(cwd) if "revision" in (old.kind, new.kind) else None
    loads = (loader or Loader()).load_all([source_of(old, repo, exclude), source_of(new, repo, exclude)])
    if not any(load.files for load in loads) and not any(len(load.diagnostics) for load in loads):
        raise UsageError(f"no YAML files (*.yaml, *.yml) in {old.where} nor in {new.where}")
    sides = [
        Side(spec, judge(load, settings=settings), load.files, load.missing, load.notes)
        for spec, load in zip((old, new), loads, strict=True)
    ]
    return sides[0], sides[1]


def located(side: Side, diagnostic: Diagnostic) -> Diagnostic:
    """A diagnostic of ``side`` with its files named as the user can find them (``HEAD~1:seeds/x.yaml``)."""
    related = tuple((side.spec.locate(f), line, col) for f, line, col in diagnostic.related)
    return Diagnostic(
        side.spec.locate(diagnostic.file),
        diagnostic.line,
        diagnostic.col,
        diagnostic.code,
        diagnostic.severity,
        diagnostic.message,
        diagnostic.path,
        related,
    )


def errors_of(side: Side) -> list[Diagnostic]:
    """The errors met reading the side (what the diff could not cover), located for the user."""
    return [located(side, d) for d in side.verdict.load.diagnostics.sorted() if d.severity is Severity.ERROR]
