"""The README shows what exists: its generated blocks are current and its example validates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inventory.cli.main import main
from inventory.output import docs

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
