"""A fast path for plain, clean YAML files: rapidyaml builds the data, yaml_reader keeps the last word.

yaml_reader builds Python objects from libyaml events with a position for every node; at scale
that is the whole cost of a load. Most inventory files use a small, plain subset of YAML, and for
those rapidyaml (C++) parses and emits JSON that ``json.loads`` turns into the same data ~4x
faster. The fast path takes a file only when the result provably cannot differ from yaml_reader's:

* libyaml itself accepts the text (``raw_parse``, C only): syntax errors are exactly libyaml's;
* no byte that opens a feature outside the subset (anchors, aliases, tags, block scalars, flow
  mappings, directives, escapes, tabs, CR, NEL/LS/PS line breaks, a BOM);
* every line is in a line grammar with single-line scalars only (no folding to disagree on),
  plain keys, at most 60 columns of indentation (so nesting stays far below MAX_DEPTH);
* no JSON string that yaml_reader would have resolved to a non-string (``~``, ``True``, ``0x1F``,
  ``012``...), no non-finite or non-JSON number, no duplicate key, every document a mapping.

Anything else returns None and the caller reads the file with yaml_reader, which reports every
problem with its position. Positions of fast-path documents are computed only when asked for (a
diagnostic on that file), by re-reading the text with yaml_reader: exact, and paid only by files
with problems. tests/unit/test_fast_reader.py checks both paths agree over a generated corpus.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # the stubs omit the C classes

from inventory.read.parallel import map_two
from inventory.read.positions import Position
from inventory.read.yaml_reader import Document, ParsedText, integer, read_yaml

try:  # rapidyaml is a dependency; without it (an exotic platform) every file takes the reference path
    import ryml  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    ryml = None

_OUTSIDE_BYTES = b"&*!|>\\\t\r%?{}@`"
"""Bytes that open a feature outside the subset (anchor, alias, tag, block scalar, directive, ...)."""
_SUBSET_BYTES = bytes(sorted(set(range(256)) - set(_OUTSIDE_BYTES)))
_OUTSIDE_SEQUENCES = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbb\xbf")
"""NEL, LS and PS (line breaks to libyaml, not to rapidyaml) and a byte-order mark."""
_KEY = rb"[A-Za-z_][A-Za-z0-9_.\-]*+"
_PLAIN = rb"(?:[A-Za-z0-9_.()/+$^=<~]|-(?=[^ \n]))(?:[^\n:# \[\]]++|:(?=[^ \n])|#| ++(?=[^ \n#]))*+"
_QUOTED = rb"'(?:[^'\n]|'')*+'|\"[^\"\n]*+\""
_ITEM = rb"(?:[A-Za-z0-9_./+~-]++(?: [A-Za-z0-9_./+~-]++)*+|'[^'\n]*+'|\"[^\"\n]*+\")"
_FLOW = rb"\[ *+(?:" + _ITEM + rb"(?: *+, *+" + _ITEM + rb")*+)? *+\]"
_VALUE = rb"(?:" + _PLAIN + rb"|" + _QUOTED + rb"|" + _FLOW + rb")"
_INDENT = rb" {0,60}+(?:- ++){0,4}+"
_LINE = (
    rb"(?:" + _INDENT + rb"(?:" + _KEY + rb":(?: ++" + _VALUE + rb")?|(?<=- )" + _VALUE + rb")?"
    rb"(?: ++#[^\n]*+| *+)|---| *+#[^\n]*+)(?:\n|\Z)"
)
_COMMON_LINE = _INDENT + _KEY + rb": [A-Za-z0-9_(][A-Za-z0-9_.,;()/ -]*+(?<! )(?:\n|\Z)"
"""The most frequent line, ``key: plain text``: a subset of _LINE checked first because it is cheaper."""
_BAD_LINE = re.compile(rb"(?:\A|\n)(?!" + _COMMON_LINE + rb")(?!" + _LINE + rb")")
"""Finds a line outside the grammar: one key, a `- ` item, a comment or `---` per line."""
_NOT_TEXT = re.compile(
    r'"(?=[-+.0-9~nNtTfF"])(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+'
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r'|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|)"'
)
"""A JSON string yaml_reader would not have read as text (YAML 1.2 core resolution), or ``""``."""
_FIRST_CONTENT = re.compile(r"^( *+)(?!#|---$|$)", re.M)
_DOCUMENT_MARK = re.compile(r"^---$", re.M)


class _NotFast(Exception):
    """The text is outside the fast path's subset: read it with yaml_reader."""


