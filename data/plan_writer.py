"""The plan workbook a finance bureau files (docs/DESIGN.md §4), the year a dimension.

A plan of one year: six sheets — 概览 summary, 分配方案 allocation, 采购清单 bill of quantities,
约束核查 rule check, 供应商对比 vendor comparison, 输入 inputs — in Chinese or English. A plan with
plan years (年度计划) is the same workbook with the year as a dimension: the same 概览 head, rule
check rows, 输入 sheet, styles, procurement sheets and print setup, with the year sheets in place
of the single year's allocation (see "the year dimension" below). Every total is a live formula
(a single year's down to the unit prices), so Excel, WPS or LibreOffice recompute the engine's
numbers to the fen:

* allocation: resources = Σ quantity × unit price (from the bill of quantities) × 12 or 1,
  security = the package price, one-time costs ÷ horizon (from the inputs sheet), and the
  annual total is the sum of the four components;
* bill of quantities: quantities are SUMIF/COUNTIFS over the allocation by platform number
  (a number, so no input text is ever used as a criterion), amounts = quantity × unit
  price × 12 or 1, vendor subtotals and a grand total that reconciles with the allocation;
* summary: the headline figures behind the defined names ``total_annual_cost``,
  ``budget_annual``, ``xinchuang_share`` and ``max_vendor_share``.

Costs come from :class:`planner.costing.CostModel` only; every formula carries the result
Yunce computed as its cached value. The file is written with XlsxWriter
(:mod:`data.xlsxbook`); text from input files is always written as text, so a system called
``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from xlsxwriter.chart_bar import ChartBar
from xlsxwriter.chart_pie import ChartPie

from data.plan_sheets.style import (
    CHOSEN_FILL,
    NAVY,
    SheetWriter,
    Styles,
    band,
    column_points,
    display_width,
    fit,
    head_fit,
    mark_verdicts,
    money_width,
    pages_wide,
    print_setup,
    set_widths,
    visible_width_points,
)
from data.plan_sheets.text import TEXT, heads, text
from data.plan_terms import (
    RULE_KIND_LABELS,
    VendorBlock,
    band_quantity,
    pair_factor,
    rule_check,
    tier_formula,
    vendor_blocks,
)
from data.procurement_sheets import add_procurement_sheets
from data.schema import sheet_columns
from data.xlsx import WriteError, atomic_save, sheet_title
from data.xlsxbook import Book, Sheet, col_letter, paused_gc
from planner.costing import CostModel
from planner.labels import (
    DATA_CLASS_LABELS,
    DEPLOYMENT_LABELS,
    PERIOD_LABELS,
    RESOURCE_LABELS,
    label,
    yuan,
)
from planner.model import (
    SECURITY_RESOURCES,
    UNIT_RESOURCES,
    Period,
    Plan,
    PlanInput,
    PriceLine,
    SolveStatus,
    TierMode,
)
from planner.procurement import ProcurementReport, plan_procurement
from planner.rules import POLICY_RULES, ValueKind, rule
from planner.terms import assignment_rule_broken, tier_net
from planner.text import Msg, bi, join, localize

#: The defined names of docs/DESIGN.md §4 and the summary cells they point at.
DEFINED_NAMES = ("total_annual_cost", "budget_annual", "xinchuang_share", "max_vendor_share")
#: How solver names are shown.
SOLVER_NAMES = {"highs": "HiGHS", "cbc": "CBC"}
#: Tolerances of the rule verdicts: money to the fen, shares as the solver's feasibility.
MONEY_TOL, SHARE_TOL = 0.005, 1e-6


class NoPlanError(WriteError, ValueError):
    """The plan has no assignments (infeasible or cancelled) – there is nothing to write."""


# --- layout shared by the sheets -------------------------------------------------------------
# Allocation columns (1-based) – the other sheets' formulas refer to them by letter. What a reader
# needs comes first (system, department, vendor, platform, 信创, annual total and its parts, printed
# at 8 pt or more); the details follow as one collapsed outline group.
A_NO, A_NAME, A_DEPT, A_VENDOR, A_PLATFORM, A_XC = 1, 2, 3, 4, 5, 6
A_TOTAL, A_RUN, A_SEC, A_MIG, A_ADA = 7, 8, 9, 10, 11
A_CLASS, A_MLPS, A_XCREQ, A_VCPU, A_RAM, A_STORAGE, A_BW = 12, 13, 14, 15, 16, 17, 18
A_CURRENT, A_CODE, A_DEPLOY, A_MOVED, A_MIG1, A_ADA1 = 19, 20, 21, 22, 23, 24
A_NEED_COL = {"vcpu": A_VCPU, "ram_gb": A_RAM, "storage_gb": A_STORAGE, "bandwidth_mbps": A_BW}
A_INST_SPEC, A_INST_N = 25, 26  # only when some system is bought as whole instances (4C8G …)
INSTANCE_KEY = "instance:"  # BOQ key prefix of a whole-instance spec line
HEAD_ROW, FIRST_ROW = 4, 5  # header and first data row of the table sheets

# BOQ columns
B_NO, B_VENDOR, B_CODE, B_PLATFORM, B_ITEM, B_QTY, B_UNIT, B_PRICE, B_PERIOD, B_AMOUNT, B_WAN = (
    range(1, 12)
)

# Inputs sheet: one row per Policy rule of the registry, from row 5 (formulas refer to them)
IN_POLICY_ROW = {r.key: 5 + i for i, r in enumerate(POLICY_RULES)}
#: Cell style of a rule's value on the inputs sheet, by the registry's kind of value.
_KIND_STYLE = {
    ValueKind.MONEY: "money",
    ValueKind.SHARE: "pct",
    ValueKind.INT: "int",
    ValueKind.BOOL: "text",
}


def _q(sheet: str) -> str:
    """A sheet name quoted for a formula."""
    return "'" + sheet.replace("'", "''") + "'"


@dataclass
class _BoqLine:
    row: int
    vendor: str
    platform_index: int
    resource: str
    price: PriceLine
    quantity: float


@dataclass
class _Ctx:
    """Everything the sheet builders share."""

    plan: Plan
    inp: PlanInput
    lang: str
    cm: CostModel
    book: Book
    styles: Styles
    names: dict[str, str]  # sheet key → title
    rows: dict[int, int] = field(default_factory=dict)  # workload index → allocation row
    windex: list[int] = field(default_factory=list)  # assignment i → workload index
    pindex: list[int] = field(default_factory=list)  # assignment i → platform index
    instances: list[dict[str, int]] = field(default_factory=list)  # assignment i → spec → count
    price_row: dict[tuple[int, str], int] = field(
        default_factory=dict
    )  # (platform, resource) → BOQ row
    periods_per_year: dict[int, int] = field(default_factory=dict)  # BOQ row → 12 or 1
    boq: list[_BoqLine] = field(default_factory=list)
    boq_grand_row: int = 0
    summary_cells: dict[str, str] = field(default_factory=dict)
    vendor_share_cell: dict[str, str] = field(default_factory=dict)
    platform_cap_row: dict[int, int] = field(default_factory=dict)  # platform index → inputs row
    alloc_cached: dict[int, list[float]] = field(
        default_factory=dict
    )  # allocation column → row values
    figures: dict[str, Any] = field(default_factory=dict)  # headline results, cached into formulas
    # commercial terms (data/plan_terms.py): empty for an input without them
    blocks: dict[str, VendorBlock] = field(default_factory=dict)  # vendor → its discounts/tiers/…
    bands: dict[tuple[int, str], list[tuple[float, float]]] = field(
        default_factory=dict
    )  # step prices
    disc_col: int | None = None  # allocation column of the term/resource discount
    vendor_term_cells: dict[str, list[str]] = field(
        default_factory=dict
    )  # vendor → BOQ tier/min/setup cells
    vendor_term_values: dict[str, float] = field(
        default_factory=dict
    )  # vendor → their sum (cached)

    def t(self, key: str, **kw: Any) -> str:
        s = text(key, self.lang)
        return s.format(**kw) if kw else s

    def ref(self, sheet: str, cell: str) -> str:
        return f"{_q(self.names[sheet])}!{cell}"

    def alloc_range(self, col: int) -> str:
        last = FIRST_ROW + len(self.plan.assignments) - 1
        c = col_letter(col)
        return f"{_q(self.names['alloc'])}!${c}${FIRST_ROW}:${c}${last}"

    def policy_ref(self, key: str) -> str:
        return self.ref("inputs", f"$B${IN_POLICY_ROW[key]}")

    def yes_no(self, flag: bool) -> str:
        return self.t("yes") if flag else self.t("no")

    @property
    def used_vendors(self) -> list[str]:
        used = {self.inp.platforms[j].vendor for j in self.pindex}
        return [v for v in self.inp.vendors if v in used]

    def vendor_codes(self, vendor: str) -> list[int]:
        """Platform numbers of the vendor's platforms that host at least one system."""
        used = set(self.pindex)
        return [j + 1 for j, p in enumerate(self.inp.platforms) if p.vendor == vendor and j in used]

    def sum_by_vendor(self, vendor: str, col: int, count: bool = False) -> str:
        """SUMIF (or COUNTIF) of an allocation column over the vendor's platform numbers."""
        code_rng = self.alloc_range(A_CODE)
        parts = [
            f"COUNTIF({code_rng},{code})"
            if count
            else f"SUMIF({code_rng},{code},{self.alloc_range(col)})"
            for code in self.vendor_codes(vendor)
        ]
        return "=" + ("+".join(parts) if parts else "0")


# --- public API ------------------------------------------------------------------------------
def plan_title(plan: Plan, lang: str = "zh", inp: PlanInput | None = None) -> str:
    """Title of the plan: '<county>政务云采购方案'."""
    base = text("plan_title_years" if plan.is_year_plan else "plan_title", lang)
    name = inp.name if inp is not None else ""
    return f"{name}{base}" if lang == "zh" else (f"{base}: {name}" if name else base)


def build_plan_workbook(
    plan: Plan,
    lang: str = "zh",
    inp: PlanInput | None = None,
    sources: Sequence[str | Path] = (),
    now: datetime | None = None,
    procurement: ProcurementReport | None = None,
) -> Book:
    """The plan workbook (not yet saved: ``atomic_save(book, path)`` writes it).

    inp is the input the plan was solved from (when missing, the prices are recovered from
    the plan's cost breakdowns); sources are the files it was read from; procurement is the
    plan's 采购项目 (the lots as the user grouped them; by default one per vendor).
    """
    if not plan.has_solution or not (plan.assignments or plan.is_year_plan):
        raise NoPlanError(
            "没有可写出的方案：问题无可行解（或求解已取消），请先按诊断放宽约束后重新求解。"
            if lang == "zh"
            else "There is no plan to write: the problem is infeasible (or the solve was cancelled)."
        )
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    if inp is None and plan.is_year_plan and plan.input is not None:
        inp = plan.input  # a year plan carries its input (年度计划, year columns)
    if (
        inp is None
    ):  # the input the plan was solved from when it carries its cost model (terms included)
        inp = plan.cost_model.input if plan.cost_model is not None else _input_from_plan(plan)
    now = now or datetime.now().astimezone()
    if plan.is_year_plan:  # the year as a dimension: the year sheets in place of the allocation
        return _build_year_workbook(plan, lang, inp, sources, now, procurement)
    book = Book()
    taken: set[str] = set()
    names = {
        key: sheet_title(text(f"sheet.{key}", lang), taken)
        for key in ("summary", "alloc", "boq", "check", "compare", "inputs")
    }
    sheets = {key: book.add_sheet(title) for key, title in names.items()}
    ctx = _Ctx(
        plan=plan,
        inp=inp,
        lang=lang,
        cm=_cost_model(plan, inp),
        book=book,
        styles=Styles(book),
        names=names,
    )
    _index_assignments(ctx)
    ctx.blocks = vendor_blocks(inp)
    _layout_boq(ctx)
    # Order matters only for the cell addresses one sheet needs from another.
    _inputs_sheet(ctx, sheets["inputs"], [Path(s) for s in sources], now)
    _allocation_sheet(ctx, sheets["alloc"])
    _boq_sheet(ctx, sheets["boq"])
    _summary_sheet(ctx, sheets["summary"], now)
    _check_sheet(ctx, sheets["check"])
    _compare_sheet(ctx, sheets["compare"])
    add_procurement_sheets(book, procurement or plan_procurement(plan, inp), lang)
    return book  # the first sheet (概览) is the active and selected one


def write_plan_workbook(
    plan: Plan,
    path: str | Path,
    lang: str = "zh",
    inp: PlanInput | None = None,
    sources: Sequence[Path] = (),
    procurement: ProcurementReport | None = None,
) -> Path:
    """Write the plan workbook atomically; raises data.xlsx.WriteError with a Chinese message.

    inp is the input the plan was solved from; sources are the files it was read from (their
    size and SHA-256 go on the inputs sheet); procurement the lots (default: one per vendor).
    """
    with paused_gc():  # a million short-lived cell records at 20,000 systems
        book = build_plan_workbook(plan, lang, inp=inp, sources=sources, procurement=procurement)
        return atomic_save(book, path)


# --- preparation -----------------------------------------------------------------------------
def _cost_model(plan: Plan, inp: PlanInput) -> CostModel:
    """The cost model the plan was solved with (Plan.cost_model), rebuilt only for another input."""
    cm = plan.cost_model
    if cm is not None and (cm.input is inp or cm.input == inp) and cm.policy == plan.policy:
        return cm
    return CostModel(inp, plan.policy)


def _input_from_plan(plan: Plan) -> PlanInput:
    """A PlanInput recovered from the plan alone: used platforms, yearly prices per unit."""
    prices: dict[tuple[str, str, str], PriceLine] = {}
    for a in plan.assignments:
        p, w = a.platform, a.workload
        if a.cost.resource_costs.get("instance"):
            raise ValueError(
                "方案中有按整机实例计费的系统，需提供求解所用的输入（inp）才能写出采购清单。"
            )
        for r, cost in a.cost.resource_costs.items():
            need = w.needs[r]
            if need > 0:
                prices[(p.vendor, p.name, r)] = PriceLine(
                    p.vendor, p.name, r, cost / need, Period.YEAR
                )
        if w.mlps_level >= 2:
            r = f"security_l{w.mlps_level}"
            prices[(p.vendor, p.name, r)] = PriceLine(
                p.vendor, p.name, r, a.cost.security_cost, Period.YEAR
            )
    platforms = tuple(dict.fromkeys(a.platform for a in plan.assignments))
    return PlanInput(
        platforms=platforms,
        prices=tuple(prices.values()),
        workloads=tuple(a.workload for a in plan.assignments),
        policy=plan.policy,
    )


def _index_assignments(ctx: _Ctx) -> None:
    """Match the plan's assignments to the input's workloads and platforms (by position first)."""
    workloads = ctx.inp.workloads
    by_name = {w.name: i for i, w in enumerate(workloads)}
    for i, a in enumerate(ctx.plan.assignments):
        same_place = i < len(workloads) and workloads[i] == a.workload
        wi = i if same_place else by_name.get(a.workload.name)
        pj = ctx.cm.platform_index.get(a.platform.key)
        if wi is None or pj is None or not ctx.cm.eligible[wi, pj]:
            raise ValueError(
                f"方案与输入不一致：系统“{a.workload.name}”在平台“{a.platform.label}”上"
                "不在输入中或不可部署。请用同一份输入重新求解后再写出。"
            )
        ctx.windex.append(wi)
        ctx.pindex.append(pj)
        ctx.rows[wi] = FIRST_ROW + i
        uses_instances = getattr(ctx.cm, "uses_instances", None)  # vCPU+RAM as whole VMs
        if uses_instances is not None and uses_instances[wi, pj]:
            ctx.instances.append(dict(ctx.cm.breakdown(wi, pj).instances))
        else:
            ctx.instances.append({})


