"""Guessing the layout of the price tables in a sheet: a chain of small scored steps.

Like messytables' ``headers_guess`` followed by row processors, each step does one thing and
says why:

1. :func:`score_header_rows` scores every row as a header candidate (field names it holds,
   price headers with a unit, what the rows under it look like);
2. :func:`header_bands` grows each chosen row into the header band under it (any depth: a unit
   sub-row, area over region over OS, cells merged down or across);
3. :func:`column_levels` reads each column's header text per level (merged cells expanded);
4. :func:`roles_from_headers` names each column's role from its levels (pool, zone, item, spec,
   unit, quantity, price …) and a price column's dimensions (region, zone, term, OS);
5. :func:`body_rows` walks the rows under the header: data, blank, total, note, repeated
   header, section title (naming a pool, a resource or a vendor), footnote explanations;
6. :func:`roles_from_cells` checks the roles against what the cells hold (a "CPU" column of
   "1 核" is the spec, a column of numbers under "北京一区" is a price, a "规格" column of
   "通用" is a label, a comments column of "8*core+64G" is the spec);
7. :func:`units_from_context` finds a unit stated around the table (a note "单位为 元/月");
8. :func:`period_conflicts` catches a header that contradicts itself ("年价格（元/月）").

A new kind of layout is a new step here, not an edit of the reader
(:mod:`data.importers.quotes`), which only applies the layout it is given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from data.cell_values import clean_text, is_blank, parse_amount, parse_unit
from data.importers.grid import Grid
from data.importers.items import parse_price_unit, parse_spec_any, parse_term, price_cells
from data.importers.table import (
    _NOTE,
    _TOTAL,
    IGNORE,
    ColumnMap,
    FieldDef,
    FoundTable,
    _section_name,
    blank_rows_issue,
    classify,
)
from data.schema import normalise
from data.synonyms import words_of
from data.workbook import ValidationIssue
from planner.text import Msg, bi

MAX_HEADER_DEPTH = 4
"""Rows a header band may span (area over region over zone over OS)."""

_PRICE_WORDS = ("单价", "价格", "报价", "资费", "月租", "年费", "price", "cost", "费用", "价")
_PLACE_HINT = re.compile(
    r"(华北|华东|华南|华中|西南|西北|东北|地域|区域|可用区|一区|二区|三区|专区|资源池|节点|"
    r"region|zone|az\d|北京|上海|广州|深圳|成都|杭州|南京|武汉|西安|香港|新加坡)"
)
_OS_WORDS = tuple(words_of("variant"))
_RESOURCE_TITLE = re.compile(
    r"(云硬盘|云盘|磁盘|硬盘|存储|块存储|带宽|公网|弹性ip|eip|cpu|内存|vcpu|实例|云主机|云服务器|"
    r"节点|disk|storage|bandwidth|instance)"
)
_BILLING_TITLE = re.compile(
    r"^(按固定带宽|按用量|按流量|按量|按需|包年包月|包月|包年)(计费|付费)?$"
)
_TITLE_WORDS = re.compile(
    r"(报价单|报价表|价格表|价目表|价格总览|价格明细|清单|一览|总览|明细|收费标准|计费标准|"
    r"price list|pricing|comparison|quotation)"
)
_NUMBERED = re.compile(
    r"^\s*(?:(\d+)(?:\.(\d+))?(?:\.(\d+))?[、.．)](?!\d)|([一二三四五六七八九十]+)[、.．]|[(（]([一二三四五六七八九十\d]+)[)）])\s*"
)
_UNIT_NOTE = re.compile(
    r"(单位[为是:：]?\s*(?:人民币)?\s*(万?元)\s*[/／每]\s*(月|年|小时|时)|"
    r"(?:价格|单价|报价)(?:均)?为\s*(包月|包年|月|年)(?:价|单价|价格))"
)
_FOOTNOTE = re.compile(
    r"^\s*(?:注\s*[:：]?\s*)?(?:标|带|有)?\s*([*＊※#])\s*(?:号)?\s*(?:的|者)?(.*)$"
)
_NOT_FOR_NEW = re.compile(
    r"(不支持.*新建|不再(销售|提供|新购)|停售|已下线|下线|售罄|不能新购|不可新购)"
)
_QTY_LABEL = re.compile(r"^\s*\d+(\.\d+)?\s*(mbps|m|gb|g|tb|核|个|台)\b", re.IGNORECASE)


# --- cells ---------------------------------------------------------------------------------------
def non_finite(value: Any) -> bool:
    """inf, nan, 1e309 and the like: a number's spelling that is not a finite price."""
    if isinstance(value, float):
        return not math.isfinite(value) or abs(value) > 1e15
    return _non_finite_text(value) if type(value) is str else _non_finite_other(value)


@lru_cache(maxsize=1 << 16)  # pure; asked of every text cell where a price may stand
def _non_finite_text(value: str) -> bool:
    return _non_finite_other(value)


def _non_finite_other(value: Any) -> bool:
    t = clean_text(value).lower().replace(" ", "")
    if not t or t[0] not in "+-0123456789in∞":
        return False  # most text cells: no need for the pattern
    return bool(re.fullmatch(r"[+-]?(inf|infinity|nan|∞|\d+(\.\d*)?e\+?\d{2,})", t))


def is_priceish(value: Any) -> bool:
    """A number, or a price with its unit or a remark in the cell ("64 元/核/月", "2900(含…)").

    A non-finite number (inf, nan, 1e309) counts: it stands where a price is meant, and the
    reader refuses it naming the cell, rather than the column not being seen as prices at all.
    """
    if type(value) is str:
        return _priceish_text(value)
    if is_blank(value, dashes=True) or isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return _priceish_other(value)


@lru_cache(maxsize=1 << 16)  # pure; every cell of every row is asked, by several steps
def _priceish_text(value: str) -> bool:
    return not is_blank(value, dashes=True) and _priceish_other(value)


def _priceish_other(value: Any) -> bool:
    a = parse_amount(value)
    if a is not None:
        return not a.percent
    return bool(price_cells(value)) or non_finite(value)


#: normalise() of a cell's text, once per distinct text (asked of every row's first cells).
_normalised = lru_cache(maxsize=1 << 16)(normalise)


def _texts(row: Sequence[Any]) -> list[str]:
    return [clean_text(v) for v in row if not is_blank(v, dashes=True)]


def _is_text_row(row: Sequence[Any]) -> bool:
    cells = [v for v in row if not is_blank(v, dashes=True)]
    return bool(cells) and not any(is_priceish(v) for v in cells)


