"""询价单 (request for quotation): the workbook a county sends its vendors, and reading it back.

:func:`build_rfq` writes a cover sheet (county, deadline, contact, instructions in plain
Chinese), a 报价 sheet with one block of lines per pool slot (vCPU, 内存, 存储, 带宽, the
等保 security packages the county's systems need, and instance specs derived from the
inventory's sizes) and a hidden sheet carrying the version mark and the meaning of every row.
Only the answer cells are unlocked (pool name, 部署方式, 信创, 等保级别, 容量, 单价), each with
data validation.

:func:`read_rfq` reads a filled 询价单 back by position, using the hidden sheet: no header is
guessed, no column mapping is asked, the unit and the period are those printed on the sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from data.cell_values import clean_text, is_blank, parse_amount, parse_bool, parse_level
from data.quote_lines import PlatformFacts, QuoteLine, QuoteSheet
from data.schema import DEPLOYMENT_VALUES, normalise
from data.workbook import ValidationIssue
from data.xlsx import atomic_save
from data.xlsxbook import Book, Sheet, col_letter
from planner.model import PlanInput, Workload, instance_spec_label
from planner.text import Msg, bi

MARK_SHEET = "_yunce_rfq"
"""Hidden sheet: version mark, county, and what each 报价 row asks for."""
VERSION = "yunce-rfq/1"
QUOTE_SHEET = "报价"
COVER_SHEET = "封面"
VENDOR_CELL = "C3"
"""Where the vendor's name goes on the 报价 sheet."""
HEADER_ROW = 5
FIRST_ROW = 6

#: Columns of the 报价 sheet: (header, width, answer cell?).
COLUMNS = (
    ("资源池名称", 22, True),
    ("部署方式", 10, True),
    ("信创", 8, True),
    ("等保级别", 9, True),
    ("容量vCPU", 10, True),
    ("计费项", 18, False),
    ("规格", 10, False),
    ("单位", 14, False),
    ("单价(元/年)", 14, True),
    ("说明", 36, False),
)
COL = {name: j + 1 for j, (name, _w, _a) in enumerate(COLUMNS)}

#: Per-unit lines asked for in every pool: (resource, item, unit, note).
UNIT_LINES = (
    ("vcpu", "vCPU", "元/核/年", "每个 vCPU 一年的价格"),
    ("ram_gb", "内存", "元/GB/年", "每 GB 内存一年的价格"),
    ("storage_gb", "存储", "元/GB/年", "每 GB 块存储（云硬盘）一年的价格"),
    ("bandwidth_mbps", "带宽", "元/Mbps/年", "每 Mbps 互联网带宽一年的价格"),
)
SECURITY_LINES = {
    2: ("security_l2", "等保二级安全服务", "元/系统/年", "每个二级系统一年的安全服务费"),
    3: ("security_l3", "等保三级安全服务", "元/系统/年", "每个三级系统一年的安全服务费"),
    4: ("security_l4", "等保四级安全服务", "元/系统/年", "每个四级系统一年的安全服务费"),
}
#: An answer cell: yellow and unlocked (the sheets are protected).
_ANSWER = {"bg_color": "#FFF2CC", "locked": False}
_HEAD = "#1F4E78"
#: The thin grey box around every cell of a line.
_BOX = {"border": 1, "border_color": "#BFBFBF"}


@dataclass(frozen=True, slots=True)
class AskedLine:
    """One row of the 报价 sheet: pool slot, resource, and the instance spec for instance lines."""

    row: int
    slot: int
    resource: str
    vcpu: float | None = None
    ram_gb: float | None = None


def asked_lines(workloads: Sequence[Workload], pools: int) -> list[AskedLine]:
    """The rows the 询价单 asks for, pool slot by pool slot: per-unit lines, the 等保 packages
    the systems need (二级 and 三级 when no system says), and the systems' instance sizes."""
    levels = sorted({w.mlps_level for w in workloads if w.mlps_level >= 2}) or [2, 3]
    specs = sorted({(w.vcpu, w.ram_gb) for w in workloads if w.vcpu > 0 and w.ram_gb > 0})
    out: list[AskedLine] = []
    row = FIRST_ROW
    for slot in range(1, pools + 1):
        for resource, *_ in UNIT_LINES:
            out.append(AskedLine(row, slot, resource))
            row += 1
        for level in levels:
            out.append(AskedLine(row, slot, SECURITY_LINES[min(4, level)][0]))
            row += 1
        for vcpu, ram in specs:
            out.append(AskedLine(row, slot, "instance", vcpu, ram))
            row += 1
        row += 1  # a blank row between pools
    return out


def _placeholder(slot: int) -> str:
    return f"资源池{slot}"


