"""Every message of the vendor-quote / inventory importers (data.importers) has English too.

The desktop app shows import problems in the language the user chose. Each ValidationIssue the
importers produce carries its message and hint as :class:`planner.text.Msg` (the Chinese string,
unchanged, with the English attached); expected column names and made-up values are Msgs too.
The English must be real English: no Chinese left in it except what came from the user's files
(a pool name, a header, a cell), Chinese words quoted as literal text to type, and 信创.
"""

from __future__ import annotations

import csv
import pickle
import re
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pytest

from data.cell_values import clean_text, is_blank
from data.importers.assemble import assemble, read_platforms_file, read_policy_file
from data.importers.grid import read_grids
from data.importers.inventory import read_inventory
from data.importers.mapping import MappingStore
from data.importers.quotes import read_quote
from data.importers.report import (
    HEADS,
    REPORT_SHEET,
    REPORT_SHEET_EN,
    add_report_sheet,
    report_order,
)
from data.workbook import ValidationIssue
from data.xlsxbook import Book
from planner.text import Msg, localize

RAW = Path(__file__).parents[2] / "data" / "samples" / "raw"
FIX = Path(__file__).parent / "fixtures"
RAW_PRICES = [
    "天翼云报价单.xlsx",
    "移动云报价.csv",
    "联通云价格矩阵.xlsx",
    "华为云报价.xlsx",
    "浪潮云报价.csv",
    "阿里云报价.xlsx",
]

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
#: A quoted part of an English message: '…' (an apostrophe inside a word does not open one).
QUOTED = re.compile(r"(?<![A-Za-z])'([^'\n]*)'(?![A-Za-z])")
#: Chinese words the English hints quote as literal text for the user to type or look for.
TYPED = {
    "合计",
    "小计",
    "注",
    "资源池",
    "供应商",
    "元/月",
    "元/年",
    "3.5万",
    "业务系统",
    "天翼云/市政务云x86专区",
}
#: Chinese terms English messages may keep as they are.
GLOSSARY = ("信创",)


def leftover_cjk(en: str, from_file: Iterable[str]) -> list[str]:
    """The CJK characters of an English text that are not accounted for.

    Accounted for: text that came from the user's files (from_file: cell texts, headers, file
    and sheet names — anywhere in the text), a quoted '…' part that is such text or a literal in
    TYPED, and the glossary terms. Anything else Chinese is an untranslated bit.
    """
    texts = sorted({t for t in from_file if t}, key=len, reverse=True)

    def quoted(m: re.Match[str]) -> str:
        inner = m.group(1)
        return " " if inner in TYPED or any(inner in t for t in texts) else m.group(0)

    rest = QUOTED.sub(quoted, en)
    for t in texts:
        rest = rest.replace(t, " ")
    for term in GLOSSARY:
        rest = rest.replace(term, " ")
    return CJK.findall(rest)


def file_texts(*paths: Path) -> set[str]:
    """Every text the files hold: names, sheet names, cells (as the importers clean them)."""
    out: set[str] = set()
    for path in paths:
        out |= {path.name, path.stem, str(path)}
        grids, _ = read_grids(path)
        for g in grids:
            out.add(g.sheet)
            out |= {clean_text(v) for row in g.rows for v in row if not is_blank(v)}
    # a section title's name without its number ("3. 青云" names the vendor 青云)
    out |= {re.sub(r"^\s*[\d一二三四五六七八九十]+[、.．)]\s*", "", t) for t in list(out)}
    return out


def check_english(issues: list[ValidationIssue], from_file: set[str]) -> None:
    """Every issue is bilingual: Msg message/hint, English apart from file text, no Chinese left."""
    assert issues, "nothing to check"
    problems = []
    for i in issues:
        known = from_file | {i.file, i.sheet}
        for name in ("column", "value"):  # a Msg here is ours; a plain str came from the file
            v = getattr(i, name)
            if not isinstance(v, Msg):
                known.add(str(v))
        for name in ("message", "hint", "column", "value"):
            v = getattr(i, name)
            if name in ("message", "hint"):
                if not isinstance(v, Msg):
                    problems.append(f"{name} is not a Msg: {v!r}")
                    continue
                if v and v.en == v.zh:
                    problems.append(f"{name} has no English of its own: {v!r}")
            if isinstance(v, Msg) and leftover_cjk(v.text("en"), known):
                problems.append(f"{name} English has Chinese left: {v!r}")
    assert not problems, "\n".join(problems)


