"""Build → solve → extract: the procurement plan as a mixed-integer linear programme.

The model follows docs/DESIGN.md §2 exactly. One binary ``x[k]`` per *eligible* (workload,
platform) pair ``k``; everything else is a constraint family added by its own function, which
writes its rows as arrays into a :class:`planner.sparse.SparseModel`. HiGHS gets that model in
one ``passModel`` call; CBC (and ``--write-lp``) get the same model through PuLP.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import enum
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pulp

from planner.costing import CostModel
from planner.model import (
    Assignment,
    Plan,
    PlanInput,
    Policy,
    Progress,
    SolveStatus,
)
from planner.rules import MODEL_RULES
from planner.sparse import INF, SparseModel
from planner.terms import (  # commercial terms and per-system rules: their families, by name
    MODEL_FUNCTIONS as _TERMS_FUNCTIONS,
)
from planner.terms import (
    add_different_vendor,  # noqa: F401  (re-exported: the registry names them)
    add_forbidden,  # noqa: F401
    add_no_public,  # noqa: F401
    add_pins,  # noqa: F401
    add_same_platform,  # noqa: F401
    add_setup_fees,  # noqa: F401
    add_vendor_minimums,  # noqa: F401
    add_volume_tiers,  # noqa: F401
    has_vendor_terms,
    vendor_minimum,
    vendor_terms,
    vendor_tiers,
)
from planner.text import Msg, bi

#: Relative optimality gap every solve is run to (docs/DESIGN.md §2).
MIP_REL_GAP = 1e-6
#: Share of solve()'s time limit kept back from the solver for extracting the plan afterwards.
LIMIT_RESERVE = 0.04
#: Time kept back per system for building the plan's assignments after the solver stops
#: (measured ~10 µs a system on the 2-core benchmark machine, doubled for load).
EXTRACT_SECONDS_PER_SYSTEM = 2e-5
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


_STDOUT_LOCK = threading.Lock()


class Objective(enum.Enum):
    """What a model optimises; analysis and diagnosis reuse the same constraints."""

    COST = "cost"
    """Minimise total annual cost (the plan)."""
    FEASIBILITY = "feasibility"
    """Any plan obeying the rules."""
    MAX_XINCHUANG = "max_xinchuang"
    """Maximise vCPU on 信创 platforms."""
    MAX_VENDORS = "max_vendors"
    """Maximise the number of vendors used."""
    MIN_PLATFORM_VCPU = "min_platform_vcpu"
    """Minimise vCPU placed on one platform (``target_platform``)."""


@dataclass
class ModelOptions:
    """Which rules to impose when building a model (defaults: all of the policy)."""

    objective: Objective = Objective.COST
    budget: bool = True
    xinchuang_share: bool = True
    vendor_share: bool = True
    min_vendors: bool = True
    capacity: bool = True
    uncapped_platforms: frozenset[int] = frozenset()
    """Platform indices whose capacity limit is dropped."""
    excluded_platforms: frozenset[int] = frozenset()
    """Platform indices that may not be used at all (vendor-loss tests)."""
    target_platform: int | None = None
    """Platform index for MIN_PLATFORM_VCPU."""
    fixed: Mapping[int, int] = field(default_factory=dict)
    """Workload index → the platform index it must go on (what-if re-solves, explain_choice);
    the platform must be eligible for the workload."""
    terms: bool = True
    """Volume tiers, minimums and setup fees (planner.terms); part of the price, always on."""
    system_rules: bool = True
    """Per-system rules (指定规则)."""
    dropped_system_rules: frozenset[int] = frozenset()
    """Indices into PlanInput.system_rules left out (analysis pricing, diagnosis)."""


@dataclass
class BuiltModel:
    """A sparse MILP (planner.sparse.SparseModel) plus the arrays that map its columns to the domain.

    Columns ``0 .. len(pair_w)-1`` are the assignment binaries ``x[k]`` (in pair order); rule
    families may add more columns (``vendor_used``, ``total_cost``) after them.
    """

    model: SparseModel
    cost_model: CostModel
    policy: Policy
    pair_w: np.ndarray
    """Workload index of each x variable."""
    pair_p: np.ndarray
    """Platform index of each x variable."""
    cost: np.ndarray
    """Annual cost of each x variable."""
    vendor_used: dict[str, int] = field(default_factory=dict)
    """Vendor → column of its 'hosts at least one workload' binary."""
    total_cost: int | None = None
    """Column of the total annual cost in 万元 (budget and vendor-share rows), when added."""
    vendor_cost: dict[str, int] = field(default_factory=dict)
    """Vendor → column of its annual cost in 万元, when added."""
    options: ModelOptions = field(default_factory=ModelOptions)
    build_seconds: float = 0.0
    cost_terms: list[tuple[int, float]] = field(default_factory=list)
    """Extra (column, 元/年) terms of the total annual cost (volume tiers, minimums, setup fees)."""
    vendor_cost_terms: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    """The same terms by vendor (its share of the total)."""
    tier_terms: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    """Volume-tier discount terms by vendor (the minimum applies to the bill after tiers)."""
    vendor_on: dict[str, int] = field(default_factory=dict)
    """Vendor → column of a binary = 1 exactly when it hosts a system (minimums, setup fees)."""

    @property
    def num_pairs(self) -> int:
        return len(self.pair_w)

    @property
    def x(self) -> np.ndarray:
        """Column indices of the assignment binaries."""
        return np.arange(len(self.pair_w))

    def write_lp(self, path: str) -> None:
        """Write the model as an LP file (the same model both solver paths get)."""
        self.model.write_lp(path)


@dataclass(frozen=True)
class SolveResult:
    """Raw outcome of one solver call."""

    status: SolveStatus
    x_values: np.ndarray | None
    objective: float | None
    gap: float | None
    seconds: float
    proven_infeasible: bool = False
    """True when the solver proved there is no solution (not merely ran out of time)."""
    solver_seconds: float | None = None
    """The solver's own run time (HiGHS clock), without handing over the model."""
    stopped_early: bool = False
    """True when the time limit (or a cancel) stopped the solver before it proved optimality."""


