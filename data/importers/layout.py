"""A table layout as data: what the importer understood of a sheet, shown, corrected and kept.

``layout_of(quote)`` turns the layouts a file was read with into a small JSON-able dict (what
``yunce prices --explain`` prints, what the import dialog edits, what the mapping file keeps
per vendor and file shape); ``apply_layout(table, layout)`` applies such a dict before the
file is read again, so a role, a unit or a period corrected once is never guessed again::

    {"version": 1, "vendor": "腾讯云",
     "tables": [{"sheet": "价格", "header_rows": [3, 4, 5],
                 "columns": {"A": "spec_vcpu", "B": "spec_ram",
                             "C": {"role": "price", "pool": "北京一区", "region": "华北地域"},
                             "J": "ignore"},
                 "unit": "元/月", "period": "month", "pool": null}],
     "accept": ["unit-from-note", "term"]}

Roles: pool, zone (a second location column), resource (the item), spec, spec_vcpu, spec_ram,
unit, period, quantity, price, vendor, deployment, xinchuang, mlps_level, capacity,
availability, ignore. A price column may carry pool, region, term and os. ``accept`` lists the
guesses (需确认 keys) the user confirmed, or "*" for all of them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from openpyxl.utils import column_index_from_string, get_column_letter

from data.cell_values import Unit, parse_unit
from data.importers.table import IGNORE, ColumnMap, FoundTable
from planner.text import Msg, bi, localize

VERSION = 1

#: Layout role → importer field.
ROLE_FIELD = {
    "pool": "platform",
    "zone": "platform",
    "resource": "item",
    "item": "item",
    "spec": "spec",
    "spec_vcpu": "spec_vcpu",
    "spec_ram": "spec_ram",
    "unit": "unit",
    "period": "period",
    "quantity": IGNORE,
    "price": "unit_price",
    "vendor": "vendor",
    "deployment": "deployment",
    "xinchuang": "xinchuang",
    "mlps_level": "mlps_level",
    "capacity": "capacity_vcpu",
    "availability": "availability",
    "gpu": "gpu",
    "wide": "res:",
    "ignore": IGNORE,
}
#: Importer field → layout role (the names shown to people).
FIELD_ROLE = {
    "platform": "pool",
    "item": "resource",
    "spec": "spec",
    "spec_vcpu": "spec_vcpu",
    "spec_ram": "spec_ram",
    "unit": "unit",
    "period": "period",
    "unit_price": "price",
    "term": "price",
    "variant": "price",
    "melt": "price",
    "vendor": "vendor",
    "deployment": "deployment",
    "xinchuang": "xinchuang",
    "mlps_level": "mlps_level",
    "capacity_vcpu": "capacity",
    "availability": "availability",
    "gpu": "gpu",
    IGNORE: "ignore",
}
#: Chinese and English names of the roles (the import dialog, --explain).
ROLE_NAMES: dict[str, tuple[str, str]] = {
    "pool": ("资源池", "pool"),
    "zone": ("可用区", "zone"),
    "resource": ("计费项", "item"),
    "spec": ("规格", "spec"),
    "spec_vcpu": ("规格vCPU", "spec vCPU"),
    "spec_ram": ("规格内存", "spec RAM"),
    "unit": ("单位", "unit"),
    "period": ("计费周期", "billing period"),
    "quantity": ("数量", "quantity"),
    "price": ("价格", "price"),
    "vendor": ("供应商", "vendor"),
    "deployment": ("部署方式", "deployment"),
    "xinchuang": ("信创", "信创"),
    "mlps_level": ("等保级别", "MLPS level"),
    "capacity": ("容量vCPU", "capacity"),
    "availability": ("可用性", "availability"),
    "gpu": ("GPU（不用于规划）", "GPU (not planned)"),
    "ignore": ("忽略", "ignored"),
    "wide": ("资源单价", "resource price"),
    "": ("未识别", "not recognised"),
}


class LayoutError(ValueError):
    """A layout file that cannot be used (the message names what is wrong)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


def role_of(col: ColumnMap) -> str:
    """The layout role of a column as read."""
    if col.field and col.field.startswith("res:"):
        return "wide"
    return FIELD_ROLE.get(col.field or "", "")


def _table_spec(table: FoundTable, layout: dict[str, Any]) -> dict[str, Any] | None:
    specs = [t for t in layout.get("tables") or [] if str(t.get("sheet", "")) == table.grid.sheet]
    for t in specs:
        rows = t.get("header_rows") or []
        if rows and int(rows[0]) - 1 == table.header_rows[0]:
            return t
    same = [t for t in specs if not t.get("header_rows")]
    if len(same) == 1 or (same and table.index < len(same)):
        return same[min(table.index, len(same) - 1)]
    return None


