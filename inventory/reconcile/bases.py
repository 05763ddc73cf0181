"""Power of several bases in reconciliation: a figure's basis against the power of that basis.

API:
    by_basis(scope, figure, total) -> (Measure, finding or None)
No PUE is assumed, so power of another basis is never converted into the figure's: it widens the
range the figure is judged against, and the finding (mixed-basis) says so. Pure.
"""

from __future__ import annotations

from inventory.reconcile.figures import ReportedFigure
from inventory.rollup.scopes import BASIS_FAMILIES, Measure, ScopeRollup, format_amount, metric_label


def by_basis(scope: ScopeRollup, figure: ReportedFigure, total: Measure) -> tuple[Measure, str | None]:
    """What the inventory allows for a power total of the figure's basis, and why it is a range.

    A figure of one basis is compared with the power of that basis; power of another basis (or an
    unstated one) cannot be converted, so it widens the range instead of adding to the sum: a
    critical-IT figure gets other power counted from 0 to its capacity (IT load is at most the
    gross), a gross figure gets at least its capacity with no upper bound. A figure that states
    no basis is compared with the sum, which is named as a sum across bases when the scope mixes
    critical-IT and gross power. Returns the measure to reconcile and the mixed-basis finding.
    """
    family = BASIS_FAMILIES[figure.metric]
    bases = scope.mixed_bases(figure.metric)
    parts = ", ".join(f"{_amount(scope, f'{family}.{b}')} {_BASIS_WORDS[b]}" for b in bases)
    basis = figure.basis
    if basis is None:
        if "critical-it" in bases and "gross" in bases:
            note = (
                f"{figure.report_id} {figure.metric} {figure.text} states no basis; the inventory's"
                f" {metric_label(figure.metric)} is a sum across bases ({parts})"
            )
            return total, note
        return total, None
    others = [b for b in bases if b != basis]
    if not others:
        return total, None
    same = scope.measure(f"{family}.{basis}")
    if basis == "critical-it":
        widened = total.itemized + total.uncertain - same.itemized
        measure = Measure(total.metric, same.itemized, widened, total.complete, True, total.unbounded)
        how = "counted from nothing to its capacity (critical IT is at most the gross)"
    else:
        measure = Measure(total.metric, total.itemized, total.uncertain, total.complete, True, True)
        how = "counted as at least its capacity (gross is at least the IT load)"
    note = (
        f"{figure.report_id} {figure.metric} {figure.text} is {_BASIS_WORDS[basis]}; the scope's power is {parts}:"
        f" power of another basis is {how}"
    )
    return measure, note


_BASIS_WORDS = {"critical-it": "critical IT", "gross": "gross", "unstated": "of unstated basis"}


def _amount(scope: ScopeRollup, metric: str) -> str:
    m = scope.measure(metric)
    more = f" (+{format_amount(m.uncertain, is_power=True)})" if m.uncertain else ""
    return format_amount(m.itemized, is_power=True) + more
