"""No wrong price without a word (issue 20): guesses that change a price are 需确认, and
`yunce import` stops with exit 2 until they are accepted (--accept-guesses, or a --layout that
accepts them).

The bandwidth table is typed here: rows 1M … 5M give the price of the whole bandwidth, the last
row the price of each Mbps above 5. The step prices expected are worked out by hand from those
cells: 15 per Mbps up to 5 (15, 30 … 75 for 1 … 5 Mbps) and 45 per Mbps above, so 100 Mbps cost 75 + 45 × 95 = 4,350 元 a month.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.workbook import read_workbook
from planner.costing import CostModel
from ui.cli import main

BANDWIDTH = (
    "资源池,带宽规格,月租（元）\n"
    "政务外网区,1M,15\n"
    "政务外网区,2M,30\n"
    "政务外网区,3M,45\n"
    "政务外网区,4M,60\n"
    "政务外网区,5M,75\n"
    "政务外网区,超过5M部分（每M）,45\n"
    "政务外网区,vCPU,50\n"
    "政务外网区,内存,12\n"
    "政务外网区,云硬盘,0.4\n"
)
PLATFORMS = "供应商,资源池,部署方式,信创,等保级别\n本地云,政务外网区,私有云,否,3\n"
WORKLOADS = (
    "系统名称,部门,vCPU,内存GB,存储GB,带宽Mbps,数据分级,等保级别,须信创\n"
    "门户网站,县政府办,4,8,100,100,公开,2,否\n"
    "内网OA,县政府办,8,16,500,3,一般,2,否\n"
)


def _files(tmp_path: Path) -> list[str]:
    (tmp_path / "带宽.csv").write_text(BANDWIDTH, encoding="utf-8")
    (tmp_path / "平台.csv").write_text(PLATFORMS, encoding="utf-8")
    (tmp_path / "系统.csv").write_text(WORKLOADS, encoding="utf-8")
    return [
        "import",
        "--prices",
        str(tmp_path / "带宽.csv"),
        "--vendor",
        "本地云",
        "--platforms",
        str(tmp_path / "平台.csv"),
        "--workloads",
        str(tmp_path / "系统.csv"),
        "-o",
        str(tmp_path / "县.xlsx"),
        "--no-remember",
    ]


def test_step_totals_stop_the_import_with_the_rows_they_affect(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(_files(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "需确认" in err and "第 2–7 行" in err
    assert "0 处错误" not in err  # nothing is wrong in the file: the guess is what stops it
    assert "--accept-guesses" in err
    assert not (tmp_path / "县.xlsx").exists()


@pytest.mark.parametrize("how", ["flag", "layout"])
def test_accepted_steps_bill_a_system_by_the_table(tmp_path: Path, how: str, capsys) -> None:  # type: ignore[no-untyped-def]
    args = _files(tmp_path)
    if how == "flag":
        args.append("--accept-guesses")
    else:
        layout = tmp_path / "版式.json"
        layout.write_text(json.dumps({"version": 1, "tables": [], "accept": ["steps"]}), "utf-8")
        args += ["--layout", str(layout)]
    assert main(args) == 0, capsys.readouterr().err
    inp = read_workbook(tmp_path / "县.xlsx")
    bands = sorted(
        (p.min_qty or 0.0, p.max_qty, p.unit_price)
        for p in inp.prices
        if p.resource == "bandwidth_mbps"
    )
    assert bands == [(0.0, 5.0, 15.0), (5.0, None, 45.0)]  # equal neighbouring steps merged
    cost = CostModel(inp)
    w = {x.name: i for i, x in enumerate(inp.workloads)}
    bw = 3  # bandwidth is the fourth unit resource (vCPU, RAM, storage, bandwidth)
    assert cost.resource_cost[w["门户网站"], 0, bw] == pytest.approx((75 + 45 * 95) * 12)
    assert cost.resource_cost[w["内网OA"], 0, bw] == pytest.approx(45 * 12)


def test_a_layout_file_that_is_not_json_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "版式.json"
    bad.write_text("{tables: [", encoding="utf-8")
    assert main([*_files(tmp_path), "--layout", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "版式文件" in err and "格式有误" in err
