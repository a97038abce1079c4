"""planner.analysis against an independent brute-force enumerator (issue 6).

The reference below is written from docs/DESIGN.md §2 "Semantics" only and imports nothing from the
engine but the frozen dataclasses of planner.model: it enumerates every assignment of ≤ 6
workloads to ≤ 4 platforms and keeps those obeying the rules.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, replace

import numpy as np
import pytest

from planner.analysis import (
    PRICED_RULES,
    Scenario,
    analyze,
    hhi,
    lockin_metrics,
    report_json,
)
from planner.model import (
    Assignment,
    CostBreakdown,
    DataClass,
    Deployment,
    Period,
    Plan,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    SolveStatus,
    Workload,
)

REL = 1e-6  # what a MILP solve to gap 1e-6 is allowed to differ by


# --- independent reference ----------------------------------------------------------------------
@dataclass
class Brute:
    """Every assignment of an instance, with the figures the rules look at (numpy, one row each)."""

    inp: PlanInput
    sensitive_private: bool

    def __post_init__(self) -> None:
        inp = self.inp
        W, P = len(inp.workloads), len(inp.platforms)
        prices: dict[tuple[str, str], dict[str, float]] = {}
        for line in inp.prices:
            per_year = 12 if line.period == Period.MONTH else 1
            prices.setdefault((line.vendor, line.platform), {})[line.resource] = (
                line.unit_price * per_year
            )
        cost = np.full((W, P), np.nan)
        for i, w in enumerate(inp.workloads):
            cur = next(
                (
                    p
                    for p in inp.platforms
                    if (p.vendor, p.name) == (w.current_vendor, w.current_platform)
                ),
                None,
            )
            for j, p in enumerate(inp.platforms):
                offered = prices.get((p.vendor, p.name), {})
                needs = {
                    "vcpu": w.vcpu,
                    "ram_gb": w.ram_gb,
                    "storage_gb": w.storage_gb,
                    "bandwidth_mbps": w.bandwidth_mbps,
                }
                ok = p.mlps_level >= w.mlps_level
                if self.sensitive_private and w.data_class in (DataClass.CORE, DataClass.IMPORTANT):
                    ok &= p.deployment == Deployment.PRIVATE
                if w.xinchuang_required:
                    ok &= p.xinchuang
                ok &= all(r in offered for r, n in needs.items() if n > 0)
                sec = f"security_l{w.mlps_level}"
                if w.mlps_level >= 2:
                    ok &= sec in offered
                if not ok:
                    continue
                c = sum(n * offered[r] for r, n in needs.items() if n > 0)
                if w.mlps_level >= 2:
                    c += offered[sec]
                h = inp.policy.horizon_years
                if cur is None or cur is not p:
                    c += w.migration_cost / h
                if p.xinchuang and not (cur is not None and cur.xinchuang):
                    c += w.xinchuang_adaptation_cost / h
                cost[i, j] = c
        self.cost = cost
        # all assignments: (A, W) platform index per workload
        choices = list(itertools.product(range(P), repeat=W))
        A = np.array(choices, dtype=int).reshape(len(choices), W)
        pair_cost = cost[np.arange(W)[None, :], A]  # (A, W)
        self.valid = ~np.isnan(pair_cost).any(axis=1)
        pair_cost = np.nan_to_num(pair_cost)
        self.assign = A
        self.total = pair_cost.sum(axis=1)
        vendors = inp.vendors
        self.vendors = vendors
        vcpu = np.array([w.vcpu for w in inp.workloads])
        self.vendor_cost = np.stack(
            [
                (
                    pair_cost
                    * np.isin(A, [j for j, p in enumerate(inp.platforms) if p.vendor == v])
                ).sum(axis=1)
                for v in vendors
            ],
            axis=1,
        )
        self.vendor_used = np.stack(
            [
                np.isin(A, [j for j, p in enumerate(inp.platforms) if p.vendor == v]).any(axis=1)
                for v in vendors
            ],
            axis=1,
        )
        xc = np.array([p.xinchuang for p in inp.platforms])
        self.xc_vcpu = (vcpu[None, :] * xc[A]).sum(axis=1)
        self.total_vcpu = vcpu.sum()
        self.platform_vcpu = np.stack(
            [(vcpu[None, :] * (A == j)).sum(axis=1) for j in range(P)], axis=1
        )

    def feasible_mask(
        self,
        policy: Policy,
        tol: float = 1e-9,
        budget: bool = True,
        excluded_vendor: str | None = None,
        capacity: dict[int, float] | None = None,
    ) -> np.ndarray:
        ok = self.valid.copy()
        for j, p in enumerate(self.inp.platforms):
            cap = (capacity or {}).get(j, p.capacity_vcpu)
            if cap is not None:
                ok &= self.platform_vcpu[:, j] <= cap + tol * max(1.0, cap)
        if excluded_vendor is not None:
            ok &= ~self.vendor_used[:, self.vendors.index(excluded_vendor)]
        if budget and policy.budget_annual is not None:
            ok &= self.total <= policy.budget_annual * (1 + tol) + tol
        if policy.max_vendor_share < 1:
            ok &= (
                self.vendor_cost
                <= policy.max_vendor_share * self.total[:, None]
                + tol * np.maximum(1.0, self.total[:, None])
            ).all(axis=1)
        if policy.min_xinchuang_share > 0:
            ok &= self.xc_vcpu >= policy.min_xinchuang_share * self.total_vcpu - tol * max(
                1.0, self.total_vcpu
            )
        ok &= self.vendor_used.sum(axis=1) >= policy.min_vendors - 1e-9
        return ok

    def best(self, policy: Policy, **kw: object) -> float | None | str:
        """Least total cost, None when infeasible, 'ambiguous' when strict and loose tolerances disagree."""
        out = []
        for tol in (1e-9, 1e-6):
            mask = self.feasible_mask(policy, tol=tol, **kw)  # type: ignore[arg-type]
            out.append(float(self.total[mask].min()) if mask.any() else None)
        if (out[0] is None) != (out[1] is None):
            return "ambiguous"
        if out[0] is not None and not math.isclose(out[0], out[1], rel_tol=REL):  # type: ignore[arg-type]
            return "ambiguous"
        return out[0]


def brute(inp: PlanInput, sensitive_private: bool = True) -> Brute:
    return Brute(inp, sensitive_private)


# --- random small instances ---------------------------------------------------------------------
def make_instance(seed: int) -> PlanInput:
    rng = random.Random(seed)
    n_vendors = rng.choice([2, 3, 3])
    vendors = ["甲云", "乙云", "丙云"][:n_vendors]
    n_plat = rng.choice([3, 4])
    platforms = []
    for j in range(n_plat):
        platforms.append(
            Platform(
                vendor=vendors[j % n_vendors],
                name=f"池{j}",
                deployment=rng.choice([Deployment.PRIVATE, Deployment.PRIVATE, Deployment.PUBLIC]),
                xinchuang=rng.random() < 0.45,
                mlps_level=rng.choice([2, 3, 3, 4]),
                capacity_vcpu=rng.choice([None, None, float(rng.choice([16, 24, 32, 48]))]),
            )
        )
    prices = []
    for p in platforms:
        period = rng.choice([Period.MONTH, Period.YEAR])
        f = 1 / 12 if period == Period.MONTH else 1.0
        base = {
            "vcpu": rng.uniform(450, 750),
            "ram_gb": rng.uniform(90, 180),
            "storage_gb": rng.uniform(3, 12),
            "bandwidth_mbps": rng.uniform(300, 1200),
            "security_l2": rng.uniform(20000, 40000),
            "security_l3": rng.uniform(40000, 90000),
            "security_l4": rng.uniform(90000, 150000),
        }
        for r, v in base.items():
            if r == "bandwidth_mbps" and rng.random() < 0.2:
                continue  # not offered
            if r.startswith("security_l") and int(r[-1]) > p.mlps_level:
                continue
            prices.append(PriceLine(p.vendor, p.name, r, round(v * f, 2), period))
    n_w = rng.choice([4, 5, 6])
    workloads = []
    for i in range(n_w):
        cur = rng.choice([None, *platforms])
        workloads.append(
            Workload(
                name=f"系统{i}",
                department="局",
                vcpu=float(rng.choice([4, 8, 8, 16])),
                ram_gb=float(rng.choice([8, 16, 32])),
                storage_gb=float(rng.choice([100, 500, 1000])),
                bandwidth_mbps=float(rng.choice([0, 0, 10, 50])),
                data_class=rng.choice(list(DataClass)),
                mlps_level=rng.choice([1, 2, 3, 3]),
                xinchuang_required=rng.random() < 0.12,
                current_vendor=cur.vendor if cur else None,
                current_platform=cur.name if cur else None,
                migration_cost=float(rng.choice([0, 10000, 40000, 90000])),
                xinchuang_adaptation_cost=float(rng.choice([0, 30000, 120000])),
            )
        )
    policy = Policy(
        budget_annual=None,
        horizon_years=rng.choice([2.0, 3.0]),
        min_xinchuang_share=rng.choice([0.0, 0.2, 0.4, 0.6]),
        max_vendor_share=rng.choice([1.0, 0.7, 0.55, 0.45]),
        min_vendors=rng.choice([1, 2, 2, 3]),
    )
    inp = PlanInput(tuple(platforms), tuple(prices), tuple(workloads), policy)
    b = brute(inp)
    cheapest = b.best(replace(policy, max_vendor_share=1.0, min_xinchuang_share=0.0, min_vendors=1))
    if isinstance(cheapest, float) and rng.random() < 0.6:
        policy = replace(policy, budget_annual=round(cheapest * rng.uniform(0.98, 1.2), 2))
    return replace(inp, policy=policy)


def _instances(want_feasible: bool, n: int) -> list[PlanInput]:
    out = []
    for seed in range(400):
        inp = make_instance(seed)
        b = brute(inp)
        best = b.best(inp.policy)
        if best == "ambiguous":
            continue
        # infeasible instances whose every system still has a home (the interesting kind)
        if want_feasible == (best is not None):
            if not want_feasible and np.isnan(b.cost).all(axis=1).any():
                continue
            out.append(inp)
        if len(out) == n:
            break
    assert len(out) == n
    return out


def _crafted() -> list[PlanInput]:
    """Infeasible cases the random ones rarely give: min vendors and a platform's capacity."""

    def plat(
        vendor: str, name: str, dep: Deployment, xc: bool, cap: float | None = None
    ) -> Platform:
        return Platform(vendor, name, dep, xc, 3, cap)

    plats = (
        plat("甲云", "私有", Deployment.PRIVATE, False),
        plat("乙云", "信创", Deployment.PRIVATE, True, 12.0),
        plat("丙云", "公有", Deployment.PUBLIC, False),
    )
    prices = tuple(
        PriceLine(
            p.vendor,
            p.name,
            r,
            v * (1.3 if p.xinchuang else 1.0) * (0.8 if p.vendor == "丙云" else 1.0),
        )
        for p in plats
        for r, v in (
            ("vcpu", 600.0),
            ("ram_gb", 120.0),
            ("storage_gb", 5.0),
            ("security_l2", 30000.0),
            ("security_l3", 60000.0),
        )
    )
    wls = tuple(
        Workload(
            f"系统{i}",
            "局",
            4.0 * (i + 1),
            8.0,
            100.0,
            0.0,
            DataClass.IMPORTANT,
            2 + i % 2,
            current_vendor="甲云",
            current_platform="私有",
            migration_cost=10000.0 * i,
        )
        for i in range(4)
    )
    # 丙云 is public cloud and every system holds important data: at most 2 vendors
    too_many_vendors = PlanInput(plats, prices, wls, Policy(min_vendors=3))
    # 信创 share 0.5 of 40 vCPU needs 20 vCPU on 乙云/信创, capacity 12
    too_small = PlanInput(plats, prices, wls, Policy(min_xinchuang_share=0.5))
    return [too_many_vendors, too_small]


