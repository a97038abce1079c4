"""Issue 23, points 2 and 3: project files are untrusted input, and numbers are finite.

A project file (.yunce) is a zip someone else may have made: an encrypted member, an unknown
compression method, a manifest or table of the wrong type at any level, a member that
inflates to hundreds of MB — each is one clear message, exit 2 (never exit 1, never a
traceback). A number that is not finite (1e309 is read as infinity) is an input error naming
the file, sheet, row and column, and every JSON the command line writes is strict JSON.
"""

from __future__ import annotations

import json
import math
import struct
import zipfile
from pathlib import Path

import pytest
from conftest import assert_clean_refusal, run_main

pytestmark = pytest.mark.usefixtures("isolated")


# --- building project files ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def project_members(tmp_path_factory, sample_input) -> dict[str, bytes]:
    """The members of the sample county saved as a project, by name."""
    from data.project_file import project_from_input, write_project_file

    path = tmp_path_factory.mktemp("project") / "青山县.yunce"
    write_project_file(path, project_from_input(sample_input, "青山县"))
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def patch_headers(path: Path, member: str, *, flag: int | None = None, method: int | None = None):
    """Set the flag bits or compression method of member in both its local and central header
    (what another zip tool would have written: encryption, or a method Python cannot inflate)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for sig, flag_at, method_at, name_len_at, name_at in (
        (b"PK\x03\x04", 6, 8, 26, 30),
        (b"PK\x01\x02", 8, 10, 28, 46),
    ):
        at = data.find(sig)
        while at >= 0:
            (n,) = struct.unpack_from("<H", data, at + name_len_at)
            if bytes(data[at + name_at : at + name_at + n]) == name:
                if flag is not None:
                    (old,) = struct.unpack_from("<H", data, at + flag_at)
                    struct.pack_into("<H", data, at + flag_at, old | flag)
                if method is not None:
                    struct.pack_into("<H", data, at + method_at, method)
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))


def with_json(members: dict[str, bytes], member: str, change) -> dict[str, bytes]:  # noqa: ANN001
    doc = json.loads(members[member])
    change(doc)
    return {**members, member: json.dumps(doc, ensure_ascii=False).encode()}


def plan_project(capsys, path: Path):
    run = run_main(capsys, "plan", path)
    assert_clean_refusal(run, path.name)
    return run


def test_a_sound_project_plans(tmp_path, capsys, project_members):
    run = run_main(capsys, "plan", write_zip(tmp_path / "ok.yunce", project_members))
    assert run.code == 0, str(run)


def test_encrypted_member(tmp_path, capsys, project_members):
    """A project whose member is encrypted was exit 1 (RuntimeError)."""
    path = write_zip(tmp_path / "enc.yunce", project_members)
    patch_headers(path, "manifest.json", flag=0x1)
    run = plan_project(capsys, path)
    assert "加密" in run.err


@pytest.mark.parametrize("method", [98, 99], ids=["ppmd", "aes"])
def test_unsupported_compression_method(tmp_path, capsys, project_members, method):
    """A member with an unsupported compression method was exit 1 (NotImplementedError)."""
    path = write_zip(tmp_path / "method.yunce", project_members)
    patch_headers(path, "tables/workloads.json", method=method)
    run = plan_project(capsys, path)
    assert "压缩方式" in run.err


def test_bzip2_member_is_refused_before_inflating(tmp_path, capsys, project_members):
    """bzip2 and LZMA inflate in Python too, but without the deflate size checks: refused."""
    path = write_zip(tmp_path / "bz.yunce", project_members, method=zipfile.ZIP_BZIP2)
    run = plan_project(capsys, path)
    assert "压缩方式" in run.err


MANIFEST_CASES = {
    "version null": lambda m: m.update(version=None),
    "version list": lambda m: m.update(version=[1]),
    "version text": lambda m: m.update(version="1"),
    "version true": lambda m: m.update(version=True),
    "rules text": lambda m: m.update(rules="budget"),
    "rules true": lambda m: m.update(rules=True),
    "rules list": lambda m: m.update(rules=[1, 2]),
    "rule value object": lambda m: m["rules"].update(budget_annual={"x": 1}),
    "name number": lambda m: m.update(name=12),
    "sources text": lambda m: m.update(sources="a.xlsx"),
    "mappings list": lambda m: m.update(mappings=[{"a": 1}]),
    "solve time_limit text": lambda m: m.update(solve={"time_limit": "soon"}),
    "manifest a list": lambda m: (m.clear(), None),
}


@pytest.mark.parametrize("case", MANIFEST_CASES)
def test_manifest_of_the_wrong_type(tmp_path, capsys, project_members, case):
    """manifest.version null or a list, manifest.rules a string or true: exit 1 (TypeError,
    AttributeError) — the reader only caught BadZipFile/KeyError/ValueError."""
    members = with_json(project_members, "manifest.json", MANIFEST_CASES[case])
    if case == "manifest a list":
        members["manifest.json"] = b"[1, 2, 3]"
    plan_project(capsys, write_zip(tmp_path / "m.yunce", members))


TABLE_CASES = {
    "rows a number": lambda t: t.update(rows=5),
    "rows hold null": lambda t: t.update(rows=[None]),
    "rows hold text": lambda t: t.update(rows=["a,b"]),
    "row too long": lambda t: t["rows"][0].extend(["x"] * 40),
    "cell an object": lambda t: t["rows"][0].__setitem__(0, {"a": 1}),
    "cell a list": lambda t: t["rows"][0].__setitem__(2, [4]),
    "columns a number": lambda t: t.update(columns=3),
    "columns hold null": lambda t: t.update(columns=[None, "vcpu"]),
    "columns repeated": lambda t: t.update(columns=["name"] * len(t["columns"])),
    "table a list": lambda t: (t.clear(), None),
}


@pytest.mark.parametrize("case", TABLE_CASES)
@pytest.mark.parametrize("table", ["workloads", "prices"])
def test_table_of_the_wrong_type(tmp_path, capsys, project_members, case, table):
    """A table whose rows are a number or hold null was exit 1."""
    member = f"tables/{table}.json"
    members = with_json(project_members, member, TABLE_CASES[case])
    if case == "table a list":
        members[member] = b"[]"
    plan_project(capsys, write_zip(tmp_path / "t.yunce", members))


@pytest.mark.parametrize("text", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_non_finite_json_number_in_a_table(tmp_path, capsys, project_members, text):
    """Python's json reads NaN, Infinity and 1e999 (as inf); a project holds finite numbers."""
    rows = json.loads(project_members["tables/workloads.json"])
    rows["rows"][0][2] = "@@"
    body = json.dumps(rows, ensure_ascii=False).encode().replace(b'"@@"', text)
    members = {**project_members, "tables/workloads.json": body}
    plan_project(capsys, write_zip(tmp_path / "nan.yunce", members))


