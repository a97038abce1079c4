"""What kind of file a county opened: Yunce's own workbook, or something to import.

:func:`file_kind` tells a canonical input workbook from the files a county receives or keeps — a
vendor's quote sheet, a filled 询价单, its own system inventory, a platforms list, a rules file —
so that 文件 → 打开 on any of them offers the matching importer instead of an error. It reads the
file's sheets once and looks at their header rows only (the readers do the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from data.cell_values import clean_text, is_blank
from data.importers.detect import detect_tables
from data.importers.grid import Grid, read_grids
from data.importers.inventory import INVENTORY_FIELDS
from data.importers.quotes import QUOTE_FIELDS, QUOTE_MIN_FIELDS, is_quote_table, known_vendor
from data.importers.table import find_table
from data.project_file import SUFFIX
from data.rfq import is_rfq
from data.schema import match_column, match_sheet
from planner.text import Msg, bi

KINDS = ("project", "canonical", "rfq", "quote", "inventory", "platforms", "policy", "unknown")

_PLATFORM_FIELDS = ("vendor", "platform", "deployment", "xinchuang", "mlps_level", "capacity_vcpu")
_CANONICAL = ("platforms", "prices", "workloads", "policy")


@dataclass(frozen=True)
class FileKind:
    """What a file is and what showed it."""

    kind: str
    """One of KINDS."""
    why: Msg
    """What was seen (shown when the app offers the importer)."""


def _sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook without reading its cells ([] for a CSV or a file that
    does not open: read_grids then says why)."""
    if path.suffix.lower() == ".csv":
        return []
    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # noqa: BLE001 – any failure: read_grids reports it properly
        return []


def _policy_rows(grid: Grid) -> int:
    """Rows whose first filled cell names a rule (年度预算, 信创最低占比 …)."""
    n = 0
    for row in grid.rows[:60]:
        first = next((v for v in row if not is_blank(v)), None)
        if first is not None and match_column("policy", clean_text(first)) is not None:
            n += 1
    return n


def _platform_header(grid: Grid) -> int:
    """How many platform attributes the best header row of the grid names (a file with no
    price table: a quote with pool facts is found as a quote first)."""
    best = 0
    for row in grid.rows[:30]:
        keys = {match_column("platforms", v) for v in row if not is_blank(v)}
        best = max(best, len({c.key for c in keys if c is not None} & set(_PLATFORM_FIELDS)))
    return best


def file_kind(path: str | Path) -> FileKind:
    """The kind of the file at path (see the module docstring); 'unknown' when nothing fits."""
    path = Path(path)
    if path.suffix.lower() == SUFFIX:
        return FileKind("project", Msg("云策项目文件", "a Yunce project file"))
    names = _sheet_names(path)
    canonical = {match_sheet(n) for n in names} & set(_CANONICAL)
    if len(canonical) >= 2:  # known by its sheet names alone: a big workbook is not read twice
        return FileKind(
            "canonical",
            bi("含 {n} 张标准工作表", "it has {n} of the standard sheets", n=len(canonical)),
        )
    grids, _issues = read_grids(path)
    filled = [g for g in grids if any(any(not is_blank(v) for v in r) for r in g.rows)]
    if not filled:
        return FileKind("unknown", Msg("文件中没有数据", "the file holds no data"))
    if is_rfq({g.sheet: g.rows for g in grids}):
        return FileKind("rfq", Msg("云策写出的询价单（已填写）", "a 询价单 Yunce wrote, filled in"))
    for g in filled:
        if _policy_rows(g) >= 2:
            return FileKind(
                "policy", Msg("两列：参数、值（约束规则）", "two columns: rule and value")
            )
    for g in filled:
        t = find_table(g, INVENTORY_FIELDS, {}, min_fields=3)
        if t is not None and t.column("name") is not None:
            return FileKind(
                "inventory",
                bi(
                    "表头含「{h}」等系统清单的列",
                    "its header has system-list columns such as '{h}'",
                    h=t.column("name").header,  # type: ignore[union-attr]
                ),
            )
    for g in filled:
        found = detect_tables(g, QUOTE_FIELDS, {}, known_vendor, QUOTE_MIN_FIELDS)
        quote = next((t for t in found.tables if is_quote_table(t)), None)
        if quote is not None:
            heads = " | ".join(c.header for c in quote.columns)[:60]
            return FileKind(
                "quote",
                bi(
                    "第 {r} 行起是报价表（{h}）",
                    "a price table from row {r} ({h})",
                    r=quote.header_rows[0] + 1,
                    h=heads,
                ),
            )
    for g in filled:
        if _platform_header(g) >= 3:
            return FileKind(
                "platforms",
                Msg(
                    "表头含 资源池、部署方式、等保级别 等平台属性，没有价格",
                    "its header names pools, deployment and MLPS level, and no price",
                ),
            )
    return FileKind(
        "unknown",
        Msg(
            "没有找到标准工作表、报价表或系统清单的表头",
            "no standard sheet, price table or system-list header found",
        ),
    )
