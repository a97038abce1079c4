"""询价单 round trip (issue 10): sample county → yunce rfq → filled by a script as six vendors
would → yunce import → yunce plan gives the sample's plan; no mapping question, no guess."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from data.importers.mapping import MappingStore
from data.importers.quotes import read_quote
from data.rfq import COL, MARK_SHEET, QUOTE_SHEET, VENDOR_CELL
from data.samples import sample_county, sample_county_path
from planner.model import Deployment
from ui.cli import main


def _fill(path: Path, vendor: str, leave_vendor_blank: bool = False) -> None:
    """Fill a 询价单 as the vendor would: its pools, their attributes, its prices in 元/年."""
    inp = sample_county()
    wb = openpyxl.load_workbook(path)
    ws, mark = wb[QUOTE_SHEET], wb[MARK_SHEET]
    if leave_vendor_blank is False and ws[VENDOR_CELL].value in (None, ""):
        ws[VENDOR_CELL] = vendor
    asked = [tuple(c.value for c in r) for r in mark.iter_rows(min_row=3) if r[0].value]
    pools = [p for p in inp.platforms if p.vendor == vendor]
    prices = {(p.platform, p.resource): p for p in inp.prices if p.vendor == vendor}
    first: dict[int, int] = {}
    for row, slot, _res, _v, _r in asked:
        first.setdefault(slot, row)
    for slot, pool in enumerate(pools, start=1):
        r = first[slot]
        ws.cell(row=r, column=COL["资源池名称"], value=pool.name)
        ws.cell(
            row=r,
            column=COL["部署方式"],
            value="私有云" if pool.deployment == Deployment.PRIVATE else "公有云",
        )
        ws.cell(row=r, column=COL["信创"], value="是" if pool.xinchuang else "否")
        ws.cell(row=r, column=COL["等保级别"], value=pool.mlps_level)
        ws.cell(row=r, column=COL["容量vCPU"], value=pool.capacity_vcpu)
    for row, slot, resource, _v, _r in asked:
        if slot > len(pools):
            continue
        p = prices.get((pools[slot - 1].name, resource))
        if p is None:
            continue  # not offered (no instance specs in the sample): left blank
        yearly = Decimal(repr(p.unit_price)) * (12 if p.period.value == "month" else 1)
        ws.cell(row=row, column=COL["单价(元/年)"], value=float(yearly))
    wb.save(path)


VENDORS = ["天翼云", "移动云", "联通云", "华为云", "浪潮云", "阿里云"]


def test_rfq_round_trip_gives_the_sample_plan(tmp_path: Path) -> None:
    with sample_county_path() as canonical:
        sample = tmp_path / "county.xlsx"
        sample.write_bytes(Path(canonical).read_bytes())
    out = tmp_path / "询价单.xlsx"
    args = [
        "rfq",
        str(sample),
        "-o",
        str(out),
        "--deadline",
        "2025年4月30日",
        "--contact",
        "县数据局 张三 0000-1234567",
    ]
    assert main([*args, *[x for v in VENDORS for x in ("--vendor", v)]]) == 0
    files = [tmp_path / f"询价单-{v}.xlsx" for v in VENDORS]
    for f, v in zip(files, VENDORS, strict=True):
        _fill(f, v)
    # read back with no mapping memory, no overrides, no vendor given: nothing guessed
    for f in files:
        q = read_quote(f, None, MappingStore(None))
        assert [i for i in q.issues if i.severity == "error"] == []
        assert not any("推测" in str(i.message) for i in q.issues)
    imported = tmp_path / "imported.xlsx"
    assert (
        main(
            [
                "import",
                "--prices",
                *map(str, files),
                "--workloads",
                str(sample),
                "--policy",
                str(sample),
                "-o",
                str(imported),
                "--no-remember",
            ]
        )
        == 0
    )
    from test_import_sample import _add_terms_sheets

    _add_terms_sheets(imported)  # the 询价单 asks for prices; 折扣/指定规则 are typed in (issue 13)
    assert main(["plan", str(imported), "--json", str(tmp_path / "a.json")]) == 0
    assert main(["plan", str(sample), "--json", str(tmp_path / "b.json")]) == 0
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert a["status"] == b["status"] == "optimal"
    assert a["total_annual_cost"] == pytest.approx(b["total_annual_cost"], abs=0.01)
    assert a["assignments"] == b["assignments"]


def test_rfq_sheet_is_locked_but_the_answer_cells(tmp_path: Path) -> None:
    out = tmp_path / "询价单.xlsx"
    assert main(["rfq", "--sample", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb[QUOTE_SHEET]
    assert ws.protection.sheet and wb[MARK_SHEET].sheet_state == "hidden"
    assert "封面" in wb.sheetnames and "截止" in " ".join(
        str(c.value) for c in wb["封面"]["A"] if c.value
    )
    assert ws.cell(row=6, column=COL["单价(元/年)"]).protection.locked is False
    assert ws.cell(row=6, column=COL["计费项"]).protection.locked is True
    assert (
        ws.cell(row=6, column=COL["部署方式"]).protection.locked is False
    )  # first row of a pool group
    assert ws.cell(row=7, column=COL["部署方式"]).protection.locked is True
    assert ws[VENDOR_CELL].protection.locked is False  # no --vendor: the vendor writes its name
    covered = " ".join(str(dv.sqref) for dv in ws.data_validations.dataValidation)
    for r in (6, 7, 8):
        assert ws.cell(row=r, column=COL["单价(元/年)"]).coordinate in covered
    assert ws.cell(row=6, column=COL["等保级别"]).coordinate in covered


def test_rfq_bad_answers_are_errors_naming_the_cell(tmp_path: Path) -> None:
    out = tmp_path / "询价单.xlsx"
    assert main(["rfq", "--sample", "-o", str(out), "--vendor", "天翼云"]) == 0
    f = tmp_path / "询价单-天翼云.xlsx"
    _fill(f, "天翼云")
    wb = openpyxl.load_workbook(f)
    ws = wb[QUOTE_SHEET]
    ws.cell(row=6, column=COL["单价(元/年)"], value="面议")
    wb.save(f)
    q = read_quote(f, None, MappingStore(None))
    errors = [i for i in q.issues if i.severity == "error"]
    assert len(errors) == 1 and errors[0].row == 6 and errors[0].column == "单价(元/年)"


def test_rfq_from_the_countys_own_system_list(tmp_path: Path) -> None:
    """Before any price is known: the county's own inventory layout is enough."""
    raw = Path(__file__).parents[2] / "data" / "samples" / "raw" / "信息系统清单.xlsx"
    out = tmp_path / "询价单.xlsx"
    assert main(["rfq", str(raw), "-o", str(out), "--name", "青山县"]) == 0
    wb = openpyxl.load_workbook(out)
    assert "青山县" in str(wb["封面"]["A1"].value)
    specs = {r[3].value for r in wb[MARK_SHEET].iter_rows(min_row=3) if r[2].value == "instance"}
    assert specs == {w.vcpu for w in sample_county().workloads}
    bad = tmp_path / "nothing.csv"
    bad.write_text("随便,写点\n1,2\n", encoding="utf-8")
    assert main(["rfq", str(bad), "-o", str(tmp_path / "x.xlsx")]) == 2