def apply_layout(table: FoundTable, layout: dict[str, Any]) -> None:
    """Apply what a layout fixes for this table (roles, dimensions, unit, period, pool …)."""
    accept = {str(a) for a in layout.get("accept") or []}
    spec = _table_spec(table, layout) if layout else None
    if spec is not None:
        accept |= {str(a) for a in spec.get("accept") or []}
        by_index = {c.index: c for c in table.columns}
        for letter, what in (spec.get("columns") or {}).items():
            try:
                j = column_index_from_string(str(letter).strip().upper()) - 1
            except ValueError as exc:
                raise LayoutError(
                    bi(
                        "版式中的列「{c}」不是列字母（如 A、B、AA）",
                        "Column '{c}' in the layout is not a column letter (such as A, B, AA)",
                        c=letter,
                    )
                ) from exc
            what = {"role": what} if isinstance(what, str) else dict(what or {})
            role = str(what.get("role", "")).strip()
            if role not in ROLE_FIELD:
                raise LayoutError(
                    bi(
                        "版式中列 {c} 的角色「{r}」无法识别；可用：{all}",
                        "The role '{r}' of column {c} in the layout is unknown; use one of: {all}",
                        c=letter,
                        r=role,
                        all=", ".join(ROLE_FIELD),
                    )
                )
            col = by_index.get(j)
            if col is None:
                col = ColumnMap(j, str(what.get("header") or letter), None)
                table.columns.append(col)
                table.columns.sort(key=lambda c: c.index)
            col.field = ROLE_FIELD[role]
            if role == "wide":  # one price column per resource (vCPU(元/核/月) | 内存 …)
                col.field = "res:" + str(what.get("resource") or "")
            col.how = "layout"
            col.why = Msg("版式文件指定", "set by the layout file")
            if role == "price":
                col.dims = {
                    k: str(what[k]) for k in ("pool", "region", "term", "os") if what.get(k)
                }
                if what.get("period") or what.get("unit"):
                    u = parse_unit(what.get("unit") or "")
                    period = what.get("period") or u.period
                    col.unit = Unit(u.scale, period, u.per or col.unit.per, True)
                    accept.add("unit-from-note")
                    accept.add("period-assumed-year")
        for key in ("unit", "period", "pool", "resource"):
            if spec.get(key):
                table.given[key] = spec[key]
        if spec.get("unit") or spec.get("period"):
            accept |= {"unit-from-note", "period-assumed-year"}
        if spec.get("vendor"):
            table.vendor = str(spec["vendor"])
    if "*" in accept:
        accept |= {g.confirm for g in table.guesses} | CONFIRM_KEYS
    table.accepted = accept


CONFIRM_KEYS = {
    "term",
    "unit-from-note",
    "period-assumed-year",
    "period-conflict",
    "steps",
    "variant",
    "spec-from-text",
    "resource-from-title",
    "pool-from-title",
}
"""Every kind of 需确认 guess the importer makes (the keys a layout's accept list takes)."""


def layout_shape(tables: Sequence[tuple[Any, FoundTable]]) -> str:
    """A short signature of a file's layout: sheets and header texts (values do not count)."""
    parts = [(g.sheet, t.header_rows[0], tuple(c.header for c in t.columns)) for g, t in tables]
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:12]


def layout_of(quote: Any) -> dict[str, Any]:
    """The layout a file was read with, as the dict a layout file holds (plus the reasons)."""
    tables = []
    for t in quote.layouts:
        cols: dict[str, Any] = {}
        for c in t.columns:
            entry: dict[str, Any] = {"role": role_of(c) or "ignore", "header": c.header}
            if c.field and c.field.startswith("res:"):
                entry["resource"] = c.field[4:]
            if role_of(c) == "price":
                entry.update(
                    {k: v for k, v in c.dims.items() if k in ("pool", "region", "term", "os")}
                )
                if c.unit.period:
                    entry["period"] = c.unit.period
            why = str(c.why) if c.why else ""
            if why:
                entry["why"] = why
            cols[get_column_letter(c.index + 1)] = entry
        spec: dict[str, Any] = {
            "sheet": t.grid.sheet,
            "header_rows": [r + 1 for r in t.header_rows],
            "data_rows": [t.records[0][0], t.records[-1][0]] if t.records else [],
            "columns": cols,
        }
        if t.section:
            spec["section"] = t.section
        if t.vendor:
            spec["vendor"] = t.vendor
        if t.resource_title:
            spec["resource_title"] = t.resource_title
        if t.unit_text:
            spec["unit_note"] = {"text": t.unit_text, "row": t.unit_row}
        if t.footnotes:
            spec["footnotes"] = dict(t.footnotes)
        for k, v in t.given.items():
            spec[k] = v
        tables.append(spec)
    guesses = [
        {
            "key": i.confirm,
            "sheet": i.sheet,
            "rows": list(i.rows or ((i.row,) if i.row else ())),
            "message": str(i.message),
        }
        for i in quote.issues
        if i.confirm
    ]
    out: dict[str, Any] = {"version": VERSION, "tables": tables}
    if guesses:
        out["guesses"] = guesses
    accepted = sorted({a for t in quote.layouts for a in t.accepted})
    if accepted:
        out["accept"] = accepted
    return out


