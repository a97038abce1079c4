"""采购标准 on the rules page and the 采购项目 on the export page (planner.procurement).

ProcurementStandardsBox edits the project's 采购标准 (undoable; they never change the plan, only
the lots' methods). ProcurementView lists the plan's 采购项目 with their amounts, 采购方式 and
组织形式 before the workbook is written, shows the 化整为零 findings, and lets the user merge
lots into one 采购项目 (one 包 per vendor) or split a merged one back; the workbook is written
with the lots as shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from data.schema import sheet_columns
from planner.model import ProcurementStandards
from planner.procurement import (
    METHOD_LABELS,
    ORGANISATION_LABELS,
    Method,
    ProcurementReport,
    merge_lots,
    plan_procurement,
    procurement_with_merges,
    split_lot,
)
from ui.app.i18n import current_lang, loc, tr
from ui.app.project import Project
from ui.app.widgets import button, hbox

_DEFAULTS = ProcurementStandards()


def _meaning(key: str) -> str:
    col = next(c for c in sheet_columns("procurement") if c.key == key)
    return col.meaning_zh if current_lang() == "zh" else col.meaning_en


class ProcurementStandardsBox(QGroupBox):
    """The 采购标准 fields, each with its plain-Chinese explanation (from the schema)."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(tr("采购标准（决定采购方式，不影响方案）"), parent)
        self.setObjectName("procurementStandards")
        self.project = project
        lay = QVBoxLayout(self)
        self.defaults_note = QLabel(
            tr(
                "默认值是全国指引下限（财库〔2019〕69号：市县级分散采购限额标准不低于 30 万元，公开招标数额标准不低于 200 万元），请按本省标准修改。"
            )
        )
        self.defaults_note.setObjectName("procurementDefaultsNote")
        self.defaults_note.setWordWrap(True)
        self.defaults_note.setStyleSheet("color:#9C5700;")
        lay.addWidget(self.defaults_note)
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(14)
        lay.addLayout(grid)
        self.limit = self._money()
        self.tender = self._money()
        self.catalogue = QCheckBox(tr("是"))
        self.item_code = QLineEdit()
        self.item_name = QLineEdit()
        self.contract_years = QSpinBox()
        self.contract_years.setRange(1, 10)
        self.contract_years.setSuffix(tr(" 年"))
        self.fiscal_year = QSpinBox()
        self.fiscal_year.setRange(1999, 2100)
        self.fiscal_year.setSpecialValueText(tr("当年"))
        self.quarter = QComboBox()
        for q in range(1, 5):
            self.quarter.addItem(tr("第 {q} 季度").format(q=q), q)
        self.funding = QLineEdit()
        self.controls: dict[str, QWidget] = {
            "decentralized_limit": self.limit,
            "tender_threshold": self.tender,
            "in_central_catalogue": self.catalogue,
            "item_code": self.item_code,
            "item_name": self.item_name,
            "contract_years": self.contract_years,
            "fiscal_year": self.fiscal_year,
            "quarter": self.quarter,
            "funding_source": self.funding,
        }
        names = {
            "decentralized_limit": tr("分散采购限额标准"),
            "tender_threshold": tr("公开招标数额标准"),
            "in_central_catalogue": tr("云计算服务在集中采购目录内"),
            "item_code": tr("采购品目编码"),
            "item_name": tr("采购品目名称"),
            "contract_years": tr("合同年限"),
            "fiscal_year": tr("采购年度"),
            "quarter": tr("预计采购季度"),
            "funding_source": tr("资金来源"),
        }
        for i, (key, control) in enumerate(self.controls.items()):
            grid.addWidget(QLabel(names[key]), i, 0)
            grid.addWidget(control, i, 1)
            note = QLabel(_meaning(key))
            note.setWordWrap(True)
            note.setStyleSheet("color:#595959;")
            grid.addWidget(note, i, 2)
        self.limit.valueChanged.connect(
            lambda v: project.set_procurement("decentralized_limit", round(v * 10_000, 2))
        )
        self.tender.valueChanged.connect(
            lambda v: project.set_procurement("tender_threshold", round(v * 10_000, 2))
        )
        self.catalogue.toggled.connect(
            lambda v: project.set_procurement("in_central_catalogue", bool(v))
        )
        self.item_code.editingFinished.connect(
            lambda: project.set_procurement("item_code", self.item_code.text().strip())
        )
        self.item_name.editingFinished.connect(
            lambda: project.set_procurement("item_name", self.item_name.text().strip())
        )
        self.contract_years.valueChanged.connect(
            lambda v: project.set_procurement("contract_years", int(v))
        )
        self.fiscal_year.valueChanged.connect(
            lambda v: project.set_procurement("fiscal_year", None if v < 2000 else int(v))
        )
        self.quarter.currentIndexChanged.connect(
            lambda i: project.set_procurement("quarter", i + 1)
        )
        self.funding.editingFinished.connect(
            lambda: project.set_procurement("funding_source", self.funding.text().strip())
        )
        project.procurement_changed.connect(self.refresh)
        project.reset.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _money() -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0.0, 1_000_000.0)
        box.setDecimals(2)
        box.setSuffix(tr(" 万元"))
        box.setKeyboardTracking(False)
        box.setMinimumWidth(150)
        return box

    def _number(self, key: str, default: float) -> float:
        value = self.project.procurement.get(key)
        return float(value) if isinstance(value, int | float) else default

    def refresh(self, *args: object) -> None:
        p = self.project.procurement
        for w in self.controls.values():
            w.blockSignals(True)
        self.limit.setValue(
            self._number("decentralized_limit", _DEFAULTS.decentralized_limit) / 1e4
        )
        self.tender.setValue(self._number("tender_threshold", _DEFAULTS.tender_threshold) / 1e4)
        self.catalogue.setChecked(p.get("in_central_catalogue") is True)
        self.item_code.setText(str(p.get("item_code") or ""))
        self.item_name.setText(str(p.get("item_name") or ""))
        self.contract_years.setValue(int(self._number("contract_years", 1)))
        self.fiscal_year.setValue(int(self._number("fiscal_year", 1999)))
        self.quarter.setCurrentIndex(min(max(int(self._number("quarter", 1)) - 1, 0), 3))
        self.funding.setText(str(p.get("funding_source") or _DEFAULTS.funding_source))
        for w in self.controls.values():
            w.blockSignals(False)
        set_any = "decentralized_limit" in p or "tender_threshold" in p
        self.defaults_note.setVisible(not set_any)


