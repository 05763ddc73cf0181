"""The content-addressed cache: parses and whole answers kept between runs, never trusted blindly.

Two kinds of entry, each under a key that is a SHA-256 of everything its content depends on:

* ``parse``: the YAML reading of one file's bytes (the fast reader's documents and where each
  starts), keyed by the bytes' git blob id, the cache format and gpufleet's code (version and a
  stamp of its source files). The loader uses it for every source kind: a folder, a revision's
  blobs, an editor's buffers.
* ``run``: what one command printed (stdout and stderr, in order) and its exit code, keyed by the
  set of (file name, blob id) of every source it read, the verb and every option, the current
  directory, the environment variables that change output and whether each stream is a
  terminal. An unchanged inventory is answered without building a model or linking
  (``replay.py`` in the CLI derives the keys).

Safety: an entry is a header line and a JSON body (never pickle or marshal: reading one cannot
run code). The header carries an HMAC-SHA256 of the entry's kind, key and body under a secret
kept in the user's cache folder (``~/.cache/gpufleet/secret``, mode 0600), never in the cache
folder: an entry that is truncated, altered, moved to another key, written by another gpufleet,
or planted (committed to a repository, copied from another machine) fails the check and is
ignored, then rebuilt. Writes are atomic (a temporary file, then a rename), so concurrent runs
see a whole entry or none; the folder is bounded (``GPUFLEET_CACHE_MAX_MB``, least recently used
entries go first). ``GPUFLEET_NO_CACHE=1`` or ``--no-cache`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMAT = 1
"""The entry layout's version; part of every key and every entry's header."""
DIR_NAME = ".gpufleet_cache"
ENV_OFF = "GPUFLEET_NO_CACHE"
ENV_DIR = "GPUFLEET_CACHE_DIR"
ENV_MAX = "GPUFLEET_CACHE_MAX_MB"
CONTROL = frozenset((ENV_OFF, ENV_DIR, ENV_MAX))
"""Variables that steer the cache and never change an answer."""
DEFAULT_MAX_MB = 512
KINDS = ("parse", "run")
_MAGIC = "gpufleet-cache"
_GITIGNORE = "# Created by gpufleet: a cache, never commit it.\n*\n"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# gpufleet's cache (https://bford.info/cachedir/)\n"

_stamp: str | None = None


def disabled() -> bool:
    """True when ``GPUFLEET_NO_CACHE`` is set to anything but empty or ``0``."""
    return os.environ.get(ENV_OFF, "") not in ("", "0")


def user_cache_home() -> Path:
    """Where the user's tools keep caches: ``$XDG_CACHE_HOME``, else the platform's folder."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"])
    return Path.home() / ".cache"


def location(root: Path) -> Path:
    """The cache folder for an inventory at ``root``: ``$GPUFLEET_CACHE_DIR``, else ``root/.gpufleet_cache``."""
    chosen = os.environ.get(ENV_DIR)
    return Path(chosen) if chosen else root / DIR_NAME


def code_stamp() -> str:
    """gpufleet's version and a digest of its source files' names and contents: any change of the
    code that computes an answer makes every key new (no stale answer after an upgrade or an edit),
    while a fresh install of the same code (a CI runner) keeps the keys (no file times in it).

    The digest of the contents is remembered in the user's cache folder under a digest of the
    files' sizes and times, so a run reads ~100 inodes, not the whole package."""
    global _stamp
    if _stamp is None:
        from inventory import __version__

        package = Path(__file__).resolve().parents[1]
        sources = [
            Path(folder, name)
            for folder, _, names in sorted(os.walk(package))
            for name in sorted(names)
            if name.endswith(".py")
        ]
        quick = hashlib.sha256(__version__.encode())
        for path in sources:
            st = path.stat()
            quick.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
        memo = user_cache_home() / "gpufleet" / "stamps" / quick.hexdigest()
        with contextlib.suppress(OSError, UnicodeDecodeError):
            known = memo.read_text(encoding="ascii")
            if len(known) == 64:
                _stamp = known
                return known
        h = hashlib.sha256(__version__.encode())
        for path in sources:
            data = path.read_bytes()
            h.update(f"{path.relative_to(package).as_posix()}\0{len(data)}\0".encode())
            h.update(data)
        _stamp = h.hexdigest()
        with contextlib.suppress(OSError):
            memo.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = _temporary(memo.parent)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(_stamp)
            Path(tmp).replace(memo)
    return _stamp


