"""``yunce analyze``: lock-in and sovereignty analysis of a county's plan (issue 6).

Registered by ui.cli; prints short Chinese tables, writes the JSON document with --json and
the plan workbook plus the 锁定风险 / 情景对比 sheets with -o.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui.cli import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    TerminalProgress,
    _load_input,
    add_gap_argument,
    emit_json,
    format_table,
    info_writer,
)

STATUS_ZH = {"optimal": "最优", "feasible": "可行", "infeasible": "无解", "cancelled": "已取消"}


def register(subparsers: Any) -> None:
    """Add the ``analyze`` subcommand."""
    p = subparsers.add_parser(
        "analyze",
        help="锁定风险与自主可控分析",
        description="分析方案对供应商的依赖、供应商退出的影响、各规则的代价、权衡曲线、最小放宽量和情景对比。",
    )
    p.add_argument(
        "input", nargs="?", metavar="INPUT.xlsx", help="标准输入工作簿（可含「情景」表）"
    )
    p.add_argument("--sample", action="store_true", help="使用内置示例县")
    p.add_argument(
        "--sample-years", action="store_true", help="使用内置示例县的 2026–2028 分年计划"
    )
    p.add_argument("--json", metavar="FILE", help="写出 JSON 结果；- 表示输出到标准输出")
    p.add_argument(
        "-o", "--output", metavar="FILE.xlsx", help="写出方案工作簿（含锁定风险、情景对比表）"
    )
    p.add_argument(
        "--solver", choices=["highs", "cbc"], default="highs", help="求解器（默认 highs）"
    )
    p.add_argument("--time-limit", type=float, metavar="S", help="每次求解的时间上限（秒）")
    add_gap_argument(p)
    p.add_argument(
        "--sweep-time-limit",
        type=float,
        default=None,
        metavar="S",
        help="权衡曲线每个点的时间上限（秒，默认 1，0 表示不限）；超时的点报告为“可行”及当时的最好费用",
    )
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="工作簿语言（默认中文）")
    p.set_defaults(func=cmd_analyze)


def _money(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def print_report(report: Any, out: Any) -> None:
    """Short Chinese tables of an AnalysisReport."""
    from planner.analysis import report_json
    from planner.labels import label
    from planner.rules import RULE_LABELS

    doc = report_json(report)
    plan = doc["plan"]
    out(
        f"基准方案：{STATUS_ZH.get(plan['status'], plan['status'])}，年度费用 {_money(plan['total_annual_cost'])} 元"
    )
    for line in report.messages:
        out(f"· {line}")
    lk = report.lockin
    if lk is not None:
        out("\n【锁定风险】")
        rows = [
            [
                v,
                _money(lk.vendor_costs[v]),
                _pct(lk.vendor_costs[v] / sum(lk.vendor_costs.values())),
                _money(lk.exit_cost[v]),
                f"{lk.exit_years[v]:.2f}",
            ]
            for v in sorted(lk.vendor_costs, key=lambda v: -lk.vendor_costs[v])
        ]
        out(
            format_table(
                ["供应商", "年度费用(元)", "占比", "迁出费用(元)", "相当于年数"],
                rows,
                right={1, 2, 3, 4},
            )
        )
        out(
            f"最大供应商占比 {_pct(lk.max_vendor_share)} · HHI {lk.hhi:.3f} · 使用供应商 {lk.vendors_used} 家"
        )
    if report.vendor_loss:
        out("\n【供应商退出测试】（不计预算约束；其余规则不变）")
        rows = [
            [
                v.vendor,
                STATUS_ZH.get(v.status.value, v.status.value),
                _money(v.total_annual_cost),
                _money(v.delta),
                "—" if v.within_budget is None else ("是" if v.within_budget else "否"),
                "是" if v.critical else "",
            ]
            for v in report.vendor_loss
        ]
        out(
            format_table(
                ["退出供应商", "结果", "年度费用(元)", "增加(元/年)", "预算内", "锁定"],
                rows,
                right={2, 3},
            )
        )
    if report.rule_prices:
        out("\n【规则代价】（取消该规则后重新求解）")
        rows = [
            [
                label(RULE_LABELS, r.rule) if r.name is None else str(r.name),
                "是" if r.active else "否",
                STATUS_ZH.get(r.status.value, r.status.value),
                _money(r.total_annual_cost_without),
                _money(r.saving),
            ]
            for r in report.rule_prices
        ]
        out(
            format_table(
                ["规则", "已设置", "结果", "取消后费用(元)", "规则代价(元/年)"], rows, right={3, 4}
            )
        )
    for rule, t in report.tradeoffs.items():
        out(f"\n【权衡曲线：{label(RULE_LABELS, rule)}】（现为 {_fmt_value(rule, t.current)}）")
        rows = [
            [
                _fmt_value(rule, p.value) + (" ←现行" if abs(p.value - t.current) < 1e-9 else ""),
                _point_status(p),
                _money(p.total_annual_cost),
            ]
            for p in t.points
        ]
        out(format_table(["取值", "结果", "年度费用(元)"], rows, right={2}))
    if not report.plan.has_solution and report.plan.diagnosis:
        out("\n【诊断】")
        for line in report.plan.diagnosis:
            out(f"· {line}")
    if report.relaxations:
        out("\n【最小放宽量】（单独放宽一条规则、其余不变即可得到方案的最小改动）")
        rows = [
            [
                _rule_label(r.rule),
                _fmt_relax(r.rule, r.current),
                "仅此条无法解决" if r.value is None else _fmt_relax(r.rule, r.value),
            ]
            for r in report.relaxations
        ]
        out(format_table(["规则", "现值", "放宽到"], rows, right={1, 2}))
    if report.scenarios:
        out("\n【情景对比】")
        rows = [
            [
                s.name,
                "是" if s.feasible else "否",
                _money(s.total_annual_cost),
                _pct(s.xinchuang_share),
                _pct(s.max_vendor_share),
                "—" if s.hhi is None else f"{s.hhi:.3f}",
                "—" if s.vendors_used is None else str(s.vendors_used),
            ]
            for s in report.scenarios
        ]
        out(
            format_table(
                ["情景", "可行", "年度费用(元)", "信创占比", "最大供应商占比", "HHI", "供应商数"],
                rows,
                right={2, 3, 4, 5, 6},
            )
        )
    out(f"\n共求解 {report.resolves} 次，用时 {report.seconds:.1f} 秒。")


def _point_status(p: Any) -> str:
    if p.timed_out and p.status.value == "infeasible":
        return "超时未找到"
    if p.timed_out:
        return "可行(超时)"
    return STATUS_ZH.get(p.status.value, p.status.value)


def _rule_label(rule: str) -> str:
    from planner.labels import label
    from planner.rules import RULE_LABELS

    if rule.startswith("capacity:"):
        return f"{rule.split(':', 1)[1]} 容量"
    return label(RULE_LABELS, rule)


def _fmt_relax(rule: str, value: float) -> str:
    from planner.labels import pct_down, pct_up

    if rule == "min_xinchuang_share":
        return pct_down(value)
    if rule == "max_vendor_share":
        return pct_up(value)
    if rule == "budget_annual":
        return f"{value:,.2f} 元"
    if rule.startswith("capacity:"):
        return f"{value:g} vCPU"
    return _fmt_value(rule, value)


def _fmt_value(rule: str, value: float) -> str:
    if rule == "min_vendors":
        return f"{int(value)} 家"
    return _pct(value)


def write_analysis_workbook(report: Any, path: str | Path, lang: str = "zh") -> Path:
    """The plan workbook plus the analysis sheets; only the analysis sheets when infeasible."""
    from data.analysis_sheets import add_analysis_sheets
    from data.xlsx import atomic_save
    from data.xlsxbook import Book

    if report.plan.has_solution:
        from data.plan_writer import build_plan_workbook

        wb = build_plan_workbook(report.plan, lang)
        add_analysis_sheets(wb, report, lang=lang)
    else:
        wb = Book()
        add_analysis_sheets(wb, report, lang=lang)
    return atomic_save(wb, path)


def _analyze_years(
    args: argparse.Namespace, inp: Any, out: Callable[[str], None], progress: Any
) -> int:
    """Vendor loss and rule prices on the multi-year model: planner.analysis.analyze, the one
    analysis (its JSON is report_json's)."""
    from planner.analysis import analyze, report_json
    from ui.cli import EXIT_INFEASIBLE, EXIT_OK, emit_json, format_table, print_years_plan

    report = analyze(inp, solver=args.solver, progress=progress, time_limit=args.time_limit)
    plan, loss, prices = report.plan, report.vendor_loss, report.rule_prices
    if not plan.has_solution:
        if args.json:
            emit_json(args.json, report_json(report))
        out("没有满足全部规则的分年方案：")
        for line in plan.diagnosis:
            out(f"  · {line}")
        return EXIT_INFEASIBLE
    written = None
    if args.output:
        progress.stage("写出分年方案工作簿…")
        from data.years_writer import write_years_workbook

        written = write_years_workbook(plan, args.output, lang=args.lang)
    if args.json:
        emit_json(args.json, report_json(report))
    print_years_plan(plan, out)

    def money(x: float | None) -> str:
        return "无方案" if x is None else f"{x:,.2f}"

    out("")
    out("供应商退出测试（规划期现值）：")
    out(
        format_table(
            ["供应商", "没有它时的现值(元)", "多花(元)"],
            [[v.vendor, money(v.total_annual_cost), money(v.delta)] for v in loss],
            right={1, 2},
        )
    )
    out("")
    out("规则代价（规划期现值，每年都取消该规则时省下的钱）：")
    out(
        format_table(
            ["规则", "取消后的现值(元)", "规则代价(元)"],
            [[r.name.zh, money(r.total_annual_cost_without), money(r.saving)] for r in prices],
            right={1, 2},
        )
    )
    if written:
        out(f"\n分年方案工作簿已写入：{written}（分析结果见上表和 --json）")
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    from data.workbook import describe
    from planner.analysis import analyze, report_json

    out = info_writer(args.json)

    with TerminalProgress() as tp:
        tp.progress.stage("读取输入工作簿…")
        inp, warnings = _load_input(args, out)
        if inp.years is not None and inp.years.years:  # a year-by-year plan (年度计划 sheet)
            for w in warnings:
                out(w.text())
            from planner.solvers import relative_gap

            with relative_gap(args.gap):
                return _analyze_years(args, inp, out, tp.progress)
        from data.scenarios import read_scenarios

        if args.sample:
            from data.samples import sample_county_path

            with sample_county_path() as path:
                scenarios, issues = read_scenarios(path)
        else:
            scenarios, issues = read_scenarios(args.input)
        warnings = [*warnings, *issues]
        for w in warnings:
            out(w.text())
        tp.progress.stage(f"已读取：{describe(inp)}；分析中…")
        kwargs: dict[str, Any] = {}
        if args.sweep_time_limit is not None:
            kwargs["sweep_time_limit"] = (
                args.sweep_time_limit if args.sweep_time_limit > 0 else None
            )
        from planner.solvers import relative_gap

        with relative_gap(args.gap):
            report = analyze(
                inp,
                solver=args.solver,
                progress=tp.progress,
                scenarios=scenarios,
                time_limit=args.time_limit,
                **kwargs,
            )
        written = None
        if args.output:
            tp.progress.stage("写出分析工作簿…")
            written = write_analysis_workbook(report, args.output, args.lang)
    if args.json:
        emit_json(args.json, report_json(report))
    print_report(report, out)
    if written:
        out(f"\n分析工作簿已写入：{written}")
    return EXIT_OK if report.plan.has_solution else EXIT_INFEASIBLE
