"""The Reports of a synthetic fleet, and the discrepancies planted in it on purpose.

Reports (one for the fleet, one a region) are computed from the itemization as finally written, so
they match it exactly; then K discrepancies are planted on distinct targets, each one finding for
``gpufleet validate``. Load-stage kinds are errors; reconcile-stage kinds are only reported on an
inventory without errors (validate skips reconciliation otherwise), so the two never mix.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from inventory.base.errors import UsageError
from inventory.generate.plan import (
    AS_OF,
    DEFAULT_KINDS,
    DISCREPANCY_KINDS,
    SKUS,
    Discrepancy,
    FleetPlan,
    ReportPlan,
    Site,
)

__all__ = ["DEFAULT_KINDS", "DISCREPANCY_KINDS", "Discrepancy", "ReportPlan", "check_kinds", "plant", "reports"]

_SYSTEM_W = {s.id: s.system_power_w for s in SKUS}
_WRONG_SKU = {"gb200": "gb2000", "gb300": "gb30", "h200": "h20O", "rtx-pro-6000-bse": "rtx-pro-6000"}


def check_kinds(kinds: Sequence[str]) -> tuple[str, ...]:
    """The kinds, checked: known, at least one, and all found by the same stage of validate.

    Raises:
        UsageError: an unknown kind, or load and reconcile kinds mixed.
    """
    chosen = tuple(dict.fromkeys(kinds))
    unknown = [k for k in chosen if k not in DISCREPANCY_KINDS]
    if unknown or not chosen:
        raise UsageError(
            f"unknown discrepancy kind {', '.join(unknown) or '(none)'}; choose from: {', '.join(DISCREPANCY_KINDS)}"
        )
    stages = {DISCREPANCY_KINDS[k][1] for k in chosen}
    if len(stages) > 1:
        reconcile = ", ".join(k for k in chosen if DISCREPANCY_KINDS[k][1] == "reconcile")
        raise UsageError(
            f"{reconcile} cannot be planted with errors: validate reconciles only an inventory without "
            "errors, so they would go unreported; plant them in a fleet of their own"
        )
    return chosen


def plant(plan: FleetPlan, count: int, kinds: Sequence[str] | None, rng: random.Random) -> None:
    """Plant ``count`` discrepancies on distinct targets (kinds in turn) and write the Reports.

    Raises:
        UsageError: a negative count, bad kinds, or a fleet without room for ``count`` of them.
    """
    if count < 0:
        raise UsageError(f"--discrepancies cannot be negative, got {count}")
    order = check_kinds(kinds or DEFAULT_KINDS)
    start = rng.randrange(len(order))
    used: set[tuple[str, ...]] = set()
    targets = [(s, i) for s in plan.sites for i in range(len(s.deployments))]
    rng.shuffle(targets)
    sites = list(plan.sites)
    rng.shuffle(sites)
    offs = 0
    for n in range(count):
        for step in range(len(order)):
            kind = order[(start + n + step) % len(order)]
            if kind == "report-off":
                offs += 1
                break
            found = _power_short(plan, sites, used) if kind == "power-short" else _in_deployment(kind, targets, used)
            if found is not None:
                plan.discrepancies.append(found)
                break
        else:
            raise _no_room(plan, count)
    plan.reports = reports(plan)
    figures = ("gpus", "contracted_power", "data_centers")
    slots = [(r, f) for r in plan.reports for f in (*figures, *sorted(r.gpus_by_sku)) if _raisable(r, f)]
    rng.shuffle(slots)
    if offs > len(slots):
        raise _no_room(plan, count)
    plan.discrepancies.extend(_report_off(report, figure) for report, figure in slots[:offs])


def _no_room(plan: FleetPlan, count: int) -> UsageError:
    return UsageError(f"a fleet of {plan.gpus:,} GPUs has no room for {count} distinct discrepancies of these kinds")


def reports(plan: FleetPlan) -> list[ReportPlan]:
    """One fleet report and one a region, matching the itemization at AS_OF exactly."""
    stamp = AS_OF.isoformat()
    scopes: list[tuple[str, str | None, list[Site]]] = [(f"fleet-{stamp}", None, plan.sites)]
    for region in plan.regions:
        scopes.append((f"{region.id}-{stamp}", region.id, [s for s in plan.sites if s.region == region.id]))
    out = []
    for rid, scope, sites in scopes:
        by_sku: Counter[str] = Counter()
        for site in sites:
            for d in site.deployments:
                by_sku[d.sku] += d.gpus
        power = sum(b.capacity_mw for s in sites for b in s.blocks)
        known = {s.id: by_sku[s.id] for s in SKUS if by_sku[s.id]}
        out.append(ReportPlan(rid, scope, len(sites), power, power, sum(by_sku.values()), known))
    out[0].regions = dict(Counter(r.availability for r in plan.regions))
    return out


def _in_deployment(kind: str, targets: list[tuple[Site, int]], used: set[tuple[str, ...]]) -> Discrepancy | None:
    """A load-stage mistake in the first deployment (or its site's power) not yet touched."""
    for site, i in targets:
        d = site.deployments[i]
        if ("deployment", site.id, d.id) in used:
            continue
        if kind == "unknown-sku":
            wrong = _WRONG_SKU[d.sku]
            description = f"{site.id} deployment {d.id}: sku {wrong!r} (was {d.sku!r})"
            d.sku = wrong
        elif kind == "unknown-source":
            d.source = "synthetic-dcim-export"
            description = f"{site.id} deployment {d.id}: cites undefined source {d.source!r}"
        elif kind == "duplicate-id":
            if i == 0 or ("deployment", site.id, site.deployments[i - 1].id) in used:
                continue
            first = site.deployments[i - 1]
            description = f"{site.id} deployment {d.id} renamed to {first.id}, which is taken"
            used.add(("deployment", site.id, first.id))
            d.id = first.id
        else:  # date-order: the block this deployment's index points at gets its dates swapped
            block = site.blocks[i % len(site.blocks)]
            if ("block", site.id, block.id) in used:
                continue
            block.contracted, block.energized = block.energized, block.contracted
            used.add(("block", site.id, block.id))
            description = (
                f"{site.id} power {block.id}: energized {block.energized} before contracted {block.contracted}"
            )
        used.add(("deployment", site.id, d.id))
        return Discrepancy(kind, f"datacenters/{site.id}.yaml", description)
    return None


def _draw_w(site: Site) -> int:
    return sum(d.gpus * _SYSTEM_W.get(d.sku, 0) for d in site.deployments)


def _power_short(plan: FleetPlan, sites: list[Site], used: set[tuple[str, ...]]) -> Discrepancy | None:
    """A site whose power is cut to 90 % of its GPUs' draw.

    Only a site whose cut leaves its region's (and the fleet's) power above their GPUs' draw
    qualifies, so the reported figures stay plausible and the site is the one finding.
    """
    draw_of = {site.id: _draw_w(site) for site in plan.sites}
    region_draw: Counter[str] = Counter()
    region_power: Counter[str] = Counter()
    for site in plan.sites:
        region_draw[site.region] += draw_of[site.id]
        region_power[site.region] += sum(b.capacity_mw for b in site.blocks) * 1_000_000
    fleet_draw, fleet_power = sum(region_draw.values()), sum(region_power.values())
    for site in sites:
        draw = draw_of[site.id]
        if ("site", site.id) in used or draw < 20_000_000:
            continue
        total = sum(b.capacity_mw for b in site.blocks)
        target = draw * 9 // 10 // 1_000_000
        cut = [max(1, b.capacity_mw * target // total) for b in site.blocks]
        lost = (total - sum(cut)) * 1_000_000
        if region_power[site.region] - lost < region_draw[site.region] or fleet_power - lost < fleet_draw:
            continue
        for block, capacity in zip(site.blocks, cut, strict=True):
            block.capacity_mw = capacity
        used.add(("site", site.id))
        description = (
            f"{site.id}: power cut from {total} MW to {sum(cut)} MW, under its GPUs' draw of {draw / 1e6:.1f} MW"
        )
        return Discrepancy("power-short", f"datacenters/{site.id}.yaml", description)
    return None


def _raisable(report: ReportPlan, figure: str) -> bool:
    """Whether raising ``figure`` by 20 % keeps the report's GPU draw within its active power."""
    if figure not in report.gpus_by_sku:
        return True
    raised = {
        **report.gpus_by_sku,
        figure: max(report.gpus_by_sku[figure] + 1, round(report.gpus_by_sku[figure] * 1.2)),
    }
    return sum(n * _SYSTEM_W[sku] for sku, n in raised.items()) <= report.active_mw * 1_000_000


def _report_off(report: ReportPlan, figure: str) -> Discrepancy:
    """One report figure 20 % above what the itemization holds (at least one unit more).

    Raising figures (never active power) keeps the plausibility checks quiet: contracted power
    stays at or above active power, and the reported GPUs' draw stays under the reported power.
    """

    def off(value: int) -> int:
        return max(value + 1, round(value * 1.2))

    if figure == "gpus":
        was, report.gpus = report.gpus, off(report.gpus)
        now = report.gpus
    elif figure == "contracted_power":
        was, report.contracted_mw = report.contracted_mw, off(report.contracted_mw)
        now = report.contracted_mw
    elif figure == "data_centers":
        was, report.data_centers = report.data_centers, off(report.data_centers)
        now = report.data_centers
    else:
        was = report.gpus_by_sku[figure]
        now = report.gpus_by_sku[figure] = off(was)
        figure = f"gpus_by_sku.{figure}"
    return Discrepancy(
        "report-off", "reports.yaml", f"report {report.id}: {figure} {now} where the itemization has {was}"
    )
