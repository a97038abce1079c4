"""Time ``yunce analyze`` on the sample county and on a synthetic county; count the re-solves.

    python benchmarks/bench_analyze.py                  # sample + 2,000 systems
    python benchmarks/bench_analyze.py --sizes 200 --time-limit 10

A 2,000-system county takes about ten minutes to *prove* one plan optimal to the 1e-6 gap, so
the synthetic runs cap every re-solve (``--time-limit``, default 20 s) and every sweep point
(``--sweep-time-limit``, default 10 s); points that hit the cap are reported as "feasible".
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def bench_sample_cli() -> float:
    """Wall time of the command line on the embedded sample (process start included)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ui.cli", "analyze", "--sample", "--json", "-"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _statuses(report) -> str:  # type: ignore[no-untyped-def]
    counts: collections.Counter[str] = collections.Counter()
    for t in report.tradeoffs.values():
        counts.update(p.status.value for p in t.points if p.solved)
    counts.update(v.status.value for v in report.vendor_loss)
    counts.update(r.status.value for r in report.rule_prices if r.active)
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[2000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=20.0)
    ap.add_argument("--sweep-time-limit", type=float, default=10.0)
    ap.add_argument("--skip-sample", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each stage with its time")
    args = ap.parse_args(argv)

    from data.samples import sample_county
    from planner.analysis import analyze
    from planner.model import Progress

    if not args.skip_sample:
        from data.samples import sample_county_path
        from data.scenarios import read_scenarios

        with sample_county_path() as path:  # the sample's 情景 sheet, as yunce analyze reads it
            scenarios, _issues = read_scenarios(path)
        cpu = time.process_time()
        report = analyze(sample_county(), scenarios=scenarios)
        cpu = time.process_time() - cpu
        print(
            f"sample (in-process, with its {len(scenarios)} scenarios): {report.seconds:.1f} s "
            f"wall, {cpu:.1f} s CPU, {report.resolves} re-solves; {_statuses(report)}",
            flush=True,
        )
        print(f"sample (yunce analyze --sample, CLI): {bench_sample_cli():.1f} s", flush=True)
    for n in args.sizes:
        from benchmarks.synthetic import synthetic_county

        inp = synthetic_county(n, seed=args.seed)
        started = time.perf_counter()

        def stage(text: str, _fraction: float | None, started: float = started) -> None:
            if args.verbose:
                print(
                    f"  [{time.perf_counter() - started:7.1f}s] {text}", file=sys.stderr, flush=True
                )

        report = analyze(
            inp,
            progress=Progress(on_stage=stage),
            time_limit=args.time_limit,
            sweep_time_limit=args.sweep_time_limit,
        )
        print(
            f"synthetic n={n} ({len(inp.platforms)} platforms, {len(inp.vendors)} vendors): "
            f"{report.seconds:.1f} s, {report.resolves} re-solves (time limit {args.time_limit:g} s per "
            f"re-solve, {args.sweep_time_limit:g} s per sweep point); base {report.plan.status.value}; "
            f"{_statuses(report)}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
