"""The one place that says what a workload costs on a platform and whether it may go there.

Everything is computed as arrays over (workload, platform) pairs so that the optimiser can
take all pairs at once; the per-pair API (:meth:`CostModel.breakdown`,
:meth:`CostModel.reasons`) reads the very same arrays, so reports, exports and the optimiser
never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.labels import DATA_CLASS_LABELS, RESOURCE_LABELS, label
from planner.model import (
    SECURITY_RESOURCES,
    UNIT_RESOURCES,
    CostBreakdown,
    PlanInput,
    Platform,
    Policy,
    Workload,
)


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
            if lang == "zh":
                return f"{p.label} 为公有云，数据分级为{self.detail}的系统只能部署在私有云"
            return f"{p.label} is public cloud; {self.detail} data must stay on private cloud"
        if self.code == "xinchuang":
            return f"{p.label} 非信创平台" if lang == "zh" else f"{p.label} is not 信创"
        if self.code in ("price", "security_price"):
            names = "、".join(label(RESOURCE_LABELS, r, lang) for r in self.detail.split(","))
            return f"{p.label} 未报价：{names}" if lang == "zh" else f"{p.label} has no price for {names}"
        return f"{p.label}: {self.code}"


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
        for line in inp.prices:
            j = pindex.get((line.vendor, line.platform))
            if j is None:
                continue
            if line.resource in ucol:
                unit_price[j, ucol[line.resource]] = line.annual_price
            elif line.resource in scol:
                sec_price[j, scol[line.resource]] = line.annual_price
        self.unit_price = unit_price
        self.security_price = sec_price

        need = np.array(
            [[w.vcpu, w.ram_gb, w.storage_gb, w.bandwidth_mbps] for w in inp.workloads],
            dtype=float,
        ).reshape(W, len(UNIT_RESOURCES))
        self.need = need
        self.vcpu = need[:, 0].copy()
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
        cur_xc = np.where(current >= 0, p_xc[np.maximum(current, 0)], False) if P else np.zeros(W, bool)

        # --- eligibility checks, each (W, P) -------------------------------------------------
        self.ok_mlps = p_level[None, :] >= w_level[:, None]
        if self.policy.sensitive_data_private:
            self.ok_deployment = ~(w_sensitive[:, None] & ~p_private[None, :])
        else:
            self.ok_deployment = np.ones((W, P), dtype=bool)
        self.ok_xinchuang = ~w_xc_req[:, None] | p_xc[None, :]
        # missing unit price where the workload needs the resource: (W, P, R)
        self.missing_unit = (need[:, None, :] > 0) & np.isnan(unit_price[None, :, :])
        self.ok_price = ~self.missing_unit.any(axis=2)
        sec_idx = np.clip(w_level - 2, 0, len(SECURITY_RESOURCES) - 1)
        needs_sec = w_level >= 2
        sec = sec_price[:, sec_idx].T  # (W, P)
        self.ok_security_price = ~(needs_sec[:, None] & np.isnan(sec))
        self.eligible = (
            self.ok_mlps & self.ok_deployment & self.ok_xinchuang & self.ok_price & self.ok_security_price
        )

        # --- cost components, each (W, P) ----------------------------------------------------
        horizon = float(self.policy.horizon_years)
        per_resource = np.where(need[:, None, :] > 0, need[:, None, :] * np.nan_to_num(unit_price)[None, :, :], 0.0)
        self.resource_cost = per_resource  # (W, P, R)
        self.run_cost = per_resource.sum(axis=2)
        self.security_cost = np.where(needs_sec[:, None], np.nan_to_num(sec), 0.0)
        migration = np.array([w.migration_cost for w in inp.workloads], dtype=float)
        adaptation = np.array([w.xinchuang_adaptation_cost for w in inp.workloads], dtype=float)
        moved = np.arange(P)[None, :] != current[:, None]
        self.migration_annual = np.where(moved, (migration / horizon)[:, None], 0.0)
        lands_on_xc = p_xc[None, :] & ~cur_xc[:, None]
        self.adaptation_annual = np.where(lands_on_xc, (adaptation / horizon)[:, None], 0.0)
        self.total = self.run_cost + self.security_cost + self.migration_annual + self.adaptation_annual

    # --- per-pair API --------------------------------------------------------------------------
    def breakdown(self, w: int, p: int) -> CostBreakdown:
        """Cost components of workload index w on platform index p (eligible or not)."""
        return CostBreakdown(
            run_cost=float(self.run_cost[w, p]),
            security_cost=float(self.security_cost[w, p]),
            migration_annual=float(self.migration_annual[w, p]),
            adaptation_annual=float(self.adaptation_annual[w, p]),
            resource_costs={
                r: float(self.resource_cost[w, p, k])
                for k, r in enumerate(UNIT_RESOURCES)
                if self.need[w, k] > 0
            },
        )

    def reasons(self, w: int, p: int, lang: str = "zh") -> list[Reason]:
        """Every rule that keeps workload w off platform p (empty when eligible)."""
        wl: Workload = self.workloads[w]
        pl: Platform = self.platforms[p]
        out: list[Reason] = []
        if not self.ok_mlps[w, p]:
            out.append(Reason("mlps", pl, str(wl.mlps_level)))
        if not self.ok_deployment[w, p]:
            out.append(Reason("deployment", pl, label(DATA_CLASS_LABELS, wl.data_class, lang)))
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
        return np.nonzero(self.eligible)


def workload_cost(inp: PlanInput, workload: Workload, platform: Platform) -> CostBreakdown | list[Reason]:
    """Annual cost of one workload on one platform, or the reasons it is not eligible.

    Convenience wrapper over :class:`CostModel` for a single pair.
    """
    sub = PlanInput(
        platforms=inp.platforms, prices=inp.prices, workloads=(workload,), policy=inp.policy
    )
    cm = CostModel(sub)
    p = cm.platform_index[platform.key]
    if not cm.eligible[0, p]:
        return cm.reasons(0, p)
    return cm.breakdown(0, p)
