"""An internal error, told without a traceback: one line on stderr, the traceback saved to a file.

A bug in gpufleet must never look like a finding (exit 1) in a CI log, nor dump a traceback on a
terminal. ``report(exc)`` writes the whole traceback to ``$XDG_CACHE_HOME/gpufleet/`` (default
``~/.cache/gpufleet/``; the system's temporary folder when that cannot be written) and returns the
lines to print: ``gpufleet: internal error (please report it): <one line>`` and where the
traceback is. ``main`` exits 3.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path

from inventory import __version__
from inventory.base.atomic import write_atomic
from inventory.base.text import terminal_safe

MAX_SUMMARY = 300
"""The one line about the error is cut to this many characters."""


def folders() -> list[Path]:
    """Where a traceback may be saved, in order of preference."""
    cache = os.environ.get("XDG_CACHE_HOME") or ""
    home = Path(cache) if cache and Path(cache).is_absolute() else Path.home() / ".cache"
    return [home / "gpufleet", Path(tempfile.gettempdir()) / "gpufleet"]


def summary(exc: BaseException) -> str:
    """``TypeError: unhashable type: 'dict'``, on one line, terminal-safe and at most MAX_SUMMARY long."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = terminal_safe(text)
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1] + "…"


def save(exc: BaseException, argv: list[str]) -> Path | None:
    """Write the traceback (with the version and the arguments) to a new file; None if nowhere works."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    body = "".join(
        [
            f"gpufleet {__version__} internal error at {stamp}\n",
            f"arguments: {argv!r}\n\n",
            *traceback.format_exception(exc),
        ]
    )
    for folder in folders():
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = folder / f"crash-{stamp}-{os.getpid()}.txt"
            write_atomic(path, body)
            return path
        except OSError:
            continue
    return None


def report(exc: BaseException, argv: list[str]) -> list[str]:
    """Save the traceback; the lines to print on stderr."""
    lines = [f"gpufleet: internal error (please report it): {summary(exc)}"]
    path = save(exc, argv)
    if path is None:
        lines.append("gpufleet: the traceback could not be saved (no writable cache or temporary folder)")
    else:
        lines.append(f"gpufleet: the traceback is in {terminal_safe(path)}")
    return lines
