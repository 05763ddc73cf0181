"""Which inventory an opened file belongs to: the nearest folder, from the file up, that holds the
Fleet document (the way git finds ``.git``).

A folder holds the Fleet when one of its YAML files has a top-level ``kind: Fleet`` line. Only the
files directly in each folder on the way up are looked at (a few small reads), never a whole tree.
"""

from __future__ import annotations

import re
from pathlib import Path

from inventory.read.files import YAML_SUFFIXES

_FLEET = re.compile(rb"^kind:[ \t]*['\"]?Fleet['\"]?[ \t]*(#.*)?$", re.MULTILINE)
_PEEK = 1 << 20
"""Bytes of each file looked at: a Fleet document is small and comes first in its file."""


def holds_fleet(folder: Path) -> bool:
    """True when a YAML file directly in ``folder`` has a Fleet document."""
    try:
        names = sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    except OSError:
        return False
    for path in names:
        try:
            with path.open("rb") as f:
                head = f.read(_PEEK)
        except OSError:
            continue
        if _FLEET.search(head):
            return True
    return False


def find_root(file: Path, *, stop: Path | None = None) -> Path:
    """The inventory folder of ``file``: the nearest ancestor holding the Fleet document.

    Without one up to ``stop`` (the editor's workspace folder) or the file system's root, the
    workspace folder when it holds the file, else the file's own folder: the engine then says the
    Fleet is missing, as validate would.
    """
    start = file.parent
    for folder in (start, *start.parents):
        if holds_fleet(folder):
            return folder
        if stop is not None and folder == stop:
            break
    if stop is not None and (stop == start or stop in start.parents):
        return stop
    return start
