"""Build: the single-year plan as a mixed-integer linear programme (docs/DESIGN.md §2).

One binary ``x[k]`` per *eligible* (workload, platform) pair ``k``; every rule is a constraint
family added by its own function (named in the rule registry, planner.rules), which writes its
rows as arrays into the model's :class:`planner.sparse.SparseModel`. The commercial terms and
per-system rules are families of planner.terms. :func:`build_model` runs the families the
options select and sets the objective.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from planner.costing import CostModel
from planner.milp import BuiltModel, ModelOptions, Objective
from planner.model import Policy
from planner.rules import MODEL_RULES
from planner.sparse import INF, SparseModel
from planner.terms import MODEL_FUNCTIONS as TERMS_FUNCTIONS
from planner.terms import vendor_minimum, vendor_tiers


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
MODEL_FUNCTIONS: dict[str, Callable[[BuiltModel], None]] = {
    f.__name__: f
    for f in (
        add_capacity_limits,
        add_budget_limit,
        add_vendor_share_limits,
        add_xinchuang_share,
        add_min_vendors,
    )
} | TERMS_FUNCTIONS


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
        if rule.option is not None and rule.model_function is not None:
            if getattr(options, rule.option):
                MODEL_FUNCTIONS[rule.model_function](bm)
    set_objective(bm)
    bm.build_seconds = time.perf_counter() - started
    return bm
