"""`gpufleet generate`: files on disk, same seed same bytes, and exactly K findings from validate."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from inventory.generate.fleet import plan_fleet
from tests.conftest import Cli


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generate_writes_a_fleet_and_says_so(cli: Cli, tmp_path: Path) -> None:
    """stdout is the directory written (data); the summary and planted mistakes go to stderr."""
    out = tmp_path / "fleet"
    rc, stdout, stderr = cli("generate", "--gpus", "20k", "--discrepancies", "2", out)
    assert (rc, stdout) == (0, f"{out}\n"), stderr
    assert stderr.startswith(f"wrote 9 files (0.1 MB) to {out}: 20,000 GPUs in "), stderr
    assert stderr.count("planted ") == 2
    assert sorted(p.name for p in (out / "datacenters").iterdir()) == sorted(
        f"{s.id}.yaml" for s in plan_fleet(20_000, 1).sites
    )


def test_same_seed_same_bytes_different_seed_different_bytes(cli: Cli, tmp_path: Path) -> None:
    """Two runs with one seed write identical trees; another seed writes another fleet."""
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        rc, _, err = cli("generate", "--gpus", "30000", "--seed", seed, "--discrepancies", "3", tmp_path / name)
        assert rc == 0, err
    a, b, c = (snapshot(tmp_path / n) for n in "abc")
    assert a == b
    assert a.keys() != c.keys() or a != c


def findings(cli: Cli, out: Path) -> tuple[int, list[tuple[str, str]]]:
    """validate's exit code and (file relative to the fleet, code) of every error and warning."""
    rc, stdout, stderr = cli("validate", "--format", "json", out)
    assert rc in (0, 1), stderr
    shown = json.loads(stdout)["diagnostics"]
    prefix = str(out) + "/"
    found = []
    for d in shown:
        if d["severity"] == "info":
            continue
        file = str((Path.cwd() / d["file"]).resolve())
        assert file.startswith(prefix), d
        found.append((file.removeprefix(prefix), d["code"]))
    return rc, sorted(found)


@pytest.mark.parametrize(
    ("gpus", "seed", "k", "kinds"),
    [
        ("60k", 1, 0, None),
        ("60k", 2, 1, None),
        ("60k", 3, 9, None),
        ("100k", 4, 3, "report-off"),
        ("100k", 5, 4, "report-off,power-short"),
        ("100k", 6, 2, "power-short"),
        ("8", 7, 1, "unknown-sku"),  # one node: the reports' gpus_by_sku is left empty, not null
    ],
)
def test_validate_reports_exactly_the_k_planted_discrepancies(
    cli: Cli, tmp_path: Path, gpus: str, seed: int, k: int, kinds: str | None
) -> None:
    """Each planted mistake is one finding of the full `gpufleet validate` (load checks, then
    reconciliation and plausibility), at its own file with the code it was planted for; K = 0 is clean."""
    out = tmp_path / "fleet"
    extra = ["--kinds", kinds] if kinds else []
    rc, _, err = cli("generate", "--gpus", gpus, "--seed", str(seed), "--discrepancies", str(k), *extra, out)
    assert rc == 0, err
    count = int(gpus[:-1]) * 1000 if gpus.endswith("k") else int(gpus)
    plan = plan_fleet(count, seed, k, kinds.split(",") if kinds else None)
    expected = sorted((d.file, d.code) for d in plan.discrepancies)
    assert len(expected) == k
    rc, found = findings(cli, out)
    assert found == expected
    warnings_only = kinds == "power-short"  # gpu-draw-exceeds-power is a warning: exit 0 unless --strict
    assert rc == (1 if k and not warnings_only else 0)
    if kinds:
        assert Counter(d.kind for d in plan.discrepancies).keys() <= set(kinds.split(","))


def test_a_non_empty_out_is_refused_without_force(cli: Cli, tmp_path: Path) -> None:
    """Exit 2 and the existing files untouched; --force replaces the directory whole."""
    out = tmp_path / "fleet"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    rc, stdout, stderr = cli("generate", "--gpus", "1000", out)
    assert (rc, stdout) == (2, "")
    assert stderr == f"gpufleet: error: {out}: directory is not empty; pass --force to replace it\n"
    assert snapshot(out) == {"notes.txt": b"keep me"}
    rc, _, stderr = cli("generate", "--gpus", "1000", "--force", out)
    assert rc == 0, stderr
    assert not (out / "notes.txt").exists()
    assert (out / "fleet.yaml").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gpus", "lots"], "is not a count"),
        (["--gpus", "1001"], "not a multiple of 8"),
        (["--gpus", "0"], "between 8 and"),
        (["--gpus", "1000", "--seed", "-1"], "negative"),
        (["--gpus", "1000", "--seed", "x"], "not a whole number"),
        (["--gpus", "1000", "--discrepancies", "-2"], "negative"),
        (["--gpus", "8", "--discrepancies", "100"], "no room"),
        (["--gpus", "1000", "--discrepancies", "1", "--kinds", "nope"], "unknown discrepancy kind nope"),
        (
            ["--gpus", "1000", "--discrepancies", "1", "--kinds", "duplicate-id,report-off"],
            "cannot be planted with errors",
        ),
        ([], "required: --gpus"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(cli: Cli, tmp_path: Path, args: list[str], message: str) -> None:
    """Every bad argument is a one-line usage error (exit 2), and OUT is not created."""
    out = tmp_path / "fleet"
    rc, stdout, stderr = cli("generate", *args, out)
    assert (rc, stdout) == (2, ""), stderr
    assert message in stderr
    assert "Traceback" not in stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_out_that_cannot_be_created_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    """A path below a regular file: exit 2 and a message, no traceback."""
    (tmp_path / "afile").write_text("x")
    rc, out, err = cli("generate", "--gpus", "8", tmp_path / "afile" / "sub")
    assert (rc, out) == (2, "")
    assert err.startswith("gpufleet: error: ")
    assert "cannot write there" in err
