"""Vendor quote sheets (报价单) → normalised price lines.

Two layouts are understood, in any sheet of a workbook or a CSV:

* **long**: one row per priced item — an item/resource column (资源类型/产品名称/计费项 …),
  optionally a spec column (4C8G), a price column (单价/报价 …) and the unit either in the
  price header (单价(元/核/月)), in a unit column (元/核/月, 万元/套/年) or a period column
  (包月/包年);
* **wide**: one row per resource pool, one price column per resource (vCPU(元/核/月),
  内存(元/GB/月), 等保三级(万元/年) …).

The pool comes from a pool column, a section title row ("二、鲲鹏资源池"), or the sheet name.
A row whose pool says 全部/通用 (or is blank on a security-service row) applies to every pool
of that vendor in the file. Platform attributes found on the sheet (部署方式, 信创, 等保级别,
容量) are collected for the platforms table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from data.importers.grid import Grid, read_grids
from data.importers.items import (
    HOURS_PER_MONTH,
    UNMODELLED,
    PriceUnit,
    classify_item,
    is_step,
    parse_price_unit,
    parse_spec_any,
    parse_term,
    split_price_cell,
)
from data.importers.mapping import MappingStore
from data.importers.table import IGNORE, ColumnMap, FieldDef, FoundTable, find_tables, header_parts
from data.importers.values import (
    Unit,
    clean_text,
    is_blank,
    parse_amount,
    parse_bool,
    parse_level,
    parse_unit,
)
from data.schema import DEPLOYMENT_VALUES, match_sheet, normalise
from data.synonyms import QUOTE_HEADER_WORDS, words_of
from data.workbook import ValidationIssue
from planner.labels import DEPLOYMENT_LABELS, RESOURCE_LABELS
from planner.model import instance_spec_label
from planner.text import Msg, bi, join, pair

#: Header vocabulary of quote sheets, most specific first (the shared table in data/synonyms.py).
QUOTE_FIELDS: tuple[FieldDef, ...] = tuple(
    FieldDef(IGNORE if key == "ignore" else key, words, Msg(zh, en))
    for key, words, zh, en in QUOTE_HEADER_WORDS
)

#: Vendors that sell government cloud; a title or file name naming one suggests the vendor.
KNOWN_VENDORS = (
    "天翼云",
    "移动云",
    "联通云",
    "华为云",
    "阿里云",
    "腾讯云",
    "浪潮云",
    "曙光云",
    "紫光云",
    "太极",
    "电信",
    "移动",
    "联通",
    "华为",
    "阿里",
    "腾讯",
    "浪潮",
    "曙光",
    "紫光",
)
_VENDOR_CANON = {
    "电信": "天翼云",
    "移动": "移动云",
    "联通": "联通云",
    "华为": "华为云",
    "阿里": "阿里云",
    "腾讯": "腾讯云",
    "浪潮": "浪潮云",
    "曙光": "曙光云",
    "紫光": "紫光云",
}
_ALL_POOLS = {
    "全部",
    "通用",
    "所有",
    "所有资源池",
    "全部资源池",
    "各资源池",
    "全部平台",
    "各平台",
    "通用服务",
    "all",
    "*",
}
_GENERIC_SHEETS = re.compile(
    r"^(sheet\d*|报价|报价单|报价表|价格|价格表|明细|报价明细|价格明细|清单|prices?|quote|sheet|价格总览|总览|价目表|"
    r"资费|资费表|汇总|对比|比价|comparison|云主机|云服务器|弹性云服务器|ecs|实例|instances?|资源单价|单价|"
    r"云主机规格|规格)$"
)


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """One normalised price line read from a vendor sheet."""

    vendor: str
    platform: str
    resource: str
    """vcpu, ram_gb, storage_gb, bandwidth_mbps, security_l2/3/4 or instance."""
    unit_price: float
    """元 per unit (per instance / per system) per period."""
    period: str
    """month or year."""
    vcpu: float | None = None
    """Instance lines: vCPU of one instance."""
    ram_gb: float | None = None
    """Instance lines: RAM GB of one instance."""
    file: str = ""
    sheet: str = ""
    source_row: int = 0
    """Excel/CSV row it came from (1-based)."""
    item: str = field(default="", compare=False)
    """Item text as written (to tell storage tiers apart); not part of the line's identity."""
    label: str = field(default="", compare=False)
    """The price column it came from when a row has several (包月, 包3年, 华北, Linux)."""
    step: bool = field(default=False, compare=False)
    """A bandwidth step price (1-5Mbps, 6Mbps及以上)."""

    @property
    def annual_price(self) -> float:
        """元 per unit per year (per instance for instance lines)."""
        return float(Decimal(repr(self.unit_price)) * (12 if self.period == "month" else 1))

    def as_json(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "platform": self.platform,
            "resource": self.resource,
            "unit_price": self.unit_price,
            "period": self.period,
            "vcpu": self.vcpu,
            "ram_gb": self.ram_gb,
            "annual_price": self.annual_price,
            "source_row": self.source_row,
        }


@dataclass
class PlatformFacts:
    """Attributes of one pool as stated on a sheet (None = not stated there)."""

    vendor: str
    platform: str
    deployment: str | None = None
    xinchuang: bool | None = None
    mlps_level: int | None = None
    capacity_vcpu: float | None = None
    availability: float | None = None
    capacity_stated: bool = False
    """True when a capacity cell was present (blank there means unlimited)."""
    source: str = ""
    """Where the facts were read: '<file> 第 <row> 行' (a Msg carrying 'row <row>' in English)."""
    file: str = ""
    """The file the facts were read from."""


@dataclass
class QuoteSheet:
    """Everything read from one quote file."""

    file: str
    lines: list[QuoteLine] = field(default_factory=list)
    platforms: dict[tuple[str, str], PlatformFacts] = field(default_factory=dict)
    issues: list[ValidationIssue] = field(default_factory=list)
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)
    """vendor → {header as found: field} detected in this file (for the mapping file)."""
    vendors: list[str] = field(default_factory=list)
    pool_origin: dict[tuple[str, str], str] = field(default_factory=dict)
    missing: list[ValidationIssue] = field(default_factory=list)
    """The warnings (also in issues) that a compute pool lacks a storage/bandwidth/security
    price; ``yunce import`` replaces them with the ones its systems actually need."""
    """(vendor, pool) → where the pool name came from: column, section, sheet or given."""


