"""Volume tiers solved once per tier interval (planner.solvers.run_highs_by_choice) against
brute force.

The tier binaries of each tiered vendor form a choice group (exactly one interval of its spend);
with few combinations the planner solves the model once per combination and keeps the best
plan. These small tiered counties (several tiered vendors, both tier modes, thresholds placed
where the spend crosses them, budgets and vendor shares that bind) are enumerated by
tests/planner/brute_terms.py, which knows nothing of the engine; both the per-interval path and
the single-MIP path must reach its optimum, and the generator must really exercise tiers.
"""

from __future__ import annotations

import random

import pytest
from brute_terms import LOOSE, STRICT, evaluate, optimum

from planner import solvers
from planner.build import build_model
from planner.costing import CostModel
from planner.model import (
    DataClass,
    Deployment,
    Discount,
    DiscountKind,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    SolveStatus,
    TierMode,
    Workload,
)
from planner.optimize import solve

VENDORS = ("天翼云", "移动云", "联通云")


def tiered_county(rng: random.Random) -> PlanInput:
    """3–4 platforms of 2–3 vendors, 4–6 systems, vendors with one or two volume tiers whose
    thresholds sit between a fifth and four fifths of what all systems would cost there (at most
    8 combinations of tier intervals, planner.solvers.CHOICE_COMBINATIONS_MAX)."""
    n_v = rng.randint(2, 3)
    platforms = [
        Platform(
            VENDORS[j % n_v],
            f"池{j}",
            Deployment.PRIVATE,
            xinchuang=rng.random() < 0.4,
            mlps_level=4,
            capacity_vcpu=float(rng.randint(12, 30)) if rng.random() < 0.2 else None,
        )
        for j in range(rng.randint(n_v, 4))
    ]
    prices = []
    for p in platforms:
        prices.append(PriceLine(p.vendor, p.name, "vcpu", round(rng.uniform(500, 900), 2)))
        prices.append(PriceLine(p.vendor, p.name, "ram_gb", round(rng.uniform(100, 200), 2)))
        prices.append(PriceLine(p.vendor, p.name, "storage_gb", round(rng.uniform(2, 10), 2)))
    workloads = tuple(
        Workload(
            f"系统{i + 1}",
            "局",
            vcpu=float(rng.choice((2, 4, 8))),
            ram_gb=float(rng.choice((4, 8, 16))),
            storage_gb=float(rng.choice((100, 500))),
            bandwidth_mbps=0.0,
            data_class=DataClass.GENERAL,
            mlps_level=1,
        )
        for i in range(rng.randint(4, 6))
    )
    # what all systems cost on a vendor's first platform: the scale of its thresholds
    full = {}
    for p in platforms:
        if p.vendor in full:
            continue
        unit = {ln.resource: ln.unit_price for ln in prices if (ln.vendor, ln.platform) == p.key}
        full[p.vendor] = sum(
            w.vcpu * unit["vcpu"] + w.ram_gb * unit["ram_gb"] + w.storage_gb * unit["storage_gb"]
            for w in workloads
        )
    discounts = []
    combinations = 1  # of tier intervals: kept within the per-interval solve's limit
    for v, spend in full.items():
        mode = rng.choice(list(TierMode))
        t1 = round(spend * rng.uniform(0.2, 0.5), 2)
        discounts.append(
            Discount(v, DiscountKind.VOLUME, round(rng.uniform(0.85, 0.97), 3), t1, mode)
        )
        second = rng.random() < 0.6 and combinations * 3 <= 8
        combinations *= 3 if second else 2
        if combinations > 8:
            discounts.pop()  # this vendor's tier would make more than 8 combinations
            continue
        if second:
            t2 = round(spend * rng.uniform(0.55, 0.8), 2)
            discounts.append(
                Discount(v, DiscountKind.VOLUME, round(rng.uniform(0.65, 0.84), 3), t2, mode)
            )
    policy = Policy(
        budget_annual=None,
        horizon_years=3.0,
        min_xinchuang_share=rng.choice((0.0, 0.0, 0.3)),
        max_vendor_share=rng.choice((1.0, 0.75, 0.6)),
        min_vendors=rng.choice((1, 1, 2)),
    )
    return PlanInput(tuple(platforms), tuple(prices), workloads, policy, discounts=tuple(discounts))


def _choice(inp: PlanInput, plan) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    index = {p.key: j for j, p in enumerate(inp.platforms)}
    return tuple(index[a.platform.key] for a in plan.assignments)


def _agrees_with_brute_force(inp: PlanInput) -> str:
    loose, strict = optimum(inp, LOOSE), optimum(inp, STRICT)
    if (loose is None) != (strict is None) or (
        loose is not None and strict is not None and abs(loose[0] - strict[0]) > 1e-6 * strict[0]
    ):
        return "ambiguous"
    plan = solve(inp, diagnose=False)
    if strict is None:
        assert plan.status is SolveStatus.INFEASIBLE
        return "infeasible"
    assert plan.status is SolveStatus.OPTIMAL, (plan, strict)
    got = evaluate(inp, _choice(inp, plan), LOOSE)
    assert got is not None, f"the plan breaks a rule: {_choice(inp, plan)}"
    assert plan.total_annual_cost == pytest.approx(got.cost, rel=1e-9, abs=1e-6)
    assert got.cost == pytest.approx(strict[0], rel=2e-6, abs=1e-4), (got.cost, strict)
    return (
        "tier reached"
        if any(t.tier_threshold is not None for t in plan.vendor_terms)
        else "optimal"
    )


SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_per_interval_solve_matches_brute_force(seed: int) -> None:
    inp = tiered_county(random.Random(2100 + seed))
    # with a tight budget too: 1 % above the brute-force optimum without one
    found = optimum(inp, STRICT)
    _agrees_with_brute_force(inp)
    if found is not None:
        from dataclasses import replace

        tight = replace(inp, policy=replace(inp.policy, budget_annual=round(found[0] * 1.01, 2)))
        _agrees_with_brute_force(tight)


@pytest.mark.parametrize("seed", SEEDS[:15])
def test_single_mip_path_matches_brute_force(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same instances as one MIP (no per-interval solve): the two paths agree because both
    agree with the enumeration."""
    monkeypatch.setattr(solvers, "CHOICE_COMBINATIONS_MAX", 1)
    _agrees_with_brute_force(tiered_county(random.Random(2100 + seed)))


def test_the_tiered_counties_use_the_per_interval_solve_and_reach_tiers() -> None:
    """The generator is not vacuous: most instances are solved per interval (2–9 combinations,
    at most CHOICE_COMBINATIONS_MAX), tiers are reached in optimal plans, some are infeasible
    only through the rules."""
    seen: dict[str, int] = {}
    for seed in SEEDS:
        inp = tiered_county(random.Random(2100 + seed))
        combos = solvers.choice_combinations(build_model(CostModel(inp)).model)
        if len(combos) >= 2:
            seen["per interval"] = seen.get("per interval", 0) + 1
        outcome = _agrees_with_brute_force(inp)
        seen[outcome] = seen.get(outcome, 0) + 1
    assert seen.get("per interval", 0) >= 20, seen
    assert seen.get("tier reached", 0) >= 10, seen


def test_run_highs_by_choice_is_not_used_for_a_model_without_tiers() -> None:
    inp = tiered_county(random.Random(2100))
    from dataclasses import replace

    plain = replace(inp, discounts=())
    bm = build_model(CostModel(plain))
    assert bm.model.choice_groups == []
    assert solvers.run_highs_by_choice(bm.model, bm.num_pairs, 1e-6, None, None, 0.0) is None
