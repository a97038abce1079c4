"""Read the optional 情景 / scenarios sheet of a canonical workbook.

One row per scenario: a name column (名称 / 情景 / name) and any policy keys as columns, with
the same Chinese or English headers as the 约束 sheet's parameter names (data/schema.csv policy
rows). A blank cell keeps the base policy's value; for the budget, 不限 / 无 / none means
"no cap".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from data.cells import Cell, Reader, ValidationIssue, cell_text, is_blank
from data.schema import match_column, normalise, split_header
from planner import rules
from planner.analysis import Scenario
from planner.text import Msg, bi

#: Accepted names of the sheet (compared after normalise()).
SHEET_NAMES = ("情景", "情景对比", "情景分析", "方案情景", "scenarios", "scenario")
#: Accepted headers of the name column.
NAME_HEADERS = ("名称", "情景", "情景名称", "方案", "name", "scenario")
#: Budget values meaning "no cap".
NO_CAP = ("不限", "无", "不设上限", "none", "no cap", "无上限")


def find_sheet(sheet_names: list[str]) -> str | None:
    """The scenarios sheet among a workbook's sheets, or None."""
    wanted = {normalise(n) for n in SHEET_NAMES}
    return next((n for n in sheet_names if normalise(n) in wanted), None)


def read_scenarios(path: str | Path) -> tuple[list[Scenario], list[ValidationIssue]]:
    """Scenarios of the workbook (empty when it has no such sheet) and the problems found.

    Problems are errors naming file, sheet, row and column; rows with an error are skipped,
    the other scenarios are still returned.
    """
    from python_calamine import CalamineWorkbook

    from data.bounded_read import (
        SHEET_LIMIT_HINT,
        SheetSize,
        check_workbook,
        input_file_problem,
        sheet_limit_problem,
    )

    path = Path(path)
    reader = Reader(path.name)
    if input_file_problem(path) is not None:
        return [], []  # the main reader reports it
    too_big = check_workbook(path, lambda name: find_sheet([name]) is not None)
    if too_big:
        for sheet_name, message in too_big:
            reader.issue(sheet=sheet_name, message=message, hint=SHEET_LIMIT_HINT)
        return [], reader.issues
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheet = find_sheet(list(wb.sheet_names))
        if sheet is None:
            return [], []
        data = wb.get_sheet_by_name(sheet)
        problem = sheet_limit_problem(path.name, sheet, SheetSize(data.height, data.width))
        if problem is not None:
            reader.issue(sheet=sheet, message=problem, hint=SHEET_LIMIT_HINT)
            return [], reader.issues
        rows = data.to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 – the main reader reports unreadable files
        return [], []
    return parse_scenarios(rows, path.name, sheet, reader)


def parse_scenarios(
    rows: list[list[Any]], file: str, sheet: str, reader: Reader | None = None
) -> tuple[list[Scenario], list[ValidationIssue]]:
    """Scenarios from the rows of a 情景 sheet (first non-empty row = headers)."""
    reader = reader or Reader(file)
    header_i = next((i for i, r in enumerate(rows) if any(not is_blank(v) for v in r)), None)
    if header_i is None:
        return [], reader.issues
    names = {normalise(n) for n in NAME_HEADERS}
    name_col: int | None = None
    cols: dict[int, tuple[Any, str, float]] = {}  # column index → (schema column, header, scale)
    for j, h in enumerate(rows[header_i]):
        if is_blank(h):
            continue
        if name_col is None and split_header(h)[0] in names:
            name_col = j
            continue
        col = match_column("policy", h)
        if col is None:
            reader.issue(
                sheet=sheet,
                row=header_i + 1,
                column=cell_text(h),
                severity="warning",
                message=Msg(
                    "无法识别的情景列，已忽略", "Unrecognised scenario column; it was ignored"
                ),
                hint=Msg(
                    "情景列名应为约束参数名，如 年度预算、信创最低占比、单一供应商最高占比、最少供应商数",
                    "Scenario column headers must be rule parameter names, such as '年度预算' (budget_annual), "
                    "'信创最低占比' (min_xinchuang_share), '单一供应商最高占比' (max_vendor_share) or "
                    "'最少供应商数' (min_vendors)",
                ),
            )
            continue
        unit = split_header(h)[1]
        cols[j] = (col, cell_text(h), 10_000.0 if unit.startswith("万") else 1.0)
    if name_col is None:
        reader.issue(
            sheet=sheet,
            row=header_i + 1,
            column=Msg("名称", "name"),
            message=Msg(
                "情景表缺少「名称」列", "The scenarios sheet has no name column ('名称' or 'name')"
            ),
            hint=Msg(
                "请在第一列加入「名称」列，每行填写一个情景名称",
                "Add a '名称' (name) column as the first column and give each scenario a name on its row",
            ),
        )
        return [], reader.issues
    out: list[Scenario] = []
    seen: dict[str, int] = {}
    for i in range(header_i + 1, len(rows)):
        r = rows[i]
        cells = {j: (r[j] if j < len(r) else None) for j in [name_col, *cols]}
        if all(is_blank(v) for v in cells.values()):
            continue
        excel_row = i + 1
        name = cell_text(cells[name_col])
        if not name:
            reader.issue(
                sheet=sheet,
                row=excel_row,
                column=cell_text(rows[header_i][name_col]),
                message=Msg("情景名称为空", "The scenario name is blank"),
                hint=Msg("请为每个情景填写名称", "Give every scenario a name"),
            )
            continue
        if name in seen:
            reader.issue(
                sheet=sheet,
                row=excel_row,
                column=cell_text(rows[header_i][name_col]),
                value=name,
                message=bi(
                    "情景名称重复（第 {row} 行已有）",
                    "Duplicate scenario name: row {row} already has it",
                    row=seen[name],
                ),
                hint=Msg("请改用不同的名称", "Use a different name"),
            )
            continue
        seen[name] = excel_row
        before = len(reader.issues)
        overrides: dict[str, Any] = {}
        for j, (col, header, scale) in cols.items():
            raw = cells[j]
            if is_blank(raw):
                continue
            the_rule = rules.rule(col.key)
            if the_rule.nullable and normalise(cell_text(raw)) in {normalise(x) for x in NO_CAP}:
                overrides[col.key] = None  # 不设上限: the budget's "no cap"
                continue
            value = Cell(reader, sheet, excel_row, col, header, raw, scale).value()
            if value is not None:
                overrides[col.key] = the_rule.coerce(value)
        if len(reader.issues) > before and any(
            x.severity == "error" for x in reader.issues[before:]
        ):
            continue
        out.append(Scenario(name, overrides))
    return out, reader.issues
