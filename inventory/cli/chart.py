"""``gpufleet chart [PATH...] [--scope SCOPE] [--from DATE --to DATE --every STEP | --at DATES] [--out FILE]``.

A scope's active and contracted power and its GPUs over time, with every reported figure at its
date. Drawn as text on stdout, or written as SVG or PNG with ``--out`` (the ``gpufleet[charts]``
extra: matplotlib, imported by this command only).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from inventory.base.atomic import write_atomic_bytes
from inventory.base.errors import UsageError
from inventory.base.text import terminal_safe
from inventory.check.linking import Inventory
from inventory.cli import common
from inventory.cli.common import add_color_option, finish, use_color, view_verdict
from inventory.rollup.scopes import FLEET, ScopeKey

SCOPE_KINDS = ("region", "datacenter", "host")
SUFFIXES = {".svg": "svg", ".png": "png"}
EXTRA_MISSING = (
    "writing a chart as SVG or PNG needs matplotlib: pip install 'gpufleet[charts]' (the text chart needs nothing)"
)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "chart",
        help="a scope's power and GPUs over time, with the reported figures, as text, SVG or PNG",
        description=(
            "Chart a scope over time: active and contracted power and GPUs as step lines (each value holds from "
            "the date it is measured at), what may also be in service (dates unknown) as a band, and each reported "
            "figure as a marker at its date in its status colour. Without --from/--at the series starts at the "
            "earliest Report and steps by month."
        ),
        epilog="exit codes: 0 ok, 1 the inventory has errors, 2 cannot run (a bad scope, matplotlib missing for --out)",
    )
    common.add_paths_argument(parser)
    parser.add_argument(
        "--scope", default="fleet", metavar="SCOPE", help="fleet (default), region:ID, datacenter:ID or host:NAME"
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="write an image instead: FILE.svg or FILE.png")
    parser.add_argument("--width", type=int, metavar="COLUMNS", help="text chart width (default: the terminal's)")
    parser.add_argument("--height", type=int, default=12, metavar="ROWS", help="rows of the power panel (default: 12)")
    add_color_option(parser)
    common.add_series_options(parser, every="month")
    parser.set_defaults(run=run)


def parse_scope(text: str, inventory: Inventory) -> ScopeKey:
    """``fleet``, ``region:ID``, ``datacenter:ID`` or ``host:NAME`` -> a scope key of the inventory.

    Raises:
        UsageError: another form, or a scope the inventory does not have.
    """
    if text == "fleet":
        return FLEET
    kind, sep, name = text.partition(":")
    if not sep or kind not in SCOPE_KINDS or not name:
        raise UsageError(f"--scope: write fleet, region:ID, datacenter:ID or host:NAME, not {text!r}")
    known = {
        "region": set(inventory.regions),
        "datacenter": set(inventory.datacenters),
        "host": {dc.host for dc in inventory.datacenters.values() if dc.host is not None},
    }[kind]
    if name not in known:
        from inventory.base.diagnostics import suggest

        raise UsageError(f"--scope: no {kind} {name!r} in the inventory{suggest(name, sorted(known))}")
    return (kind, name)


def _default_request(inventory: Inventory) -> common.SeriesRequest:
    """From the earliest Report (or three years before the end) to the Fleet's as_of, by month."""
    from inventory.reconcile.timeline import default_span

    span = default_span(inventory)
    if span is None:
        raise UsageError("the inventory has no Fleet with an as_of date; give the dates with --from/--to or --at")
    return common.SeriesRequest(common.series_days_or_refuse(*span, "month"), span, "month")


def run(args: argparse.Namespace) -> int:
    from inventory.reconcile.timeline import scope_series, timeline

    fmt = None
    if args.out is not None:
        fmt = SUFFIXES.get(args.out.suffix.lower())
        if fmt is None:
            raise UsageError(f"--out: name the file .svg or .png, not {terminal_safe(args.out.name)!r}")
    verdict = view_verdict(common.locate(args.paths or [], getattr(args, "exclude", [])), args)
    inventory = verdict.inventory
    key = parse_scope(args.scope, inventory)
    if common.wants_series(args):
        request = common.series_request(args, inventory, default_every="month")
    else:
        request = _default_request(inventory)
    data = scope_series(timeline(inventory, request.days, checks=verdict.checks, span=request.span), key)
    name = inventory.fleet.name if inventory.fleet is not None else "fleet"
    where = "" if key == FLEET else f" · {key[0]} {key[1]}"
    title = f"{name}{where}: {request.days[0]} to {request.days[-1]}"
    if fmt is None:
        from inventory.output import chart_text

        width = args.width or shutil.get_terminal_size((100, 24)).columns
        sys.stdout.write(
            chart_text.render(data, title, width=width, height=max(args.height, 4), color=use_color(args.color))
        )
        return finish(verdict)
    from inventory.output import chart_image

    try:
        image = chart_image.render(data, title, fmt)
    except chart_image.ChartsMissing:
        raise UsageError(EXTRA_MISSING) from None
    try:
        write_atomic_bytes(args.out, image)
    except OSError as exc:
        raise UsageError(f"--out: cannot write {terminal_safe(args.out)}: {exc.strerror or exc}") from None
    print(f"wrote {terminal_safe(args.out)} ({len(image):,} bytes)", file=sys.stderr)
    return finish(verdict)