def sheet_names_pool(sheet: str) -> bool:
    """A sheet name that can be a pool: not generic (Sheet1, 报价, 价格总览 …), not a document
    title (…报价/价格/清单…), not a vendor's name."""
    n = normalise(sheet)
    if not n or _GENERIC_SHEETS.match(n) or guess_vendor(sheet):
        return False
    return not any(
        w in n
        for w in ("报价", "价格", "价目", "清单", "明细", "总览", "单价", "资费", "price", "quote")
    )


def guess_vendor(*texts: str) -> str | None:
    """A known vendor named in a title, sheet or file name."""
    for text in texts:
        t = clean_text(text)
        for v in KNOWN_VENDORS:
            if v in t:
                return _VENDOR_CANON.get(v, v)
    return None


def resource_of_item(text: str, unit: Unit, spec: tuple[float, float] | None) -> str | None:
    """Canonical resource an item text names ('等保三级安全服务' → security_l3, '4C8G云主机' → instance);
    None when it is not one the model prices (see :func:`data.importers.items.classify_item`)."""
    r = classify_item(text, unit, spec)
    return None if r is None or r.startswith("unmodelled:") else r


def _storage_rank(text: str) -> int:
    t = normalise(text)
    return 1 if any(w in t for w in ("ssd", "高性能", "超高", "极速", "essd", "nvme")) else 0


#: Display names of the platform attributes a quote sheet may state, and how to fill each in.
_FACT_NAMES: dict[str, tuple[str, str]] = {
    "deployment": ("部署方式", "deployment type"),
    "xinchuang": ("信创", "信创 (domestic stack) value"),
    "mlps_level": ("等保级别", "MLPS level"),
    "capacity_vcpu": ("容量", "capacity"),
    "availability": ("可用性", "availability"),
}
_FACT_HINTS: dict[str, tuple[str, str]] = {
    "deployment": ("请填写 私有云 或 公有云", "Enter 'private' or 'public'"),
    "xinchuang": ("请填写 是 或 否", "Enter 'yes' or 'no'"),
    "mlps_level": ("请填写 1–4 或 二级/三级/四级", "Enter a level from 1 to 4"),
}
_COL_VENDOR = Msg("供应商", "vendor")
_COL_POOL = Msg("资源池", "pool")


def _fact_value(value: Any) -> Msg:
    """A platform attribute as read, for messages: as before in Chinese, readable in English."""
    if isinstance(value, bool):
        en = "yes" if value else "no"
    elif value in DEPLOYMENT_LABELS:
        en = DEPLOYMENT_LABELS[value][1]
    else:
        en = str(value)
    return Msg(str(value), en)


def _resource_name(resource: str) -> Msg:
    """A resource key for messages: the key itself in Chinese (as before), its name in English."""
    return Msg(resource, RESOURCE_LABELS.get(resource, (resource, resource))[1])


