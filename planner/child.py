"""Work in a child process that a deadline or a cancel stops at once: the one mechanism.

HiGHS checks its own time limit and the interrupt callbacks only at some points (on a
20,000-system county its MIP presolve alone runs 3–4 s without a check, and a 120 s limit was
overrun 2.8×, issue 11); a child process can always be stopped. Both the solver boundary
(planner.solvers: a time-limited HiGHS solve that reports every improving plan) and the app
(ui.app.solve_child: a whole solve or analysis, with its stages) run their work through
:func:`run_in_child`.

The child is this file's :func:`child_main` under the same Python, started with subprocess
(not multiprocessing: no fork of a threaded app, no re-import of the caller's ``__main__``).
Parent → child on stdin: the pickled (module, function, arguments), then ``stop`` lines; child
→ parent on its own copy of stdout (fd 1 itself goes to /dev/null: HiGHS prints a banner):
pickled messages — ``("stage", text, fraction)``, the work's own messages, and last
``("done", result)`` or ``("error", traceback text)``. The work is a module-level function
called as ``function(*arguments, channel)`` (:class:`Channel`).
"""

from __future__ import annotations

import importlib
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from planner.model import Progress

#: Seconds a solver child gets between "please stop" and being killed.
SOLVER_GRACE = 0.1
#: Seconds any other child gets between "please stop" and being killed.
STOP_GRACE = 0.5
#: Command-line flag a frozen build's entry point dispatches to :func:`child_main` (see
#: child_command); without it a frozen app runs the work in its own process.
FROZEN_CHILD_FLAG = "--yunce-child"
#: Set to True by a frozen build whose entry point handles FROZEN_CHILD_FLAG.
FROZEN_CHILD_SUPPORTED = False
#: The folder holding the planner package (the child puts it first on its path).
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def child_command() -> list[str] | None:
    """How to start a child: this module under the same Python; None when none can be started."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_CHILD_FLAG] if FROZEN_CHILD_SUPPORTED else None
    boot = f"import sys; sys.path.insert(0, {_ROOT!r}); from planner.child import child_main; child_main()"
    return [sys.executable, "-c", boot]


@dataclass(frozen=True)
class ChildOutcome:
    """How a child's work ended."""

    finished: bool = False
    """True when the work returned (``result``) or raised (``error``)."""
    result: Any = None
    error: str = ""
    """The child's traceback text when the work raised."""
    stopped: bool = False
    """True when the deadline or a cancel asked the child to stop before it finished."""
    cancelled: bool = False
    """True when the parent's progress was cancelled."""
    crashed: bool = False
    """True when no child could be started, or it ended without an answer before it was asked
    to stop."""
    exitcode: int | None = None


class Channel:
    """The child's side: send messages to the parent, see whether it asked to stop."""

    def __init__(self, out: BinaryIO, stop: threading.Event) -> None:
        self._out = out
        self._stop = stop
        self._lock = threading.Lock()

    def send(self, msg: tuple[Any, ...]) -> None:
        """Send one message (a tuple whose first item names it) to the parent."""
        with self._lock:
            try:
                pickle.dump(msg, self._out, protocol=pickle.HIGHEST_PROTOCOL)
                self._out.flush()
            except (OSError, ValueError):  # the parent went away
                self._stop.set()

    @property
    def stop_requested(self) -> bool:
        """True once the parent asked the child to stop (deadline or cancel)."""
        return self._stop.is_set()

    @property
    def progress(self) -> Progress:
        """The planner's progress protocol: stages go to the parent, a stop is a cancel."""

        def on_stage(text: str, fraction: float | None) -> None:
            self.send(("stage", text, fraction))

        return Progress(on_stage=on_stage, is_cancelled=self._stop.is_set)


