"""``gpufleet rollup [PATH...] [--as-of DATE] [--by fleet|region|datacenter|sku] [--format table|json|csv]``.

The itemized figures of each scope at a date, beside the figures Reports give for that date.
Tables pick readable units (MW, GW); JSON and CSV carry exact values: watts as integers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from inventory.base.errors import UsageError
from inventory.cli.common import (
    add_format_option,
    add_paths_argument,
    add_series_options,
    finish,
    prepare,
    series_request,
    view_verdict,
    wants_series,
)
from inventory.model import units
from inventory.output import formats

if TYPE_CHECKING:
    from inventory.check.linking import Inventory
    from inventory.engine import Verdict

BY = ("fleet", "region", "datacenter", "sku")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "rollup",
        help="sum the inventory per scope at a date, beside the figures reported for that date",
        description=(
            "Roll the inventory up at a date: data centers, regions, active and contracted power, power by "
            "purpose, GPUs by SKU and their estimated draw, for the fleet, each region, data center or SKU. "
            "Figures count what is certainly in service at the date; '(+x)' is what may also be (no date, or "
            "a partial date around it). Reports dated that day are shown beside, with coverage and status."
        ),
        epilog=(
            "JSON and CSV give power as integer watts (*_w). exit codes: 0 ok, 1 the inventory has errors, 2 cannot run"
        ),
    )
    add_paths_argument(parser)
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="the date: YYYY-MM-DD, or YYYY-MM/YYYY-Qn/YYYY-Hn/YYYY for its last day (default: the Fleet's as_of)",
    )
    parser.add_argument(
        "--by", choices=BY, default="fleet", help="one row per: fleet (default), region, datacenter, sku"
    )
    add_format_option(parser, "rollup")
    parser.add_argument(
        "--pipeline",
        action="store_true",
        help="power contracted and not yet energized at the date, by the quarter it is due, with what slipped",
    )
    add_series_options(parser)
    parser.set_defaults(run=run)


def parse_as_of(text: str | None, inventory: Inventory) -> dt.date:
    """The day to roll up at: ``--as-of`` (a partial date means its last day) or the Fleet's as_of.

    Raises:
        UsageError: the date does not parse, or there is none and no Fleet to take it from.
    """
    if text is None:
        if inventory.fleet is None:
            raise UsageError("the inventory has no Fleet with an as_of date; give one with --as-of")
        return inventory.fleet.as_of.last
    try:
        return units.as_of_day(text)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def run(args: argparse.Namespace) -> int:
    from inventory.output.rollup_table import RollupView  # here: a rollup answered from the cache never imports it

    if args.pipeline:
        check_pipeline_options(args)
    where = prepare(args, "rollup")
    verdict = view_verdict(where, args)
    as_of = args.as_of or where.configured("as_of", "rollup")
    if args.pipeline:
        write_pipeline(args, verdict, parse_as_of(as_of, verdict.inventory))
        return finish(verdict)
    if wants_series(args):
        write_series(args, verdict)
        return finish(verdict)
    day = parse_as_of(as_of, verdict.inventory)
    rolled = verdict.rollup(day)
    assert rolled is not None
    view = RollupView(verdict.inventory, rolled, verdict.checks_dated(day), args.by)
    sys.stdout.write(formats.render("rollup", args.format, view))
    return finish(verdict)


# -- over time: a series of dates, the pipeline ------------------------------------------------


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
