"""README sections generated from the code, so the reference cannot drift from the format.

``python -m inventory.output.docs`` rewrites the README's generated blocks (the format reference, from the
models' field descriptions, and the table of diagnostic codes, from CODES) and those of
seeds/README.md (the seed's timeline, site checks and sources, from what ``gpufleet reconcile
seeds/coreweave --format json`` prints: the engine's verdict through the same presenter); a test
fails when either file is stale. Writes atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from inventory.base.atomic import write_atomic
from inventory.base.diagnostics import CODES
from inventory.model.base import QualifiedCountValue, QualifiedPowerValue
from inventory.model.kinds import (
    KINDS,
    CountFigure,
    Figures,
    GpuDeployment,
    Location,
    OneOrList,
    PlannedDate,
    PowerAllocation,
    PowerFigure,
    ReconcileSettings,
    Scope,
)
from inventory.rollup.scopes import format_amount, metric_label

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SEED = "seeds/coreweave"
SEED_README = ROOT / "seeds" / "README.md"
NESTED: tuple[tuple[str, type[BaseModel]], ...] = (
    ("power allocation (DataCenter `power:` item)", PowerAllocation),
    ("planned energization (power allocation `planned:` item)", PlannedDate),
    ("GPU deployment (DataCenter `gpus:` item)", GpuDeployment),
    ("location (DataCenter `location:`)", Location),
    ("scope (Report `scope:`, Fleet `complete_scopes:` item)", Scope),
    ("figures (Report `figures:`)", Figures),
    ("a count figure (`data_centers`, `gpus`, `regions`... in `figures:`)", CountFigure),
    ("a power figure (`active_power`, `contracted_power`, `power_by_purpose` in `figures:`)", PowerFigure),
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
        "PlannedDate": "planned date",
    }.get(name, name)


_QUALIFIED = (
    (typing.get_args(QualifiedCountValue)[1], 'count (`16000`, or `">16,000"` for a bound)'),
    (typing.get_args(QualifiedPowerValue)[1], "power (`120 MW`, or `~120 MW` for a bound)"),
)
"""Types whose validator also takes a qualified amount, by the validator their annotation carries."""


def _field_type(field: Any) -> str:
    for marker, name in _QUALIFIED:
        if any(m is marker for m in field.metadata):
            return name
    if any(isinstance(m, OneOrList) for m in field.metadata):
        (item,) = typing.get_args(field.annotation)
        return f"{_type_name(item)}, or a list of them"
    return _type_name(field.annotation)


def _rows(model: type[BaseModel], *, skip_common: bool) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        if skip_common and name in _INHERITED:
            continue
        written = field.alias or name
        required = "yes" if field.is_required() else ""
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{written}` | {_field_type(field)} | {required} | {description} |")
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


def _seed_checks() -> list[dict[str, Any]]:
    """The seed's reconciliation as ``gpufleet reconcile seeds/coreweave --format json`` prints it.

    The command's own path: the engine's verdict on the seed, through the reconcile JSON presenter.
    """
    from inventory.engine import Paths, check
    from inventory.output import formats

    verdict = check(Paths.of([ROOT / SEED]))
    results: list[dict[str, Any]] = json.loads(formats.render("reconcile", "json", verdict.checks))["results"]
    return results


def _amount(value: int | str, unit: str) -> str:
    return format_amount(Decimal(value), is_power=unit == "W")


def _check_rows(results: list[dict[str, Any]], *, with_scope: bool) -> str:
    """One row per reported figure, by date: what was reported, what the inventory itemizes, the status."""
    head = ["as of", *(["scope"] if with_scope else []), "report", "metric", "reported", "itemized", "cover", "status"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in sorted(results, key=lambda r: r["evaluated_at"]):  # stable: inventory order within a date
        computed, unit = r["computed"], r["unit"]
        itemized = _amount(computed["itemized"], unit)
        more = " or more" if computed["unbounded"] else ""  # no upper bound, as `rollup` says it
        if computed["uncertain"] not in (0, "0"):
            itemized += f" (+{_amount(computed['uncertain'], unit)}?{more})"
        elif more:
            itemized += " (+?)"
        cover = "" if r["coverage"] is None else f"{r['coverage'] * 100:.0f}%"
        scope = [f"{r['scope']['kind']} {r['scope']['id']}"] if with_scope else []
        cells = [r["as_of"], *scope, f"`{r['report']}`", metric_label(r["metric"]), r["reported"]["text"]]
        found = sorted({d["code"] for d in r["disagreements"]})  # a disagreement is shown, never passed over
        status = " · ".join([r["status"], *(f"`{code}`" for code in found if code != r["status"])])
        rows.append("| " + " | ".join([*cells, itemized, cover, status]) + " |")
    return "\n".join(rows) + "\n"


def render_seed_timeline() -> str:
    """Every fleet-wide figure the seed's sources report, by date, beside the itemized inventory."""
    fleet = [r for r in _seed_checks() if r["scope"]["kind"] == "fleet"]
    return _check_rows(fleet, with_scope=False)


def render_seed_sites() -> str:
    """The seed's host and data-center figures, by date (Denton: the host's access against CoreWeave's use)."""
    sites = [r for r in _seed_checks() if r["scope"]["kind"] != "fleet"]
    return _check_rows(sites, with_scope=True)


def render_seed_sources() -> str:
    """Every Source of the seed: publisher, date, type and confidence, as the seed records them."""
    from inventory.engine import load_inventory

    sources = load_inventory([ROOT / SEED]).inventory.sources.values()
    rows = ["| id | publisher | date | type | confidence |", "|---|---|---|---|---|"]
    for s in sorted(sources, key=lambda s: (s.date.first if s.date else dt.date.min, s.id)):
        date = str(s.date) if s.date else "–"
        rows.append(f"| `{s.id}` | {s.publisher} | {date} | {s.type} | {s.confidence or '–'} |")
    return "\n".join(rows) + "\n"


GENERATED = {"format-reference": render_format_reference, "codes-table": render_codes}
SEED_GENERATED = {
    "seed-timeline": render_seed_timeline,
    "seed-sites": render_seed_sites,
    "seed-sources": render_seed_sources,
}
FILES = {README: GENERATED, SEED_README: SEED_GENERATED}
"""Each file with generated blocks, and the renderers of its blocks."""


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated:{name} -->\n)(.*?)(<!-- /generated:{name} -->)", re.S)


def updated(text: str, generated: dict[str, Callable[[], str]] | None = None) -> str:
    """``text`` with every generated block replaced by its current rendering (default: the README's)."""
    for name, render in (GENERATED if generated is None else generated).items():
        if _block(name).search(text):
            rendered = render()
            text = _block(name).sub(lambda m, r=rendered: m.group(1) + r + m.group(3), text)  # type: ignore[misc]
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated blocks; with ``--check``, exit 1 if any is stale instead."""
    args = sys.argv[1:] if argv is None else argv
    stale = 0
    for path, generated in FILES.items():
        text = path.read_text(encoding="utf-8")
        new = updated(text, generated)
        if new == text:
            continue
        if "--check" in args:
            print(f"{path}: generated blocks are stale; run `python -m inventory.output.docs`", file=sys.stderr)
            stale = 1
            continue
        write_atomic(path, new)
        print(f"updated {path}", file=sys.stderr)
    return stale


if __name__ == "__main__":
    raise SystemExit(main())
