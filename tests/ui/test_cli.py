"""The command line end to end: sample plan, both languages, every bad-input case, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from data.samples import sample_county
from data.writer import write_input_workbook
from ui.cli import main


@pytest.fixture(scope="module")
def sample():
    return sample_county()


@pytest.fixture()
def sample_zh(tmp_path, sample) -> Path:
    path = tmp_path / "county.xlsx"
    write_input_workbook(sample, path, lang="zh")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sample_plan_json_and_workbook(tmp_path, capsys, sample):
    out_xlsx = tmp_path / "plan.xlsx"
    code, out, err = run(capsys, "plan", "--sample", "-o", str(out_xlsx), "--json", "-")
    assert code == 0, err
    summary = json.loads(out)  # stdout is pure JSON when --json -
    assert set(summary) == {
        "status",
        "total_annual_cost",
        "budget_annual",
        "xinchuang_share",
        "vendor_shares",
        "vendors_used",
        "assignments",
        "diagnosis",
        "vendor_terms",  # the sample's 移动云 tier (issue 13)
        "procurement",  # its 采购项目 (issue 24)
        "procurement_notes",
    }
    assert summary["status"] == "optimal"
    assert summary["budget_annual"] == sample.policy.budget_annual
    assert summary["total_annual_cost"] <= sample.policy.budget_annual
    assert summary["xinchuang_share"] >= sample.policy.min_xinchuang_share - 1e-9
    assert max(summary["vendor_shares"].values()) <= sample.policy.max_vendor_share + 1e-9
    assert summary["vendors_used"] == len(summary["vendor_shares"]) >= sample.policy.min_vendors
    assert len(summary["assignments"]) == len(sample.workloads)
    assert {a["workload"] for a in summary["assignments"]} == {w.name for w in sample.workloads}
    terms = sum(t["adjustment"] for t in summary["vendor_terms"])
    assert terms < 0  # the 移动云 volume tier is reached
    assert abs(
        sum(a["annual_cost"] for a in summary["assignments"]) + terms - summary["total_annual_cost"]
    ) < 0.01 * (len(sample.workloads) + len(summary["vendor_terms"]))
    assert "年度总费用" in err  # the human summary goes to stderr when JSON takes stdout
    wb = openpyxl.load_workbook(out_xlsx)
    for name in ("total_annual_cost", "budget_annual", "xinchuang_share", "max_vendor_share"):
        assert name in wb.defined_names, name


def test_plan_from_chinese_and_english_workbooks_agree(tmp_path, capsys, sample):
    zh, en = tmp_path / "zh.xlsx", tmp_path / "en.xlsx"
    write_input_workbook(sample, zh, lang="zh")
    write_input_workbook(sample, en, lang="en")
    totals = []
    for path in (zh, en):
        code, out, err = run(capsys, "plan", str(path), "--json", "-")
        assert code == 0, err
        totals.append(json.loads(out)["total_annual_cost"])
    assert totals[0] == totals[1]
    wb = openpyxl.load_workbook(en)
    assert wb.sheetnames[:3] == ["platforms", "prices", "workloads"]


def test_cbc_gives_the_same_optimum(capsys):
    code1, out1, _ = run(capsys, "plan", "--sample", "--json", "-")
    code2, out2, _ = run(capsys, "plan", "--sample", "--json", "-", "--solver", "cbc")
    assert code1 == code2 == 0
    a, b = json.loads(out1)["total_annual_cost"], json.loads(out2)["total_annual_cost"]
    assert abs(a - b) <= 1e-6 * a + 0.01


def test_terminal_table_lists_every_system(capsys, sample):
    code, out, _ = run(capsys, "plan", "--sample")
    assert code == 0
    assert "信创 vCPU 占比" in out and "供应商占比" in out
    for w in sample.workloads:
        assert w.name in out


def test_json_file_written(tmp_path, capsys):
    target = tmp_path / "s.json"
    code, _, _ = run(capsys, "plan", "--sample", "--json", str(target))
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["status"] == "optimal"


def test_infeasible_budget_exit_3_with_min_budget(tmp_path, capsys, sample_zh):
    wb = openpyxl.load_workbook(sample_zh)
    ws = wb["约束"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "年度预算":
            row[1].value = 1_000_000
    wb.save(sample_zh)
    target = tmp_path / "s.json"
    code, out, err = run(
        capsys, "plan", str(sample_zh), "--json", str(target), "-o", str(tmp_path / "p.xlsx")
    )
    assert code == 3
    summary = json.loads(target.read_text(encoding="utf-8"))
    assert summary["status"] == "infeasible"
    assert summary["assignments"] == []
    assert any("年度预算" in d and "¥" in d for d in summary["diagnosis"])
    # issue 14: -o gets the 诊断 workbook instead of nothing (data/diagnosis_writer.py)
    assert (
        openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames[0] == "诊断" and "诊断工作簿" in err
    )
    assert "没有满足全部规则的方案" in out


def test_unplaceable_system_named_with_rule(tmp_path, capsys, sample_zh):
    wb = openpyxl.load_workbook(sample_zh)
    ws = wb["业务系统"]
    heads = [c.value for c in ws[1]]
    row = ws.max_row + 1
    values = {
        "系统名称": "涉密测试系统",
        "部门": "县保密局",
        "vCPU": 8,
        "内存GB": 16,
        "存储GB": 100,
        "数据分级": "核心",
        "等保级别": 4,
        "须信创": "是",
    }
    for j, h in enumerate(heads, start=1):
        for k, v in values.items():
            if h == k or str(h).startswith(k):
                ws.cell(row=row, column=j, value=v)
    wb.save(sample_zh)
    lp = tmp_path / "model.lp"
    code, out, err = run(capsys, "plan", str(sample_zh), "--json", "-", "--write-lp", str(lp))
    assert code == 3
    diag = json.loads(out)["diagnosis"]
    assert any("涉密测试系统" in d and "等保级别" in d for d in diag)
    # --write-lp: no model is built, and the user is told why no LP file appeared
    assert not lp.exists()
    assert f"未写出 LP 文件 {lp}" in err and "涉密测试系统" in err


# --- bad input: exit 2, file/sheet/row/column named, no traceback -----------------------------------
def _edit(path: Path, sheet: str, edits: dict[tuple[int, str], object]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    heads = {str(c.value).split("(")[0]: c.column for c in ws[1]}
    for (row, col), value in edits.items():
        ws.cell(row=row, column=heads[col], value=value)
    wb.save(path)


def _bad(capsys, path: Path) -> str:
    code, out, err = run(capsys, "plan", str(path))
    assert code == 2, out + err
    assert "Traceback" not in out + err
    return err


def test_not_an_xlsx(tmp_path, capsys):
    path = tmp_path / "quotes.xlsx"
    path.write_text("这不是 Excel 文件", encoding="utf-8")
    err = _bad(capsys, path)
    assert "quotes.xlsx" in err and "无法作为 Excel 工作簿打开" in err


def test_missing_file(tmp_path, capsys):
    err = _bad(capsys, tmp_path / "nope.xlsx")
    assert "nope.xlsx" in err and "不存在" in err


def test_missing_sheet_and_column(tmp_path, capsys, sample_zh):
    wb = openpyxl.load_workbook(sample_zh)
    del wb["报价"]
    ws = wb["业务系统"]
    ws.delete_cols(3)  # vCPU
    wb.save(sample_zh)
    err = _bad(capsys, sample_zh)
    assert "缺少工作表「报价」" in err
    assert "工作表「业务系统」" in err and "缺少必需的列「vCPU」" in err


def test_all_cell_problems_reported_at_once(capsys, sample_zh):
    _edit(
        sample_zh,
        "业务系统",
        {
            (2, "vCPU"): "十六",
            (3, "内存GB"): -8,
            (4, "数据分级"): "机密",
            (5, "等保级别"): 5,
            (6, "存储GB"): 1e12,
        },
    )
    _edit(sample_zh, "平台", {(2, "部署方式"): "混合云", (3, "信创"): "也许"})
    err = _bad(capsys, sample_zh)
    assert "第 2 行，列「vCPU(核)」：不是数字（值：十六）" in err
    assert "第 3 行，列「内存GB」：不能为负数" in err
    assert "第 4 行，列「数据分级」：无法识别的数据分级（值：机密）" in err
    assert "第 5 行，列「等保级别」：等保级别应为 1–4" in err
    assert "第 6 行，列「存储GB」：数值过大" in err
    assert "工作表「平台」，第 2 行，列「部署方式」" in err
    assert "工作表「平台」，第 3 行，列「信创」：无法识别的是/否值" in err
    assert err.count("[错误]") == 7


def test_duplicate_system_names(capsys, sample_zh, sample):
    _edit(sample_zh, "业务系统", {(3, "系统名称"): sample.workloads[0].name})
    err = _bad(capsys, sample_zh)
    assert "第 3 行，列「系统名称」：系统名称重复（第 2 行已有）" in err


def test_price_for_unknown_platform(capsys, sample_zh):
    _edit(sample_zh, "报价", {(2, "平台"): "不存在的资源池"})
    err = _bad(capsys, sample_zh)
    assert "工作表「报价」，第 2 行" in err and "平台表中没有这个供应商/平台" in err


def test_shares_outside_0_1(capsys, sample_zh):
    wb = openpyxl.load_workbook(sample_zh)
    ws = wb["约束"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "信创最低占比":
            row[1].value = 40
        if row[0].value == "单一供应商最高占比":
            row[1].value = "35%"  # accepted
    wb.save(sample_zh)
    err = _bad(capsys, sample_zh)
    assert "工作表「约束」" in err and "比例应在 0–1 之间（值：40）" in err
    assert err.count("[错误]") == 1


def test_empty_sheet(capsys, sample_zh):
    wb = openpyxl.load_workbook(sample_zh)
    ws = wb["业务系统"]
    ws.delete_rows(2, ws.max_row)
    wb.save(sample_zh)
    err = _bad(capsys, sample_zh)
    assert "工作表「业务系统」" in err and "没有数据行" in err


def test_completely_empty_sheet(capsys, sample_zh):
    wb = openpyxl.load_workbook(sample_zh)
    ws = wb["平台"]
    ws.delete_rows(1, ws.max_row)
    wb.save(sample_zh)
    err = _bad(capsys, sample_zh)
    assert "工作表「平台」" in err and "工作表为空" in err


def test_unknown_policy_key(capsys, sample_zh):
    wb = openpyxl.load_workbook(sample_zh)
    ws = wb["约束"]
    ws.append(["最大折扣", 0.5])
    wb.save(sample_zh)
    err = _bad(capsys, sample_zh)
    assert "未知的参数（值：最大折扣）" in err


def test_usage_without_input(capsys):
    code, _, err = run(capsys, "plan")
    assert code == 2 and "--sample" in err


def test_template_roundtrip(tmp_path, capsys):
    target = tmp_path / "template.xlsx"
    code, out, _ = run(capsys, "template", "-o", str(target))
    assert code == 0 and target.exists()
    wb = openpyxl.load_workbook(target)
    assert {"说明", "平台", "报价", "业务系统", "约束"} <= set(wb.sheetnames)
    assert wb["业务系统"].data_validations.dataValidation, "enumerated columns have drop-downs"
    # the blank template is itself a clear input error, not a crash
    err = _bad(capsys, target)
    assert "没有数据行" in err


def test_unwritable_output_keeps_old_file(tmp_path, capsys):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    locked_dir = tmp_path / "ro"
    locked_dir.mkdir()
    # a directory where the file should be: cannot be replaced
    code, _, err = run(capsys, "plan", "--sample", "-o", str(locked_dir))
    assert code == 2 and "无法写入" in err and "Traceback" not in err
    assert locked_dir.is_dir()
    code, _, err = run(capsys, "plan", "--sample", "-o", str(tmp_path / "missing" / "p.xlsx"))
    assert code == 2 and "不存在" in err
    assert target.read_bytes() == b"old"


def test_internal_error_exit_1_logs(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("YUNCE_LOG_DIR", str(tmp_path / "logs"))

    def boom(*a, **k):
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr("planner.optimize.solve", boom)
    code, _, err = run(capsys, "plan", "--sample")
    assert code == 1
    assert "内部错误" in err and "Traceback" not in err
    log = (tmp_path / "logs" / "yunce.log").read_text(encoding="utf-8")
    assert "synthetic failure" in log and "Traceback" in log


@pytest.mark.skipif(shutil.which("yunce") is None, reason="console script not installed")
def test_installed_console_script(tmp_path):
    proc = subprocess.run(
        ["yunce", "plan", "--sample", "-o", str(tmp_path / "plan.xlsx"), "--json", "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "optimal"
    assert (tmp_path / "plan.xlsx").exists()


def test_module_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "ui.cli", "plan", "--sample", "--json", "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "optimal"


# --- projects saved by the desktop app (.yunce) ------------------------------------------------
def _project(tmp_path, inp, name="county.yunce") -> Path:
    from data.project_file import project_from_input, write_project_file

    return write_project_file(tmp_path / name, project_from_input(inp))


def test_plan_reads_a_project_file(tmp_path, capsys, sample, sample_zh):
    code, out, err = run(capsys, "plan", str(sample_zh), "--json", "-")
    assert code == 0, err
    from_workbook = json.loads(out)
    out_xlsx = tmp_path / "plan.xlsx"
    code, out, err = run(
        capsys, "plan", str(_project(tmp_path, sample)), "--json", "-", "-o", str(out_xlsx)
    )
    assert code == 0, err
    from_project = json.loads(out)
    assert from_project["total_annual_cost"] == pytest.approx(from_workbook["total_annual_cost"])
    assert from_project["status"] == "optimal"
    assert out_xlsx.exists()


@pytest.mark.slow
def test_analyze_reads_a_project_file(tmp_path, capsys, sample):
    code, out, err = run(
        capsys,
        "analyze",
        str(_project(tmp_path, sample)),
        "--json",
        "-",
        "--sweep-time-limit",
        "0.5",
    )
    assert code == 0, err
    assert json.loads(out)["plan"]["status"] == "optimal"


def test_project_file_problems_named_like_in_the_app(tmp_path, capsys, sample):
    from data.project_file import project_from_input, write_project_file

    data = project_from_input(sample)
    table = data["tables"]["workloads"]
    table["rows"][1][table["columns"].index("vcpu")] = "十六核"
    path = write_project_file(tmp_path / "bad.yunce", data)
    code, _out, err = run(capsys, "plan", str(path))
    assert code == 2
    assert "bad.yunce" in err and "第 3 行" in err and "不是数字" in err, (
        err
    )  # 2nd system: row 3, as in the app


def test_damaged_project_file_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "broken.yunce"
    path.write_bytes(b"not a zip")
    code, _out, err = run(capsys, "plan", str(path))
    assert code == 2
    assert "broken.yunce" in err and "已损坏或不是云策项目文件" in err and "Traceback" not in err


@pytest.mark.slow
def test_analyze_a_year_plan(tmp_path, capsys):
    """Issue 12: `yunce analyze` on a year-plan input prices the rules and vendors over the
    horizon (present values) instead of analysing a single year."""
    from data.samples import sample_county_years
    from planner.optimize import solve

    rc = main(["analyze", "--sample-years", "--json", "-", "-o", str(tmp_path / "years.xlsx")])
    out = capsys.readouterr()
    assert rc == 0
    data = json.loads(out.out)
    plan = solve(sample_county_years())
    assert data["plan"]["total_cost"] == pytest.approx(plan.total_cost, abs=0.01)
    assert [y["year"] for y in data["plan"]["years"]] == [2026, 2027, 2028]
    prices = {r["rule"]: r for r in data["rule_prices"]}
    # the README figure: without the rising 信创 targets the three years cost ¥3,607,621 less
    assert prices["year_xinchuang_share"]["saving"] == pytest.approx(3_607_621, abs=1)
    # budgets aside, every vendor the plan uses gets a figure or "no plan" (a contract, the rules)
    assert {v["vendor"] for v in data["vendor_loss"]} == {
        a["vendor"] for a in data["plan"]["assignments"]
    }
    assert any(v["present_value"] is not None for v in data["vendor_loss"])
    assert "规则代价" in out.err and (tmp_path / "years.xlsx").exists()
