"""Every id and every reference of an inventory, located: what navigation, hover and completion read.

Built from the reader (``read_yaml``: every key and value located) over each file's text, so it
also sees documents that failed validation, where an editor's user is most likely to be. A file's
index depends only on its text, so the session keeps it by (name, content key) and an edit
re-indexes only the file edited.

A reference names an entity by kind and id: ``region`` (a data center's, a scope's), ``datacenter``
and ``host`` of a scope, ``sku`` of a GPU deployment and the keys of ``gpus_by_sku``, ``source``
and every ``sources`` entry, and ``formerly`` (an entity's earlier ids). A ``host`` names no
entity: it refers to the data centers whose ``host`` is that text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from inventory.read.yaml_reader import Document, read_yaml

HOST = "host"
"""The pseudo-kind of a host name (a landlord or colocation provider written on data centers)."""
FORMERLY = "formerly"

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Node:
    """A key or a scalar value of a document, where it is written (0-based line and column)."""

    path: Path
    value: Any
    key: bool
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Symbol:
    """An id (or a host name) where it is defined or used."""

    kind: str
    """The entity kind it names (``Region``...), ``host``, or ``formerly``."""
    id: str
    file: str
    node: Node
    doc: int
    """Index of the document holding it in its file."""


@dataclass(slots=True)
class FileIndex:
    """One file: its documents as the reader sees them, and the symbols they define and use."""

    file: str
    documents: list[Document]
    defs: list[Symbol] = field(default_factory=list)
    refs: list[Symbol] = field(default_factory=list)
    parts: list[tuple[str, Symbol]] = field(default_factory=list)
    """(``power`` or ``gpus``, the part's id) inside data centers."""

    def document_at(self, line: int) -> Document | None:
        """The document holding a 0-based line."""
        found = None
        for doc in self.documents:
            if doc.start[0] <= line:
                found = doc
        return found

    def kind_of(self, doc: Document) -> str | None:
        data = doc.data
        kind = data.get("kind") if isinstance(data, dict) else None
        return kind if isinstance(kind, str) else None


def index_file(file: str, text: str) -> FileIndex:
    """Index one file's text."""
    parsed = read_yaml(text)
    out = FileIndex(file, parsed.documents)
    for doc in parsed.documents:
        kind = out.kind_of(doc)
        if kind is None:
            continue
        for node in nodes(doc):
            role = classify(kind, node)
            if role is None:
                continue
            what, target = role
            symbol = Symbol(target, str(node.value), file, node, doc.index)
            if what == "def":
                out.defs.append(symbol)
            elif what == "part":
                out.parts.append((str(node.path[0]), symbol))
            else:
                out.refs.append(symbol)
    return out


def nodes(doc: Document) -> Iterator[Node]:
    """Every key and scalar value of a document, in document order."""
    return _nodes(doc, doc.data, ())


def _nodes(doc: Document, data: Any, path: Path) -> Iterator[Node]:
    entry = doc.positions.get(id(data))
    if entry is None:
        return
    if isinstance(data, dict):
        for k, value in data.items():
            kl, kc, vl, vc = entry[k]
            yield Node((*path, k), k, True, kl, kc)
            if isinstance(value, dict | list):
                yield from _nodes(doc, value, (*path, k))
            else:
                yield Node((*path, k), value, False, vl, vc)
    elif isinstance(data, list):
        for i, (value, (line, col)) in enumerate(zip(data, entry, strict=False)):
            if isinstance(value, dict | list):
                yield from _nodes(doc, value, (*path, i))
            else:
                yield Node((*path, i), value, False, line, col)


_SCOPE_REFS = {"region": "Region", "datacenter": "DataCenter", "host": HOST}


def classify(kind: str, node: Node) -> tuple[str, str] | None:
    """("def" | "ref" | "part", target kind) for a node that defines or names an id, else None."""
    path = node.path
    if node.key:
        if len(path) >= 2 and path[-2] == "gpus_by_sku" and isinstance(node.value, str):
            return ("ref", "GpuSku")
        return None
    if not isinstance(node.value, str) or not node.value:
        return None
    last = path[-1]
    named = [p for p in path if isinstance(p, str)]
    if path == ("id",):
        return ("def", kind)
    if kind == "DataCenter" and len(path) == 3 and path[0] in ("power", "gpus") and path[2] == "id":
        return ("part", kind)
    if kind == "DataCenter" and path == ("host",):
        return ("def", HOST)
    if isinstance(last, int) and len(named) >= 1:
        parent = path[-2]
        if parent == "sources":
            return ("ref", "Source")
        if parent == "formerly" and len(path) == 2:
            return ("ref", FORMERLY)
        return None
    if last == "source" and kind == "Report" and len(path) == 1:
        return ("ref", "Source")
    if last == "sku" and kind == "DataCenter" and len(path) == 3 and path[0] == "gpus":
        return ("ref", "GpuSku")
    if last == "region" and kind == "DataCenter" and len(path) == 1:
        return ("ref", "Region")
    in_scope = (kind == "Report" and path[:1] == ("scope",)) or (kind == "Fleet" and path[:1] == ("complete_scopes",))
    if in_scope and isinstance(last, str) and last in _SCOPE_REFS:
        return ("ref", _SCOPE_REFS[last])
    return None


class InventoryIndex:
    """Every file's index, with the symbols by (kind, id) across files."""

    def __init__(self, files: list[FileIndex]) -> None:
        self.files = {f.file: f for f in files}
        self.defs: dict[tuple[str, str], list[Symbol]] = {}
        self.refs: dict[tuple[str, str], list[Symbol]] = {}
        for f in files:
            for s in f.defs:
                self.defs.setdefault((s.kind, s.id), []).append(s)
            for s in f.refs:
                self.refs.setdefault((s.kind, s.id), []).append(s)

    def ids(self, kind: str) -> list[str]:
        """The ids defined for ``kind`` (host names for ``host``), sorted."""
        return sorted({i for k, i in self.defs if k == kind})
