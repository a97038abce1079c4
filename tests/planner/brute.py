"""Independent reference for docs/DESIGN.md §2: eligibility, annual cost and the optimum by enumeration.

Written from the text of docs/DESIGN.md §2 "Semantics" only. It imports nothing from the engine but the
frozen dataclasses of ``planner.model`` (and deliberately not their helper properties such as
``PriceLine.annual_price`` or ``Workload.current_key``), so that a mistake in
``planner.costing`` or ``planner.optimize`` cannot be copied here.

Tolerances
----------
A MILP solver accepts a constraint that is violated by about 1e-6, so every check here takes a
relative tolerance ``tol``: ``lhs <= rhs`` holds when ``lhs - rhs <= tol * max(1, |lhs|, |rhs|)``.
:data:`STRICT` (float noise only) and :data:`LOOSE` (solver-like) bracket the truth; an instance
whose optimum differs between the two lies on a constraint boundary and is *ambiguous*: tests
skip it rather than guess what the solver may do there (see :func:`reference`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planner.model import DataClass, Deployment, Period, PlanInput, Platform, Workload

#: Only floating-point noise is forgiven.
STRICT = 1e-12
#: What a MILP solver forgives (feasibility tolerance ~1e-6).
LOOSE = 1e-6

UNIT_RESOURCES = ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps")

NOT_ELIGIBLE = "mlps", "deployment", "xinchuang", "price", "security_price"


# --- eligibility and cost of one pair --------------------------------------------------------------
def annual_prices(inp: PlanInput) -> dict[tuple[str, str], dict[str, float]]:
    """(vendor, platform) → resource → 元 per unit (or per system) per year."""
    table: dict[tuple[str, str], dict[str, float]] = {}
    for line in inp.prices:
        factor = 12 if line.period == Period.MONTH else 1
        table.setdefault((line.vendor, line.platform), {})[line.resource] = line.unit_price * factor
    return table


def _needs(w: Workload) -> dict[str, float]:
    return {
        "vcpu": w.vcpu,
        "ram_gb": w.ram_gb,
        "storage_gb": w.storage_gb,
        "bandwidth_mbps": w.bandwidth_mbps,
    }


def _current(inp: PlanInput, w: Workload) -> Platform | None:
    """The platform w runs on now, None for the county's machine room (blank current)."""
    if not w.current_vendor or not w.current_platform:
        return None
    for p in inp.platforms:
        if p.vendor == w.current_vendor and p.name == w.current_platform:
            return p
    return None


def ineligibility(inp: PlanInput, w: Workload, p: Platform, prices=None) -> set[str]:  # type: ignore[no-untyped-def]
    """The rule codes of docs/DESIGN.md §2 that keep w off p (empty set: eligible)."""
    prices = annual_prices(inp) if prices is None else prices
    offered = prices.get((p.vendor, p.name), {})
    out: set[str] = set()
    if p.mlps_level < w.mlps_level:
        out.add("mlps")
    sensitive = w.data_class in (DataClass.CORE, DataClass.IMPORTANT)
    if sensitive and inp.policy.sensitive_data_private and p.deployment != Deployment.PRIVATE:
        out.add("deployment")
    if w.xinchuang_required and not p.xinchuang:
        out.add("xinchuang")
    if any(need > 0 and r not in offered for r, need in _needs(w).items()):
        out.add("price")
    if w.mlps_level >= 2 and f"security_l{w.mlps_level}" not in offered:
        out.add("security_price")
    return out


@dataclass(frozen=True)
class PairCost:
    """Annual cost of one workload on one platform, by component (元/年)."""

    run: float
    security: float
    migration: float
    adaptation: float

    @property
    def total(self) -> float:
        return self.run + self.security + self.migration + self.adaptation


