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

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from data.cell_values import (
    Unit,
    clean_text,
    is_blank,
    parse_amount,
    parse_bool,
    parse_level,
    parse_unit,
)
from data.importers.detect import _NOT_FOR_NEW, detect_tables, non_finite
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
    price_cells,
    split_price_cell,
)
from data.importers.mapping import MappingStore
from data.importers.table import (
    IGNORE,
    ColumnMap,
    FieldDef,
    FoundTable,
    header_parts,
)
from data.quote_lines import ALL_POOLS, PlatformFacts, QuoteLine, QuoteSheet
from data.rfq import is_rfq, read_rfq
from data.schema import DEPLOYMENT_VALUES, match_sheet, normalise
from data.synonyms import QUOTE_HEADER_WORDS
from data.workbook import ValidationIssue
from planner.labels import DEPLOYMENT_LABELS, RESOURCE_LABELS
from planner.text import Msg, bi, pair

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
#: English names vendors go by in comparisons and English quotes (kept as written).
KNOWN_VENDORS_EN = (
    "alibaba cloud",
    "aliyun",
    "tencent cloud",
    "huawei cloud",
    "jd cloud",
    "jdcloud",
    "ucloud",
    "baidu cloud",
    "baidu ai cloud",
    "kingsoft cloud",
    "volcengine",
    "china telecom cloud",
    "ctyun",
    "china mobile cloud",
    "ecloud",
    "china unicom cloud",
    "inspur cloud",
    "京东云",
    "百度智能云",
    "金山云",
    "火山引擎",
    "优刻得",
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
#: The sheets of a canonical workbook (data/schema.csv) that hold no prices: a filled template
#: given as the price file is read for its 报价 sheet (and 折扣 as terms) only; 采购标准's
#: key/value rows (预计采购季度 1 …) once read as price lines of no vendor.
_CANONICAL_NOT_QUOTES = ("platforms", "workloads", "policy", "procurement", "years", "system_rules")

_GENERIC_SHEETS = re.compile(
    r"^(sheet\d*|报价|报价单|报价表|价格|价格表|明细|报价明细|价格明细|清单|prices?|quote|sheet|价格总览|总览|价目表|"
    r"资费|资费表|汇总|对比|比价|comparison|云主机|云服务器|弹性云服务器|ecs|实例|instances?|资源单价|单价|"
    r"云主机规格|规格)$"
)


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


def known_vendor(text: str) -> str | None:
    """The vendor a title or section heading names ('Aliyun quote' → 'Aliyun', '二、移动云报价'
    → '移动云'), or None."""
    raw = clean_text(text)
    low = raw.lower()
    for name in KNOWN_VENDORS_EN:
        k = low.find(name)
        if k >= 0 and (k == 0 or not low[k - 1].isalpha()):
            return raw[k : k + len(name)]
    return guess_vendor(raw)


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
        self.price_cols: list[_PriceCol] = []
        self.hourly_said: set[tuple[int, str]] = set()
        self.sheet_said = False
        self.title_said = False
        self.note_said = False
        self.alternatives = False
        self.term_rows: dict[str, list[int]] = {}
        self.term_others: dict[str, dict[str, None]] = {}
        """Label of the term chosen → the labels it was chosen over (in order)."""
        """Label of the term chosen → rows where it was chosen over another term."""
        # Per-table work done once, not once per row: the columns of each role (fixed once
        # read() has settled the roles), and what a row's unit/label texts say, per distinct text.
        self._by_field: dict[str, list[ColumnMap]] = {}
        self._unit_sources: list[int] = []
        self._units: dict[tuple[Any, ...], Unit] = {}
        self._head_units: dict[int, PriceUnit] = {}
        self._norm: dict[str, str] = {}
        self._pool_names: dict[tuple[Any, ...], str] = {}

    def issue(
        self,
        row: int | None,
        column: str,
        value: Any,
        message: Msg,
        hint: Msg,
        severity: str = "error",
        confirm: str = "",
        rows: tuple[int, ...] = (),
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
                confirm=confirm if confirm not in self.t.accepted else "",
                rows=rows,
            )
        )

    def cell(self, cells: list[Any], col: ColumnMap | None) -> Any:
        return cells[col.index] if col is not None and col.index < len(cells) else None

    def _settle_columns(self) -> None:
        """Index the columns by role once the roles are settled (before the rows are read)."""
        by: dict[str, list[ColumnMap]] = {}
        for c in self.t.columns:
            by.setdefault(c.field or "", []).append(c)
        self._by_field = by
        # the cells a row's unit is read from: its unit column, else its item labels
        ucol = self._col("unit")
        self._unit_sources = [
            c.index for c in ((ucol,) if ucol is not None else self._cols("item"))
        ]

    def _col(self, key: str) -> ColumnMap | None:
        """The first column of a role (FoundTable.column, from the index read() built)."""
        cols = self._by_field.get(key)
        return cols[0] if cols else None

    def _cols(self, key: str) -> list[ColumnMap]:
        return self._by_field.get(key, [])

    def _normalise(self, text: str) -> str:
        n = self._norm.get(text)
        if n is None:
            n = self._norm[text] = normalise(text)
        return n

    def vendor_of(self, row: int, cells: list[Any]) -> str | None:
        if self.vendor_arg:
            return self.vendor_arg
        v = self.cell(cells, self._col("vendor"))
        if not is_blank(v, dashes=True):
            return clean_text(v)
        if self.t.vendor:
            return self.t.vendor
        return self.file_vendor

    def platform_of(self, cells: list[Any], section: str) -> tuple[str | None, str]:
        """The pool of a row and where its name came from: a pool column, a section title
        above the rows, the pool given for the file (--platform / the dialog), or the sheet name."""
        given = self.t.given.get("pool")
        if given:
            return str(given), "given"
        cols = self._cols("platform")
        if cols:
            values = [self.cell(cells, c) for c in cols]
            key = tuple((type(v), v) for v in values)  # 1 and True are equal keys, not texts
            name = self._pool_names.get(key)
            if name is None:
                names = [clean_text(x) for x in values if not is_blank(x, dashes=True)]
                # 地域 + 可用区: both name the pool ("华北一 可用区E"), none is dropped
                name = self._pool_names[key] = " ".join(dict.fromkeys(names))
            if name:
                return name, "column"
        if section:
            return section, "section"
        if self.platform_arg:
            return self.platform_arg, "given"
        if self._col("platform") is None and sheet_names_pool(self.grid.sheet):
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
        if is_blank(raw, dashes=True):
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
        if a is None and non_finite(raw):
            self.issue(
                row,
                col.header,
                raw,
                Msg(
                    "单价不是有限的数字（无穷大、NaN 或超过 10¹⁵）",
                    "The unit price is not a finite number (infinite, NaN or above 10^15)",
                ),
                Msg("请填写实际的单价", "Enter the real unit price"),
            )
            return None
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
        facts = self.out.platforms.get(key)
        if facts is None:  # the first row of the pool says where its facts were read
            facts = self.out.platforms[key] = PlatformFacts(
                vendor,
                platform,
                file=self.grid.file,
                source=bi("{f} 第 {r} 行", "{f} row {r}", f=self.grid.file, r=row),
            )
        for fkey in ("deployment", "xinchuang", "mlps_level", "capacity_vcpu", "availability"):
            col = self._col(fkey)
            if col is None:
                continue
            raw = self.cell(cells, col)
            if fkey == "capacity_vcpu":
                facts.capacity_stated = True
            if is_blank(raw, dashes=True):
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
                    c.why = c.why or bi("「{h}」下是数量：读作规格", "'{h}': the spec", h=c.header)
                elif t.column("item") is None and c.field != "res:storage_gb":
                    c.field = "item"
                else:
                    c.field = IGNORE  # 硬盘(GB) beside a whole-node price: part of the bundle
        if not long_mode:  # a price matrix names a money unit over its resource columns
            for c in wide_cols:
                if not c.unit.found and not t.unit_text:
                    c.field = IGNORE
        for c in t.columns:
            if c.field is None:
                self.issue(
                    t.excel_header_row,
                    c.header,
                    "",
                    Msg("无法识别的列，已忽略", "Unrecognised column, ignored"),
                    Msg(
                        "如该列有用，请改列名（如 单价、资源池、规格），或在版式/映射文件中指定",
                        "If the column is needed, rename it (e.g. 'price', 'pool', 'spec') or "
                        "set its meaning in the layout or mapping file",
                    ),
                    "warning",
                )
        self._settle_columns()  # the roles are settled: index them once for the rows
        vendors = {self.vendor_arg} if self.vendor_arg else set()
        no_vendor: list[int] = []
        no_pool: list[int] = []
        table_lines: list[QuoteLine] = []
        for row, cells, section in t.records:
            vendor = self.vendor_of(row, cells)
            if not vendor:
                no_vendor.append(row)
                if self.platform_of(cells, section)[0] is None and self._col("platform") is None:
                    no_pool.append(row)
                continue
            vendors.add(vendor)
            platform, origin = self.platform_of(cells, section)
            lines = self._wide(row, cells) if not long_mode else self._long(row, cells)
            if lines is None:
                continue
            for cand in lines:
                if self._refused_not_finite(row, cand):
                    continue
                pl = cand.pool or platform
                if cand.pool and platform and origin in ("section", "sheet"):
                    pl = f"{platform} {cand.pool}"  # "O型" over a "华北（乌兰察布）" column
                if pl is None or self._normalise(pl) in _ALL_POOLS:
                    if cand.resource not in ("vcpu", "ram_gb", "instance") or (
                        pl is not None and self._normalise(pl) in _ALL_POOLS
                    ):
                        pl = ALL_POOLS  # disks, bandwidth, security for every pool of the vendor
                    else:
                        no_pool.append(row)
                        pl = ""
                if pl not in (ALL_POOLS, ""):
                    self.add_facts(row, vendor, pl, cells)
                    self.out.pool_origin.setdefault((vendor, pl), "column" if cand.pool else origin)
                flags, note = self._row_flags(cells, cand)
                table_lines.append(
                    QuoteLine(
                        vendor,
                        pl,
                        cand.resource,
                        float(cand.value),
                        cand.period,
                        cand.spec[0] if cand.spec else None,
                        cand.spec[1] if cand.spec else None,
                        self.grid.file,
                        self.grid.sheet,
                        row,
                        cand.text,
                        cand.label,
                        cand.step,
                        variant=cand.os,
                        flags=flags,
                        note=note,
                    )
                )
        if no_vendor:
            self.issue(
                no_vendor[0],
                _COL_VENDOR,
                "",
                NO_VENDOR,
                Msg(
                    "请在导入时填写供应商，或在表中加「供应商」列",
                    "Give the vendor when importing, or add a vendor column (headed 'vendor' "
                    "or '供应商') to the table",
                ),
                rows=tuple(no_vendor),
            )
        if no_pool:
            self.issue(
                no_pool[0],
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
                rows=tuple(dict.fromkeys(no_pool)),
            )
        from data.importers.steps import step_prices

        table_lines = step_prices(self, table_lines)
        self.out.read.extend(table_lines)
        for v in vendors:
            self.out.mappings.setdefault(v, {}).update({c.header: c.field or "" for c in t.columns})

    def summarise(self) -> None:
        """After the rows: the term chosen over another in some rows is one 需确认 per table."""
        for label, rows in self.term_rows.items():
            others = list(self.term_others.get(label, {})) or [
                pc.label for pc in self.price_cols if pc.label and pc.label != label
            ]
            self.issue(
                rows[0],
                label,
                label,
                bi(
                    "同一行有多个计费期限/价格（{o}）：{n} 行按折合每年最便宜的「{w}」计（推测）",
                    "Rows give several terms/prices ({o}): in {n} rows the cheapest a year, "
                    "'{w}', is used (a guess)",
                    o=Msg("、".join(others), ", ".join(others)),
                    n=len(rows),
                    w=label,
                ),
                Msg(
                    "如须按其他计费期限（如包月）规划，请在版式中把不用的价格列标为忽略",
                    "To plan with another term (e.g. monthly), mark the price columns not wanted "
                    "as ignored in the layout",
                ),
                "warning",
                confirm="term",
                rows=tuple(rows),
            )

    def _refused_not_finite(self, row: int, cand: _Cand) -> bool:
        """A price or spec that is no finite number (a spec of 400 digits, an hourly price
        beyond range) never becomes a line: an error naming its row and column."""
        spec = cand.spec or (None, None)
        field = not_finite_field(float(cand.value), spec[0], spec[1])
        if field is None:
            return False
        k = ("unit_price", "vcpu", "ram_gb").index(field)
        shown = cand.text if k else str(float(cand.value))  # a spec as written, not "inf"
        self.issue(row, cand.columns[k] or _NUMBER_COLUMNS[field], shown, *NOT_FINITE)
        return True

    def _row_flags(self, cells: list[Any], cand: _Cand) -> tuple[tuple[str, ...], str]:
        """What the row says beside its price: a GPU instance, a footnote marker, a bundle."""
        flags: list[str] = list(cand.flags)
        notes: list[str] = [cand.note] if cand.note else []
        if cand.resource == "instance":
            for c in self._cols("gpu"):
                if not is_blank(self.cell(cells, c), dashes=True):
                    flags.append("gpu")
                    break
        for mark, expl in self.t.footnotes.items():
            if any(
                isinstance(v, str)
                and (
                    clean_text(v) == mark
                    or (clean_text(v).endswith(mark) and len(clean_text(v)) > 1)
                )
                for v in cells
            ):
                flags.append("not_for_new" if _NOT_FOR_NEW.search(expl) else "footnote")
                notes.append(f"{mark}：{expl}")
        return tuple(dict.fromkeys(flags)), "；".join(notes)

    def _plan_price_columns(self) -> None:
        """Which columns hold prices, and what each says: a term (包月/包3年/按需), an operating
        system (Linux/Windows), a pool or region (北京一区 under 华北地域); a matrix is melted
        into one line per cell, and the terms of one row are alternatives of one line."""
        t = self.t
        out: list[_PriceCol] = []
        for c in t.columns:  # remembered mappings may hold the reader's own marks
            if c.field == "alt_price":
                c.field = "unit_price"
            elif c.field == "melt":
                c.field = None
        has_key = any(
            t.column(k) is not None for k in ("item", "spec", "spec_vcpu", "spec_ram")
        ) or any(c.field in ("res:vcpu", "res:ram_gb") for c in t.columns)
        for c in t.columns:
            if c.field in ("term", "variant", "unit_price"):
                dims = dict(c.dims)
                if c.field == "variant" and "os" not in dims:
                    dims["os"] = _head_name(c)
                if c.field == "term" and "term" not in dims:
                    dims["term"] = c.sub or c.top or c.header
                term = parse_term(dims["term"]) if dims.get("term") else None
                if term is None and parse_price_unit(header_parts(c.header)[1] or c.header).hourly:
                    term = ("hour", 1)
                out.append(_PriceCol(c, dims.get("pool"), dims.get("os", ""), term, dims))
            elif c.field is None and has_key and _money(c):
                name = _head_name(c)
                term = parse_term(name)
                c.field = "melt"
                out.append(_PriceCol(c, None if term else name, "", term, {}))
        pools = {}
        for pc in out:  # the same zone name under two regions: keep the region in the name
            if pc.pool:
                pools.setdefault(pc.pool, set()).add(pc.dims.get("region", ""))
        for pc in out:
            if pc.pool and len(pools[pc.pool]) > 1 and pc.dims.get("region"):
                pc.pool = f"{pc.dims['region']} {pc.pool}"
        for pc in out:
            bits = [x for x in (pc.dims.get("region"), pc.pool, pc.os) if x]
            term_label = pc.dims.get("term") or ""
            pc.label = " ".join(bits + ([term_label] if term_label else [])) or (
                pc.col.header if len(out) > 1 else ""
            )
        self.price_cols = out
        groups: dict[tuple[str, str], list[_PriceCol]] = {}
        for pc in out:
            groups.setdefault((pc.pool or "", pc.os), []).append(pc)
        self.alternatives = any(len(g) > 1 for g in groups.values())
        if len(out) > 1:
            melted = [pc.label or pc.col.header for pc in out]
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
                    "如只应读取某一列，请删去其他价格列，或在版式中把它标为忽略",
                    "If only one column should be read, delete the others or mark them ignored "
                    "in the layout",
                ),
                "warning",
            )

    def _period(self, row: int, cells: list[Any], unit: Unit, col: ColumnMap) -> str:
        if unit.period:
            return unit.period
        pcol = self._col("period")
        p = parse_unit(self.cell(cells, pcol)).period if pcol else None
        if p:
            return p
        given = self.t.given.get("period")
        if given in ("month", "year"):
            return str(given)
        t = self.t
        if t.unit_text:
            p = parse_unit(t.unit_text).period
            if p:
                if not self.note_said:
                    self.note_said = True
                    self.issue(
                        t.unit_row,
                        "",
                        t.unit_text,
                        bi(
                            "表头没有写计费周期：按第 {r} 行说明中的「{u}」读作{p}价（推测）",
                            "The header states no billing period: the prices are read as {p_en} "
                            "per the note in row {r} ('{u}') (a guess)",
                            r=t.unit_row,
                            u=t.unit_text,
                            p="月" if p == "month" else "年",
                            p_en="monthly" if p == "month" else "yearly",
                        ),
                        Msg(
                            "如不对，请在价格列标题注明 元/月 或 元/年，或在版式中给出周期",
                            "If this is wrong, state 元/月 or 元/年 in the price header or give "
                            "the period in the layout",
                        ),
                        "warning",
                        confirm="unit-from-note",
                        rows=tuple(r for r, _c, _s in t.records),
                    )
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
            confirm="period-assumed-year",
        )
        return "year"

    def _row_unit(self, cells: list[Any], col: ColumnMap, inline: PriceUnit | None = None) -> Unit:
        """The unit of a price cell: the row's unit column or label, the layout's unit, the
        unit in the cell itself, then the column header's — worked out once per distinct
        combination (sheets repeat a handful of units over thousands of rows)."""
        n = len(cells)
        key = (
            col.index,
            inline,
            *[(type(v), v) for v in (cells[j] if j < n else None for j in self._unit_sources)],
        )
        unit = self._units.get(key)
        if unit is None:
            unit = self._units[key] = self._unit_of(cells, col, inline)
        return unit

    def _unit_of(self, cells: list[Any], col: ColumnMap, inline: PriceUnit | None) -> Unit:
        ucol = self._col("unit")
        row_unit = parse_price_unit(self.cell(cells, ucol)).unit if ucol else Unit()
        if ucol is None:  # "CPU（元/核/月）": the unit in the row's own label
            for c in self._cols("item"):
                label_unit = header_parts(clean_text(self.cell(cells, c)))[1]
                if label_unit:
                    row_unit = parse_price_unit(label_unit).unit
                    break
        given = self.t.given.get("unit")
        if given and not row_unit.found:
            row_unit = parse_price_unit(given).unit
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
    ) -> tuple[Decimal, str] | None:
        """Per hour → per month (× 730), per 100 GB → per GB, 包3年 → per year; returns (value,
        period), or None (reported) when the unit prices a quantity of 0."""
        ucol = self._col("unit")
        row_pu = parse_price_unit(self.cell(cells, ucol)) if ucol else _NO_PRICE_UNIT
        if inline is not None:
            row_pu = PriceUnit(
                row_pu.unit,
                inline.hourly or row_pu.hourly,
                inline.quantity if inline.quantity != 1 else row_pu.quantity,
            )
            if inline.unit.period and not inline.hourly:
                term = None  # the cell says its own period ("¥190.00/月" under 包年包月)
        head_pu = self._head_units.get(col.index)
        if head_pu is None:
            head_pu = self._head_units[col.index] = parse_price_unit(
                header_parts(col.header)[1] or col.header
            )
        qty = row_pu.quantity if row_pu.quantity != 1 else head_pu.quantity
        if qty == 0:  # "元/0GB/月": a price for nothing
            ucell = self.cell(cells, ucol) if ucol else None
            self.issue(
                row,
                ucol.header if ucol and not is_blank(ucell, dashes=True) else col.header,
                ucell if ucol and not is_blank(ucell, dashes=True) else col.header,
                Msg(
                    "单位中的数量为 0（如 元/0GB/月），无法折算单价",
                    "The unit prices a quantity of 0 (such as 元/0GB/月); the price cannot be converted",
                ),
                Msg(
                    "请写明单价对应的数量，如 元/100GB/月 或 元/GB/月",
                    "State the quantity the price is for, such as 元/100GB/月 or 元/GB/月",
                ),
            )
            return None
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

    def _long(self, row: int, cells: list[Any]) -> list[_Cand] | None:
        t = self.t
        item_cols = self._cols("item")
        spec_cols = self._cols("spec")
        item = " ".join(x for x in (clean_text(self.cell(cells, c)) for c in item_cols) if x)
        spec_text = " ".join(x for x in (clean_text(self.cell(cells, c)) for c in spec_cols) if x)
        spec = parse_spec_any(spec_text)
        spec_from = (spec_cols[0].header,) * 2 if spec is not None and spec_cols else ("", "")
        if spec is None:
            spec = parse_spec_any(item)
            spec_from = (item_cols[0].header,) * 2 if spec is not None and item_cols else ("", "")
        sv, sr = self.cell(cells, self._col("spec_vcpu")), self.cell(cells, self._col("spec_ram"))
        if spec is None and not is_blank(sv, dashes=True) and not is_blank(sr, dashes=True):
            a, b = (
                parse_amount(_leading_number(sv)),
                parse_amount(_leading_number(sr)),
            )  # "2核", "4GB", "4 GiB"
            if a is not None and b is not None and a.value > 0 and b.value > 0:
                spec = (float(a.value), float(b.value))
                spec_from = (self._col("spec_vcpu").header, self._col("spec_ram").header)  # type: ignore[union-attr]
        first = self.price_cols[0].col
        unit = self._row_unit(cells, first)
        item_col = item_cols[0] if item_cols else None
        titled = ""
        if not item and not spec_text and spec is None and t.resource_title:
            titled = t.resource_title  # "SSD云硬盘价格": the title names what the rows price
        resource = classify_item(item or spec_text or titled, unit, spec)
        if resource is None and t.resource_title and (item or spec_text):
            # "本地普通盘" under the title "3. 磁盘": the title says what the rows price
            resource = classify_item(f"{item or spec_text} {t.resource_title}", unit, spec)
        if resource is None and item and item_col is not None:
            # "1M" under "带宽规格": the column's header says what its labels are quantities of
            head = split_header_name(item_col)
            if classify_item(head, Unit(), None) in ("bandwidth_mbps", "storage_gb"):
                resource = classify_item(f"{item} {head}", unit, spec)
        shown = item or spec_text or titled
        gpu = False
        if resource is not None and resource.startswith("unmodelled:"):
            zh, en, _w = UNMODELLED[int(resource.split(":")[1])]
            if zh == "GPU" and spec is not None:
                resource, gpu = "instance", True  # a GPU instance: its vCPU/RAM are priced
            else:
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
        if titled and not self.title_said:
            self.title_said = True
            self.issue(
                t.excel_header_row,
                "",
                titled,
                bi(
                    "表中没有计费项列：各行的资源取自标题「{t}」，读作「{r}」（推测）",
                    "The table has no item column: the resource of its rows is taken from the "
                    "title '{t}' as {r} (a guess)",
                    t=titled,
                    r=pair(RESOURCE_LABELS, resource),
                ),
                Msg(
                    "如不对，请在表中加「计费项」列，或在版式中给出资源",
                    "If this is wrong, add an item column or give the resource in the layout",
                ),
                "warning",
                confirm="resource-from-title",
                rows=tuple(r for r, _c, _s in t.records),
            )
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
            " ".join(clean_text(v) for v in cells if not is_blank(v, dashes=True))
        )
        found: list[_Cand] = []
        several = len(self.price_cols) > 1
        for pc in self.price_cols:
            col = pc.col
            raw_cell = self.cell(cells, col)
            pieces = price_cells(raw_cell)
            if not pieces:
                pieces = [(raw_cell, None, "")]
            for raw, inline, note in pieces:
                if (
                    several
                    and not non_finite(raw)  # a number's spelling: refused by price(), an error
                    and (
                        is_blank(raw, dashes=True) or (a := parse_amount(raw)) is None or a.percent
                    )
                ):
                    what = pc.label or col.header
                    if is_blank(raw, dashes=True):
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
                converted = self._convert(row, cells, col, value, unit, pc.term, inline)
                if converted is None:
                    continue
                value, period = converted
                label = pc.label
                if len(pieces) > 1:
                    label = f"{label} {'月' if period == 'month' else '年'}".strip()
                flags = ("gpu",) if gpu else ()
                if note:
                    flags = (*flags, "bundle")
                found.append(
                    _Cand(
                        resource,
                        value,
                        period,
                        spec if resource == "instance" else None,
                        item + spec_text,
                        pc.pool,
                        label,
                        step,
                        pc.os,
                        flags,
                        note,
                        hourly=pc.term is not None
                        and pc.term[0] == "hour"
                        or (inline is not None and inline.hourly),
                        columns=(col.header, *spec_from),
                    )
                )
        if not found:
            return None
        return self._choose_terms(row, found)

    def _choose_terms(self, row: int, found: list[_Cand]) -> list[_Cand]:
        """Of one row's prices for the same pool and system, the cheapest a year is the line;
        the others are listed, and the choice is 需确认 when it changed the period."""
        groups: dict[tuple[str, str], list[_Cand]] = {}
        for c in found:
            groups.setdefault((c.pool or "", c.os), []).append(c)
        out = []
        for cands in groups.values():
            win = min(cands, key=lambda c: c.annual) if len(cands) > 1 else cands[0]
            out.append(win)
            win_label, win_year = win.label or "?", f"{win.annual:,.2f}"
            for c in cands:
                if c is win:
                    continue
                self.issue(
                    row,
                    c.label,
                    f"{c.value:g}",
                    # formatted directly (not with bi): one message per row of a big sheet
                    Msg(
                        f"「{c.label or '?'}」价格未使用：按「{win_label}」计（折合每年 {win_year} 元，更便宜）",
                        f"The '{c.label or '?'}' price is not used: '{win_label}' is ({win_year} "
                        "yuan a year, cheaper)",
                    ),
                    _TERM_NOT_USED_HINT,
                    "warning",
                )
            periods = {c.period for c in cands} | (
                {"hour"} if any(c.hourly for c in cands) else set()
            )
            if len(periods) > 1 or (len(cands) > 1 and any(c.label != win.label for c in cands)):
                self.term_rows.setdefault(win.label, []).append(row)
                self.term_others.setdefault(win.label, {}).update(
                    dict.fromkeys(c.label for c in cands if c is not win and c.label)
                )
        return out

    def _wide(self, row: int, cells: list[Any]) -> list[_Cand] | None:
        out: list[_Cand] = []
        for col in self.t.columns:
            if not col.field or not col.field.startswith("res:"):
                continue
            raw = self.cell(cells, col)
            resource = col.field[4:]
            if is_blank(raw, dashes=True):
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
            raw, inline = split_price_cell(raw)
            unit = self._row_unit(cells, col, inline)
            value = self.price(row, raw, col, unit, _resource_name(resource))
            if value is None:
                continue
            converted = self._convert(row, cells, col, value, unit, None, inline)
            if converted is None:
                continue
            value, period = converted
            cand = _Cand(resource, value, period, None, col.header, None, "", False)
            cand.columns = (col.header, "", "")
            out.append(cand)
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


