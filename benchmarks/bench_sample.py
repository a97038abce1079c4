"""Time the sample county: the solve alone, and ``yunce plan --sample -o plan.xlsx`` end to end.

    python benchmarks/bench_sample.py [--repeat 7] [--no-cli] [--floors]

Solve alone: the built model solved by planner.solvers.solve_model, as one MIP
(``CHOICE_COMBINATIONS_MAX = 1``) and once per tier interval (the default), each repeated and
reported as the median wall time, median CPU time of this process (less sensitive to other
load on a shared machine) and HiGHS's node count. End to end: the console command in a fresh
process, wall and CPU (user + system of the child). The load average is printed with the
numbers; they measure and report, they are not a test.

``--floors``: what HiGHS needs on the tier interval that holds the optimum when it is helped as
much as it can be, each over several random seeds (where the time of the default solve goes):
the interval fixed (the default path's main solve); the same with the optimum given as a cutoff
and its sub-MIP heuristics (RINS, RENS) off, i.e. a perfect first plan; the vendor-share rows
dropped (a different, easier model: the share caps' own cost); the LP relaxation alone.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def solve_alone(repeat: int) -> None:
    from data.samples import sample_county
    from planner import solvers
    from planner.build import build_model
    from planner.costing import CostModel

    cm = CostModel(sample_county())
    saved = solvers.CHOICE_COMBINATIONS_MAX
    for label, limit in (("one MIP", 1), ("per tier interval", saved)):
        solvers.CHOICE_COMBINATIONS_MAX = limit
        walls, cpus, nodes, objective = [], [], [], None
        for _ in range(repeat):
            bm = build_model(cm)
            w, c = time.perf_counter(), time.process_time()
            res = solvers.solve_model(bm)
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
            nodes.append(res.nodes)
            objective = res.objective
        solvers.CHOICE_COMBINATIONS_MAX = saved
        print(
            f"solve, {label:>17}: {bm.model.num_row} rows × {bm.model.num_col} columns  "
            f"wall {statistics.median(walls):.3f} s  CPU {statistics.median(cpus):.3f} s "
            f"(median of {repeat})  nodes {nodes[0]}  objective {objective:,.2f}"
        )


def floors(seeds: int) -> None:
    import highspy

    from data.samples import sample_county
    from planner import solvers
    from planner.build import build_model
    from planner.costing import CostModel

    bm = build_model(CostModel(sample_county()))
    model = bm.model
    combos = solvers.choice_combinations(model)
    bounds = solvers._lp_bounds(model, combos) if combos else [0.0]
    fix = combos[min(range(len(bounds)), key=lambda i: bounds[i])] if combos else {}
    optimum = solvers.solve_model(bm).objective
    assert optimum is not None
    shares = [i for i, n in enumerate(model.row_names()) if n.startswith("vendor_share")]
    no_sub_mips = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False}
    cases: list[tuple[str, dict[str, object], bool, bool]] = [
        ("interval fixed (default options)", {}, True, False),
        (
            "+ optimum as cutoff, RINS/RENS off",
            {"objective_bound": optimum + 1.0, **no_sub_mips},
            True,
            False,
        ),
        ("interval fixed, no vendor-share rows", {}, True, True),
        ("LP relaxation, interval fixed", {}, False, False),
    ]
    for label, options, integral, drop_shares in cases:
        cpus, nodes, objective = [], [], None
        for seed in range(seeds):
            h = solvers.make_highs(options={"random_seed": seed, **options})
            model.pass_to_highs(h, integral=integral)
            for col, value in fix.items():
                h.changeColBounds(col, value, value)
            for r in shares if drop_shares else []:
                h.changeRowBounds(r, -highspy.kHighsInf, highspy.kHighsInf)
            c = time.process_time()
            h.run()
            cpus.append(time.process_time() - c)
            nodes.append(int(h.getInfo().mip_node_count) if integral else 0)
            objective = float(h.getInfo().objective_function_value)
        print(
            f"floor, {label:>38}: CPU median {statistics.median(cpus):.3f} s "
            f"(min {min(cpus):.3f}, max {max(cpus):.3f}; {seeds} seeds)  nodes {nodes}  "
            f"objective {objective:,.2f}"
        )


def cli(repeat: int) -> None:
    exe = [sys.executable, "-m", "ui.cli", "plan", "--sample", "-o"]
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "plan.xlsx")
        subprocess.run([*exe, out], cwd=ROOT, capture_output=True, check=True)  # warm file cache
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            w = time.perf_counter()
            subprocess.run([*exe, out], cwd=ROOT, capture_output=True, check=True)
            walls.append(time.perf_counter() - w)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    print(
        f"yunce plan --sample -o plan.xlsx: wall {statistics.median(walls):.3f} s  "
        f"CPU {statistics.median(cpus):.3f} s (median of {repeat}; "
        f"bytecode cache {'off' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'on'})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-cli", action="store_true", help="only the solve")
    ap.add_argument("--floors", action="store_true", help="also HiGHS helped as far as it goes")
    args = ap.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    solve_alone(args.repeat)
    if args.floors:
        floors(args.repeat)
    if not args.no_cli:
        cli(args.repeat)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
