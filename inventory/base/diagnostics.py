"""Every problem gpufleet finds, as data: one Diagnostic type and the collector.

Stages never raise for a user's mistake; they append a Diagnostic with its file, 1-based line and
column (None when no position is known), the data path and a stable kebab-case code. CODES is the
one list of codes: the README's table, the reporters and the tests all read it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


CODES: dict[str, str] = {
    # files and YAML
    "unreadable-file": "a file or directory could not be read (permissions, I/O error): exit code 2",
    "file-too-large": "a file is larger than the most gpufleet reads (32 MB; GPUFLEET_MAX_FILE_SIZE sets it)",
    "number-too-large": "a number has more digits than any inventory needs (15 digits before the point, 15 after)",
    "symlink-loop": "a link leads back to itself or to a directory already read",
    "not-utf8": "a file is not UTF-8 text",
    "empty-file": "a file holds no YAML document",
    "yaml-syntax": "the YAML does not parse (tabs for indentation, bad indentation, unclosed quotes...)",
    "duplicate-key": "a mapping has the same key twice (both positions are given)",
    "yaml-anchor": "anchors (&name) are not allowed: every value is written out where it applies",
    "yaml-alias": "aliases (*name) are not allowed; they are refused, never expanded",
    "yaml-tag": "explicit tags such as !!python/object are not allowed",
    "non-string-key": "a mapping key is a number, boolean, null or collection instead of text",
    "non-finite-number": ".nan and .inf are not numbers an inventory can hold",
    "nesting-too-deep": "collections are nested deeper than gpufleet reads",
    "too-many-problems": "a file has so many YAML problems that the rest of it was not read",
    "document-not-mapping": "a YAML document is a list or a scalar instead of a mapping",
    # documents and fields
    "missing-api-version": "a document has no apiVersion",
    "unknown-api-version": "apiVersion is not gpufleet/v1",
    "missing-kind": "a document has no kind",
    "unknown-kind": "kind is not one of the kinds gpufleet knows",
    "unknown-field": "a field the kind does not have (with a suggestion when one is close)",
    "missing-field": "a required field is absent",
    "wrong-type": "a value has the wrong type (text where a number is expected, ...)",
    "invalid-value": "a value is not one of the allowed choices or does not have the allowed form",
    "invalid-unit": "a power figure has no unit or an unknown one (write 420 MW, 1.6 GW, 700 W)",
    "invalid-date": "a date is not YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn or YYYY-Hn",
    "negative-value": "a power, count or size is below zero",
    "absurd-value": "a value is beyond any plausible size (e.g. one power block over 50 GW)",
    # the inventory as a whole
    "missing-fleet": "the inventory has no Fleet document",
    "duplicate-fleet": "the inventory has more than one Fleet document",
    "duplicate-id": "two entities of one kind share an id (both locations are given)",
    "unknown-region": "a data center or report names a region that is not defined",
    "unknown-datacenter": "a report names a data center that is not defined",
    "unknown-sku": "a GPU deployment or report names a GPU SKU that is not defined",
    "unknown-source": "a figure or entity cites a source id that is not defined",
    "rename-conflict": "`formerly` names the entity's own id, an id still in use, or an id another entity also claims",
    "date-order": (
        "dates out of order (energized before contracted, closed before opened, power or GPUs at a site"
        " before its since or after its until, ...)"
    ),
    "systems-mismatch": "a GPU deployment's racks or nodes times its SKU's gpus_per_system is not its GPUs",
    # reconciliation with reported figures (severity: Fleet `reconcile:` settings or validate flags)
    "figure-mismatch": (
        "the itemized inventory contradicts a reported figure (error; a warning with `mismatches: warning`)"
    ),
    "figure-incomplete": "information: a reported figure is consistent with the inventory so far; shows its coverage",
    "figure-conflict": "two reports give figures for one scope, metric and date that no single value satisfies",
    "count-contradicts-names": "a reported count is smaller than the list of names the same figure gives (`named:`)",
    "figures-dated-differently": (
        "two sources give the same figures for one scope at different dates: one date is likely wrong"
    ),
    "weak-figure": (
        "information: only weak sources give a figure, so it decides no check alone (its mismatch, match or"
        " disagreement is shown, not counted)"
    ),
    "unknown-host": "a report's scope names a host that no data center has",
    "unknown-country": "a report's country scope names countries that no data center or region is in (warning)",
    "mixed-basis": (
        "a power figure is reconciled with power of another basis (critical-IT against gross or unstated):"
        " the inventory gives a range, not a sum"
    ),
    # plausibility (warnings)
    "gpu-draw-exceeds-power": "the GPUs' estimated draw (GPUs x SKU system power) exceeds the active power",
    "contracted-below-active": "a report's contracted power is below its active power",
    "crypto-counted-as-ai": "a site's GPUs fit in its power only if the power reserved for crypto-mining is counted",
    "gpus-before-power": "GPUs are installed at a site without `since` before its first power block is energized",
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place. ``line`` and ``col`` are 1-based; None when unknown."""

    file: str
    line: int | None
    col: int | None
    code: str
    severity: Severity
    message: str
    path: tuple[str | int, ...] = ()
    related: tuple[tuple[str, int | None, int | None], ...] = field(default=())
    """Other places involved (the first of two duplicates, the other figure of a conflict)."""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.col or 0, self.code)

    @property
    def dotted_path(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out


class Diagnostics:
    """Collects diagnostics from every stage; never raises."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self._items: list[Diagnostic] = list(items)

    def add(self, diagnostic: Diagnostic) -> None:
        assert diagnostic.code in CODES, diagnostic.code  # a new code must be documented first
        self._items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self._items, key=lambda d: d.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self._items if d.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self._items)

    def at(self, file: str) -> set[tuple[int | None, int | None]]:
        """Positions in ``file`` that already carry an error (used to avoid reporting twice)."""
        return {(d.line, d.col) for d in self._items if d.file == file and d.severity is Severity.ERROR}


def suggest(word: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing."""
    if not isinstance(word, str):
        return ""
    options = list(choices)
    import difflib  # only for a mistyped word: a run answered from the cache never needs it

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        close = [c for c in options if c.lower() == word.lower()][:1]
    return f" (did you mean {close[0]!r}?)" if close else ""
