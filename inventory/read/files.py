"""Which files an inventory is, and their bytes: the one walk and the one read every door uses.

``discover`` finds the YAML files under the given paths (hidden folders and files, exclude globs
and what git ignores skipped; directory links followed once, a link back to a directory being read
skipped with a note);
``read_bytes`` reads one of them. The loader, the prefetching child and the TUI's reloader all call
these two, so the prefetch reads exactly the files the loader will read.

Only regular files are read. A pipe, socket or device (or a link to one) is refused from its
``stat``, never opened; so is anything on a pseudo-filesystem (``/proc``, ``/sys``, ``/dev``), where
a "regular" file may block (``/proc/kmsg``) or never end. A file is opened non-blocking and read
to at most ``max_file_size()`` bytes (``GPUFLEET_MAX_FILE_SIZE``, default 32 MB): a larger file is
``file-too-large``. Every OS error (permissions, a path too long, I/O) is a diagnostic, never raised.
``decode`` turns bytes into text with a located ``not-utf8``.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity
from inventory.base.errors import UsageError
from inventory.read import git
from inventory.read.discover import Excludes

YAML_SUFFIXES = (".yaml", ".yml")

DEFAULT_MAX_FILE_SIZE = 32 * 1024 * 1024
"""Largest inventory file read (32 MB: a 1,000,000-GPU data center is 2 MB); GPUFLEET_MAX_FILE_SIZE sets it."""
MAX_FILE_SIZE_VARIABLE = "GPUFLEET_MAX_FILE_SIZE"
PSEUDO_FILESYSTEMS = ("/proc", "/sys", "/dev")
"""Where files are not files: reading them may block, never end, or have effects."""

_SIZE = re.compile(r"\s*([0-9]{1,15})\s*([kKmMgG]?)[bB]?\s*\Z")


def max_file_size() -> int:
    """The per-file limit in bytes: GPUFLEET_MAX_FILE_SIZE (``100M``, ``2G``, ``500000``) or 32 MB.

    Raises:
        UsageError: the variable is set to something that is not a size.
    """
    text = os.environ.get(MAX_FILE_SIZE_VARIABLE)
    if not text:
        return DEFAULT_MAX_FILE_SIZE
    match = _SIZE.match(text)
    if match is None:
        raise UsageError(f"{MAX_FILE_SIZE_VARIABLE}={text[:40]!r} is not a size; write e.g. 100M, 2G or 500000")
    return int(match[1]) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match[2].lower()]


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


def display_path(path: Path | str) -> str:
    """A path as diagnostics show it: relative to the current directory where possible."""
    try:
        return os.path.relpath(path)
    except (ValueError, OSError):  # another drive on Windows; a current directory that is gone
        return str(path)


def _unreadable(path: Path | str, message: str, code: str = "unreadable-file") -> Diagnostic:
    return Diagnostic(display_path(path), None, None, code, Severity.ERROR, message)


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "cannot read: the path is too long for the system"
    return f"cannot read: {exc.strerror or type(exc).__name__}"


def on_pseudo_filesystem(real: str) -> bool:
    return any(real == top or real.startswith(top + os.sep) for top in PSEUDO_FILESYSTEMS)


def check_length(path: Path | str) -> None:
    """Refuse a path the system cannot even look up (a name too long): before anything stats it.

    Raises:
        UsageError: the path, or one of its names, is too long for the system.
    """
    _exists(Path(path))


def _exists(root: Path) -> bool:
    try:
        os.lstat(root)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise UsageError(f"{str(root)[:40]}…: the path is too long for the system") from None
        return False
    return True


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
        if not _exists(root):
            raise UsageError(f"{root}: no such file or directory")
        if on_pseudo_filesystem(os.path.realpath(root)):
            diagnostics.add(
                _unreadable(root, "cannot read: a pseudo-filesystem (/proc, /sys, /dev) holds no inventory")
            )
            continue
        if os.path.isdir(root):  # noqa: PTH112 - never raises (Path.is_dir does for a name too long)
            ignored = (git.ignored(root) if gitignore else None) or set()
            candidates = _walk(root, diagnostics, _skipper(ignored, exclude))
        else:
            candidates = [root]
        for path in candidates:
            real = os.path.realpath(path)
            if real not in seen_files:
                seen_files.add(real)
                found.append(path)
    if not found and not diagnostics.count(Severity.ERROR):
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
        diagnostics.add(_unreadable(error.filename or root, _os_message(error)))

    for folder, dirs, names in os.walk(root, followlinks=True, onerror=on_error):
        real = os.path.realpath(folder)
        holds_root = real != root_real and root_real.startswith(real.rstrip(os.sep) + os.sep)  # a link to an ancestor
        if real in visited or holds_root or (real != root_real and on_pseudo_filesystem(real)):
            dirs[:] = []
            if on_pseudo_filesystem(real) and not holds_root:
                message = "this directory link leads into a pseudo-filesystem (/proc, /sys, /dev); skipped"
                diagnostics.add(
                    Diagnostic(display_path(folder), None, None, "unreadable-file", Severity.WARNING, message)
                )
                continue
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


def read_bytes(path: Path, diagnostics: Diagnostics, limit: int | None = None) -> bytes | None:
    """The bytes of one file, or None with a diagnostic (not a regular file, too large, an OS error)."""
    if limit is None:
        try:
            limit = max_file_size()
        except UsageError:  # a bad GPUFLEET_MAX_FILE_SIZE: the command line says so; a reload reads on
            limit = DEFAULT_MAX_FILE_SIZE
    try:
        info = path.stat()  # follows links: a link to a device is a device
        problem = _not_readable(path, info, limit)
        if problem is not None:
            diagnostics.add(problem)
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            problem = _not_readable(path, os.fstat(fd), limit)  # the file opened is the file checked
            if problem is not None:
                diagnostics.add(problem)
                return None
            data = _read_at_most(fd, limit + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            diagnostics.add(_unreadable(path, "this link leads back to itself", "symlink-loop"))
        elif exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
            diagnostics.add(_unreadable(path, "cannot read: the file would block (not an ordinary file)"))
        else:
            diagnostics.add(_unreadable(path, _os_message(exc)))
        return None
    if len(data) > limit:
        diagnostics.add(too_large(display_path(path), limit))
        return None
    return data


def _not_readable(path: Path, info: os.stat_result, limit: int) -> Diagnostic | None:
    if not stat.S_ISREG(info.st_mode):
        return _unreadable(path, "cannot read: not a regular file (a pipe, socket or device)")
    if on_pseudo_filesystem(os.path.realpath(path)):
        return _unreadable(path, "cannot read: a file on a pseudo-filesystem (/proc, /sys, /dev)")
    if info.st_size > limit:
        return too_large(display_path(path), limit)
    return None


def too_large(file: str, limit: int) -> Diagnostic:
    """file-too-large for ``file`` (as displayed)."""
    message = f"file is larger than {limit:,} bytes, the most gpufleet reads; set {MAX_FILE_SIZE_VARIABLE} to raise it"
    return Diagnostic(file, None, None, "file-too-large", Severity.ERROR, message)


def _read_at_most(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


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
