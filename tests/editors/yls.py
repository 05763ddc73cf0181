"""Drive the real yaml-language-server (the server behind VS Code's YAML extension and most Neovim
and Helix YAML setups) over stdio with the README's ``yaml.schemas`` setting.

``YLS`` is where the test and ``.ci/run`` install it (``npm install --prefix tests/editors/.yls
yaml-language-server``); ``GPUFLEET_YLS`` names another install's ``yaml-language-server`` script.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

HERE = Path(__file__).resolve().parent
YLS = HERE / ".yls" / "node_modules" / ".bin" / "yaml-language-server"


def yls_command() -> list[str]:
    script = Path(os.environ.get("GPUFLEET_YLS", YLS))
    if not script.exists():
        raise AssertionError(
            f"yaml-language-server is not installed at {script}: "
            "run `npm install --prefix tests/editors/.yls yaml-language-server` (.ci/run does)"
        )
    return [str(script), "--stdio"]


def settings(schema: Path, inventory: Path) -> dict[str, object]:
    """The README's setting: the any-kind schema for every YAML file of the inventory."""
    return {
        "yaml": {
            "validate": True,
            "hover": True,
            "completion": True,
            "schemas": {schema.as_uri(): [f"{inventory.as_posix()}/**/*.yaml"]},
        }
    }


async def diagnose(schema: Path, inventory: Path, files: list[Path]) -> dict[Path, list[types.Diagnostic]]:
    """Open each file in the real server and collect what it publishes for it."""
    config = ClientServerConfig(server_command=yls_command())
    client: LanguageClient = await config.start()  # type: ignore[assignment]
    try:
        client.set_configuration(settings(schema, inventory)["yaml"], section="yaml")
        await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"),
                workspace_folders=[types.WorkspaceFolder(uri=inventory.as_uri(), name="fleet")],
            )
        )
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings=settings(schema, inventory))
        )
        out: dict[Path, list[types.Diagnostic]] = {}
        for path in files:
            uri = path.as_uri()
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=path.read_text())
                )
            )
            out[path] = await _published(client, uri)
        await client.shutdown_session()
        return out
    finally:
        await client.stop()


async def _published(client: LanguageClient, uri: str, timeout: float = 30) -> list[types.Diagnostic]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while uri not in client.diagnostics:
        if loop.time() > deadline:
            raise AssertionError(f"yaml-language-server published nothing for {uri}")
        await asyncio.sleep(0.05)
    return list(client.diagnostics[uri])
