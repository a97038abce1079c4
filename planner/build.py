"""Build: the plan as a mixed-integer linear programme over the routes of the systems, every year.

One binary ``x[k]`` per *route* ``k`` of a system: its location in each plan year (with one
year, an eligible (system, platform) pair; docs/DESIGN.md §2). The routes and their costs are
arrays over routes and years (:func:`system_routes`); every rule is a constraint family added by
its own function, named in the rule registry (planner.rules), which writes its rows for every
plan year at once into the model's :class:`planner.sparse.SparseModel`, leaving out the years
:attr:`ModelOptions.off` names. The commercial terms and per-system rules are families of
planner.terms. :func:`build_model` runs the families the options select and sets the objective.

What a plain workbook and a 年度计划 mean differs in one place, the routes: a plain plan has one
year in which every system chooses, and its one-time costs are spread over 规划年限 (the cost
model's annual figures); a year plan keeps a system where it is before its ready year, retires it
from 下线年份 on, lets it move once (or any number of times with 允许多次迁移) and charges the
one-time costs in full in the year of the move (README "分年计划"). With one plan year and
规划年限 1 the two agree.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence

import numpy as np

from planner.costing import CostModel, year_cost_models
from planner.milp import HOME, RETIRED, BuiltModel, ModelOptions, Objective, Routes, ready_index
from planner.model import (
    PlanInput,
    Policy,
    YearRow,
    is_multi_year,
    plan_years,
    year_budget,
    year_xinchuang_target,
)
from planner.rules import MODEL_RULES
from planner.sparse import INF, SparseModel
from planner.terms import (
    MODEL_FUNCTIONS as TERMS_FUNCTIONS,
)
from planner.terms import (
    free_years,
    route_vcpu,
    route_vendor,
    routes_by_system,
    vendor_minimum,
    vendor_tiers,
    year_terms,
)
from planner.text import bi

#: With 允许多次迁移 every sequence of locations is a route; more than this per system is refused.
MAX_PATHS_PER_SYSTEM = 50_000

#: The budget and vendor-share rows on cost columns are written in 万元 (元 / 1e4). In 元 their
#: coefficients reach 1e9 and HiGHS stalls at the root on a badly scaled model (2,000 systems:
#: > 460 s unfinished, against ~15 s scaled). The share rows have right-hand side 0, so the rule
#: itself is unchanged.
SHARE_ROW_SCALE = 1e-4


# --- the routes -----------------------------------------------------------------------------------
def allowed_platforms(cms: Sequence[CostModel], options: ModelOptions) -> list[np.ndarray]:
    """Per plan year, the (W, P) platforms each system may be on when it chooses: eligible that
    year, not excluded, the fixed platform only for a fixed system."""
    allowed = [cm.eligible for cm in cms]
    if options.excluded_platforms or options.fixed:
        allowed = [a.copy() for a in allowed]
        for a in allowed:
            if options.excluded_platforms:
                a[:, sorted(options.excluded_platforms)] = False
            for w, p in options.fixed.items():
                if not cms[0].eligible[w, p]:
                    raise ValueError(
                        f"workload {w} cannot be fixed to platform {p}: not eligible there"
                    )
                keep = a[w, p]
                a[w, :] = False
                a[w, p] = keep
    return allowed


def system_routes(
    cms: Sequence[CostModel],
    years: Sequence[int],
    year_plan: bool,
    allowed: Sequence[np.ndarray],
    multiple_moves: bool = False,
) -> Routes:
    """Every route each system may take, in order of system and then of its locations year by
    year, with what each costs in each year.

    A plain plan (``year_plan`` False): one year, a route per allowed (system, platform) pair,
    costing the cost model's annual cost (one-time costs ÷ 规划年限). A year plan: the contract,
    earliest-year, keep-in-place, retire and move-once rules decide the routes, and one-time costs
    fall in full in the year of the move.
    """
    cm0 = cms[0]
    W, T = len(cm0.workloads), len(years)
    if not year_plan:
        col_w, p = np.nonzero(allowed[0])
        no_path = [int(w) for w in np.nonzero(~allowed[0].any(axis=1))[0]]
        moved = p != cm0.current_index[col_w]
        return Routes(
            col_w,
            p.reshape(-1, 1),
            cm0.bill[col_w, p].reshape(-1, 1),
            cm0.migration_annual[col_w, p].reshape(-1, 1),
            cm0.adaptation_annual[col_w, p].reshape(-1, 1),
            moved.reshape(-1, 1),
            no_path,
        )
    workloads = cm0.workloads
    cur = np.where(cm0.current_index >= 0, cm0.current_index, HOME)
    active = np.array(
        [[w.retire_year is None or y < w.retire_year for y in years] for w in workloads],
        dtype=bool,
    ).reshape(W, T)
    ready = np.array([ready_index(w, years) for w in workloads], dtype=np.int64)
    if multiple_moves:
        col_w_l, locs = _every_route(cur, active, ready, allowed, workloads)
        col_w = np.array(col_w_l, dtype=np.int64)
        loc = np.array(locs, dtype=np.int64).reshape(len(locs), T)
    else:
        col_w, loc = _move_once_routes(cur, active, ready, np.stack(allowed))
    if len(col_w):  # routes of a system in order of their locations, year by year
        order = np.lexsort([loc[:, t] for t in range(T - 1, -1, -1)] + [col_w])
        col_w, loc = col_w[order], loc[order]
    has = np.zeros(W, dtype=bool)
    has[col_w] = True
    no_path = [int(w) for w in np.nonzero(~has)[0]]
    return _route_costs(cms, col_w, loc, no_path)


def _move_once_routes(
    cur: np.ndarray, active: np.ndarray, ready: np.ndarray, allowed: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(workload of each route, (N, T) locations) when a system moves at most once: it stays where
    it is, or moves to p in year m ≥ its ready year and stays there while active."""
    T, W, P = allowed.shape
    t_idx = np.arange(T)
    free = active & (t_idx[None, :] >= ready[:, None])
    on_cur = (cur >= 0)[:, None] & allowed[:, np.arange(W), np.maximum(cur, 0)].T  # (W, T)
    stay = (~free | on_cur).all(axis=1)
    # a move in year m: the years before m it is free in keep it where it is, from m on it is on p
    held_ok = np.ones((W, T), dtype=bool)
    held_ok[:, 1:] = np.cumprod(~free | on_cur, axis=1, dtype=bool)[:, :-1]
    later = (~active[:, :, None] | allowed.transpose(1, 0, 2))[:, ::-1, :]
    on_p = np.cumprod(later, axis=1, dtype=bool)[:, ::-1, :]  # (W, T, P): on p from year m on
    can = ((t_idx[None, :] >= ready[:, None]) & active & held_ok)[:, :, None] & on_p
    can &= np.arange(P)[None, None, :] != cur[:, None, None]
    mw, mm, mp = np.nonzero(can)
    sw = np.nonzero(stay)[0]
    col_w = np.concatenate([sw, mw])
    t = t_idx[None, :]
    stay_loc = np.where(active[sw], cur[sw, None], RETIRED)
    move_loc = np.where(t < mm[:, None], cur[mw, None], mp[:, None])
    move_loc = np.where(active[mw], move_loc, RETIRED)
    return col_w.astype(np.int64), np.concatenate([stay_loc, move_loc]).astype(np.int64)


