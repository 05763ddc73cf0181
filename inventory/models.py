"""The inventory format (apiVersion gpufleet/v1) as pydantic models: one class per kind.

These models are the single definition of the format: validation, the generated JSON Schema in
schemas/ and the README's reference all come from them. They check structure and single values;
cross-entity rules (references, duplicate ids, date order, plausibility) live in validation.py.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from inventory import units
from inventory.units import PartialDate, Power, Qualifier

API_VERSION = "gpufleet/v1"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def _plain(parse: Any, code: str) -> Any:
    """Wrap a units parser so its errors become pydantic errors with our diagnostic codes."""

    def validate(value: Any) -> Any:
        try:
            return parse(value)
        except units.NegativeError as exc:
            raise PydanticCustomError("negative-value", str(exc)) from None
        except units.UnitError as exc:
            raise PydanticCustomError("invalid-unit", str(exc)) from None
        except TypeError as exc:
            raise PydanticCustomError("wrong-type", str(exc)) from None
        except ValueError as exc:
            raise PydanticCustomError(code, str(exc)) from None

    return PlainValidator(validate)


PowerValue = Annotated[
    Power,
    _plain(units.parse_power, "invalid-unit"),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": units.POWER_PATTERN, "examples": ["420 MW", "1.6 GW", "700 W"]}),
]
DateValue = Annotated[
    PartialDate,
    _plain(units.parse_date, "invalid-date"),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": units.DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "examples": ["2025-03-31", "2026-06", "2026-Q3", "2026-H1", 2027],
        }
    ),
]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=128)]
Text = Annotated[str, Field(min_length=1)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Purpose = Literal["ai", "crypto-mining", "other"]


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values are never coerced, and frozen."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True, populate_by_name=False
    )


class Cited(Model):
    sources: list[Id] = []
    """Ids of the Sources that back this entry."""
    note: Text | None = None
    """Free text for readers: caveats, what a figure means."""


class Entity(Cited):
    """An entity with a stable id; ``formerly`` records renames so a diff shows a rename."""

    id: Id
    """Stable identifier, unique for its kind (letters, digits, '-', '_', '.')."""
    formerly: list[Id] = []
    """Ids this entity had before a rename."""


class Document(Entity):
    KIND: ClassVar[str]
    api_version: Literal["gpufleet/v1"] = Field(alias="apiVersion")
    """Format version; always gpufleet/v1."""


# ---------------------------------------------------------------------------------------------
# Scopes and figures


class Scope(Model):
    """What a report or a completeness claim covers: the fleet, a region, a data center or a host."""

    fleet: Literal[True] | None = None
    """The whole fleet (the shorthand ``scope: fleet`` means this)."""
    region: Id | None = None
    """One region, by id."""
    datacenter: Id | None = None
    """One data center, by id."""
    host: Text | None = None
    """Every data center whose ``host`` is this text (e.g. Core Scientific)."""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"fleet": True} if data == "fleet" else data

    @model_validator(mode="after")
    def _exactly_one(self) -> Scope:
        chosen = [name for name in ("fleet", "region", "datacenter", "host") if getattr(self, name) is not None]
        if len(chosen) != 1:
            raise PydanticCustomError("invalid-value", "a scope names exactly one of: fleet, region, datacenter, host")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        return {"anyOf": [{"const": "fleet"}, schema]}

    @property
    def key(self) -> tuple[str, str]:
        """A hashable name: ('fleet', ''), ('region', 'US-EAST-01'), ..."""
        for name in ("region", "datacenter", "host"):
            value = getattr(self, name)
            if value is not None:
                return (name, value)
        return ("fleet", "")

    def __str__(self) -> str:
        kind, name = self.key
        return kind if kind == "fleet" else f"{kind} {name}"


_TOLERANCE = re.compile(r"^([0-9]+(\.[0-9]+)?)%$")


class Figure(Cited):
    """A reported figure: a value and how it was qualified (``~`` about, ``>`` more than, ...)."""

    SHORTHAND: ClassVar[str] = ""
    qualifier: Annotated[Qualifier, Field(strict=False)] = Qualifier.EXACT
    """exact, approximately (~), more-than (>), at-least (>=), up-to (<=) or less-than (<)."""
    tolerance: Annotated[str, Field(pattern=_TOLERANCE.pattern)] | None = None
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
    SHORTHAND: ClassVar[str] = units.QUALIFIED_PATTERN + units.POWER_PATTERN[1:]
    value: PowerValue
    """The power figure, with its unit."""

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{self.value}"


Count = Annotated[int, _plain(units.parse_count, "invalid-value"), WithJsonSchema({"type": "integer", "minimum": 0})]


class CountFigure(Figure):
    """A reported count (`33`, `>250,000`, or a mapping with `value:`), and what the source names with it."""

    SHORTHAND: ClassVar[str] = units.QUALIFIED_PATTERN + units.COUNT_PATTERN[1:]
    value: Annotated[
        int,
        _plain(units.parse_count, "invalid-value"),
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


# ---------------------------------------------------------------------------------------------
# Kinds


class ReconcileSettings(Model):
    """How reconciliation with reported figures is judged and reported."""

    tolerance: Annotated[str, Field(pattern=_TOLERANCE.pattern)] = "5%"
    """How far off an approximate (~) figure may be and still match, unless the figure sets its own."""
    mismatches: Literal["error", "warning"] = "error"
    """Severity of a reported figure the itemized inventory contradicts."""
    conflicts: Literal["error", "warning"] = "error"
    """Severity of sources disagreeing: two figures for one scope and date, a count and the names it lists, dates."""

    @property
    def tolerance_fraction(self) -> Decimal:
        return Decimal(self.tolerance[:-1]) / 100


class Fleet(Document):
    """The operator and its inventory as a whole; exactly one per inventory."""

    KIND: ClassVar[str] = "Fleet"
    kind: Literal["Fleet"]
    """Always Fleet."""
    name: Text
    """The operator's name."""
    as_of: DateValue
    """The date the inventory describes: the default date of rollups."""
    complete_scopes: list[Scope] = []
    """Scopes the inventory itemizes completely; every other scope is partial."""
    description: Text | None = None
    """What this inventory is, for a reader."""
    reconcile: ReconcileSettings = ReconcileSettings()
    """Settings for reconciliation with reported figures (tolerance, severities)."""


