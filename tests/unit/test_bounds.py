"""Bounds at the edge: numbers, Decimal arithmetic, shapes where a name is expected, and amplification.

Numbers beyond their documented maximums are refused where they are written (number-too-large);
what is computed from the numbers admitted runs in a Decimal context that cannot raise; findings
that pair figures grow linearly with the input.
"""

from __future__ import annotations

import decimal
import resource
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.base import numbers
from inventory.engine import Paths, check
from inventory.model.units import MAX_COUNT, TooLargeError, format_power, parse_count, parse_power
from inventory.reconcile.figures import reported_figures, same_date
from inventory.reconcile.sources import disagreements
from tests.conftest import ROOT, Cli, Tree

FLEET = "apiVersion: gpufleet/v1\nkind: Fleet\nid: acme\nname: Acme Cloud\nas_of: 2025-06-30\n"
SOURCE = "apiVersion: gpufleet/v1\nkind: Source\nid: s\npublisher: P\ntitle: T\ntype: docs\n"


@pytest.mark.parametrize(
    "text", ["1" + "0" * 15 + " W", "9" * 5000 + " MW", "1,000,000,000,000,000 GW", "1." + "0" * 15 + "1 W"]
)
def test_a_power_beyond_15_digits_or_15_decimals_is_too_large(text: str) -> None:
    with pytest.raises(TooLargeError):
        parse_power(text)


def test_the_largest_power_formats_and_rounds_without_raising() -> None:
    most = parse_power("999,999,999,999,999.999999999999999 GW").watts
    assert format_power(most).endswith(" GW")
    assert format_power(most * 10**9, digits=3).endswith(" GW")  # 34 digits quantized: InvalidOperation before
    assert format_power(sum([most] * 1000, Decimal(0)), digits=3)


def test_counts_have_a_maximum() -> None:
    assert parse_count(f"{MAX_COUNT:,}") == MAX_COUNT
    with pytest.raises(TooLargeError):
        parse_count(MAX_COUNT + 1)
    with pytest.raises(TooLargeError):
        parse_count("9" * 5000)


def test_the_decimal_context_cannot_raise_here_or_in_a_new_thread() -> None:
    for context in (decimal.getcontext(), numbers.safe_context()):
        assert not any(context.traps.values())
    assert Decimal(10) ** 20000 == Decimal("Infinity")  # Overflow: a value, not an exception
    assert Decimal(1).quantize(Decimal("1e-100")).is_nan()  # InvalidOperation: NaN, not an exception
    found: list[bool] = []
    thread = threading.Thread(target=lambda: found.append(any(decimal.getcontext().traps.values())))
    thread.start()
    thread.join()
    assert found == [False]


def test_a_zero_power_figure_is_no_crash(cli: Cli, tree: Tree) -> None:
    sku = "apiVersion: gpufleet/v1\nkind: GpuSku\nid: z\nname: Z\nvendor: V\nsystem_power: 0 W\n"
    report = (
        "apiVersion: gpufleet/v1\nkind: Report\nid: r\nsource: s\nas_of: 2025-06-30\nscope: fleet\n"
        "figures:\n  active_power: '<1 W'\n  contracted_power: 0 W\n  gpus_by_sku: {z: 0}\n"
    )
    code, _, err = cli("validate", tree({"fleet.yaml": FLEET, "s.yaml": SOURCE, "z.yaml": sku, "r.yaml": report}))
    assert code in (0, 1), err


@pytest.mark.parametrize(
    "kind", ["!!python/object/apply:os.system [echo]", "{a: 1}", "[]", "[Fleet]", "!!str Fleet", "!!map {}"]
)
def test_a_kind_that_is_no_name_is_located(cli: Cli, tree: Tree, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree({"fleet.yaml": FLEET, "x.yaml": f"apiVersion: gpufleet/v1\nkind: {kind}\nid: x\n"}))
    code, out, err = cli("validate", ".")
    assert code == 1, err
    assert "x.yaml:2:7: error[yaml-tag]" in out or "x.yaml:2:7: error[unknown-kind]" in out, out


