"""分年计划 on the plan page: the years side by side, and a Gantt-like wave chart (one row per
system, one column per year, coloured by vendor, moves marked). The year shown is chosen on the
plan page (its year selector drives the cards, the 分配方案 table and the charts too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.text import join
from ui.app.i18n import loc, tr
from ui.app.widgets import esc, pct, yuan

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
HOME_COLOR = "#bfbfbf"


@dataclass(frozen=True)
class Bar:
    """One cell of the wave chart: a system in a year."""

    system: str
    year: int
    where: str
    """'vendor/platform', the machine room, or '' when retired."""
    vendor: str | None
    moved: bool


def wave_bars(plan: Any) -> list[Bar]:
    """The wave chart's cells, system by system, year by year (retired years left out)."""
    from planner.milp import RETIRED

    out = []
    moved = {(m.workload.name, plan.years[t]) for t, wave in enumerate(plan.moves) for m in wave}
    for w, wl in enumerate(plan.input.workloads):
        for t, y in enumerate(plan.years):
            loc_ = plan.locations[w][t]
            if loc_ == RETIRED:
                continue
            p = plan.input.platforms[loc_] if loc_ >= 0 else None
            out.append(
                Bar(
                    wl.name,
                    y,
                    p.label if p else tr("自建机房"),
                    p.vendor if p else None,
                    (wl.name, y) in moved,
                )
            )
    return out


