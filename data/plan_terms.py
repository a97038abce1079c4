"""Commercial terms on the plan workbook (issue 13): what data/plan_writer writes for them.

* 分配方案: a 折扣 column (term/resource discounts of each system, as a formula over the same
  quantity × price terms as its resource cost) when the input has such discounts;
* 采购清单: per vendor, after the list-price subtotal, one formula line per resource discount and
  for the term discount, then the volume tier (总额阶梯), the minimum top-up (最低消费) and the
  setup fee (开通费, per year) — so a reader sees list price, discount and net;
* step prices (起始数量/截止数量): one bill line per band, quantity = Σ of each system's need in
  the band (SUMPRODUCT over the allocation), the system's cost a MAX/MIN band formula;
* 约束核查: one row per per-system rule (指定规则) with a COUNTIFS verdict.

Only inputs that have such terms get any of this: without them the workbook is unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from data.plan_sheets.text import TEXT
from planner.model import DiscountKind, PlanInput, SystemRuleKind, TierMode
from planner.terms import system_rule_text, vendor_minimum, vendor_setup_fee, vendor_tiers
from planner.text import Msg

TEXT.update(
    {
        "alloc.disc_head": ("折扣\n(元/年)", "Discount\n(CNY/yr)"),
        "alloc.note_terms": (
            "年度合计 = 资源费用 + 安全服务 − 折扣 + 迁移分摊 + 信创适配分摊；折扣为期限折扣与资源折扣；合计行另含各供应商的总额阶梯折扣、最低消费补足与开通费分摊（见“采购清单”）。vCPU 为该平台按性能系数折算后购买的数量。",
            "Annual total = resources + security − discount + one-time costs per year; the discount is the term and resource discounts; the total row also holds the vendors' volume tiers, minimum top-ups and setup fees (see the bill of quantities). vCPU is what is bought on the platform after its performance factor.",
        ),
        "boq.res_discount": ("资源折扣：{item} ×{f}", "Resource discount: {item} ×{f}"),
        "boq.term_discount": (
            "期限折扣（合同 {years} 年）×{f}",
            "Term discount ({years}-year contract) ×{f}",
        ),
        "boq.net": ("折后金额", "Net after discounts"),
        "boq.tier": ("总额阶梯折扣（{tiers}）", "Volume tier discount ({tiers})"),
        "boq.minimum": ("最低消费补足（最低 {m}）", "Minimum commitment top-up (minimum {m})"),
        "boq.setup": ("开通费年度分摊（一次性 {fee}）", "Setup fee per year (one-time {fee})"),
        "boq.band": ("{item}（{lo:g}–{hi}）", "{item} ({lo:g}–{hi})"),
        "check.assign": ("三、指定规则", "3. Assignment rules"),
        "check.assign_heads": (
            "规则|系统|要求|本方案|结论",
            "Rule|Systems|Requirement|This plan|Result",
        ),
    }
)


#: Per-system rule kinds as the 约束核查 sheet names them (label() table shape).
RULE_KIND_LABELS: dict[str, tuple[str, str]] = {
    "pin": ("固定到", "pin"),
    "forbid": ("禁止", "forbid"),
    "same_platform": ("同平台", "same platform"),
    "different_vendor": ("不同供应商", "different vendors"),
    "no_public": ("不上公有云", "not on public cloud"),
}


@dataclass
class VendorBlock:
    """The commercial terms of one vendor as the bill shows them."""

    resource_factor: dict[str, float] = field(default_factory=dict)
    """resource → lowest resource-discount factor (< 1 only)."""
    term_factor: float = 1.0
    term_years: float = 0.0
    tiers: list[tuple[float, float]] = field(default_factory=list)
    mode: TierMode = TierMode.WHOLE
    minimum: float = 0.0
    setup: float = 0.0

    @property
    def has_pair_discount(self) -> bool:
        return self.term_factor < 1.0 or bool(self.resource_factor)

    def extra_rows(self) -> int:
        """Rows the vendor's bill block adds for its terms."""
        n = len(self.resource_factor) + (1 if self.term_factor < 1 else 0)
        n += 1 if self.has_pair_discount else 0  # net line
        return (
            n
            + (1 if self.tiers else 0)
            + (1 if self.minimum > 0 else 0)
            + (1 if self.setup > 0 else 0)
        )


def vendor_blocks(inp: PlanInput) -> dict[str, VendorBlock]:
    """Vendor → its terms, for vendors with any term (empty when the input has none)."""
    out: dict[str, VendorBlock] = {}
    horizon = float(inp.policy.horizon_years)
    for vendor in inp.vendors:
        b = VendorBlock()
        for d in inp.discounts:
            if d.vendor != vendor:
                continue
            if d.kind == DiscountKind.RESOURCE and d.resource and d.factor < 1:
                b.resource_factor[d.resource] = min(
                    b.resource_factor.get(d.resource, 1.0), d.factor
                )
            elif (
                d.kind == DiscountKind.TERM
                and d.threshold <= horizon + 1e-9
                and d.factor < b.term_factor
            ):
                b.term_factor, b.term_years = d.factor, d.threshold
        b.tiers, b.mode = vendor_tiers(inp, vendor)
        b.minimum, b.setup = vendor_minimum(inp, vendor), vendor_setup_fee(inp, vendor)
        if b.has_pair_discount or b.tiers or b.minimum > 0 or b.setup > 0:
            out[vendor] = b
    return out


