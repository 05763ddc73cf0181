"""The server's parts in process: root finding, token ranges, the index, completion's reading of the
place, diagnostics per file (related places, clearing), and one Loader parsing only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from inventory.lsp import diagnostics, navigation
from inventory.lsp.completion import place_at
from inventory.lsp.index import index_file
from inventory.lsp.roots import root_of
from inventory.lsp.session import Session
from inventory.lsp.text import FileText
from tests.conftest import write_tree

FLEET = "apiVersion: gpufleet/v1\nkind: Fleet\nid: f\nname: F\nas_of: 2025-06-30\n"
REGION = "apiVersion: gpufleet/v1\nkind: Region\nid: {id}\navailability: general\ncountry: US\n"
SITE = (
    "apiVersion: gpufleet/v1\nkind: DataCenter\nid: site\nname: Site\nregion: {region}\n"
    "sources: [s1, s2]\npower:\n  - id: p1\n    capacity: 10 MW\n"
)


def test_root_is_the_nearest_folder_with_the_fleet(tmp_path: Path) -> None:
    write_tree(tmp_path, {"inv/fleet.yaml": FLEET, "inv/dc/a/site.yaml": SITE, "other/x.yaml": REGION})
    (tmp_path / ".git").mkdir()  # the search stops at the top of a work tree
    assert root_of(tmp_path / "inv" / "dc" / "a" / "site.yaml")[0].folder == tmp_path / "inv"
    assert root_of(tmp_path / "inv" / "fleet.yaml")[0].folder == tmp_path / "inv"
    # no Fleet above: the workspace folder when it holds the file, else the file's folder
    assert root_of(tmp_path / "other" / "x.yaml", workspace=tmp_path)[0].folder == tmp_path
    assert root_of(tmp_path / "other" / "x.yaml", workspace=tmp_path / "inv")[0].folder == tmp_path / "other"


def test_a_config_s_paths_and_excludes_decide_the_files(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "gpufleet.toml": 'paths = ["inv"]\nexclude = ["drafts"]\n',
            "inv/fleet.yaml": FLEET,
            "inv/drafts/r.yaml": REGION.format(id="r1"),
            "inv/regions.yaml": REGION.format(id="r1"),
            "notes/n.yaml": REGION.format(id="r1"),
        },
    )
    (tmp_path / ".git").mkdir()
    root, problem = root_of(tmp_path / "notes" / "n.yaml")  # found by the config, above
    assert (root.folder, problem) == (tmp_path, None)
    session = Session(root)
    session.open("inv/drafts/r.yaml", REGION.format(id="r1"))  # open, but excluded: no duplicate
    verdict = session.check()
    assert [pf.file for pf in verdict.parsed] == ["inv/fleet.yaml", "inv/regions.yaml"]  # only the paths
    assert list(verdict.diagnostics) == []


def test_a_broken_config_falls_back_and_says_why(tmp_path: Path) -> None:
    write_tree(tmp_path, {"gpufleet.toml": "colour = 1\n", "fleet.yaml": FLEET})
    root, problem = root_of(tmp_path / "fleet.yaml", workspace=tmp_path)
    assert root.folder == tmp_path
    assert problem is not None
    assert "unknown key 'colour'" in problem


@pytest.mark.parametrize(
    ("line", "col", "end"),
    [
        ("region: US-EAST-01", 8, 18),
        ("region: US-EAST-01  # the first", 8, 18),
        ("sources: [s1, s2]", 10, 12),
        ("sources: [s1, s2]", 14, 16),
        ('title: "a: b # c"', 7, 17),
        ("title: 'it''s'", 7, 14),
        ("  unknown_key: 3", 2, 13),
    ],
)
def test_token_end(line: str, col: int, end: int) -> None:
    assert FileText(line).token_end(0, col) == end


def test_positions_count_utf16_units() -> None:
    text = FileText("name: \U0001f600 x\nid: a\n")
    assert text.position(0, 8).character == 9  # the emoji is two UTF-16 units
    assert text.from_client(text.position(0, 8)) == (0, 8)


def test_index_finds_ids_and_references() -> None:
    index = index_file("site.yaml", SITE.format(region="r1") + "gpus:\n  - id: g1\n    sku: h200\n    gpus: 8\n")
    assert [(s.kind, s.id) for s in index.defs] == [("DataCenter", "site")]
    assert [(s.kind, s.id, s.node.line, s.node.col) for s in index.refs] == [
        ("Region", "r1", 4, 8),
        ("Source", "s1", 5, 10),
        ("Source", "s2", 5, 14),
        ("GpuSku", "h200", 11, 9),
    ]
    assert [(what, s.id) for what, s in index.parts] == [("power", "p1"), ("gpus", "g1")]


def test_index_reads_scopes_and_gpus_by_sku_keys() -> None:
    report = (
        "apiVersion: gpufleet/v1\nkind: Report\nid: r\nsource: src\nas_of: 2025\n"
        "scope: {host: Core Scientific}\nfigures:\n  gpus_by_sku:\n    h200: 8\n"
    )
    index = index_file("r.yaml", report)
    assert [(s.kind, s.id) for s in index.refs] == [("Source", "src"), ("host", "Core Scientific"), ("GpuSku", "h200")]


@pytest.mark.parametrize(
    ("text", "kind", "keys", "key", "word"),
    [
        ("kind: DataCenter\nregion: US", "DataCenter", (), "region", "US"),
        ("kind: DataCenter\npower:\n  - id: p\n    cap", "DataCenter", ("power",), None, "cap"),
        ("kind: DataCenter\npower:\n  - id: p\n    basis: ", "DataCenter", ("power",), "basis", ""),
        ("kind: Report\nscope:\n  region: ", "Report", ("scope",), "region", ""),
        ("kind: Report\nsources: [a, b", "Report", (), "sources", "b"),
        ("kind: Region\nsources:\n  - ", "Region", (), "sources", ""),
        ("kind: Report\nfigures:\n  gpus_by_sku:\n    h", "Report", ("figures", "gpus_by_sku"), None, "h"),
        ("apiVersion: gpufleet/v1\n---\nkind: Fleet\nreconcile:\n  mis", "Fleet", ("reconcile",), None, "mis"),
    ],
)
def test_completion_reads_the_place(text: str, kind: str, keys: tuple[str, ...], key: str | None, word: str) -> None:
    lines = text.split("\n")
    place = place_at(FileText(text), len(lines) - 1, len(lines[-1]))
    assert (place.kind, place.keys, place.key, place.word) == (kind, keys, key, word)


def _session(tmp_path: Path) -> Session:
    write_tree(
        tmp_path,
        {
            "fleet.yaml": FLEET,
            "regions.yaml": REGION.format(id="r1") + "---\n" + REGION.format(id="r2"),
            "site.yaml": SITE.format(region="r1") + "---\napiVersion: gpufleet/v1\nkind: Source\nid: s1\n"
            "publisher: P\ntitle: T\ntype: docs\n---\napiVersion: gpufleet/v1\nkind: Source\nid: s2\n"
            "publisher: P\ntitle: T\ntype: docs\n",
        },
    )
    return Session(tmp_path)


def test_a_duplicate_id_names_both_places_and_clean_files_are_cleared(tmp_path: Path) -> None:
    session = _session(tmp_path)
    session.check()
    texts = {}

    def text_of(name: str) -> FileText:
        return texts.setdefault(name, FileText(session.text(name)))

    assert diagnostics.by_file(session, text_of) == {}
    session.open("regions.yaml", REGION.format(id="r1") + "---\n" + REGION.format(id="r1"))
    session.check()
    texts.clear()
    published = diagnostics.by_file(session, text_of)
    (duplicate,) = published["regions.yaml"]
    assert duplicate.code == "duplicate-id"
    assert (duplicate.range.start.line, duplicate.range.start.character, duplicate.range.end.character) == (8, 4, 6)
    assert duplicate.related_information is not None
    (first,) = duplicate.related_information
    assert first.location.uri == (tmp_path / "regions.yaml").as_uri()
    assert (first.location.range.start.line, first.location.range.start.character) == (2, 4)
    session.close("regions.yaml")  # the text on disk again: no duplicate
    session.check()
    texts.clear()
    assert diagnostics.by_file(session, text_of) == {"regions.yaml": []}
    assert diagnostics.by_file(session, text_of) == {}
    session.open("site.yaml", session.text("site.yaml"))  # an open file is always published
    session.check()
    assert diagnostics.by_file(session, text_of) == {"site.yaml": []}


def test_an_edit_parses_only_the_changed_text(tmp_path: Path) -> None:
    session = _session(tmp_path)
    session.check()
    first = session.loader.parses
    assert first == 3
    session.open("site.yaml", session.text("site.yaml").replace("region: r1", "region: r3"))
    verdict = session.check()
    assert session.loader.parses == first + 1
    assert [d.code for d in verdict.diagnostics] == ["unknown-region"]
    assert session.index().files["site.yaml"].refs[0].id == "r3"  # the index follows the buffer


def test_formerly_leads_to_the_renamed_entity_and_the_old_id_s_uses(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "fleet.yaml": FLEET,
            "regions.yaml": REGION.format(id="r2") + "formerly: [r-old]\n",
            "site.yaml": SITE.format(region="r-old").replace("sources: [s1, s2]\n", ""),
        },
    )
    session = Session(tmp_path)
    session.check()
    index = session.index()
    (renamed,) = [s for s in index.files["regions.yaml"].refs if s.kind == "formerly"]
    assert [(s.kind, s.id) for s in navigation.definition(renamed, index)] == [("Region", "r2")]
    uses = navigation.references(renamed, index, declaration=True)
    assert [(s.file, s.kind, s.id) for s in uses] == [
        ("regions.yaml", "formerly", "r-old"),
        ("site.yaml", "Region", "r-old"),
    ]
