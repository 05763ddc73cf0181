"""Pilot tests: what a user does with the keys, and what the app shows and opens in return."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from rich.console import Console, RenderableType
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import Static
from textual.widgets.tree import TreeNode

from inventory.rollup.scopes import Presence
from tests.conftest import Cli
from tui.app import InventoryApp, build_app
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.model.problems import Badge
from tui.screens import FleetScreen, ProblemsScreen, PromptModal, ReportsScreen
from tui.widgets import DetailPanel, FleetTree, ProblemTable, RollupPanel
from tui.widgets.rollup_panel import render_rollup

SIZE = (120, 40)


def label(node: TreeNode[NodeKey]) -> Text:
    """A tree node's label (always a Text in FleetTree)."""
    assert isinstance(node.label, Text)
    return node.label


def fleet_screen(app: InventoryApp) -> FleetScreen:
    assert isinstance(app.screen, FleetScreen), app.screen
    return app.screen


def shown_text(widget: DetailPanel | RollupPanel | Static) -> str:
    """The text a pane shows, as a user reads it (lines joined, wrapping undone)."""
    body = widget if isinstance(widget, Static) else widget.query_one(Static)
    return " ".join(" ".join(strip.text for strip in body.render_lines(body.region.reset_offset)).split())


def shown_text_of(renderable: RenderableType) -> str:
    """A renderable's text as a user reads it (lines joined, wrapping undone)."""
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return " ".join(console.export_text().split())


def cursor_key(app: InventoryApp) -> NodeKey:
    return fleet_screen(app).current_key()


async def test_navigation_expands_lazily_and_shows_the_detail(in_data: Path) -> None:
    """Down/Enter walk into a group and a region; the detail pane follows the cursor."""
    seen: list[Message] = []
    app = build_app("fleet")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.press("1")  # the fixture has an error: it opens on Problems
        tree = app.screen.query_one(FleetTree)
        assert tree.root.children[0].data == nodes.group("general")
        general = tree.root.children[0]
        assert len(general.children) == 0  # not built before it is opened
        await pilot.press("down", "enter", "down")
        assert cursor_key(app) == NodeKey(nodes.REGION, "us-central")
        await pilot.press("enter", "down")
        await pilot.pause()
        assert cursor_key(app) == NodeKey(nodes.DATACENTER, "dal-1")
        detail = shown_text(app.screen.query_one(DetailPanel))
        assert "Dallas, Texas, US" in detail
        assert "written at fleet/sites/texas.yaml:3" in detail
        assert "Trade Press: Acme opens Dallas" in detail
        rollup = shown_text(app.screen.query_one(RollupPanel))
        assert "23,200" in rollup  # 16,000 H100 + 7,200 GB200 installed by 2025-03-31
        assert "mismatch" in rollup  # the report says 20,000 for a complete site
        highlighted = [m.key for m in seen if isinstance(m, FleetTree.EntityHighlighted)]
        assert highlighted[-1] == NodeKey(nodes.DATACENTER, "dal-1")
        await pilot.press("left")
        assert cursor_key(app) == NodeKey(nodes.REGION, "us-central")


async def test_badges_count_failing_checks_up_the_tree(in_data: Path) -> None:
    """The fixture loads without error; the dal-1 mismatch badges its branch and is the fleet's one error."""
    app = build_app("fleet")
    view = app.session.view
    assert view.badge(NodeKey(nodes.DATACENTER, "dal-1")).failing_checks == 1
    assert view.badge(nodes.group("general")).failing_checks == 1
    assert view.badge(NodeKey(nodes.DATACENTER, "ash-1")).errors == 0
    assert view.badge(view.root).errors == 1  # the figure-mismatch error, as validate counts it


def break_sku(fleet: Path) -> None:
    """Make falun-1's deployment name a SKU the inventory does not define (one load error)."""
    sweden = fleet / "sites" / "sweden.yaml"
    sweden.write_text(sweden.read_text().replace("sku: h200", "sku: h900"))


