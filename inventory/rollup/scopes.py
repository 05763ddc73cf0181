"""Rollups: the inventory summed per scope (fleet, region, data center, host) at one date.

API (stable; the diff, the TUI and reconcile build on it):
    rollup(inventory, as_of=None) -> FleetRollup            pure, linear in the inventory's size
    FleetRollup: .as_of, .fleet, .regions, .datacenters, .hosts, .unassigned, .scope(key)
    ScopeRollup: .key, .as_of, .complete, .data_centers, .regions_by_availability, .active_power,
        .contracted_power, .power_by_purpose, .active_by_purpose, .gpus, .gpus_by_sku, .gpu_draw,
        .unestimated_gpus, .uncertain, .measure(metric) -> Measure
    Presence, presence(start, end, day) and the per-entity rules: see lifecycle.py (re-exported here)
Every figure is what is *certainly* in service at ``as_of`` (the itemized lower bound); what may be
in service (no date, or a partial date that straddles ``as_of``) is kept apart in ``.uncertain``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from inventory.check.linking import Inventory
from inventory.model.kinds import DataCenter
from inventory.model.units import Power, format_power
from inventory.rollup.lifecycle import (
    Presence,
    active,
    contracted,
    earliest_end,
    installed,
    presence,
    region_presence,
    site_presence,
)

PURPOSES = ("ai", "crypto-mining", "other")
AVAILABILITIES = ("general", "dedicated")
POWER_METRICS = ("active_power", "contracted_power", "gpu_draw")
"""Metrics measured in watts (besides the ``power_by_purpose.*`` and ``active_by_purpose.*`` families)."""
COUNT_METRICS = ("data_centers", "gpus", "unestimated_gpus", "regions.general", "regions.dedicated", "regions.total")
UNKNOWN_SKU = "?"
"""How metric names write the SKU of GPUs whose SKU is unknown: ``gpus_by_sku.?`` (ids cannot start with ?)."""
ZERO = Decimal(0)
ONE = Decimal(1)

__all__ = [
    "AVAILABILITIES",
    "FLEET",
    "PURPOSES",
    "UNASSIGNED",
    "UNKNOWN_SKU",
    "FleetRollup",
    "Measure",
    "Presence",
    "ScopeKey",
    "ScopeRollup",
    "active",
    "contracted",
    "earliest_end",
    "format_amount",
    "installed",
    "is_power_metric",
    "metric_label",
    "presence",
    "rollup",
    "site_presence",
]

ScopeKey = tuple[str, str]
FLEET: ScopeKey = ("fleet", "")
UNASSIGNED: ScopeKey = ("unassigned", "")
"""The pseudo-scope of data centers that name no (known) region."""


@dataclass(frozen=True, slots=True)
class Measure:
    """One metric of one scope: the itemized (certain) amount, the uncertain amount, completeness.

    Power metrics are in watts; counts are whole numbers (as Decimal, so interval arithmetic is uniform).
    """

    metric: str
    itemized: Decimal
    uncertain: Decimal
    complete: bool
    is_power: bool

    @property
    def high(self) -> Decimal | None:
        """The most the true value can be: itemized + uncertain in a complete scope, unbounded otherwise."""
        return self.itemized + self.uncertain if self.complete else None

    def format(self, value: Decimal | None = None) -> str:
        """A value of this metric for reading: ``420 MW`` or ``1,234``."""
        amount = self.itemized if value is None else value
        return format_amount(amount, is_power=self.is_power)


def format_amount(amount: Decimal | int, *, is_power: bool) -> str:
    """``420 MW`` for power (watts in, three decimals at most), ``1,234`` for counts."""
    return format_power(Decimal(amount), digits=3) if is_power else f"{int(amount):,}"


def is_power_metric(metric: str) -> bool:
    return metric in POWER_METRICS or metric.startswith(("power_by_purpose.", "active_by_purpose."))


def metric_label(metric: str) -> str:
    """A metric named for reading: ``active power``, ``GPUs h200``, ``power for crypto-mining``."""
    family, _, member = metric.partition(".")
    if family == "power_by_purpose":
        return f"power for {member}"
    if family == "active_by_purpose":
        return f"active power for {member}"
    if family == "gpus_by_sku":
        return "GPUs of unknown SKU" if member == UNKNOWN_SKU else f"GPUs {member}"
    if family == "regions":
        return {"general": "regions (general)", "dedicated": "regions (dedicated)"}.get(member, "regions (all)")
    return _LABELS.get(metric, metric.replace("_", " "))


_LABELS = {"gpus": "GPUs", "gpu_draw": "estimated GPU draw", "unestimated_gpus": "GPUs without a draw estimate"}


def _known_metric(metric: str) -> bool:
    family, _, member = metric.partition(".")
    if family in ("power_by_purpose", "active_by_purpose"):
        return member in PURPOSES
    if family == "gpus_by_sku":
        return bool(member)
    return metric in POWER_METRICS or metric in COUNT_METRICS


@dataclass(frozen=True, slots=True)
class ScopeRollup:
    """What the inventory itemizes for one scope at one date.

    Every figure counts only what is certainly in service at ``as_of``; ``uncertain`` maps a metric
    name (as ``measure`` takes it) to what may also be in service there. Power is exact watts.
    """

    key: ScopeKey
    as_of: dt.date
    complete: bool
    """The Fleet's complete_scopes covers this scope: nothing in it is missing from the inventory."""
    data_centers: int
    """Sites in service at as_of."""
    regions_by_availability: dict[str, int]
    """Regions in service at as_of, by availability (general, dedicated)."""
    active_power: Power
    contracted_power: Power
    """Contracted or energized, and not ended (so it includes the active power)."""
    power_by_purpose: dict[str, Power]
    """Contracted power (as above) by purpose: ai, crypto-mining, other. It sums to contracted_power."""
    active_by_purpose: dict[str, Power]
    """Active power by purpose. It sums to active_power."""
    gpus: int
    gpus_by_sku: dict[str | None, int]
    """GPUs per SKU id; None holds GPUs whose SKU the sources do not give."""
    gpu_draw: Power
    """Estimated draw: GPUs x their SKU's system power per GPU."""
    unestimated_gpus: int
    """GPUs left out of gpu_draw because their SKU or its system power is unknown (never read as zero)."""
    uncertain: dict[str, Decimal] = field(default_factory=dict)
    """Metric -> amount whose timing is unknown or straddles as_of (watts for power metrics)."""

    def measure(self, metric: str) -> Measure:
        """The metric named as reconcile names it (``active_power``, ``gpus_by_sku.h200``, ``regions.general``...).

        Raises:
            KeyError: the metric is not one a rollup computes.
        """
        if not _known_metric(metric):
            raise KeyError(metric)
        return Measure(
            metric, self._itemized(metric), self.uncertain.get(metric, ZERO), self.complete, is_power_metric(metric)
        )

    def _itemized(self, metric: str) -> Decimal:
        family, _, member = metric.partition(".")
        if family == "power_by_purpose":
            return self.power_by_purpose.get(member, Power.zero()).watts
        if family == "active_by_purpose":
            return self.active_by_purpose.get(member, Power.zero()).watts
        if family == "gpus_by_sku":
            return Decimal(self.gpus_by_sku.get(None if member == UNKNOWN_SKU else member, 0))
        if family == "regions":
            if member == "total":
                return Decimal(sum(self.regions_by_availability.values()))
            return Decimal(self.regions_by_availability.get(member, 0))
        value = getattr(self, metric)
        return value.watts if isinstance(value, Power) else Decimal(value)


