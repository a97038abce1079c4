"""为什么这样分配: the 分配方案 side panel for one system in one year of a plan, one function for a
plain plan and a year plan alike.

It says where the system is and what that costs (by component), where it is each year and when
it moves (a year plan), the rule that keeps it off a cheaper platform when one is allowed (a
plain plan: found by planner.explain off the GUI thread and passed in), the cost on every platform
it may use and the reasons each other platform is excluded.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from planner.milp import RETIRED
from planner.model import Plan
from planner.text import join
from ui.app.i18n import current_lang, loc, tr
from ui.app.widgets import esc, yuan

#: A platform cheaper by less than this many 元 is a tie, not a cheaper platform (planner.explain).
TIE = 0.005


def system_index(cost_model: Any, name: str) -> int:
    """Index of the system called name in the cost model (its input's workloads)."""
    return next(i for i, wl in enumerate(cost_model.workloads) if wl.name == name)


def platform_costs(plan: Plan, cost_model: Any, w: int) -> np.ndarray:
    """What system w costs a year on each platform, as the plan compares platforms: a plain plan's
    annual total (one-time costs spread over 规划年限); a year plan's running bill that year
    (resources + security after discounts; the one-time costs of a move depend on where it
    comes from and fall in the year of the move)."""
    return np.asarray(cost_model.bill[w] if plan.is_year_plan else cost_model.total[w], float)


def has_cheaper_platform(plan: Plan, t: int, name: str, cost_model: Any) -> bool:
    """True when system name may use a platform cheaper than its own in period t."""
    period = plan.periods[t]
    a = next(x for x in period.assignments if x.workload.name == name)
    w = system_index(cost_model, name)
    costs = platform_costs(plan, cost_model, w)
    allowed = costs[np.asarray(cost_model.eligible[w], bool)]
    here = costs[cost_model.platform_index[a.platform.key]]
    return bool(allowed.size > 0 and float(here) > float(allowed.min()) + TIE)


def why_html(plan: Plan, t: int, name: str, cost_model: Any, binding: str | None = None) -> str:
    """The side panel for system name in period t of plan (a plain plan: t = 0), as HTML.

    cost_model: the cost model of that period (Plan.cost_model of plan.periods[t]; None: only
    where the system is and what it costs, without the platforms compared). binding: the
    sentence naming the rule that keeps the system off a cheaper platform, when known (a plain
    plan); None while it is being worked out.
    """
    period = plan.periods[t]
    year = plan.years[t] if plan.is_year_plan else None
    a = next(x for x in period.assignments if x.workload.name == name)
    cm = cost_model
    html = [_head(a, year)]
    if plan.is_year_plan:
        assert plan.input is not None
        w = next(i for i, wl in enumerate(plan.input.workloads) if wl.name == name)
        html.append(_route(plan, t, w, name))
        j_now = plan.locations[w][t]
        if cm is not None and j_now >= 0 and not cm.eligible[w, j_now]:
            html.append(
                "<p style='color:#8a5a00'>"
                + tr(
                    "{y} 年仍在现平台：合同到期（或最早上云年份）之前、或标为保持不动的系统留在原处，不按下面的条件挑选平台。"
                ).format(y=year)
                + "</p>"
            )
    elif cm is not None and has_cheaper_platform(plan, t, name, cm):
        text = binding or tr("有更便宜的可选平台；正在查找让它留在这里的规则…")
        html.append("<p style='color:#8a5a00'>" + esc(text) + "</p>")
    if cm is not None:
        html.extend(_platforms(plan, cm, system_index(cm, name), a, year))
    if plan.is_year_plan and len(plan.years) > 1:
        html.append(
            "<p style='color:#555'>"
            + tr(
                "分年计划按全部年份一起求解：一个系统迁往哪里、哪年迁，取决于各年的预算、信创目标和迁移上限。"
            )
            + "</p>"
        )
    return "".join(html)


def _platforms(plan: Plan, cm: Any, w: int, a: Any, year: int | None) -> list[str]:
    """The cost on every platform the system may use (its own ticked), then the platforms it
    may not use with the reasons."""
    html: list[str] = []
    costs = platform_costs(plan, cm, w)
    chosen = cm.platform_index[a.platform.key]
    eligible = sorted((float(costs[p]), p) for p in range(len(cm.platforms)) if cm.eligible[w, p])
    title = (
        tr("可部署的平台（年度费用）")
        if year is None
        else tr(
            "{y} 年在各可部署平台的运行费用（资源 + 安全服务，扣除折扣，不含一次性费用）"
        ).format(y=year)
    )
    html.append(f"<p><b>{title}</b></p><table cellspacing='0' cellpadding='3' width='100%'>")
    for cost, p in eligible:
        mark = " ✔" if p == chosen else ""
        style = " style='font-weight:600; background:#e6f4ea'" if p == chosen else ""
        html.append(
            f"<tr{style}><td>{esc(cm.platforms[p].label)}{mark}</td>"
            f"<td align='right'>{yuan(cost)}</td></tr>"
        )
    html.append("</table>")
    excluded = [
        f"<li>{esc(loc(join((r.msg() for r in cm.reasons(w, p)), '；', '; ')))}</li>"
        for p in range(len(cm.platforms))
        if not cm.eligible[w, p]
    ]
    if excluded:
        html.append(
            "<p><b>" + tr("不能部署的平台及原因") + "</b></p><ul style='margin-left:-20px'>"
        )
        html.extend(excluded)
        html.append("</ul>")
    return html


def _head(a: Any, year: int | None) -> str:
    """Where the system is and what it costs there, by component; a year plan's one-time costs
    fall in full in the year of the move."""
    c = a.cost
    if year is None:
        head = tr("<b>{name}</b> → {platform}，年度 {cost}").format(
            name=esc(a.workload.name), platform=esc(a.platform.label), cost=yuan(c.total)
        )
    else:
        head = tr("<b>{name}</b> → {platform}，{y} 年 {cost}").format(
            name=esc(a.workload.name), platform=esc(a.platform.label), y=year, cost=yuan(c.total)
        )
    if c.discount > TIE:  # what the vendor bills, after its term/resource discounts
        parts = [
            tr("资源与安全服务（折后，已扣 {d}）{v}").format(
                d=yuan(c.discount), v=yuan(c.net_price)
            )
        ]
    else:
        parts = [
            tr("资源 {v}").format(v=yuan(c.run_cost)),
            tr("安全服务 {v}").format(v=yuan(c.security_cost)),
        ]
    if c.migration_annual:
        label = tr("迁移分摊 {v}") if year is None else tr("迁移费用 {v}")
        parts.append(label.format(v=yuan(c.migration_annual)))
    if c.adaptation_annual:
        label = tr("信创适配分摊 {v}") if year is None else tr("信创适配费用 {v}")
        parts.append(label.format(v=yuan(c.adaptation_annual)))
    return f"<p>{head}<br><span style='color:#555'>{' + '.join(parts)}</span></p>"


def _route(plan: Plan, t: int, w: int, name: str) -> str:
    """Where the system is in each plan year, its moves with their one-time costs; year t bold."""
    assert plan.input is not None
    moves = {(k, m.workload.name): m for k, wave in enumerate(plan.moves) for m in wave}
    colon = "：" if current_lang() == "zh" else ": "
    lines = []
    for k, y in enumerate(plan.years):
        j = plan.locations[w][k]
        where = (
            tr("已下线")
            if j == RETIRED
            else (plan.input.platforms[j].label if j >= 0 else tr("自建机房"))
        )
        text = f"{y}{colon}{esc(where)}"
        m = moves.get((k, name))
        if m is not None:
            text = f"{y}{colon}▶ {esc(where)} " + tr("（迁入，一次性费用 {once}）").format(
                once=yuan(m.one_time_cost)
            )
        lines.append(f"<b>{text}</b>" if k == t else text)
    return (
        "<p>"
        + tr("<b>{name}</b> 在各年的位置").format(name=esc(name))
        + "<br>"
        + "<br>".join(lines)
        + "</p>"
    )
