"""`yunce plan` prints the plan's 采购项目 after the plan: amount, 采购方式, 组织形式, when, and the
化整为零 findings with the merged project proposed (planner.procurement)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.procurement import (
    METHOD_LABELS,
    ORGANISATION_LABELS,
    ProcurementReport,
    plan_procurement,
    wan,
)


def print_procurement(
    plan: Any,
    out: Callable[[str], None],
    inp: Any = None,
    report: ProcurementReport | None = None,
) -> ProcurementReport:
    """The lots table and the notes (report: the lots when already derived, e.g. with a
    project's merges); returns the report printed."""
    from ui.cli import format_table

    report = report if report is not None else plan_procurement(plan, inp)
    std = report.standards
    out("")
    out(
        f"采购项目（分散采购限额标准 {wan(std.decentralized_limit)} 万元，公开招标数额标准 "
        f"{wan(std.tender_threshold)} 万元，云计算服务{'在' if std.in_central_catalogue else '不在'}"
        f"集中采购目录内，合同年限 {std.contract_years} 年）："
    )
    rows = [
        [
            str(lot.number),
            lot.name.zh,
            f"{lot.amount / 10_000:,.2f}",
            METHOD_LABELS[lot.method][0],
            ORGANISATION_LABELS[lot.organisation][0],
            f"{lot.year}年第{lot.quarter}季度",
            lot.intention_deadline.isoformat(),
        ]
        for lot in report.lots
    ]
    out(
        format_table(
            [
                "序号",
                "采购项目名称",
                "预算(万元)",
                "采购方式",
                "组织形式",
                "预计采购",
                "意向公开截止",
            ],
            rows,
            right={2},
        )
    )
    for note in report.notes:
        out(f"注意：{note}")
    for w in report.warnings:
        out(f"注意：{w.message}")
        out(f"      {w.proposal}")
    return report
