"""Read the canonical workbook (docs/DESIGN.md §2) into a PlanInput, reporting every problem at once."""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from data.cells import (
    ABSURD,
    Cell,
    InputError,
    Reader,
    Table,
    ValidationIssue,
    cell_text,
    group_issues,
    is_blank,
    parse_number,
    records,
)
from data.schema import (
    KEY_VALUE_SHEETS,
    OPTIONAL_SHEETS,
    SHEETS,
    Column,
    match_column,
    match_sheet,
    normalise,
    sheet_columns,
    split_header,
)
from data.terms_sheets import check_bands, read_discounts, read_system_rules
from planner.labels import DATA_CLASS_LABELS, DEPLOYMENT_LABELS, label
from planner.model import (
    DataClass,
    Deployment,
    Period,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    ProcurementStandards,
    Workload,
    YearRow,
    YearsSpec,
)
from planner.rules import policy_from_values
from planner.text import Msg, bi


def _sheet_en(key: str) -> str:
    """A sheet named for English readers: the '平台' (platforms) sheet."""
    return f"the '{SHEETS[key].zh}' ({key}) sheet"


#: The synthetic column name of the 约束 sheet's parameter names.
_PARAM_COLUMN = Msg("参数", "parameter")


def _read_rows(
    path: Path, reader: Reader, wanted: Callable[[str], bool] | None = None
) -> dict[str, list[list[Any]]] | None:
    """The cells of the sheets wanted(name) selects (every sheet without it); None when the
    file cannot be read or breaks a size limit (data.bounded_read), with the reason reported."""
    from python_calamine import CalamineWorkbook

    from data.bounded_read import (
        SHEET_LIMIT_HINT,
        SheetSize,
        check_workbook,
        input_file_problem,
        sheet_limit_problem,
    )

    wanted = wanted or (lambda _name: True)
    problem = input_file_problem(path)
    if problem is not None:
        reader.issue(
            message=problem,
            hint=Msg("请给出一个 .xlsx 工作簿文件", "Give an .xlsx workbook file"),
        )
        return None
    too_big = check_workbook(path, wanted)  # before the reader allocates anything
    for sheet, message in too_big:
        reader.issue(sheet=sheet, message=message, hint=SHEET_LIMIT_HINT)
    if too_big:
        return None
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 – any failure here means "not a workbook we can read"
        reader.issue(
            message=Msg(
                "无法作为 Excel 工作簿打开（文件损坏、加密或不是 .xlsx/.xls/.ods 格式）",
                "Cannot be opened as an Excel workbook (the file is damaged, password-protected, "
                "or not an .xlsx/.xls/.ods file)",
            ),
            hint=Msg(
                "请在 Excel/WPS 中打开后另存为 .xlsx 再试",
                "Open it in Excel or WPS, save it as .xlsx and try again",
            ),
        )
        return None
    out: dict[str, list[list[Any]]] = {}
    for name in wb.sheet_names:
        if not wanted(name):
            continue  # a workbook of 5,000 sheets costs only the sheets read
        try:
            sheet = wb.get_sheet_by_name(name)
            problem = sheet_limit_problem(path.name, name, SheetSize(sheet.height, sheet.width))
            if problem is not None:  # an .xlsb sheet (the only format not sized before reading)
                reader.issue(sheet=name, message=problem, hint=SHEET_LIMIT_HINT)
                return None
            out[name] = sheet.to_python(skip_empty_area=False)
        except Exception:  # noqa: BLE001
            reader.issue(
                sheet=name,
                message=Msg("工作表无法读取", "The sheet cannot be read"),
                hint=Msg("请检查该工作表是否损坏", "Check whether the sheet is damaged"),
            )
    return out