def _open_top(bands: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Step bands with the one starting highest open-ended (units above every band cost its price,
    as planner.costing.step_cost says)."""
    if not bands:
        return []
    top = max(range(len(bands)), key=lambda k: bands[k][0])
    return [(lo, math.inf if k == top else hi) for k, (lo, hi) in enumerate(bands)]


def _layout_boq(ctx: _Ctx) -> None:
    """Which price lines the bill lists and on which rows (the allocation refers to them)."""
    price: dict[tuple[int, str], PriceLine] = {}
    for line in ctx.inp.prices:
        j = ctx.cm.platform_index.get((line.vendor, line.platform))
        if j is None:
            continue
        if (
            line.min_qty is not None or line.max_qty is not None
        ):  # a step price band (起始/截止数量)
            bands = ctx.bands.setdefault((j, line.resource), [])
            price[(j, f"{line.resource}#{len(bands)}")] = line
            bands.append(
                (
                    float(line.min_qty or 0.0),
                    math.inf if line.max_qty is None else float(line.max_qty),
                )
            )
            continue
        if line.resource == "instance":  # the cheapest line of a spec, as the sizer takes it
            key = (j, INSTANCE_KEY + line.spec)
            if key not in price or line.annual_price < price[key].annual_price:
                price[key] = line
        else:  # the last line of a resource wins, as in CostModel
            price[(j, line.resource)] = line
    qty: dict[tuple[int, str], float] = {}
    for wi, pj, inst in zip(ctx.windex, ctx.pindex, ctx.instances, strict=True):
        w = ctx.inp.workloads[wi]
        for r, need in w.needs.items():
            need = float(ctx.cm.pair_vcpu[wi, pj]) if r == "vcpu" else need  # 性能系数 applied
            if need > 0 and not (inst and r in ("vcpu", "ram_gb")):
                for k, (lo, hi) in enumerate(_open_top(ctx.bands.get((pj, r), []))):
                    part = max(0.0, min(need, hi) - lo)
                    qty[(pj, f"{r}#{k}")] = qty.get((pj, f"{r}#{k}"), 0.0) + part
                qty[(pj, r)] = qty.get((pj, r), 0.0) + need
        for spec, count in inst.items():
            qty[(pj, INSTANCE_KEY + spec)] = qty.get((pj, INSTANCE_KEY + spec), 0.0) + count
        if w.mlps_level >= 2:
            r = f"security_l{w.mlps_level}"
            qty[(pj, r)] = qty.get((pj, r), 0.0) + 1
    row = FIRST_ROW
    for vendor in ctx.used_vendors:
        for j, p in enumerate(ctx.inp.platforms):
            if p.vendor != vendor:
                continue
            specs = sorted(k for (jj, k) in qty if jj == j and k.startswith(INSTANCE_KEY))
            units = [
                b
                for r in UNIT_RESOURCES
                for b in (
                    [f"{r}#{k}" for k in range(len(ctx.bands[(j, r)]))]
                    if (j, r) in ctx.bands
                    else [r]
                )
            ]
            for r in (*units, *specs, *SECURITY_RESOURCES):
                if qty.get((j, r), 0) > 0 and (j, r) in price:
                    ctx.boq.append(_BoqLine(row, vendor, j, r, price[(j, r)], qty[(j, r)]))
                    ctx.price_row[(j, r)] = row
                    ctx.periods_per_year[row] = price[(j, r)].period.per_year
                    row += 1
        if (
            vendor in ctx.blocks
        ):  # where its tier / minimum / setup lines will be (the allocation's total uses them)
            b = ctx.blocks[vendor]
            k = row + 1 + len(b.resource_factor) + (b.term_factor < 1) + b.has_pair_discount
            n = bool(b.tiers) + (b.minimum > 0) + (b.setup > 0)
            ctx.vendor_term_cells[vendor] = [f"${col_letter(B_AMOUNT)}${k + i}" for i in range(n)]
        row += 5 + (
            ctx.blocks[vendor].extra_rows() if vendor in ctx.blocks else 0
        )  # subtotal … blank


# --- sheets ----------------------------------------------------------------------------------
def _table_head(
    sw: SheetWriter, heads_: list[str], row: int = HEAD_ROW, height: float = 33
) -> None:
    sw.row(row, 1, heads_, "head")
    sw.sheet.row_height(row, height)


def _title(
    ctx: _Ctx, sw: SheetWriter, title: str, note: str | None, last_col: int, note_height: float = 30
) -> None:
    sw.value(1, 1, title, "title")
    sw.sheet.row_height(1, 24)
    if note:
        sw.merge(2, 1, 2, last_col, note, "note")
        sw.sheet.row_height(2, note_height)


def _finish(
    ctx: _Ctx, ws: Sheet, title_rows: tuple[int, int] | None, pages: tuple[int, int] = (1, 0)
) -> None:
    print_setup(
        ws, title_rows, ctx.t("page_footer"), plan_title(ctx.plan, ctx.lang, ctx.inp), pages
    )


def _allocation_sheet(ctx: _Ctx, ws: Sheet) -> None:
    sw, t, lang = SheetWriter(ws, ctx.styles), ctx.t, ctx.lang
    hs = heads("alloc.heads", lang)
    has_instances = any(ctx.instances)
    if has_instances:
        hs += heads("alloc.inst_heads", lang)
    if any(b.has_pair_discount for b in ctx.blocks.values()):
        hs.append(t("alloc.disc_head"))
        ctx.disc_col = len(hs)
    note = t("alloc.note_terms") if ctx.blocks or ctx.cm.has_perf_factors else t("alloc.note")
    # the note wraps over the columns of the first printed page (the sheet prints over several
    # pages across; merged over every column it ran off the page, cut mid-sentence)
    _title(ctx, sw, t("alloc.title"), note, A_TOTAL, note_height=48)
    _table_head(sw, hs, height=45)
    boq = _q(ctx.names["boq"])
    horizon = ctx.policy_ref("horizon_years")
    cm = ctx.cm
    currents: list[str] = []  # the 现平台 column's texts (for its width)
    inst_specs: list[str] = []
    for i in range(len(ctx.plan.assignments)):
        r = FIRST_ROW + i
        wi, pj = ctx.windex[i], ctx.pindex[i]
        w, p = ctx.inp.workloads[wi], ctx.inp.platforms[pj]
        cur = cm.current_index[wi]
        moved = cur != pj
        # the plan's own breakdown (from CostModel) says whether the 信创 adaptation is due
        adapts = ctx.plan.assignments[i].cost.adaptation_annual > 0
        if w.current_key is None:
            current = t("machine_room")
        else:
            current = f"{w.current_vendor}/{w.current_platform}"
        currents.append(current)
        long_dept = display_width(w.department) + 1.5 > DEPT_PRINT_WIDTH
        if long_dept:  # two lines, not a wider column (set before the row's cells)
            ws.row_height(r, 27)
        sw.value(r, A_NO, i + 1, "int")
        sw.value(r, A_NAME, w.name)
        sw.value(r, A_DEPT, w.department, "text_wrap" if long_dept else "text")
        sw.value(r, A_CLASS, label(DATA_CLASS_LABELS, w.data_class, lang), "text_c")
        sw.value(r, A_MLPS, w.mlps_level, "int")
        sw.value(r, A_XCREQ, ctx.yes_no(w.xinchuang_required), "text_c")
        needs_here = {
            res: (ctx.plan.assignments[i].vcpu if res == "vcpu" else w.needs[res])
            for res in A_NEED_COL
        }
        for res, col in A_NEED_COL.items():
            need = needs_here[res]  # vCPU: what is bought there (性能系数)
            sw.value(r, col, need, "int" if float(need).is_integer() else "dec")
        sw.value(r, A_CURRENT, current)
        sw.value(r, A_CODE, pj + 1, "int")
        sw.value(r, A_VENDOR, p.vendor)
        sw.value(r, A_PLATFORM, p.name)
        sw.value(r, A_DEPLOY, label(DEPLOYMENT_LABELS, p.deployment, lang), "text_c")
        sw.value(r, A_XC, ctx.yes_no(p.xinchuang), "text_c")
        sw.value(r, A_MOVED, ctx.yes_no(moved), "text_c")
        # resources: Σ quantity × unit price × periods, prices from the bill of quantities
        inst = ctx.instances[i]
        terms = []
        block = ctx.blocks.get(p.vendor)
        disc: list[str] = []  # (1 − net factor) × each term: the system's term/resource discount
        for res in UNIT_RESOURCES:
            if w.needs[res] > 0 and not (inst and res in ("vcpu", "ram_gb")):
                need_cell = f"{col_letter(A_NEED_COL[res])}{r}"
                if (pj, res) in ctx.bands:  # step prices: each band's price × the need inside it
                    parts = []
                    for k, (lo, hi) in enumerate(_open_top(ctx.bands[(pj, res)])):
                        prow = ctx.price_row.get((pj, f"{res}#{k}"))
                        if prow is None:
                            continue
                        inside = (
                            f"MAX(0,{need_cell}-{lo!r})"
                            if math.isinf(hi)
                            else f"MAX(0,MIN({need_cell},{hi!r})-{lo!r})"
                        )
                        parts.append(
                            f"{inside}*{boq}!$H${prow}"
                            + ("*12" if ctx.periods_per_year[prow] == 12 else "")
                        )
                    term = "(" + "+".join(parts or ["0"]) + ")"
                else:
                    prow = ctx.price_row[(pj, res)]
                    per = ctx.periods_per_year[prow]
                    term = f"{need_cell}*{boq}!$H${prow}" + ("*12" if per == 12 else "")
                terms.append(term)
                if pair_factor(block, res) < 1:
                    disc.append(f"{round(1 - pair_factor(block, res), 12)!r}*{term}")
        for spec, count in inst.items():  # whole instances: count × price per instance
            prow = ctx.price_row[(pj, INSTANCE_KEY + spec)]
            per = ctx.periods_per_year[prow]
            terms.append(f"{count}*{boq}!$H${prow}" + ("*12" if per == 12 else ""))
            if pair_factor(block, "instance") < 1:
                disc.append(f"{round(1 - pair_factor(block, 'instance'), 12)!r}*{terms[-1]}")
        if has_instances:
            inst_specs.append("、".join(f"{s}×{c}" for s, c in inst.items()) or t("dash"))
            sw.value(r, A_INST_SPEC, inst_specs[-1], "text_c")
            sw.value(r, A_INST_N, sum(inst.values()), "int")
            ctx.alloc_cached.setdefault(A_INST_N, []).append(float(sum(inst.values())))
        # cached results: the same numbers from planner.costing (the plan's own breakdown)
        cost = ctx.plan.assignments[i].cost
        mig1 = float(w.migration_cost) if moved else 0.0
        ada1 = float(w.xinchuang_adaptation_cost) if adapts else 0.0
        years = float(ctx.plan.policy.horizon_years)
        row_values = {
            A_RUN: cost.run_cost,
            A_SEC: cost.security_cost,
            A_MIG1: mig1,
            A_ADA1: ada1,
            A_MIG: mig1 / years,
            A_ADA: ada1 / years,
        }
        row_values[A_TOTAL] = (
            row_values[A_RUN]
            + row_values[A_SEC]
            - cost.discount
            + row_values[A_MIG]
            + row_values[A_ADA]
        )
        if ctx.disc_col is not None:
            row_values[ctx.disc_col] = cost.discount
        needs = ((col, needs_here[res]) for res, col in A_NEED_COL.items())
        for col, value in ((A_NO, i + 1), (A_CODE, pj + 1), *needs, *row_values.items()):
            ctx.alloc_cached.setdefault(col, []).append(float(value))
        sw.formula(r, A_RUN, "=" + "+".join(terms) if terms else "=0", cached=cost.run_cost)
        sec = f"security_l{w.mlps_level}" if w.mlps_level >= 2 else None
        if sec is not None:
            prow = ctx.price_row[(pj, sec)]
            per = ctx.periods_per_year[prow]
            sw.formula(
                r,
                A_SEC,
                f"={boq}!$H${prow}" + ("*12" if per == 12 else ""),
                cached=cost.security_cost,
            )
            if pair_factor(block, sec) < 1:
                disc.append(f"{round(1 - pair_factor(block, sec), 12)!r}*{col_letter(A_SEC)}{r}")
        else:
            sw.value(r, A_SEC, 0, "money")
        sw.value(r, A_MIG1, mig1, "money")
        sw.value(r, A_ADA1, ada1, "money")
        sw.formula(r, A_MIG, f"={col_letter(A_MIG1)}{r}/{horizon}", cached=row_values[A_MIG])
        sw.formula(r, A_ADA, f"={col_letter(A_ADA1)}{r}/{horizon}", cached=row_values[A_ADA])
        less = ""
        if ctx.disc_col is not None:
            sw.formula(
                r, ctx.disc_col, "=" + "+".join(disc) if disc else "=0", cached=cost.discount
            )
            less = f"-{col_letter(ctx.disc_col)}{r}"
        sw.formula(
            r,
            A_TOTAL,
            f"={col_letter(A_RUN)}{r}+{col_letter(A_SEC)}{r}{less}+{col_letter(A_MIG)}{r}+{col_letter(A_ADA)}{r}",
            cached=row_values[A_TOTAL],
        )
    n = len(ctx.plan.assignments)
    last, tot = FIRST_ROW + n - 1, FIRST_ROW + n
    for col in range(1, len(hs) + 1):
        sw.value(tot, col, None, "tot_text")
    sw.value(tot, A_NAME, t("total"), "tot_text")
    money_cols = (
        A_TOTAL,
        A_RUN,
        A_SEC,
        A_MIG,
        A_ADA,
        A_MIG1,
        A_ADA1,
        *([ctx.disc_col] if ctx.disc_col else []),
    )
    for col in (
        A_VCPU,
        A_RAM,
        A_STORAGE,
        A_BW,
        *money_cols,
        *([A_INST_N] if has_instances else []),
    ):
        c = col_letter(col)
        style = "tot_money" if col in money_cols else "tot_int"
        column_values = ctx.alloc_cached.get(col)
        formula, cached = (
            f"=SUM({c}{FIRST_ROW}:{c}{last})",
            math.fsum(column_values) if column_values else None,
        )
        if (
            col == A_TOTAL and ctx.vendor_term_cells
        ):  # + the vendors' tiers, minimums and setup fees
            formula += "".join(
                f"+{ctx.ref('boq', x)}" for cells in ctx.vendor_term_cells.values() for x in cells
            )
            cached = (cached or 0.0) + math.fsum(t.adjustment for t in ctx.plan.vendor_terms)
        sw.formula(tot, col, formula, style, cached=cached)
    band(ws, f"A{FIRST_ROW}:{col_letter(len(hs))}{last}", FIRST_ROW)
    ws.autofilter(f"A{HEAD_ROW}:{col_letter(len(hs))}{last}")
    ws.freeze(FIRST_ROW, 3)
    a = ctx.plan.assignments
    widths = {col: head_fit(h) for col, h in enumerate(hs, start=1)}
    for col, values in (
        (A_NAME, [x.workload.name for x in a]),
        (A_DEPT, [x.workload.department for x in a]),
        (A_CURRENT, currents),
        (A_VENDOR, [x.platform.vendor for x in a]),
        (A_PLATFORM, [x.platform.name for x in a]),
        (A_STORAGE, [f"{x.workload.storage_gb:,.0f}" for x in a]),
        (A_CLASS, [label(DATA_CLASS_LABELS, x.workload.data_class, lang) for x in a]),
        *([(A_INST_SPEC, inst_specs)] if has_instances else []),
    ):
        widths[col] = max(widths[col], fit(values, 4, 24, pad=1.5))
    costs = [x.cost for x in a]
    for col, amounts in (
        (A_RUN, [sum(c.run_cost for c in costs)]),
        (A_SEC, [sum(c.security_cost for c in costs)]),
        (A_MIG1, [sum(x.workload.migration_cost for x in a)]),
        (A_ADA1, [sum(x.workload.xinchuang_adaptation_cost for x in a)]),
        (A_MIG, [sum(c.migration_annual for c in costs)]),
        (A_ADA, [sum(c.adaptation_annual for c in costs)]),
        (A_TOTAL, [ctx.plan.total_annual_cost]),
    ):
        # a tighter pad than elsewhere: the reader's columns then print one page wide (issue 22)
        widths[col] = max(widths[col], money_width(amounts, pad=0.75))
    widths[A_DEPT] = min(widths[A_DEPT], DEPT_PRINT_WIDTH)  # longer names wrap (see above)
    set_widths(ws, widths)
    _print_layout_allocation(ctx, ws, len(hs))


#: Width of the 部门 column: six CJK characters; a longer department name wraps onto a second
#: line, so the reader's columns print one page wide at 8 pt (issue 22).
DEPT_PRINT_WIDTH = 13.5
#: Allocation columns a reader needs on paper; the others are a collapsed outline group ("+" above
#: the column letters opens them), so the printout stays at 8 pt or more instead of ~4.5 pt.
A_PRINTED = (A_NO, A_NAME, A_DEPT, A_VENDOR, A_PLATFORM, A_XC, A_TOTAL, A_RUN, A_SEC, A_MIG, A_ADA)


def _print_layout_allocation(ctx: _Ctx, ws: Sheet, ncols: int) -> None:
    """Detail columns grouped and hidden; width fitted over as many pages as keep the text ≥ 8 pt."""
    for col in range(1, ncols + 1):
        if col not in A_PRINTED:
            ws.group_column(col, level=1, hidden=True)
    # the +/- button sits left of each group
    ws.ws.outline_settings(visible=True, symbols_below=True, symbols_right=False)
    title = sum(column_points(ws.width(c)) for c in (A_NO, A_NAME))
    pages, _scale = pages_wide(visible_width_points(ws, ncols), title)
    _finish(ctx, ws, (HEAD_ROW, HEAD_ROW), (pages, 0))
    if pages > 1:
        ws.ws.repeat_columns(0, 1)  # number and name on every page
        ws.ws.print_across()  # a row's parts on the very next page


def _resource_text(ctx: _Ctx, resource: str) -> tuple[str, str]:
    """(name, unit) of a resource for the bill."""
    resource = resource.partition("#")[0]  # a step-price band of the resource
    if resource.startswith(INSTANCE_KEY):
        return (
            f"{label(RESOURCE_LABELS, 'instance', ctx.lang)} {resource[len(INSTANCE_KEY) :]}",
            ctx.t("unit.instance"),
        )
    name = label(RESOURCE_LABELS, resource, ctx.lang)
    if resource in SECURITY_RESOURCES:
        return name, ctx.t("unit.security")
    name = name.split("(")[0].strip()
    return name, ctx.t(f"unit.{resource}")


def _term_rows(
    ctx: _Ctx, vendor: str, lines: list[_BoqLine], sub: int, amounts: dict[int, float]
) -> list[tuple[str, str, bool, float]]:
    """The vendor's discount and term lines after its subtotal (row sub): (label, formula, summed,
    cached value). Exactly VendorBlock.extra_rows() lines, so the layout of _layout_boq holds."""
    t, block = ctx.t, ctx.blocks[vendor]
    A = col_letter(B_AMOUNT)
    out: list[tuple[str, str, bool, float]] = []
    row = sub + 1
    pair_rows: list[int] = []
    values: dict[int, float] = {sub: amounts[sub]}
    for res, f in block.resource_factor.items():
        rows_r = [
            x.row
            for x in lines
            if x.resource.partition("#")[0] == res
            or (res == "instance" and x.resource.startswith(INSTANCE_KEY))
        ]
        amount = "+".join(f"{A}{x}" for x in rows_r) or "0"
        values[row] = -(1 - f) * math.fsum(amounts[x] for x in rows_r)
        out.append(
            (
                t("boq.res_discount", item=_resource_text(ctx, res)[0], f=f"{f:g}"),
                f"=-{round(1 - f, 12)!r}*({amount})",
                True,
                values[row],
            )
        )
        pair_rows.append(row)
        row += 1
    if block.term_factor < 1:
        base = (sub, *pair_rows)
        values[row] = -(1 - block.term_factor) * math.fsum(values[x] for x in base)
        out.append(
            (
                t("boq.term_discount", years=f"{block.term_years:g}", f=f"{block.term_factor:g}"),
                f"=-{round(1 - block.term_factor, 12)!r}*("
                + "+".join(f"{A}{x}" for x in base)
                + ")",
                True,
                values[row],
            )
        )
        pair_rows.append(row)
        row += 1
    net, net_value = f"{A}{sub}", amounts[sub]
    if block.has_pair_discount:
        net_value = math.fsum(values[x] for x in (sub, *pair_rows))
        out.append(
            (t("boq.net"), "=" + "+".join(f"{A}{x}" for x in (sub, *pair_rows)), False, net_value)
        )
        net = f"{A}{row}"
        row += 1
    cells: list[str] = []
    terms_value = 0.0
    tier_value = 0.0
    if block.tiers:
        tiers = "、".join(f"≥{yuan(th)} ×{f:g}" for th, f in block.tiers)
        mode = (
            ""
            if block.mode is TierMode.WHOLE
            else ("，超出部分" if ctx.lang == "zh" else ", above")
        )
        tier_value = tier_net(net_value, block.tiers, block.mode)[0] - net_value
        out.append(
            (
                t("boq.tier", tiers=tiers + mode),
                "=" + tier_formula(net, block.tiers, block.mode),
                True,
                tier_value,
            )
        )
        terms_value += tier_value
        cells.append(f"{A}{row}")
        row += 1
    if block.minimum > 0:
        tier = f"+{cells[0]}" if cells else ""
        topup = max(0.0, block.minimum - (net_value + tier_value))
        out.append(
            (
                t("boq.minimum", m=yuan(block.minimum)),
                f"=MAX(0,{block.minimum!r}-({net}{tier}))",
                True,
                topup,
            )
        )
        terms_value += topup
        cells.append(f"{A}{row}")
        row += 1
    if block.setup > 0:
        setup = block.setup / float(ctx.plan.policy.horizon_years)
        out.append(
            (
                t("boq.setup", fee=yuan(block.setup)),
                f"={block.setup!r}/{ctx.policy_ref('horizon_years')}",
                True,
                setup,
            )
        )
        terms_value += setup
        cells.append(f"{A}{row}")
        row += 1
    ctx.vendor_term_cells[vendor] = [f"${c[0]}${c[1:]}" for c in cells]
    ctx.vendor_term_values[vendor] = terms_value
    return out


def _boq_sheet(ctx: _Ctx, ws: Sheet) -> None:
    sw, t, lang = SheetWriter(ws, ctx.styles), ctx.t, ctx.lang
    hs = heads("boq.heads", lang)
    note = t("boq.note") + (t("boq.note_instances") if any(ctx.instances) else "")
    _title(ctx, sw, t("boq.title"), note, len(hs))
    _table_head(sw, hs)
    code_rng, mlps_rng = ctx.alloc_range(A_CODE), ctx.alloc_range(A_MLPS)
    A, Q, P, W = col_letter(B_AMOUNT), col_letter(B_QTY), col_letter(B_PRICE), col_letter(B_WAN)
    totals, subs, onetime = [], [], []
    amounts: dict[int, float] = {}  # BOQ row → amount (cached formula results)
    by_platform = _sum_by_platform(ctx)
    no = 0
    lines_by_vendor: dict[str, list[_BoqLine]] = {}
    for line in ctx.boq:
        lines_by_vendor.setdefault(line.vendor, []).append(line)
    row = FIRST_ROW
    for vendor in ctx.used_vendors:
        lines = lines_by_vendor.get(vendor, [])
        first = row
        for line in lines:
            assert line.row == row
            no += 1
            p = ctx.inp.platforms[line.platform_index]
            base, _, band_k = line.resource.partition("#")
            name, unit = _resource_text(ctx, base)
            if band_k:  # a step-price band: its range in the item name
                lo, hi = _open_top(ctx.bands[(line.platform_index, base)])[int(band_k)]
                name = t("boq.band", item=name, lo=lo, hi="∞" if math.isinf(hi) else f"{hi:g}")
            code = line.platform_index + 1
            sw.value(row, B_NO, no, "int")
            sw.value(row, B_VENDOR, vendor)
            sw.value(row, B_CODE, code, "int")
            sw.value(row, B_PLATFORM, p.name)
            sw.value(row, B_ITEM, name)
            qty_style = "int" if float(line.quantity).is_integer() else "dec"
            qty = float(line.quantity)
            if band_k:  # Σ over the platform's systems of the need inside the band
                lo, hi = _open_top(ctx.bands[(line.platform_index, base)])[int(band_k)]
                need = ctx.alloc_range(A_NEED_COL[base])
                only_units = (
                    f"*({ctx.alloc_range(A_INST_N)}=0)"
                    if any(ctx.instances) and base in ("vcpu", "ram_gb")
                    else ""
                )
                sw.formula(
                    row,
                    B_QTY,
                    f"=SUMPRODUCT(({code_rng}={code}){only_units}*{band_quantity(need, lo, hi)})",
                    qty_style,
                    cached=qty,
                )
            elif line.resource in SECURITY_RESOURCES:
                level = int(line.resource[-1])
                sw.formula(
                    row,
                    B_QTY,
                    f"=COUNTIFS({code_rng},{code},{mlps_rng},{level})",
                    "int",
                    cached=qty,
                )
            elif line.resource.startswith(INSTANCE_KEY):  # counts of the cheapest instance mix
                sw.value(row, B_QTY, line.quantity, "int")
            elif any(ctx.instances) and line.resource in (
                "vcpu",
                "ram_gb",
            ):  # systems bought per unit only
                need = ctx.alloc_range(A_NEED_COL[line.resource])
                sw.formula(
                    row,
                    B_QTY,
                    f"=SUMIFS({need},{code_rng},{code},{ctx.alloc_range(A_INST_N)},0)",
                    qty_style,
                    cached=qty,
                )
            else:
                sw.formula(
                    row,
                    B_QTY,
                    f"=SUMIF({code_rng},{code},{ctx.alloc_range(A_NEED_COL[line.resource])})",
                    qty_style,
                    cached=qty,
                )
            sw.value(row, B_UNIT, unit, "text_c")
            sw.value(row, B_PRICE, float(line.price.unit_price), "money")
            sw.value(row, B_PERIOD, label(PERIOD_LABELS, line.price.period, lang), "text_c")
            per = line.price.period.per_year
            amount = qty * float(line.price.unit_price) * per
            amounts[row] = amount
            sw.formula(row, B_AMOUNT, f"={Q}{row}*{P}{row}*{per}", cached=amount)
            sw.formula(row, B_WAN, f"={A}{row}/10000", "wan", cached=amount / 10000)
            row += 1
        last = row - 1
        codes = ctx.vendor_codes(vendor)

        def by_code(col: int, codes: list[int] = codes) -> str:
            return "=" + "+".join(f"SUMIF({code_rng},{c},{ctx.alloc_range(col)})" for c in codes)

        sub = math.fsum(amounts[r] for r in range(first, last + 1))
        mig = math.fsum(by_platform[A_MIG].get(c, 0.0) for c in codes)
        ada = math.fsum(by_platform[A_ADA].get(c, 0.0) for c in codes)
        amounts[row] = sub
        extra = _term_rows(ctx, vendor, lines, row, amounts) if vendor in ctx.blocks else []
        n = len(extra)
        summed = (
            [row] + [row + 1 + k for k, e in enumerate(extra) if e[2]] + [row + n + 1, row + n + 2]
        )
        total = sub + math.fsum(e[3] for e in extra if e[2]) + mig + ada
        for key, f, style, value in (
            ("boq.subtotal", f"=SUM({A}{first}:{A}{last})" if last >= first else "=0", "sub", sub),
            *((label_, f_, "sub", v_) for label_, f_, _s, v_ in extra),
            ("boq.migration", by_code(A_MIG), "sub", mig),
            ("boq.adaptation", by_code(A_ADA), "sub", ada),
            ("boq.vendor_total", "=" + "+".join(f"{A}{x}" for x in summed), "tot", total),
        ):
            for col in range(1, len(hs) + 1):
                sw.value(row, col, None, f"{style}_text")
            sw.value(row, B_VENDOR, vendor, f"{style}_text")
            sw.value(row, B_ITEM, t(key) if key.startswith("boq.") else key, f"{style}_text")
            sw.formula(row, B_AMOUNT, f, f"{style}_money", cached=value)
            sw.formula(row, B_WAN, f"={A}{row}/10000", f"{style}_wan", cached=value / 10000)
            amounts[row] = value
            if key == "boq.subtotal":
                subs.append(row)
            elif key == "boq.vendor_total":
                totals.append(row)
            elif key in ("boq.migration", "boq.adaptation"):
                onetime.append(row)
            elif row in summed:  # a discount or vendor term: part of the services
                subs.append(row)
            row += 1
        row += 1
    grand = {
        "boq.all_services": (
            "=" + "+".join(f"{A}{r}" for r in subs),
            math.fsum(amounts[r] for r in subs),
        ),
        "boq.all_onetime": (
            "=" + "+".join(f"{A}{r}" for r in onetime),
            math.fsum(amounts[r] for r in onetime),
        ),
        "boq.grand_total": (
            "=" + "+".join(f"{A}{r}" for r in totals),
            math.fsum(amounts[r] for r in totals),
        ),
    }
    for key, (f, value) in grand.items():
        style = "tot" if key == "boq.grand_total" else "sub"
        for col in range(1, len(hs) + 1):
            sw.value(row, col, None, f"{style}_text")
        sw.value(row, B_ITEM, t(key), f"{style}_text")
        sw.formula(row, B_AMOUNT, f, f"{style}_money", cached=value)
        sw.formula(row, B_WAN, f"={A}{row}/10000", f"{style}_wan", cached=value / 10000)
        if key == "boq.grand_total":
            ctx.boq_grand_row = row
        row += 1
    sw.value(row, B_ITEM, t("boq.reconcile"), "sub_text")
    for col in range(1, len(hs) + 1):
        if col != B_ITEM:
            sw.value(row, col, None, "sub_text")
    vendor_terms = "".join(f"-{c}" for cells in ctx.vendor_term_cells.values() for c in cells)
    reconcile = round(
        grand["boq.grand_total"][1]
        - math.fsum(ctx.alloc_cached[A_TOTAL])
        - math.fsum(ctx.vendor_term_values.values()),
        2,
    )
    ctx.figures["reconcile"] = reconcile + 0.0  # no -0.0
    sw.formula(
        row,
        B_AMOUNT,
        f"=ROUND({A}{ctx.boq_grand_row}-SUM({ctx.alloc_range(A_TOTAL)}){vendor_terms},2)",
        "sub_money",
        cached=ctx.figures["reconcile"],
    )
    ctx.summary_cells["boq_reconcile"] = ctx.ref("boq", f"${A}${row}")
    blocks: dict[str, list[int]] = {}
    for line in ctx.boq:
        blocks.setdefault(line.vendor, []).append(line.row)
    band_ranges = " ".join(f"A{min(rows)}:{W}{max(rows)}" for rows in blocks.values())
    if band_ranges:
        band(ws, band_ranges, FIRST_ROW)
    ws.autofilter(f"A{HEAD_ROW}:{W}{max(FIRST_ROW, ctx.boq[-1].row if ctx.boq else FIRST_ROW)}")
    ws.freeze(FIRST_ROW)
    set_widths(
        ws,
        {
            B_NO: 5,
            B_VENDOR: fit(ctx.used_vendors, 8, 16),
            B_CODE: 6,
            B_PLATFORM: fit([ctx.inp.platforms[x.platform_index].name for x in ctx.boq], 10, 22),
            B_ITEM: max(
                fit([_resource_text(ctx, x.resource)[0] for x in ctx.boq], 10, 24),
                display_width(t("boq.subtotal")) + 2,
            ),
            B_QTY: 11,
            B_UNIT: 10,
            B_PRICE: 13,
            B_PERIOD: 6,
            B_AMOUNT: money_width([ctx.plan.total_annual_cost]),
            B_WAN: 11,
        },
    )
    _finish(ctx, ws, (HEAD_ROW, HEAD_ROW))


def _sum_by_platform(ctx: _Ctx) -> dict[int, dict[int, float]]:
    """Allocation column → {platform number: sum of the column's values} (the SUMIFs' cached results)."""
    out: dict[int, dict[int, float]] = {}
    codes = ctx.alloc_cached.get(A_CODE, [])
    for col, values in ctx.alloc_cached.items():
        sums: dict[int, float] = {}
        for code, value in zip(codes, values, strict=True):
            sums[int(code)] = sums.get(int(code), 0.0) + value
        out[col] = sums
    return out


def _summary_sheet(ctx: _Ctx, ws: Sheet, now: datetime) -> None:
    sw, t, lang, plan, pol = SheetWriter(ws, ctx.styles), ctx.t, ctx.lang, ctx.plan, ctx.plan.policy
    _summary_head(ctx, sw, _conclusion(ctx), now, pol.horizon_years, 10)

    # 1. key figures
    r = 5
    sw.value(r, 1, t("sum.key"), "section")
    _table_head(sw, heads("sum.key_heads", lang), r + 1, 22)
    total_rng = ctx.alloc_range(A_TOTAL)
    vcpu_rng = ctx.alloc_range(A_VCPU)
    ok, bad = t("ok"), t("not_ok")
    # cached results (what the formulas give), from the allocation's own numbers
    total = math.fsum(ctx.alloc_cached[A_TOTAL]) + math.fsum(ctx.vendor_term_values.values())
    budget = pol.budget_annual
    dash = t("dash")
    vcpus = ctx.alloc_cached[A_VCPU]
    xc_vcpu = math.fsum(
        v for v, j in zip(vcpus, ctx.pindex, strict=True) if ctx.inp.platforms[j].xinchuang
    )
    xc_share = xc_vcpu / math.fsum(vcpus) if math.fsum(vcpus) > 0 else 0.0
    by_platform = _sum_by_platform(ctx)

    def by_vendor(v: str, col: int) -> float:
        return math.fsum(by_platform[col].get(c, 0.0) for c in ctx.vendor_codes(v))

    r_total = r + 2
    sw.value(r_total, 1, t("sum.total"), "label")
    terms = "".join(
        f"+{ctx.ref('boq', c)}" for cells in ctx.vendor_term_cells.values() for c in cells
    )
    sw.formula(
        r_total, 2, f"=SUM({total_rng}){terms}", cached=total
    )  # + vendor tiers, minimums, setup fees
    sw.formula(
        r_total,
        3,
        f"={ctx.policy_ref('budget_annual')}",
        "money",
        cached=budget if budget is not None else t("no_cap"),
    )
    sw.formula(
        r_total,
        4,
        f'=IF(ISNUMBER(C{r_total}),C{r_total}-B{r_total},"{t("dash")}")',
        cached=budget - total if budget is not None else dash,
    )
    sw.formula(
        r_total,
        5,
        f'=IF(ISNUMBER(C{r_total}),IF(B{r_total}<=C{r_total}+{MONEY_TOL},"{ok}","{bad}"),"{ok}")',
        "verdict",
        cached=ok if budget is None or total <= budget + MONEY_TOL else bad,
    )
    r_wan = r_total + 1
    sw.value(r_wan, 1, t("sum.total_wan"), "label")
    sw.formula(r_wan, 2, f"=B{r_total}/10000", "wan", cached=total / 10000)
    sw.formula(
        r_wan,
        3,
        f'=IF(ISNUMBER(C{r_total}),C{r_total}/10000,"{t("dash")}")',
        "wan",
        cached=budget / 10000 if budget is not None else dash,
    )
    sw.formula(
        r_wan,
        4,
        f'=IF(ISNUMBER(D{r_total}),D{r_total}/10000,"{t("dash")}")',
        "wan",
        cached=(budget - total) / 10000 if budget is not None else dash,
    )
    sw.value(r_wan, 5, None, "verdict")
    r_use = r_wan + 1
    sw.value(r_use, 1, t("sum.budget_use"), "label")
    sw.formula(
        r_use,
        2,
        f'=IF(ISNUMBER(C{r_total}),B{r_total}/C{r_total},"{t("dash")}")',
        "pct",
        cached=total / budget if budget else dash,
    )
    for c in (3, 4, 5):
        sw.value(r_use, c, None, "text")
    r_xc = r_use + 1
    xc_word = t("yes")
    sw.value(r_xc, 1, t("sum.xc_share"), "label")
    sw.formula(
        r_xc,
        2,
        f'=IF(SUM({vcpu_rng})>0,SUMIF({ctx.alloc_range(A_XC)},"{xc_word}",{vcpu_rng})/SUM({vcpu_rng}),0)',
        "pct",
        cached=xc_share,
    )
    sw.formula(
        r_xc,
        3,
        f"={ctx.policy_ref('min_xinchuang_share')}",
        "pct",
        cached=float(pol.min_xinchuang_share),
    )
    sw.formula(
        r_xc, 4, f"=B{r_xc}-C{r_xc}", "pct", cached=xc_share - float(pol.min_xinchuang_share)
    )
    sw.formula(
        r_xc,
        5,
        f'=IF(B{r_xc}>=C{r_xc}-{SHARE_TOL},"{ok}","{bad}")',
        "verdict",
        cached=ok if xc_share >= pol.min_xinchuang_share - SHARE_TOL else bad,
    )
    r_max = r_xc + 1
    r_vcount = r_max + 1
    r_sys = r_vcount + 1
    r_vcpu = r_sys + 1
    r_onetime = r_vcpu + 2

    # 3. vendor table (needed by max share / vendors used)
    vendors = sorted(ctx.used_vendors, key=lambda v: -plan.vendor_costs.get(v, 0.0))
    r_vsec = r_onetime + 6  # after the one-time table
    r_vhead = r_vsec + 1
    r_v0 = r_vhead + 1
    r_vtot = r_v0 + len(vendors)
    share_rng = f"$H${r_v0}:$H${r_vtot - 1}"
    sys_rng = f"$I${r_v0}:$I${r_vtot - 1}"
    disc_col = ctx.disc_col
    vendor_total = {
        v: math.fsum(by_vendor(v, c) for c in (A_RUN, A_SEC, A_MIG, A_ADA))
        - (by_vendor(v, disc_col) if disc_col is not None else 0.0)
        + ctx.vendor_term_values.get(v, 0.0)
        for v in vendors
    }
    share = {v: vendor_total[v] / total if total > 0 else 0.0 for v in vendors}
    max_share, cap = max(share.values(), default=0.0), float(pol.max_vendor_share)
    n_vendors = sum(1 for v in vendors if ctx.vendor_codes(v))
    ctx.figures.update(
        total=total, xc_share=xc_share, max_share=max_share, share=share, vendors_used=n_vendors
    )
    sw.value(r_max, 1, t("sum.max_share"), "label")
    sw.formula(r_max, 2, f"=MAX({share_rng})", "pct", cached=max_share)
    sw.formula(r_max, 3, f"={ctx.policy_ref('max_vendor_share')}", "pct", cached=cap)
    sw.formula(r_max, 4, f"=C{r_max}-B{r_max}", "pct", cached=cap - max_share)
    sw.formula(
        r_max,
        5,
        f'=IF(B{r_max}<=C{r_max}+{SHARE_TOL},"{ok}","{bad}")',
        "verdict",
        cached=ok if max_share <= cap + SHARE_TOL else bad,
    )
    sw.value(r_vcount, 1, t("sum.vendors"), "label")
    sw.formula(r_vcount, 2, f'=COUNTIF({sys_rng},">0")', "int", cached=n_vendors)
    sw.formula(r_vcount, 3, f"={ctx.policy_ref('min_vendors')}", "int", cached=int(pol.min_vendors))
    sw.formula(
        r_vcount, 4, f"=B{r_vcount}-C{r_vcount}", "int", cached=n_vendors - int(pol.min_vendors)
    )
    sw.formula(
        r_vcount,
        5,
        f'=IF(B{r_vcount}>=C{r_vcount},"{ok}","{bad}")',
        "verdict",
        cached=ok if n_vendors >= pol.min_vendors else bad,
    )
    sw.value(r_sys, 1, t("sum.systems"), "label")
    sw.formula(
        r_sys, 2, f"=COUNT({ctx.alloc_range(A_NO)})", "int", cached=len(ctx.plan.assignments)
    )
    sw.value(r_vcpu, 1, t("sum.total_vcpu"), "label")
    sw.formula(r_vcpu, 2, f"=SUM({vcpu_rng})", "int", cached=math.fsum(vcpus))
    for rr in (r_sys, r_vcpu):
        for c in (3, 4, 5):
            sw.value(rr, c, None, "text")
    mark_verdicts(ws, f"E{r_total}:E{r_vcount}", bad)
    ctx.summary_cells.update(
        total_annual_cost=f"$B${r_total}",
        budget_annual=f"$C${r_total}",
        xinchuang_share=f"$B${r_xc}",
        max_vendor_share=f"$B${r_max}",
        vendors_used=f"$B${r_vcount}",
    )

    # 2. one-time costs
    r = r_onetime
    sw.value(r, 1, t("sum.onetime"), "section")
    _table_head(sw, heads("sum.onetime_heads", lang), r + 1, 22 if lang == "zh" else 30)
    rows = []
    onetime_values: list[tuple[float, float, float, int]] = []
    for k, (key, one_col, per_col) in enumerate(
        (("sum.migration", A_MIG1, A_MIG), ("sum.adaptation", A_ADA1, A_ADA))
    ):
        rr = r + 2 + k
        rows.append(rr)
        one, per = ctx.alloc_cached[one_col], math.fsum(ctx.alloc_cached[per_col])
        onetime_values.append((math.fsum(one), per, per / 10000, sum(1 for x in one if x > 0)))
        sw.value(rr, 1, t(key), "label")
        sw.formula(rr, 2, f"=SUM({ctx.alloc_range(one_col)})", cached=onetime_values[-1][0])
        sw.formula(rr, 3, f"=SUM({ctx.alloc_range(per_col)})", cached=per)
        sw.formula(rr, 4, f"=C{rr}/10000", "wan", cached=per / 10000)
        sw.formula(
            rr, 5, f'=COUNTIF({ctx.alloc_range(one_col)},">0")', "int", cached=onetime_values[-1][3]
        )
    rr = r + 4
    sw.value(rr, 1, t("total"), "tot_text")
    for c, style in ((2, "tot_money"), (3, "tot_money"), (4, "tot_wan")):
        L = col_letter(c)
        sw.formula(
            rr,
            c,
            f"={L}{rows[0]}+{L}{rows[1]}",
            style,
            cached=onetime_values[0][c - 2] + onetime_values[1][c - 2],
        )
    # systems with any one-time cost: one that migrates and is adapted counts once, not twice
    mig1, ada1 = ctx.alloc_cached[A_MIG1], ctx.alloc_cached[A_ADA1]
    sw.formula(
        rr,
        5,
        f"=SUMPRODUCT(--(({ctx.alloc_range(A_MIG1)}+{ctx.alloc_range(A_ADA1)})>0))",
        "tot_int",
        cached=sum(1 for m, a in zip(mig1, ada1, strict=True) if m + a > 0),
    )

    # 3. by vendor
    sw.value(r_vsec, 1, t("sum.vendor"), "section")
    _table_head(sw, heads("sum.vendor_heads", lang), r_vhead, 33)
    vendor_rows: list[list[float]] = []
    for k, v in enumerate(vendors):
        rr = r_v0 + k
        sw.value(rr, 1, v, "label")
        row_values = [by_vendor(v, col) for col in (A_RUN, A_SEC, A_MIG, A_ADA)]
        for c, col in ((2, A_RUN), (3, A_SEC), (4, A_MIG), (5, A_ADA)):
            sw.formula(rr, c, ctx.sum_by_vendor(v, col), cached=row_values[c - 2])
        n_systems = sum(1 for j in ctx.pindex if ctx.inp.platforms[j].vendor == v)
        row_values += [
            vendor_total[v],
            vendor_total[v] / 10000,
            share[v],
            n_systems,
            by_vendor(v, A_VCPU),
        ]
        vendor_rows.append(row_values)
        less = f"-({ctx.sum_by_vendor(v, disc_col)[1:]})" if disc_col is not None else ""
        terms_v = "".join(f"+{ctx.ref('boq', c)}" for c in ctx.vendor_term_cells.get(v, []))
        sw.formula(rr, 6, f"=SUM(B{rr}:E{rr}){less}{terms_v}", cached=vendor_total[v])
        sw.formula(rr, 7, f"=F{rr}/10000", "wan", cached=vendor_total[v] / 10000)
        sw.formula(
            rr,
            8,
            f"=IF({ctx.summary_cells['total_annual_cost']}>0,F{rr}/{ctx.summary_cells['total_annual_cost']},0)",
            "pct",
            cached=share[v],
        )
        sw.formula(rr, 9, ctx.sum_by_vendor(v, A_CODE, count=True), "int", cached=n_systems)
        sw.formula(rr, 10, ctx.sum_by_vendor(v, A_VCPU), "int", cached=row_values[-1])
        ctx.vendor_share_cell[v] = ctx.ref("summary", f"$H${rr}")
    sw.value(r_vtot, 1, t("total"), "tot_text")
    for c in range(2, 11):
        L = col_letter(c)
        style = {7: "tot_wan", 8: "tot_pct", 9: "tot_int", 10: "tot_int"}.get(c, "tot_money")
        sw.formula(
            r_vtot,
            c,
            f"=SUM({L}{r_v0}:{L}{r_vtot - 1})",
            style,
            cached=math.fsum(x[c - 2] for x in vendor_rows),
        )

    # 4. vCPU by stack, 5. components (chart data)
    r = r_vtot + 2
    sw.value(r, 1, t("sum.vcpu"), "section")
    _table_head(sw, heads("sum.vcpu_heads", lang), r + 1, 22 if lang == "zh" else 30)
    r_xcv, r_nxv = r + 2, r + 3
    sw.value(r_xcv, 1, t("sum.xc"), "label")
    sw.formula(
        r_xcv, 2, f'=SUMIF({ctx.alloc_range(A_XC)},"{xc_word}",{vcpu_rng})', "int", cached=xc_vcpu
    )
    sw.value(r_nxv, 1, t("sum.non_xc"), "label")
    sw.formula(r_nxv, 2, f"=SUM({vcpu_rng})-B{r_xcv}", "int", cached=math.fsum(vcpus) - xc_vcpu)
    for rr, part in ((r_xcv, xc_vcpu), (r_nxv, math.fsum(vcpus) - xc_vcpu)):
        sw.formula(
            rr,
            3,
            f"=IF(SUM(B${r_xcv}:B${r_nxv})>0,B{rr}/SUM(B${r_xcv}:B${r_nxv}),0)",
            "pct",
            cached=part / math.fsum(vcpus) if math.fsum(vcpus) > 0 else 0.0,
        )
    rc = r
    c0 = 6  # components table to the right of the vCPU table
    sw.value(rc, c0, t("sum.components"), "section")
    sw.row(rc + 1, c0, heads("sum.components_heads", lang), "head")
    comps = (
        ("comp.run", A_RUN),
        ("comp.security", A_SEC),
        ("comp.migration", A_MIG),
        ("comp.adaptation", A_ADA),
    )
    r_c0 = rc + 2
    for k, (key, col) in enumerate(comps):
        rr = r_c0 + k
        part = math.fsum(ctx.alloc_cached[col])
        sw.value(rr, c0, t(key), "label")
        sw.formula(rr, c0 + 1, f"=SUM({ctx.alloc_range(col)})", cached=part)
        sw.formula(rr, c0 + 2, f"={col_letter(c0 + 1)}{rr}/10000", "wan", cached=part / 10000)
        sw.formula(
            rr,
            c0 + 3,
            f"=IF({ctx.summary_cells['total_annual_cost']}>0,{col_letter(c0 + 1)}{rr}/{ctx.summary_cells['total_annual_cost']},0)",
            "pct",
            cached=part / total if total > 0 else 0.0,
        )
    r_charts = r_c0 + len(comps) + 1

    labels_ = [
        t(k)
        for k in (
            "sum.total",
            "sum.total_wan",
            "sum.budget_use",
            "sum.xc_share",
            "sum.max_share",
            "sum.vendors",
            "sum.systems",
            "sum.total_vcpu",
            "sum.migration",
            "sum.adaptation",
            "sum.xc",
            "sum.non_xc",
        )
    ]
    set_widths(
        ws,
        {
            1: max(22, fit(vendors + labels_, 10, 34)),
            2: 17,
            3: 17,
            4: 16,
            5: 14,
            6: 17,
            7: 14,
            8: 14,
            9: 10,
            10: 10,
        },
    )

    # charts (native XlsxWriter charts over the tables above)
    title = ws.title
    bar = ctx.book.xl.add_chart({"type": "column"})
    bar.add_series(
        {
            "name": [title, r_vhead - 1, 6],
            "categories": [title, r_v0 - 1, 0, r_vtot - 2, 0],
            "values": [title, r_v0 - 1, 6, r_vtot - 2, 6],
            "fill": {"color": NAVY},
            "data_labels": {"value": True, "num_format": "#,##0.0"},
        }
    )
    _chart_look(ws, bar, t("chart.vendor"), (1, 3))
    ws.ws.insert_chart(f"A{r_charts}", bar)
    pie = ctx.book.xl.add_chart({"type": "pie"})
    pie.add_series(
        {
            "name": [title, r_xcv - 2, 1],
            "categories": [title, r_xcv - 1, 0, r_nxv - 1, 0],
            "values": [title, r_xcv - 1, 1, r_nxv - 1, 1],
            # 信创 dark, the rest grey (not alarm red); labels outside: readable on the dark slice
            "points": [{"fill": {"color": NAVY}}, {"fill": {"color": "#BFBFBF"}}],
            "data_labels": {"percentage": True, "position": "outside_end"},
        }
    )
    _chart_look(ws, pie, t("chart.vcpu"), (4, 6), legend=True)
    ws.ws.insert_chart(f"D{r_charts}", pie)
    comp = ctx.book.xl.add_chart({"type": "bar"})
    comp.add_series(
        {
            "name": [title, rc, c0 + 1],
            "categories": [title, r_c0 - 1, c0 - 1, r_c0 + len(comps) - 2, c0 - 1],
            "values": [title, r_c0 - 1, c0 + 1, r_c0 + len(comps) - 2, c0 + 1],
            "fill": {"color": "#2E75B6"},
            "data_labels": {"value": True, "num_format": "#,##0.0"},
        }
    )
    _chart_look(ws, comp, t("chart.components"), (7, 10))
    ws.ws.insert_chart(f"G{r_charts}", comp)

    for name in DEFINED_NAMES:
        ctx.book.define_name(name, ctx.ref("summary", ctx.summary_cells[name]))

    ws.ws.hide_gridlines(2)
    _finish(ctx, ws, None, (1, 1))  # the summary is one page


def _summary_head(
    ctx: _Ctx, sw: SheetWriter, conclusion: str, now: datetime, horizon: float, ncols: int
) -> None:
    """Rows 1–3 of 概览: the plan's title, the meta line (date, horizon, status, solver) and the
    conclusion in words, merged over ncols columns."""
    t, plan = ctx.t, ctx.plan
    sw.value(1, 1, plan_title(plan, ctx.lang, ctx.inp), "title")
    sw.sheet.row_height(1, 28)
    status = t("status.optimal") if plan.status is SolveStatus.OPTIMAL else t("status.feasible")
    solver = SOLVER_NAMES.get(plan.solver, plan.solver) or t("dash")
    sw.value(
        2,
        1,
        t(
            "sum.meta",
            date=now.date().isoformat(),
            horizon=f"{horizon:g}",
            status=status,
            solver=solver,
        ),
        "subtitle",
    )
    sw.merge(3, 1, 3, ncols, t("conclusion.prefix") + conclusion, "conclusion")
    sw.sheet.row_height(3, 36)


def _column_pixels(width: float) -> int:
    """Screen width of a column `width` characters wide, as Excel (and XlsxWriter) compute it."""
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def _chart_look(
    ws: Sheet, chart: Any, title: str, columns: tuple[int, int], legend: bool = False
) -> None:
    """A modest title (11 pt bold, not the default 18), axes in #,##0 without gridlines, 7.5 cm
    high and as wide as its columns (first, last), so charts side by side never overlap: a
    chart is anchored to its cells, and LibreOffice's columns are wider than Excel's."""
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}, "overlay": False})
    if not legend:
        chart.set_legend({"none": True})
    if not isinstance(chart, ChartPie):
        value_axis = {"num_format": "#,##0", "major_gridlines": {"visible": False}}
        # a horizontal bar chart's value axis is its x axis
        (chart.set_x_axis if isinstance(chart, ChartBar) else chart.set_y_axis)(value_axis)
    width = sum(_column_pixels(ws.width(c)) for c in range(columns[0], columns[1] + 1)) - 8
    chart.set_size({"width": width, "height": round(7.5 * 96 / 2.54)})


def _conclusion(ctx: _Ctx) -> str:
    """The verdict in words, e.g. '预算内，满足全部约束，最大供应商占比 34.4%'."""
    plan, pol = ctx.plan, ctx.plan.policy
    total = plan.total_annual_cost
    shares = plan.vendor_shares
    top = max(shares, key=lambda v: shares[v]) if shares else ""
    budget = pol.budget_annual
    met = [
        budget is None or total <= budget + MONEY_TOL,
        plan.xinchuang_share >= pol.min_xinchuang_share - SHARE_TOL,
        plan.max_vendor_share <= pol.max_vendor_share + SHARE_TOL,
        plan.vendors_used >= pol.min_vendors,
    ]
    wan = {
        "total": total / 1e4,
        "budget": (budget or 0.0) / 1e4,
        "left": ((budget or 0.0) - total) / 1e4,
    }
    parts: list[Msg] = []
    if budget is None:
        parts.append(
            bi(
                "年度总费用 {total:,.2f} 万元（未设年度预算）",
                "total annual cost {total:,.2f} (10k CNY), no budget set",
                **wan,
            )
        )
    elif met[0]:
        parts.append(
            bi(
                "预算内：年度总费用 {total:,.2f} 万元，预算 {budget:,.2f} 万元，余量 {left:,.2f} 万元",
                "within budget: {total:,.2f} of {budget:,.2f} (10k CNY), headroom {left:,.2f}",
                **wan,
            )
        )
    else:
        parts.append(
            bi(
                "超出预算：年度总费用 {total:,.2f} 万元，预算 {budget:,.2f} 万元",
                "OVER budget: {total:,.2f} of {budget:,.2f} (10k CNY)",
                **wan,
            )
        )
    parts.append(
        Msg("满足全部约束", "all rules met")
        if all(met)
        else Msg("存在未满足的约束，见“约束核查”", "some rules are not met, see Rule check")
    )
    parts.append(
        bi(
            "信创 vCPU 占比 {s:.1%}（要求 ≥ {m:.0%}）",
            "信创 vCPU share {s:.1%} (required ≥ {m:.0%})",
            s=plan.xinchuang_share,
            m=pol.min_xinchuang_share,
        )
    )
    parts.append(
        bi(
            "最大供应商占比 {s:.1%}（{top}，上限 {m:.0%}）",
            "largest vendor share {s:.1%} ({top}, cap {m:.0%})",
            s=plan.max_vendor_share,
            top=top,
            m=pol.max_vendor_share,
        )
    )
    parts.append(bi("使用 {n} 家供应商", "{n} vendors used", n=plan.vendors_used))
    text = bi("{p}。", "{p}.", p=join(parts, "；", "; "))
    if plan.status is SolveStatus.FEASIBLE:
        gap = (
            bi("，相对间隙 {g:.4%}", ", relative gap {g:.4%}", g=plan.mip_gap)
            if plan.mip_gap is not None
            else Msg("")
        )
        text = bi(
            "{t}注意：本方案为可行方案，未证明最优{gap}。",
            "{t} Note: feasible plan, not proven optimal{gap}.",
            t=text,
            gap=gap,
        )
    return text.text(ctx.lang)


def _check_sheet(ctx: _Ctx, ws: Sheet) -> None:
    sw, t, lang, pol = SheetWriter(ws, ctx.styles), ctx.t, ctx.lang, ctx.plan.policy
    ok, bad, dash = t("ok"), t("not_ok"), t("dash")
    sys_heads = heads("check.system_heads", lang)
    _title(ctx, sw, t("check.title"), None, len(sys_heads))
    sw.value(3, 1, t("check.policy"), "section")
    _table_head(sw, heads("check.policy_heads", lang), 4, 20)
    r = 5
    first = r
    rule_names: list[str] = []

    def rule(
        name: str,
        limit: str | float | None,
        achieved: str,
        slack: str,
        verdict: str,
        fmt: str = "pct",
        cached: tuple[Any, float, Any, bool] | None = None,
    ) -> None:
        """cached: (limit, achieved, slack, met) as the formulas give them."""
        nonlocal r
        rule_names.append(name)
        _check_row(sw, r, 1, name, limit, achieved, slack, verdict, fmt, cached, ok, bad)
        r += 1

    fig = ctx.figures
    total, budget = fig["total"], pol.budget_annual
    rule(
        t("check.budget"),
        f"={ctx.policy_ref('budget_annual')}",
        "=total_annual_cost",
        f'=IF(ISNUMBER(B{r}),B{r}-C{r},"{dash}")',
        f'=IF(ISNUMBER(B{r}),IF(C{r}<=B{r}+{MONEY_TOL},"{ok}","{bad}"),"{ok}")',
        "money",
        (t("no_cap"), total, dash, True)
        if budget is None
        else (budget, total, budget - total, total <= budget + MONEY_TOL),
    )
    low, cap = float(pol.min_xinchuang_share), float(pol.max_vendor_share)
    rule(
        t("check.xc"),
        f"={ctx.policy_ref('min_xinchuang_share')}",
        "=xinchuang_share",
        f"=C{r}-B{r}",
        f'=IF(C{r}>=B{r}-{SHARE_TOL},"{ok}","{bad}")',
        cached=(low, fig["xc_share"], fig["xc_share"] - low, fig["xc_share"] >= low - SHARE_TOL),
    )
    rule(
        t("check.max_share"),
        f"={ctx.policy_ref('max_vendor_share')}",
        "=max_vendor_share",
        f"=B{r}-C{r}",
        f'=IF(C{r}<=B{r}+{SHARE_TOL},"{ok}","{bad}")',
        cached=(cap, fig["max_share"], cap - fig["max_share"], fig["max_share"] <= cap + SHARE_TOL),
    )
    for v in sorted(ctx.used_vendors, key=lambda v: -ctx.plan.vendor_costs.get(v, 0.0)):
        s_v = fig["share"][v]
        rule(
            t("check.vendor_share", vendor=v),
            f"={ctx.policy_ref('max_vendor_share')}",
            f"={ctx.vendor_share_cell[v]}",
            f"=B{r}-C{r}",
            f'=IF(C{r}<=B{r}+{SHARE_TOL},"{ok}","{bad}")',
            cached=(cap, s_v, cap - s_v, s_v <= cap + SHARE_TOL),
        )
    need, used = int(pol.min_vendors), fig["vendors_used"]
    rule(
        t("check.min_vendors"),
        f"={ctx.policy_ref('min_vendors')}",
        f"={ctx.ref('summary', ctx.summary_cells['vendors_used'])}",
        f"=C{r}-B{r}",
        f'=IF(C{r}>=B{r},"{ok}","{bad}")',
        "int",
        cached=(need, used, used - need, used >= need),
    )
    code_rng, vcpu_rng = ctx.alloc_range(A_CODE), ctx.alloc_range(A_VCPU)
    loads = _sum_by_platform(ctx)[A_VCPU]
    for j, p in enumerate(ctx.inp.platforms):
        if p.capacity_vcpu is None:
            continue
        load, capacity = loads.get(j + 1, 0.0), float(p.capacity_vcpu)
        rule(
            t("check.capacity", platform=p.label),
            f"={ctx.ref('inputs', f'$G${ctx.platform_cap_row[j]}')}",
            f"=SUMIF({code_rng},{j + 1},{vcpu_rng})",
            f"=B{r}-C{r}",
            f'=IF(C{r}<=B{r}+{SHARE_TOL},"{ok}","{bad}")',
            "int",
            cached=(capacity, load, capacity - load, load <= capacity + SHARE_TOL),
        )
    rec = fig["reconcile"]
    rule(
        t("check.reconcile"),
        0.0,
        f"={ctx.summary_cells['boq_reconcile']}",
        f"=C{r}",
        f'=IF(ABS(C{r})<{MONEY_TOL},"{ok}","{bad}")',
        "money",
        cached=(None, rec, rec, abs(rec) < MONEY_TOL),
    )
    mark_verdicts(ws, f"E{first}:E{r - 1}", bad)

    # per-system data protection checks
    r += 1
    sw.value(r, 1, t("check.systems"), "section")
    h = r + 1
    _table_head(sw, sys_heads, h, 33)
    any_ = t("any")
    private = label(DEPLOYMENT_LABELS, "private", lang)
    yes, no = t("yes"), t("no")
    first = h + 1
    for i, a in enumerate(ctx.plan.assignments):
        rr = first + i
        w, p = a.workload, a.platform
        required = private if (w.data_class.sensitive and pol.sensitive_data_private) else any_
        sw.value(rr, 1, w.name)
        sw.value(rr, 2, label(DATA_CLASS_LABELS, w.data_class, lang), "text_c")
        sw.value(rr, 3, required, "text_c")
        sw.value(rr, 4, label(DEPLOYMENT_LABELS, p.deployment, lang), "text_c")
        deploy_ok = required == any_ or label(DEPLOYMENT_LABELS, p.deployment, lang) == required
        sw.formula(
            rr,
            5,
            f'=IF(OR(C{rr}="{any_}",D{rr}=C{rr}),"{ok}","{bad}")',
            "verdict",
            cached=ok if deploy_ok else bad,
        )
        sw.value(rr, 6, w.mlps_level, "int")
        sw.value(rr, 7, p.mlps_level, "int")
        sw.formula(
            rr,
            8,
            f'=IF(G{rr}>=F{rr},"{ok}","{bad}")',
            "verdict",
            cached=ok if p.mlps_level >= w.mlps_level else bad,
        )
        sw.value(rr, 9, yes if w.xinchuang_required else no, "text_c")
        sw.value(rr, 10, yes if p.xinchuang else no, "text_c")
        sw.formula(
            rr,
            11,
            f'=IF(OR(I{rr}="{no}",J{rr}="{yes}"),"{ok}","{bad}")',
            "verdict",
            cached=ok if not w.xinchuang_required or p.xinchuang else bad,
        )
    last = first + len(ctx.plan.assignments) - 1
    band(ws, f"A{first}:K{last}", first)
    for col in ("E", "H", "K"):
        mark_verdicts(ws, f"{col}{first}:{col}{last}", bad)
    ws.autofilter(f"A{h}:K{last}")
    if ctx.inp.system_rules:  # 三、指定规则: one row per per-system rule, verdict by COUNTIFS
        r3 = last + 2
        sw.value(r3, 1, t("check.assign"), "section")
        _table_head(sw, heads("check.assign_heads", lang), r3 + 1, 20)
        where = {a.workload.name: a.platform for a in ctx.plan.assignments}
        public = label(DEPLOYMENT_LABELS, "public", lang)
        for k, srule in enumerate(ctx.inp.system_rules):
            rr = r3 + 2 + k
            msg, systems, cond = rule_check(
                ctx.inp,
                k,
                ctx.alloc_range(A_NAME),
                ctx.alloc_range(A_VENDOR),
                ctx.alloc_range(A_PLATFORM),
                ctx.alloc_range(A_DEPLOY),
                public,
            )
            broken = assignment_rule_broken(ctx.inp, srule, where)
            sw.value(rr, 1, label(RULE_KIND_LABELS, srule.kind, lang))
            sw.value(rr, 2, systems)
            sw.value(rr, 3, msg.en if lang == "en" else str(msg))
            sw.value(
                rr,
                4,
                "；".join(f"{n}→{where[n].label if n in where else ''}" for n in srule.systems),
            )
            sw.formula(
                rr, 5, f'=IF({cond},"{ok}","{bad}")', "verdict", cached=bad if broken else ok
            )
        mark_verdicts(ws, f"E{r3 + 2}:E{r3 + 1 + len(ctx.inp.system_rules)}", bad)
    names = [a.workload.name for a in ctx.plan.assignments]
    set_widths(
        ws,
        {
            1: max(fit(names, 14, 30), fit(rule_names, 14, 40)),
            2: 16,
            3: 16,
            4: 15,
            5: 10,
            6: 9,
            7: 9,
            8: 9,
            9: 9,
            10: 9,
            11: 9,
        },
    )
    _finish(ctx, ws, (h, h))  # the per-system header repeats on the following pages


def _check_row(
    sw: SheetWriter,
    r: int,
    col: int,
    name: str,
    limit: str | float | None,
    achieved: str,
    slack: str,
    verdict: str,
    fmt: str,
    cached: tuple[Any, float, Any, bool] | None,
    ok: str,
    bad: str,
) -> None:
    """One line of 约束核查 from column col: the rule, its limit (a formula, or a value), what the
    plan achieves and the slack (formulas) and the verdict (a formula); cached: (limit, achieved,
    slack, met) as the formulas give them."""
    lim, got, gap, met = cached if cached is not None else (None, None, None, None)
    sw.value(r, col, name, "label")
    if isinstance(limit, str):
        sw.formula(r, col + 1, limit, fmt, cached=lim)
    else:
        sw.value(r, col + 1, limit, fmt)
    sw.formula(r, col + 2, achieved, fmt, cached=got)
    sw.formula(r, col + 3, slack, fmt, cached=gap)
    sw.formula(r, col + 4, verdict, "verdict", cached=None if met is None else ok if met else bad)


def _reason_text(ctx: _Ctx, wi: int, pj: int) -> list[str]:
    cm, t = ctx.cm, ctx.t
    out = []
    if not cm.ok_mlps[wi, pj]:
        out.append(t("reason.mlps"))
    if not cm.ok_deployment[wi, pj]:
        out.append(
            t(
                "reason.deployment",
                data_class=label(DATA_CLASS_LABELS, ctx.inp.workloads[wi].data_class, ctx.lang),
            )
        )
    if not cm.ok_xinchuang[wi, pj]:
        out.append(t("reason.xinchuang"))
    if not cm.ok_price[wi, pj]:
        out.append(t("reason.price"))
    if not cm.ok_security_price[wi, pj]:
        out.append(t("reason.security_price"))
    return out


def _compare_sheet(ctx: _Ctx, ws: Sheet) -> None:
    sw, t, lang, cm = SheetWriter(ws, ctx.styles), ctx.t, ctx.lang, ctx.cm
    vendors = list(ctx.inp.vendors)
    pre, post = heads("cmp.heads_pre", lang), heads("cmp.heads_post", lang)
    ncol = len(pre) + len(vendors) + len(post)
    _title(ctx, sw, t("cmp.title"), t("cmp.note"), ncol)
    _table_head(sw, pre + [""] * len(vendors) + post, HEAD_ROW, 33)
    v0 = len(pre) + 1
    for k, v in enumerate(vendors):
        sw.value(HEAD_ROW, v0 + k, v, "head")  # vendor names are input text
    vcols = {v: [j for j, p in enumerate(ctx.inp.platforms) if p.vendor == v] for v in vendors}
    sep = "、" if lang == "zh" else ", "
    prefix = t("cmp.not_eligible")
    alloc = _q(ctx.names["alloc"])
    vl, vr = col_letter(v0), col_letter(v0 + len(vendors) - 1)
    c_min, c_diff = v0 + len(vendors), v0 + len(vendors) + 1
    # what each cell says: the cost on the vendor's cheapest eligible platform, or why not
    cells: list[list[float | str]] = []
    for i in range(len(ctx.plan.assignments)):
        wi, row_cells = ctx.windex[i], []
        for v in vendors:
            js = [j for j in vcols[v] if cm.eligible[wi, j]]
            if js:
                row_cells.append(float(min(cm.total[wi, j] for j in js)))
            else:  # the vendor's closest platform: the one that fails the fewest rules
                reasons = min((_reason_text(ctx, wi, j) for j in vcols[v]), key=len)
                row_cells.append(prefix + sep.join(reasons))
        cells.append(row_cells)
    vwidth = {}
    for k, v in enumerate(vendors):
        texts = [c[k] for c in cells if isinstance(c[k], str)]
        vwidth[v] = max(14.0, min(24.0, fit(texts + [v], 0, 24, pad=1.5)))
    a = ctx.plan.assignments
    widths = {
        1: fit([x.workload.name for x in a], 12, 28),
        2: fit([x.workload.department for x in a], 8, 18),
        3: fit([x.platform.vendor for x in a], 8, 14),
        4: fit([x.platform.name for x in a], 10, 20),
        5: 14,
        c_min: 14,
        c_diff: 13,
    }
    for k, v in enumerate(vendors):
        widths[v0 + k] = vwidth[v]
    for i, a_ in enumerate(a):
        r = FIRST_ROW + i
        wi = ctx.windex[i]
        lines = 1
        # long names wrap inside their own cell instead of running over the next one
        for col, value in (
            (1, a_.workload.name),
            (2, a_.workload.department),
            (3, a_.platform.vendor),
            (4, a_.platform.name),
        ):
            sw.value(r, col, value, "text_wrap")
            lines = max(lines, math.ceil(display_width(value) / max(1.0, widths[col] - 1)))
        total = ctx.alloc_cached[A_TOTAL][i]
        sw.formula(r, 5, f"={alloc}!${col_letter(A_TOTAL)}${ctx.rows[wi]}", cached=total)
        for k, v in enumerate(vendors):
            value = cells[i][k]
            if isinstance(value, float):
                sw.value(r, v0 + k, value, "money")
            else:
                sw.value(r, v0 + k, value, "text_wrap")
                lines = max(lines, math.ceil(display_width(value) / (vwidth[v] - 1)))
        if lines > 1:
            ws.row_height(r, 14 * lines)
        costs = [c for c in cells[i] if isinstance(c, float)]
        sw.formula(r, c_min, f"=MIN({vl}{r}:{vr}{r})", cached=min(costs) if costs else 0.0)
        sw.formula(
            r,
            c_diff,
            f"=E{r}-{col_letter(c_min)}{r}",
            cached=total - (min(costs) if costs else 0.0),
        )
    last = FIRST_ROW + len(ctx.plan.assignments) - 1
    tot = last + 1
    for col in range(1, ncol + 1):
        sw.value(tot, col, None, "tot_text")
    sw.value(tot, 1, t("cmp.count"), "tot_text")
    for k in range(len(vendors)):
        L = col_letter(v0 + k)
        sw.formula(
            tot,
            v0 + k,
            f"=COUNT({L}{FIRST_ROW}:{L}{last})",
            "tot_int",
            cached=sum(1 for c in cells if isinstance(c[k], float)),
        )
    rng = f"A{FIRST_ROW}:{col_letter(ncol)}{last}"
    ws.ws.conditional_format(
        f"{vl}{FIRST_ROW}:{vr}{last}",
        {
            "type": "formula",
            "criteria": f"={vl}${HEAD_ROW}=$C{FIRST_ROW}",
            "format": ctx.book.fmt(bg_color=CHOSEN_FILL),
            "stop_if_true": True,
        },
    )
    band(ws, rng, FIRST_ROW)
    ws.autofilter(f"A{HEAD_ROW}:{col_letter(ncol)}{last}")
    ws.freeze(FIRST_ROW, 2)
    set_widths(ws, widths)
    note_width = sum(
        widths.get(c, 8.43) for c in range(1, ncol + 1)
    )  # the note is merged across the table
    ws.row_height(
        2, 15 * max(2, math.ceil(display_width(t("cmp.note")) / max(1.0, note_width - 2)))
    )
    _finish(ctx, ws, (HEAD_ROW, HEAD_ROW))


def _inputs_sheet(ctx: _Ctx, ws: Sheet, sources: list[Path], now: datetime) -> int:
    """输入: the rules, the solve, the files read, the platforms and the prices; returns the row
    below the prices plus one (where a plan with years puts its 年度计划)."""
    sw, t, lang, plan, pol = SheetWriter(ws, ctx.styles), ctx.t, ctx.lang, ctx.plan, ctx.plan.policy
    sw.value(1, 1, t("in.title"), "title")
    ws.row_height(1, 24)
    sw.value(3, 1, t("in.policy"), "section")
    sw.row(4, 1, heads("in.policy_heads", lang), "head")
    values: dict[str, tuple[Any, str]] = {}
    for rule_ in POLICY_RULES:  # every rule of the registry, in its order
        value = rule_.coerce(rule_.value(pol))
        if value is None:
            values[rule_.key] = (t("no_cap"), "text")
        elif rule_.kind is ValueKind.BOOL:
            values[rule_.key] = (ctx.yes_no(value), "text")
        elif rule_.kind is ValueKind.YEARS:
            values[rule_.key] = (float(value), "int" if float(value).is_integer() else "dec")
        else:
            values[rule_.key] = (value, _KIND_STYLE.get(rule_.kind, "dec"))
    pcols = {c.key: c for c in sheet_columns("policy")}
    for key, row in IN_POLICY_ROW.items():
        value, style = values[key]
        sw.value(row, 1, _rule_label(ctx, key), "label")
        sw.value(row, 2, value, style)
        col = pcols.get(key)  # what the rule means, in words (not the key budget_annual)
        meaning = (
            (col.meaning_zh if lang == "zh" else col.meaning_en) if col else _rule_meaning(ctx, key)
        )
        sw.value(row, 3, meaning, "text")

    r = 12
    sw.value(r, 1, t("in.solve"), "section")
    status = t("status.optimal") if plan.status is SolveStatus.OPTIMAL else t("status.feasible")
    from importlib.metadata import PackageNotFoundError, version

    try:
        software = f"云策 Yunce {version('yunce')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        software = "云策 Yunce"
    gap = plan.mip_gap if plan.mip_gap is not None and math.isfinite(plan.mip_gap) else None
    solve_rows: list[tuple[str, Any, str]] = [
        ("in.solver", plan.solver or t("dash"), "text"),
        ("in.status", f"{status} ({plan.status.value})" if lang == "zh" else status, "text"),
        ("in.gap", gap if gap is not None else t("dash"), "gap" if gap is not None else "text"),
        ("in.build_s", float(plan.build_seconds), "secs"),
        ("in.solve_s", float(plan.solve_seconds), "secs"),
        ("in.written", now.strftime("%Y-%m-%d %H:%M:%S %z"), "text"),
        ("in.software", software, "text"),
    ]
    for k, (key, value, style) in enumerate(solve_rows):
        sw.value(r + 1 + k, 1, t(key), "label")
        sw.value(r + 1 + k, 2, value, style)
    r += len(solve_rows) + 2

    sw.value(r, 1, t("in.files"), "section")
    sw.row(r + 1, 1, heads("in.file_heads", lang), "head")
    r += 2
    if not sources:
        sw.value(r, 1, t("in.no_files"), "text")
        r += 1
    for path in sources:
        sw.value(r, 1, path.name)
        try:
            st = path.stat()
            digest = _sha256(path)
        except OSError:
            sw.value(r, 2, t("in.missing"), "text")
        else:
            sw.value(r, 2, st.st_size, "int")
            mtime = datetime.fromtimestamp(st.st_mtime).astimezone()
            sw.value(r, 3, mtime.strftime("%Y-%m-%d %H:%M:%S"), "text")
            sw.value(r, 4, now.strftime("%Y-%m-%d %H:%M:%S"), "text")
            sw.value(r, 5, digest, "mono")
            ws.row_height(r, 24)
        r += 1
    r += 1

    sw.value(r, 1, t("in.platforms"), "section")
    sw.row(r + 1, 1, heads("in.platform_heads", lang), "head")
    ws.row_height(r + 1, 30)
    r += 2
    for j, p in enumerate(ctx.inp.platforms):
        sw.value(r, 1, j + 1, "int")
        sw.value(r, 2, p.vendor)
        sw.value(r, 3, p.name)
        sw.value(r, 4, label(DEPLOYMENT_LABELS, p.deployment, lang), "text_c")
        sw.value(r, 5, ctx.yes_no(p.xinchuang), "text_c")
        sw.value(r, 6, p.mlps_level, "int")
        if p.capacity_vcpu is None:
            sw.value(r, 7, t("in.unlimited"), "text_c")
        else:
            sw.value(r, 7, float(p.capacity_vcpu), "int")
            ctx.platform_cap_row[j] = r
        sw.value(r, 8, p.availability / 100 if p.availability is not None else None, "pct")
        r += 1
    r += 1

    sw.value(r, 1, t("in.prices"), "section")
    sw.row(r + 1, 1, heads("in.price_heads", lang), "head")
    ws.row_height(r + 1, 30)
    r += 2
    for line in ctx.inp.prices:
        sw.value(r, 1, line.vendor)
        sw.value(r, 2, line.platform)
        sw.value(r, 3, label(RESOURCE_LABELS, line.resource, lang))
        sw.value(r, 4, float(line.unit_price), "money")
        sw.value(r, 5, label(PERIOD_LABELS, line.period, lang), "text_c")
        sw.formula(
            r,
            6,
            f"=D{r}*{line.period.per_year}",
            cached=float(line.unit_price) * line.period.per_year,
        )
        r += 1
    col_a = [_rule_label(ctx, key) for key in IN_POLICY_ROW] + [t(key) for key, _, _ in solve_rows]
    col_a += [p.vendor for p in ctx.inp.platforms] + [path.name for path in sources]
    set_widths(
        ws,
        {
            1: max(22, fit(col_a, 10, 40)),
            2: max(20, fit([p.name for p in ctx.inp.platforms], 10, 26)),
            3: 22,
            4: 20,
            5: 36,
            6: 14,
            7: 12,
            8: 10,
        },
    )
    ws.ws.hide_gridlines(2)
    _finish(ctx, ws, None)
    return r + 1


def _rule_label(ctx: _Ctx, key: str) -> str:
    """A rule's name on the inputs sheet: the sheet's own wording (with unit), else the registry's."""
    if f"in.{key}" in TEXT:
        return ctx.t(f"in.{key}")
    return str(localize(rule(key).label, ctx.lang))


