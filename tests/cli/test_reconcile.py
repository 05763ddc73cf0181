"""``gpufleet reconcile`` and the reconciliation inside ``gpufleet validate``, and the seed's findings.

Exit codes, severities (flags and Fleet settings), and the three disagreements between the seed's
public sources, each at the file:line of the figures involved.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli, Tree

FLEET = """\
apiVersion: gpufleet/v1
kind: Fleet
id: ex
name: Example Cloud
as_of: 2025-06-30
complete_scopes: [fleet]
---
apiVersion: gpufleet/v1
kind: Source
id: release
publisher: Example Cloud
title: Results
date: 2025-05-01
type: press-release
---
apiVersion: gpufleet/v1
kind: Source
id: press
publisher: A paper
title: An article
date: 2025-05-02
type: article
---
apiVersion: gpufleet/v1
kind: DataCenter
id: dc
name: DC
since: 2024-01-01
power:
  - {id: p, capacity: 100 MW, energized_on: 2024-01-01}
"""
REPORTS = """\
apiVersion: gpufleet/v1
kind: Report
id: q1
source: release
as_of: 2025-03-31
scope: fleet
figures:
  active_power: ~100 MW
  contracted_power: 150 MW
---
apiVersion: gpufleet/v1
kind: Report
id: paper
source: press
as_of: 2025-03
scope: fleet
figures:
  contracted_power: ~200 MW
"""
# The fleet is complete and holds 100 MW, energized and contracted, at 2025-03-31.
# q1 active ~100 MW: ok. q1 contracted 150 MW: the complete scope has only 100 MW: mismatch.
# paper contracted ~200 MW (190 to 210) at 2025-03, the same date as q1's 150 MW: conflict
# (and a mismatch against the inventory too).


@pytest.fixture
def here(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tree({"fleet.yaml": FLEET, "reports.yaml": REPORTS})
    monkeypatch.chdir(root)
    return root


TABLE = (
    "report  as of       scope  metric            reported  itemized  coverage    status\n"
    "q1      2025-03-31  fleet  active power       ~100 MW    100 MW      100%        ok\n"
    "q1      2025-03-31  fleet  contracted power    150 MW    100 MW       67%  conflict\n"
    "paper   2025-03     fleet  contracted power   ~200 MW    100 MW       50%  conflict\n"
    "\n"
    "reports.yaml:9: mismatch: q1 contracted_power: the scope is complete and itemizes only 100 MW, short of 150 MW\n"
    "reports.yaml:18: figure-conflict: paper reports contracted_power ~200 MW (190 MW to 210 MW) for the fleet"
    " at 2025-03, q1 reports 150 MW at 2025-03-31 (reports.yaml:9): no value satisfies both\n"
    "reports.yaml:18: mismatch: paper contracted_power: the scope is complete and itemizes only 100 MW,"
    " short of ~200 MW (190 MW to 210 MW)\n"
    "\n"
    "1 ok, 0 mismatch, 0 incomplete, 2 conflict, 0 weak\n"
)


def test_reconcile_table(here: Path, cli: Cli) -> None:
    """Every figure with itemized value, coverage and status, then why for each mismatch and conflict."""
    assert cli("reconcile") == (1, TABLE, "")


def test_reconcile_exit_code_follows_severities(here: Path, cli: Cli) -> None:
    assert cli("reconcile", "--mismatches", "warning")[0] == 1  # the conflict is still an error
    assert cli("reconcile", "--mismatches", "warning", "--conflicts", "warning")[0] == 0


def test_reconcile_json(here: Path, cli: Cli) -> None:
    rc, out, err = cli("reconcile", "--format", "json")
    data = json.loads(out)
    assert (rc, err, data["counts"]) == (1, "", {"ok": 1, "mismatch": 0, "incomplete": 0, "conflict": 2, "weak": 0})
    paper = data["results"][2]
    assert (paper["report"], paper["status"], paper["fit"], paper["evaluated_at"]) == (
        "paper",
        "conflict",
        "mismatch",
        "2025-03-31",
    )
    assert (paper["line"], paper["col"], paper["computed"]) == (
        18,
        21,
        {"itemized": 100_000_000, "uncertain": 0, "unbounded": False, "complete": True},
    )
    assert paper["disagreements"][0]["related"] == [{"file": "reports.yaml", "line": 9, "col": 21}]


def test_validate_reports_mismatches_and_conflicts_as_errors(here: Path, cli: Cli) -> None:
    rc, out, err = cli("validate")
    assert rc == 1
    assert [re.match(r"(\S+) (\w+)\[([\w-]+)\]", line).groups() for line in out.splitlines()] == [  # type: ignore[union-attr]
        ("reports.yaml:9:21:", "error", "figure-mismatch"),
        ("reports.yaml:18:21:", "error", "figure-conflict"),
        ("reports.yaml:18:21:", "error", "figure-mismatch"),
    ]
    assert err.endswith("3 errors, 0 warnings\n")


def test_validate_flags_and_fleet_settings_relax_to_warnings(here: Path, cli: Cli) -> None:
    rc, out, err = cli("validate", "--mismatches", "warning", "--conflicts", "warning")
    assert (rc, out.count("warning["), err.endswith("0 errors, 3 warnings\n")) == (0, 3, True)
    assert cli("validate", "--mismatches", "warning", "--conflicts", "warning", "--strict")[0] == 1
    (here / "fleet.yaml").write_text(
        FLEET.replace(
            "complete_scopes: [fleet]\n",
            "complete_scopes: [fleet]\nreconcile: {mismatches: warning, conflicts: warning}\n",
        ),
        encoding="utf-8",
    )
    assert cli("validate")[0] == 0
    assert cli("validate", "--mismatches", "error")[0] == 1  # the flag wins over the setting


def test_incomplete_coverage_is_information(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without complete_scopes, the figures are incomplete: info, shown with --verbose and in JSON only."""
    monkeypatch.chdir(
        tree({"fleet.yaml": FLEET.replace("complete_scopes: [fleet]\n", ""), "r.yaml": REPORTS.split("---\n")[0]})
    )
    rc, out, err = cli("validate")
    assert (rc, out) == (0, "")
    assert err.endswith("0 errors, 0 warnings, 2 notes (-v shows them)\n")
    rc, out, _ = cli("validate", "--verbose")
    assert out == (  # 100 MW itemized, more may exist: ~100 MW (95 to 105) and 150 MW are both open
        "r.yaml:8:17: info[figure-incomplete] q1 active_power: 100 MW itemized so far, 100% of ~100 MW"
        " (95 MW to 105 MW); the scope is not complete\n"
        "r.yaml:9:21: info[figure-incomplete] q1 contracted_power: 100 MW itemized so far, 67% of 150 MW;"
        " the scope is not complete\n"
    )
    data = json.loads(cli("validate", "--format", "json")[1])
    assert [(d["code"], d["severity"]) for d in data["diagnostics"]] == [("figure-incomplete", "info")] * 2


