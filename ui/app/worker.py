"""Solving off the GUI thread: a QThread-hosted worker that runs the planner in a child process.

The worker reports the planner's stages as signals and honours 取消 at once (the child is
asked to stop through the Progress protocol and terminated if it does not within a moment).
``mode="thread"`` runs the planner in the worker thread itself (no child process).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import traceback
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThread, Signal, Slot

from planner.model import Plan, PlanInput, Progress, SolveStatus
from planner.text import Msg
from ui.app.i18n import loc

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


class SolveWorker(QObject):
    """Lives in its own QThread; run() blocks that thread, never the GUI."""

    stage = Signal(str, float)
    finished = Signal(object)

    def __init__(self, inp: PlanInput, time_limit: float | None, mode: str = "process") -> None:
        super().__init__()
        self.inp, self.time_limit, self.mode = inp, time_limit, mode
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        started = time.perf_counter()
        try:
            if self.mode == "thread":
                outcome = self._run_here()
            else:
                outcome = self._run_child()
        except Exception:  # noqa: BLE001
            outcome = SolveOutcome(
                Plan(SolveStatus.INFEASIBLE), self.inp, error=traceback.format_exc()
            )
        outcome.seconds = time.perf_counter() - started
        self.finished.emit(outcome)

    def _emit_stage(self, text: str, fraction: float | None) -> None:
        self.stage.emit(loc(text), -1.0 if fraction is None else float(fraction))

    def _run_here(self) -> SolveOutcome:
        from ui.app.solve_child import solve_with_diagnosis

        progress = Progress(on_stage=self._emit_stage, is_cancelled=self._cancel.is_set)
        plan, relax, conflict = solve_with_diagnosis(self.inp, self.time_limit, progress)
        if self._cancel.is_set():
            plan = Plan(SolveStatus.CANCELLED, policy=self.inp.policy)
        return SolveOutcome(plan, self.inp, relax, conflict)

    def _run_child(self) -> SolveOutcome:
        from ui.app import solve_child

        ctx = multiprocessing.get_context("spawn")
        receiver, sender = ctx.Pipe(duplex=False)
        cancel = ctx.Event()
        proc = ctx.Process(
            target=solve_child.run, args=(self.inp, self.time_limit, sender, cancel), daemon=True
        )
        self._emit_stage(Msg("启动求解器…", "Starting the solver…"), 0.0)
        proc.start()
        sender.close()
        cancelled_at: float | None = None
        try:
            while True:
                if self._cancel.is_set() and cancelled_at is None:
                    cancel.set()
                    cancelled_at = time.monotonic()
                    self._emit_stage(Msg("正在取消…", "Cancelling…"), -1.0)
                if cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_GRACE:
                    break
                if receiver.poll(0.05):
                    try:
                        msg = receiver.recv()
                    except EOFError:
                        break
                    if msg[0] == "stage":
                        self._emit_stage(msg[1], msg[2])
                    elif msg[0] == "done":
                        plan, relax, conflict = msg[1]
                        if cancelled_at is not None:
                            break
                        return SolveOutcome(plan, self.inp, relax, conflict)
                    elif msg[0] == "error":
                        return SolveOutcome(Plan(SolveStatus.INFEASIBLE), self.inp, error=msg[1])
                elif not proc.is_alive() and not receiver.poll(0):
                    if cancelled_at is None:
                        return SolveOutcome(
                            Plan(SolveStatus.INFEASIBLE), self.inp,
                            error=f"求解进程意外退出（退出码 {proc.exitcode}）",
                        )  # fmt: skip
                    break
        finally:
            if proc.is_alive():
                proc.terminate()
            proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join(1)
            receiver.close()
        return SolveOutcome(Plan(SolveStatus.CANCELLED, policy=self.inp.policy), self.inp)


class SolveController(QObject):
    """Starts, cancels and reports solves; one at a time (a new solve cancels the running one)."""

    started = Signal()
    stage = Signal(str, float)
    finished = Signal(object)
    """A SolveOutcome (also for cancelled solves)."""

    def __init__(self, parent: QObject | None = None, mode: str = "process") -> None:
        super().__init__(parent)
        self.mode = mode
        self._thread: QThread | None = None
        self._worker: SolveWorker | None = None
        self._pending: tuple[PlanInput, float | None] | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, inp: PlanInput, time_limit: float | None = None) -> None:
        if self.running:
            self._pending = (inp, time_limit)
            self.cancel()
            return
        worker = SolveWorker(inp, time_limit, self.mode)
        thread = QThread()
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.stage.connect(self.stage)
        worker.finished.connect(self._on_finished)
        self._thread, self._worker = thread, worker
        thread.start()
        self.started.emit()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    @Slot(object)
    def _on_finished(self, outcome: SolveOutcome) -> None:
        thread = self._thread
        self._thread, self._worker = None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        pending, self._pending = self._pending, None
        if pending is not None:
            self.start(*pending)  # superseded: the newer inputs are solved instead
            return
        self.finished.emit(outcome)

    def shutdown(self) -> None:
        """Cancel and wait (window closing)."""
        self._pending = None
        if self._worker is not None:
            self._worker.cancel()
        thread = self._thread
        if thread is not None:
            thread.quit()
            thread.wait(5000)
