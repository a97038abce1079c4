"""Build → solve → extract: the procurement plan as a mixed-integer linear programme (PuLP).

The model follows docs/DESIGN.md §2 exactly. One binary ``x[k]`` per *eligible* (workload,
platform) pair ``k``; everything else is a constraint family added by its own function.
"""

from __future__ import annotations

import contextlib
import ctypes
import enum
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
    vendor_terms,
)
from planner.text import Msg, bi

#: Relative optimality gap every solve is run to (docs/DESIGN.md §2).
MIP_REL_GAP = 1e-6
SOLVERS = ("highs", "cbc")
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
    """A PuLP problem plus the index arrays that map its variables back to the domain."""

    prob: pulp.LpProblem
    cost_model: CostModel
    policy: Policy
    pair_w: np.ndarray
    """Workload index of each x variable."""
    pair_p: np.ndarray
    """Platform index of each x variable."""
    cost: np.ndarray
    """Annual cost of each x variable."""
    x: list[pulp.LpVariable]
    vendor_used: dict[str, pulp.LpVariable] = field(default_factory=dict)
    total_cost: pulp.LpVariable | None = None
    options: ModelOptions = field(default_factory=ModelOptions)
    build_seconds: float = 0.0
    cost_terms: list[tuple[pulp.LpVariable, float]] = field(default_factory=list)
    """Extra (variable, 元/年) terms of the total annual cost (volume tiers, minimums, setup fees)."""
    vendor_cost_terms: dict[str, list[tuple[pulp.LpVariable, float]]] = field(default_factory=dict)
    """The same terms by vendor (its share of the total)."""
    tier_terms: dict[str, list[tuple[pulp.LpVariable, float]]] = field(default_factory=dict)
    """Volume-tier discount terms by vendor (the minimum applies to the bill after tiers)."""
    vendor_on: dict[str, pulp.LpVariable] = field(default_factory=dict)
    """Binary = 1 exactly when the vendor hosts a system (minimums, setup fees)."""

    def cost_expr(self, scale: float = 1.0) -> pulp.LpAffineExpression:
        """Total annual cost × scale: Σ pair costs plus the commercial-term terms."""
        expr = _expr(zip(self.x, (self.cost * scale).tolist(), strict=True))
        for v, c in self.cost_terms:
            expr.addterm(v, c * scale)
        return expr


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


def _expr(pairs: Iterator[tuple[pulp.LpVariable, float]] | list) -> pulp.LpAffineExpression:
    return pulp.LpAffineExpression(list(pairs))


# --- build --------------------------------------------------------------------------------------
def add_assignment(bm: BuiltModel) -> None:
    """Each workload on exactly one eligible platform."""
    W = len(bm.cost_model.workloads)
    order = np.argsort(bm.pair_w, kind="stable")
    bounds = np.searchsorted(bm.pair_w[order], np.arange(W + 1))
    x = bm.x
    for w in range(W):
        ks = order[bounds[w] : bounds[w + 1]]
        bm.prob.addConstraint(
            pulp.LpConstraint(_expr((x[k], 1.0) for k in ks), pulp.LpConstraintEQ, f"assign_{w}", 1.0)
        )


def add_capacity_limits(bm: BuiltModel) -> None:
    """Σ vCPU on a platform ≤ its capacity."""
    cm, opts = bm.cost_model, bm.options
    vcpu = cm.pair_vcpu[bm.pair_w, bm.pair_p]  # 性能系数 applied
    order = np.argsort(bm.pair_p, kind="stable")
    bounds = np.searchsorted(bm.pair_p[order], np.arange(len(cm.platforms) + 1))
    for j, plat in enumerate(cm.platforms):
        if plat.capacity_vcpu is None or j in opts.uncapped_platforms:
            continue
        ks = order[bounds[j] : bounds[j + 1]]
        if vcpu[ks].sum() <= plat.capacity_vcpu:
            continue  # cannot bind
        bm.prob.addConstraint(
            pulp.LpConstraint(
                _expr((bm.x[k], float(vcpu[k])) for k in ks),
                pulp.LpConstraintLE,
                f"capacity_{j}",
                float(plat.capacity_vcpu),
            )
        )


