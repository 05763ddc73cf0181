"""Documents -> typed entities, with every schema problem as a located Diagnostic.

Checks each YAML document's shape (a mapping with apiVersion and kind), validates it with the
pydantic model of its kind, and maps each pydantic error to a stable code, a message written for
the user (with "did you mean" for unknown fields and values) and the file:line:col of the key or
value at fault. Pure: works on parsed documents, reads no file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from inventory.base.diagnostics import Diagnostic, Diagnostics, Severity, suggest
from inventory.model.kinds import API_VERSION, ID_PATTERN, KINDS, CountFigure, Kind, PowerFigure, Scope
from inventory.model.units import COUNT_PATTERN, type_name
from inventory.read.yaml_reader import Document


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entity was written: its file (as displayed), its document, the path inside it."""

    file: str
    document: Document
    path: tuple[str | int, ...] = ()

    def locate(self, path: tuple[str | int, ...] = (), *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of ``path`` below this origin."""
        line, col = self.document.locate(self.path + path, key=key)
        return line + 1, col + 1

    def at(self, path: tuple[str | int, ...] = ()) -> Origin:
        return Origin(self.file, self.document, self.path + path)

    def diagnostic(
        self,
        code: str,
        message: str,
        path: tuple[str | int, ...] = (),
        *,
        key: bool = False,
        severity: Severity = Severity.ERROR,
        related: Iterable[Origin | tuple[Origin, tuple[str | int, ...]]] = (),
    ) -> Diagnostic:
        """A diagnostic at ``path`` below this origin (at its key with ``key=True``).

        ``related`` places are other origins, at their id unless a path is given with them.
        """
        line, col = self.locate(path, key=key)
        places = []
        for item in related:
            where, sub = item if isinstance(item, tuple) else (item, ("id",))
            places.append((where.file, *where.locate(sub)))
        return Diagnostic(self.file, line, col, code, severity, message, self.path + path, tuple(places))


@dataclass(frozen=True, slots=True)
class ParsedEntity:
    entity: Kind
    origin: Origin


_EXPECTED = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "float_type": "a number",
    "none_required": "nothing",
}
_TOO_SMALL = {"greater_than_equal", "greater_than"}
_SHAPES: dict[type[BaseModel], str] = {
    PowerFigure: "a power figure such as '420 MW', '~1.6 GW' or '>360 MW' (or a mapping with value:)",
    CountFigure: "a count such as 250000, '~1,000' or '>500' (or a mapping with value:)",
    Scope: "fleet, or a mapping with one of region, datacenter or host",
}
"""What a value of these models may look like, for wrong-type messages (shorthand included)."""


def parse_documents(
    file: str, documents: Iterable[Document], diagnostics: Diagnostics, *, taken: set[tuple[int | None, int | None]]
) -> list[ParsedEntity]:
    """Validate each document of one file; problems go to ``diagnostics``.

    Args:
        file: the file as displayed in diagnostics.
        documents: its parsed documents.
        diagnostics: the collector.
        taken: positions that already carry a YAML error, so one mistake is reported once.
    """
    parsed: list[ParsedEntity] = []
    for document in documents:
        origin = Origin(file, document)
        entity = _parse_one(origin, diagnostics, taken)
        if entity is not None:
            parsed.append(ParsedEntity(entity, origin))
    return parsed


def _report(
    diagnostics: Diagnostics,
    origin: Origin,
    code: str,
    message: str,
    path: tuple[str | int, ...] = (),
    *,
    key: bool = False,
    taken: set[tuple[int | None, int | None]] | None = None,
) -> None:
    diagnostic = origin.diagnostic(code, message, path, key=key)
    if taken is not None and (diagnostic.line, diagnostic.col) in taken:
        return
    diagnostics.add(diagnostic)


def _parse_one(origin: Origin, diagnostics: Diagnostics, taken: set[tuple[int | None, int | None]]) -> Kind | None:
    data = origin.document.data
    if not isinstance(data, dict):
        what = "empty" if data is None else type_name(data)
        _report(
            diagnostics, origin, "document-not-mapping", f"a document must be a mapping with a kind; this one is {what}"
        )
        return None
    api_version = data.get("apiVersion")
    kind = data.get("kind")
    if api_version is None:
        _report(
            diagnostics, origin, "missing-api-version", f"document has no apiVersion (add `apiVersion: {API_VERSION}`)"
        )
    elif api_version != API_VERSION:
        _report(
            diagnostics,
            origin,
            "unknown-api-version",
            f"apiVersion {api_version!r} is not supported; use {API_VERSION}",
            ("apiVersion",),
        )
        return None
    if kind is None:
        _report(diagnostics, origin, "missing-kind", f"document has no kind (one of: {', '.join(KINDS)})")
        return None
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        _report(diagnostics, origin, "unknown-kind", f"unknown kind {kind!r}{suggest(kind, KINDS)}", ("kind",))
        return None
    if api_version is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _map_error(error, model, origin, diagnostics, taken)
        return None


def _map_error(
    error: Any,
    model: type[BaseModel],
    origin: Origin,
    diagnostics: Diagnostics,
    taken: set[tuple[int | None, int | None]],
) -> None:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    # A model validator that failed reports at the model itself; drop pydantic's trailing labels.
    path = tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "union["))))
    at_key = path[-1:] == ("[key]",)  # a key of a mapping is at fault (an id in gpus_by_sku), not its value
    path = path[:-1] if at_key else path
    field = _label(path)

    def report(code: str, message: str, where: tuple[str | int, ...] = path, *, key: bool = at_key) -> None:
        _report(diagnostics, origin, code, message, where, key=key, taken=taken)

    if kind == "missing":
        owner = _label(path[:-1]) or model.__name__
        report("missing-field", f"missing required field {field!r} in {owner}", path[:-1])
    elif kind == "extra_forbidden":
        report("unknown-field", f"unknown field {field!r}{suggest(field, _fields_at(model, path[:-1]))}", key=True)
    elif kind in ("invalid-unit", "negative-value", "invalid-date", "invalid-value", "wrong-type", "number-too-large"):
        report(kind, error["msg"])
    elif kind in _TOO_SMALL:
        limit = error.get("ctx", {}).get("ge", error.get("ctx", {}).get("gt", 0))
        if isinstance(value, (int, float)) and value < 0:
            report("negative-value", f"{field} cannot be negative, got {value}")
        else:
            report("invalid-value", f"{field} must be at least {limit}, got {value}")
    elif kind in ("literal_error", "enum"):
        if field in ("kind", "apiVersion"):
            return  # already reported before model validation
        expected = error.get("ctx", {}).get("expected", "")
        choices = [
            _YAML_WORDS.get(c.strip(), c.strip().strip("'"))
            for c in expected.replace(" or ", ", ").split(",")
            if c.strip()
        ]
        shown = _YAML_WORDS.get(str(value), repr(value)) if isinstance(value, bool) or value is None else repr(value)
        report(
            "invalid-value",
            f"{shown} is not allowed for {field}; use one of: {', '.join(choices)}{suggest(value, choices)}",
        )
    elif kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if pattern == ID_PATTERN:
            form = "an id: ASCII letters, digits, '-', '_' or '.', starting with a letter or digit"
        elif field == "tolerance":
            form = "a tolerance: a percentage such as 5%"
        elif field == "country":
            form = "a two-letter ISO 3166 country code (US, GB, SE...)"
        else:
            form = f"the form {field} needs (pattern {pattern})"
        report("invalid-value", f"{value!r} is not {form}")
    elif kind in ("string_too_short", "too_short"):
        report("invalid-value", f"{field} cannot be empty")
    elif kind == "string_too_long":
        report("invalid-value", f"{field} is too long")
    elif kind in _EXPECTED or kind.endswith("_type") or kind.endswith("_parsing"):
        expected = _SHAPES.get(_model_at(model, path)) or _EXPECTED.get(
            kind, kind.removesuffix("_type").removesuffix("_parsing")
        )
        shown = f" {value!r}" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
        hint = ""
        if kind == "int_type" and isinstance(value, str) and re.fullmatch(COUNT_PATTERN, value):
            hint = f"; write it as a number: {value.replace(',', '').replace('_', '')}"
        report("wrong-type", f"{field or 'value'} should be {expected}, got {type_name(value)}{shown}{hint}")
    else:  # a pydantic error type this mapping has not met yet: still located, still reported
        report("invalid-value", f"{field}: {error['msg']}")


_YAML_WORDS = {"True": "true", "False": "false", "None": "null"}
"""Python's names for YAML's true, false and null, as a user wrote them."""


def _label(path: tuple[str | int, ...]) -> str:
    """The field a message names: ``name``, or ``power[0]`` for an item of a list."""
    label = ""
    for step in reversed(path):
        label = f"[{step}]{label}" if isinstance(step, int) else f"{step}{label}"
        if isinstance(step, str):
            break
    return label


def _fields_at(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Names of the fields allowed at ``path`` inside ``model`` (aliases as written in YAML)."""
    fields = getattr(_model_at(model, path), "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _model_at(model: type[BaseModel], path: tuple[str | int, ...]) -> Any:
    """The model class of the value at ``path`` inside ``model``, or None (a list index or a
    dict key steps into the model a ``list[X]`` or ``dict[str, X]`` holds)."""
    current: Any = model
    in_container = False
    for step in path:
        if in_container:  # an index of list[X] or a key of dict[str, X]: the value is an X
            in_container = False
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return None
        field = next((f for name, f in fields.items() if (f.alias or name) == step), None)
        if field is None:
            return None
        current = _model_in(field.annotation)
        in_container = str(field.annotation).startswith(("list[", "dict["))
    return None if in_container else current


def _model_in(annotation: Any) -> Any:
    """The BaseModel class inside ``X | None``, ``list[X]`` or ``dict[str, X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
