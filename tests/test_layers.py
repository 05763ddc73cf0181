"""The package layout is the pipeline: imports only point down it, and no module imports itself back.

Every import is read from the source (module level, inside functions and under TYPE_CHECKING
alike), so a deferred import cannot hide a cycle. The layers of ``inventory/``, bottom first; a
module may import its own layer and the layers below, never above; ``tui`` sits on top of all.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = (
    ("base",),
    ("read",),
    ("model",),
    ("check",),
    ("rollup",),
    ("reconcile",),
    ("engine",),
    ("diff",),
    ("output", "generate"),
    ("lsp",),
    ("cli",),
)
"""inventory's sub-packages from the bottom of the pipeline up; one tuple a layer."""
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}
ALLOWED = {("inventory.cli.tui", "tui.app")}
"""The one import upward, on purpose: the ``gpufleet tui`` verb starts the app (inside its run, so no
other verb pays for Textual: tests/test_import_hygiene.py checks that)."""
TOP = len(LAYERS)


def modules() -> dict[str, Path]:
    found = {}
    for package in ("inventory", "tui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = modules()


def imports(path: Path, name: str) -> Iterator[tuple[str, int]]:
    """(module imported, line) for every import in ``path`` that names a module of ours."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target:
                yield target, node.lineno


def rank(module: str) -> int:
    parts = module.split(".")
    if parts[0] == "tui":
        return TOP + 1
    if len(parts) == 1:  # inventory/__init__.py: the version, below everything
        return -1
    if parts[1] == "__main__":
        return TOP
    return RANK[parts[1]]


GRAPH = {name: sorted({t for t, _ in imports(path, name) if t != name}) for name, path in MODULES.items()}


def test_every_sub_package_has_a_layer() -> None:
    packages = {name.split(".")[1] for name in MODULES if name.startswith("inventory.") and name.count(".") >= 1}
    assert packages - {"__main__"} <= set(RANK), sorted(packages - set(RANK))


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down_the_pipeline(name: str) -> None:
    upward = [
        f"{MODULES[name].relative_to(ROOT)}:{line}: imports {target}"
        for target, line in imports(MODULES[name], name)
        if target != name
        and rank(target) > rank(name)
        and not _package_of(name, target)
        and (name, target) not in ALLOWED
    ]
    assert upward == []


def _package_of(name: str, target: str) -> bool:
    """A package's ``__init__`` may re-export its own modules."""
    return MODULES[name].name == "__init__.py" and target.startswith(name + ".")


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components over every import: each component is one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if _package_of(v, w):
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_checker_finds_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    """The checks above can fail: a fake graph with an upward import and a cycle is caught."""
    fake = tmp_path / "m.py"
    fake.write_text("from inventory.cli.main import main\n", encoding="utf-8")
    assert [t for t, _ in imports(fake, "inventory.base.fake")] == ["inventory.cli.main"]
    assert rank("inventory.cli.main") > rank("inventory.base.text")
    assert "inventory.engine" in GRAPH["inventory.cli.common"]


def test_no_verb_imports_another() -> None:
    """Each verb is a thin module over shared code (cli/common.py), never over another verb."""
    # cli/replay.py is main's dispatcher through the cache (no verb): it names each cached verb's sources.
    shared = {"inventory.cli", "inventory.cli.main", "inventory.cli.common", "inventory.cli.replay"}
    verbs = {name for name in MODULES if name.startswith("inventory.cli.") and name not in shared}
    crossing = {(name, target) for name in verbs for target in GRAPH[name] if target in verbs}
    assert crossing == set()
