"""The 分析 page (pytest-qt, offscreen): tables, charts with the current policy, relaxation buttons."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("PySide6")

from PySide6.QtCharts import QScatterSeries  # noqa: E402

from planner.analysis import analyze  # noqa: E402
from planner.model import (  # noqa: E402
    DataClass,
    Deployment,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    Workload,
)
from ui.app.analysis_page import AnalysisPage  # noqa: E402


def _input(policy: Policy) -> PlanInput:
    plats = (
        Platform("甲云", "私有", Deployment.PRIVATE, False, 3),
        Platform("乙云", "信创", Deployment.PRIVATE, True, 3, 12.0),
        Platform("丙云", "私有", Deployment.PRIVATE, False, 3),
    )
    prices = tuple(
        PriceLine(
            p.vendor,
            p.name,
            r,
            v * (1.3 if p.xinchuang else 1.0) * (0.9 if p.vendor == "丙云" else 1.0),
        )
        for p in plats
        for r, v in (
            ("vcpu", 600.0),
            ("ram_gb", 120.0),
            ("storage_gb", 5.0),
            ("security_l2", 30000.0),
            ("security_l3", 60000.0),
        )
    )
    wls = tuple(
        Workload(
            f"系统{i}",
            "局",
            4.0 * (i + 1),
            8.0,
            100.0,
            0.0,
            DataClass.IMPORTANT,
            2 + i % 2,
            current_vendor="甲云",
            current_platform="私有",
            migration_cost=10000.0 * i,
        )
        for i in range(4)
    )
    return PlanInput(plats, prices, wls, policy)


@pytest.fixture(scope="module")
def feasible_report():  # type: ignore[no-untyped-def]
    return analyze(
        _input(Policy(min_xinchuang_share=0.2, max_vendor_share=0.6, min_vendors=2)),
        sweep_time_limit=None,
    )


@pytest.fixture(scope="module")
def infeasible_report():  # type: ignore[no-untyped-def]
    return analyze(_input(Policy(min_xinchuang_share=0.5)), sweep_time_limit=None)


def test_shows_a_full_report(qtbot, feasible_report) -> None:  # type: ignore[no-untyped-def]
    page = AnalysisPage()
    qtbot.addWidget(page)
    page.set_report(feasible_report)
    rep = feasible_report
    assert page.loss_table.rowCount() == len(rep.vendor_loss) > 0
    assert page.price_table.rowCount() == 4
    assert page.scenario_table.rowCount() == len(rep.scenarios) == 2
    assert page.exit_table.rowCount() == rep.lockin.vendors_used
    assert page.card_hhi.value.text() == f"{rep.lockin.hhi:.3f}"
    assert not page.relax_box.isVisible() and page.relaxation_buttons == []
    for rule, view in page.charts.items():
        chart = view.chart()
        current = [
            s for s in chart.series() if isinstance(s, QScatterSeries) and s.name() == "现行规则"
        ]
        assert len(current) == 1 and current[0].count() == 1, rule  # the current policy is marked
        scale = 1.0 if rule == "min_vendors" else 100.0
        assert current[0].at(0).x() == pytest.approx(rep.tradeoffs[rule].current * scale)
    assert str(rep.resolves) in page.footer.text()


def test_relaxation_buttons_emit(qtbot, infeasible_report) -> None:  # type: ignore[no-untyped-def]
    page = AnalysisPage()
    qtbot.addWidget(page)
    page.show()
    page.set_report(infeasible_report)
    fixes = [r for r in infeasible_report.relaxations if r.value is not None]
    assert fixes and len(page.relaxation_buttons) == len(fixes)
    assert page.relax_box.isVisible()
    target = fixes[0]
    with qtbot.waitSignal(page.relaxationRequested, timeout=2000) as blocker:
        page.relaxation_buttons[0].click()
    assert blocker.args == [target.rule, pytest.approx(target.value)]
    assert page.card_share.value.text() == "—"


@dataclass
class _Outcome:
    plan: object
    input: PlanInput
    relaxations: dict = field(default_factory=dict)


def test_solve_outcome_then_background_run(qtbot) -> None:  # type: ignore[no-untyped-def]
    from planner.optimize import solve

    inp = _input(Policy(min_xinchuang_share=0.2, max_vendor_share=0.6, min_vendors=2))
    page = AnalysisPage()
    qtbot.addWidget(page)
    page.show()
    page.set_report(_Outcome(solve(inp), inp))  # what the main window passes after a solve
    assert page.card_vendors.value.text() != "—"
    assert not any(box.isVisible() for box in page.detail_boxes)  # only a full analysis fills them
    assert page.run_button.isEnabled()
    with qtbot.waitSignal(page.analysisFinished, timeout=60_000) as blocker:
        page.run_button.click()
        assert page.running
    assert not page.running
    assert page.report is blocker.args[0]
    assert page.loss_table.rowCount() > 0
    assert all(box.isVisible() for box in page.detail_boxes)


def test_rule_on_a_named_system_is_priced_under_its_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: a pin is priced by name ("固定 系统1 到 …"), not shown as its key system_rule:0."""
    from dataclasses import replace

    from planner.model import SystemRule, SystemRuleKind

    inp = _input(Policy(min_vendors=1))
    inp = replace(inp, system_rules=(SystemRule(SystemRuleKind.PIN, ("系统1",), "甲云", "私有"),))
    report = analyze(inp, sweep_time_limit=None)
    page = AnalysisPage()
    qtbot.addWidget(page)
    page.set_report(report)
    names = [page.price_table.item(i, 0).text() for i in range(page.price_table.rowCount())]
    assert not any("system_rule" in n for n in names), names
    assert any("系统1" in n for n in names), names
