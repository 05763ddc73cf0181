"""Checks that need the whole inventory: references, duplicate ids inside a site, date order
(with site_contents.py: a site's since and until bound its power and GPUs, racks and nodes against
their SKU's gpus_per_system), implausible sizes, renames, and the checkable parts of documents that
failed validation.

``Checker(inventory, diagnostics).run()`` is called by ``linking.link`` once the Inventory is
built; every problem becomes a located Diagnostic. Pure: reads no file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity, suggest
from inventory.base.text import location
from inventory.check.documents import Origin
from inventory.check.site_contents import bounded_by_site, systems
from inventory.model.kinds import (
    DataCenter,
    Figures,
    Fleet,
    GpuDeployment,
    GpuSku,
    PowerAllocation,
    Region,
    Report,
    Scope,
)
from inventory.model.units import POWER_UNITS, PartialDate

if TYPE_CHECKING:
    from inventory.check.inventory import Inventory

MAX_BLOCK_POWER = 50 * POWER_UNITS["GW"]
"""One power allocation above this is a typo (the largest campuses planned are about 5 GW)."""
MAX_GPU_POWER = 20 * POWER_UNITS["kW"]
"""A GPU's own or per-GPU system power above this is a typo (today's are 0.6 to 2 kW)."""
MAX_DEPLOYMENT_GPUS = 10_000_000
"""One deployment of more GPUs than this is a typo."""


def where_of(origin: Origin) -> str:
    line, col = origin.locate(("id",))
    return location(origin.file, line, col)


def report_error(
    diagnostics: Diagnostics,
    origin: Origin,
    code: str,
    message: str,
    path: tuple[str | int, ...] = (),
    *,
    key: bool = False,
    related: tuple[Origin, ...] = (),
) -> None:
    diagnostics.add(origin.diagnostic(code, message, path, key=key, related=related))


def _items(data: dict[str, Any], name: str) -> list[Any]:
    items = data.get(name)
    return items if isinstance(items, list) else []


def _nested_fields(model: type[Any]) -> list[tuple[str, str]]:
    """(attribute, name as written) of the fields of ``model`` that may hold models: the only ones
    a walk for ``sources`` needs to enter. Computed once per class."""
    found = _NESTED.get(model)
    if found is None:
        found = [
            (name, info.alias or name)
            for name, info in model.model_fields.items()
            if name != "sources" and _holds_model(info.annotation)
        ]
        _NESTED[model] = found
    return found


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return True
    return any(_holds_model(arg) for arg in getattr(annotation, "__args__", ()))


_NESTED: dict[type[Any], list[tuple[str, str]]] = {}


class Checker:
    """The cross-entity checks, one method per concern."""

    def __init__(self, inventory: Inventory, diagnostics: Diagnostics) -> None:
        self.inv = inventory
        self.diagnostics = diagnostics

    def run(self, *, fleet_elsewhere: bool = False) -> None:
        inv = self.inv
        if inv.fleet is None and inv.files and not fleet_elsewhere:
            self.diagnostics.add(
                Diagnostic(
                    inv.files[0],
                    None,
                    None,
                    "missing-fleet",
                    Severity.ERROR,
                    "the inventory has no Fleet document (one `kind: Fleet` with id, name and as_of)",
                )
            )
        for kind, entity in inv.entities():
            origin = inv.origins[(kind, entity.id)]
            self.sources(entity, origin)
            checker = getattr(self, f"check_{kind.lower()}", None)
            if checker is not None:
                checker(entity, origin)
        for (kind, _), origin in inv.invalid.items():
            self.check_invalid(kind, origin)
        for kind in ("Region", "DataCenter", "GpuSku", "Source", "Report"):
            entities = inv.by_kind(kind)
            renamed = [(e, inv.origins[(kind, e.id)]) for e in entities.values() if e.formerly]
            if renamed:
                self.renames(kind, renamed, set(entities))
        for dc in inv.datacenters.values():
            for name in ("power", "gpus"):
                items = getattr(dc, name)
                renamed_items = [(i, x) for i, x in enumerate(items) if x.formerly]
                if renamed_items:  # origins only for the rare renamed item: a fleet has ~18,000 deployments
                    origin = inv.origins[("DataCenter", dc.id)]
                    pairs = [(x, origin.at((name, i))) for i, x in renamed_items]
                    self.renames(name, pairs, {x.id for x in items})

    def renames(self, what: str, entities: list[tuple[Any, Origin]], ids: set[str]) -> None:
        """A rename recorded in ``formerly`` must be unambiguous, or diff would pair the wrong entities."""
        claimed: dict[str, tuple[str, Origin]] = {}
        for entity, origin in entities:
            for i, old in enumerate(entity.formerly):
                path = ("formerly", i)
                if old == entity.id:
                    message = f"{what} {entity.id!r} lists its own id in formerly"
                    report_error(self.diagnostics, origin, "rename-conflict", message, path)
                elif old in ids:
                    message = f"{what} {entity.id!r} was formerly {old!r}, but {old!r} is still defined"
                    report_error(self.diagnostics, origin, "rename-conflict", message, path)
                elif old in claimed:
                    other, first = claimed[old]
                    message = f"{what} {entity.id!r} and {other!r} both say they were formerly {old!r}"
                    report_error(self.diagnostics, origin, "rename-conflict", message, path, related=(first,))
                else:
                    claimed[old] = (entity.id, origin)

    def check_invalid(self, kind: str, origin: Origin) -> None:
        """The parts of a document that failed validation which can still be checked: the sources
        it cites, the references it makes and, in a data center, every power block and GPU
        deployment that is valid on its own. So one run reports every problem, not one layer."""
        data = origin.document.data
        self.raw_sources(data, origin, ())
        if kind == "DataCenter":
            region = data.get("region")
            if isinstance(region, str) and not self.inv.defines("Region", region):
                self.unknown("unknown-region", "region", region, origin, ("region",), self.inv.regions)
            for i, item in enumerate(_items(data, "power")):
                try:
                    block = PowerAllocation.model_validate(item)
                except ValidationError:
                    continue  # its own errors are reported already
                self.check_allocation(block, origin.at(("power", i)))
            for i, item in enumerate(_items(data, "gpus")):
                try:
                    deployment = GpuDeployment.model_validate(item)
                except ValidationError:  # its own errors are reported already; its SKU can still be checked
                    sku = item.get("sku") if isinstance(item, dict) else None
                    if isinstance(sku, str) and not self.inv.defines("GpuSku", sku):
                        self.unknown("unknown-sku", "GPU SKU", sku, origin, ("gpus", i, "sku"), self.inv.skus)
                    continue
                self.check_deployment(deployment, origin.at(("gpus", i)))
        elif kind == "Report":
            source = data.get("source")
            if isinstance(source, str) and not self.inv.defines("Source", source):
                self.unknown("unknown-source", "source", source, origin, ("source",), self.inv.sources)
            try:
                scope = Scope.model_validate(data.get("scope"))
            except ValidationError:
                return
            self.scope(scope, origin, ("scope",))

    def raw_sources(self, data: Any, origin: Origin, path: tuple[str | int, ...]) -> None:
        """``sources:`` lists, at any depth of raw data, name defined Sources."""
        if isinstance(data, list):
            for i, item in enumerate(data):
                self.raw_sources(item, origin, (*path, i))
        elif isinstance(data, dict):
            for k, item in data.items():
                if k == "sources" and isinstance(item, list):
                    for i, source_id in enumerate(item):
                        if isinstance(source_id, str) and not self.inv.defines("Source", source_id):
                            where = (*path, "sources", i)
                            self.unknown("unknown-source", "source", source_id, origin, where, self.inv.sources)
                else:
                    self.raw_sources(item, origin, (*path, k))

    # -- references --------------------------------------------------------------------------

    def sources(self, entity: Any, origin: Origin, path: tuple[str | int, ...] = ()) -> None:
        """Every ``sources:`` list, at any depth, names defined Sources."""
        if isinstance(entity, list):
            for i, item in enumerate(entity):
                self.sources(item, origin, (*path, i))
            return
        if isinstance(entity, dict):
            for k, item in entity.items():
                self.sources(item, origin, (*path, k))
            return
        if not hasattr(type(entity), "model_fields"):
            return
        for i, source_id in enumerate(getattr(entity, "sources", ())):
            if not self.inv.defines("Source", source_id):
                self.unknown("unknown-source", "source", source_id, origin, (*path, "sources", i), self.inv.sources)
        for name, written in _nested_fields(type(entity)):
            value = getattr(entity, name)
            if value is not None:
                self.sources(value, origin, (*path, written))

    def unknown(
        self, code: str, what: str, id_: str, origin: Origin, path: tuple[str | int, ...], known: dict[str, Any]
    ) -> None:
        report_error(self.diagnostics, origin, code, f"unknown {what} {id_!r}{suggest(id_, known)}", path)

    def scope(self, scope: Scope, origin: Origin, path: tuple[str | int, ...]) -> None:
        if scope.region is not None and not self.inv.defines("Region", scope.region):
            self.unknown("unknown-region", "region", scope.region, origin, (*path, "region"), self.inv.regions)
        if scope.datacenter is not None and not self.inv.defines("DataCenter", scope.datacenter):
            self.unknown(
                "unknown-datacenter",
                "data center",
                scope.datacenter,
                origin,
                (*path, "datacenter"),
                self.inv.datacenters,
            )

    # -- per kind ----------------------------------------------------------------------------

    def check_fleet(self, fleet: Fleet, origin: Origin) -> None:
        for i, scope in enumerate(fleet.complete_scopes):
            self.scope(scope, origin, ("complete_scopes", i))

    def check_region(self, region: Region, origin: Origin) -> None:
        self.order(region.since, region.until, origin, "since", "until", "a region cannot close before it opens")

    def check_gpusku(self, sku: GpuSku, origin: Origin) -> None:
        for name in ("max_power", "system_power"):
            power = getattr(sku, name)
            if power is not None and power.watts > MAX_GPU_POWER:
                report_error(
                    self.diagnostics, origin, "absurd-value", f"{name} {power} per GPU is beyond any GPU made", (name,)
                )
        self.order(
            sku.announced, sku.available, origin, "announced", "available", "a GPU cannot ship before it is announced"
        )

    def check_datacenter(self, dc: DataCenter, origin: Origin) -> None:
        if dc.region is not None and not self.inv.defines("Region", dc.region):
            self.unknown("unknown-region", "region", dc.region, origin, ("region",), self.inv.regions)
        self.order(dc.since, dc.until, origin, "since", "until", "a site cannot close before it opens")
        self.unique_ids(dc.power, origin, "power", "power allocation")
        self.unique_ids(dc.gpus, origin, "gpus", "GPU deployment")
        for i, block in enumerate(dc.power):
            self.check_allocation(block, origin.at(("power", i)), dc)
        for i, deployment in enumerate(dc.gpus):
            self.check_deployment(deployment, origin.at(("gpus", i)), dc)

    def check_allocation(self, block: PowerAllocation, origin: Origin, dc: DataCenter | None = None) -> None:
        if block.capacity.watts > MAX_BLOCK_POWER:
            report_error(
                self.diagnostics,
                origin,
                "absurd-value",
                f"{block.capacity} in one power block is beyond any site",
                ("capacity",),
            )
        energized_early = self.order(
            block.contracted_on,
            block.energized_on,
            origin,
            "contracted_on",
            "energized_on",
            "a block cannot be energized before it is contracted",
        )
        for i, plan in enumerate(block.planned):
            if block.contracted_on is not None and plan.date.certainly_before(block.contracted_on):
                message = (
                    f"planned {plan.date} is before contracted_on {block.contracted_on}: a block cannot be"
                    " planned to be energized before it is contracted"
                )
                report_error(self.diagnostics, origin, "date-order", message, ("planned", i, "date"))
        # one finding per date: a date already out of order with the block's own is not checked again
        energized = None if energized_early else block.energized_on
        bounded_by_site(
            self.diagnostics, dc, origin, ("energized_on", energized), ("ended_on", block.ended_on), "energized"
        )
        if not self.order(
            block.energized_on,
            block.ended_on,
            origin,
            "energized_on",
            "ended_on",
            "a block cannot end before it is energized",
        ):  # one finding per date: ended_on before contracted_on is checked only when not already reported
            self.order(
                block.contracted_on,
                block.ended_on,
                origin,
                "contracted_on",
                "ended_on",
                "a block cannot end before it is contracted",
            )

    def check_deployment(self, deployment: GpuDeployment, origin: Origin, dc: DataCenter | None = None) -> None:
        if deployment.sku is not None and not self.inv.defines("GpuSku", deployment.sku):
            self.unknown("unknown-sku", "GPU SKU", deployment.sku, origin, ("sku",), self.inv.skus)
        if deployment.gpus > MAX_DEPLOYMENT_GPUS:
            report_error(
                self.diagnostics,
                origin,
                "absurd-value",
                f"{deployment.gpus:,} GPUs in one deployment is beyond any fleet",
                ("gpus",),
            )
        retired_early = self.order(
            deployment.installed_on,
            deployment.retired_on,
            origin,
            "installed_on",
            "retired_on",
            "GPUs cannot retire before they are installed",
        )
        retired = None if retired_early else deployment.retired_on
        bounded_by_site(
            self.diagnostics,
            dc,
            origin,
            ("installed_on", deployment.installed_on),
            ("retired_on", retired),
            "installed",
        )
        systems(self.diagnostics, self.inv.skus, deployment, origin)

    def check_report(self, report: Report, origin: Origin) -> None:
        if not self.inv.defines("Source", report.source):
            self.unknown("unknown-source", "source", report.source, origin, ("source",), self.inv.sources)
        self.scope(report.scope, origin, ("scope",))
        figures: Figures = report.figures
        for sku in figures.gpus_by_sku:
            if not self.inv.defines("GpuSku", sku):
                message = f"unknown GPU SKU {sku!r}{suggest(sku, self.inv.skus)}"
                path = ("figures", "gpus_by_sku", sku)
                self.diagnostics.add(origin.diagnostic("unknown-sku", message, path, key=True))

    # -- helpers -----------------------------------------------------------------------------

    def order(
        self,
        first: PartialDate | None,
        then: PartialDate | None,
        origin: Origin,
        first_name: str,
        then_name: str,
        why: str,
    ) -> bool:
        """Report ``then`` certainly before ``first``; True when it was reported."""
        if first is not None and then is not None and then.certainly_before(first):
            report_error(
                self.diagnostics,
                origin,
                "date-order",
                f"{then_name} {then} is before {first_name} {first}: {why}",
                (then_name,),
            )
            return True
        return False

    def unique_ids(self, items: list[Any], origin: Origin, field_name: str, what: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                first = origin.at((field_name, seen[item.id]))
                report_error(
                    self.diagnostics,
                    origin.at((field_name, i)),
                    "duplicate-id",
                    f"{what} {item.id!r} is also defined at {where_of(first)}",
                    ("id",),
                    related=(first,),
                )
            else:
                seen[item.id] = i
