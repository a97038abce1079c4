"""The optional 折扣 (discounts) and 指定规则 (assignment rules) sheets of a canonical workbook.

Read into planner.model.Discount / SystemRule with the cross-checks of issue 13 (vendors,
platforms and systems must exist; a vendor's volume tiers share one mode and their factors
fall as the thresholds rise; a resource discount names a resource; a group rule names at least
two systems). Columns are in data/schema.csv like every other sheet.
"""

from __future__ import annotations

import re

from data.cells import Reader, Table, parse_factor, records
from planner.model import (
    Discount,
    DiscountKind,
    Platform,
    PriceLine,
    SystemRule,
    SystemRuleKind,
    TierMode,
    Workload,
)
from planner.text import Msg, bi

#: Labels of the 折扣 / 指定规则 enumerations as (中文, English), the shape of planner.labels tables.
TERM_ENUM_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "discount_kind": {
        "term": ("期限折扣", "term"),
        "volume": ("总额阶梯", "volume"),
        "resource": ("资源折扣", "resource"),
    },
    "tier_mode": {"whole": ("全额", "whole"), "above": ("超出部分", "above")},
    "system_rule": {
        "pin": ("固定到", "pin"),
        "forbid": ("禁止", "forbid"),
        "same_platform": ("同平台", "same_platform"),
        "different_vendor": ("不同供应商", "different_vendor"),
        "no_public": ("不上公有云", "no_public"),
    },
}
#: English column titles of the optional sheets and columns (the app's table headers).
TERM_EN_TITLES = {
    "perf_factor": "Performance factor",
    "min_qty": "From quantity",
    "max_qty": "To quantity",
    "min_annual": "Minimum (CNY/yr)",
    "setup_fee": "Setup fee (CNY)",
    "kind": "Discount type",
    "threshold": "Threshold",
    "factor": "Discount",
    "mode": "Tier mode",
    "rule": "Rule",
    "systems": "Systems",
}


def check_bands(reader: Reader, t: Table, prices: list[PriceLine], rows: list[int]) -> None:
    """Step prices (起始数量/截止数量) of one platform's resource must tile [0, ∞) without gaps or
    overlaps, each band's start below its end, and no plain line beside them."""
    groups: dict[tuple[str, str, str], list[tuple[int, PriceLine]]] = {}
    for row, line in zip(rows, prices, strict=True):
        if line.resource != "instance":
            groups.setdefault((line.vendor, line.platform, line.resource), []).append((row, line))
    col = t.headers.get("min_qty", "起始数量")
    for (vendor, platform, resource), lines in groups.items():
        banded = [(r, ln) for r, ln in lines if ln.min_qty is not None or ln.max_qty is not None]
        if not banded:
            continue
        where = f"{vendor}/{platform} {resource}"
        if len(banded) < len(lines):
            row = next(r for r, ln in lines if ln.min_qty is None and ln.max_qty is None)
            reader.issue(
                file=t.file,
                sheet=t.sheet,
                row=row,
                column=col,
                value=where,
                message=Msg(
                    "同一资源既有阶梯价又有不分段的单价",
                    "The resource has both step prices and a plain price",
                ),
                hint=Msg(
                    "请给这一行也填写起始数量/截止数量，或删除它",
                    "Give this line a from/to quantity as well, or delete it",
                ),
            )
            continue
        ordered = sorted(banded, key=lambda rl: rl[1].min_qty or 0.0)
        end = 0.0
        for k, (row, ln) in enumerate(ordered):
            lo = ln.min_qty or 0.0
            hi = ln.max_qty
            if hi is not None and hi <= lo:
                problem = bi(
                    "截止数量 {hi:g} 不大于起始数量 {lo:g}",
                    "The to-quantity {hi:g} is not above the from-quantity {lo:g}",
                    hi=hi,
                    lo=lo,
                )
            elif abs(lo - end) > 1e-9:
                problem = bi(
                    "阶梯不连续：上一段止于 {e:g}，本段起于 {lo:g}",
                    "The steps do not join: the previous one ends at {e:g}, this one starts at {lo:g}",
                    e=end,
                    lo=lo,
                )
            elif hi is None and k < len(ordered) - 1:
                problem = Msg(
                    "只有最后一段可以不填截止数量",
                    "Only the last step may leave the to-quantity blank",
                )
            else:
                end = hi if hi is not None else end
                continue
            reader.issue(
                file=t.file,
                sheet=t.sheet,
                row=row,
                column=col,
                value=where,
                message=problem,
                hint=Msg(
                    "各段应首尾相接：0–5、5–10、10 以上（最后一段截止数量留空）",
                    "The steps must join end to start: 0–5, 5–10, 10 and above (leave the last to-quantity blank)",
                ),
            )
            break


