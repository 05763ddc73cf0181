"""The one loader: sources -> parsed files -> linked Inventory, each distinct content parsed once.

A ``Loader`` keeps every parse it made by (file name, content key). Loading several sources at
once (both sides of a diff) lists them all first, reads from git only the blobs no file on disk
already holds, and parses each distinct (name, key) once, the YAML read on two cores; a later
load through the same loader (the TUI's reload, the editor server's re-check) parses only what
changed. Parsing is pure, so the results never depend on what the loader remembers.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field

from inventory.base.diagnostics import Diagnostics, Severity
from inventory.check.linking import Inventory
from inventory.check.parsed import ParsedFile, link_files, parse_file
from inventory.engine import answers
from inventory.engine.cache import Store, key_of
from inventory.engine.sources import Listing, Revision, Source, Texts
from inventory.read import git
from inventory.read.fast_reader import from_json, prepare_all, to_json
from inventory.read.files import gc_paused
from inventory.read.prefetch import prepare_contents


@dataclass(slots=True)
class LoadResult:
    """One source read, parsed, validated and linked: the load stage of a verdict."""

    inventory: Inventory
    diagnostics: Diagnostics
    parsed: list[ParsedFile] = field(default_factory=list)
    files: int = 0
    """YAML files the source lists (0: its folder is missing or holds none)."""
    missing: bool = False
    """The source's folder does not exist."""
    notes: list[str] = field(default_factory=list)

    @property
    def cannot_run(self) -> bool:
        """True when a file could not be read at all (exit code 2)."""
        return any(d.code == "unreadable-file" and d.severity is Severity.ERROR for d in self.diagnostics)


class Loader:
    """Loads sources, remembering each parse by (name, content key)."""

    def __init__(self, *, freeze: bool = False, cache: Store | None = None) -> None:
        self._parsed: dict[tuple[str, str], ParsedFile] = {}
        self.parses = 0
        """How many files this loader parsed (tests count them)."""
        self._freeze = freeze
        self.cache = cache
        """The on-disk cache of YAML readings by content (``engine.cache``), or None."""

    def load(self, source: Source) -> LoadResult:
        """Read, parse and link one source.

        Raises:
            UsageError: a path does not exist or holds no YAML file (for a command-line source).
        """
        return self.load_all([source])[0]

    def load_all(self, sources: Sequence[Source]) -> list[LoadResult]:
        """Read, parse and link several sources; a content both hold is parsed once."""
        listings = [answers.take(source) or source.list() for source in sources]
        with gc_paused():
            self._parse_missing(sources, listings)
            results = []
            for listing in listings:
                parsed, notes = _inventory_files(listing, self._parsed)
                inventory = link_files(parsed, listing.diagnostics)
                results.append(LoadResult(inventory, listing.diagnostics, parsed, len(parsed), listing.missing, notes))
            if self._freeze:
                # A command's inventory lives as long as the command: freezing it spares every
                # later collection a walk over millions of objects (refcounting still frees them).
                gc.freeze()
        keep = {(f.name, f.key) for listing in listings for f in listing.files}
        self._parsed = {k: v for k, v in self._parsed.items() if k in keep}
        return results

    def _parse_missing(self, sources: Sequence[Source], listings: list[Listing]) -> None:
        todo: dict[tuple[str, str], bytes | None] = {}
        real: dict[tuple[str, str], str] = {}
        on_disk: dict[str, bytes] = {}
        for listing in listings:
            for f in listing.files:
                if f.data is not None:
                    on_disk[f.key] = f.data
                key = (f.name, f.key)
                if key not in self._parsed and key not in todo:
                    todo[key] = f.data
                    if f.real is not None:
                        real[key] = f.real
        if not todo:
            return
        blobs = [key for key, data in todo.items() if data is None and key[1] not in on_disk]
        if blobs:
            fetched = git.read_blobs(_repository(sources), sorted({key[1] for key in blobs}))
            on_disk.update(fetched)
        contents = [(key, data if data is not None else on_disk[key[1]]) for key, data in todo.items()]
        known = self._cached_readings([key[1] for key, _ in contents])
        fresh = [(key, data) for key, data in contents if key[1] not in known]
        if fresh and real and all(key in real for key, _ in fresh):  # the prefetching child may have read them
            prepared = prepare_contents([(real[key], data) for key, data in fresh])
        else:
            prepared = prepare_all([data for _, data in fresh])
        readings = dict(known)
        for (key, _), p in zip(fresh, prepared, strict=True):
            readings[key[1]] = p
        self._store_readings({key[1]: p for (key, _), p in zip(fresh, prepared, strict=True)})
        for key, data in contents:
            self._parsed[key] = parse_file(key[0], data, readings[key[1]], key[1])
            self.parses += 1

    def _cached_readings(self, blobs: Sequence[str]) -> dict[str, bytes]:
        """The fast reader's output for each blob the cache holds (stored as JSON, never marshal)."""
        if self.cache is None:
            return {}
        found = {}
        for blob in blobs:
            value = self.cache.get_json("parse", _reading_key(blob))
            reading = from_json(value)
            if reading is not None:
                found[blob] = reading
        return found

    def _store_readings(self, readings: dict[str, bytes]) -> None:
        if self.cache is None or not readings:
            return
        for blob, prepared in readings.items():
            self.cache.put_json("parse", _reading_key(blob), to_json(prepared))
        self.cache.flush()


def _reading_key(blob: str) -> str:
    return key_of("parse", blob)


def _inventory_files(listing: Listing, parses: dict[tuple[str, str], ParsedFile]) -> tuple[list[ParsedFile], list[str]]:
    """The parsed files that are inventory, and the listing's notes plus one per file skipped as not inventory."""
    kept: list[ParsedFile] = []
    notes = list(listing.notes)
    for f in listing.files:
        pf = parses[(f.name, f.key)]
        if pf.foreign and not f.listed:
            notes.append(
                f"{f.name}: skipped, not an inventory file (no apiVersion, kind or id in it); "
                "name it as a PATH to check it"
            )
            continue
        kept.append(pf)
    return kept, notes


def _repository(sources: Sequence[Source]) -> git.Repository:
    for source in sources:
        base = source.base if isinstance(source, Texts) else source
        if isinstance(base, Revision):
            return base.repo
    raise AssertionError("a file without bytes comes from a revision")
