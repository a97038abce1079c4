"""The plan workbook: structure, safety, and recalculation by a real spreadsheet (LibreOffice).

The LibreOffice tests write every workbook first and convert them all in one headless run
(about 5 s); the converted files carry LibreOffice's own recalculated values, which must
equal the engine's figures to the fen.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import BarChart, PieChart

from data.plan_sheets.text import text
from data.plan_writer import (
    A_NAME,
    A_TOTAL,
    B_AMOUNT,
    B_ITEM,
    B_VENDOR,
    DEFINED_NAMES,
    FIRST_ROW,
    NoPlanError,
    build_plan_workbook,
    write_plan_workbook,
)
from data.procurement_sheets import sheet_titles
from data.samples import sample_county, sample_county_path
from data.xlsx import WriteError
from planner.costing import CostModel
from planner.model import (
    DataClass,
    Deployment,
    Period,
    Plan,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    SolveStatus,
    Workload,
)
from planner.optimize import solve

FEN = 0.01
INJECTED = ('=HYPERLINK("http://x","y")', "+1+1", "-1", "@SUM(1)", "\tTab", "=1+1")


# --- instances -----------------------------------------------------------------------------------
def random_input(seed: int, n_workloads: int = 10, instances: bool = False) -> PlanInput:
    """A small random county: 3–4 vendors with a private 信创 pool each (so it is feasible).

    With instances, every pool also quotes whole VMs (2C4G … 8C32G) around its per-unit price.
    """
    rng = random.Random(seed)
    vendors = rng.sample(
        ["天翼云", "移动云", "联通云", "华为云", "浪潮云", "阿里云"], rng.randint(3, 4)
    )
    platforms, prices = [], []
    for v in vendors:
        pools = [
            Platform(
                v, "信创专区", Deployment.PRIVATE, True, 3, capacity_vcpu=rng.choice([None, 400.0])
            )
        ]
        pools.append(Platform(v, "x86专区", Deployment.PRIVATE, False, rng.choice([3, 4])))
        if rng.random() < 0.5:
            pools.append(Platform(v, "公有云区", Deployment.PUBLIC, False, 2))
        for p in pools:
            period = rng.choice([Period.MONTH, Period.YEAR])
            scale = 1 / 10 if period is Period.MONTH else 1.0
            for res, lo, hi in (
                ("vcpu", 450, 780),
                ("ram_gb", 90, 190),
                ("storage_gb", 2.5, 14),
                ("bandwidth_mbps", 280, 1250),
            ):
                prices.append(
                    PriceLine(v, p.name, res, round(rng.uniform(lo, hi) * scale, 2), period)
                )
            if instances:
                vp, rp = prices[-4].unit_price, prices[-3].unit_price
                for cpu, ram in ((2, 4), (4, 8), (8, 16), (8, 32)):
                    price = round((cpu * vp + ram * rp) * rng.uniform(0.8, 1.1), 2)
                    prices.append(
                        PriceLine(v, p.name, "instance", price, period, vcpu=cpu, ram_gb=ram)
                    )
            for level in range(2, p.mlps_level + 1):
                prices.append(
                    PriceLine(
                        v,
                        p.name,
                        f"security_l{level}",
                        round(rng.uniform(2e4, 9e4), 2),
                        Period.YEAR,
                    )
                )
            platforms.append(p)
    workloads = []
    for i in range(n_workloads):
        cur = rng.choice([None, *platforms])
        workloads.append(
            Workload(
                name=f"系统{i + 1:02d}",
                department=rng.choice(["县政府办", "财政局", "卫健委", "公安局"]),
                vcpu=rng.choice([4, 8, 16, 24, 32]),
                ram_gb=rng.choice([8, 16, 32, 64, 128]),
                storage_gb=round(rng.uniform(100, 20000), 1),
                bandwidth_mbps=rng.choice([0, 10, 20, 50]),
                data_class=rng.choice(list(DataClass)),
                mlps_level=rng.choice([1, 2, 3]),
                xinchuang_required=rng.random() < 0.2,
                current_vendor=cur.vendor if cur else None,
                current_platform=cur.name if cur else None,
                migration_cost=round(rng.uniform(0, 2e5), 2),
                xinchuang_adaptation_cost=round(rng.uniform(0, 5e5), 2),
            )
        )
    policy = Policy(
        budget_annual=rng.choice([None, 5e7]),
        horizon_years=rng.choice([3.0, 4.0, 5.0]),
        min_xinchuang_share=rng.choice([0.0, 0.3]),
        max_vendor_share=rng.choice([1.0, 0.8]),
        min_vendors=rng.choice([1, 2]),
    )
    return PlanInput(
        tuple(platforms), tuple(prices), tuple(workloads), policy, name=f"随机县{seed}"
    )


def injection_input() -> PlanInput:
    """The sample county with systems, departments and a vendor named like formulas."""
    inp = sample_county()
    workloads = list(inp.workloads)
    for i, name in enumerate(INJECTED):
        workloads[i] = replace(workloads[i], name=name, department=INJECTED[-1 - i])
    return replace(inp, workloads=tuple(workloads), name="=cmd|' /C calc'!A0")


@pytest.fixture(scope="module")
def sample() -> tuple[PlanInput, Plan]:
    inp = sample_county()
    return inp, solve(inp)


# --- helpers -------------------------------------------------------------------------------------
def sheet(wb: openpyxl.Workbook, key: str, lang: str = "zh"):  # type: ignore[no-untyped-def]
    return wb[text(f"sheet.{key}", lang)]


def named_value(wb: openpyxl.Workbook, name: str) -> object:
    title, coord = next(iter(wb.defined_names[name].destinations))
    return wb[title][coord.replace("$", "")].value


def assert_matches_engine(
    wb: openpyxl.Workbook, inp: PlanInput, plan: Plan, lang: str = "zh"
) -> None:
    """Recalculated figures of a workbook equal the engine's, to the fen."""
    assert named_value(wb, "total_annual_cost") == pytest.approx(plan.total_annual_cost, abs=FEN)
    assert named_value(wb, "xinchuang_share") == pytest.approx(plan.xinchuang_share, abs=1e-9)
    assert named_value(wb, "max_vendor_share") == pytest.approx(plan.max_vendor_share, abs=1e-9)
    budget = named_value(wb, "budget_annual")
    if plan.policy.budget_annual is None:
        assert budget == text("no_cap", lang)
    else:
        assert budget == pytest.approx(plan.policy.budget_annual, abs=FEN)

    # every system's annual total, and the engine's own cost model agrees with the plan
    cm = CostModel(inp, plan.policy)
    alloc = sheet(wb, "alloc", lang)
    for i, a in enumerate(plan.assignments):
        row = FIRST_ROW + i
        assert alloc.cell(row=row, column=A_NAME).value == a.workload.name
        got = alloc.cell(row=row, column=A_TOTAL).value
        assert isinstance(got, float | int), (a.workload.name, got)
        assert got == pytest.approx(a.cost.total, abs=FEN), a.workload.name
        w = inp.workloads.index(a.workload)
        assert float(cm.total[w, cm.platform_index[a.platform.key]]) == pytest.approx(got, abs=FEN)

    # every vendor's subtotal (resources + security) and total in the bill of quantities
    boq = sheet(wb, "boq", lang)
    subtotals, totals = {}, {}
    for row in range(FIRST_ROW, boq.max_row + 1):
        item = boq.cell(row=row, column=B_ITEM).value
        vendor = boq.cell(row=row, column=B_VENDOR).value
        amount = boq.cell(row=row, column=B_AMOUNT).value
        if item == text("boq.subtotal", lang):
            subtotals[vendor] = amount
        elif item == text("boq.vendor_total", lang):
            totals[vendor] = amount
        elif item == text("boq.grand_total", lang):
            assert amount == pytest.approx(plan.total_annual_cost, abs=FEN)
        elif item == text("boq.reconcile", lang):
            assert amount == pytest.approx(0.0, abs=FEN)
    assert set(totals) == set(plan.vendor_costs)
    for vendor, cost in plan.vendor_costs.items():
        assert totals[vendor] == pytest.approx(cost, abs=FEN), vendor
        services = sum(
            a.cost.run_cost + a.cost.security_cost
            for a in plan.assignments
            if a.platform.vendor == vendor
        )
        assert subtotals[vendor] == pytest.approx(services, abs=FEN), vendor

    # every rule verdict is computed and says "met" (the solver's plan obeys the policy)
    check = sheet(wb, "check", lang)
    verdicts = [
        c.value
        for row in check.iter_rows(min_row=5)
        for c in row
        if c.value in (text("ok", lang), text("not_ok", lang))
    ]
    assert len(verdicts) >= 3 * len(plan.assignments) + 4
    assert set(verdicts) == {text("ok", lang)}


