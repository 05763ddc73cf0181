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
    """Two commits of seeds/coreweave: at Q1 2026 (Fleet as_of 2026-03-31, no Q2 2026 Reports), then as it is."""
    shutil.copytree(SEED, git_repo.path / FOLDER)
    fleet = (SEED / "fleet.yaml").read_text(encoding="utf-8")
    q2_name = f"{FOLDER}/reports/results-2026-q2.yaml"
    q2_text = (ROOT / q2_name).read_text(encoding="utf-8")
    (git_repo.path / q2_name).unlink()
    assert "as_of: 2026-06-30" in fleet
    git_repo.commit("Q1", {f"{FOLDER}/fleet.yaml": fleet.replace("as_of: 2026-06-30", "as_of: 2026-03-31")})
    git_repo.commit("Q2", {f"{FOLDER}/fleet.yaml": fleet, q2_name: q2_text})
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
    """The seed at its Q1 2026 reporting point against the seed at Q2 2026.

    OLD: the Fleet's as_of is 2026-03-31 and the Q2 2026 Reports (results and call) are absent;
    NEW: the seed as it is. By hand from seeds/coreweave/datacenters/: at 2026-03-31 Ellendale's
    Building 1 (50 + 50 MW), Denton's >=130 billable MW (energized <=2026-03-02) and Marble's first
    36 MW are active: 266 MW. By 2026-06-30 Marble's hall 3 (29 MW, <=2026-05-06) is too: 295 MW,
    and contracted by energizing (+29 MW: it has no contract date); at 2026-03-31 it was one of
    the uncertain megawatts (-29 MW uncertain). Ellendale's Building 2 (2026-07-01)
    and Helios (2026-07-06) come after. No site starts or GPU deployment lands between the two
    dates. Contracted at 2026-03-31 is 1.25 GW, not 1.266 GW: Austin's "up to 16 MW" is 0 to 16 MW,
    so uncertain (+16 MW), and Muskogee's ~70 MW (expected in 2026, maybe in service) may be up
    to 73.5 MW at the 5 % tolerance (+3.5 MW uncertain, active and contracted). The
    Q2 Reports' three figures get a status where they had none: incomplete, as the fleet is not
    declared complete.
    """
    rc, out, err = cli("diff", "HEAD~1", "HEAD", "--", FOLDER)
    assert (rc, err) == (0, "")
    expected_head = """\
~ fleet coreweave
    as_of: 2026-03-31 → 2026-06-30
+ report q2-2026-call: source coreweave-q2-2026-call · as of 2026-08-11 · fleet
+ report q2-2026-results: source coreweave-q2-2026-results · as of 2026-06-30 · fleet

Rollups at 2026-03-31 → 2026-06-30 (each side at its own as_of)
  fleet  active power       266 MW (+426.5 MW) →   295 MW (+397.5 MW)  +29 MW (-29 MW uncertain)
         contracted power  1.25 GW (+268.5 MW) → 1.279 GW (+239.5 MW)  +29 MW (-29 MW uncertain)

Checks
"""
    assert out.startswith(expected_head), out
    checks = out[len(expected_head) :].splitlines()
    assert [line.split(":")[0] for line in checks[:3]] == [
        f"  + report {report} {metric} (fleet)"
        for report, metric in (
            ("q2-2026-call", "contracted_power"),
            ("q2-2026-results", "active_power"),
            ("q2-2026-results", "contracted_power"),
        )
    ]
    assert all(": none → incomplete: " in line for line in checks[:3]), checks
    # The state NEW leaves: the three disagreements between sources the seed reports as warnings.
    assert checks[3:5] == ["", "Failing on NEW (changed or not)"]
    assert [line.split()[0] for line in checks[5:8]] == ["conflict"] * 3
    assert checks[8:] == [
        "",
        "2 added, 1 changed · active +29 MW (-29 MW uncertain) · contracted +29 MW (-29 MW uncertain) · checks: 3 new"
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
