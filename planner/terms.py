"""Commercial terms and per-system rules: the exact rules and their MILP row families.

Two halves, each one named function per rule family (registered in planner.rules):

* the **exact rule** (:func:`tier_net`, :func:`vendor_terms`): what a vendor bills a plan given
  its volume tiers (总额阶梯), minimum annual commitment (最低消费) and setup fees (开通费) — this
  is what a plan reports and what the workbook writes as formula lines;
* the **model functions** (``add_volume_tiers``, ``add_vendor_minimums``, ``add_setup_fees``,
  ``add_pins``, ``add_forbidden``, ``add_no_public``, ``add_same_platform``,
  ``add_different_vendor``): each takes the BuiltModel (planner.milp) and writes its rows for
  every plan year at once; cost families append (column, 元 coefficient) terms to
  ``bm.cost_terms[year]`` and ``bm.vendor_cost_terms[(year, vendor)]`` so the objective, the
  budgets and the vendor-share rows all use the discounted spend.

Per vendor and plan year: the volume tiers apply to that year's spend (the bills of its systems
that year; one-time costs are not in the base), the minimum in every year it hosts a system, the
setup fee once, in the first plan year it hosts a system (a plain plan: fee ÷ 规划年限; a year
plan: the whole fee). The per-system rules apply in every year a system is free to choose (not
retired, at or after its ready year): a rule cannot break a contract.

Per-pair costs (term/resource discounts, step prices, 性能系数) live in planner.costing; the
volume-tier base of a vendor is the sum of its pairs' ``CostModel.bill`` (after those discounts).

Volume tiers (whole-spend mode): tier i (threshold T_i, factor f_i; tier 0 is T_0 = 0, f_0 = 1)
applies when T_i ≤ spend < T_{i+1}; the bill is f_i × spend. Above-threshold mode: each band
[T_i, T_{i+1}) of the spend is billed at f_i. MILP: one binary z_i and one continuous d_i per
reachable tier, Σ z_i = 1, Σ d_i = spend, T_i z_i ≤ d_i ≤ T_{i+1} z_i. At a spend exactly on a
threshold both neighbouring tiers are admitted and the cheaper (the higher tier, factors fall
with thresholds) is what the objective takes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from planner.costing import CostModel
from planner.milp import BuiltModel, free_to_choose
from planner.model import (
    Assignment,
    Deployment,
    DiscountKind,
    PlanInput,
    SystemRule,
    SystemRuleKind,
    TierMode,
    VendorTerms,
)
from planner.rules import (
    SYSTEM_RULE_LABELS,
    SYSTEM_RULE_PREFIX,
    system_rule_index,
    system_rule_key,
    system_rule_text,
)
from planner.sparse import INF
from planner.text import Msg, bi


# --- the exact rule ------------------------------------------------------------------------------
def vendor_tiers(inp: PlanInput, vendor: str) -> tuple[list[tuple[float, float]], TierMode]:
    """The vendor's volume tiers [(threshold 元, factor)] by threshold, and their mode."""
    tiers = sorted(
        (
            (float(d.threshold), float(d.factor))
            for d in inp.discounts
            if d.vendor == vendor and d.kind == DiscountKind.VOLUME
        ),
    )
    modes = [d.mode for d in inp.discounts if d.vendor == vendor and d.kind == DiscountKind.VOLUME]
    return tiers, (modes[0] if modes else TierMode.WHOLE)


def tier_net(
    spend: float, tiers: Sequence[tuple[float, float]], mode: TierMode
) -> tuple[float, int]:
    """(bill after volume tiers, index of the tier reached: 0 = none, i = tiers[i-1]) of spend."""
    reached = 0
    for i, (t, _f) in enumerate(tiers, start=1):
        if spend >= t - 1e-9:
            reached = i
    if reached == 0:
        return spend, 0
    if mode is TierMode.WHOLE:
        return tiers[reached - 1][1] * spend, reached
    bounds = [(0.0, 1.0), *tiers]
    net = 0.0
    for i, (t, f) in enumerate(bounds):
        hi = bounds[i + 1][0] if i + 1 < len(bounds) else math.inf
        net += f * max(0.0, min(spend, hi) - t)
    return net, reached


def vendor_minimum(inp: PlanInput, vendor: str) -> float:
    """最低消费 of the vendor: the largest min_annual over its price lines (0 = none)."""
    return max(
        (float(line.min_annual or 0.0) for line in inp.prices if line.vendor == vendor), default=0.0
    )


