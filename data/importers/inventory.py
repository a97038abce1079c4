"""The county's system inventory (信息系统清单) in its own layout → the canonical 业务系统 table.

Columns are found by synonyms (系统名称/应用系统, 主管部门/使用单位, CPU/核数, 内存, 存储/数据量
with TB or GB, 等保/安全等级 with 二级/第三级, 数据分级/敏感程度, 现部署位置 …). Values this
module understands are normalised (TB → GB, 万元 → 元, 三级 → 3, √ → 是); anything it does not
understand is passed on as written so the canonical reader reports it with its usual message.
The MLPS level is never guessed: a missing level is an error with a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data.cell_values import (
    clean_text,
    is_blank,
    parse_amount,
    parse_bool,
    parse_level,
    parse_quantity_gb,
    parse_spec,
)
from data.importers.grid import read_grids
from data.importers.mapping import MappingStore
from data.importers.table import IGNORE, FieldDef, FoundTable, best_table
from data.schema import DATA_CLASS_VALUES, normalise
from data.workbook import Table, ValidationIssue
from planner.text import Msg, bi

INVENTORY_FIELDS: tuple[FieldDef, ...] = (
    FieldDef(
        IGNORE,
        (
            "=序号",
            "=编号",
            "=no",
            "备注",
            "remark",
            "=说明",
            "联系人",
            "电话",
            "上线",
            "建设年",
            "操作系统",
            "数据库",
            "中间件",
            "开发商",
            "承建",
        ),
        Msg("忽略", "ignored"),
    ),
    FieldDef(
        "current_vendor",
        ("现供应商", "当前供应商", "现云服务商", "current vendor", "currentvendor"),
        Msg("现供应商", "current vendor"),
    ),
    FieldDef(
        "current_platform",
        ("现平台", "当前平台", "现资源池", "current platform", "currentplatform"),
        Msg("现平台", "current platform"),
    ),
    FieldDef(
        "current_location",
        (
            "现部署位置",
            "当前部署",
            "部署位置",
            "现部署",
            "所在位置",
            "运行环境",
            "部署现状",
            "现状",
            "托管位置",
        ),
        Msg("现部署位置", "current location"),
    ),
    FieldDef(
        "migration_cost",
        ("迁移费", "迁移成本", "搬迁费", "迁移预算", "migration"),
        Msg("迁移费用", "migration cost"),
    ),
    FieldDef(
        "xinchuang_adaptation_cost",
        ("适配费", "改造费", "适配改造", "适配成本", "改造成本", "adaptation"),
        Msg("信创适配费用", "信创 (domestic stack) adaptation cost"),
    ),
    FieldDef(
        "xinchuang_required",
        ("须信创", "必须信创", "需信创", "信创要求", "是否信创", "国产化要求", "信创", "xinchuang"),
        Msg("须信创", "信创 required"),
    ),
    FieldDef(
        "mlps_level",
        ("等保", "安全等级", "等级保护", "保护等级", "mlps"),
        Msg("等保级别", "MLPS level"),
    ),
    FieldDef(
        "data_class",
        (
            "数据分级",
            "数据级别",
            "数据类别",
            "敏感程度",
            "数据敏感",
            "数据分类",
            "data class",
            "dataclass",
            "data_class",
        ),
        Msg("数据分级", "data class"),
    ),
    FieldDef(
        "name",
        (
            "系统名称",
            "应用系统",
            "业务系统",
            "系统名",
            "应用名称",
            "信息系统",
            "=名称",
            "=系统",
            "system",
            "=name",
        ),
        Msg("系统名称", "system name"),
    ),
    FieldDef(
        "department",
        (
            "主管部门",
            "使用单位",
            "责任单位",
            "建设单位",
            "所属部门",
            "部门",
            "=单位",
            "department",
            "dept",
        ),
        Msg("部门", "department"),
    ),
    FieldDef("spec", ("规格", "配置", "spec"), Msg("规格", "spec")),
    FieldDef("vcpu", ("vcpu", "cpu", "核数", "处理器", "计算资源"), Msg("vCPU", "vCPU")),
    FieldDef("ram_gb", ("内存", "ram", "memory"), Msg("内存", "RAM")),
    FieldDef(
        "storage_gb", ("存储", "磁盘", "数据量", "硬盘", "storage", "disk"), Msg("存储", "storage")
    ),
    FieldDef("bandwidth_mbps", ("带宽", "bandwidth"), Msg("带宽", "bandwidth")),
)

_LOCAL = {
    "",
    "自建机房",
    "本地机房",
    "县机房",
    "机房",
    "自建",
    "本地",
    "无",
    "本单位机房",
    "局机房",
    "自有机房",
    "县自建机房",
    "新建",
    "未上云",
}
_SENSITIVE_GUESS = {"敏感", "个人敏感", "敏感个人信息", "高", "较高"}
_UNIT_TAIL = re.compile(r"(核|vcpus?|vcores?|c|cpu|个|gib|gb|g|mbps|mb|m|兆)$")


#: Columns the list must have: (field, expected header — Chinese carrying the English).
_REQUIRED_COLUMNS: tuple[tuple[str, Msg], ...] = (
    ("name", Msg("系统名称", "system name")),
    ("vcpu", Msg("CPU/vCPU", "CPU/vCPU")),
    ("ram_gb", Msg("内存", "RAM")),
    ("storage_gb", Msg("存储", "storage")),
    ("mlps_level", Msg("等保级别", "MLPS level")),
    ("data_class", Msg("数据分级", "data class")),
)


@dataclass
class Inventory:
    """The inventory read into a canonical workloads Table, plus what was assumed."""

    file: str
    table: Table | None = None
    issues: list[ValidationIssue] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)


def _number(raw: Any) -> Any:
    """'16核' → 16.0, '64GB' → 64.0; other text as written (for the canonical error message)."""
    if is_blank(raw, dashes=True) or isinstance(raw, int | float):
        return raw
    a = parse_amount(raw)
    if a is not None:
        return float(a.value)
    text = clean_text(raw).lower().replace(" ", "")
    stripped = _UNIT_TAIL.sub("", text)
    a = parse_amount(stripped)
    return float(a.value) if a is not None and stripped != text else raw


def read_inventory(path: str | Path, mappings: MappingStore | None = None) -> Inventory:
    """Read the county's system list (any sheet with a recognisable header) into a Table."""
    path = Path(path)
    out = Inventory(path.name)
    grids, issues = read_grids(path)
    out.issues.extend(issues)
    memory = mappings.columns(MappingStore.INVENTORY) if mappings is not None else {}
    found = best_table(grids, INVENTORY_FIELDS, "workloads", "name", memory, min_fields=3)
    if found is None:
        if grids:
            out.issues.append(
                ValidationIssue(
                    path.name,
                    message=Msg(
                        "没有找到业务系统清单（表头应含 系统名称、CPU、内存、存储、等保级别 等列）",
                        "No system inventory found (the header should have columns such as "
                        "system name, CPU, RAM, storage and MLPS level)",
                    ),
                    hint=Msg(
                        "请确认清单的表头行，或按模板的「业务系统」表整理",
                        "Check the header row of the list, or lay it out like the workloads "
                        "('业务系统') sheet of the template",
                    ),
                )
            )
        return out
    grid = found.grid
    out.issues.extend(found.issues)
    out.mapping = {c.header: c.field or "" for c in found.columns}
    table = Table(grid.sheet or path.stem, file=path.name)
    for c in found.columns:
        if c.field is None:
            out.issues.append(
                ValidationIssue(
                    path.name,
                    grid.sheet,
                    found.excel_header_row,
                    c.header,
                    severity="warning",
                    message=Msg("无法识别的列，已忽略", "Unrecognised column, ignored"),
                    hint=Msg(
                        "如该列有用，请改用模板中的列名，或在映射文件中指定",
                        "If the column is needed, use the column name from the template, or "
                        "set its meaning in the mapping file",
                    ),
                )
            )
        elif c.field not in (IGNORE, "spec", "current_location"):
            table.headers.setdefault(c.field, c.header)
    if found.column("spec") is not None:
        table.headers.setdefault("vcpu", found.column("spec").header)  # type: ignore[union-attr]
        table.headers.setdefault("ram_gb", found.column("spec").header)  # type: ignore[union-attr]
    loc = found.column("current_location")
    if loc is not None:
        table.headers.setdefault("current_vendor", loc.header)
        table.headers.setdefault("current_platform", loc.header)
    for key, label in _REQUIRED_COLUMNS:
        if key not in table.headers:
            if key == "mlps_level":
                hint = Msg(
                    "请加一列「等保级别」并逐个系统填写 1–4（Yunce 不会推测等保级别；可查定级备案材料）",
                    "Add an 'MLPS level' column and fill in 1–4 for every system (Yunce never "
                    "guesses the MLPS level; see the MLPS grading and filing records of each system)",
                )
            else:
                hint = bi(
                    "请在清单中加一列「{label}」", "Add a '{label}' column to the list", label=label
                )
            out.issues.append(
                ValidationIssue(
                    path.name,
                    grid.sheet,
                    found.excel_header_row,
                    label,
                    message=bi(
                        "清单缺少「{label}」列", "The list has no '{label}' column", label=label
                    ),
                    hint=hint,
                )
            )
    for row, cells, _section in found.records:
        rec = _record(out, grid.sheet, row, cells, found)
        if rec is not None:
            table.records.append((row, rec))
    out.table = table
    return out


