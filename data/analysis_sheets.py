"""The analysis sheets of the plan workbook: 锁定风险 (lock-in) and 情景对比 (scenarios, trade-offs).

Tables hold the engine's figures as values (they come from re-solves, not from formulas over
the workbook); the trade-off tables carry native Excel line charts with the current policy
as a second series, so the chart shows where the county stands on each frontier.
"""

from __future__ import annotations

from typing import Any

from data.xlsx import sheet_title
from data.xlsxbook import Book, Sheet
from planner import rules
from planner.analysis import AnalysisReport
from planner.labels import label
from planner.rules import RULE_LABELS
from planner.text import localize

MONEY = '"¥"#,##0.00'
PCT = "0.0%"
HEADER = {
    "bg_color": "#1F4E78",
    "bold": True,
    "font_color": "#FFFFFF",
    "align": "center",
    "valign": "vcenter",
    "text_wrap": True,
}
TITLE = {"bold": True, "font_size": 13}
FLAG_FILL = "#F8CBAD"

TEXT = {
    "zh": {
        "lockin": "锁定风险",
        "scenarios": "情景对比",
        "lockin_title": "供应商锁定指标",
        "metrics": [
            ("最大供应商占比", PCT),
            ("供应商集中度HHI(0–1)", "0.000"),
            ("使用供应商数", "0"),
        ],
        "exit_heads": ["供应商", "年度费用(元)", "费用占比", "迁出费用(元)", "相当于年数"],
        "loss_title": "供应商退出测试（不计预算；其余规则不变）",
        "loss_heads": ["退出供应商", "结果", "年度费用(元)", "增加(元/年)", "预算内", "锁定风险"],
        "price_title": "规则代价（取消该规则后重新求解）",
        "price_heads": ["规则", "已设置", "结果", "取消后费用(元)", "规则代价(元/年)"],
        "relax_title": "最小放宽量（单独放宽一条规则）",
        "relax_heads": ["规则", "现值", "最小放宽到", "说明"],
        "scen_title": "情景对比",
        "scen_heads": [
            "情景",
            "类型",
            "结果",
            "年度费用(元)",
            "信创占比",
            "最大供应商占比",
            "HHI",
            "供应商数",
        ],
        "trade_title": "权衡曲线：{rule}（不计预算）",
        "trade_heads": ["取值", "结果", "年度费用(元)", "现行"],
        "current": "现行规则",
        "cost": "年度费用(元)",
        "kinds": {"base": "基准", "baseline": "自动基线", "sheet": "情景表"},
        "status": {
            "optimal": "最优",
            "feasible": "可行",
            "infeasible": "无解",
            "cancelled": "已取消",
        },
        "yes": "是",
        "no": "否",
        "note": "共求解 {n} 次，用时 {s:.1f} 秒。",
        "none": "无可行方案",
        "cannot": "仅放宽该规则无法得到方案",
    },
    "en": {
        "lockin": "Lock-in",
        "scenarios": "Scenarios",
        "lockin_title": "Vendor lock-in",
        "metrics": [
            ("Largest vendor share", PCT),
            ("Vendor concentration HHI (0–1)", "0.000"),
            ("Vendors used", "0"),
        ],
        "exit_heads": ["Vendor", "Annual cost (CNY)", "Share", "Exit cost (CNY)", "Years of spend"],
        "loss_title": "Vendor loss (budget left out; other rules unchanged)",
        "loss_heads": [
            "Vendor removed",
            "Result",
            "Annual cost (CNY)",
            "Increase (CNY/yr)",
            "Within budget",
            "Lock-in risk",
        ],
        "price_title": "Price of each rule (re-solved without it)",
        "price_heads": ["Rule", "Set", "Result", "Cost without (CNY)", "Price (CNY/yr)"],
        "relax_title": "Smallest relaxation (one rule alone)",
        "relax_heads": ["Rule", "Now", "Relax to", "Note"],
        "scen_title": "Scenarios",
        "scen_heads": [
            "Scenario",
            "Kind",
            "Result",
            "Annual cost (CNY)",
            "Xinchuang share",
            "Largest vendor share",
            "HHI",
            "Vendors",
        ],
        "trade_title": "Trade-off: {rule} (budget left out)",
        "trade_heads": ["Value", "Result", "Annual cost (CNY)", "Current"],
        "current": "Current rule",
        "cost": "Annual cost (CNY)",
        "kinds": {"base": "base", "baseline": "automatic baseline", "sheet": "sheet"},
        "status": {
            "optimal": "optimal",
            "feasible": "feasible",
            "infeasible": "infeasible",
            "cancelled": "cancelled",
        },
        "yes": "yes",
        "no": "no",
        "note": "{n} solves in {s:.1f} s.",
        "none": "no feasible plan",
        "cannot": "relaxing this rule alone does not help",
    },
}