FEASIBLE = _instances(True, 6)
INFEASIBLE = _instances(False, 8) + _crafted()


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL, abs_tol=0.01)


# --- hand-computed cases ------------------------------------------------------------------------
def test_hhi_hand_computed() -> None:
    assert hhi({"A": 60.0, "B": 30.0, "C": 10.0}) == pytest.approx(0.36 + 0.09 + 0.01)
    assert hhi({"A": 5.0}) == pytest.approx(1.0)
    assert hhi({"A": 1.0, "B": 1.0, "C": 1.0, "D": 1.0}) == pytest.approx(0.25)
    assert hhi({}) == 0.0


def test_lockin_exit_cost_hand_computed() -> None:
    pa = Platform("甲云", "A", Deployment.PRIVATE, False, 3)
    pb = Platform("乙云", "B", Deployment.PRIVATE, True, 3)

    def wl(name: str, migration: float) -> Workload:
        return Workload(name, "", 4, 8, 100, 0, DataClass.GENERAL, 2, migration_cost=migration)

    def cost(total: float) -> CostBreakdown:
        return CostBreakdown(total, 0.0, 0.0, 0.0)

    plan = Plan(
        SolveStatus.OPTIMAL,
        assignments=(
            Assignment(wl("s1", 30000), pa, cost(60000)),
            Assignment(wl("s2", 50000), pa, cost(40000)),
            Assignment(wl("s3", 20000), pb, cost(100000)),
        ),
    )
    lk = lockin_metrics(plan)
    assert lk.exit_cost == {"甲云": 80000, "乙云": 20000}
    assert lk.exit_years["甲云"] == pytest.approx(0.8)  # 80,000 / 100,000 a year
    assert lk.exit_years["乙云"] == pytest.approx(0.2)
    assert lk.hhi == pytest.approx(0.5)
    assert lk.max_vendor_share == pytest.approx(0.5)
    assert lk.vendors_used == 2


