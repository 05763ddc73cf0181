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


def use_color(choice: str, stream: TextIO = sys.stdout) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()