def _table(
    reader: Reader, sheet_key: str, sheet_name: str, rows: list[list[Any]], optional: bool = False
) -> Table | None:
    """One sheet's records by column key; an optional sheet (年度计划) may be empty or header-only."""
    table = Table(sheet_name)
    header_i = next((i for i, r in enumerate(rows) if any(not is_blank(v) for v in r)), None)
    if header_i is None and (optional or sheet_key in OPTIONAL_SHEETS):
        return table  # an optional sheet left empty: nothing
    if header_i is None:
        reader.issue(
            sheet=sheet_name,
            message=Msg("工作表为空", "The sheet is empty"),
            hint=bi(
                "请按模板填写「{zh}」表（可用 yunce template 生成模板）",
                "Fill in {sheet} following the template (the command yunce template creates one)",
                zh=SHEETS[sheet_key].zh,
                sheet=_sheet_en(sheet_key),
            ),
        )
        return None
    col_of: dict[int, str] = {}
    unknown: list[str] = []
    for j, h in enumerate(rows[header_i]):
        if is_blank(h):
            continue
        col = match_column(sheet_key, h)
        if col is None:
            unknown.append(cell_text(h))
            continue
        if col.key in table.headers:
            reader.issue(
                sheet=sheet_name,
                row=header_i + 1,
                column=cell_text(h),
                message=bi(
                    "与列「{other}」重复（都表示{zh}）",
                    "Duplicates column '{other}' (both mean '{zh}', {key})",
                    other=table.headers[col.key],
                    zh=col.zh,
                    key=col.key,
                ),
                hint=Msg("请删除其中一列", "Delete one of the two columns"),
            )
            continue
        col_of[j] = col.key
        table.headers[col.key] = cell_text(h)
        unit = split_header(h)[1]
        table.scales[col.key] = 10_000.0 if unit.startswith("万") else 1.0
    # A renamed header (系统名称 → 系统名) is one problem, not "missing column" + "unknown column"
    # + one "required value is missing" per row: name it once, with the header it probably means.
    renamed = _renamed_headers(sheet_key, unknown, set(table.headers))
    for h in unknown:
        col = renamed.get(h)
        if col is None:
            reader.issue(
                sheet=sheet_name,
                row=header_i + 1,
                column=h,
                severity="warning",
                message=Msg("无法识别的列，已忽略", "Unrecognised column; it was ignored"),
                hint=Msg(
                    "如该列有用，请改用模板中的列名",
                    "If you need this column, rename it to a header from the template",
                ),
            )
            continue
        table.missing.add(col.key)
        reader.issue(
            sheet=sheet_name,
            row=header_i + 1,
            column=h,
            severity="error" if col.required else "warning",
            key=col.key,
            message=bi(
                "无法识别列「{h}」，缺少列「{zh}」——是否就是「{zh}」？",
                "Column '{h}' is not recognised and column '{zh}' ({key}) is missing: did you mean '{zh}'?",
                h=h,
                zh=col.zh,
                key=col.key,
            ),
            hint=bi(
                "请把第 {row} 行的表头「{h}」改为「{zh}」",
                "Rename the header '{h}' in row {row} to '{zh}' (or '{key}')",
                row=header_i + 1,
                h=h,
                zh=col.zh,
                key=col.key,
            ),
        )
    for col in sheet_columns(sheet_key):
        if col.required and col.key not in table.headers and col.key not in table.missing:
            table.missing.add(col.key)
            reader.issue(
                sheet=sheet_name,
                row=header_i + 1,
                column=col.zh,
                key=col.key,
                message=bi(
                    "缺少必需的列「{zh}」（{key}）",
                    "Required column '{zh}' ({key}) is missing",
                    zh=col.zh,
                    key=col.key,
                ),
                hint=bi(
                    "请在第 {row} 行加入列「{h}」：{mz}",
                    "Add a column headed '{h}' or '{h_en}' to the header row (row {row}): {me}",
                    row=header_i + 1,
                    h=col.header(),
                    h_en=col.header("en"),
                    mz=col.meaning_zh,
                    me=col.meaning_en,
                ),
            )
    for i in range(header_i + 1, len(rows)):
        r = rows[i]
        rec = {key: r[j] if j < len(r) else None for j, key in col_of.items()}
        if all(is_blank(v) for v in rec.values()):
            continue
        table.records.append((i + 1, rec))
    if not table.records and not optional and sheet_key not in OPTIONAL_SHEETS:
        reader.issue(
            sheet=sheet_name,
            row=header_i + 2,
            message=Msg("表头下没有数据行", "There are no data rows below the header"),
            hint=bi(
                "请在「{zh}」表中至少填写一行",
                "Fill in at least one row in {sheet}",
                zh=SHEETS[sheet_key].zh,
                sheet=_sheet_en(sheet_key),
            ),
        )
    return table


def _renamed_headers(sheet_key: str, unknown: list[str], found: set[str]) -> dict[str, Column]:
    """Unrecognised header → the missing schema column it most likely names (difflib on names and aliases)."""
    names: dict[str, Column] = {}
    for c in sheet_columns(sheet_key):
        if c.key in found:
            continue
        for n in (c.zh, c.key, *c.aliases):
            names.setdefault(normalise(n), c)
    out: dict[str, Column] = {}
    taken: set[str] = set()
    for h in unknown:
        name = split_header(h)[0]
        if not name:
            continue
        close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
        if not close:  # 系统名 is a prefix of 系统名称: close enough when one contains the other
            close = [n for n in names if len(name) >= 2 and (name in n or n in name)][:1]
        if close and names[close[0]].key not in taken:
            out[h] = names[close[0]]
            taken.add(names[close[0]].key)
    return out


