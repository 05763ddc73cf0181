"""Example inventories, run through the CLI: valid trees pass, invalid trees report exactly.

``tests/data/valid/<case>/`` must exit 0 with no error or warning, even with ``--strict``.
``tests/data/invalid/<case>/`` must exit 1 and report exactly the diagnostics its
``expected_diagnostics.yaml`` lists (code, file, line, col, and the related places when given).
Trees that git cannot hold (link loops, a FIFO) or that are mostly repetition are built here, in
``GENERATED``. Every code in CODES needs a case, so a new code comes with its example.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from inventory.base.diagnostics import CODES
from inventory.read.files import DEFAULT_MAX_FILE_SIZE

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
EXPECTED = "expected_diagnostics.yaml"
VALID = sorted(p for p in (DATA / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())

FLEET = "apiVersion: gpufleet/v1\nkind: Fleet\nid: acme\nname: Acme Cloud\nas_of: 2025-06-30\n"

Diagnostic = dict[str, Any]
Cli = Callable[..., tuple[int, str, str]]


def _at(code: str, file: str, line: int | None, col: int | None) -> Diagnostic:
    return {"code": code, "file": file, "line": line, "col": col}


def _link_loops(root: Path) -> list[Diagnostic]:
    (root / "sites").mkdir(parents=True)
    (root / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    (root / "self.yaml").symlink_to("self.yaml")  # a file link to itself
    (root / "sites" / "up").symlink_to("..")  # a folder link to the folder that holds it
    return [
        _at("symlink-loop", "self.yaml", None, None),  # cannot be read: an error
        _at("symlink-loop", "sites/up", None, None),  # skipped: a warning
    ]


def _fifo(root: Path) -> list[Diagnostic]:
    """A named pipe called *.yaml: reading it would block forever, so it is unreadable (exit 2).

    Tests run as root, where chmod 000 does not stop a read; a FIFO is unreadable for root too.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    os.mkfifo(root / "pipe.yaml")
    return [_at("unreadable-file", "pipe.yaml", None, None)]


def _too_many_problems(root: Path) -> list[Diagnostic]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    (root / "aliases.yaml").write_text("- *a\n" * 150, encoding="utf-8")
    aliases = [_at("yaml-alias", "aliases.yaml", n, 3) for n in range(1, 100)]
    # reading stops at the 100th problem; at one place, diagnostics sort by code
    return [*aliases, _at("too-many-problems", "aliases.yaml", 100, 3), _at("yaml-alias", "aliases.yaml", 100, 3)]


def _file_too_large(root: Path) -> list[Diagnostic]:
    """A file over the 32 MB limit (sparse: nothing is written) is refused from its size, never read."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    with (root / "huge.yaml").open("wb") as handle:
        handle.truncate(DEFAULT_MAX_FILE_SIZE + 1)
    return [_at("file-too-large", "huge.yaml", None, None)]


GENERATED: dict[str, tuple[Callable[[Path], list[Diagnostic]], int, frozenset[str]]] = {
    "link-loops": (_link_loops, 1, frozenset({"symlink-loop"})),
    "fifo": (_fifo, 2, frozenset({"unreadable-file"})),
    "file-too-large": (_file_too_large, 1, frozenset({"file-too-large"})),
    "too-many-problems": (_too_many_problems, 1, frozenset({"too-many-problems", "yaml-alias"})),
}
"""Case name -> (builder returning the expected diagnostics, exit code, codes it shows)."""

COVERED_BY_THEIR_OWN_TESTS: frozenset[str] = frozenset(
    {
        # reconciliation with reported figures and plausibility checks (inventory/reconcile.py,
        # inventory/plausibility.py): they need a consistent inventory and reports, and their
        # tests build those; validate only adds them when the inventory has no error.
        "figure-conflict",
        "count-contradicts-names",
        "figures-dated-differently",
        "unknown-host",
        "gpu-draw-exceeds-power",
        "contracted-below-active",
        "crypto-counted-as-ai",
        "gpus-before-power",
    }
)
"""Codes added for rollups, reconciliation or diff whose examples live in their owners' tests.