def vendor_setup_fee(inp: PlanInput, vendor: str) -> float:
    """开通费 of the vendor: Σ setup_fee over its price lines (one-time 元)."""
    return sum(float(line.setup_fee or 0.0) for line in inp.prices if line.vendor == vendor)


def has_vendor_terms(inp: PlanInput) -> bool:
    """True when some vendor has a volume tier, a minimum or a setup fee."""
    return any(d.kind == DiscountKind.VOLUME for d in inp.discounts) or any(
        line.min_annual or line.setup_fee for line in inp.prices
    )


def vendor_bill_terms(
    inp: PlanInput, vendor: str, spend: float, setup: float
) -> VendorTerms | None:
    """The bill terms of a used vendor whose systems' net prices sum to spend, setup being the
    开通费 charged in the period (exact rule; None when the vendor has no tier, minimum or fee)."""
    tiers, mode = vendor_tiers(inp, vendor)
    minimum = vendor_minimum(inp, vendor)
    if not tiers and minimum <= 0 and vendor_setup_fee(inp, vendor) <= 0:
        return None
    net, reached = tier_net(spend, tiers, mode)
    return VendorTerms(
        vendor,
        spend,
        tier_discount=spend - net,
        tier_threshold=tiers[reached - 1][0] if reached else None,
        tier_factor=tiers[reached - 1][1] if reached else 1.0,
        minimum_topup=max(0.0, minimum - net),
        setup_annual=setup,
    )


def vendor_terms(
    cm: CostModel,
    assignments: Sequence[Assignment],
    setup: Mapping[str, float] | None = None,
) -> tuple[VendorTerms, ...]:
    """The bill terms of every used vendor that has a tier, minimum or setup fee (exact rule).

    setup: the 开通费 charged in the period per vendor; default the fee spread over 规划年限 (a
    plain plan; a year plan charges it whole in the vendor's first year of use)."""
    inp = cm.input
    if not has_vendor_terms(inp):
        return ()
    spend: dict[str, float] = {}
    for a in assignments:
        spend[a.platform.vendor] = spend.get(a.platform.vendor, 0.0) + a.cost.net_price
    horizon = float(cm.policy.horizon_years)
    out = []
    for vendor in inp.vendors:
        if vendor not in spend:
            continue
        fee = vendor_setup_fee(inp, vendor) / horizon if setup is None else setup.get(vendor, 0.0)
        found = vendor_bill_terms(inp, vendor, spend[vendor], fee)
        if found is not None:
            out.append(found)
    return tuple(out)


def route_vendor_terms(bm: BuiltModel, chosen: np.ndarray) -> list[tuple[VendorTerms, ...]]:
    """Per plan year, the bill terms (exact rule) of the chosen routes (one per system, in system
    order): tiers and minimum on that year's spend, the setup fee in the vendor's first year of
    use. What the plan reports (planner.extract) and the lazy vendor-share check uses."""
    inp = bm.inp
    T = bm.num_years
    if not has_vendor_terms(inp):
        return [() for _ in range(T)]
    vidx = route_vendor(bm)[chosen]
    run = bm.routes.run[chosen]
    div = one_time_divisor(bm)
    out: list[tuple[VendorTerms, ...]] = []
    seen: set[str] = set()
    for t in range(T):
        spend: dict[int, float] = {}
        for v, b in zip(vidx[:, t].tolist(), run[:, t].tolist(), strict=True):
            if v >= 0:
                spend[v] = spend.get(v, 0.0) + b
        found: list[VendorTerms] = []
        for vi, vendor in enumerate(inp.vendors):
            if vi not in spend:
                continue
            fee = vendor_setup_fee(inp, vendor) / div if vendor not in seen else 0.0
            seen.add(vendor)
            vt = vendor_bill_terms(inp, vendor, spend[vi], fee)
            if vt is not None:
                found.append(vt)
        out.append(tuple(found))
    return out


def one_time_divisor(bm: BuiltModel) -> float:
    """What one-time costs are divided by in the year they are charged: 规划年限 for a plain plan
    (spread over the horizon, DESIGN.md §2), 1 for a year plan (in full in the year)."""
    return 1.0 if bm.year_plan else float(bm.policy.horizon_years)


