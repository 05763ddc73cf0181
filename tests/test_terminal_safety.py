"""No human-readable output carries a raw control, escape or bidi character from the data.

Names, hosts, cities, a report's scope, an unknown key and a file name hold ANSI escapes, a bidi
override, NUL, CR, BEL and a C1 CSI; every human format of every verb prints them visibly escaped.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli

COMPLETE = ROOT / "tests" / "data" / "valid" / "complete"
HOSTILE = "\x1b[31mX\x1b[0m\u202eY\x00\rZ\x07\x9b2J\u2066"
"""As YAML would hold it, written with escapes in a double-quoted scalar."""
YAML_HOSTILE = '"\\e[31mX\\e[0m\\u202eY\\0\\rZ\\a\\x9b2J\\u2066"'


def unsafe(text: str) -> list[str]:
    """Characters a terminal would act on: every C* and Z* category but newline and space."""
    return sorted({repr(c) for c in text if c not in "\n " and unicodedata.category(c)[0] in "CZ"})


def hostile_copy(tmp_path: Path, name: str = "hostile") -> Path:
    folder = tmp_path / name
    shutil.copytree(COMPLETE, folder)
    dallas = folder / "sites" / "dallas.yaml"
    text = dallas.read_text(encoding="utf-8")
    text = text.replace("name: Dallas campus, building 1", f"name: {YAML_HOSTILE}")
    text = text.replace("host: Example Colo", f"host: {YAML_HOSTILE}")
    text = text.replace("  city: Dallas", f"  city: {YAML_HOSTILE}")
    dallas.write_text(text, encoding="utf-8")
    us = folder / "regions" / "us.yaml"
    us.write_text(us.read_text(encoding="utf-8").replace("name: US East 1", f"name: {YAML_HOSTILE}"), encoding="utf-8")
    return folder


def broken_copy(tmp_path: Path) -> Path:
    folder = hostile_copy(tmp_path, "broken")
    ashburn = folder / "sites" / "ashburn.yaml"
    ashburn.write_text(ashburn.read_text(encoding="utf-8") + f"{YAML_HOSTILE}: 1\n", encoding="utf-8")
    (folder / "sites" / "odd\x1b[2J\u202ename.yaml").write_text("- not a mapping\n", encoding="utf-8")
    return folder


HUMAN_FORMATS = [
    ["validate", "--format", "text", "-v"],
    ["validate", "--format", "github"],
    ["rollup", "--by", "fleet"],
    ["rollup", "--by", "region"],
    ["rollup", "--by", "datacenter"],
    ["rollup", "--by", "sku"],
    ["reconcile"],
    ["rollup", "--from", "2020", "--by", "fleet"],
    ["rollup", "--from", "2020", "--by", "region"],
    ["rollup", "--from", "2020", "--by", "datacenter"],
    ["rollup", "--at", "2024,2025", "--by", "sku"],
    ["rollup", "--pipeline", "--by", "region"],
    ["rollup", "--pipeline", "--by", "datacenter"],
    ["chart", "--width", "80"],
    ["chart", "--width", "80", "--scope", f"host:{HOSTILE}"],
]


@pytest.mark.parametrize("argv", HUMAN_FORMATS, ids=" ".join)
@pytest.mark.parametrize("which", ["hostile", "broken"])
def test_verbs_print_data_escaped(
    which: str, argv: list[str], tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = hostile_copy(tmp_path) if which == "hostile" else broken_copy(tmp_path)
    monkeypatch.chdir(folder)
    rc, out, err = cli(*argv, ".")
    assert rc in (0, 1), err
    assert unsafe(out) == []
    assert unsafe(err) == []


@pytest.mark.parametrize("series", [[], ["--from", "2020"]], ids=["at as_of", "over time"])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_prints_data_escaped(
    fmt: str, series: list[str], tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(COMPLETE, tmp_path / "plain")
    hostile_copy(tmp_path)
    broken_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    for old, new in (("plain", "hostile"), ("hostile", "plain"), ("plain", "broken")):
        rc, out, err = cli("diff", old, new, "--format", fmt, "--verbose", *series)
        assert rc == 0, err
        assert unsafe(out) == [], (old, new)
        assert unsafe(err) == [], (old, new)
        assert "\\x1b[31mX" in out or "\\\\x1b" in out or "x1b" in out  # the data is there, made visible


def test_the_escape_is_visible_not_dropped(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(hostile_copy(tmp_path))
    out = cli("rollup", ".", "--by", "datacenter")[1]
    assert "\\x1b[31mX\\x1b[0m\\u202eY\\x00\\rZ\\x07\\x9b2J\\u2066" in out
