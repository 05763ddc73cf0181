"""``gpufleet generate --gpus N [--seed S] [--discrepancies K] OUT``: a synthetic fleet on disk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from inventory.base.errors import UsageError

DEFAULT_KINDS = ("unknown-sku", "date-order", "duplicate-id", "unknown-source")
"""planted.DEFAULT_KINDS, repeated so that building the parser imports nothing heavy (a test checks they agree)."""


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "generate",
        help="write a deterministic synthetic fleet (for scale tests and demos)",
        description=(
            "Write a synthetic fleet in gpufleet/v1 format to the directory OUT: regions, data centers "
            "with power phases, rack-level deployments of four GPU SKUs and Reports that match them, "
            "plus K planted discrepancies that `gpufleet validate` reports. The same seed gives the same bytes."
        ),
        epilog="example: gpufleet generate --gpus 1m --discrepancies 3 fleet-1m && gpufleet validate fleet-1m",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="directory to write (must be empty or absent)")
    parser.add_argument(
        "--gpus", required=True, metavar="N", help="GPUs in the fleet, a multiple of 8 (1000000, 1m, 100k)"
    )
    parser.add_argument("--seed", type=_natural, default=1, metavar="S", help="random seed (default: %(default)s)")
    parser.add_argument(
        "--discrepancies",
        type=_natural,
        default=0,
        metavar="K",
        help="mistakes to plant, one finding each (default: 0)",
    )
    parser.add_argument(
        "--kinds",
        default=",".join(DEFAULT_KINDS),
        metavar="KIND,...",
        help=(
            f"kinds of discrepancy, planted in turn (default: %(default)s). Errors: {', '.join(DEFAULT_KINDS)}; "
            "reconciliation findings, reported only without errors so planted on their own: report-off, power-short"
        ),
    )
    parser.add_argument("--force", action="store_true", help="replace OUT even if it is not empty")
    parser.set_defaults(run=run)


def _natural(text: str) -> int:
    shown = text if len(text) <= 40 else text[:39] + "…"
    if text.strip().startswith("-"):
        raise argparse.ArgumentTypeError(f"{shown!r} is negative")
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise argparse.ArgumentTypeError(f"{shown!r} is not a whole number of at most 18 digits")
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def run(args: argparse.Namespace) -> int:
    from inventory.generate.fleet import plan_fleet
    from inventory.generate.plan import parse_gpu_count, write_fleet
    from inventory.generate.yaml_text import render_fleet

    gpus = parse_gpu_count(args.gpus)
    out: Path = args.out
    if out.exists() and not args.force and out.is_dir() and any(out.iterdir()):
        raise UsageError(f"{out}: directory is not empty; pass --force to replace it")
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    plan = plan_fleet(gpus, args.seed, args.discrepancies, kinds)
    command = f"gpufleet generate --gpus {gpus} --seed {args.seed} --discrepancies {args.discrepancies}"
    if args.discrepancies:
        command += f" --kinds {','.join(kinds)}"
    files = render_fleet(plan, command)
    write_fleet(files, out, force=args.force)
    size = sum(len(text) for text in files.values())
    print(out)
    print(
        f"wrote {_n(len(files), 'file')} ({size / 1e6:.1f} MB) to {out}: {_n(gpus, 'GPU')} in "
        f"{_n(plan.deployments, 'deployment')} at {_n(len(plan.sites), 'data center')} in "
        f"{_n(len(plan.regions), 'region')}",
        file=sys.stderr,
    )
    for d in plan.discrepancies:
        print(f"planted {d.kind} in {d.file}: {d.description} (expect {d.code})", file=sys.stderr)
    return 0


def _n(count: int, noun: str) -> str:
    """``1 region``, ``7 regions``, ``1,000,000 GPUs``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
