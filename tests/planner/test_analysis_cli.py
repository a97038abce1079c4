"""`yunce analyze` end to end, the 情景 sheet reader and the analysis sheets of the workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from data.scenarios import read_scenarios
from ui.cli import main

ISSUE_KEYS = {
    "plan",
    "lockin",
    "vendor_loss",
    "rule_prices",
    "tradeoffs",
    "relaxations",
    "scenarios",
}


def _small_workbook(
    path: Path, scenarios: list[list[object]] | None, policy: list[list[object]]
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "平台"
    ws.append(["供应商", "平台", "部署方式", "信创", "等保级别", "容量vCPU"])
    ws.append(["甲云", "私有", "私有云", "否", 3, None])
    ws.append(["乙云", "信创", "私有云", "是", 3, 12])
    ws.append(["丙云", "私有", "私有云", "否", 3, None])
    ws = wb.create_sheet("报价")
    ws.append(["供应商", "平台", "资源", "单价(元)", "计费周期"])
    for vendor, plat, f in (("甲云", "私有", 1.0), ("乙云", "信创", 1.3), ("丙云", "私有", 0.9)):
        for res, price in (
            ("vCPU", 600),
            ("内存", 120),
            ("存储", 5),
            ("等保二级安全服务", 30000),
            ("等保三级安全服务", 60000),
        ):
            ws.append([vendor, plat, res, price * f, "年"])
    ws = wb.create_sheet("业务系统")
    ws.append(
        [
            "系统名称",
            "部门",
            "vCPU",
            "内存GB",
            "存储GB",
            "数据分级",
            "等保级别",
            "现供应商",
            "现平台",
            "迁移费用",
        ]
    )
    for i in range(4):
        ws.append(
            [f"系统{i}", "局", 4 * (i + 1), 8, 100, "重要", 2 + i % 2, "甲云", "私有", 10000 * i]
        )
    ws = wb.create_sheet("约束")
    ws.append(["参数", "值"])
    for row in policy:
        ws.append(row)
    if scenarios is not None:
        ws = wb.create_sheet("情景")
        for row in scenarios:
            ws.append(row)
    wb.save(path)
    return path


def test_read_scenarios_headers_values_and_errors(tmp_path: Path) -> None:
    path = _small_workbook(
        tmp_path / "in.xlsx",
        [
            [
                "名称",
                "年度预算(万元)",
                "信创最低占比",
                "max_vendor_share",
                "最少供应商数",
                "备注栏",
            ],
            ["宽松", "不限", "10%", 0.8, 1, "x"],
            ["严格", 30, 0.25, None, 3, None],
            ["坏值", "很多", 1.5, "abc", 0, None],
            [None, 20, None, None, None, None],
            ["宽松", None, None, None, 2, None],
        ],
        [["信创最低占比", 0.2]],
    )
    scenarios, issues = read_scenarios(path)
    assert [s.name for s in scenarios] == ["宽松", "严格"]
    assert dict(scenarios[0].overrides) == {
        "budget_annual": None,
        "min_xinchuang_share": pytest.approx(0.1),
        "max_vendor_share": 0.8,
        "min_vendors": 1,
    }
    assert dict(scenarios[1].overrides) == {
        "budget_annual": 300000.0,
        "min_xinchuang_share": 0.25,
        "min_vendors": 3,
    }
    errors = [i for i in issues if i.severity == "error"]
    # row 4: four bad cells, each located; row 5: no name; row 6: duplicate name
    bad = {(i.row, i.column) for i in errors}
    assert {
        (4, "年度预算(万元)"),
        (4, "信创最低占比"),
        (4, "max_vendor_share"),
        (4, "最少供应商数"),
    } <= bad
    assert any(i.row == 5 and "名称" in i.message for i in errors)
    assert any(i.row == 6 and "重复" in i.message for i in errors)
    assert all(i.file == "in.xlsx" and i.sheet == "情景" for i in errors)
    assert any(i.severity == "warning" and i.column == "备注栏" for i in issues)
    assert "第 4 行" in errors[0].text()


def test_no_scenario_sheet(tmp_path: Path) -> None:
    path = _small_workbook(tmp_path / "in.xlsx", None, [])
    assert read_scenarios(path) == ([], [])


def test_cli_analyze_workbook_with_scenarios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _small_workbook(
        tmp_path / "in.xlsx",
        [["name", "min_vendors", "信创最低占比"], ["三家", 3, None], ["全信创", None, 1.0]],
        [["单一供应商最高占比", "60%"], ["信创最低占比", 0.2], ["最少供应商数", 2]],
    )
    out_json, out_xlsx = tmp_path / "a.json", tmp_path / "a.xlsx"
    code = main(["analyze", str(path), "--json", str(out_json), "-o", str(out_xlsx)])
    printed = capsys.readouterr().out
    assert code == 0
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert set(doc) >= ISSUE_KEYS
    names = [s["name"] for s in doc["scenarios"]]
    assert names == ["基准方案", "最低成本（无规则）", "三家", "全信创"]
    assert doc["scenarios"][3]["feasible"] is False  # 12 vCPU of 信创 capacity cannot host all
    assert "【情景对比】" in printed and "三家" in printed
    wb = load_workbook(out_xlsx)
    assert {"锁定风险", "情景对比"} <= set(wb.sheetnames)
    assert len(wb["情景对比"]._charts) == 3
    values = [c.value for row in wb["情景对比"].iter_rows() for c in row]
    assert "三家" in values


def test_cli_analyze_infeasible_exit_3_and_relaxations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _small_workbook(tmp_path / "in.xlsx", None, [["信创最低占比", 0.5]])
    out_xlsx = tmp_path / "a.xlsx"
    code = main(["analyze", str(path), "--json", "-", "-o", str(out_xlsx)])
    captured = capsys.readouterr()
    assert code == 3
    doc = json.loads(captured.out)
    assert doc["plan"]["status"] == "infeasible"
    relax = {r["rule"]: r["value"] for r in doc["relaxations"]}
    assert relax["capacity:乙云/信创"] == 20
    assert relax["min_xinchuang_share"] == pytest.approx(0.3)
    assert "最小放宽量" in captured.err and "【诊断】" in captured.err
    wb = load_workbook(out_xlsx)  # analysis sheets only: there is no plan
    assert wb.sheetnames == ["锁定风险", "情景对比"]


@pytest.mark.slow
def test_cli_analyze_sample_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["analyze", "--sample", "--json", "-"])
    captured = capsys.readouterr()
    assert code == 0
    doc = json.loads(captured.out)
    assert set(doc) >= ISSUE_KEYS
    assert doc["plan"]["status"] in ("optimal", "feasible")
    assert set(doc["lockin"]) >= {"max_vendor_share", "hhi", "vendors_used", "exit_cost"}
    assert 0 < doc["lockin"]["hhi"] <= 1
    assert {r["rule"] for r in doc["rule_prices"]} == {
        "min_xinchuang_share",
        "max_vendor_share",
        "min_vendors",
        "sensitive_data_private",
        "system_rule:0",
        "system_rule:1",  # the sample's two pinned systems (issue 13)
    }
    pins = [r for r in doc["rule_prices"] if r["rule"].startswith("system_rule:")]
    assert {r["name"] for r in pins} == {
        "固定 县政府门户网站 到 天翼云/市政务云x86专区",
        "固定 协同办公OA 到 移动云",
    }
    assert set(doc["tradeoffs"]) == {"max_vendor_share", "min_xinchuang_share", "min_vendors"}
    for v in doc["vendor_loss"]:
        assert set(v) >= {"vendor", "status", "total_annual_cost", "delta"}
    assert doc["scenarios"][0]["name"] == "基准方案"
    assert "【锁定风险】" in captured.err  # tables go to stderr when the JSON takes stdout