# --- header levels -------------------------------------------------------------------------------
_BRACKETS = re.compile(r"[\(（\[【](.*?)[\)）\]】]")


def split_level(text: str) -> tuple[str, str]:
    """'单价（元/核/月）' → ('单价', '元/核/月'); a bracket that is not a unit stays in the name:
    '华北（乌兰察布）' → ('华北（乌兰察布）', '')."""
    raw = clean_text(text)
    units = [u for u in _BRACKETS.findall(raw) if _unit_found(u)]
    name = raw
    for u in units:
        name = re.sub(r"[\(（\[【]" + re.escape(u) + r"[\)）\]】]", "", name)
    return normalise(name), normalise(" ".join(units))


def _unit_found(text: str) -> bool:
    t = normalise(text)
    if not t:
        return False
    pu = parse_price_unit(t)
    return (
        pu.unit.scale != 1
        or "元" in t
        or "cny" in t
        or "rmb" in t
        or pu.hourly
        or pu.unit.period is not None
        or t in ("核", "gb", "g", "gib", "mbps", "tb", "个", "台", "套")
    )


def level_name(text: str) -> str:
    """A header level as written without its bracketed unit: '华北（元/月）' → '华北'; other
    brackets stay ('华北（乌兰察布）')."""
    raw = clean_text(text)
    for u in _BRACKETS.findall(raw):
        if _unit_found(u):
            raw = re.sub(r"[\(（\[【]" + re.escape(u) + r"[\)）\]】]", "", raw)
    return raw.strip()


def level_field(text: str, vocabulary: Sequence[FieldDef], memory: Mapping[str, str]) -> str | None:
    """The field one header level names (memory first, then synonyms), or None."""
    key = normalise(text)
    if key in memory:
        return memory[key] or IGNORE
    name, _unit = split_level(text)
    if not name:
        return None
    return classify(name, vocabulary)


def has_price_word(text: str) -> bool:
    n = split_level(text)[0]
    return any(w in n for w in _PRICE_WORDS)


def money_unit(text: str) -> bool:
    """The level states a money unit or a period (元, 万元, CNY, /月, per month …)."""
    raw = clean_text(text)
    _name, unit = split_level(raw)
    t = normalise(raw)
    if unit and _unit_found(unit):
        return True
    return any(w in t for w in ("元", "cny", "rmb", "¥", "￥")) or bool(
        re.search(r"per-?(month|year)|/(月|年)", t)
    )


# --- 1. scoring header rows ----------------------------------------------------------------------
def _row_score(
    grid: Grid, i: int, vocabulary: Sequence[FieldDef], memory: Mapping[str, str]
) -> float:
    row = grid.rows[i]
    cells = [v for v in row if not is_blank(v, dashes=True)]
    if len(cells) < 2 or any(is_priceish(v) for v in reversed(cells)):
        return 0.0  # (from the right: a data row's prices are there, found at the first cell)
    if len({clean_text(v) for v in cells}) == 1:
        return 0.0  # one text merged across the row: a title or a note, not a header
    found: set[str] = set()
    score = 0.0
    for v in cells:
        text = clean_text(v)
        f = level_field(text, vocabulary, memory)
        if f == IGNORE:
            score += 0.5
            continue
        if f and f not in found:
            found.add(f)
            score += 1
        if f in ("unit_price", "term") and money_unit(text):
            score += 1
        elif f is None and money_unit(text) and has_price_word(text):
            score += 1.5  # "华北一可用区E 月单价"
    if found & {"item", "spec", "res:vcpu", "res:ram_gb", "platform", "unit_price", "term"}:
        below = next(
            (r for r in grid.rows[i + 1 : i + 5] if not all(is_blank(v, dashes=True) for v in r)),
            [],
        )
        if sum(1 for v in below if is_priceish(v)) >= 1 and not _is_text_row(below):
            score += 1  # numbers under it: a table starts here
    return score


def score_header_rows(
    grid: Grid, vocabulary: Sequence[FieldDef], memory: Mapping[str, str], min_score: float
) -> list[tuple[int, float]]:
    """(row, score) of every row that looks like a header, top to bottom."""
    out = []
    for i in range(len(grid.rows)):
        s = _row_score(grid, i, vocabulary, memory)
        if s >= min_score:
            out.append((i, s))
    return out


# --- 2. header bands ----------------------------------------------------------------------------
def _merged_into(grid: Grid, above: Sequence[int], i: int) -> bool:
    """A cell of the band above is merged down into row i."""
    return any(r0 in above and r0 < i <= r1 for r0, _c0, r1, _c1 in grid.merged)


def _under_span(grid: Grid, above: Sequence[int], i: int, j: int) -> bool:
    """Column j of row i lies under a cell of the band merged across several columns."""
    return any(r0 in above and c0 < c1 and c0 <= j <= c1 for r0, c0, r1, c1 in grid.merged)


def continues_band(
    grid: Grid, band: list[int], i: int, vocabulary: Sequence[FieldDef], memory: Mapping[str, str]
) -> bool:
    """Row i continues the header band above it (sub-headers, a unit sub-row)."""
    if i >= len(grid.rows):
        return False
    row = grid.rows[i]
    if not _is_text_row(row):
        return False
    top = grid.rows[band[-1]]
    new = [
        (j, v)
        for j, v in enumerate(row)
        if not is_blank(v, dashes=True)
        and clean_text(v) != clean_text(top[j] if j < len(top) else None)
    ]
    if not new:
        return False
    if len(_texts(row)) >= 2 and len(set(_texts(row))) == 1 and not _merged_into(grid, band, i):
        return False  # one text repeated: a title, not sub-headers
    merged_down = _merged_into(grid, band, i)
    spanned = all(_under_span(grid, band, i, j) for j, _v in new)
    gap = any(is_blank(top[j] if j < len(top) else None, dashes=True) for j, _v in new)
    units_only = all(
        _unit_found(clean_text(v)) and not level_field(clean_text(v), vocabulary, memory)
        for _j, v in new
    )
    named = any(
        _unit_found(clean_text(v))
        or level_field(clean_text(v), vocabulary, memory)
        or parse_term(clean_text(v))
        for _j, v in new
    )
    if len(_texts(row)) == 1 and not (merged_down or spanned or units_only):
        return False
    return (merged_down or spanned or gap or units_only) and (named or spanned or merged_down)


