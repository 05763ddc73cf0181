"""The timeline of a scope: the same series ``gpufleet chart`` draws, for the TUI's timeline view.

Monthly from the earliest Report to the Fleet's as_of (``reconcile.timeline.default_span``), the
scope's active and contracted power and GPUs with what may also count, and every reported figure of
that scope as a marker with its status: the engine's check results, as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from inventory.reconcile.timeline import ScopeSeries, default_span, scope_series, series_days, timeline
from tui.model.nodes import NodeKey
from tui.model.view import FleetView


@dataclass(frozen=True, slots=True)
class ScopeTimeline:
    title: str
    series: ScopeSeries


def scope_timeline(view: FleetView, key: NodeKey) -> ScopeTimeline | None:
    """The series of the scope at or above ``key``; None when the inventory has no Fleet (no dates)."""
    inventory = view.inventory
    span = default_span(inventory)
    if span is None:
        return None
    scope = view.scope_of(key)
    rollup_key = ("fleet", "") if scope == view.root else (scope.kind.lower(), scope.id)
    found = timeline(inventory, series_days(*span, "month"), checks=view.verdict.checks, span=span)
    name = inventory.fleet.name if inventory.fleet is not None else "fleet"
    where = "" if rollup_key[0] == "fleet" else f" · {rollup_key[0]} {rollup_key[1]}"
    return ScopeTimeline(f"{name}{where}: {span[0]} to {span[1]}", scope_series(found, rollup_key))