def _rule_meaning(ctx: _Ctx, key: str) -> str:
    return ctx.t(f"in.{key}.meaning") if f"in.{key}.meaning" in TEXT else ""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --- the year dimension -----------------------------------------------------------------------
# A plan with plan years (年度计划) is the plan workbook with the year as a dimension: the same
# summary head, styles, rule-check rows, inputs sheet, procurement sheets and print setup, and in
# place of the single year's allocation the year sheets — 分年计划 (one block of columns per year),
# 迁移批次 (one row per move) and 供应商条款 (per year and vendor with terms) — with 概览 holding one
# budget line per year and 约束核查 one block of checks per year.
#
# A system's cost in a year is its run cost that year plus the one-time costs of its moves that
# year, summed from 迁移批次 by system number and year (numbers, never names, are matched, so text
# from the input is never read as a criterion); each year's total, remaining budget, 信创 share,
# moves and one-time costs are formulas over those cells.

#: Defined names holding the horizon's figures of a plan with years (live formulas on 概览).
YEAR_DEFINED_NAMES = ("years_total_cost", "years_present_value")
#: Columns per year on 分年计划: 去向, 供应商序号 (0: machine room or retired), vCPU (bought there:
#: 性能系数 applied), 信创 (1/0), 在用 (1/0), 运行费用 (net of term/resource discounts), 年度费用.
YEAR_KEYS = ("where", "vendor", "vcpu", "xc", "active", "run", "cost")
_PER_YEAR = len(YEAR_KEYS)
_HELPER_KEYS = ("vendor", "xc", "active")  # formula inputs, not for the reader
YEAR_FIRST_COL = 4  # columns A–C: 系统名称, 部门, vCPU (the system's own)
#: 概览 of a plan with years: the header row of the per-year lines and the first year's row
Y_HEAD_ROW, Y_FIRST_ROW = 4, 5
#: 约束核查 of a plan with years: header row and first row of the per-year checks
YC_HEAD_ROW = 4
#: One line of a per-year check: (label, required, actual formula, sense, style, actual value).
YearCheck = tuple[str, Any, str, str, str, float]