def pair_cost(inp: PlanInput, w: Workload, p: Platform, prices=None) -> PairCost | None:  # type: ignore[no-untyped-def]
    """Annual cost of w on p, or None when w may not go on p."""
    prices = annual_prices(inp) if prices is None else prices
    if ineligibility(inp, w, p, prices):
        return None
    offered = prices.get((p.vendor, p.name), {})
    run = sum(need * offered[r] for r, need in _needs(w).items() if need > 0)
    security = offered[f"security_l{w.mlps_level}"] if w.mlps_level >= 2 else 0.0
    horizon = inp.policy.horizon_years
    current = _current(inp, w)
    moved = current is None or (current.vendor, current.name) != (p.vendor, p.name)
    migration = w.migration_cost / horizon if moved else 0.0
    from_xinchuang = current is not None and current.xinchuang
    adaptation = (
        w.xinchuang_adaptation_cost / horizon if p.xinchuang and not from_xinchuang else 0.0
    )
    return PairCost(run, security, migration, adaptation)


def cost_matrix(inp: PlanInput) -> list[list[float | None]]:
    """[workload][platform] → annual cost, None where not eligible."""
    prices = annual_prices(inp)
    out: list[list[float | None]] = []
    for w in inp.workloads:
        row: list[float | None] = []
        for p in inp.platforms:
            c = pair_cost(inp, w, p, prices)
            row.append(None if c is None else c.total)
        out.append(row)
    return out


# --- constraints of one assignment (plain Python) --------------------------------------------------
def _le(lhs: float, rhs: float, tol: float) -> bool:
    return lhs - rhs <= tol * max(1.0, abs(lhs), abs(rhs))


def violations(inp: PlanInput, choice: Sequence[int], tol: float = LOOSE) -> list[str]:
    """Every rule of docs/DESIGN.md §2 that the assignment (platform index per workload) breaks."""
    pol = inp.policy
    costs = cost_matrix(inp)
    out: list[str] = []
    if len(choice) != len(inp.workloads):
        return ["assignment: not one platform per workload"]
    for i, (w, j) in enumerate(zip(inp.workloads, choice, strict=True)):
        if costs[i][j] is None:
            out.append(f"assignment: {w.name} on ineligible {inp.platforms[j].label}")
    if out:
        return out
    for j, p in enumerate(inp.platforms):
        if p.capacity_vcpu is not None:
            load = sum(w.vcpu for w, c in zip(inp.workloads, choice, strict=True) if c == j)
            if not _le(load, p.capacity_vcpu, tol):
                out.append(f"capacity: {p.label} {load} > {p.capacity_vcpu}")
    annual = [costs[i][j] for i, j in enumerate(choice)]
    total = sum(annual)  # type: ignore[arg-type]
    if pol.budget_annual is not None and not _le(total, pol.budget_annual, tol):
        out.append(f"budget: {total} > {pol.budget_annual}")
    vendors = list(dict.fromkeys(p.vendor for p in inp.platforms))
    for v in vendors:
        vc = sum(a for a, j in zip(annual, choice, strict=True) if inp.platforms[j].vendor == v)  # type: ignore[misc]
        if not _le(vc, pol.max_vendor_share * total, tol):
            out.append(f"vendor_share: {v} {vc} > {pol.max_vendor_share} × {total}")
    total_vcpu = sum(w.vcpu for w in inp.workloads)
    xc_vcpu = sum(
        w.vcpu for w, j in zip(inp.workloads, choice, strict=True) if inp.platforms[j].xinchuang
    )
    if not _le(pol.min_xinchuang_share * total_vcpu, xc_vcpu, tol):
        out.append(f"xinchuang_share: {xc_vcpu} < {pol.min_xinchuang_share} × {total_vcpu}")
    used = {inp.platforms[j].vendor for j in choice}
    if len(used) < pol.min_vendors:
        out.append(f"min_vendors: {len(used)} < {pol.min_vendors}")
    return out


def assignment_cost(inp: PlanInput, choice: Sequence[int]) -> float:
    """Total annual cost of an assignment (every pair must be eligible)."""
    costs = cost_matrix(inp)
    total = 0.0
    for i, j in enumerate(choice):
        c = costs[i][j]
        assert c is not None, f"{inp.workloads[i].name} is not eligible on {inp.platforms[j].label}"
        total += c
    return total


