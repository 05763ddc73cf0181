"""validate's diagnostics as the files CI systems read: SARIF 2.1.0, JUnit XML, GitLab Code Quality.

- ``sarif``: one run of the ``gpufleet`` tool; every code of the code table is a rule with its
  help text; results carry ``partialFingerprints`` and ``artifactLocation.uri`` relative to the
  repository root, as GitHub code scanning expects for an upload.
- ``junit``: one test suite; a test case for the inventory as a whole and one per diagnostic
  (errors, and warnings under ``--strict``, are failures), as GitLab, Jenkins and Azure read it.
- ``gitlab``: the Code Quality report (a JSON array of issues) GitLab shows on a merge request.

Fingerprints hash the code, the file, the data path and the message, never the line: an edit
above a problem leaves its fingerprint, so a CI system sees the same problem, not a new one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from inventory import __version__
from inventory.base.diagnostics import CODES, Diagnostic, Severity
from inventory.base.text import terminal_safe
from inventory.output.diagnostics import Checked, DiagnosticsReport
from inventory.output.json_ import dumps

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "gpufleet/v1"
"""The key of gpufleet's fingerprint in SARIF's ``partialFingerprints``."""
_RULES = sorted(CODES)
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprints(report: DiagnosticsReport) -> Iterator[tuple[Diagnostic, str, str]]:
    """Each diagnostic with its path from the repository root and its stable fingerprint.

    Two diagnostics alike in everything but position get the same hash and an occurrence number.
    """
    seen: Counter[str] = Counter()
    for d in report.diagnostics:
        file = report.relocate(d.file).replace("\\", "/")
        basis = "\0".join((d.code, file, d.dotted_path, d.message))
        digest = hashlib.sha256(basis.encode("utf-8", "surrogateescape")).hexdigest()
        seen[digest] += 1
        yield d, file, f"{digest[:32]}:{seen[digest]}"


def _fails(d: Diagnostic, report: DiagnosticsReport) -> bool:
    return d.severity is Severity.ERROR or (report.strict and d.severity is Severity.WARNING)


# ---------------------------------------------------------------------------------------------
# SARIF


def _rule(code: str) -> dict[str, Any]:
    text = CODES[code]
    return {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("-")),
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": f"{code}: {text}", "markdown": f"**{code}**: {text}"},
    }


def _location(file: str, line: int | None, col: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(file, safe="/"), "uriBaseId": "%SRCROOT%"}}
    if line is not None:
        physical["region"] = {"startLine": line, "startColumn": col or 1}
    return {"physicalLocation": physical}


def _result(d: Diagnostic, file: str, fingerprint: str, report: DiagnosticsReport) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": _RULES.index(d.code),
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [_location(file, d.line, d.col)],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if d.related:
        result["relatedLocations"] = [
            {**_location(report.relocate(f).replace("\\", "/"), line, col), "id": i, "message": {"text": "related"}}
            for i, (f, line, col) in enumerate(d.related, start=1)
        ]
    if d.dotted_path:
        result["properties"] = {"path": d.dotted_path}
    return result


def present_sarif(report: DiagnosticsReport) -> str:
    """A SARIF 2.1.0 log of one run; an unfinished run (exit 2) says so in its invocation."""
    results = [_result(d, file, fp, report) for d, file, fp in fingerprints(report)]
    invocation: dict[str, Any] = {"executionSuccessful": report.error is None}
    if report.error is not None:
        invocation["toolExecutionNotifications"] = [{"level": "error", "message": {"text": report.error}}]
    run = {
        "tool": {"driver": {"name": "gpufleet", "version": __version__, "rules": [_rule(c) for c in _RULES]}},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]})


def error_sarif(message: str) -> str:
    """The SARIF log of a run that could not start (exit 2): no results, the reason in the invocation."""
    return present_sarif(DiagnosticsReport([], Checked(0), error=message))


# ---------------------------------------------------------------------------------------------
# JUnit XML


def _xml(text: str) -> str:
    """Data as XML character data: control characters made visible (XML 1.0 cannot hold them)."""
    return escape(terminal_safe(text))


def _attr(text: str) -> str:
    return quoteattr(terminal_safe(text))


def present_junit(report: DiagnosticsReport) -> str:
    """One ``<testsuite>``: the inventory as a whole, then a test case per diagnostic."""
    cases: list[str] = []
    failures = 0
    for d, file, _ in fingerprints(report):
        where = file if d.line is None else f"{file}:{d.line}:{d.col}"
        head = f"<testcase classname={_attr(file)} name={_attr(f'{d.code} at {where}')} file={_attr(file)}"
        head += f' line="{d.line}"' if d.line is not None else ""
        body = f"{d.severity.value}[{d.code}] {where}: {d.message}"
        if _fails(d, report):
            failures += 1
            inner = f"<failure type={_attr(d.code)} message={_attr(d.message)}>{_xml(body)}</failure>"
        else:
            inner = f"<system-out>{_xml(body)}</system-out>"
        cases.append(f"    {head}>{inner}</testcase>")
    whole = f"checked {report.checked.describe()}"
    errors = 0
    if report.error is not None:
        errors = 1
        verdict = f'<error type="cannot-run" message={_attr(report.error)}>{_xml(report.error)}</error>'
    elif report.failed:
        failures += 1
        verdict = f'<failure type="validate" message={_attr(whole + ": the inventory does not validate")}/>'
    else:
        verdict = f"<system-out>{_xml(whole)}</system-out>"
    cases.insert(0, f'    <testcase classname="gpufleet" name="the inventory validates">{verdict}</testcase>')
    counts = f'tests="{len(cases)}" failures="{failures}" errors="{errors}" skipped="0"'
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<testsuites name="gpufleet validate" {counts}>',
            f'  <testsuite name="gpufleet validate" {counts}>',
            *cases,
            "  </testsuite>",
            "</testsuites>",
            "",
        ]
    )


# ---------------------------------------------------------------------------------------------
# GitLab Code Quality


def present_gitlab(report: DiagnosticsReport) -> str:
    """GitLab's Code Quality report: one issue per diagnostic, each with a stable fingerprint."""
    issues = [
        {
            "type": "issue",
            "check_name": d.code,
            "description": f"{d.message} [{d.code}]",
            "categories": ["Bug Risk"] if d.severity is Severity.ERROR else ["Style"],
            "severity": _GITLAB_SEVERITY[d.severity],
            "fingerprint": hashlib.md5(fp.encode("ascii"), usedforsecurity=False).hexdigest(),
            "location": {"path": file, "lines": {"begin": d.line or 1}},
        }
        for d, file, fp in fingerprints(report)
    ]
    return dumps(issues)
