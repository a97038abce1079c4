"""The app's one way of doing slow work off the GUI thread.

A :class:`Task` runs ``job(ctx)`` in its own QThread. The job reports with
``ctx.report(percent, text)`` (percent -1: unknown), checks ``ctx.cancelled`` (or hands
``ctx.progress`` — a planner :class:`~planner.model.Progress` — to the planner), and returns
its result. The task emits, on the GUI thread:

* ``progress(int, str)`` — percent (-1 unknown) and a text already in the current language;
* ``result(object)`` — the job's return value (not emitted when the job was cancelled);
* ``error(object)`` — a :class:`~planner.text.Msg` or ``str`` for the user: the message of an
  expected exception (``expected=`` types), else the traceback of an unexpected one; the
  exception itself is kept in ``task.exception``;
* ``finished()`` — always last, also after a cancel.

Reading, solving, analysis and export all use it. :func:`run_blocking` wraps a task for
commands that need the answer before they continue (open a file): the event loop keeps
turning, a progress dialog with 取消 appears after :data:`SHOW_AFTER_MS`, and 取消 returns at
once (:class:`Cancelled`) while the job finishes in the background and its result is dropped.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from planner.model import Progress
from planner.text import Msg
from ui.app import qtcompat  # noqa: F401 – guards True against PySide6's emit() refcount bug
from ui.app.i18n import loc, tr

#: How long a blocking task may take before its progress dialog appears (ms).
SHOW_AFTER_MS = 400

#: Tasks whose result was dropped (cancelled) and that are still finishing.
_orphans: set[Task] = set()


class Cancelled(Exception):
    """The user cancelled a task whose caller waited for it."""


class TaskContext:
    """What a job sees: a cooperative cancel token and a progress reporter."""

    def __init__(self, report: Callable[[int, str], None]) -> None:
        self._cancel = threading.Event()
        self._report = report

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, percent: int, text: str | Msg = "") -> None:
        """Progress: percent 0–100 or -1 (unknown); text (a Msg is shown in the current language)."""
        self._report(int(percent), loc(text) if text else "")

    @property
    def progress(self) -> Progress:
        """The planner's progress protocol, bridged to report() and the cancel token."""

        def on_stage(text: str, fraction: float | None) -> None:
            self.report(-1 if fraction is None else round(fraction * 100), text)

        return Progress(on_stage=on_stage, is_cancelled=self.is_cancelled)


class _Runner(QObject):
    """Lives in the task's thread; run() blocks that thread, never the GUI."""

    reported = Signal(int, str)
    done = Signal(object, object)  # result, exception

    def __init__(self, job: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self.job = job
        self.ctx = TaskContext(self.reported.emit)

    @Slot()
    def run(self) -> None:
        try:
            result = self.job(self.ctx)
        except Exception as exc:  # noqa: BLE001 – the task boundary: handed to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.done.emit(None, exc)
            return
        self.done.emit(result, None)


class Task(QObject):
    """One background job; start() once, cancel() any time, signals arrive on the GUI thread.

    Keep a reference while it runs and drop it afterwards (no parent, no deleteLater: the
    thread and runner belong to the task's Python object and go with it).
    """

    progress = Signal(int, str)
    result = Signal(object)
    error = Signal(object)
    finished = Signal()

    def __init__(
        self,
        job: Callable[[TaskContext], Any],
        parent: QObject | None = None,
        expected: tuple[type[BaseException], ...] = (),
    ) -> None:
        super().__init__(parent)
        self.expected = expected
        self.exception: BaseException | None = None
        self.value: Any = None
        self.done = False
        self._thread: QThread | None = QThread()
        self._runner = _Runner(job)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)
        self._runner.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    @property
    def ctx(self) -> TaskContext:
        return self._runner.ctx

    @property
    def cancelled(self) -> bool:
        return self._runner.ctx.cancelled

    @property
    def running(self) -> bool:
        return self._thread is not None and not self.done

    def start(self) -> Task:
        assert self._thread is not None
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._runner.ctx.cancel()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the job's thread ends (window closing); True when it did."""
        thread = self._thread
        if thread is None:
            return True
        thread.quit()
        return bool(thread.wait(timeout_ms))

    def _on_reported(self, percent: int, text: str) -> None:
        if not self.done:
            self.progress.emit(percent, text)

    def _on_done(self, value: Any, exc: BaseException | None) -> None:
        self.done = True
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.quit()
            thread.wait()
            self._ended = thread  # Python owns thread and runner: both go with the task
        _orphans.discard(self)
        self.value, self.exception = value, exc
        if exc is not None:
            self.error.emit(_user_message(exc, self.expected))
        elif not self.cancelled:
            self.result.emit(value)
        self.finished.emit()


def _user_message(exc: BaseException, expected: tuple[type[BaseException], ...]) -> Msg | str:
    if isinstance(exc, expected):
        first = exc.args[0] if exc.args else ""
        return first if isinstance(first, Msg) else str(exc)
    return str(getattr(exc, "__traceback_text__", "") or f"{type(exc).__name__}: {exc}")


def run_blocking(parent: QWidget | None, text: str, job: Callable[[TaskContext], Any]) -> Any:
    """job's result, computed in a Task while the event loop turns; raises Cancelled or job's error."""
    task = Task(job)
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    task.start()

    # phase 1: a short wait that ignores clicks and keys (nothing to cancel yet)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(SHOW_AFTER_MS)
    if not task.done:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    timer.stop()
    cancelled = False
    if not task.done:
        # phase 2: a modal progress dialog with 取消; the window still repaints
        dialog = QProgressDialog(text, tr("取消"), 0, 0, parent)
        dialog.setWindowTitle(tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def on_cancel() -> None:
            nonlocal cancelled
            cancelled = True
            loop.quit()

        def on_progress(percent: int, label: str) -> None:
            if percent >= 0:
                dialog.setRange(0, 100)
                dialog.setValue(percent)
            if label:
                dialog.setLabelText(f"{text}\n{label}")

        dialog.canceled.connect(on_cancel)
        task.progress.connect(on_progress)
        dialog.show()
        if not task.done:
            loop.exec()
        dialog.canceled.disconnect(on_cancel)
        task.progress.disconnect(on_progress)
        dialog.close()
        dialog.deleteLater()
    if cancelled and not task.done:
        task.cancel()
        _orphans.add(task)  # kept alive until its thread ends; the result is dropped
        raise Cancelled()
    if task.exception is not None:
        raise task.exception
    return task.value


def wait_for_tasks(timeout_ms: int = 30_000) -> None:
    """At exit: let cancelled jobs finish so no thread is destroyed while running."""
    for task in list(_orphans):
        task.cancel()
        task.wait(timeout_ms)
    _orphans.clear()


def run_in_background(parent: QWidget | None, text: str, fn: Callable[[], Any]) -> Any:
    """run_blocking for a job that takes no context (neither reports nor checks for 取消)."""
    return run_blocking(parent, text, lambda _ctx: fn())
