"""``gpufleet validate [PATH...]``: every problem in the inventory, located, in one run."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from inventory.base.diagnostics import Severity
from inventory.cli.common import add_color_option, use_color
from inventory.cli.reconcile import add_severity_options
from inventory.engine.loading import LoadResult, load_inventory
from inventory.output import diagnostics as report
from inventory.reconcile.checks import reconcile_diagnostics


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check the inventory: YAML, schema, units, references, dates",
        description="Check the inventory and report every problem as path:line:col.",
        epilog="exit codes: 0 no error, 1 errors (or warnings with --strict), 2 cannot run",
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")
    parser.add_argument("--format", choices=report.REPORTERS, default="text", help="output format (default: text)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the run too")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also show notes (severity info: incomplete coverage of reported figures)",
    )
    add_severity_options(parser)
    add_color_option(parser)
    parser.set_defaults(run=run)


def checked(result: LoadResult) -> report.Checked:
    counts = Counter(kind for kind, _ in result.inventory.entities())
    order = ("Fleet", "Source", "Region", "DataCenter", "GpuSku", "Report")
    return report.Checked(len(result.inventory.files), {k: counts[k] for k in order if counts[k]})


def exit_code(result: LoadResult, *, strict: bool) -> int:
    if result.cannot_run:
        return 2
    diagnostics = result.diagnostics
    if diagnostics.has_errors or (strict and diagnostics.count(Severity.WARNING)):
        return 1
    return 0


def summary(result: LoadResult, what: report.Checked, *, notes_shown: bool = True) -> str:
    """``checked N files (...): E errors, W warnings[, I notes]``; notes are the info diagnostics."""
    d = result.diagnostics
    errors, warnings, infos = (d.count(s) for s in Severity)
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    if infos:
        parts.append(f"{infos} note{'s' * (infos != 1)}" + ("" if notes_shown else " (-v shows them)"))
    return f"checked {what.describe()}: {', '.join(parts)}"


def add_reconciliation(result: LoadResult, args: argparse.Namespace) -> None:
    """Reconcile with the reported figures and run the plausibility checks, on an inventory without errors.

    With errors, entities are missing and every sum would be off: the note on stderr says so instead.
    """
    if result.cannot_run or result.inventory.fleet is None:
        return
    if result.diagnostics.has_errors:
        print("reconciliation skipped: fix the errors first", file=sys.stderr)
        return
    found = reconcile_diagnostics(result.inventory, mismatch_severity=args.mismatches, conflict_severity=args.conflicts)
    result.diagnostics.extend(found)


def workspace_relative(file: str) -> str:
    """``file`` relative to ``$GITHUB_WORKSPACE`` (the checkout) when it lies inside it; else unchanged.

    A workflow step may run in a sub-directory (``working-directory:``), but annotations attach to
    paths from the repository root.
    """
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return file
    absolute = Path(file).absolute()
    try:
        return absolute.relative_to(Path(workspace).absolute()).as_posix()
    except ValueError:
        return file


def run(args: argparse.Namespace) -> int:
    result = load_inventory(args.paths)
    add_reconciliation(result, args)
    code = exit_code(result, strict=args.strict)
    what = checked(result)
    shown = [
        d
        for d in result.diagnostics.sorted()
        if args.verbose or args.format == "json" or d.severity is not Severity.INFO
    ]
    if args.format == "json":
        out = report.render_json(shown, what, failed=code != 0)
    elif args.format == "github":
        out = report.render_github(shown, what, relocate=workspace_relative)
    else:
        out = report.render_text(shown, what, color=use_color(args.color))
    sys.stdout.write(out)
    print(summary(result, what, notes_shown=args.verbose or args.format == "json"), file=sys.stderr)
    return code
