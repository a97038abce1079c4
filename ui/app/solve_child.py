"""The solve as it runs in a child process (no Qt here: the child imports only the planner).

HiGHS checks for interrupts only at some points of a solve; a child process can always be
stopped at once, so 取消 is immediate even in the middle of presolve.
"""

from __future__ import annotations

import traceback
from dataclasses import replace
from typing import Any

from planner.model import PlanInput, Progress, SolveStatus


def solve_with_diagnosis(
    inp: PlanInput, time_limit: float | None, progress: Progress
) -> tuple[Any, dict[str, float | None], list[str]]:
    """(plan, relaxations per rule key, minimal conflicting rule keys) — the diagnosis is kept."""
    from planner.costing import CostModel
    from planner.diagnose import diagnose_infeasible
    from planner.optimize import solve

    plan = solve(inp, time_limit=time_limit, progress=progress, diagnose=False)
    relaxations: dict[str, float | None] = {}
    conflict: list[str] = []
    if plan.status is SolveStatus.INFEASIBLE and not plan.diagnosis and not progress.cancelled:
        progress.stage("无可行方案，正在分析原因…", 0.6)
        diag = diagnose_infeasible(inp, CostModel(inp, inp.policy), inp.policy, progress=progress)
        if progress.cancelled:
            return replace(plan, status=SolveStatus.CANCELLED), {}, []
        plan = replace(plan, diagnosis=tuple(diag.messages), min_budget=diag.min_budget)
        relaxations, conflict = dict(diag.relaxations), list(diag.conflict)
    return plan, relaxations, conflict


def run(inp: PlanInput, time_limit: float | None, conn: Any, cancel: Any) -> None:
    """Child-process entry: sends ("stage", text, fraction)… then ("done", result) or ("error", text)."""

    def on_stage(text: str, fraction: float | None) -> None:
        try:
            conn.send(("stage", text, fraction))
        except (OSError, ValueError):
            pass

    progress = Progress(on_stage=on_stage, is_cancelled=cancel.is_set)
    try:
        result = solve_with_diagnosis(inp, time_limit, progress)
        conn.send(("done", result))
    except Exception:  # noqa: BLE001 – reported to the app, which shows it
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()
