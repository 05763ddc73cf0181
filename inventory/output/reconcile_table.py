"""``gpufleet reconcile``'s outputs: every reported figure beside what the inventory itemizes.

The table lists each figure with the itemized value at the Report's date, the coverage and the
status, then says why for every mismatch, conflict and weak figure; the JSON carries exact values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from inventory.base.text import location, terminal_safe
from inventory.model.figures import scope_text
from inventory.output.exports import check_json
from inventory.output.json_ import dumps
from inventory.output.rollup_table import uncertain_text
from inventory.output.tables import render_table
from inventory.reconcile.checks import CheckResult, Status
from inventory.rollup.scopes import metric_label

JSON_VERSION = 1


def render_json(results: Sequence[CheckResult]) -> str:
    counts = Counter(r.status.value for r in results)
    payload = {
        "version": JSON_VERSION,
        "counts": {s.value: counts[s.value] for s in Status},
        "results": [check_json(r) for r in results],
    }
    return dumps(payload)


def render_table_view(results: Sequence[CheckResult]) -> str:
    rows = [
        [
            r.report_id,
            str(r.figure.as_of),
            scope_text(*r.scope),
            metric_label(r.metric),
            r.figure.text,
            _itemized(r),
            "" if r.coverage is None else f"{r.coverage * 100:.0f}%",
            r.status.value,
        ]
        for r in results
    ]
    headers = ["report", "as of", "scope", "metric", "reported", "itemized", "coverage", "status"]
    out = render_table(headers, rows, left=4)
    findings = []
    seen: set[tuple[str, ...]] = set()
    for r in results:
        if r.status is Status.WEAK:  # it decides nothing: one line says why, its disagreements included
            findings.append(terminal_safe(f"{r.figure.where}: weak: {r.report_id} {r.metric}: {r.message}"))
            continue
        if r.fit is Status.MISMATCH:
            findings.append(terminal_safe(f"{r.figure.where}: mismatch: {r.report_id} {r.metric}: {r.fit_message}"))
        for d in r.disagreements:
            if d.key not in seen:
                seen.add(d.key)
                findings.append(terminal_safe(f"{location(d.file, d.line)}: {d.code}: {d.message}"))
    if findings:
        out += "\n" + "".join(line + "\n" for line in findings)
    counts = Counter(r.status.value for r in results)
    out += "\n" + ", ".join(f"{counts[s.value]} {s.value}" for s in Status) + "\n"
    return out


def _itemized(r: CheckResult) -> str:
    m = r.computed
    text = m.format()
    return f"{text} (+{uncertain_text(m)})" if m.uncertain or m.unbounded else text
