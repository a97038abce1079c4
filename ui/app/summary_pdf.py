"""方案摘要: the plan on one or two A4 pages for a leader's approval, printed with Qt itself.

Headline figures (annual cost to the fen against the budget, 信创 share, largest vendor share,
vendors used), a bar chart and table of each vendor's annual cost and share, each rule with its
limit, what the plan achieves and 满足/不满足, and 编制 / 审核 / 审批 signature lines. Built from
the Plan's public figures only (total_annual_cost, vendor_costs, vendor_shares, xinchuang_share,
vendors_used, policy, assignments), as a QTextDocument that QPdfWriter writes as PDF and
QPrintPreviewDialog shows — no LibreOffice on the user's machine.
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
    """(vendor, annual cost, share, systems) for each vendor used, dearest first."""
    counts: dict[str, int] = {}
    for a in plan.assignments:
        counts[a.platform.vendor] = counts.get(a.platform.vendor, 0) + 1
    shares = plan.vendor_shares
    return sorted(
        ((v, c, shares.get(v, 0.0), counts.get(v, 0)) for v, c in plan.vendor_costs.items()),
        key=lambda row: -row[1],
    )


def rule_rows(plan: Plan) -> list[tuple[str, str, str, bool]]:
    """(rule, limit, achieved, met) for each rule of the plan's policy that is in force."""
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


def summary_html(plan: Plan, county: str, when: date | None = None) -> str:
    """The summary as HTML for a QTextDocument (the chart is the CHART_URL image resource)."""
    when = when or date.today()
    policy = plan.policy
    budget = policy.budget_annual
    total = plan.total_annual_cost
    status = tr("最优") if plan.status is SolveStatus.OPTIMAL else tr("可行（未证明最优）")
    moved = sum(1 for a in plan.assignments if a.cost.moved)
    xc = plan.xinchuang_share
    cards = [
        (tr("年度总费用"), yuan(total), _wan(total)),
        (
            tr("年度预算"),
            yuan(budget) if budget is not None else tr("不设上限"),
            tr("余量 {left}").format(left=yuan(budget - total)) if budget is not None else "",
        ),
        (
            tr("信创占比"),
            pct(xc),
            tr("{x:,.0f} / {t:,.0f} vCPU，要求 ≥ {min}").format(
                x=plan.xinchuang_vcpu, t=plan.total_vcpu, min=pct(policy.min_xinchuang_share)
            ),
        ),
        (
            tr("最大供应商占比"),
            pct(plan.max_vendor_share),
            tr("上限 {cap}").format(cap=pct(policy.max_vendor_share)),
        ),
        (
            tr("使用供应商"),
            tr("{n} 家").format(n=plan.vendors_used),
            tr("至少 {n} 家").format(n=policy.min_vendors),
        ),
        (
            tr("业务系统"),
            tr("{n} 个").format(n=len(plan.assignments)),
            tr("其中迁移 {n} 个").format(n=moved),
        ),
    ]
    cell = "padding:5px 8px; border:1px solid #b7cde6;"
    head = f"{cell} background:#1f4e78; color:white; font-weight:bold;"
    card_cells = "".join(
        f"<td width='33%' style='{cell}'><span style='color:#555555'>{esc(t)}</span><br>"
        f"<span style='font-size:15pt; font-weight:bold'>{esc(v)}</span><br>"
        f"<span style='color:#555555'>{esc(d)}</span></td>"
        for t, v, d in cards
    )
    card_rows = (
        "<table width='100%' cellspacing='0' cellpadding='0' style='border-collapse:collapse'>"
        f"<tr>{card_cells[: _split(card_cells, 3)]}</tr><tr>{card_cells[_split(card_cells, 3) :]}</tr>"
        "</table>"
    )
    vendors = "".join(
        f"<tr><td style='{cell}'>{esc(v)}</td><td style='{cell}' align='right'>{n}</td>"
        f"<td style='{cell}' align='right'>{yuan(c)}</td>"
        f"<td style='{cell}' align='right'>{pct(s)}</td></tr>"
        for v, c, s, n in vendor_rows(plan)
    )
    rules = "".join(
        f"<tr><td style='{cell}'>{esc(name)}</td><td style='{cell}'>{esc(limit)}</td>"
        f"<td style='{cell}'>{esc(got)}</td><td style='{cell} color:{'#2e7d32' if ok else '#c62828'}'>"
        f"{tr('满足') if ok else tr('不满足')}</td></tr>"
        for name, limit, got, ok in rule_rows(plan)
    )
    blank = "____年____月____日" if current_lang() == "zh" else "________________"
    colon = "：" if current_lang() == "zh" else ": "
    sign = "".join(
        f"<td width='33%' style='padding-top:26px'>{esc(role)}{colon}________________<br><br>"
        f"{tr('日期')}{colon}{blank}</td>"
        for role in (tr("编制"), tr("审核"), tr("审批"))
    )
    gap = f"{plan.mip_gap:.1e}" if plan.mip_gap is not None else "—"
    return f"""
<h2 style='color:#1f4e78; margin-bottom:2px'>{esc(tr("{county} 政务云采购方案摘要").format(county=county))}</h2>
<p style='color:#555555; margin-top:0'>{esc(tr("编制日期：{date}　求解结果：{status}（求解器 {solver}，相对间隙 {gap}）").format(date=when.isoformat(), status=status, solver=solver_label(plan.solver) or "—", gap=gap))}</p>
{card_rows}
<h3 style='color:#1f4e78'>{esc(tr("各供应商年度费用"))}</h3>
<p><img src='{CHART_URL.toString()}' width='640'></p>
<table width='100%' cellspacing='0' cellpadding='0' style='border-collapse:collapse'>
<tr><td style='{head}'>{esc(tr("供应商"))}</td><td style='{head}' align='right'>{esc(tr("系统数"))}</td>
<td style='{head}' align='right'>{esc(tr("年度费用"))}</td><td style='{head}' align='right'>{esc(tr("占比"))}</td></tr>
{vendors}
<tr><td style='{cell} font-weight:bold'>{esc(tr("合计"))}</td><td style='{cell}' align='right'>{len(plan.assignments)}</td>
<td style='{cell} font-weight:bold' align='right'>{yuan(total)}</td><td style='{cell}' align='right'>100.0%</td></tr>
</table>
<h3 style='color:#1f4e78'>{esc(tr("规则核查"))}</h3>
<table width='100%' cellspacing='0' cellpadding='0' style='border-collapse:collapse'>
<tr><td style='{head}'>{esc(tr("规则"))}</td><td style='{head}'>{esc(tr("要求"))}</td>
<td style='{head}'>{esc(tr("方案"))}</td><td style='{head}'>{esc(tr("结论"))}</td></tr>
{rules}
</table>
<p style='color:#555555'>{esc(tr("“最优”指在上述全部规则下年度总费用最低（相对间隙不超过百万分之一）；逐个系统的分配、费用构成和公式见方案工作簿。"))}</p>
<table width='100%' cellspacing='0' cellpadding='0'><tr>{sign}</tr></table>
"""


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
