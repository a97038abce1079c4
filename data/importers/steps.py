"""Step tables (阶梯价) → step prices the model bills per system's own quantity.

Two kinds of table are read:

* **whole-step prices**: rows "1Mbps | 13", "2Mbps | 26" … give the price of the whole bandwidth,
  then "5Mbps以上，每Mbps费用 | 40" the price of each Mbps above; the step between two rows
  becomes a band (0–1 at 13, 1–2 at 13, 2–3 at 14 …, above 5 at 40 per Mbps; equal neighbours
  merged), so N Mbps cost exactly the row's price (and 70 + 40 × (N − 5) above 5);
* **per-unit prices by range**: "1-5Mbps | 23 元/Mbps", "6Mbps及以上 | 80 元/Mbps" — each
  range is a band at its own price per unit.

What the bands reproduce exactly is what the table writes (the price of each listed quantity,
each range's price per unit). What rests on a reading — that the rows are totals, that the price
above the last step is for the part above it and not for all of it, that the steps count each
system's own quantity — is one 需确认 per table, naming the other reading and what it would cost.
A table that cannot be represented (a total that falls as the quantity grows, a quantity listed
twice, gaps between ranges, rows in different periods, tiers by the account's total volume) is
refused with the reason, never approximated.

Rows that differ only in another label (线路 单线 | BGP) are separate step functions; the one a
pool uses is chosen in :mod:`data.importers.resolve`.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from data.cell_values import clean_text, is_blank, parse_amount
from data.importers.table import IGNORE
from data.quote_lines import QuoteLine
from data.schema import normalise
from planner.text import Msg, bi

_UNITS = r"(mbps|mb|m|兆|gb|g|tb|t)"
_RANGE = re.compile(rf"(\d+(?:\.\d+)?)\s*{_UNITS}?\s*[-~～至到]\s*(\d+(?:\.\d+)?)\s*{_UNITS}")
_OPEN = re.compile(
    rf"(\d+(?:\.\d+)?)\s*{_UNITS}\s*(及以上|或以上|以上|\+|起|及更高)|"
    rf"(?:超过|超出|大于|>)\s*(\d+(?:\.\d+)?)\s*{_UNITS}?"
)
_SINGLE = re.compile(rf"^\s*(\d+(?:\.\d+)?)\s*{_UNITS}\s*$")
_PER_UNIT = re.compile(
    r"(每\s*(增加\s*)?1?\s*(mbps|m|兆|gb|g|tb)|/\s*(mbps|m|兆|gb|g|tb)|per\s*(mbps|gb))"
)
_ACCOUNT_TOTAL = re.compile(r"(总用量|总量|累计|账户|合同总|合计用量|总容量|总带宽)")
_STEPPED = ("bandwidth_mbps", "storage_gb")


def _scale(unit: str | None, resource: str) -> float:
    u = (unit or "").lower()
    return 1024.0 if resource == "storage_gb" and u in ("tb", "t") else 1.0


def quantity_of(texts: list[str], resource: str) -> tuple[str, float, float, int] | None:
    """('single', n, n, i) | ('range', lo, hi, i) | ('open' / 'open_incl', n, inf, i) from a
    row's label cells; i is the cell that said it."""
    for i, t in enumerate(texts):
        m = _RANGE.search(normalise(t))
        if m:
            k = _scale(m.group(4), resource)
            return "range", float(m.group(1)) * k, float(m.group(3)) * k, i
    for i, t in enumerate(texts):
        m = _OPEN.search(normalise(t))
        if m:
            if m.group(1):
                k = _scale(m.group(2), resource)
                inclusive = m.group(3) in ("及以上", "或以上", "起", "及更高", "+")
                return ("open_incl" if inclusive else "open"), float(m.group(1)) * k, math.inf, i
            k = _scale(m.group(5), resource)
            return "open", float(m.group(4)) * k, math.inf, i
    for i, t in enumerate(texts):
        m = _SINGLE.match(normalise(t))
        if m:
            k = _scale(m.group(2), resource)
            return "single", float(m.group(1)) * k, float(m.group(1)) * k, i
    return None


Member = tuple[QuoteLine, tuple[str, float, float, int], str]
"""A step row: its line, its quantity, and all its label text (for the account-total check)."""


