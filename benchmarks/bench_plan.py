"""Time every stage of a plan on synthetic counties, side by side with HiGHS called directly.

    python benchmarks/bench_plan.py [--sizes 200 2000 20000] [--gaps 1e-6 1e-4]
                                    [--platforms 30] [--time-limit S] [--seed N]
                                    [--no-io] [--share-row-scale F] [--json FILE]

Each (size, gap) runs in a fresh Python process, so "peak memory" is that run's own peak RSS
(the process plus any solver child process). Stages (time.perf_counter wall time):

  xlsx read    data.workbook.read_workbook of the county written as an input workbook
               (writing it is set-up and not timed)
  cost model   CostModel(inp)
  build        planner.build.build_model: the sparse model (planner.sparse)
  solve        planner.solvers.solve_model: hand-over to HiGHS + HiGHS + read-back
  extract      planner.extract.extract_assignments
  core e2e     cost model + build + solve + extract (what ``yunce plan`` does without files)
  plan write   data.plan_writer.write_plan_workbook
  full e2e     xlsx read + core e2e + plan write
  direct       HiGHS called directly on the same model (highspy passModel + run, same gap
               and options): its wall time is the lower bound on what the planner can take

``--share-row-scale`` sets planner.build.SHARE_ROW_SCALE once for the run (1e-4: the
budget and vendor-share rows in 万元, the default; 1: in 元). The old ``--rescale`` flag applied
benchmarks/scaling_proto.py on top of the built-in scaling, i.e. scaled those rows twice; it
is gone with that prototype.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024.0  # Linux: KiB


class StagePeaks:
    """Peak resident memory of each stage (MB): Linux's high-water mark (VmHWM) is reset before
    the stage (``/proc/self/clear_refs``) and read after it. Where the reset is not allowed the
    figures are the peak so far. The run's peak is the largest stage's (or a solver child's)."""

    def __init__(self) -> None:
        self.peaks: dict[str, float] = {}

    @staticmethod
    def _hwm_mb() -> float | None:
        try:
            with open("/proc/self/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            return None
        return None

    def start(self) -> None:
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
                f.write("5")
        except OSError:
            pass

    def stop(self, stage: str) -> None:
        hwm = self._hwm_mb()
        if hwm is not None:
            self.peaks[stage] = hwm

    def overall(self) -> float:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
        return max([kids, *self.peaks.values()]) if self.peaks else _peak_rss_mb()


def run_one(
    n: int,
    gap: float,
    platforms: int,
    seed: int,
    time_limit: float | None,
    io: bool,
    share_row_scale: float | None,
) -> dict[str, Any]:
    """One size at one gap, in this process."""
    import numpy as np

    from benchmarks.synthetic import synthetic_county
    from planner import build, extract, solvers
    from planner.costing import CostModel
    from planner.model import Plan

    if share_row_scale is not None:
        build.SHARE_ROW_SCALE = share_row_scale
    row: dict[str, Any] = {"workloads": n, "gap_asked": gap, "time_limit": time_limit, "seed": seed}
    mem = StagePeaks()
    mem.start()
    inp = synthetic_county(n, platforms, seed)
    mem.stop("county")
    row["platforms"] = len(inp.platforms)
    tmp = Path(tempfile.mkdtemp(prefix="yunce_bench_"))
    row["xlsx_read"] = None
    if io:
        from data.workbook import read_workbook
        from data.writer import write_input_workbook

        path = tmp / "county.xlsx"
        write_input_workbook(inp, path)
        mem.start()
        t = time.perf_counter()
        inp = read_workbook(path)
        row["xlsx_read"] = time.perf_counter() - t
        mem.stop("xlsx_read")

    mem.start()
    t = time.perf_counter()
    cm = CostModel(inp)
    row["cost_model"] = time.perf_counter() - t
    mem.stop("cost_model")
    mem.start()
    t = time.perf_counter()
    bm = build.build_model(cm)
    row["build"] = time.perf_counter() - t
    mem.stop("build")
    row["variables"] = bm.model.num_col
    row["constraints"] = bm.model.num_row
    row["nonzeros"] = bm.model.num_nz
    mem.start()
    t = time.perf_counter()
    res = solvers.solve_model(bm, "highs", time_limit, gap=gap)
    row["solve"] = time.perf_counter() - t
    mem.stop("solve")
    row["solver_own"] = res.solver_seconds
    row["nodes"] = res.nodes
    row["status"] = res.status.value
    row["objective"] = res.objective
    row["gap"] = res.gap
    row["extract"] = None
    plan = None
    if res.x_values is not None:
        mem.start()
        t = time.perf_counter()
        assignments = extract.extract_assignments(bm, res.x_values)
        row["extract"] = time.perf_counter() - t
        mem.stop("extract")
        plan = Plan(
            res.status,
            assignments=assignments,
            policy=inp.policy,
            solver="highs",
            mip_gap=res.gap,
            solve_seconds=res.seconds,
            build_seconds=bm.build_seconds,
            cost_model=cm,
        )
    row["core_e2e"] = row["cost_model"] + row["build"] + row["solve"] + (row["extract"] or 0.0)
    row["plan_write"] = None
    if io and plan is not None:
        from data.plan_writer import write_plan_workbook

        mem.start()
        t = time.perf_counter()
        write_plan_workbook(plan, tmp / "plan.xlsx", inp=inp)
        row["plan_write"] = time.perf_counter() - t
        mem.stop("plan_write")
    row["full_e2e"] = (
        row["xlsx_read"] + row["core_e2e"] + row["plan_write"]
        if row["xlsx_read"] is not None and row["plan_write"] is not None
        else None
    )
    row["peak_mb"] = mem.overall()
    row["stage_peak_mb"] = {k: round(v) for k, v in mem.peaks.items()}

    # HiGHS directly on the same model: the arrays are ready, only passModel + run are timed
    payload = bm.model.highs_payload()
    del bm, plan, res
    h = solvers.make_highs(gap, time_limit)
    import highspy

    mem.start()
    t = time.perf_counter()

    h.passModel(
        payload["num_col"],
        payload["num_row"],
        len(payload["value"]),
        int(highspy.MatrixFormat.kRowwise),
        payload["sense"],
        payload["offset"],
        payload["cost"],
        payload["lower"],
        payload["upper"],
        payload["row_lower"],
        payload["row_upper"],
        payload["start"],
        payload["index"],
        payload["value"],
        payload["integrality"],
    )
    h.run()
    row["direct_wall"] = time.perf_counter() - t
    mem.stop("direct")
    row["direct_peak_mb"] = mem.peaks.get("direct")
    row["direct_own"] = float(h.getRunTime())
    info = h.getInfo()
    row["direct_status"] = h.getModelStatus().name
    row["direct_nodes"] = int(info.mip_node_count)
    row["direct_objective"] = float(info.objective_function_value)
    g = float(info.mip_gap)
    row["direct_gap"] = g if np.isfinite(g) else None
    if row["direct_wall"] > 0:
        row["core_over_direct"] = row["core_e2e"] / row["direct_wall"]
        if row["full_e2e"] is not None:
            row["full_over_direct"] = row["full_e2e"] / row["direct_wall"]
    return row


COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("workloads", "systems", "d"),
    ("gap_asked", "gap asked", "g"),
    ("variables", "variables", "d"),
    ("constraints", "rows", "d"),
    ("nonzeros", "nonzeros", "d"),
    ("xlsx_read", "xlsx read", "s"),
    ("cost_model", "cost model", "s"),
    ("build", "build", "s"),
    ("solve", "solve", "s"),
    ("solver_own", " HiGHS own", "s"),
    ("nodes", " B&B nodes", "d"),
    ("extract", "extract", "s"),
    ("core_e2e", "core e2e", "s"),
    ("plan_write", "plan write", "s"),
    ("full_e2e", "full e2e", "s"),
    ("peak_mb", "peak MB", "f"),
    ("stage_peak_mb", " per stage", "t"),
    ("status", "status", "t"),
    ("gap", "gap", "g"),
    ("objective", "objective", "m"),
    ("direct_wall", "HiGHS direct", "s"),
    ("direct_status", " status", "t"),
    ("direct_nodes", " B&B nodes", "d"),
    ("direct_gap", " gap", "g"),
    ("core_over_direct", "core/direct", "x"),
    ("full_over_direct", "full/direct", "x"),
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
        return f"{value:.1e}"
    if kind == "f":
        return f"{value:,.0f}"
    return str(value)


def print_table(rows: list[dict[str, Any]], file=sys.stdout) -> None:  # type: ignore[no-untyped-def]
    """Stages as rows, runs as columns."""
    head = ["stage"] + [f"n={r['workloads']:,} g={r['gap_asked']:.0e}" for r in rows]
    body = [[h] + [_fmt(r.get(k), kind) for r in rows] for k, h, kind in COLUMNS]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    for line in [head, ["-" * w for w in widths], *body]:
        print(
            "  ".join(
                c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(line)
            ),
            file=file,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Yunce plan benchmark on synthetic counties")
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    ap.add_argument("--gaps", type=float, nargs="+", default=[1e-6, 1e-4])
    ap.add_argument("--platforms", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=None, help="solver time limit per run (s)")
    ap.add_argument(
        "--share-row-scale",
        type=float,
        default=None,
        help="planner.build.SHARE_ROW_SCALE for this run (default 1e-4: 万元)",
    )
    ap.add_argument("--no-io", action="store_true", help="skip the workbook read/write stages")
    ap.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    ap.add_argument("--one", nargs=2, metavar=("N", "GAP"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.one:
        row = run_one(
            int(args.one[0]),
            float(args.one[1]),
            args.platforms,
            args.seed,
            args.time_limit,
            not args.no_io,
            args.share_row_scale,
        )
        print("ROW " + json.dumps(row, default=float))
        return 0

    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        for gap in args.gaps:
            print(f"… {n:,} systems, gap {gap:g}", file=sys.stderr, flush=True)
            cmd = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--one",
                str(n),
                repr(gap),
                "--platforms",
                str(args.platforms),
                "--seed",
                str(args.seed),
            ]
            if args.time_limit is not None:
                cmd += ["--time-limit", str(args.time_limit)]
            if args.share_row_scale is not None:
                cmd += ["--share-row-scale", str(args.share_row_scale)]
            if args.no_io:
                cmd.append("--no-io")
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            line = next((ln for ln in out.stdout.splitlines() if ln.startswith("ROW ")), None)
            if line is None:
                print(out.stderr[-2000:], file=sys.stderr)
                return 1
            row = json.loads(line[4:])
            rows.append(row)
            print(
                "  " + ", ".join(f"{h.strip()}={_fmt(row.get(k), f)}" for k, h, f in COLUMNS),
                file=sys.stderr,
                flush=True,
            )
    load = os.getloadavg()
    print(
        f"seed={args.seed} platforms={args.platforms} time_limit={args.time_limit} "
        f"python={sys.version.split()[0]} cpus={os.cpu_count()} load(1/5/15 min)={load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}"
    )
    print_table(rows)
    if args.json:
        Path(args.json).write_text(
            json.dumps(rows, ensure_ascii=False, indent=2, default=float), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
