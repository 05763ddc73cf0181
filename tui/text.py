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
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from inventory.base.text import terminal_safe as safe

__all__ = ["Located", "count", "format_value", "plain", "plural", "safe"]


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


class Located:
    """``label file:line after`` on one line when it fits; else the ``file:line`` starts a line of its own.

    A ``file:line`` never breaks inside itself: one longer than the whole width loses its start
    (``…/datacenters/denton.yaml:19``), never its line number. Rich wraps any other text at spaces,
    and folds a word longer than the line, which is how ``denton.yaml:1`` / ``9`` happened.
    """

    def __init__(self, label: Text | None, where: str, after: Text | None = None, style: str = "cyan") -> None:
        self.label = label
        self.where = plain(where, style)
        self.after = after

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        whole = self._line(self.where).cell_len
        return Measurement(min(whole, 12), whole)

    def _line(self, where: Text) -> Text:
        line = Text()
        if self.label is not None:
            line.append_text(self.label)
            line.append(" ")
        line.append_text(where)
        if self.after is not None:
            line.append_text(self.after)
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        line = self._line(self.where)
        if line.cell_len <= width:
            yield line
            return
        if self.label is not None:
            yield self.label
        where = self.where
        if where.cell_len > width:
            where = Text("…", style=str(where.style)) + where[where.cell_len - width + 1 :]
        where.no_wrap = True
        yield where
        if self.after is not None:
            yield self.after
