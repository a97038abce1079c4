"""The app's quote import asks for the vendor and pool itself when the file has none
(issue 10 item 1, issue 14 dead end 3): no dead end at "将导入 0 条报价", no command-line flag."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QLabel  # noqa: E402

from ui.app.vendor_import import VendorImportDialog  # noqa: E402

FIX = Path(__file__).parent / "fixtures"


def _all_text(dialog: VendorImportDialog) -> str:
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)]
    problems = [
        dialog.problems.item(r, c).text()
        for r in range(dialog.problems.rowCount())
        for c in range(dialog.problems.columnCount())
        if dialog.problems.item(r, c) is not None
    ]
    return "\n".join(labels + problems)


def _type(edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setText(text)
    edit.editingFinished.emit()


def test_dialog_asks_for_the_pool_and_then_imports(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = VendorImportDialog(FIX / "vt_overview_no_pool.xlsx", "quote")
    qtbot.addWidget(dialog)
    assert dialog.preview.rowCount() == 0 and not dialog.ok_button.isEnabled()
    assert dialog.missing_names() == ["pool"]
    assert "资源池" in dialog.ask.text() and dialog.ask.isVisibleTo(dialog)
    text = _all_text(dialog)
    assert "--" not in text and "命令行" not in text
    _type(dialog.pool_edit, "政务云区")
    assert dialog.preview.rowCount() == 5 and dialog.ok_button.isEnabled()
    assert not dialog.ask.isVisibleTo(dialog)
    pools = {dialog.preview.item(r, 1).text() for r in range(5)}
    assert pools == {"政务云区"}


def test_dialog_asks_for_vendor_and_pool(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "报价.csv"
    p.write_text("计费项,单价（元/月）\nvCPU,50\n内存,20\n", encoding="utf-8")
    dialog = VendorImportDialog(p, "quote")
    qtbot.addWidget(dialog)
    assert dialog.missing_names() == ["vendor", "pool"]
    assert "供应商" in dialog.ask.text() and "资源池" in dialog.ask.text()
    text = _all_text(dialog)
    assert "--" not in text and "命令行" not in text
    _type(dialog.vendor_edit, "某云")
    _type(dialog.pool_edit, "一区")
    assert dialog.missing_names() == []
    assert dialog.preview.rowCount() == 2 and dialog.ok_button.isEnabled()
    frames = dialog.frames()
    assert set(frames["prices"]["vendor"]) == {"某云"} and set(frames["prices"]["platform"]) == {
        "一区"
    }


def test_app_writes_a_request_for_quotation_per_vendor(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from data.importers.quotes import read_quote
    from data.rfq import MARK_SHEET, is_rfq
    from data.samples import sample_county
    from ui.app.vendor_import import save_rfq

    inp = sample_county()
    files = save_rfq(None, inp.name, inp.workloads, ["天翼云", "移动云"], tmp_path / "询价单.xlsx")
    assert [f.name for f in files] == ["询价单-天翼云.xlsx", "询价单-移动云.xlsx"]
    import openpyxl

    wb = openpyxl.load_workbook(files[0])
    assert MARK_SHEET in wb.sheetnames
    assert is_rfq({MARK_SHEET: [[c.value for c in r] for r in wb[MARK_SHEET].iter_rows()]})
    q = read_quote(files[0])  # unfilled: says so, names the vendor it was written for
    assert q.lines == [] and "没有任何报价" in str(q.issues[-1].message)


def test_dialog_reads_a_filled_rfq_with_no_question(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from data.rfq import write_rfq
    from data.samples import sample_county
    from tests.data.test_import_rfq import _fill

    inp = sample_county()
    (f,) = write_rfq(inp, tmp_path / "询价单.xlsx")  # no vendor named: the vendor writes its name
    _fill(f, "移动云")
    dialog = VendorImportDialog(f, "quote")
    qtbot.addWidget(dialog)
    assert dialog.missing_names() == [] and not dialog.ask.isVisibleTo(dialog)
    assert dialog.mapping.rowCount() == 0  # nothing to map: read by position
    n = sum(1 for p in inp.prices if p.vendor == "移动云" and p.resource != "security_l4")
    assert dialog.preview.rowCount() == n and dialog.ok_button.isEnabled()
    assert not [i for i in dialog.result.issues if i.severity == "error"]


def test_rfq_from_the_app_project(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The 供应商报价 page's action: one 询价单 per vendor of the project, systems as in the app."""
    from data.rfq import MARK_SHEET
    from data.samples import sample_county
    from ui.app.project import Project
    from ui.app.vendor_import import rfq_from_project, systems_of

    project = Project()
    inp = sample_county()
    project.load_input(inp, name="青山县")
    files = rfq_from_project(None, project, tmp_path / "询价单.xlsx")
    assert sorted(f.name for f in files) == sorted(f"询价单-{v}.xlsx" for v in inp.vendors)
    name, systems = systems_of(project.tables(), "青山县")  # type: ignore[misc]
    asked = [(w.name, w.vcpu, w.ram_gb, w.mlps_level) for w in systems]
    assert name == "青山县" and asked == [
        (w.name, w.vcpu, w.ram_gb, w.mlps_level) for w in inp.workloads
    ]
    import openpyxl

    wb = openpyxl.load_workbook(files[0])
    specs = {
        (r[3].value, r[4].value)
        for r in wb[MARK_SHEET].iter_rows(min_row=3)
        if r[2].value == "instance"
    }
    assert specs == {(w.vcpu, w.ram_gb) for w in inp.workloads}
    assert "青山县" in str(wb["封面"]["A1"].value)
