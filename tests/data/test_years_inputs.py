"""Multi-year inputs of the canonical workbook: 年度计划 sheet, per-system year columns, price windows."""

from __future__ import annotations

import openpyxl
import pytest

from data.workbook import InputError, read_workbook
from data.writer import write_input_workbook, write_template
from planner.model import YearRow, YearsSpec
from tests.data.test_workbook_reader import MIXED, _write

YEARS_MIXED = {
    **MIXED,
    "报价": [
        ["资源", "供应商", "平台", "单价(万元)", "计费周期", "生效年份", "失效年份", "年度调价(%)"],
        ["vCPU", "华为云", "鲲鹏专区", 0.06, "包年", 2027, None, "-5%"],
        ["security_l3", "华为云", "鲲鹏专区", 5, "年", None, 2028, -0.1],
        ["内存", "联通云", "互联网区", "0.001", "月", None, None, -3],
        ["cpu", "联通云", "互联网区", "0.0045", "month", None, None, None],
        ["等保二级安全服务", "联通云", "互联网区", 1.2, "year", None, None, None],
    ],
    "workloads": [
        [
            "系统名称",
            "vcpu",
            "RAM_GB",
            "storage_gb",
            "data_class",
            "等保级别",
            "合同到期年份",
            "最早上云年份",
            "保持不动",
            "下线年份",
        ],
        ["不动产登记", 40, 0, 0, "重要", "第三级", 2027, None, "否", None],
        ["门户网站", 8, 16, 0, "public", 2, None, 2028, None, 2030],
        ["档案", 2, 4, 0, "public", 2, None, None, "是", None],
    ],
    "约束": [["参数", "值"], ["年度预算(万元)", 500], ["折现率", "3%"], ["允许多次迁移", "是"]],
    "年度计划": [
        ["年份", "年度预算(万元)", "信创最低占比", "最多迁移系统数", "最多迁移vCPU"],
        [2027, 300, "50%", 2, None],
        [2026, None, 0.3, None, 40],
        [2028, 400, "100%", None, None],
    ],
}


def test_years_sheet_and_columns_are_read(tmp_path):
    path = tmp_path / "years.xlsx"
    _write(path, YEARS_MIXED)
    inp = read_workbook(path)
    assert inp.years == YearsSpec(
        (
            YearRow(2026, None, 0.3, None, 40.0),
            YearRow(2027, 3_000_000.0, 0.5, 2, None),
            YearRow(2028, 4_000_000.0, 1.0, None, None),
        ),
        discount_rate=0.03,
        allow_multiple_moves=True,
    )
    by = {(p.vendor, p.resource): p for p in inp.prices}
    assert (by[("华为云", "vcpu")].valid_from, by[("华为云", "vcpu")].valid_to) == (2027, None)
    assert by[("华为云", "vcpu")].yearly_change == pytest.approx(-0.05)
    assert by[("华为云", "security_l3")].valid_to == 2028
    assert by[("华为云", "security_l3")].yearly_change == pytest.approx(-0.1)  # a %-formatted cell
    assert by[("联通云", "ram_gb")].yearly_change == pytest.approx(-0.03)  # -3 under a (%) header
    assert by[("联通云", "vcpu")].yearly_change == 0.0
    w1, w2, w3 = inp.workloads
    assert (w1.contract_end_year, w1.earliest_year, w1.keep_in_place, w1.retire_year) == (
        2027,
        None,
        False,
        None,
    )
    assert (w2.contract_end_year, w2.earliest_year, w2.keep_in_place, w2.retire_year) == (
        None,
        2028,
        False,
        2030,
    )
    assert w3.keep_in_place is True


def test_without_year_inputs_nothing_changes(tmp_path):
    path = tmp_path / "plain.xlsx"
    _write(path, MIXED)
    inp = read_workbook(path)
    assert inp.years is None
    assert all((p.valid_from, p.valid_to, p.yearly_change) == (None, None, 0.0) for p in inp.prices)
    assert all(
        (w.contract_end_year, w.earliest_year, w.keep_in_place, w.retire_year)
        == (None, None, False, None)
        for w in inp.workloads
    )


def test_header_only_years_sheet_means_single_year(tmp_path):
    path = tmp_path / "empty_years.xlsx"
    _write(path, {**MIXED, "年度计划": [["年份", "年度预算(元)"]]})
    assert read_workbook(path).years is None