# --- the optimum by enumeration (vectorised over all assignments) ----------------------------------
@dataclass(frozen=True)
class Optimum:
    cost: float
    choice: tuple[int, ...]


def _vle(lhs: np.ndarray, rhs: np.ndarray | float, tol: float) -> np.ndarray:
    rhs = np.broadcast_to(np.asarray(rhs, dtype=float), lhs.shape)
    scale = np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))
    return lhs - rhs <= tol * scale


def brute_force(inp: PlanInput, tol: float = LOOSE) -> Optimum | None:
    """Cheapest assignment obeying every rule (with tolerance tol), None when there is none."""
    pol = inp.policy
    W, P = len(inp.workloads), len(inp.platforms)
    costs = cost_matrix(inp)
    choices = [[j for j in range(P) if costs[i][j] is not None] for i in range(W)]
    if any(not c for c in choices):
        return None
    if W == 0:
        # an empty plan: the default min_vendors = 1 is read as "no rule" (nothing to place)
        ok = pol.min_vendors <= 1 and (pol.budget_annual is None or pol.budget_annual >= -tol)
        return Optimum(0.0, ()) if ok else None
    # every assignment, one row each: the same rows as itertools.product(*choices)
    A = np.stack(np.meshgrid(*choices, indexing="ij"), axis=-1).reshape(-1, W)  # (N, W)
    C = np.array([[np.nan if c is None else c for c in row] for row in costs], dtype=float)
    annual = C[np.arange(W)[None, :], A]  # (N, W)
    total = annual.sum(axis=1)
    vcpu = np.array([w.vcpu for w in inp.workloads], dtype=float)
    ok = np.ones(len(A), dtype=bool)
    for j, p in enumerate(inp.platforms):
        if p.capacity_vcpu is not None:
            ok &= _vle(((A == j) * vcpu).sum(axis=1), p.capacity_vcpu, tol)
    if pol.budget_annual is not None:
        ok &= _vle(total, pol.budget_annual, tol)
    vendor_of = np.array([p.vendor for p in inp.platforms], dtype=object)
    used = np.zeros(len(A), dtype=int)
    for v in dict.fromkeys(vendor_of):
        on_v = vendor_of[A] == v
        ok &= _vle((annual * on_v).sum(axis=1), pol.max_vendor_share * total, tol)
        used += on_v.any(axis=1)
    xinchuang = np.array([p.xinchuang for p in inp.platforms], dtype=bool)
    ok &= _vle(
        np.full(len(A), pol.min_xinchuang_share * vcpu.sum()),
        (xinchuang[A] * vcpu).sum(axis=1),
        tol,
    )
    ok &= used >= pol.min_vendors
    if not ok.any():
        return None
    k = int(np.argmin(np.where(ok, total, np.inf)))
    return Optimum(float(total[k]), tuple(int(j) for j in A[k]))


@dataclass(frozen=True)
class Reference:
    """What the engine must reproduce on an instance."""

    optimum: Optimum | None
    """The optimum, None when no plan obeys every rule."""
    ambiguous: bool
    """True when the answer depends on a tolerance (an instance on a constraint boundary)."""


def reference(inp: PlanInput) -> Reference:
    """The optimum of inp, flagged ambiguous when STRICT and LOOSE tolerances disagree."""
    strict, loose = brute_force(inp, STRICT), brute_force(inp, LOOSE)
    if (strict is None) != (loose is None):
        return Reference(loose, True)
    if strict is None or loose is None:
        return Reference(None, False)
    same = math.isclose(strict.cost, loose.cost, rel_tol=1e-9, abs_tol=1e-9)
    return Reference(strict, not same)


def choice_of(inp: PlanInput, plan) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    """Platform index per workload of an engine Plan, checking it lists the workloads in order."""
    index = {(p.vendor, p.name): j for j, p in enumerate(inp.platforms)}
    assert [a.workload for a in plan.assignments] == list(inp.workloads), (
        "assignments not in input order"
    )
    return tuple(index[(a.platform.vendor, a.platform.name)] for a in plan.assignments)