def header_bands(
    grid: Grid,
    candidates: list[tuple[int, float]],
    vocabulary: Sequence[FieldDef],
    memory: Mapping[str, str],
) -> list[list[int]]:
    """Header bands (lists of 0-based rows), each grown down from a candidate row."""
    bands: list[list[int]] = []
    taken: set[int] = set()
    for i, _s in candidates:
        if i in taken:
            continue
        band = [i]
        while len(band) < MAX_HEADER_DEPTH and continues_band(
            grid, band, band[-1] + 1, vocabulary, memory
        ):
            band.append(band[-1] + 1)
        taken.update(band)
        bands.append(band)
    return bands


def _spans_into(grid: Grid, j: int, band: list[int]) -> bool:
    """Row j holds a cell merged down into the band, or merged across columns over it."""
    top = band[0]
    for r0, c0, r1, c1 in grid.merged:
        if r0 <= j < r1 and r1 >= top:
            return True  # "实例族" merged down from row j into the band
        if r0 == j == r1 and c1 > c0:
            return True  # "华北" merged across the zones under it
    return False


def _carries_right(above: Sequence[Any], top: Sequence[Any]) -> bool:
    """Without merge information (CSV): an upper header cell over a blank to its right, where
    the row below goes on naming columns ("华北,,,华东" over "北京一区,北京二区,上海一区")."""
    seen = False
    for j, v in enumerate(above):
        below = top[j] if j < len(top) else None
        if not is_blank(v, dashes=True):
            seen = True
        elif seen and not is_blank(below, dashes=True):
            return True
    return False


def grow_bands_up(grid: Grid, bands: list[list[int]]) -> list[list[int]]:
    """Each band takes in the header rows above it (area over zone over OS): text rows whose
    cells are merged down into the band or across the columns over it (or, in a CSV, run on
    over blanks), up to MAX_HEADER_DEPTH rows. A title (one text across the row) or a note
    ("报价日期：…") is never a header row."""
    out: list[list[int]] = []
    floor = -1
    for band in bands:
        band = list(band)
        while len(band) < MAX_HEADER_DEPTH and band[0] - 1 > floor:
            j = band[0] - 1
            row = grid.rows[j]
            texts = _texts(row)
            if (
                not _is_text_row(row)
                or len(set(texts)) < 2
                or any(re.search(r"[:：].", t) for t in texts)
            ):
                break
            if not (
                _spans_into(grid, j, band)
                or (not grid.merged and _carries_right(row, grid.rows[band[0]]))
            ):
                break
            band.insert(0, j)
        out.append(band)
        floor = band[-1]
    return out


# --- 3. column levels ---------------------------------------------------------------------------
def column_levels(grid: Grid, band: list[int]) -> list[tuple[str, ...]]:
    """Header text per column and level, merged cells expanded, repeats and blanks removed.

    Without merge information (a CSV) an upper cell over a blank is carried right while the
    row below goes on naming sub-columns ("单价" over "包月 | 包年")."""
    width = max(len(grid.rows[b]) for b in band)
    grid_rows = [[clean_text(v) for v in grid.rows[b]] + [""] * width for b in band]
    for lv in range(len(band) - 1):
        upper, lower = grid_rows[lv], grid_rows[lv + 1]
        for j in range(1, width):
            if not upper[j] and lower[j] and upper[j - 1] and lower[j - 1]:
                if not any(r0 == band[lv] and c0 <= j <= c1 for r0, c0, _r1, c1 in grid.merged):
                    upper[j] = upper[j - 1]
    out = []
    for j in range(width):
        levels: list[str] = []
        for lv in range(len(band)):
            t = grid_rows[lv][j]
            if t and (not levels or levels[-1] != t):
                levels.append(t)
        out.append(tuple(levels))
    while out and not out[-1]:
        out.pop()
    return out


# --- 4. roles from headers ----------------------------------------------------------------------
_DIM_FIELDS = ("platform", "term", "variant")


def role_of_levels(
    j: int, levels: tuple[str, ...], vocabulary: Sequence[FieldDef], memory: Mapping[str, str]
) -> ColumnMap:
    """The role of a column from its header levels, and a price column's dimensions."""
    header = "/".join(levels)
    top, sub = (levels[0], levels[-1]) if levels else ("", "")
    unit = _merge_units(
        *(parse_unit(split_level(lv)[1]) for lv in reversed(levels)),
        *(parse_unit(split_level(lv)[0]) for lv in reversed(levels)),
    )
    col = ColumnMap(j, header, None, unit, top=top, sub=sub if len(levels) > 1 else "")
    col.levels = levels
    if not levels:
        return col
    key = normalise(header)
    for cand in (key, *(normalise(lv) for lv in levels)):
        if cand in memory:
            col.field, col.how = memory[cand] or IGNORE, "memory"
            col.why = bi(
                "按记住的映射读作 {f}", "read as {f} by the remembered mapping", f=col.field
            )
            if col.field in ("unit_price", "term"):
                col.dims = _dims(levels, vocabulary, memory)
            return col
    fields = [level_field(lv, vocabulary, memory) for lv in levels]
    bottom = fields[-1]
    priceish = any(
        f in ("unit_price", "term") or (f is None and money_unit(lv) and has_price_word(lv))
        for f, lv in zip(fields, levels, strict=True)
    ) or (any(money_unit(lv) for lv in levels) and all(f in (None, *_DIM_FIELDS) for f in fields))
    if bottom is not None and bottom not in ("unit_price", "term", *_DIM_FIELDS):
        col.field = bottom  # "备注" under a 单价 merged across it is a remark, not a price
        col.why = bi("表头「{h}」", "header '{h}'", h=levels[-1])
        if bottom.startswith("res:") and len(levels) > 1 and priceish and bottom != "res:vcpu":
            col.field = "unit_price"
            col.dims = _dims(levels, vocabulary, memory)
        return col
    if priceish:
        col.field = "unit_price"
        col.dims = _dims(levels, vocabulary, memory)
        col.why = bi("表头「{h}」是价格", "header '{h}' names a price", h=header)
        return col
    named = next((f for f in reversed(fields) if f is not None), None)
    col.field = named
    if named:
        col.why = bi("表头「{h}」", "header '{h}'", h=header)
    if named in ("term", "variant"):
        col.dims = _dims(levels, vocabulary, memory)  # 华北 / 北京一区 / Linux: the zone too
    return col


