"""Every kind of layout issue 20 lists, on tables made for these tests
(tests/data/fixtures/lt_*, written by make_layout_tables.py), imports to the lines written out
here by hand — or is refused with the reason — and every guess that changes a price, a pool or
a unit is 需确认 with the rows it rests on.

An expected line is (vendor, pool, resource, unit_price, period, vcpu, ram_gb, source_row); a
step line adds (min_qty, max_qty). Prices are read off the cells in make_layout_tables.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from data.importers.layout import LayoutError, editable, layout_of, read_layout_file
from data.importers.mapping import MappingStore
from data.importers.quotes import read_quote
from data.quote_lines import QuoteSheet
from ui.cli import main

FIX = Path(__file__).parent / "fixtures"


def _read(name: str, vendor: str | None = "某云", platform: str | None = None) -> QuoteSheet:
    return read_quote(FIX / name, vendor, MappingStore(None), platform=platform)


def _lines(q: QuoteSheet) -> list[tuple]:
    return sorted(
        (x.vendor, x.platform, x.resource, x.unit_price, x.period, x.vcpu, x.ram_gb, x.source_row)
        for x in q.lines
    )


def _steps(q: QuoteSheet, resource: str = "bandwidth_mbps") -> list[tuple]:
    return sorted(
        (x.platform, x.min_qty or 0.0, x.max_qty, x.unit_price, x.period, x.source_row)
        for x in q.lines
        if x.resource == resource
    )


def _errors(q: QuoteSheet) -> list[str]:
    return [i.text() for i in q.issues if i.severity == "error"]


def _confirm(q: QuoteSheet) -> dict[str, list[tuple[int, ...]]]:
    out: dict[str, list[tuple[int, ...]]] = {}
    for i in q.issues:
        if i.confirm:
            out.setdefault(i.confirm, []).append(i.rows or ((i.row,) if i.row else ()))
    return out


def _text(q: QuoteSheet) -> str:
    return "\n".join(i.text() for i in q.issues)


# --- the two layouts that imported wrong prices without a word -----------------------------------
KUNPENG, X86, HYGON = "鲲鹏资源池", "X86资源池", "海光信创资源池"
UNIT_SUBROW = [
    ("联通云", KUNPENG, "vcpu", 45.0, "month", None, None, 6),
    ("联通云", KUNPENG, "ram_gb", 12.0, "month", None, None, 7),
    ("联通云", KUNPENG, "storage_gb", 0.5, "month", None, None, 8),
    ("联通云", X86, "vcpu", 38.0, "month", None, None, 9),
    ("联通云", X86, "ram_gb", 11.0, "month", None, None, 10),
    ("联通云", X86, "storage_gb", 0.45, "month", None, None, 11),
    ("联通云", HYGON, "vcpu", 48.0, "month", None, None, 12),
    ("联通云", HYGON, "ram_gb", 13.0, "month", None, None, 13),
    # 全部资源池: the security package applies to each of the three pools
    ("联通云", KUNPENG, "security_l3", 3500.0, "month", None, None, 14),
    ("联通云", X86, "security_l3", 3500.0, "month", None, None, 14),
    ("联通云", HYGON, "security_l3", 3500.0, "month", None, None, 14),
]


@pytest.mark.parametrize("name", ["lt_unit_subrow_pools.xlsx", "lt_unit_subrow_pools.csv"])
def test_unit_subrow_under_a_merged_price_keeps_the_pool_column(name: str) -> None:
    """'元/月 | 备注' under 单价 is the unit of the price and a remark, never a pool: 鲲鹏资源池,
    X86资源池 and 海光信创资源池 stay three pools (with or without merge information)."""
    q = _read(name, "联通云")
    assert _errors(q) == []
    assert _lines(q) == sorted(UNIT_SUBROW)
    assert "元/月" not in {x.platform for x in q.read}
    assert [r + 1 for r in q.layouts[0].header_rows] == [4, 5]


def test_tiered_bandwidth_totals_become_steps_never_prices_per_mbps() -> None:
    """'1Mbps … 5Mbps' rows give the price of the whole bandwidth: 单线 18, 36 … 90 is 18 per
    Mbps up to 5, then 45 per Mbps above; BGP is dearer at every quantity, so 单线 is used (said,
    需确认). No step total (36, 90, 125 …) is ever a price per Mbps."""
    q = _read("lt_tiered_bandwidth.xlsx", "天翼云")
    assert _errors(q) == []
    assert _steps(q) == [
        ("政务外网区", 0.0, 5.0, 18.0, "month", 9),
        ("政务外网区", 5.0, None, 45.0, "month", 14),
    ]
    per_mbps = {x.unit_price for x in q.read if x.resource == "bandwidth_mbps"}
    assert not per_mbps & {36.0, 54.0, 72.0, 90.0, 50.0, 75.0, 100.0, 125.0}
    confirm = _confirm(q)
    assert (9, 10, 11, 12, 13, 14) in confirm["steps"]  # the 单线 steps: what rests on a reading
    assert (3, 4, 5, 6, 7, 8) in confirm["steps"]  # the BGP steps, shown too
    assert any(set(rows) >= {3, 9} for rows in confirm["variant"])  # 单线 chosen over BGP
    text = _text(q)
    assert "超出部分" in text or "超过 5" in text  # the reading is said: above 5, per Mbps above 5
    assert "全部" in text  # … and the other reading (all Mbps at 45) is named


def test_tiered_bandwidth_costs_what_the_table_says_for_every_quantity() -> None:
    """The bands reproduce each row exactly: N Mbps for N = 1 … 5 cost the row's price, and
    above 5 the 5 Mbps price plus 45 per Mbps more (the reading the 需确认 names)."""
    q = _read("lt_tiered_bandwidth.xlsx", "天翼云")
    bands = [(x.min_qty or 0.0, x.max_qty, x.unit_price) for x in q.lines]

    def cost(n: float) -> float:
        return sum(p * max(0.0, min(n, hi if hi is not None else n) - lo) for lo, hi, p in bands)

    assert [cost(n) for n in (1, 2, 3, 4, 5)] == [18, 36, 54, 72, 90]
    assert cost(100) == 90 + 45 * 95


def test_step_tables_that_cannot_be_represented_are_refused_with_the_reason(capsys) -> None:  # type: ignore[no-untyped-def]
    q = _read("lt_steps_refused.csv")
    errors = {i.rows: str(i.message) for i in q.issues if i.severity == "error"}
    assert "下降" in errors[(2, 3)]  # 20 Mbps for less than 10 Mbps
    assert "缺口" in errors[(4, 5)]  # nothing between 5 and 10 Mbps
    assert "总用量" in errors[(6, 7)]  # tiers by the account's total volume
    assert _lines(q) == [("某云", "三区", "vcpu", 40.0, "month", None, None, 8)]
    assert not [x for x in q.read if x.resource in ("bandwidth_mbps", "storage_gb")]
    assert (
        main(["prices", str(FIX / "lt_steps_refused.csv"), "--vendor", "某云", "--no-remember"])
        == 2
    )
    assert "无法表示" in capsys.readouterr().err


# --- the layouts that were refused or read in part ----------------------------------------------
def test_three_header_rows_area_over_zone_over_os() -> None:
    """Rows 2–4 are one header (华北 over 北京一区 over Linux | Windows); the family cell merged
    down the rows is a label, not a price; the unit comes from the note (需确认); Linux, the
    cheaper, is used in each zone and the choice is 需确认."""
    q = _read("lt_three_row_header.xlsx")
    assert _errors(q) == []
    assert [r + 1 for r in q.layouts[0].header_rows] == [2, 3, 4]
    spec = {5: (2.0, 4.0), 6: (4.0, 8.0), 7: (8.0, 16.0), 8: (4.0, 32.0)}
    linux = {
        "北京一区": {5: 150.0, 6: 300.0, 7: 600.0, 8: 520.0},
        "北京二区": {5: 152.0, 6: 304.0, 7: 608.0, 8: 524.0},
        "上海一区": {5: 148.0, 6: 296.0, 7: 592.0, 8: 516.0},
    }
    assert _lines(q) == sorted(
        ("某云", pool, "instance", price, "month", *spec[row], row)
        for pool, prices in linux.items()
        for row, price in prices.items()
    )
    confirm = _confirm(q)
    assert (5, 6, 7, 8) in confirm["unit-from-note"]
    assert any(set(rows) >= {5, 6, 7, 8} for rows in confirm.get("variant", []))
    assert "单价不是数字" not in _text(q)


def test_unit_in_each_cell_and_in_the_row_label_with_regions_as_columns() -> None:
    """'64 元/核/月' in each cell; 'CPU（元/核/月）' as the row label; the two sheets price the
    same regions, so the sheet name (the pool family) stays in the pool name."""
    q = _read("lt_unit_in_cells.xlsx")
    assert _errors(q) == []
    k, x = "鲲鹏区", "X86区"
    assert _lines(q) == sorted(
        [
            ("某云", f"{k} 华北", "vcpu", 64.0, "month", None, None, 4),
            ("某云", f"{k} 华东", "vcpu", 66.0, "month", None, None, 4),
            ("某云", f"{k} 西南", "vcpu", 60.0, "month", None, None, 4),
            ("某云", f"{k} 华北", "ram_gb", 16.0, "month", None, None, 5),
            ("某云", f"{k} 华东", "ram_gb", 16.5, "month", None, None, 5),
            ("某云", f"{k} 西南", "ram_gb", 15.0, "month", None, None, 5),
            ("某云", f"{k} 华北", "storage_gb", 0.8, "month", None, None, 6),
            ("某云", f"{k} 华东", "storage_gb", 0.8, "month", None, None, 6),
            ("某云", f"{x} 华北", "vcpu", 55.0, "month", None, None, 2),
            ("某云", f"{x} 华东", "vcpu", 57.0, "month", None, None, 2),
            ("某云", f"{x} 华北", "ram_gb", 14.0, "month", None, None, 3),
            ("某云", f"{x} 华东", "ram_gb", 15.0, "month", None, None, 3),
            ("某云", f"{x} 华北", "bandwidth_mbps", 50.0, "month", None, None, 4),
            ("某云", f"{x} 华东", "bandwidth_mbps", 50.0, "month", None, None, 4),
        ]
    )
    # the rows above the first header are reported, not dropped unreported
    assert any(i.rows == (1, 2) and i.sheet == "鲲鹏区" for i in q.issues)


def test_price_headers_that_name_a_place_are_price_columns_of_that_place() -> None:
    q = _read("lt_place_price_header.csv")
    assert _errors(q) == []
    e, a = "华北一可用区E", "华东二可用区A"
    assert _lines(q) == sorted(
        [
            ("某云", e, "instance", 320.0, "month", 4.0, 8.0, 2),
            ("某云", a, "instance", 330.0, "month", 4.0, 8.0, 2),
            ("某云", e, "instance", 640.0, "month", 8.0, 16.0, 3),
            ("某云", a, "instance", 660.0, "month", 8.0, 16.0, 3),
            ("某云", e, "instance", 520.0, "month", 4.0, 32.0, 4),
        ]
    )
    assert "period-assumed-year" not in _confirm(q)  # 月单价 says the period


def test_region_and_zone_columns_both_name_the_pool() -> None:
    """地域 (merged down) + 可用区: 可用区A of 华北-北京 and of 华东-上海 are two pools."""
    q = _read("lt_region_zone.xlsx")
    assert _errors(q) == []
    assert _lines(q) == sorted(
        [
            ("某云", "华北-北京 可用区A", "instance", 1200.0, "year", 2.0, 4.0, 2),
            ("某云", "华北-北京 可用区B", "instance", 1180.0, "year", 2.0, 4.0, 3),
            ("某云", "华北-北京 可用区A", "instance", 2400.0, "year", 4.0, 8.0, 4),
            ("某云", "华东-上海 可用区A", "instance", 1250.0, "year", 2.0, 4.0, 5),
            ("某云", "华东-上海 可用区A", "instance", 2500.0, "year", 4.0, 8.0, 6),
        ]
    )


def test_resource_from_the_title_and_two_prices_in_one_cell() -> None:
    """'高性能云硬盘价格' names what the rows price (需确认); '0.5元/月/G, 5元/年/G': the yearly
    price is cheaper a year (5 < 6) and used (需确认: it changes the period)."""
    q = _read("lt_title_resource.xlsx")
    assert _errors(q) == []
    assert _lines(q) == [
        ("某云", "华东", "storage_gb", 5.5, "year", None, None, 4),
        ("某云", "华北", "storage_gb", 5.0, "year", None, None, 3),
    ]
    confirm = _confirm(q)
    assert (3, 4) in confirm["resource-from-title"]
    assert any(set(rows) == {3, 4} for rows in confirm["term"])


def test_several_vendors_on_one_sheet_are_split_per_section() -> None:
    """Numbered section titles name the vendors (one of them unknown to Yunce's list); English
    headers; the quantity and total columns are not prices; the Total rows are skipped."""
    q = _read("lt_vendors_one_sheet.xlsx", None, "公有云区")
    assert _errors(q) == []
    p = "公有云区"
    assert _lines(q) == sorted(
        [
            ("Tencent Cloud", p, "instance", 320.0, "month", 4.0, 8.0, 5),
            ("Tencent Cloud", p, "instance", 640.0, "month", 8.0, 16.0, 6),
            ("Tencent Cloud", p, "storage_gb", 0.8, "month", None, None, 7),
            ("Huawei Cloud", p, "instance", 300.0, "month", 4.0, 8.0, 12),
            ("Huawei Cloud", p, "instance", 610.0, "month", 8.0, 16.0, 13),
            ("Huawei Cloud", p, "storage_gb", 0.9, "month", None, None, 14),
            ("青云", p, "instance", 290.0, "month", 4.0, 8.0, 19),
            ("青云", p, "instance", 590.0, "month", 8.0, 16.0, 20),
        ]
    )
    assert "3 家供应商" in _text(q)


def test_footnote_marks_and_gpu_column_are_applied() -> None:
    q = _read("lt_footnotes_gpu.xlsx", platform="华东区")
    assert _errors(q) == []
    assert _lines(q) == sorted(
        [
            ("某云", "华东区", "instance", 170.0, "month", 2.0, 8.0, 4),
            ("某云", "华东区", "instance", 340.0, "month", 4.0, 16.0, 5),
            ("某云", "华东区", "instance", 540.0, "month", 8.0, 16.0, 7),
        ]
    )
    flags = {x.source_row: x.flags for x in q.read}
    assert "not_for_new" in flags[3] and "not_for_new" in flags[6] and "gpu" in flags[8]
    text = _text(q)
    assert "停售" in text and "GPU" in text
    assert "「GPU」：无法识别的列" not in text  # the GPU column was used, so it is not "ignored"


def test_headers_misread_before_give_lines_and_honest_messages() -> None:
    """A CPU column of '1 核' is the spec (never '单价不是数字: 1 核'); 产品 | 配置 | 标准资费 is a
    quote table (never '未找到报价表'); the two sheets price 4C8G in the one pool given, and the
    cheaper is used with the other named."""
    q = _read("lt_header_words.xlsx", platform="华东区")
    assert _errors(q) == []
    p = "华东区"
    assert _lines(q) == sorted(
        [
            ("某云", p, "instance", 85.0, "month", 1.0, 2.0, 2),
            ("某云", p, "instance", 160.0, "month", 2.0, 4.0, 3),
            ("某云", p, "instance", 300.0, "month", 4.0, 8.0, 2),
            ("某云", p, "instance", 590.0, "month", 8.0, 16.0, 3),
            ("某云", p, "storage_gb", 0.4, "month", None, None, 4),
        ]
    )
    text = _text(q)
    assert "单价不是数字" not in text and "未找到报价表" not in text
    assert "310" in text  # the dearer 4C8G of the other sheet is named


# --- the layout as data: printed, corrected, given back ---------------------------------------
LAYOUT_FIXTURES = sorted(
    p.name for p in FIX.iterdir() if p.name.startswith(("lt_", "vt_")) and "large" not in p.name
)


@pytest.mark.parametrize("name", LAYOUT_FIXTURES)
def test_the_printed_layout_read_back_gives_the_same_lines(name: str, tmp_path: Path) -> None:
    """What `yunce prices --explain` prints is a layout --layout takes: given back unchanged,
    the file reads to the same lines."""
    platform = (
        "给定池" if "no_pool" in name or "footnotes" in name or "header_words" in name else None
    )
    vendors = None if name in ("lt_vendors_one_sheet.xlsx", "vt_compare_en.xlsx") else "某云"
    if name.startswith("lt_vendors"):
        platform = "公有云区"
    q = read_quote(FIX / name, vendors, MappingStore(None), platform=platform)
    for form in (layout_of(q), editable(layout_of(q))):  # as printed, and as a file keeps it
        path = tmp_path / "layout.json"
        path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
        again = read_quote(
            FIX / name,
            vendors,
            MappingStore(None),
            platform=platform,
            layout=read_layout_file(path),
        )
        assert _lines(again) == _lines(q)


def test_a_corrected_layout_changes_the_reading_and_confirms_the_guesses(tmp_path: Path) -> None:
    """Marking the Windows columns ignored and typing the unit once (元/月) leaves nothing to
    confirm; the YAML spelling of the same layout reads the same."""
    q = _read("lt_three_row_header.xlsx")
    layout = editable(layout_of(q))
    table = layout["tables"][0]
    for letter in ("D", "F", "H"):
        table["columns"][letter] = "ignore"
    table["unit"] = "元/月"
    for suffix in (".json", ".yaml"):
        path = tmp_path / f"版式{suffix}"
        text = json.dumps(layout, ensure_ascii=False)
        path.write_text(text if suffix == ".json" else yaml.safe_dump(layout, allow_unicode=True))
        again = read_quote(
            FIX / "lt_three_row_header.xlsx",
            "某云",
            MappingStore(None),
            layout=read_layout_file(path),
        )
        assert _errors(again) == []
        assert _lines(again) == _lines(q)  # Linux was the reading already; now it is said
        assert _confirm(again) == {}
        assert {x.variant for x in again.read} == {"Linux"}


def test_a_layout_naming_an_unknown_role_is_refused_with_the_roles(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps({"tables": [{"sheet": "云服务器", "columns": {"B": "规格型号"}}]}),
        encoding="utf-8",
    )
    with pytest.raises(LayoutError) as err:
        read_quote(
            FIX / "lt_three_row_header.xlsx",
            "某云",
            MappingStore(None),
            layout=read_layout_file(path),
        )
    assert "规格型号" in str(err.value) and "spec" in str(err.value)


def test_cli_explain_prints_the_layout_on_stdout_and_layout_reads_it(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    f = str(FIX / "lt_unit_subrow_pools.xlsx")
    assert main(["prices", f, "--vendor", "联通云", "--no-remember", "--explain"]) == 0
    out = capsys.readouterr()
    layout = json.loads(out.out)  # stdout is the layout alone
    assert layout["tables"][0]["header_rows"] == [4, 5]
    assert layout["tables"][0]["columns"]["B"]["role"] == "pool"
    assert "表头第 4、5 行" in out.err
    path = tmp_path / "l.json"
    path.write_text(out.out, encoding="utf-8")
    assert (
        main(
            [
                "prices",
                f,
                "--vendor",
                "联通云",
                "--no-remember",
                "--layout",
                str(path),
                "--json",
                "-",
            ]
        )
        == 0
    )
    lines = json.loads(capsys.readouterr().out)
    assert {x["platform"] for x in lines} == {KUNPENG, X86, HYGON, None}


# --- numbers that are no price ------------------------------------------------------------------
def test_non_finite_prices_are_refused_naming_each_cell(tmp_path: Path) -> None:
    """inf, nan, 1e309, ∞ (text) and 1e300 (a number) under a price header: each cell refused by
    row and column, never 'no price column' and never a line; a finite row still reads."""
    from openpyxl import Workbook

    rows = [
        ("资源池", "资源类型", "单价（元/月）"),
        ("一区", "vCPU", "inf"),
        ("一区", "内存", "nan"),
        ("一区", "存储", "1e309"),
        ("一区", "带宽", "-inf"),
        ("一区", "等保三级", "∞"),
        ("二区", "vCPU", 1e300),
        ("二区", "内存", 12),
    ]
    csv = tmp_path / "非有限.csv"
    csv.write_text("\n".join(",".join(str(v) for v in r) for r in rows), encoding="utf-8")
    book = tmp_path / "非有限.xlsx"
    wb = Workbook()
    for r in rows:
        wb.active.append(list(r))
    wb.save(book)
    for path in (csv, book):
        q = read_quote(path, "某云", MappingStore(None))
        errors = {i.row: str(i.message) for i in q.issues if i.severity == "error"}
        assert sorted(errors) == [2, 3, 4, 5, 6, 7], (path.name, errors)
        assert all("有限" in m for m in errors.values())
        assert "没有价格列" not in _text(q) and "未找到报价表" not in _text(q)
        assert _lines(q) == [("某云", "二区", "ram_gb", 12.0, "month", None, None, 8)]


def test_a_non_finite_cell_in_a_region_column_is_refused_by_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "地域.csv"
    path.write_text(
        "计费项,华北（元/月）,华东（元/月）\nvCPU,40,inf\n内存,12,13\n", encoding="utf-8"
    )
    q = read_quote(path, "某云", MappingStore(None))
    errors = [(i.row, i.column) for i in q.issues if i.severity == "error"]
    assert [r for r, _c in errors] == [2] and "华东" in errors[0][1]
    assert ("某云", "华北", "vcpu", 40.0, "month", None, None, 2) in _lines(q)
    assert not [x for x in q.read if x.unit_price != x.unit_price or x.unit_price > 1e15]


# --- a pool taken from a title ------------------------------------------------------------------
def test_a_family_title_read_as_the_pool_is_to_be_confirmed(tmp_path: Path) -> None:
    """'通用计算型 s6' over rows names no pool: its rows are read under that name, 需确认; a title
    that says it is a pool ('二、政务外网区', '一、信创云(飞腾)') is not a guess. A layout accepting the key, or
    --accept-guesses, confirms it."""
    q = _read("vt_families_terms.xlsx")
    guessed = {i.row: str(i.message) for i in q.issues if i.confirm == "pool-from-title"}
    assert sorted(guessed) == [3, 9] and "通用计算型 s6" in guessed[3]
    assert {"通用计算型 s6", "内存优化型 m6"} <= {x.platform for x in q.lines}
    raw = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw" / "浪潮云报价.csv"
    sure = read_quote(raw, None, MappingStore(None))
    assert {x.platform for x in sure.lines} == {"信创云(飞腾)", "政务外网区"}
    assert not [i for i in sure.issues if i.confirm == "pool-from-title"]
    layout = editable(layout_of(q))
    for table in layout["tables"]:
        table["accept"] = ["pool-from-title"]
    path = tmp_path / "版式.json"
    path.write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")
    again = read_quote(
        FIX / "vt_families_terms.xlsx", "某云", MappingStore(None), layout=read_layout_file(path)
    )
    assert "pool-from-title" not in _confirm(again)
    assert _lines(again) == _lines(q)


def test_import_stops_on_a_pool_from_a_title_unless_accepted(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    inv = tmp_path / "清单.csv"
    inv.write_text(
        "系统名称,vCPU,内存GB,存储GB,数据分级,等保级别\nOA,4,8,100,一般,2\n", encoding="utf-8"
    )
    plat = tmp_path / "平台.csv"
    plat.write_text(
        "供应商,平台,部署方式,信创,等保级别\n某云,通用计算型 s6,私有云,否,3\n"
        "某云,内存优化型 m6,私有云,否,3\n",
        encoding="utf-8",
    )
    args = ["import", "--prices", str(FIX / "vt_families_terms.xlsx"), "--vendor", "某云"]
    args += ["--workloads", str(inv), "--platforms", str(plat), "-o", str(tmp_path / "县.xlsx")]
    args += ["--no-remember"]
    assert main(args) == 2
    assert "通用计算型 s6" in capsys.readouterr().err and not (tmp_path / "县.xlsx").exists()
    assert main([*args, "--accept-guesses"]) == 0
    assert (tmp_path / "县.xlsx").exists()
