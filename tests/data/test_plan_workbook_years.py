"""The plan workbook of a plan with plan years (the year as a dimension): sheets, moves
highlighted, live formulas that LibreOffice recalculates to the engine's figures to the fen (and
that come with their results cached), text stays text."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planner"))
from test_plan_workbook import compare_cached_with_recalculated  # noqa: E402
from test_years_rules import B, instance, system  # noqa: E402
from test_years_with_terms import seeded_terms_years  # noqa: E402

from data.plan_sheets.text import text  # noqa: E402
from data.plan_writer import YC_HEAD_ROW, YEAR_DEFINED_NAMES, year_columns  # noqa: E402
from data.plan_writer import write_plan_workbook as write_years_workbook  # noqa: E402
from planner.model import Policy, YearRow  # noqa: E402
from planner.optimize import solve

#: sheet key → plan_sheets.text key
SHEETS = {"overview": "sheet.summary", "years": "sheet.years", "checks": "sheet.check"}


def sheet_name(key: str, lang: str = "zh") -> str:
    return text(SHEETS[key], lang)


def check_rows(ws) -> list[tuple]:  # type: ignore[no-untyped-def]
    """约束核查's per-year lines: (year, rule, required, actual, verdict)."""
    return [
        (r[0], r[1], r[2], r[3], r[5])
        for r in ws.iter_rows(min_row=YC_HEAD_ROW + 1, values_only=True)
        if isinstance(r[0], int)
    ]


RISING = (
    YearRow(2026, budget=5000),
    YearRow(2027, min_xinchuang_share=0.5, max_moves=2, max_move_vcpu=30),
    YearRow(2028, min_xinchuang_share=1.0),
)
#: seeded_terms_years instances with a plan: vendor terms in some years (6, 34: two vendors; 31: vendor
#: cap 80.417 %; 39, 41: terms only from the second year), 性能系数 in all but 17
TERMS_SEEDS = (1, 6, 17, 31, 34, 39, 41, 44)
SHARES = (
    YearRow(2026),
    YearRow(2027, min_xinchuang_share=0.3),
    YearRow(2028, min_xinchuang_share=0.6),
)


def cases() -> dict[str, object]:
    inp = instance(
        system("S", contract_end_year=2027),
        system('=HYPERLINK("x")', on=None, earliest_year=2028),
        replace(system("R*?", on=B, retire_year=2028), department="+cmd"),
        rows=RISING,
        discount_rate=0.05,
    )
    drift = replace(
        inp,
        prices=(
            replace(inp.prices[0], yearly_change=-0.07),
            replace(inp.prices[1], unit_price=151.37),
        ),
    )
    # vendor cap 80 % and two vendors every year: 乙 holds 77.8 % of 2028 (3,500 of 4,500)
    shares = replace(
        instance(
            system("S", contract_end_year=2027),
            system("T"),
            system("X", on=None, earliest_year=2027),
            system("R", on=B, retire_year=2028),
            rows=SHARES,
        ),
        policy=Policy(max_vendor_share=0.8, min_vendors=2),
    )
    out = {"hand": solve(inp), "drift": solve(drift), "shares": solve(shares)}
    # commercial terms (tiers, minimums, setup fees, discounts, step prices, 性能系数, per-system rules)
    for seed in TERMS_SEEDS:
        out[f"terms{seed}"] = solve(seeded_terms_years(seed), diagnose=False)
    return out


@pytest.fixture(scope="module")
def recalculated(
    tmp_path_factory: pytest.TempPathFactory, recalc: Callable[[Sequence[Path], Path], list[Path]]
):
    folder = tmp_path_factory.mktemp("years")
    plans = cases()
    written = {k: write_years_workbook(p, folder / f"{k}.xlsx") for k, p in plans.items()}
    written["hand_en"] = write_years_workbook(plans["hand"], folder / "hand_en.xlsx", lang="en")
    plans["hand_en"] = plans["hand"]
    outs = recalc(list(written.values()), folder / "recalculated")
    return {k: (plans[k], written[k], out) for k, out in zip(written, outs, strict=True)}


