"""Per-system rules and discounts in the app (issue 13): the 指定规则 actions on selected systems,
the 折扣 table, and both kept through solve, save and reopen (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel

from data.project_file import read_project_input
from planner.costing import CostModel
from planner.model import Discount, DiscountKind, SolveStatus, SystemRule, SystemRuleKind
from planner.optimize import solve

SOLVE_TIMEOUT = 60_000


def _solve(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.solve_finished, timeout=SOLVE_TIMEOUT) as blocker:
        assert window.solve()
    return blocker.args[0]


def _select(window, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Select the rows of the named systems in the system table."""
    page = window.workloads_page
    view = page.workloads.view
    model = window.project.models["workloads"]
    rows = [r for r in range(model.rowCount()) if model.value(r, "name") in names]
    sel = view.selectionModel()
    sel.clearSelection()
    proxy = view.model()
    for r in rows:
        idx = proxy.mapFromSource(model.index(r, 0))
        sel.select(
            idx, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
    assert sorted(page.selected_systems()) == sorted(names)


def test_rule_actions_reach_the_plan_and_undo(qtbot, sample_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    actions = w.workloads_page.rule_actions
    rules = w.project.models["system_rules"]
    n0 = rules.rowCount()  # the sample's own two pins
    assert n0 == 2
    w.project.set_rule("budget_annual", None)  # the sample's budget has 0.3 % headroom
    base = _solve(qtbot, w).plan
    where = {a.workload.name: a.platform.key for a in base.assignments}
    # pin 电子证照库 to another platform it may use, and keep two systems on different vendors
    cm = CostModel(w.project.validate().input)
    oa = next(i for i, x in enumerate(cm.workloads) if x.name == "电子证照库")
    target = next(
        p.label
        for j, p in enumerate(cm.platforms)
        if cm.eligible[oa, j] and p.key != where["电子证照库"]
    )
    _select(w, ["电子证照库"])
    assert actions.pin(choice=target) == 1
    _select(w, ["不动产登记", "住房公积金管理"])
    assert actions.different_vendor() == 1
    _select(w, ["政务服务一窗受理"])
    assert actions.no_public() == 1
    assert rules.rowCount() == n0 + 3
    v = w.project.validate()
    assert v.input is not None, [str(i.message) for i in v.errors]
    assert v.input.system_rules[n0] == SystemRule(
        SystemRuleKind.PIN, ("电子证照库",), *target.split("/")
    )
    outcome = _solve(qtbot, w)
    assert outcome.plan.status is SolveStatus.OPTIMAL
    got = {a.workload.name: a.platform for a in outcome.plan.assignments}
    assert got["电子证照库"].label == target
    assert got["不动产登记"].vendor != got["住房公积金管理"].vendor
    assert outcome.plan.total_annual_cost >= base.total_annual_cost - 0.005
    assert abs(outcome.plan.total_annual_cost - solve(v.input).total_annual_cost) < 0.005
    # saved and reopened (and read by the CLI's project reader) with the rules
    path = w.save_as(tmp_path / "县")
    assert read_project_input(path).system_rules == v.input.system_rules
    w.project.undo.undo()  # the last action (不上公有云) is one undo step
    assert rules.rowCount() == n0 + 2


def test_discount_table_on_the_quotes_page(qtbot, sample_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    section = w.quotes_page.section("discounts")
    model = w.project.models["discounts"]
    n0 = model.rowCount()  # the sample's own discounts
    assert section.view.model() is not None and n0 == 4
    section.add_row()
    model.set_cells(
        [
            (n0, "vendor", "阿里云"),
            (n0, "kind", "总额阶梯"),
            (n0, "threshold", "100万"),
            (n0, "factor", "9折"),
        ]
    )
    v = w.project.validate()
    assert v.input is not None and v.input.discounts[-1] == Discount(
        "阿里云", DiscountKind.VOLUME, 0.9, 1_000_000.0
    )
    assert len(v.input.discounts) == n0 + 1
    path = w.save_as(tmp_path / "县")
    assert read_project_input(path).discounts == v.input.discounts
    # a bad discount is a cell problem on that table, located for the problems list
    model.set_cells([(n0, "factor", "十折以上")])
    v = w.project.validate()
    assert v.input is None
    bad = [i for i in v.errors if "折扣" in str(i.message) or "折扣" in str(i.column)]
    assert bad and w.project.locate(bad[0])[0] == "discounts"