def child_main() -> None:  # pragma: no cover - runs in the child process
    """The child process: read the work, run it, send its messages and its answer."""
    out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    module, name, args = pickle.load(sys.stdin.buffer)
    stop = threading.Event()

    def read_stop() -> None:
        for line in sys.stdin.buffer:
            if line.strip() == b"stop":
                stop.set()
                return
        stop.set()  # the parent went away

    threading.Thread(target=read_stop, daemon=True).start()
    channel = Channel(out, stop)
    try:
        target: Any = importlib.import_module(module)
        for part in name.split("."):
            target = getattr(target, part)
        channel.send(("done", target(*args, channel)))
    except Exception:  # noqa: BLE001 – the child's boundary: the parent reports it
        channel.send(("error", traceback.format_exc()))
    out.close()


def _reader(stream: BinaryIO, messages: queue.Queue[tuple[Any, ...]]) -> None:
    try:
        while True:
            messages.put(pickle.load(stream))
    except (EOFError, OSError, ValueError, pickle.UnpicklingError):  # ValueError: stream closed
        messages.put(("eof",))


def run_in_child(
    work: Callable[..., Any],
    args: Sequence[Any],
    *,
    progress: Progress | None = None,
    deadline: float | None = None,
    on_message: Callable[[tuple[Any, ...]], None] | None = None,
    on_idle: Callable[[], None] | None = None,
    grace: float = STOP_GRACE,
) -> ChildOutcome:
    """Run ``work(*args, channel)`` in a child process and wait for its answer.

    deadline (a time.perf_counter() value) and progress.cancelled ask the child to stop; it
    gets ``grace`` seconds to answer, then it is killed. Stage messages go to progress.stage,
    any other message of the work to on_message; on_idle is called about every 50 ms.
    """
    command = child_command()
    if command is None:
        return ChildOutcome(crashed=True)
    proc = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdin is not None and proc.stdout is not None
    messages: queue.Queue[tuple[Any, ...]] = queue.Queue()
    read_thread = threading.Thread(target=_reader, args=(proc.stdout, messages), daemon=True)
    read_thread.start()
    try:
        pickle.dump(
            (work.__module__, work.__qualname__, tuple(args)),
            proc.stdin,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        proc.stdin.flush()
    except OSError:
        pass  # the child died at once: read "eof" below
    answer: tuple[Any, ...] | None = None
    stop_sent_at: float | None = None
    cancelled = False
    try:
        while answer is None:
            now = time.perf_counter()
            if stop_sent_at is None and (
                (deadline is not None and now >= deadline)
                or (progress is not None and progress.cancelled)
            ):
                cancelled = progress is not None and progress.cancelled
                try:
                    proc.stdin.write(b"stop\n")
                    proc.stdin.flush()
                except OSError:
                    pass
                stop_sent_at = now
            if stop_sent_at is not None and now - stop_sent_at >= grace:
                break  # the child did not stop in time: kill it below
            wait = 0.05
            if deadline is not None and stop_sent_at is None:
                wait = min(wait, max(deadline - now, 0.0))
            elif stop_sent_at is not None:
                wait = min(wait, max(stop_sent_at + grace - now, 0.0))
            if on_idle is not None:
                on_idle()
            try:
                msg = messages.get(timeout=wait)
            except queue.Empty:
                continue
            if msg[0] in ("done", "error"):
                answer = msg
            elif msg[0] == "eof":
                break
            elif msg[0] == "stage":
                if progress is not None:
                    progress.stage(msg[1], msg[2])
            elif on_message is not None:
                on_message(msg)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=2.0)
        read_thread.join(timeout=1.0)  # the child is gone: the reader sees end of file
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
    stopped = stop_sent_at is not None
    if answer is not None and answer[0] == "done":
        return ChildOutcome(True, answer[1], stopped=stopped, cancelled=cancelled)
    if answer is not None:
        return ChildOutcome(True, error=str(answer[1]), stopped=stopped, cancelled=cancelled)
    return ChildOutcome(
        stopped=stopped, cancelled=cancelled, crashed=not stopped, exitcode=proc.returncode
    )


if __name__ == "__main__":  # pragma: no cover - the child process
    child_main()
