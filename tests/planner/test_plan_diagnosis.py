"""A Plan carries its Diagnosis (issue 14): conflict, least relaxations, the cheapest plan under
the other rules with the rules it breaks, and the cost model — computed once by solve().

Every figure is checked against the brute-force reference (tests/planner/brute.py).
"""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest
from brute import brute_force, choice_of, violations
from test_constraints import BING, CAIWU, JIA, MENHU, SHEBAO, YI, instance, pool, system

from planner.model import PlanInput, SolveStatus
from planner.optimize import solve
from planner.rules import broken_rules


def _without(inp: PlanInput, **changes: object) -> PlanInput:
    return replace(inp, policy=replace(inp.policy, **changes))  # type: ignore[arg-type]


def test_budget_conflict_fallback_is_the_cheapest_plan_and_is_over_budget() -> None:
    inp = instance(
        [JIA, YI, BING], [CAIWU, SHEBAO, MENHU], budget_annual=1000.0, min_xinchuang_share=0.5
    )
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE
    d = plan.infeasibility
    assert d is not None and d.conflict == ["budget_annual"]
    ref = brute_force(_without(inp, budget_annual=None))  # the cheapest plan under the other rules
    assert ref is not None
    assert d.relaxations["budget_annual"] == pytest.approx(ref.cost) == plan.min_budget
    fb = d.fallback
    assert fb is not None and d.dropped == "budget_annual"
    assert fb.total_annual_cost == pytest.approx(ref.cost)
    assert violations(inp, choice_of(inp, fb)) == [f"budget: {fb.total_annual_cost} > 1000.0"]
    assert d.violated == ["budget_annual"] == broken_rules(fb)
    assert fb.policy == inp.policy  # the full policy, so writers can mark 超预算
    # the fallback is the budget's own least-relaxation solve: no extra re-solve
    assert d.resolves == len(d.rules) + 1
    assert d.suggested_budget == 2000.0  # 1,500 up to whole thousands


def test_min_vendors_conflict_fallback_breaks_only_that_rule() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], min_vendors=3, max_vendor_share=0.7)
    plan = solve(inp)
    d = plan.infeasibility
    assert d is not None and "min_vendors" in d.conflict and d.dropped == "min_vendors"
    ref = brute_force(_without(inp, min_vendors=1))
    assert ref is not None and d.fallback is not None
    assert d.fallback.total_annual_cost == pytest.approx(ref.cost)
    assert d.violated == ["min_vendors"]
    assert [v.split(":")[0] for v in violations(inp, choice_of(inp, d.fallback))] == ["min_vendors"]


def test_capacity_and_vendor_share_conflict_fallback() -> None:
    # 甲 (cap 5 vCPU) 100/vCPU, 乙 120: 财务 4 + 社保 6 vCPU, vendor cap 60 %.
    # Under the capacity only 财务→甲 400 + 社保→乙 720: 乙 takes 64 % > 60 %. Without the
    # capacity 社保→甲 600 + 财务→乙 480 = 55.6 % fits. Conflict: the cap and the capacity.
    small = pool("天翼云", "甲", 100.0, capacity=5)
    inp = instance([small, YI], [CAIWU, SHEBAO], max_vendor_share=0.6)
    plan = solve(inp)
    d = plan.infeasibility
    assert d is not None and d.conflict == ["max_vendor_share", "capacity:天翼云/甲"]
    assert d.relaxations["capacity:天翼云/甲"] == pytest.approx(6.0)
    assert d.dropped == "max_vendor_share" and d.fallback is not None
    ref = brute_force(_without(inp, max_vendor_share=1.0))
    assert ref is not None and ref.cost == pytest.approx(1120.0)
    assert d.fallback.total_annual_cost == pytest.approx(ref.cost)
    assert d.violated == ["max_vendor_share"]


def test_unplaceable_system_is_named_in_the_carried_diagnosis() -> None:
    secret = system("涉密", 2, mlps=4)
    inp = instance([pool("天翼云", "甲", 100.0, mlps=3)], [secret])
    plan = solve(inp)
    assert plan.infeasibility is not None and plan.infeasibility.unplaceable == ["涉密"]
    assert plan.infeasibility.fallback is None


def test_cheap_path_skips_the_diagnosis() -> None:
    inp = instance([JIA, YI], [CAIWU], budget_annual=300.0)
    plan = solve(inp, diagnose=False)
    assert (
        plan.status is SolveStatus.INFEASIBLE
        and plan.infeasibility is None
        and plan.diagnosis == ()
    )


def test_plan_carries_its_cost_model_and_pickles() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], budget_annual=900.0)
    plan = solve(inp)
    assert plan.cost_model is not None and plan.cost_model.policy == plan.policy
    again = pickle.loads(pickle.dumps(plan))  # the app solves in a child process
    assert (
        again.infeasibility.fallback.total_annual_cost
        == plan.infeasibility.fallback.total_annual_cost
    )
    ok = solve(_without(inp, budget_annual=None))
    cm = ok.cost_model
    assert cm is not None
    for w, a in enumerate(ok.assignments):
        assert a.annual_cost == pytest.approx(float(cm.total[w, cm.platform_index[a.platform.key]]))


def test_budget_message_gives_the_least_budget_and_the_rounded_request() -> None:
    # cheapest plan 36,060 (see test_constraints.test_budget_only_infeasible): the least budget
    # to the fen, and the request rounded up to whole thousands — the one rounding rule
    jia = pool("天翼云", "甲", 3606.0)
    inp = instance([jia], [system("财务", 4), system("社保", 6)], budget_annual=30000.0)
    plan = solve(inp)
    assert plan.min_budget == pytest.approx(36060.0)
    assert plan.infeasibility is not None and plan.infeasibility.suggested_budget == 37000.0
    text = "\n".join(plan.diagnosis)
    assert (
        "把年度预算提高到 ¥36,060.00" in text and "申请预算时可向上取整到千元：¥37,000.00。" in text
    )
    en = "\n".join(m.en for m in plan.diagnosis)
    assert "Rounded up to whole thousands for a budget request: ¥37,000.00." in en


def test_cost_model_for_reuses_the_plans_own_only_for_the_same_input() -> None:
    from planner.costing import cost_model_for

    inp = instance([JIA, YI], [CAIWU, SHEBAO])
    plan = solve(inp)
    assert cost_model_for(plan, inp) is plan.cost_model
    edited = replace(inp, workloads=(replace(CAIWU, vcpu=5), SHEBAO))
    fresh = cost_model_for(plan, edited)
    assert fresh is not plan.cost_model and fresh.vcpu[0] == 5
