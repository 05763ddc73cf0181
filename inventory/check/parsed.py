"""One file's bytes -> its documents, valid entities and problems; parsed files -> one Inventory.

``parse_file`` is pure (the same name and bytes give the same result), so the engine's loader
keeps parses by content and a reload, a diff or an editor's buffer parses only what changed.
``link_files`` links any set of parsed files (a directory, git blobs, unsaved buffers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity
from inventory.check.documents import Origin, ParsedEntity, parse_documents
from inventory.check.linking import Inventory, link
from inventory.model.kinds import API_VERSION, ID_PATTERN, KINDS
from inventory.read.fast_reader import documents, read_fast
from inventory.read.files import decode
from inventory.read.git import blob_id
from inventory.read.yaml_reader import Document, read_yaml


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What one file's bytes hold: its documents, valid entities and problems."""

    file: str
    documents: tuple[Document, ...]
    entities: tuple[ParsedEntity, ...]
    diagnostics: tuple[Diagnostic, ...]
    key: str = ""
    """The content id of the bytes parsed (their git blob id): the loader keeps parses by (file, key)."""
    foreign: bool = False
    """Plainly not inventory: YAML that parses, whose documents are all mappings and none has an
    apiVersion, a kind or an id (a mkdocs.yml, a CI file). The loader skips it unless it was named."""


def parse_file(file: str, data: bytes, prepared: bytes | None = None, key: str | None = None) -> ParsedFile:
    """Parse and validate one file's bytes. Pure: the same bytes give the same result.

    ``prepared`` is ``fast_reader.prepare(data)`` when the caller already has it (the loader
    computes it for many files on two cores); the data and every diagnostic are the same either way.
    """
    diagnostics = Diagnostics()
    text, problem = decode(file, data)
    if text is None:
        assert problem is not None
        return ParsedFile(file, (), (), (problem,), key if key is not None else content_key(data))
    fast = read_fast(text, data) if prepared is None else documents(prepared, text)
    parsed = fast or read_yaml(text)  # the fast path gives None unless it reads exactly the same
    for p in parsed.problems:
        related = tuple((file, line + 1, col + 1) for line, col in p.related)
        diagnostics.add(Diagnostic(file, p.line + 1, p.col + 1, p.code, Severity.ERROR, p.message, (), related))
    if not parsed.documents and not parsed.problems:
        diagnostics.add(Diagnostic(file, 1, 1, "empty-file", Severity.ERROR, "file holds no YAML document"))
    taken = diagnostics.at(file)
    entities = parse_documents(file, parsed.documents, diagnostics, taken=taken)
    return ParsedFile(
        file,
        tuple(parsed.documents),
        tuple(entities),
        tuple(diagnostics),
        key if key is not None else content_key(data),
        not parsed.problems and _foreign(parsed.documents),
    )


_INVENTORY_KEYS = ("apiVersion", "kind", "id")


def _foreign(docs: Iterable[Document]) -> bool:
    """True when every document is a mapping without apiVersion, kind or id (and there is one)."""
    datas = [doc.data for doc in docs]
    return bool(datas) and all(isinstance(d, dict) and not any(k in d for k in _INVENTORY_KEYS) for d in datas)


def link_files(parsed: Iterable[ParsedFile], diagnostics: Diagnostics) -> Inventory:
    """Link parsed files into one Inventory; their diagnostics join ``diagnostics``."""
    files = list(parsed)
    for pf in files:
        diagnostics.extend(pf.diagnostics)
    entities = [e for pf in files for e in pf.entities]
    invalid = [origin for pf in files for origin in _invalid_documents(pf)]
    return link(
        entities,
        diagnostics,
        [pf.file for pf in files],
        fleet_elsewhere=_fleet_elsewhere(files, diagnostics),
        invalid=invalid,
    )


def _invalid_documents(pf: ParsedFile) -> list[Origin]:
    """Documents of a known kind, with an id, that failed validation (their errors are in ``pf``)."""
    valid = {id(e.origin.document) for e in pf.entities}
    out = []
    for document in pf.documents:
        data = document.data
        if id(document) in valid or not isinstance(data, dict) or data.get("apiVersion") != API_VERSION:
            continue
        kind = data.get("kind")  # a tag or a swap can make it a list or a mapping: not hashable
        if isinstance(kind, str) and kind in KINDS and isinstance(data.get("id"), str) and ID.fullmatch(data["id"]):
            out.append(Origin(pf.file, document))
    return out


ID = re.compile(ID_PATTERN)

_STOPS_READING = frozenset(("not-utf8", "yaml-syntax", "nesting-too-deep", "too-many-problems", "file-too-large"))
"""YAML problems after which the rest of a file is not read."""


def _fleet_elsewhere(files: list[ParsedFile], unread: Iterable[Diagnostic] = ()) -> bool:
    """True when a Fleet may exist beyond the valid entities: a Fleet document failed validation,
    or a file was not read to its end (or at all: too large). Its own diagnostics explain it;
    missing-fleet would mislead."""
    if any(d.code in _STOPS_READING for d in unread):
        return True
    for pf in files:
        if any(d.code in _STOPS_READING for d in pf.diagnostics):
            return True
        if any(isinstance(doc.data, dict) and doc.data.get("kind") == "Fleet" for doc in pf.documents):
            return True
    return False


def content_key(data: bytes) -> str:
    """The content id of ``data``: the id git gives it as a blob, so a file on disk and the same
    blob of a revision share one parse."""
    return blob_id(data)
