"""Hand-computed costs and eligibility of single (workload, platform) pairs (docs/DESIGN.md §2).

Every expected number is a literal worked out by hand in the comment beside it; each case is
also checked against the independent reference in ``brute.py`` so the two cannot drift apart.
"""

from __future__ import annotations

import pytest
from brute import ineligibility, pair_cost

from planner.costing import CostModel, workload_cost
from planner.model import (
    CostBreakdown,
    DataClass,
    Deployment,
    Period,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    Workload,
)

M, Y = Period.MONTH, Period.YEAR

# 天翼云/政务云A: private, not 信创, MLPS ≤ 4, every resource priced, months and years mixed.
A = Platform("天翼云", "政务云A", Deployment.PRIVATE, xinchuang=False, mlps_level=4)
# 天翼云/信创云X: private, 信创.
X = Platform("天翼云", "信创云X", Deployment.PRIVATE, xinchuang=True, mlps_level=4)
# 移动云/信创云Y: private, 信创 (a second 信创 pool, other vendor).
Y_ = Platform("移动云", "信创云Y", Deployment.PRIVATE, xinchuang=True, mlps_level=4)
# 移动云/政务云A: same platform *name* as A, other vendor — a different platform.
A2 = Platform("移动云", "政务云A", Deployment.PRIVATE, xinchuang=False, mlps_level=4)
# 阿里云/公有云: public cloud.
PUB = Platform("阿里云", "公有云", Deployment.PUBLIC, xinchuang=False, mlps_level=4)
# 联通云/二级云: only MLPS level 2, security_l2 only, no storage price.
L2 = Platform("联通云", "二级云", Deployment.PRIVATE, xinchuang=False, mlps_level=2)


def _full_prices(p: Platform) -> list[PriceLine]:
    v, n = p.vendor, p.name
    return [
        PriceLine(v, n, "vcpu", 50.0, M),  # 50 元/月 → 600 元/年
        PriceLine(v, n, "ram_gb", 10.0, M),  # 10 元/月 → 120 元/年
        PriceLine(v, n, "storage_gb", 5.0, Y),  # 5 元/年
        PriceLine(v, n, "bandwidth_mbps", 80.0, M),  # 80 元/月 → 960 元/年
        PriceLine(v, n, "security_l2", 20000.0, Y),  # 20,000 元/年
        PriceLine(v, n, "security_l3", 4000.0, M),  # 4,000 元/月 → 48,000 元/年
        PriceLine(v, n, "security_l4", 90000.0, Y),  # 90,000 元/年
    ]


PRICES: tuple[PriceLine, ...] = (
    *_full_prices(A),
    *_full_prices(X),
    *_full_prices(Y_),
    *_full_prices(A2),
    *_full_prices(PUB),
    PriceLine("联通云", "二级云", "vcpu", 500.0, Y),
    PriceLine("联通云", "二级云", "ram_gb", 100.0, Y),
    PriceLine("联通云", "二级云", "bandwidth_mbps", 600.0, Y),
    PriceLine("联通云", "二级云", "security_l2", 15000.0, Y),
)
PLATFORMS = (A, X, Y_, A2, PUB, L2)


def wl(
    name: str = "财政一体化",
    *,
    vcpu: float = 4,
    ram: float = 8,
    storage: float = 100,
    bandwidth: float = 2,
    data_class: DataClass = DataClass.GENERAL,
    mlps: int = 1,
    xc_required: bool = False,
    current: Platform | None = None,
    migration: float = 0.0,
    adaptation: float = 0.0,
) -> Workload:
    return Workload(
        name,
        "财政局",
        vcpu,
        ram,
        storage,
        bandwidth,
        data_class,
        mlps,
        xinchuang_required=xc_required,
        current_vendor=current.vendor if current else None,
        current_platform=current.name if current else None,
        migration_cost=migration,
        xinchuang_adaptation_cost=adaptation,
    )


def inp_for(w: Workload, horizon: float = 3.0, **policy: object) -> PlanInput:
    return PlanInput(PLATFORMS, PRICES, (w,), Policy(horizon_years=horizon, **policy))  # type: ignore[arg-type]


def cost(w: Workload, p: Platform, horizon: float = 3.0) -> CostBreakdown:
    inp = inp_for(w, horizon)
    got = workload_cost(inp, w, p)
    assert isinstance(got, CostBreakdown), f"expected eligible, got {got}"
    ref = pair_cost(inp, w, p)
    assert ref is not None
    assert got.total == pytest.approx(ref.total, rel=1e-12)
    return got


