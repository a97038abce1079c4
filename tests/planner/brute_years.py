"""Independent reference for the multi-year plan: every system's year-by-year route by enumeration.

Written from the rules in README "分年计划" / issue 12 only. Like ``brute.py`` it uses nothing of the
engine but the frozen dataclasses of ``planner.model`` (and brute.py's eligibility test of one pair,
itself independent). Prices per year, routes, one-time costs and every per-year rule are
recomputed here in plain Python.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from brute import LOOSE, STRICT, _le, annual_prices, ineligibility

from planner.model import PlanInput, Workload

HOME = "home"  # where it is now when that is not a listed platform (machine room)
RETIRED = "retired"


def year_input(inp: PlanInput, year: int) -> PlanInput:
    """inp with the price lines of that year at that year's price (window, compounded yearly change)."""
    first = inp.years.years[0].year  # type: ignore[union-attr]
    lines = []
    for q in inp.prices:
        if (q.valid_from is not None and year < q.valid_from) or (q.valid_to is not None and year > q.valid_to):
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
    needs = {"vcpu": w.vcpu, "ram_gb": w.ram_gb, "storage_gb": w.storage_gb, "bandwidth_mbps": w.bandwidth_mbps}
    run = sum(n * offered[r] for r, n in needs.items() if n > 0 and r in offered)
    sec = offered.get(f"security_l{w.mlps_level}", 0.0) if w.mlps_level >= 2 else 0.0
    return run + sec


@dataclass(frozen=True)
class Route:
    locs: tuple[object, ...]
    """Per year: platform index, HOME or RETIRED."""
    cost: tuple[float, ...]
    """Per year cost (run + security + one-time costs of a move that year)."""
    moved: tuple[bool, ...]


def routes(inp: PlanInput, i: int) -> list[Route]:
    """Every route of system i allowed by the contract, earliest-year, keep, retire and move rules."""
    spec = inp.years
    assert spec is not None
    years = [r.year for r in spec.years]
    w = inp.workloads[i]
    idx = {(p.vendor, p.name): j for j, p in enumerate(inp.platforms)}
    cur: object = idx.get((w.current_vendor, w.current_platform), HOME) if w.current_vendor else HOME
    yinps = [year_input(inp, y) for y in years]
    yprices = [annual_prices(yi) for yi in yinps]
    P = len(inp.platforms)
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
                ok = isinstance(loc, int) and not ineligibility(yinps[t], w, inp.platforms[loc], yprices[t])
            if not ok:
                break
        if not ok:
            continue
        prev = cur
        moves = 0
        costs, moved = [], []
        for t, loc in enumerate(locs):
            c, m = 0.0, False
            if isinstance(loc, int):
                c = _run(inp, yprices[t], w, loc)
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
        out.append(Route(tuple(locs), tuple(costs), tuple(moved)))
    return out


def violations(inp: PlanInput, plan: list[Route], tol: float = LOOSE) -> list[str]:
    """Every per-year rule the routes (one per system) break."""
    spec, pol = inp.years, inp.policy
    assert spec is not None
    out: list[str] = []
    vendors = list(dict.fromkeys(p.vendor for p in inp.platforms))
    for t, row in enumerate(spec.years):
        y = row.year
        total = sum(r.cost[t] for r in plan)
        budget = row.budget if row.budget is not None else pol.budget_annual
        if budget is not None and not _le(total, budget, tol):
            out.append(f"budget {y}")
        target = row.min_xinchuang_share if row.min_xinchuang_share is not None else pol.min_xinchuang_share
        active = sum(w.vcpu for w, r in zip(inp.workloads, plan, strict=True) if r.locs[t] != RETIRED)
        xc = sum(
            w.vcpu for w, r in zip(inp.workloads, plan, strict=True)
            if isinstance(r.locs[t], int) and inp.platforms[r.locs[t]].xinchuang
        )  # fmt: skip
        if not _le(target * active, xc, tol):
            out.append(f"xinchuang {y}")
        used = set()
        for v in vendors:
            vc = sum(r.cost[t] for r in plan if isinstance(r.locs[t], int) and inp.platforms[r.locs[t]].vendor == v)
            if any(isinstance(r.locs[t], int) and inp.platforms[r.locs[t]].vendor == v for r in plan):
                used.add(v)
            if not _le(vc, pol.max_vendor_share * total, tol):
                out.append(f"vendor share {y} {v}")
        if any(isinstance(r.locs[t], int) for r in plan) and len(used) < pol.min_vendors:
            out.append(f"min vendors {y}")
        for j, p in enumerate(inp.platforms):
            if p.capacity_vcpu is not None:
                load = sum(w.vcpu for w, r in zip(inp.workloads, plan, strict=True) if r.locs[t] == j)
                if not _le(load, p.capacity_vcpu, tol):
                    out.append(f"capacity {y} {p.label}")
        if row.max_moves is not None and sum(r.moved[t] for r in plan) > row.max_moves:
            out.append(f"max moves {y}")
        moved_vcpu = sum(w.vcpu for w, r in zip(inp.workloads, plan, strict=True) if r.moved[t])
        if row.max_move_vcpu is not None and not _le(moved_vcpu, row.max_move_vcpu, tol):
            out.append(f"max move vcpu {y}")
    return out


def present_value(inp: PlanInput, plan: list[Route]) -> float:
    rate = inp.years.discount_rate  # type: ignore[union-attr]
    T = len(inp.years.years)  # type: ignore[union-attr]
    return sum(sum(r.cost[t] for r in plan) / (1 + rate) ** t for t in range(T))


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
