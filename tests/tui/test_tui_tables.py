"""Problems and Reports as tables you can work in: sort, one severity or status, filter, fit the width."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from tests.conftest import ROOT
from tui.app import build_app
from tui.widgets import ProblemTable, ReportTable
from tui.widgets.row_table import Column, cut, fit

SEED = str(ROOT / "seeds" / "coreweave")


def test_fit_takes_width_from_the_most_shrinkable_columns_first() -> None:
    columns = [Column("a", Text, str), Column("b", Text, str, shrink=1), Column("c", Text, str, shrink=2, min_width=4)]
    assert fit([10, 10, 10], columns, 36) == [10, 10, 10]  # 30 + 3 x 2 padding fits
    assert fit([10, 10, 10], columns, 30) == [10, 10, 4]  # c gives up to its minimum first
    assert fit([10, 10, 10], columns, 26) == [10, 6, 4]  # then b; a (shrink 0) never
    assert cut(Text("reports/lemagit-2025-07.yaml:8"), 12, left=True).plain == "…5-07.yaml:8"
    assert cut(Text("a long report id"), 8, left=False).plain == "a long …"


async def test_s_sorts_by_each_column_and_S_reverses(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        table = app.screen.query_one(ReportTable)
        natural = [(c.report_id, c.metric) for c in table.rows_shown]
        await pilot.press("s")  # status: what needs a look first
        assert table.sort_column == 0
        assert [c.status.value for c in table.rows_shown][:1] == ["mismatch"]
        assert table.border_subtitle == "sorted by status ▲"
        await pilot.press("S")
        assert [c.status.value for c in table.rows_shown][-1:] == ["mismatch"]
        await pilot.press("s")  # metric, a to z
        metrics = [c.metric for c in table.rows_shown]
        assert metrics == sorted(metrics)
        await pilot.press("s", "s", "s")  # reported, computed, cover
        covers = [c.coverage for c in table.rows_shown]
        assert covers == sorted(covers)  # type: ignore[type-var]
        assert "cover ▲" in table.columns["cover"].label.plain
        assert sorted(natural) == sorted((c.report_id, c.metric) for c in table.rows_shown)


async def test_the_selection_stays_on_its_row_across_a_sort(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "G")
        table = app.screen.query_one(ReportTable)
        chosen = table.current()
        assert (chosen.report_id, chosen.metric) == ("dallas-2025", "gpus")
        await pilot.press("s", "s")
        assert table.current() is chosen
        assert table.cursor_row == table.rows_shown.index(chosen)


async def test_f_shows_one_severity_then_the_next_then_all(tree) -> None:  # type: ignore[no-untyped-def]
    from tests.tui.test_tui_app import WARNED_FLEET

    app = build_app(str(tree({"fleet.yaml": WARNED_FLEET})), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        table = app.screen.query_one(ProblemTable)
        assert [d.severity.value for d, _ in table.rows_shown] == ["warning", "info"]
        await pilot.press("f")  # no error in this load: the first severity present
        assert [d.severity.value for d, _ in table.rows_shown] == ["warning"]
        assert table.border_subtitle == "only warning · 1 of 2"
        await pilot.press("f")
        assert [d.severity.value for d, _ in table.rows_shown] == ["info"]
        await pilot.press("f")
        assert len(table.rows_shown) == 2
        assert table.border_subtitle == ""


async def test_slash_filters_the_rows_of_a_table(in_data: Path) -> None:
    app = build_app("fleet", watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "slash", *"dal-1")
        table = app.screen.query_one(ReportTable)
        assert [c.metric for c in table.rows_shown] == ["active_power", "gpus"]  # the scope column matched
        assert table.border_subtitle == "/dal-1 · 2 of 8"
        await pilot.press("enter", "j")
        assert table.current().metric == "gpus"
        await pilot.press("escape")  # every row again; the selection stays on that figure
        assert len(table.rows_shown) == 8
        assert (table.current().report_id, table.current().metric) == ("dallas-2025", "gpus")


@pytest.mark.parametrize("width", [120, 80])
async def test_reports_keep_as_of_and_scope_on_screen(width: int) -> None:
    """On the seed (long report ids), the report and metric columns are cut first; as-of and scope stay."""
    app = build_app(SEED, watch=False)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("3")
        table = app.screen.query_one(ReportTable)
        widths = {str(key.value): column.width for key, column in table.columns.items()}
        room = table.scrollable_content_region.width
        assert sum(w + 2 for w in widths.values()) <= room, widths
        assert widths["as of"] == len("2025-12-31")
        row = [cell.plain for cell in table.get_row_at(0)]
        assert row[6] == "2023-12-31"  # as of, whole
        assert row[7] == "fleet"
        assert widths["report"] < max(len(c.report_id) for c in table.rows_shown)  # the name was cut
        assert row[5].endswith("…")


async def test_problems_keep_the_line_number_of_where(in_data: Path) -> None:
    app = build_app(SEED, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = app.screen.query_one(ProblemTable)
        where = [str(cell.plain) for cell in table.get_column("where")]
        lines = [f":{d.line}" for d, _ in table.rows_shown]
        assert all(w.endswith(line) for w, line in zip(where, lines, strict=True))
        assert sum(c.width + 2 for c in table.columns.values()) <= table.scrollable_content_region.width
