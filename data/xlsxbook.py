"""Workbooks Yunce writes, through XlsxWriter's public API (openpyxl only reads).

A :class:`Book` is an ``xlsxwriter.Workbook`` writing into memory; :meth:`Book.save` closes it
and writes the bytes to the file :func:`data.xlsx.atomic_save` hands it (a temporary file
that then replaces the target), so ``atomic_save(book, path)`` works as for any workbook and
an interrupted export never leaves half a file. XlsxWriter's own parts stay in memory
(``in_memory``); a constant-memory book streams its rows to a private folder that is removed
when the book is saved or dropped, so a failed save leaves no part files in the system's
temporary folder either (XlsxWriter removes them only on success).

A :class:`Sheet` wraps one worksheet with 1-based rows and columns (as the writers count
them) and the few rules every writer shares:

* text is always written with ``write_string`` (a system called ``=HYPERLINK(…)`` stays
  text), and text that starts like a formula gets a quote-prefixed format, so Excel and
  LibreOffice keep showing it as typed when it is edited;
* a formula carries its cached result (what Yunce computed with planner.costing, so
  previews and pandas see the totals before any recalculation); without one it is written
  with an empty result, never XlsxWriter's default 0;
* column widths, hidden columns and outline levels are collected and set once per column
  when the book is saved (XlsxWriter keeps only the last ``set_column`` of a column).
"""

from __future__ import annotations

import gc
import io
import math
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from numbers import Real
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

#: First characters that make a spreadsheet read typed text as a formula (or a DDE call).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The most characters an Excel cell holds.
MAX_TEXT = 32767


def col_letter(col: int) -> str:
    """Letters of a 1-based column number (1 → 'A')."""
    return xl_col_to_name(col - 1)


class Book:
    """A workbook being written; save(filename) writes it in one go (see the module docstring).

    constant_memory=True streams each row to a temporary file as soon as the next row is begun
    (XlsxWriter's constant-memory mode): every sheet must then be written row by row, top to
    bottom, which :class:`Sheet` checks.
    """

    def __init__(self, *, constant_memory: bool = False) -> None:
        self._buffer = io.BytesIO()
        self.constant_memory = constant_memory
        # constant memory streams rows to files: into a folder of our own, removed in save()
        self._parts_dir = tempfile.mkdtemp(prefix="yunce-xlsx-") if constant_memory else None
        self.xl = xlsxwriter.Workbook(
            self._buffer,
            {
                # data is data: write() never turns text into formulas, numbers or links
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "constant_memory": constant_memory,
                # the XML parts in memory (in_memory turns constant_memory off, so not then)
                "in_memory": not constant_memory,
                "tmpdir": self._parts_dir,
            },
        )
        self._sheets: dict[str, Sheet] = {}
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self._props: dict[int, dict[str, Any]] = {}  # id(format) → its properties
        self._quoted: dict[int, Format] = {}  # id(format) → its quote-prefixed twin
        self._saved = False

    # --- sheets ------------------------------------------------------------------------------
    @property
    def sheetnames(self) -> list[str]:
        """Sheet names in tab order."""
        return list(self._sheets)

    def add_sheet(self, title: str) -> Sheet:
        sheet = Sheet(self, self.xl.add_worksheet(title))
        self._sheets[title] = sheet
        return sheet

    def __getitem__(self, title: str) -> Sheet:
        return self._sheets[title]

    def __contains__(self, title: object) -> bool:
        return title in self._sheets

    @property
    def sheets(self) -> list[Sheet]:
        return list(self._sheets.values())

    # --- formats -----------------------------------------------------------------------------
    def fmt(self, **props: Any) -> Format:
        """The cell format with these XlsxWriter properties (one Format per distinct set)."""
        key = tuple(sorted(props.items()))
        f = self._formats.get(key)
        if f is None:
            f = self._formats[key] = self.xl.add_format(props)
            self._props[id(f)] = props
        return f

    def quoted(self, fmt: Format | None) -> Format:
        """fmt with the quote prefix (for text that starts like a formula)."""
        twin = self._quoted.get(id(fmt))
        if twin is None:
            props = {} if fmt is None else self._props.get(id(fmt))
            if props is None:
                raise ValueError("formats are made with Book.fmt (their properties are needed)")
            twin = self._quoted[id(fmt)] = self.fmt(**{**props, "quote_prefix": True})
        return twin

    # --- workbook-wide parts ---------------------------------------------------------------
    def define_name(self, name: str, ref: str) -> None:
        """A workbook-level defined name pointing at ref (e.g. "'概览'!$B$7")."""
        self.xl.define_name(name, "=" + ref.lstrip("="))

    def save(self, filename: str | Path) -> None:
        """Close the workbook and write it to filename (once)."""
        if self._saved:
            raise RuntimeError("a Book is saved once")
        self._saved = True
        try:
            for sheet in self._sheets.values():
                sheet._apply_columns()
            self.xl.close()
            Path(filename).write_bytes(self._buffer.getbuffer())
        finally:
            self._buffer = io.BytesIO()
            self._remove_parts()

    def _remove_parts(self) -> None:
        if self._parts_dir is not None:
            shutil.rmtree(self._parts_dir, ignore_errors=True)
            self._parts_dir = None

    def __del__(self) -> None:  # a book built but never saved (an export that failed early)
        if getattr(self, "_parts_dir", None) is not None:
            self._remove_parts()


