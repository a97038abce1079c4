"""The plan is kept in the project file; engine messages follow the app's language."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from data.samples import sample_county
from planner.model import SolveStatus
from planner.optimize import solve
from ui.app.project import PLAN_FILE, input_fingerprint
from ui.app.widgets import yuan

SOLVE_TIMEOUT = 60_000
CJK = re.compile(r"[\u4e00-\u9fff]")


def _solve(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.solve_finished, timeout=SOLVE_TIMEOUT) as blocker:
        assert window.solve()
    return blocker.args[0]


def _rewrite(path: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    """Change one member of a project file (as another program or a damaged disk might)."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members[name] = change(members[name])
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)


def test_saved_plan_reopens_without_solving(qtbot, sample_window, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = solve(sample_county())
    outcome = _solve(qtbot, sample_window)
    path = sample_window.save_as(tmp_path / "青山县")
    with zipfile.ZipFile(path) as zf:
        record = json.loads(zf.read(PLAN_FILE))
    assert record["status"] == "optimal"
    assert record["input_fingerprint"] == input_fingerprint(outcome.input)
    assert record["total_annual_cost"] == pytest.approx(engine.total_annual_cost, abs=0.005)
    assert len(record["assignments"]) == len(engine.assignments)

    other = make_window()
    finished: list[object] = []
    other.solve_finished.connect(finished.append)
    assert other.open_path(path)
    assert other.outcome is not None and not other.stale and not other.solver.running
    assert finished == []  # restored, not solved again
    restored = other.outcome.plan
    assert restored.status is SolveStatus.OPTIMAL
    assert [(a.workload.name, a.platform.key) for a in restored.assignments] == [
        (a.workload.name, a.platform.key) for a in engine.assignments
    ]
    # every cost comes from the cost model again, to the fen
    for a, b in zip(restored.assignments, engine.assignments, strict=True):
        assert a.cost.total == pytest.approx(b.cost.total, abs=0.005)
    assert other.current_page() == "plan"
    assert other.plan_page.cost_card.value.text() == yuan(engine.total_annual_cost)
    assert not other.project.dirty
    _solve(qtbot, other)  # the same plan again: nothing new to save
    assert not other.project.dirty
    # the export page can write the restored plan at once
    out = other.export_plan(tmp_path / "方案.xlsx")
    assert out is not None and out.exists()


def test_new_plan_marks_a_saved_project_unsaved(qtbot, sample_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sample_window.save_as(tmp_path / "县")
    assert not sample_window.project.dirty
    _solve(qtbot, sample_window)
    assert sample_window.project.dirty  # the file does not hold this plan yet
    assert "*" in sample_window.windowTitle()
    sample_window.save()
    assert not sample_window.project.dirty
    with zipfile.ZipFile(tmp_path / "县.yunce") as zf:
        assert PLAN_FILE in zf.namelist()


def test_out_of_date_plan_is_not_saved(qtbot, sample_window, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _solve(qtbot, sample_window)
    sample_window.project.set_rule("min_vendors", 2)
    assert sample_window.stale
    path = sample_window.save_as(tmp_path / "县")
    with zipfile.ZipFile(path) as zf:
        assert PLAN_FILE not in zf.namelist()
    other = make_window()
    assert other.open_path(path)
    assert other.outcome is None and other.current_page() == "quotes"


def test_plan_of_other_inputs_is_not_restored(qtbot, sample_window, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _solve(qtbot, sample_window)
    path = sample_window.save_as(tmp_path / "县")

    def raise_first_price(data: bytes) -> bytes:
        table = json.loads(data)
        col = table["columns"].index("unit_price")
        table["rows"][0][col] = float(table["rows"][0][col]) * 2
        return json.dumps(table, ensure_ascii=False).encode("utf-8")

    _rewrite(path, "tables/prices.json", raise_first_price)
    other = make_window()
    assert other.open_path(path)  # the inputs open; the plan made for other prices is dropped
    assert other.outcome is None


@pytest.mark.parametrize("damage", ["ineligible", "missing", "garbage"])
def test_damaged_plan_is_ignored(qtbot, sample_window, make_window, tmp_path, damage) -> None:  # type: ignore[no-untyped-def]
    outcome = _solve(qtbot, sample_window)
    path = sample_window.save_as(tmp_path / "县")
    core = next(a for a in outcome.plan.assignments if a.workload.data_class == "core")
    public = next(p for p in outcome.input.platforms if p.deployment == "public")

    def change(data: bytes) -> bytes:
        if damage == "garbage":
            return b"{not json"
        record = json.loads(data)
        if damage == "missing":
            record["assignments"] = record["assignments"][1:]
        else:  # core data on a public cloud: a plan the rules forbid
            for row in record["assignments"]:
                if row[0] == core.workload.name:
                    row[1:] = [public.vendor, public.name]
        return json.dumps(record, ensure_ascii=False).encode("utf-8")

    _rewrite(path, PLAN_FILE, change)
    other = make_window()
    assert other.open_path(path)
    assert other.outcome is None
    assert other.project.validate().input == outcome.input


def test_infeasible_plan_and_its_diagnosis_are_restored_in_either_language(
    qtbot, sample_window, make_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    sample_window.project.set_rule("budget_annual", 3_000_000.0)
    outcome = _solve(qtbot, sample_window)
    assert outcome.plan.status is SolveStatus.INFEASIBLE and outcome.plan.min_budget
    path = sample_window.save_as(tmp_path / "县")
    other = make_window()
    assert other.open_path(path)
    assert other.outcome is not None
    plan = other.outcome.plan
    assert plan.status is SolveStatus.INFEASIBLE
    assert plan.min_budget == pytest.approx(outcome.plan.min_budget)
    assert list(plan.diagnosis) == list(outcome.plan.diagnosis)
    assert other.outcome.relaxations == pytest.approx(outcome.relaxations)
    page = other.plan_page
    zh = page.diagnosis.toPlainText()
    assert "把年度预算提高到 " + yuan(outcome.plan.min_budget) in zh
    assert any(b.objectName() == "suggest_budget_annual" for b in page.suggest_buttons)
    other.set_language("en")
    en = other.plan_page.diagnosis.toPlainText()
    assert "Raise the annual budget to " + yuan(outcome.plan.min_budget) in en
    assert not CJK.findall(en.replace("信创", "")), en


def test_problems_and_progress_follow_the_language(qtbot, sample_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from test_app import _bad_workbook

    path = _bad_workbook(tmp_path)  # row 3: vCPU 十六核
    wb = load_workbook(path)
    ws = wb["业务系统"]
    heads = [c.value for c in ws[1]]
    ws.cell(
        row=4, column=next(i for i, h in enumerate(heads, 1) if str(h).startswith("vCPU")), value=-2
    )
    wb.save(path)
    sample_window.import_sheets(("workloads",), path)
    problems = sample_window.problems

    def lines() -> list[str]:
        return [problems.tree.topLevelItem(i).text(2) for i in range(problems.count())]

    assert any("不是数字" in t for t in lines()) and any("不能为负数" in t for t in lines())
    sample_window.set_language("en")
    problems = sample_window.problems
    en = lines()
    assert any("Not a number (value: 十六核)" in t for t in en), en
    assert any("negative" in t for t in en), en
    for t in en:  # only the value typed in the file stays Chinese
        assert not CJK.findall(t.replace("十六核", "")), t
    model = sample_window.project.models["workloads"]
    tip = model.data(model.index(1, model.keys.index("vcpu")), 3)  # Qt.ToolTipRole
    assert "Not a number" in tip
    # fix the cells; the progress texts of a solve arrive in English too
    model.setData(model.index(1, model.keys.index("vcpu")), "16")
    model.setData(model.index(2, model.keys.index("vcpu")), "8")
    stages: list[str] = []
    sample_window.solver.stage.connect(lambda text, _f: stages.append(text))
    _solve(qtbot, sample_window)
    assert stages and "Solving…" in stages, stages
    assert not any(CJK.findall(s) for s in stages), stages


def test_big_workbook_opens_off_the_gui_thread_and_cancel_keeps_the_project(
    qtbot, sample_window, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from data.writer import write_input_workbook
    from ui.app import tasks as background

    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from synthetic import synthetic_county

    big = synthetic_county(8000, seed=1)
    path = tmp_path / "大县.xlsx"
    write_input_workbook(big, path)
    monkeypatch.setattr(background, "SHOW_AFTER_MS", 0)  # show the progress dialog at once
    n_before = sample_window.project.row_count("workloads")
    ticks: list[int] = []
    ticker = QTimer(interval=10)
    ticker.timeout.connect(lambda: ticks.append(1))
    seen: list[str] = []

    def press_cancel() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                seen.append(w.labelText())
                w.findChild(QPushButton).click()  # the 取消 button, as a user presses it
                return

    canceller = QTimer(interval=5)
    canceller.timeout.connect(press_cancel)
    ticker.start()
    canceller.start()
    assert not sample_window.open_path(path, ask=False)
    canceller.stop()
    assert seen and "大县.xlsx" in seen[0]
    assert sample_window.project.row_count("workloads") == n_before  # nothing lost or half-loaded
    assert "已取消" in sample_window.statusBar().currentMessage()
    # without cancelling, the file opens and the event loop kept turning while it was read
    ticks.clear()
    assert sample_window.open_path(path, ask=False)
    ticker.stop()
    assert sample_window.project.row_count("workloads") == len(big.workloads)
    assert len(ticks) >= 5, ticks  # a read on the GUI thread would let no timer fire
    assert sample_window.project.validate().input == replace_name(
        big, sample_window.project.validate().input
    )
    background.wait_for_tasks()


def replace_name(inp, like):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(inp, name=like.name)


def test_fingerprint_follows_every_part_of_the_input() -> None:
    from dataclasses import replace

    inp = sample_county()
    base = input_fingerprint(inp)
    assert input_fingerprint(sample_county()) == base
    w0, p0, l0 = inp.workloads[0], inp.platforms[0], inp.prices[0]
    changed = [
        replace(inp, policy=replace(inp.policy, min_vendors=inp.policy.min_vendors + 1)),
        replace(inp, workloads=(replace(w0, ram_gb=w0.ram_gb + 1), *inp.workloads[1:])),
        replace(inp, platforms=(replace(p0, xinchuang=not p0.xinchuang), *inp.platforms[1:])),
        replace(inp, prices=(replace(l0, unit_price=l0.unit_price + 0.01), *inp.prices[1:])),
        replace(inp, workloads=inp.workloads[1:]),
    ]
    assert len({base, *(input_fingerprint(c) for c in changed)}) == len(changed) + 1
