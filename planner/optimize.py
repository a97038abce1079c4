"""Solve: the plan of an input — the cheapest that obeys every rule, or why there is none.

The pipeline of docs/DESIGN.md §2, the same for a plain workbook (one year) and a 年度计划 (its
years): cost (planner.costing, one cost model per plan year) → build (planner.build) → solve
(planner.solvers, the one solver boundary) → extract (planner.extract); when the solver proves
there is no plan, the diagnosis (planner.diagnose) says why.

A year plan's vendor-share rows are added lazily (no time limit): the model starts with the rows
of the vendors near their cap in the LP relaxation, the plan is checked against every row and
any broken (year, vendor) row is added and the model solved again. A plan that obeys every row
and is optimal for a model with fewer rows is optimal for the full model, so the answer is exact.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from planner.build import build_model, model_size, plan_rows
from planner.costing import CostModel, year_cost_models
from planner.diagnose import diagnose_by_year, diagnose_infeasible, explain_unplaceable
from planner.extract import extract_plan
from planner.milp import BuiltModel, ModelOptions, Objective
from planner.model import Diagnosis, Plan, PlanInput, Policy, Progress, SolveStatus
from planner.resolve import (  # the lazy vendor-share rows (re-exported: tests patch them here)
    NEAR_SHARE,
    initial_vendor_rows,
    near_binding,
    vendor_share_broken,
)
from planner.solvers import SOLVERS, confirm_no_plan, solve_model
from planner.text import Msg, bi

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

    A plain workbook's plan minimises the annual cost; a 年度计划's the present value over its
    years (planner.build). time_limit (s) bounds costing, building and solving together (the
    solver gets what is left); gap is the relative optimality gap (default
    :data:`planner.solvers.MIP_REL_GAP`). A plan stopped by the limit is FEASIBLE and carries its
    proven gap (``Plan.mip_gap``). lp_sink: called with the model as LP text (``yunce plan
    --write-lp``: the command line writes the file; a year plan's with every vendor-share row).
    """
    started = time.perf_counter()
    progress = progress or Progress()
    policy = policy or inp.policy
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}")
    rows, year_plan = plan_rows(inp)
    years = tuple(r.year for r in rows) if year_plan else ()
    options = options or ModelOptions()
    progress.stage(
        Msg("按年计算各系统的费用与去向…", "Costing every system's routes year by year…")
        if year_plan
        else Msg("计算各系统在各平台上的费用…", "Costing every system on every platform…"),
        0.05,
    )
    if year_plan:
        cms = year_cost_models(inp, years, policy)
    else:
        cm = (
            cost_model
            if cost_model is not None and cost_model.policy == policy
            else CostModel(inp, policy)
        )
        cms = [cm]
        no_home = np.nonzero(~cm.eligible.any(axis=1))[0]
        if len(no_home):
            messages = explain_unplaceable(cm, no_home)
            return Plan(
                SolveStatus.INFEASIBLE,
                policy=policy,
                diagnosis=tuple(messages),
                solver=solver,
                infeasibility=Diagnosis(
                    messages=list(messages),
                    unplaceable=[cm.workloads[int(w)].name for w in no_home],
                ),
                cost_model=cm,
            )
    plain = {"years": years, "input": inp} if year_plan else {}
    # the lazy vendor-share rows of a year plan; not with a time limit: a solve stopped early may
    # break rows not yet added and leave no valid plan, where the full model would have one
    lazy = (
        year_plan
        and options.vendor_share
        and options.vendor_rows is None
        and policy.max_vendor_share < 1.0
        and options.objective is Objective.COST
        and time_limit is None
    )
    build_seconds = solve_seconds = 0.0
    vendor_rows: frozenset[tuple[int, str]] | None = None
    if lazy:  # start with the rows of the vendors near their cap in the LP
        vendor_rows = initial_vendor_rows(inp, policy, options, cms)
        solve_seconds += time.perf_counter() - started
    progress.stage(Msg("构建优化模型…", "Building the optimisation model…"), 0.1)
    while True:
        bm = build_model(inp, policy, replace(options, vendor_rows=vendor_rows), cms=cms)
        build_seconds += bm.build_seconds
        if lp_sink is not None:
            full = bm if vendor_rows is None else build_model(inp, policy, options, cms=cms)
            if not full.routes.no_path:
                lp_sink(full.lp_text())
            lp_sink = None
        if progress.cancelled:
            return Plan(
                SolveStatus.CANCELLED,
                policy=policy,
                solver=solver,
                build_seconds=build_seconds,
                **plain,  # type: ignore[arg-type]
            )
        if bm.routes.no_path:  # a year plan: a system with nowhere to be in a year it must move
            messages = no_path_messages(bm)
            return Plan(
                SolveStatus.INFEASIBLE,
                policy=policy,
                diagnosis=tuple(messages),
                solver=solver,
                build_seconds=build_seconds,
                infeasibility=Diagnosis(
                    messages=list(messages),
                    unplaceable=[inp.workloads[w].name for w in bm.routes.no_path],
                ),
                size=model_size(bm),
                **plain,  # type: ignore[arg-type]
            )
        progress.stage(Msg("求解中…", "Solving…"), 0.3)
        remaining = None
        if time_limit is not None:  # keep a little of the limit for reading the plan back
            reserve = min(
                time_limit * LIMIT_RESERVE + EXTRACT_SECONDS_PER_SYSTEM * len(inp.workloads),
                0.5 * time_limit,
            )
            remaining = max(time_limit - reserve - (time.perf_counter() - started), 0.0)
        res = solve_model(bm, solver, remaining, progress, gap)
        solve_seconds += res.seconds
        if vendor_rows is None or res.x_values is None:
            break
        broken = vendor_share_broken(bm, res.x_values) - vendor_rows
        if not broken:
            break
        vendor_rows = vendor_rows | broken
    res, solver, checked = confirm_no_plan(  # the top-level verdict only, not a re-solve's
        bm,
        res,
        solver,
        diagnose,
        gap,
        time_limit,
        started,
        progress,  # a plan of fewer vendor-share rows must keep them all
        keeps=lambda x: vendor_rows is None or not vendor_share_broken(bm, x) - vendor_rows,
    )
    common = {
        "solver": solver,
        "mip_gap": res.gap,
        "solve_seconds": solve_seconds,
        "build_seconds": build_seconds,
        "size": model_size(bm),
    }
    if res.status is SolveStatus.CANCELLED:
        return Plan(SolveStatus.CANCELLED, policy=policy, **common, **plain)  # type: ignore[arg-type]
    if res.x_values is not None:
        progress.stage(Msg("整理方案…", "Preparing the plan…"), 0.95)
        notes: tuple[str, ...] = checked
        if res.status is SolveStatus.FEASIBLE and not checked:
            gap_text = Msg(f"{res.gap:.4%}") if res.gap is not None else Msg("未知", "unknown")
            notes += (
                bi(
                    "达到求解时间上限，方案满足全部约束但未证明最优（相对间隙 {gap}）。",
                    "The time limit was reached: the plan obeys every rule but is not proven optimal (relative gap {gap}).",
                    gap=gap_text,
                ),
            )
        return extract_plan(bm, res.x_values, res.status, diagnosis=notes, **common)
    diagnosis: list[Msg] = []
    min_budget = None
    found: Diagnosis | None = None
    if diagnose and res.proven_infeasible:
        if year_plan:
            progress.stage(
                Msg(
                    "无可行方案，正在按年分析原因…",
                    "No feasible plan; finding out why, year by year…",
                ),
                0.6,
            )
            found = diagnose_by_year(inp, policy, solver=solver, cms=cms)
        else:
            progress.stage(
                Msg("无可行方案，正在分析原因…", "No feasible plan; finding out why…"), 0.6
            )
            found = diagnose_infeasible(inp, cms[0], policy, solver=solver, progress=progress)
        diagnosis, min_budget = found.messages, found.min_budget
    elif not res.proven_infeasible:
        diagnosis = [_unsolved_note(time_limit)]
    diagnosis = [*diagnosis, *checked]
    return Plan(
        SolveStatus.INFEASIBLE,
        policy=policy,
        diagnosis=tuple(diagnosis),
        min_budget=min_budget,
        infeasibility=found,
        cost_model=cms[0] if not year_plan else None,
        **common,  # type: ignore[arg-type]
        **plain,  # type: ignore[arg-type]
    )


def _unsolved_note(time_limit: float | None) -> Msg:
    """Neither a plan nor a proof that none exists within the time limit."""
    limit = bi(" {t:g} 秒", " of {t:g} s", t=time_limit) if time_limit is not None else Msg("")
    return bi(
        "在求解时间限制{limit}内未找到可行方案，也未证明无解；可延长时间限制后重试。",
        "No feasible plan was found within the time limit{limit}, nor was infeasibility proven; try again with a longer time limit.",
        limit=limit,
    )


def no_path_messages(bm: BuiltModel) -> list[Msg]:
    """A year plan's systems with no eligible platform in a year they must be on one."""
    return [
        bi(
            "系统「{w}」在须上云的年份没有任何可用平台（检查等保级别、部署方式、信创要求、报价的生效/失效年份）",
            "System '{w}' has no eligible platform in a year it must be on one (check the MLPS level, "
            "deployment, 信创 requirement and the first/last years of the prices)",
            w=bm.inp.workloads[w].name,
        )
        for w in bm.routes.no_path
    ]


def with_policy(inp: PlanInput, **changes: object) -> PlanInput:
    """A copy of inp with some policy fields changed."""
    return replace(inp, policy=replace(inp.policy, **changes))  # type: ignore[arg-type]


__all__ = [
    "EXTRACT_SECONDS_PER_SYSTEM",
    "LIMIT_RESERVE",
    "NEAR_SHARE",
    "initial_vendor_rows",
    "near_binding",
    "no_path_messages",
    "solve",
    "vendor_share_broken",
    "with_policy",
]
