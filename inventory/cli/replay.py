"""Running a verb through the cache: its whole answer replayed when nothing it reads changed.

validate, rollup, reconcile and diff name their sources here (the paths; both diff sides,
resolved as diff resolves them) so ``engine.answers`` can key the answer; the store goes on
``args.cache_store`` for the loader's per-file cache on a miss. ``--no-cache`` and
``GPUFLEET_NO_CACHE=1`` bypass both. Anything that stops the key being derived (a missing path,
an unknown revision, a bad operand) runs the verb uncached, which reports it as it always does.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inventory.base.errors import InventoryError
from inventory.engine import answers, cache
from inventory.engine.sources import Paths, Source

CACHED = frozenset(("validate", "rollup", "reconcile", "diff"))
"""Verbs whose answer the cache keeps."""
_NOT_OPTIONS = frozenset(("run", "no_cache", "cache_store"))


def run(args: argparse.Namespace, start: Callable[[], None] = lambda: None) -> int:
    """``args.run(args)``, answered from the cache when it can be; ``start()`` runs first unless
    the answer is replayed (it starts reading ahead for the engine)."""
    try:
        return _run(args, start)
    finally:
        answers.forget()  # a listing made for a key serves this run only, never a later one


def _run(args: argparse.Namespace, start: Callable[[], None]) -> int:
    def uncached() -> int:
        start()
        return int(args.run(args))

    if args.command not in CACHED or getattr(args, "no_cache", False) or cache.disabled():
        return uncached()
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        return uncached()  # validate appends to the job summary: a side effect a replay would skip
    options = {k: v for k, v in vars(args).items() if k not in _NOT_OPTIONS}
    try:
        plan = _diff_plan(args) if args.command == "diff" else _paths_plan(args)
    except (InventoryError, OSError, ValueError):
        plan = None
    if plan is None:
        return uncached()
    root, sources, extra = plan
    store = cache.Store.open(root)
    if store is None:
        return uncached()
    args.cache_store = store
    key = answers.run_key(args.command, options, sources, extra)
    if key is None:
        return uncached()
    return answers.answer(store, key, uncached)


def _paths_plan(args: argparse.Namespace) -> tuple[Path, list[Source], Any]:
    from inventory.cli.common import locate

    where = locate(args.paths or [], getattr(args, "exclude", []))  # as the verb locates it, config included
    source = Paths.of(where.paths, exclude=where.exclude, exclude_base=where.base)
    first = Path(source.paths[0]) if source.paths else Path()
    root = where.root.folder if where.root is not None else (first if first.is_dir() else first.parent)
    return root, [source], repr(where)


def _diff_plan(args: argparse.Namespace) -> tuple[Path, list[Source], Any] | None:
    from inventory.cli.common import locate
    from inventory.cli.diff import _Exit, _root_path, split_operands
    from inventory.diff.inputs import resolve_sides, source_of
    from inventory.read import git

    if any(o in ("-h", "--help") for o in args.operands):
        return None
    copy = argparse.Namespace(**vars(args))
    with contextlib.redirect_stderr(io.StringIO()):  # a bad option: the uncached run says so, once
        try:
            operands, path = split_operands(copy)
        except _Exit:
            return None
    if getattr(copy, "no_cache", False):
        return None
    cwd = Path.cwd()
    where = locate([path] if path else [], copy.exclude)  # as diff's run does, config included
    if path is None:
        path = _root_path(operands, where, cwd)
    old, new = resolve_sides(operands, path, cwd)
    repo = git.find_repository(cwd) if "revision" in (old.kind, new.kind) else None
    fallback = new.root if new.root is not None and new.root.is_dir() else cwd
    root = repo.top if repo is not None else fallback
    specs = [[s.kind, s.label, str(s.root), s.commit, s.prefix] for s in (old, new)]
    sources = [source_of(old, repo, where.exclude), source_of(new, repo, where.exclude)]
    return root, sources, [repr(where), specs]