def _dims(
    levels: tuple[str, ...], vocabulary: Sequence[FieldDef], memory: Mapping[str, str]
) -> dict[str, str]:
    """What a price column's header levels say the price is for."""
    dims: dict[str, str] = {}
    places: list[str] = []
    for lv in levels:
        raw = clean_text(lv)
        name = (
            re.sub(r"[\(（\[【][^\)）\]】]*[\)）\]】]", "", raw)
            if _unit_found("".join(_BRACKETS.findall(raw)))
            else raw
        )
        term = parse_term(raw)
        n = normalise(name)
        if term is not None:
            dims["term"] = raw
            rest = _strip_words(name)
            if rest and _PLACE_HINT.search(normalise(rest)):
                places.append(rest)
            continue
        if any(w in n for w in _OS_WORDS):
            dims["os"] = raw
            continue
        f = level_field(raw, vocabulary, memory)
        if f in ("unit_price", IGNORE) or (f is None and not _strip_words(name)):
            rest = _strip_words(name)
            if rest and f == "unit_price" and _PLACE_HINT.search(normalise(rest)):
                places.append(rest)  # "华北一可用区E 月单价"
            continue
        if f is None and _unit_found(raw) and not _strip_words(name):
            continue  # a unit sub-row (元/月)
        if f is not None and f.startswith("res:"):
            dims["resource"] = f[4:]
            continue
        if f not in (None, "platform"):
            continue  # another field's word ("规格" over a price): not a place
        place = place_of(name)
        if place:
            places.append(place)
    if places:
        dims["pool"] = places[-1]
        if len(places) > 1:
            dims["region"] = " ".join(places[:-1])
    return dims


_FEE_WORD = re.compile(r"(费|租|价|price|cost|fee|rate|charge)")


def place_of(name: str) -> str | None:
    """The place a price header level names, or None: '华北', '北京一区', 'Guangzhou' and
    '华北一可用区E 月单价' name places; '月费', 'IP保有费', '折后价' name what is priced or how,
    not where (a level with a price word names a place only when a place word is left)."""
    rest = _strip_words(name)
    if not rest:
        return None
    if _PLACE_HINT.search(normalise(rest)):
        return rest
    if has_price_word(name) or _FEE_WORD.search(normalise(name)):
        return None
    return rest


def _strip_words(text: str) -> str:
    """A header level without price/term/unit words: '华北一可用区E 月单价' → '华北一可用区E'."""
    t = clean_text(text)
    t = re.sub(r"[\(（\[【].*?[\)）\]】]", "", t)
    for w in (
        "标准价格",
        "标准价",
        "单价",
        "价格",
        "报价",
        "月价",
        "年价",
        "价",
        "包年包月",
        "包月",
        "包年",
        "按月",
        "按年",
        "按需",
        "按量",
        "按配置",
        "月",
        "年",
        "元",
        "费用",
        "资费",
        "unit cost",
        "cost",
        "price",
        "per-month",
        "per-year",
        "monthly",
        "yearly",
    ):
        t = t.replace(w, " ")
    return re.sub(r"\s+", " ", t).strip(" /-_:：")


def _merge_units(*units: Any) -> Any:
    from data.cell_values import Unit

    scale = next((u.scale for u in units if u.scale != Decimal(1)), Decimal(1))
    period = next((u.period for u in units if u.period), None)
    per = next((u.per for u in units if u.per), None)
    return Unit(scale, period, per, any(u.found for u in units))


# --- 5. body rows -------------------------------------------------------------------------------
@dataclass
class Section:
    """A title row over data rows and what it names."""

    row: int
    """Excel row."""
    text: str
    name: str
    kind: str
    """'pool', 'resource', 'vendor', 'billing', 'title' (the document's title) or 'prose'."""
    level: int


def section_level(text: str) -> int:
    """1 for '3.', '三、', '（一）'; 2 for '3.1'; 3 for '3.1.2'; 9 for an unnumbered title."""
    m = _NUMBERED.match(clean_text(text))
    if not m:
        return 9
    if m.group(1):
        return 3 if m.group(3) else 2 if m.group(2) else 1
    return 1


def title_kind(text: str, known_vendor: Callable[[str], str | None]) -> str:
    """What a one-cell row names: a pool/family, a resource, a vendor, the billing mode, the
    document itself, or nothing (prose: a sentence, a note)."""
    raw = clean_text(text)
    t = normalise(raw)
    if not t:
        return "prose"
    body = _section_name(raw)
    b = normalise(body)
    if (
        _NOTE.match(t)
        or len(b) > 30
        or re.search(r"[，。；;!！?？]", raw)
        or re.search(r"[:：].", raw)
        or re.search(r"\d{4}\s*年|\d{4}[-/.]\d{1,2}", raw)
    ):
        return "prose"
    vendor = known_vendor(raw)
    core = re.sub(r"(quotation|quote|offer|报价单|报价表|报价|价格)$", "", b)
    if vendor and normalise(vendor) == core:
        return "vendor"  # "Aliyun quote", "二、移动云报价", "UCloud"
    if _BILLING_TITLE.match(b.rstrip(":：")):
        return "billing"
    if vendor or _TITLE_WORDS.search(t):
        return "title"  # "天翼云 政务云报价单", "联通云 云主机价格": the document's own title
    name = core.rstrip(":：")
    rest = _RESOURCE_TITLE.sub("", name)
    rest = re.sub(
        r"(ssd|sas|sata|hdd|essd|nvme|高性能|高效|普通|超高|极速|标准|容量型|性能型|通用型|增强型|"
        r"按固定|按|计费|规格|类型|价格|单价|[+＋、/()（）\s\d.])",
        "",
        rest,
    )
    plain = re.sub(r"(容量型|性能型|通用型|增强型|高性能|高效|普通|超高|极速|标准)", "", name)
    if _RESOURCE_TITLE.search(name) and len(rest) <= 1 and not re.search(r"(型|族|系列)", plain):
        return "resource"  # "3.2 存储", "云硬盘", "SSD云硬盘价格", "2. CPU+内存"
    if re.search(r"(型|族|系列|专区|资源池|可用区|区)", name):
        return "pool"  # a family or a zone: "内存优化型 m6", "华北2 可用区E", "海光专区"
    if any(w in t for w in ("价格", "报价", "单价", "价目", "资费", "收费")):
        return "title"
    return "pool"


@dataclass
class BodyScan:
    """What the rows under one header hold."""

    records: list[tuple[int, list[Any], str]] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    """Note/prose rows (Excel row, text): units and footnotes are looked for here."""
    trailing: list[Section] = field(default_factory=list)
    """Titles after the last data row: they belong to the next table."""
    kinds: dict[int, str] = field(default_factory=dict)
    """Excel row → 'data', 'blank', 'total', 'note', 'repeat' or 'section'."""


