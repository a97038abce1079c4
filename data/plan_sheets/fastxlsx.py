"""A faster worksheet serialiser for large plan workbooks.

openpyxl without lxml serialises every cell through ElementTree (~25 µs a cell), which makes
a 2,000-system plan take several seconds to save. This writer emits the same ``<c>`` XML as
openpyxl's ``etree_write_cell`` as plain strings for the common cell types (numbers, booleans,
text, formulas) and defers to openpyxl for anything else, so the files are identical in
content. It only takes the fast path with et_xmlfile's pure-Python writer; with lxml
installed openpyxl's own code runs unchanged.
"""

from __future__ import annotations

import datetime
import io
import weakref
from typing import Any
from xml.sax.saxutils import escape, quoteattr
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.cell._writer import write_cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml import LXML

from data.plan_sheets.lazy import column_letters, entry_xml, materialize, pending

try:  # the pure-Python incremental writer (et_xmlfile without lxml)
    from et_xmlfile.xmlfile import _IncrementalFileWriter
except ImportError:  # pragma: no cover - depends on the et_xmlfile version
    _IncrementalFileWriter = None  # type: ignore[assignment,misc]


#: Cached results of formula cells, per worksheet: coordinate → value. openpyxl cannot write a
#: formula's cached value, so previews (Explorer, WeChat, mail clients) and pandas saw empty
#: totals; the writer registers the number it computed with planner.costing here.
_CACHED: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def set_cached(ws: Any, coordinate: str, value: Any) -> None:
    """Store value as the cached result of the formula in ws[coordinate] (numbers, text, bools)."""
    _CACHED.setdefault(ws, {})[coordinate] = value


def cached_values(ws: Any) -> dict[str, Any]:
    """The cached formula results registered for ws."""
    return _CACHED.get(ws, {})


def _cached_xml(value: Any) -> tuple[str, str]:
    """(type attribute, <v> element) of a cached formula result."""
    if isinstance(value, bool):
        return ' t="b"', f"<v>{int(value)}</v>"
    if isinstance(value, int | float):
        return "", f"<v>{safe_string(value)}</v>"
    return ' t="str"', f"<v>{escape(str(value))}</v>"


def _cell_xml(cell: Any, cached: dict[str, Any] | None = None) -> str | None:
    """The ``<c>`` element of a plain cell, or None when openpyxl must write it."""
    if cell.hyperlink is not None:
        return None
    value = cell._value
    head = f'<c r="{cell.coordinate}"'
    if cell.has_style:
        head += f' s="{cell.style_id}"'
    kind = cell.data_type
    if value is None or value == "":
        if kind in ("s", "f"):
            return head + (' t="inlineStr"' if kind == "s" else "") + "/>"
        return head + f' t="{kind}"/>'
    if kind == "n" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'{head} t="n"><v>{safe_string(value)}</v></c>'
    if kind == "b" and isinstance(value, bool):
        return f'{head} t="b"><v>{safe_string(value)}</v></c>'
    if kind == "s" and isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'{head} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    if kind == "f" and isinstance(value, str) and value.startswith("="):
        if cached and cell.coordinate in cached:
            t, v = _cached_xml(cached[cell.coordinate])
            return f"{head}{t}><f>{escape(value[1:])}</f>{v}</c>"
        return f"{head}><f>{escape(value[1:])}</f><v/></c>"
    return None


