"""The 诊断 workbook of a county with no feasible plan: the document a bureau files to ask for more.

Two sheets, Chinese first (English labels with ``lang="en"``):

* 诊断 — the diagnosis in plain words, each rule's least relaxation (the value it would need,
  the other rules unchanged) and the budget to request (rounded up to whole thousands);
* 最低成本方案 — the cheapest plan under the other rules (the diagnosis's fallback: one
  conflicting rule switched off), with the rules it breaks marked 超预算/不满足 and, where a
  rule is broken by particular systems (a vendor over its share, a platform over capacity),
  those rows marked too.

Figures come from the plan's :class:`planner.diagnose.Diagnosis` (``Plan.infeasibility``), whose
fallback plan was costed by :mod:`planner.costing`. The check rows and totals are live formulas
that carry their computed results (so previews show them); text from input files is always
written as text. Saved atomically like every other workbook.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from data.plan_sheets.style import (
    BAD_FILL,
    SheetWriter,
    Styles,
    display_width,
    fit,
    money_width,
    print_setup,
    set_widths,
)
from data.xlsx import atomic_save, sheet_title
from data.xlsxbook import Book, Sheet, col_letter
from planner.diagnose import Diagnosis
from planner.labels import solver_label
from planner.model import Plan, PlanInput
from planner.rules import (
    CAPACITY_PREFIX,
    POLICY_RULES,
    SYSTEM_RULE_PREFIX,
    Relax,
    ValueKind,
    capacity_platform,
    rule,
    rule_name,
)
from planner.text import localize

#: Tolerances of the verdicts, as in the plan workbook: money to the fen, shares as the solver.
MONEY_TOL, SHARE_TOL = 0.005, 1e-6

_TEXT: dict[str, tuple[str, str]] = {
    "sheet.diagnosis": ("诊断", "Diagnosis"),
    "sheet.fallback": ("最低成本方案", "Cheapest plan"),
    "title": (
        "{name}政务云采购：无可行方案诊断",
        "Government cloud procurement{name}: why there is no feasible plan",
    ),
    "meta": (
        "编制日期：{date}   求解器：{solver}   结论：在现有规则下没有可行方案",
        "Prepared {date}   Solver: {solver}   Outcome: no plan meets every rule",
    ),
    "why": ("一、原因", "1. Why"),
    "relax": (
        "二、各规则的最小放宽（其余规则不变）",
        "2. The least relaxation of each rule (the others unchanged)",
    ),
    "relax.heads": ("规则|现值|单独放宽到|需调整|说明", "Rule|Now|Relaxed alone to|Change|Note"),
    "relax.in_conflict": (
        "放宽到此值即可得到可行方案",
        "Relaxing it to this value gives a feasible plan",
    ),
    "relax.cannot": (
        "仅放宽此规则无法得到可行方案",
        "Relaxing this rule alone does not give a feasible plan",
    ),
    "relax.not_in_conflict": (
        "不在冲突中：仅放宽此规则无济于事",
        "Not part of the conflict: relaxing it alone does not help",
    ),
    "suggested": (
        "建议申请的年度预算（向上取整到千元）",
        "Annual budget to request (rounded up to whole thousands)",
    ),
    "unplaceable": ("三、无处部署的系统", "3. Systems with nowhere to go"),
    "fb.title": (
        "最低成本方案：放宽「{rule}」、其余规则不变时",
        "The cheapest plan with the {rule} relaxed and every other rule kept",
    ),
    "fb.note": (
        "本方案不满足原规则，仅供申请调整时参考；红色标记为超预算或不满足之处。年度费用含资源、安全服务及一次性费用分摊。",
        "This plan breaks the original rules and is for reference when asking for a change; red marks what is over "
        "budget or not met. Annual costs include resources, security and one-time costs spread over the horizon.",
    ),
    "fb.check": ("规则核查", "Rule check"),
    "fb.check_heads": ("规则|原要求|本方案|结论", "Rule|Required|This plan|Verdict"),
    "fb.vendors": ("按供应商", "By vendor"),
    "fb.vendor_heads": (
        "供应商|编号|年度费用(元)|费用占比|系统数",
        "Vendor|No.|Annual cost (CNY)|Share of cost|Systems",
    ),
    "fb.alloc": ("分配", "Allocation"),
    "fb.alloc_heads": (
        "序号|系统名称|部门|供应商|平台|信创|vCPU|年度费用(元)|供应商编号|平台编号|标记",
        "No.|System|Department|Vendor|Platform|信创|vCPU|Annual cost (CNY)|Vendor no.|Platform no.|Mark",
    ),
    "total": ("合计", "Total"),
    "fb.vendor_terms": (
        "供应商商务条款（总额阶梯折扣、最低消费补足、开通费分摊）",
        "Vendor terms (volume tier discount, minimum top-up, setup fee per year)",
    ),
    "met": ("满足", "met"),
    "over": ("超预算", "over budget"),
    "not_met": ("不满足", "not met"),
    "no_cap": ("不设上限", "no cap"),
    "rule_set": ("已设置", "set"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "dash": ("—", "—"),
    "mark.vendor": ("不满足：供应商占比超上限", "not met: vendor over its share"),
    "mark.capacity": ("不满足：平台超容量", "not met: platform over capacity"),
    "xc_share": ("信创 vCPU 占比", "信创 share of vCPU"),
    "vendors_used": ("使用供应商数", "vendors used"),
    "max_share": ("最大供应商占比", "largest vendor share"),
    "page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
}


class NoDiagnosisError(ValueError):
    """The plan has a solution, or was not diagnosed: there is no diagnosis to write."""


def _t(key: str, lang: str, **kw: Any) -> str:
    zh, en = _TEXT[key]
    s = en if lang == "en" else zh
    return s.format(**kw) if kw else s


def _heads(key: str, lang: str) -> list[str]:
    return _t(key, lang).split("|")


def build_diagnosis_workbook(
    plan: Plan, inp: PlanInput, lang: str = "zh", now: datetime | None = None
) -> Book:
    """The 诊断 workbook of an infeasible plan (raises NoDiagnosisError when there is none)."""
    diag = plan.infeasibility
    if plan.has_solution or diag is None:
        raise NoDiagnosisError(
            "方案可行（或未做诊断），没有可写出的诊断。"
            if lang != "en"
            else "The plan is feasible (or was not diagnosed)."
        )
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    now = now or datetime.now().astimezone()
    book = Book()
    styles = Styles(book)
    taken: set[str] = set()
    ws = book.add_sheet(sheet_title(_t("sheet.diagnosis", lang), taken))
    _diagnosis_sheet(SheetWriter(ws, styles), plan, diag, inp, lang, now)
    if diag.fallback is not None and diag.fallback.assignments:
        fb = book.add_sheet(sheet_title(_t("sheet.fallback", lang), taken))
        _fallback_sheet(SheetWriter(fb, styles), diag, inp, lang)
    return book


def write_diagnosis_workbook(
    plan: Plan, path: str | Path, inp: PlanInput, lang: str = "zh", now: datetime | None = None
) -> Path:
    """Write the 诊断 workbook atomically; raises data.xlsx.WriteError with a bilingual message."""
    return atomic_save(build_diagnosis_workbook(plan, inp, lang, now), path)


# --- sheet 1: the diagnosis ---------------------------------------------------------------------
def _current(key: str, plan: Plan, inp: PlanInput) -> float | None:
    """The rule's value now (capacity in vCPU; None when a budget has no cap)."""
    if key.startswith(CAPACITY_PREFIX):
        vendor, name = capacity_platform(key)
        return inp.platform(vendor, name).capacity_vcpu
    value = rule(key).value(plan.policy)
    return None if value is None else float(value)