def policy_table(
    reader: Reader, sheet_name: str, rows: list[list[Any]], sheet_key: str = "policy"
) -> Table:
    """Two columns key/value; an optional header row 参数/值 (约束, 采购标准)."""
    table = Table(sheet_name)
    start = 0
    first = next((i for i, r in enumerate(rows) if any(not is_blank(v) for v in r)), None)
    if first is None:
        return table
    key_col, val_col = 0, 1
    head = [normalise(cell_text(v)) for v in rows[first]]
    if any(h in ("参数", "key", "参数名", "项目", "parameter") for h in head):
        key_col = next(
            j for j, h in enumerate(head) if h in ("参数", "key", "参数名", "项目", "parameter")
        )
        val_col = next(
            (j for j, h in enumerate(head) if h in ("值", "value", "取值", "数值")), key_col + 1
        )
        start = first + 1
    for i in range(start, len(rows)):
        r = rows[i]
        k = r[key_col] if key_col < len(r) else None
        v = r[val_col] if val_col < len(r) else None
        if is_blank(k):
            if not is_blank(v):
                reader.issue(
                    sheet=sheet_name,
                    row=i + 1,
                    column=_PARAM_COLUMN,
                    value=cell_text(v),
                    message=Msg("有值但没有参数名", "There is a value but no parameter name"),
                    hint=Msg(
                        "请在第一列填写参数名，如 年度预算",
                        "Enter the parameter name in the first column, e.g. '年度预算' or 'budget_annual'",
                    ),
                )
            continue
        col = match_column(sheet_key, k)
        if col is None:
            known = Msg(
                "、".join(c.zh for c in sheet_columns(sheet_key)),
                ", ".join(f"'{c.zh}' ({c.key})" for c in sheet_columns(sheet_key)),
            )
            reader.issue(
                sheet=sheet_name,
                row=i + 1,
                column=_PARAM_COLUMN,
                value=cell_text(k),
                message=Msg("未知的参数", "Unknown parameter"),
                hint=bi("可用参数：{known}", "The parameters are: {known}", known=known),
            )
            continue
        if col.key in table.headers:
            reader.issue(
                sheet=sheet_name,
                row=i + 1,
                column=_PARAM_COLUMN,
                value=cell_text(k),
                message=bi(
                    "参数「{zh}」重复出现",
                    "Parameter '{zh}' ({key}) appears more than once",
                    zh=col.zh,
                    key=col.key,
                ),
                hint=Msg("请只保留一行", "Keep only one row for it"),
            )
            continue
        table.headers[col.key] = cell_text(k)
        table.scales[col.key] = 10_000.0 if split_header(k)[1].startswith("万") else 1.0
        table.records.append((i + 1, {"key": col.key, "value": v}))
    return table


def read_tables(path: str | Path) -> tuple[dict[str, Table], list[ValidationIssue]]:
    """Read the four sheets of a canonical workbook into Tables (no value checks yet)."""
    path = Path(path)
    reader = Reader(path.name)
    if not path.exists():
        reader.issue(
            message=Msg("文件不存在", "The file does not exist"),
            hint=Msg("请检查路径和文件名", "Check the folder and the file name"),
        )
        return {}, reader.issues
    first: dict[str, str] = {}

    def wanted(name: str) -> bool:  # the first sheet of each kind, as matched below
        key = match_sheet(name)
        return key is not None and first.setdefault(key, name) == name

    rows_by_sheet = _read_rows(path, reader, wanted)
    if rows_by_sheet is None:
        return {}, reader.issues
    found: dict[str, str] = {}
    for name in rows_by_sheet:
        key = match_sheet(name)
        if key and key not in found:
            found[key] = name
    tables: dict[str, Table] = {}
    for key, sheet in SHEETS.items():
        if key not in found:
            if key in OPTIONAL_SHEETS:
                continue  # optional: defaults apply, no years sheet = a single-year plan
            reader.issue(
                sheet=sheet.zh,
                message=bi(
                    "缺少工作表「{zh}」（{key}）",
                    "Sheet '{zh}' ({key}) is missing",
                    zh=sheet.zh,
                    key=sheet.key,
                ),
                hint=bi(
                    "请添加名为「{zh}」的工作表（{mz}），或用 yunce template 生成模板",
                    "Add a sheet named '{zh}' or '{key}' ({me}), or create a template with the command "
                    "yunce template",
                    zh=sheet.zh,
                    key=sheet.key,
                    mz=sheet.meaning_zh,
                    me=sheet.meaning_en,
                ),
            )
            continue
        rows = rows_by_sheet[found[key]]
        if key in KEY_VALUE_SHEETS:
            t: Table | None = policy_table(reader, found[key], rows, key)
        else:
            t = _table(reader, key, found[key], rows, optional=key in OPTIONAL_SHEETS)
        if t is not None:
            tables[key] = t
    return tables, reader.issues


# --- validation into domain objects -------------------------------------------------------------
#: 约束 rows that belong to the multi-year plan (planner.model.YearsSpec), not to Policy.
YEAR_POLICY_KEYS = ("discount_rate", "allow_multiple_moves")