@dataclass(frozen=True, slots=True)
class FleetRollup:
    """Every scope's rollup at one date."""

    as_of: dt.date
    fleet: ScopeRollup
    regions: dict[str, ScopeRollup]
    """Every defined region, in inventory order."""
    datacenters: dict[str, ScopeRollup]
    """Every data center, in inventory order."""
    hosts: dict[str, ScopeRollup]
    """Every host (landlord, colocation provider) named by a data center."""
    unassigned: ScopeRollup
    """Data centers without a (known) region: the fleet is the regions plus these."""

    def scope(self, key: ScopeKey) -> ScopeRollup:
        """The rollup of a scope by its key, as ``Scope.key`` gives it.

        Raises:
            KeyError: no such region, data center or host in the inventory.
        """
        kind, name = key
        if kind == "fleet":
            return self.fleet
        table = {"region": self.regions, "datacenter": self.datacenters, "host": self.hosts}.get(kind)
        if key == UNASSIGNED:
            return self.unassigned
        if table is None:
            raise KeyError(key)
        return table[name]


class _Tally:
    """Sums for one scope: metric -> certain amount, metric -> uncertain amount."""

    __slots__ = ("certain", "maybe", "region_ids")

    def __init__(self) -> None:
        self.certain: dict[str, Decimal] = {}
        self.maybe: dict[str, Decimal] = {}
        self.region_ids: set[str] = set()

    def add(self, state: Presence, metric: str, amount: Decimal) -> None:
        if state is Presence.OUT:
            return
        target = self.certain if state is Presence.IN else self.maybe
        target[metric] = target.get(metric, ZERO) + amount

    def merge(self, other: _Tally) -> None:
        for mine, theirs in ((self.certain, other.certain), (self.maybe, other.maybe)):
            for metric, amount in theirs.items():
                mine[metric] = mine.get(metric, ZERO) + amount
        self.region_ids |= other.region_ids


