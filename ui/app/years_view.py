"""分年计划 on the plan page: a year selector, that year's figures and systems, and a Gantt-like
wave chart (one row per system, one column per year, coloured by vendor, moves marked)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.app.i18n import loc, tr
from ui.app.widgets import hbox, pct, yuan

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
    from planner.years import RETIRED

    out = []
    moved = {(m.workload.name, plan.years[t]) for t, wave in enumerate(plan.moves) for m in wave}
    for w, wl in enumerate(plan.input.workloads):
        for t, y in enumerate(plan.years):
            loc_ = plan.locations[w][t]
            if loc_ == RETIRED:
                continue
            p = plan.input.platforms[loc_] if loc_ >= 0 else None
            out.append(Bar(wl.name, y, p.label if p else tr("自建机房"), p.vendor if p else None, (wl.name, y) in moved))
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
        return QSize(self.LABEL + 120 * max(len(self.plan.years) if self.plan else 1, 1), self.minimumHeight())

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
            p.drawText(QRectF(4, self.HEAD + i * self.ROW, self.LABEL - 8, self.ROW),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, s)  # fmt: skip
        for b in self.bars:
            t = years.index(b.year)
            rect = QRectF(self.LABEL + t * width + 1, self.HEAD + row_of[b.system] * self.ROW + 3, width - 2, self.ROW - 6)
            p.fillRect(rect, QColor(self.color(b)))
            if b.moved:
                p.setPen(QPen(QColor("#000000"), 3))
                p.drawLine(rect.topLeft(), rect.bottomLeft())
                p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, " ▶ " + b.where)
                p.setPen(QPen(QColor("#000000"), 1))
        p.end()


class YearsView(QWidget):
    """Year selector, the selected year's figures and systems, and the wave chart."""

    year_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Any = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        self.selector = QComboBox()
        self.selector.setObjectName("yearSelector")
        self.summary = QLabel("")
        self.summary.setObjectName("yearSummary")
        self.summary.setWordWrap(True)
        lay.addLayout(hbox(QLabel(tr("年份")), self.selector, self.summary, stretch_at=2))
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setObjectName("yearTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        split.addWidget(self.table)
        self.chart = WaveChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        split.addWidget(scroll)
        lay.addWidget(split, 1)
        self.selector.currentIndexChanged.connect(self._show_year)

    def set_plan(self, plan: Any) -> None:
        """Show a planner.years.YearsPlan (None: nothing)."""
        self.plan = plan
        self.selector.blockSignals(True)
        self.selector.clear()
        if plan is not None:
            for y in plan.years:
                self.selector.addItem(str(y), y)
        self.selector.blockSignals(False)
        self.chart.set_plan(plan)
        if plan is None or not plan.has_solution:
            self.model.clear()
            text = "" if plan is None else "；".join(loc(m) for m in plan.diagnosis)
            self.summary.setText(text)
            return
        self.selector.setCurrentIndex(0)
        self._show_year(0)

    def _show_year(self, t: int) -> None:
        from planner.years import year_budget, year_xinchuang_target

        plan = self.plan
        if plan is None or not plan.has_solution or not 0 <= t < len(plan.years):
            return
        row = plan.spec.years[t]
        budget = year_budget(row, plan.policy)
        self.summary.setText(
            tr("{y} 年费用 {cost}（预算 {budget}）；信创占比 {xc}（目标 {target}）；迁移 {n} 个系统，一次性费用 {once}").format(
                y=row.year, cost=yuan(plan.year_cost(t)), budget=yuan(budget) if budget is not None else tr("不设上限"),
                xc=pct(plan.xinchuang_share(t)), target=pct(year_xinchuang_target(row, plan.policy)),
                n=len(plan.moves[t]), once=yuan(sum(m.one_time_cost for m in plan.moves[t])),
            )
        )  # fmt: skip
        moved = {m.workload.name for m in plan.moves[t]}
        self.model.clear()
        self.model.setHorizontalHeaderLabels([tr("系统名称"), tr("供应商"), tr("平台"), tr("年度费用(元)"), tr("本年迁移")])
        for a in plan.year_plans[t].assignments:
            cells = [a.workload.name, a.platform.vendor, a.platform.name, f"{a.cost.total:,.2f}",
                     tr("是") if a.workload.name in moved else ""]  # fmt: skip
            items = [QStandardItem(c) for c in cells]
            items[3].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        self.chart.selected_year = row.year
        self.chart.update()
        self.year_changed.emit(row.year)

    def selected_year(self) -> int | None:
        return self.selector.currentData()
