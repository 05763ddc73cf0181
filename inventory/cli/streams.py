"""stdout and stderr that cannot end a run: any encoding, a closed pipe, a full disk.

For the length of one ``main`` call, ``sys.stdout`` and ``sys.stderr`` are ``Guarded`` streams:

* a character the stream's encoding cannot hold (``→`` under ``LANG=C`` or
  ``PYTHONIOENCODING=ascii``) is written as a backslash escape, never an error;
* a write to a closed pipe (EPIPE: ``gpufleet validate | head -1``) or to a closed descriptor is
  dropped, and so is every later write, so the command still returns the exit code it earned;
* any other write error (ENOSPC, EIO) is kept, later writes are dropped, and ``main`` exits 2 with
  a message on stderr (or, when stderr is the stream that failed, with the code alone).

Nothing here knows about verbs: it only records what happened to each stream.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO


class Guarded:
    """A text stream that records write failures instead of raising them."""

    def __init__(self, inner: TextIO | None, name: str) -> None:
        self._inner = inner
        self.name = name
        self.broken = inner is None
        """The reader is gone (EPIPE, a closed descriptor): writes are dropped."""
        self.failure: OSError | None = None
        """Another write error (ENOSPC, EIO): writes are dropped and the run cannot succeed."""
        if inner is not None and hasattr(inner, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream: writes will say so
                inner.reconfigure(errors="backslashreplace")

    @property
    def failed(self) -> bool:
        return self.broken or self.failure is not None

    def _call(self, method: str, *args: Any) -> Any:
        if self._inner is None or self.failed:
            return None
        try:
            return getattr(self._inner, method)(*args)
        except (BrokenPipeError, ValueError):  # ValueError: the stream was closed under us
            self.broken = True
        except UnicodeError:  # an encoding without backslashreplace support: say it in ASCII
            text = str(args[0]) if args else ""
            return self._call(method, text.encode("ascii", "backslashreplace").decode("ascii"))
        except OSError as exc:
            if exc.errno in (errno.EPIPE, errno.EBADF):
                self.broken = True
            else:
                self.failure = exc
        return None

    def write(self, text: str) -> int:
        self._call("write", text)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._call("flush")

    def isatty(self) -> bool:
        try:
            return self._inner is not None and not self.failed and self._inner.isatty()
        except (ValueError, OSError):
            return False

    def fileno(self) -> int:
        if self._inner is None:
            raise OSError(errno.EBADF, "stream is closed")
        return self._inner.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return "backslashreplace"

    def __getattr__(self, name: str) -> Any:  # anything else a caller asks of a stream
        return getattr(self._inner, name)


@dataclass(slots=True)
class Outcome:
    """What happened to the streams during a run."""

    stdout: Guarded
    stderr: Guarded


@contextmanager
def guarded() -> Iterator[Outcome]:
    """Replace sys.stdout and sys.stderr with Guarded streams for the block; flush them at its end."""
    saved = sys.stdout, sys.stderr
    outcome = Outcome(Guarded(sys.stdout, "stdout"), Guarded(sys.stderr, "stderr"))
    sys.stdout, sys.stderr = outcome.stdout, outcome.stderr
    try:
        yield outcome
    finally:
        outcome.stdout.flush()
        outcome.stderr.flush()
        sys.stdout, sys.stderr = saved
        for guard, stream in ((outcome.stdout, saved[0]), (outcome.stderr, saved[1])):
            if guard.failed and stream is not None:
                _silence(stream)


def _silence(stream: TextIO) -> None:
    """Point a failed standard stream at /dev/null, so the interpreter's last flush cannot fail again.

    Only for the process's own descriptors 1 and 2 (never a test's capture buffer).
    """
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return
    if fd not in (1, 2) or stream not in (sys.__stdout__, sys.__stderr__):
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass
