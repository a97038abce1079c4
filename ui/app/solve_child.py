"""Solving, as the app runs it inside a :mod:`ui.app.tasks` job (no Qt here).

The solve itself runs in a child process: HiGHS checks for interrupts only at some points of a
solve, while a child process can always be stopped at once, so 取消 is immediate even in the
middle of presolve. ``mode="thread"`` solves in the task's own thread instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from planner.analysis import AnalysisReport, analyze
from planner.child import Channel, run_in_child
from planner.model import Plan, PlanInput, Progress, SolveStatus, is_multi_year
from planner.optimize import solve
from planner.text import Msg

#: Seconds a cancelled child gets to stop by itself before it is terminated.
CANCEL_GRACE = 0.5


@dataclass
class SolveOutcome:
    """What a solve produced, as the app shows it."""

    plan: Plan
    input: PlanInput
    relaxations: dict[str, float | None] = field(default_factory=dict)
    """Least value of each conflicting rule that makes a plan possible (infeasible only)."""
    conflict: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""
    """Traceback text when the solve failed unexpectedly."""
    years: Any = None
    """The year-by-year plan (a planner.model.Plan with its plan years) of an input with a 年度计划 sheet, else None;
    then ``plan`` is its first year's plan (or its status and diagnosis when there is none)."""
    years_analysis: Any = None
    """The 分析 page's analysis of ``years`` (a planner.analysis.AnalysisReport) once run: kept
    with the plan it analyses, so it is shown again after the page is rebuilt (language switch)."""


class JobContext(Protocol):
    """The part of ui.app.tasks.TaskContext a solve uses."""

    @property
    def cancelled(self) -> bool: ...

    @property
    def progress(self) -> Progress: ...

    def report(self, percent: int, text: Any = "") -> None: ...


def solve_with_diagnosis(
    inp: PlanInput, time_limit: float | None, progress: Progress
) -> tuple[Any, dict[str, float | None], list[str]]:
    """(plan, relaxations per rule key, minimal conflicting rule keys).

    One solve: an infeasible plan carries its diagnosis (Plan.infeasibility), computed once.
    """
    plan = solve(inp, time_limit=time_limit, progress=progress)
    if progress.cancelled:
        return replace(plan, status=SolveStatus.CANCELLED, infeasibility=None), {}, []
    found = plan.infeasibility
    if found is None:
        return plan, {}, []
    return plan, dict(found.relaxations), list(found.conflict)


def solve_parts(
    inp: PlanInput, time_limit: float | None, progress: Progress
) -> tuple[Any, dict[str, float | None], list[str], Any]:
    """(plan, relaxations, conflict, years plan or None): a year-plan input is solved by
    planner.optimize.solve (its first year's plan as ``plan``), any other by solve_with_diagnosis."""

    if not is_multi_year(inp):
        return (*solve_with_diagnosis(inp, time_limit, progress), None)
    yp = solve(inp, time_limit=time_limit, progress=progress)
    if progress.cancelled:
        return Plan(SolveStatus.CANCELLED, policy=inp.policy), {}, [], None
    if yp.has_solution and yp.year_plans:
        return yp.year_plans[0], {}, [], yp
    return Plan(yp.status, policy=inp.policy, diagnosis=tuple(yp.diagnosis)), {}, [], yp


def solve_job(inp: PlanInput, time_limit: float | None, mode: str = "process") -> Any:
    """A tasks.py job solving inp; its result is always a SolveOutcome (also when cancelled)."""

    def job(ctx: JobContext) -> SolveOutcome:
        started = time.perf_counter()
        if mode == "thread":
            outcome = _solve_here(inp, time_limit, ctx)
        else:
            outcome = _solve_in_child(inp, time_limit, ctx)
        if ctx.cancelled:
            outcome = SolveOutcome(Plan(SolveStatus.CANCELLED, policy=inp.policy), inp)
        outcome.seconds = time.perf_counter() - started
        return outcome

    return job


def _solve_here(inp: PlanInput, time_limit: float | None, ctx: JobContext) -> SolveOutcome:
    plan, relax, conflict, years = solve_parts(inp, time_limit, ctx.progress)
    return SolveOutcome(plan, inp, relax, conflict, years=years)


def _solve_in_child(inp: PlanInput, time_limit: float | None, ctx: JobContext) -> SolveOutcome:
    ctx.report(0, Msg("启动求解器…", "Starting the solver…"))
    out = run_in_child(child_solve, (inp, time_limit), progress=ctx.progress, grace=CANCEL_GRACE)
    cancelled = SolveOutcome(Plan(SolveStatus.CANCELLED, policy=inp.policy), inp)
    if out.cancelled or ctx.cancelled:
        return cancelled
    if out.error:
        return SolveOutcome(Plan(SolveStatus.INFEASIBLE), inp, error=out.error)
    if not out.finished:
        if out.exitcode is None and out.crashed:  # no child can be started (a frozen build
            return _solve_here(inp, time_limit, ctx)  # without the hook): solve in this thread
        return _crashed(inp, out.exitcode)
    plan, relax, conflict, years = out.result
    return SolveOutcome(plan, inp, relax, conflict, years=years)


def _crashed(inp: PlanInput, exitcode: int | None) -> SolveOutcome:
    return SolveOutcome(
        Plan(SolveStatus.INFEASIBLE), inp, error=f"求解进程意外退出（退出码 {exitcode}）"
    )


def child_solve(
    inp: PlanInput, time_limit: float | None, channel: Channel
) -> tuple[Any, dict[str, float | None], list[str], Any]:
    """The child process's work (planner.child): solve_parts with its stages sent to the app."""
    return solve_parts(inp, time_limit, channel.progress)


# --- the analysis (the 分析 page) -----------------------------------------------------------------
def analyse(inp: PlanInput, plan: Any, progress: Progress) -> AnalysisReport:
    """planner.analysis.analyze of inp; a year plan's solved plan is analysed without solving it
    again. No Qt: runs in the child process."""
    return analyze(inp, progress=progress, plan=plan if is_multi_year(inp) else None)


def child_analyse(inp: PlanInput, plan: Any, channel: Channel) -> AnalysisReport:
    """The child process's work (planner.child): analyse with its stages sent to the app."""
    return analyse(inp, plan, channel.progress)
