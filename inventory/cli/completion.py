"""``gpufleet completion bash|zsh|fish``: the script that gives a shell tab completion.

The script (argcomplete's) calls ``gpufleet`` back with ``_ARGCOMPLETE`` set; ``main`` then lets
argcomplete answer from the same argparse parser the command runs with, so completion always
knows every verb, option and ``--format`` value there is.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

SHELLS = ("bash", "zsh", "fish")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "completion",
        help="print the shell completion script for bash, zsh or fish",
        description="Print a script that makes the shell complete gpufleet's verbs, options and values.",
        epilog=(
            'install: bash: eval "$(gpufleet completion bash)" in ~/.bashrc; '
            'zsh: eval "$(gpufleet completion zsh)" in ~/.zshrc; '
            "fish: gpufleet completion fish > ~/.config/fish/completions/gpufleet.fish"
        ),
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    sys.stdout.write(shellcode(["gpufleet"], shell=args.shell))
    return 0
