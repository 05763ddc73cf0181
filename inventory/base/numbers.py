"""Exact arithmetic that cannot fail: the Decimal context every gpufleet computation runs in.

Power is exact decimal watts. Python's default Decimal context keeps 28 digits and raises on an
invalid operation, so a 25-digit power rounded to three decimals (``quantize``) raised
``InvalidOperation``, and a huge exponent ``Overflow``. The reader bounds what comes in (whole
numbers up to 15 digits, powers up to 15 digits before the point and 15 after); this context bounds
what is computed from it: 60 digits (a sum of a billion of the largest powers stays exact), an
exponent range no input reaches, and no trap, so an impossible operation gives NaN or Infinity
(shown as such) instead of an exception. ``install()`` makes it the context of the running thread
and the default of threads started later (the TUI's workers); importing ``inventory.model.units``
installs it.
"""

from __future__ import annotations

import decimal

PRECISION = 60
EXPONENT_LIMIT = 10_000


def safe_context() -> decimal.Context:
    """A fresh context: 60 digits, half-even rounding, exponents within ±10,000, no traps."""
    return decimal.Context(
        prec=PRECISION,
        rounding=decimal.ROUND_HALF_EVEN,
        Emax=EXPONENT_LIMIT,
        Emin=-EXPONENT_LIMIT,
        capitals=1,
        clamp=0,
        flags=[],
        traps=[],
    )


def install() -> None:
    """Make the safe context current here and the default of every thread started from now on."""
    default = decimal.DefaultContext
    default.prec, default.rounding = PRECISION, decimal.ROUND_HALF_EVEN
    default.Emax, default.Emin = EXPONENT_LIMIT, -EXPONENT_LIMIT
    default.traps = dict.fromkeys(default.traps, False)
    decimal.setcontext(safe_context())


def is_finite(value: decimal.Decimal) -> bool:
    return value.is_finite()
