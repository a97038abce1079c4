"""The 采购项目 on the 导出 page and the 采购标准 on the rules page (ui/app/procurement_view.py)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from data.procurement_sheets import C_METHOD, C_NAME, HEAD_ROW
from planner.procurement import Method

SOLVE_TIMEOUT = 120_000


def _solve(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.solve_finished, timeout=SOLVE_TIMEOUT) as blocker:
        assert window.solve()
    return blocker.args[0]


def test_export_page_lists_lots_merges_them_and_writes_them(
    qtbot, sample_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    outcome = _solve(qtbot, sample_window)
    view = sample_window.export_page.procurement
    report = view.report
    assert report is not None and view.table.rowCount() == len(report.lots) == 5
    vendors = {a.platform.vendor for a in outcome.plan.assignments}
    assert {v for lot in report.lots for v in lot.vendors} == vendors
    assert "化整为零" in view.notes.text() and "全国指引下限" in view.notes.text()
    assert view.table.item(0, 3).text() == "竞争性磋商"
    # take the proposal: the four cloud lots become one 采购项目 of four 包, publicly tendered
    assert view.proposal_button.isEnabled()
    view.apply_proposals()
    report = view.report
    assert report is not None and not report.warnings and len(report.lots) == 2
    cloud = report.lots[0]
    assert len(cloud.packages) == 4 and cloud.method is Method.PUBLIC_TENDER
    assert view.table.item(0, 3).text() == "公开招标" and "分4包" in view.table.item(0, 1).text()
    out = sample_window.export_plan(tmp_path / "方案.xlsx")
    assert out is not None
    ws = openpyxl.load_workbook(out, data_only=True)["采购实施计划"]
    assert "分4包" in ws.cell(HEAD_ROW + 1, C_NAME).value
    assert ws.cell(HEAD_ROW + 1, C_METHOD).value == "公开招标"
    # split it back: one project per vendor again, the warning returns
    view.table.selectRow(0)
    assert view.split_button.isEnabled()
    view.split_selected()
    assert len(view.report.lots) == 5 and view.report.warnings
    # merge two selected lots by hand
    view.table.clearSelection()
    view.table.setRangeSelected(_range(0, 1), True)
    assert view.merge_button.isEnabled()
    view.merge_selected()
    assert len(view.report.lots) == 4 and len(view.report.lots[0].packages) == 2


def _range(top: int, bottom: int):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableWidgetSelectionRange

    return QTableWidgetSelectionRange(top, 0, bottom, 5)


def test_rules_page_standards_change_the_methods_not_the_plan(qtbot, sample_window) -> None:  # type: ignore[no-untyped-def]
    outcome = _solve(qtbot, sample_window)
    from ui.app.procurement_view import ProcurementStandardsBox

    box = sample_window.rules_page.findChild(ProcurementStandardsBox)
    assert box is not None and box.defaults_note.isVisibleTo(box)
    box.tender.setValue(100.0)  # 公开招标 from 100万 (in 万元)
    box.limit.setValue(50.0)
    assert sample_window.project.procurement["tender_threshold"] == 1_000_000.0
    sample_window.validate()
    assert not sample_window.session.stale  # the standards never change the plan
    view = sample_window.export_page.procurement
    methods = {lot.key: lot.method for lot in view.report.lots}
    amounts = {lot.key: lot.amount for lot in view.report.lots}
    for key, method in methods.items():
        a = amounts[key]
        want = (
            Method.PUBLIC_TENDER
            if a >= 1_000_000
            else Method.COMPETITIVE_CONSULTATION
            if a >= 500_000
            else Method.NOT_GOVERNMENT
        )
        assert method is want, key
    assert not box.defaults_note.isVisibleTo(box)
    sample_window.project.undo.undo()  # undo restores the limit
    assert sample_window.project.procurement.get("decentralized_limit") is None
    assert outcome.plan.has_solution


def test_project_keeps_standards_from_workbook_to_project_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from data.samples import sample_county
    from data.writer import write_input_workbook
    from planner.model import ProcurementStandards
    from ui.app.project import Project

    std = ProcurementStandards(
        decentralized_limit=500_000.0,
        tender_threshold=4_000_000.0,
        contract_years=3,
        quarter=2,
        defaults=False,
    )
    path = tmp_path / "county.xlsx"
    write_input_workbook(replace(sample_county(), procurement=std), path)
    project = Project()
    v = project.open_workbook(path)
    assert v.input is not None and v.input.procurement == std
    project.set_procurement("item_code", "C16")
    saved = project.save(tmp_path / "county.yunce")
    again = Project()
    again.open(saved)
    inp = again.validate().input
    assert inp is not None and inp.procurement == replace(std, item_code="C16")


def test_lot_merges_are_one_undo_step_and_saved_with_the_project(
    qtbot, sample_window, make_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A merge on the export page is an edit of the project: undoable, saved in the .yunce file
    and applied again when the project is opened (its saved plan restored)."""
    _solve(qtbot, sample_window)
    project, view = sample_window.project, sample_window.export_page.procurement
    assert len(view.report.lots) == 5 and not project.dirty
    view.apply_proposals()
    assert len(view.report.lots) == 2 and len(view.report.lots[0].packages) == 4
    assert project.lot_merges and project.dirty
    assert project.undo.undoText() == "采纳合并建议"
    project.undo.undo()  # one step back: five lots again
    assert project.lot_merges == [] and len(view.report.lots) == 5
    project.undo.redo()
    assert len(view.report.lots) == 2
    saved = project.save(tmp_path / "县项目.yunce")
    merged = [sorted(m) for m in project.lot_merges]

    again = make_window()
    assert again.files.open_path(saved, ask=False)
    assert [sorted(m) for m in again.project.lot_merges] == merged
    assert again.session.outcome is not None  # the saved plan is current and restored
    lots = again.export_page.procurement.report.lots
    assert len(lots) == 2 and len(lots[0].packages) == 4
    out = again.export_plan(tmp_path / "方案.xlsx")
    assert out is not None
    ws = openpyxl.load_workbook(out, data_only=True)["采购实施计划"]
    assert "分4包" in ws.cell(HEAD_ROW + 1, C_NAME).value


def test_a_damaged_lot_merge_record_is_refused_by_name(tmp_path: Path) -> None:
    import json
    import zipfile

    import pytest

    from data.project_file import ProjectFileError, read_project_file
    from ui.app.project import Project

    saved = Project().save(tmp_path / "p.yunce")
    with zipfile.ZipFile(saved) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["lot_merges"] = [["云-2027-华为云", 7]]
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(saved, "w") as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    with pytest.raises(ProjectFileError) as err:
        read_project_file(saved)
    assert "lot_merges" in err.value.message.zh and "采购项目编号" in err.value.message.zh
