"""The 方案摘要 PDF of a plan of more than one year shows every year (issue 21: it showed only the
first): each year's total against its budget, its moves, each vendor's cost year by year, each
rule checked in each year. Read back from the PDF itself with pypdf."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planner"))
import pytest  # noqa: E402
from test_years_rules import B, instance, system  # noqa: E402

from planner.labels import pct, yuan  # noqa: E402
from planner.model import YearRow  # noqa: E402
from planner.optimize import solve  # noqa: E402

#: Glyphs the CJK font's Unicode map gives as radicals or variants (NFKC does not fold these).
_GLYPH_FOLD = str.maketrans(
    {"⻓": "长", "⻘": "青", "⻔": "门", "⺠": "民", "⻅": "见", "⻜": "飞", "戶": "户"}
)


def _pdf(path: Path) -> tuple[int, str]:
    """(pages, text without white space) of a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    text = unicodedata.normalize("NFKC", text).translate(_GLYPH_FOLD)
    return len(reader.pages), re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_of_a_hand_computed_year_plan(qtbot, tmp_path, lang) -> None:  # type: ignore[no-untyped-def]
    """Hand-computed (tests/planner/test_years_rules.py): 2026 S on A 1,000 + R on B 1,500 = 2,500;
    2027 S moves to B (1,500 + 300 migration + 200 adaptation) + R 1,500 = 3,500; 2028 S 1,500 + M
    lands on B (1,500 + 300 + 200) = 3,500, R retired. Over the horizon 9,500: 甲 1,000, 乙 8,500."""
    from ui.app import i18n
    from ui.app.summary_pdf import write_pdf

    rows = (
        YearRow(2026, budget=3000.0),
        YearRow(2027, budget=3600.0, min_xinchuang_share=0.5),
        YearRow(2028, min_xinchuang_share=1.0),
    )
    inp = instance(
        system("S", contract_end_year=2027),
        system("M", on=None, earliest_year=2028),
        system("R", on=B, retire_year=2028),
        rows=rows,
    )
    plan = solve(inp)
    assert plan.year_costs == (2500.0, 3500.0, 3500.0)
    i18n.set_language(lang)
    try:
        pages, text = _pdf(write_pdf(plan, "测试县", tmp_path / "分年摘要.pdf"))
    finally:
        i18n.set_language("zh")
    en = lang == "en"
    assert 1 <= pages <= 3
    assert "¥9,500.00" in text  # 规划期总费用
    # each year: its total, its budget and what is left, its moves and their one-time cost
    assert "2026¥2,500.00¥3,000.00¥500.00" in text
    assert "2027¥3,500.00¥3,600.00¥100.00" in text
    assert ("2028¥3,500.00Nocap" if en else "2028¥3,500.00不设上限") in text
    # the moves: S from 甲/A to 乙/B in 2027, M from the machine room to 乙/B in 2028, ¥500 each
    home = "machineroom" if en else "自建机房"
    assert "2027S甲/A乙/B¥500.00" in text and f"2028M{home}乙/B¥500.00" in text
    # each vendor's cost year by year and over the horizon (乙: 1,500 + 3,500 + 3,500)
    assert "甲" in text and "¥1,000.00¥0.00¥0.00¥1,000.00" in text
    assert "¥1,500.00¥3,500.00¥3,500.00¥8,500.00" in text and pct(8500 / 9500) in text
    # the rules year by year: each year's budget (none in 2028) and 信创 target against the year
    if en:  # (the PDF's text layer loses some digits of English text: no years here)
        assert "Annualbudget" in text and "Minimum信创share" in text
        assert "¥3,000.00¥2,500.00met" in text and "¥3,600.00¥3,500.00met" in text
        assert "≥100.0%100.0%met" in text and "≥50.0%" in text and "≥0.0%" not in text
        assert "notmet" not in text
    else:
        assert "年度预算(2026年)¥3,000.00¥2,500.00满足" in text
        assert "年度预算(2027年)¥3,600.00¥3,500.00满足" in text and "年度预算(2028年)" not in text
        assert "信创最低占比(2028年)≥100.0%100.0%满足" in text
        assert "信创最低占比(2027年)≥50.0%" in text and "信创最低占比(2026年)" not in text
        assert "不满足" not in text


def test_app_summary_of_the_year_sample_shows_every_year(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The year sample's published figures (README, 分年计划): each year's cost, budget, 信创 share
    and moves are in the PDF that 导出 → 方案摘要 PDF writes, with every move of every year."""
    from data.samples import sample_county_path

    window = make_window(solve_mode="thread")
    with sample_county_path("sample_county_years.xlsx") as path:
        assert window.open_path(path, ask=False)
    with qtbot.waitSignal(window.solve_finished, timeout=180_000) as blocker:
        assert window.solve()
    outcome = blocker.args[0]
    assert not outcome.error, outcome.error
    yp = outcome.years
    written = window.export_page.save_summary_pdf(tmp_path / "三年摘要.pdf")
    assert written is not None
    pages, text = _pdf(written)
    assert 2 <= pages <= 4
    published = {  # year: (cost, budget, 信创 share, moves, one-time cost)
        2026: ("¥7,973,573.92", "¥8,100,000.00", "52.3%", 30, "¥5,530,000.00"),
        2027: ("¥3,668,075.52", "¥3,700,000.00", "61.7%", 4, "¥810,000.00"),
        2028: ("¥4,049,874.36", "¥4,150,000.00", "70.3%", 4, "¥720,000.00"),
    }
    for year, (cost, budget, share, moves, once) in published.items():
        assert f"{year}{cost}{budget}" in text, year
        assert share in text and f"{moves}个{once}" in text, year
    assert "¥15,691,523.80" in text  # the horizon's total
    for t, wave in enumerate(yp.moves):  # every move of every year, with its one-time cost
        for m in wave:
            assert f"{yp.years[t]}{m.workload.name}" in text, m.workload.name
            assert f"{m.target.label}{yuan(m.one_time_cost)}" in text, m.workload.name
    for t in range(len(yp.years)):  # each vendor's cost in each year
        for vendor, cost in yp.year_plans[t].vendor_costs.items():
            assert vendor in text and yuan(cost) in text, (yp.years[t], vendor)
