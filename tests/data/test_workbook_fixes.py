"""Issue 22 point 9: the workbook fixes a finance officer asked for, each checked in the file a
spreadsheet opens (values after a LibreOffice recalculation, print layout in its PDF).

- 概览 涉及系统数 counts each system with a one-time cost once (was 52 for 38 systems);
- 分配方案 prints one page wide (was two, with the title cut);
- the year workbook's 0/1 helper columns are not printed;
- the 诊断 workbook names the solver HiGHS, shows per-system rules as rules (not “不设上限”),
  and says why a lone budget fails without “本身就无法满足”.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from data.diagnosis_writer import write_diagnosis_workbook
from data.plan_sheets.text import text
from data.plan_writer import A_PRINTED, write_plan_workbook
from data.plan_writer import YEAR_FIRST_COL as _FIRST
from data.plan_writer import YEAR_KEYS as _YEAR_KEYS
from data.samples import sample_county, sample_county_years
from planner.model import Plan, PlanInput, SolveStatus
from planner.optimize import solve


@pytest.fixture(scope="module")
def sample() -> tuple[PlanInput, Plan]:
    inp = sample_county()
    plan = solve(inp)
    assert plan.status is SolveStatus.OPTIMAL
    return inp, plan


def _columns(ws: Any) -> dict[int, Any]:
    """Column number → its dimension as openpyxl read it (one <col> may span several)."""
    out = {}
    for dim in ws.column_dimensions.values():
        for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            out[c] = dim
    return out


def _find(ws: Any, value: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell.row, cell.column
    raise AssertionError(f"{value!r} not on {ws.title}")


# --- 概览: 涉及系统数 -------------------------------------------------------------------------------
def test_overview_counts_each_system_with_a_one_time_cost_once(
    sample: tuple[PlanInput, Plan], tmp_path: Path, recalc: Callable[..., list[Path]]
) -> None:
    inp, plan = sample
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
    (out,) = recalc([path], tmp_path / "lo")
    ws = openpyxl.load_workbook(out, data_only=True)[text("sheet.summary")]
    r_mig, _ = _find(ws, text("sum.migration"))
    r_ada, _ = _find(ws, text("sum.adaptation"))
    r_tot = r_ada + 1
    assert ws.cell(r_tot, 1).value == text("total")
    # independent count from the plan: a system counts when it pays any one-time cost
    migrating = sum(1 for a in plan.assignments if a.cost.migration_annual > 0)
    adapted = sum(1 for a in plan.assignments if a.cost.adaptation_annual > 0)
    either = sum(
        1 for a in plan.assignments if a.cost.migration_annual + a.cost.adaptation_annual > 0
    )
    assert ws.cell(r_mig, 5).value == migrating
    assert ws.cell(r_ada, 5).value == adapted
    assert ws.cell(r_tot, 5).value == either <= len(plan.assignments)
    # the sample has systems that both move and are adapted: the old sum would double-count
    assert migrating + adapted > either


# --- 分配方案: one page wide -----------------------------------------------------------------------
def _pdf_pages(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_allocation_prints_one_page_wide_with_its_title(
    sample: tuple[PlanInput, Plan], tmp_path: Path, recalc: Callable[..., list[Path]]
) -> None:
    inp, plan = sample
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
    ws = openpyxl.load_workbook(path)[text("sheet.alloc")]
    assert ws.page_setup.fitToWidth in (None, 1)  # absent means 1 (ECMA-376 §18.3.1.63)
    (pdf,) = recalc([path], tmp_path / "pdf", "pdf")
    pages = _pdf_pages(pdf)
    book = openpyxl.load_workbook(path)
    title = ws.cell(1, 1).value
    boq_title = book[text("sheet.boq")].cell(1, 1).value
    first = next(i for i, p in enumerate(pages) if title in p)
    boq = next(i for i, p in enumerate(pages) if boq_title in p)
    alloc_pages = pages[first:boq]
    assert alloc_pages
    heads = [ws.cell(4, c).value.split("\n")[0] for c in A_PRINTED]
    names = [a.workload.name for a in plan.assignments]
    for page in alloc_pages:
        # every page carries every printed column: the first and the last header, side by side
        for head in (heads[0], heads[1], heads[-1]):
            assert head in page, (head, page[:400])
        # and a row's name and its last amount are on the same page line
        line = next(ln for ln in page.splitlines() if any(n in ln for n in names))
        assert re.search(r"¥[\d,]+\.\d\d\s*$", line), line
    printed = sum(p.count("\n") for p in alloc_pages)
    assert printed >= len(names)


# --- the year workbook: no helper columns on paper -------------------------------------------
def test_year_workbook_prints_no_helper_columns(tmp_path: Path) -> None:
    plan = solve(sample_county_years())
    assert plan.has_solution
    path = write_plan_workbook(plan, tmp_path / "years.xlsx")
    ws = openpyxl.load_workbook(path)["分年计划"]
    cols = _columns(ws)
    heads = {c: ws.cell(1, c).value for c in range(1, ws.max_column + 1)}
    helper_words = ("供应商序号", " 信创", " 在用")
    for t in range(len(plan.years)):
        for i, key in enumerate(_YEAR_KEYS):
            c = _FIRST + t * len(_YEAR_KEYS) + i
            is_helper = any(w in heads[c] for w in helper_words)
            assert is_helper == (key in ("vendor", "xc", "active")), heads[c]
            hidden = c in cols and bool(cols[c].hidden)
            assert hidden == is_helper, heads[c]
            if is_helper:
                assert cols[c].outlineLevel == 1  # one click on "+" shows them on screen
    assert not any(c in cols and cols[c].hidden for c in range(1, _FIRST))


# --- the 诊断 workbook -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def diagnosis_sheet(
    sample: tuple[PlanInput, Plan], tmp_path_factory: pytest.TempPathFactory
) -> tuple[PlanInput, Any]:
    inp, _ = sample
    assert inp.system_rules  # the sample county pins systems: they appear in the diagnosis
    poor = replace(inp, policy=replace(inp.policy, budget_annual=1_000_000.0))
    plan = solve(poor)
    assert plan.status is SolveStatus.INFEASIBLE
    folder = tmp_path_factory.mktemp("diag")
    path = write_diagnosis_workbook(plan, folder / "diag.xlsx", poor)
    return poor, openpyxl.load_workbook(path).worksheets[0]


def test_diagnosis_names_the_solver_as_its_makers_do(diagnosis_sheet) -> None:  # type: ignore[no-untyped-def]
    _, ws = diagnosis_sheet
    meta = ws.cell(2, 1).value
    assert "求解器：HiGHS" in meta and "highs" not in meta


def test_diagnosis_shows_per_system_rules_as_rules(diagnosis_sheet) -> None:  # type: ignore[no-untyped-def]
    from planner.rules import system_rule_text
    from planner.text import localize

    inp, ws = diagnosis_sheet
    labels = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    for rule_ in inp.system_rules:
        said = str(localize(system_rule_text(rule_), "zh"))
        row = [k for k in labels if isinstance(k, str) and said in k]
        assert row, (said, list(labels))
        assert labels[row[0]] == "已设置"
    assert not any(isinstance(k, str) and k.startswith("第 ") and "条指定规则" in k for k in labels)


def test_diagnosis_says_why_a_lone_budget_fails(diagnosis_sheet) -> None:  # type: ignore[no-untyped-def]
    _, ws = diagnosis_sheet
    texts = [
        str(c.value) for row in ws.iter_rows(max_row=12) for c in row if isinstance(c.value, str)
    ]
    joined = "\n".join(texts)
    assert "即使放开其他所有规则，年度预算（现为 ¥1,000,000.00）也无法满足。" in joined
    assert "本身就无法满足" not in joined
