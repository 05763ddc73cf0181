"""The README's TUI key table, generated from ``tui.keys`` (the core's ``inventory.output.docs`` never imports Textual).

``python -m tui.readme`` rewrites the block between ``<!-- generated:tui-keys -->`` markers;
``--check`` exits 1 when it is stale instead (a test runs the same comparison). Writes atomically.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from inventory.base.atomic import write_atomic
from tui.keys import readme_keys

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- generated:tui-keys -->\n)(.*?)(<!-- /generated:tui-keys -->)", re.S)


def updated(text: str) -> str:
    """``text`` with the key table replaced by the current one."""
    return BLOCK.sub(lambda m: m.group(1) + readme_keys() + m.group(3), text)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = README.read_text(encoding="utf-8")
    if BLOCK.search(text) is None:
        print(f"{README}: no <!-- generated:tui-keys --> block", file=sys.stderr)
        return 1
    new = updated(text)
    if new == text:
        return 0
    if "--check" in args:
        print(f"{README}: the TUI key table is stale; run `python -m tui.readme`", file=sys.stderr)
        return 1
    write_atomic(README, new)
    print(f"updated {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
