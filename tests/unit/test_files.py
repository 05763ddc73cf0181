"""The file system as an attacker arranges it: devices, pipes, sockets, pseudo-filesystems, links to
them, permissions, names too long, files too large, and directory links the loader skips.

Only regular files are read; nothing else is ever opened for reading. Each case runs in a child
process with a timeout where a mistake would hang (a FIFO opened for reading blocks forever).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from inventory.base.diagnostics import Diagnostics
from inventory.engine import load_inventory
from inventory.read import prefetch
from inventory.read.files import discover, read_bytes
from tests.conftest import ROOT, Tree
from tests.unprivileged import run_as_nobody, shared_dir

FLEET = "apiVersion: gpufleet/v1\nkind: Fleet\nid: acme\nname: Acme Cloud\nas_of: 2025-06-30\n"
REGION = "apiVersion: gpufleet/v1\nkind: Region\nid: r{n}\navailability: general\ncountry: US\n"


def _load_in_child(root: Path) -> list[tuple[str, str, str]]:
    """(code, file, severity) of load_inventory(root), in a child that would time out on a hang."""
    code = (
        "import sys; from inventory.engine import load_inventory\n"
        "r = load_inventory(['.'])\n"
        "print(sorted((d.code, d.file, d.severity.value) for d in r.diagnostics))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    return eval(done.stdout)


def test_links_to_devices_and_fifos_are_refused_without_being_opened(tree: Tree) -> None:
    root = tree({"fleet.yaml": FLEET})
    os.mkfifo(root / "fifo-target")
    (root / "fifo.yaml").symlink_to(root / "fifo-target")  # opening it to read would block forever
    (root / "null.yaml").symlink_to("/dev/null")
    (root / "zero.yaml").symlink_to("/dev/zero")  # read would never end
    (root / "tty.yaml").symlink_to("/dev/tty")
    found = _load_in_child(root)
    assert found == [("unreadable-file", name, "error") for name in ("fifo.yaml", "null.yaml", "tty.yaml", "zero.yaml")]


def test_a_socket_is_refused(tree: Tree) -> None:
    root = tree({"fleet.yaml": FLEET})
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "s.yaml"))
        assert _load_in_child(root) == [("unreadable-file", "s.yaml", "error")]
    finally:
        server.close()


@pytest.mark.parametrize("target", ["/proc/kmsg", "/proc/self/status", "/sys/kernel/mm/transparent_hugepage/enabled"])
def test_a_link_into_a_pseudo_filesystem_is_refused(tree: Tree, target: str) -> None:
    """/proc/kmsg claims to be a regular file and blocks a reader (as root) until the kernel logs."""
    root = tree({"fleet.yaml": FLEET})
    (root / "k.yaml").symlink_to(target)
    assert _load_in_child(root) == [("unreadable-file", "k.yaml", "error")]


def test_a_pseudo_filesystem_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    code = "from inventory.engine import load_inventory; r = load_inventory(['/proc/self']); print(r.cannot_run)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
    )
    assert done.stdout.strip() == "True", done.stderr


def test_a_directory_link_into_proc_is_skipped_with_a_note(tree: Tree) -> None:
    root = tree({"fleet.yaml": FLEET})
    (root / "proc").symlink_to("/proc/self")
    result = load_inventory([root])
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("unreadable-file", "warning")]
    assert not result.cannot_run


def test_a_file_over_the_size_limit_is_refused_from_its_size(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree({"fleet.yaml": FLEET, "big.yaml": REGION.format(n=1) + "# " + "x" * 200 + "\n"})
    monkeypatch.setenv("GPUFLEET_MAX_FILE_SIZE", "200")
    monkeypatch.chdir(root)
    result = load_inventory(["."])
    assert [(d.code, d.file, d.line) for d in result.diagnostics] == [("file-too-large", "big.yaml", None)]
    assert "larger than 200 bytes" in result.diagnostics.sorted()[0].message
    monkeypatch.setenv("GPUFLEET_MAX_FILE_SIZE", "1k")
    assert list(load_inventory(["."]).diagnostics) == []


def test_a_bad_size_limit_is_a_usage_error(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    from inventory.cli.main import main

    monkeypatch.setenv("GPUFLEET_MAX_FILE_SIZE", "lots")
    assert main(["validate", str(tree({"fleet.yaml": FLEET}))]) == 2


def test_a_name_too_long_is_unreadable_not_a_traceback(tree: Tree) -> None:
    root = tree({"fleet.yaml": FLEET})
    diagnostics = Diagnostics()
    assert read_bytes(root / ("x" * 300 + ".yaml"), diagnostics) is None
    assert [(d.code, d.message) for d in diagnostics] == [
        ("unreadable-file", "cannot read: the path is too long for the system")
    ]


def test_the_prefetch_reads_exactly_the_files_the_loader_reads(tree: Tree) -> None:
    root = tree({"fleet.yaml": FLEET, "a/r.yaml": REGION.format(n=1), ".hidden/r.yaml": REGION.format(n=2)})
    (root / "a" / "up").symlink_to("..")  # a loop: the loader skips it
    (root / "a" / "root").symlink_to("/")  # the whole disk: the loader skips it (an ancestor)
    (root / "again").symlink_to("a")  # the same folder twice: read once
    loaded = {os.path.realpath(p) for p in discover([root], Diagnostics())}
    assert loaded == {str((root / n).resolve()) for n in ("fleet.yaml", "a/r.yaml")}
    assert prefetch._files([str(root)]) == {}  # the walk has notes (links skipped): no prefetch, the loader tells
    (root / "a" / "up").unlink()
    (root / "a" / "root").unlink()
    (root / "again").unlink()
    assert set(prefetch._files([str(root)])) == loaded


# -- permissions, as an unprivileged user -----------------------------------------------------


def _big_inventory(folder: Path) -> Path:
    """An inventory over prefetch.MIN_WORK (2 MB), so a prefetching child is forked to read it."""
    root = folder / "inv"
    root.mkdir()
    (root / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    regions = "---\n".join(REGION.format(n=n) for n in range(30_000))
    (root / "regions.yaml").write_text(regions, encoding="utf-8")
    assert len(regions) > prefetch.MIN_WORK
    return root


def test_permission_errors_anywhere_are_unreadable_file_and_exit_2_even_with_the_prefetch() -> None:
    folder = shared_dir()
    root = _big_inventory(folder)
    secret = root / "secret.yaml"
    secret.write_text(REGION.format(n="s"), encoding="utf-8")
    secret.chmod(0o000)
    closed = root / "closed"
    closed.mkdir()
    (closed / "r.yaml").write_text(REGION.format(n="c"), encoding="utf-8")
    closed.chmod(0o000)
    code, out, err = run_as_nobody(["validate", str(root)], folder)
    assert code == 2, err
    assert "Traceback" not in err
    lines = [x for x in out.splitlines() if "unreadable-file" in x]
    assert any("secret.yaml" in x and "Permission denied" in x for x in lines), out
    assert any("closed" in x and "Permission denied" in x for x in lines), out


def test_an_unreadable_inventory_folder_is_exit_2() -> None:
    folder = shared_dir()
    root = folder / "inv"
    root.mkdir()
    (root / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    root.chmod(0o000)
    code, out, err = run_as_nobody(["validate", "inv"], folder)
    assert code == 2, err
    assert "unreadable-file" in out
    assert "Traceback" not in err
    code, _, err = run_as_nobody(["rollup", "inv"], folder)
    assert code == 2, err
