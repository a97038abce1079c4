"""Independent reference for the multi-year plan: every system's year-by-year route by enumeration.

Written from the rules in README "分年计划" / issue 12 only. Like ``brute.py`` it uses nothing of the
engine but the frozen dataclasses of ``planner.model`` (and brute.py's eligibility test of one pair,
itself independent). Prices per year, routes, one-time costs and every per-year rule are
recomputed here in plain Python.

Issue-13 terms in a year plan (README "分年计划"), recomputed with brute_terms' independent pricing:

* a route's yearly bill on a platform is that year's price of what is bought there (step prices,
  term/resource discounts, 性能系数: ceil(vCPU × factor)); a system held on its current platform
  is charged what that platform offers;
* per vendor and year: 总额阶梯 on the year's spend (Σ bills; one-time costs not in the base),
  then 最低消费 (max of the two), plus the whole 开通费 in the first plan year the vendor hosts a
  system; the vendor's cost that year adds the one-time costs of the moves onto it;
* 信创 share and capacity count the vCPU bought (the machine room: the system's own vCPU); move
  caps count the system's own vCPU;
* per-system rules hold in the years a system is free to choose (active, at or after its ready
  year): pin/forbid/no-public per system, same-platform in the years all members are free,
  different-vendor among the members free that year.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from brute import LOOSE, STRICT, _le, annual_prices, ineligibility
from brute_terms import bought_vcpu, discounted_bill

from planner.model import Deployment, PlanInput, Platform, Workload

HOME = "home"  # where it is now when that is not a listed platform (machine room)
RETIRED = "retired"


def year_input(inp: PlanInput, year: int) -> PlanInput:
    """inp with the price lines of that year at that year's price (window, compounded yearly change)."""
    first = inp.years.years[0].year  # type: ignore[union-attr]
    lines = []
    for q in inp.prices:
        if (q.valid_from is not None and year < q.valid_from) or (
            q.valid_to is not None and year > q.valid_to
        ):
            continue
        start = first if q.valid_from is None else q.valid_from
        price = q.unit_price
        for _ in range(max(0, year - start)):
            price *= 1 + q.yearly_change
        lines.append(replace(q, unit_price=price))
    return replace(inp, prices=tuple(lines), years=None)


def _run(inp: PlanInput, prices, w: Workload, j: int) -> float:  # type: ignore[no-untyped-def]
    """Run + security of w on platform j at these prices (only what is offered is charged)."""
    p = inp.platforms[j]
    offered = prices.get((p.vendor, p.name), {})
    needs = {
        "vcpu": w.vcpu,
        "ram_gb": w.ram_gb,
        "storage_gb": w.storage_gb,
        "bandwidth_mbps": w.bandwidth_mbps,
    }
    run = sum(n * offered[r] for r, n in needs.items() if n > 0 and r in offered)
    sec = offered.get(f"security_l{w.mlps_level}", 0.0) if w.mlps_level >= 2 else 0.0
    return run + sec


def has_terms(inp: PlanInput) -> bool:
    """True when the input carries any issue-13 term (then routes are priced by _terms_bill)."""
    return (
        bool(inp.discounts or inp.system_rules)
        or any(
            q.min_qty is not None or q.max_qty is not None or q.min_annual or q.setup_fee
            for q in inp.prices
        )
        or any(p.perf_factor != 1.0 for p in inp.platforms)
    )


def _terms_bill(yinp: PlanInput, w: Workload, p: Platform) -> float:
    """What the vendor bills for w on p at these prices: offered resources only (a system held on an
    unpriced platform by its contract pays for what is priced), step prices, term/resource discounts
    (term threshold ≤ 规划年限), vCPU × 性能系数 rounded up."""
    bill = discounted_bill(yinp, w, p, skip_unpriced=True)
    assert bill is not None
    return bill


@dataclass(frozen=True)
class Route:
    locs: tuple[object, ...]
    """Per year: platform index, HOME or RETIRED."""
    cost: tuple[float, ...]
    """Per year cost (bill + one-time costs of a move that year)."""
    moved: tuple[bool, ...]
    bill: tuple[float, ...] = ()
    """Per year what the vendor bills (0 off the platforms)."""
    free: tuple[bool, ...] = ()
    """Per year True when the system is free to choose (per-system rules apply)."""