def _every_route(
    cur: np.ndarray,
    active: np.ndarray,
    ready: np.ndarray,
    allowed: Sequence[np.ndarray],
    workloads: Sequence[object],
) -> tuple[list[int], list[tuple[int, ...]]]:
    """Every sequence of locations (允许多次迁移), refused beyond MAX_PATHS_PER_SYSTEM a system."""
    W, T = active.shape
    col_w: list[int] = []
    locs: list[tuple[int, ...]] = []
    for i in range(W):
        options: list[list[int]] = []
        for t in range(T):
            if not active[i, t]:
                options.append([RETIRED])
            elif t < ready[i]:
                options.append([int(cur[i])])  # held where it is (contract, earliest year, keep)
            else:
                options.append([int(p) for p in np.nonzero(allowed[t][i])[0]])
        n = int(np.prod([len(o) for o in options], dtype=float)) if options else 1
        if n > MAX_PATHS_PER_SYSTEM:
            raise ValueError(
                bi(
                    "系统「{w}」在允许多次迁移时有 {n:,} 种逐年去向，超过上限 {m:,}；请减少年份或平台，或关闭允许多次迁移",
                    "System '{w}' has {n:,} year-by-year routes with multiple moves allowed (more than {m:,}); "
                    "use fewer years or platforms, or switch multiple moves off",
                    w=getattr(workloads[i], "name", i),
                    n=n,
                    m=MAX_PATHS_PER_SYSTEM,
                )
            )
        for route in itertools.product(*options):
            col_w.append(i)
            locs.append(tuple(route))
    return col_w, locs


