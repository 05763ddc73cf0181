"""Shared fixtures: a tree writer, an in-process CLI runner, the data folders, and throwaway git repositories.

Keep this small and generic; fixtures that serve one area belong in that area's conftest.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from inventory.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
"""The repository root."""
DATA = ROOT / "tests" / "data"

Tree = Callable[[Mapping[str, str | bytes]], Path]
Cli = Callable[..., tuple[int, str, str]]


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (folders made as needed)."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outputs must not depend on the CI the tests run in (GITHUB_WORKSPACE relocates annotations,
    GITHUB_ACTIONS picks the github format, NO_COLOR and FORCE_COLOR change colour); tests that
    want them set them."""
    variables = ("GITHUB_WORKSPACE", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY")
    for name in (*variables, "NO_COLOR", "FORCE_COLOR", "GPUFLEET_CACHE_DIR", "GPUFLEET_CACHE_MAX_MB"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test writes a cache into the repository or reads the user's: the cache is off, and its
    secret would live in a throwaway folder; the cache's own tests turn it on (``cached`` fixture)."""
    monkeypatch.setenv("GPUFLEET_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    """``tree({"fleet.yaml": "..."})`` writes files under a fresh folder and returns it."""
    return lambda files: write_tree(tmp_path / "inventory", files)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli("validate", path)`` runs ``gpufleet`` in-process and returns (exit code, stdout, stderr)."""

    def run(*argv: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before
        rc = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


@pytest.fixture
def data_dir(request: pytest.FixtureRequest) -> Path:
    """``tests/data/<test module name without test_>/``: the data one test module reads."""
    name = str(request.module.__name__).rsplit(".", 1)[-1].removeprefix("test_")
    return DATA / name


class GitRepo:
    """A throwaway git repository: write files, commit them, branch, tag (the diff tests' fixture)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str) -> str:
        """Run git in the repository and return its stdout (a failure fails the test)."""
        done = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout

    def write(self, files: Mapping[str, str | bytes]) -> None:
        write_tree(self.path, files)

    def remove(self, *names: str) -> None:
        for name in names:
            (self.path / name).unlink()

    def commit(self, message: str, files: Mapping[str, str | bytes] | None = None, remove: tuple[str, ...] = ()) -> str:
        """Write ``files``, delete ``remove``, commit everything; returns the new commit's id."""
        self.write(files or {})
        self.remove(*remove)
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty repository (branch main) in ``tmp_path/repo``, made the current directory.

    Author, committer and dates are fixed through the environment, and the user's git config is
    kept out, so commit ids are the same on every machine.
    """
    for name in [n for n in os.environ if n.startswith("GIT_")]:
        monkeypatch.delenv(name)
    empty_config = tmp_path / "gitconfig"
    empty_config.write_text("", encoding="utf-8")
    for name, value in {
        "GIT_AUTHOR_NAME": "Fleet Tester",
        "GIT_AUTHOR_EMAIL": "tester@example.com",
        "GIT_AUTHOR_DATE": "2025-01-01T00:00:00+00:00",
        "GIT_COMMITTER_NAME": "Fleet Tester",
        "GIT_COMMITTER_EMAIL": "tester@example.com",
        "GIT_COMMITTER_DATE": "2025-01-01T00:00:00+00:00",
        "GIT_CONFIG_GLOBAL": str(empty_config),
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "repo"
    path.mkdir()
    repo = GitRepo(path)
    repo.git("init", "--quiet", "--initial-branch=main")
    monkeypatch.chdir(path)
    return repo
