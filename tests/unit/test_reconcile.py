"""Reconciliation statuses, qualifiers and tolerance, source disagreements, and plausibility checks.

Every expected status and value is worked out by hand from the small inventory in the test.
"""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from inventory.base.diagnostics import Diagnostic, Severity
from inventory.check.linking import Inventory
from inventory.engine import load_inventory
from inventory.model.units import Qualifier, parse_date
from inventory.reconcile.checks import CheckResult, Status, check_diagnostics, reconcile
from inventory.reconcile.figures import Bounds, same_date
from inventory.reconcile.plausibility import plausibility

FLEET = {"kind": "Fleet", "id": "t", "name": "Test", "as_of": "2025-06-30"}
SOURCES = [
    {"kind": "Source", "id": s, "publisher": "P", "title": s, "date": "2025-08-01", "type": "article"}
    for s in ("a", "b")
]
# 100 MW energized at the start of 2024, 20 MW more energized in 2025-Q1 (so uncertain on 2025-02-15)
SITE = {
    "kind": "DataCenter",
    "id": "dc",
    "name": "DC",
    "host": "Acme",
    "since": "2024-01-01",
    "power": [
        {"id": "base", "capacity": "100 MW", "energized_on": "2024-01-01"},
        {"id": "more", "capacity": "20 MW", "energized_on": "2025-Q1"},
    ],
}


def load(tmp_path: Path, *docs: dict[str, Any] | str) -> Inventory:
    """Write the documents (dicts as JSON, which is YAML; strings as they are) and load them without error."""
    parts = [d if isinstance(d, str) else json.dumps({"apiVersion": "gpufleet/v1", **d}) + "\n" for d in docs]
    (tmp_path / "inv.yaml").write_text("---\n".join(parts), encoding="utf-8")
    result = load_inventory([tmp_path])
    assert [d for d in result.diagnostics if d.severity is Severity.ERROR] == []
    return result.inventory


def report(
    id_: str,
    figures: dict[str, Any],
    *,
    as_of: str = "2024-12-31",
    source: str = "a",
    scope: Any = "fleet",
    **extra: Any,
) -> dict[str, Any]:
    return {"kind": "Report", "id": id_, "source": source, "as_of": as_of, "scope": scope, "figures": figures, **extra}


def by_id(results: list[CheckResult]) -> dict[tuple[str, str], CheckResult]:
    return {(r.report_id, r.metric): r for r in results}


# -- bounds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "admits", "refuses"),
    [
        (Qualifier.EXACT, 100, 100, [100], [99, 101]),
        (Qualifier.APPROXIMATELY, 95, 105, [95, 105], [94, 106]),  # 5 %
        (Qualifier.MORE_THAN, 100, None, [101, 10**9], [100]),
        (Qualifier.AT_LEAST, 100, None, [100], [99]),
        (Qualifier.UP_TO, 0, 100, [0, 100], [101]),
        (Qualifier.LESS_THAN, 0, 100, [99], [100]),
    ],
)
def test_bounds_of_each_qualifier(
    qualifier: Qualifier, low: int, high: int | None, admits: list[int], refuses: list[int]
) -> None:
    """Each qualifier means what it says: ~ within the tolerance, > strictly more, <= at most..."""
    b = Bounds.of(Decimal(100), qualifier, Decimal("0.05"))
    assert (b.low, b.high) == (Decimal(low), None if high is None else Decimal(high))
    assert all(b.admits(Decimal(x)) for x in admits)
    assert not any(b.admits(Decimal(x)) for x in refuses)


def test_bounds_intersect_respects_open_ends() -> None:
    """>360 and ~420 can both hold; >100 and <=100 cannot; >=100 and <=100 meet at 100."""
    more_360 = Bounds.of(Decimal(360), Qualifier.MORE_THAN, Decimal("0.05"))
    about_420 = Bounds.of(Decimal(420), Qualifier.APPROXIMATELY, Decimal("0.05"))
    assert more_360.intersects(about_420)
    assert about_420.intersects(more_360)
    assert not Bounds.of(Decimal(100), Qualifier.MORE_THAN, Decimal(0)).intersects(
        Bounds.of(Decimal(100), Qualifier.UP_TO, Decimal(0))
    )
    assert Bounds.of(Decimal(100), Qualifier.AT_LEAST, Decimal(0)).intersects(
        Bounds.of(Decimal(100), Qualifier.UP_TO, Decimal(0))
    )
    assert not Bounds.of(Decimal(350), Qualifier.EXACT, Decimal(0)).intersects(about_420)