class _SheetReader:
    def __init__(
        self,
        out: QuoteSheet,
        grid: Grid,
        table: FoundTable,
        vendor_arg: str | None,
        file_vendor: str | None,
    ):
        self.out, self.grid, self.t = out, grid, table
        self.vendor_arg, self.file_vendor = vendor_arg, file_vendor
        self.multi_sheet = False
        self.platform_arg: str | None = None
        self.price_cols: list[tuple[ColumnMap, str, str | None, tuple[str, int] | None]] = []
        self.hourly_said: set[tuple[int, str]] = set()
        self.sheet_said = False

    def issue(
        self,
        row: int | None,
        column: str,
        value: Any,
        message: Msg,
        hint: Msg,
        severity: str = "error",
    ) -> None:
        self.out.issues.append(
            ValidationIssue(
                self.grid.file,
                self.grid.sheet,
                row,
                column,
                clean_text(value)[:80],
                message,
                hint,
                severity,
            )
        )

    def cell(self, cells: list[Any], col: ColumnMap | None) -> Any:
        return cells[col.index] if col is not None and col.index < len(cells) else None

    def vendor_of(self, row: int, cells: list[Any]) -> str | None:
        if self.vendor_arg:
            return self.vendor_arg
        v = self.cell(cells, self.t.column("vendor"))
        if not is_blank(v):
            return clean_text(v)
        return self.file_vendor

    def platform_of(self, cells: list[Any], section: str) -> tuple[str | None, str]:
        """The pool of a row and where its name came from: a pool column, a section title
        above the rows, the pool given for the file (--platform / the dialog), or the sheet name."""
        v = self.cell(cells, self.t.column("platform"))
        if not is_blank(v):
            return clean_text(v), "column"
        if section:
            return section, "section"
        if self.platform_arg:
            return self.platform_arg, "given"
        if self.t.column("platform") is None and sheet_names_pool(self.grid.sheet):
            if not self.sheet_said:
                self.sheet_said = True
                self.issue(
                    None,
                    _COL_POOL,
                    self.grid.sheet,
                    bi(
                        "表中没有资源池列，按工作表名称把资源池视为「{s}」",
                        "The table has no pool column; the "
                        "pool is taken from the sheet name: '{s}'",
                        s=clean_text(self.grid.sheet),
                    ),
                    Msg(
                        "如不对，请在导入时填写资源池，或在表中加「资源池」列",
                        "If this is wrong, give the pool when importing or add a pool column",
                    ),
                    "warning",
                )
            return clean_text(self.grid.sheet), "sheet"
        return None, ""

    def price(
        self, row: int, raw: Any, col: ColumnMap, unit: Unit, label: str | Msg
    ) -> Decimal | None:
        """Price in 元 per stated unit; reports and returns None when it is not a price."""
        if is_blank(raw):
            self.issue(
                row,
                col.header,
                raw,
                bi(
                    "{label}没有单价，该行未读取",
                    "'{label}' has no unit price; the row was not read",
                    label=label,
                ),
                Msg(
                    "请填写单价；不提供该资源可删去这一行",
                    "Fill in the unit price, or delete the row if this resource is not offered",
                ),
                "warning",
            )
            return None
        a = parse_amount(raw)
        if a is None or a.percent:
            self.issue(
                row,
                col.header,
                raw,
                Msg("单价不是数字", "The unit price is not a number"),
                Msg(
                    "请填写数字，例如 52 或 ¥1,234.00 或 3.5万",
                    "Enter a number, e.g. 52, ¥1,234.00 or '3.5万' (35,000)",
                ),
            )
            return None
        if a.value < 0:
            self.issue(
                row,
                col.header,
                raw,
                Msg("单价不能为负数", "The unit price cannot be negative"),
                Msg("请填写 0 或正数", "Enter 0 or a positive number"),
            )
            return None
        value = a.value if a.wan else a.value * unit.scale
        if unit.per == "tb":
            value = value / 1024
        return value

    def add_facts(self, row: int, vendor: str, platform: str, cells: list[Any]) -> None:
        key = (vendor, platform)
        facts = self.out.platforms.setdefault(
            key,
            PlatformFacts(
                vendor,
                platform,
                file=self.grid.file,
                source=bi("{f} 第 {r} 行", "{f} row {r}", f=self.grid.file, r=row),
            ),
        )
        for fkey in ("deployment", "xinchuang", "mlps_level", "capacity_vcpu", "availability"):
            col = self.t.column(fkey)
            if col is None:
                continue
            raw = self.cell(cells, col)
            if fkey == "capacity_vcpu":
                facts.capacity_stated = True
            if is_blank(raw):
                continue
            value: Any
            if fkey == "deployment":
                value = DEPLOYMENT_VALUES.get(normalise(clean_text(raw)))
            elif fkey == "xinchuang":
                value = parse_bool(raw)
            elif fkey == "mlps_level":
                value = parse_level(raw)
            else:
                a = parse_amount(raw)
                value = (
                    None
                    if a is None
                    else float(a.value * (100 if fkey == "availability" and a.percent else 1))
                )
                if fkey == "availability" and value is not None and 0 < value <= 1:
                    value *= 100
            if value is None:
                self.issue(
                    row,
                    col.header,
                    raw,
                    bi("无法识别的{what}", "Unrecognised {what}", what=pair(_FACT_NAMES, fkey)),
                    Msg(*_FACT_HINTS.get(fkey, ("请填写数字", "Enter a number"))),
                )
                continue
            old = getattr(facts, fkey)
            if old is not None and old != value:
                self.issue(
                    row,
                    col.header,
                    raw,
                    bi(
                        "同一资源池前后不一致（前面为 {old}）",
                        "Differs from an earlier row of the same pool (earlier: {old})",
                        old=_fact_value(old),
                    ),
                    Msg(
                        "请统一该资源池的平台属性",
                        "Give this pool the same platform attributes on every row",
                    ),
                )
                continue
            setattr(facts, fkey, value)

    def read(self) -> None:
        t = self.t
        wide_cols = [c for c in t.columns if c.field and c.field.startswith("res:")]
        self._plan_price_columns()
        long_mode = bool(self.price_cols)
        if long_mode:  # in an instance table "vCPU"/"内存" are the spec, not prices
            for c in wide_cols:
                if (
                    c.field in ("res:vcpu", "res:ram_gb")
                    and t.column(
                        c.field.replace("res:vcpu", "spec_vcpu").replace("res:ram_gb", "spec_ram")
                    )
                    is None
                ):
                    c.field = "spec_vcpu" if c.field == "res:vcpu" else "spec_ram"
                else:
                    c.field = "item" if t.column("item") is None else IGNORE
        if (
            not long_mode
        ):  # a price matrix names a money unit over its resource columns (vCPU(元/核/月))
            for c in wide_cols:
                if not c.unit.found:
                    c.field = IGNORE
        for c in t.columns:
            if c.field is None:
                self.issue(
                    t.excel_header_row,
                    c.header,
                    "",
                    Msg("无法识别的列，已忽略", "Unrecognised column, ignored"),
                    Msg(
                        "如该列有用，请改列名（如 单价、资源池、规格），或在映射文件中指定",
                        "If the column is needed, rename it (e.g. 'price', 'pool', 'spec') or "
                        "set its meaning in the mapping file",
                    ),
                    "warning",
                )
        vendors = {self.vendor_arg} if self.vendor_arg else set()
        for row, cells, section in t.records:
            vendor = self.vendor_of(row, cells)
            if not vendor:
                self.issue(
                    row,
                    _COL_VENDOR,
                    "",
                    NO_VENDOR,
                    Msg(
                        "请在导入时填写供应商，或在表中加「供应商」列",
                        "Give the vendor when importing, or add a vendor column (headed 'vendor' "
                        "or '供应商') to the table",
                    ),
                )
                if (
                    self.platform_of(cells, section)[0] is None
                    and self.t.column("platform") is None
                ):
                    self.issue(
                        row,
                        _COL_POOL,
                        "",
                        NO_POOL,
                        Msg(
                            "请在导入时填写资源池，或在表中加「资源池」列",
                            "Give the pool when importing, "
                            "or add a pool column (headed 'pool' or '资源池')",
                        ),
                    )
                continue
            vendors.add(vendor)
            platform, origin = self.platform_of(cells, section)
            lines = self._wide(row, cells) if not long_mode else self._long(row, cells)
            if lines is None:
                continue
            for resource, value, period, spec, text, pool, label, step in lines:
                pl = pool or platform
                if pl is None or normalise(pl) in _ALL_POOLS:
                    if resource.startswith("security_"):
                        pl = "*"  # a security package for every pool of this vendor
                    elif pl is None:
                        self.issue(
                            row,
                            _COL_POOL,
                            "",
                            NO_POOL,
                            Msg(
                                "请在导入时填写资源池，或在表中加「资源池」列，或在该组数据上方加一行资源池名称，"
                                "或把工作表命名为资源池名称",
                                "Give the pool when importing, add a pool "
                                "column (headed 'pool' or '资源池'), put a row with the pool name above "
                                "these rows, or name the sheet after the pool",
                            ),
                        )
                        break
                    else:
                        pl = "*"
                if pl != "*":
                    self.add_facts(row, vendor, pl, cells)
                    self.out.pool_origin.setdefault((vendor, pl), "column" if pool else origin)
                line = QuoteLine(
                    vendor,
                    pl,
                    resource,
                    float(value),
                    period,
                    spec[0] if spec else None,
                    spec[1] if spec else None,
                    self.grid.file,
                    self.grid.sheet,
                    row,
                    text,
                    label,
                    step,
                )
                self.out.lines.append(line)
        for v in vendors:
            self.out.mappings.setdefault(v, {}).update({c.header: c.field or "" for c in t.columns})

    def _plan_price_columns(self) -> None:
        """Which columns hold prices, and what each says: a term (包月/包3年/按需), an operating
        system (Linux/Windows) or a pool (华北 under 单价); a matrix is melted into one line per column."""
        t = self.t
        out: list[tuple[ColumnMap, str, str | None, tuple[str, int] | None]] = []
        for c in t.columns:  # remembered mappings may hold the reader's own marks
            if c.field == "alt_price":
                c.field = "unit_price"
            elif c.field == "melt":
                c.field = None
        prices = t.columns_of("unit_price")
        has_key = t.column("item") is not None or t.column("spec") is not None
        for c in t.columns:
            if c.field == "term":
                out.append((c, _head_name(c), None, parse_term(c.sub or c.top or c.header)))
            elif c.field == "variant":
                out.append((c, _head_name(c), None, None))
            elif c.field == "unit_price":
                sub = c.sub if c.sub and c.sub != c.top else ""
                if len(prices) > 1 and sub:
                    term = parse_term(sub)
                    os_ = any(w in normalise(sub) for w in words_of("variant"))
                    out.append((c, sub, None if term or os_ else sub, term))
                else:
                    out.append((c, c.header if len(prices) > 1 else "", None, None))
            elif c.field is None and has_key and _money(c):
                name = _head_name(c)
                term = parse_term(name)
                c.field = "melt"
                out.append((c, name, None if term else name, term))
        self.price_cols = out
        melted = [label for _c, label, _p, _t in out if label]
        if len(out) > 1:
            self.issue(
                t.excel_header_row,
                "",
                "、".join(melted),
                bi(
                    "有多个价格列（{cols}），每列读作一条报价；同一资源或规格按折合每年最便宜的计，其余在下方逐条列出",
                    "Several price columns ({cols}): each is read as a price line; for each "
                    "resource or spec the cheapest a year is used and the others are listed below",
                    cols=Msg("、".join(melted), ", ".join(f"'{m}'" for m in melted)),
                ),
                Msg(
                    "如只应读取某一列，请删去其他价格列",
                    "If only one column should be read, delete the others",
                ),
                "warning",
            )

    def _period(self, row: int, cells: list[Any], unit: Unit, col: ColumnMap) -> str:
        if unit.period:
            return unit.period
        pcol = self.t.column("period")
        p = parse_unit(self.cell(cells, pcol)).period if pcol else None
        if p:
            return p
        self.issue(
            row,
            col.header,
            "",
            Msg(
                "未注明计费周期，按年计（推测）",
                "No billing period stated; taken as per year (a guess)",
            ),
            Msg(
                "请在单价列标题或单位列注明 元/月 或 元/年",
                "State the period in the price header or in a unit column, e.g. '元/月' or "
                "'元/年' ('per month' / 'per year')",
            ),
            "warning",
        )
        return "year"

    def _row_unit(self, cells: list[Any], col: ColumnMap, inline: PriceUnit | None = None) -> Unit:
        ucol = self.t.column("unit")
        row_unit = parse_price_unit(self.cell(cells, ucol)).unit if ucol else Unit()
        if inline is not None:  # "¥190.00/月" in the price cell itself wins
            u = inline.unit
            row_unit = Unit(
                u.scale if u.scale != Decimal(1) else row_unit.scale,
                u.period or row_unit.period,
                u.per or row_unit.per,
                True,
            )
        h = col.unit
        return Unit(
            row_unit.scale if row_unit.scale != Decimal(1) else h.scale,
            row_unit.period or h.period,
            row_unit.per or h.per,
            row_unit.found or h.found,
        )

    def _convert(
        self,
        row: int,
        cells: list[Any],
        col: ColumnMap,
        value: Decimal,
        unit: Unit,
        term: tuple[str, int] | None,
        inline: PriceUnit | None = None,
    ) -> tuple[Decimal, str]:
        """Per hour → per month (× 730), per 100 GB → per GB, 包3年 → per year; returns (value, period)."""
        ucol = self.t.column("unit")
        row_pu = parse_price_unit(self.cell(cells, ucol)) if ucol else parse_price_unit(None)
        if inline is not None:
            row_pu = PriceUnit(
                row_pu.unit,
                inline.hourly or row_pu.hourly,
                inline.quantity if inline.quantity != 1 else row_pu.quantity,
            )
            if inline.unit.period and not inline.hourly:
                term = None  # the cell says its own period ("¥190.00/月" under 包年包月)
        head_pu = parse_price_unit(header_parts(col.header)[1] or col.header)
        qty = row_pu.quantity if row_pu.quantity != 1 else head_pu.quantity
        value = value / qty
        hourly = (term is not None and term[0] == "hour") or row_pu.hourly or head_pu.hourly
        if hourly:
            key = (col.index, clean_text(self.cell(cells, ucol)) if ucol else "")
            if inline is not None:
                key = (col.index, "inline")
            if key not in self.hourly_said:
                self.hourly_said.add(key)
                self.issue(
                    row,
                    col.header,
                    clean_text(self.cell(cells, ucol)) if ucol else col.header,
                    Msg(
                        "按小时计价，已按每月 730 小时折算为月价（×730）",
                        "Priced per hour; converted to a monthly price at 730 hours a month (×730)",
                    ),
                    Msg(
                        "如供应商另有包月价，请一并填写",
                        "If the vendor also has a monthly price, give it too",
                    ),
                    "warning",
                )
            return value * HOURS_PER_MONTH, "month"
        if term is not None and term[0] in ("month", "year"):
            return value / term[1], term[0]
        return value, self._period(row, cells, unit, col)

    def _long(self, row: int, cells: list[Any]) -> list[_Line] | None:
        t = self.t
        item_cols = t.columns_of("item")
        spec_cols = t.columns_of("spec")
        item = " ".join(x for x in (clean_text(self.cell(cells, c)) for c in item_cols) if x)
        spec_text = " ".join(x for x in (clean_text(self.cell(cells, c)) for c in spec_cols) if x)
        spec = parse_spec_any(spec_text) or parse_spec_any(item)
        sv, sr = self.cell(cells, t.column("spec_vcpu")), self.cell(cells, t.column("spec_ram"))
        if spec is None and not is_blank(sv) and not is_blank(sr):
            a, b = (
                parse_amount(_leading_number(sv)),
                parse_amount(_leading_number(sr)),
            )  # "2核", "4GB", "4 GiB"
            if spec is None and a is not None and b is not None and a.value > 0 and b.value > 0:
                spec = (float(a.value), float(b.value))
        first = self.price_cols[0][0]
        unit = self._row_unit(cells, first)
        item_col = item_cols[0] if item_cols else None
        resource = classify_item(item or spec_text, unit, spec)
        shown = item or spec_text
        if resource is not None and resource.startswith("unmodelled:"):
            zh, en, _w = UNMODELLED[int(resource.split(":")[1])]
            self.issue(
                row,
                item_col.header if item_col else first.header,
                shown,
                bi(
                    "「{item}」是{kind}，已识别，不用于规划（Yunce 只计 vCPU、内存、块存储、带宽、等保安全服务和云主机实例）",
                    "'{item}' is {kind_en}: recognised, not used in planning (Yunce counts vCPU, "
                    "RAM, block storage, bandwidth, MLPS security packages and cloud instances)",
                    item=shown,
                    kind=zh,
                    kind_en=en,
                ),
                Msg(
                    "无需处理；如需比较这类费用，请另行计算",
                    "Nothing to do; compare such fees separately",
                ),
                "warning",
            )
            return None
        if resource is None:
            self.issue(
                row,
                item_col.header if item_col else first.header,
                shown,
                Msg(
                    "未识别的计费项，该行未读取（Yunce 只计 vCPU、内存、块存储、带宽、等保安全服务和云主机实例）",
                    "Unrecognised billing item; the row was not read (Yunce only counts vCPU, RAM, "
                    "block storage, bandwidth, MLPS security packages and cloud instances)",
                ),
                Msg(
                    "如这是上述资源之一，请把名称改为 vCPU/内存/存储/带宽/等保三级安全服务，或填写规格如 4C8G",
                    "If it is one of these, rename it to vCPU, RAM, storage, bandwidth or "
                    "security_l3 (the MLPS level-3 package), or give a spec such as 4C8G",
                ),
                "warning",
            )
            return None
        if resource == "instance" and spec is None:
            self.issue(
                row,
                spec_cols[0].header if spec_cols else (item_col.header if item_col else ""),
                item,
                Msg("云主机实例没有可识别的规格", "The cloud instance has no recognisable spec"),
                Msg(
                    "请填写规格，如 4C8G、4核8G、4vCPU 8GiB",
                    "Give a spec such as 4C8G or 4vCPU 8GiB",
                ),
            )
            return None
        step = resource == "bandwidth_mbps" and is_step(
            " ".join(clean_text(v) for v in cells if not is_blank(v))
        )
        out: list[_Line] = []
        several = len(self.price_cols) > 1
        for col, label, pool, term in self.price_cols:
            raw, inline = split_price_cell(self.cell(cells, col))
            if several and (is_blank(raw) or (a := parse_amount(raw)) is None or a.percent):
                what = label or col.header
                if is_blank(raw):
                    msg = bi(
                        "「{c}」未报价（空白），该格未读取",
                        "'{c}' is not offered (blank); the cell was not read",
                        c=what,
                    )
                else:
                    msg = bi(
                        "「{c}」为「{v}」，不是价格，该格未读取",
                        "'{c}' says '{v}', not a price; the cell was not read",
                        c=what,
                        v=clean_text(raw),
                    )
                self.issue(
                    row,
                    col.header,
                    raw,
                    msg,
                    Msg("如有价格请填写数字", "Enter a number if there is a price"),
                    "warning",
                )
                continue
            unit = self._row_unit(cells, col, inline)
            value = self.price(row, raw, col, unit, item or _resource_name(resource))
            if value is None:
                continue
            value, period = self._convert(row, cells, col, value, unit, term, inline)
            out.append(
                (
                    resource,
                    value,
                    period,
                    spec if resource == "instance" else None,
                    item + spec_text,
                    pool,
                    label,
                    step,
                )
            )
        return out or None

    def _wide(self, row: int, cells: list[Any]) -> list[_Line] | None:
        out: list[_Line] = []
        for col in self.t.columns:
            if not col.field or not col.field.startswith("res:"):
                continue
            raw = self.cell(cells, col)
            resource = col.field[4:]
            if is_blank(raw):
                self.issue(
                    row,
                    col.header,
                    raw,
                    bi(
                        "{r} 未报价（空白），该格未读取",
                        "{r} is not offered (blank); the cell was not read",
                        r=pair(RESOURCE_LABELS, resource),
                    ),
                    Msg("如有价格请填写数字", "Enter a number if there is a price"),
                    "warning",
                )
                continue
            unit = self._row_unit(cells, col)
            value = self.price(row, raw, col, unit, _resource_name(resource))
            if value is None:
                continue
            value, period = self._convert(row, cells, col, value, unit, None)
            out.append((resource, value, period, None, col.header, None, "", False))
        if not out:
            self.issue(
                row,
                "",
                "",
                Msg(
                    "该行没有任何单价，未读取", "The row has no unit price at all and was not read"
                ),
                Msg("请检查是否漏填", "Check whether a price was left out"),
                "warning",
            )
            return None
        return out


