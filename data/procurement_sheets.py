"""The procurement sheets of the plan workbook: 采购标准, 采购实施计划, 采购意向公开, and for a plan
with plan years 采购清单（分年）.

Every method, organisation and 化整为零 verdict is a live formula against the cells of the
采购标准 sheet (defined names ``proc_limit``, ``proc_tender``, ``proc_catalogue``, ``proc_years``,
``proc_quarter``, ``proc_funding``), so a finance officer who types the province's figures into
that sheet sees the methods change in Excel, WPS or LibreOffice. Each formula carries the result
planner.procurement computed as its cached value; a test recalculates the file in LibreOffice and
compares. The amounts come from the plan's own vendor figures (planner.procurement); nothing is
priced here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

from data.plan_sheets.style import SheetWriter, Styles, display_width, print_setup
from data.schema import sheet_columns
from data.xlsxbook import Book, Sheet, col_letter
from planner.model import ProcurementStandards
from planner.procurement import (
    KIND_LABELS,
    METHOD_LABELS,
    ORGANISATION_LABELS,
    Lot,
    LotKind,
    Method,
    ProcurementReport,
)

NAMES = {
    "decentralized_limit": "proc_limit",
    "tender_threshold": "proc_tender",
    "in_central_catalogue": "proc_catalogue",
    "contract_years": "proc_years",
    "quarter": "proc_quarter",
    "funding_source": "proc_funding",
}

_T: dict[str, tuple[str, str]] = {
    "standards": ("采购标准", "procurement standards"),
    "plan": ("采购实施计划", "procurement plan"),
    "intention": ("采购意向公开", "procurement intentions"),
    "boq_years": ("采购清单（分年）", "bill of quantities by year"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "std_note": (
        "这些数值决定采购方式和组织形式：修改后，「采购实施计划」「采购意向公开」的方式、组织形式、"
        "预算金额（单年方案随合同年限）和化整为零核查随之重算。",
        "These figures decide the methods and organisation: edit them and the procurement plan, "
        "the intentions and the split check recalculate (single-year amounts follow the term).",
    ),
    "std_defaults": (
        "默认值是全国指引下限（《地方预算单位政府集中采购目录及标准指引（2020年版）》，财库〔2019〕69号：市县级"
        "分散采购限额标准不低于 30 万元，公开招标数额标准不低于 200 万元），请按本省标准修改。",
        "The defaults are the national guideline's floors (Cai Ku [2019] 69: decentralised limit "
        "at least 300,000 CNY for city/county units, public-tender threshold at least 2,000,000 "
        "CNY); set your province's figures.",
    ),
    "param": ("参数", "parameter"),
    "value": ("值", "value"),
    "meaning": ("说明", "meaning"),
    "no_item": ("（请按本省品目目录填写）", "(fill in from your province's item catalogue)"),
    "split_title": (
        "化整为零核查（政府采购法实施条例第二十八条：一个财政年度内同一品目或类别，公开招标以外方式累计超过公开招标数额标准）",
        "Split-purchase check (Implementing Regulations art. 28: one fiscal year, one kind, "
        "non-tendered purchases cumulatively above the public-tender threshold)",
    ),
    "none_found": ("未发现化整为零", "no split purchase"),
    "risk_tender": ("化整为零风险（规避公开招标）", "split purchase (avoids public tender)"),
    "risk_gov": ("化整为零风险（规避政府采购）", "split purchase (avoids government procurement)"),
    "intention_note": (
        "采购意向应不晚于采购活动开始前 30 日在省级以上财政部门指定的媒体公开（《财政部关于开展政府采购意向公开工作的通知》，"
        "财库〔2020〕10号）；不属于政府采购的项目无需公开。",
        "Intentions are published at least 30 days before the purchase starts (Cai Ku [2020] 10); "
        "items that are not government procurement need none.",
    ),
}


def _t(key: str, lang: str) -> str:
    zh, en = _T[key]
    return zh if lang == "zh" else en


def _lab(table: dict[Any, tuple[str, str]], key: Any, lang: str) -> str:
    zh, en = table[key]
    return zh if lang == "zh" else en


def num_text(x: float) -> str:
    """A number as a spreadsheet's `&` writes it after ROUND(…, 2): 200, 30.5, 81.23."""
    return f"{round(x, 2):.2f}".rstrip("0").rstrip(".")


