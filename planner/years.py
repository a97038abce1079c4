"""A plan year by year: where every system is in each plan year, as a sparse route model.

Every system gets one binary per *path*: its location in each plan year (a platform, the place it
is now when that is the county machine room or an unlisted platform, or retired). The costs of a
path are constants per year (run + security at that year's prices, plus the one-time migration and
adaptation costs in the year of a move), so every per-year rule is a linear row over the paths.
The run cost is that year's CostModel.bill (term/resource discounts, step prices and 性能系数
prices included); per vendor and year the volume tiers, minimums and setup fees, and the per-system
rules, are row families of planner.years_terms (built first: the rows below add their terms):

- one path per system (``add_path_choice``);
- each year's total ≤ its budget (``add_year_budgets``);
- each year's 信创 share of the active systems' vCPU (bought, with 性能系数) ≥ its target
  (``add_year_xinchuang_shares``);
- each vendor's cost ≤ the vendor-share cap × the year's total (``add_year_vendor_shares``);
- at least min_vendors vendors in every year (``add_year_min_vendors``);
- platform capacity in every year (``add_year_capacity``);
- most systems / vCPU moved per year (``add_move_caps``).

The contract, earliest-year, keep-in-place, retire and move-at-most-once rules decide which paths
exist (``system_paths``). Objective: Σ_year cost / (1 + 折现率)^(year − first year).

Semantics (README "分年计划"): before a system's ready year (max of 合同到期年份 and 最早上云年份) it
stays where it is; from then on it is on an eligible platform of that year (a system in the machine
room moves onto the cloud in its ready year; one already on a platform may stay while that platform
is eligible, or move once — any number of times with 允许多次迁移). 保持不动 keeps it where it is in
every year. From 下线年份 on it costs nothing and is not counted. One plan year, 规划年限 1 and no
year columns is exactly today's single-year plan.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import highspy
import numpy as np

from planner.build import SHARE_ROW_SCALE
from planner.costing import CostModel, year_cost_models
from planner.milp import (
    EQ,
    GE,
    HOME,
    LE,
    RETIRED,
    BuiltModel,
    Expr,
    ModelOptions,
    Objective,
    Paths,
    YearsModel,
    YearsOptions,
    ready_index,
)
from planner.milp import free_to_choose as free_to_choose  # the year workbook reads it here
from planner.model import (
    Assignment,
    Plan,
    PlanInput,
    Platform,
    Policy,
    SolveStatus,
    Workload,
    YearRow,
    YearsSpec,
    year_budget,
    year_xinchuang_target,
)
from planner.rules import YEAR_RULES
from planner.solvers import make_highs
from planner.sparse import SparseModel
from planner.text import Msg, bi
from planner.years_terms import (
    TERMS_FUNCTIONS,
    route_vcpu,
    routes_by_system,
    year_terms_of_routes,
)

#: With 允许多次迁移 every sequence of locations is a path; more than this per system is refused.
MAX_PATHS_PER_SYSTEM = 50_000
#: A vendor whose LP cost in some year is at least (1 − NEAR_SHARE) × its cap starts with its rows
#: (lazy vendor-share rows, :func:`initial_vendor_rows`). Tight on purpose: a row that does not
#: bind in the MIP still slows it (the 12-pool county's 阿里云, at 95.5 % of its cap in the LP and
#: never broken, adds 1–2 s to a 5–9 s solve).
NEAR_SHARE = 0.02


# --- paths ----------------------------------------------------------------------------------------
def system_paths(
    cms: Sequence[CostModel],
    years: Sequence[int],
    multiple_moves: bool,
    excluded: frozenset[int] = frozenset(),
) -> Paths:
    """Every path each system may take (contract, earliest year, keep, retire and move-once rules)."""
    cm0 = cms[0]
    P, T = len(cm0.platforms), len(years)
    xc = cm0.platform_xinchuang
    allowed = [cm.eligible.copy() for cm in cms]
    if excluded:
        for a in allowed:
            a[:, sorted(excluded)] = False
    col_w: list[int] = []
    locs: list[tuple[int, ...]] = []
    no_path: list[int] = []
    for i, w in enumerate(cm0.workloads):
        cur = int(cm0.current_index[i])
        cur = cur if cur >= 0 else HOME
        active = [w.retire_year is None or y < w.retire_year for y in years]
        ready = ready_index(w, years)
        options: list[list[int]] = []
        for t in range(T):
            if not active[t]:
                options.append([RETIRED])
            elif t < ready:
                options.append([cur])  # pinned where it is (contract, earliest year, keep)
            else:
                options.append([int(p) for p in np.nonzero(allowed[t][i])[0]])
        if multiple_moves:
            n = int(np.prod([len(o) for o in options], dtype=float)) if options else 1
            if n > MAX_PATHS_PER_SYSTEM:
                raise ValueError(
                    bi(
                        "系统「{w}」在允许多次迁移时有 {n:,} 种逐年去向，超过上限 {m:,}；请减少年份或平台，或关闭允许多次迁移",
                        "System '{w}' has {n:,} year-by-year routes with multiple moves allowed (more than {m:,}); "
                        "use fewer years or platforms, or switch multiple moves off",
                        w=w.name,
                        n=n,
                        m=MAX_PATHS_PER_SYSTEM,
                    )
                )
            found = list(itertools.product(*options))
        else:
            found = []
            seen: set[tuple[int, ...]] = set()
            # stay where it is, or move once to p in year m (and stay there while active)
            starts = [T] + list(range(ready, T))
            for m in starts:
                targets = [cur] if m == T else [p for p in range(P) if p != cur]
                for p in targets:
                    path = []
                    for t in range(T):
                        if not active[t]:
                            path.append(RETIRED)
                        else:
                            path.append(cur if t < m else p)
                    ok = all(
                        loc == RETIRED or loc in options[t] for t, loc in enumerate(path)
                    ) and (m == T or active[m])
                    key = tuple(path)
                    if ok and key not in seen:
                        seen.add(key)
                        found.append(key)
        if not found:
            no_path.append(i)
        for route in found:
            col_w.append(i)
            locs.append(tuple(route))
    N = len(locs)
    loc = np.array(locs, dtype=np.int64).reshape(N, T)
    cw = np.array(col_w, dtype=np.int64)
    run = np.zeros((N, T))
    migration = np.zeros((N, T))
    adaptation = np.zeros((N, T))
    moved = np.zeros((N, T), dtype=bool)
    if N:
        mig = np.array([w.migration_cost for w in cm0.workloads], dtype=float)[cw]
        ada = np.array([w.xinchuang_adaptation_cost for w in cm0.workloads], dtype=float)[cw]
        now_at = cm0.current_index[cw]
        prev: np.ndarray = np.where(now_at >= 0, now_at, HOME)
        xc_ext = np.append(xc, [False, False])  # index -1 (HOME), -2 (RETIRED) → not 信创
        for t, cm in enumerate(cms):
            here = loc[:, t]
            on = here >= 0
            where = np.maximum(here, 0)
            run[:, t] = np.where(on, cm.bill[cw, where], 0.0)
            mv = on & (here != prev)
            moved[:, t] = mv
            migration[:, t] = np.where(mv, mig, 0.0)
            adaptation[:, t] = np.where(mv & xc_ext[here] & ~xc_ext[prev], ada, 0.0)
            prev = np.where(here == RETIRED, prev, here)
    return Paths(cw, loc, run, migration, adaptation, moved, no_path)


# --- the model ------------------------------------------------------------------------------------
def add_path_choice(ym: YearsModel) -> None:
    """Each system takes exactly one path."""
    for w, ks in enumerate(routes_by_system(ym)):
        ym.add(ym.terms(ks, np.ones(len(ks))), EQ, f"path_{w}", 1.0)


def add_year_budgets(ym: YearsModel) -> None:
    """Each year's total cost ≤ that year's budget."""
    cost = ym.paths.cost
    for t in range(len(ym.years)):
        budget = year_budget(ym.rows(t), ym.policy)
        if budget is None or not ym.options.on("budget", t):
            continue
        ks = np.nonzero(cost[:, t] != 0)[0]
        expr = ym.terms(ks, cost[ks, t]).extend(ym.year_terms(t))
        ym.add(expr, LE, f"budget_{ym.years[t]}", float(budget))


def add_year_xinchuang_shares(ym: YearsModel) -> None:
    """Each year: vCPU on 信创 ≥ that year's target × vCPU of the systems not retired.

    With 性能系数 the vCPU counted is what is bought on the platform (the machine room counts the
    system's own vCPU), which depends on the route: Σ (信创 − target)·vCPU·x ≥ 0, as for one year."""
    xc = np.append(ym.cms[0].platform_xinchuang, [False, False])
    vcpu = route_vcpu(ym) if ym.cms[0].has_perf_factors else None
    for t in range(len(ym.years)):
        share = year_xinchuang_target(ym.rows(t), ym.policy)
        if share <= 0 or not ym.options.on("xinchuang_share", t):
            continue
        if vcpu is not None:
            coef = (xc[ym.paths.loc[:, t]].astype(float) - share) * vcpu[:, t]
            ks = np.nonzero(coef != 0)[0]
            ym.add(ym.terms(ks, coef[ks]), GE, f"xinchuang_{ym.years[t]}", 0.0)
            continue
        ks = np.nonzero(xc[ym.paths.loc[:, t]])[0]
        need = share * float(ym.vcpu[ym.active[:, t]].sum())
        ym.add(ym.terms(ks, ym.vcpu[ym.paths.col_w[ks]]), GE, f"xinchuang_{ym.years[t]}", need)


def _year_total(ym: YearsModel, t: int) -> int:
    """A variable equal to year t's total cost in 万元 (the vendor-share rows are scaled, as in optimize)."""
    while len(ym.year_totals) <= t:
        ym.year_totals.append(None)
    v = ym.year_totals[t]
    if v is None:
        v = ym.model.add_column(f"year_total_wan_{ym.years[t]}", lower=0.0)
        cost = ym.paths.cost[:, t]
        ks = np.nonzero(cost != 0)[0]
        expr = ym.terms(ks, cost[ks] * SHARE_ROW_SCALE).extend(
            ym.year_terms(t, scale=SHARE_ROW_SCALE)
        )
        expr.addterm(v, -1.0)
        ym.add(expr, EQ, f"year_total_def_{ym.years[t]}", 0.0)
        ym.year_totals[t] = v
    return v


def vendor_of(ym: YearsModel) -> np.ndarray:
    """(N, T) vendor name of each path's location ('' off the platforms)."""
    names = np.array([p.vendor for p in ym.cms[0].platforms] + ["", ""], dtype=object)
    return names[ym.paths.loc]


def add_year_vendor_shares(ym: YearsModel) -> None:
    """Each year: each vendor's cost (one-time costs of moves onto it included) ≤ cap × the year's total."""
    share = ym.policy.max_vendor_share
    if share >= 1.0:
        return
    vendor = vendor_of(ym)
    cost = ym.paths.cost
    for t in range(len(ym.years)):
        if not ym.options.on("vendor_share", t):
            continue
        total = None
        for vi, v in enumerate(ym.inp.vendors):
            ks = np.nonzero(vendor[:, t] == v)[0]
            if len(ks) == 0:
                continue
            if ym.options.vendor_rows is not None and (t, v) not in ym.options.vendor_rows:
                continue
            total = total or _year_total(ym, t)
            expr = ym.terms(ks, cost[ks, t] * SHARE_ROW_SCALE).extend(
                ym.year_terms(t, v, SHARE_ROW_SCALE)
            )
            expr.addterm(total, -float(share))
            ym.add(expr, LE, f"vendor_share_{ym.years[t]}_{vi}", 0.0)


def add_year_min_vendors(ym: YearsModel) -> None:
    """Each year with a system on a platform: at least min_vendors vendors host one."""
    need = ym.policy.min_vendors
    if need <= 1:
        return
    vendor = vendor_of(ym)
    for t in range(len(ym.years)):
        if not (ym.paths.loc[:, t] >= 0).any() or not ym.options.on("min_vendors", t):
            continue
        used = []
        for vi, v in enumerate(ym.inp.vendors):
            y = ym.model.add_column(f"vendor_used_{ym.years[t]}_{vi}", 0.0, 1.0, integer=True)
            ks = np.nonzero(vendor[:, t] == v)[0]
            expr = ym.terms(ks, np.ones(len(ks)))
            expr.addterm(y, -1.0)
            ym.add(expr, GE, f"vendor_used_def_{ym.years[t]}_{vi}", 0.0)
            used.append(y)
        ym.add(Expr(list(used), [1.0] * len(used)), GE, f"min_vendors_{ym.years[t]}", float(need))


def add_year_capacity(ym: YearsModel) -> None:
    """Each year: vCPU on a platform ≤ its capacity (vCPU bought there, 性能系数 applied)."""
    bought = ym.cms[0].pair_vcpu
    for j, plat in enumerate(ym.cms[0].platforms):
        if plat.capacity_vcpu is None:
            continue
        for t in range(len(ym.years)):
            if not ym.options.on("capacity", t):
                continue
            ks = np.nonzero(ym.paths.loc[:, t] == j)[0]
            load = bought[ym.paths.col_w[ks], j]
            if load.sum() <= plat.capacity_vcpu:
                continue  # cannot bind
            ym.add(ym.terms(ks, load), LE, f"capacity_{ym.years[t]}_{j}", float(plat.capacity_vcpu))


def add_move_caps(ym: YearsModel) -> None:
    """Each year: systems moved ≤ 最多迁移系统数 and vCPU moved ≤ 最多迁移vCPU."""
    for t in range(len(ym.years)):
        row = ym.rows(t)
        if not ym.options.on("move_caps", t):
            continue
        ks = np.nonzero(ym.paths.moved[:, t])[0]
        if row.max_moves is not None:
            ym.add(
                ym.terms(ks, np.ones(len(ks))), LE, f"max_moves_{row.year}", float(row.max_moves)
            )
        if row.max_move_vcpu is not None:
            ym.add(
                ym.terms(ks, ym.vcpu[ym.paths.col_w[ks]]),
                LE,
                f"max_move_vcpu_{row.year}",
                float(row.max_move_vcpu),
            )


#: The row families of the multi-year model by YearsOptions flag, from the registry
#: (planner.rules.YEAR_RULES names each family's function).
#: Cost-term families come first: the budget and vendor-share rows use the terms they add.
MODEL_FUNCTIONS: dict[str, Callable[[YearsModel], None]] = {
    f.__name__: f
    for f in (
        add_year_budgets,
        add_year_xinchuang_shares,
        add_year_vendor_shares,
        add_year_min_vendors,
        add_year_capacity,
        add_move_caps,
    )
} | TERMS_FUNCTIONS


def _year_functions() -> dict[str, tuple[Callable[[YearsModel], None], ...]]:
    out: dict[str, tuple[Callable[[YearsModel], None], ...]] = {}
    for r in sorted(
        (r for r in YEAR_RULES if r.option is not None), key=lambda r: r.option != "terms"
    ):
        assert r.option is not None
        fn = MODEL_FUNCTIONS[r.model_function]
        if fn not in out.get(r.option, ()):
            out[r.option] = (*out.get(r.option, ()), fn)
    return out


YEAR_FUNCTIONS = _year_functions()


def discount_factors(spec: YearsSpec, T: int) -> np.ndarray:
    """1 / (1 + 折现率)^t for plan year t = 0, 1, …"""
    return (1.0 + spec.discount_rate) ** -np.arange(T, dtype=float)


def build_years_model(
    inp: PlanInput,
    policy: Policy | None = None,
    options: YearsOptions | None = None,
    cms: list[CostModel] | None = None,
    spec: YearsSpec | None = None,
) -> YearsModel:
    """The path model of the input's years (spec overrides the input's, e.g. a relaxed year)."""
    started = time.perf_counter()
    policy = policy or inp.policy
    options = options or YearsOptions()
    spec = spec or inp.years
    if spec is None or not spec.years:
        raise ValueError("the input has no plan years")
    years = tuple(r.year for r in spec.years)
    cms = cms if cms is not None else year_cost_models(inp, years, policy)
    paths = system_paths(cms, years, spec.allow_multiple_moves, options.excluded_platforms)
    model = SparseModel(name="yunce_years")
    x = model.add_columns(len(paths.col_w), 0.0, 1.0, integer=True, prefix="x")
    vcpu = cms[0].vcpu
    active = np.array(
        [[w.retire_year is None or y < w.retire_year for y in years] for w in inp.workloads],
        dtype=bool,
    ).reshape(len(inp.workloads), len(years))
    ym = YearsModel(model, inp, policy, spec, years, cms, paths, x, options, vcpu, active)
    add_path_choice(ym)
    for flag, fns in YEAR_FUNCTIONS.items():
        if getattr(options, flag):
            for fn in fns:
                fn(ym)
    set_years_objective(ym)
    ym.build_seconds = time.perf_counter() - started
    return ym


def set_years_objective(ym: YearsModel) -> None:
    """The objective options name (present value by default)."""
    opts, paths, t = ym.options, ym.paths, ym.options.objective_year
    maximize = False
    extra: list[tuple[int, float]] = []
    if opts.objective == "cost":
        factors = discount_factors(ym.spec, len(ym.years))
        coef = paths.cost @ factors
        extra = [(c, v * factors[u]) for u, terms in ym.cost_terms.items() for c, v in terms]
    elif opts.objective == "year_cost":
        coef = paths.cost[:, t]
        extra = list(ym.cost_terms.get(t, []))
    elif opts.objective == "max_xinchuang":
        maximize = True
        xc = np.append(ym.cms[0].platform_xinchuang, [False, False])
        v = route_vcpu(ym)[:, t]
        coef = np.where(xc[paths.loc[:, t]], v, 0.0) - opts.share_level * v
    elif opts.objective == "min_moves":
        coef = paths.moved[:, t].astype(float)
    elif opts.objective == "min_move_vcpu":
        coef = np.where(paths.moved[:, t], ym.vcpu[paths.col_w], 0.0)
    else:
        coef = np.zeros(len(ym.x))
    ks = np.nonzero(coef != 0)[0]
    cols = np.concatenate([ym.x[ks], np.array([c for c, _ in extra], dtype=np.int64)])
    ym.model.set_objective(
        cols, np.concatenate([coef[ks], [v for _, v in extra]]), maximize=maximize
    )


def model_size(ym: YearsModel) -> dict[str, int]:
    """Rows, columns (binaries) and nonzeros of the model."""
    return {
        "rows": ym.model.num_row,
        "columns": ym.model.num_col,
        "binaries": len(ym.x),
        "nonzeros": int(len(ym.model.csr()[1])),
    }


# --- the plan -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """One system moving in one year."""

    workload: Workload
    origin: Platform | None
    """Where it was (None: the machine room / an unlisted platform)."""
    target: Platform
    migration_cost: float
    adaptation_cost: float

    @property
    def one_time_cost(self) -> float:
        return self.migration_cost + self.adaptation_cost


@dataclass(frozen=True)
class YearsPlan:
    """A plan year by year, or why there is none."""

    status: SolveStatus
    years: tuple[int, ...]
    input: PlanInput
    policy: Policy
    locations: tuple[tuple[int, ...], ...] = ()
    """Per workload, per year: platform index, HOME or RETIRED; empty without a plan."""
    year_plans: tuple[Plan, ...] = ()
    """Per year: the systems on a platform that year and what they cost (migration_annual and
    adaptation_annual hold the one-time costs of a move in that year) and that year's vendor terms
    (tiers, minimums, the setup fee in the vendor's first year of use)."""
    moves: tuple[tuple[Move, ...], ...] = ()
    """Per year: the systems that move in it."""
    diagnosis: tuple[str, ...] = ()
    solver: str = ""
    mip_gap: float | None = None
    solve_seconds: float = 0.0
    build_seconds: float = 0.0
    size: dict[str, int] = field(default_factory=dict)
    infeasibility: object | None = field(default=None, compare=False, repr=False)
    """planner.years_diagnose.YearsDiagnosis when infeasible and diagnosed."""

    @property
    def has_solution(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @property
    def spec(self) -> YearsSpec:
        assert self.input.years is not None
        return self.input.years

    def year_cost(self, t: int) -> float:
        return self.year_plans[t].total_annual_cost

    @property
    def year_costs(self) -> tuple[float, ...]:
        return tuple(p.total_annual_cost for p in self.year_plans)

    @property
    def total_cost(self) -> float:
        """Σ of the years' costs (undiscounted)."""
        return float(sum(self.year_costs))

    @property
    def present_value(self) -> float:
        """Σ year cost / (1 + 折现率)^t (the objective)."""
        return float(np.dot(self.year_costs, discount_factors(self.spec, len(self.years))))

    def active_vcpu(self, t: int) -> float:
        """vCPU of the systems not retired in year t: bought on their platform (性能系数 applied),
        their own in the machine room."""
        home = sum(
            w.vcpu
            for w, locs in zip(self.input.workloads, self.locations, strict=True)
            if locs[t] == HOME
        )
        return self.year_plans[t].total_vcpu + home

    def xinchuang_share(self, t: int) -> float:
        """信创 vCPU / vCPU of the systems not retired in year t (machine-room systems count, as non-信创)."""
        total = self.active_vcpu(t)
        return self.year_plans[t].xinchuang_vcpu / total if total > 0 else 0.0

    def location(self, w: int, t: int) -> Platform | None:
        j = self.locations[w][t]
        return self.input.platforms[j] if j >= 0 else None

    def __repr__(self) -> str:
        if not self.has_solution:
            return f"YearsPlan(status={self.status.value}, years={self.years}, reasons={len(self.diagnosis)})"
        costs = ", ".join(
            f"{y}: {c:,.2f}" for y, c in zip(self.years, self.year_costs, strict=True)
        )
        return f"YearsPlan(status={self.status.value}, {costs}, moves={sum(len(m) for m in self.moves)})"


def extract_years(ym: YearsModel, values: np.ndarray, status: SolveStatus, **fields) -> YearsPlan:  # type: ignore[no-untyped-def]
    paths = ym.paths
    chosen = np.nonzero(values > 0.5)[0]
    by_w = {int(paths.col_w[k]): int(k) for k in chosen}
    W, T = len(ym.inp.workloads), len(ym.years)
    if len(by_w) != W:
        raise RuntimeError("solver returned a plan that does not give every system a path")
    plats = ym.inp.platforms
    locations = tuple(tuple(int(v) for v in paths.loc[by_w[w]]) for w in range(W))
    year_plans: list[Plan] = []
    moves: list[tuple[Move, ...]] = []
    terms = year_terms_of_routes(ym, np.array([by_w[w] for w in range(W)], dtype=np.int64))
    for t in range(T):
        cm = ym.cms[t]
        assigns: list[Assignment] = []
        wave: list[Move] = []
        for w in range(W):
            k = by_w[w]
            j = int(paths.loc[k, t])
            if j < 0:
                continue
            b = cm.breakdown(w, j)
            mig, ada = float(paths.migration[k, t]), float(paths.adaptation[k, t])
            assigns.append(
                Assignment(
                    ym.inp.workloads[w],
                    plats[j],
                    replace(b, migration_annual=mig, adaptation_annual=ada),
                )
            )
            if paths.moved[k, t]:
                before = [int(v) for v in paths.loc[k, :t] if v != RETIRED]
                if before:
                    origin = plats[before[-1]] if before[-1] >= 0 else None
                else:
                    c = int(ym.cms[0].current_index[w])
                    origin = plats[c] if c >= 0 else None
                wave.append(Move(ym.inp.workloads[w], origin, plats[j], mig, ada))
        year_plans.append(
            Plan(
                status,
                assignments=tuple(assigns),
                policy=ym.policy,
                cost_model=cm,
                vendor_terms=terms[t],
            )
        )
        moves.append(tuple(wave))
    return YearsPlan(
        status, ym.years, ym.inp, ym.policy, locations, tuple(year_plans), tuple(moves), **fields
    )


def no_path_messages(ym: YearsModel) -> list[Msg]:
    out = []
    for w in ym.paths.no_path:
        wl = ym.inp.workloads[w]
        out.append(
            bi(
                "系统「{w}」在须上云的年份没有任何可用平台（检查等保级别、部署方式、信创要求、报价的生效/失效年份）",
                "System '{w}' has no eligible platform in a year it must be on one (check the MLPS level, "
                "deployment, 信创 requirement and the first/last years of the prices)",
                w=wl.name,
            )
        )
    return out


def years_built_model(ym: YearsModel) -> BuiltModel:
    """The year model wrapped for planner.optimize.solve_model (its columns 0…N-1 are the routes).

    The FEASIBILITY objective flag only keeps solve_model's single-year greedy fallback (which
    reads columns as (system, platform) pairs) away from this model; the objective itself is the
    year model's own (present value by default)."""
    return BuiltModel(
        ym.model,
        ym.cms[0],
        ym.policy,
        ym.paths.col_w,
        np.maximum(ym.paths.loc[:, 0], 0),
        ym.paths.cost.sum(axis=1),
        options=ModelOptions(objective=Objective.FEASIBILITY, min_vendors=False),
    )


def vendor_share_broken(ym: YearsModel, values: np.ndarray) -> frozenset[tuple[int, str]]:
    """(year index, vendor) vendor-share rows the solution breaks by more than a fen (each vendor's
    and each year's cost exact: the vendor terms of that year included, planner.years_terms)."""
    chosen = np.nonzero(values[: len(ym.x)] > 0.5)[0]
    vendor = vendor_of(ym)[chosen]
    cost = ym.paths.cost[chosen]
    terms = year_terms_of_routes(ym, chosen)
    share = ym.policy.max_vendor_share
    out = set()
    for t in range(len(ym.years)):
        adjust = {vt.vendor: vt.adjustment for vt in terms[t]}
        total = float(cost[:, t].sum()) + sum(adjust.values())
        for v in ym.inp.vendors:
            if float(cost[vendor[:, t] == v, t].sum()) + adjust.get(v, 0.0) - share * total > 0.01:
                out.add((t, v))
    return frozenset(out)


def one_year(inp: PlanInput, year: int) -> PlanInput:
    """inp as a one-year plan of that year (no year rows beyond the 约束 values)."""
    return replace(inp, years=YearsSpec((YearRow(year),)))


# --- lazy vendor-share rows: where the loop of solve_years starts ----------------------------
def initial_vendor_rows(
    inp: PlanInput,
    policy: Policy,
    options: YearsOptions,
    cms: Sequence[CostModel] | None = None,
) -> tuple[frozenset[tuple[int, str]], list[CostModel] | None]:
    """(year index, vendor) rows to start the lazy loop with, and the year cost models built.

    Empty when the LP has no solution (the MIP then finds out why, as before) or HiGHS is missing.
    """
    ym = build_years_model(
        inp, policy, replace(options, vendor_rows=None), cms=list(cms) if cms else None
    )
    if ym.paths.no_path or len(ym.x) == 0:
        return frozenset(), ym.cms
    x = _lp_values(ym)
    if x is None:
        return frozenset(), ym.cms
    return near_binding(
        ym.paths.cost, vendor_of(ym), x, policy.max_vendor_share, inp.vendors
    ), ym.cms


def near_binding(
    cost: np.ndarray, vendor: np.ndarray, x: np.ndarray, share: float, vendors: Sequence[str]
) -> frozenset[tuple[int, str]]:
    """The rows, in every year, of the vendors within NEAR_SHARE of the cap in some year of x.

    cost (N, T) and vendor (N, T) per route and year, x (N,) route values (fractional allowed).
    """
    T = cost.shape[1]
    spent = cost * x[:, None]
    total = spent.sum(axis=0)
    out: set[tuple[int, str]] = set()
    for v in vendors:
        on = vendor == v
        if not on.any():
            continue
        mine = np.where(on, spent, 0.0).sum(axis=0)
        if np.any((total > 0) & (mine >= (1.0 - NEAR_SHARE) * share * total)):
            out.update((t, v) for t in range(T) if on[:, t].any())
    return frozenset(out)


def _lp_values(ym: YearsModel) -> np.ndarray | None:
    """Route values of the model's LP relaxation (None: no optimal LP solution)."""
    h = make_highs()
    ym.model.pass_to_highs(h, integral=False)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().col_value, dtype=float)[: len(ym.x)]
