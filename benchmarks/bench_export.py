"""Time the plan workbook export (issue 11: ≤ 0.6 s at 2,000 systems, ≤ 3 s at 20,000).

    python benchmarks/bench_export.py [--systems 200 2000 20000] [--repeat 3] [--out PLAN.xlsx]
                                      [--cli] [--solve] [--years 3 --year-systems 300]

The plan is not timed: by default every system goes to its cheapest eligible platform
(a "feasible"-status plan, built in a second); ``--solve`` runs the optimiser instead. Then the
workbook is built and saved the way ``yunce plan -o`` does it; the median and the best of --repeat
runs are reported, with the split between building the sheets (XlsxWriter's cell records) and
saving the file (XML and zip). ``--cli`` also times
``python -m ui.cli plan COUNTY.xlsx -o plan.xlsx --gap 1e-4`` end to end in a fresh process (the
county written as an input workbook first), with and without ``-o``, --repeat times each (medians).
``--years N`` also times the workbook of a plan with N plan years (the same writer, the year as a
dimension) for a county of --year-systems systems (bench_years.years_county, solved to gap 1e-3:
a year plan has no greedy stand-in; the solve is not timed).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import synthetic_county  # noqa: E402
from data.plan_writer import build_plan_workbook, write_plan_workbook  # noqa: E402
from data.xlsxbook import paused_gc  # noqa: E402
from planner.costing import CostModel  # noqa: E402
from planner.model import Assignment, Plan, PlanInput, SolveStatus  # noqa: E402
from planner.optimize import solve

#: Targets of issue 11 by size (seconds); sizes in between take the larger one.
TARGETS = {2000: 0.6, 20000: 3.0}


def target(n: int) -> float:
    return next((t for size, t in sorted(TARGETS.items()) if n <= size), 3.0 * n / 20000)


def cheapest_plan(inp: PlanInput) -> Plan:
    """Every system on its cheapest eligible platform (ignores the plan-wide rules)."""
    cm = CostModel(inp)
    cost = np.where(cm.eligible, cm.total, np.inf)
    best = cost.argmin(axis=1)
    assignments = tuple(
        Assignment(w, inp.platforms[int(j)], cm.breakdown(i, int(j)))
        for i, (w, j) in enumerate(zip(inp.workloads, best, strict=True))
    )
    return Plan(
        status=SolveStatus.FEASIBLE, assignments=assignments, policy=inp.policy, solver="greedy"
    )


def time_cli(inp: PlanInput, tmp: Path) -> tuple[float, float]:
    """(seconds without -o, seconds with -o) of the CLI planning the county from an input workbook."""
    from data.writer import write_input_workbook

    county = tmp / "county.xlsx"
    write_input_workbook(inp, county)
    root = Path(__file__).resolve().parents[1]
    times = []
    for extra in ([], ["-o", str(tmp / "cli_plan.xlsx")]):
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ui.cli",
                "plan",
                str(county),
                "--gap",
                "1e-4",
                "--time-limit",
                "300",
                *extra,
            ],
            cwd=root,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t0)
    return times[0], times[1]


def export(n: int, args: argparse.Namespace, tmp: Path) -> bool:
    inp = synthetic_county(n, n_platforms=args.platforms)
    t0 = time.perf_counter()
    plan = solve(inp, time_limit=args.time_limit) if args.solve else cheapest_plan(inp)
    print(f"{n} systems – plan: {time.perf_counter() - t0:.1f} s, {plan!r}")
    if not plan.has_solution:
        print("no plan to export")
        return False
    target_path = args.out or tmp / "plan.xlsx"
    builds, saves, walls = [], [], []
    for _ in range(args.repeat):
        with paused_gc():  # as write_plan_workbook
            t0 = time.perf_counter()
            wb = build_plan_workbook(plan, inp=inp)
            t1 = time.perf_counter()
            wb.save(tmp / "split.xlsx")
            t2 = time.perf_counter()
        write_plan_workbook(plan, target_path, inp=inp)
        t3 = time.perf_counter()
        builds.append(t1 - t0)
        saves.append(t2 - t1)
        walls.append(t3 - t2)
    size = target_path.stat().st_size / 1e6
    goal = target(n)
    median = statistics.median(walls)
    verdict = "OK" if median <= goal else "TOO SLOW"
    print(
        f"export of {n} systems: median {median:.2f} s, best {min(walls):.2f} s "
        f"(build {statistics.median(builds):.2f} s + save {statistics.median(saves):.2f} s), "
        f"{size:.1f} MB – target ≤ {goal:g} s: {verdict}"
    )
    if args.cli:
        runs = [time_cli(inp, tmp) for _ in range(args.repeat)]
        bare = statistics.median(r[0] for r in runs)
        full = statistics.median(r[1] for r in runs)
        print(
            f"cli plan of {n} systems (--gap 1e-4), median of {len(runs)}: {bare:.2f} s "
            f"without -o, {full:.2f} s with -o"
        )
    return median <= goal


def export_years(n: int, args: argparse.Namespace, tmp: Path) -> None:
    """Time the plan workbook of an n-system county planned over args.years plan years."""
    from benchmarks.bench_years import years_county

    inp = years_county(n, args.years, n_platforms=args.platforms)
    t0 = time.perf_counter()
    plan = solve(inp, time_limit=args.time_limit, gap=1e-3, diagnose=False)
    print(f"{n} systems × {args.years} years – plan: {time.perf_counter() - t0:.1f} s, {plan!r}")
    if not plan.has_solution:
        print("no plan to export")
        return
    walls, builds = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with paused_gc():
            build_plan_workbook(plan)
        builds.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        write_plan_workbook(plan, tmp / "years.xlsx")
        walls.append(time.perf_counter() - t0)
    print(
        f"export of {n} systems × {args.years} years: median {statistics.median(walls):.2f} s, "
        f"best {min(walls):.2f} s (build {statistics.median(builds):.2f} s), "
        f"{(tmp / 'years.xlsx').stat().st_size / 1e6:.1f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--systems", type=int, nargs="+", default=[2000])
    ap.add_argument("--platforms", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--solve", action="store_true", help="solve the plan instead of the greedy one")
    ap.add_argument(
        "--time-limit", type=float, default=60.0, help="solver time limit (s) with --solve"
    )
    ap.add_argument(
        "--cli", action="store_true", help="also time `python -m ui.cli plan` end to end"
    )
    ap.add_argument("--out", type=Path, help="keep the (last) workbook here")
    ap.add_argument("--years", type=int, default=0, help="also time a plan with N plan years")
    ap.add_argument("--year-systems", type=int, nargs="+", default=[300])
    args = ap.parse_args(argv)
    ok = True
    for n in args.systems:
        with tempfile.TemporaryDirectory() as tmp:
            ok &= export(n, args, Path(tmp))
    for n in args.year_systems if args.years else []:
        with tempfile.TemporaryDirectory() as tmp:
            export_years(n, args, Path(tmp))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
