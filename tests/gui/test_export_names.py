"""Issue 22 point 9 (GUI side): the 导出 button, the menu/toolbar action and the save dialog say
which workbook they write: 方案工作簿 for a plan, 诊断工作簿 when no plan meets the rules."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QToolButton


def _solve(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.solve_finished, timeout=120_000) as blocker:
        assert window.solve()
    return blocker.args[0]


def _toolbar_text(window) -> str:  # type: ignore[no-untyped-def]
    button = window.toolbar.widgetForAction(window.act_export)
    assert isinstance(button, QToolButton)
    return button.text()


def test_export_says_diagnosis_when_it_writes_one(
    qtbot, sample_window, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    page = w.export_page
    assert page.export_button.text().startswith("导出方案工作簿")
    w.project.set_rule("budget_annual", 1_000_000.0)
    outcome = _solve(qtbot, w)
    assert outcome.plan.status.value == "infeasible"
    assert page.export_button.text() == "导出诊断工作簿… (Ctrl+E)"
    assert w.act_export.text() == "导出诊断工作簿…"
    assert _toolbar_text(w) == "导出诊断工作簿"  # Qt drops the … on a tool button
    asked: list[str] = []

    def choose(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        asked.append(caption)
        return str(tmp_path / "诊断.xlsx"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    path = w.export_plan()
    assert asked == ["导出诊断工作簿"]
    assert path is not None and path.exists()
    # a feasible plan again: the button says 方案 again
    w.project.undo.undo()
    outcome = _solve(qtbot, w)
    assert outcome.plan.has_solution
    assert page.export_button.text() == "导出方案工作簿… (Ctrl+E)"
    assert w.act_export.text() == "导出方案工作簿…"
