"""JSON and CSV of rollups and reconciled figures, with exact values: watts and counts as integers.

Used by ``gpufleet rollup`` and ``gpufleet reconcile`` (and anything else that exports them). A
whole number is a JSON integer; a fraction (a fraction of a watt, a ``~`` bound of a count) is a
decimal string, so nothing is rounded. Shapes are stable: keys may be added, never renamed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from inventory.check.linking import Inventory
from inventory.output.json_ import dumps, exact, watts
from inventory.reconcile.checks import CheckResult
from inventory.rollup.scopes import PURPOSES, UNKNOWN_SKU, FleetRollup, ScopeRollup, is_power_metric

JSON_VERSION = 1


def rows_for(rolled: FleetRollup, by: str) -> list[ScopeRollup]:
    """The scopes of a ``--by`` table, sorted by id (sites without a region last)."""
    if by == "region":
        return [
            *(rolled.regions[k] for k in sorted(rolled.regions)),
            *([rolled.unassigned] if rolled.unassigned.data_centers or rolled.unassigned.uncertain else []),
        ]
    if by == "datacenter":
        return [rolled.datacenters[k] for k in sorted(rolled.datacenters)]
    return [rolled.fleet]


def sku_rows(inventory: Inventory, fleet: ScopeRollup) -> list[dict[str, Any]]:
    """One entry per SKU in service (or maybe in service) at the date, unknown SKU last."""
    skus = {s or UNKNOWN_SKU for s in fleet.gpus_by_sku} | {
        m.split(".", 1)[1] for m in fleet.uncertain if m.startswith("gpus_by_sku.")
    }
    out = []
    for sku_id in sorted(skus, key=lambda s: (s == UNKNOWN_SKU, s)):
        m = fleet.measure(f"gpus_by_sku.{sku_id}")
        sku = inventory.skus.get(sku_id)
        power = sku.system_power.watts if sku is not None and sku.system_power is not None else None
        out.append({"sku": sku_id, "gpus": int(m.itemized), "uncertain": int(m.uncertain), "system_power": power})
    return out


def check_json(c: CheckResult) -> dict[str, Any]:
    """One reconciled figure with exact values: power as integer watts, counts as integers."""
    f = c.figure
    bounds = c.bounds
    return {
        "report": f.report_id,
        "source": f.source,
        "scope": {"kind": f.scope[0], "id": f.scope[1]},
        "metric": f.metric,
        "as_of": str(f.as_of),
        "stated_as_of": f.stated_as_of,
        "evaluated_at": c.as_of.isoformat(),
        "unit": "W" if f.is_power else "count",
        "reported": {"text": f.text, "qualifier": f.figure.qualifier.value, "value": exact(f.value)},
        "allowed": {
            "low": exact(bounds.low),
            "low_open": bounds.low_open,
            "high": None if bounds.high is None else exact(bounds.high),
            "high_open": bounds.high_open,
        },
        "basis": f.basis,
        "computed": {
            "itemized": exact(c.computed.itemized),
            "uncertain": exact(c.computed.uncertain),
            "unbounded": c.computed.unbounded,
            "complete": c.computed.complete,
        },
        "across_bases": c.across_bases,
        "coverage": None if c.coverage is None else round(float(c.coverage), 4),
        "status": c.status.value,
        "fit": c.fit.value,
        "message": c.message,
        "file": f.file,
        "line": f.line,
        "col": f.col,
        "disagreements": [
            {
                "code": d.code,
                "message": d.message,
                "related": [{"file": p[0], "line": p[1], "col": p[2]} for p in d.related],
            }
            for d in c.disagreements
        ],
    }


# -- json and csv ------------------------------------------------------------------------------


def _amount_json(metric: str, value: Decimal) -> int | str:
    return watts(value) if is_power_metric(metric) else int(value)


def scope_json(s: ScopeRollup) -> dict[str, Any]:
    """A scope's rollup with exact values: power as integer watts (``*_w``), counts as integers."""
    return {
        "scope": s.key[0],
        "id": s.key[1],
        "as_of": s.as_of.isoformat(),
        "complete": s.complete,
        "data_centers": s.data_centers,
        "regions": dict(s.regions_by_availability),
        "active_power_w": watts(s.active_power.watts),
        "contracted_power_w": watts(s.contracted_power.watts),
        "power_by_purpose_w": {p: watts(v.watts) for p, v in s.power_by_purpose.items()},
        "active_by_purpose_w": {p: watts(v.watts) for p, v in s.active_by_purpose.items()},
        "active_by_basis_w": {b: watts(v.watts) for b, v in s.active_by_basis.items()},
        "contracted_by_basis_w": {b: watts(v.watts) for b, v in s.contracted_by_basis.items()},
        "gpus": s.gpus,
        "gpus_by_sku": {(k or UNKNOWN_SKU): v for k, v in s.gpus_by_sku.items()},
        "gpu_draw_w": watts(s.gpu_draw.watts),
        "unestimated_gpus": s.unestimated_gpus,
        "uncertain": {m: _amount_json(m, v) for m, v in sorted(s.uncertain.items())},
        "unbounded": sorted(s.unbounded),
    }


