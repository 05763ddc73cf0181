"""Typed entities -> one Inventory: ids, references, dates and sizes checked across files.

The Inventory is what every later stage (rollups, reconciliation, diff, the TUI) reads: entities
by kind and id, and for each the Origin it was written at. Checks here see the whole inventory:
duplicate ids (both locations) here; references, dates, sizes and renames in cross_checks.py.
Pure: reads no file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

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
from inventory.model.kinds import (
    DataCenter,
    Fleet,
    GpuSku,
    Region,
    Report,
    Source,
)
from inventory.model.kinds import Document as Entity


@dataclass
class Inventory:
    """A validated, linked inventory. Entities that failed validation are absent."""

    fleet: Fleet | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    datacenters: dict[str, DataCenter] = field(default_factory=dict)
    skus: dict[str, GpuSku] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    """(kind, id) -> where the entity was written."""
    files: list[str] = field(default_factory=list)
    """Every file read, as displayed."""
    invalid: dict[tuple[str, str], Origin] = field(default_factory=dict)
    """(kind, id) -> documents that name an id but failed validation: they exist, so references to
    them are not "unknown", and their valid parts are still checked."""

    def defines(self, kind: str, id_: str) -> bool:
        """True when an entity of ``kind`` with ``id_`` is written, valid or not."""
        return id_ in self.by_kind(kind) or (kind, id_) in self.invalid

    def by_kind(self, kind: str) -> dict[str, Any]:
        if kind == "Fleet":
            return {self.fleet.id: self.fleet} if self.fleet else {}
        return getattr(self, _KIND_ATTRS[kind])  # type: ignore[no-any-return]

    def origin(self, kind: str, id_: str) -> Origin | None:
        return self.origins.get((kind, id_))

    def entities(self) -> Iterator[tuple[str, Entity]]:
        for kind in ("Fleet", "Source", "Region", "DataCenter", "GpuSku", "Report"):
            for entity in self.by_kind(kind).values():
                yield kind, entity


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


_KIND_ATTRS = {
    "Source": "sources",
    "Region": "regions",
    "DataCenter": "datacenters",
    "GpuSku": "skus",
    "Report": "reports",
}
"""The Inventory attribute that holds each kind (but Fleet, which is one)."""


__all__ = ["MAX_BLOCK_POWER", "MAX_DEPLOYMENT_GPUS", "MAX_GPU_POWER", "Inventory", "link"]
