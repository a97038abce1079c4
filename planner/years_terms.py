"""Commercial terms and per-system rules in the year-by-year plan: one named function per family.

The year model (planner.years) has one binary per route (a system's location in every plan year).
The per-pair terms (term/resource discounts, step prices, 性能系数 prices) are already in each
year's CostModel.bill, which is a route's yearly run cost. What this module adds, per plan year:

- ``add_year_volume_tiers``: 总额阶梯 on each vendor's spend of that year (Σ bill of its systems
  that year; one-time costs are not in the base), by the tier binaries of planner.terms;
- ``add_year_vendor_minimums``: 最低消费 of each vendor in each year it hosts a system, top-up
  exactly max(0, minimum − bill after tiers);
- ``add_year_setup_fees``: 开通费 in full in the first plan year the vendor hosts a system;
- ``add_year_pins``, ``add_year_forbidden``, ``add_year_no_public``, ``add_year_same_platform``,
  ``add_year_different_vendor``: the per-system rules (指定规则) in every year the system is free
  to choose (active, at or after its ready year); in a year it is held where it is (contract,
  最早上云, 保持不动) or retired the rule does not apply — a rule cannot break a contract.

Cost families append (column, 元) terms to ``ym.cost_terms[t]`` and ``ym.vendor_cost_terms[(t,
vendor)]``; planner.years adds them to the year totals, budgets, vendor-share rows and objective.
The exact cost of a plan's year (what the plan reports and the lazy vendor-share check uses) is
:func:`year_terms_of_routes`, built on planner.terms' exact rule functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from planner.milp import YearsModel, free_to_choose
from planner.model import Deployment, SystemRule, SystemRuleKind, VendorTerms
from planner.sparse import INF
from planner.terms import (
    minimum_rows,
    tier_rows,
    vendor_bill_terms,
    vendor_minimum,
    vendor_setup_fee,
    vendor_tiers,
)


# --- arrays over routes ---------------------------------------------------------------------------
def route_vendor(ym: YearsModel) -> np.ndarray:
    """(N, T) index into PlanInput.vendors of each route's vendor each year (−1 off the platforms)."""
    vop = np.append(ym.cms[0].vendor_of_platform, [-1, -1])  # HOME (−1), RETIRED (−2)
    return vop[ym.paths.loc]


def route_vcpu(ym: YearsModel) -> np.ndarray:
    """(N, T) vCPU a route's system counts each year: bought on its platform (性能系数), its own
    vCPU in the machine room, 0 retired."""
    loc, cw = ym.paths.loc, ym.paths.col_w
    on = loc >= 0
    bought = (
        ym.cms[0].pair_vcpu[cw[:, None], np.maximum(loc, 0)] if len(cw) else np.zeros(loc.shape)
    )
    own = np.broadcast_to(ym.vcpu[cw][:, None], loc.shape)
    return np.where(on, bought, np.where(loc == -1, own, 0.0))


def free_years(ym: YearsModel) -> np.ndarray:
    """(W, T) True in the years a system is free to choose (planner.years.free_to_choose)."""
    cache = ym.caches.get("free_years")
    if cache is None:
        T = len(ym.years)
        cache = np.array(
            [[free_to_choose(w, ym.years, t) for t in range(T)] for w in ym.inp.workloads],
            dtype=bool,
        ).reshape(len(ym.inp.workloads), T)
        ym.caches["free_years"] = cache
    return cache


def routes_by_system(ym: YearsModel) -> list[np.ndarray]:
    """Per workload, the indices of its routes (cached on the model)."""
    cache = ym.caches.get("routes_by_system")
    if cache is None:
        cw = ym.paths.col_w
        order = np.argsort(cw, kind="stable")
        bounds = np.searchsorted(cw[order], np.arange(len(ym.inp.workloads) + 1))
        cache = [order[bounds[w] : bounds[w + 1]] for w in range(len(ym.inp.workloads))]
        ym.caches["routes_by_system"] = cache
    return cache