def year_columns(t: int) -> dict[str, str]:
    """Column letters of plan year index t on 分年计划."""
    base = YEAR_FIRST_COL + t * _PER_YEAR
    return {k: col_letter(base + i) for i, k in enumerate(YEAR_KEYS)}


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


def tier_value(net: float, tiers: Sequence[tuple[float, float]], mode: TierMode) -> float:
    """What data.plan_terms.tier_formula computes on a net spend of net (the same rule)."""
    if not tiers:
        return 0.0
    if mode is TierMode.WHOLE:
        value = 0.0
        for threshold, f in tiers:  # the highest tier reached wins
            if net >= threshold:
                value = -round(1 - f, 12) * net
        return value
    out = 0.0
    for i, (threshold, f) in enumerate(tiers):
        hi = tiers[i + 1][0] if i + 1 < len(tiers) else None
        portion = max(0.0, net - threshold) if hi is None else max(0.0, min(net, hi) - threshold)
        out += -round(1 - f, 12) * portion
    return out


@dataclass
class _Years:
    """What the year sheets share: the grid of 分年计划, the moves of 迁移批次, vendor numbers."""

    years: tuple[int, ...]
    vendor_no: dict[str, int]
    grid: YearGrid
    refs: YearRefs
    #: (year, system no., one-time 元, vCPU) of each 迁移批次 row: what the formulas over it sum
    wave_rows: list[tuple[int, int, float, float]] = field(default_factory=list)
    last_wave: int = 2
    terms_last: int = 0  # last row of 供应商条款 (0: no such sheet)
    adjustments: dict[tuple[int, int], float] = field(default_factory=dict)
    #: cached results of 概览's line of each year, by column letter (what 约束核查 refers to)
    lines: list[dict[str, float]] = field(default_factory=list)

    def adjusted(self, t: int, vendor: int | None = None) -> float:
        """What terms_of adds: that year's (and vendor's) 调整合计 on 供应商条款."""
        return sum(a for (u, no), a in self.adjustments.items() if u == t and vendor in (None, no))