@dataclass(frozen=True, slots=True)
class PolicyRead:
    """The 约束 sheet read rule by rule: one bad cell never wipes the other rules."""

    values: dict[str, Any]
    """Policy field → value, for every rule whose cell is valid (blank cells are left out)."""
    invalid: frozenset[str]
    """Policy fields whose cell has an error; the app flags these and keeps the others."""
    issues: list[ValidationIssue]
    """The problems found, one per bad cell (each with ``key`` set to its field)."""

    @property
    def policy(self) -> Policy:
        """The rules: every valid value, the registry's default for a blank or invalid one (the
        multi-year settings 折现率/允许多次迁移 go to PlanInput.years, not to Policy)."""
        return policy_from_values(
            {k: v for k, v in self.values.items() if k not in YEAR_POLICY_KEYS}
        )


def read_policy(table: Table, file: str) -> PolicyRead:
    """Check each rule of a 约束 table on its own (the budget "约480万" does not reset 信创最低占比)."""
    reader = Reader(file)
    values: dict[str, Any] = {}
    invalid: set[str] = set()
    pcols = {c.key: c for c in sheet_columns("policy")}
    for row, rec in table.records:
        col = pcols[rec["key"]]
        before = len(reader.issues)
        header = table.headers[col.key]
        val = Cell(
            reader,
            table.sheet,
            row,
            col,
            bi("值（{h}）", "value ({h})", h=header),
            rec["value"],
            table.scales.get(col.key, 1.0),
            table.file,
        ).value()
        if any(i.severity == "error" for i in reader.issues[before:]):
            invalid.add(col.key)
        elif val is not None:
            values[col.key] = val
    return PolicyRead(values, frozenset(invalid), reader.issues)


def read_procurement(table: Table, file: str) -> tuple[ProcurementStandards, list[ValidationIssue]]:
    """The 采购标准 sheet, each value on its own; a blank value keeps the shipped default (the
    national floors), and a sheet that sets neither threshold is still marked as defaults."""
    reader = Reader(file)
    values: dict[str, Any] = {}
    pcols = {c.key: c for c in sheet_columns("procurement")}
    rows: dict[str, int] = {}
    for row, rec in table.records:
        col = pcols[rec["key"]]
        val = Cell(
            reader,
            table.sheet,
            row,
            col,
            bi("值（{h}）", "value ({h})", h=table.headers[col.key]),
            rec["value"],
            table.scales.get(col.key, 1.0),
            table.file,
        ).value()
        if val is not None:
            values[col.key] = val
            rows[col.key] = row

    def bad(key: str, message: Msg, hint: Msg) -> None:
        reader.issue(
            file=table.file,
            sheet=table.sheet,
            row=rows[key],
            column=table.headers[key],
            value=cell_text(values.pop(key)),
            message=message,
            hint=hint,
        )

    if "quarter" in values and not 1 <= int(values["quarter"]) <= 4:
        bad(
            "quarter",
            Msg("季度应为 1–4", "The quarter must be 1–4"),
            Msg("请填写 1、2、3 或 4", "Enter 1, 2, 3 or 4"),
        )
    if "contract_years" in values and not 1 <= int(values["contract_years"]) <= 10:
        bad(
            "contract_years",
            Msg("合同年限应为 1–10 年", "The contract term must be 1–10 years"),
            Msg("请填写合同年限，如 1 或 3", "Enter the term in years, e.g. 1 or 3"),
        )
    limit = values.get("decentralized_limit", 300_000.0)
    if "tender_threshold" in values and values["tender_threshold"] < limit:
        bad(
            "tender_threshold",
            Msg(
                "公开招标数额标准低于分散采购限额标准",
                "The public-tender threshold is below the decentralised limit",
            ),
            Msg(
                "请核对两个标准：公开招标数额标准应不低于分散采购限额标准（全国指引下限为 200 万元和 30 万元）",
                "Check both figures: the tender threshold is at least the decentralised limit (the "
                "national floors are 2,000,000 and 300,000 CNY)",
            ),
        )
    std = ProcurementStandards(
        decentralized_limit=float(values.get("decentralized_limit", 300_000.0)),
        tender_threshold=float(values.get("tender_threshold", 2_000_000.0)),
        in_central_catalogue=bool(values.get("in_central_catalogue", False)),
        item_code=str(values.get("item_code", "")),
        item_name=str(values.get("item_name", "")),
        contract_years=int(values.get("contract_years", 1)),
        fiscal_year=int(values["fiscal_year"]) if "fiscal_year" in values else None,
        quarter=int(values.get("quarter", 1)),
        funding_source=str(values.get("funding_source", "本级财政资金")),
        defaults="decentralized_limit" not in values and "tender_threshold" not in values,
    )
    return std, reader.issues