def body_rows(
    grid: Grid,
    band: list[int],
    end: int,
    stack: list[Section],
    known_vendor: Callable[[str], str | None],
) -> BodyScan:
    """Classify the rows between a header band and the next band (0-based end, exclusive)."""
    out = BodyScan()
    rows = grid.rows
    header_texts = [clean_text(v) for v in rows[band[-1]]]
    width = max(len(rows[b]) for b in band)
    note_mode = False
    blank_rows: list[int] = []
    pending: list[Section] = []
    last_data = -1
    for i in range(band[-1] + 1, end):
        row = list(rows[i]) + [None] * max(0, width - len(rows[i]))
        excel_row = i + 1
        texts = [clean_text(v) for v in row]  # "" exactly where a cell is blank (or a dash)
        cells = [t for t in texts if t]
        if not cells:
            blank_rows.append(excel_row)
            out.kinds[excel_row] = "blank"
            continue
        first = _normalised(cells[0])
        skip: Msg | None = None
        kind = "note"
        if any(_TOTAL.match(_normalised(c)) for c in cells[:3]):
            skip, kind = Msg("合计/小计行", "Total/subtotal row"), "total"
        elif sum(1 for t, h in zip(texts, header_texts, strict=False) if t and t == h) >= max(
            2, len(cells) // 2
        ):
            skip, kind = Msg("重复的表头行", "Repeated header row"), "repeat"
        elif len(set(cells)) == 1 and not is_priceish(row_first(row)):
            text = cells[0]
            kind = title_kind(text, known_vendor)
            if kind == "prose" or (
                note_mode
                and _NOTE.match(first) is None
                and kind == "pool"
                and len(normalise(text)) > 12
            ):
                note_mode = note_mode or bool(_NOTE.match(first))
                out.notes.append((excel_row, text))
                skip = Msg("注释/说明行", "Note row")
            else:
                sec = Section(excel_row, text, _section_name(text), kind, section_level(text))
                pending.append(sec)
                _push(stack, sec)
                out.sections.append(sec)
                out.kinds[excel_row] = "section"
                continue
        elif _NOTE.match(first):
            note_mode = True
            out.notes.append((excel_row, " ".join(cells)))
            skip = Msg("注释/说明行", "Note row")
        if skip is not None:
            out.issues.append(_skip_issue(grid, excel_row, cells, skip))
            out.kinds[excel_row] = kind
            continue
        note_mode = False
        pending = []
        last_data = excel_row
        out.kinds[excel_row] = "data"
        out.records.append((excel_row, row, _pool_of(stack)))
    out.trailing = [s for s in pending if s.row > last_data]
    for s in out.sections:
        out.issues.append(_section_issue(grid, s))
    inner = [r for r in blank_rows if r < last_data]
    if inner:
        out.issues.append(blank_rows_issue(grid, inner))
    return out


def _push(stack: list[Section], sec: Section) -> None:
    """A title takes the place of the titles of its level and below; a vendor title only
    replaces the vendor (a pool title under "Aliyun quote" keeps the vendor)."""
    if sec.kind in ("prose", "title"):
        return
    if sec.kind == "vendor":
        stack[:] = [s for s in stack if s.kind != "vendor"]
    else:
        keep = [s for s in stack if s.kind == "vendor"]
        rest = [s for s in stack if s.kind != "vendor"]
        while rest and rest[-1].level >= sec.level:
            rest.pop()
        stack[:] = keep + rest
    stack.append(sec)


def _pool_of(stack: Sequence[Section]) -> str:
    return next((s.name.rstrip(":：") for s in reversed(stack) if s.kind == "pool"), "")


def row_first(row: Sequence[Any]) -> Any:
    return next((v for v in row if not is_blank(v, dashes=True)), None)


def _skip_issue(grid: Grid, excel_row: int, cells: list[str], skip: Msg) -> ValidationIssue:
    return ValidationIssue(
        grid.file,
        grid.sheet,
        excel_row,
        "",
        " ".join(cells)[:60],
        severity="warning",
        message=bi(
            "{skip}，已跳过（不作为数据读取）", "{skip}, skipped (not read as data)", skip=skip
        ),
        hint=Msg(
            "如这一行是数据，请删去其中的合计/注等字样",
            "If this row is data, remove the words that mark it as a total or a note "
            "(such as '合计', '小计', '注')",
        ),
    )


_KIND_NAMES = {
    "pool": Msg("资源池/分组", "pool/group"),
    "resource": Msg("资源", "resource"),
    "vendor": Msg("供应商", "vendor"),
    "billing": Msg("计费方式", "billing mode"),
}


#: A title that says it names a pool (else the pool read from it is a guess: 需确认).
_SAYS_POOL = re.compile(r"(资源池|专区|可用区|区|云|pool|zone|region|az\b)", re.IGNORECASE)


def _section_issue(grid: Grid, s: Section) -> ValidationIssue:
    confirm = ""
    if s.kind == "pool" and not _SAYS_POOL.search(s.name):
        confirm = "pool-from-title"  # a family ("内存优化型 m6") read as the pool: a guess
        message = bi(
            "分组标题「{s}」没有说明是资源池，其下各行按资源池「{s}」读取（推测）",
            "The title '{s}' does not say it is a pool; the rows below it are read as pool "
            "'{s}' (a guess)",
            s=s.name.rstrip(":："),
        )
        hint = Msg(
            "如是资源池，请确认；如不是，请在表中增加「资源池」列，或在导入时填写资源池",
            "Confirm it if it is a pool; if not, add a pool column or give the pool when importing",
        )
        return ValidationIssue(
            grid.file,
            grid.sheet,
            s.row,
            "",
            s.text,
            severity="warning",
            message=message,
            hint=hint,
            confirm=confirm,
        )
    if s.kind == "pool":
        message = bi(
            "分组标题行，已跳过；其下各行的资源池/分组视为「{s}」",
            "Group title row, skipped; the rows below it are read as pool/group '{s}'",
            s=s.name.rstrip(":："),
        )
        hint = Msg(
            "如不是资源池名称，请在表中增加「资源池」列",
            "If this is not a pool name, add a pool column (headed 'pool' or '资源池')",
        )
    else:
        message = bi(
            "标题行「{t}」，已跳过；读作其下各行的{k}",
            "Title row '{t}', skipped; read as the {k} of the rows below",
            t=s.text,
            k=_KIND_NAMES.get(s.kind, Msg("标题", "title")),
        )
        hint = Msg("无需处理", "Nothing to do")
    return ValidationIssue(
        grid.file, grid.sheet, s.row, "", s.text, severity="warning", message=message, hint=hint
    )


