"""A markdown diff sized for a pull-request comment: a budget, --max-changes, the summary first,
a count of what was left out, and file:line links on revision sides; text output is unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import DATA, Cli, GitRepo


@pytest.fixture(scope="module")
def two_fleets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two synthetic fleets of 100,000 GPUs with different seeds: thousands of changes between them."""
    from inventory.cli.main import main

    root = tmp_path_factory.mktemp("fleets")
    for seed in ("1", "2"):
        assert main(["generate", "--gpus", "100k", "--seed", seed, str(root / f"seed-{seed}")]) == 0
    return root / "seed-1", root / "seed-2"


def test_a_large_change_fits_a_comment(two_fleets: tuple[Path, Path], cli: Cli) -> None:
    old, new = two_fleets
    rc, full_text, _ = cli("diff", old, new)
    assert rc == 0
    assert len(full_text) > 200_000  # far over what a comment can take
    rc, out, _ = cli("diff", old, new, "--format", "markdown")
    assert rc == 0
    assert len(out) <= 65_000
    lines = out.splitlines()
    assert lines[0] == f"### gpufleet diff: `{old}` → `{new}`"
    assert lines[4].startswith("**")  # the summary line
    assert " added" in lines[4]
    assert lines.index("| Fleet at 2026-03-31 | Before | After | Change |") < lines.index(
        next(line for line in lines if line.startswith("<details>"))
    )
    (last,) = [line for line in lines if "more changes not shown" in line]
    left_out = int(last.removeprefix("**").split(" ")[0].replace(",", ""))
    listed = sum(1 for line in lines if re.match(r"\s*- \*\*(added|removed|changed|renamed)\*\*", line))
    total = sum(1 for line in full_text.splitlines() if re.match(r"\s*[+~-] ", line))
    assert listed + left_out >= total - 5  # what is listed and what is counted cover the change
    assert out.endswith("lists every one.\n")


def test_budget_and_max_changes(two_fleets: tuple[Path, Path], cli: Cli) -> None:
    old, new = two_fleets
    rc, out, _ = cli("diff", old, new, "--format", "markdown", "--budget", "4000")
    assert rc == 0
    assert len(out) <= 4000
    assert "more changes not shown" in out
    rc, out, _ = cli("diff", old, new, "--format", "markdown", "--max-changes", "2")
    listed = [line for line in out.splitlines() if re.match(r"- \*\*(added|removed|changed|renamed)\*\*", line)]
    assert len(listed) == 2
    assert re.search(r"^[\d,]+ more not shown\.$", out, re.MULTILINE)


def test_text_is_not_cut(two_fleets: tuple[Path, Path], cli: Cli) -> None:
    old, new = two_fleets
    assert cli("diff", old, new, "--max-changes", "1", "--budget", "100") == cli("diff", old, new)


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_bad_max_changes(value: str, two_fleets: tuple[Path, Path], cli: Cli) -> None:
    rc, out, err = cli("diff", *two_fleets, "--max-changes", value)
    assert (rc, out) == (2, "")
    assert "--max-changes" in err


def test_changes_link_file_and_line_on_a_revision(git_repo: GitRepo, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    fleet = (DATA / "valid" / "minimal" / "fleet.yaml").read_text(encoding="utf-8")
    region = "apiVersion: gpufleet/v1\nkind: Region\nid: {id}\navailability: general\ncountry: US\n"
    git_repo.commit("one", {"inv/fleet.yaml": fleet, "inv/r.yaml": region.format(id="r1")})
    head = git_repo.commit("two", {"inv/r.yaml": region.format(id="r1") + "---\n" + region.format(id="r2")})
    rc, out, _ = cli("diff", "HEAD~1", "HEAD", "--format", "markdown", "--", "inv")
    assert rc == 0
    assert "- **added** region `r2`: general · US at `r.yaml:9`\n" in out  # the line of its id
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/fleet")
    rc, out, _ = cli("diff", "HEAD~1", "HEAD", "--format", "markdown", "--", "inv")
    link = f"[`r.yaml:9`](https://github.com/acme/fleet/blob/{head}/inv/r.yaml#L9)"
    assert f"- **added** region `r2`: general · US at {link}\n" in out
    # the working tree is no revision: no location to link
    rc, out, _ = cli("diff", "HEAD~1", "--format", "markdown", "--", "inv")
    assert "- **added** region `r2`: general · US\n" in out
