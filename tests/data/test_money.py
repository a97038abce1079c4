"""Money spellings: every unambiguous one is read exactly, every ambiguous one refused with a reason."""

from __future__ import annotations

import pytest

from data.cell_values import parse_amount
from data.money import money_hint, money_problem, parse_money

ACCEPTED = [
    ("四百八十万", 4_800_000),
    ("483万", 4_830_000),
    ("4,830,000元", 4_830_000),
    ("480万元", 4_800_000),
    ("1.2亿", 120_000_000),
    ("1.2亿元", 120_000_000),
    ("¥4,830,000", 4_830_000),
    ("￥4,830,000.00", 4_830_000),
    ("RMB 4,830,000", 4_830_000),
    ("人民币480万元", 4_800_000),
    ("4830000", 4_830_000),
    ("4 830 000", 4_830_000),
    ("４８３万", 4_830_000),  # full-width digits
    ("１２.５万", 125_000),
    ("4.8百万", 4_800_000),
    ("0.48千万", 4_800_000),
    ("一亿二千万", 120_000_000),
    ("四百八十三万", 4_830_000),
    ("四百八十万五千", 4_805_000),
    ("两百万", 2_000_000),
    ("十万", 100_000),
    ("一百零五", 105),
    ("四十八万", 480_000),
    ("十六", 16),
    ("伍佰万元整", 5_000_000),
    ("肆佰捌拾万元", 4_800_000),
    ("一点二亿", 120_000_000),
    ("-480万", -4_800_000),
    (4_800_000, 4_800_000),
    (4.8e6, 4_800_000),
]


@pytest.mark.parametrize(("text", "value"), ACCEPTED)
def test_unambiguous_spellings_are_read_exactly(text, value):
    assert parse_money(text) == value
    assert money_problem(text) is None


REFUSED = [
    ("400-500万", "范围"),
    ("400~500万", "范围"),
    ("400万至500万", "范围"),
    ("约480万", "约数"),
    ("480万左右", "约数"),
    ("500多万", "约数"),
    ("40万/月", "周期"),
    ("每年480万", "周期"),
    ("$4,830,000", "人民币"),
    ("480万美元", "人民币"),
    ("1,5", "逗号"),
    ("48%", "百分比"),
    ("一万五", "口语"),
    ("四百八", "口语"),
    ("四八零万", "缺少单位"),
    ("万", "不是数字"),
    ("很多", "不是数字"),
    ("abc", "不是数字"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_ambiguous_spellings_are_refused_with_a_reason(text, reason):
    assert parse_money(text) is None
    problem = money_problem(text)
    assert problem is not None and reason in problem, problem
    assert problem.en and problem.en != str(problem)


def test_blank_is_no_amount_and_hints_use_realistic_examples():
    assert parse_money(None) is None and parse_money("  ") is None
    assert "4800000" in money_hint() and "480万" in money_hint()
    assert "4800000" in money_hint("4800000")
    assert "480" in money_hint("480", wan_header=True) and "4,800,000元" not in money_hint(
        "480", wan_header=True
    )


def test_importer_values_understand_chinese_money():
    a = parse_amount("四百八十万")
    assert a is not None and a.value == 4_800_000 and a.wan
    b = parse_amount("1.2亿")
    assert b is not None and b.value == 120_000_000 and b.wan
    assert parse_amount("约480万") is None
    assert parse_amount("3.2万元").value == 32_000  # the old path is unchanged