def test_same_date() -> None:
    """A month and a day inside it are the same date; a year and a day are not; two different days are not."""
    d = parse_date
    assert same_date(d("2025-07"), d("2025-07-09"))
    assert same_date(d("2025-07"), d("2025-07"))
    assert same_date(d("2025"), d("2025"))
    assert not same_date(d("2025"), d("2025-03-31"))
    assert not same_date(d("2025-03-31"), d("2025-04-30"))
    assert not same_date(d("2025-Q1"), d("2025-03-31"))


# -- statuses ------------------------------------------------------------------------------------

# The site itemizes 100 MW active at 2024-12-31. Status of each figure, worked out by hand, when
# the fleet is complete (computed value exactly 100 MW) and when it is not (100 MW or more).
CASES = [
    # figure          complete            incomplete
    ("100 MW", Status.OK, Status.INCOMPLETE),
    ("101 MW", Status.MISMATCH, Status.INCOMPLETE),
    ("90 MW", Status.MISMATCH, Status.MISMATCH),  # itemized already more than the figure
    ("~104 MW", Status.OK, Status.INCOMPLETE),  # 98.8 to 109.2 MW
    ("~96 MW", Status.OK, Status.INCOMPLETE),  # 91.2 to 100.8 MW
    ("~110 MW", Status.MISMATCH, Status.INCOMPLETE),  # 104.5 to 115.5 MW: complete 100 is short
    ("~90 MW", Status.MISMATCH, Status.MISMATCH),  # 85.5 to 94.5 MW: 100 already too much
    (">99 MW", Status.OK, Status.OK),  # the itemized lower bound already satisfies it
    (">100 MW", Status.MISMATCH, Status.INCOMPLETE),
    (">=100 MW", Status.OK, Status.OK),
    (">=150 MW", Status.MISMATCH, Status.INCOMPLETE),
    ("<=100 MW", Status.OK, Status.INCOMPLETE),
    ("<=120 MW", Status.OK, Status.INCOMPLETE),
    ("<100 MW", Status.MISMATCH, Status.MISMATCH),
    ("<=80 MW", Status.MISMATCH, Status.MISMATCH),
]


@pytest.mark.parametrize(("figure", "complete", "incomplete"), CASES)
def test_status_of_each_qualifier(tmp_path: Path, figure: str, complete: Status, incomplete: Status) -> None:
    """ok / mismatch / incomplete for every qualifier, in a complete and in an incomplete scope."""
    for claims, expected in (([], incomplete), (["fleet"], complete)):
        inv = load(
            tmp_path, {**FLEET, "complete_scopes": claims}, *SOURCES, SITE, report("r", {"active_power": figure})
        )
        (result,) = reconcile(inv)
        assert (result.status, result.fit) == (expected, expected), (figure, claims, result.message)
        assert result.computed.itemized == Decimal(100_000_000)


def test_coverage_is_itemized_over_reported(tmp_path: Path) -> None:
    inv = load(tmp_path, FLEET, *SOURCES, SITE, report("r", {"active_power": "~125 MW", "contracted_power": "0 MW"}))
    results = by_id(reconcile(inv))
    assert results[("r", "active_power")].coverage == Decimal("0.8")
    assert results[("r", "active_power")].message == (
        "100 MW itemized so far, 80% of ~125 MW (118.75 MW to 131.25 MW); the scope is not complete"
    )
    assert results[("r", "contracted_power")].coverage is None  # nothing to divide by
    assert results[("r", "contracted_power")].status is Status.MISMATCH  # 100 MW is already more than 0