_Line = tuple[str, Decimal, str, "tuple[float, float] | None", str, "str | None", str, bool]
"""(resource, unit price, period, spec, item text, pool from a matrix column, column label, step)."""


def _leading_number(value: Any) -> Any:
    """'2核' → '2', '4 GiB' → '4'; other values unchanged."""
    if isinstance(value, str):
        m = re.match(
            r"^\s*(\d+(?:\.\d+)?)\s*(核|vcpus?|c|u|gib|gb|g)?\s*$", clean_text(value), re.IGNORECASE
        )
        if m:
            return m.group(1)
    return value


def _head_name(c: ColumnMap) -> str:
    """A price column's own name without its bracketed unit ('华北（元/月）' → '华北')."""
    import re as _re

    text = c.sub if c.sub and c.sub != c.top else c.header
    return _re.sub(r"[\(（\[【].*?[\)）\]】]", "", text).strip() or text


def _money(c: ColumnMap) -> bool:
    """The header states a money unit (元, 万元, CNY, per month …)."""
    t = normalise(c.header)
    return (
        c.unit.scale != 1
        or c.unit.period is not None
        or any(w in t for w in ("元", "cny", "rmb", "¥", "￥"))
    )


QUOTE_MIN_FIELDS = 2


NO_VENDOR = Msg("无法确定供应商", "Cannot tell which vendor this is")
NO_POOL = Msg("无法确定资源池（平台）", "Cannot tell the resource pool (platform)")


