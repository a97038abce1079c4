"""Property tests of the value parser: numbers, specs, yes/no, levels, units."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from data.cell_values import (
    parse_amount,
    parse_bool,
    parse_level,
    parse_number,
    parse_quantity_gb,
    parse_spec,
    parse_unit,
)

FULLWIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
cents = st.integers(min_value=0, max_value=10**11)


def _plain(c: int) -> str:
    return f"{Decimal(c) / 100:.2f}"


@given(
    cents,
    st.sampled_from(["", "¥", "￥", "¥ ", "RMB"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "元"]),
)
def test_money_text_round_trips(
    c: int, symbol: str, thousands: bool, fullwidth: bool, suffix: str
) -> None:
    value = Decimal(c) / 100
    body = f"{value:,.2f}" if thousands else f"{value:.2f}"
    text = f"{symbol}{body}{suffix}"
    if fullwidth:
        text = text.translate(FULLWIDTH)
    got = parse_amount(text)
    assert got is not None and got.value == value


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=4))
def test_wan_is_exact(units: int, decimals: int) -> None:
    d = Decimal(units) / (10**decimals)
    got = parse_amount(f"{d}万")
    assert got is not None and got.wan and got.value == d * 10000
    assert parse_number(f"{d}万元") == float(d * 10000)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_numbers_pass_through(x: float) -> None:
    assert parse_number(x) == x
    assert parse_number(repr(x)) == float(Decimal(repr(x)))


@given(st.integers(min_value=0, max_value=10000))
def test_percent(p: int) -> None:
    got = parse_amount(f"{p}%")
    assert got is not None and got.percent and got.value == Decimal(p) / 100


@given(st.text(alphabet="abcxyz资源池，、/;", min_size=1))
def test_words_are_not_numbers(text: str) -> None:
    assert parse_amount(text) is None


def test_blank_is_not_zero() -> None:
    assert parse_amount("") is None and parse_amount(None) is None and parse_amount("  ") is None
    assert parse_amount("0").value == 0  # type: ignore[union-attr]
    assert parse_amount(0).value == 0  # type: ignore[union-attr]
    assert parse_amount(True) is None
    assert parse_amount("1,5") is None  # not a thousands pattern: refuse rather than guess


SPEC_FORMS = [
    "{v}C{r}G",
    "{v}c{r}g",
    "{v}核{r}G",
    "{v}核{r}GB",
    "{v}vCPU {r}GiB",
    "{v}vCPU/{r}GB",
    "{v}核 / {r}G",
    "通用型 {v}vCPU {r}GiB",
    "{v}C{r}G 云主机",
    "{v} 核 {r} GB",
    "{v}核/内存{r}G",
]


@given(
    st.integers(min_value=1, max_value=256),
    st.integers(min_value=1, max_value=4096),
    st.sampled_from(SPEC_FORMS),
    st.booleans(),
)
def test_specs(v: int, r: int, form: str, fullwidth: bool) -> None:
    text = form.format(v=v, r=r)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert parse_spec(text) == (float(v), float(r))


@given(st.text(alphabet="abcdeh资源内存存储带宽 /", max_size=12))
def test_no_spec_without_numbers(text: str) -> None:
    assert parse_spec(text) is None


YES = ["是", "√", "✓", "yes", "Y", "true", "1", "有", "需要", "ＹＥＳ"]
NO = ["否", "×", "✗", "no", "N", "false", "0", "无", "不需要"]


@given(st.sampled_from(YES + NO), st.sampled_from(["", " ", "\u3000"]))
def test_yes_no(word: str, pad: str) -> None:
    assert parse_bool(pad + word + pad) is (word in YES)


@given(st.text(alphabet="abcxz资源?", min_size=2))
def test_unknown_yes_no(text: str) -> None:
    assert parse_bool(text) is None or text.strip().lower() in {"y", "n"}


@given(
    st.sampled_from([(1, "一"), (2, "二"), (3, "三"), (4, "四")]),
    st.sampled_from(["{c}级", "第{c}级", "等保{c}级", "等保{n}级", "{n}", "L{n}", "{n}级"]),
)
def test_levels(level: tuple[int, str], form: str) -> None:
    n, c = level
    assert parse_level(form.format(n=n, c=c)) == n


def test_units() -> None:
    u = parse_unit("万元/套/年")
    assert (u.scale, u.period, u.per) == (Decimal(10000), "year", "system")
    u = parse_unit("元/核/月")
    assert (u.scale, u.period, u.per) == (Decimal(1), "month", "vcpu")
    assert parse_unit("包月").period == "month" and parse_unit("包年").period == "year"
    assert parse_unit("元/Mbps/月").per == "mbps" and parse_unit("元/GB·月").per == "gb"
    assert (
        parse_quantity_gb("2TB") == 2048
        and parse_quantity_gb(0.5, "tb") == 512
        and parse_quantity_gb("500G") == 500
    )