def reasons(w: Workload, p: Platform, **policy: object):  # type: ignore[no-untyped-def]
    inp = inp_for(w, **policy)
    got = workload_cost(inp, w, p)
    assert isinstance(got, list), f"expected not eligible, got {got}"
    assert {r.code for r in got} == ineligibility(inp, w, p)
    return got


# --- unit prices, months and years ---------------------------------------------------------------
def test_monthly_prices_are_multiplied_by_twelve() -> None:
    w = wl(current=A)  # already on A: no migration
    c = cost(w, A)
    # vcpu 4 × 50×12 = 2,400; ram 8 × 10×12 = 960; storage 100 × 5 = 500; bw 2 × 80×12 = 1,920
    assert c.resource_costs == pytest.approx(
        {"vcpu": 2400.0, "ram_gb": 960.0, "storage_gb": 500.0, "bandwidth_mbps": 1920.0}
    )
    assert c.run_cost == pytest.approx(5780.0)  # 2,400 + 960 + 500 + 1,920
    assert c.security_cost == 0.0  # MLPS level 1: no package
    assert c.migration_annual == 0.0
    assert c.adaptation_annual == 0.0
    assert c.total == pytest.approx(5780.0)


def test_yearly_prices_are_taken_as_they_are() -> None:
    w = wl(vcpu=2, ram=4, storage=0, bandwidth=1, current=L2)
    c = cost(w, L2)
    # vcpu 2 × 500 = 1,000; ram 4 × 100 = 400; storage 0 (not priced, not needed); bw 1 × 600 = 600
    assert c.run_cost == pytest.approx(2000.0)
    assert c.total == pytest.approx(2000.0)
    assert "storage_gb" not in c.resource_costs


def test_fractional_needs() -> None:
    w = wl(vcpu=0.5, ram=1.5, storage=12.5, bandwidth=0.25, current=A)
    # 0.5 × 600 + 1.5 × 120 + 12.5 × 5 + 0.25 × 960 = 300 + 180 + 62.5 + 240 = 782.5
    assert cost(w, A).total == pytest.approx(782.5)


def test_zero_price_is_a_price() -> None:
    p = Platform("华为云", "免费区", Deployment.PRIVATE, False, 4)
    prices = (
        PriceLine("华为云", "免费区", "vcpu", 0.0, M),
        PriceLine("华为云", "免费区", "ram_gb", 0.0, Y),
        PriceLine("华为云", "免费区", "storage_gb", 0.0, Y),
        PriceLine("华为云", "免费区", "bandwidth_mbps", 0.0, Y),
    )
    w = wl(current=p)
    inp = PlanInput((p,), prices, (w,), Policy())
    got = workload_cost(inp, w, p)
    assert isinstance(got, CostBreakdown)
    assert got.total == 0.0  # every price 0, level 1, no move


# --- security package by MLPS level ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (1, 0.0),  # level 1 needs no package
        (2, 20000.0),  # security_l2: 20,000 元/年
        (3, 48000.0),  # security_l3: 4,000 元/月 × 12
        (4, 90000.0),  # security_l4: 90,000 元/年
    ],
)
def test_security_package_by_level(level: int, expected: float) -> None:
    w = wl(mlps=level, current=A)
    c = cost(w, A)
    assert c.security_cost == pytest.approx(expected)
    assert c.total == pytest.approx(5780.0 + expected)  # run 5,780 as above


def test_level_one_needs_no_security_price_at_all() -> None:
    p = Platform("华为云", "裸资源", Deployment.PRIVATE, False, 4)
    prices = tuple(
        PriceLine("华为云", "裸资源", r, 1.0, Y)
        for r in ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps")
    )
    w = wl(current=p)
    inp = PlanInput((p,), prices, (w,), Policy())
    got = workload_cost(inp, w, p)
    assert isinstance(got, CostBreakdown)
    assert got.total == pytest.approx(114.0)  # 4 + 8 + 100 + 2 units × 1 元


# --- migration -----------------------------------------------------------------------------------
def test_no_migration_when_staying() -> None:
    c = cost(wl(current=A, migration=30000), A)
    assert c.migration_annual == 0.0
    assert c.total == pytest.approx(5780.0)


