"""What the XlsxWriter-written workbooks must contain (data/xlsxbook.py and the plan workbook),
read back with openpyxl: cached results on every formula, text that stays text, styles and
layout where the writers put them, and the constant-memory order check."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from data.plan_sheets.style import MONEY, SheetWriter, Styles
from data.plan_sheets.text import text
from data.plan_writer import DEFINED_NAMES, FIRST_ROW, HEAD_ROW, build_plan_workbook
from data.procurement_sheets import sheet_titles
from data.samples import sample_county
from data.xlsx import atomic_save
from data.xlsxbook import Book
from planner.costing import CostModel
from planner.model import Assignment, Plan, PlanInput, SolveStatus
from planner.optimize import solve
from tests.data.test_plan_workbook import INJECTED, injection_input, random_input

NOW = datetime(2026, 1, 2, 3, 4, 5).astimezone()


def cheapest_plan(inp: PlanInput) -> Plan:
    """Every system on its cheapest eligible platform (what the writer gets does not need the rules)."""
    cm = CostModel(inp)
    best = np.where(cm.eligible, cm.total, np.inf).argmin(axis=1)
    return Plan(
        status=SolveStatus.FEASIBLE,
        policy=inp.policy,
        solver="greedy",
        assignments=tuple(
            Assignment(w, inp.platforms[int(j)], cm.breakdown(i, int(j)))
            for i, (w, j) in enumerate(zip(inp.workloads, best, strict=True))
        ),
    )


CASES = {
    "sample": lambda: sample_county(),
    "random200": lambda: random_input(11, 200),
    "random200_instances": lambda: random_input(12, 200, instances=True),
    "injection": lambda: injection_input(),
}


@pytest.fixture(scope="module", params=list(CASES))
def written(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, PlanInput, Plan, Path]:
    inp = CASES[request.param]()
    plan = solve(inp) if request.param in ("sample", "injection") else cheapest_plan(inp)
    assert plan.has_solution
    path = tmp_path_factory.mktemp(request.param) / "plan.xlsx"
    atomic_save(build_plan_workbook(plan, inp=inp, now=NOW), path)
    return request.param, inp, plan, path


def test_every_formula_has_its_cached_result(written: tuple[str, PlanInput, Plan, Path]) -> None:
    name, inp, plan, path = written
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    n = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    n += 1
                    cached = values[ws.title][cell.coordinate].value
                    assert cached is not None and cached != "", (name, ws.title, cell.coordinate)
    assert n > 10 * len(plan.assignments)  # ~13 a system: allocation, check, compare
    # the allocation's annual totals are the engine's, system by system
    alloc = values[text("sheet.alloc")]
    from data.plan_writer import A_TOTAL

    got = [alloc.cell(FIRST_ROW + i, A_TOTAL).value for i in range(len(plan.assignments))]
    assert got == pytest.approx([a.cost.total for a in plan.assignments], abs=0.005)


def test_layout_styles_and_names(written: tuple[str, PlanInput, Plan, Path]) -> None:
    name, inp, plan, path = written
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        text(f"sheet.{k}") for k in ("summary", "alloc", "boq", "check", "compare", "inputs")
    ] + sheet_titles("zh")
    assert set(DEFINED_NAMES) <= set(wb.defined_names)
    summary, alloc = wb.worksheets[0], wb.worksheets[1]
    assert len(summary._charts) == 3
    assert "A3:J3" in {str(r) for r in summary.merged_cells.ranges}  # the conclusion
    assert alloc.freeze_panes == f"C{FIRST_ROW}" and alloc.auto_filter.ref.startswith(
        f"A{HEAD_ROW}:"
    )
    head = alloc.cell(HEAD_ROW, 1)
    assert head.font.b and head.fill.fgColor.rgb.endswith("1F4E78") and head.alignment.wrap_text
    from data.plan_writer import A_TOTAL

    total = alloc.cell(FIRST_ROW, A_TOTAL)
    assert total.number_format == MONEY and total.border.left.style == "thin"
    assert alloc.row_dimensions[HEAD_ROW].height == 45
    if name == "injection":  # input text that looks like a formula stays text, quote-prefixed
        cells = [
            c
            for ws in wb.worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value in INJECTED
        ]
        assert {c.value for c in cells} == set(INJECTED)
        assert all(
            c.data_type == "s" and (c.quotePrefix or not c.value.startswith(("=", "+", "-", "@")))
            for c in cells
        )


def test_sheet_writes_values_as_their_types(tmp_path: Path) -> None:
    book = Book()
    sw = SheetWriter(book.add_sheet("表"), Styles(book))
    sw.value(1, 1, "=1+1")  # input text
    sw.value(1, 2, np.int64(7), "int")  # a numpy number is a number
    sw.value(1, 3, True, "text")
    sw.value(1, 4, float("nan"), "money")  # no NaN in a spreadsheet: a formatted blank
    sw.value(2, 1, "长" * 40000)  # longer than a cell holds: cut as Excel would
    sw.formula(3, 1, "=B1*2", "money", cached=14)
    sw.formula(3, 2, '=IF(C1,"是","否")', "verdict", cached="是")
    sw.formula(3, 3, "=B1", "money")  # no cached result: none is written (not 0)
    sw.merge(4, 1, 4, 3, "合并", "note")
    with pytest.raises(ValueError):
        sw.formula(5, 1, "B1", "money")  # a formula is ours and starts with '='
    atomic_save(book, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["表"]
    cached = openpyxl.load_workbook(tmp_path / "t.xlsx", data_only=True)["表"]
    assert ws["A1"].value == "=1+1" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert ws["B1"].value == 7 and ws["B1"].number_format == "#,##0"
    assert ws["C1"].value is True
    assert ws["D1"].value is None and ws["D1"].number_format == MONEY
    assert ws["A2"].value == "长" * 32767
    assert ws["A3"].value == "=B1*2" and cached["A3"].value == 14
    assert cached["B3"].value == "是" and cached["C3"].value is None
    assert "A4:C4" in {str(r) for r in ws.merged_cells.ranges} and ws["A4"].value == "合并"


def test_a_book_is_saved_once(tmp_path: Path) -> None:
    book = Book()
    book.add_sheet("a").value(1, 1, 1)
    book.save(tmp_path / "a.xlsx")
    with pytest.raises(RuntimeError):
        book.save(tmp_path / "b.xlsx")


def test_constant_memory_refuses_a_row_above_the_last(tmp_path: Path) -> None:
    """In constant-memory mode a row is on disk once the next begins: writing above it would be
    lost silently, so the Sheet refuses it."""
    book = Book(constant_memory=True)
    sheet = book.add_sheet("s")
    sheet.value(1, 1, "a")
    sheet.value(3, 2, 3.0)
    sheet.value(3, 1, "same row: fine")
    with pytest.raises(ValueError, match="row 2"):
        sheet.value(2, 1, "lost")
    sw = SheetWriter(book.add_sheet("t"), Styles(book))
    sw.value(5, 1, 1, "int")
    with pytest.raises(ValueError):
        sw.value(4, 1, 1, "int")
    book.save(tmp_path / "c.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx")["s"]
    assert (ws["A1"].value, ws["A3"].value, ws["B3"].value) == ("a", "same row: fine", 3)