@pytest.mark.parametrize("table", ["workloads", "discounts"])
def test_an_integer_beyond_any_float_in_a_table(tmp_path, capsys, project_members, table):
    """Found by the fuzzer (seed 16807211): a 400-digit JSON integer made float() raise
    OverflowError, exit 1 (internal error). Now an input error naming the sheet and row."""
    doc = json.loads(project_members[f"tables/{table}.json"])
    column = next(i for i, v in enumerate(doc["rows"][0]) if isinstance(v, int | float))
    doc["rows"][0][column] = 10**400
    members = {**project_members, f"tables/{table}.json": json.dumps(doc).encode()}
    run = run_main(capsys, "plan", write_zip(tmp_path / "big.yunce", members))
    assert_clean_refusal(run, "big.yunce", "第 2 行")


def test_unsafe_member_names_write_nothing(tmp_path, capsys, project_members):
    members = {**project_members, "../../evil.txt": b"x", "/abs.txt": b"y"}
    plan_project(capsys, write_zip(tmp_path / "names.yunce", members))
    assert not (tmp_path.parent / "evil.txt").exists()


def test_too_many_members(tmp_path, capsys, project_members):
    members = {**project_members, **{f"extra/{i}.txt": b"" for i in range(2000)}}
    run = plan_project(capsys, write_zip(tmp_path / "many.yunce", members))
    assert "2,0" in run.err  # the count is named


