"""From a plan to the government-procurement items a county files (采购包, 采购方式, 组织形式).

A plan says where each system runs and what each vendor bills. A finance bureau files
采购项目: for each one its 预算金额 (what the county commits over the contract term), the
采购方式 the law requires for that amount, the 组织形式, when it is bought, and the 采购意向
it must publish 30 days before. This module turns a plan into those items; it never changes the
plan (the optimisation does not know about lots).

The rules (sources cited in README.md, "采购包与采购方式"):

* 《政府采购法》第二条: purchases inside the province's 集中采购目录 are government procurement
  whatever their amount; outside it only at or above the 分散采购限额标准. Below it the unit buys
  by its own internal rules: no method is proposed.
* 财库〔2019〕69号: 市县级 分散采购限额标准 not below 30万元, 公开招标数额标准 not below 200万元
  (the shipped defaults; a province sets its own figures at or above them).
* "达到" a threshold = at or above it, compared to the fen. 公开招标 from 公开招标数额标准 on;
  between the two standards 竞争性磋商 (财库〔2014〕214号, for 政府购买服务) or 竞争性谈判. 询价 is
  for goods only (政府采购法第三十二条), so it is never proposed for a cloud service.
* 化整为零 (《政府采购法实施条例》第二十八条): in one fiscal year, purchases of one kind bought
  other than by public tender whose cumulative amount is *above* (超过, strictly) the 公开招标数额标准.
  Likewise lots each under the 分散采购限额标准 whose sum reaches it (split to escape government
  procurement). The check reports and proposes the merged 采购项目; it changes nothing itself.

What a lot buys: the cloud-service bill of one vendor (resources and 等保 security packages after
term/resource discounts, tier discounts, minimum top-ups and setup fees: the plan's own vendor
figures, planner.model.Plan.vendor_costs, so no price is computed here) and, as a lot kind of its
own, the year's one-time migration and 信创 adaptation work (信息技术服务 paid mostly to the
systems' developers, not to the cloud vendor).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from planner.model import Assignment, Plan, ProcurementStandards
from planner.text import Msg, bi, join

#: Days before the purchase starts by which the 采购意向 must be published (财库〔2020〕10号).
INTENTION_DAYS = 30


class LotKind(enum.StrEnum):
    """What a lot buys."""

    CLOUD = "cloud"
    """One vendor's cloud service (政务云服务)."""
    MIGRATION = "migration"
    """The year's one-time migration and 信创 adaptation work (迁移及信创适配服务)."""


class Method(enum.StrEnum):
    """采购方式 proposed for a lot."""

    PUBLIC_TENDER = "public_tender"
    """公开招标."""
    COMPETITIVE_CONSULTATION = "competitive_consultation"
    """竞争性磋商 (or 竞争性谈判)."""
    NOT_GOVERNMENT = "not_government_procurement"
    """Below the 分散采购限额标准 and outside the 集中采购目录: not 政府采购."""


class Organisation(enum.StrEnum):
    """组织形式 of a lot."""

    CENTRAL_AGENCY = "central_agency"
    """集中采购机构采购 (集中采购目录内)."""
    DECENTRALISED = "decentralised"
    """分散采购 (the unit itself or an agency it entrusts)."""
    UNIT_INTERNAL = "unit_internal"
    """Not government procurement: the unit buys by its internal rules."""


METHOD_LABELS: dict[Method, tuple[str, str]] = {
    Method.PUBLIC_TENDER: ("公开招标", "public tender"),
    Method.COMPETITIVE_CONSULTATION: ("竞争性磋商", "competitive consultation"),
    Method.NOT_GOVERNMENT: ("不属于政府采购", "not government procurement"),
}
ORGANISATION_LABELS: dict[Organisation, tuple[str, str]] = {
    Organisation.CENTRAL_AGENCY: ("集中采购机构采购", "central procurement agency"),
    Organisation.DECENTRALISED: ("分散采购", "decentralised procurement"),
    Organisation.UNIT_INTERNAL: ("单位按内部制度自行采购", "bought by the unit's own rules"),
}
KIND_LABELS: dict[LotKind, tuple[str, str]] = {
    LotKind.CLOUD: ("政务云服务", "government cloud service"),
    LotKind.MIGRATION: ("迁移及信创适配服务", "migration and 信创 adaptation services"),
}