def needs_names(q: QuoteSheet) -> list[str]:
    """What the file does not say and the importer must be told: 'vendor' and/or 'pool'."""
    said = {str(i.message) for i in q.issues if i.severity == "error"}
    return [k for k, m in (("vendor", NO_VENDOR), ("pool", NO_POOL)) if str(m) in said]


def is_quote_table(table: FoundTable) -> bool:
    """A price column, or resource columns with a money unit (a price matrix)."""
    if any(table.column(k) is not None for k in ("unit_price", "term", "variant")):
        return True
    if (table.column("item") or table.column("spec")) and any(
        c.field in (None, "melt") and _money(c) for c in table.columns
    ):
        return True  # a matrix of prices per pool ("华北（元/月）" | "华东（元/月）")
    return any(c.field and c.field.startswith("res:") and c.unit.found for c in table.columns)


def read_quote(
    path: str | Path,
    vendor: str | None = None,
    mappings: MappingStore | None = None,
    overrides: dict[str, str] | None = None,
    _memory_of: str | None = None,
    platform: str | None = None,
) -> QuoteSheet:
    """Read one vendor file (every sheet that holds a quote table) into normalised lines.

    The remembered mapping of the vendor (given, or guessed from the file name) is applied;
    when the vendor is only learnt from a 供应商 column, the file is read a second time with
    that vendor's remembered mapping. platform names the pool of rows whose pool the file does
    not say (no pool column, no section title above them).
    """
    path = Path(path)
    out = QuoteSheet(path.name)
    grids, issues = read_grids(path)
    out.issues.extend(issues)
    if not grids:
        return out
    from data.rfq import is_rfq, read_rfq

    sheets = {g.sheet: g.rows for g in grids}
    if is_rfq(sheets):  # a 询价单 Yunce wrote: read by position, nothing to guess
        return read_rfq(path.name, sheets, vendor)  # type: ignore[no-any-return]
    file_vendor = vendor or guess_vendor(path.stem)
    memory: dict[str, str] = {}
    if mappings is not None:
        memory.update(mappings.columns(_memory_of or vendor or file_vendor or ""))
    memory.update({normalise(k): v for k, v in (overrides or {}).items()})
    tables = []
    for grid in grids:
        if match_sheet(grid.sheet) in ("platforms", "workloads", "policy") or grid.sheet in (
            "说明",
            "校验报告",
            "Validation report",
            "instructions",
        ):
            continue  # the other sheets of a canonical workbook are not quotes
        found = [
            t
            for t in find_tables(grid, QUOTE_FIELDS, memory, min_fields=QUOTE_MIN_FIELDS)
            if is_quote_table(t)
        ]
        if not found:
            if any(any(not is_blank(v) for v in r) for r in grid.rows):
                out.issues.append(
                    ValidationIssue(
                        path.name,
                        grid.sheet,
                        None,
                        "",
                        "",
                        severity="warning",
                        message=Msg(
                            "未找到报价表（没有可识别的表头，如 资源类型/单价），该工作表已跳过",
                            "No quote table found (no recognisable header such as resource "
                            "type / unit price); the sheet was skipped",
                        ),
                        hint=Msg(
                            "如该表有报价，请确认表头含 计费项/资源类型 与 单价 等列名",
                            "If the sheet holds prices, check that its header has columns such "
                            "as 'item' or 'resource' and 'price'",
                        ),
                    )
                )
            continue
        tables.extend((grid, table) for table in found)
    if not tables and not any(i.severity == "error" for i in out.issues):
        out.issues.append(
            ValidationIssue(
                path.name,
                message=Msg("文件中没有找到报价表", "No quote table found in the file"),
                hint=Msg(
                    "表头应含 计费项/资源类型、单价 等列，或每种资源一列单价",
                    "The header should have columns such as item/resource and "
                    "price, or one price column per resource",
                ),
            )
        )
    vendor_said: set[tuple[str, str]] = set()
    for grid, table in tables:
        out.issues.extend(table.issues)
        sheet_vendor = file_vendor or (
            None if table.column("vendor") else guess_vendor(table.title, grid.sheet)
        )
        guessed_from = None
        if sheet_vendor and not vendor:
            if sheet_vendor != file_vendor:
                guessed_from = Msg("标题", "the title")
            elif table.column("vendor") is None:
                guessed_from = Msg("文件名", "the file name")
        if guessed_from and (grid.sheet, sheet_vendor) not in vendor_said:
            vendor_said.add((grid.sheet, sheet_vendor))  # once per sheet, not once per table
            out.issues.append(
                ValidationIssue(
                    path.name,
                    grid.sheet,
                    None,
                    "",
                    sheet_vendor,
                    severity="warning",
                    message=bi(
                        "根据{g}推测供应商为「{v}」",
                        "Vendor guessed from {g}: '{v}'",
                        g=guessed_from,
                        v=sheet_vendor,
                    ),
                    hint=Msg(
                        "如不对，请在导入时填写供应商",
                        "If this is wrong, give the vendor when importing",
                    ),
                )
            )
        reader = _SheetReader(out, grid, table, vendor, sheet_vendor)
        reader.multi_sheet = len({g.sheet for g, _t in tables}) > 1
        reader.platform_arg = platform
        reader.read()
    out.lines = _expand_all_pools(out)
    out.lines = _dedupe(out)
    out.lines = _apply_resource_sections(out)
    _warn_missing(out)
    out.issues.extend(out.missing)
    out.vendors = list(dict.fromkeys(line.vendor for line in out.lines))
    if not out.lines and tables:
        skipped = sorted({i.row for i in out.issues if i.row is not None})
        out.issues.append(
            ValidationIssue(
                path.name,
                message=bi(
                    "文件中没有读到任何报价行（{n} 行未读取，原因见各条提示）",
                    "No price line was read from the file ({n} rows not read; the notes give the reasons)",
                    n=len(skipped),
                ),
                hint=Msg(
                    "请按各条提示修改后再导入；只有 vCPU、内存、存储、带宽、等保安全服务和云主机实例的价格会被读取",
                    "Fix what the notes say and import again; only prices of vCPU, RAM, storage, "
                    "bandwidth, MLPS security packages and cloud instances are read",
                ),
            )
        )
    if (
        mappings is not None
        and _memory_of is None
        and not file_vendor
        and len(out.vendors) == 1
        and mappings.columns(out.vendors[0])
    ):
        return read_quote(
            path, vendor, mappings, overrides, _memory_of=out.vendors[0], platform=platform
        )
    return out


