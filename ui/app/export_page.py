"""导出: write the plan workbook the bureau files (and the input workbook)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.model import SolveStatus
from ui.app.i18n import current_lang, tr
from ui.app.solve_child import SolveOutcome
from ui.app.widgets import Banner, button, heading, yuan


class ExportPage(QWidget):
    export_requested = Signal()
    export_input_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addWidget(
            heading(
                tr("导出"),
                tr(
                    "把方案写成 Excel 工作簿（合计均为公式，Excel/WPS 打开即可核对）；运行过分析时含锁定风险和情景对比，无可行方案时写出诊断。"
                ),
            )
        )
        self.banner = Banner()
        lay.addWidget(self.banner)
        box = QGroupBox(tr("方案工作簿"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("当前方案："), self.summary)
        self.lang = QComboBox()
        self.lang.addItem(tr("中文"), "zh")
        self.lang.addItem(tr("英文"), "en")
        self.lang.setToolTip(tr("工作簿中表头和文字的语言"))
        form.addRow(tr("工作簿语言："), self.lang)
        self.export_button = button(
            tr("导出方案工作簿… (Ctrl+E)"),
            tr("选择保存位置并写出方案工作簿"),
            self.export_requested.emit,
        )
        self.export_button.setStyleSheet("font-weight:600; padding:4px 18px;")
        form.addRow("", self.export_button)
        self.last = QLabel("")
        self.last.setWordWrap(True)
        self.last.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("上次导出："), self.last)
        self.sheets = QLabel("")
        self.sheets.setObjectName("exportedSheets")
        self.sheets.setWordWrap(True)
        form.addRow(tr("包含工作表："), self.sheets)
        lay.addWidget(box)
        box2 = QGroupBox(tr("输入工作簿"))
        form2 = QFormLayout(box2)
        form2.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.input_button = button(
            tr("导出输入工作簿…"),
            tr("把当前的平台、报价、业务系统和约束写成标准输入工作簿（可用 yunce plan 命令求解）"),
            self.export_input_requested.emit,
        )
        form2.addRow(tr("标准输入工作簿："), self.input_button)
        lay.addWidget(box2)
        lay.addStretch(1)
        for w in (self.lang, self.export_button, self.input_button):
            w.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_state(None, False)

    @property
    def workbook_lang(self) -> str:
        return str(self.lang.currentData())

    def set_state(self, outcome: SolveOutcome | None, stale: bool) -> None:
        """outcome: the current solve (an infeasible one exports its 诊断 workbook)."""
        plan = outcome.plan if outcome is not None else None
        if plan is not None and plan.status is SolveStatus.INFEASIBLE:
            self.summary.setText(
                tr(
                    "无可行方案：导出诊断工作簿（冲突的规则、各规则的最小放宽量、其余规则下最省钱的方案）。"
                )
            )
            self.export_button.setEnabled(True)
            self.banner.show_message("")
            return
        if plan is None or not plan.has_solution:
            self.summary.setText(
                tr("暂无可导出的方案：请先求解。")
                if plan is None or plan.status is SolveStatus.CANCELLED
                else tr("上次求解无可行方案，无法导出。")
            )
            self.export_button.setEnabled(False)
            self.banner.show_message("")
            return
        status = tr("最优") if plan.status is SolveStatus.OPTIMAL else tr("可行（未证明最优）")
        self.summary.setText(
            tr("{status}，{n} 个系统，{v} 家供应商，年度总费用 {total}").format(
                status=status,
                n=len(plan.assignments),
                v=plan.vendors_used,
                total=yuan(plan.total_annual_cost),
            )
        )
        self.export_button.setEnabled(True)
        if stale:
            self.banner.show_message(
                tr(
                    "注意：数据或规则在求解后已修改，导出的是上次求解的方案。建议先按 F5 重新求解。"
                ),
                "warn",
            )
        else:
            self.banner.show_message("")

    def set_last_export(self, text: str, sheets: Sequence[str] = ()) -> None:
        """The file last written and the sheets it actually holds."""
        self.last.setText(text)
        self.sheets.setText("、".join(sheets) if current_lang() == "zh" else ", ".join(sheets))
