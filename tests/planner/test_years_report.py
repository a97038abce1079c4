"""The JSON summary of a year-by-year plan (issue 12): years[] and assignments[].year."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from test_years_rules import instance, system

from planner.model import Policy, YearRow
from planner.optimize import solve
from planner.report import plan_summary

# machine-room systems count in the share (as non-信创): 50% in 2027 is S alone on 信创
RISING = (
    YearRow(2026),
    YearRow(2027, min_xinchuang_share=0.5, budget=2500),
    YearRow(2028, min_xinchuang_share=1.0),
)


def test_years_summary_shape_and_values() -> None:
    inp = instance(
        system("S", contract_end_year=2027), system("M", on=None, earliest_year=2028), rows=RISING
    )
    plan = solve(inp)
    doc = json.loads(json.dumps(plan_summary(plan), ensure_ascii=False))
    assert doc["status"] == "optimal"
    assert [y["year"] for y in doc["years"]] == [2026, 2027, 2028]
    y26, y27, y28 = doc["years"]
    assert set(y27) == {"year", "total_cost", "budget", "xinchuang_share", "vendor_shares", "moves"}
    assert (y26["total_cost"], y27["total_cost"], y28["total_cost"]) == (
        1000.0,
        2000.0,
        1500.0 + 1500.0 + 500.0,
    )
    assert (y26["budget"], y27["budget"], y28["budget"]) == (None, 2500, None)
    assert (y26["xinchuang_share"], y27["xinchuang_share"], y28["xinchuang_share"]) == (
        0.0,
        0.5,
        1.0,
    )
    assert y27["moves"] == [{"workload": "S", "from": "甲/A", "to": "乙/B"}]
    assert y28["moves"] == [{"workload": "M", "from": None, "to": "乙/B"}]
    assert y27["vendor_shares"] == {"乙": 1.0}
    # one assignment per system per year it is on a platform, carrying the year
    assert [
        (a["year"], a["workload"], a["platform"], a["annual_cost"]) for a in doc["assignments"]
    ] == [
        (2026, "S", "A", 1000.0),
        (2027, "S", "B", 2000.0),
        (2028, "S", "B", 1500.0),
        (2028, "M", "B", 2000.0),
    ]
    # the single-year keys hold the first plan year; totals over the horizon are added
    assert (doc["total_annual_cost"], doc["xinchuang_share"], doc["vendors_used"]) == (
        1000.0,
        0.0,
        1,
    )
    assert doc["total_cost"] == pytest.approx(6500.0) and doc["present_value"] == pytest.approx(
        6500.0
    )


def test_infeasible_years_summary_has_nulls_and_reasons() -> None:
    rows = (YearRow(2026), YearRow(2027, min_xinchuang_share=1.0), YearRow(2028, budget=3000))
    inp = replace(
        instance(system(contract_end_year=2027), rows=rows), policy=Policy(budget_annual=1500)
    )
    doc = plan_summary(solve(inp))
    assert doc["status"] == "infeasible"
    assert (
        doc["total_annual_cost"] is None and doc["total_cost"] is None and doc["assignments"] == []
    )
    assert all(y["total_cost"] is None and y["moves"] == [] for y in doc["years"])
    assert [y["budget"] for y in doc["years"]] == [1500, 1500, 3000]
    assert (
        "2027 年 信创目标 100.0% 需要 ¥2,000.00 预算，比 2027 年度预算多 ¥500.00"
        in doc["diagnosis"]
    )


def test_single_year_json_is_unchanged() -> None:
    from planner.optimize import solve

    plan = solve(replace(instance(system()), years=None))
    doc = plan_summary(plan)
    assert doc == plan_summary(plan)
    assert "years" not in doc and all("year" not in a for a in doc["assignments"])
