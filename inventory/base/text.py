"""Text from the data made safe for a terminal or a CI log: the one function every human format uses.

Ids, names, messages and paths come from files anyone can write. Before any of them reaches a
terminal (validate's text, rollup and reconcile tables, diff text and markdown, the TUI), control
characters (C0, DEL, C1, NUL), ANSI escape sequences, bidi overrides and isolates, and every other
non-printable character (Unicode categories C* and Z* but the space) are shown as visible escapes:
``\\x1b``, ``\\n``, ``\\u202e``. Printable text passes unchanged, so the common case costs one check.
"""

from __future__ import annotations


def terminal_safe(value: object) -> str:
    """``value`` as text whose every non-printable character is a visible escape (``\\x1b``, ``\\u202e``)."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