def routes(inp: PlanInput, i: int) -> list[Route]:
    """Every route of system i allowed by the contract, earliest-year, keep, retire and move rules."""
    spec = inp.years
    assert spec is not None
    years = [r.year for r in spec.years]
    w = inp.workloads[i]
    idx = {(p.vendor, p.name): j for j, p in enumerate(inp.platforms)}
    cur: object = (
        idx.get((w.current_vendor, w.current_platform), HOME) if w.current_vendor else HOME
    )
    yinps = [year_input(inp, y) for y in years]
    yprices = [annual_prices(yi) for yi in yinps]
    P = len(inp.platforms)
    terms = has_terms(inp)
    out: list[Route] = []
    for locs in itertools.product([HOME, RETIRED, *range(P)], repeat=len(years)):
        ok = True
        for t, (y, loc) in enumerate(zip(years, locs, strict=True)):
            retired = w.retire_year is not None and y >= w.retire_year
            pinned = w.keep_in_place or y < (w.contract_end_year or 0) or y < (w.earliest_year or 0)
            if retired:
                ok = loc == RETIRED
            elif pinned:
                ok = loc == cur
            else:
                ok = isinstance(loc, int) and not ineligibility(
                    yinps[t], w, inp.platforms[loc], yprices[t]
                )
            if not ok:
                break
        if not ok:
            continue
        prev = cur
        moves = 0
        costs, moved, bills = [], [], []
        for t, loc in enumerate(locs):
            c, m = 0.0, False
            if isinstance(loc, int):
                c = (
                    _terms_bill(yinps[t], w, inp.platforms[loc])
                    if terms
                    else _run(inp, yprices[t], w, loc)
                )
                bills.append(c)
            else:
                bills.append(0.0)
            if isinstance(loc, int):
                if loc != prev:
                    m = True
                    moves += 1
                    c += w.migration_cost
                    prev_xc = isinstance(prev, int) and inp.platforms[prev].xinchuang
                    if inp.platforms[loc].xinchuang and not prev_xc:
                        c += w.xinchuang_adaptation_cost
            if loc != RETIRED:
                prev = loc
            costs.append(c)
            moved.append(m)
        if moves > 1 and not spec.allow_multiple_moves:
            continue
        free = tuple(
            not (w.retire_year is not None and y >= w.retire_year)
            and not (
                w.keep_in_place or y < (w.contract_end_year or 0) or y < (w.earliest_year or 0)
            )
            for y in years
        )
        out.append(Route(tuple(locs), tuple(costs), tuple(moved), tuple(bills), free))
    return out


def _tiered(inp: PlanInput, vendor: str, spend: float) -> float:
    """The vendor's bill for spend after its volume tiers and minimum (no setup fee)."""
    tiers = sorted(
        (d.threshold, d.factor, d.mode)
        for d in inp.discounts
        if d.vendor == vendor and d.kind == "volume"
    )
    net = spend
    if tiers and tiers[0][2] == "whole":
        for t, f, _m in tiers:
            if spend >= t:
                net = f * spend
    elif tiers:
        bands = [(0.0, 1.0)] + [(t, f) for t, f, _m in tiers]
        net = 0.0
        for i, (t, f) in enumerate(bands):
            hi = bands[i + 1][0] if i + 1 < len(bands) else math.inf
            net += f * max(0.0, min(spend, hi) - t)
    minimum = max([q.min_annual or 0.0 for q in inp.prices if q.vendor == vendor] + [0.0])
    return max(net, minimum)


def year_costs(inp: PlanInput, plan: list[Route]) -> list[tuple[float, dict[str, float]]]:
    """Per year: (total cost, cost per vendor hosting a system) with the vendors' terms."""
    out = []
    used: set[str] = set()
    for t in range(len(inp.years.years)):  # type: ignore[union-attr]
        spend: dict[str, float] = {}
        once: dict[str, float] = {}
        for r in plan:
            if isinstance(r.locs[t], int):
                v = inp.platforms[r.locs[t]].vendor
                spend[v] = spend.get(v, 0.0) + r.bill[t]
                once[v] = once.get(v, 0.0) + r.cost[t] - r.bill[t]
        vc = {}
        for v, sp in spend.items():
            setup = (
                sum(q.setup_fee or 0.0 for q in inp.prices if q.vendor == v)
                if v not in used
                else 0.0
            )
            vc[v] = _tiered(inp, v, sp) + setup + once[v]
        used |= set(spend)
        out.append((sum(vc.values()), vc))
    return out


def _rules_broken(inp: PlanInput, plan: list[Route], t: int) -> bool:
    """True when the routes break a per-system rule in year t (members free that year only)."""
    names = {w.name: i for i, w in enumerate(inp.workloads)}
    for r in inp.system_rules:
        members = [names[s] for s in dict.fromkeys(r.systems)]
        free = [i for i in members if plan[i].free[t]]
        ps = [inp.platforms[plan[i].locs[t]] for i in free]  # free ⇒ on a platform
        if r.kind == "pin" and any(
            p.vendor != r.vendor or (r.platform and p.name != r.platform) for p in ps
        ):
            return True
        if r.kind == "forbid" and any(
            p.vendor == r.vendor and (not r.platform or p.name == r.platform) for p in ps
        ):
            return True
        if r.kind == "no_public" and any(p.deployment == Deployment.PUBLIC for p in ps):
            return True
        if (
            r.kind == "same_platform"
            and len(free) == len(members)
            and len({(p.vendor, p.name) for p in ps}) > 1
        ):
            return True
        if r.kind == "different_vendor" and len({p.vendor for p in ps}) < len(ps):
            return True
    return False


