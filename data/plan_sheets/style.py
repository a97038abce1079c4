"""Cell styles, column widths and print setup of the plan workbook (XlsxWriter formats).

Each named style is one XlsxWriter Format, made once per workbook; :class:`SheetWriter`
writes values, input text (always as text) and formulas with a style name.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from xlsxwriter.format import Format

from data.xlsxbook import FORMULA_START, Book, Sheet

MONEY = "¥#,##0.00"
WAN = "#,##0.00"
PCT = "0.00%"
INT = "#,##0"
DEC = "#,##0.00"

NAVY = "#1F4E78"
BAND = "#EEF3F8"
TOTAL_FILL = "#DDEBF7"
CHOSEN_FILL = "#C6EFCE"
BAD_FILL = "#FFC7CE"
FONT = "等线"  # Excel's Chinese body font; LibreOffice substitutes a CJK font

_THIN = "#B4C6E7"
_GRID = {"border": 1, "border_color": _THIN}
_TOTAL_BORDER = {
    "left": 1,
    "right": 1,
    "left_color": _THIN,
    "right_color": _THIN,
    "top": 1,
    "top_color": NAVY,
    "bottom": 6,  # double
    "bottom_color": NAVY,
}
_BODY = {"font_name": FONT, "font_size": 10}
_CELL = {**_BODY, **_GRID, "valign": "vcenter"}
_TOTAL = {**_BODY, **_TOTAL_BORDER, "bold": True, "bg_color": TOTAL_FILL}
_SUB = {**_BODY, **_GRID, "italic": True, "bg_color": "#F2F2F2"}

#: name → XlsxWriter format properties of the style
_SPECS: dict[str, dict[str, Any]] = {
    "title": {"font_name": FONT, "bold": True, "font_size": 15, "font_color": NAVY},
    "subtitle": {"font_name": FONT, "font_size": 10, "font_color": "#595959"},
    "section": {"font_name": FONT, "bold": True, "font_size": 12, "font_color": NAVY},
    "note": {
        "font_name": FONT,
        "font_size": 9,
        "font_color": "#595959",
        "text_wrap": True,
        "valign": "top",
    },
    "conclusion": {
        "font_name": FONT,
        "bold": True,
        "font_size": 11,
        "font_color": "#375623",
        "bg_color": "#E2EFDA",
        "text_wrap": True,
        "valign": "vcenter",
    },
    "head": {
        **_BODY,
        **_GRID,
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": NAVY,
        "align": "center",
        "valign": "vcenter",
        "text_wrap": True,
    },
    "text": _CELL,
    "text_c": {**_CELL, "align": "center"},
    "text_wrap": {**_CELL, "text_wrap": True},
    "label": {**_CELL, "indent": 1},
    "mono": {
        "font_name": "Consolas",
        "font_size": 8,
        **_GRID,
        "valign": "vcenter",
        "text_wrap": True,
    },
    "money": {**_CELL, "num_format": MONEY},
    "wan": {**_CELL, "num_format": WAN},
    "pct": {**_CELL, "num_format": PCT},
    "int": {**_CELL, "num_format": INT, "align": "right"},
    "dec": {**_CELL, "num_format": DEC},
    "gap": {**_CELL, "num_format": "0.0000%"},
    "secs": {**_CELL, "num_format": "0.000"},
    "factor": {**_CELL, "num_format": "0.0000"},
    "chosen": {**_CELL, "bg_color": CHOSEN_FILL},  # a year plan's move that year
    "verdict": {**_CELL, "bold": True, "align": "center"},
    "tot_text": _TOTAL,
    "tot_money": {**_TOTAL, "num_format": MONEY},
    "tot_wan": {**_TOTAL, "num_format": WAN},
    "tot_pct": {**_TOTAL, "num_format": PCT},
    "tot_int": {**_TOTAL, "num_format": INT},
    "tot_dec": {**_TOTAL, "num_format": DEC},
    "sub_text": _SUB,
    "sub_money": {**_SUB, "num_format": MONEY},
    "sub_wan": {**_SUB, "num_format": WAN},
}


class Styles:
    """The named cell styles of one workbook: name → XlsxWriter Format (and its quoted twin)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.formats: dict[str, Format] = {name: book.fmt(**spec) for name, spec in _SPECS.items()}
        self.quoted: dict[str, Format] = {}

    def __getitem__(self, name: str) -> Format:
        return self.formats[name]

    def quoted_format(self, name: str) -> Format:
        """Style name with the quote prefix (text that starts like a formula)."""
        f = self.quoted.get(name)
        if f is None:
            f = self.quoted[name] = self.book.quoted(self.formats[name])
        return f


