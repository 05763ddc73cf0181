"""``gpufleet cache info|clean [PATH]``: what the cache of the inventory at PATH holds; empty it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from inventory.base.text import terminal_safe
from inventory.engine import cache


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "cache",
        help="show (info) or empty (clean) the cache of parses and answers",
        description=(
            "gpufleet keeps the YAML reading of each file and the answer of each run in PATH/.gpufleet_cache "
            f"(or ${cache.ENV_DIR}), keyed by content: an unchanged inventory is answered at once. Entries are "
            f"signed with a secret in {cache.user_cache_home() / 'gpufleet'}; one that fails its check is ignored "
            f"and rebuilt. Turn the cache off with --no-cache or {cache.ENV_OFF}=1; bound it with "
            f"{cache.ENV_MAX} (default {cache.DEFAULT_MAX_MB})."
        ),
        epilog="exit codes: 0 done, 2 cannot run",
    )
    parser.add_argument("action", choices=("info", "clean"), help="info: entries and size; clean: remove them all")
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help="the inventory's folder (default: .)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder = cache.location(Path(args.path))
    store = cache.Store(folder, b"", cache.DEFAULT_MAX_MB * 2**20)
    where = terminal_safe(str(folder))
    if args.action == "clean":
        files, size = store.clean()
        print(f"removed {files} entr{'y' if files == 1 else 'ies'} ({_mb(size)}) from {where}")
        return 0
    opened = cache.Store.open(Path(args.path))
    info = store.info()
    state = "off (" + cache.ENV_OFF + ")" if cache.disabled() else ("on" if opened is not None else "off (no secret)")
    print(f"cache: {where} ({state}; limit {_mb(opened.max_bytes if opened else store.max_bytes)})")
    for kind, (count, size) in info["kinds"].items():
        print(f"  {kind:<6} {count:>7} entr{'y' if count == 1 else 'ies'}  {_mb(size)}")
    if not folder.exists():
        print("  (no cache folder yet)", file=sys.stderr)
    return 0


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"
