"""The two data pages: 供应商报价 (platforms + price lines) and 业务系统 (the inventory)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ui.app.i18n import tr
from ui.app.project import Project
from ui.app.system_rules import RuleActions
from ui.app.tables import FrameView
from ui.app.widgets import FilterEdit, button, hbox, header_row, heading


class TableSection(QWidget):
    """One editable table with its buttons: 添加行, 删除行, 粘贴, filter, row count."""

    def __init__(
        self, project: Project, sheet: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project, self.sheet = project, sheet
        model = project.models[sheet]
        self.view = FrameView(model, self)
        self.view.setObjectName(f"table_{sheet}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        self.title = QLabel(f"<b>{title}</b>")
        self.count = QLabel("")
        self.count.setStyleSheet("color:#666;")
        self.filter = FilterEdit()
        self.filter.textChanged.connect(self.view.set_filter)
        self.view.filter_cleared.connect(self.filter.clear)
        self.add_button = button(tr("添加行"), tr("在末尾添加一行空白行"), self.add_row)
        self.delete_button = button(
            tr("删除行"), tr("删除选中单元格所在的行（可撤销）"), self.delete_rows
        )
        self.paste_button = button(
            tr("粘贴"),
            tr("把从 Excel/WPS 复制的单元格粘贴到当前单元格处（Ctrl+V），多出的行会自动添加"),
            self.view.paste_clipboard,
        )
        lay.addLayout(
            hbox(
                self.title,
                self.count,
                self.filter,
                self.add_button,
                self.delete_button,
                self.paste_button,
                stretch_at=2,
            )
        )
        lay.addWidget(self.view)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_count)
        self._update_count()

    def _update_count(self, *args: object) -> None:
        self.count.setText(tr("共 {n} 行").format(n=self.project.row_count(self.sheet)))

    def add_row(self) -> None:
        pos = self.project.models[self.sheet].add_rows()
        self.filter.clear()
        self.view.go_to(pos, self.project.models[self.sheet].keys[0])
        self.view.edit(self.view.currentIndex())

    def delete_rows(self) -> None:
        self.project.models[self.sheet].remove_rows(self.view.selected_source_rows())


#: Rows the main table of a data page keeps visible when the window is low or the problems
#: panel opens (the other tables of the page give up their room first).
MAIN_TABLE_ROWS = 8


class TableSplitter(QSplitter):
    """The tables of a page one above the other; the main one never drops below MAIN_TABLE_ROWS
    rows while another table can still give room (each keeps at least its title row)."""

    def __init__(self, name: str, sections: list[TableSection], main: int) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.setObjectName(name)
        self.main = main
        self.setChildrenCollapsible(False)
        for section in sections:
            section.view.setMinimumHeight(1)  # a side table may shrink to its title row
            self.addWidget(section)

    def main_height(self) -> int:
        """Height of the main section showing MAIN_TABLE_ROWS rows."""
        section = self.widget(self.main)
        assert isinstance(section, TableSection)
        view = section.view
        rows = MAIN_TABLE_ROWS * view.verticalHeader().defaultSectionSize()
        bar = view.horizontalScrollBar().sizeHint().height()
        table = rows + view.horizontalHeader().sizeHint().height() + bar + 2 * view.frameWidth()
        margins = section.layout().contentsMargins()
        title = section.layout().itemAt(0).sizeHint().height()
        return table + title + section.layout().spacing() + margins.top() + margins.bottom()

    def keep_main_rows(self) -> None:
        sizes = self.sizes()
        if not sizes or sum(sizes) <= 0:
            return
        need = self.main_height() - sizes[self.main]
        others = sorted((i for i in range(len(sizes)) if i != self.main), key=lambda i: -sizes[i])
        for i in others:
            if need <= 0:
                break
            floor = self.widget(i).minimumSizeHint().height()
            give = max(0, min(need, sizes[i] - floor))
            sizes[i] -= give
            sizes[self.main] += give
            need -= give
        if sizes != self.sizes():
            self.setSizes(sizes)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        self.keep_main_rows()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().showEvent(event)
        self.keep_main_rows()


class QuotesPage(QWidget):
    """供应商报价: platforms above, price lines below (a splitter the window remembers)."""

    import_requested = Signal()
    import_vendor_requested = Signal()
    rfq_requested = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.rfq_button = button(
            tr("生成询价单…"),
            tr(
                "按本县的系统清单生成发给各供应商的询价单（每家一份）；填好发回后用「导入供应商报价单」直接读取，无需映射"
            ),
            self.rfq_requested.emit,
        )
        self.import_vendor_button = button(
            tr("导入供应商报价单…"),
            tr(
                "读取某家供应商自己的报价单（任意版式），显示识别出的列和预览；替换该供应商原有的报价"
            ),
            self.import_vendor_requested.emit,
        )
        self.import_button = button(
            tr("导入报价工作簿…"),
            tr("从标准输入工作簿（平台、报价两张表）导入，替换当前的平台和报价（可撤销）"),
            self.import_requested.emit,
        )
        lay.addLayout(
            header_row(
                heading(
                    tr("供应商报价"),
                    tr(
                        "各供应商的资源池（平台）及其单价。缺少某项报价表示该平台不提供这项资源。"
                        "红色单元格有错误，黄色为提示；鼠标停留可看原因。"
                    ),
                ),
                self.rfq_button,
                self.import_vendor_button,
                self.import_button,
            )
        )
        self.platforms = TableSection(project, "platforms", tr("平台表"))
        self.prices = TableSection(project, "prices", tr("报价表"))
        self.discounts = TableSection(
            project, "discounts", tr("折扣表（可选：期限折扣、总额阶梯、资源折扣）")
        )
        sections = [self.platforms, self.prices, self.discounts]
        self.splitter = TableSplitter("quotesSplitter", sections, main=1)
        self.splitter.setSizes([300, 400, 120])
        lay.addWidget(self.splitter, 1)

    def section(self, sheet: str) -> TableSection:
        return {"platforms": self.platforms, "discounts": self.discounts}.get(sheet, self.prices)


class WorkloadsPage(QWidget):
    """业务系统: the county's information systems."""

    import_requested = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.import_button = button(
            tr("导入系统清单…"),
            tr(
                "读取本县的系统清单（标准工作簿或自有版式），显示识别出的列和预览，替换当前清单（可撤销）"
            ),
            self.import_requested.emit,
        )
        lay.addLayout(
            header_row(
                heading(
                    tr("业务系统"),
                    tr(
                        "本县的信息系统：资源需求、数据分级、等保级别、是否须信创、现在的位置与迁移费用。"
                    ),
                ),
                self.import_button,
            )
        )
        self.workloads = TableSection(project, "workloads", tr("系统清单"))
        self.system_rules = TableSection(project, "system_rules", tr("指定规则（可选）"))
        self.years = TableSection(project, "years", tr("年度计划（可选：有年份即按年规划）"))
        self.rule_actions = RuleActions(project, self.selected_systems, self)
        self.workloads.layout().itemAt(0).layout().addWidget(self.rule_actions.button)
        sections = [self.workloads, self.system_rules, self.years]
        self.splitter = splitter = TableSplitter("workloadsSplitter", sections, main=0)
        splitter.setSizes([500, 120, 100])
        lay.addWidget(splitter, 1)

    def selected_systems(self) -> list[str]:
        """Names of the systems whose rows are selected in the system table."""
        model = self.workloads.project.models["workloads"]
        names = [model.value(r, "name") for r in self.workloads.view.selected_source_rows()]
        return [str(n) for n in names if n]

    def section(self, sheet: str) -> TableSection:
        return {"system_rules": self.system_rules, "years": self.years}.get(sheet, self.workloads)