@dataclass
class _PriceCol:
    """A price column as the reader uses it."""

    col: ColumnMap
    pool: str | None
    """Pool the column prices (a region/zone column of a matrix), None = the row's pool."""
    os: str
    term: tuple[str, int] | None
    dims: dict[str, str]
    label: str = ""


@dataclass
class _Cand:
    """One price a row states, before the reader makes it a line."""

    resource: str
    value: Decimal
    period: str
    spec: tuple[float, float] | None
    text: str
    pool: str | None
    label: str
    step: bool
    os: str = ""
    flags: tuple[str, ...] = ()
    note: str = ""
    hourly: bool = False
    columns: tuple[str, str, str] = ("", "", "")
    """Headers of the columns its price, vCPU and RAM were read from (for messages)."""

    @property
    def annual(self) -> float:
        return float(self.value * (12 if self.period == "month" else 1))


_NO_PRICE_UNIT = parse_price_unit(None)
_TERM_NOT_USED_HINT = Msg(
    "如须按其他计费方式，请删去不用的价格列，或在版式中把它标为忽略",
    "To plan with another term, delete the price columns not wanted or mark "
    "them ignored in the layout",
)


_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(核|vcpus?|c|u|gib|gb|g)?\s*$", re.IGNORECASE)


def _leading_number(value: Any) -> Any:
    """'2核' → '2', '4 GiB' → '4'; other values unchanged."""
    if type(value) is str:
        return _leading_number_of_text(value)
    if isinstance(value, str):
        return _leading_number_of_text.__wrapped__(value)
    return value


