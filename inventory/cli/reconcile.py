"""``gpufleet reconcile [PATH...] [--format table|json]``: every Report figure against the inventory.

Lists each reported figure with the itemized value at the Report's own date, the coverage and the
status (ok, mismatch, incomplete, conflict), then says why for every mismatch and conflict.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

from inventory.base.diagnostics import Severity
from inventory.cli.rollup import finish, load, render_table
from inventory.output.exports import check_json
from inventory.reconcile.checks import CheckResult, Status, check_diagnostics, reconcile
from inventory.rollup.scopes import metric_label

JSON_VERSION = 1
SEVERITIES = ("error", "warning")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "reconcile",
        help="compare every reported figure with the inventory at the report's date",
        description=(
            "Every Report figure beside what the inventory itemizes for the same scope at the Report's own "
            "as_of: coverage (itemized / reported) and status: ok, mismatch, incomplete or conflict."
        ),
        epilog="exit codes: 0 no mismatch or conflict at severity error, 1 some (or inventory errors), 2 cannot run",
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    add_severity_options(parser)
    parser.set_defaults(run=run)


def add_severity_options(parser: argparse.ArgumentParser) -> None:
    """--mismatches and --conflicts, shared with validate."""
    parser.add_argument(
        "--mismatches",
        choices=SEVERITIES,
        default=None,
        help="severity of figures the inventory contradicts (default: the Fleet's reconcile.mismatches, else error)",
    )
    parser.add_argument(
        "--conflicts",
        choices=SEVERITIES,
        default=None,
        help="severity of sources that disagree (default: the Fleet's reconcile.conflicts, else error)",
    )


def render_json(results: Sequence[CheckResult]) -> str:
    counts = Counter(r.status.value for r in results)
    payload = {
        "version": JSON_VERSION,
        "counts": {s.value: counts[s.value] for s in Status},
        "results": [check_json(r) for r in results],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render_table_view(results: Sequence[CheckResult]) -> str:
    rows = [
        [
            r.report_id,
            str(r.figure.as_of),
            "fleet" if r.scope[0] == "fleet" else f"{r.scope[0]} {r.scope[1]}",
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
        if r.fit is Status.MISMATCH:
            findings.append(f"{r.figure.where}: mismatch: {r.report_id} {r.metric}: {r.fit_message}")
        for d in r.disagreements:
            if d.key not in seen:
                seen.add(d.key)
                findings.append(f"{d.file}:{d.line}: {d.code}: {d.message}")
    if findings:
        out += "\n" + "".join(line + "\n" for line in findings)
    counts = Counter(r.status.value for r in results)
    out += "\n" + ", ".join(f"{counts[s.value]} {s.value}" for s in Status) + "\n"
    return out


def _itemized(r: CheckResult) -> str:
    m = r.computed
    text = m.format()
    return f"{text} (+{m.format(m.uncertain)})" if m.uncertain else text


def run(args: argparse.Namespace) -> int:
    result = load(args.paths)
    inventory = result.inventory
    results = reconcile(inventory)
    sys.stdout.write(render_json(results) if args.format == "json" else render_table_view(results))
    code = finish(result)
    found = check_diagnostics(inventory, results, mismatch_severity=args.mismatches, conflict_severity=args.conflicts)
    return code or int(any(d.severity is Severity.ERROR for d in found))
