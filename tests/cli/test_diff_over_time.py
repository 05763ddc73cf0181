"""``gpufleet diff --from/--to/--every`` and ``--at``: a change shows as the dates whose figures it moves.

Moving phase-2 (8 MW) of test_rollup.py's inventory from 2025-Q3 to 2026-Q1 changes nothing at
the Fleet's as_of (2025-06-30, before both), but active power at 2025-09-30 and 2025-12-31.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_rollup import FILES
from tests.conftest import Cli, write_tree

OVER_TIME = """\
~ data center nyc-1
  ~ power allocation phase-2
      energized_on: 2025-Q3 → 2026-Q1

Rollups over time: 2 of 8 dates differ (2025-03-31 to 2026-12-31)
  2025-09-30
    fleet              active power  20 MW (+2.5 MW) → 12 MW (+2.5 MW)  -8 MW
    region US-EAST-01  active power            20 MW →           12 MW  -8 MW
  2025-12-31
    fleet              active power  20 MW (+2.5 MW) → 12 MW (+2.5 MW)  -8 MW
    region US-EAST-01  active power            20 MW →           12 MW  -8 MW

1 changed · 2 dates of the series differ · NEW validates
"""


@pytest.fixture
def sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_tree(tmp_path / "old", FILES)
    moved = dict(FILES, **{"sites.yaml": FILES["sites.yaml"].replace("energized_on: 2025-Q3", "energized_on: 2026-Q1")})
    write_tree(tmp_path / "new", moved)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_moved_phase_shows_as_the_quarters_it_changes(sides: Path, cli: Cli) -> None:
    rc, out, err = cli("diff", "old", "new")
    assert (rc, err) == (0, "")
    assert "Rollups" not in out  # nothing moves at the Fleet's as_of
    assert cli("diff", "old", "new", "--from", "2025", "--to", "2026", "--every", "quarter") == (0, OVER_TIME, "")
    assert cli("diff", "--from", "2025", "old", "--to", "2026", "new")[1] == OVER_TIME  # options anywhere


def test_over_time_in_json_and_markdown(sides: Path, cli: Cli) -> None:
    rc, out, err = cli("diff", "old", "new", "--at", "2025-09-30,2026-06-30", "--format", "json")
    assert (rc, err) == (0, "")
    found = json.loads(out)["over_time"]
    assert found["dates"] == ["2025-09-30", "2026-06-30"]
    assert [c["as_of"] for c in found["changed"]] == ["2025-09-30"]
    (metric,) = found["changed"][0]["fleet"]["metrics"]
    assert (metric["metric"], metric["old"], metric["new"], metric["delta"]) == (
        "active_power",
        20_000_000,
        12_000_000,
        -8_000_000,
    )
    assert "over_time" not in json.loads(cli("diff", "old", "new", "--format", "json")[1])
    rc, out, _ = cli("diff", "old", "new", "--at", "2025-09-30,2026-06-30", "--format", "markdown")
    assert "<details><summary>Rollups over time: 1 of 2 dates differs (2025-09-30 to 2026-06-30)</summary>" in out
    assert "| 2025-09-30 | fleet | active power | 20 MW (+2.5 MW) | 12 MW (+2.5 MW) | -8 MW |" in out


def test_equal_sides_differ_at_no_date(sides: Path, cli: Cli) -> None:
    """--to defaults to the Fleet's as_of (2025-06-30); equal sides: nothing differs, --exit-code says 0."""
    rc, out, err = cli("diff", "old", "old", "--from", "2025", "--exit-code")
    assert (rc, err) == (0, "")
    assert out == "No changes to the fleet. NEW validates.\n"


def test_no_date_differs(sides: Path, cli: Cli) -> None:
    rc, out, _ = cli("diff", "old", "new", "--at", "2024-12-31")
    assert rc == 0
    assert "\nRollups over time: 0 of 1 date differ (2024-12-31)\n" in out


def test_bad_series_options_exit_2(sides: Path, cli: Cli) -> None:
    assert cli("diff", "old", "new", "--from", "2026", "--to", "2025") == (
        2,
        "",
        "gpufleet: error: the series ends (2025-12-31) before it starts (2026-01-01)\n",
    )
