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
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help="inventory folder or file (default: .)")
    parser.add_argument("--as-of", metavar="DATE", help="evaluate at DATE (default: the Fleet's as_of)")
    parser.add_argument("--diff", metavar="REV", help="mark what changed since the git revision REV")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui.app import build_app

    app = build_app(args.path, as_of=args.as_of, diff=args.diff)
    app.run()
    return 0
