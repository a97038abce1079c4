"""Issue 23 in the desktop app: what a user sees when a file cannot be read or written, when
the recovery file is damaged, and when the two solvers disagree about "no plan exists"."""

from __future__ import annotations

from dataclasses import replace

from planner import solvers
from planner.model import SolveStatus

#: HiGHS with feasibility tolerances far tighter than its defaults (see
#: tests/planner/test_second_opinion.py for the same instance at the planner level).
STRICT_HIGHS = {"mip_feasibility_tolerance": 1e-10, "primal_feasibility_tolerance": 1e-10}


def test_a_solver_disagreement_shows_on_the_plan_page(window, monkeypatch):
    from data.samples import sample_county
    from planner.optimize import solve
    from ui.app.solve_child import SolveOutcome

    county = sample_county()
    optimum = solve(county).total_annual_cost
    for name, value in STRICT_HIGHS.items():
        monkeypatch.setitem(solvers.HIGHS_OPTIONS, name, value)
    inp = replace(county, policy=replace(county.policy, budget_annual=optimum - 1e-4))
    plan = solve(inp)
    assert plan.status is SolveStatus.FEASIBLE
    window.plan_page.show_outcome(SolveOutcome(plan, inp))
    banner = window.plan_page.banner
    assert "两种求解器的结论不一致" in banner.text()
    assert banner.kind == "warn"  # not the green of a proven optimum
