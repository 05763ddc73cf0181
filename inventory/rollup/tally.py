"""The Tally: one date's running sums of a scope, and how one site, power block or GPU deployment adds to it.

``add_site``, ``add_block`` and ``add_deployment`` are the rules of a rollup, entity by entity,
shared by ``scopes.rollup`` (one date) and the series sweep (``series.py``, many dates), so both
count alike. Certain amounts go to the itemized sums; amounts that may count (a date that
straddles the day, a bound such as ``~120 MW``) to ``maybe``; ``>`` amounts mark a metric unbounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from inventory.check.linking import Inventory
from inventory.model.amounts import amount_range, qualifier_of
from inventory.model.kinds import DataCenter, GpuDeployment, GpuSku, PowerAllocation
from inventory.model.units import Qualifier
from inventory.rollup.lifecycle import (
    Presence,
    active,
    contracted,
    installed,
    presence,
    site_presence,
)
from inventory.rollup.metrics import (
    ONE,
    UNKNOWN_SKU,
    ZERO,
)


class _Tally:
    """Sums for one scope: metric -> certain amount, metric -> uncertain amount."""

    __slots__ = ("bounded", "certain", "maybe", "region_ids", "unbounded")

    def __init__(self) -> None:
        self.certain: dict[str, Decimal] = {}
        self.maybe: dict[str, Decimal] = {}
        self.region_ids: set[str] = set()
        self.unbounded: set[str] = set()
        self.bounded: set[str] = set()

    def add(self, state: Presence, metric: str, amount: Decimal) -> None:
        if state is Presence.OUT:
            return
        target = self.certain if state is Presence.IN else self.maybe
        target[metric] = target.get(metric, ZERO) + amount

    def add_range(self, state: Presence, metric: str, low: Decimal, high: Decimal | None) -> None:
        """An amount known as a range: ``low`` counts as ``state`` says, the rest may count."""
        if state is Presence.OUT:
            return
        self.add(state, metric, low)
        self.bounded.add(metric)
        if high is None:
            self.unbounded.add(metric)
        elif high > low:
            self.maybe[metric] = self.maybe.get(metric, ZERO) + (high - low)

    def merge(self, other: _Tally) -> None:
        for mine, theirs in ((self.certain, other.certain), (self.maybe, other.maybe)):
            for metric, amount in theirs.items():
                mine[metric] = mine.get(metric, ZERO) + amount
        self.region_ids |= other.region_ids
        self.unbounded |= other.unbounded
        self.bounded |= other.bounded


Tally = _Tally
"""Sums of one scope (certain and uncertain amounts by metric, bounded and unbounded metrics), as the
``add_*`` functions fill them."""


def tolerance_of(inventory: Inventory) -> Decimal:
    """The Fleet's tolerance for ``~`` amounts (5 % without a Fleet)."""
    settings = inventory.fleet.reconcile if inventory.fleet is not None else None
    return settings.tolerance_fraction if settings is not None else Decimal("0.05")


def site_opened(dc: DataCenter, day: dt.date) -> Presence:
    """Whether the site has opened by ``day``: nothing counts before its ``since``."""
    return presence(dc.since, None, day) if dc.since is not None else Presence.IN


def add_site(tally: _Tally, dc: DataCenter, day: dt.date) -> Presence:
    """The site itself (``data_centers``) on ``day``; returns its presence (regions count from their sites)."""
    state = site_presence(dc, day)
    tally.add(state, "data_centers", ONE)
    return state


def add_block(tally: _Tally, block: PowerAllocation, dc: DataCenter, day: dt.date, tolerance: Decimal) -> None:
    """One power block of ``dc`` on ``day``: active and contracted power, by purpose and by basis."""
    capacity = block.capacity
    watts = capacity.watts
    now_active = min(active(block, dc.until, day), site_opened(dc, day))
    now_contracted = contracted(block, dc.until, day)
    basis = block.basis or "unstated"
    metrics = (
        (now_active, ("active_power", f"active_by_purpose.{block.purpose}", f"active_by_basis.{basis}")),
        (now_contracted, ("contracted_power", f"power_by_purpose.{block.purpose}", f"contracted_by_basis.{basis}")),
    )
    qualifier = qualifier_of(capacity)
    if qualifier is Qualifier.EXACT:
        for state, names in metrics:
            for metric in names:
                tally.add(state, metric, watts)
        return
    low, high = amount_range(watts, qualifier, tolerance)
    for state, names in metrics:
        for metric in names:
            tally.add_range(state, metric, low, high)


def add_deployment(
    tally: _Tally,
    deployment: GpuDeployment,
    dc: DataCenter,
    skus: Mapping[str, GpuSku],
    day: dt.date,
    tolerance: Decimal,
) -> None:
    """One GPU deployment of ``dc`` on ``day``: GPUs, by SKU, and their estimated draw (or unestimated)."""
    state = installed(deployment, dc.until, day)
    opened = site_opened(dc, day)
    if opened is not Presence.IN:
        state = min(state, opened)
    if state is Presence.OUT:
        return
    count = deployment.gpus
    sku = skus.get(deployment.sku) if deployment.sku is not None else None
    power = sku.system_power.watts if sku is not None and sku.system_power is not None else None
    counted = ("gpus", f"gpus_by_sku.{deployment.sku or UNKNOWN_SKU}")
    if type(count) is int:
        amount = Decimal(count)
        for metric in counted:
            tally.add(state, metric, amount)
        if power is not None:
            tally.add(state, "gpu_draw", power * amount)
        else:
            tally.add(state, "unestimated_gpus", amount)
        return
    low, high = amount_range(Decimal(int(count)), qualifier_of(count), tolerance, whole=True)
    for metric in counted:
        tally.add_range(state, metric, low, high)
    if power is not None:
        tally.add_range(state, "gpu_draw", power * low, None if high is None else power * high)
    else:
        tally.add_range(state, "unestimated_gpus", low, high)
