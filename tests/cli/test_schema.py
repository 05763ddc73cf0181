"""``gpufleet schema [--check]``: writes the schema files, and --check says when they are stale."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from inventory.model.schema import SCHEMA_DIR, build_schemas
from tests.conftest import ROOT

Cli = Callable[..., tuple[int, str, str]]
NAMES = sorted(build_schemas())


def test_write_then_check(tmp_path: Path, cli: Cli) -> None:
    """Writing prints each path on stdout; the files are the generated schemas, and nothing else is left."""
    rc, out, err = cli("schema", "--dir", tmp_path)
    assert (rc, out, err) == (0, "".join(f"{tmp_path / name}\n" for name in NAMES), "")
    assert sorted(p.name for p in tmp_path.iterdir()) == NAMES  # no temporary file left behind
    for name, schema in build_schemas().items():
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert json.loads(text) == schema
        assert text.startswith('{\n  "$schema"')
        assert text.endswith("}\n")
    assert cli("schema", "--check", "--dir", tmp_path) == (
        0,
        "",
        f"schemas up to date ({len(NAMES)} files in {tmp_path})\n",
    )


def test_check_fails_on_a_stale_or_missing_file(tmp_path: Path, cli: Cli) -> None:
    cli("schema", "--dir", tmp_path)
    stale = tmp_path / "region.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("cloud region", "zone"), encoding="utf-8")
    (tmp_path / "report.schema.json").unlink()
    assert cli("schema", "--check", "--dir", tmp_path) == (
        1,
        "",
        f"{tmp_path / 'region.schema.json'}: stale or missing\n"
        f"{tmp_path / 'report.schema.json'}: stale or missing\n"
        f"run `gpufleet schema --dir {tmp_path}` to regenerate them\n",
    )


def test_check_fails_on_an_empty_folder(tmp_path: Path, cli: Cli) -> None:
    rc, out, err = cli("schema", "--check", "--dir", tmp_path / "none")
    assert (rc, out, err.count("stale or missing")) == (1, "", len(NAMES))
    assert not (tmp_path / "none").exists()  # --check never writes


def test_the_committed_schemas_pass_the_check(cli: Cli) -> None:
    """What CI runs: `gpufleet schema --check` on the repository's schemas/."""
    assert cli("schema", "--check") == (0, "", f"schemas up to date ({len(NAMES)} files in {SCHEMA_DIR})\n")


def test_files_are_readable_by_all(tmp_path: Path, cli: Cli) -> None:
    """Written atomically, yet with the mode ``open()`` gives under the umask (0644), not mkstemp's 0600."""
    old = os.umask(0o022)
    try:
        cli("schema", "--dir", tmp_path)
    finally:
        os.umask(old)
    assert {oct(stat.S_IMODE((tmp_path / name).stat().st_mode)) for name in NAMES} == {"0o644"}


def test_writing_needs_dir_outside_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    """From a user's own folder, `gpufleet schema` writes nothing unless told where."""
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in SCHEMA_DIR.iterdir()}
    rc, out, err = cli("schema")
    assert (rc, out) == (2, "")
    assert err.startswith("gpufleet: error: where should the schema files go? give --dir")
    assert list(tmp_path.iterdir()) == []
    assert {p.name: p.read_bytes() for p in SCHEMA_DIR.iterdir()} == before


def test_writing_inside_the_checkout_goes_to_its_schemas(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    monkeypatch.chdir(ROOT / "tests")
    rc, out, err = cli("schema")
    assert (rc, err) == (0, "")
    assert out == "".join(f"{SCHEMA_DIR / name}\n" for name in NAMES)
    assert SCHEMA_DIR == ROOT / "schemas"
