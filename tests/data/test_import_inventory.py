"""The county inventory in its own layout, platform guesses from pool names, policy files."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.importers.assemble import assemble, guess_from_name, read_policy_file
from data.importers.inventory import read_inventory
from data.importers.mapping import MappingStore
from data.importers.quotes import read_quote
from data.workbook import tables_to_input
from planner.model import DataClass, Policy, Workload

FIX = Path(__file__).parent / "fixtures"
G, P, IMP = DataClass.GENERAL, DataClass.PUBLIC, DataClass.IMPORTANT

# Worked out from the cells in make_fixtures.inventory_odd (TB × 1024, 万元 × 10,000).
EXPECTED = (
    Workload(
        "协同办公", "县政府办", 16, 32, 1024, 20, G, 3, True, "天翼云", "政务云", 40000, 180000
    ),
    Workload("门户网站", "县政府办", 8, 16, 512, 0, P, 2, False, None, None, 25000, 60000),
    Workload(
        "不动产登记", "县自然资源局", 40, 128, 15360, 10, IMP, 3, False, None, None, 180000, 900000
    ),
    Workload("人社服务", "县人社局", 16, 32, 2048, 30, IMP, 3, False, None, None, 60000, 220000),
)


def test_inventory_in_its_own_layout() -> None:
    inv = read_inventory(FIX / "inventory_odd.xlsx")
    assert inv.table is not None
    inp, issues = tables_to_input(
        {"workloads": inv.table}, "x", known_platforms={("天翼云", "政务云")}
    )
    assert inp is not None, [i.text() for i in issues]
    assert inp.workloads == EXPECTED
    rows = {i.row: i for i in inv.issues}
    assert "合计" in rows[8].message
    assert rows[7].severity == "warning" and "推测" in rows[7].message  # 敏感 → 重要, a guess


def test_missing_mlps_column_is_an_error_never_a_guess() -> None:
    inv = read_inventory(FIX / "inventory_no_mlps.csv")
    errors = [i for i in inv.issues if i.severity == "error"]
    assert len(errors) == 1 and "等保级别" in errors[0].message and "不会推测" in errors[0].hint


@pytest.mark.parametrize(
    ("name", "deployment", "xinchuang"),
    [
        ("鲲鹏资源池", None, True),
        ("海光专区", None, True),
        ("信创云(飞腾)", None, True),
        ("政务外网专属云", "private", False),
        ("政务外网区鲲鹏专区", "private", True),
        ("互联网区", "public", False),
        ("公有云区", "public", False),
        ("政务专有云", "private", False),
        ("私有云A区", "private", False),
        ("x86专区", None, False),
    ],
)
def test_pool_name_guesses(name: str, deployment: str | None, xinchuang: bool) -> None:
    assert guess_from_name(name) == (deployment, xinchuang)


def test_policy_file_with_title_and_wan(tmp_path: Path) -> None:
    f = tmp_path / "约束.csv"
    f.write_text(
        "青山县采购约束\n参数,值\n年度预算,483万\n信创最低占比,35%\n最少供应商数,3\n",
        encoding="utf-8",
    )
    issues: list = []
    pol = read_policy_file(f, issues)
    assert issues == []
    assert pol == Policy(budget_annual=4_830_000.0, min_xinchuang_share=0.35, min_vendors=3)


def test_pool_guesses_complete_attributes_but_mlps_must_be_given(tmp_path: Path) -> None:
    quote = tmp_path / "q.csv"
    quote.write_text(
        "资源池,计费项,单价(元/年),等保级别\n互联网区,vCPU,500,二级\n互联网区,内存,100,二级\n",
        encoding="utf-8",
    )
    inv = tmp_path / "inv.csv"
    inv.write_text(
        "系统名称,CPU,内存,存储GB,等保级别,数据分级\n门户,4,8,100,二级,公开\n", encoding="utf-8"
    )
    r = assemble([quote], inv, vendors=["联通云"], mappings=MappingStore(None))
    assert r.errors == [] and r.input is not None
    (p,) = r.input.platforms
    assert (p.deployment, p.xinchuang, p.mlps_level) == ("public", False, 2)
    guesses = [i for i in r.issues if "推测" in i.message]
    assert {i.column for i in guesses} == {"部署方式", "信创"} and all(
        i.severity == "warning" for i in guesses
    )
    # without the 等保级别 column the pool cannot be placed: an error naming where to add it
    quote.write_text("资源池,计费项,单价(元/年)\n互联网区,vCPU,500\n", encoding="utf-8")
    r = assemble([quote], inv, vendors=["联通云"], mappings=MappingStore(None))
    assert r.input is None and any("等保级别未知" in i.message for i in r.errors)


def test_mapping_of_a_vendor_found_in_a_column_is_used(tmp_path: Path) -> None:
    quote = tmp_path / "quote.csv"
    quote.write_text(
        "厂商,资源池,计费项,折后价,刊例价\n紫光云,A区,vCPU,400,800\n", encoding="utf-8"
    )
    store = MappingStore(tmp_path / "m.json")
    q = read_quote(quote, mappings=store)
    assert [x.unit_price for x in q.lines] == [400.0]  # 折后价 contains 价 → price; 刊例价 ignored
    store.remember("紫光云", {"折后价": "ignore", "刊例价": "unit_price"})
    store.save()
    q = read_quote(quote, mappings=MappingStore(tmp_path / "m.json"))
    assert [x.unit_price for x in q.lines] == [800.0]
