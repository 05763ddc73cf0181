"""Text from the inventory, made safe to show: never interpreted as markup or escape sequences.

Every string that comes from a user's file (ids, names, messages, paths) reaches the screen
through ``safe`` or ``plain``: control characters become visible ``\\x1b`` escapes and the result
is a ``rich.text.Text``, which Textual never parses as markup. Also the small number formats the
panes share.
"""

from __future__ import annotations

import enum
from typing import Any

from pydantic import BaseModel
from rich.text import Text

from inventory.base.text import terminal_safe as safe

__all__ = ["count", "format_value", "plain", "plural", "safe"]


def plain(value: object, style: str = "") -> Text:
    """A ``Text`` holding ``value`` literally: ``[bold]`` stays the seven characters it is."""
    return Text(safe(value), style=style, no_wrap=False)


def count(n: int | None, unit: str = "") -> str:
    """``12000`` -> ``"12,000"`` (with `` unit`` when given); None -> ``"?"``."""
    if n is None:
        return "?"
    return f"{n:,}{' ' + unit if unit else ''}"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def format_value(value: Any) -> str | None:
    """A field's value as text with its unit, or None when there is nothing to show."""
    if value is None or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return count(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, list):
        return ", ".join(format_value(v) or "" for v in value)
    if isinstance(value, BaseModel) and type(value).__str__ is not BaseModel.__str__:  # a Scope: "fleet"
        return str(value)
    if isinstance(value, BaseModel) and "country" in type(value).model_fields:  # a Location
        return ", ".join(str(getattr(value, f)) for f in ("city", "county", "state", "country") if getattr(value, f))
    if isinstance(value, BaseModel):
        shown = ((name.replace("_", " "), format_value(getattr(value, name))) for name in type(value).model_fields)
        return ", ".join(f"{name} {text}" for name, text in shown if text is not None)
    return str(value)
