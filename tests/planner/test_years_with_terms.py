"""Issue-13 terms and per-system rules in the year-by-year plan, against the independent brute force
(brute_years: routes enumerated, every year priced with the exact terms) and by hand."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from brute_years import _tiered, brute_force_years, year_costs
from test_terms import random_instance as terms_instance
from test_years_optimality import check, random_years, with_year_budgets
from test_years_rules import A, B, instance, system, where

from planner.model import (
    DataClass,
    Discount,
    DiscountKind,
    PlanInput,
    Policy,
    SolveStatus,
    SystemRule,
    SystemRuleKind,
    YearRow,
)
from planner.optimize import solve

YEAR0 = 2026


def seeded_terms_years(seed: int) -> PlanInput:
    """A terms instance (tiers, minimums, setup fees, discounts, step prices, 性能系数, per-system
    rules) of at most 3 systems, with random plan years, system year columns and year rules."""
    rng = random.Random(9100 + seed)
    base = terms_instance(rng)
    keep = base.workloads[: rng.choice([2, 3, 3])]
    names = {w.name for w in keep}
    base = replace(
        base,
        workloads=keep,
        system_rules=tuple(r for r in base.system_rules if set(r.systems) <= names),
    )
    # milder systems and vendor rules than one year's, so that most systems have a choice every year
    base = replace(
        base,
        workloads=tuple(
            replace(
                w,
                mlps_level=min(w.mlps_level, 2),
                xinchuang_required=False,
                data_class=DataClass.GENERAL if rng.random() < 0.6 else w.data_class,
            )
            for w in base.workloads
        ),
        policy=replace(
            base.policy,
            min_vendors=rng.choice([1] * 7 + [2]),
            min_xinchuang_share=0.0,
            max_vendor_share=rng.choice([1.0] * 6 + [0.80417]),
        ),
    )
    inp = random_years(rng, base)
    if rng.random() < 0.5:  # the rising 信创 targets of random_years make most of these infeasible
        inp = replace(
            inp,
            years=replace(
                inp.years,
                years=tuple(  # type: ignore[arg-type]
                    replace(r, min_xinchuang_share=None) for r in inp.years.years
                ),
            ),
        )  # type: ignore[union-attr]
    return with_year_budgets(rng, inp)


@pytest.mark.parametrize("block", range(6))
def test_year_engine_matches_brute_force_with_terms(block: int) -> None:
    outcomes = [check(seeded_terms_years(seed)) for seed in range(block * 50, block * 50 + 50)]
    assert sum(o is not None for o in outcomes) >= 40  # few are ambiguous
    assert outcomes.count(True) >= 10 and outcomes.count(False) >= 3


def test_terms_generator_is_not_trivial() -> None:
    """Across the seeds the optimal plans reach tiers, top up minimums, pay setup fees after the
    first year, move in later years, and the per-system rules change some optimum."""
    seen: set[str] = set()
    for seed in range(120):
        inp = seeded_terms_years(seed)
        ref = brute_force_years(inp)
        if ref is None:
            continue
        plan = list(ref.plan)
        T = len(inp.years.years)  # type: ignore[union-attr]
        for t in range(T):
            for w_route in plan:
                if isinstance(w_route.locs[t], int):
                    p = inp.platforms[w_route.locs[t]]
                    if p.perf_factor != 1.0:
                        seen.add("perf factor")
        for t, (_total, vc) in enumerate(year_costs(inp, plan)):
            for v in vc:
                spend = sum(
                    r.bill[t]
                    for r in plan
                    if isinstance(r.locs[t], int) and inp.platforms[r.locs[t]].vendor == v
                )
                tiered = _tiered(
                    replace(inp, prices=tuple(replace(q, min_annual=None) for q in inp.prices)),
                    v,
                    spend,
                )
                if tiered < spend - 1e-6:
                    seen.add("tier")
                if _tiered(inp, v, spend) > tiered + 1e-6:
                    seen.add("minimum")
                fee = sum(q.setup_fee or 0.0 for q in inp.prices if q.vendor == v)
                if (
                    fee
                    and t > 0
                    and all(
                        not (isinstance(r.locs[u], int) and inp.platforms[r.locs[u]].vendor == v)
                        for r in plan
                        for u in range(t)
                    )
                ):
                    seen.add("setup later")
        if any(any(r.moved[1:]) for r in plan):
            seen.add("later move")
        if inp.system_rules:
            free = brute_force_years(replace(inp, system_rules=()))
            if free is not None and free.value < ref.value - 1:
                seen.add("rule binds")
    assert seen >= {"perf factor", "tier", "minimum", "setup later", "later move", "rule binds"}, (
        seen
    )


# --- hand-computed: 甲/A 100 元/vCPU (non-信创), 乙/B 150 元/vCPU (信创); a 10-vCPU system costs 1,000
# on A and 1,500 on B a year; a move costs 300, plus 200 on landing on 信创 (tests/planner/test_years_rules).
def _with(inp: PlanInput, **b_line: object) -> PlanInput:
    """inp with B's price line carrying b_line (min_annual=…, setup_fee=…)."""
    return replace(inp, prices=(inp.prices[0], replace(inp.prices[1], **b_line)))  # type: ignore[arg-type]


