"""The 诊断 workbook of an infeasible county (issue 14, dead end 2): what it says, that a real
spreadsheet (LibreOffice) computes the same figures, and that `yunce plan -o` writes it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from data.diagnosis_writer import (
    NoDiagnosisError,
    build_diagnosis_workbook,
    write_diagnosis_workbook,
)
from data.samples import sample_county
from planner.model import Plan, PlanInput, SolveStatus
from planner.optimize import solve

FEN = 0.01


def _infeasible(n_systems: int | None = None, **changes: object) -> tuple[PlanInput, Plan]:
    inp = sample_county()
    inp = replace(inp, workloads=inp.workloads[:n_systems], policy=replace(inp.policy, **changes))  # type: ignore[arg-type]
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE and plan.infeasibility is not None
    return inp, plan


pytestmark = pytest.mark.slow  # LibreOffice and several diagnoses (~15 s)


@pytest.fixture(scope="module")
def cases() -> dict[str, tuple[PlanInput, Plan, str]]:
    over_budget = _infeasible(budget_annual=4_000_000.0)
    share = _infeasible(
        6, budget_annual=None, max_vendor_share=0.15, min_xinchuang_share=0.0
    )  # a quick bisection
    vendors = _infeasible(min_vendors=9)
    return {
        "budget": (*over_budget, "zh"),
        "budget_en": (*over_budget, "en"),
        "share": (*share, "zh"),
        "vendors": (*vendors, "zh"),
    }


@pytest.fixture(scope="module")
def recalculated(
    cases: dict[str, tuple[PlanInput, Plan, str]],
    tmp_path_factory: pytest.TempPathFactory,
    recalc: Callable[[Sequence[Path], Path], list[Path]],
) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("diagnosis")
    written = {
        k: write_diagnosis_workbook(plan, folder / f"{k}.xlsx", inp, lang=lang)
        for k, (inp, plan, lang) in cases.items()
    }
    outs = recalc(list(written.values()), folder / "recalculated")
    return {k: (written[k], out) for k, out in zip(written, outs, strict=True)}


def _rows(ws) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]


def _find(rows: list[tuple], first: object) -> tuple:
    return next(r for r in rows if r[0] == first)


def test_budget_diagnosis_says_what_to_ask_for(cases, recalculated) -> None:  # type: ignore[no-untyped-def]
    inp, plan, _ = cases["budget"]
    d = plan.infeasibility
    _, out = recalculated["budget"]
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames == ["诊断", "最低成本方案"]
    rows = _rows(wb["诊断"])
    texts = " ".join(str(v) for r in rows for v in r if v is not None)
    assert "年度预算" in texts and "无法满足" in texts
    budget_row = _find(rows, "年度预算")
    assert budget_row[1] == 4_000_000 and budget_row[2] == pytest.approx(
        d.relaxations["budget_annual"], abs=FEN
    )
    assert budget_row[3] == pytest.approx(
        d.relaxations["budget_annual"] - 4_000_000, abs=FEN
    )  # LibreOffice's C-B
    ask = _find(rows, "建议申请的年度预算（向上取整到千元）")
    assert (
        ask[2] == d.suggested_budget
        and ask[2] % 1000 == 0
        and ask[2] >= d.relaxations["budget_annual"]
    )
    # the cheapest plan under the other rules, over budget
    fb = wb["最低成本方案"]
    frows = _rows(fb)
    check = _find(frows, "年度预算")
    assert check[2] == pytest.approx(d.fallback.total_annual_cost, abs=FEN) and check[3] == "超预算"
    for name in ("信创最低占比", "单一供应商最高占比", "最少供应商数"):
        assert _find(frows, name)[3] == "满足", name
    total = next(r for r in frows if r[1] == "合计")
    assert (
        total[7] == pytest.approx(d.fallback.total_annual_cost, abs=FEN) and total[10] == "超预算"
    )
    systems = {r[1] for r in frows if isinstance(r[0], int) and isinstance(r[1], str)}
    assert {w.name for w in inp.workloads} <= systems


def test_vendor_share_diagnosis_marks_the_rows_that_break_it(cases, recalculated) -> None:  # type: ignore[no-untyped-def]
    _, plan, _ = cases["share"]
    d = plan.infeasibility
    assert d.dropped == "max_vendor_share" and d.violated == ["max_vendor_share"]
    wb = openpyxl.load_workbook(recalculated["share"][1], data_only=True)
    frows = _rows(wb["最低成本方案"])
    check = _find(frows, "单一供应商最高占比")
    assert (
        check[1] == pytest.approx(0.15)
        and check[2] == pytest.approx(d.fallback.max_vendor_share)
        and check[3] == "不满足"
    )
    shares = d.fallback.vendor_shares
    over = {v for v, s in shares.items() if s > 0.15 + 1e-6}
    marked = {r[3] for r in frows if isinstance(r[0], int) and r[10] and "供应商占比" in str(r[10])}
    assert over and marked == over


def test_min_vendors_diagnosis(cases, recalculated) -> None:  # type: ignore[no-untyped-def]
    _, plan, _ = cases["vendors"]
    wb = openpyxl.load_workbook(recalculated["vendors"][1], data_only=True)
    rows = _rows(wb["诊断"])
    assert _find(rows, "最少供应商数")[2] == plan.infeasibility.relaxations["min_vendors"]
    check = _find(_rows(wb["最低成本方案"]), "最少供应商数")
    assert (
        check[1] == 9
        and check[2] == plan.infeasibility.fallback.vendors_used
        and check[3] == "不满足"
    )


@pytest.mark.parametrize("key", ["budget", "budget_en", "share", "vendors"])
def test_cached_values_are_what_libreoffice_computes(recalculated, key) -> None:  # type: ignore[no-untyped-def]
    written, out = recalculated[key]
    formulas, cached = (
        openpyxl.load_workbook(written),
        openpyxl.load_workbook(written, data_only=True),
    )
    computed = openpyxl.load_workbook(out, data_only=True)
    checked = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                mine, theirs = (
                    cached[ws.title][cell.coordinate].value,
                    computed[ws.title][cell.coordinate].value,
                )
                assert mine is not None or theirs in (None, ""), (ws.title, cell.coordinate)
                # an empty-text result ("" on a within-budget mark) reads back as None
                if mine is None or isinstance(mine, str) or isinstance(theirs, str):
                    assert (mine or "") == (theirs or ""), (ws.title, cell.coordinate, cell.value)
                else:
                    assert mine == pytest.approx(theirs, rel=1e-9, abs=1e-6), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                checked += 1
    assert checked >= 10


def test_english_labels(recalculated) -> None:  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(recalculated["budget_en"][1], data_only=True)
    assert wb.sheetnames == ["Diagnosis", "Cheapest plan"]
    rows = _rows(wb["Cheapest plan"])
    assert _find(rows, "annual budget")[3] == "over budget"
    texts = " ".join(str(v) for r in _rows(wb["Diagnosis"]) for v in r if v is not None)
    assert "Raise the annual budget" in texts and "Annual budget to request" in texts


def test_a_feasible_plan_has_no_diagnosis() -> None:
    inp = sample_county()
    with pytest.raises(NoDiagnosisError):
        build_diagnosis_workbook(solve(inp), inp)


def test_system_names_stay_text(tmp_path: Path) -> None:
    inp = sample_county()
    inp = replace(
        inp,
        workloads=(
            replace(inp.workloads[0], name='=HYPERLINK("http://x","y")'),
            *inp.workloads[1:],
        ),
        policy=replace(inp.policy, budget_annual=4_000_000.0),
    )
    plan = solve(inp)
    wb = openpyxl.load_workbook(write_diagnosis_workbook(plan, tmp_path / "d.xlsx", inp))
    cells = [
        c
        for row in wb["最低成本方案"].iter_rows()
        for c in row
        if c.value == '=HYPERLINK("http://x","y")'
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_cli_writes_the_diagnosis_and_exits_infeasible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from data.writer import write_input_workbook
    from ui.cli import EXIT_INFEASIBLE, main

    inp, _ = _infeasible(budget_annual=4_000_000.0)
    src = write_input_workbook(inp, tmp_path / "county.xlsx")
    out = tmp_path / "plan.xlsx"
    assert main(["plan", str(src), "-o", str(out)]) == EXIT_INFEASIBLE == 3
    err = capsys.readouterr().err
    assert "诊断工作簿" in err and str(out) in err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["诊断", "最低成本方案"]