class ProcurementView(QGroupBox):
    """The plan's 采购项目 before export: merge / split, the 化整为零 findings."""

    changed = Signal()

    COLUMNS = ("序号", "采购项目名称", "预算金额（万元）", "采购方式", "组织形式", "预计采购时间")

    def __init__(self, parent: QWidget | None = None, project: Project | None = None) -> None:
        super().__init__(tr("采购项目（写入「采购实施计划」「采购意向公开」）"), parent)
        self.project = project
        self.setObjectName("procurementLots")
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("procurementTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(170)
        lay.addWidget(self.table)
        self.notes = QLabel("")
        self.notes.setObjectName("procurementNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.notes)
        self.merge_button = button(
            tr("合并为一个采购项目"),
            tr(
                "把选中的同一年度、同一类别的采购项目合并为一个项目（每家供应商一个包），按合计金额确定采购方式"
            ),
            self.merge_selected,
        )
        self.split_button = button(
            tr("拆分"),
            tr("把选中的合并项目拆回每家供应商一个采购项目"),
            self.split_selected,
        )
        self.proposal_button = button(
            tr("采纳建议"),
            tr("按化整为零核查的建议合并采购项目"),
            self.apply_proposals,
        )
        lay.addLayout(
            hbox(self.merge_button, self.split_button, self.proposal_button, stretch_at=3)
        )
        self.plan: Any = None
        self.input: Any = None
        #: the merges asked for (the project's, saved with it); those the plan cannot keep are
        #: left out of the report but kept, so a later plan that has those lots again gets them
        self.merges: list[list[str]] = list(project.lot_merges) if project is not None else []
        self.report: ProcurementReport | None = None
        self.table.itemSelectionChanged.connect(self._update_buttons)
        if project is not None:
            project.lot_merges_changed.connect(self._merges_changed)
        self._rebuild()

    def _merges_changed(self) -> None:
        assert self.project is not None
        if self.project.lot_merges != self.merges:
            self.merges = list(self.project.lot_merges)
            self._rebuild()

    def _set_merges(self, merges: list[list[str]], text: str) -> None:
        """A merge or split by the user: one undo step of the project (or local without one)."""
        if self.project is not None:
            self.project.set_lot_merges(merges, text)  # comes back through _merges_changed
        elif merges != self.merges:
            self.merges = merges
            self._rebuild()

    # --- state -----------------------------------------------------------------------------
    def set_plan(self, plan: Any, inp: Any) -> None:
        """The plan to list (a plan, of one year or a 年度计划, with a solution; else None) and the input whose
        采购标准 apply; merges of lots the new plan still has are kept. The same plan under the
        same standards is not derived again (every validation calls this, and a province-sized
        plan takes a few tenths of a second on the GUI thread)."""
        plan, inp = (plan, inp) if plan is not None and plan.has_solution else (None, None)
        if (
            plan is self.plan
            and getattr(inp, "procurement", None) == getattr(self.input, "procurement", None)
            and getattr(inp, "name", None) == getattr(self.input, "name", None)
        ):
            return
        self.plan, self.input = plan, inp
        self._rebuild()

    def _rebuild(self) -> None:
        self.report = (
            None
            if self.plan is None
            else procurement_with_merges(self.plan, self.input, self.merges)
        )
        self._fill()
        self.changed.emit()

    def _fill(self) -> None:
        report = self.report
        lots = report.lots if report is not None else ()
        self.table.setRowCount(len(lots))
        lang = current_lang()
        for i, lot in enumerate(lots):
            method = METHOD_LABELS[lot.method][0 if lang == "zh" else 1]
            org = ORGANISATION_LABELS[lot.organisation][0 if lang == "zh" else 1]
            when = (
                f"{lot.year}年第{lot.quarter}季度" if lang == "zh" else f"{lot.year} Q{lot.quarter}"
            )
            values = [str(lot.number), loc(lot.name), f"{lot.amount / 10_000:,.2f}", method, org]
            for j, text in enumerate([*values, when]):
                item = QTableWidgetItem(text)
                if j == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                tip = [loc(lot.reason)] + ([loc(lot.warning)] if lot.warning else [])
                item.setToolTip("\n".join(tip))
                if lot.warning:
                    item.setBackground(QColor("#FFF2CC"))
                if lot.method is Method.PUBLIC_TENDER and j == 3:
                    item.setForeground(Qt.GlobalColor.darkBlue)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if report is None:
            self.notes.setText(tr("求解后在此列出采购项目。"))
        else:
            lines = [loc(n) for n in report.notes]
            sep = "。" if lang == "zh" else ". "
            lines += [f"{loc(w.message)}{sep}{loc(w.proposal)}" for w in report.warnings]
            self.notes.setText("\n".join(lines) if lines else tr("未发现化整为零。"))
        self._update_buttons()

    def _selected(self) -> list[str]:
        if self.report is None:
            return []
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.report.lots[r].key for r in rows if r < len(self.report.lots)]

    def _update_buttons(self) -> None:
        keys = self._selected()
        lots = {x.key: x for x in self.report.lots} if self.report is not None else {}
        same = len({(lots[k].year, lots[k].kind) for k in keys}) == 1
        self.merge_button.setEnabled(len(keys) >= 2 and same)
        self.split_button.setEnabled(any(len(lots[k].packages) > 1 for k in keys))
        self.proposal_button.setEnabled(bool(self.report and self.report.warnings))

    # --- actions ---------------------------------------------------------------------------
    def merge_selected(self) -> None:
        keys = self._selected()
        if len(keys) >= 2:
            self._set_merges(merge_lots(self.merges, keys), "合并采购项目")

    def split_selected(self) -> None:
        merges = self.merges
        for key in self._selected():
            merges = split_lot(merges, key)
        self._set_merges(merges, "拆分采购项目")

    def apply_proposals(self) -> None:
        """Merge the lots of every 化整为零 finding into one 采购项目."""
        merges = list(self.merges)
        while self.report is not None and self.report.warnings:
            before = list(merges)
            for w in self.report.warnings:
                merges = merge_lots(merges, list(w.lots))
            if merges == before:
                break
            self.report = plan_procurement(self.plan, self.input, merges)
        self._set_merges(merges, "采纳合并建议")


def _noop_for_lupdate() -> None:  # pragma: no cover - strings used via tr(variable)
    tr("合并采购项目")
    tr("拆分采购项目")
    tr("采纳合并建议")
    tr("序号")
    tr("采购项目名称")
    tr("预算金额（万元）")
    tr("采购方式")
    tr("组织形式")
    tr("预计采购时间")