def _terms(plan, t: int, vendor: str):  # type: ignore[no-untyped-def]
    return next((vt for vt in plan.year_plans[t].vendor_terms if vt.vendor == vendor), None)


def test_volume_tier_reached_in_the_second_year_only() -> None:
    # S1, S2 on A; S3 joins the cloud in 2027: 甲's spend 2,000 in 2026 (below the 2,500 tier),
    # 3,000 in 2027 → 0.8 × 3,000 = 2,400, plus S3's migration 300
    inp = instance(
        system("S1"),
        system("S2"),
        system("S3", on=None, earliest_year=2027),
        rows=(YearRow(2026), YearRow(2027)),
    )
    inp = replace(inp, discounts=(Discount("甲", DiscountKind.VOLUME, 0.8, 2500.0),))
    plan = solve(inp)
    assert plan.status is SolveStatus.OPTIMAL
    assert where(plan, 2) == ["-", "A"]
    assert plan.year_costs == pytest.approx((2000, 2700))
    assert _terms(plan, 0, "甲").tier_discount == 0 and _terms(plan, 0, "甲").tier_threshold is None
    assert (
        _terms(plan, 1, "甲").tier_discount == pytest.approx(600)
        and _terms(plan, 1, "甲").tier_threshold == 2500
    )
    assert plan.year_plans[1].vendor_costs == pytest.approx({"甲": 2700})


def test_minimum_topped_up_in_one_year_only() -> None:
    # 乙's minimum 2,000: S alone on B in 2027 bills 1,500 → +500; with S2 on B too in 2028 (3,000) no top-up
    rows = (
        YearRow(2026),
        YearRow(2027, min_xinchuang_share=0.5),
        YearRow(2028, min_xinchuang_share=0.5),
    )
    inp = _with(
        instance(
            system("S", contract_end_year=2027),
            system("S2", on=None, earliest_year=2028, xinchuang_required=True),
            rows=rows,
        ),
        min_annual=2000.0,
    )
    plan = solve(inp)
    assert where(plan, 0) == ["A", "B", "B"] and where(plan, 1) == ["-", "-", "B"]
    assert plan.year_costs == pytest.approx((1000, 1500 + 500 + 300 + 200, 3000 + 300 + 200))
    assert [
        _terms(plan, t, "乙").minimum_topup if _terms(plan, t, "乙") else None for t in range(3)
    ] == [None, pytest.approx(500), 0.0]


