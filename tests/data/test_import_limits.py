"""Big vendor files stay bounded (issue 20, bounded reading): a worksheet beyond the limits is
refused naming the sheet and its size, before the spreadsheet reader allocates it; a cell at
XFD1048576 (which makes that reader allocate 17 billion cells and abort) is refused, not a crash.
The quote importer sizes sheets with the workbook reader's own check (data.bounded_read), so the
limits are those of the README's reliability table. The files are written straight as zip parts,
a few kB each."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from data import bounded_read
from data.importers import grid
from data.importers.mapping import MappingStore
from data.importers.quotes import read_quote

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _xlsx(path: Path, sheets: dict[str, str]) -> Path:
    """A minimal workbook: sheet name → the rows of its <sheetData> as XML (inline strings)."""
    names = list(sheets)
    ct = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.sheet.main+xml"/>{ct}</Types>',
        )
        zf.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<workbook {_NS} xmlns:r="{_REL}"><sheets>'
            + "".join(
                f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>'
                for i, n in enumerate(names, start=1)
            )
            + "</sheets></workbook>",
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Relationships>",
        )
        for i, n in enumerate(names, start=1):
            zf.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f"<worksheet {_NS}><sheetData>{sheets[n]}</sheetData></worksheet>",
            )
    return path


def _s(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _quote_rows(n: int, numbered: bool = True) -> str:
    head = f'<row r="1">{_s("A1", "资源")}{_s("B1", "单价(元/月)")}</row>'
    body = "".join(
        f'<row r="{r}">{_s(f"A{r}", "vCPU" if r % 2 else "内存")}<c r="B{r}"><v>{10 + r % 7}</v></c></row>'
        if numbered
        else f"<row>{_s('', 'vCPU')}<c><v>{10 + r % 7}</v></c></row>".replace(' r=""', "")
        for r in range(2, n + 2)
    )
    return head + body


def _errors(q) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(i.sheet, str(i.message)) for i in q.issues if i.severity == "error"]


@pytest.mark.parametrize("numbered", [True, False])
def test_a_sheet_over_the_row_limit_is_refused_by_its_size(
    tmp_path: Path, monkeypatch, numbered: bool
) -> None:  # type: ignore[no-untyped-def]
    """With the limit at 50 rows, a 60-row sheet (rows numbered, or rows without r="…") is
    refused before it is loaded, naming the sheet and what was seen; 40 rows read."""
    monkeypatch.setattr(bounded_read, "MAX_SHEET_ROWS", 50)
    big = _xlsx(tmp_path / "大.xlsx", {"报价": _quote_rows(60, numbered), "说明": ""})
    q = read_quote(big, "甲", MappingStore(None), platform="池")
    assert q.lines == []
    [(sheet, message)] = _errors(q)
    assert sheet == "报价" and "用到第 61 行" in message
    assert "超过云策可读的上限（50 行" in message
    small = _xlsx(tmp_path / "小.xlsx", {"报价": _quote_rows(40, numbered)})
    q = read_quote(small, "甲", MappingStore(None), platform="池")
    assert _errors(q) == [] and len(q.read) == 40


def test_the_cell_limit_counts_columns_from_the_cell_references(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bounded_read, "MAX_SHEET_CELLS", 1000)
    rows = _quote_rows(5) + '<row r="7"><c r="GR7"><v>1</v></c></row>'  # 7 rows × 200 columns
    q = read_quote(_xlsx(tmp_path / "宽.xlsx", {"报价": rows}), "甲", MappingStore(None))
    [(sheet, message)] = _errors(q)
    assert (
        sheet == "报价" and "用到第 7 行、第 200 列" in message and "共 1,000 个单元格" in message
    )


def test_a_cell_at_xfd1048576_is_refused_not_a_crash(tmp_path: Path) -> None:
    """In a child process: the spreadsheet reader aborts the process on this file when it is
    let at it (signal 6); the importer must refuse it first, exit 2, naming the sheet."""
    rows = _quote_rows(3) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = _xlsx(tmp_path / "XFD.xlsx", {"报价": rows})
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli", "prices", str(path), "--vendor", "甲", "--platform", "池"]
        + ["--no-remember"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert "工作表「报价」" in run.stderr and "上限（200,000 行" in run.stderr
    assert "第 1,048,576 行、第 16,384 列" in run.stderr
    assert "Traceback" not in run.stderr and "panicked" not in run.stderr


def test_csv_over_the_row_limit_is_refused(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bounded_read, "MAX_SHEET_ROWS", 50)
    path = tmp_path / "大.csv"
    path.write_text("资源,单价(元/月)\n" + "vCPU,10\n" * 60, encoding="utf-8")
    q = read_quote(path, "甲", MappingStore(None), platform="池")
    [(_sheet, message)] = _errors(q)
    assert "文件过大" in message and "50" in message and q.lines == []


def test_csv_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(grid, "MAX_CSV_BYTES", 1000)
    path = tmp_path / "大.csv"
    path.write_text("资源,单价(元/月)\n" + "vCPU,10\n" * 200, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    q = read_quote(path, "甲", MappingStore(None), platform="池")
    [(_sheet, message)] = _errors(q)
    assert "文件过大" in message and "MB" in message and q.lines == []


# --- .xls and .ods: sized before loading too ------------------------------------------------------
#: far_sheet.xls / .ods: LibreOffice's conversions of a workbook with a 30-row quote sheet 「报价」
#: and a sheet 「远」 whose one far cell is at GR60000 (60,000 rows × 200 columns = 12 million
#: cells, beyond the 5,000,000-cell limit though within the .xls format's own bounds).
FIX = Path(__file__).parent / "fixtures"


class _NotLoaded:
    @staticmethod
    def from_path(*_a: object) -> None:
        pytest.fail("the workbook was loaded before its sheets were sized")


def test_an_xls_sheet_is_sized_from_its_cell_records_as_the_reader_sizes_it() -> None:
    from python_calamine import CalamineWorkbook

    sizes = bounded_read.scan_xls((FIX / "far_sheet.xls").read_bytes())
    wb = CalamineWorkbook.from_path(str(FIX / "far_sheet.xls"))
    loaded = {}
    for name in wb.sheet_names:
        end = wb.get_sheet_by_name(name).end
        loaded[name] = bounded_read.SheetSize(end[0] + 1, end[1] + 1)
    assert (
        sizes
        == loaded
        == {
            "报价": bounded_read.SheetSize(31, 3),
            "远": bounded_read.SheetSize(60_000, 200),
        }
    )


@pytest.mark.parametrize("name", ["far_sheet.xls", "far_sheet.ods"])
def test_an_xls_or_ods_sheet_over_the_limits_is_refused_before_loading(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import python_calamine

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", _NotLoaded)
    q = read_quote(FIX / name, "甲", MappingStore(None), platform="池")
    assert q.lines == [] and q.grids == []
    [(sheet, message)] = _errors(q)
    assert sheet == "远" and "第 60,000 行、第 200 列" in message and "5,000,000" in message


def test_a_damaged_xls_is_left_to_the_reader_and_reported(tmp_path: Path) -> None:
    """An OLE2 file whose sectors point nowhere: the sizing gives up without a word and the
    reader reports the file as unreadable; never a traceback."""
    data = bytearray((FIX / "far_sheet.xls").read_bytes())
    data[0x30:0x34] = (10**6).to_bytes(4, "little")  # the directory's first sector: far away
    path = tmp_path / "坏.xls"
    path.write_bytes(bytes(data))
    assert bounded_read.check_workbook(path, lambda _s: True) == []
    q = read_quote(path, "甲", MappingStore(None), platform="池")
    assert q.lines == [] and any(i.severity == "error" for i in q.issues)
