"""Plain text tables, the one place table cells are laid out and made safe for a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from inventory.base.text import terminal_safe


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, left: int = 1) -> str:
    """A plain text table: the first ``left`` columns aligned left, the others right."""
    rows = [[terminal_safe(v) for v in r] for r in rows]
    widths = [max(len(str(r[i])) for r in (headers, *rows)) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        cells = [v.ljust(w) if i < left else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))]
        return "  ".join(cells).rstrip()

    return "\n".join([line(headers), *(line(r) for r in rows)]) + "\n"
