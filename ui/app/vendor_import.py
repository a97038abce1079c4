"""Importing a vendor's own quote sheet or the county's own system list (data.importers).

A quote sheet is shown as the importer understood it (:class:`ui.app.layout_view.SheetRolesView`):
header rows, data rows, section titles and notes in their colours, each column named and coloured
by its role. Clicking a column header changes its role, clicking a row number moves the header;
the unit and the billing period are typed once for the table. Every change re-reads the file with
the corrected layout (:mod:`data.importers.layout`) and refreshes the preview of the normalised
lines. Guesses that change a price, a pool or a unit (需确认) are listed to be ticked; importing
with any left unticked asks first. The corrected layout is remembered for the vendor and the file's
shape, and applied when the next quote from that vendor arrives.

A quote that does not say its vendor or pool is read with the vendor and pool typed into the
dialog's own fields, which the dialog asks for. A system list shows its column mapping (Chinese
field names) with a preview. Accepting merges the result into the project (one undo step).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from data.cells import row_ranges
from data.importers.assemble import guess_from_name
from data.importers.inventory import INVENTORY_FIELDS, read_inventory
from data.importers.layout import (
    LayoutError,
    editable,
    layout_of,
    remember_layout,
    role_of,
)
from data.importers.mapping import MappingStore
from data.importers.quotes import QUOTE_FIELDS, needs_names, read_quote
from data.rfq import write_rfq
from data.schema import sheet_columns
from data.workbook import tables_to_input
from ui.app.i18n import app_text, current_lang, loc, tr, without_command_line
from ui.app.layout_view import (
    MENU_ROLES,
    ROLE_COLOURS,
    ROW_COLOURS,
    SheetRolesView,
    get_column_letter,
    role_name,
)
from ui.app.project import frame_from_table
from ui.app.tables import coerce, display
from ui.app.tasks import Cancelled, run_in_background

PREVIEW_ROWS = 200


class VendorImportDialog(QDialog):
    """kind = 'quote' (a vendor quote sheet) or 'inventory' (the county's system list).

    store: where corrected layouts are remembered per vendor and file shape (None: nowhere).
    layout: a layout to read the file with (a project's record of this file), else the guess
    (or the layout remembered for the vendor).
    """

    def __init__(
        self,
        path: Path,
        kind: str,
        parent: QWidget | None = None,
        overrides: dict[str, str] | None = None,
        vendor: str = "",
        pool: str = "",
        layout: dict[str, Any] | None = None,
        store: MappingStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.path, self.kind = Path(path), kind
        self.overrides: dict[str, str] = dict(overrides or {})
        self.vendor, self.pool = vendor.strip(), pool.strip()
        self.layout: dict[str, Any] | None = copy.deepcopy(layout) if layout else None
        """The layout the user corrected (None: the file is read as guessed)."""
        self.store = store
        self.shape: str | None = None
        """The shape of the file as first guessed: the key the corrected layout is kept under."""
        self.confirmed: set[tuple[str, str, tuple[int, ...]]] = set()
        """Guesses (key, sheet, rows) ticked in the 需确认 list."""
        self.result: Any = None
        self.setWindowTitle(tr("导入 {file}").format(file=self.path.name))
        self.resize(1180, 700)
        lay = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "已自动识别表格的版式：表头、数据行和各列的含义用颜色标出。点击列标题可改这一列的含义，"
                "点击行号可改表头从哪一行起；改正后会重新读取，下方预览随之更新。"
            )
            if kind == "quote"
            else tr(
                "已自动识别各列的含义。请核对下方的对应关系和预览，如有不对，在下拉框中改正后会重新读取。"
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.vendor_edit = QLineEdit(self.vendor)
        self.pool_edit = QLineEdit(self.pool)
        self.unit_edit = QLineEdit()
        self.period_box = QComboBox()
        self.sheet_box = QComboBox()
        self.ask = QLabel("")
        self.ask.setWordWrap(True)
        self.ask.setStyleSheet("color:#c62828;")
        self.sheet_view = SheetRolesView()
        self.mapping = QTableWidget()
        self.preview = QTableWidget()
        self.problems = QTableWidget()
        self.guesses = QListWidget()
        self.tabs = QTabWidget()
        if kind == "quote":
            self._build_quote(lay)
        else:
            self._build_inventory(lay)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("导入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        lay.addWidget(buttons)
        self.run()

    # --- building -----------------------------------------------------------------------------
    def _build_quote(self, lay: QVBoxLayout) -> None:
        row = QHBoxLayout()
        names = QFormLayout()
        self.vendor_edit.setPlaceholderText(tr("表中没有写明时填写，如 天翼云"))
        self.pool_edit.setPlaceholderText(tr("表中没有资源池列或分组标题时填写，如 政务云一区"))
        names.addRow(tr("供应商："), self.vendor_edit)
        names.addRow(tr("资源池："), self.pool_edit)
        units = QFormLayout()
        self.unit_edit.setPlaceholderText(tr("表中没有写单位时填写一次，如 元/核/月"))
        for key, text in (("", tr("（按表中所写）")), ("month", tr("月")), ("year", tr("年"))):
            self.period_box.addItem(text, key)
        units.addRow(tr("单位（当前表）："), self.unit_edit)
        units.addRow(tr("计费周期（当前表）："), self.period_box)
        row.addLayout(names, 1)
        row.addLayout(units, 1)
        lay.addLayout(row)
        lay.addWidget(self.ask)
        self.vendor_edit.editingFinished.connect(self._names_changed)
        self.pool_edit.editingFinished.connect(self._names_changed)
        self.unit_edit.editingFinished.connect(self._unit_changed)
        self.period_box.currentIndexChanged.connect(self._unit_changed)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel(tr("工作表：")))
        head.addWidget(self.sheet_box)
        self.legend = QLabel(self._legend())
        self.legend.setWordWrap(True)
        head.addWidget(self.legend, 1)
        tl.addLayout(head)
        tl.addWidget(self.sheet_view, 1)
        self.sheet_box.currentIndexChanged.connect(lambda _i: self._show_sheet())
        self.sheet_view.role_chosen.connect(self.set_role)
        self.sheet_view.header_chosen.connect(self.set_header)
        self.mapping.setColumnCount(3)
        self.mapping.setHorizontalHeaderLabels([tr("列"), tr("文件中的表头"), tr("读作")])
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.problems.setColumnCount(3)
        self.problems.setHorizontalHeaderLabels([tr("级别"), tr("位置"), tr("问题与修改方法")])
        self.problems.horizontalHeader().setStretchLastSection(True)
        guess_box = QWidget()
        gl = QVBoxLayout(guess_box)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.addWidget(
            QLabel(
                tr(
                    "下列推测会改变价格、资源池或单位。请逐条核对，无误后勾选；也可改正版式后重新读取。"
                )
            )
        )
        gl.addWidget(self.guesses, 1)
        self.confirm_all = QPushButton(tr("全部确认"))
        self.confirm_all.clicked.connect(self._confirm_all)
        gl.addWidget(self.confirm_all, 0, Qt.AlignmentFlag.AlignRight)
        self.guesses.itemChanged.connect(self._guess_ticked)
        self.guesses.setWordWrap(True)  # a guess is a sentence: read whole, never cut at the edge
        self.guesses.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.guesses.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.tabs.addTab(self.preview, tr("预览"))
        self.tabs.addTab(guess_box, tr("需确认"))
        self.tabs.addTab(self.mapping, tr("各列的含义"))
        self.tabs.addTab(self.problems, tr("全部提示"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.tabs)
        split.setSizes([330, 250])
        lay.addWidget(split, 1)

    def _build_inventory(self, lay: QVBoxLayout) -> None:
        """The column mapping beside the preview (at least 20 rows of it on a 1280×720 screen),
        the problems below."""
        self.mapping.setColumnCount(2)
        self.mapping.setHorizontalHeaderLabels([tr("文件中的表头"), tr("读作")])
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.problems.setColumnCount(3)
        self.problems.setHorizontalHeaderLabels([tr("级别"), tr("位置"), tr("问题与修改方法")])
        self.problems.horizontalHeader().setStretchLastSection(True)
        line = self.fontMetrics().height()
        for table in (self.preview, self.problems):
            table.verticalHeader().setDefaultSectionSize(line + 8)
        self.mapping.verticalHeader().setDefaultSectionSize(line + 14)  # room for a drop-down

        def titled(w: QWidget, title: str) -> QWidget:
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.addWidget(QLabel(f"<b>{title}</b>"))
            bl.addWidget(w)
            return box

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(titled(self.mapping, tr("列的对应")))
        top.addWidget(titled(self.preview, tr("预览")))
        top.setSizes([380, 800])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(titled(self.problems, tr("发现的问题")))
        split.setSizes([520, 100])
        lay.addWidget(split, 1)

    def _legend(self) -> str:
        chips = [
            (ROW_COLOURS["header"], tr("表头")),
            (ROW_COLOURS["section"], tr("分组标题")),
            ("#BFBFBF", tr("跳过的行")),
            (ROLE_COLOURS["pool"][1], role_name("pool")),
            (ROLE_COLOURS["resource"][1], role_name("resource")),
            (ROLE_COLOURS["spec"][1], role_name("spec")),
            (ROLE_COLOURS["price"][1], role_name("price")),
            (ROLE_COLOURS["unit"][1], role_name("unit")),
            (ROLE_COLOURS["deployment"][1], tr("资源池属性")),
            (ROLE_COLOURS[""][1], role_name("")),
        ]
        return "　".join(
            f'<span style="background:{c}">&nbsp;&nbsp;&nbsp;</span> {t}' for c, t in chips
        )

    # --- reading -----------------------------------------------------------------------------------
    def fields(self) -> list[tuple[str, str]]:
        defs = QUOTE_FIELDS if self.kind == "quote" else INVENTORY_FIELDS
        return [(f.key, f.label or f.key) for f in defs]

    def _read(self) -> Any:
        """Read the file with the current overrides and layout (runs in a worker thread)."""
        path, overrides = self.path, dict(self.overrides)
        if self.kind == "quote":
            vendor, pool = self.vendor or None, self.pool or None
            layout, store = copy.deepcopy(self.layout), self.store
            return lambda: read_quote(
                path, vendor, store, overrides=overrides, platform=pool, layout=layout
            )
        store = MappingStore(None)
        if overrides:
            store.data[MappingStore.INVENTORY] = overrides
        return lambda: read_inventory(path, mappings=store)

    def run(self) -> None:
        """Read the file off the GUI thread; raises tasks.Cancelled when the user cancels."""
        parent = self.parentWidget() if not self.isVisible() else self
        try:
            self.result = run_in_background(
                parent, tr("正在读取 {file}…").format(file=self.path.name), self._read()
            )
        except LayoutError as exc:  # a correction the file cannot take: say so, keep the last
            QMessageBox.warning(self, tr("无法按此版式读取"), loc(exc.message))
            raise Cancelled() from exc
        if self.kind == "quote" and self.shape is None:
            self.shape = self.result.shape
        self._refill()
        self._fill_preview()
        self._fill_problems()
        self._ask_for_names()

    def _reread(self, before: dict[str, Any] | None) -> None:
        """Read again with the corrected layout; a cancelled read keeps the last one."""
        try:
            self.run()
        except Cancelled:
            self.layout = before
            self._refill()

    def _names_changed(self) -> None:
        vendor, pool = self.vendor_edit.text().strip(), self.pool_edit.text().strip()
        if (vendor, pool) == (self.vendor, self.pool):
            return
        before = (self.vendor, self.pool)
        self.vendor, self.pool = vendor, pool
        try:
            self.run()
        except Cancelled:
            self.vendor, self.pool = before

    def missing_names(self) -> list[str]:
        """'vendor' and/or 'pool' when the file does not say them and the fields are empty."""
        if self.kind != "quote" or self.result is None:
            return []
        return needs_names(self.result)

    def _ask_for_names(self) -> None:
        """Ask in the dialog itself for what the file does not say (never a command-line flag)."""
        missing = self.missing_names()
        if not missing:
            self.ask.setText("")
            self.ask.setVisible(False)
            return
        if missing == ["vendor"]:
            text = tr("这份报价单没有写明供应商：请在上方「供应商」中填写，填好后会重新读取。")
            self.vendor_edit.setFocus()
        elif missing == ["pool"]:
            text = tr(
                "这份报价单没有写明资源池：请在上方「资源池」中填写（整份报价适用的资源池名称），填好后会重新读取。"
            )
            self.pool_edit.setFocus()
        else:
            text = tr("这份报价单没有写明供应商和资源池：请在上方填写，填好后会重新读取。")
            self.vendor_edit.setFocus()
        self.ask.setText(text)
        self.ask.setVisible(True)

    # --- the layout -----------------------------------------------------------------------------
    def sheet_tables(self) -> list[Any]:
        """The tables of the sheet shown (in the order the sheet has them)."""
        sheet = self.sheet_box.currentData()
        return [t for t in (self.result.layouts if self.result else []) if t.grid.sheet == sheet]

    def _working(self) -> dict[str, Any]:
        """The layout being corrected: what was read, pinned, the first time something changes."""
        if self.layout is None:
            self.layout = editable(layout_of(self.result))
        return self.layout

    def _spec(self, k: int) -> dict[str, Any]:
        """The layout's entry for table k of the sheet shown (made when missing)."""
        layout = self._working()
        sheet = self.sheet_box.currentData()
        tables = self.sheet_tables()
        first = tables[k].header_rows[0] + 1 if 0 <= k < len(tables) else None
        for spec in layout.setdefault("tables", []):
            rows = spec.get("header_rows") or []
            if str(spec.get("sheet")) == sheet and rows and rows[0] == first:
                return spec
        spec = {"sheet": sheet, "columns": {}}
        if first is not None:
            spec["header_rows"] = [r + 1 for r in tables[k].header_rows]
        layout["tables"].append(spec)
        return spec

    def set_role(self, k: int, j: int, role: str) -> None:
        """Column j of table k is role (a click on its header, or the 各列的含义 tab)."""
        before = copy.deepcopy(self.layout)
        spec = self._spec(k)
        spec.setdefault("columns", {})[get_column_letter(j + 1)] = role
        self._reread(before)

    def set_header(self, k: int, excel_row: int, how: str) -> None:
        """The header of table k starts ('first'), ends ('last') or is only ('only') at this row,
        or the row is no header ('none'); the columns' roles are then guessed again."""
        before = copy.deepcopy(self.layout)
        tables = self.sheet_tables()
        spec = self._spec(k if 0 <= k < len(tables) else -1)
        rows = list(spec.get("header_rows") or [])
        if how == "only" or not rows:
            rows = [excel_row] if how != "none" else []
        elif how == "first":
            rows = list(range(excel_row, max(rows) + 1)) if excel_row <= max(rows) else [excel_row]
        elif how == "last":
            rows = list(range(min(rows), excel_row + 1)) if excel_row >= min(rows) else [excel_row]
        else:
            rows = [r for r in rows if r != excel_row]
        if rows:
            spec["header_rows"] = rows
            spec["columns"] = {}
        else:
            self._working()["tables"].remove(spec)
        self._reread(before)

    def _unit_changed(self) -> None:
        if self.result is None or not self.sheet_tables():
            return
        unit, period = self.unit_edit.text().strip(), self.period_box.currentData() or ""
        spec = self._spec(self.sheet_view.current_table)
        if (spec.get("unit") or "", spec.get("period") or "") == (unit, period):
            return
        before = copy.deepcopy(self.layout)
        for key, value in (("unit", unit), ("period", period)):
            if value:
                spec[key] = value
            else:
                spec.pop(key, None)
        self._reread(before)

    def _guess_key(self, issue: Any) -> tuple[str, str, tuple[int, ...]]:
        return (
            issue.confirm,
            issue.sheet,
            tuple(issue.rows or ((issue.row,) if issue.row else ())),
        )

    def unconfirmed(self) -> list[Any]:
        """The 需确认 guesses not ticked yet."""
        if self.kind != "quote" or self.result is None:
            return []
        return [g for g in self.result.guesses if self._guess_key(g) not in self.confirmed]

    def _guess_ticked(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.confirmed.add(key)
        else:
            self.confirmed.discard(key)
        self._update_summary()

    def _confirm_all(self) -> None:
        for i in range(self.guesses.count()):
            self.guesses.item(i).setCheckState(Qt.CheckState.Checked)

    def final_layout(self) -> dict[str, Any] | None:
        """The layout to remember: the corrections, with the guesses ticked as accepted (None
        when nothing was corrected or confirmed)."""
        if self.kind != "quote" or self.result is None:
            return None
        ticked = [g for g in self.result.guesses if self._guess_key(g) in self.confirmed]
        if self.layout is None and not ticked:
            return None
        layout = copy.deepcopy(self._working())
        keys = sorted({*(layout.get("accept") or []), *(g.confirm for g in ticked)})
        if keys:
            layout["accept"] = keys
        return layout

    def accept(self) -> None:
        """Import; with unticked 需确认 guesses, ask first (they change prices)."""
        left = self.unconfirmed()
        if left:
            shown = "\n".join(f"• {loc(g.message)}" for g in left[:6])
            more = tr("\n……另有 {n} 条").format(n=len(left) - 6) if len(left) > 6 else ""
            answer = QMessageBox.question(
                self,
                tr("确认推测"),
                tr(
                    "有 {n} 处推测会改变价格、资源池或单位，尚未确认：\n\n{items}{more}\n\n确认这些推测并导入？"
                ).format(n=len(left), items=shown, more=more),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.tabs.setCurrentIndex(1)
                return
            self.confirmed |= {self._guess_key(g) for g in left}
        self.remember()
        super().accept()

    def remember(self) -> None:
        """Keep the corrected layout for the vendor and the file's shape (the next quote from
        the vendor in this shape is read with it)."""
        if self.kind != "quote" or self.result is None:
            return  # a system list's mapping is kept with the project (mapping_record)
        layout = self.final_layout()
        vendors = list(self.result.vendors)
        if layout is None or self.store is None or len(vendors) != 1 or not self.shape:
            return
        remember_layout(self.store, vendors[0], self.shape, layout)
        try:
            self.store.save()
        except OSError:
            pass  # not remembered this time; the import itself is unaffected

    # --- filling -----------------------------------------------------------------------------------
    def _refill(self) -> None:
        if self.kind == "quote":
            self._fill_sheets()
            self._fill_guesses()
        else:
            self._fill_mapping(dict(self.result.mapping))

    def _fill_sheets(self) -> None:
        grids = [g for g in getattr(self.result, "grids", []) if g.rows]
        with_tables = {t.grid.sheet for t in self.result.layouts}
        keep = self.sheet_box.currentData()
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        for g in grids:
            mark = "" if g.sheet in with_tables else tr("（未找到报价表）")
            self.sheet_box.addItem((g.sheet or self.path.name) + mark, g.sheet)
        index = self.sheet_box.findData(keep)
        if index < 0:
            index = next((i for i, g in enumerate(grids) if g.sheet in with_tables), 0)
        self.sheet_box.setCurrentIndex(max(0, index))
        self.sheet_box.blockSignals(False)
        self.sheet_box.setEnabled(len(grids) > 1)
        self._show_sheet()

    def _show_sheet(self) -> None:
        sheet = self.sheet_box.currentData()
        grid = next((g for g in getattr(self.result, "grids", []) if g.sheet == sheet), None)
        tables = self.sheet_tables()
        self.sheet_view.show_sheet(
            grid.rows if grid is not None else [], tables, grid.merged if grid is not None else ()
        )
        self._fill_columns(tables)
        spec_unit = spec_period = ""
        if tables and self.layout is not None:
            spec = self._spec(self.sheet_view.current_table)
            spec_unit, spec_period = spec.get("unit") or "", spec.get("period") or ""
        self.unit_edit.blockSignals(True)
        self.period_box.blockSignals(True)
        self.unit_edit.setText(spec_unit)
        self.period_box.setCurrentIndex(max(0, self.period_box.findData(spec_period)))
        self.unit_edit.blockSignals(False)
        self.period_box.blockSignals(False)

    def _fill_columns(self, tables: list[Any]) -> None:
        """The 各列的含义 tab: the current table's columns, each with its role."""
        cols = tables[self.sheet_view.current_table].columns if tables else []
        self.mapping.setRowCount(len(cols))
        for i, c in enumerate(cols):
            for j, text in enumerate((get_column_letter(c.index + 1), c.header)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(loc(c.why) if c.why else "")
                self.mapping.setItem(i, j, item)
            box = QComboBox()
            now = role_of(c) or ""
            roles = list(MENU_ROLES) + ([now] if now not in MENU_ROLES else [])
            for role in roles:
                box.addItem(role_name(role), role)
            box.setCurrentIndex(max(0, box.findData(now)))
            box.currentIndexChanged.connect(
                lambda _i, b=box, j=c.index: self.set_role(
                    self.sheet_view.current_table, j, b.currentData()
                )
            )
            self.mapping.setCellWidget(i, 2, box)

    def _fill_guesses(self) -> None:
        self.guesses.blockSignals(True)
        self.guesses.clear()
        for g in self.result.guesses:
            rows = g.rows or ((g.row,) if g.row else ())
            where = tr("第 {rows} 行").format(rows=_ranges(rows)) if rows else ""
            item = QListWidgetItem(f"{loc(g.message)}　{where}".strip())
            item.setToolTip(app_text(g.hint))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            key = self._guess_key(g)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setCheckState(
                Qt.CheckState.Checked if key in self.confirmed else Qt.CheckState.Unchecked
            )
            self.guesses.addItem(item)
        self.guesses.blockSignals(False)
        n = len(self.result.guesses)
        self.tabs.setTabText(1, tr("需确认（{n}）").format(n=n) if n else tr("需确认"))
        self.confirm_all.setEnabled(n > 0)

    def _fill_mapping(self, mapping: dict[str, str]) -> None:
        fields = self.fields()
        self.mapping.setRowCount(len(mapping))
        for i, (header, field) in enumerate(mapping.items()):
            item = QTableWidgetItem(header)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping.setItem(i, 0, item)
            box = QComboBox()
            box.addItem(tr("（忽略）"), "ignore")
            for key, label in fields:
                if key != "ignore":
                    box.addItem(loc(label), key)  # the field's name, never its key
            box.setCurrentIndex(max(0, box.findData(field or "ignore")))
            box.currentIndexChanged.connect(
                lambda _i, h=header, b=box: self._override(h, b.currentData())
            )
            self.mapping.setCellWidget(i, 1, box)

    def _override(self, header: str, field: str) -> None:
        before = dict(self.overrides)
        self.overrides[header] = field
        try:
            self.run()
        except Cancelled:  # keep what was read before, and the combo that says so
            self.overrides = before
            self._refill()

    def _fill_preview(self) -> None:
        frames = self.frames()
        df = frames.get("prices" if self.kind == "quote" else "workloads")
        sheet = "prices" if self.kind == "quote" else "workloads"
        cols = [c for c in sheet_columns(sheet) if df is not None and c.key in df.columns]
        if df is not None and self.kind == "quote":
            core = ("vendor", "platform", "resource", "unit_price", "period")  # and what is set
            cols = [c for c in cols if c.key in core or df[c.key].notna().any()]
        n = 0 if df is None else len(df)
        self.preview.clear()
        self.preview.setColumnCount(len(cols))
        self.preview.setHorizontalHeaderLabels([c.header(current_lang()) for c in cols])
        self.preview.setRowCount(min(n, PREVIEW_ROWS))
        for i in range(min(n, PREVIEW_ROWS)):
            for j, c in enumerate(cols):
                assert df is not None
                self.preview.setItem(
                    i, j, QTableWidgetItem(display(c, df.iat[i, df.columns.get_loc(c.key)]))
                )
        self.preview.resizeColumnsToContents()
        if self.kind == "quote":
            self.tabs.setTabText(0, tr("预览（{n} 条）").format(n=n))
        self._update_summary()
        self.ok_button.setEnabled(n > 0)

    def _update_summary(self) -> None:
        frames = self.frames()
        df = frames.get("prices" if self.kind == "quote" else "workloads")
        n = 0 if df is None else len(df)
        if self.kind == "quote":
            vendors = "、".join(
                sorted({str(v) for v in (df["vendor"] if df is not None and n else [])})
            )
            text = tr(
                "将导入 {n} 条报价（{vendors}）；同一供应商的原有报价会被替换，新平台会加入平台表。"
            ).format(n=n, vendors=vendors or "—")
            left = len(self.unconfirmed())
            if left:
                text += tr("还有 {n} 处推测待确认（见「需确认」）。").format(n=left)
            self.summary.setText(text)
        else:
            self.summary.setText(tr("将导入 {n} 个业务系统，替换当前清单。").format(n=n))

    def _fill_problems(self) -> None:
        issues = list(self.result.issues) if self.result is not None else []
        self.problems.setRowCount(len(issues))
        for i, issue in enumerate(issues):
            where = " · ".join(
                p
                for p in (loc(issue.sheet), f"{issue.row}" if issue.row else "", loc(issue.column))
                if p
            )
            level = (
                tr("错误")
                if issue.severity == "error"
                else tr("需确认")
                if issue.confirm
                else tr("提示")
            )
            for j, text in enumerate(
                (level, where, f"{loc(issue.message)} {loc(issue.hint)}".strip())
            ):
                if j == 2:
                    text = without_command_line(text)
                self.problems.setItem(i, j, QTableWidgetItem(text))
        self.problems.resizeColumnsToContents()
        if self.kind == "quote":
            self.tabs.setTabText(3, tr("全部提示（{n}）").format(n=len(issues)))

    # --- result ------------------------------------------------------------------------------------
    def frames(self) -> dict[str, pd.DataFrame]:
        """What will be imported, as frames with schema keys."""
        if self.result is None:
            return {}
        if self.kind == "inventory":
            t = self.result.table
            return {} if t is None else {"workloads": frame_from_table("workloads", t)}
        pcols = {c.key: c for c in sheet_columns("prices")}
        rows = []
        for line in self.result.lines:
            rec = {
                "vendor": line.vendor,
                "platform": line.platform,
                "resource": line.resource,
                "unit_price": line.unit_price,
                "period": line.period,
                "vcpu": line.vcpu,
                "ram_gb": line.ram_gb,
                "min_qty": line.min_qty,  # step prices keep their bands
                "max_qty": line.max_qty,
            }
            rows.append(
                {k: coerce(pcols[k], v) for k, v in rec.items() if k in pcols and v is not None}
            )
        return {"prices": pd.DataFrame(rows, columns=list(pcols), dtype=object)}

    def merged_frames(self, current: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """The project's new tables: a quote replaces its vendors' price lines and adds new
        platforms; an inventory replaces the system list."""
        new = self.frames()
        if self.kind == "inventory":
            return new
        prices = new.get("prices")
        if prices is None or prices.empty:
            return {}
        vendors = set(prices["vendor"])
        old = current["prices"]
        kept = old[~old["vendor"].isin(vendors)] if len(old) else old
        out = {"prices": pd.concat([kept, prices], ignore_index=True)}
        plat = current["platforms"]
        existing = set(zip(plat["vendor"], plat["platform"], strict=True)) if len(plat) else set()
        pcols = {c.key: c for c in sheet_columns("platforms")}
        add = [
            {k: coerce(pcols[k], v) for k, v in r.items() if k in pcols}
            for r in self.platform_rows()
            if (r["vendor"], r["platform"]) not in existing
        ]
        if add:
            out["platforms"] = pd.concat(
                [plat, pd.DataFrame(add, columns=list(pcols), dtype=object)], ignore_index=True
            )
        return out

    def mapping_record(self) -> dict[str, Any]:
        """What the project keeps about this file: the columns read, and the layout corrected."""
        if self.result is None:
            return {}
        if self.kind == "quote":
            record: dict[str, Any] = {
                "kind": "quote",
                "columns": {v: dict(c) for v, c in self.result.mappings.items()},
            }
            layout = self.final_layout()
            if layout is not None:
                record["layout"] = layout
            return record
        return {"kind": "inventory", "columns": dict(self.result.mapping)}

    def platform_rows(self) -> list[dict[str, Any]]:
        """Platforms named by the quote: facts stated on the sheet, else guessed from the name."""
        if self.kind != "quote" or self.result is None:
            return []
        out = []
        seen = set()
        for line in self.result.lines:
            key = (line.vendor, line.platform)
            if key in seen:
                continue
            seen.add(key)
            facts = self.result.platforms.get(key)
            deployment, xc = guess_from_name(line.platform)
            rec = {
                "vendor": line.vendor,
                "platform": line.platform,
                "deployment": deployment,
                "xinchuang": xc,
            }
            if facts is not None:
                for k in ("deployment", "xinchuang", "mlps_level", "capacity_vcpu", "availability"):
                    v = getattr(facts, k)
                    if v is not None:
                        rec[k] = v
            out.append(rec)
        return out


def _ranges(rows: tuple[int, ...]) -> str:
    return row_ranges(rows, "、" if current_lang() != "en" else ", ")


def save_rfq(
    parent: QWidget | None,
    county: str,
    workloads: Any,
    vendors: list[str] | None = None,
    path: Path | None = None,
) -> list[Path]:
    """Write the 询价单 (data.rfq) off the GUI thread: one file per vendor named, else one for
    any vendor; asks where to save when path is None. Returns the files written ([] = cancelled)."""
    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, tr("保存询价单"), "询价单.xlsx", tr("Excel 工作簿 (*.xlsx)")
        )
        if not chosen:
            return []
        path = Path(chosen)
    target, names = Path(path), list(vendors or [])
    try:
        return run_in_background(
            parent,
            tr("正在写出询价单…"),
            lambda: write_rfq((county, tuple(workloads)), target, names or None),
        )
    except Cancelled:
        return []


def systems_of(tables: dict[str, Any], name: str) -> tuple[str, tuple[Any, ...]] | None:
    """(county, systems) from the project's tables, before any price is known; None while the
    system list itself has errors (the project's problems panel names them)."""
    t = tables.get("workloads")
    if t is None or not t.records:
        return None
    blank = {"current_vendor": None, "current_platform": None}  # not asked in a 询价单
    only = replace(t, records=[(r, {**rec, **blank}) for r, rec in t.records])
    inp, _issues = tables_to_input({"workloads": only}, "", known_platforms=set(), name=name)
    return (name, inp.workloads) if inp is not None else None


def rfq_from_project(parent: QWidget | None, project: Any, path: Path | None = None) -> list[Path]:
    """The 供应商报价 page's 询价单 action: one file per vendor of the project (or one for any
    vendor when there is none yet); a message when the system list is not ready."""
    systems = systems_of(project.tables(), project.name)
    if systems is None:
        QMessageBox.warning(
            parent,
            tr("无法生成询价单"),
            tr("请先在「业务系统」页录入或导入本县的系统清单，并改正其中的错误。"),
        )
        return []
    vendors = sorted(
        {str(r["vendor"]) for r in project.models["platforms"].records() if r.get("vendor")}
    )
    return save_rfq(parent, systems[0], systems[1], vendors, path)