def test_damaged_zip_and_not_a_zip(tmp_path, capsys, project_members):
    good = write_zip(tmp_path / "good.yunce", project_members).read_bytes()
    for name, data in {
        "cut.yunce": good[: len(good) // 2],
        "text.yunce": b"hello",
        "empty.yunce": b"",
        "flipped.yunce": good[:200] + bytes(b ^ 0xFF for b in good[200:400]) + good[400:],
    }.items():
        (tmp_path / name).write_bytes(data)
        plan_project(capsys, tmp_path / name)


def corrupt_deflate(path: Path, member: str) -> Path:
    """path with member's deflate stream damaged so that inflating it raises zlib.error (the
    zip's directory and sizes intact: only the stream is wrong), found by trying offsets."""
    import zlib

    data = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    (name_len, extra_len) = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    stream = data[start : start + info.compress_size]
    for at in range(len(stream) // 4, len(stream)):
        bad = stream[:at] + bytes([stream[at] ^ 0x5A]) + stream[at + 1 :]
        try:
            zlib.decompressobj(-15).decompress(bad)
        except zlib.error:
            path.write_bytes(data[:start] + bad + data[start + len(stream) :])
            return path
    raise AssertionError("no offset damages the stream")


def test_a_corrupt_deflate_stream_is_a_damaged_file(tmp_path, capsys, project_members):
    """Found by the fuzzer (seed 17244): zlib.error was not caught, exit 1 (internal error)."""
    from data.writer import write_input_workbook

    project = corrupt_deflate(write_zip(tmp_path / "p.yunce", project_members), "manifest.json")
    plan_project(capsys, project)
    from data.samples import sample_county

    book = write_input_workbook(sample_county(), tmp_path / "county.xlsx")
    corrupt_deflate(book, "xl/worksheets/sheet3.xml")
    assert_clean_refusal(run_main(capsys, "plan", book), "county.xlsx")


# --- numbers -----------------------------------------------------------------------------------
def strict_json(text: str):
    """json.loads with allow_nan=False semantics: NaN, Infinity and -Infinity are refused."""

    def refuse(name: str):
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def _patched_workbook(src: Path, dst: Path, old: str, new: str) -> Path:
    """src with the first cell value old (as written in the sheet XML) replaced by new."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        done = False
        for info in zin.infolist():
            data = zin.read(info)
            if not done and info.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                if f"<v>{old}</v>" in text:
                    data = text.replace(f"<v>{old}</v>", f"<v>{new}</v>", 1).encode()
                    done = True
            zout.writestr(info, data)
    assert done, f"no cell {old} in {src}"
    return dst


@pytest.fixture()
def price_workbook(tmp_path, sample_input):
    """The sample county with one price a recognisable number (to be patched)."""
    from dataclasses import replace

    from data.writer import write_input_workbook

    prices = list(sample_input.prices)
    prices[3] = replace(prices[3], unit_price=123.456789)
    path = tmp_path / "priced.xlsx"
    write_input_workbook(replace(sample_input, prices=tuple(prices)), path, lang="zh")
    return path


@pytest.mark.parametrize("value", ["1e309", "-1e309", "1E+400"])
def test_price_cell_beyond_float_range_is_an_input_error(tmp_path, capsys, price_workbook, value):
    """A price cell 1e309 was read as infinity."""
    path = _patched_workbook(price_workbook, tmp_path / "inf.xlsx", "123.456789", value)
    run = run_main(capsys, "plan", path, "--json", "-")
    assert_clean_refusal(run, "inf.xlsx", "报价", "第 5 行", "单价", "有限")
    assert "Infinity" not in run.out


@pytest.mark.parametrize("text", ["inf", "nan", "Infinity", "-inf", "1e309"])
def test_non_finite_text_in_a_number_cell(tmp_path, capsys, sample_input, text):
    import openpyxl

    from data.writer import write_input_workbook

    path = tmp_path / "text.xlsx"
    write_input_workbook(sample_input, path, lang="zh")
    wb = openpyxl.load_workbook(path)
    ws = wb["业务系统"]
    col = next(c.column for c in ws[1] if str(c.value).startswith("vCPU"))
    ws.cell(row=3, column=col, value=text)
    wb.save(path)
    run = run_main(capsys, "plan", path)
    assert_clean_refusal(run, "业务系统", "第 3 行", "vCPU")


@pytest.mark.parametrize("text", ["5e-324", "1e-9", "0.001"])
def test_a_performance_factor_near_zero_is_an_input_error(tmp_path, capsys, sample_input, text):
    """Found by the fuzzer (seed 626611): 性能系数 5e-324 made every system need 0 vCPU on that
    pool. Before, this file planned (exit 0) with systems there for free vCPU; in the fuzzer's
    case, whose pool had no vCPU price, the plan workbook raised KeyError (exit 1)."""
    import openpyxl

    from data.writer import write_input_workbook

    path = tmp_path / "factor.xlsx"
    write_input_workbook(sample_input, path, lang="zh")
    wb = openpyxl.load_workbook(path)
    ws = wb["平台"]
    col = next(c.column for c in ws[1] if str(c.value).startswith("性能系数"))
    ws.cell(row=3, column=col, value=float(text))
    wb.save(path)
    run = run_main(capsys, "plan", path, "-o", tmp_path / "plan.xlsx")
    assert_clean_refusal(run, "平台", "第 3 行", "性能系数", "数值过小")
    assert not (tmp_path / "plan.xlsx").exists()


def _quote_csv(path: Path, price: str) -> Path:
    path.write_text(
        f"资源,单价(元/月),计费周期\nvCPU,{price},月\n内存,20,月\n存储,0.5,月\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("price", ["1e309", "inf", "-1e999"])
def test_prices_json_never_prints_infinity(tmp_path, capsys, price):
    """`yunce prices --json -` printed Infinity, which is not JSON."""
    quote = _quote_csv(tmp_path / "quote.csv", price)
    run = run_main(
        capsys,
        "prices",
        quote,
        "--vendor",
        "甲",
        "--platform",
        "池",
        "--json",
        "-",
        "--no-remember",
    )
    assert "Infinity" not in run.out and "NaN" not in run.out
    assert_clean_refusal(run, "quote.csv", "第 2 行", "单价")


def test_prices_xlsx_cell_1e309(tmp_path, capsys):
    import openpyxl

    src = tmp_path / "q.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["资源", "单价(元/月)", "计费周期"])
    ws.append(["vCPU", 77.125, "月"])
    ws.append(["内存", 20, "月"])
    wb.save(src)
    path = _patched_workbook(src, tmp_path / "quote.xlsx", "77.125", "1e309")
    run = run_main(
        capsys, "prices", path, "--vendor", "甲", "--platform", "池", "--json", "-", "--no-remember"
    )
    assert "Infinity" not in run.out
    assert_clean_refusal(run, "quote.xlsx", "第 2 行", "单价")


def test_import_refuses_a_non_finite_price(tmp_path, capsys):
    raw = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw"
    platforms = tmp_path / "platforms.csv"
    platforms.write_text(
        "供应商,平台,部署方式,信创,等保级别\n甲,池,私有云,否,3\n", encoding="utf-8"
    )
    run = run_main(
        capsys,
        "import",
        "--prices",
        _quote_csv(tmp_path / "quote.csv", "1e309"),
        "--vendor",
        "甲",
        "--platform",
        "池",
        "--platforms",
        platforms,
        "--workloads",
        raw / "信息系统清单.xlsx",
        "-o",
        tmp_path / "county.xlsx",
        "--no-remember",
    )
    assert_clean_refusal(run, "quote.csv", "第 2 行", "单价")
    assert not (tmp_path / "county.xlsx").exists()


def test_every_json_the_command_line_writes_is_strict(tmp_path, capsys, sample_input):
    """plan (optimal, infeasible, year plan), prices: parsed with allow_nan=False semantics."""
    from dataclasses import replace

    from data.writer import write_input_workbook

    raw = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw"
    poor = tmp_path / "poor.xlsx"  # a budget no plan meets: exit 3, with a diagnosis
    write_input_workbook(
        replace(sample_input, policy=replace(sample_input.policy, budget_annual=4_000_000)),
        poor,
    )
    outputs = []
    for argv, code in (
        (("plan", "--sample", "--json", "-"), 0),
        (("plan", "--sample-years", "--json", "-"), 0),
        (("plan", poor, "--json", "-"), 3),
        (("prices", raw / "华为云报价.xlsx", "--json", "-", "--no-remember"), 0),
    ):
        run = run_main(capsys, *argv)
        assert run.code == code, str(run)
        outputs.append(run.out)
    run = run_main(capsys, "plan", poor, "--json", str(tmp_path / "s.json"))
    assert run.code == 3
    outputs.append((tmp_path / "s.json").read_text(encoding="utf-8"))
    for text in outputs:
        doc = strict_json(text)
        assert doc, text[:200]

    # the summary's numbers are finite all the way down
    def finite(v):  # noqa: ANN001, ANN202
        if isinstance(v, float):
            assert math.isfinite(v)
        elif isinstance(v, dict):
            for x in v.values():
                finite(x)
        elif isinstance(v, list):
            for x in v:
                finite(x)

    for text in outputs:
        finite(strict_json(text))
