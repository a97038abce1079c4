"""Write canonical workbooks: a filled-in input (PlanInput) and the blank template.

Written with XlsxWriter in constant-memory mode (each row goes to disk as the next begins: a
20,000-system county stays small in memory), so every sheet is written top to bottom.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from data.schema import ENUM_CHOICES, SHEETS, Column, sheet_columns
from data.xlsx import atomic_save
from data.xlsxbook import Book, Sheet, col_letter
from planner.labels import (
    DATA_CLASS_LABELS,
    DEPLOYMENT_LABELS,
    PERIOD_LABELS,
    RESOURCE_LABELS,
    label,
)
from planner.model import PlanInput, Policy, ProcurementStandards, YearsSpec
from planner.rules import policy_values

#: The header cells of every sheet.
HEADER = {"bg_color": "#1F4E78", "bold": True, "font_color": "#FFFFFF"}
#: Chinese display of the commercial-term enumerations (折扣 / 指定规则 sheets).
_TERM_ENUMS: dict[str, dict[str, str]] = {
    "discount_kind": {"term": "期限折扣", "volume": "总额阶梯", "resource": "资源折扣"},
    "tier_mode": {"whole": "全额", "above": "超出部分"},
    "system_rule": {
        "pin": "固定到",
        "forbid": "禁止",
        "same_platform": "同平台",
        "different_vendor": "不同供应商",
        "no_public": "不上公有云",
    },
}


def _display(col: Column, value: Any, lang: str) -> Any:
    """Domain value → what a person types in that column."""
    if value is None:
        return None
    if lang != "zh" and col.type in (
        "deployment",
        "data_class",
        "period",
        "resource",
        *_TERM_ENUMS,
    ):
        return str(value)
    if col.type == "change":
        return f"{value * 100:g}%" if value else None
    if col.type in _TERM_ENUMS:
        return _TERM_ENUMS[col.type].get(str(value), str(value))
    if col.type == "bool":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if col.type == "deployment":
        return label(DEPLOYMENT_LABELS, str(value), lang)
    if col.type == "data_class":
        return label(DATA_CLASS_LABELS, str(value), lang)
    if col.type == "period":
        return label(PERIOD_LABELS, str(value), lang)
    if col.type == "resource":
        return (
            label(RESOURCE_LABELS, str(value), lang).replace("(GB)", "").replace("(Mbps)", "")
            if lang == "zh"
            else str(value)
        )
    return value


def _header_row(ws: Sheet, cols: tuple[Column, ...], lang: str) -> None:
    head = ws.book.fmt(**HEADER, align="center", valign="vcenter", text_wrap=True)
    for j, col in enumerate(cols, start=1):
        ws.value(1, j, col.header(lang), head)
        ws.set_width(j, max(10, min(28, len(col.header(lang)) * 2 + 4)))
    ws.freeze(2)


def _add_validations(ws: Sheet, cols: tuple[Column, ...], lang: str, rows: int = 2000) -> None:
    for j, col in enumerate(cols, start=1):
        choices = ENUM_CHOICES.get(col.type)
        if not choices:
            continue
        if lang != "zh":
            choices = {
                "bool": ["yes", "no"],
                "deployment": ["private", "public"],
                "data_class": ["core", "important", "general", "public"],
                "period": ["month", "year"],
                "resource": [
                    "vcpu",
                    "ram_gb",
                    "storage_gb",
                    "bandwidth_mbps",
                    "security_l2",
                    "security_l3",
                    "security_l4",
                    "instance",
                ],
                **{t: list(v) for t, v in _TERM_ENUMS.items()},
            }[col.type]
        title = col.zh if lang == "zh" else col.key
        letter = col_letter(j)
        ws.ws.data_validation(
            f"{letter}2:{letter}{rows}",
            {
                "validate": "list",
                "source": list(choices),
                "ignore_blank": True,
                "error_title": title[:32],
                "error_message": "请从下拉列表中选择"
                if lang == "zh"
                else "Choose a value from the drop-down list",
                "input_title": title[:32],
                "input_message": (col.meaning_zh if lang == "zh" else col.meaning_en)[:250],
            },
        )


def _policy_rows(policy: Policy | None, years: YearsSpec | None = None) -> list[tuple[str, Any]]:
    """(key, value) of every rule the 约束 sheet holds, in the registry's order; the two multi-year
    settings (折现率, 允许多次迁移) only for a multi-year input (and in the blank template)."""
    keys = [c.key for c in sheet_columns("policy")]
    if policy is None:
        return [(k, None) for k in keys]
    rows = list(policy_values(policy, tuple(keys)).items())
    if years is not None:
        rows += [
            ("discount_rate", years.discount_rate),
            ("allow_multiple_moves", years.allow_multiple_moves),
        ]
    return rows


def build_input_workbook(inp: PlanInput | None, lang: str = "zh", template: bool = False) -> Book:
    """The canonical workbook for inp (or blank with instructions when template=True)."""
    from data.workbook import to_frames

    wb = Book(constant_memory=True)
    if template:  # the 说明 sheet comes first
        _instructions(wb, lang)
    frames = to_frames(inp) if inp is not None else {}
    sheets = ["platforms", "prices", "workloads"]
    # the optional commercial-term sheets: in the template, and when the input has such rows
    sheets += [k for k in ("discounts", "system_rules") if template or k in frames]
    for key in sheets:
        cols = sheet_columns(key)
        ws = wb.add_sheet(SHEETS[key].display(lang))
        _header_row(ws, cols, lang)
        df = frames.get(key)
        if df is not None:
            src_keys = {"platforms": {"platform": "platform"}}.get(key, {})
            for i, rec in enumerate(df.to_dict("records"), start=2):
                for j, col in enumerate(cols, start=1):
                    v = rec.get(src_keys.get(col.key, col.key))
                    if isinstance(v, float) and v != v:  # NaN
                        v = None
                    ws.value(i, j, _display(col, v, lang))
        if template:
            _add_validations(ws, cols, lang)
    ws = wb.add_sheet(SHEETS["policy"].display(lang))
    heads = ("参数", "值", "说明") if lang == "zh" else ("key", "value", "meaning")
    for j, h in enumerate(heads, start=1):
        ws.value(1, j, h, wb.fmt(**HEADER))
    policy = inp.policy if inp is not None else None
    pcols = {c.key: c for c in sheet_columns("policy")}
    for i, (k, v) in enumerate(
        _policy_rows(policy, inp.years if inp is not None else None), start=2
    ):
        col = pcols[k]
        ws.value(i, 1, col.zh if lang == "zh" else col.key)
        if v is None and template and col.default:
            v = (
                col.default
                if col.type == "bool"
                else float(col.default)
                if col.type != "int"
                else int(col.default)
            )
        elif col.type == "bool":
            v = _display(col, v, lang)
        ws.value(i, 2, v)
        ws.value(i, 3, col.meaning_zh if lang == "zh" else col.meaning_en)
    ws.set_widths({1: 22, 2: 18, 3: 60})
    years_frame = frames.get("years")
    if (
        template or years_frame is not None
    ):  # optional sheet: only in the template and multi-year inputs
        cols = sheet_columns("years")
        ws = wb.add_sheet(SHEETS["years"].display(lang))
        _header_row(ws, cols, lang)
        if years_frame is not None:
            for i, rec in enumerate(years_frame.to_dict("records"), start=2):
                for j, col in enumerate(cols, start=1):
                    v = rec.get(col.key)
                    if isinstance(v, float) and v != v:  # NaN
                        v = None
                    ws.value(i, j, _display(col, v, lang))
    if template or (inp is not None and inp.procurement is not None):
        _procurement_sheet(wb, inp.procurement if inp is not None else None, lang)
    return wb


def _procurement_sheet(wb: Book, std: ProcurementStandards | None, lang: str) -> None:
    """The optional 采购标准 sheet: parameter/value/meaning; blank values in the template show the
    shipped defaults (the national guideline's floors, which the meaning says to replace)."""
    from dataclasses import asdict

    ws = wb.add_sheet(SHEETS["procurement"].display(lang))
    heads = ("参数", "值", "说明") if lang == "zh" else ("key", "value", "meaning")
    for j, h in enumerate(heads, start=1):
        ws.value(1, j, h, wb.fmt(**HEADER))
    values = asdict(std if std is not None else ProcurementStandards())
    for i, col in enumerate(sheet_columns("procurement"), start=2):
        v = values.get(col.key)
        ws.value(i, 1, col.zh if lang == "zh" else col.key)
        ws.value(i, 2, _display(col, v, lang) if v not in ("", None) else None)
        ws.value(i, 3, col.meaning_zh if lang == "zh" else col.meaning_en)
    ws.set_widths({1: 22, 2: 18, 3: 90})


#: Column types as a person reads them on the Chinese 说明 sheet.
_TYPE_ZH = {
    "text": "文本",
    "number": "数字",
    "int": "整数",
    "bool": "是/否",
    "share": "比例",
    "percent": "百分比",
    "deployment": "选项",
    "data_class": "选项",
    "period": "选项",
    "resource": "选项",
    "year": "整数",
    "change": "百分比",
    "discount_kind": "选项",
    "tier_mode": "选项",
    "system_rule": "选项",
    "factor": "比例",
}


def _instructions(wb: Book, lang: str) -> None:
    ws = wb.add_sheet("说明" if lang == "zh" else "instructions")
    ws.value(
        1,
        1,
        "云策 Yunce 输入模板" if lang == "zh" else "Yunce input template",
        wb.fmt(bold=True, font_size=14),
    )
    lines = (
        [
            "填写「平台」「报价」「业务系统」「约束」四张表后，运行：yunce plan 本文件.xlsx -o 方案.xlsx",
            "表头可用中文或英文，列顺序可调整，表头括号中的单位可省略；是/否列可写 是/否、yes/no、1/0。",
            "报价缺失表示该平台不提供该资源；等保二级及以上的系统需要对应级别的安全服务报价。",
        ]
        if lang == "zh"
        else [
            "Fill in the four sheets (platforms, prices, workloads, policy), then run: yunce plan THIS.xlsx -o PLAN.xlsx",
            "Headers in Chinese or English, any column order, the unit in brackets may be left out; "
            "yes/no columns accept 是/否, yes/no, 1/0.",
            "A missing price means the platform does not offer that resource; systems at MLPS level 2 or above "
            "need a price for the security package of their level.",
        ]
    )
    for i, line in enumerate(lines, start=2):
        ws.value(i, 1, line)
    row = len(lines) + 3
    heads = (
        ["工作表", "列", "英文键", "类型", "单位", "必填", "默认值", "含义"]
        if lang == "zh"
        else ["sheet", "column", "key", "type", "unit", "required", "default", "meaning"]
    )
    for j, h in enumerate(heads, start=1):
        ws.value(row, j, h, wb.fmt(**HEADER))
    from data.schema import columns

    for col in columns():
        row += 1
        kind = _TYPE_ZH.get(col.type, col.type) if lang == "zh" else col.type
        vals = [
            SHEETS[col.sheet].display(lang),
            col.zh,
            col.key,
            kind,
            col.unit,
            ("是" if col.required else "否") if lang == "zh" else ("yes" if col.required else "no"),
            col.default,
            col.meaning_zh if lang == "zh" else col.meaning_en,
        ]
        for j, v in enumerate(vals, start=1):
            ws.value(row, j, v)
    ws.value(  # below the table: the rows above it are read by position
        row + 2,
        1,
        "「采购标准」表（可选）只决定采购项目的采购方式和组织形式，不影响方案；其中的默认值是全国指引下限"
        "（财库〔2019〕69号），请按本省标准修改。"
        if lang == "zh"
        else "The optional procurement sheet only decides the methods of the procurement items, "
        "never the plan; its defaults are the national guideline's floors (Cai Ku [2019] 69): set "
        "your province's figures.",
    )
    ws.set_widths(dict(enumerate((10, 16, 24, 10, 8, 6, 8, 70), start=1)))


def write_input_workbook(inp: PlanInput, path: str | Path, lang: str = "zh") -> Path:
    """Write inp as a canonical workbook (atomically)."""
    return atomic_save(build_input_workbook(inp, lang), path)


def write_template(path: str | Path, lang: str = "zh") -> Path:
    """Write the blank canonical workbook with a 说明 sheet and drop-downs (atomically)."""
    return atomic_save(build_input_workbook(None, lang, template=True), path)