def _record(
    out: Inventory, sheet: str, row: int, cells: list[Any], t: FoundTable
) -> dict[str, Any] | None:
    def cell(key: str) -> Any:
        c = t.column(key)
        return cells[c.index] if c is not None and c.index < len(cells) else None

    def warn(column: str, value: Any, message: Msg, hint: Msg) -> None:
        out.issues.append(
            ValidationIssue(
                out.file, sheet, row, column, clean_text(value), message, hint, "warning"
            )
        )

    rec: dict[str, Any] = {}
    for c in t.columns:
        if c.field in (None, IGNORE, "spec", "current_location") or c.field in rec:
            continue
        raw = cells[c.index] if c.index < len(cells) else None
        key = c.field
        if key in ("vcpu", "ram_gb", "bandwidth_mbps"):
            value = _number(raw)
            if (
                key == "ram_gb"
                and isinstance(raw, str)
                and re.search(r"t(b|ib)?$", clean_text(raw).lower())
            ):
                value = parse_quantity_gb(raw)
            elif key == "ram_gb" and c.unit.per == "tb" and isinstance(value, float):
                value *= 1024
        elif key == "storage_gb":
            unit = "tb" if c.unit.per == "tb" or "tb" in normalise(c.header) else ""
            q = parse_quantity_gb(raw, unit)
            value = q if q is not None else raw
        elif key in ("migration_cost", "xinchuang_adaptation_cost"):
            a = parse_amount(raw)
            value = raw if a is None else float(a.value if a.wan else a.value * c.unit.scale)
        elif key == "mlps_level":
            lvl = parse_level(raw)
            value = lvl if lvl is not None else raw
        elif key == "xinchuang_required":
            b = parse_bool(raw)
            value = b if b is not None else raw
        elif key == "data_class":
            text = normalise(clean_text(raw))
            if text in DATA_CLASS_VALUES:
                value = DATA_CLASS_VALUES[text]
            elif text in _SENSITIVE_GUESS:
                value = "important"
                warn(
                    c.header,
                    raw,
                    Msg(
                        "数据分级按「重要」处理（推测：含敏感数据的系统只能上私有云）",
                        "Data class taken as 'important' (a guess: systems holding sensitive data "
                        "may only go on private cloud)",
                    ),
                    Msg(
                        "请确认并填写 核心/重要/一般/公开",
                        "Check it and fill in core, important, general or public",
                    ),
                )
            elif "涉密" in text:
                out.issues.append(
                    ValidationIssue(
                        out.file,
                        sheet,
                        row,
                        c.header,
                        clean_text(raw),
                        Msg(
                            "涉密系统不能部署在政务云上",
                            "Classified systems cannot be deployed on government cloud",
                        ),
                        Msg(
                            "请从清单中移除该系统（涉密系统另行处理）",
                            "Remove this system from the list (classified systems "
                            "are handled separately)",
                        ),
                    )
                )
                return None
            else:
                value = raw
        else:
            value = clean_text(raw) if not is_blank(raw, dashes=True) else None
        rec[key] = value
    spec = parse_spec(clean_text(cell("spec"))) if t.column("spec") is not None else None
    if spec is not None:
        rec.setdefault("vcpu", spec[0])
        rec.setdefault("ram_gb", spec[1])
        if is_blank(rec.get("vcpu"), dashes=True):
            rec["vcpu"] = spec[0]
        if is_blank(rec.get("ram_gb"), dashes=True):
            rec["ram_gb"] = spec[1]
    if t.column("current_location") is not None and is_blank(
        rec.get("current_vendor"), dashes=True
    ):
        where = clean_text(cell("current_location"))
        if normalise(where) in _LOCAL or is_blank(where, dashes=True):
            rec["current_vendor"] = rec["current_platform"] = None
        else:
            parts = [
                p for p in re.split(r"\s*[/／\\|｜]\s*|\s*[-－—]\s*|\s+", where, maxsplit=1) if p
            ]
            if len(parts) == 2:
                rec["current_vendor"], rec["current_platform"] = parts
            else:
                warn(
                    t.column("current_location").header,
                    where,  # type: ignore[union-attr]
                    Msg(
                        "无法分出现供应商和现平台，按本县自建机房处理（推测）",
                        "Cannot tell the current vendor and platform apart; taken as the county "
                        "machine room (a guess)",
                    ),
                    Msg(
                        "请写成「供应商/平台」，如 天翼云/市政务云x86专区；自建机房可留空",
                        "Write it as 'vendor/platform', e.g. '天翼云/市政务云x86专区'; leave it "
                        "blank for the county machine room",
                    ),
                )
                rec["current_vendor"] = rec["current_platform"] = None
    return rec