def _expand_all_pools(out: QuoteSheet) -> list[QuoteLine]:
    pools: dict[str, list[str]] = {}
    for line in out.lines:
        if line.platform != "*":
            pools.setdefault(line.vendor, [])
            if line.platform not in pools[line.vendor]:
                pools[line.vendor].append(line.platform)
    result = []
    for line in out.lines:
        if line.platform != "*":
            result.append(line)
            continue
        targets = pools.get(line.vendor, [])
        if not targets:
            out.issues.append(
                ValidationIssue(
                    line.file,
                    line.sheet,
                    line.source_row,
                    _COL_POOL,
                    Msg("全部", "all"),
                    message=Msg(
                        "适用于全部资源池，但文件中没有任何资源池",
                        "Applies to all pools, but the file names no pool",
                    ),
                    hint=Msg("请注明资源池名称", "Give the pool name"),
                )
            )
            continue
        specific = {(x.vendor, x.platform, x.resource) for x in out.lines if x.platform != "*"}
        for p in targets:
            if (
                line.vendor,
                p,
                line.resource,
            ) not in specific:  # a pool's own price wins over the general one
                from dataclasses import replace

                result.append(replace(line, platform=p))
    return result


def _dedupe(out: QuoteSheet) -> list[QuoteLine]:
    """One line per vendor, pool, resource and spec: the standard storage tier, the dearer
    bandwidth step, otherwise the cheapest a year (the first on a tie); every other line is
    reported once against the line used."""
    groups: dict[tuple[Any, ...], list[QuoteLine]] = {}
    for line in out.lines:
        groups.setdefault(
            (line.vendor, line.platform, line.resource, line.vcpu, line.ram_gb), []
        ).append(line)
    kept: list[QuoteLine] = []
    for lines in groups.values():
        if len(lines) == 1:
            kept.append(lines[0])
            continue
        tiers = {_storage_rank(x.item) for x in lines} if lines[0].resource == "storage_gb" else {0}
        steps = all(x.step for x in lines)

        def rank(x: QuoteLine, tiers: set[int] = tiers, steps: bool = steps) -> tuple[Any, ...]:
            tier = _storage_rank(x.item) if len(tiers) > 1 else 0
            return (tier, -x.annual_price if steps else x.annual_price)

        win = min(lines, key=rank)  # min keeps the first of equals
        kept.append(win)
        said: set[tuple[int, str]] = set()
        for x in lines:
            key = (x.source_row, x.label if x.source_row == win.source_row else "")
            if x is win or key in said:
                continue  # a repeated row is said once, not once per price column
            said.add(key)
            out.issues.append(_dropped(x, win, tiers, steps))
    order = {id(x): i for i, x in enumerate(out.lines)}
    return sorted(kept, key=lambda x: order[id(x)])


