"""Completion: ids where a reference is expected, field names where a key is, choices where an enum
value is. The place is read from the text around the cursor by indentation (the buffer being typed
is rarely valid YAML), and what fits there from the models (``fields.py``) and the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from inventory.lsp import fields
from inventory.lsp.index import HOST, InventoryIndex
from inventory.lsp.text import FileText
from inventory.model.kinds import API_VERSION, KINDS

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?:\s|$)")
_VALUE_HERE = re.compile(
    r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):\s*(?P<flow>\[[^\]]*?)?(?P<word>[^\s,\[\]]*)$"
)
_KEY_HERE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<word>[A-Za-z_][\w-]*)?$")
_ITEM_HERE = re.compile(r"^(?P<indent> *)- +(?P<word>[^\s]*)$")
_KIND = re.compile(r"^kind:\s*['\"]?(\w+)")

REFERENCES = {
    "region": "Region",
    "datacenter": "DataCenter",
    "sku": "GpuSku",
    "source": "Source",
    "sources": "Source",
    "host": HOST,
}
"""A field's name -> what its value names (``host`` of a scope: a host written on data centers)."""


@dataclass(frozen=True, slots=True)
class Place:
    kind: str | None
    """The document's kind, from its ``kind:`` line."""
    keys: tuple[str, ...]
    """The keys enclosing the cursor (list items skipped)."""
    key: str | None
    """The key whose value is being typed, or None where a key is being typed."""
    word: str
    """What is typed so far."""


def place_at(text: FileText, line: int, col: int) -> Place:
    before = text.line(line)[:col]
    kind = _kind_of(text, line)
    if m := _VALUE_HERE.match(before):
        column = len(m["indent"]) + len(m["dash"] or "")
        return Place(kind, _parents(text, line, column), m["key"], m["word"])
    if m := _KEY_HERE.match(before):
        column = len(m["indent"]) + len(m["dash"] or "")
        parents = _parents(text, line, column)
        if m["dash"] and parents and parents[-1] in ("sources", "formerly"):
            return Place(kind, parents[:-1], parents[-1], m["word"] or "")
        return Place(kind, parents, None, m["word"] or "")
    if m := _ITEM_HERE.match(before):
        parents = _parents(text, line, len(m["indent"]) + 2)
        return Place(kind, parents[:-1], parents[-1] if parents else None, m["word"])
    return Place(kind, (), None, "")


def _kind_of(text: FileText, line: int) -> str | None:
    """The ``kind:`` of the document holding ``line`` (documents split at ``---``)."""
    start = line
    while start > 0 and not text.line(start).startswith("---"):
        start -= 1
    end = line + 1
    while end < len(text.lines) and not text.line(end).startswith("---"):
        end += 1
    for n in range(start, end):
        if m := _KIND.match(text.line(n)):
            return m[1]
    return None


def _parents(text: FileText, line: int, column: int) -> tuple[str, ...]:
    """The keys of the mappings enclosing a key at ``column`` of ``line``, outermost first."""
    keys: list[str] = []
    limit = column
    for n in range(line - 1, -1, -1):
        row = text.line(n)
        if row.startswith("---"):
            break
        if limit == 0:
            break
        stripped = row.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(row) - len(stripped)
        m = _KEY_LINE.match(row)
        dash = len(m["dash"] or "") if m else 0
        if m and indent + dash < limit and not (dash and indent + dash == limit):
            if dash:
                limit = indent
                continue
            keys.append(m["key"])
            limit = indent
        elif stripped.startswith("-") and indent < limit:
            limit = indent
    return tuple(reversed(keys))


def complete(text: FileText, line: int, col: int, index: InventoryIndex) -> list[types.CompletionItem]:
    place = place_at(text, line, col)
    if place.key is None:
        return _keys(place, index)
    return _values(place, index)


def _keys(place: Place, index: InventoryIndex) -> list[types.CompletionItem]:
    if place.keys and place.keys[-1] == "gpus_by_sku":
        return _ids("GpuSku", index)
    if place.kind not in KINDS:
        if place.keys:
            return []
        return [
            types.CompletionItem(label=k, kind=types.CompletionItemKind.Field, insert_text=f"{k}: ")
            for k in ("apiVersion", "kind")
        ]
    model = fields.model_at(place.kind, place.keys)
    if model is None:
        return []
    out = []
    for name, info in fields.fields(model).items():
        out.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Field,
                detail="required" if info.is_required() else None,
                documentation=info.description,
                insert_text=f"{name}: ",
            )
        )
    return out


def _values(place: Place, index: InventoryIndex) -> list[types.CompletionItem]:
    assert place.key is not None
    if place.key == "apiVersion" and not place.keys:
        return [types.CompletionItem(label=API_VERSION, kind=types.CompletionItemKind.EnumMember)]
    if place.key == "kind" and not place.keys:
        return [types.CompletionItem(label=k, kind=types.CompletionItemKind.EnumMember) for k in KINDS]
    target = _reference(place)
    if target is not None:
        return _ids(target, index)
    info = fields.field_at(place.kind, (*place.keys, place.key))
    if info is None:
        return []
    return [types.CompletionItem(label=v, kind=types.CompletionItemKind.EnumMember) for v in fields.choices(info)]


def _reference(place: Place) -> str | None:
    """What kind of id the value being typed names, or None when it names none."""
    target = REFERENCES.get(place.key or "")
    if target is None:
        return None
    if place.key == "host" and not place.keys:
        return None  # a data center's own host is free text
    in_scope = place.keys[:1] in (("scope",), ("complete_scopes",))
    if place.key in ("region", "datacenter", "host") and place.keys and not in_scope:
        return None
    return target


def _ids(kind: str, index: InventoryIndex) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(label=i, kind=types.CompletionItemKind.Reference, detail=kind) for i in index.ids(kind)
    ]
