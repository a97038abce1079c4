"""Reading files off the GUI thread, with a progress dialog and 取消.

``run_in_background(parent, text, fn)`` runs ``fn()`` in a worker thread while the event loop
keeps turning (the window repaints, timers fire). For the first moments user input is held
back, so a quick read looks instant; a slower one shows a window-modal progress dialog whose
取消 returns at once: the read finishes in the background and its result is dropped, so the
project is left exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.app.i18n import tr

T = TypeVar("T")

#: How long a read may take before the progress dialog appears (ms).
SHOW_AFTER_MS = 400

#: Threads whose result was dropped (cancelled) and that are still finishing.
_orphans: set[QThread] = set()


class Cancelled(Exception):
    """The user pressed 取消 while a file was being read."""


class _Call(QObject):
    done = Signal(object, object)  # result, exception

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 – handed to the GUI thread, which re-raises it
            self.done.emit(None, exc)
            return
        self.done.emit(result, None)


def run_in_background(parent: QWidget | None, text: str, fn: Callable[[], T]) -> T:
    """fn() computed in a worker thread; raises Cancelled when the user cancels, or fn's error."""
    thread = QThread()
    call = _Call(fn)
    call.moveToThread(thread)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def on_done(result: Any, exc: Any) -> None:
        outcome["result"], outcome["error"] = result, exc
        loop.quit()

    call.done.connect(on_done, Qt.ConnectionType.QueuedConnection)
    thread.started.connect(call.run)
    thread.start()

    # phase 1: a short wait that ignores clicks and keys (nothing to cancel yet)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(SHOW_AFTER_MS)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    timer.stop()
    cancelled = False
    if "result" not in outcome:
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

        dialog.canceled.connect(on_cancel)
        dialog.show()
        if "result" not in outcome:
            loop.exec()
        dialog.canceled.disconnect(on_cancel)
        dialog.close()
        dialog.deleteLater()
    if cancelled and "result" not in outcome:
        _orphan(thread, call)
        raise Cancelled()
    thread.quit()
    thread.wait()
    call.deleteLater()
    if outcome.get("error") is not None:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]


def _orphan(thread: QThread, call: _Call) -> None:
    """Keep a cancelled read alive until it ends, then let it go."""
    _orphans.add(thread)
    call.done.connect(thread.quit)
    thread.finished.connect(lambda: _orphans.discard(thread))
    thread.finished.connect(call.deleteLater)
    if not thread.isRunning():  # it ended between the click and now
        _orphans.discard(thread)
    thread._call = call  # type: ignore[attr-defined]  # the call lives as long as the thread


def wait_for_background(timeout_ms: int = 30_000) -> None:
    """At exit: let cancelled reads finish so no thread is destroyed while running."""
    for thread in list(_orphans):
        thread.quit()
        thread.wait(timeout_ms)
    _orphans.clear()
