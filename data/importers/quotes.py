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
from data.importers.mapping import MappingStore
from data.importers.table import IGNORE, ColumnMap, FieldDef, FoundTable, find_table
from data.importers.values import (
    Unit,
    clean_text,
    is_blank,
    parse_amount,
    parse_bool,
    parse_level,
    parse_spec,
    parse_unit,
)
from data.schema import DEPLOYMENT_VALUES, match_sheet, normalise
from data.workbook import ValidationIssue
from planner.labels import DEPLOYMENT_LABELS, RESOURCE_LABELS
from planner.model import instance_spec_label
from planner.text import Msg, bi, pair

#: Header vocabulary of quote sheets, most specific first.
QUOTE_FIELDS: tuple[FieldDef, ...] = (
    FieldDef(
        IGNORE,
        (
            "=序号",
            "=编号",
            "=no",
            "=no.",
            "=#",
            "备注",
            "remark",
            "=说明",
            "数量",
            "用量",
            "总价",
            "小计",
            "合计",
            "金额",
            "折扣",
            "刊例",
            "目录价",
            "原价",
            "市场价",
            "listprice",
            "下浮",
            "优惠率",
            "适用",
            "描述",
            "description",
            "迁移费",
            "适配费",
        ),
        Msg("忽略", "ignored"),
    ),  # fmt: skip
    FieldDef(
        "vendor",
        ("供应商", "厂商", "云服务商", "服务商", "投标人", "云商", "vendor", "supplier"),
        Msg("供应商", "vendor"),
    ),
    FieldDef("spec_vcpu", ("规格vcpu", "实例vcpu", "规格cpu"), Msg("规格vCPU", "spec vCPU")),
    FieldDef("spec_ram", ("规格内存", "实例内存"), Msg("规格内存", "spec RAM")),
    FieldDef(
        "deployment",
        ("部署方式", "部署模式", "部署类型", "云类型", "deployment"),
        Msg("部署方式", "deployment"),
    ),
    FieldDef("xinchuang", ("信创", "国产化", "xinchuang"), Msg("信创", "信创 (domestic stack)")),
    FieldDef(
        "mlps_level",
        ("等保级别", "等保等级", "安全等级", "最高等保", "可承载等保", "承载等级", "mlps", "=等保"),
        Msg("等保级别", "MLPS level"),
    ),  # fmt: skip
    FieldDef(
        "capacity_vcpu",
        ("容量", "可分配", "可用vcpu", "配额", "capacity"),
        Msg("容量vCPU", "capacity (vCPU)"),
    ),
    FieldDef("availability", ("可用性", "可用率", "sla"), Msg("可用性", "availability")),
    FieldDef(
        "platform",
        (
            "资源池",
            "可用区",
            "区域",
            "专区",
            "云平台",
            "=平台",
            "平台名称",
            "region",
            "zone",
            "pool",
            "platform",
        ),
        Msg("资源池", "pool"),
    ),  # fmt: skip
    FieldDef("spec", ("规格", "配置", "型号", "实例类型", "flavor", "spec"), Msg("规格", "spec")),
    FieldDef("unit", ("计量单位", "计费单位", "=单位", "unit"), Msg("单位", "unit")),
    FieldDef(
        "period",
        ("计费周期", "计费方式", "付费方式", "计费模式", "周期", "billing", "period"),
        Msg("计费周期", "billing period"),
    ),
    FieldDef(
        "unit_price",
        ("单价", "价格", "报价", "资费", "月租", "年费", "价", "price", "费用", "cost"),
        Msg("单价", "unit price"),
    ),
    FieldDef(
        "item",
        (
            "资源类型",
            "产品名称",
            "资源名称",
            "服务名称",
            "计费项",
            "服务项",
            "服务内容",
            "产品",
            "项目",
            "名称",
            "类别",
            "类型",
            "资源",
            "item",
            "product",
            "resource",
        ),
        Msg("计费项", "item"),
    ),  # fmt: skip
    FieldDef(
        "res:security_l2",
        ("等保二级", "二级等保", "等保2级", "security_l2"),
        Msg("等保二级安全服务", "MLPS level-2 security package"),
    ),
    FieldDef(
        "res:security_l3",
        ("等保三级", "三级等保", "等保3级", "security_l3"),
        Msg("等保三级安全服务", "MLPS level-3 security package"),
    ),
    FieldDef(
        "res:security_l4",
        ("等保四级", "四级等保", "等保4级", "security_l4"),
        Msg("等保四级安全服务", "MLPS level-4 security package"),
    ),
    FieldDef("res:vcpu", ("vcpu", "=cpu", "cpu单价", "计算"), Msg("vCPU", "vCPU")),
    FieldDef("res:ram_gb", ("内存", "ram", "memory"), Msg("内存", "RAM")),
    FieldDef(
        "res:storage_gb",
        ("存储", "云硬盘", "磁盘", "硬盘", "云盘", "storage", "disk"),
        Msg("存储", "storage"),
    ),
    FieldDef("res:bandwidth_mbps", ("带宽", "bandwidth"), Msg("带宽", "bandwidth")),
)