def test_validate_skips_reconciliation_when_the_inventory_has_errors(here: Path, cli: Cli) -> None:
    (here / "bad.yaml").write_text("apiVersion: gpufleet/v1\nkind: Region\nid: R\n", encoding="utf-8")
    rc, out, err = cli("validate")
    assert rc == 1
    assert "figure-" not in out
    assert "reconciliation skipped: the inventory has 2 errors; fix them first" in err


# -- the seed's findings ------------------------------------------------------------------------

SEED = Path("seeds/coreweave")


def _line(path: Path, text: str, after: str | None = None) -> int:
    """1-based line of the first line holding ``text`` (after the line holding ``after``)."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if text in lines[i]) + 1


@pytest.fixture
def seed_findings(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(ROOT)
    rc, out, err = cli("validate", str(SEED))
    assert rc == 0, out + err  # the seed's Fleet reports source disagreements as warnings
    found = {}
    for line in out.splitlines():
        match = re.match(r"(\S+:\d+:\d+): warning\[([\w-]+)\] (.*)", line)
        assert match is not None, line
        found[match[2]] = f"{match[1]} {match[3]}"
    return found


def test_seed_five_regions_naming_six_states(seed_findings: dict[str, str]) -> None:
    """The article says five general-availability regions and names six states."""
    article = SEED / "reports" / "lemagit-2025-07.yaml"
    line = _line(article, "value: 5", after="general:")
    assert seed_findings["count-contradicts-names"] == (
        f"{article}:{line}:14 lemagit-2025-04-30 gives regions.general 5 but names 6:"
        " New York, New Jersey, Ohio, Virginia, Nevada, Arizona"
    )


def test_seed_crypto_mining_350_vs_500(seed_findings: dict[str, str]) -> None:
    """350 MW (the article) and about 500 MW (The Register) for Core Scientific's mining in July 2025."""
    article, register = SEED / "reports" / "lemagit-2025-07.yaml", SEED / "reports" / "the-register.yaml"
    here = _line(register, "crypto-mining: ~500 MW")
    there = _line(article, "crypto-mining: 350 MW")
    assert seed_findings["figure-conflict"] == (
        f"{register}:{here}:20 the-register-core-scientific-2025-07 reports power_by_purpose.crypto-mining"
        " ~500 MW (475 MW to 525 MW) for host Core Scientific at 2025-07, lemagit-core-scientific-2025-07"
        f" reports 350 MW at 2025-07 ({article}:{there}): no value satisfies both"
    )