def tables_to_input(
    tables: dict[str, Table],
    file: str,
    prior: list[ValidationIssue] | None = None,
    name: str = "",
    known_platforms: set[tuple[str, str]] | None = None,
) -> tuple[PlanInput | None, list[ValidationIssue]]:
    """Check every value and every cross-reference; a PlanInput when there are no errors.

    known_platforms: (vendor, platform) pairs declared elsewhere (the importer checks a
    workloads table against platforms it assembled itself).
    """
    reader = Reader(file)
    reader.issues.extend(prior or [])

    platforms: list[Platform] = []
    seen_platforms: dict[tuple[str, str], int] = {}
    declared: set[tuple[str, str]] = set(
        known_platforms or ()
    )  # also rows with errors, so problems do not cascade
    if "platforms" in tables:
        t = tables["platforms"]
        declared = {
            (cell_text(r.get("vendor")), cell_text(r.get("platform"))) for _, r in t.records
        }
        for row, v in records(reader, t, "platforms"):
            if not v["_ok"]:
                continue
            key = (v["vendor"], v["platform"])
            if key in seen_platforms:
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers["platform"],
                    value=v["platform"],
                    message=bi(
                        "平台重复（第 {row} 行已有 {v}/{p}）",
                        "Duplicate platform: row {row} already has '{v}/{p}'",
                        row=seen_platforms[key],
                        v=key[0],
                        p=key[1],
                    ),
                    hint=Msg(
                        "同一供应商下平台名须唯一，请删除重复行或改名",
                        "Platform names must be unique within a vendor; delete the duplicate row "
                        "or rename the platform",
                    ),
                )
                continue
            seen_platforms[key] = row
            platforms.append(
                Platform(
                    v["vendor"],
                    v["platform"],
                    Deployment(v["deployment"]),
                    bool(v["xinchuang"]),
                    int(v["mlps_level"]),
                    v["capacity_vcpu"],
                    v["availability"],
                    perf_factor=float(v.get("perf_factor") or 1.0),
                )
            )

    prices: list[PriceLine] = []
    if "prices" in tables:
        t = tables["prices"]
        seen_lines: dict[tuple, list[tuple[int, tuple[float, float]]]] = {}
        price_rows: list[int] = []  # Excel row of each price line (step-price checks)
        for row, v in records(reader, t, "prices"):
            if not v["_ok"]:
                continue
            key = (v["vendor"], v["platform"])
            if key not in declared and "platforms" in tables:
                shown = list(seen_platforms)[:8]
                known = "、".join(f"{a}/{b}" for a, b in shown)
                known_en = ", ".join(f"'{a}/{b}'" for a, b in shown)
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers.get("platform", "平台"),
                    value=f"{key[0]}/{key[1]}",
                    message=Msg(
                        "平台表中没有这个供应商/平台",
                        f"This vendor/platform is not in {_sheet_en('platforms')}",
                    ),
                    hint=Msg(
                        f"请先在「平台」表中添加该平台，或改为已有平台：{known}",
                        f"Add it to {_sheet_en('platforms')} first"
                        + (f", or use a platform listed there: {known_en}" if shown else ""),
                    ),
                )
                continue
            spec_vcpu, spec_ram = v.get("vcpu"), v.get("ram_gb")
            if v["resource"] == "instance":
                if not spec_vcpu or not spec_ram:
                    reader.issue(
                        file=t.file,
                        sheet=t.sheet,
                        row=row,
                        column=t.headers.get("vcpu" if not spec_vcpu else "ram_gb", "规格vCPU"),
                        value=cell_text(spec_vcpu if not spec_vcpu else spec_ram),
                        message=Msg(
                            "云主机实例行须填写规格vCPU和规格内存GB（均大于 0）",
                            "An instance line needs both the instance vCPU ('规格vCPU', vcpu) "
                            "and the instance RAM ('规格内存GB', ram_gb), each above 0",
                        ),
                        hint=Msg(
                            "例如 4C8G 填 规格vCPU=4、规格内存GB=8",
                            "For a 4C8G instance, enter 4 as '规格vCPU' and 8 as '规格内存GB'",
                        ),
                    )
                    continue
                lkey = (*key, "instance", float(spec_vcpu), float(spec_ram))
            else:
                if spec_vcpu is not None or spec_ram is not None:
                    reader.issue(
                        file=t.file,
                        sheet=t.sheet,
                        row=row,
                        column=t.headers.get("vcpu", "规格vCPU"),
                        value=cell_text(spec_vcpu if spec_vcpu is not None else spec_ram),
                        severity="warning",
                        message=Msg(
                            "只有“云主机实例”行使用规格，已忽略",
                            "Only instance lines ('云主机实例') use a spec; it was ignored",
                        ),
                        hint=Msg(
                            "按单位计价的行请把规格vCPU/规格内存GB留空",
                            "Leave '规格vCPU' and '规格内存GB' blank on lines priced per unit",
                        ),
                    )
                spec_vcpu = spec_ram = None
                lkey = (*key, v["resource"], v.get("min_qty"), v.get("max_qty"))
            if (
                v.get("valid_from") is not None
                and v.get("valid_to") is not None
                and v["valid_to"] < v["valid_from"]
            ):
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers.get("valid_to", "失效年份"),
                    value=str(v["valid_to"]),
                    message=bi(
                        "失效年份早于生效年份 {y}",
                        "The last year is before the first year {y}",
                        y=v["valid_from"],
                    ),
                    hint=Msg(
                        "失效年份应不早于生效年份", "Enter a last year on or after the first year"
                    ),
                )
                continue
            # the same resource may be priced again for other years (生效年份/失效年份 windows that do
            # not overlap: a new contract price from 2027); two prices for one year are a duplicate
            window = (
                v.get("valid_from") if v.get("valid_from") is not None else -math.inf,
                v.get("valid_to") if v.get("valid_to") is not None else math.inf,
            )
            clash = next(
                (
                    r
                    for r, (lo, hi) in seen_lines.get(lkey, [])
                    if lo <= window[1] and window[0] <= hi
                ),
                None,
            )
            if clash is not None:
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers.get("resource", "资源"),
                    value=cell_text(v["resource"]),
                    message=bi(
                        "同一平台同一资源重复报价（第 {row} 行已有）",
                        "Duplicate price for this resource on this platform: row {row} already has one",
                        row=clash,
                    ),
                    hint=Msg(
                        "每个平台每种资源（每种实例规格）只保留一个单价；分年计划中可用不重叠的生效年份/失效年份分段报价",
                        "Keep one unit price per resource (per instance spec) on each platform; in a year "
                        "plan, prices for different years need first/last years that do not overlap",
                    ),
                )
                continue
            seen_lines.setdefault(lkey, []).append((row, window))
            price_rows.append(row)
            prices.append(
                PriceLine(
                    v["vendor"],
                    v["platform"],
                    v["resource"],
                    float(v["unit_price"]),
                    Period(v["period"]),
                    float(spec_vcpu) if spec_vcpu else None,
                    float(spec_ram) if spec_ram else None,
                    v.get("valid_from"),
                    v.get("valid_to"),
                    float(v.get("yearly_change") or 0.0),
                    min_qty=v.get("min_qty"),
                    max_qty=v.get("max_qty"),
                    min_annual=v.get("min_annual"),
                    setup_fee=v.get("setup_fee"),
                )
            )

    workloads: list[Workload] = []
    if "workloads" in tables:
        t = tables["workloads"]
        seen_names: dict[str, int] = {}
        for row, v in records(reader, t, "workloads"):
            if not v["_ok"]:
                continue
            if v["name"] in seen_names:
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers["name"],
                    value=v["name"],
                    message=bi(
                        "系统名称重复（第 {row} 行已有）",
                        "Duplicate system name: row {row} already has it",
                        row=seen_names[v["name"]],
                    ),
                    hint=Msg(
                        "系统名称须唯一，请合并或改名（如加部门前缀）",
                        "System names must be unique; merge the rows or rename one "
                        "(e.g. put the department in front)",
                    ),
                )
                continue
            seen_names[v["name"]] = row
            cv, cp = v["current_vendor"] or None, v["current_platform"] or None
            if (cv is None) != (cp is None):
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers.get("current_platform", "现平台"),
                    value=f"{cv or ''}/{cp or ''}",
                    message=Msg(
                        "现供应商与现平台须同时填写或同时留空",
                        "Fill in both the current vendor and the current platform, or leave both "
                        "blank",
                    ),
                    hint=Msg(
                        "留空表示本县自建机房",
                        "Leave both blank when the system runs in the county machine room",
                    ),
                )
                continue
            if cv is not None and (cv, cp) not in declared:
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers.get("current_platform", "现平台"),
                    value=f"{cv}/{cp}",
                    severity="warning",
                    message=Msg(
                        "现平台不在平台表中，视为将退出的平台（任何部署都计迁移费用，且按非信创计适配费用）",
                        f"The current platform is not in {_sheet_en('platforms')}, so it is "
                        "treated as a platform being retired (every placement pays the migration "
                        "cost, and the adaptation cost applies as for a non-信创 (non-domestic "
                        "stack) platform)",
                    ),
                    hint=Msg(
                        "如该平台仍可续用，请把它和报价加入平台表与报价表",
                        "If systems can stay on it, add the platform to "
                        f"{_sheet_en('platforms')} and its prices to {_sheet_en('prices')}",
                    ),
                )
            workloads.append(
                Workload(
                    name=v["name"],
                    department=v["department"] or "",
                    vcpu=v["vcpu"],
                    ram_gb=v["ram_gb"],
                    storage_gb=v["storage_gb"],
                    bandwidth_mbps=v["bandwidth_mbps"] or 0.0,
                    data_class=DataClass(v["data_class"]),
                    mlps_level=int(v["mlps_level"]),
                    xinchuang_required=bool(v["xinchuang_required"]),
                    current_vendor=cv,
                    current_platform=cp,
                    migration_cost=v["migration_cost"] or 0.0,
                    xinchuang_adaptation_cost=v["xinchuang_adaptation_cost"] or 0.0,
                    contract_end_year=v.get("contract_end_year"),
                    earliest_year=v.get("earliest_year"),
                    keep_in_place=bool(v.get("keep_in_place")),
                    retire_year=v.get("retire_year"),
                )
            )

    policy = Policy()
    policy_values: dict[str, Any] = {}
    if "policy" in tables:
        read = read_policy(tables["policy"], file)
        reader.issues.extend(read.issues)
        policy = read.policy
        policy_values = read.values
    years = _years_spec(reader, tables.get("years"), policy_values)
    procurement = None
    if "procurement" in tables:
        procurement, found = read_procurement(tables["procurement"], file)
        reader.issues.extend(found)
    if "prices" in tables:
        check_bands(reader, tables["prices"], prices, price_rows)
    discounts = (
        read_discounts(reader, tables["discounts"], platforms, declared)
        if "discounts" in tables
        else []
    )
    named = (
        {cell_text(r.get("name")) for _, r in tables["workloads"].records}
        if "workloads" in tables
        else set()
    )
    rules = (
        read_system_rules(reader, tables["system_rules"], platforms, workloads, named, declared)
        if "system_rules" in tables
        else []
    )
    errors = [i for i in reader.issues if i.severity == "error"]
    if errors:
        return None, reader.issues
    inp = PlanInput(
        tuple(platforms),
        tuple(prices),
        tuple(workloads),
        policy,
        name=name,
        discounts=tuple(discounts),
        system_rules=tuple(rules),
        years=years,
        procurement=procurement,
    )
    return inp, reader.issues


