"""Time the year-by-year plan on synthetic counties (issue 12: 300 systems × 5 years ≤ 10 s).

    python benchmarks/bench_years.py [--cases 300x5 2000x3] [--platforms 30] [--seed N]
                                     [--time-limit S] [--gap G] [--json FILE]

Each case is benchmarks.synthetic.synthetic_county(n) with plan years added: the 信创 target rises
by 5 points a year from the county's, a fifth of the systems on a platform have a contract that
ends in the second year, a tenth of the machine-room systems may join the cloud only from the
third year, 2% retire in the last year, 信创 pools get 4% cheaper a year, and the last year
gets the county's annual budget (earlier years carry the one-time costs of the waves and are left
open). Reported: model size (rows, binaries, nonzeros), build, solve and total
wall time, status and gap. ``--gap`` is the relative gap the solves stop at (default the
planner's 1e-6; issue 21's targets: 300×5 at 1e-6, 2000×3 at 1e-4).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.synthetic import synthetic_county  # noqa: E402
from planner.model import PlanInput, YearRow, YearsSpec  # noqa: E402
from planner.optimize import solve  # noqa: E402
from planner.solvers import current_gap, relative_gap  # noqa: E402

FIRST_YEAR = 2026


def years_county(n: int, years: int, n_platforms: int = 30, seed: int = 0) -> PlanInput:
    """synthetic_county(n) with `years` plan years and year columns (see the module doc)."""
    inp = synthetic_county(n, n_platforms=n_platforms, seed=seed)
    rng = np.random.default_rng(seed + 1)
    ys = [FIRST_YEAR + t for t in range(years)]
    xc_platforms = {p.key for p in inp.platforms if p.xinchuang}
    prices = tuple(
        replace(q, yearly_change=-0.04) if (q.vendor, q.platform) in xc_platforms else q
        for q in inp.prices
    )
    workloads = []
    for w in inp.workloads:
        u = rng.random()
        workloads.append(
            replace(
                w,
                contract_end_year=ys[min(1, years - 1)] if w.current_vendor and u < 0.2 else None,
                earliest_year=ys[min(2, years - 1)] if not w.current_vendor and u < 0.1 else None,
                retire_year=ys[-1] if years > 1 and 0.98 < u else None,
            )
        )
    base = inp.policy.min_xinchuang_share
    rows = tuple(
        YearRow(
            y,
            budget=inp.policy.budget_annual if t == years - 1 else None,
            min_xinchuang_share=min(1.0, base + 0.05 * t),
        )
        for t, y in enumerate(ys)
    )
    # a blank year budget means the 约束 budget: clear it so that the earlier years are open
    return replace(
        inp,
        prices=prices,
        workloads=tuple(workloads),
        years=YearsSpec(rows),
        policy=replace(inp.policy, budget_annual=None),
    )


def run_case(
    n: int,
    years: int,
    n_platforms: int,
    seed: int,
    time_limit: float | None,
    gap: float | None = None,
) -> dict[str, object]:
    inp = years_county(n, years, n_platforms, seed)
    started = time.perf_counter()
    with relative_gap(gap):
        gap_asked = current_gap()
        plan = solve(inp, time_limit=time_limit, diagnose=False)
    total = time.perf_counter() - started
    return {
        "systems": n,
        "years": years,
        "platforms": n_platforms,
        "seed": seed,
        "gap_asked": gap_asked,
        **plan.size,
        "build_s": round(plan.build_seconds, 2),
        "solve_s": round(plan.solve_seconds, 2),
        "total_s": round(total, 2),
        "status": plan.status.value,
        "gap": plan.mip_gap,
        "total_cost": round(plan.total_cost, 2) if plan.has_solution else None,
        "moves": [len(m) for m in plan.moves] if plan.has_solution else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="+", default=["300x5", "2000x3"])
    ap.add_argument("--platforms", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--gap", type=float, help="relative gap (default: the planner's 1e-6)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    rows = []
    for case in args.cases:
        n, y = (int(v) for v in case.lower().split("x"))
        r = run_case(n, y, args.platforms, args.seed, args.time_limit, args.gap)
        rows.append(r)
        print(
            f"{n:>6} × {y} years: {r['rows']:>7} rows {r['binaries']:>8} binaries {r['nonzeros']:>9} nonzeros  "
            f"build {r['build_s']:>6.2f} s  solve {r['solve_s']:>6.2f} s  total {r['total_s']:>6.2f} s  "
            f"{r['status']} gap={r['gap']} (asked {r['gap_asked']}) moves={r['moves']}",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
