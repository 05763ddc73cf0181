"""The diff engine and its presenters on small hand-made inventories.

Each case changes one thing of a base inventory (an entity added, removed, changed, renamed or
moved; nested allocations and deployments; a region renamed; rollups at two dates; statuses and
diagnostics that appear or go) and its exact output is checked in every format against the golden
files in tests/data/diff/ (review them by reading them; regenerate with GPUFLEET_UPDATE_GOLDENS=1).
The figures in the goldens are worked out by hand in each case's comment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from inventory.base.diagnostics import Severity
from inventory.diff.compare import FleetDiff, compare
from inventory.diff.entities import ChangeType, EntityChange, FieldChange, diff_entities, field_changes, match
from inventory.engine import Texts, Verdict, check
from inventory.model.units import parse_power
from inventory.output.diff_json import render_json
from inventory.output.diff_markdown import md_code, md_text, render_markdown
from inventory.output.diff_text import SideInfo, render_text, summary_line

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "diff"
UPDATE = os.environ.get("GPUFLEET_UPDATE_GOLDENS") == "1"

HEADER = "apiVersion: gpufleet/v1\n"
BASE: dict[str, str] = {
    "fleet.yaml": HEADER + "kind: Fleet\nid: acme\nname: Acme Cloud\nas_of: 2025-06-30\ncomplete_scopes: [fleet]\n",
    "sources.yaml": HEADER
    + "kind: Source\nid: q2-release\npublisher: Acme\ntitle: Q2 results\ndate: 2025-07-31\ntype: press-release\n",
    "regions.yaml": HEADER
    + "kind: Region\nid: US-EAST-01\navailability: general\ncountry: US\nstate: Virginia\n---\n"
    + HEADER
    + "kind: Region\nid: US-WEST-01\navailability: general\ncountry: US\nstate: Oregon\n",
    "skus.yaml": HEADER
    + "kind: GpuSku\nid: gb200\nname: NVIDIA GB200 NVL72\nvendor: NVIDIA\nsystem_power: 2 kW\n---\n"
    + HEADER
    + "kind: GpuSku\nid: h200\nname: NVIDIA H200\nvendor: NVIDIA\nsystem_power: 1.25 kW\n",
    "sites/ashburn.yaml": HEADER
    + """kind: DataCenter
id: ashburn
name: Ashburn
region: US-EAST-01
sources: [q2-release]
power:
  - id: phase-1
    capacity: 100 MW
    contracted_on: 2023-06
    energized_on: 2024-01
gpus:
  - id: hall-1
    sku: gb200
    gpus: 10000
    installed_on: 2024-06
""",
    "reports/q2.yaml": HEADER
    + """kind: Report
id: q2-2025
source: q2-release
as_of: 2025-06-30
scope: fleet
figures:
  data_centers: 1
  active_power: 100 MW
  gpus: 10000
""",
}
"""One site of 100 MW with 10,000 GB200 (20 MW of draw at 2 kW each), and a Report that matches it."""

HILLSBORO = (
    HEADER
    + """kind: DataCenter
id: hillsboro
name: Hillsboro
region: US-WEST-01
power:
  - {id: phase-1, capacity: 50 MW, energized_on: 2025-03}
gpus:
  - {id: hall-1, sku: h200, gpus: 4000, installed_on: 2025-04}