def _add_cost(ym: YearsModel, t: int, vendor: str, terms: Sequence[tuple[int, float]]) -> None:
    ym.cost_terms.setdefault(t, []).extend(terms)
    ym.vendor_cost_terms.setdefault((t, vendor), []).extend(terms)


def _max_spend(ym: YearsModel, ks: np.ndarray, t: int) -> float:
    """Largest spend of routes ks in year t: Σ over systems of their dearest route there."""
    best = np.zeros(len(ym.inp.workloads))
    np.maximum.at(best, ym.paths.col_w[ks], ym.paths.run[ks, t])
    return float(best.sum())


def _spend_terms(ym: YearsModel, ks: np.ndarray, t: int) -> list[tuple[int, float]]:
    return [(int(c), float(b)) for c, b in zip(ym.x[ks], ym.paths.run[ks, t], strict=True)]


def _vendor_years(ym: YearsModel) -> dict[tuple[int, int], np.ndarray]:
    """(year index, vendor index) → routes on that vendor that year."""
    cache = ym.caches.get("vendor_routes")
    if cache is None:
        vidx = route_vendor(ym)
        cache = {}
        for t in range(len(ym.years)):
            for v in np.unique(vidx[:, t]):
                if v >= 0:
                    cache[(t, int(v))] = np.nonzero(vidx[:, t] == v)[0]
        ym.caches["vendor_routes"] = cache
    return cache


def _vendor_on(ym: YearsModel, t: int, vi: int) -> int:
    """Column of a binary equal to 1 exactly when vendor vi hosts a system in year t."""
    key = (t, vi)
    on = ym.vendor_on.get(key)
    if on is not None:
        return on
    ks = _vendor_years(ym)[key]
    tag = f"{ym.years[t]}_{vi}"
    on = ym.model.add_column(f"vendor_on_{tag}", 0.0, 1.0, integer=True)
    ym.vendor_on[key] = on
    cols = ym.x[ks]
    ym.model.add_row(
        np.append(cols, on), np.append(np.ones(len(ks)), -1.0), 0.0, INF, f"vendor_on_lo_{tag}"
    )
    # any route of a system on the vendor that year switches it on: Σ_{k of w} x_k − on ≤ 0
    ws, row = np.unique(ym.paths.col_w[ks], return_inverse=True)
    n = len(ws)
    ym.model.add_rows(
        np.concatenate([row.ravel(), np.arange(n)]),
        np.concatenate([cols, np.full(n, on)]),
        np.concatenate([np.ones(len(ks)), -np.ones(n)]),
        -INF,
        0.0,
        names=f"vendor_on_{tag}",
        count=n,
    )
    return on


# --- vendor terms ---------------------------------------------------------------------------------
def add_year_volume_tiers(ym: YearsModel) -> None:
    """总额阶梯 per vendor and year, on that year's spend (Σ bill of the vendor's systems)."""
    inp = ym.inp
    for vi, vendor in enumerate(inp.vendors):
        tiers, mode = vendor_tiers(inp, vendor)
        if not tiers:
            continue
        for t in range(len(ym.years)):
            ks = _vendor_years(ym).get((t, vi))
            if ks is None:
                continue
            link = tier_rows(
                ym.model,
                _spend_terms(ym, ks, t),
                tiers,
                mode,
                _max_spend(ym, ks, t),
                f"{ym.years[t]}_{vi}",
            )
            if link:
                ym.tier_terms[(t, vendor)] = link
                _add_cost(ym, t, vendor, link)


def add_year_vendor_minimums(ym: YearsModel) -> None:
    """最低消费 per vendor and year it hosts a system: top-up = max(0, minimum − bill after tiers)."""
    inp = ym.inp
    for vi, vendor in enumerate(inp.vendors):
        minimum = vendor_minimum(inp, vendor)
        if minimum <= 0:
            continue
        for t in range(len(ym.years)):
            ks = _vendor_years(ym).get((t, vi))
            if ks is None:
                continue
            on = _vendor_on(ym, t, vi)
            net = _spend_terms(ym, ks, t) + list(ym.tier_terms.get((t, vendor), []))
            top = minimum_rows(
                ym.model, on, net, minimum, _max_spend(ym, ks, t), f"{ym.years[t]}_{vi}"
            )
            _add_cost(ym, t, vendor, [(top, 1.0)])