def step_prices(reader: Any, lines: list[QuoteLine]) -> list[QuoteLine]:
    """The table's lines with every step table replaced by its bands (see the module doc)."""
    t = reader.t
    cells_of = {r: c for r, c, _s in t.records}
    price_idx = {pc.col.index for pc in reader.price_cols}
    pool_idx = {c.index for c in t.columns if c.field == "platform"}
    label_cols = [c for c in t.columns if c.index not in price_idx and c.index not in pool_idx]
    # what may tell two step functions apart: a label, not a remark (说明) or a number
    kinds = [c.field not in (IGNORE,) for c in label_cols]
    groups: dict[tuple[Any, ...], list[Member]] = {}
    for ln in lines:
        if ln.resource not in _STEPPED:
            continue
        cells = cells_of.get(ln.source_row, [])
        texts = [clean_text(cells[c.index]) if c.index < len(cells) else "" for c in label_cols]
        q = quantity_of(texts, ln.resource)
        if q is None:
            continue
        # the other labels of the row (线路 单线 | BGP) tell step functions apart
        others = tuple(
            x
            for i, x in enumerate(texts)
            if i != q[3] and x and kinds[i] and parse_amount(x) is None
        )
        key = (ln.vendor, ln.platform, ln.resource, ln.variant, ln.label, others)
        everything = " ".join(
            clean_text(v) for j, v in enumerate(cells) if j not in price_idx and not is_blank(v)
        )
        groups.setdefault(key, []).append((ln, q, everything))
    if not groups:
        return lines
    functions: dict[tuple[Any, ...], int] = {}
    for key in groups:
        functions[key[:5]] = functions.get(key[:5], 0) + 1
    replaced: dict[int, list[QuoteLine]] = {}
    dropped: set[int] = set()
    for key, members in groups.items():
        if len(members) < 2 and not any(q[0].startswith("open") for _ln, q, _t in members):
            continue  # one row with a quantity in its name ("100Mbps专线"): a plain price
        if len(members) < 2:
            continue
        variant = key[3]
        if functions[key[:5]] > 1 and not variant:
            variant = " ".join(key[5])  # 单线 / BGP: the line type tells them apart
        bands = _bands(reader, members)
        for ln, _q, _t in members:
            dropped.add(id(ln))
        if bands is None:
            continue
        first = members[0][0]
        replaced[id(first)] = [
            replace(
                ln,
                unit_price=price,
                min_qty=lo if lo > 0 else None,
                max_qty=None if math.isinf(hi) else hi,
                step=True,
                variant=variant,
            )
            for ln, lo, hi, price in bands
        ]
    out: list[QuoteLine] = []
    for ln in lines:
        if id(ln) in replaced:
            out.extend(replaced[id(ln)])
        elif id(ln) not in dropped:
            out.append(ln)
    return out


def _merge_equal(
    bands: list[tuple[QuoteLine, float, float, float]],
) -> list[tuple[QuoteLine, float, float, float]]:
    """Neighbouring bands at the same price are one band (0–1, 1–2 … at 18 → 0–5 at 18)."""
    out: list[tuple[QuoteLine, float, float, float]] = []
    for b in bands:
        if out and out[-1][3] == b[3] and out[-1][2] == b[1]:
            ln, lo, _hi, p = out[-1]
            out[-1] = (ln, lo, b[2], p)
        else:
            out.append(b)
    return out


