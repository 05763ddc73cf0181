"""tui/ imports form no cycle (TYPE_CHECKING imports included): screens never import the app."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"


def _module(path: Path) -> str:
    parts = path.relative_to(TUI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """tui module -> the tui modules it imports, anywhere in its text."""
    modules = {_module(p): p for p in TUI.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tui"):
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("tui")}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_tui_has_no_import_cycle() -> None:
    graph = imports()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for child in sorted(graph[name]):
            visit(child, [*path, name])
        done.add(name)

    for module in sorted(graph):
        visit(module, [])


def test_the_screens_and_widgets_never_import_the_app() -> None:
    graph = imports()
    for name, found in graph.items():
        if name.startswith(("tui.screens", "tui.widgets")):
            assert not found & {"tui.app", "tui.actions"}, name