def test_figure_and_fleet_tolerance(tmp_path: Path) -> None:
    """A figure's own tolerance wins; otherwise the Fleet's; otherwise 5 %."""
    fleet = {**FLEET, "complete_scopes": ["fleet"], "reconcile": {"tolerance": "10%"}}
    figures = {
        "active_power": "~110 MW",  # 10 %: 99 to 121 MW holds 100
        "contracted_power": {"value": "112 MW", "qualifier": "approximately", "tolerance": "5%"},  # 106.4 to 117.6
    }
    results = by_id(reconcile(load(tmp_path, fleet, *SOURCES, SITE, report("r", figures))))
    assert results[("r", "active_power")].status is Status.OK
    assert results[("r", "contracted_power")].status is Status.MISMATCH


def test_report_is_reconciled_at_its_own_date_with_unknown_dates_kept_open(tmp_path: Path) -> None:
    """On 2025-02-15 the Q1 block may or may not be energized: a complete scope is 100 to 120 MW."""
    docs: list[dict[str, Any]] = [{**FLEET, "complete_scopes": ["fleet"]}, *SOURCES, SITE]
    figures = {"active_power": "~110 MW"}  # 104.5 to 115.5 MW: neither inside nor outside 100..120
    results = reconcile(
        load(tmp_path, *docs, report("mid", figures, as_of="2025-02-15"), report("end", figures, as_of="2025-Q1"))
    )
    mid, end = results
    assert (mid.status, mid.computed.itemized, mid.computed.uncertain) == (
        Status.INCOMPLETE,
        Decimal(100_000_000),
        Decimal(20_000_000),
    )
    assert mid.message.startswith(
        "the scope is complete and itemizes 100 MW (and up to 20 MW more whose dates are unknown)"
    )
    assert (end.as_of.isoformat(), end.status) == ("2025-03-31", Status.MISMATCH)  # 120 MW, outside ~110


def test_scopes_host_region_datacenter(tmp_path: Path) -> None:
    """A report's scope picks the rollup it is compared with; a host scope sums the host's sites."""
    other = {
        **SITE,
        "id": "dc2",
        "host": "Other",
        "power": [{"id": "p", "capacity": "7 MW", "energized_on": "2024-01-01"}],
    }
    inv = load(
        tmp_path,
        {**FLEET, "complete_scopes": [{"host": "Acme"}]},
        *SOURCES,
        SITE,
        other,
        report("h", {"active_power": "100 MW"}, scope={"host": "Acme"}),
        report("d", {"active_power": "7 MW"}, scope={"datacenter": "dc2"}),
    )
    results = by_id(reconcile(inv))
    assert results[("h", "active_power")].status is Status.OK
    assert results[("d", "active_power")].status is Status.INCOMPLETE


def test_gpus_of_unknown_sku_may_be_of_any_sku(tmp_path: Path) -> None:
    """In a complete fleet of 100 h100 and 50 GPUs of unknown SKU, h100 lies between 100 and 150."""
    sku = {"kind": "GpuSku", "id": "h100", "name": "H100", "vendor": "NVIDIA"}
    dc = {
        **SITE,
        "gpus": [
            {"id": "known", "sku": "h100", "gpus": 100, "installed_on": "2024-01-01"},
            {"id": "unknown", "gpus": 50, "installed_on": "2024-01-01"},
        ],
    }
    figures = {"gpus": "150", "gpus_by_sku": {"h100": "120"}}
    other = report("more", {"gpus_by_sku": {"h100": "151"}}, as_of="2024-11-30")
    inv = load(tmp_path, {**FLEET, "complete_scopes": ["fleet"]}, *SOURCES, sku, dc, report("r", figures), other)
    results = by_id(reconcile(inv))
    assert results[("r", "gpus")].status is Status.OK
    h100 = results[("r", "gpus_by_sku.h100")]
    assert (h100.status, h100.computed.itemized, h100.computed.uncertain) == (
        Status.INCOMPLETE,
        Decimal(100),
        Decimal(50),
    )
    assert h100.message == (
        "the scope is complete and itemizes 100 (and up to 50 more whose dates or SKU are unknown):"
        " unknown dates or SKU leave 120 open"
    )
    assert results[("more", "gpus_by_sku.h100")].status is Status.MISMATCH  # more than all 150 GPUs


# -- sources against each other ------------------------------------------------------------------


