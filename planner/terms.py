"""Commercial terms and per-system rules: the exact rules and their MILP row families.

Two halves, each one named function per rule family (registered in planner.rules):

* the **exact rule** (:func:`tier_net`, :func:`vendor_terms`): what a vendor bills a plan given
  its volume tiers (总额阶梯), minimum annual commitment (最低消费) and setup fees (开通费) — this
  is what a plan reports and what the workbook writes as formula lines;
* the **model functions** (``add_volume_tiers``, ``add_vendor_minimums``, ``add_setup_fees``,
  ``add_pins``, ``add_forbidden``, ``add_no_public``, ``add_same_platform``,
  ``add_different_vendor``), written in the PuLP style of planner.optimize: they take the
  BuiltModel and add rows; cost families append (variable, 元 coefficient) terms to
  ``bm.cost_terms`` and ``bm.vendor_cost_terms[vendor]`` so the objective, the budget and the
  vendor-share rows all use the discounted spend.

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
from planner.milp import BuiltModel
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


def vendor_terms(cm: CostModel, assignments: Sequence[Assignment]) -> tuple[VendorTerms, ...]:
    """The bill terms of every used vendor that has a tier, minimum or setup fee (exact rule);
    the setup fee is spread over the horizon (a single-year plan)."""
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
        found = vendor_bill_terms(
            inp, vendor, spend[vendor], vendor_setup_fee(inp, vendor) / horizon
        )
        if found is not None:
            out.append(found)
    return tuple(out)


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


def _targets(cm: CostModel, r: SystemRule) -> np.ndarray:
    """Platform mask (P,) of a pin/forbid rule's vendor (and platform)."""
    return np.array(
        [p.vendor == r.vendor and (not r.platform or p.name == r.platform) for p in cm.platforms],
        dtype=bool,
    )


def _active_rules(bm: BuiltModel, kind: SystemRuleKind) -> list[tuple[int, SystemRule]]:
    dropped = bm.options.dropped_system_rules
    return [
        (i, r)
        for i, r in enumerate(bm.cost_model.input.system_rules)
        if r.kind is kind and i not in dropped
    ]


def _pairs_by_workload(bm: BuiltModel) -> dict[int, np.ndarray]:
    cache: dict[int, np.ndarray] | None = bm.caches.get("pairs_by_workload")
    if cache is None:
        order = np.argsort(bm.pair_w, kind="stable")
        W = len(bm.cost_model.workloads)
        bounds = np.searchsorted(bm.pair_w[order], np.arange(W + 1))
        cache = {w: order[bounds[w] : bounds[w + 1]] for w in range(W)}
        bm.caches["pairs_by_workload"] = cache
    return cache


def _w_index(bm: BuiltModel) -> dict[str, int]:
    return {w.name: i for i, w in enumerate(bm.cost_model.workloads)}


def _row(
    bm: Any, terms: Sequence[tuple[int, float]], lower: float, upper: float, name: str
) -> None:
    """One row lower ≤ Σ coef·column ≤ upper of (column, coef) terms on the BuiltModel's model."""
    _mrow(bm.model, terms, lower, upper, name)


def _zero_pairs(bm: BuiltModel, name: str, ks: Sequence[int] | np.ndarray) -> None:
    """Σ x over pairs ks = 0 (the pairs are closed)."""
    if len(ks):
        bm.model.add_row(np.asarray(ks, dtype=np.int64), 1.0, 0.0, 0.0, name)


def _closed_pairs(bm: BuiltModel, w: int, platform_mask: np.ndarray) -> np.ndarray:
    ks = _pairs_by_workload(bm)[w]
    return ks[platform_mask[bm.pair_p[ks]]]


# --- model functions: per-system rules (rows of planner.sparse.SparseModel) ----------------------
def add_pins(bm: BuiltModel) -> None:
    """固定到: the system's pairs off the given platform (or vendor) are closed."""
    if not _active_rules(bm, SystemRuleKind.PIN):
        return
    idx = _w_index(bm)
    for i, r in _active_rules(bm, SystemRuleKind.PIN):
        mask = ~_targets(bm.cost_model, r)
        for s in r.systems:
            if s in idx:
                _zero_pairs(bm, f"pin_{i}_{idx[s]}", _closed_pairs(bm, idx[s], mask))


