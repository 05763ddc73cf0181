"""The synthetic fleet generator: exact totals, realistic shape, deterministic bytes, planted mistakes."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from inventory.base.errors import UsageError
from inventory.cli import generate as generate_command
from inventory.engine import load_inventory
from inventory.generate.fleet import plan_fleet
from inventory.generate.plan import AS_OF, SKUS, FleetPlan, parse_gpu_count, write_fleet
from inventory.generate.planted import DEFAULT_KINDS, DISCREPANCY_KINDS, check_kinds, plant
from inventory.generate.yaml_text import render_fleet

COMMAND = "gpufleet generate (test)"


def files_of(gpus: int, seed: int = 1, discrepancies: int = 0, kinds: tuple[str, ...] | None = None) -> dict[str, str]:
    return render_fleet(plan_fleet(gpus, seed, discrepancies, kinds), COMMAND)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000000", 1_000_000),
        ("1,000,000", 1_000_000),
        ("1m", 1_000_000),
        ("100K", 100_000),
        ("8", 8),
        ("10_000", 10_000),
    ],
)
def test_gpu_counts_are_read_with_separators_and_suffixes(text: str, expected: int) -> None:
    """--gpus takes plain numbers, thousands separators and k/m suffixes."""
    assert parse_gpu_count(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1.5m", "-8", "0", "12", "1001", "200m"])
def test_gpu_counts_that_cannot_be_built_are_refused(text: str) -> None:
    """Not a number, not a multiple of 8 (nodes and racks), zero or beyond MAX_GPUS: a UsageError."""
    with pytest.raises(UsageError):
        parse_gpu_count(text)


@pytest.mark.parametrize("gpus", [8, 1000, 20_008, 100_000, 1_000_000])
def test_the_fleet_holds_exactly_the_gpus_asked_for(gpus: int) -> None:
    """Deployments add up to N exactly, at every size, and every site holds some."""
    plan = plan_fleet(gpus, seed=3)
    assert sum(d.gpus for s in plan.sites for d in s.deployments) == gpus
    assert all(s.deployments and s.blocks for s in plan.sites)


def test_racks_hold_72_gpus_and_nodes_8() -> None:
    """GB200/GB300 deploy as one NVL72 rack of 72; H200 and RTX PRO 6000 as 1-8 nodes of 8."""
    plan = plan_fleet(200_000, seed=5)
    rack_skus = {s.id for s in SKUS if s.gpus_per_system == 72}
    seen: Counter[str] = Counter()
    for site in plan.sites:
        for d in site.deployments:
            seen[d.sku] += 1
            if d.sku in rack_skus:
                assert (d.gpus, d.systems) == (72, 1)
            else:
                assert d.gpus == 8 * d.systems
                assert 1 <= d.systems <= 8
    assert set(seen) == {s.id for s in SKUS}


def test_a_million_gpus_is_about_eighteen_thousand_deployments() -> None:
    """Rack-level itemization: 1M GPUs come to 16-19k deployments at 20 sites in 7 regions."""
    plan = plan_fleet(1_000_000, seed=1)
    assert 16_000 <= plan.deployments <= 19_000
    assert (len(plan.sites), len(plan.regions)) == (20, 7)
    assert {r.availability for r in plan.regions} == {"general", "dedicated"}


def test_dates_are_in_order_and_in_service_by_as_of() -> None:
    """Blocks are contracted before energized, sites open with their first block, GPUs follow power."""
    plan = plan_fleet(100_000, seed=9)
    available = {s.id: s.available for s in SKUS}
    for site in plan.sites:
        assert site.since == min(b.energized for b in site.blocks)
        for block in site.blocks:
            assert block.contracted < block.energized <= AS_OF
        for d in site.deployments:
            assert max(site.since, available[d.sku]) <= d.installed <= AS_OF
    assert all(r.since <= s.since for s in plan.sites for r in plan.regions if r.id == s.region)


def test_same_seed_same_bytes_and_another_seed_another_fleet() -> None:
    """Rendering is a function of (N, seed, K, kinds) only."""
    first = files_of(50_000, seed=4, discrepancies=3)
    assert files_of(50_000, seed=4, discrepancies=3) == first
    assert files_of(50_000, seed=5, discrepancies=3) != first


def test_one_file_per_data_center_plus_the_shared_files() -> None:
    """datacenters/<id>.yaml for each site, and fleet, sources, regions, skus and reports files."""
    plan = plan_fleet(100_000, seed=2)
    files = render_fleet(plan, COMMAND)
    shared = {"fleet.yaml", "sources.yaml", "regions.yaml", "skus.yaml", "reports.yaml"}
    assert set(files) == shared | {f"datacenters/{s.id}.yaml" for s in plan.sites}
    assert files["skus.yaml"].count("kind: GpuSku") == 4
    assert "system_power: 1.7 kW" in files["skus.yaml"]


def test_reports_match_the_itemization(tmp_path: Path) -> None:
    """The fleet report's figures equal what the loaded inventory itemizes (K = 0)."""
    out = tmp_path / "fleet"
    write_fleet(files_of(30_000, seed=6), out)
    inventory = load_inventory([out]).inventory
    by_sku: Counter[str] = Counter()
    for dc in inventory.datacenters.values():
        for d in dc.gpus:
            assert d.sku is not None
            by_sku[d.sku] += d.gpus
    watts = sum(b.capacity.watts for dc in inventory.datacenters.values() for b in dc.power)
    figures = inventory.reports[f"fleet-{AS_OF}"].figures
    assert figures.gpus is not None
    assert figures.gpus.value == 30_000 == sum(by_sku.values())
    assert {k: f.value for k, f in figures.gpus_by_sku.items()} == dict(by_sku)
    assert figures.active_power is not None
    assert figures.active_power.value.watts == watts
    assert figures.data_centers is not None
    assert figures.data_centers.value == len(inventory.datacenters)


