"""JSON Schema (2020-12) generated from the models, and the committed files in schemas/.

``build_schemas()`` is pure; ``write_schemas`` and ``stale_schemas`` are the only functions that
touch schemas/. Files are written atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import CoreSchema

from inventory.base.atomic import write_atomic
from inventory.model.kinds import API_VERSION, KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SOURCE_TREE = Path(__file__).resolve().parents[2]
"""The folder holding inventory/: a checkout of gpufleet, or site-packages in an install."""
SCHEMA_DIR = (
    SOURCE_TREE / "schemas" if (SOURCE_TREE / "pyproject.toml").is_file() else SOURCE_TREE / "inventory" / "schemas"
)
"""schemas/ at the root of a checkout; in an installed wheel, the copy packaged as inventory/schemas/."""
ALL_KINDS = "gpufleet.schema.json"


class _Generator(GenerateJsonSchema):
    def generate(self, schema: CoreSchema, mode: Any = "validation") -> JsonSchemaValue:
        generated = super().generate(schema, mode=mode)
        return {"$schema": DIALECT, **generated}

    def dict_schema(self, schema: Any) -> JsonSchemaValue:
        """A mapping whose keys have a pattern (SKU ids in ``gpus_by_sku``): pydantic writes the
        pattern in ``patternProperties``, which lets any other key through unchecked; the pattern
        belongs in ``propertyNames``, and every value follows the value schema."""
        json_schema = super().dict_schema(schema)
        patterns = json_schema.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1:
            ((pattern, values),) = json_schema.pop("patternProperties").items()
            json_schema["propertyNames"] = {**json_schema.get("propertyNames", {}), "pattern": pattern}
            json_schema["additionalProperties"] = values
        return json_schema


def _file_name(kind: str) -> str:
    return f"{kind.lower()}.schema.json"


def build_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema: one per kind, and one that accepts any kind (for editors)."""
    out: dict[str, dict[str, Any]] = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema(by_alias=True, schema_generator=_Generator)
        schema["$id"] = f"urn:gpufleet:{API_VERSION}:{kind}"
        schema["title"] = f"gpufleet {kind}"
        out[_file_name(kind)] = schema
    out[ALL_KINDS] = any_kind_schema()
    return dict(sorted(out.items()))


def any_kind_schema() -> dict[str, Any]:
    """One schema for a document of any kind, dispatching on ``kind`` with ``if``/``then``.

    A ``oneOf`` of the kinds (what pydantic writes for a union, with a ``discriminator`` keyword
    JSON Schema validators ignore) lets a validator report the closest *wrong* kind: a DataCenter
    mistake read "'Fleet' was expected". With ``if kind is X then X's schema``, only the document's
    own kind applies, in every validator (draft-07 on: yaml-language-server, check-jsonschema).
    """
    kinds: Any = Union[tuple(KINDS.values())]  # noqa: UP007 (a Union of a runtime tuple of classes)
    union: TypeAdapter[Any] = TypeAdapter(kinds)
    generated = union.json_schema(by_alias=True, schema_generator=_Generator)
    return {
        "$schema": DIALECT,
        "$id": f"urn:gpufleet:{API_VERSION}:any",
        "title": f"gpufleet document ({API_VERSION}, any kind)",
        "type": "object",
        "required": ["apiVersion", "kind"],
        "properties": {
            "apiVersion": {"const": API_VERSION, "description": "Format version; always gpufleet/v1."},
            "kind": {"enum": list(KINDS), "description": "What the document describes."},
        },
        "allOf": [
            {
                "if": {
                    "properties": {"kind": {"const": kind, "description": f"A {kind} document."}},
                    "required": ["kind"],
                },
                "then": {"$ref": f"#/$defs/{kind}"},
            }
            for kind in KINDS
        ],
        "$defs": generated["$defs"],
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def stale_schemas(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of the schema files that are missing or differ from what the models generate."""
    stale = []
    for name, schema in build_schemas().items():
        path = directory / name
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != render(schema):
            stale.append(name)
    return stale


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema file atomically; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in build_schemas().items():
        path = directory / name
        write_atomic(path, render(schema))
        written.append(path)
    return written