def _route_costs(
    cms: Sequence[CostModel], col_w: np.ndarray, loc: np.ndarray, no_path: list[int]
) -> Routes:
    """A year plan's route costs: that year's bill, the one-time costs in full in the year of a move."""
    cm0 = cms[0]
    N, T = loc.shape
    run = np.zeros((N, T))
    migration = np.zeros((N, T))
    adaptation = np.zeros((N, T))
    moved = np.zeros((N, T), dtype=bool)
    if N:
        mig = np.array([w.migration_cost for w in cm0.workloads], dtype=float)[col_w]
        ada = np.array([w.xinchuang_adaptation_cost for w in cm0.workloads], dtype=float)[col_w]
        now_at = cm0.current_index[col_w]
        prev: np.ndarray = np.where(now_at >= 0, now_at, HOME)
        xc_ext = np.append(cm0.platform_xinchuang, [False, False])  # HOME (−1), RETIRED (−2)
        for t, cm in enumerate(cms):
            here = loc[:, t]
            on = here >= 0
            where = np.maximum(here, 0)
            run[:, t] = np.where(on, cm.bill[col_w, where], 0.0)
            mv = on & (here != prev)
            moved[:, t] = mv
            migration[:, t] = np.where(mv, mig, 0.0)
            adaptation[:, t] = np.where(mv & xc_ext[here] & ~xc_ext[prev], ada, 0.0)
            prev = np.where(here == RETIRED, prev, here)
    return Routes(col_w, loc, run, migration, adaptation, moved, no_path)


# --- shared columns -------------------------------------------------------------------------------
def _name(bm: BuiltModel, base: str, t: int) -> str:
    """A row or column name; a plain plan's keeps today's name, a year's carries the year."""
    return base if not bm.year_plan else f"{base}_{bm.years[t]}"


def active_systems(bm: BuiltModel) -> np.ndarray:
    """(W, T) True while the system is not retired."""
    cache = bm.caches.get("active")
    if cache is None:
        W, T = len(bm.inp.workloads), bm.num_years
        if bm.year_plan:
            cache = np.array(
                [
                    [w.retire_year is None or y < w.retire_year for y in bm.years]
                    for w in bm.inp.workloads
                ],
                dtype=bool,
            ).reshape(W, T)
        else:
            cache = np.ones((W, T), dtype=bool)
        bm.caches["active"] = cache
    return cache


def vendor_cost_columns(bm: BuiltModel) -> None:
    """Continuous columns c[t, v] = vendor v's cost in year t in 万元, and tot[t] = Σ_v c[t, v].

    Each route's cost appears once a year, in its vendor's row; the total is a row over V columns.
    Writing the budget and the vendor shares on these columns instead of on every route (a dense
    row per rule) cuts the matrix by two nonzeros per route, and HiGHS's presolve, which spent
    seconds on the dense rows, by as much (benchmarks/bench_plan.py).
    """
    if bm.total_cost:
        return
    vendors = bm.inp.vendors
    V = len(vendors)
    vidx = route_vendor(bm)
    cost = bm.routes.cost
    for t in range(bm.num_years):
        c = bm.model.add_columns(V, 0.0, INF, prefix=_name(bm, "vendor_cost_wan", t))
        ks = np.nonzero(vidx[:, t] >= 0)[0]
        rows = np.concatenate([vidx[ks, t], np.arange(V)])
        cols = np.concatenate([bm.x[ks], c])
        vals = np.concatenate([cost[ks, t] * SHARE_ROW_SCALE, -np.ones(V)])
        extra = [
            (i, col, coef)
            for i, v in enumerate(vendors)
            for col, coef in bm.vendor_cost_terms.get((t, v), [])
        ]
        if extra:  # the vendors' tiers, minimums and setup fees (planner.terms, built before)
            rows = np.concatenate([rows, [e[0] for e in extra]])
            cols = np.concatenate([cols, [e[1] for e in extra]])
            vals = np.concatenate([vals, [e[2] * SHARE_ROW_SCALE for e in extra]])
        bm.model.add_rows(
            rows, cols, vals, 0.0, 0.0, names=_name(bm, "vendor_cost_def", t), count=V
        )
        tot = bm.model.add_column(_name(bm, "total_annual_cost_wan", t), 0.0, INF)
        bm.model.add_row(
            np.append(c, tot), np.append(np.ones(V), -1.0), 0.0, 0.0, _name(bm, "total_cost_def", t)
        )
        bm.vendor_cost.update({(t, v): int(c[i]) for i, v in enumerate(vendors)})
        bm.total_cost[t] = tot


