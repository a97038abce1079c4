"""导出: write the plan workbook the bureau files (and the input workbook)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.model import SolveStatus
from ui.app.i18n import current_lang, tr
from ui.app.procurement_view import ProcurementView
from ui.app.solve_child import SolveOutcome
from ui.app.widgets import Banner, button, hbox, heading, scrolling_page, yuan


class ExportPage(QWidget):
    export_requested = Signal()
    export_input_requested = Signal()
    summary_written = Signal(str)
    """The 方案摘要 PDF was written (its path)."""
    export_label_changed = Signal(str)
    """What 导出 writes now (导出方案工作簿… or 导出诊断工作簿…), for the menu and toolbar action."""

    def __init__(self, project: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        """The open project (its current 采购标准 apply to the lots listed); None in tests."""
        lay = QVBoxLayout(scrolling_page(self))
        lay.addWidget(
            heading(
                tr("导出"),
                tr(
                    "把方案写成 Excel 工作簿（合计均为公式，Excel/WPS 打开即可核对）；运行过分析时含锁定风险和情景对比，无可行方案时写出诊断。方案摘要 PDF 供领导审批签字。"
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
        self.open_file_button = button(
            tr("打开文件"),
            tr("用系统默认的程序（Excel、WPS 或 PDF 阅读器）打开上次导出的文件"),
            self.open_file,
        )
        self.open_folder_button = button(
            tr("打开所在文件夹"),
            tr("在文件管理器中打开上次导出的文件所在的文件夹"),
            self.open_folder,
        )
        form.addRow("", hbox(self.open_file_button, self.open_folder_button, stretch_at=2))
        lay.addWidget(box)
        self.procurement = ProcurementView(project=project)
        lay.addWidget(self.procurement)
        if project is not None:  # edited 采购标准 re-derive the lots (the plan stays current)
            project.validated.connect(self._update_lots)
        box3 = QGroupBox(tr("方案摘要（供领导审批）"))
        form3 = QFormLayout(box3)
        form3.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        note = QLabel(
            tr(
                "一到两页 A4：年度费用与预算、信创占比、各供应商费用图表、规则核查，以及编制、审核、审批签字栏。"
            )
        )
        note.setWordWrap(True)
        form3.addRow(note)
        self.summary_button = button(
            tr("方案摘要 PDF…"), tr("把方案摘要写成 PDF 文件"), lambda: self.save_summary_pdf()
        )
        self.preview_button = button(
            tr("打印预览…"), tr("预览方案摘要并打印"), lambda: self.print_preview()
        )
        form3.addRow("", hbox(self.summary_button, self.preview_button, stretch_at=2))
        lay.addWidget(box3)
        box2 = QGroupBox(tr("输入工作簿"))
        form2 = QFormLayout(box2)
        form2.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.input_button = button(
            tr("导出输入工作簿…"),
            tr("把当前的平台、报价、业务系统和约束写成标准输入工作簿，便于存档或交给他人"),
            self.export_input_requested.emit,
        )
        form2.addRow(tr("标准输入工作簿："), self.input_button)
        lay.addWidget(box2)
        lay.addStretch(1)
        for w in (self.lang, self.export_button, self.input_button):
            w.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.outcome: SolveOutcome | None = None
        self.last_path: Path | None = None
        self.set_state(None, False)
        self._update_open_buttons()

    @property
    def workbook_lang(self) -> str:
        return str(self.lang.currentData())

    def _name_export(self, diagnosis: bool) -> None:
        """The export button (and the window's 导出 action) say which workbook they write."""
        if diagnosis:
            label, tip = tr("导出诊断工作簿…"), tr("选择保存位置并写出诊断工作簿")
        else:
            label, tip = tr("导出方案工作簿…"), tr("选择保存位置并写出方案工作簿")
        self.export_button.setText(label + " (Ctrl+E)")
        self.export_button.setToolTip(tip)
        self.export_label_changed.emit(label)

    def set_state(self, outcome: SolveOutcome | None, stale: bool) -> None:
        """outcome: the current solve (an infeasible one exports its 诊断 workbook)."""
        plan = outcome.plan if outcome is not None else None
        self.outcome = outcome
        self._name_export(plan is not None and plan.status is SolveStatus.INFEASIBLE)
        self._update_lots()
        for w in (self.summary_button, self.preview_button):
            w.setEnabled(plan is not None and plan.has_solution)
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

    def _update_lots(self) -> None:
        """The 采购项目 of the current plan under the project's current 采购标准."""
        outcome = self.outcome
        if outcome is None or not outcome.plan.has_solution:
            self.procurement.set_plan(None, None)
            return
        years = getattr(outcome, "years", None)
        plan = years if years is not None and years.has_solution else outcome.plan
        inp = outcome.input
        current = getattr(getattr(self.project, "validation", None), "input", None)
        if current is not None:
            inp = replace(inp, procurement=current.procurement)
        self.procurement.set_plan(plan, inp)

    def set_last_export(self, text: str, sheets: Sequence[str] = ()) -> None:
        """The file last written and the sheets it actually holds."""
        self.last.setText(text)
        self.last_path = Path(text) if text else None
        self.sheets.setText("、".join(sheets) if current_lang() == "zh" else ", ".join(sheets))
        self._update_open_buttons()

    # --- after an export: open the file or its folder ------------------------------------------
    def _update_open_buttons(self) -> None:
        there = self.last_path is not None and self.last_path.exists()
        self.open_file_button.setEnabled(there)
        self.open_folder_button.setEnabled(there)

    def open_file(self) -> bool:
        """Open the last exported file with the system's program for it."""
        if self.last_path is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))

    def open_folder(self) -> bool:
        """Open the folder of the last exported file in the file manager."""
        if self.last_path is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path.parent)))

    # --- 方案摘要 PDF and 打印预览 ----------------------------------------------------------------
    def _summary_plan(self):  # type: ignore[no-untyped-def]
        outcome = self.outcome
        if outcome is None or not outcome.plan.has_solution:
            QMessageBox.information(self, tr("方案摘要"), tr("还没有方案，请先求解（F5）。"))
            return None, ""
        years = outcome.years  # a 年度计划: the summary covers every year
        plan = years if years is not None and years.has_solution else outcome.plan
        return plan, outcome.input.name or tr("未命名项目")

    def save_summary_pdf(self, path: str | Path | None = None) -> Path | None:
        """Write the 方案摘要 PDF (asks where unless path is given); returns the file written."""
        from ui.app import settings as app_settings
        from ui.app.summary_pdf import write_pdf

        plan, county = self._summary_plan()
        if plan is None:
            return None
        if path is None:
            folder = str(app_settings.settings().value("last_dir", "") or Path.home())
            suggested = str(Path(folder) / tr("{name}_方案摘要.pdf").format(name=county))
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("保存方案摘要"), suggested, tr("PDF 文件 (*.pdf)")
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            written = write_pdf(plan, county, path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                tr("导出失败"),
                tr("无法写入 {path}：{error}").format(path=path, error=exc.strerror or exc),
            )
            return None
        app_settings.settings().setValue("last_dir", str(path.parent))
        self.set_last_export(str(written), [tr("方案摘要")])
        self.summary_written.emit(str(written))
        return written

    def print_preview(self, show: bool = True):  # type: ignore[no-untyped-def]
        """The 打印预览 of the summary (QPrintPreviewDialog); show=False returns it unopened."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from ui.app.summary_pdf import a4_layout, build_document, print_document

        plan, county = self._summary_plan()
        if plan is None:
            return None
        doc = build_document(plan, county)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(a4_layout())
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(tr("打印预览 — 方案摘要"))
        dialog.paintRequested.connect(lambda printer: print_document(doc, printer))
        dialog._document, dialog._printer = doc, printer  # type: ignore[attr-defined]  # the dialog does not own them
        dialog.resize(900, 680)
        if show:
            dialog.exec()
        return dialog