def test_seed_end_of_april_vs_quarter_end(seed_findings: dict[str, str]) -> None:
    """The article dates the Q1 release's 420 MW and 1.6 GW 'end of April'; the release, 2025-03-31."""
    article, release = SEED / "reports" / "lemagit-2025-07.yaml", SEED / "reports" / "results-2025-q1.yaml"
    assert seed_findings["figures-dated-differently"] == (
        f"{article}:{_line(article, 'as_of: 2025-04-30')}:8 lemagit-2025-04-30 gives active_power ~420 MW and"
        " contracted_power ~1.6 GW at 2025-04-30 ('end of April'); q1-2025-results (coreweave-q1-2025-results)"
        f" gives the same values at 2025-03-31 ({release}:{_line(release, 'active_power:')}): one of the two"
        " dates is likely wrong"
    )


def test_seed_findings_in_json_carry_every_figure(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """In JSON each finding relates the other figures involved, with their lines."""
    monkeypatch.chdir(ROOT)
    data = json.loads(cli("validate", str(SEED), "--format", "json")[1])
    dated = next(d for d in data["diagnostics"] if d["code"] == "figures-dated-differently")
    release = str(SEED / "reports" / "results-2025-q1.yaml")
    assert [r["line"] for r in dated["related"] if r["file"] == release] == [
        _line(SEED / "reports" / "results-2025-q1.yaml", "active_power:"),
        _line(SEED / "reports" / "results-2025-q1.yaml", "contracted_power:"),
    ]


def test_weak_figures_in_the_table(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Figures only weak sources give read `weak` with why; only the filing's mismatch sets the exit code."""
    case = ROOT / "tests" / "data" / "invalid" / "weak-figure"
    files = {name: (case / name).read_text(encoding="utf-8") for name in ("fleet.yaml", "reports.yaml")}
    monkeypatch.chdir(tree(files))
    rc, out, err = cli("reconcile")
    assert (rc, err) == (1, "")
    rows = [re.split(r"\s{2,}", line) for line in out.splitlines()[1:4]]
    assert [(row[0], row[-1]) for row in rows] == [
        ("filing-2025-06-30", "mismatch"),
        ("blog-2025-06-30", "weak"),
        ("forum-2025-06-30", "weak"),
    ]
    assert (
        "reports.yaml:21: weak: blog-2025-06-30 active_power: only weak sources give it, so it decides no check;" in out
    )
    assert "reports.yaml:30: weak: forum-2025-06-30 active_power: " in out
    assert "figure-conflict:" not in out  # a disagreement with a weak figure alone is no conflict
    assert out.endswith("\n0 ok, 1 mismatch, 0 incomplete, 0 conflict, 2 weak\n")
    data = json.loads(cli("reconcile", "--format", "json")[1])
    assert [(r["status"], r["fit"]) for r in data["results"]] == [
        ("mismatch", "mismatch"),
        ("weak", "mismatch"),
        ("weak", "ok"),
    ]


def test_an_open_upper_bound_reads_as_in_rollup(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A minimum itemized amount (Denton's ">=130 MW" billable, ">16,000" GPUs) leaves no upper bound:
    reconcile's table says "or more" (or "+?" alone) as rollup does, never a bounded "+x"."""
    monkeypatch.chdir(ROOT)
    rc, out, err = cli("reconcile", str(SEED))
    assert (rc, err) == (0, "")

    def row(report: str, metric: str) -> str:
        (found,) = [line for line in out.splitlines() if line.startswith(report + " ") and f"  {metric}  " in line]
        return found

    assert "0 W (+519 MW or more)" in row("s1-2024-12-31", "active power")
    assert "50,001 (+?)" in row("core-scientific-q4-2025-denton", "GPUs")
    rc, rolled, _ = cli("rollup", str(SEED), "--as-of", "2024-12-31")
    assert "+519 MW or more" in rolled
