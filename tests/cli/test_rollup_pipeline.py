"""``gpufleet rollup --pipeline``: power contracted and not yet energized, by when it is due.

The inventory of test_rollup.py: at 2024-12-31 nyc-1's phase-2 (8 MW, contracted 2024-09) is due
in 2025-Q3; edge-1's 2.5 MW lease has no date at all (maybe contracted, maybe energized).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_rollup import FILES
from tests.conftest import ROOT, Cli, Tree

PIPELINE_TABLE = """\
Example Cloud: power contracted and not yet energized at 2024-12-31

due               power  blocks
2025-Q3            8 MW       1
no date   0 W (+2.5 MW)       1
total    8 MW (+2.5 MW)       2

due      datacenter  block          capacity  purpose  contracted  planned  energized        state
2025-Q3  nyc-1       phase-2            8 MW       ai     2024-09             2025-Q3          due
no date  edge-1      lease    2.5 MW (maybe)       ai                                  unscheduled
(+x): may be in the pipeline (a contract or energization date that is partial or missing)
"""


@pytest.fixture
def here(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tree(FILES)
    monkeypatch.chdir(root)
    return root


def test_the_pipeline_table(here: Path, cli: Cli) -> None:
    assert cli("rollup", "--pipeline", "--as-of", "2024-12-31") == (0, PIPELINE_TABLE, "")


def test_the_pipeline_json_and_csv_carry_watts(here: Path, cli: Cli) -> None:
    rc, out, err = cli("rollup", "--pipeline", "--as-of", "2025-08-15", "--by", "region", "--format", "json")
    assert (rc, err) == (0, "")
    payload = json.loads(out)
    assert payload["as_of"] == "2025-08-15"
    assert [(s["scope"], s["id"], s["due"]) for s in payload["scopes"]] == [
        ("region", "US-EAST-01", [{"due": "2025-Q3", "itemized_w": 0, "uncertain_w": 8_000_000, "blocks": 1}]),
        ("unassigned", "", [{"due": "no date", "itemized_w": 0, "uncertain_w": 2_500_000, "blocks": 1}]),
    ]
    assert [(b["block"], b["state"], b["certain"], b["planned"], b["slipped"]) for b in payload["blocks"]] == [
        ("phase-2", "due now", False, [], None),  # no planned: dates, so nothing to slip from
        ("lease", "unscheduled", False, [], None),
    ]
    rc, out, err = cli("rollup", "--pipeline", "--as-of", "2024-12-31", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (rc, err) == (0, "")
    assert [(r["block"], r["capacity_w"], r["due"], r["state"], r["certain"]) for r in rows] == [
        ("phase-2", "8000000", "2025-Q3", "due", "true"),
        ("lease", "2500000", "", "unscheduled", "false"),
    ]


def test_nothing_in_the_pipeline(tree: Tree, cli: Cli) -> None:
    files = {"fleet.yaml": FILES["fleet.yaml"]}
    rc, out, err = cli("rollup", tree(files), "--pipeline")
    assert (rc, err) == (0, "")
    assert out.endswith("\nnothing: every contracted block is energized\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2024"], "--pipeline is at one date (--as-of); leave out --from, --to, --every and --at"),
        (["--by", "sku"], "--pipeline sums power blocks: --by fleet, region or datacenter"),
    ],
)
def test_pipeline_refusals(here: Path, cli: Cli, argv: list[str], message: str) -> None:
    assert cli("rollup", "--pipeline", *argv) == (2, "", f"gpufleet: error: {message}\n")


def test_the_seed_pipeline(cli: Cli) -> None:
    """The seed at 2025-06-30: Ellendale's building 1 (two 50 MW phases) is due in 2025-Q4; the sums by
    period add up to the blocks listed."""
    rc, out, _ = cli("rollup", ROOT / "seeds" / "coreweave", "--pipeline", "--as-of", "2025-06-30", "--format", "json")
    assert rc in (0, 1)
    payload = json.loads(out)
    due = {b["due"]: b for b in payload["scopes"][0]["due"]}
    assert (due["2025-Q4"]["itemized_w"], due["2025-Q4"]["blocks"]) == (100_000_000, 2)
    blocks = payload["blocks"]
    assert sum(b["blocks"] for b in due.values()) == len(blocks)
    assert sum(b["itemized_w"] for b in due.values()) == sum(b["capacity_w"] for b in blocks if b["certain"])
    assert sum(b["uncertain_w"] for b in due.values()) == sum(b["capacity_w"] for b in blocks if not b["certain"])