async def test_a_load_error_badges_its_branch_and_skips_the_checks_like_validate(fleet_copy: Path, cli: Cli) -> None:
    """One load error: its branch is badged, and like validate the TUI reconciles nothing (no ≠ badge,
    the checks pane says why), so the TUI and CI count the same errors."""
    break_sku(fleet_copy)
    app = build_app("fleet")
    view = app.session.view
    falun = NodeKey(nodes.GPUS, "falun-1-h200", "falun-1", 0)
    for key in (
        falun,
        NodeKey(nodes.DATACENTER, "falun-1"),
        NodeKey(nodes.REGION, "eu-north"),
        nodes.group("dedicated"),
    ):
        assert view.badge(key).errors == 1, key
    assert view.badge(view.root) == Badge(errors=1, warnings=0, failing_checks=0)
    assert view.scopes is not None
    assert view.scopes.checks == []
    text = render_rollup(view, view.root)
    assert "Reconciliation skipped: the inventory has 1 error; fix them first" in shown_text_of(text)
    rc, out, err = cli("validate", "fleet")
    assert rc == 1
    assert [line.split(" ")[1] for line in out.splitlines()] == ["error[unknown-sku]"]
    assert "reconciliation skipped: the inventory has 1 error" in err


async def test_filter_is_incremental_and_escape_clears_it(in_data: Path) -> None:
    """Typing after / narrows the tree at each key; Enter returns to the tree; Escape clears."""
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        tree = app.screen.query_one(FleetTree)
        await pilot.press("slash", "t", "e", "x")
        assert tree.search.matched == {
            NodeKey(nodes.REGION, "us-central"),
            NodeKey(nodes.DATACENTER, "dal-1"),
            NodeKey(nodes.DATACENTER, "den-1"),
        }
        assert tree.border_subtitle == "3 matches · n/N"
        await pilot.press("enter")
        assert tree.has_focus
        shown = {n.data for n in _built(tree)}
        assert NodeKey(nodes.DATACENTER, "den-1") in shown
        assert NodeKey(nodes.REGION, "us-east") not in shown
        await pilot.press("slash", "backspace", "backspace", "backspace", "g", "b", "2")
        assert tree.search.matched == {NodeKey(nodes.GPUS, "dal-1-gb200", "dal-1", 1), NodeKey(nodes.SKU, "gb200")}
        await pilot.press("escape")
        assert tree.search.needle == ""
        assert not app.screen.has_class("filtering")
        assert NodeKey(nodes.REGION, "us-east") in {n.data for n in _built(tree)}


def _built(tree: FleetTree) -> list:  # type: ignore[type-arg]
    out, stack = [], [tree.root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.children)
    return out


async def test_enter_on_a_problem_jumps_to_its_entity(fleet_copy: Path) -> None:
    """From the problems view, Enter opens the branch down to the problem's deployment."""
    break_sku(fleet_copy)
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(ProblemTable)
        codes = [d.code for d, _ in table.rows_shown]
        await pilot.press(*["down"] * codes.index("unknown-sku"), "enter")
        await pilot.pause()
        assert cursor_key(app) == NodeKey(nodes.GPUS, "falun-1-h200", "falun-1", 0)
        assert "unknown-sku" in shown_text(app.screen.query_one(DetailPanel))


async def test_reports_view_lists_each_figure_and_jumps_to_its_report(in_data: Path) -> None:
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        assert isinstance(app.screen, ReportsScreen)
        checks = app.screen.table.checks
        assert [(c.report_id, c.metric, c.status.value) for c in checks][-2:] == [
            ("dallas-2025", "active_power", "ok"),
            ("dallas-2025", "gpus", "mismatch"),
        ]
        await pilot.press(*["down"] * (len(checks) - 1), "enter")
        await pilot.pause()
        assert cursor_key(app) == NodeKey(nodes.REPORT, "dallas-2025")


