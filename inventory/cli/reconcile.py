"""``gpufleet reconcile [PATH...] [--format table|json]``: every Report figure against the inventory.

Lists each reported figure with the itemized value at the Report's own date, the coverage and the
status (ok, mismatch, incomplete, conflict, weak), then says why for every mismatch, conflict and
weak figure. The results are the engine's, as validate judges them: while the inventory has
errors, reconciliation is skipped and the reason is said on stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from inventory.cli.common import (
    add_format_option,
    add_paths_argument,
    add_severity_options,
    finish,
    prepare,
    view_verdict,
)
from inventory.output import formats


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "reconcile",
        help="compare every reported figure with the inventory at the report's date",
        description=(
            "Every Report figure beside what the inventory itemizes for the same scope at the Report's own "
            "as_of: coverage (itemized / reported) and status: ok, mismatch, incomplete, conflict or weak."
        ),
        epilog="exit codes: 0 no mismatch or conflict at severity error, 1 some (or inventory errors), 2 cannot run",
    )
    add_paths_argument(parser)
    add_format_option(parser, "reconcile")
    add_severity_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    verdict = view_verdict(prepare(args, "reconcile"), args)
    sys.stdout.write(formats.render("reconcile", args.format, verdict.checks))
    reason = verdict.skipped.get("reconcile")
    if reason is not None:
        print(f"reconciliation skipped: {reason}", file=sys.stderr)
    return finish(verdict) or verdict.exit_code()