def pair_factor(block: VendorBlock | None, resource: str) -> float:
    """Net price multiplier of a resource line of the vendor (resource × term factor)."""
    if block is None:
        return 1.0
    base = "instance" if resource.startswith("instance:") else resource
    return block.resource_factor.get(base, 1.0) * block.term_factor


def tier_formula(net: str, tiers: list[tuple[float, float]], mode: TierMode) -> str:
    """Excel formula (without '=') of the volume-tier discount (≤ 0) on the net spend cell."""
    if not tiers:
        return "0"
    if mode is TierMode.WHOLE:
        expr = "0"
        for t, f in tiers:  # the highest tier reached wins: nest from the lowest up
            expr = f"IF({net}>={t!r},-{round(1 - f, 12)!r}*{net},{expr})"
        return expr
    parts = []
    bounds = [*tiers]
    for i, (t, f) in enumerate(bounds):
        hi = bounds[i + 1][0] if i + 1 < len(bounds) else None
        portion = f"MAX(0,{net}-{t!r})" if hi is None else f"MAX(0,MIN({net},{hi!r})-{t!r})"
        parts.append(f"-{round(1 - f, 12)!r}*{portion}")
    return "+".join(parts)


def band_quantity(need: str, lo: float, hi: float) -> str:
    """Arithmetic (array-safe) expression of the part of need inside the band [lo, hi]."""
    if math.isinf(hi):
        return f"({need}>{lo!r})*({need}-{lo!r})"
    return f"({need}>{lo!r})*(({need}<{hi!r})*{need}+({need}>={hi!r})*{hi!r}-{lo!r})"


def rule_check(
    inp: PlanInput, i: int, names: str, vendors: str, platforms: str, deploys: str, public_word: str
) -> tuple[Msg, str, str]:
    """(rule text, systems text, verdict condition formula without '=') of system rule i over
    the allocation's name / vendor / platform / deployment ranges."""
    r = inp.system_rules[i]

    def s(text: str) -> str:  # a string literal inside a formula: data, never code
        return '"' + text.replace('"', '""') + '"'

    systems = "、".join(r.systems)
    known = {w.name for w in inp.workloads}
    r = replace(
        r, systems=tuple(n for n in r.systems if n in known)
    )  # the planner binds only these
    if not r.systems or (
        len(r.systems) < 2
        and r.kind in (SystemRuleKind.SAME_PLATFORM, SystemRuleKind.DIFFERENT_VENDOR)
    ):
        return system_rule_text(inp.system_rules[i]), systems, "TRUE"
    if r.kind is SystemRuleKind.PIN or r.kind is SystemRuleKind.FORBID:
        counts = "+".join(
            f"COUNTIFS({names},{s(n)},{vendors},{s(r.vendor or '')}"
            + (f",{platforms},{s(r.platform)})" if r.platform else ")")
            for n in r.systems
        )
        cond = f"({counts})={len(r.systems)}" if r.kind is SystemRuleKind.PIN else f"({counts})=0"
    elif r.kind is SystemRuleKind.NO_PUBLIC:
        counts = "+".join(f"COUNTIFS({names},{s(n)},{deploys},{s(public_word)})" for n in r.systems)
        cond = f"({counts})=0"
    elif r.kind is SystemRuleKind.SAME_PLATFORM:
        first = r.systems[0]
        # every other system on the first one's vendor and platform
        v0 = f"INDEX({vendors},MATCH({s(first)},{names},0))"
        p0 = f"INDEX({platforms},MATCH({s(first)},{names},0))"
        counts = "+".join(
            f"COUNTIFS({names},{s(n)},{vendors},{v0},{platforms},{p0})" for n in r.systems[1:]
        )
        cond = f"({counts})={len(r.systems) - 1}"
    else:  # different vendors: no vendor of one equals another's
        pairs = []
        for a in range(len(r.systems)):
            for b in range(a + 1, len(r.systems)):
                va = f"INDEX({vendors},MATCH({s(r.systems[a])},{names},0))"
                vb = f"INDEX({vendors},MATCH({s(r.systems[b])},{names},0))"
                pairs.append(f"({va}<>{vb})")
        cond = "AND(" + ",".join(pairs) + ")"
    return system_rule_text(inp.system_rules[i]), systems, cond


__all__ = [
    "RULE_KIND_LABELS",
    "VendorBlock",
    "band_quantity",
    "pair_factor",
    "rule_check",
    "tier_formula",
    "vendor_blocks",
]
