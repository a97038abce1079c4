"""Vendor quotes: discount tables read into the 折扣 sheet, other term notes reported (issue 13)."""

from __future__ import annotations

from pathlib import Path

from data.importers.assemble import assemble
from data.importers.mapping import MappingStore
from data.terms_scan import scan_rows
from planner.model import Discount, DiscountKind, TierMode

ROWS = [
    ["资源池", "资源", "单价(元/年)"],
    ["政务云", "vCPU", 500],
    [],
    ["年度合同额", "折扣", "计算方式"],
    ["满100万", "9折", "超出部分"],
    ["300万", 0.85, "超出部分"],
    [],
    ["合同年限", "折扣率"],
    ["1年", "10个月价"],  # not a factor: the term table stops here, the note is reported
    [],
    ["备注：包3年另享7折，首年免开通费"],
]


def test_tier_table_is_read_and_other_notes_are_reported() -> None:
    found, issues = scan_rows(ROWS, "天翼云", "天翼云报价.xlsx", "报价")
    assert found == [
        Discount("天翼云", DiscountKind.VOLUME, 0.9, 1_000_000.0, TierMode.ABOVE),
        Discount("天翼云", DiscountKind.VOLUME, 0.85, 3_000_000.0, TierMode.ABOVE),
    ]
    read = [i for i in issues if "已识别总额阶梯表 2 行" in i.message]
    assert len(read) == 1 and read[0].row == 4
    unused = [i for i in issues if "未用于规划" in i.message]
    assert any("包3年另享7折" in i.value and i.row == 11 for i in unused)
    assert all(i.severity == "warning" for i in issues)
    assert all(i.message.en for i in issues)


def test_term_table_in_years() -> None:
    found, _ = scan_rows(
        [["签约年限", "折扣"], ["包1年", 0.8333], ["3年", "7折"]], "移动云", "f.csv"
    )
    assert found == [
        Discount("移动云", DiscountKind.TERM, 0.8333, 1.0),
        Discount("移动云", DiscountKind.TERM, 0.7, 3.0),
    ]


def test_a_plain_quote_has_no_discounts_and_no_notes() -> None:
    found, issues = scan_rows(
        [["资源池", "资源", "单价"], ["政务云", "vCPU", 500], ["注：以上价格含税"]], "x", "f"
    )
    assert found == [] and issues == []


def test_import_puts_the_tiers_on_the_discount_sheet(tmp_path: Path) -> None:
    raw = Path(__file__).parents[2] / "data" / "samples" / "raw"
    quote = tmp_path / "天翼云报价单.xlsx"
    from openpyxl import load_workbook

    wb = load_workbook(raw / "天翼云报价单.xlsx")
    ws = wb.worksheets[0]
    top = ws.max_row + 3
    for k, row in enumerate([["年度合同额", "折扣"], ["满100万", "9折"], ["300万", "85折"]]):
        for j, v in enumerate(row, start=1):
            ws.cell(row=top + k, column=j, value=v)
    wb.save(quote)
    others = [
        raw / f
        for f in (
            "移动云报价.csv",
            "联通云价格矩阵.xlsx",
            "华为云报价.xlsx",
            "浪潮云报价.csv",
            "阿里云报价.xlsx",
        )
    ]
    result = assemble(
        [quote, *others],
        raw / "信息系统清单.xlsx",
        raw / "约束.csv",
        raw / "平台清单.xlsx",
        mappings=MappingStore(None),
    )
    plain = assemble(
        [raw / "天翼云报价单.xlsx", *others],
        raw / "信息系统清单.xlsx",
        raw / "约束.csv",
        raw / "平台清单.xlsx",
        mappings=MappingStore(None),
    )
    assert result.input is not None and plain.input is not None, result.errors
    assert result.input.discounts == (
        Discount("天翼云", DiscountKind.VOLUME, 0.9, 1_000_000.0),
        Discount("天翼云", DiscountKind.VOLUME, 0.85, 3_000_000.0),
    )
    assert plain.input.discounts == ()
    assert result.input.prices == plain.input.prices  # the tier rows are not read as prices