def build_rfq(
    inp: PlanInput | tuple[str, Sequence[Workload]],
    vendor: str = "",
    deadline: str = "",
    contact: str = "",
    pools: int = 3,
) -> Book:
    """The 询价单 workbook for one vendor (vendor '' leaves the name for the vendor to fill).

    inp is the county's input, or just (county name, systems) before any price is known.
    """
    name, workloads = (inp.name, inp.workloads) if isinstance(inp, PlanInput) else inp
    wb = Book()
    cover = wb.add_sheet(COVER_SHEET)
    county = name or "本县"
    bold = wb.fmt(bold=True)
    cover.value(1, 1, f"{county} 政务云资源询价单", wb.fmt(bold=True, font_size=16))
    facts = [
        ("询价单位", county),
        ("报价截止", deadline or "（请按询价函约定的时间）"),
        ("联系人及电话", contact or "（见询价函）"),
        ("供应商", vendor or "（请在「报价」表填写）"),
    ]
    for i, (k, v) in enumerate(facts, start=3):
        cover.value(i, 1, k, bold)
        cover.value(i, 2, v)
    steps = [
        "填写说明：",
        f"1. 请只在「{QUOTE_SHEET}」表的黄色格子中填写，其余格子已锁定，不必也不能修改。",
        "2. 每个资源池一组：把「资源池1」「资源池2」……改为贵方资源池的名称（只改每组第一行即可），"
        "并在该行填写 部署方式（私有云/公有云）、信创（是/否）、可承载的最高等保级别（1–4）和"
        "可分配给本县的 vCPU 容量（不限可留空）。用不到的资源池组请整组留空。",
        "3. 单价一律填 元/年（含税），按「单位」一列所示的计量单位；不提供的项目请留空，不要填 0。",
        "4. 云主机规格行按整台实例一年的价格填写；只按 vCPU/内存 单价计费的可留空。",
        "5. 请不要增删行列、不要改工作表名称，填好后原样发回；本县用云策（Yunce）直接读取，不再手工录入。",
    ]
    wrap = wb.fmt(text_wrap=True, valign="top")
    for i, text in enumerate(steps, start=9):
        cover.row_height(i, 18 if i == 9 else 36)
        cover.merge(i, 1, i, 8, text, wrap)
    cover.set_widths({1: 16, 2: 40})
    cover.ws.protect()

    ws = wb.add_sheet(QUOTE_SHEET)
    ws.value(1, 1, f"{county} 政务云资源询价单 · 报价表", wb.fmt(bold=True, font_size=14))
    ws.value(3, 1, "供应商名称：", bold)
    # the vendor's name: an answer cell (yellow, unlocked) when no vendor is named
    ws.merge(3, 3, 3, 5, vendor or None, wb.fmt(**_ANSWER) if not vendor else None)
    ws.value(4, 1, "单价一律为 元/年（含税）；黄色格子为填写处。")
    head = wb.fmt(bold=True, font_color="#FFFFFF", bg_color=_HEAD, align="center")
    for j, (name, width, _a) in enumerate(COLUMNS, start=1):
        ws.value(HEADER_ROW, j, name, head)
        ws.set_width(j, width)
    lines = asked_lines(workloads, pools)
    first_of_slot: dict[int, int] = {}
    for a in lines:
        first_of_slot.setdefault(a.slot, a.row)
    boxed, answer_box = wb.fmt(**_BOX), wb.fmt(**_BOX, **_ANSWER)
    for a in lines:
        if a.resource == "instance":
            item, spec, unit, note = (
                "云主机实例",
                instance_spec_label(a.vcpu, a.ram_gb),
                "元/台/年",
                "整台实例一年的价格（含系统盘）",
            )
        elif a.resource.startswith("security_"):
            item, unit, note = SECURITY_LINES[int(a.resource[-1])][1:]
            spec = ""
        else:
            _r, item, unit, note = next(u for u in UNIT_LINES if u[0] == a.resource)
            spec = ""
        values = {
            "资源池名称": _placeholder(a.slot),
            "计费项": item,
            "规格": spec,
            "单位": unit,
            "说明": note,
        }
        for name, j in COL.items():
            answer = name == "单价(元/年)" or (COLUMNS[j - 1][2] and a.row == first_of_slot[a.slot])
            ws.value(a.row, j, values.get(name) or None, answer_box if answer else boxed)
    _validate(ws, lines, first_of_slot)
    if not vendor:
        ws.ws.data_validation(
            VENDOR_CELL,
            {
                "validate": "length",
                "criteria": "between",
                "minimum": 1,
                "maximum": 40,
                "ignore_blank": True,
                "error_title": "输入有误",
                "error_message": "供应商名称请在 40 字以内",
            },
        )
    ws.freeze(FIRST_ROW)
    ws.ws.protect()
    ws.ws.activate()

    mark = wb.add_sheet(MARK_SHEET)
    for j, v in enumerate((VERSION, county, vendor), start=1):
        mark.value(1, j, v)
    for j, v in enumerate(("row", "slot", "resource", "vcpu", "ram_gb"), start=1):
        mark.value(2, j, v)
    for i, a in enumerate(lines, start=3):
        for j, v in enumerate((a.row, a.slot, a.resource, a.vcpu, a.ram_gb), start=1):
            mark.value(i, j, v)
    mark.ws.hide()
    mark.ws.protect()
    return wb