def _dropped(line: QuoteLine, win: QuoteLine, tiers: set[int], steps: bool) -> ValidationIssue:
    """The report line for a price line not used because win is."""
    label = (
        instance_spec_label(line.vcpu, line.ram_gb) if line.vcpu and line.ram_gb else line.resource
    )
    if len(tiers) > 1 and _storage_rank(line.item) != _storage_rank(win.item):
        return ValidationIssue(
            line.file,
            line.sheet,
            line.source_row,
            "",
            bi("{p} 存储", "{p} storage", p=line.platform),
            severity="warning",
            message=bi(
                "同一资源池有多档存储价格，按普通档（第 {r} 行）计，高性能档未使用",
                "The pool has several storage prices; the standard tier (row {r}) is used, the "
                "high-performance tier is not",
                r=win.source_row,
            ),
            hint=Msg(
                "如系统需要 SSD，请只保留 SSD 那一行",
                "If your systems need SSD, keep only the SSD row",
            ),
        )
    if steps:
        return ValidationIssue(
            line.file,
            line.sheet,
            line.source_row,
            "",
            f"{line.platform} {line.item}",
            severity="warning",
            message=bi(
                "带宽阶梯价格：按较高一档（第 {r} 行，{p} 元）计，本档未使用（偏保守）",
                "Bandwidth step prices: the dearer step (row {r}, {p} yuan) is used, not this one "
                "(on the safe side)",
                r=win.source_row,
                p=f"{win.unit_price:g}",
            ),
            hint=Msg(
                "如本县带宽都在这一档内，可只保留这一行",
                "If all of the county's bandwidth falls in this step, keep only this row",
            ),
        )
    if line.source_row == win.source_row and line.label and win.label:
        return ValidationIssue(
            line.file,
            line.sheet,
            line.source_row,
            line.label,
            f"{line.platform} {label}",
            severity="warning",
            message=bi(
                "「{a}」价格未使用：按「{b}」计（折合每年 {y} 元，更便宜）",
                "The '{a}' price is not used: '{b}' is ({y} yuan a year, cheaper)",
                a=line.label,
                b=win.label,
                y=f"{win.annual_price:,.2f}",
            ),
            hint=Msg(
                "如须按其他计费方式，请删去不用的价格列",
                "To plan with another term, delete the price columns not wanted",
            ),
        )
    extra = (
        Msg("，高性能档未使用", " (the high-performance tier is not used)")
        if line.resource == "storage_gb"
        else Msg("")
    )
    return ValidationIssue(
        line.file,
        line.sheet,
        line.source_row,
        "",
        f"{line.platform} {label}",
        severity="warning",
        message=bi(
            "重复报价，按第 {r} 行的价格计，本行未使用{extra}",
            "Duplicate price; the price in row {r} is used, not this row{extra}",
            r=win.source_row,
            extra=extra,
        ),
        hint=Msg("同一资源池同一资源只保留一个单价", "Keep one unit price per resource and pool"),
    )