A code may stay here only while some other test module names it (checked below)."""


def _inputs(case: Path) -> list[str]:
    """Every entry of an invalid case folder but its expectations, as validate's arguments."""
    return [p.name for p in sorted(case.iterdir()) if p.name != EXPECTED]


def _validate(cli: Cli, *args: str) -> tuple[int, dict[str, Any], str]:
    """Run ``gpufleet validate --format json ARGS`` (the caller sets the cwd)."""
    rc, out, err = cli("validate", "--format", "json", *args)
    return rc, json.loads(out), err


def _found(payload: dict[str, Any]) -> list[Diagnostic]:
    found = []
    for d in payload["diagnostics"]:
        item = _at(d["code"], d["file"], d["line"], d["col"])
        if d["related"]:
            item["related"] = d["related"]
        found.append(item)
    return found


def _expected(case: Path) -> list[Diagnostic]:
    items = yaml.safe_load((case / EXPECTED).read_text(encoding="utf-8"))
    assert isinstance(items, list), f"{case / EXPECTED} must be a list"
    assert items, f"{case / EXPECTED} must list at least one diagnostic"
    return items


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case_passes(case: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid tree exits 0 under --strict and reports no error or warning (notes are allowed)."""
    monkeypatch.chdir(case)
    rc, payload, err = _validate(cli, "--strict", ".")
    problems = [d for d in payload["diagnostics"] if d["severity"] != "info"]
    assert (rc, payload["status"], problems) == (0, "ok", []), err


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_reports_exactly_its_diagnostics(case: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """An invalid tree exits 1 with exactly the listed diagnostics, each at its place."""
    expected = _expected(case)
    monkeypatch.chdir(case)
    rc, payload, err = _validate(cli, *_inputs(case))
    assert (rc, payload["status"]) == (1, "fail"), err
    assert _found(payload) == expected


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_case_reports_exactly_its_diagnostics(
    name: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trees git cannot hold (link loops, a FIFO) or too repetitive to write out: same contract."""
    build, exit_code, _ = GENERATED[name]
    expected = build(tmp_path)
    monkeypatch.chdir(tmp_path)
    rc, payload, err = _validate(cli, ".")
    assert rc == exit_code, err
    assert _found(payload) == expected


def _covered_codes() -> set[str]:
    codes = {item["code"] for case in INVALID for item in _expected(case)}
    for _, _, shown in GENERATED.values():
        codes |= shown
    return codes


def test_every_code_has_an_example() -> None:
    """Each code in CODES is shown, at its place, by some invalid or generated case."""
    missing = sorted(set(CODES) - _covered_codes() - COVERED_BY_THEIR_OWN_TESTS)
    assert missing == [], f"add a tests/data/invalid/<case>/ (or a GENERATED case) showing: {missing}"


def test_exempt_codes_exist_and_are_tested_elsewhere() -> None:
    """The exemption list holds only real codes without a case here, each named by another test."""
    assert sorted(COVERED_BY_THEIR_OWN_TESTS - set(CODES)) == [], "exempt codes that are not in CODES"
    assert sorted(COVERED_BY_THEIR_OWN_TESTS & _covered_codes()) == [], "exempt codes that have a case here"
    tests = [p for p in (ROOT / "tests").rglob("test_*.py") if p.resolve() != Path(__file__).resolve()]
    texts = [p.read_text(encoding="utf-8") for p in tests]
    untested = sorted(c for c in COVERED_BY_THEIR_OWN_TESTS if not any(f'"{c}"' in t for t in texts))
    assert untested == [], f"exempt codes no other test names: {untested}"


def test_generated_cases_declare_the_codes_they_show(tmp_path: Path) -> None:
    """GENERATED's third column is what its builder expects, so the coverage count is honest."""
    for name, (build, _, shown) in GENERATED.items():
        expected = build(tmp_path / name)
        assert {d["code"] for d in expected} == shown, name
