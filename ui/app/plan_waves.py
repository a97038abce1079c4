"""The parts of the plan page that only a plan of more than one year has: the 分年计划 tab (the
years side by side above a Gantt-like wave chart of the moves: one row per system, one column per
year, coloured by vendor, moves marked) and the one-line summary of the year shown beside the
year selector. The year shown is chosen on the plan page (its selector drives the cards, the
分配方案 table, the charts and the explanation, which take the year as a dimension)."""

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

from planner.milp import RETIRED
from planner.model import Plan
from ui.app.i18n import tr
from ui.app.plan_figures import period_figures, plan_figures
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


def wave_bars(plan: Plan) -> list[Bar]:
    """The wave chart's cells, system by system, year by year (retired years left out)."""
    assert plan.input is not None
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
        self.plan: Plan | None = None
        self.bars: list[Bar] = []
        self.systems: list[str] = []
        self.vendor_color: dict[str, str] = {}
        self.selected_year: int | None = None

    def set_plan(self, plan: Plan | None) -> None:
        self.plan = plan
        self.bars = wave_bars(plan) if plan is not None and plan.has_solution else []
        self.systems = list(dict.fromkeys(b.system for b in self.bars))
        vendors = plan.input.vendors if plan is not None and plan.input is not None else ()
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


def year_summary(plan: Plan, t: int) -> str:
    """Year t of a year plan in one line: cost against budget, 信创 share against target, moves."""
    f = period_figures(plan, t)
    return tr(
        "{y} 年费用 {cost}（预算 {budget}）；信创占比 {xc}（目标 {target}）；迁移 {n} 个系统，一次性费用 {once}"
    ).format(
        y=f.year,
        cost=yuan(f.cost),
        budget=yuan(f.budget) if f.budget is not None else tr("不设上限"),
        xc=pct(f.xinchuang_share),
        target=pct(f.xinchuang_target),
        n=f.moves,
        once=yuan(f.one_time_cost or 0.0),
    )


class WavesPanel(QWidget):
    """The 分年计划 tab: the years side by side (one row each, the year shown selected) above the
    wave chart (that year's column shaded)."""

    year_clicked = Signal(int)
    """A year's row was clicked (its index): the plan page shows that year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Plan | None = None
        self.year_index = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
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
        self.legend = QLabel("")  # which colour is which vendor; the grey machine room; ▶ a move
        self.legend.setObjectName("waveLegend")
        self.legend.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        lower = QWidget()
        lower_lay = QVBoxLayout(lower)
        lower_lay.setContentsMargins(0, 0, 0, 0)
        lower_lay.setSpacing(2)
        lower_lay.addWidget(self.legend)
        lower_lay.addWidget(scroll, 1)
        split.addWidget(lower)
        split.setSizes([130, 500])
        lay.addWidget(split, 1)

    def set_plan(self, plan: Plan | None) -> None:
        """Show a year plan with a solution (None: nothing): one row per year, and the wave chart."""
        self.plan = plan if plan is not None and plan.has_solution and plan.is_year_plan else None
        self.chart.set_plan(self.plan)
        self.legend.setText(self._legend())
        self.model.clear()
        if self.plan is None:
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
        for f in plan_figures(self.plan):
            cells = [
                str(f.year),
                f"{f.cost:,.2f}",
                tr("不设上限") if f.budget is None else f"{f.budget:,.2f}",
                pct(f.xinchuang_share),
                pct(f.xinchuang_target),
                str(f.moves),
                f"{f.one_time_cost or 0.0:,.2f}",
            ]
            items = [QStandardItem(c) for c in cells]
            for item in items[1:]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        rows = self.table.verticalHeader().length() + self.table.horizontalHeader().height()
        self.table.setMinimumHeight(rows + 2 * self.table.frameWidth() + 8)  # every year visible
        self.table.setMaximumHeight(self.table.minimumHeight() + 40)
        self.set_year(min(self.year_index, len(self.plan.years) - 1))

    def _legend(self) -> str:
        """The chart's key: a swatch per vendor in the plan, the machine room, the move mark."""
        if self.plan is None:
            return ""
        used = {b.vendor for b in self.chart.bars if b.vendor}
        swatch = "<span style='color:{c}; font-size:14px'>■</span> {t}"
        parts = [
            swatch.format(c=color, t=esc(vendor))
            for vendor, color in self.chart.vendor_color.items()
            if vendor in used
        ]
        if any(b.vendor is None for b in self.chart.bars):
            parts.append(swatch.format(c=HOME_COLOR, t=esc(tr("自建机房"))))
        parts.append(esc(tr("▶ 该年迁入（左侧粗线）")))
        return "&nbsp;&nbsp;&nbsp;".join(parts)

    def set_year(self, t: int) -> None:
        """Mark year t (chosen on the plan page): its row, its column of the chart."""
        self.year_index = t
        if self.plan is None or not 0 <= t < len(self.plan.years):
            return
        self.table.selectRow(t)
        self.chart.selected_year = self.plan.years[t]
        self.chart.update()

    def selected_year(self) -> int | None:
        return self.plan.years[self.year_index] if self.plan is not None else None
