"""Every door gives the same answer: validate, reconcile, diff (its NEW side), the TUI and the
editor server (its session, as it publishes diagnostics).

Each door is run as a user runs it (the CLI in-process with its JSON output, the TUI app built by
``build_app``) over every example-file case, the TUI fixture, a copy of it with one load error, and
the seed. For each, the diagnostics, the check results and the errors counted must agree.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from inventory.lsp import diagnostics as lsp_diagnostics
from inventory.lsp.diagnostics import SEVERITIES
from inventory.lsp.session import Session
from inventory.lsp.text import FileText
from tests.conftest import ROOT, Cli
from tui.app import build_app

DATA = ROOT / "tests" / "data"
CASES = sorted(
    [
        *(p for p in (DATA / "invalid").iterdir() if p.is_dir()),
        *(p for p in (DATA / "valid").iterdir() if p.is_dir()),
        DATA / "tui" / "fleet",
        ROOT / "seeds" / "coreweave",
    ]
)


def one_load_error(tmp_path: Path) -> Path:
    """The TUI fixture with one load error (a deployment names an unknown SKU): the case that drifted."""
    folder = tmp_path / "one-error"
    shutil.copytree(DATA / "tui" / "fleet", folder)
    sweden = folder / "sites" / "sweden.yaml"
    sweden.write_text(sweden.read_text(encoding="utf-8").replace("sku: h200", "sku: h900"), encoding="utf-8")
    return folder


def diagnostic_key(d: dict[str, object]) -> tuple[object, ...]:
    return (d["file"], d["line"] or 0, d["col"] or 0, d["severity"], d["code"], d["message"])


def answers(folder: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, empty: Path) -> dict[str, dict[str, object]]:
    monkeypatch.chdir(folder)
    rc, out, _ = cli("validate", ".", "--format", "json")
    validate = json.loads(out)
    rc_r, out_r, _ = cli("reconcile", ".", "--format", "json")
    reconcile = json.loads(out_r)
    rc_d, out_d, _ = cli("diff", str(empty), ".", "--format", "json")
    after = json.loads(out_d)["after"]
    app = build_app(".", watch=False)
    view = app.session.view
    tui_diagnostics = sorted(
        (d.file, d.line or 0, d.col or 0, d.severity.value, d.code, d.message) for d, _ in view.problems.owners
    )
    assert view.scopes is not None
    checks = [(c.report_id, c.metric, c.status.value) for c in view.scopes.checks]
    failing = {(c.report_id, c.metric, c.status.value) for c in view.scopes.failing}
    errors = sum(1 for d in validate["diagnostics"] if d["severity"] == "error")
    warnings = sum(1 for d in validate["diagnostics"] if d["severity"] == "warning")
    return {
        "validate": {
            "diagnostics": sorted(diagnostic_key(d) for d in validate["diagnostics"]),
            "errors": (errors, warnings),
            "exit": rc,
        },
        "reconcile": {
            "checks": [(r["report"], r["metric"], r["status"]) for r in reconcile["results"]],
            "exit": rc_r,
        },
        "diff": {
            "errors": (after["errors"], after["warnings"]),
            "failing": {(c["report"], c["metric"], c["status"]) for c in after["failing"]},
            "validates": after["validates"],
            "exit": rc_d,
        },
        "tui": {"diagnostics": tui_diagnostics, "checks": checks, "failing": failing},
        "lsp": {"diagnostics": editor_diagnostics(folder)},
    }


def editor_diagnostics(folder: Path) -> list[tuple[object, ...]]:
    """What the editor server publishes for ``folder``, as validate's keys (a diagnostic without a
    position stands at the file's start in an editor: validate's line and column 0 read as 1)."""
    session = Session(folder.absolute())
    session.check()
    texts: dict[str, FileText] = {}

    def text_of(name: str) -> FileText:
        return texts.setdefault(name, FileText(session.text(name)))

    severity = {v: k.value for k, v in SEVERITIES.items()}
    out = []
    for name, items in lsp_diagnostics.by_file(session, text_of).items():
        for d in items:
            line, col = text_of(name).from_client(d.range.start)
            out.append((name, line + 1, col + 1, severity[d.severity], d.code, d.message))  # type: ignore[index]
    return sorted(out)


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_every_door_gives_the_same_answer(
    folder: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    compare(answers(folder, cli, monkeypatch, empty))


def test_the_case_that_drifted_one_load_error(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With one load error, no door reconciles: the TUI shows validate's one error, not 7 against 4."""
    empty = tmp_path / "empty"
    empty.mkdir()
    found = answers(one_load_error(tmp_path), cli, monkeypatch, empty)
    compare(found)
    assert found["validate"]["errors"] == (1, 0)
    assert found["tui"]["checks"] == []
    assert found["diff"]["validates"] is False


def compare(found: dict[str, dict[str, object]]) -> None:
    validate, reconcile, diff, tui = found["validate"], found["reconcile"], found["diff"], found["tui"]
    assert tui["diagnostics"] == validate["diagnostics"]
    assert found["lsp"]["diagnostics"] == [
        (file, line or 1, col or 1, *rest)
        for file, line, col, *rest in validate["diagnostics"]  # type: ignore[attr-defined]
    ]
    assert tui["checks"] == reconcile["checks"]
    assert tui["failing"] == diff["failing"] == {c for c in reconcile["checks"] if c[2] in ("mismatch", "conflict")}
    assert diff["errors"] == validate["errors"]
    assert diff["validates"] is (validate["errors"][0] == 0)  # type: ignore[index]
    assert reconcile["exit"] == (0 if validate["exit"] == 0 else reconcile["exit"])