def rollup_payload(inventory: Inventory, rolled: FleetRollup, by: str) -> dict[str, Any]:
    """One date's rollup as JSON data: ``skus`` (``--by sku``) or ``scopes``, and ``fleet``."""
    payload: dict[str, Any] = {}
    if by == "sku":
        payload["skus"] = [
            {
                **r,
                "system_power_w": None if r["system_power"] is None else watts(r["system_power"]),
                "gpu_draw_w": None if r["system_power"] is None else watts(r["system_power"] * r["gpus"]),
            }
            for r in sku_rows(inventory, rolled.fleet)
        ]
        for r in payload["skus"]:
            del r["system_power"]
    else:
        payload["scopes"] = [scope_json(s) for s in rows_for(rolled, by)]
    payload["fleet"] = scope_json(rolled.fleet)
    return payload


def render_json(inventory: Inventory, rolled: FleetRollup, checks: Sequence[CheckResult], by: str) -> str:
    payload: dict[str, Any] = {"version": JSON_VERSION, "as_of": rolled.as_of.isoformat(), "by": by}
    payload.update(rollup_payload(inventory, rolled, by))
    payload["reported"] = [check_json(c) for c in checks]
    return dumps(payload)


CSV_COLUMNS = (
    "scope",
    "id",
    "complete",
    "data_centers",
    "regions_general",
    "regions_dedicated",
    "active_power_w",
    "contracted_power_w",
    "ai_power_w",
    "crypto_mining_power_w",
    "other_power_w",
    "gpus",
    "gpu_draw_w",
    "unestimated_gpus",
    "uncertain_data_centers",
    "uncertain_active_power_w",
    "uncertain_contracted_power_w",
    "uncertain_gpus",
)


def _csv_row(s: ScopeRollup) -> list[object]:
    u = s.uncertain
    return [
        s.key[0],
        s.key[1],
        str(s.complete).lower(),
        s.data_centers,
        s.regions_by_availability["general"],
        s.regions_by_availability["dedicated"],
        watts(s.active_power.watts),
        watts(s.contracted_power.watts),
        *(watts(s.power_by_purpose[p].watts) for p in PURPOSES),
        s.gpus,
        watts(s.gpu_draw.watts),
        s.unestimated_gpus,
        int(u.get("data_centers", 0)),
        watts(u.get("active_power", Decimal(0))),
        watts(u.get("contracted_power", Decimal(0))),
        int(u.get("gpus", 0)),
    ]


SKU_CSV_COLUMNS = ("sku", "gpus", "uncertain_gpus", "system_power_w", "gpu_draw_w")


def csv_rows(inventory: Inventory, rolled: FleetRollup, by: str) -> list[list[object]]:
    """The rows of one date's CSV (without the header): one per scope, or per SKU with ``--by sku``."""
    if by == "sku":
        rows: list[list[object]] = []
        for r in sku_rows(inventory, rolled.fleet):
            power = r["system_power"]
            rows.append(
                [
                    r["sku"],
                    r["gpus"],
                    r["uncertain"],
                    "" if power is None else watts(power),
                    "" if power is None else watts(power * r["gpus"]),
                ]
            )
        return rows
    scopes = rows_for(rolled, by)
    return [_csv_row(s) for s in [*scopes, *([rolled.fleet] if by != "fleet" else [])]]


def render_csv(inventory: Inventory, rolled: FleetRollup, checks: Sequence[CheckResult], by: str) -> str:
    """One row per scope (or per SKU with ``--by sku``); power in integer watts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SKU_CSV_COLUMNS if by == "sku" else CSV_COLUMNS)
    writer.writerows(csv_rows(inventory, rolled, by))
    return buffer.getvalue()
