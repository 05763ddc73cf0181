"""A Timeline (``rollup --from/--to/--every`` or ``--at``) as a table, JSON or CSV.

Each date is what ``rollup --as-of DATE`` gives for it, in the same shapes: JSON holds one entry a
date with the single-date ``scopes``/``skus`` and ``fleet``, CSV the single-date columns after an
``as_of`` column; power is integer watts in both. Reported figures follow at their own dates, with
their status (table and JSON; CSV holds the rollups only, as for one date).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from inventory.base.text import terminal_safe
from inventory.check.linking import Inventory
from inventory.output import exports
from inventory.output.json_ import dumps
from inventory.output.rollup_table import CHECK_HEADERS, cell, check_rows, scope_label
from inventory.output.tables import render_table as _table
from inventory.reconcile.timeline import Timeline
from inventory.rollup.scopes import UNKNOWN_SKU, FleetRollup, ScopeRollup, format_amount

SCOPE_METRICS = ("data_centers", "active_power", "contracted_power", "gpus", "gpu_draw")
_HEADS = ["data centers", "active", "contracted", "GPUs", "GPU draw"]


def describe(timeline: Timeline, every: str | None) -> str:
    """``from 2023-03-31 to 2026-12-31, every quarter (16 dates)``."""
    days = timeline.days
    step = f", every {every}" if every else ""
    if len(days) == 1:
        return f"at {days[0]}"
    return f"from {days[0]} to {days[-1]}{step} ({len(days)} dates)"


def render_table(inventory: Inventory, timeline: Timeline, by: str, every: str | None = None) -> str:
    """One row a date and scope, then the figures reported in the span with their status."""
    name = inventory.fleet.name if inventory.fleet is not None else "fleet"
    out = f"{terminal_safe(name)} {describe(timeline, every)}\n\n"
    if by == "sku":
        out += _sku_table(inventory, timeline)
    elif by == "fleet":
        out += _fleet_table(timeline)
    else:
        out += _scopes_table(inventory, timeline, by)
    rolled = timeline.rollups
    if any(s.uncertain for r in rolled for s in (r.fleet, *r.datacenters.values())):
        out += "(+x): may also be in service at that date (no date given, or a partial date around it)\n"
    if rolled and not rolled[0].fleet.complete:
        out += "the fleet is not a complete scope: itemized figures are lower bounds\n"
    checks = timeline.checks
    span = timeline.span
    where = f"from {span[0]} to {span[1]}" if span is not None else "at these dates"
    if checks:
        rows = [[str(c.as_of), *row] for c, row in zip(checks, check_rows(checks), strict=True)]
        out += f"\nreported {where}:\n" + _table(["date", *CHECK_HEADERS], rows, left=3)
    else:
        out += f"\nno figure reported {where}\n"
    return out


def _fleet_table(timeline: Timeline) -> str:
    rows = [
        [str(r.as_of), *(cell(r.fleet, m) for m in ("data_centers", "regions.total")), *_cells(r.fleet)]
        for r in timeline.rollups
    ]
    heads = ["date", "data centers", "regions", *_HEADS[1:]]
    return _table(heads, rows, left=1)


def _cells(scope: ScopeRollup) -> list[str]:
    return [cell(scope, m) for m in SCOPE_METRICS[1:]]


def _scopes_table(inventory: Inventory, timeline: Timeline, by: str) -> str:
    rows = []
    for rolled in timeline.rollups:
        day = str(rolled.as_of)
        for s in exports.rows_for(rolled, by):
            complete = "yes" if s.complete else "no"
            if by == "region":
                region = inventory.regions.get(s.key[1])
                extra = [region.availability if region else "", cell(s, "data_centers")]
            else:
                dc = inventory.datacenters[s.key[1]]
                state = "yes" if s.data_centers else ("maybe" if s.uncertain.get("data_centers") else "no")
                extra = [dc.region or "", dc.host or "", state]
            rows.append([day, scope_label(s.key), *extra, *_cells(s), complete])
        fleet = rolled.fleet
        blank = [""] if by == "region" else ["", ""]
        rows.append(
            [day, "fleet", *blank, cell(fleet, "data_centers"), *_cells(fleet), "yes" if fleet.complete else "no"]
        )
    if by == "region":
        return _table(["date", "region", "availability", *_HEADS, "complete"], rows, left=3)
    return _table(["date", "datacenter", "region", "host", "in service", *_HEADS[1:], "complete"], rows, left=4)


def _sku_table(inventory: Inventory, timeline: Timeline) -> str:
    rows = []
    for rolled in timeline.rollups:
        day = str(rolled.as_of)
        for r in exports.sku_rows(inventory, rolled.fleet):
            power = r["system_power"]
            gpus = f"{r['gpus']:,}" + (f" (+{r['uncertain']:,})" if r["uncertain"] else "")
            draw = format_amount(power * r["gpus"], is_power=True) if power is not None else "unknown"
            sku = "(unknown SKU)" if r["sku"] == UNKNOWN_SKU else r["sku"]
            rows.append([day, sku, gpus, format_amount(power, is_power=True) if power is not None else "unknown", draw])
        rows.append([day, "all", cell(rolled.fleet, "gpus"), "", cell(rolled.fleet, "gpu_draw")])
    return _table(["date", "sku", "GPUs", "system power/GPU", "GPU draw"], rows, left=2)


def render_json(inventory: Inventory, timeline: Timeline, by: str, every: str | None = None) -> str:
    """``{"version", "by", "every", "dates", "series": [{"as_of", "scopes"|"skus", "fleet"}], "reported"}``."""
    payload: dict[str, Any] = {
        "version": exports.JSON_VERSION,
        "by": by,
        "every": every,
        "dates": [d.isoformat() for d in timeline.days],
        "reported_from": None if timeline.span is None else timeline.span[0].isoformat(),
        "reported_to": None if timeline.span is None else timeline.span[1].isoformat(),
        "series": [_day_json(inventory, r, by) for r in timeline.rollups],
        "reported": [exports.check_json(c) for c in timeline.checks],
    }
    return dumps(payload)


def _day_json(inventory: Inventory, rolled: FleetRollup, by: str) -> dict[str, Any]:
    return {"as_of": rolled.as_of.isoformat(), **exports.rollup_payload(inventory, rolled, by)}


def render_csv(inventory: Inventory, timeline: Timeline, by: str, every: str | None = None) -> str:
    """The single-date CSV's rows for each date, after an ``as_of`` column; power in integer watts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["as_of", *(exports.SKU_CSV_COLUMNS if by == "sku" else exports.CSV_COLUMNS)])
    for rolled in timeline.rollups:
        day = rolled.as_of.isoformat()
        writer.writerows([day, *row] for row in exports.csv_rows(inventory, rolled, by))
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class SeriesView:
    """What every series format presents (the ``rollup-series`` entry of the format registry)."""

    inventory: Inventory
    timeline: Timeline
    by: str
    every: str | None


def present_table(view: SeriesView) -> str:
    return render_table(view.inventory, view.timeline, view.by, view.every)


def present_json(view: SeriesView) -> str:
    return render_json(view.inventory, view.timeline, view.by, view.every)


def present_csv(view: SeriesView) -> str:
    return render_csv(view.inventory, view.timeline, view.by, view.every)
