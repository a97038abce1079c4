"""Structure-first reductions never change the optimum (issue 11), checked against brute force."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from brute import reference
from test_optimality import seeded

from planner import optimize
from planner.costing import CostModel
from planner.model import PlanInput, SolveStatus


def _share_off(inp: PlanInput) -> PlanInput:
    return replace(inp, policy=replace(inp.policy, max_vendor_share=1.0))


def test_dominated_platforms_removed_optimum_unchanged() -> None:
    checked = removed_somewhere = 0
    for seed in range(120):
        inp = _share_off(seeded(40_000 + seed))
        cm = CostModel(inp)
        mask = optimize.dominated_pairs(cm, inp.policy, optimize.ModelOptions(), cm.eligible)
        # a dominated pair is always eligible, and every system keeps at least one platform
        assert not (mask & ~cm.eligible).any()
        assert ((cm.eligible & ~mask).any(axis=1) | ~cm.eligible.any(axis=1)).all()
        removed_somewhere += int(mask.any())
        ref = reference(inp)
        if ref.ambiguous:
            continue
        plan = optimize.solve(inp, gap=1e-9, diagnose=False)
        if ref.optimum is None:
            assert plan.status is SolveStatus.INFEASIBLE, seed
        else:
            assert plan.status is SolveStatus.OPTIMAL, seed
            assert plan.total_annual_cost == pytest.approx(ref.optimum.cost, rel=1e-6, abs=1e-6), seed
        checked += 1
    assert checked >= 90
    assert removed_somewhere >= 20  # the reduction was exercised, not vacuously skipped


def test_no_reduction_while_vendor_share_binds_elsewhere() -> None:
    """With the vendor-share rule on, a cheaper move can break another vendor's share: nothing is dropped."""
    for seed in range(20):
        inp = seeded(50_000 + seed)
        if inp.policy.max_vendor_share >= 1.0:
            continue
        cm = CostModel(inp)
        assert not optimize.dominated_pairs(cm, inp.policy, optimize.ModelOptions(), cm.eligible).any()


def test_reduction_shrinks_a_county_model() -> None:
    from benchmarks.synthetic import synthetic_county

    inp = _share_off(synthetic_county(300, seed=2))
    cm = CostModel(inp)
    reduced = optimize.build_model(cm)
    assert reduced.num_pairs < int(cm.eligible.sum()) * 0.8
    # every kept pair is eligible
    assert cm.eligible[reduced.pair_w, reduced.pair_p].all()
    assert np.unique(reduced.pair_w).size == len(inp.workloads)
