"""``gpufleet rollup --from/--to/--every`` and ``--at``: a series, each date exactly what ``--as-of`` gives.

The inventory is the one of test_rollup.py (worked out there by hand); here each date of the
series is checked against the single-date command, and the refusals of bad series options.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_rollup import FILES
from tests.conftest import ROOT, Cli, Tree

SEED = ROOT / "seeds" / "coreweave"


@pytest.fixture
def here(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tree(FILES)
    monkeypatch.chdir(root)
    return root


# Quarter ends of 2024 and 2025-Q1/Q2. nyc-1 from 2023-06-01 (phase-1 12 MW energized then); phase-2
# (8 MW) contracted 2024-09 (certain from 2024-09-30), energized 2025-Q3 (not yet at 2025-06-30);
# edge-1 has no date: +1 site, +2.5 MW everywhere. GPUs: 4,096 h100 from 2023-08; 512 of unknown
# SKU from 2024-11 (counted at 2024-12-31). The report is dated 2024-12-31: it is listed there.
SERIES_TABLE = """\
Example Cloud from 2024-03-31 to 2025-06-30, every quarter (6 dates)

date        data centers  regions           active       contracted   GPUs                        GPU draw
2024-03-31        1 (+1)        1  12 MW (+2.5 MW)  12 MW (+2.5 MW)  4,096                        5.734 MW
2024-06-30        1 (+1)        1  12 MW (+2.5 MW)  12 MW (+2.5 MW)  4,096                        5.734 MW
2024-09-30        1 (+1)        1  12 MW (+2.5 MW)  20 MW (+2.5 MW)  4,096                        5.734 MW
2024-12-31        1 (+1)        1  12 MW (+2.5 MW)  20 MW (+2.5 MW)  4,608  5.734 MW, 512 GPUs unestimated
2025-03-31        1 (+1)        1  12 MW (+2.5 MW)  20 MW (+2.5 MW)  4,608  5.734 MW, 512 GPUs unestimated
2025-06-30        1 (+1)        1  12 MW (+2.5 MW)  20 MW (+2.5 MW)  4,608  5.734 MW, 512 GPUs unestimated
(+x): may also be in service at that date (no date given, or a partial date around it)
the fleet is not a complete scope: itemized figures are lower bounds

reported from 2024-01-01 to 2025-06-30:
date        scope  metric            reported  itemized  coverage      status       report              at
2024-12-31  fleet  data centers             2         1       50%  incomplete  annual-2024   report.yaml:8
2024-12-31  fleet  active power        >10 MW     12 MW      120%          ok  annual-2024   report.yaml:9
2024-12-31  fleet  contracted power    ~20 MW     20 MW      100%  incomplete  annual-2024  report.yaml:10
2024-12-31  fleet  GPUs               >=4,608     4,608      100%          ok  annual-2024  report.yaml:11
"""


def test_a_quarterly_series_of_the_fleet(here: Path, cli: Cli) -> None:
    """--to defaults to the Fleet's as_of (2025-06-30); --every to quarter."""
    assert cli("rollup", "--from", "2024") == (0, SERIES_TABLE, "")
    assert cli("rollup", "--from", "2024-01-01", "--to", "2025-Q2", "--every", "quarter")[1] == SERIES_TABLE


@pytest.mark.parametrize("by", ["fleet", "region", "datacenter", "sku"])
def test_each_date_of_the_json_is_the_single_date_json(here: Path, cli: Cli, by: str) -> None:
    rc, out, err = cli(
        "rollup", "--from", "2023-01", "--to", "2025-12", "--every", "half", "--by", by, "--format", "json"
    )
    assert (rc, err) == (0, "")
    payload = json.loads(out)
    assert payload["dates"] == ["2023-06-30", "2023-12-31", "2024-06-30", "2024-12-31", "2025-06-30", "2025-12-31"]
    assert (payload["by"], payload["every"], payload["reported_from"], payload["reported_to"]) == (
        by,
        "half",
        "2023-01-01",
        "2025-12-31",
    )
    for entry in payload["series"]:
        single = json.loads(cli("rollup", "--as-of", entry["as_of"], "--by", by, "--format", "json")[1])
        assert {k: v for k, v in single.items() if k not in ("version", "by", "reported")} == entry
    assert [(r["report"], r["metric"], r["status"]) for r in payload["reported"]] == [
        ("annual-2024", "data_centers", "incomplete"),
        ("annual-2024", "active_power", "ok"),
        ("annual-2024", "contracted_power", "incomplete"),
        ("annual-2024", "gpus", "ok"),
    ]


