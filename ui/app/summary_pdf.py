"""方案摘要: the plan on A4 pages for a leader's approval, printed with Qt itself.

Headline figures (annual cost to the fen against the budget, 信创 share, largest vendor share,
vendors used), a bar chart and table of each vendor's cost and share, each rule with its limit,
what the plan achieves and 满足/不满足, and 编制 / 审核 / 审批 signature lines. A plan of more
than one year (年度计划) shows every year: the horizon's total in the cards, a row per year (its
total against its budget and 信创 target, its moves and their one-time costs), each vendor's cost
year by year, the moves, and each rule checked in each year. Built from the Plan's public figures
only (ui.app.plan_figures: the same figures the plan page shows), as a QTextDocument that
QPdfWriter writes as PDF and QPrintPreviewDialog shows — no LibreOffice on the user's machine.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from planner.labels import solver_label
from planner.model import Plan, SolveStatus
from planner.rules import POLICY_RULES
from ui.app.i18n import current_lang, loc, tr
from ui.app.plan_figures import PeriodFigures, horizon_vendor_costs, plan_figures
from ui.app.widgets import esc, pct, yuan

CHART_URL = QUrl("yunce://summary/vendors.png")
BAR_COLORS = (
    "#1f4e78",
    "#2e75b6",
    "#5b9bd5",
    "#9dc3e6",
    "#70ad47",
    "#a9d18e",
    "#ffc000",
    "#ed7d31",
)


def vendor_rows(plan: Plan) -> list[tuple[str, float, float, int]]:
    """(vendor, cost, share, systems) for each vendor used, dearest first: a plain plan's annual
    cost and share; a year plan's cost over all its years, its share of the horizon's total and
    the systems it hosts in some year."""
    hosted: dict[str, set[str]] = {}
    for period in plan.periods:
        for a in period.assignments:
            hosted.setdefault(a.platform.vendor, set()).add(a.workload.name)
    if plan.is_year_plan:
        costs, total = horizon_vendor_costs(plan), plan.total_cost
        shares = {v: (c / total if total > 0 else 0.0) for v, c in costs.items()}
    else:
        costs, shares = plan.vendor_costs, plan.vendor_shares
    return sorted(
        ((v, c, shares.get(v, 0.0), len(hosted.get(v, ()))) for v, c in costs.items()),
        key=lambda row: -row[1],
    )


def rule_rows(plan: Plan) -> list[tuple[str, str, str, bool]]:
    """(rule, limit, achieved, met) for each rule of the plan's policy that is in force; a plan
    of more than one year: each rule in each year (year_rule_rows)."""
    if len(plan.periods) > 1:
        return year_rule_rows(plan)
    rows = []
    policy = plan.policy
    for r in POLICY_RULES:
        if not r.is_active(policy):
            continue
        limit = loc(r.value_text(r.value(policy)))
        if r.plan_metric is None:  # an eligibility rule: every placement obeys it
            achieved = tr("每个系统均符合")
        else:
            measured = getattr(plan, r.plan_metric)
            achieved = loc(r.value_text(measured))
        name = loc(r.label)
        rows.append((name[:1].upper() + name[1:], limit, achieved, not r.is_broken(plan)))
    return rows


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _year_measure(key: str, f: PeriodFigures) -> tuple[str | None, str, bool] | None:
    """(limit, achieved, met) of rule key in one year (limit None: not in force that year);
    None for a rule the year's figures do not measure."""
    if key == "budget_annual":
        return (None if f.budget is None else yuan(f.budget)), yuan(f.cost), f.budget_met
    if key == "min_xinchuang_share":  # a target of 0 that year imposes nothing
        limit = "≥ " + pct(f.xinchuang_target) if f.xinchuang_target > 0 else None
        return limit, pct(f.xinchuang_share), f.xinchuang_met
    if key == "max_vendor_share":
        return "≤ " + pct(f.vendor_cap), pct(f.max_vendor_share), f.vendor_share_met
    if key == "min_vendors":
        used, least = tr("{n} 家").format(n=f.vendors_used), tr("{n} 家").format(n=f.min_vendors)
        return "≥ " + least, used, f.vendors_met
    return None


