"""linking: the checks that need the whole inventory, each located (1-based) with related places."""

from __future__ import annotations

import pytest

from inventory.check.linking import MAX_BLOCK_POWER, MAX_DEPLOYMENT_GPUS, MAX_GPU_POWER, Inventory
from inventory.engine import Loader, LoadResult, Texts
from inventory.model.units import format_power

HEAD = "apiVersion: gpufleet/v1\n"
FLEET = HEAD + "kind: Fleet\nid: acme\nname: Acme\nas_of: 2025-06-30\n"
SOURCE = HEAD + "kind: Source\nid: q1-release\npublisher: Acme\ntitle: Q1\ndate: 2025-05\ntype: press-release\n"
REGION = HEAD + "kind: Region\nid: us-east-01\navailability: general\ncountry: US\n"
SKU = HEAD + "kind: GpuSku\nid: h100\nname: H100\nvendor: NVIDIA\n"
SITE = HEAD + "kind: DataCenter\nid: dc-1\nname: DC One\n"  # fields under test start on line 5

Found = list[tuple[str, str, int | None, int | None]]


def _load(files: dict[str, str]) -> LoadResult:
    return Loader().load(Texts({name: text.encode() for name, text in files.items()}))


def _found(files: dict[str, str]) -> Found:
    return [(d.code, d.file, d.line, d.col) for d in _load(files).diagnostics.sorted()]


def _base(**more: str) -> dict[str, str]:
    return {"fleet.yaml": FLEET, "sources.yaml": SOURCE, "region.yaml": REGION, "sku.yaml": SKU, **more}


def test_a_clean_inventory_links_every_entity_with_its_origin() -> None:
    result = _load(_base(**{"site.yaml": SITE + "region: us-east-01\ngpus: [{id: g, sku: h100, gpus: 8}]\n"}))
    assert list(result.diagnostics) == []
    inventory: Inventory = result.inventory
    assert [(kind, entity.id) for kind, entity in inventory.entities()] == [
        ("Fleet", "acme"),
        ("Source", "q1-release"),
        ("Region", "us-east-01"),
        ("DataCenter", "dc-1"),
        ("GpuSku", "h100"),
    ]
    origin = inventory.origin("DataCenter", "dc-1")
    assert origin is not None
    assert (origin.file, origin.locate(("gpus", 0, "sku"))) == ("site.yaml", (6, 21))
    assert inventory.files == ["fleet.yaml", "sources.yaml", "region.yaml", "sku.yaml", "site.yaml"]


def test_duplicate_ids_give_both_places() -> None:
    result = _load(_base(**{"more.yaml": "# again\n" + REGION}))
    (d,) = result.diagnostics
    assert (d.code, d.file, d.line, d.col, d.related) == ("duplicate-id", "more.yaml", 4, 5, (("region.yaml", 3, 5),))
    assert d.message == "Region 'us-east-01' is also defined at region.yaml:3:5"


def test_ids_are_unique_per_kind_only() -> None:
    assert _found(_base(**{"site.yaml": SITE.replace("id: dc-1", "id: us-east-01")})) == []


def test_duplicate_ids_inside_a_site() -> None:
    site = (
        SITE
        + "power:\n  - {id: p1, capacity: 1 MW}\n  - {id: p1, capacity: 2 MW}\n"
        + "gpus:\n  - {id: g, gpus: 1}\n  - {id: g, gpus: 2}\n"
    )
    result = _load(_base(**{"site.yaml": site}))
    assert [(d.code, d.line, d.col, d.related) for d in result.diagnostics.sorted()] == [
        ("duplicate-id", 7, 10, (("site.yaml", 6, 10),)),
        ("duplicate-id", 10, 10, (("site.yaml", 9, 10),)),
    ]


def test_a_second_fleet() -> None:
    result = _load({"a.yaml": FLEET, "b.yaml": FLEET.replace("acme", "acme-2")})
    (d,) = result.diagnostics
    assert (d.code, d.file, d.line, d.col, d.related) == ("duplicate-fleet", "b.yaml", 1, 1, (("a.yaml", 3, 5),))
    assert result.inventory.fleet is not None
    assert result.inventory.fleet.id == "acme"