def compare_cached_with_recalculated(written: Path, recalculated: Path) -> int:
    """Every formula cell of written carries the result LibreOffice computed in recalculated
    (text equal, numbers to 1e-6); returns how many formula cells were checked."""
    formulas = openpyxl.load_workbook(written)
    cached = openpyxl.load_workbook(written, data_only=True)
    computed = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                mine = cached[ws.title][cell.coordinate].value
                theirs = computed[ws.title][cell.coordinate].value
                assert mine is not None or theirs in (None, ""), (
                    "no cached value",
                    ws.title,
                    cell.coordinate,
                )
                if isinstance(mine, str) or isinstance(theirs, str) or mine is None:
                    assert (mine or "") == (theirs or ""), (ws.title, cell.coordinate, cell.value)
                elif isinstance(mine, datetime):  # a date-formatted cell (采购意向 deadline)
                    assert mine == theirs, (ws.title, cell.coordinate, cell.value)
                else:
                    assert mine == pytest.approx(theirs, rel=1e-9, abs=1e-6), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                checked += 1
    return checked


# --- LibreOffice recalculation ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def recalculated(
    tmp_path_factory: pytest.TempPathFactory,
    recalc: Callable[[Sequence[Path], Path], list[Path]],
    sample: tuple[PlanInput, Plan],
) -> dict[str, tuple[PlanInput, Plan, Path, Path]]:
    """key → (input, plan, written file, LibreOffice-recalculated file), one soffice run for all."""
    folder = tmp_path_factory.mktemp("plans")
    cases: dict[str, tuple[PlanInput, Plan, str]] = {
        "sample": (*sample, "zh"),
        "sample_en": (*sample, "en"),
    }
    for seed in (1, 2, 3):
        inp = random_input(seed)
        cases[f"random{seed}"] = (inp, solve(inp), "zh")
    if hasattr(PriceLine, "spec"):  # whole-instance pricing (4C8G …) in the engine
        inp = random_input(4, n_workloads=14, instances=True)
        cases["instances"] = (inp, solve(inp), "zh")
    inj = injection_input()
    cases["injection"] = (inj, solve(inj), "zh")
    written = {}
    cases["no_input"] = (*sample, "zh")  # older callers: prices recovered from the plan
    for key, (inp, plan, lang) in cases.items():
        assert plan.has_solution, key
        given = None if key == "no_input" else inp
        written[key] = write_plan_workbook(plan, folder / f"{key}.xlsx", lang=lang, inp=given)
    # a control file: openpyxl writes no cached values, so only a recalculation fills them
    control = openpyxl.Workbook()
    control.active["A1"], control.active["A2"] = 20, "=A1*3+1"
    control.save(folder / "control.xlsx")
    outs = recalc([*written.values(), folder / "control.xlsx"], folder / "recalculated")
    result = {
        key: (cases[key][0], cases[key][1], written[key], out)
        for key, out in zip(cases, outs, strict=False)
    }
    result["control"] = (sample[0], sample[1], folder / "control.xlsx", outs[-1])
    return result


