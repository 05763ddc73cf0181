"""What changed between two inventories, entity by entity: (Inventory, Inventory) -> EntityChange list.

Entities are matched by kind and id, never by position or file; an entity whose ``formerly`` lists
an id that disappeared is a rename, not a removal plus an addition. Power allocations and GPU
deployments are matched by their own ids inside their data center. Each changed field is reported
with its old and new value (power as Power, dates as PartialDate: presenters render them). Pure
and linear: dicts by id, and an entity object shared by both sides (a file parsed once) is skipped
without a comparison.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from inventory.check.documents import Origin
from inventory.check.linking import Inventory
from inventory.model.kinds import DataCenter, Entity, Figure

KIND_ORDER = ("Fleet", "Region", "DataCenter", "GpuSku", "Source", "Report")
"""The order changes are listed in: the fleet's shape first, its evidence last."""
NESTED = {"power": "PowerAllocation", "gpus": "GpuDeployment"}
"""DataCenter fields holding entities matched by id inside their data center, and their kind."""
LABELS = {
    "Fleet": "fleet",
    "Region": "region",
    "DataCenter": "data center",
    "GpuSku": "GPU SKU",
    "Source": "source",
    "Report": "report",
    "PowerAllocation": "power allocation",
    "GpuDeployment": "GPU deployment",
}
"""How each kind is named to a reader."""
_NOT_FIELDS = frozenset(("id", "api_version", "kind"))
"""Fields never compared as values: the identity and the constant header."""


