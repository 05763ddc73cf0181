"""One forked helper process: a pure function mapped over items on two cores.

Used for the C-heavy half of reading many YAML files (checks and rapidyaml's JSON, which cross the
pipe as plain strings: pickling Python objects back would cost more than it saves). Only where it
is safe and pays: Linux (fork), at least two cores, no other thread alive, enough work. If the
child fails in any way, the parent computes its share itself, so the result never depends on it.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_WORK = 2_000_000
"""Below this much work (bytes of YAML), forking costs more than it saves."""


def can_fork() -> bool:
    """Fork is available and safe here: Linux, two cores or more, and no other thread running."""
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def split(weights: Sequence[int]) -> tuple[list[int], list[int]]:
    """Indexes in two groups of about equal weight, heaviest first (greedy)."""
    mine: list[int] = []
    theirs: list[int] = []
    load = [0, 0]
    for i in sorted(range(len(weights)), key=lambda i: -weights[i]):
        side = 0 if load[0] <= load[1] else 1
        (mine if side == 0 else theirs).append(i)
        load[side] += weights[i]
    return sorted(mine), sorted(theirs)


def map_two(func: Callable[[T], R], items: Sequence[T], weights: Sequence[int]) -> list[R]:
    """``[func(x) for x in items]``, half of the weight computed in a forked child when it pays.

    ``func`` must be pure and its results picklable; the order of the results is the items'.
    """
    if sum(weights) < MIN_WORK or len(items) < 2 or not can_fork():
        return [func(x) for x in items]
    mine, theirs = split(weights)
    results: list[R | None] = [None] * len(items)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute its share, send it, leave without running any cleanup
        code = 1
        try:
            os.close(read_end)
            payload = pickle.dumps([func(items[i]) for i in theirs], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    for i in mine:
        results[i] = func(items[i])
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        received = pickle.loads(payload) if os.waitstatus_to_exitcode(status) == 0 else None
    except (pickle.UnpicklingError, EOFError, ValueError):
        received = None
    if not isinstance(received, list) or len(received) != len(theirs):
        received = [func(items[i]) for i in theirs]  # the child failed: do its share here
    for i, result in zip(theirs, received, strict=True):
        results[i] = result
    return results  # type: ignore[return-value]  # every slot is filled above
