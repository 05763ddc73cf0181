"""Diagnostics rendered for people, for programs and for GitHub Actions: text, json and github.

(SARIF, JUnit and GitLab Code Quality, the formats CI systems upload, are in ``ci_reports``.)

Each reporter takes the diagnostics and a summary of what was checked, and returns the text for
stdout; the one-line human summary goes to stderr (the CLI prints it). The JSON shape is stable:
keys may be added, never renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.base.text import location, terminal_safe
from inventory.output.json_ import dumps

JSON_VERSION = 1


@dataclass(frozen=True, slots=True)
class Checked:
    """What a validate run looked at, for the summary line and the JSON ``checked`` object."""

    files: int
    entities: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [f"{n} {kind}" for kind, n in self.entities.items() if n]
        inside = f" ({', '.join(parts)})" if parts else ""
        return f"{self.files} file{'s' if self.files != 1 else ''}{inside}"


_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _position(d: Diagnostic) -> str:
    return location(d.file, d.line, d.col)


def render_text(diagnostics: Sequence[Diagnostic], checked: Checked, *, color: bool = False) -> str:
    """``path:line:col: error[code] message``, one line a problem."""
    lines = []
    for d in diagnostics:
        label = f"{d.severity.value}[{d.code}]"
        if color:
            label = f"\x1b[{_COLORS[d.severity]}m{label}\x1b[0m"
        lines.append(f"{_position(d)}: {label} {terminal_safe(d.message)}")
    return "".join(line + "\n" for line in lines)


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file,
        "line": d.line,
        "col": d.col,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "path": d.dotted_path,
        "related": [{"file": f, "line": line, "col": col} for f, line, col in d.related],
    }


def render_json(diagnostics: Sequence[Diagnostic], checked: Checked, *, failed: bool, error: str | None = None) -> str:
    """The stable JSON object; ``error`` (the run could not complete: exit 2) makes the status ``error``."""
    counts = {s.value: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    payload: dict[str, Any] = {
        "version": JSON_VERSION,
        "status": "error" if error is not None else "fail" if failed else "ok",
        "counts": counts,
        "checked": {"files": checked.files, "entities": checked.entities},
        "diagnostics": [diagnostic_json(d) for d in diagnostics],
    }
    if error is not None:
        payload["error"] = error
    return dumps(payload)


def error_json(message: str) -> str:
    """What a JSON format prints when a command cannot run at all (exit 2): the status and the reason."""
    return dumps({"version": JSON_VERSION, "status": "error", "error": message})


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_github(diagnostics: Sequence[Diagnostic], checked: Checked, *, relocate: Callable[[str], str] = str) -> str:
    """GitHub Actions workflow commands; values are escaped so data cannot start a command.

    ``relocate`` turns a displayed path into one relative to the repository root, which is what
    GitHub attaches annotations to (the CLI passes one built from ``GITHUB_WORKSPACE``).
    """
    lines = []
    for d in diagnostics:
        props = [f"file={_escape_property(terminal_safe(relocate(d.file)))}"]
        if d.line is not None:
            props += [f"line={d.line}", f"col={d.col}"]
        props.append(f"title={_escape_property(f'gpufleet {d.code}')}")
        message = _escape_data(terminal_safe(d.message))
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{message}")
    return "".join(line + "\n" for line in lines)


@dataclass(frozen=True, slots=True)
class DiagnosticsReport:
    """What every validate format presents: the diagnostics shown, what was checked, the outcome."""

    diagnostics: Sequence[Diagnostic]
    checked: Checked
    failed: bool = False
    color: bool = False
    relocate: Callable[[str], str] = str
    """A displayed path -> the path annotations attach to (GitHub: from the repository root)."""
    strict: bool = False
    """Warnings fail the run too (``--strict``): CI formats mark them as failures."""
    error: str | None = None
    """Why the run could not complete (exit 2: a file could not be read), else None."""


def present_text(report: DiagnosticsReport) -> str:
    return render_text(report.diagnostics, report.checked, color=report.color)


def present_json(report: DiagnosticsReport) -> str:
    return render_json(report.diagnostics, report.checked, failed=report.failed, error=report.error)


def present_github(report: DiagnosticsReport) -> str:
    return render_github(report.diagnostics, report.checked, relocate=report.relocate)
