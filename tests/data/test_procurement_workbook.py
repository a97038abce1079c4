"""The procurement sheets of the plan workbooks (data/procurement_sheets.py), recalculated by
LibreOffice: every formula gives the engine's figure, and editing a threshold on the 采购标准
sheet changes the methods."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest

from data.plan_writer import write_plan_workbook
from data.procurement_sheets import C_AMOUNT, C_METHOD, C_NOTE, C_ORG, HEAD_ROW
from data.samples import sample_county
from planner.model import Plan, PlanInput
from planner.optimize import solve
from planner.procurement import plan_procurement

PLAN_SHEETS = ("采购标准", "采购实施计划", "采购意向公开")


@pytest.fixture(scope="module")
def sample() -> tuple[PlanInput, Plan]:
    inp = sample_county()
    return inp, solve(inp)


def _compare(written: Path, recalculated: Path, sheets: Sequence[str]) -> int:
    """Every formula cell of sheets: LibreOffice's result equals the cached (engine) value."""
    formulas = openpyxl.load_workbook(written)
    cached = openpyxl.load_workbook(written, data_only=True)
    lo = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for name in sheets:
        for row in formulas[name].iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                ours = cached[name][cell.coordinate].value
                theirs = lo[name][cell.coordinate].value
                if isinstance(ours, int | float) and not isinstance(ours, bool):
                    assert theirs == pytest.approx(ours, abs=0.005), (name, cell.coordinate)
                else:
                    assert str(theirs) == str(ours), (name, cell.coordinate, cell.value)
                checked += 1
    return checked


def test_plan_workbook_procurement_sheets_recalculate_to_the_engine(
    tmp_path: Path,
    recalc: Callable[[Sequence[Path], Path], list[Path]],
    sample: tuple[PlanInput, Plan],
) -> None:
    inp, plan = sample
    report = plan_procurement(plan, inp)
    zh = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
    en = write_plan_workbook(plan, tmp_path / "plan_en.xlsx", inp=inp, lang="en")
    out_zh, out_en = recalc([zh, en], tmp_path / "lo")
    assert _compare(zh, out_zh, PLAN_SHEETS) > 10 * len(report.lots)
    en_sheets = ("procurement standards", "procurement plan", "procurement intentions")
    assert _compare(en, out_en, en_sheets) > 10 * len(report.lots)
    ws = openpyxl.load_workbook(out_zh, data_only=True)["采购实施计划"]
    for i, lot in enumerate(report.lots):
        r = HEAD_ROW + 1 + i
        assert ws.cell(r, C_AMOUNT).value == pytest.approx(lot.amount, abs=0.005)
    # the sample's four vendor lots are each under 200万 but 318.3万 together: flagged
    flagged = [x for x in report.lots if x.warning]
    assert len(flagged) == 4 and report.warnings and report.warnings[0].avoids_tender
    notes = [ws.cell(HEAD_ROW + 1 + i, C_NOTE).value for i in range(len(report.lots))]
    assert sum("化整为零风险" in n for n in notes) == 4


