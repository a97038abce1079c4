"""Header synonyms, Chinese and English, in one place.

Used by the canonical reader (:func:`data.schema.match_column`, whole-header matches) and by the
importers of vendor sheets (:mod:`data.importers.quotes`, where a header *contains* a word; a
word marked '=' must be the whole header). Headers are compared after :func:`data.schema.normalise`
(lower case, no spaces), with the bracketed unit removed ("Unit Price (CNY/month)" → "unitprice").

Order matters for the importers: the first field whose words a header contains wins, so the
more specific fields come first.
"""

from __future__ import annotations

#: (field, header words, Chinese label, English label), most specific first.
QUOTE_HEADER_WORDS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("ignore", ("=序号", "=编号", "=no", "=no.", "=#", "=sn", "=seq", "备注", "remark", "=说明", "=note", "=notes",
                "数量", "用量", "总价", "小计", "合计", "金额", "折扣", "刊例", "目录价", "原价", "市场价",
                "listprice", "下浮", "优惠率", "适用", "描述", "description", "迁移费", "适配费", "quantity",
                "=qty", "amount", "=total", "discount", "=区间", "=range", "=tier"),
     "忽略", "ignored"),
    ("vendor", ("供应商", "厂商", "云服务商", "服务商", "投标人", "云商", "vendor", "supplier", "provider",
                "=cloud"), "供应商", "vendor"),
    ("spec_vcpu", ("规格vcpu", "实例vcpu", "规格cpu"), "规格vCPU", "spec vCPU"),
    ("spec_ram", ("规格内存", "实例内存"), "规格内存", "spec RAM"),
    ("deployment", ("部署方式", "部署模式", "部署类型", "云类型", "deployment"), "部署方式", "deployment"),
    ("xinchuang", ("信创", "国产化", "xinchuang"), "信创", "信创 (domestic stack)"),
    ("mlps_level", ("等保级别", "等保等级", "安全等级", "最高等保", "可承载等保", "承载等级", "mlps", "=等保"),
     "等保级别", "MLPS level"),
    ("capacity_vcpu", ("容量", "可分配", "可用vcpu", "配额", "capacity"), "容量vCPU", "capacity (vCPU)"),
    ("availability", ("可用性", "可用率", "sla"), "可用性", "availability"),
    ("platform", ("资源池", "可用区", "区域", "地域", "专区", "云平台", "=平台", "平台名称", "region", "zone",
                  "=az", "pool", "platform", "datacenter", "数据中心", "节点"), "资源池", "pool"),
    ("spec", ("规格", "配置", "型号", "实例类型", "flavor", "spec", "instancetype", "=size", "=configuration",
              "=config"), "规格", "spec"),
    ("unit", ("计量单位", "计费单位", "=单位", "=unit", "=units", "=uom", "unitofmeasure", "=per"),
     "单位", "unit"),
    ("period", ("计费周期", "计费方式", "付费方式", "计费模式", "周期", "billing", "period", "=term"),
     "计费周期", "billing period"),
    ("term", ("包月", "包年", "包1年", "包2年", "包3年", "包5年", "包一年", "包两年", "包三年", "按需", "按量",
              "按小时", "按时", "=1年", "=3年", "=一年", "=三年", "monthly", "annual", "yearly", "ondemand",
              "payg", "payasyougo", "hourly", "=1year", "=3years", "=1yr", "=3yr"), "计费期限", "term"),
    ("variant", ("linux", "windows", "centos", "ubuntu", "麒麟", "统信", "=uos", "欧拉", "openeuler"),
     "操作系统", "operating system"),
    ("unit_price", ("单价", "价格", "报价", "资费", "月租", "年费", "价", "price", "费用", "cost", "=rate",
                    "=fee", "unitprice"), "单价", "unit price"),
    ("item", ("资源类型", "产品名称", "资源名称", "服务名称", "计费项", "服务项", "服务内容", "产品", "项目",
              "名称", "类别", "类型", "资源", "item", "product", "resource", "service", "=name", "category"),
     "计费项", "item"),
    ("res:security_l2", ("等保二级", "二级等保", "等保2级", "security_l2"), "等保二级安全服务",
     "MLPS level-2 security package"),
    ("res:security_l3", ("等保三级", "三级等保", "等保3级", "security_l3"), "等保三级安全服务",
     "MLPS level-3 security package"),
    ("res:security_l4", ("等保四级", "四级等保", "等保4级", "security_l4"), "等保四级安全服务",
     "MLPS level-4 security package"),
    ("res:vcpu", ("vcpu", "=cpu", "cpu单价", "计算"), "vCPU", "vCPU"),
    ("res:ram_gb", ("内存", "ram", "memory"), "内存", "RAM"),
    ("res:storage_gb", ("存储", "云硬盘", "磁盘", "硬盘", "云盘", "storage", "disk"), "存储", "storage"),
    ("res:bandwidth_mbps", ("带宽", "bandwidth"), "带宽", "bandwidth"),
)  # fmt: skip

#: Canonical workbook columns (sheet, key) → the importer field whose words also name them.
CANONICAL_FIELDS: dict[tuple[str, str], str] = {
    ("platforms", "vendor"): "vendor",
    ("platforms", "platform"): "platform",
    ("platforms", "deployment"): "deployment",
    ("platforms", "xinchuang"): "xinchuang",
    ("platforms", "mlps_level"): "mlps_level",
    ("platforms", "capacity_vcpu"): "capacity_vcpu",
    ("platforms", "availability"): "availability",
    ("prices", "vendor"): "vendor",
    ("prices", "platform"): "platform",
    ("prices", "resource"): "item",
    ("prices", "unit_price"): "unit_price",
    ("prices", "period"): "period",
    ("prices", "vcpu"): "spec_vcpu",
    ("prices", "ram_gb"): "spec_ram",
}


def words_of(field: str) -> tuple[str, ...]:
    """The header words of an importer field ('=' marks removed)."""
    for key, words, _zh, _en in QUOTE_HEADER_WORDS:
        if key == field:
            return tuple(w.lstrip("=") for w in words)
    return ()


def canonical_words(sheet: str, key: str) -> tuple[str, ...]:
    """Extra whole-header names of a canonical column, from the importers' synonym table."""
    field = CANONICAL_FIELDS.get((sheet, key))
    return words_of(field) if field else ()