# --- the helper itself can fail ----------------------------------------------------------------
def test_leftover_cjk_finds_untranslated_chinese() -> None:
    assert leftover_cjk("Unrecognised 列, ignored", set()) == ["列"]
    assert leftover_cjk("Duplicate price（row 3）", set()) == ["（", "）"]
    assert leftover_cjk("Pool '未知' is unknown", {"鲲鹏资源池"}) == ["未", "知"]
    assert leftover_cjk("Pool '鲲鹏资源池' is private", {"二、鲲鹏资源池"}) == []
    assert leftover_cjk("file 天翼云报价.xlsx row 3", {"天翼云报价.xlsx"}) == []
    assert leftover_cjk("remove words such as '合计'", set()) == []
    assert leftover_cjk("the county's own 机房", set()) == ["机", "房"]
    assert leftover_cjk("no 信创 (domestic stack) share", set()) == []
    with pytest.raises(AssertionError, match="not a Msg"):
        check_english([ValidationIssue("a.csv", message="单价不是数字")], set())
    with pytest.raises(AssertionError, match="no English"):
        check_english([ValidationIssue("a.csv", message=Msg("单价不是数字"))], set())
    with pytest.raises(AssertionError, match="Chinese left"):
        bad = ValidationIssue("a.csv", message=Msg("单价不是数字", "单价 is not a number"))
        check_english([bad], set())


# --- files that go wrong in every way the importers report -------------------------------------
def _xlsx(path: Path, rows: list[list[object]], sheet: str = "报价") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def bad_quote_xlsx(folder: Path) -> Path:
    """Long layout: bad price, negative price, blank price, unknown item, instance without a spec,
    storage tiers, a duplicate, an unknown column, a blank row, 合计 and 注 rows."""
    return _xlsx(
        folder / "报价单.xlsx",
        [
            ["天翼云 政务云报价单"],
            ["资源池", "资源类型", "单价(元/核/月)", "奇怪的列"],
            ["鲲鹏资源池", "vCPU", "面议", ""],
            ["鲲鹏资源池", "内存", -5, ""],
            ["鲲鹏资源池", "带宽", None, ""],
            ["鲲鹏资源池", "运维驻场", 0.1, ""],
            ["鲲鹏资源池", "云主机", 300, ""],
            ["鲲鹏资源池", "云硬盘(SSD)", 1.2, ""],
            ["鲲鹏资源池", "云硬盘(SAS)", 0.5, ""],
            [None, None, None, None],
            ["鲲鹏资源池", "CPU", 52, ""],
            ["鲲鹏资源池", "vCPU", 55, ""],
            ["合计", "", 1000, ""],
            ["注：以上价格含税", "", "", ""],
        ],
    )


def bad_unit_csv(folder: Path) -> Path:
    """A unit column that states no period (元/个/次): the period is guessed."""
    return _csv(
        folder / "移动云报价.csv",
        [
            ["资源池", "计费项", "单价", "计量单位"],
            ["互联网区", "vCPU", "48", "元/个/次"],
        ],
    )


def no_vendor_csv(folder: Path) -> Path:
    return _csv(
        folder / "quote.csv", [["资源池", "计费项", "单价(元/月)"], ["政务区", "vCPU", "48"]]
    )


def all_pools_csv(folder: Path) -> Path:
    """A security service for all pools, in a file that names no pool."""
    return _csv(
        folder / "阿里云安全服务.csv",
        [["资源池", "计费项", "单价(万元/套/年)"], ["全部", "等保三级安全服务", "3.8"]],
    )


def matrix_xlsx(folder: Path) -> Path:
    """Wide layout with platform attributes: unrecognised values, a contradiction, empty rows,
    a group title row, two unit-price columns, a security line for all pools of no pool."""
    wide = _xlsx(
        folder / "联通云价格矩阵.xlsx",
        [
            [
                "资源池",
                "部署方式",
                "信创",
                "等保级别",
                "容量vCPU",
                "可用性",
                "vCPU(元/核/月)",
                "内存(元/GB/月)",
            ],
            ["互联网区", "私有云", "是", "三级", 2000, "99.9%", 50, 10],
            ["互联网区", "公有云", "否", "三级", 2000, "99.9%", 51, 11],
            ["混合区", "混合", "也许", "高", "很多", "不知道", 50, None],
            ["空池", "私有云", "否", "二级", None, None, None, None],
        ],
    )
    wb = openpyxl.load_workbook(wide)
    ws = wb.create_sheet("安全服务")
    for row in [["资源池", "计费项", "单价(万元/套/年)"], ["全部", "等保三级安全服务", 3.8]]:
        ws.append(row)
    wb.save(wide)
    return wide