class Source(Document):
    """Where figures come from: a filing, a release, an article, documentation."""

    KIND: ClassVar[str] = "Source"
    kind: Literal["Source"]
    """Always Source."""
    publisher: Text
    """Who published it."""
    title: Text
    """Its title."""
    date: DateValue | None = None
    """When it was published (omit when unknown)."""
    type: Literal["filing", "press-release", "article", "docs", "report", "other"]
    """What sort of source it is."""
    url: Text | None = None
    """Where to read it."""
    confidence: Literal["primary", "secondary", "weak"] | None = None
    """primary: the issuer's own document; secondary: press quoting it; weak: one unverified mention."""
    pages: Text | None = None
    """Pages or sections the figures come from."""

    @property
    def citation(self) -> str:
        """``publisher: title (date)``, the date left out when unknown."""
        when = f" ({self.date})" if self.date is not None else ""
        return f"{self.publisher}: {self.title}{when}"


class Region(Document):
    """A cloud region."""

    KIND: ClassVar[str] = "Region"
    kind: Literal["Region"]
    """Always Region."""
    name: Text | None = None
    """Display name."""
    availability: Literal["general", "dedicated"]
    """general: open to all customers; dedicated: for selected customers."""
    country: CountryCode
    """Country (ISO 3166 alpha-2 code, e.g. US)."""
    state: Text | None = None
    """State or province."""
    city: Text | None = None
    """City, where public."""
    since: DateValue | None = None
    """When it opened (or opens)."""
    until: DateValue | None = None
    """When it closed (or closes)."""


