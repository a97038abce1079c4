"""Commercial terms in vendor quotes: tier and term-discount tables read, other notes reported.

A vendor quote often carries, beside its price table, a small table of discounts
("年度合同额 | 折扣" — 满 100 万 9 折, 满 300 万 85 折; or "合同年限 | 折扣") and free-text notes
("包3年7折", "首年免开通费"). Tables whose header row has a discount column and a threshold
(money) or term (years) column are read into planner.model.Discount rows; every other cell that
talks about discounts, tiers, minimums or setup fees is reported as "已识别，未用于规划" so the
user can type it into the 折扣 sheet. Nothing here guesses a number out of free text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from data.cells import parse_factor
from data.schema import normalise
from data.workbook import ValidationIssue, cell_text, is_blank, parse_number
from planner.model import Discount, DiscountKind, TierMode
from planner.text import Msg, bi

_FACTOR_HEAD = ("折扣", "折扣率", "优惠折扣", "折让", "discount")
_MONEY_HEAD = (
    "年度合同额",
    "合同额",
    "年消费额",
    "消费额",
    "采购额",
    "金额门槛",
    "门槛",
    "年度总额",
    "threshold",
)
_TERM_HEAD = ("合同年限", "签约年限", "年限", "合同期", "期限", "包年", "term")
_MODE_HEAD = ("计算方式", "适用方式", "阶梯方式", "方式")
_NOTE = re.compile(
    r"\d+(\.\d+)?\s*折|折扣|优惠|阶梯|满\s*\d|开通费|初装费|最低消费|保底|包\s*\d+\s*年"
)
_YEARS = re.compile(r"^(?:包|签)?(\d+(?:\.\d+)?)(?:年|年及以上|年以上)?$")


def _head_kind(text: str) -> str | None:
    n = normalise(text)
    if not n:
        return None
    if any(w in n for w in _MODE_HEAD):
        return "mode"
    if any(w in n for w in _TERM_HEAD):
        return "term"
    if any(w in n for w in _MONEY_HEAD):
        return "money"
    if any(w in n for w in _FACTOR_HEAD):
        return "factor"
    return None


def _money(value: Any) -> float | None:
    if isinstance(value, str):
        s = normalise(value)
        for w in ("满", "≥", ">=", "及以上", "以上", "起"):
            s = s.replace(w, "")
        return parse_number(s)
    return parse_number(value)


def _years(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    m = _YEARS.match(normalise(cell_text(value)))
    return float(m.group(1)) if m else None


def _mode(value: Any) -> TierMode:
    n = normalise(cell_text(value))
    return (
        TierMode.ABOVE if any(w in n for w in ("超出", "超额", "累进", "above")) else TierMode.WHOLE
    )


def scan_rows(
    rows: list[list[Any]], vendor: str, file: str, sheet: str = ""
) -> tuple[list[Discount], list[ValidationIssue]]:
    """Discount tables in rows (one sheet) and notes about terms not used in planning."""
    found: list[Discount] = []
    issues: list[ValidationIssue] = []
    used: set[int] = set()
    i = 0
    while i < len(rows):
        heads = {j: _head_kind(cell_text(v)) for j, v in enumerate(rows[i]) if not is_blank(v)}
        kinds = {k: j for j, k in heads.items() if k}
        if "factor" in kinds and ("money" in kinds or "term" in kinds):
            kind = DiscountKind.VOLUME if "money" in kinds else DiscountKind.TERM
            col = kinds["money"] if kind is DiscountKind.VOLUME else kinds["term"]
            start, read = i, 0
            i += 1
            while i < len(rows):
                r = rows[i]
                cell = r[col] if col < len(r) else None
                fcell = r[kinds["factor"]] if kinds["factor"] < len(r) else None
                if is_blank(cell) and is_blank(fcell):
                    break
                threshold = _money(cell) if kind is DiscountKind.VOLUME else _years(cell)
                factor = parse_factor(fcell)
                if threshold is None or factor is None:
                    break
                mode = (
                    _mode(r[kinds["mode"]])
                    if "mode" in kinds and kinds["mode"] < len(r)
                    else TierMode.WHOLE
                )
                found.append(Discount(vendor, kind, factor, threshold, mode))
                used.add(i)
                read += 1
                i += 1
            if read:
                used.add(start)
                issues.append(
                    ValidationIssue(
                        file,
                        sheet,
                        start + 1,
                        cell_text(rows[start][col]),
                        "",
                        severity="warning",
                        message=bi(
                            "已识别{k}表 {n} 行，已写入「折扣」表（推测，请确认）",
                            "Read {n} rows of a {ken} table into the 折扣 (discounts) sheet (a guess: please check)",
                            k="总额阶梯" if kind is DiscountKind.VOLUME else "期限折扣",
                            n=read,
                            ken="volume-tier" if kind is DiscountKind.VOLUME else "term-discount",
                        ),
                        hint=Msg(
                            "请在导入结果的「折扣」表中核对门槛、折扣与阶梯方式",
                            "Check the thresholds, discounts and tier mode on the imported discounts sheet",
                        ),
                    )
                )
            continue
        i += 1
    for r, row in enumerate(rows):
        if r in used:
            continue
        for j, v in enumerate(row):
            text = cell_text(v)
            if isinstance(v, str) and _NOTE.search(text):
                issues.append(
                    ValidationIssue(
                        file,
                        sheet,
                        r + 1,
                        _column(j),
                        text,
                        severity="warning",
                        message=Msg(
                            "已识别商务条款，未用于规划",
                            "Commercial terms recognised, not used in planning",
                        ),
                        hint=Msg(
                            "如需在规划中计入，请填入「折扣」表（期限折扣、总额阶梯、资源折扣）或报价表的最低消费/开通费列",
                            "To plan with them, type them into the 折扣 (discounts) sheet (term, volume or resource "
                            "discount) or the price sheet's 最低消费 (minimum) / 开通费 (setup fee) columns",
                        ),
                    )
                )
    return found, issues


def _column(j: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(j + 1)


def scan_quote(path: str | Path, vendor: str) -> tuple[list[Discount], list[ValidationIssue]]:
    """Discount tables and unused term notes of every sheet of a vendor's quote file."""
    from data.importers.grid import read_grids

    grids, _problems = read_grids(path)  # read problems are reported by the quote reader itself
    found: list[Discount] = []
    issues: list[ValidationIssue] = []
    for g in grids:
        d, n = scan_rows(g.rows, vendor, g.file, g.sheet)
        found += d
        issues += n
    return found, issues


__all__ = ["scan_quote", "scan_rows"]