def method_label(method: Method) -> Msg:
    return Msg(*METHOD_LABELS[method])


def organisation_label(organisation: Organisation) -> Msg:
    return Msg(*ORGANISATION_LABELS[organisation])


@dataclass(frozen=True, slots=True)
class Needs:
    """What a package covers, for 采购需求概况."""

    pools: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    vcpu: float = 0.0
    ram_gb: float = 0.0
    storage_gb: float = 0.0
    xinchuang_vcpu: float = 0.0
    mlps: tuple[tuple[int, int], ...] = ()
    """(等保级别, number of systems) for levels ≥ 2, highest first."""
    xinchuang_required: int = 0
    """Systems that must run on 信创."""
    moved: int = 0
    """Migration lots: systems that move."""
    adapted: int = 0
    """Migration lots: systems adapted to 信创."""


@dataclass(frozen=True, slots=True)
class Package:
    """One vendor's part of a 采购项目 (a 包), or the year's migration work."""

    kind: LotKind
    vendor: str | None
    """None for a migration package."""
    year: int
    """Purchase year (the contract's first year)."""
    amount: float
    """预算金额 over the contract term (元, to the fen)."""
    annual: float = 0.0
    """Recurring annual bill (元/年) in the purchase year (cloud), 0 for migration."""
    one_time: float = 0.0
    """Setup fees (cloud) or the one-time work (migration) inside amount (元)."""
    contract_years: int = 1
    estimated_years: tuple[int, ...] = ()
    """Contract years past the plan horizon, estimated at the last plan year's bill."""
    needs: Needs = field(default_factory=Needs)

    @property
    def key(self) -> str:
        """A stable id: 'cloud:2026:移动云', 'migration:2026'."""
        return f"{self.kind.value}:{self.year}" + (f":{self.vendor}" if self.vendor else "")


@dataclass(frozen=True, slots=True)
class Lot:
    """One 采购项目: its packages, amount, 采购方式 and 组织形式."""

    number: int
    """序号 (1-based)."""
    kind: LotKind
    year: int
    quarter: int
    packages: tuple[Package, ...]
    amount: float
    """Σ of the packages (元, to the fen): the thresholds compare against it."""
    method: Method
    organisation: Organisation
    reason: Msg
    """Why this method and organisation."""
    name: Msg
    """采购项目名称, e.g. 青山县2026年度政务云服务（移动云）."""
    needs_text: Msg
    """采购需求概况 in one line."""
    warning: Msg | None = None
    """The 化整为零 note when this lot is part of a split the check found."""

    @property
    def key(self) -> str:
        return "+".join(p.key for p in self.packages)

    @property
    def vendors(self) -> tuple[str, ...]:
        return tuple(p.vendor for p in self.packages if p.vendor)

    @property
    def intention_deadline(self) -> date:
        """Latest day to publish the 采购意向: 30 days before the quarter's first day."""
        start = date(self.year, 3 * (self.quarter - 1) + 1, 1)
        return start - timedelta(days=INTENTION_DAYS)


@dataclass(frozen=True, slots=True)
class SplitWarning:
    """Lots of one kind in one year that together pass a threshold each stays under."""

    year: int
    kind: LotKind
    lots: tuple[str, ...]
    """Keys of the lots concerned."""
    total: float
    threshold: float
    avoids_tender: bool
    """True: 规避公开招标 (Σ above the 公开招标数额标准); False: 规避政府采购 (Σ reaches the limit)."""
    message: Msg
    proposal: Msg
    """The merged 采购项目 proposed instead."""


@dataclass(frozen=True, slots=True)
class ProcurementReport:
    """The lots of a plan, the 化整为零 findings and the notes on guesses made."""

    standards: ProcurementStandards
    lots: tuple[Lot, ...]
    warnings: tuple[SplitWarning, ...] = ()
    notes: tuple[Msg, ...] = ()
    by_year: bool = False
    """The lots come from a year-by-year plan (contract amounts are Σ of the plan years' bills)."""


