"""Why a system sits on its platform when a cheaper one is allowed: the rule that binds.

The plan is optimal, so moving one system to its cheapest allowed platform while leaving every
other system where it is gives a cheaper assignment that must break some rule; that rule, with
its numbers, is what a user needs to hear ("移到 X 每年省 ¥12,000，但会使 X 的份额达到 43%，超过
上限 40%"). One exact re-solve with the system forced onto that platform (ModelOptions.fixed)
then says what keeping every rule would cost: the extra annual cost, or — when no plan exists
with it there — the minimal set of rules that conflict (deletion filter, planner.diagnose).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from planner.costing import CostModel, cost_model_for
from planner.diagnose import minimal_conflict, rule_keys
from planner.extract import extract_assignments
from planner.labels import pct, yuan
from planner.model import Assignment, Plan, PlanInput, Platform, SolveStatus, Workload
from planner.resolve import Resolver
from planner.rules import (
    CAPACITY_PREFIX,
    broken_rules,
    capacity_platform,
    platform_loads,
    rule_name,
    system_rule_key,
)
from planner.terms import assignment_rule_broken, has_vendor_terms, vendor_terms
from planner.text import Msg, bi, join

#: A platform cheaper by less than this many 元 a year is a tie, not a cheaper platform.
TIE = 0.005


@dataclass(frozen=True, slots=True)
class ChoiceExplanation:
    """Why one system is on its platform, in terms of the rule that keeps it off a cheaper one."""

    workload: Workload
    """The system asked about."""
    chosen: Platform
    """Its platform in the plan."""
    cheapest: Platform | None
    """Its cheapest allowed platform; None when the chosen one is the cheapest (or tied)."""
    saving: float
    """The system's own annual cost on chosen − on cheapest, 元 (0 when cheapest is None)."""
    broken: tuple[str, ...] = ()
    """Rule keys the plan would break with only this system moved to cheapest (registry order)."""
    forced_status: SolveStatus | None = None
    """Outcome of the re-solve with the system forced onto cheapest under every rule."""
    forced_cost: float | None = None
    """Optimal annual cost of that re-solve, 元; None when it has no plan."""
    extra_cost: float | None = None
    """forced_cost − the plan's annual cost, 元/年; None when the forced re-solve has no plan."""
    conflict: tuple[str, ...] = ()
    """When no plan has the system on cheapest: a minimal set of rules that forbids it."""
    binding: str | None = None
    """The ONE rule named as the reason (a rule key, capacity:<vendor>/<platform> for capacity)."""
    message: Msg = Msg("")
    """The explanation, Chinese with English carried (planner.text.Msg)."""
    resolves: int = 0
    """Exact re-solves it took."""


def _effect(key: str, moved: Plan) -> Msg:
    """What moving the system does to rule `key`, with the numbers (moved: the plan after the move)."""
    pol = moved.policy
    if key == "max_vendor_share":
        shares = moved.vendor_shares
        vendor = max(shares, key=lambda v: shares[v])
        return bi(
            "会使 {v} 的份额达到 {s}，超过上限 {cap}",
            "would push {v}'s share of the cost to {s}, above the cap of {cap}",
            v=vendor,
            s=pct(shares[vendor]),
            cap=pct(pol.max_vendor_share),
        )
    if key == "min_xinchuang_share":
        return bi(
            "会使信创占比降到 {s}，低于下限 {m}",
            "would lower the 信创 share to {s}, below the minimum of {m}",
            s=pct(moved.xinchuang_share),
            m=pct(pol.min_xinchuang_share),
        )
    if key == "min_vendors":
        return bi(
            "会使使用的供应商减少到 {n} 家，少于要求的 {m} 家",
            "would cut the vendors used to {n}, fewer than the required {m}",
            n=moved.vendors_used,
            m=pol.min_vendors,
        )
    if key == "budget_annual":
        return bi(
            "会使年度费用达到 {c}，超过年度预算 {b}",
            "would bring the annual cost to {c}, above the budget of {b}",
            c=yuan(moved.total_annual_cost),
            b=yuan(pol.budget_annual or 0.0),
        )
    if key.startswith(CAPACITY_PREFIX):
        vendor, name = capacity_platform(key)
        load = platform_loads(moved).get((vendor, name), 0.0)
        cap = next(
            a.platform.capacity_vcpu for a in moved.assignments if a.platform.key == (vendor, name)
        )
        return bi(
            "会使平台 {p} 的负载达到 {l:g} vCPU，超过容量 {c:g} vCPU",
            "would load platform {p} with {l:g} vCPU, above its capacity of {c:g} vCPU",
            p=f"{vendor}/{name}",
            l=load,
            c=cap or 0.0,
        )
    inp = moved.cost_model.input if moved.cost_model is not None else None
    return bi("会违反{r}", "would break the {r}", r=rule_name(key, inp))


def _workload_index(cm: CostModel, workload: Workload | str | int) -> int:
    if isinstance(workload, int):
        return workload
    name = workload if isinstance(workload, str) else workload.name
    for i, wl in enumerate(cm.workloads):
        if wl.name == name:
            return i
    raise KeyError(f"no system named {name!r} in the plan's input")


