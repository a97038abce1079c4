"""Issue 23, point 5: a second opinion before a county is told that no plan exists.

planner.solvers.second_opinion checks the first solver's "infeasible" by another method: an
infeasibility certificate of the LP relaxation verified in NumPy (a Farkas proof), else the
other solver on the same model, whose plan is verified in NumPy before it counts. Tested on
real instances: infeasible by the LP relaxation, infeasible only by integrality (brute force
agrees), and one where HiGHS, given strict feasibility tolerances, honestly says "no plan"
while CBC finds one a fen's ten-thousandth over budget — the disagreement is reported in the
plan's notes, the JSON summary and the terminal (the app: tests/gui/test_reliability_app.py),
and CBC's plan is shown as FEASIBLE.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from brute import brute_force

from data.samples import sample_county
from planner import optimize, solvers
from planner.build import build_model
from planner.costing import CostModel
from planner.model import (
    DataClass,
    Deployment,
    Period,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    SolveStatus,
    Workload,
)
from planner.optimize import solve

#: HiGHS with feasibility tolerances far tighter than its defaults (1e-7 and 1e-6).
STRICT_HIGHS = {"mip_feasibility_tolerance": 1e-10, "primal_feasibility_tolerance": 1e-10}


@pytest.fixture(scope="module")
def county() -> PlanInput:
    return sample_county()


@pytest.fixture(scope="module")
def optimum(county) -> float:
    plan = solve(county)
    assert plan.status is SolveStatus.OPTIMAL
    return plan.total_annual_cost


def _model(inp: PlanInput, policy: Policy):  # type: ignore[no-untyped-def]
    return build_model(CostModel(inp, policy), policy)


def with_budget(inp: PlanInput, budget: float) -> PlanInput:
    return replace(inp, policy=replace(inp.policy, budget_annual=budget))


def test_budget_below_the_lp_bound_is_confirmed_by_a_checked_certificate(county):
    """A real infeasible county (budget 4,000,000 against an optimum of 4,736,378)."""
    inp = with_budget(county, 4_000_000)
    bm = _model(inp, inp.policy)
    first = solvers.solve_model(bm)
    assert first.proven_infeasible
    opinion = solvers.second_opinion(bm.model, bm.num_pairs, "highs")
    assert opinion.method == "lp_certificate" and opinion.agrees is True
    assert opinion.margin is not None and opinion.margin > 0
    # the plan the county is shown carries the check as its diagnosis's last line
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE
    assert plan.diagnosis[-1].startswith("已复核无解") and "Farkas" in plan.diagnosis[-1].en
    assert plan.min_budget is not None and plan.min_budget > 4_000_000  # the diagnosis ran


def test_the_certificate_check_is_sound_on_a_feasible_model(county):
    """No multipliers can prove a model infeasible that has a plan: random rays, the ray of a
    different model and a zero ray are all rejected by the NumPy check."""
    bm = _model(county, county.policy)
    rng = np.random.default_rng(23)
    for _ in range(200):
        ray = rng.normal(size=bm.model.num_row) * rng.choice([1e-3, 1.0, 1e3])
        assert solvers.farkas_margin(bm.model, ray) is None
    assert solvers.farkas_margin(bm.model, np.zeros(bm.model.num_row)) is None
    tight = with_budget(county, 4_000_000)
    ray_model = _model(tight, tight.policy).model
    h = solvers.make_highs()
    h.setOptionValue("presolve", "off")
    ray_model.pass_to_highs(h, integral=False)
    h.run()
    _, has_ray, ray = h.getDualRay()
    assert has_ray
    assert solvers.farkas_margin(ray_model, np.asarray(ray)) is not None  # proves that one
    assert solvers.farkas_margin(bm.model, np.asarray(ray)) is None  # but not the feasible one


def _capacity_county() -> PlanInput:
    """Three systems of 3 vCPU, two pools of 5 vCPU: 9 ≤ 10 fractionally, but no pool can take
    two systems, so there is no plan (the LP relaxation has one)."""
    platforms = tuple(
        Platform(v, "政务云", Deployment.PRIVATE, False, 3, capacity_vcpu=5.0)
        for v in ("天翼云", "移动云")
    )
    prices = tuple(
        PriceLine(p.vendor, p.name, r, price, Period.YEAR)
        for p in platforms
        for r, price in (("vcpu", 600.0), ("ram_gb", 100.0), ("storage_gb", 5.0))
    )
    workloads = tuple(
        Workload(f"系统{i}", "县局", 3, 8, 100, 0, DataClass.GENERAL, 1) for i in range(3)
    )
    return PlanInput(platforms, prices, workloads, Policy())


def test_infeasible_only_by_integrality_is_confirmed_by_cbc():
    inp = _capacity_county()
    assert brute_force(inp) is None  # the independent reference: no assignment at all
    bm = _model(inp, inp.policy)
    assert solvers.lp_certificate(bm.model) is None  # the relaxation has a solution
    opinion = solvers.second_opinion(bm.model, bm.num_pairs, "highs")
    assert (opinion.method, opinion.agrees) == ("cbc", True)
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE
    assert "CBC" in plan.diagnosis[-1] and plan.diagnosis[-1].startswith("已复核无解")
    # CBC first: HiGHS is the second opinion
    opinion = solvers.second_opinion(bm.model, bm.num_pairs, "cbc")
    assert (opinion.method, opinion.agrees) == ("highs", True)
    assert "HiGHS" in solve(inp, solver="cbc").diagnosis[-1]


def test_a_budget_between_lp_bound_and_optimum_goes_to_cbc(county, optimum):
    bm = _model(county, county.policy)
    h = solvers.make_highs()
    bm.model.pass_to_highs(h, integral=False)
    h.run()
    lp_bound = h.getInfo().objective_function_value
    assert lp_bound < optimum - 1000
    inp = with_budget(county, (lp_bound + optimum) / 2)
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE
    assert "CBC" in plan.diagnosis[-1] and plan.diagnosis[-1].startswith("已复核无解")


@pytest.fixture()
def strict_highs(monkeypatch):
    for name, value in STRICT_HIGHS.items():
        monkeypatch.setitem(solvers.HIGHS_OPTIONS, name, value)


def test_solvers_that_disagree_are_reported_not_hidden(county, optimum, strict_highs):
    """Budget = optimum − 0.0001 元. HiGHS with tolerance 1e-10 proves there is no plan (true
    to 1e-10); CBC at its default tolerance returns the optimum, 0.0001 元 over budget, which
    the NumPy check accepts (a ten-thousandth of a fen). The plan is CBC's, FEASIBLE, and the
    first note says the two disagree."""
    inp = with_budget(county, optimum - 1e-4)
    bm = _model(inp, inp.policy)
    first = solvers.solve_model(bm)
    assert first.proven_infeasible  # HiGHS, strict: honestly no plan
    opinion = solvers.second_opinion(bm.model, bm.num_pairs, "highs", first_seconds=first.seconds)
    assert (opinion.method, opinion.agrees) == ("cbc", False)
    assert opinion.plan is not None and opinion.plan.status is SolveStatus.FEASIBLE
    assert opinion.violation is not None and 0 < opinion.violation < 1e-3
    plan = solve(inp)
    assert plan.status is SolveStatus.FEASIBLE and plan.solver == "cbc"
    assert plan.diagnosis[0].startswith("注意：两种求解器的结论不一致")
    assert "HiGHS" in plan.diagnosis[0] and "CBC" in plan.diagnosis[0].en
    assert plan.total_annual_cost == pytest.approx(optimum, abs=0.01)
    assert plan.total_annual_cost <= inp.policy.budget_annual + 0.01  # within a fen


def test_the_disagreement_reaches_the_json_and_the_terminal(
    county, optimum, strict_highs, tmp_path, capsys
):
    from data.writer import write_input_workbook
    from ui.cli import main

    path = tmp_path / "tight.xlsx"
    write_input_workbook(with_budget(county, optimum - 1e-4), path)
    code = main(["plan", str(path), "--json", "-"])
    out, err = capsys.readouterr()
    assert code == 0, err
    summary = json.loads(out)
    assert summary["status"] == "feasible"
    assert summary["diagnosis"][0].startswith("注意：两种求解器的结论不一致")
    assert "两种求解器的结论不一致" in err  # the terminal report (stderr with --json -)


def test_the_diagnosis_path_checks_the_verdict_once(county, monkeypatch):
    """The diagnosis re-solves many times; only the top-level verdict gets a second opinion."""
    calls = []
    real = solvers.second_opinion

    def counted(*args, **kw):  # type: ignore[no-untyped-def]
        calls.append(args[2])
        return real(*args, **kw)

    monkeypatch.setattr(solvers, "second_opinion", counted)
    plan = solve(with_budget(county, 4_000_000))
    assert plan.infeasibility is not None and plan.infeasibility.resolves > 3
    assert calls == ["highs"]
    calls.clear()
    solve(with_budget(county, 4_000_000), diagnose=False)  # an analysis re-solve
    assert calls == []


def test_a_year_plan_verdict_is_checked_too():
    """The hand-computed case of test_years_diagnosis: the move onto 信创 in 2027 costs ¥2,000
    that year, the budget is ¥1,500, so no year plan exists."""
    from test_years_diagnosis import RISING
    from test_years_rules import instance, system

    inp = with_budget(instance(system(contract_end_year=2027), rows=RISING), 1500.0)
    years = optimize.solve(inp)
    assert years.status is SolveStatus.INFEASIBLE
    assert years.infeasibility is not None and years.infeasibility.infeasible_years == [2027]
    assert str(years.diagnosis[-1]).startswith("已复核无解")


def test_plan_violation_checks_every_row_bound_and_integrality(county, optimum):
    bm = _model(county, county.policy)
    res = solvers.run_highs(bm.model, bm.model.num_col, 1e-6, None, None, 0.0)
    col = np.asarray(res.x_values)
    assert solvers.plan_violation(bm.model, col) == 0.0
    broken = col.copy()
    broken[int(np.argmax(col[: bm.num_pairs]))] = 0.0  # a system on no platform
    assert solvers.plan_violation(bm.model, broken) > 0.5
    half = col.copy()
    half[: bm.num_pairs] = np.where(col[: bm.num_pairs] > 0.5, 0.5, col[: bm.num_pairs])
    assert solvers.plan_violation(bm.model, half) > 0.1
    assert solvers.plan_violation(bm.model, col[:-1]) == float("inf")
