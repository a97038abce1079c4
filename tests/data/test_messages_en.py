"""Every message of the canonical workbook reader (and the writers) is available in English.

The desktop app has an English mode: each ValidationIssue renders in either language from the
same object (its message and hint are :class:`planner.text.Msg`), the Chinese rendering stays
exactly what it always was, and the English survives pickling (results cross processes).
"""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import openpyxl
import pytest

from data.samples import sample_county
from data.scenarios import read_scenarios
from data.workbook import InputError, ValidationIssue, describe, read_tables, read_workbook
from data.writer import write_template
from data.xlsx import WriteError, atomic_save
from planner.text import Msg

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
QUOTED = re.compile(r"'[^'\n]*'")
#: Chinese terms English messages may use as they are (with a gloss where they appear).
GLOSSARY = ("信创",)


def cjk_outside_quotes(text: str, *from_file: str) -> list[str]:
    """CJK characters of text that are not inside '…', not a glossary term and not from_file.

    from_file: strings that came from the workbook (a cell value, the file name) and are shown
    unquoted, e.g. in "(value: 政务云)".
    """
    rest = QUOTED.sub("", text)
    for s in sorted((s for s in from_file if s), key=len, reverse=True):
        rest = rest.replace(s, "")
    for term in GLOSSARY:
        rest = rest.replace(term, "")
    return CJK.findall(rest)


def test_cjk_helper_can_fail():
    assert cjk_outside_quotes("Error in row 5") == []
    assert cjk_outside_quotes("sheet '平台', column '单价(元)'") == []
    assert cjk_outside_quotes("Not a number (value: 很多)", "很多") == []
    assert cjk_outside_quotes("[错误] file x") == ["错", "误"]
    assert cjk_outside_quotes("sheet '平台'，row 5") == ["，"]  # full-width punctuation counts
    assert cjk_outside_quotes("Not a number (value: 很多)") == ["很", "多"]
    assert cjk_outside_quotes("a '平台 b 报价") == [
        "平",
        "台",
        "报",
        "价",
    ]  # an unclosed quote hides nothing


def chinese_text(issue: ValidationIssue) -> str:
    """The Chinese rendering exactly as the reader produced it before messages became bilingual."""
    parts = [f"文件 {issue.file}"]
    if issue.sheet:
        parts.append(f"工作表「{issue.sheet}」")
    if issue.row is not None:
        parts.append(f"第 {issue.row} 行")
    if issue.column:
        parts.append(f"列「{issue.column}」")
    head = "错误" if issue.severity == "error" else "提示"
    value = f"（值：{issue.value}）" if issue.value != "" else ""
    hint = f" 修改方法：{issue.hint}" if issue.hint else ""
    return f"[{head}] {'，'.join(parts)}：{issue.message}{value}。{hint}".replace("。。", "。")


