"""The sheet as the importer understood it: every row and column coloured by its role.

:class:`SheetRolesView` shows one sheet of a vendor file (its first :data:`SHOWN_ROWS` rows) with
the header rows, data rows, section titles, notes and totals each in their own colour, and each
column's header cell naming its role (资源池, 规格, 价格 …) in the role's colour. Clicking a
column header offers the roles; clicking a row number offers to start or end the header there.
The view only shows and asks: the dialog owns the layout and re-reads the file
(:mod:`ui.app.vendor_import`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import QMenu, QTableWidget, QTableWidgetItem, QWidget

from data.cell_values import clean_text, is_blank
from data.importers.layout import ROLE_NAMES, role_of
from ui.app.i18n import current_lang, loc, tr

SHOWN_ROWS = 300
"""Rows of a sheet the view shows (the preview of the lines shows every line read)."""

#: Background of a column's cells by its role (data rows), and of its header cell (stronger).
ROLE_COLOURS: dict[str, tuple[str, str]] = {
    "pool": ("#FCE4D6", "#F4B183"),
    "zone": ("#FCE4D6", "#F4B183"),
    "resource": ("#DDF2F0", "#8FD3CB"),
    "wide": ("#E2F0D9", "#A9D18E"),
    "spec": ("#EADCF4", "#C9A8E6"),
    "spec_vcpu": ("#EADCF4", "#C9A8E6"),
    "spec_ram": ("#EADCF4", "#C9A8E6"),
    "unit": ("#FFF2CC", "#FFD966"),
    "period": ("#FFF2CC", "#FFD966"),
    "price": ("#E2F0D9", "#A9D18E"),
    "vendor": ("#DEEBF7", "#8FAADC"),
    # what the sheet says of a pool (部署方式, 信创, 等保级别, 容量, 可用性): read, not a price
    "deployment": ("#F3EDE4", "#D9C3A5"),
    "xinchuang": ("#F3EDE4", "#D9C3A5"),
    "mlps_level": ("#F3EDE4", "#D9C3A5"),
    "capacity": ("#F3EDE4", "#D9C3A5"),
    "availability": ("#F3EDE4", "#D9C3A5"),
    "quantity": ("#EAF1F8", "#B4C7DC"),
    "gpu": ("#F2F2F2", "#BFBFBF"),
    "ignore": ("#FFFFFF", "#D9D9D9"),
    "": ("#FFFFFF", "#FF9999"),
}
#: Background of the rows that are not data, by what they are.
ROW_COLOURS = {
    "header": "#BDD7EE",
    "section": "#D9D2E9",
    "title": "#EDEDED",
    "note": "#EDEDED",
    "total": "#EDEDED",
    "repeat": "#EDEDED",
    "blank": "#FFFFFF",
}


def row_name(kind: str) -> str:
    """What a row is, as people read it (the row number's tooltip)."""
    return {
        "header": tr("表头"),
        "section": tr("分组标题"),
        "title": tr("标题/说明"),
        "note": tr("注释（跳过）"),
        "total": tr("合计（跳过）"),
        "repeat": tr("重复表头（跳过）"),
        "blank": tr("空行"),
    }.get(kind, tr("数据"))


#: Roles offered when a column header is clicked, in this order.
MENU_ROLES = (
    "pool",
    "zone",
    "resource",
    "spec",
    "spec_vcpu",
    "spec_ram",
    "price",
    "unit",
    "period",
    "quantity",
    "vendor",
    "deployment",
    "xinchuang",
    "mlps_level",
    "capacity",
    "gpu",
    "ignore",
)


def get_column_letter(n: int) -> str:
    """Spreadsheet letters of a 1-based column number (1 → A, 27 → AA)."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def role_name(role: str) -> str:
    """A role as people read it, in the current language."""
    zh, en = ROLE_NAMES.get(role, (role, role))
    return en[:1].upper() + en[1:] if current_lang() == "en" else zh


def row_kinds(tables: Sequence[Any]) -> dict[int, tuple[str, int]]:
    """Excel row → (what the row is, index of its table in tables) for one sheet's tables."""
    out: dict[int, tuple[str, int]] = {}
    for k, t in enumerate(tables):
        for r in t.header_rows:
            out[r + 1] = ("header", k)
        for r, kind in t.row_kinds.items():
            out.setdefault(r, (kind, k))
    return out


class SheetRolesView(QTableWidget):
    """One sheet with its rows and columns coloured by role (see the module docstring)."""

    role_chosen = Signal(int, int, str)
    """(table index, 0-based column, role) the user picked for a column."""
    header_chosen = Signal(int, int, str)
    """(table index or -1, Excel row, 'first' | 'last' | 'only' | 'none') the user picked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tables: list[Any] = []
        self.rows: list[list[Any]] = []
        self.current_table = 0
        """The table a column click applies to: the one of the last row clicked (else the first)."""
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.horizontalHeader().sectionClicked.connect(self._column_clicked)
        self.verticalHeader().sectionClicked.connect(self._row_clicked)
        self.cellClicked.connect(lambda r, _c: self._pick_table(r + 1))

    # --- showing --------------------------------------------------------------------------------
    def show_sheet(
        self,
        rows: list[list[Any]],
        tables: Sequence[Any],
        merged: Sequence[tuple[int, int, int, int]] = (),
    ) -> None:
        """Show rows (a grid's cells) coloured by the layouts of its tables; merged ranges
        (0-based r0, c0, r1, c1) are shown merged, as in the file."""
        self.rows, self.tables = rows, list(tables)
        self.current_table = min(self.current_table, max(0, len(self.tables) - 1))
        shown = rows[:SHOWN_ROWS]
        width = max((len(r) for r in shown), default=0)
        kinds = row_kinds(self.tables)
        first_header = min((t.header_rows[0] + 1 for t in self.tables), default=None)
        self.clear()
        self.setRowCount(len(shown))
        self.setColumnCount(width)
        self.setVerticalHeaderLabels([str(i + 1) for i in range(len(shown))])
        self.setHorizontalHeaderLabels([self.column_label(j) for j in range(width)])
        for j in range(width):
            item = self.horizontalHeaderItem(j)
            if item is not None:
                role = self.column_role(j)
                item.setBackground(QBrush(QColor(ROLE_COLOURS.get(role, ROLE_COLOURS[""])[1])))
                item.setToolTip(self.column_tip(j))
        for i, r in enumerate(shown):
            excel = i + 1
            kind, k = kinds.get(excel, ("", -1))
            if not kind and first_header is not None and excel < first_header:
                kind = "title" if any(not is_blank(v) for v in r) else "blank"
            for j in range(width):
                v = r[j] if j < len(r) else None
                item = QTableWidgetItem("" if is_blank(v) else clean_text(v))
                if kind == "data":
                    role = self._role_in(k, j)
                    item.setBackground(QBrush(QColor(ROLE_COLOURS.get(role, ROLE_COLOURS[""])[0])))
                elif kind:
                    item.setBackground(QBrush(QColor(ROW_COLOURS.get(kind, "#FFFFFF"))))
                    if kind in ("note", "total", "repeat", "title"):
                        item.setForeground(QBrush(QColor("#7F7F7F")))
                self.setItem(i, j, item)
            vh = QTableWidgetItem(str(excel))
            vh.setToolTip(row_name(kind) + "\n" + tr("点击设置表头行"))
            if kind and kind != "data":
                vh.setBackground(QBrush(QColor(ROW_COLOURS.get(kind, "#FFFFFF"))))
            self.setVerticalHeaderItem(i, vh)
        for r0, c0, r1, c1 in merged:
            if r0 < len(shown) and (r1 > r0 or c1 > c0):
                for i in range(r0, min(r1, len(shown) - 1) + 1):
                    for j in range(c0, min(c1, width - 1) + 1):
                        if (i, j) != (r0, c0) and self.item(i, j) is not None:
                            self.item(i, j).setText("")  # type: ignore[union-attr]
                self.setSpan(r0, c0, min(r1, len(shown) - 1) - r0 + 1, min(c1, width - 1) - c0 + 1)
        self.resizeColumnsToContents()
        for j in range(width):
            self.setColumnWidth(j, min(max(self.columnWidth(j), 90), 220))

    def _role_in(self, k: int, j: int) -> str:
        if not (0 <= k < len(self.tables)):
            return ""
        col = next((c for c in self.tables[k].columns if c.index == j), None)
        return (role_of(col) or "") if col is not None else "ignore"

    def column_role(self, j: int) -> str:
        """The role column j has in the current table ('' when not recognised)."""
        return self._role_in(self.current_table, j) if self.tables else ""

    def column_label(self, j: int) -> str:
        role = self.column_role(j) if self.tables else ""
        letter = get_column_letter(j + 1)
        return f"{letter} · {role_name(role)}" if self.tables else letter

    def column_tip(self, j: int) -> str:
        if not self.tables:
            return ""
        col = next((c for c in self.tables[self.current_table].columns if c.index == j), None)
        why = loc(col.why) if col is not None and col.why else ""
        return tr("点击更改这一列的含义") + (f"\n{why}" if why else "")

    def _pick_table(self, excel_row: int) -> None:
        kinds = row_kinds(self.tables)
        if excel_row in kinds and kinds[excel_row][1] != self.current_table:
            self.current_table = kinds[excel_row][1]
            for j in range(self.columnCount()):
                item = self.horizontalHeaderItem(j)
                if item is not None:
                    item.setText(self.column_label(j))
                    role = self.column_role(j)
                    item.setBackground(QBrush(QColor(ROLE_COLOURS.get(role, ROLE_COLOURS[""])[1])))

    # --- asking ---------------------------------------------------------------------------------
    def column_menu(self, j: int) -> QMenu:
        """The roles column j may be given (the current one checked)."""
        menu = QMenu(self)
        menu.setTitle(tr("第 {col} 列是：").format(col=get_column_letter(j + 1)))
        now = self.column_role(j)
        for role in MENU_ROLES:
            act = QAction(role_name(role), menu)
            act.setCheckable(True)
            act.setChecked(role == now)
            act.setData(role)
            act.triggered.connect(
                lambda _c=False, role=role: self.role_chosen.emit(self.current_table, j, role)
            )
            menu.addAction(act)
        return menu

    def row_menu(self, excel_row: int) -> QMenu:
        """Where the header starts or ends (or that this row is no header)."""
        self._pick_table(excel_row)
        kinds = row_kinds(self.tables)
        k = kinds.get(excel_row, ("", self.current_table if self.tables else -1))[1]
        menu = QMenu(self)
        for how, text in (
            ("first", tr("表头从这一行开始")),
            ("last", tr("表头到这一行为止")),
            ("only", tr("只有这一行是表头")),
            ("none", tr("这一行不是表头")),
        ):
            act = QAction(text, menu)
            act.setData(how)
            act.triggered.connect(
                lambda _c=False, how=how: self.header_chosen.emit(k, excel_row, how)
            )
            menu.addAction(act)
        return menu

    def _column_clicked(self, j: int) -> None:
        menu = self.column_menu(j)
        menu.exec(self.mapToGlobal(QPoint(self.columnViewportPosition(j), 0)))

    def _row_clicked(self, i: int) -> None:
        menu = self.row_menu(i + 1)
        menu.exec(self.mapToGlobal(QPoint(0, self.rowViewportPosition(i))))
