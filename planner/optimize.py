"""Solve: the plan of an input — the cheapest that obeys every rule, or why there is none.

The pipeline of docs/DESIGN.md §2: cost (planner.costing) → build (planner.build) → solve
(planner.solvers, the one solver boundary) → extract (planner.extract); when the solver proves
there is no plan, the diagnosis (planner.diagnose) says why. :func:`solve_years` is the same
pipeline for an input with a 年度计划 (planner.years, planner.years_diagnose).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from planner.build import build_model
from planner.costing import CostModel
from planner.diagnose import diagnose_infeasible, explain_unplaceable
from planner.extract import extract_assignments
from planner.milp import ModelOptions, YearsOptions
from planner.model import Diagnosis, Plan, PlanInput, Policy, Progress, SolveStatus
from planner.solvers import SOLVERS, solve_model
from planner.terms import vendor_terms
from planner.text import Msg, bi
from planner.years import (
    YearsPlan,
    build_years_model,
    extract_years,
    initial_vendor_rows,
    model_size,
    no_path_messages,
    vendor_share_broken,
    years_built_model,
)
from planner.years_diagnose import diagnose_years

#: Share of solve()'s time limit kept back from the solver for extracting the plan afterwards.
LIMIT_RESERVE = 0.04
#: Time kept back per system for building the plan's assignments after the solver stops
#: (measured ~10 µs a system on the 2-core benchmark machine, doubled for load).
EXTRACT_SECONDS_PER_SYSTEM = 2e-5


def solve(
    inp: PlanInput,
    solver: str = "highs",
    time_limit: float | None = None,
    progress: Progress | None = None,
    diagnose: bool = True,
    policy: Policy | None = None,
    options: ModelOptions | None = None,
    cost_model: CostModel | None = None,
    gap: float | None = None,
    lp_sink: Callable[[str], None] | None = None,
) -> Plan:
    """The cheapest plan that obeys every rule of the policy, or a diagnosis of why none exists.

    time_limit (s) bounds costing, building and solving together (the solver gets what is
    left); gap is the relative optimality gap (default :data:`MIP_REL_GAP`). A plan stopped by
    the limit is FEASIBLE and carries its proven gap (``Plan.mip_gap``). lp_sink: called with
    the model as LP text (``yunce plan --write-lp``: the command line writes the file).
    """
    started = time.perf_counter()
    progress = progress or Progress()
    policy = policy or inp.policy
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}")
    progress.stage(
        Msg("计算各系统在各平台上的费用…", "Costing every system on every platform…"), 0.05
    )
    cm = (
        cost_model
        if cost_model is not None and cost_model.policy == policy
        else CostModel(inp, policy)
    )
    no_home = np.nonzero(~cm.eligible.any(axis=1))[0]
    if len(no_home):
        messages = explain_unplaceable(cm, no_home)
        return Plan(
            SolveStatus.INFEASIBLE,
            policy=policy,
            diagnosis=tuple(messages),
            solver=solver,
            infeasibility=Diagnosis(
                messages=list(messages), unplaceable=[cm.workloads[int(w)].name for w in no_home]
            ),
            cost_model=cm,
        )
    progress.stage(Msg("构建优化模型…", "Building the optimisation model…"), 0.1)
    bm = build_model(cm, policy, options)
    if lp_sink is not None:
        lp_sink(bm.lp_text())
    if progress.cancelled:
        return Plan(
            SolveStatus.CANCELLED, policy=policy, solver=solver, build_seconds=bm.build_seconds
        )
    progress.stage(Msg("求解中…", "Solving…"), 0.3)
    remaining = None
    if time_limit is not None:  # keep a little of the limit for reading the plan back
        reserve = min(
            time_limit * LIMIT_RESERVE + EXTRACT_SECONDS_PER_SYSTEM * len(cm.workloads),
            0.5 * time_limit,
        )
        remaining = max(time_limit - reserve - (time.perf_counter() - started), 0.0)
    res = solve_model(bm, solver, remaining, progress, gap)
    if res.status is SolveStatus.CANCELLED:
        return Plan(
            SolveStatus.CANCELLED, policy=policy, solver=solver, build_seconds=bm.build_seconds
        )
    if res.x_values is not None:
        progress.stage(Msg("整理方案…", "Preparing the plan…"), 0.95)
        notes: tuple[str, ...] = ()
        if res.status is SolveStatus.FEASIBLE:
            gap_text = Msg(f"{res.gap:.4%}") if res.gap is not None else Msg("未知", "unknown")
            notes = (
                bi(
                    "达到求解时间上限，方案满足全部约束但未证明最优（相对间隙 {gap}）。",
                    "The time limit was reached: the plan obeys every rule but is not proven optimal (relative gap {gap}).",
                    gap=gap_text,
                ),
            )
        assignments = extract_assignments(bm, res.x_values)
        return Plan(
            res.status,
            assignments=assignments,
            vendor_terms=vendor_terms(cm, assignments),
            policy=policy,
            diagnosis=notes,
            solver=solver,
            mip_gap=res.gap,
            solve_seconds=res.seconds,
            build_seconds=bm.build_seconds,
            cost_model=cm,
        )
    diagnosis: list[Msg] = []
    min_budget = None
    found = None
    if diagnose and res.proven_infeasible:
        progress.stage(Msg("无可行方案，正在分析原因…", "No feasible plan; finding out why…"), 0.6)
        found = diagnose_infeasible(inp, cm, policy, solver=solver, progress=progress)
        diagnosis, min_budget = found.messages, found.min_budget
    elif not res.proven_infeasible:
        diagnosis = [_unsolved_note(time_limit)]
    return Plan(
        SolveStatus.INFEASIBLE,
        policy=policy,
        diagnosis=tuple(diagnosis),
        solver=solver,
        solve_seconds=res.seconds,
        build_seconds=bm.build_seconds,
        min_budget=min_budget,
        infeasibility=found,
        cost_model=cm,
    )


def _unsolved_note(time_limit: float | None) -> Msg:
    """Neither a plan nor a proof that none exists within the time limit."""
    limit = bi(" {t:g} 秒", " of {t:g} s", t=time_limit) if time_limit is not None else Msg("")
    return bi(
        "在求解时间限制{limit}内未找到可行方案，也未证明无解；可延长时间限制后重试。",
        "No feasible plan was found within the time limit{limit}, nor was infeasibility proven; try again with a longer time limit.",
        limit=limit,
    )


def with_policy(inp: PlanInput, **changes: object) -> PlanInput:
    """A copy of inp with some policy fields changed."""
    return replace(inp, policy=replace(inp.policy, **changes))  # type: ignore[arg-type]


def solve_years(
    inp: PlanInput,
    solver: str = "highs",
    time_limit: float | None = None,
    progress: Progress | None = None,
    diagnose: bool = True,
    policy: Policy | None = None,
    options: YearsOptions | None = None,
) -> YearsPlan:
    """The cheapest (present-value) year-by-year plan obeying every rule, or why there is none."""
    progress = progress or Progress()
    policy = policy or inp.policy
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}")
    progress.stage(
        Msg("按年计算各系统的费用与去向…", "Costing every system's routes year by year…"), 0.05
    )
    options = options or YearsOptions()
    # Vendor-share rows are added lazily: solve with the rows of the vendors near their cap in the
    # LP relaxation, add the rows the plan breaks, solve again. A plan that obeys every row and is
    # optimal for a model with fewer rows is optimal for the full model, so the answer is exact;
    # usually only a few (year, vendor) rows ever bind.
    # Only without a time limit: a time-limited solve that stops early may break rows not yet
    # added and leave no valid plan, where the full model would have returned its best plan.
    lazy = (
        options.vendor_share
        and options.vendor_rows is None
        and policy.max_vendor_share < 1.0
        and options.objective == "cost"
        and time_limit is None
    )
    started = time.perf_counter()
    cms: list[CostModel] | None = None
    build_seconds = solve_seconds = 0.0
    vendor_rows: frozenset[tuple[int, str]] | None = None
    if lazy:  # start with the rows of the vendors near their cap in the LP
        vendor_rows, cms = initial_vendor_rows(inp, policy, options)
        solve_seconds += time.perf_counter() - started
    while True:
        ym = build_years_model(inp, policy, replace(options, vendor_rows=vendor_rows), cms=cms)
        cms, years = ym.cms, ym.years
        build_seconds += ym.build_seconds
        if progress.cancelled:
            return YearsPlan(SolveStatus.CANCELLED, years, inp, policy, solver=solver)
        if ym.paths.no_path:
            return YearsPlan(
                SolveStatus.INFEASIBLE,
                years,
                inp,
                policy,
                diagnosis=tuple(no_path_messages(ym)),
                solver=solver,
                build_seconds=build_seconds,
                size=model_size(ym),
            )
        progress.stage(Msg("求解中…", "Solving…"), 0.3)
        bm = years_built_model(ym)
        left = (
            None if time_limit is None else max(time_limit - (time.perf_counter() - started), 1.0)
        )
        res = solve_model(bm, solver, left, progress)
        solve_seconds += res.seconds
        if vendor_rows is None or res.x_values is None:
            break
        broken = vendor_share_broken(ym, res.x_values) - vendor_rows
        if not broken:
            break
        vendor_rows = vendor_rows | broken
        if time_limit is not None and time.perf_counter() - started >= time_limit:
            res = replace(
                res, status=SolveStatus.INFEASIBLE, x_values=None, proven_infeasible=False
            )
            break
    size = model_size(ym)
    common: dict[str, Any] = {
        "solver": solver,
        "mip_gap": res.gap,
        "solve_seconds": solve_seconds,
        "build_seconds": build_seconds,
        "size": size,
    }
    if res.status is SolveStatus.CANCELLED:
        return YearsPlan(SolveStatus.CANCELLED, years, inp, policy, **common)
    if res.x_values is not None:
        notes: tuple[str, ...] = ()
        if res.status is SolveStatus.FEASIBLE:
            notes = (
                bi(
                    "达到求解时间上限，方案满足全部约束但未证明最优。",
                    "The time limit was reached: the plan obeys every rule but is not proven optimal.",
                ),
            )
        return extract_years(ym, res.x_values, res.status, diagnosis=notes, **common)
    diagnosis: list[Msg] = []
    found = None
    if diagnose and res.proven_infeasible:
        progress.stage(
            Msg(
                "无可行方案，正在按年分析原因…", "No feasible plan; finding out why, year by year…"
            ),
            0.6,
        )
        found = diagnose_years(inp, policy, solver=solver, cms=ym.cms)
        diagnosis = list(found.messages)
    elif not res.proven_infeasible:
        diagnosis = [
            bi(
                "在求解时间限制内未找到可行方案，也未证明无解；可延长时间限制后重试。",
                "No feasible plan was found within the time limit, nor was infeasibility proven; "
                "try again with a longer time limit.",
            )
        ]
    return YearsPlan(
        SolveStatus.INFEASIBLE,
        years,
        inp,
        policy,
        diagnosis=tuple(diagnosis),
        infeasibility=found,
        **common,
    )
