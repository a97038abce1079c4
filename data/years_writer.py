"""The workbook of a year-by-year plan: 概览 with per-year budget lines, 分年计划, 迁移批次, 约束核查.

Every figure a reader checks is a live formula over the sheets (Excel, WPS and LibreOffice recompute
it to the fen): a system's cost in a year is its run cost that year plus the one-time costs of its
moves that year, summed from 迁移批次 by system number and year (numbers, never names, are matched,
so text from the input is never read as a criterion); each year's total, remaining budget, 信创 share,
moves and one-time costs are formulas over those cells. Text from the input is always stored as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from data.procurement_sheets import add_procurement_sheets, add_years_boq_sheet
from data.xlsx import atomic_save
from data.xlsxbook import Book, Sheet, col_letter
from planner.procurement import ProcurementReport, plan_procurement

MONEY = "¥#,##0.00"
PCT = "0.00%"
HEAD = {
    "bg_color": "#1F4E78",
    "bold": True,
    "font_color": "#FFFFFF",
    "align": "center",
    "valign": "vcenter",
    "text_wrap": True,
}
MOVE_FILL = "#C6EFCE"
TITLE = {"bold": True, "font_size": 14, "font_color": "#1F4E78"}

#: Sheet names per language.
SHEET_NAMES = {
    "overview": ("概览", "overview"),
    "years": ("分年计划", "plan by year"),
    "waves": ("迁移批次", "migration waves"),
    "checks": ("约束核查", "rule checks"),
    "terms": ("供应商条款", "vendor terms"),
}
#: Defined names holding the horizon's figures (live formulas on 概览).
DEFINED_NAMES = ("years_total_cost", "years_present_value")


def _t(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def _name(key: str, lang: str) -> str:
    zh, en = SHEET_NAMES[key]
    return zh if lang == "zh" else en


def _q(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _head(ws: Sheet, row: int, heads: list[str]) -> None:
    head = ws.book.fmt(**HEAD)
    for j, h in enumerate(heads, start=1):
        ws.value(row, j, h, head)


def _where(p: Any, lang: str) -> str:
    return _t("自建机房", "machine room", lang) if p is None else p.label


#: Columns per year on 分年计划: 去向, 供应商序号 (0: machine room or retired), vCPU (bought there:
#: 性能系数 applied), 信创 (1/0), 在用 (1/0), 运行费用 (net of term/resource discounts), 年度费用.
_YEAR_KEYS = ("where", "vendor", "vcpu", "xc", "active", "run", "cost")
_PER_YEAR = len(_YEAR_KEYS)
_HELPER_KEYS = ("vendor", "xc", "active")  # formula inputs, not for the reader
_FIRST = 4  # columns A–C: 系统名称, 部门, vCPU (the system's own)


def year_columns(t: int) -> dict[str, str]:
    """Column letters of plan year index t on 分年计划."""
    base = _FIRST + t * _PER_YEAR
    return {k: col_letter(base + i) for i, k in enumerate(_YEAR_KEYS)}


class YearRefs:
    """References into 分年计划: ``refs(t, key)`` is the column of plan year index t over every
    system's row, ``refs.cell(t, key, row)`` one system's cell (both absolute, sheet-qualified)."""

    def __init__(self, sheet: str, last: int) -> None:
        self.sheet, self.last = sheet, last

    def __call__(self, t: int, key: str) -> str:
        col = year_columns(t)[key]
        return f"{self.sheet}!${col}$2:${col}${self.last}"

    def cell(self, t: int, key: str, row: int) -> str:
        return f"{self.sheet}!${year_columns(t)[key]}${row}"


class YearGrid:
    """The values written on 分年计划, by plan year index and system: what the formulas over the
    sheet compute their cached results from (the same cells, the same arithmetic)."""

    def __init__(self, years: int, systems: int) -> None:
        self.cells: list[list[dict[str, Any]]] = [
            [{} for _ in range(systems)] for _ in range(years)
        ]

    def put(self, t: int, w: int, **values: Any) -> dict[str, Any]:
        self.cells[t][w].update(values)
        return self.cells[t][w]

    def total(self, t: int, key: str, vendor: int | None = None) -> float:
        """SUM (or SUMIFS on 供应商序号) of the year's column over every system."""
        return float(sum(c[key] for c in self.cells[t] if vendor is None or c["vendor"] == vendor))

    def sumproduct(self, t: int, a: str, b: str) -> float:
        return float(sum(c[a] * c[b] for c in self.cells[t]))

    def count(self, t: int, vendor: int) -> int:
        """COUNTIF of the year's 供应商序号 column."""
        return sum(c["vendor"] == vendor for c in self.cells[t])