"""
)


def edit(name: str, old: str, new: str) -> Callable[[dict[str, str]], None]:
    def apply(files: dict[str, str]) -> None:
        assert old in files[name], (name, old)
        files[name] = files[name].replace(old, new)

    return apply


def case(*edits: Callable[[dict[str, str]], None]) -> dict[str, str]:
    files = dict(BASE)
    for apply in edits:
        apply(files)
    return files


def put(name: str, text: str) -> Callable[[dict[str, str]], None]:
    return lambda files: files.__setitem__(name, text)


def drop(name: str) -> Callable[[dict[str, str]], None]:
    return lambda files: files.__delitem__(name)


def rename_file(old: str, new: str) -> Callable[[dict[str, str]], None]:
    return lambda files: files.__setitem__(new, files.pop(old))


CASES: dict[str, tuple[dict[str, str], dict[str, str], dict[str, object]]] = {
    # +1 site in US-WEST-01: data centers 1 -> 2, active and contracted 100 -> 150 MW, GPUs 10,000 ->
    # 14,000 (H200 +4,000), draw 20 MW -> 25 MW (4,000 x 1.25 kW = 5 MW); the Report's three exact
    # figures (1 site, 100 MW, 10,000 GPUs) of a complete fleet now fail: 3 newly failing.
    "added": (BASE, case(put("sites/hillsboro.yaml", HILLSBORO)), {}),
    # The unused region goes: no figure moves.
    "removed": (
        BASE,
        case(
            edit(
                "regions.yaml",
                "---\n" + HEADER + "kind: Region\nid: US-WEST-01\navailability: general\ncountry: US\nstate: Oregon\n",
                "",
            )
        ),
        {},
    ),
    # Fields of a site and of its power allocation: active and contracted 100 -> 120 MW, for the
    # fleet and US-EAST-01; the Report's 100 MW active power now fails.
    "changed": (
        BASE,
        case(
            edit(
                "sites/ashburn.yaml", "name: Ashburn\n", "name: Ashburn, VA\nlocation: {city: Ashburn, country: US}\n"
            ),
            edit("sites/ashburn.yaml", "capacity: 100 MW", "capacity: 120 MW"),
        ),
        {},
    ),
    # formerly: [ashburn] makes a rename (not a removal and an addition), shown with its field change.
    "renamed": (
        BASE,
        case(
            edit(
                "sites/ashburn.yaml",
                "id: ashburn\nname: Ashburn\n",
                "id: ashburn-va\nformerly: [ashburn]\nname: Ashburn VA\n",
            )
        ),
        {},
    ),
    # Same site, another file: no change of the fleet (listed only with --verbose).
    "moved": (BASE, case(rename_file("sites/ashburn.yaml", "sites/virginia/ashburn.yaml")), {"verbose": True}),
    "moved-quiet": (BASE, case(rename_file("sites/ashburn.yaml", "sites/virginia/ashburn.yaml")), {}),
    # Nested entities matched by id inside the site: phase-2 added (30 MW contracted 2025-05, not
    # energized: contracted +30 MW), hall-1 renamed hall-1a with 10,000 -> 12,000 GB200 (+2,000, draw
    # +4 MW), hall-2 added (800 H200, draw +1 MW): GPUs +2,800, draw 20 -> 25 MW; the 10,000 GPU
    # figure fails.
    "nested": (
        BASE,
        case(
            edit(
                "sites/ashburn.yaml",
                "    energized_on: 2024-01\n",
                "    energized_on: 2024-01\n  - {id: phase-2, capacity: 30 MW, contracted_on: 2025-05}\n",
            ),
            edit(
                "sites/ashburn.yaml",
                "  - id: hall-1\n    sku: gb200\n    gpus: 10000\n",
                "  - id: hall-1a\n    formerly: [hall-1]\n    sku: gb200\n    gpus: 12000\n",
            ),
            lambda f: f.__setitem__(
                "sites/ashburn.yaml",
                f["sites/ashburn.yaml"] + "  - {id: hall-2, sku: h200, gpus: 800, installed_on: 2025-02}\n",
            ),
        ),
        {},
    ),
    # The region is renamed and its site grows 100 -> 110 MW: the region's delta is matched to its old id.
    "region-renamed": (
        BASE,
        case(
            edit("regions.yaml", "id: US-EAST-01\n", "id: US-EAST-1\nformerly: [US-EAST-01]\n"),
            edit("sites/ashburn.yaml", "region: US-EAST-01", "region: US-EAST-1"),
            edit("sites/ashburn.yaml", "capacity: 100 MW", "capacity: 110 MW"),
        ),
        {},
    ),
    # The fleet's as_of moves from 2025-06-30 to 2025-12-31 and a phase energized 2025-09 (40 MW)
    # counts only at the new date: each side is rolled up at its own as_of, active +40 MW.
    "as-of": (
        BASE,
        case(
            edit("fleet.yaml", "as_of: 2025-06-30", "as_of: 2025-12-31"),
            edit(
                "sites/ashburn.yaml",
                "    energized_on: 2024-01\n",
                "    energized_on: 2024-01\n  - {id: phase-2, capacity: 40 MW, energized_on: 2025-09}\n",
            ),
        ),
        {},
    ),
    # The same change with --as-of 2025-06-30: phase-2 is not energized yet there, only contracted
    # power would move, and it has no contract date: nothing certain moves, only the fields.
    "as-of-given": (
        BASE,
        case(
            edit("fleet.yaml", "as_of: 2025-06-30", "as_of: 2025-12-31"),
            edit(
                "sites/ashburn.yaml",
                "    energized_on: 2024-01\n",
                "    energized_on: 2024-01\n  - {id: phase-2, capacity: 40 MW, energized_on: 2025-09}\n",
            ),
        ),
        {"as_of": dt.date(2025, 6, 30)},
    ),
    # Old: the Report says 90 MW active (a mismatch with the complete fleet's 100 MW), and 60,000
    # GB200 draw 120 MW > 100 MW active (a warning). New: 100 MW (fixed), 10,000 GB200 again (the
    # warning is gone), and a contracted figure of 80 MW: below the 100 MW contracted (newly
    # failing) and below the Report's own active power (a new warning). 2 newly failing, 2 fixed.
    "checks": (
        case(
            edit("reports/q2.yaml", "active_power: 100 MW", "active_power: 90 MW"),
            edit("reports/q2.yaml", "gpus: 10000", "gpus: 60000"),
            edit("sites/ashburn.yaml", "gpus: 10000", "gpus: 60000"),
        ),
        case(edit("reports/q2.yaml", "active_power: 100 MW", "active_power: 100 MW\n  contracted_power: 80 MW")),
        {},
    ),
    # A side that does not validate (a site cites an unknown source): the new error is a check
    # transition, and reconciliation is skipped as validate skips it, so no status moves.
    "invalid-side": (
        BASE,
        case(
            edit("sites/ashburn.yaml", "sources: [q2-release]", "sources: [q2-relase]"),
            edit("sites/ashburn.yaml", "capacity: 100 MW", "capacity: 120 MW"),
        ),
        {},
    ),
    # One Report replaced by another: the old figures' checks are gone (they passed), the new
    # Report's figure (more than 90 MW active, 100 MW itemized in a complete fleet: ok) is new.
    "report-replaced": (
        BASE,
        case(
            drop("reports/q2.yaml"),
            put(
                "reports/q3.yaml",
                HEADER + "kind: Report\nid: q3-2025\nsource: q2-release\nas_of: 2025-09-30\nscope: fleet\n"
                "figures:\n  active_power: '>90 MW'\n",
            ),
        ),
        {},
    ),
    # Data that tries to break out: control characters, markdown and HTML in a name.
    "hostile": (
        BASE,
        case(edit("sites/ashburn.yaml", "name: Ashburn\n", 'name: "Ash | <b>x</b> `tick` \\e[31mred\\nline"\n')),
        {},
    ),
    # Comments and key order change, the data does not.
    "unchanged": (
        BASE,
        case(
            edit(
                "sites/ashburn.yaml", "kind: DataCenter\nid: ashburn\n", "# a comment\nid: ashburn\nkind: DataCenter\n"
            )
        ),
        {},
    ),
}


def load(files: Mapping[str, str]) -> Verdict:
    return check(Texts({name: text.encode() for name, text in sorted(files.items())}))


def run_case(name: str) -> tuple[FleetDiff, Verdict, Verdict, dict[str, object]]:
    old_files, new_files, options = CASES[name]
    old, new = load(old_files), load(new_files)
    as_of = options.get("as_of")
    assert as_of is None or isinstance(as_of, dt.date)
    return compare(old, new, as_of=as_of), old, new, options


def info(label: str, result: Verdict, counts: tuple[int, int]) -> SideInfo:
    return SideInfo(label, "directory", label, None, len(result.inventory.files), *counts)


def render(name: str, fmt: str) -> str:
    diff, old, new, options = run_case(name)
    verbose = bool(options.get("verbose"))
    if fmt == "txt":
        return render_text(diff, verbose=verbose)
    sides = (info("old", old, diff.problem_counts("old")), info("new", new, diff.problem_counts("new")))
    if fmt == "md":
        return render_markdown(diff, *sides, verbose=verbose)
    return render_json(diff, *sides, verbose=verbose)


@pytest.mark.parametrize("fmt", ["txt", "md", "json"])
@pytest.mark.parametrize("name", list(CASES))
def test_golden_output(name: str, fmt: str) -> None:
    """Each case's exact output in each format equals its reviewed golden file."""
    out = render(name, fmt)
    path = GOLDEN / f"{name}.{fmt}"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), f"--- got ---\n{out}"