async def test_as_of_recomputes_everything_and_refuses_a_bad_date(in_data: Path) -> None:
    """At 2024-06-30 only ash-1's H100s are installed (12,000) and 20 + 40 MW are energized."""
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "a")
        assert isinstance(app.screen, PromptModal)
        await pilot.press("ctrl+a", "ctrl+k", *"2024-13", "enter")
        assert isinstance(app.screen, PromptModal)  # refused, still open
        assert "not a real date" in str(app.screen.query_one("#prompt-error").render())
        await pilot.press("backspace", "backspace", *"06-30", "enter")
        await pilot.pause()
        view = app.session.view
        assert view.effective_as_of is not None
        assert view.effective_as_of.isoformat() == "2024-06-30"
        fleet = view.rollup_of(view.root)
        assert (fleet.gpus, str(fleet.active_power)) == (12000, "60 MW")
        assert view.presence(NodeKey(nodes.POWER, "ash-1-b", "ash-1", 1)) is Presence.OUT
        assert "as of 2024-06-30" in app.sub_title
        assert "at 2024-06-30" in shown_text(app.screen.query_one(RollupPanel))
        await pilot.press("a", "ctrl+a", "ctrl+k", "enter")  # empty: back to the Fleet's date
        assert app.session.view.effective_as_of.isoformat() == "2025-03-31"  # type: ignore[union-attr]


def _touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


async def test_reloads_by_itself_when_a_file_changes(fleet_copy: Path) -> None:
    """A changed file is seen by the mtime poll; a half-written one shows its problem and keeps its
    entities marked stale, with a notice naming the file; a vanished folder keeps the last view and says so."""
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        texas = fleet_copy / "sites" / "texas.yaml"
        _touch(texas, texas.read_text().replace("name: Dallas 1", "name: Dallas One"))
        app.poll_files()
        await pilot.pause()
        assert app.session.view.entity(NodeKey(nodes.DATACENTER, "dal-1")).name == "Dallas One"
        generation = app.generation
        app.poll_files()  # nothing changed since: no reload
        assert app.generation == generation
        _touch(texas, "apiVersion: gpufleet/v1\nkind: DataCenter\nid: dal-1\nname: [unclosed\n")
        app.poll_files()
        await pilot.pause()
        view = app.session.view
        codes = {d.code for d, _ in view.problems.owners}
        assert "yaml-syntax" in codes
        dallas = NodeKey(nodes.DATACENTER, "dal-1")
        assert dallas in view.children(NodeKey(nodes.REGION, "us-central"))  # kept, as last read
        assert view.stale == {dallas: "fleet/sites/texas.yaml"}
        assert view.entity(dallas).name == "Dallas One"
        assert view.location(dallas) is None  # not in the file as it reads now
        assert view.rollup_of(view.root).gpus == 16000  # the figures are the files' as they are
        notice = str(app.screen.query_one("#notice", Static).render())
        assert notice.startswith("fleet/sites/texas.yaml:4:")  # the line and column validate gives
        assert " does not parse (yaml-syntax: did not find expected ',' or ']'" in notice
        assert "1 entity shown as last read, marked ◇ stale" in notice
        assert any("does not parse" in n.message for n in app._notifications)
        for path in sorted(fleet_copy.rglob("*.yaml"), reverse=True):
            path.unlink()
        app.poll_files()
        await pilot.pause()
        assert app.session.view is view  # the failed reload kept the last view, and says so
        assert any("Cannot reload" in n.message for n in app._notifications)
        assert "Showing the last load" in str(app.screen.query_one("#notice", Static).render())