def tier_value(net: float, tiers: list[tuple[float, float]], mode: Any) -> float:
    """What data.plan_terms.tier_formula computes on a net spend of net (the same rule)."""
    from planner.model import TierMode

    if not tiers:
        return 0.0
    if mode is TierMode.WHOLE:
        value = 0.0
        for t, f in tiers:  # the highest tier reached wins
            if net >= t:
                value = -round(1 - f, 12) * net
        return value
    out = 0.0
    for i, (t, f) in enumerate(tiers):
        hi = tiers[i + 1][0] if i + 1 < len(tiers) else None
        portion = max(0.0, net - t) if hi is None else max(0.0, min(net, hi) - t)
        out += -round(1 - f, 12) * portion
    return out


def build_years_workbook(
    plan: Any, lang: str = "zh", procurement: ProcurementReport | None = None
) -> Book:
    """The workbook of a year-by-year plan (a planner.model.Plan with plan years and a solution),
    with its 采购项目 (procurement: the lots as the user grouped them; default per vendor and year).

    Every formula carries its result, computed here from the same cells as the formula (a reader
    that does not recalculate — a viewer, a script — sees the figures; a spreadsheet recomputes
    them on opening and gets the same to the fen)."""
    from planner.milp import RETIRED
    from planner.model import year_budget, year_xinchuang_target

    if not plan.has_solution:
        raise ValueError("no plan to write")
    wb = Book()
    overview = wb.add_sheet(_name("overview", lang))
    years_ws = wb.add_sheet(_name("years", lang))
    waves = wb.add_sheet(_name("waves", lang))
    checks = wb.add_sheet(_name("checks", lang))
    money, pct = wb.fmt(num_format=MONEY), wb.fmt(num_format=PCT)
    ov = _q(overview.title)
    Y, Wv = _q(years_ws.title), _q(waves.title)
    inp, years = plan.input, plan.years
    W, T = len(inp.workloads), len(years)

    # --- 迁移批次: one row per move ----------------------------------------------------------
    _head(
        waves,
        1,
        [
            _t("年份", "year", lang),
            _t("系统序号", "system no.", lang),
            _t("系统名称", "system", lang),
            _t("从", "from", lang),
            _t("到", "to", lang),
            _t("迁移费用(元)", "migration (元)", lang),
            _t("信创适配费用(元)", "adaptation (元)", lang),
            _t("一次性费用(元)", "one-time (元)", lang),
            "vCPU",
        ],
    )
    index = {w.name: i for i, w in enumerate(inp.workloads)}
    #: (year, system no., one-time 元, vCPU) of each 迁移批次 row: what the formulas over it sum
    wave_rows: list[tuple[int, int, float, float]] = []
    r = 2
    for t, wave in enumerate(plan.moves):
        for m in wave:
            waves.value(r, 1, years[t])
            waves.value(r, 2, index[m.workload.name] + 1)
            waves.value(r, 3, m.workload.name)
            waves.value(r, 4, _where(m.origin, lang))
            waves.value(r, 5, _where(m.target, lang))
            for j, v in ((6, m.migration_cost), (7, m.adaptation_cost)):
                waves.value(r, j, round(v, 2), money)
            one_time = round(m.migration_cost, 2) + round(m.adaptation_cost, 2)
            waves.formula(r, 8, f"=F{r}+G{r}", money, cached=one_time)
            waves.value(r, 9, m.workload.vcpu)
            wave_rows.append((years[t], index[m.workload.name] + 1, one_time, m.workload.vcpu))
            r += 1
    last_wave = max(r - 1, 2)
    waves.freeze(2)
    waves.set_widths(dict(enumerate((8, 9, 26, 24, 24, 14, 16, 16, 8), start=1)))

    # --- 分年计划: one row per system, one block of columns per year ---------------------------
    vendor_no = {v: i + 1 for i, v in enumerate(inp.vendors)}
    heads = [_t("系统名称", "system", lang), _t("部门", "department", lang), "vCPU"]
    for y in years:
        heads += [
            _t(f"{y} 去向", f"{y} where", lang),
            _t(f"{y} 供应商序号", f"{y} vendor no.", lang),
            f"{y} vCPU",
            _t(f"{y} 信创", f"{y} 信创", lang),
            _t(f"{y} 在用", f"{y} active", lang),
            _t(f"{y} 运行费用(元)", f"{y} run (元)", lang),
            _t(f"{y} 年度费用(元)", f"{y} cost (元)", lang),
        ]
    _head(years_ws, 1, heads)
    placed = [{a.workload.name: a for a in yp.assignments} for yp in plan.year_plans]
    moved_in = [{m.workload.name for m in wave} for wave in plan.moves]
    moved = wb.fmt(bg_color=MOVE_FILL)
    grid = YearGrid(T, W)
    for w, wl in enumerate(inp.workloads):
        row = w + 2
        years_ws.value(row, 1, wl.name)
        years_ws.value(row, 2, wl.department)
        years_ws.value(row, 3, wl.vcpu)
        for t in range(T):
            base = _FIRST + t * _PER_YEAR  # the year's columns, in _YEAR_KEYS order
            cols = year_columns(t)
            loc = plan.locations[w][t]
            plat = inp.platforms[loc] if loc >= 0 else None
            where = _t("已下线", "retired", lang) if loc == RETIRED else _where(plat, lang)
            years_ws.value(row, base, where, moved if wl.name in moved_in[t] else None)
            a = placed[t].get(wl.name) if plat is not None else None
            run = (
                a.cost.net_price if a is not None else 0.0
            )  # what the vendor bills, after discounts
            here = grid.put(
                t,
                w,
                where=where,
                vendor=vendor_no[plat.vendor] if plat is not None else 0,
                vcpu=a.vcpu if a is not None else wl.vcpu,
                xc=1 if plat is not None and plat.xinchuang else 0,
                active=0 if loc == RETIRED else 1,
                run=run,
            )
            here["cost"] = run + sum(
                h for y, no, h, _ in wave_rows if no == w + 1 and y == years[t]
            )
            years_ws.value(row, base + 1, here["vendor"])
            years_ws.value(row, base + 2, here["vcpu"])
            years_ws.value(row, base + 3, here["xc"])
            years_ws.value(row, base + 4, here["active"])
            years_ws.value(row, base + 5, run, money)  # unrounded: the sums are the engine's
            years_ws.formula(
                row,
                base + 6,
                f"={cols['run']}{row}+SUMIFS({Wv}!$H$2:$H${last_wave},{Wv}!$B$2:$B${last_wave},{w + 1},"
                f"{Wv}!$A$2:$A${last_wave},{years[t]})",
                money,
                cached=here["cost"],
            )
    last = W + 1
    years_ws.freeze(2, 4)
    years_ws.set_widths({1: 26, 2: 16})
    years_ws.row_height(1, 32)
    widths = {"where": 24, "vendor": 8, "vcpu": 7, "xc": 6, "active": 6, "run": 15, "cost": 16}
    for t in range(T):
        for i, key in enumerate(_YEAR_KEYS):
            years_ws.set_width(_FIRST + t * _PER_YEAR + i, widths[key])

    year_range = YearRefs(Y, last)

    # --- 供应商条款: per year and vendor with a tier, minimum or setup fee ----------------------
    terms_rows, adjustments = _vendor_terms_sheet(wb, plan, lang, year_range, vendor_no, grid)
    Tm = _q(_name("terms", lang))

    def adjusted(t: int, vendor: int | None = None) -> float:
        """What terms_of adds: that year's (and vendor's) 调整合计 on 供应商条款."""
        return sum(a for (u, no), a in adjustments.items() if u == t and vendor in (None, no))

    def terms_of(y: int, vendor: int | None = None) -> str:
        """+ that year's (and vendor's) vendor-term adjustments, or '' without the sheet."""
        if not terms_rows:
            return ""
        crit = f"{Tm}!$A$2:$A${terms_rows},{y}"
        if vendor is None:
            return f"+SUMIFS({Tm}!$I$2:$I${terms_rows},{crit})"
        return f"+SUMIFS({Tm}!$I$2:$I${terms_rows},{crit},{Tm}!$B$2:$B${terms_rows},{vendor})"

    # --- 概览: per-year budget lines ---------------------------------------------------------
    overview.value(1, 1, _t("分年采购方案", "Plan year by year", lang), wb.fmt(**TITLE))
    overview.value(2, 1, inp.name or "")
    _head(
        overview,
        4,
        [
            _t("年份", "year", lang),
            _t("年度费用(元)", "cost (元)", lang),
            _t("年度预算(元)", "budget (元)", lang),
            _t("预算余量(元)", "budget left (元)", lang),
            _t("信创占比", "信创 share", lang),
            _t("信创目标", "信创 target", lang),
            _t("迁移系统数", "systems moved", lang),
            _t("一次性费用(元)", "one-time (元)", lang),
            _t("折现系数", "discount factor", lang),
            _t("现值(元)", "present value (元)", lang),
        ],
    )
    rate = plan.spec.discount_rate
    first_row = 5
    #: the cached results of 概览's row of each year, by column letter (what 约束核查 refers to)
    ov_values: list[dict[str, float]] = []
    for t, row_spec in enumerate(plan.spec.years):
        r = first_row + t
        y = row_spec.year
        cost = grid.total(t, "cost") + adjusted(t)
        active_v = grid.sumproduct(t, "vcpu", "active")
        one_time = [h for u, _, h, _ in wave_rows if u == y]
        factor = 1 / (1 + rate) ** t
        ov_values.append(
            {
                "B": cost,
                "E": 0.0 if active_v == 0 else grid.sumproduct(t, "vcpu", "xc") / active_v,
                "G": float(len(one_time)),
                "H": sum(one_time),
                "I": factor,
                "J": cost * factor,
            }
        )
        here = ov_values[-1]
        overview.value(r, 1, y)
        overview.formula(
            r, 2, f"=SUM({year_range(t, 'cost')}){terms_of(y)}", money, cached=here["B"]
        )
        budget = year_budget(row_spec, plan.policy)
        if budget is None:
            overview.value(r, 3, _t("不设上限", "no cap", lang))
            overview.value(r, 4, "")
        else:
            overview.value(r, 3, budget, money)
            overview.formula(r, 4, f"=C{r}-B{r}", money, cached=budget - cost)
        active_vcpu = f"SUMPRODUCT({year_range(t, 'vcpu')},{year_range(t, 'active')})"
        overview.formula(
            r,
            5,
            f"=IF({active_vcpu}=0,0,SUMPRODUCT({year_range(t, 'vcpu')},{year_range(t, 'xc')})/{active_vcpu})",
            pct,
            cached=here["E"],
        )
        overview.value(r, 6, year_xinchuang_target(row_spec, plan.policy), pct)
        overview.formula(r, 7, f"=COUNTIF({Wv}!$A$2:$A${last_wave},A{r})", cached=here["G"])
        overview.formula(
            r,
            8,
            f"=SUMIF({Wv}!$A$2:$A${last_wave},A{r},{Wv}!$H$2:$H${last_wave})",
            money,
            cached=here["H"],
        )
        overview.formula(r, 9, f"=1/(1+{rate})^{t}", wb.fmt(num_format="0.0000"), cached=here["I"])
        overview.formula(r, 10, f"=B{r}*I{r}", money, cached=here["J"])
    total_row = first_row + T
    overview.value(total_row, 1, _t("合计", "total", lang), wb.fmt(bold=True))
    for col in ("B", "H", "J"):
        overview.formula(
            total_row,
            " ABCDEFGHIJ".index(col),
            f"=SUM({col}{first_row}:{col}{total_row - 1})",
            money,
            cached=sum(v[col] for v in ov_values),
        )
    wb.define_name("years_total_cost", f"{ov}!$B${total_row}")
    wb.define_name("years_present_value", f"{ov}!$J${total_row}")
    note_row = total_row + 2
    overview.row_height(note_row, 48)
    overview.merge(
        note_row,
        1,
        note_row,
        10,
        _t(
            f"折现率 {rate:.2%}；迁移与适配等一次性费用计入发生迁移的年份；绿色单元格为当年迁移；运行费用为扣除期限折扣与资源折扣后的金额"
            + (
                "，年度费用另含「供应商条款」中的总额阶梯折扣、最低消费补足与开通费（首个使用年份一次计入）。"
                if terms_rows
                else "。"
            ),
            f"Discount rate {rate:.2%}; one-time migration and adaptation costs fall in the year of the move; "
            "green cells mark a move that year; run costs are net of term and resource discounts"
            + (
                "; the year's cost also holds the volume tiers, minimum top-ups and setup fees (in full, in the "
                "first year a vendor is used) of the vendor terms sheet."
                if terms_rows
                else "."
            ),
            lang,
        ),
        wb.fmt(text_wrap=True, valign="top"),
    )
    overview.set_widths(dict(enumerate((10, 18, 18, 18, 12, 12, 12, 18, 12, 18), start=1)))

    # --- 约束核查: per-year checks ------------------------------------------------------------
    ok, bad = _t("满足", "ok", lang), _t("不满足", "broken", lang)
    _head(
        checks,
        1,
        [
            _t("年份", "year", lang),
            _t("规则", "rule", lang),
            _t("要求", "required", lang),
            _t("实际", "actual", lang),
            _t("结论", "verdict", lang),
        ],
    )
    r = 2
    for t, row_spec in enumerate(plan.spec.years):
        o = first_row + t
        y = row_spec.year
        lines: list[tuple[str, Any, str, str, str, float]] = []
        budget = year_budget(row_spec, plan.policy)
        here = ov_values[t]
        if budget is not None:
            lines.append(
                (
                    _t("年度预算", "annual budget", lang),
                    budget,
                    f"={ov}!B{o}",
                    "<=",
                    MONEY,
                    here["B"],
                )
            )
        target = year_xinchuang_target(row_spec, plan.policy)
        if target > 0:
            lines.append(
                (
                    _t("信创最低占比", "minimum 信创 share", lang),
                    target,
                    f"={ov}!E{o}",
                    ">=",
                    PCT,
                    here["E"],
                )
            )
        cap = plan.policy.max_vendor_share
        if cap < 1.0:
            for v, no in vendor_no.items():
                if not any(a.platform.vendor == v for a in plan.year_plans[t].assignments):
                    continue
                cost_v = f"SUMIFS({year_range(t, 'cost')},{year_range(t, 'vendor')},{no}){terms_of(y, no)}"
                spent = grid.total(t, "cost", vendor=no) + adjusted(t, no)
                lines.append(
                    (
                        _t(f"单一供应商最高占比：{v}", f"largest vendor share: {v}", lang),
                        cap,
                        f"=IF({ov}!B{o}=0,0,({cost_v})/{ov}!B{o})",
                        "<=",
                        PCT,
                        0.0 if here["B"] == 0 else spent / here["B"],
                    )
                )
        if plan.policy.min_vendors > 1 and plan.year_plans[t].assignments:
            used = "+".join(
                f"(COUNTIF({year_range(t, 'vendor')},{no})>0)" for no in vendor_no.values()
            )
            lines.append(
                (
                    _t("最少供应商数", "fewest vendors", lang),
                    plan.policy.min_vendors,
                    f"={used}",
                    ">=",
                    "0",
                    float(sum(grid.count(t, no) > 0 for no in vendor_no.values())),
                )
            )
        if row_spec.max_moves is not None:
            lines.append(
                (
                    _t("最多迁移系统数", "most systems moved", lang),
                    row_spec.max_moves,
                    f"={ov}!G{o}",
                    "<=",
                    "0",
                    here["G"],
                )
            )
        if row_spec.max_move_vcpu is not None:
            lines.append(
                (
                    _t("最多迁移vCPU", "most vCPU moved", lang),
                    row_spec.max_move_vcpu,
                    f"=SUMIF({Wv}!$A$2:$A${last_wave},{y},{Wv}!$I$2:$I${last_wave})",
                    "<=",
                    "0.##",
                    float(sum(v for u, _, _, v in wave_rows if u == y)),
                )
            )
        lines += _rule_lines(plan, t, lang, year_range, vendor_no, grid)
        for label, required, actual, sense, fmt, value in lines:
            checks.value(r, 1, y)
            checks.value(r, 2, label)
            checks.value(r, 3, required, wb.fmt(num_format=fmt))
            checks.formula(r, 4, actual, wb.fmt(num_format=fmt), cached=value)
            # the solver's tolerance: 1e-6 relative, at least a fen for money
            slack = f"MAX(0.005,ABS(C{r})*1E-6)" if fmt == MONEY else "1E-6"
            test = f"D{r}<=C{r}+{slack}" if sense == "<=" else f"D{r}>=C{r}-{slack}"
            room = max(0.005, abs(required) * 1e-6) if fmt == MONEY else 1e-6
            met = value <= required + room if sense == "<=" else value >= required - room
            checks.formula(r, 5, f'=IF({test},"{ok}","{bad}")', cached=ok if met else bad)
            r += 1
    checks.set_widths(dict(enumerate((8, 30, 18, 18, 10), start=1)))
    _print_setup(wb, plan, lang)
    add_procurement_sheets(wb, procurement or plan_procurement(plan), lang)
    add_years_boq_sheet(wb, plan, lang)
    return wb


