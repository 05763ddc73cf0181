"""The series options (``--from --to --every``, ``--at``) of rollup, chart and diff, and ``rollup``'s
series and pipeline views.

``rollup`` loads the verdict and hands it here (``write_series``, ``write_pipeline``) when one of
these options is given; ``chart`` and ``diff`` read the same options with ``series_request``. The
sums come from ``reconcile.timeline`` and ``rollup.pipeline``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from typing import Any

from inventory.base.errors import UsageError
from inventory.check.linking import Inventory
from inventory.engine import Verdict
from inventory.model import units
from inventory.reconcile.timeline import MAX_DAYS, series_days
from inventory.rollup.series import EVERY

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


def write_series(args: argparse.Namespace, verdict: Verdict) -> None:
    """``gpufleet rollup`` with a series option: the Timeline as a table, JSON or CSV on stdout."""
    from inventory.output import formats
    from inventory.output.series import SeriesView
    from inventory.reconcile.timeline import timeline

    inventory = verdict.inventory
    request = series_request(args, inventory)
    found = timeline(inventory, request.days, checks=verdict.checks, span=request.span)
    sys.stdout.write(formats.render("rollup-series", args.format, SeriesView(inventory, found, args.by, request.every)))


def check_pipeline_options(args: argparse.Namespace) -> None:
    """``--pipeline`` is at one date and sums power blocks.

    Raises:
        UsageError: a series option or ``--by sku`` beside it.
    """
    if wants_series(args):
        raise UsageError("--pipeline is at one date (--as-of); leave out --from, --to, --every and --at")
    if args.by == "sku":
        raise UsageError("--pipeline sums power blocks: --by fleet, region or datacenter")


def write_pipeline(args: argparse.Namespace, verdict: Verdict, day: dt.date) -> None:
    """``gpufleet rollup --pipeline``: the power contracted and not yet energized at ``day``, by when it is due."""
    from inventory.output import formats
    from inventory.output.pipeline import PipelineView
    from inventory.rollup.pipeline import pipeline

    found = pipeline(verdict.inventory, day)
    sys.stdout.write(formats.render("rollup-pipeline", args.format, PipelineView(verdict.inventory, found, args.by)))
