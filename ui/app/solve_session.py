"""The current plan of the open project: the last outcome, whether it is stale, re-solving.

:class:`SolveSession` owns the last :class:`SolveOutcome`, the stale flag (inputs changed since
that solve) and the debounced auto re-solve; it runs solves through :mod:`ui.app.tasks` (one at
a time: a newer solve supersedes the running one) and tells the pages through its signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from planner.model import PlanInput, SolveStatus
from ui.app import settings as app_settings
from ui.app.i18n import tr
from ui.app.rules_page import AUTO_RESOLVE_MAX
from ui.app.solve_child import SolveOutcome, solve_job
from ui.app.tasks import Task

if TYPE_CHECKING:
    from ui.app.project import Project

#: Quiet time after the last edit before an auto re-solve starts (ms).
RESOLVE_DELAY_MS = 700

__all__ = ["AUTO_RESOLVE_MAX", "SolveOutcome", "SolveSession"]


class SolveSession(QObject):
    """Solving the project and keeping its current outcome."""

    started = Signal()
    stage = Signal(str, float)
    """Progress of the running solve: text (current language), fraction 0–1 or -1 (unknown)."""
    finished = Signal(object)
    """Every SolveOutcome that arrived (also cancelled and failed ones)."""
    outcome_changed = Signal()
    """self.outcome was replaced (a new plan, a restored plan, a new project)."""
    stale_changed = Signal()
    """self.stale or the running state changed."""
    blocked = Signal(str)
    """Solving was refused: the inputs have errors (the message says so)."""

    def __init__(
        self, project: Project, parent: QObject | None = None, mode: str = "process"
    ) -> None:
        super().__init__(parent)
        self.project, self.mode = project, mode
        self.outcome: SolveOutcome | None = None
        self.stale = False
        self.input_version = 0
        self._solve_version = -1
        self._task: Task | None = None
        self._pending: tuple[PlanInput, float | None, int] | None = None
        self.auto_resolve = (
            str(app_settings.settings().value("auto_resolve", "false")).lower() == "true"
        )
        self.resolve_timer = QTimer(self, singleShot=True, interval=RESOLVE_DELAY_MS)
        self.resolve_timer.timeout.connect(self._auto_solve)
        project.inputs_changed.connect(self._on_inputs_changed)
        project.reset.connect(self._on_reset)
        project.validated.connect(self._fresh_again)

    # --- state ----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._task is not None

    @property
    def plan(self):  # type: ignore[no-untyped-def]
        return self.outcome.plan if self.outcome is not None else None

    def min_feasible_cost(self) -> float | None:
        """The least annual cost any budget must allow (None: not known)."""
        plan = self.plan
        if plan is None:
            return None
        if plan.status is SolveStatus.OPTIMAL:
            return plan.total_annual_cost  # the budget rule does not change an optimum it admits
        return plan.min_budget

    def _on_inputs_changed(self) -> None:
        self.input_version += 1
        if self.outcome is not None:
            self.stale = True
            self.project.set_plan(None)  # an out-of-date plan is not saved with the project
        self.stale_changed.emit()
        if self.auto_resolve and self.project.row_count("workloads") <= AUTO_RESOLVE_MAX:
            self.resolve_timer.start()

    def _fresh_again(self) -> None:
        """Undo/redo back to the inputs of the shown plan makes it current again (issue 22)."""
        inp = self.project.validation.input
        if not self.stale or self.outcome is None or self.running or inp is None:
            return
        from ui.app.project import input_fingerprint

        if input_fingerprint(inp) == input_fingerprint(self.outcome.input):
            self.stale = False
            self.project.set_plan(self.outcome)
            self.stale_changed.emit()

    def _on_reset(self) -> None:
        self.outcome, self.stale = None, False
        self.outcome_changed.emit()

    def restore_saved(self) -> bool:
        """Show the plan saved in the project file, when it still matches the inputs."""
        outcome = self.project.saved_outcome()
        if outcome is None:
            return False
        self.outcome, self.stale = outcome, False
        self.outcome_changed.emit()
        return True

    # --- solving --------------------------------------------------------------------------------
    def solve(self, validate: bool = True) -> bool:
        """Start a background solve of the current inputs; False (and blocked) on input errors.

        validate=False: the project's validation is fresh (the caller just ran it).
        """
        v = self.project.validate() if validate else self.project.validation
        if v.input is None or v.errors:
            msg = tr(
                "输入有 {n} 处错误，无法求解。请在下方「问题」面板中逐条修正（双击可跳到对应单元格）。"
            ).format(n=len(v.errors))
            self.blocked.emit(msg)
            return False
        self.start(v.input, self.project.time_limit)
        return True

    def start(
        self, inp: PlanInput, time_limit: float | None = None, version: int | None = None
    ) -> None:
        version = self.input_version if version is None else version
        if self._task is not None:
            self._pending = (inp, time_limit, version)  # superseded: solved when this one stops
            self._task.cancel()
            return
        self._solve_version = version
        task = Task(solve_job(inp, time_limit, self.mode))
        task.progress.connect(self._on_progress)
        task.result.connect(self._on_result)
        task.error.connect(
            lambda text, inp=inp: self._on_result(SolveOutcome(_failed(inp), inp, error=str(text)))
        )
        task.finished.connect(self._on_task_finished)
        self._task = task
        task.start()
        self.started.emit()
        self.stale_changed.emit()

    def _on_progress(self, percent: int, text: str) -> None:
        self.stage.emit(text, -1.0 if percent < 0 else percent / 100)

    def _on_task_finished(self) -> None:
        task = self._task
        if task is not None and task.cancelled and task.value is not None:
            self._on_result(task.value)  # a cancelled solve still reports (as CANCELLED)

    def _on_result(self, outcome: SolveOutcome) -> None:
        self._task = None  # dropping the reference frees the task
        pending, self._pending = self._pending, None
        if pending is not None:
            self.start(*pending)  # the newer inputs are solved instead
            return
        if not outcome.error and outcome.plan.status is not SolveStatus.CANCELLED:
            self.outcome = outcome
            self.stale = self._solve_version != self.input_version
            self.project.set_plan(None if self.stale else outcome)
            self.outcome_changed.emit()
        self.stale_changed.emit()
        self.finished.emit(outcome)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def shutdown(self) -> None:
        """Cancel and wait (window closing)."""
        self._pending = None
        self.resolve_timer.stop()
        if self._task is not None:
            self._task.cancel()
            self._task.wait(5000)

    # --- auto re-solve --------------------------------------------------------------------------
    def set_auto_resolve(self, on: bool) -> None:
        self.auto_resolve = on
        app_settings.settings().setValue("auto_resolve", "true" if on else "false")
        if on and self.stale:
            self.resolve_timer.start()

    def _auto_solve(self) -> None:
        if self.auto_resolve and not self.project.validation.errors:
            self.solve(validate=False)  # a running solve is superseded


def _failed(inp: PlanInput):  # type: ignore[no-untyped-def]
    from planner.model import Plan

    return Plan(SolveStatus.INFEASIBLE, policy=inp.policy)