class _FastWorksheetWriter(WorksheetWriter):  # type: ignore[misc]
    def write_dimensions(self) -> None:
        todo = pending(self.ws)
        if not todo:
            super().write_dimensions()
            return
        real = self.ws.__dict__["_cells"]
        rows = set(todo) | {r for r, _ in real}
        cols = {c for cs in todo.values() for c in cs} | {c for _, c in real}
        ref = f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"
        self.xf.send(SheetDimension(ref).to_tree())

    def write_rows(self) -> None:
        todo = pending(self.ws)
        if not todo:
            super().write_rows()
            return
        if LXML or _IncrementalFileWriter is None:
            materialize(self.ws)  # lxml: openpyxl writes real Cells
            super().write_rows()
            return
        xf = self.xf.send(True)
        raw = getattr(xf, "_file", None)
        assert isinstance(xf, _IncrementalFileWriter) and callable(raw)
        with xf.element("sheetData"):
            self._write_lazy_rows(xf, raw, todo)
        self.xf.send(None)

    def _write_lazy_rows(self, xf: Any, raw: Any, todo: dict[int, dict[int, Any]]) -> None:
        """<sheetData> from the pending tuples and any real Cells, row by row, as openpyxl orders them."""
        ws = self.ws
        styles = ws.__dict__["_lazy_styles"]
        xfs, quoted = styles.xf, styles.quoted_xf
        real_rows: dict[int, dict[int, Any]] = {}
        for (r, c), cell in ws.__dict__["_cells"].items():
            real_rows.setdefault(r, {})[c] = cell
        dims = ws.row_dimensions
        rows = set(todo) | set(real_rows) | set(dims.keys())
        ncols = max(
            [c for cs in todo.values() for c in cs] + [c for _, c in ws.__dict__["_cells"]] + [1]
        )
        letters = column_letters(ncols)
        cached = _CACHED.get(ws)
        for r in sorted(rows):
            attrs = {"r": f"{r}"}
            if r in dims:
                attrs.update(dims[r])
            if len(attrs) == 1:
                parts = [f'<row r="{r}">']
            else:
                parts = [
                    "<row " + " ".join(f"{k}={quoteattr(str(v))}" for k, v in attrs.items()) + ">"
                ]
            lazy_cells = todo.get(r, {})
            real_cells = real_rows.get(r)
            sr = str(r)
            if not real_cells:
                parts += [
                    entry_xml(letters[c] + sr, lazy_cells[c], xfs, quoted)
                    for c in sorted(lazy_cells)
                ]
                parts.append("</row>")
                raw("".join(parts))
                continue
            for c in sorted(lazy_cells.keys() | real_cells.keys()):
                entry = lazy_cells.get(c)
                if entry is not None:
                    parts.append(entry_xml(letters[c] + sr, entry, xfs, quoted))
                    continue
                cell = real_cells[c]
                if cell._comment is not None:
                    ws._comments.append(CommentRecord.from_cell(cell))
                if cell._value is None and not cell.has_style and not cell._comment:
                    continue
                text = _cell_xml(cell, cached)
                if text is None:
                    raw("".join(parts))
                    parts = []
                    write_cell(xf, ws, cell, cell.has_style)
                else:
                    parts.append(text)
            parts.append("</row>")
            raw("".join(parts))

    def write_row(self, xf: Any, row: list[Any], row_idx: int) -> None:
        raw = getattr(xf, "_file", None)
        if (
            _IncrementalFileWriter is None
            or not isinstance(xf, _IncrementalFileWriter)
            or not callable(raw)
        ):
            super().write_row(xf, row, row_idx)  # lxml: openpyxl's own writer (no cached values)
            return
        cached = _CACHED.get(self.ws)
        attrs = {"r": f"{row_idx}"}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        raw("<row " + " ".join(f"{k}={quoteattr(str(v))}" for k, v in attrs.items()) + ">")
        for cell in row:
            if cell._comment is not None:
                self.ws._comments.append(CommentRecord.from_cell(cell))
            if cell._value is None and not cell.has_style and not cell._comment:
                continue
            text = _cell_xml(cell, cached)
            if text is None:
                write_cell(xf, self.ws, cell, cell.has_style)
            else:
                raw(text)
        raw("</row>")


class _FastExcelWriter(ExcelWriter):  # type: ignore[misc]
    def write_worksheet(self, ws: Any) -> None:
        if self.workbook.write_only:
            super().write_worksheet(ws)
            return
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if LXML:  # openpyxl's own way, through a temporary file
            writer = _FastWorksheetWriter(ws)
            writer.write()
            ws._rels = writer._rels
            self._archive.write(writer.out, ws.path[1:])
            self.manifest.append(ws)
            writer.cleanup()
            return
        buffer = (
            io.BytesIO()
        )  # the sheet's XML in memory: no 60 MB temporary file written and read back
        writer = _FastWorksheetWriter(ws, out=buffer)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], buffer.getbuffer())
        self.manifest.append(ws)


def fast_save(wb: Workbook, filename: str) -> None:
    """Save like ``Workbook.save`` (same content), only faster for big sheets."""
    # level 1 instead of 6: a third of the compression time (a 20,000-system plan: 0.3 s
    # instead of 1.1 s) for a file about a third larger (9.8 MB instead of 7.3 MB)
    with ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        wb.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        _FastExcelWriter(wb, archive).save()