def test_libreoffice_really_recalculates(recalculated: dict) -> None:
    *_, before, after = recalculated["control"]
    assert openpyxl.load_workbook(before, data_only=True).active["A2"].value is None
    assert openpyxl.load_workbook(after, data_only=True).active["A2"].value == 61


@pytest.mark.parametrize(
    "key", ["sample", "sample_en", "random1", "instances", "injection", "no_input"]
)
def test_cached_values_are_what_a_spreadsheet_computes(recalculated: dict, key: str) -> None:
    """Issue 14 (9): previews and pandas see totals before any recalculation, and they are right."""
    if key not in recalculated:
        pytest.skip("the engine has no whole-instance pricing")
    _, plan, written, out = recalculated[key]
    cached = openpyxl.load_workbook(written, data_only=True)
    assert named_value(cached, "total_annual_cost") == pytest.approx(
        plan.total_annual_cost, abs=FEN
    )
    checked = compare_cached_with_recalculated(written, out)
    alloc = sheet(cached, "alloc", "en" if key.endswith("_en") else "zh")
    total_row = FIRST_ROW + len(plan.assignments)
    assert alloc.cell(row=total_row, column=A_TOTAL).value == pytest.approx(
        plan.total_annual_cost, abs=FEN
    )
    assert checked >= 8 * len(plan.assignments)


