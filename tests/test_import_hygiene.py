"""The core package and the TUI's model never import Textual, rich or matplotlib; validate never pays for the TUI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import inventory
import tui.model

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(inventory.__path__, prefix="inventory.") if m.name != "inventory.__main__"
)
TUI_MODEL = sorted(["tui.model", *(m.name for m in pkgutil.walk_packages(tui.model.__path__, prefix="tui.model."))])
"""The TUI's headless model: what the screens show, computed without Textual or rich."""


@pytest.mark.parametrize("module", CORE_MODULES + TUI_MODEL)
def test_core_module_imports_no_ui_library(module: str) -> None:
    """Importing any core module leaves textual, rich and matplotlib (only ``chart --out`` imports it) out."""
    code = f"import {module}, sys; print([m for m in ('textual', 'rich', 'matplotlib') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"{module} pulls in {out.strip()}"


def test_cli_parser_does_not_import_textual() -> None:
    """Building the CLI (every verb's parser, the tui verb included) never imports Textual."""
    code = "import sys; from inventory.cli.main import build_parser; build_parser(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
