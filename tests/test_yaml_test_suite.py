"""Every input of the public YAML test suite, validated: exit 0 or 1, never a raise, each problem located.

The corpus lives in ``tests/data/yaml-test-suite/`` (public test data, MIT, with its licence). Its
absence fails the test: a skipped corpus would prove nothing.

The rule for positions: a diagnostic has a line and a column, both inside its file, unless it is
about the inventory as a whole (missing-fleet) or about a file that could not be read at all
(unreadable-file, symlink-loop); those have neither.
"""

from __future__ import annotations

import json
from pathlib import Path

from inventory.cli.validate import checked
from inventory.engine import Paths, check
from inventory.output.diagnostics import render_json
from inventory.read.files import decode

CORPUS = Path(__file__).resolve().parent / "data" / "yaml-test-suite"
WITHOUT_POSITION = frozenset({"missing-fleet", "unreadable-file", "symlink-loop"})
"""Codes that are about the inventory or a whole unreadable file, so carry no line or column."""


def _inside(text: str, line: int, col: int) -> bool:
    """True when 1-based (line, col) names a place in ``text`` (the end of a line included)."""
    lines = text.split("\n")
    return 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1


def test_every_suite_input_is_validated_and_located() -> None:
    """One pass over the suite through the validate command's own functions (load, exit code, JSON)."""
    assert CORPUS.is_dir(), f"the YAML test suite is expected at {CORPUS}"
    paths = sorted(CORPUS.glob("*.yaml"))
    assert len(paths) >= 400, f"only {len(paths)} suite inputs at {CORPUS}"
    problems: list[str] = []
    exits = {0: 0, 1: 0}
    for path in paths:
        verdict = check(Paths.of([path]))  # any exception fails the test: nothing may raise
        code = verdict.exit_code()
        payload = json.loads(render_json(verdict.sorted(), checked(verdict), failed=code != 0))
        if code not in exits or payload["status"] != ("fail" if code else "ok"):
            problems.append(f"{path.name}: exit {code}, status {payload['status']}")
            continue
        exits[code] += 1
        text, _ = decode(path.name, path.read_bytes())
        for d in payload["diagnostics"]:
            if d["code"] in WITHOUT_POSITION:
                if (d["line"], d["col"]) != (None, None):
                    problems.append(f"{path.name}: {d['code']} has a position")
            elif d["line"] is None or d["col"] is None:
                problems.append(f"{path.name}: {d['code']} has no position: {d['message']}")
            elif text is not None and not _inside(text, d["line"], d["col"]):
                problems.append(f"{path.name}:{d['line']}:{d['col']}: {d['code']} lies outside the file")
    assert problems == []
    assert exits[1] == len(paths), "no suite input is a valid inventory, so each must exit 1"
