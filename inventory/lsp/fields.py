"""What the models say a place in a document holds: the model of a mapping, its fields, the choices
of a field, whether a value is a power or a date. Completion and hover read the format here, from
the pydantic models themselves, so they follow the format as it changes.
"""

from __future__ import annotations

import types as pytypes
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from inventory.model.kinds import KINDS
from inventory.model.units import PartialDate, Power


def leaves(annotation: Any) -> list[Any]:
    """The types an annotation allows, unwrapped from Optional, unions, Annotated and lists."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return leaves(typing.get_args(annotation)[0])
    if origin in (typing.Union, pytypes.UnionType, list):
        return [t for arg in typing.get_args(annotation) for t in leaves(arg)]
    return [annotation]


def fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """The field names as documents write them (aliases: ``apiVersion``, ``crypto-mining``)."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for t in leaves(annotation):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
    return None


def _mapping_values(annotation: Any) -> Any | None:
    """The value type of a ``dict[...]`` field (``gpus_by_sku``), else None."""
    for t in leaves(annotation):
        if typing.get_origin(t) is dict:
            return typing.get_args(t)[1]
    return None


def field_at(kind: str | None, keys: Sequence[str]) -> FieldInfo | None:
    """The field the last of ``keys`` names, inside a document of ``kind`` (list items skipped)."""
    if kind not in KINDS or not keys:
        return None
    model = model_at(kind, keys[:-1])
    if model is None:
        return None
    return fields(model).get(keys[-1])


def model_at(kind: str | None, keys: Sequence[str]) -> type[BaseModel] | None:
    """The model of the mapping reached through ``keys`` in a document of ``kind``."""
    if kind not in KINDS:
        return None
    model: type[BaseModel] | None = KINDS[kind]
    values: Any | None = None
    for key in keys:
        if values is not None:  # a key of a mapping field (a SKU id): its value's model
            model, values = _model_in(values), None
            continue
        if model is None:
            return None
        info = fields(model).get(key)
        if info is None:
            return None
        values = _mapping_values(info.annotation)
        model = None if values is not None else _model_in(info.annotation)
    return model if values is None else None


def choices(info: FieldInfo) -> list[str]:
    """The values a field allows when it is a choice (``Literal``), as text."""
    out: list[str] = []
    for t in leaves(info.annotation):
        if typing.get_origin(t) is typing.Literal:
            out += [str(v).lower() if isinstance(v, bool) else str(v) for v in typing.get_args(t)]
    return out


def holds(info: FieldInfo | None, value_type: type) -> bool:
    return info is not None and any(t is value_type for t in leaves(info.annotation))


def is_date(info: FieldInfo | None) -> bool:
    return holds(info, PartialDate)


def is_power(info: FieldInfo | None) -> bool:
    return holds(info, Power)