async def test_edit_key_opens_editor_at_the_line_and_reloads(fleet_copy: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """e runs $EDITOR +LINE FILE for the selection (here a fake editor that records its arguments)."""
    record = tmp_path / "args.txt"
    editor = tmp_path / "fake-editor"
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {record}\n')
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(editor))
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        fleet_screen(app).reveal(NodeKey(nodes.GPUS, "dal-1-gb200", "dal-1", 1))
        await pilot.pause()
        generation = app.generation
        await pilot.press("e")
        await pilot.pause()
        assert record.read_text().splitlines() == ["+23", "./fleet/sites/texas.yaml"]
        assert app.generation == generation + 1  # reloaded after the editor returned
        await pilot.press("2", "e")  # on the problems view: the problem's own line
        first = app.screen.query_one(ProblemTable).current()
        assert first is not None
        assert record.read_text().splitlines() == [f"+{first[0].line}", "./" + first[0].file]


async def test_markup_and_escape_sequences_in_names_are_shown_as_text(tree) -> None:  # type: ignore[no-untyped-def]
    """A name holding Rich markup or a terminal escape is shown character for character, never interpreted."""
    root = tree(
        {
            "fleet.yaml": (
                'apiVersion: gpufleet/v1\nkind: Fleet\nid: f\nname: "[bold]Evil[/bold] \\e[31mred"\nas_of: 2025-01-01\n'
            ),
            "dc.yaml": (
                "apiVersion: gpufleet/v1\nkind: DataCenter\nid: x\n"
                'name: "[link=https://evil.example]click[/link] \\e]8;;http://x\\a"\n'
            ),
        }
    )
    app = build_app(str(root))
    async with app.run_test(size=SIZE) as pilot:
        tree_widget = app.screen.query_one(FleetTree)
        assert label(tree_widget.root).plain.startswith("[bold]Evil[/bold] \\x1b[31mred")
        await pilot.press("down", "enter", "down")
        await pilot.pause()
        node = tree_widget.cursor_node
        assert node is not None
        assert node.data == NodeKey(nodes.DATACENTER, "x")
        assert "[link=https://evil.example]click[/link] \\x1b]8;;http://x\\x07" in label(node).plain
        assert not label(node).spans or all(not str(s.style).startswith("link") for s in label(node).spans)
        detail = shown_text(app.screen.query_one(DetailPanel))
        assert "[link=https://evil.example]click[/link]" in detail
        assert "\x1b" not in detail
        assert "\x07" not in detail


async def test_an_inventory_with_syntax_errors_opens_on_its_problems(tree) -> None:  # type: ignore[no-untyped-def]
    """With an error in the load, the first screen is the problems list, no key pressed."""
    root = tree({"fleet.yaml": "apiVersion: gpufleet/v1\nkind: Fleet\n\tid: broken\n", "dc.yaml": "- just\n- a list\n"})
    app = build_app(str(root))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.session.view.inventory.fleet is None
        assert isinstance(app.screen, ProblemsScreen)
        assert app.current_mode == "problems"
        codes = {d.code for d, _ in app.screen.query_one(ProblemTable).rows_shown}
        assert {"yaml-syntax", "document-not-mapping"} <= codes
        await pilot.press("1")
        assert "no Fleet" in shown_text(app.screen.query_one(RollupPanel))


WARNED_FLEET = (
    "apiVersion: gpufleet/v1\nkind: Fleet\nid: f\nname: F\nas_of: 2025-01-01\nreconcile:\n  conflicts: warning\n---\n"
    "apiVersion: gpufleet/v1\nkind: Source\nid: s\npublisher: P\ntitle: T\ntype: article\n---\n"
    "apiVersion: gpufleet/v1\nkind: Report\nid: r\nsource: s\nas_of: 2025-01-01\nscope: fleet\n"
    "figures:\n  regions:\n    general:\n      value: 1\n      named: [A, B]\n"
)
"""A valid inventory with one warning (a count smaller than the names it gives) and one note."""


