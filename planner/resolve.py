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

from planner.build import build_model, plan_rows
from planner.costing import CostModel, year_cost_models
from planner.milp import YEAR_FLAGS, BuiltModel, ModelOptions, Objective
from planner.model import PlanInput, Policy, Progress, SolveStatus
from planner.rules import RELAXABLE_RULES, capacity_key, system_rule_key
from planner.solvers import SolveResult, solve_model


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


__all__ = ["Resolver", "no_plan"]
