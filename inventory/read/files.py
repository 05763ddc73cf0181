"""Finding and reading inventory files on disk: the only place inventory bytes come from a file.

``discover`` walks the given paths (directory links followed once; hidden folders, exclude globs
and what git ignores skipped) and lists every YAML file, each real file once; ``read_bytes``
reads one regular file; ``decode`` turns bytes into text with a located ``not-utf8``. Every
problem becomes a Diagnostic; only a command that cannot run at all (a missing path, no YAML
anywhere) raises UsageError.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity
from inventory.base.errors import UsageError
from inventory.read import git
from inventory.read.discover import Excludes

YAML_SUFFIXES = (".yaml", ".yml")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: bulk loads allocate millions of objects and no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def display_path(path: Path) -> str:
    """A path as diagnostics show it: relative to the current directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def discover(
    paths: Sequence[Path], diagnostics: Diagnostics, *, exclude: Excludes | None = None, gitignore: bool = True
) -> list[Path]:
    """Every YAML file under ``paths``, sorted per argument, each real file once.

    Under a folder, what ``exclude`` matches and (inside a git work tree, with ``gitignore``) what
    git ignores is skipped; a file named in ``paths`` itself is always read.

    Raises:
        UsageError: a path does not exist, or there is no YAML file under any of them.
    """
    found: list[Path] = []
    seen_files: set[str] = set()
    for root in paths:
        if not root.exists() and not root.is_symlink():
            raise UsageError(f"{root}: no such file or directory")
        if root.is_dir():
            ignored = (git.ignored(root) if gitignore else None) or set()
            candidates = _walk(root, diagnostics, _skipper(ignored, exclude))
        else:
            candidates = [root]
        for path in candidates:
            real = os.path.realpath(path)
            if real not in seen_files:
                seen_files.add(real)
                found.append(path)
    if not found:
        where = ", ".join(str(p) for p in paths)
        raise UsageError(f"no YAML files (*.yaml, *.yml) under {where}")
    return found


def _skipper(ignored: set[str], exclude: Excludes | None) -> Callable[[Path, bool], bool]:
    """``skip(path, is_dir)``: git ignores it, or an exclude glob matches it."""

    def skip(path: Path, is_dir: bool) -> bool:
        if ignored and os.path.realpath(path) in ignored:
            return True
        return exclude is not None and bool(exclude) and exclude.skips(path, is_dir=is_dir)

    return skip


def _walk(root: Path, diagnostics: Diagnostics, skip: Callable[[Path, bool], bool]) -> list[Path]:
    files: list[Path] = []
    visited: set[str] = set()
    root_real = os.path.realpath(root)

    def on_error(error: OSError) -> None:
        name = display_path(Path(error.filename)) if error.filename else display_path(root)
        diagnostics.add(
            Diagnostic(name, None, None, "unreadable-file", Severity.ERROR, f"cannot read: {error.strerror}")
        )

    for folder, dirs, names in os.walk(root, followlinks=True, onerror=on_error):
        real = os.path.realpath(folder)
        holds_root = real != root_real and root_real.startswith(real.rstrip(os.sep) + os.sep)  # a link to an ancestor
        if real in visited or holds_root:
            dirs[:] = []
            parent = os.path.realpath(Path(folder).parent)
            loops = holds_root or parent == real or parent.startswith(real.rstrip(os.sep) + os.sep)
            message = (
                "this directory link loops back to a directory being read; skipped"
                if loops
                else "this directory was already read through another path (a directory link); skipped"
            )
            diagnostics.add(
                Diagnostic(display_path(Path(folder)), None, None, "symlink-loop", Severity.WARNING, message)
            )
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not skip(Path(folder, d), True))
        files.extend(
            Path(folder, n)
            for n in sorted(names)
            if n.endswith(YAML_SUFFIXES) and not n.startswith(".") and not skip(Path(folder, n), False)
        )
    return files


def read_bytes(path: Path, diagnostics: Diagnostics) -> bytes | None:
    """The bytes of one file, or None with a diagnostic (a link loop, a pipe, an I/O error)."""
    try:
        # A FIFO or a device would block or never end: only regular files are read.
        if not stat.S_ISREG(path.stat().st_mode):
            message = "cannot read: not a regular file (a pipe, socket or device)"
            diagnostics.add(Diagnostic(display_path(path), None, None, "unreadable-file", Severity.ERROR, message))
            return None
        return path.read_bytes()
    except OSError as exc:
        code = "symlink-loop" if exc.errno == errno.ELOOP else "unreadable-file"
        message = "this link leads back to itself" if code == "symlink-loop" else f"cannot read: {exc.strerror}"
        diagnostics.add(Diagnostic(display_path(path), None, None, code, Severity.ERROR, message))
        return None


def decode(file: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text of ``data`` (without a BOM), or a located not-utf8 diagnostic."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Diagnostic(file, 1, 1, "not-utf8", Severity.ERROR, "file is UTF-16; save it as UTF-8")
    body = data.removeprefix(codecs.BOM_UTF8)  # positions count from after the BOM, as editors do
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = body[exc.start : exc.start + 1].hex()
        return None, Diagnostic(
            file, line, col, "not-utf8", Severity.ERROR, f"byte 0x{byte} is not UTF-8; save the file as UTF-8"
        )
