"""Time reading a 10,000-line vendor quote sheet (issue 20: ≤ 1 s).

    python benchmarks/bench_import.py [--lines 10000] [--repeat 5] [--cli] [--keep DIR]

Three sheets of --lines lines each, in the layouts real quotes use, as .xlsx and as .csv:

* ``narrow``: 资源池 | 资源类型 | 计量单位 | 单价（元/月） — one line a row (pools × resources);
* ``instances``: 资源池 | 规格名称 | vCPU | 内存(GB) | 月单价（元） | 年单价（元） — whole-VM prices, a
  monthly and a yearly column (the reader picks one per row and lists the other);
* ``regions``: 规格 | CPU | 内存 | then 10 region columns of prices — --lines / 10 rows.

Each file is read with ``data.importers.quotes.read_quote`` (the reader the app and the CLI
share, from the file on disk: grid reading, layout detection, lines, resolution) --repeat times,
each from cold caches; the median and the best wall time and the median CPU time (less
sensitive to a loaded machine) are reported with the lines read. ``--cli`` also times ``yunce prices
FILE --json -`` end to end in a fresh process (start-up of Python and the readers included).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data import cell_values as cells  # noqa: E402
from data.importers import detect, items, quotes, table  # noqa: E402
from data.importers.mapping import MappingStore  # noqa: E402
from data.importers.quotes import read_quote  # noqa: E402
from data.xlsxbook import Book  # noqa: E402

TARGET_S = 1.0
#: The readers' caches of pure text functions (cleared before each timed run).
CACHES = (
    cells._clean,
    cells._amount_of_text,
    cells._amount_of_float,
    items.classify_item,
    items._price_unit,
    items._word_pattern,
    items._spec_of_text,
    items._price_cells_of_text,
    detect._non_finite_text,
    detect._priceish_text,
    detect._normalised,
    quotes._leading_number_of_text,
    table.header_parts,
)
RESOURCES = (("vCPU", "元/核/月", 30), ("内存", "元/GB/月", 10), ("存储", "元/GB/月", 0.5))
REGIONS = (
    "华北一",
    "华北二",
    "华东一",
    "华东二",
    "华南一",
    "西南一",
    "西北一",
    "东北一",
    "华中一",
    "华中二",
)


def narrow(n: int) -> list[list[object]]:
    rows: list[list[object]] = [["资源池", "资源类型", "计量单位", "单价（元/月）"]]
    pools = n // len(RESOURCES) + 1
    for p in range(pools):
        for name, unit, base in RESOURCES:
            if len(rows) > n:
                return rows
            rows.append([f"政务云{p:05d}区", name, unit, round(base * (1 + (p % 97) / 100), 2)])
    return rows


def instances(n: int) -> list[list[object]]:
    rows: list[list[object]] = [
        ["资源池", "规格名称", "vCPU", "内存(GB)", "月单价（元）", "年单价（元）"]
    ]
    for i in range(n):
        c = 2 ** (i % 6)
        m = round(c * 30 + c * 4 * 10 * (1 + (i % 13) / 50), 2)
        rows.append(
            [f"资源池{i // 60:04d}", f"s{i % 60}.c{c}m{4 * c}", c, 4 * c, m, round(m * 10, 2)]
        )
    return rows


def regions(n: int) -> list[list[object]]:
    rows: list[list[object]] = [["规格", "CPU", "内存", *(f"{r}（元/月）" for r in REGIONS)]]
    for i in range(n // len(REGIONS)):
        c = 1 + i % 64
        rows.append(
            [
                f"g{i:05d}",
                f"{c}核",
                f"{2 * c}GB",
                *(round(c * 40 + k + i % 7, 2) for k in range(10)),
            ]
        )
    return rows


def write(rows: list[list[object]], base: Path) -> list[Path]:
    xlsx, csv_path = base.with_suffix(".xlsx"), base.with_suffix(".csv")
    book = Book(constant_memory=True)
    sheet = book.add_sheet("报价")
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            sheet.value(r, c, v)
    book.save(xlsx)
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return [xlsx, csv_path]


def time_read(path: Path, repeat: int) -> tuple[list[float], list[float], int]:
    times, cpu, lines = [], [], 0
    for _ in range(repeat):
        for cached in CACHES:  # every run from cold caches, as a new file would be read
            cached.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        q = read_quote(path, "某云", MappingStore(None))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        lines = len(q.read)
        errors = [i for i in q.issues if i.severity == "error"]
        assert not errors, [i.text() for i in errors[:3]]
    return times, cpu, lines


def time_cli(path: Path, repeat: int) -> list[float]:
    times = []
    cmd = [sys.executable, "-m", "ui.cli", "prices", str(path), "--vendor", "某云"]
    cmd += ["--no-remember", "--json", "-"]
    for _ in range(repeat):
        t0 = time.perf_counter()
        run = subprocess.run(cmd, capture_output=True, cwd=Path(__file__).resolve().parents[1])
        times.append(time.perf_counter() - t0)
        assert run.returncode == 0, run.stderr[-2000:]
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cli", action="store_true")
    ap.add_argument("--keep", type=Path, help="write the sheets here and keep them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(
            f"{'sheet':<22} {'lines':>6} {'median':>8} {'best':>8} {'cpu med':>8}"
            f"  target ≤ {TARGET_S:.1f} s"
        )
        for make in (narrow, instances, regions):
            for path in write(make(args.lines), folder / f"{make.__name__}_{args.lines}"):
                times, cpu, lines = time_read(path, args.repeat)
                med = statistics.median(times)
                mark = "" if med <= TARGET_S else "  over target"
                print(
                    f"{path.name:<22} {lines:>6} {med:>7.2f}s {min(times):>7.2f}s "
                    f"{statistics.median(cpu):>7.2f}s{mark}"
                )
                if args.cli:
                    c = time_cli(path, max(1, args.repeat // 2))
                    print(
                        f"{'  yunce prices':<22} {'':>6} {statistics.median(c):>7.2f}s {min(c):>7.2f}s"
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