def test_thousands_of_conflicting_reports_stay_linear_and_far_under_2_gb(tmp_path: Path) -> None:
    """3,000 Reports that all conflict (3,000 x 3,000 pairs) for two metrics: one finding a figure."""
    n = 3000
    root = tmp_path / "inv"
    root.mkdir()
    (root / "fleet.yaml").write_text(FLEET + "---\n" + SOURCE, encoding="utf-8")
    reports = "".join(
        f"---\napiVersion: gpufleet/v1\nkind: Report\nid: r{i}\nsource: s\nas_of: 2025-06-30\nscope: fleet\n"
        f"figures:\n  gpus: {1000 + i}\n  active_power: {1 + i} MW\n"
        for i in range(n)
    )
    (root / "reports.yaml").write_text(reports, encoding="utf-8")
    code = (
        "import resource, sys\nfrom inventory.cli.main import main\n"
        "rc = main(['validate', sys.argv[1]])\n"
        "print(rc, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    rc, peak_kb = map(int, done.stderr.strip().splitlines()[-1].split())
    assert rc == 1
    conflicts = [line for line in done.stdout.splitlines() if "figure-conflict" in line]
    assert len(conflicts) == 2 * (n - 1)  # every figure but the first of each metric: linear, not n squared
    assert conflicts[-1].endswith(
        f"no value satisfies both; {n - 2:,} more figures written before it disagree with it too"
    )
    assert peak_kb * 1024 < 2 * 1024**3
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 < 2 * 1024**3


def test_figures_dated_differently_is_one_finding_a_report(tree: Tree, cli: Cli) -> None:
    sources = "---\n".join(SOURCE.replace("id: s", f"id: s{i}") for i in range(40))
    reports = "---\n".join(
        f"apiVersion: gpufleet/v1\nkind: Report\nid: r{i}\nsource: s{i}\nas_of: 2025-06-{1 + i % 28:02d}\n"
        f"scope: fleet\nfigures:\n  gpus: 1000\n  active_power: 5 MW\n"
        for i in range(40)
    )
    root = tree({"fleet.yaml": FLEET, "s.yaml": sources, "r.yaml": reports})
    _, out, _ = cli("validate", root)
    dated = [line for line in out.splitlines() if "figures-dated-differently" in line]
    assert 0 < len(dated) <= 40  # 40 reports, 780 pairs that give the same values


_QUALIFIED = st.tuples(st.sampled_from(["", "~", ">", ">=", "<=", "<"]), st.integers(0, 6))
_AS_OF = st.sampled_from(["2025-06", "2025-06-10", "2025-06-30", "2025-07-01", "2025-Q2", "2025"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_QUALIFIED, _AS_OF), min_size=2, max_size=12))
def test_the_conflict_sweep_finds_exactly_the_figures_pairwise_comparison_finds(
    tmp_path_factory: pytest.TempPathFactory, reports: list[tuple[tuple[str, int], str]]
) -> None:
    """The n log n sweep against every pair: the same figures in conflict, each finding naming a figure
    it truly conflicts with and counting exactly the earlier ones."""
    root = tmp_path_factory.mktemp("sweep")
    text = "".join(
        f"---\napiVersion: gpufleet/v1\nkind: Report\nid: r{i}\nsource: s\nas_of: {as_of}\nscope: fleet\n"
        f"figures:\n  gpus: '{q}{v * 10}'\n"
        for i, ((q, v), as_of) in enumerate(reports)
    )
    (root / "fleet.yaml").write_text(FLEET + "---\n" + SOURCE, encoding="utf-8")
    (root / "reports.yaml").write_text(text, encoding="utf-8")
    inventory = check(Paths.of([root])).inventory
    figures = reported_figures(inventory)
    tolerance = Decimal("0.05")
    found = disagreements(inventory, figures, tolerance)

    def clash(a: int, b: int) -> bool:
        x, y = figures[a], figures[b]
        return same_date(x.as_of, y.as_of) and not x.bounds(tolerance).intersects(y.bounds(tolerance))

    n = len(figures)
    for i in range(n):
        partners = [j for j in range(n) if j != i and clash(i, j)]
        mine = [d for d in found[i] if d.code == "figure-conflict"]
        assert bool(mine) == bool(partners), (i, partners)
        for d in mine:
            assert 1 <= len(d.others) <= 3  # a few named, the rest counted
            for other in d.others:
                assert clash(i, figures.index(other))
        earlier = [j for j in partners if j < i]
        own = [d for d in mine if d.key == ("conflict", figures[i].report_id, figures[i].metric)]
        assert bool(own) == bool(earlier)
        if len(earlier) > 1:
            more = len(earlier) - 1
            said = f"{more:,} more figure{'s' * (more != 1)} written before it disagree{'s' * (more == 1)} with it too"
            assert own[0].message.endswith(said)
