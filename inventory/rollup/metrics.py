"""Metrics of a rollup: their names, labels and units, and ``Measure``, one metric of one scope.

API (stable; re-exported by rollup.scopes):
    Measure: .metric, .itemized, .uncertain, .complete, .is_power, .unbounded, .high, .format()
    format_amount(amount, is_power=...), is_power_metric(metric), metric_label(metric), known_metric(metric)
    PURPOSES, BASES, BASIS_FAMILIES, BASIS_LABELS, AVAILABILITIES, POWER_METRICS, COUNT_METRICS, UNKNOWN_SKU
Metric names are as Reports and reconcile name them: ``active_power``, ``gpus_by_sku.h200``,
``regions.general``, ``active_by_basis.critical-it``... Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from inventory.model.units import format_power

PURPOSES = ("ai", "crypto-mining", "other")
BASES = ("critical-it", "gross", "unstated")
"""What power measures: critical IT load, gross utility power, or not stated."""
BASIS_FAMILIES = {"active_power": "active_by_basis", "contracted_power": "contracted_by_basis"}
"""The by-basis family of each power total."""
AVAILABILITIES = ("general", "dedicated")
POWER_METRICS = ("active_power", "contracted_power", "gpu_draw")
"""Metrics measured in watts (besides the ``power_by_purpose.*`` and ``active_by_purpose.*`` families)."""
COUNT_METRICS = ("data_centers", "gpus", "unestimated_gpus", "regions.general", "regions.dedicated", "regions.total")
UNKNOWN_SKU = "?"
"""How metric names write the SKU of GPUs whose SKU is unknown: ``gpus_by_sku.?`` (ids cannot start with ?)."""
ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Measure:
    """One metric of one scope: the itemized (certain) amount, the uncertain amount, completeness.

    Power metrics are in watts; counts are whole numbers (as Decimal, so interval arithmetic is uniform).
    """

    metric: str
    itemized: Decimal
    uncertain: Decimal
    complete: bool
    is_power: bool
    unbounded: bool = False
    """Some amount in it is written as a lower bound only (``">16,000"``): no upper bound, even if complete."""

    @property
    def high(self) -> Decimal | None:
        """The most the true value can be: itemized + uncertain in a complete scope, unbounded otherwise."""
        return self.itemized + self.uncertain if self.complete and not self.unbounded else None

    def format(self, value: Decimal | None = None) -> str:
        """A value of this metric for reading: ``420 MW`` or ``1,234``."""
        amount = self.itemized if value is None else value
        return format_amount(amount, is_power=self.is_power)


def format_amount(amount: Decimal | int, *, is_power: bool) -> str:
    """``420 MW`` for power (watts in, three decimals at most), ``1,234`` for counts."""
    return format_power(Decimal(amount), digits=3) if is_power else f"{int(amount):,}"


_POWER_FAMILIES = ("power_by_purpose.", "active_by_purpose.", "active_by_basis.", "contracted_by_basis.")


def is_power_metric(metric: str) -> bool:
    return metric in POWER_METRICS or metric.startswith(_POWER_FAMILIES)


def metric_label(metric: str) -> str:
    """A metric named for reading: ``active power``, ``GPUs h200``, ``power for crypto-mining``."""
    family, _, member = metric.partition(".")
    if family == "power_by_purpose":
        return f"power for {member}"
    if family == "active_by_purpose":
        return f"active power for {member}"
    if family in ("active_by_basis", "contracted_by_basis"):
        what = "active power" if family == "active_by_basis" else "contracted power"
        return f"{what} ({BASIS_LABELS[member]})"
    if family == "gpus_by_sku":
        return "GPUs of unknown SKU" if member == UNKNOWN_SKU else f"GPUs {member}"
    if family == "regions":
        return {"general": "regions (general)", "dedicated": "regions (dedicated)"}.get(member, "regions (all)")
    return _LABELS.get(metric, metric.replace("_", " "))


BASIS_LABELS = {"critical-it": "critical IT", "gross": "gross", "unstated": "basis unstated"}
_LABELS = {"gpus": "GPUs", "gpu_draw": "estimated GPU draw", "unestimated_gpus": "GPUs without a draw estimate"}


def known_metric(metric: str) -> bool:
    family, _, member = metric.partition(".")
    if family in ("power_by_purpose", "active_by_purpose"):
        return member in PURPOSES
    if family in ("active_by_basis", "contracted_by_basis"):
        return member in BASES
    if family == "gpus_by_sku":
        return bool(member)
    return metric in POWER_METRICS or metric in COUNT_METRICS
