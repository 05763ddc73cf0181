"""The cache's one promise: a cached run prints what an uncached run prints, byte for byte.

Random edit sequences over generated fleets (edit, break, rename, delete and add files, change the
Fleet's reconcile settings, the options and ``--as-of``); after each edit every command runs
uncached, then cached twice (the first may miss and record, the second replays), in each format,
and all three must agree on stdout, stderr and exit code.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.cli.main import main
from inventory.generate.fleet import plan_fleet
from inventory.generate.yaml_text import render_fleet
from tests.conftest import write_tree

_runs = itertools.count()

EDITS = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 50), st.sampled_from(["number", "syntax", "comment", "id", "unit"])),
    st.tuples(st.just("rename"), st.integers(0, 50), st.sampled_from(["sub/moved.yaml", "zz.yml", "a.yaml"])),
    st.tuples(st.just("delete"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("add"), st.integers(0, 50), st.sampled_from(["copy", "empty", "region", "not-utf8"])),
    st.tuples(st.just("config"), st.integers(0, 1), st.sampled_from(["warning", "error"])),
    st.tuples(st.just("as-of"), st.integers(0, 3), st.just("")),
    st.tuples(st.just("options"), st.integers(0, 3), st.just("")),
)
AS_OF = [None, "2025-06-30", "2026", "2024-Q3"]
OPTIONS = [[], ["--strict"], ["--mismatches", "warning", "-v"], ["--conflicts", "warning"]]
FORMATS = {
    "validate": ["text", "json", "github"],
    "rollup": ["table", "json", "csv"],
    "reconcile": ["table", "json"],
    "diff": ["text", "markdown", "json"],
}


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.y*ml") if ".gpufleet_cache" not in p.parts)


def apply(root: Path, edit: tuple[str, int, str], state: dict[str, int]) -> None:
    kind, n, how = edit
    present = files(root)
    target = present[n % len(present)] if present else None
    if kind == "edit" and target is not None:
        text = target.read_bytes().decode("utf-8", "replace")
        if how == "number":
            text = text.replace("gpus: ", "gpus: 1", 1)
        elif how == "syntax":
            text += "\nbroken: [unclosed\n"
        elif how == "comment":
            text = "# edited\n" + text
        elif how == "id":
            text = text.replace("id: ", "id: x", 1)
        else:
            text = text.replace(" MW", " MWh", 1)
        target.write_text(text, encoding="utf-8")
    elif kind == "rename" and target is not None:
        new = root / how
        new.parent.mkdir(parents=True, exist_ok=True)
        if not new.exists():
            target.rename(new)
    elif kind == "delete" and target is not None and len(present) > 1:
        target.unlink()
    elif kind == "add":
        name = root / f"added-{n}.yaml"
        if how == "copy" and target is not None:
            shutil.copyfile(target, name)
        elif how == "empty":
            name.write_text("# nothing\n", encoding="utf-8")
        elif how == "region":
            name.write_text(
                f"apiVersion: gpufleet/v1\nkind: Region\nid: added-{n}\nname: Added {n}\n", encoding="utf-8"
            )
        else:
            name.write_bytes(b"apiVersion: gpufleet/v1\nkind: Region\nid: \xff\xfe\n")
    elif kind == "config":
        fleet = root / "fleet.yaml"
        if fleet.exists():
            text = fleet.read_text(encoding="utf-8").split("reconcile:")[0]
            key = ("mismatches", "conflicts")[n]
            fleet.write_text(f"{text.rstrip()}\nreconcile:\n  {key}: {how}\n", encoding="utf-8")
    elif kind == "as-of":
        state["as_of"] = n
    elif kind == "options":
        state["options"] = n


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return int(code), out.getvalue(), err.getvalue()


def commands(root: Path, before: Path, state: dict[str, int], pick: int) -> list[list[str]]:
    as_of = AS_OF[state["as_of"]]
    dated = ["--as-of", as_of] if as_of else []
    options = OPTIONS[state["options"]]
    out = [["validate", str(root), "--format", f, *options] for f in FORMATS["validate"]]
    severities = [o for o in options if o != "--strict" and o != "-v"]
    out.append(["rollup", str(root), "--format", FORMATS["rollup"][pick % 3], *dated])
    out.append(["reconcile", str(root), "--format", FORMATS["reconcile"][pick % 2], *severities])
    out.append(["diff", str(before), str(root), "--format", FORMATS["diff"][pick % 3], *dated])
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    gpus=st.sampled_from([2_000, 9_000]),
    seed=st.integers(1, 50),
    discrepancies=st.integers(0, 2),
    edits=st.lists(EDITS, min_size=1, max_size=5),
    pick=st.integers(0, 5),
)
def test_every_cached_run_equals_an_uncached_run(
    cached: Path,
    monkeypatch: pytest.MonkeyPatch,
    gpus: int,
    seed: int,
    discrepancies: int,
    edits: list[tuple[str, int, str]],
    pick: int,
) -> None:
    base = cached / f"run-{next(_runs)}"
    root = write_tree(base / "inv", render_fleet(plan_fleet(gpus, seed=seed, discrepancies=discrepancies), "test"))
    before = base / "before"
    state = {"as_of": 0, "options": 0}
    for edit in edits:
        shutil.rmtree(before, ignore_errors=True)
        shutil.copytree(root, before, ignore=shutil.ignore_patterns(".gpufleet_cache"))
        apply(root, edit, state)
        for argv in commands(root, before, state, pick):
            monkeypatch.setenv("GPUFLEET_NO_CACHE", "1")
            uncached = run(argv)
            monkeypatch.delenv("GPUFLEET_NO_CACHE")
            first, second = run(argv), run(argv)
            assert first == uncached, argv
            assert second == uncached, argv
    assert list((root / ".gpufleet_cache" / "v1" / "run").rglob("*"))  # the cache was used
