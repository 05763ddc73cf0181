"""The Inventory: a validated, linked inventory's entities by kind and id, each with its Origin.

What every later stage (rollups, reconciliation, diff, the TUI, the editor server) reads. Built by
``linking.link``; a plain container that imports no check, so the checks can import it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from inventory.check.documents import Origin
from inventory.model.kinds import DataCenter, Fleet, GpuSku, Kind, Region, Report, Source


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

    def entities(self) -> Iterator[tuple[str, Kind]]:
        for kind in ("Fleet", "Source", "Region", "DataCenter", "GpuSku", "Report"):
            for entity in self.by_kind(kind).values():
                yield kind, entity


_KIND_ATTRS = {
    "Source": "sources",
    "Region": "regions",
    "DataCenter": "datacenters",
    "GpuSku": "skus",
    "Report": "reports",
}
"""The Inventory attribute that holds each kind (but Fleet, which is one)."""