def test_migration_amortised_when_moving() -> None:
    c = cost(wl(current=A, migration=30000), A2)
    assert c.migration_annual == pytest.approx(10000.0)  # 30,000 / 3 years
    assert c.total == pytest.approx(15780.0)  # 5,780 + 10,000
    assert c.moved


def test_same_platform_name_other_vendor_is_a_move() -> None:
    # currently on 移动云/政务云A; 天翼云/政务云A has the same name but is another platform
    c = cost(wl(current=A2, migration=30000), A)
    assert c.migration_annual == pytest.approx(10000.0)  # 30,000 / 3


def test_migration_from_machine_room() -> None:
    c = cost(wl(current=None, migration=30000), A, horizon=2.5)
    assert c.migration_annual == pytest.approx(12000.0)  # 30,000 / 2.5 years


def test_migration_uses_horizon() -> None:
    c = cost(wl(current=A, migration=30000), X, horizon=5)
    assert c.migration_annual == pytest.approx(6000.0)  # 30,000 / 5


# --- 信创 adaptation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("current", "target", "migration", "adaptation"),
    [
        (A, X, 4000.0, 30000.0),  # non-信创 → 信创: 12,000/3 moved, 90,000/3 adapted
        (None, X, 4000.0, 30000.0),  # machine room → 信创: both
        (X, X, 0.0, 0.0),  # stays on 信创: neither
        (Y_, X, 4000.0, 0.0),  # 信创 → other 信创: moved, already adapted
        (X, A, 4000.0, 0.0),  # 信创 → non-信创: moved, no adaptation
        (A, A2, 4000.0, 0.0),  # non-信创 → non-信创: moved, no adaptation
        (None, A, 4000.0, 0.0),  # machine room → non-信创: moved, no adaptation
    ],
)
def test_xinchuang_adaptation(
    current: Platform | None, target: Platform, migration: float, adaptation: float
) -> None:
    w = wl(current=current, migration=12000, adaptation=90000)
    c = cost(w, target)
    assert c.migration_annual == pytest.approx(migration)
    assert c.adaptation_annual == pytest.approx(adaptation)
    assert c.total == pytest.approx(5780.0 + migration + adaptation)


def test_everything_at_once() -> None:
    # level 3, important data, 须信创, from the machine room onto 信创云X, horizon 4
    w = wl(
        vcpu=8,
        ram=32,
        storage=500,
        bandwidth=0,
        data_class=DataClass.IMPORTANT,
        mlps=3,
        xc_required=True,
        current=None,
        migration=20000,
        adaptation=100000,
    )
    c = cost(w, X, horizon=4)
    # run: 8 × 600 + 32 × 120 + 500 × 5 = 4,800 + 3,840 + 2,500 = 11,140
    # security_l3: 48,000; migration 20,000/4 = 5,000; adaptation 100,000/4 = 25,000
    assert c.run_cost == pytest.approx(11140.0)
    assert c.security_cost == pytest.approx(48000.0)
    assert c.migration_annual == pytest.approx(5000.0)
    assert c.adaptation_annual == pytest.approx(25000.0)
    assert c.total == pytest.approx(89140.0)  # 11,140 + 48,000 + 5,000 + 25,000


# --- eligibility --------------------------------------------------------------------------------
def test_mlps_level_too_low() -> None:
    got = reasons(wl(mlps=3, storage=0), L2)  # 二级云 hosts at most level 2
    assert [r.code for r in got] == ["mlps", "security_price"]  # and it has no security_l3
    assert "等保级别 2 < 3" in got[0].text()


def test_mlps_level_equal_is_fine() -> None:
    c = cost(wl(mlps=2, storage=0, current=L2), L2)
    # 4 × 500 + 8 × 100 + 2 × 600 + security_l2 15,000 = 2,000 + 800 + 1,200 + 15,000
    assert c.total == pytest.approx(19000.0)


@pytest.mark.parametrize(
    ("data_class", "zh"), [(DataClass.CORE, "核心"), (DataClass.IMPORTANT, "重要")]
)
def test_sensitive_data_not_on_public_cloud(data_class: DataClass, zh: str) -> None:
    got = reasons(wl(data_class=data_class), PUB)
    assert [r.code for r in got] == ["deployment"]
    assert "私有云" in got[0].text() and zh in got[0].text()


