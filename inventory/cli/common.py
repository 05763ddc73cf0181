"""Options and helpers several verbs share: formats, colour, severities, and the engine call."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from inventory.base.diagnostics import Severity
from inventory.base.errors import UsageError
from inventory.engine import Loader, Paths, Settings, Verdict, judge
from inventory.output import formats
from inventory.output.diagnostics import Checked, render_text

SEVERITIES = ("error", "warning")


def add_format_option(parser: argparse.ArgumentParser, command: str) -> None:
    """``--format`` with the formats registered for ``command`` (the first is the default)."""
    names = formats.choices(command)
    parser.add_argument(
        "--format",
        choices=names,
        default=names[0],
        help=f"output format (default: {names[0]}): {formats.help_text(command)}",
    )


def add_color_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output: auto (a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it), always, never",
    )


def use_color(choice: str, stream: TextIO | None = None) -> bool:
    """Whether to colour output for ``--color choice``.

    ``auto`` follows the conventions in this order: ``NO_COLOR`` (set and not empty) turns colour
    off, ``FORCE_COLOR`` (set, not empty, not ``0``/``false``) turns it on even in a pipe (CI logs
    render colour), ``TERM=dumb`` turns it off, and otherwise ``stream`` (default: sys.stdout now)
    must be a terminal.
    """
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR", "")
    if force and force.lower() not in ("0", "false"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    # Look sys.stdout up at call time: a default bound at import keeps a stream that may be closed since.
    return (stream if stream is not None else sys.stdout).isatty()


def add_severity_options(parser: argparse.ArgumentParser) -> None:
    """--mismatches and --conflicts, shared by validate and reconcile."""
    parser.add_argument(
        "--mismatches",
        choices=SEVERITIES,
        default=None,
        help="severity of figures the inventory contradicts (default: the Fleet's reconcile.mismatches, else error)",
    )
    parser.add_argument(
        "--conflicts",
        choices=SEVERITIES,
        default=None,
        help="severity of sources that disagree (default: the Fleet's reconcile.conflicts, else error)",
    )


def settings_of(args: argparse.Namespace) -> Settings:
    return Settings(getattr(args, "mismatches", None), getattr(args, "conflicts", None))


def judge_paths(paths: Sequence[str], args: argparse.Namespace) -> Verdict:
    """The engine's verdict on the inventory under ``paths``, with the verb's settings.

    Raises:
        UsageError: a path is empty, missing, or holds no YAML file.
    """
    load = Loader(freeze=True).load(Paths.of(paths))
    return judge(load, settings=settings_of(args))


def view_verdict(paths: Sequence[str], args: argparse.Namespace) -> Verdict:
    """The engine's verdict for a view command; unreadable files are reported on stderr and stop it (exit 2)."""
    verdict = judge_paths(paths, args)
    if verdict.cannot_run:
        unreadable = [d for d in verdict.sorted() if d.code == "unreadable-file"]
        sys.stderr.write(render_text(unreadable, Checked(len(verdict.inventory.files))))
        raise UsageError("cannot read the inventory")
    return verdict


def finish(verdict: Verdict) -> int:
    """Exit code of a view: 1 (with a note on stderr) when the inventory has load errors, else 0."""
    errors = verdict.load.diagnostics.count(Severity.ERROR)
    if errors:
        print(
            f"note: the inventory has {errors} error{'s' * (errors != 1)}; entities with errors are left out"
            " and reported figures are not compared (run `gpufleet validate`)",
            file=sys.stderr,
        )
        return 1
    return 0
