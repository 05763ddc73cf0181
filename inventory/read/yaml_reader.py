"""YAML text -> plain Python documents with a position for every key and value.

Reads libyaml's event stream (PyYAML's C parser) and builds dicts, lists and scalars directly,
without PyYAML's composer or constructor. That single pass is about 3x faster than
``yaml.load(CSafeLoader)`` and is where every YAML-level rule is enforced, each problem located:
duplicate keys (both positions), anchors and aliases (refused, never expanded, so an alias bomb
costs nothing), explicit tags, non-string keys, .nan/.inf, and a nesting limit (libyaml's parser
is iterative, so a 100,000-level document cannot overflow the stack here).

Plain scalars are resolved with the YAML 1.2 core schema (``no`` is text, not false; dates stay
text: gpufleet parses its own partial dates). Pure: takes text, touches no file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # the stubs omit the C classes
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from inventory.read.positions import LineMap, Position, clamp, line_at, position_of_byte, position_of_index

MAX_DEPTH = 200
"""Deepest nesting read. A gpufleet document needs about 6 levels."""

_TOO_DEEP = f"collections nested deeper than {MAX_DEPTH} levels; the rest of the file is not read"

MAX_PROBLEMS_PER_FILE = 100
"""After this many YAML problems in one file, the rest of the file is not read."""

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A problem found while reading YAML; positions are 0-based like libyaml's."""

    code: str
    message: str
    line: int
    col: int
    related: tuple[Position, ...] = ()


@dataclass(slots=True)
class Document:
    """One YAML document: its data and where each key and value stands."""

    data: Any
    index: int
    start: Position
    positions: dict[int, Any] = field(default_factory=dict, repr=False)
    """id(container) -> {key: (key_line, key_col, value_line, value_col)} or [(line, col), ...]."""

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> Position:
        """Position of the value at ``path`` (of its key with ``key=True``).

        Steps that do not exist (a missing field) stop at the deepest container that does, so a
        missing field points at the mapping that lacks it.
        """
        node, here = self.data, self.start
        for i, step in enumerate(path):
            entry = self.positions.get(id(node))
            if entry is None:
                break
            last = i == len(path) - 1
            if isinstance(node, dict) and isinstance(step, str) and step in node:
                kl, kc, vl, vc = entry[step]
                here = (kl, kc) if (key and last) else (vl, vc)
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                here = entry[step]
                node = node[step]
            else:
                break
        return here


@dataclass(slots=True)
class ParsedText:
    documents: list[Document]
    problems: list[YamlProblem]


class _TooManyProblems(Exception):
    pass


def _resolve_plain(text: str) -> Any:
    """A plain scalar under the YAML 1.2 core schema (timestamps stay text)."""
    if text in _NULLS:
        return None
    first = text[0]
    if first in "-+.0123456789":
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
        if _INF.match(text):
            return -math.inf if first == "-" else math.inf
        if _NAN.match(text):
            return math.nan
        return text
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text


_TAGGED_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int,
    "float": (int, float),
    "bool": bool,
    "null": type(None),
}


def _resolve_tagged(tag: str, text: str) -> Any:
    kind = tag[len(_CORE) :]
    if kind == "str":
        return text
    value = _resolve_plain(text)
    expected = _TAGGED_TYPES[kind]
    if isinstance(value, bool) and kind != "bool":
        return text
    return value if isinstance(value, expected) else text


