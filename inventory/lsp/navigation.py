"""Go to definition, find references and the outline (document symbols), from the index.

Definition of a reference: the entity of that kind and id (both places when the id is defined
twice); of a ``host``: every data center with that host; of a ``formerly`` entry: the entity that
was renamed. References of an id (on its definition or on any use): every place that names it.
"""

from __future__ import annotations

from lsprotocol import types

from inventory.lsp.diagnostics import TextOf
from inventory.lsp.index import FORMERLY, HOST, FileIndex, InventoryIndex, Node, Symbol, nodes
from inventory.lsp.text import FileText


def node_at(index: FileIndex, text: FileText, line: int, col: int) -> Node | None:
    """The key or scalar written at (line, col), or None."""
    doc = index.document_at(line)
    if doc is None:
        return None
    for node in nodes(doc):
        if node.line == line and node.col <= col <= text.token_end(line, node.col):
            return node
        if node.line > line:
            break
    return None


def symbol_at(index: FileIndex, text: FileText, line: int, col: int) -> Symbol | None:
    """The id or reference written at (line, col), or None."""
    for symbol in (*index.defs, *index.refs):
        node = symbol.node
        if node.line == line and node.col <= col <= text.token_end(line, node.col):
            return symbol
    return None


def target(symbol: Symbol, index: InventoryIndex) -> tuple[str, str]:
    """The (kind, id) a symbol stands for: a formerly entry stands for the entity renamed."""
    if symbol.kind == FORMERLY:
        f = index.files[symbol.file]
        for d in f.defs:
            if d.doc == symbol.doc and d.kind != HOST:
                return d.kind, d.id
    return symbol.kind, symbol.id


def location(symbol: Symbol, uri_of: dict[str, str], text_of: TextOf) -> types.Location:
    node = symbol.node
    return types.Location(uri=uri_of[symbol.file], range=text_of(symbol.file).range(node.line, node.col))


def definition(symbol: Symbol, index: InventoryIndex) -> list[Symbol]:
    kind, id_ = target(symbol, index)
    return list(index.defs.get((kind, id_), []))


def references(symbol: Symbol, index: InventoryIndex, *, declaration: bool) -> list[Symbol]:
    """Every place naming the symbol's id; for a ``formerly`` entry, the places still naming the old id."""
    if symbol.kind == FORMERLY:
        kind, _ = target(symbol, index)
        renamed = [s for s in index.refs.get((FORMERLY, symbol.id), []) if target(s, index)[0] == kind]
        return renamed + list(index.refs.get((kind, symbol.id), []))
    found = list(index.refs.get((symbol.kind, symbol.id), []))
    if declaration:
        found = list(index.defs.get((symbol.kind, symbol.id), [])) + found
    return found


_SYMBOL_KINDS = {
    "Fleet": types.SymbolKind.Module,
    "Source": types.SymbolKind.File,
    "Region": types.SymbolKind.Namespace,
    "DataCenter": types.SymbolKind.Class,
    "GpuSku": types.SymbolKind.Struct,
    "Report": types.SymbolKind.Event,
}


def document_symbols(index: FileIndex, text: FileText) -> list[types.DocumentSymbol]:
    """The file's entities, each with its power blocks and GPU deployments as children."""
    out = []
    starts = [doc.start[0] for doc in index.documents]
    ids = {s.doc: s for s in index.defs if s.kind != HOST}
    for i, doc in enumerate(index.documents):
        kind = index.kind_of(doc)
        symbol = ids.get(doc.index)
        if kind is None or symbol is None:
            continue
        last = starts[i + 1] - 1 if i + 1 < len(starts) else len(text.lines) - 1
        while last > doc.start[0] and not text.line(last).strip(" -"):
            last -= 1
        whole = types.Range(text.position(doc.start[0], 0), text.position(last, len(text.line(last))))
        children = [
            types.DocumentSymbol(
                name=part.id,
                detail="power block" if what == "power" else "GPU deployment",
                kind=types.SymbolKind.Field if what == "power" else types.SymbolKind.Object,
                range=text.range(part.node.line, part.node.col),
                selection_range=text.range(part.node.line, part.node.col),
            )
            for what, part in index.parts
            if part.doc == doc.index
        ]
        out.append(
            types.DocumentSymbol(
                name=symbol.id,
                detail=kind,
                kind=_SYMBOL_KINDS.get(kind, types.SymbolKind.Object),
                range=whole,
                selection_range=text.range(symbol.node.line, symbol.node.col),
                children=children or None,
            )
        )
    return out
