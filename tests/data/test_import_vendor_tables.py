"""Realistic vendor price tables (tests/data/fixtures/vt_*.xlsx, made by make_vendor_tables.py)
import to exactly the lines written out here by hand (issue 10).

Each expected line is (vendor, platform, resource, unit_price, period, vcpu, ram_gb, source_row):
the unit price after conversion (元/小时 × 730 → per month, per 100GB ÷ 100, per TB ÷ 1024,
包3年 ÷ 3 → per year), worked out by reading the cells in make_vendor_tables.py, not by the importer.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from data.importers.mapping import MappingStore
from data.importers.quotes import read_quote
from ui.cli import main

FIX = Path(__file__).parent / "fixtures"

S6, M6 = "通用计算型 s6", "内存优化型 m6"
ZONE = "华北2 可用区E"
EXPECTED: dict[tuple[str, str | None, str | None], list[tuple]] = {
    # 1. No pool anywhere: the pool is given (--platform / the dialog's pool field).
    ("vt_overview_no_pool.xlsx", None, "政务云区"): [
        ("天翼云", "政务云区", "instance", 420.0, "month", 4.0, 8.0, 4),
        ("天翼云", "政务云区", "instance", 800.0, "month", 8.0, 16.0, 5),
        ("天翼云", "政务云区", "storage_gb", 0.35, "month", None, None, 6),
        ("天翼云", "政务云区", "bandwidth_mbps", 65.0, "month", None, None, 7),
        ("天翼云", "政务云区", "security_l3", 48000.0, "year", None, None, 8),
    ],
    # 1. A single sheet named after its pool.
    ("vt_pool_sheet.xlsx", None, None): [
        ("移动云", "鲲鹏资源池", "vcpu", 45.0, "month", None, None, 3),
        ("移动云", "鲲鹏资源池", "ram_gb", 22.0, "month", None, None, 4),
        ("移动云", "鲲鹏资源池", "storage_gb", 0.3, "month", None, None, 5),
        ("移动云", "鲲鹏资源池", "bandwidth_mbps", 60.0, "month", None, None, 6),
    ],
    # 2, 4, 6, 8. Family titles name the pools; 包月/包1年/包3年 melted, the cheapest a year kept
    # (包3年 ÷ 3 here); the dearer repeat of m6.xlarge.8 dropped; the "3.2 存储" storage-only table
    # applies to both compute pools (高IO, the standard tier).
    ("vt_families_terms.xlsx", None, None): [
        ("华为云", S6, "instance", 920.0, "year", 2.0, 4.0, 5),
        ("华为云", S6, "instance", 1840.0, "year", 4.0, 8.0, 6),
        ("华为云", S6, "instance", 4480.0, "year", 8.0, 32.0, 7),
        ("华为云", M6, "instance", 2080.0, "year", 2.0, 16.0, 11),
        ("华为云", M6, "instance", 4160.0, "year", 4.0, 32.0, 12),
        ("华为云", S6, "storage_gb", 0.35, "month", None, None, 17),
        ("华为云", M6, "storage_gb", 0.35, "month", None, None, 17),
    ],
    # 3, 5, 6, 8. Three tables on one sheet; hourly × 730 vs 包月, the cheaper kept; disks and
    # bandwidth apply to the zone; bandwidth steps become step prices (issue 20; before, the
    # dearer step, 80, was used for every Mbps): 0–5 Mbps at 23, above 5 at 80 (see
    # test_range_steps_become_bands for the bands).
    ("vt_multi_tables.xlsx", None, None): [
        ("阿里云", ZONE, "instance", 520.0, "month", 4.0, 16.0, 4),
        ("阿里云", ZONE, "instance", 876.0, "month", 8.0, 16.0, 5),
        ("阿里云", ZONE, "instance", 438.0, "month", 2.0, 16.0, 6),
        ("阿里云", ZONE, "storage_gb", 0.35, "month", None, None, 10),
        ("阿里云", ZONE, "bandwidth_mbps", 23.0, "month", None, None, 15),
        ("阿里云", ZONE, "bandwidth_mbps", 80.0, "month", None, None, 16),
    ],
    # 4. Regions as columns under a merged 单价（元/月）.
    ("vt_region_matrix.xlsx", None, None): [
        ("联通云", "华北", "instance", 180.0, "month", 2.0, 4.0, 4),
        ("联通云", "华东", "instance", 185.0, "month", 2.0, 4.0, 4),
        ("联通云", "华南", "instance", 185.0, "month", 2.0, 4.0, 4),
        ("联通云", "西南", "instance", 190.0, "month", 2.0, 4.0, 4),
        ("联通云", "华北", "instance", 360.0, "month", 4.0, 8.0, 5),
        ("联通云", "华东", "instance", 370.0, "month", 4.0, 8.0, 5),
        ("联通云", "华南", "instance", 370.0, "month", 4.0, 8.0, 5),
        ("联通云", "华北", "instance", 720.0, "month", 8.0, 16.0, 6),
        ("联通云", "华东", "instance", 740.0, "month", 8.0, 16.0, 6),
        ("联通云", "华南", "instance", 740.0, "month", 8.0, 16.0, 6),
        ("联通云", "西南", "instance", 760.0, "month", 8.0, 16.0, 6),
        ("联通云", "华北", "instance", 1440.0, "month", 16.0, 32.0, 7),
        ("联通云", "华东", "instance", 1480.0, "month", 16.0, 32.0, 7),
        ("联通云", "西南", "instance", 1520.0, "month", 16.0, 32.0, 7),
    ],
    # 7. English headers, four vendors, per 100GB.
    ("vt_compare_en.xlsx", None, None): [
        ("China Telecom Cloud", "East China 1", "vcpu", 48.0, "month", None, None, 3),
        ("China Telecom Cloud", "East China 1", "ram_gb", 20.0, "month", None, None, 4),
        ("China Mobile Cloud", "Guangzhou AZ1", "instance", 400.0, "month", 4.0, 8.0, 5),
        ("China Unicom Cloud", "Beijing", "storage_gb", 0.9, "month", None, None, 6),
        ("Huawei Cloud", "cn-north-4", "bandwidth_mbps", 70.0, "month", None, None, 7),
        ("Huawei Cloud", "cn-north-4", "security_l3", 45000.0, "year", None, None, 8),
    ],
    # 5, 10. 核·时 × 730; per TB ÷ 1024; SSD is storage (not "oss"); SATA the standard tier;
    # GPU, RDS, WAF, licence, traffic, IP fee, surcharge and OSS reported, not read.
    ("vt_unmodelled.xlsx", None, None): [
        ("浪潮云", "政务外网区", "vcpu", 43.8, "month", None, None, 3),
        ("浪潮云", "政务外网区", "ram_gb", 20.0, "month", None, None, 4),
        ("浪潮云", "政务外网区", "storage_gb", 0.2, "month", None, None, 6),
        ("浪潮云", "政务外网区", "bandwidth_mbps", 55.0, "month", None, None, 15),
        ("浪潮云", "政务外网区", "security_l2", 25000.0, "year", None, None, 16),
    ],
    # 4, 6, 8. Linux | Windows melted (Linux, the cheaper, kept); "8*core+64G+500G";
    # storage-only and bandwidth-only tables apply to both compute pools.
    ("vt_per_instance_pools.xlsx", None, None): [
        ("腾讯云", "政务云一区", "instance", 200.0, "month", 2.0, 4.0, 3),
        ("腾讯云", "政务云一区", "instance", 400.0, "month", 4.0, 8.0, 4),
        ("腾讯云", "政务云二区", "instance", 1800.0, "month", 8.0, 64.0, 5),
        ("腾讯云", "政务云一区", "storage_gb", 0.5, "month", None, None, 9),
        ("腾讯云", "政务云二区", "storage_gb", 0.5, "month", None, None, 9),
        ("腾讯云", "政务云一区", "bandwidth_mbps", 75.0, "month", None, None, 13),
        ("腾讯云", "政务云二区", "bandwidth_mbps", 75.0, "month", None, None, 13),
    ],
    # Units inside the price cells; 2核 / 4GB spec columns; the family title names the pool.
    ("vt_inline_units.xlsx", None, None): [
        ("腾讯云", "标准型S5", "instance", 190.0, "month", 2.0, 4.0, 4),
        ("腾讯云", "标准型S5", "instance", 365.0, "month", 4.0, 8.0, 5),
        ("腾讯云", "标准型S5", "instance", 760.0, "month", 8.0, 16.0, 6),
    ],
    # GBK calculator export: 元/小时 in cells (× 730), the dearer hourly line of row 5 dropped,
    # two SSD tiers (the cheaper kept). 区域 and 可用区 both name the pool (issue 20: the zone
    # column is no longer dropped).
    ("vt_calculator_gbk.csv", None, None): [
        ("华为云", "华北-北京四 可用区1", "instance", 186.0, "month", 2.0, 4.0, 3),
        ("华为云", "华北-北京四 可用区1", "instance", 372.0, "month", 4.0, 8.0, 4),
        ("华为云", "华东-上海一 可用区2", "instance", 262.8, "month", 2.0, 4.0, 6),
        ("华为云", "华北-北京四 可用区1", "storage_gb", 0.7, "month", None, None, 8),
    ],
}


def _tuples(lines):  # type: ignore[no-untyped-def]
    return sorted(
        (x.vendor, x.platform, x.resource, x.unit_price, x.period, x.vcpu, x.ram_gb, x.source_row)
        for x in lines
    )


def _read(key):  # type: ignore[no-untyped-def]
    name, vendor, platform = key
    return read_quote(FIX / name, vendor, MappingStore(None), platform=platform)


@pytest.mark.parametrize("key", list(EXPECTED), ids=[k[0] for k in EXPECTED])
def test_vendor_table_imports_to_expected_lines(key) -> None:  # type: ignore[no-untyped-def]
    q = _read(key)
    assert [i.text() for i in q.issues if i.severity == "error"] == []
    assert _tuples(q.lines) == sorted(EXPECTED[key])


def _notes(q) -> dict[int | None, str]:  # type: ignore[no-untyped-def]
    out: dict[int | None, str] = {}
    for i in q.issues:
        out[i.row] = out.get(i.row, "") + " | " + str(i.message)
    return out


def test_no_pool_without_platform_is_an_error_naming_the_fix() -> None:
    q = read_quote(FIX / "vt_overview_no_pool.xlsx", None, MappingStore(None))
    assert q.lines == []
    errors = [i for i in q.issues if i.severity == "error"]
    assert errors and "资源池" in str(errors[0].message)


def test_cli_platform_flag_and_empty_result_exit_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    f = str(FIX / "vt_overview_no_pool.xlsx")
    assert main(["prices", f, "--no-remember"]) == 2
    err = capsys.readouterr().err
    assert "资源池" in err
    assert main(["prices", f, "--platform", "政务云区", "--no-remember"]) == 0
    assert "政务云区" in capsys.readouterr().out


def test_file_with_no_price_line_exits_2_with_the_reason(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "only_unmodelled.csv"
    p.write_text(
        "资源池,计费项,单价（元/月）\n政务云,GPU云服务器 T4,5200\n政务云,云数据库RDS,1500\n",
        encoding="utf-8",
    )
    q = read_quote(p, "某云", MappingStore(None))
    errors = [i for i in q.issues if i.severity == "error"]
    assert q.lines == [] and errors
    assert "没有读到任何报价" in str(errors[-1].message)
    assert main(["prices", str(p), "--vendor", "某云", "--no-remember"]) == 2
    assert "0 处错误" not in capsys.readouterr().err


def test_numbered_and_family_titles_name_the_pools() -> None:
    q = _read(("vt_families_terms.xlsx", None, None))
    notes = _notes(q)
    assert "3.2 存储" in notes[15]  # the number is kept, not "2 存储"
    assert "通用计算型 s6" in notes[3]


def test_every_matrix_cell_not_read_is_reported() -> None:
    q = _read(("vt_region_matrix.xlsx", None, None))
    notes = _notes(q)
    assert "西南" in notes[5] and "未报价" in notes[5]  # the dash
    assert "华南" in notes[7] and "询价" in notes[7]  # not a number


def test_terms_and_duplicates_are_reported() -> None:
    q = _read(("vt_families_terms.xlsx", None, None))
    notes = _notes(q)
    assert "包月" in notes[5] and "包1年" in notes[5]  # the terms not used for s6.large.2
    assert "重复" in notes[13]  # the dearer m6.xlarge.8
    assert "适用于" in " ".join(notes.values())  # 3.2 存储 applied to the compute pools


def test_range_steps_become_bands() -> None:
    q = _read(("vt_multi_tables.xlsx", None, None))
    bands = sorted(
        ((x.min_qty, x.max_qty, x.unit_price) for x in q.lines if x.resource == "bandwidth_mbps"),
        key=lambda b: b[0] or 0.0,
    )
    assert bands == [(None, 5.0, 23.0), (5.0, None, 80.0)]
    assert any(i.confirm == "steps" and i.rows == (15, 16) for i in q.issues)


def test_hourly_and_step_prices_are_said_in_the_report() -> None:
    q = _read(("vt_multi_tables.xlsx", None, None))
    text = " ".join(str(i.message) for i in q.issues)
    assert "730" in text
    assert "阶梯" in _notes(q)[15]


def test_unmodelled_items_are_listed_with_their_rows() -> None:
    q = _read(("vt_unmodelled.xlsx", None, None))
    notes = _notes(q)
    for row in range(7, 15):
        assert "不用于规划" in notes[row], row
    assert "不用于规划" not in notes.get(5, "")  # SSD is storage, only the dearer tier


def test_pool_missing_a_resource_is_warned_by_name() -> None:
    q = _read(("vt_region_matrix.xlsx", None, None))
    text = " ".join(str(i.message) for i in q.issues if i.severity == "warning")
    assert "华北" in text and "存储" in text


def test_english_headers_are_read_by_the_canonical_reader_too() -> None:
    from data.schema import match_column

    assert match_column("prices", "Unit Price (CNY/month)").key == "unit_price"  # type: ignore[union-attr]
    assert match_column("prices", "Region").key == "platform"  # type: ignore[union-attr]
    assert match_column("platforms", "Zone").key == "platform"  # type: ignore[union-attr]
    assert match_column("prices", "Item").key == "resource"  # type: ignore[union-attr]


def test_large_matrix_reads_every_cell_quickly() -> None:
    t0 = time.perf_counter()
    q = read_quote(FIX / "vt_region_matrix_large.xlsx", None, MappingStore(None))
    elapsed = time.perf_counter() - t0
    assert len(q.lines) == 60 * 8
    assert q.lines[0].unit_price == 100.0 and q.lines[-1].unit_price == 6007.0
    assert elapsed < 10


def test_import_command_takes_a_pool_per_file_and_exits_2_when_empty(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from data.workbook import read_workbook

    inv = tmp_path / "清单.csv"
    inv.write_text(
        "系统名称,vCPU,内存GB,存储GB,数据分级,等保级别\nOA,4,8,100,一般,2\n", encoding="utf-8"
    )
    plat = tmp_path / "平台.csv"
    plat.write_text(
        "供应商,平台,部署方式,信创,等保级别\n天翼云,政务云区,私有云,否,3\n移动云,鲲鹏资源池,私有云,是,3\n",
        encoding="utf-8",
    )
    files = [str(FIX / "vt_overview_no_pool.xlsx"), str(FIX / "vt_pool_sheet.xlsx")]
    out = tmp_path / "county.xlsx"
    base = [
        "import",
        "--prices",
        *files,
        "--workloads",
        str(inv),
        "--platforms",
        str(plat),
        "-o",
        str(out),
        "--no-remember",
    ]
    assert main(base) == 2  # the overview names no pool
    assert "--platform" in capsys.readouterr().err
    assert main([*base, "--platform", "政务云区", "--platform", "鲲鹏资源池"]) == 0
    inp = read_workbook(out)
    assert {(p.vendor, p.platform) for p in inp.prices} == {
        ("天翼云", "政务云区"),
        ("移动云", "鲲鹏资源池"),
    }
    empty = tmp_path / "empty.csv"
    empty.write_text("资源池,计费项,单价（元/月）\n政务云,GPU云服务器,5200\n", encoding="utf-8")
    assert (
        main(
            [
                "import",
                "--prices",
                str(empty),
                "--vendor",
                "某云",
                "--workloads",
                str(inv),
                "-o",
                str(tmp_path / "x.xlsx"),
                "--no-remember",
            ]
        )
        == 2
    )
    assert "没有读到任何报价" in capsys.readouterr().err


def test_sheet_name_is_a_pool_only_when_it_can_be_one(tmp_path: Path) -> None:
    from openpyxl import Workbook

    for sheet, pool in (("天翼云报价", None), ("价格清单", None), ("海光信创专区", "海光信创专区")):
        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        ws.append(["单位：元（含税）"])  # a remark above the header, not a section title
        ws.append(["资源类型", "单价（元/月）"])
        ws.append(["vCPU", 50])
        p = tmp_path / f"{sheet}.xlsx"
        wb.save(p)
        q = read_quote(p, "天翼云", MappingStore(None))
        assert [x.platform for x in q.lines] == ([pool] if pool else []), sheet
        if pool:
            assert any("工作表名称" in str(i.message) for i in q.issues)


def test_canonical_reader_takes_english_synonym_headers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from data.samples import sample_county, sample_county_path
    from data.workbook import read_workbook

    with sample_county_path() as canonical:
        wb = load_workbook(canonical)
    ws = wb["报价"]
    renamed = {"平台": "Region", "资源": "Item", "单价(元)": "Unit Price", "供应商": "Supplier"}
    for c in ws[1]:
        if c.value in renamed:
            c.value = renamed[c.value]
    assert {"Region", "Item", "Unit Price", "Supplier"} <= {c.value for c in ws[1]}
    p = tmp_path / "english_headers.xlsx"
    wb.save(p)
    assert read_workbook(p).prices == sample_county().prices


def test_import_warns_of_a_price_a_system_needs_by_name(tmp_path: Path) -> None:
    from data.importers.assemble import assemble

    inv = tmp_path / "清单.csv"
    inv.write_text(
        "系统名称,vCPU,内存GB,存储GB,带宽Mbps,数据分级,等保级别\n门户网站,2,4,100,0,公开,3\n",
        encoding="utf-8",
    )
    plat = tmp_path / "平台.csv"
    plat.write_text(
        "供应商,平台,部署方式,信创,等保级别\n腾讯云,政务云一区,私有云,否,3\n腾讯云,政务云二区,私有云,否,3\n",
        encoding="utf-8",
    )
    r = assemble([FIX / "vt_per_instance_pools.xlsx"], inv, None, plat, mappings=MappingStore(None))
    assert r.input is not None
    warned = [
        str(i.message) for i in r.issues if "没有" in str(i.message) and "价格" in str(i.message)
    ]
    # the level-3 package is missing in both pools and 门户网站 needs it; storage and bandwidth
    # are priced (applied from their own tables), and bandwidth is not needed anyway
    assert len(warned) == 2 and all("等保三级" in w and "门户网站" in w for w in warned)


def test_a_remembered_mapping_reads_the_matrix_again(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["移动云 云主机报价"])
    ws.append(["实例规格", "华北（元/月）", "华东（元/月）"])  # one header row, units in each
    ws.append(["4C8G", 300, 310])
    p = tmp_path / "matrix.xlsx"
    wb.save(p)
    expected = [
        ("移动云", "华东", "instance", 310.0, "month", 4.0, 8.0, 3),
        ("移动云", "华北", "instance", 300.0, "month", 4.0, 8.0, 3),
    ]
    store = MappingStore(tmp_path / "m.json")
    first = read_quote(p, None, store)
    assert _tuples(first.lines) == expected
    for vendor, cols in first.mappings.items():
        store.remember(vendor, cols)
    store.save()
    again = read_quote(p, None, MappingStore(tmp_path / "m.json"))
    assert _tuples(again.lines) == expected


def test_english_monthly_annual_columns_and_the_cheaper_repeat(tmp_path: Path) -> None:
    p = tmp_path / "quote_en.csv"
    p.write_text(
        "Product,Zone,Flavor,Monthly (CNY),Annual (CNY)\n"
        "ECS,AZ-1,2 vCPU 4 GiB,200,2000\n"  # row 2: 2400 vs 2000 a year → Annual
        "ECS,AZ-1,4 vCPU 8 GiB,400,5000\n"  # row 3: 4800 vs 5000 → Monthly
        "ECS,AZ-1,2vCPU 4GiB,150,\n",  # row 4: the same spec again, cheaper (1800 a year) → kept
        encoding="utf-8",
    )
    q = read_quote(p, "Some Cloud", MappingStore(None))
    assert _tuples(q.lines) == [
        ("Some Cloud", "AZ-1", "instance", 150.0, "month", 2.0, 4.0, 4),
        ("Some Cloud", "AZ-1", "instance", 400.0, "month", 4.0, 8.0, 3),
    ]
    assert any(i.row == 2 and "重复" in str(i.message) for i in q.issues)  # the dearer one said


def test_a_storage_sheet_applies_to_the_compute_pools_of_other_sheets(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "云主机"
    ws.append(["资源池", "规格", "月单价（元/台）"])
    ws.append(["政务云一区", "4C8G", 300])
    ws2 = wb.create_sheet("存储")
    ws2.append(["产品", "单价（元/GB/月）"])
    ws2.append(["云硬盘", 0.4])
    p = tmp_path / "移动云报价.xlsx"
    wb.save(p)
    q = read_quote(p, None, MappingStore(None))
    assert _tuples(q.lines) == [
        ("移动云", "政务云一区", "instance", 300.0, "month", 4.0, 8.0, 2),
        ("移动云", "政务云一区", "storage_gb", 0.4, "month", None, None, 2),
    ]
    assert any("适用于" in str(i.message) and "存储" in str(i.message) for i in q.issues)
