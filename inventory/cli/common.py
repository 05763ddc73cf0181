"""Options and helpers several verbs share: formats, colour, severities, and the engine call."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from inventory.base.diagnostics import Severity
from inventory.base.errors import UsageError
from inventory.engine import Loader, Paths, Settings, Verdict, judge
from inventory.output import formats
from inventory.output.diagnostics import Checked, render_text
from inventory.read.discover import Root, find_root, merged

SEVERITIES = ("error", "warning")


def add_format_option(parser: argparse.ArgumentParser, command: str) -> None:
    """``--format`` with the formats registered for ``command``; ``resolve_format`` picks the default."""
    names = formats.choices(command)
    auto = " (github under GitHub Actions)" if "github" in names else ""
    parser.add_argument(
        "--format",
        choices=names,
        default=None,
        help=f"output format (default: the config's, else {names[0]}{auto}): {formats.help_text(command)}",
    )


def resolve_format(given: str | None, command: str, configured: str | None = None) -> str:
    """The format a run prints: ``--format``, else the config file's, else ``github`` under
    GitHub Actions (``GITHUB_ACTIONS=true``) where the command has it, else the command's first.

    Raises:
        UsageError: the config names a format the command does not have.
    """
    names = formats.choices(command)
    if given is not None:
        return given
    if configured is not None:
        if configured not in names:
            raise UsageError(f"config: format {configured!r} is not one of {command}'s: {', '.join(names)}")
        return configured
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in names:
        return "github"
    return names[0]


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


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    """PATH... (default: the inventory root found from here) and ``--exclude``."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories (default: the inventory root: the config's paths, or the folder of the "
        "Fleet, found from here upwards; else .)",
    )
    add_exclude_option(parser)


def add_exclude_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files and folders matching GLOB (.gitignore style, from the inventory root); repeatable",
    )


@dataclass(frozen=True, slots=True)
class Where:
    """What a verb reads: its paths, the root they belong to (and its config), what to skip."""

    paths: tuple[Path | str, ...]
    root: Root | None
    exclude: tuple[str, ...]

    @property
    def base(self) -> Path | None:
        """What exclude globs are relative to: the root's folder (None: the current directory)."""
        return self.root.folder if self.root is not None else None

    def configured(self, key: str, command: str) -> str | None:
        """The config's default for ``key`` (``format`` per verb, ``as_of``), or None."""
        if self.root is None:
            return None
        return self.root.formats.get(command) if key == "format" else self.root.as_of


def locate(given: Sequence[str], exclude: Sequence[str] = ()) -> Where:
    """The paths to read: those given (the config above the first supplies defaults), else the
    inventory root found from the current directory upwards, else ``.``.

    Raises:
        UsageError: a config file is unreadable or invalid.
    """
    if given:
        first = Path(given[0]) if given[0].strip() else Path.cwd()
        start = first if first.is_dir() else first.parent
        root = find_root(start, by_fleet=False)
        paths: tuple[Path | str, ...] = tuple(given)
    else:
        root = find_root(Path.cwd())
        paths = tuple(root.paths) if root is not None else (".",)
    return Where(paths, root, merged(root, exclude))


def prepare(args: argparse.Namespace, command: str) -> Where:
    """Locate the inventory of a verb with PATH... and --format, and settle the format."""
    where = locate(args.paths or [], getattr(args, "exclude", []))
    args.format = resolve_format(args.format, command, where.configured("format", command))
    return where


def judge_paths(where: Where | Sequence[str], args: argparse.Namespace) -> Verdict:
    """The engine's verdict on the inventory ``where`` says (or under plain paths), with the verb's settings.

    Raises:
        UsageError: a path is empty, missing, or holds no YAML file.
    """
    if not isinstance(where, Where):
        where = Where(tuple(where), None, ())
    source = Paths.of(where.paths, exclude=where.exclude, exclude_base=where.base)
    load = Loader(freeze=True).load(source)
    return judge(load, settings=settings_of(args))


def view_verdict(where: Where | Sequence[str], args: argparse.Namespace) -> Verdict:
    """The engine's verdict for a view command; unreadable files are reported on stderr and stop it (exit 2)."""
    verdict = judge_paths(where, args)
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
