"""``gpufleet validate [PATH...]``: every problem in the inventory, located, in one run."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from inventory.base.diagnostics import Severity
from inventory.cli.common import add_color_option, add_format_option, add_severity_options, judge_paths, use_color
from inventory.engine import Verdict
from inventory.output import formats
from inventory.output.diagnostics import Checked, DiagnosticsReport


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check the inventory: YAML, schema, units, references, dates",
        description="Check the inventory and report every problem as path:line:col.",
        epilog="exit codes: 0 no error, 1 errors (or warnings with --strict), 2 cannot run",
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")
    add_format_option(parser, "validate")
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


def checked(verdict: Verdict) -> Checked:
    return Checked(len(verdict.inventory.files), verdict.counts())


def summary(verdict: Verdict, what: Checked, *, notes_shown: bool = True) -> str:
    """``checked N files (...): E errors, W warnings[, I notes]``; notes are the info diagnostics."""
    d = verdict.diagnostics
    errors, warnings, infos = (d.count(s) for s in Severity)
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    if infos:
        parts.append(f"{infos} note{'s' * (infos != 1)}" + ("" if notes_shown else " (-v shows them)"))
    return f"checked {what.describe()}: {', '.join(parts)}"


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


def skipped_note(verdict: Verdict) -> str | None:
    """The note a human reads when reconciliation did not run for a reason worth telling."""
    reason = verdict.skipped.get("reconcile")
    if reason is None or verdict.cannot_run or verdict.inventory.fleet is None:
        return None
    return f"reconciliation skipped: {reason}"


def run(args: argparse.Namespace) -> int:
    verdict = judge_paths(args.paths, args)
    code = verdict.exit_code(strict=args.strict)
    what = checked(verdict)
    everything = args.verbose or args.format == "json"
    shown = [d for d in verdict.sorted() if everything or d.severity is not Severity.INFO]
    report = DiagnosticsReport(shown, what, code != 0, use_color(args.color), workspace_relative)
    sys.stdout.write(formats.render("validate", args.format, report))
    note = skipped_note(verdict)
    if note is not None:
        print(note, file=sys.stderr)
    print(summary(verdict, what, notes_shown=everything), file=sys.stderr)
    return code
