"""Values with meaning: power with a unit, partial dates, and qualified report figures.

Power is held as an exact Decimal number of watts, so sums never drift. Dates may be partial
(2026, 2026-06, 2026-Q3, 2026-H1) and are held as the span of days they may mean. Pure: parsing
raises ValueError with a message meant for the user; the models turn it into a diagnostic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from inventory.base import numbers

numbers.install()  # every Decimal operation from here on runs in a context that cannot raise

_NO_DOCSTRINGS = {"use_attribute_docstrings": False}
"""pydantic config for the dataclasses below, which models.py wraps in its own validators: without
it, pydantic re-reads this module's source once for each field of those types (~35 ms per start)."""

# ---------------------------------------------------------------------------------------------
# Power

POWER_UNITS: dict[str, Decimal] = {
    "W": Decimal(1),
    "kW": Decimal(10) ** 3,
    "MW": Decimal(10) ** 6,
    "GW": Decimal(10) ** 9,
}
MAX_DIGITS = 15
"""Most digits of a whole number (a count, or a power before its point): up to 999,999,999,999,999."""
MAX_DECIMALS = 15
"""Most digits of a power after its point (50.000000001 GW is 9)."""
NUMBER_PATTERN = r"([0-9]{1,3}([,_][0-9]{3}){1,4}|[0-9]{1,15})"
"""A whole number of at most 15 digits, bare (1600) or with separators between groups of three (1,600 or 1_600)."""
_DECIMAL = rf"{NUMBER_PATTERN}(\.[0-9]{{1,{MAX_DECIMALS}}})?"
POWER_PATTERN = rf"^{_DECIMAL} ?(W|kW|MW|GW)$"
"""The one way power is written: the JSON Schema uses it and ``parse_power`` accepts exactly it."""
COUNT_PATTERN = rf"^{NUMBER_PATTERN}$"
"""A count written as text ("250,000"): the JSON Schema uses it and ``parse_count`` accepts exactly it."""

_POWER = re.compile(rf"(?P<num>{_DECIMAL}) ?(?P<unit>W|kW|MW|GW)\Z")
_LOOSE_POWER = re.compile(r"\s*(?P<sign>[-+])?(?P<num>[0-9][0-9,_]*(?:\.[0-9]*)?|\.[0-9]+)\s*(?P<unit>[A-Za-z]+)?\s*\Z")
_COUNT = re.compile(rf"{NUMBER_PATTERN}\Z")
_LOOSE_COUNT = re.compile(r"\s*(?P<sign>[-+])?[0-9][0-9,_]*\s*\Z")


class UnitError(ValueError):
    """A power figure without a unit or with an unknown one."""


class NegativeError(ValueError):
    """A power or count below zero."""


class TooLargeError(ValueError):
    """A number with more digits than MAX_DIGITS (or a power with more decimals than MAX_DECIMALS)."""


def _digits_problem(number: str, original: str) -> TooLargeError | None:
    """TooLargeError when ``number`` (digits, separators, one point) has too many digits; else None."""
    whole, _, fraction = number.replace(",", "").replace("_", "").partition(".")
    shown = original if len(original) <= 40 else original[:39] + "…"
    if len(whole.lstrip("0")) > MAX_DIGITS:
        return TooLargeError(f"{shown!r} is too large a number; gpufleet reads at most {MAX_DIGITS} digits")
    if len(fraction) > MAX_DECIMALS:
        return TooLargeError(f"{shown!r} is more precise than gpufleet reads (at most {MAX_DECIMALS} decimals)")
    return None


@dataclass(frozen=True, slots=True, order=True)
class Power:
    """An exact amount of power, in watts."""

    watts: Decimal
    __pydantic_config__ = _NO_DOCSTRINGS

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
    """Parse ``"420 MW"``, ``"1.6 GW"``, ``"10.2 kW"``, ``"700 W"``, ``"1,600 MW"``.

    Accepts exactly what ``POWER_PATTERN`` (and so the JSON Schema) accepts.

    Raises:
        TypeError: the value is not text (nor a number, which lacks a unit).
        NegativeError: the power is below zero.
        UnitError: anything else, with a message saying how to write it.
    """
    if isinstance(value, Power):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"expected power as text with a unit, like '420 MW', got {type_name(value)}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise NegativeError(f"power cannot be negative: {value}")
        raise UnitError(f"{value} has no unit; write it with one, like '{value} MW'")
    match = _POWER.match(value)
    if match is None:
        raise _power_problem(value)
    return Power(_decimal(match["num"]) * POWER_UNITS[match["unit"]])


