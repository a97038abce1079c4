"""A year plan input with issue-13 terms (折扣, 指定规则, step prices, 最低消费, 开通费, 性能系数) is
refused with an input error naming the sheet, never planned silently without them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from data.samples import sample_county, sample_county_years
from data.workbook import InputError, read_workbook
from planner.years import solve_years, unsupported_terms
from ui.cli import EXIT_INPUT, main

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "sample_county.xlsx"


def _with_years_sheet(tmp_path: Path) -> Path:
    """The single-year sample (with its 折扣 and 指定规则 sheets) plus a 年度计划 sheet."""
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb.create_sheet("年度计划")
    ws.append(["年份", "年度预算", "信创最低占比"])
    for year in (2026, 2027, 2028):
        ws.append([year, 9_000_000, 0.35])
    path = tmp_path / "with_terms_years.xlsx"
    wb.save(path)
    return path


def test_year_sample_has_no_terms_single_year_sample_has_them() -> None:
    single, years = sample_county(), sample_county_years()
    assert single.discounts and single.system_rules and single.years is None
    assert not years.discounts and not years.system_rules and years.years is not None
    assert unsupported_terms(years) == []


def test_workbook_with_years_and_terms_is_an_input_error(tmp_path: Path) -> None:
    path = _with_years_sheet(tmp_path)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    sheets = {i.sheet for i in exc.value.issues}
    assert {"折扣", "指定规则"} <= sheets
    text_zh, text_en = str(exc.value), exc.value.text("en")
    assert "分年计划暂不支持" in text_zh and "does not support it yet" in text_en


def test_cli_exits_2_naming_the_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_years_sheet(tmp_path)
    code = main(["plan", str(path)])
    err = capsys.readouterr().err
    assert code == EXIT_INPUT == 2
    assert "折扣" in err and "指定规则" in err and "分年计划暂不支持" in err
    assert "Traceback" not in err


def test_workbook_without_years_still_plans_its_terms() -> None:
    inp = read_workbook(SAMPLE)
    assert inp.years is None and inp.discounts and inp.system_rules


@pytest.mark.parametrize("kind", ["discounts", "system_rules", "step", "minimum", "setup", "perf"])
def test_solve_years_refuses_each_term(kind: str) -> None:
    base, single = sample_county_years(), sample_county()
    line = base.prices[0]
    if kind == "discounts":
        inp, word = replace(base, discounts=single.discounts), "折扣"
    elif kind == "system_rules":
        inp, word = replace(base, system_rules=single.system_rules), "指定规则"
    elif kind == "step":
        inp, word = replace(base, prices=(replace(line, max_qty=5.0), *base.prices[1:])), "阶梯价"
    elif kind == "minimum":
        inp, word = replace(base, prices=(replace(line, min_annual=100_000.0), *base.prices[1:])), "最低消费"
    elif kind == "setup":
        inp, word = replace(base, prices=(replace(line, setup_fee=50_000.0), *base.prices[1:])), "开通费"
    else:
        p = base.platforms[0]
        inp, word = replace(base, platforms=(replace(p, perf_factor=1.2), *base.platforms[1:])), "性能系数"
    assert [k for k, _ in unsupported_terms(inp)] == [
        {"discounts": "discounts", "system_rules": "system_rules", "perf": "platforms"}.get(kind, "prices")]
    with pytest.raises(ValueError, match=word):
        solve_years(inp)
