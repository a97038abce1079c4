"""Every rule of the one registry (planner.rules.RULES) is built, checked in the workbook,
diagnosed, relaxed and priced — for a plain workbook's one year and for a 年度计划's years: a new
rule family that misses one of these fails here.

Each check looks at what the rule does, not at the registry's own words: a built rule adds rows
to the model when it is active (in every plan year it applies to), a relaxable rule has a way to
find its least relaxation in planner.diagnose, a priced rule is re-solved by the analysis, a rule
that a plan can break has a line in the plan workbook's 约束核查 sheet.
"""

from __future__ import annotations

import re
from dataclasses import replace

import openpyxl
import pytest

from data.plan_writer import write_plan_workbook
from data.samples import sample_county, sample_county_years
from planner.analysis import PRICED_RULES, year_rule_prices
from planner.build import FAMILIES, MODEL_FUNCTIONS, build_model
from planner.costing import CostModel
from planner.diagnose import RELAXATIONS, RELAXERS
from planner.milp import ModelOptions
from planner.model import (
    PlanInput,
    Policy,
    SystemRule,
    SystemRuleKind,
    YearRow,
)
from planner.optimize import solve
from planner.rules import (
    MODEL_RULES,
    POLICY_RULES,
    RELAXABLE_RULES,
    RULES,
    SYSTEM_RULE_KEYS,
    YEAR_PRICED_RULES,
    Acts,
    Relax,
)


@pytest.fixture(scope="module")
def county() -> PlanInput:
    return sample_county()


@pytest.fixture(scope="module")
def county_years(county: PlanInput) -> PlanInput:
    """The sample county's 2026–2028 plan with every rule family in force: its 折扣 and 指定规则
    sheets and one rule of every other kind, a minimum and a setup fee."""
    inp = sample_county_years()
    more = (
        SystemRule(SystemRuleKind.FORBID, ("不动产登记",), "阿里云"),
        SystemRule(SystemRuleKind.NO_PUBLIC, ("智慧农业监测",)),
        SystemRule(SystemRuleKind.SAME_PLATFORM, ("人大代表履职平台", "政协提案办理")),
        SystemRule(SystemRuleKind.DIFFERENT_VENDOR, ("电子证照库", "数据共享交换平台")),
    )
    prices = tuple(
        replace(line, min_annual=50_000.0, setup_fee=20_000.0)
        if line.vendor == "华为云" and line.resource == "vcpu"
        else line
        for line in inp.prices
    )
    rows = tuple(replace(r, max_move_vcpu=10_000.0) for r in inp.years.years)  # type: ignore[union-attr]
    return replace(
        inp,
        prices=prices,
        discounts=county.discounts,
        system_rules=county.system_rules + more,
        years=replace(inp.years, years=rows),  # type: ignore[arg-type]
    )


def test_every_model_rule_has_its_function() -> None:
    """A rule that is rows names its function and the ModelOptions flag that switches it; a rule
    that shapes the routes, the eligibility or the costs has neither."""
    for r in RULES:
        if r.acts is Acts.ROWS and r.model_function is not None:
            assert r.model_function in MODEL_FUNCTIONS, r.key
            assert r.option is not None and hasattr(ModelOptions(), r.option), r.key
            assert any(f is MODEL_FUNCTIONS[r.model_function] for _, f in FAMILIES), r.key
        else:
            assert r.model_function is None and r.option is None, r.key
    assert [r.key for r in MODEL_RULES][:3] == ["volume_tiers", "vendor_minimum", "setup_fees"]


def _family_rows(source: CostModel | PlanInput, rule_key: str) -> tuple[int, set[str]]:
    """Rows the rule's function writes (and the names of their years) on the model built with
    its flag off."""
    r = next(r for r in RULES if r.key == rule_key)
    assert r.option is not None and r.model_function is not None
    off = ModelOptions(**{r.option: False})  # type: ignore[arg-type]
    bm = build_model(source, options=off)
    before = bm.model.num_row
    bm.options = ModelOptions()  # the family now in force: its rows are what it writes
    MODEL_FUNCTIONS[r.model_function](bm)
    names = bm.model.row_names()[before:]
    years = {m.group(0) for n in names for m in [re.search(r"20\d\d", n)] if m}
    return bm.model.num_row - before, years


