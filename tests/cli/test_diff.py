"""``gpufleet diff`` end to end on real git repositories: revisions, directories, the working tree,
the parse cache and bad input (the seed inventory and the README's examples: test_diff_readme.py).

Each test checks the exit code, stdout and stderr together. The inventories are those of
tests/unit/test_diff.py (BASE: one 100 MW site with 10,000 GB200 and a Report that matches it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from inventory.check.parsed import ParsedFile
from inventory.engine import loader as engine_loader
from tests.conftest import ROOT, Cli, GitRepo
from tests.unit.test_diff import BASE, HILLSBORO

GOLDEN = ROOT / "tests" / "data" / "diff" / "cli"


def under(prefix: str, files: Mapping[str, str]) -> dict[str, str]:
    return {f"{prefix}/{name}": text for name, text in files.items()}


def bigger_ashburn() -> str:
    return BASE["sites/ashburn.yaml"].replace("capacity: 100 MW", "capacity: 120 MW")


@pytest.fixture
def history(git_repo: GitRepo) -> tuple[GitRepo, str, str]:
    """Two commits of inv/: BASE, then Ashburn at 120 MW and a new site Hillsboro."""
    first = git_repo.commit("base", under("inv", BASE))
    second = git_repo.commit(
        "grow", {"inv/sites/ashburn.yaml": bigger_ashburn(), "inv/sites/hillsboro.yaml": HILLSBORO}
    )
    return git_repo, first, second


EXPECTED_GROW = (GOLDEN / "grow.txt").read_text(encoding="utf-8")
"""By hand: Ashburn +20 MW and Hillsboro's 50 MW: +70 MW active and contracted; 4,000 H200 at 1.25 kW: +5 MW draw."""


# -- what can be compared ------------------------------------------------------------------------


def test_two_revisions(history: tuple[GitRepo, str, str], cli: Cli) -> None:
    """HEAD~1 against HEAD, the inventory's folder after --: the fleet's changes, not the YAML's."""
    got = cli("diff", "HEAD~1", "HEAD", "--", "inv")
    if __import__("os").environ.get("GPUFLEET_UPDATE_GOLDENS") == "1":
        (GOLDEN / "grow.txt").write_text(got[1], encoding="utf-8")
    assert got == (0, EXPECTED_GROW, "")


def test_exit_code_like_git_diff(history: tuple[GitRepo, str, str], cli: Cli) -> None:
    """--exit-code: 1 when the fleet differs, 0 when it does not."""
    assert cli("diff", "--exit-code", "HEAD~1", "HEAD", "--", "inv")[0] == 1
    unchanged = "No changes to the fleet. NEW does not validate: 3 errors, 3 failing checks.\n"
    assert cli("diff", "--exit-code", "HEAD", "HEAD", "--", "inv") == (0, unchanged, "")


def test_branch_tag_and_sha(history: tuple[GitRepo, str, str], cli: Cli) -> None:
    """Branches, tags and shas name revisions; PATH may be the third operand."""
    repo, first, second = history
    repo.git("tag", "v1", first)
    repo.git("branch", "feature", second)
    for old, new in (("v1", "feature"), (first, "main"), (first[:8], second)):
        assert cli("diff", old, new, "inv") == (0, EXPECTED_GROW, ""), (old, new)


def test_revision_against_the_working_tree(history: tuple[GitRepo, str, str], cli: Cli) -> None:
    """With one revision, NEW is the working tree: uncommitted edits show; committed ones are the base."""
    repo, _, _ = history
    (repo.path / "inv" / "sites" / "hillsboro.yaml").unlink()
    expected = EXPECTED_GROW.splitlines(keepends=True)[3]  # the "+ data center hillsboro" line, now "-"
    expected = "-" + expected[1:]
    rc, out, err = cli("diff", "HEAD", "--", "inv")
    assert (rc, out.splitlines()[0] + "\n", err) == (0, expected, "")
    # The same from inside the inventory's folder, and with the folder as a second operand.
    assert cli("diff", "HEAD", "inv") == (rc, out, err)
    sub = repo.path / "inv"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(sub)
        assert cli("diff", "HEAD") == (rc, out, err)


