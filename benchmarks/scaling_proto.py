"""Prototype: rescale the vendor-share rows so HiGHS does not stall at the root.

planner.optimize models "each vendor's annual cost ≤ max_vendor_share × total" with a
continuous variable ``total_annual_cost`` (t, in 元, up to ~5e9 at 20,000 systems):

    total_cost_def:     Σ_k c_k x_k − t = 0
    vendor_share_v:     Σ_{k∈v} c_k x_k − share · t ≤ 0

With c_k in 元 (1e4–2e7) HiGHS 1.16 warns that the problem is badly scaled, and on the synthetic
counties it spends almost all its time at the root node before the first incumbent, not
honouring ``time_limit`` (300 s limit → 462 s at 2,000 systems without proving optimality,
2,421 s at 20,000 without any solution).  Expressing only these rows in 万元 (divide the x
coefficients by 1e4; t is then in 万元) gives the same feasible set and objective.

``rescale_vendor_share(bm)`` does that in place on a BuiltModel (PuLP expressions), for the
benchmark only; the lead can integrate it in planner/optimize.py (_total_cost_var and
add_vendor_share_limits: use ``cost / COST_SCALE``).
"""

from __future__ import annotations

from typing import Any

#: 元 → 万元
COST_SCALE = 1e4


def rescale_vendor_share(bm: Any, scale: float = COST_SCALE) -> int:
    """Divide the x coefficients of total_cost_def and vendor_share_* by ``scale``; returns rows changed."""
    t = bm.total_cost
    if t is None:
        return 0
    changed = 0
    inv = 1.0 / scale
    for name, c in bm.prob.constraints.items():  # both rows have rhs 0: nothing else to scale
        if name == "total_cost_def" or name.startswith("vendor_share_"):
            expr = getattr(c, "expr", c)
            for v in list(expr.keys()):
                if v is not t:
                    expr[v] = expr[v] * inv
            changed += 1
    return changed