@pytest.mark.parametrize("key", [r.key for r in MODEL_RULES if not r.year_plan_only])
def test_every_rule_adds_rows_for_one_year(county: PlanInput, key: str) -> None:
    """Each row family writes rows on the sample county (every family is in force there or
    becomes so by a small change: a minimum and setup fee, the other per-system rules)."""
    inp = county
    if key in ("vendor_minimum", "setup_fees"):
        inp = replace(
            county,
            prices=tuple(
                replace(line, min_annual=50_000.0, setup_fee=20_000.0)
                if line.vendor == "华为云"
                else line
                for line in county.prices
            ),
        )
    if key in ("forbid", "no_public", "same_platform", "different_vendor"):
        kind = SystemRuleKind(key)
        group = kind in (SystemRuleKind.SAME_PLATFORM, SystemRuleKind.DIFFERENT_VENDOR)
        rule = SystemRule(  # systems that may use 阿里云 and public cloud
            kind,
            ("电子证照库", "数据共享交换平台") if group else ("智慧农业监测",),
            "阿里云" if kind is SystemRuleKind.FORBID else None,
        )
        inp = replace(county, system_rules=(rule,))
    if key == "capacity":  # the sample's capacities cannot bind one year alone: make one bind
        inp = replace(
            county,
            platforms=tuple(
                replace(p, capacity_vcpu=8.0) if p.capacity_vcpu is not None else p
                for p in county.platforms
            ),
        )
    added, _ = _family_rows(CostModel(inp), key)
    assert added > 0, key


@pytest.mark.parametrize("key", [r.key for r in MODEL_RULES])
def test_every_rule_adds_rows_for_every_year(county_years: PlanInput, key: str) -> None:
    """Each row family writes its rows for the years of a 年度计划 in one call (a per-year family
    in more than one year)."""
    added, years = _family_rows(county_years, key)
    assert added > 0, key
    if key in ("budget_annual", "min_xinchuang_share", "min_vendors", "max_move_vcpu"):
        assert len(years) == 3, (key, years)


def test_every_relaxable_rule_is_diagnosed_and_relaxed() -> None:
    for r in RULES:
        if r.relaxation is not None:
            assert r.relaxation in RELAXATIONS, r.key
        if r.relax in (Relax.RAISE, Relax.LOWER) and r.field is not None:
            assert r in RELAXABLE_RULES, r.key
            assert r.key in RELAXERS, r.key  # an exact least relaxation (else a bisection)
    assert "capacity" in RELAXERS
    for key in SYSTEM_RULE_KEYS:  # a per-system rule is relaxed by dropping it
        assert next(r for r in RULES if r.key == key).relaxation == "drop"


def _year_case(key: str) -> PlanInput:
    """A small 年度计划 that only relaxing rule `key` (in some year) makes feasible."""
    from test_years_rules import A, B, instance, system

    if key == "budget_annual":
        return instance(system(), rows=(YearRow(2026), YearRow(2027, budget=500.0)))
    if key == "min_xinchuang_share":  # B holds 5 vCPU: the system cannot go 信创
        inp = instance(system(), rows=(YearRow(2026), YearRow(2027, min_xinchuang_share=1.0)))
        return replace(inp, platforms=(A, replace(B, capacity_vcpu=5.0)))
    if key == "max_moves":  # from the machine room onto the cloud in 2026, no move allowed
        return instance(system(on=None), rows=(YearRow(2026, max_moves=0), YearRow(2027)))
    if key == "max_move_vcpu":
        return instance(system(on=None), rows=(YearRow(2026, max_move_vcpu=5.0), YearRow(2027)))
    if key == "max_vendor_share":
        return replace(instance(system()), policy=Policy(max_vendor_share=0.5))
    if key == "min_vendors":
        return replace(instance(system()), policy=Policy(min_vendors=2))
    if key == "capacity":
        inp = instance(system())
        return replace(
            inp, platforms=(replace(A, capacity_vcpu=5.0), replace(B, capacity_vcpu=5.0))
        )
    assert key == "system_rule"
    rules = (
        SystemRule(SystemRuleKind.PIN, ("S",), "乙"),
        SystemRule(SystemRuleKind.FORBID, ("S",), "乙"),
    )
    return replace(instance(system()), system_rules=rules)


