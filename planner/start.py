"""A quick plan: cheapest platforms, then repaired rule by rule (issue 11, item 3).

planner.optimize returns it when the time limit stops HiGHS before HiGHS found any plan (see
planner.optimize.FALLBACK_START for why it is not handed to HiGHS as a MIP start). The repair works in
batches on the (W, P) cost matrix: 信创 share first (cheapest extra cost per 信创 vCPU), then
platform capacities, vendor-share caps and the number of vendors; the result is checked exactly
and returned only when it obeys every rule of the model, so a failed repair costs nothing but time.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from planner.costing import CostModel
from planner.model import Policy

_TOL = 1e-9


def _violations(
    cm: CostModel,
    policy: Policy,
    choice: np.ndarray,
    cost: np.ndarray,
    vendor_of: np.ndarray,
    caps: np.ndarray,
    V: int,
) -> dict[str, Any]:
    W = len(choice)
    c = cost[np.arange(W), choice]
    total = float(c.sum())
    vend_cost = np.bincount(vendor_of[choice], weights=c, minlength=V)
    load = np.bincount(choice, weights=cm.vcpu, minlength=len(caps))
    xc = float(cm.vcpu[cm.platform_xinchuang[choice]].sum())
    need_xc = policy.min_xinchuang_share * float(cm.vcpu.sum())
    return {
        "total": total,
        "vendor_cost": vend_cost,
        "load": load,
        "xc_short": need_xc - xc,
        "over_vendors": np.nonzero(vend_cost > policy.max_vendor_share * total * (1 + _TOL) + 1e-6)[
            0
        ]
        if policy.max_vendor_share < 1.0
        else np.zeros(0, dtype=int),
        "over_caps": np.nonzero(load > caps * (1 + _TOL))[0],
        "vendors_used": int((np.bincount(vendor_of[choice], minlength=V) > 0).sum()),
    }


def greedy_start(
    cm: CostModel, policy: Policy, eligible: np.ndarray, rounds: int = 12
) -> np.ndarray | None:
    """A platform index per workload obeying every rule, or None when the repair fails."""
    W, P = eligible.shape
    if W == 0:
        return None
    vendors = list(cm.input.vendors)
    V = len(vendors)
    vendor_of = np.array([vendors.index(p.vendor) for p in cm.platforms], dtype=np.int64)
    caps = np.array(
        [np.inf if p.capacity_vcpu is None else float(p.capacity_vcpu) for p in cm.platforms]
    )
    cost = np.where(eligible, cm.total, np.inf)
    if not np.isfinite(cost).any(axis=1).all():
        return None
    xc = cm.platform_xinchuang
    choice = cost.argmin(axis=1)
    rows = np.arange(W)
    for _ in range(rounds):
        v = _violations(cm, policy, choice, cost, vendor_of, caps, V)
        here = cost[rows, choice]
        changed = False
        # 信创 share: move non-信创 systems to their cheapest 信创 platform, cheapest per vCPU first
        if v["xc_short"] > 1e-9:
            xc_cost = np.where(xc[None, :], cost, np.inf)
            best = xc_cost.argmin(axis=1)
            delta = xc_cost[rows, best] - here
            ok = ~xc[choice] & np.isfinite(delta)
            idx = np.nonzero(ok)[0]
            order = idx[np.argsort(delta[idx] / np.maximum(cm.vcpu[idx], 1e-9), kind="stable")]
            take = order[
                : int(np.searchsorted(np.cumsum(cm.vcpu[order]), v["xc_short"] - 1e-9)) + 1
            ]
            choice[take] = best[take]
            changed = True
        # capacities: move the systems of an over-full platform to their next cheapest platform
        # of the same 信创 kind, cheapest move first, until it fits
        for j in v["over_caps"]:
            on = np.nonzero(choice == j)[0]
            alt_cost = cost[on].copy()
            alt_cost[:, j] = np.inf
            alt_cost[:, ~(xc == xc[j])] = np.inf
            alt_cost[:, v["load"] + 0 >= caps] = np.inf
            best = alt_cost.argmin(axis=1)
            delta = alt_cost[np.arange(len(on)), best] - cost[on, j]
            finite = np.isfinite(delta)
            order = np.argsort(np.where(finite, delta, np.inf), kind="stable")
            excess = v["load"][j] - caps[j]
            k = int(np.searchsorted(np.cumsum(cm.vcpu[on][order]), excess - 1e-9)) + 1
            take = order[:k]
            take = take[finite[take]]
            choice[on[take]] = best[take]
            changed = True
        # vendor shares: move systems off an over-share vendor, to the cheapest platform of a
        # vendor under its cap (same 信创 kind), cheapest extra cost per 元 moved first
        if len(v["over_vendors"]):
            total = v["total"]
            s = policy.max_vendor_share
            room = s * total - v["vendor_cost"]
            for u in v["over_vendors"]:
                on = np.nonzero(vendor_of[choice] == u)[0]
                alt_cost = cost[on].copy()
                alt_cost[:, vendor_of == u] = np.inf
                alt_cost[:, np.isin(vendor_of, v["over_vendors"])] = np.inf
                alt_cost[xc[choice[on]][:, None] & ~xc[None, :]] = np.inf
                best = alt_cost.argmin(axis=1)
                delta = alt_cost[np.arange(len(on)), best] - here[on]
                finite = np.isfinite(delta)
                moved = here[on]
                order = np.argsort(
                    np.where(finite, delta / np.maximum(moved, 1e-9), np.inf), kind="stable"
                )
                excess = -room[u]
                k = int(np.searchsorted(np.cumsum(moved[order]), excess * (1 + 1e-6))) + 1
                take = order[:k]
                take = take[finite[take]]
                choice[on[take]] = best[take]
                changed = True
        # number of vendors: the cheapest single move that brings in an unused vendor
        if v["vendors_used"] < policy.min_vendors:
            used = np.bincount(vendor_of[choice], minlength=V) > 0
            alt_cost = np.where(~used[vendor_of][None, :], cost, np.inf)
            alt_cost[~xc[None, :] & xc[choice][:, None]] = np.inf
            best = alt_cost.argmin(axis=1)
            delta = alt_cost[rows, best] - here
            w = int(np.argmin(delta))
            if np.isfinite(delta[w]):
                choice[w] = best[w]
                changed = True
        if not changed:
            break
    v = _violations(cm, policy, choice, cost, vendor_of, caps, V)
    budget_ok = policy.budget_annual is None or v["total"] <= policy.budget_annual * (1 + _TOL)
    if (
        v["xc_short"] <= 1e-9
        and not len(v["over_caps"])
        and not len(v["over_vendors"])
        and v["vendors_used"] >= policy.min_vendors
        and budget_ok
        and np.isfinite(cost[rows, choice]).all()
    ):
        return np.asarray(choice)
    return None