def test_json_is_valid_and_versioned() -> None:
    payload = json.loads(render("added", "json"))
    assert payload["version"] == 1
    assert list(payload) == ["version", "old", "new", "differs", "summary", "changes", "rollups", "checks", "after"]


# -- matching --------------------------------------------------------------------------------------


class _E:
    """A stand-in entity: an id and its former ids are all matching reads."""

    def __init__(self, id_: str, formerly: tuple[str, ...] = ()) -> None:
        self.id, self.formerly = id_, list(formerly)


def entities(*items: _E) -> dict[str, _E]:
    return {e.id: e for e in items}


def test_match_pairs_by_id_then_by_formerly() -> None:
    """Same id pairs; a new id naming a vanished one in formerly is a rename; the rest is added or removed."""
    before = entities(_E("a"), _E("b"), _E("gone"))
    after = entities(_E("b"), _E("c", ("a",)), _E("d", ("never-existed",)))
    assert match(before, after) == ([("b", "b"), ("a", "c")], ["d"], ["gone"])


def test_a_vanished_id_is_claimed_once() -> None:
    """Two entities claiming the same old id: the first by id takes it, the other is an addition."""
    after = entities(_E("y", ("x",)), _E("z", ("x",)))
    assert match(entities(_E("x")), after) == ([("x", "y")], ["z"], [])


