"""Importing sheets with a column mapping the user can see and fix.

:func:`detect` reads a workbook and guesses, for every wanted input sheet, which sheet of the
file holds it, which row is the header and which schema column each header means (the same
matching as the canonical reader). :class:`ImportDialog` shows that mapping with a preview and
lets the user change it; :func:`build_tables` turns the mapping into :class:`data.workbook.Table`
objects, so the project validates imported rows exactly like a workbook it opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from data.schema import SHEETS, match_column, match_sheet, sheet_columns, split_header
from data.workbook import Table, ValidationIssue, cell_text, is_blank
from ui.app.i18n import current_lang, tr
from ui.app.tables import column_title

PREVIEW_ROWS = 8


@dataclass
class SheetMapping:
    """How one input sheet (platforms/prices/workloads) is read from a file."""

    target: str
    """Input sheet key."""
    source: str | None
    """Sheet of the file, or None when not found."""
    header_row: int = 0
    """0-based row of the headers."""
    columns: dict[int, str | None] = field(default_factory=dict)
    """file column index → schema column key (None = ignored)."""

    def headers(self, rows: list[list[Any]]) -> list[str]:
        if self.header_row >= len(rows):
            return []
        return [cell_text(v) for v in rows[self.header_row]]

    def missing_required(self) -> list[str]:
        mapped = {k for k in self.columns.values() if k}
        return [c.key for c in sheet_columns(self.target) if c.required and c.key not in mapped]


def read_rows(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook as raw rows (xlsx, xls, ods); raises ValueError with a message."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        return {
            name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in wb.sheet_names
        }
    except Exception as exc:  # noqa: BLE001 – any failure means "not a workbook we can read"
        raise ValueError(
            tr(
                "无法作为 Excel 工作簿打开 {file}（文件损坏、加密或不是 .xlsx/.xls/.ods 格式）。"
            ).format(file=path.name)
        ) from exc


def _matches(target: str, row: list[Any]) -> int:
    return sum(1 for h in row if not is_blank(h) and match_column(target, h) is not None)


def guess_mapping(
    target: str, rows: list[list[Any]], source: str | None, header: int | None = None
) -> SheetMapping:
    """Mapping of a sheet; the header row is the one of the first ten that names most columns."""
    if header is None:
        candidates = [i for i, r in enumerate(rows[:30]) if any(not is_blank(v) for v in r)][:10]
        header = max(candidates, key=lambda i: (_matches(target, rows[i]), -i)) if candidates else 0
    mapping = SheetMapping(target, source, header)
    taken: set[str] = set()
    for j, h in enumerate(rows[header] if header < len(rows) else []):
        if is_blank(h):
            continue
        col = match_column(target, h)
        key = col.key if col is not None and col.key not in taken else None
        if key:
            taken.add(key)
        mapping.columns[j] = key
    return mapping


def detect(
    sheets_rows: dict[str, list[list[Any]]],
    targets: tuple[str, ...],
    remembered: dict[str, Any] | None = None,
) -> dict[str, SheetMapping]:
    """The likely source sheet, header row and column mapping of each target sheet.

    remembered holds the mapping the user confirmed for this file before (see mapping_record);
    it wins over the guess wherever its sheet and headers are still there.
    """
    out: dict[str, SheetMapping] = {}
    remembered = remembered or {}
    by_key = {}
    for name in sheets_rows:
        key = match_sheet(name)
        if key and key not in by_key:
            by_key[key] = name
    unused = [n for n in sheets_rows if n not in by_key.values()]
    for target in targets:
        source = by_key.get(target)
        if source is None and len(targets) == 1 and unused:
            # a vendor's own single-sheet file: take the sheet whose headers match best
            source = max(unused, key=lambda n: _score(target, sheets_rows[n]))
            if _score(target, sheets_rows[source]) == 0:
                source = None
        out[target] = (
            guess_mapping(target, sheets_rows.get(source, []), source)
            if source
            else SheetMapping(target, None)
        )
        record = remembered.get(target)
        if isinstance(record, dict) and record.get("source") in sheets_rows:
            out[target] = _apply_record(target, sheets_rows[record["source"]], record)
    return out


def _apply_record(target: str, rows: list[list[Any]], record: dict[str, Any]) -> SheetMapping:
    header = max(0, int(record.get("header_row", 1)) - 1)
    m = guess_mapping(target, rows, record["source"], header=header)
    known = {c.key for c in sheet_columns(target)}
    columns = record.get("columns") or {}
    for j, h in enumerate(m.headers(rows)):
        if h in columns and (columns[h] is None or columns[h] in known):
            m.columns[j] = columns[h]
    return m


def _score(target: str, rows: list[list[Any]]) -> int:
    return max((_matches(target, r) for r in rows[:30]), default=0)


def build_tables(
    file: str, sheets_rows: dict[str, list[list[Any]]], mappings: dict[str, SheetMapping]
) -> tuple[dict[str, Table], list[ValidationIssue]]:
    """Tables (raw cells under schema keys) from the mapping, and the problems of the file."""
    tables: dict[str, Table] = {}
    issues: list[ValidationIssue] = []
    for target, m in mappings.items():
        name = SHEETS[target].zh
        if m.source is None:
            issues.append(
                ValidationIssue(
                    file,
                    name,
                    message=tr("文件中没有找到「{sheet}」表，未导入").format(sheet=name),
                    hint=tr("请在导入对话框中选择对应的工作表"),
                    severity="warning",
                )
            )
            continue
        rows = sheets_rows.get(m.source, [])
        headers = m.headers(rows)
        t = Table(m.source)
        for j, key in m.columns.items():
            if key and j < len(headers):
                t.headers[key] = headers[j]
                t.scales[key] = 10_000.0 if split_header(headers[j])[1].startswith("万") else 1.0
        for i in range(m.header_row + 1, len(rows)):
            r = rows[i]
            rec = {key: (r[j] if j < len(r) else None) for j, key in m.columns.items() if key}
            if rec and not all(is_blank(v) for v in rec.values()):
                t.records.append((i + 1, rec))
        for key in m.missing_required():
            col = next(c for c in sheet_columns(target) if c.key == key)
            issues.append(
                ValidationIssue(
                    file,
                    m.source,
                    row=m.header_row + 1,
                    column=col.zh,
                    message=tr("没有对应到必需的列「{col}」").format(col=col.zh),
                    hint=tr("请在导入对话框中把文件里的某一列对应到「{col}」").format(col=col.zh),
                    severity="warning",
                )
            )
        tables[target] = t
    return tables, issues


def mapping_record(m: SheetMapping, rows: list[list[Any]]) -> dict[str, Any]:
    """What the project file keeps about a mapping: source sheet, header row, header → key."""
    headers = m.headers(rows)
    return {
        "source": m.source,
        "header_row": m.header_row + 1,
        "columns": {
            headers[j]: key for j, key in m.columns.items() if j < len(headers) and headers[j]
        },
    }


class _SheetTab(QWidget):
    """The mapping of one target sheet: source sheet, header row, column combos, preview."""

    def __init__(
        self,
        mapping: SheetMapping,
        sheets_rows: dict[str, list[list[Any]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.mapping, self.sheets_rows = mapping, sheets_rows
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.source = QComboBox()
        self.source.setMinimumWidth(220)
        self.source.addItem(tr("（不导入）"), None)
        for name in sheets_rows:
            self.source.addItem(name, name)
        self.source.setCurrentIndex(max(0, self.source.findData(mapping.source)))
        form.addRow(tr("文件中的工作表："), self.source)
        self.header = QSpinBox()
        self.header.setRange(1, 1000)
        self.header.setValue(mapping.header_row + 1)
        form.addRow(tr("表头所在行："), self.header)
        lay.addLayout(form)
        self.missing = QLabel("")
        self.missing.setWordWrap(True)
        lay.addWidget(self.missing)
        lay.addWidget(
            QLabel(tr("列的对应（第一行为文件中的表头，可在下拉框中修改对应的字段）与前几行预览："))
        )
        self.table = QTableWidget()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        lay.addWidget(self.table, 1)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.header.valueChanged.connect(self._header_changed)
        self._fill()

    def _rows(self) -> list[list[Any]]:
        return self.sheets_rows.get(self.mapping.source or "", [])

    def _source_changed(self) -> None:
        source = self.source.currentData()
        self.mapping = (
            guess_mapping(self.mapping.target, self.sheets_rows.get(source, []), source)
            if source
            else SheetMapping(self.mapping.target, None)
        )
        self.header.blockSignals(True)
        self.header.setValue(self.mapping.header_row + 1)
        self.header.blockSignals(False)
        self._fill()

    def _header_changed(self, value: int) -> None:
        if self.mapping.source is None:
            return
        self.mapping = guess_mapping(
            self.mapping.target, self._rows(), self.mapping.source, header=value - 1
        )
        self._fill()

    def _fill(self) -> None:
        rows = self._rows()
        m = self.mapping
        headers = m.headers(rows) if m.source else []
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(1 + min(PREVIEW_ROWS, max(0, len(rows) - m.header_row - 1)))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setVerticalHeaderLabels(
            [tr("对应到")] + [str(m.header_row + 2 + i) for i in range(PREVIEW_ROWS)]
        )
        cols = sheet_columns(m.target)
        for j in range(len(headers)):
            box = QComboBox()
            box.addItem(tr("（忽略）"), None)
            for c in cols:
                box.addItem(column_title(c, current_lang()) + (" *" if c.required else ""), c.key)
            box.setCurrentIndex(max(0, box.findData(m.columns.get(j))))
            box.currentIndexChanged.connect(
                lambda _i, j=j, box=box: self._set_column(j, box.currentData())
            )
            self.table.setCellWidget(0, j, box)
            for i in range(1, self.table.rowCount()):
                r = rows[m.header_row + i] if m.header_row + i < len(rows) else []
                item = QTableWidgetItem(cell_text(r[j]) if j < len(r) else "")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self._update_missing()

    def _set_column(self, j: int, key: str | None) -> None:
        self.mapping.columns[j] = key
        self._update_missing()

    def _update_missing(self) -> None:
        if self.mapping.source is None:
            self.missing.setText(tr("此表不导入，保留当前数据。"))
            self.missing.setStyleSheet("color:#666;")
            return
        missing = self.mapping.missing_required()
        if missing:
            names = "、".join(
                column_title(next(c for c in sheet_columns(self.mapping.target) if c.key == k))
                for k in missing
            )
            self.missing.setText(tr("尚未对应的必需字段：{names}").format(names=names))
            self.missing.setStyleSheet("color:#c62828;")
        else:
            self.missing.setText(tr("必需字段均已对应。"))
            self.missing.setStyleSheet("color:#2e7d32;")


class ImportDialog(QDialog):
    """Shows the detected mapping of each wanted sheet with a preview; the user may fix it."""

    def __init__(
        self,
        path: Path,
        targets: tuple[str, ...],
        parent: QWidget | None = None,
        remembered: dict[str, Any] | None = None,
        rows: dict[str, list[list[Any]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(tr("导入 {file}").format(file=path.name))
        self.resize(980, 560)
        self.sheets_rows = rows if rows is not None else read_rows(path)
        detected = detect(self.sheets_rows, targets, remembered)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                tr(
                    "已自动识别工作表和列的对应关系。请核对预览，如有不对可在下拉框中修改。带 * 的字段为必填。"
                )
            )
        )
        self.tabs = QTabWidget()
        self.sheet_tabs: dict[str, _SheetTab] = {}
        titles = {"platforms": tr("平台表"), "prices": tr("报价表"), "workloads": tr("业务系统表")}
        for target, m in detected.items():
            tab = _SheetTab(m, self.sheets_rows)
            self.sheet_tabs[target] = tab
            self.tabs.addTab(tab, titles.get(target, target))
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("导入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def mappings(self) -> dict[str, SheetMapping]:
        return {t: tab.mapping for t, tab in self.sheet_tabs.items()}