_COMPUTE = ("vcpu", "ram_gb", "instance")


def _apply_resource_sections(out: QuoteSheet) -> list[QuoteLine]:
    """A storage-only or bandwidth-only table of a vendor (a section or sheet named "云硬盘",
    "3.2 存储", "带宽") prices every compute pool of that vendor that has no such price itself."""
    from dataclasses import replace

    pools: dict[tuple[str, str], list[QuoteLine]] = {}
    for line in out.lines:
        pools.setdefault((line.vendor, line.platform), []).append(line)
    compute = {k for k, ls in pools.items() if any(x.resource in _COMPUTE for x in ls)}
    result = [
        x
        for x in out.lines
        if (x.vendor, x.platform) in compute
        or out.pool_origin.get((x.vendor, x.platform)) not in ("section", "sheet")
    ]
    for (vendor, pool), ls in pools.items():
        if (vendor, pool) in compute or out.pool_origin.get((vendor, pool)) not in (
            "section",
            "sheet",
        ):
            continue
        targets = [k for k in compute if k[0] == vendor]
        if not targets:
            continue
        result = [x for x in result if (x.vendor, x.platform) != (vendor, pool)]
        out.platforms.pop((vendor, pool), None)
        for x in ls:
            for _v, p in targets:
                if not any(
                    y.resource == x.resource and (y.vendor, y.platform) == (vendor, p)
                    for y in result
                ):
                    result.append(replace(x, platform=p))
        names = Msg("、".join(p for _v, p in targets), ", ".join(f"'{p}'" for _v, p in targets))
        what = join(
            [pair(RESOURCE_LABELS, r) for r in dict.fromkeys(x.resource for x in ls)], "、", ", "
        )
        out.issues.append(
            ValidationIssue(
                ls[0].file,
                ls[0].sheet,
                ls[0].source_row,
                _COL_POOL,
                pool,
                severity="warning",
                message=bi(
                    "「{s}」只有{w}的价格，不是计算资源池：已适用于{v}的各计算资源池（{p}）",
                    "'{s}' prices only {w} and is not a compute pool: applied to every compute "
                    "pool of '{v}' ({p})",
                    s=pool,
                    w=what,
                    v=vendor,
                    p=names,
                ),
                hint=Msg(
                    "如只适用于某个资源池，请在表中加「资源池」列",
                    "If it applies to one pool only, add a pool column",
                ),
            )
        )
    return result


def _warn_missing(out: QuoteSheet) -> None:
    """A compute pool without a storage, bandwidth or security price is said by name."""
    have: dict[tuple[str, str], set[str]] = {}
    for line in out.lines:
        have.setdefault((line.vendor, line.platform), set()).add(line.resource)
    for (vendor, pool), res in have.items():
        if not res & set(_COMPUTE):
            continue
        missing = [r for r in ("storage_gb", "bandwidth_mbps") if r not in res]
        if not any(r.startswith("security_") for r in res):
            missing.append("security")
        for r in missing:
            name = (
                Msg("等保安全服务", "MLPS security package") if r == "security" else _RES_NAMES[r]
            )
            out.missing.append(
                ValidationIssue(
                    out.file,
                    "",
                    None,
                    _COL_POOL,
                    f"{vendor}/{pool}",
                    severity="warning",
                    message=bi(
                        "资源池「{p}」没有{n}价格：需要{n}的系统不会放在这里",
                        "Pool '{p}' has no {n_en} price: systems that need it will not be placed there",
                        p=pool,
                        n=name,
                        n_en=name,
                    ),
                    hint=Msg(
                        "请向供应商补充该项报价，或一并导入其单独的存储/带宽/安全服务报价",
                        "Ask the vendor for this price, or import its separate storage/bandwidth/"
                        "security price sheet too",
                    ),
                )
            )


_RES_NAMES = {"storage_gb": Msg("存储", "storage"), "bandwidth_mbps": Msg("带宽", "bandwidth")}