# --- 6. roles from cells ------------------------------------------------------------------------
def _column_cells(table: FoundTable, j: int, limit: int = 400) -> list[Any]:
    out = []
    for _r, cells, _s in table.records[:limit]:
        v = cells[j] if j < len(cells) else None
        if not is_blank(v, dashes=True):
            out.append(v)
    return out


def _place_dims(levels: Sequence[str]) -> dict[str, str]:
    """Pool (and region) of a column found by its cells to hold prices: the places its levels
    name ("华北一可用区E 月单价" → 华北一可用区E), else its lowest level as written."""
    places = [p for p in (place_of(level_name(lv)) for lv in levels) if p]
    if not places:
        places = [_strip_words(levels[-1]) or levels[-1]]
    dims = {"pool": places[-1]}
    if len(places) > 1:
        dims["region"] = " ".join(places[:-1])
    return dims


_KEY_FIELDS = ("item", "spec", "spec_vcpu", "spec_ram", "res:vcpu", "res:ram_gb")


_GPU_HEADER = re.compile(r"(gpu|显卡|vgpu|图形加速)")


def roles_from_cells(table: FoundTable) -> None:
    """Check each column's role against its cells, and say why when a role changes."""
    for c in table.columns:  # a side column naming the GPU of a row: marks GPU instances
        if (
            c.field in (None, IGNORE)
            and c.how != "layout"
            and _GPU_HEADER.search(normalise(c.header))
        ):
            c.field = "gpu"
            c.why = bi(
                "GPU 列：此列有内容的行是含 GPU 的实例（已识别，不用于规划）",
                "GPU column: rows with something in it are GPU instances (recognised, not used "
                "in planning)",
            )
    keys = any(c.field in _KEY_FIELDS for c in table.columns)
    prices = [c for c in table.columns if c.field in ("unit_price", "term")]
    for c in table.columns:
        values = _column_cells(table, c.index)
        if not values:
            continue
        n = len(values)
        num = sum(1 for v in values if is_priceish(v))
        specs = sum(1 for v in values if isinstance(v, str) and parse_spec_any(v) is not None)
        qty = sum(1 for v in values if isinstance(v, str) and _QTY_LABEL.match(clean_text(v)))
        if c.field is None and keys and num >= 0.6 * n and c.levels:
            c.field = "unit_price"
            c.dims = _place_dims(c.levels)
            c.why = bi(
                "表头「{h}」下是价格：读作价格列，「{p}」为资源池",
                "prices under '{h}': read as a price column with '{p}' as the pool",
                h=c.header,
                p=c.dims["pool"],
            )
            c.how = "cells"
        elif c.field == "platform" and keys and num >= 0.6 * n and c.levels:
            c.field = "unit_price"  # "华北一可用区E" over prices: a price column for that zone
            c.dims = _place_dims(c.levels)
            c.why = bi(
                "表头「{h}」是地名，其下是价格：读作「{p}」的价格列（不是资源池列）",
                "'{h}' names a place and holds prices: read as the price column of '{p}' (not "
                "a pool column)",
                h=c.header,
                p=c.dims["pool"],
            )
            c.how = "cells"
        elif c.field in ("res:vcpu", "res:ram_gb") and qty >= 0.5 * n:
            c.field = "spec_vcpu" if c.field == "res:vcpu" else "spec_ram"  # "1 核", "4GB"
            c.why = bi(
                "「{h}」下是数量（如「{v}」），读作规格",
                "'{h}' holds quantities (e.g. '{v}'): read as the spec",
                h=c.header,
                v=clean_text(values[0])[:20],
            )
        elif c.field in ("unit_price", "term") and num < 0.3 * n:
            c.field = IGNORE
            c.why = bi(
                "「{h}」下不是数字（如「{v}」），不作为价格",
                "'{h}' holds no numbers (e.g. '{v}'): not a price",
                h=c.header,
                v=clean_text(values[0])[:20],
            )
            c.how = "cells"
        elif c.field == "spec" and specs < 0.5 * n and num < 0.5 * n:
            c.field = "item"  # 实例规格类型 "通用": a family label, not a spec
            c.why = bi(
                "「{h}」下不是规格（如「{v}」），读作名称",
                "'{h}' holds no specs (e.g. '{v}'): read as a name",
                h=c.header,
                v=clean_text(values[0])[:20],
            )
        elif c.field and c.field.startswith("res:") and num < 0.5 * n:
            c.field = "item"  # 带宽 "1Mbps": the item, with its quantity
            c.why = bi(
                "「{h}」下是名称/数量（如「{v}」），读作计费项",
                "'{h}' holds names/quantities (e.g. '{v}'): read as the item",
                h=c.header,
                v=clean_text(values[0])[:20],
            )
        elif (
            c.field in (None, IGNORE)
            and specs >= 0.8 * n
            and not any(x.field in ("spec", "spec_vcpu", "spec_ram") for x in table.columns)
        ):
            c.field = "spec"
            c.how = "cells"
            c.why = bi(
                "「{h}」下是规格（如「{v}」），读作规格",
                "'{h}' holds specs (e.g. '{v}'): read as the spec",
                h=c.header,
                v=clean_text(values[0])[:20],
            )
            table.guesses.append(
                ValidationIssue(
                    table.grid.file,
                    table.grid.sheet,
                    table.excel_header_row,
                    c.header,
                    clean_text(values[0])[:40],
                    bi(
                        "表中没有规格列：vCPU/内存取自「{h}」列的文字（如「{v}」）（推测）",
                        "No spec column: vCPU/RAM are taken from the text of column '{h}' "
                        "(e.g. '{v}') (a guess)",
                        h=c.header,
                        v=clean_text(values[0])[:20],
                    ),
                    Msg(
                        "请核对各行的 vCPU/内存；如不对，请加「规格」列",
                        "Check each row's vCPU/RAM; if wrong, add a spec column",
                    ),
                    "warning",
                    confirm="spec-from-text",
                    rows=tuple(r for r, _c, _s in table.records),
                )
            )
        elif qty and c.field is None:
            c.field = "item"
    if not prices:
        return


# --- 7. units around the table ------------------------------------------------------------------
def unit_note(texts: Sequence[tuple[int, str]]) -> tuple[str, int] | None:
    """('元/月', row) from a note such as '注意：单位为 元/月；…' or '注：价格为包月价'."""
    for row, text in texts:
        m = _UNIT_NOTE.search(clean_text(text))
        if not m:
            continue
        if m.group(2):
            per = {"小时": "小时", "时": "小时"}.get(m.group(3), m.group(3))
            return f"{m.group(2)}/{per}", row
        period = m.group(4)
        return ("元/月" if "月" in period else "元/年"), row
    return None