def _site_tally(dc: DataCenter, inventory: Inventory, day: dt.date) -> _Tally:
    tally = _Tally()
    tally.add(site_presence(dc, day), "data_centers", ONE)
    for block in dc.power:
        watts = block.capacity.watts
        now_active = active(block, dc.until, day)
        tally.add(now_active, "active_power", watts)
        tally.add(now_active, f"active_by_purpose.{block.purpose}", watts)
        now_contracted = contracted(block, dc.until, day)
        tally.add(now_contracted, "contracted_power", watts)
        tally.add(now_contracted, f"power_by_purpose.{block.purpose}", watts)
    skus = inventory.skus
    for deployment in dc.gpus:
        state = installed(deployment, dc.until, day)
        if state is Presence.OUT:
            continue
        count = Decimal(deployment.gpus)
        tally.add(state, "gpus", count)
        tally.add(state, f"gpus_by_sku.{deployment.sku or UNKNOWN_SKU}", count)
        sku = skus.get(deployment.sku) if deployment.sku is not None else None
        if sku is not None and sku.system_power is not None:
            tally.add(state, "gpu_draw", sku.system_power.watts * count)
        else:
            tally.add(state, "unestimated_gpus", count)
    return tally


def _covered(inventory: Inventory) -> set[ScopeKey]:
    fleet = inventory.fleet
    return {scope.key for scope in fleet.complete_scopes} if fleet is not None else set()