def sections_csv(folder: Path) -> Path:
    """Pools as group title rows, a repeated header, two price columns (包月 | 包年)."""
    return _csv(
        folder / "浪潮云报价.csv",
        [
            ["计费项", "单价(元/月)", "单价(元/年)"],
            ["一、信创云(飞腾)"],
            ["vCPU", "50", "600"],
            ["计费项", "单价(元/月)", "单价(元/年)"],
            ["内存", "", "130"],
        ],
        encoding="utf-8-sig",
    )


def no_pool_csv(folder: Path) -> Path:
    return _csv(folder / "华为云报价.csv", [["计费项", "单价(元/月)"], ["vCPU", "50"]])


def broken_files(folder: Path) -> list[Path]:
    """A file that does not exist, one of an unknown type, a damaged .xlsx, a bad GBK CSV, a
    sheet without any table."""
    (folder / "报价.pdf").write_bytes(b"%PDF-1.4")
    (folder / "坏文件.xlsx").write_bytes(b"not a zip at all")
    (folder / "乱码.csv").write_bytes("计费项,单价\n".encode("gb18030") + b"vCPU,\x81\x20\xff\n")
    (folder / "无扩展名").write_text("x", encoding="utf-8")
    empty = _xlsx(folder / "说明文字.xlsx", [["这里没有报价"], ["只有一段说明"]], sheet="说明页")
    return [
        folder / "不存在.xlsx",
        folder / "报价.pdf",
        folder / "坏文件.xlsx",
        folder / "乱码.csv",
        folder / "无扩展名",
        empty,
    ]


def bad_inventory_csv(folder: Path) -> Path:
    """No 等保级别 column; a sensitive-data guess, a classified system, an unsplittable location,
    an unknown column."""
    return _csv(
        folder / "信息系统清单.csv",
        [
            ["系统名称", "部门", "CPU", "内存", "存储(TB)", "数据分级", "现部署位置", "奇怪的列"],
            ["协同办公", "县政府办", "16核", "32GB", 1, "敏感", "天翼云/政务云", "x"],
            ["保密系统", "县保密局", 8, 16, 1, "涉密", "", "x"],
            ["门户网站", "县政府办", 8, 16, 0.5, "公开", "某地机房里", "x"],
        ],
    )


def blank_mlps_inventory(folder: Path) -> Path:
    """An inventory with an 等保级别 column left blank for one system."""
    return _xlsx(
        folder / "系统清单.xlsx",
        [
            ["县信息系统清单"],
            ["系统名称", "主管部门", "vCPU", "内存GB", "存储GB", "等保级别", "数据分级"],
            ["协同办公", "县政府办", 16, 32, 1024, "三级", "一般"],
            ["门户网站", "县政府办", 8, 16, 512, None, "公开"],
        ],
        sheet="清单",
    )


def bad_platforms_xlsx(folder: Path) -> Path:
    return _xlsx(
        folder / "平台清单.xlsx",
        [
            ["供应商", "平台", "部署方式", "信创", "等保级别", "容量vCPU", "可用性"],
            ["", "无名池", "私有云", "是", 3, 100, 99.9],
            ["天翼云", "鲲鹏资源池", "混合", "也许", 9, -1, "高"],
            ["天翼云", "鲲鹏资源池", "私有云", "是", 3, 100, 99.9],
            ["天翼云", "未报价池", "私有云", "否", 3, None, None],
        ],
        sheet="平台",
    )


def all_bad_issues(folder: Path) -> tuple[list[ValidationIssue], set[str]]:
    """Issues of every kind from the files above, and the texts those files hold."""
    quotes = [
        bad_quote_xlsx(folder),
        bad_unit_csv(folder),
        matrix_xlsx(folder),
        sections_csv(folder),
        no_pool_csv(folder),
        no_vendor_csv(folder),
        all_pools_csv(folder),
    ]
    broken = broken_files(folder)
    inv, inv2 = bad_inventory_csv(folder), blank_mlps_inventory(folder)
    platforms = bad_platforms_xlsx(folder)
    empty_policy = _csv(folder / "约束.csv", [])
    (folder / "m.json").write_text("{not json", encoding="utf-8")
    issues: list[ValidationIssue] = []
    for path in quotes + broken:
        issues += read_quote(path).issues
    issues += read_inventory(inv).issues + read_inventory(inv2).issues
    issues += read_inventory(folder / "说明文字.xlsx").issues
    read_platforms_file(platforms, issues)
    read_platforms_file(folder / "说明文字.xlsx", issues)
    read_policy_file(empty_policy, issues)
    result = assemble(
        quotes[:3], inv, platforms_file=platforms, mappings=MappingStore(folder / "m.json")
    )
    issues += result.issues
    result = assemble([quotes[0]], inv2)
    issues += result.issues
    return issues, file_texts(*quotes, inv, inv2, platforms, *broken[3:])


