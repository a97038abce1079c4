"""The plan workbook with commercial terms (issue 13): 采购清单 shows list price, discount and net
as formula lines; LibreOffice recalculates every figure to the engine's, to the fen."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from test_plan_workbook import (
    FEN,
    assert_matches_engine,
    compare_cached_with_recalculated,
    random_input,
    sheet,
)

from data.plan_sheets.text import text
from data.plan_writer import B_AMOUNT, B_ITEM, B_VENDOR, FIRST_ROW, write_plan_workbook
from planner.model import Discount, DiscountKind, PlanInput, SystemRule, SystemRuleKind, TierMode
from planner.optimize import solve


def terms_input(seed: int, mode: TierMode) -> PlanInput:
    """A random county with every kind of term: discounts, tiers, minimums, setup fees, bandwidth
    steps, 性能系数 on the 信创 pools and two pinned systems."""
    inp = random_input(seed, n_workloads=12)
    rng = random.Random(seed)
    vendors = list(inp.vendors)
    platforms = tuple(replace(p, perf_factor=1.25) if p.xinchuang else p for p in inp.platforms)
    prices = []
    stepped = {(p.vendor, p.name) for p in inp.platforms[::2]}
    for ln in inp.prices:
        if ln.resource == "bandwidth_mbps" and (ln.vendor, ln.platform) in stepped:
            prices.append(replace(ln, max_qty=10.0))
            prices.append(replace(ln, unit_price=round(ln.unit_price * 0.6, 2), min_qty=10.0))
        else:
            prices.append(ln)
    first = {v: next(k for k, ln in enumerate(prices) if ln.vendor == v) for v in vendors}
    prices[first[vendors[0]]] = replace(prices[first[vendors[0]]], setup_fee=60_000.0)
    prices[first[vendors[1]]] = replace(prices[first[vendors[1]]], min_annual=900_000.0)
    discounts = (
        Discount(vendors[0], DiscountKind.TERM, 0.8, 3.0),
        Discount(vendors[0], DiscountKind.RESOURCE, 0.7, resource="storage_gb"),
        Discount(vendors[1], DiscountKind.RESOURCE, 0.9, resource="security_l3"),
        Discount(vendors[1], DiscountKind.VOLUME, 0.95, 100_000.0, mode),
        Discount(vendors[1], DiscountKind.VOLUME, 0.9, 200_000.0, mode),
        Discount(vendors[2], DiscountKind.VOLUME, 0.92, 150_000.0, mode),
    )
    names = [w.name for w in inp.workloads]
    rules = (
        SystemRule(SystemRuleKind.PIN, (names[0],), vendors[1], None),
        SystemRule(SystemRuleKind.SAME_PLATFORM, (names[1], names[2])),
        SystemRule(SystemRuleKind.DIFFERENT_VENDOR, (names[3], names[4])),
        SystemRule(SystemRuleKind.NO_PUBLIC, (names[5],)),
        SystemRule(SystemRuleKind.FORBID, (names[6],), vendors[rng.randrange(len(vendors))], None),
    )
    policy = replace(inp.policy, horizon_years=3.0, budget_annual=None)
    return replace(
        inp,
        platforms=platforms,
        prices=tuple(prices),
        discounts=discounts,
        system_rules=rules,
        policy=policy,
    )


@pytest.fixture(scope="module")
def recalculated(
    tmp_path_factory: pytest.TempPathFactory, recalc: Callable[[Sequence[Path], Path], list[Path]]
) -> dict[str, tuple[PlanInput, object, Path, Path]]:
    folder = tmp_path_factory.mktemp("terms")
    cases = {}
    for key, seed, mode, lang in (
        ("whole", 11, TierMode.WHOLE, "zh"),
        ("above", 12, TierMode.ABOVE, "zh"),
        ("en", 13, TierMode.WHOLE, "en"),
    ):
        inp = terms_input(seed, mode)
        plan = solve(inp)
        assert plan.has_solution, key
        cases[key] = (
            inp,
            plan,
            write_plan_workbook(plan, folder / f"{key}.xlsx", lang=lang, inp=inp),
            lang,
        )
    outs = recalc([c[2] for c in cases.values()], folder / "out")
    return {
        k: (c[0], c[1], c[2], out, c[3]) for (k, c), out in zip(cases.items(), outs, strict=True)
    }


@pytest.mark.parametrize("key", ["whole", "above", "en"])
def test_recalculated_workbook_with_terms_equals_engine(recalculated: dict, key: str) -> None:
    inp, plan, _, out, lang = recalculated[key]
    wb = openpyxl.load_workbook(out, data_only=True)
    # the instances exercise what they should
    assert any(t.tier_threshold is not None for t in plan.vendor_terms), plan.vendor_terms
    assert any(a.cost.discount > 0 for a in plan.assignments)
    assert any(a.vcpu != a.workload.vcpu for a in plan.assignments)
    assert_matches_engine(wb, inp, plan, lang)
    boq = sheet(wb, "boq", lang)
    items: dict[tuple[str, str], float] = {}
    for row in range(FIRST_ROW, boq.max_row + 1):
        item, vendor = (
            boq.cell(row=row, column=B_ITEM).value,
            boq.cell(row=row, column=B_VENDOR).value,
        )
        if item is not None and vendor is not None:
            items[(vendor, str(item))] = boq.cell(row=row, column=B_AMOUNT).value
    for t in plan.vendor_terms:
        if t.tier_discount:
            got = [
                v
                for (vendor, item), v in items.items()
                if vendor == t.vendor
                and item.startswith(text("boq.tier", lang).split("（")[0].split(" (")[0])
            ]
            assert got == [pytest.approx(-t.tier_discount, abs=FEN)], (t, items)
        if t.minimum_topup or any(ln.min_annual for ln in inp.prices if ln.vendor == t.vendor):
            got = [
                v
                for (vendor, item), v in items.items()
                if vendor == t.vendor and item.startswith(text("boq.minimum", lang)[:4])
            ]
            assert got == [pytest.approx(t.minimum_topup, abs=FEN)]
        if t.setup_annual:
            got = [
                v
                for (vendor, item), v in items.items()
                if vendor == t.vendor and item.startswith(text("boq.setup", lang)[:4])
            ]
            assert got == [pytest.approx(t.setup_annual, abs=FEN)]
    # net after the pair discounts = list − the systems' discounts, per vendor with such discounts
    for vendor in {a.platform.vendor for a in plan.assignments}:
        net = [
            v for (v_, item), v in items.items() if v_ == vendor and item == text("boq.net", lang)
        ]
        if net:
            expected = sum(
                a.cost.net_price for a in plan.assignments if a.platform.vendor == vendor
            )
            assert net == [pytest.approx(expected, abs=FEN)]
    # every per-system rule has a row on the rule check and says it is met
    check = sheet(wb, "check", lang)
    verdict_rows = [
        r
        for r in check.iter_rows(values_only=True)
        if r[0] and r[1] and r[2] and r[4] == text("ok", lang)
    ]
    assert len([r for r in verdict_rows if isinstance(r[3], str) and "→" in r[3]]) == len(
        inp.system_rules
    )


@pytest.mark.parametrize("key", ["whole", "above", "en"])
def test_cached_values_with_terms_are_what_a_spreadsheet_computes(
    recalculated: dict, key: str
) -> None:
    """Every formula cell, discount and tier lines included, carries the result LibreOffice computes."""
    _, plan, written, out, _lang = recalculated[key]
    checked = compare_cached_with_recalculated(written, out)
    assert checked >= 8 * len(plan.assignments)
