"""The headless command line: ``yunce plan | template | gui`` (docs/DESIGN.md §3).

Exit codes: 0 plan found · 2 input error · 3 infeasible · 1 internal error.
No traceback ever reaches the user; internal errors are logged to a file.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_INFEASIBLE = 0, 1, 2, 3


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


# --- terminal helpers ---------------------------------------------------------------------------
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = max(0, width - _width(text))
    return " " * gap + text if right else text + " " * gap


def format_table(
    heads: Sequence[str], rows: Sequence[Sequence[str]], right: set[int] | None = None
) -> str:
    """A plain text table that lines up Chinese (double-width) text."""
    right = right or set()
    widths = [max([_width(h)] + [_width(r[j]) for r in rows]) for j, h in enumerate(heads)]
    lines = ["  ".join(_pad(h, widths[j], j in right) for j, h in enumerate(heads))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(_pad(c, widths[j], j in right) for j, c in enumerate(r)))
    return "\n".join(lines)


class TerminalProgress:
    """Prints the current stage to stderr once work has taken longer than a second."""

    def __init__(self, stream=None, delay: float = 1.0, quiet: bool = False) -> None:  # type: ignore[no-untyped-def]
        from planner.model import Progress

        self.stream = stream or sys.stderr
        self.delay, self.quiet = delay, quiet
        self.started = time.monotonic()
        self.text = ""
        self.shown = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.progress = Progress(on_stage=self._stage)

    def _stage(self, text: str, fraction: float | None) -> None:
        self.text = text

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            elapsed = time.monotonic() - self.started
            if elapsed >= self.delay and self.text and not self.quiet:
                line = f"[{elapsed:5.1f}s] {self.text}"
                if self.stream.isatty():
                    self.stream.write("\r" + line + " " * 8)
                elif self.text != self.shown:
                    self.stream.write(line + "\n")
                self.shown = self.text
                self.stream.flush()

    def __enter__(self) -> TerminalProgress:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        if self.shown and self.stream.isatty():
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def log_path() -> Path:
    folder = Path(os.environ.get("YUNCE_LOG_DIR") or Path.home() / ".yunce" / "logs")
    return folder / "yunce.log"


def _log_internal_error(exc: BaseException) -> Path | None:
    from ui.cli_output import log_internal_error  # through data.safe_write: never a FIFO

    return log_internal_error(log_path(), exc)


# --- commands -----------------------------------------------------------------------------------
def _load_input(args: argparse.Namespace, out: Callable[[str], None]):  # type: ignore[no-untyped-def]
    from data.workbook import InputError, ValidationIssue, read_workbook

    if getattr(args, "sample_years", False):
        from data.samples import sample_county_years

        return sample_county_years(), []
    if args.sample:
        from data.samples import sample_county

        return sample_county(), []
    if not args.input:
        raise UsageError("请给出输入工作簿（INPUT.xlsx），或用 --sample 使用内置示例县。")
    warnings: list[ValidationIssue] = []
    if Path(args.input).suffix.lower() == ".yunce":  # a project saved by the desktop app
        from data.project_file import ProjectFileError, read_project_input

        try:
            return read_project_input(args.input, warnings), warnings
        except ProjectFileError as exc:
            raise InputError([ValidationIssue(Path(args.input).name, message=exc.message)]) from exc
    inp = read_workbook(args.input, warnings)
    return inp, warnings


def _print_plan(plan, inp, out: Callable[[str], None]) -> None:  # type: ignore[no-untyped-def]
    from planner.labels import pct, yuan

    pol = plan.policy
    out(
        f"求解状态：{ {'optimal': '最优', 'feasible': '可行（未证明最优）'}.get(plan.status.value, plan.status.value) }"
    )
    budget = pol.budget_annual
    line = f"年度总费用：{yuan(plan.total_annual_cost)}"
    if budget is not None:
        line += f"，预算 {yuan(budget)}，余量 {yuan(budget - plan.total_annual_cost)}"
    else:
        line += "（未设预算上限）"
    out(line)
    out(f"信创 vCPU 占比：{pct(plan.xinchuang_share)}（要求 ≥ {pct(pol.min_xinchuang_share)}）")
    shares = "，".join(
        f"{v} {pct(s)}" for v, s in sorted(plan.vendor_shares.items(), key=lambda kv: -kv[1])
    )
    out(f"供应商占比：{shares}（上限 {pct(pol.max_vendor_share)}）")
    out(f"使用供应商：{plan.vendors_used} 家（要求 ≥ {pol.min_vendors} 家）")
    for note in plan.diagnosis:
        out(f"注意：{note}")
    out("")
    rows = [
        [
            a.workload.name,
            a.workload.department,
            a.platform.vendor,
            a.platform.name,
            "是" if a.platform.xinchuang else "否",
            f"{a.cost.total:,.2f}",
        ]
        for a in plan.assignments
    ]
    out(
        format_table(
            ["系统名称", "部门", "供应商", "平台", "信创", "年度费用(元)"], rows, right={5}
        )
    )


def print_years_plan(plan: Any, out: Callable[[str], None]) -> None:
    """Per year: cost against budget, 信创 share against target, and the systems that move."""
    from planner.labels import pct, yuan
    from planner.model import year_budget, year_xinchuang_target

    status = {"optimal": "最优", "feasible": "可行（未证明最优）"}.get(
        plan.status.value, plan.status.value
    )
    out(f"求解状态：{status}（分年计划 {plan.years[0]}–{plan.years[-1]}）")
    out(
        f"规划期总费用：{yuan(plan.total_cost)}"
        + (
            f"，现值 {yuan(plan.present_value)}（折现率 {pct(plan.spec.discount_rate)}）"
            if plan.spec.discount_rate
            else ""
        )
    )
    rows = []
    for t, row in enumerate(plan.spec.years):
        budget = year_budget(row, plan.policy)
        rows.append(
            [
                str(row.year),
                f"{plan.year_cost(t):,.2f}",
                "不设上限" if budget is None else f"{budget:,.2f}",
                pct(plan.year_xinchuang_share(t)),
                pct(year_xinchuang_target(row, plan.policy)),
                str(len(plan.moves[t])),
                f"{sum(m.one_time_cost for m in plan.moves[t]):,.2f}",
            ]
        )
    out(
        format_table(
            [
                "年份",
                "年度费用(元)",
                "年度预算(元)",
                "信创占比",
                "信创目标",
                "迁移系统数",
                "一次性费用(元)",
            ],
            rows,
            right={1, 2, 6},
        )
    )
    for note in plan.diagnosis:
        out(f"注意：{note}")
    for t, wave in enumerate(plan.moves):
        if not wave:
            continue
        out("")
        out(f"{plan.years[t]} 年迁移批次：")
        out(
            format_table(
                ["系统名称", "从", "到", "一次性费用(元)"],
                [
                    [
                        m.workload.name,
                        m.origin.label if m.origin else "自建机房",
                        m.target.label,
                        f"{m.one_time_cost:,.2f}",
                    ]
                    for m in wave
                ],
                right={3},
            )
        )


def lp_writer(path: str) -> Callable[[str], None]:
    """A sink for the planner's LP text (``--write-lp``): written through data.safe_write, so a
    failed write leaves no half file and every OS error is a message naming the path."""

    def write(text: str) -> None:
        from data.safe_write import write_text

        write_text(path, text)

    return write


def _project_lots(args: argparse.Namespace, plan: Any, inp: Any) -> Any:
    """The plan's 采购项目 with the merges a project file keeps (合并 on the app's 导出 page);
    None: no project file, no merges or no plan (the lots are then one per vendor)."""
    if not plan.has_solution or not args.input or Path(args.input).suffix.lower() != ".yunce":
        return None
    from data.project_file import read_project_file
    from planner.procurement import procurement_with_merges

    merges = read_project_file(args.input)["manifest"].get("lot_merges") or []
    return procurement_with_merges(plan, inp, merges) if merges else None


def cmd_plan(args: argparse.Namespace) -> int:
    from data.workbook import describe
    from planner.optimize import solve
    from planner.report import plan_summary

    out = info_writer(args.json)

    with TerminalProgress() as tp:
        tp.progress.stage("读取输入工作簿…")
        inp, warnings = _load_input(args, out)
        for w in warnings:
            out(w.text())
        tp.progress.stage(f"已读取：{describe(inp)}；求解中…")
        # one path: a plain workbook's plan is a plan of one year, a 年度计划 sheet's of its years
        # (--write-lp: the whole model, every row, also those a year plan's solve adds lazily)
        plan = solve(
            inp,
            solver=args.solver,
            time_limit=args.time_limit,
            progress=tp.progress,
            gap=args.gap,
            lp_sink=None if args.write_lp is None else lp_writer(args.write_lp),
        )
        year_plan = bool(plan.years)
        unplaced = plan.infeasibility.unplaceable if plan.infeasibility is not None else []
        if args.write_lp and unplaced:  # no model is built when a system fits no platform
            print(
                f"未写出 LP 文件 {args.write_lp}：系统「{'、'.join(unplaced)}」"
                + (
                    "在须上云的年份没有任何可用平台（原因见下）"
                    if year_plan
                    else "没有任何可用平台，无需建立优化模型即可判定无解（原因见下）"
                ),
                file=sys.stderr,
            )
        written = None
        lots = _project_lots(args, plan, inp)  # the 采购项目 as merged in the app
        if plan.has_solution and args.output and year_plan:
            tp.progress.stage("写出分年方案工作簿…")
            from data.years_writer import write_years_workbook

            written = write_years_workbook(plan, args.output, lang=args.lang)
        elif plan.has_solution and args.output:
            tp.progress.stage("写出方案工作簿…")
            from data.plan_writer import write_plan_workbook

            sources = [] if args.sample or args.sample_years else [Path(args.input)]
            written = write_plan_workbook(
                plan, args.output, lang=args.lang, inp=inp, sources=sources, procurement=lots
            )
        elif (
            args.output and plan.infeasibility is not None and not year_plan
        ):  # infeasible: the 诊断 workbook instead
            tp.progress.stage("写出诊断工作簿…")
            from data.diagnosis_writer import write_diagnosis_workbook

            written = write_diagnosis_workbook(plan, args.output, inp, lang=args.lang)
    if args.json:
        summary = plan_summary(plan)
        if lots is not None:
            from planner.procurement import procurement_json

            summary |= procurement_json(lots)
        emit_json(args.json, summary)
    if plan.has_solution:
        if year_plan:
            print_years_plan(plan, out)
        else:
            _print_plan(plan, inp, out)
        from ui.cli_procurement import print_procurement

        print_procurement(plan, out, inp, lots)
        if written:
            out(f"\n方案工作簿已写入：{written}")
        return EXIT_OK
    out("没有满足全部规则的分年方案：" if year_plan else "没有满足全部规则的方案：")
    for line in plan.diagnosis:
        out(f"  · {line}")
    if written:
        print(
            f"无可行方案：诊断工作簿（原因、各规则的最小放宽、最低成本方案）已写入 {written}",
            file=sys.stderr,
        )
    elif args.output:
        out(f"（无可行方案，未写出 {args.output}）")
    return EXIT_INFEASIBLE


def info_writer(json_target: str | None) -> Callable[[str], None]:
    """Where a command's messages go: standard error when the JSON goes to standard output."""
    stream = sys.stderr if json_target == "-" else sys.stdout
    return lambda text: print(text, file=stream)