@pytest.mark.parametrize(
    "key", ["hand", "drift", "shares", "hand_en", *(f"terms{s}" for s in TERMS_SEEDS)]
)
def test_recalculated_year_figures_equal_engine(recalculated, key: str) -> None:
    plan, written, out = recalculated[key]
    lang = "en" if key.endswith("_en") else "zh"
    # the figures come with the workbook (cached results) and are what LibreOffice computes
    cached = openpyxl.load_workbook(written, data_only=True)[sheet_name("overview", lang)]
    assert cached["B5"].value == pytest.approx(plan.year_cost(0), abs=0.005)
    assert compare_cached_with_recalculated(written, out) >= 10 * len(plan.years)
    wb = openpyxl.load_workbook(out, data_only=True)
    ov = wb[sheet_name("overview", lang)]
    for t, y in enumerate(plan.years):
        r = 5 + t
        assert ov.cell(row=r, column=1).value == y
        assert ov.cell(row=r, column=2).value == pytest.approx(plan.year_cost(t), abs=0.005)
        assert ov.cell(row=r, column=5).value == pytest.approx(
            plan.year_xinchuang_share(t), abs=1e-9
        )
        assert ov.cell(row=r, column=7).value == len(plan.moves[t])
        assert ov.cell(row=r, column=8).value == pytest.approx(
            sum(m.one_time_cost for m in plan.moves[t]), abs=0.005
        )
    total = ov.cell(row=5 + len(plan.years), column=2).value
    assert total == pytest.approx(plan.total_cost, abs=0.005)
    assert ov.cell(row=5 + len(plan.years), column=10).value == pytest.approx(
        plan.present_value, abs=0.005
    )
    assert set(YEAR_DEFINED_NAMES) <= set(wb.defined_names)
    # 按供应商分年费用: each vendor's cost in each year is the engine's (terms and moves included)
    section = "按供应商分年费用（元）" if lang == "zh" else "By vendor and year (CNY)"
    head = next(r for r in range(1, ov.max_row + 1) if ov.cell(r, 1).value == section) + 1
    T = len(plan.years)
    got = {}
    r = head + 1
    while ov.cell(r, 1).value not in (text("total", lang), None):
        got[ov.cell(r, 1).value] = [ov.cell(r, 2 + t).value for t in range(T)]
        r += 1
    used = {v for yp in plan.year_plans for v in yp.vendor_costs}
    assert set(got) == used
    for v, costs in got.items():
        for t in range(T):
            want = plan.year_plans[t].vendor_costs.get(v, 0.0)
            assert costs[t] == pytest.approx(want, abs=0.005), (v, plan.years[t])
    for t in range(T):  # the total row is each year's cost
        assert ov.cell(r, 2 + t).value == pytest.approx(plan.year_cost(t), abs=0.005)
    assert ov.cell(r, 2 + T).value == pytest.approx(plan.total_cost, abs=0.005)
    # every per-year rule check says it holds
    checks = wb[sheet_name("checks", lang)]
    verdicts = [row[4] for row in check_rows(checks)]
    assert verdicts and set(verdicts) == {"满足" if lang == "zh" else "met"}
    # per system and year: the cost cell is the engine's
    ys = wb[sheet_name("years", lang)]
    for w, _wl in enumerate(plan.input.workloads):
        for t in range(len(plan.years)):
            col = year_columns(t)["cost"]
            a = [a for a in plan.year_plans[t].assignments if a.workload.name == _wl.name]
            want = a[0].cost.total if a else 0.0
            assert ys[f"{col}{w + 2}"].value == pytest.approx(want, abs=0.005)


@pytest.mark.parametrize("seed", TERMS_SEEDS)
def test_vendor_terms_lines_recalculate_to_the_engine(recalculated, seed: int) -> None:
    plan, _, out = recalculated[f"terms{seed}"]
    assert plan.has_solution
    want = {
        (y, vt.vendor): vt
        for t, y in enumerate(plan.years)
        for vt in plan.year_plans[t].vendor_terms
    }
    assert want, "the instance should have vendor terms"
    rows = list(
        openpyxl.load_workbook(out, data_only=True)["供应商条款"].iter_rows(
            min_row=2, values_only=True
        )
    )
    got = {(r[0], r[2]): r for r in rows}
    for key, vt in want.items():
        r = got[key]
        assert r[3] == pytest.approx(vt.spend, abs=0.005)  # billing base
        assert r[4] == pytest.approx(-vt.tier_discount, abs=0.005)
        assert r[6] == pytest.approx(vt.minimum_topup, abs=0.005)
        assert r[7] == pytest.approx(vt.setup_annual, abs=0.005)
        assert r[8] == pytest.approx(vt.adjustment, abs=0.005)
    # a vendor with terms but no system that year adjusts nothing
    assert all(r[8] == pytest.approx(0.0, abs=1e-9) for k, r in got.items() if k not in want)


