"""The main window's status bar: data counts and problems, the plan's state, solve progress and 取消."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from planner.model import SolveStatus
from ui.app.i18n import tr
from ui.app.widgets import BAD, GOOD, WARN, yuan

if TYPE_CHECKING:
    from ui.app.project import Project
    from ui.app.solve_session import SolveSession


class AppStatusBar(QStatusBar):
    def __init__(
        self, project: Project, session: SolveSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project, self.session = project, session
        self.data_status = QLabel("")
        self.data_status.setObjectName("dataStatus")
        self.solve_status = QLabel("")
        self.solve_status.setObjectName("solveStatus")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip(tr("停止正在进行的求解 (Esc)"))
        for w in (self.data_status, self.solve_status, self.progress, self.cancel_button):
            self.addPermanentWidget(w)
        self._blocked: str | None = None
        """The 'inputs have errors' message of a refused solve, cleared once they are fixed."""
        session.blocked.connect(self._on_blocked)
        self.set_running(session.running)
        self.update_data()
        self.update_solve()

    def set_running(self, running: bool) -> None:
        if running:
            self.progress.setRange(0, 0)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        if not running:
            self.clearMessage()
        self.update_solve()

    def on_stage(self, text: str, fraction: float) -> None:
        if fraction >= 0:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(fraction * 100))
        else:
            self.progress.setRange(0, 0)
        self.showMessage(text)  # already in the current language

    def _on_blocked(self, message: str) -> None:
        self._blocked = message

    def update_data(self) -> None:
        v, p = self.project.validation, self.project
        if self._blocked is not None and not v.errors:  # fixed (or undone): the refusal is over
            if self.currentMessage() == self._blocked:
                self.clearMessage()
            self._blocked = None
            self.update_solve()
        counts = tr("{p} 个平台 · {l} 条报价 · {w} 个系统").format(
            p=p.row_count("platforms"), l=p.row_count("prices"), w=p.row_count("workloads")
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

    def update_solve(self, text: str | None = None) -> None:
        if text is None:
            plan, running = self.session.plan, self.session.running
            if running:
                text = tr("方案：求解中…")
            elif plan is None:
                text = tr("方案：尚未求解")
            elif plan.has_solution:
                word = tr("最优") if plan.status is SolveStatus.OPTIMAL else tr("可行")
                years = getattr(self.session.outcome, "years", None)
                if (
                    years is not None and years.has_solution
                ):  # a year plan: its total over the horizon
                    text = tr("方案：{word}，{first}–{last} 合计 {total}").format(
                        word=word,
                        first=years.years[0],
                        last=years.years[-1],
                        total=yuan(years.total_cost),
                    )
                else:
                    text = tr("方案：{word}，{total}").format(
                        word=word, total=yuan(plan.total_annual_cost)
                    )
            else:
                text = tr("方案：无可行方案")
            if self.session.stale and plan is not None and not running:
                text += tr("（已过期）")
        self.solve_status.setText(text)