def emit_json(target: str, payload: Any) -> None:
    """Write a JSON summary (strict JSON) to standard output ('-') or safely to a file."""
    from ui.cli_output import emit_json as emit

    emit(target, payload)


def cmd_template(args: argparse.Namespace) -> int:
    from data.writer import write_template

    path = write_template(args.output, lang=args.lang)
    print(f"模板已写入：{path}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from ui.app import run_app  # type: ignore[attr-defined]
    except ImportError as exc:  # PySide6 or its system libraries missing
        print(
            f"无法启动桌面应用：{exc}。请重新安装（pip install yunce 会安装 PySide6）；"
            "命令行 yunce plan 不需要图形界面。",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return int(run_app(args))


def _gap_value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--gap 应为 0 到 1 之间的小数（如 1e-4），而不是 {text!r}"
        ) from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(
            f"--gap 应在 [0, 1) 之间（如 1e-4 表示 0.01%），而不是 {text}"
        )
    return value


def add_gap_argument(p: argparse.ArgumentParser) -> None:
    """--gap G: the relative optimality gap every solve stops at (plan, analyze)."""
    p.add_argument(
        "--gap",
        type=_gap_value,
        default=None,
        metavar="G",
        help="相对最优间隙（默认 1e-6；省/市级大规模可用 1e-4 加快求解）",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yunce",
        description="云策 Yunce：县级政务云采购优化。读取平台、报价、业务系统和约束，给出最省钱且合规的采购方案。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")

    p = sub.add_parser(
        "plan", help="求解最优采购方案", description="读取输入工作簿，求解最优采购方案。"
    )
    p.add_argument(
        "input",
        nargs="?",
        metavar="INPUT.xlsx",
        help="标准输入工作簿（平台/报价/业务系统/约束），或云策项目文件 .yunce",
    )
    p.add_argument("--sample", action="store_true", help="使用内置示例县")
    p.add_argument(
        "--sample-years", action="store_true", help="使用内置示例县的 2026–2028 分年计划"
    )
    p.add_argument("-o", "--output", metavar="PLAN.xlsx", help="写出方案工作簿")
    p.add_argument("--json", metavar="SUMMARY.json", help="写出 JSON 摘要；- 表示输出到标准输出")
    p.add_argument(
        "--solver", choices=["highs", "cbc"], default="highs", help="求解器（默认 highs）"
    )
    p.add_argument("--time-limit", type=float, metavar="S", help="求解时间上限（秒）")
    add_gap_argument(p)
    p.add_argument(
        "--write-lp",
        metavar="FILE.lp",
        help="同时把优化模型写成 LP 文件（供查看或用其他求解器求解）",
    )
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="方案工作簿语言（默认中文）")
    p.set_defaults(func=cmd_plan)

    t = sub.add_parser(
        "template", help="生成空白输入模板", description="生成带说明和下拉选项的空白输入工作簿。"
    )
    t.add_argument("-o", "--output", required=True, metavar="TEMPLATE.xlsx", help="模板文件路径")
    t.add_argument("--lang", choices=["zh", "en"], default="zh", help="模板语言（默认中文）")
    t.set_defaults(func=cmd_template)

    g = sub.add_parser("gui", help="打开桌面应用")
    g.add_argument("input", nargs="?", metavar="INPUT.xlsx")
    g.add_argument("--sample", action="store_true", help="打开内置示例县")
    g.set_defaults(func=cmd_gui)
    from ui.app import (
        add_gui_arguments,  # Qt-free: the app's own options (screenshots, language, page)
    )

    add_gui_arguments(g)
    _register_extensions(sub)
    from ui.cli_output import add_force_argument

    add_force_argument(sub)
    return parser