def _number_style(key: str) -> str:
    kind = rule(key).kind.value
    return {"money": "money", "share": "pct", "int": "int", "vcpu": "dec"}.get(kind, "dec")


def _long_text(
    sw: SheetWriter, row: int, text: str, last_col: int, width: float, style: str = "text_wrap"
) -> None:
    """A sentence merged across the table, tall enough for its lines."""
    sw.merge(row, 1, row, last_col, text, style)
    lines = max(1, math.ceil(display_width(text) / max(1.0, width - 2)))
    sw.sheet.row_height(row, 15 * lines + 3)


def _diagnosis_sheet(
    sw: SheetWriter, plan: Plan, diag: Diagnosis, inp: PlanInput, lang: str, now: datetime
) -> None:
    ws = sw.sheet
    widths = {1: 30.0, 2: 18.0, 3: 18.0, 4: 16.0, 5: 44.0}
    total_width = sum(widths.values())
    name = inp.name if lang != "en" or not inp.name else f" ({inp.name})"
    sw.value(1, 1, _t("title", lang, name=name), "title")
    ws.row_height(1, 24)
    sw.value(
        2,
        1,
        _t(
            "meta",
            lang,
            date=now.date().isoformat(),
            solver=solver_label(plan.solver) or _t("dash", lang),
        ),
        "subtitle",
    )
    r = 4
    sw.value(r, 1, _t("why", lang), "section")
    r += 1
    for message in diag.messages or plan.diagnosis:
        _long_text(sw, r, str(localize(message, lang)), 5, total_width)
        r += 1
    r += 1
    sw.value(r, 1, _t("relax", lang), "section")
    r += 1
    sw.row(r, 1, _heads("relax.heads", lang), "head")
    ws.row_height(r, 22)
    r += 1
    first = r
    heights: dict[int, float] = {}  # row → height (long rule names and notes wrap in their cells)

    def fitted(row: int, col: int, text: str, style: str) -> str:
        """style, or text_wrap (and a taller row) when text is longer than its column."""
        lines = math.ceil(display_width(text) / max(1.0, widths[col] - 1))
        if lines > 1:
            heights[row] = max(heights.get(row, 15), 15 * lines)
            return "text_wrap"
        return style

    for key in diag.rules:
        now_value = _current(key, plan, inp)
        style = _number_style(key)
        # a per-system rule is named by what it says (固定 协同办公OA 到 …), and it has no number
        rule_label = str(localize(rule_name(key, inp), lang))
        sw.value(r, 1, rule_label, fitted(r, 1, rule_label, "label"))
        if key.startswith(SYSTEM_RULE_PREFIX):
            sw.value(r, 2, _t("rule_set", lang), "text_c")
        elif now_value is None:
            sw.value(r, 2, _t("no_cap", lang), "text_c")
        else:
            sw.value(r, 2, now_value, style)
        relaxed = diag.relaxations.get(key)
        if key not in diag.conflict:
            sw.value(r, 3, _t("dash", lang), "text_c")
            sw.value(r, 4, _t("dash", lang), "text_c")
            note = _t("relax.not_in_conflict", lang)
        elif relaxed is None:
            sw.value(r, 3, _t("dash", lang), "text_c")
            sw.value(r, 4, _t("dash", lang), "text_c")
            note = _t("relax.cannot", lang)
        else:
            sw.value(r, 3, float(relaxed), style)
            change = float(relaxed) - (now_value or 0.0)
            sw.formula(
                r, 4, f"=C{r}-B{r}" if now_value is not None else f"=C{r}", style, cached=change
            )
            note = _t("relax.in_conflict", lang)
        sw.value(r, 5, note, fitted(r, 5, note, "text_wrap"))
        r += 1
    if diag.suggested_budget is not None:
        sw.value(r, 1, _t("suggested", lang), fitted(r, 1, _t("suggested", lang), "tot_text"))
        budget = plan.policy.budget_annual
        sw.value(
            r,
            2,
            budget if budget is not None else _t("no_cap", lang),
            "tot_money" if budget is not None else "tot_text",
        )
        sw.value(r, 3, float(diag.suggested_budget), "tot_money")
        change = float(diag.suggested_budget) - (budget or 0.0)
        sw.formula(
            r, 4, f"=C{r}-B{r}" if budget is not None else f"=C{r}", "tot_money", cached=change
        )
        sw.value(r, 5, None, "tot_text")
        heights[r] = max(heights.get(r, 0), 30)
        r += 1
    if r == first:  # nothing to relax: say so in the table
        sw.value(r, 1, _t("dash", lang), "text")
        r += 1
    if diag.unplaceable:
        r += 1
        sw.value(r, 1, _t("unplaceable", lang), fitted(r, 1, _t("unplaceable", lang), "section"))
        r += 1
        for system in diag.unplaceable:
            sw.value(r, 1, system, fitted(r, 1, system, "text"))
            r += 1
    for row, height in heights.items():
        ws.row_height(row, height)
    set_widths(ws, widths)
    ws.ws.hide_gridlines(2)
    print_setup(ws, None, _t("page_footer", lang))


