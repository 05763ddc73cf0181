"""validate's outcome as markdown for a GitHub Actions job summary (``$GITHUB_STEP_SUMMARY``).

A heading with the outcome, what was checked, then the problems as a table (the first
``LIMIT``; the rest counted), every value from the data escaped as in the diff's markdown.
"""

from __future__ import annotations

from inventory.base.diagnostics import Severity
from inventory.output.diagnostics import DiagnosticsReport
from inventory.output.diff_markdown import md_code, md_text

LIMIT = 100
"""Rows shown; a job summary is for reading, the annotations and the log carry every problem."""
_MARK = {Severity.ERROR: "✖ error", Severity.WARNING: "▲ warning", Severity.INFO: "ℹ note"}


def render_step_summary(report: DiagnosticsReport) -> str:
    shown = list(report.diagnostics)
    counts = {s: sum(1 for d in shown if d.severity is s) for s in Severity}
    if report.error is not None:
        outcome = f"cannot run: {md_text(report.error)}"
    else:
        outcome = "does not validate" if report.failed else "validates"
    parts = [f"{counts[Severity.ERROR]} errors", f"{counts[Severity.WARNING]} warnings"]
    if counts[Severity.INFO]:
        parts.append(f"{counts[Severity.INFO]} notes")
    out = [
        f"### gpufleet validate: the inventory {outcome}",
        "",
        f"Checked {report.checked.describe()}: {', '.join(parts)}.",
        "",
    ]
    if shown:
        out += ["| | Code | Where | Message |", "|---|---|---|---|"]
        for d in shown[:LIMIT]:
            file = report.relocate(d.file)
            where = file if d.line is None else f"{file}:{d.line}:{d.col}"
            out.append(f"| {_MARK[d.severity]} | {md_code(d.code)} | {md_code(where)} | {md_text(d.message)} |")
        if len(shown) > LIMIT:
            out.append(f"\n{len(shown) - LIMIT} more not shown (the annotations and the log list every one).")
        out.append("")
    return "\n".join(out) + "\n"