def _vcpu(inp: PlanInput, w: Workload, loc: object) -> float:
    """vCPU counted for w at loc: bought on a platform (性能系数), its own in the machine room."""
    if isinstance(loc, int):
        return bought_vcpu(w, inp.platforms[loc])
    return 0.0 if loc == RETIRED else w.vcpu


def violations(inp: PlanInput, plan: list[Route], tol: float = LOOSE) -> list[str]:
    """Every per-year rule the routes (one per system) break."""
    spec, pol = inp.years, inp.policy
    assert spec is not None
    out: list[str] = []
    vendors = list(dict.fromkeys(p.vendor for p in inp.platforms))
    costs = year_costs(inp, plan)
    for t, row in enumerate(spec.years):
        y = row.year
        total, vc_of = costs[t]
        budget = row.budget if row.budget is not None else pol.budget_annual
        if budget is not None and not _le(total, budget, tol):
            out.append(f"budget {y}")
        target = (
            row.min_xinchuang_share
            if row.min_xinchuang_share is not None
            else pol.min_xinchuang_share
        )
        active = sum(_vcpu(inp, w, r.locs[t]) for w, r in zip(inp.workloads, plan, strict=True))
        xc = sum(
            _vcpu(inp, w, r.locs[t])
            for w, r in zip(inp.workloads, plan, strict=True)
            if isinstance(r.locs[t], int) and inp.platforms[r.locs[t]].xinchuang
        )
        if not _le(target * active, xc, tol):
            out.append(f"xinchuang {y}")
        for v in vendors:
            if not _le(vc_of.get(v, 0.0), pol.max_vendor_share * total, tol):
                out.append(f"vendor share {y} {v}")
        if any(isinstance(r.locs[t], int) for r in plan) and len(vc_of) < pol.min_vendors:
            out.append(f"min vendors {y}")
        for j, p in enumerate(inp.platforms):
            if p.capacity_vcpu is not None:
                load = sum(
                    _vcpu(inp, w, r.locs[t])
                    for w, r in zip(inp.workloads, plan, strict=True)
                    if r.locs[t] == j
                )
                if not _le(load, p.capacity_vcpu, tol):
                    out.append(f"capacity {y} {p.label}")
        if row.max_moves is not None and sum(r.moved[t] for r in plan) > row.max_moves:
            out.append(f"max moves {y}")
        moved_vcpu = sum(w.vcpu for w, r in zip(inp.workloads, plan, strict=True) if r.moved[t])
        if row.max_move_vcpu is not None and not _le(moved_vcpu, row.max_move_vcpu, tol):
            out.append(f"max move vcpu {y}")
        if inp.system_rules and _rules_broken(inp, plan, t):
            out.append(f"system rule {y}")
    return out


def present_value(inp: PlanInput, plan: list[Route]) -> float:
    rate = inp.years.discount_rate  # type: ignore[union-attr]
    return sum(total / (1 + rate) ** t for t, (total, _vc) in enumerate(year_costs(inp, plan)))


@dataclass(frozen=True)
class YearsOptimum:
    value: float
    """Present value of the cheapest plan."""
    plan: tuple[Route, ...]


def brute_force_years(inp: PlanInput, tol: float = LOOSE) -> YearsOptimum | None:
    """The cheapest plan (present value) obeying every rule, None when there is none."""
    options = [routes(inp, i) for i in range(len(inp.workloads))]
    best: YearsOptimum | None = None
    for combo in itertools.product(*options):
        plan = list(combo)
        if violations(inp, plan, tol):
            continue
        v = present_value(inp, plan)
        if best is None or v < best.value:
            best = YearsOptimum(v, tuple(plan))
    return best


def reference_years(inp: PlanInput) -> tuple[YearsOptimum | None, bool]:
    """(optimum, ambiguous): ambiguous when STRICT and LOOSE tolerances disagree."""
    strict, loose = brute_force_years(inp, STRICT), brute_force_years(inp, LOOSE)
    if (strict is None) != (loose is None):
        return loose, True
    if strict is None or loose is None:
        return None, False
    return strict, abs(strict.value - loose.value) > 1e-9 * max(1.0, abs(strict.value))