# --- sheet 2: the cheapest plan under the other rules ------------------------------------------------
def _fallback_sheet(sw: SheetWriter, diag: Diagnosis, inp: PlanInput, lang: str) -> None:
    ws, fb = sw.sheet, diag.fallback
    assert fb is not None
    policy = fb.policy
    heads = _heads("fb.alloc_heads", lang)
    ncol = len(heads)
    met, over, not_met = _t("met", lang), _t("over", lang), _t("not_met", lang)
    dropped = (
        str(localize(rule_name(diag.dropped, inp), lang)) if diag.dropped else _t("dash", lang)
    )
    sw.value(1, 1, _t("fb.title", lang, rule=dropped), "title")
    ws.row_height(1, 24)
    sw.merge(2, 1, 2, ncol, _t("fb.note", lang), "note")
    ws.row_height(2, 30)

    vendors = [v for v in inp.vendors if v in fb.vendor_costs] or sorted(fb.vendor_costs)
    vendor_no = {v: k + 1 for k, v in enumerate(vendors)}
    platform_no = {p.key: j + 1 for j, p in enumerate(inp.platforms)}
    assignments = fb.assignments
    checked_rules = [
        r_ for r_ in POLICY_RULES if r_.plan_metric is not None and r_.is_active(policy)
    ]
    n_rules = len(checked_rules)
    capacity_rows = sorted(
        {a.platform.key for a in assignments if a.platform.capacity_vcpu is not None},
        key=lambda k: platform_no[k],
    )
    # layout: rule check, then vendors, then the allocation
    r_check = 4
    r_check0 = r_check + 2
    r_vendors = r_check0 + n_rules + len(capacity_rows) + 1
    r_v0 = r_vendors + 2
    r_vtot = r_v0 + len(vendors)
    r_alloc = r_vtot + 2
    r_head = r_alloc + 1
    r_a0 = r_head + 1
    # vendors' volume tiers / minimums / setup fees (issue 13): one row each after the systems
    term_rows = [t for t in fb.vendor_terms if abs(t.adjustment) > 0.005 and t.vendor in vendor_no]
    r_alast = r_a0 + len(assignments) + len(term_rows) - 1
    r_atot = r_alast + 1

    def rng(col: int) -> str:
        c = col_letter(col)
        return f"${c}${r_a0}:${c}${r_alast}"

    # cached figures of the plan (the same numbers planner.costing gave the fallback)
    total = math.fsum(a.cost.total for a in assignments) + math.fsum(
        t.adjustment for t in term_rows
    )
    vcpu_total = math.fsum(a.workload.vcpu for a in assignments)
    xc_share = (
        math.fsum(a.workload.vcpu for a in assignments if a.platform.xinchuang) / vcpu_total
        if vcpu_total
        else 0.0
    )
    vendor_cost = {
        v: math.fsum(a.cost.total for a in assignments if a.platform.vendor == v)
        + math.fsum(t.adjustment for t in term_rows if t.vendor == v)
        for v in vendors
    }
    share = {v: vendor_cost[v] / total if total > 0 else 0.0 for v in vendors}
    over_share = {v for v in vendors if share[v] > policy.max_vendor_share + SHARE_TOL}
    loads = {
        k: math.fsum(a.workload.vcpu for a in assignments if a.platform.key == k)
        for k in capacity_rows
    }
    over_capacity = {
        k for k in capacity_rows if loads[k] > (inp.platform(*k).capacity_vcpu or 0.0) + SHARE_TOL
    }

    # rule check
    sw.value(r_check, 1, _t("fb.check", lang), "section")
    sw.row(r_check + 1, 1, _heads("fb.check_heads", lang), "head")
    r = r_check0
    total_ref, share_rng = f"$H${r_atot}", f"$D${r_v0}:$D${r_vtot - 1}"
    count_rng = f"$E${r_v0}:$E${r_vtot - 1}"

    def check(
        label: str,
        required: float,
        formula: str,
        achieved: float,
        verdict: str,
        ok: bool,
        bad: str,
        style: str,
    ) -> None:
        nonlocal r
        sw.value(r, 1, label, "label")
        sw.value(r, 2, required, style)
        sw.formula(r, 3, formula, style, cached=achieved)
        sw.formula(r, 4, verdict.format(r=r, ok=met, bad=bad), "verdict", cached=met if ok else bad)
        r += 1

    # the live formula of each rule's measured value; a rule added to the registry without one
    # is still checked, with the plan's figure written as a number
    largest = max(share.values(), default=0.0)
    used = sum(1 for v in vendors if any(a.platform.vendor == v for a in assignments))
    xc = _t("yes", lang)
    measured: dict[str, tuple[str, float]] = {
        "budget_annual": (f"={total_ref}", total),
        "min_xinchuang_share": (
            f'=IF(SUM({rng(7)})>0,SUMIF({rng(6)},"{xc}",{rng(7)})/SUM({rng(7)}),0)',
            xc_share,
        ),
        "max_vendor_share": (f"=MAX({share_rng})", largest),
        "min_vendors": (f'=COUNTIF({count_rng},">0")', used),
    }
    for rule_ in checked_rules:
        bound = rule_.coerce(rule_.value(policy))
        formula, value = measured.get(
            rule_.key, (None, float(getattr(fb, rule_.plan_metric or "")))
        )
        tol = (
            MONEY_TOL
            if rule_.kind is ValueKind.MONEY
            else SHARE_TOL
            if rule_.kind is ValueKind.SHARE
            else 0
        )
        cap_like = rule_.relax is Relax.RAISE
        ok = value <= bound + tol if cap_like else value >= bound - tol
        bad = over if rule_.kind is ValueKind.MONEY and cap_like else not_met
        test = "C{r}<=B{r}+" + f"{tol}" if cap_like else "C{r}>=B{r}-" + f"{tol}"
        label = str(localize(rule_name(rule_.key), lang))
        style = _number_style(rule_.key)
        if formula is None:
            sw.value(r, 1, label, "label")
            sw.value(r, 2, bound, style)
            sw.value(r, 3, value, style)
            sw.formula(
                r,
                4,
                ("=IF(" + test + ',"{ok}","{bad}")').format(r=r, ok=met, bad=bad),
                "verdict",
                cached=met if ok else bad,
            )
            r += 1
        else:
            check(label, bound, formula, value, "=IF(" + test + ',"{ok}","{bad}")', ok, bad, style)
    for key in capacity_rows:
        cap_v = float(inp.platform(*key).capacity_vcpu or 0.0)
        check(
            str(localize(rule_name(f"{CAPACITY_PREFIX}{key[0]}/{key[1]}"), lang)),
            cap_v,
            f"=SUMIF({rng(10)},{platform_no[key]},{rng(7)})",
            loads[key],
            "=IF(C{r}<=B{r}+" + f"{SHARE_TOL}" + ',"{ok}","{bad}")',
            key not in over_capacity,
            not_met,
            "dec",
        )
    _mark_bad(ws, f"D{r_check0}:D{max(r_check0, r - 1)}", met)

    # by vendor (vendor numbers, never vendor names, are the SUMIF criteria)
    sw.value(r_vendors, 1, _t("fb.vendors", lang), "section")
    sw.row(r_vendors + 1, 1, _heads("fb.vendor_heads", lang), "head")
    for k, v in enumerate(vendors):
        rr = r_v0 + k
        n_sys = sum(1 for a in assignments if a.platform.vendor == v)
        sw.value(rr, 1, v, "label")
        sw.value(rr, 2, vendor_no[v], "int")
        sw.formula(rr, 3, f"=SUMIF({rng(9)},B{rr},{rng(8)})", "money", cached=vendor_cost[v])
        sw.formula(rr, 4, f"=IF({total_ref}>0,C{rr}/{total_ref},0)", "pct", cached=share[v])
        sw.formula(rr, 5, f'=COUNTIFS({rng(9)},B{rr},{rng(1)},">0")', "int", cached=n_sys)
    sw.value(r_vtot, 1, _t("total", lang), "tot_text")
    sw.value(r_vtot, 2, None, "tot_text")
    sw.formula(
        r_vtot,
        3,
        f"=SUM(C{r_v0}:C{r_vtot - 1})",
        "tot_money",
        cached=math.fsum(vendor_cost.values()),
    )
    sw.formula(
        r_vtot, 4, f"=SUM(D{r_v0}:D{r_vtot - 1})", "tot_pct", cached=math.fsum(share.values())
    )
    sw.formula(r_vtot, 5, f"=SUM(E{r_v0}:E{r_vtot - 1})", "tot_int", cached=len(assignments))

    # allocation, rows marked where a system is part of a broken rule
    sw.value(r_alloc, 1, _t("fb.alloc", lang), "section")
    sw.row(r_head, 1, heads, "head")
    ws.row_height(r_head, 30)
    yes, no = _t("yes", lang), _t("no", lang)
    for i, a in enumerate(assignments):
        rr = r_a0 + i
        marks = []
        if a.platform.vendor in over_share:
            marks.append(_t("mark.vendor", lang))
        if a.platform.key in over_capacity:
            marks.append(_t("mark.capacity", lang))
        sw.value(rr, 1, i + 1, "int")
        sw.value(rr, 2, a.workload.name)
        sw.value(rr, 3, a.workload.department)
        sw.value(rr, 4, a.platform.vendor)
        sw.value(rr, 5, a.platform.name)
        sw.value(rr, 6, yes if a.platform.xinchuang else no, "text_c")
        sw.value(
            rr, 7, float(a.workload.vcpu), "int" if float(a.workload.vcpu).is_integer() else "dec"
        )
        sw.value(rr, 8, float(a.cost.total), "money")
        sw.value(rr, 9, vendor_no[a.platform.vendor], "int")
        sw.value(rr, 10, platform_no[a.platform.key], "int")
        sw.value(rr, 11, ("；" if lang != "en" else "; ").join(marks) if marks else None, "text")
    for k, t in enumerate(term_rows):  # no number, vCPU or platform: counted only in the money
        rr = r_a0 + len(assignments) + k
        sw.value(rr, 2, _t("fb.vendor_terms", lang))
        sw.value(rr, 4, t.vendor)
        sw.value(rr, 8, float(t.adjustment), "money")
        sw.value(rr, 9, vendor_no[t.vendor], "int")
    for col in range(1, ncol + 1):
        sw.value(r_atot, col, None, "tot_text")
    sw.value(r_atot, 2, _t("total", lang), "tot_text")
    sw.formula(r_atot, 7, f"=SUM({rng(7)})", "tot_int", cached=vcpu_total)
    sw.formula(r_atot, 8, f"=SUM({rng(8)})", "tot_money", cached=total)
    if rule("budget_annual").is_active(policy):
        budget = float(policy.budget_annual or 0.0)
        # the budget is the registry's first rule, so its limit is B{r_check0}
        sw.formula(
            r_atot,
            11,
            f'=IF(H{r_atot}<=$B${r_check0}+{MONEY_TOL},"","{over}")',
            "tot_text",
            cached="" if total <= budget + MONEY_TOL else over,
        )
    _mark_bad(ws, f"K{r_a0}:K{r_atot}", "", nonempty=True)
    set_widths(
        ws,
        {
            1: max(
                6.0,
                fit([str(localize(rule_name(k, inp), lang)) for k in diag.rules] + vendors, 6, 36),
            ),
            2: fit([a.workload.name for a in assignments], 12, 28),
            3: fit([a.workload.department for a in assignments], 8, 18),
            4: fit([a.platform.vendor for a in assignments], 8, 14),
            5: fit([a.platform.name for a in assignments], 10, 20),
            6: 7,
            7: 8,
            8: money_width([total]),
            9: 9,
            10: 9,
            11: 26,
        },
    )
    ws.freeze(r_a0, 3)
    print_setup(ws, (r_head, r_head), _t("page_footer", lang))


def _mark_bad(ws: Sheet, ref: str, ok_word: str, nonempty: bool = False) -> None:
    """Red fill on verdict cells that are not ok_word (or, with nonempty, on any non-empty mark)."""
    top_left = ref.split(":")[0]
    test = f"LEN({top_left})>0" if nonempty else f'{top_left}<>"{ok_word}"'
    ws.ws.conditional_format(
        ref,
        {
            "type": "formula",
            "criteria": "=" + test,
            "format": ws.book.fmt(bg_color=BAD_FILL, font_color="#9C0006", bold=True),
            "stop_if_true": True,
        },
    )


__all__ = ["NoDiagnosisError", "build_diagnosis_workbook", "write_diagnosis_workbook"]
