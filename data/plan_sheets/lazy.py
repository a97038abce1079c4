"""Cells held as plain tuples until somebody needs them as openpyxl Cells.

A 20,000-system plan workbook has about a million cells. Creating each one as an openpyxl
``Cell`` (object, style array copy, type inference) costs ~10–35 µs, seconds in all. A
:class:`LazyWorksheet` keeps what :class:`data.plan_sheets.style.SheetWriter` writes as
``(value, style name, formula?, cached result)`` tuples per row; :func:`fast_save` turns
them straight into the same ``<c>`` XML the Cell would have given.

Nothing else has to know: any openpyxl access to the sheet's cells (``ws.cell``,
``ws.iter_rows``, ``merge_cells``, ``wb.save`` …) goes through the ``_cells`` property,
which first turns the pending tuples into real Cells, exactly as the writer would have
built them (:func:`materialize`). So the lazy and the plain path give identical cells, and
tests compare the two.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from data.xlsx import _FORMULA_START, put

#: Value types stored lazily; anything else is written as a real Cell at once.
LAZY_TYPES = (str, int, float, bool, type(None))
#: openpyxl truncates longer text (Cell.check_string); such text takes the plain path.
MAX_TEXT = 32767

# entry = (value, style name, is formula, cached result)
Entry = tuple[Any, str, bool, Any]


class LazyWorksheet(Worksheet):  # type: ignore[misc]
    """A Worksheet whose SheetWriter cells wait as tuples in ``_pending`` (row → col → entry)."""

    @property  # type: ignore[override]
    def _cells(self) -> dict[tuple[int, int], Cell]:
        d = self.__dict__
        if d.get("_pending"):
            materialize(self)
        return d["_cells"]

    @_cells.setter
    def _cells(self, value: dict[tuple[int, int], Cell]) -> None:
        self.__dict__["_cells"] = value

    @property  # type: ignore[override]
    def _current_row(self) -> int:  # ws.append() continues below the pending rows too
        d = self.__dict__
        if d.get("_pending"):
            materialize(self)
        return int(d.get("_current_row_", 0))

    @_current_row.setter
    def _current_row(self, value: int) -> None:
        self.__dict__["_current_row_"] = value

    def _get_cell(self, row: int, column: int) -> Cell:
        """One cell: only that pending entry becomes a Cell (reading a value back stays cheap)."""
        pending = self.__dict__.get("_pending")
        if pending:
            cols = pending.get(row)
            if cols is not None and column in cols:
                _make_cell(self, row, column, cols.pop(column))
                if not cols:
                    del pending[row]
        real = self.__dict__["_cells"]
        cell = real.get((row, column))
        if cell is None:  # a new Cell, without turning the other pending entries into Cells
            if not 0 < row < 1048577:
                raise ValueError(
                    f"Row numbers must be between 1 and 1048576. Row number supplied was {row}"
                )
            cell = real[(row, column)] = Cell(self, row=row, column=column)
            self.__dict__["_current_row_"] = max(self.__dict__.get("_current_row_", 0), row)
        return cell


def make_lazy(ws: Worksheet, styles: Any) -> None:
    """Turn a plain openpyxl Worksheet into a LazyWorksheet (same object, same state)."""
    if not isinstance(ws, LazyWorksheet):
        current = ws.__dict__.pop("_current_row", 0)
        ws.__class__ = LazyWorksheet
        ws._current_row = current
        ws.__dict__["_pending"] = {}
        ws.__dict__["_lazy_styles"] = styles


def pending(ws: Worksheet) -> dict[int, dict[int, Entry]] | None:
    """The cells of ws still waiting as tuples (None for a plain worksheet)."""
    return ws.__dict__.get("_pending") if isinstance(ws, LazyWorksheet) else None


def lazy_ok(value: Any) -> bool:
    """True when value can wait as a tuple (its XML is made here, not by openpyxl)."""
    if type(value) is str:
        return len(value) <= MAX_TEXT and ILLEGAL_CHARACTERS_RE.search(value) is None
    return type(value) in LAZY_TYPES


def _make_cell(ws: Worksheet, row: int, col: int, entry: Entry) -> Cell:
    """The Cell the plain SheetWriter would have made for entry."""
    from data.plan_sheets.fastxlsx import set_cached

    value, style, is_formula, cached = entry
    cell = Cell(ws, row=row, column=col)
    ws.__dict__["_lazy_styles"].apply(cell, style)
    if is_formula:
        cell.value = value
        if cached is not None:
            set_cached(ws, cell.coordinate, cached)
    else:
        put(cell, value)
    ws.__dict__["_cells"][(row, col)] = cell
    ws.__dict__["_current_row_"] = max(ws.__dict__.get("_current_row_", 0), row)
    return cell


def materialize(ws: Worksheet) -> None:
    """Turn every pending entry of ws into a real openpyxl Cell."""
    live = ws.__dict__.get("_pending")
    if not live:
        return
    todo = list(live.items())
    live.clear()  # the same dict stays the sheet's (SheetWriter holds it)
    for row, cols in todo:
        for col, entry in cols.items():
            _make_cell(ws, row, col, entry)


_INF = (math.inf, -math.inf)


def _num(value: float) -> str:
    """openpyxl's safe_string for a number (bool, int or float)."""
    if value != value or value in (math.inf, -math.inf):
        return ""
    return "%.16g" % value  # noqa: UP031  (openpyxl's safe_string, to the digit)


