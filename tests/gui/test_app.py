"""The desktop app end to end (pytest-qt, offscreen): every test waits on signals, never sleeps."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QMessageBox

from data.samples import sample_county
from planner.model import SolveStatus
from planner.optimize import solve
from ui.app.widgets import yuan

SOLVE_TIMEOUT = 60_000


def _solve(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.solve_finished, timeout=SOLVE_TIMEOUT) as blocker:
        assert window.solve()
    return blocker.args[0]


def test_sample_solve_shows_engine_total(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    engine = solve(sample_county())
    outcome = _solve(qtbot, sample_window)
    assert outcome.plan.status is SolveStatus.OPTIMAL
    page = sample_window.plan_page
    assert sample_window.current_page() == "plan"
    assert page.cost_card.value.text() == yuan(engine.total_annual_cost)
    assert abs(outcome.plan.total_annual_cost - engine.total_annual_cost) < 0.005
    assert page.proxy.rowCount() == len(engine.assignments)
    assert "¥" in sample_window.solve_status.text()
    # why-this-platform of the first system names its platform and the excluded ones
    html = page.why.toPlainText()
    assert outcome.plan.assignments[0].platform.name in html
    # the rules page now shows the least feasible cost beside the budget
    assert yuan(engine.total_annual_cost) in sample_window.rules_page.min_cost_label.text()


def test_edit_cell_and_undo(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    project = sample_window.project
    model = project.models["workloads"]
    index = model.index(0, model.keys.index("vcpu"))
    before = model.value(0, "vcpu")
    assert model.setData(index, "99", Qt.ItemDataRole.EditRole)
    assert model.value(0, "vcpu") == 99.0
    assert project.dirty
    assert "*" in sample_window.windowTitle()
    sample_window.act_undo.trigger()
    assert model.value(0, "vcpu") == before
    assert not project.dirty
    sample_window.act_redo.trigger()
    assert model.value(0, "vcpu") == 99.0
    project.undo.undo()
    # add and delete rows are undoable too
    n = model.rowCount()
    model.add_rows()
    assert model.rowCount() == n + 1
    model.remove_rows([0, 1])
    assert model.rowCount() == n - 1
    project.undo.undo()
    project.undo.undo()
    assert model.rowCount() == n
    assert model.value(0, "vcpu") == before


def test_paste_from_excel_adds_rows_as_one_undo_step(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    project = sample_window.project
    model = project.models["prices"]
    view = sample_window.table_view("prices")
    n = model.rowCount()
    view.setCurrentIndex(view.proxy.index(n - 1, 0))
    QGuiApplication.clipboard().setText(
        "天翼云\t市政务云x86专区\tvCPU\t55\t月\n天翼云\t市政务云x86专区\t内存\t12\t月\n"
    )
    assert view.paste_clipboard() == 2
    assert model.rowCount() == n + 1  # one row overwritten, one added
    assert model.value(n, "resource") == "ram_gb"
    assert model.value(n, "unit_price") == 12.0
    project.undo.undo()
    assert model.rowCount() == n


def test_sort_and_filter(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    view = sample_window.table_view("workloads")
    col = view.frame_model.keys.index("vcpu")
    view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    values = [
        view.frame_model.value(view.source_row(r), "vcpu") for r in range(view.proxy.rowCount())
    ]
    assert values == sorted(values, reverse=True)
    section = sample_window.workloads_page.workloads
    section.filter.setText("不动产")
    assert 0 < view.proxy.rowCount() < view.frame_model.rowCount()


def _bad_workbook(tmp_path: Path) -> Path:
    from openpyxl import load_workbook

    from data.writer import write_input_workbook

    path = tmp_path / "bad.xlsx"
    write_input_workbook(sample_county(), path)
    wb = load_workbook(path)
    ws = wb["业务系统"]
    heads = [c.value for c in ws[1]]
    vcpu_col = next(i for i, h in enumerate(heads, start=1) if str(h).startswith("vCPU"))
    ws.cell(row=3, column=vcpu_col, value="十六核")
    wb.save(path)
    return path


def test_bad_sheet_lists_problem_and_blocks_solving(qtbot, sample_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _bad_workbook(tmp_path)
    sample_window.import_sheets(("workloads",), path)
    problems = sample_window.problems
    assert problems.count() >= 1
    texts = [problems.tree.topLevelItem(i).text(2) for i in range(problems.count())]
    assert any("不是数字" in t for t in texts)
    assert "错误" in sample_window.data_status.text()
    # the bad cell is red with the message as tooltip
    model = sample_window.project.models["workloads"]
    index = model.index(1, model.keys.index("vcpu"))
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "不是数字" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    # solving is refused with a clear message
    with qtbot.waitSignal(sample_window.solve_blocked, timeout=2000) as blocker:
        assert sample_window.solve() is False
    assert "无法求解" in blocker.args[0]
    assert "无法求解" in sample_window.plan_page.banner.text()
    assert not sample_window.solver.running
    # double-clicking the problem jumps to the cell
    sample_window.show_page("rules")
    item = next(
        problems.tree.topLevelItem(i)
        for i in range(problems.count())
        if "不是数字" in problems.tree.topLevelItem(i).text(2)
    )
    with qtbot.waitSignal(problems.jump, timeout=1000):
        problems.tree.itemDoubleClicked.emit(item, 0)
    assert sample_window.current_page() == "workloads"
    view = sample_window.table_view("workloads")
    current = view.proxy.mapToSource(view.currentIndex())
    assert (current.row(), view.frame_model.keys[current.column()]) == (1, "vcpu")
    # fixing the cell clears the problem
    model.setData(index, "16", Qt.ItemDataRole.EditRole)
    sample_window.validate()
    assert not sample_window.project.validation.errors


def test_cancel_long_solve_keeps_window_responsive(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.synthetic import synthetic_county

    window.project.load_input(synthetic_county(3000, 30))
    window.validate()
    assert window.project.validation.input is not None
    ticks = []
    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    stages = []
    window.solver.stage.connect(lambda text, fraction: stages.append((text, fraction)))
    assert window.solve()
    assert window.cancel_button.isVisible() or window.solver.running
    # the solver is working (past model building) while the event loop keeps turning
    qtbot.waitUntil(lambda: any(f >= 0.3 or t == "求解中…" for t, f in stages), timeout=30_000)
    started = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= started + 25, timeout=5_000)
    assert window.solver.running
    t0 = time.monotonic()
    with qtbot.waitSignal(window.solve_finished, timeout=15_000) as blocker:
        window.cancel_button.click()
    assert blocker.args[0].plan.status is SolveStatus.CANCELLED
    assert time.monotonic() - t0 < 10
    assert not window.solver.running
    assert not window.cancel_button.isVisible()
    assert "取消" in window.statusBar().currentMessage()
    timer.stop()


def test_rule_change_marks_plan_stale(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    _solve(qtbot, sample_window)
    assert not sample_window.stale
    sample_window.rules_page.min_vendors.setValue(2)
    assert sample_window.project.rules["min_vendors"] == 2
    assert sample_window.stale
    assert sample_window.plan_page.stale.isVisible() or not sample_window.plan_page.isVisible()
    assert "过期" in sample_window.plan_page.stale.text()
    assert "过期" in sample_window.solve_status.text()
    sample_window.project.undo.undo()
    assert sample_window.project.rules["min_vendors"] == 3


def test_auto_resolve_after_rule_change(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    _solve(qtbot, sample_window)
    sample_window.rules_page.auto.setChecked(True)
    with qtbot.waitSignal(sample_window.solve_finished, timeout=SOLVE_TIMEOUT) as blocker:
        sample_window.rules_page.xinchuang.spin.setValue(30.0)
    plan = blocker.args[0].plan
    assert plan.policy.min_xinchuang_share == pytest.approx(0.30)
    assert plan.has_solution
    assert not sample_window.stale
    assert "与上一方案" in sample_window.plan_page.banner.text()  # the what-if difference


def test_infeasible_budget_one_click_suggestion(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    sample_window.project.set_rule("budget_annual", 3_000_000.0)
    outcome = _solve(qtbot, sample_window)
    assert outcome.plan.status is SolveStatus.INFEASIBLE
    assert outcome.plan.min_budget is not None
    page = sample_window.plan_page
    assert "无可行方案" in page.cost_card.value.text()
    assert page.diagnosis.toPlainText().strip()
    button = next(b for b in page.suggest_buttons if b.objectName() == "suggest_budget_annual")
    assert yuan(outcome.plan.min_budget) in button.text()
    with qtbot.waitSignal(sample_window.solve_finished, timeout=SOLVE_TIMEOUT) as blocker:
        button.click()
    fixed = blocker.args[0].plan
    assert fixed.has_solution
    assert sample_window.project.rules["budget_annual"] == pytest.approx(outcome.plan.min_budget)
    assert fixed.total_annual_cost <= outcome.plan.min_budget + 0.01


def test_save_and_reopen_gives_identical_inputs(
    qtbot, sample_window, make_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    project = sample_window.project
    model = project.models["workloads"]
    model.setData(model.index(2, model.keys.index("ram_gb")), "72")
    project.set_rule("max_vendor_share", 0.4)
    model.add_rows()  # a blank row is kept in the file but is not part of the input
    model.setData(
        model.index(model.rowCount() - 1, 0), "新系统"
    )  # an incomplete row: its errors survive too
    before = project.validate()
    path = sample_window.save_as(tmp_path / "县项目")
    assert path == tmp_path / "县项目.yunce" and path.exists()
    assert not project.dirty
    other = make_window()
    assert other.open_path(path)
    after = other.project.validate()

    def where(v):  # type: ignore[no-untyped-def]
        return [(i.sheet, i.row, i.column, i.message, i.severity) for i in v.issues]

    assert where(after) == where(before) and before.errors
    for key in ("platforms", "prices", "workloads"):
        assert other.project.models[key].records() == project.models[key].records()
    assert other.project.rules == project.rules
    # and with the incomplete row removed, the planning inputs are identical
    for p in (project, other.project):
        p.models["workloads"].remove_rows([p.models["workloads"].rowCount() - 1])
    assert other.project.validate().input == project.validate().input
    assert str(path) in [
        str(Path(f)) for f in __import__("ui.app.settings", fromlist=["x"]).recent_files()
    ]


def test_autosave_offered_after_crash(qtbot, sample_window, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.app import settings as app_settings

    project = sample_window.project
    model = project.models["platforms"]
    model.setData(model.index(0, model.keys.index("capacity_vcpu")), "640")
    path = sample_window.autosave_now()
    assert path == app_settings.recovery_path() and path.exists()
    expected = project.validate().input
    # "crash": the first window never closes; a new session starts and is offered the file
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    second = make_window()
    assert second.offer_recovery()
    assert asked and "恢复" in asked[0]
    assert second.project.dirty
    assert second.project.validate().input == expected
    assert second.project.models["platforms"].value(0, "capacity_vcpu") == 640.0


def test_close_with_unsaved_changes_asks(qtbot, sample_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sample_window.project.set_rule("min_vendors", 2)
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Cancel,
    )
    assert not sample_window.close()
    assert asked
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert sample_window.close()


def test_export_plan_workbook_opens(qtbot, sample_window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    outcome = _solve(qtbot, sample_window)
    out = sample_window.export_plan(tmp_path / "方案.xlsx")
    assert out is not None and out.exists()
    wb = load_workbook(out)
    assert "total_annual_cost" in wb.defined_names
    assert len(wb.sheetnames) >= 3
    assert sample_window.export_page.last.text() == str(out)
    # a write failure shows the writer's Chinese message instead of crashing
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert sample_window.export_plan(tmp_path / "没有这个文件夹" / "方案.xlsx") is None
    assert shown and "无法写入" in shown[0]
    assert outcome.plan.has_solution


def test_language_switch_changes_texts_and_is_remembered(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    from ui.app import settings as app_settings

    def texts() -> list[str]:
        return [sample_window.nav.item(i).text() for i in range(sample_window.nav.count())]

    zh = texts()
    assert any("供应商报价" in t for t in zh)
    sample_window.show_page("rules")
    sample_window.set_language("en")
    en = texts()
    assert en != zh
    assert any("Vendor quotes" in t for t in en)
    assert sample_window.current_page() == "rules"
    assert "Solve" in [a.text() for a in sample_window.toolbar.actions()]
    assert sample_window.menuBar().actions()[0].text().startswith("&File")
    assert app_settings.settings().value("language") == "en"
    # the data is untouched by rebuilding the widgets
    assert sample_window.project.row_count("workloads") == len(sample_county().workloads)
    sample_window.set_language("zh")
    assert texts() == zh


def test_screenshot_in_process(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.cli import main

    out = tmp_path / "rules.png"
    assert (
        main(["gui", "--sample", "--page", "rules", "--screenshot", str(out), "--size", "1200x800"])
        == 0
    )
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 1000


def test_screenshot_command_line(tmp_path) -> None:
    out = tmp_path / "plan.png"
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "YUNCE_CONFIG_DIR": str(tmp_path),
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "gui",
            "--sample",
            "--solve",
            "--page",
            "plan",
            "--lang",
            "en",
            "--screenshot",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    assert out.exists() and out.stat().st_size > 10_000


def test_import_dialog_detects_mapping_and_lets_user_fix_it(qtbot, sample_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from ui.app.import_dialog import ImportDialog

    path = tmp_path / "天翼云报价单.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "报价明细"
    ws.append(["天翼云 政务云报价单（2026）"])
    ws.append(["供应商", "平台名称", "资源类型", "含税单价", "计费周期", "备注"])
    ws.append(["天翼云", "市政务云x86专区", "vCPU", 50, "月", "九折"])
    ws.append(["天翼云", "市政务云x86专区", "内存", 10, "月", ""])
    wb.save(path)
    dialog = ImportDialog(path, ("prices",), sample_window)
    qtbot.addWidget(dialog)
    tab = dialog.sheet_tabs["prices"]
    assert tab.mapping.source == "报价明细"
    tab.header.setValue(2)  # the title line is not the header
    m = tab.mapping
    assert m.header_row == 1
    assert m.columns[0] == "vendor" and m.columns[1] == "platform" and m.columns[2] == "resource"
    assert m.columns[3] is None  # 含税单价 is not a known header …
    assert "unit_price" in m.missing_required()
    box = tab.table.cellWidget(0, 3)
    box.setCurrentIndex(box.findData("unit_price"))  # … so the user maps it
    assert not tab.mapping.missing_required()
    issues = sample_window.project.import_sheets(path, ("prices",), dialog.mappings())
    assert issues == []
    model = sample_window.project.models["prices"]
    assert model.rowCount() == 2
    assert model.value(0, "unit_price") == 50.0 and model.value(1, "resource") == "ram_gb"
    assert (
        sample_window.project.mappings[path.name]["prices"]["columns"]["含税单价"] == "unit_price"
    )
    sample_window.project.undo.undo()
    assert model.rowCount() == len(sample_county().prices)
    # the same file again: the confirmed mapping is remembered (kept in the project file too)
    again = ImportDialog(
        path, ("prices",), sample_window, remembered=sample_window.project.mappings[path.name]
    )
    qtbot.addWidget(again)
    assert not again.sheet_tabs["prices"].mapping.missing_required()
    assert sample_window.project.import_sheets(path, ("prices",)) == []
    assert model.value(1, "unit_price") == 10.0


FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def test_vendor_quote_and_inventory_import(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    from ui.app.vendor_import import VendorImportDialog

    quote = FIXTURES / "telecom_merged.xlsx"
    dialog = VendorImportDialog(quote, "quote", sample_window)
    qtbot.addWidget(dialog)
    # a quote's columns are read as roles (the 各列的含义 tab: letter | header | role)
    roles = {
        dialog.mapping.item(i, 1).text(): dialog.mapping.cellWidget(i, 2).currentData()
        for i in range(dialog.mapping.rowCount())
    }
    assert "price" in roles.values() and "pool" in roles.values()
    assert dialog.preview.rowCount() > 0
    project = sample_window.project
    prices = project.models["prices"]
    other_vendors = sum(1 for r in prices.records() if r["vendor"] != "天翼云")
    assert sample_window.import_vendor_file("quote", quote, interactive=False)
    records = prices.records()
    assert (
        sum(1 for r in records if r["vendor"] != "天翼云") == other_vendors
    )  # other vendors untouched
    assert sum(1 for r in records if r["vendor"] == "天翼云") == dialog.preview.rowCount()
    assert quote.name in project.mappings
    project.undo.undo()
    assert len(prices.records()) == len(sample_county().prices)
    # the county's own system list, in its own layout
    assert sample_window.import_vendor_file(
        "inventory", FIXTURES / "inventory_odd.xlsx", interactive=False
    )
    assert project.models["workloads"].rowCount() >= 1
    assert sample_window.current_page() == "workloads"


def _run_app_capture(monkeypatch, argv):  # type: ignore[no-untyped-def]
    """Run `yunce gui ARGS` in-process; instead of the event loop, capture the main window."""
    from PySide6.QtWidgets import QApplication

    from ui.app.main_window import MainWindow
    from ui.cli import main

    seen = {}

    def fake_exec(*_a, **_k) -> int:  # type: ignore[no-untyped-def]
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        seen["rows"] = window.project.row_count("workloads")
        seen["dirty"] = window.project.dirty
        seen["title"] = window.windowTitle()
        window._closing_confirmed = True
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert main(["gui", *argv]) == 0
    return seen


def test_first_start_opens_the_sample(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.app import settings as app_settings

    seen = _run_app_capture(monkeypatch, [])
    assert seen["rows"] == len(sample_county().workloads)
    assert app_settings.settings().value("first_run_done") == "true"
    assert _run_app_capture(monkeypatch, [])["rows"] == 0  # not again on the second start


def test_recovery_offered_at_start(qtbot, sample_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    model = sample_window.project.models["workloads"]
    model.setData(model.index(0, model.keys.index("name")), "恢复测试系统")
    assert sample_window.autosave_now() is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    seen = _run_app_capture(monkeypatch, [])
    assert seen["rows"] == len(sample_county().workloads)
    assert seen["dirty"] and seen["title"].startswith("*")


def test_keyboard_paste_and_delete(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    view = sample_window.table_view("workloads")
    model = view.frame_model
    sample_window.show_page("workloads")
    col = model.keys.index("department")
    view.setCurrentIndex(view.proxy.index(0, col))
    QGuiApplication.clipboard().setText("数据局\n数据局\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [model.value(view.source_row(r), "department") for r in (0, 1)] == ["数据局", "数据局"]
    view.selectionModel().select(
        view.proxy.index(0, col), view.selectionModel().SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert model.value(view.source_row(0), "department") is None
    sample_window.project.undo.undo()
    sample_window.project.undo.undo()
    assert model.value(0, "department") == sample_county().workloads[0].department


def test_window_size_and_splitters_are_remembered(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app.main_window import MainWindow

    first = MainWindow(restore_settings=True)
    qtbot.addWidget(first)
    first.resize(
        first.minimumWidth(), 760
    )  # the width the offscreen screen gives the second window too
    first.show()
    qtbot.waitExposed(first)
    first.quotes_page.splitter.setSizes([120, 480])
    sizes = first.quotes_page.splitter.sizes()
    first._closing_confirmed = True
    first.close()
    second = MainWindow(restore_settings=True)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    # the offscreen screen is 800 px wide, so Qt clamps the restored width to the minimum
    assert second.height() == 760 and second.width() >= second.minimumWidth()
    assert second.quotes_page.splitter.sizes()[0] == sizes[0]  # the platforms pane keeps its height
    second._closing_confirmed = True


def test_every_app_string_has_an_english_translation() -> None:
    """Each tr("…") literal in ui/app is in the .ts with a finished translation."""
    import ast
    import xml.etree.ElementTree as ET

    root = Path(__file__).resolve().parents[2] / "ui"
    ts = ET.parse(root / "i18n" / "yunce_en.ts").getroot()
    translated = {
        m.findtext("source"): m.find("translation")
        for ctx in ts.iter("context")
        if not ctx.findtext("name")
        for m in ctx.iter("message")
    }
    missing = []
    for path in sorted((root / "app").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                t = translated.get(node.args[0].value)
                if t is None or t.get("type") == "unfinished" or not (t.text or "").strip():
                    missing.append(f"{path.name}: {node.args[0].value}")
    assert not missing, missing
    assert (root / "i18n" / "yunce_en.qm").stat().st_size > 1000


def test_sample_scenarios_reach_the_analysis_page(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    page = sample_window.analysis_page
    names = [s.name for s in page.scenarios]
    assert len(names) == 3 and any("信创" in n for n in names)
