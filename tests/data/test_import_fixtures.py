"""Hand-made vendor sheets (tests/data/fixtures) import to exactly the lines written out here.

Each expected line is (vendor, platform, resource, unit_price, period, vcpu, ram_gb, source_row),
worked out by reading the sheet by eye — see make_fixtures.py for the cells.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.importers.grid import detect_encoding
from data.importers.mapping import MappingStore
from data.importers.quotes import read_quote
from ui.cli import main

FIX = Path(__file__).parent / "fixtures"

EXPECTED = {
    # GBK CSV: title row above the header; ￥ with full-width digits; a unit column; 3.8万.
    ("mobile_gbk.csv", "移动云"): [
        ("移动云", "鲲鹏资源池", "vcpu", 53.0, "month", None, None, 3),  # ￥５３.００ 元/核/月
        ("移动云", "鲲鹏资源池", "ram_gb", 1100.5, "year", None, None, 4),  # "￥1,100.50" 元/GB/年
        ("移动云", "鲲鹏资源池", "bandwidth_mbps", 70.0, "month", None, None, 5),
        ("移动云", "鲲鹏资源池", "security_l3", 38000.0, "year", None, None, 6),  # 3.8万 元/套/年
    ],
    # Two-row merged header: 单价 over 包月 | 包年; the yearly column wins, the monthly one fills gaps.
    ("telecom_merged.xlsx", None): [
        ("天翼云", "海光信创专区", "vcpu", 630.0, "year", None, None, 4),
        ("天翼云", "海光信创专区", "ram_gb", 125.0, "year", None, None, 5),  # "125" as text
        ("天翼云", "海光信创专区", "storage_gb", 0.42, "month", None, None, 6),  # only 包月 given
    ],
    # 万元 in the header: 0.061万元/年 = 610 元/年 exactly.
    ("ali_wan.xlsx", "阿里云"): [
        ("阿里云", "政务专有云", "vcpu", 610.0, "year", None, None, 2),
        ("阿里云", "政务专有云", "bandwidth_mbps", 900.0, "year", None, None, 3),
        ("阿里云", "政务专有云", "security_l2", 17000.0, "year", None, None, 4),
        ("阿里云", "政务专有云", "security_l3", 45000.0, "year", None, None, 5),
    ],
    # Instance specs in four spellings; 4核8G repeats 4C8G (row 3) and is reported, not read.
    ("huawei_instances.xlsx", "华为云"): [
        ("华为云", "鲲鹏信创专区", "instance", 300.0, "month", 4.0, 8.0, 2),
        ("华为云", "鲲鹏信创专区", "instance", 420.0, "month", 4.0, 16.0, 4),
        ("华为云", "鲲鹏信创专区", "instance", 560.0, "month", 8.0, 16.0, 5),
        ("华为云", "鲲鹏信创专区", "instance", 1650.0, "month", 16.0, 64.0, 6),
    ],
    # UTF-8-BOM CSV: pools as section rows, a blank row, a repeated header, 对象存储 (not a model
    # resource), 小计/合计 and two note rows.
    ("inspur_totals.csv", "浪潮云"): [
        ("浪潮云", "信创云(飞腾)", "vcpu", 600.0, "year", None, None, 3),
        ("浪潮云", "信创云(飞腾)", "ram_gb", 130.0, "year", None, None, 5),
        ("浪潮云", "政务外网区", "vcpu", 570.0, "year", None, None, 8),
    ],
}


def _tuples(lines):  # type: ignore[no-untyped-def]
    return [
        (x.vendor, x.platform, x.resource, x.unit_price, x.period, x.vcpu, x.ram_gb, x.source_row)
        for x in lines
    ]


@pytest.mark.parametrize("key", list(EXPECTED), ids=[k[0] for k in EXPECTED])
def test_fixture_imports_to_expected_lines(key: tuple[str, str | None]) -> None:
    name, vendor = key
    q = read_quote(FIX / name, vendor, MappingStore(None))
    assert [i for i in q.issues if i.severity == "error"] == []
    assert _tuples(q.lines) == EXPECTED[key]


def test_skipped_rows_are_each_reported() -> None:
    q = read_quote(FIX / "inspur_totals.csv", "浪潮云")
    reported = {i.row: i.message for i in q.issues}
    assert "分组标题行" in reported[2] and "分组标题行" in reported[7]
    assert "空行" in reported[4]
    assert "重复的表头行" in reported[6]
    assert "不用于规划" in reported[9]  # 对象存储: recognised, not used in planning (issue 10)
    assert "合计" in reported[10] and "合计" in reported[11]
    assert "注释" in reported[12] and "注释" in reported[13]


def test_duplicate_instance_spec_is_reported() -> None:
    q = read_quote(FIX / "huawei_instances.xlsx", "华为云")
    assert any(i.row == 3 and "重复报价" in i.message for i in q.issues)


def test_encodings_are_detected() -> None:
    assert detect_encoding((FIX / "mobile_gbk.csv").read_bytes()) == "gb18030"
    assert detect_encoding((FIX / "inspur_totals.csv").read_bytes()) == "utf-8-sig"
    assert detect_encoding("资源池,单价".encode()) == "utf-8"
    assert detect_encoding("资源池,单价".encode("gb18030")) == "gb18030"


def test_vendor_guessed_from_file_name_is_a_warning(tmp_path: Path) -> None:
    target = tmp_path / "联通云报价.csv"
    target.write_bytes((FIX / "inspur_totals.csv").read_bytes())
    q = read_quote(target)
    assert {x.vendor for x in q.lines} == {"联通云"}
    assert any("推测供应商" in i.message and i.severity == "warning" for i in q.issues)


def test_prices_command_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc = main(
        [
            "prices",
            str(FIX / "ali_wan.xlsx"),
            "--vendor",
            "阿里云",
            "--json",
            "-",
            "--mappings",
            str(tmp_path / "m.json"),
        ]
    )
    assert rc == 0
    got = json.loads(capsys.readouterr().out)
    assert got[0] == {
        "vendor": "阿里云",
        "platform": "政务专有云",
        "resource": "vcpu",
        "unit_price": 610.0,
        "period": "year",
        "vcpu": None,
        "ram_gb": None,
        "annual_price": 610.0,
        "source_row": 2,
    }
    inst = main(
        [
            "prices",
            str(FIX / "huawei_instances.xlsx"),
            "--vendor",
            "华为云",
            "--json",
            "-",
            "--no-remember",
        ]
    )
    assert inst == 0
    lines = json.loads(capsys.readouterr().out)
    assert (
        lines[0]["annual_price"] == 3600.0 and lines[0]["vcpu"] == 4.0 and lines[0]["ram_gb"] == 8.0
    )


def test_mapping_is_remembered_and_overrides_synonyms(tmp_path: Path) -> None:
    mfile = tmp_path / "m.json"
    rc = main(["prices", str(FIX / "ali_wan.xlsx"), "--vendor", "阿里云", "--mappings", str(mfile)])
    assert rc == 0
    saved = json.loads(mfile.read_text(encoding="utf-8"))
    assert saved["vendors"]["阿里云"]["columns"]["报价(万元/年)"] == "unit_price"
    # the user corrects a column in the file: 资源池 is to be ignored → no pool → errors
    saved["vendors"]["阿里云"]["columns"]["资源池"] = "ignore"
    mfile.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    q = read_quote(FIX / "ali_wan.xlsx", "阿里云", MappingStore(mfile))
    assert not q.lines and any("资源池" in i.message for i in q.issues)


def test_unreadable_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    assert main(["prices", str(bad), "--no-remember"]) == 2
    assert main(["prices", str(tmp_path / "missing.csv"), "--no-remember"]) == 2


def test_two_row_header_in_csv_without_merge_information(tmp_path: Path) -> None:
    f = tmp_path / "q.csv"
    f.write_text(
        "资源池,计费项,单价,\n,,包月,包年\nA区,vCPU,50,500\nA区,内存,,120\n", encoding="utf-8"
    )
    q = read_quote(f, "紫光云")
    assert _tuples(q.lines) == [
        ("紫光云", "A区", "vcpu", 500.0, "year", None, None, 3),
        ("紫光云", "A区", "ram_gb", 120.0, "year", None, None, 4),
    ]


def test_an_all_text_first_row_is_data_not_header(tmp_path: Path) -> None:
    from data.importers.assemble import read_platforms_file

    f = tmp_path / "p.csv"
    f.write_text(
        "供应商,平台,部署方式,信创,等保级别\n天翼云,海光信创专区,私有云,是,三级\n", encoding="utf-8"
    )
    issues: list = []
    rows = read_platforms_file(f, issues)
    assert issues == []
    assert [
        (r, x.vendor, x.platform, x.deployment, x.xinchuang, x.mlps_level) for r, x, _ in rows
    ] == [(2, "天翼云", "海光信创专区", "private", True, 3)]