def _years_spec(reader: Reader, t: Table | None, policy_values: dict[str, Any]) -> YearsSpec | None:
    """The 年度计划 sheet plus 折现率/允许多次迁移 as a YearsSpec; None when nothing is multi-year.

    Years must be consecutive (2026, 2027, 2028): one-time costs, caps and discounting are per year.
    """
    rows: list[YearRow] = []
    if t is not None:
        seen: dict[int, int] = {}
        for row, v in records(reader, t, "years"):
            if not v["_ok"]:
                continue
            year = int(v["year"])
            if year in seen:
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers.get("year", "年份"),
                    value=str(year),
                    message=bi(
                        "年份重复（第 {row} 行已有）",
                        "Duplicate year: row {row} already has it",
                        row=seen[year],
                    ),
                    hint=Msg("每个年份只保留一行", "Keep one row per year"),
                )
                continue
            seen[year] = row
            rows.append(
                YearRow(
                    year,
                    v.get("budget"),
                    v.get("min_xinchuang_share"),
                    v.get("max_moves"),
                    v.get("max_move_vcpu"),
                )
            )
        rows.sort(key=lambda r: r.year)
        for a, b in zip(rows, rows[1:], strict=False):
            if b.year != a.year + 1:
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=seen[b.year],
                    column=t.headers.get("year", "年份"),
                    value=str(b.year),
                    message=bi(
                        "年份不连续：{a} 之后应为 {n}",
                        "The years are not consecutive: {n} should follow {a}",
                        a=a.year,
                        n=a.year + 1,
                    ),
                    hint=Msg(
                        "请按年填写连续的年份（如 2026、2027、2028）",
                        "List consecutive years, one per row (e.g. 2026, 2027, 2028)",
                    ),
                )
                break
    rate = float(policy_values.get("discount_rate", 0.0) or 0.0)
    multiple = bool(policy_values.get("allow_multiple_moves", False))
    if not rows and rate == 0.0 and not multiple:
        return None
    return YearsSpec(tuple(rows), rate, multiple)


