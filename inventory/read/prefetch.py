"""Reading YAML while Python imports: a forked child starts on the files a command will load.

A ``gpufleet validate`` process spends its first ~0.2 s importing pydantic and building the
models before it reads a byte. ``start(argv)``, called first thing by cli.main, walks the paths
named on the command line and, when there is enough YAML to matter, forks a child that runs
``fast_reader.prepare`` on the files, heaviest first, meanwhile. When the parent is ready
(``prepare_contents``, from load_inventory) it takes files from the light end of the same list
until the two meet; each side claims a file in a shared byte map before reading it (a file both
happen to claim is merely read twice). The parent uses the child's result only for the very bytes
the child read (BLAKE2 digest). Speed only: the results never depend on the child.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import pickle
import select
import signal
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inventory.read.parallel import can_fork

COMMANDS = frozenset(("validate", "rollup", "reconcile", "tui"))
"""Verbs that load the inventory named by their positional paths (default: the current directory)."""
MIN_WORK = 2_000_000
"""Below this many bytes of YAML, forking costs more than it saves."""


@dataclass(slots=True)
class _Child:
    pid: int
    done: int
    """Read end of a pipe the child holds open until it exits: readable (EOF) once it is done."""
    results: int
    """A memory file the child writes its pickled results to (no pipe to drain chunk by chunk)."""
    order: list[str]
    """Real paths, heaviest first: the child works from the front, the parent from the back."""
    claims: mmap.mmap
    """One byte a file of ``order``, shared with the child: non-zero once a side has taken it."""
    deadline: float


_pending: _Child | None = None


def prepare(data: bytes) -> bytes:
    """``fast_reader.prepare``, imported when first needed (a run answered from the cache never reads YAML)."""
    from inventory.read import fast_reader

    return fast_reader.prepare(data)


def prepare_all(contents: Sequence[bytes]) -> list[bytes]:
    from inventory.read import fast_reader

    return fast_reader.prepare_all(contents)


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _files(paths: Sequence[str]) -> dict[str, int]:
    """Real path -> size of every file the loader will read under ``paths``: files.discover's walk.

    Empty when the walk finds a problem of any kind (the loader will report it) or raises.
    """
    from inventory.base.diagnostics import Diagnostics
    from inventory.base.errors import UsageError
    from inventory.read.files import discover

    diagnostics = Diagnostics()
    try:
        found = discover([Path(p) for p in paths], diagnostics)
        sizes = {os.path.realpath(path): path.stat().st_size for path in found}
    except (UsageError, OSError, ValueError):
        return {}
    return {} if len(diagnostics) else sizes


def _paths(argv: Sequence[str]) -> list[str] | None:
    """The paths a loading command will read, guessed from its arguments (None: not such a command)."""
    if not argv or argv[0] not in COMMANDS:
        return None
    paths = [a for a in argv[1:] if a and not a.startswith("-") and _exists(a)]  # skips option values
    return paths or ["."]


def _exists(path: str) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def start(argv: Sequence[str]) -> None:
    """Fork the child for the command in ``argv`` when it will load enough YAML; else nothing."""
    global _pending
    paths = _paths(argv)
    if paths is None or _pending is not None or not can_fork():
        return
    sizes = _files(paths)
    total = sum(sizes.values())
    if total < MIN_WORK:
        return
    from inventory.base.diagnostics import Diagnostics
    from inventory.base.errors import UsageError
    from inventory.read.files import max_file_size, read_bytes

    try:
        limit = max_file_size()
    except UsageError:  # the loader says why
        return
    order = sorted(sizes, key=lambda p: (-sizes[p], p))
    claims = mmap.mmap(-1, len(order))  # anonymous and shared: the child sees the parent's claims
    results = _memory_file()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read from the front until it meets the parent, write its results, leave
        code = 1
        try:
            os.close(read_end)
            found = {}
            for i, path in enumerate(order):
                if claims[i]:
                    break
                claims[i] = 1
                data = read_bytes(Path(path), Diagnostics(), limit)
                if data is not None:
                    found[path] = (digest(data), prepare(data))
            view = memoryview(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
            while view:
                view = view[os.write(results, view) :]
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    _pending = _Child(pid, read_end, results, order, claims, time.monotonic() + 10 + total / 5_000_000)


def _memory_file() -> int:
    if hasattr(os, "memfd_create"):
        return os.memfd_create("gpufleet-prefetch")
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the descriptor outlives this function on purpose
    return os.dup(handle.fileno())


def _collect(child: _Child) -> dict[str, tuple[bytes, bytes]]:
    """The child's results, or {} if it failed or overran its deadline (then it is stopped)."""
    try:
        finished = bool(select.select([child.done], [], [], max(0.0, child.deadline - time.monotonic()))[0])
        if not finished:
            os.kill(child.pid, signal.SIGKILL)
        _, status = os.waitpid(child.pid, 0)
        size = os.fstat(child.results).st_size
        if not finished or os.waitstatus_to_exitcode(status) != 0 or not size:
            return {}
        with mmap.mmap(child.results, size, access=mmap.ACCESS_READ) as payload:
            found = pickle.loads(payload)
        return found if isinstance(found, dict) else {}
    finally:
        os.close(child.done)
        os.close(child.results)
        child.claims.close()


def cancel() -> None:
    """Stop a child the command will not use (it failed, or was interrupted, before loading)."""
    global _pending
    child, _pending = _pending, None
    if child is None:
        return
    with contextlib.suppress(OSError):
        os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
    for fd in (child.done, child.results):
        with contextlib.suppress(OSError):
            os.close(fd)
    child.claims.close()


def prepare_contents(contents: Sequence[tuple[str, bytes]]) -> list[bytes]:
    """``fast_reader.prepare`` of each (real path, bytes): the prefetching child's where it read the
    same bytes, the rest computed here (on two cores when there is no child to share with)."""
    global _pending
    child, _pending = _pending, None
    if child is None:
        return prepare_all([data for _, data in contents])
    index = {path: i for i, (path, _) in enumerate(contents)}
    results: list[bytes | None] = [None] * len(contents)
    for n in range(len(child.order) - 1, -1, -1):  # from the light end until the child's claims
        if child.claims[n]:
            break
        child.claims[n] = 2
        i = index.get(child.order[n])
        if i is not None:
            results[i] = prepare(contents[i][1])
    received = _collect(child)
    for i, (path, data) in enumerate(contents):
        if results[i] is None:
            found = received.get(path)
            results[i] = found[1] if found is not None and found[0] == digest(data) else prepare(data)
    return [r if r is not None else b"" for r in results]
