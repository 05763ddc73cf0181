"""Typed entities -> one Inventory (inventory.py): ids, references, dates and sizes checked across files.

Checks here see the whole inventory: duplicate ids (both locations) here; references, dates,
sizes and renames in cross_checks.py. Pure: reads no file.
"""

from __future__ import annotations

from collections.abc import Iterable

from inventory.base.diagnostics import Diagnostics
from inventory.check.cross_checks import (
    MAX_BLOCK_POWER,
    MAX_DEPLOYMENT_GPUS,
    MAX_GPU_POWER,
    Checker,
    report_error,
    where_of,
)
from inventory.check.documents import Origin, ParsedEntity
from inventory.check.inventory import Inventory
from inventory.model.kinds import (
    DataCenter,
    Fleet,
    GpuSku,
    Region,
    Report,
    Source,
)

_KIND_MAPS = {
    Source: "sources",
    Region: "regions",
    DataCenter: "datacenters",
    GpuSku: "skus",
    Report: "reports",
}


def link(
    parsed: Iterable[ParsedEntity],
    diagnostics: Diagnostics,
    files: list[str],
    *,
    fleet_elsewhere: bool = False,
    invalid: Iterable[Origin] = (),
) -> Inventory:
    """Build the Inventory and run every cross-entity check.

    Args:
        parsed: the valid entities of every file, in file order.
        diagnostics: the collector.
        files: every file read, as displayed.
        fleet_elsewhere: a Fleet document exists but is not among ``parsed`` (it failed
            validation, or a file was not read to its end): do not report missing-fleet.
        invalid: documents of a known kind that failed validation; their ids count as defined
            and the references and dates they hold are still checked, so one run reports all.
    """
    inventory = Inventory(files=files)
    for item in parsed:
        entity, origin = item.entity, item.origin
        kind = type(entity).KIND
        key = (kind, entity.id)
        if key in inventory.origins:
            first = inventory.origins[key]
            report_error(
                diagnostics,
                origin,
                "duplicate-id",
                f"{kind} {entity.id!r} is also defined at {where_of(first)}",
                ("id",),
                related=(first,),
            )
            continue
        if isinstance(entity, Fleet):
            if inventory.fleet is not None:
                first = inventory.origins[("Fleet", inventory.fleet.id)]
                report_error(
                    diagnostics,
                    origin,
                    "duplicate-fleet",
                    f"a second Fleet; the first is at {where_of(first)}",
                    related=(first,),
                )
                continue
            inventory.fleet = entity
        else:
            getattr(inventory, _KIND_MAPS[type(entity)])[entity.id] = entity
        inventory.origins[key] = origin
    for origin in invalid:
        data = origin.document.data
        key = (data["kind"], data["id"])
        seen = inventory.origins.get(key) or inventory.invalid.get(key)
        if seen is not None:
            message = f"{key[0]} {key[1]!r} is also defined at {where_of(seen)}"
            report_error(diagnostics, origin, "duplicate-id", message, ("id",), related=(seen,))
            continue
        inventory.invalid[key] = origin
    Checker(inventory, diagnostics).run(fleet_elsewhere=fleet_elsewhere)
    return inventory


__all__ = ["MAX_BLOCK_POWER", "MAX_DEPLOYMENT_GPUS", "MAX_GPU_POWER", "Inventory", "link"]
