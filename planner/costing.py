"""The one place that says what a workload costs on a platform and whether it may go there.

Everything is computed as arrays over (workload, platform) pairs so that the optimiser can
take all pairs at once; the per-pair API (:meth:`CostModel.breakdown`,
:meth:`CostModel.reasons`) reads the very same arrays, so reports, exports and the optimiser
never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from planner.labels import DATA_CLASS_LABELS, RESOURCE_LABELS, label
from planner.model import (
    INSTANCE_RESOURCE,
    SECURITY_RESOURCES,
    UNIT_RESOURCES,
    CostBreakdown,
    DiscountKind,
    Plan,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    Workload,
    instance_spec_label,
)
from planner.text import Msg

#: Specs and needs are compared in thousandths of a vCPU / GB, so 0.5-vCPU specs work too.
_GRAIN = 1000


@dataclass(frozen=True, slots=True)
class InstanceSpec:
    """One whole-instance offer of a platform: vCPU, RAM and annual price per instance."""

    vcpu: float
    ram_gb: float
    annual_price: float

    @property
    def label(self) -> str:
        return instance_spec_label(self.vcpu, self.ram_gb)


class InstanceSizer:
    """Cheapest multiset of a platform's instance specs covering a (vCPU, RAM) need — exactly.

    A 2-D unbounded covering knapsack: ``cost[a, b]`` is the least annual price of instances
    giving at least ``a`` vCPU steps and ``b`` RAM steps, where a step is the greatest common
    divisor of the specs' sizes (so 2C4G/4C8G/8C32G work in steps of 2 vCPU and 4 GB and the
    table stays small). The table is built once per platform up to the largest need and then
    read for every workload, so 20,000 workloads cost one table and one fancy-indexing lookup.
    """

    def __init__(self, specs: Sequence[InstanceSpec]) -> None:
        if not specs:
            raise ValueError("no instance specs")
        best: dict[tuple[int, int], InstanceSpec] = {}
        for s in specs:
            key = (round(s.vcpu * _GRAIN), round(s.ram_gb * _GRAIN))
            if key[0] <= 0 or key[1] <= 0:
                raise ValueError(f"instance spec {s.label} needs vcpu > 0 and ram_gb > 0")
            if key not in best or s.annual_price < best[key].annual_price:
                best[key] = s
        self.specs: tuple[InstanceSpec, ...] = tuple(best.values())
        keys = list(best)
        self.step_v = math.gcd(*(k[0] for k in keys))
        self.step_r = math.gcd(*(k[1] for k in keys))
        self._v = np.array([k[0] // self.step_v for k in keys], dtype=np.int64)
        self._r = np.array([k[1] // self.step_r for k in keys], dtype=np.int64)
        self._c = np.array([s.annual_price for s in self.specs], dtype=float)
        self._cost = np.zeros((1, 1))
        self._choice = np.full((1, 1), -1, dtype=np.int32)

    def _steps(self, need: np.ndarray, step: int) -> np.ndarray:
        # ceil(need / step) in integer steps; the tiny slack absorbs float noise like 8.000000001
        units = np.asarray(need, dtype=float) * _GRAIN / step
        return np.maximum(np.ceil(units - 1e-6), 0).astype(np.int64)

    def _ensure(self, a_max: int, b_max: int) -> None:
        A, B = self._cost.shape
        if a_max < A and b_max < B:
            return
        A, B = max(a_max + 1, A), max(b_max + 1, B)
        cost = np.full((A, B), np.inf)
        choice = np.full((A, B), -1, dtype=np.int32)
        cost[0, 0] = 0.0
        v, r, c = self._v, self._r, self._c
        # Row a = 0 (vCPU already covered): every spec has r ≥ 1, so b only looks left.
        for b in range(1, B):
            cand = c + cost[0, np.maximum(b - r, 0)]
            k = int(np.argmin(cand))
            cost[0, b], choice[0, b] = cand[k], k
        cols = np.arange(B)
        src_cols = [np.maximum(cols - r[k], 0) for k in range(len(c))]
        for a in range(1, A):
            cand = np.stack([c[k] + cost[max(a - v[k], 0)][src_cols[k]] for k in range(len(c))])
            k = np.argmin(cand, axis=0)
            cost[a] = cand[k, cols]
            choice[a] = k
        self._cost, self._choice = cost, choice

    def costs(self, vcpu: np.ndarray, ram_gb: np.ndarray) -> np.ndarray:
        """Least annual price of instances covering each (vcpu[i], ram_gb[i]) need."""
        a = self._steps(vcpu, self.step_v)
        b = self._steps(ram_gb, self.step_r)
        if a.size == 0:
            return np.zeros(0)
        self._ensure(int(a.max()), int(b.max()))
        costs: np.ndarray = self._cost[a, b]
        return costs

    def combination(self, vcpu: float, ram_gb: float) -> dict[str, int]:
        """The chosen instances for one need: spec label → count (cheapest, as in costs())."""
        a = int(self._steps(np.array([vcpu]), self.step_v)[0])
        b = int(self._steps(np.array([ram_gb]), self.step_r)[0])
        self._ensure(a, b)
        out: dict[str, int] = {}
        while a > 0 or b > 0:
            k = int(self._choice[a, b])
            spec = self.specs[k]
            out[spec.label] = out.get(spec.label, 0) + 1
            a, b = max(a - int(self._v[k]), 0), max(b - int(self._r[k]), 0)
        return out


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a workload may not go on a platform: a code plus the values that explain it."""

    code: str
    """mlps | deployment | xinchuang | price | security_price."""
    platform: Platform
    """The excluded platform."""
    detail: str = ""
    """Extra value: the missing resource(s), levels, data class."""

    def text(self, lang: str = "zh") -> str:
        p = self.platform
        if self.code == "mlps":
            if lang == "zh":
                return f"{p.label} 等保级别 {p.mlps_level} < {self.detail}"
            return f"{p.label} MLPS level {p.mlps_level} < {self.detail}"
        if self.code == "deployment":
            data_class = label(DATA_CLASS_LABELS, self.detail, lang)
            if lang == "zh":
                return f"{p.label} 为公有云，数据分级为{data_class}的系统只能部署在私有云"
            return f"{p.label} is public cloud; {data_class} data must stay on private cloud"
        if self.code == "xinchuang":
            return f"{p.label} 非信创平台" if lang == "zh" else f"{p.label} is not 信创"
        if self.code in ("price", "security_price"):
            names = "、".join(label(RESOURCE_LABELS, r, lang) for r in self.detail.split(","))
            return (
                f"{p.label} 未报价：{names}"
                if lang == "zh"
                else f"{p.label} has no price for {names}"
            )
        return f"{p.label}: {self.code}"

    def msg(self) -> Msg:
        """The reason in both languages."""
        return Msg(self.text("zh"), self.text("en"))


