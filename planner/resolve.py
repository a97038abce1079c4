"""The re-solve engine: exact re-solves of one input's plan model with some rules changed.

The diagnosis (planner.diagnose: which rules conflict, each rule's least relaxation, a year
plan's findings year by year), explain ("why this platform", planner.explain) and the analysis
(vendor loss, rule prices, trade-offs, scenarios, planner.analysis) all ask the same kind of
question: the optimum, or whether a plan exists, with some rule families switched off (in some
years), some values changed, some platforms excluded or a system fixed, for another objective.
:class:`Resolver` answers them for a plain workbook and a 年度计划 alike: it builds the cost
models (one per plan year) once per horizon and data-protection setting and shares them, builds
the model the question's :class:`~planner.milp.ModelOptions` describe, solves it at the solver
boundary and counts the solves.

Questions that differ from the full model only in which row families are off (in which years)
and which per-system rules are dropped — the year diagnosis asks dozens — are compared by those
sets: each is answered once, and one that imposes at least the rules of a question proven to have
no plan is answered "no plan" without building or solving (more rules cannot admit a plan).
With planner.build.prices_matter (no cost optimised or bounded: the terms' rows left out) the
year diagnosis of an input whose routes and per-system rules conflict needs two solves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import highspy
import numpy as np

from planner.build import build_model, plan_rows
from planner.costing import CostModel, year_cost_models
from planner.extract import chosen_routes
from planner.milp import YEAR_FLAGS, BuiltModel, ModelOptions, Objective
from planner.model import PlanInput, Policy, Progress, SolveStatus
from planner.rules import RELAXABLE_RULES, capacity_key, system_rule_key
from planner.solvers import SolveResult, make_highs, solve_model
from planner.terms import route_vendor, route_vendor_terms


def no_plan(proven: bool = True) -> SolveResult:
    """The answer to a question no model is needed for (a system with nowhere to go)."""
    return SolveResult(SolveStatus.INFEASIBLE, None, None, None, 0.0, proven_infeasible=proven)


#: ModelOptions flags of a model with no rule rows (only each system's one route).
_NO_ROWS: dict[str, Any] = {
    "objective": Objective.FEASIBILITY,
    **{flag: False for flag in YEAR_FLAGS},
    "terms": False,
    "system_rules": False,
}


class Resolver:
    """Exact re-solves of one input's model under changed rules, sharing its cost models."""

    def __init__(
        self,
        inp: PlanInput,
        policy: Policy | None = None,
        solver: str = "highs",
        progress: Progress | None = None,
        time_limit: float | None = None,
        cms: Sequence[CostModel] | None = None,
        fixed: Mapping[int, int] | None = None,
    ) -> None:
        self.inp = inp
        self.policy = policy or inp.policy
        self.solver = solver
        self.progress = progress
        self.time_limit = time_limit
        self.fixed = dict(fixed or {})
        self.count = 0
        """How many models were built and solved."""
        self._cms: dict[tuple[Any, ...], list[CostModel]] = {}
        if cms:
            self._cms[self._key(cms[0].policy, inp)] = list(cms)
        #: active rule keys → the last COST re-solve, reused for the fallback plan (diagnosis)
        self.cost_runs: dict[frozenset[str], tuple[BuiltModel, SolveResult]] = {}
        #: answers already found, by question (the analysis' outcomes): asked once
        self.answers: dict[tuple[Any, ...], Any] = {}
        #: (rows off, per-system rules dropped) of questions proven to have no plan: a question
        #: imposing at least their rules has none either (module doc of planner.diagnose)
        self.no_plan_without: list[tuple[frozenset[tuple[str, int]], frozenset[int]]] = []
        #: (year index, vendor) vendor-share rows an answer of Resolver.optimum broke: later
        #: questions start with them
        self.learned_rows: frozenset[tuple[int, str]] = frozenset()
        #: the answers of the questions that differ only in which rules are off, by question
        self._asked: dict[tuple[Any, ...], tuple[BuiltModel, SolveResult]] = {}

    @property
    def cancelled(self) -> bool:
        return self.progress is not None and self.progress.cancelled

    def stage(self, text: str, fraction: float | None = None) -> None:
        """Report a stage of the work to the progress, if any."""
        if self.progress is not None:
            self.progress.stage(text, fraction)

    @property
    def year_plan(self) -> bool:
        return plan_rows(self.inp)[1]

    # --- cost models ---------------------------------------------------------------------------
    def _key(self, policy: Policy, inp: PlanInput) -> tuple[Any, ...]:
        rows, year_plan = plan_rows(inp)
        return (
            tuple(r.year for r in rows) if year_plan else None,
            float(policy.horizon_years),
            bool(policy.sensitive_data_private),
            id(inp.platforms),
            id(inp.prices),
            id(inp.workloads),
            id(inp.discounts),
        )

    def cost_models(
        self, policy: Policy | None = None, inp: PlanInput | None = None
    ) -> list[CostModel]:
        """The cost models of the input (one per plan year) under policy's horizon and
        data-protection rule, built once (the expensive part of a re-solve)."""
        policy = policy or self.policy
        inp = inp or self.inp
        key = self._key(policy, inp)
        cms = self._cms.get(key)
        if cms is None:
            base = replace(
                self.inp.policy,
                horizon_years=key[1],
                sensitive_data_private=key[2],
            )
            rows, year_plan = plan_rows(inp)
            cms = (
                year_cost_models(inp, tuple(r.year for r in rows), base)
                if year_plan
                else [CostModel(inp, base)]
            )
            self._cms[key] = cms
        return cms

    def cost_model(self, policy: Policy | None = None) -> CostModel:
        """The first plan year's cost model (a plain plan's only one)."""
        return self.cost_models(policy)[0]

    # --- one question --------------------------------------------------------------------------
    def solve(
        self,
        options: ModelOptions,
        policy: Policy | None = None,
        inp: PlanInput | None = None,
        time_limit: float | None = None,
    ) -> tuple[BuiltModel, SolveResult]:
        """The answer under options (and policy, input: default the engine's), to proven
        optimality or within the tighter of the engine's and this time limit."""
        own = policy is None and inp is None and time_limit is None
        policy = policy or self.policy
        inp = inp or self.inp
        if self.fixed and not options.fixed:
            options = replace(options, fixed=self.fixed)
        key = self._rules_off(options) if own else None
        if key is not None and key in self._asked:
            return self._asked[key]
        cms = self.cost_models(policy, inp)
        year_plan = plan_rows(inp)[1]
        if key is not None and self._known_without_plan(key[-2], key[-1]):
            return self._routes_only(inp if year_plan else cms[0], policy, cms), no_plan()
        limits = [t for t in (self.time_limit, time_limit) if t is not None]
        limit = min(limits) if limits else None
        self.count += 1
        bm = build_model(inp if year_plan else cms[0], policy, options, cms=cms)
        if bm.routes.no_path:
            return bm, no_plan()
        res = solve_model(bm, self.solver, limit, self.progress)
        if key is not None:
            self._asked[key] = (bm, res)
            if res.status is SolveStatus.INFEASIBLE and res.proven_infeasible:
                self.no_plan_without.append((key[-2], key[-1]))
        return bm, res

    def optimum(
        self,
        options: ModelOptions | None = None,
        policy: Policy | None = None,
        inp: PlanInput | None = None,
    ) -> tuple[BuiltModel, SolveResult]:
        """The cost optimum under options (policy, input: default the engine's), exact.

        A year plan's vendor-share rows are added lazily, as planner.optimize.solve adds them (no
        time limit): the model starts with the rows of the vendors near their cap in the LP
        relaxation, and any row the answer breaks is added and the model solved again. An
        answer that obeys every row and is optimal with fewer rows is optimal with all of them;
        one without a plan with fewer rows has none with all of them. The returned model holds
        the rows used.

        The rows an earlier question's answer broke start every later question too (any start
        is exact; the analysis' questions differ in one rule and break the same rows: on the
        sample's year plan this saves a whole round of the 26 s 每个系统至多迁移一次 re-solve)."""
        options = options or ModelOptions()
        policy = policy or self.policy
        inp = inp or self.inp
        lazy = (
            plan_rows(inp)[1]
            and options.vendor_share
            and options.vendor_rows is None
            and policy.max_vendor_share < 1.0
            and options.objective is Objective.COST
            and self.time_limit is None
        )
        if not lazy:
            return self.solve(options, policy, inp)
        if self.fixed and not options.fixed:
            options = replace(options, fixed=self.fixed)
        rows = initial_vendor_rows(inp, policy, options, self.cost_models(policy, inp))
        years = len(plan_rows(inp)[0])
        rows = rows | {(t, v) for t, v in self.learned_rows if t < years and v in inp.vendors}
        while True:
            bm, res = self.solve(replace(options, vendor_rows=rows), policy, inp)
            if res.x_values is None or self.cancelled:
                return bm, res
            broken = vendor_share_broken(bm, res.x_values) - rows
            if not broken:
                return bm, res
            self.learned_rows |= broken
            rows = rows | broken

    def _routes_only(
        self, source: CostModel | PlanInput, policy: Policy, cms: Sequence[CostModel]
    ) -> BuiltModel:
        """The model of the engine's input with its routes and no rule rows (built once): what
        a question answered without a solve returns beside its answer."""
        bm = self.answers.get(("routes only",))
        if not isinstance(bm, BuiltModel):
            bm = build_model(source, policy, ModelOptions(**_NO_ROWS), cms=cms)
            self.answers[("routes only",)] = bm
        return bm

    @staticmethod
    def _rules_off(options: ModelOptions) -> tuple[Any, ...] | None:
        """The question as (objective, year, level, rows off, rules dropped) when it differs from
        the full model only in those (else None: not comparable by which rules are off)."""
        plain = replace(
            options,
            objective=Objective.COST,
            objective_year=0,
            share_level=0.0,
            off=frozenset(),
            dropped_system_rules=frozenset(),
        )
        if plain != ModelOptions():
            return None
        return (
            options.objective,
            options.objective_year,
            options.share_level,
            options.off,
            options.dropped_system_rules,
        )

    def _known_without_plan(self, off: frozenset[tuple[str, int]], dropped: frozenset[int]) -> bool:
        """True when a question with fewer rules (a superset of these off and dropped) was proven
        to have no plan: imposing more rules cannot make one."""
        return any(off <= o and dropped <= d for o, d in self.no_plan_without)

    # --- questions by active rule keys (the diagnosis and explain of a plain plan) -------------
    def options(
        self, active: set[str], objective: Objective = Objective.FEASIBILITY, **kw: Any
    ) -> ModelOptions:
        """ModelOptions imposing exactly the active relaxable rules (rule keys, capacity:<v>/<p>,
        system_rule:<i>); the other rules of the registry switched off."""
        cm = self.cost_model()
        uncapped = frozenset(
            j
            for j, p in enumerate(cm.platforms)
            if p.capacity_vcpu is not None and capacity_key(p.vendor, p.name) not in active
        )
        flags: dict[str, Any] = {r.option: r.key in active for r in RELAXABLE_RULES if r.option}
        dropped = frozenset(
            i for i in range(len(self.inp.system_rules)) if system_rule_key(i) not in active
        )
        return ModelOptions(
            objective=objective,
            capacity=True,
            uncapped_platforms=uncapped,
            dropped_system_rules=dropped,
            **flags,
            **kw,
        )

    def run(
        self,
        active: set[str],
        objective: Objective = Objective.FEASIBILITY,
        policy: Policy | None = None,
        **kw: Any,
    ) -> tuple[BuiltModel, SolveResult]:
        """The answer with exactly the active rules imposed."""
        bm, res = self.solve(self.options(active, objective, **kw), policy)
        if objective is Objective.COST and policy is None and "target_platform" not in kw:
            self.cost_runs[frozenset(active)] = (bm, res)
        return bm, res

    def cheapest(self, active: set[str]) -> tuple[BuiltModel, SolveResult]:
        """The cost-optimal re-solve under the active rules (answered once)."""
        key = frozenset(active)
        if key not in self.cost_runs:
            self.run(set(active), Objective.COST)
        return self.cost_runs[key]

    def feasible(self, active: set[str], policy: Policy | None = None) -> bool:
        _, res = self.run(active, policy=policy)
        return res.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    # --- questions by year (the diagnosis of a year plan) --------------------------------------
    def feasible_without(
        self, off: frozenset[tuple[str, int]], dropped: frozenset[int] = frozenset()
    ) -> bool:
        """True when a plan exists with the (flag, year) rows off and the per-system rules dropped."""
        _, res = self.solve(
            ModelOptions(objective=Objective.FEASIBILITY, off=off, dropped_system_rules=dropped)
        )
        return res.status is SolveStatus.OPTIMAL