def test_pandas_sees_the_allocation_totals(sample: tuple[PlanInput, Plan], tmp_path: Path) -> None:
    import pandas as pd

    inp, plan = sample
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
    df = pd.read_excel(
        path, sheet_name=text("sheet.alloc"), header=FIRST_ROW - 2, engine="openpyxl"
    )
    totals = df.iloc[:, A_TOTAL - 1]
    assert totals.iloc[: len(plan.assignments)].notna().all()
    assert totals.iloc[len(plan.assignments)] == pytest.approx(plan.total_annual_cost, abs=FEN)


@pytest.mark.parametrize(
    "key",
    ["sample", "sample_en", "random1", "random2", "random3", "instances", "injection", "no_input"],
)
def test_recalculated_figures_equal_engine(recalculated: dict, key: str) -> None:
    if key not in recalculated:
        pytest.skip("the engine has no whole-instance pricing")
    inp, plan, _, out = recalculated[key]
    wb = openpyxl.load_workbook(out, data_only=True)
    assert set(DEFINED_NAMES) <= set(wb.defined_names)
    assert_matches_engine(wb, inp, plan, "en" if key.endswith("_en") else "zh")


def test_injected_text_stays_text_in_every_sheet(recalculated: dict) -> None:
    _, _, written, out = recalculated["injection"]
    before = openpyxl.load_workbook(written)
    after = openpyxl.load_workbook(out)
    after_values = openpyxl.load_workbook(out, data_only=True)
    seen_sheets = set()
    for ws in before.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if (
                    isinstance(cell.value, str)
                    and cell.value.lstrip("\t").startswith(("=", "+", "-", "@", "Tab"))
                    and cell.data_type == "s"
                ):
                    other = after[ws.title][cell.coordinate]
                    assert other.data_type == "s", (ws.title, cell.coordinate, other.value)
                    assert other.value == cell.value, (ws.title, cell.coordinate)
                    assert after_values[ws.title][cell.coordinate].value == cell.value
                    if cell.value in INJECTED:
                        seen_sheets.add(ws.title)
    assert {text(f"sheet.{k}") for k in ("alloc", "check", "compare")} <= seen_sheets
    # nothing LibreOffice evaluated: no formula anywhere mentions HYPERLINK or the fake DDE link
    for ws in after.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "HYPERLINK" not in str(cell.value) and "cmd" not in str(cell.value)


# --- structure (no LibreOffice needed) ---------------------------------------------------------------
def column_info(ws: Any) -> dict[int, Any]:
    """Column number → its ColumnDimension as read (a <col> element may span several columns)."""
    out = {}
    for dim in ws.column_dimensions.values():
        for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            out[c] = dim
    return out


