"""The one JSON rule of every gpufleet output: exact numbers, stable shapes, UTF-8 text.

Watts and counts are JSON integers; a fraction (a fraction of a watt, a ``~`` bound of a count)
is a decimal string (``"31.35"``), so nothing is ever rounded or turned into a float. Every JSON
presenter (validate, rollup, reconcile, diff) encodes through ``dumps``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def exact(value: Decimal | int) -> int | str:
    """A number for JSON without rounding: an integer when whole, else a decimal string (``"31.35"``)."""
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def watts(value: Decimal | int) -> int | str:
    """Exact watts: an integer (a decimal string only for a fraction of a watt, e.g. from '0.5 W')."""
    return exact(value)


def dumps(payload: Any) -> str:
    """``payload`` as indented JSON with a final newline; a Decimal anywhere is encoded exactly.

    Each ``##[`` of the data is written ``#\\u0023[``: the same string to a JSON reader, but no legacy
    GitHub workflow command in a CI log that shows the output. (A JSON line cannot start with
    ``::``: it starts with a brace, a bracket, or spaces and a quote.)
    """
    text = json.dumps(payload, indent=2, ensure_ascii=False, default=_default)
    return (text.replace("##[", "#\\u0023[") if "##[" in text else text) + "\n"


def _default(value: object) -> object:
    if isinstance(value, Decimal):
        return exact(value)
    raise TypeError(f"not JSON: {type(value).__name__}")