def _write(path, sheets: dict[str, list[list[object]]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)


BAD = {
    "平台": [
        [
            "供应商",
            "平台",
            "部署方式",
            "信创",
            "等保级别",
            "容量vCPU",
            "备注栏",
            "厂商",
        ],  # unknown, duplicate
        ["天翼云", "政务云", "私有云", "是", 3, 100, "x"],  # row 2
        ["天翼云", "政务云", "私有云", "是", 3, 200, None],  # row 3: duplicate platform
        ["华为云", "鲲鹏", "混合云", "也许", 7, -5, None],  # row 4: enum, bool, MLPS, negative
        [
            "联通云",
            "互联网区",
            "公有云",
            "否",
            "五级",
            "很多",
            None,
        ],  # row 5: MLPS text, not a number
    ],
    "报价": [
        ["供应商", "平台", "资源", "单价(元)", "计费周期"],
        ["天翼云", "政务云", "vCPU", 100, "年"],
        ["天翼云", "政务云", "cpu", 120, "年"],  # row 3: duplicate price
        ["移动云", "移动专区", "内存", 10, "月"],  # row 4: platform not declared
        ["天翼云", "政务云", "云主机实例", 1000, "年"],  # row 5: instance without spec
        ["天翼云", "政务云", "显卡", 1e12, "季"],  # row 6: resource, too large, period
    ],
    "业务系统": [
        ["系统名称", "vCPU", "内存GB", "存储GB", "数据分级", "等保级别", "现供应商", "现平台"],
        ["办公OA", 4, 8, 100, "一般", 2, "天翼云", None],  # row 2: vendor without platform
        ["办公OA", 4, 8, 100, "一般", 2, None, None],  # row 3: duplicate name
        [
            "门户网站",
            4,
            8,
            50,
            "公开",
            2,
            "老厂商",
            "旧机房",
        ],  # row 4: current platform not declared
        ["档案系统", 4, 8, 50, "秘密", 2, None, None],  # row 5: data class
        ["视频会议", 4, 8, None, "一般", 2, None, None],  # row 6: storage missing
    ],
    "约束": [
        ["参数", "值"],
        ["年度预算(万元)", "很多"],  # row 2: not a number
        ["预算", 5],  # row 3: duplicate parameter
        [None, 3],  # row 4: value without a name
        ["奇怪参数", 1],  # row 5: unknown parameter
        ["规划年限", 0],  # row 6
        ["信创最低占比", 2],  # row 7
        ["单一供应商最高占比", "大约一半"],  # row 8
        ["最少供应商数", 0],  # row 9
    ],
}


@pytest.fixture
def bad_issues(tmp_path) -> list[ValidationIssue]:
    path = tmp_path / "bad.xlsx"
    _write(path, BAD)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    return exc.value.issues


def _find(
    issues: list[ValidationIssue], sheet: str, row: int | None, zh: str, value: str | None = None
) -> ValidationIssue:
    found = [
        i
        for i in issues
        if i.sheet == sheet and i.row == row and zh in i.message and value in (None, i.value)
    ]
    assert len(found) == 1, (sheet, row, zh, [i.text() for i in issues])
    return found[0]


def _check_english(issue: ValidationIssue) -> str:
    en = issue.text("en")
    assert en.startswith(("[Error] file ", "[Note] file ")), en
    assert en.startswith("[Error]") == (issue.severity == "error")
    assert not cjk_outside_quotes(en, issue.value, issue.file), en
    if issue.row is not None:
        assert f"row {issue.row}" in en
    if issue.sheet:
        assert f"sheet '{issue.sheet}'" in en
    if issue.value:
        assert f"(value: {issue.value})" in en
    if issue.hint:
        assert " How to fix: " in en and en.endswith(".")
    assert ".." not in en and " ." not in en and ":." not in en, en
    return en


def _check_msgs(issue: ValidationIssue) -> None:
    for m in (issue.message, issue.hint):
        assert isinstance(m, Msg), repr(m)
        assert m.en.strip() and m.en != str(m), repr(m)
        assert CJK.search(str(m)), repr(m)  # the Chinese side is Chinese
        assert not cjk_outside_quotes(m.en), repr(m)


def test_every_issue_of_a_bad_workbook_reads_in_english(bad_issues):
    assert len(bad_issues) >= 25
    for issue in bad_issues:
        _check_msgs(issue)
        _check_english(issue)
        assert issue.text() == issue.text("zh") == chinese_text(issue)
        assert issue.location() == chinese_text(issue)[5:].split("：")[0]
        assert issue.location("en").startswith("file bad.xlsx")


def test_expected_english_per_problem(bad_issues):
    cases = [
        # (sheet, row, Chinese message part, English words in .text("en"))
        (
            "平台",
            1,
            "重复",
            [
                "column '厂商': Duplicates column '供应商' (both mean '供应商', vendor)",
                "Delete one of the two columns",
            ],
        ),
        (
            "平台",
            3,
            "平台重复",
            ["Duplicate platform: row 2 already has '天翼云/政务云'", "unique within a vendor"],
        ),
        (
            "平台",
            4,
            "无法识别的部署方式",
            ["Unrecognised deployment type", "(value: 混合云)", "private or public"],
        ),
        ("平台", 4, "是/否", ["yes/no", "(value: 也许)"]),
        ("平台", 4, "等保级别应为", ["MLPS level must be 1–4", "(value: 7)", "Enter 1, 2, 3 or 4"]),
        (
            "平台",
            4,
            "不能为负数",
            [
                "row 4, column '容量vCPU': Cannot be negative (value: -5).",
                "How to fix: Enter 0 or a positive number.",
            ],
        ),
        ("平台", 5, "不是数字", ["column '等保级别': Not a number (value: 五级)", "e.g. 3."]),
        ("平台", 5, "不是数字", ["column '容量vCPU': Not a number (value: 很多)", "e.g. 2000."]),
        ("报价", 3, "重复报价", ["Duplicate price", "row 2 already has one"]),
        ("报价", 4, "平台表中没有", ["not in the '平台' (platforms) sheet", "'天翼云/政务云'"]),
        ("报价", 5, "云主机实例行", ["instance line", "each above 0", "4C8G"]),
        ("报价", 6, "无法识别的资源", ["Unrecognised resource type", "(value: 显卡)"]),
        ("报价", 6, "无法识别的计费周期", ["Unrecognised billing period", "month or year"]),
        ("报价", 6, "数值过大", ["Value too large (the limit is 100,000,000)", "yuan, not fen"]),
        ("业务系统", 2, "同时填写", ["current vendor and the current platform"]),
        (
            "业务系统",
            3,
            "系统名称重复",
            ["Duplicate system name: row 2 already has it", "(value: 办公OA)"],
        ),
        (
            "业务系统",
            5,
            "无法识别的数据分级",
            ["Unrecognised data classification", "(value: 秘密)"],
        ),
        ("业务系统", 4, "现平台不在平台表中", ["[Note]", "being retired", "non-信创"]),
        (
            "业务系统",
            6,
            "必填项为空",
            [
                "column '存储GB': Required value is missing.",
                "How to fix: Fill in '存储GB' (storage_gb): Storage needed (GB) (e.g. 2000).",
            ],
        ),
        ("约束", 2, "不是数字", ["column 'value (年度预算(万元))'", "Not a number (value: 很多)"]),
        (
            "约束",
            3,
            "重复出现",
            ["column 'parameter'", "Parameter '年度预算' (budget_annual) appears more than once"],
        ),
        ("约束", 4, "没有参数名", ["value but no parameter name"]),
        (
            "约束",
            5,
            "未知的参数",
            ["Unknown parameter (value: 奇怪参数)", "'最少供应商数' (min_vendors)"],
        ),
        ("约束", 6, "规划年限", ["planning horizon must be more than 0 years"]),
        ("约束", 7, "比例应在", ["share must be between 0 and 1"]),
        ("约束", 8, "不是比例", ["Not a share (value: 大约一半)"]),
        ("约束", 9, "最少供应商数至少", ["at least 1"]),
    ]
    for sheet, row, zh, words in cases:
        value = re.search(r"\(value: ([^)]*)\)", words[0])
        issue = _find(bad_issues, sheet, row, zh, value.group(1) if value else None)
        en = issue.text("en")
        for w in words:
            assert w in en, (w, en)
        assert zh in issue.text()  # the Chinese keeps its wording
    warning = _find(bad_issues, "平台", 1, "无法识别的列")
    assert warning.severity == "warning" and warning.text("en").startswith(
        "[Note] file bad.xlsx, sheet '平台', row 1, column '备注栏': Unrecognised column"
    )


def test_issue_text_defaults_to_the_chinese_rendering():
    issue = ValidationIssue(
        "a.xlsx",
        "平台",
        3,
        "单价",
        "-1",
        Msg("不能为负数", "Cannot be negative"),
        Msg("请填写 0 或正数", "Enter 0 or a positive number"),
    )
    assert (
        issue.text()
        == "[错误] 文件 a.xlsx，工作表「平台」，第 3 行，列「单价」：不能为负数（值：-1）。 修改方法：请填写 0 或正数"
    )
    assert issue.text("en") == (
        "[Error] file a.xlsx, sheet '平台', row 3, column '单价': Cannot be negative (value: -1). "
        "How to fix: Enter 0 or a positive number."
    )
    plain = ValidationIssue(
        "a.xlsx", message="旧式消息", severity="warning"
    )  # plain strings still work
    assert plain.text() == "[提示] 文件 a.xlsx：旧式消息。"
    assert plain.text("en") == "[Note] file a.xlsx: 旧式消息."


def test_file_and_sheet_problems_in_english(tmp_path):
    _, issues = read_tables(tmp_path / "nowhere.xlsx")
    (missing,) = issues
    assert (
        missing.text("en")
        == "[Error] file nowhere.xlsx: The file does not exist. How to fix: Check the folder and the file name."
    )
    assert missing.text() == "[错误] 文件 nowhere.xlsx：文件不存在。 修改方法：请检查路径和文件名"

    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    _, issues = read_tables(junk)
    assert "Cannot be opened as an Excel workbook" in issues[0].text("en")

    path = tmp_path / "half.xlsx"
    _write(path, {"平台": [], "报价": [["供应商", "平台", "资源", "计费周期"]]})
    _, issues = read_tables(path)
    for issue in issues:
        _check_msgs(issue)
        _check_english(issue)
        assert issue.text() == chinese_text(issue)
    texts = [i.text("en") for i in issues]
    assert any("The sheet is empty" in t and "the '平台' (platforms) sheet" in t for t in texts)
    assert any("There are no data rows below the header" in t and "row 2" in t for t in texts)
    assert any(
        "Required column '单价' (unit_price) is missing" in t
        and "'单价(元)' or 'unit_price (元)'" in t
        and "header row (row 1)" in t
        for t in texts
    )
    assert any(
        "Sheet '业务系统' (workloads) is missing" in t and "one row per information system" in t
        for t in texts
    )


def test_scenario_issues_in_english(tmp_path):
    path = tmp_path / "sc.xlsx"
    _write(
        path,
        {
            "情景": [
                ["名称", "年度预算", "奇怪列"],
                ["甲", "不限", 1],
                ["甲", 5, None],
                [None, 5, None],
                ["乙", -1, None],
            ]
        },
    )
    scenarios, issues = read_scenarios(path)
    assert [s.name for s in scenarios] == ["甲"]
    assert len(issues) == 4
    for issue in issues:
        _check_msgs(issue)
        _check_english(issue)
        assert issue.text() == chinese_text(issue)
    texts = [i.text("en") for i in issues]
    assert any(
        "Unrecognised scenario column" in t and "'年度预算' (budget_annual)" in t for t in texts
    )
    assert any("Duplicate scenario name: row 2 already has it" in t for t in texts)
    assert any("The scenario name is blank" in t for t in texts)
    assert any("row 5, column '年度预算': Cannot be negative" in t for t in texts)

    no_name = tmp_path / "noname.xlsx"
    _write(no_name, {"情景": [["年度预算"], [5]]})
    _, (issue,) = read_scenarios(no_name)
    assert issue.location() == "文件 noname.xlsx，工作表「情景」，第 1 行，列「名称」"
    assert issue.location("en") == "file noname.xlsx, sheet '情景', row 1, column 'name'"
    assert "no name column" in issue.text("en")


def test_issues_and_input_error_keep_english_through_pickle(bad_issues):
    back = pickle.loads(pickle.dumps(bad_issues))
    assert back == bad_issues
    for before, after in zip(bad_issues, back, strict=True):
        assert isinstance(after.message, Msg) and isinstance(after.hint, Msg)
        assert after.text("en") == before.text("en")
        assert after.text() == before.text()
    err = InputError(bad_issues)
    err2 = pickle.loads(pickle.dumps(err))
    assert isinstance(err2, InputError) and err2.issues == bad_issues
    assert str(err2) == str(err) == "\n".join(i.text() for i in bad_issues)
    assert err2.text("en") == "\n".join(i.text("en") for i in bad_issues)
    assert err.args[0].en == err.text("en")  # the exception message itself carries the English


def test_describe_is_bilingual():
    inp = sample_county()
    line = describe(inp)
    assert str(line) == (
        f"{len(inp.platforms)} 个平台（{len(inp.vendors)} 家供应商），{len(inp.prices)} 条报价，"
        f"{len(inp.workloads)} 个业务系统"
    )
    assert line.text("en") == (
        f"{len(inp.platforms)} platforms ({len(inp.vendors)} vendors), {len(inp.prices)} price lines, "
        f"{len(inp.workloads)} systems"
    )
    assert f"已读取：{line}" == f"已读取：{line.zh}"  # f-strings keep the Chinese


def test_write_error_is_bilingual(tmp_path):
    wb = openpyxl.Workbook()
    target = tmp_path / "无此文件夹" / "plan.xlsx"
    with pytest.raises(WriteError) as exc:
        atomic_save(wb, target)
    assert (
        str(exc.value)
        == f"无法写入 {target}：文件夹 {target.parent} 不存在。请先创建该文件夹或另选保存位置。"
    )
    en = exc.value.text("en")
    assert (
        en
        == f"Cannot write {target}: the folder {target.parent} does not exist. Create the folder first or choose another location."
    )
    assert not cjk_outside_quotes(en, str(target), str(target.parent))
    assert pickle.loads(pickle.dumps(exc.value)).text("en") == en

    with pytest.raises(WriteError) as exc:
        atomic_save(wb, tmp_path)
    assert "该位置是一个文件夹" in str(exc.value)
    assert "that is a folder, not a file" in exc.value.text("en")
    assert WriteError("只有中文").text("en") == "只有中文"  # plain messages still render


def test_english_template_has_english_drop_down_texts(tmp_path):
    path = tmp_path / "template_en.xlsx"
    write_template(path, lang="en")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            for text in (dv.error, dv.errorTitle, dv.prompt, dv.promptTitle):
                assert not cjk_outside_quotes(text or ""), (ws.title, text)
    lines = [wb["instructions"].cell(row=r, column=1).value for r in range(2, 5)]
    assert all(line and not cjk_outside_quotes(line, "是/否") for line in lines), lines


# --- every message in the source is bilingual ---------------------------------------------------
SOURCES = [
    "data/workbook.py",
    "data/scenarios.py",
    "data/xlsx.py",
    "data/safe_write.py",
    "data/bounded_read.py",
    "data/project_file.py",
    "data/schema.py",
    "data/writer.py",
]
ROOT = Path(__file__).resolve().parents[2]


def _literal(node: ast.expr) -> str | None:
    """The text of a string literal or the constant parts of an f-string / implicit concatenation."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None and right is None else (left or "") + (right or "")
    if isinstance(node, ast.IfExp):
        return _literal(node.body)
    return None


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


@pytest.mark.parametrize("source", SOURCES)
def test_every_message_in_the_source_has_english(source):
    tree = ast.parse((ROOT / source).read_text(encoding="utf-8"))
    pairs = 0
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = _name(call)
        if name in ("Msg", "bi") and len(call.args) >= 2:
            zh, en = _literal(call.args[0]), _literal(call.args[1])
            if zh is None or en is None:
                continue  # built from variables (checked by the behaviour tests above)
            pairs += 1
            assert en.strip() and en != zh, (source, call.lineno)
            assert CJK.search(zh), (source, call.lineno, zh)
            assert not cjk_outside_quotes(en), (source, call.lineno, en)
        # no plain Chinese text where a user-facing message goes
        plain = [kw.value for kw in call.keywords if kw.arg in ("message", "hint")]
        if name in ("error", "WriteError", "InputError"):
            plain += call.args
        for node in plain:
            text = _literal(node)
            assert text is None or not CJK.search(text), (source, call.lineno, text)
    # the write errors moved from data/xlsx.py (which re-exports WriteError) to data/safe_write.py
    if source in ("data/workbook.py", "data/scenarios.py", "data/safe_write.py"):
        assert pairs >= 5, source
