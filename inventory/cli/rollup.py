"""``gpufleet rollup [PATH...] [--as-of DATE] [--by fleet|region|datacenter|sku] [--format table|json|csv]``.

The itemized figures of each scope at a date, beside the figures Reports give for that date.
Tables pick readable units (MW, GW); JSON and CSV carry exact values: watts as integers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import Any

from inventory.base.diagnostics import Severity
from inventory.base.errors import UsageError
from inventory.check.linking import Inventory
from inventory.engine.loading import LoadResult, load_inventory
from inventory.model import units
from inventory.output import exports
from inventory.output.diagnostics import Checked, render_text
from inventory.reconcile.checks import CheckResult, reconcile
from inventory.rollup.scopes import (
    AVAILABILITIES,
    FLEET,
    PURPOSES,
    UNKNOWN_SKU,
    FleetRollup,
    ScopeRollup,
    format_amount,
    metric_label,
    rollup,
)

BY = ("fleet", "region", "datacenter", "sku")
FORMATS = ("table", "json", "csv")


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
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="the date: YYYY-MM-DD, or YYYY-MM/YYYY-Qn/YYYY-Hn/YYYY for its last day (default: the Fleet's as_of)",
    )
    parser.add_argument(
        "--by", choices=BY, default="fleet", help="one row per: fleet (default), region, datacenter, sku"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
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


def load(paths: Sequence[str]) -> LoadResult:
    """Load for a view command; unreadable files are reported on stderr and stop it (exit 2)."""
    result = load_inventory(paths)
    if result.cannot_run:
        unreadable = [d for d in result.diagnostics.sorted() if d.code == "unreadable-file"]
        sys.stderr.write(render_text(unreadable, Checked(len(result.inventory.files))))
        raise UsageError("cannot read the inventory")
    return result


def finish(result: LoadResult) -> int:
    """Exit code of a view: 1 (with a note on stderr) when the inventory has errors, else 0."""
    errors = result.diagnostics.count(Severity.ERROR)
    if errors:
        print(
            f"note: the inventory has {errors} error{'s' * (errors != 1)}; entities with errors are left out"
            " (run `gpufleet validate`)",
            file=sys.stderr,
        )
        return 1
    return 0


def run(args: argparse.Namespace) -> int:
    result = load(args.paths)
    inventory = result.inventory
    day = parse_as_of(args.as_of, inventory)
    rolled = rollup(inventory, day)
    checks = reconcile(inventory, dated=day)
    render = {"table": render_table_view, "json": exports.render_json, "csv": exports.render_csv}[args.format]
    sys.stdout.write(render(inventory, rolled, checks, args.by))
    return finish(result)


def cell(scope: ScopeRollup, metric: str) -> str:
    """``280 MW (+10 MW)``: the itemized amount and, when some timing is unknown, what may add to it.

    The GPU draw also says how many GPUs it leaves out for want of a power figure (never read as zero).
    """
    m = scope.measure(metric)
    text = m.format()
    if m.uncertain:
        text += f" (+{m.format(m.uncertain)})"
    if metric == "gpu_draw":
        left_out = scope.measure("unestimated_gpus")
        if left_out.itemized or left_out.uncertain:
            maybe = f" (+{left_out.format(left_out.uncertain)})" if left_out.uncertain else ""
            text += f", {left_out.format()}{maybe} GPUs unestimated"
    return text


def scope_label(key: tuple[str, str]) -> str:
    kind, name = key
    return {"fleet": "fleet", "unassigned": "(no region)"}.get(kind, name)


def fleet_metrics(scope: ScopeRollup, checks: Sequence[CheckResult]) -> list[str]:
    """The metrics the fleet view lists: the usual ones, and any that a report gives or that are non-zero."""
    reported = {c.metric for c in checks if c.scope == FLEET}
    metrics = ["data_centers", *(f"regions.{a}" for a in AVAILABILITIES), "active_power", "contracted_power"]
    for purpose in PURPOSES:
        metric = f"power_by_purpose.{purpose}"
        m = scope.measure(metric)
        if m.itemized or m.uncertain or metric in reported:
            metrics.append(metric)
    metrics.append("gpus")
    skus = {f"gpus_by_sku.{s or UNKNOWN_SKU}" for s in scope.gpus_by_sku}
    skus |= {m for m in scope.uncertain if m.startswith("gpus_by_sku.")}
    skus |= {m for m in reported if m.startswith("gpus_by_sku.")}
    metrics += sorted(skus, key=lambda m: (m.endswith(UNKNOWN_SKU), m))
    metrics.append("gpu_draw")
    if scope.unestimated_gpus or "unestimated_gpus" in scope.uncertain:
        metrics.append("unestimated_gpus")
    metrics += sorted(m for m in reported if m not in metrics)
    return metrics


# -- table -------------------------------------------------------------------------------------


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, left: int = 1) -> str:
    """A plain text table: the first ``left`` columns aligned left, the others right."""
    widths = [max(len(str(r[i])) for r in (headers, *rows)) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        cells = [v.ljust(w) if i < left else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))]
        return "  ".join(cells).rstrip()

    return "\n".join([line(headers), *(line(r) for r in rows)]) + "\n"


def coverage_text(check: CheckResult) -> str:
    c = check.coverage
    return "" if c is None else f"{c * 100:.0f}%"


def check_rows(checks: Sequence[CheckResult]) -> list[list[str]]:
    return [
        [
            scope_label(c.scope) if c.scope[0] != "fleet" else "fleet",
            metric_label(c.metric),
            c.figure.text,
            c.computed.format(),
            coverage_text(c),
            c.status.value,
            c.report_id,
            c.figure.where,
        ]
        for c in checks
    ]


CHECK_HEADERS = ["scope", "metric", "reported", "itemized", "coverage", "status", "report", "at"]


def _fleet_table(inventory: Inventory, rolled: FleetRollup, checks: Sequence[CheckResult]) -> str:
    fleet = rolled.fleet
    by_metric: dict[str, list[CheckResult]] = {}
    for c in checks:
        if c.scope == FLEET:
            by_metric.setdefault(c.metric, []).append(c)
    rows = []
    for metric in fleet_metrics(fleet, checks):
        m = fleet.measure(metric)
        unknown = f"+{m.format(m.uncertain)}" if m.uncertain else ""
        reported = by_metric.get(metric, [])
        first = reported[0] if reported else None
        rows.append([metric_label(metric), m.format(), unknown, *_beside(first)])
        rows += [["", "", "", *_beside(c)] for c in reported[1:]]
    name = inventory.fleet.name if inventory.fleet is not None else "fleet"
    state = "a complete scope" if fleet.complete else "not a complete scope: itemized figures are lower bounds"
    head = f"{name} at {rolled.as_of} ({state})\n\n"
    headers = ["metric", "itemized", "dates unknown", "reported", "coverage", "status", "report", "at"]
    if not by_metric:  # no fleet report for this day: no empty columns
        headers, rows = headers[:3], [r[:3] for r in rows]
    return head + render_table(headers, rows, left=1)


def _beside(c: CheckResult | None) -> list[str]:
    if c is None:
        return ["", "", "", "", ""]
    return [c.figure.text, coverage_text(c), c.status.value, c.report_id, c.figure.where]


def _scopes_table(rolled: FleetRollup, by: str, inventory: Inventory) -> str:
    rows = []
    for s in exports.rows_for(rolled, by):
        extra: list[str] = []
        if by == "region":
            region = inventory.regions.get(s.key[1])
            extra = [region.availability if region else ""]
        elif by == "datacenter":
            dc = inventory.datacenters[s.key[1]]
            extra = [
                dc.region or "",
                dc.host or "",
                "yes" if s.data_centers else ("maybe" if s.uncertain.get("data_centers") else "no"),
            ]
        metrics = _SCOPE_METRICS[1:] if by == "datacenter" else _SCOPE_METRICS
        rows.append([scope_label(s.key), *extra, *(cell(s, m) for m in metrics), "yes" if s.complete else "no"])
    fleet = rolled.fleet
    complete = "yes" if fleet.complete else "no"
    if by == "region":
        rows.append(["fleet", "", *(cell(fleet, m) for m in _SCOPE_METRICS), complete])
    elif by == "datacenter":
        rows.append(
            ["fleet", "", "", cell(fleet, "data_centers"), *(cell(fleet, m) for m in _SCOPE_METRICS[1:]), complete]
        )
    heads = ["data centers", "active", "contracted", "GPUs", "GPU draw", "complete"]
    if by == "datacenter":
        return render_table(["datacenter", "region", "host", "in service", *heads[1:]], rows, left=3)
    return render_table(["region", "availability", *heads], rows, left=2)


_SCOPE_METRICS = ("data_centers", "active_power", "contracted_power", "gpus", "gpu_draw")


def _sku_table(inventory: Inventory, rolled: FleetRollup) -> str:
    rows = []
    for r in exports.sku_rows(inventory, rolled.fleet):
        power = r["system_power"]
        gpus = f"{r['gpus']:,}" + (f" (+{r['uncertain']:,})" if r["uncertain"] else "")
        draw = format_amount(power * r["gpus"], is_power=True) if power is not None else "unknown"
        name = "(unknown SKU)" if r["sku"] == UNKNOWN_SKU else r["sku"]
        rows.append([name, gpus, format_amount(power, is_power=True) if power is not None else "unknown", draw])
    fleet = rolled.fleet
    rows.append(["all", cell(fleet, "gpus"), "", cell(fleet, "gpu_draw")])
    return render_table(["sku", "GPUs", "system power/GPU", "GPU draw"], rows)


def render_table_view(inventory: Inventory, rolled: FleetRollup, checks: Sequence[CheckResult], by: str) -> str:
    """The readable view: the scopes' table, then the reports dated that day not shown beside it."""
    if by == "fleet":
        out = _fleet_table(inventory, rolled, checks)
        rest = [c for c in checks if c.scope != FLEET]
    else:
        out = _sku_table(inventory, rolled) if by == "sku" else _scopes_table(rolled, by, inventory)
        rest = list(checks)
    if by in ("region", "datacenter"):
        out += "figures are what the inventory itemizes: lower bounds where complete is no\n"
    if any(s.uncertain for s in (rolled.fleet, *rolled.datacenters.values())):
        out += "(+x): may also be in service at this date (no date given, or a partial date around it)\n"
    if rest:
        out += f"\nreported for {rolled.as_of}:\n" + render_table(CHECK_HEADERS, check_rows(rest), left=2)
    return out
