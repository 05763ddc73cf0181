"""``gpufleet schema [--check]``: write or verify the JSON Schema files in schemas/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from inventory.model import schema


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "schema",
        help="write (or --check) the JSON Schema files generated from the models",
        description="Write schemas/*.json from the pydantic models, or check that they are current.",
        epilog="exit codes: 0 written or current, 1 stale (with --check), 2 cannot run",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed schema file is stale")
    parser.add_argument(
        "--dir",
        type=Path,
        default=schema.SCHEMA_DIR,
        help="where the schema files are (default: schemas/ beside the gpufleet sources)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.check:
        stale = schema.stale_schemas(args.dir)
        if stale:
            for name in stale:
                print(f"{args.dir / name}: stale or missing", file=sys.stderr)
            print("run `gpufleet schema` to regenerate them", file=sys.stderr)
            return 1
        print(f"schemas up to date ({len(schema.build_schemas())} files in {args.dir})", file=sys.stderr)
        return 0
    for path in schema.write_schemas(args.dir):
        print(path)
    return 0