def _register_extensions(sub: Any) -> None:
    """Subcommands that live in their own modules (import, prices, analyze) register here."""
    import ui.cli_analyze
    import ui.cli_import
    import ui.cli_rfq

    for mod in (ui.cli_import, ui.cli_analyze, ui.cli_rfq):
        mod.register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``yunce`` console script; returns the exit code."""
    from data.workbook import InputError
    from data.xlsx import WriteError

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or usage error (2)
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        from ui.cli_output import check_run, run_policy

        with run_policy(args):  # inputs protected; outputs checked before any work
            check_run(args)
            return int(args.func(args))
    except UsageError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return EXIT_INPUT
    except InputError as exc:
        errors = [i for i in exc.issues if i.severity == "error"]
        print(f"输入有 {len(errors)} 处错误，无法求解：", file=sys.stderr)
        for issue in exc.issues:
            print("  " + issue.text(), file=sys.stderr)
        return EXIT_INPUT
    except WriteError as exc:
        print(f"写出失败：{exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 – the last line of defence: never a traceback
        where = _log_internal_error(exc)
        detail = f"详细信息已写入 {where}" if where else "无法写入日志文件"
        print(
            f"内部错误：{type(exc).__name__}: {exc}。{detail}。请把该日志发给技术支持。",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def gui_main() -> int:
    """Entry point of the ``yunce-gui`` launcher."""
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