#: column widths of 采购实施计划 (the row heights are fitted to them)
PLAN_WIDTHS = {1: 5, 2: 26, 3: 12, 4: 8, 5: 14, 6: 44, 7: 14, 8: 14, 9: 8, 10: 16, 11: 12}
PLAN_WIDTHS |= {12: 12, 13: 14, 14: 13, 15: 12, 16: 48}
INTENT_WIDTHS = {1: 5, 2: 30, 3: 56, 4: 14, 5: 14, 6: 34, 7: 14, 8: 20}


def fit_row(
    sheet: Sheet, row: int, texts: dict[int, str], widths: dict[int, float] | None = None
) -> None:
    """A row tall enough for its wrapped texts (spreadsheets do not grow rows written by a
    library): the most lines any of them needs in its column, 13.5 points a line."""
    widths = widths or PLAN_WIDTHS
    lines = max(
        (math.ceil(display_width(t) / max(widths.get(c, 10) - 1, 1)) for c, t in texts.items()),
        default=1,
    )
    sheet.row_height(row, max(15.0, 13.5 * lines + 3))


def _excel_date(d: date) -> int:
    return (d - date(1899, 12, 30)).days


def sheet_titles(lang: str, years: bool = False) -> list[str]:
    """The titles of the procurement sheets (for the pages that list a workbook's sheets)."""
    keys = ["standards", "plan", "intention", *(["boq_years"] if years else [])]
    return [_t(k, lang) for k in keys]


def add_procurement_sheets(
    book: Book, report: ProcurementReport, lang: str = "zh", years_plan: Any = None
) -> None:
    """采购标准, 采购实施计划 and 采购意向公开 (see the module docstring); for a plan with plan
    years (years_plan) also 采购清单（分年）."""
    styles = Styles(book)
    std_ws = book.add_sheet(_t("standards", lang))
    plan_ws = book.add_sheet(_t("plan", lang))
    intent_ws = book.add_sheet(_t("intention", lang))
    if years_plan is not None:
        _years_boq_sheet(
            SheetWriter(book.add_sheet(_t("boq_years", lang)), styles), years_plan, lang
        )
    _standards_sheet(book, SheetWriter(std_ws, styles), report.standards, lang)
    first = _plan_sheet(SheetWriter(plan_ws, styles), report, lang)
    _intention_sheet(SheetWriter(intent_ws, styles), report, plan_ws.title, first, lang)
    for ws, rows in ((std_ws, (4, 4)), (plan_ws, (3, 3)), (intent_ws, (3, 3))):
        print_setup(
            ws,
            rows,
            "第 &P 页，共 &N 页" if lang == "zh" else "Page &P of &N",
            ws.title,
            (1, 0),
        )


def _standards_sheet(book: Book, w: SheetWriter, std: ProcurementStandards, lang: str) -> None:
    w.value(1, 1, _t("standards", lang), "title")
    w.value(2, 1, _t("std_note", lang), "subtitle")
    w.value(3, 1, _t("std_defaults", lang) if std.defaults else "", "subtitle")
    w.row(4, 1, [_t("param", lang), _t("value", lang), _t("meaning", lang)])
    values = asdict(std)
    for i, col in enumerate(sheet_columns("procurement")):
        r = 5 + i
        v: Any = values[col.key]
        if col.type == "bool":
            v = _t("yes" if v else "no", lang)
        w.value(r, 1, col.header(lang), "label")
        if isinstance(v, float | int) and not isinstance(v, bool):
            w.value(r, 2, v, "money" if col.unit == "元" else "int")
        else:
            w.value(r, 2, "" if v is None else str(v), "text")
        w.value(r, 3, col.meaning_zh if lang == "zh" else col.meaning_en, "text_wrap")
        if col.key in NAMES:
            book.define_name(NAMES[col.key], f"'{w.sheet.title}'!$B${r}")
        if col.key == "in_central_catalogue":
            w.ws.data_validation(
                r - 1,
                1,
                r - 1,
                1,
                {"validate": "list", "source": [_t("yes", lang), _t("no", lang)]},
            )
    w.sheet.set_widths({1: 24, 2: 18, 3: 90})


