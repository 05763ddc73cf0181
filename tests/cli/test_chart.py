"""``gpufleet chart``: the text chart (exact), SVG and PNG through matplotlib, and the refusals.

The inventory of test_rollup.py; its figures over time are worked out in test_rollup_series.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_rollup import FILES
from tests.conftest import ROOT, Cli, Tree

SEED = ROOT / "seeds" / "coreweave"
QUARTERS = ("--from", "2023", "--to", "2025-Q4", "--every", "quarter")

TEXT_CHART = """\
Example Cloud: 2023-03-31 to 2025-12-31

power
     25 MW ┤
           ┤                          ────◆────────────━━━━━
           ┤     ░░░░░░░░░░░░░░░░░░░░░│░░░░░░░░░░░░░░░░┃
   12.5 MW ┤     ━━━━━━━━━━━━━━━━━━━━━━━━━▲━━━━━━━━━━━━
           ┤     ┃
       0 W ┤━━━━━
           └────────────────────────────────────────────────
                         2024             2025

GPUs
     5,000 ┤                              ▲━━━━━━━━━━━━━━━━━
           ┤         ━━━━━━━━━━━━━━━━━━━━━
     2,500 ┤         ┃
         0 ┤━━━━━━━━━
           └────────────────────────────────────────────────
                         2024             2025

━ active power  ─ contracted power  ━ GPUs  ░ may also be in service (dates unknown)
reported: ▲ more than  ▼ up to  ◆┆ about (its tolerance)  ● exact
not a complete scope: each line is a lower bound

reported:
  2024-12-31  ▲ active power >10 MW  ok  annual-2024
  2024-12-31  ◆ contracted power ~20 MW  incomplete  annual-2024
  2024-12-31  ▲ GPUs >=4,608  ok  annual-2024
"""


@pytest.fixture
def here(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tree(FILES)
    monkeypatch.chdir(root)
    return root


def test_the_text_chart(here: Path, cli: Cli) -> None:
    """Active 12 MW from 2023-06 and 20 MW from 2025-Q3 (drawn over contracted where equal), contracted
    20 MW from 2024-09; the band is edge-1's undated 2.5 MW; the report's three figures at 2024-12-31."""
    assert cli("chart", *QUARTERS, "--width", "60", "--height", "6") == (0, TEXT_CHART, "")


def test_colour_marks_the_status_and_never_leaks_without_it(here: Path, cli: Cli) -> None:
    rc, out, _ = cli("chart", *QUARTERS, "--width", "60", "--color", "always")
    assert rc == 0
    assert "\x1b[32m▲\x1b[0m" in out  # >10 MW is ok: green
    assert "\x1b[33m◆\x1b[0m" in out  # ~20 MW is incomplete: yellow
    assert "\x1b" not in cli("chart", *QUARTERS, "--width", "60")[1]


def test_a_scope_and_the_default_dates(here: Path, cli: Cli) -> None:
    """Without --from: from the earliest Report (2024-12-31) to the Fleet's as_of, by month."""
    rc, out, err = cli("chart", "--scope", "datacenter:edge-1", "--width", "60")
    assert (rc, err) == (0, "")
    assert out.startswith("Example Cloud · datacenter edge-1: 2024-12-31 to 2025-06-30\n")
    assert "\nreported:\n" not in out  # the report is the fleet's


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--scope", "region"], "--scope: write fleet, region:ID, datacenter:ID or host:NAME, not 'region'"),
        (["--scope", "datacenter:nyc-2"], "--scope: no datacenter 'nyc-2' in the inventory (did you mean 'nyc-1'?)"),
        (["--out", "chart.pdf"], "--out: name the file .svg or .png, not 'chart.pdf'"),
        (["--out", "missing/chart.svg"], "--out: cannot write missing/chart.svg: No such file or directory"),
        (["--from", "2026", "--to", "2025"], "the series ends (2025-12-31) before it starts (2026-01-01)"),
    ],
)
def test_refusals_exit_2(here: Path, cli: Cli, argv: list[str], message: str) -> None:
    assert cli("chart", *argv) == (2, "", f"gpufleet: error: {message}\n")


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_an_image_is_written_atomically_and_the_same_each_time(here: Path, cli: Cli, suffix: str) -> None:
    out = here / f"chart{suffix}"
    rc, stdout, err = cli("chart", *QUARTERS, "--out", out)
    assert (rc, stdout) == (0, "")
    first = out.read_bytes()
    assert err == f"wrote {out} ({len(first):,} bytes)\n"
    assert first.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in first[:400]
    assert cli("chart", *QUARTERS, "--out", out)[0] == 0
    assert out.read_bytes() == first  # no date or random id in the file
    assert sorted(p.name for p in here.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_the_svg_holds_the_title_and_the_legend(here: Path, cli: Cli) -> None:
    out = here / "chart.svg"
    assert cli("chart", *QUARTERS, "--out", out)[0] == 0
    svg = out.read_text(encoding="utf-8")
    for text in ("Example Cloud: 2023-03-31 to 2025-12-31", "active power", "reported: ok", "reported: incomplete"):
        assert text in svg


def test_without_matplotlib_an_image_exits_2_and_text_still_works(
    here: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    rc, out, err = cli("chart", "--out", "chart.png")
    assert (rc, out) == (2, "")
    assert err == (
        "gpufleet: error: writing a chart as SVG or PNG needs matplotlib: pip install 'gpufleet[charts]'"
        " (the text chart needs nothing)\n"
    )
    assert not (here / "chart.png").exists()
    assert cli("chart", "--width", "60")[0] == 0


def test_only_an_image_imports_matplotlib(here: Path) -> None:
    code = (
        "import sys\nfrom inventory.cli.main import main\n"
        "main(['chart', '--width', '60']); main(['rollup', '--from', '2024'])\n"
        "print('matplotlib' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=here, check=True)
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_data_is_terminal_safe_in_the_text_chart(tree: Tree, cli: Cli) -> None:
    files = dict(FILES, **{"fleet.yaml": FILES["fleet.yaml"].replace("name: Example Cloud", 'name: "Evil\\e]0;x\\a"')})
    rc, out, _ = cli("chart", tree(files), *QUARTERS, "--width", "60")
    assert rc == 0
    assert out.startswith("Evil\\x1b]0;x\\x07: 2023-03-31")


def test_the_seed_chart(cli: Cli) -> None:
    """The README's chart: every reported figure of the fleet in the span is listed with its status."""
    rc, out, _ = cli("chart", SEED, "--from", "2023", "--to", "2026-Q4", "--width", "110")
    assert rc in (0, 1)
    assert out.count("  incomplete  ") >= 15


def test_every_status_has_a_colour() -> None:
    """Each Status value is drawn in a colour of its own, in the image and in the text chart."""
    from inventory.output import chart_image, chart_text
    from inventory.reconcile.checks import Status

    statuses = {s.value for s in Status}
    assert set(chart_image.STATUS_COLORS) == statuses
    assert set(chart_text.STATUS_ANSI) == statuses
    assert len(set(chart_image.STATUS_COLORS.values())) == len(statuses)