def _editable_column(c: Any) -> Any:
    """A column of a printed layout as a layout file keeps it: the role alone, or the role with
    what a price column prices (pool, region, term, os, period) or a wide column's resource."""
    if not isinstance(c, dict):
        return c
    kept = {k: v for k, v in c.items() if k not in ("why", "header")}
    if kept.get("role") != "wide":
        kept.pop("resource", None)
    return kept if len(kept) > 1 else kept.get("role", "ignore")


def editable(layout: dict[str, Any]) -> dict[str, Any]:
    """A layout without the reasons and reports: what a layout file keeps."""
    out: dict[str, Any] = {"version": VERSION, "tables": []}
    for t in layout.get("tables") or []:
        spec = {
            k: t[k]
            for k in ("sheet", "header_rows", "unit", "period", "pool", "resource", "vendor")
            if t.get(k)
        }
        spec["columns"] = {
            letter: _editable_column(c) for letter, c in (t.get("columns") or {}).items()
        }
        out["tables"].append(spec)
    if layout.get("accept"):
        out["accept"] = list(layout["accept"])
    if layout.get("vendor"):
        out["vendor"] = layout["vendor"]
    return out


def read_layout_file(path: str | Path) -> dict[str, Any]:
    """A layout file (.json, .yaml or .yml); LayoutError when it cannot be used."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise LayoutError(
            bi(
                "无法读取版式文件 {p}（{e}）",
                "Cannot read the layout file {p} ({e})",
                p=path,
                e=exc,
            )
        ) from exc
    try:
        # JSON is YAML too, so a layout printed by --explain reads either way
        data = (
            yaml.safe_load(text) if path.suffix.lower() in (".yaml", ".yml") else json.loads(text)
        )
    except (ValueError, yaml.YAMLError) as exc:
        raise LayoutError(
            bi(
                "版式文件 {p} 格式有误：{e}",
                "The layout file {p} is malformed: {e}",
                p=path.name,
                e=str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
            )
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("tables", []), list):
        raise LayoutError(
            bi(
                "版式文件 {p} 应为一个对象，含 tables 列表",
                "The layout file {p} must be an object with a 'tables' list",
                p=path.name,
            )
        )
    return data


def remembered_layout(mappings: Any, vendor: str, shape: str) -> dict[str, Any] | None:
    """The layout the user corrected for this vendor and file shape, if any."""
    layouts = getattr(mappings, "layouts", {}) or {}
    got = (layouts.get(vendor) or {}).get(shape)
    return dict(got) if isinstance(got, dict) else None


def remember_layout(mappings: Any, vendor: str, shape: str, layout: dict[str, Any]) -> None:
    if mappings is None or not vendor or not shape:
        return
    mappings.layouts.setdefault(vendor, {})[shape] = editable(layout)


def explain(quote: Any, lang: str = "zh") -> str:
    """The guessed layout in words: header rows, each column's role and why, units, sections,
    guesses to confirm (``yunce prices --explain``)."""
    zh = lang != "en"
    lines: list[str] = []
    for t in quote.layouts:
        heads = "、".join(str(r + 1) for r in t.header_rows)
        data = f"{t.records[0][0]}–{t.records[-1][0]}" if t.records else ("无" if zh else "none")
        lines.append(
            f"工作表「{t.grid.sheet}」表 {t.index + 1}：表头第 {heads} 行，数据第 {data} 行"
            if zh
            else f"Sheet '{t.grid.sheet}' table {t.index + 1}: header rows {heads}, data rows {data}"
        )
        for label, value in (
            ("分组标题（资源池）" if zh else "section (pool)", t.section),
            ("供应商（分组标题）" if zh else "vendor (section)", t.vendor),
            ("资源（标题）" if zh else "resource (title)", t.resource_title),
            ("单位（说明）" if zh else "unit (note)", t.unit_text),
        ):
            if value:
                lines.append(f"  {label}：{value}" if zh else f"  {label}: {value}")
        for c in t.columns:
            role = role_of(c)
            name = ROLE_NAMES.get(role, (role, role))[0 if zh else 1]
            dims = "，".join(f"{k}={v}" for k, v in c.dims.items()) if c.dims else ""
            why = localize(c.why, lang) if c.why else ""
            bits = [x for x in (dims, str(why)) if x]
            lines.append(
                f"  {get_column_letter(c.index + 1)} 「{c.header}」 → {name}"
                + (
                    f"（{'；'.join(bits)}）"
                    if bits and zh
                    else f" ({'; '.join(bits)})"
                    if bits
                    else ""
                )
            )
        for mark, expl in t.footnotes.items():
            lines.append(f"  注释 {mark}：{expl}" if zh else f"  footnote {mark}: {expl}")
    guesses = [i for i in quote.issues if i.confirm]
    if guesses:
        lines.append("需确认：" if zh else "To confirm:")
        for i in guesses:
            lines.append(f"  [{i.confirm}] {localize(i.message, lang)}")
    return "\n".join(lines)