class Location(Model):
    city: Text | None = None
    """City or town."""
    county: Text | None = None
    """County."""
    state: Text | None = None
    """State or province."""
    country: CountryCode
    """Country (ISO 3166 alpha-2 code)."""


class PowerAllocation(Entity):
    """A block of power at a data center."""

    capacity: PowerValue
    """The block's power, with its unit."""
    basis: Literal["critical-it", "gross"] | None = None
    """critical-it: power for the IT load; gross: utility power including cooling. Unstated if omitted."""
    purpose: Purpose = "ai"
    """ai, crypto-mining or other; ai when omitted."""
    contracted_on: DateValue | None = None
    """When the block was contracted."""
    energized_on: DateValue | None = None
    """When it was (or will be) energized: it counts as active from then."""
    ended_on: DateValue | None = None
    """When it stopped counting."""


class GpuDeployment(Entity):
    """GPUs of one SKU installed at a data center."""

    sku: Id | None = None
    """The GpuSku id; omitted when the source does not say which GPUs."""
    gpus: Annotated[int, Field(ge=0)]
    """How many GPUs."""
    racks: Annotated[int, Field(ge=0)] | None = None
    """How many racks hold them (NVL72 systems)."""
    nodes: Annotated[int, Field(ge=0)] | None = None
    """How many servers hold them (8-GPU nodes)."""
    installed_on: DateValue | None = None
    """When they went into service."""
    retired_on: DateValue | None = None
    """When they left service."""


class DataCenter(Document):
    """A site (or part of one) that receives power: owned, leased or hosted."""

    KIND: ClassVar[str] = "DataCenter"
    kind: Literal["DataCenter"]
    """Always DataCenter."""
    name: Text
    """Display name."""
    region: Id | None = None
    """The Region id it serves, when known."""
    location: Location | None = None
    """Where it is (no street addresses needed)."""
    host: Text | None = None
    """Landlord or colocation provider, when not the operator."""
    tenure: Literal["owned", "leased", "colocated", "hosted"] | None = None
    """How the operator holds the site."""
    since: DateValue | None = None
    """When it first received power for the operator."""
    until: DateValue | None = None
    """When it closed."""
    power: list[PowerAllocation] = []
    """Power blocks at the site."""
    gpus: list[GpuDeployment] = []
    """GPU deployments at the site."""


class GpuSku(Document):
    """A GPU product, with the power a deployed GPU draws."""

    KIND: ClassVar[str] = "GpuSku"
    kind: Literal["GpuSku"]
    """Always GpuSku."""
    name: Text
    """Product name."""
    vendor: Text
    """Maker."""
    architecture: Text | None = None
    """GPU architecture (Hopper, Blackwell, ...)."""
    memory: Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)? ?(GB|TB)$")] | None = None
    """Memory per GPU, with its unit ("141 GB")."""
    max_power: PowerValue | None = None
    """The GPU's own maximum power."""
    system_power: PowerValue | None = None
    """Whole-system draw divided by its GPUs (rack or node power per GPU): used for GPU draw estimates."""
    gpus_per_system: Annotated[int, Field(ge=1)] | None = None
    """GPUs in one rack or node."""
    form_factor: Text | None = None
    """How it is packaged (HGX 8-GPU board, NVL72 rack, PCIe card)."""
    announced: DateValue | None = None
    """When it was announced."""
    available: DateValue | None = None
    """When it became available."""


class Report(Document):
    """Figures one source reported for one scope at one date."""

    KIND: ClassVar[str] = "Report"
    kind: Literal["Report"]
    """Always Report."""
    source: Id
    """The Source id that reported these figures."""
    as_of: DateValue
    """The date the figures describe."""
    stated_as_of: Text | None = None
    """The date as the source words it, when it differs ("end of April")."""
    scope: Scope
    """What the figures cover."""
    figures: Figures
    """The reported figures."""


KINDS: dict[str, type[Document]] = {cls.KIND: cls for cls in (Fleet, Source, Region, DataCenter, GpuSku, Report)}
"""Every kind, by the name documents give it."""
