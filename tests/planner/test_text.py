"""Bilingual messages: the Msg type, and the engine's diagnosis and notes in English."""

from __future__ import annotations

import json
import pickle
import re
from dataclasses import replace

import pytest
from test_constraints import BING, CAIWU, JIA, SHEBAO, YI, instance, pool, system

from planner.model import DataClass, Deployment, PriceLine, Progress, SolveStatus
from planner.optimize import solve
from planner.text import Msg, bi, join, localize, pair

#: Chinese characters; the English texts may still carry names from the input and the term 信创.
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def cjk_outside(text: str, allowed: list[str]) -> list[str]:
    """Chinese characters left in text once the allowed names are taken out."""
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, "")
    return CJK.findall(text)


NAMES = [
    "天翼云",
    "移动云",
    "联通云",
    "阿里云",
    "腾讯云",
    "公有云",
    "甲",
    "乙",
    "丙",
    "财务",
    "社保",
    "不动产登记",
    "医保结算",
    "门户",
    "信创",
]


# --- the type -------------------------------------------------------------------------------------
def test_msg_is_its_chinese_text() -> None:
    m = Msg("预算不足", "budget too small")
    assert m == "预算不足" and isinstance(m, str)
    assert m.text() == "预算不足" and m.text("en") == "budget too small"
    assert json.dumps([m], ensure_ascii=False) == '["预算不足"]'  # the JSON contract stays Chinese
    assert f"{m}" == "预算不足"


def test_bi_takes_each_argument_in_its_language() -> None:
    name = Msg("年度预算", "annual budget")
    m = bi("{n}为 {v:,.2f} 元", "{n} is {v:,.2f} yuan", n=name, v=1234.5)
    assert m == "年度预算为 1,234.50 元"
    assert m.text("en") == "annual budget is 1,234.50 yuan"
    nested = bi("（{m}）", "({m})", m=m)
    assert nested.text("en") == "(annual budget is 1,234.50 yuan)"


def test_join_and_pair() -> None:
    j = join([Msg("甲", "A"), "名称", Msg("乙", "B")], "、", ", ")
    assert j == "甲、名称、乙" and j.text("en") == "A, 名称, B"
    assert pair({"core": ("核心", "core")}, "core").text("en") == "core"
    assert pair({}, "x") == "x"
    assert localize(42, "en") == 42 and localize("字", "en") == "字"


def test_msg_survives_pickling() -> None:  # the app solves in a child process
    m = bi("需 {v} 元", "{v} yuan needed", v=5)
    back = pickle.loads(pickle.dumps((m, [m])))
    assert back[0] == m and back[0].text("en") == "5 yuan needed" and isinstance(back[1][0], Msg)


# --- the engine in English ------------------------------------------------------------------------
def english(plan) -> str:  # type: ignore[no-untyped-def]
    assert plan.diagnosis, "expected a diagnosis"
    assert all(isinstance(m, Msg) for m in plan.diagnosis)
    text = "\n".join(m.text("en") for m in plan.diagnosis)
    assert cjk_outside(text, NAMES) == [], text
    return text


def test_budget_diagnosis_in_english() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], budget_annual=900.0)  # optimum 1,000
    plan = solve(inp)
    assert plan.status is SolveStatus.INFEASIBLE
    text = english(plan)
    assert "Raise the annual budget to ¥1,000.00 (now ¥900.00, ¥100.00 more)" in text
    # issue 22: the sentence says the budget cannot be met even alone, not that it is wrong
    assert (
        "Even with every other rule set aside, the annual budget (now ¥900.00) cannot be met."
        in text
    )
    assert "即使放开其他所有规则，年度预算（现为 ¥900.00）也无法满足。" in "\n".join(plan.diagnosis)
    # the Chinese default is the same sentence
    assert "把年度预算提高到 ¥1,000.00（现为 ¥900.00，需增加 ¥100.00）" in "\n".join(plan.diagnosis)


def test_conflict_diagnosis_in_english() -> None:
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], budget_annual=1050.0, min_vendors=2)
    text = english(solve(inp))
    assert (
        "These rules cannot all hold: annual budget (¥1,050.00); minimum number of vendors (2)."
        in text
    )
    assert "¥1,080.00" in text


def test_min_vendors_diagnosis_in_english() -> None:
    text = english(solve(instance([JIA, YI, BING], [CAIWU, SHEBAO], min_vendors=3)))
    assert "at most 2 vendors can be used" in text and "(now 3)" in text


def test_xinchuang_diagnosis_in_english() -> None:
    # 信创 only on 丙; with 丙 capped at 60% of the cost, 社保 (6 vCPU, 900 元 on 丙) cannot go there
    # (900 / (900 + 400) = 69%), 财务 can (600 / (600 + 720) = 45%): at most 4/10 = 40% 信创
    inp = instance([JIA, YI, BING], [CAIWU, SHEBAO], min_xinchuang_share=0.5, max_vendor_share=0.6)
    text = english(solve(inp))
    assert (
        "the 信创 share can reach at most 40.0%; lower the minimum 信创 share to 40.0% (now 50.0%)"
        in text
    )


def test_unplaceable_systems_in_english() -> None:
    pub = pool("阿里云", "公有云", 50.0, deployment=Deployment.PUBLIC)
    low = pool("天翼云", "甲", 100.0, mlps=3)
    inp = instance([pub, low], [system("不动产登记", 4, DataClass.CORE, mlps=4)])
    inp = replace(
        inp,
        prices=inp.prices + (PriceLine("天翼云", "甲", "security_l4", 1.0, inp.prices[0].period),),
    )
    text = english(solve(inp))
    assert text.startswith(
        "不动产登记: no platform can host it (core data, private cloud only, MLPS level 4)."
    )
    assert "阿里云/公有云 is public cloud; core data must stay on private cloud" in text
    assert "天翼云/甲 MLPS level 3 < 4" in text


def test_capacity_diagnosis_in_english() -> None:
    small = pool("天翼云", "甲", 100.0, capacity=5)
    text = english(solve(instance([small], [CAIWU, SHEBAO])))
    assert "The capacity of platform 天翼云/甲 must be at least 10 vCPU (now 5 vCPU)." in text


def test_progress_stages_carry_english() -> None:
    seen: list[str] = []
    solve(instance([JIA], [CAIWU]), progress=Progress(on_stage=lambda t, _f: seen.append(t)))
    assert seen and all(isinstance(t, Msg) for t in seen)
    assert [t.text("en") for t in seen][:3] == [
        "Costing every system on every platform…",
        "Building the optimisation model…",
        "Solving…",
    ]


@pytest.mark.parametrize("limit", [None, 5.0])
def test_time_limit_note_in_english(limit: float | None) -> None:
    from planner.optimize import _unsolved_note

    note = _unsolved_note(limit)
    assert cjk_outside(note.text("en"), []) == []
    assert ("5 s" in note.text("en")) == (limit is not None)
    assert ("5 秒" in note) == (limit is not None)