@pytest.fixture
def bad(tmp_path: Path) -> tuple[list[ValidationIssue], set[str]]:
    return all_bad_issues(tmp_path)


# Each (Chinese as it has always read, a word of its English): the problems above all show up.
EXPECTED = [
    ("单价不是数字", "not a number"),
    ("单价不能为负数", "negative"),
    ("带宽没有单价，该行未读取", "has no unit price"),
    (
        "未识别的计费项，该行未读取（Yunce 只计 vCPU、内存、块存储、带宽、等保安全服务和云主机实例）",
        "Unrecognised billing item",
    ),
    ("云主机实例没有可识别的规格", "no recognisable spec"),
    ("同一资源池有多档存储价格，按普通档（第 9 行）计，高性能档未使用", "standard tier (row 9)"),
    (
        "重复报价，按第 11 行的价格计，本行未使用（本行 55.00 元/月，所用 52.00 元/月）",
        "Duplicate price; the price in row 11",
    ),
    ("无法识别的列，已忽略", "Unrecognised column"),
    ("表中有 1 个空行，已跳过（第 10 行）", "1 blank row in the table skipped (row 10)"),
    ("合计/小计行，已跳过（不作为数据读取）", "Total/subtotal row, skipped"),
    ("注释/说明行，已跳过（不作为数据读取）", "Note row, skipped"),
    ("重复的表头行，已跳过（不作为数据读取）", "Repeated header row, skipped"),
    ("分组标题行，已跳过；其下各行的资源池/分组视为「信创云(飞腾)」", "'信创云(飞腾)'"),
    (
        "有多个价格列（单价(元/月)、单价(元/年)），每列读作一条报价；同一资源或规格按折合每年最便宜的计，其余在下方逐条列出",
        "Several price columns ('单价(元/月)', '单价(元/年)')",
    ),
    ("未注明计费周期，按年计（推测）", "taken as per year"),
    ("无法确定供应商", "vendor"),
    ("无法确定资源池（平台）", "resource pool"),
    ("根据标题推测供应商为「天翼云」", "Vendor guessed from the title: '天翼云'"),
    ("根据文件名推测供应商为「联通云」", "Vendor guessed from the file name: '联通云'"),
    ("无法识别的部署方式", "Unrecognised deployment type"),
    ("无法识别的信创", "Unrecognised 信创 (domestic stack) value"),
    ("无法识别的等保级别", "Unrecognised MLPS level"),
    ("无法识别的容量", "Unrecognised capacity"),
    ("无法识别的可用性", "Unrecognised availability"),
    ("同一资源池前后不一致（前面为 private）", "(earlier: private cloud)"),
    ("同一资源池前后不一致（前面为 True）", "(earlier: yes)"),
    ("该行没有任何单价，未读取", "no unit price at all"),
    ("适用于全部资源池，但文件中没有任何资源池", "names no pool"),
    ("文件不存在", "File not found"),
    ("不支持的文件类型「.pdf」", "Unsupported file type '.pdf'"),
    ("不支持的文件类型「无扩展名」", "no extension"),
    ("无法作为 Excel 工作簿打开（文件损坏、加密或格式不符）", "Excel workbook"),
    ("文件中有无法按 gb18030 解码的字符，已用 � 代替", "decoded as gb18030"),
    ("未找到报价表（没有可识别的表头，如 资源类型/单价），该工作表已跳过", "No quote table found"),
    ("文件中没有找到报价表", "No quote table found in the file"),
    ("清单缺少「等保级别」列", "The list has no 'MLPS level' column"),
    ("数据分级按「重要」处理（推测：含敏感数据的系统只能上私有云）", "'important'"),
    ("涉密系统不能部署在政务云上", "Classified systems"),
    ("无法分出现供应商和现平台，按本县自建机房处理（推测）", "county machine room"),
    (
        "没有找到业务系统清单（表头应含 系统名称、CPU、内存、存储、等保级别 等列）",
        "No system inventory",
    ),
    ("没有找到平台表（表头应含 供应商、平台、部署方式、信创、等保级别）", "No platforms table"),
    ("供应商和平台须填写", "must both be filled in"),
    ("无法识别的是/否值", "yes/no"),
    ("等保级别应为 1–4", "must be 1–4"),
    ("容量不是非负数字", "non-negative"),
    ("可用性不是百分比", "percentage"),
    ("约束文件为空", "policy file is empty"),
    ("平台重复", "Duplicate platform"),
    ("该平台没有任何报价，不会被选用", "no prices"),
    (
        "根据资源池名称推测「互联网区」为公有云（推测，请确认）",
        "Pool '互联网区' taken as public cloud",
    ),
    (
        "根据资源池名称推测「互联网区」不是信创资源池（推测，请确认）",
        "taken as not a 信创 (domestic stack) pool",
    ),
    (
        "平台「联通云/混合区」的部署方式未知",
        "The deployment type of platform '联通云/混合区' is unknown",
    ),
    ("平台「移动云/互联网区」的等保级别未知（不会推测）", "it is never guessed"),
    (
        "未提供约束文件，按默认规则（不设预算上限、规划 3 年、无信创占比要求）",
        "No policy file given",
    ),
]