def add_year_setup_fees(ym: YearsModel) -> None:
    """开通费 in full in the first plan year the vendor hosts a system.

    u_t = 1 exactly when the vendor hosts a system in some year s ≤ t (u_t ≥ u_{t−1}, u_t ≥ on_t,
    u_t ≤ Σ_{s≤t} on_s); year t pays fee·(u_t − u_{t−1}). Exact both ways: a larger total could
    otherwise loosen the vendor-share rows."""
    inp = ym.inp
    for vi, vendor in enumerate(inp.vendors):
        fee = vendor_setup_fee(inp, vendor)
        if fee <= 0:
            continue
        ons: list[int] = []
        prev: int | None = None
        for t in range(len(ym.years)):
            if (t, vi) in _vendor_years(ym):
                ons.append(_vendor_on(ym, t, vi))
            if not ons:
                continue  # not used by year t: u_t = 0
            tag = f"{ym.years[t]}_{vi}"
            u = ym.model.add_column(f"setup_used_{tag}", 0.0, 1.0)
            if prev is not None:
                ym.model.add_row(
                    np.array([u, prev]), np.array([1.0, -1.0]), 0.0, INF, f"setup_keep_{tag}"
                )
            if (t, vi) in _vendor_years(ym):
                ym.model.add_row(
                    np.array([u, ons[-1]]), np.array([1.0, -1.0]), 0.0, INF, f"setup_on_{tag}"
                )
            ym.model.add_row(
                np.array([u, *ons]),
                np.array([1.0] + [-1.0] * len(ons)),
                -INF,
                0.0,
                f"setup_le_{tag}",
            )
            terms = [(u, fee)] + ([(prev, -fee)] if prev is not None else [])
            _add_cost(ym, t, vendor, terms)
            prev = u


# --- per-system rules -----------------------------------------------------------------------------
def _rules(ym: YearsModel, kind: SystemRuleKind) -> list[tuple[int, SystemRule, list[int]]]:
    """(index, rule, member workload indices) of the active rules of a kind."""
    dropped = ym.options.dropped_system_rules
    idx = {w.name: i for i, w in enumerate(ym.inp.workloads)}
    return [
        (i, r, [idx[s] for s in dict.fromkeys(r.systems) if s in idx])
        for i, r in enumerate(ym.inp.system_rules)
        if r.kind is kind and i not in dropped
    ]


def _close_routes(
    ym: YearsModel, name: str, bad_platform: np.ndarray, rule: tuple[int, SystemRule, list[int]]
) -> None:
    """Σ x = 0 over each member's routes on a bad platform in a year the member is free."""
    free = free_years(ym)
    bad = np.append(bad_platform, [False, False])  # HOME, RETIRED are never closed
    i, _r, members = rule
    for w in members:
        ks = routes_by_system(ym)[w]
        closed = ks[(bad[ym.paths.loc[ks]] & free[w][None, :]).any(axis=1)]
        if len(closed):
            ym.model.add_row(ym.x[closed], 1.0, 0.0, 0.0, f"{name}_{i}_{w}")


def _target(ym: YearsModel, r: SystemRule) -> np.ndarray:
    return np.array(
        [
            p.vendor == r.vendor and (not r.platform or p.name == r.platform)
            for p in ym.inp.platforms
        ],
        dtype=bool,
    )


def add_year_pins(ym: YearsModel) -> None:
    """固定到: in every free year the system is on the given platform (or vendor)."""
    for rule in _rules(ym, SystemRuleKind.PIN):
        _close_routes(ym, "pin", ~_target(ym, rule[1]), rule)


