"""Money as bureaus type it: 4800000, 4,830,000元, ¥4,830,000, 480万元, 1.2亿, 四百八十万, 伍佰万元整.

Qt-free and shared by the workbook reader (the 约束 sheet's 年度预算) and the importers' value
parsing. Only spellings with one possible reading are accepted; a range (400–500万), an
approximation (约480万), a per-month amount (40万/月), another currency ($) or a colloquial
short form (一万五, which some read as 15,000 and others as 10,005) gets a clear message from
:func:`money_problem` instead of a guess. Parsing goes through ``Decimal``, so 1.2亿 is
exactly 120,000,000.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from planner.text import Msg, bi

_FULLWIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
)
_PUNCT = str.maketrans({"，": ",", "－": "-", "／": "/", "％": "%", "～": "~", "．": "."})

#: Currency marks that may stand before or after the amount (longest first).
_PREFIXES = ("人民币", "rmb", "cny", "¥", "￥")
_SUFFIXES = ("元整", "圆整", "元", "圆", "rmb", "cny", "整")
#: A multiplier written after an Arabic number: 483万, 1.2亿, 4.8百万.
_SCALES = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "亿": 10**8}

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([e][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_SCALED = re.compile(r"^([+-]?[\d,]*\.?\d+)(万亿|千万|百万|十万|万|亿)$")

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_CHARS = set(_CN_DIGITS) | set(_CN_SMALL) | set(_CN_BIG) | {"点"}

_EXAMPLE = Msg(
    "例如 4800000、480万、4,800,000元 或 四百八十万",
    "e.g. 4800000, '480万' (4.8 million) or '4,800,000元'",
)


class _Ambiguous(ValueError):
    """The text is not one unambiguous amount; args[0] is the Msg saying why."""


def _clean(text: str) -> str:
    s = text.translate(_FULLWIDTH).translate(_PUNCT).strip().lower()
    s = re.sub(r"\s+", "", s)
    for p in _PREFIXES:
        if s.startswith(p):
            s = s[len(p) :]
            break
    for suffix in _SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    return s


def _plain(s: str) -> Decimal | None:
    """'4830000', '4,830,000.00', '-12.5' → Decimal; None when not that shape."""
    if "," in s:
        if not _THOUSANDS.match(s):
            raise _Ambiguous(
                Msg(
                    "逗号位置不对，无法确定是千位分隔还是小数点",
                    "The commas are not thousands separators (1,234,567), so the amount is unclear",
                )
            )
        s = s.replace(",", "")
    if not _PLAIN.match(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _chinese(s: str) -> Decimal:
    """四百八十万 → 4800000, 一亿二千万 → 120000000, 一点二亿 → 120000000, 伍佰万 → 5000000."""
    if "点" in s:  # 一点二亿: digits after 点 are read one by one
        whole, _, rest = s.partition("点")
        frac = ""
        while rest and rest[0] in _CN_DIGITS:
            frac += str(_CN_DIGITS[rest[0]])
            rest = rest[1:]
        if not frac or rest not in ("", *_CN_BIG, *(a + b for a in _CN_SMALL for b in _CN_BIG)):
            raise _Ambiguous(Msg("中文小数写法无法识别", "The Chinese decimal is not clear"))
        scale = Decimal(1)
        for ch in rest:
            scale *= _CN_SMALL.get(ch, 1) * _CN_BIG.get(ch, 1)
        return (
            (_chinese(whole) + Decimal("0." + frac)) * scale
            if whole
            else Decimal("0." + frac) * scale
        )
    if not any(ch in _CN_DIGITS or ch in "十拾" for ch in s):
        raise _Ambiguous(Msg("只有单位，没有数字", "There is a unit but no number"))
    total, section, number = 0, 0, 0
    previous = ""
    for ch in s:
        if ch in _CN_DIGITS:
            if previous in _CN_DIGITS and previous not in "零〇":
                raise _Ambiguous(
                    Msg(
                        "中文数字缺少单位（如“四八”），无法确定金额",
                        "Chinese digits without their units (such as 四八) do not give one amount",
                    )
                )
            number = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            if number == 0 and previous not in _CN_DIGITS:
                number = 1  # 十万 = 100,000
            section += number * _CN_SMALL[ch]
            number = 0
        elif ch in _CN_BIG:
            if _CN_BIG[ch] == 10**8:
                total = (total + section + number) * 10**8
            else:
                total += (section + number) * 10**4
            section = number = 0
        previous = ch
    if number and previous in _CN_DIGITS and len(s) > 1:
        unit_before = s[-2]
        if (
            unit_before in _CN_SMALL and unit_before not in "十拾"
        ) or unit_before in _CN_BIG:  # 十六 is 16
            raise _Ambiguous(
                Msg(
                    "口语简写（如“一万五”“四百八”）有歧义",
                    "A spoken short form (such as 一万五 or 四百八) is ambiguous",
                )
            )
    return Decimal(total + section + number)


def _parse(value: Any) -> Decimal:
    """The amount, or raises _Ambiguous with the reason; ValueError('') when not money at all."""
    if isinstance(value, bool):
        raise _Ambiguous(Msg("是/否不是金额", "A yes/no value is not an amount"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Ambiguous(Msg("不是有限的数", "Not a finite number"))
        return Decimal(repr(value))
    raw = str(value)
    s = _clean(raw)
    if not s:
        raise _Ambiguous(Msg("没有金额", "There is no amount"))
    if not re.search(r"\d", s) and not any(ch in _CN_DIGITS or ch in "十拾" for ch in s):
        raise _Ambiguous(Msg("不是数字", "Not a number"))
    if any(m in s for m in ("~", "至", "到", "—", "–")) or re.search(r"\d-\d|[万亿千百十]-", s):
        raise _Ambiguous(Msg("这是一个范围，不是确定的金额", "This is a range, not one amount"))
    if any(
        m in s
        for m in (
            "约",
            "大约",
            "左右",
            "上下",
            "多",
            "余",
            "以上",
            "以内",
            "以下",
            "不超过",
            "不少于",
            "?",
            "？",
        )
    ):
        raise _Ambiguous(
            Msg("这是一个约数，不是确定的金额", "This is an approximate figure, not one amount")
        )
    if any(m in s for m in ("/", "每", "月", "年", "季")):
        raise _Ambiguous(
            Msg(
                "金额带有计费周期（如“/月”），无法确定年度金额",
                "The amount carries a period (such as per month), so the annual amount is unclear",
            )
        )
    if any(
        m in raw.lower()
        for m in ("$", "usd", "美元", "€", "eur", "欧元", "港币", "港元", "hkd", "£", "日元")
    ):
        raise _Ambiguous(Msg("不是人民币金额", "Not an amount in yuan (RMB)"))
    if "%" in s:
        raise _Ambiguous(Msg("这是百分比，不是金额", "This is a percentage, not an amount"))
    plain = _plain(s)
    if plain is not None:
        return plain
    m = _SCALED.match(s)
    if m:
        number = _plain(m.group(1))
        if number is not None:
            return number * _SCALES[m.group(2)]
    if s and all(ch in _CN_CHARS for ch in s):
        return _chinese(s)
    raise _Ambiguous(Msg("不是数字，也不是可识别的金额", "Not a number, nor a recognisable amount"))


def parse_money(text: Any) -> float | None:
    """The amount in 元 of a money cell; None when blank, not money, or ambiguous.

    4800000, '4,830,000元', '¥4,830,000', '483万', '480万元', '1.2亿', '四百八十万',
    '伍佰万元整' are accepted; :func:`money_problem` says why anything else was refused.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        return float(_parse(text))
    except _Ambiguous:
        return None


