"""The 优化方案 page on plans of any number of years, on hand-computed instances: the year selector
(shown with more than one year) drives the cards, the 分配方案 table and the charts; one year is the
single-year page; each year's vendor terms beside the selector; 为什么这样分配 prices each platform as
the year model does (ui.app.plan_why, one function for plain and year plans)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planner"))
from test_years_rules import A, B, instance, system  # noqa: E402

from planner.milp import RETIRED  # noqa: E402
from planner.model import YearRow  # noqa: E402
from planner.optimize import solve  # noqa: E402


def _rising():  # type: ignore[no-untyped-def]
    rows = (
        YearRow(2026),
        YearRow(2027, min_xinchuang_share=0.5),
        YearRow(2028, min_xinchuang_share=1.0),
    )
    return instance(
        system("S", contract_end_year=2027),
        system("M", on=None, earliest_year=2028),
        system("R", on=B, retire_year=2028),
        rows=rows,
    )


def _table(page) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    m = page.model
    return sorted(
        (
            m.index(r, m.column("name")).data(),
            m.index(r, m.column("platform")).data(),
            m.index(r, m.column("total")).data(),
        )
        for r in range(m.rowCount())
    )


def test_plan_page_year_selector_drives_cards_and_table(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Hand-computed: S (x86 A, contract to 2027) moves to B in 2027 (1,500 + 300 + 200); M joins the
    cloud in 2028 (on A, 1,000 + 300 migration); R (on B) retires in 2028."""
    from ui.app.plan_page import PlanPage
    from ui.app.solve_child import SolveOutcome

    inp = _rising()
    yp = solve(inp)
    page = PlanPage()
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show_outcome(SolveOutcome(yp.year_plans[0], inp, years=yp))
    sel = page.year_selector
    assert not page.year_row.isHidden()
    assert [sel.itemData(i) for i in range(sel.count())] == [2026, 2027, 2028]
    hand = {
        2026: (2500.0, [("R", "B", "1,500.00"), ("S", "A", "1,000.00")]),
        2027: (3500.0, [("R", "B", "1,500.00"), ("S", "B", "2,000.00")]),
    }
    for t, y in enumerate(yp.years):
        sel.setCurrentIndex(t)
        assert page.selected_year() == y
        # the year's systems, from the plan's locations (not from the year plans the page shows)
        on = sorted(
            (wl.name, inp.platforms[j].name)
            for wl, locs in zip(inp.workloads, yp.locations, strict=True)
            if (j := locs[t]) >= 0
        )
        assert [(n, p) for n, p, _ in _table(page)] == on
        assert page.cost_card.title.text() == f"{y} 年费用"
        assert page.cost_card.value.text() == f"¥{yp.year_cost(t):,.2f}"
        assert (
            page.model.headerData(page.model.column("total"), Qt.Orientation.Horizontal)
            == f"{y} 年费用"
        )
        if y in hand:
            assert yp.year_cost(t) == pytest.approx(hand[y][0]) and _table(page) == hand[y][1]
        share = sum(
            w.vcpu
            for w, locs in zip(inp.workloads, yp.locations, strict=True)
            if locs[t] >= 0 and inp.platforms[locs[t]].xinchuang
        )
        active = sum(
            w.vcpu
            for w, locs in zip(inp.workloads, yp.locations, strict=True)
            if locs[t] != RETIRED
        )
        assert page.xc_card.value.text() == f"{share / active * 100:.1f}%"
        assert str(y) in page.vendor_chart.chart().title()
    sel.setCurrentIndex(2)
    assert yp.year_cost(2) == pytest.approx(
        1500 + 1500 + 300 + 200
    )  # 2028 target 100 %: M lands on B
    moved = page.model.column("moved")
    flags = {
        page.model.index(r, 0).data(): page.model.index(r, moved).data()
        for r in range(page.model.rowCount())
    }
    assert flags == {"S": "", "M": "是"}
    page.waves.year_clicked.emit(1)  # a row of the 分年计划 tab's year table
    assert page.selected_year() == 2027 and page.cost_card.value.text() == "¥3,500.00"
    # a single-year plan: no selector, cards as before
    single = replace(inp, years=None, workloads=inp.workloads[:1])
    plan = solve(single)
    page.show_outcome(SolveOutcome(plan, single))
    assert page.year_row.isHidden() and page.selected_year() is None
    assert page.cost_card.title.text() == "年度总费用" and page.model.columnCount() == len(
        page.model.KEYS
    )
    assert page.cost_card.value.text() == f"¥{plan.total_annual_cost:,.2f}"


