"""Independent reference for commercial terms, per-system rules and 性能系数 (issue 13).

Written from the text of issue 13 and the field docs of planner.model only; imports nothing from
the engine but the frozen dataclasses, so a mistake in planner.costing / planner.terms /
planner.optimize cannot be copied here. Enumerates every assignment in plain Python.

Semantics encoded (the documented meaning):

* 性能系数 f of a platform: vCPU bought there = need when f == 1, else ceil(need × f); it is what
  is priced, what counts against capacity and in the 信创 share (numerator and denominator).
* step prices: lines with 起始数量/截止数量 price the units of a system's need inside [from, to];
  units beyond the highest end are priced at the band starting highest.
* 期限折扣: the lowest factor among the vendor's term discounts with threshold ≤ horizon, on the
  pair's run + security; 资源折扣: the lowest factor for that resource, on that resource's cost.
* 总额阶梯 on the vendor's spend (Σ pair bills after the above): whole mode bills f × spend once
  spend ≥ threshold; above mode bills each band of spend at its factor.
* 最低消费: a used vendor's bill is at least the largest min_annual of its lines.
* 开通费: Σ setup_fee of a used vendor's lines / horizon.
* budget and vendor share apply to these totals.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from planner.model import DataClass, Deployment, Period, PlanInput, Platform, Workload

LOOSE = 1e-6
STRICT = 1e-12
UNITS = ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps")


def _factor(period: Period) -> int:
    return 12 if period == Period.MONTH else 1


def bought_vcpu(w: Workload, p: Platform) -> float:
    return w.vcpu if p.perf_factor == 1 else float(math.ceil(round(w.vcpu * p.perf_factor, 9)))


def _needs(w: Workload, p: Platform) -> dict[str, float]:
    return {
        "vcpu": bought_vcpu(w, p),
        "ram_gb": w.ram_gb,
        "storage_gb": w.storage_gb,
        "bandwidth_mbps": w.bandwidth_mbps,
    }


def _resource_cost(inp: PlanInput, p: Platform, resource: str, q: float) -> float | None:
    lines = [
        ln
        for ln in inp.prices
        if (ln.vendor, ln.platform) == (p.vendor, p.name) and ln.resource == resource
    ]
    if not lines:
        return None
    banded = [ln for ln in lines if ln.min_qty is not None or ln.max_qty is not None]
    if not banded:
        ln = lines[-1]
        return q * ln.unit_price * _factor(ln.period) if q > 0 else 0.0
    if q <= 0:
        return 0.0
    total = 0.0
    top, end = None, 0.0
    for ln in banded:
        lo = ln.min_qty or 0.0
        hi = math.inf if ln.max_qty is None else ln.max_qty
        price = ln.unit_price * _factor(ln.period)
        total += price * max(0.0, min(q, hi) - lo)
        if top is None or lo > top[0]:
            top = (lo, price)
        end = max(end, hi)
    if q > end:
        total += top[1] * (q - end)  # type: ignore[index]
    return total


def discounted_bill(
    inp: PlanInput, w: Workload, p: Platform, skip_unpriced: bool = False
) -> float | None:
    """What the vendor bills a year for w on p: each needed resource (vCPU × 性能系数 rounded up) and
    the MLPS security package at its (step) price, × resource discount × term discount (threshold ≤
    规划年限). None when a needed resource has no price, unless skip_unpriced (then it adds 0)."""
    horizon = inp.policy.horizon_years
    term = min(
        [
            d.factor
            for d in inp.discounts
            if d.vendor == p.vendor and d.kind == "term" and d.threshold <= horizon
        ]
        + [1.0]
    )

    def res_factor(r: str) -> float:
        return min(
            [
                d.factor
                for d in inp.discounts
                if d.vendor == p.vendor and d.kind == "resource" and d.resource == r
            ]
            + [1.0]
        )

    needs = _needs(w, p)
    if w.mlps_level >= 2:
        needs[f"security_l{w.mlps_level}"] = 1.0
    bill = 0.0
    for r, q in needs.items():
        if q <= 0:
            continue
        c = _resource_cost(inp, p, r, q)
        if c is None:
            if skip_unpriced:
                continue
            return None
        bill += c * res_factor(r) * term
    return bill


def pair_cost(inp: PlanInput, w: Workload, p: Platform) -> tuple[float, float] | None:
    """(bill to the vendor after term/resource discounts, county-side one-time costs per year)
    of w on p, or None when w may not go there."""
    if p.mlps_level < w.mlps_level:
        return None
    if w.data_class in (DataClass.CORE, DataClass.IMPORTANT) and inp.policy.sensitive_data_private:
        if p.deployment != Deployment.PRIVATE:
            return None
    if w.xinchuang_required and not p.xinchuang:
        return None
    horizon = inp.policy.horizon_years
    bill = discounted_bill(inp, w, p)
    if bill is None:
        return None
    cur = None
    if w.current_vendor and w.current_platform:
        cur = next(
            (
                q
                for q in inp.platforms
                if (q.vendor, q.name) == (w.current_vendor, w.current_platform)
            ),
            None,
        )
    moved = cur is None or (cur.vendor, cur.name) != (p.vendor, p.name)
    own = (w.migration_cost / horizon if moved else 0.0) + (
        w.xinchuang_adaptation_cost / horizon
        if p.xinchuang and not (cur is not None and cur.xinchuang)
        else 0.0
    )
    return bill, own


def vendor_bill(inp: PlanInput, vendor: str, spend: float) -> float:
    """What a used vendor bills per year for spend: tiers, then minimum, plus setup / horizon."""
    tiers = sorted(
        (d.threshold, d.factor, d.mode)
        for d in inp.discounts
        if d.vendor == vendor and d.kind == "volume"
    )
    net = spend
    if tiers:
        if tiers[0][2] == "whole":
            for t, f, _m in tiers:
                if spend >= t:
                    net = f * spend
        else:
            bands = [(0.0, 1.0)] + [(t, f) for t, f, _m in tiers]
            net = 0.0
            for i, (t, f) in enumerate(bands):
                hi = bands[i + 1][0] if i + 1 < len(bands) else math.inf
                net += f * max(0.0, min(spend, hi) - t)
    minimum = max([ln.min_annual or 0.0 for ln in inp.prices if ln.vendor == vendor] + [0.0])
    setup = sum(ln.setup_fee or 0.0 for ln in inp.prices if ln.vendor == vendor)
    return max(net, minimum) + setup / inp.policy.horizon_years


def _rule_ok(inp: PlanInput, where: dict[str, Platform]) -> bool:
    for r in inp.system_rules:
        ps = [where[s] for s in r.systems]
        if r.kind == "pin" and any(
            p.vendor != r.vendor or (r.platform and p.name != r.platform) for p in ps
        ):
            return False
        if r.kind == "forbid" and any(
            p.vendor == r.vendor and (not r.platform or p.name == r.platform) for p in ps
        ):
            return False
        if r.kind == "no_public" and any(p.deployment == Deployment.PUBLIC for p in ps):
            return False
        if r.kind == "same_platform" and len({(p.vendor, p.name) for p in ps}) > 1:
            return False
        if r.kind == "different_vendor" and len({p.vendor for p in ps}) < len(ps):
            return False
    return True


def _le(lhs: float, rhs: float, tol: float) -> bool:
    return lhs - rhs <= tol * max(1.0, abs(lhs), abs(rhs))


@dataclass(frozen=True)
class Outcome:
    cost: float
    vendor_costs: dict[str, float]
    xinchuang_share: float


def evaluate(inp: PlanInput, choice: Sequence[int], tol: float = LOOSE) -> Outcome | None:
    """Cost of the assignment when it obeys every rule (within tol), else None."""
    pol = inp.policy
    vendor_spend: dict[str, float] = {}
    own: dict[str, float] = {}
    vcpu_total = vcpu_xc = 0.0
    load: dict[int, float] = {}
    where: dict[str, Platform] = {}
    for w, j in zip(inp.workloads, choice, strict=True):
        p = inp.platforms[j]
        c = pair_cost(inp, w, p)
        if c is None:
            return None
        vendor_spend[p.vendor] = vendor_spend.get(p.vendor, 0.0) + c[0]
        own[p.vendor] = own.get(p.vendor, 0.0) + c[1]
        v = bought_vcpu(w, p)
        vcpu_total += v
        vcpu_xc += v if p.xinchuang else 0.0
        load[j] = load.get(j, 0.0) + v
        where[w.name] = p
    if not _rule_ok(inp, where):
        return None
    for j, ld in load.items():
        cap = inp.platforms[j].capacity_vcpu
        if cap is not None and not _le(ld, cap, tol):
            return None
    vc = {v: vendor_bill(inp, v, s) + own[v] for v, s in vendor_spend.items()}
    total = sum(vc.values())
    if pol.budget_annual is not None and not _le(total, pol.budget_annual, tol):
        return None
    if any(not _le(c, pol.max_vendor_share * total, tol) for c in vc.values()):
        return None
    if not _le(pol.min_xinchuang_share * vcpu_total, vcpu_xc, tol):
        return None
    if len(vc) < pol.min_vendors:
        return None
    return Outcome(total, vc, vcpu_xc / vcpu_total if vcpu_total else 0.0)


def optimum(inp: PlanInput, tol: float = LOOSE) -> tuple[float, tuple[int, ...]] | None:
    """The cheapest assignment obeying every rule, by enumeration; None when there is none."""
    best: tuple[float, tuple[int, ...]] | None = None
    for choice in itertools.product(range(len(inp.platforms)), repeat=len(inp.workloads)):
        out = evaluate(inp, choice, tol)
        if out is not None and (best is None or out.cost < best[0]):
            best = (out.cost, choice)
    return best