def add_year_forbidden(ym: YearsModel) -> None:
    """禁止: in no free year is the system on the given vendor (or platform)."""
    for rule in _rules(ym, SystemRuleKind.FORBID):
        _close_routes(ym, "forbid", _target(ym, rule[1]), rule)


def add_year_no_public(ym: YearsModel) -> None:
    """不上公有云: in no free year is the system on public cloud."""
    public = np.array([p.deployment == Deployment.PUBLIC for p in ym.inp.platforms], dtype=bool)
    for rule in _rules(ym, SystemRuleKind.NO_PUBLIC):
        _close_routes(ym, "no_public", public, rule)


def add_year_same_platform(ym: YearsModel) -> None:
    """同平台: in every year all members are free, they are on one platform (per platform p:
    Σ x of the first member's routes on p = Σ x of each other member's routes on p)."""
    free = free_years(ym)
    P = len(ym.inp.platforms)
    for i, _r, members in _rules(ym, SystemRuleKind.SAME_PLATFORM):
        if len(members) < 2:
            continue
        first = routes_by_system(ym)[members[0]]
        for t in np.nonzero(free[members].all(axis=0))[0]:
            for w in members[1:]:
                other = routes_by_system(ym)[w]
                rows = np.concatenate([ym.paths.loc[first, t], ym.paths.loc[other, t]])
                cols = np.concatenate([ym.x[first], ym.x[other]])
                vals = np.concatenate([np.ones(len(first)), -np.ones(len(other))])
                ym.model.add_rows(
                    rows, cols, vals, 0.0, 0.0, names=f"same_{i}_{ym.years[t]}_{w}", count=P
                )


def add_year_different_vendor(ym: YearsModel) -> None:
    """不同供应商: each year, at most one of the members that are free that year on each vendor."""
    free = free_years(ym)
    vidx = route_vendor(ym)
    V = len(ym.inp.vendors)
    for i, _r, members in _rules(ym, SystemRuleKind.DIFFERENT_VENDOR):
        for t in range(len(ym.years)):
            now = [w for w in members if free[w, t]]
            if len(now) < 2:
                continue
            ks = np.concatenate([routes_by_system(ym)[w] for w in now])
            ym.model.add_rows(
                vidx[ks, t],
                ym.x[ks],
                1.0,
                -INF,
                1.0,
                names=f"diff_vendor_{i}_{ym.years[t]}",
                count=V,
            )


#: The year model's term and per-system rule families by name (planner.rules.YEAR_RULES names them).
TERMS_FUNCTIONS: dict[str, Callable[[YearsModel], None]] = {
    f.__name__: f
    for f in (
        add_year_volume_tiers,
        add_year_vendor_minimums,
        add_year_setup_fees,
        add_year_pins,
        add_year_forbidden,
        add_year_no_public,
        add_year_same_platform,
        add_year_different_vendor,
    )
}


# --- the exact rule -------------------------------------------------------------------------------
def year_terms_of_routes(ym: YearsModel, chosen: np.ndarray) -> list[tuple[VendorTerms, ...]]:
    """Per plan year, the bill terms of every vendor used that year with a tier, minimum or setup fee,
    for the chosen routes (one per system): tiers and minimum on that year's spend, the whole 开通费
    in the vendor's first year of use (exact rule, planner.terms)."""
    inp = ym.inp
    vidx = route_vendor(ym)[chosen]
    run = ym.paths.run[chosen]
    out: list[tuple[VendorTerms, ...]] = []
    seen: set[str] = set()
    for t in range(len(ym.years)):
        found: list[VendorTerms] = []
        for vi, vendor in enumerate(inp.vendors):
            here = vidx[:, t] == vi
            if not here.any():
                continue
            setup = vendor_setup_fee(inp, vendor) if vendor not in seen else 0.0
            seen.add(vendor)
            vt = vendor_bill_terms(inp, vendor, float(run[here, t].sum()), setup)
            if vt is not None:
                found.append(vt)
        out.append(tuple(found))
    return out
