"""The lazy vendor-share loop's start (planner.optimize.initial_vendor_rows): a hand-computed selection, and the plan
is the same optimum whatever rows the loop starts with — brute force on small random instances
with a binding vendor cap, the full model's optimum on mid-size synthetic counties."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from brute_years import RETIRED, brute_force_years
from test_years_optimality import check, seeded_years

from planner import optimize
from planner.build import build_model
from planner.milp import ModelOptions
from planner.model import PlanInput, SolveStatus
from planner.optimize import solve
from planner.solvers import solve_model


def test_near_binding_by_hand() -> None:
    # two years; routes: A in both years, B in both, C then A. Costs per year:
    cost = np.array([[60.0, 50.0], [40.0, 50.0], [30.0, 40.0]])
    vendor = np.array([["A", "A"], ["B", "B"], ["C", "A"]], dtype=object)
    x = np.array([0.5, 0.5, 0.5])
    # year 0: spent A 30, B 20, C 15 of 65; year 1: A 25 + 20 = 45, B 25 of 70
    # cap 0.6: year-1 A = 45 ≥ 0.98 × 0.6 × 70 = 41.16 → A's rows in both years;
    # B: 20 < 0.98 × 0.6 × 65 = 38.22 and 25 < 41.16 → none; C: 15 < 38.22 → none
    assert optimize.near_binding(cost, vendor, x, 0.6, ["A", "B", "C"]) == {(0, "A"), (1, "A")}
    # cap 0.7: A's 45 < 0.98 × 0.7 × 70 = 48.02 → no row at all
    assert optimize.near_binding(cost, vendor, x, 0.7, ["A", "B", "C"]) == frozenset()
    # C only has routes in year 0: its rows are the years it can be in
    assert optimize.near_binding(cost, vendor, x, 0.2, ["C"]) == {(0, "C")}


def capped_years(seed: int) -> PlanInput | None:
    """seeded_years(seed) with a vendor-share cap just under the uncapped brute-force optimum's
    largest yearly vendor share (so the cap binds), or None when even uncapped it is infeasible."""
    inp = seeded_years(seed)
    inp = replace(inp, policy=replace(inp.policy, max_vendor_share=1.0))
    free = brute_force_years(inp)
    if free is None:
        return None
    top = 0.0
    for t in range(len(inp.years.years)):  # type: ignore[union-attr]
        by: Counter[str] = Counter()
        for r in free.plan:
            if r.locs[t] not in (RETIRED, "home"):
                by[inp.platforms[r.locs[t]].vendor] += r.cost[t]
        total = sum(r.cost[t] for r in free.plan)
        if total > 0 and by:
            top = max(top, max(by.values()) / total)
    return replace(
        inp, policy=replace(inp.policy, max_vendor_share=round(top - 0.005, 3) + 0.00041)
    )


def test_years_engine_matches_brute_force_with_a_binding_vendor_cap() -> None:
    """Brute force vs the engine with a cap that binds: with an LP start (engaged) and without
    (the loop adds the rows the plan breaks), and infeasible caps."""
    seen: Counter[str] = Counter()
    for seed in range(400):
        inp = capped_years(seed)
        if inp is None:
            continue
        outcome = check(inp)
        assert outcome is not None  # no ambiguous instance in this range
        if outcome:
            engaged = bool(optimize.initial_vendor_rows(inp, inp.policy, ModelOptions()))
            seen["engaged" if engaged else "empty start"] += 1
        else:
            seen["infeasible"] += 1
    assert seen["engaged"] >= 6 and seen["empty start"] >= 6 and seen["infeasible"] >= 50, seen


def _full_model_optimum(inp) -> float:  # type: ignore[no-untyped-def]
    """Present value of the full model (every vendor-share row from the start) solved as it is."""
    res = solve_model(build_model(inp))
    assert res.status is SolveStatus.OPTIMAL
    return float(res.objective)


@pytest.mark.parametrize(("n", "years", "platforms", "seed"), [(30, 3, 10, 4), (50, 3, 10, 5)])
def test_lp_start_gives_the_full_models_optimum(
    n: int, years: int, platforms: int, seed: int
) -> None:
    from benchmarks.bench_years import years_county

    inp = years_county(n, years, platforms, seed)
    start = optimize.initial_vendor_rows(inp, inp.policy, ModelOptions())
    assert start  # the strategy is engaged: some vendor is at its cap in the LP
    plan = solve(inp, diagnose=False)
    assert plan.status is SolveStatus.OPTIMAL
    full = _full_model_optimum(inp)
    assert math.isclose(plan.present_value, full, rel_tol=2e-6), (plan.present_value, full)
    assert plan.size["rows"] < build_model(inp).model.num_row  # fewer rows than the full model


def test_any_start_gives_the_same_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start only decides the rounds: none, or the wrong vendors' rows, end at the same plan value."""
    from benchmarks.bench_years import years_county

    inp = years_county(30, 3, 10, 4)
    best = solve(inp, diagnose=False)
    wrong = {(t, v) for t in range(3) for v in inp.vendors} - set(
        optimize.initial_vendor_rows(inp, inp.policy, ModelOptions())
    )
    for start in (frozenset(), frozenset(wrong)):
        monkeypatch.setattr(optimize, "initial_vendor_rows", lambda *a, s=start, **k: s)
        plan = solve(inp, diagnose=False)
        assert plan.status is SolveStatus.OPTIMAL
        assert math.isclose(plan.present_value, best.present_value, rel_tol=2e-6)


def test_resolver_optimum_matches_brute_force_with_a_binding_vendor_cap() -> None:
    """The year analysis' re-solves (planner.resolve.Resolver.optimum: its own lazy vendor-share
    loop, cost models shared) against brute force, with a cap that binds and caps with no plan."""
    from test_years_optimality import reference_years

    from planner.extract import extract_plan
    from planner.resolve import Resolver

    seen: Counter[str] = Counter()
    for seed in range(120):
        inp = capped_years(seed)
        if inp is None:
            continue
        ref, ambiguous = reference_years(inp)
        if ambiguous:
            continue
        rs = Resolver(inp)
        bm, res = rs.optimum()
        if ref is None:
            assert res.status is SolveStatus.INFEASIBLE
            seen["infeasible"] += 1
            continue
        assert res.status is SolveStatus.OPTIMAL and res.x_values is not None
        plan = extract_plan(bm, res.x_values, res.status)
        assert math.isclose(plan.present_value, ref.value, rel_tol=1e-6, abs_tol=1e-6), seed
        seen["lazy rows" if bm.options.vendor_rows is not None else "all rows"] += 1
        # a second question of the same engine starts with the rows the first one broke
        looser = replace(
            inp,
            policy=replace(inp.policy, max_vendor_share=0.5 * (1 + inp.policy.max_vendor_share)),
        )
        ref2, ambiguous = reference_years(looser)
        if ambiguous or ref2 is None:
            continue
        learned = rs.learned_rows
        bm, res = rs.optimum(policy=looser.policy, inp=looser)
        assert res.status is SolveStatus.OPTIMAL and res.x_values is not None
        value = extract_plan(bm, res.x_values, res.status).present_value
        assert math.isclose(value, ref2.value, rel_tol=1e-6, abs_tol=1e-6), seed
        if learned:
            seen["started with learned rows"] += 1
    assert seen["lazy rows"] >= 6 and seen["infeasible"] >= 10, seen
    assert seen["started with learned rows"] >= 1, seen