# --- every figure against the brute force -------------------------------------------------------
@pytest.fixture(scope="module", params=range(len(FEASIBLE)), ids=lambda i: f"feasible{i}")
def feasible_case(request):  # type: ignore[no-untyped-def]
    inp = FEASIBLE[request.param]
    scen = [
        Scenario("紧预算", {"budget_annual": 1.0}),
        Scenario("高信创", {"min_xinchuang_share": 0.5}),
    ]
    return inp, analyze(inp, scenarios=scen, sweep_time_limit=None)


def test_base_plan_and_lockin(feasible_case) -> None:  # type: ignore[no-untyped-def]
    inp, rep = feasible_case
    b = brute(inp)
    assert rep.plan.status is SolveStatus.OPTIMAL
    assert _close(rep.plan.total_annual_cost, b.best(inp.policy))  # type: ignore[arg-type]
    # lock-in metrics recomputed by hand from the reported assignments
    spend: dict[str, float] = {}
    exit_cost: dict[str, float] = {}
    for a in rep.plan.assignments:
        spend[a.platform.vendor] = spend.get(a.platform.vendor, 0.0) + a.cost.total
        exit_cost[a.platform.vendor] = (
            exit_cost.get(a.platform.vendor, 0.0) + a.workload.migration_cost
        )
    total = sum(spend.values())
    assert rep.lockin.hhi == pytest.approx(sum((c / total) ** 2 for c in spend.values()))
    assert rep.lockin.max_vendor_share == pytest.approx(max(spend.values()) / total)
    assert rep.lockin.vendors_used == len(spend)
    assert rep.lockin.exit_cost == pytest.approx(exit_cost)
    for v in spend:
        assert rep.lockin.exit_years[v] == pytest.approx(exit_cost[v] / spend[v])


