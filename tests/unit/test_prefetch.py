"""Prefetching: a forked child reads YAML while the parent imports; the results never depend on it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from inventory.cli.main import main
from inventory.generate.fleet import plan_fleet
from inventory.generate.plan import write_fleet
from inventory.generate.yaml_text import render_fleet
from inventory.read import fast_reader, prefetch


@pytest.fixture
def fleet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small generated fleet, with the size threshold lowered so that it is prefetched."""
    out = tmp_path / "fleet"
    write_fleet(render_fleet(plan_fleet(30_000, seed=2), "test"), out)
    monkeypatch.setattr(prefetch, "MIN_WORK", 0)
    monkeypatch.setattr(prefetch, "_pending", None)
    return out


def contents_of(root: Path) -> list[tuple[str, bytes]]:
    return [(os.path.realpath(p), p.read_bytes()) for p in sorted(root.rglob("*.yaml"))]


def test_the_child_starts_and_the_results_are_the_same(fleet: Path) -> None:
    """After start a child is pending, heaviest file first; the results equal prepare's."""
    prefetch.start(["validate", str(fleet)])
    child = prefetch._pending
    assert child is not None
    contents = contents_of(fleet)
    assert sorted(child.order) == sorted(path for path, _ in contents)
    sizes = [Path(p).stat().st_size for p in child.order]
    assert sizes == sorted(sizes, reverse=True)
    assert prefetch.prepare_contents(contents) == [fast_reader.prepare(data) for _, data in contents]
    assert prefetch._pending is None


def test_a_slow_child_leaves_the_light_files_to_the_parent(fleet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent reads from the light end until it meets the child's claims; same results."""
    parent = os.getpid()
    real_prepare = fast_reader.prepare
    by_parent: list[bytes] = []

    def prepare(data: bytes) -> bytes:
        if os.getpid() != parent:
            time.sleep(0.2)  # a child that has not got far when the parent is ready
        else:
            by_parent.append(data)
        return real_prepare(data)

    monkeypatch.setattr(prefetch, "prepare", prepare)
    prefetch.start(["validate", str(fleet)])
    contents = contents_of(fleet)
    assert prefetch.prepare_contents(contents) == [real_prepare(data) for _, data in contents]
    assert 0 < len(by_parent) < len(contents)


def test_a_file_changed_after_the_child_read_it_is_read_again(fleet: Path) -> None:
    """The child's result is used only for the very bytes it read (digest check)."""
    prefetch.start(["validate", str(fleet)])
    child = prefetch._pending
    assert child is not None
    while not child.claims[1]:  # once the child claims the second file, it has read the first
        time.sleep(0.001)
    changed = Path(child.order[0])
    changed.write_text(changed.read_text(encoding="utf-8").replace("gpus: 72", "gpus: 71", 1), encoding="utf-8")
    contents = contents_of(fleet)
    assert prefetch.prepare_contents(contents) == [fast_reader.prepare(data) for _, data in contents]


def test_a_failing_child_changes_nothing(fleet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the child dies, the parent reads every file itself."""
    parent = os.getpid()
    real_prepare = fast_reader.prepare

    def prepare(data: bytes) -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real_prepare(data)

    monkeypatch.setattr(prefetch, "prepare", prepare)
    prefetch.start(["rollup", str(fleet)])
    assert prefetch._pending is not None
    contents = contents_of(fleet)
    assert prefetch.prepare_contents(contents) == [real_prepare(data) for _, data in contents]


def test_a_child_past_its_deadline_is_stopped(fleet: Path) -> None:
    """A child that has not finished by its deadline is killed and its share read by the parent."""
    prefetch.start(["validate", str(fleet)])
    child = prefetch._pending
    assert child is not None
    child.deadline = 0.0
    contents = contents_of(fleet)
    assert prefetch.prepare_contents(contents) == [fast_reader.prepare(data) for _, data in contents]
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # reaped: no zombie left behind


def test_validate_reports_the_same_with_and_without_prefetching(
    fleet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end through the CLI: same output, same exit code."""
    (fleet / "datacenters" / "extra.yaml").write_text("apiVersion: gpufleet/v1\nkind: Region\nid: bad id\n")
    runs = []
    for threshold in (0, 10**12):
        prefetch.MIN_WORK = threshold
        rc = main(["validate", str(fleet)])
        runs.append((rc, *capsys.readouterr()))
    assert runs[0] == runs[1]
    assert runs[0][0] == 1


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate"], ["."]),
        (["validate", "--format", "json", "--strict"], ["."]),
        (["schema", "--check"], None),
        (["diff", "HEAD~1"], None),
        ([], None),
    ],
)
def test_paths_are_guessed_only_for_loading_commands(argv: list[str], expected: list[str] | None) -> None:
    assert prefetch._paths(argv) == expected


def test_existing_paths_are_taken_from_the_arguments(tmp_path: Path) -> None:
    assert prefetch._paths(["tui", str(tmp_path), "--as-of", "2026-03-31"]) == [str(tmp_path)]


def test_small_inventories_are_not_prefetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below MIN_WORK bytes no child is forked: forking would cost more than it saves."""
    monkeypatch.setattr(prefetch, "_pending", None)
    (tmp_path / "a.yaml").write_text("a: 1\n")
    prefetch.start(["validate", str(tmp_path)])
    assert prefetch._pending is None
