"""Time the plan workbook export of a 2,000-system county (target: under 3 s).

    python benchmarks/bench_export.py [--systems 2000] [--repeat 3] [--out PLAN.xlsx]

The plan is not timed: by default every system goes to its cheapest eligible platform
(a "feasible"-status plan, built in a second); ``--solve`` runs the optimiser instead (about
1–2 minutes at 2,000 systems). Then the workbook is built and saved the way ``yunce plan -o``
does it, and the best of --repeat runs is reported with the split between building the
sheets and saving the file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import synthetic_county  # noqa: E402
from data.plan_sheets.fastxlsx import fast_save  # noqa: E402
from data.plan_writer import build_plan_workbook, write_plan_workbook  # noqa: E402
from planner.costing import CostModel  # noqa: E402
from planner.model import Assignment, Plan, PlanInput, SolveStatus  # noqa: E402
from planner.optimize import solve  # noqa: E402

TARGET_SECONDS = 3.0


def cheapest_plan(inp: PlanInput) -> Plan:
    """Every system on its cheapest eligible platform (ignores the plan-wide rules)."""
    cm = CostModel(inp)
    cost = np.where(cm.eligible, cm.total, np.inf)
    best = cost.argmin(axis=1)
    assignments = tuple(
        Assignment(w, inp.platforms[int(j)], cm.breakdown(i, int(j))) for i, (w, j) in enumerate(zip(inp.workloads, best, strict=True))
    )
    return Plan(status=SolveStatus.FEASIBLE, assignments=assignments, policy=inp.policy, solver="greedy")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--systems", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--solve", action="store_true", help="solve the plan instead of the greedy one")
    ap.add_argument("--time-limit", type=float, default=60.0, help="solver time limit (s) with --solve")
    ap.add_argument("--out", type=Path, help="keep the workbook here")
    args = ap.parse_args(argv)

    inp = synthetic_county(args.systems)
    t0 = time.perf_counter()
    plan = solve(inp, time_limit=args.time_limit) if args.solve else cheapest_plan(inp)
    print(f"plan: {time.perf_counter() - t0:.1f} s, {plan!r}")
    if not plan.has_solution:
        print("no plan to export")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        target = args.out or Path(tmp) / "plan.xlsx"
        best = build_best = save_best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            wb = build_plan_workbook(plan, inp=inp)
            t1 = time.perf_counter()
            fast_save(wb, str(Path(tmp) / "split.xlsx"))
            t2 = time.perf_counter()
            write_plan_workbook(plan, target, inp=inp)
            t3 = time.perf_counter()
            build_best, save_best = min(build_best, t1 - t0), min(save_best, t2 - t1)
            best = min(best, t3 - t2)
        size = target.stat().st_size / 1e6
        verdict = "OK" if best < TARGET_SECONDS else "TOO SLOW"
        print(f"export of {args.systems} systems: {best:.2f} s (build {build_best:.2f} s + save "
              f"{save_best:.2f} s), {size:.1f} MB – target < {TARGET_SECONDS:.0f} s: {verdict}")  # fmt: skip
    return 0 if best < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