class WaveChart(QWidget):
    """Gantt-like: systems down, years across; a bar per year in the vendor's colour, a heavy left
    edge and a ▶ where the system moves; grey for the machine room; nothing once retired."""

    ROW, LABEL, HEAD = 22, 180, 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveChart")
        self.plan: Any = None
        self.bars: list[Bar] = []
        self.systems: list[str] = []
        self.vendor_color: dict[str, str] = {}
        self.selected_year: int | None = None

    def set_plan(self, plan: Any) -> None:
        self.plan = plan
        self.bars = wave_bars(plan) if plan is not None and plan.has_solution else []
        self.systems = list(dict.fromkeys(b.system for b in self.bars))
        vendors = plan.input.vendors if plan is not None else ()
        self.vendor_color = {v: COLORS[i % len(COLORS)] for i, v in enumerate(vendors)}
        self.setMinimumHeight(self.HEAD + self.ROW * max(len(self.systems), 1) + 8)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(
            self.LABEL + 120 * max(len(self.plan.years) if self.plan else 1, 1),
            self.minimumHeight(),
        )

    def color(self, bar: Bar) -> str:
        return self.vendor_color.get(bar.vendor or "", HOME_COLOR) if bar.vendor else HOME_COLOR

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        if self.plan is None or not self.bars:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        years = list(self.plan.years)
        width = max((self.width() - self.LABEL - 8) / max(len(years), 1), 40)
        font = QFont(p.font())
        font.setPointSize(8)
        p.setFont(font)
        for t, y in enumerate(years):
            x = self.LABEL + t * width
            if y == self.selected_year:
                p.fillRect(QRectF(x, 0, width, self.height()), QColor("#eef3f8"))
            p.drawText(QRectF(x, 0, width, self.HEAD), Qt.AlignmentFlag.AlignCenter, str(y))
        row_of = {s: i for i, s in enumerate(self.systems)}
        for s, i in row_of.items():
            p.drawText(
                QRectF(4, self.HEAD + i * self.ROW, self.LABEL - 8, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                s,
            )
        for b in self.bars:
            t = years.index(b.year)
            rect = QRectF(
                self.LABEL + t * width + 1,
                self.HEAD + row_of[b.system] * self.ROW + 3,
                width - 2,
                self.ROW - 6,
            )
            p.fillRect(rect, QColor(self.color(b)))
            if b.moved:
                p.setPen(QPen(QColor("#000000"), 3))
                p.drawLine(rect.topLeft(), rect.bottomLeft())
                p.drawText(
                    rect,
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    " ▶ " + b.where,
                )
                p.setPen(QPen(QColor("#000000"), 1))
        p.end()


class YearsView(QWidget):
    """The years side by side (one row each), the year chosen on the plan page, and the wave chart."""

    year_clicked = Signal(int)
    """A year's row was clicked (its index): the plan page shows that year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Any = None
        self.year_index = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        self.summary = QLabel(
            "", self
        )  # the selected year in a line: shown beside the plan page's year selector
        self.summary.setObjectName("yearSummary")
        self.summary.hide()
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setObjectName("yearTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.clicked.connect(lambda index: self.year_clicked.emit(index.row()))
        split.addWidget(self.table)
        self.chart = WaveChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        split.addWidget(scroll)
        split.setSizes([130, 500])
        lay.addWidget(split, 1)

    def set_plan(self, plan: Any) -> None:
        """Show a year plan (a planner.model.Plan with plan years; None: nothing): one row per year, and the wave chart."""
        from planner.model import year_budget, year_xinchuang_target

        self.plan = plan
        self.chart.set_plan(plan)
        self.model.clear()
        if plan is None or not plan.has_solution:
            self.summary.setText("" if plan is None else "；".join(loc(m) for m in plan.diagnosis))
            self.table.setMinimumHeight(0)
            return
        self.model.setHorizontalHeaderLabels(
            [
                tr("年份"),
                tr("年度费用(元)"),
                tr("年度预算(元)"),
                tr("信创占比"),
                tr("信创目标"),
                tr("迁移系统数"),
                tr("一次性费用(元)"),
            ]
        )
        for t, row in enumerate(plan.spec.years):
            budget = year_budget(row, plan.policy)
            cells = [
                str(row.year),
                f"{plan.year_cost(t):,.2f}",
                tr("不设上限") if budget is None else f"{budget:,.2f}",
                pct(plan.year_xinchuang_share(t)),
                pct(year_xinchuang_target(row, plan.policy)),
                str(len(plan.moves[t])),
                f"{sum(m.one_time_cost for m in plan.moves[t]):,.2f}",
            ]
            items = [QStandardItem(c) for c in cells]
            for item in items[1:]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        rows = self.table.verticalHeader().length() + self.table.horizontalHeader().height()
        self.table.setMinimumHeight(rows + 2 * self.table.frameWidth() + 8)  # every year visible
        self.table.setMaximumHeight(self.table.minimumHeight() + 40)
        self.set_year(min(self.year_index, len(plan.years) - 1))

    def set_year(self, t: int) -> None:
        """Mark year t (chosen on the plan page): its summary line, its row, its column of the chart."""
        from planner.model import year_budget, year_xinchuang_target

        plan = self.plan
        self.year_index = t
        if plan is None or not plan.has_solution or not 0 <= t < len(plan.years):
            return
        row = plan.spec.years[t]
        budget = year_budget(row, plan.policy)
        self.summary.setText(
            tr(
                "{y} 年费用 {cost}（预算 {budget}）；信创占比 {xc}（目标 {target}）；迁移 {n} 个系统，一次性费用 {once}"
            ).format(
                y=row.year,
                cost=yuan(plan.year_cost(t)),
                budget=yuan(budget) if budget is not None else tr("不设上限"),
                xc=pct(plan.year_xinchuang_share(t)),
                target=pct(year_xinchuang_target(row, plan.policy)),
                n=len(plan.moves[t]),
                once=yuan(sum(m.one_time_cost for m in plan.moves[t])),
            )
        )
        self.table.selectRow(t)
        self.chart.selected_year = row.year
        self.chart.update()

    def selected_year(self) -> int | None:
        return (
            self.plan.years[self.year_index]
            if self.plan is not None and self.plan.has_solution
            else None
        )


def year_why_html(plan: Any, t: int, name: str) -> str:
    """The 分配方案 side panel for system name in year t of a year plan: where it is each year
    (moves and their one-time costs), and that year's running cost on every eligible platform."""
    from planner.milp import RETIRED

    w = next(i for i, wl in enumerate(plan.input.workloads) if wl.name == name)
    moves = {(t_, m.workload.name): m for t_, wave in enumerate(plan.moves) for m in wave}
    lines = []
    for k, y in enumerate(plan.years):
        j = plan.locations[w][k]
        where = (
            tr("已下线")
            if j == RETIRED
            else (plan.input.platforms[j].label if j >= 0 else tr("自建机房"))
        )
        text = f"{y}：{esc(where)}"
        m = moves.get((k, name))
        if m is not None:
            text = f"{y}：▶ {esc(where)} " + tr("（迁入，一次性费用 {once}）").format(
                once=yuan(m.one_time_cost)
            )
        lines.append(f"<b>{text}</b>" if k == t else text)
    year = plan.years[t]
    html = [
        "<p>"
        + tr("<b>{name}</b> 在各年的位置").format(name=esc(name))
        + "<br>"
        + "<br>".join(lines)
        + "</p>"
    ]
    cm = plan.year_plans[t].cost_model
    j_now = plan.locations[w][t]
    if cm is not None and j_now >= 0 and not cm.eligible[w, j_now]:
        html.append(
            "<p style='color:#8a5a00'>"
            + tr(
                "{y} 年仍在现平台：合同到期（或最早上云年份）之前、或标为保持不动的系统留在原处，不按下面的条件挑选平台。"
            ).format(y=year)
            + "</p>"
        )
    if cm is not None:
        run = cm.bill[w]  # what the route model charges a year there: after term/resource discounts
        rows = sorted((float(run[p]), p) for p in range(len(cm.platforms)) if cm.eligible[w, p])
        html.append(
            "<p><b>"
            + tr(
                "{y} 年在各可部署平台的运行费用（资源 + 安全服务，扣除折扣，不含一次性费用）"
            ).format(y=year)
            + "</b></p>"
        )
        html.append("<table cellspacing='0' cellpadding='3' width='100%'>")
        for cost, p in rows:
            chosen = p == j_now
            style = " style='font-weight:600; background:#e6f4ea'" if chosen else ""
            html.append(
                f"<tr{style}><td>{esc(cm.platforms[p].label)}{' ✔' if chosen else ''}</td>"
                f"<td align='right'>{yuan(cost)}</td></tr>"
            )
        html.append("</table>")
        excluded = [
            f"<li>{esc(loc(join((r.msg() for r in cm.reasons(w, p)), '；', '; ')))}</li>"
            for p in range(len(cm.platforms))
            if not cm.eligible[w, p]
        ]
        if excluded:
            html.append(
                "<p><b>" + tr("不能部署的平台及原因") + "</b></p><ul style='margin-left:-20px'>"
            )
            html.extend(excluded)
            html.append("</ul>")
    html.append(
        "<p style='color:#555'>"
        + tr(
            "分年计划按全部年份一起求解：一个系统迁往哪里、哪年迁，取决于各年的预算、信创目标和迁移上限。"
        )
        + "</p>"
    )
    return "".join(html)
