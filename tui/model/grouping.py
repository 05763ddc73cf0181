"""Big sites in the tree: a data center's deployments grouped by SKU, then by install month.

A site with more than ``GROUP_OVER`` deployments lists them under one node per SKU; a SKU with more
than ``GROUP_OVER`` deployments there lists them under one node per install month (the date as
written when it spans more than a month: ``2025-Q3``; "" when unknown). Small sites stay flat.
``SiteGroups`` is built per data center on first use (one pass over its deployments), so
expanding a site of 1,000 racks costs that site, never the fleet; the sums a group row shows
(deployments, GPUs in service at the as-of date, estimated draw) are tallied by the rollup's own
``add_deployment``, so a group row and its site's rollup cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from inventory.model.units import PartialDate
from inventory.rollup.scopes import Tally, add_deployment, tolerance_of
from tui.model import nodes
from tui.model.nodes import NodeKey

GROUP_OVER = 10
"""A site (or a SKU within it) with more deployments than this groups them."""


def month_of(day: PartialDate | None) -> str:
    """``2025-04`` for a date within one month, the date as written for a wider one, "" for none."""
    if day is None:
        return ""
    if (day.first.year, day.first.month) == (day.last.year, day.last.month):
        return f"{day.first.year:04d}-{day.first.month:02d}"
    return str(day)


@dataclass(frozen=True, slots=True)
class GroupSum:
    """What a group row shows: its deployments and, at the as-of date, their GPUs and estimated draw."""

    deployments: int
    gpus: int
    """GPUs certainly installed at the as-of date."""
    maybe_gpus: int
    """GPUs whose dates leave it open."""
    draw: Decimal
    """Estimated draw of the GPUs counted in ``gpus`` (watts)."""
    unestimated: int
    """GPUs in ``gpus`` whose SKU has no system power (left out of ``draw``)."""


@dataclass
class SiteGroups:
    """One data center's deployment indices by SKU and, within a big SKU, by install month."""

    dc: Any
    by_sku: dict[str, list[int]] = field(default_factory=dict)
    months: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    """SKU -> month -> indices, for the SKUs with more than GROUP_OVER deployments."""

    @classmethod
    def of(cls, dc: Any) -> SiteGroups:
        found = cls(dc)
        for i, deployment in enumerate(dc.gpus):
            found.by_sku.setdefault(deployment.sku or "", []).append(i)
        for sku, indices in found.by_sku.items():
            if len(indices) > GROUP_OVER:
                months: dict[str, list[int]] = {}
                for i in sorted(indices, key=lambda i: _start(dc.gpus[i].installed_on)):
                    months.setdefault(month_of(dc.gpus[i].installed_on), []).append(i)
                found.months[sku] = months
        return found

    @property
    def grouped(self) -> bool:
        return len(self.dc.gpus) > GROUP_OVER

    def deployment(self, i: int) -> NodeKey:
        return NodeKey(nodes.GPUS, self.dc.gpus[i].id, self.dc.id, i)

    def parent_of(self, index: int) -> NodeKey:
        """The node right above deployment ``index``: the data center, its SKU group or its month."""
        if not self.grouped:
            return NodeKey(nodes.DATACENTER, self.dc.id)
        deployment = self.dc.gpus[index]
        sku = deployment.sku or ""
        if sku not in self.months:
            return NodeKey(nodes.SKU_GROUP, sku, self.dc.id)
        return NodeKey(nodes.MONTH_GROUP, month_of(deployment.installed_on), self.dc.id, group=sku)

    def top(self) -> list[NodeKey]:
        """What the data center lists after its power: its deployments, or one group per SKU."""
        if not self.grouped:
            return [self.deployment(i) for i in range(len(self.dc.gpus))]
        return [NodeKey(nodes.SKU_GROUP, sku, self.dc.id) for sku in sorted(self.by_sku, key=lambda s: (not s, s))]

    def children(self, key: NodeKey) -> list[NodeKey]:
        if key.kind == nodes.SKU_GROUP:
            if key.id in self.months:
                return [NodeKey(nodes.MONTH_GROUP, m, self.dc.id, group=key.id) for m in self.months[key.id]]
            return [self.deployment(i) for i in self.by_sku.get(key.id, ())]
        return [self.deployment(i) for i in self.indices(key)]

    def indices(self, key: NodeKey) -> list[int]:
        """The deployments under a SKU or month group."""
        if key.kind == nodes.SKU_GROUP:
            return self.by_sku.get(key.id, [])
        return self.months.get(key.group, {}).get(key.id, [])

    def total(self, key: NodeKey, inventory: Any, day: dt.date | None) -> GroupSum:
        """The sums of a group at ``day`` (None: the far future), tallied by the rollup's own rule."""
        tally = Tally()
        found = self.indices(key)
        tolerance = tolerance_of(inventory)
        for i in found:
            add_deployment(tally, self.dc.gpus[i], self.dc, inventory.skus, day or dt.date.max, tolerance)

        def certain(metric: str) -> Decimal:
            return tally.certain.get(metric, Decimal(0))

        maybe = tally.maybe.get("gpus", Decimal(0))
        return GroupSum(
            len(found), int(certain("gpus")), int(maybe), certain("gpu_draw"), int(certain("unestimated_gpus"))
        )


def _start(day: PartialDate | None) -> dt.date:
    return day.first if day is not None else dt.date.max
