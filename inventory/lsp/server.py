"""The server: pygls wiring of the sessions and the feature modules, over stdio.

Every open file belongs to the session of its inventory (``roots.find_root``). A change updates the
session's buffer and schedules a check after ``DEBOUNCE`` seconds of quiet (edits in a burst are
checked once); a request that arrives first runs the pending check, so an answer never comes from
older text than the client holds. After each check the server publishes diagnostics for every file
of the inventory that has some, and an empty list for each file that had some before.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace.position_codec import PositionCodec

from inventory import __version__
from inventory.lsp import actions, completion, diagnostics, hover, navigation
from inventory.lsp.index import Symbol
from inventory.lsp.roots import root_of
from inventory.lsp.session import Session
from inventory.lsp.text import FileText

DEBOUNCE = 0.05
"""Seconds without a change before a check runs."""

log = logging.getLogger(__name__)


class FleetServer(LanguageServer):
    """The language server and its sessions, one per inventory root."""

    def __init__(self) -> None:
        super().__init__("gpufleet", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.sessions: dict[Path, Session] = {}
        self.uris: dict[str, str] = {}
        """File path -> the URI the client names it by."""
        self._pending: dict[Path, asyncio.TimerHandle] = {}
        self._roots: dict[Path, Path] = {}
        """File -> the root of its inventory (found once per file)."""

    # files and sessions --------------------------------------------------------------------

    def codec(self) -> PositionCodec:
        return PositionCodec(self.workspace.position_encoding)

    def locate(self, uri: str) -> tuple[Session, str] | None:
        """The session holding the file ``uri`` names, and its name there (opening a session as needed)."""
        fs = to_fs_path(uri)
        if fs is None:
            return None
        path = Path(fs).absolute()
        self.uris.setdefault(str(path), uri)
        root = self._roots.get(path)
        if root is None:
            found, problem = root_of(path, workspace=self._folder_of(path))
            if problem is not None:
                self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"gpufleet: {problem}"))
            root = self._roots[path] = found.folder
            if root not in self.sessions:
                self.sessions[root] = Session(found)
        session = self.sessions[root]
        name = session.name_of(path)
        return (session, name) if name is not None else None

    def _folder_of(self, path: Path) -> Path | None:
        for folder in self.workspace.folders.values():
            fs = to_fs_path(folder.uri)
            if fs is not None and (Path(fs) == path.parent or Path(fs) in path.parents):
                return Path(fs)
        return None

    def uri_of(self, session: Session, name: str) -> str:
        path = str(session.path_of(name).absolute())
        return self.uris.get(path) or from_fs_path(path) or session.path_of(name).as_uri()

    def text_of(self, session: Session) -> diagnostics.TextOf:
        codec = self.codec()
        cache: dict[str, FileText] = {}

        def text_of(name: str) -> FileText:
            if name not in cache:
                cache[name] = FileText(session.text(name), codec)
            return cache[name]

        return text_of

    # checks --------------------------------------------------------------------------------

    def schedule(self, session: Session) -> None:
        pending = self._pending.pop(session.root, None)
        if pending is not None:
            pending.cancel()
        loop = asyncio.get_running_loop()
        self._pending[session.root] = loop.call_later(DEBOUNCE, self.run_check, session)

    def fresh(self, session: Session) -> None:
        """Run the check a change scheduled, now (a request must see the text the client has)."""
        pending = self._pending.pop(session.root, None)
        if pending is not None:
            pending.cancel()
            self.run_check(session)
        elif session.verdict is None:
            self.run_check(session)

    def run_check(self, session: Session) -> None:
        self._pending.pop(session.root, None)
        session.check()
        text_of = self.text_of(session)
        for name, items in diagnostics.by_file(session, text_of).items():
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=self.uri_of(session, name), diagnostics=items)
            )

    # the place under the cursor -------------------------------------------------------------

    def at(self, uri: str, position: types.Position) -> tuple[Session, str, FileText, int, int] | None:
        found = self.locate(uri)
        if found is None:
            return None
        session, name = found
        self.fresh(session)
        text = FileText(session.text(name), self.codec())
        line, col = text.from_client(position)
        return session, name, text, line, col


server = FleetServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FleetServer, params: types.DidOpenTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return
    session, name = found
    session.open(name, params.text_document.text)
    if session.verdict is None:
        ls.fresh(session)  # the first file of an inventory: check at once
    else:
        ls.schedule(session)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FleetServer, params: types.DidChangeTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return
    session, name = found
    session.open(name, ls.workspace.get_text_document(params.text_document.uri).source)
    ls.schedule(session)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FleetServer, params: types.DidCloseTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return
    session, name = found
    session.close(name)
    ls.schedule(session)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: FleetServer, params: types.DidSaveTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found is not None:
        ls.schedule(found[0])


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched(ls: FleetServer, params: types.DidChangeWatchedFilesParams) -> None:
    for session in ls.sessions.values():
        ls.schedule(session)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: FleetServer, params: types.DefinitionParams) -> list[types.Location] | None:
    found = _symbol(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    session, symbol = found
    return _locations(ls, session, navigation.definition(symbol, session.index()))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: FleetServer, params: types.ReferenceParams) -> list[types.Location] | None:
    found = _symbol(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    session, symbol = found
    declaration = params.context.include_declaration
    return _locations(ls, session, navigation.references(symbol, session.index(), declaration=declaration))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: FleetServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return []
    session, name = found
    ls.fresh(session)
    index = session.file_index(name)
    if index is None:
        return []
    return navigation.document_symbols(index, FileText(session.text(name), ls.codec()))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: FleetServer, params: types.HoverParams) -> types.Hover | None:
    here = ls.at(params.text_document.uri, params.position)
    if here is None:
        return None
    session, name, text, line, col = here
    index = session.file_index(name)
    if index is None or session.verdict is None:
        return None
    symbol = navigation.symbol_at(index, text, line, col)
    node = navigation.node_at(index, text, line, col)
    value = hover.hover_text(session.verdict, index, symbol, node)
    if value is None:
        return None
    where = node or (symbol.node if symbol else None)
    span = text.range(where.line, where.col) if where is not None else None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value), range=span)


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " ", "[", ","]))
def on_completion(ls: FleetServer, params: types.CompletionParams) -> types.CompletionList | None:
    here = ls.at(params.text_document.uri, params.position)
    if here is None:
        return None
    session, _, text, line, col = here
    items = completion.complete(text, line, col, session.index())
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: FleetServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    found = ls.locate(params.text_document.uri)
    if found is None:
        return []
    session, name = found
    text = FileText(session.text(name), ls.codec())
    return actions.actions(params.text_document.uri, text, list(params.context.diagnostics))


def _symbol(ls: FleetServer, uri: str, position: types.Position) -> tuple[Session, Symbol] | None:
    here = ls.at(uri, position)
    if here is None:
        return None
    session, name, text, line, col = here
    index = session.file_index(name)
    symbol = navigation.symbol_at(index, text, line, col) if index is not None else None
    return (session, symbol) if symbol is not None else None


def _locations(ls: FleetServer, session: Session, symbols: list[Symbol]) -> list[types.Location]:
    text_of = ls.text_of(session)
    uri_of = {s.file: ls.uri_of(session, s.file) for s in symbols}
    return [navigation.location(s, uri_of, text_of) for s in symbols]


def serve(**_: Any) -> None:
    """Serve on stdin and stdout until the client says exit."""
    server.start_io()
