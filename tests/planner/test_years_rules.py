"""Hand-computed cases, one per rule of the multi-year model.

Two platforms: 甲/A (non-信创, 100 元/vCPU/年) and 乙/B (信创, 150 元/vCPU/年); one 10-vCPU system costs
1,000 元 a year on A and 1,500 on B; a move costs 300 (migration) + 200 on landing on 信创.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.build import FAMILIES, MODEL_FUNCTIONS
from planner.milp import ModelOptions
from planner.model import (
    DataClass,
    Deployment,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    SolveStatus,
    Workload,
    YearRow,
    YearsSpec,
)
from planner.optimize import solve
from planner.rules import RULES, Acts

A = Platform("甲", "A", Deployment.PRIVATE, xinchuang=False, mlps_level=3)
B = Platform("乙", "B", Deployment.PRIVATE, xinchuang=True, mlps_level=3)
YEARS = (2026, 2027, 2028)


def system(name: str = "S", on: Platform | None = A, **kw: object) -> Workload:
    return Workload(
        name,
        "局",
        10,
        0,
        0,
        0,
        DataClass.GENERAL,
        1,
        current_vendor=on.vendor if on else None,
        current_platform=on.name if on else None,
        migration_cost=300,
        xinchuang_adaptation_cost=200,
        **kw,
    )  # type: ignore[arg-type]


def instance(
    *systems: Workload,
    rows: tuple[YearRow, ...] | None = None,
    a_line: PriceLine | None = None,
    **spec: object,
) -> PlanInput:
    prices = (a_line or PriceLine("甲", "A", "vcpu", 100.0), PriceLine("乙", "B", "vcpu", 150.0))
    rows = rows or tuple(YearRow(y) for y in YEARS)
    return PlanInput((A, B), prices, systems, Policy(), years=YearsSpec(rows, **spec))  # type: ignore[arg-type]


def where(plan, w: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.name if p else "-" for p in (plan.location(w, t) for t in range(len(plan.years)))]


def test_rising_xinchuang_target_and_contract_expiry() -> None:
    rows = (
        YearRow(2026),
        YearRow(2027, min_xinchuang_share=1.0),
        YearRow(2028, min_xinchuang_share=1.0),
    )
    plan = solve(instance(system(contract_end_year=2027), rows=rows))
    assert where(plan) == ["A", "B", "B"]
    assert plan.year_costs == pytest.approx(
        (1000, 1500 + 300 + 200, 1500)
    )  # one-time costs in the move year
    assert [
        [(m.workload.name, m.origin.name, m.target.name) for m in wave] for wave in plan.moves
    ] == [[], [("S", "A", "B")], []]
    assert [plan.year_xinchuang_share(t) for t in range(3)] == [0.0, 1.0, 1.0]
    # the contract runs to 2028: the 2027 target cannot be met
    late = solve(instance(system(contract_end_year=2028), rows=rows), diagnose=False)
    assert late.status is SolveStatus.INFEASIBLE


def test_earliest_year_keeps_a_machine_room_system_off_the_cloud_until_then() -> None:
    plan = solve(instance(system(on=None, earliest_year=2027)))
    assert where(plan) == ["-", "A", "A"]
    assert plan.year_costs == pytest.approx((0, 1000 + 300, 1000))


def test_keep_in_place_never_moves() -> None:
    kept = solve(instance(system(on=B, keep_in_place=True)))
    assert where(kept) == ["B", "B", "B"] and kept.year_costs == pytest.approx((1500, 1500, 1500))
    free = solve(instance(system(on=B)))
    assert where(free) == ["A", "A", "A"] and free.year_costs == pytest.approx((1300, 1000, 1000))


def test_retired_system_costs_nothing_from_its_retire_year() -> None:
    plan = solve(instance(system(retire_year=2027)))
    assert where(plan) == ["A", "-", "-"] and plan.year_costs == pytest.approx((1000, 0, 0))
    assert plan.active_vcpu(1) == 0


def test_yearly_price_change_compounds() -> None:
    plan = solve(instance(system(), a_line=PriceLine("甲", "A", "vcpu", 100.0, yearly_change=-0.1)))
    assert plan.year_costs == pytest.approx((1000, 900, 810))
    # counted from 生效年份 when it is before the first plan year
    early = PriceLine("甲", "A", "vcpu", 100.0, valid_from=2025, yearly_change=-0.1)
    assert solve(instance(system(), a_line=early)).year_costs == pytest.approx((900, 810, 729))


def test_price_window_forces_a_move() -> None:
    plan = solve(instance(system(), a_line=PriceLine("甲", "A", "vcpu", 100.0, valid_to=2026)))
    assert where(plan) == ["A", "B", "B"]
    assert plan.year_costs == pytest.approx((1000, 2000, 1500))


def test_year_budget_delays_a_move() -> None:
    on_b = replace(system(on=B), migration_cost=600)
    assert solve(instance(on_b)).year_costs == pytest.approx((1600, 1000, 1000))
    rows = (YearRow(2026, budget=1500), YearRow(2027), YearRow(2028))
    plan = solve(instance(on_b, rows=rows))
    assert where(plan) == ["B", "A", "A"] and plan.year_costs == pytest.approx((1500, 1600, 1000))


def test_move_caps_spread_a_wave() -> None:
    rows = (YearRow(2026, max_moves=1), YearRow(2027), YearRow(2028))
    plan = solve(
        instance(system("S1", on=B), replace(system("S2", on=B), migration_cost=400), rows=rows)
    )
    assert [len(m) for m in plan.moves] == [1, 1, 0]
    assert where(plan, 0) == ["A", "A", "A"] and where(plan, 1) == [
        "B",
        "A",
        "A",
    ]  # the cheaper move first
    assert plan.year_costs == pytest.approx((1300 + 1500, 1000 + 1400, 2000))
    vcpu_rows = (YearRow(2026, max_move_vcpu=9.5), YearRow(2027), YearRow(2028))
    capped = solve(instance(system("S1", on=B), rows=vcpu_rows))
    assert where(capped) == ["B", "A", "A"]


def test_moves_at_most_once_unless_allowed() -> None:
    # A is offered in 2026 and again from 2028 (two windows), cheaper than B in between
    lines = (
        PriceLine("甲", "A", "vcpu", 100.0, valid_to=2026),
        PriceLine("甲", "A", "vcpu", 100.0, valid_from=2028),
        PriceLine("乙", "B", "vcpu", 150.0),
    )
    w = replace(system(), migration_cost=100, xinchuang_adaptation_cost=0)
    once = replace(instance(w), prices=lines)
    plan = solve(once)
    assert where(plan) == ["A", "B", "B"] and plan.year_costs == pytest.approx((1000, 1600, 1500))
    twice = replace(once, years=replace(once.years, allow_multiple_moves=True))  # type: ignore[arg-type]
    plan2 = solve(twice)
    assert where(plan2) == ["A", "B", "A"] and plan2.year_costs == pytest.approx((1000, 1600, 1100))


def test_discount_rate_weights_later_years_less() -> None:
    plan = solve(instance(system(on=B, keep_in_place=True), discount_rate=0.05))
    assert plan.present_value == pytest.approx(1500 + 1500 / 1.05 + 1500 / 1.05**2)
    assert plan.total_cost == pytest.approx(4500)


def test_registry_names_every_year_function() -> None:
    """The one registry names the function of every row family (each writes its rows for every
    year) and the ModelOptions flag that switches it; the rules that shape the routes have none."""
    options = {r.option for r in RULES if r.option}
    assert options == {flag for flag, _ in FAMILIES}
    for r in RULES:
        if r.model_function is not None:
            assert r.acts is Acts.ROWS, r.key
            assert callable(MODEL_FUNCTIONS.get(r.model_function)), r.key
            assert hasattr(ModelOptions(), r.option or ""), r.key
        else:  # the routes, eligibility, a parameter, or system_rule:<i> (its kind's family)
            assert r.option is None, r.key


def test_vendor_share_cap_every_year_added_lazily_and_exact() -> None:
    # both on A would be 100% 甲; one moves to B: 2026 B = 1,500 + 300 + 200 of 3,000 (66.7% ≤ 70%)
    inp = replace(instance(system("S1"), system("S2")), policy=Policy(max_vendor_share=0.7))
    plan = solve(inp)
    assert plan.year_costs == pytest.approx((3000, 2500, 2500))
    for t in range(3):
        assert max(plan.year_plans[t].vendor_shares.values()) <= 0.7 + 1e-9
    # without the cap both stay on A
    free = solve(replace(inp, policy=Policy()))
    assert free.year_costs == pytest.approx((2000, 2000, 2000))
    # a cap that no year can meet: the one-time costs make 2026 at least 2,000 of 3,000 on one vendor
    assert (
        solve(replace(inp, policy=Policy(max_vendor_share=0.6)), diagnose=False).status
        is SolveStatus.INFEASIBLE
    )


def test_time_limited_solve_uses_every_vendor_row() -> None:
    """With a time limit the vendor-share rows are all in the model from the start (no lazy rows
    that an early stop could leave broken); the answer is the same."""
    inp = replace(instance(system("S1"), system("S2")), policy=Policy(max_vendor_share=0.7))
    plan = solve(inp, time_limit=60)
    assert plan.year_costs == pytest.approx((3000, 2500, 2500))
    assert plan.size["rows"] > solve(inp).size["rows"]  # the lazy model holds fewer rows
