"""README sections generated from the code, so the reference cannot drift from the format.

``python -m inventory.output.docs`` rewrites the README's generated blocks (the format reference, from the
models' field descriptions, and the table of diagnostic codes, from CODES); a test fails when the
README is stale. Writes atomically.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from inventory.base.atomic import write_atomic
from inventory.base.diagnostics import CODES
from inventory.model.kinds import (
    KINDS,
    CountFigure,
    Figures,
    GpuDeployment,
    Location,
    PowerAllocation,
    ReconcileSettings,
    Scope,
)

README = Path(__file__).resolve().parents[2] / "README.md"
NESTED: tuple[tuple[str, type[BaseModel]], ...] = (
    ("power allocation (DataCenter `power:` item)", PowerAllocation),
    ("GPU deployment (DataCenter `gpus:` item)", GpuDeployment),
    ("location (DataCenter `location:`)", Location),
    ("scope (Report `scope:`, Fleet `complete_scopes:` item)", Scope),
    ("figures (Report `figures:`)", Figures),
    ("a count figure (`data_centers`, `gpus`, `regions`... in `figures:`)", CountFigure),
    ("reconcile settings (Fleet `reconcile:`)", ReconcileSettings),
)
_INHERITED = {"sources", "note", "id", "formerly", "api_version", "kind"}


def _type_name(annotation: Any) -> str:
    """A short, readable name for a field's type."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" if not isinstance(a, bool) else f"`{str(a).lower()}`" for a in args)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"map of {_type_name(args[0])} to {_type_name(args[1])}"
    name = getattr(annotation, "__name__", str(annotation))
    return {
        "str": "text",
        "int": "integer",
        "Power": "power",
        "PartialDate": "date",
        "PowerFigure": "power figure (`~1.6 GW`)",
        "CountFigure": "count figure (`>250,000`)",
        "Qualifier": "qualifier",
    }.get(name, name)


def _rows(model: type[BaseModel], *, skip_common: bool) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        if skip_common and name in _INHERITED:
            continue
        written = field.alias or name
        required = "yes" if field.is_required() else ""
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{written}` | {_type_name(field.annotation)} | {required} | {description} |")
    return rows


def render_format_reference() -> str:
    out = [
        "Every document has `apiVersion: gpufleet/v1`, `kind`, and `id` (letters, digits, `-`, `_`, `.`; unique",
        "per kind). Every entity, nested item and figure may have `sources` (ids of Source documents) and",
        "`note`; entities and nested items may have `formerly` (previous ids, so a rename is not a",
        "delete and an add). *power* is a number and a unit (`420 MW`); *date* may be partial",
        "(`2025-03-31`, `2026-06`, `2026-Q3`, `2026-H1`, `2027`, `<=2024-12-31` for on or before).",
        "",
    ]
    sections: list[tuple[str, type[BaseModel]]] = [(f"`{kind}`", model) for kind, model in KINDS.items()]
    sections += list(NESTED)
    for title, model in sections:
        doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
        out += [f"#### {title}", "", doc, "", "| field | type | required | meaning |", "|---|---|---|---|"]
        out += _rows(model, skip_common=model not in (Scope, Figures, Location))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_codes() -> str:
    rows = ["| code | what it means |", "|---|---|"]
    rows += [f"| `{code}` | {meaning} |" for code, meaning in CODES.items()]
    return "\n".join(rows) + "\n"


GENERATED = {"format-reference": render_format_reference, "codes-table": render_codes}


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated:{name} -->\n)(.*?)(<!-- /generated:{name} -->)", re.S)


def updated(text: str) -> str:
    """``text`` with every generated block replaced by its current rendering."""
    for name, render in GENERATED.items():
        text = _block(name).sub(lambda m, r=render: m.group(1) + r() + m.group(3), text)  # type: ignore[misc]
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite the README's generated blocks; with ``--check``, exit 1 if they are stale instead."""
    args = sys.argv[1:] if argv is None else argv
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if new == text:
        return 0
    if "--check" in args:
        print(f"{README}: generated blocks are stale; run `python -m inventory.output.docs`", file=sys.stderr)
        return 1
    write_atomic(README, new)
    print(f"updated {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
