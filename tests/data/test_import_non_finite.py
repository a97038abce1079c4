"""No price or spec that is not a finite number reaches a line, a plan input or a plan (issue 20).

The importer is where this is checked, once, for every reader (the quote reader's cells, specs
parsed from text, a 询价单's hidden sheet): the number is refused as an error naming the file,
sheet, row and column, and the row is not read. The command line has no second guard: these
tests go through the importer alone and through ``yunce import`` end to end.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from data.importers.assemble import assemble
from data.importers.mapping import MappingStore
from data.importers.quotes import read_quote
from data.rfq import COL, MARK_SHEET, QUOTE_SHEET
from ui.cli import main

RAW = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw"
HUGE = "9" * 400  # a spec of 400 digits: a number beyond any float (inf once converted)


def _errors(q):  # type: ignore[no-untyped-def]
    return [i for i in q.issues if i.severity == "error"]


def _all_finite(q) -> bool:  # type: ignore[no-untyped-def]
    numbers = [n for x in (*q.read, *q.lines) for n in (x.unit_price, x.vcpu, x.ram_gb)]
    return all(math.isfinite(n) for n in numbers if n is not None)


def test_a_spec_beyond_any_number_is_refused_naming_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "规格.csv"
    path.write_text(f"资源池,规格,月单价（元）\n一区,{HUGE}C8G,300\n一区,4C8G,200\n", "utf-8")
    q = read_quote(path, "甲", MappingStore(None))
    [error] = _errors(q)
    assert (error.file, error.row, error.column) == ("规格.csv", 2, "规格")
    assert "不是有限的数" in str(error.message) and error.value.startswith("999")
    assert "finite" in error.message.en  # type: ignore[attr-defined]
    assert [(x.vcpu, x.ram_gb, x.unit_price, x.source_row) for x in q.read] == [
        (4.0, 8.0, 200.0, 3)
    ]
    assert _all_finite(q)


def test_a_unit_for_zero_units_is_refused_not_a_crash(tmp_path: Path) -> None:
    """'元/0GB/月' divided the price by zero (an internal error); now the cell is named."""
    path = tmp_path / "零.csv"
    path.write_text(
        "资源池,资源类型,计量单位,单价\n一区,存储,元/0GB/月,3\n一区,vCPU,元/核/月,30\n", "utf-8"
    )
    q = read_quote(path, "甲", MappingStore(None))
    [error] = _errors(q)
    assert (error.row, error.column, error.value) == (2, "计量单位", "元/0GB/月")
    assert [(x.resource, x.unit_price) for x in q.read] == [("vcpu", 30.0)]


def test_a_non_finite_spec_in_a_filled_rfq_is_refused(tmp_path: Path) -> None:
    """A 询价单 is read by position from its hidden sheet; a spec edited there to 'inf' is
    refused by the same check, naming the 报价 row."""
    out = tmp_path / "询价单.xlsx"
    assert main(["rfq", "--sample", "-o", str(out), "--vendor", "天翼云"]) == 0
    path = tmp_path / "询价单-天翼云.xlsx"
    wb = openpyxl.load_workbook(path)
    ws, mark = wb[QUOTE_SHEET], wb[MARK_SHEET]
    first = next(r for r in mark.iter_rows(min_row=3) if r[0].value)
    row = int(first[0].value)
    ws.cell(row=row, column=COL["资源池名称"], value="一区")
    ws.cell(row=row, column=COL["单价(元/年)"], value=600)
    first[3].value, first[4].value = "inf", "8"
    wb.save(path)
    q = read_quote(path, "天翼云", MappingStore(None))
    refused = [i for i in _errors(q) if "有限" in str(i.message)]
    assert [(i.sheet, i.row) for i in refused] == [(QUOTE_SHEET, row)], [i.text() for i in q.issues]
    assert _all_finite(q) and row not in {x.source_row for x in q.read}


@pytest.mark.parametrize(
    ("price", "spec"),
    [("inf", "4C8G"), ("nan", "4C8G"), ("1e309", "4C8G"), ("-inf", "4C8G"), ("∞", "4C8G")]
    + [("300", f"{HUGE}C8G")],
)
def test_no_non_finite_number_reaches_a_plan(tmp_path: Path, price: str, spec: str) -> None:
    """Through the importer's assembly (what the app and `yunce import` build a plan input
    from): no plan input, an error naming the cell, and every line read is finite. The same
    file with a finite number assembles, so the refusal is the number's."""
    platforms = tmp_path / "platforms.csv"
    platforms.write_text("供应商,平台,部署方式,信创,等保级别\n甲,池,私有云,否,3\n", "utf-8")

    def quote(price: str, spec: str) -> Path:
        path = tmp_path / "quote.csv"
        path.write_text(
            "资源池,资源,规格,单价(元/月)\n"
            f"池,云主机,{spec},{price}\n池,vCPU,,30\n池,内存,,20\n池,存储,,0.5\n",
            "utf-8",
        )
        return path

    args = {"platforms_file": platforms, "vendors": ["甲"], "mappings": MappingStore(None)}
    result = assemble([quote(price, spec)], RAW / "信息系统清单.xlsx", **args)  # type: ignore[arg-type]
    assert result.input is None
    named = [(i.file, i.row, i.column) for i in result.errors if "有限" in str(i.message)]
    assert named == [("quote.csv", 2, "规格" if spec != "4C8G" else "单价(元/月)")], [
        i.text() for i in result.errors
    ]
    assert all(_all_finite(q) for q in result.quotes)
    fine = assemble([quote("300", "4C8G")], RAW / "信息系统清单.xlsx", **args)  # type: ignore[arg-type]
    assert fine.input is not None and fine.errors == []
    assert 300.0 in {p.unit_price for p in fine.input.prices}


def test_yunce_import_refuses_a_non_finite_spec_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    platforms = tmp_path / "platforms.csv"
    platforms.write_text("供应商,平台,部署方式,信创,等保级别\n甲,池,私有云,否,3\n", "utf-8")
    quote = tmp_path / "quote.csv"
    quote.write_text(
        f"资源池,资源,规格,单价(元/月)\n池,云主机,{HUGE}C8G,300\n池,vCPU,,30\n池,内存,,20\n",
        "utf-8",
    )
    out = tmp_path / "county.xlsx"
    code = main(
        ["import", "--prices", str(quote), "--vendor", "甲", "--platforms", str(platforms)]
        + ["--workloads", str(RAW / "信息系统清单.xlsx"), "-o", str(out), "--no-remember"]
    )
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "文件 quote.csv，第 2 行，列「规格」" in err and "不是有限的数" in err
    assert "Traceback" not in err and "内部错误" not in err