def _power_problem(value: str) -> ValueError:
    """Why ``value`` is not power as gpufleet writes it, as the error to raise."""
    stripped = value.strip()
    qualifier = next((sym for sym, _ in _PREFIXES if stripped.startswith(sym)), None)
    if qualifier is not None:
        return UnitError(
            f"{_cut(value)!r}: a qualifier does not go inside a value; write the power alone here (a report figure"
            f" takes it as shorthand, {_cut(stripped)!r}, or in `qualifier:`)"
        )
    match = _LOOSE_POWER.match(value)
    if match is None:
        return UnitError(f"{_cut(value)!r} is not a power figure; write a number and a unit, like '420 MW'")
    number, unit = match["num"], match["unit"]
    too_large = _digits_problem(number, value)
    if too_large is not None and match["sign"] != "-":
        return too_large
    if match["sign"] == "-":
        return NegativeError(f"power cannot be negative: {_cut(value)!r}")
    if unit is None:
        return UnitError(f"{_cut(value)!r} has no unit; write it with one, like '{number} MW'")
    if unit not in POWER_UNITS:
        hint = next((u for u in POWER_UNITS if u.lower() == unit.lower()), None)
        suffix = f"; did you mean {hint}?" if hint else f" (known units: {', '.join(POWER_UNITS)})"
        return UnitError(f"unknown power unit {unit!r} in {_cut(value)!r}{suffix}")
    whole = number.split(".")[0]
    if whole and not re.fullmatch(NUMBER_PATTERN, whole):
        return UnitError(
            f"{_cut(value)!r}: ',' and '_' separate groups of three digits (1,600 MW); decimals take a '.' (1.6 GW)"
        )
    return UnitError(
        f"{_cut(value)!r} is not written the way power is; write {_plain_decimal(_decimal(number)) + ' ' + unit!r}"
    )


def format_power(watts: Decimal | int, unit: str | None = None, *, digits: int | None = None) -> str:
    """Render watts in ``unit`` or else the largest unit it reaches; exactly unless ``digits`` is given.

    ``Decimal(420e6)`` -> ``"420 MW"``, ``1.6e9`` -> ``"1.6 GW"``, ``1234567`` -> ``"1.234567 MW"``.
    Exact by default, so ``parse_power(format_power(w)).watts == w`` for every power gpufleet reads;
    ``digits=3`` rounds computed figures for reading (``81.9336 MW`` -> ``81.934 MW``).
    """
    watts = Decimal(watts)
    if unit is None:
        magnitude = abs(watts)
        unit = next((name for name in ("GW", "MW", "kW") if magnitude >= POWER_UNITS[name]), "W")
    amount = watts / POWER_UNITS[unit]
    if digits is not None:
        amount = amount.quantize(Decimal(1).scaleb(-digits))
    return f"{_plain_decimal(amount)} {unit}"


def _decimal(number: str) -> Decimal:
    """``"1,600.5"`` -> ``Decimal("1600.5")`` (the text is already known to be digits and separators)."""
    return Decimal(number.replace(",", "").replace("_", ""))


def _plain_decimal(amount: Decimal) -> str:
    """``Decimal("1.500E+3")`` -> ``"1,500"``: thousands separators, no exponent, no trailing zeros."""
    if amount == 0:
        return "0"
    return f"{amount.normalize():,f}"


# ---------------------------------------------------------------------------------------------
# Partial dates

_DATE = re.compile(r"(?P<y>[1-9][0-9]{3})(?:-(?:(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?|Q(?P<q>[1-4])|H(?P<h>[1-2])))?\Z")
DATE_PATTERN = r"^(<= ?)?[1-9][0-9]{3}(-((0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?|Q[1-4]|H[12]))?$"
"""What the JSON Schema accepts; it cannot know month lengths, so ``parse_date`` also refuses 2025-02-30."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A day, month, quarter, half or year, held as the first and last day it may mean.

    ``<=2024-12-31`` (on or before) is a span open to the past: ``first`` is ``date.min``.
    """

    text: str
    first: dt.date
    last: dt.date
    __pydantic_config__ = _NO_DOCSTRINGS

    def __str__(self) -> str:
        return self.text

    @property
    def exact(self) -> bool:
        return self.first == self.last

    def certainly_before(self, other: PartialDate) -> bool:
        """True when every day this may mean is before every day ``other`` may mean."""
        return self.last < other.first


