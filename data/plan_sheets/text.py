"""Every label the plan workbook shows, Chinese first with English available."""

from __future__ import annotations

#: key → (中文, English)
TEXT: dict[str, tuple[str, str]] = {
    # sheet names
    "sheet.summary": ("概览", "Summary"),
    "sheet.alloc": ("分配方案", "Allocation"),
    "sheet.boq": ("采购清单", "Bill of quantities"),
    "sheet.check": ("约束核查", "Rule check"),
    "sheet.compare": ("供应商对比", "Vendor comparison"),
    "sheet.inputs": ("输入", "Inputs"),
    # the sheets of a plan with plan years (年度计划)
    "sheet.years": ("分年计划", "Plan by year"),
    "sheet.waves": ("迁移批次", "Migration waves"),
    "sheet.terms": ("供应商条款", "Vendor terms"),
    # common words
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "ok": ("满足", "met"),
    "not_ok": ("不满足", "NOT met"),
    "no_cap": ("不设上限", "no cap"),
    "any": ("不限", "any"),
    "machine_room": ("本地机房", "own machine room"),
    "total": ("合计", "Total"),
    "dash": ("—", "—"),
    "status.optimal": ("最优", "optimal"),
    "status.feasible": ("可行（未证明最优）", "feasible (not proven optimal)"),
    "plan_title": ("政务云采购方案", "Government cloud procurement plan"),
    "plan_title_years": ("政务云分年采购方案", "Government cloud procurement plan by year"),
    "page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    # summary
    "sum.meta": (
        "编制日期：{date}　　规划年限：{horizon} 年　　求解状态：{status}　　求解器：{solver}",
        "Prepared: {date}    Planning horizon: {horizon} years    Status: {status}    Solver: {solver}",
    ),
    "sum.key": ("一、核心指标", "1. Key figures"),
    "sum.key_heads": (
        "指标|本方案|要求 / 限额|余量|结论",
        "Figure|This plan|Requirement / cap|Headroom|Result",
    ),
    "sum.total": ("年度总费用（元）", "Total annual cost (CNY)"),
    "sum.total_wan": ("年度总费用（万元）", "Total annual cost (10k CNY)"),
    "sum.budget_use": ("预算使用率", "Share of budget used"),
    "sum.xc_share": ("信创 vCPU 占比", "信创 (domestic stack) vCPU share"),
    "sum.max_share": ("最大供应商费用占比", "Largest vendor share of cost"),
    "sum.vendors": ("使用供应商数（家）", "Vendors used"),
    "sum.systems": ("业务系统数（个）", "Systems"),
    "sum.total_vcpu": ("总 vCPU", "Total vCPU"),
    "sum.onetime": (
        "二、一次性费用（按规划年限分摊计入年度费用）",
        "2. One-time costs (spread over the planning horizon)",
    ),
    "sum.onetime_heads": (
        "项目|一次性金额（元）|每年分摊（元/年）|每年分摊（万元/年）|涉及系统数",
        "Item|One-time (CNY)|Per year (CNY/yr)|Per year (10k CNY/yr)|Systems",
    ),
    "sum.migration": ("迁移费用", "Migration"),
    "sum.adaptation": ("信创适配费用", "信创 adaptation"),
    "sum.vendor": ("三、按供应商汇总（元/年）", "3. By vendor (CNY per year)"),
    "sum.vendor_heads": (
        "供应商|资源费用|安全服务|迁移分摊|信创适配分摊|年度合计|年度合计（万元）|费用占比|系统数|vCPU",
        "Vendor|Resources|Security|Migration|Adaptation|Annual total|Annual total (10k CNY)|Share|Systems|vCPU",
    ),
    "sum.vcpu": ("四、vCPU 分布", "4. vCPU by stack"),
    "sum.vcpu_heads": ("类别|vCPU|占比", "Stack|vCPU|Share"),
    "sum.xc": ("信创平台", "信创 platforms"),
    "sum.non_xc": ("非信创平台", "Other platforms"),
    "sum.components": ("五、费用构成（元/年）", "5. Cost components (CNY per year)"),
    "sum.components_heads": (
        "构成|金额（元/年）|金额（万元/年）|占比",
        "Component|CNY per year|10k CNY per year|Share",
    ),
    "comp.run": ("资源费用", "Resources"),
    "comp.security": ("安全服务", "Security services"),
    "comp.migration": ("迁移分摊", "Migration (per year)"),
    "comp.adaptation": ("信创适配分摊", "Adaptation (per year)"),
    "chart.vendor": ("各供应商年度费用（万元）", "Annual cost by vendor (10k CNY)"),
    "chart.vcpu": ("信创与非信创 vCPU", "信创 vs other vCPU"),
    "chart.components": ("年度费用构成（万元）", "Cost components (10k CNY per year)"),
    "conclusion.prefix": ("结论：", "Conclusion: "),
    # allocation
    "alloc.title": (
        "分配方案：每个业务系统的部署位置与年度费用",
        "Allocation: where each system goes and what it costs",
    ),
    "alloc.note": (
        "年度合计 = 资源费用 + 安全服务 + 迁移分摊 + 信创适配分摊；资源费用与安全服务按“采购清单”中的单价计算，一次性费用按规划年限分摊。",
        "Annual total = resources + security + migration per year + adaptation per year; prices come from the bill of quantities, one-time costs are spread over the horizon.",
    ),
    "alloc.heads": (
        "序号|系统名称|部门|供应商|平台|信创|年度合计\n(元/年)|资源费用\n(元/年)|安全服务\n(元/年)|迁移分摊\n(元/年)|信创适配\n分摊(元/年)|数据\n分级|等保\n级别|须信创|vCPU|内存\n(GB)|存储\n(GB)|带宽\n(Mbps)|现平台|平台\n编号|部署\n方式|是否\n迁移|一次性\n迁移费(元)|一次性信创\n适配费(元)",
        "No.|System|Department|Vendor|Platform|信创|Annual total\n(CNY/yr)|Resources\n(CNY/yr)|Security\n(CNY/yr)|Migration\n(CNY/yr)|Adaptation\n(CNY/yr)|Data\nclass|MLPS\nlevel|信创\nrequired|vCPU|RAM\n(GB)|Storage\n(GB)|Bandwidth\n(Mbps)|Current platform|Platform\nno.|Deploy-\nment|Moves|Migration\n(one-time, CNY)|Adaptation\n(one-time, CNY)",
    ),
    "alloc.inst_heads": (
        "整机实例\n规格×台数|整机实例\n(台)",
        "Whole instances\nspec×count|Instances\n(count)",
    ),
    # bill of quantities
    "boq.title": (
        "采购清单：按供应商列出的采购数量、单价与年度金额",
        "Bill of quantities by vendor",
    ),
    "boq.note": (
        "数量取自“分配方案”；年度金额 = 数量 × 单价 × 每年计费次数（按月计费 ×12，按年计费 ×1）。一次性费用的年度分摊单列，各供应商年度合计与“分配方案”一致。",
        "Quantities come from the allocation; annual amount = quantity × unit price × periods per year (12 monthly, 1 yearly). One-time costs per year are listed separately; vendor totals reconcile with the allocation.",
    ),
    "boq.heads": (
        "序号|供应商|平台\n编号|平台|资源 / 服务|数量|单位|单价(元)|计费\n周期|年度金额(元)|年度金额\n(万元)",
        "No.|Vendor|Platform no.|Platform|Resource / service|Quantity|Unit|Unit price (CNY)|Period|Annual amount (CNY)|Annual amount (10k CNY)",
    ),
    "boq.note_instances": (
        "按整机实例（如 4C8G）计费的系统，其 vCPU、内存不计入按单价计费的数量；实例台数为覆盖需求的最省规格组合（见“分配方案”末两列）。",
        " Systems bought as whole instances (e.g. 4C8G) are left out of the per-unit vCPU/RAM quantities; instance counts are the cheapest mix of specs covering the need (last two columns of the allocation).",
    ),
    "boq.subtotal": ("小计：资源及安全服务", "Subtotal: resources and security"),
    "boq.migration": ("迁移费用年度分摊", "Migration, per year"),
    "boq.adaptation": ("信创适配费用年度分摊", "信创 adaptation, per year"),
    "boq.vendor_total": ("供应商年度合计", "Vendor annual total"),
    "boq.all_services": ("全部供应商：资源及安全服务合计", "All vendors: resources and security"),
    "boq.all_onetime": (
        "全部供应商：一次性费用年度分摊合计",
        "All vendors: one-time costs per year",
    ),
    "boq.grand_total": ("年度总费用", "Total annual cost"),
    "boq.reconcile": (
        "核对：年度总费用 − 分配方案年度合计（应为 0）",
        "Check: total − allocation total (should be 0)",
    ),
    "unit.vcpu": ("核", "vCPU"),
    "unit.ram_gb": ("GB", "GB"),
    "unit.storage_gb": ("GB", "GB"),
    "unit.bandwidth_mbps": ("Mbps", "Mbps"),
    "unit.security": ("套（系统）", "per system"),
    "unit.instance": ("台", "instance"),
    # rule check
    "check.title": ("约束核查：方案是否满足全部规则", "Rule check: does the plan obey every rule"),
    "check.policy": ("一、政策约束", "1. Policy rules"),
    "check.policy_heads": (
        "规则|限额 / 要求|本方案|余量|结论",
        "Rule|Limit / requirement|This plan|Slack|Result",
    ),
    "check.budget": (
        "年度总费用不超过年度预算（元）",
        "Annual cost within the annual budget (CNY)",
    ),
    "check.xc": ("信创 vCPU 占比不低于", "信创 vCPU share at least"),
    "check.max_share": ("单一供应商费用占比不超过", "Each vendor's share of cost at most"),
    "check.vendor_share": ("　其中：{vendor}", "  of which {vendor}"),
    "check.min_vendors": ("使用供应商数不少于（家）", "Vendors used at least"),
    "check.capacity": ("平台容量（vCPU）：{platform}", "Platform capacity (vCPU): {platform}"),
    "check.reconcile": (
        "采购清单合计与分配方案一致（差额，元）",
        "Bill of quantities equals allocation (difference, CNY)",
    ),
    "check.systems": (
        "二、数据保护与合规核查（逐系统）",
        "2. Data protection and compliance (per system)",
    ),
    "check.system_heads": (
        "系统名称|数据分级|要求部署|实际部署|结论|系统\n等保级别|平台\n等保级别|结论|须信创|平台信创|结论",
        "System|Data class|Required deployment|Actual deployment|Result|System MLPS|Platform MLPS|Result|信创 required|Platform 信创|Result",
    ),
    # vendor comparison
    "cmp.title": (
        "供应商对比：每个系统在各供应商处的年度费用（元/年）",
        "Vendor comparison: each system's annual cost at each vendor (CNY/yr)",
    ),
    "cmp.note": (
        "每格为该系统在该供应商最便宜的可部署平台上的年度费用（含资源、安全服务及一次性费用分摊）；绿色为选定供应商；“不可部署”列出该供应商最接近可部署的平台所违反的规则。选定费用高于最低费用，通常是因为信创占比、供应商占比上限、容量或预算等整体约束。",
        "Each cell is the annual cost on the vendor's cheapest eligible platform (resources, security and one-time costs per year); green marks the chosen vendor; 'not eligible' gives the rules its closest platform breaks. A choice above the cheapest is due to plan-wide rules (信创 share, vendor cap, capacity, budget).",
    ),
    "cmp.heads_pre": (
        "系统名称|部门|选定供应商|选定平台|选定费用",
        "System|Department|Chosen vendor|Chosen platform|Chosen cost",
    ),
    "cmp.heads_post": ("最低可部署\n费用|选定 − 最低", "Cheapest eligible|Chosen − cheapest"),
    "cmp.not_eligible": ("不可部署：", "not eligible: "),
    "cmp.count": ("可部署系统数", "Eligible systems"),
    "reason.mlps": ("等保级别不足", "MLPS level too low"),
    "reason.deployment": (
        "{data_class}数据须上私有云",
        "{data_class} data must stay on private cloud",
    ),
    "reason.xinchuang": ("须信创", "信创 required"),
    "reason.price": ("未报价", "no price quoted"),
    "reason.security_price": ("无等保服务报价", "no MLPS security package quoted"),
    # inputs
    "in.title": ("输入与求解记录（供审计复核）", "Inputs and solve record (for audit)"),
    "in.policy": ("一、约束参数", "1. Policy"),
    "in.policy_heads": ("参数|值|说明", "Parameter|Value|Meaning"),
    "in.sensitive_data_private.meaning": (
        "核心、重要数据的系统只部署在私有云（分析中可关闭）",
        "Systems holding core or important data run on private cloud only "
        "(switched off only in analysis)",
    ),
    "in.budget_annual": ("年度预算（元）", "Annual budget (CNY)"),
    "in.horizon_years": ("规划年限（年）", "Planning horizon (years)"),
    "in.min_xinchuang_share": ("信创最低占比（vCPU）", "Minimum 信创 share (vCPU)"),
    "in.max_vendor_share": ("单一供应商最高占比（费用）", "Maximum vendor share (cost)"),
    "in.min_vendors": ("最少供应商数", "Minimum number of vendors"),
    "in.sensitive_data_private": (
        "核心/重要数据仅上私有云",
        "Core/important data on private cloud only",
    ),
    "in.solve": ("二、求解", "2. Solve"),
    "in.solver": ("求解器", "Solver"),
    "in.status": ("求解状态", "Status"),
    "in.gap": ("相对间隙", "Relative gap"),
    "in.build_s": ("建模耗时（秒）", "Model build time (s)"),
    "in.solve_s": ("求解耗时（秒）", "Solve time (s)"),
    "in.written": ("写出时间", "Written at"),
    "in.software": ("软件", "Software"),
    "in.files": ("三、输入文件", "3. Input files"),
    "in.file_heads": (
        "文件名|大小（字节）|修改时间|读取时间|SHA-256",
        "File|Size (bytes)|Modified|Read at|SHA-256",
    ),
    "in.no_files": (
        "未读取外部文件（内置示例数据或程序内输入）",
        "No external file read (embedded sample or in-app input)",
    ),
    "in.missing": ("文件已不存在", "file no longer exists"),
    "in.platforms": ("四、平台", "4. Platforms"),
    "in.platform_heads": (
        "平台编号|供应商|平台|部署方式|信创|等保级别|容量(vCPU)|可用性",
        "Platform no.|Vendor|Platform|Deployment|信创|MLPS level|Capacity (vCPU)|Availability",
    ),
    "in.unlimited": ("不限", "unlimited"),
    "in.prices": ("五、报价", "5. Prices"),
    "in.price_heads": (
        "供应商|平台|资源 / 服务|单价(元)|计费周期|年单价(元)",
        "Vendor|Platform|Resource / service|Unit price (CNY)|Period|Annual price (CNY)",
    ),
}


def text(key: str, lang: str = "zh") -> str:
    """The label of key in lang ('zh' or 'en')."""
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def heads(key: str, lang: str = "zh") -> list[str]:
    """A header row stored as 'a|b|c'."""
    return text(key, lang).split("|")