class SheetWriter:
    """Writes values, input text (always as text) and formulas with a named style.

    Rows and columns count from 1. The hot path of a 20,000-system plan (about a million
    cells): the type dispatch is inline and each call is one XlsxWriter write.
    """

    def __init__(self, sheet: Sheet, styles: Styles) -> None:
        self.sheet = sheet
        self.ws = sheet.ws
        self.styles = styles
        self._fmt = styles.formats
        self._check = sheet._order if sheet.book.constant_memory else None

    def value(self, row: int, col: int, value: Any, style: str = "text") -> None:
        if self._check is not None:
            self._check(row)
        kind = type(value)
        if kind is str:
            if value and value.startswith(FORMULA_START):
                self.ws.write_string(row - 1, col - 1, value, self.styles.quoted_format(style))
            else:
                self.ws.write_string(row - 1, col - 1, value, self._fmt[style])
        elif (kind is float or kind is int) and math.isfinite(value):
            self.ws.write_number(row - 1, col - 1, value, self._fmt[style])
        else:
            self.sheet.value(row, col, value, self._fmt[style])

    def formula(
        self, row: int, col: int, text: str, style: str = "money", cached: Any = None
    ) -> None:
        """A formula we built; cached is its result as the writer computed it (shown before any
        recalculation; None: no cached result)."""
        kind = type(cached)
        if (
            (kind is float or kind is int)
            and math.isfinite(cached)
            and self._check is None
            and text[:1] == "="
        ):  # the common case, inline: a number
            self.ws.write_formula(row - 1, col - 1, text, self._fmt[style], cached)
        else:
            self.sheet.formula(row, col, text, self._fmt[style], cached)

    def row(self, row: int, col: int, values: list[Any], style: str = "head") -> None:
        for j, v in enumerate(values):
            self.value(row, col + j, v, style)

    def merge(
        self, first_row: int, first_col: int, last_row: int, last_col: int, value: Any, style: str
    ) -> None:
        self.sheet.merge(first_row, first_col, last_row, last_col, value, self._fmt[style])


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


def set_widths(sheet: Sheet, widths: dict[int, float]) -> None:
    sheet.set_widths(widths)


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


def money_width(amounts: list[float], pad: float = 2.5) -> float:
    """Width of a ¥#,##0.00 column whose largest amount is among amounts."""
    widest = max((abs(a) for a in amounts), default=0.0)
    return len(f"¥{widest:,.2f}") + pad


def _ranges(ref: str) -> tuple[str, dict[str, Any]]:
    """(first range, options) of a conditional format over one or several space-separated ranges."""
    first = ref.split()[0]
    return first, ({"multi_range": ref} if " " in ref else {})


def band(sheet: Sheet, ref: str, first_row: int) -> None:
    """Alternating row shading as conditional formatting (stays right after sort/filter)."""
    parity = first_row % 2
    first, extra = _ranges(ref)
    sheet.ws.conditional_format(
        first,
        {
            "type": "formula",
            "criteria": f"=MOD(ROW(),2)={1 - parity}",
            "format": sheet.book.fmt(bg_color=BAND),
            **extra,
        },
    )


def mark_verdicts(sheet: Sheet, ref: str, bad_word: str) -> None:
    """Red fill on cells that say a rule is not met."""
    first, extra = _ranges(ref)
    top_left = first.split(":")[0]
    sheet.ws.conditional_format(
        first,
        {
            "type": "formula",
            "criteria": f'={top_left}="{bad_word}"',
            "format": sheet.book.fmt(bg_color=BAD_FILL, font_color="#9C0006", bold=True),
            "stop_if_true": True,
            **extra,
        },
    )


#: Left and right print margins (in): 6.4 mm, inside what office printers leave unprinted
#: anyway, so the allocation's reader columns fit one page wide at 8 pt (issue 22).
SIDE_MARGIN_IN = 0.25
#: A4 landscape is 11.69 in wide, less the side margins.
A4_LANDSCAPE_PRINTABLE_PT = (11.69 - 2 * SIDE_MARGIN_IN) * 72
#: The body font is 10 pt; 0.8 keeps printed text at 8 pt or more.
MIN_PRINT_SCALE = 0.8


def column_points(width: float) -> float:
    """Printed width in points of a column `width` characters wide, on the safe side.

    Excel measures a character as Calibri 11's digit (7 px = 5.25 pt); LibreOffice without
    Calibri (or Carlito) uses a wider substitute, DejaVu Sans, at about 7 pt a character.
    Taking the wider one keeps the computed print scale a lower bound in both.
    """
    return width * 7.0 + 3.75


def visible_width_points(sheet: Sheet, last_col: int) -> float:
    """Printed width of columns 1..last_col, leaving out hidden (collapsed) ones."""
    return sum(
        column_points(sheet.width(col)) for col in range(1, last_col + 1) if not sheet.hidden(col)
    )


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


def print_setup(
    sheet: Sheet,
    title_rows: tuple[int, int] | None,
    footer: str,
    header_text: str = "",
    pages: tuple[int, int] = (1, 0),
) -> None:
    """A4 landscape, fitted to pages (across, down; 0 = as many as needed), repeated header
    rows (1-based, first and last), page numbers in the footer, the title in the header."""
    ws = sheet.ws
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(*pages)
    ws.center_horizontally()
    ws.set_margins(left=SIDE_MARGIN_IN, right=SIDE_MARGIN_IN, top=0.6, bottom=0.6)
    if title_rows:
        ws.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)
    ws.set_footer(f"&C&8{footer}", {"margin": 0.3})
    if header_text:
        ws.set_header("&R&8" + header_text.replace("&", "&&"), {"margin": 0.3})
    else:
        ws.set_header("", {"margin": 0.3})
