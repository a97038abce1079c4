"""Lock-in and sovereignty analysis: the numbers a county defends its plan with.

Every figure is an exact re-solve of the plan model (docs/DESIGN.md §2) with one thing changed: a
vendor removed, a rule switched off, a rule moved along a grid, or a scenario's policy. The
expensive part, the :class:`~planner.costing.CostModel`, is built once per distinct
(horizon, data-protection) pair and shared by all re-solves, and sweep points whose answer
follows from an earlier solve (a value the optimum without the rule, or at a looser value, already
obeys; the policy's own value, which the base plan answers) are filled in without solving.

Conventions
-----------
* Vendor-loss tests and trade-off sweeps leave the budget out: they measure what a change
  costs, so a cost above the budget is reported (``within_budget = False``) rather than
  hidden behind "infeasible". Rule prices and scenarios keep every other rule.
* The "cheapest, no rules" baseline drops the budget, the 信创 share, the vendor cap and the
  minimum vendor count; eligibility (MLPS, 须信创, core/important data on private cloud) and
  platform capacities still hold, since they are law or physics rather than policy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from planner import rules as _rules
from planner.costing import CostModel
from planner.diagnose import current_value, diagnose_infeasible, relaxation_text
from planner.extract import extract_assignments, extract_plan
from planner.labels import pct, yuan
from planner.milp import BuiltModel, ModelOptions, Objective
from planner.model import (
    Plan,
    PlanInput,
    Policy,
    Progress,
    SolveStatus,
    YearsSpec,
    is_multi_year,
    year_xinchuang_target,
)
from planner.optimize import solve
from planner.report import plan_summary
from planner.resolve import Resolver
from planner.solvers import SolveResult
from planner.terms import has_vendor_terms, system_rule_text, vendor_terms
from planner.text import Msg, bi, join

#: Rules whose price is measured by switching them off (from the rule registry).
PRICED_RULES: tuple[str, ...] = _rules.PRICED_RULES
#: Grid of the vendor share cap sweep.
VENDOR_SHARE_GRID: tuple[float, ...] = tuple(round(0.2 + 0.1 * i, 2) for i in range(9))
#: Step of the 信创 share sweep (0 … the largest share the other rules allow).
XINCHUANG_STEP = 0.1
#: Default time limit of one sweep point, s: tight vendor caps can take minutes to *prove*
#: optimal; such a point is reported with status "feasible" and the best cost found.
SWEEP_TIME_LIMIT = 1.0
#: Policy keys a scenario may override (every Policy rule of the registry).
SCENARIO_KEYS: tuple[str, ...] = _rules.SCENARIO_KEYS
_TOL = 1e-9
#: Names of the automatic scenarios (the base policy; the cheapest plan without policy rules).
BASE_NAME = Msg("基准方案", "Base plan")
BASELINE_NAME = Msg("最低成本（无规则）", "Cheapest (no policy rules)")


# --- result types -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LockIn:
    """How dependent a plan is on its vendors."""

    max_vendor_share: float
    """Largest share of annual cost one vendor takes, 0–1."""
    hhi: float
    """Herfindahl–Hirschman index of vendor spend, Σ share², 0–1 (1 = one vendor)."""
    vendors_used: int
    """Distinct vendors hosting at least one system."""
    vendor_costs: Mapping[str, float]
    """Annual cost per vendor used, 元."""
    exit_cost: Mapping[str, float]
    """One-time cost of moving every system a vendor hosts elsewhere: Σ migration_cost, 元."""
    exit_years: Mapping[str, float]
    """exit_cost in years of that vendor's annual spend."""
    messages: tuple[Msg, ...] = ()
    """Plain reading of the figures (Chinese strings that carry their English, planner.text.Msg)."""


@dataclass(frozen=True, slots=True)
class VendorLoss:
    """What happens if one vendor drops out (all its platforms removed)."""

    vendor: str
    """The vendor removed."""
    status: SolveStatus
    """Outcome of the re-solve without it (budget left out, see module doc)."""
    total_annual_cost: float | None
    """Optimal annual cost without the vendor, 元; None when no plan exists."""
    delta: float | None
    """Increase over the plan's annual cost, 元; None when no plan exists."""
    within_budget: bool | None
    """Whether the plan without the vendor fits the budget (None: no budget or no plan)."""
    critical: bool
    """True when losing this vendor provably leaves no feasible plan at all."""
    message: Msg = Msg("")
    """Plain sentence (Chinese string carrying its English)."""
    year_costs: tuple[float, ...] | None = None
    """A year plan: each year's cost without the vendor (total_annual_cost is then the present
    value over the horizon, delta the extra present value); None otherwise or without a plan."""

    @property
    def present_value(self) -> float | None:
        """The cost without the vendor over the horizon (折现率 applied; one year: its annual cost)."""
        return self.total_annual_cost

    @property
    def extra(self) -> float | None:
        """What losing the vendor adds to the present value (one year: to the annual cost)."""
        return self.delta


@dataclass(frozen=True, slots=True)
class RulePrice:
    """What one rule costs: the plan re-solved with the rule switched off."""

    rule: str
    """Rule key (min_xinchuang_share, max_vendor_share, min_vendors, sensitive_data_private)."""
    active: bool
    """False when the policy does not impose the rule (its price is 0 without a re-solve)."""
    status: SolveStatus
    """Outcome of the solve without the rule."""
    total_annual_cost_without: float | None
    """Optimal annual cost without the rule, 元."""
    saving: float | None
    """Plan cost − cost without the rule, 元/年; None when either has no plan."""
    message: Msg = Msg("")
    """Plain sentence (Chinese string carrying its English)."""
    name: Msg | None = None
    """Display name for a per-system rule (system_rule:<i>): 固定 协同办公OA 到 移动云; None for the
    policy rules (their registry label). A year plan's prices carry their name always, and their
    costs are present values over the horizon with the rule off in every year."""
    year_costs: tuple[float, ...] | None = None
    """A year plan: each year's cost with the rule off in every year; None otherwise or without
    a plan."""

    @property
    def label(self) -> Msg:
        """The rule's name as priced."""
        return self.name if self.name is not None else _rules.rule_name(self.rule)

    @property
    def present_value(self) -> float | None:
        """The cost without the rule over the horizon (one year: its annual cost)."""
        return self.total_annual_cost_without


