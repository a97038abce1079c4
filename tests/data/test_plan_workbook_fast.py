"""The fast plan-workbook path (cells held as tuples, XML written directly) gives the very
cells the plain openpyxl path gives (issue 11, item 4)."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from data.plan_sheets.fastxlsx import fast_save
from data.plan_sheets.lazy import LazyWorksheet, pending
from data.plan_sheets.style import SheetWriter, Styles
from data.plan_writer import build_plan_workbook
from data.samples import sample_county
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
    "sample": lambda: (sample_county(), None),
    "random200": lambda: (random_input(11, 200), None),
    "random200_instances": lambda: (random_input(12, 200, instances=True), None),
    "injection": lambda: (injection_input(), None),
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request: pytest.FixtureRequest) -> tuple[str, PlanInput, Plan]:
    inp, _ = CASES[request.param]()
    plan = solve(inp) if request.param in ("sample", "injection") else cheapest_plan(inp)
    assert plan.has_solution
    return request.param, inp, plan


def _materialized(plan: Plan, inp: PlanInput) -> Workbook:
    """The workbook with every cell an openpyxl Cell (as the writer built it before issue 11)."""
    wb = build_plan_workbook(plan, inp=inp, now=NOW)
    for ws in wb.worksheets:
        assert isinstance(ws._cells, dict)  # any access turns the pending tuples into Cells
        assert not pending(ws)
    return wb


def test_fast_path_writes_the_same_bytes_as_real_cells(
    case: tuple[str, PlanInput, Plan], tmp_path: Path
) -> None:
    name, inp, plan = case
    lazy = build_plan_workbook(plan, inp=inp, now=NOW)
    alloc = lazy.worksheets[1]
    waiting = sum(len(cols) for cols in (pending(alloc) or {}).values())
    assert isinstance(alloc, LazyWorksheet) and waiting >= 20 * len(
        plan.assignments
    )  # the fast path ran
    fast_save(lazy, str(tmp_path / "lazy.xlsx"))
    fast_save(_materialized(plan, inp), str(tmp_path / "cells.xlsx"))
    with (
        zipfile.ZipFile(tmp_path / "lazy.xlsx") as a,
        zipfile.ZipFile(tmp_path / "cells.xlsx") as b,
    ):
        assert sorted(a.namelist()) == sorted(b.namelist())
        for part in a.namelist():
            if part.startswith("docProps/"):  # the save time
                continue
            assert a.read(part) == b.read(part), (name, part)
        assert b"</f><v>" in a.read("xl/worksheets/sheet2.xml")  # cached results on the formulas


def _cell_view(cell: openpyxl.cell.cell.Cell) -> tuple[object, ...]:
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        repr(cell.font),
        repr(cell.fill),
        repr(cell.border),
        repr(cell.alignment),
        repr(cell.protection),
        cell.quotePrefix,
    )


def test_every_cell_matches_the_plain_openpyxl_save(
    case: tuple[str, PlanInput, Plan], tmp_path: Path
) -> None:
    """Loaded with openpyxl: value or formula, number format, font, fill, border, alignment of every cell."""
    name, inp, plan = case
    fast_save(
        build_plan_workbook(plan, inp=inp, now=NOW), str(tmp_path / "fast.xlsx")
    )  # as write_plan_workbook
    _materialized(plan, inp).save(
        tmp_path / "plain.xlsx"
    )  # openpyxl's own writer, no fast path at all
    fast, plain = (
        openpyxl.load_workbook(tmp_path / "fast.xlsx"),
        openpyxl.load_workbook(tmp_path / "plain.xlsx"),
    )
    assert fast.sheetnames == plain.sheetnames
    assert {n: str(d.value) for n, d in fast.defined_names.items()} == {
        n: str(d.value) for n, d in plain.defined_names.items()
    }
    checked = 0
    for ws_fast, ws_plain in zip(fast.worksheets, plain.worksheets, strict=True):
        assert ws_fast.dimensions == ws_plain.dimensions, (name, ws_fast.title)
        assert ws_fast.merged_cells.ranges == ws_plain.merged_cells.ranges
        assert (
            ws_fast.freeze_panes == ws_plain.freeze_panes
            and ws_fast.auto_filter.ref == ws_plain.auto_filter.ref
        )
        assert len(ws_fast._charts) == len(ws_plain._charts)
        for row_fast, row_plain in zip(ws_fast.iter_rows(), ws_plain.iter_rows(), strict=True):
            for a, b in zip(row_fast, row_plain, strict=True):
                assert _cell_view(a) == _cell_view(b), (name, ws_fast.title, a.coordinate)
                checked += a.value is not None
        for r, dim in ws_plain.row_dimensions.items():
            assert ws_fast.row_dimensions[r].height == dim.height
        for c, dim in ws_plain.column_dimensions.items():
            assert (ws_fast.column_dimensions[c].width, ws_fast.column_dimensions[c].hidden) == (
                dim.width,
                dim.hidden,
            )
    assert checked > 20 * len(plan.assignments)
    if name == "injection":  # input text that looks like a formula stays text in the fast file too
        texts = {
            c.value
            for ws in fast.worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str)
        }
        assert set(INJECTED) <= texts
        alloc = fast.worksheets[1]
        cell = next(c for row in alloc.iter_rows() for c in row if c.value == INJECTED[0])
        assert cell.data_type == "s" and cell.quotePrefix


def _sheet(lazy: bool) -> tuple[Workbook, SheetWriter]:
    wb = Workbook()
    return wb, SheetWriter(wb.active, Styles(wb, lazy=lazy))


def _fill(sw: SheetWriter) -> None:
    sw.value(1, 1, "标题", "title")
    sw.ws.merge_cells("A2:D2")  # merging makes real Cells in the middle of the lazy ones
    sw.value(2, 1, "说明 " * 3, "note")
    sw.value(3, 2, np.int64(7), "int")  # not a plain Python number: written as a real Cell at once
    sw.value(3, 1, 1.5, "money")
    sw.value(3, 3, "=1+1")  # input text
    sw.value(3, 4, True, "text")
    sw.value(4, 1, None, "tot_text")
    sw.formula(4, 2, "=SUM(A3:A3)", "tot_money", cached=1.5)
    sw.formula(4, 3, '=IF(A3>1,"是","否")', "verdict", cached="是")
    sw.formula(4, 4, "=A3", "money")  # no cached result
    sw.value(4, 1, "合计", "tot_text")  # a second write replaces the first
    with pytest.raises(AttributeError):  # a merged cell cannot be written, lazy or not
        sw.value(2, 3, "x", "text")


def test_lazy_sheet_reads_back_and_saves_like_real_cells(tmp_path: Path) -> None:
    wb_lazy, sw = _sheet(True)
    _fill(sw)
    assert sw.get(4, 1) == "合计" and sw.get(3, 2) == 7 and sw.get(4, 2) == "=SUM(A3:A3)"
    assert sw.ws.cell(row=3, column=3).value == "=1+1"  # one Cell made on demand …
    assert pending(sw.ws) and (3, 1) not in sw.ws.__dict__["_cells"]  # … not all of them
    sw.value(3, 3, "=2+2")  # written again after it became a Cell
    wb_plain, sw_plain = _sheet(False)
    _fill(sw_plain)
    sw_plain.value(3, 3, "=2+2")
    fast_save(wb_lazy, str(tmp_path / "lazy.xlsx"))
    fast_save(wb_plain, str(tmp_path / "plain.xlsx"))
    with zipfile.ZipFile(tmp_path / "lazy.xlsx") as a:
        xml = a.read("xl/worksheets/sheet1.xml")
        assert (
            b"<f>SUM(A3:A3)</f><v>1.5</v>" in xml
            and b">=2+2<" in xml
            and b'<dimension ref="A1:D4" />' in xml
        )
    lazy_ws, plain_ws = (
        openpyxl.load_workbook(tmp_path / f).active for f in ("lazy.xlsx", "plain.xlsx")
    )
    assert lazy_ws.dimensions == plain_ws.dimensions == "A1:D4"
    for row_a, row_b in zip(lazy_ws.iter_rows(), plain_ws.iter_rows(), strict=True):
        for a_, b_ in zip(row_a, row_b, strict=True):
            assert _cell_view(a_) == _cell_view(b_), a_.coordinate
    got = openpyxl.load_workbook(tmp_path / "lazy.xlsx").active
    assert got["C3"].value == "=2+2" and got["C3"].data_type == "s" and got["C3"].quotePrefix
    assert got["A4"].value == "合计" and got["B3"].value == 7 and got["D3"].value is True


def test_append_continues_below_the_pending_rows() -> None:
    _, sw = _sheet(True)
    sw.value(5, 1, "系统", "text")
    sw.ws.append(["下一行"])
    assert (
        sw.ws.cell(row=6, column=1).value == "下一行"
        and sw.ws.cell(row=5, column=1).value == "系统"
    )


def test_text_openpyxl_refuses_is_refused_on_the_fast_path_too() -> None:
    _, sw = _sheet(True)
    with pytest.raises(IllegalCharacterError):
        sw.value(1, 1, "bad\x01text")
    long = "长" * 40000
    sw.value(2, 1, long)
    assert sw.ws.cell(row=2, column=1).value == long[:32767]  # truncated as openpyxl does