def _year_total_column(bm: BuiltModel, t: int) -> int:
    """A column equal to year t's total cost in 万元 over the routes (the rows on the routes)."""
    tot = bm.total_cost.get(t)
    if tot is None:
        tot = bm.model.add_column(f"year_total_wan_{bm.years[t]}", lower=0.0)
        cost = bm.routes.cost[:, t]
        ks = np.nonzero(cost != 0)[0]
        cols, vals = year_terms(bm, t, scale=SHARE_ROW_SCALE)
        bm.model.add_row(
            np.concatenate([bm.x[ks], cols, [tot]]),
            np.concatenate([cost[ks] * SHARE_ROW_SCALE, vals, [-1.0]]),
            0.0,
            0.0,
            f"year_total_def_{bm.years[t]}",
        )
        bm.total_cost[t] = tot
    return tot


# --- the rule families ----------------------------------------------------------------------------
def add_route_choice(bm: BuiltModel) -> None:
    """Each system takes exactly one route (one row per system, all at once)."""
    W = len(bm.inp.workloads)
    bm.model.add_rows(bm.routes.col_w, bm.x, 1.0, 1.0, 1.0, names="assign", count=W)


def add_budget_limit(bm: BuiltModel) -> None:
    """Each year's total cost ≤ that year's budget (the 约束 budget for a plain plan).

    On the year's total-cost column (万元); with the lazy vendor-share rows, a row on the routes."""
    for t, row in enumerate(bm.rows):
        budget = year_budget(row, bm.policy)
        if budget is None or not bm.options.on("budget", t):
            continue
        if bm.options.vendor_rows is None:
            vendor_cost_columns(bm)
            bm.model.add_row(
                np.array([bm.total_cost[t]]),
                1.0,
                -INF,
                float(budget) * SHARE_ROW_SCALE,
                _name(bm, "budget", t),
            )
            continue
        cost = bm.routes.cost[:, t]
        ks = np.nonzero(cost != 0)[0]
        cols, vals = year_terms(bm, t)
        bm.model.add_row(
            np.concatenate([bm.x[ks], cols]),
            np.concatenate([cost[ks], vals]),
            -INF,
            float(budget),
            _name(bm, "budget", t),
        )


def add_vendor_share_limits(bm: BuiltModel) -> None:
    """Each year, each vendor's cost ≤ max_vendor_share × the year's total (rows in 万元).

    A vendor without a route that year is left out (0 ≤ share × total holds). On per-vendor cost
    columns; with ModelOptions.vendor_rows only those (year, vendor) rows, each on its vendor's
    routes and the year's total column (the lazy rows of planner.optimize.solve)."""
    share = bm.policy.max_vendor_share
    if share >= 1.0:
        return
    vendors = bm.inp.vendors
    vidx = route_vendor(bm)
    cost = bm.routes.cost
    lazy = bm.options.vendor_rows
    for t in range(bm.num_years):
        if not bm.options.on("vendor_share", t):
            continue
        present = np.unique(vidx[:, t][vidx[:, t] >= 0])
        if lazy is None:
            vendor_cost_columns(bm)
            n = len(present)
            tot = bm.total_cost[t]
            mine = [bm.vendor_cost[(t, vendors[v])] for v in present]
            bm.model.add_rows(
                np.concatenate([np.arange(n), np.arange(n)]),
                np.concatenate([mine, np.full(n, tot)]).astype(np.int64),
                np.concatenate([np.ones(n), np.full(n, -float(share))]),
                -INF,
                0.0,
                names=[_name(bm, f"vendor_share_{vendors[v]}", t) for v in present],
                count=n,
            )
            continue
        for v in present:
            vendor = vendors[v]
            if (t, vendor) not in lazy:
                continue
            tot = _year_total_column(bm, t)
            ks = np.nonzero(vidx[:, t] == v)[0]
            cols, vals = year_terms(bm, t, vendor, SHARE_ROW_SCALE)
            bm.model.add_row(
                np.concatenate([bm.x[ks], cols, [tot]]),
                np.concatenate([cost[ks, t] * SHARE_ROW_SCALE, vals, [-float(share)]]),
                -INF,
                0.0,
                f"vendor_share_{bm.years[t]}_{v}",
            )


