"""What a vendor's row prices: resource words matched as words, specs in any spelling, the extra
unit information real sheets carry (per hour, per 100 GB, English "per …"), the terms of
term columns (包月 | 包1年 | 包3年 | 按需), and the things sheets carry that Yunce does not model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from data.cell_values import Unit, clean_text, is_blank, parse_spec, parse_unit

HOURS_PER_MONTH = Decimal(730)
"""Hours in a billing month (8760 / 12), the convention cloud vendors use for hourly prices."""


@lru_cache(maxsize=1024)
def _word_pattern(word: str) -> re.Pattern[str] | None:
    """A Latin word as a whole word; None for other words (plain containment)."""
    if re.fullmatch(r"[a-z0-9 .\-]+", word):
        return re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")
    return None


def _has_word(text: str, word: str) -> bool:
    """word in text; a Latin word only as a whole word ("oss" is not in "超高IO SSD")."""
    pattern = _word_pattern(word)
    return word in text if pattern is None else pattern.search(text) is not None


def _any(text: str, words: tuple[str, ...]) -> bool:
    return any(_has_word(text, w) for w in words)


#: Things real sheets price that the model does not use: (Chinese name, English name, words).
UNMODELLED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("GPU", "GPU", ("gpu", "显卡", "vgpu", "图形加速", "ai加速")),
    (
        "数据库",
        "database",
        (
            "数据库",
            "rds",
            "mysql",
            "redis",
            "postgresql",
            "mongodb",
            "gaussdb",
            "达梦",
            "人大金仓",
            "sql server",
            "oracle",
            "polardb",
            "tdsql",
        ),
    ),
    (
        "安全产品",
        "security product",
        (
            "waf",
            "防火墙",
            "堡垒机",
            "态势感知",
            "漏洞扫描",
            "日志审计",
            "数据库审计",
            "ddos",
            "抗d",
            "主机安全",
            "ssl",
            "证书",
            "入侵检测",
            "ips",
            "ids",
        ),
    ),
    ("软件许可", "licence", ("许可", "授权", "license", "licence", "正版化")),
    ("流量", "traffic", ("流量", "traffic", "cdn")),
    (
        "IP 费",
        "IP fee",
        ("公网ip", "弹性ip", "ip地址", "ip费", "保有费", "ipv4", "ipv6", "eip保有"),
    ),
    ("附加费", "surcharge", ("附加费", "加价", "surcharge", "加收")),
    (
        "对象/文件存储或备份",
        "object/file storage or backup",
        (
            "对象存储",
            "文件存储",
            "备份",
            "归档",
            "oss",
            "obs",
            "nas",
            "cos",
            "object storage",
            "backup",
        ),
    ),
    ("负载均衡", "load balancer", ("负载均衡", "slb", "elb", "clb", "load balancer")),
)

_STORAGE = (
    "存储",
    "硬盘",
    "磁盘",
    "云盘",
    "本地盘",
    "块存储",
    "高效云盘",
    "高io",
    "sata",
    "sas",
    "ssd",
    "essd",
    "hdd",
    "nvme",
    "evs",
    "ebs",
    "storage",
    "disk",
    "volume",
)
_BANDWIDTH = ("带宽", "公网", "eip", "mbps", "bandwidth", "互联网出口", "bgp")
_RAM = ("内存", "ram", "memory", "mem")
_VCPU = ("vcpu", "vcpus", "cpu", "计算", "核", "vcore", "vcores")
_INSTANCE = ("云主机", "云服务器", "服务器", "虚拟机", "实例", "ecs", "cvm", "instance", "vm")


@lru_cache(maxsize=1 << 16)  # a pure function of its arguments; sheets repeat their items
def classify_item(text: str, unit: Unit, spec: tuple[float, float] | None) -> str | None:
    """The resource an item names, 'unmodelled:<n>' (index into UNMODELLED), or None (not known).

    '等保三级安全服务' → security_l3, '4C8G云主机' → instance, '超高IO SSD' → storage_gb,
    'GPU云服务器 8核32G' → unmodelled (never compute), '公网流量' → unmodelled (traffic).
    """
    t = clean_text(text).lower()
    if "等保" in t or "安全服务" in t or "安全套餐" in t or "安全防护" in t or "security" in t:
        m = re.search(r"([二三四234])级", t) or re.search(r"(?:l|level\s*)([234])", t)
        if m:
            return f"security_l{ {'二': 2, '三': 3, '四': 4}.get(m.group(1), m.group(1)) }"
    for n, (_zh, _en, words) in enumerate(UNMODELLED):
        if _any(t, words) and not (_zh == "IP 费" and "带宽" in t):
            return f"unmodelled:{n}"
    if "等保" in t or "安全服务" in t or "security" in t:
        return None  # a security service without a level
    if spec is not None:
        return "instance"
    if _any(t, _RAM):
        return "ram_gb"
    if _any(t, _STORAGE):
        return "storage_gb"
    if _any(t, _BANDWIDTH):
        return "bandwidth_mbps"
    if _any(t, _VCPU):
        return "vcpu"
    if _any(t, _INSTANCE):
        return "instance"
    if not t.strip():
        return {"vcpu": "vcpu", "mbps": "bandwidth_mbps", "instance": "instance"}.get(
            unit.per or ""
        )
    return None


_STAR_SPEC = re.compile(
    r"(\d+(?:\.\d+)?)\s*\*?\s*(?:c|核|vcpus?|vcores?|cores?|cpu|u)\s*(?:[/,;×x*+\-_·|]|\s)*\s*"
    r"(?:内存\s*)?(\d+(?:\.\d+)?)\s*(?:gib|gb|g)(?![a-z])",
    re.IGNORECASE,
)


def parse_spec_any(value: Any) -> tuple[float, float] | None:
    """A spec in any spelling: 4C8G, 4核8G, 4vCPU 8GiB, '8*core+64G+500G', 'ecs.g7.xlarge (4 vCPU 16 GiB)'."""
    return _spec_of_text(value) if type(value) is str else _spec_any(value)


@lru_cache(maxsize=1 << 16)  # a pure function of the text; every row's label asks for it
def _spec_of_text(text: str) -> tuple[float, float] | None:
    return _spec_any(text)


def _spec_any(value: Any) -> tuple[float, float] | None:
    spec = parse_spec(value)
    if spec is not None or is_blank(value, dashes=True) or not isinstance(value, str):
        return spec
    m = _STAR_SPEC.search(clean_text(value))
    if not m:
        return None
    vcpu, ram = float(Decimal(m.group(1))), float(Decimal(m.group(2)))
    return (vcpu, ram) if vcpu > 0 and ram > 0 else None


@dataclass(frozen=True, slots=True)
class PriceUnit:
    """A unit text as vendors write it, beyond :class:`Unit`: per hour, per 100 GB."""

    unit: Unit
    hourly: bool = False
    """元/小时, 元/核·时, per hour: × 730 for a month."""
    quantity: Decimal = Decimal(1)
    """100 for 元/100GB/月: the price is for this many units."""


_HOUR = re.compile(r"(小时|/时|时$|hour|/h$|/hr|/h/)")
_QTY = re.compile(r"/(\d+(?:\.\d+)?)(gb|g|gib|tb|t|mbps|m|核|vcpu|个|台)")


def _english(text: str) -> str:
    s = clean_text(text).lower()
    s = re.sub(r"\bcny\b|\brmb\b|人民币", "元", s)
    s = re.sub(r"\s*\bper[\s-]+", "/", s)
    s = re.sub(r"\bmonth(ly)?\b", "月", s)
    s = re.sub(r"\b(year|annual|yearly)\b", "年", s)
    return s.replace(" ", "")


def parse_price_unit(value: Any) -> PriceUnit:
    """'元/核·时' → per vCPU hourly; '元/100GB/月' → per GB, quantity 100; 'per 100GB' likewise."""
    if is_blank(value, dashes=True):
        return PriceUnit(Unit())
    return _price_unit(str(value))


@lru_cache(maxsize=1 << 16)  # PriceUnit is frozen: one parse per distinct text
def _price_unit(text: str) -> PriceUnit:
    s = _english(text).replace("·", "/").replace("*", "/")
    qty = Decimal(1)
    m = _QTY.search(s)
    if m:
        qty = Decimal(m.group(1))
        s = s[: m.start()] + "/" + m.group(2) + s[m.end() :]
    hourly = _HOUR.search(s) is not None
    unit = parse_unit(s)
    return PriceUnit(unit, hourly, qty)


#: Term columns: header words → (period, years the price covers, Chinese/English name).
_TERMS: tuple[tuple[tuple[str, ...], str, int], ...] = (
    (("按需", "按量", "按小时", "按时", "ondemand", "payg", "payasyougo", "hourly"), "hour", 1),
    (("包5年", "5年", "五年", "5year"), "year", 5),
    (("包3年", "包三年", "3年", "三年", "3year", "3yr"), "year", 3),
    (("包2年", "包两年", "2年", "两年", "2year"), "year", 2),
    (("包月", "按月", "月付", "monthly", "month"), "month", 1),
    (
        (
            "包1年",
            "包一年",
            "包年",
            "1年",
            "一年",
            "年付",
            "annual",
            "yearly",
            "1year",
            "1yr",
            "year",
        ),
        "year",
        1,
    ),
)


def parse_term(header: str) -> tuple[str, int] | None:
    """'包3年' → ('year', 3); '包月' → ('month', 1); '按需（元/小时）' → ('hour', 1); None otherwise."""
    from data.schema import normalise

    t = normalise(re.sub(r"[\(（].*?[\)）]", "", clean_text(header)))
    for words, period, years in _TERMS:
        if any(w in t for w in words):
            return period, years
    return None


def is_step(text: str) -> bool:
    """A bandwidth step ('1-5Mbps', '6Mbps及以上', '超出部分')."""
    t = clean_text(text).lower()
    return bool(re.search(r"\d+\s*(m|mbps)?\s*[-~～至到]\s*\d+|以上|以下|超出|超过|及以上|>|<", t))


_INLINE = re.compile(
    r"^\s*([¥￥]?\s*[+-]?\d[\d,，]*(?:\.\d+)?\s*万?)\s*(元|rmb|cny)?\s*([/／每][^(（]+|per [^(（]+)?"
    r"\s*(?:[(（](.*)[)）])?\s*$",
    re.IGNORECASE,
)


def price_cells(value: Any) -> list[tuple[str, PriceUnit | None, str]]:
    """The prices written in one cell with their units or remarks: '64 元/核/月' → [('64', per
    vCPU a month, '')]; '2900(含1000GB数据盘价格)' → [('2900', None, '含1000GB数据盘价格')];
    '0.3元/月/G, 3元/年/G' → two prices. [] for a plain number or a cell that is not a price."""
    if not isinstance(value, str):
        return []
    return list(_price_cells_of_text(value) if type(value) is str else _price_pieces(value))


@lru_cache(maxsize=1 << 16)  # pure; every price cell of every row asks for it (tuples: immutable)
def _price_cells_of_text(text: str) -> tuple[tuple[str, PriceUnit | None, str], ...]:
    return _price_pieces(text)


def _price_pieces(value: str) -> tuple[tuple[str, PriceUnit | None, str], ...]:
    text = clean_text(value)
    pieces = [p for p in re.split(r"\s*[,;；、]\s*(?=[¥￥]?\d)", text) if p.strip()]
    if len(pieces) > 1 and any("," in p for p in pieces[:1]) and re.fullmatch(r"[\d,.]+", text):
        pieces = [text]  # 1,234.00: a thousands separator
    out = []
    for piece in pieces:
        m = _INLINE.match(piece)
        if not m or not (m.group(2) or m.group(3) or m.group(4)):
            return ()
        unit = parse_price_unit("元" + m.group(3)) if m.group(3) else None
        out.append((m.group(1).replace("，", ","), unit, (m.group(4) or "").strip()))
    return tuple(out)


def split_price_cell(value: Any) -> tuple[Any, PriceUnit | None]:
    """A price cell with its unit in it: '¥190.00/月' → ('¥190.00', per month), '0.52元/小时' →
    ('0.52', hourly); any other value is returned as it is, with None."""
    found = price_cells(value)
    if len(found) != 1:
        return value, None
    return found[0][0], found[0][1]