def fit_to_width(page_setup: Any) -> int:
    """Pages across of a fit-to-page sheet; an absent fitToWidth is 1 (ECMA-376 §18.3.1.63)."""
    return 1 if page_setup.fitToWidth is None else int(page_setup.fitToWidth)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_structure_print_setup_and_charts(
    sample: tuple[PlanInput, Plan], tmp_path: Path, lang: str
) -> None:
    inp, plan = sample
    with sample_county_path() as src:
        path = write_plan_workbook(plan, tmp_path / "plan.xlsx", lang=lang, inp=inp, sources=[src])
    wb = openpyxl.load_workbook(path)
    keys = ["summary", "alloc", "boq", "check", "compare", "inputs"]
    assert wb.sheetnames == [text(f"sheet.{k}", lang) for k in keys] + sheet_titles(lang)
    assert set(DEFINED_NAMES) <= set(wb.defined_names)
    for name in DEFINED_NAMES:
        title, coord = next(iter(wb.defined_names[name].destinations))
        assert title == wb.sheetnames[0]
        if name != "budget_annual":
            assert str(wb[title][coord.replace("$", "")].value).startswith("="), name
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert ps.orientation == "landscape" and int(ps.paperSize) == 9, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # the allocation may spread over pages across to stay at 8 pt (see test_allocation_prints_at_8pt_or_more)
        assert fit_to_width(ps) == 1 or ws.title == text("sheet.alloc", lang), ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    for key in ("alloc", "boq", "compare"):
        ws = sheet(wb, key, lang)
        assert ws.print_title_rows == "$4:$4", key
        assert ws.freeze_panes and ws.auto_filter.ref, key
        assert ws.conditional_formatting, key  # alternating shading
    summary = sheet(wb, "summary", lang)
    kinds = sorted(type(c).__name__ for c in summary._charts)
    assert kinds == sorted([BarChart.__name__, PieChart.__name__, BarChart.__name__])
    alloc = sheet(wb, "alloc", lang)
    assert alloc.cell(row=FIRST_ROW, column=A_TOTAL).number_format == "¥#,##0.00"
    assert alloc.cell(row=FIRST_ROW, column=A_TOTAL).value.startswith("=")
    # the inputs sheet names the file read, its size and SHA-256
    with sample_county_path() as src:
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        size = src.stat().st_size
    values = {c.value for row in sheet(wb, "inputs", lang).iter_rows() for c in row}
    assert {src.name, size, digest} <= values
    assert plan.solver in values


def test_feasible_plan_is_written_with_its_gap(
    sample: tuple[PlanInput, Plan], tmp_path: Path
) -> None:
    inp, plan = sample
    feasible = replace(plan, status=SolveStatus.FEASIBLE, mip_gap=0.0123)
    wb = openpyxl.load_workbook(write_plan_workbook(feasible, tmp_path / "f.xlsx", inp=inp))
    conclusion = sheet(wb, "summary")["A3"].value
    assert "未证明最优" in conclusion and "1.2300%" in conclusion
    assert 0.0123 in {c.value for row in sheet(wb, "inputs").iter_rows() for c in row}


def test_infeasible_plan_has_nothing_to_write(
    sample: tuple[PlanInput, Plan], tmp_path: Path
) -> None:
    inp, _ = sample
    plan = Plan(status=SolveStatus.INFEASIBLE, diagnosis=("预算不足",))
    with pytest.raises(NoPlanError, match="无可行解"):
        write_plan_workbook(plan, tmp_path / "x.xlsx", inp=inp)
    assert isinstance(NoPlanError("x"), WriteError)
    assert not (tmp_path / "x.xlsx").exists()


def test_without_input_prices_are_recovered_from_the_plan(sample: tuple[PlanInput, Plan]) -> None:
    _, plan = sample
    wb = build_plan_workbook(plan)  # inp=None: older callers
    assert len(wb.sheetnames) == 6 + len(sheet_titles("zh"))


def test_injected_names_are_text_before_any_spreadsheet(tmp_path: Path) -> None:
    inp = injection_input()
    plan = solve(inp)
    wb = openpyxl.load_workbook(write_plan_workbook(plan, tmp_path / "inj.xlsx", inp=inp))
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in INJECTED:
                    assert cell.data_type == "s"
                    found += 1
    assert found >= 3 * len(INJECTED)


