"""`yunce plan` for an input with a 年度计划 (years) sheet: the year-by-year plan on the terminal,
its JSON summary and its workbook."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner.labels import pct, yuan
from planner.model import PlanInput


def print_years_plan(plan: Any, out: Callable[[str], None]) -> None:
    """Per year: cost against budget, 信创 share against target, and the systems that move."""
    from planner.years import year_budget, year_xinchuang_target
    from ui.cli import format_table

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
                pct(plan.xinchuang_share(t)),
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


def solve_years_plan(
    args: argparse.Namespace, inp: PlanInput, progress: Any
) -> tuple[Any, Path | None]:
    """Solve the year-by-year plan and write its workbook when asked: (plan, written path)."""
    from planner.optimize import solve_years
    from planner.years import build_years_model
    from ui.cli import lp_writer

    if getattr(
        args, "write_lp", None
    ):  # the whole year model, every row (the solve adds some lazily)
        ym = build_years_model(inp)
        if ym.paths.no_path:
            names = "、".join(inp.workloads[w].name for w in ym.paths.no_path)
            print(
                f"未写出 LP 文件 {args.write_lp}：系统「{names}」在须上云的年份没有任何可用平台（原因见下）",
                file=sys.stderr,
            )
        else:
            lp_writer(args.write_lp)(ym.model.lp_text())
    plan = solve_years(inp, solver=args.solver, time_limit=args.time_limit, progress=progress)
    written = None
    if plan.has_solution and args.output:
        progress.stage("写出分年方案工作簿…")
        from data.years_writer import write_years_workbook

        written = write_years_workbook(plan, args.output, lang=args.lang)
    return plan, written


def report_years(
    args: argparse.Namespace, plan: Any, written: Path | None, out: Callable[[str], None]
) -> int:
    """JSON summary and terminal report of a year-by-year plan; the exit code of `yunce plan`."""
    from planner.report import years_summary
    from ui.cli import EXIT_INFEASIBLE, EXIT_OK, emit_json

    if args.json:
        emit_json(args.json, years_summary(plan))
    if plan.has_solution:
        print_years_plan(plan, out)
        if written:
            out(f"\n方案工作簿已写入：{written}")
        return EXIT_OK
    out("没有满足全部规则的分年方案：")
    for line in plan.diagnosis:
        out(f"  · {line}")
    if args.output:
        out(f"（无可行方案，未写出 {Path(args.output)}）")
    return EXIT_INFEASIBLE