def year_rule_rows(plan: Plan) -> list[tuple[str, str, str, bool]]:
    """(rule, limit, achieved, met) of a year plan: each measured rule in each year it is in force
    (that year's budget and 信创 target), each year's move caps, and the eligibility rules once."""
    figures = plan_figures(plan)
    policy = plan.policy
    rows: list[tuple[str, str, str, bool]] = []
    for r in POLICY_RULES:
        if r.plan_metric is None:
            if r.is_active(policy):
                rows.append(
                    (
                        _capitalised(loc(r.label)),
                        loc(r.value_text(r.value(policy))),
                        tr("每个系统均符合"),
                        True,
                    )
                )
            continue
        set_by_year = r.year_field is not None and any(
            getattr(row, r.year_field) is not None for row in plan.spec.years
        )
        if not (r.is_active(policy) or set_by_year):
            continue
        for f in figures:
            measured = _year_measure(r.key, f)
            if measured is None:  # not a rule the year's figures measure
                continue
            limit, achieved, met = measured
            if limit is None:  # not in force that year (no budget, no 信创 target)
                continue
            name = tr("{rule}（{y} 年）").format(y=f.year, rule=_capitalised(loc(r.label)))
            rows.append((name, limit, achieved, met))
    for t, row in enumerate(plan.spec.years):
        moves = plan.moves[t]
        if row.max_moves is not None:
            rows.append(
                (
                    tr("迁移系统数（{y} 年）").format(y=row.year),
                    "≤ " + tr("{n} 个").format(n=row.max_moves),
                    tr("{n} 个").format(n=len(moves)),
                    len(moves) <= row.max_moves,
                )
            )
        if row.max_move_vcpu is not None:
            vcpu = sum(m.workload.vcpu for m in moves)
            rows.append(
                (
                    tr("迁移 vCPU（{y} 年）").format(y=row.year),
                    f"≤ {row.max_move_vcpu:,.0f} vCPU",
                    f"{vcpu:,.0f} vCPU",
                    vcpu <= row.max_move_vcpu + 1e-9,
                )
            )
    return rows


def chart_image(plan: Plan, width: int = 1400, bar: int = 56) -> QImage:
    """Horizontal bars of each vendor's annual cost, names left, 万元 and share at the bar's end."""
    rows = vendor_rows(plan)
    height = max(1, len(rows)) * (bar + 18) + 24
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = summary_font()
    font.setPixelSize(int(bar * 0.5))
    painter.setFont(font)
    metrics = painter.fontMetrics()
    name_w = max((metrics.horizontalAdvance(r[0]) for r in rows), default=0) + 24
    label_w = metrics.horizontalAdvance("9,999.99 万元 (100.0%)") + 16
    span = max(1, width - name_w - label_w)
    top = max((r[1] for r in rows), default=1.0) or 1.0
    for i, (vendor, cost, share, _n) in enumerate(rows):
        y = 12 + i * (bar + 18)
        painter.setPen(QColor("#202020"))
        painter.drawText(
            QRectF(0, y, name_w - 12, bar),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            vendor,
        )
        w = max(2.0, span * cost / top)
        painter.fillRect(QRectF(name_w, y, w, bar), QColor(BAR_COLORS[i % len(BAR_COLORS)]))
        painter.drawText(
            QRectF(name_w + w + 10, y, label_w, bar),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            f"{_wan(cost)} ({pct(share)})",
        )
    painter.end()
    return image


def _wan(amount: float) -> str:
    if current_lang() == "en":
        return f"¥{amount / 1_000_000:,.2f}M"
    return f"{amount / 10_000:,.2f} 万元"


CELL = "padding:5px 8px; border:1px solid #b7cde6;"
HEAD = f"{CELL} background:#1f4e78; color:white; font-weight:bold;"


Cell = tuple[str, bool] | tuple[str, bool, str]
"""A table cell: (text, right-aligned) or (text, right-aligned, extra CSS such as a colour)."""


def _table(
    heads: list[Cell], rows: list[list[Cell]], bold_last: bool = False, font: str = ""
) -> str:
    """A bordered table with a header row; the cells' text is escaped here. font: extra CSS for
    every cell (a smaller size for a wide table)."""

    def cells(row: list[Cell], style: str) -> str:
        out = []
        for cell in row:
            text, right, extra = cell[0], cell[1], cell[2] if len(cell) > 2 else ""
            align = " align='right'" if right else ""
            out.append(f"<td style='{style}{font}{extra}'{align}>{esc(text)}</td>")
        return "".join(out)

    body = "".join(
        "<tr>"
        + cells(row, CELL + (" font-weight:bold;" if bold_last and i == len(rows) - 1 else ""))
        + "</tr>"
        for i, row in enumerate(rows)
    )
    return (
        "<table width='100%' cellspacing='0' cellpadding='0' style='border-collapse:collapse'>"
        f"<tr>{cells(heads, HEAD)}</tr>{body}</table>"
    )