def explain_choice(
    plan: Plan,
    workload: Workload | str | int,
    inp: PlanInput | None = None,
    solver: str = "highs",
) -> ChoiceExplanation:
    """Why `workload` (object, name or index) is on its platform in `plan` and not a cheaper one.

    inp is needed only when the plan carries no cost model (plan.cost_model is None).
    """
    if not plan.has_solution:
        raise ValueError("explain_choice needs a plan (the problem is infeasible)")
    if inp is not None:
        cm = cost_model_for(plan, inp)
    elif isinstance(plan.cost_model, CostModel) and plan.cost_model.policy == plan.policy:
        cm = plan.cost_model
    else:
        raise ValueError("the plan carries no cost model: pass its PlanInput")
    w = _workload_index(cm, workload)
    a = plan.assignments[w]
    chosen = cm.platform_index[a.platform.key]
    costs = np.where(cm.eligible[w], cm.total[w], np.inf)
    q = int(np.argmin(costs))
    saving = float(cm.total[w, chosen] - cm.total[w, q])
    wl, here = cm.workloads[w], cm.platforms[chosen]
    if q == chosen or saving <= TIE:
        return ChoiceExplanation(
            wl,
            here,
            None,
            0.0,
            message=bi(
                "{p} 是 {name} 最便宜的可选平台。",
                "{p} is the cheapest platform {name} may use.",
                p=here.label,
                name=wl.name,
            ),
        )
    there = cm.platforms[q]
    assignments = tuple(
        Assignment(wl, there, cm.breakdown(w, q)) if i == w else x
        for i, x in enumerate(plan.assignments)
    )
    moved = replace(
        plan,
        assignments=assignments,
        infeasibility=None,
        vendor_terms=vendor_terms(cm, assignments),
        cost_model=cm,
    )
    where = {a.workload.name: a.platform for a in assignments}
    broken = tuple(broken_rules(moved, plan.policy)) + tuple(  # and the per-system rules it breaks
        system_rule_key(i)
        for i, r in enumerate(cm.input.system_rules)
        if assignment_rule_broken(cm.input, r, where)
    )
    head = bi(
        "{name} 移到 {p} 每年省 {s}",
        "Moving {name} to {p} would save {s} a year",
        name=wl.name,
        p=there.label,
        s=yuan(saving),
    )

    policy = plan.policy
    rs = Resolver(cm.input, policy, solver, cms=[cm], fixed={w: q})
    keys = rule_keys(cm, policy)
    bm, res = rs.cheapest(set(keys))
    base = plan.total_annual_cost
    if res.x_values is not None:
        forced = float(bm.cost[res.x_values > 0.5].sum())
        if has_vendor_terms(cm.input):  # + the vendors' tiers, minimums and setup fees (exact rule)
            forced += sum(
                t.adjustment for t in vendor_terms(cm, extract_assignments(bm, res.x_values))
            )
        extra = forced - base
        binding = broken[0] if broken else None
        msg: Msg
        if binding is None:
            msg = bi(
                "{h}，且不违反任何规则（当前方案未被证明最优，可重新求解）。",
                "{h} without breaking any rule (the plan is not proven optimal; solve again).",
                h=head,
            )
        else:
            msg = bi(
                "{h}，但{e}。在满足全部规则的前提下把它移过去，须调整其他系统，整体方案每年多花 {x}。",
                "{h}, but it {e}. Keeping every rule with it there means moving other systems, which costs {x} more a year overall.",
                h=head,
                e=_effect(binding, moved),
                x=yuan(max(extra, 0.0)),
            )
        return ChoiceExplanation(
            wl, here, there, saving, broken, res.status, forced, extra, (), binding, msg, rs.count
        )

    conflict = tuple(minimal_conflict(rs, keys)) if res.proven_infeasible else ()
    binding = None
    if "budget_annual" in conflict:
        _, free = rs.cheapest(set(keys) - {"budget_annual"})
        if free.objective is not None:
            binding = "budget_annual"
            over = float(free.objective)
            because = (
                bi(
                    "，但{e}；要满足该规则须调整其他系统",
                    ", but it {e}; keeping that rule means moving other systems",
                    e=_effect(broken[0], moved),
                )
                if broken
                else Msg("")
            )
            msg = bi(
                "{h}{b}，整体年度费用将达到 {c}，超过年度预算 {bud}（超出 {o}）。",
                "{h}{b}, and the annual cost would reach {c}, above the budget of {bud} ({o} over).",
                h=head,
                b=because,
                c=yuan(over),
                bud=yuan(policy.budget_annual or 0.0),
                o=yuan(over - (policy.budget_annual or 0.0)),
            )
    if binding is None:
        in_both = [k for k in conflict if k in broken]
        binding = (
            in_both[0]
            if in_both
            else (conflict[0] if conflict else (broken[0] if broken else None))
        )
        names = join((rule_name(k, cm.input) for k in conflict), "、", ", ")
        if binding is not None and binding in broken:
            # the effect names the binding rule; the parenthesis names only the rules it conflicts with
            others = [k for k in conflict if k != binding]
            if others:
                msg = bi(
                    "{h}，但{e}；无论怎样调整其他系统都无法满足（与之冲突的规则：{n}）。",
                    "{h}, but it {e}, and no arrangement of the other systems fixes that (it conflicts with: {n}).",
                    h=head,
                    e=_effect(binding, moved),
                    n=join((rule_name(k, cm.input) for k in others), "、", ", "),
                )
            else:
                msg = bi(
                    "{h}，但{e}；无论怎样调整其他系统都无法满足。",
                    "{h}, but it {e}, and no arrangement of the other systems fixes that.",
                    h=head,
                    e=_effect(binding, moved),
                )
        elif conflict:
            msg = bi(
                "{h}，但这样在全部规则下没有可行方案（冲突规则：{n}）。",
                "{h}, but then no plan obeys every rule (rules in conflict: {n}).",
                h=head,
                n=names,
            )
        else:
            msg = bi(
                "{h}，但在求解时间内未找到满足全部规则的安排。",
                "{h}, but no arrangement obeying every rule was found in time.",
                h=head,
            )
    return ChoiceExplanation(
        wl, here, there, saving, broken, res.status, None, None, conflict, binding, msg, rs.count
    )


__all__ = ["ChoiceExplanation", "explain_choice"]
