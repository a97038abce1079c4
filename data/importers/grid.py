"""Reading vendor files into plain grids of cells: .xlsx/.xls/.ods (python-calamine) and .csv.

CSV encodings are detected, never asked: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
"Unicode text"), otherwise GB18030, the superset of GBK and GB2312 that Excel on Chinese
Windows writes. Merged cells are filled with their top-left value so that a pool name merged
down a column, or "单价" merged over two sub-columns, reads like any other cell.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data import bounded_read
from data.bounded_read import SHEET_LIMIT_HINT, SheetSize, check_workbook, sheet_limit_problem
from data.workbook import ValidationIssue
from planner.text import Msg, bi

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
MAX_SHEETS = 500
"""Sheets of one workbook; more is refused before any sheet is read."""
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass
class Grid:
    """One sheet (or one CSV file) as rows of raw cell values."""

    file: str
    """File name as given."""
    sheet: str
    """Sheet name ('' for CSV)."""
    rows: list[list[Any]]
    """Rows of cells; row i is Excel/CSV row i + 1."""
    encoding: str = ""
    """Detected text encoding (CSV only)."""
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges (row0, col0, row1, col1), 0-based inclusive."""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, r: int, c: int) -> Any:
        row = self.rows[r] if 0 <= r < len(self.rows) else []
        return row[c] if 0 <= c < len(row) else None


