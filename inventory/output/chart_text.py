"""A scope over time drawn with text: step lines, the uncertain band, reported figures as markers.

No plotting library: a grid of characters, one column a span of days. Power on the upper panel
(active ``━``, contracted ``─``), GPUs below (``━``); ``░`` is what may also be in service (dates
unknown); a reported figure is ``▲`` (more than, at least), ``▼`` (up to, less than), ``◆`` with
``┆`` over its tolerance (about) or ``●`` (exact), coloured by status when colour is on. Each value
holds from the date it is measured at to the next (a step after the date). The figures are listed
under the chart with their status, so nothing depends on colour. Every text from the data passes
through ``terminal_safe``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from inventory.base.text import terminal_safe
from inventory.reconcile.timeline import Marker, Point, ScopeSeries
from inventory.rollup.scopes import format_amount, metric_label

STATUS_ANSI = {"ok": "32", "mismatch": "31", "incomplete": "33", "conflict": "35", "weak": "90"}
LINE_ANSI = {"active_power": "34", "contracted_power": "36", "gpus": "34"}
GLYPHS = {"active_power": ("━", "┃"), "contracted_power": ("─", "│"), "gpus": ("━", "┃")}
QUALIFIER_GLYPHS = {"more-than": "▲", "at-least": "▲", "up-to": "▼", "less-than": "▼", "approximately": "◆"}
LABEL_WIDTH = 10


@dataclass(slots=True)
class _Grid:
    rows: int
    cols: int
    first: dt.date
    last: dt.date
    top: Decimal
    cells: list[list[tuple[str, str | None]]] = field(init=False)

    def __post_init__(self) -> None:
        self.cells = [[(" ", None)] * self.cols for _ in range(self.rows)]

    def col(self, day: dt.date) -> int:
        span = max((self.last - self.first).days, 1)
        return round((day - self.first).days / span * (self.cols - 1))

    def row(self, value: Decimal) -> int:
        share = min(max(value / self.top, Decimal(0)), Decimal(1)) if self.top else Decimal(0)
        return self.rows - 1 - round(share * (self.rows - 1))

    def put(self, row: int, col: int, char: str, color: str | None, *, over: bool = True) -> None:
        if 0 <= row < self.rows and 0 <= col < self.cols and (over or self.cells[row][col][0] == " "):
            self.cells[row][col] = (char, color)

    def day_of(self, col: int) -> dt.date:
        span = (self.last - self.first).days
        return self.first + dt.timedelta(days=round(col * span / max(self.cols - 1, 1)))


def _value_at(points: Sequence[Point], day: dt.date) -> Point | None:
    """The step value on ``day``: the last point measured on or before it."""
    found = None
    for p in points:
        if p.day > day:
            break
        found = p
    return found


def _nice_top(value: Decimal) -> Decimal:
    """A round upper bound of the axis (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or above ``value``."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in ("1", "1.5", "2", "2.5", "3", "4", "5", "6", "8", "10"):
        if value <= Decimal(step) * magnitude:
            return Decimal(step) * magnitude
    return 10 * magnitude


def _panel(
    lines: dict[str, list[Point]],
    markers: Sequence[Marker],
    rows: int,
    cols: int,
    span: tuple[dt.date, dt.date],
    *,
    is_power: bool,
) -> _Grid:
    peak = max(
        [p.itemized + p.uncertain for ps in lines.values() for p in ps]
        + [m.high or m.value for m in markers]
        + [Decimal(0)]
    )
    grid = _Grid(rows, cols, span[0], span[1], _nice_top(peak))
    for metric, points in lines.items():  # the band first, so lines and markers draw over it
        for c in range(cols):
            p = _value_at(points, grid.day_of(c))
            if p is not None and p.uncertain:
                for r in range(grid.row(p.itemized + p.uncertain), grid.row(p.itemized)):
                    grid.put(r, c, "░", LINE_ANSI[metric], over=False)
    for metric in reversed(list(lines)):  # the first metric (active) drawn last: on top
        flat, rise = GLYPHS[metric]
        before: int | None = None
        for c in range(cols):
            p = _value_at(lines[metric], grid.day_of(c))
            if p is None:
                before = None
                continue
            r = grid.row(p.itemized)
            if before is not None and before != r:
                for between in range(min(before, r) + 1, max(before, r)):
                    grid.put(between, c, rise, LINE_ANSI[metric])
            grid.put(r, c, flat, LINE_ANSI[metric])
            before = r
    for m in markers:
        c = grid.col(m.day)
        color = STATUS_ANSI.get(m.status)
        if m.qualifier == "approximately" and m.high is not None:
            for r in range(grid.row(m.high), grid.row(m.low) + 1):
                grid.put(r, c, "┆", color)
        grid.put(grid.row(m.value), c, QUALIFIER_GLYPHS.get(m.qualifier, "●"), color)
    return grid


def _draw(grid: _Grid, *, is_power: bool, color: bool) -> list[str]:
    def paint(char: str, code: str | None) -> str:
        return f"\x1b[{code}m{char}\x1b[0m" if color and code and char != " " else char

    labels = {0: grid.top, grid.rows // 2: grid.top / 2, grid.rows - 1: Decimal(0)}
    out = []
    for r, cells in enumerate(grid.cells):
        label = format_amount(labels[r], is_power=is_power) if r in labels else ""
        out.append(f"{label:>{LABEL_WIDTH}} ┤" + "".join(paint(ch, code) for ch, code in cells).rstrip())
    out.append(" " * LABEL_WIDTH + " └" + "─" * grid.cols)
    out.append(" " * (LABEL_WIDTH + 2) + _x_labels(grid))
    return out


def _x_labels(grid: _Grid) -> str:
    """Year starts (or quarter starts in a short span) under their columns, never overlapping."""
    first, last = grid.first, grid.last
    short = (last - first).days < 2 * 366
    ticks = []
    day = dt.date(first.year, 1, 1)
    while day <= last:
        if day >= first:
            ticks.append((grid.col(day), str(day.year) if day.month == 1 else f"Q{(day.month - 1) // 3 + 1}"))
        month = day.month + (3 if short else 12)
        day = dt.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    if not ticks:
        ticks = [(0, str(first))]
    text = ""
    for col, label in ticks:
        if col >= len(text) + (1 if text else 0):
            text = text.ljust(col) + label
    return text


def render(data: ScopeSeries, title: str, *, width: int = 100, height: int = 12, color: bool = False) -> str:
    """The chart as text: a title, the power panel, the GPUs panel (when charted), the legend and the figures."""
    days = [p.day for ps in data.lines.values() for p in ps]
    if not days:
        return f"{terminal_safe(title)}\n\nno dates\n"
    span = (min(days), max(days))
    markers = [m for m in data.markers if span[0] <= m.day <= span[1]]
    cols = max(width - LABEL_WIDTH - 2, 20)
    out = [terminal_safe(title), ""]
    power = {k: v for k, v in data.lines.items() if k != "gpus"}
    if power:
        grid = _panel(power, [m for m in markers if m.metric in power], height, cols, span, is_power=True)
        out += ["power", *_draw(grid, is_power=True, color=color), ""]
    if "gpus" in data.lines:
        gpus = {"gpus": data.lines["gpus"]}
        grid = _panel(
            gpus, [m for m in markers if m.metric == "gpus"], max(height * 2 // 3, 4), cols, span, is_power=False
        )
        out += ["GPUs", *_draw(grid, is_power=False, color=color), ""]
    out.append(_legend(data, color=color))
    if markers:
        out += ["", "reported:"]
        for m in markers:
            glyph = QUALIFIER_GLYPHS.get(m.qualifier, "●")
            out.append(
                terminal_safe(f"  {m.day}  {glyph} {metric_label(m.metric)} {m.text}  {m.status}  {m.report_id}")
            )
    return "\n".join(out) + "\n"


def _legend(data: ScopeSeries, *, color: bool) -> str:
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    lines = [f"{paint(GLYPHS[m][0], LINE_ANSI[m])} {metric_label(m)}" for m in data.lines]
    lines.append("░ may also be in service (dates unknown)")
    marks = ["reported: ▲ more than  ▼ up to  ◆┆ about (its tolerance)  ● exact"]
    if color:
        marks.append(" ".join(paint(s, c) for s, c in STATUS_ANSI.items()))
    out = "  ".join(lines) + "\n" + "  ".join(marks)
    if not data.complete:
        out += "\nnot a complete scope: each line is a lower bound"
    return out
