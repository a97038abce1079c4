"""The canonical workbook reader: headers and values in Chinese or English, units, column order."""

from __future__ import annotations

import openpyxl
import pytest

from data.samples import sample_county
from data.workbook import InputError, read_workbook
from data.writer import write_input_workbook
from planner.model import DataClass, Deployment, Period, Policy


def _write(path, sheets: dict[str, list[list[object]]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)


MIXED = {
    # English sheet names, shuffled columns, units in brackets (full-width too), English/Chinese values
    "platforms": [
        ["mlps_level", "Platform", "VENDOR", "部署方式", "信创", "容量（vCPU）"],
        [3, "鲲鹏专区", "华为云", "政务私有云", "√", 100],
        ["二级", "互联网区", "联通云", "public", "no", None],
    ],
    "报价": [
        ["资源", "供应商", "平台", "单价(万元)", "计费周期"],
        ["vCPU", "华为云", "鲲鹏专区", 0.06, "包年"],
        ["security_l3", "华为云", "鲲鹏专区", 5, "年"],
        ["内存", "联通云", "互联网区", "0.001", "月"],
        ["cpu", "联通云", "互联网区", "0.0045", "month"],
        ["等保二级安全服务", "联通云", "互联网区", 1.2, "year"],
    ],
    "workloads": [
        [
            "系统名称",
            "vcpu",
            "RAM_GB",
            "storage_gb",
            "data_class",
            "等保级别",
            "须信创",
            "迁移费用(元)",
        ],
        ["不动产登记", 40, 0, 0, "重要", "第三级", "是", "¥120,000"],
        ["门户网站", 8, 16, 0, "public", 2, "0", None],
    ],
    "约束": [
        ["参数", "值"],
        ["年度预算(万元)", 500],
        ["min_xinchuang_share", "40%"],
        ["单一供应商最高占比", 0.6],
        ["规划年限", 5],
    ],
}


def test_mixed_language_headers_units_and_values(tmp_path):
    path = tmp_path / "mixed.xlsx"
    _write(path, MIXED)
    inp = read_workbook(path)
    hw, lt = inp.platforms
    assert (hw.vendor, hw.name, hw.deployment, hw.xinchuang, hw.mlps_level, hw.capacity_vcpu) == (
        "华为云",
        "鲲鹏专区",
        Deployment.PRIVATE,
        True,
        3,
        100,
    )
    assert (lt.deployment, lt.xinchuang, lt.mlps_level, lt.capacity_vcpu) == (
        Deployment.PUBLIC,
        False,
        2,
        None,
    )
    by = {(p.vendor, p.resource): p for p in inp.prices}
    assert by[("华为云", "vcpu")].unit_price == pytest.approx(600.0)  # 0.06 万元
    assert by[("华为云", "security_l3")].unit_price == pytest.approx(50_000.0)
    assert by[("联通云", "ram_gb")].period is Period.MONTH
    assert by[("联通云", "ram_gb")].annual_price == pytest.approx(120.0)  # 10 元/月 × 12
    w1, w2 = inp.workloads
    assert (w1.data_class, w1.mlps_level, w1.xinchuang_required, w1.migration_cost) == (
        DataClass.IMPORTANT,
        3,
        True,
        120_000.0,
    )
    assert (w2.data_class, w2.storage_gb, w2.xinchuang_required, w2.bandwidth_mbps) == (
        DataClass.PUBLIC,
        0,
        False,
        0,
    )
    pol = inp.policy
    assert (
        pol.budget_annual,
        pol.min_xinchuang_share,
        pol.max_vendor_share,
        pol.horizon_years,
        pol.min_vendors,
    ) == (5_000_000.0, 0.4, 0.6, 5.0, 1)


def test_policy_sheet_is_optional_defaults_apply(tmp_path):
    path = tmp_path / "nopolicy.xlsx"
    _write(path, {k: v for k, v in MIXED.items() if k != "约束"})
    pol = read_workbook(path).policy
    assert (
        pol.budget_annual,
        pol.horizon_years,
        pol.min_xinchuang_share,
        pol.max_vendor_share,
        pol.min_vendors,
    ) == (None, 3.0, 0.0, 1.0, 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_round_trip(tmp_path, lang):
    inp = sample_county()
    path = tmp_path / f"rt_{lang}.xlsx"
    write_input_workbook(inp, path, lang=lang)
    back = read_workbook(path)
    assert back.platforms == inp.platforms
    assert back.prices == inp.prices
    assert back.workloads == inp.workloads
    assert back.policy == inp.policy


def test_sample_county_shape():
    inp = sample_county()
    assert 30 <= len(inp.workloads) <= 50
    assert 5 <= len(inp.vendors) <= 6
    assert 10 <= len(inp.platforms) <= 15
    assert any(p.xinchuang for p in inp.platforms) and any(not p.xinchuang for p in inp.platforms)
    assert {p.deployment for p in inp.platforms} == {Deployment.PRIVATE, Deployment.PUBLIC}


def test_warning_for_unknown_current_platform_does_not_block(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MIXED.items()}
    sheets["workloads"][0] += ["现供应商", "现平台"]
    sheets["workloads"][1] += ["电信", "旧机房"]
    path = tmp_path / "w.xlsx"
    _write(path, sheets)
    warnings: list = []
    inp = read_workbook(path, warnings)
    assert inp.workloads[0].current_key == ("电信", "旧机房")
    assert (
        len(warnings) == 1
        and warnings[0].severity == "warning"
        and "现平台不在平台表中" in warnings[0].text()
    )


def test_text_in_number_reports_cell(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MIXED.items()}
    sheets["报价"][2][3] = "面议"
    path = tmp_path / "bad.xlsx"
    _write(path, sheets)
    with pytest.raises(InputError) as err:
        read_workbook(path)
    (issue,) = err.value.issues
    assert (issue.sheet, issue.row, issue.column, issue.value) == ("报价", 3, "单价(万元)", "面议")
    assert "不是数字" in issue.message and issue.hint


# --- issue 14, dead end 1: one bad rule cell keeps the other rules -------------------------------
def _policy_sheets(budget: object) -> dict[str, list[list[object]]]:
    sheets = {k: [list(r) for r in v] for k, v in MIXED.items()}
    sheets["约束"] = [
        ["参数", "值"],
        ["年度预算", budget],
        ["信创最低占比", "40%"],
        ["单一供应商最高占比", 0.6],
        ["最少供应商数", 2],
        ["规划年限", 5],
    ]
    return sheets


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        ("四百八十万", 4_800_000.0),
        ("483万", 4_830_000.0),
        ("4,830,000元", 4_830_000.0),
        ("480万元", 4_800_000.0),
        ("1.2亿", 120_000_000.0),
        ("¥4,830,000", 4_830_000.0),
    ],
)
def test_budget_in_chinese_money_spellings(tmp_path, budget, expected):
    path = tmp_path / "money.xlsx"
    _write(path, _policy_sheets(budget))
    assert read_workbook(path).policy.budget_annual == expected