def test_conflict_between_two_sources_for_the_same_month(tmp_path: Path) -> None:
    """350 MW and ~500 MW for the same host and month cannot both hold: both figures are conflicts."""
    inv = load(
        tmp_path,
        FLEET,
        *SOURCES,
        SITE,
        report("x", {"power_by_purpose": {"crypto-mining": "350 MW"}}, as_of="2025-07", scope={"host": "Acme"}),
        report(
            "y",
            {"power_by_purpose": {"crypto-mining": "~500 MW"}},
            as_of="2025-07-09",
            scope={"host": "Acme"},
            source="b",
        ),
    )
    x, y = reconcile(inv)
    assert (x.status, y.status) == (Status.CONFLICT, Status.CONFLICT)
    assert (x.fit, y.fit) == (Status.INCOMPLETE, Status.INCOMPLETE)  # nothing itemized for crypto-mining
    assert x.related == ((y.file, y.line, y.col),)
    found = [d for d in check_diagnostics(inv, [x, y]) if d.code == "figure-conflict"]
    assert len(found) == 1  # one finding, not one per figure
    assert found[0].related == ((x.file, x.line, x.col),)


@pytest.mark.parametrize(
    ("first", "second", "dates", "conflict"),
    [
        (">360 MW", "~420 MW", ("2024-12-31", "2024-12-31"), False),  # both can hold
        ("350 MW", "~500 MW", ("2025-06", "2025-07"), False),  # different months: not the same date
        ("350 MW", "~500 MW", ("2025", "2025-07-01"), False),  # a year is too vague to pit against a day
        ("<=300 MW", ">=300 MW", ("2025-07", "2025-07"), False),  # they meet at 300
        ("<300 MW", ">=300 MW", ("2025-07", "2025-07"), True),
    ],
)
def test_what_counts_as_a_conflict(
    tmp_path: Path, first: str, second: str, dates: tuple[str, str], conflict: bool
) -> None:
    inv = load(
        tmp_path,
        FLEET,
        *SOURCES,
        SITE,
        report("x", {"contracted_power": first}, as_of=dates[0]),
        report("y", {"contracted_power": second}, as_of=dates[1], source="b"),
    )
    statuses = {r.status for r in reconcile(inv)}
    assert (Status.CONFLICT in statuses) is conflict


@pytest.mark.parametrize(
    ("figure", "contradicts"),
    [("5", True), ("~5", True), (">=5", False), ("6", False), ("<=6", False), ("<6", True)],
)
def test_count_against_the_names_it_lists(tmp_path: Path, figure: str, contradicts: bool) -> None:
    """'five' regions naming six states contradicts itself; 'at least five' naming six does not."""
    names = ["New York", "New Jersey", "Ohio", "Virginia", "Nevada", "Arizona"]
    qualifier, value = (figure[:-1], figure[-1]) if not figure.isdigit() else ("", figure)
    general = {
        "value": int(value),
        "named": names,
        **(
            {"qualifier": {"~": "approximately", ">=": "at-least", "<=": "up-to", "<": "less-than"}[qualifier]}
            if qualifier
            else {}
        ),
    }
    inv = load(tmp_path, FLEET, *SOURCES, report("r", {"regions": {"general": general}}))
    (result,) = reconcile(inv)
    assert (result.status is Status.CONFLICT) is contradicts
    codes = [d.code for d in check_diagnostics(inv, [result])]
    assert ("count-contradicts-names" in codes) is contradicts


WEAK = {"kind": "Source", "id": "w", "publisher": "P", "title": "w", "type": "other", "confidence": "weak"}


@pytest.mark.parametrize(
    ("figure", "fit"),
    [("200 MW", Status.MISMATCH), ("~100 MW", Status.OK), (">50 MW", Status.OK), ("~50 MW", Status.MISMATCH)],
)
def test_a_weak_figure_decides_no_check(tmp_path: Path, figure: str, fit: Status) -> None:
    """Only a weak source gives it: the status is weak whatever it fits, and the note says what it would be."""
    complete = {**FLEET, "complete_scopes": ["fleet"]}
    inv = load(tmp_path, complete, *SOURCES, WEAK, SITE, report("r", {"active_power": figure}, source="w"))
    (result,) = reconcile(inv)
    assert (result.fit, result.status, result.figure.weak) == (fit, Status.WEAK, True)
    (found,) = check_diagnostics(inv, [result])
    assert (found.code, found.severity) == ("weak-figure", Severity.INFO)
    assert found.message.startswith(
        f"r active_power: only weak sources give it, so it decides no check; alone it would be {fit.value}: "
    )