#: A vendor whose LP cost in some year is at least (1 − NEAR_SHARE) × its cap starts with its rows
#: (lazy vendor-share rows, :func:`initial_vendor_rows`). Tight on purpose: a row that does not
#: bind in the MIP still slows it (the 12-pool county's 阿里云, at 95.5 % of its cap in the LP and
#: never broken, adds 1–2 s to a 5–9 s solve).
NEAR_SHARE = 0.02


# --- lazy vendor-share rows: where the loop of solve starts -------------------------------------
def initial_vendor_rows(
    inp: PlanInput,
    policy: Policy,
    options: ModelOptions,
    cms: Sequence[CostModel] | None = None,
) -> frozenset[tuple[int, str]]:
    """(year index, vendor) rows to start the lazy loop with: those of every vendor near its cap
    in some year of the LP relaxation of the model with every row.

    Empty when the LP has no solution (the MIP then finds out why, as before)."""
    every = frozenset(
        (t, v) for t in range(len(plan_rows(inp)[0])) for v in inp.vendors
    )  # every row, on the routes: the model the lazy rows are a part of
    bm = build_model(inp, policy, replace(options, vendor_rows=every), cms=cms)
    if bm.routes.no_path or bm.num_routes == 0:
        return frozenset()
    x = _lp_values(bm)
    if x is None:
        return frozenset()
    vendors = np.array(list(inp.vendors) + [""], dtype=object)
    vendor = vendors[route_vendor(bm)]  # −1 off the platforms: ''
    return near_binding(bm.routes.cost, vendor, x, policy.max_vendor_share, inp.vendors)


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