#: Vendors that sell government cloud; a title or file name naming one suggests the vendor.
KNOWN_VENDORS = ("天翼云", "移动云", "联通云", "华为云", "阿里云", "腾讯云", "浪潮云", "曙光云", "紫光云", "太极",
                 "电信", "移动", "联通", "华为", "阿里", "腾讯", "浪潮", "曙光", "紫光")  # fmt: skip
_VENDOR_CANON = {"电信": "天翼云", "移动": "移动云", "联通": "联通云", "华为": "华为云", "阿里": "阿里云",
                 "腾讯": "腾讯云", "浪潮": "浪潮云", "曙光": "曙光云", "紫光": "紫光云"}  # fmt: skip
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
    r"^(sheet\d*|报价|报价单|报价表|价格|价格表|明细|报价明细|清单|prices?|quote|sheet)$"
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

    @property
    def annual_price(self) -> float:
        """元 per unit per year (per instance for instance lines)."""
        return float(Decimal(repr(self.unit_price)) * (12 if self.period == "month" else 1))

    def as_json(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor, "platform": self.platform, "resource": self.resource,
            "unit_price": self.unit_price, "period": self.period, "vcpu": self.vcpu, "ram_gb": self.ram_gb,
            "annual_price": self.annual_price, "source_row": self.source_row,
        }  # fmt: skip


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


def guess_vendor(*texts: str) -> str | None:
    """A known vendor named in a title, sheet or file name."""
    for text in texts:
        t = clean_text(text)
        for v in KNOWN_VENDORS:
            if v in t:
                return _VENDOR_CANON.get(v, v)
    return None


def resource_of_item(text: str, unit: Unit, spec: tuple[float, float] | None) -> str | None:
    """Canonical resource an item text names ('等保三级安全服务' → security_l3, '4C8G云主机' → instance)."""
    t = normalise(clean_text(text))
    if "等保" in t or "安全服务" in t or "安全套餐" in t or "安全防护" in t or "security" in t:
        m = re.search(r"([二三四234])级", t) or re.search(r"l([234])", t)
        if m:
            return f"security_l{ {'二': 2, '三': 3, '四': 4}.get(m.group(1), m.group(1)) }"
        return None
    if spec is not None:
        return "instance"
    if any(w in t for w in ("对象存储", "文件存储", "备份", "归档", "oss", "obs", "nas")):
        return None  # not the block storage the model prices
    if any(w in t for w in ("内存", "ram", "memory", "mem")):
        return "ram_gb"
    if any(w in t for w in ("vcpu", "cpu", "计算", "核", "vcore")):
        return "vcpu"
    if any(
        w in t for w in ("存储", "硬盘", "磁盘", "云盘", "sas", "ssd", "evs", "storage", "disk")
    ):
        return "storage_gb"
    if any(w in t for w in ("带宽", "公网", "eip", "mbps", "bandwidth", "互联网出口")):
        return "bandwidth_mbps"
    if any(w in t for w in ("云主机", "云服务器", "虚拟机", "实例", "ecs", "instance")):
        return "instance"
    if not t:
        return {"vcpu": "vcpu", "mbps": "bandwidth_mbps", "instance": "instance"}.get(
            unit.per or ""
        )
    return None


