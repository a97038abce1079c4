"""The 校验报告 (validation report) sheet and the imported canonical workbook that carries it.

One writer for the sheet (:func:`add_report_sheet`, on a :class:`data.xlsxbook.Book`): errors
first, then what must be confirmed (需确认: a guess that changes a price, a pool or a unit, with
the rows it affects), then the other guesses (推测，请确认), then the notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.cells import row_ranges
from data.workbook import ValidationIssue
from data.writer import build_input_workbook
from data.xlsx import atomic_save
from data.xlsxbook import Book
from planner.model import PlanInput
from planner.text import localize

REPORT_SHEET = "校验报告"
REPORT_SHEET_EN = "Validation report"
HEADS = ("级别", "文件", "工作表", "行", "列", "值", "问题或推测", "修改方法")
HEADS_EN = ("Level", "File", "Sheet", "Row", "Column", "Value", "Problem or guess", "How to fix")
_LEVELS = {
    "zh": {"error": "错误", "confirm": "需确认", "guess": "推测，请确认", "note": "提示"},
    "en": {
        "error": "Error",
        "confirm": "To confirm",
        "guess": "Guess: please check",
        "note": "Note",
    },
}
_NO_PROBLEMS = {"zh": "未发现问题", "en": "No problems found"}
_FILL = {"error": "#F8CBAD", "confirm": "#FFD966", "guess": "#FFE699", "note": "#FFF2CC"}
_WIDTHS = (12, 22, 14, 8, 16, 24, 60, 50)


def is_guess(issue: ValidationIssue) -> bool:
    """A value the importer guessed (标 "推测"), which the user must confirm before planning on it."""
    message = str(issue.message)
    return issue.severity != "error" and "推测" in message and "不会推测" not in message


def level_of(issue: ValidationIssue) -> str:
    """'error', 'confirm' (需确认: changes a price, pool or unit), 'guess' or 'note'."""
    if issue.severity == "error":
        return "error"
    if issue.confirm:
        return "confirm"
    return "guess" if is_guess(issue) else "note"


_ORDER = {"error": 0, "confirm": 1, "guess": 2, "note": 3}


def report_order(issues: Sequence[ValidationIssue]) -> list[ValidationIssue]:
    """Errors first, then 需确认, then the guesses to confirm, then the notes; stable within each."""
    return sorted(issues, key=lambda i: _ORDER[level_of(i)])


def report_sheet_name(lang: str = "zh") -> str:
    """Name of the report sheet in lang ('zh' or 'en')."""
    return REPORT_SHEET_EN if lang == "en" else REPORT_SHEET


def report_rows(issues: Sequence[ValidationIssue], lang: str = "zh") -> list[tuple[str, list[Any]]]:
    """(level, the row's eight values) per issue in report order; the 行 cell lists every row a
    guess affects ("4–9")."""
    lang = "en" if lang == "en" else "zh"
    out = []
    for i in report_order(issues):
        level = level_of(i)
        rows: Any = i.row
        if len(i.rows) > 1:
            rows = row_ranges(i.rows, ", " if lang == "en" else "、")
        values = [_LEVELS[lang][level], i.file, i.sheet, rows, i.column, i.value, i.message, i.hint]
        out.append((level, [localize(v, lang) for v in values]))  # a Msg becomes text in lang
    return out


def add_report_sheet(book: Book, issues: Sequence[ValidationIssue], lang: str = "zh") -> None:
    """Append the report to book: one row per problem or guess, in lang ('zh' or 'en')."""
    lang = "en" if lang == "en" else "zh"
    ws = book.add_sheet(report_sheet_name(lang))
    head = book.fmt(bg_color="#1F4E78", bold=True, font_color="#FFFFFF", align="center")
    for j, h in enumerate(HEADS_EN if lang == "en" else HEADS, start=1):
        ws.value(1, j, h, head)
    fills = {key: book.fmt(bg_color=colour) for key, colour in _FILL.items()}
    rows = report_rows(issues, lang)
    for r, (level, values) in enumerate(rows, start=2):
        for j, v in enumerate(values, start=1):
            ws.value(r, j, v if v != "" else None, fills[level])
    if not rows:
        ws.value(2, 7, _NO_PROBLEMS[lang])
    ws.set_widths(dict(enumerate(_WIDTHS, start=1)))
    ws.freeze(2)


def write_import_workbook(
    inp: PlanInput, issues: Sequence[ValidationIssue], path: str | Path, lang: str = "zh"
) -> Path:
    """The canonical workbook of inp plus the report sheet, saved atomically, in lang."""
    book = build_input_workbook(inp, lang)
    add_report_sheet(book, issues, lang)
    return atomic_save(book, path)
