"""The model being built: a sparse MILP over the routes of the systems, with the year as an index.

A plan has one or more plan years (a plain workbook: one unnamed year; a 年度计划: its rows).
Every system gets one binary per *route*: its location in each plan year (a platform, the place
it is now when that is the county machine room, or retired). With one year a route is an
eligible (system, platform) pair. :class:`Routes` holds the routes as arrays over routes (N) and
years (T); :class:`BuiltModel` is the sparse model (planner.sparse) plus those arrays and the
columns the rule families share; :class:`ModelOptions` says which rule families it imposes, in
which years, and what it optimises (:class:`Objective`). The rule families (planner.build,
planner.terms) write rows into it for every year at once; the solver boundary (planner.solvers)
solves its model; planner.extract reads the plan back.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner.costing import CostModel
from planner.model import PlanInput, Policy, Workload, YearRow
from planner.sparse import SparseModel

#: Location codes of a route besides platform indices.
HOME = -1
"""Where the system is now when that is not a listed platform (the county machine room)."""
RETIRED = -2
"""Retired (下线): no cost, not counted."""


class Objective(enum.Enum):
    """What a model optimises; the analysis and the diagnosis reuse the same rows."""

    COST = "cost"
    """Minimise the cost: the annual cost of a plain plan, the present value of a year plan."""
    FEASIBILITY = "feasibility"
    """Any plan obeying the rules."""
    MAX_XINCHUANG = "max_xinchuang"
    """Maximise Σ (信创 − share_level)·vCPU in objective_year (share_level 0: the 信创 vCPU)."""
    MAX_VENDORS = "max_vendors"
    """Maximise the number of vendors used in objective_year."""
    MIN_PLATFORM_VCPU = "min_platform_vcpu"
    """Minimise vCPU placed on one platform (``target_platform``) in objective_year."""
    YEAR_COST = "year_cost"
    """Minimise the cost of objective_year alone."""
    MIN_MOVES = "min_moves"
    """Minimise the systems moved in objective_year."""
    MIN_MOVE_VCPU = "min_move_vcpu"
    """Minimise the vCPU moved in objective_year."""


#: Row-family flags a year can be switched off for (ModelOptions.off, the year diagnosis).
YEAR_FLAGS = ("budget", "xinchuang_share", "vendor_share", "min_vendors", "capacity", "move_caps")


@dataclass
class ModelOptions:
    """Which rules to impose when building a model (defaults: all of the policy, every year)."""

    objective: Objective = Objective.COST
    objective_year: int = 0
    """Year index the year-wise objectives look at."""
    share_level: float = 0.0
    """MAX_XINCHUANG maximises Σ (信创 − share_level)·vCPU (Dinkelbach steps when 性能系数 make
    the share's denominator depend on the plan)."""
    budget: bool = True
    xinchuang_share: bool = True
    vendor_share: bool = True
    min_vendors: bool = True
    capacity: bool = True
    move_caps: bool = True
    """最多迁移系统数 / 最多迁移vCPU of a year plan."""
    uncapped_platforms: frozenset[int] = frozenset()
    """Platform indices whose capacity limit is dropped."""
    excluded_platforms: frozenset[int] = frozenset()
    """Platform indices no system may be on in a year it is free to choose (vendor-loss tests;
    a system held there by its contract stays)."""
    target_platform: int | None = None
    """Platform index for MIN_PLATFORM_VCPU."""
    fixed: Mapping[int, int] = field(default_factory=dict)
    """Workload index → the platform index it must be on in every year it is free to choose
    (what-if re-solves, explain_choice); the platform must be eligible for the workload."""
    terms: bool = True
    """Volume tiers, minimums and setup fees (planner.terms); part of the price, always on."""
    system_rules: bool = True
    """Per-system rules (指定规则) in the years each system is free to choose."""
    dropped_system_rules: frozenset[int] = frozenset()
    """Indices into PlanInput.system_rules left out (analysis pricing, diagnosis)."""
    off: frozenset[tuple[str, int]] = frozenset()
    """(flag, year index) pairs whose rows are left out in that year only (per-year relaxation)."""
    vendor_rows: frozenset[tuple[int, str]] | None = None
    """(year index, vendor) vendor-share rows to add, written on the routes (the lazy rows of
    planner.optimize.solve); None: every row, on per-vendor cost columns."""

    def on(self, flag: str, t: int) -> bool:
        """True when the family's rows for year index t are imposed."""
        return bool(getattr(self, flag)) and (flag, t) not in self.off


@dataclass
class Routes:
    """Every route of every system, as arrays over routes (N) and plan years (T)."""

    col_w: np.ndarray
    """Workload index of each route (N,)."""
    loc: np.ndarray
    """(N, T) platform index, HOME or RETIRED."""
    run: np.ndarray
    """(N, T) what the vendor bills that year (CostModel.bill: run + security − term/resource
    discounts, step prices and 性能系数 included; 元)."""
    migration: np.ndarray
    """(N, T) the migration cost charged that year: a plain plan's share of it (÷ 规划年限), a
    year plan's whole cost in the year of the move."""
    adaptation: np.ndarray
    """(N, T) the 信创 adaptation cost charged that year, like migration."""
    moved: np.ndarray
    """(N, T) True in the year the route moves the system onto a platform."""
    no_path: list[int] = field(default_factory=list)
    """Workloads without any route (no eligible platform in a year they must be on one)."""

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


@dataclass
class BuiltModel:
    """A sparse MILP (planner.sparse.SparseModel) plus the arrays that map its columns to the domain.

    Columns ``0 .. N-1`` are the route binaries ``x[k]`` (in route order); rule families add
    more columns (cost columns, vendor binaries, tier variables) after them.
    """

    model: SparseModel
    inp: PlanInput
    policy: Policy
    rows: tuple[YearRow, ...]
    """The plan years: a plain plan has one row of the 约束 values (year 0)."""
    year_plan: bool
    """True for a 年度计划 (one-time costs in full in the year of a move, contracts, retirements);
    False for a plain workbook (one-time costs spread over 规划年限)."""
    cms: list[CostModel]
    """One cost model per plan year (that year's prices)."""
    routes: Routes
    options: ModelOptions = field(default_factory=ModelOptions)
    build_seconds: float = 0.0
    vendor_cost: dict[tuple[int, str], int] = field(default_factory=dict)
    """(year index, vendor) → column of its cost that year in 万元, when written."""
    total_cost: dict[int, int] = field(default_factory=dict)
    """Year index → column of that year's total cost in 万元, when written."""
    vendor_used: dict[tuple[int, str], int] = field(default_factory=dict)
    """(year index, vendor) → column of its 'hosts at least one system that year' binary."""
    vendor_on: dict[tuple[int, str], int] = field(default_factory=dict)
    """(year index, vendor) → column of a binary = 1 exactly when the vendor hosts a system."""
    cost_terms: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    """Year index → extra (column, 元) terms of that year's total (tiers, minimums, setup fees)."""
    vendor_cost_terms: dict[tuple[int, str], list[tuple[int, float]]] = field(default_factory=dict)
    """The same terms by (year index, vendor)."""
    tier_terms: dict[tuple[int, str], list[tuple[int, float]]] = field(default_factory=dict)
    """Volume-tier discount terms by (year index, vendor) (the minimum applies after tiers)."""
    caches: dict[str, Any] = field(default_factory=dict)
    """Arrays the row families derive from the routes once (routes by system, free years, …)."""

    # --- shapes ----------------------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        return tuple(r.year for r in self.rows)

    @property
    def num_years(self) -> int:
        return len(self.rows)

    @property
    def num_routes(self) -> int:
        return len(self.routes.col_w)

    @property
    def x(self) -> np.ndarray:
        """Column indices of the route binaries."""
        return np.arange(self.num_routes)

    @property
    def cost_model(self) -> CostModel:
        """The first plan year's cost model (a plain plan's only one)."""
        return self.cms[0]

    @property
    def vcpu(self) -> np.ndarray:
        """vCPU per workload."""
        return self.cms[0].vcpu

    # --- one-year views (a plain plan, explain, the greedy fallback) ------------------------
    @property
    def num_pairs(self) -> int:
        return self.num_routes

    @property
    def pair_w(self) -> np.ndarray:
        """Workload index of each route."""
        return self.routes.col_w

    @property
    def pair_p(self) -> np.ndarray:
        """Platform of each route in the first plan year (a one-year route's platform)."""
        return np.maximum(self.routes.loc[:, 0], 0)

    @property
    def cost(self) -> np.ndarray:
        """Cost of each route over the plan years, undiscounted (a one-year route's annual cost)."""
        c = self.routes.cost
        return c[:, 0] if c.shape[1] == 1 else c.sum(axis=1)

    def lp_text(self) -> str:
        """The model as LP text (the same model both solver paths get)."""
        return self.model.lp_text()