def add_xinchuang_share(bm: BuiltModel) -> None:
    """Each year: vCPU on 信创 ≥ that year's target × vCPU of the systems not retired.

    With 性能系数 the vCPU counted is what is bought on the platform (the machine room counts the
    system's own vCPU), which depends on the route: Σ (信创 − target)·vCPU·x ≥ 0."""
    xc = np.append(bm.cost_model.platform_xinchuang, [False, False])  # HOME, RETIRED: not 信创
    loc = bm.routes.loc
    perf = bm.cost_model.has_perf_factors
    vcpu = route_vcpu(bm) if perf else None
    for t, row in enumerate(bm.rows):
        share = year_xinchuang_target(row, bm.policy)
        if share <= 0 or not bm.options.on("xinchuang_share", t):
            continue
        name = "xinchuang_share" if not bm.year_plan else f"xinchuang_{bm.years[t]}"
        if vcpu is not None:
            coef = (xc[loc[:, t]].astype(float) - share) * vcpu[:, t]
            ks = np.nonzero(coef != 0)[0]
            bm.model.add_row(bm.x[ks], coef[ks], 0.0, INF, name)
            continue
        ks = np.nonzero(xc[loc[:, t]])[0]
        need = share * float(bm.vcpu[active_systems(bm)[:, t]].sum())
        bm.model.add_row(ks, bm.vcpu[bm.routes.col_w[ks]].astype(float), need, INF, name)


def vendor_used_columns(bm: BuiltModel, t: int) -> list[int]:
    """Binaries y[t, v] that may be 1 only when vendor v hosts a system in year t."""
    vendors = bm.inp.vendors
    if not vendors or (t, vendors[0]) in bm.vendor_used:
        return [bm.vendor_used[(t, v)] for v in vendors]
    V = len(vendors)
    y = bm.model.add_columns(V, 0.0, 1.0, integer=True, prefix=_name(bm, "vendor_used", t))
    bm.vendor_used.update({(t, v): int(y[i]) for i, v in enumerate(vendors)})
    # Σ_{routes on v in year t} x − y_v ≥ 0
    vidx = route_vendor(bm)
    ks = np.nonzero(vidx[:, t] >= 0)[0]
    rows = np.concatenate([vidx[ks, t], np.arange(V)])
    cols = np.concatenate([bm.x[ks], y])
    vals = np.concatenate([np.ones(len(ks)), -np.ones(V)])
    bm.model.add_rows(rows, cols, vals, 0.0, INF, names=_name(bm, "vendor_used_def", t), count=V)
    return [int(c) for c in y]


def add_min_vendors(bm: BuiltModel) -> None:
    """Each year with a system on a platform: at least min_vendors distinct vendors host one."""
    need = bm.policy.min_vendors
    if need <= 1:
        return
    for t in range(bm.num_years):
        if not (bm.routes.loc[:, t] >= 0).any() or not bm.options.on("min_vendors", t):
            continue
        ys = np.array(vendor_used_columns(bm, t), dtype=np.int64)
        bm.model.add_row(ys, 1.0, float(need), INF, _name(bm, "min_vendors", t))


def add_capacity_limits(bm: BuiltModel) -> None:
    """Each year: vCPU on a platform ≤ its capacity (vCPU bought there, 性能系数 applied; rows that
    cannot bind are not written)."""
    cm = bm.cost_model
    loc, col_w = bm.routes.loc, bm.routes.col_w
    rows_r: list[np.ndarray] = []
    rows_k: list[np.ndarray] = []
    rows_v: list[np.ndarray] = []
    caps: list[float] = []
    names: list[str] = []
    for j, plat in enumerate(cm.platforms):
        if plat.capacity_vcpu is None or j in bm.options.uncapped_platforms:
            continue
        for t in range(bm.num_years):
            if not bm.options.on("capacity", t):
                continue
            ks = np.nonzero(loc[:, t] == j)[0]
            load = cm.pair_vcpu[col_w[ks], j]
            if load.sum() <= plat.capacity_vcpu:
                continue  # cannot bind
            rows_r.append(np.full(len(ks), len(caps)))
            rows_k.append(ks)
            rows_v.append(load)
            caps.append(float(plat.capacity_vcpu))
            names.append(f"capacity_{j}" if not bm.year_plan else f"capacity_{bm.years[t]}_{j}")
    if caps:
        bm.model.add_rows(
            np.concatenate(rows_r),
            bm.x[np.concatenate(rows_k)],
            np.concatenate(rows_v),
            -INF,
            np.array(caps),
            names=names,
            count=len(caps),
        )


