"""The seed inventory seeds/coreweave validates, and holds the public facts as they were given.

Each expected value below is copied by hand from ../shared/facts/coreweave-public-figures.md and its
2026 update, coreweave-2026-update.md (or computed from them in the test), so a change to the seed
that bends a fact fails here.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from inventory.base.diagnostics import Severity
from inventory.check.linking import Inventory
from inventory.cli.main import main
from inventory.engine import LoadResult, Paths, Verdict, check, load_inventory
from inventory.model.kinds import CountFigure, PowerAllocation
from inventory.model.units import Power, Qualifier, parse_date, parse_power
from inventory.reconcile.checks import Status
from inventory.reconcile.figures import reported_figures
from inventory.rollup.energization import energization
from inventory.rollup.scopes import FleetRollup

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "coreweave"


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load_inventory([SEED])


@pytest.fixture(scope="module")
def inv(loaded: LoadResult) -> Inventory:
    return loaded.inventory


@pytest.fixture(scope="module")
def verdict() -> Verdict:
    """The engine's verdict on the seed: what every command reports (reconciliation, rollups)."""
    return check(Paths.of([SEED]))


def at(verdict: Verdict, day: str) -> FleetRollup:
    found = verdict.rollup(parse_date(day).last)
    assert found is not None
    return found


def mw(text: str) -> Power:
    return parse_power(text)


AS_OF = parse_date("2026-06-30").last
"""The Fleet's as_of."""


def plans(block: PowerAllocation) -> list[str]:
    """A block's planned dates, oldest first."""
    return [str(p.date) for p in block.planned]


def count(figure: CountFigure | None) -> int | None:
    """A count figure's value, or None when the source gave none."""
    return None if figure is None else figure.value


def test_seed_has_no_errors(loaded: LoadResult) -> None:
    """Loading the seed yields no error (warnings are allowed: source disagreements may be reported)."""
    errors = [str(d) for d in loaded.diagnostics if d.severity is Severity.ERROR]
    assert errors == []


def test_validate_command_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """`gpufleet validate seeds/coreweave` exits 0, prints no error, and counts every entity."""
    rc = main(["validate", str(SEED)])
    out, err = capsys.readouterr()
    assert rc == 0, out + err
    assert "error[" not in out
    assert "(1 Fleet, 54 Source, 41 Region, 16 DataCenter, 5 GpuSku, 31 Report): 0 errors" in err


