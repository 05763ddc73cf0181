"""Which inventory an opened file belongs to: the root ``read.discover.find_root`` finds from the
file's folder (a ``gpufleet.toml``, a ``[tool.gpufleet]`` table, or a folder holding the Fleet
document), as the CLI finds it from the current directory.

Without one, the editor's workspace folder when it holds the file, else the file's own folder: the
engine then says the Fleet is missing, as validate would.
"""

from __future__ import annotations

from pathlib import Path

from inventory.base.errors import UsageError
from inventory.read.discover import Root, find_root


def root_of(file: Path, *, workspace: Path | None = None) -> tuple[Root, str | None]:
    """The root of ``file``'s inventory, and why the fallback was taken when a config is broken."""
    start = file.parent
    problem: str | None = None
    try:
        found = find_root(start)
    except UsageError as exc:
        found, problem = None, str(exc)
    if found is not None:
        return found, None
    folder = workspace if workspace is not None and (workspace == start or workspace in start.parents) else start
    return Root(folder, None, (folder,)), problem