# --- 采购实施计划 ------------------------------------------------------------------------------
#: column numbers of the plan sheet
C_NO, C_NAME, C_KIND, C_YEAR, C_ITEM, C_NEEDS = 1, 2, 3, 4, 5, 6
C_ANNUAL, C_ONCE, C_TERM, C_AMOUNT, C_WAN = 7, 8, 9, 10, 11
C_METHOD, C_ORG, C_TIME, C_FUND, C_NOTE = 12, 13, 14, 15, 16
HEAD_ROW = 3


def _plan_heads(lang: str) -> list[str]:
    zh = [
        "序号",
        "采购项目名称",
        "类别",
        "采购年度",
        "采购品目",
        "采购需求概况",
        "年服务费（元）",
        "一次性费用（元）",
        "合同年限（年）",
        "预算金额（元）",
        "预算金额（万元）",
        "采购方式",
        "组织形式",
        "预计采购时间",
        "资金来源",
        "备注",
    ]
    en = [
        "no.",
        "project",
        "kind",
        "year",
        "item",
        "requirements",
        "annual fee (CNY)",
        "one-time (CNY)",
        "term (years)",
        "budget (CNY)",
        "budget (10k CNY)",
        "method",
        "organisation",
        "expected time",
        "funding",
        "note",
    ]
    return zh if lang == "zh" else en


def _method_formula(r: int, lang: str) -> str:
    amount = f"ROUND({col_letter(C_AMOUNT)}{r},2)"
    m = {k: _lab(METHOD_LABELS, k, lang) for k in Method}
    return (
        f'=IF(AND(proc_catalogue<>"{_t("yes", lang)}",{amount}<proc_limit),'
        f'"{m[Method.NOT_GOVERNMENT]}",IF({amount}>=proc_tender,"{m[Method.PUBLIC_TENDER]}",'
        f'"{m[Method.COMPETITIVE_CONSULTATION]}"))'
    )


def _org_formula(r: int, lang: str) -> str:
    amount = f"ROUND({col_letter(C_AMOUNT)}{r},2)"
    o = {k: _lab(ORGANISATION_LABELS, k, lang) for k in ORGANISATION_LABELS}
    keys = list(ORGANISATION_LABELS)
    return (
        f'=IF(proc_catalogue="{_t("yes", lang)}","{o[keys[0]]}",'
        f'IF({amount}>=proc_limit,"{o[keys[1]]}","{o[keys[2]]}"))'
    )


_REASONS = {
    "zh": (
        "低于分散采购限额标准{lim}万元且不在集中采购目录内，不属于政府采购，单位按内部制度采购",
        "达到公开招标数额标准{ten}万元，应公开招标；采用其他方式须在采购活动开始前经设区的市级以上财政部门批准",
        "未达公开招标数额标准{ten}万元，采用竞争性磋商（财库〔2014〕214号）或竞争性谈判；询价仅适用于货物，不适用于云计算服务",
    ),
    "en": (
        "below the decentralised limit of {lim} ×10k CNY and outside the catalogue: not government "
        "procurement, bought by the unit's rules",
        "reaches the public-tender threshold of {ten} ×10k CNY: public tender; another method needs "
        "prior approval of a city-level finance department",
        "below the public-tender threshold of {ten} ×10k CNY: competitive consultation (Cai Ku [2014] "
        "214) or negotiation; request for quotation is for goods only, not for cloud services",
    ),
}


def _reason_formula(r: int, lang: str) -> str:
    m = {k: _lab(METHOD_LABELS, k, lang) for k in Method}
    lim = '"&ROUND(proc_limit/10000,2)&"'
    ten = '"&ROUND(proc_tender/10000,2)&"'
    below, tender, between = (s.format(lim=lim, ten=ten) for s in _REASONS[lang])
    c = f"{col_letter(C_METHOD)}{r}"
    return (
        f'IF({c}="{m[Method.NOT_GOVERNMENT]}","{below}",'
        f'IF({c}="{m[Method.PUBLIC_TENDER]}","{tender}","{between}"))'
    )


