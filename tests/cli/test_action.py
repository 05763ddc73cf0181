"""The GitHub Action (action.yml) and the pre-commit hooks' manifest: their steps run locally.

The install step runs in tests/install (slow: it installs the wheel into a fresh venv); here the
validate and diff-comment steps run with this checkout's gpufleet, with the environment each
step of action.yml gives them, and the manifests are read as GitHub and pre-commit read them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, ROOT, GitRepo

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
SCRIPTS = ROOT / ".github" / "action"
FLEET = (DATA / "valid" / "minimal" / "fleet.yaml").read_text(encoding="utf-8")
REGION = "apiVersion: gpufleet/v1\nkind: Region\nid: {id}\navailability: general\ncountry: US\n"
BROKEN = "apiVersion: gpufleet/v1\nkind: Region\nid: bad\ncountry: US\n"


def _step(name: str) -> dict[str, object]:
    (step,) = [s for s in ACTION["runs"]["steps"] if s["name"] == name]
    return step  # type: ignore[no-any-return]


def _run_step(name: str, cwd: Path, inputs: dict[str, str], extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one step of action.yml as the runner would: its env (inputs substituted), its command."""
    step = _step(name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    for key, value in dict(step["env"]).items():  # type: ignore[call-overload]

        def substitute(m: re.Match[str]) -> str:
            expression = m.group(1).strip()
            if expression.startswith("inputs."):
                return inputs.get(expression.removeprefix("inputs."), ACTION["inputs"][expression[7:]]["default"])
            return {"github.action_path": str(ROOT)}.get(expression, extra.get(expression, ""))

        env[key] = re.sub(r"\$\{\{(.*?)\}\}", substitute, str(value))
    env.update({k: v for k, v in extra.items() if not k.startswith("github.")})
    command = str(step["run"]).replace('"$GPUFLEET_ACTION_PATH', f'"{ROOT}')
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_action_is_composite_and_its_scripts_exist() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert [s["name"] for s in ACTION["runs"]["steps"]] == [
        "Install gpufleet",
        "Validate the inventory",
        "Comment the inventory diff",
    ]
    for step in ACTION["runs"]["steps"]:
        assert step["shell"] == "bash"
        (script,) = re.findall(r"\.github/action/([\w-]+\.sh)", step["run"])
        assert (SCRIPTS / script).is_file()
    assert shutil.which("bash")


def test_validate_step_annotates_and_sets_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "fleet").mkdir()
    (tmp_path / "fleet" / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    (tmp_path / "fleet" / "r.yaml").write_text(BROKEN, encoding="utf-8")
    output = tmp_path / "github-output"
    summary = tmp_path / "summary.md"
    extra = {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true"}
    done = _run_step("Validate the inventory", tmp_path, {"path": "fleet"}, extra)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::error file=fleet/r.yaml,line=1,col=1,title=gpufleet missing-field::")
    assert output.read_text(encoding="utf-8") == "exit-code=1\n"
    assert "does not validate" in summary.read_text(encoding="utf-8")


def test_validate_step_writes_a_report(tmp_path: Path) -> None:
    (tmp_path / "fleet.yaml").write_text(FLEET, encoding="utf-8")
    output = tmp_path / "github-output"
    inputs = {"format": "sarif", "report": "gpufleet.sarif", "strict": "true"}
    done = _run_step("Validate the inventory", tmp_path, inputs, {"GITHUB_OUTPUT": str(output)})
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert '"version": "2.1.0"' in (tmp_path / "gpufleet.sarif").read_text(encoding="utf-8")
    assert output.read_text(encoding="utf-8") == "exit-code=0\n"


def test_diff_comment_step(git_repo: GitRepo) -> None:
    git_repo.commit("base", {"inv/fleet.yaml": FLEET, "inv/r.yaml": REGION.format(id="r1")})
    git_repo.git("branch", "base")
    git_repo.commit("change", {"inv/eu.yaml": REGION.format(id="r2")})
    done = _run_step(
        "Comment the inventory diff",
        git_repo.path,
        {"path": "inv"},
        {"github.base_ref": "base", "GPUFLEET_DRY_RUN": "1", "GPUFLEET_BASE": "base"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("### gpufleet diff: `base`")
    assert "1 added" in done.stdout


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_pre_commit_hooks_validate_the_whole_inventory(hook: dict[str, object]) -> None:
    assert hook["pass_filenames"] is False
    assert hook["language"] == "python"
    assert str(hook["entry"]).startswith("gpufleet ")
