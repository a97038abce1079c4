"""The quote import dialog shows the layout and lets the user correct it (issue 20 part 2), and
文件 → 打开 on a file that is no Yunce workbook lands in the matching importer (issue 22 part 4).

The dialog is driven as a person would: the menus a click on a column header or a row number
opens are built and their actions triggered; the unit is typed into its field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QMessageBox

from data.importers.mapping import MappingStore
from ui.app.layout_view import ROLE_COLOURS, ROW_COLOURS
from ui.app.vendor_import import VendorImportDialog

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "data" / "fixtures"
RAW = ROOT / "data" / "samples" / "raw"


def _dialog(qtbot, path: Path, **kw) -> VendorImportDialog:  # type: ignore[no-untyped-def]
    d = VendorImportDialog(path, "quote", **kw)
    qtbot.addWidget(d)
    return d


def _choose(menu, text: str) -> None:  # type: ignore[no-untyped-def]
    """Trigger the action of a menu the view built, by its text."""
    action = next(a for a in menu.actions() if a.text() == text)
    action.trigger()


def _pools(d: VendorImportDialog) -> set[str]:
    return {x.platform for x in d.result.lines}


def test_rows_and_columns_are_coloured_by_their_roles(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, FIX / "lt_unit_subrow_pools.xlsx", vendor="联通云")
    view = d.sheet_view
    header = QColor(ROW_COLOURS["header"])
    for excel_row in (4, 5):  # the merged 单价 and its unit sub-row: both header rows
        assert view.item(excel_row - 1, 4).background().color() == header
    assert view.horizontalHeaderItem(1).text() == "B · 资源池"
    assert view.horizontalHeaderItem(4).text() == "E · 价格"
    assert view.item(5, 1).background().color() == QColor(ROLE_COLOURS["pool"][0])  # 鲲鹏资源池
    assert view.item(5, 4).background().color() == QColor(ROLE_COLOURS["price"][0])  # 45
    assert view.columnSpan(3, 4) == 2  # 单价 merged over E:F, shown merged
    assert d.preview.rowCount() == 11 and _pools(d) == {"鲲鹏资源池", "X86资源池", "海光信创资源池"}


def test_a_role_changed_with_a_click_and_a_unit_typed_once(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, FIX / "lt_three_row_header.xlsx", vendor="某云")
    assert {g.confirm for g in d.result.guesses} == {"unit-from-note", "variant"}
    assert d.preview.rowCount() == 12
    for j in (3, 5, 7):  # the Windows columns D, F, H
        _choose(d.sheet_view.column_menu(j), "忽略")
    assert d.sheet_view.horizontalHeaderItem(3).text() == "D · 忽略"
    assert {g.confirm for g in d.result.guesses} == {"unit-from-note"}
    d.unit_edit.setText("元/月")
    d.unit_edit.editingFinished.emit()
    assert d.result.guesses == [] and d.preview.rowCount() == 12
    assert d.layout is not None and d.layout["tables"][0]["unit"] == "元/月"
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append("?"))
    d.accept()
    assert asked == [] and d.result is not None  # nothing left to confirm: no question


def test_the_header_rows_move_with_a_click_on_a_row_number(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, FIX / "lt_unit_subrow_pools.xlsx", vendor="联通云")
    _choose(d.sheet_view.row_menu(4), "只有这一行是表头")
    assert d.layout["tables"][0]["header_rows"] == [4]
    assert [r + 1 for r in d.result.layouts[0].header_rows] == [4]
    _choose(d.sheet_view.row_menu(5), "表头到这一行为止")
    assert [r + 1 for r in d.result.layouts[0].header_rows] == [4, 5]
    assert d.preview.rowCount() == 11


def test_unconfirmed_guesses_are_asked_about_before_importing(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, FIX / "lt_tiered_bandwidth.xlsx", vendor="天翼云")
    assert {g.confirm for g in d.result.guesses} >= {"steps", "variant"}
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []

    def question(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    d.show()
    d.accept()
    assert d.isVisible() and d.tabs.currentIndex() == 1  # 否: back to the 需确认 list
    assert "阶梯价格" in asked[0]
    d.accept()
    assert not d.isVisible() and d.result.guesses  # 是: imported, the guesses now confirmed
    assert set(d.final_layout()["accept"]) >= {"steps", "variant"}


def test_ticking_every_guess_imports_without_a_question(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, FIX / "lt_tiered_bandwidth.xlsx", vendor="天翼云")
    d.confirm_all.click()
    assert d.unconfirmed() == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    d.accept()


def test_the_corrected_layout_is_remembered_for_the_vendor_and_applied_next_time(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store_path = tmp_path / "mappings.json"
    d = _dialog(
        qtbot, FIX / "lt_three_row_header.xlsx", vendor="某云", store=MappingStore(store_path)
    )
    for j in (3, 5, 7):
        _choose(d.sheet_view.column_menu(j), "忽略")
    d.unit_edit.setText("元/月")
    d.unit_edit.editingFinished.emit()
    d.accept()
    assert store_path.exists()
    # the next quote from the vendor, in the same shape, under another name
    nxt = tmp_path / "某云报价-第二季度.xlsx"
    shutil.copy(FIX / "lt_three_row_header.xlsx", nxt)
    again = _dialog(qtbot, nxt, vendor="某云", store=MappingStore(store_path))
    assert again.result.guesses == []
    assert {x.variant for x in again.result.read} == {"Linux"}
    assert "记住的版式" in str(again.result.issues[0].message)
    # another vendor's file of the same shape is read as guessed
    other = _dialog(qtbot, nxt, vendor="别家云", store=MappingStore(store_path))
    assert {g.confirm for g in other.result.guesses} == {"unit-from-note", "variant"}


def test_inventory_mapping_shows_field_names_not_keys(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = VendorImportDialog(RAW / "信息系统清单.xlsx", "inventory")
    qtbot.addWidget(d)
    texts = [
        box.itemText(i)
        for r in range(d.mapping.rowCount())
        if isinstance(box := d.mapping.cellWidget(r, 1), QComboBox)
        for i in range(box.count())
    ]
    assert texts and not [t for t in texts if "[" in t or "_" in t]
    assert "系统名称" in texts


def test_the_dialog_at_1280_by_720(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, FIX / "lt_three_row_header.xlsx", vendor="某云")
    d.resize(1280, 720)
    d.show()
    qtbot.waitExposed(d)
    image = d.grab().toImage()
    assert (image.width(), image.height()) == (1280, 720)
    assert d.sheet_view.isVisible() and d.preview.isVisibleTo(d)
    assert d.sheet_view.height() > 200 and d.tabs.height() > 150  # both parts have room
    image.save(str(tmp_path / "import-dialog.png"))


# --- 文件 → 打开 on the raw sample files ----------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "importer"),
    [
        ("天翼云报价单.xlsx", "quote"),
        ("移动云报价.csv", "quote"),
        ("联通云价格矩阵.xlsx", "quote"),
        ("华为云报价.xlsx", "quote"),
        ("浪潮云报价.csv", "quote"),
        ("阿里云报价.xlsx", "quote"),
        ("信息系统清单.xlsx", "inventory"),
        ("平台清单.xlsx", "platforms"),
        ("约束.csv", "policy"),
    ],
)
def test_opening_a_raw_sample_file_offers_its_importer(
    make_window, monkeypatch, name: str, importer: str
) -> None:  # type: ignore[no-untyped-def]
    from ui.app.import_dialog import ImportDialog

    win = make_window()
    offered: list[str] = []
    monkeypatch.setattr(
        type(win.files),
        "confirm",
        lambda self, box, yes: offered.append(box.text()) or True,
    )
    monkeypatch.setattr(VendorImportDialog, "exec", lambda self: self.DialogCode.Accepted)
    monkeypatch.setattr(ImportDialog, "exec", lambda self: self.DialogCode.Accepted)
    before = win.project.undo.count()
    assert win.files.open_path(RAW / name)
    assert offered and "不是云策的输入工作簿" in offered[0]
    assert win.project.undo.count() == before + 1  # one undo step
    if importer == "quote":
        vendor = {
            "天翼": "天翼云",
            "移动": "移动云",
            "联通": "联通云",
            "华为": "华为云",
            "浪潮": "浪潮云",
            "阿里": "阿里云",
        }[name[:2]]
        vendors = {r["vendor"] for r in win.project.models["prices"].records()}
        assert vendors == {vendor}
    elif importer == "inventory":
        assert len(win.project.models["workloads"].records()) == 38
    elif importer == "platforms":
        assert len(win.project.models["platforms"].records()) == 12
    else:
        assert win.project.rules["min_vendors"] == 3
        assert win.project.rules["budget_annual"] == pytest.approx(4_752_000)


def test_a_canonical_workbook_still_opens_as_a_project(make_window) -> None:  # type: ignore[no-untyped-def]
    win = make_window()
    assert win.files.open_path(ROOT / "data" / "samples" / "sample_county.xlsx", ask=False)
    assert len(win.project.models["workloads"].records()) == 38


def test_several_quote_files_at_once_one_undo_step_each(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    win = make_window()
    files = [RAW / "华为云报价.xlsx", RAW / "阿里云报价.xlsx"]
    before = win.project.undo.count()
    assert win.files.import_vendor_files("quote", files, interactive=False) == 2
    assert win.project.undo.count() == before + 2
    vendors = {r["vendor"] for r in win.project.models["prices"].records()}
    assert vendors == {"华为云", "阿里云"}
    win.project.undo.undo()  # the second file only
    assert {r["vendor"] for r in win.project.models["prices"].records()} == {"华为云"}


def test_importing_a_system_list_through_the_dialog_button(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    """导入 in the system-list dialog imports (it once raised: a system list has no vendors
    to remember a layout for); the mapping shows a preview of at least 20 rows."""
    d = VendorImportDialog(RAW / "信息系统清单.xlsx", "inventory")
    qtbot.addWidget(d)
    assert d.preview.rowCount() >= 20
    d.show()
    d.ok_button.click()
    assert d.result is not None and d.result.table is not None
    assert not d.isVisible()
    assert len(d.frames()["workloads"]) == 38


# --- no message in the app points at a command line ---------------------------------------------
def _reader_strings() -> list[str]:
    """Every string in data/ and planner/ (bare strings aside) that names a command or a flag."""
    import ast
    import re

    out = []
    for base in ("data", "planner"):
        for path in sorted((ROOT / base).rglob("*.py")):
            if path.name == "writer.py":
                continue  # the 说明 sheet of a workbook for the command line, not app text
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = {  # bare strings: docstrings and attribute notes, never messages
                id(n.value)
                for n in ast.walk(tree)
                if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)
            }
            out += [
                n.value
                for n in ast.walk(tree)
                if isinstance(n, ast.Constant)
                and isinstance(n.value, str)
                and id(n) not in docs
                and re.search(r"yunce [a-z]|--[a-z]", n.value)
                and not n.value.startswith("--")  # a flag itself (child processes, argv)
            ]
    return out


def test_reader_messages_shown_in_the_app_name_no_command() -> None:
    from ui.app.i18n import without_command_line

    found = _reader_strings()
    assert len(found) >= 8  # the hints of workbook.py and assemble.py at least
    for text in found:
        shown = without_command_line(text)
        assert "yunce " not in shown and "--" not in shown, (text, shown)
        assert len(shown) >= 8, (text, shown)  # still says what to do
    assert without_command_line(
        "请添加名为「约束」的工作表（约束规则），或用 yunce template 生成模板"
    ) == ("请添加名为「约束」的工作表（约束规则）")


def test_a_workbook_missing_a_sheet_says_so_without_a_command(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from data.samples import sample_county
    from data.writer import write_input_workbook

    path = tmp_path / "县.xlsx"
    write_input_workbook(sample_county(), path)
    wb = load_workbook(path)
    del wb["约束"]
    ws = wb["平台"]
    ws.delete_rows(1, ws.max_row)  # an empty 平台 sheet
    wb.save(path)
    win = make_window()
    win.files.open_path(path, ask=False)
    panel = win.problems
    texts = [
        panel.tree.topLevelItem(i).text(c)
        for i in range(panel.tree.topLevelItemCount())
        for c in range(panel.tree.columnCount())
    ]
    assert any("工作表为空" in t for t in texts), texts
    assert not [t for t in texts if "yunce " in t or "--" in t], texts


def test_the_system_list_dialog_shows_20_preview_rows_at_1280_by_720(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 22: Chinese field names with a 20-row preview (it showed 3–4 rows)."""
    d = VendorImportDialog(RAW / "信息系统清单.xlsx", "inventory")
    qtbot.addWidget(d)
    d.resize(1280, 720)
    d.show()
    qtbot.waitExposed(d)
    view = d.preview
    height = view.viewport().height()
    whole = [
        r
        for r in range(view.rowCount())
        if view.rowViewportPosition(r) + view.rowHeight(r) <= height
    ]
    assert len(whole) >= 20, (len(whole), height)
    assert d.mapping.isVisible() and d.problems.isVisible()
    d.grab().save(str(tmp_path / "inventory-dialog.png"))


def test_every_role_a_column_can_take_has_its_own_colour() -> None:
    """A recognised column (部署方式, 等保级别 …) never wears the colour of 'not recognised'."""
    from ui.app.layout_view import MENU_ROLES

    unknown = ROLE_COLOURS[""]
    assert [r for r in MENU_ROLES if ROLE_COLOURS.get(r, unknown) == unknown] == []