def _reason_text(method: Method, std: ProcurementStandards, lang: str) -> str:
    below, tender, between = _REASONS[lang]
    text = {Method.NOT_GOVERNMENT: below, Method.PUBLIC_TENDER: tender}.get(method, between)
    return text.format(
        lim=num_text(std.decentralized_limit / 10_000), ten=num_text(std.tender_threshold / 10_000)
    )


def _groups(lots: Iterable[Lot]) -> list[tuple[int, LotKind]]:
    return list(dict.fromkeys((x.year, x.kind) for x in lots))


def _plan_sheet(w: SheetWriter, report: ProcurementReport, lang: str) -> int:
    """The lots, one row each, and the 化整为零 check below them; returns the first lot row."""
    std, lots = report.standards, report.lots
    by_year = report.by_year
    w.value(1, 1, _t("plan", lang), "title")
    notes = [n.text(lang) for n in report.notes]
    w.value(2, 1, "；".join(notes) if lang == "zh" else "; ".join(notes), "subtitle")
    w.row(HEAD_ROW, 1, _plan_heads(lang))
    w.sheet.row_height(HEAD_ROW, 30)
    first = HEAD_ROW + 1
    last = first + len(lots) - 1
    groups = _groups(lots)
    check_first = last + 3  # a blank row and the block's title row between
    check_row = {g: check_first + 1 + i for i, g in enumerate(groups)}
    verdicts = _verdicts(report, lang)
    item = " ".join(s for s in (std.item_code, std.item_name) if s) or _t("no_item", lang)
    for i, lot in enumerate(lots):
        r = first + i
        cloud = lot.kind == LotKind.CLOUD
        annual = round(sum(p.annual for p in lot.packages), 2)
        once = round(sum(p.one_time for p in lot.packages), 2)
        w.value(r, C_NO, lot.number, "int")
        w.value(r, C_NAME, lot.name.text(lang), "text_wrap")
        w.value(r, C_KIND, _lab(KIND_LABELS, lot.kind, lang), "text")
        w.value(r, C_YEAR, lot.year, "text_c")
        w.value(r, C_ITEM, item, "text_wrap")
        w.value(r, C_NEEDS, lot.needs_text.text(lang), "text_wrap")
        w.value(r, C_ANNUAL, annual if cloud else None, "money")
        w.value(r, C_ONCE, once, "money")
        g, h, i_ = col_letter(C_ANNUAL), col_letter(C_ONCE), col_letter(C_TERM)
        if not cloud:
            w.value(r, C_TERM, "—", "text_c")
            w.formula(r, C_AMOUNT, f"=ROUND({h}{r},2)", "money", lot.amount)
        elif by_year:  # contracts over the plan's years: the Σ of those years' bills
            # a value, not a formula over 采购清单（分年）: the engine rounds the Σ of the years'
            # unrounded bills once, and on a sum that lands on half a fen a spreadsheet's ROUND
            # (decimal) and Python's round (binary) part by a fen (terms6: 10,370.085)
            w.value(r, C_TERM, lot.packages[0].contract_years, "int")
            w.value(r, C_AMOUNT, lot.amount, "money")
        else:
            w.formula(r, C_TERM, "=proc_years", "int", std.contract_years)
            w.formula(r, C_AMOUNT, f"=ROUND({g}{r}*{i_}{r}+{h}{r},2)", "money", lot.amount)
        w.formula(r, C_WAN, f"={col_letter(C_AMOUNT)}{r}/10000", "wan", lot.amount / 10_000)
        method = _lab(METHOD_LABELS, lot.method, lang)
        w.formula(r, C_METHOD, _method_formula(r, lang), "text_c", method)
        org = _lab(ORGANISATION_LABELS, lot.organisation, lang)
        w.formula(r, C_ORG, _org_formula(r, lang), "text_wrap", org)
        time_text = (
            f"{lot.year}年第{std.quarter}季度" if lang == "zh" else f"{lot.year} Q{std.quarter}"
        )
        time_f = (
            f'={col_letter(C_YEAR)}{r}&"年第"&proc_quarter&"季度"'
            if lang == "zh"
            else f'={col_letter(C_YEAR)}{r}&" Q"&proc_quarter'
        )
        w.formula(r, C_TIME, time_f, "text_c", time_text)
        w.formula(r, C_FUND, '=""&proc_funding', "text", std.funding_source)
        chk = f"$F${check_row[(lot.year, lot.kind)]}"
        risk_t, risk_g = _t("risk_tender", lang), _t("risk_gov", lang)
        m = {k: _lab(METHOD_LABELS, k, lang) for k in Method}
        c = f"{col_letter(C_METHOD)}{r}"
        sep = "；" if lang == "zh" else "; "
        split_f = (
            f'IF(AND(LEFT({chk},{len(risk_t)})="{risk_t}",{c}<>"{m[Method.PUBLIC_TENDER]}"),'
            f'"{sep}"&{chk},IF(AND(LEFT({chk},{len(risk_g)})="{risk_g}",'
            f'{c}="{m[Method.NOT_GOVERNMENT]}"),"{sep}"&{chk},""))'
        )
        estimated = sorted({y for p in lot.packages for y in p.estimated_years})
        est_text = (
            (
                sep
                + (
                    f"{'、'.join(map(str, estimated))} 年超出规划期，按规划末年费用估算"
                    if lang == "zh"
                    else f"{', '.join(map(str, estimated))} past the horizon, estimated at the "
                    "last plan year's bill"
                )
            )
            if estimated
            else ""
        )
        note = _reason_text(lot.method, std, lang)
        verdict = verdicts[(lot.year, lot.kind)]
        if (verdict.startswith(risk_t) and lot.method != Method.PUBLIC_TENDER) or (
            verdict.startswith(risk_g) and lot.method == Method.NOT_GOVERNMENT
        ):
            note += sep + verdict
        note += est_text
        est_f = f'&"{est_text}"' if est_text else ""
        w.formula(r, C_NOTE, f"={_reason_formula(r, lang)}&{split_f}{est_f}", "text_wrap", note)
        texts = {C_NAME: lot.name.text(lang), C_NEEDS: lot.needs_text.text(lang), C_NOTE: note}
        fit_row(w.sheet, r, texts | {C_ITEM: item})
    _check_block(w, report, lang, first, last, check_first, verdicts)
    w.sheet.set_widths(PLAN_WIDTHS)
    w.sheet.freeze(HEAD_ROW + 1, C_NAME + 1)
    return first


