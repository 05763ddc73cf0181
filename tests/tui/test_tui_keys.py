"""The keys people already know (k9s, lazygit, vim, less), each driven through Pilot, and the one key table."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static, Tree

from tui import keys, readme
from tui.app import InventoryApp, build_app
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.screens import FleetScreen, HelpModal, ProblemsScreen, PromptModal, ReportsScreen
from tui.widgets import DetailPanel, FleetTree, ProblemTable, ReportTable

SIZE = (120, 40)


def fleet(app: InventoryApp) -> FleetScreen:
    assert isinstance(app.screen, FleetScreen), app.screen
    return app.screen


def text_of(body: Static) -> str:
    """What a Static shows, as a user reads it (lines joined, wrapping undone)."""
    return " ".join(" ".join(s.text for s in body.render_lines(body.region.reset_offset)).split())


def detail_text(app: InventoryApp) -> str:
    return text_of(app.screen.query_one(DetailPanel).query_one(Static))


def bound(bindings: list, key: str) -> set[str]:  # type: ignore[type-arg]
    """The actions ``key`` is bound to in a BINDINGS list."""
    found = set()
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if key in [k.strip() for k in binding.key.split(",")]:
            found.add(binding.action)
    return found


# -- the table ---------------------------------------------------------------------------------


def test_every_key_of_the_table_is_bound_where_it_says() -> None:
    """Each key in tui.keys is in the BINDINGS of the class that serves its section, and nowhere twice."""
    owners = {
        keys.APP: [InventoryApp],
        keys.VIEWS: [FleetScreen, ProblemsScreen, ReportsScreen],
        keys.FLEET: [FleetScreen],
        keys.TABLES: [ProblemsScreen, ReportsScreen],
        keys.MOVE: [FleetTree, ProblemTable, ReportTable],
        keys.TREE: [FleetTree],
    }
    for key in keys.KEYS:
        if key.where == keys.TEXTUAL:
            continue
        for owner in owners[key.where]:
            actions = [
                a
                for cls in owner.__mro__
                for a in bound(list(cls.__dict__.get("BINDINGS", [])), key.keys.split(",")[0])
            ]
            assert key.action in actions, (key, owner)
            assert hasattr(owner, f"action_{key.action.split('(')[0]}") or key.action.startswith("switch_mode"), key


def test_the_keys_textual_provides_are_still_textuals() -> None:
    """Tab, PgUp/PgDn, Enter in the tree and Ctrl+P are bound by Textual itself, as ``?`` says."""
    assert "app.focus_next" in bound(Screen.BINDINGS, "tab")
    assert "app.focus_previous" in bound(Screen.BINDINGS, "shift+tab")
    assert "select_cursor" in bound(Tree.BINDINGS, "enter")
    assert "page_up" in bound(DataTable.BINDINGS, "pageup")
    assert App.COMMAND_PALETTE_BINDING == "ctrl+p"


def test_the_readme_lists_the_keys_of_the_table() -> None:
    """The README's key table is the generated one (``python -m tui.readme`` rewrites it)."""
    text = readme.README.read_text(encoding="utf-8")
    assert readme.BLOCK.search(text) is not None
    assert readme.updated(text) == text, "run `python -m tui.readme`"
    assert "| Everywhere | `Ctrl+C` | quit at once (no second key) |" in keys.readme_keys()


async def test_help_lists_every_key_tab_included(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "question_mark")
        assert isinstance(app.screen, HelpModal)
        text = text_of(app.screen.query_one("#help-box").query_one(Static))
        for key in keys.KEYS:
            assert f"{keys.key_display(key.keys)} {key.does}" in text, key
        await pilot.press("q")  # q closes the list, it does not quit
        assert isinstance(app.screen, FleetScreen)


# -- quitting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["tree", "filter", "prompt"])
async def test_ctrl_c_quits_at_once_from_anywhere(in_data: Path, where: str) -> None:
    """Ctrl+C quits with no second key, even while typing in the filter or a prompt."""
    app = build_app("fleet", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        if where == "filter":
            await pilot.press("slash", "t")
        elif where == "prompt":
            await pilot.press("a")
            assert isinstance(app.screen, PromptModal)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_q_quits_but_types_q_in_the_filter(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "slash", "q")
        assert fleet(app).filter_input.value == "q"
        assert app.is_running
        await pilot.press("enter", "q")
        await pilot.pause()
        assert not app.is_running


# -- moving ------------------------------------------------------------------------------------


async def test_j_k_g_G_move_in_the_tree_and_the_tables(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "j", "j")
        tree = fleet(app).fleet_tree
        assert tree.cursor_line == 2
        await pilot.press("k")
        assert tree.cursor_line == 1
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line
        await pilot.press("g")
        assert tree.cursor_line == 0
        await pilot.press("3")
        table = app.screen.query_one(ReportTable)
        await pilot.press("j", "j", "j")
        assert table.cursor_row == 3
        await pilot.press("G")
        assert table.cursor_row == len(table.rows_shown) - 1
        await pilot.press("k", "g")
        assert table.cursor_row == 0


async def test_n_and_N_walk_the_matches_in_tree_order(in_data: Path) -> None:
    """``tex`` matches us-central, dal-1 (Texas) and den-1; n goes down the tree from the cursor, N back."""
    app = build_app("fleet", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "slash", "t", "e", "x", "enter")
        screen = fleet(app)
        seen = []
        for _ in range(4):
            await pilot.press("n")
            await pilot.pause()
            seen.append(screen.current_key().id)
        assert seen == ["us-central", "dal-1", "den-1", "us-central"]  # wraps
        await pilot.press("N")
        await pilot.pause()
        assert screen.current_key().id == "den-1"
        assert "den-1" in detail_text(app)


async def test_colon_jumps_to_an_id(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "colon")
        assert isinstance(app.screen, PromptModal)
        await pilot.press(*"nope", "enter")
        assert isinstance(app.screen, PromptModal)  # refused, with the reason
        assert "No entity has the id 'nope'" in str(app.screen.query_one("#prompt-error").render())
        await pilot.press("ctrl+a", "ctrl+k", *"DAL-1-GB200", "enter")  # ids are found ignoring case
        await pilot.pause()
        assert fleet(app).current_key() == NodeKey(nodes.GPUS, "dal-1-gb200", "dal-1", 1)
        assert "dal-1-gb200" in detail_text(app)


# -- copy --------------------------------------------------------------------------------------


async def test_y_copies_the_id_and_Y_the_file_and_line(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        fleet(app).reveal(NodeKey(nodes.DATACENTER, "dal-1"))
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == "dal-1"
        assert any(n.message == "Copied dal-1" for n in app._notifications)
        await pilot.press("Y")
        assert app.clipboard == "fleet/sites/texas.yaml:3"
        await pilot.press("3", "G", "y")  # the last figure: its report, then where it is written
        assert app.clipboard == "dallas-2025"
        await pilot.press("Y")
        assert app.clipboard == "fleet/reports.yaml:22"
        await pilot.press("2", "y")  # the fixture's one problem is on that report's figure
        assert app.clipboard == "dallas-2025"