def test_a_weak_figure_does_not_make_another_a_conflict(tmp_path: Path) -> None:
    """A filing's 100 MW against a weak 300 MW: the filing's figure stays ok; the weak one names the disagreement."""
    complete = {**FLEET, "complete_scopes": ["fleet"]}
    inv = load(
        tmp_path,
        complete,
        *SOURCES,
        WEAK,
        SITE,
        report("strong", {"active_power": "100 MW"}),
        report("weak", {"active_power": "300 MW"}, source="w"),
    )
    strong, weak = reconcile(inv)
    assert (strong.status, strong.disagreements) == (Status.OK, ())
    assert (weak.status, [d.code for d in weak.disagreements]) == (Status.WEAK, ["figure-conflict"])
    (found,) = check_diagnostics(inv, [strong, weak])
    assert (found.code, found.line, found.related) == (
        "weak-figure",
        weak.line,
        ((strong.file, strong.line, strong.col),),
    )
    assert "strong reports 100 MW at 2024-12-31" in found.message


def test_a_figure_is_weak_only_when_every_source_it_cites_is(tmp_path: Path) -> None:
    """A weak Report whose figure also cites a secondary source is not weak; an unrated source is not weak."""
    inv = load(
        tmp_path,
        FLEET,
        *SOURCES,
        WEAK,
        SITE,
        report("cited", {"active_power": {"value": "100 MW", "sources": ["a"]}}, source="w"),
        report("unrated", {"active_power": "100 MW"}, source="a", as_of="2023-12-31"),
    )
    assert [(r.report_id, r.figure.weak, r.status) for r in reconcile(inv)] == [
        ("cited", False, Status.INCOMPLETE),
        ("unrated", False, Status.INCOMPLETE),
    ]


def test_same_figures_at_two_dates_from_two_sources(tmp_path: Path) -> None:
    """An article dating a release's figures a month later is found at its as_of, every figure related."""
    article = textwrap.dedent(
        """\
        apiVersion: gpufleet/v1
        kind: Report
        id: article
        source: b
        as_of: 2025-04-30
        stated_as_of: end of April
        scope: fleet
        figures:
          active_power: ~420 MW
          contracted_power: ~1.6 GW
          data_centers: 33
        """
    )
    release = report("release", {"active_power": "~420 MW", "contracted_power": "1.6 GW"}, as_of="2025-03-31")
    inv = load(tmp_path, FLEET, *SOURCES, article, release)
    found = [d for d in check_diagnostics(inv, reconcile(inv)) if d.code == "figures-dated-differently"]
    assert len(found) == 1
    d = found[0]
    # Fleet, ---, Source, ---, Source, --- take lines 1-6: the article starts at line 7
    assert (d.line, d.col, d.severity) == (11, 8, Severity.ERROR)  # the article's as_of
    assert d.message == (
        "article gives active_power ~420 MW and contracted_power ~1.6 GW at 2025-04-30 ('end of April');"
        f" release (a) gives the same values at 2025-03-31 ({d.file}:19): one of the two dates is likely wrong"
    )
    assert [line for _, line, _ in d.related] == [15, 16, 19, 19]  # the article's two figures, the release's
    statuses = {r.report_id: r.status for r in reconcile(inv)}
    assert set(statuses.values()) == {Status.INCOMPLETE}  # a date finding, not a conflict of values


