"""Read the canonical workbook (docs/DESIGN.md §2) into a PlanInput, reporting every problem at once."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from data.money import has_scale, money_hint, money_problem, parse_money
from data.schema import (
    BOOL_VALUES,
    ENUMS,
    LEVEL_VALUES,
    OPTIONAL_SHEETS,
    SHEETS,
    Column,
    match_column,
    match_sheet,
    normalise,
    sheet_columns,
    split_header,
)
from data.terms_sheets import (
    _ENTER_FACTOR,
    _TERMS_ENUM_EN,
    _TERMS_ENUM_ZH,
    check_bands,
    parse_factor,
    read_discounts,
    read_system_rules,
)
from planner.labels import DATA_CLASS_LABELS, DEPLOYMENT_LABELS, label
from planner.model import (
    DataClass,
    Deployment,
    Period,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    Workload,
    YearRow,
    YearsSpec,
)
from planner.rules import policy_from_values
from planner.text import Msg, bi, join, localize

#: Sanity limits below: a positive value under these is almost certainly a typo. A performance
#: factor of 5e-324 made every system need 0 vCPU there and sent HiGHS's interior-point solver
#: into a loop its time limit did not stop (found by the fuzzer).
ABSURD_SMALL = {"perf_factor": 0.01}
#: Sanity limits: a value above these is almost certainly a typo (e.g. 元 typed as 分).
ABSURD = {
    "vcpu": 100_000,
    "ram_gb": 1_000_000,
    "storage_gb": 100_000_000,
    "bandwidth_mbps": 1_000_000,
    "capacity_vcpu": 10_000_000,
    "perf_factor": 100,
    "unit_price": 100_000_000,
    "migration_cost": 1_000_000_000,
    "xinchuang_adaptation_cost": 1_000_000_000,
    "budget_annual": 1_000_000_000_000,
    "horizon_years": 30,
    "min_vendors": 100,
    "budget": 1_000_000_000_000,  # 年度计划: that year's budget
    "max_moves": 1_000_000,
    "max_move_vcpu": 10_000_000,
    "min_qty": 1_000_000_000,
    "max_qty": 1_000_000_000,
    "min_annual": 10_000_000_000,
    "setup_fee": 10_000_000_000,
    "threshold": 1_000_000_000_000,  # 折扣: years of a term, or a yearly amount in 元
}

_NOT_FINITE = Msg(
    "数值超出范围（不是有限的数，如 1e309、inf 或 nan）",
    "The value is out of range (not a finite number, such as 1e309, inf or nan)",
)
_ENTER_FINITE = Msg("请填写正常大小的数字", "Enter a number of ordinary size")


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem (or assumption) found in an input file, located to the cell."""

    file: str
    """File name as given."""
    sheet: str = ""
    """Sheet name as it appears in the file."""
    row: int | None = None
    """Excel row number (1-based), when the problem is in a row."""
    column: str = ""
    """Column header as it appears in the file (or the expected header)."""
    value: str = ""
    """The value found, as text."""
    message: str = ""
    """What is wrong: a :class:`planner.text.Msg` (Chinese string carrying its English)."""
    hint: str = ""
    """How to fix it: a Msg like `message` (plain Chinese strings are accepted too)."""
    severity: str = "error"
    """'error' blocks planning; 'warning' does not."""
    key: str = ""
    """Canonical key of the column or 约束 parameter the issue is about ('' when none)."""
    rows: tuple[int, ...] = ()
    """Every row of a grouped issue (:func:`group_issues`); () for a single-row issue."""

    def location(self, lang: str = "zh") -> str:
        """Where the problem is: 文件 x，工作表「y」，第 5 行，列「z」 / file x, sheet 'y', row 5, column 'z'."""
        sheet, column = localize(self.sheet, lang), localize(self.column, lang)
        if lang == "en":
            parts = [f"file {self.file}"]
            if sheet:
                parts.append(f"sheet '{sheet}'")
            if len(self.rows) > 1:
                parts.append(f"rows {_row_ranges(self.rows, ', ')} ({len(self.rows)} rows)")
            elif self.row is not None:
                parts.append(f"row {self.row}")
            if column:
                parts.append(f"column '{column}'")
            return ", ".join(parts)
        parts = [f"文件 {self.file}"]
        if sheet:
            parts.append(f"工作表「{sheet}」")
        if len(self.rows) > 1:
            parts.append(f"第 {_row_ranges(self.rows, '、')} 行（共 {len(self.rows)} 行）")
        elif self.row is not None:
            parts.append(f"第 {self.row} 行")
        if column:
            parts.append(f"列「{column}」")
        return "，".join(parts)

    def text(self, lang: str = "zh") -> str:
        """The whole issue as one line in lang ('zh' or 'en')."""
        message, hint = localize(self.message, lang), localize(self.hint, lang)
        if lang == "en":
            head = "Error" if self.severity == "error" else "Note"
            value = f" (value: {localize(self.value, 'en')})" if self.value != "" else ""
            how = f" How to fix: {_sentence(hint)}" if hint else ""
            return f"[{head}] {self.location('en')}: {str(message).rstrip('.')}{value}.{how}"
        head = "错误" if self.severity == "error" else "提示"
        value = f"（值：{self.value}）" if self.value != "" else ""
        how = f" 修改方法：{hint}" if hint else ""
        return f"[{head}] {self.location()}：{message}{value}。{how}".replace("。。", "。")

    def msg(self) -> Msg:
        """The whole issue as one Msg (Chinese text carrying the English)."""
        return Msg(self.text("zh"), self.text("en"))