# --- thresholds -------------------------------------------------------------------------------
def fen(amount: float) -> int:
    """Money in fen (分), the unit thresholds are compared in."""
    return round(amount * 100)


def reaches(amount: float, threshold: float) -> bool:
    """达到: at or above the threshold, to the fen."""
    return fen(amount) >= fen(threshold)


def exceeds(amount: float, threshold: float) -> bool:
    """超过: strictly above the threshold, to the fen."""
    return fen(amount) > fen(threshold)


def wan(amount: float) -> str:
    """元 as 万元 for texts: 2000000 → '200', 812345.6 → '81.23'."""
    return f"{amount / 10_000:,.2f}".rstrip("0").rstrip(".")


def method_for(amount: float, std: ProcurementStandards) -> tuple[Method, Organisation, Msg]:
    """采购方式, 组织形式 and the reason for a 采购项目 of this amount (元)."""
    a, lim, ten = wan(amount), wan(std.decentralized_limit), wan(std.tender_threshold)
    if std.in_central_catalogue:
        org = Organisation.CENTRAL_AGENCY
        where = Msg(
            "云计算服务在本省集中采购目录内，属于政府采购，由集中采购机构采购（部门集中采购项目由主管部门组织）",
            "cloud services are in the province's central procurement catalogue: government "
            "procurement by the central procurement agency (a departmental item by its department)",
        )
    elif reaches(amount, std.decentralized_limit):
        org = Organisation.DECENTRALISED
        where = bi(
            "云计算服务不在集中采购目录内，预算 {a} 万元达到分散采购限额标准 {lim} 万元，属于政府采购，"
            "分散采购（采购人自行组织或委托采购代理机构）",
            "cloud services are outside the central catalogue and the budget of {a} ×10k CNY reaches the "
            "decentralised limit of {lim} ×10k CNY: government procurement, decentralised (by the unit "
            "or an agency it entrusts)",
            a=a,
            lim=lim,
        )
    else:
        return (
            Method.NOT_GOVERNMENT,
            Organisation.UNIT_INTERNAL,
            bi(
                "预算 {a} 万元低于分散采购限额标准 {lim} 万元且不在集中采购目录内，不属于政府采购"
                "（政府采购法第二条），由单位按内部采购制度采购",
                "the budget of {a} ×10k CNY is below the decentralised limit of {lim} ×10k CNY and outside the "
                "central catalogue: not government procurement (Government Procurement Law art. 2); "
                "the unit buys by its internal rules",
                a=a,
                lim=lim,
            ),
        )
    if reaches(amount, std.tender_threshold):
        how = bi(
            "预算达到公开招标数额标准 {ten} 万元，应公开招标；因特殊情况采用其他方式的，须在采购活动开始前"
            "经设区的市级以上财政部门批准（政府采购法第二十七条）",
            "the budget reaches the public-tender threshold of {ten} ×10k CNY: public tender; another "
            "method needs the approval of a finance department at city level or above before the "
            "purchase starts (Government Procurement Law art. 27)",
            ten=ten,
        )
        return Method.PUBLIC_TENDER, org, join([where, how], "；", "; ")
    how = bi(
        "预算低于公开招标数额标准 {ten} 万元，采用竞争性磋商（财库〔2014〕214号，适用于政府购买服务）"
        "或竞争性谈判；询价只适用于规格标准统一的货物（政府采购法第三十二条），不适用于云计算服务",
        "the budget is below the public-tender threshold of {ten} ×10k CNY: competitive consultation "
        "(Cai Ku [2014] 214, for government-purchased services) or competitive negotiation; "
        "request for quotation is for standard goods only (Government Procurement Law art. 32), "
        "not for a cloud service",
        ten=ten,
    )
    return Method.COMPETITIVE_CONSULTATION, org, join([where, how], "；", "; ")


