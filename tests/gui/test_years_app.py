"""The app on a year-by-year plan: the rules page's 折现率/允许多次迁移 and the 分析 page's year
analysis (present values over the horizon), on hand-computed instances (the plan page's years:
tests/gui/test_plan_page.py).

A crafted instance (as test_years_rules.test_moves_at_most_once_unless_allowed, with one price line
per platform so that the workbook reader takes it): one 10-vCPU system on 甲/A (100 元/vCPU/年 →
1,000 a year, offered in 2026 only), 乙/B (信创) 1,500 a year in every year, 丙/C 1,000 a year from
2028; a move costs 100. Moving at most once the best route is A, B, B: 1,000 + (1,500 + 100) + 1,500
= 4,100; allowed to move twice it is A, B, C: 1,000 + 1,600 + (1,000 + 100) = 3,700.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planner"))
from test_years_rules import A, B, instance, system  # noqa: E402

from planner.model import Deployment, Platform, PriceLine, SolveStatus  # noqa: E402

C = Platform("丙", "C", Deployment.PRIVATE, xinchuang=False, mlps_level=3)


def _two_windows():  # type: ignore[no-untyped-def]
    lines = (
        PriceLine("甲", "A", "vcpu", 100.0, valid_to=2026),
        PriceLine("乙", "B", "vcpu", 150.0),
        PriceLine("丙", "C", "vcpu", 100.0, valid_from=2028),
    )
    w = replace(system(), migration_cost=100, xinchuang_adaptation_cost=0)
    return replace(instance(w), platforms=(A, B, C), prices=lines, name="两段报价")


def _solve(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.solve_finished, timeout=60_000) as blocker:
        assert window.solve()
    outcome = blocker.args[0]
    assert not outcome.error, outcome.error
    return outcome


def _route(yp) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.name if (p := yp.location(0, t)) else "-" for t in range(len(yp.years))]


def test_rules_page_year_settings_edit_undo_save_export_and_solve(
    qtbot, make_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    window = make_window(solve_mode="thread")
    window.project.load_input(_two_windows())
    assert not window.project.validate().errors
    page = window.rules_page
    assert page.controls["discount_rate"].isEnabled() and page.multiple_moves.isEnabled()
    first = _solve(qtbot, window)
    assert _route(first.years) == ["A", "B", "B"] and first.years.total_cost == pytest.approx(4100)

    page.multiple_moves.setChecked(True)  # the user ticks 允许多次迁移
    assert window.project.rules["allow_multiple_moves"] is True and window.session.stale
    twice = _solve(qtbot, window)
    assert _route(twice.years) == ["A", "B", "C"] and twice.years.year_costs == pytest.approx(
        (1000, 1600, 1100)
    )

    page.discount_rate.setValue(5.0)  # 5 %
    assert window.project.rules["discount_rate"] == pytest.approx(0.05)
    discounted = _solve(qtbot, window)
    assert discounted.years.present_value == pytest.approx(1000 + 1600 / 1.05 + 1100 / 1.05**2)
    assert discounted.years.total_cost == pytest.approx(3700)

    window.project.undo.undo()  # the discount rate
    assert (
        not window.project.rules.get("discount_rate") and page.discount_rate.value() == 0.0
    )  # None: not set
    window.project.undo.undo()  # 允许多次迁移
    assert (
        not window.project.rules.get("allow_multiple_moves") and not page.multiple_moves.isChecked()
    )
    window.project.undo.redo()
    window.project.undo.redo()
    assert page.multiple_moves.isChecked() and page.discount_rate.value() == pytest.approx(5.0)

    saved = window.save_as(tmp_path / "两段")
    window.project.new()
    assert not page.multiple_moves.isChecked() and page.discount_rate.value() == 0.0
    assert not page.discount_rate.isEnabled()  # no 年度计划: the two settings are not in force
    assert window.open_path(saved, ask=False)
    assert window.project.rules["allow_multiple_moves"] is True
    assert window.project.rules["discount_rate"] == pytest.approx(0.05)
    assert page.multiple_moves.isChecked() and page.discount_rate.value() == pytest.approx(5.0)
    inp = window.project.validate().input
    assert inp.years.allow_multiple_moves and inp.years.discount_rate == pytest.approx(0.05)

    out = window.export_input(tmp_path / "输入.xlsx")
    rows = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(out)["约束"].iter_rows(min_row=2, values_only=True)
        if r[0]
    }
    rates = [v for k, v in rows.items() if "折现率" in str(k)]
    moves = [v for k, v in rows.items() if "允许多次迁移" in str(k)]
    assert rates and float(rates[0]) == pytest.approx(0.05) and moves and moves[0] in ("是", True)


def test_unreadable_discount_rate_is_flagged_and_fixed_on_the_rules_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.project.load_input(_two_windows())
    window.project.rules["discount_rate"] = "五个点"  # as a workbook cell might hold it
    window.project.reset.emit()
    v = window.project.validate()
    assert v.input is None and any(
        "折现率" in str(i.message) or "折现率" in str(i.column) for i in v.errors
    )
    page = window.rules_page
    assert (
        not page.errors["discount_rate"].isHidden()
        and "五个点" in page.error_labels["discount_rate"].text()
    )
    bad = next(i for i in v.errors if window.project.locate(i) is not None)
    from data.project_file import RULE_KEYS

    assert window.project.locate(bad) == (
        "policy",
        len(RULE_KEYS),
        "discount_rate",
    )  # after the five rules
    window.go_to_cell(*window.project.locate(bad))  # a double-click in the problems panel
    assert window.current_page() == "rules"
    page.discount_rate.setValue(3.0)
    assert window.project.validate().input.years.discount_rate == pytest.approx(0.03)
    assert page.errors["discount_rate"].isHidden()


def test_analysis_page_runs_the_year_analysis_and_cancels(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    """Hand-computed on the crafted instance (plan A, B, B: 4,100): without 甲 the system moves to B in
    2026 and stays (a second move is not allowed): 1,600 + 1,500 + 1,500 = 4,600 (+500); without 乙
    nothing is offered in 2027 (no plan); 丙 is not in the plan (not tested); letting systems move
    more than once saves 4,100 − 3,700 = 400."""
    window = make_window(solve_mode="thread")
    window.project.load_input(_two_windows())
    outcome = _solve(qtbot, window)
    page = window.analysis_page
    assert page.years_outcome is outcome and page.years_mode
    assert page.exit_box.isHidden() and all(c.isHidden() for c in page.cards)
    assert page.run_button.isEnabled()

    page.run_analysis()  # cancelled at once
    assert page.running and page.cancel_button.isEnabled()
    with qtbot.waitSignal(page.analysisFinished, timeout=15_000) as blocker:
        page.cancel_analysis()
    assert blocker.args == [None] and not page.running and outcome.years_analysis is None
    assert page.status_label.text() == "已取消分析。" and page.run_button.isEnabled()
    assert page.loss_box.isHidden()

    with qtbot.waitSignal(page.analysisFinished, timeout=120_000) as blocker:
        page.run_analysis()
    result = blocker.args[0]
    assert outcome.years_analysis is result
    loss = {v.vendor: v for v in result.vendor_loss}
    assert loss["甲"].present_value == pytest.approx(4600) and loss["甲"].extra == pytest.approx(
        500
    )
    assert loss["乙"].present_value is None
    prices = {r.rule: r for r in result.rule_prices}
    assert prices["move_once"].saving == pytest.approx(400)
    t = page.loss_table
    shown = {
        t.item(r, 0).text(): [t.item(r, c).text() for c in range(1, 4)] for r in range(t.rowCount())
    }
    assert shown == {"甲": ["有方案", "¥4,600.00", "¥500.00"], "乙": ["无方案", "—", "—"]}
    # the year as a column (more than one year): each year's cost without the vendor, by hand
    heads = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    assert heads[4:] == ["2026 年", "2027 年", "2028 年"]
    by_year = {t.item(r, 0).text(): [t.item(r, c).text() for c in range(4, 7)] for r in range(2)}
    assert by_year == {"甲": ["¥1,600.00", "¥1,500.00", "¥1,500.00"], "乙": ["—", "—", "—"]}
    p = page.price_table
    rows = {p.item(r, 0).text(): p.item(r, 3).text() for r in range(p.rowCount())}
    assert rows["每个系统至多迁移一次"] == "¥400.00"
    assert "现值" in page.loss_box.title() and "现值" in page.price_box.title()
    assert not page.loss_box.isHidden()
    window.show_page("analysis")
    assert not window.grab().toImage().isNull()
    # the result stays with its plan when the page is rebuilt (language switch)
    window.set_language("en", remember=False)
    assert window.analysis_page.loss_table.rowCount() == 2
    window.set_language("zh", remember=False)


def test_analysis_page_without_a_year_plan_is_unchanged(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(solve_mode="thread")
    single = replace(
        _two_windows(),
        years=None,
        prices=(PriceLine("甲", "A", "vcpu", 100.0), PriceLine("乙", "B", "vcpu", 150.0)),
    )
    window.project.load_input(single)
    outcome = _solve(qtbot, window)
    assert outcome.years is None and outcome.plan.status is SolveStatus.OPTIMAL
    page = window.analysis_page
    assert page.years_outcome is None and not page.years_mode and not page.exit_box.isHidden()
    assert A.vendor in page.exit_table.item(0, 0).text()
