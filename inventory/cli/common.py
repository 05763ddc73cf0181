"""Options and helpers several verbs share: formats, colour, severities, the engine call, and the series
options (``--from --to --every``, ``--at``) that rollup, chart and diff read alike."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from inventory.base.diagnostics import Severity
from inventory.base.errors import UsageError
from inventory.model import units
from inventory.output import formats
from inventory.output.diagnostics import Checked, render_text
from inventory.read.discover import Root, find_root, merged
from inventory.read.files import check_length

if TYPE_CHECKING:
    from inventory.check.linking import Inventory
    from inventory.engine import Settings, Verdict

SEVERITIES = ("error", "warning")
EVERY = ("month", "quarter", "half", "year")
"""``rollup.series.EVERY``, spelled here so building a parser imports no model (a test keeps them equal)."""


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
    from inventory.engine import Settings

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
    for path in given:
        check_length(path)  # a name too long: a message, before anything below stats it
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
    from inventory.engine import Loader, Paths, judge  # here: a run answered from the cache never imports them

    source = Paths.of(where.paths, exclude=where.exclude, exclude_base=where.base)
    load = Loader(freeze=True, cache=getattr(args, "cache_store", None)).load(source)
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


# -- a series of dates -------------------------------------------------------------------------

DATE_HELP = "YYYY-MM-DD, or YYYY-MM/YYYY-Qn/YYYY-Hn/YYYY"


def add_series_options(parser: Any, *, defaults: bool = True, every: str = "quarter") -> None:
    """``--from``, ``--to``, ``--every`` and ``--at`` on a verb's parser (``defaults=False``: none set,
    for a parser that reads the rest of a line again, as diff's does)."""
    default: dict[str, Any] = {"default": None} if defaults else {}
    group = parser.add_argument_group("over time (a series of dates)")
    group.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help=f"the first date of a series ({DATE_HELP}: its first day)",
        **default,
    )
    group.add_argument(
        "--to",
        dest="end",
        metavar="DATE",
        help=f"the last date of a series ({DATE_HELP}: its last day; default: the Fleet's as_of)",
        **default,
    )
    group.add_argument(
        "--every",
        choices=EVERY,
        help=f"the step of a series: the last day of each period (default: {every})",
        **default,
    )
    group.add_argument(
        "--at",
        metavar="DATE,DATE...",
        help="a series of the dates listed (each as --as-of takes it: a partial date is its last day)",
        **default,
    )


def wants_series(args: argparse.Namespace) -> bool:
    return any(getattr(args, name, None) is not None for name in ("start", "end", "every", "at"))


@dataclass(frozen=True, slots=True)
class SeriesRequest:
    """The dates asked for, and the span whose reported figures go with them (None: the dates only)."""

    days: list[dt.date]
    span: tuple[dt.date, dt.date] | None
    every: str | None


def series_request(
    args: argparse.Namespace, inventory: Inventory, *, with_as_of: bool = False, default_every: str = "quarter"
) -> SeriesRequest:
    """The days of ``--from/--to/--every`` or ``--at`` (``inventory``'s Fleet gives the default end).

    Raises:
        UsageError: both forms, a bad date, a span that ends before it starts, too many dates, or
            ``--as-of`` beside them (unless ``with_as_of``: diff takes both).
    """
    if not with_as_of and getattr(args, "as_of", None) is not None:
        raise UsageError("--as-of names one date; a series takes --from/--to/--every or --at")
    if args.at is not None:
        if args.start is not None or args.end is not None or args.every is not None:
            raise UsageError("--at lists the dates itself; leave out --from, --to and --every")
        texts = [t.strip() for t in args.at.split(",") if t.strip()]
        if not texts:
            raise UsageError("--at: give one date or more, separated by commas")
        from inventory.reconcile.timeline import MAX_DAYS

        if len(texts) > MAX_DAYS:
            raise UsageError(f"--at: {len(texts):,} dates is more than a series holds ({MAX_DAYS:,})")
        days = []
        for text in texts:
            try:
                days.append(units.as_of_day(text))
            except ValueError as exc:
                raise UsageError(f"--at: {exc}") from None
        return SeriesRequest(sorted(set(days)), None, None)
    if args.start is None:
        raise UsageError("a series needs --from DATE (or --at DATE,DATE...)")
    first = _date("--from", args.start).first
    if args.end is not None:
        last = _date("--to", args.end).last
    elif inventory.fleet is not None:
        last = inventory.fleet.as_of.last
    else:
        raise UsageError("the inventory has no Fleet with an as_of date; give the series' end with --to")
    every = args.every or default_every
    return SeriesRequest(series_days_or_refuse(first, last, every), (first, last), every)


def series_days_or_refuse(first: dt.date, last: dt.date, every: str) -> list[dt.date]:
    """``series_days``, its refusals as UsageError (exit 2)."""
    from inventory.reconcile.timeline import series_days  # only for a series: no other run needs it

    try:
        return series_days(first, last, every)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _date(option: str, text: str) -> units.PartialDate:
    try:
        value = units.parse_date(text)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{option}: {exc}") from None
    if value.first == dt.date.min:
        raise UsageError(f"{option}: {text!r} names no first day; give a date, a month, a quarter, a half or a year")
    return value