YEAR_DIAGNOSED = [
    r.key
    for r in RULES
    if (r.relax in (Relax.RAISE, Relax.LOWER) and r.option is not None) or r.key == "system_rule"
]


@pytest.mark.parametrize("key", YEAR_DIAGNOSED)
def test_every_rule_of_a_year_plan_is_diagnosed_by_year(key: str) -> None:
    """The year diagnosis finds the least change of every relaxable rule of a 年度计划, by its
    year key, when relaxing that rule alone admits a plan."""
    plan = solve(_year_case(key))
    diag = plan.infeasibility
    assert plan.status.value == "infeasible" and diag is not None
    r = next(r for r in RULES if r.key == key)
    want = "system_rule:" if key == "system_rule" else r.year_name
    assert any(f.rule.startswith(want) for f in diag.findings), (key, diag.messages)


def test_every_priced_rule_is_priced_for_one_year() -> None:
    for r in RULES:
        if r.priced and not r.year_plan_only:
            assert r.key in PRICED_RULES or r.key in SYSTEM_RULE_KEYS, r.key
            if r.key in PRICED_RULES:
                off = r.switched_off(replace(POLICY_RULES[0].switched_off(sample_county().policy)))
                assert not r.is_active(off), r.key


def test_every_priced_rule_is_priced_for_every_year() -> None:
    """A year plan in which every priced rule is in force gets a price for each, over the horizon."""
    from test_years_rules import B, instance, system

    rows = (
        YearRow(2026, max_moves=1),
        YearRow(2027, min_xinchuang_share=0.5),
        YearRow(2028, min_xinchuang_share=0.5),
    )
    pin = SystemRule(SystemRuleKind.PIN, ("S2",), "甲")
    inp = replace(
        instance(system("S1"), system("S2"), system("S3", on=B), rows=rows),
        policy=Policy(max_vendor_share=0.9, min_vendors=2),
        system_rules=(pin,),
    )
    plan = solve(inp)
    assert plan.has_solution
    priced = {p.rule for p in year_rule_prices(inp, plan)}
    expected = {next(r for r in RULES if r.key == k).year_name for k in YEAR_PRICED_RULES}
    assert priced == expected | {"system_rule:0"}, priced


def test_every_breakable_rule_is_checked_in_the_workbook(county, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """约束核查's policy section has one line per active rule a plan can break (each vendor's
    share and each platform's capacity as lines of their own below it)."""
    plan = solve(county)
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=county)
    ws = openpyxl.load_workbook(path)["约束核查"]
    first = [row[0].value for row in ws.iter_rows(max_col=1)]
    start = first.index("规则") + 1
    lines = []
    for value in first[start:]:
        if value is None:
            break
        text = str(value)
        if not text.startswith(("\u3000", "平台容量", "采购清单合计")):  # not a policy rule's line
            lines.append(text)
    breakable = [r for r in POLICY_RULES if r.plan_metric is not None]
    assert len(lines) == len([r for r in breakable if r.is_active(county.policy)]) == 4


def test_every_breakable_rule_is_checked_every_year_in_the_workbook(county_years, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A year plan's 约束核查 has, for every plan year, a line of each rule in force that year."""
    from data.plan_writer import write_plan_workbook

    plan = solve(county_years)
    assert plan.has_solution
    path = write_plan_workbook(plan, tmp_path / "years.xlsx")
    ws = openpyxl.load_workbook(path)["约束核查"]
    by_year: dict[int, list[str]] = {}
    for year, rule in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if isinstance(year, int):
            by_year.setdefault(year, []).append(str(rule))
    for year in (2026, 2027, 2028):
        lines = by_year[year]
        for label in (
            "年度预算",
            "信创最低占比",
            "单一供应商最高占比",
            "最少供应商数",
            "最多迁移vCPU",
        ):
            assert any(line.startswith(label) for line in lines), (year, label, lines)
        assert any(line.startswith("指定规则") for line in lines), (year, lines)