def test_vendor_loss(feasible_case) -> None:  # type: ignore[no-untyped-def]
    inp, rep = feasible_case
    b = brute(inp)
    assert {v.vendor for v in rep.vendor_loss} == set(rep.plan.vendor_costs)
    for v in rep.vendor_loss:
        pol = replace(inp.policy, min_vendors=min(inp.policy.min_vendors, len(inp.vendors) - 1))
        ref = b.best(pol, budget=False, excluded_vendor=v.vendor)
        if ref == "ambiguous":
            continue
        assert v.critical == (ref is None)
        assert _close(v.total_annual_cost, ref)  # type: ignore[arg-type]
        if ref is not None:
            assert v.delta == pytest.approx(ref - rep.plan.total_annual_cost, rel=REL, abs=0.02)


def test_rule_prices(feasible_case) -> None:  # type: ignore[no-untyped-def]
    inp, rep = feasible_case
    assert [r.rule for r in rep.rule_prices] == list(PRICED_RULES)
    off = {
        "min_xinchuang_share": dict(min_xinchuang_share=0.0),
        "max_vendor_share": dict(max_vendor_share=1.0),
        "min_vendors": dict(min_vendors=1),
        "sensitive_data_private": {},
    }
    for r in rep.rule_prices:
        pol = replace(inp.policy, **off[r.rule])  # type: ignore[arg-type]
        ref = brute(inp, sensitive_private=r.rule != "sensitive_data_private").best(pol)
        if ref == "ambiguous":
            continue
        assert _close(r.total_annual_cost_without, ref), r  # type: ignore[arg-type]
        assert r.saving == pytest.approx(rep.plan.total_annual_cost - ref, rel=REL, abs=0.02)  # type: ignore[operator]


