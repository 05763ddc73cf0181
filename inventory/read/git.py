"""The only module that runs ``git``: finds the repository, resolves revisions, reads trees and blobs.

Revisions are read straight from git objects (``ls-tree``, ``cat-file --batch``): no checkout, no
worktree, no index lock. git always runs with a clean environment (no GIT_DIR or pager from the
caller), ``LC_ALL=C`` and ``core.quotepath=off``, and a revision argument can never reach git as an
option. Every failure a user can cause becomes a UsageError with a message meant for them.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from inventory.base.errors import UsageError

_KEPT_GIT_VARIABLES = re.compile(r"GIT_(EXEC_PATH|CONFIG_(GLOBAL|SYSTEM|NOSYSTEM|COUNT|KEY_\d+|VALUE_\d+))\Z")
"""Caller variables git may keep: where git lives, and config that CI sets (safe.directory)."""

MAX_REVISION = 255
"""Longest revision argument accepted (git's own ref names stay far below it)."""
_HEX = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")


class GitError(UsageError):
    """git could not do what was asked (unknown revision, not a repository, git missing)."""


class GitMissing(GitError):
    """git is not installed: nothing can be a revision, but directories can still be compared."""


@dataclass(frozen=True, slots=True)
class Repository:
    """A git repository with a working tree, as found from a directory inside it."""

    top: Path
    """The working tree's top directory (resolved, no symlinks)."""
    shallow: bool
    """True for a shallow clone: older history may be missing."""
    object_format: str
    """``sha1`` or ``sha256``: how object ids are hashed."""


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One file of a tree, listed recursively."""

    path: str
    """Path relative to the listed tree, with ``/`` separators."""
    mode: str
    """git's file mode: 100644, 100755 (files), 120000 (a symlink), 160000 (a submodule)."""
    oid: str
    """The blob's object id."""
    size: int = 0
    """The blob's size in bytes (0 for a submodule)."""


def git_env() -> dict[str, str]:
    """The environment git runs with: the caller's, minus every GIT_* variable that steers it.

    Why: inside a git hook or a script, GIT_DIR, GIT_WORK_TREE or GIT_INDEX_FILE point git at
    another repository; a pager or a prompt would hang a CI job; a translated message cannot be read.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or _KEPT_GIT_VARIABLES.match(k)}
    env.update(
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        LC_ALL="C",
        LANGUAGE="C",
    )
    return env


def run_git(args: Sequence[str], cwd: Path, *, input_: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``git args`` in ``cwd`` and return the finished process (it may have failed).

    Raises:
        GitMissing: git is not installed.
    """
    command = ["git", "--no-pager", "-c", "core.quotepath=off", *args]
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            env=git_env(),
            input=input_,
            capture_output=True,
            check=False,
            stdin=None if input_ is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitMissing("git is not installed (or not on PATH); it is needed to read a revision") from None
    except OSError as exc:  # a folder git cannot enter (permissions), a name too long
        raise GitError(f"git cannot run in {cwd}: {exc.strerror}") from None


def _message(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = [line.strip() for line in result.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    text = lines[0] if lines else f"git exited with status {result.returncode}"
    return text.removeprefix("fatal: ").removeprefix("error: ")


def find_repository(start: Path) -> Repository | None:
    """The repository whose working tree holds ``start``, or None when there is none.

    Raises:
        GitError: git is missing, or refuses the repository (e.g. "dubious ownership").
    """
    result = run_git(["rev-parse", "--show-toplevel", "--is-shallow-repository", "--show-object-format"], start)
    if result.returncode != 0:
        message = _message(result)
        if "not a git repository" in message:
            return None
        raise GitError(f"git cannot read the repository at {start}: {message}")
    top, shallow, object_format = result.stdout.decode("utf-8", "surrogateescape").splitlines()[:3]
    return Repository(Path(os.path.realpath(top)), shallow == "true", object_format)


def ignored(folder: Path) -> set[str] | None:
    """Real paths of what git ignores under ``folder`` (folders whole), or None outside a work tree.

    One ``git ls-files --others --ignored --exclude-standard --directory``: .gitignore, the
    repository's info/exclude and the user's excludes file, as ``git status`` applies them; a
    tracked file is never ignored. No git, or no repository: None, and nothing is skipped.
    """
    try:
        result = run_git(["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"], folder)
    except GitError:  # no git; a folder git cannot enter (the loader reports it unreadable)
        return None
    if result.returncode != 0:
        return None
    out = set()
    for record in result.stdout.split(b"\0"):
        if record:
            out.add(os.path.realpath(folder / os.fsdecode(record).rstrip("/")))
    return out


def check_revision(text: str) -> None:
    """Refuse a revision argument that git could take as an option, or that cannot be one.

    Raises:
        UsageError: it is empty, starts with ``-`` or holds a control character.
    """
    if not text:
        raise UsageError("an empty revision")
    if text.startswith("-"):
        raise UsageError(f"{text!r} looks like an option, not a revision (revisions never start with '-')")
    if len(text) > MAX_REVISION:
        raise UsageError(f"{text[:40]!r}… is not a revision: longer than {MAX_REVISION} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise UsageError(f"{text!r} is not a revision: it holds a control character")


def try_resolve_commit(repo: Repository, revision: str) -> str | None:
    """The commit id ``revision`` names, or None when it names none."""
    check_revision(revision)
    result = run_git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], repo.top)
    if result.returncode != 0:
        return None
    commit = result.stdout.decode("ascii", "replace").strip()
    if not _HEX.match(commit):  # ``^HEAD`` (a negation) prints ``^<id>``: no single commit
        raise UsageError(f"{revision!r} does not name one commit (a range or a negation is not a side of a diff)")
    return commit


def resolve_commit(repo: Repository, revision: str) -> str:
    """The commit id ``revision`` names (a branch, a tag, ``HEAD~1``, a sha).

    Raises:
        GitError: the revision is unknown (with a hint when the clone is shallow).
    """
    commit = try_resolve_commit(repo, revision)
    if commit is not None:
        return commit
    raise GitError(
        f"unknown revision {revision!r}: no branch, tag or commit of that name in {repo.top}{shallow_hint(repo)}"
    )


def shallow_hint(repo: Repository) -> str:
    """What to add to an unknown-revision message in a shallow clone (nothing in a full one)."""
    if not repo.shallow:
        return ""
    return (
        "; this is a shallow clone, so older commits may be missing: fetch them "
        "(`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)"
    )


def object_type(repo: Repository, name: str) -> tuple[str, str] | None:
    """(object id, type) of an object name such as ``<commit>:<path>``, or None if it does not exist.

    The name goes to git on standard input, so no value of it can act as an option.
    """
    if "\n" in name:
        return None
    result = run_git(["cat-file", "--batch-check"], repo.top, input_=name.encode("utf-8", "surrogateescape") + b"\n")
    if result.returncode != 0:
        raise GitError(f"git cannot read {name!r}: {_message(result)}")
    fields = result.stdout.split()
    if len(fields) != 3:  # "<name> missing" or "<name> ambiguous"
        return None
    return fields[0].decode("ascii"), fields[1].decode("ascii")


def list_tree(repo: Repository, commit: str, prefix: str) -> list[TreeEntry] | None:
    """Every file under ``prefix`` in ``commit``, paths relative to ``prefix``; None when it is absent.

    Args:
        repo: the repository.
        commit: a full commit id (from resolve_commit).
        prefix: a folder relative to the repository's top, ``/``-separated; ``""`` for the top.

    Raises:
        GitError: the prefix is a file, or git fails.
    """
    if not _HEX.match(commit):
        raise ValueError(f"not a commit id: {commit!r}")
    found = object_type(repo, f"{commit}:{prefix}" if prefix else f"{commit}^{{tree}}")
    if found is None:
        return None
    tree, kind = found
    if kind != "tree":
        raise GitError(f"{prefix} is a {kind} in {commit[:12]}, not a folder")
    result = run_git(["ls-tree", "-r", "-l", "-z", "--full-tree", tree], repo.top)
    if result.returncode != 0:
        raise GitError(f"git cannot list {prefix or 'the top folder'} in {commit[:12]}: {_message(result)}")
    entries: list[TreeEntry] = []
    for record in result.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, _kind, oid, size = meta.split()
        length = int(size) if size.isdigit() else 0
        entries.append(TreeEntry(os.fsdecode(path), mode.decode("ascii"), oid.decode("ascii"), length))
    return entries


def read_blobs(repo: Repository, oids: Iterable[str]) -> dict[str, bytes]:
    """The bytes of each blob, read in one ``git cat-file --batch``.

    Raises:
        GitError: a blob is missing (a partial or broken clone) or git fails.
    """
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    request = "".join(f"{oid}\n" for oid in wanted).encode("ascii")
    result = run_git(["cat-file", "--batch"], repo.top, input_=request)
    if result.returncode != 0:
        raise GitError(f"git cannot read file contents: {_message(result)}")
    out = result.stdout
    blobs: dict[str, bytes] = {}
    pos = 0
    for oid in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        if len(header) != 3:
            raise GitError(f"blob {oid} is missing from the repository (a partial or broken clone?)")
        size = int(header[2])
        blobs[oid] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return blobs


def blob_id(data: bytes, object_format: str = "sha1") -> str:
    """The id git would give ``data`` as a blob: lets a file on disk share a parse with a blob."""
    digest = hashlib.new(object_format)
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()
