"""The 采购标准 sheet: template, reader, round trip, defaults for old workbooks, clear errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from data.samples import sample_county
from data.workbook import InputError, read_workbook
from data.writer import build_input_workbook
from data.xlsx import atomic_save
from planner.model import ProcurementStandards


def _write(inp, path: Path) -> Path:
    atomic_save(build_input_workbook(inp), path)
    return path


def test_old_workbook_without_the_sheet_reads_with_no_standards(tmp_path: Path) -> None:
    inp = read_workbook(_write(sample_county(), tmp_path / "old.xlsx"))
    assert inp.procurement is None  # reports then use the national floors and say so
    assert "采购标准" not in openpyxl.load_workbook(tmp_path / "old.xlsx").sheetnames


def test_standards_round_trip(tmp_path: Path) -> None:
    std = ProcurementStandards(
        decentralized_limit=500_000.0,
        tender_threshold=4_000_000.0,
        in_central_catalogue=True,
        item_code="C16010000",
        item_name="云计算服务",
        contract_years=3,
        fiscal_year=2027,
        quarter=2,
        funding_source="一般公共预算",
        defaults=False,
    )
    inp = read_workbook(_write(replace(sample_county(), procurement=std), tmp_path / "p.xlsx"))
    assert inp.procurement == std


def test_template_has_the_sheet_with_the_national_floors(tmp_path: Path) -> None:
    atomic_save(build_input_workbook(None, template=True), tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["采购标准"]
    rows = {r[0]: (r[1], r[2]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert (
        rows["分散采购限额标准"][0] == 300000 and "财库〔2019〕69号" in rows["分散采购限额标准"][1]
    )
    assert (
        rows["公开招标数额标准"][0] == 2000000 and "请按本省标准修改" in rows["公开招标数额标准"][1]
    )
    assert rows["集中采购目录内"][0] == "否"


def _edit(path: Path, key: str, value: object) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["采购标准"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            row[1].value = value
    wb.save(path)
    return path


def test_money_spellings_and_partial_sheets(tmp_path: Path) -> None:
    path = _write(replace(sample_county(), procurement=ProcurementStandards()), tmp_path / "m.xlsx")
    inp = read_workbook(_edit(path, "分散采购限额标准", "50万"))
    assert inp.procurement is not None and inp.procurement.decentralized_limit == 500_000.0
    assert inp.procurement.defaults is False


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("预计采购季度", 5, "季度应为 1–4"),
        ("合同年限", 0, "合同年限应为 1–10 年"),
        ("公开招标数额标准", 100000, "公开招标数额标准低于分散采购限额标准"),
        ("分散采购限额标准", "很多", "金额"),
    ],
)
def test_bad_values_name_the_cell(tmp_path: Path, key: str, value: object, words: str) -> None:
    path = _write(replace(sample_county(), procurement=ProcurementStandards()), tmp_path / "b.xlsx")
    with pytest.raises(InputError) as err:
        read_workbook(_edit(path, key, value))
    text = err.value.text()
    assert "采购标准" in text and words in text, text


def test_project_file_keeps_the_standards(tmp_path: Path) -> None:
    from data.project_file import project_from_input, read_project_input, write_project_file

    std = ProcurementStandards(
        500_000.0, 4_000_000.0, True, "C1", "云计算服务", 3, 2027, 2, "x", False
    )
    write_project_file(
        tmp_path / "p.yunce", project_from_input(replace(sample_county(), procurement=std))
    )
    assert read_project_input(tmp_path / "p.yunce").procurement == std
    write_project_file(tmp_path / "q.yunce", project_from_input(sample_county()))
    assert read_project_input(tmp_path / "q.yunce").procurement is None  # older projects: none
