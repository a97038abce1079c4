"""Issue 14: the places where a user got stuck in the app, each pinned by a test."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from data.samples import sample_county
from data.writer import write_input_workbook
from ui.cli import main as cli_main


def _workbook_with_bad_cell(tmp_path: Path) -> Path:
    path = tmp_path / "县.xlsx"
    write_input_workbook(sample_county(), path)
    wb = load_workbook(path)
    ws = wb["业务系统"]
    heads = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(heads, start=1) if str(h).startswith("vCPU"))
    ws.cell(row=3, column=col, value="十六核")
    wb.save(path)
    return path


def test_gui_and_cli_name_the_same_row_for_the_same_cell(tmp_path, capsys, window) -> None:  # type: ignore[no-untyped-def]
    path = _workbook_with_bad_cell(tmp_path)
    assert cli_main(["plan", str(path)]) == 2
    cli = capsys.readouterr().err
    assert "第 3 行" in cli
    window.open_path(path, ask=False)
    errors = window.project.validation.errors
    assert len(errors) == 1
    assert errors[0].text() in cli  # the very same line: file, sheet, row, column, message
    # the problems panel and the table's row header say row 3 too
    assert "第 3 行" in window.problems.tree.topLevelItem(0).text(1)
    model = window.project.models["workloads"]
    assert model.headerData(1, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) == "3"


def _solve(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.solve_finished, timeout=60_000) as blocker:
        assert window.solve()
    return blocker.args[0]


def test_annual_total_is_visible_next_to_the_platform_at_1366x768(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    _solve(qtbot, w)
    w.show_page("plan")
    qtbot.wait(50)
    page = w.plan_page
    heads = page.model.heads
    assert heads.index("年度合计") == heads.index("平台") + 1
    header = page.table.horizontalHeader()
    viewport = page.table.viewport().width()
    for title in ("系统名称", "供应商", "平台", "年度合计"):
        col = heads.index(title)
        left = header.sectionViewportPosition(col)
        assert left >= 0 and left + header.sectionSize(col) <= viewport, (
            title,
            left,
            header.sectionSize(col),
            viewport,
        )
    # the column shows each system's own total
    total = page.model.column("total")
    shown = sum(
        page.model.data(page.model.index(r, total), Qt.ItemDataRole.UserRole)
        for r in range(page.model.rowCount())
    )
    terms = sum(
        t.adjustment for t in w.outcome.plan.vendor_terms
    )  # vendor tiers (issue 13), per vendor
    assert shown + terms == pytest.approx(w.outcome.plan.total_annual_cost)


@pytest.mark.slow
def test_export_after_analysis_has_the_analysis_sheets_and_language_keeps_them(
    qtbot, sample_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    outcome = _solve(qtbot, w)
    page = w.analysis_page
    with qtbot.waitSignal(page.analysisFinished, timeout=300_000) as blocker:
        page.run_analysis()
    report = blocker.args[0]
    assert page.report is report and not report.cancelled
    path = w.export_plan(tmp_path / "方案.xlsx")
    sheets = load_workbook(path, read_only=True).sheetnames
    assert "锁定风险" in sheets and "情景对比" in sheets and "分配方案" in sheets
    # the export page lists exactly the sheets the file has
    listed = w.export_page.sheets.text()
    assert all(s in listed for s in sheets)
    # switching language re-renders the analysis and the plan instead of discarding them
    w.set_language("en")
    assert w.analysis_page.report is report
    assert w.analysis_page.loss_table.rowCount() == len(report.vendor_loss) > 0
    assert w.outcome is outcome and w.plan_page.model.rowCount() == len(outcome.plan.assignments)
    assert w.analysis_page.run_button.text() == "Run analysis"
    # and the English export has the analysis sheets in English
    path = w.export_plan(tmp_path / "plan-en.xlsx")
    assert w.export_page.sheets.text()


def test_problems_panel_stays_closed_when_there_is_nothing_to_show(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    w.show()
    qtbot.waitExposed(w)
    assert not w.project.validation.issues
    assert w.problems_dock.isHidden()
    _solve(qtbot, w)
    assert w.problems_dock.isHidden()
    w.set_language("en")
    assert w.problems_dock.isHidden()
    w.set_language("zh")
    w.project.set_rule("min_vendors", 2)
    w.validate()
    assert w.problems_dock.isHidden()


def test_problems_panel_does_not_pop_open_for_an_empty_project(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.show()
    qtbot.waitExposed(w)
    assert w.project.validation.errors  # the tables are empty: nothing to solve yet …
    assert w.problems_dock.isHidden()  # … but that is no reason to open the panel
    assert "错误" in w.data_status.text()  # the status bar still says so
    w.open_sample()
    w.validate()
    w.files.new_project()
    w.validate()
    assert w.problems_dock.isHidden()
    with qtbot.waitSignal(w.solve_blocked, timeout=2000):
        assert not w.solve()
    assert not w.problems_dock.isHidden()  # asked to solve: now the panel says why not


def test_one_bad_rule_keeps_the_others_and_the_rules_page_fixes_it(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "预算有误.xlsx"
    write_input_workbook(sample_county(), path)
    wb = load_workbook(path)
    ws = wb["约束"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "年度预算")
    row[1].value = "待定"  # no reader can take this: the rule must be flagged, not defaulted
    wb.save(path)
    w = window
    w.show()
    assert w.open_path(path, ask=False)
    pol = sample_county().policy
    page = w.rules_page
    # every valid rule is shown as written in the workbook
    assert page.xinchuang.value() == pytest.approx(pol.min_xinchuang_share)
    assert page.vendor_share.value() == pytest.approx(pol.max_vendor_share)
    assert page.min_vendors.value() == pol.min_vendors
    assert w.project.policy.min_vendors == pol.min_vendors
    # only the budget is flagged, on the rules page and in the problems
    assert set(w.project.invalid_rules) == {"budget_annual"}
    assert not page.errors["budget_annual"].isHidden()
    assert all(page.errors[k].isHidden() for k in page.errors if k != "budget_annual")
    assert "待定" in page.error_labels["budget_annual"].text()
    assert not page.no_budget.isChecked()  # "no cap" is not silently put in its place
    errors = w.project.validation.errors
    assert len(errors) == 1 and errors[0].sheet == "约束" and errors[0].row == 2
    with qtbot.waitSignal(w.solve_blocked, timeout=2000):
        assert not w.solve()
    # the problem names row 2 of 约束, and double-clicking it opens the rules page
    item = w.problems.tree.topLevelItem(0)
    assert "第 2 行" in item.text(1)
    with qtbot.waitSignal(w.problems.jump, timeout=1000):
        w.problems.tree.itemDoubleClicked.emit(item, 0)
    assert w.current_page() == "rules"
    # fixing the value on the rules page clears the error and unblocks solving
    page.budget.setValue(500.0)  # 万元
    assert w.project.rules["budget_annual"] == pytest.approx(5_000_000.0)
    w.validate()
    assert not w.project.invalid_rules and not w.project.validation.errors
    assert page.errors["budget_annual"].isHidden()
    outcome = _solve(qtbot, w)
    assert outcome.plan.has_solution and outcome.plan.policy.min_vendors == pol.min_vendors


def test_no_empty_chart_frames_without_a_plan(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    w.show()
    w.show_page("plan:charts")
    page = w.plan_page
    views = (page.vendor_chart, page.xc_chart, page.component_chart)
    assert not any(v.isVisible() for v in views) and page.charts_empty.isVisible()
    _solve(qtbot, w)
    w.show_page("plan:charts")
    assert all(v.isVisible() for v in views) and not page.charts_empty.isVisible()
    w.project.set_rule("budget_annual", 1000.0)  # infeasible: no plan to chart
    _solve(qtbot, w)
    w.show_page("plan:charts")
    assert not any(v.isVisible() for v in views) and page.charts_empty.isVisible()


def test_infeasible_plan_exports_the_diagnosis_workbook(qtbot, sample_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    w.project.set_rule("budget_annual", 4_000_000.0)
    w.project.set_rule("min_xinchuang_share", 0.5)
    outcome = _solve(qtbot, w)
    assert outcome.plan.status.value == "infeasible"
    assert w.export_page.export_button.isEnabled()
    path = w.export_plan(tmp_path / "诊断.xlsx")
    assert path is not None and path.exists()
    sheets = load_workbook(path, read_only=True).sheetnames
    assert "诊断" in sheets
    assert all(s in w.export_page.sheets.text() for s in sheets)


def test_request_for_quotation_from_the_file_menu(
    qtbot, sample_window, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "询价单.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )  # the user's choice
    sample_window.act_rfq.trigger()
    written = sorted(tmp_path.glob("*.xlsx"))
    assert written, "no 询价单 written"
    assert "询价单已写出" in sample_window.statusBar().currentMessage()


def test_request_for_quotation_from_the_quotes_page(
    qtbot, sample_window, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 10: the 供应商报价 page offers the 询价单 itself, and what it writes reads back."""
    from openpyxl import load_workbook
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "询价单.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )  # the user's choice
    qtbot.mouseClick(sample_window.quotes_page.rfq_button, Qt.MouseButton.LeftButton)
    written = sorted(tmp_path.glob("*.xlsx"))
    assert written, "no 询价单 written from the quotes page"
    assert "报价" in load_workbook(written[0], read_only=True).sheetnames