class CostModel:
    """Annual cost and eligibility of every (workload, platform) pair of a PlanInput.

    Attributes are numpy arrays of shape (W, P) unless noted.
    """

    def __init__(self, inp: PlanInput, policy: Policy | None = None) -> None:
        self.input = inp
        self.policy = policy or inp.policy
        self.workloads = inp.workloads
        self.platforms = inp.platforms
        W, P = len(inp.workloads), len(inp.platforms)
        pindex = {p.key: j for j, p in enumerate(inp.platforms)}
        self.platform_index = pindex

        # Annual unit prices per platform; NaN = not offered.
        unit_price = np.full((P, len(UNIT_RESOURCES)), np.nan)
        sec_price = np.full((P, len(SECURITY_RESOURCES)), np.nan)
        ucol = {r: i for i, r in enumerate(UNIT_RESOURCES)}
        scol = {r: i for i, r in enumerate(SECURITY_RESOURCES)}
        specs: dict[int, list[InstanceSpec]] = {}
        #: (platform index, unit resource index) → [(from, to, annual price)] of step-priced lines
        self.steps: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
        for line in inp.prices:
            j = pindex.get((line.vendor, line.platform))
            if j is None:
                continue
            if line.resource in ucol and (line.min_qty is not None or line.max_qty is not None):
                band = (
                    float(line.min_qty or 0.0),
                    math.inf if line.max_qty is None else float(line.max_qty),
                )
                self.steps.setdefault((j, ucol[line.resource]), []).append(
                    (*band, line.annual_price)
                )
            if line.resource == INSTANCE_RESOURCE:
                if line.vcpu and line.ram_gb:
                    specs.setdefault(j, []).append(
                        InstanceSpec(line.vcpu, line.ram_gb, line.annual_price)
                    )
            elif line.resource in ucol:
                unit_price[j, ucol[line.resource]] = line.annual_price
            elif line.resource in scol:
                sec_price[j, scol[line.resource]] = line.annual_price
        self.unit_price = unit_price
        self.security_price = sec_price
        #: platform index → sizer of its whole-instance offers (platforms with instance lines only)
        self.sizers: dict[int, InstanceSizer] = {j: InstanceSizer(s) for j, s in specs.items()}

        need = np.array(
            [[w.vcpu, w.ram_gb, w.storage_gb, w.bandwidth_mbps] for w in inp.workloads],
            dtype=float,
        ).reshape(W, len(UNIT_RESOURCES))
        self.need = need
        self.vcpu = need[:, 0].copy()
        # 性能系数: vCPU bought on each pool, whole cores where the factor is not 1
        factor = np.array([float(p.perf_factor) for p in inp.platforms], dtype=float)
        self.perf_factor = factor
        self.has_perf_factors = bool(np.any(factor != 1.0))
        scaled = np.ceil(np.round(self.vcpu[:, None] * factor[None, :], 9))
        self.pair_vcpu = np.where(factor[None, :] == 1.0, self.vcpu[:, None], scaled).reshape(W, P)
        """vCPU bought for workload w on platform p (W, P): the need × 性能系数, rounded up."""
        w_level = np.array([w.mlps_level for w in inp.workloads], dtype=int)
        p_level = np.array([p.mlps_level for p in inp.platforms], dtype=int)
        w_sensitive = np.array([w.data_class.sensitive for w in inp.workloads], dtype=bool)
        p_private = np.array([p.deployment == "private" for p in inp.platforms], dtype=bool)
        w_xc_req = np.array([w.xinchuang_required for w in inp.workloads], dtype=bool)
        p_xc = np.array([p.xinchuang for p in inp.platforms], dtype=bool)
        self.platform_xinchuang = p_xc
        current = np.array(
            [pindex.get(w.current_key, -1) if w.current_key else -1 for w in inp.workloads],
            dtype=int,
        )
        self.current_index = current
        cur_xc = (
            np.where(current >= 0, p_xc[np.maximum(current, 0)], False) if P else np.zeros(W, bool)
        )

        # --- eligibility checks, each (W, P) -------------------------------------------------
        self.ok_mlps = p_level[None, :] >= w_level[:, None]
        if self.policy.sensitive_data_private:
            self.ok_deployment = ~(w_sensitive[:, None] & ~p_private[None, :])
        else:
            self.ok_deployment = np.ones((W, P), dtype=bool)
        self.ok_xinchuang = ~w_xc_req[:, None] | p_xc[None, :]
        # missing unit price where the workload needs the resource: (W, P, R)
        self.missing_unit = (need[:, None, :] > 0) & np.isnan(unit_price[None, :, :])
        need3 = np.repeat(need[:, None, :], P, axis=1)  # (W, P, R): the need on each platform
        need3[:, :, 0] = self.pair_vcpu
        self.pair_need = need3
        # vCPU+RAM by whole instances where they are cheaper (or the only offer): (W, P)
        self.instance_cost = np.zeros((W, P))
        self.uses_instances = np.zeros((W, P), dtype=bool)
        if self.sizers:
            self._size_instances(need3, unit_price)
        self.ok_price = ~self.missing_unit.any(axis=2)
        sec_idx = np.clip(w_level - 2, 0, len(SECURITY_RESOURCES) - 1)
        needs_sec = w_level >= 2
        sec = sec_price[:, sec_idx].T  # (W, P)
        self.ok_security_price = ~(needs_sec[:, None] & np.isnan(sec))
        self.eligible = (
            self.ok_mlps
            & self.ok_deployment
            & self.ok_xinchuang
            & self.ok_price
            & self.ok_security_price
        )

        # --- cost components, each (W, P) ----------------------------------------------------
        horizon = float(self.policy.horizon_years)
        per_resource = np.where(need3 > 0, need3 * np.nan_to_num(unit_price)[None, :, :], 0.0)
        for (j, r), bands in self.steps.items():
            per_resource[:, j, r] = step_cost(need3[:, j, r], bands)
        per_resource[:, :, :2] = np.where(
            self.uses_instances[:, :, None], 0.0, per_resource[:, :, :2]
        )
        self.resource_cost = (
            per_resource  # (W, P, R); vCPU/RAM are 0 where whole instances are bought
        )
        self.run_cost = per_resource.sum(axis=2) + self.instance_cost
        self.security_cost = np.where(needs_sec[:, None], np.nan_to_num(sec), 0.0)
        migration = np.array([w.migration_cost for w in inp.workloads], dtype=float)
        adaptation = np.array([w.xinchuang_adaptation_cost for w in inp.workloads], dtype=float)
        moved = np.arange(P)[None, :] != current[:, None]
        self.migration_annual = np.where(moved, (migration / horizon)[:, None], 0.0)
        lands_on_xc = p_xc[None, :] & ~cur_xc[:, None]
        self.adaptation_annual = np.where(lands_on_xc, (adaptation / horizon)[:, None], 0.0)
        self.discount = self._discounts(inp, needs_sec, sec_idx)
        """Term and resource discounts off run + security (W, P), 元/年 ≥ 0."""
        self.bill = self.run_cost + self.security_cost - self.discount
        """What the vendor bills for the pair after term/resource discounts (W, P): the volume-tier base."""
        self.total = self.bill + self.migration_annual + self.adaptation_annual
        vendors = inp.vendors
        self.vendor_of_platform = np.array(
            [vendors.index(p.vendor) for p in inp.platforms], dtype=int
        )
        """Index into PlanInput.vendors of each platform (P,)."""

    def _discounts(self, inp: PlanInput, needs_sec: np.ndarray, sec_idx: np.ndarray) -> np.ndarray:
        """元/年 off each pair's run + security cost by the vendors' term and resource discounts.

        Term: the lowest factor among the vendor's 期限折扣 whose threshold (years) ≤ the horizon,
        on the whole bill. Resource: the lowest factor among its 资源折扣 for that resource, on that
        resource's cost. Both multiply: net = cost × resource factor × term factor.
        """
        W, P = self.run_cost.shape
        out = np.zeros((W, P))
        if not inp.discounts:
            return out
        horizon = float(self.policy.horizon_years)
        for j, plat in enumerate(inp.platforms):
            term = min(
                (
                    d.factor
                    for d in inp.discounts
                    if d.vendor == plat.vendor
                    and d.kind == DiscountKind.TERM
                    and d.threshold <= horizon + 1e-9
                ),
                default=1.0,
            )
            res: dict[str, float] = {}
            for d in inp.discounts:
                if d.vendor == plat.vendor and d.kind == DiscountKind.RESOURCE and d.resource:
                    res[d.resource] = min(res.get(d.resource, 1.0), d.factor)
            if term == 1.0 and not res:
                continue
            net = np.zeros(W)
            for k, r in enumerate(UNIT_RESOURCES):
                net += self.resource_cost[:, j, k] * res.get(r, 1.0)
            net += self.instance_cost[:, j] * res.get(INSTANCE_RESOURCE, 1.0)
            sec_factor = (
                np.array([res.get(SECURITY_RESOURCES[i], 1.0) for i in sec_idx])
                if W
                else np.zeros(0)
            )
            net += np.where(needs_sec, self.security_cost[:, j] * sec_factor, 0.0)
            out[:, j] = (self.run_cost[:, j] + self.security_cost[:, j]) - net * term
        return out

    def _size_instances(self, need3: np.ndarray, unit_price: np.ndarray) -> None:
        """Compare per-unit vCPU+RAM with the cheapest whole-instance cover, per platform.

        Only distinct (vCPU, RAM) needs are sized, so the cost is one table per platform; the
        vCPU need is the platform's (性能系数 applied).
        """
        for j, sizer in self.sizers.items():
            vr = need3[:, j, :2]
            wants = (vr > 0).any(axis=1)
            if not wants.any():
                continue
            distinct, inverse = np.unique(vr[wants], axis=0, return_inverse=True)
            rows = np.nonzero(wants)[0]
            by_instance = sizer.costs(distinct[:, 0], distinct[:, 1])[inverse.ravel()]
            priced = ~self.missing_unit[rows, j, :2].any(axis=1)
            per_unit = np.zeros(len(rows))
            for r in range(2):
                q = vr[rows, r]
                bands = self.steps.get((j, r))
                per_unit += (
                    step_cost(q, bands)
                    if bands
                    else np.where(q > 0, q * np.nan_to_num(unit_price[j, r]), 0.0)
                )
            per_unit = np.where(priced, per_unit, np.inf)
            cheaper = by_instance < per_unit  # a tie keeps the per-unit price
            self.uses_instances[rows, j] = cheaper
            self.instance_cost[rows, j] = np.where(cheaper, by_instance, 0.0)
            self.missing_unit[rows, j, :2] = False  # instances always cover vCPU and RAM

    # --- per-pair API --------------------------------------------------------------------------
    def breakdown(self, w: int, p: int) -> CostBreakdown:
        """Cost components of workload index w on platform index p (eligible or not)."""
        resource_costs = {
            r: float(self.resource_cost[w, p, k])
            for k, r in enumerate(UNIT_RESOURCES)
            if self.need[w, k] > 0 and not (k < 2 and self.uses_instances[w, p])
        }
        instances: dict[str, int] = {}
        if self.uses_instances[w, p]:
            resource_costs = {INSTANCE_RESOURCE: float(self.instance_cost[w, p]), **resource_costs}
            instances = self.sizers[p].combination(
                float(self.pair_need[w, p, 0]), float(self.need[w, 1])
            )
        return CostBreakdown(
            run_cost=float(self.run_cost[w, p]),
            security_cost=float(self.security_cost[w, p]),
            migration_annual=float(self.migration_annual[w, p]),
            adaptation_annual=float(self.adaptation_annual[w, p]),
            resource_costs=resource_costs,
            instances=instances,
            discount=float(self.discount[w, p]),
            vcpu=float(self.pair_vcpu[w, p]) if self.perf_factor[p] != 1.0 else None,
        )

    def reasons(self, w: int, p: int, lang: str = "zh") -> list[Reason]:
        """Every rule that keeps workload w off platform p (empty when eligible)."""
        wl: Workload = self.workloads[w]
        pl: Platform = self.platforms[p]
        out: list[Reason] = []
        if not self.ok_mlps[w, p]:
            out.append(Reason("mlps", pl, str(wl.mlps_level)))
        if not self.ok_deployment[w, p]:
            out.append(Reason("deployment", pl, str(wl.data_class)))
        if not self.ok_xinchuang[w, p]:
            out.append(Reason("xinchuang", pl))
        if not self.ok_price[w, p]:
            missing = [r for k, r in enumerate(UNIT_RESOURCES) if self.missing_unit[w, p, k]]
            out.append(Reason("price", pl, ",".join(missing)))
        if not self.ok_security_price[w, p]:
            out.append(Reason("security_price", pl, f"security_l{wl.mlps_level}"))
        return out

    def eligible_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(workload indices, platform indices) of all eligible pairs, row-major."""
        w, p = np.nonzero(self.eligible)
        return w, p


def step_cost(quantity: np.ndarray, bands: Sequence[tuple[float, float, float]]) -> np.ndarray:
    """元/年 of quantities under step prices: each band (from, to, price) prices the units of the
    quantity between from and to; units above the highest band's end are priced at the price of
    the band that starts highest (the last step goes on)."""
    q = np.asarray(quantity, dtype=float)
    out = np.zeros(q.shape)
    for lo, hi, price in bands:
        out += price * np.clip(np.minimum(q, hi) - lo, 0.0, None)
    top_lo, top_hi, top_price = max(bands, key=lambda b: b[0])
    end = max(b[1] for b in bands)
    if math.isfinite(end):
        out += top_price * np.clip(q - end, 0.0, None)
    return np.where(q > 0, out, 0.0)


def workload_cost(
    inp: PlanInput, workload: Workload, platform: Platform
) -> CostBreakdown | list[Reason]:
    """Annual cost of one workload on one platform, or the reasons it is not eligible.

    Convenience wrapper over :class:`CostModel` for a single pair.
    """
    sub = PlanInput(
        platforms=inp.platforms,
        prices=inp.prices,
        workloads=(workload,),
        policy=inp.policy,
        discounts=inp.discounts,
    )
    cm = CostModel(sub)
    p = cm.platform_index[platform.key]
    if not cm.eligible[0, p]:
        return cm.reasons(0, p)
    return cm.breakdown(0, p)


def cost_model_for(plan: Plan, inp: PlanInput) -> CostModel:
    """The cost model of plan over inp: the plan's own (Plan.cost_model) when it was built from
    this very input under the plan's policy, else a new one (e.g. a plan restored before the
    cost model existed, or inputs edited since the solve)."""
    cm = plan.cost_model
    if (
        isinstance(cm, CostModel)
        and cm.policy == plan.policy
        and (cm.input is inp or cm.input == inp)
    ):
        return cm
    return CostModel(inp, plan.policy)


# --- multi-year prices ----------------------------------------------------------------------------
def price_in_year(line: PriceLine, year: int, first_year: int) -> PriceLine | None:
    """The price line as it holds in year: None outside 生效年份…失效年份, else its unit price after
    年度调价 compounded once per year since 生效年份 (or the first plan year when blank)."""
    if line.valid_from is not None and year < line.valid_from:
        return None
    if line.valid_to is not None and year > line.valid_to:
        return None
    base = line.valid_from if line.valid_from is not None else first_year
    factor = (1.0 + line.yearly_change) ** max(year - base, 0)
    return replace(
        line, unit_price=line.unit_price * factor, valid_from=None, valid_to=None, yearly_change=0.0
    )


def prices_in_year(
    prices: Sequence[PriceLine], year: int, first_year: int
) -> tuple[PriceLine, ...]:
    """Every price line that holds in year, at that year's price (see price_in_year)."""
    return tuple(
        q for q in (price_in_year(line, year, first_year) for line in prices) if q is not None
    )


def year_cost_models(
    inp: PlanInput, years: Sequence[int], policy: Policy | None = None
) -> list[CostModel]:
    """One CostModel per plan year over that year's prices: run and security cost and eligibility of
    every (workload, platform) pair in that year (one-time costs are charged by the year model)."""
    policy = policy or inp.policy
    first = years[0]
    return [
        CostModel(replace(inp, prices=prices_in_year(inp.prices, y, first), years=None), policy)
        for y in years
    ]