@pytest.mark.parametrize("by", ["fleet", "region", "datacenter", "sku"])
def test_each_date_of_the_csv_is_the_single_date_csv(here: Path, cli: Cli, by: str) -> None:
    rc, out, err = cli("rollup", "--at", "2023-07-01,2024-Q4,2025-06-30", "--by", by, "--format", "csv")
    assert (rc, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][0] == "as_of"
    for day in ("2023-07-01", "2024-12-31", "2025-06-30"):
        single = list(csv.reader(io.StringIO(cli("rollup", "--as-of", day, "--by", by, "--format", "csv")[1])))
        assert rows[0][1:] == single[0]
        assert [r[1:] for r in rows[1:] if r[0] == day] == single[1:]


def test_at_lists_only_the_figures_of_its_dates(here: Path, cli: Cli) -> None:
    rc, out, err = cli("rollup", "--at", "2025-06-30,2024-06-30", "--by", "region")
    assert (rc, err) == (0, "")
    assert out.splitlines()[0] == "Example Cloud from 2024-06-30 to 2025-06-30 (2 dates)"
    assert "\nno figure reported at these dates\n" in out
    assert "2024-06-30  US-EAST-01   general" in out
    assert cli("rollup", "--at", "2024-12-31")[1].count("annual-2024") == 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "2025"], "a series needs --from DATE (or --at DATE,DATE...)"),
        (["--from", "2025", "--to", "2024"], "the series ends (2024-12-31) before it starts (2025-01-01)"),
        (["--from", "2025-04-02", "--to", "2025-06-29"], "no quarter ends between 2025-04-02 and 2025-06-29"),
        (["--from", "<=2024"], "--from: '<=2024' names no first day"),
        (["--from", "2024-13"], "--from: '2024-13' is not a real date"),
        (["--at", "2024,soon"], "--at: 'soon' is not a date"),
        (["--at", " , "], "--at: give one date or more"),
        (["--at", "2024", "--every", "year"], "--at lists the dates itself"),
        (["--from", "2024", "--as-of", "2024"], "--as-of names one date"),
        (["--from", "1000", "--to", "9000", "--every", "month"], "more than a series holds (2,000)"),
    ],
)
def test_bad_series_options_exit_2(here: Path, cli: Cli, argv: list[str], message: str) -> None:
    rc, out, err = cli("rollup", *argv)
    assert (rc, out) == (2, "")
    assert err.startswith("gpufleet: error: ")
    assert message in err, err
    assert err.count("\n") == 1


def test_an_unknown_step_is_refused_by_the_parser(here: Path, cli: Cli) -> None:
    rc, out, err = cli("rollup", "--from", "2024", "--every", "week")
    assert (rc, out) == (2, "")
    assert "argument --every: invalid choice: 'week'" in err


def test_the_seed_series_lists_every_figure_of_the_span_with_its_status(cli: Cli) -> None:
    """The issue's done-when: 2023-Q1..2026-Q4 of the seed in one command, every figure at its date."""
    rc, out, _ = cli("rollup", SEED, "--from", "2023-Q1", "--to", "2026-Q4", "--format", "json")
    assert rc in (0, 1)
    payload = json.loads(out)
    assert len(payload["series"]) == 16
    reconciled = json.loads(cli("reconcile", SEED, "--format", "json")[1])
    in_span = [f for f in reconciled["results"] if "2023-01-01" <= f["evaluated_at"] <= "2026-12-31"]
    key = lambda f: (f["report"], f["metric"], f["scope"]["kind"], f["scope"]["id"], f["evaluated_at"], f["status"])  # noqa: E731
    assert sorted(map(key, payload["reported"])) == sorted(map(key, in_span))
    assert len(in_span) > 20


def test_data_is_terminal_safe_in_the_table(tree: Tree, cli: Cli) -> None:
    files = dict(FILES)
    files["fleet.yaml"] = files["fleet.yaml"].replace("name: Example Cloud", 'name: "Evil\\e[2J Cloud"')
    files["sites.yaml"] = (
        files["sites.yaml"].replace("id: nyc-1", "id: nyc-1").replace("name: New York 1", 'name: "New York 1"')
    )
    root = tree(files)
    rc, out, _ = cli("rollup", root, "--from", "2025", "--by", "datacenter")
    assert rc == 0
    assert "\x1b" not in out
    assert out.startswith("Evil\\x1b[2J Cloud from 2025-03-31")