def _vendor_terms_sheet(
    wb: Book,
    plan: Any,
    lang: str,
    year_range: YearRefs,
    vendor_no: dict[str, int],
    grid: YearGrid,
) -> tuple[int, dict[tuple[int, int], float]]:
    """供应商条款: one row per plan year and vendor with a volume tier, 最低消费 or 开通费 — its billing
    base (Σ net run cost of its systems that year), tier discount, minimum top-up, setup fee (in full in
    the first plan year it hosts a system) and their sum; all live formulas over 分年计划. Returns the
    last row (0: no such vendor, no sheet) and each (year index, vendor no.)'s 调整合计."""
    from data.plan_terms import tier_formula
    from planner.terms import vendor_minimum, vendor_setup_fee, vendor_tiers

    rows = []
    inp = plan.input  # the vendor's terms as the year model applies them (planner.terms)
    for t, y in enumerate(plan.years):
        for v, no in vendor_no.items():
            tiers, mode = vendor_tiers(inp, v)
            minimum, setup = vendor_minimum(inp, v), vendor_setup_fee(inp, v)
            if tiers or minimum > 0 or setup > 0:
                rows.append((t, y, v, no, tiers, mode, minimum, setup))
    if not rows:
        return 0, {}
    ws = wb.add_sheet(_name("terms", lang))
    money = wb.fmt(num_format=MONEY)
    _head(
        ws,
        1,
        [
            _t("年份", "year", lang),
            _t("供应商序号", "vendor no.", lang),
            _t("供应商", "vendor", lang),
            _t("计费基数(元)", "billing base (元)", lang),
            _t("总额阶梯折扣(元)", "volume tier (元)", lang),
            _t("最低消费(元)", "minimum (元)", lang),
            _t("最低消费补足(元)", "minimum top-up (元)", lang),
            _t("开通费(元)", "setup fee (元)", lang),
            _t("调整合计(元)", "adjustment (元)", lang),
        ],
    )
    adjustments: dict[tuple[int, int], float] = {}
    for r, (t, y, v, no, tiers, mode, minimum, setup) in enumerate(rows, start=2):
        used = f"COUNTIF({year_range(t, 'vendor')},{no})>0"
        in_use = grid.count(t, no) > 0
        base = grid.total(t, "run", vendor=no)
        tier = tier_value(base, tiers, mode)
        topup = max(0.0, minimum - (base + tier)) if in_use else 0.0
        fee = float(setup) if in_use and all(grid.count(u, no) == 0 for u in range(t)) else 0.0
        adjustments[(t, no)] = tier + topup + fee
        ws.value(r, 1, y)
        ws.value(r, 2, no)
        ws.value(r, 3, v)
        ws.formula(
            r,
            4,
            f"=SUMIFS({year_range(t, 'run')},{year_range(t, 'vendor')},{no})",
            money,
            cached=base,
        )
        ws.formula(r, 5, f"={tier_formula(f'D{r}', tiers, mode)}", money, cached=tier)
        ws.value(r, 6, minimum, money)
        ws.formula(r, 7, f"=IF({used},MAX(0,F{r}-(D{r}+E{r})),0)", money, cached=topup)
        earlier = "+".join(f"COUNTIF({year_range(s, 'vendor')},{no})" for s in range(t))
        first_use = f"AND({used},{earlier}=0)" if earlier else used
        ws.formula(r, 8, f"=IF({first_use},{setup!r},0)", money, cached=fee)
        ws.formula(r, 9, f"=E{r}+G{r}+H{r}", money, cached=adjustments[(t, no)])
    ws.freeze(2)
    ws.set_widths(dict(enumerate((8, 10, 16, 16, 16, 14, 16, 14, 16), start=1)))
    return len(rows) + 1, adjustments


