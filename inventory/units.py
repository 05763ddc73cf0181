"""Values with meaning: power with a unit, partial dates, and qualified report figures.

Power is held as an exact Decimal number of watts, so sums never drift. Dates may be partial
(2026, 2026-06, 2026-Q3, 2026-H1) and are held as the span of days they may mean. Pure: parsing
raises ValueError with a message meant for the user; the models turn it into a diagnostic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# ---------------------------------------------------------------------------------------------
# Power

POWER_UNITS: dict[str, Decimal] = {
    "W": Decimal(1),
    "kW": Decimal(10) ** 3,
    "MW": Decimal(10) ** 6,
    "GW": Decimal(10) ** 9,
}
POWER_PATTERN = r"^[0-9][0-9,_]*(\.[0-9]+)? ?(W|kW|MW|GW)$"
"""What the JSON Schema accepts; ``parse_power`` says more precisely what is wrong."""

_POWER = re.compile(r"\s*(?P<num>[-+]?[0-9][0-9,_]*(?:\.[0-9]+)?|[-+]?\.[0-9]+)\s*(?P<unit>[A-Za-z]+)?\s*\Z")


class UnitError(ValueError):
    """A power figure without a unit or with an unknown one."""


class NegativeError(ValueError):
    """A power or count below zero."""


@dataclass(frozen=True, slots=True, order=True)
class Power:
    """An exact amount of power, in watts."""

    watts: Decimal

    def __add__(self, other: Power) -> Power:
        return Power(self.watts + other.watts)

    def __sub__(self, other: Power) -> Power:
        return Power(self.watts - other.watts)

    def __mul__(self, factor: int) -> Power:
        return Power(self.watts * factor)

    __rmul__ = __mul__

    def __str__(self) -> str:
        return format_power(self.watts)

    @classmethod
    def zero(cls) -> Power:
        return cls(Decimal(0))


def parse_power(value: Any) -> Power:
    """Parse ``"420 MW"``, ``"1.6 GW"``, ``"10.2 kW"``, ``"700 W"``, ``"1,600 MW"``."""
    if isinstance(value, Power):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"expected power as text with a unit, like '420 MW', got {type_name(value)}")
    if isinstance(value, (int, float)):
        raise UnitError(f"{value} has no unit; write it with one, like '{value} MW'")
    match = _POWER.match(value)
    if match is None:
        raise UnitError(f"{value!r} is not a power figure; write a number and a unit, like '420 MW'")
    number, unit = match["num"], match["unit"]
    if unit is None:
        raise UnitError(f"{value!r} has no unit; write it with one, like '{number} MW'")
    if unit not in POWER_UNITS:
        hint = next((u for u in POWER_UNITS if u.lower() == unit.lower()), None)
        known = ", ".join(POWER_UNITS)
        suffix = f"; did you mean {hint}?" if hint else f" (known units: {known})"
        raise UnitError(f"unknown power unit {unit!r} in {value!r}{suffix}")
    try:
        amount = Decimal(number.replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise UnitError(f"{value!r} is not a number with a unit") from None
    if amount < 0:
        raise NegativeError(f"power cannot be negative: {value!r}")
    return Power(amount * POWER_UNITS[unit])


def format_power(watts: Decimal | int, unit: str | None = None) -> str:
    """Render watts in a readable unit: ``Decimal(420e6)`` -> ``"420 MW"``, ``1.6e9`` -> ``"1.6 GW"``."""
    watts = Decimal(watts)
    if unit is None:
        magnitude = abs(watts)
        unit = "W"
        for name in ("GW", "MW", "kW"):
            if magnitude >= POWER_UNITS[name]:
                unit = name
                break
    amount = watts / POWER_UNITS[unit]
    text = f"{amount:,.3f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


# ---------------------------------------------------------------------------------------------
# Partial dates

_DATE = re.compile(r"(?P<y>[0-9]{4})(?:-(?:(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?|Q(?P<q>[1-4])|H(?P<h>[1-2])))?\Z")
DATE_PATTERN = r"^[0-9]{4}(-([0-9]{2}(-[0-9]{2})?|Q[1-4]|H[12]))?$"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A day, month, quarter, half or year, held as the first and last day it may mean."""

    text: str
    first: dt.date
    last: dt.date

    def __str__(self) -> str:
        return self.text

    @property
    def exact(self) -> bool:
        return self.first == self.last

    def certainly_before(self, other: PartialDate) -> bool:
        """True when every day this may mean is before every day ``other`` may mean."""
        return self.last < other.first


def parse_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, dt.date)):
        raise TypeError(f"expected a date like 2025-03-31, 2026-Q3 or 2026, got {type_name(value)}")
    if isinstance(value, dt.date):
        return PartialDate(value.isoformat(), value, value)
    text = str(value)
    match = _DATE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY")
    year = int(match["y"])
    try:
        if match["d"]:
            day = dt.date(year, int(match["m"]), int(match["d"]))
            return PartialDate(text, day, day)
        if match["m"]:
            month = int(match["m"])
            return PartialDate(text, dt.date(year, month, 1), _month_end(year, month))
        if match["q"]:
            q = int(match["q"])
            return PartialDate(text, dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
        if match["h"]:
            h = int(match["h"])
            return PartialDate(text, dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None
    return PartialDate(text, dt.date(year, 1, 1), dt.date(year, 12, 31))


def _month_end(year: int, month: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(month)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# ---------------------------------------------------------------------------------------------
# Qualified figures


class Qualifier(str, enum.Enum):
    EXACT = "exact"
    APPROXIMATELY = "approximately"
    MORE_THAN = "more-than"
    AT_LEAST = "at-least"
    UP_TO = "up-to"
    LESS_THAN = "less-than"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATELY: "~",
    Qualifier.MORE_THAN: ">",
    Qualifier.AT_LEAST: ">=",
    Qualifier.UP_TO: "<=",
    Qualifier.LESS_THAN: "<",
}
_PREFIXES = sorted(((sym, q) for q, sym in _SYMBOLS.items() if sym), key=lambda p: -len(p[0]))
QUALIFIED_PATTERN = r"^(~|>=|<=|>|<)? ?"


def split_qualifier(text: str) -> tuple[Qualifier, str]:
    """``"~1.6 GW"`` -> ``(APPROXIMATELY, "1.6 GW")``; no prefix means exact."""
    stripped = text.strip()
    for symbol, qualifier in _PREFIXES:
        if stripped.startswith(symbol):
            return qualifier, stripped[len(symbol) :].strip()
    return Qualifier.EXACT, stripped


def parse_count(value: Any) -> int:
    """A count: an integer, or text with thousands separators (``"250,000"``)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"expected a whole number, got {type_name(value)}")
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("_", "")
        if not re.fullmatch(r"[-+]?[0-9]+", cleaned):
            raise ValueError(f"{value!r} is not a whole number")
        value = int(cleaned)
    if value < 0:
        raise NegativeError(f"a count cannot be negative: {value}")
    return value


def type_name(value: Any) -> str:
    """How a YAML value's type is named to a user."""
    if value is None:
        return "nothing (null)"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
