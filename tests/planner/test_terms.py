"""Commercial terms, per-system rules and 性能系数 (issue 13) against an independent reference.

brute_terms enumerates every assignment and computes tiered/discounted spend directly from the
documented meaning; the engine's plan must reach the same optimum, and the MILP objective must
equal the plan's exactly-computed total. Hand-computed cases pin thresholds (just below / at /
above) in both tier modes.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from brute_terms import LOOSE, STRICT, evaluate, optimum

from planner.build import build_model
from planner.costing import CostModel, step_cost
from planner.milp import ModelOptions
from planner.model import (
    DataClass,
    Deployment,
    Discount,
    DiscountKind,
    Period,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    SolveStatus,
    SystemRule,
    SystemRuleKind,
    TierMode,
    Workload,
)
from planner.optimize import solve
from planner.rules import MODEL_RULES, RULES
from planner.solvers import solve_model
from planner.terms import tier_net

VENDORS = ("天翼云", "移动云", "联通云")
NAMES = ("政务云", "信创云", "专属云")


def _platforms(rng: random.Random) -> list[Platform]:
    n_v = rng.randint(2, 3)
    out = []
    for j in range(rng.randint(2, 4)):
        vendor = VENDORS[j % n_v]
        out.append(
            Platform(
                vendor,
                NAMES[j // n_v] if j // n_v < len(NAMES) else f"池{j}",
                Deployment.PUBLIC if j > 0 and rng.random() < 0.3 else Deployment.PRIVATE,
                xinchuang=rng.random() < 0.45,
                mlps_level=rng.choice((3, 4, 4)),
                capacity_vcpu=float(rng.randint(8, 40)) if rng.random() < 0.25 else None,
                perf_factor=rng.choice((1.0, 1.0, 1.25, 1.5, 0.8)),
            )
        )
    return out


def random_instance(rng: random.Random) -> PlanInput:
    platforms = _platforms(rng)
    prices: list[PriceLine] = []
    for p in platforms:
        for r, lo, hi in (("vcpu", 400, 900), ("ram_gb", 80, 200), ("storage_gb", 2, 14)):
            prices.append(PriceLine(p.vendor, p.name, r, round(rng.uniform(lo, hi), 2)))
        if rng.random() < 0.5:  # bandwidth step prices: 0–5 Mbps at one price, above at a lower one
            a = round(rng.uniform(500, 1200), 2)
            prices.append(PriceLine(p.vendor, p.name, "bandwidth_mbps", a, min_qty=0, max_qty=5))
            prices.append(
                PriceLine(p.vendor, p.name, "bandwidth_mbps", round(a * 0.6, 2), min_qty=5)
            )
        else:
            prices.append(
                PriceLine(
                    p.vendor, p.name, "bandwidth_mbps", round(rng.uniform(30, 100), 2), Period.MONTH
                )
            )
        prices.append(PriceLine(p.vendor, p.name, "security_l2", round(rng.uniform(1e4, 4e4), 2)))
        prices.append(PriceLine(p.vendor, p.name, "security_l3", round(rng.uniform(3e4, 1e5), 2)))
    vendors = list(dict.fromkeys(p.vendor for p in platforms))
    for v in vendors:  # minimums and setup fees on one line of some vendors
        i = next(k for k, ln in enumerate(prices) if ln.vendor == v)
        if rng.random() < 0.3:
            prices[i] = replace(prices[i], min_annual=round(rng.uniform(2e4, 1.2e5), 2))
        if rng.random() < 0.3:
            prices[i] = replace(prices[i], setup_fee=round(rng.uniform(1e4, 9e4), 2))
    workloads = []
    for i in range(rng.randint(2, 5)):
        cur = rng.choice(platforms) if rng.random() < 0.5 else None
        workloads.append(
            Workload(
                f"系统{i + 1}",
                "局",
                vcpu=float(rng.choice((1, 2, 4, 8, 16))),
                ram_gb=float(rng.choice((2, 4, 8, 16))),
                storage_gb=float(rng.choice((50, 100, 500))),
                bandwidth_mbps=float(rng.choice((0, 2, 5, 8, 20))),
                data_class=rng.choice(list(DataClass)),
                mlps_level=rng.choice((1, 2, 3)),
                xinchuang_required=rng.random() < 0.1,
                current_vendor=cur.vendor if cur else None,
                current_platform=cur.name if cur else None,
                migration_cost=round(rng.uniform(0, 3e4), 2),
                xinchuang_adaptation_cost=round(rng.uniform(0, 2e4), 2),
            )
        )
    discounts: list[Discount] = []
    for v in vendors:
        if rng.random() < 0.4:
            discounts.append(
                Discount(
                    v, DiscountKind.TERM, round(rng.uniform(0.7, 0.95), 3), float(rng.randint(1, 4))
                )
            )
        if rng.random() < 0.3:
            discounts.append(
                Discount(
                    v,
                    DiscountKind.RESOURCE,
                    round(rng.uniform(0.6, 0.95), 3),
                    resource=rng.choice(("storage_gb", "vcpu", "security_l3")),
                )
            )
        if rng.random() < 0.6:
            mode = rng.choice(list(TierMode))
            t1 = round(rng.uniform(1e4, 6e4), 2)
            discounts.append(
                Discount(v, DiscountKind.VOLUME, round(rng.uniform(0.8, 0.97), 3), t1, mode)
            )
            if rng.random() < 0.6:
                discounts.append(
                    Discount(
                        v,
                        DiscountKind.VOLUME,
                        round(rng.uniform(0.6, 0.8), 3),
                        round(t1 * rng.uniform(1.5, 3), 2),
                        mode,
                    )
                )
    rules: list[SystemRule] = []
    names = [w.name for w in workloads]
    for _ in range(rng.randint(0, 2)):
        kind = rng.choice(list(SystemRuleKind))
        if kind in (SystemRuleKind.SAME_PLATFORM, SystemRuleKind.DIFFERENT_VENDOR):
            if len(names) >= 2:
                rules.append(SystemRule(kind, tuple(rng.sample(names, 2))))
        elif kind in (SystemRuleKind.PIN, SystemRuleKind.FORBID):
            p = rng.choice(platforms)
            rules.append(
                SystemRule(
                    kind, (rng.choice(names),), p.vendor, p.name if rng.random() < 0.5 else None
                )
            )
        else:
            rules.append(SystemRule(kind, (rng.choice(names),)))
    policy = Policy(
        horizon_years=float(rng.choice((1, 3, 5))),
        min_xinchuang_share=rng.choice((0.0, 0.0, 0.3)),
        max_vendor_share=rng.choice((1.0, 1.0, 0.7)),
        min_vendors=rng.choice((1, 1, 2)),
    )
    return PlanInput(
        tuple(platforms),
        tuple(prices),
        tuple(workloads),
        policy,
        discounts=tuple(discounts),
        system_rules=tuple(rules),
    )


def _choice(inp: PlanInput, plan) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    index = {p.key: j for j, p in enumerate(inp.platforms)}
    return tuple(index[a.platform.key] for a in plan.assignments)


def _check(inp: PlanInput) -> str:
    loose, strict = optimum(inp, LOOSE), optimum(inp, STRICT)
    if (loose is None) != (strict is None) or (
        loose is not None
        and strict is not None
        and abs(loose[0] - strict[0]) > 1e-6 * max(1.0, strict[0])
    ):
        return "ambiguous"
    plan = solve(inp, diagnose=False)
    if strict is None:
        assert plan.status is SolveStatus.INFEASIBLE, inp
        return "infeasible"
    assert plan.status is SolveStatus.OPTIMAL, (plan, strict)
    got = evaluate(inp, _choice(inp, plan), LOOSE)
    assert got is not None, f"the engine's plan breaks a rule: {_choice(inp, plan)} on {inp}"
    # the plan's own (exact-rule) total is the reference's cost of that assignment, and optimal
    assert plan.total_annual_cost == pytest.approx(got.cost, rel=1e-9, abs=1e-6)
    assert got.cost == pytest.approx(strict[0], rel=2e-6, abs=1e-4), (got.cost, strict)
    assert plan.vendor_costs == pytest.approx(got.vendor_costs, rel=1e-9, abs=1e-6)
    # the MILP's objective is the same number (the tier/minimum/setup rows are exact)
    bm = build_model(CostModel(inp))
    res = solve_model(bm)
    assert res.objective == pytest.approx(strict[0], rel=2e-6, abs=1e-4)
    return "optimal"


@pytest.mark.parametrize("seed", range(60))
def test_engine_matches_the_enumerated_optimum_with_terms_rules_and_factors(seed: int) -> None:
    _check(random_instance(random.Random(1300 + seed)))


def test_the_random_instances_exercise_every_feature() -> None:
    """The generator is not vacuous: tiers are reached, rules bind, instances are solved."""
    seen: dict[str, int] = {}
    for seed in range(60):
        inp = random_instance(random.Random(1300 + seed))
        outcome = optimum(inp, STRICT)
        seen["feasible" if outcome else "infeasible"] = (
            seen.get("feasible" if outcome else "infeasible", 0) + 1
        )
        if outcome is None:
            continue
        plan = solve(inp, diagnose=False)
        if any(t.tier_threshold is not None for t in plan.vendor_terms):
            seen["tier reached"] = seen.get("tier reached", 0) + 1
        if any(t.minimum_topup > 0 for t in plan.vendor_terms):
            seen["minimum topped up"] = seen.get("minimum topped up", 0) + 1
        if any(a.cost.discount > 0 for a in plan.assignments):
            seen["pair discount"] = seen.get("pair discount", 0) + 1
        if any(
            a.cost.vcpu is not None and a.cost.vcpu != a.workload.vcpu for a in plan.assignments
        ):
            seen["perf factor"] = seen.get("perf factor", 0) + 1
        if (
            inp.system_rules
            and solve(replace(inp, system_rules=()), diagnose=False).total_annual_cost
            < plan.total_annual_cost - 1
        ):
            seen["rule binds"] = seen.get("rule binds", 0) + 1
    for key in (
        "feasible",
        "infeasible",
        "tier reached",
        "minimum topped up",
        "pair discount",
        "perf factor",
        "rule binds",
    ):
        assert seen.get(key, 0) >= 2, seen


# --- hand-computed tiers ---------------------------------------------------------------------------
def _one_vendor(
    spend: float, tiers: list[tuple[float, float]], mode: TierMode, **price_kw
) -> PlanInput:
    """One system costing `spend` 元/年 (1 GB storage at that price) on one vendor with tiers."""
    plat = Platform("天翼云", "政务云", Deployment.PRIVATE, False, 4)
    line = PriceLine("天翼云", "政务云", "storage_gb", spend, **price_kw)
    wl = Workload("OA", "办", 0, 0, 1, 0, DataClass.GENERAL, 1)
    ds = tuple(Discount("天翼云", DiscountKind.VOLUME, f, t, mode) for t, f in tiers)
    return PlanInput((plat,), (line,), (wl,), discounts=ds)


TIERS = [(1_000_000.0, 0.9), (3_000_000.0, 0.85)]


@pytest.mark.parametrize(
    ("spend", "mode", "expected"),
    [
        (999_999.99, TierMode.WHOLE, 999_999.99),
        (1_000_000.00, TierMode.WHOLE, 900_000.00),
        (1_000_000.01, TierMode.WHOLE, 900_000.009),
        (2_999_999.99, TierMode.WHOLE, 2_699_999.991),
        (3_000_000.00, TierMode.WHOLE, 2_550_000.00),
        (4_000_000.00, TierMode.WHOLE, 3_400_000.00),
        (999_999.99, TierMode.ABOVE, 999_999.99),
        (1_000_000.00, TierMode.ABOVE, 1_000_000.00),
        (1_000_100.00, TierMode.ABOVE, 1_000_090.00),
        (3_000_000.00, TierMode.ABOVE, 2_800_000.00),
        (4_000_000.00, TierMode.ABOVE, 3_650_000.00),  # 100万 + 0.9×200万 + 0.85×100万
    ],
)
def test_hand_computed_tiers_below_at_and_above_each_threshold(
    spend: float, mode: TierMode, expected: float
) -> None:
    assert tier_net(spend, TIERS, mode)[0] == pytest.approx(expected, abs=1e-6)
    inp = _one_vendor(spend, TIERS, mode)
    plan = solve(inp)
    assert plan.total_annual_cost == pytest.approx(expected, abs=1e-6)
    res = solve_model(build_model(CostModel(inp)))
    assert res.objective == pytest.approx(expected, abs=1e-3)


def test_minimum_commitment_and_setup_fee_by_hand() -> None:
    inp = _one_vendor(50_000.0, [], TierMode.WHOLE, min_annual=80_000.0, setup_fee=30_000.0)
    plan = solve(inp)
    # bill max(50,000, 80,000) + setup 30,000 / 3 years
    assert plan.total_annual_cost == pytest.approx(90_000.0)
    (t,) = plan.vendor_terms
    assert t.minimum_topup == pytest.approx(30_000.0) and t.setup_annual == pytest.approx(10_000.0)
    assert solve_model(build_model(CostModel(inp))).objective == pytest.approx(90_000.0)


def test_minimum_pushes_the_plan_to_the_vendor_without_one() -> None:
    a = Platform("甲云", "池", Deployment.PRIVATE, False, 4)
    b = Platform("乙云", "池", Deployment.PRIVATE, False, 4)
    prices = (
        PriceLine("甲云", "池", "storage_gb", 100.0, min_annual=500.0),
        PriceLine("乙云", "池", "storage_gb", 120.0),
    )
    wl = Workload("OA", "办", 0, 0, 1, 0, DataClass.GENERAL, 1)
    plan = solve(PlanInput((a, b), prices, (wl,)))
    assert plan.assignments[
        0
    ].platform.vendor == "乙云" and plan.total_annual_cost == pytest.approx(120.0)


def test_budget_and_vendor_share_apply_to_the_discounted_spend() -> None:
    # list 1,000,000 on 甲 reaches its 9 折 tier: 900,000 fits a 950,000 budget; 乙 at 960,000 does not
    a = Platform("甲云", "池", Deployment.PRIVATE, False, 4)
    b = Platform("乙云", "池", Deployment.PRIVATE, False, 4)
    prices = (
        PriceLine("甲云", "池", "storage_gb", 1_000_000.0),
        PriceLine("乙云", "池", "storage_gb", 960_000.0),
    )
    wl = Workload("OA", "办", 0, 0, 1, 0, DataClass.GENERAL, 1)
    tier = (Discount("甲云", DiscountKind.VOLUME, 0.9, 1_000_000.0),)
    inp = PlanInput((a, b), prices, (wl,), Policy(budget_annual=950_000.0), discounts=tier)
    plan = solve(inp)
    assert plan.status is SolveStatus.OPTIMAL and plan.total_annual_cost == pytest.approx(900_000.0)
    assert solve(replace(inp, discounts=())).status is SolveStatus.INFEASIBLE
    # vendor share: two systems; with the tier, OA on 甲 (900,000) and ERP on 乙 (192,000): 82.4 %
    wl2 = Workload("ERP", "办", 0, 0, 0.2, 0, DataClass.GENERAL, 1)
    inp2 = PlanInput((a, b), prices, (wl, wl2), Policy(max_vendor_share=0.83), discounts=tier)
    plan2 = solve(inp2)
    assert plan2.status is SolveStatus.OPTIMAL and plan2.total_annual_cost == pytest.approx(
        1_092_000.0
    )
    assert plan2.max_vendor_share == pytest.approx(900_000 / 1_092_000)
    # without the discount 甲's share would be 1,000,000 / 1,192,000 = 83.9 % > 83 %: 甲 cannot host OA
    plan3 = solve(replace(inp2, discounts=()))
    assert {a_.workload.name: a_.platform.vendor for a_ in plan3.assignments}["OA"] == "乙云"


def test_term_and_resource_discounts_in_costing() -> None:
    plat = Platform("甲云", "池", Deployment.PRIVATE, False, 4)
    prices = (PriceLine("甲云", "池", "storage_gb", 10.0), PriceLine("甲云", "池", "vcpu", 100.0))
    wl = Workload("OA", "办", 2, 0, 100, 0, DataClass.GENERAL, 1)
    ds = (
        Discount("甲云", DiscountKind.TERM, 10 / 12, 1.0),  # 包1年 = 10 个月价
        Discount("甲云", DiscountKind.TERM, 0.7, 3.0),  # 包3年 7 折
        Discount("甲云", DiscountKind.TERM, 0.6, 5.0),  # not reached with a 3-year horizon
        Discount("甲云", DiscountKind.RESOURCE, 0.5, resource="storage_gb"),
    )
    inp = PlanInput((plat,), prices, (wl,), Policy(horizon_years=3), discounts=ds)
    b = CostModel(inp).breakdown(0, 0)
    # list 1,000 + 200; net = (1,000 × 0.5 + 200) × 0.7 = 490
    assert b.list_price == pytest.approx(1200.0) and b.net_price == pytest.approx(490.0)
    assert b.discount == pytest.approx(710.0)
    one = CostModel(replace(inp, policy=Policy(horizon_years=1))).breakdown(0, 0)
    assert one.net_price == pytest.approx(700.0 * 10 / 12)


def test_step_prices_and_perf_factor_in_costing() -> None:
    # bandwidth: first 5 Mbps at 1,000, each further Mbps at 600
    assert step_cost([3.0, 5.0, 8.0], [(0, 5, 1000.0), (5, float("inf"), 600.0)]).tolist() == [
        3000.0,
        5000.0,
        6800.0,
    ]
    plat = Platform(
        "甲云", "鲲鹏池", Deployment.PRIVATE, True, 4, capacity_vcpu=20, perf_factor=1.3
    )
    prices = (
        PriceLine("甲云", "鲲鹏池", "vcpu", 100.0),
        PriceLine("甲云", "鲲鹏池", "bandwidth_mbps", 1000.0, max_qty=5),
        PriceLine("甲云", "鲲鹏池", "bandwidth_mbps", 600.0, min_qty=5),
    )
    wl = Workload("OA", "办", 16, 0, 0, 8, DataClass.GENERAL, 1)
    b = CostModel(PlanInput((plat,), prices, (wl,))).breakdown(0, 0)
    assert b.vcpu == 21  # ceil(16 × 1.3 = 20.8)
    assert b.resource_costs == {"vcpu": 2100.0, "bandwidth_mbps": 6800.0}
    # capacity counts bought vCPU: 21 > 20, so the only platform is too small
    assert solve(PlanInput((plat,), prices, (wl,)), diagnose=False).status is SolveStatus.INFEASIBLE


def test_xinchuang_share_counts_bought_vcpu() -> None:
    x86 = Platform("甲云", "x86", Deployment.PRIVATE, False, 4)
    xc = Platform("甲云", "鲲鹏", Deployment.PRIVATE, True, 4, perf_factor=1.5)
    prices = tuple(PriceLine("甲云", n, "vcpu", 100.0) for n in ("x86", "鲲鹏"))
    wls = (
        Workload("A", "办", 10, 0, 0, 0, DataClass.GENERAL, 1),
        Workload("B", "办", 10, 0, 0, 0, DataClass.GENERAL, 1),
    )
    plan = solve(PlanInput((x86, xc), prices, wls, Policy(min_xinchuang_share=0.55)))
    # one on 鲲鹏: 15 / (15 + 10) = 60 % ≥ 55 %; by x86 vCPU it would be 50 % and fail
    assert plan.status is SolveStatus.OPTIMAL and plan.xinchuang_share == pytest.approx(0.6)
    assert plan.total_annual_cost == pytest.approx(2500.0)


def test_registry_names_each_new_family_and_builds_terms_first() -> None:
    keys = [r.key for r in MODEL_RULES]
    for key in (
        "volume_tiers",
        "vendor_minimum",
        "setup_fees",
        "pin",
        "forbid",
        "no_public",
        "same_platform",
        "different_vendor",
    ):
        assert key in {r.key for r in RULES}
    assert keys.index("setup_fees") < keys.index("budget_annual") and keys.index(
        "volume_tiers"
    ) < keys.index("vendor_minimum")
    assert keys.index("vendor_minimum") < keys.index("max_vendor_share")
    opts = ModelOptions()
    assert opts.terms and opts.system_rules


def test_absent_terms_leave_the_model_unchanged() -> None:
    inp = random_instance(random.Random(7))
    plain = replace(
        inp,
        discounts=(),
        system_rules=(),
        prices=tuple(
            replace(ln, min_annual=None, setup_fee=None, min_qty=None, max_qty=None)
            for ln in inp.prices
            if ln.min_qty in (None, 0)
        ),
        platforms=tuple(replace(p, perf_factor=1.0) for p in inp.platforms),
    )
    bm = build_model(CostModel(plain))
    names = set(bm.model.row_names())
    assert not any(
        n.startswith(
            (
                "tier_",
                "min_ge",
                "min_le",
                "min_cap",
                "vendor_on",
                "pin_",
                "forbid_",
                "same_",
                "diff_vendor",
            )
        )
        for n in names
    )
    assert not bm.cost_terms and all(
        c.startswith(("x_", "total_annual", "vendor_used", "vendor_cost"))
        for c in bm.model.col_names()
    )


# --- diagnosis and analysis of per-system rules ----------------------------------------------------
def _two_vendor_county(rules: tuple[SystemRule, ...], **policy) -> PlanInput:  # type: ignore[no-untyped-def]
    a = Platform("天翼云", "政务云", Deployment.PRIVATE, False, 4)
    b = Platform("移动云", "信创云", Deployment.PRIVATE, True, 4)
    prices = (
        PriceLine("天翼云", "政务云", "vcpu", 1000.0),
        PriceLine("移动云", "信创云", "vcpu", 1500.0),
    )
    wls = (
        Workload("协同办公OA", "办", 8, 0, 0, 0, DataClass.GENERAL, 1),
        Workload("财政一体化", "财", 4, 0, 0, 0, DataClass.GENERAL, 1),
    )
    return PlanInput((a, b), prices, wls, Policy(**policy), system_rules=rules)


def test_analysis_prices_each_per_system_rule() -> None:
    from planner.analysis import analyze

    pin = SystemRule(SystemRuleKind.PIN, ("协同办公OA",), "移动云", None)
    inp = _two_vendor_county((pin,))
    plan = solve(inp)
    assert plan.total_annual_cost == pytest.approx(8 * 1500 + 4 * 1000)
    report = analyze(inp)
    (price,) = [r for r in report.rule_prices if r.rule == "system_rule:0"]
    # pinned: 8 vCPU at 1,500 instead of 1,000: ¥4,000 a year
    assert price.saving == pytest.approx(4000.0)
    assert "固定 协同办公OA 到 移动云 每年多花 ¥4,000.00" in price.message
    assert "costs ¥4,000.00 a year more" in price.message.en


def test_diagnosis_names_the_conflicting_per_system_rules() -> None:
    pin = SystemRule(SystemRuleKind.PIN, ("协同办公OA",), "天翼云", "政务云")
    forbid = SystemRule(SystemRuleKind.FORBID, ("协同办公OA",), "天翼云", None)
    same = SystemRule(SystemRuleKind.SAME_PLATFORM, ("协同办公OA", "财政一体化"))
    plan = solve(_two_vendor_county((same, pin, forbid)))
    assert plan.status is SolveStatus.INFEASIBLE
    diag = plan.infeasibility
    assert diag is not None and diag.conflict == ["system_rule:1", "system_rule:2"]
    text = "\n".join(plan.diagnosis)
    assert "固定 协同办公OA 到 天翼云/政务云" in text and "禁止 协同办公OA 使用 天翼云" in text
    assert diag.relaxations == {"system_rule:1": 0.0, "system_rule:2": 0.0}
    assert "取消指定规则“固定 协同办公OA 到 天翼云/政务云”即可得到可行方案" in text
    # the fallback drops the first rule of the conflict and says it breaks it
    assert (
        diag.fallback is not None
        and diag.dropped == "system_rule:1"
        and "system_rule:1" in diag.violated
    )


def test_diagnosis_pairs_a_pin_with_a_policy_rule() -> None:
    pin = SystemRule(SystemRuleKind.PIN, ("协同办公OA",), "天翼云", None)
    plan = solve(_two_vendor_county((pin,), min_xinchuang_share=0.5))
    assert plan.status is SolveStatus.INFEASIBLE and plan.infeasibility is not None
    assert plan.infeasibility.conflict == ["min_xinchuang_share", "system_rule:0"]


@pytest.mark.parametrize("kind", list(SystemRuleKind))
def test_each_rule_kind_changes_the_plan_as_documented(kind: SystemRuleKind) -> None:
    a = Platform("天翼云", "政务云", Deployment.PUBLIC, False, 4)
    b = Platform("移动云", "信创云", Deployment.PRIVATE, True, 4)
    c = Platform("天翼云", "专属云", Deployment.PRIVATE, False, 4)
    prices = tuple(
        PriceLine(p.vendor, p.name, "vcpu", v) for p, v in ((a, 100.0), (b, 300.0), (c, 200.0))
    )
    wls = (
        Workload("OA", "办", 1, 0, 0, 0, DataClass.GENERAL, 1),
        Workload("DB", "办", 2, 0, 0, 0, DataClass.GENERAL, 1),
    )
    free = solve(PlanInput((a, b, c), prices, wls))
    assert {x.platform.name for x in free.assignments} == {"政务云"}
    rule = {
        SystemRuleKind.PIN: SystemRule(kind, ("OA",), "移动云", "信创云"),
        SystemRuleKind.FORBID: SystemRule(kind, ("OA",), "天翼云", "政务云"),
        SystemRuleKind.NO_PUBLIC: SystemRule(kind, ("OA",)),
        SystemRuleKind.SAME_PLATFORM: SystemRule(kind, ("OA", "DB")),
        SystemRuleKind.DIFFERENT_VENDOR: SystemRule(kind, ("OA", "DB")),
    }[kind]
    plan = solve(PlanInput((a, b, c), prices, wls, system_rules=(rule,)))
    where = {x.workload.name: x.platform.name for x in plan.assignments}
    expected = {
        SystemRuleKind.PIN: {"OA": "信创云", "DB": "政务云"},
        SystemRuleKind.FORBID: {"OA": "专属云", "DB": "政务云"},
        SystemRuleKind.NO_PUBLIC: {"OA": "专属云", "DB": "政务云"},
        SystemRuleKind.SAME_PLATFORM: {"OA": "政务云", "DB": "政务云"},
        SystemRuleKind.DIFFERENT_VENDOR: {"OA": "信创云", "DB": "政务云"},  # 300 + 200 < 100 + 600
    }[kind]
    assert where == expected


def test_diagnosis_relaxes_the_xinchuang_share_in_bought_vcpu() -> None:
    import itertools

    from brute_terms import bought_vcpu

    # 信创 pool at 性能系数 1.5 with a capacity: the best share in bought vCPU, not in x86 vCPU
    x86 = Platform("甲云", "x86", Deployment.PRIVATE, False, 4)
    xc = Platform("乙云", "鲲鹏", Deployment.PRIVATE, True, 4, capacity_vcpu=15, perf_factor=1.5)
    prices = (PriceLine("甲云", "x86", "vcpu", 100.0), PriceLine("乙云", "鲲鹏", "vcpu", 100.0))
    wls = tuple(
        Workload(f"S{i}", "办", v, 0, 0, 0, DataClass.GENERAL, 1) for i, v in enumerate((4, 6, 8))
    )
    inp = PlanInput((x86, xc), prices, wls, Policy(min_xinchuang_share=0.9))
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE and plan.infeasibility is not None
    best = 0.0
    for choice in itertools.product((0, 1), repeat=3):
        bought = [bought_vcpu(w, inp.platforms[j]) for w, j in zip(wls, choice, strict=True)]
        on_xc = sum(b for b, j in zip(bought, choice, strict=True) if j == 1)
        if on_xc <= 15:
            best = max(best, on_xc / sum(bought))
    # 6 + 4 vCPU on 鲲鹏 = 9 + 6 = 15 bought; with 8 on x86: 15 / 23 = 65.2 %
    assert best == pytest.approx(15 / 23)
    got = plan.infeasibility.relaxations["min_xinchuang_share"]
    assert got is not None and best - 0.003 <= got <= best + 1e-9


def test_explain_choice_names_a_pin_that_keeps_a_system_off_its_cheapest_platform() -> None:
    from planner.explain import explain_choice

    pin = SystemRule(SystemRuleKind.PIN, ("协同办公OA",), "移动云", None)
    inp = _two_vendor_county((pin,))
    plan = solve(inp)
    ex = explain_choice(plan, "协同办公OA", inp=inp)
    assert ex.saving == pytest.approx(4000.0)
    assert ex.broken == ("system_rule:0",) and ex.binding == "system_rule:0"
    assert "固定 协同办公OA 到 移动云" in ex.message, ex.message
    # the pin is the whole conflict: the message names it once, not again in a parenthesis
    assert ex.message.count("固定 协同办公OA 到 移动云") == 1, ex.message
    assert ex.message.en.count("pin 协同办公OA to 移动云") == 1, ex.message.en


def test_explain_choice_counts_the_vendor_terms_in_the_forced_cost() -> None:
    from planner.explain import explain_choice

    # 8 折 tiers: 移动云 above ¥12,000, 天翼云 above ¥8,000; two vendors must be used
    tiers = (
        Discount("移动云", DiscountKind.VOLUME, 0.8, 12_000.0),
        Discount("天翼云", DiscountKind.VOLUME, 0.8, 8_000.0),
    )
    inp = replace(_two_vendor_county(()), policy=Policy(min_vendors=2), discounts=tiers)
    plan = solve(inp)
    # OA on 天翼云 8,000 → 6,400; 财政 on 移动云 6,000 (no tier): 12,400
    assert plan.total_annual_cost == pytest.approx(12_400.0)
    ex = explain_choice(plan, "财政一体化", inp=inp)
    assert ex.saving == pytest.approx(2000.0)
    # 财政 forced onto 天翼云 (4,000, no tier) sends OA to 移动云: 12,000 → 9,600; 13,600 in all
    assert ex.forced_cost == pytest.approx(13_600.0) and ex.extra_cost == pytest.approx(1_200.0)


def test_analysis_workbook_and_cli_name_the_per_system_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    from data.analysis_sheets import add_analysis_sheets
    from data.xlsxbook import Book
    from planner.analysis import analyze

    pin = SystemRule(SystemRuleKind.PIN, ("协同办公OA",), "移动云", None)
    report = analyze(_two_vendor_county((pin,)))
    (price,) = [r for r in report.rule_prices if r.rule == "system_rule:0"]
    assert str(price.name) == "固定 协同办公OA 到 移动云" and price.name is not None
    book = Book()
    add_analysis_sheets(book, report)
    book.save(tmp_path / "analysis.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "analysis.xlsx")
    cells = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "固定 协同办公OA 到 移动云" in cells and "system_rule:0" not in cells


def test_dominated_pair_reduction_keeps_pins_and_tiers() -> None:
    """A dearer platform of the same vendor is not dropped when a pin or a volume tier needs it."""
    cheap = Platform("甲云", "一区", Deployment.PRIVATE, False, 4)
    dear = Platform("甲云", "二区", Deployment.PRIVATE, False, 4)
    prices = (PriceLine("甲云", "一区", "vcpu", 100.0), PriceLine("甲云", "二区", "vcpu", 110.0))
    wls = (Workload("OA", "办", 10, 0, 0, 0, DataClass.GENERAL, 1),)
    pin = SystemRule(SystemRuleKind.PIN, ("OA",), "甲云", "二区")
    plan = solve(PlanInput((cheap, dear), prices, wls, system_rules=(pin,)))
    assert plan.status is SolveStatus.OPTIMAL and plan.assignments[0].platform.name == "二区"
    # 二区 costs 1,100 and reaches the 1,050 tier at 8 折 (880); 一区's 1,000 does not
    tier = (Discount("甲云", DiscountKind.VOLUME, 0.8, 1_050.0),)
    plan = solve(PlanInput((cheap, dear), prices, wls, discounts=tier))
    assert plan.assignments[0].platform.name == "二区" and plan.total_annual_cost == pytest.approx(
        880.0
    )
