"""Why a problem has no plan, in plain Chinese, and the least change of each rule that fixes it.

Everything here is decided by exact re-solves of the same MILP with some rule families
switched off (planner.resolve, the one re-solve engine), so every statement is checked, not
guessed:

- a plain workbook (:func:`diagnose_infeasible`): the systems that fit nowhere, a minimal set of
  rules that conflict (a deletion filter), each conflicting rule's least relaxation (the
  registry names its search, :data:`RELAXERS`) and the cheapest plan under the other rules;
- a 年度计划 (:func:`diagnose_by_year`): which years cannot meet their own rules; per year and
  rule, with every other rule of every year unchanged, the least budget of that year (and
  whether the 信创 target of that year is what costs it), the most 信创 share the year can
  reach, the fewest moves / least vCPU moved that year, whether switching the year's vendor,
  vendor-count or capacity rule off is enough; per-system rule (指定规则): whether dropping it
  (in every year) is enough. With 性能系数 the most 信创 share a year can reach is found by
  Dinkelbach steps (the share's denominator, the vCPU bought, depends on the plan).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from planner.costing import CostModel
from planner.extract import extract_assignments
from planner.labels import DATA_CLASS_LABELS, pct, pct_down, pct_up, yuan
from planner.milp import YEAR_FLAGS, ModelOptions, Objective
from planner.model import (
    Diagnosis,
    Plan,
    PlanInput,
    Policy,
    Progress,
    SolveStatus,
    YearFinding,
    year_budget,
    year_xinchuang_target,
)
from planner.resolve import Resolver
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
from planner.terms import assignment_rule_broken, route_vcpu, vendor_terms
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
    if (
        rs.cost_model().has_perf_factors
    ):  # the share's denominator (vCPU bought) depends on the plan: bisect
        return _bisect(rs, key, keys)
    _, res = rs.run(set(keys) - {key}, Objective.MAX_XINCHUANG)
    if res.objective is None:
        return None
    total = float(rs.cost_model().vcpu.sum())
    share = res.objective / total if total > 0 else 0.0
    return math.floor(share * 1e6) / 1e6


def _most_vendors(rs: Resolver, key: str, keys: list[str]) -> float | None:
    _, res = rs.run(set(keys) - {key}, Objective.MAX_VENDORS)
    return None if res.objective is None else float(int(round(res.objective)))


def _least_capacity(rs: Resolver, key: str, keys: list[str]) -> float | None:
    j = rs.cost_model().platform_index[capacity_platform(key)]
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


def _drop_system_rule(rs: Resolver, key: str, keys: list[str]) -> float | None:
    """A per-system rule is relaxed only by dropping it: 0.0 when that alone gives a plan."""
    return 0.0 if rs.feasible(set(keys) - {key}) else None


Relaxer = Callable[[Resolver, str, list[str]], "float | None"]
#: The least-relaxation searches the registry names (planner.rules.Rule.relaxation): an exact
#: optimisation where one exists, else bisection on feasibility toward the rule's off value (the
#: registry's relax direction); a per-system rule is dropped.
RELAXATIONS: dict[str, Relaxer] = {
    "least_budget": _least_budget,
    "most_xinchuang": _most_xinchuang,
    "most_vendors": _most_vendors,
    "least_capacity": _least_capacity,
    "bisect": _bisect,
    "drop": _drop_system_rule,
}
#: Rule key → its least-relaxation search, from the registry.
RELAXERS: dict[str, Relaxer] = {
    r.key: RELAXATIONS[r.relaxation or "bisect"] for r in RELAXABLE_RULES + (rule("capacity"),)
}


def smallest_relaxation(rs: Resolver, key: str, keys: list[str]) -> float | None:
    """Least value of rule `key` alone (others as in `keys`) that makes a plan possible
    (for a per-system rule: 0.0 when dropping it alone is enough, else None)."""
    if key.startswith(SYSTEM_RULE_PREFIX):
        return _drop_system_rule(rs, key, keys)
    r = rule(key)
    return RELAXERS.get(r.key, _bisect)(rs, key, keys)


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
    rs = Resolver(cm.input, policy, solver, progress, cms=[cm])
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
        vendor_terms=vendor_terms(rs.cost_model(), assignments),
        policy=rs.policy,
        solver=rs.solver,
        mip_gap=res.gap,
        solve_seconds=res.seconds,
        build_seconds=bm.build_seconds,
        cost_model=rs.cost_model(),
    )
    violated = broken_rules(plan, rs.policy)
    where = {a.workload.name: a.platform for a in plan.assignments}
    for i, r in enumerate(
        rs.cost_model().input.system_rules
    ):  # per-system rules the fallback breaks
        if assignment_rule_broken(rs.cost_model().input, r, where):
            violated.append(system_rule_key(i))
    diag.fallback, diag.dropped, diag.violated = plan, dropped, violated


# --- a year plan, year by year ------------------------------------------------------------------
def _year_answer(
    rs: Resolver, objective: Objective, t: int, off: frozenset[tuple[str, int]], level: float = 0.0
) -> tuple[SolveStatus, float | None, float | None]:
    """(status, objective, 信创 share of the answer in year t) of one year-wise question."""
    bm, res = rs.solve(
        ModelOptions(objective=objective, objective_year=t, off=off, share_level=level)
    )
    share = None
    if res.x_values is not None:
        chosen = np.nonzero(res.x_values[: bm.num_routes] > 0.5)[0]
        v = route_vcpu(bm)[chosen, t]
        xc = np.append(bm.cost_model.platform_xinchuang, [False, False])[bm.routes.loc[chosen, t]]
        share = float(v[xc].sum() / v.sum()) if v.sum() > 0 else 0.0
    return res.status, res.objective, share


def _most_share(rs: Resolver, t: int, off: frozenset[tuple[str, int]]) -> float | None:
    """The most 信创 share year t can reach with the other rules unchanged (Dinkelbach: maximise
    Σ (信创 − q)·vCPU, q ← the share of the answer, until no plan beats q; exact, a few solves)."""
    q = 0.0
    for _ in range(30):
        status, gain, share = _year_answer(rs, Objective.MAX_XINCHUANG, t, off, q)
        if status is not SolveStatus.OPTIMAL or gain is None or share is None:
            return None
        if share <= q + 1e-12 or gain <= 1e-9:
            return max(q, share)
        q = share
    return q


def diagnose_by_year(
    inp: PlanInput,
    policy: Policy | None = None,
    solver: str = "highs",
    cms: list[CostModel] | None = None,
) -> Diagnosis:
    """The diagnosis of a 年度计划 without a plan, year by year (module doc)."""
    policy = policy or inp.policy
    assert inp.years is not None
    rows = inp.years.years
    T = len(rows)
    rs = Resolver(inp, policy, solver, cms=cms)
    diag = Diagnosis()
    # first with every row family off in every year: no cost is involved, so the commercial
    # terms are left out and HiGHS answers at once; when even that has no plan (the routes and
    # the per-system rules conflict), no question below with more rules on needs a solve
    rs.feasible_without(frozenset((f, u) for f in YEAR_FLAGS for u in range(T)))
    for t, row in enumerate(rows):
        others = frozenset((f, u) for f in YEAR_FLAGS for u in range(T) if u != t)
        if not rs.feasible_without(others):
            diag.infeasible_years.append(row.year)
    for t, row in enumerate(rows):
        y = row.year
        budget = year_budget(row, policy)
        target = year_xinchuang_target(row, policy)
        if budget is not None:
            status, cost, _ = _year_answer(rs, Objective.YEAR_COST, t, frozenset({("budget", t)}))
            if (
                status is SolveStatus.OPTIMAL
                and cost is not None
                and least_budget(cost) > budget + 0.005
            ):
                need = least_budget(cost)
                because_target = False
                if (
                    target > 0
                ):  # is it the 信创 target? (this year's and the later years' targets off)
                    off = frozenset({("budget", t)} | {("xinchuang_share", u) for u in range(t, T)})
                    s2, c2, _ = _year_answer(rs, Objective.YEAR_COST, t, off)
                    because_target = (
                        s2 is SolveStatus.OPTIMAL and c2 is not None and c2 <= budget + 0.005
                    )
                if because_target:
                    msg = bi(
                        "{y} 年 信创目标 {p} 需要 {x} 预算，比 {y} 年度预算多 {d}",
                        "In {y} the 信创 target of {p} needs a budget of {x}, {d} more than the {y} budget",
                        y=y,
                        p=Msg(pct(target)),
                        x=Msg(yuan(need)),
                        d=Msg(yuan(need - budget)),
                    )
                else:
                    msg = bi(
                        "{y} 年在其他规则不变时至少需要 {x} 预算，比 {y} 年度预算多 {d}",
                        "In {y} the other rules unchanged need a budget of at least {x}, {d} more than the {y} budget",
                        y=y,
                        x=Msg(yuan(need)),
                        d=Msg(yuan(need - budget)),
                    )
                diag.findings.append(YearFinding(y, "year_budget", budget, need, msg))
        if target > 0:
            off_share = frozenset({("xinchuang_share", t)})
            share: float | None = None
            if any(
                p.perf_factor != 1.0 for p in inp.platforms
            ):  # the denominator depends on the plan
                share = _most_share(rs, t, off_share)
            else:
                status, most, _ = _year_answer(rs, Objective.MAX_XINCHUANG, t, off_share)
                active = sum(
                    w.vcpu for w in inp.workloads if w.retire_year is None or y < w.retire_year
                )
                if status is SolveStatus.OPTIMAL and most is not None and active > 0:
                    share = most / active
            if share is not None:
                if share < target - 1e-9:
                    msg = bi(
                        "{y} 年 信创目标 {p} 达不到：其他规则不变时最多 {q}",
                        "In {y} the 信创 target of {p} cannot be met: at most {q} with the other rules unchanged",
                        y=y,
                        p=Msg(pct(target)),
                        q=Msg(pct_down(share)),
                    )
                    diag.findings.append(YearFinding(y, "year_xinchuang_share", target, share, msg))
        for key, cap, objective in (
            ("max_moves", row.max_moves, Objective.MIN_MOVES),
            ("max_move_vcpu", row.max_move_vcpu, Objective.MIN_MOVE_VCPU),
        ):
            if cap is None:
                continue
            status, least, _ = _year_answer(rs, objective, t, frozenset({("move_caps", t)}))
            if status is SolveStatus.OPTIMAL and least is not None and least > cap + 1e-6:
                value = float(round(least, 6))
                label = (
                    Msg("最多迁移系统数", "most systems moved")
                    if key == "max_moves"
                    else Msg("最多迁移vCPU", "most vCPU moved")
                )
                msg = bi(
                    "{y} 年{r} {c:g} 不够：其他规则不变时至少要迁移 {n:g}",
                    "In {y} the cap '{r}' of {c:g} is too low: at least {n:g} must move with the other rules unchanged",
                    y=y,
                    r=label,
                    c=float(cap),
                    n=value,
                )
                diag.findings.append(YearFinding(y, key, float(cap), value, msg))
    # rules set once for every year (约束): is switching one off in every year enough?
    for flag, key, label in (
        ("vendor_share", "year_vendor_share", Msg("单一供应商最高占比", "maximum vendor share")),
        ("min_vendors", "year_min_vendors", Msg("最少供应商数", "minimum number of vendors")),
        ("capacity", "year_capacity", Msg("平台容量", "platform capacity")),
    ):
        active_rule = {
            "vendor_share": policy.max_vendor_share < 1.0,
            "min_vendors": policy.min_vendors > 1,
            "capacity": any(p.capacity_vcpu is not None for p in inp.platforms),
        }[flag]
        if not active_rule:
            continue
        needed = [
            rows[t].year
            for t in range(T)
            if not rs.feasible_without(frozenset((flag, u) for u in range(T) if u != t))
        ]
        if rs.feasible_without(frozenset((flag, u) for u in range(T))):
            years_text = "、".join(str(y) for y in needed) or "、".join(str(r.year) for r in rows)
            msg = bi(
                "放开{r}（{ys} 年）即可得到方案",
                "Relaxing the {r} (in {ys_en}) admits a plan",
                r=label,
                ys=years_text,
                ys_en=years_text.replace("、", ", "),
            )
            for y in needed or [r.year for r in rows]:
                diag.findings.append(YearFinding(y, key, None, 1.0, msg))
    # per-system rules (指定规则, in the years each system is free): is dropping one of them enough?
    every = frozenset(range(len(inp.system_rules)))
    if every and rs.feasible_without(
        frozenset(), every
    ):  # else dropping them all does not help: none alone can
        for i in range(len(inp.system_rules)):
            if rs.feasible_without(frozenset(), frozenset({i})):
                key = system_rule_key(i)
                name = rule_name(key, inp)
                msg = bi(
                    "放开{r}（各年）即可得到方案",
                    "Dropping {r} (in every year) admits a plan",
                    r=name,
                )
                diag.findings.append(YearFinding(rows[0].year, key, None, 1.0, msg))
    diag.resolves = rs.count
    lead: list[Msg] = []
    if diag.infeasible_years:
        years = "、".join(str(y) for y in diag.infeasible_years)
        lead.append(
            bi(
                "{ys} 年自身的规则无法同时满足（无论其他年份如何安排）",
                "The rules of {ys_en} cannot all hold in that year, whatever the other years do",
                ys=years,
                ys_en=", ".join(str(y) for y in diag.infeasible_years),
            )
        )
    else:
        lead.append(
            Msg(
                "每一年单独看都可行，但各年的规则合起来无法同时满足（迁移只能一次、合同与上云年份把各年连在一起）",
                "Each year alone is feasible, but the years' rules together are not (a system moves at "
                "most once, and the contract and earliest years tie the years together)",
            )
        )
    diag.messages = lead + list(dict.fromkeys(f.message for f in diag.findings))
    if not diag.findings:
        diag.messages.append(
            Msg(
                "单独放宽任何一年的某一条规则都不够，需要同时放宽多条",
                "No single year's rule can be relaxed alone to admit a plan; several must change",
            )
        )
    return diag


def relaxed_year(inp: PlanInput, year: int, **changes: object) -> PlanInput:
    """inp with the year's row changed (budget=…, min_xinchuang_share=…, max_moves=…)."""
    assert inp.years is not None
    rows = tuple(replace(r, **changes) if r.year == year else r for r in inp.years.years)  # type: ignore[arg-type]
    return replace(inp, years=replace(inp.years, years=rows))
