"""Snapshots of the main screens at 120x40 and 80x24: layout, not behaviour (Pilot tests do that).

The fixture inventory is fixed, nothing shows a clock, the cursor does not blink (conftest), and the
app runs from tests/data/tui so file names do not depend on the checkout. Update with
``pytest tests/tui --snapshot-update`` and look at every changed SVG before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import build_app

Snap = Callable[..., bool]
BIG, SMALL = (120, 40), (80, 24)
INTO_DALLAS = ["1", "down", "enter", "down", "enter", "down"]
"""Go to Fleet (the fixture has an error, so it opens on Problems), open General availability and
us-central, stop on the dal-1 data center."""


@pytest.mark.usefixtures("in_data")
class TestFleetScreen:
    @pytest.mark.parametrize("size", [BIG, SMALL], ids=["120x40", "80x24"])
    def test_data_center_selected(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        assert snap_compare(build_app("fleet", watch=False), press=INTO_DALLAS, terminal_size=size)

    def test_filter_typed(self, snap_compare: Snap) -> None:
        assert snap_compare(build_app("fleet", watch=False), press=["1", "slash", "t", "e", "x"], terminal_size=BIG)

    def test_as_of_in_the_past(self, snap_compare: Snap) -> None:
        keys = ["1", "a", "ctrl+a", "ctrl+k", *"2024-06-30", "enter", *INTO_DALLAS]
        assert snap_compare(build_app("fleet", watch=False), press=keys, terminal_size=BIG)


@pytest.mark.usefixtures("in_data")
class TestProblemsScreen:
    @pytest.mark.parametrize("size", [BIG, SMALL], ids=["120x40", "80x24"])
    def test_problems(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        """No key: an inventory with errors opens on its problems."""
        assert snap_compare(build_app("fleet", watch=False), terminal_size=size)


@pytest.mark.usefixtures("in_data")
class TestReportsScreen:
    @pytest.mark.parametrize("size", [BIG, SMALL], ids=["120x40", "80x24"])
    def test_reports(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        # down to the last figure (a mismatch); End would also scroll the table to its right edge
        assert snap_compare(build_app("fleet", watch=False), press=["3", *["down"] * 7], terminal_size=size)


@pytest.mark.usefixtures("in_data")
class TestModals:
    def test_help(self, snap_compare: Snap) -> None:
        assert snap_compare(build_app("fleet", watch=False), press=["1", "question_mark"], terminal_size=BIG)

    def test_as_of_prompt_refuses_a_bad_date(self, snap_compare: Snap) -> None:
        keys = ["1", "a", *"2025-02-30", "enter"]
        assert snap_compare(build_app("fleet", watch=False), press=keys, terminal_size=SMALL)


def test_syntax_errors_open_on_a_usable_screen(
    snap_compare: Snap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "inv").mkdir()
    (tmp_path / "inv" / "fleet.yaml").write_text("apiVersion: gpufleet/v1\nkind: Fleet\n\tid: broken\n")
    monkeypatch.chdir(tmp_path)
    assert snap_compare(build_app("inv", watch=False), terminal_size=SMALL)  # opens on its problems


@pytest.mark.usefixtures("in_data")
class TestIssue15:
    def test_window_too_small(self, snap_compare: Snap) -> None:
        assert snap_compare(build_app("fleet", watch=False), terminal_size=(70, 20))

    def test_reports_sorted_by_status_at_80(self, snap_compare: Snap) -> None:
        assert snap_compare(build_app("fleet", watch=False), press=["3", "s"], terminal_size=SMALL)

    def test_help_lists_every_key(self, snap_compare: Snap) -> None:
        assert snap_compare(build_app("fleet", watch=False), press=["1", "question_mark"], terminal_size=(120, 50))


def test_a_file_that_no_longer_parses_is_named_and_its_entities_stale(snap_compare: Snap, fleet_copy: Path) -> None:
    app = build_app("fleet", watch=False)
    texas = fleet_copy / "sites" / "texas.yaml"

    async def run_before(pilot: object) -> None:
        texas.write_text("apiVersion: gpufleet/v1\nkind: DataCenter\nid: dal-1\nname: [unclosed\n")
        app.action_reload(quiet=True)
        app.switch_mode("fleet")

    assert snap_compare(app, run_before=run_before, press=["down", "enter", "down", "enter", "down"], terminal_size=BIG)


def test_a_big_site_grouped_by_sku_then_month(
    snap_compare: Snap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inventory.cli.main import main

    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--gpus", "50k", "gen"]) == 0
    keys = ["colon", *"plano-01", "enter", "right", *"jjjjj", "right", "j", "right", "j"]  # gb200, its first month
    assert snap_compare(build_app("gen", watch=False), press=keys, terminal_size=BIG)


@pytest.mark.usefixtures("in_data")
def test_timeline_of_a_data_center(snap_compare: Snap) -> None:
    """t on dal-1: its power and GPUs over time, and its report's figures as markers."""

    async def select_dal_1(pilot: object) -> None:
        from tui.model import nodes
        from tui.model.nodes import NodeKey

        await pilot.press("1")  # type: ignore[attr-defined]
        pilot.app.screen.reveal(NodeKey(nodes.DATACENTER, "dal-1"))  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    assert snap_compare(build_app("fleet", watch=False), press=["t"], run_before=select_dal_1, terminal_size=BIG)
