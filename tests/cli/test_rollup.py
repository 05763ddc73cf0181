"""``gpufleet rollup``: the readable table, exact JSON and CSV, every --by, and the seed beside the S-1.

The inventory below is small enough to add up by hand; each expected figure says how.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli, Tree

FILES = {
    "fleet.yaml": """\
apiVersion: gpufleet/v1
kind: Fleet
id: ex
name: Example Cloud
as_of: 2025-06-30
---
apiVersion: gpufleet/v1
kind: Source
id: filing
publisher: Example Cloud
title: Annual report
date: 2025-03-01
type: filing
---
apiVersion: gpufleet/v1
kind: Region
id: US-EAST-01
availability: general
country: US
since: 2023-05
---
apiVersion: gpufleet/v1
kind: GpuSku
id: h100
name: H100 HGX
vendor: NVIDIA
system_power: 1.4 kW
""",
    "sites.yaml": """\
apiVersion: gpufleet/v1
kind: DataCenter
id: nyc-1
name: New York 1
region: US-EAST-01
since: 2023-06-01
power:
  - {id: phase-1, capacity: 12 MW, energized_on: 2023-06-01}
  - {id: phase-2, capacity: 8 MW, contracted_on: 2024-09, energized_on: 2025-Q3}
gpus:
  - {id: h100-a, sku: h100, gpus: 4096, installed_on: 2023-08}
  - {id: mixed, gpus: 512, installed_on: 2024-11}
---
apiVersion: gpufleet/v1
kind: DataCenter
id: edge-1
name: Edge 1
power:
  - {id: lease, capacity: 2.5 MW}
""",
    "report.yaml": """\
apiVersion: gpufleet/v1
kind: Report
id: annual-2024
source: filing
as_of: 2024-12-31
scope: fleet
figures:
  data_centers: 2
  active_power: ">10 MW"
  contracted_power: ~20 MW
  gpus: ">=4,608"
""",
}


@pytest.fixture
def here(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The inventory written to a folder that is also the current directory (so paths print short)."""
    root = tree(FILES)
    monkeypatch.chdir(root)
    return root


# At 2024-12-31: nyc-1 is in service (since 2023-06-01), edge-1 may be (no date at all).
# Active: phase-1 12 MW; phase-2 is energized only in 2025-Q3; edge-1's 2.5 MW has no date.
# Contracted: 12 + 8 (contracted 2024-09) = 20 MW, + 2.5 MW undated.
# GPUs: 4,096 h100 + 512 of unknown SKU = 4,608; draw 4,096 x 1.4 kW = 5.7344 MW, read as 5.734 MW.
# The report: 2 data centers -> 1 itemized, 50 %; >10 MW -> 12 MW already more: ok;
# ~20 MW (19 to 21) -> 20 MW so far, not complete: incomplete; >=4,608 -> 4,608: ok.
FLEET_TABLE = """\
Example Cloud at 2024-12-31 (not a complete scope: itemized figures are lower bounds)

metric                        itemized  uncertain  reported  coverage      status       report              at
data centers                         1         +1         2       50%  incomplete  annual-2024   report.yaml:8
regions (general)                    1
regions (dedicated)                  0
active power                     12 MW    +2.5 MW    >10 MW      120%          ok  annual-2024   report.yaml:9
contracted power                 20 MW    +2.5 MW    ~20 MW      100%  incomplete  annual-2024  report.yaml:10
power for ai                     20 MW    +2.5 MW
GPUs                             4,608              >=4,608      100%          ok  annual-2024  report.yaml:11
GPUs h100                        4,096
GPUs of unknown SKU                512
estimated GPU draw            5.734 MW
GPUs without a draw estimate       512
(+x): may also be in service at this date (no date given, or a partial date around it)
"""


def test_fleet_table_beside_the_reported_figures(here: Path, cli: Cli) -> None:
    """The default view lists the itemized figures with the figures reported for that day beside them."""
    assert cli("rollup", ".", "--as-of", "2024-12-31") == (0, FLEET_TABLE, "")


