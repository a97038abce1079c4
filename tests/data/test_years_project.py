"""A .yunce project keeps the 年度计划 table and the year plan's 折现率 / 允许多次迁移 (issue 12)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from data.project_file import project_from_input, read_project_input, write_project_file
from data.samples import sample_county, sample_county_years


def test_project_round_trip_keeps_the_years(tmp_path: Path) -> None:
    inp = sample_county_years()
    inp = replace(inp, years=replace(inp.years, discount_rate=0.03, allow_multiple_moves=True))
    path = write_project_file(tmp_path / "三年.yunce", project_from_input(inp))
    back = read_project_input(path)
    assert back.years == inp.years
    assert [w.contract_end_year for w in back.workloads] == [
        w.contract_end_year for w in inp.workloads
    ]
    assert [p.yearly_change for p in back.prices] == [p.yearly_change for p in inp.prices]


def test_single_year_project_stays_single_year(tmp_path: Path) -> None:
    inp = sample_county()
    back = read_project_input(write_project_file(tmp_path / "单年.yunce", project_from_input(inp)))
    assert (
        back.years is None
        and back.discounts == inp.discounts
        and back.system_rules == inp.system_rules
    )