def _yt(ctx: _Ctx, zh: str, en: str) -> str:
    return zh if ctx.lang == "zh" else en


def _where(ctx: _Ctx, p: Any) -> str:
    return _yt(ctx, "自建机房", "machine room") if p is None else p.label


def _build_year_workbook(
    plan: Plan,
    lang: str,
    inp: PlanInput,
    sources: Sequence[str | Path],
    now: datetime,
    procurement: ProcurementReport | None,
) -> Book:
    """The plan workbook of a plan with plan years (see the section comment above)."""
    book = Book()
    taken: set[str] = set()
    keys = ("summary", "years", "waves", "check", "terms", "inputs")
    names = {key: sheet_title(text(f"sheet.{key}", lang), taken) for key in keys}
    sheets = {key: book.add_sheet(names[key]) for key in ("summary", "years", "waves", "check")}
    ctx = _Ctx(
        plan=plan,
        inp=inp,
        lang=lang,
        cm=_cost_model(plan, inp),
        book=book,
        styles=Styles(book),
        names=names,
    )
    W = len(inp.workloads)
    ys = _Years(
        years=tuple(plan.years),
        vendor_no={v: i + 1 for i, v in enumerate(inp.vendors)},
        grid=YearGrid(len(plan.years), W),
        refs=YearRefs(_q(names["years"]), W + 1),
    )
    _waves_sheet(ctx, sheets["waves"], ys)
    _years_sheet(ctx, sheets["years"], ys)
    _year_terms_sheet(ctx, ys)
    _year_lines(ctx, ys)
    checks = _year_checks(ctx, ys)
    _year_summary_sheet(ctx, sheets["summary"], ys, checks, now)
    _year_check_sheet(ctx, sheets["check"], checks)
    inputs = book.add_sheet(names["inputs"])
    _year_inputs(ctx, inputs, _inputs_sheet(ctx, inputs, [Path(s) for s in sources], now))
    add_procurement_sheets(book, procurement or plan_procurement(plan), lang, years_plan=plan)
    return book