def test_plan_page_year_selector_only_with_more_than_one_year(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A 年度计划 of one year is a plan of one year: no selector, its cards are that year's.
    Hand-computed: S on A (10 vCPU × 100) and M on A from the machine room (1,000 + 300 migration)."""
    from ui.app.plan_page import PlanPage
    from ui.app.solve_child import SolveOutcome

    inp = instance(system("S"), system("M", on=None), rows=(YearRow(2026),))
    yp = solve(inp)
    assert yp.years == (2026,) and yp.year_costs == pytest.approx((2300,))
    page = PlanPage()
    qtbot.addWidget(page)
    page.show_outcome(SolveOutcome(yp.year_plans[0], inp, years=yp))
    assert page.year_row.isHidden() and page.selected_year() == 2026
    assert page.cost_card.value.text() == "¥2,300.00"
    assert _table(page) == [("M", "A", "1,300.00"), ("S", "A", "1,000.00")]


def test_plan_page_shows_each_years_vendor_terms_beside_the_selector(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Hand-computed: S1 on 甲/A all three years (1,000 a year) and S2 joining 乙/B in 2027; 乙 bills
    ¥1,500 a year, has a ¥900 开通费 (charged in full in 2027, its first year of use) and 9 折 from
    ¥1,000 of spend (−¥150 a year from 2027)."""
    from planner.model import Discount, DiscountKind
    from ui.app.plan_page import PlanPage
    from ui.app.solve_child import SolveOutcome

    inp = instance(system("S1"), system("S2", on=None, earliest_year=2027))
    inp = replace(
        inp,
        platforms=(A, replace(B, xinchuang=False)),
        prices=(inp.prices[0], replace(inp.prices[1], setup_fee=900.0)),
        discounts=(Discount("乙", DiscountKind.VOLUME, 0.9, 1000.0),),
    )
    # S2 may only go to 乙 (甲 is at capacity with S1)
    inp = replace(inp, platforms=(replace(A, capacity_vcpu=10.0), inp.platforms[1]))
    yp = solve(inp)
    assert yp.year_costs == pytest.approx((1000, 1000 + 1500 + 300 - 150 + 900, 1000 + 1500 - 150))
    page = PlanPage()
    qtbot.addWidget(page)
    page.show_outcome(SolveOutcome(yp.year_plans[0], inp, years=yp))
    assert (
        "最优方案" in page.banner.text() and "供应商条款" not in page.banner.text()
    )  # about the whole horizon
    page.year_selector.setCurrentIndex(0)
    assert "供应商条款" not in page.year_note.text()  # 乙 hosts nothing in 2026
    page.year_selector.setCurrentIndex(1)
    assert (
        "2027 年各系统合计 ¥2,800.00，另按供应商条款：乙 阶梯折扣 −¥150.00；乙 开通费（首年使用）+¥900.00。"
        in page.year_note.text()
    )
    page.year_selector.setCurrentIndex(2)
    assert (
        "2028 年各系统合计 ¥2,500.00，另按供应商条款：乙 阶梯折扣 −¥150.00。"
        in page.year_note.text()
    )


def test_side_panel_prices_each_platform_as_the_year_model_does() -> None:
    """甲 bills 9 折 (期限折扣): the 10-vCPU system costs ¥900.00 a year on 甲/A, ¥1,500.00 on 乙/B —
    the panel lists what the route model charges, not the list price; names stay text."""
    from planner.model import Discount, DiscountKind
    from ui.app.plan_why import why_html

    inp = replace(
        instance(system("S<b>")), discounts=(Discount("甲", DiscountKind.TERM, 0.9, 1.0),)
    )
    yp = solve(inp)
    assert yp.year_costs == pytest.approx((900, 900, 900))
    html = why_html(yp, 1, "S<b>", yp.year_plans[1].cost_model)
    assert "¥900.00" in html and "¥1,500.00" in html and "¥1,000.00" not in html
    assert "S&lt;b&gt;" in html and "S<b>" not in html


def test_side_panel_of_a_plain_plan_is_the_same_function() -> None:
    """A plain workbook's plan (no 年度计划), hand-computed: S (10 vCPU, on 甲/A) costs ¥1,000.00 a
    year there and on 乙/B 1,500 + (300 migration + 200 adaptation) / 3 years = ¥1,666.67; S stays on
    A, the cheapest, so no rule needs finding; no year route and no year wording."""
    from ui.app.plan_why import has_cheaper_platform, why_html

    inp = replace(instance(system("S")), years=None)
    plan = solve(inp)
    assert not plan.is_year_plan and plan.total_annual_cost == pytest.approx(1000)
    cm = plan.cost_model
    assert cm is not None and not has_cheaper_platform(plan, 0, "S", cm)
    html = why_html(plan, 0, "S", cm)
    assert plan.policy.horizon_years == 3
    assert "甲/A ✔" in html and "¥1,000.00" in html and "¥1,666.67" in html
    assert "年度 ¥1,000.00" in html and "在各年的位置" not in html and "正在查找" not in html
    # forced onto the dearer platform by a capacity of 0 on A, B is its only platform
    only_b = replace(inp, platforms=(replace(A, capacity_vcpu=0.0), B))
    plan_b = solve(only_b)
    html_b = why_html(plan_b, 0, "S", plan_b.cost_model)
    assert "乙/B ✔" in html_b and "年度 ¥1,666.67" in html_b
    assert "迁移分摊 ¥100.00" in html_b and "信创适配分摊 ¥66.67" in html_b