class Sheet:
    """One worksheet, 1-based (see the module docstring); ``ws`` is the XlsxWriter Worksheet."""

    def __init__(self, book: Book, ws: Worksheet) -> None:
        self.book = book
        self.ws = ws
        self.title: str = ws.name
        self.widths: dict[int, float] = {}
        self.outline: dict[int, tuple[int, bool]] = {}  # column → (level, hidden)
        self._row = 0  # last row written (constant-memory order check)
        self._streaming = book.constant_memory

    # --- cells -------------------------------------------------------------------------------
    def _order(self, row: int) -> None:
        if row < self._row:
            raise ValueError(
                f"{self.title}: row {row} written after row {self._row} in constant-memory mode"
            )
        self._row = row

    def value(self, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
        """A value: text (always as text), number, bool or None (a formatted blank)."""
        if self._streaming:
            self._order(row)
        kind = type(value)
        if kind is str:
            if value and value.startswith(FORMULA_START):
                fmt = self.book.quoted(fmt)
            self.ws.write_string(row - 1, col - 1, value, fmt)
        elif kind is float or kind is int:
            if math.isfinite(value):
                self.ws.write_number(row - 1, col - 1, value, fmt)
            else:
                self.ws.write_blank(row - 1, col - 1, None, fmt)
        elif value is None:
            self.ws.write_blank(row - 1, col - 1, None, fmt)
        elif kind is bool:
            self.ws.write_boolean(row - 1, col - 1, value, fmt)
        elif isinstance(value, str):  # a str subclass
            self.value(row, col, str(value), fmt)
        elif isinstance(value, Real | Decimal):  # numpy numbers, Decimal
            self.value(row, col, float(value), fmt)
        else:  # dates and anything else a file held: shown as text, never evaluated
            self.value(row, col, str(value), fmt)

    def formula(
        self, row: int, col: int, text: str, fmt: Format | None = None, cached: Any = None
    ) -> None:
        """A formula Yunce built (never input text) with its cached result (None: none)."""
        if not text.startswith("="):
            raise ValueError("formula must start with '='")
        if self._streaming:
            self._order(row)
        if cached is None:
            result: Any = ""
        elif type(cached) is float and not math.isfinite(cached):
            result = ""
        else:
            result = cached
        self.ws.write_formula(row - 1, col - 1, text, fmt, result)

    def merge(
        self, first_row: int, first_col: int, last_row: int, last_col: int, value: Any, fmt: Format
    ) -> None:
        """Merge a range and write value (as value() would) into its first cell."""
        if self._streaming:
            self._order(first_row)
        self.ws.merge_range(first_row - 1, first_col - 1, last_row - 1, last_col - 1, "", fmt)
        self.value(first_row, first_col, value, fmt)

    # --- rows and columns --------------------------------------------------------------------
    def row_height(self, row: int, height: float) -> None:
        self.ws.set_row(row - 1, height)

    def set_width(self, col: int, width: float) -> None:
        self.widths[col] = width

    def set_widths(self, widths: dict[int, float]) -> None:
        self.widths.update(widths)

    def group_column(self, col: int, level: int = 1, hidden: bool = True) -> None:
        """Put col in an outline group (collapsed: hidden)."""
        self.outline[col] = (level, hidden)

    def width(self, col: int) -> float:
        """The column's width in characters (Excel's default 8.43 when not set)."""
        return self.widths.get(col, 8.43)

    def hidden(self, col: int) -> bool:
        return self.outline.get(col, (0, False))[1]

    def _apply_columns(self) -> None:
        for col in sorted(self.widths.keys() | self.outline.keys()):
            level, hidden = self.outline.get(col, (0, False))
            options = {"level": level, "hidden": hidden} if level or hidden else None
            self.ws.set_column(col - 1, col - 1, self.widths.get(col), None, options)

    # --- views -------------------------------------------------------------------------------
    def freeze(self, row: int, col: int = 1) -> None:
        """Freeze the rows above row and the columns left of col (openpyxl's freeze_panes cell)."""
        self.ws.freeze_panes(row - 1, col - 1)

    def autofilter(self, ref: str) -> None:
        self.ws.autofilter(ref)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a big workbook is built and saved.

    The million short-lived cell records of a 20,000-system plan hold no cycles, yet every
    collection pass walks them. The collector is switched back on afterwards only if it was on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