def test_discrepancies_take_kinds_in_turn_on_distinct_targets() -> None:
    """K load-stage mistakes: every default kind appears, none twice on one deployment."""
    plan = plan_fleet(100_000, seed=8, discrepancies=9)
    kinds = Counter(d.kind for d in plan.discrepancies)
    assert sum(kinds.values()) == 9
    assert set(kinds) == set(DEFAULT_KINDS)
    assert max(kinds.values()) - min(kinds.values()) <= 1
    assert len({d.description for d in plan.discrepancies}) == 9


def test_the_fleet_is_the_same_whatever_k() -> None:
    """Planting uses its own random stream: the sites of K = 0 and K = 5 are drawn alike."""
    clean, planted = plan_fleet(20_000, seed=2), plan_fleet(20_000, seed=2, discrepancies=5)
    assert [s.id for s in clean.sites] == [s.id for s in planted.sites]
    assert [len(s.deployments) for s in clean.sites] == [len(s.deployments) for s in planted.sites]


def test_load_and_reconcile_kinds_do_not_mix() -> None:
    """Reconciliation is skipped while errors stand, so a mix would hide findings: refused."""
    with pytest.raises(UsageError, match="cannot be planted with errors"):
        check_kinds(["unknown-sku", "report-off"])
    with pytest.raises(UsageError, match="unknown discrepancy kind"):
        check_kinds(["typo"])
    assert check_kinds(["report-off", "power-short", "report-off"]) == ("report-off", "power-short")


def test_too_many_discrepancies_for_a_tiny_fleet() -> None:
    """A one-node fleet has no room for 50 distinct mistakes: UsageError, not a half-planted fleet."""
    with pytest.raises(UsageError, match="no room"):
        plan_fleet(8, discrepancies=50)


def test_negative_discrepancies_are_refused() -> None:
    plan = FleetPlan(8, 1, [], [])
    with pytest.raises(UsageError, match="negative"):
        plant(plan, -1, None, random.Random(1))


def test_every_kind_names_a_documented_code() -> None:
    """The code each kind expects is in the CODES registry, and the CLI's default kinds agree."""
    from inventory.base.diagnostics import CODES

    assert all(code in CODES for code, _stage in DISCREPANCY_KINDS.values())
    assert generate_command.DEFAULT_KINDS == DEFAULT_KINDS


def test_write_fleet_replaces_only_with_force(tmp_path: Path) -> None:
    """A non-empty OUT is refused without force and replaced whole with it; no temporary is left."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        write_fleet({"a.yaml": "x: 1\n"}, out)
    assert (out / "keep.txt").read_text() == "mine"
    write_fleet({"a.yaml": "x: 1\n", "sub/b.yaml": "y: 2\n"}, out, force=True)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a.yaml", "sub", "sub/b.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_fleet_refuses_a_file_and_a_git_repository(tmp_path: Path) -> None:
    """OUT that is a file, or a git work tree, is never replaced, even with force."""
    file = tmp_path / "file"
    file.write_text("data")
    with pytest.raises(UsageError, match="not a directory"):
        write_fleet({"a.yaml": "x: 1\n"}, file, force=True)
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    with pytest.raises(UsageError, match="git repository"):
        write_fleet({"a.yaml": "x: 1\n"}, repo, force=True)
    assert (repo / ".git").is_dir()
    assert file.read_text() == "data"


def test_write_fleet_into_an_empty_directory(tmp_path: Path) -> None:
    """An existing empty OUT is simply filled."""
    out = tmp_path / "empty"
    out.mkdir()
    write_fleet({"a.yaml": "x: 1\n"}, out)
    assert (out / "a.yaml").read_text() == "x: 1\n"