def footnotes(texts: Sequence[tuple[int, str]]) -> dict[str, str]:
    """Marker → explanation from notes such as '标*表示不支持以该规格新建云主机…'."""
    out: dict[str, str] = {}
    for _row, text in texts:
        t = clean_text(text)
        m = _FOOTNOTE.match(t)
        if m and m.group(2).strip():
            mark = {"＊": "*"}.get(m.group(1), m.group(1))
            expl = m.group(2).strip()
            expl = re.sub(r"^(表示|为|是|指)", "", expl).strip()
            if len(expl) >= 4:
                out.setdefault(mark, expl)
    return out


# --- 8. contradicting headers -------------------------------------------------------------------
_NAME_PERIOD = (("年", "year"), ("annual", "year"), ("月", "month"), ("monthly", "month"))


def name_period(c: ColumnMap) -> str | None:
    """The period the header's words (outside the bracketed unit) say: 年价格 → year."""
    for lv in c.levels:
        name = split_level(lv)[0]
        term = parse_term(name)
        if term is not None and term[0] in ("month", "year"):
            return term[0]
        for w, p in _NAME_PERIOD:
            if name.startswith(w) or name.endswith(w + "价格") or name.startswith(w + "价"):
                return p
    return None


def period_conflicts(table: FoundTable) -> None:
    """A header whose words say one period and whose unit says the other ("年价格（元/月）").

    When another price column of the table states the other period and this column's values
    are about 10–12 times it in every row, the words win (the bracket is a slip), as a guess;
    otherwise the column is refused with the reason."""
    prices = [c for c in table.columns if c.field in ("unit_price", "term")]
    for c in prices:
        said = name_period(c)
        if said is None or c.unit.period is None or said == c.unit.period:
            continue
        sibling = next(
            (
                x
                for x in prices
                if x is not c
                and (x.unit.period or name_period(x)) == c.unit.period
                and name_period(x) in (None, c.unit.period)
            ),
            None,
        )
        ratios = []
        if sibling is not None:
            for _r, cells, _s in table.records:
                a = parse_amount(cells[c.index] if c.index < len(cells) else None)
                b = parse_amount(cells[sibling.index] if sibling.index < len(cells) else None)
                if a is not None and b is not None and b.value > 0:
                    ratios.append(float(a.value / b.value))
        big = said == "year"
        fits = ratios and all(
            (9.5 <= r <= 12.5) if big else (1 / 12.5 <= r <= 1 / 9.5) for r in ratios
        )
        if fits:
            from data.cell_values import Unit

            c.unit = Unit(c.unit.scale, said, c.unit.per, True)
            c.why = bi(
                "「{h}」的文字说{a}，括号里的单位说{b}；其数值约为「{s}」的 {k:.0f} 倍，按{a}价读取",
                "'{h}' says {a_en} in words but {b_en} in its unit; its values are about {k:.0f} "
                "times '{s}', so they are read as {a_en} prices",
                h=c.header,
                a="年" if big else "月",
                b="月" if big else "年",
                a_en="yearly" if big else "monthly",
                b_en="monthly" if big else "yearly",
                s=sibling.header if sibling else "",
                k=sum(ratios) / len(ratios),
            )
            table.guesses.append(
                ValidationIssue(
                    table.grid.file,
                    table.grid.sheet,
                    table.excel_header_row,
                    c.header,
                    c.header,
                    c.why,
                    Msg(
                        "请向供应商核实；如确为月价，请在版式中把该列的周期改为 月",
                        "Check with the vendor; if they are monthly prices, set the column's "
                        "period to month in the layout",
                    ),
                    "warning",
                    confirm="period-conflict",
                    rows=tuple(r for r, _c, _s in table.records),
                )
            )
        else:
            c.field = IGNORE
            c.why = bi(
                "「{h}」的文字说{a}价，单位却是{b}：无法判断，该列未读取",
                "'{h}' says {a_en} in words but {b_en} in its unit: cannot tell, the column "
                "was not read",
                h=c.header,
                a="年" if big else "月",
                b="元/月" if big else "元/年",
                a_en="yearly" if big else "monthly",
                b_en="per month" if big else "per year",
            )
            table.issues.append(
                ValidationIssue(
                    table.grid.file,
                    table.grid.sheet,
                    table.excel_header_row,
                    c.header,
                    c.header,
                    c.why,
                    Msg(
                        "请改正表头，或在版式文件中给出该列的周期",
                        "Correct the header, or give the column's period in a layout file",
                    ),
                    "error",
                )
            )


def _real_bands(
    grid: Grid, bands: list[list[int]], vocabulary: Sequence[FieldDef], memory: Mapping[str, str]
) -> list[list[int]]:
    """Drop candidate bands that are the previous table's data or its header repeated.

    Directly under data rows (no blank or title row between), a row starts a new header only
    when it names a price where the table above has its prices ("包月标准价格（元/G/月）" under
    "包月标准价格（元/核/月）"): a text-only data row ("鲲鹏资源池 | vCPU | 面议") does not.
    An exact repeat of the header above is a repeated header row, reported and skipped."""
    out: list[list[int]] = []
    for band in bands:
        if not out:
            out.append(band)
            continue
        prev = out[-1]
        top = [clean_text(v) for v in grid.rows[band[0]]]
        prev_top = [clean_text(v) for v in grid.rows[prev[0]]]
        if band[0] == prev[-1] + 1:
            continue  # right under a header and not part of it: the first data row
        data_above = not _is_title_or_blank(grid.rows[band[0] - 1])
        if data_above and top == prev_top:
            continue  # the header repeated under its data: a repeated header row, skipped
        if data_above:
            levels = column_levels(grid, prev)
            price_cols = [
                j
                for j, lv in enumerate(levels)
                if lv and role_of_levels(j, lv, vocabulary, memory).field in ("unit_price", "term")
            ]
            row = grid.rows[band[0]]
            names_price = any(
                j < len(row)
                and not is_blank(row[j], dashes=True)
                and (
                    level_field(clean_text(row[j]), vocabulary, memory) in ("unit_price", "term")
                    or money_unit(clean_text(row[j]))
                )
                for j in price_cols
            )
            if price_cols and not names_price:
                continue
        out.append(band)
    return out


def _is_title_or_blank(row: Sequence[Any]) -> bool:
    cells = _texts(row)
    return not cells or len(set(cells)) == 1


