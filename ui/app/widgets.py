"""Small shared widgets and number formats (¥ with thousands separators, 万元, percentages)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from data.project_file import FIRST_ROW
from data.workbook import ValidationIssue
from ui.app.i18n import loc, tr


def esc(text: object) -> str:
    """Text for a rich-text (HTML) label: &, < and > escaped, so names from the input stay text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


GOOD, BAD, WARN, MUTED = "#2e7d32", "#c62828", "#b26a00", "#666666"


def yuan(amount: float | None) -> str:
    """¥1,234,567.89 (— when unknown)."""
    if amount is None:
        return "—"
    return f"¥{amount:,.2f}"


def wan(amount: float | None) -> str:
    """An amount in 万元 for headlines: 481.34 万元 (10k CNY in English)."""
    if amount is None:
        return "—"
    from ui.app.i18n import current_lang

    if current_lang() == "en":
        return f"¥{amount / 1_000_000:,.2f}M" if abs(amount) >= 1_000_000 else f"¥{amount:,.0f}"
    return f"{amount / 10_000:,.2f} 万元"


def pct(share: float | None, digits: int = 1) -> str:
    if share is None:
        return "—"
    return f"{share * 100:.{digits}f}%"


def heading(text: str, sub: str = "") -> QWidget:
    """A page title with a one-line explanation under it."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 4)
    lay.setSpacing(2)
    title = QLabel(text)
    title.setObjectName("pageTitle")
    title.setStyleSheet("font-size: 17px; font-weight: 600;")
    lay.addWidget(title)
    if sub:
        s = QLabel(sub)
        s.setWordWrap(True)
        s.setStyleSheet(f"color: {MUTED};")
        lay.addWidget(s)
    return box


class Banner(QLabel):
    """A coloured one-line message over a page (hidden when empty)."""

    STYLES = {
        "info": "background:#e8f1fb; border:1px solid #9cc3ea; color:#0d3c61;",
        "warn": "background:#fff4d6; border:1px solid #e8c35a; color:#5c4200;",
        "error": "background:#fde2e2; border:1px solid #e59a9a; color:#7a1111;",
        "ok": "background:#e6f4ea; border:1px solid #8fc79a; color:#1d4d27;",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = "info"
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        if not text:
            self.clear()
            self.hide()
            return
        self.setText(text)
        self.setStyleSheet(f"QLabel {{ {self.STYLES[kind]} border-radius:4px; padding:6px 10px; }}")
        self.show()


class Card(QFrame):
    """A headline figure: title, big value, a line comparing it with the rule."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(2)
        self.title = QLabel(title)
        self.title.setStyleSheet(f"color:{MUTED};")
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        lay.addWidget(self.detail)
        self.set_state("none")

    def set(self, value: str, detail: str, state: str = "ok") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.set_state(state)

    def set_state(self, state: str) -> None:
        color = {"ok": GOOD, "bad": BAD, "warn": WARN}.get(state, "#bbbbbb")
        self.setStyleSheet(
            f"QFrame#card {{ border: 1px solid #d0d0d0; border-left: 5px solid {color};"
            " border-radius: 4px; background: palette(base); }"
        )
        self.detail.setStyleSheet(f"color:{color if state in ('bad', 'warn') else MUTED};")


class FilterEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr("筛选…"))
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(260)
        self.setToolTip(tr("只显示包含该文字的行（任一列）"))


def button(text: str, tip: str = "", slot=None) -> QPushButton:  # type: ignore[no-untyped-def]
    b = QPushButton(text)
    if tip:
        b.setToolTip(tip)
    if slot is not None:
        b.clicked.connect(slot)
    return b


def header_row(title: QWidget, *buttons: QWidget) -> QHBoxLayout:
    """A page heading that takes the width, with buttons at its right."""
    lay = QHBoxLayout()
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(title, 1)
    for b in buttons:
        lay.addWidget(b, 0, Qt.AlignmentFlag.AlignBottom)
    return lay