# --- packages from a plan ------------------------------------------------------------------
def _needs(assignments: Iterable[Assignment]) -> Needs:
    rows = list(assignments)
    levels: dict[int, int] = {}
    for a in rows:
        if a.workload.mlps_level >= 2:
            levels[a.workload.mlps_level] = levels.get(a.workload.mlps_level, 0) + 1
    return Needs(
        pools=tuple(dict.fromkeys(a.platform.name for a in rows)),
        systems=tuple(a.workload.name for a in rows),
        vcpu=sum(a.vcpu for a in rows),
        ram_gb=sum(a.workload.ram_gb for a in rows),
        storage_gb=sum(a.workload.storage_gb for a in rows),
        xinchuang_vcpu=sum(a.vcpu for a in rows if a.platform.xinchuang),
        mlps=tuple(sorted(levels.items(), reverse=True)),
        xinchuang_required=sum(1 for a in rows if a.workload.xinchuang_required),
    )


def _one_time(a: Assignment) -> float:
    """What the plan's cost of an assignment holds for migration and adaptation (元/年 share)."""
    return a.cost.migration_annual + a.cost.adaptation_annual


def _vendor_bills(plan: Plan) -> dict[str, tuple[float, float]]:
    """vendor → (its cloud bill in the plan's year less the setup fee, the setup fee in that year):
    the plan's vendor cost (Plan.vendor_costs, the one place a vendor's figure is computed) less
    the migration and adaptation costs its systems carry, which are a purchase of their own."""
    costs = plan.vendor_costs
    setup = {t.vendor: t.setup_annual for t in plan.vendor_terms}
    one_time: dict[str, float] = {}
    for a in plan.assignments:
        one_time[a.platform.vendor] = one_time.get(a.platform.vendor, 0.0) + _one_time(a)
    return {
        v: (c - one_time.get(v, 0.0) - setup.get(v, 0.0), setup.get(v, 0.0))
        for v, c in costs.items()
    }


def plan_packages(plan: Plan, year: int, contract_years: int) -> list[Package]:
    """The packages of a single-year plan bought in year: one per vendor, the annual bill ×
    合同年限 plus the vendor's setup fee in full (the plan spreads it over 规划年限), and one
    migration package with the one-time costs in full."""
    horizon = plan.policy.horizon_years
    out: list[Package] = []
    by_vendor: dict[str, list[Assignment]] = {}
    for a in plan.assignments:
        by_vendor.setdefault(a.platform.vendor, []).append(a)
    for vendor, (annual, setup_annual) in _vendor_bills(plan).items():
        # the annual fee and the setup fee in fen, as a contract states them (and as the
        # workbook's formula 年服务费 × 合同年限 + 一次性费用 recomputes them)
        annual, setup = round(annual, 2), round(setup_annual * horizon, 2)
        out.append(
            Package(
                LotKind.CLOUD,
                vendor,
                year,
                round(annual * contract_years + setup, 2),
                annual=annual,
                one_time=setup,
                contract_years=contract_years,
                needs=_needs(by_vendor[vendor]),
            )
        )
    moved = [a for a in plan.assignments if _one_time(a) > 0]
    if moved:
        total = sum(_one_time(a) for a in moved) * horizon
        out.append(_migration_package(year, total, moved))
    return out


def _migration_package(year: int, total: float, moved: Sequence[Assignment]) -> Package:
    return Package(
        LotKind.MIGRATION,
        None,
        year,
        round(total, 2),
        one_time=round(total, 2),
        needs=replace(
            _needs(moved),
            pools=(),
            moved=sum(1 for a in moved if a.cost.migration_annual > 0),
            adapted=sum(1 for a in moved if a.cost.adaptation_annual > 0),
        ),
    )