def test_tradeoffs(feasible_case) -> None:  # type: ignore[no-untyped-def]
    inp, rep = feasible_case
    b = brute(inp)
    assert set(rep.tradeoffs) == {"max_vendor_share", "min_xinchuang_share", "min_vendors"}
    for rule, t in rep.tradeoffs.items():
        assert t.current == pytest.approx(getattr(inp.policy, rule))
        values = [p.value for p in t.points]
        assert values == sorted(values)
        assert any(abs(v - t.current) < 1e-9 for v in values)  # current policy is on the curve
        for p in t.points:
            ref = b.best(replace(inp.policy, **{rule: p.value}), budget=False)  # type: ignore[arg-type]
            if ref == "ambiguous":
                continue
            assert _close(p.total_annual_cost, ref), (rule, p, ref)  # type: ignore[arg-type]
            assert (p.status is SolveStatus.INFEASIBLE) == (ref is None)
    # the 信创 sweep ends at the largest share the other rules allow
    top = max(p.value for p in rep.tradeoffs["min_xinchuang_share"].points)
    assert b.best(replace(inp.policy, min_xinchuang_share=top), budget=False) is not None
    assert b.best(replace(inp.policy, min_xinchuang_share=top + 0.01), budget=False) is None


def test_scenarios(feasible_case) -> None:  # type: ignore[no-untyped-def]
    inp, rep = feasible_case
    b = brute(inp)
    kinds = [s.kind for s in rep.scenarios]
    assert kinds == ["base", "baseline", "sheet", "sheet"]
    base, baseline, tight, high_xc = rep.scenarios
    assert _close(base.total_annual_cost, rep.plan.total_annual_cost)
    ref = b.best(
        replace(
            inp.policy,
            budget_annual=None,
            min_xinchuang_share=0.0,
            max_vendor_share=1.0,
            min_vendors=1,
        )
    )
    assert _close(baseline.total_annual_cost, ref)  # type: ignore[arg-type]
    assert not tight.feasible and tight.total_annual_cost is None
    ref = b.best(replace(inp.policy, min_xinchuang_share=0.5))
    if ref != "ambiguous":
        assert high_xc.feasible == (ref is not None)
        assert _close(high_xc.total_annual_cost, ref)  # type: ignore[arg-type]