@lru_cache(maxsize=1 << 16)  # pure; every row's vCPU and RAM cells ask
def _leading_number_of_text(value: str) -> str:
    m = _LEADING_NUMBER.match(clean_text(value))
    return m.group(1) if m else value


def _head_name(c: ColumnMap) -> str:
    """A price column's own name without its bracketed unit ('华北（元/月）' → '华北')."""
    text = c.sub if c.sub and c.sub != c.top else c.header
    return re.sub(r"[\(（\[【].*?[\)）\]】]", "", text).strip() or text


def split_header_name(c: ColumnMap) -> str:
    """A column's header without its bracketed unit, all levels ('带宽规格(Mbps)' → '带宽规格')."""
    return re.sub(r"[\(（\[【].*?[\)）\]】]", "", c.header).strip() or c.header


def _money(c: ColumnMap) -> bool:
    """The header states a money unit (元, 万元, CNY, per month …)."""
    t = normalise(c.header)
    return (
        c.unit.scale != 1
        or c.unit.period is not None
        or any(w in t for w in ("元", "cny", "rmb", "¥", "￥"))
    )


QUOTE_MIN_FIELDS = 2

NOT_FINITE = (
    Msg(
        "数值超出范围（不是有限的数，如 1e309、inf 或 nan），该行未读取",
        "The value is out of range (not a finite number, such as 1e309, inf or nan); the row "
        "was not read",
    ),
    Msg("请填写正常大小的数字", "Enter a number of ordinary size"),
)
#: Column names for a number whose sheet column is not known (a line of a 询价单).
_NUMBER_COLUMNS = {
    "unit_price": Msg("单价", "unit price"),
    "vcpu": Msg("规格vCPU", "spec vCPU"),
    "ram_gb": Msg("规格内存GB", "spec RAM GB"),
}


