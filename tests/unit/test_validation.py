"""validation: each pydantic error becomes one located diagnostic with a stable code and a message
a user can act on. Lines and columns below are 1-based, as users see them."""

from __future__ import annotations

import pytest

from inventory.base.diagnostics import Diagnostics
from inventory.check.documents import ParsedEntity, parse_documents
from inventory.model.kinds import DataCenter
from inventory.read.yaml_reader import read_yaml

HEAD = "apiVersion: gpufleet/v1\n"
SITE = HEAD + "kind: DataCenter\nid: dc-1\nname: DC One\n"  # 4 lines; the field under test is on line 5
REPORT = HEAD + "kind: Report\nid: r1\nsource: s1\nas_of: 2025\nscope: fleet\nfigures:\n"  # line 8: a figure

Found = list[tuple[str, int | None, int | None, str]]


def _validate(text: str) -> tuple[list[ParsedEntity], Found]:
    parsed = read_yaml(text)
    diagnostics = Diagnostics()
    taken: set[tuple[int | None, int | None]] = {(p.line + 1, p.col + 1) for p in parsed.problems}
    entities = parse_documents("f.yaml", parsed.documents, diagnostics, taken=taken)
    return entities, [(d.code, d.line, d.col, d.message) for d in diagnostics.sorted()]


def _found(text: str) -> Found:
    return _validate(text)[1]


def test_a_valid_document_becomes_its_entity_with_its_origin() -> None:
    entities, found = _validate(SITE + "power:\n  - id: p1\n    capacity: 40 MW\n")
    assert found == []
    (item,) = entities
    assert isinstance(item.entity, DataCenter)
    assert item.entity.power[0].capacity.watts == 40_000_000
    assert item.origin.locate(("power", 0, "capacity")) == (7, 15)
    assert item.origin.at(("power", 0)).locate(("id",)) == (6, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n", [("document-not-mapping", 1, 1, "a document must be a mapping with a kind; this one is a list")]),
        ("42\n", [("document-not-mapping", 1, 1, "a document must be a mapping with a kind; this one is a number")]),
        ("---\n", [("document-not-mapping", 1, 1, "a document must be a mapping with a kind; this one is empty")]),
        (
            "kind: Regoin\nid: x\n",
            [
                ("missing-api-version", 1, 1, "document has no apiVersion (add `apiVersion: gpufleet/v1`)"),
                ("unknown-kind", 1, 7, "unknown kind 'Regoin' (did you mean 'Region'?)"),
            ],
        ),
        (
            HEAD + "id: x\n",
            [
                (
                    "missing-kind",
                    1,
                    1,
                    "document has no kind (one of: Fleet, Source, Region, DataCenter, GpuSku, Report)",
                )
            ],
        ),
        (
            "apiVersion: v1\nkind: Region\n",
            [("unknown-api-version", 1, 13, "apiVersion 'v1' is not supported; use gpufleet/v1")],
        ),
        (HEAD + "kind: [Region]\n", [("unknown-kind", 2, 7, "unknown kind ['Region']")]),
    ],
    ids=["list", "number", "empty", "no-api-version-and-misspelt-kind", "no-kind", "old-api-version", "kind-not-text"],
)
def test_document_shape(text: str, expected: Found) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("regoin: r1", ("unknown-field", 5, 1, "unknown field 'regoin' (did you mean 'region'?)")),
        ("Name: x", ("unknown-field", 5, 1, "unknown field 'Name' (did you mean 'name'?)")),
        ("zzz: 1", ("unknown-field", 5, 1, "unknown field 'zzz'")),
        ("location: {country: US, zip: 1}", ("unknown-field", 5, 25, "unknown field 'zip'")),
        (
            "power: [{id: p, capacity: 1 MW, energised_on: 2025}]",
            (
                "unknown-field",
                5,
                33,
                "unknown field 'energised_on' (did you mean 'energized_on'?)",
            ),
        ),
        ("power: [{id: p}]", ("missing-field", 5, 9, "missing required field 'capacity' in power[0]")),
        ("host: [a]", ("wrong-type", 5, 7, "host should be text, got a list")),
        ("power: {}", ("wrong-type", 5, 8, "power should be a list, got a mapping")),
        ("power: [5]", ("wrong-type", 5, 9, "power[0] should be a mapping, got a number 5")),
        (
            "gpus: [{id: g, gpus: '12'}]",
            ("wrong-type", 5, 22, "gpus should be a whole number, got text '12'; write it as a number: 12"),
        ),
        ("gpus: [{id: g, gpus: true}]", ("wrong-type", 5, 22, "gpus should be a whole number, got true/false")),
        ("gpus: [{id: g, gpus: -3}]", ("negative-value", 5, 22, "gpus cannot be negative, got -3")),
        ("since: true", ("wrong-type", 5, 8, "expected a date like 2025-03-31, 2026-Q3 or 2026, got true/false")),
        ("since: 2025-13", ("invalid-date", 5, 8, "'2025-13' is not a real date")),
        ("power: [{id: p, capacity: 40}]", ("invalid-unit", 5, 27, "40 has no unit; write it with one, like '40 MW'")),
        ("power: [{id: p, capacity: -1 W}]", ("negative-value", 5, 27, "power cannot be negative: '-1 W'")),
        (
            "tenure: Owned",
            (
                "invalid-value",
                5,
                9,
                "'Owned' is not allowed for tenure; use one of: owned, leased, colocated, hosted"
                " (did you mean 'owned'?)",
            ),
        ),
        (
            "formerly: [old, 'x y']",
            (
                "invalid-value",
                5,
                17,
                "'x y' is not an id: ASCII letters, digits, '-', '_' or '.', starting with a letter or digit",
            ),
        ),
        ("host: ''", ("invalid-value", 5, 7, "host cannot be empty")),
    ],
)
def test_field_errors_are_located_with_a_clear_message(field: str, expected: tuple[str, int, int, str]) -> None:
    assert _found(SITE + field + "\n") == [expected]


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (
            "gpus: 1.5",
            (
                "wrong-type",
                8,
                9,
                "gpus should be a count such as 250000, '~1,000' or '>500' (or a mapping with value:),"
                " got a number 1.5",
            ),
        ),
        (
            "active_power: true",
            (
                "wrong-type",
                8,
                17,
                "active_power should be a power figure such as '420 MW', '~1.6 GW' or '>360 MW'"
                " (or a mapping with value:), got true/false",
            ),
        ),
        ("gpus_by_sku: [5]", ("wrong-type", 8, 16, "gpus_by_sku should be a mapping, got a list")),
        (
            "gpus_by_sku: {'bad id': 5}",
            (
                "invalid-value",
                8,
                17,
                "'bad id' is not an id: ASCII letters, digits, '-', '_' or '.', starting with a letter or digit",
            ),
        ),
        ("gpus: {}", ("missing-field", 8, 9, "missing required field 'value' in gpus")),
        ("gpus: '-1'", ("negative-value", 8, 9, "a count cannot be negative: -1")),
        (
            "gpus: {value: 5, qualifier: about}",
            (
                "invalid-value",
                8,
                31,
                "'about' is not allowed for qualifier;"
                " use one of: exact, approximately, more-than, at-least, up-to, less-than",
            ),
        ),
        (
            "power_by_purpose: {crypto_mining: 1 MW}",
            (
                "unknown-field",
                8,
                22,
                "unknown field 'crypto_mining' (did you mean 'crypto-mining'?)",
            ),
        ),
        (
            "active_power: {value: 1 GW, tolerance: 5}",
            ("wrong-type", 8, 42, "tolerance should be text, got a number 5"),
        ),
    ],
)
def test_figure_errors(figure: str, expected: tuple[str, int, int, str]) -> None:
    assert _found(REPORT + "  " + figure + "\n") == [expected]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (
            "region",
            (
                "wrong-type",
                6,
                8,
                "scope should be fleet, or a mapping with one of region, datacenter or host, got text 'region'",
            ),
        ),
        ("{}", ("invalid-value", 6, 8, "a scope names exactly one of: fleet, region, datacenter, host, country")),
        (
            "{region: r, datacenter: d}",
            ("invalid-value", 6, 8, "a scope names exactly one of: fleet, region, datacenter, host, country"),
        ),
        ("{fleet: false}", ("invalid-value", 6, 16, "false is not allowed for fleet; use one of: true")),
    ],
)
def test_scope_errors(scope: str, expected: tuple[str, int, int, str]) -> None:
    text = REPORT.replace("scope: fleet", f"scope: {scope}") + "  gpus: 1\n"
    assert _found(text) == [expected]


