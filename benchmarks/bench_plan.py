"""Time every stage of a plan on synthetic counties of growing size.

    python benchmarks/bench_plan.py [--sizes 200 2000 20000] [--solver highs|cbc]
                                    [--time-limit S] [--bridge stock|fast] [--rescale]
                                    [--gc on|off] [--seed N] [--no-io] [--json FILE]

Stages (time.perf_counter wall time):
  cost model   CostModel(inp)
  build        planner.optimize.build_model (PuLP objects)
  solve        planner.optimize.solve_model wall time: PuLP → solver bridge + solver + read-back
    bridge       of which: the PuLP → HiGHS transfer (buildSolverModel), highs only
    highs run    of which: Highs.run() wall time, highs only
    readback     of which: findSolutionValues + PuLP bookkeeping, highs only
  solver own   HiGHS's own clock (Highs.getRunTime()), highs only
  extract      planner.optimize.extract_assignments
  core e2e     cost model + build + solve + extract
  xlsx write*  data.writer.write_input_workbook of the instance: set-up, in neither e2e figure
  xlsx read    data.workbook.read_workbook of that file (the plan is solved from what was read)
  plan write   data.plan_writer.write_plan_workbook
  full e2e     xlsx read + core e2e + plan write

The I/O columns say "n/a" when the data layer is missing.  ``--bridge fast`` swaps in the
prototype bridge of benchmarks/fast_highs_proto.py (monkeypatched here only, planner/ is not
touched).  ``--rescale`` applies benchmarks/scaling_proto.py (vendor-share rows in 万元) right
after build_model; ``--gc off`` disables Python's cyclic GC while a size runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.synthetic import synthetic_county  # noqa: E402
from planner import optimize  # noqa: E402
from planner.costing import CostModel  # noqa: E402
from planner.model import Plan, SolveStatus  # noqa: E402

try:  # the data layer may not exist yet
    from data.workbook import read_workbook
    from data.writer import write_input_workbook
except ImportError:  # pragma: no cover
    read_workbook = write_input_workbook = None  # type: ignore[assignment]
try:
    from data.plan_writer import write_plan_workbook
except ImportError:  # pragma: no cover
    write_plan_workbook = None  # type: ignore[assignment]


# --- instrumentation of the HiGHS bridge (benchmark-local monkeypatch) ------------------------
_STAGES: dict[str, float] = {}


def _timed(name: str, fn):  # type: ignore[no-untyped-def]
    def wrapper(self, lp, *a, **k):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return fn(self, lp, *a, **k)
        finally:
            _STAGES[name] = _STAGES.get(name, 0.0) + time.perf_counter() - t

    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


def instrument(bridge: str) -> None:
    """Time the stages of planner.optimize._HiGHS; optionally swap in the fast bridge."""
    cls = optimize._HiGHS
    if bridge == "fast":
        from benchmarks.fast_highs_proto import FastHiGHSMixin

        cls = type("_FastBenchHiGHS", (FastHiGHSMixin, optimize._HiGHS), {})
        optimize._HiGHS = cls  # make_solver looks the class up at call time
    for meth, name in (
        ("createAndConfigureSolver", "create"),
        ("buildSolverModel", "bridge"),
        ("callSolver", "run"),
        ("findSolutionValues", "readback"),
    ):
        setattr(cls, meth, _timed(name, getattr(cls, meth)))


# --- one size -------------------------------------------------------------------------------
def bench_one(
    n: int,
    n_platforms: int,
    seed: int,
    solver: str,
    time_limit: float | None,
    io: bool,
    tmp: Path,
    rescale: bool = False,
) -> dict[str, Any]:
    row: dict[str, Any] = {"workloads": n}
    t = time.perf_counter()
    inp = synthetic_county(n, n_platforms, seed)
    row["generate"] = time.perf_counter() - t
    row["platforms"] = len(inp.platforms)
    row["vendors"] = len(inp.vendors)

    io_ok = io and read_workbook is not None and write_input_workbook is not None
    if io_ok:
        path = tmp / f"county_{n}.xlsx"
        t = time.perf_counter()
        write_input_workbook(inp, path)
        row["xlsx_write_input"] = time.perf_counter() - t
        t = time.perf_counter()
        inp2 = read_workbook(path)
        row["xlsx_read"] = time.perf_counter() - t
        if len(inp2.workloads) != n:
            raise RuntimeError("workbook round trip lost workloads")
        inp = inp2  # solve what was read, as the app does
    else:
        row["xlsx_write_input"] = row["xlsx_read"] = None

    _STAGES.clear()
    t = time.perf_counter()
    cm = CostModel(inp)
    row["cost_model"] = time.perf_counter() - t

    t = time.perf_counter()
    bm = optimize.build_model(cm)
    if rescale:
        from benchmarks.scaling_proto import rescale_vendor_share

        rescale_vendor_share(bm)
    row["build"] = time.perf_counter() - t
    row["variables"] = bm.prob.numVariables()
    row["pairs"] = len(bm.x)
    row["constraints"] = bm.prob.numConstraints()
    row["nonzeros"] = sum(len(c) for c in bm.prob.constraints.values())

    t = time.perf_counter()
    res = optimize.solve_model(bm, solver, time_limit)
    row["solve"] = time.perf_counter() - t
    row["bridge"] = _STAGES.get("bridge")
    row["highs_run"] = _STAGES.get("run")
    row["readback"] = _STAGES.get("readback")
    row["solver_own"] = None
    if solver == "highs" and getattr(bm.prob, "solverModel", None) is not None:
        with contextlib.suppress(Exception):
            row["solver_own"] = float(bm.prob.solverModel.getRunTime())
        with contextlib.suppress(Exception):
            info = bm.prob.solverModel.getInfo()
            row["mip_nodes"] = int(info.mip_node_count)
            row["simplex_iters"] = int(info.simplex_iteration_count)
    row["status"] = res.status.value
    row["objective"] = res.objective
    row["gap"] = res.gap

    row["extract"] = None
    plan = None
    if res.x_values is not None:
        t = time.perf_counter()
        assignments = optimize.extract_assignments(bm, res.x_values)
        row["extract"] = time.perf_counter() - t
        plan = Plan(
            res.status,
            assignments=assignments,
            policy=inp.policy,
            solver=solver,
            mip_gap=res.gap,
            solve_seconds=res.seconds,
            build_seconds=bm.build_seconds,
        )
        row["budget_use"] = (
            plan.total_annual_cost / inp.policy.budget_annual if inp.policy.budget_annual else None
        )
        row["xinchuang_share"] = plan.xinchuang_share
        row["max_vendor_share"] = plan.max_vendor_share
        row["vendors_used"] = plan.vendors_used
    row["core_e2e"] = row["cost_model"] + row["build"] + row["solve"] + (row["extract"] or 0.0)

    row["plan_write"] = None
    if io_ok and write_plan_workbook is not None and plan is not None:
        t = time.perf_counter()
        write_plan_workbook(plan, tmp / f"plan_{n}.xlsx", inp=inp)
        row["plan_write"] = time.perf_counter() - t
    if io_ok and row["plan_write"] is not None:
        row["full_e2e"] = row["xlsx_read"] + row["core_e2e"] + row["plan_write"]
    else:
        row["full_e2e"] = None
    if row["solver_own"]:
        row["overhead"] = row["core_e2e"] - row["solver_own"]
        row["e2e_over_solver"] = row["core_e2e"] / row["solver_own"]
    return row


# --- output ---------------------------------------------------------------------------------
COLUMNS: tuple[tuple[str, str, str], ...] = (
    # key, header, format
    ("workloads", "workloads", "d"),
    ("platforms", "platforms", "d"),
    ("pairs", "eligible pairs", "d"),
    ("variables", "variables", "d"),
    ("constraints", "constraints", "d"),
    ("nonzeros", "nonzeros", "d"),
    ("cost_model", "cost model", "s"),
    ("build", "build", "s"),
    ("solve", "solve(wall)", "s"),
    ("bridge", " bridge", "s"),
    ("highs_run", " run", "s"),
    ("readback", " readback", "s"),
    ("solver_own", "solver own", "s"),
    ("extract", "extract", "s"),
    ("core_e2e", "core e2e", "s"),
    ("overhead", "e2e − own", "s"),
    ("e2e_over_solver", "e2e/own", "x"),
    ("xlsx_write_input", "xlsx write in*", "s"),
    ("xlsx_read", "xlsx read", "s"),
    ("plan_write", "plan write", "s"),
    ("full_e2e", "full e2e", "s"),
    ("status", "status", "t"),
    ("objective", "objective", "m"),
    ("gap", "gap", "g"),
)


def _fmt(value: Any, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if kind == "d":
        return f"{int(value):,}"
    if kind == "s":
        return f"{value:.3f}s" if value < 100 else f"{value:.1f}s"
    if kind == "x":
        return f"{value:.2f}×"
    if kind == "m":
        return f"{value:,.0f}"
    if kind == "g":
        return f"{value:.2e}"
    return str(value)


def print_table(rows: list[dict[str, Any]], file=sys.stdout) -> None:  # type: ignore[no-untyped-def]
    """Stages as rows, sizes as columns (fits a terminal for 3 sizes)."""
    head = ["stage"] + [f"n={r['workloads']:,}" for r in rows]
    body = [[h] + [_fmt(r.get(k), kind) for r in rows] for k, h, kind in COLUMNS]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    sep = "  "
    print(
        sep.join(h.ljust(widths[0]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(head)),
        file=file,
    )
    print(sep.join("-" * w for w in widths), file=file)
    for line in body:
        print(
            sep.join(
                c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(line)
            ),
            file=file,
        )
    print("* writing the input workbook is set-up, not part of either e2e figure", file=file)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Yunce plan benchmark on synthetic counties")
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    ap.add_argument("--platforms", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--solver", choices=optimize.SOLVERS, default="highs")
    ap.add_argument("--time-limit", type=float, default=None, help="solver time limit in seconds")
    ap.add_argument("--bridge", choices=("stock", "fast"), default="stock",
                    help="PuLP→HiGHS bridge: PuLP's own or the prototype (highs only)")  # fmt: skip
    ap.add_argument(
        "--rescale",
        action="store_true",
        help="express the vendor-share rows in 万元 (benchmarks/scaling_proto.py; timed in build)",
    )
    ap.add_argument(
        "--gc",
        choices=("on", "off"),
        default="on",
        help="off: gc.disable() while a size is benchmarked (Python's cyclic GC)",
    )
    ap.add_argument("--no-io", action="store_true", help="skip the workbook read/write stages")
    ap.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = ap.parse_args(argv)

    if args.solver == "highs":
        instrument(args.bridge)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="yunce_bench_") as d:
        for n in args.sizes:
            print(f"… {n:,} workloads", file=sys.stderr, flush=True)
            gc.collect()
            if args.gc == "off":
                gc.disable()
            try:
                row = bench_one(
                    n,
                    args.platforms,
                    args.seed,
                    args.solver,
                    args.time_limit,
                    not args.no_io,
                    Path(d),
                    args.rescale,
                )
            finally:
                gc.enable()
            row.update(
                solver_name=args.solver, bridge_kind=args.bridge, time_limit=args.time_limit, seed=args.seed,
                rescale=args.rescale, gc=args.gc,
            )  # fmt: skip
            rows.append(row)
            print(
                "  "
                + ", ".join(
                    f"{k}={_fmt(row.get(k), f)}" for k, _, f in COLUMNS if row.get(k) is not None
                ),
                file=sys.stderr,
                flush=True,
            )
    print(f"solver={args.solver} bridge={args.bridge} rescale={args.rescale} gc={args.gc} "
          f"time_limit={args.time_limit} seed={args.seed} "
          f"python={sys.version.split()[0]} cpus={os.cpu_count()}")  # fmt: skip
    print_table(rows)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                rows,
                ensure_ascii=False,
                indent=2,
                default=lambda o: float(o) if isinstance(o, np.floating) else str(o),
            ),
            encoding="utf-8",
        )
    bad = [
        r
        for r in rows
        if r["status"] not in (SolveStatus.OPTIMAL.value, SolveStatus.FEASIBLE.value)
    ]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
