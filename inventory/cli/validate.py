"""``gpufleet validate [PATH...]``: every problem in the inventory, located, in one run."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inventory.base.diagnostics import Severity
from inventory.base.text import terminal_safe
from inventory.cli.common import (
    add_color_option,
    add_format_option,
    add_paths_argument,
    add_severity_options,
    judge_paths,
    prepare,
    use_color,
)
from inventory.output import formats
from inventory.output.diagnostics import Checked, DiagnosticsReport
from inventory.read import git

CI_FILES = ("sarif", "junit", "gitlab")
"""Formats whose paths are from the repository root (what code scanning, GitLab and Jenkins attach to)."""

if TYPE_CHECKING:
    from inventory.engine import Verdict


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check the inventory: YAML, schema, units, references, dates",
        description="Check the inventory and report every problem as path:line:col.",
        epilog="exit codes: 0 no error, 1 errors (or warnings with --strict), 2 cannot run",
    )
    add_paths_argument(parser)
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


def repository_relative() -> Callable[[str], str]:
    """A displayed path -> its path from the repository root: ``$GITHUB_WORKSPACE`` when set, else
    the git work tree's top; outside both, paths stay as displayed (relative to here)."""
    if os.environ.get("GITHUB_WORKSPACE"):
        return workspace_relative
    try:
        repo = git.find_repository(Path.cwd())
    except git.GitError:
        repo = None
    if repo is None:
        return str
    top = repo.top

    def relocate(file: str) -> str:
        absolute = Path(os.path.realpath(file))
        try:
            return absolute.relative_to(top).as_posix()
        except ValueError:
            return file

    return relocate


def append_step_summary(report: DiagnosticsReport) -> None:
    """Append validate's markdown summary to ``$GITHUB_STEP_SUMMARY`` (GitHub Actions' job summary), if set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from inventory.output.step_summary import render_step_summary

    try:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(render_step_summary(report))  # one write: the job's other steps append too
    except OSError as exc:
        print(f"gpufleet: note: cannot append to GITHUB_STEP_SUMMARY ({target}): {exc.strerror}", file=sys.stderr)


def skipped_note(verdict: Verdict) -> str | None:
    """The note a human reads when reconciliation did not run for a reason worth telling."""
    reason = verdict.skipped.get("reconcile")
    if reason is None or verdict.cannot_run or verdict.inventory.fleet is None:
        return None
    return f"reconciliation skipped: {reason}"


def run(args: argparse.Namespace) -> int:
    where = prepare(args, "validate")
    verdict = judge_paths(where, args)
    code = verdict.exit_code(strict=args.strict)
    what = checked(verdict)
    everything = args.verbose or args.format in ("json", *CI_FILES)
    shown = [d for d in verdict.sorted() if everything or d.severity is not Severity.INFO]
    relocate = repository_relative() if args.format in CI_FILES else workspace_relative
    error = "a file could not be read (unreadable-file)" if code == 2 else None
    report = DiagnosticsReport(shown, what, code != 0, use_color(args.color), relocate, args.strict, error)
    sys.stdout.write(formats.render("validate", args.format, report))
    append_step_summary(report)
    for line in verdict.load.notes:
        print(f"gpufleet: note: {terminal_safe(line)}", file=sys.stderr)
    note = skipped_note(verdict)
    if note is not None:
        print(note, file=sys.stderr)
    print(summary(verdict, what, notes_shown=everything), file=sys.stderr)
    return code