def _waves_sheet(ctx: _Ctx, ws: Sheet, ys: _Years) -> None:
    """迁移批次: one row per move (year, system no., from, to, one-time costs, vCPU)."""
    sw, inp = SheetWriter(ws, ctx.styles), ctx.inp
    sw.row(
        1,
        1,
        [
            _yt(ctx, "年份", "year"),
            _yt(ctx, "系统序号", "system no."),
            _yt(ctx, "系统名称", "system"),
            _yt(ctx, "从", "from"),
            _yt(ctx, "到", "to"),
            _yt(ctx, "迁移费用(元)", "migration (CNY)"),
            _yt(ctx, "信创适配费用(元)", "adaptation (CNY)"),
            _yt(ctx, "一次性费用(元)", "one-time (CNY)"),
            "vCPU",
        ],
    )
    ws.row_height(1, 30)
    index = {w.name: i for i, w in enumerate(inp.workloads)}
    r = 2
    for t, wave in enumerate(ctx.plan.moves):
        for m in wave:
            no = index[m.workload.name] + 1
            sw.value(r, 1, ys.years[t], "text_c")
            sw.value(r, 2, no, "int")
            sw.value(r, 3, m.workload.name)
            sw.value(r, 4, _where(ctx, m.origin))
            sw.value(r, 5, _where(ctx, m.target))
            sw.value(r, 6, round(m.migration_cost, 2), "money")
            sw.value(r, 7, round(m.adaptation_cost, 2), "money")
            one_time = round(m.migration_cost, 2) + round(m.adaptation_cost, 2)
            sw.formula(r, 8, f"=F{r}+G{r}", "money", cached=one_time)
            sw.value(r, 9, m.workload.vcpu, "int" if float(m.workload.vcpu).is_integer() else "dec")
            ys.wave_rows.append((ys.years[t], no, one_time, m.workload.vcpu))
            r += 1
    ys.last_wave = max(r - 1, 2)
    if r > 2:
        band(ws, f"A2:I{r - 1}", 2)
    ws.freeze(2)
    set_widths(ws, dict(enumerate((8, 9, 26, 24, 24, 14, 16, 16, 8), start=1)))
    _finish(ctx, ws, (1, 1))