def add_move_caps(bm: BuiltModel) -> None:
    """Each year: systems moved ≤ 最多迁移系统数 and vCPU moved ≤ 最多迁移vCPU (year plans)."""
    for t, row in enumerate(bm.rows):
        if not bm.options.on("move_caps", t):
            continue
        ks = np.nonzero(bm.routes.moved[:, t])[0]
        if row.max_moves is not None:
            bm.model.add_row(bm.x[ks], 1.0, -INF, float(row.max_moves), f"max_moves_{row.year}")
        if row.max_move_vcpu is not None:
            bm.model.add_row(
                bm.x[ks],
                bm.vcpu[bm.routes.col_w[ks]],
                -INF,
                float(row.max_move_vcpu),
                f"max_move_vcpu_{row.year}",
            )


#: The constraint-family functions the rule registry (planner.rules) names, by name.
MODEL_FUNCTIONS: dict[str, Callable[[BuiltModel], None]] = {
    f.__name__: f
    for f in (
        add_budget_limit,
        add_xinchuang_share,
        add_vendor_share_limits,
        add_min_vendors,
        add_capacity_limits,
        add_move_caps,
    )
} | TERMS_FUNCTIONS


# --- the objective --------------------------------------------------------------------------------
def discount_factors(discount_rate: float, T: int) -> np.ndarray:
    """1 / (1 + 折现率)^t for plan year t = 0, 1, …"""
    return (1.0 + discount_rate) ** -np.arange(T, dtype=float)


def set_objective(bm: BuiltModel) -> None:
    """The objective the options name (the cost by default: present value over the years)."""
    opts, routes, t = bm.options, bm.routes, bm.options.objective_year
    maximize = False
    extra: list[tuple[int, float]] = []
    xc = np.append(bm.cost_model.platform_xinchuang, [False, False])
    if opts.objective is Objective.COST:
        spec = bm.inp.years
        factors = discount_factors(
            spec.discount_rate if spec and bm.year_plan else 0.0, bm.num_years
        )
        coef = routes.cost @ factors
        extra = [(c, v * factors[u]) for u, terms in bm.cost_terms.items() for c, v in terms]
    elif opts.objective is Objective.YEAR_COST:
        coef = routes.cost[:, t]
        extra = list(bm.cost_terms.get(t, []))
    elif opts.objective is Objective.MAX_XINCHUANG:
        maximize = True
        v = route_vcpu(bm)[:, t]
        coef = np.where(xc[routes.loc[:, t]], v, 0.0) - opts.share_level * v
    elif opts.objective is Objective.MAX_VENDORS:
        ys = np.array(vendor_used_columns(bm, t), dtype=np.int64)
        bm.model.set_objective(ys, 1.0, maximize=True)
        return
    elif opts.objective is Objective.MIN_PLATFORM_VCPU:
        coef = np.where(routes.loc[:, t] == opts.target_platform, route_vcpu(bm)[:, t], 0.0)
    elif opts.objective is Objective.MIN_MOVES:
        coef = routes.moved[:, t].astype(float)
    elif opts.objective is Objective.MIN_MOVE_VCPU:
        coef = np.where(routes.moved[:, t], bm.vcpu[routes.col_w], 0.0)
    else:  # FEASIBILITY
        coef = np.zeros(bm.num_routes)
    ks = np.nonzero(coef != 0)[0]
    cols = np.concatenate([bm.x[ks], np.array([c for c, _ in extra], dtype=np.int64)])
    bm.model.set_objective(
        cols, np.concatenate([coef[ks], [v for _, v in extra]]), maximize=maximize
    )


# --- dominated platforms --------------------------------------------------------------------------
#: Drop dominated (system, platform) pairs of a plain plan before building (see dominated_pairs).
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


# --- the model ------------------------------------------------------------------------------------
def plan_rows(inp: PlanInput) -> tuple[tuple[YearRow, ...], bool]:
    """(the plan years, whether it is a year plan): a 年度计划's rows, or one row of the 约束 values."""
    if is_multi_year(inp):
        return plan_years(inp), True
    return (YearRow(0),), False


