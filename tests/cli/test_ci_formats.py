"""validate's CI formats: SARIF against the official 2.1.0 schema and as GitHub code scanning
reads it, JUnit through a JUnit parser, GitLab Code Quality against its documented shape; the
github format chosen by itself under Actions, the job summary, and JSON when the run cannot start."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml

from inventory.base.diagnostics import CODES
from tests.conftest import DATA, Cli, GitRepo

SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
BROKEN = DATA / "invalid" / "references"
VALID = DATA / "valid" / "minimal"

GITLAB_CODE_QUALITY = {
    # GitLab's documented Code Quality report: an array of issues with these fields.
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^(/|\\./|\\.\\./)"}},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


@pytest.fixture
def broken_repo(git_repo: GitRepo) -> GitRepo:
    """A repository with the broken inventory in ``fleet/``, and the current directory a sub-folder of it."""
    shutil.copytree(BROKEN, git_repo.path / "fleet")
    (git_repo.path / "fleet" / "expected_diagnostics.yaml").unlink()
    git_repo.commit("fleet")
    return git_repo


def test_sarif_validates_against_the_official_schema(broken_repo: GitRepo, cli: Cli) -> None:
    rc, out, _ = cli("validate", "fleet", "--format", "sarif")
    assert rc == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_is_what_code_scanning_uploads(broken_repo: GitRepo, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules with help from the code table, results with fingerprints, uris from the repository root."""
    monkeypatch.chdir(broken_repo.path / "fleet")
    rc, out, _ = cli("validate", ".", "--format", "sarif")
    assert rc == 1
    (run,) = json.loads(out)["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "gpufleet"
    assert [r["id"] for r in rules] == sorted(CODES)
    assert all(r["help"]["text"] == f"{r['id']}: {CODES[r['id']]}" for r in rules)
    assert run["invocations"] == [{"executionSuccessful": True}]
    results = run["results"]
    assert len(results) == 7
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("fleet/")
        assert (broken_repo.path / uri).is_file()
        assert location["physicalLocation"]["region"]["startLine"] >= 1
        assert set(result["partialFingerprints"]) == {"gpufleet/v1"}
    assert len({r["partialFingerprints"]["gpufleet/v1"] for r in results}) == len(results)


def test_fingerprints_survive_a_line_added_above(broken_repo: GitRepo, cli: Cli) -> None:
    _, before, _ = cli("validate", "fleet", "--format", "gitlab")
    site = broken_repo.path / "fleet" / "site.yaml"
    site.write_text("# a comment moves every line down\n" + site.read_text(encoding="utf-8"), encoding="utf-8")
    _, after, _ = cli("validate", "fleet", "--format", "gitlab")
    old, new = json.loads(before), json.loads(after)
    assert sorted(i["fingerprint"] for i in old) == sorted(i["fingerprint"] for i in new)
    moved = [i for i in new if i["location"]["path"] == "fleet/site.yaml"]
    assert moved
    assert all(i["location"]["lines"]["begin"] > 1 for i in moved)
    assert [i["location"]["lines"] for i in old] != [i["location"]["lines"] for i in new]


def test_gitlab_code_quality_shape(broken_repo: GitRepo, cli: Cli) -> None:
    rc, out, _ = cli("validate", "fleet", "--format", "gitlab")
    assert rc == 1
    issues = json.loads(out)
    jsonschema.validate(issues, GITLAB_CODE_QUALITY)
    assert len(issues) == 7
    assert {i["severity"] for i in issues} == {"major"}
    assert len({i["fingerprint"] for i in issues}) == 7


def test_junit_parses_with_a_junit_library(broken_repo: GitRepo, cli: Cli, tmp_path: Path) -> None:
    rc, out, _ = cli("validate", "fleet", "--format", "junit")
    assert rc == 1
    report = tmp_path / "report.xml"
    report.write_text(out, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    (suite,) = list(xml)
    cases = list(suite)
    assert (suite.tests, suite.failures, suite.errors) == (8, 8, 0)
    assert cases[0].name == "the inventory validates"
    failed = [c for c in cases[1:] if any(isinstance(r, Failure) for r in c.result)]
    assert len(failed) == 7
    assert all(c.classname.startswith("fleet/") for c in failed)
    assert {r.type for c in failed for r in c.result} <= set(CODES)


def test_junit_of_a_valid_inventory_passes(tmp_path: Path, cli: Cli) -> None:
    rc, out, _ = cli("validate", VALID, "--format", "junit")
    assert rc == 0
    report = tmp_path / "report.xml"
    report.write_text(out, encoding="utf-8")
    (suite,) = list(JUnitXml.fromfile(str(report)))
    assert (suite.tests, suite.failures, suite.errors) == (1, 0, 0)
    assert next(iter(suite)).is_passed


def test_junit_escapes_what_xml_cannot_hold(tmp_path: Path, cli: Cli) -> None:
    """A control character in the data is shown escaped; the XML still parses."""
    (tmp_path / "x.yaml").write_text(
        'apiVersion: gpufleet/v1\nkind: Fleet\nid: "a\\u001b[31m<b>&"\nname: n\nas_of: 2025-01-01\n', encoding="utf-8"
    )
    rc, out, _ = cli("validate", tmp_path / "x.yaml", "--format", "junit")
    assert rc == 1
    assert "\x1b" not in out
    report = tmp_path / "report.xml"
    report.write_text(out, encoding="utf-8")
    assert JUnitXml.fromfile(str(report)).failures >= 1


def test_github_format_under_actions(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    rc, out, _ = cli("validate", BROKEN)
    assert rc == 1
    assert out.startswith("::error file=")
    rc, out, _ = cli("validate", BROKEN, "--format", "text")  # an explicit format wins
    assert not out.startswith("::")


def test_step_summary_is_appended(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    cli("validate", BROKEN)
    cli("validate", VALID)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### gpufleet validate: the inventory does not validate\n")
    assert "| ✖ error | `unknown-source` |" in text
    assert text.endswith(
        "### gpufleet validate: the inventory validates\n\nChecked 1 file (1 Fleet): 0 errors, 0 warnings.\n\n"
    )


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_run_that_cannot_start_still_prints_its_format(fmt: str, tmp_path: Path, cli: Cli) -> None:
    rc, out, err = cli("validate", tmp_path / "missing", "--format", fmt)
    assert rc == 2
    assert "no such file or directory" in err
    document = json.loads(out)
    if fmt == "json":
        assert document["status"] == "error"
        assert "no such file or directory" in document["error"]
    else:
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
        (invocation,) = document["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
        assert "no such file" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_an_unreadable_file_is_status_error(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "fleet.yaml").write_text(VALID.joinpath("fleet.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "fifo")
    import os

    os.mkfifo(tmp_path / "fifo")
    rc, out, _ = cli("validate", tmp_path, "--format", "json")
    assert rc == 2
    assert json.loads(out)["status"] == "error"


@pytest.mark.parametrize("verb", ["rollup", "reconcile"])
def test_other_verbs_json_on_exit_2(verb: str, tmp_path: Path, cli: Cli) -> None:
    rc, out, _ = cli(verb, tmp_path / "missing", "--format", "json")
    assert rc == 2
    assert json.loads(out)["status"] == "error"


def test_diff_json_on_exit_2(git_repo: GitRepo, cli: Cli) -> None:
    git_repo.commit("one", {"fleet.yaml": VALID.joinpath("fleet.yaml").read_text(encoding="utf-8")})
    rc, out, err = cli("diff", "no-such-revision", "--format", "json")
    assert rc == 2
    document = json.loads(out)
    assert document["status"] == "error"
    assert "no-such-revision" in document["error"]
    assert "no-such-revision" in err


def test_a_refused_command_line_still_prints_json(cli: Cli) -> None:
    rc, out, err = cli("validate", "--format", "json", "--strikt")
    assert rc == 2
    assert "unrecognized arguments: --strikt (did you mean '--strict'?)" in err
    assert json.loads(out) == {
        "version": 1,
        "status": "error",
        "error": "the command line was refused (the reason is on stderr)",
    }
    assert cli("validate", "--strikt")[1] == ""
