"""Why a year-by-year plan has none, year by year, and the least change of each year's rule.

Every statement is an exact re-solve of the multi-year model (planner.years) with one year's
row family switched off or turned into the objective:

- which years cannot meet their own rules (the other years' rules off; the system rules stay);
- per year and rule, with every other rule of every year unchanged: the least budget of that year
  (and whether the 信创 target of that year is what costs it), the most 信创 share the year can
  reach, the fewest moves / least vCPU moved that year, and whether switching the year's vendor,
  vendor-count or capacity rule off is enough;
- per-system rule (指定规则): whether dropping it (in every year) is enough.

With 性能系数 the most 信创 share a year can reach is found by Dinkelbach steps (the share's
denominator, the vCPU bought, depends on the plan).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from planner.costing import CostModel
from planner.labels import pct, pct_down, yuan
from planner.milp import YearsOptions
from planner.model import PlanInput, Policy, SolveStatus, year_budget, year_xinchuang_target
from planner.rules import least_budget, rule_name, system_rule_key
from planner.solvers import solve_model
from planner.text import Msg, bi
from planner.years import build_years_model, years_built_model
from planner.years_terms import route_vcpu

#: Row families whose year can be switched off (planner.years.YearsOptions flags).
FLAGS = ("budget", "xinchuang_share", "vendor_share", "min_vendors", "capacity", "move_caps")


@dataclass(frozen=True)
class YearFinding:
    """The least change of one year's rule that admits a plan, the other rules unchanged."""

    year: int
    rule: str
    """planner.rules.YEAR_RULES key."""
    current: float | None
    """The rule's value that year."""
    least: float | None
    """Least value that admits a plan (budget: to the fen; share: the most reachable); None when
    relaxing this rule of this year alone cannot help. For switch-off rules: 1.0 when switching
    it off that year admits a plan, else None."""
    message: Msg


@dataclass
class YearsDiagnosis:
    """What the year diagnosis found."""

    messages: list[Msg] = field(default_factory=list)
    infeasible_years: list[int] = field(default_factory=list)
    """Years whose own rules cannot hold whatever the other years do."""
    findings: list[YearFinding] = field(default_factory=list)
    resolves: int = 0

    def finding(self, year: int, rule: str) -> YearFinding | None:
        return next((f for f in self.findings if f.year == year and f.rule == rule), None)


class _Solver:
    def __init__(
        self, inp: PlanInput, policy: Policy, solver: str, cms: list[CostModel] | None
    ) -> None:
        self.inp, self.policy, self.solver, self.cms = inp, policy, solver, cms
        self.resolves = 0

    def run(self, **options: object) -> tuple[SolveStatus, float | None]:
        status, objective, _ = self.run_values(**options)
        return status, objective

    def run_values(self, **options: object) -> tuple[SolveStatus, float | None, float | None]:
        """(status, objective, 信创 share of the solution in objective_year)."""
        ym = build_years_model(self.inp, self.policy, YearsOptions(**options), cms=self.cms)  # type: ignore[arg-type]
        self.cms = ym.cms
        self.resolves += 1
        if ym.paths.no_path:
            return SolveStatus.INFEASIBLE, None, None
        bm = years_built_model(ym)
        res = solve_model(bm, self.solver)
        share = None
        if res.x_values is not None:
            t = ym.options.objective_year
            chosen = np.nonzero(res.x_values > 0.5)[0]
            v = route_vcpu(ym)[chosen, t]
            xc = np.append(ym.cms[0].platform_xinchuang, [False, False])[ym.paths.loc[chosen, t]]
            share = float(v[xc].sum() / v.sum()) if v.sum() > 0 else 0.0
        return res.status, res.objective, share

    def most_share(self, t: int, off: frozenset[tuple[str, int]]) -> float | None:
        """The most 信创 share year t can reach with the other rules unchanged (Dinkelbach: maximise
        Σ (信创 − q)·vCPU, q ← the share of the answer, until no plan beats q; exact, a few solves)."""
        q = 0.0
        for _ in range(30):
            status, gain, share = self.run_values(
                objective="max_xinchuang", objective_year=t, off=off, share_level=q
            )
            if status is not SolveStatus.OPTIMAL or gain is None or share is None:
                return None
            if share <= q + 1e-12 or gain <= 1e-9:
                return max(q, share)
            q = share
        return q

    def feasible(
        self, off: frozenset[tuple[str, int]], dropped: frozenset[int] = frozenset()
    ) -> bool:
        """True when a plan exists with the (flag, year) rows off and the per-system rules dropped."""
        return (
            self.run(objective="feasibility", off=off, dropped_system_rules=dropped)[0]
            is SolveStatus.OPTIMAL
        )


def diagnose_years(
    inp: PlanInput,
    policy: Policy | None = None,
    solver: str = "highs",
    cms: list[CostModel] | None = None,
) -> YearsDiagnosis:
    """The year-by-year diagnosis of an input without a year-by-year plan."""
    policy = policy or inp.policy
    assert inp.years is not None
    rows = inp.years.years
    T = len(rows)
    rs = _Solver(inp, policy, solver, cms)
    diag = YearsDiagnosis()
    for t, row in enumerate(rows):
        others = frozenset((f, u) for f in FLAGS for u in range(T) if u != t)
        if not rs.feasible(others):
            diag.infeasible_years.append(row.year)
    for t, row in enumerate(rows):
        y = row.year
        budget = year_budget(row, policy)
        target = year_xinchuang_target(row, policy)
        if budget is not None:
            status, cost = rs.run(
                objective="year_cost", objective_year=t, off=frozenset({("budget", t)})
            )
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
                    s2, c2 = rs.run(objective="year_cost", objective_year=t, off=off)
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
                share = rs.most_share(t, off_share)
            else:
                status, most = rs.run(objective="max_xinchuang", objective_year=t, off=off_share)
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
            ("max_moves", row.max_moves, "min_moves"),
            ("max_move_vcpu", row.max_move_vcpu, "min_move_vcpu"),
        ):
            if cap is None:
                continue
            status, least = rs.run(
                objective=objective, objective_year=t, off=frozenset({("move_caps", t)})
            )
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
            if not rs.feasible(frozenset((flag, u) for u in range(T) if u != t))
        ]
        if rs.feasible(frozenset((flag, u) for u in range(T))):
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
    if every and rs.feasible(
        frozenset(), every
    ):  # else dropping them all does not help: none alone can
        for i in range(len(inp.system_rules)):
            if rs.feasible(frozenset(), frozenset({i})):
                key = system_rule_key(i)
                name = rule_name(key, inp)
                msg = bi(
                    "放开{r}（各年）即可得到方案",
                    "Dropping {r} (in every year) admits a plan",
                    r=name,
                )
                diag.findings.append(YearFinding(rows[0].year, key, None, 1.0, msg))
    diag.resolves = rs.resolves
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
