"""The multi-year plan is the brute-force optimum on random small multi-year instances, and the
one-year case is exactly today's plan on every instance generator of tests/planner."""

from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest
from brute_years import RETIRED, brute_force_years, reference_years, routes, violations, year_costs
from test_analysis import make_instance
from test_optimality import from_random, random_instance, seeded

from planner.milp import HOME
from planner.model import DataClass, PlanInput, SolveStatus, YearRow, YearsSpec
from planner.optimize import solve

YEAR0 = 2026


def random_years(rng: random.Random, base: PlanInput, max_years: int = 3) -> PlanInput:
    """base with random plan years, system year columns, price windows and year rules."""
    T = rng.randint(2, max_years)
    years = [YEAR0 + t for t in range(T)]
    # a platform enters or leaves the market as a whole (all its lines share one window); prices drift
    window = {}
    for p in base.platforms:
        vf = rng.choice([None] * 5 + [YEAR0 - 1, YEAR0 + 1])
        vt = rng.choice([None] * 6 + [YEAR0 + T - 2])
        window[(p.vendor, p.name)] = (vf, vt if vf is None or vt is None or vt >= vf else None)
    prices = []
    for q in base.prices:
        vf, vt = window[(q.vendor, q.platform)]
        change = rng.choice([0.0, 0.0, -0.05, 0.03, -0.1])
        prices.append(replace(q, valid_from=vf, valid_to=vt, yearly_change=change))
    workloads = []
    for w in base.workloads:
        workloads.append(
            replace(
                w,
                contract_end_year=rng.choice([None, None, YEAR0 + 1, YEAR0 + T - 1]),
                earliest_year=rng.choice([None, None, None, YEAR0 + 1]),
                keep_in_place=rng.random() < 0.08,
                retire_year=rng.choice([None, None, None, None, YEAR0 + 1, YEAR0 + T - 1]),
            )
        )
    rows = []
    share = 0.0
    for y in years:
        share = min(1.0, share + rng.choice([0.0, 0.0, 0.0, 0.0, 0.1, 0.25]))
        first = y == YEAR0  # machine-room systems all move in their first free year: no caps then
        rows.append(
            YearRow(
                y,
                min_xinchuang_share=(share + 0.00731 if share and share < 1 else share)
                if rng.random() < 0.5
                else None,
                max_moves=None if first else rng.choice([None, None, None, 1, 2]),
                max_move_vcpu=None if first else rng.choice([None, None, None, 6.5, 12.5]),
            )
        )
    spec = YearsSpec(
        tuple(rows),
        discount_rate=rng.choice([0.0, 0.0, 0.05]),
        allow_multiple_moves=rng.random() < 0.2,
    )
    return replace(base, prices=tuple(prices), workloads=tuple(workloads), years=spec)


def with_year_budgets(rng: random.Random, inp: PlanInput) -> PlanInput:
    """Budgets at a factor of the unbudgeted optimum's year costs in some years (odd 0.37 元 offsets)."""
    free = brute_force_years(inp)
    if free is None:
        return inp
    rows = []
    for t, row in enumerate(inp.years.years):  # type: ignore[union-attr]
        factor = rng.choice([None, None, 0.97, 1.0005, 1.2])
        cost = year_costs(inp, list(free.plan))[t][0]
        rows.append(replace(row, budget=round(cost * factor + 0.37, 2)) if factor else row)
    return replace(inp, years=replace(inp.years, years=tuple(rows)))  # type: ignore[arg-type]


def seeded_years(seed: int) -> PlanInput:
    rng = random.Random(seed)
    base = random_instance(from_random(rng), max_workloads=4, max_platforms=rng.choice([3, 4]))
    # the single-year generator's vendor rules are tuned for 8 systems; fewer systems need milder ones
    base = replace(
        base,
        policy=replace(
            base.policy,
            budget_annual=None,
            min_vendors=rng.choice([1] * 7 + [2]),
            min_xinchuang_share=0.0,
            max_vendor_share=rng.choice([1.0] * 7 + [0.80417]),
        ),
    )
    # milder systems than the single-year generator's, so that most have a choice every year
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
    )
    inp = random_years(rng, base)
    if inp.years.allow_multiple_moves:  # type: ignore[union-attr]
        inp = replace(inp, workloads=inp.workloads[:3])
    return with_year_budgets(rng, inp)


def engine_routes(inp: PlanInput, plan) -> list:  # type: ignore[no-untyped-def]
    """The engine's plan as brute_years routes (matched by locations)."""
    out = []
    for i, locs in enumerate(plan.locations):
        mine = tuple(RETIRED if v == -2 else "home" if v == HOME else v for v in locs)
        match = [r for r in routes(inp, i) if r.locs == mine]
        assert match, f"{inp.workloads[i].name}: engine route {mine} is not an allowed route"
        out.append(match[0])
    return out