def years_packages(yplan: Any, contract_years: int) -> list[Package]:
    """The packages of a year-by-year plan (a planner.model.Plan with plan years and a solution).

    A vendor's contract starts in its first plan year of use and runs 合同年限 years; its amount is
    the Σ of those years' bills (each year's plan figures; the setup fee falls in the first year of
    use, as the plan has it); contract years past the horizon are estimated at the last plan year's
    bill without setup fee. A new contract starts in the first year of use after the term ends.
    Each year with moves has a migration package with that year's one-time costs in full."""
    years: tuple[int, ...] = tuple(yplan.years)
    bills: list[dict[str, tuple[float, float]]] = [_vendor_bills(p) for p in yplan.year_plans]
    out: list[Package] = []
    vendors = list(dict.fromkeys(v for b in bills for v in b))
    last = len(years) - 1
    for vendor in vendors:
        t = 0
        while t <= last:
            if vendor not in bills[t]:
                t += 1
                continue
            window = range(t, t + contract_years)
            amount = 0.0
            setup_total = 0.0
            estimated: list[int] = []
            rows: dict[str, Assignment] = {}
            for s in window:
                if s <= last:
                    annual, setup = bills[s].get(vendor, (0.0, 0.0))
                    amount += annual + setup
                    setup_total += setup
                    for a in yplan.year_plans[s].assignments:
                        if a.platform.vendor == vendor:
                            rows.setdefault(a.workload.name, a)
                else:
                    amount += bills[last].get(vendor, (0.0, 0.0))[0]
                    estimated.append(years[0] + s)
            out.append(
                Package(
                    LotKind.CLOUD,
                    vendor,
                    years[t],
                    round(amount, 2),
                    annual=round(bills[t][vendor][0], 2),
                    one_time=round(setup_total, 2),
                    contract_years=contract_years,
                    estimated_years=tuple(estimated),
                    needs=_needs(rows.values()),
                )
            )
            t += contract_years
    for t, p in enumerate(yplan.year_plans):
        moved = [a for a in p.assignments if _one_time(a) > 0]
        if moved:
            out.append(_migration_package(years[t], sum(_one_time(a) for a in moved), moved))
    return sorted(out, key=lambda p: (p.year, p.kind != LotKind.CLOUD, -p.amount))


# --- lots -------------------------------------------------------------------------------------
def _list(items: Sequence[str], more: bool = False) -> Msg:
    """Names listed as each language lists them: 甲、乙等 / 甲, 乙 …"""
    return Msg("、".join(items) + ("等" if more else ""), ", ".join(items) + (" …" if more else ""))


def _gb(value: float) -> str:
    return f"{value / 1024:,.1f} TB" if value >= 10_240 else f"{value:,.0f} GB"


_LEVELS = {2: ("二", "2"), 3: ("三", "3"), 4: ("四", "4")}


def _needs_text(pkg: Package) -> Msg:
    n = pkg.needs
    if pkg.kind == LotKind.MIGRATION:
        return bi(
            "{m} 个业务系统迁移（其中 {x} 个信创适配改造）：{names}",
            "moving {m} systems ({x} adapted to 信创): {names}",
            m=n.moved or len(n.systems),
            x=n.adapted,
            names=_list(n.systems[:8], more=len(n.systems) > 8),
        )
    parts = [
        bi(
            "{v}资源池：{pools}；承载 {k} 个系统",
            "{v} pools: {pools}; {k} systems",
            v=pkg.vendor or "",
            pools=_list(n.pools),
            k=len(n.systems),
        ),
        bi(
            "vCPU {c:,.0f} 核、内存 {r}、存储 {s}",
            "{c:,.0f} vCPU, {r} RAM, {s} storage",
            c=n.vcpu,
            r=_gb(n.ram_gb),
            s=_gb(n.storage_gb),
        ),
    ]
    if n.mlps:
        parts.append(
            join(
                [
                    bi(
                        "等保{lz}级 {k} 个",
                        "MLPS level {le}: {k}",
                        lz=_LEVELS[lv][0],
                        le=_LEVELS[lv][1],
                        k=k,
                    )
                    for lv, k in n.mlps
                    if lv in _LEVELS
                ],
                "、",
                ", ",
            )
        )
    if n.xinchuang_vcpu > 0:
        parts.append(
            bi(
                "信创资源 {x:,.0f} vCPU（{p:.1f}%）",
                "信创 pools {x:,.0f} vCPU ({p:.1f}%)",
                x=n.xinchuang_vcpu,
                p=100 * n.xinchuang_vcpu / n.vcpu if n.vcpu else 0.0,
            )
        )
    parts.append(bi("合同期 {t} 年", "contract term {t} years", t=pkg.contract_years))
    return join(parts, "；", "; ")