def _storage_rank(text: str) -> int:
    t = normalise(text)
    return 1 if any(w in t for w in ("ssd", "高性能", "超高", "极速", "essd", "高io")) else 0


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
        self.alt_prices: list[ColumnMap] = []

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

    def platform_of(self, cells: list[Any], section: str) -> str | None:
        v = self.cell(cells, self.t.column("platform"))
        if not is_blank(v):
            return clean_text(v)
        if section:
            return section
        if (
            self.t.column("platform") is None
            and self.multi_sheet
            and not _GENERIC_SHEETS.match(normalise(self.grid.sheet))
        ):
            return clean_text(self.grid.sheet)
        return None

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
            self.issue(row, col.header, raw, Msg("单价不是数字", "The unit price is not a number"),
                       Msg("请填写数字，例如 52 或 ¥1,234.00 或 3.5万",
                           "Enter a number, e.g. 52, ¥1,234.00 or '3.5万' (35,000)"))  # fmt: skip
            return None
        if a.value < 0:
            self.issue(row, col.header, raw, Msg("单价不能为负数", "The unit price cannot be negative"),
                       Msg("请填写 0 或正数", "Enter 0 or a positive number"))  # fmt: skip
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
            ),  # fmt: skip
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
                self.issue(row, col.header, raw, bi("无法识别的{what}", "Unrecognised {what}", what=pair(_FACT_NAMES, fkey)),
                           Msg(*_FACT_HINTS.get(fkey, ("请填写数字", "Enter a number"))))  # fmt: skip
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
        long_mode = t.column("unit_price") is not None
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
        price_cols = t.columns_of("unit_price")
        if len(price_cols) > 1:
            yearly = [c for c in price_cols if c.unit.period == "year"]
            keep = yearly[0] if yearly else price_cols[0]
            for c in price_cols:
                if c is not keep:
                    c.field = "alt_price"
                    self.alt_prices.append(c)
                    self.issue(t.excel_header_row, c.header, "",
                               bi("有多个单价列，按「{keep}」读取；该列为空时才用本列",
                                  "There are several unit-price columns; '{keep}' is read, and this "
                                  "column only where that one is blank", keep=keep.header),
                               Msg("如需改用本列，请在映射文件中把它设为 unit_price，另一列设为 ignore",
                                   "To use this column instead, set it to unit_price and the other one "
                                   "to ignore in the mapping file"), "warning")  # fmt: skip
        for c in t.columns:
            if c.field is None:
                self.issue(t.excel_header_row, c.header, "", Msg("无法识别的列，已忽略", "Unrecognised column, ignored"),
                           Msg("如该列有用，请改列名（如 单价、资源池、规格），或在映射文件中指定",
                               "If the column is needed, rename it (e.g. 'price', 'pool', 'spec') or "
                               "set its meaning in the mapping file"), "warning")  # fmt: skip
        vendors = {self.vendor_arg} if self.vendor_arg else set()
        for row, cells, section in t.records:
            vendor = self.vendor_of(row, cells)
            if not vendor:
                self.issue(row, _COL_VENDOR, "", Msg("无法确定供应商", "Cannot tell which vendor this is"),
                           Msg("请用 --vendor 指定供应商，或在表中加「供应商」列",
                               "Give the vendor (--vendor), or add a vendor column (headed 'vendor' "
                               "or '供应商') to the table"))  # fmt: skip
                continue
            vendors.add(vendor)
            platform = self.platform_of(cells, section)
            lines = self._wide(row, cells) if not long_mode else self._long(row, cells)
            if lines is None:
                continue
            if platform is None or normalise(platform) in _ALL_POOLS:
                if lines and all(r.startswith("security_") for r, *_ in lines):
                    platform = "*"  # a security package for every pool of this vendor
                elif platform is None:
                    self.issue(row, _COL_POOL, "", Msg("无法确定资源池（平台）", "Cannot tell the resource pool (platform)"),
                               Msg("请在表中加「资源池」列，或在该组数据上方加一行资源池名称，或把工作表命名为资源池名称",
                                   "Add a pool column (headed 'pool' or '资源池'), or put a row with the "
                                   "pool name above these rows, or name the sheet after the pool"))  # fmt: skip
                    continue
                else:
                    platform = "*"
            if platform != "*":
                self.add_facts(row, vendor, platform, cells)
            for resource, value, period, spec, text in lines:
                line = QuoteLine(vendor, platform, resource, float(value), period,
                                 spec[0] if spec else None, spec[1] if spec else None,
                                 self.grid.file, self.grid.sheet, row, text)  # fmt: skip
                self.out.lines.append(line)
        for v in vendors:
            self.out.mappings.setdefault(v, {}).update({c.header: c.field or "" for c in t.columns})

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

    def _row_unit(self, cells: list[Any], col: ColumnMap) -> Unit:
        ucol = self.t.column("unit")
        row_unit = parse_unit(self.cell(cells, ucol)) if ucol else Unit()
        h = col.unit
        from decimal import Decimal as D

        return Unit(row_unit.scale if row_unit.scale != D(1) else h.scale, row_unit.period or h.period,
                    row_unit.per or h.per, row_unit.found or h.found)  # fmt: skip

    def _long(
        self, row: int, cells: list[Any]
    ) -> list[tuple[str, Decimal, str, tuple[float, float] | None, str]] | None:
        t = self.t
        pcol = t.column("unit_price")
        assert pcol is not None
        if is_blank(self.cell(cells, pcol)):  # e.g. 包年 blank, 包月 given
            pcol = next((c for c in self.alt_prices if not is_blank(self.cell(cells, c))), pcol)
        item_col, spec_col = t.column("item"), t.column("spec")
        item = clean_text(self.cell(cells, item_col))
        spec_text = clean_text(self.cell(cells, spec_col))
        spec = parse_spec(spec_text) or parse_spec(item)
        sv, sr = self.cell(cells, t.column("spec_vcpu")), self.cell(cells, t.column("spec_ram"))
        if spec is None and not is_blank(sv) and not is_blank(sr):
            a, b = parse_amount(sv), parse_amount(sr)
            if a is not None and b is not None and a.value > 0 and b.value > 0:
                spec = (float(a.value), float(b.value))
        unit = self._row_unit(cells, pcol)
        resource = resource_of_item(item or spec_text, unit, spec)
        if resource is None:
            shown = item or spec_text
            self.issue(row, item_col.header if item_col else pcol.header, shown,
                       Msg("未识别的计费项，该行未读取（Yunce 只计 vCPU、内存、块存储、带宽、等保安全服务和云主机实例）",
                           "Unrecognised billing item; the row was not read (Yunce only counts vCPU, RAM, "
                           "block storage, bandwidth, MLPS security packages and cloud instances)"),
                       Msg("如这是上述资源之一，请把名称改为 vCPU/内存/存储/带宽/等保三级安全服务，或填写规格如 4C8G",
                           "If it is one of these, rename it to vCPU, RAM, storage, bandwidth or "
                           "security_l3 (the MLPS level-3 package), or give a spec such as 4C8G"), "warning")  # fmt: skip
            return None
        if resource == "instance" and spec is None:
            self.issue(row, spec_col.header if spec_col else (item_col.header if item_col else ""), item,
                       Msg("云主机实例没有可识别的规格", "The cloud instance has no recognisable spec"),
                       Msg("请填写规格，如 4C8G、4核8G、4vCPU 8GiB", "Give a spec such as 4C8G or 4vCPU 8GiB"))  # fmt: skip
            return None
        value = self.price(
            row, self.cell(cells, pcol), pcol, unit, item or _resource_name(resource)
        )
        if value is None:
            return None
        return [(resource, value, self._period(row, cells, unit, pcol), spec if resource == "instance" else None,
                 item + spec_text)]  # fmt: skip

    def _wide(
        self, row: int, cells: list[Any]
    ) -> list[tuple[str, Decimal, str, tuple[float, float] | None, str]] | None:
        out = []
        for col in self.t.columns:
            if not col.field or not col.field.startswith("res:"):
                continue
            raw = self.cell(cells, col)
            if is_blank(raw):
                continue  # a blank cell in a price matrix means "not offered"
            resource = col.field[4:]
            unit = self._row_unit(cells, col)
            value = self.price(row, raw, col, unit, _resource_name(resource))
            if value is None:
                continue
            out.append((resource, value, self._period(row, cells, unit, col), None, col.header))
        if not out:
            self.issue(row, "", "", Msg("该行没有任何单价，未读取", "The row has no unit price at all and was not read"),
                       Msg("请检查是否漏填", "Check whether a price was left out"), "warning")  # fmt: skip
            return None
        return out


