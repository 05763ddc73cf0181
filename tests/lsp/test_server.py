"""End to end: the server process over stdio, driven by pytest-lsp's client, on a copy of the seed."""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import open_file, position_of, replace, until

DENTON = "datacenters/denton.yaml"
Q4 = "reports/results-2025-q4.yaml"


async def test_open_the_seed_publishes_validate_s_findings(client: LanguageClient, inventory: Path) -> None:
    open_file(client, inventory / DENTON)
    lemagit = (inventory / "reports" / "lemagit-2025-07.yaml").as_uri()
    found = await until(client, lemagit, lambda d: bool(d))
    codes = sorted(str(d.code) for d in found)
    assert "count-contradicts-names" in codes
    assert "figures-dated-differently" in codes
    dated = next(d for d in found if d.code == "figures-dated-differently")
    assert dated.severity == types.DiagnosticSeverity.Warning
    assert dated.source == "gpufleet"
    assert dated.range.start == types.Position(7, 7)  # validate: lemagit-2025-07.yaml:8:8
    assert dated.related_information  # the other Report's figure
    assert any(r.location.uri.endswith("reports/results-2025-q1.yaml") for r in dated.related_information)
    assert client.diagnostics[(inventory / DENTON).as_uri()] == ()  # an open file: checked, clean


async def test_breaking_a_reference_then_fixing_it(client: LanguageClient, inventory: Path) -> None:
    uri = open_file(client, inventory / DENTON)
    lemagit = (inventory / "reports" / "lemagit-2025-07.yaml").as_uri()
    await until(client, lemagit, lambda d: bool(d))
    cited = re.search(r"^sources: \[([\w.-]+),", (inventory / DENTON).read_text(), re.MULTILINE)
    assert cited is not None
    source = cited[1]
    at = position_of(inventory / DENTON, f"{source},")
    end = at.character + len(source)
    replace(client, uri, 2, at.line, at.character, end, source[:-1])
    found = await until(client, uri, lambda d: bool(d))
    assert [d.code for d in found] == ["unknown-source"]
    assert found[0].range == types.Range(at, types.Position(at.line, end - 1))  # the id, not the list
    assert found[0].severity == types.DiagnosticSeverity.Error
    assert f"did you mean {source!r}" in found[0].message
    # errors stop reconciliation, as in validate: the reports' findings are cleared
    await until(client, lemagit, lambda d: d is not None and not d)

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None
    assert len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction)
    assert action.edit is not None
    assert action.edit.changes
    (edit,) = action.edit.changes[uri]
    assert edit.new_text == source
    assert edit.range == found[0].range

    replace(client, uri, 3, at.line, at.character, end - 1, edit.new_text)
    assert await until(client, uri, lambda d: d is not None and not d) == []
    await until(client, lemagit, lambda d: bool(d))


async def test_definition_and_references(client: LanguageClient, inventory: Path) -> None:
    fleet = inventory / "fleet.yaml"
    fleet.write_text(re.sub(r"^sources: \[", "sources: [coreweave-q4-2025-results, ", fleet.read_text(), flags=re.M))
    uri = open_file(client, inventory / Q4)
    at = position_of(inventory / Q4, "source: coreweave-q4-2025-results", len("source: ") + 3)
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    assert isinstance(found, list)
    assert len(found) == 1
    sources = inventory / "sources.yaml"
    assert found[0].uri == sources.as_uri()
    line = position_of(sources, "id: coreweave-q4-2025-results")
    assert found[0].range.start == types.Position(line.line, line.character + len("id: "))

    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=at,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    places = {(Path(r.uri.removeprefix("file://")).relative_to(inventory).as_posix(), r.range.start.line) for r in refs}
    cited = position_of(fleet, "sources: [coreweave-q4").line
    assert places == {("sources.yaml", line.line), (Q4, at.line), ("fleet.yaml", cited)}


async def test_definition_of_a_host_scope_is_its_data_centers(client: LanguageClient, inventory: Path) -> None:
    path = inventory / "reports" / "core-scientific.yaml"
    uri = open_file(client, path)
    at = position_of(path, "Core Scientific}", 2)
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    assert isinstance(found, list)
    hosted = {Path(f.uri.removeprefix("file://")).name for f in found}
    assert {"denton.yaml", "muskogee.yaml"} <= hosted
    assert "london.yaml" not in hosted


