"""Domain types of a county's government-cloud procurement problem and its plan."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from planner.text import Msg

#: Suggested budgets (the least budget that gives a plan, a budget above today's cost) are
#: rounded UP to a whole multiple of this many 元: a budget line is asked for in round numbers,
#: and rounding up keeps the suggestion sufficient (a plan exists at the rounded value).
BUDGET_ROUNDING = 1000.0


def round_budget(amount: float, step: float = BUDGET_ROUNDING) -> float:
    """A suggested annual budget: amount rounded up to the next whole ``step`` 元 (¥1,000).

    The one rounding rule for suggested budgets (docs/DESIGN.md, issue 14): up, so the
    suggestion still admits a plan; an amount already on the step is kept (float noise of a
    solver's objective, ~1e-6 元, does not push it to the next step).
    """
    return math.ceil(round(amount / step, 6)) * step


def least_budget(amount: float) -> float:
    """The least annual budget that admits a plan costing amount: up to the fen (¥0.01).

    This is a fact (what the diagnosis proves), not a suggestion; a request for money is
    rounded further with :func:`round_budget`.
    """
    return math.ceil(round(amount * 100, 6)) / 100


class Deployment(enum.StrEnum):
    """Where a platform runs: private/government cloud or public cloud."""

    PRIVATE = "private"
    PUBLIC = "public"


class DataClass(enum.StrEnum):
    """Data classification of an information system (GB/T 43697-2024)."""

    CORE = "core"
    IMPORTANT = "important"
    GENERAL = "general"
    PUBLIC = "public"

    @property
    def sensitive(self) -> bool:
        """Core and important data must stay on private/government cloud."""
        return self in (DataClass.CORE, DataClass.IMPORTANT)


class Period(enum.StrEnum):
    """Billing period of a price line."""

    MONTH = "month"
    YEAR = "year"

    @property
    def per_year(self) -> int:
        """How many periods make one year."""
        return 12 if self is Period.MONTH else 1


#: Per-unit resources a workload needs, in the order used by the cost arrays.
UNIT_RESOURCES: tuple[str, ...] = ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps")
#: MLPS security service packages, priced per system.
SECURITY_RESOURCES: tuple[str, ...] = ("security_l2", "security_l3", "security_l4")
#: A whole VM of a given spec (vcpu, ram_gb), priced per instance.
INSTANCE_RESOURCE = "instance"
RESOURCES: tuple[str, ...] = UNIT_RESOURCES + SECURITY_RESOURCES + (INSTANCE_RESOURCE,)


def security_resource(mlps_level: int) -> str | None:
    """The security package a system of this MLPS level needs, or None below level 2."""
    return f"security_l{mlps_level}" if mlps_level >= 2 else None


@dataclass(frozen=True, slots=True)
class Platform:
    """One vendor resource pool that systems can be placed on."""

    vendor: str
    """Vendor name, e.g. 天翼云."""
    name: str
    """Platform (resource pool) name, unique within the vendor."""
    deployment: Deployment
    """Private/government cloud or public cloud."""
    xinchuang: bool
    """True when the pool runs a domestic CPU/OS stack (信创)."""
    mlps_level: int
    """Highest MLPS (等保) level the platform may host, 1–4."""
    capacity_vcpu: float | None = None
    """Largest total vCPU the county may place here; None means unlimited."""
    availability: float | None = None
    """Advertised availability in percent (informational)."""
    perf_factor: float = 1.0
    """性能系数: vCPU this pool needs per x86 vCPU (1.3 = a system needing 16 vCPU on x86 needs
    ceil(16 × 1.3) = 21 here). Assumption encoded: a workload's CPU demand scales linearly with
    per-core speed and whole cores are bought; RAM, storage and bandwidth are unchanged. 1 = as on x86."""

    @property
    def key(self) -> tuple[str, str]:
        """(vendor, platform) – the identity of a platform."""
        return (self.vendor, self.name)

    @property
    def label(self) -> str:
        """Human-readable 'vendor/platform'."""
        return f"{self.vendor}/{self.name}"


@dataclass(frozen=True, slots=True)
class PriceLine:
    """One priced resource of one platform, as quoted by the vendor."""

    vendor: str
    """Vendor, must match a platform."""
    platform: str
    """Platform name within the vendor."""
    resource: str
    """One of RESOURCES."""
    unit_price: float
    """Price in 元 per unit per period (per system for security packages)."""
    period: Period = Period.YEAR
    """Billing period of unit_price."""
    vcpu: float | None = None
    """vCPU of one instance (resource 'instance' only), e.g. 4 for 4C8G."""
    ram_gb: float | None = None
    """RAM in GB of one instance (resource 'instance' only), e.g. 8 for 4C8G."""
    valid_from: int | None = None
    """First year the price holds (生效年份; multi-year plans only); None = from the first plan year."""
    valid_to: int | None = None
    """Last year the price holds (失效年份, inclusive); None = to the end of the plan."""
    yearly_change: float = 0.0
    """Yearly price change as a fraction (年度调价, -0.05 = 5% cheaper each year after valid_from or
    the first plan year); multi-year plans only."""
    min_qty: float | None = None
    """起始数量: the line prices only the units of a system's need above this quantity (step
    prices such as bandwidth: 0–5 Mbps at one price, above 5 at another); None = from 0."""
    max_qty: float | None = None
    """截止数量: the line prices the units up to this quantity; None = no upper end."""
    min_annual: float | None = None
    """最低消费: the vendor's minimum annual bill (元/年) when it is used at all; the vendor's
    minimum is the largest over its lines."""
    setup_fee: float | None = None
    """开通费: one-time 元 charged once when the vendor is used at all (spread over the horizon; in a
    year-by-year plan in full in the first plan year the vendor hosts a system)."""

    @property
    def annual_price(self) -> float:
        """元 per unit (per instance for 'instance' lines) per year."""
        return self.unit_price * self.period.per_year

    @property
    def is_instance(self) -> bool:
        """True for a whole-instance price line (resource 'instance')."""
        return self.resource == INSTANCE_RESOURCE

    @property
    def spec(self) -> str:
        """Instance spec label such as '4C8G' ('' for per-unit lines)."""
        if not self.is_instance or self.vcpu is None or self.ram_gb is None:
            return ""
        return instance_spec_label(self.vcpu, self.ram_gb)


def instance_spec_label(vcpu: float, ram_gb: float) -> str:
    """'4C8G' for 4 vCPU and 8 GB RAM (how quote sheets write a spec)."""
    return f"{vcpu:g}C{ram_gb:g}G"


class DiscountKind(enum.StrEnum):
    """Kind of a commercial discount (折扣 sheet)."""

    TERM = "term"
    """期限折扣: applies when the contract term (the planning horizon) is at least threshold years."""
    VOLUME = "volume"
    """总额阶梯: applies once the vendor's annual spend reaches threshold 元 (a tier)."""
    RESOURCE = "resource"
    """资源折扣: applies to one resource's price at the vendor (threshold unused)."""


