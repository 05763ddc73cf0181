"""inventory.read.git reads revisions from real repositories, refuses option-like revisions, and keeps
the caller's git environment out."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from inventory.base.errors import UsageError
from inventory.read import git
from tests.conftest import GitRepo


def test_find_repository_outside_a_repository(tmp_path: Path) -> None:
    """A folder outside any repository gives None (not an error)."""
    assert git.find_repository(tmp_path) is None


def test_find_repository_from_a_subfolder(git_repo: GitRepo) -> None:
    """The top is found from a folder inside the working tree; a fresh clone is not shallow."""
    git_repo.commit("one", {"inv/a.yaml": "a: 1\n"})
    repo = git.find_repository(git_repo.path / "inv")
    assert repo == git.Repository(git_repo.path.resolve(), shallow=False, object_format="sha1")


def test_caller_git_variables_do_not_leak(git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIT_DIR and GIT_WORK_TREE of the caller (a hook, a script) do not redirect gpufleet's git."""
    first = git_repo.commit("one", {"a.yaml": "a: 1\n"})
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere" / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path / "elsewhere"))
    env = git.git_env()
    assert "GIT_DIR" not in env
    assert "GIT_WORK_TREE" not in env
    assert (env["GIT_PAGER"], env["LC_ALL"], env["GIT_TERMINAL_PROMPT"]) == ("cat", "C", "0")
    repo = git.find_repository(git_repo.path)
    assert repo is not None
    assert git.resolve_commit(repo, "HEAD") == first


def test_resolve_branch_tag_ancestor_and_sha(git_repo: GitRepo) -> None:
    """Branches, tags, HEAD~1 and (short) shas resolve to the full commit id."""
    first = git_repo.commit("one", {"a.yaml": "a: 1\n"})
    git_repo.git("tag", "v1")
    git_repo.git("branch", "old")
    second = git_repo.commit("two", {"a.yaml": "a: 2\n"})
    repo = git.find_repository(git_repo.path)
    assert repo is not None
    assert [git.resolve_commit(repo, r) for r in ("HEAD", "main", "HEAD~1", "v1", "old", first[:10])] == [
        second,
        second,
        first,
        first,
        first,
        first,
    ]


def test_unknown_revision(git_repo: GitRepo) -> None:
    git_repo.commit("one", {"a.yaml": "a: 1\n"})
    repo = git.find_repository(git_repo.path)
    assert repo is not None
    with pytest.raises(
        git.GitError, match=r"unknown revision 'nope': no branch, tag or commit of that name in .*repo$"
    ):
        git.resolve_commit(repo, "nope")


@pytest.mark.parametrize("revision", ["--output=evil.txt", "-x", "--all", "-", ""])
def test_option_like_revision_is_refused(git_repo: GitRepo, revision: str) -> None:
    """A revision that git could read as an option never reaches git; no file gets written."""
    git_repo.commit("one", {"a.yaml": "a: 1\n"})
    repo = git.find_repository(git_repo.path)
    assert repo is not None
    with pytest.raises(UsageError):
        git.try_resolve_commit(repo, revision)
    assert not (git_repo.path / "evil.txt").exists()


def test_end_of_options_guards_git_too(git_repo: GitRepo) -> None:
    """Even past our own check, rev-parse --end-of-options reads the argument as a revision."""
    git_repo.commit("one", {"a.yaml": "a: 1\n"})
    repo = git.find_repository(git_repo.path)
    assert repo is not None
    done = git.run_git(["rev-parse", "--verify", "--quiet", "--end-of-options", "--output=evil.txt"], repo.top)
    assert done.returncode != 0
    assert not (git_repo.path / "evil.txt").exists()


def test_list_tree_under_a_prefix(git_repo: GitRepo) -> None:
    """Files below the prefix, relative to it, with their blob ids; a missing prefix is None."""
    commit = git_repo.commit("one", {"inv/fleet.yaml": "f: 1\n", "inv/sites/a b.yaml": "a: 1\n", "other.yaml": "o\n"})
    repo = git.find_repository(git_repo.path)
    assert repo is not None
    entries = git.list_tree(repo, commit, "inv")
    assert entries is not None
    assert [(e.path, e.mode) for e in entries] == [("fleet.yaml", "100644"), ("sites/a b.yaml", "100644")]
    assert entries[0].oid == git.blob_id(b"f: 1\n")
    assert git.list_tree(repo, commit, "missing") is None
    assert [e.path for e in git.list_tree(repo, commit, "") or []] == [
        "inv/fleet.yaml",
        "inv/sites/a b.yaml",
        "other.yaml",
    ]


def test_list_tree_of_a_file_prefix(git_repo: GitRepo) -> None:
    commit = git_repo.commit("one", {"inv.yaml": "f: 1\n"})
    repo = git.find_repository(git_repo.path)
    assert repo is not None
    with pytest.raises(git.GitError, match=r"inv.yaml is a blob in [0-9a-f]{12}, not a folder"):
        git.list_tree(repo, commit, "inv.yaml")


def test_read_blobs_in_one_batch(git_repo: GitRepo) -> None:
    """Each blob's exact bytes (binary, empty and multi-line alike)."""
    data = {"a.yaml": b"a: 1\n", "b.yaml": b"", "c.yaml": b"x\r\n\x00\xff\n"}
    commit = git_repo.commit("one", data)
    repo = git.find_repository(git_repo.path)
    assert repo is not None
    entries = {e.path: e.oid for e in git.list_tree(repo, commit, "") or []}
    blobs = git.read_blobs(repo, entries.values())
    assert {path: blobs[oid] for path, oid in entries.items()} == data


def test_blob_id_is_gits() -> None:
    """blob_id hashes bytes the way `git hash-object` does, for both object formats."""
    data = b"apiVersion: gpufleet/v1\n"
    out = subprocess.run(["git", "hash-object", "--stdin"], input=data, capture_output=True, check=True).stdout
    assert git.blob_id(data) == out.decode().strip()
    assert git.blob_id(data, "sha256") == hashlib.sha256(b"blob 24\0" + data).hexdigest()


def test_shallow_clone_missing_the_revision(git_repo: GitRepo, tmp_path: Path) -> None:
    """In a shallow clone, an unknown revision's message says why and how to fetch it."""
    git_repo.commit("one", {"a.yaml": "a: 1\n"})
    git_repo.commit("two", {"a.yaml": "a: 2\n"})
    clone = tmp_path / "clone"
    git_repo.git("clone", "--quiet", "--depth=1", f"file://{git_repo.path}", str(clone))
    repo = git.find_repository(clone)
    assert repo is not None
    assert repo.shallow
    with pytest.raises(git.GitError, match=r"this is a shallow clone.*git fetch --unshallow"):
        git.resolve_commit(repo, "HEAD~1")


def test_git_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without git on PATH the error says so instead of a traceback."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(git.GitError, match="git is not installed"):
        git.find_repository(tmp_path)


def test_refused_repository_is_an_error_not_none(
    git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When git refuses to read a repository (here: a broken config), its reason is reported, not 'no repository'."""
    broken = tmp_path / "broken-gitconfig"
    broken.write_text("[core\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(broken))
    with pytest.raises(git.GitError, match=r"git cannot read the repository at .*: bad config line 1"):
        git.find_repository(git_repo.path)
