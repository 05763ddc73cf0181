"""Hostile file names given to the editor the TUI starts: never an option, never a command.

A file name comes from a pull request. ``vim +5 '+!touch X;.yaml'`` would run the shell command;
``-c...`` and ``--cmd`` are options to vi and vim, ``--eval``/``-f`` to emacs, ``--goto``-style flags to
code. editor_command always passes the file as ``./NAME`` (or an absolute path).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tui.editor import editor_command, editor_path

HOSTILE = [
    "+!touch PWNED;.yaml",
    "+:!touch PWNED.yaml",
    "-c!touch PWNED.yaml",
    "--cmd=!touch PWNED.yaml",
    '--eval=(shell-command "touch PWNED").yaml',
    "-f.yaml",
    "-",
    "--",
    "+",
    "-version.yaml",
    "$(touch PWNED).yaml",
    "`touch PWNED`.yaml",
    "a b;touch PWNED.yaml",
]
EDITORS = ["vi", "vim", "nvim", "nano", "emacs", "emacs -nw", "micro", "hx", "code", "code-insiders", "subl", "zed"]


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_reaches_every_editor_as_a_path(editor: str, name: str) -> None:
    argv = editor_command(name, 5, {"EDITOR": editor})
    program = editor.split()
    assert argv[: len(program)] == program  # the editor itself, as configured
    *flags, arg = argv[len(program) :]
    assert arg in (f"./{name}", f"./{name}:5"), argv  # the name verbatim, behind ./: no option, no +command
    assert set(flags) <= {"+5", "--wait", "--goto"}, argv  # gpufleet's own flags only


def test_paths_already_safe_are_kept() -> None:
    assert editor_path("/abs/-x.yaml") == "/abs/-x.yaml"
    assert editor_path("./x.yaml") == "./x.yaml"
    assert editor_path("../x.yaml") == "./../x.yaml"


@pytest.mark.parametrize("program", ["vim", "vi"])
def test_a_real_vim_runs_no_command_from_a_file_name(program: str, tmp_path: Path) -> None:
    """vim in silent Ex mode executes +commands it is given: the name stays a file, nothing runs.

    The control (the name passed bare, as before the fix) does run the command, so this test can fail.
    """
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed")  # pragma: no cover - the CI image has vim
    name = "+!touch PWNED;.yaml"
    (tmp_path / name).write_text("a: 1\n", encoding="utf-8")
    editor = f"{program} -N -u NONE -i NONE -n -es"
    env = {**os.environ, "HOME": str(tmp_path)}

    def run(argv: list[str]) -> None:
        subprocess.run(argv, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)

    run(editor_command(name, 1, {"EDITOR": editor}))
    assert not (tmp_path / "PWNED").exists()
    run([*editor.split(), "+1", name])  # the old argv
    assert (tmp_path / "PWNED").exists()
