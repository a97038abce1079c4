"""The solver boundary: one function per backend, each returning the same :class:`SolveResult`.

``run_highs`` (highspy in this process), ``run_highs_child`` (highspy in a child process, so a
time limit and a cancel hold to within a fraction of a second, planner.child) and ``run_cbc``
(CBC through PuLP) take a :class:`~planner.sparse.SparseModel` and translate the backend's
status into the project's own :class:`~planner.model.SolveStatus` here, and nowhere else
(linopy's ``solvers.py``). :func:`solve_model` picks the backend for a built plan model and,
when a time limit stops HiGHS before it found any plan, falls back to the quick plan of
planner.start. :func:`second_opinion` checks a "no plan exists" verdict by another method
before a county is told so (an infeasibility certificate of the LP relaxation verified in
NumPy, else the other solver on the same model, its plan verified in NumPy).
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import itertools
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import highspy
import numpy as np

from planner import child, start
from planner.milp import BuiltModel, Objective
from planner.model import Progress, SolveStatus
from planner.sparse import SparseModel
from planner.terms import has_vendor_terms
from planner.text import Msg, bi

#: Relative optimality gap every solve is run to (docs/DESIGN.md §2).
MIP_REL_GAP = 1e-6
SOLVERS = ("highs", "cbc")
#: The relative gap solves use when not given one (``--gap``; per thread/context, so the app's
#: background analysis and a CLI run do not see each other's setting).
_GAP: contextvars.ContextVar[float] = contextvars.ContextVar("yunce_mip_gap", default=MIP_REL_GAP)


@contextlib.contextmanager
def relative_gap(gap: float | None) -> Iterator[None]:
    """Within the block, every solve (plan, analysis re-solves, diagnosis) stops at this gap."""
    if gap is None:
        yield
        return
    if not (0.0 <= float(gap) < 1.0):
        raise ValueError(f"relative gap must be in [0, 1), got {gap}")
    token = _GAP.set(float(gap))
    try:
        yield
    finally:
        _GAP.reset(token)


def current_gap() -> float:
    """The relative gap solves stop at now (:func:`relative_gap`'s, else :data:`MIP_REL_GAP`)."""
    return _GAP.get()


@dataclass(frozen=True)
class SolveResult:
    """Outcome of one solver call, in the project's own terms."""

    status: SolveStatus
    x_values: np.ndarray | None
    """Values of the model's first ``n_x`` columns (the assignment binaries); None without a plan."""
    objective: float | None
    gap: float | None
    seconds: float
    proven_infeasible: bool = False
    """True when the solver proved there is no solution (not merely ran out of time)."""
    solver_seconds: float | None = None
    """The solver's own run time (HiGHS clock), without handing over the model."""
    stopped_early: bool = False
    """True when the time limit (or a cancel) stopped the solver before it proved optimality."""
    dual_bound: float | None = None
    """The solver's bound on the objective when it stopped without a plan (HiGHS), else None."""
    nodes: int | None = None
    """Branch-and-bound nodes HiGHS processed in this process (summed over the runs of
    :func:`run_highs_by_choice`); None for CBC and a child-process solve. The benchmarks compare
    it with HiGHS called directly: equal counts on one thread mean equal work, so a difference
    in time is the machine's load."""

    def __repr__(self) -> str:
        gap = "" if self.gap is None else f", gap={self.gap:.2e}"
        obj = "" if self.objective is None else f", objective={self.objective:,.2f}"
        return f"SolveResult(status={self.status.value}{obj}{gap}, seconds={self.seconds:.3f})"


def _no_plan(
    seconds: float,
    *,
    proven: bool = False,
    own: float | None = None,
    early: bool = False,
    bound: float | None = None,
) -> SolveResult:
    return SolveResult(
        SolveStatus.INFEASIBLE,
        None,
        None,
        None,
        seconds,
        proven_infeasible=proven,
        solver_seconds=own,
        stopped_early=early,
        dual_bound=bound,
    )


def _cancelled(seconds: float, own: float | None = None) -> SolveResult:
    return SolveResult(
        SolveStatus.CANCELLED, None, None, None, seconds, solver_seconds=own, stopped_early=True
    )


_STDOUT_LOCK = threading.Lock()


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence C-level stdout (HiGHS prints a banner when a Highs object is created).

    Only on the main thread, where the command line writes ``--json -`` to standard output:
    redirecting fd 1 is process-wide, and doing it from the app's worker threads raced with
    whoever else touches fd 1 (pytest's capture between tests: "Bad file descriptor"). Off the
    main thread the banner goes to the console, if there is one, and harms nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    # fd 1 is process-wide: solves in several threads (the app's analysis) must take turns
    with _STDOUT_LOCK:
        sys.stdout.flush()
        saved = os.dup(fd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
            yield
        finally:
            with contextlib.suppress(OSError, AttributeError):  # no C library to flush
                ctypes.CDLL(None).fflush(None)
            os.dup2(saved, fd)
            os.close(saved)
            os.close(devnull)


def cbc_path() -> str | None:
    """The CBC binary bundled with PuLP (PULP_CBC_CMD is deprecated), else cbc on PATH."""
    import pulp  # CBC only: a HiGHS plan does not pay for importing PuLP (planner.sparse.to_pulp)
    from pulp.apis.coin_api import pulp_cbc_path

    # normpath: pulp's path is ".../pulp/apis/../solverdir/..."; in the frozen build pulp/apis is
    # not a real folder, so the un-normalised path does not resolve (packaging/yunce.spec)
    path = os.path.normpath(pulp.COIN_CMD.executableExtension(pulp_cbc_path))
    if os.path.exists(path):
        if not os.access(path, os.X_OK):
            with contextlib.suppress(OSError):
                os.chmod(path, 0o755)
        return path
    return None


#: Further HiGHS options every solve gets (name → value), e.g. feasibility tolerances; empty
#: by default. Tests set tolerances here to make HiGHS and CBC honestly disagree.
HIGHS_OPTIONS: dict[str, Any] = {}


def make_highs(
    gap: float = MIP_REL_GAP,
    time_limit: float | None = None,
    options: dict[str, Any] | None = None,
) -> highspy.Highs:
    """A quiet, single-threaded highspy.Highs with the planner's settings (and options, by
    default :data:`HIGHS_OPTIONS`)."""
    with _quiet_stdout():
        h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's constructor is unannotated
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", float(gap))
    if time_limit is not None:
        h.setOptionValue("time_limit", max(float(time_limit), 0.0))
    for name, value in (HIGHS_OPTIONS if options is None else options).items():
        h.setOptionValue(name, value)
    return h


# --- HiGHS in this process ----------------------------------------------------------------------
def run_highs(
    model: SparseModel,
    n_x: int,
    gap: float,
    deadline: float | None,
    progress: Progress | None,
    started: float,
    *,
    fixed: Mapping[int, float] | None = None,
    cutoff: float | None = None,
) -> SolveResult:
    """HiGHS through highspy: the model in one passModel call, a watchdog on the deadline.

    deadline is a time.perf_counter() value (None: no limit); started is when the caller's
    solve began (the result's seconds count from it). fixed: columns held at a value (one
    interval of a choice group, :func:`run_highs_by_choice`); cutoff: only plans of objective
    below it are sought (none: proven INFEASIBLE)."""
    remaining = None if deadline is None else deadline - time.perf_counter()
    h = make_highs(gap, remaining)
    model.pass_to_highs(h)
    if fixed:
        cols = np.fromiter(fixed.keys(), dtype=np.int32, count=len(fixed))
        vals = np.fromiter(fixed.values(), dtype=float, count=len(fixed))
        h.changeColsBounds(len(cols), cols, vals, vals)
    if cutoff is not None:
        h.setOptionValue("objective_bound", float(cutoff))
    stopped = {"early": False}
    if deadline is not None or progress is not None:
        # HiGHS checks its own time limit only at some points (the root LP of a large model
        # and its heuristics overran it 2–3×); the interrupt callbacks fire inside simplex,
        # IPM and branch-and-bound, so the watchdog stops it within a fraction of a second.
        def on_interrupt(
            callback_type: Any, message: Any, data_out: Any, data_in: Any, user_data: Any
        ) -> None:
            if (progress is not None and progress.cancelled) or (
                deadline is not None and time.perf_counter() >= deadline
            ):
                stopped["early"] = True
                data_in.user_interrupt = True

        h.setCallback(on_interrupt, None)
        for kind in (
            highspy.cb.HighsCallbackType.kCallbackMipInterrupt,
            highspy.cb.HighsCallbackType.kCallbackSimplexInterrupt,
            highspy.cb.HighsCallbackType.kCallbackIpmInterrupt,
        ):
            h.startCallback(kind)
    h.run()
    seconds = time.perf_counter() - started
    own = float(h.getRunTime())
    ms = h.getModelStatus()
    info = h.getInfo()
    MS = highspy.HighsModelStatus
    has_values = int(info.primal_solution_status) == int(
        highspy.SolutionStatus.kSolutionStatusFeasible
    )
    g = float(info.mip_gap) if has_values else math.inf
    gap_found = g if np.isfinite(g) else None
    nodes = max(int(info.mip_node_count), 0)
    if progress is not None and progress.cancelled:
        return replace(_cancelled(seconds, own), nodes=nodes)
    if ms == MS.kOptimal:
        status = SolveStatus.OPTIMAL
        gap_found = gap_found if gap_found is not None else 0.0
    elif ms in (MS.kInfeasible, MS.kUnboundedOrInfeasible):
        # every column is bounded (binaries, a cost total ≥ 0): "unbounded or infeasible" is infeasible
        return replace(_no_plan(seconds, proven=True, own=own), nodes=nodes)
    elif has_values:
        status = SolveStatus.FEASIBLE
        stopped["early"] = True
    else:  # stopped before any plan
        no_plan = _no_plan(seconds, own=own, early=True, bound=float(info.mip_dual_bound))
        return replace(no_plan, nodes=nodes)
    col = np.asarray(h.getSolution().col_value, dtype=float)
    objective = float(model.col_cost @ col + model.offset)
    return SolveResult(
        status,
        col[:n_x].copy(),
        objective,
        gap_found,
        seconds,
        solver_seconds=own,
        stopped_early=stopped["early"],
        nodes=nodes,
    )


# --- HiGHS in a child process -------------------------------------------------------------------
def _highs_in_child(payload: dict[str, Any], channel: child.Channel) -> dict[str, Any]:
    """The child's side of :func:`run_highs_child`: solve, report every improving plan."""
    h = make_highs(float(payload["gap"]), payload["time_limit"], payload.get("options"))
    SparseModel.pass_payload_to_highs(h, payload)
    n_x = int(payload["n_x"])
    last = [0.0]
    CB = highspy.cb.HighsCallbackType

    def callback(kind: Any, message: Any, data_out: Any, data_in: Any, user_data: Any) -> None:
        if kind == CB.kCallbackMipImprovingSolution:
            sol = np.asarray(data_out.mip_solution, dtype=float)
            channel.send(
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
                channel.send(("bound", float(data_out.mip_dual_bound)))
        if channel.stop_requested:
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
    return {
        "model_status": h.getModelStatus().name,
        "x": np.asarray(h.getSolution().col_value, dtype=float)[:n_x] if has else None,
        "objective": float(info.objective_function_value) if has else None,
        "dual_bound": float(info.mip_dual_bound),
        "gap": float(info.mip_gap) if has else None,
        "solver_seconds": float(h.getRunTime()),
    }


#: Seconds between the child's dual-bound reports.
BOUND_EVERY = 0.25


def _relative_gap(primal: float, dual: float) -> float:
    """HiGHS's relative gap: |primal − dual| / |primal| (inf when primal is 0 and they differ)."""
    if primal == dual:
        return 0.0
    return abs(primal - dual) / abs(primal) if primal != 0 else math.inf


def run_highs_child(
    model: SparseModel,
    n_x: int,
    gap: float,
    deadline: float | None,
    progress: Progress | None,
    started: float,
) -> SolveResult | None:
    """HiGHS in a child process (planner.child), stopped at the deadline or a cancel at once;
    the best plan it reported is kept, with its gap from the last dual bound heard.

    None when no child could be started or it died without an answer (the caller then solves
    in its own process)."""
    payload = model.highs_payload()
    payload.update(
        options=dict(HIGHS_OPTIONS),
        n_x=n_x,
        gap=gap,
        time_limit=None if deadline is None else max(deadline - time.perf_counter() - 0.05, 0.0),
    )
    maximize = int(payload["sense"]) == -1
    best: dict[str, Any] = {"objective": None, "index": None, "dual": None}

    def on_message(msg: tuple[Any, ...]) -> None:
        if msg[0] == "incumbent":
            _, obj, bound, idx = msg
            if best["objective"] is None or (
                obj > best["objective"] if maximize else obj < best["objective"]
            ):
                best["objective"], best["index"] = obj, idx
            best["dual"] = bound
        elif msg[0] == "bound":
            best["dual"] = msg[1]

    out = child.run_in_child(
        _highs_in_child,
        (payload,),
        progress=progress,
        deadline=deadline,
        on_message=on_message,
        grace=child.SOLVER_GRACE,
    )
    seconds = time.perf_counter() - started
    if out.cancelled:
        return _cancelled(seconds)
    if out.finished and out.result is not None:
        done = out.result
        status, own = done["model_status"], done["solver_seconds"]
        if status == "kOptimal":
            return SolveResult(
                SolveStatus.OPTIMAL,
                done["x"],
                done["objective"],
                done["gap"] if done["gap"] is not None else 0.0,
                seconds,
                solver_seconds=own,
            )
        if status in ("kInfeasible", "kUnboundedOrInfeasible"):
            return _no_plan(seconds, proven=True, own=own)
        if done["x"] is not None:
            return SolveResult(
                SolveStatus.FEASIBLE,
                done["x"],
                done["objective"],
                done["gap"],
                seconds,
                solver_seconds=own,
                stopped_early=True,
            )
        return _no_plan(seconds, own=own, early=True, bound=done["dual_bound"])
    if not out.stopped and best["objective"] is None:
        return None  # no child, or it died before it was asked to stop
    dual = best["dual"]
    if best["index"] is None:
        return _no_plan(seconds, early=True, bound=dual)
    x = np.zeros(n_x)
    x[best["index"]] = 1.0
    found_gap = (
        _relative_gap(best["objective"], dual) if dual is not None and math.isfinite(dual) else None
    )
    return SolveResult(
        SolveStatus.FEASIBLE, x, best["objective"], found_gap, seconds, stopped_early=True
    )


# --- CBC ----------------------------------------------------------------------------------------
def run_cbc(
    model: SparseModel, n_x: int, gap: float, deadline: float | None, started: float
) -> SolveResult:
    """CBC through PuLP: the same sparse model, built as PuLP objects."""
    import pulp  # CBC only (see cbc_path)

    prob, xs = model.to_pulp()
    remaining = None if deadline is None else max(deadline - time.perf_counter(), 0.1)
    engine = pulp.COIN_CMD(path=cbc_path(), msg=False, gapRel=gap, timeLimit=remaining)
    prob.solve(engine)
    seconds = time.perf_counter() - started
    status, sol = prob.status, prob.sol_status
    has_values = sol in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    if status == pulp.LpStatusOptimal and sol == pulp.LpSolutionOptimal:
        result = SolveStatus.OPTIMAL
    elif has_values:
        result = SolveStatus.FEASIBLE
    else:
        return _no_plan(seconds, proven=status == pulp.LpStatusInfeasible)
    col = np.array([v.varValue or 0.0 for v in xs], dtype=float)
    objective = float(model.col_cost @ col + model.offset)
    return SolveResult(
        result,
        col[:n_x],
        objective,
        0.0 if result is SolveStatus.OPTIMAL else None,
        seconds,
        stopped_early=result is not SolveStatus.OPTIMAL,
    )


# --- a built plan model -------------------------------------------------------------------------
#: A time-limited HiGHS solve of at least this many (system, platform) pairs runs in a child
#: process: HiGHS's presolve does not check the clock (3–4 s at 20,000 systems), and starting a
#: child (~0.5 s) is cheap next to the solve from this size on.
CHILD_PROCESS_MIN_PAIRS = 40_000

#: Fall back to the greedy plan (planner.start.greedy_start) when the time limit stops HiGHS
#: before it found any plan. It is NOT passed to HiGHS as a MIP start: HiGHS 1.16 given a
#: feasible but worse start (Highs.setSolution) returned that start as optimal with gap 0 on a
#: small instance (tests/planner/test_reductions.py, seed 60131: 509,527.61 against the
#: brute-force optimum 505,825.73), so the start is only ever a last resort, labelled feasible.
FALLBACK_START = True


#: Solve a model with choice groups (volume-tier intervals) once per combination of choices when
#: there are at most this many combinations (and at least 2); else as one MIP.
CHOICE_COMBINATIONS_MAX = 8


def choice_combinations(model: SparseModel) -> list[dict[int, float]]:
    """Each combination of one binary per choice group, as the fixed values of all their
    columns; empty when the model has no groups or more than CHOICE_COMBINATIONS_MAX."""
    groups = model.choice_groups
    if not groups or math.prod(len(g) for g in groups) > CHOICE_COMBINATIONS_MAX:
        return []
    return [
        {int(z): float(i == k) for g, k in zip(groups, pick, strict=True) for i, z in enumerate(g)}
        for pick in itertools.product(*(range(len(g)) for g in groups))
    ]


def _lp_bounds(model: SparseModel, combos: list[dict[int, float]]) -> list[float]:
    """The LP relaxation's optimum with each combination fixed: inf when the LP is proven
    infeasible, −inf when HiGHS gives neither (the combination is then solved in full)."""
    h = make_highs()
    model.pass_to_highs(h, integral=False)
    out = []
    for fix in combos:
        cols = np.fromiter(fix.keys(), dtype=np.int32, count=len(fix))
        vals = np.fromiter(fix.values(), dtype=float, count=len(fix))
        h.changeColsBounds(len(cols), cols, vals, vals)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            out.append(float(h.getInfo().objective_function_value))
        else:
            out.append(math.inf if status == highspy.HighsModelStatus.kInfeasible else -math.inf)
    return out


def run_highs_by_choice(
    model: SparseModel,
    n_x: int,
    gap: float,
    deadline: float | None,
    progress: Progress | None,
    started: float,
) -> SolveResult | None:
    """The model solved once per combination of its choice groups (a tiered vendor's spend in
    one tier interval, planner.terms.tier_rows), the best plan kept; None when not applicable
    (no groups, too many combinations, or a maximisation).

    Exact: every plan of the model lies in exactly one combination (the rows make one binary
    per group 1), so the least of the combinations' optima is the model's optimum. The
    combinations go in order of their LP bound; one whose LP bound is not below the best plan
    so far cannot improve on it and is skipped, the others are solved with that plan's
    objective as cutoff. Why: with a tier's interval fixed the tier rows are plain linear rows
    and the LP bound is that interval's; HiGHS branches far less (the sample county: 40 nodes
    and ~1.2 s of CPU as one MIP, 54 + 1 nodes and ~0.45 s by intervals, one interval skipped)."""
    combos = choice_combinations(model)
    if len(combos) < 2 or model.maximize:
        return None
    bounds = _lp_bounds(model, combos)
    best: SolveResult | None = None
    best_objective = math.inf
    lower: list[float] = []  # a lower bound on each settled combination's optimum
    own = 0.0
    nodes = 0
    early = False
    for k in sorted(range(len(combos)), key=lambda i: bounds[i]):
        if math.isinf(bounds[k]):
            continue  # the LP is infeasible: no plan in this combination
        if bounds[k] >= best_objective:
            lower.append(bounds[k])  # cannot beat the best plan so far
            continue
        cutoff = None if best is None else best_objective
        res = run_highs(
            model, n_x, gap, deadline, progress, started, fixed=combos[k], cutoff=cutoff
        )
        own += res.solver_seconds or 0.0
        nodes += res.nodes or 0
        if res.status is SolveStatus.CANCELLED:
            return replace(_cancelled(time.perf_counter() - started, own), nodes=nodes)
        early = early or res.stopped_early
        if res.objective is not None and res.x_values is not None:
            lower.append(res.objective - (res.gap or 0.0) * abs(res.objective))
            if res.objective < best_objective:
                best, best_objective = res, res.objective
        elif res.proven_infeasible:
            if cutoff is not None:  # nothing below the cutoff, to within HiGHS's relative gap
                lower.append(cutoff - gap * abs(cutoff))
        else:  # stopped before a plan: HiGHS's bound, else the LP's
            lower.append(res.dual_bound if res.dual_bound is not None else bounds[k])
    seconds = time.perf_counter() - started
    if best is None:
        if early:
            finite = [b for b in lower if math.isfinite(b)]
            no_plan = _no_plan(seconds, own=own, early=True, bound=min(finite) if finite else None)
            return replace(no_plan, nodes=nodes)
        return replace(_no_plan(seconds, proven=True, own=own), nodes=nodes)
    floor = min([best_objective, *lower])
    found_gap = _relative_gap(best_objective, floor) if floor < best_objective else 0.0
    status = SolveStatus.FEASIBLE if early else SolveStatus.OPTIMAL
    return SolveResult(
        status,
        best.x_values,
        best_objective,
        found_gap,
        seconds,
        solver_seconds=own,
        stopped_early=early,
        nodes=nodes,
    )


def fallback_plan(bm: BuiltModel) -> np.ndarray | None:
    """x values of a plan obeying every row of bm, from the greedy repair; None when none."""
    if (
        not FALLBACK_START
        or bm.options.objective is not Objective.COST
        or bm.num_pairs == 0
        or bm.year_plan  # the greedy repair places one year's systems
    ):
        return None
    inp = bm.cost_model.input
    if inp.system_rules or has_vendor_terms(inp):  # the greedy repair knows neither (issue 13)
        return None
    cm = bm.cost_model
    W, P = len(cm.workloads), len(cm.platforms)
    pair_of = np.full((W, P), -1, dtype=np.int64)
    pair_of[bm.pair_w, bm.pair_p] = np.arange(bm.num_pairs)
    choice = start.greedy_start(cm, bm.policy, pair_of >= 0)
    if choice is None:
        return None
    x = np.zeros(bm.num_pairs)
    x[pair_of[np.arange(W), choice]] = 1.0
    return x


def _with_fallback(bm: BuiltModel, res: SolveResult, started: float) -> SolveResult:
    """res, or the greedy plan as a FEASIBLE result when a limit stopped HiGHS before any plan
    (its gap from HiGHS's dual bound when known)."""
    if res.status is not SolveStatus.INFEASIBLE or not res.stopped_early:
        return res
    seconds = time.perf_counter() - started
    x = fallback_plan(bm)
    if x is None:
        return res
    objective = float(bm.cost @ x)
    bound = res.dual_bound
    gap = None
    if bound is not None and math.isfinite(bound) and objective > 0:
        gap = max(objective - bound, 0.0) / objective
    return SolveResult(
        SolveStatus.FEASIBLE,
        x,
        objective,
        gap,
        seconds,
        solver_seconds=res.solver_seconds,
        stopped_early=True,
        nodes=res.nodes,
    )


def solve_model(
    bm: BuiltModel,
    solver: str = "highs",
    time_limit: float | None = None,
    progress: Progress | None = None,
    gap: float | None = None,
) -> SolveResult:
    """Solve a built model with the chosen backend (the status is the project's own).

    time_limit (s) counts from this call and is enforced by a watchdog (HiGHS), gap is the
    relative optimality gap to stop at (default: :func:`relative_gap`'s, else :data:`MIP_REL_GAP`).
    """
    started = time.perf_counter()
    gap = _GAP.get() if gap is None else float(gap)
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")
    if bm.num_pairs == 0:
        # No eligible pair at all: infeasible as soon as there is a workload.
        # with no workload at all only the vendor count can fail (no vendor hosts anything)
        infeasible = len(bm.cost_model.workloads) > 0 or (
            bm.options.min_vendors and bm.policy.min_vendors > 1
        )
        return SolveResult(
            SolveStatus.INFEASIBLE if infeasible else SolveStatus.OPTIMAL,
            None if infeasible else np.zeros(0),
            None if infeasible else 0.0,
            None,
            0.0,
            proven_infeasible=bool(infeasible),
        )
    deadline = None if time_limit is None else started + float(time_limit)
    if solver == "cbc":
        res = run_cbc(bm.model, bm.num_pairs, gap, deadline, started)
        if progress is not None and progress.cancelled:
            return _cancelled(res.seconds)
        return res
    found: SolveResult | None = None
    if deadline is not None and bm.num_pairs >= CHILD_PROCESS_MIN_PAIRS:
        found = run_highs_child(bm.model, bm.num_pairs, gap, deadline, progress, started)
    if found is None:  # small model, no limit, or no child could run: in this process
        found = run_highs_by_choice(bm.model, bm.num_pairs, gap, deadline, progress, started)
    if found is None:
        found = run_highs(bm.model, bm.num_pairs, gap, deadline, progress, started)
    return _with_fallback(bm, found, started)


# --- a second opinion on "no plan exists" -------------------------------------------------------
#: A plan the second method found is checked here, in NumPy, against every bound, integrality
#: and row of the model: a row may be off by CHECK_ABS_TOL plus CHECK_REL_TOL × its scale
#: (Σ|a·x| and its bounds). Money rows are in 元: both are far below a fen. CBC at its default
#: tolerances leaves cost rows of the sample county off by ~5e-6 元 once unscaled, hence 1e-5.
CHECK_ABS_TOL = 1e-5
CHECK_REL_TOL = 1e-9
CHECK_INT_TOL = 1e-6
#: A Farkas certificate must prove infeasibility by at least this share of its own scale.
CERTIFICATE_REL_MARGIN = 1e-9
#: Without a time limit the second MIP solve gets this long at least, or this many times the
#: first solve's time if that is longer (capped at SECOND_OPINION_MAX_SECONDS).
SECOND_OPINION_MIN_SECONDS = 10.0
SECOND_OPINION_FACTOR = 4.0
SECOND_OPINION_MAX_SECONDS = 600.0

_SOLVER_NAMES = {"highs": "HiGHS", "cbc": "CBC"}


@dataclass(frozen=True)
class SecondOpinion:
    """What a second method says about a first solver's "no plan exists"."""

    first: str
    """The solver that said there is no plan (highs / cbc)."""
    method: str
    """The second method: 'lp_certificate' (HiGHS on the LP relaxation, its dual ray checked
    as a Farkas proof in NumPy), or the other solver on the same model ('cbc' / 'highs')."""
    agrees: bool | None
    """True: confirmed; False: the second method found a plan that passed the check; None: the
    second method could not tell (time limit, no certificate, or its plan failed the check)."""
    seconds: float
    plan: SolveResult | None = None
    """When agrees is False: the second method's plan (x of the assignment columns), FEASIBLE
    whatever the second solver proved: the first one disputes it."""
    margin: float | None = None
    """lp_certificate: by how much the certificate proves infeasibility (its own units)."""
    violation: float | None = None
    """When the second method returned a plan: its largest violation found by the check."""

    def message(self) -> Msg:
        """One sentence for the diagnosis (JSON, app, terminal): confirmed, or not, and how."""
        first = _SOLVER_NAMES.get(self.first, self.first)
        second = _SOLVER_NAMES.get(self.method, self.method)
        if self.agrees and self.method == "lp_certificate":
            return Msg(
                "已复核无解：线性松弛的不可行性证明（Farkas 证书，已用 NumPy 独立核验）表明，"
                "即使允许把系统拆分到多个平台也没有满足全部规则的分配。",
                "No plan, checked: an infeasibility certificate of the LP relaxation (a Farkas "
                "proof, verified independently in NumPy) shows that not even an assignment "
                "that splits systems across platforms obeys every rule.",
            )
        if self.agrees:
            return bi(
                "已复核无解：{second} 在同一模型上也证明没有满足全部规则的方案。",
                "No plan, checked: {second} also proves on the same model that no plan obeys "
                "every rule.",
                second=second,
            )
        if self.agrees is False:
            return bi(
                "注意：两种求解器的结论不一致。{first} 报告没有满足全部规则的方案，但 {second} "
                "在同一模型上找到了这个方案，经独立核验满足全部规则（最大偏差 {v:.2g}）。"
                "这里给出的是 {second} 的方案；这种分歧多由数值尺度或容差引起，请复核后再采用。",
                "Note: the two solvers disagree. {first} reported that no plan obeys every "
                "rule, but {second} found this plan on the same model, and an independent check "
                "finds it obeys every rule (largest deviation {v:.2g}). The plan shown is "
                "{second}'s; such a disagreement usually comes from numerical scaling or "
                "tolerances: review it before you rely on it.",
                first=first,
                second=second,
                v=self.violation or 0.0,
            )
        if self.violation is not None and math.isinf(self.violation):
            return bi(
                "未能复核无解：{second} 给出的方案不满足尚未加入模型的供应商占比规则，未采用；"
                "「没有方案」的结论只来自 {first}。",
                "Not checked: the plan {second} returned breaks a vendor-share rule not yet in "
                "the model and was not used; that no plan exists rests on {first} alone.",
                first=first,
                second=second,
            )
        if self.violation is not None:
            return bi(
                "未能复核无解：{second} 给出的方案经核验不满足规则（偏差 {v:.2g}），未采用；"
                "「没有方案」的结论只来自 {first}。",
                "Not checked: the plan {second} returned breaks a rule when checked (deviation "
                "{v:.2g}) and was not used; that no plan exists rests on {first} alone.",
                first=first,
                second=second,
                v=self.violation,
            )
        return bi(
            "未能复核无解：{second} 在 {t:.0f} 秒内既未找到方案也未证明无解；"
            "「没有方案」的结论只来自 {first}。",
            "Not checked: within {t:.0f} s {second} neither found a plan nor proved there is "
            "none; that no plan exists rests on {first} alone.",
            first=first,
            second=second,
            t=self.seconds,
        )


def _row_of_entries(model: SparseModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    start, index, value = model.csr()
    rows = np.repeat(np.arange(model.num_row), np.diff(start))
    return rows, index, value


def plan_violation(model: SparseModel, col: np.ndarray) -> float:
    """The largest amount by which col breaks a bound, an integrality or a row of model, beyond
    the check's tolerances (0.0: it obeys all of them). Independent of any solver."""
    col = np.asarray(col, dtype=float)
    if col.shape != (model.num_col,) or not np.all(np.isfinite(col)):
        return math.inf
    lo, up = model.col_lower, model.col_upper
    worst = float(np.max(np.maximum(lo - col, col - up), initial=0.0))
    worst = max(worst - CHECK_ABS_TOL, 0.0)
    integer = model.integrality
    if integer.any():
        off = np.abs(col[integer] - np.round(col[integer]))
        worst = max(worst, float(np.max(off - CHECK_INT_TOL, initial=0.0)))
    if model.num_row:
        rows, index, value = _row_of_entries(model)
        terms = value * col[index]
        activity = np.bincount(rows, weights=terms, minlength=model.num_row)
        scale = np.bincount(rows, weights=np.abs(terms), minlength=model.num_row)
        rlo, rup = model.row_lower, model.row_upper
        bounds = np.maximum(
            np.where(np.isinf(rlo), 0, np.abs(rlo)), np.where(np.isinf(rup), 0, np.abs(rup))
        )
        tol = CHECK_ABS_TOL + CHECK_REL_TOL * np.maximum(scale, bounds)
        excess = np.maximum(rlo - activity, activity - rup) - tol
        worst = max(worst, float(np.max(excess, initial=0.0)))
    return worst


def farkas_margin(model: SparseModel, ray: np.ndarray) -> float | None:
    """By how much row multipliers ray prove the model has no solution, or None if they do not.

    For every x within the column bounds that meets the rows, ray·(Ax) ≥ Σ min(ray_i·L_i,
    ray_i·U_i) (the rows) and ray·(Ax) = (Aᵀray)·x ≤ Σ max(z_j·l_j, z_j·u_j) (the bounds,
    z = Aᵀray; integer columns with their bounds rounded inwards). When the second sum is below
    the first no x exists, integral or not. Entries of z below 1e-12 of the terms summed into
    them are cancellation noise and count as zero. The margin must exceed
    CERTIFICATE_REL_MARGIN of the sums' own scale.
    """
    y = np.asarray(ray, dtype=float)
    if y.shape != (model.num_row,) or not np.all(np.isfinite(y)) or not np.any(y):
        return None
    rows, index, value = _row_of_entries(model)
    contrib = value * y[rows]
    z = np.bincount(index, weights=contrib, minlength=model.num_col)
    size = np.bincount(index, weights=np.abs(contrib), minlength=model.num_col)
    z = np.where(np.abs(z) <= 1e-12 * size, 0.0, z)
    rlo, rup = model.row_lower, model.row_upper
    pos, neg = y > 0, y < 0
    if np.any(np.isinf(rlo[pos])) or np.any(np.isinf(rup[neg])):
        return None
    row_side = np.where(pos, y * np.where(pos, rlo, 0.0), 0.0) + np.where(
        neg, y * np.where(neg, rup, 0.0), 0.0
    )
    lo, up = model.col_lower.copy(), model.col_upper.copy()
    integer = model.integrality
    lo[integer] = np.ceil(lo[integer] - 1e-9)
    up[integer] = np.floor(up[integer] + 1e-9)
    zp, zn = z > 0, z < 0
    if np.any(np.isinf(up[zp])) or np.any(np.isinf(lo[zn])):
        return None
    col_side = np.where(zp, z * np.where(zp, up, 0.0), 0.0) + np.where(
        zn, z * np.where(zn, lo, 0.0), 0.0
    )
    low, high = float(row_side.sum()), float(col_side.sum())
    scale = float(np.abs(row_side).sum() + np.abs(col_side).sum())
    margin = low - high
    return margin if margin > CERTIFICATE_REL_MARGIN * max(scale, 1.0) else None


def lp_certificate(model: SparseModel, time_limit: float | None = None) -> float | None:
    """HiGHS on the LP relaxation (presolve off, so simplex ends with a dual ray); the ray's
    margin as a Farkas proof checked by :func:`farkas_margin`, or None (the relaxation has a
    solution, or no ray proves it has none)."""
    h = make_highs(time_limit=time_limit)
    h.setOptionValue("presolve", "off")
    h.setOptionValue("solver", "simplex")
    model.pass_to_highs(h, integral=False)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
        return None
    _, has_ray, ray = h.getDualRay()  # type: ignore[attr-defined]  # not in highspy's stubs
    if not has_ray:
        return None
    ray = np.asarray(ray, dtype=float)
    best = [m for m in (farkas_margin(model, ray), farkas_margin(model, -ray)) if m is not None]
    return max(best) if best else None


def second_opinion(
    model: SparseModel,
    n_x: int,
    first: str,
    gap: float | None = None,
    time_limit: float | None = None,
    first_seconds: float = 0.0,
) -> SecondOpinion:
    """Check a "no plan exists" verdict of solver first on model by a second method.

    First the cheap proof: an infeasibility certificate of the LP relaxation, verified in
    NumPy. When the relaxation has a solution (the conflict is in the integrality), the other
    solver solves the same model; a plan it returns is checked in NumPy (:func:`plan_violation`)
    before it counts. time_limit bounds the whole check (None: SECOND_OPINION_MIN_SECONDS or
    SECOND_OPINION_FACTOR × first_seconds, at most SECOND_OPINION_MAX_SECONDS).
    """
    started = time.perf_counter()
    gap = _GAP.get() if gap is None else float(gap)
    budget = (
        max(float(time_limit), 1.0)
        if time_limit is not None
        else min(
            max(SECOND_OPINION_MIN_SECONDS, SECOND_OPINION_FACTOR * first_seconds),
            SECOND_OPINION_MAX_SECONDS,
        )
    )
    margin = lp_certificate(model, budget)
    if margin is not None:
        return SecondOpinion(
            first, "lp_certificate", True, time.perf_counter() - started, margin=margin
        )
    other = "cbc" if first == "highs" else "highs"
    deadline = started + budget
    if other == "cbc":
        res = run_cbc(model, model.num_col, gap, deadline, started)
    else:
        res = run_highs(model, model.num_col, gap, deadline, None, started)
    seconds = time.perf_counter() - started
    if res.proven_infeasible:
        return SecondOpinion(first, other, True, seconds)
    if res.x_values is None:
        return SecondOpinion(first, other, None, seconds)
    violation = plan_violation(model, res.x_values)
    if violation > 0.0:
        return SecondOpinion(first, other, None, seconds, violation=violation)
    found = np.asarray(res.x_values, dtype=float)
    # the deviation reported is the raw one (before tolerances), so a user sees how close it is
    raw = _raw_violation(model, found)
    plan = SolveResult(  # FEASIBLE, never OPTIMAL: the first solver disputes it
        SolveStatus.FEASIBLE,
        found[:n_x].copy(),
        res.objective,
        res.gap,
        seconds,
        solver_seconds=res.solver_seconds,
        stopped_early=res.stopped_early,
    )
    return SecondOpinion(first, other, False, seconds, plan=plan, violation=raw)


def confirm_no_plan(
    bm: BuiltModel,
    res: SolveResult,
    solver: str,
    top_level: bool,
    gap: float | None,
    time_limit: float | None,
    started: float,
    progress: Progress | None = None,
    keeps: Callable[[np.ndarray], bool] | None = None,
) -> tuple[SolveResult, str, tuple[Msg, ...]]:
    """The hook planner.optimize calls after the solve: before a county is told that no plan
    obeys its rules, the proof is checked by :func:`second_opinion`, once, for the top-level
    verdict only (top_level False: an analysis or diagnosis re-solve, left as it is).

    Returns the result to go on with (the second method's plan when it found one that passed
    the check and that keeps holds for: then FEASIBLE), the solver it came from, and the
    sentence to show (empty when there was nothing to check). time_limit (s) counts from
    started, the caller's clock; what is left of it bounds the check."""
    if not (top_level and res.proven_infeasible and bm.num_pairs > 0):
        return res, solver, ()
    if progress is not None:
        progress.stage(Msg("复核无解结论…", "Checking that no plan exists…"), 0.5)
    left = None if time_limit is None else time_limit - (time.perf_counter() - started)
    opinion = second_opinion(bm.model, bm.num_pairs, solver, gap, left, res.seconds)
    plan = opinion.plan
    if plan is None or plan.x_values is None:
        return res, solver, (opinion.message(),)
    if keeps is not None and not keeps(plan.x_values):
        opinion = replace(opinion, agrees=None, plan=None, violation=math.inf)
        return res, solver, (opinion.message(),)
    # the time shown for the plan is both solves' (the first one's "no plan" and the second's)
    return replace(plan, seconds=res.seconds + plan.seconds), opinion.method, (opinion.message(),)


def _raw_violation(model: SparseModel, col: np.ndarray) -> float:
    """Largest bound or row violation of col with no tolerance (what a user is told)."""
    worst = float(np.max(np.maximum(model.col_lower - col, col - model.col_upper), initial=0.0))
    if model.num_row:
        rows, index, value = _row_of_entries(model)
        act = np.bincount(rows, weights=value * col[index], minlength=model.num_row)
        excess = np.maximum(model.row_lower - act, act - model.row_upper)
        worst = max(worst, float(np.max(excess, initial=0.0)))
    return worst