class ChangeType(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"
    MOVED = "moved"
    """Only moved to another file: not a change of the fleet."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value that differs, at its path inside the entity as YAML writes it (``location.city``)."""

    path: tuple[str, ...]
    old: Any
    """The old value (None when absent); Power, PartialDate, str, int, list... as the model holds it."""
    new: Any

    @property
    def name(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class WrittenAt:
    """Where an entity is written: a file relative to the inventory's folder, and the line of its id.

    The line is found only when asked for: the loader's fast path reads positions lazily, and a
    diff that shows no line (text, markdown) should not pay for them.
    """

    file: str
    origin: Origin = field(compare=False, repr=False)
    """Where the entity is, down to its item for a nested one."""

    @property
    def line(self) -> int:
        return self.origin.locate(("id",), key=True)[0]


@dataclass(frozen=True, slots=True)
class EntityChange:
    """One entity added, removed, changed, renamed or moved.

    A data center whose only changes are inside its power allocations or GPU deployments has a
    CHANGED record without fields, so that its nested records have a parent to be listed under;
    ``counted`` tells such a container from a change of its own.
    """

    type: ChangeType
    kind: str
    id: str
    """The id on the new side (on the old side for a removal)."""
    old_id: str | None = None
    """The id on the old side when it differs (a rename)."""
    parent: str | None = None
    """For a power allocation or GPU deployment: its data center's id (new side's, old side's if removed)."""
    old: Any = None
    """The entity on the old side (None when added)."""
    new: Any = None
    """The entity on the new side (None when removed)."""
    fields: tuple[FieldChange, ...] = ()
    old_at: WrittenAt | None = None
    new_at: WrittenAt | None = None

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def moved(self) -> bool:
        """True when a top-level entity sits in another file than before."""
        return (
            self.parent is None
            and self.old_at is not None
            and self.new_at is not None
            and self.old_at.file != self.new_at.file
        )

    @property
    def counted(self) -> bool:
        """True for a change of the fleet (not a mere move, not a container of nested changes)."""
        if self.type is ChangeType.CHANGED:
            return bool(self.fields)
        return self.type is not ChangeType.MOVED


def diff_entities(old: Inventory, new: Inventory) -> list[EntityChange]:
    """Every entity-level change from ``old`` to ``new``, listed by kind (KIND_ORDER) then id.

    Args:
        old: the inventory before.
        new: the inventory after.

    Returns:
        Changes in reading order; a data center's nested changes follow its own record.
    """
    changes: list[EntityChange] = []
    for kind in KIND_ORDER:
        before: Mapping[str, Any] = old.by_kind(kind)
        after: Mapping[str, Any] = new.by_kind(kind)
        if kind == "Fleet":
            pairs, added, removed = _match_fleet(before, after)
        else:
            pairs, added, removed = match(before, after)
        found: list[tuple[str, list[EntityChange]]] = []
        for new_id in added:
            added_change = EntityChange(
                ChangeType.ADDED, kind, new_id, new=after[new_id], new_at=_at(new, kind, new_id)
            )
            found.append((new_id, [added_change]))
        for old_id in removed:
            gone = EntityChange(ChangeType.REMOVED, kind, old_id, old=before[old_id], old_at=_at(old, kind, old_id))
            found.append((old_id, [gone]))
        for old_id, new_id in pairs:
            a, b = before[old_id], after[new_id]
            if a is b and old_id == new_id:
                continue  # the same parsed object on both sides: the file did not change
            pair = _pair(kind, old_id, new_id, a, b, _at(old, kind, old_id), _at(new, kind, new_id), old, new)
            if pair:
                found.append((new_id, pair))
        found.sort(key=lambda item: item[0])
        for _, records in found:
            changes.extend(records)
    return changes


def match(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Pair entities by id, then by ``formerly``: (pairs of (old id, new id), added ids, removed ids).

    A new id whose ``formerly`` names an old id that is gone is a rename; each old id is claimed
    once (by the first new id, in id order). Linear in the number of entities.
    """
    pairs = [(i, i) for i in before if i in after]
    gone = {i for i in before if i not in after}
    added: list[str] = []
    for new_id in sorted(i for i in after if i not in before):
        claimed = next((f for f in after[new_id].formerly if f in gone), None)
        if claimed is None:
            added.append(new_id)
        else:
            gone.discard(claimed)
            pairs.append((claimed, new_id))
    return pairs, added, sorted(gone)


def _match_fleet(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """There is one Fleet a side: a different id is a rename even without ``formerly``."""
    if len(before) == 1 and len(after) == 1:
        return [(next(iter(before)), next(iter(after)))], [], []
    return match(before, after)


def _at(inventory: Inventory, kind: str, id_: str) -> WrittenAt | None:
    origin = inventory.origin(kind, id_)
    return None if origin is None else _locate(origin)


def _locate(origin: Origin) -> WrittenAt:
    return WrittenAt(origin.file, origin)


def _pair(
    kind: str,
    old_id: str,
    new_id: str,
    a: Any,
    b: Any,
    old_at: WrittenAt | None,
    new_at: WrittenAt | None,
    old_inv: Inventory,
    new_inv: Inventory,
) -> list[EntityChange]:
    """The records for one matched top-level entity: its own, then its nested entities' changes."""
    renamed = old_id != new_id
    fields = tuple(field_changes(a, b, skip_formerly=renamed))
    nested: list[EntityChange] = []
    if isinstance(a, DataCenter) and isinstance(b, DataCenter) and (a.power != b.power or a.gpus != b.gpus):
        old_origin, new_origin = old_inv.origin(kind, old_id), new_inv.origin(kind, new_id)
        for name, nested_kind in NESTED.items():
            nested.extend(_nested(name, nested_kind, a, b, new_id, old_origin, new_origin))
    if renamed:
        type_ = ChangeType.RENAMED
    elif fields or nested:
        type_ = ChangeType.CHANGED
    elif old_at is not None and new_at is not None and old_at.file != new_at.file:
        type_ = ChangeType.MOVED
    else:
        return []
    own = EntityChange(type_, kind, new_id, old_id if renamed else None, None, a, b, fields, old_at, new_at)
    return [own, *nested]


def _nested(
    name: str, kind: str, a: DataCenter, b: DataCenter, dc_id: str, old_origin: Origin | None, new_origin: Origin | None
) -> Iterator[EntityChange]:
    """Changes of the power allocations (or GPU deployments) of one matched data center."""
    old_items: list[Entity] = getattr(a, name)
    new_items: list[Entity] = getattr(b, name)
    if old_items == new_items:
        return
    old_index = {item.id: i for i, item in enumerate(old_items)}
    new_index = {item.id: i for i, item in enumerate(new_items)}
    before = {item.id: item for item in old_items}
    after = {item.id: item for item in new_items}

    def where(origin: Origin | None, index: dict[str, int], id_: str) -> WrittenAt | None:
        return None if origin is None else _locate(origin.at((name, index[id_])))

    pairs, added, removed = match(before, after)
    found: list[tuple[str, EntityChange]] = []
    for new_id in added:
        at = where(new_origin, new_index, new_id)
        found.append((new_id, EntityChange(ChangeType.ADDED, kind, new_id, parent=dc_id, new=after[new_id], new_at=at)))
    for old_id in removed:
        at = where(old_origin, old_index, old_id)
        found.append(
            (old_id, EntityChange(ChangeType.REMOVED, kind, old_id, parent=dc_id, old=before[old_id], old_at=at))
        )
    for old_id, new_id in pairs:
        x, y = before[old_id], after[new_id]
        renamed = old_id != new_id
        if x == y and not renamed:
            continue
        change = EntityChange(
            ChangeType.RENAMED if renamed else ChangeType.CHANGED,
            kind,
            new_id,
            old_id if renamed else None,
            dc_id,
            x,
            y,
            tuple(field_changes(x, y, skip_formerly=renamed)),
            where(old_origin, old_index, old_id),
            where(new_origin, new_index, new_id),
        )
        found.append((new_id, change))
    found.sort(key=lambda item: item[0])
    yield from (change for _, change in found)


def field_changes(old: Any, new: Any, *, skip_formerly: bool = False) -> list[FieldChange]:
    """The values that differ between two versions of one entity (identity and nested entities aside).

    Args:
        old: the entity before.
        new: the entity after.
        skip_formerly: leave ``formerly`` out (a rename adds the old id there; the rename says it).
    """
    out: list[FieldChange] = []
    nested = NESTED if isinstance(old, DataCenter) else {}
    for name, info in type(old).model_fields.items():
        if name in _NOT_FIELDS or name in nested or (skip_formerly and name == "formerly"):
            continue
        _compare(getattr(old, name), getattr(new, name), (info.alias or name,), out)
    return out


def _compare(old: Any, new: Any, path: tuple[str, ...], out: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, Figure) or isinstance(new, Figure):
        _compare_figure(old, new, path, out)
    elif isinstance(old, BaseModel) or isinstance(new, BaseModel):
        model = type(old) if isinstance(old, BaseModel) else type(new)
        if old is not None and new is not None and type(old) is not type(new):
            out.append(FieldChange(path, old, new))
            return
        for name, info in model.model_fields.items():
            _compare(getattr(old, name, None), getattr(new, name, None), (*path, info.alias or name), out)
    elif isinstance(old, dict) or isinstance(new, dict):
        a, b = old or {}, new or {}
        for key in sorted(a.keys() | b.keys()):
            _compare(a.get(key), b.get(key), (*path, str(key)), out)
    elif _empty(old) and _empty(new):
        return  # an omitted list and an empty one say the same
    else:
        out.append(FieldChange(path, old, new))


def _compare_figure(old: Figure | None, new: Figure | None, path: tuple[str, ...], out: list[FieldChange]) -> None:
    """A reported figure reads as one value (``~420 MW``); its citation fields compare one by one."""
    if (str(old) if old is not None else None) != (str(new) if new is not None else None):
        out.append(FieldChange(path, old, new))
    either = old if old is not None else new
    assert either is not None
    for name, info in type(either).model_fields.items():
        if name in ("value", "qualifier"):
            continue
        _compare(getattr(old, name, None), getattr(new, name, None), (*path, info.alias or name), out)


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}
