"""The canonical workbook schema (docs/DESIGN.md §2), loaded from ``schema.csv``.

The CSV is the single source of truth: the reader, the template writer, the error
messages and the README table all read it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Column:
    """One column of one sheet of the canonical workbook."""

    sheet: str
    """Sheet key: platforms, prices, workloads, policy."""
    key: str
    """English key (also accepted as header)."""
    zh: str
    """Chinese header."""
    aliases: tuple[str, ...]
    """Other accepted headers."""
    type: str
    """text, number, int, bool, share, percent, deployment, data_class, period, resource."""
    unit: str
    """Unit shown in brackets in the template header, e.g. 元."""
    required: bool
    """A value must be given."""
    default: str
    """Default when blank ('' = none)."""
    meaning_zh: str
    meaning_en: str
    example: str = ""
    """A realistic value, shown in hints ("例如 4800000 或 480万" for the budget, not "16")."""

    def header(self, lang: str = "zh") -> str:
        """Header as written by the template: 单价(元) / unit_price (元); 内存GB stays 内存GB (no doubled unit)."""
        name = self.zh if lang == "zh" else self.key
        unit = self.unit
        if not unit or normalise(name).endswith(normalise(unit)):
            return name
        return f"{name}({unit})" if lang == "zh" else f"{name} ({unit})"

    def display(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.key


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of the canonical workbook."""

    key: str
    zh: str
    aliases: tuple[str, ...]
    meaning_zh: str
    meaning_en: str = ""

    def display(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.key


SHEETS: dict[str, Sheet] = {
    "platforms": Sheet(
        "platforms",
        "平台",
        ("平台表", "资源池", "platform"),
        "每行一个供应商资源池",
        "one row per vendor resource pool",
    ),
    "prices": Sheet(
        "prices",
        "报价",
        ("价格", "报价表", "price", "pricing"),
        "每行一个计价资源",
        "one row per priced resource",
    ),
    "workloads": Sheet(
        "workloads",
        "业务系统",
        ("系统", "系统清单", "信息系统", "workload", "systems"),
        "每行一个信息系统",
        "one row per information system",
    ),
    "policy": Sheet(
        "policy",
        "约束",
        ("策略", "规则", "约束条件", "rules", "constraints"),
        "参数/值 两列",
        "two columns: parameter and value",
    ),
    "years": Sheet(
        "years",
        "年度计划",
        ("年度安排", "分年预算", "年度预算表", "years", "yearly plan"),
        "可选：每行一个计划年份（留空的值用「约束」表中的值）",
        "optional: one row per plan year (blank values take the policy sheet's)",
    ),
    "discounts": Sheet(
        "discounts",
        "折扣",
        ("折扣表", "优惠", "商务条款", "discount"),
        "每行一条期限折扣、总额阶梯或资源折扣（可选）",
        "one row per term discount, volume tier or resource discount (optional)",
    ),
    "system_rules": Sheet(
        "system_rules",
        "指定规则",
        ("指定", "系统规则", "部署规则", "assignment rules", "system rules"),
        "每行一条针对具体系统的规则（可选）",
        "one row per rule on named systems (optional)",
    ),
    "procurement": Sheet(
        "procurement",
        "采购标准",
        ("采购限额标准", "政府采购标准", "procurement standards", "procurement"),
        "可选：参数/值 两列，本省政府采购限额标准与本县采购设置（不影响方案，只决定采购方式）",
        "optional: two columns parameter/value, the province's procurement thresholds and the "
        "county's purchase settings (they decide methods, never the plan)",
    ),
}
#: Sheets a workbook may leave out (defaults / nothing apply; no years = a single-year plan).
OPTIONAL_SHEETS: tuple[str, ...] = ("policy", "years", "discounts", "system_rules", "procurement")
#: Sheets of two columns parameter/value.
KEY_VALUE_SHEETS: tuple[str, ...] = ("policy", "procurement")

# Accepted spellings of enumerated values (compared after normalise()).
BOOL_VALUES: dict[str, bool] = {
    **dict.fromkeys(["是", "yes", "y", "true", "t", "1", "√", "✓", "✔", "有", "需要", "须"], True),
    **dict.fromkeys(
        ["否", "no", "n", "false", "f", "0", "×", "✗", "✘", "无", "不需要", "不"], False
    ),
}
DEPLOYMENT_VALUES: dict[str, str] = {
    **dict.fromkeys(
        [
            "private",
            "私有云",
            "政务私有云",
            "专属云",
            "政务云",
            "政务外网",
            "私有",
            "政务专属云",
            "private cloud",
        ],
        "private",
    ),
    **dict.fromkeys(
        ["public", "公有云", "政务公有云", "公有", "互联网区", "public cloud"], "public"
    ),
}
DATA_CLASS_VALUES: dict[str, str] = {
    **dict.fromkeys(["core", "核心", "核心数据"], "core"),
    **dict.fromkeys(["important", "重要", "重要数据"], "important"),
    **dict.fromkeys(["general", "一般", "一般数据"], "general"),
    **dict.fromkeys(["public", "公开", "公开数据"], "public"),
}
PERIOD_VALUES: dict[str, str] = {
    **dict.fromkeys(["month", "monthly", "月", "包月", "元/月", "按月", "每月"], "month"),
    **dict.fromkeys(["year", "yearly", "annual", "年", "包年", "元/年", "按年", "每年"], "year"),
}
RESOURCE_VALUES: dict[str, str] = {
    **dict.fromkeys(["vcpu", "cpu", "核", "vcpu核", "计算"], "vcpu"),
    **dict.fromkeys(["ram_gb", "ram", "内存", "memory", "内存gb", "mem"], "ram_gb"),
    **dict.fromkeys(
        ["storage_gb", "storage", "存储", "磁盘", "云硬盘", "块存储", "存储gb", "disk"],
        "storage_gb",
    ),
    **dict.fromkeys(
        ["bandwidth_mbps", "bandwidth", "带宽", "互联网带宽", "带宽mbps", "公网带宽"],
        "bandwidth_mbps",
    ),
    **dict.fromkeys(
        [
            "security_l2",
            "等保二级安全服务",
            "等保2级安全服务",
            "二级等保安全服务",
            "等保二级",
            "security l2",
        ],
        "security_l2",
    ),
    **dict.fromkeys(
        [
            "security_l3",
            "等保三级安全服务",
            "等保3级安全服务",
            "三级等保安全服务",
            "等保三级",
            "security l3",
        ],
        "security_l3",
    ),
    **dict.fromkeys(
        [
            "security_l4",
            "等保四级安全服务",
            "等保4级安全服务",
            "四级等保安全服务",
            "等保四级",
            "security l4",
        ],
        "security_l4",
    ),
    **dict.fromkeys(
        ["instance", "云主机实例", "云主机", "实例", "规格", "云服务器", "虚拟机", "ecs", "vm"],
        "instance",
    ),
}
DISCOUNT_KIND_VALUES: dict[str, str] = {
    **dict.fromkeys(["term", "期限折扣", "期限", "包年折扣", "合同期折扣", "年限折扣"], "term"),
    **dict.fromkeys(
        ["volume", "总额阶梯", "阶梯", "总额折扣", "金额阶梯", "合同额阶梯", "年度总额"], "volume"
    ),
    **dict.fromkeys(["resource", "资源折扣", "单项折扣", "资源"], "resource"),
}
TIER_MODE_VALUES: dict[str, str] = {
    **dict.fromkeys(["whole", "全额", "全部", "整体", "全部金额"], "whole"),
    **dict.fromkeys(["above", "超出部分", "超额部分", "超出", "累进"], "above"),
}
SYSTEM_RULE_VALUES: dict[str, str] = {
    **dict.fromkeys(["pin", "固定到", "固定", "指定平台", "锁定"], "pin"),
    **dict.fromkeys(["forbid", "禁止", "禁用", "不得使用"], "forbid"),
    **dict.fromkeys(["same_platform", "同平台", "同一平台"], "same_platform"),
    **dict.fromkeys(["different_vendor", "不同供应商", "异厂商", "不同厂商"], "different_vendor"),
    **dict.fromkeys(["no_public", "不上公有云", "禁止公有云", "不用公有云"], "no_public"),
}
LEVEL_VALUES: dict[str, int] = {
    "一级": 1,
    "二级": 2,
    "三级": 3,
    "四级": 4,
    "第一级": 1,
    "第二级": 2,
    "第三级": 3,
    "第四级": 4,
    "1级": 1,
    "2级": 2,
    "3级": 3,
    "4级": 4,
}

ENUMS: dict[str, dict[str, str]] = {
    "deployment": DEPLOYMENT_VALUES,
    "data_class": DATA_CLASS_VALUES,
    "period": PERIOD_VALUES,
    "resource": RESOURCE_VALUES,
    "discount_kind": DISCOUNT_KIND_VALUES,
    "tier_mode": TIER_MODE_VALUES,
    "system_rule": SYSTEM_RULE_VALUES,
}
#: Values offered in the template's drop-downs, per enumerated type.
ENUM_CHOICES: dict[str, list[str]] = {
    "bool": ["是", "否"],
    "deployment": ["私有云", "公有云"],
    "data_class": ["核心", "重要", "一般", "公开"],
    "period": ["月", "年"],
    "resource": [
        "vCPU",
        "内存",
        "存储",
        "带宽",
        "等保二级安全服务",
        "等保三级安全服务",
        "等保四级安全服务",
        "云主机实例",
    ],
    "discount_kind": ["期限折扣", "总额阶梯", "资源折扣"],
    "tier_mode": ["全额", "超出部分"],
    "system_rule": ["固定到", "禁止", "同平台", "不同供应商", "不上公有云"],
}

_BRACKETS = re.compile(r"[\(（\[【](.*?)[\)）\]】]")


def normalise(text: object) -> str:
    """Header/value text for matching: lower case, no spaces or full-width variants."""
    s = str(text).strip().lower()
    s = s.translate(_FULLWIDTH)
    return re.sub(r"\s+", "", s)


_FULLWIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
)