#: The vendor-share rows are written in 万元 (元 / 1e4). In 元 their coefficients reach 1e9 and
#: HiGHS stalls at the root on a badly scaled model (2,000 systems: > 460 s unfinished, against
#: ~15 s scaled). Both rows have right-hand side 0, so the rule itself is unchanged.
SHARE_ROW_SCALE = 1e-4


def _total_cost_var(bm: BuiltModel) -> pulp.LpVariable:
    """A continuous variable equal to the total annual cost in 万元."""
    if bm.total_cost is None:
        t = bm.prob.add_variable("total_annual_cost_wan", lowBound=0)
        expr = bm.cost_expr(SHARE_ROW_SCALE)
        expr.addterm(t, -1.0)
        bm.prob.addConstraint(pulp.LpConstraint(expr, pulp.LpConstraintEQ, "total_cost_def", 0.0))
        bm.total_cost = t
    return bm.total_cost


def add_budget_limit(bm: BuiltModel) -> None:
    """Total annual cost ≤ budget."""
    budget = bm.policy.budget_annual
    if budget is None:
        return
    bm.prob.addConstraint(pulp.LpConstraint(bm.cost_expr(), pulp.LpConstraintLE, "budget", float(budget)))


def add_vendor_share_limits(bm: BuiltModel) -> None:
    """Each vendor's annual cost ≤ max_vendor_share × total annual cost."""
    share = bm.policy.max_vendor_share
    if share >= 1.0:
        return
    cm = bm.cost_model
    t = _total_cost_var(bm)
    vendor_of_pair = np.array([cm.platforms[j].vendor for j in range(len(cm.platforms))], dtype=object)[
        bm.pair_p
    ] if len(bm.pair_p) else np.array([], dtype=object)
    for vendor in cm.input.vendors:
        ks = np.nonzero(vendor_of_pair == vendor)[0]
        if len(ks) == 0:
            continue
        expr = _expr(zip([bm.x[k] for k in ks], (bm.cost[ks] * SHARE_ROW_SCALE).tolist(), strict=True))
        for v, c in bm.vendor_cost_terms.get(vendor, []):
            expr.addterm(v, c * SHARE_ROW_SCALE)
        expr.addterm(t, -float(share))
        bm.prob.addConstraint(pulp.LpConstraint(expr, pulp.LpConstraintLE, f"vendor_share_{vendor}", 0.0))


def add_xinchuang_share(bm: BuiltModel) -> None:
    """vCPU on 信创 platforms ≥ min_xinchuang_share × total vCPU."""
    share = bm.policy.min_xinchuang_share
    if share <= 0:
        return
    cm = bm.cost_model
    if cm.has_perf_factors:  # the total vCPU bought depends on the plan: Σ (信创 − share)·vCPU·x ≥ 0
        v = cm.pair_vcpu[bm.pair_w, bm.pair_p]
        coef = (cm.platform_xinchuang[bm.pair_p].astype(float) - share) * v
        bm.prob.addConstraint(pulp.LpConstraint(
            _expr(zip(bm.x, coef.tolist(), strict=True)), pulp.LpConstraintGE, "xinchuang_share", 0.0))  # fmt: skip
        return
    ks = np.nonzero(cm.platform_xinchuang[bm.pair_p])[0]
    need = share * float(cm.vcpu.sum())
    bm.prob.addConstraint(
        pulp.LpConstraint(
            _expr((bm.x[k], float(cm.vcpu[bm.pair_w[k]])) for k in ks),
            pulp.LpConstraintGE,
            "xinchuang_share",
            need,
        )
    )


def _add_vendor_used(bm: BuiltModel) -> None:
    if bm.vendor_used:
        return
    cm = bm.cost_model
    vendor_of_pair = [cm.platforms[j].vendor for j in bm.pair_p]
    by_vendor: dict[str, list[int]] = {}
    for k, v in enumerate(vendor_of_pair):
        by_vendor.setdefault(v, []).append(k)
    for i, vendor in enumerate(cm.input.vendors):
        y = bm.prob.add_variable(f"vendor_used_{i}", 0, 1, cat=pulp.LpBinary)
        bm.vendor_used[vendor] = y
        expr = _expr((bm.x[k], 1.0) for k in by_vendor.get(vendor, []))
        expr.addterm(y, -1.0)
        # y may be 1 only when the vendor hosts at least one workload
        bm.prob.addConstraint(pulp.LpConstraint(expr, pulp.LpConstraintGE, f"vendor_used_def_{i}", 0.0))