def parallel_vendors(
    grid: Grid, bands: list[list[int]], known_vendor: Callable[[str], str | None]
) -> Callable[[str], str | None]:
    """Titles over parallel sections are of one kind: when the title right above one header
    names a vendor ("1. Tencent Cloud"), a title at the same level right above the same header
    names a vendor too ("3. 青云"), even one Yunce has never heard of."""
    over: list[tuple[str, tuple[str, ...]]] = []
    for band in bands:
        j = band[0] - 1
        if j < 0:
            continue
        cells = _texts(grid.rows[j])
        if len(set(cells)) == 1:
            over.append((cells[0], tuple(_texts(grid.rows[band[0]]))))
    vendor_heads = {
        (section_level(t), head) for t, head in over if title_kind(t, known_vendor) == "vendor"
    }
    extra = {
        normalise(_section_name(t))
        for t, head in over
        if (section_level(t), head) in vendor_heads and title_kind(t, known_vendor) == "pool"
    }
    if not extra:
        return known_vendor

    def vendor_of(text: str) -> str | None:
        found = known_vendor(text)
        if found:
            return found
        name = _section_name(clean_text(text))
        return name if normalise(name) in extra else None

    return vendor_of


# --- the chain ----------------------------------------------------------------------------------
@dataclass
class SheetLayout:
    """The tables found in one sheet, and what was seen around them."""

    tables: list[FoundTable] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)
    title: str = ""
    """The sheet's title rows above the first table, joined."""
    vendors: list[str] = field(default_factory=list)
    """Vendors named by section titles (several vendors on one sheet)."""
    best_candidate: tuple[int, str] | None = None
    """When no table was found: the row that looked most like a header, and what it held."""


def detect_tables(
    grid: Grid,
    vocabulary: Sequence[FieldDef],
    memory: Mapping[str, str],
    known_vendor: Callable[[str], str | None],
    min_score: float = 2.0,
    header_rows: Sequence[Sequence[int]] | None = None,
) -> SheetLayout:
    """Run the chain on one sheet. header_rows (0-based bands) replaces steps 1–2 when a layout
    file or the user gave them."""
    out = SheetLayout()
    rows = grid.rows
    if header_rows is not None:
        bands = [list(b) for b in header_rows if b]
    else:
        cands = score_header_rows(grid, vocabulary, memory, min_score)
        bands = header_bands(grid, cands, vocabulary, memory)
        bands = grow_bands_up(grid, bands)
    bands = _real_bands(grid, bands, vocabulary, memory)
    if not bands:
        scored = [(i, _row_score(grid, i, vocabulary, memory)) for i in range(min(len(rows), 200))]
        best = max(scored, key=lambda x: x[1], default=None)
        if best is not None and best[1] > 0:
            out.best_candidate = (best[0] + 1, " | ".join(_texts(rows[best[0]]))[:80])
        return out
    known_vendor = parallel_vendors(grid, bands, known_vendor)
    stack: list[Section] = []
    above_rows: list[int] = []
    title_parts: list[str] = []
    pre_notes: list[tuple[int, str]] = []
    for i in range(bands[0][0]):
        cells = _texts(rows[i])
        if not cells:
            continue
        above_rows.append(i + 1)
        text = " ".join(dict.fromkeys(cells))
        title_parts.append(text)
        if len(set(cells)) == 1:
            kind = title_kind(cells[0], known_vendor)
            sec = Section(i + 1, cells[0], _section_name(cells[0]), kind, section_level(cells[0]))
            if kind == "prose":
                pre_notes.append((i + 1, text))
            else:
                _push(stack, sec)
                if kind in ("pool", "resource", "vendor", "billing"):
                    above_rows.pop()
                    title_parts.pop()
                    out.issues.append(_section_issue(grid, sec))
                if kind == "vendor":
                    out.vendors.append(known_vendor(cells[0]) or sec.name)
        else:
            pre_notes.append((i + 1, text))
    out.title = " ".join(title_parts)
    title_parts = title_parts or [""]
    if above_rows:
        out.issues.append(
            ValidationIssue(
                grid.file,
                grid.sheet,
                above_rows[0],
                "",
                title_parts[0][:60],
                severity="warning",
                message=bi(
                    "表头（第 {h} 行）以上的 {n} 行是标题/说明，未作为数据读取",
                    "The {n} rows above the header (row {h}) are titles/notes, not read as data",
                    h=bands[0][0] + 1,
                    n=len(above_rows),
                ),
                hint=Msg(
                    "如其中有价格，请把它们移到表格中",
                    "If any of them holds prices, move them into the table",
                ),
                rows=tuple(above_rows),
            )
        )
    all_notes = list(pre_notes)
    for k, band in enumerate(bands):
        end = bands[k + 1][0] if k + 1 < len(bands) else len(rows)
        levels = column_levels(grid, band)
        table = FoundTable(grid, tuple(band), [])
        table.index = k
        table.title = out.title
        for j, lv in enumerate(levels):
            if lv:
                table.columns.append(role_of_levels(j, lv, vocabulary, memory))
        table.section = _pool_of(stack)
        table.vendor = next(
            (known_vendor(s.text) or s.name for s in reversed(stack) if s.kind == "vendor"), ""
        )
        table.resource_title = next((s.text for s in reversed(stack) if s.kind == "resource"), "")
        scan = body_rows(grid, band, end, stack, known_vendor)
        table.records = scan.records
        table.row_kinds = scan.kinds
        table.issues.extend(scan.issues)
        all_notes.extend(scan.notes)
        for s in scan.sections:
            if s.kind == "vendor":
                v = known_vendor(s.text) or s.name
                if v not in out.vendors:
                    out.vendors.append(v)
        # the titles after the last data row name the next table; the others are this one's
        roles_from_cells(table)
        period_conflicts(table)
        table.footnotes = footnotes(scan.notes)
        out.tables.append(table)
        table.next_header = end if k + 1 < len(bands) else None
    table_notes: list[tuple[int, str]] = all_notes
    note = unit_note(table_notes) or unit_note([(i + 1, t) for i, t in enumerate([out.title])])
    if note is not None:
        for t in out.tables:
            t.unit_text, t.unit_row = note
            t.unit_where = "note"
    fn = footnotes(all_notes)
    for t in out.tables:
        for k, v in fn.items():
            t.footnotes.setdefault(k, v)
    if len(out.vendors) > 1:
        for t in out.tables:
            if not t.vendor:
                t.vendor = ""
    return out
