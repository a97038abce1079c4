"""Plan summaries shared by the command line, the app and the exports (docs/DESIGN.md §3 JSON)."""

from __future__ import annotations

from typing import Any

from planner.model import Plan, SolveStatus


def json_status(plan: Plan) -> str:
    """The contract's status word: optimal | feasible | infeasible (cancelled counts as infeasible)."""
    if plan.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return plan.status.value
    return "infeasible"


def plan_summary(plan: Plan) -> dict[str, Any]:
    """The JSON summary of docs/DESIGN.md §3; money in 元, shares 0–1.

    Without a plan (infeasible, cancelled) the plan's figures (total, 信创 share, vendor shares,
    vendors used) are None (JSON null): a 0 for a plan that does not exist would be a wrong number.
    """
    has = plan.has_solution
    return {
        "status": json_status(plan),
        "total_annual_cost": round(plan.total_annual_cost, 2) if has else None,
        "budget_annual": plan.policy.budget_annual,
        "xinchuang_share": plan.xinchuang_share if has else None,
        "vendor_shares": dict(sorted(plan.vendor_shares.items(), key=lambda kv: -kv[1])) if has else None,
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
    } | _vendor_terms(plan)


def _vendor_terms(plan: Plan) -> dict[str, Any]:
    """"vendor_terms" (issue 13), only when the plan has volume tiers, minimums or setup fees: what
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