def _validate(ws: Sheet, lines: list[AskedLine], first_of_slot: dict[int, int]) -> None:
    def dv(cells: list[tuple[int, int]], **options: Any) -> None:
        """One validation over the cells (row, column), 1-based."""
        refs = [f"{col_letter(c)}{r}" for r, c in cells]
        ws.ws.data_validation(
            refs[0],
            {
                "ignore_blank": True,
                "error_title": "输入有误",
                **options,
                **({"multi_range": " ".join(refs)} if len(refs) > 1 else {}),
            },
        )

    firsts = list(first_of_slot.values())
    dv(
        [(a.row, COL["单价(元/年)"]) for a in lines],
        validate="decimal",
        criteria=">=",
        value=0,
        error_message="请填写 0 或正数（元/年）",
    )
    dv(
        [(r, COL["资源池名称"]) for r in firsts],
        validate="length",
        criteria="between",
        minimum=1,
        maximum=40,
        error_message="资源池名称请在 40 字以内",
    )
    dv(
        [(r, COL["部署方式"]) for r in firsts],
        validate="list",
        source=["私有云", "公有云"],
        error_message="请选择 私有云 或 公有云",
    )
    dv(
        [(r, COL["信创"]) for r in firsts],
        validate="list",
        source=["是", "否"],
        error_message="请选择 是 或 否",
    )
    dv(
        [(r, COL["等保级别"]) for r in firsts],
        validate="integer",
        criteria="between",
        minimum=1,
        maximum=4,
        error_message="请填写 1–4",
    )
    dv(
        [(r, COL["容量vCPU"]) for r in firsts],
        validate="decimal",
        criteria=">=",
        value=0,
        error_message="请填写 vCPU 数量，不限可留空",
    )


def write_rfq(
    inp: PlanInput | tuple[str, Sequence[Workload]],
    path: str | Path,
    vendors: list[str] | None = None,
    deadline: str = "",
    contact: str = "",
    pools: int = 3,
) -> list[Path]:
    """Write the 询价单: one file per vendor when vendors are named (询价单-天翼云.xlsx), else one."""
    path = Path(path)
    if not vendors:
        return [atomic_save(build_rfq(inp, "", deadline, contact, pools), path)]
    out = []
    for v in vendors:
        target = path.with_name(f"{path.stem}-{v}{path.suffix or '.xlsx'}")
        out.append(atomic_save(build_rfq(inp, v, deadline, contact, pools), target))
    return out


# --- reading back ----------------------------------------------------------------------------------
def is_rfq(sheets: dict[str, list[list[Any]]]) -> bool:
    """The workbook carries the 询价单 version mark."""
    rows = sheets.get(MARK_SHEET)
    return bool(rows) and clean_text(rows[0][0] if rows[0] else "") == VERSION