def read_workbook(path: str | Path, warnings: list[ValidationIssue] | None = None) -> PlanInput:
    """The PlanInput of a canonical workbook; raises InputError listing every problem."""
    path = Path(path)
    tables, issues = read_tables(path)
    if any(i.severity == "error" for i in issues) and not tables:
        raise InputError(issues)
    inp, issues = tables_to_input(tables, path.name, issues, name=path.stem)
    issues = group_issues(issues)  # "第 5–10 行（共 6 行）：…" instead of six lines
    if warnings is not None:
        warnings.extend(i for i in issues if i.severity != "error")
    if inp is None:
        raise InputError(
            [i for i in issues if i.severity == "error"]
            + [i for i in issues if i.severity != "error"]
        )
    return inp


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def describe(inp: PlanInput) -> Msg:
    """One line about an input, for logs and the app (Chinese string carrying the English)."""
    n_p, n_v, n_x, n_w = len(inp.platforms), len(inp.vendors), len(inp.prices), len(inp.workloads)
    return bi(
        "{p} 个平台（{v} 家供应商），{x} 条报价，{w} 个业务系统",
        "{p_en} ({v_en}), {x_en}, {w_en}",
        p=n_p,
        v=n_v,
        x=n_x,
        w=n_w,
        p_en=_count(n_p, "platform", "platforms"),
        v_en=_count(n_v, "vendor", "vendors"),
        x_en=_count(n_x, "price line", "price lines"),
        w_en=_count(n_w, "system", "systems"),
    )


