"""One line of text per tree node: id, problem badge, key figures, then the name (dim italic).

The order is what a narrow pane keeps: the tree cuts a label at its right edge, so the name goes
last and is the first thing lost. Every piece of user data goes through ``tui.text.plain``, so a
name holding ``[bold]`` or an escape sequence is shown as the characters it is.
"""

from __future__ import annotations

from rich.text import Text

from inventory.model.units import format_power
from tui.model import nodes
from tui.model.grouping import GroupSum
from tui.model.nodes import NodeKey
from tui.model.problems import Badge
from tui.model.view import FleetView
from tui.text import count, plain, plural

MARKS = {"added": ("+", "bold green"), "removed": ("-", "bold red"), "changed": ("~", "bold yellow")}
"""Diff mark per change: the sign before the label and its style."""
STALE = ("◇ ", "bold yellow")
"""Before an entity shown as last read, because its file no longer reads or parses."""


def badge_text(badge: Badge) -> Text:
    """`` ✖2 ▲1 ≠1``: errors, warnings and failing checks at or below a node."""
    text = Text()
    for n, sign, style in (
        (badge.errors, "✖", "bold red"),
        (badge.warnings, "▲", "yellow"),
        (badge.failing_checks, "≠", "bold magenta"),
    ):
        if n:
            text.append(f" {sign}{n}", style=style)
    return text


def node_label(view: FleetView, key: NodeKey) -> Text:
    """The label of ``key`` in the tree: ``[mark] id badges  figures  name``."""
    text = Text()
    mark = view.marks.get(key)
    stale = key in view.stale
    if stale:
        text.append(STALE[0], style=STALE[1])
    elif mark is not None:
        sign, style = MARKS[mark]
        text.append(f"{sign} ", style=style)
    elif key in view.changed_below:
        text.append("~ ", style="dim yellow")
    head, tail = _body(view, key)
    if mark == "removed":
        head.stylize("strike dim")
    if stale:
        head.stylize("dim")
        tail.stylize("dim")
        tail.append("  stale", style="yellow")
    text.append_text(head)
    text.append_text(badge_text(view.badge(key)))
    text.append_text(tail)
    return text


def _body(view: FleetView, key: NodeKey) -> tuple[Text, Text]:
    """(the node's id, what follows its badge: figures, then the name)."""
    entity = view.entity(key)
    tail = Text()
    if key.kind == nodes.GROUP:
        return Text(nodes.GROUP_TITLES[key.id], style="bold"), Text(f" ({len(view.children(key))})", style="dim")
    if key.kind in (nodes.SKU_GROUP, nodes.MONTH_GROUP):
        total = view.group_sum(key)
        unknown = "unknown SKU" if key.kind == nodes.SKU_GROUP else "install date unknown"
        head = plain(key.id or unknown, "bold" if key.kind == nodes.SKU_GROUP else "")
        tail.append_text(group_tail(total) if total is not None else Text())
        sku = view.inventory.skus.get(key.id) if key.kind == nodes.SKU_GROUP else None
        if sku is not None and sku.name:
            tail.append_text(plain(f"  {sku.name}", "dim italic"))
        return head, tail
    if entity is None:
        return plain(key.id, "dim"), tail
    head = plain(entity.name if key.kind == nodes.FLEET else key.id, "bold" if key.is_scope else "")
    figures = view.figures_line(key)
    if figures:
        tail.append(f"  {figures}", style="cyan")
    if key.kind == nodes.POWER:
        tail.append(f"  {entity.capacity}", style="cyan")
        tail.append(f"  {entity.purpose}" + (f" · {entity.basis}" if entity.basis else ""), style="dim")
    elif key.kind == nodes.GPUS:
        tail.append(f"  {count(entity.gpus)} × ", style="cyan")
        tail.append_text(plain(entity.sku or "unknown SKU", "cyan"))
    elif key.kind == nodes.SOURCE:
        tail.append_text(plain(f"  {entity.citation}", "dim"))
    elif key.kind == nodes.REPORT:
        tail.append_text(plain(f"  {entity.scope} @ {entity.as_of}", "dim"))
    if key.kind in (nodes.POWER, nodes.GPUS) and not view.is_active(key):
        head.stylize("dim")
        tail.stylize("dim")
        tail.append_text(plain(f"  {view.lifecycle_note(key)}", "italic dim"))
    if key.kind in (nodes.REGION, nodes.DATACENTER, nodes.SKU) and getattr(entity, "name", None):
        tail.append_text(plain(f"  {entity.name}", "dim italic"))
    return head, tail


def group_tail(total: GroupSum) -> Text:
    """``  12 deployments · 16,000 GPUs (+800?) · 11.2 MW``: a group's sums at the as-of date."""
    text = Text(f"  {plural(total.deployments, 'deployment')}", style="dim")
    text.append(f" · {count(total.gpus)} GPUs", style="cyan")
    if total.maybe_gpus:
        text.append(f" (+{count(total.maybe_gpus)}?)", style="cyan")
    text.append(f" · {format_power(total.draw, digits=3)} draw", style="cyan")
    if total.unestimated:
        text.append(f" (+{count(total.unestimated)} GPUs not estimated)", style="dim")
    return text