class TierMode(enum.StrEnum):
    """How a volume tier's discount applies."""

    WHOLE = "whole"
    """To the vendor's whole annual spend once the tier is reached (满 100 万 9 折)."""
    ABOVE = "above"
    """Only to the part of the spend above the tier's threshold (超出部分 9 折)."""


@dataclass(frozen=True, slots=True)
class Discount:
    """One discount a vendor grants (折扣 sheet)."""

    vendor: str
    """Vendor, must match a platform."""
    kind: DiscountKind
    """Term, volume tier or one resource."""
    factor: float
    """Price multiplier, 0 < factor ≤ 1 (0.9 = 9 折, 10 个月价 for a year = 10/12)."""
    threshold: float = 0.0
    """Years (term) or 元 of annual spend (volume); unused for resource discounts."""
    mode: TierMode = TierMode.WHOLE
    """Volume tiers only: whole spend or only the spend above the threshold."""
    resource: str | None = None
    """Resource discounts only: the resource (one of RESOURCES)."""


class SystemRuleKind(enum.StrEnum):
    """A per-system rule of the 指定规则 sheet."""

    PIN = "pin"
    """固定到: the system goes on the given platform (or on one of the given vendor's)."""
    FORBID = "forbid"
    """禁止: the system may not go on the given vendor (or platform)."""
    SAME_PLATFORM = "same_platform"
    """同平台: the systems all go on one platform."""
    DIFFERENT_VENDOR = "different_vendor"
    """不同供应商: no two of the systems on the same vendor."""
    NO_PUBLIC = "no_public"
    """不上公有云: the system stays off public cloud whatever its data class."""