def _verdict(met: bool) -> Cell:
    """满足 in green or 不满足 in red."""
    return (
        (tr("满足"), False, " color:#2e7d32;") if met else (tr("不满足"), False, " color:#c62828;")
    )


def _cards(plan: Plan, figures: tuple[PeriodFigures, ...]) -> list[tuple[str, str, str]]:
    """The six headline cards (title, value, detail): one year's figures, or the horizon's."""
    policy = plan.policy
    systems = len(plan.input.workloads) if plan.input is not None else len(plan.assignments)
    if len(figures) == 1:
        f = figures[0]
        return [
            (tr("年度总费用"), yuan(f.cost), _wan(f.cost)),
            (
                tr("年度预算"),
                yuan(f.budget) if f.budget is not None else tr("不设上限"),
                tr("余量 {left}").format(left=yuan(f.budget - f.cost))
                if f.budget is not None
                else "",
            ),
            (
                tr("信创占比"),
                pct(f.xinchuang_share),
                tr("{x:,.0f} / {t:,.0f} vCPU，要求 ≥ {min}").format(
                    x=plan.periods[0].xinchuang_vcpu,
                    t=plan.active_vcpu(0),
                    min=pct(f.xinchuang_target),
                ),
            ),
            (
                tr("最大供应商占比"),
                pct(f.max_vendor_share),
                tr("上限 {cap}").format(cap=pct(f.vendor_cap)),
            ),
            (
                tr("使用供应商"),
                tr("{n} 家").format(n=f.vendors_used),
                tr("至少 {n} 家").format(n=f.min_vendors),
            ),
            (
                tr("业务系统"),
                tr("{n} 个").format(n=f.systems),
                tr("其中迁移 {n} 个").format(n=f.moves),
            ),
        ]
    first, last = figures[0].year, figures[-1].year
    budgets = [f.budget for f in figures]
    budget_total = (
        None if any(b is None for b in budgets) else sum(b for b in budgets if b is not None)
    )
    rate = plan.spec.discount_rate
    last_f = figures[-1]
    vendors = {a.platform.vendor for p in plan.periods for a in p.assignments}
    return [
        (
            tr("规划期总费用"),
            yuan(plan.total_cost),
            tr("{first}–{last} 年，现值 {pv}（折现率 {rate}）").format(
                first=first, last=last, pv=yuan(plan.present_value), rate=pct(rate)
            )
            if rate
            else tr("{first}–{last} 年，共 {n} 年").format(first=first, last=last, n=len(figures)),
        ),
        (
            tr("规划期预算合计"),
            yuan(budget_total) if budget_total is not None else tr("不设上限"),
            tr("余量 {left}").format(left=yuan(budget_total - plan.total_cost))
            if budget_total is not None
            else "",
        ),
        (
            tr("{y} 年信创占比").format(y=last_f.year),
            pct(last_f.xinchuang_share),
            tr("要求 ≥ {min}").format(min=pct(last_f.xinchuang_target)),
        ),
        (
            tr("最大供应商占比"),
            pct(max(f.max_vendor_share for f in figures)),
            tr("各年上限 {cap}").format(cap=pct(policy.max_vendor_share)),
        ),
        (
            tr("使用供应商"),
            tr("{n} 家").format(n=len(vendors)),
            tr("每年至少 {n} 家").format(n=policy.min_vendors),
        ),
        (
            tr("业务系统"),
            tr("{n} 个").format(n=systems),
            tr("迁移 {n} 次，一次性费用 {once}").format(
                n=sum(f.moves for f in figures),
                once=yuan(sum(f.one_time_cost or 0.0 for f in figures)),
            ),
        ),
    ]


def _years_table(figures: tuple[PeriodFigures, ...]) -> str:
    """A row per year: its total against its budget and 信创 target, its moves, 满足/不满足."""
    heads: list[Cell] = [
        (tr("年份"), False),
        (tr("年度费用"), True),
        (tr("年度预算"), True),
        (tr("余量"), True),
        (tr("信创占比（目标）"), True),
        (tr("迁移"), True),
        (tr("一次性费用"), True),
        (tr("结论"), False),
    ]
    rows: list[list[Cell]] = [
        [
            (str(f.year), False),
            (yuan(f.cost), True),
            (yuan(f.budget) if f.budget is not None else tr("不设上限"), True),
            (yuan(f.budget - f.cost) if f.budget is not None else "—", True),
            (f"{pct(f.xinchuang_share)}（{pct(f.xinchuang_target)}）", True),
            (tr("{n} 个").format(n=f.moves), True),
            (yuan(f.one_time_cost or 0.0), True),
            _verdict(f.all_met),
        ]
        for f in figures
    ]
    return _table(heads, rows)


