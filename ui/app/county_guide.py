"""文件 → 新建县项目: a step-by-step guide from a county's own files to the filed plan.

Five steps — vendor quote sheets, the system inventory, the rules, solving, the export — each
saying what it needs, with the button that does it (the app's own importers, pages and
commands; nothing is read twice or another way) and what has been read so far. The guide is a
small window beside the main one: the user works in the main window and the guide follows
(it refreshes when the inputs are checked, a solve ends or it is brought to the front).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from data.schema import SHEETS
from planner.model import SolveStatus
from ui.app.i18n import loc, tr
from ui.app.widgets import pct, wan, yuan

if TYPE_CHECKING:
    from ui.app.main_window import MainWindow

DONE, NEXT, LATER = "done", "next", "later"
MARKS = {DONE: "✔", NEXT: "➜", LATER: "○"}
COLORS = {DONE: "#1d7a32", NEXT: "#0d5cab", LATER: "#8a8a8a"}


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(dtype=float)
    return pd.to_numeric(frame[column], errors="coerce").dropna()


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame:
        return []
    seen: dict[str, None] = {}
    for value in frame[column]:
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        if text.strip():
            seen.setdefault(text.strip(), None)
    return list(seen)


class Step(QFrame):
    """One step: its number and title, what it needs, what was read, and its button."""

    def __init__(self, number: int, title: str, needs: str, button: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"guideStep{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 6)
        self.mark = QLabel()
        self.mark.setFixedWidth(22)
        self.title = QLabel(f"<b>{number}. {title}</b>")
        self.needs = QLabel(tr("需要：") + needs)
        self.needs.setWordWrap(True)
        self.read = QLabel()
        self.read.setWordWrap(True)
        self.read.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(button)
        grid.addWidget(self.mark, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.button, 0, 2, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.needs, 1, 1)
        grid.addWidget(self.read, 2, 1)
        grid.setColumnStretch(1, 1)
        self.state = LATER

    def add_button(self, text: str) -> QPushButton:
        """A second command of the step, under the first."""
        button = QPushButton(text)
        self.layout().addWidget(button, 2, 2, Qt.AlignmentFlag.AlignTop)  # type: ignore[call-arg]
        return button

    def show_state(self, state: str, read: str) -> None:
        self.state = state
        self.mark.setText(
            f"<span style='color:{COLORS[state]}; font-size:14pt'>{MARKS[state]}</span>"
        )
        self.read.setText(tr("已读取：") + read if state == DONE or read else tr("已读取：尚无"))
        self.button.setDefault(state == NEXT)


class CountyGuide(QDialog):
    """The 新建县项目 guide window (non-modal, beside the main window)."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.setObjectName("countyGuide")
        self.setWindowTitle(tr("新建县项目"))
        self.setModal(False)
        lay = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "按顺序完成以下五步：先读入各供应商的报价单和本县的系统清单，再设规则、求解，最后导出报财政局的方案工作簿。"
                "每一步都可在主窗口里修改，本向导随时显示已读取的内容。"
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.county = QLineEdit()
        self.county.setObjectName("countyName")
        self.county.setPlaceholderText(tr("例如：青山县"))
        self.county.setToolTip(tr("写在方案工作簿和方案摘要的标题中"))
        self.county.editingFinished.connect(self._name_county)
        form.addRow(tr("县（项目）名称："), self.county)
        lay.addLayout(form)
        files = win.files
        self.quotes = Step(
            1,
            tr("供应商报价单"),
            tr(
                "每家供应商的报价单（Excel、WPS 或 CSV，任意版式）。云策识别单价、计费周期和资源池，"
                "拿不准的地方请您确认；每家导入一次。报价单里没有的平台信息（部署方式、等保级别、信创）"
                "从平台清单导入，或在「供应商报价」页的平台表中补上。"
            ),
            tr("导入供应商报价单…"),
            self,
        )
        self.quotes.button.clicked.connect(
            lambda: self._run(lambda: files.import_vendor_file("quote"))
        )
        self.platforms_button = self.quotes.add_button(tr("导入平台清单…"))
        self.platforms_button.setToolTip(
            tr("读取平台清单（部署方式、等保级别、信创、容量），在导入对话框中对应各列")
        )
        self.platforms_button.clicked.connect(
            lambda: self._run(lambda: files.import_sheets(("platforms",)))
        )
        self.inventory = Step(
            2,
            tr("系统清单"),
            tr(
                "本县的信息系统清单：每行一个系统，含系统名称、部门、vCPU、内存、存储，"
                "最好还有数据分级、等保级别和是否须上信创。"
            ),
            tr("导入系统清单…"),
            self,
        )
        self.inventory.button.clicked.connect(
            lambda: self._run(lambda: files.import_vendor_file("inventory"))
        )
        self.rules = Step(
            3,
            tr("规则"),
            tr("年度预算、信创最低占比、单一供应商最高占比、最少供应商数；不改则用默认值。"),
            tr("打开约束策略"),
            self,
        )
        self.rules.button.clicked.connect(lambda: self._run(lambda: win.show_page("rules")))
        self.solve = Step(
            4,
            tr("求解"),
            tr("前三步的数据没有错误（错误列在主窗口下方的「问题」面板中，双击可跳到单元格）。"),
            tr("求解 (F5)"),
            self,
        )
        self.solve.button.clicked.connect(lambda: self._run(win.solve))
        self.export = Step(
            5,
            tr("导出"),
            tr("一个求解结果；无可行方案时导出的是诊断工作簿，列出冲突的规则和放宽办法。"),
            tr("导出工作簿…"),
            self,
        )
        self.export.button.clicked.connect(lambda: self._run(files.export_plan))
        # the steps scroll rather than squeeze their wrapped lines (a 720-high screen)
        inner = QWidget()
        steps_lay = QVBoxLayout(inner)
        steps_lay.setContentsMargins(0, 0, 0, 0)
        for step in self.steps():
            steps_lay.addWidget(step)
        steps_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        lay.addWidget(scroll, 1)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.close)
        lay.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        win.validated.connect(self.refresh)
        win.solve_finished.connect(lambda _outcome: self.refresh())
        screen = win.screen().availableGeometry() if win.screen() is not None else None
        self.resize(640, min(760, screen.height() - 40) if screen is not None else 640)
        self.refresh()

    def steps(self) -> tuple[Step, Step, Step, Step, Step]:
        return (self.quotes, self.inventory, self.rules, self.solve, self.export)

    def _run(self, command: Any) -> None:
        command()
        self.refresh()

    def _name_county(self) -> None:
        name = self.county.text().strip()
        project = self.win.project
        if name and name != project.name:
            project.name = name
            self.win.update_title()
            self.win.validate()  # the name is part of the inputs (the workbook titles)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh()
        super().changeEvent(event)

    # --- what was read ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Every step's mark and its 已读取 line, from the project as it is now."""
        project, win = self.win.project, self.win
        if not self.county.hasFocus():
            self.county.setText(project.name)
        platforms = project.models["platforms"].frame()
        prices = project.models["prices"].frame()
        workloads = project.models["workloads"].frame()
        v = project.validation
        # an empty table is not yet a mistake: its step says 尚无
        errors = [e for e in v.errors if e not in v.empty] if v is not None else []

        def problems(*sheets: str) -> str:
            """'；平台表有 n 处错误，例如…' for the errors on these sheets ('' without any)."""
            names = {SHEETS[k].zh for k in sheets}
            mine = [e for e in errors if e.sheet in names]
            if not mine:
                return ""
            first = mine[0]
            where = tr("{sheet}第 {row} 行「{column}」").format(
                sheet=first.sheet, row=first.row, column=first.column
            )
            return tr("；有 {n} 处错误要修正，例如 {where}：{message}").format(
                n=len(mine), where=where, message=loc(first.message)
            )

        have_quotes = len(prices) > 0
        have_systems = len(workloads) > 0
        # 1. quotes
        vendors = _texts(platforms, "vendor") or _texts(prices, "vendor")
        read = ""
        quote_problems = problems("platforms", "prices")
        if have_quotes:
            read = tr("{v} 家供应商（{names}）、{p} 个平台、{n} 条报价").format(
                v=len(vendors), names="、".join(vendors), p=len(platforms), n=len(prices)
            )
            read += quote_problems
        # 2. systems
        read_systems = ""
        system_problems = problems("workloads", "system_rules")
        if have_systems:
            read_systems = tr("{n} 个系统，合计 {vcpu} vCPU、{ram} GB 内存").format(
                n=len(workloads),
                vcpu=f"{_numbers(workloads, 'vcpu').sum():,.0f}",
                ram=f"{_numbers(workloads, 'ram_gb').sum():,.0f}",
            )
            read_systems += system_problems
        # 3. rules
        policy = project.policy
        budget = wan(policy.budget_annual) if policy.budget_annual else tr("不设上限")
        read_rules = tr(
            "预算 {budget}；信创 ≥ {xc}；单一供应商 ≤ {share}；至少 {n} 家供应商"
        ).format(
            budget=budget,
            xc=pct(policy.min_xinchuang_share),
            share=pct(policy.max_vendor_share),
            n=policy.min_vendors,
        )
        n_errors = len(errors)
        read_rules += problems("policy", "years")
        if n_errors:
            read_rules += tr("（全部 {n} 处错误列在主窗口下方的「问题」面板中）").format(n=n_errors)
        # 4. solve
        session = win.session
        plan = session.plan
        read_solve = ""
        solved = plan is not None and plan.status is not SolveStatus.CANCELLED
        if solved and plan is not None:
            if plan.has_solution:
                word = tr("最优") if plan.status is SolveStatus.OPTIMAL else tr("可行")
                read_solve = tr("{word}方案，年度总费用 {total}").format(
                    word=word, total=yuan(plan.total_annual_cost)
                )
            else:
                read_solve = tr("无可行方案，见「优化方案 → 诊断」")
            if session.stale:
                read_solve += tr("（数据已修改，需重新求解）")
        # 5. export
        exported = win.files.last_export
        read_export = str(exported) if exported is not None else ""
        fresh = solved and not session.stale
        states = [
            DONE if have_quotes and not quote_problems else LATER,
            DONE if have_systems and not system_problems else LATER,
            DONE if have_quotes and have_systems and not n_errors else LATER,
            DONE if fresh else LATER,
            DONE if fresh and exported is not None else LATER,
        ]
        # the first step not done is the one to do next
        for i, state in enumerate(states):
            if state != DONE:
                states[i] = NEXT
                break
        for step, state, text in zip(
            self.steps(),
            states,
            (read, read_systems, read_rules, read_solve, read_export),
            strict=True,
        ):
            step.show_state(state, text)
        self.solve.button.setEnabled(have_quotes and have_systems)
        self.export.button.setEnabled(fresh)


def open_guide(win: MainWindow) -> CountyGuide | None:
    """文件 → 新建县项目: a blank project (after asking to save the current one) and the guide."""
    if not win.files.maybe_save():
        return None
    win.project.new()
    win.show_page("quotes")
    guide = getattr(win, "county_guide", None)
    if guide is None:
        guide = CountyGuide(win)
        win.county_guide = guide
    guide.refresh()
    guide.show()
    guide.raise_()
    return guide