# --- build --------------------------------------------------------------------------------------
def _rows_by_group(group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(order, bounds): entries sorted by group, group g spanning order[bounds[g]:bounds[g+1]]."""
    order = np.argsort(group, kind="stable")
    return order, np.searchsorted(group[order], np.arange(n_groups + 1))


def add_assignment(bm: BuiltModel) -> None:
    """Each workload on exactly one eligible platform (one row per workload, all at once)."""
    W = len(bm.cost_model.workloads)
    bm.model.add_rows(bm.pair_w, bm.x, 1.0, 1.0, 1.0, names="assign", count=W)


def add_capacity_limits(bm: BuiltModel) -> None:
    """Σ vCPU on a platform ≤ its capacity (rows that cannot bind are not written)."""
    cm, opts = bm.cost_model, bm.options
    P = len(cm.platforms)
    vcpu = cm.pair_vcpu[bm.pair_w, bm.pair_p]  # 性能系数 applied
    load = np.bincount(bm.pair_p, weights=vcpu, minlength=P)
    rows: list[int] = []
    for j, plat in enumerate(cm.platforms):
        if plat.capacity_vcpu is None or j in opts.uncapped_platforms:
            continue
        if load[j] <= plat.capacity_vcpu:
            continue  # cannot bind
        rows.append(j)
    if not rows:
        return
    row_of_platform = np.full(P, -1, dtype=np.int64)
    row_of_platform[rows] = np.arange(len(rows))
    r = row_of_platform[bm.pair_p]
    mask = r >= 0
    caps = np.array([float(cm.platforms[j].capacity_vcpu or 0.0) for j in rows])
    bm.model.add_rows(
        r[mask],
        bm.x[mask],
        vcpu[mask],
        -INF,
        caps,
        names=[f"capacity_{j}" for j in rows],
        count=len(rows),
    )


#: The vendor-share rows are written in 万元 (元 / 1e4). In 元 their coefficients reach 1e9 and
#: HiGHS stalls at the root on a badly scaled model (2,000 systems: > 460 s unfinished, against
#: ~15 s scaled). Both rows have right-hand side 0, so the rule itself is unchanged.
SHARE_ROW_SCALE = 1e-4


def _vendor_of_pair(bm: BuiltModel) -> np.ndarray:
    """Index into cm.input.vendors of each pair's vendor."""
    cm = bm.cost_model
    vendor_index = {v: i for i, v in enumerate(cm.input.vendors)}
    of_platform = np.array([vendor_index[p.vendor] for p in cm.platforms], dtype=np.int64)
    return of_platform[bm.pair_p] if len(bm.pair_p) else np.zeros(0, dtype=np.int64)


def _vendor_cost_vars(bm: BuiltModel) -> dict[str, int]:
    """Continuous columns c_v = vendor v's annual cost in 万元, and t = Σ_v c_v (the total).

    Each pair's cost appears once, in its vendor's row; the total is a row over V columns.
    Writing the budget and the vendor shares on these columns instead of on every x (a dense
    row per rule) cuts the matrix by two nonzeros per pair, and HiGHS's presolve, which spent
    seconds on the dense rows, by as much (benchmarks/bench_plan.py).
    """
    if bm.vendor_cost:
        return bm.vendor_cost
    vendors = bm.cost_model.input.vendors
    V = len(vendors)
    c = bm.model.add_columns(V, 0.0, INF, prefix="vendor_cost_wan")
    vp = _vendor_of_pair(bm)
    rows = np.concatenate([vp, np.arange(V)])
    cols = np.concatenate([bm.x, c])
    vals = np.concatenate([bm.cost * SHARE_ROW_SCALE, -np.ones(V)])
    extra = [
        (i, col, coef)
        for i, v in enumerate(vendors)
        for col, coef in bm.vendor_cost_terms.get(v, [])
    ]
    if extra:  # the vendors' tiers, minimums and setup fees (planner.terms, built before)
        rows = np.concatenate([rows, [e[0] for e in extra]])
        cols = np.concatenate([cols, [e[1] for e in extra]])
        vals = np.concatenate([vals, [e[2] * SHARE_ROW_SCALE for e in extra]])
    bm.model.add_rows(rows, cols, vals, 0.0, 0.0, names="vendor_cost_def", count=V)
    t = bm.model.add_column("total_annual_cost_wan", 0.0, INF)
    bm.model.add_row(np.append(c, t), np.append(np.ones(V), -1.0), 0.0, 0.0, "total_cost_def")
    bm.vendor_cost = {v: int(c[i]) for i, v in enumerate(vendors)}
    bm.total_cost = t
    return bm.vendor_cost


def add_budget_limit(bm: BuiltModel) -> None:
    """Total annual cost ≤ budget (on the total-cost column, in 万元)."""
    budget = bm.policy.budget_annual
    if budget is None:
        return
    _vendor_cost_vars(bm)
    assert bm.total_cost is not None
    bm.model.add_row(
        np.array([bm.total_cost]), 1.0, -INF, float(budget) * SHARE_ROW_SCALE, "budget"
    )


def add_vendor_share_limits(bm: BuiltModel) -> None:
    """Each vendor's annual cost ≤ max_vendor_share × total annual cost (rows in 万元)."""
    share = bm.policy.max_vendor_share
    if share >= 1.0:
        return
    vendors = bm.cost_model.input.vendors
    c = _vendor_cost_vars(bm)
    t = bm.total_cost
    present = np.unique(_vendor_of_pair(bm))  # a vendor without eligible pairs: 0 ≤ share·t holds
    n = len(present)
    rows = np.concatenate([np.arange(n), np.arange(n)])
    cols = np.concatenate([[c[vendors[v]] for v in present], np.full(n, t)]).astype(np.int64)
    vals = np.concatenate([np.ones(n), np.full(n, -float(share))])
    bm.model.add_rows(
        rows, cols, vals, -INF, 0.0, names=[f"vendor_share_{vendors[v]}" for v in present], count=n
    )


def add_xinchuang_share(bm: BuiltModel) -> None:
    """vCPU on 信创 platforms ≥ min_xinchuang_share × total vCPU."""
    share = bm.policy.min_xinchuang_share
    if share <= 0:
        return
    cm = bm.cost_model
    if (
        cm.has_perf_factors
    ):  # the total vCPU bought depends on the plan: Σ (信创 − share)·vCPU·x ≥ 0
        v = cm.pair_vcpu[bm.pair_w, bm.pair_p]
        coef = (cm.platform_xinchuang[bm.pair_p].astype(float) - share) * v
        bm.model.add_row(bm.x, coef, 0.0, INF, "xinchuang_share")
        return
    ks = np.nonzero(cm.platform_xinchuang[bm.pair_p])[0]
    need = share * float(cm.vcpu.sum())
    bm.model.add_row(ks, cm.vcpu[bm.pair_w[ks]].astype(float), need, INF, "xinchuang_share")


def _add_vendor_used(bm: BuiltModel) -> None:
    if bm.vendor_used:
        return
    vendors = bm.cost_model.input.vendors
    V = len(vendors)
    y = bm.model.add_columns(V, 0.0, 1.0, integer=True, prefix="vendor_used")
    bm.vendor_used = {v: int(y[i]) for i, v in enumerate(vendors)}
    # y may be 1 only when the vendor hosts at least one workload: Σ_{k of v} x_k − y_v ≥ 0
    vp = _vendor_of_pair(bm)
    rows = np.concatenate([vp, np.arange(V)])
    cols = np.concatenate([bm.x, y])
    vals = np.concatenate([np.ones(len(vp)), -np.ones(V)])
    bm.model.add_rows(rows, cols, vals, 0.0, INF, names="vendor_used_def", count=V)


def add_min_vendors(bm: BuiltModel) -> None:
    """At least min_vendors distinct vendors host a workload."""
    if bm.policy.min_vendors <= 1:
        return
    _add_vendor_used(bm)
    ys = np.array(list(bm.vendor_used.values()), dtype=np.int64)
    bm.model.add_row(ys, 1.0, float(bm.policy.min_vendors), INF, "min_vendors")


#: The constraint-family functions the rule registry (planner.rules) names, by name.
_MODEL_FUNCTIONS: dict[str, Callable[[BuiltModel], None]] = {
    f.__name__: f
    for f in (
        add_capacity_limits,
        add_budget_limit,
        add_vendor_share_limits,
        add_xinchuang_share,
        add_min_vendors,
    )
} | _TERMS_FUNCTIONS


def set_objective(bm: BuiltModel) -> None:
    cm, opts, m = bm.cost_model, bm.options, bm.model
    if opts.objective is Objective.COST:
        cols = np.concatenate([bm.x, np.array([c for c, _ in bm.cost_terms], dtype=np.int64)])
        m.set_objective(cols, np.concatenate([bm.cost, [v for _, v in bm.cost_terms]]))
    elif opts.objective is Objective.FEASIBILITY:
        m.set_objective(np.zeros(0, dtype=np.int64), 0.0)
    elif opts.objective is Objective.MAX_XINCHUANG:
        ks = np.nonzero(cm.platform_xinchuang[bm.pair_p])[0]
        m.set_objective(ks, cm.pair_vcpu[bm.pair_w[ks], bm.pair_p[ks]].astype(float), maximize=True)
    elif opts.objective is Objective.MAX_VENDORS:
        _add_vendor_used(bm)
        m.set_objective(np.array(list(bm.vendor_used.values()), dtype=np.int64), 1.0, maximize=True)
    elif opts.objective is Objective.MIN_PLATFORM_VCPU:
        ks = np.nonzero(bm.pair_p == opts.target_platform)[0]
        m.set_objective(ks, cm.pair_vcpu[bm.pair_w[ks], bm.pair_p[ks]].astype(float))


#: Drop dominated (system, platform) pairs before building (see dominated_pairs).
REDUCE_DOMINATED = True


def dominated_pairs(
    cm: CostModel, policy: Policy, options: ModelOptions, eligible: np.ndarray
) -> np.ndarray:
    """(W, P) mask of pairs that no optimal plan needs: a cheaper-or-equal platform of the same
    vendor, at least as 信创, without a capacity row that could bind, takes the system instead.

    Moving a system from p to such a q keeps every rule (same vendor: the vendor count; cost
    not higher: the budget; 信创 not lower: the 信创 share; q has room for everything that may
    go there) and costs no more, so the optimum is unchanged (tests/planner/test_reductions.py
    checks it against brute force). Only for the cost and feasibility objectives, and only
    while the vendor-share rule is off: a cheaper move lowers the total, which can push
    *another* vendor over its share. Ties keep the lower platform index.
    """
    W, P = eligible.shape
    out = np.zeros((W, P), dtype=bool)
    share_on = options.vendor_share and policy.max_vendor_share < 1.0
    if (
        share_on
        or options.objective not in (Objective.COST, Objective.FEASIBILITY)
        or W == 0
        or P < 2
    ):
        return out
    if cm.has_perf_factors:
        return out  # the vCPU bought differs per platform: capacity and the 信创 share change (issue 13)
    load = (cm.vcpu[:, None] * eligible).sum(axis=0)
    free = np.ones(P, dtype=bool)
    for j, plat in enumerate(cm.platforms):
        if (
            options.capacity
            and plat.capacity_vcpu is not None
            and j not in options.uncapped_platforms
            and load[j] > plat.capacity_vcpu
        ):
            free[j] = False
    vendor = [p.vendor for p in cm.platforms]
    xc = cm.platform_xinchuang
    cost = np.where(eligible, cm.total, np.inf)
    for q in np.nonzero(free)[0]:
        has_q = eligible[:, q]
        if not has_q.any():
            continue
        for p in range(P):
            if p == q or vendor[p] != vendor[q] or (xc[p] and not xc[q]):
                continue
            better = (cost[:, q] < cost[:, p]) | ((cost[:, q] == cost[:, p]) & (q < p))
            out[:, p] |= has_q & eligible[:, p] & better
    return out & ~_terms_bound(cm)


def _terms_bound(cm: CostModel) -> np.ndarray:
    """(W, P) pairs a dominance move may not touch (issue 13): every pair of a system named by a
    per-system rule, and every platform of a vendor with a volume tier or a minimum (a cheaper
    move lowers its spend, which can fall below a tier). Setup fees do not change within a vendor."""
    inp = cm.input
    W, P = len(cm.workloads), len(cm.platforms)
    bound = np.zeros((W, P), dtype=bool)
    named = {n for r in inp.system_rules for n in r.systems}
    if named:
        bound[[i for i, w in enumerate(cm.workloads) if w.name in named], :] = True
    termed = {v for v in inp.vendors if vendor_tiers(inp, v)[0] or vendor_minimum(inp, v) > 0}
    if termed:
        bound[:, [j for j, p in enumerate(cm.platforms) if p.vendor in termed]] = True
    return bound


def build_model(
    cm: CostModel, policy: Policy | None = None, options: ModelOptions | None = None
) -> BuiltModel:
    """The MILP of docs/DESIGN.md §2 for the cost model, with the rule families options selects."""
    started = time.perf_counter()
    policy = policy or cm.policy
    options = options or ModelOptions()
    eligible = cm.eligible
    if options.excluded_platforms:
        eligible = eligible.copy()
        eligible[:, sorted(options.excluded_platforms)] = False
    if options.fixed:
        eligible = eligible.copy()
        for w, p in options.fixed.items():
            if not eligible[w, p]:
                raise ValueError(
                    f"workload {w} cannot be fixed to platform {p}: not eligible there"
                )
            eligible[w, :] = False
            eligible[w, p] = True
    if REDUCE_DOMINATED:
        dominated = dominated_pairs(cm, policy, options, eligible)
        if dominated.any():
            eligible = eligible & ~dominated
    pair_w, pair_p = np.nonzero(eligible)
    cost = cm.total[pair_w, pair_p]
    model = SparseModel("yunce_plan")
    model.add_columns(len(pair_w), 0.0, 1.0, integer=True, prefix="x")
    bm = BuiltModel(model, cm, policy, pair_w, pair_p, cost, options=options)
    add_assignment(bm)
    for rule in MODEL_RULES:  # the registry names each family's function and its on/off flag
        if getattr(options, rule.option):
            _MODEL_FUNCTIONS[rule.model_function](bm)
    set_objective(bm)
    bm.build_seconds = time.perf_counter() - started
    return bm


# --- solve --------------------------------------------------------------------------------------
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


def _cbc_path() -> str | None:
    """The CBC binary bundled with PuLP (PULP_CBC_CMD is deprecated), else cbc on PATH."""
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


#: Fall back to the greedy plan (planner.start.greedy_start) when the time limit stops HiGHS
#: before it found any plan. It is NOT passed to HiGHS as a MIP start: HiGHS 1.16 given a
#: feasible but worse start (Highs.setSolution) returned that start as optimal with gap 0 on a
#: small instance (tests/planner/test_reductions.py, seed 60131: 509,527.61 against the
#: brute-force optimum 505,825.73), so the start is only ever a last resort, labelled feasible.
FALLBACK_START = True


def fallback_plan(bm: BuiltModel) -> np.ndarray | None:
    """x values of a plan obeying every row of bm, from the greedy repair; None when none."""
    if not FALLBACK_START or bm.options.objective is not Objective.COST or bm.num_pairs == 0:
        return None
    inp = bm.cost_model.input
    if inp.system_rules or has_vendor_terms(inp):  # the greedy repair knows neither (issue 13)
        return None
    from planner.start import greedy_start

    cm = bm.cost_model
    W, P = len(cm.workloads), len(cm.platforms)
    pair_of = np.full((W, P), -1, dtype=np.int64)
    pair_of[bm.pair_w, bm.pair_p] = np.arange(bm.num_pairs)
    choice = greedy_start(cm, bm.policy, pair_of >= 0)
    if choice is None:
        return None
    x = np.zeros(bm.num_pairs)
    x[pair_of[np.arange(W), choice]] = 1.0
    return x


def _fallback_result(
    bm: BuiltModel, seconds: float, dual_bound: float | None, own: float | None
) -> SolveResult | None:
    """The greedy plan as a FEASIBLE result (its gap from HiGHS's dual bound when known)."""
    x = fallback_plan(bm)
    if x is None:
        return None
    objective = float(bm.cost @ x)
    gap = None
    if dual_bound is not None and math.isfinite(dual_bound) and objective > 0:
        gap = max(objective - dual_bound, 0.0) / objective
    return SolveResult(
        SolveStatus.FEASIBLE, x, objective, gap, seconds, solver_seconds=own, stopped_early=True
    )


def make_highs(gap: float = MIP_REL_GAP, time_limit: float | None = None):  # type: ignore[no-untyped-def]
    """A quiet, single-threaded highspy.Highs with the planner's settings."""
    import highspy

    with _quiet_stdout():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", float(gap))
    if time_limit is not None:
        h.setOptionValue("time_limit", max(float(time_limit), 0.0))
    return h


def _solve_highs(
    bm: BuiltModel,
    time_limit: float | None,
    gap: float,
    progress: Progress | None,
    started: float,
    in_process: bool = False,
) -> SolveResult:
    """HiGHS through highspy: the model in one passModel call, a watchdog on the time limit."""
    import highspy

    deadline = None if time_limit is None else started + float(time_limit)
    remaining = None if deadline is None else deadline - time.perf_counter()
    if deadline is not None and bm.num_pairs >= CHILD_PROCESS_MIN_PAIRS and not in_process:
        return _solve_highs_child(bm, deadline, gap, progress, started)
    h = make_highs(gap, remaining)
    bm.model.pass_to_highs(h)
    stopped = {"early": False}
    if deadline is not None or progress is not None:
        # HiGHS checks its own time limit only at some points (the root LP of a large model
        # and its heuristics overran it 2–3×); the interrupt callbacks fire inside simplex,
        # IPM and branch-and-bound, so the watchdog stops it within a fraction of a second.
        def on_interrupt(callback_type, message, data_out, data_in, user_data):  # type: ignore[no-untyped-def]
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
    if progress is not None and progress.cancelled:
        return SolveResult(
            SolveStatus.CANCELLED, None, None, None, seconds, solver_seconds=own, stopped_early=True
        )
    if ms == MS.kOptimal:
        status = SolveStatus.OPTIMAL
        gap_found = gap_found if gap_found is not None else 0.0
    elif ms in (MS.kInfeasible, MS.kUnboundedOrInfeasible):
        # every column is bounded (binaries, a cost total ≥ 0): "unbounded or infeasible" is infeasible
        return SolveResult(
            SolveStatus.INFEASIBLE,
            None,
            None,
            None,
            seconds,
            proven_infeasible=True,
            solver_seconds=own,
        )
    elif has_values:
        status = SolveStatus.FEASIBLE
        stopped["early"] = True
    else:  # stopped before any plan: the greedy plan, if the repair finds one
        bound = float(info.mip_dual_bound) if bm.options.objective is Objective.COST else None
        fallback = _fallback_result(bm, time.perf_counter() - started, bound, own)
        if fallback is not None:
            return fallback
        return SolveResult(
            SolveStatus.INFEASIBLE,
            None,
            None,
            None,
            seconds,
            solver_seconds=own,
            stopped_early=True,
        )
    col = np.asarray(h.getSolution().col_value, dtype=float)
    objective = float(bm.model.col_cost @ col + bm.model.offset)
    return SolveResult(
        status,
        col[: bm.num_pairs].copy(),
        objective,
        gap_found,
        seconds,
        solver_seconds=own,
        stopped_early=stopped["early"],
    )


#: A time-limited HiGHS solve of at least this many (system, platform) pairs runs in a child
#: process (planner.watchdog): HiGHS's presolve does not check the clock (3–4 s at 20,000
#: systems), and starting a child (~0.5 s) is cheap next to the solve from this size on.
CHILD_PROCESS_MIN_PAIRS = 40_000


def _solve_highs_child(
    bm: BuiltModel, deadline: float, gap: float, progress: Progress | None, started: float
) -> SolveResult:
    from planner.watchdog import solve_in_child

    payload = bm.model.highs_payload()
    payload.update(
        n_x=bm.num_pairs, gap=gap, time_limit=max(deadline - time.perf_counter() - 0.05, 0.0)
    )
    out = solve_in_child(payload, deadline, progress)
    if out.crashed:  # no child (a frozen build without the hook) or it died: solve here
        return _solve_highs(bm, deadline - started, gap, progress, started, in_process=True)
    seconds = time.perf_counter() - started
    if out.cancelled:
        return SolveResult(SolveStatus.CANCELLED, None, None, None, seconds, stopped_early=True)
    if out.finished and out.model_status == "kOptimal":
        return SolveResult(
            SolveStatus.OPTIMAL,
            out.x_values,
            out.objective,
            out.gap if out.gap is not None else 0.0,
            seconds,
            solver_seconds=out.solver_seconds,
        )
    if out.finished and out.model_status in ("kInfeasible", "kUnboundedOrInfeasible"):
        return SolveResult(
            SolveStatus.INFEASIBLE,
            None,
            None,
            None,
            seconds,
            proven_infeasible=True,
            solver_seconds=out.solver_seconds,
        )
    if out.x_values is not None:
        return SolveResult(
            SolveStatus.FEASIBLE,
            out.x_values,
            out.objective,
            out.gap,
            seconds,
            solver_seconds=out.solver_seconds,
            stopped_early=True,
        )
    fallback = (
        None
        if out.cancelled
        else _fallback_result(bm, time.perf_counter() - started, out.dual_bound, None)
    )
    if fallback is not None:
        return fallback
    return SolveResult(SolveStatus.INFEASIBLE, None, None, None, seconds, stopped_early=True)


def _solve_cbc(bm: BuiltModel, time_limit: float | None, gap: float, started: float) -> SolveResult:
    """CBC through PuLP: the same sparse model, built as PuLP objects."""
    prob, xs = bm.model.to_pulp()
    remaining = (
        None if time_limit is None else max(time_limit - (time.perf_counter() - started), 0.1)
    )
    engine = pulp.COIN_CMD(path=_cbc_path(), msg=False, gapRel=gap, timeLimit=remaining)
    prob.solve(engine)
    seconds = time.perf_counter() - started
    status, sol = prob.status, prob.sol_status
    has_values = sol in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    if status == pulp.LpStatusOptimal and sol == pulp.LpSolutionOptimal:
        result = SolveStatus.OPTIMAL
    elif has_values:
        result = SolveStatus.FEASIBLE
    else:
        return SolveResult(
            SolveStatus.INFEASIBLE,
            None,
            None,
            None,
            seconds,
            proven_infeasible=status == pulp.LpStatusInfeasible,
        )
    col = np.array([v.varValue or 0.0 for v in xs], dtype=float)
    objective = float(bm.model.col_cost @ col + bm.model.offset)
    return SolveResult(
        result,
        col[: bm.num_pairs],
        objective,
        0.0 if result is SolveStatus.OPTIMAL else None,
        seconds,
        stopped_early=result is not SolveStatus.OPTIMAL,
    )


def solve_model(
    bm: BuiltModel,
    solver: str = "highs",
    time_limit: float | None = None,
    progress: Progress | None = None,
    gap: float | None = None,
) -> SolveResult:
    """Run the solver and translate its status into SolveStatus at this boundary.

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
    if solver == "highs":
        return _solve_highs(bm, time_limit, gap, progress, started)
    result = _solve_cbc(bm, time_limit, gap, started)
    if progress is not None and progress.cancelled:
        return SolveResult(SolveStatus.CANCELLED, None, None, None, result.seconds)
    return result


# --- extract ------------------------------------------------------------------------------------
def extract_assignments(bm: BuiltModel, x_values: np.ndarray) -> tuple[Assignment, ...]:
    """The chosen platform of every workload, in input order, with its cost breakdown."""
    cm = bm.cost_model
    chosen = np.nonzero(x_values > 0.5)[0]
    by_w = {int(bm.pair_w[k]): int(bm.pair_p[k]) for k in chosen}
    if len(by_w) != len(cm.workloads):
        raise RuntimeError("solver returned a plan that does not place every workload")
    return tuple(
        Assignment(cm.workloads[w], cm.platforms[by_w[w]], cm.breakdown(w, by_w[w]))
        for w in range(len(cm.workloads))
    )


def plan_from_choices(
    inp: PlanInput,
    choices: Sequence[tuple[str, str, str]],
    status: SolveStatus = SolveStatus.OPTIMAL,
    **fields: Any,
) -> Plan:
    """Rebuild a plan from (workload name, vendor, platform) choices, costed by the CostModel.

    Used to restore a saved plan without solving again. Raises ValueError when the choices do
    not place every workload of inp exactly once on a platform it may use.
    """
    cm = CostModel(inp, fields.get("policy") or inp.policy)
    wl_index = {wl.name: i for i, wl in enumerate(cm.workloads)}
    by_w: dict[int, int] = {}
    for name, vendor, platform in choices:
        w = wl_index.get(name)
        p = cm.platform_index.get((vendor, platform))
        if w is None or p is None or w in by_w or not cm.eligible[w, p]:
            raise ValueError(f"choice ({name}, {vendor}/{platform}) does not fit the input")
        by_w[w] = p
    if len(by_w) != len(cm.workloads):
        raise ValueError("the choices do not place every workload")
    assignments = tuple(
        Assignment(cm.workloads[w], cm.platforms[by_w[w]], cm.breakdown(w, by_w[w]))
        for w in range(len(cm.workloads))
    )
    fields.setdefault("policy", cm.policy)
    fields.setdefault("cost_model", cm)
    fields.setdefault("vendor_terms", vendor_terms(cm, assignments))
    return Plan(status, assignments=assignments, **fields)


def solve(
    inp: PlanInput,
    solver: str = "highs",
    time_limit: float | None = None,
    progress: Progress | None = None,
    diagnose: bool = True,
    policy: Policy | None = None,
    options: ModelOptions | None = None,
    cost_model: CostModel | None = None,
    gap: float | None = None,
    lp_path: str | None = None,
) -> Plan:
    """The cheapest plan that obeys every rule of the policy, or a diagnosis of why none exists.

    time_limit (s) bounds costing, building and solving together (the solver gets what is
    left); gap is the relative optimality gap (default :data:`MIP_REL_GAP`). A plan stopped by
    the limit is FEASIBLE and carries its proven gap (``Plan.mip_gap``). lp_path: also write
    the model as an LP file there (``yunce plan --write-lp``).
    """
    started = time.perf_counter()
    progress = progress or Progress()
    policy = policy or inp.policy
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}")
    progress.stage(
        Msg("计算各系统在各平台上的费用…", "Costing every system on every platform…"), 0.05
    )
    cm = (
        cost_model
        if cost_model is not None and cost_model.policy == policy
        else CostModel(inp, policy)
    )
    no_home = np.nonzero(~cm.eligible.any(axis=1))[0]
    if len(no_home):
        from planner.diagnose import Diagnosis, explain_unplaceable

        messages = explain_unplaceable(cm, no_home)
        return Plan(
            SolveStatus.INFEASIBLE,
            policy=policy,
            diagnosis=tuple(messages),
            solver=solver,
            infeasibility=Diagnosis(
                messages=list(messages), unplaceable=[cm.workloads[int(w)].name for w in no_home]
            ),
            cost_model=cm,
        )
    progress.stage(Msg("构建优化模型…", "Building the optimisation model…"), 0.1)
    bm = build_model(cm, policy, options)
    if lp_path is not None:
        bm.write_lp(lp_path)
    if progress.cancelled:
        return Plan(
            SolveStatus.CANCELLED, policy=policy, solver=solver, build_seconds=bm.build_seconds
        )
    progress.stage(Msg("求解中…", "Solving…"), 0.3)
    remaining = None
    if time_limit is not None:  # keep a little of the limit for reading the plan back
        reserve = min(
            time_limit * LIMIT_RESERVE + EXTRACT_SECONDS_PER_SYSTEM * len(cm.workloads),
            0.5 * time_limit,
        )
        remaining = max(time_limit - reserve - (time.perf_counter() - started), 0.0)
    res = solve_model(bm, solver, remaining, progress, gap)
    if res.status is SolveStatus.CANCELLED:
        return Plan(
            SolveStatus.CANCELLED, policy=policy, solver=solver, build_seconds=bm.build_seconds
        )
    if res.x_values is not None:
        progress.stage(Msg("整理方案…", "Preparing the plan…"), 0.95)
        notes: tuple[str, ...] = ()
        if res.status is SolveStatus.FEASIBLE:
            gap_text = Msg(f"{res.gap:.4%}") if res.gap is not None else Msg("未知", "unknown")
            notes = (
                bi(
                    "达到求解时间上限，方案满足全部约束但未证明最优（相对间隙 {gap}）。",
                    "The time limit was reached: the plan obeys every rule but is not proven optimal (relative gap {gap}).",
                    gap=gap_text,
                ),
            )
        assignments = extract_assignments(bm, res.x_values)
        return Plan(
            res.status,
            assignments=assignments,
            vendor_terms=vendor_terms(cm, assignments),
            policy=policy,
            diagnosis=notes,
            solver=solver,
            mip_gap=res.gap,
            solve_seconds=res.seconds,
            build_seconds=bm.build_seconds,
            cost_model=cm,
        )
    diagnosis: list[str] = []
    min_budget = None
    found = None
    if diagnose and res.proven_infeasible:
        progress.stage(Msg("无可行方案，正在分析原因…", "No feasible plan; finding out why…"), 0.6)
        from planner.diagnose import diagnose_infeasible

        found = diagnose_infeasible(inp, cm, policy, solver=solver, progress=progress)
        diagnosis, min_budget = found.messages, found.min_budget
    elif not res.proven_infeasible:
        diagnosis = [_unsolved_note(time_limit)]
    return Plan(
        SolveStatus.INFEASIBLE,
        policy=policy,
        diagnosis=tuple(diagnosis),
        solver=solver,
        solve_seconds=res.seconds,
        build_seconds=bm.build_seconds,
        min_budget=min_budget,
        infeasibility=found,
        cost_model=cm,
    )


def _unsolved_note(time_limit: float | None) -> Msg:
    """Neither a plan nor a proof that none exists within the time limit."""
    limit = bi(" {t:g} 秒", " of {t:g} s", t=time_limit) if time_limit is not None else Msg("")
    return bi(
        "在求解时间限制{limit}内未找到可行方案，也未证明无解；可延长时间限制后重试。",
        "No feasible plan was found within the time limit{limit}, nor was infeasibility proven; try again with a longer time limit.",
        limit=limit,
    )


def with_policy(inp: PlanInput, **changes: object) -> PlanInput:
    """A copy of inp with some policy fields changed."""
    return replace(inp, policy=replace(inp.policy, **changes))  # type: ignore[arg-type]
