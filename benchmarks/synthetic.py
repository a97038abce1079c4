"""Synthetic county instances for scale benchmarks (docs/DOMAIN.md price levels, docs/DESIGN.md §2 semantics).

``synthetic_county(n_workloads, n_platforms=30, seed=0)`` returns a :class:`PlanInput` that looks
like a county's quote sheets and inventory, only bigger:

* 5–8 vendors from the gov-cloud market, 20–40 resource pools mixing private/public, x86/信创
  (鲲鹏/飞腾/海光), MLPS levels 2–4, about a third of them with a vCPU capacity;
* per-unit prices quoted monthly or yearly (per vendor) in docs/DOMAIN.md's tendered ranges, 信创 at
  parity to +30 % per vCPU, security_l2/l3/l4 packages up to the pool's MLPS level; some
  政务外网 pools do not offer internet bandwidth;
* workloads drawn from the typical county inventory (OA, 门户, 不动产, 视频汇聚 …) with scale
  noise, data classes, MLPS levels, ~10 % 须信创, current platforms (or the county machine
  room) and one-time migration / 信创 adaptation costs;
* a policy in which the budget, a 信创 share (0.30–0.50), a vendor share cap (0.35–0.45) and
  min vendors (3–4) are all present and the instance stays feasible.

The budget is derived from a cheap estimate, not from a solve: every workload at its cheapest
eligible platform, then the cheapest switches to 信创 (per vCPU) until the 信创 share is met;
the budget is that estimate × ``budget_slack`` (default 1.15).  Checked feasible for 200 and
2,000 workloads (seeds 0–2) with HiGHS — run ``python benchmarks/synthetic.py --check``.
"""

from __future__ import annotations

import argparse
import math
import sys

import numpy as np

from planner.model import (
    DataClass,
    Deployment,
    Period,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    Workload,
)

VENDORS = (
    "天翼云",
    "移动云",
    "联通云",
    "华为云",
    "阿里云",
    "腾讯云",
    "浪潮云",
    "曙光云",
    "紫光云",
    "太极云",
)
XC_ARCH = ("鲲鹏", "飞腾", "海光")
X86_ARCH = ("x86", "英特尔", "通用")
POOL_KIND = {
    Deployment.PRIVATE: ("政务私有云", "专属云", "政务外网区"),
    Deployment.PUBLIC: ("政务公有云", "互联网区"),
}
REGIONS = ("市级", "省级", "一区", "二区", "三区", "灾备")

DEPARTMENTS = (
    "县政府办",
    "发改局",
    "财政局",
    "自然资源局",
    "住建局",
    "公安局",
    "卫健委",
    "教育局",
    "市场监管局",
    "应急管理局",
    "城管局",
    "民政局",
    "人社局",
    "档案馆",
    "行政审批局",
    "数据局",
)

#: (name, vCPU, RAM GB, storage TB, bandwidth Mbps, MLPS choices, data class weights c/i/g/p)
TEMPLATES: tuple[tuple[str, int, int, float, float, tuple[int, ...], tuple[float, ...]], ...] = (
    ("协同办公OA", 16, 32, 1.0, 20, (2, 3), (0.0, 0.2, 0.8, 0.0)),
    ("门户网站", 8, 16, 0.5, 100, (2,), (0.0, 0.0, 0.2, 0.8)),
    ("政务服务一窗受理", 24, 64, 2.0, 50, (3,), (0.0, 0.6, 0.4, 0.0)),
    ("12345热线", 24, 48, 8.0, 30, (3,), (0.0, 0.4, 0.6, 0.0)),
    ("不动产登记", 40, 128, 20.0, 10, (3,), (0.1, 0.9, 0.0, 0.0)),
    ("住房公积金", 32, 64, 1.0, 20, (3,), (0.1, 0.7, 0.2, 0.0)),
    ("网格化治理", 24, 48, 2.0, 10, (3,), (0.0, 0.3, 0.7, 0.0)),
    ("电子证照库", 16, 32, 3.0, 0, (3, 4), (0.2, 0.8, 0.0, 0.0)),
    ("数据共享交换", 64, 256, 20.0, 0, (3, 4), (0.3, 0.7, 0.0, 0.0)),
    ("数字城管", 16, 32, 20.0, 20, (2,), (0.0, 0.0, 0.8, 0.2)),
    ("应急指挥", 16, 32, 2.0, 20, (2, 3), (0.0, 0.4, 0.6, 0.0)),
    ("视频汇聚", 16, 32, 200.0, 50, (3,), (0.0, 0.3, 0.7, 0.0)),
    ("医共体平台", 48, 128, 30.0, 20, (3,), (0.0, 0.8, 0.2, 0.0)),
    ("数字档案馆", 8, 16, 50.0, 0, (2, 3), (0.0, 0.5, 0.5, 0.0)),
    ("市场监管", 8, 16, 1.0, 10, (2,), (0.0, 0.0, 0.9, 0.1)),
    ("智慧教育", 16, 32, 5.0, 50, (2,), (0.0, 0.0, 0.7, 0.3)),
)