def _verdicts(report: ProcurementReport, lang: str) -> dict[tuple[int, LotKind], str]:
    """The check's verdict per (year, kind), as the live formula writes it (the engine's finding)."""
    std = report.standards
    out: dict[tuple[int, LotKind], str] = {}
    for year, kind in _groups(report.lots):
        w = next((x for x in report.warnings if (x.year, x.kind) == (year, kind)), None)
        out[(year, kind)] = (
            _t("none_found", lang)
            if w is None
            else _verdict_text(year, kind, w.total, w.avoids_tender, std, lang)
        )
    return out


def _verdict_parts(avoids_tender: bool, lang: str) -> tuple[str, str, str]:
    if lang == "zh":
        if avoids_tender:
            return (
                _t("risk_tender", lang) + "：{y}年{k}未公开招标的项目合计",
                "万元，超过公开招标数额标准",
                "万元，应合并为一个采购项目公开招标、按供应商分包（政府采购法实施条例第二十八条）",
            )
        return (
            _t("risk_gov", lang) + "：{y}年{k}低于限额的项目合计",
            "万元，达到分散采购限额标准",
            "万元，应合并为一个政府采购项目",
        )
    if avoids_tender:
        return (
            _t("risk_tender", lang) + ": {y} {k} not tendered, total ",
            " ×10k CNY, above the public-tender threshold of ",
            " ×10k CNY; buy as one project by public tender, one lot per vendor (art. 28)",
        )
    return (
        _t("risk_gov", lang) + ": {y} {k} below the limit, total ",
        " ×10k CNY, reaching the decentralised limit of ",
        " ×10k CNY; buy as one government-procurement project",
    )