# --- an unwritable target keeps the old file ---------------------------------------------------------
def _old_file(path: Path) -> bytes:
    path.write_bytes(b"old plan")
    return path.read_bytes()


def test_directory_in_place_of_the_file(sample: tuple[PlanInput, Plan], tmp_path: Path) -> None:
    inp, plan = sample
    target = tmp_path / "plan.xlsx"
    target.mkdir()
    (target / "keep.txt").write_text("x")
    with pytest.raises(WriteError, match="文件夹"):
        write_plan_workbook(plan, target, inp=inp)
    assert (target / "keep.txt").read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temporary file left


def test_locked_target_keeps_old_file(
    sample: tuple[PlanInput, Plan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inp, plan = sample
    target = tmp_path / "plan.xlsx"
    old = _old_file(target)

    def locked(src: str, dst: str) -> None:  # what Windows does while Excel/WPS holds the file
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WriteError, match="正在被 Excel/WPS 打开"):
        write_plan_workbook(plan, target, inp=inp)
    monkeypatch.undo()
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root"
)
def test_read_only_folder_keeps_old_file(sample: tuple[PlanInput, Plan], tmp_path: Path) -> None:
    inp, plan = sample
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "plan.xlsx"
    old = _old_file(target)
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="无法写入"):
            write_plan_workbook(plan, target, inp=inp)
    finally:
        folder.chmod(0o755)
    assert target.read_bytes() == old


def test_cli_writes_the_workbook(tmp_path: Path) -> None:
    from ui.cli import main

    out = tmp_path / "plan.xlsx"
    assert main(["plan", "--sample", "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == text("sheet.summary")


def test_every_formula_carries_its_cached_result(
    sample: tuple[PlanInput, Plan], tmp_path: Path
) -> None:
    """Previews (Explorer, WeChat, mail clients) and pandas read the cached results: every formula
    cell of every sheet has one, and the headline figures are the engine's (LibreOffice's own
    results are compared cell by cell in test_cached_values_are_what_a_spreadsheet_computes)."""
    inp, plan = sample
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
    formulas, values = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    count = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    count += 1
                    cached = values[ws.title][cell.coordinate].value
                    assert cached is not None and cached != "", (ws.title, cell.coordinate)
    assert count > 10 * len(plan.assignments)
    summary = values.worksheets[0]
    for name, expected in (
        ("total_annual_cost", plan.total_annual_cost),
        ("xinchuang_share", plan.xinchuang_share),
        ("max_vendor_share", plan.max_vendor_share),
    ):
        _, coord = next(iter(formulas.defined_names[name].destinations))
        assert summary[coord.replace("$", "")].value == pytest.approx(expected, abs=0.005), name


# --- issue 14 (9): smaller dead ends ----------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_written_files_get_umask_permissions_not_0600(
    sample: tuple[PlanInput, Plan], tmp_path: Path
) -> None:
    from data.writer import write_input_workbook, write_template

    inp, plan = sample
    old = os.umask(0o022)
    try:
        paths = [
            write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp),
            write_template(tmp_path / "t.xlsx"),
            write_input_workbook(inp, tmp_path / "in.xlsx"),
        ]
        assert {p.stat().st_mode & 0o777 for p in paths} == {0o644}
        os.umask(0o027)
        again = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
        assert again.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_long_text_wraps_inside_vendor_comparison_cells(tmp_path: Path) -> None:
    inp = random_input(7, n_workloads=6)
    long_name = "县级统一政务服务与电子证照共享交换及数据治理综合平台（二期扩容）"
    inp = replace(
        inp,
        workloads=(replace(inp.workloads[0], name=long_name, department=""), *inp.workloads[1:]),
    )
    plan = solve(inp)
    wb = openpyxl.load_workbook(write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp))
    ws = sheet(wb, "compare")
    for row in ws.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + len(plan.assignments) - 1):
        for cell in row:
            if isinstance(cell.value, str) and not cell.value.startswith("="):
                assert cell.alignment.wrap_text, (cell.coordinate, cell.value)
    r = next(c.row for c in ws["A"] if c.value == long_name)
    width = ws.column_dimensions["A"].width
    lines = -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in long_name) // int(width - 1))
    assert lines > 1 and ws.row_dimensions[r].height >= 14 * lines


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inputs_sheet_explains_rules_instead_of_keys(
    sample: tuple[PlanInput, Plan], tmp_path: Path, lang: str
) -> None:
    inp, plan = sample
    wb = openpyxl.load_workbook(
        write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp, lang=lang)
    )
    column_c = [c.value for c in sheet(wb, "inputs", lang)["C"][4:10]]
    assert not {"budget_annual", "horizon_years", "min_vendors", "sensitive_data_private"} & set(
        column_c
    )
    if lang == "zh":
        assert any("预算" in str(v) for v in column_c)