def _head(ws: Sheet, row: int, heads: list[str], col: int = 1) -> None:
    header = ws.book.fmt(**HEADER)
    for j, h in enumerate(heads, start=col):
        ws.value(row, j, h, header)


def _title(ws: Sheet, row: int, text: str) -> None:
    ws.value(row, 1, text, ws.book.fmt(**TITLE))


def _num(ws: Sheet, fmt: str | None) -> Any:
    """The cell format of a number format (None: the default format)."""
    return None if fmt is None else ws.book.fmt(num_format=fmt)


def _status(t: dict[str, Any], status: Any) -> str:
    value = getattr(status, "value", status)
    return t["status"].get(value, value)


def _rule_name(rule: str, lang: str) -> str:
    if rule.startswith(rules.CAPACITY_PREFIX):
        where = rule[len(rules.CAPACITY_PREFIX) :]
        return f"{where} 容量(vCPU)" if lang == "zh" else f"{where} capacity (vCPU)"
    return label(RULE_LABELS, rule, lang)


#: Number format of a rule's values, by the registry's kind of value.
_KIND_FORMAT = {rules.ValueKind.MONEY: MONEY, rules.ValueKind.SHARE: PCT, rules.ValueKind.INT: "0"}


def _rule_format(key: str) -> str:
    """How a value of rule `key` is shown (money, a percentage, a whole number, else 0.##)."""
    return _KIND_FORMAT.get(rules.rule(key).kind, "0.##")


def _widths(ws: Sheet, widths: list[int]) -> None:
    ws.set_widths(dict(enumerate(widths, start=1)))
    # print on landscape pages one sheet wide, so the charts beside the tables stay visible
    ws.ws.set_landscape()
    ws.ws.fit_to_pages(1, 0)


def add_analysis_sheets(wb: Book, report: AnalysisReport, lang: str = "zh") -> tuple[Sheet, Sheet]:
    """Add the 锁定风险 and 情景对比 sheets to a (plan) workbook; returns them."""
    t = TEXT[lang]
    taken = set(wb.sheetnames)
    lock = wb.add_sheet(sheet_title(t["lockin"], taken))
    scen = wb.add_sheet(sheet_title(t["scenarios"], taken))
    _lockin_sheet(lock, report, t, lang)
    _scenario_sheet(scen, report, t, lang)
    return lock, scen


def _lockin_sheet(ws: Sheet, report: AnalysisReport, t: dict[str, Any], lang: str) -> None:
    _widths(ws, [30, 18, 18, 18, 18, 14])
    row = 1
    _title(ws, row, t["lockin_title"])
    row += 1
    for line in report.messages:
        ws.value(row, 1, localize(line, lang))
        row += 1
    row += 1
    lk = report.lockin
    if lk is None:
        ws.value(row, 1, t["none"])
        row += 2
    else:
        for (name, fmt), value in zip(
            t["metrics"], (lk.max_vendor_share, lk.hhi, lk.vendors_used), strict=True
        ):
            ws.value(row, 1, name)
            ws.value(row, 2, value, _num(ws, fmt))
            row += 1
        row += 1
        _head(ws, row, t["exit_heads"])
        row += 1
        total = sum(lk.vendor_costs.values())
        for v in sorted(lk.vendor_costs, key=lambda v: -lk.vendor_costs[v]):
            cost = lk.vendor_costs[v]
            values = [
                v,
                round(cost, 2),
                cost / total if total > 0 else 0.0,
                round(lk.exit_cost[v], 2),
                round(lk.exit_years[v], 3),
            ]
            _row(ws, row, values, {2: MONEY, 3: PCT, 4: MONEY, 5: "0.00"})
            row += 1
        row += 1
    if report.vendor_loss:
        _title(ws, row, t["loss_title"])
        row += 1
        _head(ws, row, t["loss_heads"])
        row += 1
        for v in report.vendor_loss:
            within = "" if v.within_budget is None else (t["yes"] if v.within_budget else t["no"])
            values = [
                v.vendor,
                _status(t, v.status),
                _r2(v.total_annual_cost),
                _r2(v.delta),
                within,
                t["yes"] if v.critical else "",
            ]
            _row(ws, row, values, {3: MONEY, 4: MONEY}, FLAG_FILL if v.critical else None)
            row += 1
        row += 1
    if report.rule_prices:
        _title(ws, row, t["price_title"])
        row += 1
        _head(ws, row, t["price_heads"])
        row += 1
        for r in report.rule_prices:
            values = [
                _rule_name(r.rule, lang)
                if r.name is None
                else (r.name.en if lang == "en" else str(r.name)),
                t["yes"] if r.active else t["no"],
                _status(t, r.status),
                _r2(r.total_annual_cost_without),
                _r2(r.saving),
            ]
            _row(ws, row, values, {4: MONEY, 5: MONEY})
            row += 1
        row += 1
    if report.relaxations:
        _title(ws, row, t["relax_title"])
        row += 1
        _head(ws, row, t["relax_heads"])
        row += 1
        for r in report.relaxations:
            fmt = _rule_format(r.rule)
            ws.value(row, 1, _rule_name(r.rule, lang))
            ws.value(row, 2, r.current, _num(ws, fmt))
            ws.value(row, 3, r.value if r.value is not None else t["cannot"], _num(ws, fmt))
            ws.value(row, 4, localize(r.message, lang))
            row += 1
        row += 1
    ws.value(
        row, 1, t["note"].format(n=report.resolves, s=report.seconds), ws.book.fmt(italic=True)
    )