def test_setup_fee_in_full_in_the_first_year_of_use_only() -> None:
    rows = (
        YearRow(2026),
        YearRow(2027, min_xinchuang_share=1.0),
        YearRow(2028, min_xinchuang_share=1.0),
    )
    inp = _with(instance(system(contract_end_year=2027), rows=rows), setup_fee=1000.0)
    plan = solve(inp)
    assert where(plan) == ["A", "B", "B"]
    assert plan.year_costs == pytest.approx((1000, 1500 + 1000 + 300 + 200, 1500))
    assert _terms(plan, 1, "乙").setup_annual == 1000 and _terms(plan, 2, "乙").setup_annual == 0
    # not spread over 规划年限, whatever it is
    longer = solve(replace(inp, policy=Policy(horizon_years=5)))
    assert longer.year_costs == pytest.approx(plan.year_costs)
    # a system already on B in 2026: the fee falls in 2026 and not again
    both = _with(
        instance(system("S0", on=B), system(contract_end_year=2027), rows=rows), setup_fee=1000.0
    )
    plan2 = solve(both)
    assert plan2.year_costs == pytest.approx((1500 + 1000 + 1000, 1500 + 1500 + 500, 3000))


def test_pin_applies_only_after_the_contract_ends() -> None:
    inp = replace(
        instance(system(contract_end_year=2027)),
        system_rules=(SystemRule(SystemRuleKind.PIN, ("S",), "乙"),),
    )
    plan = solve(inp)
    assert where(plan) == ["A", "B", "B"]
    assert plan.year_costs == pytest.approx((1000, 2000, 1500))
    assert where(solve(replace(inp, system_rules=()))) == ["A", "A", "A"]
    # forbidding A has the same effect; keep-in-place is never broken by a rule
    forbid = replace(inp, system_rules=(SystemRule(SystemRuleKind.FORBID, ("S",), "甲", "A"),))
    assert where(solve(forbid)) == ["A", "B", "B"]
    kept = replace(inp, workloads=(system(keep_in_place=True),))
    assert where(solve(kept)) == ["A", "A", "A"]


def test_same_platform_in_the_years_all_members_are_free() -> None:
    # S1 (须信创) is held on A by its contract in 2026; S2 is free on B. Without the rule S2 moves to A
    # in 2026 (1,300 < 1,500); with it S2 must be with S1 on B from 2027 and may move only once: it stays on B
    s1 = system("S1", contract_end_year=2027, xinchuang_required=True)
    rule = SystemRule(SystemRuleKind.SAME_PLATFORM, ("S1", "S2"))
    inp = replace(instance(s1, system("S2", on=B)), system_rules=(rule,))
    plan = solve(inp)
    assert where(plan, 0) == ["A", "B", "B"] and where(plan, 1) == ["B", "B", "B"]
    assert plan.year_costs == pytest.approx((2500, 3500, 3000))
    free = solve(replace(inp, system_rules=()))
    assert where(free, 1) == ["A", "A", "A"] and free.year_costs == pytest.approx(
        (2300, 3000, 2500)
    )


def test_different_vendor_among_the_members_free_that_year() -> None:
    # both on A; S2's contract holds it there in 2026 (the rule does not apply yet), from 2027 one goes to B
    rule = SystemRule(SystemRuleKind.DIFFERENT_VENDOR, ("S1", "S2"))
    inp = replace(
        instance(system("S1"), system("S2", contract_end_year=2027)), system_rules=(rule,)
    )
    plan = solve(inp)
    assert plan.year_costs == pytest.approx((2000, 1000 + 1500 + 500, 2500))
    assert {where(plan, 0)[1], where(plan, 1)[1]} == {"A", "B"}
    assert where(plan, 0)[0] == where(plan, 1)[0] == "A"


