"""The optional 折扣 / 指定规则 sheets and the new price/platform columns (issue 13)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from data.terms_sheets import parse_factor
from data.workbook import InputError, read_workbook
from data.writer import write_input_workbook, write_template
from planner.model import (
    DataClass,
    Deployment,
    Discount,
    DiscountKind,
    PlanInput,
    Platform,
    PriceLine,
    SystemRule,
    SystemRuleKind,
    TierMode,
    Workload,
)


def _input() -> PlanInput:
    plats = (
        Platform("天翼云", "政务云", Deployment.PRIVATE, False, 4),
        Platform("移动云", "鲲鹏池", Deployment.PRIVATE, True, 3, perf_factor=1.3),
        Platform("联通云", "公有云", Deployment.PUBLIC, False, 3),
    )
    prices = []
    for p in plats:
        prices += [PriceLine(p.vendor, p.name, r, 100.0) for r in ("vcpu", "ram_gb", "storage_gb")]
        prices += [
            PriceLine(p.vendor, p.name, "bandwidth_mbps", 1000.0, max_qty=5.0),
            PriceLine(p.vendor, p.name, "bandwidth_mbps", 600.0, min_qty=5.0),
        ]
    prices[0] = replace(prices[0], min_annual=50000.0, setup_fee=20000.0)
    wls = tuple(
        Workload(n, "办", 4, 8, 100, 8, DataClass.GENERAL, 1)
        for n in ("协同办公OA", "财政一体化", "数据库")
    )
    ds = (
        Discount("天翼云", DiscountKind.TERM, 0.7, 3.0),
        Discount("天翼云", DiscountKind.VOLUME, 0.9, 1_000_000.0, TierMode.ABOVE),
        Discount("天翼云", DiscountKind.VOLUME, 0.85, 3_000_000.0, TierMode.ABOVE),
        Discount("移动云", DiscountKind.RESOURCE, 0.8, resource="storage_gb"),
    )
    rules = (
        SystemRule(SystemRuleKind.PIN, ("协同办公OA",), "移动云", "鲲鹏池"),
        SystemRule(SystemRuleKind.FORBID, ("数据库",), "联通云", None),
        SystemRule(SystemRuleKind.SAME_PLATFORM, ("财政一体化", "数据库")),
        SystemRule(SystemRuleKind.DIFFERENT_VENDOR, ("协同办公OA", "数据库")),
        SystemRule(SystemRuleKind.NO_PUBLIC, ("财政一体化",)),
    )
    return PlanInput(plats, tuple(prices), wls, discounts=ds, system_rules=rules, name="x")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_of_every_new_field(tmp_path: Path, lang: str) -> None:
    inp = _input()
    path = write_input_workbook(inp, tmp_path / "in.xlsx", lang)
    back = read_workbook(path)
    assert back.platforms == inp.platforms
    assert back.prices == inp.prices
    assert back.discounts == inp.discounts
    assert back.system_rules == inp.system_rules


def test_without_terms_the_workbook_has_no_new_sheets_and_reads_as_before(tmp_path: Path) -> None:
    inp = replace(_input(), discounts=(), system_rules=())
    path = write_input_workbook(inp, tmp_path / "in.xlsx")
    assert load_workbook(path).sheetnames == ["平台", "报价", "业务系统", "约束"]
    assert read_workbook(path).discounts == () and read_workbook(path).system_rules == ()


def test_template_has_the_optional_sheets_and_they_may_stay_empty(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx")
    names = load_workbook(path).sheetnames
    assert "折扣" in names and "指定规则" in names
    # fill the three required sheets minimally; the empty optional ones must not be an error
    inp = replace(_input(), discounts=(), system_rules=())
    p2 = write_input_workbook(inp, tmp_path / "in.xlsx")
    wb = load_workbook(p2)
    wb.create_sheet("折扣").append(["供应商", "折扣类型", "门槛", "折扣"])
    wb.create_sheet("指定规则")
    wb.save(p2)
    assert read_workbook(p2).discounts == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.9, 0.9),
        ("9折", 0.9),
        ("85折", 0.85),
        ("8.5折", 0.85),
        ("90%", 0.9),
        ("0.7", 0.7),
        (1, 1.0),
        ("10折", 1.0),
        ("0折", None),
        ("120%", None),
        (0, None),
        ("打折", None),
        (1.2, None),
    ],
)
def test_parse_factor(raw: object, expected: float | None) -> None:
    assert parse_factor(raw) == (pytest.approx(expected) if expected is not None else None)


def _write_rows(tmp_path: Path, sheet: str, rows: list[list[object]]) -> Path:
    inp = replace(_input(), discounts=(), system_rules=())
    path = write_input_workbook(inp, tmp_path / "in.xlsx")
    wb = load_workbook(path)
    ws = wb.create_sheet(sheet)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("sheet", "rows", "column", "words"),
    [
        (
            "折扣",
            [["供应商", "折扣类型", "门槛", "折扣"], ["天翼云", "总额阶梯", 100, "十折"]],
            "折扣",
            "无法识别的折扣",
        ),
        (
            "折扣",
            [["供应商", "折扣类型", "门槛", "折扣"], ["华为云", "期限折扣", 3, 0.8]],
            "供应商",
            "没有这个供应商",
        ),
        (
            "折扣",
            [
                ["供应商", "折扣类型", "门槛", "折扣", "阶梯方式"],
                ["天翼云", "总额阶梯", 100, 0.9, "全额"],
                ["天翼云", "总额阶梯", 300, 0.8, "超出部分"],
            ],
            "阶梯方式",
            "方式不一致",
        ),
        (
            "折扣",
            [
                ["供应商", "折扣类型", "门槛", "折扣"],
                ["天翼云", "总额阶梯", 100, 0.8],
                ["天翼云", "总额阶梯", 300, 0.9],
            ],
            "折扣",
            "门槛越高折扣应越低",
        ),
        (
            "折扣",
            [["供应商", "折扣类型", "折扣"], ["天翼云", "资源折扣", 0.8]],
            "资源",
            "须填写资源",
        ),
        (
            "指定规则",
            [["规则", "系统", "供应商", "平台"], ["固定到", "不存在的系统", "天翼云", "政务云"]],
            "系统",
            "没有",
        ),
        (
            "指定规则",
            [["规则", "系统", "供应商", "平台"], ["固定到", "数据库", "天翼云", "无此平台"]],
            "平台",
            "固定到/禁止",
        ),
        ("指定规则", [["规则", "系统"], ["同平台", "数据库"]], "系统", "至少两个系统"),
        ("指定规则", [["规则", "系统"], ["放到最便宜的", "数据库"]], "规则", "无法识别"),
    ],
)
def test_bad_rows_name_file_sheet_row_and_column(
    tmp_path: Path, sheet: str, rows, column: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    path = _write_rows(tmp_path, sheet, rows)
    with pytest.raises(InputError) as err:
        read_workbook(path)
    text = err.value.text("zh")
    assert (
        "in.xlsx" in text and f"「{sheet}」" in text and "第 " in text and f"「{column}" in text
    ), text
    assert words in text, text
    assert err.value.text("en")  # English available


def test_a_workbook_pin_reaches_the_plan(tmp_path: Path) -> None:
    from planner.optimize import solve

    inp = _input()
    back = read_workbook(write_input_workbook(inp, tmp_path / "in.xlsx"))
    plan = solve(back)
    where = {a.workload.name: a.platform.key for a in plan.assignments}
    assert where["协同办公OA"] == ("移动云", "鲲鹏池")
    assert where["财政一体化"] == where["数据库"] and where["数据库"][0] != "移动云"
    # the 鲲鹏 pool buys ceil(4 × 1.3) = 6 vCPU for OA
    oa = next(a for a in plan.assignments if a.workload.name == "协同办公OA")
    assert oa.vcpu == 6


def test_cli_plans_a_workbook_with_terms_and_writes_them(tmp_path: Path) -> None:
    import json

    from planner.optimize import solve
    from ui.cli import main

    inp = _input()
    src = write_input_workbook(inp, tmp_path / "in.xlsx")
    out = tmp_path / "plan.xlsx"
    assert main(["plan", str(src), "--json", str(tmp_path / "p.json"), "-o", str(out)]) == 0
    summary = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    engine = solve(read_workbook(src))
    assert summary["total_annual_cost"] == pytest.approx(engine.total_annual_cost, abs=0.005)
    where = {a["workload"]: (a["vendor"], a["platform"]) for a in summary["assignments"]}
    assert where["协同办公OA"] == ("移动云", "鲲鹏池")
    wb = load_workbook(out)
    items = {str(c.value) for row in wb["采购清单"].iter_rows() for c in row if c.value}
    assert any(s.startswith("期限折扣（合同 3 年）×0.7") for s in items), items
    assert any(s.startswith("带宽（0–5）") for s in items) and any(
        s.startswith("带宽（5–∞）") for s in items
    )
    assert any(
        s.startswith("三、指定规则")
        for row in wb["约束核查"].iter_rows()
        for s in [str(row[0].value)]
    )


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([[None, 5], [6, None]], "阶梯不连续"),
        ([[None, 5], [4, None]], "阶梯不连续"),
        ([[0, None], [5, None]], "只有最后一段"),
        ([[None, 5], [5, 3]], "不大于起始数量"),
        ([[None, 5], [None, None]], "既有阶梯价又有不分段"),
    ],
)
def test_step_prices_must_tile(tmp_path: Path, rows: list[list[object]], words: str) -> None:
    inp = replace(_input(), discounts=(), system_rules=())
    prices = [
        ln for ln in inp.prices if not (ln.vendor == "天翼云" and ln.resource == "bandwidth_mbps")
    ]
    for lo, hi in rows:
        prices.append(
            PriceLine("天翼云", "政务云", "bandwidth_mbps", 100.0, min_qty=lo, max_qty=hi)
        )
    if words == "既有阶梯价又有不分段":
        prices[-1] = PriceLine("天翼云", "政务云", "bandwidth_mbps", 100.0)
    path = write_input_workbook(replace(inp, prices=tuple(prices)), tmp_path / "in.xlsx")
    with pytest.raises(InputError) as err:
        read_workbook(path)
    text = err.value.text("zh")
    assert words in text and "「报价」" in text and "「起始数量" in text, text