def test_minimum_above_zero_is_not_called_negative() -> None:
    text = HEAD + "kind: GpuSku\nid: x\nname: X\nvendor: V\ngpus_per_system: 0\n"
    assert _found(text) == [("invalid-value", 6, 18, "gpus_per_system must be at least 1, got 0")]


def test_a_pattern_other_than_an_id_is_shown() -> None:
    text = HEAD + "kind: GpuSku\nid: x\nname: X\nvendor: V\nmemory: 80 gb\n"
    ((code, line, col, message),) = _found(text)
    assert (code, line, col) == ("invalid-value", 6, 9)
    assert message.startswith("'80 gb' is not the form memory needs (pattern ^[0-9]")


def test_every_error_of_a_document_is_reported() -> None:
    """One run reports every problem, not the first."""
    text = SITE.replace("name: DC One\n", "") + "tenure: rented\nsince: soon\npower: [{id: p, capacity: 5}]\n"
    assert [code for code, *_ in _found(text)] == ["missing-field", "invalid-value", "invalid-date", "invalid-unit"]


def test_a_yaml_problem_is_not_reported_twice() -> None:
    """An alias is None in the data; the schema error at the same place is dropped."""
    text = SITE + "power:\n  - *block\n"
    parsed = read_yaml(text)
    assert [(p.code, p.line + 1, p.col + 1) for p in parsed.problems] == [("yaml-alias", 6, 5)]
    assert _found(text) == []


def test_an_as_of_date_cannot_be_on_or_before() -> None:
    """A Fleet's as_of is the day rollups are evaluated at: `<=DATE` names no such day."""
    text = "apiVersion: gpufleet/v1\nkind: Fleet\nid: f\nname: F\nas_of: <=2025-06-30\n"
    found = _found(text)
    assert [(code, line, col) for code, line, col, _ in found] == [("invalid-date", 5, 8)]
    assert "not 'on or before'" in found[0][3]
