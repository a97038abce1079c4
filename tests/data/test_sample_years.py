"""The sample county's 3-year plan (2026–2028): the rising 信创 target and the contract expiry both
bite, and `yunce plan --sample-years` prints, exports and writes JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from data.samples import sample_county, sample_county_years
from planner.model import SolveStatus
from planner.optimize import solve
from ui.cli import main


@pytest.fixture(scope="module")
def inp():
    return sample_county_years()


@pytest.fixture(scope="module")
def plan(inp):
    return solve(inp)


def test_sample_years_shape(inp) -> None:
    assert [r.year for r in inp.years.years] == [2026, 2027, 2028]
    assert [r.min_xinchuang_share for r in inp.years.years] == [0.35, 0.5, 0.7]
    assert sample_county().years is None  # the single-year sample is unchanged


def test_rising_target_bites(inp, plan) -> None:
    assert plan.status is SolveStatus.OPTIMAL
    # 2028's 70% binds: the plan sits on it, and a flat 35% target would be cheaper
    assert plan.year_xinchuang_share(2) == pytest.approx(0.70, abs=0.01)
    flat = replace(
        inp,
        years=replace(
            inp.years, years=tuple(replace(r, min_xinchuang_share=0.35) for r in inp.years.years)
        ),
    )
    assert solve(flat).total_cost < plan.total_cost - 100_000


def test_contract_expiry_bites(inp, plan) -> None:
    bound = {w.name for w in inp.workloads if w.contract_end_year == 2027}
    assert bound
    # every bound system stays on its platform in 2026; the 信创-required ones move in 2027 exactly
    assert not any(m.workload.name in bound for m in plan.moves[0])
    moved_2027 = {m.workload.name for m in plan.moves[1]}
    assert {"协同办公OA", "党建信息平台"} <= moved_2027 & bound


def test_cli_sample_years_prints_exports_and_json(tmp_path, capsys, plan) -> None:
    out_xlsx = tmp_path / "years.xlsx"
    code = main(["plan", "--sample-years", "-o", str(out_xlsx), "--json", "-"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    doc = json.loads(captured.out)
    assert [y["year"] for y in doc["years"]] == [2026, 2027, 2028]
    assert doc["total_cost"] == pytest.approx(plan.total_cost, abs=0.01)
    assert {a["year"] for a in doc["assignments"]} == {2026, 2027, 2028}
    assert "2027 年迁移批次" in captured.err
    wb = openpyxl.load_workbook(out_xlsx)
    assert {"概览", "分年计划", "迁移批次", "约束核查"} <= set(wb.sheetnames)


def test_readme_figures(inp, plan) -> None:
    """The numbers README quotes for the sample's 3-year plan."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for cost in plan.year_costs:
        assert f"¥{cost:,.2f}" in readme
    tight = replace(
        inp,
        years=replace(
            inp.years,
            years=tuple(
                replace(r, budget=3_600_000.0) if r.year == 2027 else r for r in inp.years.years
            ),
        ),
    )
    diag = solve(tight).diagnosis
    for line in (
        "2027 年 信创目标 50.0% 需要 ¥3,654,196.72 预算，比 2027 年度预算多 ¥54,196.72",
        "2028 年 信创目标 70.0% 达不到：其他规则不变时最多 65.5%",
    ):
        assert line in diag
        assert line.replace("，\n", "，") in readme.replace("，\n", "，")


def test_cli_write_lp_writes_the_whole_year_model(tmp_path, plan) -> None:
    import highspy

    from planner.solvers import make_highs

    lp = tmp_path / "years.lp"
    assert main(["plan", "--sample-years", "--write-lp", str(lp)]) == 0
    h = make_highs(1e-9)
    h.readModel(str(lp))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    # the LP file is the year model with every row: its optimum is the plan's present value
    assert h.getInfo().objective_function_value == pytest.approx(plan.present_value, rel=1e-6)