def _esc(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return escape(text)
    return text


#: text → (starts like a formula, the rest of its <c> element after the style): names of vendors,
#: departments and labels repeat on every row
_TEXT_XML: dict[str, tuple[bool, str]] = {}


def _text_xml(value: str) -> tuple[bool, str]:
    if not value:
        known = (False, ' t="inlineStr"/>')
    else:
        space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        known = (
            value.startswith(_FORMULA_START),
            f' t="inlineStr"><is><t{space}>{_esc(value)}</t></is></c>',
        )
    if len(_TEXT_XML) > 200_000:
        _TEXT_XML.clear()
    _TEXT_XML[value] = known
    return known


def _cached_xml(value: Any) -> tuple[str, str]:
    """(type attribute, <v> element) of a cached formula result (as fastxlsx writes it)."""
    if isinstance(value, bool):
        return ' t="b"', f"<v>{int(value)}</v>"
    if isinstance(value, int | float):
        return "", f"<v>{safe_string(value)}</v>"
    return ' t="str"', f"<v>{escape(str(value))}</v>"


def entry_xml(coordinate: str, entry: Entry, xf: dict[str, int], quoted_xf: Any) -> str:
    """The ``<c>`` element fastxlsx writes for the Cell that entry stands for.

    xf maps a style name to its cell-style index; quoted_xf(name) is the index of the style
    with quotePrefix set (text that starts like a formula).
    """
    value, style, is_formula, cached = entry
    if is_formula:
        if cached is None:
            return f'<c r="{coordinate}" s="{xf[style]}"><f>{_esc(value[1:])}</f><v/></c>'
        kind = type(cached)
        if kind is float or kind is int:
            num = "%.16g" % cached if cached == cached and cached not in _INF else ""  # noqa: UP031  (openpyxl's safe_string, to the digit)
            return f'<c r="{coordinate}" s="{xf[style]}"><f>{_esc(value[1:])}</f><v>{num}</v></c>'
        t, v = _cached_xml(cached)
        return f'<c r="{coordinate}" s="{xf[style]}"{t}><f>{_esc(value[1:])}</f>{v}</c>'
    kind = type(value)
    if kind is str:
        known = _TEXT_XML.get(value)
        if known is None:
            known = _text_xml(value)
        quoted, body = known
        return f'<c r="{coordinate}" s="{quoted_xf(style) if quoted else xf[style]}"{body}'

    if value is None:
        return f'<c r="{coordinate}" s="{xf[style]}" t="n"/>'
    if kind is bool:
        return f'<c r="{coordinate}" s="{xf[style]}" t="b"><v>{_num(value)}</v></c>'
    num = "%.16g" % value if value == value and value not in _INF else ""  # noqa: UP031  (openpyxl's safe_string, to the digit)
    return f'<c r="{coordinate}" s="{xf[style]}" t="n"><v>{num}</v></c>'


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a big workbook is built and saved.

    The million cell tuples of a 20,000-system plan are short-lived and hold no cycles, yet
    every collection pass walks them (0.2–0.3 s in all). The collector is switched back on
    afterwards only if it was on before.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def column_letters(n: int) -> list[str]:
    """['', 'A', 'B', …] up to column n (index = column number)."""
    return [""] + [get_column_letter(c) for c in range(1, n + 1)]


def quoted_style(styles: Any, name: str) -> Any:
    """The StyleArray of style name with quotePrefix set, as put() leaves it."""
    arr = copy(styles._arrays[name])
    arr.quotePrefix = 1
    return arr