def test_two_directories(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two folders outside any repository compare the same way, without git."""
    from tests.conftest import write_tree

    write_tree(tmp_path / "old", BASE)
    write_tree(tmp_path / "new", {**BASE, "sites/ashburn.yaml": bigger_ashburn(), "sites/hillsboro.yaml": HILLSBORO})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/nonexistent")  # no git needed, nor looked for
    assert cli("diff", "old", "new") == (0, EXPECTED_GROW, "")


def test_revision_without_git(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A revision needs git; its absence is said plainly."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    message = "gpufleet: error: git is not installed (or not on PATH); it is needed to read a revision\n"
    assert cli("diff", "HEAD~1") == (2, "", message)


def test_options_between_operands(history: tuple[GitRepo, str, str], cli: Cli) -> None:
    """Options may come before, between or after the operands (but not after --)."""
    rc, out, err = cli("diff", "HEAD~1", "--format", "json", "HEAD", "--exit-code", "--", "inv")
    assert (rc, out.startswith('{\n  "version": 1,'), err) == (1, True, "")
    rc, out, err = cli("diff", "HEAD~1", "HEAD", "--", "inv", "--format", "json")
    assert (rc, out) == (2, "")
    assert err == "gpufleet: error: one PATH after --, got 3: inv --format json (options go before --)\n"


def test_help(cli: Cli) -> None:
    rc, out, err = cli("diff", "--help")
    assert (rc, err) == (0, "")
    assert out.startswith("usage: gpufleet diff [options] OLD [NEW] [[--] PATH]\n")
    assert "--exit-code" in out


# -- the parse cache -----------------------------------------------------------------------------


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call of the loader's parse_file, by file name."""
    calls: list[str] = []
    real = engine_loader.parse_file

    def counting(file: str, data: bytes, prepared: bytes | None = None, key: str | None = None) -> ParsedFile:
        calls.append(file)
        return real(file, data, prepared, key)

    monkeypatch.setattr(engine_loader, "parse_file", counting)
    return calls


def test_unchanged_blobs_are_parsed_once(history: tuple[GitRepo, str, str], cli: Cli, parses: list[str]) -> None:
    """Six files on the old side, seven on the new, one changed: 6 + 2 parses, not 13."""
    assert cli("diff", "HEAD~1", "HEAD", "--", "inv")[0] == 0
    assert sorted(parses) == sorted([*BASE, "sites/ashburn.yaml", "sites/hillsboro.yaml"])


def test_working_tree_files_share_parses_with_blobs(
    history: tuple[GitRepo, str, str], cli: Cli, parses: list[str]
) -> None:
    """A file on disk whose bytes equal the revision's blob is not parsed again."""
    repo, _, _ = history
    (repo.path / "inv" / "fleet.yaml").write_text(BASE["fleet.yaml"] + "# edited\n", encoding="utf-8")
    assert cli("diff", "HEAD", "--", "inv")[0] == 0
    assert sorted(parses) == sorted([*BASE, "sites/hillsboro.yaml", "fleet.yaml"])


def test_an_empty_file_shared_with_the_working_tree(git_repo: GitRepo, cli: Cli) -> None:
    """An empty file on disk equal to its (empty) blob is read once, like any other."""
    git_repo.commit("base", {**under("inv", BASE), "inv/empty.yaml": ""})
    rc, out, err = cli("diff", "HEAD", "--", "inv")
    assert (rc, out) == (0, "No changes to the fleet. NEW does not validate: 1 error.\n")
    assert "error[empty-file]" in err


# -- formats through the CLI ---------------------------------------------------------------------


def normalized(out: str, *commits: str) -> str:
    for i, commit in enumerate(commits):
        out = out.replace(commit, f"<commit-{i}>").replace(commit[:12], f"<short-{i}>")
    return out


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_formats_name_the_revisions(history: tuple[GitRepo, str, str], cli: Cli, fmt: str) -> None:
    """Markdown and JSON say which revisions were compared (commit ids replaced by placeholders here)."""
    _, first, second = history
    rc, out, err = cli("diff", "main~1", "main", "--format", fmt, "--", "inv")
    path = GOLDEN / f"grow.{'md' if fmt == 'markdown' else 'json'}"
    got = normalized(out, first, second)
    if __import__("os").environ.get("GPUFLEET_UPDATE_GOLDENS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert (rc, got, err) == (0, path.read_text(encoding="utf-8"), "")


def test_colour_only_when_asked(history: tuple[GitRepo, str, str], cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """--color always paints the symbols; piped output (auto) and NO_COLOR do not."""
    out = cli("diff", "HEAD~1", "HEAD", "--color", "always", "--", "inv")[1]
    assert "\x1b[32m+\x1b[0m data center hillsboro" in out
    assert "\x1b[" not in cli("diff", "HEAD~1", "HEAD", "--", "inv")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("diff", "HEAD~1", "HEAD", "--color", "auto", "--", "inv")[1]


def test_moves_shown_only_with_verbose(git_repo: GitRepo, cli: Cli) -> None:
    """A site moved to another file is no change of the fleet; --verbose lists it."""
    git_repo.commit("base", under("inv", BASE))
    git_repo.git("mv", "inv/sites/ashburn.yaml", "inv/ashburn.yaml")
    git_repo.commit("move")
    unchanged = "No changes to the fleet. NEW validates.\n"
    assert cli("diff", "--exit-code", "HEAD~1", "HEAD", "--", "inv") == (0, unchanged, "")
    expected = "> data center ashburn  moved sites/ashburn.yaml → ashburn.yaml\n\n1 moved · NEW validates\n"
    assert cli("diff", "-v", "HEAD~1", "HEAD", "--", "inv") == (0, expected, "")


# -- bad input -----------------------------------------------------------------------------------


def test_unknown_revision(history: tuple[GitRepo, str, str], cli: Cli) -> None:
    repo, _, _ = history
    where = repo.path.resolve()
    message = f"gpufleet: error: nope: no such directory, and no branch, tag or commit of that name in {where}\n"
    assert cli("diff", "nope", "--", "inv") == (2, "", message)


def test_second_operand_neither_directory_nor_revision(history: tuple[GitRepo, str, str], cli: Cli) -> None:
    """A PATH missing from the working tree must come after --, as with git."""
    message = (
        "gpufleet: error: gone: not a directory, nor a git revision; to read a PATH that is not in the "
        "working tree, write `gpufleet diff HEAD -- gone`\n"
    )
    assert cli("diff", "HEAD", "gone") == (2, "", message)


def test_path_missing_on_one_side(git_repo: GitRepo, cli: Cli) -> None:
    """The folder did not exist in OLD: an empty side, said on stderr; every entity is added."""
    git_repo.commit("readme", {"README.md": "nothing yet\n"})
    git_repo.commit("inventory", under("inv", BASE))
    rc, out, err = cli("diff", "HEAD~1", "HEAD", "--", "inv")
    assert (
        err == "gpufleet: note: OLD (HEAD~1:inv): the inventory folder does not exist there; "
        "compared as an empty inventory\n"
    )
    assert rc == 0
    summary = (
        "8 added · data centers +1 · active +100 MW · contracted +100 MW · GB200 +10,000 · checks: 3 new"
        " · NEW validates"
    )
    assert out.startswith("+ fleet acme: Acme Cloud · as of 2025-06-30\n+ region US-EAST-01: general · Virginia, US\n")
    assert out.endswith(f"\n{summary}\n")


def test_path_missing_on_both_sides(git_repo: GitRepo, cli: Cli) -> None:
    git_repo.commit("one", under("inv", BASE))
    git_repo.commit("two", {"inv/x.txt": "x\n"})
    message = "gpufleet: error: no YAML files (*.yaml, *.yml) in HEAD~1:elsewhere nor in HEAD:elsewhere\n"
    assert cli("diff", "HEAD~1", "HEAD", "--", "elsewhere")[::2] == (2, message)


def test_side_that_does_not_validate(git_repo: GitRepo, cli: Cli) -> None:
    """A broken file on one side: its errors on stderr, located in the revision; the rest is diffed."""
    git_repo.commit("one", under("inv", BASE))
    broken = BASE["sites/ashburn.yaml"].replace("power:\n", "power: [\n")
    git_repo.commit("two", {"inv/sites/ashburn.yaml": broken})
    rc, out, err = cli("diff", "HEAD~1", "HEAD", "--", "inv")
    assert rc == 0
    assert err.startswith("gpufleet: NEW (HEAD:inv) does not validate (1 error); the diff covers what could be read:\n")
    assert re.search(r"^HEAD:inv/sites/ashburn\.yaml:\d+:\d+: error\[yaml-syntax\] ", err, re.M), err
    assert out.startswith("- data center ashburn: Ashburn · region US-EAST-01 · 100 MW in 1 power allocation")


def test_directory_side_errors_are_located_in_it(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory side's errors name its files as the user reaches them from the current directory."""
    from tests.conftest import write_tree

    write_tree(tmp_path / "old", BASE)
    write_tree(
        tmp_path / "new", {**BASE, "sites/ashburn.yaml": BASE["sites/ashburn.yaml"].replace("q2-release]", "q2]")}
    )
    monkeypatch.chdir(tmp_path)
    rc, out, err = cli("diff", "old", "new")
    assert rc == 0
    assert err.splitlines() == [
        "gpufleet: NEW (new) does not validate (1 error); the diff covers what could be read:",
        "new/sites/ashburn.yaml:6:11: error[unknown-source] unknown source 'q2'",
        "gpufleet: note: reconciliation skipped, as in validate: a side has errors",
    ]
    assert out.endswith("\n1 changed · checks: 1 newly failing · NEW does not validate: 1 error\n")


def test_links_in_a_revision_are_skipped_with_a_note(git_repo: GitRepo, cli: Cli) -> None:
    """A symbolic link committed in the inventory is not followed in a revision, and the user is told."""
    git_repo.commit("base", under("inv", BASE))
    (git_repo.path / "inv" / "again.yaml").symlink_to("fleet.yaml")
    git_repo.commit("link")
    rc, out, err = cli("diff", "HEAD~1", "HEAD", "--", "inv")
    note = "gpufleet: note: HEAD:inv/again.yaml: a symbolic link; links are not followed in a revision, skipped\n"
    assert (rc, out, err) == (0, "No changes to the fleet. NEW validates.\n", note)


def test_bad_as_of(cli: Cli) -> None:
    rc, out, err = cli("diff", "--as-of", "2025-13", "HEAD")
    assert (rc, out) == (2, "")
    assert "argument --as-of: '2025-13' is not a real date" in err


def test_not_a_git_repository(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    message = (
        f"gpufleet: error: HEAD~1: no such directory, and not a git revision ({tmp_path} is not in a git repository)\n"
    )
    assert cli("diff", "HEAD~1") == (2, "", message)


def test_shallow_clone_missing_the_revision(
    history: tuple[GitRepo, str, str], tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _, _ = history
    clone = tmp_path / "clone"
    repo.git("clone", "--quiet", "--depth=1", f"file://{repo.path}", str(clone))
    monkeypatch.chdir(clone)
    rc, out, err = cli("diff", "HEAD~1", "--", "inv")
    assert (rc, out) == (2, "")
    assert "HEAD~1: no such directory, and no branch, tag or commit of that name" in err
    assert "this is a shallow clone" in err
    assert "git fetch --unshallow" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("diff", "--output=evil.txt", "HEAD"),
        ("diff", "HEAD", "--output=evil.txt"),
        ("diff", "HEAD~1", "HEAD", "--output=evil.txt", "--", "inv"),
        ("diff", "-x", "HEAD"),
    ],
)
def test_revision_that_looks_like_an_option(history: tuple[GitRepo, str, str], cli: Cli, argv: tuple[str, ...]) -> None:
    """An option-like argument is refused before git runs: exit 2, nothing written."""
    repo, _, _ = history
    rc, out, err = cli(*argv)
    assert (rc, out) == (2, "")
    assert "unrecognized arguments" in err or "looks like an option" in err
    assert not (repo.path / "evil.txt").exists()


def test_directory_named_like_a_revision(history: tuple[GitRepo, str, str], cli: Cli) -> None:
    repo, _, _ = history
    (repo.path / "main").mkdir()
    message = (
        "gpufleet: error: 'main' is both a directory and a git revision: write ./main for the directory "
        "or main^{commit} for the revision\n"
    )
    assert cli("diff", "main", "HEAD~1", "--", "inv") == (2, "", message)
    assert cli("diff", "HEAD~1", "main^{commit}", "--", "inv") == (0, EXPECTED_GROW, "")


def test_one_directory_alone(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "old").mkdir()
    monkeypatch.chdir(tmp_path)
    message = "gpufleet: error: old is a directory: give a second directory or revision to compare it with\n"
    assert cli("diff", "old") == (2, "", message)


def test_no_operand(cli: Cli) -> None:
    assert cli("diff") == (
        2,
        "",
        "gpufleet: error: diff needs OLD (a directory or a git revision), and optionally NEW and PATH\n",
    )