def _lot_name(county: str, pkgs: Sequence[Package]) -> Msg:
    year, kind = pkgs[0].year, pkgs[0].kind
    what = Msg(*KIND_LABELS[kind])
    vendors = [p.vendor for p in pkgs if p.vendor]
    if not vendors:
        return bi("{c}{y}年度{w}", "{c} {y} {w}", c=county, y=year, w=what)
    if len(vendors) == 1:
        return bi(
            "{c}{y}年度{w}（{v}）", "{c} {y} {w} ({v})", c=county, y=year, w=what, v=vendors[0]
        )
    return bi(
        "{c}{y}年度{w}（分{k}包：{v}）",
        "{c} {y} {w} ({k} lots: {v})",
        c=county,
        y=year,
        w=what,
        k=len(vendors),
        v=_list(vendors),
    )


def _make_lot(number: int, pkgs: Sequence[Package], std: ProcurementStandards, county: str) -> Lot:
    amount = round(sum(p.amount for p in pkgs), 2)
    method, org, reason = method_for(amount, std)
    estimated = sorted({y for p in pkgs for y in p.estimated_years})
    if estimated:
        reason = join(
            [
                reason,
                bi(
                    "{ys} 年超出规划期，按规划末年费用估算",
                    "{ys} are past the plan horizon, estimated at the last plan year's bill",
                    ys=_list([str(y) for y in estimated]),
                ),
            ],
            "；",
            "; ",
        )
    needs = (
        _needs_text(pkgs[0])
        if len(pkgs) == 1
        else join(
            [
                bi("包{i}：{t}", "lot {i}: {t}", i=i + 1, t=_needs_text(p))
                for i, p in enumerate(pkgs)
            ],
            "。",
            ". ",
        )
    )
    return Lot(
        number,
        pkgs[0].kind,
        pkgs[0].year,
        std.quarter,
        tuple(pkgs),
        amount,
        method,
        org,
        reason,
        _lot_name(county, pkgs),
        needs,
    )


def build_lots(
    packages: Sequence[Package],
    std: ProcurementStandards,
    county: str = "",
    merges: Sequence[Sequence[str]] = (),
) -> tuple[tuple[Lot, ...], tuple[SplitWarning, ...]]:
    """Group packages into 采购项目 (one per package unless merges joins some: each merge is a list
    of package keys of one year and kind) and run the 化整为零 check on the result."""
    by_key = {p.key: p for p in packages}
    groups: list[list[Package]] = []
    used: set[str] = set()
    for merge in merges:
        pkgs = [by_key[k] for k in dict.fromkeys(merge) if k in by_key and k not in used]
        if len(pkgs) < 2:
            continue
        if len({(p.year, p.kind) for p in pkgs}) != 1:
            raise ValueError("only packages of one year and kind can be one 采购项目")
        used.update(p.key for p in pkgs)
        groups.append(pkgs)
    groups += [[p] for p in packages if p.key not in used]
    groups.sort(key=lambda g: (g[0].year, g[0].kind != LotKind.CLOUD, -sum(p.amount for p in g)))
    lots = [_make_lot(i + 1, g, std, county) for i, g in enumerate(groups)]
    warnings = split_check(lots, std, county)
    flagged = {k: w for w in warnings for k in w.lots}
    lots = [
        replace(lot, warning=flagged[lot.key].message) if lot.key in flagged else lot
        for lot in lots
    ]
    return tuple(lots), warnings