@dataclass(frozen=True, slots=True)
class SystemRule:
    """One per-system rule (指定规则 sheet, or an action on a system in the app)."""

    kind: SystemRuleKind
    systems: tuple[str, ...]
    """The system names it binds (one for pin/forbid/no_public, two or more for the group rules)."""
    vendor: str | None = None
    """Vendor of pin/forbid."""
    platform: str | None = None
    """Platform of pin/forbid; None = any platform of the vendor."""


@dataclass(frozen=True, slots=True)
class Workload:
    """One information system of the county (业务系统)."""

    name: str
    """System name, unique."""
    department: str
    """Owning department."""
    vcpu: float
    """vCPU needed."""
    ram_gb: float
    """Memory needed, GB."""
    storage_gb: float
    """Storage needed, GB."""
    bandwidth_mbps: float
    """Internet bandwidth needed, Mbps."""
    data_class: DataClass
    """Data classification."""
    mlps_level: int
    """MLPS (等保) level of the system, 1–4."""
    xinchuang_required: bool = False
    """True when the system must run on a 信创 platform."""
    current_vendor: str | None = None
    """Vendor it runs on now; None means the county's own machine room."""
    current_platform: str | None = None
    """Platform it runs on now; None means the county's own machine room."""
    migration_cost: float = 0.0
    """One-time 元 when the system leaves its current platform."""
    xinchuang_adaptation_cost: float = 0.0
    """One-time 元 when it lands on 信创 from a non-信创 platform or the machine room."""
    contract_end_year: int | None = None
    """合同到期年份 (multi-year plans): the system stays where it is before this year."""
    earliest_year: int | None = None
    """最早上云年份 (multi-year plans): it moves no earlier than this year."""
    keep_in_place: bool = False
    """保持不动 (multi-year plans): it never moves."""
    retire_year: int | None = None
    """下线年份 (multi-year plans): retired from this year on (no cost, not counted)."""

    @property
    def needs(self) -> dict[str, float]:
        """Per-unit resource needs keyed by resource name."""
        return {
            "vcpu": self.vcpu,
            "ram_gb": self.ram_gb,
            "storage_gb": self.storage_gb,
            "bandwidth_mbps": self.bandwidth_mbps,
        }

    @property
    def current_key(self) -> tuple[str, str] | None:
        """(vendor, platform) it runs on now, or None for the machine room."""
        if self.current_vendor and self.current_platform:
            return (self.current_vendor, self.current_platform)
        return None


@dataclass(frozen=True, slots=True)
class Policy:
    """The rules a plan must obey (约束)."""

    budget_annual: float | None = None
    """Annual budget in 元; None means no cap."""
    horizon_years: float = 3.0
    """Planning horizon; one-time costs are spread over it."""
    min_xinchuang_share: float = 0.0
    """Least share of total vCPU on 信创 platforms, 0–1."""
    max_vendor_share: float = 1.0
    """Largest share of annual cost any one vendor may take, 0–1."""
    min_vendors: int = 1
    """Fewest distinct vendors the plan must use."""
    sensitive_data_private: bool = True
    """Core/important data only on private cloud (switched off only in analysis)."""


