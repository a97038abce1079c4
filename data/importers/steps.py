"""Step tables (阶梯价) → step prices the model bills per system's own quantity.

Two kinds of table are read:

* **whole-step prices**: rows "1Mbps | 13", "2Mbps | 26" … give the price of the whole bandwidth,
  then "5Mbps以上，每Mbps费用 | 40" the price of each Mbps above; the step between two rows
  becomes a band (0–1 at 13, 1–2 at 13, 2–3 at 14 …, above 5 at 40 per Mbps), so N Mbps cost
  exactly the row's price (and 70 + 40 × (N − 5) above 5);
* **per-unit prices by range**: "1-5Mbps | 23 元/Mbps", "6Mbps及以上 | 80 元/Mbps" — each
  range is a band at its own price per unit.

A step table is always a guess (需确认, with the rows and the resulting formula); one that
cannot be represented (prices that fall as the quantity grows, rows in different periods) is
refused with the reason, never approximated.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from data.cells import clean_text, is_blank
from data.quote_lines import QuoteLine
from data.schema import normalise
from planner.text import Msg, bi

_UNITS = r"(mbps|mb|m|兆|gb|g|tb|t)"
_RANGE = re.compile(rf"(\d+(?:\.\d+)?)\s*{_UNITS}?\s*[-~～至到]\s*(\d+(?:\.\d+)?)\s*{_UNITS}")
_OPEN = re.compile(
    rf"(\d+(?:\.\d+)?)\s*{_UNITS}\s*(及以上|或以上|以上|\+|起|及更高)|(?:超过|超出|大于|>)\s*(\d+(?:\.\d+)?)\s*{_UNITS}?"
)
_SINGLE = re.compile(rf"^\s*(\d+(?:\.\d+)?)\s*{_UNITS}\s*$")
_PER_UNIT = re.compile(r"(每\s*(mbps|m|兆|gb|g|tb)|/\s*(mbps|m|兆|gb|g|tb)|per\s*(mbps|gb))")
_STEPPED = ("bandwidth_mbps", "storage_gb")


def _scale(unit: str | None, resource: str) -> float:
    u = (unit or "").lower()
    return 1024.0 if resource == "storage_gb" and u in ("tb", "t") else 1.0


def _quantity(texts: list[str], resource: str) -> tuple[str, float, float] | None:
    """('single', n, n) | ('range', lo, hi) | ('open', n, inf) from a row's label cells."""
    for t in texts:
        n = normalise(t)
        m = _RANGE.search(n)
        if m:
            k = _scale(m.group(4), resource)
            return "range", float(m.group(1)) * k, float(m.group(3)) * k
    for t in texts:
        n = normalise(t)
        m = _OPEN.search(n)
        if m:
            if m.group(1):
                k = _scale(m.group(2), resource)
                inclusive = m.group(3) in ("及以上", "或以上", "起", "及更高", "+")
                return ("open_incl" if inclusive else "open"), float(m.group(1)) * k, math.inf
            k = _scale(m.group(5), resource)
            return "open", float(m.group(4)) * k, math.inf
    for t in texts:
        m = _SINGLE.match(normalise(t))
        if m:
            k = _scale(m.group(2), resource)
            return "single", float(m.group(1)) * k, float(m.group(1)) * k
    return None


def step_prices(reader: Any, lines: list[QuoteLine]) -> list[QuoteLine]:
    """The table's lines with every step table replaced by its bands (see the module doc)."""
    t = reader.t
    cells_of = {r: c for r, c, _s in t.records}
    price_idx = {pc.col.index for pc in reader.price_cols}
    unknown = [c for c in t.columns if c.field is None]
    groups: dict[tuple[Any, ...], list[tuple[QuoteLine, tuple[str, float, float]]]] = {}
    for ln in lines:
        if ln.resource not in _STEPPED:
            continue
        cells = cells_of.get(ln.source_row, [])
        texts = [
            clean_text(v)
            for j, v in enumerate(cells)
            if j not in price_idx and not is_blank(v, dashes=True)
        ]
        q = _quantity(texts, ln.resource)
        if q is None:
            continue
        extra = tuple(clean_text(cells[c.index]) if c.index < len(cells) else "" for c in unknown)
        key = (ln.vendor, ln.platform, ln.resource, ln.variant, ln.label, extra)
        groups.setdefault(key, []).append((ln, q))
    if not groups:
        return lines
    replaced: dict[int, list[QuoteLine]] = {}
    dropped: set[int] = set()
    partitions: dict[tuple[Any, ...], set[tuple[str, ...]]] = {}
    for key in groups:
        partitions.setdefault(key[:5], set()).add(key[5])
    for key, members in groups.items():
        if len(members) < 2:
            continue
        variant = key[3]
        if len(partitions[key[:5]]) > 1 and not variant:
            variant = " ".join(x for x in key[5] if x)  # 单线 / BGP: the line type tells them apart
        bands = _bands(reader, members)
        for ln, _q in members:
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