def not_finite_field(price: float, vcpu: float | None, ram_gb: float | None) -> str | None:
    """The number of a price line that is not finite (inf, nan, or beyond 10¹⁵ as the readers
    bound cells): 'unit_price', 'vcpu' or 'ram_gb'; None when all are. The importer's one check
    that no such number reaches a line, whichever reader produced it."""
    for field, value in (("unit_price", price), ("vcpu", vcpu), ("ram_gb", ram_gb)):
        if value is not None and not math.isfinite(value):
            return field
    return None


def _refuse_not_finite_lines(q: QuoteSheet) -> None:
    """The same check for lines made by another reader (a 询价单 read by position)."""
    bad = set()
    for x in q.read:
        field = not_finite_field(x.unit_price, x.vcpu, x.ram_gb)
        if field is not None:
            bad.add(id(x))
            value = {"unit_price": x.unit_price, "vcpu": x.vcpu, "ram_gb": x.ram_gb}[field]
            q.issues.append(
                ValidationIssue(
                    x.file or q.file,
                    x.sheet,
                    x.source_row or None,
                    _NUMBER_COLUMNS[field],
                    str(value),
                    *NOT_FINITE,
                )
            )
    if bad:
        q.read = [x for x in q.read if id(x) not in bad]
        q.lines = [x for x in q.lines if id(x) not in bad]


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
    return any(
        c.field and c.field.startswith("res:") and (c.unit.found or table.unit_text)
        for c in table.columns
    )


