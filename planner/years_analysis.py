"""Vendor loss and rule prices on the multi-year model (the analysis entry points for a year plan).

Each figure is an exact re-solve of planner.years' model:

- vendor loss: the plan without one vendor (none of its platforms may be chosen in any year a system
  is free to choose; systems pinned there by contract or 保持不动 stay), its present value and the
  extra cost over the plan, or None when no plan exists without it;
- rule price: the present value saved by switching one rule off in every year (the rising 信创
  targets, the vendor-share cap, the vendor count, the move caps, move-at-most-once, the
  core/important-data-on-private-cloud rule, each per-system rule of the 指定规则 sheet, keyed
  'system_rule:<i>').

The commercial terms (tiers, minimums, setup fees) are part of every re-solve's price.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.milp import YearsOptions
from planner.model import PlanInput, Policy, Progress, SolveStatus, YearsSpec
from planner.optimize import solve_years
from planner.rules import rule_name, system_rule_key
from planner.text import Msg, bi
from planner.years import YearsPlan


@dataclass(frozen=True)
class YearsVendorLoss:
    vendor: str
    present_value: float | None
    """Present value without the vendor (None: no plan)."""
    extra: float | None
    """present_value − the plan's present value."""
    year_costs: tuple[float, ...] | None


@dataclass(frozen=True)
class YearsRulePrice:
    rule: str
    label: Msg
    present_value: float | None
    """Present value with the rule off in every year (None: no plan)."""
    saving: float | None
    """The plan's present value − present_value (what the rule costs)."""


def _solve(
    inp: PlanInput,
    policy: Policy | None = None,
    solver: str = "highs",
    progress: Progress | None = None,
    **options: object,
) -> YearsPlan:
    # the re-solve's own stages are not shown (the analysis reports its own); a cancel reaches it
    quiet = Progress(is_cancelled=(lambda: progress.cancelled) if progress is not None else None)
    return solve_years(
        inp,
        solver=solver,
        diagnose=False,
        policy=policy,
        options=YearsOptions(**options),  # type: ignore[arg-type]
        progress=quiet,
    )


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


def years_vendor_loss(
    inp: PlanInput,
    plan: YearsPlan,
    solver: str = "highs",
    progress: Progress | None = None,
    span: tuple[float, float] = (0.0, 1.0),
) -> list[YearsVendorLoss]:
    """For each vendor the plan uses in some year: the plan without it.

    As in the single-year vendor-loss test (planner.analysis), the budgets are not imposed (a
    tight budget would make almost every answer "no plan" and hide the figure) and the minimum
    number of vendors is capped at the vendors left; None means no plan even so (the other
    rules, or a contract that holds a system on that vendor). progress (optional) gets one stage per
    re-solve within span and cancels: the vendors done so far are returned."""
    used = {a.platform.vendor for yp in plan.year_plans for a in yp.assignments}
    spec = inp.years
    free = (
        inp
        if spec is None
        else replace(
            inp, years=replace(spec, years=tuple(replace(r, budget=None) for r in spec.years))
        )
    )
    out = []
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
        alt = _solve(free, policy, solver, progress, excluded_platforms=excluded)
        if alt.status is SolveStatus.CANCELLED:
            break
        if alt.status is SolveStatus.OPTIMAL:
            out.append(
                YearsVendorLoss(
                    vendor,
                    alt.present_value,
                    alt.present_value - plan.present_value,
                    alt.year_costs,
                )
            )
        else:
            out.append(YearsVendorLoss(vendor, None, None, None))
    return out


def years_rule_prices(
    inp: PlanInput,
    plan: YearsPlan,
    solver: str = "highs",
    progress: Progress | None = None,
    span: tuple[float, float] = (0.0, 1.0),
) -> list[YearsRulePrice]:
    """What each rule costs over the horizon (present value), switched off in every year. progress
    (optional) gets one stage per re-solve within span and cancels: the rules done so far are returned."""
    spec = inp.years
    assert spec is not None
    pol = plan.policy
    no_targets = replace(spec, years=tuple(replace(r, min_xinchuang_share=0.0) for r in spec.years))
    cases: list[tuple[str, Msg, PlanInput, Policy, dict[str, object]]] = []
    if any(
        (r.min_xinchuang_share if r.min_xinchuang_share is not None else pol.min_xinchuang_share)
        > 0
        for r in spec.years
    ):
        cases.append(
            (
                "year_xinchuang_share",
                Msg("信创最低占比", "minimum 信创 share"),
                replace(inp, years=no_targets),
                replace(pol, min_xinchuang_share=0.0),
                {},
            )
        )
    if pol.max_vendor_share < 1.0:
        cases.append(
            (
                "year_vendor_share",
                Msg("单一供应商最高占比", "maximum vendor share"),
                inp,
                pol,
                {"vendor_share": False},
            )
        )
    if pol.min_vendors > 1:
        cases.append(
            (
                "year_min_vendors",
                Msg("最少供应商数", "minimum number of vendors"),
                inp,
                pol,
                {"min_vendors": False},
            )
        )
    if any(r.max_moves is not None or r.max_move_vcpu is not None for r in spec.years):
        cases.append(
            ("max_moves", Msg("年度迁移上限", "yearly move caps"), inp, pol, {"move_caps": False})
        )
    if not spec.allow_multiple_moves:
        multi = replace(inp, years=YearsSpec(spec.years, spec.discount_rate, True))
        cases.append(
            (
                "move_once",
                Msg("每个系统至多迁移一次", "each system moves at most once"),
                multi,
                pol,
                {},
            )
        )
    if pol.sensitive_data_private:
        cases.append(
            (
                "sensitive_data_private",
                Msg("核心/重要数据上私有云", "core/important data on private cloud"),
                inp,
                replace(pol, sensitive_data_private=False),
                {},
            )
        )
    for i in range(len(inp.system_rules)):  # each per-system rule, dropped in every year
        key = system_rule_key(i)
        cases.append((key, rule_name(key, inp), inp, pol, {"dropped_system_rules": frozenset({i})}))
    out = []
    for i, (key, label, case_inp, case_pol, options) in enumerate(cases, start=1):
        if not _step(
            progress,
            bi("规则代价：放开「{r}」", "Rule price: without '{r}'", r=label),
            i,
            len(cases),
            span,
        ):
            break
        try:
            alt = _solve(case_inp, case_pol, solver, progress, **options)
        except ValueError:  # too many routes with multiple moves: not priced
            continue
        if alt.status is SolveStatus.CANCELLED:
            break
        if alt.status is SolveStatus.OPTIMAL:
            out.append(
                YearsRulePrice(
                    key, label, alt.present_value, plan.present_value - alt.present_value
                )
            )
        else:
            out.append(YearsRulePrice(key, label, None, None))
    return out