# --- issue 14 (4): the allocation prints at 8 pt or more ----------------------------------------------
def _pdf_words(pdf: Path) -> list[list[tuple[str, float]]]:
    """Per page, (word, height in pt) of every word pdftotext finds."""
    import re as _re
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        words = _re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        pages.append([(w, float(y1) - float(y0)) for y0, y1, w in words])
    return pages


def test_allocation_layout_prints_what_a_reader_needs(
    sample: tuple[PlanInput, Plan], tmp_path: Path
) -> None:
    from data.plan_sheets.style import MIN_PRINT_SCALE, column_points, pages_wide
    from data.plan_writer import A_PLATFORM, A_PRINTED, A_VENDOR

    inp, plan = sample
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
    ws = openpyxl.load_workbook(path)[text("sheet.alloc")]
    ncols = ws.max_column
    cols = column_info(ws)
    hidden = {c for c in range(1, ncols + 1) if c in cols and cols[c].hidden}
    assert hidden == set(range(1, ncols + 1)) - set(A_PRINTED)
    assert {A_NAME, A_VENDOR, A_PLATFORM, A_TOTAL} <= set(A_PRINTED)
    assert all(cols[c].outlineLevel == 1 for c in hidden)
    assert ws.print_title_rows == "$4:$4" and ws.page_setup.orientation == "landscape"
    visible = sum(
        column_points(cols[c].width if c in cols and cols[c].width else 8.43)
        for c in range(1, ncols + 1)
        if c not in hidden
    )
    pages, scale = pages_wide(visible)
    assert fit_to_width(ws.page_setup) == pages and scale >= MIN_PRINT_SCALE


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler) is not installed"
)
def test_allocation_prints_at_8pt_or_more(
    sample: tuple[PlanInput, Plan], tmp_path: Path, recalc: Callable[..., list[Path]]
) -> None:
    """LibreOffice prints the workbook to PDF; system names on the allocation pages are as tall as 8 pt text."""
    from openpyxl.styles import Font

    from data.plan_sheets.style import FONT

    inp, plan = sample
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=inp)
    control = openpyxl.Workbook()
    control.active["A1"] = "县政府门户网站"  # CJK only: its box height is the font size
    control.active["A1"].font = Font(name=FONT, size=8)
    control.save(tmp_path / "control.xlsx")
    pdf, pdf_control = recalc([path, tmp_path / "control.xlsx"], tmp_path / "pdf", "pdf")
    (control_words,) = _pdf_words(pdf_control)
    eight_pt = next(h for w, h in control_words if w == "县政府门户网站")
    pages = _pdf_words(pdf)
    titles = [" ".join(w for w, _ in p) for p in pages]
    first = next(i for i, p in enumerate(pages) if any(w.startswith("分配方案") for w, _ in p))
    boq = next(i for i, p in enumerate(pages) if any(w.startswith("采购清单") for w, _ in p))
    assert first < boq, titles
    names = {
        a.workload.name for a in plan.assignments if all(ord(ch) > 0x2E80 for ch in a.workload.name)
    }
    heights = [h for p in pages[first:boq] for w, h in p if w in names]
    assert len(heights) >= len(names) // 2
    assert min(heights) >= eight_pt - 0.05, (min(heights), eight_pt)