def add_min_vendors(bm: BuiltModel) -> None:
    """At least min_vendors distinct vendors host a workload."""
    if bm.policy.min_vendors <= 1:
        return
    _add_vendor_used(bm)
    bm.prob.addConstraint(
        pulp.LpConstraint(
            _expr((y, 1.0) for y in bm.vendor_used.values()),
            pulp.LpConstraintGE,
            "min_vendors",
            float(bm.policy.min_vendors),
        )
    )


#: The constraint-family functions the rule registry (planner.rules) names, by name.
_MODEL_FUNCTIONS: dict[str, Callable[[BuiltModel], None]] = {
    f.__name__: f
    for f in (add_capacity_limits, add_budget_limit, add_vendor_share_limits, add_xinchuang_share, add_min_vendors)
} | _TERMS_FUNCTIONS


def set_objective(bm: BuiltModel) -> None:
    cm, opts = bm.cost_model, bm.options
    if opts.objective is Objective.COST:
        bm.prob.sense = pulp.LpMinimize
        bm.prob.setObjective(bm.cost_expr())
    elif opts.objective is Objective.FEASIBILITY:
        bm.prob.sense = pulp.LpMinimize
        bm.prob.setObjective(pulp.LpAffineExpression())
    elif opts.objective is Objective.MAX_XINCHUANG:
        bm.prob.sense = pulp.LpMaximize
        ks = np.nonzero(cm.platform_xinchuang[bm.pair_p])[0]
        bm.prob.setObjective(_expr((bm.x[k], float(cm.pair_vcpu[bm.pair_w[k], bm.pair_p[k]])) for k in ks))
    elif opts.objective is Objective.MAX_VENDORS:
        _add_vendor_used(bm)
        bm.prob.sense = pulp.LpMaximize
        bm.prob.setObjective(_expr((y, 1.0) for y in bm.vendor_used.values()))
    elif opts.objective is Objective.MIN_PLATFORM_VCPU:
        bm.prob.sense = pulp.LpMinimize
        ks = np.nonzero(bm.pair_p == opts.target_platform)[0]
        bm.prob.setObjective(_expr((bm.x[k], float(cm.pair_vcpu[bm.pair_w[k], bm.pair_p[k]])) for k in ks))


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
                raise ValueError(f"workload {w} cannot be fixed to platform {p}: not eligible there")
            eligible[w, :] = False
            eligible[w, p] = True
    pair_w, pair_p = np.nonzero(eligible)
    cost = cm.total[pair_w, pair_p]
    prob = pulp.LpProblem("yunce_plan", pulp.LpMinimize)
    x = [prob.add_variable(f"x_{k}", 0, 1, cat=pulp.LpBinary) for k in range(len(pair_w))]
    bm = BuiltModel(prob, cm, policy, pair_w, pair_p, cost, x, options=options)
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
    """Silence C-level stdout (HiGHS prints a banner when a Highs object is created)."""
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


