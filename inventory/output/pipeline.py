"""The pipeline (``rollup --pipeline``) as a table, JSON or CSV: power due by period, then each block.

Tables pick readable units and pass every cell through ``terminal_safe``; JSON and CSV carry
integer watts.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from inventory.base.text import terminal_safe
from inventory.check.linking import Inventory
from inventory.output import exports
from inventory.output.json_ import dumps, watts
from inventory.output.rollup_table import scope_label
from inventory.output.tables import render_table as _table
from inventory.rollup.pipeline import Bucket, Pipeline, PipelineEntry
from inventory.rollup.scopes import FLEET, UNASSIGNED, ScopeKey, format_amount


def scopes_for(inventory: Inventory, by: str, found: Pipeline) -> list[ScopeKey]:
    """The scopes the pipeline is summed for: the fleet, or each region (sites without one last) or data center."""
    if by == "region":
        unassigned = [UNASSIGNED] if any(e.region is None for e in found.entries) else []
        return [*(("region", r) for r in sorted(inventory.regions)), *unassigned]
    if by == "datacenter":
        return [("datacenter", d) for d in sorted(inventory.datacenters)]
    return [FLEET]


def _power(itemized: Decimal, uncertain: Decimal) -> str:
    text = format_amount(itemized, is_power=True)
    return text + (f" (+{format_amount(uncertain, is_power=True)})" if uncertain else "")


def render_table(inventory: Inventory, found: Pipeline, by: str) -> str:
    name = inventory.fleet.name if inventory.fleet is not None else "fleet"
    out = f"{terminal_safe(name)}: power contracted and not yet energized at {found.as_of}\n\n"
    if not found.entries:
        return out + "nothing: every contracted block is energized\n"
    rows = []
    for key in scopes_for(inventory, by, found):
        buckets = found.buckets(key)
        label = [scope_label(key)] if by != "fleet" else []
        rows += [[*label, b.due, _power(b.itemized, b.uncertain), str(b.blocks)] for b in buckets]
        if by == "fleet" or buckets:
            total = _total(buckets)
            rows.append([*label, "total", _power(total.itemized, total.uncertain), str(total.blocks)])
    heads = [*([by] if by != "fleet" else []), "due", "power", "blocks"]
    out += _table(heads, rows, left=len(heads) - 2)
    out += "\n" + _table(
        ["due", "datacenter", "block", "capacity", "purpose", "contracted", "planned", "energized", "state"],
        [_entry_row(e) for e in found.entries],
        left=3,
    )
    if any(not e.certain for e in found.entries):
        out += "(+x): may be in the pipeline (a contract or energization date that is partial or missing)\n"
    return out


def _total(buckets: list[Bucket]) -> Bucket:
    return Bucket(
        "total",
        sum((b.itemized for b in buckets), start=Decimal(0)),
        sum((b.uncertain for b in buckets), start=Decimal(0)),
        sum(b.blocks for b in buckets),
    )


def _entry_row(e: PipelineEntry) -> list[str]:
    b = e.block
    capacity = format_amount(b.capacity.watts, is_power=True) + ("" if e.certain else " (maybe)")
    return [
        e.bucket,
        e.datacenter,
        b.id,
        capacity,
        b.purpose,
        str(b.contracted_on) if b.contracted_on else "",
        " → ".join(str(p.date) for p in b.planned),
        str(b.energized_on) if b.energized_on else "",
        e.state.value + (" (slipped)" if e.slipped and e.state.value != "slipped" else ""),
    ]


def _entry_json(e: PipelineEntry) -> dict[str, Any]:
    b = e.block
    return {
        "datacenter": e.datacenter,
        "region": e.region,
        "block": b.id,
        "capacity_w": watts(b.capacity.watts),
        "purpose": b.purpose,
        "basis": b.basis,
        "contracted_on": None if b.contracted_on is None else str(b.contracted_on),
        "energized_on": None if b.energized_on is None else str(b.energized_on),
        "planned": [str(p.date) for p in b.planned],
        "due": None if e.due is None else str(e.due),
        "bucket": e.bucket,
        "state": e.state.value,
        "slipped": e.slipped,
        "slip_days": e.energization.slip_days,
        "certain": e.certain,
    }


def render_json(inventory: Inventory, found: Pipeline, by: str) -> str:
    """``{"version", "as_of", "by", "scopes": [{"scope", "id", "due": [buckets]}], "blocks": [...]}``."""
    scopes = []
    for kind, name in scopes_for(inventory, by, found):
        buckets = found.buckets((kind, name))
        scopes.append(
            {
                "scope": kind,
                "id": name,
                "due": [
                    {
                        "due": b.due,
                        "itemized_w": watts(b.itemized),
                        "uncertain_w": watts(b.uncertain),
                        "blocks": b.blocks,
                    }
                    for b in buckets
                ],
            }
        )
    payload = {
        "version": exports.JSON_VERSION,
        "as_of": found.as_of.isoformat(),
        "by": by,
        "scopes": scopes,
        "blocks": [_entry_json(e) for e in found.entries],
    }
    return dumps(payload)


CSV_COLUMNS = (
    "bucket",
    "datacenter",
    "region",
    "block",
    "capacity_w",
    "purpose",
    "basis",
    "contracted_on",
    "planned",
    "energized_on",
    "due",
    "state",
    "slipped",
    "certain",
)


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else value


def render_csv(inventory: Inventory, found: Pipeline, by: str) -> str:
    """One row a block of the pipeline; power in integer watts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in found.entries:
        j = _entry_json(e)
        j["planned"] = " ".join(j["planned"])  # the plans, oldest first
        writer.writerow([_csv_cell(j[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class PipelineView:
    """What every pipeline format presents (the ``rollup-pipeline`` entry of the format registry)."""

    inventory: Inventory
    pipeline: Pipeline
    by: str


def present_table(view: PipelineView) -> str:
    return render_table(view.inventory, view.pipeline, view.by)


def present_json(view: PipelineView) -> str:
    return render_json(view.inventory, view.pipeline, view.by)


def present_csv(view: PipelineView) -> str:
    return render_csv(view.inventory, view.pipeline, view.by)
