"""Instance-spec pricing: the cheapest multiset of specs covering vCPU and RAM, checked by brute force."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.costing import CostModel, InstanceSizer, InstanceSpec
from planner.model import (
    DataClass,
    Deployment,
    Period,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    Workload,
)


def brute(specs: list[InstanceSpec], v: float, r: float) -> float:
    """Least price over every count vector with each count ≤ what one spec alone would need."""
    bounds = [max(math.ceil(v / s.vcpu), math.ceil(r / s.ram_gb)) for s in specs]
    best = math.inf
    for counts in itertools.product(*(range(b + 1) for b in bounds)):
        cv = sum(n * s.vcpu for n, s in zip(counts, specs, strict=True))
        cr = sum(n * s.ram_gb for n, s in zip(counts, specs, strict=True))
        if cv >= v and cr >= r:
            best = min(best, sum(n * s.annual_price for n, s in zip(counts, specs, strict=True)))
    return best


spec_st = st.builds(
    InstanceSpec,
    st.sampled_from([1, 2, 4, 8, 16]),
    st.sampled_from([1, 2, 4, 8, 16, 32, 64]),
    st.integers(min_value=100, max_value=20000).map(float),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(spec_st, min_size=1, max_size=3), st.integers(0, 24), st.integers(0, 64))
def test_sizer_matches_brute_force(specs: list[InstanceSpec], v: int, r: int) -> None:
    sizer = InstanceSizer(specs)
    got = float(sizer.costs(np.array([v]), np.array([r]))[0])
    # brute force over the deduplicated specs (the sizer keeps the cheapest of equal specs)
    assert got == pytest.approx(brute(list(sizer.specs), v, r))
    combo = sizer.combination(v, r)
    by_label = {s.label: s for s in sizer.specs}
    assert sum(n * by_label[k].annual_price for k, n in combo.items()) == pytest.approx(got)
    assert sum(n * by_label[k].vcpu for k, n in combo.items()) >= v
    assert sum(n * by_label[k].ram_gb for k, n in combo.items()) >= r


def test_worked_example() -> None:
    specs = [InstanceSpec(2, 4, 1000), InstanceSpec(4, 8, 1900), InstanceSpec(8, 32, 4400)]
    s = InstanceSizer(specs)
    # 6 vCPU / 40 GB: 8C32G + 4C8G = 6,300 (two 8C32G = 8,800; 8C32G + 2C4G×2 = 6,400)
    assert s.costs(np.array([6]), np.array([40]))[0] == 6300
    assert s.combination(6, 40) == {"8C32G": 1, "4C8G": 1}
    # fractional need rounds up to whole instances
    assert s.costs(np.array([0.5]), np.array([1]))[0] == 1000


P = Platform("华为云", "鲲鹏信创专区", Deployment.PRIVATE, True, 3)
Q = Platform("天翼云", "政务云", Deployment.PRIVATE, False, 3)
M, Y = Period.MONTH, Period.YEAR


def _inp(prices: list[PriceLine], workloads: list[Workload]) -> PlanInput:
    return PlanInput((P, Q), tuple(prices), tuple(workloads), Policy())


def _w(name: str, v: float, r: float) -> Workload:
    return Workload(name, "局", v, r, 100, 0, DataClass.GENERAL, 1)


def test_cost_model_takes_the_cheaper_of_unit_and_instances() -> None:
    prices = [
        PriceLine("华为云", "鲲鹏信创专区", "vcpu", 600, Y),
        PriceLine("华为云", "鲲鹏信创专区", "ram_gb", 150, Y),
        PriceLine("华为云", "鲲鹏信创专区", "storage_gb", 5, Y),
        PriceLine(
            "华为云", "鲲鹏信创专区", "instance", 250, M, vcpu=4, ram_gb=8
        ),  # 3,000/yr vs 4×600+8×150 = 3,600
        PriceLine(
            "天翼云", "政务云", "instance", 3000, Y, vcpu=4, ram_gb=8
        ),  # instances only, no per-unit
        PriceLine("天翼云", "政务云", "storage_gb", 4, Y),
    ]
    cm = CostModel(_inp(prices, [_w("A", 4, 8), _w("B", 1, 2), _w("C", 4, 20)]))
    assert cm.eligible.all()
    # A on P: instance 3,000 < 3,600 per-unit; + storage 500
    b = cm.breakdown(0, 0)
    assert b.run_cost == pytest.approx(3500) and b.instances == {"4C8G": 1}
    assert b.resource_costs == pytest.approx({"instance": 3000, "storage_gb": 500})
    # B on P: per-unit 600 + 300 = 900 < 3,000
    b = cm.breakdown(1, 0)
    assert b.run_cost == pytest.approx(900 + 500) and b.instances == {}
    assert set(b.resource_costs) == {"vcpu", "ram_gb", "storage_gb"}
    # C on P: 4 vCPU / 20 GB: three 4C8G = 9,000 vs per-unit 2,400 + 3,000 = 5,400
    assert cm.breakdown(2, 0).run_cost == pytest.approx(5400 + 500)
    # C on Q (instances only): three 4C8G = 9,000 + storage 400
    b = cm.breakdown(2, 1)
    assert b.run_cost == pytest.approx(9400) and b.instances == {"4C8G": 3}
    assert cm.total[2, 1] == pytest.approx(9400 + 100 / 3 * 0 + cm.migration_annual[2, 1])


def test_without_instance_lines_nothing_changes() -> None:
    prices = [
        PriceLine("天翼云", "政务云", "vcpu", 500, Y),
        PriceLine("天翼云", "政务云", "storage_gb", 4, Y),
    ]
    cm = CostModel(_inp(prices, [_w("A", 4, 8)]))
    assert not cm.eligible[0, 1]  # no RAM price, no instances
    assert [r.code for r in cm.reasons(0, 1)] == ["price"]
    assert cm.breakdown(0, 1).instances == {}


def test_many_workloads_are_fast() -> None:
    import time

    rng = np.random.default_rng(1)
    specs = [(2, 4, 900), (4, 8, 1700), (4, 16, 2300), (8, 16, 3300), (8, 32, 4500), (16, 64, 8800)]
    prices = [
        PriceLine("天翼云", "政务云", "instance", p, Y, vcpu=v, ram_gb=r) for v, r, p in specs
    ]
    prices += [PriceLine("天翼云", "政务云", "storage_gb", 4, Y)]
    wl = [
        _w(f"s{i}", float(rng.integers(1, 129)), float(rng.integers(1, 513))) for i in range(20000)
    ]
    t0 = time.perf_counter()
    cm = CostModel(_inp(prices, wl))
    assert time.perf_counter() - t0 < 10
    assert cm.eligible[:, 1].all()