def test_every_kind_of_problem_is_reported(bad: tuple[list[ValidationIssue], set[str]]) -> None:
    issues, _ = bad
    by_zh = {str(i.message): i.message for i in issues}
    missing = [zh for zh, _ in EXPECTED if zh not in by_zh]
    assert not missing
    for zh, en in EXPECTED:
        assert en in by_zh[zh].text("en"), (zh, by_zh[zh].text("en"))
    assert any(str(i.message).startswith("映射文件 ") and "无法读取" in i.message for i in issues)


def test_problems_read_in_english(bad: tuple[list[ValidationIssue], set[str]]) -> None:
    issues, texts = bad
    check_english(issues, texts)


def test_chinese_is_the_default_and_unchanged(bad: tuple[list[ValidationIssue], set[str]]) -> None:
    issues, _ = bad
    for i in issues:
        assert i.message.text("zh") == str(i.message) == i.message.text()
        assert localize(i.message) == str.__str__(i.message)
    hints = {str(i.message): str(i.hint) for i in issues}
    assert hints["单价不是数字"] == "请填写数字，例如 52 或 ¥1,234.00 或 3.5万"
    assert hints["清单缺少「等保级别」列"] == (
        "请加一列「等保级别」并逐个系统填写 1–4（Yunce 不会推测等保级别；可查定级备案材料）"
    )
    assert (
        hints["合计/小计行，已跳过（不作为数据读取）"]
        == "如这一行是数据，请删去其中的合计/注等字样"
    )
    columns = {str(i.message): i.column for i in issues}
    assert columns["无法确定资源池（平台）"] == "资源池"
    assert columns["无法确定资源池（平台）"].text("en") == "pool"


def test_messages_survive_pickling(bad: tuple[list[ValidationIssue], set[str]]) -> None:
    issues, _ = bad
    back = pickle.loads(pickle.dumps(issues))
    assert back == issues
    for a, b in zip(issues, back, strict=True):
        for name in ("message", "hint", "column", "value"):
            x, y = getattr(a, name), getattr(b, name)
            assert type(x) is type(y) and localize(x, "en") == localize(y, "en")
    assert all(isinstance(i.message, Msg) and i.message.en != i.message.zh for i in back)


def test_raw_sample_reads_in_english(tmp_path: Path) -> None:
    prices = [RAW / f for f in RAW_PRICES]
    result = assemble(
        prices,
        RAW / "信息系统清单.xlsx",
        policy_file=RAW / "约束.csv",
        platforms_file=RAW / "平台清单.xlsx",
        mappings=MappingStore(None),
    )
    assert result.input is not None and result.issues
    texts = file_texts(*prices, RAW / "信息系统清单.xlsx", RAW / "平台清单.xlsx", RAW / "约束.csv")
    check_english(result.issues, texts)
    guessed = [i for i in result.issues if "推测" in i.message]
    assert guessed and all("guess" in i.message.text("en") for i in guessed)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FIX.iterdir() if p.suffix in (".csv", ".xlsx"))
)
def test_fixture_messages_read_in_english(name: str) -> None:
    path = FIX / name
    issues = (
        read_inventory(path).issues if name.startswith("inventory") else read_quote(path).issues
    )
    if issues:
        check_english(issues, file_texts(path))