def test_per_system_rules_checked_in_the_years_they_apply(tmp_path: Path, recalc) -> None:
    # seed 31: 系统1 pinned to 天翼云 (free every year); seed 34: 系统1 kept off 移动云 and on another
    # vendor than 系统2 (both free from 2027 only). Each line passes on the plan; a hand edit of one
    # 供应商序号 cell on 分年计划 breaks the line of that year and rule, and only that one.
    pinned, apart = cases()["terms31"], cases()["terms34"]
    paths = [
        write_years_workbook(pinned, tmp_path / "pin.xlsx"),
        write_years_workbook(apart, tmp_path / "apart.xlsx"),
    ]
    edits = {
        "pin": (pinned, year_columns(1)["vendor"] + "2", 2),
        "apart": (apart, year_columns(2)["vendor"] + "3", None),
    }
    for (name, (_plan, ref, value)), path in zip(edits.items(), paths, strict=True):
        wb = openpyxl.load_workbook(path)
        ys = wb["分年计划"]
        if value is None:  # 系统2 onto 系统1's vendor in 2028
            value = ys[year_columns(2)["vendor"] + "2"].value
        assert ys[ref].value != value
        ys[ref].value = value
        wb.save(tmp_path / f"{name}_edited.xlsx")
    outs = recalc(
        [*paths, tmp_path / "pin_edited.xlsx", tmp_path / "apart_edited.xlsx"], tmp_path / "out"
    )

    def rule_lines(out: Path) -> dict[tuple[int, str], str]:
        rows = check_rows(openpyxl.load_workbook(out, data_only=True)["约束核查"])
        return {(r[0], r[1]): r[4] for r in rows if str(r[1]).startswith("指定规则")}

    pin_ok, apart_ok, pin_bad, apart_bad = (rule_lines(o) for o in outs)
    assert pin_ok == {(y, "指定规则：固定 系统1 到 天翼云"): "满足" for y in (2026, 2027, 2028)}
    assert set(apart_ok) == {
        (y, f"指定规则：{r}")
        for y in (2027, 2028)
        for r in ("禁止 系统1 使用 移动云", "系统2、系统1 不同供应商")
    }
    assert set(apart_ok.values()) == {"满足"}
    assert pin_bad == {**pin_ok, (2027, "指定规则：固定 系统1 到 天翼云"): "不满足"}
    assert apart_bad == {**apart_ok, (2028, "指定规则：系统2、系统1 不同供应商"): "不满足"}


def test_vendor_share_and_vendor_count_checked_per_year(recalculated) -> None:
    plan, _, out = recalculated["shares"]
    assert plan.year_costs == pytest.approx(
        (3500, 5500, 4500)
    )  # hand-checked: X joins 乙 in 2027, S in 2028
    rows = check_rows(openpyxl.load_workbook(out, data_only=True)["约束核查"])
    shares = {(r[0], r[1]): r[3] for r in rows if str(r[1]).startswith("单一供应商最高占比")}
    for t, y in enumerate(plan.years):
        for v, cost in plan.year_plans[t].vendor_costs.items():
            assert shares[(y, f"单一供应商最高占比：{v}")] == pytest.approx(
                cost / plan.year_cost(t), abs=1e-9
            )
    assert shares[(2028, "单一供应商最高占比：乙")] == pytest.approx(3500 / 4500)
    vendors = {r[0]: r[3] for r in rows if r[1] == "最少供应商数"}
    assert vendors == {2026: 2, 2027: 2, 2028: 2}


def test_moves_highlighted_and_text_stays_text(tmp_path: Path) -> None:
    plan = cases()["hand"]
    path = write_years_workbook(plan, tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    ys = wb["分年计划"]
    c27 = ys[f"{year_columns(1)['where']}2"]  # S moves onto B in 2027
    assert c27.value == "乙/B" and c27.fill.fgColor.rgb.endswith("C6EFCE")
    assert ys[f"{year_columns(0)['where']}2"].fill.fgColor.rgb in (None, "00000000")
    assert ys["A3"].value == '=HYPERLINK("x")' and ys["A3"].data_type == "s"
    assert ys["B4"].value == "+cmd" and ys["B4"].data_type == "s"
    waves = wb["迁移批次"]
    rows = list(waves.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        (2027, "S", "甲/A", "乙/B"),
        (2028, '=HYPERLINK("x")', "自建机房", "乙/B"),
    ]
    assert ys[f"{year_columns(2)['where']}4"].value == "已下线"


def test_one_writer_the_year_a_dimension(tmp_path: Path) -> None:
    """The same writer gives a plan with plan years the plan's 概览 head, 约束核查 and 输入 sheets
    and the procurement sheets, with the year sheets in place of the single year's allocation."""
    from data.plan_writer import build_plan_workbook
    from data.procurement_sheets import sheet_titles
    from data.samples import sample_county, sample_county_years

    plain = solve(sample_county())
    years = solve(sample_county_years())
    single = build_plan_workbook(plain).sheetnames
    yearly = build_plan_workbook(years).sheetnames
    keys = ("summary", "years", "waves", "check", "inputs")
    assert yearly == [text(f"sheet.{k}") for k in keys] + sheet_titles("zh", years=True)
    shared = {text(f"sheet.{k}") for k in ("summary", "check", "inputs")} | set(sheet_titles("zh"))
    assert shared <= set(single) and shared <= set(yearly)
    path = write_years_workbook(years, tmp_path / "years.xlsx")
    wb = openpyxl.load_workbook(path)
    ov = wb[text("sheet.summary")]
    assert ov["A1"].value == "示例县（青山县）政务云分年采购方案"
    assert str(ov["A3"].value).startswith("结论：2026–2028 年合计 1,569.15 万元")
    inputs = wb[text("sheet.inputs")]
    rows = [r for r in inputs.iter_rows(values_only=True) if r[0] in (2026, 2027, 2028)]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (2026, 8_100_000, 0.35),
        (2027, 3_700_000, 0.5),
        (2028, 4_150_000, 0.7),
    ]
