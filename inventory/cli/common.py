"""Options and helpers several verbs share."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO


def add_color_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output: auto (a terminal without NO_COLOR), always, never",
    )


def use_color(choice: str, stream: TextIO | None = None) -> bool:
    """Whether to colour output for ``--color choice``; ``auto`` asks ``stream`` (default: sys.stdout now)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    # Look sys.stdout up at call time: a default bound at import keeps a stream that may be closed since.
    return (stream if stream is not None else sys.stdout).isatty()