def read_quote(
    path: str | Path,
    vendor: str | None = None,
    mappings: MappingStore | None = None,
    overrides: dict[str, str] | None = None,
    _memory_of: str | None = None,
    platform: str | None = None,
    layout: dict[str, Any] | None = None,
    progress: Any = None,
) -> QuoteSheet:
    """Read one vendor file (every sheet that holds a quote table) into normalised lines.

    The remembered mapping of the vendor (given, or guessed from the file name) is applied;
    when the vendor is only learnt from a 供应商 column, the file is read a second time with
    that vendor's remembered mapping. platform names the pool of rows whose pool the file does
    not say (no pool column, no section title above them). layout is a layout file's content
    (:mod:`data.importers.layout`): what it fixes replaces the guess, and the guesses it
    accepts are no longer 需确认. Without one, a layout remembered for the vendor and the
    file's shape is applied.
    """
    from data.importers.layout import apply_layout, layout_shape, remembered_layout
    from data.importers.resolve import resolve

    path = Path(path)
    out = QuoteSheet(path.name)
    grids, issues = read_grids(path, progress=progress)
    out.issues.extend(issues)
    out.grids = list(grids)
    if not grids:
        return out
    sheets = {g.sheet: g.rows for g in grids}
    if is_rfq(sheets):  # a 询价单 Yunce wrote: read by position, nothing to guess
        rfq = read_rfq(path.name, sheets, vendor)
        rfq.grids = list(grids)
        _refuse_not_finite_lines(rfq)
        return rfq
    file_vendor = vendor or guess_vendor(path.stem)
    memory: dict[str, str] = {}
    if mappings is not None:
        memory.update(mappings.columns(_memory_of or vendor or file_vendor or ""))
    memory.update({normalise(k): v for k, v in (overrides or {}).items()})
    given = layout or {}
    if given.get("vendor") and not vendor:
        vendor = file_vendor = str(given["vendor"])
    tables: list[tuple[Grid, FoundTable]] = []
    sheet_vendors: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for grid in grids:
        if match_sheet(grid.sheet) in _CANONICAL_NOT_QUOTES or grid.sheet in (
            "说明",
            "校验报告",
            "Validation report",
            "instructions",
        ):
            continue  # the other sheets of a canonical workbook are not quotes
        bands = _given_bands(given, grid.sheet)
        sl = detect_tables(grid, QUOTE_FIELDS, memory, known_vendor, QUOTE_MIN_FIELDS, bands)
        titles[grid.sheet] = sl.title
        found = []
        for t in sl.tables:
            apply_layout(t, given)
            if is_quote_table(t):
                found.append(t)
            else:
                out.issues.extend(t.issues)
                out.issues.append(_not_a_quote_table(t))
        # a title above the first header is the sheet's: a guess on it is accepted when the
        # layout accepts it for a table of the sheet
        sheet_accepts = set().union(*(t.accepted for t in found)) if found else set()
        out.issues.extend(
            replace(i, confirm="") if i.confirm and i.confirm in sheet_accepts else i
            for i in sl.issues
        )
        if sl.vendors:
            sheet_vendors[grid.sheet] = sl.vendors
        if not found:
            if (
                any(any(not is_blank(v, dashes=True) for v in r) for r in grid.rows)
                and not sl.tables
            ):
                out.issues.append(_no_table_issue(grid, sl.best_candidate))
            continue
        tables.extend((grid, table) for table in found)
    if not tables and not any(i.severity == "error" for i in out.issues):
        out.issues.append(
            ValidationIssue(
                path.name,
                message=Msg("文件中没有找到报价表", "No quote table found in the file"),
                hint=Msg(
                    "表头应含 计费项/资源类型、单价 等列，或每种资源一列单价；各工作表的提示说明了看到的内容",
                    "The header should have columns such as item/resource and price, or one "
                    "price column per resource; the notes on each sheet say what was seen",
                ),
            )
        )
    for sheet, vs in sheet_vendors.items():
        if len(vs) < 2:
            continue
        if vendor:
            out.issues.append(
                ValidationIssue(
                    path.name,
                    sheet,
                    None,
                    _COL_VENDOR,
                    "、".join(vs),
                    bi(
                        "工作表按分组标题列出了 {n} 家供应商（{v}），与指定的供应商「{g}」不符",
                        "The sheet lists {n} vendors under section titles ({v}), not only the "
                        "vendor given ('{g}')",
                        n=len(vs),
                        v=Msg("、".join(vs), ", ".join(vs)),
                        g=vendor,
                    ),
                    Msg(
                        "不指定供应商即按各分组分别读取；或只保留该供应商的部分",
                        "Give no vendor to read each section as its own vendor, or keep only "
                        "that vendor's part",
                    ),
                )
            )
            tables = [(g, t) for g, t in tables if g.sheet != sheet]
        else:
            out.issues.append(
                ValidationIssue(
                    path.name,
                    sheet,
                    None,
                    _COL_VENDOR,
                    "、".join(vs),
                    severity="warning",
                    message=bi(
                        "一张表里有 {n} 家供应商的报价（{v}），已按分组标题分别读取",
                        "One sheet holds the quotes of {n} vendors ({v}); each section title's "
                        "rows are read as that vendor's",
                        n=len(vs),
                        v=Msg("、".join(vs), ", ".join(vs)),
                    ),
                    hint=Msg(
                        "请核对各供应商的报价行；供应商名称以分组标题为准",
                        "Check each vendor's lines; the vendor names are those of the section "
                        "titles",
                    ),
                )
            )
    vendor_said: set[tuple[str, str]] = set()
    for grid, table in tables:
        out.issues.extend(  # a guess the layout accepts is said, no longer to be confirmed
            replace(g, confirm="") if g.confirm and g.confirm in table.accepted else g
            for g in (*table.issues, *table.guesses)
        )
        sheet_vendor = file_vendor or (
            None
            if table.column("vendor") or table.vendor
            else guess_vendor(table.title, grid.sheet)
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
        reader.summarise()
        out.layouts.append(table)
    out.shape = layout_shape(tables)
    out.lines = resolve(out)
    out.vendors = list(dict.fromkeys(line.vendor for line in out.read if line.vendor))
    if not out.read and tables:
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
            path,
            vendor,
            mappings,
            overrides,
            _memory_of=out.vendors[0],
            platform=platform,
            layout=layout,
        )
    if layout is None and mappings is not None and out.vendors and len(out.vendors) == 1:
        kept = remembered_layout(mappings, out.vendors[0], out.shape)
        if kept is not None:
            again = read_quote(path, vendor, mappings, overrides, _memory_of, platform, layout=kept)
            again.shape = out.shape  # kept under the shape it was guessed with
            again.issues.insert(
                0,
                ValidationIssue(
                    path.name,
                    severity="warning",
                    message=bi(
                        "按上次为「{v}」这种版式改正并记住的版式读取",
                        "Read with the layout corrected and remembered for '{v}' files of this shape",
                        v=out.vendors[0],
                    ),
                    hint=Msg(
                        "如版式有变，请在导入对话框中改正，或删去映射文件中的记录",
                        "If the layout changed, correct it in the import dialog or delete the "
                        "record in the mapping file",
                    ),
                ),
            )
            return again
    return out