def key_of(kind: str, material: Any) -> str:
    """The key of an entry: SHA-256 of the cache format, gpufleet's code and ``material`` (JSON)."""
    text = json.dumps([FORMAT, kind, code_stamp(), material], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    """One cache folder: ``get``/``put`` entries by (kind, key); every read is verified."""

    def __init__(self, folder: Path, secret: bytes, max_bytes: int) -> None:
        self.folder = folder
        self._secret = secret
        self.max_bytes = max_bytes
        self._wrote = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, root: Path) -> Store | None:
        """The store for an inventory at ``root``; None when the cache is off or cannot be used."""
        if disabled():
            return None
        secret = _secret()
        if secret is None:
            return None
        try:
            limit = int(os.environ.get(ENV_MAX, DEFAULT_MAX_MB))
        except ValueError:
            limit = DEFAULT_MAX_MB
        return cls(location(root), secret, max(limit, 0) * 2**20)

    def path(self, kind: str, key: str) -> Path:
        return self.folder / f"v{FORMAT}" / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The body stored under (kind, key), or None: missing, unreadable, or failing its check."""
        path = self.path(kind, key)
        try:
            with path.open("rb") as handle:
                raw = handle.read()
        except OSError:
            self.misses += 1
            return None
        body = self._verified(raw, kind, key)
        if body is None:
            self.misses += 1
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return body

    def get_json(self, kind: str, key: str) -> Any:
        """The JSON body under (kind, key), or None (a body that is not JSON counts as missing)."""
        body = self.get(kind, key)
        if body is None:
            return None
        try:
            return json.loads(body)
        except ValueError:
            return None

    def put(self, kind: str, key: str, body: bytes) -> None:
        """Store ``body`` under (kind, key), atomically; a failure to write is not an error."""
        header = f"{_MAGIC} {FORMAT} {kind} {key} {self._mac(kind, key, body)} {len(body)}\n".encode()
        path = self.path(kind, key)
        try:
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = _temporary(path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(header + body)
                Path(tmp).replace(path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._wrote = True

    def put_json(self, kind: str, key: str, value: Any) -> None:
        self.put(kind, key, json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())

    def flush(self) -> None:
        """Keep the folder under its bound after this process wrote (least recently used go first)."""
        if not self._wrote:
            return
        self._wrote = False
        entries = sorted(self._entries(), key=lambda e: e[1])
        total = sum(size for _, _, size in entries)
        for path, _, size in entries:
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size

    def info(self) -> dict[str, Any]:
        """Folder, bound, and entries and bytes by kind."""
        counts = {kind: [0, 0] for kind in KINDS}
        for path, _, size in self._entries():
            kind = path.parent.parent.name
            if kind in counts:
                counts[kind][0] += 1
                counts[kind][1] += size
        return {"folder": str(self.folder), "max_bytes": self.max_bytes, "kinds": counts}

    def clean(self) -> tuple[int, int]:
        """Remove every entry (and stray temporary file); returns (files, bytes) removed."""
        files = size = 0
        for path, _, n in self._entries(temporary=True):
            with contextlib.suppress(OSError):
                path.unlink()
                files, size = files + 1, size + n
        return files, size

    def _entries(self, *, temporary: bool = False) -> Iterator[tuple[Path, int, int]]:
        for kind in KINDS:
            for folder, _, names in os.walk(self.folder / f"v{FORMAT}" / kind):
                for name in names:
                    if name.startswith(".") and not temporary:
                        continue
                    path = Path(folder, name)
                    with contextlib.suppress(OSError):
                        st = path.stat()
                        yield path, st.st_mtime_ns, st.st_size

    def _prepare(self) -> None:
        """Create the folder with its .gitignore (git never sees the cache) and CACHEDIR.TAG."""
        if (self.folder / ".gitignore").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _TAG)):
            fd, tmp = _temporary(self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            Path(tmp).replace(self.folder / name)

    def _mac(self, kind: str, key: str, body: bytes) -> str:
        message = f"{FORMAT}\0{kind}\0{key}\0".encode() + body
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def _verified(self, raw: bytes, kind: str, key: str) -> bytes | None:
        end = raw.find(b"\n")
        if end < 0:
            return None
        try:
            magic, version, got_kind, got_key, mac, size = raw[:end].decode("ascii").split(" ")
        except (UnicodeDecodeError, ValueError):
            return None
        body = raw[end + 1 :]
        if (magic, version, got_kind, got_key) != (_MAGIC, str(FORMAT), kind, key) or size != str(len(body)):
            return None
        return body if hmac.compare_digest(mac, self._mac(kind, key, body)) else None


def _secret() -> bytes | None:
    """This user's cache secret (created on first use, 0600); None when it cannot be had safely."""
    path = user_cache_home() / "gpufleet" / "secret"
    try:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            _create_secret(path)
            fd = os.open(path, os.O_RDONLY)
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read(100)
    except OSError:
        return None
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
        return None  # someone else could read or write it: an entry signed with it proves nothing
    try:
        secret = bytes.fromhex(raw.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        return None
    return secret if len(secret) == 32 else None  # shorter: being written by another run right now


def _create_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another run made it first
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(os.urandom(32).hex() + "\n")


def _temporary(folder: Path) -> tuple[int, str]:
    """A new file in ``folder`` only this process writes (then renamed into place)."""
    import tempfile  # only when writing: a run answered from the cache never needs it

    return tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
