"""``gpufleet tui [PATH] [--as-of DATE] [--diff REV]``: browse the inventory in a terminal UI.

Textual is imported inside ``run`` only, so building the CLI (and ``gpufleet validate``) never
pays for it. The TUI reads the inventory and never writes it.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "tui",
        help="browse the fleet, its problems and its reconciliation in a terminal UI",
        description="Browse the inventory: fleet tree, details, rollups and checks, problems, reports. Read-only.",
        epilog="keys: ? lists them all; q quits",
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=None,
        metavar="PATH",
        help="inventory folder or file (default: the inventory root found from here upwards, else .)",
    )
    parser.add_argument("--as-of", metavar="DATE", help="evaluate at DATE (default: the Fleet's as_of)")
    parser.add_argument("--diff", metavar="REV", help="mark what changed since the git revision REV")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from inventory.cli.common import locate

    where = locate([args.path] if args.path else [])
    path = args.path
    if path is None:
        path = str(where.paths[0]) if len(where.paths) == 1 else "."
    from tui.app import build_app

    app = build_app(path, as_of=args.as_of or where.configured("as_of", "tui"), diff=args.diff)
    app.run()
    return 0
