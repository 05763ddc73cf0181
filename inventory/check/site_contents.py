"""What a site holds, checked against the site and the SKU: a site's since and until bound its
power blocks and GPU deployments (date-order), and racks or nodes times the SKU's gpus_per_system
are a deployment's GPUs (systems-mismatch). Called by cross_checks.Checker for each item. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping

from inventory.base.diagnostics import Diagnostics
from inventory.check.documents import Origin
from inventory.model.amounts import qualifier_of
from inventory.model.kinds import DataCenter, GpuDeployment, GpuSku
from inventory.model.units import PartialDate, Qualifier


def _error(diagnostics: Diagnostics, origin: Origin, code: str, message: str, path: tuple[str | int, ...]) -> None:
    diagnostics.add(origin.diagnostic(code, message, path))


RACK_SCALE = 16
"""A SKU with more GPUs than this in one system, and no ``system:``, is a rack-scale system (NVL72)."""


def system_kind(sku: GpuSku) -> str | None:
    """What one system of ``sku`` is: "rack" or "node" (``system:``, else by its size); None when unknown."""
    if sku.gpus_per_system is None:
        return None
    if sku.system is not None:
        return sku.system
    return "rack" if sku.gpus_per_system > RACK_SCALE else "node"


def bounded_by_site(
    diagnostics: Diagnostics,
    dc: DataCenter | None,
    origin: Origin,
    start: tuple[str, PartialDate | None],
    end: tuple[str, PartialDate | None],
    what: str,
) -> None:
    """A block or a deployment lies inside its site's since..until: it cannot start before the
    site first receives power, start after it closed, or end after it closed."""
    if dc is None:
        return
    site = f"site {dc.id}"
    (start_name, start_date), (end_name, end_date) = start, end
    if dc.since is not None and start_date is not None and start_date.certainly_before(dc.since):
        message = f"{start_name} {start_date} is before {site}'s since {dc.since}: {what} before the site has power"
        _error(diagnostics, origin, "date-order", message, (start_name,))
    if dc.until is None:
        return
    if start_date is not None and dc.until.certainly_before(start_date):
        message = f"{start_name} {start_date} is after {site}'s until {dc.until}: the site was closed by then"
        _error(diagnostics, origin, "date-order", message, (start_name,))
    if end_date is not None and dc.until.certainly_before(end_date):
        message = f"{end_name} {end_date} is after {site}'s until {dc.until}: nothing at a site outlasts it"
        _error(diagnostics, origin, "date-order", message, (end_name,))


def systems(diagnostics: Diagnostics, skus: Mapping[str, GpuSku], deployment: GpuDeployment, origin: Origin) -> None:
    """``racks`` (or ``nodes``) times the SKU's gpus_per_system is the deployment's GPUs."""
    sku = skus.get(deployment.sku) if deployment.sku is not None else None
    kind = system_kind(sku) if sku is not None else None
    if sku is None or kind is None or sku.gpus_per_system is None:
        return
    field_name = "racks" if kind == "rack" else "nodes"
    systems = getattr(deployment, field_name)
    per = sku.gpus_per_system
    if systems is None or qualifier_of(deployment.gpus) is not Qualifier.EXACT:
        return
    if systems * per != deployment.gpus:
        fits, rest = divmod(deployment.gpus, per)
        fill = f"{fits:,} {field_name}" if not rest else f"{fits:,} {field_name} and {rest} GPUs more"
        message = (
            f"{systems:,} {field_name} of {per} GPUs ({sku.id} gpus_per_system) hold {systems * per:,} GPUs,"
            f" not the {deployment.gpus:,} given; {deployment.gpus:,} GPUs fill {fill}"
        )
        _error(diagnostics, origin, "systems-mismatch", message, (field_name,))
