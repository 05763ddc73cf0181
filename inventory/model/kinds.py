"""The inventory format (apiVersion gpufleet/v1) as pydantic models: one class per kind.

These models are the single definition of the format: validation, the generated JSON Schema in
schemas/ and the README's reference all come from them. They check structure and single values;
cross-entity rules (references, duplicate ids, date order, plausibility) live in linking.py.
The value types and base models live in model_base.py, scopes and figures in figure_models.py;
both are re-exported here, so ``from inventory.model.kinds import ...`` reaches the whole format.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Field,
    GetJsonSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from inventory.model.base import (
    API_VERSION,
    ID_PATTERN,
    AsOfValue,
    Basis,
    Cited,
    CountryCode,
    DateValue,
    Entity,
    Id,
    Kind,
    Model,
    PowerValue,
    Purpose,
    QualifiedCountValue,
    QualifiedPowerValue,
    Text,
)
from inventory.model.figures import (
    TOLERANCE,
    CountFigure,
    Figure,
    Figures,
    PowerFigure,
    PurposePower,
    RegionCounts,
    Scope,
)

__all__ = [
    "API_VERSION",
    "ID_PATTERN",
    "KINDS",
    "TOLERANCE",
    "AsOfValue",
    "Basis",
    "Cited",
    "CountFigure",
    "CountryCode",
    "DataCenter",
    "DateValue",
    "Entity",
    "Figure",
    "Figures",
    "Fleet",
    "GpuDeployment",
    "GpuSku",
    "Id",
    "Kind",
    "Location",
    "Model",
    "OneOrList",
    "PlannedDate",
    "PowerAllocation",
    "PowerFigure",
    "PowerValue",
    "Purpose",
    "PurposePower",
    "ReconcileSettings",
    "Region",
    "RegionCounts",
    "Report",
    "Scope",
    "Source",
    "Text",
]

# ---------------------------------------------------------------------------------------------
# Kinds


class ReconcileSettings(Model):
    """How reconciliation with reported figures is judged and reported."""

    tolerance: Annotated[str, Field(pattern=TOLERANCE.pattern)] = "5%"
    """How far off an approximate (~) figure may be and still match, unless the figure sets its own."""
    mismatches: Literal["error", "warning"] = "error"
    """Severity of a reported figure the itemized inventory contradicts."""
    conflicts: Literal["error", "warning"] = "error"
    """Severity of sources disagreeing: two figures for one scope and date, a count and the names it lists, dates."""

    @property
    def tolerance_fraction(self) -> Decimal:
        return Decimal(self.tolerance[:-1]) / 100


class Fleet(Kind):
    """The operator and its inventory as a whole; exactly one per inventory."""

    KIND: ClassVar[str] = "Fleet"
    kind: Literal["Fleet"]
    """Always Fleet."""
    name: Text
    """The operator's name."""
    as_of: AsOfValue
    """The date the inventory describes: the default date of rollups."""
    complete_scopes: list[Scope] = []
    """Scopes the inventory itemizes completely; every other scope is partial."""
    description: Text | None = None
    """What this inventory is, for a reader."""
    reconcile: ReconcileSettings = ReconcileSettings()
    """Settings for reconciliation with reported figures (tolerance, severities)."""


class Source(Kind):
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


class Region(Kind):
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


class PlannedDate(Cited):
    """A date a block was planned to be energized: a date, or a mapping with when the plan was stated."""

    date: DateValue
    """The date it was planned for."""
    stated_on: DateValue | None = None
    """When the plan was stated (the source's date), so a later plan reads as a revision."""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"date": data}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        date = handler.resolve_ref_schema(schema)["properties"]["date"]
        return {"anyOf": [date, schema]}


class OneOrList:
    """JSON Schema of a list field that also takes one item alone (``planned: 2025-Q4``)."""

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        return {"anyOf": [schema["items"], schema]}


class PowerAllocation(Entity):
    """A block of power at a data center."""

    capacity: QualifiedPowerValue
    """The block's power, with its unit; with a qualifier when a source gives only a bound (``~120 MW``)."""
    basis: Basis | None = None
    """critical-it: power for the IT load; gross: utility power including cooling. Unstated if omitted."""
    purpose: Purpose = "ai"
    """ai, crypto-mining or other; ai when omitted."""
    contracted_on: DateValue | None = None
    """When the block was contracted."""
    energized_on: DateValue | None = None
    """When it was energized (or, in the future, is expected to be): it counts as active from then."""
    planned: Annotated[list[PlannedDate], OneOrList()] = []
    """When it was planned to be energized, oldest plan first (one date or a list): a slip is data."""
    ended_on: DateValue | None = None
    """When it stopped counting."""

    @field_validator("planned", mode="before")
    @classmethod
    def _one_plan(cls, value: Any) -> Any:
        return value if isinstance(value, list) else [value]


class GpuDeployment(Entity):
    """GPUs of one SKU installed at a data center."""

    sku: Id | None = None
    """The GpuSku id; omitted when the source does not say which GPUs."""
    gpus: QualifiedCountValue
    """How many GPUs; with a qualifier when a source gives only a bound (``">16,000"``)."""
    racks: Annotated[int, Field(ge=0)] | None = None
    """How many racks hold them (NVL72 systems)."""
    nodes: Annotated[int, Field(ge=0)] | None = None
    """How many servers hold them (8-GPU nodes)."""
    installed_on: DateValue | None = None
    """When they went into service."""
    retired_on: DateValue | None = None
    """When they left service."""


class DataCenter(Kind):
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


class GpuSku(Kind):
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
    """GPUs in one rack or node: a deployment's racks (or nodes) times this is its GPUs."""
    system: Literal["rack", "node"] | None = None
    """What gpus_per_system counts: a rack or a node (when omitted: a rack above 16 GPUs, else a node)."""
    form_factor: Text | None = None
    """How it is packaged (HGX 8-GPU board, NVL72 rack, PCIe card)."""
    announced: DateValue | None = None
    """When it was announced."""
    available: DateValue | None = None
    """When it became available."""


class Report(Kind):
    """Figures one source reported for one scope at one date."""

    KIND: ClassVar[str] = "Report"
    kind: Literal["Report"]
    """Always Report."""
    source: Id
    """The Source id that reported these figures."""
    as_of: AsOfValue
    """The date the figures describe."""
    stated_as_of: Text | None = None
    """The date as the source words it, when it differs ("end of April")."""
    scope: Scope
    """What the figures cover."""
    basis: Basis | None = None
    """What its power figures measure (critical-it or gross), unless a figure states its own; unstated if omitted."""
    figures: Figures
    """The reported figures."""


KINDS: dict[str, type[Kind]] = {cls.KIND: cls for cls in (Fleet, Source, Region, DataCenter, GpuSku, Report)}
"""Every kind, by the name documents give it."""
