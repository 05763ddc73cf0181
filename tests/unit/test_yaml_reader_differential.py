"""yaml_reader reads YAML as the reference YAML 1.2 loader (ruamel.yaml, pure Python) does.

Over every input of the public YAML test suite that our reader accepts without a problem, the
documents must equal ruamel.yaml's, but for the documented differences below.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from inventory.read.yaml_reader import read_yaml

CORPUS = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite"

KNOWN_DIFFERENCES = {
    "UKK6-02.yaml": "`!` alone: the non-specific tag makes an empty scalar text (''), ruamel gives None",
    "S4JQ.yaml": "`! 12`: the non-specific tag makes a scalar text (YAML 1.2 example 6.28), ruamel gives 12",
}


class _NotComparable(Exception):
    """ruamel resolved a timestamp; gpufleet keeps dates as text on purpose."""


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {_normal(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        raise _NotComparable
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return value


def test_agrees_with_the_reference_loader() -> None:
    """Same data as ruamel.yaml (YAML 1.2) on each suite input both read, timestamps aside."""
    assert CORPUS.is_dir(), f"the YAML test suite is expected at {CORPUS}"
    reference = YAML(typ="safe", pure=True)
    compared, disagreements = 0, []
    for path in sorted(CORPUS.glob("*.yaml")):
        text = path.read_text(encoding="utf-8", errors="replace")
        ours = read_yaml(text)
        if ours.problems:
            continue  # refused or invalid: covered by the suite-wide "located diagnostics" test
        try:
            expected = [_normal(doc) for doc in reference.load_all(text)]
        except _NotComparable:
            continue
        except Exception:
            continue
        got = [_normal(doc.data) for doc in ours.documents]
        if got != expected and path.name not in KNOWN_DIFFERENCES:
            disagreements.append(f"{path.name}: ours {got!r:.120} vs reference {expected!r:.120}")
        compared += 1
    assert disagreements == []
    assert compared >= 150, f"only {compared} inputs compared: the corpus or the reader changed"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("country: NO\nenabled: yes\n", {"country": "NO", "enabled": "yes"}),
        ("date: 2025-03-31\n", {"date": "2025-03-31"}),
        ("n: 0o17\nh: 0x1F\ne: 1e3\n", {"n": 15, "h": 31, "e": 1000.0}),
        ("t: True\nf: FALSE\nz: ~\n", {"t": True, "f": False, "z": None}),
    ],
)
def test_yaml_1_2_core_schema(text: str, expected: dict[str, Any]) -> None:
    """Plain scalars follow YAML 1.2: `NO` and `yes` are text, dates stay text."""
    assert read_yaml(text).documents[0].data == expected
