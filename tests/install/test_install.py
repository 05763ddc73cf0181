"""The install story, end to end (slow: ``pytest -m slow``, run by .ci/run): build the wheel,
install it into a fresh venv outside the repository with the GitHub Action's own install step,
and from an unrelated folder validate, check the packaged schemas, export them for an editor,
and run the pre-commit hook with the real pre-commit (``pre-commit try-repo``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.slow

FLEET = (DATA / "valid" / "minimal" / "fleet.yaml").read_text(encoding="utf-8")
REGION = "apiVersion: gpufleet/v1\nkind: Region\nid: r1\navailability: general\ncountry: US\n"
BROKEN = "apiVersion: gpufleet/v1\nkind: Region\nid: r2\ncountry: US\n"


def run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "VIRTUAL_ENV", "PYTHON", "GITHUB_"))}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env={**clean, **(env or {})}, capture_output=True, text=True, check=False
    )


@dataclass
class Installed:
    venv: Path
    wheel: Path
    home: Path

    def gpufleet(self, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        return run([self.venv / "bin" / "gpufleet", *args], cwd)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    home = tmp_path_factory.mktemp("install")
    dist = home / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, ROOT], home)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("gpufleet-*.whl")
    venv = home / "venv"
    made = run([sys.executable, "-m", "venv", venv], home)
    assert made.returncode == 0, made.stderr
    # The action's install step, with the fresh venv first on PATH (as setup-python puts its python).
    step = run(
        ["bash", ROOT / ".github" / "action" / "install.sh"],
        home,
        {"PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "GPUFLEET_REQUIREMENT": str(wheel)},
    )
    assert step.returncode == 0, step.stderr
    assert step.stdout.startswith("gpufleet ")
    return Installed(venv, wheel, home)


def test_the_wheel_carries_schemas_licence_and_typing(installed: Installed) -> None:
    site = next((installed.venv / "lib").glob("python3*/site-packages"))
    assert sorted(p.name for p in (site / "inventory" / "schemas").iterdir()) == sorted(
        p.name for p in (ROOT / "schemas").glob("*.json")
    )
    assert (site / "inventory" / "py.typed").is_file()
    assert (site / "tui" / "py.typed").is_file()
    licences = list(site.glob("gpufleet-*.dist-info/licenses/LICENSE"))
    assert len(licences) == 1
    assert not (site / "schemas").exists()


def test_validate_from_an_unrelated_folder(installed: Installed) -> None:
    user = installed.home / "user-ok"
    (user / "fleet" / "regions").mkdir(parents=True)
    (user / "fleet" / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    (user / "fleet" / "regions" / "us.yaml").write_text(REGION, encoding="utf-8")
    (user / "mkdocs.yml").write_text("site_name: docs\n", encoding="utf-8")
    done = installed.gpufleet("validate", cwd=user / "fleet" / "regions")
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert done.stderr.endswith("checked 2 files (1 Fleet, 1 Region): 0 errors, 0 warnings\n")
    (user / "fleet" / "regions" / "eu.yaml").write_text(BROKEN, encoding="utf-8")
    done = installed.gpufleet("validate", "--format", "json", cwd=user)
    assert done.returncode == 1
    assert [d["code"] for d in json.loads(done.stdout)["diagnostics"]] == ["missing-field"]
    module = run([installed.venv / "bin" / "python", "-m", "gpufleet", "--version"], user)
    assert module.stdout.startswith("gpufleet ")


def test_schemas_from_an_install(installed: Installed) -> None:
    """--check checks what the wheel packaged; writing needs --dir; the exported copy is what editors read."""
    user = installed.home / "user-schemas"
    user.mkdir()
    check = installed.gpufleet("schema", "--check", cwd=user)
    assert check.returncode == 0, check.stderr
    assert "schemas up to date (7 files in" in check.stderr
    refused = installed.gpufleet("schema", cwd=user)
    assert refused.returncode == 2
    assert "give --dir" in refused.stderr
    assert list(user.iterdir()) == []
    wrote = installed.gpufleet("schema", "--dir", "schemas", cwd=user)
    assert wrote.returncode == 0, wrote.stderr
    assert {oct(p.stat().st_mode & 0o777) for p in (user / "schemas").iterdir()} == {"0o644"}
    assert installed.gpufleet("schema", "--check", "--dir", "schemas", cwd=user).returncode == 0
    # The README's editor setup: a modeline pointing at the exported copy, relative to the file.
    region = user / "fleet" / "regions.yaml"
    region.parent.mkdir()
    region.write_text("# yaml-language-server: $schema=../schemas/gpufleet.schema.json\n" + REGION, encoding="utf-8")
    modeline = region.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]
    schema = json.loads((region.parent / modeline).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors({"apiVersion": "gpufleet/v1", "kind": "Region", "id": "r1",
                                       "availability": "general", "country": "US"})) == []  # fmt: skip
    assert list(validator.iter_errors({"apiVersion": "gpufleet/v1", "kind": "Region", "id": "r1"}))


def _repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    env = {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(path)}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x"]):
        assert run(["git", *args], path, env).returncode == 0
    return path


def test_pre_commit_hook(installed: Installed) -> None:
    """`pre-commit try-repo` on this repository: the hook passes on a valid inventory, fails on a broken one."""
    hook_env = {"PRE_COMMIT_HOME": str(installed.home / "pre-commit-home")}
    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", ROOT, "gpufleet-validate", "--all-files"]
    ok = _repo(
        installed.home / "hook-ok", {"fleet.yaml": FLEET, "regions.yaml": REGION, "mkdocs.yml": "site_name: d\n"}
    )
    passed = run(try_repo, ok, hook_env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "gpufleet validate" in passed.stdout
    assert "Passed" in passed.stdout
    bad = _repo(installed.home / "hook-bad", {"fleet.yaml": FLEET, "regions.yaml": BROKEN})
    failed = run(try_repo, bad, hook_env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "regions.yaml:1:1: error[missing-field]" in failed.stdout
