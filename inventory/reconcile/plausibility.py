"""Plausibility checks: figures that can be true one by one but not together. Warnings, located.

API:
    plausibility(inventory, as_of=None) -> list[Diagnostic]
Checks: gpu-draw-exceeds-power (a site's GPUs draw more than its active power; a Report's GPUs more
than its active power), crypto-counted-as-ai (a site's GPUs fit only in power reserved for
crypto-mining), gpus-before-power (GPUs installed before the site had power), contracted-below-active
(a Report's contracted power below its active power). Pure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.check.documents import Origin
from inventory.check.linking import Inventory
from inventory.model.kinds import DataCenter
from inventory.model.units import PartialDate
from inventory.reconcile.figures import DEFAULT_TOLERANCE, ReportedFigure, reported_figures
from inventory.rollup.lifecycle import Presence, active, installed
from inventory.rollup.scopes import ZERO, format_amount


def _power(watts: Decimal) -> str:
    return format_amount(watts, is_power=True)


def _warn(
    origin: Origin,
    path: tuple[str | int, ...],
    code: str,
    message: str,
    related: list[Origin | tuple[Origin, tuple[str | int, ...]]],
) -> Diagnostic:
    places = [item if isinstance(item, tuple) else (item, ()) for item in related]
    return origin.diagnostic(code, message, path, severity=Severity.WARNING, related=places)


def _site_power(inventory: Inventory, dc: DataCenter, origin: Origin, day: dt.date) -> list[Diagnostic]:
    """gpu-draw-exceeds-power and crypto-counted-as-ai for one site at ``day``."""
    if not dc.power or not dc.gpus:
        return []  # power or GPUs not itemized here: nothing to compare (unknown is not zero)
    draw = ZERO
    for deployment in dc.gpus:
        sku = inventory.skus.get(deployment.sku) if deployment.sku else None
        if sku is None or sku.system_power is None:
            continue
        if installed(deployment, dc.until, day, dc.since) is Presence.IN:
            draw += sku.system_power.watts * deployment.gpus
    possible = ZERO
    crypto = ZERO
    for block in dc.power:
        if active(block, dc.until, day, dc.since) is not Presence.OUT:
            possible += block.capacity.watts
            if block.purpose == "crypto-mining":
                crypto += block.capacity.watts
    if draw <= possible - crypto:
        return []
    if draw > possible:
        message = (
            f"estimated draw of the GPUs in service at {day} is {_power(draw)}, more than the {_power(possible)}"
            f" of power that may be active at {dc.id} then"
        )
        return [_warn(origin, ("gpus",), "gpu-draw-exceeds-power", message, [(origin, ("power",))])]
    block_index = next(
        i
        for i, b in enumerate(dc.power)
        if b.purpose == "crypto-mining" and active(b, dc.until, day, dc.since) is not Presence.OUT
    )
    message = (
        f"the GPUs at {dc.id} draw an estimated {_power(draw)} at {day}, more than its {_power(possible - crypto)}"
        f" of AI and other power: they fit only if the {_power(crypto)} reserved for crypto-mining is counted"
    )
    return [_warn(origin, ("power", block_index, "purpose"), "crypto-counted-as-ai", message, [(origin, ("gpus",))])]


def _earliest_power(dc: DataCenter) -> tuple[PartialDate, tuple[str | int, ...]] | None:
    """The earliest day a site without ``since`` may have had power, and where that is written; None
    when unknown (GPUs installed before a site's ``since`` are a date-order error, not this warning)."""
    if dc.since is not None:
        return None
    if not dc.power or any(b.energized_on is None for b in dc.power):
        return None
    index, block = min(
        enumerate(dc.power), key=lambda ib: ib[1].energized_on.first if ib[1].energized_on else dt.date.max
    )
    assert block.energized_on is not None
    return block.energized_on, ("power", index, "energized_on")


def _gpus_before_power(dc: DataCenter, origin: Origin) -> list[Diagnostic]:
    earliest = _earliest_power(dc)
    if earliest is None:
        return []
    power_from, where = earliest
    out = []
    for i, deployment in enumerate(dc.gpus):
        installed = deployment.installed_on
        if installed is not None and installed.last < power_from.first:
            message = (
                f"{deployment.gpus:,} GPUs ({deployment.id}) installed {installed}, before {dc.id} had power"
                f" ({str(where[-1]).replace('_', ' ')} {power_from})"
            )
            out.append(_warn(origin, ("gpus", i, "installed_on"), "gpus-before-power", message, [(origin, where)]))
    return out


def _figure_warn(f: ReportedFigure, code: str, message: str, other: ReportedFigure) -> Diagnostic:
    """A warning on a Report's figures; a note when only weak sources give them (they decide nothing alone)."""
    severity = Severity.INFO if f.weak and other.weak else Severity.WARNING
    return Diagnostic(f.file, f.line, f.col, code, severity, message, f.path, ((other.file, other.line, other.col),))


def _report_checks(inventory: Inventory, tolerance: Decimal) -> list[Diagnostic]:
    """contracted-below-active and gpu-draw-exceeds-power inside each Report (notes for a weak Report)."""
    by_report: dict[str, dict[str, ReportedFigure]] = {}
    for f in reported_figures(inventory):
        by_report.setdefault(f.report_id, {})[f.metric] = f
    out = []
    for report_id, figures in by_report.items():
        act, con = figures.get("active_power"), figures.get("contracted_power")
        if act is not None and con is not None and con.bounds(tolerance).below(act.bounds(tolerance).low):
            message = (
                f"{report_id} gives contracted power {con.describe(tolerance)}, below its active power"
                f" {act.describe(tolerance)}: energized power is contracted too"
            )
            out.append(_figure_warn(con, "contracted-below-active", message, act))
        if act is None:
            continue
        draw = ZERO
        for metric, f in figures.items():
            sku = inventory.skus.get(metric.removeprefix("gpus_by_sku.")) if metric.startswith("gpus_by_sku.") else None
            if sku is not None and sku.system_power is not None:
                draw += f.bounds(tolerance).low * sku.system_power.watts
        if draw > ZERO and act.bounds(tolerance).below(draw):  # no draw (GPUs of 0 W): nothing to compare
            first = next((f for m, f in figures.items() if m.startswith("gpus_by_sku.")), act)
            message = (
                f"the GPUs {report_id} gives draw at least {format_amount(draw, is_power=True)} at their SKUs'"
                f" system power, more than its active power {act.describe(tolerance)}"
            )
            out.append(_figure_warn(first, "gpu-draw-exceeds-power", message, act))
    return out


def plausibility(inventory: Inventory, as_of: dt.date | None = None) -> list[Diagnostic]:
    """Every plausibility warning, site checks evaluated at ``as_of``.

    Args:
        inventory: the linked inventory.
        as_of: the day for the site power checks; default the last day of the Fleet's as_of
            (without a Fleet, only the date-free checks run).

    Returns:
        Warnings with the location of the figure at fault and, as related, the one it contradicts.
    """
    fleet = inventory.fleet
    day = as_of if as_of is not None else (fleet.as_of.last if fleet is not None else None)
    tolerance = fleet.reconcile.tolerance_fraction if fleet is not None else DEFAULT_TOLERANCE
    out: list[Diagnostic] = []
    for dc_id, dc in inventory.datacenters.items():
        origin = inventory.origin("DataCenter", dc_id)
        if origin is None:
            continue
        if day is not None:
            out.extend(_site_power(inventory, dc, origin, day))
        out.extend(_gpus_before_power(dc, origin))
    out.extend(_report_checks(inventory, tolerance))
    return out
