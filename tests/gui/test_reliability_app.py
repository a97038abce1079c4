"""Issue 23 in the desktop app: what a user sees when a file cannot be read or written, when
the recovery file is damaged, and when the two solvers disagree about "no plan exists"."""

from __future__ import annotations

from dataclasses import replace

from planner import solvers
from planner.model import SolveStatus

#: HiGHS with feasibility tolerances far tighter than its defaults (see
#: tests/planner/test_second_opinion.py for the same instance at the planner level).
STRICT_HIGHS = {"mip_feasibility_tolerance": 1e-10, "primal_feasibility_tolerance": 1e-10}


def test_a_solver_disagreement_shows_on_the_plan_page(window, monkeypatch):
    from data.samples import sample_county
    from planner.optimize import solve
    from ui.app.solve_child import SolveOutcome

    county = sample_county()
    optimum = solve(county).total_annual_cost
    for name, value in STRICT_HIGHS.items():
        monkeypatch.setitem(solvers.HIGHS_OPTIONS, name, value)
    inp = replace(county, policy=replace(county.policy, budget_annual=optimum - 1e-4))
    plan = solve(inp)
    assert plan.status is SolveStatus.FEASIBLE
    window.plan_page.show_outcome(SolveOutcome(plan, inp))
    banner = window.plan_page.banner
    assert "两种求解器的结论不一致" in banner.text()
    assert banner.kind == "warn"  # not the green of a proven optimum


def test_save_asks_before_replacing_a_read_only_file(sample_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from data.project_file import read_project_file

    path = sample_window.save_as(tmp_path / "县项目.yunce")
    assert path is not None
    before = path.read_bytes()
    path.chmod(0o444)
    model = sample_window.project.models["platforms"]
    model.setData(model.index(0, model.keys.index("capacity_vcpu")), "640")
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer[0])
    assert sample_window.save_as(path) is None  # "No": the read-only file is kept as it was
    assert asked and "只读" in asked[-1] and path.read_bytes() == before
    answer[0] = QMessageBox.StandardButton.Yes
    assert sample_window.save_as(path) == path  # "Yes": replaced, whole
    table = read_project_file(path)["tables"]["platforms"]
    assert table["rows"][0][table["columns"].index("capacity_vcpu")] == 640


def test_a_damaged_recovery_file_is_set_aside_and_the_app_starts(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.app import settings as app_settings

    recovery = app_settings.recovery_path()
    recovery.parent.mkdir(parents=True, exist_ok=True)
    recovery.write_bytes(b"PK\x03\x04 not a project at all")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert window.offer_recovery() is False
    assert not recovery.exists()
    aside = list(recovery.parent.glob("recovery.damaged-*.yunce"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"PK\x03\x04 not")
    assert warned and "已损坏" in warned[0] and aside[0].name in warned[0]
    assert not window.project.dirty  # a new, empty project: the app starts as usual