class _Source:
    """One file's text, re-read with yaml_reader the first time a position is asked for."""

    __slots__ = ("_reference", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._reference: list[Document] | None = None

    def document(self, index: int) -> Document:
        if self._reference is None:
            self._reference = read_yaml(self.text).documents
        return self._reference[index]


class LazyDocument(Document):
    """A Document read by the fast path: data now, positions from yaml_reader on demand."""

    __slots__ = ("_source",)

    def __init__(self, data: dict[str, Any], index: int, start: Position, source: _Source) -> None:
        Document.__init__(self, data, index, start)
        self._source = source

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> Position:
        return self._source.document(self.index).locate(path, key=key)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _NotFast("duplicate key")
    return mapping


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotFast("not a finite number")
    return value


def _int(text: str) -> int:
    value = integer(text, text, 10)
    if type(value) is not int:
        raise _NotFast("too large a number: yaml_reader reports it")
    return value


def _constant(name: str) -> Any:
    raise _NotFast(f"{name} is text in YAML")


def _starts(text: str, count: int) -> list[Position]:
    """Where each document's root mapping begins: its first key's line and column."""
    starts = []
    offset = 0
    counted, lines = 0, 0  # newlines before ``counted``: each document's line in one pass, not from 0
    for n in range(count):
        if n or text.startswith("---"):
            mark = _DOCUMENT_MARK.search(text, offset)
            if mark is None:
                raise _NotFast("document marks")
            offset = mark.end()
        first = _FIRST_CONTENT.search(text, offset)
        if first is None:
            raise _NotFast("empty document")
        lines += text.count("\n", counted, first.start())
        counted = first.start()
        starts.append((lines, len(first[1])))
        offset = first.end()
    return starts


def _emit_json(data: bytes) -> str:
    """rapidyaml's JSON for ``data``, always a list of documents."""
    assert ryml is not None
    tree = ryml.parse_in_arena(data)
    root = tree.root_id()
    text = ryml.emit_json_malloc(tree, root)
    return text if tree.is_stream(root) else f"[{text}]"


def emit(data: bytes) -> str:
    """The JSON list of the documents in ``data`` (a file's UTF-8 bytes), or "" for yaml_reader.

    The C-heavy half of the fast path; pure and returning a plain string, so it can run in
    another process (parallel.map_two).
    """
    if ryml is None or not data or data.translate(None, _SUBSET_BYTES) or _BAD_LINE.search(data):
        return ""
    if any(sequence in data for sequence in _OUTSIDE_SEQUENCES):
        return ""
    try:
        CParser(data).raw_parse()
    except (yaml.YAMLError, UnicodeError):  # yaml_reader reports it, with its position
        return ""
    try:
        with _quiet_stderr():
            emitted = _emit_json(data)
    except (ryml.ExceptionBasic, UnicodeError, ValueError):  # yaml_reader reads the file and says why
        return ""
    return "" if _NOT_TEXT.search(emitted) else emitted


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence fd 2: rapidyaml prints its (rare) parse errors there before raising.

    Only in a single-threaded process: in the TUI another thread (Textual's writer) draws the
    screen through fd 2, and redirecting it would swallow frames.
    """
    if threading.active_count() > 1:
        yield
        return
    saved = os.dup(2)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def prepare(data: bytes) -> bytes:
    """The fast path's reading of one file's bytes, as a marshal blob, or b"" for yaml_reader.

    The blob holds the documents and where each starts; marshal is the cheapest way for plain
    data to cross from a worker process (it loads ~3x faster than json.loads parses).
    """
    emitted = emit(data)
    if not emitted:
        return b""
    try:
        found = json.loads(
            emitted, object_pairs_hook=_pairs, parse_float=_float, parse_int=_int, parse_constant=_constant
        )
        if not found or any(type(d) is not dict for d in found):
            return b""
        starts = _starts(data.decode("utf-8"), len(found))
    except (_NotFast, ValueError, RecursionError):
        return b""
    return marshal.dumps((found, starts))


def prepare_all(contents: Sequence[bytes]) -> list[bytes]:
    """``prepare`` of every file, on two cores when there is enough to read."""
    return map_two(prepare, contents, [len(c) for c in contents])


def documents(prepared: bytes, text: str) -> ParsedText | None:
    """The documents ``prepare`` read from ``text``, or None when yaml_reader must read it."""
    if not prepared:
        return None
    found, starts = marshal.loads(prepared)
    source = _Source(text)
    return ParsedText([LazyDocument(d, i, tuple(starts[i]), source) for i, d in enumerate(found)], [])


def to_json(prepared: bytes) -> dict[str, Any]:
    """``prepare``'s result as plain JSON data, for the on-disk cache (engine/cache.py)."""
    if not prepared:
        return {"fast": False}
    found, starts = marshal.loads(prepared)
    return {"fast": True, "documents": found, "starts": [list(s) for s in starts]}


def from_json(value: Any) -> bytes | None:
    """``to_json``'s data back as ``prepare``'s result; None when it is not such data (a cache miss)."""
    if not isinstance(value, dict) or not isinstance(value.get("fast"), bool):
        return None
    if not value["fast"]:
        return b""
    found, starts = value.get("documents"), value.get("starts")
    if not isinstance(found, list) or not isinstance(starts, list) or len(found) != len(starts) or not found:
        return None
    if any(type(d) is not dict for d in found):
        return None
    if any(not (isinstance(s, list) and len(s) == 2 and all(type(n) is int for n in s)) for s in starts):
        return None
    return marshal.dumps((found, [tuple(s) for s in starts]))


def read_fast(text: str, data: bytes) -> ParsedText | None:
    """The documents of one file, or None to read it with yaml_reader.

    Args:
        text: the file's text, decoded.
        data: its bytes (a BOM sends the file to yaml_reader).
    """
    return documents(prepare(data), text)