def _split_names(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in re.split(r"[、,，;；\n]", text) if s.strip())


def read_discounts(
    reader: Reader,
    t: Table,
    platforms: list[Platform],
    declared: set[tuple[str, str]] | None = None,
) -> list[Discount]:
    """Discount rows of the 折扣 sheet (rows with an error are reported and left out); declared:
    the platform sheet's (vendor, platform) pairs, rows with errors included."""

    vendors = {p.vendor for p in platforms} | {v for v, _ in declared or ()}
    out: list[Discount] = []
    tier_rows: dict[str, list[tuple[int, Discount]]] = {}
    for row, v in records(reader, t, "discounts"):
        if not v["_ok"]:
            continue
        if vendors and v["vendor"] not in vendors:
            reader.issue(
                file=t.file,
                sheet=t.sheet,
                row=row,
                column=t.headers.get("vendor", "供应商"),
                value=v["vendor"],
                message=Msg("平台表中没有这个供应商", "This vendor is not on the platforms sheet"),
                hint=bi(
                    "请改为已有供应商：{vs}",
                    "Use a vendor listed there: {vs}",
                    vs="、".join(sorted(vendors)),
                ),
            )
            continue
        kind = DiscountKind(v["kind"])
        if kind is DiscountKind.RESOURCE and not v["resource"]:
            reader.issue(
                file=t.file,
                sheet=t.sheet,
                row=row,
                column=t.headers.get("resource", "资源"),
                value="",
                message=Msg("资源折扣须填写资源", "A resource discount needs the resource"),
                hint=Msg(
                    "请填写适用的资源，例如 存储",
                    "Enter the resource it applies to, e.g. storage_gb",
                ),
            )
            continue
        if kind is DiscountKind.VOLUME and not v["threshold"]:
            reader.issue(
                file=t.file,
                sheet=t.sheet,
                row=row,
                column=t.headers.get("threshold", "门槛"),
                value="",
                message=Msg("总额阶梯须填写门槛金额", "A volume tier needs its threshold"),
                hint=Msg(
                    "请填写年度合同额门槛（元），例如 1000000 或 100万",
                    "Enter the annual spend threshold in 元, e.g. 1000000",
                ),
            )
            continue
        d = Discount(
            v["vendor"],
            kind,
            float(v["factor"]),
            float(v["threshold"] or 0.0),
            TierMode(v["mode"] or "whole"),
            v["resource"] if kind is DiscountKind.RESOURCE else None,
        )
        if kind is DiscountKind.VOLUME:
            tier_rows.setdefault(d.vendor, []).append((row, d))
        out.append(d)
    for vendor, tiers in tier_rows.items():
        if len({d.mode for _, d in tiers}) > 1:
            row = tiers[-1][0]
            reader.issue(
                file=t.file,
                sheet=t.sheet,
                row=row,
                column=t.headers.get("mode", "阶梯方式"),
                value=vendor,
                message=bi(
                    "{v} 的总额阶梯方式不一致", "The volume tiers of {v} mix modes", v=vendor
                ),
                hint=Msg(
                    "同一供应商的各档阶梯须同为“全额”或同为“超出部分”",
                    "All tiers of one vendor must be 'whole' or all 'above'",
                ),
            )
        ordered = sorted(tiers, key=lambda rd: rd[1].threshold)
        for (_, lo), (row, hi) in zip(ordered, ordered[1:], strict=False):
            if hi.factor >= lo.factor or hi.threshold == lo.threshold:
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers.get("factor", "折扣"),
                    value=f"{hi.factor:g}",
                    message=bi(
                        "{v} 的总额阶梯：门槛越高折扣应越低（价格乘数越小），且门槛不能重复",
                        "Volume tiers of {v}: a higher threshold must have a lower multiplier, "
                        "and thresholds may not repeat",
                        v=vendor,
                    ),
                    hint=Msg("请检查各档门槛与折扣", "Check each tier's threshold and discount"),
                )
    return out


