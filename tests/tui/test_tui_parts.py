"""The TUI's plain parts, without an app: editor command, safe text, the view's filter and laziness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from inventory.engine import Loader, Paths, check
from inventory.model.kinds import Scope
from inventory.rollup.lifecycle import Presence
from tui.editor import editor_command
from tui.labels import node_label
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.model.reloader import InventoryReloader
from tui.model.view import FleetView
from tui.text import format_value, safe


@pytest.mark.parametrize(
    ("env", "argv"),
    [
        ({}, ["vi", "+7", "./a.yaml"]),
        ({"EDITOR": "nvim"}, ["nvim", "+7", "./a.yaml"]),
        ({"EDITOR": "emacs -nw", "VISUAL": ""}, ["emacs", "-nw", "+7", "./a.yaml"]),
        ({"EDITOR": "nano", "VISUAL": "vim"}, ["vim", "+7", "./a.yaml"]),
        ({"EDITOR": "/usr/bin/code"}, ["/usr/bin/code", "--wait", "--goto", "./a.yaml:7"]),
        ({"EDITOR": "subl -w"}, ["subl", "-w", "--wait", "./a.yaml:7"]),
    ],
)
def test_editor_command(env: dict[str, str], argv: list[str]) -> None:
    assert editor_command("a.yaml", 7, env) == argv


def test_safe_shows_control_characters_and_keeps_markup_as_text() -> None:
    assert safe("[bold]x[/bold]") == "[bold]x[/bold]"
    assert safe("\x1b[31mred\x07") == "\\x1b[31mred\\x07"
    assert safe("a\u202eb") == "a\\u202eb"  # a right-to-left override would reorder the line
    assert safe("Álava · 1,000") == "Álava · 1,000"


def test_search_matches_id_name_state_host_and_sku(in_data: Path) -> None:
    view = FleetView.build(check(Paths.of(["fleet"])))
    assert view.search("ASHBURN").matched == {NodeKey(nodes.DATACENTER, "ash-1")}
    assert view.search("miner inc").matched == {NodeKey(nodes.DATACENTER, "den-1")}
    assert view.search("HGX").matched == set()  # the form factor is not searched
    found = view.search("H100 SXM")  # a SKU's name finds its deployments
    assert found.matched == {
        NodeKey(nodes.SKU, "h100"),
        NodeKey(nodes.GPUS, "ash-1-h100", "ash-1", 0),
        NodeKey(nodes.GPUS, "dal-1-h100", "dal-1", 0),
    }
    assert NodeKey(nodes.REGION, "us-east") in found.ancestors
    assert view.search("  ").needle == ""


def test_children_are_listed_per_node_in_display_order(in_data: Path) -> None:
    view = FleetView.build(check(Paths.of(["fleet"])))
    assert view.children(view.root) == [nodes.group(g) for g in nodes.GROUP_TITLES]
    assert view.children(nodes.group("no-region")) == [NodeKey(nodes.DATACENTER, "den-1")]
    assert view.children(NodeKey(nodes.DATACENTER, "ash-1")) == [
        NodeKey(nodes.POWER, "ash-1-a", "ash-1", 0),
        NodeKey(nodes.POWER, "ash-1-b", "ash-1", 1),
        NodeKey(nodes.GPUS, "ash-1-h100", "ash-1", 0),
    ]
    assert view.lifecycle_note(NodeKey(nodes.POWER, "ash-1-b", "ash-1", 1)) == "not yet: energized 2025-06"
    assert view.figures_line(NodeKey(nodes.REGION, "us-east")) == "20 MW · 12,000 GPUs"


def test_reload_parses_only_the_files_that_changed(fleet_copy: Path) -> None:
    reloader = InventoryReloader([Path("fleet")])
    first = reloader.load()
    texas = fleet_copy / "sites" / "texas.yaml"
    texas.write_text(texas.read_text().replace("Dallas 1", "Dallas One"))
    second = reloader.load()
    same = {a.file for a, b in zip(first.parsed, second.parsed, strict=True) if a is b}
    assert same == {pf.file for pf in first.parsed} - {"fleet/sites/texas.yaml"}
    assert second.inventory.datacenters["dal-1"].name == "Dallas One"


def test_the_first_reload_reuses_the_apps_first_load(fleet_copy: Path) -> None:
    """Seeded with the app's first load, a reload with nothing changed parses no file again."""
    loader = Loader()
    first = check(Paths.of(["fleet"]), loader=loader)
    reloader = InventoryReloader([Path("fleet")], loader)
    again = reloader.load()
    assert all(a is b for a, b in zip(first.parsed, again.parsed, strict=True))


def test_labels_read_id_badges_figures_then_the_name(in_data: Path) -> None:
    """The name goes last, so a narrow pane cuts it before the figures."""
    view = FleetView.build(check(Paths.of(["fleet"])))
    dallas = node_label(view, NodeKey(nodes.DATACENTER, "dal-1"))
    assert dallas.plain == "dal-1 ≠1  40 MW · 23,200 GPUs  Dallas 1"
    name = dallas.plain.index("Dallas 1")
    assert {str(span.style) for span in dallas.spans if span.start <= name < span.end} == {"dim italic"}
    assert (
        node_label(view, NodeKey(nodes.REGION, "us-central")).plain == "us-central ≠1  40 MW · 23,200 GPUs  US Central"
    )
    assert node_label(view, view.root).plain == "Acme GPU Cloud ✖1 ≠1  4 DCs · 85 MW · 39,200 GPUs"
    assert node_label(view, NodeKey(nodes.SKU, "h100")).plain == "h100  NVIDIA H100 SXM"


def test_a_scope_reads_as_it_is_written() -> None:
    """``scope: fleet`` shows as ``fleet`` (not the model's ``fleet yes``)."""
    assert format_value(Scope.model_validate("fleet")) == "fleet"
    assert format_value(Scope.model_validate({"region": "us-east"})) == "region us-east"
    assert format_value(Scope.model_validate({"host": "Core Scientific"})) == "host Core Scientific"


def test_a_deployment_retired_after_its_site_closed_is_out_like_the_rollup(fleet_copy: Path) -> None:
    """The site closes 2024-06; its GPUs, retired later (2025-01), leave with it. The TUI asks the core's
    lifecycle, so at 2024-12 the deployment shows as not in service and the rollup counts 0 GPUs there.
    (Retiring after the site closed, like the block energized 2025-06, is also a date-order error.)"""
    virginia = fleet_copy / "sites" / "virginia.yaml"
    text = virginia.read_text(encoding="utf-8").replace("since: 2023-02\n", "since: 2023-02\nuntil: 2024-06\n")
    virginia.write_text(text.replace("installed_on: 2023-03\n", "installed_on: 2023-03\n    retired_on: 2025-01\n"))
    verdict = check(Paths.of(["fleet"]))
    errors = [(d.code, d.path) for d in verdict.diagnostics if d.severity.value == "error"]
    assert errors == [("date-order", ("power", 1, "energized_on")), ("date-order", ("gpus", 0, "retired_on"))]
    day = dt.date(2024, 12, 31)
    view = FleetView.build(verdict, day)
    deployment = NodeKey(nodes.GPUS, "ash-1-h100", "ash-1", 0)
    assert view.presence(deployment) is Presence.OUT
    assert not view.is_active(deployment)
    assert view.lifecycle_note(deployment) == "ended 2024-06"
    rolled = verdict.rollup(day)
    assert rolled is not None
    assert rolled.datacenters["ash-1"].gpus == 0