def _rule_lines(
    plan: Any,
    t: int,
    lang: str,
    year_range: YearRefs,
    vendor_no: dict[str, int],
    grid: YearGrid,
) -> list[tuple[str, Any, str, str, str, float]]:
    """约束核查 lines of the per-system rules (指定规则) in plan year index t: the number of systems
    (pairs, for 不同供应商) breaking the rule among those free to choose that year, required 0 — a
    live formula over each system's 去向 and 供应商序号 cells on 分年计划, with its result."""
    from planner.milp import free_to_choose
    from planner.model import Deployment, SystemRuleKind
    from planner.terms import system_rule_text

    inp, years = plan.input, plan.years
    row_of = {w.name: i + 2 for i, w in enumerate(inp.workloads)}
    wl = {w.name: w for w in inp.workloads}

    def cell(key: str, name: str) -> str:
        return year_range.cell(t, key, row_of[name])

    def at(key: str, name: str) -> Any:  # the value in that cell
        return grid.cells[t][row_of[name] - 2][key]

    def text(value: str) -> str:  # a string literal inside our formula: data, never code
        return '"' + value.replace('"', '""') + '"'

    out = []
    for r in inp.system_rules:
        members = [n for n in dict.fromkeys(r.systems) if n in wl]
        free = [n for n in members if free_to_choose(wl[n], years, t)]
        parts: list[str] = []
        broken = 0  # what the parts add up to
        if r.kind in (SystemRuleKind.PIN, SystemRuleKind.FORBID) and r.vendor in vendor_no:
            for n in free:
                on = f"{cell('vendor', n)}={vendor_no[r.vendor]}"
                there = at("vendor", n) == vendor_no[r.vendor]
                if r.platform:
                    on = f"AND({on},{cell('where', n)}={text(f'{r.vendor}/{r.platform}')})"
                    there = there and _same_text(at("where", n), f"{r.vendor}/{r.platform}")
                parts.append(f"(1-({on})*1)" if r.kind is SystemRuleKind.PIN else f"({on})*1")
                broken += (not there) if r.kind is SystemRuleKind.PIN else there
        elif r.kind is SystemRuleKind.NO_PUBLIC:
            public = [p.label for p in inp.platforms if p.deployment == Deployment.PUBLIC]
            for n in free:
                if public:
                    parts.append(
                        "OR(" + ",".join(f"{cell('where', n)}={text(x)}" for x in public) + ")*1"
                    )
                    broken += any(_same_text(at("where", n), x) for x in public)
        elif r.kind is SystemRuleKind.SAME_PLATFORM and len(free) == len(members) >= 2:
            parts = [f"({cell('where', n)}<>{cell('where', members[0])})*1" for n in members[1:]]
            broken = sum(
                not _same_text(at("where", n), at("where", members[0])) for n in members[1:]
            )
        elif r.kind is SystemRuleKind.DIFFERENT_VENDOR and len(free) >= 2:
            parts = [
                f"({cell('vendor', a)}={cell('vendor', b)})*1"
                for i, a in enumerate(free)
                for b in free[i + 1 :]
            ]
            broken = sum(
                at("vendor", a) == at("vendor", b)
                for i, a in enumerate(free)
                for b in free[i + 1 :]
            )
        if not parts:
            continue  # no system free to choose in that year: the rule does not apply
        label = system_rule_text(r)
        out.append(
            (
                _t("指定规则：", "Assignment rule: ", lang) + (label if lang == "zh" else label.en),
                0,
                "=" + "+".join(parts),
                "<=",
                "0",
                float(broken),
            )
        )
    return out


