"""The TUI's model of one load: the tree's shape, figures per scope, problems, filter matches.

Built once per load (and per as-of date) from the engine's Verdict; every widget reads it and
none recomputes it. The tree's children are listed on demand (``children``), so opening a
million-GPU fleet costs one pass over the data centers, not one node per deployment. No Textual
here: the view is plain data, tested without an app.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from inventory.base.diagnostics import Diagnostic
from inventory.diff.entities import FieldChange
from inventory.engine import Verdict
from inventory.rollup import lifecycle
from inventory.rollup.scopes import Presence
from tui.model import nodes
from tui.model.diffing import DiffMarks
from tui.model.grouping import GroupSum, SiteGroups
from tui.model.nodes import NodeKey
from tui.model.problems import Badge, ProblemIndex, index_problems
from tui.model.scopes import ScopeFigures, compute_scopes


@dataclass(frozen=True, slots=True)
class Search:
    """The nodes a filter matched, and their ancestors (shown so the matches can be reached)."""

    needle: str
    matched: frozenset[NodeKey] = frozenset()
    ancestors: frozenset[NodeKey] = frozenset()


@dataclass
class FleetView:
    """One load seen through the tree. Build it with ``FleetView.build``."""

    verdict: Verdict
    as_of: dt.date | None
    root: NodeKey
    sites: dict[str, list[str]] = field(default_factory=dict)
    """Region id -> ids of its data centers (in id order); "" holds the sites without a region."""
    problems: ProblemIndex = field(default_factory=ProblemIndex)
    scopes: ScopeFigures | None = None
    marks: dict[NodeKey, str] = field(default_factory=dict)
    """Diff marks: NodeKey -> "added", "removed" or "changed"."""
    old: dict[NodeKey, Any] = field(default_factory=dict)
    """Diff: the entity as it was at the revision, for changed and removed nodes."""
    diff_revision: str | None = None
    """The git revision the diff marks compare with, or None outside diff mode."""
    field_changes: dict[NodeKey, list[FieldChange]] = field(default_factory=dict)
    changed_below: set[NodeKey] = field(default_factory=set)
    """Nodes with an added, removed or changed node somewhere below them."""
    stale: dict[NodeKey, str] = field(default_factory=dict)
    """Entities of a file that no longer reads or parses, shown as last read (their entity is in
    ``old``): NodeKey -> the file."""
    _groups: dict[str, SiteGroups] = field(default_factory=dict, repr=False)
    _haystack: list[tuple[NodeKey, str]] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        verdict: Verdict,
        as_of: dt.date | None = None,
        diff: DiffMarks | None = None,
        stale: dict[NodeKey, tuple[Any, str]] | None = None,
    ) -> FleetView:
        """Index ``verdict`` for the tree and compute its figures at ``as_of`` (None: the fleet's date).

        Args:
            verdict: the engine's verdict (the same validate prints).
            as_of: the date to roll up at; None for the Fleet's own as_of.
            diff: marks against a git revision (diff mode), or None.
            stale: entities of files that no longer parse, as last read: key -> (entity, file).
        """
        inv = verdict.inventory
        root = NodeKey(nodes.FLEET, inv.fleet.id if inv.fleet else "")
        view = cls(verdict, as_of, root)
        if diff is not None:
            view.marks, view.old, view.field_changes, view.diff_revision = (
                diff.marks,
                diff.old,
                diff.fields,
                diff.revision,
            )
        for key, (entity, file) in (stale or {}).items():
            view.stale[key] = file
            view.old.setdefault(key, entity)
        sites: dict[str, list[str]] = defaultdict(list)
        for dc_id in sorted(inv.datacenters):
            region = inv.datacenters[dc_id].region
            sites[region if region in inv.regions else ""].append(dc_id)
        view.sites = dict(sites)
        view.scopes = compute_scopes(verdict, as_of)
        view.problems = index_problems(verdict, view.parent, root)
        for check in view.scopes.failing:
            view.problems.add_failing_check(view.scope_node(check.scope) or root, view.parent)
        view.changed_below = {a for key in view.marks for a in view.ancestors(key)}
        return view

    # -- the tree's shape ----------------------------------------------------------------------

    @property
    def inventory(self) -> Any:
        return self.verdict.inventory

    @property
    def skipped(self) -> str | None:
        """Why reconciliation did not run (the inventory has errors), or None."""
        return self.verdict.skipped.get("reconcile")

    @property
    def effective_as_of(self) -> dt.date | None:
        if self.as_of is not None:
            return self.as_of
        fleet = self.inventory.fleet
        return fleet.as_of.last if fleet is not None else None

    def scope_node(self, scope: tuple[str, str]) -> NodeKey | None:
        """The node of a rollup scope key (("region", "us-east")), if the tree has one."""
        kind, name = scope
        if kind == "fleet":
            return self.root
        if kind == "region" and name in self.inventory.regions:
            return NodeKey(nodes.REGION, name)
        if kind == "datacenter" and name in self.inventory.datacenters:
            return NodeKey(nodes.DATACENTER, name)
        return None

    def parent(self, key: NodeKey) -> NodeKey | None:
        inv = self.inventory
        if key.kind == nodes.FLEET:
            return None
        if key.kind == nodes.GROUP:
            return self.root
        if key.kind == nodes.REGION:
            region = inv.regions.get(key.id) or self.old.get(key)
            return nodes.group(region.availability) if region is not None else self.root
        if key.kind == nodes.DATACENTER:
            dc = inv.datacenters.get(key.id) or self.old.get(key)
            if dc is not None and dc.region in inv.regions:
                return NodeKey(nodes.REGION, dc.region)
            return nodes.group("no-region")
        if key.kind == nodes.POWER or key.kind == nodes.SKU_GROUP:
            return NodeKey(nodes.DATACENTER, key.parent)
        if key.kind == nodes.MONTH_GROUP:
            return NodeKey(nodes.SKU_GROUP, key.group, key.parent)
        if key.kind == nodes.GPUS:
            groups = self.groups(key.parent)
            if groups is None or not 0 <= key.index < len(groups.dc.gpus) or groups.dc.gpus[key.index].id != key.id:
                return NodeKey(nodes.DATACENTER, key.parent)  # a removed deployment: under its site
            return groups.parent_of(key.index)
        return nodes.group(nodes.GROUP_OF_KIND[key.kind])

    def groups(self, dc_id: str) -> SiteGroups | None:
        """The deployment groups of a data center (built on first use), or None when it is unknown."""
        found = self._groups.get(dc_id)
        if found is None:
            dc = self.inventory.datacenters.get(dc_id) or self.old.get(NodeKey(nodes.DATACENTER, dc_id))
            if dc is None:
                return None
            found = self._groups[dc_id] = SiteGroups.of(dc)
        return found

    def group_sum(self, key: NodeKey) -> GroupSum | None:
        """The sums a SKU or month group row shows, at the as-of date."""
        groups = self.groups(key.parent) if key.kind in (nodes.SKU_GROUP, nodes.MONTH_GROUP) else None
        return groups.total(key, self.inventory, self.effective_as_of) if groups is not None else None

    def ancestors(self, key: NodeKey) -> list[NodeKey]:
        """From the root down to the parent of ``key``."""
        chain: list[NodeKey] = []
        parent = self.parent(key)
        while parent is not None:
            chain.append(parent)
            parent = self.parent(parent)
        return chain[::-1]

    def children(self, key: NodeKey) -> list[NodeKey]:
        """The children of ``key``, in display order (removed entities of a diff included)."""
        inv = self.inventory
        if key.kind == nodes.FLEET:
            return [nodes.group(g) for g in nodes.GROUP_TITLES if self.children(nodes.group(g))]
        if key.kind == nodes.GROUP:
            return self._group_children(key.id)
        if key.kind == nodes.REGION:
            found = [NodeKey(nodes.DATACENTER, i) for i in self.sites.get(key.id, ())]
            return self._with_removed(key, found)
        if key.kind == nodes.DATACENTER:
            dc = inv.datacenters.get(key.id) or self.old.get(key)
            if dc is None:
                return []
            found = [NodeKey(nodes.POWER, b.id, dc.id, i) for i, b in enumerate(dc.power)]
            groups = self.groups(dc.id)
            found += groups.top() if groups is not None else []
            return self._with_removed(key, found)
        if key.kind in (nodes.SKU_GROUP, nodes.MONTH_GROUP):
            groups = self.groups(key.parent)
            return groups.children(key) if groups is not None else []
        return []

    def _group_children(self, name: str) -> list[NodeKey]:
        inv = self.inventory
        if name in ("general", "dedicated"):
            found = [
                NodeKey(nodes.REGION, r.id)
                for r in sorted(inv.regions.values(), key=lambda r: r.id)
                if r.availability == name
            ]
        elif name == "no-region":
            found = [NodeKey(nodes.DATACENTER, i) for i in self.sites.get("", ())]
        else:
            kind = next(k for k, g in nodes.GROUP_OF_KIND.items() if g == name)
            found = [NodeKey(kind, i) for i in sorted(inv.by_kind(kind))]
        return self._with_removed(nodes.group(name), found)

    def _with_removed(self, parent: NodeKey, found: list[NodeKey]) -> list[NodeKey]:
        removed = [k for k, mark in self.marks.items() if mark == "removed" and self.parent(k) == parent]
        removed += [k for k in self.stale if self.parent(k) == parent]
        return found + sorted(removed, key=lambda k: (k.kind, k.id)) if removed else found

    def all_nodes(self) -> Iterator[NodeKey]:
        """Every entity node below the groups (not the groups themselves), current and removed."""
        inv = self.inventory
        for kind in (nodes.REGION, nodes.DATACENTER, nodes.SKU, nodes.SOURCE, nodes.REPORT):
            for id_ in inv.by_kind(kind):
                yield NodeKey(kind, id_)
        for dc in inv.datacenters.values():
            for i, block in enumerate(dc.power):
                yield NodeKey(nodes.POWER, block.id, dc.id, i)
            for i, deployment in enumerate(dc.gpus):
                yield NodeKey(nodes.GPUS, deployment.id, dc.id, i)
        yield from (k for k, mark in self.marks.items() if mark == "removed")
        for key in self.stale:
            yield key
            if key.kind == nodes.DATACENTER:
                dc = self.old[key]
                yield from (NodeKey(nodes.POWER, b.id, dc.id, i) for i, b in enumerate(dc.power))
                yield from (NodeKey(nodes.GPUS, g.id, dc.id, i) for i, g in enumerate(dc.gpus))

    # -- what a node holds ---------------------------------------------------------------------

    def entity(self, key: NodeKey) -> Any:
        """The model object behind ``key`` (its old version for a removed node), or None."""
        inv = self.inventory
        if key.kind == nodes.FLEET:
            return inv.fleet
        if key.kind in (nodes.POWER, nodes.GPUS):
            dc = inv.datacenters.get(key.parent) or self.old.get(NodeKey(nodes.DATACENTER, key.parent))
            items = (dc.power if key.kind == nodes.POWER else dc.gpus) if dc is not None else []
            if 0 <= key.index < len(items) and items[key.index].id == key.id:
                return items[key.index]
            return self.old.get(key)
        if key.kind in (nodes.GROUP, nodes.SKU_GROUP, nodes.MONTH_GROUP):
            return None
        entity = inv.by_kind(key.kind).get(key.id)
        return entity if entity is not None else self.old.get(key)

    def location(self, key: NodeKey) -> tuple[str, int] | None:
        """(file, 1-based line) where ``key`` is written, or None (groups, removed entities)."""
        inv = self.inventory
        if key.kind in (nodes.POWER, nodes.GPUS):
            origin = inv.origin(nodes.DATACENTER, key.parent)
            part = "power" if key.kind == nodes.POWER else "gpus"
            if origin is None or self.entity(key) is None or self.marks.get(key) == "removed" or self.is_stale(key):
                return None
            return origin.file, origin.locate((part, key.index, "id"), key=True)[0]
        entity = key.entity
        origin = inv.origin(*entity) if entity is not None else None
        if origin is None or self.marks.get(key) == "removed" or self.is_stale(key):
            return None
        return origin.file, origin.locate(("id",), key=True)[0]

    def stale_file(self, key: NodeKey) -> str | None:
        """The file that no longer parses, for a node shown as last read (a stale site's parts too)."""
        found = self.stale.get(key)
        if found is None and key.kind in (nodes.POWER, nodes.GPUS, nodes.SKU_GROUP, nodes.MONTH_GROUP):
            found = self.stale.get(NodeKey(nodes.DATACENTER, key.parent))
        return found

    def is_stale(self, key: NodeKey) -> bool:
        return self.stale_file(key) is not None

    def badge(self, key: NodeKey) -> Badge:
        return self.problems.badge(key)

    def diagnostics_at(self, key: NodeKey) -> list[Diagnostic]:
        return self.problems.by_node.get(key, [])

    def scope_of(self, key: NodeKey) -> NodeKey:
        """The nearest scope (fleet, region, data center) at or above ``key``."""
        node: NodeKey | None = key
        while node is not None and not node.is_scope:
            node = self.parent(node)
        return node or self.root

    # -- filter --------------------------------------------------------------------------------

    def search(self, needle: str) -> Search:
        """Nodes whose id, name, state, host or SKU contains ``needle`` (case-insensitive)."""
        needle = needle.strip().lower()
        if not needle:
            return Search("")
        if self._haystack is None:  # built on the first search of this load, then reused per key typed
            self._haystack = [(key, "\n".join(self._words(key)).lower()) for key in self.all_nodes()]
        matched = {key for key, words in self._haystack if needle in words}
        ancestors: set[NodeKey] = set()
        for key in matched:
            parent = self.parent(key)
            while parent is not None and parent not in ancestors:
                ancestors.add(parent)
                parent = self.parent(parent)
        return Search(needle, frozenset(matched), frozenset(ancestors))

    def lookup(self, text: str) -> list[NodeKey]:
        """The nodes whose id is ``text`` (scopes first); else those whose id it is, ignoring case."""
        wanted = text.strip()
        exact = [key for key in self.all_nodes() if key.id == wanted]
        found = exact or [key for key in self.all_nodes() if key.id.lower() == wanted.lower()]
        return sorted(found, key=lambda k: not k.is_scope)

    def _words(self, key: NodeKey) -> list[str]:
        entity = self.entity(key)
        if entity is None:
            return [key.id]
        words = [key.id]
        fields = type(entity).model_fields  # getattr of a missing name is slow on a pydantic model
        for name in ("name", "state", "city", "host", "publisher", "title", "sku"):
            value = getattr(entity, name) if name in fields else None
            if isinstance(value, str):
                words.append(value)
        location = entity.location if "location" in fields else None
        if location is not None:
            words += [w for w in (location.state, location.city) if w]
        sku = entity.sku if "sku" in fields else None
        if isinstance(sku, str) and sku in self.inventory.skus:
            words.append(self.inventory.skus[sku].name)
        return words

    # -- figures and lifecycle ---------------------------------------------------------------------

    def rollup_of(self, key: NodeKey) -> Any:
        """The ScopeRollup of a scope node (fleet, region, data center), or None."""
        if self.scopes is None or not key.is_scope:
            return None
        scope = ("fleet", "") if key.kind == nodes.FLEET else (key.kind.lower(), key.id)
        return self.scopes.rollup_of(scope)

    def figures_line(self, key: NodeKey) -> str:
        """``40 MW · 23,200 GPUs`` for a scope node: its active power and GPUs at the as-of date."""
        figures = self.rollup_of(key)
        if figures is None or (key.kind == nodes.REGION and not self.sites.get(key.id)):
            return ""  # a region no data center names: zeros would read as measured
        parts = []
        for metric, unit in (("active_power", ""), ("gpus", " GPUs")):
            measure = figures.measure(metric)
            maybe = f" (+{measure.format(measure.uncertain)}?)" if measure.uncertain else ""
            parts.append(f"{measure.format()}{unit}{maybe}")
        if key.kind == nodes.FLEET:
            parts.insert(0, f"{figures.data_centers:,} DC{'s' * (figures.data_centers != 1)}")
        return " · ".join(parts)

    def presence(self, key: NodeKey) -> Presence | None:
        """Whether a power allocation or GPU deployment is in service at the as-of date."""
        day = self.effective_as_of
        entity = self.entity(key)
        dc = self.inventory.datacenters.get(key.parent)
        if day is None or entity is None or key.kind not in (nodes.POWER, nodes.GPUS):
            return None
        until = dc.until if dc is not None else None
        since = dc.since if dc is not None else None
        if key.kind == nodes.POWER:
            return lifecycle.active(entity, until, day, since)
        return lifecycle.installed(entity, until, day, since)

    def is_active(self, key: NodeKey) -> bool:
        return self.presence(key) in (None, Presence.IN)

    def lifecycle_note(self, key: NodeKey) -> str:
        """Why a power block or deployment does not count at the as-of date ("" when it does)."""
        state = self.presence(key)
        entity = self.entity(key)
        if state in (None, Presence.IN) or entity is None:
            return ""
        dc = self.inventory.datacenters.get(key.parent)
        until = dc.until if dc is not None else None
        start, end, verb = (
            (entity.energized_on, lifecycle.earliest_end(entity.ended_on, until), "energized")
            if key.kind == nodes.POWER
            else (entity.installed_on, lifecycle.earliest_end(entity.retired_on, until), "installed")
        )
        day = self.effective_as_of
        assert day is not None
        if dc is not None and dc.since is not None and lifecycle.presence(dc.since, None, day) is not Presence.IN:
            if dc.since.first > day:
                return f"not yet: the site is in service from {dc.since}"
            return f"maybe in service (the site is from {dc.since})"
        if state is Presence.MAYBE:
            return f"{verb} date unknown" if start is None else f"maybe in service ({verb} {start})"
        if start is not None and start.first > day:
            return f"not yet: {verb} {start}"
        if end is not None:
            return f"ended {end}"
        return "not in service at this date"

    def changed_fields(self, key: NodeKey) -> list[tuple[str, Any, Any]]:
        """(field, old value, new value) for a node the diff marks as changed."""
        return [(change.name, change.old, change.new) for change in self.field_changes.get(key, ())]

    def checks_of(self, key: NodeKey) -> list[Any]:
        """The reconciliation checks of a scope node's reports, or of a report node."""
        if self.scopes is None:
            return []
        if key.kind == nodes.REPORT:
            return self.scopes.checks_of_report(key.id)
        scope = ("fleet", "") if key.kind == nodes.FLEET else (key.kind.lower(), key.id)
        return self.scopes.checks_of(scope) if key.is_scope else []
