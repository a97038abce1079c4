"""The year-by-year diagnosis on hand-computed cases (platforms and system as test_years_rules)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_years_rules import A, B, instance, system

from planner.diagnose import relaxed_year
from planner.model import Policy, SolveStatus, YearRow
from planner.optimize import solve

RISING = (
    YearRow(2026),
    YearRow(2027, min_xinchuang_share=1.0),
    YearRow(2028, min_xinchuang_share=1.0),
)


def budgeted(inp, budget: float):  # type: ignore[no-untyped-def]
    return replace(inp, policy=replace(inp.policy, budget_annual=budget))


def test_rising_target_needs_more_budget_in_its_year() -> None:
    # contract to 2027: the move onto 信创 must happen in 2027 and costs 1,500 + 300 + 200 that year
    inp = budgeted(instance(system(contract_end_year=2027), rows=RISING), 1500.0)
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE
    diag = plan.infeasibility
    assert diag.infeasible_years == [2027]
    f = diag.finding(2027, "year_budget")
    assert (f.current, f.least) == (1500.0, 2000.0)
    assert (
        "2027 年 信创目标 100.0% 需要 ¥2,000.00 预算，比 2027 年度预算多 ¥500.00" in plan.diagnosis
    )
    assert f.message.en.startswith("In 2027 the 信创 target of 100.0% needs a budget of ¥2,000.00")
    # the figure is exact: that budget in 2027 admits a plan, a fen less does not
    assert solve(relaxed_year(inp, 2027, budget=2000.0)).has_solution
    assert not solve(relaxed_year(inp, 2027, budget=1999.99), diagnose=False).has_solution


def test_years_that_are_feasible_alone_but_not_together() -> None:
    # no contract: moving in 2026 would do, but 2026's budget is too small for the move as well
    inp = budgeted(instance(system(), rows=RISING), 1500.0)
    diag = solve(inp).infeasibility
    assert diag.infeasible_years == []
    assert "每一年单独看都可行" in diag.messages[0]
    assert diag.finding(2026, "year_budget").least == 2000.0
    assert diag.finding(2027, "year_budget").least == 2000.0


def test_target_that_cannot_be_reached_and_move_caps() -> None:
    # a system kept on A: at most 10 of 20 vCPU can be on 信创
    rows = (YearRow(2026, min_xinchuang_share=0.8), YearRow(2027), YearRow(2028))
    inp = instance(system("K", keep_in_place=True), system("S"), rows=rows)
    plan = solve(inp)
    xc = plan.infeasibility.finding(2026, "year_xinchuang_share")
    assert xc.least == pytest.approx(0.5)
    assert "2026 年 信创目标 80.0% 达不到：其他规则不变时最多 50.0%" in plan.diagnosis
    # no move allowed in 2026 but 50% 信创 needed then: the cap must admit one move
    rows = (YearRow(2026, min_xinchuang_share=0.5, max_moves=0), YearRow(2027), YearRow(2028))
    plan = solve(instance(system("K", keep_in_place=True), system("S"), rows=rows))
    moves = plan.infeasibility.finding(2026, "max_moves")
    assert (moves.current, moves.least) == (0.0, 1.0)
    assert "2026 年最多迁移系统数 0 不够：其他规则不变时至少要迁移 1" in plan.diagnosis


def test_switching_a_years_vendor_rule_off() -> None:
    inp = instance(system("S1"), system("S2"))
    inp = replace(inp, policy=Policy(min_vendors=2), platforms=(A, replace(B, capacity_vcpu=0.0)))
    plan = solve(inp)
    diag = plan.infeasibility
    assert diag.finding(2026, "year_min_vendors").least == 1.0
    assert diag.finding(2028, "year_capacity").least == 1.0
    assert "放开最少供应商数（2026、2027、2028 年）即可得到方案" in plan.diagnosis
