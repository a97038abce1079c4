"""HiGHS in a child process, so a time limit (or a cancel) holds to within a fraction of a second.

HiGHS checks its own ``time_limit`` and the interrupt callbacks only at some points: on a
20,000-system county its MIP presolve alone runs 3–4 s without any check, and a 120 s limit
was overrun 2.8× (issue 11). :func:`solve_in_child` runs the solve in a spawned process that
reports every improving plan (and the dual bound) back through a pipe; at the deadline the
parent asks it to stop, waits briefly, then kills it and keeps the best plan reported, with its
proven gap.

The child is ``python planner/watchdog.py`` started with subprocess (not multiprocessing: no
fork of a threaded app, no re-import of the caller's ``__main__``); it needs only NumPy and
highspy. Parent → child on stdin: the pickled model, then ``stop`` lines; child → parent on
its own copy of stdout (fd 1 itself goes to /dev/null: HiGHS prints a banner): pickled messages.
"""

from __future__ import annotations

import math
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from planner.model import Progress

#: Seconds the child gets between "please stop" and being killed.
GRACE_SECONDS = 0.1
#: Seconds between the child's dual-bound reports.
BOUND_EVERY = 0.25


@dataclass
class ChildOutcome:
    """What the child solve produced."""

    finished: bool
    """True when HiGHS returned by itself (optimal, infeasible, its own limit)."""
    model_status: str | None
    """HiGHS model status name when finished (kOptimal, kInfeasible, …)."""
    x_values: np.ndarray | None
    """The best plan's x (assignment columns only), None when none was found."""
    objective: float | None
    dual_bound: float | None
    gap: float | None
    solver_seconds: float | None
    cancelled: bool = False
    crashed: bool = False
    """True when the child ended without an answer before it was asked to stop (it could not
    start, or died): the caller solves in its own process instead."""


#: Command-line flag a frozen build's entry point dispatches to :func:`child_main` (see
#: child_command); without it a frozen app solves in its own process.
FROZEN_CHILD_FLAG = "--yunce-highs-child"
#: Set to True by a frozen build whose entry point handles FROZEN_CHILD_FLAG.
FROZEN_CHILD_SUPPORTED = False


def child_command() -> list[str] | None:
    """How to start the child: this file under the same Python; None when it cannot be started."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_CHILD_FLAG] if FROZEN_CHILD_SUPPORTED else None
    return [sys.executable, os.path.abspath(__file__)]


def _gap(primal: float, dual: float) -> float:
    """HiGHS's relative gap: |primal − dual| / |primal| (inf when primal is 0 and they differ)."""
    if primal == dual:
        return 0.0
    return abs(primal - dual) / abs(primal) if primal != 0 else math.inf


