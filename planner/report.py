"""Plan summaries shared by the command line, the app and the exports (docs/DESIGN.md §3 JSON)."""

from __future__ import annotations

from typing import Any

from planner.model import Plan, SolveStatus, year_budget
from planner.procurement import plan_procurement, procurement_json


def json_status(plan: Plan) -> str:
    """The contract's status word: optimal | feasible | infeasible (cancelled counts as infeasible)."""
    if plan.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return plan.status.value
    return "infeasible"


def plan_summary(plan: Plan) -> dict[str, Any]:
    """The JSON summary of docs/DESIGN.md §3; money in 元, shares 0–1 (a year plan's: see
    :func:`_years_summary`).

    Without a plan (infeasible, cancelled) the plan's figures (total, 信创 share, vendor shares,
    vendors used) are None (JSON null): a 0 for a plan that does not exist would be a wrong number.
    """
    if plan.is_year_plan:
        return _years_summary(plan)
    has = plan.has_solution
    return (
        {
            "status": json_status(plan),
            "total_annual_cost": round(plan.total_annual_cost, 2) if has else None,
            "budget_annual": plan.policy.budget_annual,
            "xinchuang_share": plan.xinchuang_share if has else None,
            "vendor_shares": dict(sorted(plan.vendor_shares.items(), key=lambda kv: -kv[1]))
            if has
            else None,
            "vendors_used": plan.vendors_used if has else None,
            "assignments": [
                {
                    "workload": a.workload.name,
                    "vendor": a.platform.vendor,
                    "platform": a.platform.name,
                    "annual_cost": round(a.cost.total, 2),
                }
                for a in plan.assignments
            ],
            "diagnosis": list(plan.diagnosis),
        }
        | _vendor_terms(plan)
        | _procurement(plan)
    )


def _procurement(plan: Any) -> dict[str, Any]:
    """ "procurement" (issue 24): the plan's 采购项目 under the input's 采购标准 (planner.procurement),
    empty without a plan."""
    if not plan.has_solution or not (plan.year_plans or plan.assignments):
        return {"procurement": [], "procurement_notes": []}
    return procurement_json(plan_procurement(plan))


def _vendor_terms(plan: Plan) -> dict[str, Any]:
    """ "vendor_terms" (issue 13), only when the plan has volume tiers, minimums or setup fees: what
    each vendor's terms add to the sum of the systems' annual costs (total = Σ assignments + Σ
    adjustment). Absent otherwise, so plans without such terms keep the summary's keys."""
    if not plan.vendor_terms:
        return {}
    return {
        "vendor_terms": [
            {
                "vendor": t.vendor,
                "spend": round(t.spend, 2),
                "tier_discount": round(t.tier_discount, 2),
                "tier_threshold": t.tier_threshold,
                "minimum_topup": round(t.minimum_topup, 2),
                "setup_annual": round(t.setup_annual, 2),
                "adjustment": round(t.adjustment, 2),
            }
            for t in plan.vendor_terms
        ]
    }


def _where(p: Any) -> str | None:
    """'vendor/platform' of a move's end, None for the machine room (JSON null)."""
    return None if p is None else f"{p.vendor}/{p.name}"


def _years_summary(plan: Plan) -> dict[str, Any]:
    """The JSON summary of a year plan (年度计划): the single-year keys of
    docs/DESIGN.md §3 with the first plan year's figures, `total_cost` (Σ of the years) and
    `present_value` (discounted by 折现率), `years: [{year, total_cost, budget, xinchuang_share,
    vendor_shares, moves: [{workload, from, to}]}]` (plus that year's `vendor_terms` when some vendor
    has a tier, minimum or setup fee — the 开通费 in full in its first year of use), and `assignments`
    carrying `year` (one row per system per year it is on a platform). Without a plan the figures
    are None (JSON null)."""
    has = plan.has_solution
    rows = plan.spec.years
    years: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    for t, row in enumerate(rows):
        yp = plan.year_plans[t] if has else None
        years.append(
            {
                "year": row.year,
                "total_cost": round(yp.total_annual_cost, 2) if yp is not None else None,
                "budget": year_budget(row, plan.policy),
                "xinchuang_share": plan.year_xinchuang_share(t) if has else None,
                "vendor_shares": dict(sorted(yp.vendor_shares.items(), key=lambda kv: -kv[1]))
                if yp is not None
                else None,
                "moves": [
                    {"workload": m.workload.name, "from": _where(m.origin), "to": _where(m.target)}
                    for m in (plan.moves[t] if has else ())
                ],
            }
            | (_vendor_terms(yp) if yp is not None else {})
        )
        if yp is not None:
            assignments += [
                {
                    "year": row.year,
                    "workload": a.workload.name,
                    "vendor": a.platform.vendor,
                    "platform": a.platform.name,
                    "annual_cost": round(a.cost.total, 2),
                }
                for a in yp.assignments
            ]
    first = plan.year_plans[0] if has and plan.year_plans else None
    return {
        "status": json_status(plan),
        "total_annual_cost": round(first.total_annual_cost, 2) if first is not None else None,
        "budget_annual": plan.policy.budget_annual,
        "xinchuang_share": plan.year_xinchuang_share(0) if first is not None else None,
        "vendor_shares": dict(sorted(first.vendor_shares.items(), key=lambda kv: -kv[1]))
        if first is not None
        else None,
        "vendors_used": first.vendors_used if first is not None else None,
        "total_cost": round(plan.total_cost, 2) if has else None,
        "present_value": round(plan.present_value, 2) if has else None,
        "years": years,
        "assignments": assignments,
        "diagnosis": list(plan.diagnosis),
    } | _procurement(plan)
