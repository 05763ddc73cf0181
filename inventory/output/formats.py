"""Every output format of every command, registered in one place and chosen by one dispatch.

A verb offers ``choices(command)`` as its ``--format`` values and prints
``render(command, name, payload)``. Presenters are imported only when chosen, so a run pays for
the one format it prints. Each command's presenters take the same payload:

- ``validate``: an ``output.diagnostics.DiagnosticsReport``;
- ``rollup``: an ``output.rollup_table.RollupView``;
- ``rollup-series`` (``rollup --from/--at``): an ``output.series.SeriesView``;
- ``rollup-pipeline`` (``rollup --pipeline``): an ``output.pipeline.PipelineView``;
- ``reconcile``: the check results (a list of ``CheckResult``);
- ``diff``: an ``output.diff_text.DiffView``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    help: str
    target: str
    """``module:function`` of the presenter."""


def _formats(*items: tuple[str, str, str]) -> dict[str, Format]:
    return {name: Format(name, help_, target) for name, help_, target in items}


FORMATS: dict[str, dict[str, Format]] = {
    "validate": _formats(
        ("text", "one line a problem: path:line:col: severity[code] message", "diagnostics:present_text"),
        ("json", "a stable JSON object: status, counts, checked, diagnostics", "diagnostics:present_json"),
        ("github", "GitHub Actions annotations (::error file=...,line=...::message)", "diagnostics:present_github"),
        ("sarif", "SARIF 2.1.0 for GitHub code scanning and other SARIF readers", "ci_reports:present_sarif"),
        ("junit", "JUnit XML test results (GitLab, Jenkins, Azure Pipelines)", "ci_reports:present_junit"),
        ("gitlab", "GitLab Code Quality JSON (merge request widget)", "ci_reports:present_gitlab"),
    ),
    "rollup": _formats(
        ("table", "a readable table: MW and GW, (+x) for what may also count", "rollup_table:present_table"),
        ("json", "exact JSON: power as integer watts", "rollup_table:present_json"),
        ("csv", "one row a scope: power as integer watts", "rollup_table:present_csv"),
    ),
    "rollup-series": _formats(
        ("table", "one row a date and scope, then the figures reported in the span", "series:present_table"),
        ("json", "exact JSON: one single-date rollup a date", "series:present_json"),
        ("csv", "the single-date CSV's rows after an as_of column", "series:present_csv"),
    ),
    "rollup-pipeline": _formats(
        ("table", "power due by period, then each block", "pipeline:present_table"),
        ("json", "exact JSON: the sums by due period and every block", "pipeline:present_json"),
        ("csv", "one row a block: power as integer watts", "pipeline:present_csv"),
    ),
    "reconcile": _formats(
        ("table", "a readable table of every reported figure and its status", "reconcile_table:render_table_view"),
        ("json", "exact JSON: counts by status and every result", "reconcile_table:render_json"),
    ),
    "diff": _formats(
        ("text", "a readable summary of what changed (default)", "diff_text:present_text"),
        ("markdown", "a pull-request comment", "diff_markdown:present_markdown"),
        ("json", "a stable JSON object", "diff_json:present_json"),
    ),
}


def choices(command: str) -> list[str]:
    """The ``--format`` values of ``command``, default first."""
    return list(FORMATS[command])


def presenter(command: str, name: str) -> Callable[[Any], str]:
    """The function that renders ``command``'s payload as format ``name``."""
    module, function = FORMATS[command][name].target.split(":")
    found: Callable[[Any], str] = getattr(importlib.import_module(f"inventory.output.{module}"), function)
    return found


def render(command: str, name: str, payload: Any) -> str:
    """``payload`` of ``command`` rendered as format ``name``."""
    return presenter(command, name)(payload)


ERRORS: dict[tuple[str, str], str] = {
    ("validate", "json"): "diagnostics:error_json",
    ("validate", "sarif"): "ci_reports:error_sarif",
    ("rollup", "json"): "diagnostics:error_json",
    ("reconcile", "json"): "diagnostics:error_json",
    ("diff", "json"): "diagnostics:error_json",
}
"""Formats that still print their kind of document when the command cannot run (exit 2), with the reason."""


def render_error(command: str, name: str, message: str) -> str | None:
    """What format ``name`` of ``command`` prints when the command cannot run; None: nothing on stdout."""
    target = ERRORS.get((command, name))
    if target is None:
        return None
    module, function = target.split(":")
    found: Callable[[str], str] = getattr(importlib.import_module(f"inventory.output.{module}"), function)
    return found(message)


def help_text(command: str) -> str:
    """``--format``'s help: each format with what it gives."""
    return "; ".join(f"{f.name}: {f.help}" for f in FORMATS[command].values())
