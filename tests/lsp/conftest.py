"""The real server process (``python -m inventory lsp``) and a real LSP client (pytest-lsp) over stdio,
on a copy of the seed in a temporary folder."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import ROOT

SEED = ROOT / "seeds" / "coreweave"


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    target = tmp_path / "fleet"
    shutil.copytree(SEED, target)
    return target


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "inventory", "lsp"]))
async def client(lsp_client: LanguageClient, inventory: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=inventory.as_uri(), name="fleet")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_file(client: LanguageClient, path: Path) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=path.read_text())
        )
    )
    return uri


def replace(client: LanguageClient, uri: str, version: int, line: int, start: int, end: int, text: str) -> None:
    """An incremental change, as editors send them."""
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(line, start), types.Position(line, end)), text=text
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]
        )
    )


async def until(
    client: LanguageClient, uri: str, test: Callable[[list[types.Diagnostic] | None], bool], timeout: float = 20
) -> list[types.Diagnostic]:
    """Wait until the diagnostics published for ``uri`` pass ``test``; returns them."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not test(client.diagnostics.get(uri)):
        if loop.time() > deadline:
            raise AssertionError(f"diagnostics for {uri} never passed: {client.diagnostics.get(uri)}")
        await asyncio.sleep(0.02)
    return list(client.diagnostics.get(uri) or [])


def position_of(path: Path, needle: str, offset: int = 0) -> types.Position:
    """The position of the first ``needle`` in the file (plus ``offset`` characters)."""
    for n, line in enumerate(path.read_text().split("\n")):
        col = line.find(needle)
        if col >= 0:
            return types.Position(n, col + offset)
    raise AssertionError(f"{needle!r} not in {path}")