def test_default_date_is_the_fleets_and_a_partial_date_means_its_last_day(here: Path, cli: Cli) -> None:
    """Without --as-of the Fleet's date is used; --as-of 2024-Q4 is 2024-12-31."""
    rc, out, _ = cli("rollup")
    assert rc == 0
    assert out.startswith("Example Cloud at 2025-06-30 (")
    assert "reported" not in out  # no report is dated 2025-06-30: no empty columns
    assert cli("rollup", ".", "--as-of", "2024-Q4")[1] == FLEET_TABLE


def test_by_region_datacenter_and_sku(here: Path, cli: Cli) -> None:
    rc, out, err = cli("rollup", "--by", "region", "--as-of", "2024-12-31")
    assert (rc, err) == (0, "")
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[1]) == [
        "US-EAST-01",
        "general",
        "1",
        "12 MW",
        "20 MW",
        "4,608",
        "5.734 MW, 512 GPUs unestimated",
        "no",
    ]
    assert re.split(r"\s{2,}", lines[2]) == [
        "(no region)",
        "0 (+1)",
        "0 W (+2.5 MW)",
        "0 W (+2.5 MW)",
        "0",
        "0 W",
        "no",
    ]
    assert re.split(r"\s{2,}", lines[3])[0] == "fleet"
    rc, out, _ = cli("rollup", "--by", "datacenter", "--as-of", "2024-12-31")
    rows = [re.split(r"\s{2,}", line) for line in out.splitlines()[1:3]]
    assert rows[1][:4] == ["nyc-1", "US-EAST-01", "yes", "12 MW"]
    assert rows[0][:3] == ["edge-1", "maybe", "0 W (+2.5 MW)"]
    rc, out, _ = cli("rollup", "--by", "sku", "--as-of", "2024-12-31")
    assert [re.split(r"\s{2,}", line) for line in out.splitlines()[:3]] == [
        ["sku", "GPUs", "system power/GPU", "GPU draw"],
        ["h100", "4,096", "1.4 kW", "5.734 MW"],
        ["(unknown SKU)", "512", "unknown", "unknown"],
    ]
    assert "\nreported for 2024-12-31:\n" in out  # views by scope list the day's reports below


def test_json_has_exact_values(here: Path, cli: Cli) -> None:
    """JSON gives power as integer watts and counts as integers, with what is uncertain apart."""
    rc, out, err = cli("rollup", "--as-of", "2024-12-31", "--format", "json")
    assert (rc, err) == (0, "")
    data = json.loads(out)
    fleet = data["fleet"]
    assert (data["as_of"], data["by"]) == ("2024-12-31", "fleet")
    assert (fleet["active_power_w"], fleet["contracted_power_w"], fleet["gpu_draw_w"]) == (
        12_000_000,
        20_000_000,
        5_734_400,
    )
    assert fleet["gpus_by_sku"] == {"h100": 4096, "?": 512}
    assert fleet["uncertain"] == {
        "active_by_basis.unstated": 2_500_000,
        "active_by_purpose.ai": 2_500_000,
        "active_power": 2_500_000,
        "contracted_by_basis.unstated": 2_500_000,
        "contracted_power": 2_500_000,
        "data_centers": 1,
        "power_by_purpose.ai": 2_500_000,
    }
    statuses = {r["metric"]: (r["status"], r["computed"]["itemized"], r["coverage"]) for r in data["reported"]}
    assert statuses == {
        "data_centers": ("incomplete", 1, 0.5),
        "active_power": ("ok", 12_000_000, 1.2),
        "contracted_power": ("incomplete", 20_000_000, 1.0),
        "gpus": ("ok", 4608, 1.0),
    }
    about = next(r for r in data["reported"] if r["metric"] == "contracted_power")
    assert about["allowed"] == {"low": 19_000_000, "low_open": False, "high": 21_000_000, "high_open": False}