def _build(
    key: ScopeKey, tally: _Tally, inventory: Inventory, day: dt.date, complete: bool, region_states: dict[str, Presence]
) -> ScopeRollup:
    certain, maybe = tally.certain, tally.maybe
    regions = dict.fromkeys(AVAILABILITIES, 0)
    uncertain = {metric: amount for metric, amount in maybe.items() if amount}
    for region_id in tally.region_ids:
        region = inventory.regions[region_id]
        state = region_states[region_id]
        if state is Presence.IN:
            regions[region.availability] += 1
        elif state is Presence.MAYBE:
            for metric in (f"regions.{region.availability}", "regions.total"):
                uncertain[metric] = uncertain.get(metric, ZERO) + ONE

    def watts(metric: str) -> Power:
        return Power(certain.get(metric, ZERO))

    def count(metric: str) -> int:
        return int(certain.get(metric, ZERO))

    by_sku: dict[str | None, int] = {}
    for metric, amount in certain.items():
        if metric.startswith("gpus_by_sku."):
            sku = metric[len("gpus_by_sku.") :]
            by_sku[None if sku == UNKNOWN_SKU else sku] = int(amount)
    return ScopeRollup(
        key=key,
        as_of=day,
        complete=complete,
        data_centers=count("data_centers"),
        regions_by_availability=regions,
        active_power=watts("active_power"),
        contracted_power=watts("contracted_power"),
        power_by_purpose={p: watts(f"power_by_purpose.{p}") for p in PURPOSES},
        active_by_purpose={p: watts(f"active_by_purpose.{p}") for p in PURPOSES},
        gpus=count("gpus"),
        gpus_by_sku=dict(sorted(by_sku.items(), key=lambda item: (item[0] is None, item[0] or ""))),
        gpu_draw=watts("gpu_draw"),
        unestimated_gpus=count("unestimated_gpus"),
        uncertain=uncertain,
    )


def rollup(inventory: Inventory, as_of: dt.date | None = None) -> FleetRollup:
    """Roll the inventory up at ``as_of`` for the fleet, every region, data center and host.

    One pass over the data centers, their power blocks and GPU deployments; each site's sums are
    added to its region, its host and the fleet.

    Args:
        inventory: a linked inventory (entities that failed validation are simply absent).
        as_of: the date to evaluate; default the last day of the Fleet's ``as_of``.

    Returns:
        The FleetRollup at that date.

    Raises:
        ValueError: no ``as_of`` was given and the inventory has no Fleet to take it from.
    """
    if as_of is None:
        if inventory.fleet is None:
            raise ValueError("the inventory has no Fleet with an as_of date; give the date to roll up at")
        as_of = inventory.fleet.as_of.last
    covered = _covered(inventory)
    fleet_complete = FLEET in covered
    fleet = _Tally()
    fleet.region_ids.update(inventory.regions)
    regions: dict[str, _Tally] = {}
    for region_id in inventory.regions:
        regions[region_id] = _Tally()
        regions[region_id].region_ids.add(region_id)
    unassigned = _Tally()
    hosts: dict[str, _Tally] = {}
    site_tallies: dict[str, _Tally] = {}
    best_site: dict[str, Presence] = {}
    for dc_id, dc in inventory.datacenters.items():
        tally = site_tallies[dc_id] = _site_tally(dc, inventory, as_of)
        if dc.region is not None and dc.region in inventory.regions:
            tally.region_ids.add(dc.region)
            state = site_presence(dc, as_of)
            best_site[dc.region] = max(best_site.get(dc.region, Presence.OUT), state)
        fleet.merge(tally)
        regions.get(dc.region or "", unassigned).merge(tally)
        if dc.host is not None:
            hosts.setdefault(dc.host, _Tally()).merge(tally)
    states = {
        rid: region_presence(r.since, r.until, best_site.get(rid, Presence.MAYBE), as_of)
        for rid, r in inventory.regions.items()
    }

    def build(key: ScopeKey, tally: _Tally, complete: bool) -> ScopeRollup:
        return _build(key, tally, inventory, as_of, fleet_complete or complete, states)

    sites = {}
    for dc_id, dc in inventory.datacenters.items():
        claims = {("datacenter", dc_id), ("region", dc.region or ""), ("host", dc.host or "")}
        sites[dc_id] = build(("datacenter", dc_id), site_tallies[dc_id], bool(claims & covered))
    return FleetRollup(
        as_of=as_of,
        fleet=build(FLEET, fleet, fleet_complete),
        regions={rid: build(("region", rid), t, ("region", rid) in covered) for rid, t in regions.items()},
        datacenters=sites,
        hosts={name: build(("host", name), t, ("host", name) in covered) for name, t in hosts.items()},
        unassigned=build(UNASSIGNED, unassigned, False),
    )
