"""The schemas in the real yaml-language-server, set up as the README says (``yaml.schemas``).

The ``$schema`` modeline reaches only a file's first document (yaml-language-server issue #946); the
setting maps the any-kind schema to every file of the inventory, so every document is validated,
and the schema's ``if``/``then`` on ``kind`` makes each message the document's own kind's.

Needs node and yaml-language-server (``yls.py`` says where): kept out of the default run by the
``editor`` marker; ``.ci/run`` installs the server and runs these tests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lsprotocol import types

from tests.conftest import ROOT, Cli
from tests.editors.yls import diagnose

pytestmark = pytest.mark.editor

PLANTED = "zz_planted: 1\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The seed and the schemas laid out as in the repository (the seed's modelines resolve)."""
    shutil.copytree(ROOT / "seeds" / "coreweave", tmp_path / "seeds" / "coreweave")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    return tmp_path


def _files(inventory: Path) -> list[Path]:
    return sorted(inventory.rglob("*.yaml"))


async def test_the_seed_is_clean(repo: Path) -> None:
    inventory = repo / "seeds" / "coreweave"
    found = await diagnose(repo / "schemas" / "gpufleet.schema.json", inventory, _files(inventory))
    assert {p.relative_to(inventory).as_posix(): [d.message for d in ds] for p, ds in found.items() if ds} == {}


def plant_everywhere(files: list[Path]) -> dict[Path, list[int]]:
    """A field no kind has, added after each document's apiVersion: file -> the lines planted at."""
    expected: dict[Path, list[int]] = {}
    for path in files:
        out: list[str] = []
        at: list[int] = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            out.append(line)
            if line == "apiVersion: gpufleet/v1":
                at.append(len(out))
                out.append(PLANTED.rstrip("\n"))
        path.write_text("\n".join(out), encoding="utf-8")
        expected[path] = at
    return expected


def assert_one_each(found: dict[Path, list[types.Diagnostic]], expected: dict[Path, list[int]]) -> None:
    for path, at in expected.items():
        lines = sorted(d.range.start.line for d in found[path] if "zz_planted" in d.message)
        assert lines == at, path.name
        assert [d.message for d in found[path] if "zz_planted" not in d.message] == [], path.name


async def test_every_document_is_validated(repo: Path) -> None:
    """A mistake planted in every document of the seed: one diagnostic per document, at its line."""
    inventory = repo / "seeds" / "coreweave"
    expected = plant_everywhere(_files(inventory))
    documents = sum(len(at) for at in expected.values())
    assert documents > 100  # the seed's 144 documents, most of them after a `---`
    found = await diagnose(repo / "schemas" / "gpufleet.schema.json", inventory, list(expected))
    assert_one_each(found, expected)


async def test_every_document_of_a_generated_fleet_is_validated(repo: Path, cli: Cli) -> None:
    """``gpufleet generate`` writes several documents a file (regions, reports): the setting reaches all."""
    fleet = repo / "fleet"
    assert cli("generate", "--gpus", "8000", str(fleet))[0] == 0
    several = [p for p in _files(fleet) if p.read_text(encoding="utf-8").count("apiVersion:") > 1]
    assert several
    expected = plant_everywhere(_files(fleet))
    found = await diagnose(repo / "schemas" / "gpufleet.schema.json", fleet, list(expected))
    assert_one_each(found, expected)


async def test_a_later_document_gets_its_own_kind_s_message(repo: Path) -> None:
    inventory = repo / "seeds" / "coreweave"
    sources = inventory / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    later = [m.start() for m in re.finditer(r"^type: article$", text, re.MULTILINE)][2]
    sources.write_text(text[:later] + "type: blog" + text[later + len("type: article") :], encoding="utf-8")
    line = text[:later].count("\n")
    assert later > text.index("\n---\n")  # after the first document
    general = inventory / "regions" / "general.yaml"
    text = general.read_text(encoding="utf-8")
    last = text.rindex("availability: general")
    general.write_text(text[:last] + "availability: public" + text[last + len("availability: general") :])
    region_line = text[:last].count("\n")

    found = await diagnose(repo / "schemas" / "gpufleet.schema.json", inventory, [sources, general])
    (source_error,) = found[sources]
    assert source_error.range.start.line == line
    assert "filing" in source_error.message
    assert "press-release" in source_error.message
    (region_error,) = found[general]
    assert region_error.range.start.line == region_line
    assert '"general"' in region_error.message
    assert '"dedicated"' in region_error.message
    for d in (source_error, region_error):
        assert "Fleet" not in d.message
        assert "as_of" not in d.message