# --- per-system rules: which pairs each rule touches ---------------------------------------------
def check_system_rules(inp: PlanInput) -> list[Msg]:
    """Problems of the per-system rules (unknown system, vendor or platform; group of one)."""
    names = {w.name for w in inp.workloads}
    vendors = set(inp.vendors)
    keys = {p.key for p in inp.platforms}
    out: list[Msg] = []
    for i, r in enumerate(inp.system_rules, start=1):
        for s in r.systems:
            if s not in names:
                out.append(
                    bi(
                        "第 {i} 条指定规则：没有名为「{s}」的系统",
                        "Assignment rule {i}: no system named '{s}'",
                        i=i,
                        s=s,
                    )
                )
        if r.kind in (SystemRuleKind.PIN, SystemRuleKind.FORBID):
            if r.vendor not in vendors:
                out.append(
                    bi(
                        "第 {i} 条指定规则：没有供应商「{v}」",
                        "Assignment rule {i}: no vendor '{v}'",
                        i=i,
                        v=r.vendor or "",
                    )
                )
            elif r.platform and (r.vendor, r.platform) not in keys:
                out.append(
                    bi(
                        "第 {i} 条指定规则：没有平台「{v}/{p}」",
                        "Assignment rule {i}: no platform '{v}/{p}'",
                        i=i,
                        v=r.vendor,
                        p=r.platform,
                    )
                )
        if (
            r.kind in (SystemRuleKind.SAME_PLATFORM, SystemRuleKind.DIFFERENT_VENDOR)
            and len(set(r.systems)) < 2
        ):
            out.append(
                bi(
                    "第 {i} 条指定规则：{k}须列出至少两个系统",
                    "Assignment rule {i}: {k} needs at least two systems",
                    i=i,
                    k=SYSTEM_RULE_LABELS[r.kind],
                )
            )
    return out


# --- arrays over routes ---------------------------------------------------------------------------
def route_vendor(bm: BuiltModel) -> np.ndarray:
    """(N, T) index into PlanInput.vendors of each route's vendor each year (−1 off the platforms)."""
    cache = bm.caches.get("route_vendor")
    if cache is None:
        vop = np.append(bm.cost_model.vendor_of_platform, [-1, -1])  # HOME (−1), RETIRED (−2)
        cache = vop[bm.routes.loc]
        bm.caches["route_vendor"] = cache
    return cache


def route_vcpu(bm: BuiltModel) -> np.ndarray:
    """(N, T) vCPU a route's system counts each year: bought on its platform (性能系数), its own
    vCPU in the machine room, 0 retired."""
    loc, cw = bm.routes.loc, bm.routes.col_w
    on = loc >= 0
    bought = (
        bm.cost_model.pair_vcpu[cw[:, None], np.maximum(loc, 0)] if len(cw) else np.zeros(loc.shape)
    )
    own = np.broadcast_to(bm.vcpu[cw][:, None], loc.shape)
    return np.where(on, bought, np.where(loc == -1, own, 0.0))


def free_years(bm: BuiltModel) -> np.ndarray:
    """(W, T) True in the years a system is free to choose (every system, in a plain plan)."""
    cache = bm.caches.get("free_years")
    if cache is None:
        W, T = len(bm.inp.workloads), bm.num_years
        if bm.year_plan:
            cache = np.array(
                [[free_to_choose(w, bm.years, t) for t in range(T)] for w in bm.inp.workloads],
                dtype=bool,
            ).reshape(W, T)
        else:
            cache = np.ones((W, T), dtype=bool)
        bm.caches["free_years"] = cache
    return cache


def routes_by_system(bm: BuiltModel) -> list[np.ndarray]:
    """Per workload, the indices of its routes (cached on the model)."""
    cache = bm.caches.get("routes_by_system")
    if cache is None:
        cw = bm.routes.col_w
        W = len(bm.inp.workloads)
        order = np.argsort(cw, kind="stable")
        bounds = np.searchsorted(cw[order], np.arange(W + 1))
        cache = [order[bounds[w] : bounds[w + 1]] for w in range(W)]
        bm.caches["routes_by_system"] = cache
    return cache