def split_check(
    lots: Sequence[Lot], std: ProcurementStandards, county: str = ""
) -> tuple[SplitWarning, ...]:
    """化整为零: per purchase year and kind, (1) lots bought other than by public tender whose sum
    is above (超过) the 公开招标数额标准; else (2) lots each under the 分散采购限额标准 (outside the
    集中采购目录) whose sum reaches (达到) it. Each finding proposes one 采购项目 of all of them."""
    out: list[SplitWarning] = []
    groups: dict[tuple[int, LotKind], list[Lot]] = {}
    for lot in lots:
        groups.setdefault((lot.year, lot.kind), []).append(lot)
    for (year, kind), group in groups.items():
        not_tendered = [x for x in group if x.method != Method.PUBLIC_TENDER]
        total = round(sum(x.amount for x in not_tendered), 2)
        if len(not_tendered) >= 2 and exceeds(total, std.tender_threshold):
            out.append(_warning(year, kind, not_tendered, total, std, True, county))
            continue
        below = [x for x in group if x.method == Method.NOT_GOVERNMENT]
        total = round(sum(x.amount for x in below), 2)
        if len(below) >= 2 and reaches(total, std.decentralized_limit):
            out.append(_warning(year, kind, below, total, std, False, county))
    return tuple(out)


def _warning(
    year: int,
    kind: LotKind,
    lots: Sequence[Lot],
    total: float,
    std: ProcurementStandards,
    avoids_tender: bool,
    county: str,
) -> SplitWarning:
    pkgs = [p for x in lots for p in x.packages]
    merged = _make_lot(0, pkgs, std, county)
    names = _list([f"#{x.number}" for x in lots])
    if avoids_tender:
        message = bi(
            "化整为零风险：{y} 年同类采购 {names} 均未公开招标，合计 {t} 万元超过公开招标数额标准 {ten} 万元"
            "（政府采购法实施条例第二十八条），应作为一个采购项目公开招标、按供应商分包",
            "split purchase: the {y} lots {names} of this kind are not publicly tendered yet total "
            "{t} ×10k CNY, above the public-tender threshold of {ten} ×10k CNY (Implementing Regulations art. "
            "28); buy them as one project by public tender, one lot per vendor",
            y=year,
            names=names,
            t=wan(total),
            ten=wan(std.tender_threshold),
        )
    else:
        message = bi(
            "化整为零风险：{y} 年同类采购 {names} 各自低于分散采购限额标准，合计 {t} 万元达到 {lim} 万元，"
            "应作为一个政府采购项目",
            "split purchase: the {y} lots {names} are each below the decentralised limit but total "
            "{t} ×10k CNY, reaching {lim} ×10k CNY; buy them as one government-procurement project",
            y=year,
            names=names,
            t=wan(total),
            lim=wan(std.decentralized_limit),
        )
    proposal = bi(
        "建议：{name}，预算 {t} 万元，{m}，{o}",
        "proposal: {name}, budget {t} ×10k CNY, {m}, {o}",
        name=merged.name,
        t=wan(merged.amount),
        m=method_label(merged.method),
        o=organisation_label(merged.organisation),
    )
    return SplitWarning(
        year,
        kind,
        tuple(x.key for x in lots),
        total,
        std.tender_threshold if avoids_tender else std.decentralized_limit,
        avoids_tender,
        message,
        proposal,
    )


def _is_year_plan(plan: Any) -> bool:
    """A plan of a 年度计划 (it has plan years), even of one year."""
    return bool(getattr(plan, "years", ()))


def procurement_report(
    plan: Any,
    std: ProcurementStandards,
    county: str = "",
    merges: Sequence[Sequence[str]] = (),
    today: date | None = None,
) -> ProcurementReport:
    """The 采购项目 of a plan (a planner.model.Plan with a solution, of one year or of a 年度计划)."""
    notes: list[Msg] = []
    if std.defaults:
        notes.append(
            Msg(
                "采购标准未设置：按全国指引下限（分散采购限额标准 30 万元、公开招标数额标准 200 万元，"
                "财库〔2019〕69号）计算，请按本省标准在「采购标准」表中修改",
                "procurement standards not set: the national guideline's floors are used (decentralised "
                "limit 300,000 CNY, public-tender threshold 2,000,000 CNY, Cai Ku [2019] 69); set your "
                "province's figures on the procurement standards sheet",
            )
        )
    if _is_year_plan(plan):
        packages = years_packages(plan, std.contract_years)
    else:
        year = std.fiscal_year
        if year is None:
            year = (today or date.today()).year
            notes.append(
                bi(
                    "采购年度未填写，按 {y} 年",
                    "purchase year not set: {y} is used",
                    y=year,
                )
            )
        packages = plan_packages(plan, year, std.contract_years)
    lots, warnings = build_lots(packages, std, county, merges)
    return ProcurementReport(std, lots, warnings, tuple(notes), _is_year_plan(plan))