async def test_an_inventory_with_only_warnings_opens_on_the_fleet(tree) -> None:  # type: ignore[no-untyped-def]
    """Warnings and notes are not errors: the first screen is the fleet tree."""
    app = build_app(str(tree({"fleet.yaml": WARNED_FLEET})))
    async with app.run_test(size=SIZE):
        severities = sorted(d.severity.value for d, _ in app.session.view.problems.owners)
        assert severities == ["info", "warning"]
        assert isinstance(app.screen, FleetScreen)
        assert app.current_mode == "fleet"


async def test_the_fixture_with_an_unknown_sku_opens_on_problems_then_1_shows_the_fleet(fleet_copy: Path) -> None:
    break_sku(fleet_copy)
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(ProblemTable)
        assert [(d.severity.value, d.code) for d, _ in table.rows_shown] == [("error", "unknown-sku")]
        cells = [cell.plain for cell in table.get_row_at(0)]  # read first to last: the file is relative
        assert cells[:4] == ["error", "unknown-sku", "GPU deployment falun-1-h200", "sites/sweden.yaml:18"]
        await pilot.press("1")
        assert fleet_screen(app).current_key() == app.session.view.root


async def test_help_lists_the_keys_and_the_palette_lists_the_actions(in_data: Path) -> None:
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "question_mark")
        text = shown_text(app.screen.query_one("#help-box").query_one(Static))
        for words in (
            "/ filter this view",
            "e open $VISUAL",
            "r reload",
            "a set the as-of",
            "d diff against",
            "Enter show the row's entity in the tree",
            "2 Problems",
            "Tab Shift+Tab next, previous pane",
            "Ctrl+C quit at once",
            "j ↓ down",
            "n next filter match",
            "y copy the selection's id",
        ):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, FleetScreen)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Reload", "As-of", "Diff", "Edit", "Problems", "Reports", "Keys", "Jump", "Copy", "Filter"} <= titles


async def test_a_label_too_wide_for_the_pane_ends_with_an_ellipsis(in_data: Path) -> None:
    """At 80x24 the fleet's label is cut at the pane's edge with an ellipsis, its id and badges kept."""
    app = build_app("fleet")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        tree = app.screen.query_one(FleetTree)
        shown = tree.render_label(tree.root, Style(), Style())
        assert shown.cell_len == tree.scrollable_content_region.width
        assert shown.plain.startswith("▼ Acme GPU Cloud ✖1 ≠1  4 DCs")
        assert shown.plain.endswith("…")
        first = tree.root.children[0]
        assert tree.render_label(first, Style(), Style()).plain == label(first).plain.join(("▶ ", ""))


async def test_a_reports_detail_shows_its_scope_as_written(in_data: Path) -> None:
    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        fleet_screen(app).reveal(NodeKey(nodes.REPORT, "acme-2024"))
        await pilot.pause()
        assert "scope fleet written at fleet/reports.yaml:3" in shown_text(app.screen.query_one(DetailPanel))


async def test_t_opens_the_scopes_timeline_from_the_core_series(in_data: Path) -> None:
    """t shows the selected scope's series (the chart's text), Escape closes it."""
    from inventory.reconcile.timeline import default_span
    from tui.model.timeline import scope_timeline
    from tui.screens.timeline import TimelineModal

    app = build_app("fleet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        fleet_screen(app).reveal(NodeKey(nodes.DATACENTER, "dal-1"))
        await pilot.pause()
        await pilot.press("t")
        assert isinstance(app.screen, TimelineModal)
        text = shown_text(app.screen.query_one(Static))
        assert "Acme GPU Cloud · datacenter dal-1" in text
        assert "GPUs 20,000 mismatch dallas-2025" in text
        found = scope_timeline(app.session.view, NodeKey(nodes.DATACENTER, "dal-1"))
        assert found is not None
        span = default_span(app.session.view.inventory)
        assert span is not None
        assert found.title == f"Acme GPU Cloud · datacenter dal-1: {span[0]} to {span[1]}"
        assert found.series.key == ("datacenter", "dal-1")
        await pilot.press("escape")
        assert isinstance(app.screen, FleetScreen)
