"""Code actions, offered only where the fix is certain:

- quote a figure such as ``>=280 MW`` that YAML reads as the start of a block scalar;
- take the suggestion of a ``did you mean`` (an unknown field, id or choice);
- add the missing ``apiVersion``.

Each answers one of the server's own diagnostics, as the client sends them back.
"""

from __future__ import annotations

import json
import re

from lsprotocol import types

from inventory.lsp.diagnostics import SOURCE
from inventory.lsp.text import FileText
from inventory.model.kinds import API_VERSION

_DID_YOU_MEAN = re.compile(r"\(did you mean '([^']+)'\?\)")
_BLOCK_SCALAR = re.compile(r"while scanning a block scalar at line (\d+), column (\d+)")
_BLOCK_HEADER = re.compile(r"[>|][1-9]?[-+]?[1-9]?\s*(#.*)?$")
_COMMENT = re.compile(r"\s+#.*$")


def actions(uri: str, text: FileText, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    out = []
    for d in diagnostics:
        if d.source != SOURCE:
            continue
        edit = _fix(text, d)
        if edit is None:
            continue
        title, change = edit
        out.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[d],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: [change]}),
            )
        )
    return out


def _fix(text: FileText, d: types.Diagnostic) -> tuple[str, types.TextEdit] | None:
    if d.code == "yaml-syntax":
        return _quote_block_scalar(text, d.message)
    if d.code == "missing-api-version":
        at = d.range.start
        _, col = text.from_client(at)
        insert = f"apiVersion: {API_VERSION}\n" + " " * col
        return f"Add `apiVersion: {API_VERSION}`", types.TextEdit(range=types.Range(at, at), new_text=insert)
    m = _DID_YOU_MEAN.search(d.message)
    if m:
        return f"Change to {m[1]!r}", types.TextEdit(range=d.range, new_text=m[1])
    return None


def _quote_block_scalar(text: FileText, message: str) -> tuple[str, types.TextEdit] | None:
    """``key: >=280 MW`` -> ``key: ">=280 MW"``, when the reader's error is about that ``>``."""
    m = _BLOCK_SCALAR.search(message)
    if m is None:
        return None
    line, col = int(m[1]) - 1, int(m[2]) - 1
    row = text.line(line)
    value = _COMMENT.sub("", row[col:]).rstrip()
    if not value or value[0] not in ">|" or _BLOCK_HEADER.match(value):
        return None
    quoted = json.dumps(value, ensure_ascii=False)
    edit = types.TextEdit(range=text.range(line, col, col + len(value)), new_text=quoted)
    return f"Quote {quoted} (YAML reads a leading {value[0]} as a block of text)", edit