def _lp_values(bm: BuiltModel) -> np.ndarray | None:
    """Route values of the model's LP relaxation (None: no optimal LP solution)."""
    h = make_highs()
    bm.model.pass_to_highs(h, integral=False)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().col_value, dtype=float)[: bm.num_routes]


def vendor_share_broken(bm: BuiltModel, values: np.ndarray) -> frozenset[tuple[int, str]]:
    """(year index, vendor) vendor-share rows the solution breaks by more than a fen (each vendor's
    and each year's cost exact: the vendor terms of that year included, planner.terms)."""
    chosen = chosen_routes(bm, values)
    vidx = route_vendor(bm)[chosen]
    cost = bm.routes.cost[chosen]
    terms = route_vendor_terms(bm, chosen)
    share = bm.policy.max_vendor_share
    out = set()
    for t in range(bm.num_years):
        adjust = {vt.vendor: vt.adjustment for vt in terms[t]}
        total = float(cost[:, t].sum()) + sum(adjust.values())
        for vi, v in enumerate(bm.inp.vendors):
            spent = float(cost[vidx[:, t] == vi, t].sum()) + adjust.get(v, 0.0)
            if spent - share * total > 0.01:
                out.add((t, v))
    return frozenset(out)


__all__ = [
    "NEAR_SHARE",
    "Resolver",
    "initial_vendor_rows",
    "near_binding",
    "no_plan",
    "vendor_share_broken",
]
