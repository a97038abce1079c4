"""Cell styles, column widths and print setup of the plan workbook.

Styles are built once per workbook and then copied onto cells as openpyxl ``StyleArray``s:
setting font, fill and number format cell by cell costs ~10 µs each, which adds up to
seconds on a 2,000-system plan.
"""

from __future__ import annotations

import re
import unicodedata
from copy import copy
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from data.plan_sheets.lazy import MAX_TEXT, make_lazy, pending, quoted_style
from data.xlsx import put

_LAZY_SCALARS = frozenset((int, float, bool, type(None)))
_ILLEGAL = ILLEGAL_CHARACTERS_RE

MONEY = "¥#,##0.00"
WAN = "#,##0.00"
PCT = "0.00%"
INT = "#,##0"
DEC = "#,##0.00"

NAVY = "1F4E78"
BAND = "EEF3F8"
TOTAL_FILL = "DDEBF7"
CHOSEN_FILL = "C6EFCE"
BAD_FILL = "FFC7CE"
FONT = "等线"  # Excel's Chinese body font; LibreOffice substitutes a CJK font

_thin = Side(style="thin", color="B4C6E7")
_GRID = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_TOTAL_BORDER = Border(
    left=_thin,
    right=_thin,
    top=Side(style="thin", color=NAVY),
    bottom=Side(style="double", color=NAVY),
)

#: name → keyword arguments of the style
_SPECS: dict[str, dict[str, Any]] = {
    "title": {"font": Font(name=FONT, bold=True, size=15, color=NAVY)},
    "subtitle": {"font": Font(name=FONT, size=10, color="595959")},
    "section": {"font": Font(name=FONT, bold=True, size=12, color=NAVY)},
    "note": {
        "font": Font(name=FONT, size=9, color="595959"),
        "alignment": Alignment(wrap_text=True, vertical="top"),
    },
    "conclusion": {
        "font": Font(name=FONT, bold=True, size=11, color="375623"),
        "fill": PatternFill("solid", fgColor="E2EFDA"),
        "alignment": Alignment(wrap_text=True, vertical="center"),
    },
    "head": {
        "font": Font(name=FONT, bold=True, color="FFFFFF", size=10),
        "fill": PatternFill("solid", fgColor=NAVY),
        "border": _GRID,
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    },
    "text": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center"),
    },
    "text_c": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(horizontal="center", vertical="center"),
    },
    "text_wrap": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center", wrap_text=True),
    },
    "label": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center", indent=1),
    },
    "mono": {
        "font": Font(name="Consolas", size=8),
        "border": _GRID,
        "alignment": Alignment(vertical="center", wrap_text=True),
    },
    "money": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center"),
        "number_format": MONEY,
    },
    "wan": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center"),
        "number_format": WAN,
    },
    "pct": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center"),
        "number_format": PCT,
    },
    "int": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "number_format": INT,
        "alignment": Alignment(horizontal="right", vertical="center"),
    },
    "dec": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center"),
        "number_format": DEC,
    },
    "gap": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center"),
        "number_format": "0.0000%",
    },
    "secs": {
        "font": Font(name=FONT, size=10),
        "border": _GRID,
        "alignment": Alignment(vertical="center"),
        "number_format": "0.000",
    },
    "verdict": {
        "font": Font(name=FONT, size=10, bold=True),
        "border": _GRID,
        "alignment": Alignment(horizontal="center", vertical="center"),
    },
    "tot_text": {
        "font": Font(name=FONT, size=10, bold=True),
        "border": _TOTAL_BORDER,
        "fill": PatternFill("solid", fgColor=TOTAL_FILL),
    },
    "tot_money": {
        "font": Font(name=FONT, size=10, bold=True),
        "border": _TOTAL_BORDER,
        "fill": PatternFill("solid", fgColor=TOTAL_FILL),
        "number_format": MONEY,
    },
    "tot_wan": {
        "font": Font(name=FONT, size=10, bold=True),
        "border": _TOTAL_BORDER,
        "fill": PatternFill("solid", fgColor=TOTAL_FILL),
        "number_format": WAN,
    },
    "tot_pct": {
        "font": Font(name=FONT, size=10, bold=True),
        "border": _TOTAL_BORDER,
        "fill": PatternFill("solid", fgColor=TOTAL_FILL),
        "number_format": PCT,
    },
    "tot_int": {
        "font": Font(name=FONT, size=10, bold=True),
        "border": _TOTAL_BORDER,
        "fill": PatternFill("solid", fgColor=TOTAL_FILL),
        "number_format": INT,
    },
    "tot_dec": {
        "font": Font(name=FONT, size=10, bold=True),
        "border": _TOTAL_BORDER,
        "fill": PatternFill("solid", fgColor=TOTAL_FILL),
        "number_format": DEC,
    },
    "sub_text": {
        "font": Font(name=FONT, size=10, italic=True),
        "border": _GRID,
        "fill": PatternFill("solid", fgColor="F2F2F2"),
    },
    "sub_money": {
        "font": Font(name=FONT, size=10, italic=True),
        "border": _GRID,
        "fill": PatternFill("solid", fgColor="F2F2F2"),
        "number_format": MONEY,
    },
    "sub_wan": {
        "font": Font(name=FONT, size=10, italic=True),
        "border": _GRID,
        "fill": PatternFill("solid", fgColor="F2F2F2"),
        "number_format": WAN,
    },
}


