"""The JSON plan summary (planner/report.py, docs/DESIGN.md §3)."""

from __future__ import annotations

import json

from test_constraints import CAIWU, JIA, YI, instance

from planner.optimize import solve
from planner.report import plan_summary


def test_infeasible_summary_has_null_totals_and_shares_not_zero() -> None:
    # 财务 costs 400 on 甲 (cheapest): a budget of 300 leaves no plan
    plan = solve(instance([JIA, YI], [CAIWU], budget_annual=300.0))
    doc = json.loads(json.dumps(plan_summary(plan)))
    assert doc["status"] == "infeasible"
    for key in ("total_annual_cost", "xinchuang_share", "vendor_shares", "vendors_used"):
        assert doc[key] is None, key
    assert doc["budget_annual"] == 300.0 and doc["assignments"] == []
    assert any("年度预算" in d for d in doc["diagnosis"])


def test_feasible_summary_keeps_numbers() -> None:
    plan = solve(instance([JIA, YI], [CAIWU], budget_annual=500.0))
    doc = plan_summary(plan)
    assert doc["total_annual_cost"] == 400.0 and doc["xinchuang_share"] == 0.0
    assert doc["vendor_shares"] == {"天翼云": 1.0} and doc["vendors_used"] == 1
