"""The main window: left-to-right flow 供应商报价 → 业务系统 → 约束策略 → 优化方案 → 分析 → 导出.

The window only lays the pages out and wires them: inputs, rules and undo live in
:class:`~ui.app.project.Project`, the current plan in :class:`~ui.app.solve_session.SolveSession`,
file commands in :class:`~ui.app.file_commands.FileCommands`, menus in :mod:`ui.app.actions`.
The widgets are rebuilt when the language changes; project, plan and analysis stay.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from planner.analysis import AnalysisReport
from planner.model import SolveStatus
from planner.rules import CAPACITY_PREFIX, capacity_platform, rule
from ui.app import actions, i18n, window_fit
from ui.app import settings as app_settings
from ui.app.about import show_about
from ui.app.actions import PAGE_ALIASES, PAGES, PLAN_TABS, page_tip, page_titles  # noqa: F401 – PAGES: --page keys
from ui.app.analysis_page import AnalysisPage
from ui.app.data_pages import QuotesPage, WorkloadsPage
from ui.app.export_page import ExportPage
from ui.app.file_commands import FileCommands
from ui.app.first_run import make_start_guide
from ui.app.i18n import tr
from ui.app.plan_page import PlanPage
from ui.app.project import SUFFIX, Project
from ui.app.rules_page import RulesPage
from ui.app.solve_session import SolveOutcome, SolveSession
from ui.app.status import AppStatusBar
from ui.app.tasks import Task, wait_for_tasks
from ui.app.undo_text import retranslate_stack, undo_text
from ui.app.widgets import ProblemsPanel

AUTOSAVE_SECONDS = int(os.environ.get("YUNCE_AUTOSAVE_SECONDS", "120"))
WINDOW_TITLE = "云策 Yunce"


class MainWindow(QMainWindow):
    """The desktop app's window."""

    solve_blocked = Signal(str)
    """Solving was refused (the message says why)."""
    solve_finished = Signal(object)
    """A SolveOutcome arrived (also cancelled ones)."""
    validated = Signal()

    def __init__(
        self,
        project: Project | None = None,
        solve_mode: str = "process",
        restore_settings: bool = True,
    ) -> None:
        super().__init__()
        self.project = project or Project(self)
        self.session = SolveSession(self.project, self, mode=solve_mode)
        self.files = FileCommands(self)
        self._restore_settings = restore_settings
        self._closing_confirmed = False
        self._problems_pinned = False
        self.setWindowTitle(WINDOW_TITLE)
        self.setMinimumSize(QSize(1000, 640))
        self.setAcceptDrops(True)
        self.validate_timer = QTimer(self, singleShot=True, interval=250)
        self.validate_timer.timeout.connect(self.validate_in_background)
        self._validation_tasks: set[Task] = set()
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_SECONDS * 1000)
        self.autosave_timer.timeout.connect(lambda: self.files.autosave_now())
        self.autosave_timer.start()

        self.project.inputs_changed.connect(self.validate_timer.start)
        self.project.dirty_changed.connect(self.update_title)
        self.project.reset.connect(self.update_title)
        self.project.reset.connect(self._update_guide)
        s = self.session
        s.started.connect(self._on_solve_started)
        s.stage.connect(lambda text, fraction: self.status.on_stage(text, fraction))
        s.finished.connect(self._on_solve_finished)
        s.outcome_changed.connect(self._show_outcome)
        s.stale_changed.connect(self._refresh_stale)
        s.blocked.connect(self._on_solve_blocked)
        self._build_ui()
        self.saved_geometry = app_settings.settings().value("geometry") if restore_settings else 0
        window_fit.restore_or_default(self, self.saved_geometry)  # run_app fits it to the screen
        self.validate()

    # --- compatibility: the session's state, read through the window -----------------------------
    solver = property(lambda self: self.session)
    outcome = property(lambda self: self.session.outcome)
    stale = property(lambda self: self.session.stale)
    auto_resolve = property(lambda self: self.session.auto_resolve)
    last_export = property(lambda self: self.files.last_export)

    # the file commands, also callable on the window
    open_path = property(lambda self: self.files.open_path)
    open_sample = property(lambda self: self.files.open_sample)
    save = property(lambda self: self.files.save)
    save_as = property(lambda self: self.files.save_as)
    import_sheets = property(lambda self: self.files.import_sheets)
    import_vendor_file = property(lambda self: self.files.import_vendor_file)
    export_plan = property(lambda self: self.files.export_plan)
    export_input = property(lambda self: self.files.export_input)
    autosave_now = property(lambda self: self.files.autosave_now)
    offer_recovery = property(lambda self: self.files.offer_recovery)

    # --- building the widgets ---------------------------------------------------------------------
    def _build_ui(self) -> None:
        p = self.project
        self.quotes_page = QuotesPage(p)
        self.workloads_page = WorkloadsPage(p)
        self.rules_page = RulesPage(p)
        self.plan_page = PlanPage()
        self.analysis_page = AnalysisPage()
        self.export_page = ExportPage(p)
        self.pages: dict[str, QWidget] = {
            "quotes": self.quotes_page,
            "workloads": self.workloads_page,
            "rules": self.rules_page,
            "plan": self.plan_page,
            "analysis": self.analysis_page,
            "export": self.export_page,
        }
        f = self.files
        self.quotes_page.import_requested.connect(lambda: f.import_sheets(("platforms", "prices")))
        self.quotes_page.import_vendor_requested.connect(lambda: f.import_vendor_file("quote"))
        self.quotes_page.rfq_requested.connect(lambda: self.act_rfq.trigger())
        self.workloads_page.import_requested.connect(lambda: f.import_vendor_file("inventory"))
        self.rules_page.solve_requested.connect(self.solve)
        self.rules_page.auto.setChecked(self.session.auto_resolve)
        self.rules_page.auto_resolve_changed.connect(self.session.set_auto_resolve)
        self.plan_page.suggestion.connect(self.apply_suggestion)
        self.analysis_page.relaxationRequested.connect(self.apply_suggestion)
        self.export_page.export_requested.connect(lambda: f.export_plan())
        self.export_page.export_input_requested.connect(lambda: f.export_input())
        if f.last_export is not None:
            self.export_page.set_last_export(str(f.last_export), f.last_sheets)

        self.nav, self.stack = actions.build_navigation(self, page_titles(), page_tip)
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(4, 4, 4, 0)
        lay.addWidget(self.nav)
        right = QVBoxLayout()
        self.start_guide = make_start_guide(self.solve, lambda: self.files.open_dialog(), self)
        if self.start_guide is not None:
            right.addWidget(self.start_guide)
            self._update_guide()
        right.addWidget(self.stack, 1)
        lay.addLayout(right, 1)
        self.setCentralWidget(central)

        self.problems = ProblemsPanel()
        self.problems.jump.connect(self.go_to_cell)
        self.problems_dock = QDockWidget(tr("问题"), self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems)
        self.problems_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()  # shown by validate() when there is something to show
        actions.build_actions(self)
        actions.build_menus(self)
        self.toolbar = actions.build_toolbar(self)
        self._build_status_bar()
        if self._restore_settings:
            app_settings.restore_window_state(self)
        self.nav.setCurrentRow(0)
        self.update_title()

    def _build_status_bar(self) -> None:
        self.status = AppStatusBar(self.project, self.session, self)
        self.status.cancel_button.clicked.connect(self.cancel_solve)
        self.setStatusBar(self.status)
        self.data_status, self.solve_status = self.status.data_status, self.status.solve_status
        self.progress, self.cancel_button = self.status.progress, self.status.cancel_button

    def rebuild_ui(self) -> None:
        """Recreate every widget (after a language change); project, plan and analysis stay."""
        page, old = self.current_page(), self.analysis_page
        report, inp, scenarios = old.report, old.input, old.scenarios
        old.shutdown()
        self.plan_page.shutdown()
        app_settings.save_window_state(self)
        for dock in self.findChildren(QDockWidget):
            self.removeDockWidget(dock)
            dock.deleteLater()
        self.removeToolBar(self.toolbar)
        self.toolbar.deleteLater()
        self._build_ui()
        self.validate()
        self._show_outcome()
        self.analysis_page.set_input(inp, scenarios)
        if isinstance(report, AnalysisReport):
            self.analysis_page.set_report(report)  # re-rendered in the new language, not discarded
        self.show_page(page)

    def set_language(self, lang: str, remember: bool = True) -> None:
        if lang == i18n.current_lang() and getattr(self, "pages", None):
            return
        i18n.set_language(lang)
        retranslate_stack(self.project.undo)  # 撤销/Undo texts follow (rebuild_ui: the actions)
        if remember:
            app_settings.settings().setValue("language", lang)
        self.rebuild_ui()

    # --- pages -------------------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        """Show a page by key or Chinese title; 'plan:charts' / 'plan:diagnosis' also pick the tab."""
        name, _, tab = name.partition(":")
        key = PAGE_ALIASES.get(name, name)
        if tab and key == "plan":
            self.plan_page.tabs.setCurrentIndex(PLAN_TABS[tab])
        if key not in self.pages:
            raise KeyError(name)
        self.nav.setCurrentRow(list(self.pages).index(key))

    def current_page(self) -> str:
        return list(self.pages)[max(0, self.nav.currentRow())]

    def table_view(self, sheet: str):  # type: ignore[no-untyped-def]
        page = (
            self.quotes_page
            if sheet in ("platforms", "prices", "discounts")
            else self.workloads_page
        )
        return page.section(sheet).view

    def go_to_cell(self, sheet: str, row: int, key: str) -> None:
        if sheet == "policy":  # a rule: its control on the rules page
            self.show_page("rules")
            self.rules_page.controls[key].setFocus()
            return
        self.show_page("quotes" if sheet in ("platforms", "prices", "discounts") else "workloads")
        self.table_view(sheet).go_to(row, key)

    def _current_section(self):  # type: ignore[no-untyped-def]
        page = self.current_page()
        if page == "workloads":
            return self.workloads_page.workloads
        if page == "quotes":
            focus = QApplication.focusWidget()
            prices = self.quotes_page.prices
            return (
                prices
                if focus is prices.view or prices.isAncestorOf(focus)
                else self.quotes_page.platforms
            )
        return None

    def add_row(self) -> None:
        if (section := self._current_section()) is not None:
            section.add_row()

    def delete_rows(self) -> None:
        if (section := self._current_section()) is not None:
            section.delete_rows()

    # --- validation and status ---------------------------------------------------------------------
    def validate(self) -> None:
        self.validate_timer.stop()
        self._show_validation(self.project.validate())

    def validate_in_background(self) -> None:
        """Re-check the inputs after an edit on a worker (0.8 s at 20,000 systems); the result is
        shown on the GUI thread unless a newer edit came in meanwhile (its own check follows)."""
        snapshot = self.project.validation_snapshot()
        task = Task(lambda _ctx: Project.check_snapshot(snapshot))
        task.result.connect(self._apply_validation)
        task.finished.connect(lambda: self._validation_tasks.discard(task))
        self._validation_tasks.add(task)
        task.start()

    def _apply_validation(self, checked: object) -> None:
        v = self.project.apply_check(checked)  # type: ignore[arg-type]
        if v is not None:
            self._show_validation(v)

    def _show_validation(self, v) -> None:  # type: ignore[no-untyped-def]
        self.problems.set_issues(v.issues, self.project.locate)
        if (
            any(e not in v.empty for e in v.errors) and self.problems_dock.isHidden()
        ):  # not for a new project
            self.problems_dock.show()
            self.resizeDocks(
                [self.problems_dock], [window_fit.problems_height(self)], Qt.Orientation.Vertical
            )
        elif not v.issues and not self.problems_dock.isHidden() and not self._problems_pinned:
            self.problems_dock.hide()  # nothing to show: give the tables the room
        self.status.update_data()
        self.validated.emit()

    def pin_problems(self, shown: bool) -> None:
        self._problems_pinned = shown

    def _refresh_stale(self) -> None:
        stale = self.session.stale
        self.plan_page.set_stale(stale)
        self.export_page.set_state(self.session.outcome, stale)
        self.rules_page.set_min_cost(self.session.min_feasible_cost(), stale)
        self.status.update_solve()

    def update_title(self, *args: object) -> None:
        star = "*" if self.project.dirty else ""
        self.setWindowTitle(f"{star}{self.project.title} — {WINDOW_TITLE}")

    # --- solving -----------------------------------------------------------------------------------
    def solve(self) -> bool:
        """Start a background solve of the current inputs; False when the inputs have errors."""
        self.validate()
        return self.session.solve(validate=False)

    def _on_solve_blocked(self, msg: str) -> None:
        self.plan_page.show_refusal(msg)
        self.statusBar().showMessage(msg, 15000)
        self.status.update_solve(tr("方案：输入有错误，无法求解"))
        self.problems_dock.show()
        self.solve_blocked.emit(msg)

    def cancel_solve(self) -> None:
        if self.session.running:
            self.session.cancel()
            self.solve_status.setText(tr("方案：正在取消…"))

    def _on_solve_started(self) -> None:
        self.status.set_running(True)
        self.act_cancel.setEnabled(True)
        previous = self.session.plan
        self.plan_page.previous_total = (
            previous.total_annual_cost if previous is not None and previous.has_solution else None
        )

    def _on_solve_finished(self, outcome: SolveOutcome) -> None:
        self.status.set_running(False)
        self.act_cancel.setEnabled(False)
        if outcome.error:
            self.statusBar().showMessage(tr("求解出错"), 15000)
            QMessageBox.critical(
                self, tr("求解出错"), tr("求解时发生内部错误：") + "\n\n" + outcome.error[-1500:]
            )
        elif outcome.plan.status is SolveStatus.CANCELLED:
            self.statusBar().showMessage(tr("已取消求解。"), 8000)
        elif (
            self.current_page() in ("quotes", "workloads", "rules")
            and not self.session.auto_resolve
        ):
            self.show_page("plan")
        self._refresh_stale()
        self.solve_finished.emit(outcome)

    def _show_outcome(self) -> None:
        outcome = self.session.outcome
        self.plan_page.show_outcome(outcome)
        self._refresh_stale()
        if outcome is not None:
            self.analysis_page.set_report(outcome)

    def apply_suggestion(self, key: str, value: Any) -> None:
        """Adopt a relaxation from the diagnosis or the analysis (undoable) and solve again."""
        if key.startswith(CAPACITY_PREFIX):
            vendor, name = capacity_platform(key)
            model = self.project.models["platforms"]
            for r in range(model.rowCount()):
                if (
                    str(model.value(r, "vendor")) == vendor
                    and str(model.value(r, "platform")) == name
                ):
                    model.set_cells([(r, "capacity_vcpu", float(value))], undo_text("提高平台容量"))
                    break
        else:
            self.project.set_rule(key, rule(key).coerce(value))
        self.solve()

    # --- misc --------------------------------------------------------------------------------------
    def about(self) -> None:
        show_about(self)

    def _update_guide(self) -> None:
        """The start guide names the county that is open (none for an empty project)."""
        if self.start_guide is not None:
            self.start_guide.set_county(
                self.project.name or None if self.project.row_count("workloads") else None
            )

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and Path(urls[0].toLocalFile()).suffix.lower() in (SUFFIX, ".xlsx", ".xls", ".ods"):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        """A project file or input workbook dropped on the window is opened."""
        urls = event.mimeData().urls()
        if urls:
            event.acceptProposedAction()
            self.files.open_path(urls[0].toLocalFile())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closing_confirmed and not self.files.maybe_save():
            event.ignore()
            return
        self.session.shutdown()
        self.analysis_page.shutdown()
        self.plan_page.shutdown()
        self.autosave_timer.stop()
        self.validate_timer.stop()
        for task in list(self._validation_tasks):  # a background check of the inputs
            task.wait()
        wait_for_tasks()  # a cancelled read still finishing
        app_settings.save_window_state(self)
        with contextlib.suppress(OSError):  # a clean exit leaves nothing to recover
            app_settings.recovery_path().unlink(missing_ok=True)
        event.accept()
