"""Resolving the lines a sheet states into the lines a plan uses.

A sheet may state one price several times (a spec repeated, a Windows and a Linux column, a
disk table for every pool, step prices, a row marked "*" as no longer sold). Reading keeps them
all (:attr:`QuoteSheet.read`, what ``yunce prices`` shows); this module turns them into one line
per vendor, pool, resource and spec (one per band for step prices), and says for every line
not used which one is used instead and why; choices that change a price are 需确认.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from data.quote_lines import ALL_POOLS, QuoteLine, QuoteSheet
from data.workbook import ValidationIssue
from planner.labels import RESOURCE_LABELS
from planner.model import instance_spec_label
from planner.text import Msg, bi, join, pair

_COL_POOL = Msg("资源池", "pool")


def _storage_rank(text: str) -> int:
    from data.schema import normalise

    t = normalise(text)
    return 1 if any(w in t for w in ("ssd", "高性能", "超高", "极速", "essd", "nvme")) else 0


def resolve(out: QuoteSheet) -> list[QuoteLine]:
    """The lines the plan uses, from the lines read (out.read); every line left out is said."""
    kept: list[QuoteLine] = []
    excluded: dict[tuple[str, str, str], list[QuoteLine]] = {}
    for line in out.read:
        if not line.platform:
            continue  # no pool: an error names the rows (NO_POOL)
        if "gpu" in line.flags:
            excluded.setdefault((line.file, line.sheet, "gpu"), []).append(line)
        elif "not_for_new" in line.flags:
            excluded.setdefault((line.file, line.sheet, "not_for_new"), []).append(line)
        else:
            kept.append(line)
    for (file, sheet, why), lines in excluded.items():
        rows = tuple(dict.fromkeys(x.source_row for x in lines))
        if why == "gpu":
            message = bi(
                "{n} 行是含 GPU 的实例：已识别，不用于规划（Yunce 不计 GPU，其 vCPU/内存价格含 GPU 费用）",
                "{n} rows are GPU instances: recognised, not used in planning (Yunce does not "
                "count GPUs, and their vCPU/RAM price includes the GPU)",
                n=len(rows),
            )
            hint = Msg(
                "无需处理；GPU 需求请另行比较", "Nothing to do; compare GPU needs separately"
            )
        else:
            message = bi(
                "{n} 行标有注释「{note}」：不再出售，不用于规划",
                "{n} rows carry the footnote '{note}': no longer sold, not used in planning",
                n=len(rows),
                note=lines[0].note,
            )
            hint = Msg(
                "如这些规格仍可购买，请删去标记后再导入",
                "If these specs can still be bought, remove the marks and import again",
            )
        out.issues.append(
            ValidationIssue(
                file,
                sheet,
                rows[0],
                "",
                lines[0].item[:40],
                message,
                hint,
                "warning",
                rows=rows,
            )
        )
    out.lines = kept
    out.lines = _expand_all_pools(out)
    out.lines = _choose_step_functions(out)
    out.lines = _dedupe(out)
    out.lines = _apply_resource_sections(out)
    _warn_missing(out)
    out.issues.extend(out.missing)
    return out.lines


def _expand_all_pools(out: QuoteSheet) -> list[QuoteLine]:
    pools: dict[str, dict[str, None]] = {}  # vendor → its pools, in order (a dict: no scan)
    for line in out.lines:
        if line.platform != ALL_POOLS:
            pools.setdefault(line.vendor, {})[line.platform] = None
    specific = {(x.vendor, x.platform, x.resource) for x in out.lines if x.platform != "*"}
    result = []
    said: set[tuple[str, str, str, str]] = set()
    for line in out.lines:
        if line.platform != "*":
            result.append(line)
            continue
        targets = list(pools.get(line.vendor, {}))
        if not targets:
            out.issues.append(
                ValidationIssue(
                    line.file,
                    line.sheet,
                    line.source_row,
                    _COL_POOL,
                    Msg("全部", "all"),
                    message=Msg(
                        "适用于全部资源池，但文件中没有任何资源池",
                        "Applies to all pools, but the file names no pool",
                    ),
                    hint=Msg("请注明资源池名称", "Give the pool name"),
                )
            )
            continue
        applied = [p for p in targets if (line.vendor, p, line.resource) not in specific]
        key = (line.file, line.sheet, line.vendor, line.resource)
        if applied and key not in said:
            said.add(key)
            names = Msg("、".join(applied), ", ".join(f"'{p}'" for p in applied))
            out.issues.append(
                ValidationIssue(
                    line.file,
                    line.sheet,
                    line.source_row,
                    _COL_POOL,
                    Msg("全部", "all"),
                    severity="warning",
                    message=bi(
                        "{r}价格未注明资源池：已适用于「{v}」的各资源池（{p}）",
                        "The {r} price names no pool: applied to every pool of '{v}' ({p})",
                        r=pair(RESOURCE_LABELS, line.resource),
                        v=line.vendor,
                        p=names,
                    ),
                    hint=Msg(
                        "如只适用于某个资源池，请在表中加「资源池」列",
                        "If it applies to one pool only, add a pool column",
                    ),
                )
            )
        for p in targets:
            if (
                line.vendor,
                p,
                line.resource,
            ) not in specific:  # a pool's own price wins over the general one
                result.append(replace(line, platform=p))
    return result


def _cost(function: list[QuoteLine], n: float) -> float:
    """元 a year of n units under one price function (its bands, or one flat price)."""
    total = 0.0
    for x in function:
        lo = x.min_qty or 0.0
        hi = n if x.max_qty is None else min(n, x.max_qty)
        if x.step or x.min_qty is not None or x.max_qty is not None:
            total += x.annual_price * max(0.0, hi - lo)
        else:
            total += x.annual_price * n
    return total


def _choose_step_functions(out: QuoteSheet) -> list[QuoteLine]:
    """One price function per vendor, pool and bandwidth/storage when a step table is among
    them (单线 and BGP steps, or steps and a flat price): the one no dearer at any quantity, else
    the first listed; either way 需确认 (the choice changes the price), the others named."""
    groups: dict[tuple[str, str, str], dict[tuple[Any, ...], list[QuoteLine]]] = {}
    for x in out.lines:
        if x.resource not in ("bandwidth_mbps", "storage_gb"):
            continue
        fid = (x.file, x.sheet, x.variant, x.label) if x.step else (id(x),)
        groups.setdefault((x.vendor, x.platform, x.resource), {}).setdefault(fid, []).append(x)
    drop: set[int] = set()
    for (_vendor, pool, resource), functions in groups.items():
        if len(functions) < 2 or not any(x.step for f in functions.values() for x in f):
            continue
        cuts = sorted(
            {q for f in functions.values() for x in f for q in (x.min_qty, x.max_qty) if q}
            | {1.0, 10.0, 100.0, 1000.0}
        )
        points = sorted({*cuts, *(c + 0.5 for c in cuts)})
        fs = list(functions.values())
        costs = [[_cost(f, n) for n in points] for f in fs]
        best = next(
            (
                i
                for i in range(len(fs))
                if all(
                    costs[i][k] <= costs[j][k] + 1e-9
                    for j in range(len(fs))
                    for k in range(len(points))
                )
            ),
            None,
        )
        dominated = best is not None
        win = fs[best if best is not None else 0]
        for f in fs:
            if f is not win:
                drop.update(id(x) for x in f)
        unit = "Mbps" if resource == "bandwidth_mbps" else "GB"
        names = [(f[0].variant or f[0].label or f[0].item or "?") for f in fs]
        chosen = win[0].variant or win[0].label or win[0].item or "?"
        rows = tuple(sorted({x.source_row for f in fs for x in f}))
        others = Msg(
            "、".join(n for n in names if n != chosen), ", ".join(n for n in names if n != chosen)
        )
        message = (
            bi(
                "资源池「{p}」的{r}有 {n} 种价格（{all}）：按「{w}」计，它在任何用量下都不贵于其他（推测）",
                "Pool '{p}' has {n} {r_en} prices ({all_en}): '{w}' is used, no dearer at any "
                "quantity (a guess)",
                p=pool,
                r="带宽" if unit == "Mbps" else "存储",
                r_en="bandwidth" if unit == "Mbps" else "storage",
                n=len(fs),
                all="、".join(names),
                all_en=", ".join(names),
                w=chosen,
            )
            if dominated
            else bi(
                "资源池「{p}」的{r}有 {n} 种价格（{all}），随用量各有高低：按表中先列出的「{w}」计（推测）",
                "Pool '{p}' has {n} {r_en} prices ({all_en}) that cross as the quantity grows: "
                "'{w}', listed first, is used (a guess)",
                p=pool,
                r="带宽" if unit == "Mbps" else "存储",
                r_en="bandwidth" if unit == "Mbps" else "storage",
                n=len(fs),
                all="、".join(names),
                all_en=", ".join(names),
                w=chosen,
            )
        )
        first = win[0]
        out.issues.append(
            ValidationIssue(
                first.file,
                first.sheet,
                rows[0],
                "",
                chosen,
                message,
                bi(
                    "如县里要用「{o}」，请删去不用的那几行，或在版式中把它们标为忽略",
                    "If the county needs '{o}', delete the rows not wanted or mark them ignored "
                    "in the layout",
                    o=others,
                ),
                "warning",
                confirm="variant",
                rows=rows,
            )
        )
    return [x for x in out.lines if id(x) not in drop]


def _dedupe(out: QuoteSheet) -> list[QuoteLine]:
    """One line per vendor, pool, resource and spec: the standard storage tier, the dearer
    bandwidth step, otherwise the cheapest a year (the first on a tie); every other line is
    reported once against the line used."""
    groups: dict[tuple[Any, ...], list[QuoteLine]] = {}
    for line in out.lines:
        groups.setdefault(
            (line.vendor, line.platform, line.resource, line.vcpu, line.ram_gb)
            + ((line.min_qty, line.max_qty) if line.step else ()),
            [],
        ).append(line)
    kept: list[QuoteLine] = []
    choices: dict[tuple[str, str, str], dict[str, set[int]]] = {}
    for lines in groups.values():
        if len(lines) == 1:
            kept.append(lines[0])
            continue
        tiers = {_storage_rank(x.item) for x in lines} if lines[0].resource == "storage_gb" else {0}
        steps = all(x.step for x in lines)

        def rank(x: QuoteLine, tiers: set[int] = tiers, steps: bool = steps) -> tuple[Any, ...]:
            tier = _storage_rank(x.item) if len(tiers) > 1 else 0
            return (tier, -x.annual_price if steps else x.annual_price)

        win = min(lines, key=rank)  # min keeps the first of equals
        kept.append(win)
        said: set[tuple[int, str]] = set()
        for x in lines:
            key = (x.source_row, x.label if x.source_row == win.source_row else "")
            if x is win or key in said:
                continue  # a repeated row is said once, not once per price column
            said.add(key)
            out.issues.append(_dropped(x, win, tiers, steps))
            if x.variant != win.variant and x.variant and win.variant:
                choices.setdefault((win.file, win.sheet, win.variant), {}).setdefault(
                    x.variant, set()
                ).update((x.source_row, win.source_row))
    for (file, sheet, used), others in choices.items():
        rows = tuple(sorted({r for rs in others.values() for r in rs}))
        names = list(others)
        out.issues.append(
            ValidationIssue(
                file,
                sheet,
                rows[0],
                "",
                used,
                bi(
                    "同一资源池同一规格有「{w}」和「{o}」两种价格：{n} 行按更便宜的「{w}」计（推测）",
                    "The same pool and spec is priced for '{w}' and '{o_en}': in {n} rows the "
                    "cheaper, '{w}', is used (a guess)",
                    w=used,
                    o=Msg("、".join(names), "', '".join(names)),
                    o_en=Msg("、".join(names), "', '".join(names)),
                    n=len(rows),
                ),
                bi(
                    "如县里的系统需要「{o}」，请在版式中把「{w}」的价格列标为忽略",
                    "If the county's systems need '{o}', mark the '{w}' price columns ignored in "
                    "the layout",
                    o=Msg("、".join(names), "', '".join(names)),
                    w=used,
                ),
                "warning",
                confirm="variant",
                rows=rows,
            )
        )
    order = {id(x): i for i, x in enumerate(out.lines)}
    return sorted(kept, key=lambda x: order[id(x)])


def _dropped(line: QuoteLine, win: QuoteLine, tiers: set[int], steps: bool) -> ValidationIssue:
    """The report line for a price line not used because win is."""
    label = (
        instance_spec_label(line.vcpu, line.ram_gb) if line.vcpu and line.ram_gb else line.resource
    )
    if len(tiers) > 1 and _storage_rank(line.item) != _storage_rank(win.item):
        return ValidationIssue(
            line.file,
            line.sheet,
            line.source_row,
            "",
            bi("{p} 存储", "{p} storage", p=line.platform),
            severity="warning",
            message=bi(
                "同一资源池有多档存储价格，按普通档（第 {r} 行）计，高性能档未使用",
                "The pool has several storage prices; the standard tier (row {r}) is used, the "
                "high-performance tier is not",
                r=win.source_row,
            ),
            hint=Msg(
                "如系统需要 SSD，请只保留 SSD 那一行",
                "If your systems need SSD, keep only the SSD row",
            ),
        )
    if steps:
        return ValidationIssue(
            line.file,
            line.sheet,
            line.source_row,
            "",
            f"{line.platform} {line.item}",
            severity="warning",
            message=bi(
                "带宽阶梯价格：按较高一档（第 {r} 行，{p} 元）计，本档未使用（偏保守）",
                "Bandwidth step prices: the dearer step (row {r}, {p} yuan) is used, not this one "
                "(on the safe side)",
                r=win.source_row,
                p=f"{win.unit_price:g}",
            ),
            hint=Msg(
                "如本县带宽都在这一档内，可只保留这一行",
                "If all of the county's bandwidth falls in this step, keep only this row",
            ),
        )
    if line.source_row == win.source_row and line.label and win.label:
        return ValidationIssue(
            line.file,
            line.sheet,
            line.source_row,
            line.label,
            f"{line.platform} {label}",
            severity="warning",
            message=bi(
                "「{a}」价格未使用：按「{b}」计（折合每年 {y} 元，更便宜）",
                "The '{a}' price is not used: '{b}' is ({y} yuan a year, cheaper)",
                a=line.label,
                b=win.label,
                y=f"{win.annual_price:,.2f}",
            ),
            hint=Msg(
                "如须按其他计费方式，请删去不用的价格列",
                "To plan with another term, delete the price columns not wanted",
            ),
        )
    extra = (
        Msg("，高性能档未使用", " (the high-performance tier is not used)")
        if line.resource == "storage_gb"
        else Msg("")
    )
    a, b, r = f"{line.unit_price:,.2f}", f"{win.unit_price:,.2f}", win.source_row
    pa = "月" if line.period == "month" else "年"
    pb = "月" if win.period == "month" else "年"
    where = f"工作表「{win.sheet}」" if win.sheet != line.sheet else ""
    where_en = f"sheet '{win.sheet}' " if win.sheet != line.sheet else ""
    return ValidationIssue(
        line.file,
        line.sheet,
        line.source_row,
        "",
        f"{line.platform} {label}",
        severity="warning",
        message=Msg(  # formatted directly (not with bi): one message per duplicate line
            f"重复报价，按{where}第 {r} 行的价格计，本行未使用（本行 {a} 元/{pa}，所用 {b} 元/{pb}）"
            f"{extra.zh}",
            f"Duplicate price; the price in {where_en}row {r} is used, not this row (this row "
            f"{a}, used {b} yuan a {win.period}){extra.en}",
        ),
        hint=_ONE_PRICE_HINT,
    )


_ONE_PRICE_HINT = Msg(
    "同一资源池同一资源只保留一个单价", "Keep one unit price per resource and pool"
)
_COMPUTE = ("vcpu", "ram_gb", "instance")


def _apply_resource_sections(out: QuoteSheet) -> list[QuoteLine]:
    """A storage-only or bandwidth-only table of a vendor (a section or sheet named "云硬盘",
    "3.2 存储", "带宽") prices every compute pool of that vendor that has no such price itself."""
    pools: dict[tuple[str, str], list[QuoteLine]] = {}
    for line in out.lines:
        pools.setdefault((line.vendor, line.platform), []).append(line)
    compute = {k for k, ls in pools.items() if any(x.resource in _COMPUTE for x in ls)}
    result = [
        x
        for x in out.lines
        if (x.vendor, x.platform) in compute
        or out.pool_origin.get((x.vendor, x.platform)) not in ("section", "sheet")
    ]
    for (vendor, pool), ls in pools.items():
        if (vendor, pool) in compute or out.pool_origin.get((vendor, pool)) not in (
            "section",
            "sheet",
        ):
            continue
        targets = [k for k in compute if k[0] == vendor]
        if not targets:
            continue
        result = [x for x in result if (x.vendor, x.platform) != (vendor, pool)]
        out.platforms.pop((vendor, pool), None)
        for x in ls:
            for _v, p in targets:
                if not any(
                    y.resource == x.resource and (y.vendor, y.platform) == (vendor, p)
                    for y in result
                ):
                    result.append(replace(x, platform=p))
        names = Msg("、".join(p for _v, p in targets), ", ".join(f"'{p}'" for _v, p in targets))
        what = join(
            [pair(RESOURCE_LABELS, r) for r in dict.fromkeys(x.resource for x in ls)], "、", ", "
        )
        out.issues.append(
            ValidationIssue(
                ls[0].file,
                ls[0].sheet,
                ls[0].source_row,
                _COL_POOL,
                pool,
                severity="warning",
                message=bi(
                    "「{s}」只有{w}的价格，不是计算资源池：已适用于{v}的各计算资源池（{p}）",
                    "'{s}' prices only {w} and is not a compute pool: applied to every compute "
                    "pool of '{v}' ({p})",
                    s=pool,
                    w=what,
                    v=vendor,
                    p=names,
                ),
                hint=Msg(
                    "如只适用于某个资源池，请在表中加「资源池」列",
                    "If it applies to one pool only, add a pool column",
                ),
            )
        )
    return result


def _warn_missing(out: QuoteSheet) -> None:
    """A compute pool without a storage, bandwidth or security price is said by name."""
    have: dict[tuple[str, str], set[str]] = {}
    for line in out.lines:
        have.setdefault((line.vendor, line.platform), set()).add(line.resource)
    for (vendor, pool), res in have.items():
        if not res & set(_COMPUTE):
            continue
        missing = [r for r in ("storage_gb", "bandwidth_mbps") if r not in res]
        if not any(r.startswith("security_") for r in res):
            missing.append("security")
        for r in missing:
            name = _RES_NAMES[r]
            out.missing.append(
                ValidationIssue(
                    out.file,
                    "",
                    None,
                    _COL_POOL,
                    f"{vendor}/{pool}",
                    severity="warning",
                    message=Msg(  # formatted directly (not with bi): one per pool of a big sheet
                        f"资源池「{pool}」没有{name.zh}价格：需要{name.zh}的系统不会放在这里",
                        f"Pool '{pool}' has no {name.en} price: systems that need it will not be "
                        "placed there",
                    ),
                    hint=_MISSING_HINT,
                )
            )


_RES_NAMES = {
    "storage_gb": Msg("存储", "storage"),
    "bandwidth_mbps": Msg("带宽", "bandwidth"),
    "security": Msg("等保安全服务", "MLPS security package"),
}
_MISSING_HINT = Msg(
    "请向供应商补充该项报价，或一并导入其单独的存储/带宽/安全服务报价",
    "Ask the vendor for this price, or import its separate storage/bandwidth/security price "
    "sheet too",
)
