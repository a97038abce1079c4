"""The headline figures of each year of a plan, as the plan page, its 分年计划 tab and the
方案摘要 PDF show them (no Qt here).

A plain workbook's plan has one period (its year is None, its budget the 约束 budget); a
年度计划's plan has one per plan year (that year's budget and 信创 target, its moves and their
one-time costs). Every figure comes from the Plan's own accessors (year_cost,
year_xinchuang_share, periods), so the page, the tab and the PDF cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.model import Plan, year_budget, year_xinchuang_target

#: Money within this many 元 of a bound meets it (the cards' and the summary's tolerance).
MONEY_TOLERANCE = 0.005
#: Shares within this of a bound meet it.
SHARE_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """One year of a plan against that year's rules."""

    year: int | None
    """The plan year (None: a plain workbook's plan, which has no calendar year)."""
    cost: float
    """The year's total, vendor terms included (元)."""
    budget: float | None
    """The year's budget (None: no cap)."""
    xinchuang_share: float
    """信创 vCPU over the vCPU of the systems not retired that year."""
    xinchuang_target: float
    """The year's least 信创 share."""
    max_vendor_share: float
    """The largest vendor's share of the year's cost."""
    top_vendor: str
    """That vendor ('' when nothing is bought)."""
    vendor_cap: float
    """The 约束 cap on one vendor's share."""
    vendors_used: int
    min_vendors: int
    systems: int
    """Systems on a platform that year."""
    moves: int
    """Systems moving that year (a plain plan: systems not on their current platform)."""
    one_time_cost: float | None
    """Migration and adaptation costs of that year's moves, in full (None: a plain plan, whose
    one-time costs are spread over 规划年限 inside ``cost``)."""

    @property
    def budget_met(self) -> bool:
        return self.budget is None or self.cost <= self.budget + MONEY_TOLERANCE

    @property
    def xinchuang_met(self) -> bool:
        return self.xinchuang_share + SHARE_TOLERANCE >= self.xinchuang_target

    @property
    def vendor_share_met(self) -> bool:
        return self.max_vendor_share <= self.vendor_cap + SHARE_TOLERANCE

    @property
    def vendors_met(self) -> bool:
        return self.vendors_used >= self.min_vendors

    @property
    def all_met(self) -> bool:
        return self.budget_met and self.xinchuang_met and self.vendor_share_met and self.vendors_met


def period_figures(plan: Plan, t: int) -> PeriodFigures:
    """The figures of period t of a plan with a solution (a plain plan: t = 0)."""
    period, policy = plan.periods[t], plan.policy
    if plan.is_year_plan:
        row = plan.spec.years[t]
        year: int | None = row.year
        budget, target = year_budget(row, policy), year_xinchuang_target(row, policy)
        moves = len(plan.moves[t])
        one_time: float | None = sum(m.one_time_cost for m in plan.moves[t])
    else:
        year, budget, target = None, policy.budget_annual, policy.min_xinchuang_share
        moves = sum(1 for a in period.assignments if a.cost.moved)
        one_time = None
    shares = period.vendor_shares
    return PeriodFigures(
        year=year,
        cost=plan.year_cost(t),
        budget=budget,
        xinchuang_share=plan.year_xinchuang_share(t),
        xinchuang_target=target,
        max_vendor_share=period.max_vendor_share,
        top_vendor=max(shares, key=shares.__getitem__) if shares else "",
        vendor_cap=policy.max_vendor_share,
        vendors_used=period.vendors_used,
        min_vendors=policy.min_vendors,
        systems=len(period.assignments),
        moves=moves,
        one_time_cost=one_time,
    )


def plan_figures(plan: Plan) -> tuple[PeriodFigures, ...]:
    """The figures of every period of a plan with a solution, in year order."""
    return tuple(period_figures(plan, t) for t in range(len(plan.periods)))


def horizon_vendor_costs(plan: Plan) -> dict[str, float]:
    """Each vendor's cost summed over the plan's years (a plain plan: its annual cost)."""
    out: dict[str, float] = {}
    for period in plan.periods:
        for vendor, cost in period.vendor_costs.items():
            out[vendor] = out.get(vendor, 0.0) + cost
    return out