@pytest.mark.parametrize(
    "change",
    [
        {"source": "a"},  # the same source at two dates: a plateau, not a misdating
        {"as_of": "2026-03-31"},  # a year apart
        {"scope": {"datacenter": "dc"}},  # one site keeps its power for years
        {"figures": {"active_power": "~420 MW", "contracted_power": "1.7 GW"}},  # not the same values
        {"figures": {"data_centers": 33, "gpus": 1000}},  # counts only
    ],
)
def test_same_figures_at_two_dates_not_reported(tmp_path: Path, change: dict[str, Any]) -> None:
    base = {"active_power": "~420 MW", "contracted_power": "1.6 GW", "data_centers": 33, "gpus": 1000}
    one = report("one", base, as_of="2025-03-31")
    two = {**report("two", base, as_of="2025-04-30", source="b"), **change}
    if "scope" in change:
        one["scope"] = change["scope"]
    inv = load(tmp_path, FLEET, *SOURCES, SITE, one, two)
    assert [d for d in check_diagnostics(inv, reconcile(inv)) if d.code == "figures-dated-differently"] == []


# -- severities ----------------------------------------------------------------------------------


def _codes(found: list[Diagnostic]) -> dict[str, Severity]:
    return {d.code: d.severity for d in found}


def test_severities_from_settings_and_arguments(tmp_path: Path) -> None:
    """Mismatches and conflicts are errors by default, warnings by Fleet setting, and arguments override both."""
    docs: list[dict[str, Any]] = [
        *SOURCES,
        SITE,
        report("m", {"active_power": "50 MW", "gpus": ">10"}),
        report("c1", {"contracted_power": "1 GW"}, as_of="2025-07"),
        report("c2", {"contracted_power": "2 GW"}, as_of="2025-07", source="b"),
    ]
    inv = load(tmp_path, FLEET, *docs)
    found = _codes(check_diagnostics(inv, reconcile(inv)))
    assert found == {
        "figure-mismatch": Severity.ERROR,
        "figure-incomplete": Severity.INFO,
        "figure-conflict": Severity.ERROR,
    }
    relaxed = load(tmp_path, {**FLEET, "reconcile": {"mismatches": "warning", "conflicts": "warning"}}, *docs)
    assert set(_codes(check_diagnostics(relaxed, reconcile(relaxed))).values()) == {Severity.WARNING, Severity.INFO}
    strict = _codes(
        check_diagnostics(relaxed, reconcile(relaxed), mismatch_severity="error", conflict_severity=Severity.ERROR)
    )
    assert (strict["figure-mismatch"], strict["figure-conflict"]) == (Severity.ERROR, Severity.ERROR)


def test_mismatch_diagnostic_is_at_the_figure(tmp_path: Path) -> None:
    text = (
        "apiVersion: gpufleet/v1\nkind: Report\nid: r\nsource: a\nas_of: 2024-12-31\nscope: fleet\n"
        "figures:\n  active_power:\n    value: 50 MW\n"
    )
    # four documents and their separators take lines 1-8; the report's `value:` is on line 9 + 8
    inv = load(tmp_path, FLEET, *SOURCES, SITE, text)
    (d,) = [d for d in check_diagnostics(inv, reconcile(inv)) if d.code == "figure-mismatch"]
    assert (d.file.endswith("inv.yaml"), d.line, d.col) == (True, 17, 12)
    assert d.message == "r active_power: 100 MW is already itemized, more than 50 MW allows"


def test_unknown_host_is_an_error(tmp_path: Path) -> None:
    inv = load(tmp_path, FLEET, *SOURCES, SITE, report("r", {"active_power": "1 MW"}, scope={"host": "acme"}))
    (d,) = [d for d in check_diagnostics(inv, reconcile(inv)) if d.code == "unknown-host"]
    assert (d.severity, d.message) == (
        Severity.ERROR,
        "no data center has host 'acme' (did you mean 'Acme'?): the scope is empty",
    )


# -- plausibility --------------------------------------------------------------------------------

H100 = {"kind": "GpuSku", "id": "h100", "name": "H100", "vendor": "NVIDIA", "system_power": "1.4 kW"}


def _plausible(tmp_path: Path, *docs: dict[str, Any]) -> dict[str, Diagnostic]:
    inv = load(tmp_path, FLEET, *SOURCES, H100, *docs)
    found = plausibility(inv)
    assert all(d.severity is Severity.WARNING for d in found)
    return {d.code: d for d in found}