def to_frames(inp: PlanInput) -> dict[str, pd.DataFrame]:
    """The input as DataFrames with canonical column keys (for writers and the app)."""
    # pandas here, not at the top: reading a workbook and planning never need it, and importing
    # it is about a third of `yunce plan`'s start-up (python -X importtime)
    import pandas as pd

    plat = pd.DataFrame(
        [
            {
                "vendor": p.vendor,
                "platform": p.name,
                "deployment": p.deployment.value,
                "xinchuang": p.xinchuang,
                "mlps_level": p.mlps_level,
                "capacity_vcpu": p.capacity_vcpu,
                "availability": p.availability,
                "perf_factor": p.perf_factor,
            }
            for p in inp.platforms
        ]
    )
    prices = pd.DataFrame(
        [
            {
                "vendor": x.vendor,
                "platform": x.platform,
                "resource": x.resource,
                "unit_price": x.unit_price,
                "period": x.period.value,
                "vcpu": x.vcpu,
                "ram_gb": x.ram_gb,
                "valid_from": x.valid_from,
                "valid_to": x.valid_to,
                "yearly_change": x.yearly_change or None,
                "min_qty": x.min_qty,
                "max_qty": x.max_qty,
                "min_annual": x.min_annual,
                "setup_fee": x.setup_fee,
            }
            for x in inp.prices
        ]
    )
    wl = pd.DataFrame(
        [
            {
                "name": w.name,
                "department": w.department,
                "vcpu": w.vcpu,
                "ram_gb": w.ram_gb,
                "storage_gb": w.storage_gb,
                "bandwidth_mbps": w.bandwidth_mbps,
                "data_class": w.data_class.value,
                "mlps_level": w.mlps_level,
                "xinchuang_required": w.xinchuang_required,
                "current_vendor": w.current_vendor,
                "current_platform": w.current_platform,
                "migration_cost": w.migration_cost,
                "xinchuang_adaptation_cost": w.xinchuang_adaptation_cost,
                "contract_end_year": w.contract_end_year,
                "earliest_year": w.earliest_year,
                "keep_in_place": w.keep_in_place,
                "retire_year": w.retire_year,
            }
            for w in inp.workloads
        ]
    )
    frames = {"platforms": plat, "prices": prices, "workloads": wl}
    if inp.years is not None and inp.years.years:
        frames["years"] = pd.DataFrame(
            [
                {
                    "year": y.year,
                    "budget": y.budget,
                    "min_xinchuang_share": y.min_xinchuang_share,
                    "max_moves": y.max_moves,
                    "max_move_vcpu": y.max_move_vcpu,
                }
                for y in inp.years.years
            ]
        )
    if inp.discounts:
        frames["discounts"] = pd.DataFrame(
            [
                {
                    "vendor": d.vendor,
                    "kind": d.kind.value,
                    "threshold": d.threshold or None,
                    "factor": d.factor,
                    "mode": d.mode.value if d.kind == "volume" else None,
                    "resource": d.resource,
                }
                for d in inp.discounts
            ]
        )
    if inp.system_rules:
        frames["system_rules"] = pd.DataFrame(
            [
                {
                    "rule": r.kind.value,
                    "systems": "、".join(r.systems),
                    "vendor": r.vendor,
                    "platform": r.platform,
                }
                for r in inp.system_rules
            ]
        )
    return frames


__all__ = [
    "ABSURD",
    "InputError",
    "cell_text",
    "is_blank",
    "parse_number",
    "PolicyRead",
    "group_issues",
    "read_policy",
    "read_procurement",
    "Table",
    "ValidationIssue",
    "describe",
    "read_tables",
    "read_workbook",
    "tables_to_input",
    "to_frames",
    "label",
    "DATA_CLASS_LABELS",
    "DEPLOYMENT_LABELS",
]