def _money(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _bands(
    reader: Any, members: list[Member]
) -> list[tuple[QuoteLine, float, float, float]] | None:
    """(line, from, to, price per unit) of each band, or None (refused, said)."""
    rows = tuple(ln.source_row for ln, _q, _t in members)
    periods = {ln.period for ln, _q, _t in members}
    first = members[0][0]
    unit_word = "Mbps" if first.resource == "bandwidth_mbps" else "GB"
    per = "月" if first.period == "month" else "年"
    per_en = "month" if per == "月" else "year"
    if len(periods) > 1:
        _refuse(
            reader, rows, Msg("各档的计费周期不同", "the steps are priced for different periods")
        )
        return None
    said = " ".join(text for _ln, _q, text in members)
    if _ACCOUNT_TOTAL.search(normalise(said)):
        _refuse(
            reader,
            rows,
            Msg(
                "各档按账户或合同的总用量划分；Yunce 按每个系统自己的用量计阶梯价",
                "the steps are by the account's or the contract's total volume; Yunce prices "
                "steps by each system's own quantity",
            ),
        )
        return None
    kinds = [q[0] for _ln, q, _t in members]
    singles = sorted(((q[1], ln) for ln, q, _t in members if q[0] == "single"), key=lambda x: x[0])
    opens = [(ln, q) for ln, q, _t in members if q[0].startswith("open")]
    quantities = [n for n, _ln in singles]
    if len(set(quantities)) < len(quantities):
        twice = next(n for n in quantities if quantities.count(n) > 1)
        _refuse(
            reader,
            rows,
            bi(
                "同一档（{n} {u}）有两个价格",
                "the same step ({n} {u}) has two prices",
                n=f"{twice:g}",
                u=unit_word,
            ),
        )
        return None
    out: list[tuple[QuoteLine, float, float, float]] = []
    if len(singles) >= 2 and "range" not in kinds:
        # whole-step prices: the price of N units; the bands are the steps between rows
        per_unit_header = any(
            pc.col.unit.per in ("mbps", "gb") for pc in reader.price_cols
        ) and not any(_PER_UNIT.search(normalise(ln.item)) for _n, ln in singles)
        prev_n, prev_total = 0.0, 0.0
        for n, ln in singles:
            total = ln.unit_price * n if per_unit_header else ln.unit_price
            marginal = (total - prev_total) / (n - prev_n)
            if marginal < 0:
                _refuse(
                    reader,
                    rows,
                    Msg("价格随用量增加而下降", "the price falls as the quantity grows"),
                )
                return None
            out.append((ln, prev_n, n, round(marginal, 6)))
            prev_n, prev_total = n, total
        if len(opens) > 1:
            _refuse(reader, rows, Msg("有多个“以上”档", "there are several open-ended steps"))
            return None
        for ln, q in opens:
            start = q[1] - 1 if q[0] == "open_incl" and q[1] >= 1 else q[1]
            if start != prev_n:
                _refuse(
                    reader,
                    rows,
                    bi(
                        "最后一档从 {a} {u} 起，前一档止于 {b} {u}",
                        "the last step starts at {a} {u} but the one before ends at {b} {u}",
                        a=f"{q[1]:g}",
                        b=f"{prev_n:g}",
                        u=unit_word,
                    ),
                )
                return None
            out.append((ln, prev_n, math.inf, ln.unit_price))
        out = _merge_equal(out)
        prices = [_money(ln.unit_price) for _n, ln in singles]
        shown = Msg("、".join(prices), ", ".join(prices))
        top = opens[0][0].unit_price if opens else None
        last = singles[-1][0]
        if top is not None:
            sample = max(100.0, 10 * last)
            ours = prev_total + top * (sample - last)
            alt = top * sample
            formula = (
                f"N {unit_word} = {_money(prev_total)} + {_money(top)}×(N−{last:g}) 元/{per}"
                f"（超过 {last:g} {unit_word} 的部分每 {unit_word} {_money(top)} 元）"
            )
            formula_en = (
                f"N {unit_word} = {_money(prev_total)} + {_money(top)}×(N−{last:g}) yuan a "
                f"{per_en} (the part above {last:g} {unit_word} at {_money(top)} per {unit_word})"
            )
            other = bi(
                "另一种读法：超过 {n} {u} 时全部带宽每 {u} {p} 元（{s} {u} 为 {a} 元/{per}，"
                "按阶梯计为 {b} 元/{per}），Yunce 无法按阶梯表示该读法",
                "the other reading: above {n} {u} all of it at {p} per {u} ({s} {u}: {a} "
                "instead of {b} yuan a {per_en}), which Yunce cannot represent as steps",
                n=f"{last:g}",
                u=unit_word,
                p=_money(top),
                s=f"{sample:g}",
                a=_money(alt),
                b=_money(ours),
                per=per,
                per_en=per_en,
            )
        else:
            formula = (
                f"超过 {last:g} {unit_word} 按最后一档每 {unit_word} {_money(out[-1][3])} 元/{per}"
            )
            formula_en = (
                f"above {last:g} {unit_word}, {_money(out[-1][3])} per {unit_word} (the last step)"
            )
            other = Msg(
                "表中没有更大用量的价格：超出最后一档的用量按最后一档的单价计",
                "the table gives no price beyond its last step: more is billed at the last "
                "step's rate",
            )
        message = bi(
            "阶梯价格：{a}–{b} {u} 各行是该{w}的总价（{p} 元/{per}），不是每 {u} 的单价；"
            "按阶梯计，表中各档的价格不变：{f}；{o}；阶梯按每个系统自己的{w}计（推测）",
            "Step prices: the rows for {a}–{b} {u} are the price of the whole {w_en} ({p} yuan "
            "a {per_en}), not per {u}; billed by steps, each listed step costs what the table "
            "says: {f_en}; {o}; the steps count each system's own {w_en} (a guess)",
            a=f"{singles[0][0]:g}",
            b=f"{last:g}",
            u=unit_word,
            w="带宽" if unit_word == "Mbps" else "容量",
            w_en="bandwidth" if unit_word == "Mbps" else "volume",
            p=shown,
            per=per,
            per_en=per_en,
            f=formula,
            f_en=formula_en,
            o=other,
        )
    else:
        ordered = sorted(members, key=lambda m: m[1][1])
        prev_hi = 0.0
        for ln, (kind, lo, hi, _i), _t in ordered:
            start = prev_hi if prev_hi else (lo - 1 if lo >= 1 and float(lo).is_integer() else lo)
            if kind == "open":
                start = max(prev_hi, lo)
            if kind == "single":
                _refuse(
                    reader,
                    rows,
                    bi(
                        "既有区间（1-5 {u}）又有单个用量（{n} {u}）",
                        "ranges (1-5 {u}) and single quantities ({n} {u}) are mixed",
                        u=unit_word,
                        n=f"{lo:g}",
                    ),
                )
                return None
            out.append((ln, start, hi, ln.unit_price))
            prev_hi = hi
        for k in range(1, len(out)):
            if out[k][1] != out[k - 1][2]:
                _refuse(
                    reader, rows, Msg("各档之间有缺口或重叠", "the steps leave gaps or overlap")
                )
                return None
        out = _merge_equal(out)
        desc_en = "; ".join(
            (f"{lo:g}–{hi:g}" if not math.isinf(hi) else f"above {lo:g}")
            + f" {unit_word} at {_money(p)} yuan per {unit_word} a {per_en}"
            for _ln, lo, hi, p in out
        )
        desc = "；".join(
            (f"{lo:g}–{hi:g} {unit_word}" if not math.isinf(hi) else f"{lo:g} {unit_word} 以上")
            + f" 每 {unit_word} {_money(p)} 元/{per}"
            for _ln, lo, hi, p in out
        )
        message = bi(
            "阶梯价格：{d}；按超额累进计（每一档只计落在该档内的用量，阶梯按每个系统自己的用量计；"
            "另一种读法是全部用量按所在档的单价计）（推测）",
            "Step prices: {d_en}; billed progressively (each band prices only the quantity "
            "within it, counting each system's own quantity; the other reading prices all of "
            "it at the band it falls in) (a guess)",
            d=desc,
            d_en=desc_en,
        )
    reader.issue(
        rows[0],
        "",
        first.item,
        message,
        Msg(
            "请向供应商核实计费方式；如表中每一行都是每 Mbps/GB 的单价，请在版式中把价格列的单位写明（元/Mbps/月）",
            "Check the billing with the vendor; if every row is a price per Mbps/GB, state the "
            "price column's unit (yuan per Mbps a month) in the layout",
        ),
        "warning",
        confirm="steps",
        rows=rows,
    )
    return out


def _refuse(reader: Any, rows: tuple[int, ...], why: Msg) -> None:
    reader.issue(
        rows[0],
        "",
        "",
        bi(
            "阶梯价格无法表示（{w}），这些行未读取",
            "The step prices cannot be represented ({w}); these rows were not read",
            w=why,
        ),
        Msg(
            "请改为每档的单价（如 0–5 Mbps 每 Mbps 多少元）后再导入，或向供应商要统一单价",
            "Give each step's price per unit (e.g. 0–5 Mbps at so much per Mbps), or ask the "
            "vendor for one unit price, and import again",
        ),
        "error",
        rows=rows,
    )