def test_one_bad_rule_cell_keeps_every_other_rule(tmp_path):
    from data.workbook import read_policy, read_tables

    path = tmp_path / "badbudget.xlsx"
    _write(path, _policy_sheets("约480万"))
    tables, _ = read_tables(path)
    read = read_policy(tables["policy"], path.name)
    assert read.invalid == {"budget_annual"}
    assert read.values == {
        "min_xinchuang_share": 0.4,
        "max_vendor_share": 0.6,
        "min_vendors": 2,
        "horizon_years": 5.0,
    }
    pol = read.policy  # the valid rules survive; only the bad one falls back
    assert (
        pol.budget_annual,
        pol.min_xinchuang_share,
        pol.max_vendor_share,
        pol.min_vendors,
        pol.horizon_years,
    ) == (None, 0.4, 0.6, 2, 5.0)
    (issue,) = read.issues
    assert (issue.file, issue.sheet, issue.row, issue.key, issue.value) == (
        path.name,
        "约束",
        2,
        "budget_annual",
        "约480万",
    )
    assert "约数" in issue.message and "4800000" in issue.hint
    assert "approximate" in issue.text("en") and "How to fix" in issue.text("en")
    with pytest.raises(InputError) as err:  # planning is still blocked until the budget is fixed
        read_workbook(path)
    assert [i.key for i in err.value.issues if i.severity == "error"] == ["budget_annual"]


