"""Diff mode: a real git repository; what changed since a revision is marked in the tree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static
from textual.widgets.tree import TreeNode

from inventory.cli.main import main
from tui.app import build_app
from tui.model import nodes
from tui.model.nodes import NodeKey
from tui.screens import FleetScreen, PromptModal
from tui.widgets import DetailPanel, FleetTree

FLEET = Path(__file__).resolve().parents[1] / "data" / "tui" / "fleet"
COLUMBUS = "apiVersion: gpufleet/v1\nkind: DataCenter\nid: col-1\nname: Columbus 1\nregion: us-east\nsince: 2025-01\n"
GB200 = (
    "  - id: dal-1-gb200\n    sku: gb200\n    gpus: 7200\n    racks: 100\n    installed_on: 2025-01\n"
    "    sources: [trade-press]\n"
)


def label(node: TreeNode[NodeKey]) -> Text:
    """A tree node's label (always a Text in FleetTree)."""
    assert isinstance(node.label, Text)
    return node.label


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture inventory committed in a fresh repository, then changed in the working tree."""
    for name, value in (
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@example.com"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@example.com"),
    ):
        monkeypatch.setenv(name, value)
    root = tmp_path / "repo"
    shutil.copytree(FLEET, root / "inv")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "fixture")
    texas = root / "inv" / "sites" / "texas.yaml"
    text = texas.read_text()
    assert GB200 in text
    texas.write_text(text.replace(GB200, "").replace("name: Dallas 1", "name: Dallas One"))
    (root / "inv" / "sites" / "ohio.yaml").write_text(COLUMBUS)
    monkeypatch.chdir(root)
    return root


async def test_diff_marks_added_removed_and_changed_entities(repo: Path) -> None:
    """--diff HEAD: col-1 added, dal-1's GB200 deployment removed, dal-1 renamed; old -> new shown."""
    app = build_app("inv", diff="HEAD")
    view = app.session.view
    assert view.marks == {
        NodeKey(nodes.DATACENTER, "col-1"): "added",
        NodeKey(nodes.GPUS, "dal-1-gb200", "dal-1", 1): "removed",
        NodeKey(nodes.DATACENTER, "dal-1"): "changed",
    }
    assert "since HEAD: 1 added, 1 removed, 1 changed" in app.sub_title
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")  # the copy of the fixture has its error: it opens on Problems
        screen = app.screen
        assert isinstance(screen, FleetScreen)
        removed = NodeKey(nodes.GPUS, "dal-1-gb200", "dal-1", 1)
        assert screen.reveal(removed)
        await pilot.pause()
        tree = screen.query_one(FleetTree)
        node = tree.find(removed)
        assert node is not None
        assert label(node).plain.startswith("- dal-1-gb200")
        dal = tree.find(NodeKey(nodes.DATACENTER, "dal-1"))
        assert dal is not None
        assert label(dal).plain.startswith("~ dal-1")
        screen.reveal(NodeKey(nodes.DATACENTER, "dal-1"))
        await pilot.pause()
        body = screen.query_one(DetailPanel).query_one(Static)
        detail = " ".join(" ".join(strip.text for strip in body.render_lines(body.region.reset_offset)).split())
        assert "Changes since HEAD" in detail
        assert "name Dallas 1 → Dallas One" in detail
        col = NodeKey(nodes.DATACENTER, "col-1")
        assert screen.reveal(col)
        assert tree.find(col).label.plain.startswith("+ col-1")  # type: ignore[union-attr]


async def test_diff_key_asks_for_a_revision_and_empty_leaves_diff_mode(repo: Path) -> None:
    app = build_app("inv")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.session.view.marks == {}
        await pilot.press("d")
        assert isinstance(app.screen, PromptModal)
        await pilot.press("enter")  # the default: HEAD
        await pilot.pause()
        assert NodeKey(nodes.DATACENTER, "col-1") in app.session.view.marks
        await pilot.press("d", "ctrl+a", "ctrl+k", *"no-such-rev", "enter")
        await pilot.pause()
        assert any("no branch, tag or commit" in n.message for n in app._notifications)
        assert app.session.diff_revision == "HEAD"  # the failed diff kept the last one
        await pilot.press("d", "ctrl+a", "ctrl+k", "enter")
        assert app.session.view.marks == {}


def test_tui_command_refuses_bad_options_before_starting(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad --as-of or --diff exits 2 with a message, without starting the UI."""
    assert main(["tui", "inv", "--as-of", "2025-02-30"]) == 2
    assert "--as-of: '2025-02-30' is not a real date" in capsys.readouterr().err
    assert main(["tui", "inv", "--diff", "nope"]) == 2
    assert "--diff: nope: no such directory, and no branch, tag or commit" in capsys.readouterr().err
    assert main(["tui", "missing-folder"]) == 2
    assert "missing-folder: no such file or directory" in capsys.readouterr().err
