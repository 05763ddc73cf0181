"""Rollups: the inventory summed per scope (fleet, region, data center, host, countries) at one date.

API (stable; the diff, the TUI and reconcile build on it):
    rollup(inventory, as_of=None) -> FleetRollup            pure, linear in the inventory's size
    add_site, add_block, add_deployment (one entity into a Tally at a date), assemble (site Tallies ->
        FleetRollup): the parts rollup is made of, shared with the series sweep (series.py)
    FleetRollup: .as_of, .fleet, .regions, .datacenters, .hosts, .countries, .unassigned, .scope(key)
    ScopeRollup: .key, .as_of, .complete, .data_centers, .regions_by_availability, .active_power,
        .contracted_power, .power_by_purpose, .active_by_purpose, .active_by_basis,
        .contracted_by_basis, .gpus, .gpus_by_sku, .gpu_draw, .unestimated_gpus, .uncertain,
        .unbounded, .bounded, .measure(metric) -> Measure, .mixed_bases(total) -> bases present
    site_country(dc, inventory) -> the country a site counts in
    Presence, presence(start, end, day) and the per-entity rules: see lifecycle.py (re-exported here)
    Measure and the metrics' names and labels: see metrics.py (re-exported here)
Every figure is what is *certainly* in service at ``as_of`` (the itemized lower bound); what may be
in service (no date, or a partial date that straddles ``as_of``) or may be more (an amount written
as a bound: ``~120 MW``, ``">16,000"``) is kept apart in ``.uncertain``; a metric in ``.unbounded``
has no upper bound at all (``>``). Power is kept by basis too (critical-it, gross, unstated), so a
sum across bases is never the only figure. A site counts in the country of its location (or, without
one, of its region): country scopes are the sites of one or more countries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from inventory.check.linking import Inventory
from inventory.model.kinds import DataCenter
from inventory.model.units import Power
from inventory.rollup.lifecycle import (
    Presence,
    active,
    contracted,
    earliest_end,
    installed,
    latest_start,
    presence,
    region_presence,
    site_presence,
    start_within_site,
)
from inventory.rollup.metrics import (
    AVAILABILITIES,
    BASES,
    BASIS_FAMILIES,
    BASIS_LABELS,
    COUNT_METRICS,
    ONE,
    POWER_METRICS,
    PURPOSES,
    UNKNOWN_SKU,
    ZERO,
    Measure,
    format_amount,
    is_power_metric,
    known_metric,
    metric_label,
)
from inventory.rollup.tally import (
    Tally,
    _Tally,
    add_block,
    add_deployment,
    add_site,
    site_opened,
    tolerance_of,
)

__all__ = [
    "AVAILABILITIES",
    "BASES",
    "BASIS_FAMILIES",
    "BASIS_LABELS",
    "COUNT_METRICS",
    "FLEET",
    "ONE",
    "POWER_METRICS",
    "PURPOSES",
    "UNASSIGNED",
    "UNKNOWN_SKU",
    "ZERO",
    "FleetRollup",
    "Measure",
    "Presence",
    "ScopeKey",
    "ScopeRollup",
    "Tally",
    "active",
    "add_block",
    "add_deployment",
    "add_site",
    "assemble",
    "contracted",
    "earliest_end",
    "format_amount",
    "installed",
    "is_power_metric",
    "known_metric",
    "latest_start",
    "metric_label",
    "presence",
    "rollup",
    "site_country",
    "site_opened",
    "site_presence",
    "start_within_site",
    "tolerance_of",
]

ScopeKey = tuple[str, str]
FLEET: ScopeKey = ("fleet", "")
UNASSIGNED: ScopeKey = ("unassigned", "")
"""The pseudo-scope of data centers that name no (known) region."""


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
    """Metric -> amount whose timing is unknown or straddles as_of, or that a bound leaves open (watts
    for power metrics)."""
    active_by_basis: dict[str, Power] = field(default_factory=dict)
    """Active power by basis: critical-it, gross, unstated. It sums to active_power."""
    contracted_by_basis: dict[str, Power] = field(default_factory=dict)
    """Contracted power by basis. It sums to contracted_power."""
    unbounded: frozenset[str] = frozenset()
    """Metrics with an amount known only as a lower bound (``">16,000"``): no most they can be."""
    bounded: frozenset[str] = frozenset()
    """Metrics with an amount written as a bound (``~120 MW``, ``">16,000"``): part of their uncertainty."""

    def mixed_bases(self, total: str = "active_power") -> list[str]:
        """The bases of the power in ``total`` (active_power or contracted_power) that may count here."""
        family = BASIS_FAMILIES[total]
        return [b for b in BASES if self.measure(f"{family}.{b}").itemized or f"{family}.{b}" in self.uncertain]

    def measure(self, metric: str) -> Measure:
        """The metric named as reconcile names it (``active_power``, ``gpus_by_sku.h200``, ``regions.general``...).

        Raises:
            KeyError: the metric is not one a rollup computes.
        """
        if not known_metric(metric):
            raise KeyError(metric)
        return Measure(
            metric,
            self._itemized(metric),
            self.uncertain.get(metric, ZERO),
            self.complete,
            is_power_metric(metric),
            metric in self.unbounded,
        )

    def _itemized(self, metric: str) -> Decimal:
        family, _, member = metric.partition(".")
        if family == "power_by_purpose":
            return self.power_by_purpose.get(member, Power.zero()).watts
        if family == "active_by_purpose":
            return self.active_by_purpose.get(member, Power.zero()).watts
        if family == "active_by_basis":
            return self.active_by_basis.get(member, Power.zero()).watts
        if family == "contracted_by_basis":
            return self.contracted_by_basis.get(member, Power.zero()).watts
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
    countries: dict[str, ScopeRollup] = field(default_factory=dict)
    """Every country a data center is in (by its location, else its region), and every set of
    countries a Report or complete_scopes names, by key name (``GB``, ``ES,GB,SE``)."""

    def scope(self, key: ScopeKey) -> ScopeRollup:
        """The rollup of a scope by its key, as ``Scope.key`` gives it.

        Raises:
            KeyError: no such region, data center or host in the inventory.
        """
        kind, name = key
        if kind == "fleet":
            return self.fleet
        table = {
            "region": self.regions,
            "datacenter": self.datacenters,
            "host": self.hosts,
            "country": self.countries,
        }.get(kind)
        if key == UNASSIGNED:
            return self.unassigned
        if table is None:
            raise KeyError(key)
        return table[name]


def _site_tally(dc: DataCenter, inventory: Inventory, day: dt.date, tolerance: Decimal) -> tuple[_Tally, Presence]:
    tally = _Tally()
    state = add_site(tally, dc, day)
    for block in dc.power:
        add_block(tally, block, dc, day, tolerance)
    skus = inventory.skus
    for deployment in dc.gpus:
        add_deployment(tally, deployment, dc, skus, day, tolerance)
    return tally, state


def site_country(dc: DataCenter, inventory: Inventory) -> str | None:
    """The country a data center is in: its location's, else its region's; None when neither is known."""
    if dc.location is not None:
        return dc.location.country
    region = inventory.regions.get(dc.region) if dc.region is not None else None
    return region.country if region is not None else None


def _named_country_scopes(inventory: Inventory) -> set[str]:
    """Keys (``ES,GB,SE``) of the country scopes the Reports and the Fleet's complete_scopes name."""
    scopes = [r.scope for r in inventory.reports.values()]
    if inventory.fleet is not None:
        scopes += inventory.fleet.complete_scopes
    return {s.key[1] for s in scopes if s.country is not None}


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
        active_by_basis={b: watts(f"active_by_basis.{b}") for b in BASES},
        contracted_by_basis={b: watts(f"contracted_by_basis.{b}") for b in BASES},
        unbounded=frozenset(tally.unbounded),
        bounded=frozenset(tally.bounded),
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
    tolerance = tolerance_of(inventory)
    site_tallies: dict[str, _Tally] = {}
    site_states: dict[str, Presence] = {}
    for dc_id, dc in inventory.datacenters.items():
        site_tallies[dc_id], site_states[dc_id] = _site_tally(dc, inventory, as_of, tolerance)
    return assemble(inventory, as_of, site_tallies, site_states)