def add_forbidden(bm: BuiltModel) -> None:
    """禁止: the system's pairs on the given vendor (or platform) are closed."""
    if not _active_rules(bm, SystemRuleKind.FORBID):
        return
    idx = _w_index(bm)
    for i, r in _active_rules(bm, SystemRuleKind.FORBID):
        mask = _targets(bm.cost_model, r)
        for s in r.systems:
            if s in idx:
                _zero_pairs(bm, f"forbid_{i}_{idx[s]}", _closed_pairs(bm, idx[s], mask))


def add_no_public(bm: BuiltModel) -> None:
    """不上公有云: the system's pairs on public-cloud platforms are closed."""
    if not _active_rules(bm, SystemRuleKind.NO_PUBLIC):
        return
    idx = _w_index(bm)
    public = np.array(
        [p.deployment == Deployment.PUBLIC for p in bm.cost_model.platforms], dtype=bool
    )
    for i, r in _active_rules(bm, SystemRuleKind.NO_PUBLIC):
        for s in r.systems:
            if s in idx:
                _zero_pairs(bm, f"no_public_{i}_{idx[s]}", _closed_pairs(bm, idx[s], public))


def add_same_platform(bm: BuiltModel) -> None:
    """同平台: for every platform, x[first, p] = x[other, p] (a missing pair counts 0)."""
    if not _active_rules(bm, SystemRuleKind.SAME_PLATFORM):
        return
    idx = _w_index(bm)
    by_w = _pairs_by_workload(bm)
    for i, r in _active_rules(bm, SystemRuleKind.SAME_PLATFORM):
        members = [idx[s] for s in dict.fromkeys(r.systems) if s in idx]
        if len(members) < 2:
            continue
        first = {int(bm.pair_p[k]): int(k) for k in by_w[members[0]]}
        for w in members[1:]:
            other = {int(bm.pair_p[k]): int(k) for k in by_w[w]}
            for p in sorted(set(first) | set(other)):
                terms = ([(first[p], 1.0)] if p in first else []) + (
                    [(other[p], -1.0)] if p in other else []
                )
                _row(bm, terms, 0.0, 0.0, f"same_{i}_{w}_{p}")


def add_different_vendor(bm: BuiltModel) -> None:
    """不同供应商: for every vendor, at most one of the systems on it."""
    if not _active_rules(bm, SystemRuleKind.DIFFERENT_VENDOR):
        return
    idx = _w_index(bm)
    by_w = _pairs_by_workload(bm)
    vop = bm.cost_model.vendor_of_platform
    for i, r in _active_rules(bm, SystemRuleKind.DIFFERENT_VENDOR):
        members = [idx[s] for s in dict.fromkeys(r.systems) if s in idx]
        if len(members) < 2:
            continue
        for v in range(len(bm.cost_model.input.vendors)):
            terms = [(int(k), 1.0) for w in members for k in by_w[w] if vop[bm.pair_p[k]] == v]
            if len(terms) > 1:
                _row(bm, terms, -INF, 1.0, f"diff_vendor_{i}_{v}")


# --- model functions: vendor terms --------------------------------------------------------------
def _vendor_pairs(bm: BuiltModel, vendor: str) -> np.ndarray:
    v = bm.cost_model.input.vendors.index(vendor)
    return np.nonzero(bm.cost_model.vendor_of_platform[bm.pair_p] == v)[0]


def _spend_terms(bm: BuiltModel, ks: np.ndarray) -> list[tuple[int, float]]:
    bill = bm.cost_model.bill[bm.pair_w[ks], bm.pair_p[ks]]
    return [(int(k), float(b)) for k, b in zip(ks, bill, strict=True)]


