"""Config and discovery: gpufleet.toml or [tool.gpufleet], --exclude, what git ignores, YAML that
is plainly not inventory, and the inventory root found from any sub-folder by every verb."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inventory.read.discover import Excludes, find_root
from tests.conftest import DATA, Cli, GitRepo, Tree, write_tree

MonkeyPatch = pytest.MonkeyPatch

FLEET = (DATA / "valid" / "minimal" / "fleet.yaml").read_text(encoding="utf-8")
REGION = "apiVersion: gpufleet/v1\nkind: Region\nid: {id}\navailability: general\ncountry: US\n"
BAD = "apiVersion: gpufleet/v1\nkind: Region\nid: bad\ncountry: US\n"  # missing availability
MKDOCS = "site_name: Fleet docs\nnav:\n  - index.md\ntheme: material\n"
WORKFLOW = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"


def _codes(out: str) -> list[str]:
    return sorted(d["code"] for d in json.loads(out)["diagnostics"])


def test_excludes_match_like_gitignore() -> None:
    ex = Excludes(Path("/r"), ["drafts", "*.draft.yaml", "archive/2023/**", "build/"])
    assert ex.excludes_file("drafts/x.yaml")
    assert ex.excludes_file("sites/drafts/x.yaml")
    assert ex.excludes_file("sites/a.draft.yaml")
    assert ex.excludes_file("archive/2023/q1/a.yaml")
    assert not ex.excludes_file("x/archive/2023/a.yaml")  # a pattern with / is anchored at the root
    assert ex.excludes_file("build/a.yaml")
    assert not ex.match("build", is_dir=False)  # build/ matches folders only
    assert not ex.excludes_file("sites/a.yaml")


def test_gpufleet_toml_names_paths_excludes_and_formats(tmp_path: Path, cli: Cli, monkeypatch: MonkeyPatch) -> None:
    write_tree(
        tmp_path,
        {
            "gpufleet.toml": 'paths = ["fleet"]\nexclude = ["drafts"]\n[format]\nvalidate = "json"\n',
            "fleet/fleet.yaml": FLEET,
            "fleet/regions.yaml": REGION.format(id="r1"),
            "fleet/drafts/bad.yaml": BAD,
            "docs/notes.yaml": BAD,  # outside the config's paths
        },
    )
    monkeypatch.chdir(tmp_path / "docs")
    rc, out, _err = cli("validate")
    assert (rc, _codes(out)) == (0, [])
    assert json.loads(out)["checked"]["files"] == 2
    rc, out, _ = cli("validate", "--format", "text", "--exclude", "regions.yaml")
    assert (rc, out) == (0, "")
    assert "checked 1 file" in cli("validate", "--format", "text", "--exclude", "regions.yaml")[2]


def test_pyproject_tool_table(tmp_path: Path, cli: Cli, monkeypatch: MonkeyPatch) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.gpufleet]\n'
            'exclude = ["*.draft.yaml"]\nas_of = "2025-01-31"\n',
            "fleet.yaml": FLEET,
            "r.draft.yaml": BAD,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert cli("validate")[0] == 0
    rc, out, _ = cli("rollup", "--format", "json")
    assert rc == 0
    assert json.loads(out)["as_of"] == "2025-01-31"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("exclud = []\n", "unknown key 'exclud' (did you mean 'exclude'?)"),
        ("paths = [1]\n", "paths must be a list of non-empty strings"),
        ('paths = ["nowhere"]\n', "does not exist"),
        ("paths = [\n", "not valid TOML"),
        ('[format]\nvalidate = "xml"\n', "format 'xml' is not one of validate's"),
    ],
)
def test_a_bad_config_exits_2(text: str, message: str, tmp_path: Path, cli: Cli, monkeypatch: MonkeyPatch) -> None:
    write_tree(tmp_path, {"gpufleet.toml": text, "fleet.yaml": FLEET})
    monkeypatch.chdir(tmp_path)
    rc, out, err = cli("validate")
    assert (rc, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_git_ignored_files_and_venvs_are_skipped(git_repo: GitRepo, cli: Cli) -> None:
    git_repo.write(
        {
            ".gitignore": "venv/\n*.local.yaml\n",
            "fleet.yaml": FLEET,
            "venv/lib/site-packages/pkg/conf.yaml": BAD,
            "mine.local.yaml": BAD,
        }
    )
    rc, out, _err = cli("validate", ".", "--format", "json")
    assert (rc, _codes(out)) == (0, [])
    assert json.loads(out)["checked"]["files"] == 1
    # a file git ignores, named on the command line, is read
    assert _codes(cli("validate", "fleet.yaml", "mine.local.yaml", "--format", "json")[1]) == ["missing-field"]


def test_yaml_that_is_not_inventory_is_skipped_with_a_note(tree: Tree, cli: Cli) -> None:
    root = tree({"fleet.yaml": FLEET, "mkdocs.yml": MKDOCS, ".github/workflows/ci.yaml": WORKFLOW, "ci.yml": WORKFLOW})
    rc, out, err = cli("validate", root)
    assert (rc, out) == (0, "")
    assert "mkdocs.yml: skipped, not an inventory file (no apiVersion, kind or id in it)" in err
    assert "ci.yml: skipped" in err
    # named as inventory, it is checked
    rc, out, _ = cli("validate", root / "fleet.yaml", root / "mkdocs.yml", "--format", "json")
    assert (rc, _codes(out)) == (1, ["missing-api-version", "missing-kind"])


def test_a_document_with_an_id_is_inventory(tree: Tree, cli: Cli) -> None:
    """A data center file that lost its header is a broken inventory file, not a foreign one."""
    root = tree({"fleet.yaml": FLEET, "r.yaml": "id: r1\navailability: general\ncountry: US\n"})
    rc, out, _ = cli("validate", root, "--format", "json")
    assert (rc, _codes(out)) == (1, ["missing-api-version", "missing-kind"])


def test_root_found_by_the_fleet_from_a_sub_folder(tree: Tree, cli: Cli, monkeypatch: MonkeyPatch) -> None:
    root = tree(
        {"fleet.yaml": FLEET, "regions/us.yaml": REGION.format(id="r1"), "regions/deep/eu.yaml": REGION.format(id="r2")}
    )
    monkeypatch.chdir(root / "regions" / "deep")
    rc, out, _err = cli("validate", "--format", "json")
    assert (rc, _codes(out)) == (0, [])
    assert json.loads(out)["checked"]["entities"] == {"Fleet": 1, "Region": 2}
    assert find_root(root / "regions") is not None
    assert cli("reconcile", "--format", "json")[0] == 0
    assert cli("rollup", "--format", "json")[0] == 0


def test_diff_from_a_sub_folder_reads_the_whole_inventory(
    git_repo: GitRepo, cli: Cli, monkeypatch: MonkeyPatch
) -> None:
    git_repo.commit("one", {"inv/fleet.yaml": FLEET, "inv/regions/us.yaml": REGION.format(id="r1")})
    git_repo.commit("two", {"inv/regions/eu.yaml": REGION.format(id="r2")})
    monkeypatch.chdir(git_repo.path / "inv" / "regions")
    rc, out, err = cli("diff", "HEAD~1", "HEAD", "--format", "json")
    assert rc == 0, err
    payload = json.loads(out)
    assert "missing-fleet" not in out
    assert [(c["change"], c["kind"], c["id"]) for c in payload["changes"]] == [("added", "Region", "r2")]


def test_diff_applies_excludes_to_both_sides(git_repo: GitRepo, cli: Cli) -> None:
    git_repo.commit("one", {"fleet.yaml": FLEET, "gpufleet.toml": 'exclude = ["drafts"]\n'})
    git_repo.commit("two", {"drafts/r.yaml": REGION.format(id="r9"), "r.yaml": REGION.format(id="r1")})
    rc, out, _ = cli("diff", "HEAD~1", "HEAD", "--format", "json")
    assert rc == 0
    assert [c["id"] for c in json.loads(out)["changes"]] == ["r1"]