def scrolling_page(page: QWidget) -> QWidget:
    """Put a scroll area filling page and return the widget to lay the page's content on.

    On a low window (1280×720, 1366×768) the content keeps its natural height and scrolls,
    instead of every row being squeezed until text and spin boxes are cut.
    """
    from PySide6.QtWidgets import QScrollArea

    lay = QVBoxLayout(page)
    lay.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea(page)
    area.setObjectName("pageScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    content = QWidget()
    content.setObjectName("pageContent")
    area.setWidget(content)
    lay.addWidget(area)
    return content


def hbox(*widgets: QWidget | None, stretch_at: int | None = None) -> QHBoxLayout:
    lay = QHBoxLayout()
    lay.setContentsMargins(0, 0, 0, 0)
    for i, w in enumerate(widgets):
        if stretch_at == i:
            lay.addStretch(1)
        if w is not None:
            lay.addWidget(w)
    if stretch_at is not None and stretch_at >= len(widgets):
        lay.addStretch(1)
    return lay


SHEET_TITLES = {
    "platforms": "平台表",
    "prices": "报价表",
    "workloads": "业务系统表",
    "policy": "约束表",
}


class ProblemsPanel(QWidget):
    """Every validation problem; double-click jumps to the cell (sheet key, row, column key)."""

    jump = Signal(str, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel("")
        lay.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("级别"), tr("位置"), tr("问题与修改方法")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 56)
        self.tree.setColumnWidth(1, 230)
        self.tree.setToolTip(tr("双击一行可跳到对应单元格"))
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        self.tree.itemActivated.connect(self._on_double_click)
        lay.addWidget(self.tree)
        self.setMinimumHeight(150)

    def set_issues(self, issues: list[ValidationIssue], locate) -> None:  # type: ignore[no-untyped-def]
        from ui.app.tables import issue_line

        self.tree.clear()
        errors = sum(1 for i in issues if i.severity == "error")
        warnings = len(issues) - errors
        if not issues:
            self.summary.setText(tr("没有发现问题。"))
        else:
            self.summary.setText(
                tr("{e} 处错误（必须修正才能求解），{w} 处提示。").format(e=errors, w=warnings)
            )
        items = []
        for issue in sorted(issues, key=lambda i: (i.severity != "error",)):
            where = locate(issue)
            parts = []
            if issue.sheet:
                parts.append(tr(SHEET_TITLES.get(_sheet_key(issue.sheet), issue.sheet)))
            if where is not None:
                parts.append(tr("第 {row} 行").format(row=where[1] + FIRST_ROW))
            elif issue.row is not None:
                parts.append(tr("文件第 {row} 行").format(row=issue.row))
            if issue.column:
                parts.append(loc(issue.column))
            if where is None and issue.file:
                parts.insert(0, issue.file)
            item = QTreeWidgetItem(
                [
                    tr("错误") if issue.severity == "error" else tr("提示"),
                    " · ".join(parts),
                    issue_line(issue),
                ]
            )
            item.setToolTip(2, issue_line(issue))
            color = BAD if issue.severity == "error" else WARN
            item.setForeground(0, _brush(color))
            item.setData(0, Qt.ItemDataRole.UserRole, where)
            items.append(item)
        self.tree.addTopLevelItems(items)

    def _on_double_click(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        where = item.data(0, Qt.ItemDataRole.UserRole)
        if where:
            self.jump.emit(where[0], int(where[1]), where[2])

    def count(self) -> int:
        return self.tree.topLevelItemCount()


def _sheet_key(name: str) -> str:
    from data.schema import match_sheet

    return match_sheet(name) or name


def _brush(color: str):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(color))


def _noop_for_lupdate() -> None:  # pragma: no cover - strings used via tr(variable)
    tr("平台表")
    tr("报价表")
    tr("业务系统表")
    tr("约束表")
