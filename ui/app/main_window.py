"""The main window: left-to-right flow 供应商报价 → 业务系统 → 约束策略 → 优化方案 → 导出.

State lives in :class:`Project` (inputs, rules, undo) and in the last :class:`SolveOutcome`;
the widgets are rebuilt from them when the language changes, so every text is retranslated.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QToolBar,
    QWidget,
)

from data.workbook import ValidationIssue
from planner.model import SolveStatus
from ui.app import i18n
from ui.app import settings as app_settings
from ui.app.background import Cancelled, run_in_background, wait_for_background
from ui.app.data_pages import QuotesPage, WorkloadsPage
from ui.app.export_page import ExportPage
from ui.app.i18n import tr
from ui.app.plan_page import PlanPage
from ui.app.project import SUFFIX, Project, ProjectFileError, read_project_file, read_workbook_file
from ui.app.rules_page import AUTO_RESOLVE_MAX, RulesPage
from ui.app.widgets import BAD, GOOD, WARN, ProblemsPanel, yuan
from ui.app.worker import SolveController, SolveOutcome

#: Page keys in flow order; --page accepts these or the Chinese titles.
PAGES = ("quotes", "workloads", "rules", "plan", "export")
PAGE_ALIASES = {
    "供应商报价": "quotes", "报价": "quotes", "platforms": "quotes", "prices": "quotes",
    "业务系统": "workloads", "systems": "workloads", "inventory": "workloads",
    "约束策略": "rules", "约束": "rules", "policy": "rules",
    "优化方案": "plan", "方案": "plan", "导出": "export", "分析": "analysis",
}  # fmt: skip
AUTOSAVE_SECONDS = int(os.environ.get("YUNCE_AUTOSAVE_SECONDS", "120"))
WINDOW_TITLE = "云策 Yunce"


def page_titles() -> dict[str, str]:
    return {
        "quotes": tr("供应商报价"),
        "workloads": tr("业务系统"),
        "rules": tr("约束策略"),
        "plan": tr("优化方案"),
        "export": tr("导出"),
        "analysis": tr("分析"),
    }


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
        self.solver = SolveController(self, mode=solve_mode)
        self.outcome: SolveOutcome | None = None
        self.stale = False
        self.input_version = 0
        self._solve_version = -1
        self.auto_resolve = False
        self.last_export: Path | None = None
        self._restore_settings = restore_settings
        self._closing_confirmed = False
        self._problems_pinned = False
        self.setWindowTitle(WINDOW_TITLE)
        self.setMinimumSize(QSize(1000, 640))
        self.setAcceptDrops(True)

        self.validate_timer = QTimer(self, singleShot=True, interval=250)
        self.validate_timer.timeout.connect(self.validate)
        self.resolve_timer = QTimer(self, singleShot=True, interval=700)
        self.resolve_timer.timeout.connect(self._auto_solve)
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_SECONDS * 1000)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()

        self.project.inputs_changed.connect(self._on_inputs_changed)
        self.project.dirty_changed.connect(self._update_title)
        self.project.reset.connect(self._on_reset)
        self.solver.started.connect(self._on_solve_started)
        self.solver.stage.connect(self._on_solve_stage)
        self.solver.finished.connect(self._on_solve_finished)

        s = app_settings.settings()
        self.auto_resolve = str(s.value("auto_resolve", "false")).lower() == "true"
        self._build_ui()
        if restore_settings:
            geometry = s.value("geometry")
            if isinstance(geometry, QByteArray | bytes) and geometry:
                self.restoreGeometry(QByteArray(geometry))
            else:
                self.resize(1360, 860)
        else:
            self.resize(1360, 860)
        self.validate()

    # --- building the widgets ---------------------------------------------------------------------
    def _build_ui(self) -> None:
        p = self.project
        self.pages: dict[str, QWidget] = {}
        self.quotes_page = QuotesPage(p)
        self.workloads_page = WorkloadsPage(p)
        self.rules_page = RulesPage(p)
        self.plan_page = PlanPage()
        self.export_page = ExportPage()
        self.pages = {
            "quotes": self.quotes_page,
            "workloads": self.workloads_page,
            "rules": self.rules_page,
            "plan": self.plan_page,
            "export": self.export_page,
        }
        analysis = self._analysis_page()
        if analysis is not None:
            self.pages = {
                **dict(list(self.pages.items())[:4]),
                "analysis": analysis,
                "export": self.export_page,
            }

        self.quotes_page.import_requested.connect(
            lambda: self.import_sheets(("platforms", "prices"))
        )
        self.quotes_page.import_vendor_requested.connect(lambda: self.import_vendor_file("quote"))
        self.workloads_page.import_requested.connect(lambda: self.import_vendor_file("inventory"))
        self.rules_page.solve_requested.connect(self.solve)
        self.rules_page.auto.setChecked(self.auto_resolve)
        self.rules_page.auto_resolve_changed.connect(self._set_auto_resolve)
        self.plan_page.suggestion.connect(self.apply_suggestion)
        self.export_page.export_requested.connect(self.export_plan)
        self.export_page.export_input_requested.connect(self.export_input)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 14px; border: none; background: palette(window); }"
            "QListWidget::item { padding: 10px 8px; border-radius: 4px; }"
            "QListWidget::item:selected { background: #1f4e78; color: white; }"
        )
        titles = page_titles()
        for i, key in enumerate(self.pages, start=1):
            item = QListWidgetItem(f"{i}  {titles[key]}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(_page_tip(key))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(4, 4, 4, 0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
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
        self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._restore_ui_state()
        self.nav.setCurrentRow(0)
        self._update_title()

    def _analysis_page(self) -> QWidget | None:
        try:
            from ui.app.analysis_page import AnalysisPage  # type: ignore[import-not-found]
        except ImportError:
            return None
        try:
            page = AnalysisPage()
        except Exception:  # noqa: BLE001 – a broken optional page must not stop the app
            return None
        if hasattr(page, "relaxationRequested"):
            with contextlib.suppress(Exception):
                page.relaxationRequested.connect(self._on_relaxation_requested)
        self.analysis_page = page
        return page

    def _on_relaxation_requested(self, *args: Any) -> None:
        if len(args) >= 2 and isinstance(args[0], str):
            self.apply_suggestion(args[0], args[1])

    def _action(
        self, text: str, slot: Any, shortcut: Any = None, tip: str = "", icon: Any = None
    ) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        if icon is not None:
            act.setIcon(self.style().standardIcon(icon))
        act.triggered.connect(slot)
        return act

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        self.act_new = self._action(
            tr("新建项目"),
            self.new_project,
            QKeySequence.StandardKey.New,
            tr("新建空白项目"),
            SP.SP_FileIcon,
        )
        self.act_open = self._action(tr("打开…"), lambda: self.open_dialog(), QKeySequence.StandardKey.Open,
                                     tr("打开项目文件（.yunce）或标准输入工作簿（.xlsx）"), SP.SP_DialogOpenButton)  # fmt: skip
        self.act_save = self._action(
            tr("保存"),
            lambda: self.save(),
            QKeySequence.StandardKey.Save,
            tr("保存项目文件"),
            SP.SP_DialogSaveButton,
        )
        self.act_save_as = self._action(
            tr("另存为…"), lambda: self.save_as(), "Ctrl+Shift+S", tr("把项目保存为新文件")
        )
        self.act_import_quotes = self._action(
            tr("导入报价工作簿…"), lambda: self.import_sheets(("platforms", "prices"))
        )
        self.act_import_vendor = self._action(tr("导入供应商报价单…"), lambda: self.import_vendor_file("quote"),
                                              tip=tr("读取供应商自己的报价单（任意版式），识别各列后导入"))  # fmt: skip
        self.act_import_workloads = self._action(
            tr("导入系统清单…"), lambda: self.import_vendor_file("inventory")
        )
        self.act_export = self._action(
            tr("导出方案工作簿…"),
            lambda: self.export_plan(),
            "Ctrl+E",
            tr("把方案写成 Excel 工作簿"),
            SP.SP_DriveFDIcon,
        )
        self.act_quit = self._action(tr("退出"), self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self.project.undo.createUndoAction(self, tr("撤销"))
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.project.undo.createRedoAction(self, tr("重做"))
        self.act_redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.act_add_row = self._action(
            tr("添加行"), self._add_row, "Ctrl+Shift+N", tr("在当前表格末尾添加一行")
        )
        self.act_delete_rows = self._action(
            tr("删除行"), self._delete_rows, "Ctrl+-", tr("删除选中的行")
        )
        self.act_solve = self._action(
            tr("求解"), self.solve, "F5", tr("按当前数据和规则求解 (F5)"), SP.SP_MediaPlay
        )
        self.act_cancel = self._action(
            tr("取消求解"), self.cancel_solve, "Esc", tr("停止正在进行的求解"), SP.SP_MediaStop
        )
        self.act_cancel.setEnabled(False)
        self.act_problems = self.problems_dock.toggleViewAction()
        self.act_problems.triggered.connect(self._pin_problems)
        self.act_problems.setText(tr("问题面板"))
        self.act_sample = self._action(
            tr("打开示例县"), self.open_sample, tip=tr("打开内置的示例县（青山县）数据")
        )
        self.act_about = self._action(tr("关于云策"), self._about)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        mb.clear()
        m = mb.addMenu(tr("文件(&F)"))
        m.addActions([self.act_new, self.act_open])
        self.recent_menu = m.addMenu(tr("最近打开"))
        self._fill_recent_menu()
        m.addActions([self.act_save, self.act_save_as])
        m.addSeparator()
        m.addActions([self.act_import_vendor, self.act_import_quotes, self.act_import_workloads])
        m.addSeparator()
        m.addAction(self.act_export)
        m.addSeparator()
        m.addAction(self.act_quit)
        e = mb.addMenu(tr("编辑(&E)"))
        e.addActions([self.act_undo, self.act_redo])
        e.addSeparator()
        e.addActions([self.act_add_row, self.act_delete_rows])
        s = mb.addMenu(tr("求解(&S)"))
        s.addActions([self.act_solve, self.act_cancel])
        v = mb.addMenu(tr("视图(&V)"))
        v.addAction(self.act_problems)
        v.addSeparator()
        for i, key in enumerate(self.pages, start=1):
            v.addAction(
                self._action(
                    page_titles()[key], lambda _=False, k=key: self.show_page(k), f"Ctrl+{i}"
                )
            )
        lang = mb.addMenu(tr("语言(&L)"))
        group = QActionGroup(self)
        for code, name in (("zh", "中文"), ("en", "English")):
            act = QAction(name, self, checkable=True)
            act.setChecked(i18n.current_lang() == code)
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(act)
            lang.addAction(act)
        self.lang_actions = group
        h = mb.addMenu(tr("帮助(&H)"))
        h.addAction(self.act_sample)
        h.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar(tr("工具栏"), self)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addActions([self.act_open, self.act_save])
        tb.addSeparator()
        tb.addActions([self.act_undo, self.act_redo])
        tb.addSeparator()
        tb.addActions([self.act_solve, self.act_cancel])
        tb.addSeparator()
        tb.addAction(self.act_export)
        self.addToolBar(tb)
        self.toolbar = tb

    def _build_status_bar(self) -> None:
        sb = QStatusBar(self)
        self.data_status = QLabel("")
        self.data_status.setObjectName("dataStatus")
        self.solve_status = QLabel("")
        self.solve_status.setObjectName("solveStatus")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip(tr("停止正在进行的求解 (Esc)"))
        self.cancel_button.clicked.connect(self.cancel_solve)
        self.cancel_button.hide()
        sb.addPermanentWidget(self.data_status)
        sb.addPermanentWidget(self.solve_status)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(self.cancel_button)
        self.setStatusBar(sb)
        self._update_data_status()
        self._update_solve_status()

    def _restore_ui_state(self) -> None:
        if not self._restore_settings:
            return
        s = app_settings.settings()
        state = s.value("window_state")
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                value = s.value(f"splitters/{splitter.objectName()}")
                if isinstance(value, QByteArray | bytes) and value:
                    splitter.restoreState(QByteArray(value))

    def _save_ui_state(self) -> None:
        s = app_settings.settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("window_state", self.saveState())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                s.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())

    def rebuild_ui(self) -> None:
        """Recreate every widget (after a language change); the project and plan stay."""
        page = self.current_page()
        self._save_ui_state()
        for dock in self.findChildren(QDockWidget):
            self.removeDockWidget(dock)
            dock.deleteLater()
        if getattr(self, "toolbar", None) is not None:
            self.removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
        self._build_ui()
        self.validate()
        self._show_outcome()
        self.show_page(page)

    # --- language ----------------------------------------------------------------------------------
    def set_language(self, lang: str, remember: bool = True) -> None:
        if lang == i18n.current_lang() and getattr(self, "pages", None):
            return
        i18n.set_language(lang)
        if remember:
            app_settings.settings().setValue("language", lang)
        self.rebuild_ui()

    # --- pages -------------------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        """Show a page by key or Chinese title; 'plan:charts' / 'plan:diagnosis' also pick the tab."""
        name, _, tab = name.partition(":")
        key = PAGE_ALIASES.get(name, name)
        if tab and key == "plan":
            tabs = {
                "allocation": 0,
                "分配方案": 0,
                "charts": 1,
                "图表": 1,
                "diagnosis": 2,
                "诊断": 2,
            }
            if tab not in tabs:
                raise KeyError(tab)
            self.plan_page.tabs.setCurrentIndex(tabs[tab])
        if key not in self.pages:
            raise KeyError(name)
        self.nav.setCurrentRow(list(self.pages).index(key))

    def current_page(self) -> str:
        return list(self.pages)[max(0, self.nav.currentRow())]

    def table_view(self, sheet: str):  # type: ignore[no-untyped-def]
        page = self.quotes_page if sheet in ("platforms", "prices") else self.workloads_page
        return page.section(sheet).view

    def go_to_cell(self, sheet: str, row: int, key: str) -> None:
        self.show_page("quotes" if sheet in ("platforms", "prices") else "workloads")
        self.table_view(sheet).go_to(row, key)

    def _current_section(self):  # type: ignore[no-untyped-def]
        page = self.current_page()
        if page == "workloads":
            return self.workloads_page.workloads
        if page == "quotes":
            focus = QApplication.focusWidget()
            if focus is self.quotes_page.prices.view or self.quotes_page.prices.isAncestorOf(focus):
                return self.quotes_page.prices
            return self.quotes_page.platforms
        return None

    def _add_row(self) -> None:
        section = self._current_section()
        if section is not None:
            section.add_row()

    def _delete_rows(self) -> None:
        section = self._current_section()
        if section is not None:
            section.delete_rows()

    # --- validation and status ---------------------------------------------------------------------
    def _on_inputs_changed(self) -> None:
        self.input_version += 1
        if self.outcome is not None:
            self.stale = True
            self.project.set_plan(None)  # an out-of-date plan is not saved with the project
        self.validate_timer.start()
        self._refresh_stale()
        if self.auto_resolve and self.project.row_count("workloads") <= AUTO_RESOLVE_MAX:
            self.resolve_timer.start()

    def validate(self) -> None:
        self.validate_timer.stop()
        v = self.project.validate()
        self.problems.set_issues(v.issues, self.project.locate)
        if v.errors and self.problems_dock.isHidden():
            self.problems_dock.show()
            self.resizeDocks([self.problems_dock], [190], Qt.Orientation.Vertical)
        elif not v.issues and not self.problems_dock.isHidden() and not self._problems_pinned:
            self.problems_dock.hide()  # nothing to show: give the tables the room
        self._update_data_status()
        self.validated.emit()

    def _pin_problems(self, shown: bool) -> None:
        self._problems_pinned = shown

    def _update_data_status(self) -> None:
        v = self.project.validation
        counts = tr("{p} 个平台 · {l} 条报价 · {w} 个系统").format(
            p=self.project.row_count("platforms"),
            l=self.project.row_count("prices"),
            w=self.project.row_count("workloads"),
        )
        if v.errors:
            text, color = (
                tr("数据：{e} 处错误，{w} 处提示").format(e=len(v.errors), w=len(v.warnings)),
                BAD,
            )
        elif v.warnings:
            text, color = tr("数据：无错误，{w} 处提示").format(w=len(v.warnings)), WARN
        else:
            text, color = tr("数据：无错误"), GOOD
        self.data_status.setText(f"{counts}   <span style='color:{color}'>●</span> {text}")
        self.data_status.setToolTip(tr("双击「问题」面板中的一行可跳到对应单元格"))

    def _update_solve_status(self, text: str | None = None) -> None:
        if text is None:
            plan = self.outcome.plan if self.outcome is not None else None
            if self.solver.running:
                text = tr("方案：求解中…")
            elif plan is None:
                text = tr("方案：尚未求解")
            elif plan.has_solution:
                word = tr("最优") if plan.status is SolveStatus.OPTIMAL else tr("可行")
                text = tr("方案：{word}，{total}").format(
                    word=word, total=yuan(plan.total_annual_cost)
                )
            else:
                text = tr("方案：无可行方案")
            if self.stale and plan is not None and not self.solver.running:
                text += tr("（已过期）")
        self.solve_status.setText(text)

    def _refresh_stale(self) -> None:
        self.plan_page.set_stale(self.stale)
        self.export_page.set_state(self.outcome, self.stale)
        self.rules_page.set_min_cost(self._min_feasible_cost(), self.stale)
        self._update_solve_status()

    def _update_title(self, *args: object) -> None:
        star = "*" if self.project.dirty else ""
        self.setWindowTitle(f"{star}{self.project.title} — {WINDOW_TITLE}")

    def _on_reset(self) -> None:
        self.outcome = None
        self.stale = False
        self._show_outcome()
        self._update_title()

    # --- solving -----------------------------------------------------------------------------------
    def solve(self) -> bool:
        """Start a background solve of the current inputs; False when the inputs have errors."""
        self.validate()
        v = self.project.validation
        if v.input is None or v.errors:
            msg = tr(
                "输入有 {n} 处错误，无法求解。请在下方「问题」面板中逐条修正（双击可跳到对应单元格）。"
            ).format(n=len(v.errors))
            self.plan_page.show_message(msg, "error")
            self.statusBar().showMessage(msg, 15000)
            self._update_solve_status(tr("方案：输入有错误，无法求解"))
            self.problems_dock.show()
            self.solve_blocked.emit(msg)
            return False
        self._solve_version = self.input_version
        self.solver.start(v.input, self.project.time_limit)
        return True

    def _auto_solve(self) -> None:
        if self.auto_resolve and not self.project.validation.errors:
            self.solve()

    def _set_auto_resolve(self, on: bool) -> None:
        self.auto_resolve = on
        app_settings.settings().setValue("auto_resolve", "true" if on else "false")
        if on and self.stale:
            self.resolve_timer.start()

    def cancel_solve(self) -> None:
        if self.solver.running:
            self.solver.cancel()
            self.solve_status.setText(tr("方案：正在取消…"))

    def _on_solve_started(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.act_cancel.setEnabled(True)
        self._update_solve_status()

    def _on_solve_stage(self, text: str, fraction: float) -> None:
        if fraction >= 0:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(fraction * 100))
        else:
            self.progress.setRange(0, 0)
        self.statusBar().showMessage(text)  # already in the current language (worker)

    def _on_solve_finished(self, outcome: SolveOutcome) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.act_cancel.setEnabled(False)
        self.statusBar().clearMessage()
        if outcome.error:
            self.statusBar().showMessage(tr("求解出错"), 15000)
            QMessageBox.critical(
                self, tr("求解出错"), tr("求解时发生内部错误：") + "\n\n" + outcome.error[-1500:]
            )
        elif outcome.plan.status is SolveStatus.CANCELLED:
            self.statusBar().showMessage(tr("已取消求解。"), 8000)
        else:
            previous = self.outcome.plan if self.outcome is not None else None
            self.plan_page.previous_total = (
                previous.total_annual_cost
                if previous is not None and previous.has_solution
                else None
            )
            self.outcome = outcome
            self.stale = self._solve_version != self.input_version
            self.project.set_plan(None if self.stale else outcome)
            self._show_outcome()
            if self.current_page() in ("quotes", "workloads", "rules") and not self.auto_resolve:
                self.show_page("plan")
        self._refresh_stale()
        self.solve_finished.emit(outcome)

    def _show_outcome(self) -> None:
        self.plan_page.show_outcome(self.outcome)
        self._refresh_stale()
        page = getattr(self, "analysis_page", None)
        if page is not None and self.outcome is not None and hasattr(page, "set_report"):
            with contextlib.suppress(Exception):
                page.set_report(self.outcome)

    def _min_feasible_cost(self) -> float | None:
        if self.outcome is None:
            return None
        plan = self.outcome.plan
        if plan.status is SolveStatus.OPTIMAL:
            return plan.total_annual_cost  # the budget rule does not change an optimum it admits
        return plan.min_budget

    def apply_suggestion(self, key: str, value: Any) -> None:
        """Adopt a relaxation from the diagnosis (undoable) and solve again."""
        if key == "budget_annual":
            self.project.set_rule(key, float(value))
        elif key in ("min_xinchuang_share", "max_vendor_share"):
            self.project.set_rule(key, float(value))
        elif key == "min_vendors":
            self.project.set_rule(key, int(value))
        elif key.startswith("capacity:"):
            vendor, name = key.split(":", 1)[1].split("/", 1)
            model = self.project.models["platforms"]
            for r in range(model.rowCount()):
                if (
                    str(model.value(r, "vendor")) == vendor
                    and str(model.value(r, "platform")) == name
                ):
                    model.set_cells([(r, "capacity_vcpu", float(value))], tr("提高平台容量"))
                    break
        self.solve()

    # --- projects ----------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False when the user cancels."""
        if not self.project.dirty:
            return True
        answer = QMessageBox.question(
            self, tr("未保存的修改"),
            tr("项目「{name}」有未保存的修改。是否保存？").format(name=self.project.title),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            return self.save() is not None
        return True

    def new_project(self) -> None:
        if self.maybe_save():
            self.project.new()
            self.show_page("quotes")

    def open_sample(self) -> None:
        if not self.maybe_save():
            return
        from data.samples import sample_county

        self.project.load_input(sample_county())
        from data.samples import sample_county_path

        with sample_county_path() as path:
            self._load_scenarios(path)
        self.statusBar().showMessage(tr("已打开示例县。按 F5 求解。"), 8000)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("打开"),
            self._last_dir(),
            tr("云策项目或输入工作簿 (*.yunce *.xlsx *.xls *.ods);;所有文件 (*)"),
        )
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open a project file (.yunce) or a canonical input workbook (.xlsx)."""
        if ask and not self.maybe_save():
            return False
        path = Path(path)
        if not path.is_file():
            QMessageBox.warning(self, tr("无法打开"), tr("文件不存在：{path}").format(path=path))
            return False
        reading = tr("正在读取 {file}…").format(file=path.name)
        try:
            if path.suffix.lower() == SUFFIX:
                data = run_in_background(self, reading, lambda: read_project_file(path))
                self.project.open(path, data=data)
            else:
                read = run_in_background(self, reading, lambda: read_workbook_file(path))
                v = self.project.open_workbook(path, read)
                if v.errors:
                    self.problems_dock.show()
                self._load_scenarios(path)
        except ProjectFileError as exc:
            QMessageBox.warning(self, tr("无法打开"), str(exc))
            return False
        except Cancelled:
            self.statusBar().showMessage(tr("已取消打开 {file}；当前项目未改动。").format(file=path.name), 8000)
            return False
        self._remember(path)
        self.validate()
        restored = self._restore_saved_plan()
        self.show_page("plan" if restored else "quotes")
        return True

    def _restore_saved_plan(self) -> bool:
        """Show the plan saved in the project file, when it still matches the inputs."""
        outcome = self.project.saved_outcome()
        if outcome is None:
            return False
        self.outcome, self.stale = outcome, False
        self._show_outcome()
        self.statusBar().showMessage(tr("已载入项目中保存的方案（与当前数据一致，无需重新求解）。"), 10000)
        return True

    def _load_scenarios(self, path: Path | None) -> None:
        """Hand the workbook's optional 情景 sheet to the analysis page."""
        page = getattr(self, "analysis_page", None)
        if page is None or not hasattr(page, "set_input"):
            return
        scenarios: list[Any] = []
        if path is not None:
            with contextlib.suppress(Exception):
                from data.scenarios import read_scenarios

                scenarios = list(read_scenarios(path)[0])
        with contextlib.suppress(Exception):
            page.set_input(getattr(page, "input", None), scenarios)

    def save(self) -> Path | None:
        if self.project.path is None:
            return self.save_as()
        return self._save_to(self.project.path)

    def save_as(self, path: str | Path | None = None) -> Path | None:
        if path is None:
            suggested = str(Path(self._last_dir()) / f"{self.project.title}{SUFFIX}")
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("另存为"), suggested, tr("云策项目 (*.yunce)")
            )
            if not chosen:
                return None
            path = chosen
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> Path | None:
        try:
            saved = self.project.save(path)
        except ProjectFileError as exc:
            QMessageBox.warning(self, tr("保存失败"), str(exc))
            return None
        self._remember(saved)
        self._update_title()
        self.statusBar().showMessage(tr("已保存：{path}").format(path=saved), 8000)
        with contextlib.suppress(OSError):
            app_settings.recovery_path().unlink(missing_ok=True)
        return saved

    def _remember(self, path: Path) -> None:
        app_settings.add_recent_file(path)
        app_settings.settings().setValue("last_dir", str(path.parent))
        self._fill_recent_menu()

    def _last_dir(self) -> str:
        return str(app_settings.settings().value("last_dir", str(Path.home())))

    def _fill_recent_menu(self) -> None:
        menu = getattr(self, "recent_menu", None)
        if menu is None:
            return
        menu.clear()
        files = app_settings.recent_files()
        for f in files:
            menu.addAction(Path(f).name, lambda f=f: self.open_path(f)).setToolTip(f)
        if not files:
            menu.addAction(tr("（无）")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(tr("清除列表"), self._clear_recent)

    def _clear_recent(self) -> None:
        app_settings.clear_recent_files()
        self._fill_recent_menu()

    def import_sheets(
        self, sheets: tuple[str, ...], path: str | Path | None = None, interactive: bool | None = None
    ) -> list[ValidationIssue] | None:
        """Import sheets of a workbook into the current tables (undoable).

        Without a path: a file dialog, then the column-mapping dialog (detected mapping, preview).
        With a path the mapping is taken as detected, unless interactive=True.
        """
        mappings = None
        if interactive is None:
            interactive = path is None
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                tr("导入"),
                self._last_dir(),
                tr("Excel 工作簿 (*.xlsx *.xls *.ods);;所有文件 (*)"),
            )
            if not chosen:
                return None
            path = chosen
        from ui.app.import_dialog import ImportDialog, read_rows

        path = Path(path)
        try:
            rows = run_in_background(
                self, tr("正在读取 {file}…").format(file=path.name), lambda: read_rows(path)
            )
            if interactive:
                remembered = self.project.mappings.get(path.name)
                dialog = ImportDialog(path, sheets, self, remembered=remembered, rows=rows)
                if dialog.exec() != ImportDialog.DialogCode.Accepted:
                    return None
                mappings = dialog.mappings()
            issues = self.project.import_sheets(path, sheets, mappings, rows=rows)
        except ValueError as exc:
            QMessageBox.warning(self, tr("无法导入"), str(exc))
            return None
        except Cancelled:
            self.statusBar().showMessage(tr("已取消导入 {file}。").format(file=path.name), 8000)
            return None
        app_settings.settings().setValue("last_dir", str(path.parent))
        self.validate()
        if issues:
            self.problems_dock.show()
        self.show_page("workloads" if sheets == ("workloads",) else "quotes")
        self.statusBar().showMessage(tr("已导入 {file}").format(file=path.name), 8000)
        return issues

    def _remembered_overrides(self, path: Path, kind: str) -> dict[str, str]:
        """Header → field corrections the user made for this file last time (kept in the project)."""
        record = self.project.mappings.get(path.name)
        if not isinstance(record, dict) or record.get("kind") != kind:
            return {}
        columns = record.get("columns") or {}
        if kind == "quote":
            flat: dict[str, str] = {}
            for cols in columns.values():
                flat.update(cols)
            columns = flat
        return {str(h): (f or "ignore") for h, f in columns.items()}

    def import_vendor_file(
        self, kind: str, path: str | Path | None = None, interactive: bool = True
    ) -> bool:
        """Import a vendor quote sheet (kind='quote') or a system list ('inventory') via data.importers.

        Shows the detected column mapping with a preview; interactive=False accepts it as detected.
        """
        from ui.app.vendor_import import VendorImportDialog, importers_available

        if not importers_available():
            return (
                self.import_sheets(
                    ("platforms", "prices") if kind == "quote" else ("workloads",), path
                )
                is not None
            )
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                tr("导入"),
                self._last_dir(),
                tr("表格文件 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)"),
            )
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        try:
            dialog = VendorImportDialog(
                path, kind, self, overrides=self._remembered_overrides(path, kind)
            )
        except Cancelled:
            self.statusBar().showMessage(tr("已取消导入 {file}。").format(file=path.name), 8000)
            return False
        except Exception as exc:  # noqa: BLE001 – an unreadable file is reported, never a crash
            QMessageBox.warning(
                self,
                tr("无法导入"),
                tr("无法读取 {file}：{reason}").format(file=path.name, reason=exc),
            )
            return False
        if interactive and dialog.exec() != VendorImportDialog.DialogCode.Accepted:
            return False
        current = {k: m.frame() for k, m in self.project.models.items()}
        frames = dialog.merged_frames(current)
        if not frames:
            QMessageBox.warning(
                self, tr("无法导入"), tr("{file} 中没有找到可导入的数据。").format(file=path.name)
            )
            return False
        self.project.apply_import(frames, list(dialog.result.issues), path, dialog.mapping_record())
        app_settings.settings().setValue("last_dir", str(path.parent))
        self.validate()
        self.show_page("quotes" if kind == "quote" else "workloads")
        self.statusBar().showMessage(tr("已导入 {file}").format(file=path.name), 8000)
        return True

    # --- autosave and recovery ---------------------------------------------------------------------
    def autosave_now(self) -> Path | None:
        """Write unsaved work to the recovery file (offered at the next start after a crash)."""
        if not self.project.dirty:
            return None
        from ui.app.project import write_project_file

        path = app_settings.recovery_path()
        snap = self.project.snapshot()
        snap["manifest"]["origin"] = str(self.project.path) if self.project.path else ""
        try:
            write_project_file(path, snap)
        except ProjectFileError:
            return None
        return path

    def offer_recovery(self) -> bool:
        """At start-up: restore the autosaved project if the last session crashed."""
        path = app_settings.recovery_path()
        if not path.exists():
            return False
        answer = QMessageBox.question(
            self, tr("恢复未保存的工作"),
            tr("云策上次没有正常退出。发现自动保存的项目，是否恢复？\n（选「否」将删除该自动保存文件）"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.project.open(path, as_recovery=True)
            except ProjectFileError as exc:
                QMessageBox.warning(self, tr("无法恢复"), str(exc))
                path.unlink(missing_ok=True)
                return False
            self.validate()
            self._restore_saved_plan()
            self.statusBar().showMessage(tr("已恢复自动保存的项目；请及时保存。"), 10000)
            return True
        path.unlink(missing_ok=True)
        return False

    # --- export ------------------------------------------------------------------------------------
    def export_plan(self, path: str | Path | None = None) -> Path | None:
        """Write the plan workbook; a clear message when the file is open elsewhere."""
        plan = self.outcome.plan if self.outcome is not None else None
        if plan is None or not plan.has_solution:
            QMessageBox.information(self, tr("导出"), tr("还没有可导出的方案，请先求解（F5）。"))
            return None
        if path is None:
            suggested = str(
                Path(self._last_dir()) / tr("{name}_采购方案.xlsx").format(name=self.project.title)
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("导出方案工作簿"), suggested, tr("Excel 工作簿 (*.xlsx)")
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        from data.plan_writer import write_plan_workbook
        from data.xlsx import WriteError

        assert self.outcome is not None
        sources = [Path(s) for s in self.project.sources if Path(s).exists()]
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = write_plan_workbook(
                plan,
                path,
                lang=self.export_page.workbook_lang,
                inp=self.outcome.input,
                sources=sources,
            )
        except WriteError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, tr("导出失败"), str(exc))
            return None
        except ValueError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, tr("导出失败"), str(exc))
            return None
        QApplication.restoreOverrideCursor()
        self.last_export = Path(written)
        self.export_page.set_last_export(str(written))
        app_settings.settings().setValue("last_dir", str(path.parent))
        self.statusBar().showMessage(tr("方案工作簿已导出：{path}").format(path=written), 10000)
        return Path(written)

    def export_input(self, path: str | Path | None = None) -> Path | None:
        v = self.project.validate()
        if v.input is None:
            QMessageBox.information(
                self, tr("导出"), tr("输入有错误，请先修正后再导出输入工作簿。")
            )
            return None
        if path is None:
            suggested = str(
                Path(self._last_dir()) / tr("{name}_输入.xlsx").format(name=self.project.title)
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("导出输入工作簿"), suggested, tr("Excel 工作簿 (*.xlsx)")
            )
            if not chosen:
                return None
            path = chosen
        from data.writer import write_input_workbook
        from data.xlsx import WriteError

        try:
            written = write_input_workbook(v.input, path)
        except WriteError as exc:
            QMessageBox.warning(self, tr("导出失败"), str(exc))
            return None
        self.statusBar().showMessage(tr("输入工作簿已导出：{path}").format(path=written), 10000)
        return Path(written)

    # --- misc --------------------------------------------------------------------------------------
    def _about(self) -> None:
        QMessageBox.about(
            self, tr("关于云策"),
            tr("云策 Yunce：县级政务云采购优化。\n读取供应商报价和业务系统清单，按预算、信创、数据安全和防锁定规则求出最省钱的方案，并导出 Excel 工作簿。"),
        )  # fmt: skip

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and Path(urls[0].toLocalFile()).suffix.lower() in (SUFFIX, ".xlsx", ".xls", ".ods"):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        """A project file or input workbook dropped on the window is opened."""
        urls = event.mimeData().urls()
        if urls:
            event.acceptProposedAction()
            self.open_path(urls[0].toLocalFile())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closing_confirmed and not self.maybe_save():
            event.ignore()
            return
        self.solver.shutdown()
        page = getattr(self, "analysis_page", None)
        if page is not None and hasattr(page, "shutdown"):
            page.shutdown()
        self.autosave_timer.stop()
        wait_for_background()  # a cancelled read still finishing
        self._save_ui_state()
        with contextlib.suppress(OSError):
            app_settings.recovery_path().unlink(
                missing_ok=True
            )  # a clean exit leaves nothing to recover
        event.accept()


def _page_tip(key: str) -> str:
    return {
        "quotes": tr("第一步：各供应商的平台和报价"),
        "workloads": tr("第二步：本县的业务系统清单"),
        "rules": tr("第三步：预算、信创占比、供应商占比等规则"),
        "plan": tr("第四步：求解并查看方案"),
        "export": tr("第五步：导出方案工作簿"),
        "analysis": tr("分析：锁定风险、敏感性与情景"),
    }.get(key, "")