def _bands(
    reader: Any, members: list[tuple[QuoteLine, tuple[str, float, float]]]
) -> list[tuple[QuoteLine, float, float, float]] | None:
    """(line, from, to, price per unit) of each band, or None (refused, said)."""
    rows = tuple(ln.source_row for ln, _q in members)
    periods = {ln.period for ln, _q in members}
    first = members[0][0]
    unit_word = "Mbps" if first.resource == "bandwidth_mbps" else "GB"
    per = "月" if first.period == "month" else "年"
    if len(periods) > 1:
        _refuse(
            reader, rows, Msg("各档的计费周期不同", "the steps are priced for different periods")
        )
        return None
    kinds = [q[0] for _ln, q in members]
    singles = sorted(((q[1], ln) for ln, q in members if q[0] == "single"), key=lambda x: x[0])
    opens = [(ln, q) for ln, q in members if q[0].startswith("open")]
    out: list[tuple[QuoteLine, float, float, float]] = []
    if len(singles) >= 2 and "range" not in kinds:
        # whole-step prices: the price of N units; the bands are the steps between rows
        head = reader.t.columns[0] if reader.t.columns else None
        per_unit_header = any(
            pc.col.unit.per in ("mbps", "gb") for pc in reader.price_cols
        ) and not any(_PER_UNIT.search(normalise(ln.item)) for _n, ln in singles)
        del head
        prev_n, prev_total = 0.0, 0.0
        for n, ln in singles:
            total = ln.unit_price * n if per_unit_header else ln.unit_price
            marginal = (total - prev_total) / (n - prev_n)
            if marginal < 0:
                _refuse(
                    reader,
                    rows,
                    Msg("价格随带宽增加而下降", "the price falls as the quantity grows"),
                )
                return None
            out.append((ln, prev_n, n, round(marginal, 6)))
            prev_n, prev_total = n, total
        for ln, _q in opens:
            out.append((ln, prev_n, math.inf, ln.unit_price))
        shown = "、".join(f"{ln.unit_price:g}" for _n, ln in singles)
        top = opens[0][0].unit_price if opens else None
        formula = (
            f"N {unit_word} = {prev_total:g} + {top:g}×(N−{prev_n:g}) 元/{per}"
            if top is not None
            else f"超过 {prev_n:g} {unit_word} 按最后一档每 {unit_word} {out[-1][3]:g} 元/{per}"
        )
        formula_en = (
            f"N {unit_word} = {prev_total:g} + {top:g}×(N−{prev_n:g}) yuan a {'month' if per == '月' else 'year'}"
            if top is not None
            else f"above {prev_n:g} {unit_word}, {out[-1][3]:g} per {unit_word} (the last step)"
        )
        message = bi(
            "阶梯价格：{a}–{b} {u} 各行是该{w}的总价（{p} 元/{per}），不是每 {u} 的单价；按阶梯计：{f}（推测）",
            "Step prices: the rows for {a}–{b} {u} are the price of the whole {w_en} ({p} yuan a "
            "{per_en}), not per {u}; billed by steps: {f_en} (a guess)",
            a=f"{singles[0][0]:g}",
            b=f"{prev_n:g}",
            u=unit_word,
            w="带宽" if unit_word == "Mbps" else "容量",
            w_en="bandwidth" if unit_word == "Mbps" else "volume",
            p=shown,
            per=per,
            per_en="month" if per == "月" else "year",
            f=formula,
            f_en=formula_en,
        )
    else:
        ordered = sorted(members, key=lambda m: m[1][1])
        prev_hi = 0.0
        for ln, (kind, lo, hi) in ordered:
            start = prev_hi if prev_hi else (lo - 1 if lo >= 1 and float(lo).is_integer() else lo)
            if kind == "open":
                start = max(prev_hi, lo)
            out.append((ln, start, hi, ln.unit_price))
            prev_hi = hi
        for k in range(1, len(out)):
            if out[k][1] != out[k - 1][2]:
                _refuse(
                    reader, rows, Msg("各档之间有缺口或重叠", "the steps leave gaps or overlap")
                )
                return None
        desc_en = "; ".join(
            (f"{lo:g}–{hi:g}" if not math.isinf(hi) else f"above {lo:g}")
            + f" {unit_word} at {p:g} yuan per {unit_word} a {'month' if per == '月' else 'year'}"
            for _ln, lo, hi, p in out
        )
        desc = "；".join(
            (f"{lo:g}–{hi:g} {unit_word}" if not math.isinf(hi) else f"{lo:g} {unit_word} 以上")
            + f" 每 {unit_word} {p:g} 元/{per}"
            for _ln, lo, hi, p in out
        )
        message = bi(
            "阶梯价格：{d}；按阶梯计，系统用量落在哪一档就按各档分别计价（推测）",
            "Step prices: {d_en}; a system's need is billed band by band (a guess)",
            d=desc,
            d_en=desc_en,
        )
    reader.issue(
        rows[0],
        "",
        first.item,
        message,
        Msg(
            "请核对各档的含义；如每一行都是每 Mbps 的单价，请在版式中确认",
            "Check what each step means; if every row is a price per Mbps, say so in the layout",
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
            "请改为每档的单价（如 0–5 Mbps 每 Mbps 多少元）后再导入",
            "Give each step's price per unit (e.g. 0–5 Mbps at so much per Mbps) and import again",
        ),
        "error",
        rows=rows,
    )
