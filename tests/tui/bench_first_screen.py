"""Benchmark (not a test): seconds from `build_app` to the first screen drawn, seed vs 1M-GPU fleet.

Run from the repository root:  python tests/tui/bench_first_screen.py [--gpus 1000000]
It generates the synthetic fleet in a temporary folder (``gpufleet generate``), then for each
inventory measures the load (files -> Inventory, rollup, checks) and the first screen (the app
mounted and its tree drawn) separately. The README's TUI section quotes its output.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from inventory.cli.main import main as gpufleet
from tui.app import build_app
from tui.widgets import FleetTree


async def first_screen(path: str) -> tuple[float, float, int]:
    """(load seconds, first-screen seconds, tree nodes built) for the inventory at ``path``."""
    start = time.perf_counter()
    app = build_app(path, watch=False)
    loaded = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(FleetTree)
        built = sum(1 for _ in tree._tree_lines)
        drawn = time.perf_counter()
    return loaded - start, drawn - loaded, built


def report(name: str, path: str) -> None:
    load, draw, built = asyncio.run(first_screen(path))
    print(f"{name:<22} load {load:6.2f} s   first screen {draw:5.2f} s   tree lines built {built}")


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gpus", default="1000000")
    args = parser.parse_args()
    report("seeds/coreweave", "seeds/coreweave")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "fleet"
        if gpufleet(["generate", "--gpus", args.gpus, str(out)]) != 0:
            return 1
        report(f"generated {int(args.gpus):,} GPUs", str(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
