"""The engine's plan is the brute-force optimum on many random small instances (docs/DESIGN.md §2).

One instance generator, two drivers: hypothesis (shrinks a failure to a small instance) and a
seeded ``random.Random`` loop (the same instances every run). Instances have ≤ 8 systems × ≤ 4
platforms of 1–3 vendors, so the reference can enumerate every assignment. Instances whose
optimum depends on a solver tolerance (a plan exactly on a constraint boundary) are skipped,
see ``brute.reference``.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

import pytest
from brute import LOOSE, assignment_cost, brute_force, choice_of, cost_matrix, reference, violations
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

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

T = TypeVar("T")

VENDORS = ("天翼云", "移动云", "联通云")
# Platform names repeat across vendors on purpose: a platform is (vendor, name).
PLATFORM_NAMES = ("政务云", "信创云", "专属云", "政务云二区")
# (resource, yearly price range) — monthly prices are drawn as a tenth of it (≈ two months free)
UNIT_PRICES = (
    ("vcpu", 400, 900),
    ("ram_gb", 80, 200),
    ("storage_gb", 2, 14),
    ("bandwidth_mbps", 300, 1200),
)
SECURITY_PRICES = (
    ("security_l2", 10000, 40000),
    ("security_l3", 30000, 100000),
    ("security_l4", 80000, 200000),
)


class Draw:
    """The few random choices the generator makes, over hypothesis or random.Random."""

    def __init__(
        self, integer: Callable[[int, int], int], real: Callable[[float, float], float]
    ) -> None:
        self.integer = integer
        self.real = real

    def coin(self, percent: int) -> bool:
        return self.integer(0, 99) < percent

    def pick(self, options: Sequence[T]) -> T:
        return options[self.integer(0, len(options) - 1)]

    def money(self, lo: float, hi: float) -> float:
        """A price in whole fen."""
        return round(self.real(lo, hi), 2)


def from_random(rng: random.Random) -> Draw:
    return Draw(rng.randint, rng.uniform)


@functools.cache
def _integers(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.cache
def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def from_hypothesis(draw: Any) -> Draw:
    # strategies are cached: building one per draw would dominate the run time
    return Draw(lambda lo, hi: draw(_integers(lo, hi)), lambda lo, hi: draw(_floats(lo, hi)))


def random_instance(d: Draw, max_workloads: int = 8, max_platforms: int = 4) -> PlanInput:
    """A random instance; budget_annual is left for the test to set (it needs the optimum)."""
    n_vendors = d.integer(2, 3)
    n_platforms = d.integer(2, max_platforms)
    platforms: list[Platform] = []
    prices: list[PriceLine] = []
    used_keys: set[tuple[str, str]] = set()
    for j in range(n_platforms):
        vendor = VENDORS[j % n_vendors] if j < n_vendors else d.pick(VENDORS[:n_vendors])
        name = d.pick(PLATFORM_NAMES)
        while (vendor, name) in used_keys:
            name = PLATFORM_NAMES[(PLATFORM_NAMES.index(name) + 1) % len(PLATFORM_NAMES)]
        used_keys.add((vendor, name))
        # most instances have one full-service pool, so that most systems have somewhere to go
        full_service = j == 0 and d.coin(70)
        capacity = float(d.integer(4, 40)) if d.coin(30) else None
        platforms.append(
            Platform(
                vendor,
                name,
                Deployment.PUBLIC if not full_service and d.coin(30) else Deployment.PRIVATE,
                xinchuang=d.coin(45),
                mlps_level=4 if full_service else d.pick((1, 2, 3, 3, 4, 4, 4)),
                capacity_vcpu=capacity,
            )
        )
        for resource, lo, hi in UNIT_PRICES + SECURITY_PRICES:
            if not full_service and d.coin(6):
                continue  # not offered
            if d.coin(50):
                prices.append(
                    PriceLine(vendor, name, resource, d.money(lo / 10, hi / 10), Period.MONTH)
                )
            else:
                prices.append(PriceLine(vendor, name, resource, d.money(lo, hi), Period.YEAR))
    workloads: list[Workload] = []
    for i in range(d.integer(1, max_workloads)):
        vcpu = float(d.pick((0, 1, 2, 2, 4, 4, 8, 8, 16)))
        current = d.pick(platforms) if d.coin(60) else None
        workloads.append(
            Workload(
                name=f"系统{i + 1}",
                department=d.pick(("财政局", "人社局", "卫健委", "公安局")),
                vcpu=vcpu,
                ram_gb=vcpu * d.pick((0, 2, 4, 8)),
                storage_gb=float(d.pick((0, 50, 100, 500, 2000))),
                bandwidth_mbps=float(d.pick((0, 0, 1, 5, 20))),
                data_class=d.pick(
                    (
                        DataClass.CORE,
                        DataClass.IMPORTANT,
                        DataClass.GENERAL,
                        DataClass.GENERAL,
                        DataClass.PUBLIC,
                    )
                ),
                mlps_level=d.pick((1, 2, 2, 3, 3, 3, 4)),
                xinchuang_required=d.coin(8),
                current_vendor=current.vendor if current else None,
                current_platform=current.name if current else None,
                migration_cost=d.money(1000, 300000) if d.coin(60) else 0.0,
                xinchuang_adaptation_cost=d.money(10000, 800000) if d.coin(60) else 0.0,
            )
        )
    # Shares get an odd offset so that x × total never lands exactly on the bound.
    policy = Policy(
        horizon_years=d.pick((1.0, 2.0, 2.5, 3.0, 3.0, 5.0)),
        min_xinchuang_share=d.integer(1, 15) / 20 + 0.00731 if d.coin(30) else 0.0,
        max_vendor_share=d.integer(8, 19) / 20 + 0.00417 if d.coin(30) else 1.0,
        min_vendors=d.pick((1, 1, 1, 1, 2, 2, 3)),
    )
    return PlanInput(tuple(platforms), tuple(prices), tuple(workloads), policy, name="随机县")


def with_budget(inp: PlanInput, factor: float | None) -> PlanInput:
    """Set the budget to factor × the optimum without a budget (plus an odd 0.37 元)."""
    if factor is None:
        return inp
    free = brute_force(inp)
    base = free.cost if free is not None else 3e5  # any budget: the other rules already fail
    return replace(inp, policy=replace(inp.policy, budget_annual=round(base * factor + 0.37, 2)))


BUDGET_FACTORS = (None, None, 0.97, 0.999, 1.0005, 1.05, 1.3)


# --- the comparison ------------------------------------------------------------------------------
def assert_matches_reference(inp: PlanInput, solver: str = "highs", diagnose: bool = True) -> bool:
    """Engine vs brute force; False when the instance is ambiguous (skipped)."""
    ref = reference(inp)
    if ref.ambiguous:
        return False
    plan = solve(inp, solver=solver, diagnose=diagnose)
    if currently_in_test_context():  # hypothesis statistics (--hypothesis-show-statistics)
        event(describe(inp, ref))
    if ref.optimum is None:
        assert plan.status == SolveStatus.INFEASIBLE, (
            f"reference: no plan; engine: {plan!r} {[a.platform.label for a in plan.assignments]}"
        )
        assert plan.assignments == ()
        if diagnose:
            assert plan.diagnosis, "an infeasible plan must say why"
            check_min_budget(inp, plan, solver)
        return True
    assert plan.status == SolveStatus.OPTIMAL, (
        f"reference optimum {ref.optimum.cost} at {ref.optimum.choice}; engine {plan.status}: {plan.diagnosis}"
    )
    choice = choice_of(inp, plan)
    # the engine's plan obeys every rule, re-checked from scratch
    assert violations(inp, choice, LOOSE) == [], choice
    # its reported cost is the cost of its assignment, pair by pair
    costs = cost_matrix(inp)
    for a, i, j in zip(plan.assignments, range(len(choice)), choice, strict=True):
        assert a.annual_cost == pytest.approx(costs[i][j], rel=1e-9, abs=1e-9), a.workload.name
    assert plan.total_annual_cost == pytest.approx(assignment_cost(inp, choice), rel=1e-9, abs=1e-9)
    # and it is the optimum (relative gap 1e-6)
    assert math.isclose(plan.total_annual_cost, ref.optimum.cost, rel_tol=1e-6, abs_tol=1e-6), (
        f"engine {plan.total_annual_cost} at {choice}; reference {ref.optimum.cost} at {ref.optimum.choice}"
    )
    return True


def describe(inp: PlanInput, ref: Any) -> str:
    """A label for hypothesis statistics: what kind of instance this was."""
    if any(all(c is None for c in row) for row in cost_matrix(inp)):
        return "a system with no eligible platform"
    if ref.optimum is None:
        free = replace(inp.policy, budget_annual=None)
        if (
            inp.policy.budget_annual is not None
            and brute_force(replace(inp, policy=free)) is not None
        ):
            return "infeasible because of the budget"
        return "infeasible (rules conflict)"
    return "feasible"


def ceil_fen(amount: float) -> float:
    return math.ceil(round(amount * 100, 6)) / 100


def check_min_budget(inp: PlanInput, plan: Any, solver: str) -> None:
    """When a budget is in the way, min_budget is the optimum without it (up to the fen)."""
    budget = inp.policy.budget_annual
    without = (
        brute_force(replace(inp, policy=replace(inp.policy, budget_annual=None)))
        if budget is not None
        else None
    )
    if without is None:
        # the budget is not the (only) obstacle: nothing to raise it to
        assert plan.min_budget is None
        return
    # the budget alone blocks every plan; raising it to the optimum without it is the least fix
    assert plan.min_budget is not None, plan.diagnosis
    assert plan.min_budget == pytest.approx(ceil_fen(without.cost), abs=1e-6), plan.diagnosis
    assert any(f"¥{plan.min_budget:,.2f}" in m for m in plan.diagnosis), plan.diagnosis
    raised = replace(inp, policy=replace(inp.policy, budget_annual=plan.min_budget))
    assert solve(raised, solver=solver, diagnose=False).has_solution


# --- hypothesis ----------------------------------------------------------------------------------
@st.composite
def instances(draw: Any, max_workloads: int = 8, max_platforms: int = 4) -> PlanInput:
    inp = random_instance(from_hypothesis(draw), max_workloads, max_platforms)
    return with_budget(inp, draw(st.sampled_from(BUDGET_FACTORS)))


SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}


@settings(max_examples=200, **SETTINGS)
@given(instances())
def test_cost_matrix_matches_reference(inp: PlanInput) -> None:
    cm = CostModel(inp)
    for i, row in enumerate(cost_matrix(inp)):
        for j, ref in enumerate(row):
            assert bool(cm.eligible[i, j]) == (ref is not None), (
                inp.workloads[i],
                inp.platforms[j],
            )
            if ref is not None:
                assert cm.total[i, j] == pytest.approx(ref, rel=1e-12, abs=1e-9)


@settings(max_examples=500, **SETTINGS)
@given(instances())
def test_highs_finds_the_optimum(inp: PlanInput) -> None:
    assume(assert_matches_reference(inp, "highs"))


@settings(max_examples=80, **SETTINGS)
@given(instances(max_workloads=6))
def test_cbc_finds_the_optimum(inp: PlanInput) -> None:
    assume(assert_matches_reference(inp, "cbc", diagnose=False))


# --- seeded loop ---------------------------------------------------------------------------------
def seeded(seed: int) -> PlanInput:
    rng = random.Random(seed)
    return with_budget(random_instance(from_random(rng)), rng.choice(BUDGET_FACTORS))


@pytest.mark.parametrize("block", range(6))
def test_seeded_instances_highs(block: int) -> None:
    checked = 0
    statuses: set[bool] = set()
    for seed in range(block * 50, block * 50 + 50):
        inp = seeded(seed)
        if assert_matches_reference(inp, "highs"):
            checked += 1
            statuses.add(brute_force(inp) is not None)
    assert checked >= 40  # few instances are ambiguous
    assert statuses == {True, False}  # both feasible and infeasible instances were seen


def test_seeded_instances_cbc() -> None:
    checked = sum(
        assert_matches_reference(seeded(10_000 + seed), "cbc", diagnose=False) for seed in range(40)
    )
    assert checked >= 32


def test_generator_covers_the_rules() -> None:
    """The seeded instances exercise every rule family (binding somewhere)."""
    binding: set[str] = set()
    for seed in range(160):
        inp = seeded(seed)
        base = brute_force(inp)
        pol = inp.policy
        for family, relaxed in (
            ("budget", replace(pol, budget_annual=None)),
            ("xinchuang", replace(pol, min_xinchuang_share=0.0)),
            ("vendor_share", replace(pol, max_vendor_share=1.0)),
            ("min_vendors", replace(pol, min_vendors=1)),
        ):
            if relaxed == pol:
                continue
            other = brute_force(replace(inp, policy=relaxed))
            if (base is None) != (other is None) or (
                base and other and other.cost < base.cost - 1e-6
            ):
                binding.add(family)
        uncapped = replace(
            inp, platforms=tuple(replace(p, capacity_vcpu=None) for p in inp.platforms)
        )
        other = brute_force(uncapped)
        if (base is None) != (other is None) or (base and other and other.cost < base.cost - 1e-6):
            binding.add("capacity")
    assert binding == {"budget", "xinchuang", "vendor_share", "min_vendors", "capacity"}
