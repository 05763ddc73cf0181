"""TUI fixtures: the fixed fixture inventory, a copy to change, no cursor blink, no real editor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

FLEET = Path(__file__).resolve().parents[1] / "data" / "tui" / "fleet"
"""The fixed fixture inventory (4 data centers, 3 SKUs, 2 reports, one figure the inventory contradicts)."""


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots depend on timing: keep it on, always."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def no_editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test opens the developer's editor or reads their home folder."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tests/data/tui, so files show as ``fleet/sites/texas.yaml`` whatever the checkout."""
    monkeypatch.chdir(FLEET.parent)
    return FLEET.parent


@pytest.fixture
def fleet_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture inventory in a fresh folder (the current directory), safe to change."""
    work = tmp_path / "work"
    shutil.copytree(FLEET, work / "fleet")
    monkeypatch.chdir(work)
    return work / "fleet"
