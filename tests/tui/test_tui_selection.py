"""Selection that stays by id, big sites grouped, and layouts that do not break (file:line, small windows)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import Static

from inventory.cli.main import main as gpufleet
from inventory.engine import Paths, check
from tests.conftest import Cli
from tui.app import InventoryApp, build_app
from tui.labels import node_label
from tui.model import nodes
from tui.model.grouping import GROUP_OVER, month_of
from tui.model.nodes import NodeKey
from tui.model.view import FleetView
from tui.screens import FleetScreen
from tui.text import Located
from tui.widgets import DetailPanel
from tui.widgets.detail_panel import render_detail

SIZE = (120, 40)
DENVER = NodeKey(nodes.DATACENTER, "den-1")


def fleet(app: InventoryApp) -> FleetScreen:
    assert isinstance(app.screen, FleetScreen), app.screen
    return app.screen


def detail_heading(app: InventoryApp) -> str:
    body = app.screen.query_one(DetailPanel).query_one(Static)
    return body.render_lines(body.region.reset_offset)[0].text.strip()


# -- selection ---------------------------------------------------------------------------------


async def test_clearing_the_filter_keeps_the_entity_selected(in_data: Path) -> None:
    """Select den-1 among the matches of ``tex``, Esc: den-1 stays selected and in view (not whatever row)."""
    app = build_app("fleet", watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "slash", *"tex", "enter")
        screen = fleet(app)
        assert screen.reveal(DENVER)
        await pilot.pause()
        assert detail_heading(app) == "data center den-1"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.current_key() == DENVER
        assert detail_heading(app) == "data center den-1"
        tree = screen.fleet_tree
        assert tree.scroll_offset.y <= tree.cursor_line < tree.scroll_offset.y + tree.scrollable_content_region.height
        await pilot.press("slash", *"ash")  # a filter that hides it: the nearest shown ancestor (the root)
        await pilot.pause()
        assert screen.current_key() == app.session.view.root
        await pilot.press("escape")


async def test_the_selection_survives_a_reload_and_an_as_of_change(fleet_copy: Path) -> None:
    app = build_app("fleet", watch=False)
    deployment = NodeKey(nodes.GPUS, "dal-1-gb200", "dal-1", 1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        fleet(app).reveal(deployment)
        await pilot.pause()
        texas = fleet_copy / "sites" / "texas.yaml"
        texas.write_text(texas.read_text().replace("Dallas 1", "Dallas One"))
        await pilot.press("r")
        await pilot.pause()
        assert fleet(app).current_key() == deployment
        await pilot.press("a", "ctrl+a", "ctrl+k", *"2024-06-30", "enter")
        await pilot.pause()
        assert fleet(app).current_key() == deployment
        assert "not yet: installed 2025-01" in " ".join(
            s.text
            for s in app.screen.query_one(DetailPanel)
            .query_one(Static)
            .render_lines(app.screen.query_one(DetailPanel).query_one(Static).region.reset_offset)
        )


# -- big sites -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> FleetView:
    """A generated 50,000-GPU fleet: sites of a few hundred racks."""
    out = tmp_path_factory.mktemp("gen") / "fleet"
    assert gpufleet(["generate", "--gpus", "50k", str(out)]) == 0
    return FleetView.build(check(Paths.of([str(out)])))


def test_a_big_site_lists_its_deployments_by_sku_then_by_install_month(big: FleetView) -> None:
    site = max(big.inventory.datacenters.values(), key=lambda dc: len(dc.gpus))
    assert len(site.gpus) > GROUP_OVER
    key = NodeKey(nodes.DATACENTER, site.id)
    groups = [k for k in big.children(key) if k.kind == nodes.SKU_GROUP]
    assert [g.id for g in groups] == sorted({d.sku for d in site.gpus})
    under: list[NodeKey] = []
    for group in groups:
        for child in big.children(group):
            if child.kind == nodes.MONTH_GROUP:
                months = big.children(child)
                assert all(month_of(site.gpus[k.index].installed_on) == child.id for k in months)
                under += months
            else:
                under.append(child)
    assert sorted(k.index for k in under) == list(range(len(site.gpus)))  # each deployment once
    some = under[0]
    assert big.ancestors(some)[3:5] == [key, NodeKey(nodes.SKU_GROUP, site.gpus[some.index].sku or "", site.id)]
    assert big.parent(big.parent(some)) in groups or big.parent(some) in groups


def test_a_group_row_shows_the_sums_of_its_deployments(big: FleetView) -> None:
    """Each SKU group's GPUs are the site rollup's GPUs of that SKU; the groups' draws add up to the site's."""
    site = max(big.inventory.datacenters.values(), key=lambda dc: len(dc.gpus))
    dc = NodeKey(nodes.DATACENTER, site.id)
    rollup = big.rollup_of(dc)
    groups = [k for k in big.children(dc) if k.kind == nodes.SKU_GROUP]
    totals = {g.id: big.group_sum(g) for g in groups}
    for sku, total in totals.items():
        assert total is not None
        assert total.deployments == sum(1 for d in site.gpus if (d.sku or "") == sku)
        assert total.gpus == rollup.gpus_by_sku[sku]
    assert sum(t.draw for t in totals.values() if t is not None) == rollup.gpu_draw.watts
    group = groups[-1]
    total = totals[group.id]
    assert total is not None
    members = [d for d in site.gpus if (d.sku or "") == group.id]
    label = node_label(big, group).plain
    assert label.startswith(f"{group.id}  {len(members):,} deployments · {total.gpus:,} GPUs")
    assert "MW draw" in label or "kW draw" in label


def test_a_small_site_stays_flat(in_data: Path) -> None:
    view = FleetView.build(check(Paths.of(["fleet"])))
    assert [k.kind for k in view.children(NodeKey(nodes.DATACENTER, "dal-1"))] == [nodes.POWER, nodes.GPUS, nodes.GPUS]


def test_filter_matches_inside_groups_open_their_branch(big: FleetView) -> None:
    site = max(big.inventory.datacenters.values(), key=lambda dc: len(dc.gpus))
    target = site.gpus[-1]
    found = big.search(target.id)
    key = NodeKey(nodes.GPUS, target.id, site.id, len(site.gpus) - 1)
    assert key in found.matched
    assert NodeKey(nodes.SKU_GROUP, target.sku or "", site.id) in found.ancestors


# -- layout --------------------------------------------------------------------------------------


def _lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text().splitlines()


@pytest.mark.parametrize("width", [80, 40, 30, 20])
def test_file_and_line_never_wrap_inside_themselves(width: int) -> None:
    where = "seeds/coreweave/datacenters/denton.yaml:19"
    lines = _lines(Located(Text("a message long enough to wrap at the narrow widths, then"), where), width)
    assert any(line.endswith("denton.yaml:19") for line in lines), lines
    assert not any(line.strip() == "9" for line in lines)
    assert all(len(line) <= width for line in lines)


async def test_the_detail_pane_never_breaks_a_file_and_line(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        fleet(app).reveal(NodeKey(nodes.GPUS, "dal-1-gb200", "dal-1", 1))
        await pilot.pause()
        body = app.screen.query_one(DetailPanel).query_one(Static)
        view = app.session.view
        lines = [line.rstrip() for line in _lines(render_detail(view, fleet(app).current_key()), body.size.width)]
        assert any(line.endswith("fleet/sites/texas.yaml:23") for line in lines), lines


async def test_a_window_under_80x24_asks_to_be_made_larger(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        message = app.screen.query_one("#too-small", Static)
        assert app.screen.has_class("too-small")
        assert "Make the window larger: gpufleet needs 80×24; this one is 70×20" in str(message.render())
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.screen.has_class("too-small")


def test_tui_without_a_terminal_exits_2_with_a_message(cli: Cli, in_data: Path) -> None:
    """Under pytest stdin and stdout are not terminals: no app is started, nothing waits for keys."""
    rc, out, err = cli("tui", "fleet")
    assert (rc, out) == (2, "")
    assert "gpufleet tui needs a terminal, and stdin and stdout are not a terminal" in err