def _given_bands(layout: dict[str, Any], sheet: str) -> list[list[int]] | None:
    """Header bands (0-based rows) a layout file fixes for a sheet, or None."""
    bands = [
        [int(r) - 1 for r in t.get("header_rows") or []]
        for t in layout.get("tables") or []
        if str(t.get("sheet", "")) == sheet and t.get("header_rows")
    ]
    return bands or None


def _not_a_quote_table(t: FoundTable) -> ValidationIssue:
    heads = " | ".join(c.header for c in t.columns)[:80]
    return ValidationIssue(
        t.grid.file,
        t.grid.sheet,
        t.excel_header_row,
        "",
        heads,
        severity="warning",
        message=bi(
            "第 {r} 行起的表（{h}）没有价格列，未读取",
            "The table from row {r} ({h}) has no price column and was not read",
            r=t.header_rows[0] + 1,
            h=heads,
        ),
        hint=Msg(
            "如其中有价格，请给价格列加上「单价」或单位（元/月）的表头",
            "If it holds prices, head the price column with a price word or a unit (yuan a month)",
        ),
    )


def _no_table_issue(grid: Grid, best: tuple[int, str] | None) -> ValidationIssue:
    if best is not None:
        message = bi(
            "未找到报价表：最像表头的是第 {r} 行（{h}），但其中可识别的列不足两个（如 计费项/规格 与 单价），该工作表已跳过",
            "No quote table found: the row most like a header is row {r} ({h}), but fewer than "
            "two of its columns are recognised (such as item/spec and price); the sheet was "
            "skipped",
            r=best[0],
            h=best[1],
        )
    else:
        message = Msg(
            "未找到报价表（没有可识别的表头，如 资源类型/单价），该工作表已跳过",
            "No quote table found (no recognisable header such as resource "
            "type / unit price); the sheet was skipped",
        )
    return ValidationIssue(
        grid.file,
        grid.sheet,
        best[0] if best else None,
        "",
        "",
        severity="warning",
        message=message,
        hint=Msg(
            "如该表有报价，请确认表头含 计费项/资源类型 与 单价 等列名，或在版式文件中给出表头行和各列的含义",
            "If the sheet holds prices, check that its header has columns such as 'item' or "
            "'resource' and 'price', or give the header rows and the columns' meaning in a "
            "layout file",
        ),
    )
