"""loading: which files are read, how bytes become text, and that reading never writes.

Link loops, a FIFO and an unreadable file are built in tmp_path (git cannot hold them). Tests run
as root, where chmod 000 does not stop a read, so "unreadable" is a FIFO (the real thing for
root) and a monkeypatched read that raises PermissionError (the path an ordinary user takes).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity
from inventory.base.errors import UsageError
from inventory.check.parsed import parse_file
from inventory.engine import load_inventory
from inventory.read.files import decode, discover

FLEET = "apiVersion: gpufleet/v1\nkind: Fleet\nid: acme\nname: Acme Cloud\nas_of: 2025-06-30\n"
REGION = "apiVersion: gpufleet/v1\nkind: Region\nid: r1\navailability: general\ncountry: US\n"

Tree = Callable[[Mapping[str, str | bytes]], Path]


def _names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def _where(diagnostics: Diagnostics | list[Diagnostic]) -> list[tuple[str, str, Severity]]:
    return [(d.code, d.file, d.severity) for d in diagnostics]


# -- discovery --------------------------------------------------------------------------------


def test_discovery_reads_yaml_and_skips_hidden_and_other_files(tree: Tree) -> None:
    root = tree(
        {
            "fleet.yaml": FLEET,
            "regions/b.yml": REGION,
            "regions/a.yaml": REGION,
            "README.md": "not yaml",
            ".hidden.yaml": "not read",
            ".drafts/x.yaml": "not read",
            "notes.yaml.bak": "not read",
        }
    )
    (root / "folder.yaml").mkdir()  # a folder named like a file is walked, never read
    (root / "folder.yaml" / "inside.yaml").write_text(REGION, encoding="utf-8")
    found = discover([root], Diagnostics())
    assert _names(found, root) == ["fleet.yaml", "folder.yaml/inside.yaml", "regions/a.yaml", "regions/b.yml"]


def test_each_real_file_is_read_once(tree: Tree) -> None:
    root = tree({"fleet.yaml": FLEET})
    (root / "alias.yaml").symlink_to("fleet.yaml")
    found = discover([root / "fleet.yaml", root, root / "alias.yaml"], Diagnostics())
    assert _names(found, root) == ["fleet.yaml"]


def test_a_missing_path_cannot_run(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nowhere: no such file or directory"):
        discover([tmp_path / "nowhere"], Diagnostics())


def test_a_folder_without_yaml_cannot_run(tree: Tree) -> None:
    root = tree({"README.md": "hello", ".hidden.yaml": FLEET})
    with pytest.raises(UsageError, match=r"no YAML files \(\*\.yaml, \*\.yml\) under "):
        discover([root], Diagnostics())


def test_a_file_link_loop_is_an_error(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree({"fleet.yaml": FLEET})
    (root / "self.yaml").symlink_to("self.yaml")
    monkeypatch.chdir(root)
    result = load_inventory(["."])
    assert _where(result.diagnostics) == [("symlink-loop", "self.yaml", Severity.ERROR)]
    assert result.inventory.fleet is not None


def test_folder_link_loops_are_skipped_with_a_warning(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link to the folder that holds it, to a sibling already read, and to a folder above the
    root: each is a loop, read once, never followed out of the root."""
    root = tree({"fleet.yaml": FLEET, "sites/a.yaml": REGION})
    (root / "sites" / "up").symlink_to("..")
    (root / "sites" / "again").symlink_to("../sites")
    (root / "sites" / "above").symlink_to("../..")  # the folder that holds the whole inventory
    (root.parent / "outside.yaml").write_text("never: [read\n", encoding="utf-8")
    monkeypatch.chdir(root)
    result = load_inventory(["."])
    assert _where(result.diagnostics.sorted()) == [
        ("symlink-loop", "sites/above", Severity.WARNING),
        ("symlink-loop", "sites/again", Severity.WARNING),
        ("symlink-loop", "sites/up", Severity.WARNING),
    ]
    assert result.inventory.files == ["fleet.yaml", "sites/a.yaml"]