#: Objectives that look at what a plan costs (the commercial terms are part of that cost).
COST_OBJECTIVES = (Objective.COST, Objective.YEAR_COST)


def prices_matter(rows: Sequence[YearRow], policy: Policy, options: ModelOptions) -> bool:
    """True when the model's answer depends on what a plan costs: it minimises a cost, or bounds
    one (a budget or vendor-share row in some year).

    The commercial terms (tiers, minimums, setup fees: planner.terms) only price the routes a
    plan takes; every choice of routes has its terms. A model that neither optimises nor bounds
    a cost (a feasibility question of the diagnosis with the budget and vendor shares off, the
    most 信创 share, the fewest moves) has the same answer without their rows and columns, and
    HiGHS proves such a model infeasible in hundredths of a second instead of a second."""
    if options.objective in COST_OBJECTIVES:
        return True
    for t, row in enumerate(rows):
        if options.on("budget", t) and year_budget(row, policy) is not None:
            return True
        if options.on("vendor_share", t) and policy.max_vendor_share < 1.0:
            return True
    return False


def _families() -> list[tuple[str, Callable[[BuiltModel], None]]]:
    """(ModelOptions flag, function) of each row family in build order: the registry's order
    (commercial terms first: they define the discounted spend the budget and share rows use),
    each function once (both move caps are one family)."""
    out: list[tuple[str, Callable[[BuiltModel], None]]] = []
    for r in MODEL_RULES:
        if r.option is None or r.model_function is None:
            continue
        fn = MODEL_FUNCTIONS[r.model_function]
        if all(fn is not f for _, f in out):
            out.append((r.option, fn))
    return out


FAMILIES = _families()


def build_model(
    source: CostModel | PlanInput,
    policy: Policy | None = None,
    options: ModelOptions | None = None,
    cms: Sequence[CostModel] | None = None,
) -> BuiltModel:
    """The MILP of the plan: of a cost model (a plain plan over it) or of an input (a year plan
    when it has a 年度计划, over one cost model per plan year; cms gives them when already built),
    with the rule families options selects."""
    started = time.perf_counter()
    options = options or ModelOptions()
    if isinstance(source, CostModel):
        inp, policy = source.input, policy or source.policy
        rows, year_plan = plan_rows(inp)
        if year_plan:
            raise ValueError("a cost model is one year's: build a year plan from its PlanInput")
        cms = [source]
    else:
        inp, policy = source, policy or source.policy
        rows, year_plan = plan_rows(inp)
        if cms is None:
            years = tuple(r.year for r in rows)
            cms = year_cost_models(inp, years, policy) if year_plan else [CostModel(inp, policy)]
    cms = list(cms)
    allowed = allowed_platforms(cms, options)
    if REDUCE_DOMINATED and not year_plan:
        dominated = dominated_pairs(cms[0], policy, options, allowed[0])
        if dominated.any():
            allowed = [allowed[0] & ~dominated]
    spec = inp.years
    routes = system_routes(
        cms,
        tuple(r.year for r in rows),
        year_plan,
        allowed,
        bool(spec.allow_multiple_moves) if spec is not None and year_plan else False,
    )
    model = SparseModel("yunce_plan" if not year_plan else "yunce_years")
    model.add_columns(len(routes.col_w), 0.0, 1.0, integer=True, prefix="x")
    bm = BuiltModel(model, inp, policy, rows, year_plan, cms, routes, options)
    add_route_choice(bm)
    priced = prices_matter(rows, policy, options)
    for flag, family in FAMILIES:  # the registry names each family's function and its on/off flag
        if getattr(options, flag) and (flag != "terms" or priced):
            family(bm)
    set_objective(bm)
    bm.build_seconds = time.perf_counter() - started
    return bm


def model_size(bm: BuiltModel) -> dict[str, int]:
    """Rows, columns, route binaries and nonzeros of the model."""
    return {
        "rows": bm.model.num_row,
        "columns": bm.model.num_col,
        "binaries": bm.num_routes,
        "nonzeros": int(len(bm.model.csr()[1])),
    }


__all__ = [
    "FAMILIES",
    "MODEL_FUNCTIONS",
    "SHARE_ROW_SCALE",
    "active_systems",
    "build_model",
    "discount_factors",
    "dominated_pairs",
    "free_years",
    "model_size",
    "plan_rows",
    "prices_matter",
    "routes_by_system",
    "system_routes",
    "vendor_cost_columns",
]