def test_gpu_draw_exceeds_site_power(tmp_path: Path) -> None:
    """1,000 H100 at 1.4 kW draw 1.4 MW: more than a 1 MW site (and fine at a 1.5 MW one)."""
    gpus = [{"id": "g", "sku": "h100", "gpus": 1000, "installed_on": "2024-01-01"}]
    small = {**SITE, "power": [{"id": "p", "capacity": "1 MW", "energized_on": "2024-01-01"}], "gpus": gpus}
    found = _plausible(tmp_path, small)
    assert list(found) == ["gpu-draw-exceeds-power"]
    assert found["gpu-draw-exceeds-power"].message == (
        "estimated draw of the GPUs in service at 2025-06-30 is 1.4 MW,"
        " more than the 1 MW of power that may be active at dc then"
    )
    big = {**small, "power": [{"id": "p", "capacity": "1.5 MW", "energized_on": "2024-01-01"}]}
    assert _plausible(tmp_path, big) == {}


def test_crypto_power_counted_as_ai(tmp_path: Path) -> None:
    """1.4 MW of GPUs at a site with 1 MW for AI and 1 MW for mining fit only in the mining power."""
    dc = {
        **SITE,
        "power": [
            {"id": "ai", "capacity": "1 MW", "energized_on": "2024-01-01"},
            {"id": "mine", "capacity": "1 MW", "purpose": "crypto-mining", "energized_on": "2024-01-01"},
        ],
        "gpus": [{"id": "g", "sku": "h100", "gpus": 1000, "installed_on": "2024-01-01"}],
    }
    found = _plausible(tmp_path, dc)
    assert list(found) == ["crypto-counted-as-ai"]
    assert "fit only if the 1 MW reserved for crypto-mining is counted" in found["crypto-counted-as-ai"].message


def test_gpus_before_power(tmp_path: Path) -> None:
    """Without a since, GPUs installed (certainly) before the site's first block is energized are
    reported; a month that may overlap is not. (Before a since, it is a date-order error.)"""
    dc = {
        **{k: v for k, v in SITE.items() if k != "since"},
        "power": [
            {"id": "base", "capacity": "100 MW", "energized_on": "2024-06-15"},
            {"id": "more", "capacity": "20 MW", "energized_on": "2025-Q1"},
        ],
        "gpus": [
            {"id": "early", "sku": "h100", "gpus": 8, "installed_on": "2024-03"},
            {"id": "june", "sku": "h100", "gpus": 8, "installed_on": "2024-06"},
        ],
    }
    found = plausibility(load(tmp_path, FLEET, *SOURCES, H100, dc))
    assert [(d.code, d.message) for d in found] == [
        ("gpus-before-power", "8 GPUs (early) installed 2024-03, before dc had power (energized on 2024-06-15)")
    ]


def test_report_contracted_below_active_and_gpus_above_power(tmp_path: Path) -> None:
    figures = {"active_power": "~100 MW", "contracted_power": "<90 MW", "gpus_by_sku": {"h100": ">80,000"}}
    found = _plausible(tmp_path, report("r", figures))
    assert set(found) == {"contracted-below-active", "gpu-draw-exceeds-power"}  # 80,000 x 1.4 kW = 112 MW > 105 MW
    assert found["gpu-draw-exceeds-power"].message == (
        "the GPUs r gives draw at least 112 MW at their SKUs' system power,"
        " more than its active power ~100 MW (95 MW to 105 MW)"
    )


def test_a_weak_report_at_odds_with_itself_is_a_note(tmp_path: Path) -> None:
    """The same contradictions from a weak source only are notes: they decide nothing alone."""
    figures = {"active_power": "~100 MW", "contracted_power": "<90 MW", "gpus_by_sku": {"h100": ">80,000"}}
    inv = load(tmp_path, FLEET, *SOURCES, WEAK, H100, report("r", figures, source="w"))
    found = {d.code: d.severity for d in plausibility(inv)}
    assert found == {"contracted-below-active": Severity.INFO, "gpu-draw-exceeds-power": Severity.INFO}


def test_a_tolerance_over_100_percent_never_allows_a_negative_value() -> None:
    """~40 at 150 % allows 0 to 100, not -20 to 100: power and counts are never negative."""
    bounds = Bounds.of(Decimal(40), Qualifier.APPROXIMATELY, Decimal("1.5"))
    assert (bounds.low, bounds.high) == (Decimal(0), Decimal(100))
