"""The cache seen from the command line: same answers, answered without the models, never fooled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inventory.engine.cache import Store
from inventory.generate.fleet import plan_fleet
from inventory.generate.yaml_text import render_fleet
from tests.conftest import ROOT, Cli, GitRepo, write_tree

MODELS_IMPORTED = (
    "import sys\nfrom inventory.cli.main import main\ncode = main(sys.argv[1:])\n"
    "print(sorted(m for m in ('pydantic', 'yaml', 'ruamel', 'jsonschema', 'textual', 'inventory.model.kinds')"
    " if m in sys.modules), file=sys.stderr)\nraise SystemExit(code)\n"
)


def fleet(root: Path, discrepancies: int = 0) -> Path:
    return write_tree(root, render_fleet(plan_fleet(4000, seed=2, discrepancies=discrepancies), "test"))


def entries(root: Path, kind: str) -> list[Path]:
    return sorted(p for p in (root / ".gpufleet_cache" / "v1" / kind).rglob("*") if p.is_file())


def test_a_repeat_run_replays_the_same_answer_without_importing_the_models(cached: Path) -> None:
    inv = fleet(cached / "inv", discrepancies=2)
    runs = [
        subprocess.run(
            [sys.executable, "-c", MODELS_IMPORTED, "validate", str(inv)], capture_output=True, text=True, cwd=ROOT
        )
        for _ in range(2)
    ]
    cold, warm = runs
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout == warm.stdout
    assert cold.stdout.count("error[") == 2
    *cold_err, cold_modules = cold.stderr.splitlines()
    *warm_err, warm_modules = warm.stderr.splitlines()
    assert cold_err == warm_err
    assert "pydantic" in cold_modules
    assert warm_modules == "[]"  # answered from the cache: no pydantic, no YAML reader, no model built
    assert len(entries(inv, "run")) == 1
    assert entries(inv, "parse")


def test_a_planted_answer_cannot_change_the_verdict(cached: Path, cli: Cli) -> None:
    inv = fleet(cached / "inv", discrepancies=2)
    first = cli("validate", inv)
    assert first[0] == 1
    [entry] = entries(inv, "run")
    header, _ = entry.read_bytes().split(b"\n", 1)
    magic, version, kind, key, _mac, _ = header.decode().split(" ")
    lie = json.dumps({"code": 0, "out": [["err", "checked 0 files: 0 errors, 0 warnings\n"]]}).encode()
    forged = f"{magic} {version} {kind} {key} {'0' * 64} {len(lie)}\n".encode() + lie
    attacker = Store(inv / ".gpufleet_cache", os.urandom(32), 2**30)  # signed, but not with this user's secret
    attacker.put("run", key, lie)
    for planted in (forged, attacker.path("run", key).read_bytes()):
        entry.write_bytes(planted)
        assert cli("validate", inv) == first
    # A real, signed answer of another inventory, moved under this key, is refused too.
    other = fleet(cached / "other")
    assert cli("validate", other)[0] == 0
    [theirs] = entries(other, "run")
    entry.write_bytes(theirs.read_bytes())
    assert cli("validate", inv) == first


def test_a_planted_parse_cannot_change_the_verdict(cached: Path, cli: Cli) -> None:
    inv = fleet(cached / "inv")
    assert cli("validate", "--no-cache", inv)[0] == 0
    first = cli("validate", inv)
    assert first[0] == 0
    for entry in entries(inv, "parse"):  # each file's reading replaced by an unsigned lie
        header, _body = entry.read_bytes().split(b"\n", 1)
        lie = b'{"fast":true,"documents":[{"apiVersion":"nope"}],"starts":[[0,0]]}'
        entry.write_bytes(header.rsplit(b" ", 1)[0] + f" {len(lie)}\n".encode() + lie)
    for entry in entries(inv, "run"):
        entry.unlink()
    assert cli("validate", inv) == first


def test_a_changed_file_gets_a_new_answer_and_only_it_is_read_again(cached: Path, cli: Cli) -> None:
    inv = fleet(cached / "inv")
    assert cli("validate", inv)[0] == 0
    parses = len(entries(inv, "parse"))
    target = sorted((inv / "datacenters").iterdir())[0]
    target.write_text(target.read_text(encoding="utf-8").replace("gpus: ", "gpus: -", 1), encoding="utf-8")
    changed = cli("validate", inv)
    assert changed == cli("validate", "--no-cache", inv)
    assert changed[0] == 1
    assert len(entries(inv, "parse")) == parses + 1


def test_no_cache_and_the_environment_turn_it_off(cached: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    inv = fleet(cached / "inv")
    assert cli("validate", "--no-cache", inv)[0] == 0
    assert cli("rollup", "--no-cache", inv)[0] == 0
    monkeypatch.setenv("GPUFLEET_NO_CACHE", "1")
    assert cli("validate", inv)[0] == 0
    assert not (inv / ".gpufleet_cache").exists()


def test_the_cache_dir_variable_moves_it(cached: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    inv = fleet(cached / "inv")
    monkeypatch.setenv("GPUFLEET_CACHE_DIR", str(cached / "elsewhere"))
    assert cli("validate", inv)[0] == 0
    assert not (inv / ".gpufleet_cache").exists()
    assert list((cached / "elsewhere" / "v1" / "run").rglob("*"))


def test_cache_info_and_clean(cached: Path, cli: Cli) -> None:
    inv = fleet(cached / "inv")
    cli("validate", inv)
    code, out, _ = cli("cache", "info", inv)
    assert code == 0
    assert out.splitlines()[0] == f"cache: {inv / '.gpufleet_cache'} (on; limit 536.9 MB)"
    assert out.splitlines()[2].split()[:3] == ["run", "1", "entry"]
    code, out, _ = cli("cache", "clean", inv)
    assert code == 0
    assert out.startswith("removed ")
    assert "entries" in out
    assert entries(inv, "run") == entries(inv, "parse") == []
    assert cli("cache", "clean", inv)[1].startswith("removed 0 entries")


def test_the_cache_stays_out_of_git(cached: Path, cli: Cli, git_repo: GitRepo) -> None:
    fleet(git_repo.path / "inv")
    git_repo.commit("fleet")
    assert cli("validate", "inv")[0] == 0
    assert (git_repo.path / "inv" / ".gpufleet_cache").is_dir()
    assert git_repo.git("status", "--porcelain", "--untracked-files=all") == ""


def test_a_diff_of_two_revisions_seen_before_is_replayed(cached: Path, cli: Cli, git_repo: GitRepo) -> None:
    files = render_fleet(plan_fleet(4000, seed=2), "test")
    git_repo.commit("one", {f"inv/{k}": v for k, v in files.items()})
    first = sorted(k for k in files if k.startswith("datacenters/"))[0]
    git_repo.commit("two", {f"inv/{first}": files[first].replace("gpus: ", "gpus: 1", 1)})
    argv = ("diff", "HEAD~1", "HEAD", "--format", "json", "--", "inv")
    cold = cli(*argv)
    assert cold[0] == 0
    assert json.loads(cold[1])
    assert len(entries(git_repo.path, "run")) == 1  # kept at the repository's top
    assert cli(*argv) == cold == cli("diff", "--no-cache", *argv[1:])
    assert git_repo.git("status", "--porcelain", "--untracked-files=all") == ""


def test_a_fresh_checkout_of_the_same_content_still_hits(cached: Path, cli: Cli) -> None:
    """Keys hold contents, never file times: a CI runner restoring the cache into a new checkout hits."""
    inv = fleet(cached / "inv")
    first = cli("validate", inv)
    [entry] = entries(inv, "run")
    used = entry.stat().st_mtime_ns
    for path in inv.rglob("*.yaml"):
        if ".gpufleet_cache" not in path.parts:
            path.write_bytes(path.read_bytes())  # rewritten: new times, same bytes
            os.utime(path, ns=(1, 1))
    os.utime(entry, ns=(used - 10**9, used - 10**9))
    assert cli("validate", inv) == first
    assert entries(inv, "run") == [entry]
    assert entry.stat().st_mtime_ns > used - 10**9  # read (touched as used), not rewritten beside
