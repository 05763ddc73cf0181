"""What an installed gpufleet offers beyond its verbs: one version, typing, a licence,
``python -m gpufleet``, shell completion, and colour that follows the environment's conventions."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import inventory
from inventory.cli.common import use_color
from inventory.output import formats
from tests.conftest import ROOT, Cli


def test_one_version_in_one_place() -> None:
    """pyproject reads the version from inventory/__init__.py (``--version`` prints that one)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "inventory/__init__.py"


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    from inventory.cli.main import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"gpufleet {inventory.__version__}\n"


def test_licence_and_typing_markers() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    for package in ("inventory", "tui"):
        assert (ROOT / package / "py.typed").is_file()


def test_python_dash_m_gpufleet_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gpufleet", "validate", "seeds/coreweave"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("checked ")
    assert ": 0 errors, " in done.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str, cli: Cli) -> None:
    rc, out, err = cli("completion", shell)
    assert (rc, err) == (0, "")
    assert "_ARGCOMPLETE" in out
    assert "gpufleet" in out
    if shell == "fish":
        assert "complete --command gpufleet" in out


def _complete(line: str) -> list[str]:
    """What the shell gets from gpufleet for ``line`` (as the completion scripts call it)."""
    env = {**os.environ, "_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)), "_ARGCOMPLETE_IFS": "\n"}
    done = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m gpufleet 8>&1 1>/dev/null 2>/dev/null'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return sorted(done.stdout.split())


def test_completion_answers_from_the_parser() -> None:
    """Verbs, and each verb's --format values from the one format registry."""
    assert _complete("gpufleet re") == ["reconcile"]
    assert _complete("gpufleet validate --format ") == sorted(formats.choices("validate"))


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, False, True),
        ({"FORCE_COLOR": "0"}, False, False),
        ({"FORCE_COLOR": ""}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),
    ],
)
def test_colour_follows_the_environment(
    env: dict[str, str], tty: bool, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TERM", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert use_color("auto", _Tty() if tty else io.StringIO()) is expected
    assert use_color("never", _Tty()) is False
    assert use_color("always", io.StringIO()) is True


def test_force_color_colours_validate_in_a_pipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    (tmp_path / "x.yaml").write_text("apiVersion: gpufleet/v1\nkind: Region\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FORCE_COLOR", "1")
    rc, out, _ = cli("validate", "x.yaml")
    assert rc == 1
    assert "\x1b[31merror[" in out