class _HiGHS(pulp.HiGHS):  # type: ignore[misc,valid-type]
    """PuLP's HiGHS API without the banner on stdout, with a cancel hook."""

    def __init__(self, progress: Progress | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self._progress = progress

    def createAndConfigureSolver(self, lp):  # type: ignore[no-untyped-def]  # noqa: N802
        with _quiet_stdout():
            super().createAndConfigureSolver(lp)
        progress = self._progress
        if progress is not None:
            import highspy

            def on_interrupt(callback_type, message, data_out, data_in, user_data):  # type: ignore[no-untyped-def]
                if progress.cancelled:
                    data_in.user_interrupt = True

            h = lp.solverModel
            h.setCallback(on_interrupt, None)
            for kind in (
                highspy.cb.HighsCallbackType.kCallbackMipInterrupt,
                highspy.cb.HighsCallbackType.kCallbackSimplexInterrupt,
                highspy.cb.HighsCallbackType.kCallbackIpmInterrupt,
            ):
                h.startCallback(kind)


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


def make_solver(name: str, time_limit: float | None = None, progress: Progress | None = None):  # type: ignore[no-untyped-def]
    """A configured PuLP solver: 'highs' (default) or 'cbc'."""
    if name == "highs":
        return _HiGHS(progress=progress, msg=False, gapRel=MIP_REL_GAP, timeLimit=time_limit, threads=1)
    if name == "cbc":
        return pulp.COIN_CMD(path=_cbc_path(), msg=False, gapRel=MIP_REL_GAP, timeLimit=time_limit)
    raise ValueError(f"unknown solver {name!r}; choose one of {', '.join(SOLVERS)}")


def solve_model(
    bm: BuiltModel,
    solver: str = "highs",
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> SolveResult:
    """Run the solver and translate its status into SolveStatus at this boundary."""
    started = time.perf_counter()
    engine = make_solver(solver, time_limit, progress)
    if not bm.x:
        # No eligible pair at all: infeasible as soon as there is a workload.
        # with no workload at all only the vendor count can fail (no vendor hosts anything)
        infeasible = len(bm.cost_model.workloads) > 0 or (bm.options.min_vendors and bm.policy.min_vendors > 1)
        return SolveResult(
            SolveStatus.INFEASIBLE if infeasible else SolveStatus.OPTIMAL,
            None if infeasible else np.zeros(0),
            None if infeasible else 0.0,
            None,
            0.0,
            proven_infeasible=infeasible,
        )
    bm.prob.solve(engine)
    seconds = time.perf_counter() - started
    status, sol = bm.prob.status, bm.prob.sol_status
    gap: float | None = None
    if solver == "highs" and getattr(bm.prob, "solverModel", None) is not None:
        with contextlib.suppress(AttributeError, TypeError, ValueError):  # gap unknown
            info = bm.prob.solverModel.getInfo()
            g = float(info.mip_gap)
            gap = g if np.isfinite(g) else None
    has_values = sol in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    if progress is not None and progress.cancelled:
        result = SolveStatus.CANCELLED
    elif status == pulp.LpStatusOptimal and sol == pulp.LpSolutionOptimal:
        result = SolveStatus.OPTIMAL
        gap = gap if gap is not None else 0.0
    elif has_values:
        result = SolveStatus.FEASIBLE
    else:
        result = SolveStatus.INFEASIBLE
        has_values = False
    values = None
    if has_values:
        values = np.array([v.varValue or 0.0 for v in bm.x], dtype=float)
        if result is SolveStatus.CANCELLED:
            values = None
    objective = pulp.value(bm.prob.objective) if has_values else None
    proven = status == pulp.LpStatusInfeasible
    return SolveResult(result, values, objective, gap, seconds, proven_infeasible=proven)


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
) -> Plan:
    """The cheapest plan that obeys every rule of the policy, or a diagnosis of why none exists."""
    progress = progress or Progress()
    policy = policy or inp.policy
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}")
    progress.stage(Msg("计算各系统在各平台上的费用…", "Costing every system on every platform…"), 0.05)
    cm = cost_model if cost_model is not None and cost_model.policy == policy else CostModel(inp, policy)
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
    if progress.cancelled:
        return Plan(SolveStatus.CANCELLED, policy=policy, solver=solver, build_seconds=bm.build_seconds)
    progress.stage(Msg("求解中…", "Solving…"), 0.3)
    res = solve_model(bm, solver, time_limit, progress)
    if res.status is SolveStatus.CANCELLED:
        return Plan(SolveStatus.CANCELLED, policy=policy, solver=solver, build_seconds=bm.build_seconds)
    if res.x_values is not None:
        progress.stage(Msg("整理方案…", "Preparing the plan…"), 0.95)
        notes: tuple[str, ...] = ()
        if res.status is SolveStatus.FEASIBLE:
            gap_text = Msg(f"{res.gap:.4%}") if res.gap is not None else Msg("未知", "unknown")
            notes = (
                bi("达到求解时间上限，方案满足全部约束但未证明最优（相对间隙 {gap}）。",
                   "The time limit was reached: the plan obeys every rule but is not proven optimal (relative gap {gap}).",
                   gap=gap_text),
            )  # fmt: skip
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
    return bi("在求解时间限制{limit}内未找到可行方案，也未证明无解；可延长时间限制后重试。",
              "No feasible plan was found within the time limit{limit}, nor was infeasibility proven; try again with a longer time limit.",
              limit=limit)  # fmt: skip


def with_policy(inp: PlanInput, **changes: object) -> PlanInput:
    """A copy of inp with some policy fields changed."""
    return replace(inp, policy=replace(inp.policy, **changes))  # type: ignore[arg-type]
