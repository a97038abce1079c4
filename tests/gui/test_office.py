"""Issue 22 points 5–8: Office habits (copy/cut/paste/find, open the export, the summary PDF and
its preview), the in-app manual (F1), and state that undo, redo and fixes keep consistent."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence

from planner.labels import pct, yuan


def _solved(window, qtbot):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.solve_finished, timeout=120_000):
        assert window.solve()
    return window.session.plan


# --- 复制 / 剪切 / 粘贴 / 查找 ------------------------------------------------------------------
def test_copy_cut_paste_and_find_in_a_table(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    w.show()
    w.show_page("workloads")
    view = w.table_view("workloads")
    model = w.project.models["workloads"]
    view.setFocus()
    c_vcpu, c_ram = model.keys.index("vcpu"), model.keys.index("ram_gb")
    sel = view.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    block = QItemSelection(view.proxy.index(0, c_vcpu), view.proxy.index(1, c_ram))
    sel.select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.setCurrentIndex(view.proxy.index(0, c_vcpu))
    sel.select(block, QItemSelectionModel.SelectionFlag.Select)
    w.act_copy.trigger()
    rows = [[model.value(r, k) for k in ("vcpu", "ram_gb")] for r in (0, 1)]
    expected = "\n".join("\t".join(str(int(v)) for v in row) for row in rows)
    assert QGuiApplication.clipboard().text() == expected  # tab-separated, numbers as typed
    # cut = copy + clear, one undo step
    w.act_cut.trigger()
    assert QGuiApplication.clipboard().text() == expected
    assert all(model.value(r, k) is None for r in (0, 1) for k in ("vcpu", "ram_gb"))
    assert w.act_undo.text() == "撤销 剪切"
    w.project.undo.undo()
    assert [[model.value(r, k) for k in ("vcpu", "ram_gb")] for r in (0, 1)] == rows
    # paste the copied block two rows lower (Excel-style), one undo step
    view.setCurrentIndex(view.proxy.index(5, c_vcpu))
    w.act_paste.trigger()
    assert [[model.value(r, k) for k in ("vcpu", "ram_gb")] for r in (5, 6)] == rows
    w.project.undo.undo()
    # find: Ctrl+F opens the bar over the table, Enter/F3 go to the next match, wrapping
    bar = __import__("ui.app.office", fromlist=["find"]).find(w)
    assert bar is not None and bar.isVisible() and bar.parent() is view
    name = str(model.value(10, "name"))
    bar.edit.setText(name[1:4])
    assert bar.find()
    hits = [view.currentIndex().row()]
    for _ in range(3):
        w.act_find_next.trigger()
        hits.append(view.currentIndex().row())
    assert any(view.proxy.index(r, 0).data() == name for r in hits)
    matches = [
        r
        for r in range(view.proxy.rowCount())
        if any(
            name[1:4] in str(view.proxy.index(r, c).data() or "")
            for c in range(model.columnCount())
        )
    ]
    assert set(hits) <= set(matches)
    bar.edit.setText("没有这个系统")
    assert not bar.find() and bar.status.text() == "未找到"


def test_copy_works_on_a_result_table_too(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    w = sample_window
    w.show()
    _solved(w, qtbot)
    w.show_page("plan")
    view = next(
        v for v in w.plan_page.findChildren(QTableView) if v.isVisible() and v.model().rowCount()
    )
    view.setFocus()
    view.selectRow(0)
    assert w.act_copy.trigger() is None and "\t" in QGuiApplication.clipboard().text()


# --- after an export: open the file and its folder ------------------------------------------------
class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:  # noqa: A003
        self.urls.append(url.toLocalFile())


def test_open_the_exported_file_and_its_folder(qtbot, sample_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    _solved(w, qtbot)
    page = w.export_page
    assert not page.open_file_button.isEnabled()
    out = w.export_plan(tmp_path / "方案.xlsx")
    assert out is not None and page.open_file_button.isEnabled()
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")  # Qt's own hook for file URLs
    try:
        qtbot.mouseClick(page.open_file_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.open_folder_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u) for u in opened.urls] == [out, out.parent]


# --- 方案摘要 PDF and 打印预览 -------------------------------------------------------------------
def _pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # the CJK font maps some glyphs to Kangxi radicals (⽅ for 方): read them as the characters
    return len(reader.pages), unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_pdf_has_the_plans_figures(qtbot, sample_window, tmp_path, lang) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    w.set_language(lang, remember=False)
    plan = _solved(w, qtbot)
    path = w.export_page.save_summary_pdf(tmp_path / "摘要.pdf")
    assert path is not None and path.stat().st_size > 10_000
    pages, text = _pdf_text(path)
    assert 1 <= pages <= 2
    flat = re.sub(r"\s+", " ", text)
    assert yuan(plan.total_annual_cost) in flat  # ¥4,736,378.23: to the fen
    assert yuan(plan.policy.budget_annual) in flat
    assert pct(plan.xinchuang_share) in flat
    for vendor, share in plan.vendor_shares.items():
        assert vendor in flat and pct(share) in flat, vendor
        assert yuan(plan.vendor_costs[vendor]) in flat
    signatures = (
        ("编制", "审核", "审批") if lang == "zh" else ("Prepared by", "Reviewed by", "Approved by")
    )
    assert all(s in flat for s in signatures)
    assert ("满足" if lang == "zh" else "met") in flat
    assert w.export_page.last_path == path and w.export_page.open_file_button.isEnabled()


def test_print_preview_shows_the_same_pages(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    w = sample_window
    _solved(w, qtbot)
    dialog = w.export_page.print_preview(show=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None and 1 <= preview.pageCount() <= 2
    assert dialog.windowTitle() == "打印预览 — 方案摘要"


def test_no_summary_without_a_plan(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    page = sample_window.export_page
    assert not page.summary_button.isEnabled() and not page.preview_button.isEnabled()


# --- 使用手册 (F1) ---------------------------------------------------------------------------------
def test_f1_opens_the_manual_at_the_pages_section(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    from planner.rules import SYSTEM_RULE_KEYS, USER_RULE_KEYS, rule
    from ui.app.help_window import HELP_DIR, HelpWindow

    w = sample_window
    w.show()
    w.show_page("rules")
    # F1 is the manual's shortcut everywhere in the app (the offscreen platform activates no
    # window, so the key press itself cannot reach Qt's shortcut map here)
    assert w.act_manual.shortcut() == QKeySequence("F1")
    assert w.act_manual.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut
    w.act_manual.trigger()
    help_window = w.findChild(HelpWindow)
    assert help_window is not None and help_window.isVisible()
    assert help_window.contents.currentItem().text(0) == "3 约束策略"
    doc = help_window.browser.toPlainText()
    for key in (*USER_RULE_KEYS, *SYSTEM_RULE_KEYS):  # every rule, named by the registry
        assert rule(key).label.zh in doc, key
    for needed in ("最优", "常见问题", "libxcb-icccm4", "没有可行方案", "方案摘要 PDF"):
        assert needed in doc
    # every screenshot it shows is shipped
    import re

    html = (HELP_DIR / "manual_zh.html").read_text(encoding="utf-8") + (
        HELP_DIR / "manual_en.html"
    ).read_text(encoding="utf-8")
    images = set(re.findall(r'src="(images/[^"]+)"', html))
    assert len(images) >= 12 and all((HELP_DIR / i).is_file() for i in images)
    # search: the contents keep only the sections that mention the word
    help_window.search.setText("HHI")
    shown = [i.text(0) for i in help_window.items.values() if not i.isHidden()]
    assert "5 分析" in shown and "1 供应商报价" not in shown
    assert help_window.find_next()
    # in English the manual is English
    w.set_language("en", remember=False)
    w.act_manual.trigger()
    english = [h for h in w.findChildren(HelpWindow) if h.isVisible() and h.lang == "en"]
    assert english and "What “optimal” means" in english[0].browser.toPlainText()


# --- consistent state --------------------------------------------------------------------------------
def test_undo_back_to_the_solved_data_makes_the_plan_current_again(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    _solved(w, qtbot)
    assert not w.session.stale and "已过期" not in w.solve_status.text()
    w.project.set_rule("min_vendors", 4)
    assert w.session.stale and "已过期" in w.solve_status.text()
    w.project.undo.undo()
    qtbot.waitUntil(lambda: not w.session.stale, timeout=5000)
    assert "已过期" not in w.solve_status.text()
    assert w.project.plan_record is not None  # saved with the project again
    w.project.undo.redo()
    assert w.session.stale and "已过期" in w.solve_status.text()


def test_a_refused_solve_leaves_no_error_beside_a_clean_status(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    model = w.project.models["workloads"]
    model.set_cells([(0, "vcpu", "十六核")])
    w.validate()
    assert not w.solve()
    assert "错误" in w.statusBar().currentMessage()
    w.project.undo.undo()
    w.validate()
    assert "无错误" in w.data_status.text()
    assert "错误" not in w.statusBar().currentMessage()
    assert "错误" not in w.solve_status.text()


def test_the_plan_pages_refusal_banner_goes_after_a_fix(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    banner = w.plan_page.banner
    model = w.project.models["workloads"]
    # no plan yet: the refusal gives way to the "no plan yet" line
    model.set_cells([(0, "vcpu", "十六核")])
    w.validate()
    assert not w.solve()
    assert banner.kind == "error" and "输入有 1 处错误" in banner.text()
    w.project.undo.undo()
    w.validate()
    assert banner.kind == "info" and "还没有方案" in banner.text()
    # a solved plan: refused twice in a row, then fixed: the plan's own line comes back
    _solved(w, qtbot)
    solved_text = banner.text()
    assert banner.kind == "ok" and "最优方案" in solved_text
    model.set_cells([(0, "vcpu", "十六核")])
    w.validate()
    assert not w.solve()
    model.set_cells([(1, "vcpu", "八核")])
    w.validate()
    assert not w.solve()
    assert banner.kind == "error" and "输入有 2 处错误" in banner.text()
    w.project.undo.undo()
    w.validate()
    assert banner.kind == "error"  # one error left: the refusal stays
    w.project.undo.undo()
    w.validate()
    assert banner.kind == "ok" and banner.text() == solved_text


def test_start_guide_goes_after_the_first_solve_or_another_county(
    qtbot, make_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from data.samples import sample_county
    from data.writer import write_input_workbook
    from ui.app.first_run import is_dismissed

    w = make_window()
    w.open_sample()
    assert w.start_guide is not None and not w.start_guide.isHidden()
    _solved(w, qtbot)
    assert w.start_guide.isHidden() and is_dismissed()
    # another start, a second county opened: the guide goes too
    from ui.app import settings as app_settings

    app_settings.settings().setValue("start_guide_dismissed", "false")
    w2 = make_window()
    w2.open_sample()
    other = tmp_path / "东河县.xlsx"
    write_input_workbook(sample_county(), other)
    assert w2.files.open_path(other, ask=False)
    assert w2.start_guide.isHidden() and is_dismissed()


def test_year_and_percent_columns_read_as_such(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from ui.app.tables import display

    model = window.project.models["years"]
    model.add_rows(None, 1)
    model.set_cells([(0, "year", 2026), (0, "min_xinchuang_share", 0.35), (0, "budget", 4830000)])
    cols = {c.key: c for c in model.columns}
    shown = {k: model.index(0, model.keys.index(k)).data() for k in ("year", "min_xinchuang_share")}
    assert shown == {"year": "2026", "min_xinchuang_share": "35%"}
    model.setData(model.index(0, model.keys.index("min_xinchuang_share")), "50%")
    assert model.value(0, "min_xinchuang_share") == 0.5  # typed as a percent, stored as a share
    model.setData(model.index(0, model.keys.index("year")), "2027")
    assert model.value(0, "year") == 2027
    prices = window.project.models["prices"]
    change = next(c for c in prices.columns if c.key == "yearly_change")
    assert display(change, -0.05) == "-5%" and display(cols["year"], 2028.0) == "2028"


def test_the_edit_commands_remember_the_table_when_the_focus_leaves_it(
    qtbot, sample_window, make_window
) -> None:  # type: ignore[no-untyped-def]
    """A menu or a button takes the focus away: 复制 still acts on the table of this window
    that had it last, never on another window's table."""
    from PySide6.QtWidgets import QPushButton

    from ui.app.office import current_table

    w = sample_window
    w.show()
    w.activateWindow()
    w.show_page("workloads")
    view = w.table_view("workloads")
    view.setFocus()
    qtbot.waitUntil(lambda: view.hasFocus())
    button = w.pages["workloads"].findChildren(QPushButton)[0]
    button.setFocus()
    qtbot.waitUntil(lambda: button.hasFocus())
    assert current_table(w) is view
    other = make_window()
    other.open_sample()
    other.show()
    other.activateWindow()
    other.show_page("workloads")
    theirs = other.table_view("workloads")
    theirs.setFocus()
    qtbot.waitUntil(lambda: theirs.hasFocus())
    assert getattr(w, "_last_table", None) is view  # the other window's focus is not ours
