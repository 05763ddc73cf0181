"""The one module that reads inventory files: paths -> Inventory + Diagnostics.

Finds the YAML files under the given paths (following directory links once, skipping hidden
folders), reads each file's bytes, decodes UTF-8 with a located error, parses it (yaml_reader),
validates its documents (validation) and links everything (linking). Every problem becomes a
Diagnostic; only a command that cannot run at all (a missing path, no YAML anywhere) raises
UsageError. Parsing one file's bytes is a pure function, so callers (diff, the TUI's reload) can
skip bytes they have already parsed.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity
from inventory.base.errors import UsageError
from inventory.check.documents import Origin, ParsedEntity, parse_documents
from inventory.check.linking import Inventory, link
from inventory.model.kinds import API_VERSION, ID_PATTERN, KINDS
from inventory.read.fast_reader import documents, read_fast
from inventory.read.prefetch import digest, prepare_contents
from inventory.read.yaml_reader import Document, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What one file's bytes hold: its documents, valid entities and problems."""

    file: str
    documents: tuple[Document, ...]
    entities: tuple[ParsedEntity, ...]
    diagnostics: tuple[Diagnostic, ...]
    digest: bytes = b""
    """BLAKE2 digest of the bytes parsed: a reload parses a file again only when it differs."""


@dataclass(slots=True)
class LoadResult:
    inventory: Inventory
    diagnostics: Diagnostics
    parsed: list[ParsedFile] = field(default_factory=list)

    @property
    def cannot_run(self) -> bool:
        """True when a file could not be read at all (exit code 2)."""
        return any(d.code == "unreadable-file" for d in self.diagnostics)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: bulk loads allocate millions of objects and no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def display_path(path: Path) -> str:
    """A path as diagnostics show it: relative to the current directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def discover(paths: Sequence[Path], diagnostics: Diagnostics) -> list[Path]:
    """Every YAML file under ``paths``, sorted per argument, each real file once.

    Raises:
        UsageError: a path does not exist, or there is no YAML file under any of them.
    """
    found: list[Path] = []
    seen_files: set[str] = set()
    for root in paths:
        if not root.exists() and not root.is_symlink():
            raise UsageError(f"{root}: no such file or directory")
        candidates = _walk(root, diagnostics) if root.is_dir() else [root]
        for path in candidates:
            real = os.path.realpath(path)
            if real not in seen_files:
                seen_files.add(real)
                found.append(path)
    if not found:
        where = ", ".join(str(p) for p in paths)
        raise UsageError(f"no YAML files (*.yaml, *.yml) under {where}")
    return found


def _walk(root: Path, diagnostics: Diagnostics) -> list[Path]:
    files: list[Path] = []
    visited: set[str] = set()
    root_real = os.path.realpath(root)

    def on_error(error: OSError) -> None:
        name = display_path(Path(error.filename)) if error.filename else display_path(root)
        diagnostics.add(
            Diagnostic(name, None, None, "unreadable-file", Severity.ERROR, f"cannot read: {error.strerror}")
        )

    for folder, dirs, names in os.walk(root, followlinks=True, onerror=on_error):
        real = os.path.realpath(folder)
        holds_root = real != root_real and root_real.startswith(real.rstrip(os.sep) + os.sep)  # a link to an ancestor
        if real in visited or holds_root:
            dirs[:] = []
            parent = os.path.realpath(Path(folder).parent)
            loops = holds_root or parent == real or parent.startswith(real.rstrip(os.sep) + os.sep)
            message = (
                "this directory link loops back to a directory being read; skipped"
                if loops
                else "this directory was already read through another path (a directory link); skipped"
            )
            diagnostics.add(
                Diagnostic(display_path(Path(folder)), None, None, "symlink-loop", Severity.WARNING, message)
            )
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(folder, n) for n in sorted(names) if n.endswith(YAML_SUFFIXES) and not n.startswith("."))
    return files


def read_bytes(path: Path, diagnostics: Diagnostics) -> bytes | None:
    """The bytes of one file, or None with a diagnostic (a link loop, a pipe, an I/O error)."""
    try:
        # A FIFO or a device would block or never end: only regular files are read.
        if not stat.S_ISREG(path.stat().st_mode):
            message = "cannot read: not a regular file (a pipe, socket or device)"
            diagnostics.add(Diagnostic(display_path(path), None, None, "unreadable-file", Severity.ERROR, message))
            return None
        return path.read_bytes()
    except OSError as exc:
        code = "symlink-loop" if exc.errno == errno.ELOOP else "unreadable-file"
        message = "this link leads back to itself" if code == "symlink-loop" else f"cannot read: {exc.strerror}"
        diagnostics.add(Diagnostic(display_path(path), None, None, code, Severity.ERROR, message))
        return None


def decode(file: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text of ``data`` (without a BOM), or a located not-utf8 diagnostic."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Diagnostic(file, 1, 1, "not-utf8", Severity.ERROR, "file is UTF-16; save it as UTF-8")
    body = data.removeprefix(codecs.BOM_UTF8)  # positions count from after the BOM, as editors do
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = body[exc.start : exc.start + 1].hex()
        return None, Diagnostic(
            file, line, col, "not-utf8", Severity.ERROR, f"byte 0x{byte} is not UTF-8; save the file as UTF-8"
        )


def parse_file(file: str, data: bytes, prepared: bytes | None = None) -> ParsedFile:
    """Parse and validate one file's bytes. Pure: the same bytes give the same result.

    ``prepared`` is ``fast_reader.prepare(data)`` when the caller already has it (load_inventory
    computes it for many files on two cores); the data and every diagnostic are the same either way.
    """
    diagnostics = Diagnostics()
    text, problem = decode(file, data)
    if text is None:
        assert problem is not None
        return ParsedFile(file, (), (), (problem,), digest(data))
    fast = read_fast(text, data) if prepared is None else documents(prepared, text)
    parsed = fast or read_yaml(text)  # the fast path gives None unless it reads exactly the same
    for p in parsed.problems:
        related = tuple((file, line + 1, col + 1) for line, col in p.related)
        diagnostics.add(Diagnostic(file, p.line + 1, p.col + 1, p.code, Severity.ERROR, p.message, (), related))
    if not parsed.documents and not parsed.problems:
        diagnostics.add(Diagnostic(file, 1, 1, "empty-file", Severity.ERROR, "file holds no YAML document"))
    taken = diagnostics.at(file)
    entities = parse_documents(file, parsed.documents, diagnostics, taken=taken)
    return ParsedFile(file, tuple(parsed.documents), tuple(entities), tuple(diagnostics), digest(data))


def assemble(parsed: Iterable[ParsedFile], diagnostics: Diagnostics) -> LoadResult:
    """Link parsed files into one Inventory; their diagnostics join ``diagnostics``."""
    files = list(parsed)
    for pf in files:
        diagnostics.extend(pf.diagnostics)
    entities = [e for pf in files for e in pf.entities]
    invalid = [origin for pf in files for origin in _invalid_documents(pf)]
    inventory = link(
        entities, diagnostics, [pf.file for pf in files], fleet_elsewhere=_fleet_elsewhere(files), invalid=invalid
    )
    return LoadResult(inventory, diagnostics, files)


def _invalid_documents(pf: ParsedFile) -> list[Origin]:
    """Documents of a known kind, with an id, that failed validation (their errors are in ``pf``)."""
    valid = {id(e.origin.document) for e in pf.entities}
    out = []
    for document in pf.documents:
        data = document.data
        if id(document) in valid or not isinstance(data, dict) or data.get("apiVersion") != API_VERSION:
            continue
        if data.get("kind") in KINDS and isinstance(data.get("id"), str) and ID.fullmatch(data["id"]):
            out.append(Origin(pf.file, document))
    return out


ID = re.compile(ID_PATTERN)

_STOPS_READING = frozenset(("not-utf8", "yaml-syntax", "nesting-too-deep", "too-many-problems"))
"""YAML problems after which the rest of a file is not read."""


def _fleet_elsewhere(files: list[ParsedFile]) -> bool:
    """True when a Fleet may exist beyond the valid entities: a Fleet document failed validation,
    or a file was not read to its end. Its own diagnostics explain it; missing-fleet would mislead."""
    for pf in files:
        if any(d.code in _STOPS_READING for d in pf.diagnostics):
            return True
        if any(isinstance(doc.data, dict) and doc.data.get("kind") == "Fleet" for doc in pf.documents):
            return True
    return False


def load_inventory(paths: Sequence[Path | str]) -> LoadResult:
    """Load, validate and link the inventory under ``paths``.

    Raises:
        UsageError: a path is empty text, does not exist or holds no YAML file.
    """
    if any(isinstance(p, str) and not p.strip() for p in paths):  # `validate "$UNSET"` must not read .
        raise UsageError("an empty path was given (an unset variable?); write . for the current directory")
    diagnostics = Diagnostics()
    files = discover([Path(p) for p in paths], diagnostics)
    with gc_paused():
        contents = [(path, data) for path in files if (data := read_bytes(path, diagnostics)) is not None]
        prepared = prepare_contents([(os.path.realpath(path), data) for path, data in contents])
        parsed = [parse_file(display_path(path), data, p) for (path, data), p in zip(contents, prepared, strict=True)]
        result = assemble(parsed, diagnostics)
        # The loaded inventory lives as long as the command: freezing it spares every later
        # collection a walk over millions of objects (refcounting still frees them).
        gc.freeze()
        return result