@pytest.mark.parametrize("data_class", [DataClass.CORE, DataClass.IMPORTANT])
def test_sensitive_data_on_private_cloud_is_fine(data_class: DataClass) -> None:
    assert cost(wl(data_class=data_class), A).run_cost == pytest.approx(5780.0)


@pytest.mark.parametrize("data_class", [DataClass.GENERAL, DataClass.PUBLIC])
def test_other_data_on_public_cloud_is_fine(data_class: DataClass) -> None:
    # from the machine room, no migration cost given: 5,780
    assert cost(wl(data_class=data_class), PUB).total == pytest.approx(5780.0)


def test_sensitive_rule_switched_off_for_analysis() -> None:
    w = wl(data_class=DataClass.CORE)
    inp = inp_for(w, sensitive_data_private=False)
    got = workload_cost(inp, w, PUB)
    assert isinstance(got, CostBreakdown)
    assert got.total == pytest.approx(5780.0)


def test_xinchuang_required_on_non_xinchuang() -> None:
    got = reasons(wl(xc_required=True), A)
    assert [r.code for r in got] == ["xinchuang"]
    assert "非信创" in got[0].text()
    assert isinstance(
        workload_cost(inp_for(wl(xc_required=True)), wl(xc_required=True), X), CostBreakdown
    )


def test_missing_price_of_needed_resource() -> None:
    got = reasons(wl(storage=100), L2)  # 二级云 has no storage price
    assert [r.code for r in got] == ["price"]
    assert got[0].detail == "storage_gb"
    assert "存储" in got[0].text()


def test_missing_price_of_unneeded_resource_is_fine() -> None:
    c = cost(wl(storage=0, current=L2), L2)
    # 4 × 500 + 8 × 100 + 2 × 600 = 4,000 (storage need 0 needs no price)
    assert c.total == pytest.approx(4000.0)


def test_missing_security_package() -> None:
    # 联通云/二级云 raised to MLPS level 3, still selling only security_l2
    l3 = Platform("联通云", "二级云", Deployment.PRIVATE, False, 3)
    w = wl(mlps=3, storage=0)
    inp = PlanInput((l3,), PRICES, (w,), Policy())
    got = workload_cost(inp, w, l3)
    assert isinstance(got, list)
    assert [r.code for r in got] == ["security_price"] == sorted(ineligibility(inp, w, l3))
    assert "等保三级" in got[0].text()


def test_no_price_lines_at_all() -> None:
    p = Platform("紫光云", "未报价", Deployment.PRIVATE, True, 4)
    w = wl(mlps=2)
    inp = PlanInput((p,), (), (w,), Policy())
    got = workload_cost(inp, w, p)
    assert isinstance(got, list)
    assert {r.code for r in got} == {"price", "security_price"}
    price = next(r for r in got if r.code == "price")
    assert set(price.detail.split(",")) == {"vcpu", "ram_gb", "storage_gb", "bandwidth_mbps"}


def test_all_reasons_at_once() -> None:
    w = wl(data_class=DataClass.CORE, mlps=3, xc_required=True, storage=100)
    pub2 = Platform("联通云", "二级云", Deployment.PUBLIC, False, 2)
    inp = PlanInput((pub2,), PRICES, (w,), Policy())
    got = workload_cost(inp, w, pub2)
    assert isinstance(got, list)
    assert [r.code for r in got] == ["mlps", "deployment", "xinchuang", "price", "security_price"]


def test_cost_model_matrix_matches_reference() -> None:
    ws = (
        wl("一", mlps=1, current=A, migration=3000),
        wl("二", mlps=2, data_class=DataClass.CORE, current=X, adaptation=6000),
        wl("三", mlps=3, xc_required=True, storage=0, migration=900, adaptation=300),
        wl("四", mlps=4, data_class=DataClass.PUBLIC, current=PUB, bandwidth=0),
    )
    inp = PlanInput(PLATFORMS, PRICES, ws, Policy(horizon_years=3))
    cm = CostModel(inp)
    for i, w in enumerate(ws):
        for j, p in enumerate(PLATFORMS):
            ref = pair_cost(inp, w, p)
            assert bool(cm.eligible[i, j]) == (ref is not None), (w.name, p.label)
            if ref is not None:
                assert cm.total[i, j] == pytest.approx(ref.total, rel=1e-12), (w.name, p.label)