def test_csv_one_row_per_scope(here: Path, cli: Cli) -> None:
    out = cli("rollup", "--as-of", "2024-12-31", "--format", "csv", "--by", "region")[1]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["scope"], r["id"]) for r in rows] == [("region", "US-EAST-01"), ("unassigned", ""), ("fleet", "")]
    fleet = rows[-1]
    assert (fleet["active_power_w"], fleet["uncertain_active_power_w"], fleet["gpus"], fleet["complete"]) == (
        "12000000",
        "2500000",
        "4608",
        "false",
    )
    out = cli("rollup", "--as-of", "2024-12-31", "--format", "csv", "--by", "sku")[1]
    assert out == "sku,gpus,uncertain_gpus,system_power_w,gpu_draw_w\nh100,4096,0,1400,5734400\n?,512,0,,\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "yesterday"], "gpufleet: error: --as-of: 'yesterday' is not a date"),
        (["--as-of", "2025-02-30"], "gpufleet: error: --as-of: '2025-02-30' is not a real date"),
        (["missing-folder"], "gpufleet: error: missing-folder: no such file or directory"),
    ],
)
def test_bad_input_exits_2_without_traceback(here: Path, cli: Cli, argv: list[str], message: str) -> None:
    rc, out, err = cli("rollup", *argv)
    assert (rc, out) == (2, "")
    assert err.startswith(message), err


def test_inventory_with_errors_still_rolls_up_but_exits_1(
    tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken site is left out; the rollup says so on stderr and exits 1. Like validate, it compares
    no reported figure while the inventory has errors: the table has no reported column."""
    files = {
        **FILES,
        "broken.yaml": "apiVersion: gpufleet/v1\nkind: DataCenter\nid: bad\nname: Bad\npower: [{id: p, capacity: 5}]\n",
    }
    monkeypatch.chdir(tree(files))
    rc, out, err = cli("rollup", "--as-of", "2024-12-31")
    assert rc == 1
    head = [line.split("  ")[0] for line in out.splitlines()]
    assert head == [line.split("  ")[0] for line in FLEET_TABLE.splitlines()]  # the same rows...
    assert out.splitlines()[2].split() == ["metric", "itemized", "uncertain"]  # ...and no reported column
    assert err == (
        "note: the inventory has 1 error; entities with errors are left out and reported figures are not compared"
        " (run `gpufleet validate`)\n"
    )


def test_seed_beside_the_s1(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """`gpufleet rollup seeds/coreweave --as-of 2024-12-31` prints the itemized figures beside the S-1's."""
    monkeypatch.chdir(ROOT)
    rc, out, err = cli("rollup", "seeds/coreweave", "--as-of", "2024-12-31")
    assert (rc, err) == (0, "")
    assert out.startswith("CoreWeave at 2024-12-31 (not a complete scope: itemized figures are lower bounds)\n")
    s1 = "seeds/coreweave/reports/s1-2025-03-03.yaml"
    lines = (ROOT / s1).read_text(encoding="utf-8").splitlines()
    start = lines.index("id: s1-2024-12-31")

    def line_of(key: str) -> int:
        return next(i for i in range(start, len(lines)) if lines[i].strip().startswith(f"{key}:")) + 1

    rows = {re.split(r"\s{2,}", line)[0]: re.split(r"\s{2,}", line) for line in out.splitlines()}
    for label, metric, reported in [
        ("data centers", "data_centers", "32"),
        ("active power", "active_power", ">360 MW"),
        ("contracted power", "contracted_power", "~1.3 GW"),
        ("GPUs", "gpus", ">250,000"),
    ]:
        row = rows[label]
        assert row[-5] == reported, row
        assert row[-4].endswith("%"), row
        assert row[-3:] == ["incomplete", "s1-2024-12-31", f"{s1}:{line_of(metric)}"], row


def test_readme_shows_the_real_seed_output(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each console block of the README's rollup section is what the command prints today (stdout, then stderr)."""
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("<!-- section:rollup -->") : readme.index("<!-- /section:rollup -->")]
    blocks = re.findall(r"```console\n\$ gpufleet (.*?)\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    for command, shown in blocks:
        rc, out, err = cli(*command.split())
        assert rc == 0
        assert out + err == shown, f"README block for `gpufleet {command}` is stale"