def _verdict_text(
    year: int,
    kind: LotKind,
    total: float,
    avoids_tender: bool,
    std: ProcurementStandards,
    lang: str,
) -> str:
    a, b, c = _verdict_parts(avoids_tender, lang)
    limit = std.tender_threshold if avoids_tender else std.decentralized_limit
    k = _lab(KIND_LABELS, kind, lang)
    return a.format(y=year, k=k) + num_text(total / 10_000) + b + num_text(limit / 10_000) + c


def _check_block(
    w: SheetWriter,
    report: ProcurementReport,
    lang: str,
    first: int,
    last: int,
    top: int,
    verdicts: dict[tuple[int, LotKind], str],
) -> None:
    w.value(top - 1, 1, _t("split_title", lang), "section")
    heads = (
        [
            "",
            "采购年度",
            "类别",
            "未公开招标项目数",
            "低于限额项目数",
            "结论",
            "未公开招标合计（元）",
        ]
        if lang == "zh"
        else ["", "year", "kind", "not tendered", "below the limit", "verdict", "not tendered (元)"]
    )
    w.row(top, 1, heads)
    w.sheet.row_height(top, 30)
    m = {k: _lab(METHOD_LABELS, k, lang) for k in Method}

    def rng(col: int) -> str:
        return f"${col_letter(col)}${first}:${col_letter(col)}${last}"

    for i, (year, kind) in enumerate(_groups(report.lots)):
        r = top + 1 + i
        k = _lab(KIND_LABELS, kind, lang)
        in_group = [x for x in report.lots if (x.year, x.kind) == (year, kind)]
        nt = [x for x in in_group if x.method != Method.PUBLIC_TENDER]
        ng = [x for x in in_group if x.method == Method.NOT_GOVERNMENT]
        sel = f'({rng(C_YEAR)}={year})*({rng(C_KIND)}="{k}")'
        w.value(r, 2, year, "text_c")
        w.value(r, 3, k, "text")
        w.formula(
            r,
            4,
            f'=SUMPRODUCT({sel}*({rng(C_METHOD)}<>"{m[Method.PUBLIC_TENDER]}"))',
            "int",
            len(nt),
        )
        sum_nt = round(sum(x.amount for x in nt), 2)
        w.formula(
            r,
            7,
            f'=SUMPRODUCT({sel}*({rng(C_METHOD)}<>"{m[Method.PUBLIC_TENDER]}")*{rng(C_AMOUNT)})',
            "money",
            sum_nt,
        )
        w.formula(
            r,
            5,
            f'=SUMPRODUCT({sel}*({rng(C_METHOD)}="{m[Method.NOT_GOVERNMENT]}"))',
            "int",
            len(ng),
        )
        sum_ng = f'SUMPRODUCT({sel}*({rng(C_METHOD)}="{m[Method.NOT_GOVERNMENT]}")*{rng(C_AMOUNT)})'
        ta, tb, tc = (s.replace('"', '""') for s in _verdict_parts(True, lang))
        ga, gb, gc = (s.replace('"', '""') for s in _verdict_parts(False, lang))
        ta, ga = ta.format(y=year, k=k), ga.format(y=year, k=k)
        f = (
            f"=IF(AND(D{r}>=2,ROUND(G{r},2)>proc_tender),"
            f'"{ta}"&ROUND(G{r}/10000,2)&"{tb}"&ROUND(proc_tender/10000,2)&"{tc}",'
            f"IF(AND(E{r}>=2,ROUND({sum_ng},2)>=proc_limit),"
            f'"{ga}"&ROUND({sum_ng}/10000,2)&"{gb}"&ROUND(proc_limit/10000,2)&"{gc}",'
            f'"{_t("none_found", lang)}"))'
        )
        w.formula(r, 6, f, "text_wrap", verdicts[(year, kind)])
        fit_row(w.sheet, r, {6: verdicts[(year, kind)]})


