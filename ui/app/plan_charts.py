"""The 图表 tab of 优化方案: charts a person can read, copy and save.

Vendor costs as horizontal bars (the vendor names on the axis, the amount and share on each
bar), the 信创 split and the cost make-up as pies with their amounts in the legend. Each chart
is at least ``MIN_CHART_HEIGHT`` px high and the tab scrolls rather than squeezing them; each
has 复制图表 and 保存为 PNG… buttons and the same in its context menu.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.app.i18n import tr
from ui.app.widgets import pct

MIN_CHART_HEIGHT = 300
"""No chart is drawn lower than this (issue 22: 220-px strips could not be read)."""
BAR_ROW_HEIGHT = 34
"""Height per vendor bar, so names and labels never overlap however many vendors quote."""

CHART_COLORS = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
]


def new_chart(title: str) -> QChart:
    """An empty chart with the page's title font, no animation (screenshots and tests see the
    final picture at once)."""
    chart = QChart()
    chart.setTitle(title)
    font = chart.titleFont()
    font.setPointSize(font.pointSize() + 1)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def wan_text(amount_yuan: float) -> str:
    """An amount in 万元 with one decimal, as the bars and legends show it."""
    return tr("{v} 万元").format(v=f"{amount_yuan / 10_000:,.1f}")


def vendor_cost_chart(title: str, costs: dict[str, float]) -> QChart:
    """Each vendor's yearly cost as a horizontal bar, dearest at the top; each bar labelled
    with its amount and its share of the total."""
    chart = new_chart(title)
    if not costs:
        return chart
    ordered = sorted(costs.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(c for _, c in ordered) or 1.0
    bars = QBarSet(tr("年度费用"))
    bars.setColor(QColor(CHART_COLORS[0]))
    bars.setLabelColor(QColor("#222222"))
    # a horizontal bar series draws its first category at the bottom: append cheapest first
    for _vendor, cost in reversed(ordered):
        bars.append(round(cost / 10_000, 1))
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setBarWidth(0.6)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    # the label of each bar: the amount and the share (QBarSet labels only know @value, so the
    # category text carries the share and the bar label the amount)
    series.setLabelsFormat(tr("@value 万元"))
    series.setLabelsPrecision(12)
    axis_y = QBarCategoryAxis()
    axis_y.append(
        [
            tr("{vendor}（{share}）").format(vendor=v, share=pct(c / total))
            for v, c in reversed(ordered)
        ]
    )
    font = QFont(axis_y.labelsFont())
    font.setPointSizeF(max(font.pointSizeF(), 9.5))
    axis_y.setLabelsFont(font)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = QValueAxis()
    axis_x.setLabelFormat("%.0f")
    axis_x.setTitleText(tr("万元"))
    # room right of the longest bar for its label
    axis_x.setRange(0, max(c for _, c in ordered) / 10_000 * 1.3)
    axis_x.applyNiceNumbers()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    chart.legend().hide()
    return chart


def pie_chart(
    title: str,
    parts: list[tuple[str, float]],
    *,
    value_text: Callable[[float], str] | None = None,
) -> QChart:
    """Parts of a whole as a pie; the legend names each part with its share and, with
    value_text, its amount (万元, vCPU); parts of zero are left out."""
    chart = new_chart(title)
    series = QPieSeries()
    total = sum(v for _, v in parts) or 1.0
    for i, (name, value) in enumerate(parts):
        if value <= 0:
            continue
        text = f"{name} {pct(value / total)}"
        if value_text is not None:
            text += f"  {value_text(value)}"
        piece = series.append(text, value)
        piece.setColor(QColor(CHART_COLORS[i % len(CHART_COLORS)]))
    series.setPieSize(0.8)
    chart.addSeries(series)
    legend_font = QFont(chart.legend().font())
    legend_font.setPointSizeF(max(legend_font.pointSizeF(), 9.5))
    chart.legend().setFont(legend_font)
    return chart


def save_png(view: QChartView, path: str | os.PathLike[str]) -> Path:
    """The chart as drawn, saved to path as PNG (written beside it, then moved into place, so a
    failed save never leaves half a file). Raises OSError with the reason."""
    target = Path(path)
    if target.suffix.lower() != ".png":
        target = target.with_name(target.name + ".png")
    pixmap = view.grab()
    fd, tmp = tempfile.mkstemp(prefix=".yunce-chart-", suffix=".png", dir=target.parent)
    os.close(fd)
    try:
        if not pixmap.save(tmp, "PNG"):
            raise OSError(tr("无法写入图片：{path}").format(path=target))
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


class ChartCard(QFrame):
    """One chart with its 复制图表 / 保存为 PNG… buttons above it."""

    saved = Signal(str)
    """The path a PNG was saved to (the page shows it in the status bar)."""
    failed = Signal(str)
    """Why a save failed, in the user's language."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"chartCard_{name}")
        self.file_stem = name
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        row = QHBoxLayout()
        row.addStretch(1)
        self.copy_button = QPushButton(tr("复制图表"))
        self.copy_button.setObjectName("copyChart")
        self.copy_button.setToolTip(
            tr("把图表作为图片复制到剪贴板，可直接粘贴到 WPS、其他文档或微信")
        )
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.save_button = QPushButton(tr("保存为 PNG…"))
        self.save_button.setObjectName("saveChartPng")
        self.save_button.setToolTip(tr("把图表保存为 PNG 图片文件"))
        self.save_button.clicked.connect(self.ask_and_save)
        row.addWidget(self.copy_button)
        row.addWidget(self.save_button)
        lay.addLayout(row)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(MIN_CHART_HEIGHT)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        lay.addWidget(self.view, 1)

    def set_chart(self, chart: QChart, height: int = MIN_CHART_HEIGHT) -> None:
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        self.view.setMinimumHeight(max(MIN_CHART_HEIGHT, height))

    def picture(self) -> QPixmap:
        return self.view.grab()

    def copy_to_clipboard(self) -> None:
        QApplication.clipboard().setPixmap(self.picture())

    def ask_and_save(self) -> None:
        start = str(Path.home() / f"{self.file_stem}.png")
        path, _ = QFileDialog.getSaveFileName(
            self, tr("保存图表为 PNG"), start, tr("PNG 图片 (*.png)")
        )
        if not path:
            return
        self.save_to(path)

    def save_to(self, path: str) -> Path | None:
        """Save the chart as PNG at path; tell the user where it went or why it could not."""
        try:
            saved = save_png(self.view, path)
        except OSError as exc:
            reason = tr("图表未保存：{path}：{reason}").format(
                path=path, reason=exc.strerror or str(exc)
            )
            self.failed.emit(reason)
            QMessageBox.warning(self, tr("保存图表"), reason)
            return None
        self.saved.emit(str(saved))
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(tr("图表已保存：{path}").format(path=saved), 8000)
        return saved

    def _menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        menu = QMenu(self)
        menu.addAction(tr("复制图表"), self.copy_to_clipboard)
        menu.addAction(tr("保存为 PNG…"), self.ask_and_save)
        menu.exec(self.view.mapToGlobal(pos))


class ChartsPanel(QScrollArea):
    """The scrolling 图表 tab: the vendor bars, the 信创 pie and the cost make-up pie."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartsPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        grid = QGridLayout(inner)
        self.vendor = ChartCard(tr("各供应商年度费用"))
        self.xinchuang = ChartCard(tr("信创与非信创"))
        self.components = ChartCard(tr("年度费用构成"))
        # one chart a row, the whole width: the pies' legends (share and amount) are never cut
        for row, card in enumerate(self.cards()):
            grid.addWidget(card, row, 0)
        self.empty = QLabel(tr("还没有方案，求解后在此显示图表。"))
        self.empty.setObjectName("chartsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.empty, 3, 0)
        grid.setRowStretch(4, 1)
        self.setWidget(inner)

    def cards(self) -> tuple[ChartCard, ChartCard, ChartCard]:
        return (self.vendor, self.xinchuang, self.components)

    def show_charts(self, shown: bool) -> None:
        for card in self.cards():
            card.setVisible(shown)
        self.empty.setVisible(not shown)

    @staticmethod
    def vendor_height(n_vendors: int) -> int:
        """The vendor chart's height: a row per vendor plus title and axis."""
        return 110 + BAR_ROW_HEIGHT * max(n_vendors, 1)
