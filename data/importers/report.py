"""The 校验报告 (validation report) sheet and the imported canonical workbook that carries it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from data.workbook import ValidationIssue
from data.xlsx import atomic_save, put
from planner.model import PlanInput
from planner.text import localize

REPORT_SHEET = "校验报告"
REPORT_SHEET_EN = "Validation report"
HEADS = ("级别", "文件", "工作表", "行", "列", "值", "问题或推测", "修改方法")
HEADS_EN = ("Level", "File", "Sheet", "Row", "Column", "Value", "Problem or guess", "How to fix")
_SEVERITY = {"zh": ("错误", "提示"), "en": ("Error", "Note")}
_GUESS = {"zh": "推测，请确认", "en": "Guess: please check"}
_NO_PROBLEMS = {"zh": "未发现问题", "en": "No problems found"}
_FILL = {
    "error": PatternFill("solid", fgColor="F8CBAD"),
    "warning": PatternFill("solid", fgColor="FFF2CC"),
    "guess": PatternFill("solid", fgColor="FFE699"),
}


def is_guess(issue: ValidationIssue) -> bool:
    """A value the importer guessed (标 "推测"), which the user must confirm before planning on it."""
    message = str(issue.message)
    return issue.severity != "error" and "推测" in message and "不会推测" not in message


def report_order(issues: Sequence[ValidationIssue]) -> list[ValidationIssue]:
    """Errors first, then the guesses to confirm ("推测，请确认"), then the other notes; stable within each."""
    return sorted(issues, key=lambda i: 0 if i.severity == "error" else 1 if is_guess(i) else 2)


def report_sheet_name(lang: str = "zh") -> str:
    """Name of the report sheet in lang ('zh' or 'en')."""
    return REPORT_SHEET_EN if lang == "en" else REPORT_SHEET


def add_report_sheet(wb: Workbook, issues: Sequence[ValidationIssue], lang: str = "zh") -> None:
    """Append the report: one row per problem or guess (errors, then guesses, then notes), in lang ('zh' or 'en')."""
    lang = "en" if lang == "en" else "zh"
    ws = wb.create_sheet(report_sheet_name(lang))
    for j, h in enumerate(HEADS_EN if lang == "en" else HEADS, start=1):
        c = put(ws.cell(row=1, column=j), h)
        c.fill, c.font = PatternFill("solid", fgColor="1F4E78"), Font(bold=True, color="FFFFFF")
        c.alignment = Alignment(horizontal="center")
    error, note = _SEVERITY[lang]
    ordered = report_order(issues)
    for r, i in enumerate(ordered, start=2):
        guess = is_guess(i)
        values = [
            error if i.severity == "error" else _GUESS[lang] if guess else note,
            i.file,
            i.sheet,
            i.row,
            i.column,
            i.value,
            i.message,
            i.hint,
        ]
        for j, v in enumerate(values, start=1):
            v = localize(v, lang)  # a Msg becomes the plain text in lang
            c = put(ws.cell(row=r, column=j), v if v != "" else None)
            c.fill = _FILL["guess"] if guess else _FILL.get(i.severity, _FILL["warning"])
    if not ordered:
        put(ws.cell(row=2, column=7), _NO_PROBLEMS[lang])
    for j, width in enumerate((12, 22, 14, 6, 16, 24, 60, 50), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"


def write_import_workbook(
    inp: PlanInput, issues: Sequence[ValidationIssue], path: str | Path, lang: str = "zh"
) -> Path:
    """The canonical workbook of inp plus the report sheet, saved atomically, in lang.

    Written with XlsxWriter (data.writer.build_input_workbook); the report sheet has the layout
    of add_report_sheet (which fills an openpyxl workbook in memory)."""
    from data.writer import build_input_workbook

    book = build_input_workbook(inp, lang)
    lang = "en" if lang == "en" else "zh"
    ws = book.add_sheet(report_sheet_name(lang))
    head = book.fmt(bg_color="#1F4E78", bold=True, font_color="#FFFFFF", align="center")
    for j, h in enumerate(HEADS_EN if lang == "en" else HEADS, start=1):
        ws.value(1, j, h, head)
    fills = {key: book.fmt(bg_color="#" + fill.fgColor.rgb[-6:]) for key, fill in _FILL.items()}
    error, note = _SEVERITY[lang]
    ordered = report_order(issues)
    for r, i in enumerate(ordered, start=2):
        guess = is_guess(i)
        values = [
            error if i.severity == "error" else _GUESS[lang] if guess else note,
            i.file,
            i.sheet,
            i.row,
            i.column,
            i.value,
            i.message,
            i.hint,
        ]
        fill = fills["guess"] if guess else fills.get(i.severity, fills["warning"])
        for j, v in enumerate(values, start=1):
            v = localize(v, lang)  # a Msg becomes the plain text in lang
            ws.value(r, j, v if v != "" else None, fill)
    if not ordered:
        ws.value(2, 7, _NO_PROBLEMS[lang])
    ws.set_widths(dict(enumerate((12, 22, 14, 6, 16, 24, 60, 50), start=1)))
    ws.freeze(2)
    return atomic_save(book, path)
