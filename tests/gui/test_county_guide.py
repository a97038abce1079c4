"""Issue 22 point 5: 文件 → 新建县项目 walks a new county from its own raw files to the export;
each step says what it needs and what was read, and drives the app's own importers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from ui.app.widgets import yuan

RAW = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw"
QUOTES = (
    "华为云报价.xlsx",
    "天翼云报价单.xlsx",
    "浪潮云报价.csv",
    "移动云报价.csv",
    "联通云价格矩阵.xlsx",
    "阿里云报价.xlsx",
)


@pytest.fixture
def guide(qtbot, window):  # type: ignore[no-untyped-def]
    window.resize(1280, 720)
    window.show()
    window.open_sample()  # something open: 新建县项目 starts a blank project
    window.project.undo.clear()
    window.project.undo.setClean()
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert texts.index("新建县项目…") == texts.index("新建项目") + 1
    window.act_new_county.trigger()
    g = window.county_guide
    qtbot.waitUntil(g.isVisible)
    return g


def _blank(frame: pd.DataFrame, key: str) -> list[int]:
    return [
        i for i, v in enumerate(frame[key]) if v is None or (isinstance(v, float) and pd.isna(v))
    ]


def test_guide_from_raw_files_to_the_export(qtbot, guide, window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.app.vendor_import import VendorImportDialog

    g, w = guide, guide.win
    assert w.project.row_count("workloads") == 0 and w.project.row_count("prices") == 0
    steps = g.steps()
    assert [s.state for s in steps] == ["next", "later", "later", "later", "later"]
    for s in steps:  # each step says what it needs, and that nothing is read yet
        assert s.needs.text().startswith("需要：") and len(s.needs.text()) > 12
        if s is not g.rules:
            assert s.read.text() == "已读取：尚无"
    # the rules are there from the start: the defaults, and no error for the empty tables
    assert (
        g.rules.read.text()
        == "已读取：预算 不设上限；信创 ≥ 0.0%；单一供应商 ≤ 100.0%；至少 1 家供应商"
    )
    assert not g.export.button.isEnabled()

    # the county's name goes into the inputs (the workbook titles)
    g.county.setText("青山县")
    g._name_county()
    assert w.project.name == "青山县"

    # 1. the six raw vendor sheets, through the app's own quote importer and its dialog
    chosen: list[str] = []
    # the quote step asks for several files at once (one dialog and one undo step each)
    several: list[list[str]] = [[str(RAW / name) for name in QUOTES]]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen.pop(0), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (several.pop(0), ""))
    monkeypatch.setattr(VendorImportDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    g.quotes.button.click()
    assert not several
    vendors = {"华为云", "天翼云", "浪潮云", "移动云", "联通云", "阿里云"}
    read = g.quotes.read.text()
    assert all(v in read for v in vendors), read
    n_prices, n_platforms = w.project.row_count("prices"), w.project.row_count("platforms")
    assert f"{n_platforms} 个平台、{n_prices} 条报价" in read and n_prices > 40
    # the quote sheets say nothing of 等保级别: the step says so, where, and stays to do
    assert "处错误要修正，例如 平台第" in read and "等保级别" in read
    assert g.quotes.state == "next"

    # 2. the raw inventory
    chosen.append(str(RAW / "信息系统清单.xlsx"))
    g.inventory.button.click()
    assert g.inventory.state == "done"
    assert f"{w.project.row_count('workloads')} 个系统" in g.inventory.read.text()
    assert w.project.row_count("workloads") == 38

    # the platform facts the quotes lack, typed in as a user would on 供应商报价
    platforms = w.project.models["platforms"]
    frame = platforms.frame()
    changes = [(i, "mlps_level", "3") for i in _blank(frame, "mlps_level")]
    changes += [(i, "deployment", "私有云") for i in _blank(frame, "deployment")]
    platforms.set_cells(changes)
    w.validate()
    assert g.quotes.state == "done" and "错误" not in g.quotes.read.text()

    # 3. rules: the page opens; with no errors left the step is done
    g.rules.button.click()
    assert w.current_page() == "rules"
    assert g.rules.state == "done" and "预算" in g.rules.read.text()
    assert g.solve.state == "next"

    # 4. solve
    with qtbot.waitSignal(w.solve_finished, timeout=120_000):
        g.solve.button.click()
    plan = w.session.plan
    assert plan.has_solution
    assert g.solve.state == "done" and yuan(plan.total_annual_cost) in g.solve.read.text()
    assert g.export.state == "next" and g.export.button.isEnabled()

    # 5. export
    target = tmp_path / "青山县_采购方案.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    g.export.button.click()
    assert target.exists()
    assert g.export.state == "done" and str(target) in g.export.read.text()
    import openpyxl

    title = openpyxl.load_workbook(target, read_only=True).worksheets[0]["A1"].value
    assert "青山县" in title

    # an edit after the solve: the solve step says the plan is out of date
    platforms.set_cells([(0, "mlps_level", "4")])
    w.validate()
    assert g.solve.state == "next" and "需重新求解" in g.solve.read.text()


def test_guide_asks_before_dropping_unsaved_work(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.app import county_guide

    window.open_sample()
    window.project.models["workloads"].set_cells([(0, "vcpu", "32")])
    assert window.project.dirty
    monkeypatch.setattr(window.files, "maybe_save", lambda: False)  # the user chose 取消
    assert county_guide.open_guide(window) is None
    assert window.project.row_count("workloads") == 38


def test_guide_fits_the_screen_and_squeezes_no_button(qtbot, guide) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QPushButton

    g = guide
    screen = g.screen().availableGeometry()
    assert g.frameGeometry().height() <= screen.height()
    qtbot.wait(50)
    for button in g.findChildren(QPushButton):
        if button.isVisibleTo(g):
            assert button.width() >= button.sizeHint().width(), button.text()
            assert button.height() >= button.sizeHint().height(), button.text()
    for label in g.findChildren(QLabel):  # wrapped lines get the height their width needs
        if label.isVisibleTo(g) and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()) - 1, label.text()