@dataclass(frozen=True, slots=True)
class YearRow:
    """One year of a multi-year plan (年度计划); None = the 约束 (Policy) value / no cap."""

    year: int
    """Calendar year, e.g. 2026."""
    budget: float | None = None
    """That year's budget in 元 (None: Policy.budget_annual)."""
    min_xinchuang_share: float | None = None
    """That year's least 信创 share of vCPU, 0–1 (None: Policy.min_xinchuang_share)."""
    max_moves: int | None = None
    """Most systems that may move in that year (None: no cap)."""
    max_move_vcpu: float | None = None
    """Most vCPU that may move in that year (None: no cap)."""


@dataclass(frozen=True, slots=True)
class YearsSpec:
    """The year-by-year part of an input (年度计划 sheet plus two 约束 settings)."""

    years: tuple[YearRow, ...] = ()
    """The plan years in order; empty = a single-year plan as before."""
    discount_rate: float = 0.0
    """折现率: yearly discount rate of the present-value objective (0 = plain total)."""
    allow_multiple_moves: bool = False
    """允许多次迁移: a system may move more than once in the horizon."""


@dataclass(frozen=True, slots=True)
class ProcurementStandards:
    """The 采购标准 sheet: the province's thresholds and the county's purchase settings
    (planner.procurement turns a plan into 采购项目 with them; they never change a plan)."""

    decentralized_limit: float = 300_000.0
    """分散采购限额标准 for services (元); 财库〔2019〕69号: 市县级 not below 30万元."""
    tender_threshold: float = 2_000_000.0
    """公开招标数额标准 for services (元); 财库〔2019〕69号: not below 200万元."""
    in_central_catalogue: bool = False
    """云计算服务 is in the province's 集中采购目录 (differs by province)."""
    item_code: str = ""
    """采购品目 code from the 政府采购品目分类目录 the province uses (free text)."""
    item_name: str = ""
    """采购品目 name (free text)."""
    contract_years: int = 1
    """合同年限 of each cloud-service purchase: its 预算金额 is what the term commits."""
    fiscal_year: int | None = None
    """采购年度 of a single-year plan (a year plan buys in its plan years); None = not set."""
    quarter: int = 1
    """预计采购季度 (1–4) in each purchase year."""
    funding_source: str = "本级财政资金"
    """资金来源 written on each item."""
    defaults: bool = True
    """The thresholds are the shipped national floors (no 采购标准 sheet was read)."""


@dataclass(frozen=True, slots=True)
class PlanInput:
    """Everything a plan is computed from: platforms, prices, workloads and policy."""

    platforms: tuple[Platform, ...]
    """Vendor resource pools."""
    prices: tuple[PriceLine, ...]
    """Price lines of the platforms."""
    workloads: tuple[Workload, ...]
    """The county's information systems."""
    policy: Policy = field(default_factory=Policy)
    """The rules."""
    name: str = ""
    """Project / county name, for reports."""
    years: YearsSpec | None = None
    """Year-by-year plan settings; None (or no years) = the single-year plan."""
    discounts: tuple[Discount, ...] = ()
    """Term, volume and resource discounts (折扣 sheet); empty = list prices."""
    system_rules: tuple[SystemRule, ...] = ()
    """Per-system rules (指定规则 sheet); empty = none."""
    procurement: ProcurementStandards | None = None
    """The 采购标准 sheet; None = not given (the national floors apply, and reports say so). It
    never changes the plan, so it is not part of a saved plan's input fingerprint."""

    @property
    def vendors(self) -> tuple[str, ...]:
        """Distinct vendors in platform order."""
        return tuple(dict.fromkeys(p.vendor for p in self.platforms))

    def platform(self, vendor: str, name: str) -> Platform:
        """Look a platform up by its key."""
        for p in self.platforms:
            if p.vendor == vendor and p.name == name:
                return p
        raise KeyError(f"{vendor}/{name}")


def plan_years(inp: PlanInput) -> tuple[YearRow, ...]:
    """The plan years of an input (empty: a single-year input)."""
    return inp.years.years if inp.years is not None else ()


def is_multi_year(inp: PlanInput) -> bool:
    """True when the input has a 年度计划 (even of one year)."""
    return bool(plan_years(inp))