DATA_CLASSES = (DataClass.CORE, DataClass.IMPORTANT, DataClass.GENERAL, DataClass.PUBLIC)


def _r2(x: float) -> float:
    return float(round(x, 2))


def _platforms(
    rng: np.random.Generator, n_platforms: int
) -> tuple[list[Platform], list[PriceLine], float]:
    """Vendors, pools and price lines.  Returns (platforms, prices, capacity scale placeholder)."""
    n_vendors = int(min(8, max(5, round(n_platforms / 5))))
    n_vendors = min(n_vendors, max(1, n_platforms // 2))
    vendors = [VENDORS[i] for i in rng.choice(len(VENDORS), size=n_vendors, replace=False)]
    # at least two pools per vendor; the rest spread at random
    per_vendor = np.full(n_vendors, 2)
    extra = n_platforms - 2 * n_vendors
    if extra > 0:
        per_vendor += rng.multinomial(extra, np.full(n_vendors, 1 / n_vendors))
    platforms: list[Platform] = []
    prices: list[PriceLine] = []
    for vi, vendor in enumerate(vendors):
        level_q = rng.uniform(0.2, 0.8)  # the vendor's overall price level within each range

        def in_range(lo: float, hi: float, level_q: float = level_q) -> float:
            q = float(np.clip(level_q + rng.normal(0, 0.15), 0.0, 1.0))
            return lo + q * (hi - lo)

        period = Period.MONTH if rng.random() < 0.5 else Period.YEAR
        used: set[str] = set()
        for k in range(int(per_vendor[vi])):
            if k == 0:  # guaranteed: private x86 pool, uncapped, full price list
                dep, xc, level, cap_ok, full = (
                    Deployment.PRIVATE,
                    False,
                    4 if vi < 2 else 3,
                    False,
                    True,
                )
            elif k == 1:  # guaranteed: private 信创 pool, uncapped, full price list
                dep, xc, level, cap_ok, full = (
                    Deployment.PRIVATE,
                    True,
                    4 if vi < 2 else 3,
                    False,
                    True,
                )
            else:
                dep = Deployment.PRIVATE if rng.random() < 0.55 else Deployment.PUBLIC
                xc = bool(rng.random() < 0.4)
                level = int(rng.choice([2, 3, 4], p=[0.25, 0.6, 0.15]))
                if dep is Deployment.PUBLIC:
                    level = min(level, 3)
                cap_ok, full = bool(rng.random() < 0.45), bool(rng.random() < 0.8)
            arch = str(rng.choice(XC_ARCH if xc else X86_ARCH))
            base = f"{rng.choice(REGIONS)}{rng.choice(POOL_KIND[dep])}-{arch}"
            name, n = base, 2
            while name in used:
                name, n = f"{base}{n}", n + 1
            used.add(name)
            # capacity is fixed later, once total demand is known (NaN marker here)
            platforms.append(
                Platform(
                    vendor,
                    name,
                    dep,
                    xc,
                    level,
                    capacity_vcpu=math.nan if cap_ok else None,
                    availability=float(rng.choice([99.9, 99.95, 99.99])),
                )
            )
            # --- annual prices (docs/DOMAIN.md, tendered) ---
            xc_up = rng.uniform(1.0, 1.3) if xc else 1.0
            pub = 0.95 if dep is Deployment.PUBLIC else 1.0  # public pools slightly cheaper
            ssd = rng.random() < 0.4
            annual = {
                "vcpu": in_range(500, 700) * xc_up * pub,
                "ram_gb": in_range(100, 180) * pub,
                "storage_gb": in_range(8, 14) if ssd else in_range(3, 6),
                "bandwidth_mbps": in_range(300, 1200),
                "security_l2": in_range(10_000, 30_000),
                "security_l3": in_range(30_000, 100_000),
                "security_l4": in_range(100_000, 200_000),
            }
            for res, a in annual.items():
                if res.startswith("security_l") and int(res[-1]) > level:
                    continue  # a pool does not sell packages above its own MLPS level
                if res == "bandwidth_mbps" and not full:
                    continue  # 政务外网-only pool: no internet bandwidth offered
                # monthly quotes are list-ish: 12 × monthly ≈ 1.0–1.2 × the annual price
                if period is Period.MONTH:
                    unit = a / 12 * rng.uniform(1.0, 1.2)
                else:
                    unit = a
                prices.append(PriceLine(vendor, name, res, _r2(unit), period))
    return platforms, prices, 0.0


def _workloads(rng: np.random.Generator, n: int, platforms: list[Platform]) -> list[Workload]:
    out: list[Workload] = []
    # systems run mostly on x86 today (信创 replacement is under way): weight x86 pools 3:1
    cur_w = np.array([1.0 if p.xinchuang else 3.0 for p in platforms])
    cur_w /= cur_w.sum()
    t_idx = rng.integers(0, len(TEMPLATES), size=n)
    scale = rng.choice([0.25, 0.5, 1.0, 1.0, 1.0, 1.5, 2.0], size=n)
    for i in range(n):
        tname, vcpu, ram, tb, bw, levels, dc_w = TEMPLATES[int(t_idx[i])]
        s = float(scale[i])
        v = max(2, int(round(vcpu * s / 2)) * 2)
        ratio = ram / vcpu if rng.random() < 0.8 else float(rng.choice([2, 4, 8]))
        r = float(v * ratio)
        storage = float(max(50, round(tb * 1024 * s * rng.lognormal(0, 0.4) / 10) * 10))
        band = (
            float(round(bw * s * rng.uniform(0.5, 1.5))) if bw > 0 and rng.random() < 0.85 else 0.0
        )
        level = int(rng.choice(levels))
        dc = DATA_CLASSES[int(rng.choice(4, p=np.array(dc_w) / sum(dc_w)))]
        if dc is DataClass.CORE and level < 3:
            level = 3
        xc_req = bool(rng.random() < 0.10)
        if rng.random() < 0.35:
            cv = cp = None  # county machine room
            cur_xc = False
        else:
            p = platforms[int(rng.choice(len(platforms), p=cur_w))]
            cv, cp, cur_xc = p.vendor, p.name, p.xinchuang
        migration = _r2(rng.uniform(20_000, 80_000) + storage / 1024 * rng.uniform(500, 2_000))
        if cur_xc:
            adaptation = 0.0  # already adapted
        elif rng.random() < 0.15:  # Oracle / PL-SQL heavy
            adaptation = _r2(rng.uniform(300_000, 1_500_000))
        else:  # Java / MySQL
            adaptation = _r2(rng.uniform(50_000, 300_000))
        out.append(
            Workload(
                name=f"{tname}-{i + 1:05d}",
                department=str(DEPARTMENTS[int(rng.integers(0, len(DEPARTMENTS)))]),
                vcpu=float(v),
                ram_gb=r,
                storage_gb=storage,
                bandwidth_mbps=band,
                data_class=dc,
                mlps_level=level,
                xinchuang_required=xc_req,
                current_vendor=cv,
                current_platform=cp,
                migration_cost=migration,
                xinchuang_adaptation_cost=adaptation,
            )
        )
    return out


def estimate_cost(inp: PlanInput) -> dict[str, float]:
    """Cheap cost estimates of an instance (no MILP):

    ``cheapest``: Σ per-workload cheapest eligible cost (a lower bound, no policy rules);
    ``with_xinchuang``: ``cheapest`` plus the cheapest per-vCPU switches to 信创 until the
    policy's 信创 share is met (≈ the optimum of the instance without vendor rules).
    """
    from planner.costing import CostModel

    cm = CostModel(inp)
    inf = np.inf
    cost = np.where(cm.eligible, cm.total, inf)
    c_any = cost.min(axis=1)
    xc_cost = np.where(cm.platform_xinchuang[None, :], cost, inf)
    c_xc = xc_cost.min(axis=1)
    on_xc = c_xc <= c_any  # the cheapest choice already is 信创
    vcpu = cm.vcpu
    need = inp.policy.min_xinchuang_share * vcpu.sum() - vcpu[on_xc].sum()
    extra = 0.0
    if need > 0:
        cand = np.nonzero(~on_xc & np.isfinite(c_xc))[0]
        per_vcpu = (c_xc[cand] - c_any[cand]) / np.maximum(vcpu[cand], 1e-9)
        got = 0.0
        for k in cand[np.argsort(per_vcpu, kind="stable")]:
            if got >= need:
                break
            extra += c_xc[k] - c_any[k]
            got += vcpu[k]
    return {"cheapest": float(c_any.sum()), "with_xinchuang": float(c_any.sum() + extra)}


def synthetic_county(
    n_workloads: int, n_platforms: int = 30, seed: int = 0, budget_slack: float = 1.15
) -> PlanInput:
    """A realistic synthetic county with n_workloads systems and n_platforms pools (see module doc)."""
    if n_platforms < 10:
        raise ValueError("n_platforms must be at least 10 (5 vendors × 2 guaranteed pools)")
    rng = np.random.default_rng(seed)
    platforms, prices, _ = _platforms(rng, n_platforms)
    workloads = _workloads(rng, n_workloads, platforms)
    total_vcpu = sum(w.vcpu for w in workloads)
    # capacities: 4–15 % of total demand on the capped pools (binding on the cheap ones)
    platforms = [
        Platform(
            p.vendor,
            p.name,
            p.deployment,
            p.xinchuang,
            p.mlps_level,
            capacity_vcpu=float(max(64, round(total_vcpu * rng.uniform(0.04, 0.15) / 8) * 8)),
            availability=p.availability,
        )
        if p.capacity_vcpu is not None
        else p
        for p in platforms
    ]
    policy = Policy(
        budget_annual=None,
        horizon_years=3.0,
        min_xinchuang_share=float(round(rng.uniform(0.30, 0.50), 2)),
        max_vendor_share=float(round(rng.uniform(0.35, 0.45), 2)),
        min_vendors=int(rng.choice([3, 4])),
    )
    inp = PlanInput(
        tuple(platforms),
        tuple(prices),
        tuple(workloads),
        policy,
        name=f"合成县-{n_workloads}-{seed}",
    )
    est = estimate_cost(inp)
    budget = float(math.ceil(est["with_xinchuang"] * budget_slack / 10_000) * 10_000)
    return PlanInput(
        inp.platforms,
        inp.prices,
        inp.workloads,
        Policy(
            budget_annual=budget,
            horizon_years=policy.horizon_years,
            min_xinchuang_share=policy.min_xinchuang_share,
            max_vendor_share=policy.max_vendor_share,
            min_vendors=policy.min_vendors,
        ),
        name=inp.name,
    )


def _check(sizes: list[int], seeds: list[int], time_limit: float | None) -> int:
    """Solve each instance and report whether it is feasible and how tight each rule is."""
    from planner.optimize import solve

    bad = 0
    for n in sizes:
        for seed in seeds:
            inp = synthetic_county(n, seed=seed)
            est = estimate_cost(inp)
            pol = inp.policy
            plan = solve(inp, time_limit=time_limit, diagnose=False)
            line = (
                f"n={n:>6} seed={seed} vendors={len(inp.vendors)} platforms={len(inp.platforms)} "
                f"xc≥{pol.min_xinchuang_share:.2f} share≤{pol.max_vendor_share:.2f} "
                f"vendors≥{pol.min_vendors} budget={pol.budget_annual:,.0f} -> {plan.status.value}"
            )
            if plan.has_solution:
                line += (
                    f" cost={plan.total_annual_cost:,.0f} (budget use {plan.total_annual_cost / pol.budget_annual:.3f},"
                    f" vs cheapest {plan.total_annual_cost / est['cheapest']:.3f},"
                    f" vs estimate {plan.total_annual_cost / est['with_xinchuang']:.3f})"
                    f" xc={plan.xinchuang_share:.3f} maxshare={plan.max_vendor_share:.3f}"
                    f" used={plan.vendors_used} solve={plan.solve_seconds:.1f}s"
                )
            else:
                bad += 1
                line += " " + " | ".join(plan.diagnosis)
            print(line, flush=True)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="solve instances and report feasibility")
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--time-limit", type=float, default=None)
    args = ap.parse_args(argv)
    if args.check:
        return _check(args.sizes, args.seeds, args.time_limit)
    for n in args.sizes:
        inp = synthetic_county(n, seed=args.seeds[0])
        print(
            inp.name,
            len(inp.vendors),
            "vendors",
            len(inp.platforms),
            "platforms",
            len(inp.prices),
            "prices",
            len(inp.workloads),
            "workloads",
            inp.policy,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