def _max_spend(bm: BuiltModel, ks: np.ndarray) -> float:
    """Largest spend the vendor can reach: Σ over workloads of its dearest pair there."""
    bill = bm.cost_model.bill[bm.pair_w[ks], bm.pair_p[ks]]
    best: dict[int, float] = {}
    for w, b in zip(bm.pair_w[ks].tolist(), bill.tolist(), strict=True):
        best[w] = max(best.get(w, 0.0), b)
    return float(sum(best.values()))


def _add_cost(bm: BuiltModel, vendor: str, terms: list[tuple[int, float]]) -> None:
    bm.cost_terms.extend(terms)
    bm.vendor_cost_terms.setdefault(vendor, []).extend(terms)


def _net_terms(bm: BuiltModel, vendor: str) -> list[tuple[int, float]]:
    """The vendor's bill after volume tiers as (column, coefficient) terms."""
    ks = _vendor_pairs(bm, vendor)
    return _spend_terms(bm, ks) + list(bm.tier_terms.get(vendor, []))


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
    """总额阶梯: each vendor's bill after its volume tiers, by tier binaries (exact)."""
    inp = bm.cost_model.input
    for vi, vendor in enumerate(inp.vendors):
        tiers, mode = vendor_tiers(inp, vendor)
        if not tiers:
            continue
        ks = _vendor_pairs(bm, vendor)
        if len(ks) == 0:
            continue
        link = tier_rows(bm.model, _spend_terms(bm, ks), tiers, mode, _max_spend(bm, ks), str(vi))
        if not link:
            continue
        bm.tier_terms[vendor] = link
        _add_cost(bm, vendor, link)


def _vendor_on(bm: BuiltModel, vendor: str) -> int:
    """Column of a binary equal to 1 exactly when the vendor hosts a system."""
    on = bm.vendor_on.get(vendor)
    if on is not None:
        return on
    vi = bm.cost_model.input.vendors.index(vendor)
    ks = _vendor_pairs(bm, vendor)
    on = bm.model.add_column(f"vendor_on_{vi}", 0.0, 1.0, integer=True)
    bm.vendor_on[vendor] = on
    _row(bm, [(int(k), 1.0) for k in ks] + [(on, -1.0)], 0.0, INF, f"vendor_on_lo_{vi}")
    by_w: dict[int, list[int]] = {}
    for k in ks:
        by_w.setdefault(int(bm.pair_w[k]), []).append(int(k))
    for w, kk in by_w.items():  # any pair of w on the vendor switches it on
        _row(bm, [(k, 1.0) for k in kk] + [(on, -1.0)], -INF, 0.0, f"vendor_on_{vi}_{w}")
    return on


def add_vendor_minimums(bm: BuiltModel) -> None:
    """最低消费: a used vendor bills at least its minimum; top-up = max(0, minimum − bill), exact."""
    inp = bm.cost_model.input
    for vi, vendor in enumerate(inp.vendors):
        minimum = vendor_minimum(inp, vendor)
        if minimum <= 0:
            continue
        ks = _vendor_pairs(bm, vendor)
        if len(ks) == 0:
            continue
        on = _vendor_on(bm, vendor)
        top = minimum_rows(
            bm.model, on, _net_terms(bm, vendor), minimum, _max_spend(bm, ks), str(vi)
        )
        _add_cost(bm, vendor, [(top, 1.0)])


def add_setup_fees(bm: BuiltModel) -> None:
    """开通费: a used vendor's one-time setup fees, spread over the horizon."""
    inp = bm.cost_model.input
    horizon = float(bm.policy.horizon_years)
    for vendor in inp.vendors:
        fee = vendor_setup_fee(inp, vendor)
        if fee <= 0 or len(_vendor_pairs(bm, vendor)) == 0:
            continue
        _add_cost(bm, vendor, [(_vendor_on(bm, vendor), fee / horizon)])


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
    "has_vendor_terms",
    "system_rule_index",
    "system_rule_key",
    "system_rule_text",
    "tier_net",
    "vendor_minimum",
    "vendor_setup_fee",
    "vendor_bill_terms",
    "vendor_terms",
    "vendor_tiers",
]
