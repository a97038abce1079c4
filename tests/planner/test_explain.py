"""Why this platform names the binding rule (issue 14 dead end 6): planner.explain.explain_choice.

Each instance is built so that one rule keeps a system off its cheapest platform; the rule, the
saving, the extra cost of keeping every rule and the conflict are checked by hand and against
brute force (tests/planner/brute.py), never against the engine itself.
"""

from __future__ import annotations

import itertools

import pytest
from brute import assignment_cost, cost_matrix, violations
from test_constraints import BING, JIA, YI, instance, pool, system

from planner.explain import explain_choice
from planner.model import PlanInput, SolveStatus
from planner.optimize import solve

_PREFIX = {
    "budget": "budget_annual",
    "vendor_share": "max_vendor_share",
    "xinchuang_share": "min_xinchuang_share",
    "min_vendors": "min_vendors",
}


def _rule_keys(found: list[str]) -> set[str]:
    """brute.violations strings → rule keys."""
    out = set()
    for v in found:
        head, rest = v.split(":", 1)
        out.add(f"capacity:{rest.split()[0]}" if head == "capacity" else _PREFIX[head])
    return out


def forced_optimum(inp: PlanInput, w: int, q: int) -> float | None:
    """Cheapest assignment obeying every rule with workload w on platform q, by enumeration."""
    costs = cost_matrix(inp)
    choices = [
        [q] if i == w else [j for j, c in enumerate(row) if c is not None]
        for i, row in enumerate(costs)
    ]
    best = None
    for choice in itertools.product(*choices):
        if not violations(inp, choice):
            c = assignment_cost(inp, choice)
            best = c if best is None or c < best else best
    return best


def check(inp: PlanInput, name: str, binding: str, cheapest: str) -> object:
    """explain_choice agrees with brute force on the move, the rules it breaks and the forced optimum."""
    plan = solve(inp)
    assert plan.status is SolveStatus.OPTIMAL
    ex = explain_choice(plan, name)
    w = [wl.name for wl in inp.workloads].index(name)
    q = [p.name for p in inp.platforms].index(cheapest)
    assert ex.cheapest is not None and ex.cheapest.name == cheapest
    costs = cost_matrix(inp)
    here = [p.name for p in inp.platforms].index(ex.chosen.name)
    assert ex.saving == pytest.approx(costs[w][here] - costs[w][q])
    index = {p.key: j for j, p in enumerate(inp.platforms)}
    naive = [index[a.platform.key] for a in plan.assignments]
    naive[w] = q
    assert set(ex.broken) == _rule_keys(violations(inp, naive))
    ref = forced_optimum(inp, w, q)
    if ref is None:
        assert ex.forced_status is SolveStatus.INFEASIBLE and ex.conflict
    else:
        assert ex.forced_cost == pytest.approx(ref)
        assert ex.extra_cost == pytest.approx(ref - plan.total_annual_cost)
    assert ex.binding == binding
    return ex


def test_vendor_cap_binds() -> None:
    # 甲 100/vCPU (天翼云), 乙 120 (移动云); 财务 4, 社保 6 vCPU; cap 60 %.
    # all on 甲 = 100 %; plan: 社保→甲 600 + 财务→乙 480 = 1,080 (天翼云 55.6 %).
    # moving 财务 to 甲 saves 80 a year but 天翼云 would take 100 % > 60 %; no plan has both on 甲.
    inp = instance([JIA, YI], [system("财务", 4), system("社保", 6)], max_vendor_share=0.6)
    ex = check(inp, "财务", "max_vendor_share", "甲")
    assert ex.conflict == ("max_vendor_share",)
    assert (
        ex.message
        == "财务 移到 天翼云/甲 每年省 ¥80.00，但会使 天翼云 的份额达到 100.0%，超过上限 60.0%；无论怎样调整其他系统都无法满足。"
    )
    assert ex.message.en.startswith(
        "Moving 财务 to 天翼云/甲 would save ¥80.00 a year, but it would push 天翼云's share"
    )


def test_xinchuang_share_binds_with_extra_cost() -> None:
    # 甲 100, 丙 150 (信创). 财务 4, 社保 6, 门户 2; at least 30 % of 12 vCPU on 信创 = 3.6.
    # plan: 财务→丙 (4 vCPU, +200) = 400·… ; moving 财务 to 甲 saves 200 but 信创 drops to 0 %;
    # with 财务 on 甲 the share needs 社保 on 丙 (+300): 100 more than the plan.
    inp = instance(
        [JIA, BING],
        [system("财务", 4), system("社保", 6), system("门户", 2)],
        min_xinchuang_share=0.3,
    )
    ex = check(inp, "财务", "min_xinchuang_share", "甲")
    assert ex.extra_cost == pytest.approx(100.0)
    assert (
        "会使信创占比降到 0.0%，低于下限 30.0%" in ex.message and "每年多花 ¥100.00" in ex.message
    )


def test_budget_binds_when_it_forbids_the_repair() -> None:
    # as above, but a budget of 1,450 allows the plan (1,400) and not the repair (1,500)
    inp = instance(
        [JIA, BING],
        [system("财务", 4), system("社保", 6), system("门户", 2)],
        min_xinchuang_share=0.3,
        budget_annual=1450.0,
    )
    ex = check(inp, "财务", "budget_annual", "甲")
    assert set(ex.conflict) == {"budget_annual", "min_xinchuang_share"}
    assert "整体年度费用将达到 ¥1,500.00，超过年度预算 ¥1,450.00（超出 ¥50.00）" in ex.message


def test_min_vendors_binds() -> None:
    # 甲 100 (天翼云), 乙 120 (移动云); 财务 4, 社保 6, at least 2 vendors.
    # plan: 社保→甲 600 + 财务→乙 480 = 1,080. Moving 财务 to 甲 leaves one vendor; the repair
    # puts 社保 on 乙 (720 + 400 = 1,120): 40 more.
    inp = instance([JIA, YI], [system("财务", 4), system("社保", 6)], min_vendors=2)
    ex = check(inp, "财务", "min_vendors", "甲")
    assert ex.extra_cost == pytest.approx(40.0)
    assert "会使使用的供应商减少到 1 家，少于要求的 2 家" in ex.message


def test_capacity_binds() -> None:
    # 甲 100 with room for 6 vCPU, 乙 120; 财务 4, 社保 6: plan 社保→甲, 财务→乙 (1,080).
    # 财务 on 甲 would load it with 10 vCPU > 6; the repair moves 社保 to 乙: 400 + 720 = 1,120.
    small = pool("天翼云", "甲", 100.0, capacity=6)
    inp = instance([small, YI], [system("财务", 4), system("社保", 6)])
    ex = check(inp, "财务", "capacity:天翼云/甲", "甲")
    assert ex.extra_cost == pytest.approx(40.0)
    assert "会使平台 天翼云/甲 的负载达到 10 vCPU，超过容量 6 vCPU" in ex.message


def test_cheapest_platform_needs_no_rule() -> None:
    inp = instance([JIA, YI], [system("财务", 4)])
    plan = solve(inp)
    ex = explain_choice(plan, "财务")
    assert ex.cheapest is None and ex.binding is None and ex.resolves == 0
    assert ex.message == "天翼云/甲 是 财务 最便宜的可选平台。"