def test_no_fleet_is_reported_for_the_inventory_without_a_line() -> None:
    assert _found({"region.yaml": REGION}) == [("missing-fleet", "region.yaml", None, None)]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"site.yaml": SITE + "region: us-east-1\n"},
            [("unknown-region", "site.yaml", 5, 9, "(did you mean 'us-east-01'?)")],
        ),
        (
            {"site.yaml": SITE + "gpus: [{id: g, sku: h200, gpus: 1}]\n"},
            [("unknown-sku", "site.yaml", 5, 21, "(did you mean 'h100'?)")],
        ),
        ({"site.yaml": SITE + "gpus: [{id: g, gpus: 1}]\n"}, []),
        (
            {"site.yaml": SITE + "sources: [q1-releas]\n"},
            [("unknown-source", "site.yaml", 5, 11, "(did you mean 'q1-release'?)")],
        ),
        (
            {"site.yaml": SITE + "power:\n  - id: p\n    capacity: 1 MW\n    sources: [q2-release, zzz]\n"},
            [
                ("unknown-source", "site.yaml", 8, 15, "(did you mean 'q1-release'?)"),
                ("unknown-source", "site.yaml", 8, 27, "'zzz'"),
            ],
        ),
        (
            {
                "report.yaml": HEAD
                + "kind: Report\nid: r\nsource: q1\nas_of: 2025\nscope: {datacenter: dc-9}\nfigures:\n"
                "  gpus_by_sku: {h200: 5}\n  active_power: {value: 1 MW, sources: [nope]}\n"
            },
            [
                ("unknown-source", "report.yaml", 4, 9, "'q1'"),
                ("unknown-datacenter", "report.yaml", 6, 21, "'dc-9'"),
                ("unknown-sku", "report.yaml", 8, 17, "(did you mean 'h100'?)"),
                ("unknown-source", "report.yaml", 9, 41, "'nope'"),
            ],
        ),
        (
            {"fleet.yaml": FLEET + "complete_scopes: [{region: eu-west}, {datacenter: dc-9}, fleet]\n"},
            [
                ("unknown-region", "fleet.yaml", 6, 28, "'eu-west'"),
                ("unknown-datacenter", "fleet.yaml", 6, 51, "'dc-9'"),
            ],
        ),
    ],
    ids=["region", "sku", "sku-left-unknown", "source", "nested-sources", "report", "complete-scopes"],
)
def test_references_name_defined_entities(
    files: dict[str, str], expected: list[tuple[str, str, int, int, str]]
) -> None:
    diagnostics = _load(_base(**files)).diagnostics.sorted()
    assert [(d.code, d.file, d.line, d.col) for d in diagnostics] == [e[:4] for e in expected]
    assert all(d.message.endswith(e[4]) for d, e in zip(diagnostics, expected, strict=True))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            "since: 2025\nuntil: 2024-12\n",
            [(6, 8, "until 2024-12 is before since 2025: a site cannot close before it opens")],
        ),
        ("since: 2025\nuntil: 2025-01\n", []),  # a year and its first month overlap: not certainly out of order
        ("since: 2025-Q2\nuntil: 2025-06\n", []),
        (
            "power:\n  - id: p\n    capacity: 1 MW\n    contracted_on: 2025-06\n    energized_on: 2025-Q1\n",
            [
                (
                    9,
                    19,
                    "energized_on 2025-Q1 is before contracted_on 2025-06:"
                    " a block cannot be energized before it is contracted",
                )
            ],
        ),
        (
            "power:\n  - id: p\n    capacity: 1 MW\n    contracted_on: 2025-06\n"
            "    energized_on: 2025-Q3\n    ended_on: 2024\n",
            [(10, 15, "ended_on 2024 is before energized_on 2025-Q3: a block cannot end before it is energized")],
        ),
        (
            "power:\n  - id: p\n    capacity: 1 MW\n    contracted_on: 2025-06\n    ended_on: 2024\n",
            [(9, 15, "ended_on 2024 is before contracted_on 2025-06: a block cannot end before it is contracted")],
        ),
        (
            "gpus:\n  - id: g\n    gpus: 8\n    installed_on: 2025-03-01\n    retired_on: 2025-02\n",
            [
                (
                    9,
                    17,
                    "retired_on 2025-02 is before installed_on 2025-03-01:"
                    " GPUs cannot retire before they are installed",
                )
            ],
        ),
    ],
    ids=[
        "site",
        "overlapping-year",
        "overlapping-quarter",
        "energized",
        "ended-after-energized",
        "ended-no-energized",
        "gpus",
    ],
)
def test_dates_in_order(fields: str, expected: list[tuple[int, int, str]]) -> None:
    """Out of order only when certainly so, and one finding per date (a fixed double report)."""
    diagnostics = _load(_base(**{"site.yaml": SITE + fields})).diagnostics.sorted()
    assert [(d.code, d.line, d.col, d.message) for d in diagnostics] == [("date-order", *e) for e in expected]


