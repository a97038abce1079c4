"""Understanding cell values as vendors and bureaus type them (shared by every reader).

Blank cells: one :func:`is_blank` for every reader, with the one place where readers differ
made explicit by its ``dashes`` argument. In a vendor's own table a lone "-", "—" or "/" is
the vendor's way of writing "nothing here" (in a price cell: not offered), so the importers
pass ``dashes=True``. In the canonical workbook a county fills in, a dash is text the county
typed; the canonical reader passes nothing and reports it where a number is expected, with the
hint to leave the cell empty.

Money (``¥1,234.00``, ``１２.５万``, ``3.2万元``, and through :func:`data.money.parse_money` ``1.2亿``,
``四百八十万``), percentages, yes/no marks (是/否/√/×),
MLPS levels (三级, 第三级, 等保3级), instance specs (4C8G, 4核8G, 4vCPU 8GiB) and the unit text
of a price (元/核/月, 万元/套/年). Numbers are parsed through ``Decimal`` so ``4.2万`` is exactly
42000, never 42000.00000000001.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from data.money import has_scale, parse_money
from data.schema import BOOL_VALUES, LEVEL_VALUES, normalise

_FULLWIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
)
#: Punctuation that is not full-width ASCII but means the same.
_PUNCT = str.maketrans({"，": ",", "－": "-", "／": "/", "％": "%", "＊": "*"})


def clean_text(value: Any) -> str:
    """A cell as text: full-width digits/letters/punctuation to ASCII, no surrounding space."""
    if is_blank(value, dashes=True):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _clean(value) if type(value) is str else _clean(str(value))


@lru_cache(maxsize=1 << 16)  # readers ask for the same cell's text many times
def _clean(text: str) -> str:
    return text.translate(_FULLWIDTH).translate(_PUNCT).strip()


DASHES = frozenset({"-", "—", "–", "－", "/", "--", "——", "／"})
"""What vendors write in a cell for "nothing here" (a price cell: not offered)."""


def is_blank(value: Any, *, dashes: bool = False) -> bool:
    """None, NaN, '' and whitespace-only text are blank (0 is not); with dashes, also a lone
    dash or slash (vendor tables: "-" = not offered)."""
    if value is None:
        return True
    kind = type(value)  # the common cell types first: this runs for every cell, many times
    if kind is str or isinstance(value, str):
        text = value.strip()
        return text == "" or (dashes and text in DASHES)
    if kind is float or isinstance(value, float):
        return math.isnan(value)
    return False


def to_decimal(value: float | int | str) -> Decimal:
    """Exact decimal of a number: floats through their shortest repr (4.2 → Decimal('4.2'))."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


MAX_AMOUNT = Decimal("1e15")
"""Largest amount read as a number (a quadrillion 元); beyond it a cell is an input error."""

_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_CURRENCY = ("¥", "￥", "rmb", "cny", "人民币", "元")


@dataclass(frozen=True, slots=True)
class Amount:
    """A parsed number with what its text said about it."""

    value: Decimal
    """The number, already multiplied by 万 when written (12.5万 → 125000)."""
    percent: bool = False
    """Written with a % sign (value is then the fraction: 40% → 0.4)."""
    wan: bool = False
    """Written with 万 (so the header unit must not multiply again)."""


def parse_amount(value: Any) -> Amount | None:
    """'¥1,234.00', '１２.５万', '3.2万元', '40%', 12 → Amount; None when not a number.

    Booleans are not numbers. A comma is a thousands separator only in the 1,234,567 shape, so
    '1,5' is rejected rather than read as 15.
    """
    kind = type(value)
    if kind is float and value:  # a number cell: one parse per distinct value (not ±0.0, equal)
        return _amount_of_float(value)
    if kind is str:
        return None if is_blank(value, dashes=True) else _amount_of_text(value)
    if isinstance(value, bool) or is_blank(value, dashes=True):
        return None
    if isinstance(value, int | float):
        return _amount_of_number(value)
    return _amount_of_text.__wrapped__(value)


def _amount_of_number(value: float | int) -> Amount | None:
    if not math.isfinite(float(value)) or abs(float(value)) > MAX_AMOUNT:
        return None
    return Amount(to_decimal(value))


@lru_cache(maxsize=1 << 16)  # Amount is frozen; sheets repeat their prices
def _amount_of_float(value: float) -> Amount | None:
    return _amount_of_number(value)


@lru_cache(maxsize=1 << 16)  # Amount is frozen: one parse per distinct text
def _amount_of_text(value: Any) -> Amount | None:
    s = clean_text(value).lower().replace(" ", "")
    for mark in _CURRENCY:
        s = s.replace(mark, "")
    percent = wan = False
    if s.endswith("%"):
        s, percent = s[:-1], True
    if s.endswith("万"):
        s, wan = s[:-1], True
    if "," in s:
        if not _THOUSANDS.match(s):
            return None
        s = s.replace(",", "")
    if not _NUM.match(s):
        money = None if percent else parse_money(value)  # 1.2亿, 四百八十万, 伍佰万元整
        return Amount(to_decimal(money), wan=has_scale(value)) if money is not None else None
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    if not d.is_finite() or not math.isfinite(float(d)) or abs(d) > MAX_AMOUNT:
        return None  # 1e309, inf, nan: not a price anyone quotes (readers name the cell)
    if wan:
        d *= 10_000
    if percent:
        d /= 100
    return Amount(d, percent, wan)