def check(inp: PlanInput) -> bool | None:
    """Engine vs brute force; None when ambiguous; True when feasible."""
    ref, ambiguous = reference_years(inp)
    if ambiguous:
        return None
    plan = solve(inp, diagnose=False)
    if ref is None:
        assert plan.status is SolveStatus.INFEASIBLE, plan
        return False
    assert plan.status is SolveStatus.OPTIMAL, (plan, ref)
    mine = engine_routes(inp, plan)
    assert violations(inp, mine) == []
    # the engine's per-year costs are the route costs recomputed from scratch
    exact = year_costs(inp, mine)
    for t in range(len(plan.years)):
        assert plan.year_cost(t) == pytest.approx(exact[t][0], rel=1e-9, abs=1e-6)
        assert plan.year_plans[t].vendor_costs == pytest.approx(exact[t][1], rel=1e-9, abs=1e-6)
        assert sum(1 for r in mine if r.moved[t]) == len(plan.moves[t])
    assert math.isclose(plan.present_value, ref.value, rel_tol=1e-6, abs_tol=1e-6), (
        plan.present_value,
        ref.value,
    )
    return True


@pytest.mark.parametrize("block", range(8))
def test_years_engine_matches_brute_force(block: int) -> None:
    outcomes = []
    for seed in range(block * 50, block * 50 + 50):
        outcomes.append(check(seeded_years(seed)))
    assert sum(o is not None for o in outcomes) >= 45  # few are ambiguous
    assert outcomes.count(True) >= 8 and outcomes.count(False) >= 8


def test_generator_is_not_trivial() -> None:
    """Across the seeds: feasible and infeasible instances, moves in later years, retired systems."""
    seen = set()
    for seed in range(100):
        inp = seeded_years(seed)
        ref = brute_force_years(inp)
        if ref is None:
            seen.add("infeasible")
            continue
        seen.add("feasible")
        if any(any(r.moved[1:]) for r in ref.plan):
            seen.add("later move")
        if any(RETIRED in r.locs for r in ref.plan):
            seen.add("retired")
        if inp.years.allow_multiple_moves and any(sum(r.moved) > 1 for r in ref.plan):  # type: ignore[union-attr]
            seen.add("two moves")
    assert seen >= {"infeasible", "feasible", "later move", "retired"}


# --- the one-year case is today's plan ------------------------------------------------------------
def _one_year(inp: PlanInput) -> tuple[PlanInput, PlanInput]:
    """(today's input with 规划年限 1, the same as a one-year plan)."""
    today = replace(inp, policy=replace(inp.policy, horizon_years=1.0))
    return today, replace(today, years=YearsSpec((YearRow(YEAR0),)))


def assert_same_plan(inp: PlanInput) -> None:
    today, one = _one_year(inp)
    plan = solve(today, diagnose=False)
    yp = solve(one, diagnose=False)
    assert yp.status == plan.status
    if not plan.has_solution:
        return
    assert yp.year_cost(0) == pytest.approx(plan.total_annual_cost, rel=1e-9, abs=1e-6)
    got = [(a.workload.name, a.platform.key, a.cost.total) for a in yp.year_plans[0].assignments]
    want = [(a.workload.name, a.platform.key, a.cost.total) for a in plan.assignments]
    if got != want:  # a tie: both plans must cost the same, pair by pair recomputed by each model
        assert sum(c for *_, c in got) == pytest.approx(sum(c for *_, c in want), rel=1e-9)


@pytest.mark.parametrize("seed", range(0, 120, 1))
def test_one_year_is_todays_plan_on_random_instances(seed: int) -> None:
    assert_same_plan(seeded(seed))


@pytest.mark.parametrize("seed", range(6))
def test_one_year_is_todays_plan_on_analysis_instances(seed: int) -> None:
    assert_same_plan(make_instance(seed))


def test_one_year_is_todays_plan_on_the_sample() -> None:
    from data.samples import sample_county

    with_terms = sample_county()  # 折扣 (term, resource, tiers) and 指定规则 sheets
    assert with_terms.discounts and with_terms.system_rules
    assert_same_plan(with_terms)
    assert_same_plan(replace(with_terms, policy=replace(with_terms.policy, budget_annual=None)))
    inp = replace(with_terms, discounts=(), system_rules=())
    assert_same_plan(replace(inp, policy=replace(inp.policy, budget_annual=None)))
    assert_same_plan(inp)


@pytest.mark.parametrize("seed", range(60))
def test_one_year_is_todays_plan_on_terms_instances(seed: int) -> None:
    """Tiers, minimums, setup fees, term/resource discounts, step prices, 性能系数 and per-system
    rules (the issue-13 generator): one plan year is today's plan, terms and all."""
    from test_terms import random_instance as terms_instance

    inp = terms_instance(random.Random(1300 + seed))
    assert_same_plan(inp)
    today, one = _one_year(inp)
    plan, yp = solve(today, diagnose=False), solve(one, diagnose=False)
    same = plan.has_solution and [a.platform.key for a in yp.year_plans[0].assignments] == [
        a.platform.key for a in plan.assignments
    ]
    if same:  # the same placement: the same vendor terms (setup fee in full = fee / 规划年限 1)
        got = {
            t.vendor: (t.tier_discount, t.minimum_topup, t.setup_annual)
            for t in yp.year_plans[0].vendor_terms
        }
        want = {
            t.vendor: (t.tier_discount, t.minimum_topup, t.setup_annual) for t in plan.vendor_terms
        }
        assert got.keys() == want.keys()
        for v in want:
            assert got[v] == pytest.approx(want[v], abs=1e-6)
        assert yp.year_plans[0].vendor_costs == pytest.approx(plan.vendor_costs, abs=1e-6)
