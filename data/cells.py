"""The building blocks every reader of a county's files shares: cells, tables, problems.

A :class:`Reader` collects :class:`ValidationIssue` s; a :class:`Table` is one sheet read into
canonical column keys; :class:`Cell` converts one cell by its column type (data/schema.csv) and
reports what is wrong with it; :func:`records` converts a table's rows. The canonical workbook
(data.workbook), its 折扣/指定规则 sheets (data.terms_sheets), the 情景 sheet (data.scenarios)
and the importers all read through these.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from data.cell_values import is_blank
from data.money import has_scale, money_hint, money_problem, parse_money
from data.schema import (
    BOOL_VALUES,
    ENUMS,
    LEVEL_VALUES,
    Column,
    normalise,
    sheet_columns,
)
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
    confirm: str = ""
    """Key of the importer's guess that changes a price, a pool or a unit (需确认), which the
    user confirms (``--accept-guesses``, a layout file, the import dialog); '' for other issues."""

    def location(self, lang: str = "zh") -> str:
        """Where the problem is: 文件 x，工作表「y」，第 5 行，列「z」 / file x, sheet 'y', row 5, column 'z'."""
        sheet, column = localize(self.sheet, lang), localize(self.column, lang)
        if lang == "en":
            parts = [f"file {self.file}"]
            if sheet:
                parts.append(f"sheet '{sheet}'")
            if len(self.rows) > 1:
                parts.append(f"rows {row_ranges(self.rows, ', ')} ({len(self.rows)} rows)")
            elif self.row is not None:
                parts.append(f"row {self.row}")
            if column:
                parts.append(f"column '{column}'")
            return ", ".join(parts)
        parts = [f"文件 {self.file}"]
        if sheet:
            parts.append(f"工作表「{sheet}」")
        if len(self.rows) > 1:
            parts.append(f"第 {row_ranges(self.rows, '、')} 行（共 {len(self.rows)} 行）")
        elif self.row is not None:
            parts.append(f"第 {self.row} 行")
        if column:
            parts.append(f"列「{column}」")
        return "，".join(parts)

    def text(self, lang: str = "zh") -> str:
        """The whole issue as one line in lang ('zh' or 'en')."""
        message, hint = localize(self.message, lang), localize(self.hint, lang)
        if lang == "en":
            head = "Error" if self.severity == "error" else "To confirm" if self.confirm else "Note"
            value = f" (value: {localize(self.value, 'en')})" if self.value != "" else ""
            how = f" How to fix: {_sentence(hint)}" if hint else ""
            return f"[{head}] {self.location('en')}: {str(message).rstrip('.')}{value}.{how}"
        head = "错误" if self.severity == "error" else "需确认" if self.confirm else "提示"
        value = f"（值：{self.value}）" if self.value != "" else ""
        how = f" 修改方法：{hint}" if hint else ""
        return f"[{head}] {self.location()}：{message}{value}。{how}".replace("。。", "。")

    def msg(self) -> Msg:
        """The whole issue as one Msg (Chinese text carrying the English)."""
        return Msg(self.text("zh"), self.text("en"))


def row_ranges(rows: tuple[int, ...], sep: str) -> str:
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
            i.confirm,
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
# the one blank test (data.cell_values): a dash is text here, the importers pass dashes=True


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


TERMS_ENUM_ZH = {
    "discount_kind": "期限折扣、总额阶梯 或 资源折扣",
    "tier_mode": "全额 或 超出部分",
    "system_rule": "固定到、禁止、同平台、不同供应商 或 不上公有云",
}
TERMS_ENUM_EN = {
    "discount_kind": (
        "discount type",
        "term, volume or resource ('期限折扣', '总额阶梯' or '资源折扣' in Chinese)",
    ),
    "tier_mode": ("tier mode", "whole or above ('全额' or '超出部分' in Chinese)"),
    "system_rule": (
        "assignment rule",
        "pin, forbid, same_platform, different_vendor or no_public "
        "('固定到', '禁止', '同平台', '不同供应商' or '不上公有云' in Chinese)",
    ),
}
ENTER_FACTOR = Msg(
    "请填写 0–1 之间的价格乘数，例如 0.9、9折、85折 或 90%",
    "Enter a price multiplier between 0 and 1, e.g. 0.9, 9折 (= 0.9), 85折 (= 0.85) or 90%",
)
_ZHE = re.compile(r"^(\d+(?:\.\d+)?)折$")


def parse_factor(raw: Any) -> float | None:
    """0.9, '0.9', '90%', '9折', '8.5折', '85折' → the price multiplier in (0, 1]; None otherwise."""
    if isinstance(raw, str):
        s = normalise(raw)
        m = _ZHE.match(s)
        if m:
            digits = m.group(1)
            n = float(digits)
            # 9折 = 0.9, 85折 = 0.85, 8.5折 = 0.85, 10折 = no discount
            n = n / 10 if n <= 10 else n / 100
        elif s.endswith("%"):
            n = parse_number(s[:-1])
            n = None if n is None else n / 100
        else:
            n = parse_number(s)
    else:
        n = parse_number(raw)
    if n is None or not 0 < n <= 1:
        return None
    return float(n)


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
    **TERMS_ENUM_EN,
}
_ENUM_ZH.update(TERMS_ENUM_ZH)


class Cell:
    """Converts one cell by column type; collects problems into the reader."""

    def __init__(
        self,
        reader: Reader,
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
                self.error(Msg("无法识别的折扣", "Not a recognised discount"), ENTER_FACTOR)
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


class Reader:
    """Collects the problems found while reading one file (or several checked together)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[ValidationIssue] = []

    def issue(self, **kw: Any) -> None:
        file = kw.pop("file", "") or self.file
        self.issues.append(ValidationIssue(file, **kw))


def records(reader: Reader, table: Table, sheet_key: str) -> list[tuple[int, dict[str, Any]]]:
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
            values[col.key] = Cell(
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