def _set_standard(path: Path, out: Path, **values: object) -> Path:
    """Type values into the 采购标准 sheet as a finance officer would (column B by its label)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["采购标准"]
    for row in ws.iter_rows(min_row=5):
        label = str(row[0].value or "")
        for key, value in values.items():
            if label.startswith(key):
                row[1].value = value
    wb.save(out)
    return out


def test_editing_a_threshold_changes_the_methods(
    tmp_path: Path,
    recalc: Callable[[Sequence[Path], Path], list[Path]],
    sample: tuple[PlanInput, Plan],
) -> None:
    inp, plan = sample
    report = plan_procurement(plan, inp)
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
    amounts = [x.amount for x in report.lots]
    # a province with 公开招标 from 100万 and 分散采购限额 at 100万
    edited = _set_standard(
        path, tmp_path / "edited.xlsx", 公开招标数额标准=1_000_000, 分散采购限额标准=1_000_000
    )
    three_years = _set_standard(path, tmp_path / "term3.xlsx", 合同年限=3)
    out_edit, out_term = recalc([edited, three_years], tmp_path / "lo")
    ws = openpyxl.load_workbook(out_edit, data_only=True)["采购实施计划"]
    methods = [ws.cell(HEAD_ROW + 1 + i, C_METHOD).value for i in range(len(amounts))]
    orgs = [ws.cell(HEAD_ROW + 1 + i, C_ORG).value for i in range(len(amounts))]
    expected = ["公开招标" if a >= 1_000_000 else "不属于政府采购" for a in amounts]
    assert methods == expected and methods != [x.method for x in report.lots]
    assert orgs == ["分散采购" if a >= 1_000_000 else "单位按内部制度自行采购" for a in amounts]
    assert "公开招标" in methods and "不属于政府采购" in methods
    # a 3-year term triples each cloud lot's annual fee: every vendor lot ≥ 200万 is tendered
    ws = openpyxl.load_workbook(out_term, data_only=True)["采购实施计划"]
    for i, lot in enumerate(report.lots):
        r = HEAD_ROW + 1 + i
        cloud = lot.kind.value == "cloud"
        want = lot.packages[0].annual * 3 + lot.packages[0].one_time if cloud else lot.amount
        assert ws.cell(r, C_AMOUNT).value == pytest.approx(want, abs=0.005)
        tender = want >= 2_000_000
        assert (ws.cell(r, C_METHOD).value == "公开招标") == tender


@pytest.fixture(scope="module")
def sample_years() -> object:
    from data.samples import sample_county_years

    plan = solve(sample_county_years())
    assert plan.has_solution
    return plan


def test_year_workbook_lots_per_year_and_bill_of_quantities(
    tmp_path: Path,
    recalc: Callable[[Sequence[Path], Path], list[Path]],
    sample_years: object,
) -> None:
    from data.plan_writer import write_plan_workbook

    yplan: object = sample_years
    report = plan_procurement(yplan)
    assert report.by_year
    years = tuple(yplan.years)  # type: ignore[attr-defined]
    # contract term 1: one cloud lot per vendor per year it is used, one migration lot per year
    # with moves; each cloud lot is that vendor's bill that year less the one-time costs
    for t, year in enumerate(years):
        yp = yplan.year_plans[t]  # type: ignore[attr-defined]
        lots = {x.vendors[0]: x for x in report.lots if x.year == year and x.vendors}
        assert set(lots) == {a.platform.vendor for a in yp.assignments}
        for vendor, lot in lots.items():
            one_time = sum(
                a.cost.migration_annual + a.cost.adaptation_annual
                for a in yp.assignments
                if a.platform.vendor == vendor
            )
            assert lot.amount == pytest.approx(yp.vendor_costs[vendor] - one_time, abs=0.01)
        moves = sum(m.migration_cost + m.adaptation_cost for m in yplan.moves[t])  # type: ignore[attr-defined]
        mig = [x for x in report.lots if x.year == year and not x.vendors]
        assert (mig[0].amount if mig else 0.0) == pytest.approx(moves, abs=0.01)
    path = write_plan_workbook(yplan, tmp_path / "years.xlsx")
    (out,) = recalc([path], tmp_path / "lo")
    assert _compare(path, out, (*PLAN_SHEETS, "采购清单（分年）")) > 10 * len(report.lots)
    ws = openpyxl.load_workbook(out, data_only=True)["采购清单（分年）"]
    totals = {
        int(r[0]): r[5]
        for r in ws.iter_rows(min_row=4, values_only=True)
        if r[3] and "年合计" in str(r[3])
    }
    for t, year in enumerate(years):
        yp = yplan.year_plans[t]  # type: ignore[attr-defined]
        one_time = sum(a.cost.migration_annual + a.cost.adaptation_annual for a in yp.assignments)
        assert totals[year] == pytest.approx(yp.total_annual_cost - one_time, abs=0.01)