class _Reader:
    """One pass over the event stream. Kept as a class only to share state between helpers."""

    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []

    def problem(self, code: str, message: str, mark: Any, related: tuple[Position, ...] = ()) -> None:
        self.problems.append(YamlProblem(code, message, mark.line, mark.column, related))
        if len(self.problems) >= MAX_PROBLEMS_PER_FILE:
            raise _TooManyProblems

    def check_node(self, event: Any, collection: str = "") -> None:
        """Anchors and foreign tags; ``collection`` ("map" or "seq") is the kind a collection is."""
        if event.anchor is not None:
            self.problem("yaml-anchor", f"anchor &{event.anchor} is not allowed; write the value out", event.start_mark)
        tag = event.tag
        if tag is None or tag == "!":
            return
        if tag not in _ALLOWED_TAGS:
            self.problem(
                "yaml-tag", f"tag {_short(tag)} is not allowed; gpufleet reads plain YAML values only", event.start_mark
            )
        elif collection and not tag.endswith(collection):
            self.problem("yaml-tag", f"tag {_short(tag)} does not fit a collection", event.start_mark)

    def scalar(self, event: Any) -> Any:
        self.check_node(event)
        tag = event.tag
        if tag in _ALLOWED_TAGS:
            if tag.endswith(("map", "seq")):
                self.problem("yaml-tag", f"tag {_short(tag)} does not fit a scalar", event.start_mark)
                return event.value
            value = _resolve_tagged(tag, event.value)
        elif tag is None and not event.style and event.implicit[0]:  # "!" alone means text
            value = _resolve_plain(event.value)
        else:
            return event.value
        if isinstance(value, float) and not math.isfinite(value):
            self.problem("non-finite-number", f"{event.value} is not a finite number", event.start_mark)
        return value

    def read(self, text: str) -> ParsedText:
        documents: list[Document] = []
        lines = LineMap.of(text)
        located: list[YamlProblem] = []  # problems already numbered by "\n" alone
        try:
            self._events(CParser(text), documents)
        except yaml.MarkedYAMLError as exc:
            located.append(_syntax_problem(exc, text, lines))
        except yaml.reader.ReaderError as exc:  # a character YAML forbids: its position is a byte offset
            line, col = position_of_byte(text, exc.position)
            character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
            located.append(YamlProblem("yaml-syntax", f"{exc.reason} ({character})", line, col))
        except yaml.YAMLError as exc:  # any other libyaml error: no position is known, so the start
            located.append(YamlProblem("yaml-syntax", str(exc), 0, 0))
        except UnicodeEncodeError as exc:  # a lone surrogate: only text that never came from a file
            line, col = position_of_index(text, exc.start)
            located.append(YamlProblem("yaml-syntax", f"character U+{ord(text[exc.start]):04X} is not text", line, col))
        except _TooManyProblems:
            last = self.problems[-1]
            message = f"stopped reading after {MAX_PROBLEMS_PER_FILE} YAML problems"
            self.problems.append(YamlProblem("too-many-problems", message, last.line, last.col))
        problems = self.problems if lines is None else _renumber(lines, self.problems, documents)
        return ParsedText(documents, problems + located)

    def _events(self, parser: Any, documents: list[Document]) -> None:
        get = parser.get_event
        # A frame is [container, positions, pending key, key position, start position]; pending
        # key is _NO_KEY while a mapping waits for a key.
        stack: list[list[Any]] = []
        positions: dict[int, Any] = {}
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent:
                if stack and stack[-1][2] is _NO_KEY and type(stack[-1][0]) is dict:
                    self._key(stack[-1], event)
                    continue
                value = self.scalar(event)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                self.check_node(event, "map" if cls is MappingStartEvent else "seq")
                if len(stack) >= MAX_DEPTH:
                    self.problem(
                        "nesting-too-deep",
                        _TOO_DEEP,
                        event.start_mark,
                    )
                    return
                container: Any = {} if cls is MappingStartEvent else []
                pos: Any = {} if cls is MappingStartEvent else []
                positions[id(container)] = pos
                mark = event.start_mark
                start = (mark.line, mark.column)
                stack.append([container, pos, _NO_KEY, start, start])
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                value = frame[0]
                event = _Marked(*frame[4])  # the collection's own start is its position
            elif cls is AliasEvent:
                self.problem(
                    "yaml-alias", f"alias *{event.anchor} is not allowed; write the value out", event.start_mark
                )
                value = None
            elif cls is DocumentStartEvent:
                positions = {}
                continue
            elif cls is StreamEndEvent:
                return
            else:  # StreamStart, DocumentEnd
                continue
            if not stack:
                data_start = (event.start_mark.line, event.start_mark.column)
                documents.append(Document(value, len(documents), data_start, positions))
                continue
            self._value(stack[-1], value, event)

    def _key(self, frame: list[Any], event: Any) -> None:
        key = self.scalar(event)
        mark = event.start_mark
        if not isinstance(key, str):
            self.problem("non-string-key", f"key {event.value!r} is not text; quote it", mark)
            key = _BadKey(event.value)
        elif key in frame[0]:
            first = frame[1][key]
            self.problem(
                "duplicate-key",
                f'duplicate key "{key}" (first at line {first[0] + 1}, column {first[1] + 1})',
                mark,
                ((first[0], first[1]),),
            )
            key = _BadKey(key)
        frame[2] = key
        frame[3] = (mark.line, mark.column)

    def _value(self, frame: list[Any], value: Any, event: Any) -> None:
        container, pos = frame[0], frame[1]
        mark = event.start_mark
        if type(container) is dict:
            key = frame[2]
            if key is _NO_KEY:  # a collection used as a key
                self.problem("non-string-key", "a collection cannot be a key", mark)
                frame[2] = _BadKey("?")
                frame[3] = (mark.line, mark.column)
                return
            frame[2] = _NO_KEY
            if type(key) is _BadKey:
                return
            container[key] = value
            kl, kc = frame[3]
            pos[key] = (kl, kc, mark.line, mark.column)
        else:
            container.append(value)
            pos.append((mark.line, mark.column))


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, lines: LineMap | None) -> YamlProblem:
    """libyaml's syntax error as a problem at "\n"-numbered lines, with a hint for tabs."""
    fix = lines.fix if lines is not None else (lambda line, col: (line, col))
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or "invalid YAML"
    if exc.context:
        message = f"{message} ({exc.context}"
        if exc.context_mark is not None and exc.context_mark is not mark:
            context_line, context_col = fix(exc.context_mark.line, exc.context_mark.column)
            message += f" at line {context_line + 1}, column {context_col + 1}"
        message += ")"
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        if "end of stream" in message:
            mark, message = exc.context_mark, "this quote is never closed: the file ends inside it"
        elif "document indicator" in message:
            mark, message = exc.context_mark, "this quote is never closed: the next document starts inside it"
    line, col = clamp(text, *fix(mark.line, mark.column)) if mark is not None else (0, 0)
    if "\t" in line_at(text, line)[: col + 1]:
        message = "a tab is used for indentation; YAML allows only spaces there"
    if "maximum nesting depth" in message:  # libyaml >= 0.2.6 has a limit of its own (1000 levels)
        return YamlProblem(
            "nesting-too-deep", "collections nested deeper than libyaml reads; the file is not read", line, col
        )
    return YamlProblem("yaml-syntax", message, line, col)


