"""What a node of the fleet tree stands for: a small hashable key, and the groups above entities.

A ``NodeKey`` names an entity (``("DataCenter", "dal-1")``), a part of one (a power allocation or
a GPU deployment, by its data center and its index in that list) or a group (regions by
availability, sites without a region, SKUs, sources, reports). The tree, the problems index, the
diff marks and the jump from a problem all speak in NodeKeys.
"""

from __future__ import annotations

from dataclasses import dataclass

FLEET = "Fleet"
GROUP = "Group"
REGION = "Region"
DATACENTER = "DataCenter"
POWER = "PowerAllocation"
GPUS = "GpuDeployment"
SKU = "GpuSku"
SOURCE = "Source"
REPORT = "Report"
SKU_GROUP = "SkuGroup"
"""A data center's deployments of one SKU (``id`` the SKU, "" unknown; ``parent`` the data center)."""
MONTH_GROUP = "MonthGroup"
"""A SKU group's deployments installed in one month (``id`` the month or the date as written, "" unknown;
``parent`` the data center, ``group`` the SKU)."""

PARTS = {"power": POWER, "gpus": GPUS}
"""DataCenter fields whose items are tree nodes of their own."""

GROUP_TITLES = {
    "general": "General availability",
    "dedicated": "Dedicated access",
    "no-region": "Sites without a region",
    "skus": "GPU SKUs",
    "sources": "Sources",
    "reports": "Reports",
}
"""Group ids, in the order the tree shows them, and their titles."""

GROUP_OF_KIND = {SKU: "skus", SOURCE: "sources", REPORT: "reports"}


@dataclass(frozen=True, slots=True)
class NodeKey:
    """One node of the tree. ``parent`` and ``index`` are set for parts of a data center, ``group`` for a month."""

    kind: str
    id: str
    parent: str = ""
    index: int = -1
    group: str = ""

    @property
    def entity(self) -> tuple[str, str] | None:
        """The (kind, id) the inventory's origins use, for nodes that are whole entities."""
        if self.kind in (GROUP, POWER, GPUS, SKU_GROUP, MONTH_GROUP):
            return None
        return (self.kind, self.id)

    @property
    def is_scope(self) -> bool:
        """True for the nodes a rollup has a figure set for: the fleet, regions, data centers."""
        return self.kind in (FLEET, REGION, DATACENTER)

    def describe(self) -> str:
        """``data center dal-1``, ``power allocation dal-1-a``: for messages."""
        words = {
            FLEET: "fleet",
            GROUP: "group",
            REGION: "region",
            DATACENTER: "data center",
            POWER: "power allocation",
            GPUS: "GPU deployment",
            SKU: "GPU SKU",
            SOURCE: "source",
            REPORT: "report",
            SKU_GROUP: "SKU group",
            MONTH_GROUP: "install month",
        }
        return f"{words[self.kind]} {self.id or 'unknown'}"


def group(name: str) -> NodeKey:
    return NodeKey(GROUP, name)