def year_budget(row: YearRow, policy: Policy) -> float | None:
    """That year's budget: the row's, else the 约束 annual budget (None: no cap)."""
    return row.budget if row.budget is not None else policy.budget_annual


def year_xinchuang_target(row: YearRow, policy: Policy) -> float:
    """That year's least 信创 share: the row's, else the 约束 value."""
    return (
        row.min_xinchuang_share
        if row.min_xinchuang_share is not None
        else policy.min_xinchuang_share
    )


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """Annual cost of one workload on one platform, by component (元/年)."""

    run_cost: float
    """Σ need × annual unit price of vCPU, RAM, storage, bandwidth."""
    security_cost: float
    """Annual price of the MLPS security package."""
    migration_annual: float
    """migration_cost / horizon when the system moves."""
    adaptation_annual: float
    """xinchuang_adaptation_cost / horizon when it lands on 信创 from non-信创."""
    resource_costs: Mapping[str, float] = field(default_factory=dict)
    """Run cost per resource (vcpu, ram_gb, …, 'instance' when sized onto whole instances) – sums to run_cost."""
    instances: Mapping[str, int] = field(default_factory=dict)
    """Whole instances bought instead of per-unit vCPU/RAM: spec label ('4C8G') → count; empty when per-unit."""
    discount: float = 0.0
    """Term and resource discounts off run_cost + security_cost (元/年, ≥ 0); volume tiers are per
    vendor (Plan.vendor_terms)."""
    vcpu: float | None = None
    """vCPU bought on this platform (the need × the platform's 性能系数, rounded up); None = the
    workload's own vCPU."""

    @property
    def list_price(self) -> float:
        """run_cost + security_cost at list prices (元/年)."""
        return self.run_cost + self.security_cost

    @property
    def net_price(self) -> float:
        """list_price less the term/resource discounts: what the vendor bills (元/年)."""
        return self.run_cost + self.security_cost - self.discount

    @property
    def total(self) -> float:
        """Total annual cost."""
        return (
            self.run_cost
            + self.security_cost
            - self.discount
            + self.migration_annual
            + self.adaptation_annual
        )

    @property
    def moved(self) -> bool:
        return self.migration_annual > 0


class SolveStatus(enum.StrEnum):
    """Outcome of a solve, in the project's own terms (docs/DESIGN.md §3)."""

    OPTIMAL = "optimal"
    """Proven optimal within the relative gap."""
    FEASIBLE = "feasible"
    """A plan obeying every rule, not proven optimal (time limit)."""
    INFEASIBLE = "infeasible"
    """No plan obeys every rule (or none was found in the time limit)."""
    CANCELLED = "cancelled"
    """The user cancelled the solve."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one workload goes and what it costs there."""

    workload: Workload
    platform: Platform
    cost: CostBreakdown

    @property
    def annual_cost(self) -> float:
        return self.cost.total

    @property
    def vcpu(self) -> float:
        """vCPU bought on the platform (性能系数 applied)."""
        return self.workload.vcpu if self.cost.vcpu is None else self.cost.vcpu


@dataclass(frozen=True, slots=True)
class VendorTerms:
    """A vendor's annual bill terms in a plan: volume tier, minimum commitment, setup fee (元/年)."""

    vendor: str
    spend: float
    """Σ net prices of the vendor's systems (after term/resource discounts) – the tier base."""
    tier_discount: float = 0.0
    """Volume-tier discount off spend (≥ 0)."""
    tier_threshold: float | None = None
    """Threshold of the tier reached; None = below every tier."""
    tier_factor: float = 1.0
    """Factor of the tier reached."""
    minimum_topup: float = 0.0
    """最低消费 top-up: minimum − (spend − tier_discount) when the bill is below the minimum."""
    setup_annual: float = 0.0
    """开通费 charged in the plan's year: fee / horizon in a single-year plan; in a year-by-year plan
    (planner.terms) the whole fee in the vendor's first plan year of use, 0 in the other years."""

    @property
    def adjustment(self) -> float:
        """What these terms add to the sum of the systems' costs (negative for a discount)."""
        return -self.tier_discount + self.minimum_topup + self.setup_annual


