"""Domain types of a county's government-cloud procurement problem and its plan."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the planner.model types stay import-free of the engine
    from planner.costing import CostModel
    from planner.diagnose import Diagnosis


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

    @property
    def total(self) -> float:
        """Total annual cost."""
        return self.run_cost + self.security_cost + self.migration_annual + self.adaptation_annual

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


@dataclass(frozen=True, slots=True)
class Plan:
    """Result of a solve: the chosen platform of every workload, or a diagnosis."""

    status: SolveStatus
    """Solve outcome."""
    assignments: tuple[Assignment, ...] = ()
    """One per workload, in input order; empty when infeasible."""
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
    relaxation, the cheapest plan under the other rules and the rules it breaks), computed once
    by solve(); None for a plan, or when solve(diagnose=False)."""
    cost_model: CostModel | None = field(default=None, compare=False, repr=False)
    """The cost model the plan was solved and costed with (cost, eligibility and reasons of every
    (workload, platform) pair) so writers and the app do not rebuild it; None when unknown."""

    @property
    def has_solution(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @property
    def total_annual_cost(self) -> float:
        return sum(a.cost.total for a in self.assignments)

    @property
    def vendor_costs(self) -> dict[str, float]:
        """Annual cost per vendor used (vendors with no workload are left out)."""
        out: dict[str, float] = {}
        for a in self.assignments:
            out[a.platform.vendor] = out.get(a.platform.vendor, 0.0) + a.cost.total
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
        return sum(a.workload.vcpu for a in self.assignments)

    @property
    def xinchuang_vcpu(self) -> float:
        return sum(a.workload.vcpu for a in self.assignments if a.platform.xinchuang)

    @property
    def xinchuang_share(self) -> float:
        total = self.total_vcpu
        return self.xinchuang_vcpu / total if total > 0 else 0.0

    def __repr__(self) -> str:
        if not self.has_solution:
            return f"Plan(status={self.status.value}, reasons={len(self.diagnosis)})"
        return (
            f"Plan(status={self.status.value}, total_annual_cost={self.total_annual_cost:,.2f}, "
            f"workloads={len(self.assignments)}, vendors_used={self.vendors_used}, "
            f"xinchuang_share={self.xinchuang_share:.3f}, max_vendor_share={self.max_vendor_share:.3f})"
        )


class Progress:
    """Small progress/cancel protocol the planner reports to (Qt-free, like Orange's TaskState).

    Subclass or pass callbacks; the default does nothing and never cancels.
    """

    def __init__(self, on_stage=None, is_cancelled=None) -> None:  # type: ignore[no-untyped-def]
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
