"""One file's text as the server sees it: lines, the extent of a YAML token, protocol positions.

The engine and the reader count 0-based lines split at "\\n" and columns in characters; the
protocol counts columns in the client's code units (UTF-16 unless negotiated otherwise). Every
conversion between the two goes through ``FileText``.
"""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

_PLAIN_END = re.compile(r"\s+#|:\s|:$|\s*$")
_FLOW_END = re.compile(r"\s+#|[,\]}]|:\s|:$|\s*$")


class FileText:
    """A text, split into lines once."""

    def __init__(self, text: str, codec: PositionCodec | None = None) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.codec = codec or PositionCodec()

    def line(self, n: int) -> str:
        return self.lines[n] if 0 <= n < len(self.lines) else ""

    def position(self, line: int, col: int) -> types.Position:
        """A protocol position from a 0-based line and a character column (clamped into the text)."""
        if line >= len(self.lines):
            line, col = len(self.lines) - 1, len(self.lines[-1])
        line = max(line, 0)
        col = max(0, min(col, len(self.lines[line])))
        return self.codec.position_to_client_units(self.lines, types.Position(line=line, character=col))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """(line, character column) of a protocol position."""
        p = self.codec.position_from_client_units(self.lines, types.Position(position.line, position.character))
        return p.line, p.character

    def token_end(self, line: int, col: int) -> int:
        """The column where the YAML token starting at (line, col) ends on its line: a quoted
        scalar to its closing quote, a plain one to a comment, ``: ``, a flow separator or the end."""
        text = self.line(line)
        if col >= len(text):
            return col
        first = text[col]
        if first in "\"'":
            i = col + 1
            while i < len(text):
                if text[i] == first:
                    if first == "'" and text[i + 1 : i + 2] == "'":
                        i += 2
                        continue
                    return i + 1
                if text[i] == "\\" and first == '"':
                    i += 1
                i += 1
            return len(text)
        if first in "[{":
            return len(text.rstrip())
        flow = _in_flow(text, col)
        m = (_FLOW_END if flow else _PLAIN_END).search(text, col + 1)
        end = m.start() if m else len(text)
        return max(end, col + 1)

    def range(self, line: int, col: int, end: int | None = None) -> types.Range:
        """The range of the token at (line, col) (to ``end`` when given)."""
        stop = self.token_end(line, col) if end is None else end
        return types.Range(self.position(line, col), self.position(line, stop))


def _in_flow(text: str, col: int) -> bool:
    """True when ``col`` is inside a ``[...]`` or ``{...}`` opened earlier on the line."""
    depth = 0
    quote = ""
    for ch in text[:col]:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return depth > 0