def test_a_link_to_a_folder_elsewhere_is_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "region.yaml").write_text(REGION, encoding="utf-8")
    (tmp_path / "inv").mkdir()
    (tmp_path / "inv" / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    (tmp_path / "inv" / "common").symlink_to("../common")
    monkeypatch.chdir(tmp_path / "inv")
    result = load_inventory(["."])
    assert (list(result.diagnostics), sorted(result.inventory.regions)) == ([], ["r1"])


# -- unreadable files -------------------------------------------------------------------------


def test_a_fifo_is_unreadable_and_never_blocks(tree: Tree) -> None:
    """A named pipe called *.yaml: reading it would wait for a writer forever. In a subprocess, so
    that a regression fails on the timeout instead of hanging the suite."""
    root = tree({"fleet.yaml": FLEET})
    os.mkfifo(root / "pipe.yaml")
    code = (
        "from inventory.engine import load_inventory; r = load_inventory(['.']);"
        "print([(d.code, d.file, d.message) for d in r.diagnostics], r.cannot_run)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60, check=True
    )
    message = "cannot read: not a regular file (a pipe, socket or device)"
    assert done.stdout.strip() == str([("unreadable-file", "pipe.yaml", message)]) + " True"


def test_a_read_error_is_unreadable(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """What chmod 000 does for an ordinary user, by monkeypatching the open to raise EACCES
    (tests/unit/test_files.py does it for real, as an unprivileged user)."""
    root = tree({"fleet.yaml": FLEET, "secret.yaml": REGION})
    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.chdir(root)
    result = load_inventory(["."])
    assert [(d.code, d.file, d.line, d.message) for d in result.diagnostics] == [
        ("unreadable-file", "secret.yaml", None, "cannot read: Permission denied")
    ]
    assert result.cannot_run


# -- bytes to text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "position", "message"),
    [
        (b"name: Caf\xe9\n", (1, 10), "byte 0xe9 is not UTF-8; save the file as UTF-8"),
        (b"a: 1\nname: \xc3\xa9\xe9\n", (2, 8), "byte 0xe9 is not UTF-8; save the file as UTF-8"),
        (b"\xef\xbb\xbfname: Caf\xe9\n", (1, 10), "byte 0xe9 is not UTF-8; save the file as UTF-8"),
        (b"\xff\xfe" + "a: 1\n".encode("utf-16-le"), (1, 1), "file is UTF-16; save it as UTF-8"),
        (b"\xfe\xff" + "a: 1\n".encode("utf-16-be"), (1, 1), "file is UTF-16; save it as UTF-8"),
    ],
    ids=["latin1", "after-multibyte", "after-bom", "utf16-le", "utf16-be"],
)
def test_text_that_is_not_utf8_is_located(data: bytes, position: tuple[int, int], message: str) -> None:
    text, problem = decode("f.yaml", data)
    assert text is None
    assert problem is not None
    assert ((problem.line, problem.col), problem.code, problem.message) == (position, "not-utf8", message)


def test_a_utf8_bom_is_dropped() -> None:
    assert decode("f.yaml", b"\xef\xbb\xbfa: 1\n") == ("a: 1\n", None)


def test_parse_file_is_pure() -> None:
    """The same bytes give equal results (callers may reuse them for unchanged files)."""
    data = (FLEET + "---\n" + REGION.replace("country: US", "country: [US]")).encode()
    first, second = parse_file("f.yaml", data), parse_file("f.yaml", data)
    assert first.diagnostics == second.diagnostics
    assert [e.entity for e in first.entities] == [e.entity for e in second.entities]
    assert [d.code for d in first.diagnostics] == ["wrong-type"]


def test_an_empty_file_is_located_at_its_start() -> None:
    assert [(d.code, d.line, d.col) for d in parse_file("f.yaml", b"").diagnostics] == [("empty-file", 1, 1)]


# -- the inventory-level Fleet check ----------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "codes"),
    [
        ({"region.yaml": REGION}, ["missing-fleet"]),
        ({"region.yaml": REGION, "fleet.yaml": FLEET.replace("as_of: 2025-06-30\n", "")}, ["missing-field"]),
        ({"region.yaml": REGION, "fleet.yaml": "apiVersion: gpufleet/v1\nkind: Fleet\nid: [acme\n"}, ["yaml-syntax"]),
        ({"region.yaml": REGION, "fleet.yaml": b"kind: Fleet\nname: Caf\xe9\n"}, ["not-utf8"]),
    ],
    ids=["no-fleet", "fleet-with-errors", "fleet-file-broken", "fleet-file-not-utf8"],
)
def test_missing_fleet_only_when_no_fleet_was_written(
    files: dict[str, str | bytes], codes: list[str], tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Fleet that failed validation, or a file not read to its end, is not also reported as missing."""
    monkeypatch.chdir(tree(files))
    assert [d.code for d in load_inventory(["."]).diagnostics.sorted()] == codes


# -- nothing is written -----------------------------------------------------------------------


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every entry under root (hidden ones too) with its bytes and modification time."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else b"", p.lstat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }


def test_loading_never_writes_to_the_inventory(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bytes, modification times and the list of entries are the same after a load with problems."""
    root = tree({"fleet.yaml": FLEET, "bad.yaml": "a: [1\n", "sites/dup.yaml": REGION + "---\n" + REGION})
    before = _snapshot(root)
    os.utime(root, ns=(0, 0))
    monkeypatch.chdir(root)
    result = load_inventory(["."])
    assert result.diagnostics.has_errors
    assert _snapshot(root) == before
    assert root.stat().st_mtime_ns == 0  # not even a temporary file was created and removed