def _years_sheet(ctx: _Ctx, ws: Sheet, ys: _Years) -> None:
    """分年计划: one row per system, one block of columns per plan year (see YEAR_KEYS)."""
    from planner.milp import RETIRED

    sw, inp, plan = SheetWriter(ws, ctx.styles), ctx.inp, ctx.plan
    hs = [_yt(ctx, "系统名称", "system"), _yt(ctx, "部门", "department"), "vCPU"]
    for y in ys.years:
        hs += [
            _yt(ctx, f"{y} 去向", f"{y} where"),
            _yt(ctx, f"{y} 供应商序号", f"{y} vendor no."),
            f"{y} vCPU",
            _yt(ctx, f"{y} 信创", f"{y} 信创"),
            _yt(ctx, f"{y} 在用", f"{y} active"),
            _yt(ctx, f"{y} 运行费用(元)", f"{y} run (CNY)"),
            _yt(ctx, f"{y} 年度费用(元)", f"{y} cost (CNY)"),
        ]
    sw.row(1, 1, hs)
    ws.row_height(1, 32)
    Wv = _q(ctx.names["waves"])
    lw = ys.last_wave
    placed = [{a.workload.name: a for a in yp.assignments} for yp in plan.year_plans]
    moved_in = [{m.workload.name for m in wave} for wave in plan.moves]
    one_time: dict[tuple[int, int], float] = {}  # (year, system no.) → Σ of its moves' one-time
    for y, no, h, _v in ys.wave_rows:
        one_time[(y, no)] = one_time.get((y, no), 0.0) + h
    for w, wl in enumerate(inp.workloads):
        row = w + 2
        sw.value(row, 1, wl.name)
        sw.value(row, 2, wl.department)
        sw.value(row, 3, wl.vcpu, "int" if float(wl.vcpu).is_integer() else "dec")
        for t, y in enumerate(ys.years):
            base = YEAR_FIRST_COL + t * _PER_YEAR  # the year's columns, in YEAR_KEYS order
            cols = year_columns(t)
            loc = plan.locations[w][t]
            plat = inp.platforms[loc] if loc >= 0 else None
            where = _yt(ctx, "已下线", "retired") if loc == RETIRED else _where(ctx, plat)
            sw.value(row, base, where, "chosen" if wl.name in moved_in[t] else "text")
            a = placed[t].get(wl.name) if plat is not None else None
            run = a.cost.net_price if a is not None else 0.0  # what the vendor bills
            here = ys.grid.put(
                t,
                w,
                where=where,
                vendor=ys.vendor_no[plat.vendor] if plat is not None else 0,
                vcpu=a.vcpu if a is not None else wl.vcpu,
                xc=1 if plat is not None and plat.xinchuang else 0,
                active=0 if loc == RETIRED else 1,
                run=run,
            )
            here["cost"] = run + one_time.get((y, w + 1), 0.0)
            sw.value(row, base + 1, here["vendor"], "int")
            sw.value(
                row, base + 2, here["vcpu"], "int" if float(here["vcpu"]).is_integer() else "dec"
            )
            sw.value(row, base + 3, here["xc"], "int")
            sw.value(row, base + 4, here["active"], "int")
            sw.value(row, base + 5, run, "money")  # unrounded: the sums are the engine's
            sw.formula(
                row,
                base + 6,
                f"={cols['run']}{row}+SUMIFS({Wv}!$H$2:$H${lw},{Wv}!$B$2:$B${lw},{w + 1},"
                f"{Wv}!$A$2:$A${lw},{y})",
                cached=here["cost"],
            )
    ws.freeze(2, 4)  # no banding: a conditional format would cover the green of a move
    widths = {"where": 24, "vendor": 8, "vcpu": 7, "xc": 6, "active": 6, "run": 15, "cost": 16}
    col_w: dict[int, float] = {1: fit([w.name for w in inp.workloads], 12, 26), 2: 16, 3: 7}
    for t in range(len(ys.years)):
        for i, key in enumerate(YEAR_KEYS):
            col_w[YEAR_FIRST_COL + t * _PER_YEAR + i] = widths[key]
    set_widths(ws, col_w)
    # two years per page width, the system names and the header row on every page
    _finish(ctx, ws, (1, 1), (max(1, -(-len(ys.years) // 2)), 0))
    ws.ws.repeat_columns(0, 0)
    # the formulas' 0/1 helpers (供应商序号, 信创, 在用) are a collapsed column group: not on
    # paper, one click on "+" away on screen
    for t in range(len(ys.years)):
        for i, key in enumerate(YEAR_KEYS):
            if key in _HELPER_KEYS:
                ws.group_column(YEAR_FIRST_COL + t * _PER_YEAR + i, level=1, hidden=True)
    ws.ws.outline_settings(visible=True, symbols_below=True, symbols_right=False)


def _year_terms_sheet(ctx: _Ctx, ys: _Years) -> None:
    """供应商条款: one row per plan year and vendor with a volume tier, 最低消费 or 开通费 — its
    billing base (Σ net run cost of its systems that year), tier discount, minimum top-up, setup
    fee (in full in the first plan year it hosts a system) and their sum; all live formulas over
    分年计划. Sets ys.terms_last (0: no such vendor, no sheet) and each (year index, vendor no.)'s
    调整合计."""
    from planner.terms import vendor_minimum, vendor_setup_fee, vendor_tiers

    inp, grid, refs = ctx.inp, ys.grid, ys.refs
    rows = []
    for t, y in enumerate(ys.years):  # the vendor's terms as the year model applies them
        for v, no in ys.vendor_no.items():
            tiers, mode = vendor_tiers(inp, v)
            minimum, setup = vendor_minimum(inp, v), vendor_setup_fee(inp, v)
            if tiers or minimum > 0 or setup > 0:
                rows.append((t, y, v, no, tiers, mode, minimum, setup))
    if not rows:
        return
    ws = ctx.book.add_sheet(ctx.names["terms"])
    sw = SheetWriter(ws, ctx.styles)
    sw.row(
        1,
        1,
        [
            _yt(ctx, "年份", "year"),
            _yt(ctx, "供应商序号", "vendor no."),
            _yt(ctx, "供应商", "vendor"),
            _yt(ctx, "计费基数(元)", "billing base (CNY)"),
            _yt(ctx, "总额阶梯折扣(元)", "volume tier (CNY)"),
            _yt(ctx, "最低消费(元)", "minimum (CNY)"),
            _yt(ctx, "最低消费补足(元)", "minimum top-up (CNY)"),
            _yt(ctx, "开通费(元)", "setup fee (CNY)"),
            _yt(ctx, "调整合计(元)", "adjustment (CNY)"),
        ],
    )
    ws.row_height(1, 30)
    for r, (t, y, v, no, tiers, mode, minimum, setup) in enumerate(rows, start=2):
        used = f"COUNTIF({refs(t, 'vendor')},{no})>0"
        in_use = grid.count(t, no) > 0
        base = grid.total(t, "run", vendor=no)
        tier = tier_value(base, tiers, mode)
        topup = max(0.0, minimum - (base + tier)) if in_use else 0.0
        fee = float(setup) if in_use and all(grid.count(u, no) == 0 for u in range(t)) else 0.0
        ys.adjustments[(t, no)] = tier + topup + fee
        sw.value(r, 1, y, "text_c")
        sw.value(r, 2, no, "int")
        sw.value(r, 3, v)
        sw.formula(r, 4, f"=SUMIFS({refs(t, 'run')},{refs(t, 'vendor')},{no})", cached=base)
        sw.formula(r, 5, f"={tier_formula(f'D{r}', tiers, mode)}", cached=tier)
        sw.value(r, 6, minimum, "money")
        sw.formula(r, 7, f"=IF({used},MAX(0,F{r}-(D{r}+E{r})),0)", cached=topup)
        earlier = "+".join(f"COUNTIF({refs(s, 'vendor')},{no})" for s in range(t))
        first_use = f"AND({used},{earlier}=0)" if earlier else used
        sw.formula(r, 8, f"=IF({first_use},{setup!r},0)", cached=fee)
        sw.formula(r, 9, f"=E{r}+G{r}+H{r}", cached=ys.adjustments[(t, no)])
    ys.terms_last = len(rows) + 1
    band(ws, f"A2:I{ys.terms_last}", 2)
    ws.freeze(2)
    set_widths(ws, dict(enumerate((8, 10, 16, 16, 16, 14, 16, 14, 16), start=1)))
    _finish(ctx, ws, (1, 1))


def _terms_of(ctx: _Ctx, ys: _Years, y: int, vendor: int | None = None) -> str:
    """+ that year's (and vendor's) vendor-term adjustments, or '' without 供应商条款."""
    if not ys.terms_last:
        return ""
    Tm, last = _q(ctx.names["terms"]), ys.terms_last
    crit = f"{Tm}!$A$2:$A${last},{y}"
    if vendor is None:
        return f"+SUMIFS({Tm}!$I$2:$I${last},{crit})"
    return f"+SUMIFS({Tm}!$I$2:$I${last},{crit},{Tm}!$B$2:$B${last},{vendor})"


def _year_lines(ctx: _Ctx, ys: _Years) -> None:
    """The cached results of 概览's line of each year (what its formulas and 约束核查 give)."""
    rate = ctx.plan.spec.discount_rate
    for t, y in enumerate(ys.years):
        cost = ys.grid.total(t, "cost") + ys.adjusted(t)
        active_v = ys.grid.sumproduct(t, "vcpu", "active")
        one_time = [h for u, _, h, _ in ys.wave_rows if u == y]
        factor = 1 / (1 + rate) ** t
        ys.lines.append(
            {
                "B": cost,
                "E": 0.0 if active_v == 0 else ys.grid.sumproduct(t, "vcpu", "xc") / active_v,
                "G": float(len(one_time)),
                "H": sum(one_time),
                "I": factor,
                "J": cost * factor,
            }
        )


def _year_summary_sheet(
    ctx: _Ctx, ws: Sheet, ys: _Years, checks: list[list[YearCheck]], now: datetime
) -> None:
    """概览 of a plan with years: the plan's title, meta line and conclusion, then one budget
    line per year (cost, budget, what is left, 信创 share and target, moves, one-time costs,
    discount factor, present value) and the horizon's totals behind YEAR_DEFINED_NAMES."""
    from planner.model import year_budget, year_xinchuang_target

    sw, plan, refs = SheetWriter(ws, ctx.styles), ctx.plan, ys.refs
    ov = _q(ws.title)
    Wv, lw = _q(ctx.names["waves"]), ys.last_wave
    _summary_head(ctx, sw, _year_conclusion(ctx, ys, checks), now, len(ys.years), 10)
    hs = [
        _yt(ctx, "年份", "year"),
        _yt(ctx, "年度费用(元)", "cost (CNY)"),
        _yt(ctx, "年度预算(元)", "budget (CNY)"),
        _yt(ctx, "预算余量(元)", "budget left (CNY)"),
        _yt(ctx, "信创占比", "信创 share"),
        _yt(ctx, "信创目标", "信创 target"),
        _yt(ctx, "迁移系统数", "systems moved"),
        _yt(ctx, "一次性费用(元)", "one-time (CNY)"),
        _yt(ctx, "折现系数", "discount factor"),
        _yt(ctx, "现值(元)", "present value (CNY)"),
    ]
    _table_head(sw, hs, Y_HEAD_ROW, 30)
    rate = plan.spec.discount_rate
    for t, row_spec in enumerate(plan.spec.years):
        r, y, here = Y_FIRST_ROW + t, row_spec.year, ys.lines[t]
        sw.value(r, 1, y, "text_c")
        sw.formula(r, 2, f"=SUM({refs(t, 'cost')}){_terms_of(ctx, ys, y)}", cached=here["B"])
        budget = year_budget(row_spec, plan.policy)
        if budget is None:
            sw.value(r, 3, ctx.t("no_cap"), "text_c")
            sw.value(r, 4, "", "text")
        else:
            sw.value(r, 3, budget, "money")
            sw.formula(r, 4, f"=C{r}-B{r}", cached=budget - here["B"])
        active = f"SUMPRODUCT({refs(t, 'vcpu')},{refs(t, 'active')})"
        sw.formula(
            r,
            5,
            f"=IF({active}=0,0,SUMPRODUCT({refs(t, 'vcpu')},{refs(t, 'xc')})/{active})",
            "pct",
            cached=here["E"],
        )
        sw.value(r, 6, year_xinchuang_target(row_spec, plan.policy), "pct")
        sw.formula(r, 7, f"=COUNTIF({Wv}!$A$2:$A${lw},A{r})", "int", cached=here["G"])
        sw.formula(r, 8, f"=SUMIF({Wv}!$A$2:$A${lw},A{r},{Wv}!$H$2:$H${lw})", cached=here["H"])
        sw.formula(r, 9, f"=1/(1+{rate})^{t}", "factor", cached=here["I"])
        sw.formula(r, 10, f"=B{r}*I{r}", cached=here["J"])
    total_row = Y_FIRST_ROW + len(ys.years)
    for c in range(1, 11):
        sw.value(total_row, c, None, "tot_text")
    sw.value(total_row, 1, ctx.t("total"), "tot_text")
    for col in ("B", "H", "J"):
        sw.formula(
            total_row,
            " ABCDEFGHIJ".index(col),
            f"=SUM({col}{Y_FIRST_ROW}:{col}{total_row - 1})",
            "tot_money",
            cached=math.fsum(v[col] for v in ys.lines),
        )
    ctx.book.define_name("years_total_cost", f"{ov}!$B${total_row}")
    ctx.book.define_name("years_present_value", f"{ov}!$J${total_row}")
    note_row = total_row + 2
    ws.row_height(note_row, 48)
    terms = bool(ys.terms_last)
    sw.merge(
        note_row,
        1,
        note_row,
        10,
        _yt(
            ctx,
            f"折现率 {rate:.2%}；迁移与适配等一次性费用计入发生迁移的年份；绿色单元格为当年迁移；运行费用为扣除期限折扣与资源折扣后的金额"
            + (
                "，年度费用另含「供应商条款」中的总额阶梯折扣、最低消费补足与开通费（首个使用年份一次计入）。"
                if terms
                else "。"
            ),
            f"Discount rate {rate:.2%}; one-time migration and adaptation costs fall in the year of "
            "the move; green cells mark a move that year; run costs are net of term and resource "
            "discounts"
            + (
                "; the year's cost also holds the volume tiers, minimum top-ups and setup fees (in "
                "full, in the first year a vendor is used) of the vendor terms sheet."
                if terms
                else "."
            ),
        ),
        "note",
    )
    widths = dict(enumerate((10, 18, 18, 18, 12, 12, 12, 18, 12, 18), start=1))
    for c in range(2, len(ys.years) + 3):  # the vendor table's year and total columns below
        widths[c] = max(widths.get(c, 8.43), 18)
    widths[1] = max(widths[1], fit(list(ys.vendor_no), 10, 24))
    set_widths(ws, widths)
    r_vendor = _year_vendor_table(ctx, sw, ys, note_row + 2)
    _year_cost_chart(ctx, ws, ys, total_row, r_vendor + 1)
    ws.ws.hide_gridlines(2)
    _finish(ctx, ws, None, (1, 1))


def _year_vendor_table(ctx: _Ctx, sw: SheetWriter, ys: _Years, r: int) -> int:
    """概览's 按供应商分年费用: one row per vendor used in some year, a column per year (SUMIFS of
    the year's 年度费用 on 分年计划 by 供应商序号, plus the vendor's terms that year), the
    horizon's sum and share; a total row equal to the year lines. Returns the row below it."""
    refs, T = ys.refs, len(ys.years)
    used = {ys.grid.cells[t][w]["vendor"] for t in range(T) for w in range(len(ctx.inp.workloads))}
    vendors = [(v, no) for v, no in ys.vendor_no.items() if no in used]
    sw.value(r, 1, _yt(ctx, "按供应商分年费用（元）", "By vendor and year (CNY)"), "section")
    hs = [_yt(ctx, "供应商", "vendor"), *(str(y) for y in ys.years)]
    hs += [_yt(ctx, "合计", "total"), _yt(ctx, "占比", "share")]
    _table_head(sw, hs, r + 1, 22)
    first = r + 2
    last_col = col_letter(T + 1)
    tot_col, share_col = T + 2, T + 3
    total_all = math.fsum(v["B"] for v in ys.lines)
    sums: list[list[float]] = []
    for k, (v, no) in enumerate(vendors):
        rr = first + k
        sw.value(rr, 1, v, "label")
        row_values = []
        for t, y in enumerate(ys.years):
            cached = ys.grid.total(t, "cost", vendor=no) + ys.adjusted(t, no)
            row_values.append(cached)
            sw.formula(
                rr,
                2 + t,
                f"=SUMIFS({refs(t, 'cost')},{refs(t, 'vendor')},{no}){_terms_of(ctx, ys, y, no)}",
                cached=cached,
            )
        horizon = math.fsum(row_values)
        sums.append([*row_values, horizon])
        sw.formula(rr, tot_col, f"=SUM(B{rr}:{last_col}{rr})", cached=horizon)
        sw.formula(
            rr,
            share_col,
            f"=IF(years_total_cost>0,{col_letter(tot_col)}{rr}/years_total_cost,0)",
            "pct",
            cached=horizon / total_all if total_all > 0 else 0.0,
        )
    rt = first + len(vendors)
    sw.value(rt, 1, ctx.t("total"), "tot_text")
    for c in range(2, tot_col + 1):
        L = col_letter(c)
        sw.formula(
            rt,
            c,
            f"=SUM({L}{first}:{L}{rt - 1})" if vendors else "=0",
            "tot_money",
            cached=math.fsum(x[c - 2] for x in sums),
        )
    sw.value(rt, share_col, None, "tot_text")
    if vendors:
        band(sw.sheet, f"A{first}:{col_letter(share_col)}{rt - 1}", first)
    return rt + 1


def _year_cost_chart(ctx: _Ctx, ws: Sheet, ys: _Years, total_row: int, row: int) -> None:
    """A column chart of each year's cost beside its budget (native, over 概览's year lines)."""
    title, first, last = ws.title, Y_FIRST_ROW - 1, total_row - 2  # 0-based rows of the lines
    chart = ctx.book.xl.add_chart({"type": "column"})
    for col, color in ((1, NAVY), (2, "#BFBFBF")):
        chart.add_series(
            {
                "name": [title, Y_HEAD_ROW - 1, col],
                "categories": [title, first, 0, last, 0],
                "values": [title, first, col, last, col],
                "fill": {"color": color},
            }
        )
    _chart_look(
        ws, chart, _yt(ctx, "各年费用与预算（元）", "Cost and budget by year (CNY)"), (1, 5), True
    )
    ws.ws.insert_chart(f"A{row + 1}", chart)


def _year_conclusion(ctx: _Ctx, ys: _Years, checks: list[list[YearCheck]]) -> str:
    """The verdict in words: the horizon's cost and present value, the years over budget (if
    any), whether every year's rules hold."""
    plan = ctx.plan
    broken = _broken(ys, checks)
    over = [y for y, kind in broken if kind == "budget"]
    parts = [
        bi(
            "{first}–{last} 年合计 {total:,.2f} 万元，现值 {pv:,.2f} 万元",
            "{first}–{last}: {total:,.2f} (10k CNY) in all, present value {pv:,.2f}",
            first=ys.years[0],
            last=ys.years[-1],
            total=plan.total_cost / 1e4,
            pv=plan.present_value / 1e4,
        ),
        (
            bi("超出预算的年份：{y}", "over budget in {y}", y="、".join(map(str, over)))
            if over
            else Msg("每年均在预算内", "within budget every year")
        ),
        (
            Msg("每年均满足全部约束", "every rule met in every year")
            if not broken
            else Msg("存在未满足的约束，见“约束核查”", "some rules are not met, see Rule check")
        ),
    ]
    out = bi("{p}。", "{p}.", p=join(parts, "；", "; "))
    if plan.status is SolveStatus.FEASIBLE:
        out = bi(
            "{t}注意：本方案为可行方案，未证明最优。",
            "{t} Note: feasible plan, not proven optimal.",
            t=out,
        )
    return out.text(ctx.lang)


def _broken(ys: _Years, checks: list[list[YearCheck]]) -> list[tuple[int, str]]:
    """(year, kind) of each per-year check its own cached result breaks; kind 'budget' for the
    budget line (the first line of a year with a budget), 'rule' otherwise."""
    out: list[tuple[int, str]] = []
    for t, lines in enumerate(checks):
        for k, (_label, required, _f, sense, style, value) in enumerate(lines):
            if not _year_check_met(required, value, sense, style):
                out.append((ys.years[t], "budget" if k == 0 and style == "money" else "rule"))
    return out


def _year_check_met(required: float, value: float, sense: str, style: str) -> bool:
    """A per-year check's verdict as its formula gives it: the solver's tolerance, 1e-6 relative
    and at least a fen for money, 1e-6 otherwise."""
    room = max(MONEY_TOL, abs(required) * 1e-6) if style == "money" else SHARE_TOL
    return value <= required + room if sense == "<=" else value >= required - room


def _year_checks(ctx: _Ctx, ys: _Years) -> list[list[YearCheck]]:
    """The lines of 约束核查 per plan year: budget, 信创 share, each vendor's share, fewest
    vendors, most moves (systems, vCPU) and the per-system rules, as (label, required, actual
    formula, sense, style, cached actual)."""
    from planner.model import year_budget, year_xinchuang_target

    plan, refs, grid, vendor_no = ctx.plan, ys.refs, ys.grid, ys.vendor_no
    ov, Wv, lw = _q(ctx.names["summary"]), _q(ctx.names["waves"]), ys.last_wave
    out: list[list[YearCheck]] = []
    for t, row_spec in enumerate(plan.spec.years):
        o, y, here = Y_FIRST_ROW + t, row_spec.year, ys.lines[t]
        lines: list[YearCheck] = []
        budget = year_budget(row_spec, plan.policy)
        if budget is not None:
            lines.append(
                (
                    _yt(ctx, "年度预算", "annual budget"),
                    budget,
                    f"={ov}!B{o}",
                    "<=",
                    "money",
                    here["B"],
                )
            )
        target = year_xinchuang_target(row_spec, plan.policy)
        if target > 0:
            lines.append(
                (
                    _yt(ctx, "信创最低占比", "minimum 信创 share"),
                    target,
                    f"={ov}!E{o}",
                    ">=",
                    "pct",
                    here["E"],
                )
            )
        cap = plan.policy.max_vendor_share
        if cap < 1.0:
            for v, no in vendor_no.items():
                if not any(a.platform.vendor == v for a in plan.year_plans[t].assignments):
                    continue
                cost_v = (
                    f"SUMIFS({refs(t, 'cost')},{refs(t, 'vendor')},{no}){_terms_of(ctx, ys, y, no)}"
                )
                spent = grid.total(t, "cost", vendor=no) + ys.adjusted(t, no)
                lines.append(
                    (
                        _yt(ctx, f"单一供应商最高占比：{v}", f"largest vendor share: {v}"),
                        cap,
                        f"=IF({ov}!B{o}=0,0,({cost_v})/{ov}!B{o})",
                        "<=",
                        "pct",
                        0.0 if here["B"] == 0 else spent / here["B"],
                    )
                )
        if plan.policy.min_vendors > 1 and plan.year_plans[t].assignments:
            used = "+".join(f"(COUNTIF({refs(t, 'vendor')},{no})>0)" for no in vendor_no.values())
            lines.append(
                (
                    _yt(ctx, "最少供应商数", "fewest vendors"),
                    plan.policy.min_vendors,
                    f"={used}",
                    ">=",
                    "int",
                    float(sum(grid.count(t, no) > 0 for no in vendor_no.values())),
                )
            )
        if row_spec.max_moves is not None:
            lines.append(
                (
                    _yt(ctx, "最多迁移系统数", "most systems moved"),
                    row_spec.max_moves,
                    f"={ov}!G{o}",
                    "<=",
                    "int",
                    here["G"],
                )
            )
        if row_spec.max_move_vcpu is not None:
            lines.append(
                (
                    _yt(ctx, "最多迁移vCPU", "most vCPU moved"),
                    row_spec.max_move_vcpu,
                    f"=SUMIF({Wv}!$A$2:$A${lw},{y},{Wv}!$I$2:$I${lw})",
                    "<=",
                    "dec",
                    float(sum(v for u, _, _, v in ys.wave_rows if u == y)),
                )
            )
        lines += _year_rule_lines(ctx, ys, t)
        out.append(lines)
    return out


def _year_check_sheet(ctx: _Ctx, ws: Sheet, checks: list[list[YearCheck]]) -> None:
    """约束核查 of a plan with years: the plan's title, then per plan year its checks — 年份, rule,
    required, actual (a live formula), slack and verdict (a live formula), as the plan's rows."""
    sw, ok, bad = SheetWriter(ws, ctx.styles), ctx.t("ok"), ctx.t("not_ok")
    _title(ctx, sw, ctx.t("check.title"), None, 6)
    sw.value(3, 1, _yt(ctx, "一、年度约束", "1. Rules by year"), "section")
    _table_head(
        sw,
        [
            _yt(ctx, "年份", "year"),
            _yt(ctx, "规则", "rule"),
            _yt(ctx, "要求", "required"),
            _yt(ctx, "本方案", "this plan"),
            _yt(ctx, "余量", "slack"),
            _yt(ctx, "结论", "result"),
        ],
        YC_HEAD_ROW,
        20,
    )
    r = YC_HEAD_ROW + 1
    labels: list[str] = []
    for t, lines in enumerate(checks):
        y = ctx.plan.years[t]
        for label_, required, actual, sense, style, value in lines:
            # the solver's tolerance: 1e-6 relative, at least a fen for money
            room = f"MAX({MONEY_TOL},ABS(C{r})*1E-6)" if style == "money" else f"{SHARE_TOL}"
            test = f"D{r}<=C{r}+{room}" if sense == "<=" else f"D{r}>=C{r}-{room}"
            met = _year_check_met(required, value, sense, style)
            sw.value(r, 1, y, "text_c")
            labels.append(label_)
            _check_row(
                sw,
                r,
                2,
                label_,
                required,
                actual,
                f"=C{r}-D{r}" if sense == "<=" else f"=D{r}-C{r}",
                f'=IF({test},"{ok}","{bad}")',
                style,
                (required, value, required - value if sense == "<=" else value - required, met),
                ok,
                bad,
            )
            r += 1
    if r > YC_HEAD_ROW + 1:
        mark_verdicts(ws, f"F{YC_HEAD_ROW + 1}:F{r - 1}", bad)
        band(ws, f"A{YC_HEAD_ROW + 1}:E{r - 1}", YC_HEAD_ROW + 1)
    set_widths(ws, {1: 8, 2: max(30, fit(labels, 14, 48)), 3: 18, 4: 18, 5: 16, 6: 10})
    _finish(ctx, ws, (YC_HEAD_ROW, YC_HEAD_ROW))


def _year_rule_lines(ctx: _Ctx, ys: _Years, t: int) -> list[YearCheck]:
    """约束核查 lines of the per-system rules (指定规则) in plan year index t: the number of systems
    (pairs, for 不同供应商) breaking the rule among those free to choose that year, required 0 — a
    live formula over each system's 去向 and 供应商序号 cells on 分年计划, with its result."""
    from planner.milp import free_to_choose
    from planner.model import Deployment, SystemRuleKind
    from planner.terms import system_rule_text

    inp, years, vendor_no = ctx.inp, ys.years, ys.vendor_no
    row_of = {w.name: i + 2 for i, w in enumerate(inp.workloads)}
    wl = {w.name: w for w in inp.workloads}

    def cell(key: str, name: str) -> str:
        return ys.refs.cell(t, key, row_of[name])

    def at(key: str, name: str) -> Any:  # the value in that cell
        return ys.grid.cells[t][row_of[name] - 2][key]

    def lit(value: str) -> str:  # a string literal inside our formula: data, never code
        return '"' + value.replace('"', '""') + '"'

    out: list[YearCheck] = []
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
                    on = f"AND({on},{cell('where', n)}={lit(f'{r.vendor}/{r.platform}')})"
                    there = there and _same_text(at("where", n), f"{r.vendor}/{r.platform}")
                parts.append(f"(1-({on})*1)" if r.kind is SystemRuleKind.PIN else f"({on})*1")
                broken += (not there) if r.kind is SystemRuleKind.PIN else there
        elif r.kind is SystemRuleKind.NO_PUBLIC:
            public = [p.label for p in inp.platforms if p.deployment == Deployment.PUBLIC]
            for n in free:
                if public:
                    parts.append(
                        "OR(" + ",".join(f"{cell('where', n)}={lit(x)}" for x in public) + ")*1"
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
        rule_label = system_rule_text(r)
        out.append(
            (
                _yt(ctx, "指定规则：", "Assignment rule: ")
                + (str(rule_label) if ctx.lang == "zh" else rule_label.en),
                0,
                "=" + "+".join(parts),
                "<=",
                "int",
                float(broken),
            )
        )
    return out


def _same_text(a: str, b: str) -> bool:
    """Text equality as a spreadsheet's = compares text (case-insensitive)."""
    return a.casefold() == b.casefold()


def _year_inputs(ctx: _Ctx, ws: Sheet, r: int) -> None:
    """The inputs sheet's 年度计划 table of a plan with years (below the plan's own tables): per
    year its budget, 信创 target and move limits as the input gives them, and the discount rate."""
    sw, spec = SheetWriter(ws, ctx.styles), ctx.plan.spec
    sw.value(
        r,
        1,
        _yt(
            ctx,
            "六、年度计划（分年预算与目标，空白为约束参数值）",
            "6. Plan years (blank: the policy value)",
        ),
        "section",
    )
    sw.row(
        r + 1,
        1,
        [
            _yt(ctx, "年份", "year"),
            _yt(ctx, "年度预算(元)", "budget (CNY)"),
            _yt(ctx, "信创最低占比", "minimum 信创 share"),
            _yt(ctx, "最多迁移系统数", "most systems moved"),
            _yt(ctx, "最多迁移vCPU", "most vCPU moved"),
        ],
    )
    r += 2
    dash = ctx.t("dash")
    for row in spec.years:
        sw.value(r, 1, row.year, "text_c")
        for c, value, style in (
            (2, row.budget, "money"),
            (3, row.min_xinchuang_share, "pct"),
            (4, row.max_moves, "int"),
            (5, row.max_move_vcpu, "dec"),
        ):
            if value is None:  # blank in the input: the 约束 value applies
                sw.value(r, c, dash, "text_c")
            else:
                sw.value(r, c, value, style)
        r += 1
    sw.value(r, 1, _yt(ctx, "折现率", "discount rate"), "label")
    sw.value(r, 2, float(spec.discount_rate), "pct")
