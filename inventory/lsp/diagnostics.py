"""The verdict's diagnostics as the protocol's, file by file: exactly what validate prints.

Each keeps its code, severity and message; its range is the YAML token at the engine's position
(the key or value at fault); ``related`` places (the other of two duplicate ids, the other figure of
a conflict) become related information. Reconciliation findings stand on the Report figure they
judge, where the engine locates them.
"""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.lsp.session import Session
from inventory.lsp.text import FileText

SOURCE = "gpufleet"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

TextOf = Callable[[str], FileText]


def by_file(session: Session, text_of: TextOf) -> dict[str, list[types.Diagnostic]]:
    """File name -> its diagnostics; an open file without any, and a file that had some at the last
    publication and has none now, get an empty list (the editor clears them, and knows an open
    file was checked). Updates ``session.published``."""
    verdict = session.verdict
    out: dict[str, list[types.Diagnostic]] = {}
    if verdict is not None:
        for d in verdict.sorted():
            out.setdefault(d.file, []).append(convert(d, session, text_of))
    for name in (session.published | session.buffers.keys()) - out.keys():
        out[name] = []
    session.published = {name for name, items in out.items() if items}
    return out


def convert(d: Diagnostic, session: Session, text_of: TextOf) -> types.Diagnostic:
    text = text_of(d.file)
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=session.path_of(file).as_uri(), range=_range(text_of(file), line, col)),
            message="also here" if d.code == "duplicate-id" else "related",
        )
        for file, line, col in d.related
    ]
    return types.Diagnostic(
        range=_range(text, d.line, d.col),
        message=d.message,
        severity=SEVERITIES[d.severity],
        code=d.code,
        source=SOURCE,
        related_information=related or None,
    )


def _range(text: FileText, line: int | None, col: int | None) -> types.Range:
    """The token at a 1-based engine position (the file's first character when none is known)."""
    if line is None:
        return text.range(0, 0, 0)
    return text.range(line - 1, (col or 1) - 1)
