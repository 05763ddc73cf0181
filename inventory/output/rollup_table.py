"""``gpufleet rollup``'s table: the scopes' figures at a date, beside the figures reported for it.

Readable units (MW, GW) and ``(+x)`` for what may also be in service. Every cell from the data
goes through ``render_table``, which makes it terminal-safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inventory.base.text import terminal_safe
from inventory.check.linking import Inventory
from inventory.output import exports
from inventory.output.tables import render_table
from inventory.reconcile.checks import CheckResult
from inventory.rollup.scopes import (
    AVAILABILITIES,
    BASIS_FAMILIES,
    FLEET,
    PURPOSES,
    UNKNOWN_SKU,
    FleetRollup,
    Measure,
    ScopeRollup,
    format_amount,
    metric_label,
)


def cell(scope: ScopeRollup, metric: str) -> str:
    """``280 MW (+10 MW)``: the itemized amount and, when some timing is unknown, what may add to it.

    The GPU draw also says how many GPUs it leaves out for want of a power figure (never read as zero).
    """
    m = scope.measure(metric)
    text = m.format()
    if m.uncertain or m.unbounded:
        text += f" (+{uncertain_text(m)})"
    if metric == "gpu_draw":
        left_out = scope.measure("unestimated_gpus")
        if left_out.itemized or left_out.uncertain:
            maybe = f" (+{left_out.format(left_out.uncertain)})" if left_out.uncertain else ""
            text += f", {left_out.format()}{maybe} GPUs unestimated"
    return text


def uncertain_text(m: Measure) -> str:
    """What may add to an itemized amount: ``10 MW``, ``?`` (no upper bound) or ``10 MW or more``."""
    if not m.unbounded:
        return m.format(m.uncertain)
    return f"{m.format(m.uncertain)} or more" if m.uncertain else "?"


def scope_label(key: tuple[str, str]) -> str:
    kind, name = key
    if kind == "country":
        return name.replace(",", ", ")
    return {"fleet": "fleet", "unassigned": "(no region)"}.get(kind, name)


def fleet_metrics(scope: ScopeRollup, checks: Sequence[CheckResult]) -> list[str]:
    """The metrics the fleet view lists: the usual ones, and any that a report gives or that are non-zero."""
    reported = {c.metric for c in checks if c.scope == FLEET}
    metrics = ["data_centers", *(f"regions.{a}" for a in AVAILABILITIES)]
    for total, family in BASIS_FAMILIES.items():
        metrics.append(total)
        bases = scope.mixed_bases(total)
        if len(bases) > 1:  # power of several bases: each apart, never only the sum
            metrics += [f"{family}.{b}" for b in bases]
    for purpose in PURPOSES:
        metric = f"power_by_purpose.{purpose}"
        m = scope.measure(metric)
        if m.itemized or m.uncertain or metric in reported:
            metrics.append(metric)
    metrics.append("gpus")
    skus = {f"gpus_by_sku.{s or UNKNOWN_SKU}" for s in scope.gpus_by_sku}
    skus |= {m for m in (*scope.uncertain, *scope.unbounded) if m.startswith("gpus_by_sku.")}
    skus |= {m for m in reported if m.startswith("gpus_by_sku.")}
    metrics += sorted(skus, key=lambda m: (m.endswith(UNKNOWN_SKU), m))
    metrics.append("gpu_draw")
    if scope.unestimated_gpus or "unestimated_gpus" in scope.uncertain:
        metrics.append("unestimated_gpus")
    metrics += sorted(m for m in reported if m not in metrics)
    return metrics


# -- table -------------------------------------------------------------------------------------


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
        unknown = f"+{uncertain_text(m)}" if m.uncertain or m.unbounded else ""
        reported = by_metric.get(metric, [])
        first = reported[0] if reported else None
        rows.append([metric_label(metric), m.format(), unknown, *_beside(first)])
        rows += [["", "", "", *_beside(c)] for c in reported[1:]]
    name = terminal_safe(inventory.fleet.name) if inventory.fleet is not None else "fleet"
    state = "a complete scope" if fleet.complete else "not a complete scope: itemized figures are lower bounds"
    head = f"{name} at {rolled.as_of} ({state})\n\n"
    headers = ["metric", "itemized", "uncertain", "reported", "coverage", "status", "report", "at"]
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
    if any(s.unbounded for s in (rolled.fleet, *rolled.datacenters.values())):
        out += "(+?): may be more, with no upper bound (an amount written as '>' or '>=')\n"
    if rest:
        out += f"\nreported for {rolled.as_of}:\n" + render_table(CHECK_HEADERS, check_rows(rest), left=2)
    return out


@dataclass(frozen=True, slots=True)
class RollupView:
    """What every rollup format presents: the scopes at a date and the figures reported for it."""

    inventory: Inventory
    rolled: FleetRollup
    checks: Sequence[CheckResult]
    by: str


def present_table(view: RollupView) -> str:
    return render_table_view(view.inventory, view.rolled, view.checks, view.by)


def present_json(view: RollupView) -> str:
    return exports.render_json(view.inventory, view.rolled, view.checks, view.by)


def present_csv(view: RollupView) -> str:
    return exports.render_csv(view.inventory, view.rolled, view.checks, view.by)