def money_problem(text: Any) -> Msg | None:
    """Why text is not one unambiguous amount, e.g. 这是一个范围，不是确定的金额 (None when parse_money accepts it)."""
    try:
        _parse(text)
    except _Ambiguous as exc:
        return exc.args[0]  # type: ignore[no-any-return]
    return None


def money_hint(example: str = "", wan_header: bool = False) -> Msg:
    """How to write an amount, with a realistic example (the column's own when given).

    wan_header: the column header says 万元, so only the bare number in 万 is offered.
    """
    if wan_header:
        return bi(
            "表头单位为万元，请填写以万元计的数，例如 {ex}",
            "The unit in the header is '万元' (10,000 yuan): enter the amount "
            "in units of 10,000 yuan, e.g. {ex}",
            ex=example or "480",
        )
    if example:
        return bi(
            "请填写确定的金额（元），例如 {ex}；也可写 480万、4,800,000元 或 四百八十万",
            "Enter one amount in yuan, e.g. {ex}; '480万' (4.8 million) and '4,800,000元' work too",
            ex=example,
        )
    return bi("请填写确定的金额（元），{ex}", "Enter one amount in yuan, {ex}", ex=_EXAMPLE)


def has_scale(text: Any) -> bool:
    """The text itself says 万/亿 (so a 万元 header unit must not multiply it again)."""
    return isinstance(text, str) and any(ch in text for ch in "万萬亿億")


__all__ = ["has_scale", "money_hint", "money_problem", "parse_money"]
