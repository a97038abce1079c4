"""A saved plan rebuilt from its choices costs exactly what the reference says; bad choices fail."""

from __future__ import annotations

import random

import pytest
from brute import assignment_cost, ineligibility
from test_optimality import from_random, random_instance

from planner.extract import plan_from_choices
from planner.model import SolveStatus


@pytest.mark.parametrize("seed", range(40))
def test_any_eligible_choice_is_costed_like_the_reference(seed: int) -> None:
    inp = random_instance(from_random(random.Random(seed)))
    rng = random.Random(1000 + seed)
    choice: list[int] = []
    for w in inp.workloads:
        ok = [j for j, p in enumerate(inp.platforms) if not ineligibility(inp, w, p)]
        if not ok:
            with pytest.raises(ValueError):
                plan_from_choices(inp, [(w.name, p.vendor, p.name) for p in inp.platforms[:1]])
            return
        choice.append(rng.choice(ok))
    rows = [
        (w.name, inp.platforms[j].vendor, inp.platforms[j].name)
        for w, j in zip(inp.workloads, choice, strict=True)
    ]
    plan = plan_from_choices(inp, list(reversed(rows)), SolveStatus.FEASIBLE, solver="highs")
    assert plan.status is SolveStatus.FEASIBLE and plan.solver == "highs"
    assert [a.workload.name for a in plan.assignments] == [
        w.name for w in inp.workloads
    ]  # input order
    assert plan.total_annual_cost == pytest.approx(
        assignment_cost(inp, choice), rel=1e-12, abs=1e-9
    )


def test_bad_choices_are_refused() -> None:
    for seed in range(100):  # an instance with an eligible and an ineligible pair for system 0
        inp = random_instance(from_random(random.Random(seed)))
        w0 = inp.workloads[0]
        ok = [p for p in inp.platforms if not ineligibility(inp, w0, p)]
        bad = [p for p in inp.platforms if ineligibility(inp, w0, p)]
        if ok and bad:
            break
    else:
        pytest.fail("no instance with both kinds of pair")
    p0 = ok[0]
    with pytest.raises(ValueError, match="every workload"):
        plan_from_choices(inp, [])
    with pytest.raises(ValueError, match="does not fit"):
        plan_from_choices(inp, [("没有这个系统", p0.vendor, p0.name)])
    with pytest.raises(ValueError, match="does not fit"):
        plan_from_choices(inp, [(w0.name, "没有这个供应商", p0.name)])
    with pytest.raises(ValueError, match="does not fit"):  # the same system twice
        plan_from_choices(inp, [(w0.name, p0.vendor, p0.name)] * 2)
    with pytest.raises(ValueError, match="does not fit"):  # a platform the rules keep it off
        plan_from_choices(inp, [(w0.name, bad[0].vendor, bad[0].name)])