def _rule_range(inp: PlanInput, rule: str) -> float:
    if rule == "budget_annual":
        return float(inp.policy.budget_annual or 0.0)  # relative: 1 % of the budget
    if rule in ("min_xinchuang_share", "max_vendor_share"):
        return 1.0
    if rule == "min_vendors":
        return float(len(inp.vendors) - 1)
    vendor, name = rule.split(":", 1)[1].split("/", 1)
    j = next(j for j, p in enumerate(inp.platforms) if (p.vendor, p.name) == (vendor, name))
    return float(sum(w.vcpu for w in inp.workloads)) if j is not None else 0.0


def _with_rule(b: Brute, inp: PlanInput, rule: str, value: float | None) -> float | None | str:
    """Brute optimum with one rule set to value (None: rule removed)."""
    pol = inp.policy
    if rule.startswith("capacity:"):
        vendor, name = rule.split(":", 1)[1].split("/", 1)
        j = next(j for j, p in enumerate(inp.platforms) if (p.vendor, p.name) == (vendor, name))
        return b.best(pol, capacity={j: math.inf if value is None else value})
    default = {
        "budget_annual": None,
        "min_xinchuang_share": 0.0,
        "max_vendor_share": 1.0,
        "min_vendors": 1,
    }
    return b.best(replace(pol, **{rule: default[rule] if value is None else value}))  # type: ignore[arg-type]


@pytest.mark.parametrize("idx", range(len(INFEASIBLE)), ids=lambda i: f"infeasible{i}")
def test_relaxations(idx: int) -> None:
    inp = INFEASIBLE[idx]
    b = brute(inp)
    rep = analyze(inp, sweep_time_limit=None)
    assert rep.plan.status is SolveStatus.INFEASIBLE
    assert rep.plan.diagnosis  # the engine's Chinese reasons come with the report
    assert rep.lockin is None and rep.vendor_loss == ()
    assert rep.relaxations, "an infeasible instance with homes for every system has a rule to relax"
    for r in rep.relaxations:
        if r.value is None:
            # this rule alone cannot fix it: even without it there is no plan
            assert _with_rule(b, inp, r.rule, None) in (None, "ambiguous"), r
            continue
        fixed = _with_rule(b, inp, r.rule, r.value)
        assert fixed != "ambiguous" and fixed is not None, r
        step = 0.01 * _rule_range(inp, r.rule)
        tighter = (
            r.value - step
            if r.rule in ("budget_annual", "max_vendor_share") or r.rule.startswith("capacity:")
            else r.value + step
        )
        if r.rule == "min_xinchuang_share" and tighter > 1:
            continue  # already 100 %: nothing tighter exists
        assert _with_rule(b, inp, r.rule, tighter) in (None, "ambiguous"), (r, tighter)
    # at least one rule fixes it alone or none does: compare with brute force removing each rule
    can_fix = {r.rule for r in rep.relaxations if r.value is not None}
    for r in rep.relaxations:
        alone = _with_rule(b, inp, r.rule, None)
        if alone == "ambiguous":
            continue
        assert (r.rule in can_fix) == (alone is not None), r
    doc = report_json(rep)
    assert doc["plan"]["status"] == "infeasible"
    assert {d["rule"] for d in doc["relaxations"]} == {r.rule for r in rep.relaxations}


def test_relaxation_values_of_crafted_cases() -> None:
    vendors, capacity = (analyze(inp, sweep_time_limit=None) for inp in _crafted())
    assert {r.rule: r.value for r in vendors.relaxations} == {
        "min_vendors": 2,
        "capacity:乙云/信创": None,
    }
    by_rule = {r.rule: r.value for r in capacity.relaxations}
    assert by_rule["capacity:乙云/信创"] == pytest.approx(20.0)
    assert by_rule["min_xinchuang_share"] == pytest.approx(0.3, abs=1e-6)  # 12 of 40 vCPU