def child_main() -> None:  # pragma: no cover - runs in the child process
    out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    import highspy

    p = pickle.load(sys.stdin.buffer)
    stop = threading.Event()

    def read_stop() -> None:
        for line in sys.stdin.buffer:
            if line.strip() == b"stop":
                stop.set()
                return
        stop.set()  # the parent went away

    threading.Thread(target=read_stop, daemon=True).start()
    lock = threading.Lock()

    def send(msg: tuple) -> None:
        with lock:
            pickle.dump(msg, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", float(p["gap"]))
    if p["time_limit"] is not None:
        h.setOptionValue("time_limit", max(float(p["time_limit"]), 0.0))
    h.passModel(
        p["num_col"],
        p["num_row"],
        len(p["value"]),
        int(highspy.MatrixFormat.kRowwise),
        int(p["sense"]),
        p["offset"],
        p["cost"],
        p["lower"],
        p["upper"],
        p["row_lower"],
        p["row_upper"],
        p["start"],
        p["index"],
        p["value"],
        p["integrality"],
    )
    n_x = int(p["n_x"])
    last = [0.0]
    CB = highspy.cb.HighsCallbackType

    def callback(kind, message, data_out, data_in, user_data):  # type: ignore[no-untyped-def]
        if kind == CB.kCallbackMipImprovingSolution:
            sol = np.asarray(data_out.mip_solution, dtype=float)
            send(
                (
                    "incumbent",
                    float(data_out.mip_primal_bound),
                    float(data_out.mip_dual_bound),
                    np.nonzero(sol[:n_x] > 0.5)[0].astype(np.int32),
                )
            )
        elif kind == CB.kCallbackMipInterrupt:
            now = time.perf_counter()
            if now - last[0] >= BOUND_EVERY:
                last[0] = now
                send(("bound", float(data_out.mip_dual_bound)))
        if stop.is_set():
            data_in.user_interrupt = True

    h.setCallback(callback, None)
    for kind in (
        CB.kCallbackMipImprovingSolution,
        CB.kCallbackMipInterrupt,
        CB.kCallbackSimplexInterrupt,
        CB.kCallbackIpmInterrupt,
    ):
        h.startCallback(kind)
    h.run()
    info = h.getInfo()
    has = int(info.primal_solution_status) == int(highspy.SolutionStatus.kSolutionStatusFeasible)
    x = np.asarray(h.getSolution().col_value, dtype=float)[:n_x] if has else None
    send(
        (
            "done",
            h.getModelStatus().name,
            x,
            float(info.objective_function_value) if has else None,
            float(info.mip_dual_bound),
            float(info.mip_gap) if has else None,
            float(h.getRunTime()),
        )
    )
    out.close()


def solve_in_child(
    payload: dict[str, Any], deadline: float | None, progress: Progress | None = None
) -> ChildOutcome:
    """Run the HiGHS model described by payload (SparseModel.highs_payload) in a spawned child.

    deadline: time.perf_counter() value by which the call returns (None: no limit). The best
    plan the child reported is kept when it is stopped; its gap uses the last dual bound heard.
    """
    command = child_command()
    if command is None:
        return ChildOutcome(False, None, None, None, None, None, None, crashed=True)
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdin is not None and proc.stdout is not None
    messages: queue.Queue = queue.Queue()

    def reader(stream: Any) -> None:
        try:
            while True:
                messages.put(pickle.load(stream))
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):  # ValueError: stream closed
            messages.put(("eof",))

    read_thread = threading.Thread(target=reader, args=(proc.stdout,), daemon=True)
    read_thread.start()
    try:
        pickle.dump(payload, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        proc.stdin.flush()
    except OSError:
        pass  # the child died at once: read "eof" below
    n_x = int(payload["n_x"])
    maximize = int(payload["sense"]) == -1
    best_obj: float | None = None
    best_idx: np.ndarray | None = None
    dual: float | None = None
    done: tuple | None = None
    stop_sent_at: float | None = None
    cancelled = False
    try:
        while done is None:
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
            if stop_sent_at is not None and now - stop_sent_at >= GRACE_SECONDS:
                break  # the child did not stop in time: kill it below
            wait = 0.05
            if deadline is not None and stop_sent_at is None:
                wait = min(wait, max(deadline - now, 0.0))
            elif stop_sent_at is not None:
                wait = min(wait, max(stop_sent_at + GRACE_SECONDS - now, 0.0))
            try:
                msg = messages.get(timeout=wait)
            except queue.Empty:
                continue
            if msg[0] == "incumbent":
                _, obj, bound, idx = msg
                better = best_obj is None or (obj > best_obj if maximize else obj < best_obj)
                if better:
                    best_obj, best_idx = obj, idx
                dual = bound
            elif msg[0] == "bound":
                dual = msg[1]
            elif msg[0] == "done":
                done = msg
            elif msg[0] == "eof":
                break
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
    if done is not None:
        _, status, x, obj, bound, gap, own = done
        return ChildOutcome(True, status, x, obj, bound, gap, own, cancelled)
    if stop_sent_at is None and best_obj is None:
        return ChildOutcome(False, None, None, None, None, None, None, crashed=True)
    x = None
    if best_idx is not None:
        x = np.zeros(n_x)
        x[best_idx] = 1.0
    gap = (
        _gap(best_obj, dual)
        if best_obj is not None and dual is not None and math.isfinite(dual)
        else None
    )
    return ChildOutcome(False, None, x, best_obj, dual, gap, None, cancelled)


if __name__ == "__main__":  # pragma: no cover - the child process
    child_main()