def read_system_rules(
    reader: Reader,
    t: Table,
    platforms: list[Platform],
    workloads: list[Workload],
    named: set[str] | None = None,
    declared: set[tuple[str, str]] | None = None,
) -> list[SystemRule]:
    """Rules of the 指定规则 sheet (rows with an error are reported and left out).

    named / declared: every system name / (vendor, platform) on the workloads / platforms sheets,
    rows with errors included, so a problem in such a row is not reported again here.
    """

    names = {w.name for w in workloads} | set(named or ())
    keys = {p.key for p in platforms} | set(declared or ())
    vendors = {v for v, _ in keys}
    out: list[SystemRule] = []
    for row, v in records(reader, t, "system_rules"):
        if not v["_ok"]:
            continue
        kind = SystemRuleKind(v["rule"])
        systems = _split_names(v["systems"])
        col_sys = t.headers.get("systems", "系统")
        unknown = [s for s in systems if s not in names]
        if unknown:
            reader.issue(
                file=t.file,
                sheet=t.sheet,
                row=row,
                column=col_sys,
                value=v["systems"],
                message=bi(
                    "业务系统表中没有：{s}", "Not on the workloads sheet: {s}", s="、".join(unknown)
                ),
                hint=Msg(
                    "请使用业务系统表中的系统名称，多个系统用、分隔",
                    "Use system names from the workloads sheet, separated by commas",
                ),
            )
            continue
        group = kind in (SystemRuleKind.SAME_PLATFORM, SystemRuleKind.DIFFERENT_VENDOR)
        if group and len(set(systems)) < 2:
            reader.issue(
                file=t.file,
                sheet=t.sheet,
                row=row,
                column=col_sys,
                value=v["systems"],
                message=Msg(
                    "同平台/不同供应商须列出至少两个系统",
                    "same_platform / different_vendor needs at least two systems",
                ),
                hint=Msg("用、分隔多个系统名称", "Separate the system names with commas"),
            )
            continue
        vendor, platform = v["vendor"] or None, v["platform"] or None
        if kind in (SystemRuleKind.PIN, SystemRuleKind.FORBID):
            if vendor not in vendors or (platform and (vendor, platform) not in keys):
                shown = "、".join(f"{a}/{b}" for a, b in sorted(keys))
                reader.issue(
                    file=t.file,
                    sheet=t.sheet,
                    row=row,
                    column=t.headers.get("platform" if vendor in vendors else "vendor", "供应商"),
                    value=f"{vendor or ''}/{platform or ''}",
                    message=Msg(
                        "固定到/禁止须填写平台表中已有的供应商（及平台）",
                        "pin / forbid needs a vendor (and platform) from the platforms sheet",
                    ),
                    hint=bi("可用：{k}", "Available: {k}", k=shown),
                )
                continue
        else:
            vendor = platform = None
        out.append(SystemRule(kind, systems, vendor, platform))
    return out


__all__ = [
    "TERM_ENUM_LABELS",
    "TERM_EN_TITLES",
    "check_bands",
    "parse_factor",
    "read_discounts",
    "read_system_rules",
]
