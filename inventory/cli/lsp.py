"""``gpufleet lsp``: the editor server, speaking the Language Server Protocol on stdin and stdout.

pygls is imported inside ``run`` only, so no other command pays for it. The server checks the
inventory of each opened file with the engine, as validate does (``inventory/lsp/``).
"""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "lsp",
        help="serve editors: diagnostics, go to definition, references, hover, completion (LSP on stdio)",
        description=(
            "Run the gpufleet language server on stdin/stdout. Editors start it: it checks the inventory "
            "holding each opened file with the engine validate uses, unsaved changes included."
        ),
        epilog="exit codes: 0 after the client's exit request; see the README for editor setups",
    )
    parser.add_argument("--stdio", action="store_true", help="talk on stdin/stdout (the default and only transport)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from inventory.lsp.server import serve

    serve()
    return 0