def _row(ws: Sheet, row: int, values: list[Any], formats: dict[int, str], fill: Any = None) -> None:
    """One table row from column 1: values as safe cells, number formats by column, optional fill."""
    for j, value in enumerate(values, start=1):
        props: dict[str, Any] = {}
        if j in formats:
            props["num_format"] = formats[j]
        if fill is not None:
            props["bg_color"] = fill
        ws.value(row, j, value, ws.book.fmt(**props) if props else None)


def _r2(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


def _scenario_sheet(ws: Sheet, report: AnalysisReport, t: dict[str, Any], lang: str) -> None:
    _widths(ws, [24, 14, 18, 18, 14, 16, 10, 10])
    row = 1
    _title(ws, row, t["scen_title"])
    row += 2
    _head(ws, row, t["scen_heads"])
    row += 1
    for s in report.scenarios:
        values = [
            localize(s.name, lang),
            t["kinds"].get(s.kind, s.kind),
            _status(t, s.status),
            _r2(s.total_annual_cost),
            s.xinchuang_share,
            s.max_vendor_share,
            None if s.hhi is None else round(s.hhi, 4),
            s.vendors_used,
        ]
        _row(ws, row, values, {4: MONEY, 5: PCT, 6: PCT, 7: "0.000"})
        row += 1
    row += 2
    # Trade-off tables side by side with a chart below each group.
    for rule, tr in report.tradeoffs.items():
        if not tr.points:
            continue
        _title(ws, row, t["trade_title"].format(rule=_rule_name(rule, lang)))
        row += 1
        _head(ws, row, t["trade_heads"])
        first = row + 1
        fmt = _rule_format(rule)
        whole = rules.rule(rule).kind is rules.ValueKind.INT
        for p in tr.points:
            row += 1
            is_current = abs(p.value - tr.current) < 1e-9
            ws.value(row, 1, int(p.value) if whole else p.value, _num(ws, fmt))
            ws.value(row, 2, _status(t, p.status))
            ws.value(row, 3, _r2(p.total_annual_cost), _num(ws, MONEY))
            # the current-policy series: the cost only at the policy's own value
            ws.value(row, 4, _r2(p.total_annual_cost) if is_current else None, _num(ws, MONEY))
        last = row
        chart = ws.book.xl.add_chart({"type": "line"})
        name = ws.title
        categories = [name, first - 1, 0, last - 1, 0]
        chart.add_series(
            {
                "name": [name, first - 2, 2],
                "categories": categories,
                "values": [name, first - 1, 2, last - 1, 2],
            }
        )
        # the current policy: a green diamond, no line
        chart.add_series(
            {
                "name": [name, first - 2, 3],
                "categories": categories,
                "values": [name, first - 1, 3, last - 1, 3],
                "line": {"none": True},
                "marker": {
                    "type": "diamond",
                    "size": 10,
                    "fill": {"color": "#2E7D32"},
                    "border": {"color": "#2E7D32"},
                },
            }
        )
        chart.set_title({"name": _rule_name(rule, lang)})
        chart.set_x_axis({"name": _rule_name(rule, lang)})
        chart.set_y_axis({"name": t["cost"], "num_format": "#,##0"})
        chart.set_size({"width": round(16 * 96 / 2.54), "height": round(7.5 * 96 / 2.54)})
        ws.ws.insert_chart(f"F{first - 1}", chart)
        row = max(last, first + 14) + 2
