"""``gpufleet diff`` on the seed inventory, and the README's diff examples checked against real runs.

The README shows the seed one reporting point apart, in a scratch repository that the
``seed_history`` fixture builds the same way; each ``console`` block of its diff section must equal
what the command prints there (stderr, then stdout, as a terminal shows them).
"""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from tests.conftest import ROOT, Cli, GitRepo

SEED = ROOT / "seeds" / "coreweave"
FOLDER = "seeds/coreweave"
README = (ROOT / "README.md").read_text(encoding="utf-8")
FIX = "the README's diff example is stale: paste the real output shown here into the README's diff section"


@pytest.fixture
def seed_history(git_repo: GitRepo) -> GitRepo:
    """Two commits of seeds/coreweave: at Q3 2025 (Fleet as_of 2025-09-30, no Q4 results Report), then as it is."""
    shutil.copytree(SEED, git_repo.path / FOLDER)
    fleet = (SEED / "fleet.yaml").read_text(encoding="utf-8")
    q4_name = f"{FOLDER}/reports/results-2025-q4.yaml"
    q4_text = (ROOT / q4_name).read_text(encoding="utf-8")
    (git_repo.path / q4_name).unlink()
    assert "as_of: 2025-12-31" in fleet
    git_repo.commit("Q3", {f"{FOLDER}/fleet.yaml": fleet.replace("as_of: 2025-12-31", "as_of: 2025-09-30")})
    git_repo.commit("Q4", {f"{FOLDER}/fleet.yaml": fleet, q4_name: q4_text})
    return git_repo


def readme_examples() -> list[tuple[list[str], str]]:
    """The diff section's ``console`` blocks: (the arguments after ``$ gpufleet``, the output shown)."""
    start = README.index("<!-- section:diff -->")
    section = README[start : README.index("<!-- /section:diff -->", start)]
    examples = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        command, _, output = block.partition("\n")
        assert command.startswith("$ gpufleet "), command
        examples.append((shlex.split(command)[2:], output))
    return examples


def test_seed_one_reporting_point_apart(seed_history: GitRepo, cli: Cli) -> None:
    """The seed at its Q3 2025 reporting point against the seed at Q4 2025.

    OLD: the Fleet's as_of is 2025-09-30 and the Q4 results Report is absent; NEW: the seed as it
    is. By hand from seeds/coreweave/datacenters/: London, Barcelona and Falun are in service by
    2024-12-31 (`since: <=2024-12-31`) on both sides; of the other sites only Polaris Forge 1
    (Ellendale) has a start date, and it opens on 2025-10-27 with 50 MW energized that day and
    50 MW in 2025-Q4, certain by 2025-12-31 (active 0 -> 100 MW); Denton's 16,000 GPUs of no stated
    SKU are installed 2025-12 (GPUs 0 -> 16,000), which puts Denton in service too (data centers
    3 -> 5); every contract date is before 2025-09-30
    (contracted power unchanged). The Q4 Report's three figures get a status where they had none:
    incomplete, as the fleet is not declared complete.
    """
    rc, out, err = cli("diff", "HEAD~1", "HEAD", "--", FOLDER)
    assert (rc, err) == (0, "")
    expected_head = """\
~ fleet coreweave
    as_of: 2025-09-30 → 2025-12-31
+ report q4-2025-results: source coreweave-q4-2025-results · as of 2025-12-31 · fleet

Rollups at 2025-09-30 → 2025-12-31 (each side at its own as_of)
  fleet  data centers             3 (+5) →           5 (+4)  +2 (-1 uncertain)
         active power      0 W (+642 MW) → 100 MW (+642 MW)            +100 MW
         GPUs                          0 →           16,000            +16,000
         GPUs unknown SKU              0 →           16,000            +16,000

Checks
"""
    assert out.startswith(expected_head), out
    checks = out[len(expected_head) :].splitlines()
    assert [line.split(":")[0] for line in checks[:3]] == [
        f"  + report q4-2025-results {metric} (fleet)"
        for metric in ("active_power", "contracted_power", "data_centers")
    ]
    assert all(": none → incomplete: " in line for line in checks[:3]), checks
    # The state NEW leaves: the three disagreements between sources the seed reports as warnings.
    assert checks[3:5] == ["", "Failing on NEW (changed or not)"]
    assert [line.split()[0] for line in checks[5:8]] == ["conflict"] * 3
    assert checks[8:] == [
        "",
        "1 added, 1 changed · data centers +2 (-1 uncertain) · active +100 MW · unknown SKU +16,000 · checks: 3 new"
        " · NEW validates (3 failing checks at severity warning)",
    ]


def test_readme_has_the_two_examples() -> None:
    """The diff section shows the seed's history and a side that does not validate, both on seeds/coreweave."""
    assert [argv for argv, _ in readme_examples()] == [["diff", "HEAD~1", "HEAD", "--", FOLDER]] * 2


def test_readme_example_of_the_seed_history_is_current(seed_history: GitRepo, cli: Cli) -> None:
    """The README's first diff example is what the command prints on the history it describes."""
    argv, shown = readme_examples()[0]
    rc, out, err = cli(*argv)
    assert (rc, err) == (0, "")
    assert out == shown, f"{FIX}:\n{out}"


def test_readme_example_of_a_side_with_errors_is_current(seed_history: GitRepo, cli: Cli) -> None:
    """The README's second example: a commit on top of that history that mistypes a source id."""
    site = f"{FOLDER}/datacenters/barcelona.yaml"
    text = (seed_history.path / site).read_text(encoding="utf-8")
    assert "sources: [coreweave-s1-2025-03-03]" in text
    seed_history.commit("typo", {site: text.replace("coreweave-s1-2025-03-03]", "coreweave-s1-2025-03-30]")})
    argv, shown = readme_examples()[1]
    rc, out, err = cli(*argv)
    assert rc == 0
    assert err + out == shown, f"{FIX}:\n{err}{out}"
