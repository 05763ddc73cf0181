"""FleetDiff as JSON: a versioned shape (keys may be added, never renamed); the README documents it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from inventory.diff.checks import MetricDelta, ScopeDelta, StatusChange
from inventory.diff.compare import FleetDiff
from inventory.diff.entities import ChangeType, EntityChange
from inventory.output.diagnostics import diagnostic_json
from inventory.output.diff_text import DiffView, SideInfo, plain, shown_changes, status_name, summary_line
from inventory.output.exports import check_json
from inventory.output.json_ import dumps, exact

JSON_VERSION = 1


def _number(value: Decimal) -> int | str:
    return exact(value)


def render_json(diff: FleetDiff, old: SideInfo, new: SideInfo, *, verbose: bool = False) -> str:
    """The stable JSON shape (see the README): version, sides, summary, changes, rollups, checks."""
    counts = diff.counts()
    if not verbose:
        counts.pop("moved")
    payload = {
        "version": JSON_VERSION,
        "old": _side_json(old),
        "new": _side_json(new),
        "differs": diff.differs,
        "summary": {**counts, "text": summary_line(diff, verbose=verbose)},
        "changes": [_change_json(c) for c in shown_changes(diff, verbose)],
        "rollups": _rollups_json(diff),
        "checks": {
            "reconciled": diff.reconciled,
            "statuses": [_status_json(s) for s in diff.statuses],
            "diagnostics": [
                {
                    "transition": c.transition,
                    "old": None if c.old is None else diagnostic_json(c.old),
                    "new": None if c.new is None else diagnostic_json(c.new),
                }
                for c in diff.diagnostics
            ],
        },
        "after": _after_json(diff),
    }
    if diff.over_time is not None:  # only when a series was asked for (--from/--at)
        payload["over_time"] = _over_time_json(diff)
    return dumps(payload)


def _after_json(diff: FleetDiff) -> dict[str, Any]:
    """The state the change leaves: whether NEW validates, its counts, every check failing there."""
    errors, warnings = diff.problem_counts("new")
    return {
        "validates": diff.new_validates,
        "errors": errors,
        "warnings": warnings,
        "reconciled": diff.new_skipped is None,
        "skipped": diff.new_skipped,
        "failing": [check_json(c) for c in diff.new_failing],
        "text": diff.after(),
    }


def _side_json(side: SideInfo) -> dict[str, Any]:
    return {
        "label": side.label,
        "type": side.kind,
        "where": side.where,
        "commit": side.commit,
        "files": side.files,
        "errors": side.errors,
        "warnings": side.warnings,
    }


def _change_json(c: EntityChange) -> dict[str, Any]:
    entity = c.new if c.type is ChangeType.ADDED else c.old if c.type is ChangeType.REMOVED else None
    return {
        "change": c.type.value,
        "kind": c.kind,
        "id": c.id,
        "old_id": c.old_id,
        "datacenter": c.parent,
        "counted": c.counted,
        "moved": c.moved,
        "old_location": None if c.old_at is None else {"file": c.old_at.file, "line": c.old_at.line},
        "new_location": None if c.new_at is None else {"file": c.new_at.file, "line": c.new_at.line},
        "fields": [{"path": f.name, "old": plain(f.old), "new": plain(f.new)} for f in c.fields],
        "entity": None if entity is None else plain(entity),
    }


def _metric_json(m: MetricDelta) -> dict[str, Any]:
    return {
        "metric": m.metric,
        "unit": "W" if m.is_power else None,
        "old": _number(m.old),
        "new": _number(m.new),
        "delta": _number(m.delta),
        "old_uncertain": _number(m.old_uncertain),
        "new_uncertain": _number(m.new_uncertain),
        "text": f"{m.before()} → {m.after()} ({m.signed()})",
    }


def _scope_json(delta: ScopeDelta) -> dict[str, Any]:
    kind, name = delta.key
    return {
        "scope": kind,
        "id": name or None,
        "old_id": delta.old_id,
        "metrics": [_metric_json(m) for m in delta.metrics],
    }


def _over_time_json(diff: FleetDiff) -> dict[str, Any] | None:
    """The dates compared and, for each that differs, the fleet's and the regions' deltas (None: not asked)."""
    found = diff.over_time
    if found is None:
        return None
    changed = [
        {
            "as_of": r.new_as_of.isoformat(),
            "fleet": _scope_json(r.fleet),
            "regions": [_scope_json(d) for d in r.regions],
        }
        for r in found.changed
    ]
    return {"dates": [d.isoformat() for d in found.days], "changed": changed}


def _rollups_json(diff: FleetDiff) -> dict[str, Any] | None:
    r = diff.rollups
    if r is None:
        return None
    scope = _scope_json

    return {
        "old_as_of": r.old_as_of.isoformat(),
        "new_as_of": r.new_as_of.isoformat(),
        "fleet": scope(r.fleet),
        "regions": [scope(d) for d in r.regions],
    }


def _status_json(s: StatusChange) -> dict[str, Any]:
    return {
        "report": s.report_id,
        "metric": s.metric,
        "scope": s.scope[0],
        "scope_id": s.scope[1] or None,
        "old": status_name(s.old) if s.old is not None else None,
        "new": status_name(s.new) if s.new is not None else None,
        "transition": s.transition,
        "message": s.message,
        "file": s.file,
        "line": s.line,
    }


def present_json(view: DiffView) -> str:
    return render_json(view.diff, view.old, view.new, verbose=view.verbose)