def _renumber(lines: LineMap, problems: list[YamlProblem], documents: list[Document]) -> list[YamlProblem]:
    """Problems and documents (in place) with positions counted by "\n" alone."""
    for document in documents:
        document.start = lines.fix(*document.start)
        for key, entry in document.positions.items():
            if isinstance(entry, dict):
                document.positions[key] = {
                    k: (*lines.fix(kl, kc), *lines.fix(vl, vc)) for k, (kl, kc, vl, vc) in entry.items()
                }
            else:
                document.positions[key] = [lines.fix(line, col) for line, col in entry]
    return [
        YamlProblem(p.code, p.message, *lines.fix(p.line, p.col), tuple(lines.fix(*r) for r in p.related))
        for p in problems
    ]


def _short(tag: str) -> str:
    """A tag as it is written: ``!!python/object`` rather than ``tag:yaml.org,2002:python/object``."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Marked:
    """A stand-in event carrying only a start mark (for a closed collection)."""

    __slots__ = ("start_mark",)

    def __init__(self, line: int, column: int) -> None:
        self.start_mark = _Mark(line, column)


class _Mark:
    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


class _BadKey(str):
    """A key that was reported (duplicate or not text); its value is dropped."""


_NO_KEY: Any = object()


def read_yaml(text: str) -> ParsedText:
    """Parse every document of ``text``; problems are returned, never raised."""
    return _Reader().read(text)