def _vendors_table(plan: Plan) -> str:
    """Each vendor's systems, cost and share; a plan of several years: its cost in each year too."""
    multi = len(plan.periods) > 1
    per_year = [p.vendor_costs for p in plan.periods] if multi else []
    # a plan of several years: the systems a vendor hosts in some year (a system that moves
    # between vendors counts for both; the total row counts each system once)
    heads: list[Cell] = [
        (tr("供应商"), False),
        (tr("系统数（任一年）") if multi else tr("系统数"), True),
    ]
    heads += [(tr("{y} 年").format(y=y), True) for y in plan.years] if multi else []
    heads += [(tr("规划期费用") if multi else tr("年度费用"), True), (tr("占比"), True)]
    rows: list[list[Cell]] = []
    for vendor, cost, share, n in vendor_rows(plan):
        row: list[Cell] = [(vendor, False), (str(n), True)]
        row += [(yuan(costs.get(vendor, 0.0)), True) for costs in per_year]
        row += [(yuan(cost), True), (pct(share), True)]
        rows.append(row)
    systems = (
        len(plan.input.workloads) if multi and plan.input is not None else len(plan.assignments)
    )
    total: list[Cell] = [(tr("合计"), False), (str(systems), True)]
    total += [(yuan(plan.year_cost(t)), True) for t in range(len(per_year))]
    total += [(yuan(plan.total_cost), True), ("100.0%", True)]
    rows.append(total)
    # a column per year: a smaller font keeps each amount on one line
    return _table(heads, rows, bold_last=True, font=" font-size:8.5pt;" if multi else "")


def _moves_table(plan: Plan) -> str:
    """The moves year by year: the system, from where, to where, its one-time cost."""
    heads: list[Cell] = [
        (tr("年份"), False),
        (tr("业务系统"), False),
        (tr("迁出"), False),
        (tr("迁入"), False),
        (tr("一次性费用"), True),
    ]
    rows: list[list[Cell]] = [
        [
            (str(y), False),
            (m.workload.name, False),
            (m.origin.label if m.origin is not None else tr("自建机房"), False),
            (m.target.label, False),
            (yuan(m.one_time_cost), True),
        ]
        for y, wave in zip(plan.years, plan.moves, strict=True)
        for m in wave
    ]
    return _table(heads, rows)


def summary_html(plan: Plan, county: str, when: date | None = None) -> str:
    """The summary as HTML for a QTextDocument (the chart is the CHART_URL image resource)."""
    when = when or date.today()
    figures = plan_figures(plan)
    multi = len(figures) > 1
    status = tr("最优") if plan.status is SolveStatus.OPTIMAL else tr("可行（未证明最优）")
    card_cells = "".join(
        f"<td width='33%' style='{CELL}'><span style='color:#555555'>{esc(t)}</span><br>"
        f"<span style='font-size:15pt; font-weight:bold'>{esc(v)}</span><br>"
        f"<span style='color:#555555'>{esc(d)}</span></td>"
        for t, v, d in _cards(plan, figures)
    )
    card_rows = (
        "<table width='100%' cellspacing='0' cellpadding='0' style='border-collapse:collapse'>"
        f"<tr>{card_cells[: _split(card_cells, 3)]}</tr><tr>{card_cells[_split(card_cells, 3) :]}</tr>"
        "</table>"
    )
    rules = _table(
        [(tr("规则"), False), (tr("要求"), False), (tr("方案"), False), (tr("结论"), False)],
        [
            [(name, False), (limit, False), (got, False), _verdict(ok)]
            for name, limit, got, ok in rule_rows(plan)
        ],
    )
    blank = "____年____月____日" if current_lang() == "zh" else "________________"
    colon = "：" if current_lang() == "zh" else ": "
    sign = "".join(
        f"<td width='33%' style='padding-top:26px'>{esc(role)}{colon}________________<br><br>"
        f"{tr('日期')}{colon}{blank}</td>"
        for role in (tr("编制"), tr("审核"), tr("审批"))
    )
    gap = f"{plan.mip_gap:.1e}" if plan.mip_gap is not None else "—"
    h3 = "<h3 style='color:#1f4e78'>{}</h3>"
    parts = [
        f"<h2 style='color:#1f4e78; margin-bottom:2px'>{esc(tr('{county} 政务云采购方案摘要').format(county=county))}</h2>",
        f"<p style='color:#555555; margin-top:0'>{esc(tr('编制日期：{date}　求解结果：{status}（求解器 {solver}，相对间隙 {gap}）').format(date=when.isoformat(), status=status, solver=solver_label(plan.solver) or '—', gap=gap))}</p>",
        card_rows,
    ]
    if multi:
        parts += [h3.format(esc(tr("分年费用与预算"))), _years_table(figures)]
    parts += [
        h3.format(esc(tr("各供应商规划期费用") if multi else tr("各供应商年度费用"))),
        f"<p><img src='{CHART_URL.toString()}' width='640'></p>",
        _vendors_table(plan),
    ]
    if multi:
        parts += [h3.format(esc(tr("迁移批次"))), _moves_table(plan)]
    note = (
        tr(
            "“最优”指在上述全部规则下规划期总费用（按折现率折现）最低（相对间隙不超过百万分之一）；各年逐个系统的位置、费用和公式见方案工作簿。"
        )
        if multi
        else tr(
            "“最优”指在上述全部规则下年度总费用最低（相对间隙不超过百万分之一）；逐个系统的分配、费用构成和公式见方案工作簿。"
        )
    )
    parts += [
        h3.format(esc(tr("规则核查"))),
        rules,
        f"<p style='color:#555555'>{esc(note)}</p>",
        f"<table width='100%' cellspacing='0' cellpadding='0'><tr>{sign}</tr></table>",
    ]
    return "\n".join(parts)


