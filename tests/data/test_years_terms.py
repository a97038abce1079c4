"""A year plan input with issue-13 terms (折扣, 指定规则, step prices, 最低消费, 开通费, 性能系数) is read
and planned with them (it used to be refused): the workbook, the CLI and solve_years each term."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from data.samples import sample_county, sample_county_years
from data.workbook import read_workbook
from planner.model import SolveStatus
from planner.optimize import solve
from ui.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "sample_county.xlsx"


def _with_years_sheet(tmp_path: Path) -> Path:
    """The single-year sample (with its 折扣 and 指定规则 sheets) plus a 年度计划 sheet."""
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb.create_sheet("年度计划")
    ws.append(["年份", "年度预算", "信创最低占比"])
    for year in (2026, 2027, 2028):
        ws.append([year, 9_000_000, 0.35])
    path = tmp_path / "with_terms_years.xlsx"
    wb.save(path)
    return path


def test_year_sample_has_no_terms_single_year_sample_has_them() -> None:
    single, years = sample_county(), sample_county_years()
    assert single.discounts and single.system_rules and single.years is None
    assert not years.discounts and not years.system_rules and years.years is not None


def test_workbook_with_years_and_terms_is_read_with_them(tmp_path: Path) -> None:
    inp = read_workbook(_with_years_sheet(tmp_path))
    assert inp.years is not None and inp.discounts and inp.system_rules


def test_cli_plans_a_year_workbook_with_terms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_years_sheet(tmp_path)
    code = main(["plan", str(path), "--json", "-"])
    out = capsys.readouterr().out
    assert code == 0, out
    summary = json.loads(out)
    assert summary["status"] == "optimal" and len(summary["years"]) == 3
    # the sample's 移动云 has volume tiers: each year carries its vendor terms, and its total includes them
    for y in summary["years"]:
        assert "vendor_terms" in y
        rows = [a for a in summary["assignments"] if a["year"] == y["year"]]
        adjust = sum(t["adjustment"] for t in y["vendor_terms"])
        assert y["total_cost"] == pytest.approx(
            sum(a["annual_cost"] for a in rows) + adjust, abs=0.05
        )


@pytest.mark.parametrize("kind", ["discounts", "system_rules", "step", "minimum", "setup", "perf"])
def test_solve_years_plans_each_term(kind: str) -> None:
    base, single = sample_county_years(), sample_county()
    line = base.prices[0]
    if kind == "discounts":
        inp = replace(base, discounts=single.discounts)
    elif kind == "system_rules":
        inp = replace(base, system_rules=single.system_rules)
    elif kind == "step":
        inp = replace(base, prices=(replace(line, max_qty=5.0), *base.prices[1:]))
    elif kind == "minimum":
        inp = replace(base, prices=(replace(line, min_annual=100_000.0), *base.prices[1:]))
    elif kind == "setup":
        inp = replace(base, prices=(replace(line, setup_fee=50_000.0), *base.prices[1:]))
    else:
        p = base.platforms[0]
        inp = replace(base, platforms=(replace(p, perf_factor=1.2), *base.platforms[1:]))
    free = replace(
        inp,
        policy=replace(inp.policy, budget_annual=None),
        years=replace(
            inp.years,
            years=tuple(  # type: ignore[arg-type]
                replace(r, budget=None) for r in inp.years.years
            ),
        ),
    )  # type: ignore[union-attr]
    plan = solve(free, diagnose=False)
    assert plan.status is SolveStatus.OPTIMAL
