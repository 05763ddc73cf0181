"""Qualified itemized amounts: a block's capacity or a deployment's GPUs known only as a bound.

``capacity: "~120 MW"`` and ``gpus: ">16,000"`` parse into the same Power and int the rest of the
code reads, carrying their qualifier (``QualifiedPower``, ``QualifiedCount``); exact amounts stay a
plain ``Power`` and ``int``. ``amount_range`` gives the least and the most such an amount may be,
which rollups carry into reconciliation. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from inventory.model.units import (
    NUMBER_PATTERN,
    NegativeError,
    Power,
    Qualifier,
    format_power,
    parse_count,
    parse_power,
    split_qualifier,
    type_name,
)


@dataclass(frozen=True, slots=True)
class QualifiedPower(Power):
    """Power written with a qualifier (``~120 MW``, ``>50 MW``): an itemized amount known as a bound.

    Exact power is a plain ``Power``; only a qualified one is of this type, so ``~120 MW`` never
    equals ``120 MW`` (a diff sees the qualifier change) while ``.watts`` reads the same.
    """

    qualifier: Qualifier = Qualifier.EXACT

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{format_power(self.watts)}"


class QualifiedCount(int):
    """A count written with a qualifier (``">16,000"``): an int whose arithmetic gives plain ints.

    Exact counts are plain ``int``; a qualified one equals only a count with the same qualifier.
    """

    qualifier: Qualifier

    def __new__(cls, value: int, qualifier: Qualifier) -> QualifiedCount:
        count = super().__new__(cls, value)
        count.qualifier = qualifier
        return count

    def __eq__(self, other: object) -> bool:
        return isinstance(other, int) and int(self) == int(other) and qualifier_of(other) is self.qualifier

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = int.__hash__

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{int(self):,}"

    def __format__(self, spec: str) -> str:
        """Formatted as a count, with its qualifier in front: ``f"{n:,}"`` gives ``>16,000``."""
        return f"{self.qualifier.symbol}{int(self).__format__(spec)}"

    __repr__ = __str__


def qualifier_of(amount: object) -> Qualifier:
    """The qualifier an itemized amount was written with (exact for a plain int or Power)."""
    return getattr(amount, "qualifier", Qualifier.EXACT)


QUALIFIED_COUNT_PATTERN = r"^(~|>=|<=|>|<) ?" + NUMBER_PATTERN + "$"
"""An itemized count written as text must carry a qualifier (``">16,000"``); exact counts are numbers."""


def parse_qualified_power(value: Any) -> Power:
    """``"420 MW"`` as ``parse_power``, or with a qualifier in front: ``"~120 MW"``, ``">50 MW"``.

    Raises:
        As ``parse_power``, for the part after the qualifier.
    """
    if isinstance(value, str):
        qualifier, rest = split_qualifier(value)
        if qualifier is not Qualifier.EXACT:
            return QualifiedPower(parse_power(rest).watts, qualifier)
    return parse_power(value)


def parse_qualified_count(value: Any) -> int:
    """A whole number (``16000``), or text with a qualifier: ``">16,000"``, ``"~5,000"``.

    Raises:
        TypeError: neither a whole number nor text with a qualifier.
        NegativeError: below zero.
        ValueError: not a whole number after the qualifier.
    """
    if isinstance(value, str):
        qualifier, rest = split_qualifier(value)
        if qualifier is Qualifier.EXACT:
            raise TypeError(
                f"expected a whole number, got text {value!r}; write a count as a number (16000), or as text"
                " with a qualifier when a source gives only a bound ('>16,000', '~5,000')"
            )
        return QualifiedCount(parse_count(rest), qualifier)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {type_name(value)}")
    if value < 0:
        raise NegativeError(f"a count cannot be negative: {value}")
    return int(value)


def amount_range(
    value: Decimal, qualifier: Qualifier, tolerance: Decimal, *, whole: bool = False
) -> tuple[Decimal, Decimal | None]:
    """The least and the most a qualified itemized amount may be (None: no upper bound).

    ``~120 MW`` at 5 % -> (114 MW, 126 MW); ``>16,000`` GPUs -> (16,001, None); ``<=10 MW`` -> (0, 10 MW).
    For a count (``whole``) the bounds are whole numbers inside the range.
    """
    if qualifier is Qualifier.EXACT:
        return value, value
    step = Decimal(1) if whole else Decimal(0)
    if qualifier is Qualifier.APPROXIMATELY:
        low, high = value * (1 - tolerance), value * (1 + tolerance)
        if whole:
            low, high = low.to_integral_value(rounding="ROUND_CEILING"), high.to_integral_value(rounding="ROUND_FLOOR")
        return max(low, Decimal(0)), high
    if qualifier is Qualifier.MORE_THAN:
        return value + step, None
    if qualifier is Qualifier.AT_LEAST:
        return value, None
    if qualifier is Qualifier.UP_TO:
        return Decimal(0), value
    return Decimal(0), max(value - step, Decimal(0))  # less than