def split_header(header: object) -> tuple[str, str]:
    """'单价(万元)' → ('单价', '万元'); the bracketed unit is returned separately."""
    raw = str(header).strip()
    units = _BRACKETS.findall(raw)
    name = _BRACKETS.sub("", raw)
    return normalise(name), normalise(units[0]) if units else ""


@cache
def columns() -> tuple[Column, ...]:
    """Every column of every sheet, from schema.csv."""
    text = resources.files("data").joinpath("schema.csv").read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        out.append(
            Column(
                sheet=row["sheet"],
                key=row["key"],
                zh=row["zh"],
                aliases=tuple(a for a in row["aliases"].split("|") if a),
                type=row["type"],
                unit=row["unit"],
                required=row["required"] == "yes",
                default=row["default"],
                meaning_zh=row["meaning_zh"],
                meaning_en=row["meaning_en"],
                example=row.get("example") or "",
            )
        )
    return tuple(out)


def sheet_columns(sheet: str) -> tuple[Column, ...]:
    return tuple(c for c in columns() if c.sheet == sheet)


def column(sheet: str, key: str) -> Column:
    for c in sheet_columns(sheet):
        if c.key == key:
            return c
    raise KeyError(f"{sheet}.{key}")


def match_column(sheet: str, header: object) -> Column | None:
    """The schema column a header names (key, Chinese name or alias; units ignored)."""
    name, _unit = split_header(header)
    if not name:
        return None
    for c in sheet_columns(sheet):
        names = {normalise(c.key), normalise(c.zh), *(normalise(a) for a in c.aliases)}
        names |= {split_header(c.zh)[0]}
        if name in names:
            return c
    from data.synonyms import canonical_words  # the one synonym table, shared with the importers

    for c in sheet_columns(sheet):
        if name in canonical_words(sheet, c.key):
            return c
    return None


def match_sheet(name: str) -> str | None:
    """The sheet key a sheet name stands for."""
    n = normalise(name)
    for s in SHEETS.values():
        if n in {normalise(s.key), normalise(s.zh), *(normalise(a) for a in s.aliases)}:
            return s.key
    return None