def _row_ranges(rows: tuple[int, ...], sep: str) -> str:
    """(5, 6, 7, 8, 9, 10, 12) → '5–10、12'."""
    out: list[str] = []
    ordered = sorted(set(rows))
    start = prev = ordered[0]
    for r in [*ordered[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        out.append(f"{start}–{prev}" if prev > start else f"{start}")
        if r is not None:
            start = prev = r
    return sep.join(out)


def group_issues(issues: list[ValidationIssue]) -> list[ValidationIssue]:
    """Issues that differ only in their row merged into one (第 5–10 行（共 6 行）：…), in first-seen order.

    The value is part of what must match, so "不是数字（值：abc）" on two rows groups but two
    different bad numbers stay two lines (each names what to correct).
    """
    groups: dict[tuple[Any, ...], list[ValidationIssue]] = {}
    for i in issues:
        ident = (
            i.file,
            str(i.sheet),
            str(i.column),
            i.value,
            str(i.message),
            str(i.hint),
            i.severity,
            i.key,
        )
        if i.row is None:
            ident = (*ident, id(i))  # sheet- or file-wide issues are never merged
        groups.setdefault(ident, []).append(i)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        rows = tuple(sorted({r for m in members for r in (m.rows or (m.row,)) if r is not None}))
        out.append(replace(members[0], row=rows[0], rows=rows))
    return out


def _sentence(text: str) -> str:
    """text ending with a full stop (English hints are written without one)."""
    text = str(text).rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


class InputError(Exception):
    """The input cannot be planned; carries every problem found.

    ``str(exc)`` is the Chinese list (one issue per line); ``exc.text("en")`` the English one.
    """

    def __init__(self, issues: list[ValidationIssue]) -> None:
        self.issues = issues
        super().__init__(join((i.msg() for i in issues), "\n", "\n"))

    def __reduce__(
        self,
    ) -> tuple[Any, tuple[list[ValidationIssue]]]:  # crosses process boundaries intact
        return (type(self), (self.issues,))

    def text(self, lang: str = "zh") -> str:
        """Every issue, one a line, in lang."""
        return "\n".join(i.text(lang) for i in self.issues)


# --- cell values -------------------------------------------------------------------------------
def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def cell_text(value: Any) -> str:
    """A cell as text; whole floats lose their '.0' (Excel stores 12 as 12.0)."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(value: Any) -> float | None:
    """12, '12', '1,234.5', '¥1,234', '12.5万' → float; None when not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            as_float = float(value)
        except OverflowError:  # an int of 400 digits (a project file's JSON): beyond any float
            return None
        return as_float if math.isfinite(as_float) else None
    s = normalise(value).replace(",", "").replace("¥", "").replace("￥", "").replace("元", "")
    scale = 1.0
    if s.endswith("万"):
        s, scale = s[:-1], 10_000.0
    if _NUMBER.match(s):
        return float(s) * scale
    return None


_ENTER_PERCENT = Msg("请填写百分比，例如 99.95", "Enter a percentage, e.g. 99.95")

#: The accepted values of each enumerated column type, as told to the user.
_ENUM_ZH = {
    "deployment": "私有云 或 公有云（政务私有云、专属云视为私有云）",
    "data_class": "核心、重要、一般 或 公开",
    "period": "月 或 年",
    "resource": "vCPU、内存、存储、带宽、等保二级安全服务、等保三级安全服务、等保四级安全服务、云主机实例",
}
#: English name of each enumerated column type and its accepted values.
_ENUM_EN = {
    "deployment": (
        "deployment type",
        "private or public ('私有云' or '公有云' in Chinese; government private cloud and dedicated cloud "
        "count as private)",
    ),
    "data_class": (
        "data classification",
        "core, important, general or public ('核心', '重要', '一般' or '公开' in Chinese)",
    ),
    "period": ("billing period", "month or year ('月' or '年' in Chinese)"),
    "resource": (
        "resource type",
        "vcpu, ram_gb, storage_gb, bandwidth_mbps, security_l2, security_l3, security_l4 or instance "
        "(the Chinese names such as '内存' or '云主机实例' work too)",
    ),
    **_TERMS_ENUM_EN,
}
_ENUM_ZH.update(_TERMS_ENUM_ZH)


class _Cell:
    """Converts one cell by column type; collects problems into the reader."""

    def __init__(
        self,
        reader: _Reader,
        sheet: str,
        row: int,
        col: Column,
        header: str,
        raw: Any,
        scale: float,
        file: str = "",
    ) -> None:
        self.reader, self.sheet, self.row, self.col, self.header, self.raw = (
            reader,
            sheet,
            row,
            col,
            header,
            raw,
        )
        self.scale, self.file = scale, file or reader.file

    def error(self, message: Msg, hint: Msg) -> None:
        self.reader.issues.append(
            ValidationIssue(
                self.file,
                self.sheet,
                self.row,
                self.header,
                cell_text(self.raw),
                message,
                hint,
                key=self.col.key,
            )
        )

    def value(self) -> Any:
        col, raw = self.col, self.raw
        if isinstance(raw, float) and not math.isfinite(raw):  # NaN is not a blank cell
            self.error(_NOT_FINITE, _ENTER_FINITE)
            return None
        if is_blank(raw):
            if col.required:
                self.error(
                    Msg("必填项为空", "Required value is missing"),
                    bi(
                        "请填写{zh}：{mz}{ex}",
                        "Fill in '{zh}' ({key}): {me}{ex_en}",
                        zh=col.zh,
                        key=col.key,
                        mz=col.meaning_zh,
                        me=col.meaning_en,
                        ex=f"（例如 {col.example}）" if col.example else "",
                        ex_en=(
                            f" (e.g. '{col.example}')"
                            if not col.example.isascii()
                            else f" (e.g. {col.example})"
                        )
                        if col.example
                        else "",
                    ),
                )
                return None
            return self._parse(col.default) if col.default != "" else None
        return self._parse(raw)

    def _parse(self, raw: Any) -> Any:
        col = self.col
        t = col.type
        if t == "text":
            return cell_text(raw)
        if t in ("number", "int"):
            if (
                t == "int"
                and col.key == "mlps_level"
                and isinstance(raw, str)
                and normalise(raw) in LEVEL_VALUES
            ):
                return LEVEL_VALUES[normalise(raw)]
            if col.unit == "元":  # money: 480万, 4,830,000元, 1.2亿, 四百八十万
                n = parse_money(raw)
                if n is None:
                    example = col.example
                    if (
                        self.scale != 1 and parse_number(example) is not None
                    ):  # a 万元 header: 480, not 4800000
                        example = f"{parse_number(example) / self.scale:g}"  # type: ignore[operator]
                    self.error(
                        money_problem(raw) or Msg("不是金额", "Not an amount"),
                        money_hint(example, self.scale != 1),
                    )
                    return None
                if not has_scale(raw):  # 480万 in a 年度预算(万元) column is not 480万万
                    n *= self.scale
            else:
                n = parse_number(raw)
                if n is None:
                    example = col.example or ("3" if t == "int" else "16")
                    self.error(
                        Msg("不是数字", "Not a number"),
                        bi("请填写数字，例如 {x}", "Enter a number, e.g. {x}", x=example),
                    )
                    return None
                n *= self.scale
            if not math.isfinite(n):  # 1e309, or 1e305 under a (万元) header
                self.error(_NOT_FINITE, _ENTER_FINITE)
                return None
            if n < 0:
                self.error(
                    Msg("不能为负数", "Cannot be negative"),
                    Msg("请填写 0 或正数", "Enter 0 or a positive number"),
                )
                return None
            least = ABSURD_SMALL.get(col.key)
            if least is not None and 0 < n < least:  # 0 keeps its meaning (blank = default)
                self.error(
                    bi(
                        "数值过小（下限 {least:g}），可能是填错了",
                        "Value too small (the least is {least:g}); it is probably a typo",
                        least=least,
                    ),
                    bi(
                        "请填写 {least:g} 到 {most:g} 之间的数，例如 1.3",
                        "Enter a number from {least:g} to {most:g}, e.g. 1.3",
                        least=least,
                        most=ABSURD.get(col.key, math.inf),
                    ),
                )
                return None
            limit = ABSURD.get(col.key)
            if limit is not None and n > limit:
                self.error(
                    bi(
                        "数值过大（上限 {limit:,}），可能是单位填错",
                        "Value too large (the limit is {limit:,}); the unit is probably wrong",
                        limit=limit,
                    ),
                    Msg(
                        "请核对单位，例如价格单位为元而非分",
                        "Check the unit: prices are in yuan, not fen",
                    ),
                )
                return None
            if t == "int":
                if not float(n).is_integer():
                    self.error(
                        Msg("应为整数", "Must be a whole number"),
                        Msg("请填写整数", "Enter a whole number"),
                    )
                    return None
                n = int(n)
                if col.key == "mlps_level" and not 1 <= n <= 4:
                    self.error(
                        Msg("等保级别应为 1–4", "The MLPS level must be 1–4"),
                        Msg(
                            "请填写 1、2、3 或 4（如三级填 3）",
                            "Enter 1, 2, 3 or 4 (e.g. 3 for level 3)",
                        ),
                    )
                    return None
                if col.key == "min_vendors" and n < 1:
                    self.error(
                        Msg(
                            "最少供应商数至少为 1",
                            "The minimum number of vendors must be at least 1",
                        ),
                        Msg("请填写 1 或更大的整数", "Enter a whole number, 1 or more"),
                    )
                    return None
            if col.key == "horizon_years" and n <= 0:
                self.error(
                    Msg("规划年限必须大于 0", "The planning horizon must be more than 0 years"),
                    Msg("请填写年数，例如 3", "Enter a number of years, e.g. 3"),
                )
                return None
            return n
        if t == "year":
            n = parse_number(raw)
            if n is None or not float(n).is_integer() or not 1990 <= n <= 2100:
                self.error(
                    Msg("不是年份", "Not a year"),
                    Msg("请填写四位数年份，例如 2027", "Enter a four-digit year, e.g. 2027"),
                )
                return None
            return int(n)
        if t == "change":
            s = normalise(raw) if isinstance(raw, str) else ""
            n = parse_number(s.rstrip("%")) if s else parse_number(raw)
            if n is None:
                self.error(
                    Msg("不是百分比", "Not a percentage"),
                    Msg(
                        "请填写每年变化的百分比，例如 -5%（每年降 5%）",
                        "Enter the yearly change in percent, e.g. -5% (5% cheaper each year)",
                    ),
                )
                return None
            if s.endswith("%") or abs(n) >= 1:
                n /= 100  # '-5%' or -5 under the (%) header; -0.05 (a %-formatted cell) is already a fraction
            if not -1 < n <= 1:
                self.error(
                    Msg(
                        "年度调价应在 -100% 与 +100% 之间",
                        "The yearly change must be between -100% and +100%",
                    ),
                    Msg("例如 -5% 表示每年降价 5%", "For example -5% means 5% cheaper each year"),
                )
                return None
            return float(n)
        if t == "factor":
            n = parse_factor(raw)
            if n is None:
                self.error(Msg("无法识别的折扣", "Not a recognised discount"), _ENTER_FACTOR)
            return n
        if t == "share":
            s = normalise(raw) if isinstance(raw, str) else None
            n = (
                parse_number(s[:-1]) / 100
                if s and s.endswith("%") and parse_number(s[:-1]) is not None
                else parse_number(raw)
            )
            if n is None:
                self.error(
                    Msg("不是比例", "Not a share"),
                    Msg(
                        "请填写 0–1 之间的小数或百分比，例如 0.4 或 40%",
                        "Enter a decimal between 0 and 1 or a percentage, e.g. 0.4 or 40%",
                    ),
                )
                return None
            if not 0 <= n <= 1:
                self.error(
                    Msg("比例应在 0–1 之间", "The share must be between 0 and 1"),
                    Msg(
                        "请填写 0–1 之间的小数（如 0.4）或百分比（如 40%）",
                        "Enter a decimal between 0 and 1 (e.g. 0.4) or a percentage (e.g. 40%)",
                    ),
                )
                return None
            return n
        if t == "percent":
            s = normalise(raw) if isinstance(raw, str) else ""
            n = parse_number(s.rstrip("%")) if s else parse_number(raw)
            if n is None:
                self.error(Msg("不是百分比", "Not a percentage"), _ENTER_PERCENT)
                return None
            if 0 < n <= 1 and not s.endswith("%"):
                n *= 100  # 0.9995 typed as a fraction
            if not 0 <= n <= 100:
                self.error(
                    Msg("可用性应在 0–100% 之间", "Availability must be between 0 and 100%"),
                    _ENTER_PERCENT,
                )
                return None
            return n
        if t == "bool":
            if isinstance(raw, bool):
                return raw
            key = normalise(cell_text(raw))
            if key in BOOL_VALUES:
                return BOOL_VALUES[key]
            self.error(
                Msg("无法识别的是/否值", "Not a recognised yes/no value"),
                Msg("请填写 是 或 否", "Enter yes or no ('是' or '否' in Chinese)"),
            )
            return None
        if t in ENUMS:
            key = normalise(cell_text(raw))
            table = ENUMS[t]
            if key in table:
                return table[key]
            name_en, choices_en = _ENUM_EN[t]
            self.error(
                bi("无法识别的{zh}", "Unrecognised {en}", zh=col.zh, en=name_en),
                bi("请填写 {zh}", "Enter {en}", zh=_ENUM_ZH[t], en=choices_en),
            )
            return None
        raise AssertionError(f"unknown column type {t}")


# --- reading sheets -------------------------------------------------------------------------------
@dataclass
class Table:
    """One sheet read into canonical column keys, with the Excel row of each record."""

    sheet: str
    """Sheet name as found in the file."""
    headers: dict[str, str] = field(default_factory=dict)
    """column key → header as written in the file."""
    scales: dict[str, float] = field(default_factory=dict)
    """column key → multiplier from the header unit (万元 → 10000)."""
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    """(Excel row, {column key: raw value})."""
    file: str = ""
    """File the sheet came from, when tables of several files are checked together ('' = the one file)."""
    missing: set[str] = field(default_factory=set)
    """Keys of columns reported missing (their empty cells are not reported again, row by row)."""


def _sheet_en(key: str) -> str:
    """A sheet named for English readers: the '平台' (platforms) sheet."""
    return f"the '{SHEETS[key].zh}' ({key}) sheet"


#: The synthetic column name of the 约束 sheet's parameter names.
_PARAM_COLUMN = Msg("参数", "parameter")


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[ValidationIssue] = []

    def issue(self, **kw: Any) -> None:
        file = kw.pop("file", "") or self.file
        self.issues.append(ValidationIssue(file, **kw))


def _read_rows(
    path: Path, reader: _Reader, wanted: Callable[[str], bool] | None = None
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
            if problem is not None:  # an .xls sheet, which is not scanned before reading
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
    reader: _Reader, sheet_key: str, sheet_name: str, rows: list[list[Any]], optional: bool = False
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


def _policy_table(reader: _Reader, sheet_name: str, rows: list[list[Any]]) -> Table:
    """Two columns key/value; an optional header row 参数/值."""
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
        col = match_column("policy", k)
        if col is None:
            known = Msg(
                "、".join(c.zh for c in sheet_columns("policy")),
                ", ".join(f"'{c.zh}' ({c.key})" for c in sheet_columns("policy")),
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
    reader = _Reader(path.name)
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
        if key == "policy":
            t: Table | None = _policy_table(reader, found[key], rows)
        else:
            t = _table(reader, key, found[key], rows, optional=key in OPTIONAL_SHEETS)
        if t is not None:
            tables[key] = t
    return tables, reader.issues


# --- validation into domain objects -------------------------------------------------------------
def _records(reader: _Reader, table: Table, sheet_key: str) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for row, rec in table.records:
        values: dict[str, Any] = {}
        before = len(reader.issues)
        blocked = False
        for col in sheet_columns(sheet_key):
            if col.key in table.missing:  # already reported once for the whole column
                values[col.key] = None
                blocked = blocked or col.required
                continue
            header = table.headers.get(col.key, col.zh)
            raw = rec.get(col.key)
            values[col.key] = _Cell(
                reader,
                table.sheet,
                row,
                col,
                header,
                raw,
                table.scales.get(col.key, 1.0),
                table.file,
            ).value()
        values["_ok"] = len(reader.issues) == before and not blocked
        out.append((row, values))
    return out


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
    reader = _Reader(file)
    values: dict[str, Any] = {}
    invalid: set[str] = set()
    pcols = {c.key: c for c in sheet_columns("policy")}
    for row, rec in table.records:
        col = pcols[rec["key"]]
        before = len(reader.issues)
        header = table.headers[col.key]
        val = _Cell(
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
    reader = _Reader(file)
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
        for row, v in _records(reader, t, "platforms"):
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
        for row, v in _records(reader, t, "prices"):
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
        for row, v in _records(reader, t, "workloads"):
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
    )
    return inp, reader.issues


def _years_spec(
    reader: _Reader, t: Table | None, policy_values: dict[str, Any]
) -> YearsSpec | None:
    """The 年度计划 sheet plus 折现率/允许多次迁移 as a YearsSpec; None when nothing is multi-year.

    Years must be consecutive (2026, 2027, 2028): one-time costs, caps and discounting are per year.
    """
    rows: list[YearRow] = []
    if t is not None:
        seen: dict[int, int] = {}
        for row, v in _records(reader, t, "years"):
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
    "InputError",
    "PolicyRead",
    "group_issues",
    "read_policy",
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
