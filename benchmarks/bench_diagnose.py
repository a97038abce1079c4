"""Time the diagnosis of an infeasible year plan with commercial terms (issue 21 speed table).

    python benchmarks/bench_diagnose.py [--runs 5] [--cli]

The case: benchmarks.bench_years.years_county(20 systems, 3 years), every vendor with a volume
tier (满 30 万 95 折), a 最低消费 of 5 万 and a 开通费 of 2 万, and a 不同供应商 rule over three
systems of 等保 4 that only two vendors (华为云, 联通云) can host: no plan exists in any year, and
``solve`` (the plan with its diagnosis) must say so. Reported: the median and every run of the
in-process solve + diagnosis (wall and CPU time), its re-solve count and first lines; with ``--cli`` also the wall time
of ``yunce plan INPUT.xlsx`` (exit 3), process start included.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_years import years_county  # noqa: E402
from planner.model import (  # noqa: E402
    Discount,
    DiscountKind,
    PlanInput,
    SystemRule,
    SystemRuleKind,
)

#: The three systems raised to 等保 4 and bound by the 不同供应商 rule.
PINNED = (0, 4, 9)


def pinned_county(seed: int = 0) -> PlanInput:
    """The infeasible case of the module doc."""
    inp = years_county(20, 3, seed=seed)
    workloads = list(inp.workloads)
    for i in PINNED:
        workloads[i] = replace(workloads[i], mlps_level=4)
    prices = tuple(replace(q, min_annual=50_000.0, setup_fee=20_000.0) for q in inp.prices)
    tiers = tuple(Discount(v, DiscountKind.VOLUME, 0.95, 300_000.0) for v in inp.vendors)
    rule = SystemRule(SystemRuleKind.DIFFERENT_VENDOR, tuple(workloads[i].name for i in PINNED))
    return replace(
        inp,
        workloads=tuple(workloads),
        prices=prices,
        discounts=tiers,
        system_rules=(rule,),
    )


def run_in_process() -> tuple[float, float, int, list[str], str]:
    """(wall s, CPU s of this process, re-solves, first lines, status): the CPU time is what the
    work costs on a machine shared with other jobs (HiGHS runs here, on one thread)."""
    from planner.optimize import solve

    inp = pinned_county()
    started, cpu = time.perf_counter(), time.process_time()
    plan = solve(inp)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    resolves = plan.infeasibility.resolves if plan.infeasibility is not None else 0
    return wall, cpu, resolves, list(plan.diagnosis[:4]), plan.status.value


def run_cli(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "plan", str(path)],
        cwd=ROOT,
        capture_output=True,
    )
    return time.perf_counter() - started, done.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cli", action="store_true", help="also time yunce plan on the workbook")
    args = ap.parse_args(argv)
    walls, cpus = [], []
    for i in range(args.runs):
        wall, cpu, resolves, lines, status = run_in_process()
        walls.append(wall)
        cpus.append(cpu)
        if i == 0:
            print(f"status {status}, {resolves} re-solves")
            for line in lines:
                print(f"  {line}")
    print(
        f"in-process solve + diagnosis: median {statistics.median(walls):.2f} s "
        f"(runs {', '.join(f'{w:.2f}' for w in walls)}); CPU median {statistics.median(cpus):.2f} s",
        flush=True,
    )
    if args.cli:
        from data.writer import write_input_workbook

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "pinned.xlsx"
            write_input_workbook(pinned_county(), path)
            runs = [run_cli(path) for _ in range(args.runs)]
        codes = sorted({c for _, c in runs})
        print(
            f"yunce plan (exit {codes}): median {statistics.median(w for w, _ in runs):.2f} s "
            f"(runs {', '.join(f'{w:.2f}' for w, _ in runs)})",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
