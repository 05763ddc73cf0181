"""A scope over time as an SVG or PNG image, through matplotlib (the optional ``gpufleet[charts]`` extra).

matplotlib is imported inside ``render`` only, so nothing else in gpufleet pays for it or needs it.
The picture: power (active and contracted) above, GPUs below; each a step line after the date it is
measured at, with the uncertain part (dates unknown) as a band above it; each reported figure a
marker at its date in its status colour: an upward arrow for ``>``/``>=``, a downward one for
``<``/``<=``, a bar over its tolerance for ``~``, a dot when exact. The output does not depend on
the time it is made (no date in the metadata, fixed SVG ids).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from inventory.reconcile.timeline import Marker, ScopeSeries
from inventory.rollup.scopes import metric_label

STATUS_COLORS = {
    "ok": "#2e7d32",
    "mismatch": "#c62828",
    "incomplete": "#e08a00",
    "conflict": "#7b1fa2",
    "weak": "#9e9e9e",
}
"""A colour for each Status value; a status added later is drawn grey until it gets one."""
LINE_COLORS = {"active_power": "#1565c0", "contracted_power": "#6d4c41", "gpus": "#00796b"}
FORMATS = ("svg", "png")
MW = Decimal(10) ** 6


class ChartsMissing(ImportError):
    """The charts extra (matplotlib) is not installed."""


def _matplotlib() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ChartsMissing(str(exc)) from None
    return matplotlib, Figure


def render(data: ScopeSeries, title: str, fmt: str) -> bytes:
    """The chart as ``svg`` or ``png`` bytes.

    Raises:
        ChartsMissing: matplotlib is not installed.
        ValueError: an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"a chart is written as {' or '.join(FORMATS)}, not {fmt!r}")
    matplotlib, figure_class = _matplotlib()
    settings = {"svg.hashsalt": "gpufleet", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}
    with matplotlib.rc_context(settings):
        has_gpus = "gpus" in data.lines
        fig = figure_class(figsize=(11.5, 6.2 if has_gpus else 4.2), dpi=110, layout="constrained")
        axes = fig.subplots(2 if has_gpus else 1, 1, sharex=True, height_ratios=[3, 2] if has_gpus else None)
        power_ax, gpu_ax = (axes[0], axes[1]) if has_gpus else (axes, None)
        power = [m for m in data.lines if m != "gpus"]
        _panel(power_ax, data, power, MW)
        power_ax.set_ylabel("MW")
        power_ax.set_title(title, loc="left", fontsize=11)
        if not data.complete:
            note = "not a complete scope: each line is a lower bound"
            power_ax.set_title(note, loc="right", fontsize=8, color="#616161")
        if gpu_ax is not None:
            _panel(gpu_ax, data, ["gpus"], Decimal(1))
            gpu_ax.set_ylabel("GPUs")
            gpu_ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        _legend(power_ax, data)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def _panel(ax: Any, data: ScopeSeries, metrics: list[str], unit: Decimal) -> None:
    for metric in metrics:
        points = data.lines[metric]
        days = [p.day for p in points]
        low = [float(p.itemized / unit) for p in points]
        high = [float((p.itemized + p.uncertain) / unit) for p in points]
        if len(days) > 1:  # the last value holds for one more step, so it is seen (a step after its date)
            days.append(days[-1] + (days[-1] - days[-2]))
            low.append(low[-1])
            high.append(high[-1])
        color = LINE_COLORS.get(metric, "#424242")
        ax.step(days, low, where="post", color=color, linewidth=1.8, label=metric_label(metric))
        if any(h > lo for h, lo in zip(high, low, strict=True)):
            ax.fill_between(days, low, high, step="post", color=color, alpha=0.16, linewidth=0)
    for m in data.markers:
        if m.metric in metrics:
            _marker(ax, m, unit)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)


def _marker(ax: Any, m: Marker, unit: Decimal) -> None:
    color = STATUS_COLORS.get(m.status, "#616161")
    y = float(m.value / unit)
    if m.qualifier == "approximately" and m.high is not None:
        below, above = y - float(m.low / unit), float(m.high / unit) - y
        ax.errorbar([m.day], [y], yerr=[[below], [above]], fmt="D", color=color, markersize=4.5, capsize=3, zorder=4)
    elif m.qualifier in ("more-than", "at-least", "up-to", "less-than"):
        up = m.qualifier in ("more-than", "at-least")
        ax.plot([m.day], [y], marker="_", color=color, markersize=10, markeredgewidth=2, zorder=4)
        ax.annotate(
            "",
            xy=(m.day, y),
            xytext=(0, 16 if up else -16),
            textcoords="offset points",
            arrowprops={"arrowstyle": "<|-", "color": color, "linewidth": 1.4, "shrinkA": 0, "shrinkB": 0},
            zorder=4,
        )
    else:
        ax.plot([m.day], [y], marker="o", color=color, markersize=5, zorder=4)


def _legend(ax: Any, data: ScopeSeries) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Line2D([], [], color=LINE_COLORS.get(m, "#424242"), linewidth=1.8, label=metric_label(m)) for m in data.lines
    ]
    handles += [
        Patch(color=LINE_COLORS.get(m, "#424242"), alpha=0.16, label=f"{metric_label(m)}: may also be (dates unknown)")
        for m in data.lines
        if any(p.uncertain for p in data.lines[m])
    ]
    order = list(STATUS_COLORS)
    shown = sorted({m.status for m in data.markers}, key=lambda s: (order.index(s) if s in order else len(order), s))
    handles += [
        Line2D([], [], color=STATUS_COLORS.get(s, "#616161"), marker="D", linestyle="", label=f"reported: {s}")
        for s in shown
    ]
    qualifiers = {m.qualifier for m in data.markers}
    grey = "#616161"
    if qualifiers & {"more-than", "at-least"}:
        handles.append(Line2D([], [], color=grey, marker="$\\uparrow$", linestyle="", label="> or >=: an arrow up"))
    if qualifiers & {"up-to", "less-than"}:
        handles.append(Line2D([], [], color=grey, marker="$\\downarrow$", linestyle="", label="< or <=: an arrow down"))
    if "approximately" in qualifiers:
        handles.append(Line2D([], [], color=grey, marker="D", linestyle="", label="~: a bar over its tolerance"))
    if "exact" in qualifiers:
        handles.append(Line2D([], [], color=grey, marker="o", linestyle="", label="exact"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
