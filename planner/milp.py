"""The model being built: a sparse MILP plus the arrays that map its columns to the domain.

:class:`BuiltModel` is the single-year model (one binary per eligible (system, platform)
pair), :class:`ModelOptions` says which rule families it imposes and :class:`Objective` what it
optimises; :class:`YearsModel` is the year-by-year model (one binary per route of a system, its
location in every plan year, planner.years) with :class:`YearsOptions`. The rule families (planner.build, planner.terms) write rows into it; the solver
boundary (planner.solvers) solves its :class:`~planner.sparse.SparseModel`; planner.extract
reads the plan back.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner.costing import CostModel
from planner.model import PlanInput, Policy, Workload, YearRow, YearsSpec
from planner.sparse import INF, SparseModel


class Objective(enum.Enum):
    """What a model optimises; analysis and diagnosis reuse the same constraints."""

    COST = "cost"
    """Minimise total annual cost (the plan)."""
    FEASIBILITY = "feasibility"
    """Any plan obeying the rules."""
    MAX_XINCHUANG = "max_xinchuang"
    """Maximise vCPU on 信创 platforms."""
    MAX_VENDORS = "max_vendors"
    """Maximise the number of vendors used."""
    MIN_PLATFORM_VCPU = "min_platform_vcpu"
    """Minimise vCPU placed on one platform (``target_platform``)."""


@dataclass
class ModelOptions:
    """Which rules to impose when building a model (defaults: all of the policy)."""

    objective: Objective = Objective.COST
    budget: bool = True
    xinchuang_share: bool = True
    vendor_share: bool = True
    min_vendors: bool = True
    capacity: bool = True
    uncapped_platforms: frozenset[int] = frozenset()
    """Platform indices whose capacity limit is dropped."""
    excluded_platforms: frozenset[int] = frozenset()
    """Platform indices that may not be used at all (vendor-loss tests)."""
    target_platform: int | None = None
    """Platform index for MIN_PLATFORM_VCPU."""
    fixed: Mapping[int, int] = field(default_factory=dict)
    """Workload index → the platform index it must go on (what-if re-solves, explain_choice);
    the platform must be eligible for the workload."""
    terms: bool = True
    """Volume tiers, minimums and setup fees (planner.terms); part of the price, always on."""
    system_rules: bool = True
    """Per-system rules (指定规则)."""
    dropped_system_rules: frozenset[int] = frozenset()
    """Indices into PlanInput.system_rules left out (analysis pricing, diagnosis)."""


@dataclass
class BuiltModel:
    """A sparse MILP (planner.sparse.SparseModel) plus the arrays that map its columns to the domain.

    Columns ``0 .. len(pair_w)-1`` are the assignment binaries ``x[k]`` (in pair order); rule
    families may add more columns (``vendor_used``, ``total_cost``) after them.
    """

    model: SparseModel
    cost_model: CostModel
    policy: Policy
    pair_w: np.ndarray
    """Workload index of each x variable."""
    pair_p: np.ndarray
    """Platform index of each x variable."""
    cost: np.ndarray
    """Annual cost of each x variable."""
    vendor_used: dict[str, int] = field(default_factory=dict)
    """Vendor → column of its 'hosts at least one workload' binary."""
    total_cost: int | None = None
    """Column of the total annual cost in 万元 (budget and vendor-share rows), when added."""
    vendor_cost: dict[str, int] = field(default_factory=dict)
    """Vendor → column of its annual cost in 万元, when added."""
    options: ModelOptions = field(default_factory=ModelOptions)
    build_seconds: float = 0.0
    cost_terms: list[tuple[int, float]] = field(default_factory=list)
    """Extra (column, 元/年) terms of the total annual cost (volume tiers, minimums, setup fees)."""
    vendor_cost_terms: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    """The same terms by vendor (its share of the total)."""
    tier_terms: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    """Volume-tier discount terms by vendor (the minimum applies to the bill after tiers)."""
    vendor_on: dict[str, int] = field(default_factory=dict)
    """Vendor → column of a binary = 1 exactly when it hosts a system (minimums, setup fees)."""
    caches: dict[str, Any] = field(default_factory=dict)
    """Arrays the row families derive from the pairs once (pairs by system, …)."""

    @property
    def num_pairs(self) -> int:
        return len(self.pair_w)

    @property
    def x(self) -> np.ndarray:
        """Column indices of the assignment binaries."""
        return np.arange(len(self.pair_w))

    def lp_text(self) -> str:
        """The model as LP text (the same model both solver paths get)."""
        return self.model.lp_text()


# --- the year-by-year model ---------------------------------------------------------------------
#: Location codes of a route besides platform indices.
HOME = -1
"""Where the system is now when that is not a listed platform (the county machine room)."""
RETIRED = -2
"""Retired (下线): no cost, not counted."""


@dataclass
class YearsOptions:
    """Which rule families the multi-year model imposes (diagnosis and analysis switch them off)."""

    budget: bool = True
    xinchuang_share: bool = True
    vendor_share: bool = True
    min_vendors: bool = True
    capacity: bool = True
    move_caps: bool = True
    excluded_platforms: frozenset[int] = frozenset()
    """Platform indices no system may be on in any year it is free to choose (vendor-loss tests)."""
    objective: str = "cost"
    """'cost' (present value), 'feasibility' (any plan), or for year index ``objective_year``:
    'year_cost' (least cost that year), 'max_xinchuang' (most 信创 vCPU that year), 'min_moves'
    (fewest systems moved that year), 'min_move_vcpu' (least vCPU moved that year)."""
    objective_year: int = 0
    off: frozenset[tuple[str, int]] = frozenset()
    """(flag, year index) pairs whose rows are left out in that year only (per-year relaxation)."""
    vendor_rows: frozenset[tuple[int, str]] | None = None
    """(year index, vendor) vendor-share rows to add (None: all); solve_years adds them lazily."""
    terms: bool = True
    """Volume tiers, minimums and setup fees (planner.years_terms); part of the price, always on."""
    system_rules: bool = True
    """Per-system rules (指定规则) in the years each system is free to choose."""
    dropped_system_rules: frozenset[int] = frozenset()
    """Indices into PlanInput.system_rules left out (diagnosis, analysis)."""
    share_level: float = 0.0
    """'max_xinchuang' maximises Σ (信创 − share_level)·vCPU that year (Dinkelbach steps of the
    year diagnosis when 性能系数 make the share's denominator depend on the plan)."""

    def on(self, flag: str, t: int) -> bool:
        """True when the family's rows for year index t are imposed."""
        return bool(getattr(self, flag)) and (flag, t) not in self.off


@dataclass
class Paths:
    """Every path of every system, as arrays over path columns (N) and years (T)."""

    col_w: np.ndarray
    """Workload index of each path (N,)."""
    loc: np.ndarray
    """(N, T) platform index, HOME or RETIRED."""
    run: np.ndarray
    """(N, T) what the vendor bills that year (CostModel.bill: run + security − term/resource
    discounts, step prices and 性能系数 included; 元)."""
    migration: np.ndarray
    """(N, T) one-time migration cost in the year of a move."""
    adaptation: np.ndarray
    """(N, T) one-time 信创 adaptation cost in the year of a move onto 信创."""
    moved: np.ndarray
    """(N, T) True in the year the path moves the system onto a platform."""
    no_path: list[int] = field(default_factory=list)
    """Workloads without any path (no eligible platform in a year they must be on one)."""

    @property
    def cost(self) -> np.ndarray:
        return self.run + self.migration + self.adaptation


def ready_index(w: Workload, years: Sequence[int]) -> int:
    """First plan-year index the system may move in (len(years): never)."""
    if w.keep_in_place:
        return len(years)
    ready = max(w.contract_end_year or years[0], w.earliest_year or years[0])
    return next((t for t, y in enumerate(years) if y >= ready), len(years))


def free_to_choose(w: Workload, years: Sequence[int], t: int) -> bool:
    """True when the system chooses where it is in plan year index t (not retired, at or after its
    ready year): the years per-system rules (指定规则) apply in."""
    return (w.retire_year is None or years[t] < w.retire_year) and t >= ready_index(w, years)


EQ, LE, GE = "==", "<=", ">="


@dataclass
class Expr:
    """A linear expression over model columns, built row by row (then one SparseModel row)."""

    cols: list[int]
    vals: list[float]

    def addterm(self, col: int, val: float) -> None:
        self.cols.append(int(col))
        self.vals.append(float(val))

    def extend(self, other: Expr) -> Expr:
        """Add other's terms (e.g. a year's vendor-term columns); returns self."""
        self.cols += other.cols
        self.vals += other.vals
        return self

    def __len__(self) -> int:
        return len(self.cols)


@dataclass
class YearsModel:
    """A PuLP problem over paths plus the arrays that map it back."""

    model: SparseModel
    inp: PlanInput
    policy: Policy
    spec: YearsSpec
    years: tuple[int, ...]
    cms: list[CostModel]
    paths: Paths
    x: np.ndarray
    """Column index of each path's binary (0 … N-1)."""
    options: YearsOptions
    vcpu: np.ndarray
    """vCPU per workload."""
    active: np.ndarray
    """(W, T) True while the system is not retired."""
    build_seconds: float = 0.0
    year_totals: list[int | None] = field(default_factory=list)
    cost_terms: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    """Year index → extra (column, 元) terms of that year's total (tiers, minimums, setup fees)."""
    vendor_cost_terms: dict[tuple[int, str], list[tuple[int, float]]] = field(default_factory=dict)
    """The same terms by (year index, vendor)."""
    tier_terms: dict[tuple[int, str], list[tuple[int, float]]] = field(default_factory=dict)
    """Volume-tier discount terms by (year index, vendor) (the minimum applies after tiers)."""
    vendor_on: dict[tuple[int, int], int] = field(default_factory=dict)
    """(year index, vendor index) → column of a binary = 1 exactly when the vendor hosts a system."""
    caches: dict[str, Any] = field(default_factory=dict)
    """Arrays the row families derive from the routes once (routes by system, free years, …)."""

    def rows(self, t: int) -> YearRow:
        return self.spec.years[t]

    def terms(self, cols: np.ndarray, coef: np.ndarray) -> Expr:
        return Expr(
            [int(self.x[k]) for k in np.asarray(cols, dtype=np.int64)],
            [float(c) for c in np.asarray(coef)],
        )

    def year_terms(self, t: int, vendor: str | None = None, scale: float = 1.0) -> Expr:
        """The extra cost terms of year t (of one vendor), coefficients × scale."""
        terms = (
            self.cost_terms.get(t, [])
            if vendor is None
            else self.vendor_cost_terms.get((t, vendor), [])
        )
        return Expr([int(c) for c, _ in terms], [float(v) * scale for _, v in terms])

    def add(self, expr: Expr, sense: str, name: str, rhs: float) -> None:
        lower = rhs if sense in (EQ, GE) else -INF
        upper = rhs if sense in (EQ, LE) else INF
        self.model.add_row(
            np.array(expr.cols, dtype=np.int64), np.array(expr.vals), lower, upper, name
        )