def parse_date(value: Any) -> PartialDate:
    """Parse ``2025-03-31``, ``2026-06``, ``2026-Q3``, ``2026-H1``, ``2026`` or ``<=2024-12-31``.

    Raises:
        TypeError: the value is neither text nor a whole number.
        ValueError: it is not one of those forms, or not a real day.
    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, dt.date)):
        raise TypeError(f"expected a date like 2025-03-31, 2026-Q3 or 2026, got {type_name(value)}")
    if isinstance(value, dt.date):
        return PartialDate(value.isoformat(), value, value)
    return _parse_date_text(str(value))


@functools.lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> PartialDate:
    """``parse_date`` of text, cached: a large fleet repeats the same few thousand days (PartialDate is frozen)."""
    if text.startswith("<="):  # on or before: known only to have happened by that date
        bound = text[3:] if text.startswith("<= ") else text[2:]
        if not bound.startswith("<"):
            return PartialDate(text, dt.date.min, _parse_date_text(bound).last)
    match = _DATE.match(text)
    if match is None:
        raise ValueError(
            f"{_cut(text)!r} is not a date; write YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY,"
            " or <=DATE for on or before"
        )
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
        raise ValueError(f"{_cut(text)!r} is not a real date") from None
    return PartialDate(text, dt.date(year, 1, 1), dt.date(year, 12, 31))


def parse_as_of(value: Any) -> PartialDate:
    """A date that names a day, a month, a quarter, a half or a year: not ``<=DATE``.

    Raises:
        ValueError: not a date, or an "on or before" date, which names no day to evaluate at.
    """
    date = parse_date(value)
    if date.text.startswith("<="):
        raise ValueError(f"{date.text!r}: an as-of date is one day (or a month, quarter, year), not 'on or before'")
    return date


AS_OF_PATTERN = DATE_PATTERN.replace("^(<= ?)?", "^")
"""DATE_PATTERN without the "on or before" form."""


def as_of_day(value: Any) -> dt.date:
    """The day an as-of date means: a partial date's last day (``2025-Q1`` -> 2025-03-31).

    Raises:
        ValueError: not a date, or an "on or before" date (``<=2024``), which names no day.
    """
    return parse_as_of(value).last


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
QUALIFIED_PATTERN = r"^((~|>=|<=|>|<) ?)?"
"""The optional qualifier that starts a shorthand figure (one space may follow it)."""


def split_qualifier(text: str) -> tuple[Qualifier, str]:
    """``"~1.6 GW"`` -> ``(APPROXIMATELY, "1.6 GW")``; no prefix means exact.

    Removes the prefix and the one space ``QUALIFIED_PATTERN`` allows after it, nothing else, so
    the rest is checked exactly as the JSON Schema checks it.
    """
    for symbol, qualifier in _PREFIXES:
        if text.startswith(symbol):
            rest = text[len(symbol) :]
            return qualifier, rest[1:] if rest.startswith(" ") else rest
    return Qualifier.EXACT, text


def parse_count(value: Any) -> int:
    """A count: an integer, or text as ``COUNT_PATTERN`` has it (``"250000"``, ``"250,000"``).

    Raises:
        TypeError: the value is neither a whole number nor text.
        NegativeError: the count is below zero.
        ValueError: the text is not a whole number.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"expected a whole number, got {type_name(value)}")
    if isinstance(value, str) and _COUNT.match(value) is None:
        loose = _LOOSE_COUNT.match(value)
        if loose is not None and loose["sign"] != "-" and (problem := _digits_problem(value.strip(" +"), value)):
            raise problem
        if loose is not None and loose["sign"] == "-":
            raise NegativeError(f"a count cannot be negative: {value}")
        if loose is not None and ("," in value or "_" in value):
            raise ValueError(f"{value!r}: ',' and '_' separate groups of three digits (250,000)")
        raise ValueError(f"{_cut(value)!r} is not a whole number; write it like 250000 or '250,000'")
    count = int(_decimal(value)) if isinstance(value, str) else value
    if count > MAX_COUNT:
        raise TooLargeError(f"{count:,} is too large a count; gpufleet reads counts up to {MAX_COUNT:,}")
    if count < 0:
        raise NegativeError(f"a count cannot be negative: {count}")
    return count


MAX_COUNT = 10**MAX_DIGITS - 1
"""The largest count read (a YAML integer beyond it is number-too-large already in the reader)."""


def _cut(text: str) -> str:
    """Text from the data as a message quotes it: at most 40 characters."""
    return text if len(text) <= 40 else text[:39] + "…"


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