def split_lot(merges: Sequence[Sequence[str]], lot_key: str) -> list[list[str]]:
    """The merges with the 采购项目 lot_key split back into one project per package."""
    parts = set(lot_key.split("+"))
    return [list(m) for m in merges if not parts & set(m)]


def merge_lots(merges: Sequence[Sequence[str]], lot_keys: Sequence[str]) -> list[list[str]]:
    """The merges with the 采购项目 lot_keys joined into one."""
    parts = [k for key in lot_keys for k in key.split("+")]
    rest = [list(m) for m in merges if not set(parts) & set(m)]
    return [*rest, list(dict.fromkeys(parts))]


def plan_procurement(
    plan: Any,
    inp: Any = None,
    merges: Sequence[Sequence[str]] = (),
    today: date | None = None,
) -> ProcurementReport:
    """procurement_report with the input's 采购标准 (the national floors when it has none, which the
    report's notes say) and the county's name from the input (the plan's own input by default)."""
    if inp is None:
        inp = getattr(plan, "input", None)
        if inp is None and getattr(plan, "cost_model", None) is not None:
            inp = plan.cost_model.input
    std = getattr(inp, "procurement", None) or ProcurementStandards()
    return procurement_report(plan, std, getattr(inp, "name", "") or "", merges, today)


def procurement_with_merges(
    plan: Any, inp: Any = None, merges: Sequence[Sequence[str]] = ()
) -> ProcurementReport:
    """plan_procurement with each of the user's merges the plan can keep: all of the merge's
    lots are in the plan and of one year and kind. A merge it cannot keep (a lot the plan no
    longer has, lots now of different years) is left out — the caller keeps it, so a later plan
    that has those lots again gets it back. The desktop app's 导出 page and ``yunce plan
    PROJECT.yunce`` list the same lots."""
    try:  # the usual case: every merge still fits the plan
        report, fits = plan_procurement(plan, inp, merges), True
    except ValueError:
        report, fits = plan_procurement(plan, inp), False
    keys = {p.key for lot in report.lots for p in lot.packages}
    if fits and all(set(m) <= keys for m in merges):
        return report
    report = plan_procurement(plan, inp)
    kept: list[list[str]] = []
    for m in merges:
        if set(m) <= keys:
            try:
                report = plan_procurement(plan, inp, [*kept, m])
            except ValueError:
                continue
            kept.append(list(m))
    return report


def procurement_json(report: ProcurementReport) -> dict[str, Any]:
    """The ``procurement`` key of the JSON summary (and ``procurement_notes``): one entry per
    采购项目, {lot, vendor, year, amount, method, organisation, reason} and the details behind
    them; method and organisation are stable codes (Method, Organisation), *_zh their words."""
    return {
        "procurement": [
            {
                "lot": lot.name.zh,
                "number": lot.number,
                "key": lot.key,
                "kind": lot.kind.value,
                "vendor": "、".join(lot.vendors) if lot.vendors else None,
                "year": lot.year,
                "quarter": lot.quarter,
                "amount": lot.amount,
                "method": lot.method.value,
                "method_zh": METHOD_LABELS[lot.method][0],
                "organisation": lot.organisation.value,
                "organisation_zh": ORGANISATION_LABELS[lot.organisation][0],
                "reason": lot.reason.zh,
                "warning": lot.warning.zh if lot.warning else None,
                "packages": [{"vendor": p.vendor, "amount": p.amount} for p in lot.packages],
                "intention_deadline": lot.intention_deadline.isoformat(),
            }
            for lot in report.lots
        ],
        "procurement_notes": [n.zh for n in report.notes]
        + [f"{w.message.zh}。{w.proposal.zh}" for w in report.warnings],
    }
