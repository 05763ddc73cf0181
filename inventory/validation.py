"""Documents -> typed entities, with every schema problem as a located Diagnostic.

Checks each YAML document's shape (a mapping with apiVersion and kind), validates it with the
pydantic model of its kind, and maps each pydantic error to a stable code, a message written for
the user (with "did you mean" for unknown fields and values) and the file:line:col of the key or
value at fault. Pure: works on parsed documents, reads no file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from inventory.diagnostics import Diagnostic, Diagnostics, Severity, suggest
from inventory.models import API_VERSION, KINDS
from inventory.models import Document as Entity
from inventory.units import type_name
from inventory.yaml_reader import Document


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


@dataclass(frozen=True, slots=True)
class ParsedEntity:
    entity: Entity
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
    line, col = origin.locate(path, key=key)
    if taken is not None and (line, col) in taken:
        return
    diagnostics.add(Diagnostic(origin.file, line, col, code, Severity.ERROR, message, origin.path + path))


def _parse_one(origin: Origin, diagnostics: Diagnostics, taken: set[tuple[int | None, int | None]]) -> Entity | None:
    data = origin.document.data
    if not isinstance(data, dict):
        what = "empty" if data is None else type_name(data)
        _report(diagnostics, origin, "document-not-mapping", f"a document must be a mapping with a kind; this one is {what}")
        return None
    api_version = data.get("apiVersion")
    kind = data.get("kind")
    if api_version is None:
        _report(diagnostics, origin, "missing-api-version", f"document has no apiVersion (add `apiVersion: {API_VERSION}`)")
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
    error: Any, model: type[BaseModel], origin: Origin, diagnostics: Diagnostics, taken: set[tuple[int | None, int | None]]
) -> None:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    # A model validator that failed reports at the model itself; drop pydantic's trailing labels.
    path = tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "union["))))
    field = str(path[-1]) if path else ""
    if kind == "missing":
        _report(diagnostics, origin, "missing-field", f"missing required field {field!r}", path[:-1], taken=taken)
    elif kind == "extra_forbidden":
        allowed = _fields_at(model, path[:-1])
        message = f"unknown field {field!r}{suggest(field, allowed)}"
        _report(diagnostics, origin, "unknown-field", message, path, key=True, taken=taken)
    elif kind in ("invalid-unit", "negative-value", "invalid-date", "invalid-value", "wrong-type"):
        _report(diagnostics, origin, kind, error["msg"], path, taken=taken)
    elif kind in _TOO_SMALL:
        limit = error.get("ctx", {}).get("ge", error.get("ctx", {}).get("gt", 0))
        code = "negative-value" if value is not None and isinstance(value, (int, float)) and value < 0 else "invalid-value"
        _report(diagnostics, origin, code, f"{field} must be at least {limit}, got {value}", path, taken=taken)
    elif kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        if field == "kind" or field == "apiVersion":
            return  # already reported before model validation
        message = f"{value!r} is not allowed for {field}; use one of: {', '.join(choices)}{suggest(value, choices)}"
        _report(diagnostics, origin, "invalid-value", message, path, taken=taken)
    elif kind == "string_pattern_mismatch":
        _report(diagnostics, origin, "invalid-value", f"{value!r} does not have the form {field} needs", path, taken=taken)
    elif kind in ("string_too_short", "too_short"):
        _report(diagnostics, origin, "invalid-value", f"{field} cannot be empty", path, taken=taken)
    elif kind == "string_too_long":
        _report(diagnostics, origin, "invalid-value", f"{field} is too long", path, taken=taken)
    elif kind in _EXPECTED or kind.endswith("_type") or kind.endswith("_parsing"):
        expected = _EXPECTED.get(kind, kind.removesuffix("_type").removesuffix("_parsing"))
        shown = f" {value!r}" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
        message = f"{field or 'value'} should be {expected}, got {type_name(value)}{shown}"
        _report(diagnostics, origin, "wrong-type", message, path, taken=taken)
    else:  # a pydantic error type this mapping has not met yet: still located, still reported
        _report(diagnostics, origin, "invalid-value", f"{field}: {error['msg']}", path, taken=taken)


def _fields_at(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Names of the fields allowed at ``path`` inside ``model`` (aliases as written in YAML)."""
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return []
        field = next((f for name, f in fields.items() if (f.alias or name) == step), None)
        if field is None:
            return []
        current = _model_in(field.annotation)
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _model_in(annotation: Any) -> Any:
    """The BaseModel class inside ``X | None``, ``list[X]`` or ``dict[str, X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
