"""The format's building blocks: value types (power, dates, ids) and the base models.

Every model forbids unknown keys, never coerces a value and is frozen. Value types wrap the parsers
of units.py so that their errors carry gpufleet's diagnostic codes. models.py re-exports them.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError, PydanticKnownError

from inventory.model import amounts, units
from inventory.model.units import PartialDate, Power

API_VERSION = "gpufleet/v1"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def plain_validator(parse: Any, code: str) -> Any:
    """Wrap a units parser so its errors become pydantic errors with our diagnostic codes."""

    def validate(value: Any) -> Any:
        try:
            return parse(value)
        except units.NegativeError as exc:
            raise PydanticCustomError("negative-value", str(exc)) from None
        except units.TooLargeError as exc:
            raise PydanticCustomError("number-too-large", str(exc)) from None
        except units.UnitError as exc:
            raise PydanticCustomError("invalid-unit", str(exc)) from None
        except TypeError as exc:
            raise PydanticCustomError("wrong-type", str(exc)) from None
        except ValueError as exc:
            raise PydanticCustomError(code, str(exc)) from None

    return PlainValidator(validate)


PowerValue = Annotated[
    Power,
    plain_validator(units.parse_power, "invalid-unit"),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": units.POWER_PATTERN, "examples": ["420 MW", "1.6 GW", "700 W"]}),
]
DateValue = Annotated[
    PartialDate,
    plain_validator(units.parse_date, "invalid-date"),
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
QualifiedPowerValue = Annotated[
    Power,
    plain_validator(amounts.parse_qualified_power, "invalid-unit"),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": units.QUALIFIED_PATTERN + units.POWER_PATTERN[1:],
            "examples": ["420 MW", "~120 MW", ">50 MW"],
        }
    ),
]
"""Itemized power: as PowerValue, or with a qualifier when a source gives only a bound (``~120 MW``)."""


def _qualified_count(value: Any) -> int:
    """An itemized count; a plain number's errors are pydantic's own, so messages name the field."""
    if isinstance(value, str) and units.split_qualifier(value)[0] is not units.Qualifier.EXACT:
        try:
            return amounts.parse_qualified_count(value)
        except units.NegativeError as exc:
            raise PydanticCustomError("negative-value", str(exc)) from None
        except ValueError as exc:
            raise PydanticCustomError("invalid-value", str(exc)) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticKnownError("int_type")
    if value < 0:
        raise PydanticKnownError("greater_than_equal", {"ge": 0})
    return int(value)


QualifiedCountValue = Annotated[
    int,
    PlainValidator(_qualified_count),
    PlainSerializer(lambda v: v if type(v) is int else str(v)),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": amounts.QUALIFIED_COUNT_PATTERN},
            ],
            "examples": [16000, ">16,000", "~5,000"],
        }
    ),
]
"""An itemized count: a whole number, or text with a qualifier when a source gives only a bound."""
AsOfValue = Annotated[
    PartialDate,
    plain_validator(units.parse_as_of, "invalid-date"),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": units.AS_OF_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "examples": ["2025-03-31", "2025-Q1", 2025],
        }
    ),
]
"""A date to evaluate at: as DateValue, but never "on or before"."""
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=128)]
Text = Annotated[str, Field(min_length=1)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Purpose = Literal["ai", "crypto-mining", "other"]
Basis = Literal["critical-it", "gross"]
"""What a power figure measures: critical-it, the IT load; gross, utility power including cooling."""


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values are never coerced, and frozen."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True, populate_by_name=False
    )


class Cited(Model):
    sources: list[Id] = Field(default_factory=list)
    """Ids of the Sources that back this entry."""
    note: Text | None = None
    """Free text for readers: caveats, what a figure means."""


class Entity(Cited):
    """An entity with a stable id; ``formerly`` records renames so a diff shows a rename."""

    id: Id
    """Stable identifier, unique for its kind (letters, digits, '-', '_', '.')."""
    formerly: list[Id] = Field(default_factory=list)
    """Ids this entity had before a rename."""


class Kind(Entity):
    KIND: ClassVar[str]
    api_version: Literal["gpufleet/v1"] = Field(alias="apiVersion")
    """Format version; always gpufleet/v1."""
