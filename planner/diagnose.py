"""Why a problem has no plan, in plain Chinese, and the least change of each rule that fixes it.

Everything here is decided by exact re-solves of the same MILP with some rule families
switched off (a deletion filter finds a minimal set of rules that conflict), so every
statement is checked, not guessed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from planner.build import build_model
from planner.costing import CostModel
from planner.extract import extract_assignments
from planner.labels import DATA_CLASS_LABELS, pct_down, pct_up, yuan
from planner.milp import BuiltModel, ModelOptions, Objective
from planner.model import Diagnosis, Plan, PlanInput, Policy, Progress, SolveStatus
from planner.rules import (
    CAPACITY_PREFIX,
    RELAXABLE_RULES,
    SYSTEM_RULE_PREFIX,
    broken_rules,
    capacity_key,
    capacity_platform,
    least_budget,
    round_budget,
    rule,
    rule_name,
    system_rule_key,
)
from planner.solvers import SolveResult, solve_model
from planner.terms import assignment_rule_broken, vendor_terms
from planner.text import Msg, bi, join, pair

#: Relaxation search precision, as a fraction of the rule's range (issue: within 0.5 %).
SHARE_TOLERANCE = 0.002


# --- (a) systems with nowhere to go -------------------------------------------------------------
def explain_unplaceable(
    cm: CostModel, workloads: Sequence[int] | np.ndarray, lang: str = "zh"
) -> list[Msg]:
    """One sentence per workload without any eligible platform, naming the rule per platform.

    The sentences carry both languages (:class:`planner.text.Msg`); `lang` is kept for callers
    that passed it and has no effect.
    """
    out: list[Msg] = []
    for w in workloads:
        wl = cm.workloads[int(w)]
        demands: list[Msg] = []
        if wl.data_class.sensitive and cm.policy.sensitive_data_private:
            demands.append(
                bi(
                    "数据分级为{c}，只能部署在私有云",
                    "{c} data, private cloud only",
                    c=pair(DATA_CLASS_LABELS, wl.data_class),
                )
            )
        if wl.mlps_level >= 2:
            demands.append(bi("等保{n}级", "MLPS level {n}", n=wl.mlps_level))
        if wl.xinchuang_required:
            demands.append(Msg("须信创", "信创 required"))
        parts = [
            join((r.msg() for r in cm.reasons(int(w), p)), "；", "; ")
            for p in range(len(cm.platforms))
        ]
        head = bi("{name}：没有任何平台可以部署", "{name}: no platform can host it", name=wl.name)
        if demands:
            head = bi("{h}（{d}）", "{h} ({d})", h=head, d=join(demands, "，", ", "))
        out.append(bi("{h}。{p}。", "{h}. {p}.", h=head, p=join(parts, "；", "; ")))
    return out


# --- (b), (c) rules that conflict ----------------------------------------------------------------
def rule_keys(cm: CostModel, policy: Policy) -> list[str]:
    """Keys of the active relaxable rules (registry order), then each platform capacity that can bind."""
    keys = [r.key for r in RELAXABLE_RULES if r.is_active(policy)]
    for j, p in enumerate(cm.platforms):
        if p.capacity_vcpu is not None:
            need = cm.pair_vcpu[cm.eligible[:, j], j].sum()
            if need > p.capacity_vcpu:
                keys.append(capacity_key(p.vendor, p.name))
    keys += [system_rule_key(i) for i in range(len(cm.input.system_rules))]
    return keys


def _options(
    cm: CostModel, active: set[str], objective: Objective = Objective.FEASIBILITY, **kw: Any
) -> ModelOptions:
    uncapped = frozenset(
        j
        for j, p in enumerate(cm.platforms)
        if p.capacity_vcpu is not None and capacity_key(p.vendor, p.name) not in active
    )
    flags: dict[str, Any] = {r.option: r.key in active for r in RELAXABLE_RULES if r.option}
    dropped = frozenset(
        i for i in range(len(cm.input.system_rules)) if system_rule_key(i) not in active
    )
    return ModelOptions(
        objective=objective,
        capacity=True,
        uncapped_platforms=uncapped,
        dropped_system_rules=dropped,
        **flags,
        **kw,
    )


class Resolver:
    """Exact re-solves of the plan model under a set of active rules."""

    def __init__(
        self,
        cm: CostModel,
        policy: Policy,
        solver: str,
        progress: Progress | None,
        fixed: Mapping[int, int] | None = None,
    ) -> None:
        self.cm, self.policy, self.solver, self.progress = cm, policy, solver, progress
        self.fixed = dict(fixed or {})
        self.count = 0
        #: (active rules, objective) → the last COST re-solve, reused for the fallback plan
        self.cost_runs: dict[frozenset[str], tuple[BuiltModel, SolveResult]] = {}

    def run(
        self,
        active: set[str],
        objective: Objective = Objective.FEASIBILITY,
        policy: Policy | None = None,
        **kw: Any,
    ) -> tuple[BuiltModel, SolveResult]:
        self.count += 1
        if self.fixed:
            kw.setdefault("fixed", self.fixed)
        bm = build_model(self.cm, policy or self.policy, _options(self.cm, active, objective, **kw))
        res = solve_model(bm, self.solver, None, self.progress)
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

    @property
    def cancelled(self) -> bool:
        return self.progress is not None and self.progress.cancelled


def minimal_conflict(rs: Resolver, keys: list[str]) -> list[str]:
    """Deletion filter: a set of rules that cannot all hold, none of which can be dropped."""
    active = set(keys)
    for key in keys:
        if rs.cancelled:
            break
        trial = active - {key}
        if not rs.feasible(trial):
            active = trial  # still infeasible without it: not part of this conflict
    return [k for k in keys if k in active]


def _rule_name(key: str, cm: CostModel | None = None) -> Msg:
    return rule_name(key, cm.input if cm is not None else None)


def _rule_value_text(key: str, policy: Policy, cm: CostModel) -> Msg:
    if key.startswith(SYSTEM_RULE_PREFIX):
        return Msg("已设置", "set")
    if key.startswith(CAPACITY_PREFIX):
        return rule(key).value_text(current_value(key, policy, cm))
    r = rule(key)
    return r.value_text(r.value(policy))


def current_value(key: str, policy: Policy, cm: CostModel) -> float:
    """The value a relaxable rule key has now (0 for a budget without cap)."""
    if key.startswith(CAPACITY_PREFIX):
        return float(cm.input.platform(*capacity_platform(key)).capacity_vcpu or 0.0)
    value = rule(key).value(policy)
    return float(value or 0.0)


def _least_budget(rs: Resolver, key: str, keys: list[str]) -> float | None:
    _, res = rs.cheapest(set(keys) - {key})
    return None if res.objective is None else least_budget(res.objective)


def _most_xinchuang(rs: Resolver, key: str, keys: list[str]) -> float | None:
    if rs.cm.has_perf_factors:  # the share's denominator (vCPU bought) depends on the plan: bisect
        return _bisect(rs, key, keys)
    _, res = rs.run(set(keys) - {key}, Objective.MAX_XINCHUANG)
    if res.objective is None:
        return None
    total = float(rs.cm.vcpu.sum())
    share = res.objective / total if total > 0 else 0.0
    return math.floor(share * 1e6) / 1e6


def _most_vendors(rs: Resolver, key: str, keys: list[str]) -> float | None:
    _, res = rs.run(set(keys) - {key}, Objective.MAX_VENDORS)
    return None if res.objective is None else float(int(round(res.objective)))


def _least_capacity(rs: Resolver, key: str, keys: list[str]) -> float | None:
    j = rs.cm.platform_index[capacity_platform(key)]
    _, res = rs.run(set(keys) - {key}, Objective.MIN_PLATFORM_VCPU, target_platform=j)
    if res.objective is None:
        return None
    return math.ceil(round(res.objective * 100, 6)) / 100  # vCPU, up to 0.01


def _bisect(rs: Resolver, key: str, keys: list[str]) -> float | None:
    """Least relaxation of a share rule by bisection on feasibility (within SHARE_TOLERANCE)."""
    r = rule(key)
    if not rs.feasible(set(keys) - {key}):
        return None
    loose = float(r.off_value)
    tight = float(r.value(rs.policy))  # tight infeasible, loose feasible
    while abs(loose - tight) > SHARE_TOLERANCE and not rs.cancelled:
        mid = (loose + tight) / 2
        if rs.feasible(set(keys), policy=r.with_value(rs.policy, mid)):
            loose = mid
        else:
            tight = mid
    return round(loose, 6)


#: How each relaxable rule's least relaxation is found: an exact optimisation where one exists,
#: else bisection on feasibility toward the rule's off value (the registry's relax direction).
RELAXERS = {
    "budget_annual": _least_budget,
    "min_xinchuang_share": _most_xinchuang,
    "min_vendors": _most_vendors,
    "max_vendor_share": _bisect,
    "capacity": _least_capacity,
}


def _drop_system_rule(rs: Resolver, key: str, keys: list[str]) -> float | None:
    """A per-system rule is relaxed only by dropping it: 0.0 when that alone gives a plan."""
    return 0.0 if rs.feasible(set(keys) - {key}) else None


def smallest_relaxation(rs: Resolver, key: str, keys: list[str]) -> float | None:
    """Least value of rule `key` alone (others as in `keys`) that makes a plan possible
    (for a per-system rule: 0.0 when dropping it alone is enough, else None)."""
    if key.startswith(SYSTEM_RULE_PREFIX):
        return _drop_system_rule(rs, key, keys)
    r = rule(key)
    return RELAXERS.get(r.key, _bisect)(rs, key, keys)


def _with(policy: Policy, **changes: object) -> Policy:
    from dataclasses import replace

    return replace(policy, **changes)  # type: ignore[arg-type]


def relaxation_text(key: str, value: float | None, policy: Policy, cm: CostModel) -> Msg:
    name, now = _rule_name(key, cm), _rule_value_text(key, policy, cm)
    if key.startswith(SYSTEM_RULE_PREFIX):
        if value is None:
            return bi(
                "仅取消{name}无法得到可行方案。",
                "Dropping {name} alone does not give a feasible plan.",
                name=name,
            )
        return bi("取消{name}即可得到可行方案。", "Drop {name} to get a feasible plan.", name=name)
    r = rule(key)
    if value is None:
        return bi(
            "仅放宽{name}（现为 {now}）无法得到可行方案。",
            "Relaxing the {name} alone (now {now}) does not give a feasible plan.",
            name=name,
            now=now,
        )
    if r.key == "budget_annual":
        extra = value - (policy.budget_annual or 0.0)
        text = bi(
            "把年度预算提高到 {v}（现为 {now}，需增加 {extra}）即可得到可行方案。",
            "Raise the annual budget to {v} (now {now}, {extra} more) to get a feasible plan.",
            v=yuan(value),
            now=now,
            extra=yuan(extra),
        )
        request = round_budget(value)
        if request - value > 0.005:
            text = bi(
                "{t}申请预算时可向上取整到千元：{r}。",
                "{t} Rounded up to whole thousands for a budget request: {r}.",
                t=text,
                r=yuan(request),
            )
        return text
    if r.key == "min_xinchuang_share":
        return bi(
            "在其余规则下信创占比最高只能达到 {v}；将信创最低占比降至 {v}（现为 {now}）即可。",
            "Under the other rules the 信创 share can reach at most {v}; lower the minimum 信创 share to {v} (now {now}).",
            v=pct_down(value),
            now=now,
        )
    if r.key == "min_vendors":
        return bi(
            "在其余规则下最多只能使用 {v} 家供应商；将最少供应商数降至 {v}（现为 {now}）即可。",
            "Under the other rules at most {v} vendors can be used; lower the minimum number of vendors to {v} (now {now}).",
            v=int(value),
            now=now,
        )
    if r.key == "max_vendor_share":
        return bi(
            "将单一供应商最高占比放宽至 {v}（现为 {now}）即可得到可行方案。",
            "Raise the maximum vendor share to {v} (now {now}) to get a feasible plan.",
            v=pct_up(value),
            now=now,
        )
    if r.key == "capacity":
        return bi(
            "{name}需至少 {v:g} vCPU（现为 {now}）。",
            "The {name} must be at least {v:g} vCPU (now {now}).",
            name=name,
            v=value,
            now=now,
        )
    return bi("{name}: {v}", "{name}: {v}", name=name, v=value)


def diagnose_infeasible(
    inp: PlanInput,
    cm: CostModel,
    policy: Policy | None = None,
    solver: str = "highs",
    progress: Progress | None = None,
    fallback: bool = True,
) -> Diagnosis:
    """Explain an infeasible problem: unplaceable systems, conflicting rules, least relaxations.

    With fallback (default) also the cheapest plan under the other rules (Diagnosis.fallback):
    the budget's least-relaxation solve already is that plan, so it usually costs no re-solve.
    """
    policy = policy or cm.policy
    diag = Diagnosis()
    no_home = np.nonzero(~cm.eligible.any(axis=1))[0]
    if len(no_home):
        diag.messages = explain_unplaceable(cm, no_home)
        diag.unplaceable = [cm.workloads[int(w)].name for w in no_home]
        return diag
    rs = Resolver(cm, policy, solver, progress)
    keys = rule_keys(cm, policy)
    diag.rules = list(keys)
    conflict = minimal_conflict(rs, keys)
    diag.conflict = conflict
    diag.resolves = rs.count
    if rs.cancelled:
        diag.messages.append(Msg("分析已取消。", "Analysis cancelled."))
        return diag
    if len(conflict) == 1:
        key = conflict[0]
        diag.messages.append(
            # a conflict of one rule: no plan meets it even with every other rule set aside
            # (not "the budget itself is wrong", as the old wording read)
            bi(
                "即使放开其他所有规则，{name}（现为 {v}）也无法满足。",
                "Even with every other rule set aside, the {name} (now {v}) cannot be met.",
                name=_rule_name(key, cm),
                v=_rule_value_text(key, policy, cm),
            )
        )
    elif conflict:
        named = join(
            (
                bi(
                    "{n}（{v}）",
                    "{n} ({v})",
                    n=_rule_name(k, cm),
                    v=_rule_value_text(k, policy, cm),
                )
                for k in conflict
            ),
            "、",
            "; ",
        )
        diag.messages.append(
            bi(
                "以下规则无法同时满足：{named}。",
                "These rules cannot all hold: {named}.",
                named=named,
            )
        )
    for key in conflict:
        if rs.cancelled:
            break
        value = smallest_relaxation(rs, key, keys)
        diag.relaxations[key] = value
        if key == "budget_annual" and value is not None:
            diag.min_budget = value
        diag.messages.append(relaxation_text(key, value, policy, cm))
    if fallback and not rs.cancelled:
        _cheapest_under_the_others(rs, diag, keys)
    diag.resolves = rs.count
    if not conflict:
        diag.messages.append(
            Msg(
                "求解器判定无可行方案，但逐条放宽规则未能定位冲突；请检查输入数据。",
                "The solver found no feasible plan, but relaxing the rules one at a time did not locate the conflict; please check the input data.",
            )
        )
    return diag


def _cheapest_under_the_others(rs: Resolver, diag: Diagnosis, keys: list[str]) -> None:
    """Diagnosis.fallback: the cost-optimal plan with one conflicting rule dropped, the rest kept."""
    fixable = [k for k in diag.conflict if diag.relaxations.get(k) is not None]
    if not fixable:
        return
    dropped = "budget_annual" if "budget_annual" in fixable else fixable[0]
    bm, res = rs.cheapest(set(keys) - {dropped})
    if res.x_values is None:
        return
    assignments = extract_assignments(bm, res.x_values)
    plan = Plan(
        res.status,
        assignments=assignments,
        vendor_terms=vendor_terms(rs.cm, assignments),
        policy=rs.policy,
        solver=rs.solver,
        mip_gap=res.gap,
        solve_seconds=res.seconds,
        build_seconds=bm.build_seconds,
        cost_model=rs.cm,
    )
    violated = broken_rules(plan, rs.policy)
    where = {a.workload.name: a.platform for a in plan.assignments}
    for i, r in enumerate(rs.cm.input.system_rules):  # per-system rules the fallback breaks
        if assignment_rule_broken(rs.cm.input, r, where):
            violated.append(system_rule_key(i))
    diag.fallback, diag.dropped, diag.violated = plan, dropped, violated
