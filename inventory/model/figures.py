"""Scopes and reported figures: what a Report covers and the qualified values it gives.

A figure is written as shorthand (``~1.6 GW``, ``">250,000"``) or in long form with a qualifier,
a tolerance and the source's own words. models.py re-exports these classes.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from inventory.model import units
from inventory.model.base import Basis, Cited, CountryCode, Id, Model, PowerValue, Text, plain_validator
from inventory.model.units import Qualifier

# ---------------------------------------------------------------------------------------------
# Scopes and figures


class Scope(Model):
    """What a report or a completeness claim covers: the fleet, a region, a data center, a host or countries."""

    fleet: Literal[True] | None = None
    """The whole fleet (the shorthand ``scope: fleet`` means this)."""
    region: Id | None = None
    """One region, by id."""
    datacenter: Id | None = None
    """One data center, by id."""
    host: Text | None = None
    """Every data center whose ``host`` is this text (e.g. Core Scientific)."""
    country: CountryCode | Annotated[list[CountryCode], Field(min_length=1)] | None = None
    """Every data center in this country, or in these countries (``[GB, ES, SE]`` for a source's "Europe")."""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"fleet": True} if data == "fleet" else data

    @model_validator(mode="after")
    def _exactly_one(self) -> Scope:
        chosen = [name for name in SCOPE_KINDS if getattr(self, name) is not None]
        if len(chosen) != 1:
            raise PydanticCustomError("invalid-value", f"a scope names exactly one of: {', '.join(SCOPE_KINDS)}")
        return self

    @property
    def countries(self) -> tuple[str, ...]:
        """The country codes of a country scope, sorted and once each (empty for other scopes)."""
        if self.country is None:
            return ()
        return tuple(sorted({self.country} if isinstance(self.country, str) else set(self.country)))

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        return {"anyOf": [{"const": "fleet"}, schema]}

    @property
    def key(self) -> tuple[str, str]:
        """A hashable name: ('fleet', ''), ('region', 'US-EAST-01'), ('country', 'ES,GB,SE'), ..."""
        if self.country is not None:
            return ("country", ",".join(self.countries))
        for name in ("region", "datacenter", "host"):
            value = getattr(self, name)
            if value is not None:
                return (name, value)
        return ("fleet", "")

    def __str__(self) -> str:
        kind, name = self.key
        return scope_text(kind, name)


SCOPE_KINDS = ("fleet", "region", "datacenter", "host", "country")
"""The ways a scope is named; a scope names exactly one."""


def scope_text(kind: str, name: str) -> str:
    """A scope key for reading: ``fleet``, ``region US-EAST-01``, ``countries ES, GB, SE``."""
    if kind == "fleet":
        return "fleet"
    if kind == "country" and "," in name:
        return "countries " + name.replace(",", ", ")
    return f"{kind} {name}"


TOLERANCE = re.compile(r"^([0-9]{1,6}(\.[0-9]{1,6})?)%$")
"""A tolerance: a percentage (``5%``)."""


class Figure(Cited):
    """A reported figure: a value and how it was qualified (``~`` about, ``>`` more than, ...)."""

    SHORTHAND: ClassVar[str] = ""
    qualifier: Annotated[Qualifier, Field(strict=False)] = Qualifier.EXACT
    """exact, approximately (~), more-than (>), at-least (>=), up-to (<=) or less-than (<)."""
    tolerance: Annotated[str, Field(pattern=TOLERANCE.pattern)] | None = None
    """For approximately: how far off still matches, as a percentage ("5%")."""
    quote: Text | None = None
    """The source's own words for this figure."""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            qualifier, rest = units.split_qualifier(data)
            return {"value": rest, "qualifier": qualifier.value}
        if isinstance(data, int) and not isinstance(data, bool):
            return {"value": data}
        return data

    @property
    def tolerance_fraction(self) -> Decimal | None:
        return None if self.tolerance is None else Decimal(self.tolerance[:-1]) / 100

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        return {"anyOf": [{"type": "string", "pattern": cls.SHORTHAND}, schema]}


class PowerFigure(Figure):
    """A reported power (`~1.6 GW`, `">360 MW"`, or a mapping with `value:`), and the basis it is stated on."""

    SHORTHAND: ClassVar[str] = units.QUALIFIED_PATTERN + units.POWER_PATTERN[1:]
    value: PowerValue
    """The power figure, with its unit."""
    basis: Basis | None = None
    """What it measures: critical-it or gross; the Report's basis (or unstated) if omitted."""

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{self.value}"


class CountFigure(Figure):
    """A reported count (`33`, `>250,000`, or a mapping with `value:`), and what the source names with it."""

    SHORTHAND: ClassVar[str] = units.QUALIFIED_PATTERN + units.COUNT_PATTERN[1:]
    value: Annotated[
        int,
        plain_validator(units.parse_count, "invalid-value"),
        WithJsonSchema(
            {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": units.COUNT_PATTERN}]}
        ),
    ]
    """The count."""
    named: list[Text] = []
    """What the source names for this count, as it names them (e.g. the states of the regions it counts)."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        return {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": cls.SHORTHAND}, schema]}

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{self.value:,}"


class RegionCounts(Model):
    general: CountFigure | None = None
    """Regions in general availability."""
    dedicated: CountFigure | None = None
    """Regions with dedicated access for selected customers."""
    total: CountFigure | None = None
    """All regions."""


class PurposePower(Model):
    model_config = ConfigDict(populate_by_name=False)
    ai: PowerFigure | None = None
    """Power for AI / HPC workloads."""
    crypto_mining: PowerFigure | None = Field(default=None, alias="crypto-mining")
    """Power reserved for cryptocurrency mining."""
    other: PowerFigure | None = None
    """Power for anything else."""


class Figures(Model):
    data_centers: CountFigure | None = None
    """Number of data centers (powered sites) in the scope."""
    active_power: PowerFigure | None = None
    """Power energized and in use."""
    contracted_power: PowerFigure | None = None
    """Power contracted, energized or not."""
    power_by_purpose: PurposePower | None = None
    """Power split by purpose (ai, crypto-mining, other)."""
    gpus: CountFigure | None = None
    """GPUs of every SKU."""
    gpus_by_sku: dict[Id, CountFigure] = {}
    """GPUs per SKU id."""
    regions: RegionCounts | None = None
    """Number of regions, by availability."""
