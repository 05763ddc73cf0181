"""Where the inventory is: its root and config file, found from any sub-folder, and what to skip.

Like git finding ``.git``, ``find_root`` walks up from a folder to the first that holds
``gpufleet.toml``, a ``pyproject.toml`` with a ``[tool.gpufleet]`` table, or (with no config) a
YAML file with ``kind: Fleet`` at its top level; it stops at the top of a git work tree. The
config names the inventory's paths, ``exclude`` globs, a default as-of date and default formats.

``Excludes`` matches globs the way .gitignore does: a pattern without ``/`` matches a file or
folder name at any depth (``drafts``, ``*.draft.yaml``), one with ``/`` matches from the root
(``archive/2023/**``), ``**`` spans folders, a trailing ``/`` matches folders only.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inventory.base.diagnostics import suggest
from inventory.base.errors import UsageError

CONFIG_FILE = "gpufleet.toml"
KEYS = ("paths", "exclude", "as_of", "format")
_FLEET_LINE = re.compile(rb"^kind:[ \t]*[\"']?Fleet[\"']?[ \t]*(#.*)?\r?$", re.MULTILINE)
_SNIFF = 1 << 16
"""Bytes of each YAML file read when looking for a Fleet (a Fleet document comes early)."""


@dataclass(frozen=True, slots=True)
class Root:
    """An inventory root and what its config says (all defaults when found by its Fleet)."""

    folder: Path
    config: Path | None = None
    """The config file, or None when the root was found by its Fleet document."""
    paths: tuple[Path, ...] = ()
    """The inventory's files and folders (absolute); the root itself when the config names none."""
    exclude: tuple[str, ...] = ()
    as_of: str | None = None
    formats: dict[str, str] = field(default_factory=dict)
    """Default ``--format`` per verb (``{"validate": "github"}``)."""


def find_root(start: Path, *, by_fleet: bool = True) -> Root | None:
    """The inventory root at or above ``start`` (a folder), or None when there is none.

    Args:
        start: where to begin (the current directory, or the folder a PATH names).
        by_fleet: also stop at a folder holding a Fleet document (only configs otherwise).

    Raises:
        UsageError: a config file that cannot be read or holds an unknown key or a bad value.
    """
    folder = start.absolute()
    while True:
        found = _config_at(folder)
        if found is not None:
            return found
        if by_fleet and _holds_fleet(folder):
            return Root(folder, None, (folder,))
        if _is(folder / ".git", os.path.exists) or folder.parent == folder:
            return None
        folder = folder.parent


def _config_at(folder: Path) -> Root | None:
    own = folder / CONFIG_FILE
    if _is(own, os.path.isfile):
        return _root(folder, own, _read_toml(own))
    pyproject = folder / "pyproject.toml"
    if _is(pyproject, os.path.isfile):
        table = _read_toml(pyproject).get("tool", {}).get("gpufleet")
        if isinstance(table, dict):
            return _root(folder, pyproject, table)
    return None


def _is(path: Path, test: Any) -> bool:
    """``os.path.isfile``/``exists`` of ``path``: False for any OS error (a folder that cannot be
    searched, a name too long), where ``Path.is_file`` raises; the loader reports the folder."""
    try:
        return bool(test(path))
    except (OSError, ValueError):
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None


def _strings(value: object, key: str, where: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UsageError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(value)


def _root(folder: Path, config: Path, table: dict[str, Any]) -> Root:
    section = "[tool.gpufleet] " if config.name == "pyproject.toml" else ""
    where = Path(f"{config} {section}".rstrip())
    for key in table:
        if key not in KEYS:
            raise UsageError(f"{where}: unknown key {key!r}{suggest(key, KEYS)} (known: {', '.join(KEYS)})")
    paths = tuple(folder / p for p in _strings(table.get("paths", ["."]), "paths", where))
    for path in paths:
        if not path.exists():
            raise UsageError(f"{where}: paths: {path} does not exist")
    as_of = table.get("as_of")
    if as_of is not None and not isinstance(as_of, str):
        raise UsageError(f'{where}: as_of must be a date in quotes ("2025-06-30")')
    formats = table.get("format", {})
    if not isinstance(formats, dict) or not all(isinstance(v, str) for v in formats.values()):
        raise UsageError(f'{where}: format must be a table of verb = "format" (validate = "github")')
    return Root(folder, config, paths, _strings(table.get("exclude", []), "exclude", where), as_of, dict(formats))


def _holds_fleet(folder: Path) -> bool:
    """True when a YAML file directly in ``folder`` has a top-level ``kind: Fleet`` line."""
    try:
        names = sorted(
            p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
        )
    except OSError:
        return False
    for path in names:
        try:
            with path.open("rb") as handle:
                if _FLEET_LINE.search(handle.read(_SNIFF)):
                    return True
        except OSError:
            continue
    return False


class Excludes:
    """Glob patterns matched against paths relative to one folder, as .gitignore matches them."""

    def __init__(self, base: Path, patterns: Iterable[str]) -> None:
        self.base = base.absolute()
        self.patterns = tuple(patterns)
        self._rules = [_compile(p) for p in self.patterns]

    def __bool__(self) -> bool:
        return bool(self._rules)

    def relative(self, path: Path) -> str | None:
        """``path`` relative to the base, ``/``-separated; None outside it."""
        try:
            return path.absolute().relative_to(self.base).as_posix()
        except ValueError:
            return None

    def match(self, relative: str, *, is_dir: bool) -> bool:
        """True when ``relative`` (``/``-separated, from the base) is excluded."""
        return any(rule.fullmatch(relative) and (is_dir or not dirs_only) for rule, dirs_only in self._rules)

    def excludes_file(self, relative: str) -> bool:
        """True when a file (``/``-separated path from the base) or a folder above it is excluded."""
        parts = relative.split("/")
        folders = ("/".join(parts[:i]) for i in range(1, len(parts)))
        return any(self.match(f, is_dir=True) for f in folders) or self.match(relative, is_dir=False)

    def skips(self, path: Path, *, is_dir: bool) -> bool:
        relative = self.relative(path)
        return relative is not None and relative != "." and self.match(relative, is_dir=is_dir)


def _compile(pattern: str) -> tuple[re.Pattern[str], bool]:
    dirs_only = pattern.endswith("/")
    body = pattern.strip("/") if "/" in pattern.rstrip("/") else pattern.rstrip("/")
    anchored = "/" in pattern.rstrip("/")
    out = ""
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif body.startswith("**", i):
            out += ".*"
            i += 2
        elif body[i] == "*":
            out += "[^/]*"
            i += 1
        elif body[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(body[i])
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(prefix + out), dirs_only


def merged(root: Root | None, extra: Sequence[str]) -> tuple[str, ...]:
    """The config's exclude globs, then those given with ``--exclude``."""
    return (*(root.exclude if root is not None else ()), *extra)
