"""The second sample (data/samples/raw): per-vendor sheets + inventory → the canonical sample's plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.importers.assemble import assemble
from data.importers.mapping import MappingStore
from data.samples import sample_county, sample_county_path
from data.workbook import read_workbook
from planner.optimize import solve
from ui.cli import main

RAW = Path(__file__).parents[2] / "data" / "samples" / "raw"
PRICE_FILES = [
    "天翼云报价单.xlsx",
    "移动云报价.csv",
    "联通云价格矩阵.xlsx",
    "华为云报价.xlsx",
    "浪潮云报价.csv",
    "阿里云报价.xlsx",
]


def _import_args(folder: Path, out: Path) -> list[str]:
    return [
        "import",
        "--prices",
        *[str(folder / f) for f in PRICE_FILES],
        "--workloads",
        str(folder / "信息系统清单.xlsx"),
        "--platforms",
        str(folder / "平台清单.xlsx"),
        "--policy",
        str(folder / "约束.csv"),
        "-o",
        str(out),
        "--mappings",
        str(out.parent / "m.json"),
    ]


def _same_but_instances(a, b) -> None:  # type: ignore[no-untyped-def]
    assert a.platforms == b.platforms
    assert a.workloads == b.workloads
    assert a.policy == b.policy

    def key(p):  # type: ignore[no-untyped-def]
        return (p.vendor, p.platform, p.resource)

    # the order of price lines carries no meaning
    assert sorted((p for p in a.prices if p.resource != "instance"), key=key) == sorted(
        b.prices, key=key
    )


def test_shipped_raw_sample_imports_to_the_canonical_input(tmp_path: Path) -> None:
    out = tmp_path / "county.xlsx"
    assert main(_import_args(RAW, out)) == 0
    imported = read_workbook(out)
    _same_but_instances(imported, sample_county())
    # 华为云 also quotes instance specs, dearer than per-unit: present, never chosen
    assert {p.platform for p in imported.prices if p.resource == "instance"} == {
        "Stack政务云",
        "鲲鹏信创专区",
    }


def _add_terms_sheets(path: Path) -> None:
    """Type the canonical sample's 折扣 and 指定规则 sheets into an imported workbook, as its report
    asks (vendor quotes carry prices; discounts and the county's pins are entered by hand)."""
    from openpyxl import load_workbook

    with sample_county_path() as canonical:
        src = load_workbook(canonical)
    wb = load_workbook(path)
    for name in ("折扣", "指定规则"):
        ws = wb.create_sheet(name)
        for row in src[name].iter_rows(values_only=True):
            ws.append(list(row))
    wb.save(path)


def test_import_then_plan_equals_the_canonical_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "county.xlsx"
    assert main(_import_args(RAW, out)) == 0
    _add_terms_sheets(out)
    assert main(["plan", str(out), "--json", str(tmp_path / "a.json")]) == 0
    with sample_county_path() as canonical:
        assert main(["plan", str(canonical), "--json", str(tmp_path / "b.json")]) == 0
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert a["status"] == b["status"] == "optimal"
    assert a["total_annual_cost"] == b["total_annual_cost"]
    assert a["assignments"] == b["assignments"]


def test_import_in_english_reads_back_to_the_same_input(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    zh, en = tmp_path / "zh.xlsx", tmp_path / "en.xlsx"
    assert main(_import_args(RAW, zh)) == 0
    assert main([*_import_args(RAW, en), "--lang", "en"]) == 0
    sheets = load_workbook(en, read_only=True).sheetnames
    assert "Validation report" in sheets and "校验报告" not in sheets
    a, b = read_workbook(en), read_workbook(zh)
    assert (a.platforms, a.prices, a.workloads, a.policy) == (
        b.platforms,
        b.prices,
        b.workloads,
        b.policy,
    )


def test_raw_sample_is_in_sync_with_build_sample(tmp_path: Path) -> None:
    """Regenerating the raw files from build_sample gives the same input as the shipped ones."""
    from data.samples.raw.build_raw import build

    files = build(tmp_path)
    result = assemble(
        files["prices"],
        files["workloads"],
        files["policy"],
        files["platforms"],
        mappings=MappingStore(None),
    )  # type: ignore[arg-type]
    assert result.errors == []
    assert result.input is not None
    _same_but_instances(result.input, sample_county())


def test_guesses_and_skips_are_in_the_report(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "county.xlsx"
    assert main(_import_args(RAW, out)) == 0
    ws = load_workbook(out)["校验报告"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    messages = [str(r[6]) for r in rows]
    assert any(
        "推测" in m and "公有云" in m for m in messages
    )  # 阿里云/公有云区 deployment guessed
    assert any("合计" in m for m in messages) and any("注释" in m for m in messages)
    assert all(r[0] in ("提示", "推测，请确认") for r in rows)  # no errors
    levels = [r[0] for r in rows]  # guesses to confirm come first
    assert levels[0] == "推测，请确认" and levels == sorted(
        levels, key=lambda x: x != "推测，请确认"
    )
    assert not any("等保级别" in m and "推测" in m for m in messages)  # MLPS is never guessed


def test_missing_mlps_is_an_error_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _import_args(RAW, tmp_path / "x.xlsx")
    i = args.index("--platforms")
    del args[i : i + 2]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "等保级别未知（不会推测）" in err and "--platforms" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_template_filled_imported_planned(tmp_path: Path) -> None:
    """template → filled in (the sample, typed into the template) → imported → planned."""
    from openpyxl import load_workbook

    from data.workbook import to_frames
    from data.writer import write_template

    tpl = tmp_path / "template.xlsx"
    write_template(tpl)
    wb = load_workbook(tpl)
    inp = sample_county()
    frames = to_frames(inp)
    zh = {
        "private": "私有云",
        "public": "公有云",
        "core": "核心",
        "important": "重要",
        "general": "一般",
        "public_dc": "公开",
        "month": "月",
        "year": "年",
    }
    for sheet, df in (
        ("平台", frames["platforms"]),
        ("报价", frames["prices"]),
        ("业务系统", frames["workloads"]),
    ):
        ws = wb[sheet]
        heads = [c.value for c in ws[1]]
        from data.schema import match_column

        keys = [
            match_column(
                {"平台": "platforms", "报价": "prices", "业务系统": "workloads"}[sheet], h
            ).key
            for h in heads
        ]  # type: ignore[union-attr]
        for rec in df.to_dict("records"):
            row = []
            for k in keys:
                v = rec.get(k)
                if isinstance(v, bool):
                    v = "是" if v else "否"
                elif isinstance(v, float) and v != v:
                    v = None
                elif k == "data_class":
                    v = zh["public_dc"] if v == "public" else zh[v]
                elif k in ("deployment", "period"):
                    v = zh[v]
                row.append(v)
            ws.append(row)
    pol = wb["约束"]
    values = {
        "年度预算": inp.policy.budget_annual,
        "规划年限": inp.policy.horizon_years,
        "信创最低占比": inp.policy.min_xinchuang_share,
        "单一供应商最高占比": inp.policy.max_vendor_share,
        "最少供应商数": inp.policy.min_vendors,
    }
    for r in range(2, pol.max_row + 1):
        if pol.cell(r, 1).value in values:
            pol.cell(r, 2).value = values[pol.cell(r, 1).value]
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    out = tmp_path / "county.xlsx"
    f = str(filled)
    rc = main(
        [
            "import",
            "--prices",
            f,
            "--workloads",
            f,
            "--platforms",
            f,
            "--policy",
            f,
            "-o",
            str(out),
            "--no-remember",
        ]
    )
    assert rc == 0
    got = read_workbook(out)
    assert (
        got.platforms == inp.platforms
        and got.prices == inp.prices
        and got.workloads == inp.workloads
    )
    assert got.policy == inp.policy
    _add_terms_sheets(out)
    got = read_workbook(out)
    assert got.discounts == inp.discounts and got.system_rules == inp.system_rules
    plan, ref = solve(got), solve(inp)
    assert plan.total_annual_cost == pytest.approx(ref.total_annual_cost, abs=0.005)
    assert [a.platform.key for a in plan.assignments] == [a.platform.key for a in ref.assignments]