def vendor_routes(bm: BuiltModel) -> dict[tuple[int, int], np.ndarray]:
    """(year index, vendor index) → the routes on that vendor that year (in route order)."""
    cache = bm.caches.get("vendor_routes")
    if cache is None:
        vidx = route_vendor(bm)
        cache = {}
        for t in range(bm.num_years):
            col = vidx[:, t]
            order = np.argsort(col, kind="stable")
            vs, starts = np.unique(col[order], return_index=True)
            ends = np.append(starts[1:], len(order))[: len(starts)]
            for v, a, b in zip(vs.tolist(), starts.tolist(), ends.tolist(), strict=True):
                if v >= 0:
                    cache[(t, int(v))] = order[a:b]
        bm.caches["vendor_routes"] = cache
    return cache


def year_terms(
    bm: BuiltModel, t: int, vendor: str | None = None, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """(columns, coefficients × scale) of the extra cost terms of year t (of one vendor)."""
    terms = (
        bm.cost_terms.get(t, []) if vendor is None else bm.vendor_cost_terms.get((t, vendor), [])
    )
    return (
        np.array([c for c, _ in terms], dtype=np.int64),
        np.array([v * scale for _, v in terms], dtype=float),
    )


def _tag(bm: BuiltModel, t: int, vi: int) -> str:
    """Name suffix of a vendor's columns and rows: its index (a plain plan), year_index (a year)."""
    return str(vi) if not bm.year_plan else f"{bm.years[t]}_{vi}"


def _targets(inp: PlanInput, r: SystemRule) -> np.ndarray:
    """Platform mask (P,) of a pin/forbid rule's vendor (and platform)."""
    return np.array(
        [p.vendor == r.vendor and (not r.platform or p.name == r.platform) for p in inp.platforms],
        dtype=bool,
    )


def _active_rules(bm: BuiltModel, kind: SystemRuleKind) -> list[tuple[int, list[int]]]:
    """(index, member workload indices) of the rules of a kind that are not dropped."""
    dropped = bm.options.dropped_system_rules
    idx = {w.name: i for i, w in enumerate(bm.inp.workloads)}
    return [
        (i, [idx[s] for s in dict.fromkeys(r.systems) if s in idx])
        for i, r in enumerate(bm.inp.system_rules)
        if r.kind is kind and i not in dropped
    ]


def _close_routes(
    bm: BuiltModel, name: str, bad_platform: np.ndarray, i: int, members: Sequence[int]
) -> None:
    """Σ x = 0 over each member's routes on a bad platform in a year the member is free."""
    free = free_years(bm)
    bad = np.append(bad_platform, [False, False])  # HOME, RETIRED are never closed
    for w in members:
        ks = routes_by_system(bm)[w]
        closed = ks[(bad[bm.routes.loc[ks]] & free[w][None, :]).any(axis=1)]
        if len(closed):
            bm.model.add_row(bm.x[closed], 1.0, 0.0, 0.0, f"{name}_{i}_{w}")


# --- model functions: per-system rules (rows of planner.sparse.SparseModel) ----------------------
def add_pins(bm: BuiltModel) -> None:
    """固定到: in every free year the system is on the given platform (or vendor)."""
    for i, members in _active_rules(bm, SystemRuleKind.PIN):
        _close_routes(bm, "pin", ~_targets(bm.inp, bm.inp.system_rules[i]), i, members)


def add_forbidden(bm: BuiltModel) -> None:
    """禁止: in no free year is the system on the given vendor (or platform)."""
    for i, members in _active_rules(bm, SystemRuleKind.FORBID):
        _close_routes(bm, "forbid", _targets(bm.inp, bm.inp.system_rules[i]), i, members)


def add_no_public(bm: BuiltModel) -> None:
    """不上公有云: in no free year is the system on public cloud."""
    public = np.array([p.deployment == Deployment.PUBLIC for p in bm.inp.platforms], dtype=bool)
    for i, members in _active_rules(bm, SystemRuleKind.NO_PUBLIC):
        _close_routes(bm, "no_public", public, i, members)


def add_same_platform(bm: BuiltModel) -> None:
    """同平台: in every year all members are free, they are on one platform (per platform p that
    some of them may use: Σ x of the first member's routes on p = Σ x of each other member's)."""
    free = free_years(bm)
    loc, x = bm.routes.loc, bm.x
    for i, members in _active_rules(bm, SystemRuleKind.SAME_PLATFORM):
        if len(members) < 2:
            continue
        first = routes_by_system(bm)[members[0]]
        for t in np.nonzero(free[members].all(axis=0))[0]:
            for w in members[1:]:
                other = routes_by_system(bm)[w]
                plat = np.concatenate([loc[first, t], loc[other, t]])
                used, rows = np.unique(plat, return_inverse=True)
                tag = f"{i}_{w}" if not bm.year_plan else f"{i}_{bm.years[t]}_{w}"
                bm.model.add_rows(
                    rows.ravel(),
                    np.concatenate([x[first], x[other]]),
                    np.concatenate([np.ones(len(first)), -np.ones(len(other))]),
                    0.0,
                    0.0,
                    names=[f"same_{tag}_{p}" for p in used.tolist()],
                    count=len(used),
                )


def add_different_vendor(bm: BuiltModel) -> None:
    """不同供应商: each year, at most one of the members free that year on each vendor."""
    free = free_years(bm)
    vidx = route_vendor(bm)
    for i, members in _active_rules(bm, SystemRuleKind.DIFFERENT_VENDOR):
        if len(members) < 2:
            continue
        for t in range(bm.num_years):
            now = [w for w in members if free[w, t]]
            if len(now) < 2:
                continue
            ks = np.concatenate([routes_by_system(bm)[w] for w in now])
            v = vidx[ks, t]
            many = np.bincount(v[v >= 0], minlength=len(bm.inp.vendors))
            keep = (v >= 0) & (many[np.maximum(v, 0)] > 1)
            if not keep.any():
                continue
            vs, rows = np.unique(v[keep], return_inverse=True)
            tag = f"{i}" if not bm.year_plan else f"{i}_{bm.years[t]}"
            bm.model.add_rows(
                rows.ravel(),
                bm.x[ks[keep]],
                1.0,
                -INF,
                1.0,
                names=[f"diff_vendor_{tag}_{u}" for u in vs.tolist()],
                count=len(vs),
            )


# --- model functions: vendor terms --------------------------------------------------------------
def _spend_terms(bm: BuiltModel, ks: np.ndarray, t: int) -> list[tuple[int, float]]:
    return [(int(c), float(b)) for c, b in zip(bm.x[ks], bm.routes.run[ks, t], strict=True)]


def _max_spend(bm: BuiltModel, ks: np.ndarray, t: int) -> float:
    """Largest spend of routes ks in year t: Σ over systems of their dearest route there."""
    best: dict[int, float] = {}
    for w, b in zip(bm.routes.col_w[ks].tolist(), bm.routes.run[ks, t].tolist(), strict=True):
        best[w] = max(best.get(w, 0.0), b)
    return float(sum(best.values()))


def _add_cost(bm: BuiltModel, t: int, vendor: str, terms: Sequence[tuple[int, float]]) -> None:
    bm.cost_terms.setdefault(t, []).extend(terms)
    bm.vendor_cost_terms.setdefault((t, vendor), []).extend(terms)


def tier_rows(
    model: Any,
    spend: Sequence[tuple[int, float]],
    tiers: Sequence[tuple[float, float]],
    mode: TierMode,
    top: float,
    tag: str,
) -> list[tuple[int, float]]:
    """The tier binaries of one spend (Σ coef·column, at most top 元) on model; returns the
    (column, 元) terms of the tier discount (negative costs). Tiers above top are left out."""
    reach = [(t, f) for t, f in tiers if t <= top + 1e-9]
    if not reach:
        return []
    bounds = [(0.0, 1.0), *reach]
    zs: list[int] = []
    ds: list[int] = []
    link: list[tuple[int, float]] = []
    for i, (t, f) in enumerate(bounds):
        hi = bounds[i + 1][0] if i + 1 < len(bounds) else top
        z = model.add_column(f"tier_z_{tag}_{i}", 0.0, 1.0, integer=True)
        d = model.add_column(f"tier_d_{tag}_{i}", 0.0, INF)
        zs.append(z)
        ds.append(d)
        _mrow(model, [(d, 1.0), (z, -t)], 0.0, INF, f"tier_lo_{tag}_{i}")
        _mrow(model, [(d, 1.0), (z, -hi)], -INF, 0.0, f"tier_hi_{tag}_{i}")
        # discount of this tier, as a (negative) cost
        if mode is TierMode.WHOLE:
            link.append((d, -(1.0 - f)))
        else:
            net_at_t, _ = tier_net(t, reach, TierMode.ABOVE)
            link += [(d, -(1.0 - f)), (z, -(f * t - net_at_t))]
    _mrow(model, [(z, 1.0) for z in zs], 1.0, 1.0, f"tier_one_{tag}")
    _mrow(
        model, [(d, 1.0) for d in ds] + [(x, -b) for x, b in spend], 0.0, 0.0, f"tier_split_{tag}"
    )
    # exactly one z is 1: the solver may instead solve once per interval (planner.solvers)
    model.add_choice_group(zs)
    return [(c, v) for c, v in link if v != 0.0]


def minimum_rows(
    model: Any, on: int, net: Sequence[tuple[int, float]], minimum: float, big: float, tag: str
) -> int:
    """The top-up column of a minimum: exactly max(0, minimum − net) when on = 1, 0 when on = 0
    (net = the bill after tiers as (column, 元) terms, big ≥ its largest value)."""
    top = model.add_column(f"min_topup_{tag}", 0.0, INF)
    short = model.add_column(f"min_short_{tag}", 0.0, 1.0, integer=True)
    # top ≥ minimum·on − net
    _mrow(model, [(top, 1.0), (on, -minimum), *net], 0.0, INF, f"min_ge_{tag}")
    # top ≤ minimum·short and top ≤ minimum·on − net + big·(1 − short): exactly max(0, ·)
    _mrow(model, [(top, 1.0), (short, -minimum)], -INF, 0.0, f"min_cap_{tag}")
    big = big + minimum
    _mrow(model, [(top, 1.0), (on, -minimum), *net, (short, big)], -INF, big, f"min_le_{tag}")
    return int(top)


def _mrow(
    model: Any, terms: Sequence[tuple[int, float]], lower: float, upper: float, name: str
) -> None:
    """One row lower ≤ Σ coef·column ≤ upper of (column, coef) terms."""
    cols = np.array([c for c, _ in terms], dtype=np.int64)
    vals = np.array([v for _, v in terms], dtype=float)
    model.add_row(cols, vals, lower, upper, name)


def add_volume_tiers(bm: BuiltModel) -> None:
    """总额阶梯: each vendor's bill after its volume tiers, each year, by tier binaries (exact)."""
    inp = bm.inp
    for vi, vendor in enumerate(inp.vendors):
        tiers, mode = vendor_tiers(inp, vendor)
        if not tiers:
            continue
        for t in range(bm.num_years):
            ks = vendor_routes(bm).get((t, vi))
            if ks is None:
                continue
            link = tier_rows(
                bm.model,
                _spend_terms(bm, ks, t),
                tiers,
                mode,
                _max_spend(bm, ks, t),
                _tag(bm, t, vi),
            )
            if link:
                bm.tier_terms[(t, vendor)] = link
                _add_cost(bm, t, vendor, link)


def _vendor_on(bm: BuiltModel, t: int, vi: int) -> int:
    """Column of a binary equal to 1 exactly when vendor vi hosts a system in year t."""
    vendor = bm.inp.vendors[vi]
    on = bm.vendor_on.get((t, vendor))
    if on is not None:
        return on
    ks = vendor_routes(bm)[(t, vi)]
    tag = _tag(bm, t, vi)
    on = bm.model.add_column(f"vendor_on_{tag}", 0.0, 1.0, integer=True)
    bm.vendor_on[(t, vendor)] = on
    cols = bm.x[ks]
    bm.model.add_row(
        np.append(cols, on), np.append(np.ones(len(ks)), -1.0), 0.0, INF, f"vendor_on_lo_{tag}"
    )
    # any route of a system on the vendor that year switches it on: Σ_{k of w} x_k − on ≤ 0
    ws, row = np.unique(bm.routes.col_w[ks], return_inverse=True)
    n = len(ws)
    bm.model.add_rows(
        np.concatenate([row.ravel(), np.arange(n)]),
        np.concatenate([cols, np.full(n, on)]),
        np.concatenate([np.ones(len(ks)), -np.ones(n)]),
        -INF,
        0.0,
        names=[f"vendor_on_{tag}_{w}" for w in ws.tolist()],
        count=n,
    )
    return on


def add_vendor_minimums(bm: BuiltModel) -> None:
    """最低消费: in every year a vendor hosts a system it bills at least its minimum; the top-up is
    exactly max(0, minimum − bill after tiers)."""
    inp = bm.inp
    for vi, vendor in enumerate(inp.vendors):
        minimum = vendor_minimum(inp, vendor)
        if minimum <= 0:
            continue
        for t in range(bm.num_years):
            ks = vendor_routes(bm).get((t, vi))
            if ks is None:
                continue
            on = _vendor_on(bm, t, vi)
            net = _spend_terms(bm, ks, t) + list(bm.tier_terms.get((t, vendor), []))
            top = minimum_rows(bm.model, on, net, minimum, _max_spend(bm, ks, t), _tag(bm, t, vi))
            _add_cost(bm, t, vendor, [(top, 1.0)])


def add_setup_fees(bm: BuiltModel) -> None:
    """开通费 once, in the first plan year the vendor hosts a system (÷ 规划年限 in a plain plan).

    u_t = 1 exactly when the vendor hosts a system in some year s ≤ t (u_t ≥ u_{t−1}, u_t ≥ on_t,
    u_t ≤ Σ_{s≤t} on_s); year t pays fee·(u_t − u_{t−1}). In the first year the vendor can host a
    system u is that year's on. Exact both ways: a larger total could otherwise loosen the
    vendor-share rows."""
    inp = bm.inp
    div = one_time_divisor(bm)
    hosts = vendor_routes(bm)
    for vi, vendor in enumerate(inp.vendors):
        fee = vendor_setup_fee(inp, vendor)
        if fee <= 0:
            continue
        fee = fee / div
        ons: list[int] = []
        prev: int | None = None
        for t in range(bm.num_years):
            here = (t, vi) in hosts
            if here:
                ons.append(_vendor_on(bm, t, vi))
            if not ons:
                continue  # not used by year t: u_t = 0
            if prev is None:
                prev = ons[-1]
                _add_cost(bm, t, vendor, [(prev, fee)])
                continue
            tag = _tag(bm, t, vi)
            u = bm.model.add_column(f"setup_used_{tag}", 0.0, 1.0)
            bm.model.add_row(
                np.array([u, prev]), np.array([1.0, -1.0]), 0.0, INF, f"setup_keep_{tag}"
            )
            if here:
                bm.model.add_row(
                    np.array([u, ons[-1]]), np.array([1.0, -1.0]), 0.0, INF, f"setup_on_{tag}"
                )
            bm.model.add_row(
                np.array([u, *ons]),
                np.array([1.0] + [-1.0] * len(ons)),
                -INF,
                0.0,
                f"setup_le_{tag}",
            )
            _add_cost(bm, t, vendor, [(u, fee), (prev, -fee)])
            prev = u


#: The model functions by name (the registry, planner.rules, names them).
MODEL_FUNCTIONS: dict[str, Callable[[BuiltModel], None]] = {
    f.__name__: f
    for f in (
        add_volume_tiers,
        add_vendor_minimums,
        add_setup_fees,
        add_pins,
        add_forbidden,
        add_no_public,
        add_same_platform,
        add_different_vendor,
    )
}


def assignment_rule_broken(inp: PlanInput, r: SystemRule, where: Mapping[str, Any]) -> bool:
    """True when the placement where (system name → Platform) breaks rule r (exact rule)."""
    placed = [where[s] for s in r.systems if s in where]
    if r.kind is SystemRuleKind.PIN:
        return any(p.vendor != r.vendor or (r.platform and p.name != r.platform) for p in placed)
    if r.kind is SystemRuleKind.FORBID:
        return any(
            p.vendor == r.vendor and (not r.platform or p.name == r.platform) for p in placed
        )
    if r.kind is SystemRuleKind.NO_PUBLIC:
        return any(p.deployment == Deployment.PUBLIC for p in placed)
    if r.kind is SystemRuleKind.SAME_PLATFORM:
        return len({p.key for p in placed}) > 1
    vendors = [p.vendor for p in placed]
    return len(set(vendors)) < len(vendors)


__all__ = [
    "MODEL_FUNCTIONS",
    "SYSTEM_RULE_LABELS",
    "SYSTEM_RULE_PREFIX",
    "assignment_rule_broken",
    "check_system_rules",
    "free_years",
    "has_vendor_terms",
    "one_time_divisor",
    "route_vcpu",
    "route_vendor",
    "route_vendor_terms",
    "routes_by_system",
    "system_rule_index",
    "system_rule_key",
    "system_rule_text",
    "tier_net",
    "vendor_bill_terms",
    "vendor_minimum",
    "vendor_routes",
    "vendor_setup_fee",
    "vendor_terms",
    "vendor_tiers",
    "year_terms",
]
