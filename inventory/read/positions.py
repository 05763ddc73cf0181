"""Places in a text as users count them: 0-based (line, column), lines split at "\n" alone.

libyaml (YAML 1.1) also breaks lines at a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029), and
reports some errors as byte offsets; editors, grep and GitHub count "\n" and characters. These
helpers turn libyaml's numbers into theirs. Pure.
"""

from __future__ import annotations

import bisect
import re

Position = tuple[int, int]
"""0-based (line, column)."""

_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


class LineMap:
    """Renumbers libyaml's (line, column) by "\n" alone; one U+2028 in a quoted value would
    otherwise shift every later line number. Built only for text that holds such a break."""

    def __init__(self, text: str) -> None:
        self.yaml_starts = [0, *(m.end() for m in _YAML_BREAKS.finditer(text))]
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    @classmethod
    def of(cls, text: str) -> LineMap | None:
        """A map for ``text``, or None when libyaml and "\n" number its lines alike."""
        return cls(text) if _ODD_BREAKS.search(text) else None

    def fix(self, line: int, col: int) -> Position:
        index = self.yaml_starts[min(line, len(self.yaml_starts) - 1)] + col
        n = bisect.bisect_right(self.line_starts, index) - 1
        return n, index - self.line_starts[n]


def clamp(text: str, line: int, col: int) -> Position:
    """A position inside ``text``: libyaml puts the end of a stream without a final newline one line further."""
    lines = text.split("\n")
    if line >= len(lines):
        return len(lines) - 1, len(lines[-1])
    return line, min(col, len(lines[line]))


def line_at(text: str, line: int) -> str:
    """The text of one line (empty beyond the end)."""
    lines = text.split("\n", line + 1)
    return lines[line] if line < len(lines) else ""


def position_of_index(text: str, index: int) -> Position:
    """(line, column) of a character index into ``text``."""
    before = text[:index]
    line = before.count("\n")
    return line, index - (before.rfind("\n") + 1)


def position_of_byte(text: str, offset: int) -> Position:
    """(line, column) of a UTF-8 byte offset into ``text`` (libyaml reports reader errors so)."""
    index = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    return position_of_index(text, index)