def test_perf_factor_counts_bought_vcpu_in_the_share_and_capacity() -> None:
    # B's 性能系数 1.5: a 10-vCPU system buys 15 vCPU there (15 × 150 = 2,250). One system on B
    # gives 15 / 25 = 60% ≥ 55% (counting own vCPU it would be 50%)
    b15 = replace(B, perf_factor=1.5)
    rows = (YearRow(2026), YearRow(2027, min_xinchuang_share=0.55))
    inp = instance(system("S1"), system("S2"), rows=rows)
    inp = replace(inp, platforms=(A, b15))
    plan = solve(inp)
    assert plan.year_costs == pytest.approx((2000, 1000 + 2250 + 500))
    assert plan.year_xinchuang_share(1) == pytest.approx(0.6) and plan.active_vcpu(1) == 25
    moved = next(a for a in plan.year_plans[1].assignments if a.platform.name == "B")
    assert moved.vcpu == 15 and moved.cost.vcpu == 15
    # capacity counts the 15 bought: 14 vCPU on B is not enough
    small = replace(inp, platforms=(A, replace(b15, capacity_vcpu=14.0)))
    assert solve(small, diagnose=False).status is SolveStatus.INFEASIBLE


def test_term_and_resource_discounts_in_the_year_bill() -> None:
    # 甲 bills 0.9 (期限折扣, 规划年限 3 ≥ 1 year) of its list price; 乙's vCPU at 0.5 (资源折扣)
    inp = replace(
        instance(system("S1"), system("S2", on=B)),
        discounts=(
            Discount("甲", DiscountKind.TERM, 0.9, 1.0),
            Discount("乙", DiscountKind.RESOURCE, 0.5, resource="vcpu"),
        ),
    )
    plan = solve(inp)
    assert plan.year_costs == pytest.approx((900 + 750,) * 3)
    assert sorted(a.cost.discount for a in plan.year_plans[0].assignments) == pytest.approx(
        [100, 750]
    )


# --- diagnosis and analysis with terms ----------------------------------------------------------------
def test_diagnosis_names_the_per_system_rule_and_the_bought_vcpu_share() -> None:
    from planner.diagnose import diagnose_by_year

    # the pin to A (non-信创) from 2027 meets the 2027 target of 100%: no plan; dropping the pin is enough
    rows = (YearRow(2026), YearRow(2027, min_xinchuang_share=1.0))
    pin = SystemRule(SystemRuleKind.PIN, ("S",), "甲")
    inp = replace(instance(system(contract_end_year=2027), rows=rows), system_rules=(pin,))
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE
    diag = plan.infeasibility
    assert diag is not None and diag.finding(2026, "system_rule:0") is not None
    assert any("固定 S 到 甲" in m for m in diag.messages), diag.messages
    share = diag.finding(2027, "year_xinchuang_share")
    assert share is not None and share.least == 0.0
    # 性能系数 1.5 on B: at most one of the two systems may go to B (capacity 15); the 2027 target of
    # 70% cannot be met, the most is 15 / 25 = 60% (own vCPU would say 50%)
    b15 = replace(B, perf_factor=1.5, capacity_vcpu=15.0)
    two = replace(
        instance(
            system("S1"), system("S2"), rows=(YearRow(2026), YearRow(2027, min_xinchuang_share=0.7))
        ),
        platforms=(A, b15),
    )
    diag2 = diagnose_by_year(two)
    found = diag2.finding(2027, "year_xinchuang_share")
    assert found is not None and found.least == pytest.approx(0.6)


def test_analysis_prices_each_per_system_rule_over_the_horizon() -> None:
    from planner.analysis import year_rule_prices, year_vendor_loss

    inp = replace(
        instance(system(contract_end_year=2027)),
        system_rules=(SystemRule(SystemRuleKind.PIN, ("S",), "乙"),),
    )
    inp = _with(inp, setup_fee=1000.0)
    plan = solve(inp)
    assert plan.year_costs == pytest.approx((1000, 1500 + 1000 + 500, 1500))
    prices = {p.rule: p for p in year_rule_prices(inp, plan)}
    assert prices["system_rule:0"].saving == pytest.approx(plan.present_value - 3000)
    loss = {v.vendor: v for v in year_vendor_loss(inp, plan)}
    assert loss["乙"].present_value is None  # the pin holds it on 乙 from 2027
