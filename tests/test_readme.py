"""The README shows what exists: its generated blocks are current and its example validates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inventory.cli.main import main
from inventory.output import docs
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FIX = "run `python -m inventory.output.docs` to regenerate the README's generated blocks"


def test_generated_blocks_are_current() -> None:
    """The format reference and the codes table equal what the models and CODES generate."""
    assert docs.updated(README) == README, FIX


def test_every_code_is_in_the_readme() -> None:
    """Each diagnostic code is documented (the generated table holds them all)."""
    from inventory.base.diagnostics import CODES

    missing = [code for code in CODES if f"`{code}`" not in README]
    assert missing == [], FIX


def test_format_example_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's complete example is a valid inventory."""
    section = README[README.index("## The format") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    (tmp_path / "fleet.yaml").write_text(example.group(1), encoding="utf-8")
    rc = main(["validate", str(tmp_path)])
    out, err = capsys.readouterr()
    assert (rc, out) == (0, ""), err
    assert "1 Fleet, 1 Source, 1 Region, 1 DataCenter, 1 GpuSku, 1 Report" in err


def test_readme_starts_with_the_two_commands() -> None:
    """The first code block holds the install+run and install+test commands CI also runs."""
    first = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first is not None
    lines = [line.split("#")[0].strip() for line in first.group(1).strip().splitlines()]
    assert lines[0].startswith("pip install -e '.[test]' && gpufleet validate seeds/coreweave")
    install, test_command = (part.strip() for part in lines[1].split("&&"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install == "pip install -e '.[test]'"
    assert any(line.strip().endswith(test_command) for line in ci), "CI must run the README's test command"


SEED_README = (ROOT / "seeds" / "README.md").read_text(encoding="utf-8")


def test_seed_readme_generated_blocks_are_current() -> None:
    """seeds/README.md's timeline, site checks and sources table equal a run of the real commands today."""
    assert docs.updated(SEED_README, docs.SEED_GENERATED) == SEED_README, FIX
    for name in docs.SEED_GENERATED:
        assert f"<!-- generated:{name} -->\n|" in SEED_README, f"{name}: the block is missing or empty"


def test_seed_timeline_covers_every_reporting_point() -> None:
    """The timeline has a row for each reporting point 2022-12-31 ... 2026-06-30, each with a status."""
    start = SEED_README.index("<!-- generated:seed-timeline -->")
    block = SEED_README[start : SEED_README.index("<!-- /generated:seed-timeline -->")]
    rows = [line.split(" | ") for line in block.splitlines() if line.startswith("| 20")]
    dates = {row[0].removeprefix("| ") for row in rows}
    points = ["2022-12-31", "2023-12-31", "2024-12-31", "2025-03-31", "2025-06-30", "2025-09-30"]
    assert dates >= {*points, "2025-12-31", "2026-03-31", "2026-06-30"}
    assert {row[-1].split(" ")[0] for row in rows} <= {"incomplete", "conflict", "ok"}


def test_seed_readme_shows_the_real_validate_output(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The console block at the top of seeds/README.md is what `gpufleet validate seeds/coreweave` prints."""
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```console\n\$ gpufleet (.*?)\n(.*?)```", SEED_README, re.S)
    assert [command for command, _ in blocks] == ["validate seeds/coreweave"]
    for command, shown in blocks:
        rc, out, err = cli(*command.split())
        assert rc == 0
        assert out + err == shown, f"seeds/README.md block for `gpufleet {command}` is stale"
