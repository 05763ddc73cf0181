"""Whole answers from the cache: a command's output replayed when nothing it depends on changed.

``run_key`` lists each source (the names and blob ids of its files: a folder's bytes are read and
hashed, a revision's tree is listed, no blob is read) and digests them with the verb, every
option, the current directory, the environment variables that change output and whether stdout
and stderr are terminals. ``answer`` replays the stored output under that key, or runs the
command while recording what it writes and stores it. The listings made for the key are handed
to the loader (``take``), so a run that misses judges exactly the bytes its key names, read once.

Only runs that finished with exit code 0 or 1 are stored; a source whose listing met a problem
(an unreadable file, a loop) is never answered from the cache.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from inventory.engine.cache import CONTROL, Store, key_of
from inventory.engine.sources import Listing, Source

OUTPUT_VARIABLES = frozenset(
    ("NO_COLOR", "FORCE_COLOR", "GITHUB_WORKSPACE", "GITHUB_ACTIONS", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY")
)
"""Environment variables an answer depends on (colour, annotation paths and links, the default
format); every ``GPUFLEET_*`` variable but the cache's own counts too, so a setting added later
cannot be forgotten. A run with ``GITHUB_STEP_SUMMARY`` set is never cached (it writes a file)."""

_listed: list[tuple[Source, Listing]] = []


def remember(source: Source, listing: Listing) -> None:
    """Keep ``listing`` for the next load of ``source`` in this process (one use)."""
    _listed.append((source, listing))


def take(source: Source) -> Listing | None:
    """The listing remembered for a source equal to ``source`` (then forgotten), or None."""
    for i, (known, listing) in enumerate(_listed):
        if known == source:
            del _listed[i]
            return listing
    return None


def forget() -> None:
    _listed.clear()


def source_material(source: Source) -> list[Any] | None:
    """What a source contributes to a key (its files' names and blob ids), or None: not cacheable."""
    listing = source.list()
    remember(source, listing)
    if len(listing.diagnostics):
        return None
    return [[f.name, f.key] for f in listing.files] + [listing.notes, listing.missing]


def environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    env = os.environ if env is None else env
    return {k: v for k, v in env.items() if k in OUTPUT_VARIABLES or (k.startswith("GPUFLEET_") and k not in CONTROL)}


def run_key(verb: str, options: Mapping[str, Any], sources: Sequence[Source], extra: Any = None) -> str | None:
    """The key of a command's whole answer; None when a source cannot be answered from the cache."""
    materials = []
    for source in sources:
        material = source_material(source)
        if material is None:
            return None
        materials.append(material)
    return key_of(
        "run",
        {
            "verb": verb,
            "options": {k: options[k] for k in sorted(options)},
            "cwd": str(Path.cwd()),
            "env": environment(),
            "tty": [_isatty(sys.stdout), _isatty(sys.stderr)],
            "sources": materials,
            "extra": extra,
        },
    )


def answer(store: Store, key: str, run: Callable[[], int]) -> int:
    """Replay the answer stored under ``key``, or ``run()`` it, recording stdout and stderr, and store it."""
    stored = store.get_json("run", key)
    replay = _valid(stored)
    if replay is not None:
        code, chunks = replay
        for stream, text in chunks:
            (sys.stdout if stream == "out" else sys.stderr).write(text)
        return code
    log: list[tuple[str, str]] = []
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Recorder(real_out, "out", log))
    sys.stderr = cast(TextIO, _Recorder(real_err, "err", log))
    try:
        code = run()
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    if code in (0, 1):
        store.put_json("run", key, {"code": code, "out": _merged(log)})
        store.flush()
    return code


def _valid(stored: Any) -> tuple[int, list[tuple[str, str]]] | None:
    if not isinstance(stored, dict) or stored.get("code") not in (0, 1) or not isinstance(stored.get("out"), list):
        return None
    chunks = []
    for item in stored["out"]:
        if not (isinstance(item, list) and len(item) == 2 and item[0] in ("out", "err") and isinstance(item[1], str)):
            return None
        chunks.append((item[0], item[1]))
    return int(stored["code"]), chunks


def _merged(log: list[tuple[str, str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for stream, text in log:
        if out and out[-1][0] == stream:
            out[-1][1] += text
        elif text:
            out.append([stream, text])
    return out


def _isatty(stream: TextIO | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, OSError):
        return False


class _Recorder:
    """A text stream that passes writes through to ``stream`` and logs them (not an io class:
    its finalizer must never close the real stream)."""

    def __init__(self, stream: TextIO, name: str, log: list[tuple[str, str]]) -> None:
        self._stream = stream
        self._name = name
        self._log = log

    def write(self, text: str) -> int:
        self._log.append((self._name, text))
        return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return _isatty(self._stream)

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", "utf-8")
