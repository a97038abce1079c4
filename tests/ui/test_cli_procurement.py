"""`yunce plan` and the 采购项目: the JSON contract's `procurement` key and the printed lots."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from data.samples import sample_county
from data.writer import write_input_workbook
from planner.model import ProcurementStandards
from ui.cli import main

LOT_KEYS = {"lot", "vendor", "year", "amount", "method", "organisation", "reason"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_procurement_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "--sample", "--json", "-")
    assert code == 0, err
    doc = json.loads(out)
    lots = doc["procurement"]
    assert lots and all(LOT_KEYS <= set(x) for x in lots)
    assert {x["method"] for x in lots} <= {
        "public_tender",
        "competitive_consultation",
        "not_government_procurement",
    }
    # one cloud lot per vendor used, its amount the vendor's bill less the one-time costs
    cloud = {x["vendor"]: x for x in lots if x["kind"] == "cloud"}
    assert set(cloud) == set(doc["vendor_shares"])
    one_time = sum(x["amount"] for x in lots if x["kind"] == "migration") / 3  # 规划年限 3
    assert sum(x["amount"] for x in cloud.values()) + one_time == pytest.approx(
        doc["total_annual_cost"], abs=0.05
    )
    for x in cloud.values():
        a = x["amount"]
        assert x["method"] == (
            "public_tender"
            if a >= 2_000_000
            else "competitive_consultation"
            if a >= 300_000
            else "not_government_procurement"
        )
    assert any("全国指引下限" in n for n in doc["procurement_notes"])
    assert any("化整为零" in n for n in doc["procurement_notes"])
    assert "采购项目" in err and "化整为零" in err  # printed after the plan (stderr with --json -)


def test_json_follows_the_workbooks_standards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    std = ProcurementStandards(
        decentralized_limit=1_000_000.0,
        tender_threshold=1_100_000.0,
        contract_years=1,
        fiscal_year=2027,
        quarter=3,
        defaults=False,
    )
    path = tmp_path / "county.xlsx"
    write_input_workbook(replace(sample_county(), procurement=std), path)
    code, out, err = run(capsys, "plan", str(path), "--json", "-")
    assert code == 0, err
    lots = json.loads(out)["procurement"]
    assert {x["year"] for x in lots} == {2027} and {x["quarter"] for x in lots} == {3}
    for x in lots:
        a = x["amount"]
        want = (
            "public_tender"
            if a >= 1_100_000
            else "competitive_consultation"
            if a >= 1e6
            else ("not_government_procurement")
        )
        assert x["method"] == want, x
        assert x["intention_deadline"] == "2027-06-01"  # 30 days before 1 July
    assert not any("全国指引下限" in n for n in json.loads(out)["procurement_notes"])


def test_infeasible_has_no_lots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inp = sample_county()
    path = tmp_path / "tight.xlsx"
    write_input_workbook(replace(inp, policy=replace(inp.policy, budget_annual=1000.0)), path)
    code, out, _ = run(capsys, "plan", str(path), "--json", "-")
    assert code == 3
    doc = json.loads(out)
    assert doc["procurement"] == [] and doc["procurement_notes"] == []


def test_year_plan_json_has_lots_per_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "--sample-years", "--json", "-")
    assert code == 0, err
    doc = json.loads(out)
    years = {y["year"] for y in doc["years"]}
    assert {x["year"] for x in doc["procurement"]} == years
    for y in doc["years"]:
        cloud = [x for x in doc["procurement"] if x["year"] == y["year"] and x["kind"] == "cloud"]
        assert {x["vendor"] for x in cloud} == set(y["vendor_shares"])


def test_a_projects_lot_merges_are_the_lots_of_yunce_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The merges made on the app's 导出 page and saved in the .yunce file are the lots the
    command line lists, puts in the JSON and writes to the workbook."""
    import openpyxl

    from data.procurement_sheets import C_METHOD, C_NAME, HEAD_ROW
    from data.project_file import project_from_input, write_project_file

    code, out, err = run(capsys, "plan", "--sample", "--json", "-")
    assert code == 0, err
    plain = json.loads(out)["procurement"]
    cloud = [x["key"] for x in plain if x["kind"] == "cloud"]
    assert len(cloud) == 4
    assert all(x["method"] != "public_tender" for x in plain if x["kind"] == "cloud")
    data = project_from_input(sample_county(), "示例县")
    data["manifest"]["lot_merges"] = [
        cloud,
        ["cloud:2026:不存在的供应商", cloud[0]],
    ]  # one it cannot keep
    project = write_project_file(tmp_path / "示例县.yunce", data)
    book = tmp_path / "方案.xlsx"
    code, out, err = run(capsys, "plan", str(project), "--json", "-", "-o", str(book))
    assert code == 0, err
    doc = json.loads(out[: out.rindex("}") + 1])
    lots = doc["procurement"]
    merged = [x for x in lots if x["kind"] == "cloud"]
    assert len(merged) == 1 and len(merged[0]["packages"]) == 4
    assert merged[0]["method"] == "public_tender"  # the total reaches the tender threshold
    assert merged[0]["amount"] == pytest.approx(
        sum(x["amount"] for x in plain if x["key"] in cloud)
    )
    ws = openpyxl.load_workbook(book, data_only=True)["采购实施计划"]
    assert "分4包" in ws.cell(HEAD_ROW + 1, C_NAME).value
    assert ws.cell(HEAD_ROW + 1, C_METHOD).value == "公开招标"
