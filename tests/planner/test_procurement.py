"""采购包, 采购方式 and the 化整为零 check (planner/procurement.py), on hand-computed cases.

Thresholds follow the rules' wording: 达到 (at or above) for the methods, 超过 (strictly above)
for 化整为零 (《政府采购法实施条例》第二十八条); amounts are compared to the fen.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from planner.model import (
    Assignment,
    CostBreakdown,
    DataClass,
    Deployment,
    Plan,
    Platform,
    Policy,
    SolveStatus,
    VendorTerms,
    Workload,
)
from planner.procurement import (
    LotKind,
    Method,
    Organisation,
    Package,
    ProcurementStandards,
    build_lots,
    merge_lots,
    method_for,
    plan_packages,
    procurement_report,
    split_lot,
    years_packages,
)

STD = ProcurementStandards()  # 30万 / 200万, not in the 集中采购目录


@pytest.mark.parametrize(
    ("amount", "method", "organisation"),
    [
        (299_999.99, Method.NOT_GOVERNMENT, Organisation.UNIT_INTERNAL),
        (300_000.00, Method.COMPETITIVE_CONSULTATION, Organisation.DECENTRALISED),
        (300_000.01, Method.COMPETITIVE_CONSULTATION, Organisation.DECENTRALISED),
        (1_999_999.99, Method.COMPETITIVE_CONSULTATION, Organisation.DECENTRALISED),
        (2_000_000.00, Method.PUBLIC_TENDER, Organisation.DECENTRALISED),
        (2_000_000.01, Method.PUBLIC_TENDER, Organisation.DECENTRALISED),
        (0.0, Method.NOT_GOVERNMENT, Organisation.UNIT_INTERNAL),
    ],
)
def test_methods_at_and_around_each_threshold(
    amount: float, method: Method, organisation: Organisation
) -> None:
    got_method, got_org, reason = method_for(amount, STD)
    assert (got_method, got_org) == (method, organisation)
    assert "询价" not in reason or "不适用于云计算服务" in reason


def test_threshold_compared_to_the_fen_not_to_float_noise() -> None:
    # 0.1 + 0.2 style noise just under 30万 still reaches it once rounded to the fen
    assert method_for(299_999.999, STD)[0] == Method.COMPETITIVE_CONSULTATION
    assert method_for(299_999.994, STD)[0] == Method.NOT_GOVERNMENT


def test_in_the_central_catalogue_every_amount_is_government_procurement() -> None:
    std = replace(STD, in_central_catalogue=True)
    assert method_for(50_000.0, std)[:2] == (
        Method.COMPETITIVE_CONSULTATION,
        Organisation.CENTRAL_AGENCY,
    )
    assert method_for(2_000_000.0, std)[:2] == (Method.PUBLIC_TENDER, Organisation.CENTRAL_AGENCY)


def test_province_thresholds_move_the_methods() -> None:
    std = replace(STD, decentralized_limit=1_000_000.0, tender_threshold=4_000_000.0)
    assert method_for(999_999.99, std)[0] == Method.NOT_GOVERNMENT
    assert method_for(3_000_000.0, std)[0] == Method.COMPETITIVE_CONSULTATION
    assert method_for(4_000_000.0, std)[0] == Method.PUBLIC_TENDER


def test_public_tender_reason_says_another_method_needs_approval() -> None:
    reason = method_for(2_500_000.0, STD)[2]
    assert "公开招标" in reason and "批准" in reason and "approval" in reason.en


def _pkg(vendor: str, amount: float, year: int = 2026) -> Package:
    return Package(LotKind.CLOUD, vendor, year, amount, annual=amount)


def test_three_lots_of_80_wan_under_a_200_wan_threshold_are_a_split() -> None:
    pkgs = [_pkg("甲云", 800_000.0), _pkg("乙云", 800_000.0), _pkg("丙云", 800_000.0)]
    lots, warnings = build_lots(pkgs, STD, "青山县")
    assert [x.method for x in lots] == [Method.COMPETITIVE_CONSULTATION] * 3
    assert len(warnings) == 1
    w = warnings[0]
    assert w.avoids_tender and w.total == 2_400_000.0 and w.threshold == 2_000_000.0
    assert set(w.lots) == {x.key for x in lots}
    assert all(x.warning is not None and "化整为零" in x.warning for x in lots)
    assert "公开招标" in w.proposal and "分3包" in w.proposal and "240" in w.proposal
    # the user takes the proposal: one project, three 包, public tender, no warning left
    merged, warnings = build_lots(pkgs, STD, "青山县", merges=[list(w.lots)])
    assert len(merged) == 1 and not warnings
    (lot,) = merged
    assert lot.amount == 2_400_000.0 and lot.method == Method.PUBLIC_TENDER
    assert lot.vendors == ("甲云", "乙云", "丙云") and lot.warning is None
    assert lot.name == "青山县2026年度政务云服务（分3包：甲云、乙云、丙云）"


def test_split_check_is_strictly_above_the_tender_threshold() -> None:
    at = [_pkg("甲云", 800_000.0), _pkg("乙云", 800_000.0), _pkg("丙云", 400_000.0)]
    assert build_lots(at, STD)[1] == ()  # 200万 exactly: not 超过
    above = [*at[:2], _pkg("丙云", 400_000.01)]
    assert len(build_lots(above, STD)[1]) == 1


def test_split_check_is_per_year_and_kind() -> None:
    pkgs = [
        _pkg("甲云", 1_500_000.0, 2026),
        _pkg("乙云", 1_500_000.0, 2027),
        Package(LotKind.MIGRATION, None, 2026, 1_500_000.0, one_time=1_500_000.0),
    ]
    assert build_lots(pkgs, STD)[1] == ()


def test_publicly_tendered_lots_do_not_count_towards_the_split() -> None:
    pkgs = [_pkg("甲云", 2_500_000.0), _pkg("乙云", 1_500_000.0), _pkg("丙云", 400_000.0)]
    lots, warnings = build_lots(pkgs, STD)
    assert [x.method for x in lots][0] == Method.PUBLIC_TENDER
    assert warnings == ()  # 150万 + 40万 = 190万 not above 200万
    pkgs[2] = _pkg("丙云", 600_000.0)  # 150 + 60 = 210万 > 200万
    lots, warnings = build_lots(pkgs, STD)
    assert len(warnings) == 1 and set(warnings[0].lots) == {"cloud:2026:乙云", "cloud:2026:丙云"}


def test_lots_under_the_limit_that_reach_it_together_are_flagged() -> None:
    pkgs = [_pkg("甲云", 100_000.0), _pkg("乙云", 100_000.0), _pkg("丙云", 100_000.0)]
    lots, warnings = build_lots(pkgs, STD)
    assert {x.method for x in lots} == {Method.NOT_GOVERNMENT}
    assert len(warnings) == 1 and not warnings[0].avoids_tender and warnings[0].total == 300_000.0
    assert "竞争性磋商" in warnings[0].proposal  # the merged 30万 project
    two = [_pkg("甲云", 149_999.99), _pkg("乙云", 150_000.0)]
    assert build_lots(two, STD)[1] == ()  # 299,999.99 does not reach 30万


def test_merge_and_split_back() -> None:
    merges = merge_lots([], ["cloud:2026:甲云", "cloud:2026:乙云"])
    assert merges == [["cloud:2026:甲云", "cloud:2026:乙云"]]
    merges = merge_lots(merges, ["cloud:2026:甲云+cloud:2026:乙云", "cloud:2026:丙云"])
    assert merges == [["cloud:2026:甲云", "cloud:2026:乙云", "cloud:2026:丙云"]]
    assert split_lot(merges, "cloud:2026:甲云+cloud:2026:乙云+cloud:2026:丙云") == []
    with pytest.raises(ValueError):
        build_lots(
            [_pkg("甲云", 1.0, 2026), _pkg("乙云", 1.0, 2027)],
            STD,
            merges=[["cloud:2026:甲云", "cloud:2027:乙云"]],
        )


# --- packages from plans (hand-made plans with known costs) ------------------------------------
P_JIA = Platform("甲云", "鲲鹏池", Deployment.PRIVATE, True, 3)
P_YI = Platform("乙云", "x86池", Deployment.PRIVATE, False, 3)


def _w(name: str, level: int = 3, vcpu: float = 8.0) -> Workload:
    return Workload(name, "局", vcpu, 16.0, 500.0, 0.0, DataClass.GENERAL, level)


def _a(w: Workload, p: Platform, run: float, sec: float = 0.0, mig: float = 0.0) -> Assignment:
    return Assignment(w, p, CostBreakdown(run, sec, mig, 0.0))


def test_single_year_packages_from_the_plans_vendor_figures() -> None:
    # 甲云: OA 100,000 + 30,000 security + migration 60,000/3 a year; setup 90,000 over 3 years
    # 乙云: 门户 50,000, no move.   Contract 2 years.
    plan = Plan(
        SolveStatus.OPTIMAL,
        (
            _a(_w("OA"), P_JIA, 100_000.0, 30_000.0, 20_000.0),
            _a(_w("门户", level=2), P_YI, 50_000.0),
        ),
        Policy(horizon_years=3),
        vendor_terms=(VendorTerms("甲云", 130_000.0, setup_annual=30_000.0),),
    )
    pkgs = {p.key: p for p in plan_packages(plan, 2026, 2)}
    jia = pkgs["cloud:2026:甲云"]
    assert jia.annual == 130_000.0 and jia.one_time == 90_000.0
    assert jia.amount == 130_000.0 * 2 + 90_000.0  # 350,000
    assert pkgs["cloud:2026:乙云"].amount == 100_000.0
    mig = pkgs["migration:2026"]
    assert mig.amount == 60_000.0 and mig.needs.moved == 1
    assert jia.needs.mlps == ((3, 1),) and jia.needs.xinchuang_vcpu == 8.0


def _yp(*bills: tuple[str, float, float]) -> Plan:
    """A year's plan: (vendor, run cost, one-time cost) per system."""
    rows = tuple(
        _a(_w(f"{v}{i}"), P_JIA if v == "甲云" else P_YI, run, mig=mig)
        for i, (v, run, mig) in enumerate(bills)
    )
    return Plan(SolveStatus.OPTIMAL, rows, Policy(horizon_years=1))


