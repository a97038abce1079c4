"""The 分年计划 tab: year selector, the selected year's systems and figures, the wave chart."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planner"))
from test_years_rules import B, instance, system  # noqa: E402

from planner.model import YearRow  # noqa: E402
from planner.years import solve_years  # noqa: E402

RISING = (YearRow(2026), YearRow(2027, min_xinchuang_share=0.5), YearRow(2028, min_xinchuang_share=1.0))


def _plan():  # type: ignore[no-untyped-def]
    inp = instance(system("S", contract_end_year=2027), system("M", on=None, earliest_year=2028),
                   system("R", on=B, retire_year=2028), rows=RISING)  # fmt: skip
    return solve_years(inp)


def _rows(view) -> list[list[str]]:  # type: ignore[no-untyped-def]
    m = view.model
    return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_year_selector_switches_the_year(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app.years_view import YearsView

    view = YearsView()
    qtbot.addWidget(view)
    plan = _plan()
    view.set_plan(plan)
    assert [view.selector.itemText(i) for i in range(view.selector.count())] == ["2026", "2027", "2028"]
    assert [r[0] for r in _rows(view)] == ["S", "R"]  # M waits in the machine room
    with qtbot.waitSignal(view.year_changed) as blocker:
        view.selector.setCurrentIndex(1)
    assert blocker.args == [2027] and view.selected_year() == 2027
    assert _rows(view) == [["S", "乙", "B", "2,000.00", "是"], ["R", "乙", "B", "1,500.00", ""]]
    assert "2027 年费用 ¥3,500.00" in view.summary.text() and "迁移 1 个系统" in view.summary.text()
    view.selector.setCurrentIndex(2)
    assert [r[0] for r in _rows(view)] == ["S", "M"]  # R retired, M moved in


def test_wave_chart_marks_moves_and_paints(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app.years_view import WaveChart

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


def test_plan_page_shows_the_tab_only_for_year_plans(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app.plan_page import PlanPage

    page = PlanPage()
    qtbot.addWidget(page)
    assert not page.tabs.isTabVisible(page.years_tab)
    page.show_years(_plan())
    assert page.tabs.isTabVisible(page.years_tab)
    assert page.years_view.selector.count() == 3
    page.show_years(None)
    assert not page.tabs.isTabVisible(page.years_tab)