def _split(cells: str, n: int) -> int:
    """Index in cells (a run of <td>…</td>) after the n-th cell."""
    pos = 0
    for _ in range(n):
        pos = cells.index("</td>", pos) + len("</td>")
    return pos


def summary_font(points: float = 10.0) -> QFont:
    """A CJK font the PDF embeds whole-glyph with its Unicode map (searchable, copyable text),
    whatever font the application started with."""
    from PySide6.QtGui import QFontDatabase

    from ui.app import CJK_FONTS

    families = set(QFontDatabase.families())
    name = next((f for f in CJK_FONTS if f in families), None)
    font = QFont(name) if name else QFont(QGuiApplication.font())
    font.setPointSizeF(points)
    return font


def build_document(plan: Plan, county: str, when: date | None = None) -> QTextDocument:
    """The summary as a QTextDocument (with its chart), ready for print_()."""
    if not plan.has_solution:
        raise ValueError("a summary needs a plan")
    doc = QTextDocument()
    font = summary_font(10.0)
    doc.setDefaultFont(font)
    doc.addResource(QTextDocument.ResourceType.ImageResource, CHART_URL, chart_image(plan))
    doc.setHtml(summary_html(plan, county, when))
    return doc


def a4_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(16, 14, 16, 14),
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(plan: Plan, county: str, path: str | Path, when: date | None = None) -> Path:
    """Write the summary as an A4 PDF (temporary file, then moved into place); returns the path."""
    import os
    import tempfile

    path = Path(path)
    doc = build_document(plan, county, when)
    fd, tmp = tempfile.mkstemp(prefix=".yunce-", suffix=".pdf", dir=str(path.parent))
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setPageLayout(a4_layout())
        writer.setResolution(300)
        writer.setTitle(tr("{county} 政务云采购方案摘要").format(county=county))
        writer.setCreator("云策 Yunce")
        print_document(doc, writer)
        del writer  # closes the file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def print_document(doc: QTextDocument, device) -> None:  # type: ignore[no-untyped-def]
    """Print the summary on a QPdfWriter or QPrinter (the preview too), laid out on the
    device's A4 page at 96 dpi so the PDF, the preview and the paper show the same pages."""
    doc.setPageSize(QSizeF(device.pageLayout().paintRectPixels(96).size()))
    doc.print_(device)


def _noop_for_lupdate() -> None:  # pragma: no cover - texts used inside f-strings above
    tr("满足")
    tr("不满足")
    tr("日期")
    tr("{county} 政务云采购方案摘要")
    tr("编制日期：{date}　求解结果：{status}（求解器 {solver}，相对间隙 {gap}）")
    tr("各供应商年度费用")
    tr("供应商")
    tr("系统数")
    tr("年度费用")
    tr("占比")
    tr("合计")
    tr("规则核查")
    tr("规则")
    tr("要求")
    tr("方案")
    tr("结论")
    tr(
        "“最优”指在上述全部规则下年度总费用最低（相对间隙不超过百万分之一）；逐个系统的分配、费用构成和公式见方案工作簿。"
    )