# --- issue 14, dead end 7: a renamed header is one error, not a flood ---------------------------
def test_renamed_header_is_reported_once_with_a_suggestion(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MIXED.items()}
    sheets["workloads"][0][0] = "系统名"  # was 系统名称
    sheets["workloads"] += [[f"系统{i}", 4, 8, 100, "一般", 2, "否", 0] for i in range(40)]
    path = tmp_path / "renamed.xlsx"
    _write(path, sheets)
    with pytest.raises(InputError) as err:
        read_workbook(path)
    issues = err.value.issues
    assert len(issues) == 1, [i.text() for i in issues]
    (issue,) = issues
    assert (issue.sheet, issue.row, issue.column, issue.key) == ("workloads", 1, "系统名", "name")
    assert "是否就是「系统名称」" in issue.message and "改为「系统名称」" in issue.hint
    assert "did you mean '系统名称'?" in issue.text("en")


def test_missing_column_without_a_lookalike_still_one_error(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MIXED.items()}
    sheets["workloads"] = [
        [c for j, c in enumerate(r) if j != 3] for r in sheets["workloads"]
    ]  # drop storage_gb
    path = tmp_path / "nostorage.xlsx"
    _write(path, sheets)
    with pytest.raises(InputError) as err:
        read_workbook(path)
    assert [i.key for i in err.value.issues] == ["storage_gb"]
    assert "缺少必需的列「存储GB」" in err.value.issues[0].message


def test_repeated_identical_errors_are_grouped(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in MIXED.items()}
    sheets["workloads"] += [
        [f"系统{i}", 4, 8, 100, "一般", 2, "也许", 0] for i in range(6)
    ]  # rows 4–9
    sheets["workloads"] += [["另一个", 4, 8, 100, "一般", 2, "也许", 0]]  # row 10
    sheets["workloads"] += [
        ["再一个", 4, 8, 100, "一般", 2, "不知道", 0]
    ]  # row 11: a different value
    path = tmp_path / "grouped.xlsx"
    _write(path, sheets)
    with pytest.raises(InputError) as err:
        read_workbook(path)
    texts = [i.text() for i in err.value.issues]
    assert len(texts) == 2, texts
    assert "第 4–10 行（共 7 行）" in texts[0] and "也许" in texts[0]
    assert "rows 4–10 (7 rows)" in err.value.issues[0].text("en")
    assert "第 11 行" in texts[1] and "不知道" in texts[1]


def test_template_headers_have_no_doubled_unit_and_chinese_types(tmp_path):
    from data.writer import write_template

    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    headers = [c.value for c in wb["业务系统"][1]]
    assert "内存GB" in headers and "存储GB" in headers
    assert not any(h and ("GB(GB)" in h or "Mbps(Mbps)" in h) for h in headers)
    types = {row[3] for row in wb["说明"].iter_rows(min_row=7, values_only=True) if row[3]}
    assert types <= {"文本", "数字", "整数", "是/否", "比例", "百分比", "选项"}, types
    policy_names = [r[0] for r in wb["约束"].iter_rows(min_row=2, values_only=True)]
    assert "年度预算" in policy_names and "budget_annual" not in policy_names


def test_data_layer_follows_the_rule_registry():
    """Adding a rule to planner/rules.py reaches the 约束 sheet, the reader and the plan workbook."""
    from data.plan_writer import IN_POLICY_ROW
    from data.schema import sheet_columns
    from data.workbook import YEAR_POLICY_KEYS, PolicyRead
    from planner.rules import POLICY_RULES, USER_RULE_KEYS

    # the two multi-year settings (折现率, 允许多次迁移) live on PlanInput.years, not on Policy
    assert (
        tuple(c.key for c in sheet_columns("policy") if c.key not in YEAR_POLICY_KEYS)
        == USER_RULE_KEYS
    )
    assert list(IN_POLICY_ROW) == [r.key for r in POLICY_RULES]
    assert PolicyRead({}, frozenset(), []).policy == Policy()
