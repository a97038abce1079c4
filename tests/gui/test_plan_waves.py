"""The plan page's parts for more than one year (ui.app.plan_waves): the 分年计划 tab with the
years side by side, the selected year marked, the wave chart; the summary line beside the selector."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planner"))
from test_years_rules import B, instance, system  # noqa: E402

from planner.model import YearRow  # noqa: E402
from planner.optimize import solve

RISING = (
    YearRow(2026),
    YearRow(2027, min_xinchuang_share=0.5),
    YearRow(2028, min_xinchuang_share=1.0),
)


def _plan():  # type: ignore[no-untyped-def]
    inp = instance(
        system("S", contract_end_year=2027),
        system("M", on=None, earliest_year=2028),
        system("R", on=B, retire_year=2028),
        rows=RISING,
    )
    return solve(inp)


def _rows(view) -> list[list[str]]:  # type: ignore[no-untyped-def]
    m = view.model
    return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_years_table_lists_each_year_and_marks_the_selected_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Hand-computed (see tests/planner/test_years_rules.py): 2026 S on A 1,000 + R on B 1,500; 2027 S
    moves to B (1,500 + 300 + 200) + R 1,500; 2028 S 1,500 + M lands on B (1,500 + 300 + 200)."""
    from ui.app.plan_waves import WavesPanel, year_summary

    view = WavesPanel()
    qtbot.addWidget(view)
    plan = _plan()
    view.set_plan(plan)
    assert [r[:2] + r[5:] for r in _rows(view)] == [
        ["2026", "2,500.00", "0", "0.00"],
        ["2027", "3,500.00", "1", "500.00"],
        ["2028", "3,500.00", "1", "500.00"],
    ]
    with qtbot.waitSignal(view.year_clicked) as blocker:
        view.table.clicked.emit(view.model.index(1, 0))
    assert blocker.args == [1]
    view.set_year(1)
    assert view.selected_year() == 2027 and view.chart.selected_year == 2027
    summary = year_summary(plan, 1)  # the line beside the plan page's year selector
    assert "2027 年费用 ¥3,500.00" in summary and "迁移 1 个系统" in summary


def test_wave_chart_marks_moves_and_paints(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app.plan_waves import WaveChart

    chart = WaveChart()
    qtbot.addWidget(chart)
    chart.resize(700, 200)
    chart.set_plan(_plan())
    moves = [(b.system, b.year, b.where) for b in chart.bars if b.moved]
    assert moves == [("S", 2027, "乙/B"), ("M", 2028, "乙/B")]
    assert ("R", 2028) not in {(b.system, b.year) for b in chart.bars}  # retired: no bar
    assert chart.systems == ["S", "M", "R"]
    image = chart.grab().toImage()
    assert not image.isNull()
    # a moved bar is drawn in its vendor's colour
    assert image.pixelColor(image.width() - 20, 26 + 22 * 0 + 11).name() == chart.vendor_color["乙"]


def test_plan_page_shows_the_tab_only_for_more_than_one_year(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app.plan_page import PlanPage
    from ui.app.solve_child import SolveOutcome

    page = PlanPage()
    qtbot.addWidget(page)
    assert not page.tabs.isTabVisible(page.waves_tab)
    plan = _plan()
    page.show_outcome(SolveOutcome(plan.year_plans[0], plan.input, years=plan))
    assert page.tabs.isTabVisible(page.waves_tab)
    assert page.waves.model.rowCount() == 3
    page.show_outcome(None)
    assert not page.tabs.isTabVisible(page.waves_tab)
    # a 年度计划 of one year has nothing to compare or wave: no tab, no selector
    one = instance(system("S"), rows=(YearRow(2026),))
    single = solve(one)
    page.show_outcome(SolveOutcome(single.year_plans[0], one, years=single))
    assert not page.tabs.isTabVisible(page.waves_tab) and page.year_row.isHidden()


def test_app_opens_the_year_sample_solves_and_shows_its_years(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Opening sample_county_years.xlsx keeps its 年度计划 (project tables and rules), the solve job
    runs the year plan, the 分年计划 tab shows 2026–2028, saving/reopening the project keeps the years,
    and 导出 writes the year workbook."""
    import openpyxl

    from data.samples import sample_county_path, sample_county_years

    with sample_county_path("sample_county_years.xlsx") as path:
        assert window.open_path(path, ask=False)
    assert window.project.row_count("years") == 3
    inp = window.project.validate().input
    assert inp is not None and [r.year for r in inp.years.years] == [2026, 2027, 2028]
    assert inp.years == sample_county_years().years
    with qtbot.waitSignal(window.solve_finished, timeout=120_000) as blocker:
        assert window.solve()
    outcome = blocker.args[0]
    assert not outcome.error, outcome.error
    expected = solve(sample_county_years())
    assert outcome.years is not None and outcome.years.years == (2026, 2027, 2028)
    assert abs(outcome.years.total_cost - expected.total_cost) < 0.01
    assert (
        abs(outcome.plan.total_annual_cost - expected.year_cost(0)) < 0.01
    )  # the first year's plan
    page = window.plan_page
    assert page.tabs.isTabVisible(page.waves_tab)
    sel = page.year_selector  # one selector for the whole plan page
    assert [sel.itemData(i) for i in range(sel.count())] == [2026, 2027, 2028]
    sel.setCurrentIndex(2)
    assert page.cost_card.value.text() == f"¥{expected.year_cost(2):,.2f}"
    out = window.export_plan(tmp_path / "分年.xlsx")
    assert out is not None and {"分年计划", "迁移批次"} <= set(
        openpyxl.load_workbook(out).sheetnames
    )
    saved = window.save_as(tmp_path / "青山县三年")
    window.project.new()
    assert not page.tabs.isTabVisible(page.waves_tab) or window.session.outcome is None
    assert window.open_path(saved, ask=False)
    again = window.project.validate().input
    assert again is not None and again.years == inp.years


def test_years_table_is_editable_on_the_workloads_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The 年度计划 rows have their own table section (a validation problem there can be shown)."""
    from data.samples import sample_county_path

    with sample_county_path("sample_county_years.xlsx") as path:
        assert window.open_path(path, ask=False)
    section = window.workloads_page.section("years")
    assert section.sheet == "years" and section.view.model().rowCount() == 3
    window.go_to_cell("years", 1, "budget")
    assert window.current_page() == "workloads"
