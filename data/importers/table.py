"""Finding the table in a sheet as people lay it out: title rows, two-row headers, notes, totals.

A header row is the row whose cells name the most known fields (by synonyms). The row below
it continues the header when it holds only text and adds units or sub-names ("单价" over
"元/月 | 元/年"). Below the header every row is classified: data, blank, subtotal/total,
note, repeated header, or a section title (one text cell, e.g. "二、鲲鹏资源池") that applies to
the rows after it. Everything that is not data is reported with its row, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from data.cell_values import Unit, clean_text, is_blank, parse_amount, parse_unit
from data.importers.grid import Grid
from data.schema import normalise
from data.workbook import ValidationIssue
from planner.text import Msg, bi

IGNORE = "ignore"
"""Field name of columns that are known but not used (序号, 备注, 数量 …)."""


@dataclass(frozen=True, slots=True)
class FieldDef:
    """A field a column can hold and the words that name it."""

    key: str
    """Field name (e.g. unit_price) or IGNORE."""
    words: tuple[str, ...]
    """Header words; a header names the field when it contains one (or equals one marked '=')."""
    label: str = ""
    """Display name (a :class:`planner.text.Msg`: Chinese, carrying the English)."""

    def matches(self, name: str) -> bool:
        for w in self.words:
            if w.startswith("="):
                if name == w[1:]:
                    return True
            elif w in name:
                return True
        return False


def classify(name: str, vocabulary: Sequence[FieldDef]) -> str | None:
    """The first field whose words the (normalised) header name contains."""
    if not name:
        return None
    for f in vocabulary:
        if f.matches(name):
            return f.key
    return None


_BRACKETS = re.compile(r"[\(（\[【](.*?)[\)）\]】]")


@lru_cache(maxsize=1 << 16)  # pure; asked for every row's label and every column's header
def header_parts(text: str) -> tuple[str, str]:
    """'单价（元/核/月）' → ('单价', '元/核/月') — normalised name and bracketed unit text."""
    raw = clean_text(text)
    units = _BRACKETS.findall(raw)
    name = _BRACKETS.sub("", raw)
    return normalise(name), normalise(" ".join(units))


@dataclass
class ColumnMap:
    """How one column of a found table is read."""

    index: int
    """0-based column index in the grid."""
    header: str
    """Header text as found (two-row headers joined with '/')."""
    field: str | None
    """Field it holds; None = not recognised (reported and ignored)."""
    unit: Unit = field(default_factory=Unit)
    """Unit stated in the header (scale, period, per)."""
    how: str = "synonym"
    """synonym | memory (from the mapping file) | user (given on the command line)."""
    top: str = ""
    """Text of the upper header row over this column (two-row headers), as found."""
    sub: str = ""
    """Text of the lower header row (two-row headers: 华北 under 单价), as found."""
    levels: tuple[str, ...] = ()
    """Header text of every header row over this column, top first (merged cells expanded,
    repeats removed): ('华北地域', '北京一区') or ('北美地域', '多伦多一区', 'Windows系统')."""
    dims: dict[str, str] = field(default_factory=dict)
    """Price columns: what the header says the price is for — 'pool' (the lowest place level),
    'region' (the places above it), 'term' (包月/包3年/按需), 'os' (Windows/Linux)."""
    why: Any = ""
    """Why the column was read so (a Msg): the header word, or what its cells hold."""


@dataclass
class FoundTable:
    """A table located in a grid."""

    grid: Grid
    header_rows: tuple[int, ...]
    """0-based rows that make the header."""
    columns: list[ColumnMap]
    records: list[tuple[int, list[Any], str]] = field(default_factory=list)
    """(Excel row, cells, section title in effect or '')."""
    issues: list[ValidationIssue] = field(default_factory=list)
    """Skipped rows and unrecognised columns."""
    title: str = ""
    """Text found above the header (the sheet's title rows), joined."""
    next_header: int | None = None
    """0-based row where the next table of the same sheet starts its header (find_tables)."""
    section: str = ""
    """Section title in effect at the header (a family/zone title directly above it)."""
    vendor: str = ""
    """Vendor named by a section title over the table (several vendors on one sheet)."""
    resource_title: str = ""
    """Title text naming the resource the table prices when no column does ("SSD云硬盘价格")."""
    unit_text: str = ""
    """Unit stated around the table (a note "单位为 元/月", the title) for prices that have none."""
    unit_where: str = ""
    """Where unit_text was read: 'note' or 'title' (with the row)."""
    unit_row: int | None = None
    footnotes: dict[str, str] = field(default_factory=dict)
    """Footnote marker → the note under the table that explains it ("*" → "不支持新建…")."""
    guesses: list[ValidationIssue] = field(default_factory=list)
    accepted: set[str] = field(default_factory=set)
    """Guess keys the user confirmed (a layout file, the dialog)."""
    given: dict[str, Any] = field(default_factory=dict)
    """What a layout file or the user fixed for this table (unit, period, pool …)."""
    index: int = 0
    """Position of the table in its sheet (0 = first)."""
    row_kinds: dict[int, str] = field(default_factory=dict)
    """Excel row → what the row under the header is: 'data', 'blank', 'total', 'note',
    'repeat' (the header again), 'section' (a title naming a pool, resource or vendor)."""

    def column(self, key: str) -> ColumnMap | None:
        return next((c for c in self.columns if c.field == key), None)

    def columns_of(self, key: str) -> list[ColumnMap]:
        return [c for c in self.columns if c.field == key]

    @property
    def excel_header_row(self) -> int:
        return self.header_rows[-1] + 1


_TOTAL = re.compile(r"^(合计|小计|总计|总价|共计|累计|total|subtotal|sum)")
_NOTE = re.compile(
    r"^(注|说明|备注|附注|附:|附：|note|remark|\*|※|报价单位|报价人|报价日期|日期|联系人|联系电话|电话|盖章|签字|签章|有效期)"
)


def _text_cells(row: Sequence[Any]) -> list[str]:
    return [clean_text(v) for v in row if not is_blank(v, dashes=True)]


def _is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        return True
    return parse_amount(v) is not None


def _row_fields(
    row: Sequence[Any], vocabulary: Sequence[FieldDef], memory: Mapping[str, str]
) -> set[str]:
    found = set()
    for v in row:
        if is_blank(v, dashes=True) or _is_number(v):
            continue
        text = clean_text(v)
        if normalise(text) in memory:
            found.add(memory[normalise(text)] or IGNORE)
            continue
        name, unit = header_parts(text)
        key = classify(name, vocabulary)
        if key:
            found.add(key)
        elif unit and ("元" in unit or "cny" in unit or "rmb" in unit):
            found.add(f"money:{name}")  # "华北（元/月）": a price column named after its pool
    return found


def _score(row: Sequence[Any], vocabulary: Sequence[FieldDef], memory: Mapping[str, str]) -> int:
    return len(_row_fields(row, vocabulary, memory) - {IGNORE})


def _is_single_value(row: Sequence[Any]) -> bool:
    cells = _text_cells(row)
    return bool(cells) and len(set(cells)) == 1


def _continues_header(
    grid: Grid,
    i: int,
    top: Sequence[Any],
    sub: Sequence[Any],
    vocabulary: Sequence[FieldDef],
    memory: Mapping[str, str],
) -> bool:
    """Row i + 1 continues the header of row i ("单价" over "包月 | 包年").

    Only text, at least two cells, and a sign that it belongs to the header: a cell merged down
    from row i, a gap in row i above a sub-header, or only units (元/月) where it differs.
    """
    cells = [v for v in sub if not is_blank(v, dashes=True)]
    if len(cells) < 2 or _is_single_value(sub) or any(_is_number(v) for v in cells):
        return False
    merged_down = any(r0 <= i < r1 for r0, _c0, r1, _c1 in grid.merged)
    gap = any(
        is_blank(top[j] if j < len(top) else None, dashes=True) and not is_blank(v, dashes=True)
        for j, v in enumerate(sub)
    )
    new = [
        v
        for j, v in enumerate(sub)
        if not is_blank(v, dashes=True)
        and clean_text(v) != clean_text(top[j] if j < len(top) else None)
    ]
    if not new:
        return False
    units_only = all(
        parse_unit(v).found and not classify(header_parts(clean_text(v))[0], vocabulary)
        for v in new
    )
    named = any(
        parse_unit(v).found or classify(header_parts(clean_text(v))[0], vocabulary) for v in new
    )
    spanned = all(  # sub-headers under one cell merged across them ("单价" over 华北 | 华东)
        any(r0 <= i <= r1 and c0 < c1 and c0 <= j <= c1 for r0, c0, r1, c1 in grid.merged)
        for j, v in enumerate(sub)
        if not is_blank(v, dashes=True)
        and clean_text(v) != clean_text(top[j] if j < len(top) else None)
    )
    return (merged_down or gap or units_only) and (named or spanned)


_TITLE_WORDS = (
    "报价",
    "价格",
    "价目",
    "清单",
    "一览",
    "总览",
    "明细",
    "单价",
    "资费",
    "收费标准",
    "计费标准",
    "price",
    "pricing",
    "comparison",
    "quotation",
    "quote",
    "list",
)


_NOT_SECTION = re.compile(
    r"[:：].|\d{4}\s*年|\d{4}[-/.]\d{1,2}|单位|币种|含税|不含税|unit|currency"
)
"""Text above a header that is a remark, not a family or zone title (单位：元, 2024年3月)."""


def _section_above(grid: Grid, header: int, stop: int) -> tuple[int, str] | None:
    """(row, name) of a family/zone title directly above the header ("通用计算型 s6", "华北2 可用区E").

    The nearest non-blank row above (not above stop) counts when it holds one short text that
    is not the document's title (报价/价格/清单 …) nor a note (注：/报价单位：…).
    """
    for i in range(header - 1, stop - 1, -1):
        cells = _text_cells(grid.rows[i])
        if not cells:
            continue
        if not _is_single_value(grid.rows[i]) or _is_number(cells[0]):
            return None
        text = cells[0]
        t = normalise(text)
        if (
            len(t) > 24
            or _NOTE.match(t)
            or _NOT_SECTION.search(t)
            or any(w in t for w in _TITLE_WORDS)
            and not _SECTION_PREFIX.match(text)
        ):
            return None
        return i, _section_name(text)
    return None


def find_tables(
    grid: Grid,
    vocabulary: Sequence[FieldDef],
    memory: Mapping[str, str] | None = None,
    min_fields: int = 2,
    scan_rows: int = 40,
) -> list[FoundTable]:
    """Every table of a sheet: after the first, each header row that follows a blank or title row
    and differs from the one before starts a new table read with its own columns."""
    first = find_table(grid, vocabulary, memory, min_fields, scan_rows, split=True)
    out = [first] if first is not None else []
    while out and out[-1].next_header is not None:
        prev = out[-1]
        nxt = find_table(
            grid,
            vocabulary,
            memory,
            min_fields,
            split=True,
            header=prev.next_header,
            section=prev.section,
            stop=prev.records[-1][0] if prev.records else prev.excel_header_row,
        )
        if nxt is None:
            break
        nxt.title = prev.title
        out.append(nxt)
    return out


def find_table(
    grid: Grid,
    vocabulary: Sequence[FieldDef],
    memory: Mapping[str, str] | None = None,
    min_fields: int = 2,
    scan_rows: int = 40,
    split: bool = False,
    header: int | None = None,
    section: str = "",
    stop: int = 0,
) -> FoundTable | None:
    """Locate the header and the data rows of the table in grid; None when no header is found.

    memory maps normalised header text → field ('' = ignore) and wins over synonyms. With split,
    the table ends where another table's header starts (find_tables); header gives the header
    row (0-based) instead of searching, section the section title in effect before it.
    """
    memory = memory or {}
    rows = grid.rows
    best, best_score = header, min_fields if header is not None else 0
    if header is None:
        for i in range(min(scan_rows, len(rows))):
            s = _score(rows[i], vocabulary, memory)
            if s > best_score:
                best, best_score = i, s
    if best is None or best_score < min_fields:
        return None
    header_rows: tuple[int, ...] = (best,)
    top = list(rows[best])
    sub: list[Any] = []
    if best + 1 < len(rows) and _continues_header(
        grid, best, top, rows[best + 1], vocabulary, memory
    ):
        header_rows = (best, best + 1)
        sub = list(rows[best + 1])
    width = max(len(top), len(sub))
    top += [None] * (width - len(top))
    sub += [None] * (width - len(sub))
    if sub:  # "单价" over two columns without merge information: carry it right
        for j in range(1, width):
            if (
                is_blank(top[j], dashes=True)
                and not is_blank(sub[j], dashes=True)
                and not is_blank(top[j - 1], dashes=True)
                and not is_blank(sub[j - 1], dashes=True)
            ):
                top[j] = top[j - 1]

    table = FoundTable(grid, header_rows, [])
    table.title = " ".join(t for r in rows[:best] for t in _text_cells(r))
    for j in range(width):
        t, s = clean_text(top[j]), clean_text(sub[j]) if sub else ""
        if not t and not s:
            continue
        head = t if not s or s == t else (f"{t}/{s}" if t else s)
        col = _map_column(j, head, t, s, vocabulary, memory)
        col.top, col.sub = t, s
        table.columns.append(col)

    header_texts = [clean_text(v) for v in top]
    note_mode = False
    above = _section_above(grid, best, stop) if split else None
    if above is not None:
        section = above[1]
        if header is None:  # the first table: its title row is above the header, report it here
            table.issues.append(
                _section_issue(grid, above[0] + 1, clean_text(row_first(rows[above[0]])), section)
            )
    table.section = section
    after_break = False
    blank_rows: list[int] = []
    last = max((i for i in range(len(rows)) if _text_cells(rows[i])), default=-1)
    for i in range(header_rows[-1] + 1, len(rows)):
        row = list(rows[i]) + [None] * max(0, width - len(rows[i]))
        excel_row = i + 1
        cells = _text_cells(row)
        if not cells:
            if i < last:
                blank_rows.append(excel_row)  # reported once below, not one line each
            after_break = True
            continue
        if (
            split
            and after_break
            and not any(_is_number(v) for v in row if not is_blank(v, dashes=True))
            and _score(row, vocabulary, memory) >= min_fields
            and [clean_text(v) for v in row[: len(header_texts)]] != header_texts
        ):
            table.next_header = i  # another table starts here, with its own columns
            break
        after_break = False
        first = normalise(cells[0])
        skip = None
        if any(_TOTAL.match(normalise(c)) for c in cells[:3]):
            skip = Msg("合计/小计行", "Total/subtotal row")
        elif _NOTE.match(first) or (
            note_mode and len(set(cells)) == 1 and not _is_number(row_first(row))
        ):
            skip, note_mode = Msg("注释/说明行", "Note row"), True
        elif sum(
            1
            for j, v in enumerate(row)
            if not is_blank(v, dashes=True)
            and j < len(header_texts)
            and clean_text(v) == header_texts[j]
        ) >= max(2, len(cells) // 2):
            skip = Msg("重复的表头行", "Repeated header row")
        elif _is_single_value(row) and not _is_number(cells[0]):
            section = _section_name(cells[0])
            table.issues.append(_section_issue(grid, excel_row, cells[0], section))
            after_break = True
            continue
        if skip:
            table.issues.append(
                ValidationIssue(
                    grid.file,
                    grid.sheet,
                    excel_row,
                    "",
                    " ".join(cells)[:60],
                    severity="warning",
                    message=bi(
                        "{skip}，已跳过（不作为数据读取）",
                        "{skip}, skipped (not read as data)",
                        skip=skip,
                    ),
                    hint=Msg(
                        "如这一行是数据，请删去其中的合计/注等字样",
                        "If this row is data, remove the words that mark it as a total or a note "
                        "(such as '合计', '小计', '注')",
                    ),
                )
            )
            continue
        note_mode = False
        table.records.append((excel_row, row, section))
    if blank_rows:
        table.issues.append(blank_rows_issue(grid, blank_rows))
    return table


def best_table(
    grids: Sequence[Grid],
    vocabulary: Sequence[FieldDef],
    sheet_key: str,
    key_field: str,
    memory: Mapping[str, str] | None = None,
    min_fields: int = 2,
) -> FoundTable | None:
    """The table with the most rows that has key_field; a sheet named for sheet_key (业务系统, 平台 …) wins."""
    from data.schema import match_sheet

    best: FoundTable | None = None
    for grid in sorted(grids, key=lambda g: match_sheet(g.sheet) != sheet_key):
        t = find_table(grid, vocabulary, memory, min_fields=min_fields)
        if (
            t is not None
            and t.column(key_field) is not None
            and (best is None or len(t.records) > len(best.records))
        ):
            best = t
            if match_sheet(grid.sheet) == sheet_key:
                break
    return best


def _section_issue(grid: Grid, excel_row: int, text: str, section: str) -> ValidationIssue:
    return ValidationIssue(
        grid.file,
        grid.sheet,
        excel_row,
        "",
        text,
        severity="warning",
        message=bi(
            "分组标题行，已跳过；其下各行的资源池/分组视为「{s}」",
            "Group title row, skipped; the rows below it are read as pool/group '{s}'",
            s=section,
        ),
        hint=Msg(
            "如不是资源池名称，请在表中增加「资源池」列",
            "If this is not a pool name, add a pool column (headed 'pool' or '资源池')",
        ),
    )


def row_first(row: Sequence[Any]) -> Any:
    return next((v for v in row if not is_blank(v, dashes=True)), None)


_SECTION_PREFIX = re.compile(
    r"^([一二三四五六七八九十]+[、.．]|\d+[、.．)](?!\d)|[(（][一二三四五六七八九十\d]+[)）])\s*"
)


def _section_name(text: str) -> str:
    """'二、鲲鹏资源池' → '鲲鹏资源池'; '（三）海光专区报价' → '海光专区'."""
    name = _SECTION_PREFIX.sub("", clean_text(text)).strip()
    name = re.sub(r"[:：]$", "", name)
    name = re.sub(r"(报价|价格|报价单|价格表|资源报价)$", "", name)
    return name.strip() or clean_text(text)


def _map_column(
    j: int,
    header: str,
    top: str,
    sub: str,
    vocabulary: Sequence[FieldDef],
    memory: Mapping[str, str],
) -> ColumnMap:
    key = normalise(header)
    top_name, top_unit = header_parts(top)
    sub_name, sub_unit = header_parts(sub)
    unit = _merge_units(
        parse_unit(top_unit), parse_unit(sub_unit), parse_unit(sub_name), parse_unit(top_name)
    )
    if key in memory:
        return ColumnMap(j, header, memory[key] or IGNORE, unit, "memory")
    for alt in (normalise(top), normalise(sub)):
        if alt and alt in memory:
            return ColumnMap(j, header, memory[alt] or IGNORE, unit, "memory")
    field_ = classify(sub_name, vocabulary) if sub_name and sub_name != top_name else None
    top_field = classify(top_name, vocabulary)
    if (
        field_ is None
        or (field_ == IGNORE and top_field)
        or (field_ in ("platform", "term", "variant") and top_field == "unit_price")
    ):
        field_ = (
            top_field or field_
        )  # "单价" over "华北区域 | 包月 | Linux": prices, told apart by the sub-header
    return ColumnMap(j, header, field_, unit)


def _merge_units(*units: Unit) -> Unit:
    """First stated scale/period/per among units, in order of precedence."""
    from decimal import Decimal

    scale = next((u.scale for u in units if u.scale != Decimal(1)), Decimal(1))
    period = next((u.period for u in units if u.period), None)
    per = next((u.per for u in units if u.per), None)
    return Unit(scale, period, per, any(u.found for u in units))


def blank_rows_issue(grid: Grid, blank_rows: list[int]) -> ValidationIssue:
    """A note that the blank rows inside a table were skipped (the first 20 listed)."""
    more = "…" if len(blank_rows) > 20 else ""
    shown = "、".join(str(r) for r in blank_rows[:20]) + more
    shown_en = ", ".join(str(r) for r in blank_rows[:20]) + more
    n = len(blank_rows)
    return ValidationIssue(
        grid.file,
        grid.sheet,
        blank_rows[0],
        "",
        "",
        severity="warning",
        message=Msg(
            f"表中有 {n} 个空行，已跳过（第 {shown} 行）",
            f"{n} blank row{'s' if n > 1 else ''} in the table skipped "
            f"(row{'s' if n > 1 else ''} {shown_en})",
        ),
        hint=Msg("无需处理", "Nothing to do"),
    )