# --- 采购意向公开 ------------------------------------------------------------------------------
def _intention_sheet(
    w: SheetWriter, report: ProcurementReport, plan_title: str, first: int, lang: str
) -> None:
    w.value(1, 1, _t("intention", lang), "title")
    w.value(2, 1, _t("intention_note", lang), "subtitle")
    heads = (
        [
            "序号",
            "采购项目名称",
            "采购需求概况",
            "预算金额（万元）",
            "预计采购时间",
            "备注",
            "意向公开截止日期",
            "需公开",
        ]
        if lang == "zh"
        else [
            "no.",
            "project",
            "requirements",
            "budget (10k CNY)",
            "expected time",
            "note",
            "publish by",
            "to publish",
        ]
    )
    w.row(HEAD_ROW, 1, heads)
    w.sheet.row_height(HEAD_ROW, 30)
    p = f"'{plan_title}'!"
    m = {k: _lab(METHOD_LABELS, k, lang) for k in Method}
    date_fmt = w.styles.book.fmt(
        font_name="等线",
        font_size=10,
        border=1,
        border_color="#B4C6E7",
        num_format="yyyy-mm-dd",
        align="center",
        valign="vcenter",
    )
    std = report.standards
    for i, lot in enumerate(report.lots):
        r, src = HEAD_ROW + 1 + i, first + i
        method = _lab(METHOD_LABELS, lot.method, lang)
        w.value(r, 1, lot.number, "int")
        w.formula(r, 2, f"={p}{col_letter(C_NAME)}{src}", "text_wrap", lot.name.text(lang))
        w.formula(r, 3, f"={p}{col_letter(C_NEEDS)}{src}", "text_wrap", lot.needs_text.text(lang))
        w.formula(r, 4, f"={p}{col_letter(C_WAN)}{src}", "wan", lot.amount / 10_000)
        time_text = (
            f"{lot.year}年第{std.quarter}季度" if lang == "zh" else f"{lot.year} Q{std.quarter}"
        )
        w.formula(r, 5, f"={p}{col_letter(C_TIME)}{src}", "text_c", time_text)
        org = _lab(ORGANISATION_LABELS, lot.organisation, lang)
        lead = "采购方式：" if lang == "zh" else "method: "
        sep = "；" if lang == "zh" else "; "
        w.formula(
            r,
            6,
            f'="{lead}"&{p}{col_letter(C_METHOD)}{src}&"{sep}"&{p}{col_letter(C_ORG)}{src}',
            "text_wrap",
            f"{lead}{method}{sep}{org}",
        )
        w.sheet.formula(
            r,
            7,
            f"=DATE({p}{col_letter(C_YEAR)}{src},3*(proc_quarter-1)+1,1)-30",
            date_fmt,
            _excel_date(lot.intention_deadline),
        )
        yes = "是" if lang == "zh" else "yes"
        no = "否（不属于政府采购）" if lang == "zh" else "no (not government procurement)"
        w.formula(
            r,
            8,
            f'=IF({p}{col_letter(C_METHOD)}{src}="{m[Method.NOT_GOVERNMENT]}","{no}","{yes}")',
            "text_wrap",
            no if lot.method == Method.NOT_GOVERNMENT else yes,
        )
        texts = {
            2: lot.name.text(lang),
            3: lot.needs_text.text(lang),
            6: f"{lead}{method}{sep}{org}",
        }
        fit_row(w.sheet, r, texts, INTENT_WIDTHS)
    w.sheet.set_widths(INTENT_WIDTHS)
    w.sheet.freeze(HEAD_ROW + 1, 3)


