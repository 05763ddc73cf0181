"""Text from the data made safe for a terminal or a CI log: the one function every human format uses.

Ids, names, messages and paths come from files anyone can write. Before any of them reaches a
terminal (validate's text, rollup and reconcile tables, diff text and markdown, the TUI), control
characters (C0, DEL, C1, NUL), ANSI escape sequences, bidi overrides and isolates, and every other
non-printable character (Unicode categories C* and Z* but the space) are shown as visible escapes:
``\\x1b``, ``\\n``, ``\\u202e``. Printable text passes unchanged, so the common case costs one check.

The same function keeps data from driving a CI log: GitHub Actions runs a line that starts with
``::name`` (after spaces) as a workflow command, and finds the legacy ``##[name]`` form anywhere in
a line. So a text that starts with ``::`` has its first colon shown as ``\\x3a``, and every ``##[``
is shown as ``#\\x23[``: no value from the data can start a command, wherever a format puts it.

``location(file, line, col)`` is how every output writes a place, ``path:line:col``: the path is
terminal-safe, its backslashes doubled and each colon followed by a digit, a space or nothing shown
as ``\\x3a``, so the first ``:<digit>`` of the result always starts the line number (a file named
``a:1:2: error[x].yaml`` cannot pass for a position; ``HEAD:seeds/x.yaml``, git's REV:PATH, stays).
"""

from __future__ import annotations

import re

_POSITION_LIKE = re.compile(r":(?=[0-9 ]|\Z)")


def terminal_safe(value: object) -> str:
    """``value`` as text whose every non-printable character is a visible escape (``\\x1b``, ``\\u202e``),
    and which cannot start or hold a CI workflow command (``::error``, ``##[error]``)."""
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():
        text = "".join(c if c.isprintable() else _escape(c) for c in text)
    if "##[" in text:
        text = text.replace("##[", "#\\x23[")
    if text.lstrip(" ").startswith("::"):
        cut = len(text) - len(text.lstrip(" "))
        text = text[:cut] + "\\x3a" + text[cut + 1 :]
    return text


def location(file: str, line: int | None = None, col: int | None = None) -> str:
    """``path:line:col`` (or ``path:line``, or ``path``), the path made unambiguous (see the module)."""
    path = terminal_safe(file.replace("\\", "\\\\") if "\\" in file else file)
    if ":" in path:
        path = _POSITION_LIKE.sub("\\\\x3a", path)
    if line is None:
        return path
    return f"{path}:{line}" if col is None else f"{path}:{line}:{col}"


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
