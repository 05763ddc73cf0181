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

MAX_INTEGER = 10**15 - 1
"""Largest whole number read, in any base (15 digits: a count of GPUs, watts or years needs fewer)."""
_TOO_LARGE_TEXT = 40
"""Longer integer text is too large without being converted (Python refuses 4,300 digits)."""


class TooLarge(str):
    """An integer beyond MAX_INTEGER, kept as its text; the reader reports number-too-large."""


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
            return integer(text, text, 10)
        if _FLOAT.match(text):
            return float(text)
        if _OCT.match(text):
            return integer(text, text[2:], 8)
        if _HEX.match(text):
            return integer(text, text[2:], 16)
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


def integer(text: str, digits: str, base: int) -> int | TooLarge:
    """``int(digits, base)``, or TooLarge(text) beyond MAX_INTEGER (never converting thousands of digits)."""
    if len(digits) > _TOO_LARGE_TEXT:
        return TooLarge(text)
    value = int(digits, base)
    return TooLarge(text) if abs(value) > MAX_INTEGER else value


class _Reader:
    """One pass over the event stream. Kept as a class only to share state between helpers."""

    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []

    def problem(self, code: str, message: str, mark: Any, related: tuple[Position, ...] = ()) -> None:
        self.problems.append(YamlProblem(code, message, mark.line, mark.column, related))
        if len(self.problems) >= MAX_PROBLEMS_PER_FILE:
            raise _TooManyProblems

    def check_node(self, event: Any) -> None:
        """Anchors and tags: every explicit tag is refused (``!!str``, ``!x``, ``!``, ``!<...>``).

        One rule, so that no tag can change what a value is: the value is read as if untagged
        (a tagged scalar as its text), and the tag is reported where it is written.
        """
        if event.anchor is not None:
            self.problem(
                "yaml-anchor", f"anchor &{_shown(event.anchor)} is not allowed; write the value out", event.start_mark
            )
        tag = event.tag
        if tag is not None:
            self.problem(
                "yaml-tag", f"tag {_short(tag)} is not allowed; gpufleet reads plain YAML values only", event.start_mark
            )

    def scalar(self, event: Any) -> Any:
        self.check_node(event)
        if event.tag is not None or event.style or not event.implicit[0]:
            return event.value
        value = _resolve_plain(event.value)
        if type(value) is TooLarge:
            self.problem(
                "number-too-large",
                f"{_shown(event.value)} is too large a number; gpufleet reads whole numbers up to {MAX_INTEGER:,}",
                event.start_mark,
            )
            return str(value)
        if isinstance(value, float) and not math.isfinite(value):
            self.problem("non-finite-number", f"{_shown(event.value)} is not a finite number", event.start_mark)
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
        return _inside(text, ParsedText(documents, problems + located))

    def _events(self, parser: Any, documents: list[Document]) -> None:
        get = parser.get_event
        # A frame is [container, positions, pending key, key position, start position]; pending
        # key is _NO_KEY while a mapping waits for a key.
        stack: list[list[Any]] = []
        positions: dict[int, Any] = {}
        document_mark: Any = _Mark(0, 0)
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent:
                if stack and stack[-1][2] is _NO_KEY and type(stack[-1][0]) is dict:
                    self._key(stack[-1], event)
                    continue
                value = self.scalar(event)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                self.check_node(event)
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
                    "yaml-alias", f"alias *{_shown(event.anchor)} is not allowed; write the value out", event.start_mark
                )
                value = None
            elif cls is DocumentStartEvent:
                positions = {}
                document_mark = event.start_mark  # an empty document is placed at its `---`
                continue
            elif cls is StreamEndEvent:
                return
            else:  # StreamStart, DocumentEnd
                continue
            if not stack:
                mark = document_mark if value is None and cls is ScalarEvent and not event.value else event.start_mark
                data_start = (mark.line, mark.column)
                documents.append(Document(value, len(documents), data_start, positions))
                continue
            self._value(stack[-1], value, event)

    def _key(self, frame: list[Any], event: Any) -> None:
        key = self.scalar(event)
        mark = event.start_mark
        if not isinstance(key, str):
            self.problem("non-string-key", f"key {_shown(event.value)!r} is not text; quote it", mark)
            key = _BadKey(event.value)
        elif key in frame[0]:
            first = frame[1][key]
            self.problem(
                "duplicate-key",
                f'duplicate key "{_shown(key)}" (first at line {first[0] + 1}, column {first[1] + 1})',
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


def _inside(text: str, parsed: ParsedText) -> ParsedText:
    """Every document start and problem on a line the text has (libyaml may place the end of the
    stream one line past the last, e.g. after a final comment without a newline)."""
    last = max(text.count("\n") - (1 if text.endswith("\n") else 0), 0)
    if not any(d.start[0] > last for d in parsed.documents) and not any(p.line > last for p in parsed.problems):
        return parsed
    width = len(line_at(text, last))
    for d in parsed.documents:
        if d.start[0] > last:
            d.start = (last, width)
    problems = [
        p if p.line <= last else YamlProblem(p.code, p.message, last, width, p.related) for p in parsed.problems
    ]
    return ParsedText(parsed.documents, problems)


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
    return _shown("!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag)


MAX_SHOWN = 60
"""Text from the file quoted in a message is cut to this many characters."""


def _shown(text: str) -> str:
    """``text`` as a message quotes it: at most MAX_SHOWN characters (a 5,000-digit number is not repeated)."""
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


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
