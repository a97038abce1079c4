"""Build the embedded sample county workbook (青山县).

Run ``python -m data.samples.build_sample`` to regenerate ``sample_county.xlsx``. Prices and
systems follow docs/DOMAIN.md (tendered gov-cloud prices, a typical county inventory);
they are estimates for demonstration, not quotes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from planner.model import (
    DataClass,
    Deployment,
    Discount,
    DiscountKind,
    Period,
    PlanInput,
    Platform,
    Policy,
    PriceLine,
    SystemRule,
    SystemRuleKind,
    Workload,
    YearRow,
    YearsSpec,
)

PRIV, PUB = Deployment.PRIVATE, Deployment.PUBLIC
M, Y = Period.MONTH, Period.YEAR

# vendor, platform, deployment, 信创, MLPS, capacity vCPU, availability %
PLATFORMS = [
    ("天翼云", "市政务云x86专区", PRIV, False, 3, None, 99.95),
    ("天翼云", "海光信创专区", PRIV, True, 3, 240, 99.9),
    ("移动云", "政务专属云", PRIV, False, 3, None, 99.95),
    ("移动云", "鲲鹏资源池", PRIV, True, 3, 200, 99.9),
    ("联通云", "政务私有云", PRIV, False, 3, 400, 99.9),
    ("联通云", "互联网区", PUB, False, 2, None, 99.9),
    ("华为云", "Stack政务云", PRIV, False, 4, None, 99.99),
    ("华为云", "鲲鹏信创专区", PRIV, True, 3, 260, 99.95),
    ("浪潮云", "信创云(飞腾)", PRIV, True, 3, 180, 99.9),
    ("浪潮云", "政务外网区", PRIV, False, 3, None, 99.9),
    ("阿里云", "政务专有云", PRIV, False, 3, None, 99.95),
    ("阿里云", "公有云区", PUB, False, 2, None, 99.95),
]

# platform → (vCPU, RAM GB, SAS GB, bandwidth Mbps, period) unit prices; then security l2/l3/l4 per year
UNIT_PRICES = {
    ("天翼云", "市政务云x86专区"): (52.0, 11.0, 0.40, 70.0, M),
    ("天翼云", "海光信创专区"): (63.0, 12.5, 0.42, 70.0, M),
    ("移动云", "政务专属云"): (560.0, 125.0, 4.6, 780.0, Y),
    ("移动云", "鲲鹏资源池"): (640.0, 135.0, 4.6, 780.0, Y),
    ("联通云", "政务私有云"): (540.0, 118.0, 4.3, 820.0, Y),
    ("联通云", "互联网区"): (44.0, 9.5, 0.33, 55.0, M),
    ("华为云", "Stack政务云"): (640.0, 150.0, 5.4, 950.0, Y),
    ("华为云", "鲲鹏信创专区"): (690.0, 160.0, 5.4, 950.0, Y),
    ("浪潮云", "信创云(飞腾)"): (600.0, 130.0, 4.2, 700.0, Y),
    ("浪潮云", "政务外网区"): (570.0, 122.0, 4.0, 700.0, Y),
    ("阿里云", "政务专有云"): (610.0, 140.0, 5.0, 900.0, Y),
    ("阿里云", "公有云区"): (48.0, 10.5, 0.36, 62.0, M),
}
SECURITY = {  # vendor → (l2, l3, l4) 元/系统/年
    "天翼云": (16000.0, 42000.0, None),
    "移动云": (15000.0, 38000.0, None),
    "联通云": (14000.0, 36000.0, None),
    "华为云": (18000.0, 48000.0, 120000.0),
    "浪潮云": (15000.0, 40000.0, None),
    "阿里云": (17000.0, 45000.0, None),
}

C, I, G, P = DataClass.CORE, DataClass.IMPORTANT, DataClass.GENERAL, DataClass.PUBLIC
TY = ("天翼云", "市政务云x86专区")  # where some systems already run
# name, dept, vCPU, RAM, storage GB, Mbps, data class, MLPS, 须信创, current, migration, adaptation
WORKLOADS = [
    ("协同办公OA", "县政府办公室", 16, 32, 1024, 20, G, 3, True, TY, 40000, 180000),
    ("县政府门户网站", "县政府办公室", 8, 16, 512, 50, P, 2, False, TY, 20000, 60000),
    ("政务服务一窗受理", "县行政审批局", 24, 64, 2048, 30, I, 3, False, None, 120000, 260000),
    ("12345热线", "县行政审批局", 24, 48, 8192, 30, I, 3, False, None, 90000, 200000),
    ("不动产登记", "县自然资源局", 40, 128, 15360, 10, I, 3, False, None, 180000, 900000),
    ("住房公积金管理", "县公积金中心", 32, 64, 1024, 10, I, 3, False, None, 150000, 1200000),
    ("网格化社会治理", "县委政法委", 24, 48, 2048, 20, I, 3, False, TY, 60000, 220000),
    ("电子证照库", "县数据局", 16, 32, 3072, 10, I, 3, True, None, 50000, 150000),
    ("数据共享交换平台", "县数据局", 64, 256, 10240, 20, C, 3, False, None, 220000, 800000),
    ("数字城管", "县城管局", 16, 32, 10240, 20, G, 2, False, TY, 40000, 120000),
    ("应急指挥调度", "县应急管理局", 16, 32, 2048, 20, I, 3, False, None, 80000, 240000),
    ("视频汇聚平台", "县公安局", 16, 32, 102400, 50, I, 3, False, None, 200000, 300000),
    ("医共体信息平台", "县卫健局", 48, 128, 30720, 30, I, 3, False, None, 250000, 1000000),
    ("数字档案馆", "县档案馆", 8, 16, 30720, 5, G, 2, True, None, 60000, 80000),
    ("市场监管综合业务", "县市场监管局", 8, 16, 1024, 10, G, 2, False, None, 30000, 90000),
    ("智慧教育云平台", "县教育局", 16, 32, 5120, 30, G, 2, False, None, 50000, 150000),
    ("财政预算执行监控", "县财政局", 16, 32, 1024, 10, I, 3, True, None, 70000, 300000),
    ("国有资产管理", "县财政局", 8, 16, 512, 5, G, 2, True, None, 30000, 120000),
    ("非税收入管理", "县财政局", 8, 16, 512, 10, I, 3, False, None, 40000, 260000),
    ("人大代表履职平台", "县人大办", 4, 8, 256, 10, G, 2, True, None, 15000, 50000),
    ("政协提案办理", "县政协办", 4, 8, 256, 10, G, 2, True, None, 15000, 50000),
    ("纪检监察业务", "县纪委监委", 16, 32, 2048, 5, C, 3, True, None, 80000, 300000),
    ("党建信息平台", "县委组织部", 8, 16, 512, 20, G, 2, True, TY, 20000, 80000),
    ("融媒体中心", "县融媒体中心", 32, 64, 20480, 100, P, 2, False, None, 90000, 150000),
    ("智慧农业监测", "县农业农村局", 8, 16, 4096, 20, G, 2, False, None, 30000, 80000),
    ("河长制管理", "县水利局", 8, 16, 2048, 10, G, 2, False, None, 25000, 70000),
    ("生态环境监测", "县生态环境局", 16, 32, 8192, 20, I, 3, False, None, 50000, 150000),
    ("交通运输监管", "县交通运输局", 8, 16, 4096, 20, G, 2, False, None, 30000, 90000),
    ("民政救助管理", "县民政局", 8, 16, 1024, 10, I, 3, False, None, 40000, 160000),
    ("退役军人服务", "县退役军人事务局", 4, 8, 512, 10, I, 2, False, None, 20000, 60000),
    ("人社公共服务", "县人社局", 16, 32, 2048, 30, I, 3, False, None, 60000, 220000),
    ("统计联网直报", "县统计局", 4, 8, 256, 10, G, 2, False, None, 15000, 60000),
    ("公共资源交易", "县公共资源交易中心", 16, 32, 2048, 20, I, 3, False, None, 70000, 260000),
    ("信用信息平台", "县发改局", 8, 16, 1024, 20, I, 3, False, None, 40000, 140000),
    ("乡村振兴数据平台", "县乡村振兴局", 8, 16, 2048, 10, G, 2, False, None, 30000, 90000),
    ("文旅公共服务", "县文旅局", 8, 16, 2048, 20, P, 2, False, None, 25000, 70000),
    ("智慧工地监管", "县住建局", 8, 16, 8192, 30, G, 2, False, None, 30000, 90000),
    ("12315消费维权", "县市场监管局", 4, 8, 512, 10, G, 2, False, None, 15000, 50000),
]

POLICY = Policy(
    budget_annual=4_752_000.0,
    horizon_years=3,
    min_xinchuang_share=0.35,
    max_vendor_share=0.35,
    min_vendors=3,
)


# The 3-year plan 2026–2028 (年度计划 sheet and year columns): the 信创 target rises 35% → 50% → 70%;
# the 天翼云 x86 contract runs to 2027 (the systems there may move from 2027); three big systems
# join the cloud in later waves; 12315 is merged into 12345 in 2028; 信创 pools get 5% cheaper a year.
YEARS = (
    YearRow(2026, budget=8_100_000.0, min_xinchuang_share=0.35),
    YearRow(2027, budget=3_700_000.0, min_xinchuang_share=0.50, max_moves=6),
    YearRow(2028, budget=4_150_000.0, min_xinchuang_share=0.70, max_moves=6),
)
CONTRACT_END = {name: 2027 for name, *_rest, cur, _m, _a in WORKLOADS if cur == TY}
EARLIEST = {"医共体信息平台": 2027, "融媒体中心": 2027, "视频汇聚平台": 2028}
RETIRE = {"12315消费维权": 2028}
YEARLY_CHANGE = {("天翼云", "海光信创专区"): -0.05, ("移动云", "鲲鹏资源池"): -0.05}


# 折扣 sheet: what the vendors' tenders offer beside the unit prices (issue 13)
DISCOUNTS = (
    Discount("联通云", DiscountKind.TERM, 0.95, 3.0),  # 包3年 95 折
    Discount("移动云", DiscountKind.VOLUME, 0.98, 500_000.0),  # 年度合同额满 50 万 98 折
    Discount("移动云", DiscountKind.VOLUME, 0.95, 1_000_000.0),  # 满 100 万 95 折（全额）
    Discount("华为云", DiscountKind.RESOURCE, 0.8, resource="storage_gb"),  # 存储 8 折
)
# 指定规则 sheet: two systems the county has pinned
SYSTEM_RULES = (
    SystemRule(
        SystemRuleKind.PIN, ("县政府门户网站",), "天翼云", "市政务云x86专区"
    ),  # stays until its contract ends
    SystemRule(
        SystemRuleKind.PIN, ("协同办公OA",), "移动云", None
    ),  # the OA vendor's licence is tied to 移动云
)


def sample_input(years: bool = False) -> PlanInput:
    """The sample county (single-year, with its 折扣 and 指定规则 sheets); with years=True the 3-year
    plan instead, without the 折扣/指定规则 sheets (the year plan does not support them yet)."""
    platforms = tuple(Platform(v, n, d, x, lvl, cap, av) for v, n, d, x, lvl, cap, av in PLATFORMS)
    prices: list[PriceLine] = []
    for (vendor, name), (cpu, ram, disk, bw, period) in UNIT_PRICES.items():
        for res, price in (
            ("vcpu", cpu),
            ("ram_gb", ram),
            ("storage_gb", disk),
            ("bandwidth_mbps", bw),
        ):
            change = (
                YEARLY_CHANGE.get((vendor, name), 0.0)
                if years and res in ("vcpu", "ram_gb")
                else 0.0
            )
            prices.append(PriceLine(vendor, name, res, price, period, yearly_change=change))
        for level, price in zip((2, 3, 4), SECURITY[vendor], strict=True):
            if price is not None:
                prices.append(PriceLine(vendor, name, f"security_l{level}", price, Y))
    workloads = tuple(
        Workload(
            name,
            dept,
            cpu,
            ram,
            disk,
            bw,
            dc,
            lvl,
            xc,
            cur[0] if cur else None,
            cur[1] if cur else None,
            float(mig),
            float(adapt),
            contract_end_year=CONTRACT_END.get(name) if years else None,
            earliest_year=EARLIEST.get(name) if years else None,
            retire_year=RETIRE.get(name) if years else None,
        )
        for name, dept, cpu, ram, disk, bw, dc, lvl, xc, cur, mig, adapt in WORKLOADS
    )
    return PlanInput(
        platforms,
        tuple(prices),
        workloads,
        POLICY,
        name="青山县",
        years=YearsSpec(YEARS) if years else None,
        discounts=() if years else DISCOUNTS,
        system_rules=() if years else SYSTEM_RULES,
    )


# 情景 sheet: what-if policies compared side by side by `yunce analyze` (blank = base value)
SCENARIOS = [
    ("名称", "年度预算", "信创最低占比", "单一供应商最高占比", "最少供应商数"),
    ("信创提速（2027年达50%）", "不限", 0.5, None, None),
    ("多供应商（每家不超过30%）", "不限", None, 0.3, 4),
    ("预算压减至470万", 4_700_000, None, None, None),
]


def main(argv: list[str]) -> int:
    from data.writer import build_input_workbook
    from data.xlsx import atomic_save

    folder = Path(argv[0]) if argv else Path(__file__).parent
    # the single-year sample (yunce plan --sample) and the same county with its 3-year plan
    # (yunce plan --sample-years): a workbook with a 年度计划 sheet is planned year by year
    for name, years in (("sample_county.xlsx", False), ("sample_county_years.xlsx", True)):
        wb = build_input_workbook(sample_input(years=years))
        ws = wb.add_sheet("情景")
        for i, row in enumerate(SCENARIOS, start=1):
            for j, value in enumerate(row, start=1):
                if value is not None:
                    ws.value(i, j, value)
        ws.set_width(1, 28)
        atomic_save(wb, folder / name)
        print(f"wrote {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
