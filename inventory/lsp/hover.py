"""Hover: what gpufleet knows about the thing under the cursor, from the verdict.

- an entity (its id, or a reference to it): a one-line summary and its rollup at the verdict's
  date (the Fleet's as_of): active and contracted power, GPUs by SKU, what is uncertain;
- a Report figure: its reconciliation (status, coverage, the itemized value) from ``verdict.checks``;
- a power or date value: how gpufleet reads it (exact watts; the span of days a partial date means).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from inventory.engine import Verdict
from inventory.lsp import fields
from inventory.lsp.index import HOST, FileIndex, Node, Symbol
from inventory.model.figures import PowerFigure
from inventory.model.units import Power, format_power, parse_as_of, parse_date, parse_power, split_qualifier
from inventory.rollup.scopes import ScopeRollup, format_amount, metric_label

_SCOPES = {"Fleet": "fleet", "Region": "region", "DataCenter": "datacenter", HOST: "host"}


def entity_hover(verdict: Verdict, kind: str, id_: str) -> str:
    """Summary and rollup of an entity (or of a host's data centers)."""
    lines = [summary(verdict, kind, id_)]
    rollup = verdict.rollup()
    if rollup is None:
        return lines[0]
    if kind in _SCOPES:
        key = ("fleet", "") if kind == "Fleet" else (_SCOPES[kind], id_)
        try:
            scope = rollup.scope(key)
        except KeyError:
            return lines[0]
        lines += ["", f"**At {rollup.as_of}** (itemized; uncertain apart):", *_rollup_lines(scope)]
    elif kind == "GpuSku":
        gpus = rollup.fleet.gpus_by_sku.get(id_, 0)
        uncertain = rollup.fleet.uncertain.get(f"gpus_by_sku.{id_}", Decimal(0))
        more = f" (+ up to {int(uncertain):,} uncertain)" if uncertain else ""
        lines += ["", f"**At {rollup.as_of}**: {gpus:,} GPUs in service in the fleet{more}"]
    return "\n".join(lines)


def summary(verdict: Verdict, kind: str, id_: str) -> str:
    """One line on an entity; says so when its document has errors (it is then left out)."""
    if kind == HOST:
        sites = [dc.id for dc in verdict.inventory.datacenters.values() if dc.host == id_]
        return f"**host {id_}**: {len(sites)} data center{'s' * (len(sites) != 1)} ({', '.join(sites)})"
    entity: Any = verdict.inventory.by_kind(kind).get(id_) if kind in _KINDS else None
    if entity is None:
        if kind in _KINDS and verdict.inventory.defines(kind, id_):
            return f"**{kind} {id_}**: its document has errors, so it is left out of every rollup"
        return f"**{kind} {id_}**: not defined in this inventory"
    return f"**{kind} {id_}**: {_describe(kind, entity)}"


_KINDS = ("Fleet", "Source", "Region", "DataCenter", "GpuSku", "Report")


def _describe(kind: str, e: Any) -> str:
    if kind == "Fleet":
        return f"{e.name}, as of {e.as_of}"
    if kind == "Source":
        return f"{e.citation}; {e.type}" + (f", {e.confidence}" if e.confidence else "")
    if kind == "Region":
        where = ", ".join(x for x in (e.city, e.state, e.country) if x)
        return f"{e.name or e.id}, {e.availability}, {where}"
    if kind == "DataCenter":
        parts = [e.name]
        parts += [f"region {e.region}"] if e.region else ["no region"]
        parts += [f"host {e.host}"] if e.host else []
        parts += [e.tenure] if e.tenure else []
        parts += [f"{len(e.power)} power blocks, {len(e.gpus)} GPU deployments"]
        return ", ".join(parts)
    if kind == "GpuSku":
        power = f", {e.system_power} per GPU in its system" if e.system_power else ", no system power"
        return f"{e.name} ({e.vendor}){power}"
    return f"{len(_figures(e))} figures from {e.source} for {e.scope}, as of {e.as_of}"


def _figures(report: Any) -> list[str]:
    return [k for k, v in report.figures.model_dump(exclude_defaults=True).items() if v]


def _rollup_lines(scope: ScopeRollup) -> list[str]:
    def with_uncertain(metric: str, amount: Decimal, *, power: bool) -> str:
        extra = scope.uncertain.get(metric, Decimal(0))
        more = f" (+ up to {format_amount(extra, is_power=power)} uncertain)" if extra else ""
        return f"- {metric_label(metric)}: {format_amount(amount, is_power=power)}{more}"

    out = [
        with_uncertain("data_centers", Decimal(scope.data_centers), power=False),
        with_uncertain("active_power", scope.active_power.watts, power=True),
        with_uncertain("contracted_power", scope.contracted_power.watts, power=True),
        with_uncertain("gpus", Decimal(scope.gpus), power=False),
    ]
    for sku, count in scope.gpus_by_sku.items():
        out.append(f"  - {sku or 'unknown SKU'}: {count:,}")
    if scope.gpu_draw.watts:
        out.append(with_uncertain("gpu_draw", scope.gpu_draw.watts, power=True))
    if not scope.complete:
        out.append("- partial scope: the inventory does not claim to itemize all of it")
    return out


def figure_hover(verdict: Verdict, file: str, report_id: str, path: tuple[str | int, ...]) -> str | None:
    """The reconciliation of the Report figure ``path`` points into, or why there is none."""
    if not path or path[0] != "figures":
        return None
    for c in verdict.checks:
        if c.report_id == report_id and c.file == file and tuple(path[: len(c.figure.path)]) == c.figure.path:
            lines = [
                f"**{metric_label(c.metric)}** reported {c.reported} for {_scope(c.scope)} at {c.as_of}: "
                f"**{c.status}**",
                c.message,
                f"- itemized: {c.computed.format()}"
                + (f" (+ up to {c.computed.format(c.computed.uncertain)} uncertain)" if c.computed.uncertain else ""),
            ]
            if c.coverage is not None:
                lines.append(f"- coverage: {c.coverage * 100:.0f}% of the reported value is itemized")
            return "\n".join(lines)
    why = verdict.skipped.get("reconcile")
    return f"Not reconciled: {why}." if why else None


def _scope(key: tuple[str, str]) -> str:
    return key[0] if key[0] == "fleet" else f"{key[0]} {key[1]}"


def value_hover(kind: str | None, node: Node) -> str | None:
    """How a power or date value is read, or None for other values."""
    keys = [p for p in node.path if isinstance(p, str)]
    info = fields.field_at(kind, keys)
    value = node.value
    if node.key or info is None:
        return None
    model = fields.model_at(kind, keys)
    if fields.is_power(info) or (model is not None and issubclass(model, PowerFigure)):
        return _power(value)
    if fields.is_date(info):
        return _date(value, as_of=keys[-1] == "as_of")
    return None


def _power(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    qualifier, rest = split_qualifier(value)
    try:
        power: Power = parse_power(rest)
    except (ValueError, TypeError):
        return None
    watts = format_power(power.watts, "W")
    how = "" if qualifier.value == "exact" else f" ({qualifier.value})"
    return f"`{value}` is read as **{watts}**{how}"


def _date(value: Any, *, as_of: bool) -> str | None:
    try:
        d = parse_as_of(value) if as_of else parse_date(value)
    except (ValueError, TypeError):
        return None
    if d.first == d.last:
        return f"`{value}` is the day {d.last}"
    days = (d.last - d.first).days + 1
    if d.first.year <= 1:
        return f"`{value}` is on or before {d.last} (the start is unknown)"
    counted = " (an as_of counts on its last day)" if as_of else ""
    return f"`{value}` is the span {d.first} to {d.last}: {days} days{counted}"


def hover_text(verdict: Verdict, index: FileIndex, symbol: Symbol | None, node: Node | None) -> str | None:
    """The hover for the symbol or node under the cursor."""
    if symbol is not None and symbol.kind in (*_KINDS, HOST):
        text = entity_hover(verdict, symbol.kind, symbol.id)
        if node is not None and symbol.kind == "GpuSku" and node.path[:2] == ("figures", "gpus_by_sku"):
            figure = _figure_of(verdict, index, node)
            return f"{text}\n\n---\n{figure}" if figure else text
        return text
    if node is None:
        return None
    figure = _figure_of(verdict, index, node)
    if figure is not None:
        value = value_hover("Report", node)
        return f"{figure}\n\n{value}" if value else figure
    doc = index.document_at(node.line)
    return value_hover(index.kind_of(doc) if doc is not None else None, node)


def _figure_of(verdict: Verdict, index: FileIndex, node: Node) -> str | None:
    doc = index.document_at(node.line)
    if doc is None or index.kind_of(doc) != "Report" or not isinstance(doc.data.get("id"), str):
        return None
    return figure_hover(verdict, index.file, doc.data["id"], node.path)
