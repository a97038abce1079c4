"""Editable tables over the input DataFrames: a thin QAbstractTableModel, undo commands, the view.

The model holds one sheet of the canonical workbook (docs/DESIGN.md §2) as a DataFrame with the
schema's column keys. Every edit goes through a QUndoStack command; the model never opens
dialogs. Validation problems are attached by the project as a {(row, column key): issue} map
and shown as red (error) / amber (warning) cells with the message as tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from data.project_file import FIRST_ROW
from data.schema import BOOL_VALUES, ENUMS, Column, normalise, sheet_columns
from data.terms_sheets import TERM_EN_TITLES, TERM_ENUM_LABELS
from data.workbook import ValidationIssue, cell_text, is_blank, parse_number
from planner.labels import (
    DATA_CLASS_LABELS,
    DEPLOYMENT_LABELS,
    PERIOD_LABELS,
    RESOURCE_LABELS,
    label,
)
from ui.app.i18n import app_text, current_lang, loc, tr
from ui.app.undo_text import undo_text

ERROR_BRUSH = QBrush(QColor("#f8d0d0"))
WARNING_BRUSH = QBrush(QColor("#fde9b8"))
SortKeyRole = Qt.ItemDataRole.UserRole + 1

_ENUM_LABELS = {
    "deployment": DEPLOYMENT_LABELS,
    "data_class": DATA_CLASS_LABELS,
    "period": PERIOD_LABELS,
    "resource": RESOURCE_LABELS,
}
_ENUM_LABELS.update(TERM_ENUM_LABELS)  # 折扣类型, 阶梯方式, 指定规则 (data/terms_sheets.py)

#: English column titles (the schema's Chinese ones are used in zh).
EN_TITLES = {
    "vendor": "Vendor",
    "platform": "Platform",
    "deployment": "Deployment",
    "xinchuang": "Xinchuang",
    "mlps_level": "MLPS level",
    "capacity_vcpu": "Capacity (vCPU)",
    "availability": "Availability (%)",
    "resource": "Resource",
    "unit_price": "Unit price (CNY)",
    "period": "Period",
    "name": "System",
    "department": "Department",
    "vcpu": "vCPU",
    "ram_gb": "RAM (GB)",
    "storage_gb": "Storage (GB)",
    "bandwidth_mbps": "Bandwidth (Mbps)",
    "data_class": "Data class",
    "xinchuang_required": "Must be 信创",
    "current_vendor": "Current vendor",
    "current_platform": "Current platform",
    "migration_cost": "Migration cost (CNY)",
    "xinchuang_adaptation_cost": "信创 adaptation (CNY)",
}
EN_TITLES.update(TERM_EN_TITLES)


def column_title(col: Column, lang: str | None = None) -> str:
    lang = lang or current_lang()
    if lang == "en":
        if col.sheet == "prices" and col.key in ("vcpu", "ram_gb"):
            return {"vcpu": "Instance vCPU", "ram_gb": "Instance RAM (GB)"}[col.key]
        return EN_TITLES.get(col.key, col.key)
    return f"{col.zh}({col.unit})" if col.unit in ("元",) else col.zh


def coerce(col: Column, raw: Any) -> Any:
    """What a person typed → the value stored: canonical where recognised, else the raw text.

    Unrecognised text is kept as typed so the validator can point at it.
    """
    if is_blank(raw):
        return None
    if not isinstance(raw, str):
        if (
            col.type in ("number", "int", "percent", "share")
            and isinstance(raw, int | float)
            and not isinstance(raw, bool)
        ):
            return (
                float(raw)
                if col.type != "int"
                else (int(raw) if float(raw).is_integer() else float(raw))
            )
        return raw
    text = raw.strip()
    if col.type == "text":
        return text
    if col.type in ("share", "change") and text.endswith("%"):
        n = parse_number(text[:-1].strip())  # 35% → 0.35, -5% → -0.05 (as the reader reads them)
        return text if n is None else n / 100
    if col.type in ("number", "int", "percent", "share", "year"):
        n = parse_number(text)
        if n is None:
            return text
        if col.type == "year" and n.is_integer():
            return int(n)
        if col.type == "int" and n.is_integer():
            return int(n)
        return n
    if col.type == "bool":
        key = normalise(text)
        return BOOL_VALUES[key] if key in BOOL_VALUES else text
    if col.type in ENUMS:
        key = normalise(text)
        return ENUMS[col.type].get(key, text)
    return text


def display(col: Column, value: Any, lang: str | None = None, editing: bool = False) -> str:
    """A stored value as shown in a cell (money with thousands separators, enums by label)."""
    lang = lang or current_lang()
    if is_blank(value):
        return ""
    if isinstance(value, bool) or (col.type == "bool" and isinstance(value, int | float)):
        yes = bool(value)
        return ("是" if yes else "否") if lang == "zh" else ("yes" if yes else "no")
    if col.type in _ENUM_LABELS and isinstance(value, str) and value in _ENUM_LABELS[col.type]:
        text = label(_ENUM_LABELS[col.type], value, lang)
        if col.type == "resource" and lang == "zh":
            text = text.replace("(GB)", "").replace("(Mbps)", "")
        return text
    if isinstance(value, int | float):
        v = float(value)
        if col.type == "year" and v.is_integer():
            return str(int(v))  # 2026, never "2,026"
        if col.type == "share" and 0 <= v <= 1:
            return _percent(v)  # 35%, not 0.35 (a value out of range shows as typed: it is flagged)
        if col.type == "change":
            return _percent(v if abs(v) < 1 else v / 100)  # -5 under a (%) header reads as -5%
        if editing:
            return cell_text(v)
        if col.unit == "元":
            return f"{v:,.2f}"
        if v.is_integer():
            return f"{int(v):,}"
        return f"{v:,.4f}".rstrip("0").rstrip(".")
    return str(value)


def _percent(share: float) -> str:
    """A fraction as a percentage without float noise: 0.35 → 35%, 0.355 → 35.5%."""
    return f"{round(share * 100, 6):g}%"


def choices(col: Column, lang: str | None = None) -> list[str]:
    """Values offered by the drop-down editor of an enumerated column."""
    lang = lang or current_lang()
    if col.type == "bool":
        return ["是", "否"] if lang == "zh" else ["yes", "no"]
    table = _ENUM_LABELS.get(col.type)
    if table is None:
        return []
    return [display(col, key, lang) for key in table]


class FrameModel(QAbstractTableModel):
    """One input sheet as a table; edits are QUndoStack commands."""

    edited = Signal()
    """Emitted after any change of the data (edit, undo, redo, reset)."""

    def __init__(self, sheet: str, undo: QUndoStack, parent: Any = None) -> None:
        super().__init__(parent)
        self.sheet = sheet
        self.columns: tuple[Column, ...] = sheet_columns(sheet)
        self.keys = [c.key for c in self.columns]
        self.undo = undo
        self._df = pd.DataFrame({k: pd.Series(dtype=object) for k in self.keys})
        self.issues: dict[tuple[int, str], list[ValidationIssue]] = {}

    # --- reading ----------------------------------------------------------------------------
    def frame(self) -> pd.DataFrame:
        """A copy of the data (object dtype, schema column keys)."""
        return self._df.copy()

    def records(self) -> list[dict[str, Any]]:
        return [
            {k: (None if is_blank(v) else v) for k, v in zip(self.keys, row, strict=True)}
            for row in self._df.itertuples(index=False, name=None)
        ]

    def value(self, row: int, key: str) -> Any:
        v = self._df.iat[row, self.keys.index(key)]
        return None if is_blank(v) else v

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._df)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        value = self._df.iat[index.row(), index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(col, value)
        if role == Qt.ItemDataRole.EditRole:
            return display(col, value, editing=True)
        if role == SortKeyRole:
            if is_blank(value):
                return (2, 0.0, "")
            if isinstance(value, int | float) and not isinstance(value, bool):
                return (0, float(value), "")
            return (1, 0.0, display(col, value))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.type in ("number", "int", "percent") and not isinstance(value, str):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        issues = self.issues.get((index.row(), col.key))
        if not issues:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return ERROR_BRUSH if any(i.severity == "error" for i in issues) else WARNING_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#202020"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(issue_line(i) for i in issues)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column_title(col) + (" *" if col.required else "")
            if role == Qt.ItemDataRole.ToolTipRole:
                meaning = col.meaning_zh if current_lang() == "zh" else col.meaning_en
                req = tr("必填") if col.required else tr("选填")
                req = f"（{req}）" if current_lang() == "zh" else f" ({req})"
                return f"{column_title(col)}{req}\n{meaning}"  # in one language (issue 22)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + FIRST_ROW)  # numbered like the workbook (headers in row 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    # --- user edits (undoable) --------------------------------------------------------------
    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.columns[index.column()]
        new = coerce(col, value)
        old = self.value(index.row(), col.key)
        if _same(old, new):
            return False
        self.undo.push(
            SetCellsCommand(self, [(index.row(), col.key, old, new)], undo_text("编辑单元格"))
        )
        return True

    def set_cells(self, changes: Sequence[tuple[int, str, Any]], text: str | None = None) -> None:
        """Set several cells as one undo step; values are coerced like typed text."""
        cols = {c.key: c for c in self.columns}
        items = []
        for row, key, raw in changes:
            new = coerce(cols[key], raw)
            old = self.value(row, key)
            if not _same(old, new):
                items.append((row, key, old, new))
        if items:
            self.undo.push(SetCellsCommand(self, items, text or undo_text("编辑单元格")))

    def add_rows(self, position: int | None = None, count: int = 1) -> int:
        """Insert blank rows (undoable); returns the position of the first new row."""
        position = len(self._df) if position is None else max(0, min(position, len(self._df)))
        blank = [dict.fromkeys(self.keys) for _ in range(count)]
        self.undo.push(InsertRowsCommand(self, position, blank, undo_text("添加行")))
        return position

    def remove_rows(self, rows: Sequence[int]) -> None:
        rows = sorted({r for r in rows if 0 <= r < len(self._df)})
        if rows:
            self.undo.push(RemoveRowsCommand(self, rows, undo_text("删除 {n} 行", n=len(rows))))

    def replace_frame(self, df: pd.DataFrame, text: str) -> None:
        """Replace all rows (an import) as one undo step."""
        self.undo.push(ReplaceFrameCommand(self, df, text))

    def paste(self, rows: Sequence[int], first_column: int, grid: list[list[str]]) -> None:
        """Paste a tab-separated grid: rows[i] is the target row of grid line i (-1 = new row)."""
        if not grid:
            return
        self.undo.beginMacro(undo_text("粘贴 {n} 行", n=len(grid)))
        try:
            missing = sum(1 for r in rows if r < 0)
            if missing:
                start = self.add_rows(None, missing)
                it = iter(range(start, start + missing))
                rows = [r if r >= 0 else next(it) for r in rows]
            changes = []
            for r, line in zip(rows, grid, strict=True):
                for j, text in enumerate(line):
                    c = first_column + j
                    if c >= len(self.columns):
                        break
                    changes.append((r, self.keys[c], text))
            self.set_cells(changes, undo_text("粘贴"))
        finally:
            self.undo.endMacro()

    # --- raw operations (commands call these) -----------------------------------------------
    def load(self, df: pd.DataFrame) -> None:
        """Replace the data without undo (opening a project)."""
        self.beginResetModel()
        self._df = _conform(df, self.keys)
        self.issues = {}
        self.endResetModel()
        self.edited.emit()

    def _set(self, row: int, key: str, value: Any) -> None:
        c = self.keys.index(key)
        self._df.iat[row, c] = value
        idx = self.index(row, c)
        self.dataChanged.emit(idx, idx)

    def _insert(self, position: int, records: list[dict[str, Any]]) -> None:
        self.beginInsertRows(QModelIndex(), position, position + len(records) - 1)
        new = pd.DataFrame(
            [[r.get(k) for k in self.keys] for r in records], columns=self.keys, dtype=object
        )
        self._df = pd.concat(
            [self._df.iloc[:position], new, self._df.iloc[position:]], ignore_index=True
        )
        self._shift_issues(position, len(records))
        self.endInsertRows()

    def _remove(self, rows: list[int]) -> list[dict[str, Any]]:
        removed = [dict(zip(self.keys, self._df.iloc[r].tolist(), strict=True)) for r in rows]
        for r in reversed(rows):
            self.beginRemoveRows(QModelIndex(), r, r)
            self._df = self._df.drop(index=self._df.index[r]).reset_index(drop=True)
            self._shift_issues(r + 1, -1)
            self.endRemoveRows()
        return removed

    def _shift_issues(self, start: int, delta: int) -> None:
        moved: dict[tuple[int, str], list[ValidationIssue]] = {}
        for (r, k), v in self.issues.items():
            if r >= start:
                if delta < 0 and r < start - delta:
                    continue
                moved[(r + delta, k)] = v
            else:
                moved[(r, k)] = v
        self.issues = moved

    def set_issues(self, issues: dict[tuple[int, str], list[ValidationIssue]]) -> None:
        self.issues = issues
        if len(self._df):
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._df) - 1, len(self.columns) - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole],
            )


def issue_line(issue: ValidationIssue) -> str:
    """A problem as one line for tooltips and the problems panel: message (value) · hint."""
    value = tr("（值：{value}）").format(value=loc(issue.value)) if issue.value != "" else ""
    hint = " " + tr("修改方法：{hint}").format(hint=app_text(issue.hint)) if issue.hint else ""
    message = loc(issue.message).rstrip("。.")
    end = "。" if current_lang() == "zh" else "."
    return f"{message}{value}{end}{hint}"


def _same(a: Any, b: Any) -> bool:
    if is_blank(a) and is_blank(b):
        return True
    return type(a) is type(b) and a == b


def _conform(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(df)), columns=keys, dtype=object)
    for k in keys:
        if k in df.columns:
            out[k] = [None if is_blank(v) else _plain(v) for v in df[k].tolist()]
    return out.astype(object)


def _plain(v: Any) -> Any:
    """numpy scalars → Python values (JSON-safe, comparable)."""
    if hasattr(v, "item") and not isinstance(v, str):
        return v.item()
    return v


# --- undo commands --------------------------------------------------------------------------------
class SetCellsCommand(QUndoCommand):
    def __init__(
        self, model: FrameModel, items: list[tuple[int, str, Any, Any]], text: str
    ) -> None:
        super().__init__(text)
        self.model, self.items = model, items

    def redo(self) -> None:
        for row, key, _old, new in self.items:
            self.model._set(row, key, new)
        self.model.edited.emit()

    def undo(self) -> None:
        for row, key, old, _new in reversed(self.items):
            self.model._set(row, key, old)
        self.model.edited.emit()


class InsertRowsCommand(QUndoCommand):
    def __init__(
        self, model: FrameModel, position: int, records: list[dict[str, Any]], text: str
    ) -> None:
        super().__init__(text)
        self.model, self.position, self.records = model, position, records

    def redo(self) -> None:
        self.model._insert(self.position, self.records)
        self.model.edited.emit()

    def undo(self) -> None:
        self.model._remove(list(range(self.position, self.position + len(self.records))))
        self.model.edited.emit()


class RemoveRowsCommand(QUndoCommand):
    def __init__(self, model: FrameModel, rows: list[int], text: str) -> None:
        super().__init__(text)
        self.model, self.rows = model, rows
        self.removed: list[dict[str, Any]] = []

    def redo(self) -> None:
        self.removed = self.model._remove(self.rows)
        self.model.edited.emit()

    def undo(self) -> None:
        for r, rec in zip(self.rows, self.removed, strict=True):
            self.model._insert(r, [rec])
        self.model.edited.emit()


class ReplaceFrameCommand(QUndoCommand):
    def __init__(self, model: FrameModel, df: pd.DataFrame, text: str) -> None:
        super().__init__(text)
        self.model, self.new, self.old = model, _conform(df, model.keys), model.frame()

    def redo(self) -> None:
        self.model.load(self.new)

    def undo(self) -> None:
        self.model.load(self.old)


# --- view --------------------------------------------------------------------------------------
class SortFilterProxy(QSortFilterProxyModel):
    """Sorts numbers as numbers and blanks last; filters on the shown text of any column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortKeyRole)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterRole(Qt.ItemDataRole.DisplayRole)

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:  # noqa: N802
        a, b = left.data(SortKeyRole), right.data(SortKeyRole)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down editor for yes/no and enumerated columns (typing other text is allowed)."""

    def __init__(self, model: FrameModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model

    def _column(self, index: QModelIndex | QPersistentModelIndex) -> Column:
        proxy = index.model()
        if isinstance(proxy, QSortFilterProxyModel):
            index = proxy.mapToSource(index)
        return self.model.columns[index.column()]

    def createEditor(
        self, parent: QWidget, option: Any, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:  # noqa: N802
        items = choices(self._column(index))
        if not items:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        box.setEditable(True)
        box.addItems(items)
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class FrameView(QTableView):
    """Table view over a FrameModel through a sort/filter proxy; Ctrl+V pastes from Excel."""

    filter_cleared = Signal()
    """go_to() had to clear the filter to show a cell."""

    def __init__(self, model: FrameModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame_model = model
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setItemDelegate(ChoiceDelegate(model, self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(96)
        self.verticalHeader().setDefaultSectionSize(24)
        model.modelReset.connect(self._fit_columns)
        self._fit_columns()

    def _fit_columns(self) -> None:
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(200)
        self.resizeColumnsToContents()
        for j, col in enumerate(self.frame_model.columns):
            width = self.columnWidth(j) + 12
            if col.key in ("name", "platform", "current_platform"):
                width = max(width, 140)
            elif col.type == "resource":
                width = max(width, 130)
            self.setColumnWidth(j, max(64, min(width, 240)))

    def set_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    def source_row(self, proxy_row: int) -> int:
        return self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()

    def selected_source_rows(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.selectionModel().selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.proxy.mapToSource(self.currentIndex()).row()}
        return sorted(rows)

    def go_to(self, row: int, key: str) -> None:
        """Select and show the cell (source row, column key), clearing a filter that hides it."""
        if key not in self.frame_model.keys:
            key = self.frame_model.keys[0]
        src = self.frame_model.index(row, self.frame_model.keys.index(key))
        idx = self.proxy.mapFromSource(src)
        if not idx.isValid():
            self.proxy.setFilterFixedString("")
            self.filter_cleared.emit()
            idx = self.proxy.mapFromSource(src)
        self.setCurrentIndex(idx)
        self.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus()

    def paste_clipboard(self) -> int:
        """Paste tab-separated text at the current cell; returns the number of rows pasted."""
        text = QGuiApplication.clipboard().text()
        grid = parse_clipboard(text)
        if not grid:
            return 0
        current = self.currentIndex()
        top = current.row() if current.isValid() else self.proxy.rowCount()
        left = current.column() if current.isValid() else 0
        rows = [
            self.source_row(top + i) if top + i < self.proxy.rowCount() else -1
            for i in range(len(grid))
        ]
        self.frame_model.paste(rows, left, grid)
        return len(grid)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.Cut):
            self.cut_selection()
            return
        if (
            event.key() == Qt.Key.Key_Delete
            and self.state() != QAbstractItemView.State.EditingState
        ):
            changes = [
                (self.proxy.mapToSource(i).row(), self.frame_model.keys[i.column()], None)
                for i in self.selectionModel().selectedIndexes()
            ]
            self.frame_model.set_cells(changes, undo_text("清除单元格"))
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> int:
        """Copy the selected cells as tab-separated text (what Excel/WPS paste as cells); numbers
        are copied as typed (1024, not 1,024), so Excel reads them as numbers. Returns the cells."""
        return copy_cells(self, Qt.ItemDataRole.EditRole)

    def cut_selection(self) -> int:
        """Copy the selected cells, then clear them: one undo step (剪切). Returns the cells."""
        n = self.copy_selection()
        changes = [
            (self.proxy.mapToSource(i).row(), self.frame_model.keys[i.column()], None)
            for i in self.selectionModel().selectedIndexes()
        ]
        self.frame_model.set_cells(changes, undo_text("剪切"))
        return n


def copy_cells(view: QAbstractItemView, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> int:
    """Copy the selected cells of any table view as tab-separated lines (the selection's bounding
    rows and columns; cells not selected inside it stay empty). Returns the cells copied."""
    model = view.model()
    selection = view.selectionModel()
    indexes = selection.selectedIndexes() if selection is not None else []
    if not indexes and view.currentIndex().isValid():
        indexes = [view.currentIndex()]
    if not indexes or model is None:
        return 0
    chosen = {(i.row(), i.column()) for i in indexes}
    rows = sorted({r for r, _ in chosen})
    cols = sorted({c for _, c in chosen})
    lines = []
    for r in rows:
        cells = []
        for c in cols:
            value = model.index(r, c).data(role) if (r, c) in chosen else None
            text = "" if value is None else str(value)
            cells.append(text.replace("\t", " ").replace("\r", " ").replace("\n", " "))
        lines.append("\t".join(cells))
    QGuiApplication.clipboard().setText("\n".join(lines))
    return len(chosen)


def find_cell(view: QAbstractItemView, text: str, backwards: bool = False) -> bool:
    """Select the next cell (after the current one, wrapping) whose shown text contains text,
    ignoring case; False when no cell does."""
    model = view.model()
    needle = text.strip().casefold()
    if model is None or not needle:
        return False
    rows, cols = model.rowCount(), model.columnCount()
    total = rows * cols
    if total == 0:
        return False
    current = view.currentIndex()
    start = current.row() * cols + current.column() if current.isValid() else -1
    step = -1 if backwards else 1
    for k in range(1, total + 1):
        pos = (start + step * k) % total
        index = model.index(pos // cols, pos % cols)
        if needle in str(index.data(Qt.ItemDataRole.DisplayRole) or "").casefold():
            view.setCurrentIndex(index)
            view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            return True
    return False


def parse_clipboard(text: str) -> list[list[str]]:
    """Excel/WPS clipboard text → rows of cells (tab-separated; a trailing newline is dropped)."""
    if not text:
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]