def test_year_plan_contracts_per_vendor_and_year() -> None:
    # 甲云 100k/110k/120k in 2026–28; 乙云 from 2027 (50k, 50k), with a 40k move in 2027.
    yplan = SimpleNamespace(
        years=(2026, 2027, 2028),
        year_plans=(
            _yp(("甲云", 100_000.0, 0.0)),
            _yp(("甲云", 110_000.0, 0.0), ("乙云", 50_000.0, 40_000.0)),
            _yp(("甲云", 120_000.0, 0.0), ("乙云", 50_000.0, 0.0)),
        ),
    )
    pkgs = {p.key: p for p in years_packages(yplan, 2)}
    assert set(pkgs) == {"cloud:2026:甲云", "cloud:2028:甲云", "cloud:2027:乙云", "migration:2027"}
    assert pkgs["cloud:2026:甲云"].amount == 210_000.0
    # 2028 contract runs 2028–2029; 2029 estimated at the 2028 bill
    assert pkgs["cloud:2028:甲云"].amount == 240_000.0
    assert pkgs["cloud:2028:甲云"].estimated_years == (2029,)
    assert pkgs["cloud:2027:乙云"].amount == 100_000.0
    assert pkgs["migration:2027"].amount == 40_000.0
    report = procurement_report(yplan, replace(STD, defaults=False, contract_years=2), "青山县")
    assert [(x.year, x.kind) for x in report.lots] == [
        (2026, LotKind.CLOUD),
        (2027, LotKind.CLOUD),
        (2027, LotKind.MIGRATION),
        (2028, LotKind.CLOUD),
    ]
    assert "2029" in report.lots[-1].reason and report.notes == ()


def test_single_year_report_says_which_year_and_defaults_it_used() -> None:
    plan = Plan(SolveStatus.OPTIMAL, (_a(_w("OA"), P_JIA, 400_000.0),), Policy(horizon_years=3))
    from datetime import date

    report = procurement_report(plan, STD, "青山县", today=date(2026, 12, 7))
    (lot,) = report.lots
    assert lot.year == 2026 and lot.name == "青山县2026年度政务云服务（甲云）"
    assert lot.method == Method.COMPETITIVE_CONSULTATION and lot.amount == 400_000.0
    assert any("全国指引下限" in n for n in report.notes)
    assert any("采购年度未填写" in n for n in report.notes)
    assert str(lot.intention_deadline) == "2025-12-02"  # 30 days before 2026-01-01