async def test_hover_entity_figure_and_values(client: LanguageClient, inventory: Path) -> None:
    fleet = inventory / "fleet.yaml"
    uri = open_file(client, fleet)

    async def hover(path: Path, needle: str, offset: int) -> str:
        result = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                position=position_of(path, needle, offset),
            )
        )
        assert result is not None
        assert isinstance(result.contents, types.MarkupContent)
        return result.contents.value

    as_of = re.search(r"^as_of: (.+)$", fleet.read_text(), re.M)
    assert as_of is not None
    text = await hover(fleet, "id: coreweave", 5)
    assert text.startswith(f"**Fleet coreweave**: CoreWeave, as of {as_of[1]}")
    assert f"At {as_of[1]}" in text
    assert "active power:" in text
    assert "contracted power:" in text

    q4 = inventory / Q4
    open_file(client, q4)
    text = await hover(q4, 'active_power: ">850 MW"', len("active_power: ") + 2)
    assert "reported >850 MW for fleet at 2025-12-31" in text
    assert "**incomplete**" in text
    assert "itemized:" in text
    assert "coverage:" in text
    assert "is read as **850,000,000 W** (more-than)" in text

    denton = inventory / DENTON
    text = re.sub(r"capacity: .*", "capacity: 297 MW", denton.read_text(), count=1)
    denton.write_text(re.sub(r"contracted_on: .*", "contracted_on: 2024-11", text, count=1))
    open_file(client, denton)
    assert "`297 MW` is read as **297,000,000 W**" in await hover(denton, "capacity: 297 MW", 12)
    assert (
        await hover(denton, "contracted_on: 2024-11", 16) == "`2024-11` is the span 2024-11-01 to 2024-11-30: 30 days"
    )
    assert uri


async def test_completion(client: LanguageClient, inventory: Path) -> None:
    q4 = inventory / Q4
    uri = open_file(client, q4)
    at = position_of(q4, "source: coreweave-q4-2025-results", len("source: "))
    replace(client, uri, 2, at.line, at.character, at.character + len("coreweave-q4-2025-results"), "")

    async def labels(line: int, col: int) -> list[str]:
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, col)
            )
        )
        assert isinstance(result, types.CompletionList)
        return [item.label for item in result.items]

    ids = await labels(at.line, at.character)
    assert "coreweave-q4-2025-results" in ids
    assert "lemagit-2025-07" in ids
    assert "denton-tx" not in ids  # a data center is not a source

    denton = inventory / DENTON
    duri = open_file(client, denton)
    tenure = position_of(denton, "tenure: leased", len("tenure: "))
    replace(client, duri, 2, tenure.line, tenure.character, tenure.character + len("leased"), "")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=duri), position=tenure)
    )
    assert isinstance(result, types.CompletionList)
    assert [i.label for i in result.items] == ["owned", "leased", "colocated", "hosted"]

    # a new key inside a power block: the PowerAllocation's fields
    block = position_of(denton, "    capacity: ")
    replace(client, duri, 3, block.line, 0, 0, "    \n")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=duri), position=types.Position(block.line, 4)
        )
    )
    assert isinstance(result, types.CompletionList)
    names = [i.label for i in result.items]
    assert "energized_on" in names
    assert "capacity" in names
    assert "tenure" not in names


async def test_document_symbols(client: LanguageClient, inventory: Path) -> None:
    uri = open_file(client, inventory / "skus.yaml")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None
    names = [s.name for s in symbols if isinstance(s, types.DocumentSymbol)]
    assert names[:2] == ["h200", "h200-nvl"]
    assert len(names) == 5

    duri = open_file(client, inventory / DENTON)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=duri))
    )
    assert symbols is not None
    assert isinstance(symbols[0], types.DocumentSymbol)
    assert symbols[0].name == "denton-tx"
    assert symbols[0].children
    parts = re.findall(r"^  - id: (.+)$", (inventory / DENTON).read_text(), re.MULTILINE)
    assert [c.name for c in symbols[0].children] == parts


async def test_quote_a_figure_yaml_reads_as_a_block(client: LanguageClient, inventory: Path) -> None:
    q4 = inventory / Q4
    uri = open_file(client, q4)
    at = position_of(q4, '">850 MW"')
    replace(client, uri, 2, at.line, at.character, at.character + len('">850 MW"'), ">=850 MW")
    found = await until(client, uri, lambda d: bool(d) and d[0].code == "yaml-syntax")
    assert [d.code for d in found] == ["yaml-syntax"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None
    assert len(actions) == 1
    assert isinstance(actions[0], types.CodeAction)
    assert actions[0].edit is not None
    assert actions[0].edit.changes
    (edit,) = actions[0].edit.changes[uri]
    assert edit.new_text == '">=850 MW"'
    assert edit.range == types.Range(at, types.Position(at.line, at.character + len(">=850 MW")))


async def test_add_the_missing_api_version(client: LanguageClient, inventory: Path) -> None:
    q4 = inventory / Q4
    uri = open_file(client, q4)
    line = position_of(q4, "apiVersion: gpufleet/v1").line
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(line, 0), types.Position(line + 1, 0)), text=""
                )
            ],
        )
    )
    found = await until(client, uri, lambda d: bool(d) and d[0].code == "missing-api-version")
    assert [d.code for d in found] == ["missing-api-version"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        )
    )
    assert actions is not None
    assert isinstance(actions[0], types.CodeAction)
    assert actions[0].edit is not None
    assert actions[0].edit.changes is not None
    (edit,) = actions[0].edit.changes[uri]
    assert edit.new_text == "apiVersion: gpufleet/v1\n"
    assert edit.range.start == types.Position(line, 0)