@dataclass(frozen=True, slots=True)
class TradeoffPoint:
    """The optimum at one value of a swept rule."""

    value: float
    """Value of the rule at this point."""
    status: SolveStatus
    """Outcome (infeasible when no plan obeys the rules at this value)."""
    total_annual_cost: float | None
    """Optimal annual cost, 元."""
    within_budget: bool | None
    """Whether that cost fits the budget (None: no budget or no plan)."""
    solved: bool = True
    """False when the point was inferred from another solve (no re-solve of its own)."""
    timed_out: bool = False
    """True when the time limit decided the status (feasible, or no plan found but none proven)."""


@dataclass(frozen=True, slots=True)
class Tradeoff:
    """A cost frontier: the optimal cost as one rule moves, the others as in the policy."""

    rule: str
    """The swept rule key."""
    current: float
    """The policy's value of the rule (marked on charts)."""
    points: tuple[TradeoffPoint, ...]
    """Points in increasing value."""


@dataclass(frozen=True, slots=True)
class Relaxation:
    """The least change of one rule alone that makes a plan possible."""

    rule: str
    """Rule key (budget_annual, min_xinchuang_share, max_vendor_share, min_vendors, capacity:<v>/<p>)."""
    current: float
    """The rule's value now."""
    value: float | None
    """Least value that works with every other rule unchanged; None: this rule alone cannot."""
    message: Msg = Msg("")
    """Plain sentence (Chinese string carrying its English)."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named set of policy overrides (from the 情景 sheet)."""

    name: str
    """Scenario name."""
    overrides: Mapping[str, Any] = field(default_factory=dict)
    """Policy key → value; budget_annual may be None for "no cap"."""

    def policy(self, base: Policy) -> Policy:
        """The base policy with this scenario's overrides."""
        return replace(base, **dict(self.overrides))


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """One column of the scenario comparison."""

    name: str
    """Scenario name (for the automatic ones a Msg: 基准方案 / 最低成本（无规则）, with English)."""
    kind: str
    """base | baseline | sheet."""
    policy: Policy
    """The policy solved under."""
    status: SolveStatus
    """Outcome."""
    total_annual_cost: float | None
    """Annual cost, 元."""
    xinchuang_share: float | None
    """Share of vCPU on 信创, 0–1."""
    max_vendor_share: float | None
    """Largest vendor share, 0–1."""
    hhi: float | None
    """HHI of vendor spend, 0–1."""
    vendors_used: int | None
    """Distinct vendors used."""

    @property
    def feasible(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


@dataclass(frozen=True, slots=True)
class AnalysisReport:
    """Everything :func:`analyze` found."""

    plan: Plan
    """The plan under the base policy (or its diagnosis)."""
    lockin: LockIn | None
    """Lock-in metrics of the plan; None when there is no plan."""
    vendor_loss: tuple[VendorLoss, ...]
    """One per vendor the plan uses."""
    rule_prices: tuple[RulePrice, ...]
    """One per rule of PRICED_RULES."""
    tradeoffs: Mapping[str, Tradeoff]
    """max_vendor_share, min_xinchuang_share, min_vendors → frontier."""
    relaxations: tuple[Relaxation, ...]
    """When infeasible: one per relaxable active rule."""
    scenarios: tuple[ScenarioResult, ...]
    """Base policy, the cheapest-no-rules baseline, then the sheet's scenarios."""
    resolves: int
    """How many solver calls the analysis made (the base solve included)."""
    seconds: float
    """Wall time of the analysis."""
    cancelled: bool = False
    """True when the user stopped it; the report holds what was done until then."""
    messages: tuple[Msg, ...] = ()
    """Headline findings (Chinese strings that carry their English)."""

    def __repr__(self) -> str:
        return (
            f"AnalysisReport(status={self.plan.status.value}, vendor_loss={len(self.vendor_loss)}, "
            f"rule_prices={len(self.rule_prices)}, relaxations={len(self.relaxations)}, "
            f"scenarios={len(self.scenarios)}, resolves={self.resolves}, seconds={self.seconds:.2f})"
        )


# --- metrics ------------------------------------------------------------------------------------
def hhi(vendor_costs: Mapping[str, float]) -> float:
    """Herfindahl–Hirschman index of spend shares, 0–1 (0 when nothing is spent)."""
    total = sum(vendor_costs.values())
    if total <= 0:
        return 0.0
    return float(sum((c / total) ** 2 for c in vendor_costs.values()))


def lockin_metrics(plan: Plan) -> LockIn:
    """Lock-in figures of a plan: largest share, HHI, vendors used, exit cost per vendor."""
    costs = plan.vendor_costs
    exit_cost: dict[str, float] = dict.fromkeys(costs, 0.0)
    for a in plan.assignments:
        exit_cost[a.platform.vendor] += a.workload.migration_cost
    years = {v: (exit_cost[v] / costs[v] if costs[v] > 0 else 0.0) for v in costs}
    shares = plan.vendor_shares
    index = hhi(costs)
    messages: list[Msg] = []
    if shares:
        top = max(shares, key=lambda v: shares[v])
        messages.append(
            bi(
                "最大供应商 {top} 占年度费用 {share}；供应商集中度 HHI = {hhi:.3f}（相当于 {n:.1f} 家等额供应商）。",
                "The largest vendor, {top}, takes {share} of the annual cost; vendor concentration "
                "HHI = {hhi:.3f} (as concentrated as {n:.1f} equal-sized vendors).",
                top=top,
                share=pct(shares[top]),
                hhi=index,
                n=1 / index,
            )
            if index > 0
            else bi("最大供应商 {top}。", "Largest vendor: {top}.", top=top)
        )
        worst = max(exit_cost, key=lambda v: exit_cost[v])
        if exit_cost[worst] > 0:
            messages.append(
                bi(
                    "迁出 {v} 的一次性费用为 {cost}，相当于其 {years:.1f} 年的费用。",
                    "Moving every system off {v} would cost {cost} once, equal to {years:.1f} years of spending with it.",
                    v=worst,
                    cost=yuan(exit_cost[worst]),
                    years=years[worst],
                )
            )
    return LockIn(
        plan.max_vendor_share, index, plan.vendors_used, costs, exit_cost, years, tuple(messages)
    )


# --- re-solving ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Outcome:
    status: SolveStatus
    total_annual_cost: float | None = None
    vendor_costs: Mapping[str, float] = field(default_factory=dict)
    xinchuang_share: float = 0.0
    proven_infeasible: bool = False

    @property
    def has_solution(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @property
    def optimal(self) -> bool:
        return self.status is SolveStatus.OPTIMAL

    @property
    def max_vendor_share(self) -> float:
        total = sum(self.vendor_costs.values())
        return (
            max((c / total for c in self.vendor_costs.values()), default=0.0) if total > 0 else 0.0
        )

    @property
    def vendors_used(self) -> int:
        return len(self.vendor_costs)


def _plan(rs: Resolver, policy: Policy) -> Plan:
    """The base solve as a full Plan; no diagnosis yet (the analysis runs its own, once)."""
    rs.count += 1
    return solve(
        rs.inp,
        rs.solver,
        rs.time_limit,
        rs.progress,
        diagnose=False,
        policy=policy,
        cost_model=rs.cost_model(policy),
    )


def _outcome(
    rs: Resolver,
    policy: Policy,
    excluded_vendor: str | None = None,
    time_limit: float | None = None,
    dropped_rules: frozenset[int] = frozenset(),
) -> _Outcome:
    """Optimal cost and its metrics under policy (a vendor's platforms removed, if given; the
    per-system rules of PlanInput.system_rules at indices dropped_rules left out).

    Identical questions (same policy, vendor, time limit and dropped rules) are answered once; an
    answer proven (optimal, or no plan) under one time limit is the answer under any other (a
    trade-off point and a scenario of the same policy share one solve).
    """
    memo_key = ("outcome", policy, excluded_vendor, time_limit, dropped_rules)
    proven_key = ("outcome", policy, excluded_vendor, "proven", dropped_rules)
    for key in (proven_key, memo_key):
        found = rs.answers.get(key)
        if isinstance(found, _Outcome):
            return found
    cm = rs.cost_model(policy)
    excluded = frozenset(j for j, p in enumerate(cm.platforms) if p.vendor == excluded_vendor)
    eligible = cm.eligible.copy()
    if excluded:
        eligible[:, sorted(excluded)] = False
    if len(cm.workloads) and not eligible.any(axis=1).all():
        oc = _Outcome(SolveStatus.INFEASIBLE, proven_infeasible=True)
    else:
        oc = _measure(
            cm,
            *rs.solve(
                ModelOptions(excluded_platforms=excluded, dropped_system_rules=dropped_rules),
                policy,
                time_limit=time_limit,
            ),
        )
    if oc.status is not SolveStatus.CANCELLED:
        rs.answers[memo_key] = oc
    if oc.optimal or (oc.status is SolveStatus.INFEASIBLE and oc.proven_infeasible):
        rs.answers[proven_key] = oc
    return oc


def _measure(cm: CostModel, bm: BuiltModel, res: SolveResult) -> _Outcome:
    """The figures of a plain plan's re-solve: its cost, each vendor's, its 信创 share."""
    if res.x_values is None or res.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return _Outcome(res.status, proven_infeasible=res.proven_infeasible)
    chosen = np.nonzero(res.x_values > 0.5)[0]
    costs: dict[str, float] = {}
    xc_vcpu = 0.0
    for k in chosen:
        j = int(bm.pair_p[k])
        vendor = cm.platforms[j].vendor
        costs[vendor] = costs.get(vendor, 0.0) + float(bm.cost[k])
        if cm.platform_xinchuang[j]:
            xc_vcpu += float(cm.vcpu[bm.pair_w[k]])
    total_vcpu = float(cm.vcpu.sum())
    total = float(bm.cost[chosen].sum())
    if has_vendor_terms(cm.input) or cm.has_perf_factors:  # tiers, minimums, setup fees, 性能系数
        assignments = extract_assignments(bm, res.x_values)
        for t in vendor_terms(cm, assignments):
            costs[t.vendor] += t.adjustment
            total += t.adjustment
        xc_vcpu = sum(a.vcpu for a in assignments if a.platform.xinchuang)
        total_vcpu = sum(a.vcpu for a in assignments)
    return _Outcome(
        res.status,
        total,
        costs,
        xc_vcpu / total_vcpu if total_vcpu > 0 else 0.0,
    )


def _max_xinchuang_share(rs: Resolver, policy: Policy) -> float | None:
    """Largest 信创 share the other rules (budget left out) allow; None when none is feasible."""
    cm = rs.cost_model(policy)
    pol = replace(policy, min_xinchuang_share=0.0, budget_annual=None)
    if cm.has_perf_factors:  # vCPU bought depends on the plan: bisect on feasibility (to 0.1 %)
        return _bisect_xinchuang(rs, pol)
    _, res = rs.solve(ModelOptions(objective=Objective.MAX_XINCHUANG), pol)
    if res.objective is None:
        return None
    total = float(cm.vcpu.sum())
    return math.floor((res.objective / total if total > 0 else 0.0) * 1e6) / 1e6


def _bisect_xinchuang(rs: Resolver, pol: Policy) -> float | None:
    def feasible(share: float) -> bool:
        _, res = rs.solve(
            ModelOptions(objective=Objective.FEASIBILITY), replace(pol, min_xinchuang_share=share)
        )
        return res.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    if not feasible(0.0):
        return None
    lo, hi = 0.0, 1.0
    if feasible(1.0):
        return 1.0
    while hi - lo > 1e-3 and not rs.cancelled:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if feasible(mid) else (lo, mid)
    return math.floor(lo * 1e6) / 1e6


# --- the analysis -------------------------------------------------------------------------------
def _within(cost: float | None, budget: float | None) -> bool | None:
    if cost is None or budget is None:
        return None
    return cost <= budget * (1 + 1e-9) + 1e-6


def _vendor_loss(rs: Resolver, plan: Plan, policy: Policy) -> list[VendorLoss]:
    vendors = rs.inp.vendors
    base_cost = plan.total_annual_cost
    out: list[VendorLoss] = []
    used = sorted(plan.vendor_costs, key=lambda v: -plan.vendor_costs[v])
    for i, vendor in enumerate(used):
        if rs.cancelled:
            break
        rs.stage(
            bi(
                "供应商退出测试：{v}（{i}/{n}）…",
                "Vendor loss test: {v} ({i}/{n})…",
                v=vendor,
                i=i + 1,
                n=len(used),
            )
        )
        left = len(vendors) - 1
        pol = replace(policy, budget_annual=None, min_vendors=max(1, min(policy.min_vendors, left)))
        oc = _outcome(rs, pol, excluded_vendor=vendor)
        if oc.has_solution:
            assert oc.total_annual_cost is not None
            delta = oc.total_annual_cost - base_cost
            within = _within(oc.total_annual_cost, policy.budget_annual)
            msg = bi(
                "若 {v} 退出，每年需多花 {delta}（年度费用 {cost}）",
                "If {v} drops out, the plan costs {delta} more a year (annual cost {cost})",
                v=vendor,
                delta=yuan(delta),
                cost=yuan(oc.total_annual_cost),
            )
            if within is False:
                over = yuan(oc.total_annual_cost - (policy.budget_annual or 0.0))
                msg = bi("{m}，超出预算 {over}", "{m}, {over} over budget", m=msg, over=over)
            out.append(
                VendorLoss(
                    vendor,
                    oc.status,
                    oc.total_annual_cost,
                    delta,
                    within,
                    False,
                    bi("{m}。", "{m}.", m=msg),
                )
            )
        else:
            msg = bi(
                "若 {v} 退出，在其余规则下没有可行方案——本方案对 {v} 存在锁定风险。",
                "If {v} drops out, no plan meets the other rules: this plan is locked in to {v}.",
                v=vendor,
            )
            if oc.status is SolveStatus.CANCELLED:
                msg = bi("{v} 退出测试已取消。", "Vendor loss test for {v} cancelled.", v=vendor)
            elif not oc.proven_infeasible:
                msg = bi(
                    "{v} 退出测试在求解时间限制内未找到方案，也未证明无解；可延长时间限制后重试。",
                    "Vendor loss test for {v}: no plan was found within the solver time limit, "
                    "but it was not proven that none exists; try again with a longer time limit.",
                    v=vendor,
                )
            out.append(VendorLoss(vendor, oc.status, None, None, None, oc.proven_infeasible, msg))
    return out


def _rule_off(policy: Policy, rule: str) -> Policy:
    return _rules.rule(rule).switched_off(policy)


def _rule_active(policy: Policy, rule: str) -> bool:
    return _rules.rule(rule).is_active(policy)


def _rule_prices(
    rs: Resolver, plan: Plan, policy: Policy
) -> tuple[list[RulePrice], dict[str, _Outcome]]:
    out: list[RulePrice] = []
    outcomes: dict[str, _Outcome] = {}
    base_cost = plan.total_annual_cost if plan.has_solution else None
    for rule in PRICED_RULES:
        if rs.cancelled:
            break
        name = _rules.rule_name(rule)
        if not _rule_active(policy, rule):
            out.append(
                RulePrice(
                    rule,
                    False,
                    plan.status,
                    base_cost,
                    0.0 if base_cost is not None else None,
                    bi(
                        "未设置{name}，不产生费用。",
                        "The rule “{name}” is not set, so it costs nothing.",
                        name=name,
                    ),
                )
            )
            continue
        rs.stage(
            bi("计算规则代价：{name}…", "Working out what each rule costs: {name}…", name=name)
        )
        off = _rule_off(policy, rule)
        oc = _outcome(rs, replace(off, budget_annual=None))
        outcomes[rule] = oc
        cost = oc.total_annual_cost
        saving = base_cost - cost if base_cost is not None and cost is not None else None
        if saving is not None:
            saving = (
                max(0.0, saving) if oc.optimal and plan.status is SolveStatus.OPTIMAL else saving
            )
            msg = bi(
                "{name}每年花费 {saving}（取消该规则后年度费用为 {cost}）。",
                "The rule “{name}” costs {saving} a year (without it the annual cost is {cost}).",
                name=name,
                saving=yuan(saving),
                cost=yuan(cost or 0.0),
            )
        elif cost is not None:
            if not _within(cost, policy.budget_annual) and policy.budget_annual is not None:
                msg = bi(
                    "取消{name}后可得到方案，年度费用 {cost}。（仍超出预算）",
                    "Without the rule “{name}” a plan exists, at an annual cost of {cost} (still over budget).",
                    name=name,
                    cost=yuan(cost),
                )
            else:
                msg = bi(
                    "取消{name}后可得到方案，年度费用 {cost}。",
                    "Without the rule “{name}” a plan exists, at an annual cost of {cost}.",
                    name=name,
                    cost=yuan(cost),
                )
        else:
            msg = bi(
                "取消{name}后仍没有可行方案。",
                "Even without the rule “{name}” there is no feasible plan.",
                name=name,
            )
        out.append(RulePrice(rule, True, oc.status, cost, saving, msg))
    out.extend(_system_rule_prices(rs, plan, policy))
    return out, outcomes


def _system_rule_prices(rs: Resolver, plan: Plan, policy: Policy) -> list[RulePrice]:
    """Each per-system rule (指定规则) priced by dropping it alone: 固定 协同办公OA 到 移动云 每年多花 ¥x."""
    out: list[RulePrice] = []
    base_cost = plan.total_annual_cost if plan.has_solution else None
    for i, r in enumerate(rs.inp.system_rules):
        if rs.cancelled:
            break
        text = system_rule_text(r)
        rs.stage(
            bi("计算规则代价：{name}…", "Working out what each rule costs: {name}…", name=text)
        )
        oc = _outcome(rs, replace(policy, budget_annual=None), dropped_rules=frozenset({i}))
        cost = oc.total_annual_cost
        saving = base_cost - cost if base_cost is not None and cost is not None else None
        if saving is not None:
            if oc.optimal and plan.status is SolveStatus.OPTIMAL:
                saving = max(0.0, saving)
            msg = bi(
                "{r} 每年多花 {saving}（取消该规则后年度费用为 {cost}）。",
                "“{r}” costs {saving} a year more (without it the annual cost is {cost}).",
                r=text,
                saving=yuan(saving),
                cost=yuan(cost or 0.0),
            )
        elif cost is not None:
            msg = bi(
                "取消“{r}”后可得到方案，年度费用 {cost}。",
                "Without “{r}” a plan exists, at an annual cost of {cost}.",
                r=text,
                cost=yuan(cost),
            )
        else:
            msg = bi(
                "取消“{r}”后仍没有可行方案。",
                "Even without “{r}” there is no feasible plan.",
                r=text,
            )
        out.append(RulePrice(_rules.system_rule_key(i), True, oc.status, cost, saving, msg, text))
    return out


def _point(value: float, oc: _Outcome, budget: float | None, solved: bool = True) -> TradeoffPoint:
    timed_out = oc.status is SolveStatus.FEASIBLE or (
        not oc.has_solution and not oc.proven_infeasible
    )
    return TradeoffPoint(
        value,
        oc.status if oc.has_solution else SolveStatus.INFEASIBLE,
        oc.total_annual_cost,
        _within(oc.total_annual_cost, budget),
        solved,
        timed_out,
    )


def _sweep(
    rs: Resolver,
    policy: Policy,
    rule: str,
    values_loose_to_tight: Sequence[float],
    free: _Outcome | None,
    obeys: Callable[[_Outcome, float], bool],
    set_value: Callable[[Policy, float], Policy],
    known: Mapping[float, _Outcome],
    sweep_time_limit: float | None,
    uncapped: frozenset[Policy] = frozenset(),
) -> list[TradeoffPoint]:
    """Optimal cost at each value (given loosest first); shortcuts are exact (see module doc).

    free is the optimum with the rule switched off; known maps values to optima already found
    (the base plan at the policy's own value); a point whose policy is in uncapped (a scenario
    asks the same question later, with no sweep cap) is solved without the sweep cap, and the
    scenario takes its answer.
    """
    budget = policy.budget_annual
    points: list[TradeoffPoint] = []
    looser = free  # the optimum at the last looser value solved (first: the rule off)
    for value in values_loose_to_tight:
        if rs.cancelled:
            break
        if looser is not None and looser.optimal and obeys(looser, value):
            # an optimum at a looser value (or without the rule) already obeys this value: it is
            # an optimum here too (the plans allowed here are among those allowed there)
            points.append(_point(value, looser, budget, solved=False))
            continue
        if value in known and known[value].optimal:
            points.append(_point(value, known[value], budget, solved=False))
            looser = known[value]
            continue
        point = set_value(policy, value)
        limit = None if point in uncapped else sweep_time_limit
        oc = _outcome(rs, point, time_limit=limit)
        points.append(_point(value, oc, budget))
        if oc.optimal:
            looser = oc
    return sorted(points, key=lambda p: p.value)


def _tradeoffs(
    rs: Resolver,
    policy: Policy,
    free: dict[str, _Outcome],
    base: _Outcome | None,
    sweep_time_limit: float | None,
    uncapped: frozenset[Policy] = frozenset(),
) -> dict[str, Tradeoff]:
    out: dict[str, Tradeoff] = {}
    no_budget = replace(policy, budget_annual=None)
    limit = sweep_time_limit

    def known(value: float) -> dict[float, _Outcome]:
        # the base optimum (budget met, so not binding) is the no-budget optimum at its value
        return {value: base} if base is not None else {}

    def free_of(rule: str) -> _Outcome | None:
        # the optimum with this rule off (budget left out), from the rule-price solves; when the
        # policy does not impose the rule, the base optimum is that optimum
        if rule in free:
            return free[rule]
        return base if base is not None and not _rule_active(policy, rule) else None

    # vendor share cap: 1.0 is loosest
    rs.stage(Msg("权衡曲线：单一供应商最高占比…", "Trade-off curve: maximum vendor share…"))
    grid = sorted(set(VENDOR_SHARE_GRID) | {round(policy.max_vendor_share, 6)}, reverse=True)
    pts = _sweep(
        rs,
        no_budget,
        "max_vendor_share",
        grid,
        free_of("max_vendor_share"),
        lambda oc, v: oc.max_vendor_share <= v + _TOL,
        lambda pol, v: replace(pol, max_vendor_share=float(v)),
        known(round(policy.max_vendor_share, 6)),
        limit,
        uncapped,
    )
    out["max_vendor_share"] = Tradeoff("max_vendor_share", policy.max_vendor_share, tuple(pts))

    # 信创 share: 0 is loosest, up to the largest share the other rules allow
    if not rs.cancelled:
        rs.stage(
            Msg(
                "权衡曲线：信创最低占比…",
                "Trade-off curve: minimum share on 信创 (domestic stack) platforms…",
            )
        )
        top = _max_xinchuang_share(rs, no_budget)
        if top is None:
            grid = sorted({0.0, round(policy.min_xinchuang_share, 6)})
        else:
            n = int(math.floor(top / XINCHUANG_STEP + 1e-9))
            grid = sorted(
                {round(i * XINCHUANG_STEP, 6) for i in range(n + 1)}
                | {top}
                | {round(policy.min_xinchuang_share, 6)}
            )
        pts = _sweep(
            rs,
            no_budget,
            "min_xinchuang_share",
            grid,
            free_of("min_xinchuang_share"),
            lambda oc, v: oc.xinchuang_share >= v - _TOL,
            lambda pol, v: replace(pol, min_xinchuang_share=float(v)),
            known(round(policy.min_xinchuang_share, 6)),
            limit,
            uncapped,
        )
        out["min_xinchuang_share"] = Tradeoff(
            "min_xinchuang_share", policy.min_xinchuang_share, tuple(pts)
        )

    # minimum vendor count: 1 is loosest
    if not rs.cancelled:
        rs.stage(Msg("权衡曲线：最少供应商数…", "Trade-off curve: minimum number of vendors…"))
        grid = list(range(1, max(len(rs.inp.vendors), policy.min_vendors) + 1))
        pts = _sweep(
            rs,
            no_budget,
            "min_vendors",
            grid,
            free_of("min_vendors"),
            lambda oc, v: oc.vendors_used >= v,
            lambda pol, v: replace(pol, min_vendors=int(v)),
            known(policy.min_vendors),
            limit,
            uncapped,
        )
        out["min_vendors"] = Tradeoff(
            "min_vendors",
            float(policy.min_vendors),
            tuple(replace(p, value=float(p.value)) for p in pts),
        )
    return out


def _relaxations(rs: Resolver, plan: Plan, policy: Policy) -> tuple[list[Relaxation], Plan]:
    """Least relaxation of each rule alone, via the diagnosis' exact re-solves.

    Returns the relaxations and the plan with the diagnosis' messages (the engine's wording).
    """
    cm = rs.cost_model(policy)
    if plan.diagnosis or not cm.eligible.any(axis=1).all():
        # systems with nowhere to go (already explained), or not proven infeasible (time limit)
        return [], plan
    rs.stage(
        Msg(
            "无可行方案：计算各规则的最小放宽量…",
            "No feasible plan: finding the smallest relaxation of each rule…",
        )
    )
    diag = diagnose_infeasible(rs.inp, cm, policy, rs.solver, rs.progress)
    rs.count += diag.resolves
    plan = replace(
        plan, diagnosis=tuple(diag.messages), min_budget=diag.min_budget, infeasibility=diag
    )
    out: list[Relaxation] = []
    for key in diag.rules:
        value = diag.relaxations.get(key) if key in diag.conflict else None
        out.append(
            Relaxation(
                key,
                current_value(key, policy, cm),
                value,
                relaxation_text(key, value, policy, cm),
            )
        )
    return out, plan


def _scenario_result(name: str, kind: str, policy: Policy, oc: _Outcome) -> ScenarioResult:
    if not oc.has_solution:
        return ScenarioResult(
            name,
            kind,
            policy,
            SolveStatus.INFEASIBLE if oc.status is not SolveStatus.CANCELLED else oc.status,
            None,
            None,
            None,
            None,
            None,
        )
    return ScenarioResult(
        name,
        kind,
        policy,
        oc.status,
        oc.total_annual_cost,
        oc.xinchuang_share,
        oc.max_vendor_share,
        hhi(oc.vendor_costs),
        oc.vendors_used,
    )


def _plan_outcome(plan: Plan) -> _Outcome:
    if not plan.has_solution:
        return _Outcome(plan.status)
    return _Outcome(plan.status, plan.total_annual_cost, plan.vendor_costs, plan.xinchuang_share)


def analyze(
    inp: PlanInput,
    solver: str = "highs",
    progress: Progress | None = None,
    scenarios: Sequence[Scenario] = (),
    time_limit: float | None = None,
    sweep_time_limit: float | None = SWEEP_TIME_LIMIT,
    plan: Plan | None = None,
) -> AnalysisReport:
    """Lock-in metrics, vendor-loss tests, rule prices, trade-off curves, relaxations, scenarios;
    for a year plan (年度计划) each vendor's loss and each rule's price over the horizon.

    time_limit applies to every re-solve (None: each solve to proven optimality);
    sweep_time_limit additionally caps each trade-off point (None: no extra cap). plan: a year
    plan already solved for inp (the app's), analysed without solving it again.
    """
    started = time.perf_counter()
    if is_multi_year(inp):
        return _analyze_years(inp, solver, progress, time_limit, started, plan)
    rs = Resolver(inp, solver=solver, progress=progress or Progress(), time_limit=time_limit)
    policy = inp.policy
    rs.stage(Msg("求解基准方案…", "Solving the base plan…"), 0.0)
    plan = _plan(rs, policy)
    lockin = lockin_metrics(plan) if plan.has_solution else None

    vendor_loss: list[VendorLoss] = []
    relaxations: list[Relaxation] = []
    if plan.has_solution:
        vendor_loss = _vendor_loss(rs, plan, policy)
    elif plan.status is SolveStatus.INFEASIBLE and not rs.cancelled:
        relaxations, plan = _relaxations(rs, plan, policy)
    rule_prices, free = ([], {}) if rs.cancelled else _rule_prices(rs, plan, policy)
    base = _plan_outcome(plan)
    base_known = base if plan.status is SolveStatus.OPTIMAL else None
    asked = frozenset(sc.policy(policy) for sc in scenarios)  # the sheet's questions, uncapped
    tradeoffs = (
        {} if rs.cancelled else _tradeoffs(rs, policy, free, base_known, sweep_time_limit, asked)
    )

    results: list[ScenarioResult] = [_scenario_result(BASE_NAME, "base", policy, base)]
    if not rs.cancelled:
        rs.stage(bi("情景对比：{name}…", "Scenarios: {name}…", name=BASELINE_NAME))
        baseline = policy
        for r in _rules.MODEL_RULES:  # every policy rule of the MILP off (budget included)
            if r.field is not None:
                baseline = r.switched_off(baseline)
        results.append(
            _scenario_result(BASELINE_NAME, "baseline", baseline, _outcome(rs, baseline))
        )
    for i, sc in enumerate(scenarios):
        if rs.cancelled:
            break
        rs.stage(
            bi(
                "情景对比：{name}（{i}/{n}）…",
                "Scenarios: {name} ({i}/{n})…",
                name=sc.name,
                i=i + 1,
                n=len(scenarios),
            )
        )
        pol = sc.policy(policy)
        results.append(_scenario_result(sc.name, "sheet", pol, _outcome(rs, pol)))

    messages = _headlines(plan, lockin, vendor_loss, rule_prices, relaxations)
    return AnalysisReport(
        plan=plan,
        lockin=lockin,
        vendor_loss=tuple(vendor_loss),
        rule_prices=tuple(rule_prices),
        tradeoffs=tradeoffs,
        relaxations=tuple(relaxations),
        scenarios=tuple(results),
        resolves=rs.count,
        seconds=time.perf_counter() - started,
        cancelled=rs.cancelled,
        messages=tuple(messages),
    )


# --- a year plan -------------------------------------------------------------------------------
def _year_optimum(
    rs: Resolver, inp: PlanInput, policy: Policy, options: ModelOptions | None = None
) -> Plan:
    """A re-solve of a year plan by the re-solve engine (its cost models shared, its lazy
    vendor-share rows as planner.optimize.solve's), as a Plan; a cancel reaches it."""
    bm, res = rs.optimum(options or ModelOptions(), policy, inp)
    if res.status is SolveStatus.CANCELLED or rs.cancelled:
        return Plan(SolveStatus.CANCELLED, policy=policy)
    if res.x_values is None or res.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return Plan(res.status, policy=policy)
    return extract_plan(bm, res.x_values, res.status, solver=rs.solver, mip_gap=res.gap)


def year_resolver(
    inp: PlanInput, plan: Plan, solver: str = "highs", progress: Progress | None = None
) -> Resolver:
    """The re-solve engine of a year plan's analysis (shared by its vendor loss and rule prices)."""
    return Resolver(inp, plan.policy, solver=solver, progress=progress)


def _step(progress: Progress | None, text: Msg, i: int, n: int, span: tuple[float, float]) -> bool:
    """Report re-solve i of n within span of the whole job; False once cancelled."""
    if progress is None:
        return True
    if progress.cancelled:
        return False
    progress.stage(
        bi("{t}（{i}/{n}）", "{t} ({i}/{n})", t=text, i=i, n=n),
        span[0] + (span[1] - span[0]) * (i - 1) / max(n, 1),
    )
    return True


def year_vendor_loss(
    inp: PlanInput,
    plan: Plan,
    solver: str = "highs",
    progress: Progress | None = None,
    span: tuple[float, float] = (0.0, 1.0),
    resolver: Resolver | None = None,
) -> list[VendorLoss]:
    """A year plan without each vendor it uses in some year: none of the vendor's platforms in a
    year a system is free to choose (systems held there by a contract or 保持不动 stay).

    As for one year, the budgets are not imposed (a tight budget would make almost every answer
    "no plan" and hide the figure) and the minimum number of vendors is capped at the vendors
    left; no figures means no plan even so (the other rules, or a contract that holds a system on
    that vendor). The figures are present values (折现率 applied) and each year's cost. progress
    (optional) gets one stage per re-solve within span and cancels: the vendors done so far are
    returned. resolver: the re-solve engine to use (default: a new one, :func:`year_resolver`)."""
    rs = resolver or year_resolver(inp, plan, solver, progress)
    used = {a.platform.vendor for yp in plan.periods for a in yp.assignments}
    spec = inp.years
    free = (
        inp
        if spec is None
        else replace(
            inp, years=replace(spec, years=tuple(replace(r, budget=None) for r in spec.years))
        )
    )
    out: list[VendorLoss] = []
    todo = [v for v in inp.vendors if v in used]
    for i, vendor in enumerate(todo, start=1):
        if not _step(
            progress,
            bi("供应商退出测试：不用「{v}」", "Vendor loss: without '{v}'", v=vendor),
            i,
            len(todo),
            span,
        ):
            break
        excluded = frozenset(j for j, p in enumerate(inp.platforms) if p.vendor == vendor)
        left = len({p.vendor for p in inp.platforms if p.vendor != vendor})
        policy = replace(
            plan.policy, budget_annual=None, min_vendors=max(1, min(plan.policy.min_vendors, left))
        )
        alt = _year_optimum(rs, free, policy, ModelOptions(excluded_platforms=excluded))
        if alt.status is SolveStatus.CANCELLED:
            break
        if alt.status is SolveStatus.OPTIMAL:
            pv = alt.present_value
            out.append(
                VendorLoss(
                    vendor,
                    alt.status,
                    pv,
                    pv - plan.present_value,
                    None,
                    False,
                    year_costs=alt.year_costs,
                )
            )
        else:
            out.append(
                VendorLoss(
                    vendor, alt.status, None, None, None, alt.status is SolveStatus.INFEASIBLE
                )
            )
    return out


def _year_price_case(
    r: _rules.Rule, inp: PlanInput, policy: Policy
) -> tuple[PlanInput, Policy, ModelOptions] | None:
    """(input, policy, options) of a year plan with rule r off in every year; None when the plan
    does not impose it."""
    spec = inp.years
    assert spec is not None
    if r.acts is _rules.Acts.ROUTES:  # moving at most once: allow any number of moves
        if spec.allow_multiple_moves:
            return None
        return (
            replace(inp, years=YearsSpec(spec.years, spec.discount_rate, True)),
            policy,
            ModelOptions(),
        )
    if r.field is not None and r.year_field is not None:  # a 约束 value and its year column
        if not any(year_xinchuang_target(row, policy) > 0 for row in spec.years):
            return None
        rows = tuple(replace(row, **{r.year_field: r.off_value}) for row in spec.years)
        return replace(inp, years=replace(spec, years=rows)), r.switched_off(policy), ModelOptions()
    if r.field is not None:  # a 约束 value for every year
        if not r.is_active(policy):
            return None
        return inp, r.switched_off(policy), ModelOptions()
    # a year column only (the move caps): the rows of its family off in every year
    assert r.option is not None
    family = [q for q in _rules.RULES if q.option == r.option and q.year_field]
    if not any(getattr(row, q.year_field or "") is not None for row in spec.years for q in family):
        return None
    options = ModelOptions()
    setattr(options, r.option, False)
    return inp, policy, options


def year_rule_prices(
    inp: PlanInput,
    plan: Plan,
    solver: str = "highs",
    progress: Progress | None = None,
    span: tuple[float, float] = (0.0, 1.0),
    resolver: Resolver | None = None,
) -> list[RulePrice]:
    """What each rule of a year plan costs over the horizon (present value), switched off in every
    year with every other rule kept (the budgets too): the rules of the registry the analysis
    prices (planner.rules.YEAR_PRICED_RULES), then each per-system rule of the 指定规则 sheet
    ('system_rule:<i>'). progress (optional) gets one stage per re-solve within span and
    cancels: the rules done so far are returned. resolver: the re-solve engine to use (default:
    a new one, :func:`year_resolver`)."""
    rs = resolver or year_resolver(inp, plan, solver, progress)
    pol = plan.policy
    cases: list[tuple[str, Msg, PlanInput, Policy, ModelOptions]] = []
    for key in _rules.YEAR_PRICED_RULES:
        r = _rules.rule(key)
        case = _year_price_case(r, inp, pol)
        if case is not None:
            cases.append((r.year_name, r.price_label or r.label, *case))
    for i in range(len(inp.system_rules)):  # each per-system rule, dropped in every year
        key = _rules.system_rule_key(i)
        cases.append(
            (
                key,
                _rules.rule_name(key, inp),
                inp,
                pol,
                ModelOptions(dropped_system_rules=frozenset({i})),
            )
        )
    out: list[RulePrice] = []
    for i, (key, name, case_inp, case_pol, options) in enumerate(cases, start=1):
        if not _step(
            progress,
            bi("规则代价：放开「{r}」", "Rule price: without '{r}'", r=name),
            i,
            len(cases),
            span,
        ):
            break
        try:
            alt = _year_optimum(rs, case_inp, case_pol, options)
        except ValueError:  # too many routes with multiple moves: not priced
            continue
        if alt.status is SolveStatus.CANCELLED:
            break
        if alt.status is SolveStatus.OPTIMAL:
            pv = alt.present_value
            out.append(
                RulePrice(
                    key,
                    True,
                    alt.status,
                    pv,
                    plan.present_value - pv,
                    name=name,
                    year_costs=alt.year_costs,
                )
            )
        else:
            out.append(RulePrice(key, True, alt.status, None, None, name=name))
    return out


def _analyze_years(
    inp: PlanInput,
    solver: str,
    progress: Progress | None,
    time_limit: float | None,
    started: float,
    plan: Plan | None = None,
) -> AnalysisReport:
    """A year plan's analysis: the plan, each vendor's loss and each rule's price over the horizon."""
    progress = progress or Progress()
    count = 0
    if plan is None:
        progress.stage(Msg("求解分年计划…", "Solving the year plan…"), 0.0)
        plan = solve(inp, solver=solver, time_limit=time_limit, progress=progress)
        count = 1
    loss: list[VendorLoss] = []
    prices: list[RulePrice] = []
    if plan.has_solution and not progress.cancelled:
        progress.stage(
            Msg(
                "供应商退出测试（分年，每家供应商重新求解一次）…",
                "Vendor loss (year plan, one re-solve per vendor)…",
            ),
            0.05,
        )
        rs = year_resolver(inp, plan, solver, progress)
        loss = year_vendor_loss(inp, plan, solver, progress, span=(0.05, 0.5), resolver=rs)
        progress.stage(
            Msg(
                "规则代价（分年，每条规则重新求解一次）…",
                "Rule prices (year plan, one re-solve per rule)…",
            ),
            0.5,
        )
        prices = year_rule_prices(inp, plan, solver, progress, span=(0.5, 0.98), resolver=rs)
        count += rs.count
    return AnalysisReport(
        plan=plan,
        lockin=None,
        vendor_loss=tuple(loss),
        rule_prices=tuple(prices),
        tradeoffs={},
        relaxations=(),
        scenarios=(),
        resolves=count,
        seconds=time.perf_counter() - started,
        cancelled=progress.cancelled,
    )


def rule_label(rule: str) -> Msg:
    """Name of a rule key, including capacity:<vendor>/<platform> (Chinese, carrying English)."""
    if rule.startswith(_rules.CAPACITY_PREFIX):
        return bi("{n}", "the {n}", n=_rules.rule_name(rule))
    return _rules.rule_name(rule)


def _headlines(
    plan: Plan,
    lockin: LockIn | None,
    vendor_loss: Sequence[VendorLoss],
    rule_prices: Sequence[RulePrice],
    relaxations: Sequence[Relaxation],
) -> list[Msg]:
    out: list[Msg] = []
    if lockin is not None:
        out.extend(lockin.messages)
    critical = [v.vendor for v in vendor_loss if v.critical]
    if critical:
        out.append(
            bi(
                "锁定风险：失去 {vs} 中任何一家将没有可行方案。",
                "Lock-in risk: losing {vs} would leave no feasible plan."
                if len(critical) == 1
                else "Lock-in risk: losing any one of {vs} would leave no feasible plan.",
                vs=join(critical, "、", ", "),
            )
        )
    priced = [r for r in rule_prices if r.active and r.saving is not None and r.saving > 0.005]
    if priced:
        top = max(priced, key=lambda r: r.saving or 0.0)
        out.append(
            bi(
                "代价最高的规则是{name}：每年 {saving}。",
                "The costliest rule is “{name}”: {saving} a year.",
                name=_rules.rule_name(top.rule),
                saving=yuan(top.saving or 0.0),
            )
        )
    if not plan.has_solution:
        fixes = [r for r in relaxations if r.value is not None]
        if fixes:
            names = join((rule_label(r.rule) for r in fixes), "、", "; ")
            out.append(
                bi(
                    "无可行方案；单独放宽以下任一规则即可：{names}。",
                    "No feasible plan; relaxing any one of these rules alone is enough: {names}.",
                    names=names,
                )
            )
        elif relaxations:
            out.append(
                Msg(
                    "无可行方案；单独放宽任何一条规则都不够，需要同时放宽多条（见诊断）。",
                    "No feasible plan; relaxing any single rule is not enough, several must be relaxed "
                    "together (see the diagnosis).",
                )
            )
    return out


# --- JSON ---------------------------------------------------------------------------------------
def _r2(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


def _status(s: SolveStatus) -> str:
    return s.value if s in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE) else "infeasible"


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def report_json(report: AnalysisReport) -> dict[str, Any]:
    """The `yunce analyze --json` document (issue 6): costs in 元, shares 0–1; of a year plan: the
    plan's years summary, each vendor's loss and each rule's price over the horizon, as present
    values (折现率 applied)."""
    if report.plan.is_year_plan:
        return {
            "plan": plan_summary(report.plan),
            "vendor_loss": [
                {
                    "vendor": v.vendor,
                    "present_value": _r2(v.total_annual_cost),
                    "extra": _r2(v.delta),
                    "year_costs": None if v.year_costs is None else [_r2(c) for c in v.year_costs],
                }
                for v in report.vendor_loss
            ],
            "rule_prices": [
                {
                    "rule": r.rule,
                    "name": (r.name or _rules.rule_name(r.rule)).zh,
                    "present_value": _r2(r.total_annual_cost_without),
                    "saving": _r2(r.saving),
                }
                for r in report.rule_prices
            ],
        }
    lk = report.lockin
    return {
        "plan": plan_summary(report.plan),
        "lockin": (
            {
                "max_vendor_share": lk.max_vendor_share,
                "hhi": lk.hhi,
                "vendors_used": lk.vendors_used,
                "exit_cost": {v: _r2(c) for v, c in lk.exit_cost.items()},
                "exit_years": {v: y for v, y in lk.exit_years.items()},
            }
            if lk is not None
            else None
        ),
        "vendor_loss": [
            {
                "vendor": v.vendor,
                "status": _status(v.status),
                "total_annual_cost": _r2(v.total_annual_cost),
                "delta": _r2(v.delta),
                "within_budget": v.within_budget,
                "critical": v.critical,
            }
            for v in report.vendor_loss
        ],
        "rule_prices": [
            {
                "rule": r.rule,
                **({"name": str(r.name), "name_en": r.name.en} if r.name is not None else {}),
                "status": _status(r.status),
                "total_annual_cost_without": _r2(r.total_annual_cost_without),
                "saving": _r2(r.saving),
            }
            for r in report.rule_prices
        ],
        "tradeoffs": {
            rule: [
                {
                    "value": _num(p.value),
                    "status": _status(p.status),
                    "total_annual_cost": _r2(p.total_annual_cost),
                }
                for p in t.points
            ]
            for rule, t in report.tradeoffs.items()
        },
        "relaxations": [
            {"rule": r.rule, "value": None if r.value is None else _num(r.value)}
            for r in report.relaxations
        ],
        "scenarios": [
            {
                "name": str(s.name),
                "kind": s.kind,
                "status": _status(s.status),
                "feasible": s.feasible,
                "total_annual_cost": _r2(s.total_annual_cost),
                "xinchuang_share": s.xinchuang_share,
                "max_vendor_share": s.max_vendor_share,
                "hhi": s.hhi,
                "vendors_used": s.vendors_used,
            }
            for s in report.scenarios
        ],
        "resolves": report.resolves,
    }


__all__ = [
    "AnalysisReport",
    "BASELINE_NAME",
    "BASE_NAME",
    "LockIn",
    "PRICED_RULES",
    "Relaxation",
    "RulePrice",
    "Scenario",
    "ScenarioResult",
    "Tradeoff",
    "TradeoffPoint",
    "VendorLoss",
    "analyze",
    "hhi",
    "year_rule_prices",
    "year_vendor_loss",
    "lockin_metrics",
    "report_json",
    "rule_label",
]
