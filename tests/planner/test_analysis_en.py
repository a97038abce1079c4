"""Every user-facing text of the lock-in analysis exists in English too (planner.text.Msg).

The Chinese text must stay exactly what it was (the JSON output, the terminal and other tests
read it), so it is checked here against the sentence templates the analysis used before it
became bilingual. The English text must contain no Chinese except the term 信创 and names
that come from the input (vendors, platforms, systems, scenarios).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import planner.analysis as analysis
from data.analysis_sheets import add_analysis_sheets
from data.xlsxbook import Book
from planner.analysis import AnalysisReport, Scenario, analyze, report_json, rule_label
from planner.labels import label, pct, yuan
from planner.model import (
    DataClass,
    Deployment,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    Progress,
    SolveStatus,
    Workload,
)
from planner.optimize import solve
from planner.rules import RULE_LABELS
from planner.text import Msg

# CJK ideographs, radicals, CJK and full-width punctuation (（）：；，、。), kana
CJK = re.compile(
    "[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
#: Chinese terms English text may keep.
ALLOWED_TERMS = ("信创",)


def stray_cjk(text: str, names: Iterable[str] = ()) -> list[str]:
    """The Chinese characters of text outside the allowed terms and the given input names."""
    for term in sorted({*ALLOWED_TERMS, *names}, key=len, reverse=True):
        if term:
            text = text.replace(term, " ")
    return CJK.findall(text)


def input_names(inp: PlanInput, scenarios: Iterable[Scenario] = ()) -> set[str]:
    names = {p.vendor for p in inp.platforms} | {p.name for p in inp.platforms}
    names |= {f"{p.vendor}/{p.name}" for p in inp.platforms}
    names |= {w.name for w in inp.workloads} | {w.department for w in inp.workloads}
    return names | {s.name for s in scenarios}


def test_stray_cjk_finds_chinese_and_spares_names() -> None:
    assert stray_cjk("Lock-in risk: losing 甲云 would leave no plan.", {"甲云"}) == []
    assert stray_cjk("minimum 信创 share") == []
    assert stray_cjk("锁定风险: 甲云", {"甲云"}) == list("锁定风险")
    assert stray_cjk("share（50%）；") == ["（", "）", "；"]
    assert stray_cjk("失去 甲云 中任何一家", {"甲云"}) == list("失去中任何一家")


# --- instances ----------------------------------------------------------------------------------
def _plat(vendor: str, name: str, dep: Deployment, xc: bool, cap: float | None = None) -> Platform:
    return Platform(vendor, name, dep, xc, 3, cap)


def _prices(plats: Iterable[Platform]) -> tuple[PriceLine, ...]:
    return tuple(
        PriceLine(
            p.vendor,
            p.name,
            r,
            v * (1.3 if p.xinchuang else 1.0) * (0.8 if p.vendor == "丙云" else 1.0),
        )
        for p in plats
        for r, v in (
            ("vcpu", 600.0),
            ("ram_gb", 120.0),
            ("storage_gb", 5.0),
            ("security_l2", 30000.0),
            ("security_l3", 60000.0),
        )
    )


PLATS = (
    _plat("甲云", "私有", Deployment.PRIVATE, False),
    _plat("乙云", "信创", Deployment.PRIVATE, True),
    _plat("丙云", "公有", Deployment.PUBLIC, False),
)
SMALL_PLATS = (PLATS[0], _plat("乙云", "信创", Deployment.PRIVATE, True, 12.0), PLATS[2])
WORKLOADS = tuple(
    Workload(
        f"系统{i}",
        "局",
        4.0 * (i + 1),
        8.0,
        100.0,
        0.0,
        DataClass.IMPORTANT if i < 3 else DataClass.GENERAL,
        2 + i % 2,
        current_vendor="甲云",
        current_platform="私有",
        migration_cost=10000.0 * (i + 1),
    )
    for i in range(4)
)
SCENARIOS = (
    Scenario("紧预算", {"budget_annual": 1.0}),
    Scenario("高信创", {"min_xinchuang_share": 0.5}),
)


def feasible_input() -> PlanInput:
    """A plan that needs 乙云 (the only 信创 platform) and has a budget just above its cost."""
    inp = PlanInput(
        PLATS, _prices(PLATS), WORKLOADS, Policy(min_xinchuang_share=0.2, min_vendors=2)
    )
    cost = solve(inp, diagnose=False).total_annual_cost
    return replace(inp, policy=replace(inp.policy, budget_annual=round(cost * 1.001, 2)))


REGISTRY = Workload(
    "不动产登记", "自然资源局", 8, 16, 100, 0, DataClass.IMPORTANT, 3, migration_cost=5e4
)
INFEASIBLE = {
    # 3 vendors but public 丙云 may not hold important data: relaxing min_vendors alone fixes it
    "vendors": PlanInput(SMALL_PLATS, _prices(SMALL_PLATS), WORKLOADS[:3], Policy(min_vendors=3)),
    # 信创 50 % of 40 vCPU on a 12-vCPU platform, and a budget far too small: no rule alone fixes it
    "xinchuang": PlanInput(
        SMALL_PLATS,
        _prices(SMALL_PLATS),
        WORKLOADS,
        Policy(min_xinchuang_share=0.5, budget_annual=100000.0),
    ),
    # important data and only public cloud: a system with nowhere to go
    "no_home": PlanInput((PLATS[2],), _prices((PLATS[2],)), (REGISTRY,)),
}


def run(
    inp: PlanInput, scenarios: Iterable[Scenario] = (), **kw: Any
) -> tuple[AnalysisReport, list[Any]]:
    stages: list[Any] = []
    progress = kw.pop("progress", None) or Progress(on_stage=lambda text, _f: stages.append(text))
    rep = analyze(inp, progress=progress, scenarios=tuple(scenarios), sweep_time_limit=None, **kw)
    return rep, stages


def messages_of(rep: AnalysisReport, stages: Iterable[Any] = ()) -> list[tuple[str, Any]]:
    """Every user-facing text of a report, labelled with where it came from."""
    out: list[tuple[str, Any]] = [("headline", m) for m in rep.messages]
    if rep.lockin is not None:
        out += [("lockin", m) for m in rep.lockin.messages]
    out += [(f"vendor_loss {v.vendor}", v.message) for v in rep.vendor_loss]
    out += [(f"rule_price {r.rule}", r.message) for r in rep.rule_prices]
    out += [(f"relaxation {r.rule}", r.message) for r in rep.relaxations]
    out += [("diagnosis", m) for m in rep.plan.diagnosis]
    out += [(f"scenario {s.kind}", s.name) for s in rep.scenarios if s.kind != "sheet"]
    out += [("stage", s) for s in stages]
    return out


def assert_english(items: list[tuple[str, Any]], names: set[str]) -> None:
    bad = []
    for where, m in items:
        if not isinstance(m, Msg):
            bad.append((where, m, "not a Msg"))
        elif not m.en.strip():
            bad.append((where, str(m), "no English"))
        elif stray := stray_cjk(m.en, names):
            bad.append((where, m.en, "".join(stray)))
        elif m.text("zh") != str(m) or m.text("en") != m.en:
            bad.append((where, m, "text() mismatch"))
    assert not bad, bad


# --- the Chinese templates of the analysis before it became bilingual ---------------------------
def legacy_lockin(rep: AnalysisReport) -> list[str]:
    lk = rep.lockin
    assert lk is not None
    shares = rep.plan.vendor_shares
    top = max(shares, key=lambda v: shares[v])
    out = [
        f"最大供应商 {top} 占年度费用 {pct(shares[top])}；供应商集中度 HHI = {lk.hhi:.3f}"
        f"（相当于 {1 / lk.hhi:.1f} 家等额供应商）。"
    ]
    worst = max(lk.exit_cost, key=lambda v: lk.exit_cost[v])
    if lk.exit_cost[worst] > 0:
        out.append(
            f"迁出 {worst} 的一次性费用为 {yuan(lk.exit_cost[worst])}，相当于其 {lk.exit_years[worst]:.1f} 年的费用。"
        )
    return out


def legacy_vendor_loss(rep: AnalysisReport) -> list[str]:
    budget = rep.plan.policy.budget_annual
    out = []
    for v in rep.vendor_loss:
        if v.total_annual_cost is not None:
            assert v.delta is not None
            msg = f"若 {v.vendor} 退出，每年需多花 {yuan(v.delta)}（年度费用 {yuan(v.total_annual_cost)}）"
            if v.within_budget is False:
                msg += f"，超出预算 {yuan(v.total_annual_cost - (budget or 0.0))}"
            out.append(msg + "。")
        elif v.critical:
            out.append(
                f"若 {v.vendor} 退出，在其余规则下没有可行方案——本方案对 {v.vendor} 存在锁定风险。"
            )
        elif v.status is SolveStatus.CANCELLED:
            out.append(f"{v.vendor} 退出测试已取消。")
        else:
            out.append(
                f"{v.vendor} 退出测试在求解时间限制内未找到方案，也未证明无解；可延长时间限制后重试。"
            )
    return out


def legacy_rule_prices(rep: AnalysisReport) -> list[str]:
    budget = rep.plan.policy.budget_annual
    out = []
    for r in rep.rule_prices:
        name = label(RULE_LABELS, r.rule)
        cost = r.total_annual_cost_without
        if r.name is not None:  # a per-system rule (issue 13), named by its own text
            if r.saving is not None:
                out.append(
                    f"{r.name} 每年多花 {yuan(r.saving)}（取消该规则后年度费用为 {yuan(cost or 0.0)}）。"
                )
            elif cost is not None:
                out.append(f"取消“{r.name}”后可得到方案，年度费用 {yuan(cost)}。")
            else:
                out.append(f"取消“{r.name}”后仍没有可行方案。")
            continue
        if not r.active:
            out.append(f"未设置{name}，不产生费用。")
        elif r.saving is not None:
            out.append(
                f"{name}每年花费 {yuan(r.saving)}（取消该规则后年度费用为 {yuan(cost or 0.0)}）。"
            )
        elif cost is not None:
            over = budget is not None and cost > budget * (1 + 1e-9) + 1e-6
            out.append(
                f"取消{name}后可得到方案，年度费用 {yuan(cost)}。"
                + ("（仍超出预算）" if over else "")
            )
        else:
            out.append(f"取消{name}后仍没有可行方案。")
    return out


def legacy_headlines(rep: AnalysisReport) -> list[str]:
    out = legacy_lockin(rep) if rep.lockin is not None else []
    critical = [v.vendor for v in rep.vendor_loss if v.critical]
    if critical:
        out.append(f"锁定风险：失去 {'、'.join(critical)} 中任何一家将没有可行方案。")
    priced = [r for r in rep.rule_prices if r.active and r.saving is not None and r.saving > 0.005]
    if priced:
        top = max(priced, key=lambda r: r.saving or 0.0)
        out.append(
            f"代价最高的规则是{label(RULE_LABELS, top.rule)}：每年 {yuan(top.saving or 0.0)}。"
        )
    if not rep.plan.has_solution:
        names = [
            f"平台 {r.rule.split(':', 1)[1]} 的容量"
            if r.rule.startswith("capacity:")
            else label(RULE_LABELS, r.rule)
            for r in rep.relaxations
            if r.value is not None
        ]
        if names:
            out.append(f"无可行方案；单独放宽以下任一规则即可：{'、'.join(names)}。")
        elif rep.relaxations:
            out.append("无可行方案；单独放宽任何一条规则都不够，需要同时放宽多条（见诊断）。")
    return out


def assert_chinese_unchanged(rep: AnalysisReport) -> None:
    if rep.lockin is not None:
        assert list(rep.lockin.messages) == legacy_lockin(rep)
    assert [v.message for v in rep.vendor_loss] == legacy_vendor_loss(rep)
    assert [r.message for r in rep.rule_prices] == legacy_rule_prices(rep)
    assert list(rep.messages) == legacy_headlines(rep)
    names = [s.name for s in rep.scenarios if s.kind != "sheet"]
    assert names == ["基准方案", "最低成本（无规则）"][: len(names)]
    # the JSON document is Chinese and made of plain strings, exactly as before
    doc = report_json(rep)
    text = json.dumps(doc, ensure_ascii=False)
    assert text == json.dumps(_plain(doc), ensure_ascii=False)
    assert all(type(s["name"]) is str for s in doc["scenarios"])
    assert "Base plan" not in text and "Cheapest" not in text
    assert doc["plan"]["diagnosis"] == [str(m) for m in rep.plan.diagnosis]


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# --- the analysis -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def feasible() -> tuple[PlanInput, AnalysisReport, list[Any]]:
    inp = feasible_input()
    rep, stages = run(inp, SCENARIOS)
    return inp, rep, stages


@pytest.fixture(scope="module")
def infeasible() -> dict[str, tuple[PlanInput, AnalysisReport, list[Any]]]:
    return {key: (inp, *run(inp, SCENARIOS)) for key, inp in INFEASIBLE.items()}


def test_feasible_analysis_in_english(feasible) -> None:  # type: ignore[no-untyped-def]
    inp, rep, stages = feasible
    assert rep.plan.status is SolveStatus.OPTIMAL
    items = messages_of(rep, stages)
    assert_english(items, input_names(inp, SCENARIOS))
    en = [m.en for _, m in items]
    # the instance reaches the interesting sentences: over budget, a critical vendor, prices
    assert any("over budget" in t for t in en)
    assert any(t.startswith("Lock-in risk: losing 乙云 ") for t in en)
    assert any(t.startswith("The costliest rule is") for t in en)
    assert any("is not set" in t for t in en)
    assert "Base plan" in en and "Cheapest (no policy rules)" in en
    assert any("信创 (domestic stack)" in t for t in en), "信创 is glossed once"
    assert sum(t.startswith("Vendor loss test: ") for t in en) == len(rep.vendor_loss)


def test_feasible_analysis_chinese_unchanged(feasible) -> None:  # type: ignore[no-untyped-def]
    _, rep, stages = feasible
    assert_chinese_unchanged(rep)
    zh = [str(s) for s in stages]
    assert zh[0] == "求解基准方案…"
    assert "供应商退出测试：甲云（1/3）…" in zh and "计算规则代价：信创最低占比…" in zh
    assert "权衡曲线：信创最低占比…" in zh and zh[-1] == "情景对比：高信创（2/2）…"
    assert "情景对比：最低成本（无规则）…" in zh


@pytest.mark.parametrize("key", list(INFEASIBLE))
def test_infeasible_analysis_in_english(infeasible, key: str) -> None:  # type: ignore[no-untyped-def]
    inp, rep, stages = infeasible[key]
    assert rep.plan.status is SolveStatus.INFEASIBLE
    assert rep.plan.diagnosis
    assert_english(messages_of(rep, stages), input_names(inp, SCENARIOS))
    assert_chinese_unchanged(rep)


def test_infeasible_sentences_reached(infeasible) -> None:  # type: ignore[no-untyped-def]
    en = [m.en for inp, rep, stages in infeasible.values() for _, m in messages_of(rep, stages)]
    assert (
        "No feasible plan; relaxing any one of these rules alone is enough: minimum number of vendors."
        in en
    )
    assert any(t.startswith("No feasible plan; relaxing any single rule is not enough") for t in en)
    assert any(t.endswith("(still over budget).") for t in en)
    assert any(t.startswith("Even without the rule") for t in en)
    assert "No feasible plan: finding the smallest relaxation of each rule…" in en


def test_cancelled_and_unproven_vendor_loss(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    inp = feasible_input()
    flag: list[int] = []
    progress = Progress(
        on_stage=lambda t, _f: flag.append(1) if str(t).startswith("供应商退出测试") else None,
        is_cancelled=lambda: bool(flag),
    )
    rep, _ = run(inp, progress=progress)
    assert rep.cancelled and rep.vendor_loss[0].status is SolveStatus.CANCELLED
    assert rep.vendor_loss[0].message == f"{rep.vendor_loss[0].vendor} 退出测试已取消。"
    assert_english(messages_of(rep), input_names(inp))

    # a vendor-loss solve that hit the time limit without an answer either way
    real = analysis._outcome

    def unproven(rs, policy, excluded_vendor=None, time_limit=None, dropped_rules=frozenset()):  # type: ignore[no-untyped-def]
        if excluded_vendor is not None:
            return analysis._Outcome(SolveStatus.INFEASIBLE, proven_infeasible=False)
        return real(rs, policy, excluded_vendor, time_limit, dropped_rules)

    monkeypatch.setattr(analysis, "_outcome", unproven)
    rep, _ = run(inp)
    assert rep.vendor_loss and not any(v.critical for v in rep.vendor_loss)
    assert_english(messages_of(rep), input_names(inp))
    assert_chinese_unchanged(rep)
    assert all("longer time limit" in v.message.en for v in rep.vendor_loss)


def test_rule_label() -> None:
    assert rule_label("min_vendors") == "最少供应商数"
    assert rule_label("min_vendors").en == "minimum number of vendors"
    cap = rule_label("capacity:乙云/信创")
    assert cap == "平台 乙云/信创 的容量" and cap.en == "the capacity of platform 乙云/信创"


# --- the analysis sheets of the workbook --------------------------------------------------------
def _workbook(rep: AnalysisReport, lang: str, path: Path) -> Any:
    wb = Book()
    add_analysis_sheets(wb, rep, lang=lang)
    wb.save(path)
    return load_workbook(path)


def _strings(wb: Any) -> list[tuple[str, str, str]]:
    return [
        (ws.title, cell.coordinate, cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def assert_english_workbook(rep: AnalysisReport, names: set[str], path: Path) -> None:
    wb = _workbook(rep, "en", path)
    assert wb.sheetnames == ["Lock-in", "Scenarios"]
    cells = _strings(wb)
    bad = [(s, c, v, "".join(stray)) for s, c, v in cells if (stray := stray_cjk(v, names))]
    assert not bad, bad
    texts = {v for _, _, v in cells}
    # the message cells are there, in English
    for m in rep.messages:
        assert m.en in texts
    for r in rep.relaxations:
        assert r.message.en in texts
    for s in rep.scenarios:
        assert (s.name.en if isinstance(s.name, Msg) else s.name) in texts


def assert_chinese_workbook(rep: AnalysisReport, path: Path) -> None:
    wb = _workbook(rep, "zh", path)
    assert wb.sheetnames == ["锁定风险", "情景对比"]
    texts = {v for _, _, v in _strings(wb)}
    for m in [
        *rep.messages,
        *(r.message for r in rep.relaxations),
        *(s.name for s in rep.scenarios),
    ]:
        assert str(m) in texts
    assert not any(m.en in texts for m in rep.messages)


def test_feasible_workbook(feasible, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inp, rep, _ = feasible
    assert rep.messages
    assert_english_workbook(rep, input_names(inp, SCENARIOS), tmp_path / "en.xlsx")
    assert_chinese_workbook(rep, tmp_path / "zh.xlsx")


@pytest.mark.parametrize("key", list(INFEASIBLE))
def test_infeasible_workbook(infeasible, key: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inp, rep, _ = infeasible[key]
    assert_english_workbook(rep, input_names(inp, SCENARIOS), tmp_path / "en.xlsx")
    assert_chinese_workbook(rep, tmp_path / "zh.xlsx")


# --- the sample county (one analysis, ~10 s) -----------------------------------------------------
@pytest.mark.slow
def test_sample_county_in_english(tmp_path: Path) -> None:
    from data.samples import sample_county

    county = sample_county()
    scen = (Scenario("高信创", {"min_xinchuang_share": 0.6}),)
    rep, stages = run(county, scen)
    assert rep.plan.status is SolveStatus.OPTIMAL and rep.vendor_loss and rep.rule_prices
    names = input_names(county, scen)
    assert_english(messages_of(rep, stages), names)
    assert_chinese_unchanged(rep)
    assert_english_workbook(rep, names, tmp_path / "en.xlsx")