def test_validate_json_has_no_error(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON report says ok, with no error-level diagnostic."""
    rc = main(["validate", str(SEED), "--format", "json"])
    out, _ = capsys.readouterr()
    result = json.loads(out)
    assert (rc, result["status"], result["counts"]["error"]) == (0, "ok", 0)
    assert [d for d in result["diagnostics"] if d["severity"] == "error"] == []


def test_every_file_has_the_schema_modeline() -> None:
    """Each file's first line points an editor at schemas/gpufleet.schema.json, relative to the file."""
    schema = (ROOT / "schemas" / "gpufleet.schema.json").resolve()
    files = sorted(SEED.rglob("*.yaml"))
    assert len(files) == 37
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        assert (path.parent / first.removeprefix(prefix)).resolve() == schema, path


def test_fleet_says_it_is_incomplete(inv: Inventory) -> None:
    """The Fleet is dated at the last reporting point (Q2 2026) and claims no complete scope."""
    fleet = inv.fleet
    assert fleet is not None
    assert (fleet.id, fleet.name, str(fleet.as_of)) == ("coreweave", "CoreWeave", "2026-06-30")
    assert fleet.complete_scopes == []
    assert fleet.description is not None
    assert "Incomplete" in fleet.description


def test_everything_cites_a_source(inv: Inventory) -> None:
    """Every region, site, power block, deployment and SKU names at least one Source; every Source is cited."""
    uncited = [r.id for r in inv.regions.values() if not r.sources]
    uncited += [s.id for s in inv.skus.values() if not s.sources]
    for dc in inv.datacenters.values():
        uncited += [dc.id] if not dc.sources else []
        uncited += [f"{dc.id}/{b.id}" for b in dc.power if not b.sources]
        uncited += [f"{dc.id}/{g.id}" for g in dc.gpus if not g.sources]
    assert uncited == []
    cited: set[str] = {r.source for r in inv.reports.values()}
    for figure in reported_figures(inv):
        cited.update(figure.figure.sources)
    for _, entity in inv.entities():
        cited.update(entity.sources)
    for dc in inv.datacenters.values():
        for item in (*dc.power, *dc.gpus):
            cited.update(item.sources)
    assert set(inv.sources) - cited == set()


def test_every_figure_cites_a_dated_rated_source(inv: Inventory) -> None:
    """Every Source behind a figure (a Report, block, deployment, SKU, region) has a publisher, date, confidence.

    The one undated Source (aibase) backs only notes and a site without dates or power.
    """
    behind: set[str] = set()
    for report in inv.reports.values():
        behind.update([report.source, *report.sources])
    for figure in reported_figures(inv):
        behind.update(figure.figure.sources)
    for dc in inv.datacenters.values():
        for item in (*dc.power, *dc.gpus):
            behind.update(item.sources)
    for entity in (*inv.skus.values(), *inv.regions.values()):
        behind.update(entity.sources)
    sources = inv.sources
    lacking = [s for s in sorted(behind) if not (sources[s].publisher and sources[s].date and sources[s].confidence)]
    assert lacking == []
    undated = {s.id for s in sources.values() if s.date is None}
    assert undated == {"aibase-uk-sites"}
    assert undated.isdisjoint(behind)


def test_s1_reporting_points(inv: Inventory) -> None:
    """The S-1's three year ends, with their qualifiers (p.100)."""
    r22, r23, r24 = (inv.reports[f"s1-{year}-12-31"].figures for year in (2022, 2023, 2024))
    assert (count(r22.data_centers), str(r22.active_power), str(r22.gpus)) == (3, "~10 MW", ">17,000")
    assert (count(r23.data_centers), str(r23.active_power), str(r23.gpus)) == (10, ">70 MW", ">53,000")
    assert r24.active_power is not None
    assert str(r24.active_power) == ">360 MW"
    assert (r24.active_power.qualifier, r24.active_power.value) == (Qualifier.MORE_THAN, mw("360 MW"))
    assert str(r24.contracted_power) == "~1.3 GW"
    assert (count(r24.data_centers), str(r24.gpus)) == (32, ">250,000")


def test_results_releases(inv: Inventory) -> None:
    """The 2025 and 2026 quarter ends as the releases give them; unknowns stay unset."""
    expected = {
        "q1-2025-results": ("2025-03-31", None, "~420 MW", "~1.6 GW"),
        "q2-2025-results": ("2025-06-30", 33, "~470 MW", "~2.2 GW"),
        "q3-2025-results": ("2025-09-30", None, "~590 MW", "~2.9 GW"),
        "q4-2025-results": ("2025-12-31", 43, ">850 MW", "~3.1 GW"),
        "q1-2026-results": ("2026-03-31", None, ">1 GW", ">3.5 GW"),
        "q2-2026-results": ("2026-06-30", None, "~1.5 GW", "~3.7 GW"),
        "q2-2026-call": ("2026-08-11", None, "None", "~4.2 GW"),
    }
    for report_id, (as_of, dcs, active, contracted) in expected.items():
        report = inv.reports[report_id]
        f = report.figures
        assert (str(report.as_of), count(f.data_centers), str(f.active_power), str(f.contracted_power)) == (
            as_of,
            dcs,
            active,
            contracted,
        ), report_id
        assert f.gpus is None, report_id
    assert inv.reports["q4-2025-results"].sources == ["coreweave-10k-fy2025"]


def test_2026_figures_keep_their_quotes(inv: Inventory) -> None:
    """The qualifier of each 2026 figure is the source's word, kept beside it; other sources' counts too."""
    quotes = {}
    for rid in ("q1-2026-results", "q2-2026-results"):
        f = inv.reports[rid].figures
        assert f.active_power is not None
        assert f.contracted_power is not None
        quotes[rid] = (f.active_power.quote, f.contracted_power.quote)
    assert quotes == {
        "q1-2026-results": (
            "We surpassed 1 GW of active power",
            "Expanded total contracted power by more than 400 MW to over 3.5 GW",
        ),
        "q2-2026-results": (
            "Expanded active power by nearly 500 MWs to reach 1.5 GW.",
            "Grew total contracted power to approximately 3.7 GW.",
        ),
    }
    q4 = inv.reports["q4-2025-results"].figures.contracted_power
    assert q4 is not None
    assert (q4.quote, q4.sources) == ("approximately 3.1 GW", ["coreweave-10k-fy2025"])
    assert str(inv.reports["zacks-2025-12-31"].figures.contracted_power) == ">3.1 GW"
    assert count(inv.reports["reportify-2025-09-30"].figures.data_centers) == 41


FLEET_POINTS = {
    "2022-12-31",
    "2023-12-31",
    "2024-12-31",
    "2025-03-31",
    "2025-06-30",
    "2025-09-30",
    "2025-12-31",
    "2026-03-31",
    "2026-06-30",
}


def test_every_reporting_point_is_reconciled_and_nothing_passes_silently(verdict: Verdict) -> None:
    """Each reporting point 2022-12-31 ... 2026-06-30 has fleet figures; each is incomplete or a surfaced disagreement.

    The fleet is not declared complete, so against the inventory alone every figure is incomplete
    (none is ok by default, none a mismatch); a disagreement between sources is on the figure.
    """
    results = [r for r in verdict.checks if r.scope == ("fleet", "")]
    assert {str(r.figure.as_of) for r in results} >= FLEET_POINTS
    assert {(r.fit, r.status) for r in results} == {
        (Status.INCOMPLETE, Status.INCOMPLETE),
        (Status.INCOMPLETE, Status.CONFLICT),
    }
    surfaced = {(r.report_id, r.metric): sorted(d.code for d in r.disagreements) for r in results if r.disagreements}
    assert surfaced == {
        ("q1-2025-results", "active_power"): ["figures-dated-differently"],
        ("q1-2025-results", "contracted_power"): ["figures-dated-differently"],
        ("lemagit-2025-04-30", "active_power"): ["figures-dated-differently"],
        ("lemagit-2025-04-30", "contracted_power"): ["figures-dated-differently"],
        ("lemagit-2025-04-30", "regions.general"): ["count-contradicts-names"],
    }
    conflicts = {(r.report_id, r.metric) for r in results if r.status is Status.CONFLICT}
    assert conflicts == {("lemagit-2025-04-30", "regions.general")}


def test_weak_figures_decide_nothing(inv: Inventory, verdict: Verdict) -> None:
    """The three figures only weak sources give are weak; a weak copy cited beside a release is not."""
    weak = {(r.report_id, r.metric) for r in verdict.checks if r.status is Status.WEAK}
    assert weak == {
        ("citizenportal-2025-10-17-kenilworth", "contracted_power"),
        ("belcourt-core-scientific-2026-05-06", "active_power"),
        ("epoch-chester-2026-05-20", "active_power"),
    }
    assert {s.id for s in inv.sources.values() if s.confidence == "weak"} == {
        "new-yorker-2025-las-vegas",
        "allmind-2026-05",
        "belcourt-2026-05-07-corz-q1",
        "epoch-satellite-estimates",
        "applied-digital-2026-10-02",
        "citizenportal-2025-10-17-kenilworth",
        "aibase-uk-sites",
    }
    q1 = inv.reports["q1-2026-results"].figures.active_power
    assert q1 is not None
    assert q1.sources == ["coreweave-q1-2026-results", "allmind-2026-05"]


def test_sites_only_weak_sources_name_never_count(inv: Inventory, verdict: Verdict) -> None:
    """Las Vegas, Crawley and Dalton have no start date, power or GPUs: only ever 'maybe', never itemized."""
    for site in ("las-vegas-nv", "crawley-gb", "dalton-ga"):
        dc = inv.datacenters[site]
        assert (dc.since, dc.power, dc.gpus) == (None, [], []), site
        assert {inv.sources[s].confidence for s in dc.sources} == {"weak"}, site
        for day in FLEET_POINTS:
            scope = at(verdict, day).scope(("datacenter", site))
            assert scope is not None
            measure = scope.measure("data_centers")
            assert (measure.itemized, measure.uncertain) == (0, 1), (site, day)


def test_article_as_it_is(inv: Inventory) -> None:
    """The article's figures keep its own date wording and its count of five GA regions."""
    report = inv.reports["lemagit-2025-04-30"]
    f = report.figures
    assert (str(report.as_of), report.stated_as_of, report.scope.key) == ("2025-04-30", "end of April", ("fleet", ""))
    assert (count(f.data_centers), str(f.active_power), str(f.contracted_power)) == (33, "~420 MW", "~1.6 GW")
    assert f.regions is not None
    assert count(f.regions.general) == 5
    assert report.note is not None
    for state in ("New York", "New Jersey", "Ohio", "Virginia", "Nevada", "Arizona"):
        assert state in report.note


def test_crypto_mining_disagreement_is_data(inv: Inventory) -> None:
    """350 MW (the article) and ~500 MW (The Register) of Core Scientific mining, same scope, same month."""
    pairs = {
        rid: inv.reports[rid] for rid in ("lemagit-core-scientific-2025-07", "the-register-core-scientific-2025-07")
    }
    got = {}
    for rid, report in pairs.items():
        assert (report.scope.key, str(report.as_of)) == (("host", "Core Scientific"), "2025-07")
        assert report.figures.power_by_purpose is not None
        got[rid] = str(report.figures.power_by_purpose.crypto_mining)
    assert got == {"lemagit-core-scientific-2025-07": "350 MW", "the-register-core-scientific-2025-07": "~500 MW"}


def test_denton_gpus_have_no_sku(inv: Inventory) -> None:
    """Denton's >16,000 and then >50,000 GPUs: >16,000 + 34,000 without a SKU; the Reports keep the '>' too."""
    denton = inv.datacenters["denton-tx"]
    assert denton.host == "Core Scientific"
    assert [(g.sku, str(g.gpus), str(g.installed_on)) for g in denton.gpus] == [
        (None, ">16,000", "2025-12"),
        (None, "34000", "<=2026-03-02"),
    ]
    report = inv.reports["theminermag-2026-01-14-denton"]
    assert (report.scope.key, str(report.figures.gpus)) == (("datacenter", "denton-tx"), ">16,000")
    q4 = inv.reports["core-scientific-q4-2025-denton"].figures
    assert (str(q4.gpus), str(q4.active_power)) == (">50,000", ">=130 MW")


def test_denton_counts_coreweave_power_not_the_hosts(inv: Inventory) -> None:
    """Denton's blocks are CoreWeave's ~260 MW, not Core Scientific's 297 -> 394 MW of utility access.

    The host's access is a Report bound (<=394 MW); the blocks sum to The Information's 260 MW
    (at least 130 MW billable by 2026-03-02, 130 MW more), under it, and no longer the 464 MW of before.
    """
    denton = inv.datacenters["denton-tx"]
    blocks = sum((b.capacity for b in denton.power), Power.zero())
    assert blocks == mw("260 MW")
    access = inv.reports["core-scientific-2024-11-21-denton"]
    assert (access.source, str(access.as_of)) == ("core-scientific-2024-11-21-denton", "2024-11-21")
    assert (str(access.figures.active_power), str(access.figures.contracted_power)) == ("<=394 MW", "<=394 MW")
    assert blocks.watts < mw("394 MW").watts
    assert str(inv.reports["information-2025-12-denton"].figures.contracted_power) == "~260 MW"
    assert [str(b.capacity) for b in denton.power] == [">=130 MW", "130 MW"]


@pytest.mark.parametrize(
    ("day", "active", "active_maybe", "gpus", "gpus_maybe"),
    [
        # nothing certainly energized yet; both blocks contracted by December 2025 (<=2025-12-31);
        # the >16,000 GPUs of December in service (at least 16,001), the 34,000 of <=2026-03-02 only maybe
        ("2025-12-31", "0 MW", "260 MW", 16_001, 34_000),
        # the >=130 billable MW energized by 2026-03-02, the other 130 MW without a date; >50,000 GPUs
        ("2026-06-30", "130 MW", "130 MW", 50_001, 0),
    ],
)
def test_denton_rollup(verdict: Verdict, day: str, active: str, active_maybe: str, gpus: int, gpus_maybe: int) -> None:
    """The Denton rollup at the Q4 2025 and Q2 2026 reporting points, worked out by hand above.

    CoreWeave's contracted 260 MW at both, all the site may hold (itemized + maybe) within the
    host's 394 MW of utility access.
    """
    scope = at(verdict, day).scope(("datacenter", "denton-tx"))
    assert scope is not None
    got = {m: scope.measure(m) for m in ("active_power", "contracted_power", "gpus")}
    assert (got["active_power"].itemized, got["active_power"].uncertain) == (mw(active).watts, mw(active_maybe).watts)
    assert (got["contracted_power"].itemized, got["contracted_power"].uncertain) == (mw("260 MW").watts, 0)
    assert (got["gpus"].itemized, got["gpus"].uncertain) == (gpus, gpus_maybe)
    for metric in ("active_power", "contracted_power"):
        assert got[metric].itemized + got[metric].uncertain <= mw("394 MW").watts


def test_core_scientific_sites(inv: Inventory) -> None:
    """Core Scientific hosts Denton, Muskogee, Marble, Dalton and Austin; Marble is 36 + 29 MW with ~15,000 GPUs.

    The sources' qualifiers are the amounts' own: Marble's "about 15000" GPUs, Austin's "up to 16
    megawatts", Muskogee's "about 70 MW" of critical IT (planned, and expected, in 2026).
    """
    hosted = sorted(dc.id for dc in inv.datacenters.values() if dc.host == "Core Scientific")
    assert hosted == ["austin-tx", "dalton-ga", "denton-tx", "marble-nc", "muskogee-ok"]
    marble = inv.datacenters["marble-nc"]
    assert [(str(b.capacity), str(b.energized_on)) for b in marble.power] == [
        ("36 MW", "<=2026-03-02"),
        ("29 MW", "<=2026-05-06"),
    ]
    assert [(g.sku, str(g.gpus)) for g in marble.gpus] == [(None, "~15,000")]
    assert [str(b.capacity) for b in inv.datacenters["austin-tx"].power] == ["<=16 MW"]
    muskogee = inv.datacenters["muskogee-ok"].power
    assert [(str(b.capacity), b.basis, [str(p.date) for p in b.planned], str(b.energized_on)) for b in muskogee] == [
        ("~70 MW", "critical-it", ["2026"], "2026")
    ]
    q4 = inv.reports["core-scientific-q4-2025"].figures
    assert (str(q4.active_power), str(q4.contracted_power)) == ("~350 MW", "~590 MW")


def test_muskogee_release_is_dated_the_18th(inv: Inventory) -> None:
    """The Muskogee release is of 2024-11-18 (BusinessWire), renamed with its old id kept."""
    source = inv.sources["core-scientific-2024-11-18-muskogee"]
    assert (str(source.date), source.formerly) == ("2024-11-18", ["core-scientific-2024-11-25-muskogee"])
    assert "core-scientific-2024-11-18-muskogee" in inv.datacenters["muskogee-ok"].sources


def test_ellendale_is_400_mw_of_critical_it(inv: Inventory) -> None:
    """Three leases, 400 MW of critical IT: 50 + 50 (Building 1, done by November 2025), 75 + 75 (Building 2), 150."""
    blocks = inv.datacenters["ellendale-nd"].power
    assert sum((b.capacity for b in blocks), Power.zero()) == mw("400 MW")
    assert {b.basis for b in blocks} == {"critical-it"}
    assert [(str(b.capacity), plans(b), str(b.energized_on)) for b in blocks] == [
        ("50 MW", ["2025-Q4"], "2025-10-27"),
        ("50 MW", ["2025-Q4"], "2025-11"),
        # "the middle of 2026": the format has no "middle", so the plan is the year
        ("75 MW", ["2026"], "2026-07-01"),
        ("75 MW", ["2026"], "2026-10-02"),
        ("150 MW", ["2027"], "2027"),
    ]
    # Building 1 came on plan; at the Fleet's as_of Building 2 and 3 are due, not late
    states = {b.id: (energization(b, AS_OF).state.value, energization(b, AS_OF).slipped) for b in blocks}
    assert states == {
        "building-1-phase-1": ("energized", False),
        "building-1-phase-2": ("energized", False),
        "building-2-phase-1": ("due", False),
        "building-2-phase-2": ("due", False),
        "building-3": ("due", False),
    }


def test_dickens_county_phases(inv: Inventory) -> None:
    """Helios: 133 MW planned 2026-H1, delivered 2026-07-06 (six days late); +260 MW planned 2027, then
    2027-H1 (stated 2026-07-06: a narrower plan, not a slip); +133 MW planned 2028; all critical IT."""
    blocks = inv.datacenters["dickens-county-tx"].power
    assert [(str(b.capacity), plans(b), str(b.energized_on)) for b in blocks] == [
        ("133 MW", ["2026-H1"], "2026-07-06"),
        ("260 MW", ["2027", "2027-H1"], "2027-H1"),
        ("133 MW", ["2028"], "2028"),
    ]
    assert [str(p.stated_on) for p in blocks[1].planned] == ["None", "2026-07-06"]
    assert {b.basis for b in blocks} == {"critical-it"}
    day = parse_date("2026-07-31").last
    assert [(energization(b, day).slipped, energization(b, day).slip_days) for b in blocks] == [
        (True, 6),
        (False, 0),
        (False, 0),
    ]


def test_kenilworth_plan_is_the_november_2025_one(inv: Inventory) -> None:
    """ "Early 2027", stated in November 2025, is the plan; News 12's "next few months" names no date."""
    (campus,) = inv.datacenters["kenilworth-nj"].power
    assert [(str(p.date), str(p.stated_on)) for p in campus.planned] == [("2027-H1", "2025-11")]
    assert (str(campus.energized_on), energization(campus, AS_OF).state.value) == ("2027-H1", "due")


def test_report_bases_are_the_sources(inv: Inventory) -> None:
    """Core Scientific's ~500 MW is critical IT; Denton's <=394 MW and Helios' 800 MW are gross (utility power);
    Helios Phase I is 133 MW critical IT, ~200 MW gross; CoreWeave's own fleet figures state no basis."""
    assert inv.reports["core-scientific-2024-10-22"].basis == "critical-it"
    assert inv.reports["core-scientific-2024-11-21-denton"].basis == "gross"
    helios = inv.reports["commercialsearch-2025-08-helios"]
    assert (helios.basis, helios.scope.key, str(helios.figures.contracted_power)) == (
        "gross",
        ("datacenter", "dickens-county-tx"),
        "800 MW",
    )
    phase_1 = {
        rid: inv.reports[rid].figures.active_power
        for rid in ("galaxy-2026-07-06-helios", "galaxy-2026-07-06-helios-gross")
    }
    assert {rid: (str(f), f.basis) for rid, f in phase_1.items() if f is not None} == {
        "galaxy-2026-07-06-helios": ("133 MW", "critical-it"),
        "galaxy-2026-07-06-helios-gross": ("~200 MW", "gross"),
    }
    fleet = [r for r in inv.reports.values() if r.scope.key == ("fleet", "")]
    assert [r.id for r in fleet if r.basis is not None] == []


def test_europe_is_a_country_scope(verdict: Verdict) -> None:
    """The S-1's Europe at 2024-12-31 (GB, ES, SE): 3 data centers, >40 MW; the sites hold no power, so incomplete."""
    report = verdict.inventory.reports["s1-2024-12-31-europe"]
    assert (report.source, str(report.as_of), report.scope.key) == (
        "coreweave-s1-2025-03-03",
        "2024-12-31",
        ("country", "ES,GB,SE"),
    )
    results = {r.metric: r for r in verdict.checks if r.report_id == "s1-2024-12-31-europe"}
    assert {m: r.status for m, r in results.items()} == {
        "data_centers": Status.INCOMPLETE,
        "active_power": Status.INCOMPLETE,
    }
    sites = results["data_centers"]
    assert (sites.computed.itemized, sites.computed.uncertain) == (3, 1)  # London, Barcelona, Falun; Crawley maybe


def test_warnings_are_the_known_disagreements_and_bases(verdict: Verdict) -> None:
    """Every warning validate prints is a finding seeds/README.md lists: three source disagreements
    and five figures whose basis differs from the blocks' (gpufleet gives a range, not a sum)."""
    warnings = sorted(
        (d.code, d.message.split(" ", 1)[0]) for d in verdict.diagnostics if d.severity is Severity.WARNING
    )
    assert warnings == [
        ("count-contradicts-names", "lemagit-2025-04-30"),
        ("figure-conflict", "the-register-core-scientific-2025-07"),
        ("figures-dated-differently", "lemagit-2025-04-30"),
        ("mixed-basis", "commercialsearch-2025-08-helios"),
        ("mixed-basis", "core-scientific-2024-10-22"),
        ("mixed-basis", "core-scientific-2024-11-21-denton"),
        ("mixed-basis", "core-scientific-2024-11-21-denton"),
        ("mixed-basis", "galaxy-2026-07-06-helios-gross"),
    ]


def test_unknowns_stay_unknown(inv: Inventory) -> None:
    """No site names a region (the sources never say), no region has an opening date, Europe is not split."""
    assert [dc.id for dc in inv.datacenters.values() if dc.region is not None] == []
    assert [r.id for r in inv.regions.values() if r.since is not None] == []
    for site in ("london-gb", "barcelona-es", "falun-se"):
        assert inv.datacenters[site].power == []


def test_regions_from_the_documentation(inv: Inventory) -> None:
    """14 general-access and 27 dedicated regions, with the states the documentation gives."""
    general = {r.id for r in inv.regions.values() if r.availability == "general"}
    dedicated = {r.id for r in inv.regions.values() if r.availability == "dedicated"}
    assert (len(general), len(dedicated)) == (14, 27)
    assert {"US-EAST-01", "US-EAST-02A", "RNO2", "EU-SOUTH-04"} <= general
    assert {"US-EAST-02B", "ATL2", "RDU1", "CA-EAST-01"} <= dedicated
    assert (inv.regions["RDU1"].state, inv.regions["EU-NORTH-01"].city) == ("Virginia", "Falun")


def test_sku_system_power_is_derived_from_cited_systems(inv: Inventory) -> None:
    """H200: 10.2 kW / 8 GPUs exactly; GB200: 120 kW / 72 rounded to the watt; GB300 (a range): none."""
    assert inv.skus["h200"].system_power == Power(mw("10.2 kW").watts / 8)
    gb200 = inv.skus["gb200"].system_power
    assert gb200 is not None
    assert abs(gb200.watts - mw("120 kW").watts / 72) < Decimal(1)
    assert inv.skus["gb300"].system_power is None
    assert {s.id: str(s.max_power) for s in inv.skus.values()} == {
        "h200": "700 W",
        "h200-nvl": "600 W",
        "gb200": "1.2 kW",
        "gb300": "1.4 kW",
        "rtx-pro-6000-bse": "600 W",
    }
