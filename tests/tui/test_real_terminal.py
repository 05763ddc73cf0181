"""The real ``gpufleet tui`` in a real terminal (tmux): keys typed, the screen read back as text.

Pilot drives the app inside the test's own event loop; this starts the installed command in a
pseudo-terminal that tmux emulates, so what it checks is what a user gets: the first screen
arrives, the keys work through the terminal's own encoding, and Ctrl+C quits at once with exit
code 0. It takes a few seconds, so it is marked ``slow`` and left out of the default run;
``.ci/run`` runs it (``python -m pytest -q -m slow``) after installing tmux where missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tui.conftest import FLEET

pytestmark = pytest.mark.slow
WAIT = 20.0
"""Seconds a screen may take to show what is expected (a loaded CI machine is slow to start Python)."""
KEY_GAP = 0.08
"""Seconds between two keys: a fast typist's pace, not a paste."""
SETTLE = 0.5
"""Seconds a user looks at a new screen before the next key (a screen is drawn before it takes keys)."""


class Terminal:
    """One tmux server of our own (its own socket), one window of 120x40 running a command."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"tmux {' '.join(args)}: {done.stderr}"
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "tui")

    def keys(self, *keys: str) -> None:
        for key in keys:  # one at a time, as typed (a literal for text, a tmux name for C-c, Enter...)
            self.tmux("send-keys", "-t", "tui", *(["-l", key] if len(key) == 1 else [key]))
            time.sleep(KEY_GAP)

    def wait_for(self, *texts: str, absent: tuple[str, ...] = ()) -> str:
        """The screen once it shows every one of ``texts`` and none of ``absent`` (else fails with it)."""
        deadline = time.monotonic() + WAIT
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(t in shown for t in texts) and not any(t in shown for t in absent):
                time.sleep(SETTLE)
                return shown
            time.sleep(0.1)
        size = self.tmux("display", "-p", "-t", "tui", "#{pane_width}x#{pane_height}").strip()
        raise AssertionError(f"never showed {texts!r}; the screen ({size}) was:\n{shown}")


def gpufleet() -> list[str]:
    """The installed ``gpufleet`` script beside this interpreter, else the module."""
    script = Path(sys.executable).with_name("gpufleet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "inventory"]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    assert shutil.which("tmux"), "the terminal test needs tmux (.ci/run installs it)"
    term = Terminal(f"gpufleet-test-{os.getpid()}")
    rc = tmp_path / "rc"
    command = " ".join([*gpufleet(), "tui", "fleet"])
    shell = f"unset COLUMNS LINES; cd {FLEET.parent} && {command}; echo $? > {rc}"  # sizes come from the pty
    env = ["-e", f"HOME={tmp_path}", "-e", "EDITOR=false", "-e", "TERM=xterm-256color"]
    term.tmux("new-session", "-d", "-s", "tui", "-x", "120", "-y", "40", *env, shell)
    try:
        yield term, rc
    finally:
        subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True, check=False)


def test_the_real_command_in_a_real_terminal(terminal: tuple[Terminal, Path]) -> None:
    term, rc = terminal
    first = term.wait_for("Problems: 1 error", "figure-mismatch")  # the fixture has an error: Problems first
    assert "gpufleet" in first
    term.keys("1")
    term.wait_for("General availability", "Rollup fleet")
    term.keys("/", "t", "e", "x")
    term.wait_for("3 matches · n/N", "den-1")
    term.keys("Enter")  # the filter is kept, named under the tree; the tree has the keys
    term.wait_for("/tex: 3 matches · n/N")
    term.keys("n", "n")  # the second match: dal-1 (Texas)
    shown = term.wait_for("data center dal-1", "written at")
    assert "fleet/sites/texas.yaml:3" in shown
    term.keys("Escape")  # the filter goes (the groups it hid are back), the selection stays
    shown = term.wait_for("Dedicated access", "GPU SKUs")  # waiting also parts Esc from the next key
    assert "data center dal-1" in shown
    assert "3 matches" not in shown
    term.keys("2")
    term.wait_for("Problems: 1 error", "figure-mismatch")
    term.keys("1")
    term.wait_for("General availability")
    term.keys("a")
    term.wait_for("Evaluate at")
    term.keys("C-a", "C-k", *"2024-06-30", "Enter")
    shown = term.wait_for("as of 2024-06-30 (set)")
    assert "data center dal-1" in shown  # still the selection, at the new date
    term.keys("C-c")
    quit_at = time.monotonic()
    while not rc.exists() and time.monotonic() - quit_at < 5:
        time.sleep(0.02)
    took = time.monotonic() - quit_at
    assert rc.exists(), "gpufleet tui did not exit on Ctrl+C"
    assert rc.read_text().strip() == "0"
    assert took < 1.0, f"{took:.2f} s from Ctrl+C to the exit"