class CarriedCostModel(Protocol):
    """What a plan says of the cost model it was solved with (planner.costing.CostModel is one).

    The plan only carries it so that writers and the app need not rebuild it; the full cost
    model of a plan is :func:`planner.costing.cost_model_for` (the carried one when it fits)."""

    @property
    def input(self) -> PlanInput: ...

    @property
    def policy(self) -> Policy: ...


@dataclass(frozen=True, slots=True)
class Move:
    """One system moving in one plan year (a year plan)."""

    workload: Workload
    origin: Platform | None
    """Where it was (None: the machine room / an unlisted platform)."""
    target: Platform
    migration_cost: float
    adaptation_cost: float

    @property
    def one_time_cost(self) -> float:
        return self.migration_cost + self.adaptation_cost


@dataclass(frozen=True, slots=True)
class Plan:
    """Result of a solve: where every workload is in each plan year and what it costs, or a diagnosis.

    A plain workbook's plan has one year: its assignments, vendor terms and figures are the plan.
    A year plan (年度计划) keeps one plan per year in ``year_plans`` (each a one-year Plan, the
    one-time costs of a move charged in its year), the moves and each system's location per year;
    its own assignments and figures are its first year's (as in its JSON summary)."""

    status: SolveStatus
    """Solve outcome."""
    assignments: tuple[Assignment, ...] = ()
    """One per workload on a platform, in input order (a year plan: in its first year); empty when
    infeasible."""
    policy: Policy = field(default_factory=Policy)
    """The policy the plan was solved under."""
    diagnosis: tuple[str, ...] = ()
    """Plain-Chinese reasons when infeasible (or notes when only feasible)."""
    solver: str = ""
    """Solver used (highs / cbc)."""
    mip_gap: float | None = None
    """Relative gap reported at the end of the solve, when known."""
    solve_seconds: float = 0.0
    """Wall time of the solver call."""
    build_seconds: float = 0.0
    """Wall time of building the model."""
    min_budget: float | None = None
    """When infeasible only because of the budget: the least annual budget that works."""
    infeasibility: Diagnosis | None = field(default=None, compare=False, repr=False)
    """When infeasible and diagnosed: the whole diagnosis (minimal conflict, each rule's least
    relaxation, the cheapest plan under the other rules and the rules it breaks; a year plan's
    findings year by year), computed once by solve(); None for a plan, or when
    solve(diagnose=False)."""
    cost_model: CarriedCostModel | None = field(default=None, compare=False, repr=False)
    """The cost model the plan was solved and costed with (cost, eligibility and reasons of every
    (workload, platform) pair) so writers and the app do not rebuild it; None when unknown."""
    vendor_terms: tuple[VendorTerms, ...] = ()
    """Per vendor used with a volume tier, minimum or setup fee: the bill terms (empty = none)."""
    years: tuple[int, ...] = ()
    """The plan years of a year plan (年度计划); empty for a plain workbook's plan."""
    year_plans: tuple[Plan, ...] = ()
    """A year plan's plan of each year: the systems on a platform that year and what they cost
    (migration_annual and adaptation_annual hold the one-time costs of a move in that year) and
    that year's vendor terms (the setup fee in the vendor's first year of use); empty otherwise."""
    moves: tuple[tuple[Move, ...], ...] = ()
    """A year plan's moves, per year."""
    locations: tuple[tuple[int, ...], ...] = ()
    """A year plan's location of each workload in each year: platform index, or −1 (the machine
    room) or −2 (retired) (planner.milp.HOME/RETIRED); empty otherwise."""
    input: PlanInput | None = field(default=None, compare=False, repr=False)
    """The input of a year plan (its 年度计划 and year columns); None for a plain plan."""
    size: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """Rows, columns, binaries and nonzeros of the model solved, when known."""

    @property
    def has_solution(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @property
    def is_year_plan(self) -> bool:
        """True for a plan of a 年度计划 (even of one year)."""
        return bool(self.years)

    @property
    def periods(self) -> tuple[Plan, ...]:
        """The plan of each plan year: a year plan's year_plans, a plain plan itself."""
        return self.year_plans if self.is_year_plan else (self,)

    @property
    def total_annual_cost(self) -> float:
        return sum(a.cost.total for a in self.assignments) + sum(
            t.adjustment for t in self.vendor_terms
        )

    @property
    def vendor_costs(self) -> dict[str, float]:
        """Annual cost per vendor used (vendors with no workload are left out), vendor terms included."""
        out: dict[str, float] = {}
        for a in self.assignments:
            out[a.platform.vendor] = out.get(a.platform.vendor, 0.0) + a.cost.total
        for t in self.vendor_terms:
            if t.vendor in out:
                out[t.vendor] += t.adjustment
        return out

    @property
    def vendor_shares(self) -> dict[str, float]:
        total = self.total_annual_cost
        return {v: (c / total if total > 0 else 0.0) for v, c in self.vendor_costs.items()}

    @property
    def max_vendor_share(self) -> float:
        return max(self.vendor_shares.values(), default=0.0)

    @property
    def vendors_used(self) -> int:
        return len({a.platform.vendor for a in self.assignments})

    @property
    def total_vcpu(self) -> float:
        """vCPU bought (each system's vCPU × its platform's 性能系数, rounded up)."""
        return sum(a.vcpu for a in self.assignments)

    @property
    def xinchuang_vcpu(self) -> float:
        return sum(a.vcpu for a in self.assignments if a.platform.xinchuang)

    @property
    def xinchuang_share(self) -> float:
        total = self.total_vcpu
        return self.xinchuang_vcpu / total if total > 0 else 0.0

    # --- the years ---------------------------------------------------------------------------
    @property
    def spec(self) -> YearsSpec:
        """The 年度计划 of a year plan."""
        assert self.input is not None and self.input.years is not None
        return self.input.years

    def year_cost(self, t: int) -> float:
        return self.periods[t].total_annual_cost

    @property
    def year_costs(self) -> tuple[float, ...]:
        return tuple(p.total_annual_cost for p in self.periods)

    @property
    def total_cost(self) -> float:
        """Σ of the years' costs (undiscounted)."""
        return float(sum(self.year_costs))

    @property
    def present_value(self) -> float:
        """Σ year cost / (1 + 折现率)^t (the objective; a plain plan: its annual cost)."""
        if not self.is_year_plan:
            return self.total_annual_cost
        factors = (1.0 + self.spec.discount_rate) ** -np.arange(len(self.years), dtype=float)
        return float(np.dot(self.year_costs, factors))

    def active_vcpu(self, t: int) -> float:
        """vCPU of the systems not retired in year t: bought on their platform (性能系数 applied),
        their own in the machine room."""
        plan = self.periods[t]
        if not self.is_year_plan:
            return plan.total_vcpu
        assert self.input is not None
        home = sum(
            w.vcpu
            for w, locs in zip(self.input.workloads, self.locations, strict=True)
            if locs[t] == -1
        )
        return plan.total_vcpu + home

    def year_xinchuang_share(self, t: int) -> float:
        """信创 vCPU / vCPU of the systems not retired in year t (machine-room systems count, as
        non-信创); a plain plan's xinchuang_share."""
        total = self.active_vcpu(t)
        return self.periods[t].xinchuang_vcpu / total if total > 0 else 0.0

    def location(self, w: int, t: int) -> Platform | None:
        """Where workload w is in year t (None: the machine room, or retired)."""
        assert self.input is not None
        j = self.locations[w][t]
        return self.input.platforms[j] if j >= 0 else None

    def __repr__(self) -> str:
        if self.is_year_plan:
            if not self.has_solution:
                return f"Plan(status={self.status.value}, years={self.years}, reasons={len(self.diagnosis)})"
            costs = ", ".join(
                f"{y}: {c:,.2f}" for y, c in zip(self.years, self.year_costs, strict=True)
            )
            return f"Plan(status={self.status.value}, {costs}, moves={sum(len(m) for m in self.moves)})"
        if not self.has_solution:
            return f"Plan(status={self.status.value}, reasons={len(self.diagnosis)})"
        return (
            f"Plan(status={self.status.value}, total_annual_cost={self.total_annual_cost:,.2f}, "
            f"workloads={len(self.assignments)}, vendors_used={self.vendors_used}, "
            f"xinchuang_share={self.xinchuang_share:.3f}, max_vendor_share={self.max_vendor_share:.3f})"
        )


@dataclass(frozen=True)
class YearFinding:
    """The least change of one year's rule of a year plan that admits a plan, the other rules
    unchanged (planner.diagnose)."""

    year: int
    rule: str
    """The rule's year key (planner.rules.Rule.year_name: 'year_budget', 'max_moves', …)."""
    current: float | None
    """The rule's value that year."""
    least: float | None
    """Least value that admits a plan (budget: to the fen; share: the most reachable); None when
    relaxing this rule of this year alone cannot help. For switch-off rules: 1.0 when switching
    it off that year admits a plan, else None."""
    message: Msg


@dataclass
class Diagnosis:
    """Why a problem has no plan (planner.diagnose): the reasons, the conflict, the relaxations;
    for a year plan the findings year by year."""

    messages: list[Msg] = field(default_factory=list)
    """Plain sentences, most important first (Chinese strings that carry their English)."""
    conflict: list[str] = field(default_factory=list)
    """Rule keys of a minimal set of rules that cannot all hold."""
    relaxations: dict[str, float | None] = field(default_factory=dict)
    """rule key → least value of that rule alone that makes a plan possible (None: cannot)."""
    min_budget: float | None = None
    """Least annual budget that works with the other rules unchanged, when one exists."""
    rules: list[str] = field(default_factory=list)
    """Every relaxable rule key that is active (a rule outside `conflict` cannot fix it alone)."""
    resolves: int = 0
    """How many exact re-solves the diagnosis took."""
    unplaceable: list[str] = field(default_factory=list)
    """Names of systems no platform may host (then there is no conflict among rules to find)."""
    fallback: Plan | None = None
    """The cheapest plan under the other rules: `dropped` switched off, every other rule kept.
    Its policy is the full policy, so writers can mark what it breaks (超预算/不满足)."""
    dropped: str | None = None
    """Rule key switched off for `fallback` (the budget when raising it alone is enough, else the
    first rule of the conflict that can be relaxed alone)."""
    violated: list[str] = field(default_factory=list)
    """Rule keys `fallback` breaks, checked on its figures (planner.rules.broken_rules)."""
    infeasible_years: list[int] = field(default_factory=list)
    """A year plan: the years whose own rules cannot hold whatever the other years do."""
    findings: list[YearFinding] = field(default_factory=list)
    """A year plan: the least change of each year's rule that admits a plan."""

    def finding(self, year: int, rule: str) -> YearFinding | None:
        """A year plan's finding of one year and rule (its year key), if any."""
        return next((f for f in self.findings if f.year == year and f.rule == rule), None)

    @property
    def suggested_budget(self) -> float | None:
        """min_budget rounded up to whole thousands of 元 (round_budget)."""
        return None if self.min_budget is None else round_budget(self.min_budget)


class Progress:
    """Small progress/cancel protocol the planner reports to (Qt-free, like Orange's TaskState).

    Subclass or pass callbacks; the default does nothing and never cancels.
    """

    def __init__(
        self,
        on_stage: Callable[[str, float | None], None] | None = None,
        is_cancelled: Callable[[], object] | None = None,
    ) -> None:
        self._on_stage = on_stage
        self._is_cancelled = is_cancelled

    def stage(self, text: str, fraction: float | None = None) -> None:
        """Report that a new stage started (text for the user: Chinese, a planner.text.Msg carries English)."""
        if self._on_stage is not None:
            self._on_stage(text, fraction)

    @property
    def cancelled(self) -> bool:
        """True once the user asked to stop."""
        return bool(self._is_cancelled()) if self._is_cancelled is not None else False
