"""Vendor loss and rule prices on the multi-year model, hand-computed (cases as test_years_rules)."""

from __future__ import annotations

import pytest
from test_years_rules import B, instance, system

from planner.analysis import year_rule_prices, year_vendor_loss
from planner.model import YearRow
from planner.optimize import solve


def test_vendor_loss_and_rule_prices() -> None:
    rows = (
        YearRow(2026),
        YearRow(2027, min_xinchuang_share=1.0),
        YearRow(2028, min_xinchuang_share=1.0),
    )
    inp = instance(system(), rows=rows)
    plan = solve(inp)
    # on A in 2026 (1,000), onto B in 2027 (1,500 + 300 + 200), B in 2028 (1,500)
    assert plan.present_value == pytest.approx(4500)
    loss = {v.vendor: v for v in year_vendor_loss(inp, plan)}
    # without 甲 (A) the system must leave A in 2026: 1,500 + 500, 1,500, 1,500
    assert loss["甲"].present_value == pytest.approx(5000) and loss["甲"].extra == pytest.approx(
        500
    )
    assert loss["乙"].present_value is None  # the 信创 targets cannot be met without 乙
    prices = {p.rule: p for p in year_rule_prices(inp, plan)}
    assert prices["year_xinchuang_share"].saving == pytest.approx(4500 - 3000)
    assert prices["move_once"].saving == pytest.approx(0)
    assert prices["sensitive_data_private"].saving == pytest.approx(0)


def test_move_caps_price() -> None:
    rows = (YearRow(2026, max_moves=0), YearRow(2027), YearRow(2028))
    inp = instance(system(on=B), rows=rows)
    plan = solve(inp)  # stays on B in 2026 (1,500), moves to A in 2027 (1,300), 1,000
    prices = {p.rule: p for p in year_rule_prices(inp, plan)}
    assert prices["max_moves"].saving == pytest.approx(3800 - 3300)


def test_vendor_loss_does_not_impose_the_budgets() -> None:
    """As the single-year vendor-loss test: a year budget that the plan just meets would make
    every loss "no plan"; the figure is the cost without the vendor, budgets aside."""
    rows = (
        YearRow(2026, budget=1000.0),
        YearRow(2027, budget=2000.0, min_xinchuang_share=1.0),
        YearRow(2028, budget=1500.0, min_xinchuang_share=1.0),
    )
    inp = instance(system(), rows=rows)
    plan = solve(inp)
    assert plan.present_value == pytest.approx(4500)  # every year exactly on its budget
    loss = {v.vendor: v for v in year_vendor_loss(inp, plan)}
    # without 甲: 2,000 in 2026 (over its 1,000 budget), 1,500, 1,500
    assert loss["甲"].present_value == pytest.approx(5000) and loss["甲"].extra == pytest.approx(
        500
    )


def test_progress_one_stage_per_re_solve_and_cancel_stops_early() -> None:
    from planner.model import Progress

    rows = (
        YearRow(2026),
        YearRow(2027, min_xinchuang_share=1.0),
        YearRow(2028, min_xinchuang_share=1.0),
    )
    inp = instance(system(), rows=rows)
    plan = solve(inp)
    stages: list[tuple[str, float | None]] = []
    progress = Progress(on_stage=lambda text, f: stages.append((str(text), f)))
    prices = year_rule_prices(inp, plan, progress=progress, span=(0.5, 1.0))
    # one stage per rule priced, numbered, fractions rising inside the span
    assert [s for s, _ in stages] == [
        f"规则代价：放开「{p.label}」（{i}/{len(prices)}）" for i, p in enumerate(prices, 1)
    ]
    fractions = [f for _, f in stages]
    assert (
        fractions == sorted(fractions)
        and fractions[0] == 0.5
        and all(0.5 <= f < 1.0 for f in fractions)
    )
    loss_stages: list[str] = []
    year_vendor_loss(
        inp, plan, progress=Progress(on_stage=lambda text, f: loss_stages.append(text.en))
    )
    assert loss_stages == ["Vendor loss: without '甲' (1/2)", "Vendor loss: without '乙' (2/2)"]
    # cancelled during the first re-solve: that re-solve stops and nothing is made up for it or the rest
    calls: list[int] = []
    stop = Progress(on_stage=lambda text, f: calls.append(1), is_cancelled=lambda: len(calls) >= 1)
    assert year_rule_prices(inp, plan, progress=stop) == []
    assert year_vendor_loss(inp, plan, progress=Progress(is_cancelled=lambda: True)) == []