def test_formerly_of_a_surviving_id_is_no_rename() -> None:
    """An old id that still exists cannot be renamed away: both are compared as they are."""
    after = entities(_E("a"), _E("b", ("a",)))
    assert match(entities(_E("a")), after) == ([("a", "a")], ["b"], [])


def test_shared_entities_are_not_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Entities parsed once and shared by both sides are skipped without a field comparison."""
    result = load(BASE)

    def refuse(*_: object, **__: object) -> list[FieldChange]:
        raise AssertionError("compared an entity both sides share")

    monkeypatch.setattr("inventory.diff.entities.field_changes", refuse)
    assert diff_entities(result.inventory, result.inventory) == []


def test_fleet_with_another_id_is_a_rename() -> None:
    """There is one Fleet a side, so a new id is a rename even without formerly."""
    new = load(case(edit("fleet.yaml", "id: acme\nname: Acme Cloud", "id: acme-cloud\nname: Acme")))
    changes = diff_entities(load(BASE).inventory, new.inventory)
    assert [(c.type, c.kind, c.id, c.old_id, [(f.name, f.old, f.new) for f in c.fields]) for c in changes] == [
        (ChangeType.RENAMED, "Fleet", "acme-cloud", "acme", [("name", "Acme Cloud", "Acme")])
    ]


def test_field_changes_read_values_not_text() -> None:
    """1,000 MW and 1 GW are the same power; an omitted default equals the written default."""
    old = load(BASE).inventory.datacenters["ashburn"]
    text = BASE["sites/ashburn.yaml"].replace("capacity: 100 MW", "capacity: 0.1 GW\n    purpose: ai")
    new = load({**BASE, "sites/ashburn.yaml": text}).inventory.datacenters["ashburn"]
    assert old.power != []
    assert field_changes(old.power[0], new.power[0]) == []
    bigger = load({**BASE, "sites/ashburn.yaml": text.replace("0.1 GW", "0.2 GW")}).inventory.datacenters["ashburn"]
    assert field_changes(old.power[0], bigger.power[0]) == [
        FieldChange(("capacity",), parse_power("100 MW"), parse_power("200 MW"))
    ]


def test_locations_are_the_id_lines() -> None:
    """Each record points at the line of its id on each side (nested ones at their own item)."""
    changes = diff_entities(load(BASE).inventory, load(CASES["nested"][1]).inventory)
    renamed = next(c for c in changes if c.type is ChangeType.RENAMED)
    assert renamed.old_at is not None
    assert renamed.new_at is not None
    lines = (renamed.old_at.file, renamed.old_at.line, renamed.new_at.file, renamed.new_at.line)
    assert lines == ("sites/ashburn.yaml", 13, "sites/ashburn.yaml", 14)
    assert isinstance(renamed, EntityChange)
    assert renamed.parent == "ashburn"


# -- check transitions -------------------------------------------------------------------------------


def test_a_diagnostic_that_only_moved_lines_is_no_transition() -> None:
    """Lines added above a problem (which also shift the positions its message quotes) change nothing."""
    from inventory.base.diagnostics import Diagnostic
    from inventory.diff.checks import diagnostic_changes

    def dup(line: int) -> Diagnostic:
        return Diagnostic(
            "a.yaml", line, 5, "duplicate-id", Severity.ERROR, f"region 'x' is also defined at b.yaml:{line}:5"
        )

    assert diagnostic_changes([dup(3)], [dup(9)]) == []
    worse = Diagnostic("a.yaml", 9, 5, "duplicate-id", Severity.WARNING, "region 'x' is also defined at b.yaml:9:5")
    changed = diagnostic_changes([dup(3)], [worse])
    assert [(c.old, c.new, c.transition) for c in changed] == [(dup(3), worse, "changed")]


def test_a_valid_side_keeps_its_warnings_against_a_side_with_errors() -> None:
    """A side's counts are validate's whatever it is compared with, though the comparison skips reconciliation.

    By hand: 60,000 GB200 at 2 kW draw 120 MW in a 100 MW site, a plausibility warning added by
    validate's reconciliation step, and the only problem of that side: (0 errors, 1 warning). The
    broken side cites an unknown source: 1 error, and validate stops before reconciling: (1, 0).
    """
    crowded = case(
        edit("sites/ashburn.yaml", "gpus: 10000", "gpus: 60000"), edit("reports/q2.yaml", "gpus: 10000", "gpus: 60000")
    )
    broken = case(edit("sites/ashburn.yaml", "sources: [q2-release]", "sources: [q2-relase]"))
    valid, invalid = load(crowded), load(broken)
    alone = compare(valid, valid)
    assert (alone.problem_counts("old"), alone.problem_counts("new")) == ((0, 1), (0, 1))
    for old, new, side in ((valid, invalid, "old"), (invalid, valid, "new")):
        diff = compare(old, new)
        other = "new" if side == "old" else "old"
        assert (diff.reconciled, diff.problem_counts(side), diff.problem_counts(other)) == (False, (0, 1), (1, 0))
        # Reconciliation is not compared, so the warning is neither new nor gone; only the error moves.
        assert [(c.shown.code, c.transition) for c in diff.diagnostics] == [
            ("unknown-source", "newly-failing" if side == "old" else "fixed")
        ]


def test_rollup_delta_signs() -> None:
    from inventory.diff.checks import MetricDelta

    assert MetricDelta("active_power", Decimal(10**8), Decimal(16 * 10**7), True).signed() == "+60 MW"
    assert MetricDelta("gpus_by_sku.gb200", Decimal(5000), Decimal(392), False).signed() == "-4,608"
    assert MetricDelta("gpus_by_sku.gb200", Decimal(0), Decimal(1), False).label == "GPUs GB200"


# -- escaping ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "table", "expected"),
    [
        ("plano-tx", True, "`plano-tx`"),
        ("a|b", True, "`a\\|b`"),
        ("a|b", False, "`a|b`"),
        ("x`y", False, "``x`y``"),
        ("`edge", False, "`` `edge ``"),
        ("line\nbreak\x1b[0m", False, "`line\\nbreak\\x1b[0m`"),
        ("", True, "(empty)"),
    ],
)
def test_md_code_cannot_be_broken_out_of(text: str, table: bool, expected: str) -> None:
    assert md_code(text, table=table) == expected


def test_md_text_escapes_markup_and_html() -> None:
    assert (
        md_text("<img src=x> *a* [l](u) | ~s~ &amp; `c`")
        == "\\<img src=x\\> \\*a\\* \\[l\\](u) \\| \\~s\\~ \\&amp; \\`c\\`"
    )


def test_summary_line_of_a_plan() -> None:
    """Counts in plan order, then the fleet's deltas, then the checks."""
    diff, *_ = run_case("added")
    assert summary_line(diff) == (
        "1 added · data centers +1 · active +50 MW · contracted +50 MW · H200 +4,000 · checks: 3 newly failing"
        " · NEW does not validate: 3 errors, 3 failing checks"
    )
