"""The JSON Schemas: committed files are current and valid 2020-12, every property is described,
and schema and models give the same verdict on a corpus of documents.

Where the two cannot agree by design (a rule a JSON Schema cannot state), the corpus names the case
in ``BY_DESIGN`` with the reason. Cross-entity rules and implausible sizes live in linking.py, out
of both: such documents pass both here (``valid`` with a note) and fail later in validate.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from pydantic import ValidationError

from inventory.model.kinds import KINDS
from inventory.model.schema import ALL_KINDS, SCHEMA_DIR, build_schemas, render
from inventory.read.yaml_reader import read_yaml

FIX = "the committed schemas are stale: run `gpufleet schema` and commit schemas/"
VALID_CASES = Path(__file__).resolve().parents[1] / "data" / "valid"

SCHEMAS = build_schemas()
VALIDATORS = {name: Draft202012Validator(schema) for name, schema in SCHEMAS.items()}


def test_committed_schemas_are_current() -> None:
    committed = sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    assert committed == sorted(SCHEMAS), FIX
    stale = [
        name for name, schema in SCHEMAS.items() if (SCHEMA_DIR / name).read_text(encoding="utf-8") != render(schema)
    ]
    assert stale == [], FIX


def test_there_is_a_schema_per_kind_and_one_for_any_kind() -> None:
    assert sorted(SCHEMAS) == sorted([f"{kind.lower()}.schema.json" for kind in KINDS] + [ALL_KINDS])
    assert all(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" for schema in SCHEMAS.values())
    assert len({schema["$id"] for schema in SCHEMAS.values()}) == len(SCHEMAS)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(SCHEMAS[name])


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every (location, property schema) under any ``properties`` in ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    yield f"{where}.{name}", prop
                    yield from _properties(prop, f"{where}.{name}")
            else:
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}[{i}]")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_property_is_described(name: str) -> None:
    """Editors show descriptions on hover; a field without a docstring would silently lose it."""
    undescribed = [where for where, prop in _properties(SCHEMAS[name]) if not prop.get("description")]
    assert undescribed == []
    assert sum(1 for _ in _properties(SCHEMAS[name])) >= 5


# -- the agreement corpus ---------------------------------------------------------------------

HEAD = "apiVersion: gpufleet/v1\n"
FLEET = HEAD + "kind: Fleet\nid: acme\nname: Acme\nas_of: 2025-06-30\n"
SOURCE = HEAD + "kind: Source\nid: s1\npublisher: Acme\ntitle: Q1\ndate: 2025-05\ntype: filing\n"
REGION = HEAD + "kind: Region\nid: r1\navailability: general\ncountry: US\n"
SITE = HEAD + "kind: DataCenter\nid: dc-1\nname: DC One\n"
SKU = HEAD + "kind: GpuSku\nid: h100\nname: H100\nvendor: NVIDIA\n"
REPORT = HEAD + "kind: Report\nid: r\nsource: s1\nas_of: 2025\nscope: fleet\nfigures:\n"


def _power(capacity: str) -> str:
    return SITE + f"power: [{{id: p, capacity: {capacity}}}]\n"


def _figure(figure: str) -> str:
    return REPORT + f"  {figure}\n"


CORPUS: dict[str, tuple[str, bool]] = {
    # every kind, minimal and full
    "fleet": (FLEET, True),
    "fleet-no-as-of": (FLEET.replace("as_of: 2025-06-30\n", ""), False),
    "fleet-complete-scopes": (
        FLEET + "complete_scopes: [fleet, {region: r1}, {datacenter: d}, {host: Colo}, {country: [GB, SE]}]\n",
        True,
    ),
    "source": (SOURCE, True),
    "region": (REGION + "since: 2024-H2\nuntil: 2030\n", True),
    "datacenter": (SITE, True),
    "gpusku": (SKU + "memory: 80 GB\nmax_power: 700 W\nsystem_power: 1.275 kW\ngpus_per_system: 8\n", True),
    "report": (REPORT + "  gpus: 1\n", True),
    # power, written the one way there is
    "power-space": (_power("420 MW"), True),
    "power-no-space": (_power("1.6GW"), True),
    "power-thousands": (_power("'1,600 kW'"), True),
    "power-underscores": (_power("1_600 W"), True),
    "power-zero": (_power("0 W"), True),
    "power-bare-number": (_power("40"), False),
    "power-bare-text": (_power("'40'"), False),
    "power-lowercase-unit": (_power("40 mw"), False),
    "power-unknown-unit": (_power("40 MVA"), False),
    "power-decimal-comma": (_power("'1,6 GW'"), False),
    "power-leading-point": (_power(".5 GW"), False),
    "power-plus": (_power("+5 MW"), False),
    "power-two-spaces": (_power("'5  MW'"), False),
    "power-negative": (_power("-5 MW"), False),
    "power-qualified": (_power("~40 MW"), True),
    "power-more-than": (_power("'>40 MW'"), True),
    "power-qualified-two-spaces": (_power("'~  40 MW'"), False),
    "power-qualified-no-unit": (_power("~40"), False),
    "power-exponent": (_power("1e3 MW"), False),
    "power-absurd": (_power("60 GW"), True),  # plausible form; linking reports absurd-value
    # qualified itemized counts, planned energization, bases, systems
    "gpus-more-than": (SITE + "gpus: [{id: g, gpus: '>16,000'}]\n", True),
    "gpus-approximately": (SITE + "gpus: [{id: g, gpus: ~5000}]\n", True),
    "gpus-qualified-bad-grouping": (SITE + "gpus: [{id: g, gpus: '>1,0000'}]\n", False),
    "gpus-qualified-negative": (SITE + "gpus: [{id: g, gpus: '>-5'}]\n", False),
    "planned-one-date": (SITE + "power: [{id: p, capacity: 1 MW, planned: 2025-Q4}]\n", True),
    "planned-year-number": (SITE + "power: [{id: p, capacity: 1 MW, planned: 2026}]\n", True),
    "planned-history": (
        SITE + "power: [{id: p, capacity: 1 MW, planned: [2025-Q4, {date: 2026-Q1, stated_on: 2025-11}]}]\n",
        True,
    ),
    "planned-bad-date": (SITE + "power: [{id: p, capacity: 1 MW, planned: 2025-Q5}]\n", False),
    "planned-mapping-without-date": (SITE + "power: [{id: p, capacity: 1 MW, planned: {stated_on: 2025}}]\n", False),
    "planned-unknown-field": (SITE + "power: [{id: p, capacity: 1 MW, planned: [{date: 2025, when: 2024}]}]\n", False),
    "report-basis": (REPORT.replace("figures:", "basis: critical-it\nfigures:") + "  active_power: 5 MW\n", True),
    "report-basis-unknown": (REPORT.replace("figures:", "basis: net\nfigures:") + "  active_power: 5 MW\n", False),
    "figure-basis": (_figure("active_power: {value: 500 MW, qualifier: approximately, basis: gross}"), True),
    "figure-basis-on-count": (_figure("gpus: {value: 5, basis: gross}"), False),
    "sku-system": (SKU + "gpus_per_system: 32\nsystem: node\n", True),
    "sku-system-unknown": (SKU + "gpus_per_system: 32\nsystem: board\n", False),
    # partial dates
    "date-day": (REGION + "since: 2025-03-31\n", True),
    "date-month": (REGION + "since: 2026-06\n", True),
    "date-quarter": (REGION + "since: 2026-Q3\n", True),
    "date-half": (REGION + "since: 2026-H1\n", True),
    "date-year-text": (REGION + "since: '2027'\n", True),
    "date-year-number": (REGION + "since: 2027\n", True),
    "date-month-13": (REGION + "since: 2025-13\n", False),
    "date-day-32": (REGION + "since: 2025-01-32\n", False),
    "date-quarter-5": (REGION + "since: 2026-Q5\n", False),
    "date-compact": (REGION + "since: 20250101\n", False),
    "date-no-padding": (REGION + "since: 2025-1-1\n", False),
    "date-year-0999": (REGION + "since: '0999'\n", False),
    "date-true": (REGION + "since: true\n", False),
    "date-order": (REGION + "since: 2026\nuntil: 2020\n", True),  # linking reports date-order
    # figures: shorthand and long form
    "figure-exact": (_figure("active_power: 40 MW"), True),
    "figure-approximately": (_figure("active_power: ~1.6 GW"), True),
    "figure-approximately-space": (_figure("active_power: ~ 1.6 GW"), True),
    "figure-more-than": (_figure("active_power: '>360 MW'"), True),
    "figure-at-least": (_figure("gpus: '>=250,000'"), True),
    "figure-up-to": (_figure("gpus: <=100"), True),
    "figure-less-than": (_figure("data_centers: <5"), True),
    "figure-count-number": (_figure("gpus: 250000"), True),
    "figure-count-text": (_figure("gpus: '250,000'"), True),
    "figure-long": (
        _figure("active_power: {value: 1.6 GW, qualifier: approximately, tolerance: 10%, quote: about}"),
        True,
    ),
    "figure-long-count": (_figure("gpus: {value: '1,000', qualifier: more-than, named: [a, b]}"), True),
    "figure-by-sku": (_figure("gpus_by_sku: {h100: ~8000, gb200: {value: 72}}"), True),
    "figure-by-purpose": (_figure("power_by_purpose: {ai: 40 MW, crypto-mining: ~10 MW}"), True),
    "figure-regions": (_figure("regions: {general: 5, dedicated: '>1', total: ~6}"), True),
    "figure-two-spaces": (_figure("gpus: '~  5'"), False),
    "figure-space-without-qualifier": (_figure("gpus: ' 5'"), False),
    "figure-bad-grouping": (_figure("gpus: '1,0000'"), False),
    "figure-float": (_figure("gpus: 1.5"), False),
    "figure-negative": (_figure("gpus: -1"), False),
    "figure-qualifier-in-long-value": (_figure("active_power: {value: ~40 MW}"), False),
    "figure-unknown-qualifier": (_figure("gpus: {value: 5, qualifier: about}"), False),
    "figure-bad-tolerance": (_figure("active_power: {value: 1 GW, tolerance: 5}"), False),
    "figure-unknown-purpose": (_figure("power_by_purpose: {crypto_mining: 1 MW}"), False),
    "figure-sku-not-an-id": (_figure("gpus_by_sku: {'bad id': 5}"), False),
    "figure-unknown-sku": (_figure("gpus_by_sku: {h999: 5}"), True),  # linking reports unknown-sku
    # scopes
    "scope-region": (REPORT.replace("scope: fleet", "scope: {region: r1}") + "  gpus: 1\n", True),
    "scope-country": (REPORT.replace("scope: fleet", "scope: {country: GB}") + "  gpus: 1\n", True),
    "scope-countries": (REPORT.replace("scope: fleet", "scope: {country: [GB, ES, SE]}") + "  gpus: 1\n", True),
    "scope-country-name": (REPORT.replace("scope: fleet", "scope: {country: Europe}") + "  gpus: 1\n", False),
    "scope-countries-empty": (REPORT.replace("scope: fleet", "scope: {country: []}") + "  gpus: 1\n", False),
    "scope-text": (REPORT.replace("scope: fleet", "scope: region") + "  gpus: 1\n", False),
    "scope-fleet-false": (REPORT.replace("scope: fleet", "scope: {fleet: false}") + "  gpus: 1\n", False),
    # unknown fields
    "unknown-top-field": (SITE + "regoin: r1\n", False),
    "unknown-nested-field": (SITE + "power: [{id: p, capacity: 1 MW, energised_on: 2025}]\n", False),
    "unknown-location-field": (SITE + "location: {country: US, zip: '1'}\n", False),
    # wrong types and values
    "name-list": (SITE.replace("name: DC One", "name: [DC]"), False),
    "name-empty": (SITE.replace("name: DC One", "name: ''"), False),
    "power-mapping": (SITE + "power: {id: p, capacity: 1 MW}\n", False),
    "gpus-text": (SITE + "gpus: [{id: g, gpus: '12'}]\n", False),
    "gpus-bool": (SITE + "gpus: [{id: g, gpus: true}]\n", False),
    "gpus-negative": (SITE + "gpus: [{id: g, gpus: -1}]\n", False),
    "gpus-per-system-zero": (SKU + "gpus_per_system: 0\n", False),
    "sources-text": (SITE + "sources: s1\n", False),
    "id-with-space": (SITE.replace("id: dc-1", "id: dc one"), False),
    "id-number": (SITE.replace("id: dc-1", "id: 5"), False),
    "tenure-unknown": (SITE + "tenure: rented\n", False),
    "source-type-unknown": (SOURCE.replace("type: filing", "type: blog"), False),
    "memory-lowercase": (SKU + "memory: 80 gb\n", False),
    "unknown-region-reference": (SITE + "region: nowhere\n", True),  # linking reports unknown-region
    # the document's header
    "missing-field": (SITE.replace("name: DC One\n", ""), False),
    "missing-kind": (HEAD + "id: x\n", False),
    "unknown-kind": (HEAD + "kind: DataCentre\nid: x\nname: X\n", False),
    "old-api-version": (SITE.replace("gpufleet/v1", "gpufleet/v0"), False),
    "no-api-version": (SITE.replace(HEAD, ""), False),
    "a-list": ("- " + SITE.replace("\n", "\n  "), False),
}
"""Name -> (one YAML document, accepted). Both the models and the schemas must give that verdict."""

BY_DESIGN: dict[str, tuple[str, bool, bool, str]] = {
    "date-february-30": (
        REGION + "since: 2025-02-30\n",
        False,
        True,
        "a pattern cannot know month lengths; the models check the calendar",
    ),
    "scope-empty": (
        REPORT.replace("scope: fleet", "scope: {}") + "  gpus: 1\n",
        False,
        True,
        "'exactly one of fleet, region, datacenter, host, country' is a model validator, not in the schema",
    ),
    "scope-two-ways": (
        REPORT.replace("scope: fleet", "scope: {region: r1, datacenter: dc-1}") + "  gpus: 1\n",
        False,
        True,
        "'exactly one of fleet, region, datacenter, host, country' is a model validator, not in the schema",
    ),
    "power-trailing-newline": (
        _power('"400 MW\\n"'),
        False,
        True,
        "python-jsonschema runs `pattern` with Python's re, whose `$` also matches before a final"
        " newline; ECMA-262 (editors) does not, and the models follow ECMA-262",
    ),
}
"""Name -> (document, models accept, schema accepts, why they differ)."""


def _models_accept(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        return False
    try:
        KINDS[data["kind"]].model_validate(data)
    except ValidationError:
        return False
    return True


def _schemas_accept(data: Any) -> bool:
    """The any-kind schema's verdict; the kind's own schema must give the same one."""
    verdict = bool(VALIDATORS[ALL_KINDS].is_valid(data))
    if isinstance(data, dict) and data.get("kind") in KINDS:
        assert VALIDATORS[f"{data['kind'].lower()}.schema.json"].is_valid(data) == verdict
    return verdict


def _document(text: str) -> Any:
    parsed = read_yaml(text)
    assert parsed.problems == [], parsed.problems
    (document,) = parsed.documents
    return document.data


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_models_and_schemas_agree(name: str) -> None:
    text, accepted = CORPUS[name]
    data = _document(text)
    assert (_models_accept(data), _schemas_accept(data)) == (accepted, accepted)


@pytest.mark.parametrize("name", sorted(BY_DESIGN))
def test_known_disagreements_stay_as_documented(name: str) -> None:
    """If one of these starts to agree, move it to CORPUS; if it changes sides, look again."""
    text, models, schemas, _ = BY_DESIGN[name]
    data = _document(text)
    assert (_models_accept(data), _schemas_accept(data)) == (models, schemas)


def _valid_case_documents() -> list[tuple[str, Any]]:
    documents = []
    for path in sorted(VALID_CASES.rglob("*.y*ml")):
        if any(part.startswith(".") for part in path.relative_to(VALID_CASES).parts):
            continue
        for document in read_yaml(path.read_text(encoding="utf-8-sig")).documents:
            documents.append((f"{path.relative_to(VALID_CASES)}#{document.index}", document.data))
    return documents


def test_every_document_of_the_valid_examples_passes_both() -> None:
    documents = _valid_case_documents()
    assert len(documents) >= 10
    rejected = [name for name, data in documents if not (_models_accept(data) and _schemas_accept(data))]
    assert rejected == []


def test_the_corpus_covers_every_kind_both_ways() -> None:
    """Each kind has documents both accepted and rejected, so a schema that accepts anything fails."""
    seen = {
        (data.get("kind"), accepted)
        for data, accepted in ((_document(t), a) for t, a in CORPUS.values())
        if isinstance(data, dict)
    }
    assert {(kind, verdict) for kind in KINDS for verdict in (True, False)} <= seen


# -- the any-kind schema dispatches on kind -----------------------------------------------------

KIND_MISTAKES = {
    "Fleet": ({"id": "f", "name": "F", "as_of": "2025-Q5"}, ["as_of"], "does not match"),
    "Source": ({"id": "s", "publisher": "P", "title": "T", "type": "blog"}, ["type"], "'blog' is not one of"),
    "Region": ({"id": "r", "availability": "general", "country": "usa"}, ["country"], "does not match"),
    "DataCenter": ({"id": "d", "name": "D", "tenure": "rented"}, ["tenure"], "'rented' is not one of"),
    "GpuSku": ({"id": "g", "name": "G", "vendor": "V", "memry": "1 GB"}, [], "'memry' was unexpected"),
    "Report": (
        {"id": "x", "source": "s", "as_of": 2025, "scope": "fleet", "figures": {"gpu": 3}},
        ["figures"],
        "'gpu' was unexpected",
    ),
}


@pytest.mark.parametrize("kind", sorted(KIND_MISTAKES))
def test_any_kind_schema_reports_the_document_s_own_kind(kind: str) -> None:
    """jsonschema (and check-jsonschema, built on it) report the best error: under a ``oneOf`` of the
    kinds that was "is not valid under any of the given schemas" or another kind's complaint; the
    ``if``/``then`` on ``kind`` leaves only the document's own kind to report."""
    fields, where, message = KIND_MISTAKES[kind]
    document = {"apiVersion": "gpufleet/v1", "kind": kind, **fields}
    error = best_match(VALIDATORS[ALL_KINDS].iter_errors(document))
    assert error is not None
    assert (list(error.absolute_path), message in error.message) == (where, True), error.message
    own = best_match(VALIDATORS[f"{kind.lower()}.schema.json"].iter_errors(document))
    assert own is not None
    assert own.message == error.message


def test_any_kind_schema_names_the_kinds() -> None:
    schema = SCHEMAS[ALL_KINDS]
    assert "oneOf" not in schema
    assert schema["properties"]["kind"]["enum"] == list(KINDS)
    error = best_match(VALIDATORS[ALL_KINDS].iter_errors({"apiVersion": "gpufleet/v1", "kind": "Rack", "id": "r"}))
    assert error is not None
    assert "'Rack' is not one of" in error.message