def _same_text(a: str, b: str) -> bool:
    """Text equality as a spreadsheet's = compares text (case-insensitive)."""
    return a.casefold() == b.casefold()


def _print_setup(wb: Book, plan: Any, lang: str) -> None:
    """A4 landscape with page numbers: every sheet fitted to one page wide, except 分年计划 (two
    years per page width, the system names and the header row repeated on every page)."""
    from data.plan_sheets.style import print_setup

    footer = _t("第 &P 页，共 &N 页", "Page &P of &N", lang)
    for ws in wb.sheets:
        is_years = ws.title == _name("years", lang)
        print_setup(
            ws,
            (1, 1) if ws.title != _name("overview", lang) else None,
            footer,
            plan.input.name or "",
            (max(1, -(-len(plan.years) // 2)), 0) if is_years else (1, 0),
        )
        if is_years:
            ws.ws.repeat_columns(0, 0)
            # the formulas' 0/1 helpers (供应商序号, 信创, 在用) are a collapsed column group:
            # not on paper, one click on "+" away on screen
            for t in range(len(plan.years)):
                for i, key in enumerate(_YEAR_KEYS):
                    if key in _HELPER_KEYS:
                        ws.group_column(_FIRST + t * _PER_YEAR + i, level=1, hidden=True)
            ws.ws.outline_settings(visible=True, symbols_below=True, symbols_right=False)


def write_years_workbook(
    plan: Any, path: str | Path, lang: str = "zh", procurement: ProcurementReport | None = None
) -> Path:
    """Write the year-by-year plan workbook (temp file, then replace)."""
    return atomic_save(build_years_workbook(plan, lang, procurement), path)
