"""Issue 22 point 2: the plan's charts are readable at 1280×720 (vendor names on the axis, value
labels, ≥ 260 px each, the tab scrolls) and can be copied and saved as PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries, QPieSeries
from PySide6.QtGui import QFontMetrics, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.app.plan_charts import MIN_CHART_HEIGHT


@pytest.fixture
def charts(qtbot, sample_window):  # type: ignore[no-untyped-def]
    w = sample_window
    w.resize(1280, 720)
    w.show()
    with qtbot.waitSignal(w.solve_finished, timeout=120_000):
        assert w.solve()
    w.show_page("plan:charts")
    qtbot.waitUntil(lambda: w.plan_page.charts_panel.vendor.view.height() > 0)
    return w


def test_every_chart_is_tall_enough_and_the_tab_scrolls(charts) -> None:  # type: ignore[no-untyped-def]
    panel = charts.plan_page.charts_panel
    assert MIN_CHART_HEIGHT >= 260
    for card in panel.cards():
        assert card.isVisible()
        assert card.view.height() >= 260, card.objectName()
        assert card.view.width() >= 400, card.objectName()
    # at 1280×720 the three charts do not fit the tab: it scrolls instead of squeezing them
    assert panel.verticalScrollBar().maximum() > 0
    panel.ensureWidgetVisible(panel.components)
    assert panel.verticalScrollBar().value() > 0


def test_vendor_chart_names_every_vendor_with_its_cost_and_share(charts) -> None:  # type: ignore[no-untyped-def]
    plan = charts.session.plan
    chart = charts.plan_page.vendor_chart.chart()
    (series,) = chart.series()
    assert isinstance(series, QHorizontalBarSeries)
    assert series.isLabelsVisible() and "万元" in series.labelsFormat()
    (axis,) = [a for a in chart.axes() if isinstance(a, QBarCategoryAxis)]
    names = axis.categories()
    total = sum(plan.vendor_costs.values())
    # dearest at the top: the category axis runs bottom-up
    expected = sorted(plan.vendor_costs.items(), key=lambda kv: -kv[1])
    assert len(names) == len(expected) == len(plan.vendor_costs) >= 2
    for (vendor, cost), name in zip(reversed(expected), names, strict=True):
        assert name.startswith(vendor)
        assert f"{cost / total * 100:.1f}%" in name
    bars = series.barSets()[0]
    values = [bars.at(i) for i in range(bars.count())]
    assert values == [round(c / 10_000, 1) for _, c in reversed(expected)]
    # the names have room: the plot area starts right of the longest name
    metrics = QFontMetrics(axis.labelsFont())
    longest = max(metrics.horizontalAdvance(n) for n in names)
    assert chart.plotArea().left() >= longest
    # and the value axis leaves room right of the longest bar for its label
    (value_axis,) = [a for a in chart.axes() if a is not axis]
    assert value_axis.max() >= max(values) * 1.2


def test_pies_show_shares_and_amounts(charts) -> None:  # type: ignore[no-untyped-def]
    plan = charts.session.plan
    run = sum(a.cost.run_cost for a in plan.assignments)
    (pie,) = charts.plan_page.component_chart.chart().series()
    assert isinstance(pie, QPieSeries)
    labels = [s.label() for s in pie.slices()]
    total = sum(s.value() for s in pie.slices())
    assert labels[0].startswith("资源 ") and f"{run / 10_000:,.1f} 万元" in labels[0]
    assert f"{run / total * 100:.1f}%" in labels[0]
    (xc,) = charts.plan_page.xc_chart.chart().series()
    xc_labels = [s.label() for s in xc.slices()]
    assert any(f"{plan.xinchuang_vcpu:,.0f} vCPU" in t for t in xc_labels)


def test_copy_chart_puts_the_picture_on_the_clipboard(qtbot, charts) -> None:  # type: ignore[no-untyped-def]
    card = charts.plan_page.charts_panel.vendor
    QGuiApplication.clipboard().clear()
    card.copy_button.click()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull()
    ratio = card.view.devicePixelRatioF()
    assert image.width() == round(card.view.width() * ratio)
    assert image.height() == round(card.view.height() * ratio)


def test_save_as_png_writes_the_chart(qtbot, charts, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    card = charts.plan_page.charts_panel.components
    folder = tmp_path / "图表"
    folder.mkdir()
    target = folder / "费用构成"  # no suffix: .png is added
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PNG 图片 (*.png)")
    )
    with qtbot.waitSignal(card.saved) as saved:
        card.save_button.click()
    path = Path(saved.args[0])
    assert path == target.with_name("费用构成.png")
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= card.view.width()
    assert "图表已保存" in charts.statusBar().currentMessage()
    assert [p.name for p in folder.iterdir()] == ["费用构成.png"]  # no temporary file left


def test_a_failed_save_says_why_and_leaves_nothing(qtbot, charts, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    card = charts.plan_page.charts_panel.vendor
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    missing = tmp_path / "没有这个文件夹" / "图.png"
    with qtbot.waitSignal(card.failed):
        assert card.save_to(str(missing)) is None
    assert warned and str(missing) in warned[0]
    assert not missing.parent.exists()