def test_region_and_sku_dates_in_order() -> None:
    files = {
        "region.yaml": REGION + "since: 2025\nuntil: 2024\n",
        "sku.yaml": SKU + "announced: 2024-03\navailable: 2023\n",
    }
    assert _found(_base(**files)) == [("date-order", "region.yaml", 7, 8), ("date-order", "sku.yaml", 7, 12)]


def test_absurd_values_sit_just_above_their_limits() -> None:
    """The limits, written out, pass; one watt or one GPU more is absurd."""
    at_limit = (
        SITE + f"power: [{{id: p, capacity: '{format_power(MAX_BLOCK_POWER)}'}}]\n"
        f"gpus: [{{id: g, sku: h100, gpus: {MAX_DEPLOYMENT_GPUS}}}]\n"
    )
    sku = SKU + f"max_power: {format_power(MAX_GPU_POWER)}\nsystem_power: {format_power(MAX_GPU_POWER)}\n"
    assert _found(_base(**{"site.yaml": at_limit, "sku.yaml": sku})) == []
    above = (
        SITE + f"power: [{{id: p, capacity: '{format_power(MAX_BLOCK_POWER + 1)}'}}]\n"
        f"gpus: [{{id: g, sku: h100, gpus: {MAX_DEPLOYMENT_GPUS + 1}}}]\n"
    )
    sku = SKU + f"max_power: {format_power(MAX_GPU_POWER + 1)}\nsystem_power: {format_power(MAX_GPU_POWER + 1)}\n"
    result = _load(_base(**{"site.yaml": above, "sku.yaml": sku}))
    assert [(d.code, d.file, d.line, d.col, d.message) for d in result.diagnostics.sorted()] == [
        ("absurd-value", "site.yaml", 5, 27, "50.000000001 GW in one power block is beyond any site"),
        ("absurd-value", "site.yaml", 6, 33, "10,000,001 GPUs in one deployment is beyond any fleet"),
        ("absurd-value", "sku.yaml", 6, 12, "max_power 20.001 kW per GPU is beyond any GPU made"),
        ("absurd-value", "sku.yaml", 7, 15, "system_power 20.001 kW per GPU is beyond any GPU made"),
    ]


def test_a_document_with_schema_errors_is_still_checked_for_references_and_dates() -> None:
    """One run reports every problem: a site whose schema is broken still has its region, SKUs,
    sources and the dates of its valid power blocks checked, and stays defined for references."""
    site = SITE.replace("name: DC One\n", "nmae: DC One\n") + (
        "region: us-east-1\n"  # line 5: unknown (did you mean us-east-01?)
        "sources: [q1-releas]\n"  # line 6: unknown source
        "power:\n"
        "  - {id: p1, capacity: 10 MW, contracted_on: 2025-06, energized_on: 2025-01}\n"  # line 8: date order
        "  - {id: p2, capacity: 10}\n"  # line 9: no unit (schema)
        "gpus:\n"
        "  - {id: g1, sku: h10, gpus: 8}\n"  # line 11: unknown SKU in a valid deployment
        "  - {id: g2, sku: h1000, gpus: '8'}\n"  # line 12: wrong type, and its SKU is unknown too
    )
    report = (
        HEAD + "kind: Report\nid: r1\nsource: q1-release\nas_of: 2025-03-31\nscope: {datacenter: dc-1}\nfigures: {}\n"
    )
    found = _found(_base(**{"site.yaml": site, "report.yaml": report}))
    assert found == [
        ("missing-field", "site.yaml", 1, 1),
        ("unknown-field", "site.yaml", 4, 1),
        ("unknown-region", "site.yaml", 5, 9),
        ("unknown-source", "site.yaml", 6, 11),
        ("date-order", "site.yaml", 8, 69),
        ("invalid-unit", "site.yaml", 9, 24),
        ("unknown-sku", "site.yaml", 11, 19),
        ("unknown-sku", "site.yaml", 12, 19),
        ("wrong-type", "site.yaml", 12, 32),
    ]  # and no unknown-datacenter for the report: dc-1 is written, only invalid


def test_an_invalid_document_still_collides_with_a_valid_one() -> None:
    """Duplicate ids are found whether or not the second document is valid."""
    broken = SITE.replace("name: DC One\n", "name: 5\n")
    found = _found(_base(**{"a.yaml": SITE, "b.yaml": broken}))
    assert ("duplicate-id", "b.yaml", 3, 5) in found
