"""Build the second sample: 青山县 as it really arrives — one quote sheet per vendor, each in
its own layout, the county's system list, a platforms file and a policy file.

Everything is generated from the canonical sample's data (``data/samples/build_sample.py``), so
``yunce import`` of these files followed by ``yunce plan`` gives exactly the canonical plan.
Run ``python -m data.samples.raw.build_raw [FOLDER]`` after changing the canonical sample.

Layouts (one per vendor, as vendors send them):

* 天翼云 — .xlsx, title rows, two-row merged header (报价 over 单价/计费周期), security
  services once for 全部资源池 in 万元, a 合计 row and 注 rows at the bottom;
* 移动云 — .csv saved by Excel in GBK, one row per item with a unit column (元/核/年, 元/套/年)
  and ¥1,234.00 prices;
* 联通云 — .xlsx price matrix: one row per pool, one column per resource, platform attributes
  (部署方式, 信创, 等保级别, 容量) on the sheet itself;
* 华为云 — .xlsx with two sheets: per-unit prices, and instance specs (2C4G … 16C64G) priced
  5% above per-unit so the per-unit price wins; an SSD tier and a WAF line that are skipped;
* 浪潮云 — .csv in UTF-8 with BOM, pools as section title rows (一、信创云(飞腾));
* 阿里云 — .xlsx, prices in 万元 with a unit column, pools named so 部署方式/信创 are guessed.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from data.samples import build_sample as S
from planner.model import Period

HERE = Path(__file__).parent
RES_ZH = {
    "vcpu": "vCPU",
    "ram_gb": "内存",
    "storage_gb": "云硬盘(SAS)",
    "bandwidth_mbps": "互联网带宽",
}
UNIT_ZH = {"vcpu": "核", "ram_gb": "GB", "storage_gb": "GB", "bandwidth_mbps": "Mbps"}
SEC_ZH = {2: "等保二级安全服务", 3: "等保三级安全服务", 4: "等保四级安全服务"}
PERIOD_ZH = {Period.MONTH: "包月", Period.YEAR: "包年"}


def _num(x: float) -> str:
    return format(Decimal(repr(float(x))).normalize(), "f")


def _wan(x: float) -> str:
    """42000 → '4.2万'."""
    return _num(float(Decimal(repr(float(x))) / 10000)) + "万"


def _pools(vendor: str) -> list[tuple]:
    return [p for p in S.PLATFORMS if p[0] == vendor]


def _units(vendor: str, pool: str) -> tuple:
    return S.UNIT_PRICES[(vendor, pool)]


def _save(wb: Workbook, path: Path) -> None:
    wb.save(path)


# --- 天翼云: title rows, two-row merged header, 全部资源池 security in 万元, 合计 and 注 ------------------
def telecom(vendor: str, folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "报价明细"
    ws.append([f"{vendor}（青山县政务云）资源服务报价单"])
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["报价单位：中国电信股份有限公司青山分公司", None, None, None, "报价日期：2025年3月"])
    ws.append(["序号", "资源池", "计费项", "报价", None, "备注"])
    ws.append([None, None, None, "单价(元)", "计费周期", None])
    for rng in ("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4"):
        ws.merge_cells(rng)
    for c in ws[3] + ws[4]:
        c.alignment = Alignment(horizontal="center", vertical="center")
    n = 0
    for _v, pool, *_ in _pools(vendor):
        *prices, period = _units(vendor, pool)
        for res, price in zip(
            ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps"), prices, strict=True
        ):
            n += 1
            ws.append(
                [n, pool, RES_ZH[res], f"¥{price:,.2f}", PERIOD_ZH[period], f"元/{UNIT_ZH[res]}"]
            )
    ws.append([None, None])
    for level, price in zip((2, 3, 4), S.SECURITY[vendor], strict=True):
        if price is not None:
            n += 1
            ws.append([n, "全部资源池", SEC_ZH[level], _wan(price), "包年", "每系统"])
    ws.append(["合计", None, None, None, None, None])
    ws.append(["注：1. 以上价格含税；安全服务按系统计费，适用全部资源池。"])
    ws.append(["2. 报价有效期自报价之日起一年。"])
    path = folder / f"{vendor}报价单.xlsx"
    _save(wb, path)
    return path


# --- 移动云: GBK CSV, unit column, ¥ and thousands separators ---------------------------------------
def mobile(vendor: str, folder: Path) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([f"{vendor}政务云报价清单"])
    w.writerow(["资源池", "产品名称", "规格", "单价", "单位", "备注"])
    for _v, pool, *_ in _pools(vendor):
        *prices, period = _units(vendor, pool)
        per = "月" if period == Period.MONTH else "年"
        for res, price in zip(
            ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps"), prices, strict=True
        ):
            name = {
                "vcpu": "计算资源(vCPU)",
                "ram_gb": "内存",
                "storage_gb": "块存储",
                "bandwidth_mbps": "公网带宽",
            }[res]
            w.writerow([pool, name, "通用型", f"￥{price:,.2f}", f"元/{UNIT_ZH[res]}/{per}", ""])
        for level, price in zip((2, 3, 4), S.SECURITY[vendor], strict=True):
            if price is not None:
                w.writerow(
                    [
                        pool,
                        SEC_ZH[level].replace("安全服务", "安全防护套餐"),
                        "",
                        f"￥{price:,.2f}",
                        "元/套/年",
                        "按系统",
                    ]
                )
    w.writerow(["小计", "", "", "", "", ""])
    path = folder / f"{vendor}报价.csv"
    path.write_bytes(buf.getvalue().encode("gbk"))
    return path


# --- 联通云: price matrix with platform attributes -------------------------------------------------
def unicom(vendor: str, folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "资源池报价"
    ws.append([f"{vendor}资源池价格矩阵"])
    heads = [
        "资源池",
        "部署方式",
        "信创",
        "等保级别",
        "容量(vCPU)",
        "计费周期",
        "vCPU(元/核)",
        "内存(元/GB)",
        "存储(元/GB)",
        "带宽(元/Mbps)",
        "等保二级(万元/年)",
        "等保三级(万元/年)",
        "等保四级(万元/年)",
    ]
    ws.append(heads)
    for _v, pool, dep, xc, lvl, cap, _av in _pools(vendor):
        cpu, ram, disk, bw, period = _units(vendor, pool)
        sec = [(_num(p / 10000) if p is not None else None) for p in S.SECURITY[vendor]]
        ws.append(
            [
                pool,
                "私有云" if dep == "private" else "公有云",
                "√" if xc else "×",
                {1: "一级", 2: "二级", 3: "三级", 4: "四级"}[lvl],
                cap,
                PERIOD_ZH[period],
                cpu,
                ram,
                disk,
                bw,
                *[float(s) if s is not None else None for s in sec],
            ]
        )
    ws.append(["说明：空白表示该资源池不提供。"])
    path = folder / f"{vendor}价格矩阵.xlsx"
    _save(wb, path)
    return path


# --- 华为云: per-unit sheet + instance-spec sheet ------------------------------------------------------
SPECS = ((2, 4), (4, 8), (4, 16), (8, 16), (8, 32), (16, 64))


def huawei(vendor: str, folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "资源单价"
    ws.append(["资源池", "资源类型", "单价(元/年)"])
    for _v, pool, *_ in _pools(vendor):
        cpu, ram, disk, bw, period = _units(vendor, pool)
        k = 12 if period == Period.MONTH else 1
        assert k == 1, "华为云 layout quotes yearly prices"
        ws.append([pool, "vCPU", cpu])
        ws.append([pool, "内存", ram])
        ws.append([pool, "云硬盘 SAS", disk])
        ws.append([pool, "云硬盘 SSD", disk * 2.5])
        ws.append([pool, "弹性公网带宽", bw])
        ws.append([pool, "Web应用防火墙", 60000])
        for level, price in zip((2, 3, 4), S.SECURITY[vendor], strict=True):
            if price is not None:
                ws.append([pool, SEC_ZH[level], price])
    inst = wb.create_sheet("云主机规格")
    inst.append(["资源池", "规格", "vCPU", "内存(GB)", "包年单价(元/台)"])
    for _v, pool, *_ in _pools(vendor):
        cpu, ram, *_rest = _units(vendor, pool)
        for v, r in SPECS:
            price = math.ceil((v * cpu + r * ram) * 1.05)  # dearer than per-unit: per-unit wins
            inst.append([pool, f"{v}C{r}G", v, r, price])
    path = folder / f"{vendor}报价.xlsx"
    _save(wb, path)
    return path


# --- 浪潮云: UTF-8-BOM CSV, pools as section rows --------------------------------------------------
def inspur(vendor: str, folder: Path) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["计费项", "单价（元/年）", "说明"])
    numerals = "一二三四五六七八九十"
    for i, (_v, pool, *_) in enumerate(_pools(vendor)):
        cpu, ram, disk, bw, period = _units(vendor, pool)
        assert period == Period.YEAR
        w.writerow([f"{numerals[i]}、{pool}", "", ""])
        for res, price in zip(
            ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps"), (cpu, ram, disk, bw), strict=True
        ):
            w.writerow([RES_ZH[res], _num(price), ""])
        for level, price in zip((2, 3, 4), S.SECURITY[vendor], strict=True):
            if price is not None:
                w.writerow([SEC_ZH[level], f"{price:,.0f}", "每系统每年"])
    path = folder / f"{vendor}报价.csv"
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path


# --- 阿里云: 万元 with a unit column ---------------------------------------------------------------------
def ali(vendor: str, folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "报价"
    ws.append([f"{vendor}政务云报价（单位：万元）"])
    ws.append(["区域", "产品", "价格", "计量单位"])
    for _v, pool, *_ in _pools(vendor):
        *prices, period = _units(vendor, pool)
        per = "月" if period == Period.MONTH else "年"
        for res, price in zip(
            ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps"), prices, strict=True
        ):
            ws.append([pool, RES_ZH[res], float(_num(price / 10000)), f"万元/{UNIT_ZH[res]}/{per}"])
        for level, price in zip((2, 3, 4), S.SECURITY[vendor], strict=True):
            if price is not None:
                ws.append([pool, SEC_ZH[level], float(_num(price / 10000)), "万元/套/年"])
    ws.append(["合计", None, None, None])
    path = folder / f"{vendor}报价.xlsx"
    _save(wb, path)
    return path


def generic(vendor: str, folder: Path) -> Path:
    """Any other vendor: a plain long sheet."""
    wb = Workbook()
    ws = wb.active
    ws.append(["资源池", "计费项", "单价", "计费周期"])
    for _v, pool, *_ in _pools(vendor):
        *prices, period = _units(vendor, pool)
        for res, price in zip(
            ("vcpu", "ram_gb", "storage_gb", "bandwidth_mbps"), prices, strict=True
        ):
            ws.append([pool, RES_ZH[res], price, PERIOD_ZH[period]])
        for level, price in zip((2, 3, 4), S.SECURITY[vendor], strict=True):
            if price is not None:
                ws.append([pool, SEC_ZH[level], price, "包年"])
    path = folder / f"{vendor}报价.xlsx"
    _save(wb, path)
    return path


STYLES = {
    "天翼云": telecom,
    "移动云": mobile,
    "联通云": unicom,
    "华为云": huawei,
    "浪潮云": inspur,
    "阿里云": ali,
}
#: Vendors whose sheet carries the platform attributes (not repeated in the platforms file).
ON_SHEET = {"联通云"}
#: Vendors whose 部署方式/信创 are left to the guess from pool names.
GUESSED = {"阿里云"}


def platforms_file(folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "平台"
    ws.append(
        ["供应商", "资源池", "部署方式", "是否信创", "可承载等保级别", "可分配vCPU", "可用性(%)"]
    )
    for vendor, pool, dep, xc, lvl, cap, av in S.PLATFORMS:
        if vendor in ON_SHEET:
            ws.append([vendor, pool, None, None, None, None, av])
        elif vendor in GUESSED:
            ws.append([vendor, pool, None, None, f"第{'一二三四'[lvl - 1]}级", cap, av])
        else:
            ws.append(
                [
                    vendor,
                    pool,
                    "私有云" if dep == "private" else "公有云",
                    "是" if xc else "否",
                    lvl,
                    cap,
                    av,
                ]
            )
    path = folder / "平台清单.xlsx"
    _save(wb, path)
    return path


def inventory(folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "系统清单"
    ws.append(["青山县政务信息系统清单（2025年）"])
    ws.merge_cells("A1:M1")
    ws.append(
        [
            "序号",
            "系统名称",
            "主管部门",
            "配置",
            "存储(TB)",
            "带宽(Mbps)",
            "数据分级",
            "等保级别",
            "信创要求",
            "现部署位置",
            "迁移费用(万元)",
            "信创适配费用(万元)",
            "备注",
        ]
    )
    dc = {"core": "核心", "important": "重要", "general": "一般", "public": "公开"}
    for i, (name, dept, cpu, ram, disk, bw, cls, lvl, xc, cur, mig, adapt) in enumerate(
        S.WORKLOADS, start=1
    ):
        where = f"{cur[0]}/{cur[1]}" if cur else "自建机房"
        ws.append(
            [
                i,
                name,
                dept,
                f"{cpu}C{ram}G",
                float(Decimal(disk) / 1024),
                bw,
                dc[cls.value],
                f"第{'一二三四'[lvl - 1]}级",
                "√" if xc else "×",
                where,
                _wan(mig).removesuffix("万"),
                _wan(adapt).removesuffix("万"),
                "",
            ]
        )
    ws.append(["合计", None, None, None, None, None])
    ws.append(["注：存储为现有数据量加一年增量；等保级别以备案证明为准。"])
    path = folder / "信息系统清单.xlsx"
    _save(wb, path)
    return path


def policy_file(folder: Path) -> Path:
    p = S.POLICY
    rows = [["参数", "值"]]
    if p.budget_annual is not None:
        rows.append(["年度预算", _wan(p.budget_annual)])
    rows += [
        ["规划年限", _num(p.horizon_years)],
        ["信创最低占比", f"{_num(p.min_xinchuang_share * 100)}%"],
        ["单一供应商最高占比", f"{_num(p.max_vendor_share * 100)}%"],
        ["最少供应商数", str(p.min_vendors)],
    ]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path = folder / "约束.csv"
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return path


def build(folder: Path = HERE) -> dict[str, list[Path] | Path]:
    """Write every raw file into folder; returns the paths by role."""
    folder.mkdir(parents=True, exist_ok=True)
    vendors = list(dict.fromkeys(p[0] for p in S.PLATFORMS))
    prices = [STYLES.get(v, generic)(v, folder) for v in vendors]
    return {
        "prices": prices,
        "workloads": inventory(folder),
        "platforms": platforms_file(folder),
        "policy": policy_file(folder),
    }


def main(argv: list[str]) -> int:
    out = build(Path(argv[0]) if argv else HERE)
    for role, paths in out.items():
        for p in paths if isinstance(paths, list) else [paths]:
            print(f"{role}: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