def test_json_shape(feasible_case) -> None:  # type: ignore[no-untyped-def]
    _, rep = feasible_case
    doc = report_json(rep)
    assert set(doc) >= {
        "plan",
        "lockin",
        "vendor_loss",
        "rule_prices",
        "tradeoffs",
        "relaxations",
        "scenarios",
    }
    assert set(doc["lockin"]) >= {"max_vendor_share", "hhi", "vendors_used", "exit_cost"}
    for v in doc["vendor_loss"]:
        assert set(v) >= {"vendor", "status", "total_annual_cost", "delta"}
        assert v["status"] in ("optimal", "feasible", "infeasible")
    for r in doc["rule_prices"]:
        assert set(r) >= {"rule", "status", "total_annual_cost_without", "saving"}
    for pts in doc["tradeoffs"].values():
        for p in pts:
            assert set(p) >= {"value", "status", "total_annual_cost"}
    assert rep.resolves > 0 and doc["resolves"] == rep.resolves


def test_planner_stays_qt_and_file_free() -> None:
    import ast
    import pathlib

    src = pathlib.Path(__file__).parents[2] / "planner" / "analysis.py"
    tree = ast.parse(src.read_text(encoding="utf-8"))
    names = {
        a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    names |= {
        n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
    }
    assert not names & {"PySide6", "openpyxl", "pandas", "data", "ui"}


def test_system_with_no_home_is_explained_and_priced() -> None:
    pub = Platform("甲云", "公有", Deployment.PUBLIC, False, 3)
    prices = tuple(
        PriceLine("甲云", "公有", r, v)
        for r, v in (
            ("vcpu", 600.0),
            ("ram_gb", 120.0),
            ("storage_gb", 5.0),
            ("security_l3", 60000.0),
        )
    )
    wl = Workload(
        "不动产登记", "自然资源局", 8, 16, 100, 0, DataClass.IMPORTANT, 3, migration_cost=50000.0
    )
    rep = analyze(PlanInput((pub,), prices, (wl,)), sweep_time_limit=None)
    assert rep.plan.status is SolveStatus.INFEASIBLE
    assert rep.relaxations == () and any("不动产登记" in m for m in rep.plan.diagnosis)
    by_rule = {r.rule: r for r in rep.rule_prices}
    data_rule = by_rule["sensitive_data_private"]
    expected = 8 * 600 + 16 * 120 + 100 * 5 + 60000 + 50000 / 3
    assert data_rule.status is SolveStatus.OPTIMAL
    assert data_rule.total_annual_cost_without == pytest.approx(expected)
    assert data_rule.saving is None  # no plan to compare with


def test_a_scenario_equal_to_a_tradeoff_point_costs_no_solve() -> None:
    """A scenario whose policy is a trade-off point's (budget off, 信创 ≥ a grid value) is the same
    question: answered from the point's proven optimum (no re-solve of its own, although the
    point was asked under the sweep's time limit and the scenario under none), and it is still
    the brute-force optimum."""
    for inp in FEASIBLE:
        plain = analyze(inp, sweep_time_limit=60.0)  # a cap these small cases never reach
        points = {
            p.value: p
            for p in plain.tradeoffs["min_xinchuang_share"].points
            if p.solved and p.status is SolveStatus.OPTIMAL
        }
        if not points:
            continue
        value = max(points)
        scen = Scenario("同一问题", {"budget_annual": None, "min_xinchuang_share": value})
        rep = analyze(inp, scenarios=[scen], sweep_time_limit=60.0)
        assert rep.resolves == plain.resolves  # the scenario asked no solve of its own
        ref = brute(inp).best(replace(inp.policy, budget_annual=None, min_xinchuang_share=value))
        if ref == "ambiguous":
            continue
        assert _close(rep.scenarios[-1].total_annual_cost, ref)  # type: ignore[arg-type]
        assert _close(rep.scenarios[-1].total_annual_cost, points[value].total_annual_cost)
        return
    pytest.fail("no feasible case with a solved 信创 trade-off point")