class Styles:
    """Named cell styles of one workbook, applied by copying a prepared StyleArray.

    lazy=True: sheets written through SheetWriter keep their cells as plain tuples until they
    are saved (data.plan_sheets.lazy), with each style's cell-style index resolved once here.
    """

    def __init__(self, wb: Workbook, lazy: bool = False) -> None:
        scratch = wb.active
        self.wb = wb
        self.lazy = lazy
        self._arrays = {}
        self.xf: dict[str, int] = {}  # style name → index in the workbook's cell styles
        self._quoted_xf: dict[str, int] = {}
        for name, spec in _SPECS.items():
            cell = Cell(scratch)
            for attr, value in spec.items():
                setattr(cell, attr, value)
            self._arrays[name] = cell._style
            if lazy:
                assert any(cell._style), name  # every named style is written with an s= index
                self.xf[name] = wb._cell_styles.add(copy(cell._style))

    def apply(self, cell: Cell, name: str) -> Cell:
        cell._style = copy(self._arrays[name])
        return cell

    def quoted_xf(self, name: str) -> int:
        """Cell-style index of style name with quotePrefix (text that starts like a formula)."""
        xf = self._quoted_xf.get(name)
        if xf is None:
            xf = self._quoted_xf[name] = self.wb._cell_styles.add(quoted_style(self, name))
        return xf


class SheetWriter:
    """Writes values, input text (always as text) and formulas with a named style.

    With lazy styles the cells wait as tuples (see data.plan_sheets.lazy) and value() and
    formula() return None; read a value back with get().
    """

    def __init__(self, ws: Worksheet, styles: Styles) -> None:
        self.ws = ws
        self.styles = styles
        self._pending: dict[int, dict[int, Any]] | None = None
        if styles.lazy:
            make_lazy(ws, styles)
            self._pending = pending(ws)
            self._real: dict[tuple[int, int], Cell] = ws.__dict__[
                "_cells"
            ]  # the sheet's own dict, kept

    def value(self, row: int, col: int, value: Any, style: str = "text") -> Cell | None:
        pend = self._pending
        if pend is not None:
            kind = type(value)
            if kind in _LAZY_SCALARS or (
                kind is str and len(value) <= MAX_TEXT and _ILLEGAL.search(value) is None
            ):
                real = self._real
                if not real or (row, col) not in real:  # else: that Cell (or MergedCell) is written
                    cols = pend.get(row)
                    if cols is None:
                        cols = pend[row] = {}
                    cols[col] = (value, style, False, None)
                    return None
        cell = self.ws.cell(row=row, column=col)
        self.styles.apply(cell, style)
        return put(cell, value)  # strings from input stay text (formula injection)

    def formula(
        self, row: int, col: int, text: str, style: str = "money", cached: Any = None
    ) -> Cell | None:
        """A formula we built; cached is its result as the writer computed it (shown before any recalculation)."""
        if not text.startswith("="):
            raise ValueError("formula must start with '='")
        pend = self._pending
        if (
            pend is not None
            and len(text) > 1
            and type(text) is str
            and len(text) <= MAX_TEXT
            and _ILLEGAL.search(text) is None
        ):
            real = self._real
            if not real or (row, col) not in real:  # else: that Cell (or MergedCell) is written
                cols = pend.get(row)
                if cols is None:
                    cols = pend[row] = {}
                cols[col] = (text, style, True, cached)
                return None
        cell = self.ws.cell(row=row, column=col)
        self.styles.apply(cell, style)
        cell.value = text
        if cached is not None:
            from data.plan_sheets.fastxlsx import set_cached

            set_cached(self.ws, cell.coordinate, cached)
        return cell

    def get(self, row: int, col: int) -> Any:
        """The value written at (row, col) (a formula's text), without making a Cell of it."""
        if self._pending is not None:
            cols = self._pending.get(row)
            if cols is not None and col in cols:
                return cols[col][0]
            cell = self.ws.__dict__["_cells"].get((row, col))
            return None if cell is None else cell.value
        return self.ws.cell(row=row, column=col).value

    def row(self, row: int, col: int, values: list[Any], style: str = "head") -> None:
        for j, v in enumerate(values):
            self.value(row, col + j, v, style)