QUOTE_MIN_FIELDS = 2


def is_quote_table(table: FoundTable) -> bool:
    """A price column, or resource columns with a money unit (a price matrix)."""
    if table.column("unit_price") is not None:
        return True
    return any(c.field and c.field.startswith("res:") and c.unit.found for c in table.columns)


def read_quote(
    path: str | Path,
    vendor: str | None = None,
    mappings: MappingStore | None = None,
    overrides: dict[str, str] | None = None,
    _memory_of: str | None = None,
) -> QuoteSheet:
    """Read one vendor file (every sheet that holds a quote table) into normalised lines.

    The remembered mapping of the vendor (given, or guessed from the file name) is applied;
    when the vendor is only learnt from a 供应商 column, the file is read a second time with
    that vendor's remembered mapping.
    """
    path = Path(path)
    out = QuoteSheet(path.name)
    grids, issues = read_grids(path)
    out.issues.extend(issues)
    if not grids:
        return out
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
        table = find_table(grid, QUOTE_FIELDS, memory, min_fields=QUOTE_MIN_FIELDS)
        if table is not None and not is_quote_table(table):
            table = None
        if table is None:
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
                    )  # fmt: skip
                )
            continue
        tables.append((grid, table))
    if not tables and not any(i.severity == "error" for i in out.issues):
        out.issues.append(ValidationIssue(path.name, message=Msg("文件中没有找到报价表", "No quote table found in the file"),
                                          hint=Msg("表头应含 计费项/资源类型、单价 等列，或每种资源一列单价",
                                                   "The header should have columns such as item/resource and "
                                                   "price, or one price column per resource")))  # fmt: skip
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
        if guessed_from:
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
                        "如不对，请用 --vendor 指定", "If this is wrong, give the vendor (--vendor)"
                    ),
                )  # fmt: skip
            )
        reader = _SheetReader(out, grid, table, vendor, sheet_vendor)
        reader.multi_sheet = len(tables) > 1
        reader.read()
    out.lines = _expand_all_pools(out)
    out.lines = _dedupe(out)
    out.vendors = list(dict.fromkeys(line.vendor for line in out.lines))
    if (
        mappings is not None and _memory_of is None and not file_vendor and len(out.vendors) == 1
        and mappings.columns(out.vendors[0])
    ):  # fmt: skip
        return read_quote(path, vendor, mappings, overrides, _memory_of=out.vendors[0])
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
                )  # fmt: skip
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
    kept: dict[tuple[Any, ...], QuoteLine] = {}
    for line in out.lines:
        key = (line.vendor, line.platform, line.resource, line.vcpu, line.ram_gb)
        old = kept.get(key)
        if old is None:
            kept[key] = line
            continue
        if line.resource == "storage_gb" and _storage_rank(line.item) < _storage_rank(old.item):
            kept[key], old, line = line, line, old
            out.issues.append(
                ValidationIssue(
                    old.file,
                    old.sheet,
                    line.source_row,
                    "",
                    bi("{p} 存储", "{p} storage", p=line.platform),
                    severity="warning",
                    message=bi(
                        "同一资源池有多档存储价格，按普通档（第 {r} 行）计，高性能档未使用",
                        "The pool has several storage prices; the standard tier (row {r}) is "
                        "used, the high-performance tier is not",
                        r=old.source_row,
                    ),
                    hint=Msg(
                        "如系统需要 SSD，请只保留 SSD 那一行",
                        "If your systems need SSD, keep only the SSD row",
                    ),
                )  # fmt: skip
            )
            continue
        label = (
            instance_spec_label(line.vcpu, line.ram_gb)
            if line.vcpu and line.ram_gb
            else line.resource
        )
        extra = (
            Msg("，高性能档未使用", " (the high-performance tier is not used)")
            if line.resource == "storage_gb"
            else Msg("")
        )
        out.issues.append(
            ValidationIssue(
                line.file,
                line.sheet,
                line.source_row,
                "",
                f"{line.platform} {label}",
                severity="warning",
                message=bi(
                    "重复报价，按第 {r} 行的价格计，本行未使用{extra}",
                    "Duplicate price; the price in row {r} is used, not this row{extra}",
                    r=old.source_row,
                    extra=extra,
                ),
                hint=Msg(
                    "同一资源池同一资源只保留一个单价", "Keep one unit price per resource and pool"
                ),
            )  # fmt: skip
        )
    return list(kept.values())
