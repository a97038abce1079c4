"""One tiny hand-solved instance per constraint family of docs/DESIGN.md §2, plus infeasible ones.

Prices are per vCPU per year and systems need only vCPU (MLPS level 1, general data, from the
machine room with no one-time costs), so a system of v vCPU costs v × price on a platform.
The optimum of each case is worked out by hand in its comment, and also checked against the
brute-force reference.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from brute import brute_force, choice_of, violations

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

SOLVERS = ["highs", "cbc"]


def pool(
    vendor: str,
    name: str,
    vcpu_price: float,
    *,
    xinchuang: bool = False,
    deployment: Deployment = Deployment.PRIVATE,
    mlps: int = 4,
    capacity: float | None = None,
    period: Period = Period.YEAR,
) -> tuple[Platform, PriceLine]:
    return (
        Platform(vendor, name, deployment, xinchuang, mlps, capacity),
        PriceLine(vendor, name, "vcpu", vcpu_price, period),
    )


def system(
    name: str, vcpu: float, data_class: DataClass = DataClass.GENERAL, mlps: int = 1
) -> Workload:
    return Workload(name, "县直部门", vcpu, 0, 0, 0, data_class, mlps)


def instance(
    pools: list[tuple[Platform, PriceLine]], workloads: list[Workload], **policy: object
) -> PlanInput:
    return PlanInput(
        tuple(p for p, _ in pools),
        tuple(line for _, line in pools),
        tuple(workloads),
        Policy(**policy),  # type: ignore[arg-type]
    )


# 天翼云/甲 100 元/vCPU·年 · 移动云/乙 120 · 联通云/丙 (信创) 150
JIA = pool("天翼云", "甲", 100.0)
YI = pool("移动云", "乙", 120.0)
BING = pool("联通云", "丙", 150.0, xinchuang=True)
# 财务 4 vCPU, 社保 6 vCPU, 门户 2 vCPU
CAIWU, SHEBAO, MENHU = system("财务", 4), system("社保", 6), system("门户", 2)


def names(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.platform.name for a in plan.assignments]


def check(inp: PlanInput, expected_cost: float, expected: list[str], solver: str = "highs") -> None:
    """The engine finds the hand-computed optimum, and so does the reference."""
    plan = solve(inp, solver=solver)
    assert plan.status == SolveStatus.OPTIMAL, plan.diagnosis
    assert plan.total_annual_cost == pytest.approx(expected_cost, rel=1e-9)
    assert names(plan) == expected
    assert violations(inp, choice_of(inp, plan)) == []
    ref = brute_force(inp)
    assert ref is not None and ref.cost == pytest.approx(expected_cost, rel=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_no_rule_binds(solver: str) -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO])
    # everything on 甲, the cheapest: (4 + 6) × 100 = 1,000
    check(inp, 1000.0, ["甲", "甲"], solver)


# --- assignment ------------------------------------------------------------------------------------
@pytest.mark.parametrize("solver", SOLVERS)
def test_assignment_only_to_eligible_platforms(solver: str) -> None:
    cheap_public = pool("阿里云", "公有云", 50.0, deployment=Deployment.PUBLIC, mlps=3)
    core = system("公安", 4, DataClass.CORE)
    level4 = system("医保", 2, mlps=4)  # needs security_l4: give 甲 one, 公有云 none
    inp = instance([cheap_public, JIA, YI], [core, level4, MENHU])
    inp = replace(
        inp, prices=inp.prices + (PriceLine("天翼云", "甲", "security_l4", 1000.0, Period.YEAR),)
    )
    # 公安 (core) may not go public → 甲 4 × 100 = 400
    # 医保 (level 4) not on 公有云 (MLPS 3); 乙 has no security_l4 → 甲 2 × 100 + 1,000 = 1,200
    # 门户 → 公有云 2 × 50 = 100;  total 400 + 1,200 + 100 = 1,700
    check(inp, 1700.0, ["甲", "甲", "公有云"], solver)


def test_monthly_price_in_the_model() -> None:
    monthly = pool("华为云", "月付", 9.0, period=Period.MONTH)  # 9 元/月 = 108 元/年
    inp = instance([monthly, YI], [CAIWU])
    # 月付 4 × 108 = 432 < 乙 4 × 120 = 480
    check(inp, 432.0, ["月付"])


def test_one_time_costs_change_the_choice() -> None:
    # 社保 runs on 乙 now; leaving costs 900 once (300/yr over 3 years)
    shebao = replace(SHEBAO, current_vendor="移动云", current_platform="乙", migration_cost=900.0)
    inp = instance([JIA, YI], [shebao])
    # stay on 乙: 6 × 120 = 720;  move to 甲: 6 × 100 + 900/3 = 900 → stay
    check(inp, 720.0, ["乙"])
    cheaper_move = replace(shebao, migration_cost=300.0)
    # move to 甲: 600 + 300/3 = 700 < 720 → move
    check(replace(inp, workloads=(cheaper_move,)), 700.0, ["甲"])


# --- capacity ------------------------------------------------------------------------------------
@pytest.mark.parametrize("solver", SOLVERS)
def test_capacity(solver: str) -> None:
    jia8 = pool("天翼云", "甲", 100.0, capacity=8)
    inp = instance([jia8, YI, BING], [CAIWU, SHEBAO])
    # both on 甲 need 10 > 8 vCPU. 财务→甲, 社保→乙: 400 + 720 = 1,120
    #                               社保→甲, 财务→乙: 600 + 480 = 1,080  ← cheaper
    check(inp, 1080.0, ["乙", "甲"], solver)


def test_capacity_exactly_full_is_allowed() -> None:
    jia10 = pool("天翼云", "甲", 100.0, capacity=10)
    # 4 + 6 = 10 ≤ 10: both on 甲, 1,000
    check(instance([jia10, YI], [CAIWU, SHEBAO]), 1000.0, ["甲", "甲"])


def test_capacity_zero_vcpu_system_fits_a_full_platform() -> None:
    jia0 = pool("天翼云", "甲", 100.0, capacity=0)
    empty = replace(MENHU, vcpu=0, storage_gb=50)
    inp = instance([jia0, YI], [empty])
    inp = replace(
        inp,
        prices=inp.prices
        + (
            PriceLine("天翼云", "甲", "storage_gb", 1.0, Period.YEAR),
            PriceLine("移动云", "乙", "storage_gb", 2.0, Period.YEAR),
        ),
    )
    # 0 vCPU ≤ 0: 甲 50 × 1 = 50 < 乙 50 × 2 = 100
    check(inp, 50.0, ["甲"])


# --- budget --------------------------------------------------------------------------------------
@pytest.mark.parametrize("budget", [1000.0, 1000.5, 5000.0])
def test_budget_that_holds(budget: float) -> None:
    # optimum 1,000 (both on 甲) fits every budget ≥ 1,000, including exactly 1,000
    check(instance([JIA, YI, BING], [CAIWU, SHEBAO], budget_annual=budget), 1000.0, ["甲", "甲"])


@pytest.mark.parametrize("solver", SOLVERS)
def test_budget_only_infeasible(solver: str) -> None:
    jia = pool("天翼云", "甲", 300.5, period=Period.MONTH)  # 300.5 × 12 = 3,606 元/vCPU·年
    yi = pool("移动云", "乙", 4000.0)
    inp = instance([jia, yi], [CAIWU, SHEBAO], budget_annual=30000.0)
    # cheapest plan: (4 + 6) × 3,606 = 36,060 > 30,000
    plan = solve(inp, solver=solver)
    assert plan.status == SolveStatus.INFEASIBLE
    assert plan.assignments == ()
    assert plan.min_budget == pytest.approx(36060.0, abs=1e-9)
    text = "\n".join(plan.diagnosis)
    assert "年度预算" in text
    assert "¥36,060.00" in text  # the least budget
    assert "¥6,060.00" in text  # 36,060 − 30,000 more than now
    assert "¥30,000.00" in text  # the budget now
    assert brute_force(inp) is None
    # and the budget it names is enough
    assert solve(
        replace(inp, policy=replace(inp.policy, budget_annual=plan.min_budget))
    ).has_solution


def test_budget_infeasible_min_budget_rounds_up_to_the_fen() -> None:
    jia = pool("天翼云", "甲", 100.0 / 3)  # 33.333… 元/vCPU·年
    inp = instance([jia], [system("甲系统", 1)], budget_annual=10.0)
    # cost 33.3333…; the least budget in whole fen is 33.34
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    assert plan.min_budget == pytest.approx(33.34, abs=1e-9)
    assert any("¥33.34" in m for m in plan.diagnosis)


def test_budget_together_with_min_vendors() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], budget_annual=1050.0, min_vendors=2)
    # min_vendors 2 alone → 1,080 (see test_min_vendors); budget alone → 1,000 fits 1,050;
    # together infeasible. Least budget with 2 vendors: 1,080
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    assert plan.min_budget == pytest.approx(1080.0, abs=1e-9)
    text = "\n".join(plan.diagnosis)
    assert "年度预算" in text and "最少供应商数" in text
    assert "¥1,080.00" in text
    assert brute_force(inp) is None


# --- vendor share --------------------------------------------------------------------------------
@pytest.mark.parametrize("solver", SOLVERS)
def test_vendor_share(solver: str) -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], max_vendor_share=0.6)
    # both on 甲 = 100 % 天翼云. Two vendors needed:
    #   财务→甲 400, 社保→乙 720: total 1,120, 移动云 720/1,120 = 64.3 % > 60 % ✗
    #   社保→甲 600, 财务→乙 480: total 1,080, 天翼云 600/1,080 = 55.6 % ✓ ← cheapest
    check(inp, 1080.0, ["乙", "甲"], solver)


def test_vendor_share_counts_cost_not_vcpu() -> None:
    # 天翼云/甲 charges a 10,000 security_l2 package; 移动云/乙 2,000. 医保 (level 2, 1 vCPU)
    jia = pool("天翼云", "甲", 100.0)
    yi = pool("移动云", "乙", 120.0)
    yibao = system("医保", 1, mlps=2)
    inp = instance([jia, yi], [yibao, SHEBAO, CAIWU], max_vendor_share=0.7)
    inp = replace(
        inp,
        prices=inp.prices
        + (
            PriceLine("天翼云", "甲", "security_l2", 10000.0, Period.YEAR),
            PriceLine("移动云", "乙", "security_l2", 2000.0, Period.YEAR),
        ),
    )
    # 医保 on 甲 10,100 or 乙 2,120; 社保 甲 600 / 乙 720; 财务 甲 400 / 乙 480
    # unconstrained: 医保→乙, 社保→甲, 财务→甲 = 2,120 + 1,000 = 3,120; 天翼云 1,000/3,120 = 32 %
    # ✓ already (a vCPU share would say 10/11 = 91 % on 天翼云 — the rule is about cost)
    check(inp, 3120.0, ["乙", "甲", "甲"])
    inp2 = replace(inp, policy=replace(inp.policy, max_vendor_share=0.55))
    # at 55 % every plan breaks the rule:
    #   医保→乙: 乙 holds ≥ 2,120 of at most 2,120 + 600 + 400 = 3,120 → ≥ 68 % ✗
    #   医保→甲: 甲 holds ≥ 10,100 of at most 10,100 + 720 + 480 = 11,300 → ≥ 89 % ✗
    assert brute_force(inp2) is None
    assert solve(inp2).status == SolveStatus.INFEASIBLE


def test_vendor_share_three_systems() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO, MENHU], max_vendor_share=0.45)
    # total ≈ 1,200–1,500; each vendor ≤ 45 %, so all three vendors are used.
    # Rearrangement: 社保(6)→甲 600, 财务(4)→乙 480, 门户(2)→丙 300: 1,380;
    # shares 600/1,380 = 43.5 %, 480/1,380 = 34.8 %, 300/1,380 = 21.7 % ✓
    check(inp, 1380.0, ["乙", "甲", "丙"])


# --- 信创 share ----------------------------------------------------------------------------------
@pytest.mark.parametrize("solver", SOLVERS)
def test_xinchuang_share(solver: str) -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], min_xinchuang_share=0.5)
    # ≥ 5 of 10 vCPU on 丙 (信创): 社保 (6)→丙 900 + 财务→甲 400 = 1,300
    # (财务 (4)→丙 is only 40 %; both →丙 1,500)
    check(inp, 1300.0, ["甲", "丙"], solver)


def test_xinchuang_share_exactly_met() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], min_xinchuang_share=0.4)
    # 财务 4/10 = 40 % ≥ 40 %: 财务→丙 600 + 社保→甲 600 = 1,200
    check(inp, 1200.0, ["丙", "甲"])


def test_xinchuang_share_infeasible() -> None:
    inp = instance([JIA, YI], [CAIWU, SHEBAO], min_xinchuang_share=0.3)
    # no 信创 platform at all: 0 % < 30 %
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    text = "\n".join(plan.diagnosis)
    assert "信创最低占比" in text and "30.0%" in text and "0.0%" in text
    assert plan.min_budget is None


# --- min vendors -----------------------------------------------------------------------------------
@pytest.mark.parametrize("solver", SOLVERS)
def test_min_vendors(solver: str) -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], min_vendors=2)
    # 财务→甲 + 社保→乙 = 400 + 720 = 1,120; 社保→甲 + 财务→乙 = 600 + 480 = 1,080 ← cheapest
    check(inp, 1080.0, ["乙", "甲"], solver)


def test_min_vendors_three() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO, MENHU], min_vendors=3)
    # one system per vendor, largest on cheapest: 600 + 480 + 300 = 1,380
    check(inp, 1380.0, ["乙", "甲", "丙"])


def test_min_vendors_counts_vendors_not_platforms() -> None:
    jia2 = pool("天翼云", "甲二", 110.0)
    inp = instance([JIA, jia2, YI], [CAIWU, SHEBAO], min_vendors=2)
    # 甲 and 甲二 are both 天翼云: 社保→甲 600 + 财务→乙 480 = 1,080 (甲+甲二 would be 1 vendor)
    check(inp, 1080.0, ["乙", "甲"])


def test_min_vendors_infeasible() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], min_vendors=3)
    # two systems can use at most two vendors
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    text = "\n".join(plan.diagnosis)
    assert "最少供应商数" in text and "2 家" in text
    assert brute_force(inp) is None


# --- infeasible: no platform for a system --------------------------------------------------------------
@pytest.mark.parametrize("solver", SOLVERS)
def test_core_data_with_only_public_clouds(solver: str) -> None:
    pub1 = pool("阿里云", "公有云", 50.0, deployment=Deployment.PUBLIC)
    pub2 = pool("腾讯云", "公有云", 55.0, deployment=Deployment.PUBLIC)
    inp = instance([pub1, pub2], [system("不动产登记", 4, DataClass.CORE), MENHU])
    plan = solve(inp, solver=solver)
    assert plan.status == SolveStatus.INFEASIBLE
    assert plan.min_budget is None
    assert len(plan.diagnosis) == 1  # 门户 has homes; only 不动产登记 is named
    msg = plan.diagnosis[0]
    assert "不动产登记" in msg and "私有云" in msg and "核心" in msg
    assert "阿里云/公有云" in msg and "腾讯云/公有云" in msg


def test_mlps_level_too_high_everywhere() -> None:
    low = pool("天翼云", "甲", 100.0, mlps=3)
    inp = instance([low], [system("医保结算", 4, mlps=4)])
    inp = replace(
        inp, prices=inp.prices + (PriceLine("天翼云", "甲", "security_l4", 1.0, Period.YEAR),)
    )
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    msg = "\n".join(plan.diagnosis)
    assert "医保结算" in msg and "等保级别" in msg and "3 < 4" in msg


def test_missing_price_everywhere() -> None:
    inp = instance([JIA, YI], [replace(CAIWU, ram_gb=8)])  # nobody prices RAM
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    msg = "\n".join(plan.diagnosis)
    assert "财务" in msg and "未报价" in msg and "内存" in msg


def test_capacity_infeasible() -> None:
    small = pool("天翼云", "甲", 100.0, capacity=5)
    inp = instance([small], [CAIWU, SHEBAO])
    # 10 vCPU, one platform of 5
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    text = "\n".join(plan.diagnosis)
    assert "天翼云/甲" in text and "容量" in text and "10 vCPU" in text
    assert brute_force(inp) is None


# --- edge cases of the share rules --------------------------------------------------------------
def test_xinchuang_share_with_no_vcpu_at_all() -> None:
    storage_only = replace(MENHU, vcpu=0, storage_gb=10)
    inp = instance([JIA], [storage_only], min_xinchuang_share=0.5)
    inp = replace(
        inp, prices=inp.prices + (PriceLine("天翼云", "甲", "storage_gb", 3.0, Period.YEAR),)
    )
    # 0 vCPU on 信创 ≥ 50 % × 0 vCPU holds; 10 × 3 = 30
    check(inp, 30.0, ["甲"])


def test_vendor_share_when_everything_is_free() -> None:
    free = pool("天翼云", "甲", 0.0)
    inp = instance([free, YI], [CAIWU, SHEBAO], max_vendor_share=0.5)
    # 0 ≤ 50 % × 0 for every vendor: both on 甲, 0
    check(inp, 0.0, ["甲", "甲"])


# --- the relaxation a diagnosis names must work -------------------------------------------------
def _named_percent(plan, verb: str) -> float:  # type: ignore[no-untyped-def]
    import re

    for message in plan.diagnosis:
        m = re.search(verb + r" ([\d.]+)%", message)
        if m:
            return float(m.group(1)) / 100
    raise AssertionError(f"no '{verb} …%' in {plan.diagnosis}")


def test_xinchuang_relaxation_named_in_the_diagnosis_works() -> None:
    # 甲系统 2 vCPU may go on 丙 (信创); 乙系统 1 vCPU needs RAM, which only 甲 prices.
    # Most 信创 possible: 2 of 3 vCPU = 66.666…%; asked for 90 %.
    a, b = system("甲系统", 2), replace(system("乙系统", 1), ram_gb=1)
    inp = instance([JIA, BING], [a, b], min_xinchuang_share=0.9)
    inp = replace(inp, prices=inp.prices + (PriceLine("天翼云", "甲", "ram_gb", 1.0, Period.YEAR),))
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    share = _named_percent(plan, "降至")
    # the message says lowering the share to that value is enough ("即可") — so it must be
    relaxed = replace(inp, policy=replace(inp.policy, min_xinchuang_share=share))
    assert brute_force(relaxed) is not None, (
        f"diagnosis says lower 信创最低占比 to {share:.1%}, but the most possible is 2/3 = 66.666…%: "
        f"{plan.diagnosis}"
    )


def test_vendor_share_relaxation_named_in_the_diagnosis_works() -> None:
    # two 1-vCPU systems; 天翼云/甲 6,052 元/vCPU, 移动云/乙 3,948. Asked: no vendor above 50 %.
    # Best split: one system each → 天翼云 6,052 / 10,000 = 60.52 %, so the rule needs ≥ 60.52 %.
    inp = instance(
        [pool("天翼云", "甲", 6052.0), pool("移动云", "乙", 3948.0)],
        [system("x", 1), system("y", 1)],
        max_vendor_share=0.5,
    )
    plan = solve(inp)
    assert plan.status == SolveStatus.INFEASIBLE
    share = _named_percent(plan, "放宽至")
    relaxed = replace(inp, policy=replace(inp.policy, max_vendor_share=share))
    assert brute_force(relaxed) is not None, (
        f"diagnosis says raise 单一供应商最高占比 to {share:.1%}, but 60.52 % is needed: {plan.diagnosis}"
    )