def _report(tmp_path: Path, issues: list[ValidationIssue], lang: str):  # type: ignore[no-untyped-def]
    """The report sheet as written (XlsxWriter), read back with openpyxl."""
    book = Book()
    add_report_sheet(book, issues, lang)
    path = tmp_path / f"report-{lang}.xlsx"
    book.save(path)
    return openpyxl.load_workbook(path)[REPORT_SHEET if lang == "zh" else REPORT_SHEET_EN]


def test_report_sheet_in_both_languages(
    bad: tuple[list[ValidationIssue], set[str]], tmp_path: Path
) -> None:
    issues, texts = bad
    sheets = {lang: _report(tmp_path, issues, lang) for lang in ("zh", "en")}
    zh, en = sheets["zh"], sheets["en"]
    assert tuple(c.value for c in zh[1]) == HEADS
    assert [c.value for c in en[1]][6:] == ["Problem or guess", "How to fix"]
    assert zh.max_row == en.max_row == len(issues) + 1
    for r in range(2, zh.max_row + 1):
        assert zh.cell(r, 1).value in ("错误", "需确认", "提示", "推测，请确认")
        assert en.cell(r, 1).value in ("Error", "To confirm", "Note", "Guess: please check")
        message_zh, message_en = zh.cell(r, 7).value, en.cell(r, 7).value
        assert type(message_zh) is str and type(message_en) is str
        shown = {str(en.cell(r, j).value or "") for j in (2, 3, 6)}  # file, sheet, value
        assert message_zh != message_en and not leftover_cjk(message_en, texts | shown)
    ordered = report_order(issues)
    assert [zh.cell(r, 7).value for r in range(2, zh.max_row + 1)] == [
        str(i.message) for i in ordered
    ]
    assert [zh.cell(r, 8).value for r in range(2, zh.max_row + 1)] == [
        str(i.hint) or None for i in ordered
    ]


def test_empty_report_says_so(tmp_path: Path) -> None:
    for lang, text in (("zh", "未发现问题"), ("en", "No problems found")):
        assert _report(tmp_path, [], lang).cell(2, 7).value == text


def test_guesses_to_confirm_come_before_other_notes(tmp_path: Path) -> None:
    """Issue 14 (9): "推测，请确认" items are listed first, where the user sees them."""
    note = ValidationIssue(
        "q.xlsx",
        "报价",
        3,
        "单价",
        "",
        Msg("已忽略合计行", "Total row ignored"),
        severity="warning",
    )
    guess = ValidationIssue(
        "q.xlsx",
        "报价",
        9,
        "平台",
        "x",
        Msg(
            "根据资源池名称推测为私有云（推测，请确认）",
            "Guessed private from the pool name (a guess: please check)",
        ),
        severity="warning",
    )
    never = ValidationIssue(
        "w.xlsx",
        "系统",
        2,
        "等保",
        "",
        Msg("等保级别未知（不会推测）", "MLPS unknown (never guessed)"),
        severity="warning",
    )
    ws = _report(tmp_path, [note, never, guess], "zh")
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["推测，请确认", "提示", "提示"]
    assert ws.cell(2, 5).value == "平台"


def test_confirm_items_come_right_after_errors_with_every_row_they_affect(tmp_path: Path) -> None:
    """Issue 20: a guess that changes a price (需确认) is listed before the other guesses, and
    its 行 cell names every row it rests on."""
    guess = ValidationIssue(
        "q.xlsx",
        "报价",
        9,
        "平台",
        "x",
        Msg("推测为私有云（推测，请确认）", "private (a guess)"),
        severity="warning",
    )
    steps = ValidationIssue(
        "q.xlsx",
        "带宽",
        4,
        "",
        "1Mbps",
        Msg("阶梯价格（推测）", "Step prices (a guess)"),
        Msg("请核对", "Check"),
        "warning",
        confirm="steps",
        rows=(4, 5, 6, 7, 8, 9, 12),
    )
    zh = _report(tmp_path, [guess, steps], "zh")
    assert [zh.cell(r, 1).value for r in (2, 3)] == ["需确认", "推测，请确认"]
    assert zh.cell(2, 4).value == "4–9、12"
    en = _report(tmp_path, [guess, steps], "en")
    assert en.cell(2, 1).value == "To confirm" and en.cell(2, 4).value == "4–9, 12"