def assemble(
    inventory: Inventory, as_of: dt.date, site_tallies: Mapping[str, _Tally], site_states: Mapping[str, Presence]
) -> FleetRollup:
    """Every scope's rollup from each site's sums and presence at ``as_of`` (rollup and the series share it).

    Each site's sums are added to its region, its host, its country and the fleet; a region without
    ``since`` counts from its first site in service.
    """
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
    countries: dict[str, _Tally] = {}
    site_countries: dict[str, str | None] = {}
    best_site: dict[str, Presence] = {}
    for dc_id, dc in inventory.datacenters.items():
        tally = site_tallies[dc_id]
        if dc.region is not None and dc.region in inventory.regions:
            tally.region_ids.add(dc.region)
            best_site[dc.region] = max(best_site.get(dc.region, Presence.OUT), site_states[dc_id])
        fleet.merge(tally)
        regions.get(dc.region or "", unassigned).merge(tally)
        if dc.host is not None:
            hosts.setdefault(dc.host, _Tally()).merge(tally)
        country = site_countries[dc_id] = site_country(dc, inventory)
        if country is not None:
            countries.setdefault(country, _Tally()).merge(tally)
    country_sets: dict[str, _Tally] = {}
    for name in _named_country_scopes(inventory) - set(countries):
        merged = country_sets[name] = _Tally()
        for code in name.split(","):
            if code in countries:
                merged.merge(countries[code])
    states = {
        rid: region_presence(r.since, r.until, best_site.get(rid, Presence.MAYBE), as_of)
        for rid, r in inventory.regions.items()
    }

    def build(key: ScopeKey, tally: _Tally, complete: bool) -> ScopeRollup:
        return _build(key, tally, inventory, as_of, fleet_complete or complete, states)

    sites = {}
    for dc_id, dc in inventory.datacenters.items():
        claims = {
            ("datacenter", dc_id),
            ("region", dc.region or ""),
            ("host", dc.host or ""),
            ("country", site_countries[dc_id] or ""),
        }
        sites[dc_id] = build(("datacenter", dc_id), site_tallies[dc_id], bool(claims & covered))
    return FleetRollup(
        as_of=as_of,
        fleet=build(FLEET, fleet, fleet_complete),
        regions={rid: build(("region", rid), t, ("region", rid) in covered) for rid, t in regions.items()},
        datacenters=sites,
        hosts={name: build(("host", name), t, ("host", name) in covered) for name, t in hosts.items()},
        unassigned=build(UNASSIGNED, unassigned, False),
        countries={
            name: build(("country", name), t, _country_covered(name, covered))
            for name, t in sorted({**countries, **country_sets}.items())
        },
    )


def _country_covered(name: str, covered: set[ScopeKey]) -> bool:
    """A set of countries is complete when complete_scopes names it, or names each of its countries."""
    return ("country", name) in covered or all(("country", code) in covered for code in name.split(","))
