"""The command that opens ``$EDITOR`` at a file's line, and running it with the app suspended.

``+LINE FILE`` is understood by vi, vim, nvim, nano, emacs, micro, kak and helix; editors that
take ``FILE:LINE`` instead (VS Code, Sublime, Zed) get that form. ``$VISUAL`` wins over
``$EDITOR``; without either, ``vi``.

A file name comes from the inventory, so from anyone who can open a pull request: ``+!touch X;.yaml``
would be a command to vim, ``-c...`` or ``--cmd`` an option. The file is therefore always passed as
a path that starts with ``/`` or ``./`` (``editor_path``), which no editor reads as an option or a
command, and the editor runs without a shell.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import PurePath

from textual.app import App, SuspendNotSupported

COLON_STYLE = {
    "code": ["--wait", "--goto"],
    "code-insiders": ["--wait", "--goto"],
    "subl": ["--wait"],
    "zed": ["--wait"],
}
"""Editors that open ``FILE:LINE`` (with the flags that make them wait), by program name."""


def editor_path(file: str) -> str:
    """``file`` as an argument no editor can read as an option or a ``+command``: ``./`` before a relative path."""
    if file.startswith("/") or file.startswith("./"):
        return file
    return "./" + file


def editor_command(file: str, line: int, env: Mapping[str, str] | None = None) -> list[str]:
    """The argv that opens ``file`` at ``line`` in the user's editor.

    Args:
        file: the file as the diagnostics show it (relative to the current directory).
        line: 1-based line.
        env: the environment to read VISUAL / EDITOR from (default: os.environ).
    """
    env = os.environ if env is None else env
    file = editor_path(file)
    editor = env.get("VISUAL") or env.get("EDITOR") or "vi"
    argv = shlex.split(editor) or ["vi"]
    program = PurePath(argv[0]).name
    if program in COLON_STYLE:
        extra = [flag for flag in COLON_STYLE[program] if flag not in argv]
        return [*argv, *extra, f"{file}:{line}"]
    return [*argv, f"+{line}", file]


def open_in_editor(app: App[None], file: str, line: int) -> str | None:
    """Run the editor at ``file:line`` with the app suspended; None, or why it could not run.

    Headless (tests) or where the terminal cannot be handed over, the editor runs without suspending.
    """
    argv = editor_command(file, line)
    try:
        suspended: AbstractContextManager[None] = app.suspend()
        suspended.__enter__()
    except SuspendNotSupported:
        suspended = nullcontext()
    try:
        subprocess.run(argv, check=False)
    except OSError as exc:
        return f"Cannot run {argv[0]}: {exc.strerror}"
    finally:
        suspended.__exit__(None, None, None)
    return None
