"""Solving, as the app runs it inside a :mod:`ui.app.tasks` job (no Qt here).

The solve itself runs in a child process: HiGHS checks for interrupts only at some points of a
solve, while a child process can always be stopped at once, so 取消 is immediate even in the
middle of presolve. ``mode="thread"`` solves in the task's own thread instead.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from planner.model import Plan, PlanInput, Progress, SolveStatus
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
    """The year-by-year plan (planner.years.YearsPlan) of an input with a 年度计划 sheet, else None;
    then ``plan`` is its first year's plan (or its status and diagnosis when there is none)."""
    years_analysis: Any = None
    """The 分析 page's analysis of ``years`` (ui.app.years_analysis.YearsAnalysis) once run: kept
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
    from planner.optimize import solve

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
    planner.years.solve_years (its first year's plan as ``plan``), any other by solve_with_diagnosis."""
    from planner.years import is_multi_year, solve_years

    if not is_multi_year(inp):
        return (*solve_with_diagnosis(inp, time_limit, progress), None)
    yp = solve_years(inp, time_limit=time_limit, progress=progress)
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
    mp = multiprocessing.get_context("spawn")
    receiver, sender = mp.Pipe(duplex=False)
    cancel = mp.Event()
    proc = mp.Process(target=run, args=(inp, time_limit, sender, cancel), daemon=True)
    ctx.report(0, Msg("启动求解器…", "Starting the solver…"))
    proc.start()
    sender.close()
    cancelled_at: float | None = None
    cancelled = SolveOutcome(Plan(SolveStatus.CANCELLED, policy=inp.policy), inp)
    try:
        while True:
            if ctx.cancelled and cancelled_at is None:
                cancel.set()
                cancelled_at = time.monotonic()
                ctx.report(-1, Msg("正在取消…", "Cancelling…"))
            if cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_GRACE:
                return cancelled
            if receiver.poll(0.05):
                try:
                    msg = receiver.recv()
                except EOFError:  # the child ended without an answer
                    if cancelled_at is not None:
                        return cancelled
                    proc.join(2)
                    return _crashed(inp, proc.exitcode)
                if msg[0] == "stage":
                    fraction = msg[2]
                    ctx.report(-1 if fraction is None else round(fraction * 100), msg[1])
                elif msg[0] == "done":
                    if cancelled_at is not None:
                        return cancelled
                    plan, relax, conflict, years = msg[1]
                    return SolveOutcome(plan, inp, relax, conflict, years=years)
                elif msg[0] == "error":
                    return SolveOutcome(Plan(SolveStatus.INFEASIBLE), inp, error=msg[1])
            elif not proc.is_alive() and not receiver.poll(0):
                return cancelled if cancelled_at is not None else _crashed(inp, proc.exitcode)
    finally:
        stop_child(proc)
        receiver.close()


def stop_child(proc: Any, grace: float = 0.0) -> None:
    """End a child process: wait up to grace seconds for it to finish, then terminate, then kill."""
    if proc.is_alive() and grace > 0:
        proc.join(grace)
    if proc.is_alive():
        proc.terminate()
    proc.join(2)
    if proc.is_alive():
        proc.kill()
        proc.join(1)


def _crashed(inp: PlanInput, exitcode: int | None) -> SolveOutcome:
    return SolveOutcome(
        Plan(SolveStatus.INFEASIBLE), inp, error=f"求解进程意外退出（退出码 {exitcode}）"
    )


def run(inp: PlanInput, time_limit: float | None, conn: Any, cancel: Any) -> None:
    """Child-process entry: sends ("stage", text, fraction)… then ("done", result) or ("error", text)."""

    def on_stage(text: str, fraction: float | None) -> None:
        try:
            conn.send(("stage", text, fraction))
        except (OSError, ValueError):
            pass

    progress = Progress(on_stage=on_stage, is_cancelled=cancel.is_set)
    try:
        result = solve_parts(inp, time_limit, progress)
        conn.send(("done", result))
    except Exception:  # noqa: BLE001 – the child's boundary: reported to the app, which shows it
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()
