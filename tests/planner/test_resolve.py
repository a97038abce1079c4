"""The re-solve engine's shortcuts change no answer (planner.resolve, planner.build.prices_matter).

A question that imposes at least the rules of one proven to have no plan is answered "no plan"
without a solve, a question asked twice is answered once, and a model that neither optimises nor
bounds a cost is built without the commercial terms' rows. Checked against the same engine with
every shortcut switched off, on random year plans with terms and per-system rules that have no
plan (and on the infeasible county of benchmarks/bench_diagnose.py).
"""

from __future__ import annotations

import random

import pytest
from test_years_with_terms import seeded_terms_years

from benchmarks.bench_diagnose import pinned_county
from planner import build
from planner.diagnose import diagnose_by_year
from planner.milp import YEAR_FLAGS, ModelOptions, Objective
from planner.model import SolveStatus
from planner.optimize import solve
from planner.resolve import Resolver
from planner.solvers import solve_model


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Resolver, "_rules_off", staticmethod(lambda options: None))
    monkeypatch.setattr(build, "prices_matter", lambda rows, policy, options: True)


#: seeded_terms_years instances without a plan (the first twelve of 0–119; a test checks it).
INFEASIBLE_SEEDS = (0, 2, 4, 5, 7, 8, 9, 10, 11, 13, 14, 15)
#: Solves the shortcuts saved in each comparison below.
SAVED: list[int] = []


@pytest.mark.parametrize("seed", INFEASIBLE_SEEDS)
def test_year_diagnosis_is_the_same_without_the_shortcuts(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    inp = seeded_terms_years(seed)
    assert solve(inp, diagnose=False).status is SolveStatus.INFEASIBLE
    fast = diagnose_by_year(inp)
    with monkeypatch.context() as m:
        _without_shortcuts(m)
        slow = diagnose_by_year(inp)
    assert fast.infeasible_years == slow.infeasible_years
    assert [(f.year, f.rule, f.current, f.least) for f in fast.findings] == [
        (f.year, f.rule, f.current, f.least) for f in slow.findings
    ]
    assert [m.zh for m in fast.messages] == [m.zh for m in slow.messages]
    assert fast.resolves <= slow.resolves
    SAVED.append(slow.resolves - fast.resolves)


def test_the_shortcuts_save_solves() -> None:
    """Runs after the comparisons above (same module, file order): some of them were answered
    with fewer solves, so the comparison was not between two identical runs."""
    assert len(SAVED) == len(INFEASIBLE_SEEDS) and sum(s > 0 for s in SAVED) >= 3, SAVED


def test_terms_do_not_change_a_question_without_costs() -> None:
    """With the budget and vendor shares off and no cost objective, the model built without the
    terms' rows has the same status and objective as the same model with them written (random
    year plans with terms, several objectives)."""
    rng = random.Random(4242)
    compared = 0
    for seed in range(80):
        inp = seeded_terms_years(seed)
        T = len(inp.years.years)  # type: ignore[union-attr]
        off = frozenset((f, t) for f in ("budget", "vendor_share") for t in range(T))
        objective = rng.choice(
            [Objective.FEASIBILITY, Objective.MAX_XINCHUANG, Objective.MIN_MOVES]
        )
        options = ModelOptions(objective=objective, off=off)
        lean = build.build_model(inp, options=options)
        assert not build.prices_matter(lean.rows, lean.policy, options)
        full = build.build_model(inp, options=options)
        before = full.model.num_row
        for flag, family in build.FAMILIES:  # the terms' rows written after all
            if flag == "terms":
                family(full)
        if full.model.num_row == before:
            continue  # no term of this instance writes rows
        assert lean.model.num_row == before
        a, b = solve_model(lean), solve_model(full)
        assert a.status is b.status, seed
        if a.status is SolveStatus.OPTIMAL:
            assert a.objective == pytest.approx(b.objective, abs=1e-6), seed
        compared += 1
    assert compared >= 10


def test_all_off_question_proves_the_bench_case_needs_two_solves() -> None:
    """The benchmark's county (不同供应商 over three systems only two vendors host): the diagnosis
    names the rule, and every question with more rules than 'all rows off' is answered without a
    solve (the all-off question, then the rule dropped)."""
    plan = solve(pinned_county())
    diag = plan.infeasibility
    assert plan.status is SolveStatus.INFEASIBLE and diag is not None
    assert any(f.rule == "system_rule:0" for f in diag.findings)
    assert diag.resolves == 2


def test_a_question_with_more_rules_than_one_without_a_plan_is_not_solved() -> None:
    inp = pinned_county()
    rs = Resolver(inp)
    T = len(inp.years.years)  # type: ignore[union-attr]
    every = frozenset((f, t) for f in YEAR_FLAGS for t in range(T))
    assert not rs.feasible_without(every)
    assert rs.count == 1
    fewer_off = frozenset(x for x in every if x[1] != 0)
    assert not rs.feasible_without(fewer_off)
    assert rs.count == 1  # answered from the proof above
    assert not rs.feasible_without(every)  # asked again: answered once
    assert rs.count == 1
    dropped = rs.solve(
        ModelOptions(objective=Objective.FEASIBILITY, dropped_system_rules=frozenset({0}))
    )
    assert dropped[1].status is SolveStatus.OPTIMAL and rs.count == 2
