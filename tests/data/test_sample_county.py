"""The sample county is a real test of the rules: budget, 信创 share and vendor cap all bite."""

from __future__ import annotations

from dataclasses import replace

import pytest

from data.samples import sample_county
from planner.model import SolveStatus
from planner.optimize import solve


@pytest.fixture(scope="module")
def county():
    return sample_county()


@pytest.fixture(scope="module")
def base(county):
    plan = solve(county)
    assert plan.status is SolveStatus.OPTIMAL
    return plan


def _cost(county, **changes):
    plan = solve(county, policy=replace(county.policy, **changes), diagnose=False)
    return plan.total_annual_cost if plan.has_solution else None


def test_budget_is_tight(county, base):
    headroom = county.policy.budget_annual - base.total_annual_cost
    assert 0 < headroom < 0.02 * county.policy.budget_annual


def test_xinchuang_share_binds(county, base):
    assert base.xinchuang_share == pytest.approx(county.policy.min_xinchuang_share, abs=0.02)
    assert _cost(county, min_xinchuang_share=0.0) < base.total_annual_cost - 100_000
    assert (
        _cost(county, min_xinchuang_share=county.policy.min_xinchuang_share + 0.05) is None
    )  # over budget


def test_vendor_cap_binds(county, base):
    assert _cost(county, max_vendor_share=1.0) < base.total_annual_cost - 1_000
    assert _cost(county, max_vendor_share=county.policy.max_vendor_share - 0.05) is None


def test_diagnosis_of_a_tighter_budget(county, base):
    plan = solve(county, policy=replace(county.policy, budget_annual=4_500_000.0))
    assert plan.status is SolveStatus.INFEASIBLE
    assert plan.min_budget == pytest.approx(base.total_annual_cost, abs=0.01)
    assert any(f"¥{plan.min_budget:,.2f}" in line for line in plan.diagnosis)
