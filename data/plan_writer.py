"""The plan workbook: assignments with cost breakdown, totals per vendor, headline figures.

Every total is a live formula over the component cells, so Excel/WPS/LibreOffice recompute
the same numbers as the engine. Defined names (DESIGN §4) point at the headline cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from data.xlsx import atomic_save, formula, put
from planner.labels import DATA_CLASS_LABELS, DEPLOYMENT_LABELS, label
from planner.model import Plan, PlanInput

MONEY = '"¥"#,##0.00'
PCT = "0.00%"
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")

TEXT = {
    "zh": {
        "summary": "概览", "alloc": "分配方案", "vendors": "供应商汇总",
        "alloc_heads": ["系统名称", "部门", "数据分级", "等保级别", "vCPU", "供应商", "平台", "部署方式", "信创",
                        "资源费用(元/年)", "安全服务(元/年)", "迁移分摊(元/年)", "信创适配分摊(元/年)", "年度合计(元/年)"],
        "vendor_heads": ["供应商", "年度费用(元)", "占比", "系统数"],
        "summary_rows": ["年度总费用(元)", "年度预算(元)", "信创vCPU占比", "最大供应商占比", "使用供应商数", "求解状态"],
        "yes": "是", "no": "否", "none": "不设上限",
    },
    "en": {
        "summary": "Summary", "alloc": "Allocation", "vendors": "Vendors",
        "alloc_heads": ["System", "Department", "Data class", "MLPS level", "vCPU", "Vendor", "Platform",
                        "Deployment", "Xinchuang", "Resources (CNY/yr)", "Security (CNY/yr)",
                        "Migration (CNY/yr)", "Adaptation (CNY/yr)", "Annual total (CNY/yr)"],
        "vendor_heads": ["Vendor", "Annual cost (CNY)", "Share", "Systems"],
        "summary_rows": ["Total annual cost (CNY)", "Annual budget (CNY)", "Xinchuang vCPU share",
                         "Largest vendor share", "Vendors used", "Status"],
        "yes": "yes", "no": "no", "none": "no cap",
    },
}  # fmt: skip


def _head(ws, row: int, heads: list[str]) -> None:  # type: ignore[no-untyped-def]
    for j, h in enumerate(heads, start=1):
        c = put(ws.cell(row=row, column=j), h)
        c.fill, c.font = HEADER_FILL, HEADER_FONT
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(j)].width = max(10, min(30, len(h) * 2 + 2))


def build_plan_workbook(plan: Plan, lang: str = "zh") -> Workbook:
    """The plan workbook as an openpyxl Workbook (not yet saved)."""
    if not plan.has_solution:
        raise ValueError("no plan to write: the problem is infeasible")
    t = TEXT[lang]
    wb = Workbook()
    summary = wb.active
    summary.title = t["summary"]
    alloc = wb.create_sheet(t["alloc"])
    vendors = wb.create_sheet(t["vendors"])

    # Allocation: components are values, the annual total is a formula of them.
    _head(alloc, 1, t["alloc_heads"])
    alloc.freeze_panes = "A2"
    n = len(plan.assignments)
    for i, a in enumerate(plan.assignments, start=2):
        w, p, c = a.workload, a.platform, a.cost
        row = [w.name, w.department, label(DATA_CLASS_LABELS, w.data_class, lang), w.mlps_level, w.vcpu,
               p.vendor, p.name, label(DEPLOYMENT_LABELS, p.deployment, lang),
               t["yes"] if p.xinchuang else t["no"],
               c.run_cost, c.security_cost, c.migration_annual, c.adaptation_annual]  # fmt: skip
        for j, v in enumerate(row, start=1):
            put(alloc.cell(row=i, column=j), v)
        for j in range(10, 14):
            alloc.cell(row=i, column=j).number_format = MONEY
        formula(alloc.cell(row=i, column=14), f"=SUM(J{i}:M{i})").number_format = MONEY
    last = n + 1
    a_name = f"'{alloc.title}'"
    alloc.auto_filter.ref = f"A1:N{last}"

    # Vendors: SUMIF over the allocation sheet.
    _head(vendors, 1, t["vendor_heads"])
    vendor_list = sorted(plan.vendor_costs, key=lambda v: -plan.vendor_costs[v])
    for i, v in enumerate(vendor_list, start=2):
        put(vendors.cell(row=i, column=1), v)
        formula(vendors.cell(row=i, column=2), f"=SUMIF({a_name}!$F$2:$F${last},A{i},{a_name}!$N$2:$N${last})")
        vendors.cell(row=i, column=2).number_format = MONEY
        formula(vendors.cell(row=i, column=3), f"=IF(total_annual_cost>0,B{i}/total_annual_cost,0)")
        vendors.cell(row=i, column=3).number_format = PCT
        formula(vendors.cell(row=i, column=4), f"=COUNTIF({a_name}!$F$2:$F${last},A{i})")
    vlast = len(vendor_list) + 1

    # Summary: headline figures as formulas; the defined names point here.
    summary.column_dimensions["A"].width = 26
    summary.column_dimensions["B"].width = 22
    put(summary.cell(row=1, column=1), plan_title(plan, lang)).font = Font(bold=True, size=14)
    labels_ = t["summary_rows"]
    for r, text in enumerate(labels_, start=3):
        put(summary.cell(row=r, column=1), text)
    formula(summary["B3"], f"=SUM({a_name}!$N$2:$N${last})").number_format = MONEY
    budget = plan.policy.budget_annual
    if budget is not None:
        put(summary["B4"], float(budget)).number_format = MONEY
    else:
        put(summary["B4"], t["none"])
    xc_yes = t["yes"]
    formula(
        summary["B5"],
        f'=IF(SUM({a_name}!$E$2:$E${last})>0,SUMIF({a_name}!$I$2:$I${last},"{xc_yes}",{a_name}!$E$2:$E${last})'
        f"/SUM({a_name}!$E$2:$E${last}),0)",
    ).number_format = PCT
    formula(summary["B6"], f"=MAX('{vendors.title}'!$C$2:$C${vlast})").number_format = PCT
    formula(summary["B7"], f"=COUNTIF('{vendors.title}'!$D$2:$D${vlast},\">0\")")
    put(summary["B8"], plan.status.value)
    s_name = f"'{summary.title}'"
    for name, ref in (
        ("total_annual_cost", "$B$3"),
        ("budget_annual", "$B$4"),
        ("xinchuang_share", "$B$5"),
        ("max_vendor_share", "$B$6"),
    ):
        wb.defined_names[name] = DefinedName(name, attr_text=f"{s_name}!{ref}")
    return wb


def plan_title(plan: Plan, lang: str = "zh") -> str:
    return "政务云采购优化方案" if lang == "zh" else "Government cloud procurement plan"


def write_plan_workbook(
    plan: Plan,
    path: str | Path,
    lang: str = "zh",
    inp: PlanInput | None = None,
    sources: Sequence[Path] = (),
) -> Path:
    """Write the plan workbook atomically; raises data.xlsx.WriteError with a Chinese message.

    inp is the input the plan was solved from; sources are the files it was read from.
    """
    return atomic_save(build_plan_workbook(plan, lang), path)