def detect_encoding(raw: bytes) -> str:
    """The text encoding of a CSV file's bytes: utf-8-sig, utf-16 or gb18030 (GBK superset)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return "gb18030"  # decoded with replacement characters below; the report says so


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:30])
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


MAX_CSV_BYTES = 256 * 1024 * 1024
"""Size of one CSV file (200,000 rows of a wide quote are about 40 MB)."""


def read_csv_grid(path: Path, issues: list[ValidationIssue]) -> Grid:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:  # refused before it is read into memory
        issues.append(
            _too_big(
                path.name,
                "",
                Msg(f"{size / 1024 / 1024:,.0f} MB", f"{size / 1024 / 1024:,.0f} MB"),
            )
        )
        return Grid(path.name, "", [])
    raw = path.read_bytes()
    enc = detect_encoding(raw)
    text = raw.decode(enc, errors="replace")
    if "\ufffd" in text:
        issues.append(
            ValidationIssue(
                path.name,
                message=bi(
                    "文件中有无法按 {enc} 解码的字符，已用 � 代替",
                    "Some characters could not be decoded as {enc} and were replaced by �",
                    enc=enc,
                ),
                severity="warning",
                hint=Msg(
                    "请在 Excel/WPS 中另存为「CSV UTF-8」或 .xlsx 后再导入",
                    "Save the file in Excel/WPS as 'CSV UTF-8' or as .xlsx, then import it again",
                ),
            )
        )
    delimiter = _sniff_delimiter(text)
    rows: list[list[Any]] = []
    for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append(list(r))
        if len(rows) > bounded_read.MAX_SHEET_ROWS:  # the workbooks' row limit, read at call time
            limit = bounded_read.MAX_SHEET_ROWS
            issues.append(
                _too_big(path.name, "", Msg(f"超过 {limit:,} 行", f"over {limit:,} rows"))
            )
            return Grid(path.name, "", [], encoding=enc)
    return Grid(path.name, "", rows, encoding=enc)


def _too_big(file: str, sheet: str, what: Msg) -> ValidationIssue:
    return ValidationIssue(
        file,
        sheet,
        message=bi(
            "文件过大（{w}），未读取：报价单或系统清单不会有这么多行",
            "The file is too large ({w}) and was not read: a quote sheet or a system list is "
            "never that long",
            w=what,
        ),
        hint=Msg(
            "请确认选对了文件；如确需导入，请拆分为较小的文件（每个不超过 20 万行、500 个工作表）",
            "Check that this is the right file; if it is, split it into smaller files (at most "
            "200,000 rows and 500 sheets each)",
        ),
    )


def _fill_merged(rows: list[list[Any]], merged: list[tuple[int, int, int, int]]) -> None:
    for r0, c0, r1, c1 in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    row[c] = value


def read_excel_grids(path: Path, issues: list[ValidationIssue], progress: Any = None) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    # sized before the spreadsheet reader allocates anything: the workbook reader's own check
    # (a single cell at XFD1048576 makes the reader allocate 17 billion cells and abort)
    too_big = check_workbook(path, lambda _sheet: True)
    for sheet_name, why in too_big:
        issues.append(ValidationIssue(path.name, sheet_name, message=why, hint=SHEET_LIMIT_HINT))
    if too_big:
        return []

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 – any failure here means "not a workbook we can read"
        issues.append(
            ValidationIssue(
                path.name,
                message=Msg(
                    "无法作为 Excel 工作簿打开（文件损坏、加密或格式不符）",
                    "Cannot be opened as an Excel workbook (the file is damaged, encrypted "
                    "or in another format)",
                ),
                hint=Msg(
                    "请在 Excel/WPS 中打开后另存为 .xlsx 再试",
                    "Open it in Excel/WPS, save it as .xlsx and try again",
                ),
            )
        )
        return []
    grids: list[Grid] = []
    names = list(wb.sheet_names)
    if len(names) > MAX_SHEETS:
        issues.append(
            _too_big(path.name, "", Msg(f"{len(names):,} 个工作表", f"{len(names):,} sheets"))
        )
        return []
    for k, name in enumerate(names):
        if progress is not None:
            progress(k / max(1, len(names)), name)
        try:
            sheet = wb.get_sheet_by_name(name)
            # the rectangle from A1 to the sheet's last cell (end is its last index): a format
            # not sized before loading (.xlsb) is checked here, before its cells are copied
            height, width = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
            problem = sheet_limit_problem(path.name, name, SheetSize(height, width))
            if problem is not None:
                issues.append(
                    ValidationIssue(path.name, name, message=problem, hint=SHEET_LIMIT_HINT)
                )
                return []
            # one pass: the reader's "" for an empty cell becomes None
            rows = [
                [None if v == "" else v for v in r] for r in sheet.to_python(skip_empty_area=False)
            ]
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        except Exception:  # noqa: BLE001
            issues.append(
                ValidationIssue(
                    path.name,
                    name,
                    severity="warning",
                    message=Msg(
                        "工作表无法读取，已跳过", "The sheet cannot be read and was skipped"
                    ),
                    hint=Msg("请检查该工作表是否损坏", "Check whether this sheet is damaged"),
                )
            )
            continue
        _fill_merged(rows, merged)
        grids.append(Grid(path.name, name, rows, merged=merged))
    return grids


def read_grids(path: str | Path, progress: Any = None) -> tuple[list[Grid], list[ValidationIssue]]:
    """Every sheet of a workbook (or the one table of a CSV) as Grids, with read problems."""
    path = Path(path)
    issues: list[ValidationIssue] = []
    if not path.exists():
        issues.append(
            ValidationIssue(
                path.name,
                message=Msg("文件不存在", "File not found"),
                hint=Msg("请检查路径和文件名", "Check the path and the file name"),
            )
        )
        return [], issues
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [read_csv_grid(path, issues)], issues
    if suffix in EXCEL_SUFFIXES:
        return read_excel_grids(path, issues, progress), issues
    issues.append(
        ValidationIssue(
            path.name,
            message=bi("不支持的文件类型「{s}」", "Unsupported file type '{s}'", s=suffix)
            if suffix
            else Msg(
                "不支持的文件类型「无扩展名」",
                "Unsupported file type (the file name has no extension)",
            ),
            hint=Msg(
                "请提供 .xlsx、.xls 或 .csv 文件", "Please provide an .xlsx, .xls or .csv file"
            ),
        )
    )
    return [], issues