def parse_number(value: Any) -> float | None:
    """A number as float (12.5万 → 125000.0, 40% → 0.4); None when not a number."""
    a = parse_amount(value)
    return float(a.value) if a is not None else None


def parse_bool(value: Any) -> bool | None:
    """是/否, √/×, yes/no, 1/0, Y/N, 有/无 → bool; None when blank or not recognised."""
    if isinstance(value, bool):
        return value
    if is_blank(value, dashes=True):
        return None
    key = normalise(clean_text(value))
    if key in BOOL_VALUES:
        return BOOL_VALUES[key]
    extra = {
        "是的": True,
        "需": True,
        "要": True,
        "ok": True,
        "不是": False,
        "非": False,
        "不要": False,
    }
    return extra.get(key)


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_LEVEL = re.compile(
    r"^(?:等保|等级保护|mlps|安全等级|l|level)?(?:第)?([一二三四五1-5])(?:级)?(?:等保)?$"
)


def parse_level(value: Any) -> int | None:
    """MLPS level: 3, '三级', '第三级', '等保三级', '等保3级', 'L3' → 3; None when not a level."""
    if is_blank(value, dashes=True) or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else None
    key = normalise(clean_text(value))
    if key in LEVEL_VALUES:
        return LEVEL_VALUES[key]
    m = _LEVEL.match(key)
    return _CN_DIGITS[m.group(1)] if m else None


_SPEC = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:c|核|vcpus?|vcores?|cores?|cpu|u)\s*(?:[/,;×x*+\-_·|]|\s)*\s*"
    r"(?:内存\s*)?(\d+(?:\.\d+)?)\s*(?:gib|gb|g)(?![a-z])",
    re.IGNORECASE,
)


def parse_spec(value: Any) -> tuple[float, float] | None:
    """Instance spec text → (vCPU, RAM GB): '4C8G', '4核8G', '4vCPU 8GiB', '8核16GB', '4核/8GB'.

    GiB is taken as GB (quote sheets use both for the same thing). None when there is no spec.
    """
    if is_blank(value, dashes=True) or not isinstance(value, str):
        return None
    m = _SPEC.search(clean_text(value))
    if not m:
        return None
    vcpu, ram = float(Decimal(m.group(1))), float(Decimal(m.group(2)))
    if vcpu <= 0 or ram <= 0:
        return None
    return vcpu, ram


# --- units -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Unit:
    """What a unit text says about a price: money scale, billing period, what one unit is."""

    scale: Decimal = Decimal(1)
    """10000 for 万元, 1 for 元 (or unknown)."""
    period: str | None = None
    """'month' or 'year' when stated."""
    per: str | None = None
    """'vcpu', 'gb', 'tb', 'mbps', 'system' (套/个/系统/次), 'instance' (台) when stated."""
    found: bool = False
    """True when anything at all was recognised."""


_PER = (
    ("vcpu", ("核", "vcpu", "cpu", "vcore")),
    ("tb", ("tb",)),
    ("gb", ("gb", "g", "gib")),
    ("mbps", ("mbps", "mb", "m", "兆")),
    ("instance", ("台", "实例", "instance")),
    ("system", ("套", "个", "系统", "次", "项", "system", "set")),
)
_MONTH = ("包月", "按月", "每月", "/月", "月", "month", "monthly", "/mo")
_YEAR = ("包年", "按年", "每年", "/年", "年", "year", "yearly", "annual", "/yr", "/a")


def parse_unit(value: Any) -> Unit:
    """'元/核/月', '万元/年', '元/GB·月', '包年', '(元/Mbps/月)' → Unit (fields None when not said)."""
    if is_blank(value, dashes=True):
        return Unit()
    s = normalise(clean_text(value)).replace("·", "/").replace("每", "/").replace("*", "/")
    scale = Decimal(10_000) if "万元" in s or s.startswith("万") else Decimal(1)
    found = scale != 1 or "元" in s
    period = None
    if any(m in s for m in _MONTH):
        period, found = "month", True
    elif any(m in s for m in _YEAR):
        period, found = "year", True
    per = None
    parts = [p for p in re.split(r"[/\\]", s.replace("万元", "").replace("元", "")) if p]
    for part in parts:
        part = part.replace("包月", "").replace("包年", "")
        for name, words in _PER:
            if part in words or any(part == f"{w}月" or part == f"{w}年" for w in words):
                per = name
                break
        if per:
            break
    return Unit(scale, period, per, found or per is not None)


def parse_period(value: Any) -> str | None:
    """'包月', '月', '元/月', 'monthly' → 'month'; '包年', '年' → 'year'; None otherwise."""
    return parse_unit(value).period


def parse_quantity_gb(value: Any, unit: str = "") -> float | None:
    """Storage with its unit: '2TB' → 2048, '500G' → 500, 3 with unit 'TB' → 3072 (1 TB = 1024 GB)."""
    if is_blank(value, dashes=True):
        return None
    text = clean_text(value).lower().replace(" ", "") if isinstance(value, str) else ""
    u = normalise(unit)
    for suffix in ("tib", "tb", "t", "gib", "gb", "g"):
        if text.endswith(suffix):
            text, u = text[: -len(suffix)], suffix
            break
    a = parse_amount(text if isinstance(value, str) else value)
    if a is None:
        return None
    factor = 1024 if u in ("tb", "t", "tib") else 1
    return float(a.value * factor)