def read_rfq(
    file: str, sheets: dict[str, list[list[Any]]], vendor_arg: str | None = None
) -> QuoteSheet:
    """A filled 询价单 as a :class:`data.quote_lines.QuoteSheet`, read by position."""
    out = QuoteSheet(file)
    mark = sheets[MARK_SHEET]
    rows = sheets.get(QUOTE_SHEET, [])

    def cell(r: int, col: str) -> Any:
        row = rows[r - 1] if 0 < r <= len(rows) else []
        j = COL[col] - 1
        return row[j] if j < len(row) else None

    def issue(
        r: int | None, col: str, value: Any, message: Msg, hint: Msg, severity: str = "error"
    ) -> None:
        out.issues.append(
            ValidationIssue(
                file, QUOTE_SHEET, r, col, clean_text(value)[:80], message, hint, severity
            )
        )

    vrow = rows[2] if len(rows) > 2 else []
    vendor = (
        vendor_arg
        or clean_text(vrow[2] if len(vrow) > 2 else "")
        or clean_text(mark[0][2] if len(mark[0]) > 2 else "")
    )
    if not vendor:
        issue(
            3,
            "供应商名称",
            "",
            Msg("询价单没有填写供应商名称", "The RFQ does not give the vendor's name"),
            Msg(
                "请在「报价」表第 3 行填写供应商名称",
                "Fill in the vendor's name in row 3 of the 报价 sheet",
            ),
        )
        return out
    asked = []
    for r in mark[2:]:
        if not r or is_blank(r[0], dashes=True):
            continue
        asked.append(
            AskedLine(
                int(r[0]),
                int(r[1]),
                clean_text(r[2]),
                float(r[3]) if not is_blank(r[3], dashes=True) else None,
                float(r[4]) if not is_blank(r[4], dashes=True) else None,
            )
        )
    slots: dict[int, list[AskedLine]] = {}
    for a in asked:
        slots.setdefault(a.slot, []).append(a)
    for slot, lines in slots.items():
        first = lines[0].row
        name = clean_text(cell(first, "资源池名称"))
        priced = [a for a in lines if not is_blank(cell(a.row, "单价(元/年)"), dashes=True)]
        if not priced:
            continue  # an unused pool group: left blank as the cover asks
        if not name or name == _placeholder(slot):
            issue(
                first,
                "资源池名称",
                name,
                bi(
                    "第 {s} 组报了价，但没有填写资源池名称",
                    "Pool group {s} has prices but no pool name",
                    s=slot,
                ),
                Msg(
                    "请把「资源池N」改为贵方资源池的名称",
                    "Replace '资源池N' with the name of the pool",
                ),
            )
            continue
        facts = PlatformFacts(
            vendor, name, file=file, source=bi("{f} 第 {r} 行", "{f} row {r}", f=file, r=first)
        )
        raw = cell(first, "部署方式")
        if not is_blank(raw, dashes=True):
            facts.deployment = DEPLOYMENT_VALUES.get(normalise(clean_text(raw)))
            if facts.deployment is None:
                issue(
                    first,
                    "部署方式",
                    raw,
                    Msg("无法识别的部署方式", "Unrecognised deployment type"),
                    Msg("请选择 私有云 或 公有云", "Choose 'private' or 'public'"),
                )
        raw = cell(first, "信创")
        if not is_blank(raw, dashes=True):
            facts.xinchuang = parse_bool(raw)
            if facts.xinchuang is None:
                issue(
                    first,
                    "信创",
                    raw,
                    Msg("无法识别的是/否值", "Unrecognised yes/no value"),
                    Msg("请选择 是 或 否", "Choose yes or no"),
                )
        raw = cell(first, "等保级别")
        if not is_blank(raw, dashes=True):
            facts.mlps_level = parse_level(raw)
            if facts.mlps_level is None or not 1 <= facts.mlps_level <= 4:
                facts.mlps_level = None
                issue(
                    first,
                    "等保级别",
                    raw,
                    Msg("等保级别应为 1–4", "The MLPS level must be 1–4"),
                    Msg("请填写 1–4", "Enter 1 to 4"),
                )
        facts.capacity_stated = True
        raw = cell(first, "容量vCPU")
        if not is_blank(raw, dashes=True):
            a = parse_amount(raw)
            if a is None or a.value < 0:
                issue(
                    first,
                    "容量vCPU",
                    raw,
                    Msg("容量不是非负数字", "The capacity is not a non-negative number"),
                    Msg(
                        "请填写 vCPU 数量，不限可留空",
                        "Enter the number of vCPUs; leave it blank for no limit",
                    ),
                )
            else:
                facts.capacity_vcpu = float(a.value)
        out.platforms[(vendor, name)] = facts
        for a in priced:
            raw = cell(a.row, "单价(元/年)")
            amount = parse_amount(raw)
            if amount is None or amount.percent or amount.value < 0:
                issue(
                    a.row,
                    "单价(元/年)",
                    raw,
                    Msg("单价不是非负数字", "The unit price is not a non-negative number"),
                    Msg(
                        "请填写 元/年 的数字，不提供可留空",
                        "Enter a number in yuan a year, or leave it blank",
                    ),
                )
                continue
            out.lines.append(
                QuoteLine(
                    vendor,
                    name,
                    a.resource,
                    float(Decimal(amount.value)),
                    "year",
                    a.vcpu,
                    a.ram_gb,
                    file,
                    QUOTE_SHEET,
                    a.row,
                    instance_spec_label(a.vcpu, a.ram_gb) if a.vcpu and a.ram_gb else a.resource,
                )
            )
    out.read = list(out.lines)
    out.vendors = [vendor] if out.lines else []
    if not out.lines and not any(i.severity == "error" for i in out.issues):
        issue(
            None,
            "",
            "",
            Msg("询价单中没有任何报价", "The RFQ holds no price"),
            Msg(
                "请在黄色的单价格子中填写 元/年 的价格",
                "Fill in prices (yuan a year) in the yellow price cells",
            ),
        )
    return out