# --- the year plan's bill of quantities ---------------------------------------------------------
def _years_boq_sheet(w: SheetWriter, yplan: Any, lang: str = "zh") -> None:
    """采购清单（分年）: per plan year and vendor, what its systems use (Σ quantity) and what the
    plan's cost breakdowns say it costs, the vendor's terms, a vendor subtotal (formula) and a
    year total; one-time migration and adaptation are left out (they are their own 采购项目)."""
    from planner.labels import RESOURCE_LABELS

    ws = w.sheet
    w.value(1, 1, _t("boq_years", lang), "title")
    heads = (
        ["年份", "供应商", "资源池", "项目", "数量", "金额（元）"]
        if lang == "zh"
        else ["year", "vendor", "pool", "item", "quantity", "amount (元)"]
    )
    w.row(3, 1, heads)
    r = 4
    label = lambda k: RESOURCE_LABELS.get(k, (k, k))[0 if lang == "zh" else 1]  # noqa: E731
    for t, year in enumerate(yplan.years):
        plan = yplan.year_plans[t]
        year_subtotals: list[int] = []
        vendors = list(dict.fromkeys(a.platform.vendor for a in plan.assignments))
        terms = {x.vendor: x for x in plan.vendor_terms}
        for vendor in vendors:
            start = r
            lines: dict[tuple[str, str], list[float]] = {}
            rows = [a for a in plan.assignments if a.platform.vendor == vendor]
            for a in rows:
                pool = a.platform.name
                for res, cost in a.cost.resource_costs.items():
                    qty = (
                        float(sum(a.cost.instances.values()))
                        if res == "instance"
                        else a.vcpu
                        if res == "vcpu"
                        else float(a.workload.needs.get(res, 0.0))
                    )
                    line = lines.setdefault((pool, res), [0.0, 0.0])
                    line[0] += qty
                    line[1] += cost
                if a.cost.security_cost:
                    line = lines.setdefault((pool, f"security_l{a.workload.mlps_level}"), [0, 0])
                    line[0] += 1
                    line[1] += a.cost.security_cost
                if a.cost.discount:
                    line = lines.setdefault((pool, "discount"), [0.0, 0.0])
                    line[1] -= a.cost.discount
            extra = []
            term = terms.get(vendor)
            if term is not None:
                extra = [
                    ("总额阶梯折扣" if lang == "zh" else "volume tier", -term.tier_discount),
                    ("最低消费补足" if lang == "zh" else "minimum top-up", term.minimum_topup),
                    ("开通费" if lang == "zh" else "setup fee", term.setup_annual),
                ]
            for (pool, res), (qty, cost) in lines.items():
                name = (
                    ("折扣" if lang == "zh" else "discounts") if res == "discount" else label(res)
                )
                w.value(r, 1, year, "text_c")
                w.value(r, 2, vendor, "text")
                w.value(r, 3, pool, "text")
                w.value(r, 4, name, "text")
                w.value(r, 5, qty if res != "discount" else None, "dec")
                w.value(r, 6, cost, "money")
                r += 1
            for name, amount in extra:
                if amount:
                    w.value(r, 1, year, "text_c")
                    w.value(r, 2, vendor, "text")
                    w.value(r, 3, "", "text")
                    w.value(r, 4, name, "text")
                    w.value(r, 5, None, "dec")
                    w.value(r, 6, amount, "money")
                    r += 1
            bill = sum(c for _, c in lines.values()) + sum(a for _, a in extra if a)
            w.value(r, 1, year, "sub_text")
            w.value(r, 2, vendor, "sub_text")
            w.value(r, 3, "", "sub_text")
            w.value(r, 4, "小计" if lang == "zh" else "subtotal", "sub_text")
            w.value(r, 5, None, "sub_text")
            w.formula(r, 6, f"=SUM(F{start}:F{r - 1})", "sub_money", bill)
            year_subtotals.append(r)
            r += 1
        total = sum(
            sum(a.cost.net_price for a in plan.assignments if a.platform.vendor == v)
            + (terms[v].adjustment if v in terms else 0.0)
            for v in vendors
        )
        w.value(r, 1, year, "tot_text")
        for c in (2, 3, 5):
            w.value(r, c, "", "tot_text")
        w.value(r, 4, f"{year}年合计" if lang == "zh" else f"{year} total", "tot_text")
        total_f = "=" + "+".join(f"F{x}" for x in year_subtotals) if year_subtotals else "=0"
        w.formula(r, 6, total_f, "tot_money", total)
        r += 2
    ws.set_widths({1: 8, 2: 12, 3: 18, 4: 22, 5: 12, 6: 16})
    ws.freeze(4, 1)
    print_setup(ws, (3, 3), "第 &P 页，共 &N 页" if lang == "zh" else "Page &P of &N", ws.title)
