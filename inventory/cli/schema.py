"""``gpufleet schema [--check] [--dir DIR]``: write or verify the JSON Schema files.

Without ``--dir``: ``--check`` checks the schemas this gpufleet carries (the checkout's schemas/,
or the copy an installed wheel packages), and writing is allowed only from inside a checkout of
gpufleet itself, into its schemas/. Anywhere else writing needs ``--dir`` (a user's own
repository gets its copy where the user says), so an install never writes into site-packages.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

from inventory.base.errors import UsageError
from inventory.model import schema


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "schema",
        help="write (or --check) the JSON Schema files generated from the models",
        description=(
            "Write the JSON Schema files (one per kind, and gpufleet.schema.json for any kind) generated "
            "from the models, or check that they are current."
        ),
        epilog=(
            "examples: gpufleet schema --dir schemas/ (a copy for your repository's editors); "
            "gpufleet schema --check --dir schemas/ (in CI: that copy is current). "
            "exit codes: 0 written or current, 1 stale (with --check), 2 cannot run"
        ),
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a schema file is stale or missing")
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where the schema files are (default: the ones gpufleet carries; writing needs --dir "
        "outside a checkout of gpufleet)",
    )
    parser.set_defaults(run=run)


def checkout_root() -> Path | None:
    """The root of the gpufleet checkout these sources run from, or None for an installed package."""
    pyproject = schema.SOURCE_TREE / "pyproject.toml"
    try:
        name = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("name")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return schema.SOURCE_TREE if name == "gpufleet" else None


def _write_dir(given: Path | None) -> Path:
    """Where ``gpufleet schema`` writes.

    Raises:
        UsageError: no --dir, and the current directory is not inside a checkout of gpufleet.
    """
    if given is not None:
        return given
    root = checkout_root()
    here = Path(os.path.realpath(Path.cwd()))
    if root is not None and (here == root or root in here.parents):
        return schema.SCHEMA_DIR
    raise UsageError(
        "where should the schema files go? give --dir (e.g. `gpufleet schema --dir schemas/`); without it, "
        "gpufleet writes only into the schemas/ of its own checkout, from inside it"
    )


def _check_folder(folder: Path, *, writing: bool) -> None:
    """Refuse a --dir that is not a folder (a file, /dev/null) or, to write, one that cannot be written.

    Raises:
        UsageError: with what is wrong.
    """
    try:
        exists = folder.exists()
        if exists and not folder.is_dir():
            raise UsageError(f"--dir {folder}: not a directory")
        if writing and exists and not os.access(folder, os.W_OK | os.X_OK):
            raise UsageError(f"--dir {folder}: the directory cannot be written")
    except OSError as exc:
        raise UsageError(f"--dir {folder}: {exc.strerror}") from None


def run(args: argparse.Namespace) -> int:
    if args.dir is not None:
        _check_folder(args.dir, writing=not args.check)
    if args.check:
        directory = args.dir if args.dir is not None else schema.SCHEMA_DIR
        stale = schema.stale_schemas(directory)
        if stale:
            for name in stale:
                print(f"{directory / name}: stale or missing", file=sys.stderr)
            fix = "gpufleet schema" if args.dir is None else f"gpufleet schema --dir {args.dir}"
            print(f"run `{fix}` to regenerate them", file=sys.stderr)
            return 1
        print(f"schemas up to date ({len(schema.build_schemas())} files in {directory})", file=sys.stderr)
        return 0
    folder = _write_dir(args.dir)
    try:
        written = schema.write_schemas(folder)
    except OSError as exc:  # read-only, full, or a part of the path is a file
        raise UsageError(f"--dir {folder}: cannot write the schemas: {exc.strerror}") from None
    for path in written:
        print(path)
    return 0