@pytest.mark.parametrize(
    ("rows", "column", "message"),
    [
        ([["年份"], [2026], [2028]], "年份", "年份不连续"),
        ([["年份"], [2026], [2026]], "年份", "年份重复"),
        ([["年份"], ["明年"]], "年份", "不是年份"),
        ([["年份", "信创最低占比"], [2026, "120%"]], "信创最低占比", "比例应在 0–1 之间"),
    ],
)
def test_bad_years_rows_name_sheet_row_and_column(tmp_path, rows, column, message):
    path = tmp_path / "bad.xlsx"
    _write(path, {**MIXED, "年度计划": rows})
    with pytest.raises(InputError) as err:
        read_workbook(path)
    issue = next(i for i in err.value.issues if i.severity == "error")
    assert (issue.sheet, issue.column) == ("年度计划", column)
    assert message in issue.text("zh")
    assert issue.row is not None and issue.row >= 2


def test_price_window_backwards_is_an_error(tmp_path):
    path = tmp_path / "bad_window.xlsx"
    sheets = dict(YEARS_MIXED)
    sheets["报价"] = [
        YEARS_MIXED["报价"][0],
        ["vCPU", "华为云", "鲲鹏专区", 0.06, "包年", 2028, 2027, None],
    ]
    with pytest.raises(InputError) as err:
        read_workbook(path) if _write(path, sheets) is None else None
    assert any("失效年份早于生效年份" in i.text("zh") and i.row == 2 for i in err.value.issues)


def test_a_resource_priced_again_for_later_years(tmp_path):
    # 华为云's vCPU: 600 元 a year to 2026, a new contract price of 500 from 2027 — two lines, one resource
    path = tmp_path / "windows.xlsx"
    sheets = dict(YEARS_MIXED)
    head, *rest = YEARS_MIXED["报价"]
    sheets["报价"] = [
        head,
        ["vCPU", "华为云", "鲲鹏专区", 0.06, "包年", None, 2026, None],
        ["vCPU", "华为云", "鲲鹏专区", 0.05, "包年", 2027, None, None],
        *rest[1:],
    ]
    _write(path, sheets)
    inp = read_workbook(path)
    lines = sorted(
        (p.valid_from or 0, p.valid_to, p.unit_price)
        for p in inp.prices
        if (p.vendor, p.resource) == ("华为云", "vcpu")
    )
    assert lines == [(0, 2026, 600.0), (2027, None, 500.0)]
    from planner.costing import prices_in_year

    for year, price in ((2026, 600.0), (2027, 500.0), (2028, 500.0)):
        held = [
            q
            for q in prices_in_year(inp.prices, year, 2026)
            if (q.vendor, q.resource) == ("华为云", "vcpu")
        ]
        assert [q.unit_price for q in held] == [price]
    # windows that share a year are still a duplicate, named by row
    sheets["报价"] = [
        head,
        ["vCPU", "华为云", "鲲鹏专区", 0.06, "包年", None, 2027, None],
        ["vCPU", "华为云", "鲲鹏专区", 0.05, "包年", 2027, None, None],
        *rest[1:],
    ]
    _write(path, sheets)
    with pytest.raises(InputError) as err:
        read_workbook(path)
    assert any(
        "同一平台同一资源重复报价（第 2 行已有）" in i.text("zh") and i.row == 3
        for i in err.value.issues
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_years_round_trip(tmp_path, lang):
    path = tmp_path / "years.xlsx"
    _write(path, YEARS_MIXED)
    inp = read_workbook(path)
    out = tmp_path / f"rt_{lang}.xlsx"
    write_input_workbook(inp, out, lang=lang)
    back = read_workbook(out)
    assert back.years == inp.years
    assert back.prices == inp.prices
    assert back.workloads == inp.workloads


def test_template_has_the_years_sheet_and_columns(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert "年度计划" in wb.sheetnames
    heads = [c.value for c in wb["年度计划"][1]]
    assert heads[:3] == ["年份(年)", "年度预算(元)", "信创最低占比"]
    wl_heads = [c.value for c in wb["业务系统"][1]]
    assert {"合同到期年份(年)", "最早上云年份(年)", "保持不动", "下线年份(年)"} <= set(wl_heads)