def test_why_this_platform_names_the_binding_rule(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    from planner.explain import explain_choice

    w = sample_window
    outcome = _solve(qtbot, w)
    plan = outcome.plan
    cm = plan.cost_model
    row = next(
        i
        for i, a in enumerate(plan.assignments)
        if a.cost.total
        > min(cm.total[i, p] for p in range(len(cm.platforms)) if cm.eligible[i, p]) + 0.005
    )  # a system kept off a cheaper platform
    expected = explain_choice(plan, row)
    assert expected.binding is not None
    page = w.plan_page
    proxy_row = page.proxy.mapFromSource(page.model.index(row, 0)).row()
    page.table.selectRow(proxy_row)
    qtbot.waitUntil(lambda: str(expected.message) in page.why.toPlainText(), timeout=30_000)
    assert (
        "信创占比、单一供应商占比、最少供应商数或平台容量" not in page.why.toPlainText()
    )  # not the list of four


def test_chinese_money_spelling_in_the_budget_opens_as_a_number(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "预算.xlsx"
    write_input_workbook(sample_county(), path)
    wb = load_workbook(path)
    row = next(r for r in wb["约束"].iter_rows(min_row=2) if r[0].value == "年度预算")
    row[1].value = "四百八十万"
    wb.save(path)
    assert window.open_path(path, ask=False)
    assert window.project.rules["budget_annual"] == pytest.approx(4_800_000.0)
    assert not window.project.invalid_rules and not window.project.validation.errors
    assert window.rules_page.budget.value() == pytest.approx(480.0)  # 万元


def test_plan_page_shows_the_vendor_terms_that_make_the_total(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: the sample's 移动云 reaches its 100万 tier; the plan page says so, and the
    systems' own totals plus that line are the headline total."""
    plan = _solve(qtbot, sample_window).plan
    terms = {t.vendor: t for t in plan.vendor_terms}
    assert terms["移动云"].tier_discount > 0
    text = sample_window.plan_page.banner.text()
    assert "移动云 阶梯折扣" in text, text
    systems = sum(a.cost.total for a in plan.assignments)
    adjust = sum(t.adjustment for t in plan.vendor_terms)
    assert systems + adjust == pytest.approx(plan.total_annual_cost, abs=0.01)
    from ui.app.widgets import yuan

    assert yuan(systems) in text and yuan(terms["移动云"].tier_discount) in text