def display_width(text: Any) -> int:
    """Width of a value in 'character units', CJK counting double."""
    s = text if isinstance(text, str) else f"{text:,.2f}" if isinstance(text, float) else str(text)
    if s.isascii():  # no wide characters: one unit each
        return len(s)
    width = _WIDTHS.get(s)
    if width is None:  # names are measured on several sheets: once is enough
        if max(s) > _WIDE_LAST:  # beyond the table: character by character
            width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
        else:
            width = len(s) + len(_wide_chars().findall(s))
        if len(_WIDTHS) > 500_000:
            _WIDTHS.clear()
        _WIDTHS[s] = width
    return width


_WIDTHS: dict[str, int] = {}


_WIDE: list[re.Pattern[str]] = []
_WIDE_LAST = "\U0003ffff"


def _wide_chars() -> re.Pattern[str]:
    """A character class of every wide (W) or full-width (F) character, built once.

    The same test as unicodedata.east_asian_width(ch) in "WF", without a Python call per
    character, for U+0000..U+3FFFF (~30 ms once).
    """
    if not _WIDE:
        ranges, start = [], None
        for code in range(0x40000):
            wide = unicodedata.east_asian_width(chr(code)) in "WF"
            if wide and start is None:
                start = code
            elif not wide and start is not None:
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
                start = None
        if start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(0x3FFFF))}")
        _WIDE.append(re.compile("[" + "".join(ranges) + "]"))
    return _WIDE[0]


def set_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def fit(values: list[Any], lo: float = 6, hi: float = 40, pad: float = 2) -> float:
    """A column width that shows the widest value (sampled for long columns)."""
    sample = (
        values if len(values) <= 400 else values[:200] + sorted(values, key=display_width)[-200:]
    )
    widest = max((display_width(v) for v in sample if v is not None), default=0)
    return max(lo, min(hi, widest + pad))


def head_fit(head: str) -> float:
    """Width that fits a header whose lines are broken with explicit newlines."""
    return max(display_width(line) for line in head.split("\n")) + 1.5


def money_width(amounts: list[float]) -> float:
    """Width of a ¥#,##0.00 column whose largest amount is among amounts."""
    widest = max((abs(a) for a in amounts), default=0.0)
    return len(f"¥{widest:,.2f}") + 2.5


def band(ws: Worksheet, ref: str, first_row: int) -> None:
    """Alternating row shading as conditional formatting (stays right after sort/filter)."""
    parity = first_row % 2
    ws.conditional_formatting.add(
        ref,
        FormulaRule(
            formula=[f"MOD(ROW(),2)={1 - parity}"], fill=PatternFill("solid", bgColor=BAND)
        ),
    )


def mark_verdicts(ws: Worksheet, ref: str, bad_word: str) -> None:
    """Red fill on cells that say a rule is not met."""
    top_left = ref.split(":")[0]
    ws.conditional_formatting.add(
        ref,
        FormulaRule(
            formula=[f'{top_left}="{bad_word}"'],
            fill=PatternFill("solid", bgColor=BAD_FILL),
            font=Font(color="9C0006", bold=True),
            stopIfTrue=True,
        ),
    )


#: A4 landscape is 11.69 in wide; print_setup leaves 0.4 in margins left and right.
A4_LANDSCAPE_PRINTABLE_PT = (11.69 - 0.8) * 72
#: The body font is 10 pt; 0.8 keeps printed text at 8 pt or more.
MIN_PRINT_SCALE = 0.8


def column_points(width: float) -> float:
    """Printed width in points of a column `width` characters wide, on the safe side.

    Excel measures a character as Calibri 11's digit (7 px = 5.25 pt); LibreOffice without
    Calibri (or Carlito) uses a wider substitute, DejaVu Sans, at about 7 pt a character.
    Taking the wider one keeps the computed print scale a lower bound in both.
    """
    return width * 7.0 + 3.75


def visible_width_points(ws: Worksheet, last_col: int) -> float:
    """Printed width of columns 1..last_col, leaving out hidden (collapsed) ones."""
    total = 0.0
    for col in range(1, last_col + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        if dim is not None and dim.hidden:
            continue
        total += column_points(dim.width if dim is not None and dim.width else 8.43)
    return total


def pages_wide(
    total_pt: float, title_pt: float = 0.0, min_scale: float = MIN_PRINT_SCALE
) -> tuple[int, float]:
    """(pages across, print scale) so that fitting the width stays at min_scale or more.

    Each page after the first repeats the title columns (title_pt wide).
    """
    pages = 1
    while True:
        scale = min(1.0, pages * A4_LANDSCAPE_PRINTABLE_PT / (total_pt + (pages - 1) * title_pt))
        if scale >= min_scale or pages >= 20:
            return pages, scale
        pages += 1


def print_setup(ws: Worksheet, title_rows: str | None, footer: str, header_text: str = "") -> None:
    """A4 landscape, fitted to the page width, repeated header rows, page numbers."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 8
    if header_text:
        ws.oddHeader.right.text = header_text.replace("&", "&&")
        ws.oddHeader.right.size = 8
