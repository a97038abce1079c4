"""Assemble a canonical workbook (docs/DESIGN.md §2) from vendor quote sheets, an inventory, and
optional platforms and policy files, with a validation report of every problem and guess.

Where platform attributes come from, first wins:

1. the platforms file (``--platforms``: the canonical 平台 layout, any header spelling);
2. columns on the vendor's own quote sheet (部署方式, 信创, 等保级别, 容量vCPU, 可用性);
3. for 信创 and 部署方式 only, a guess from the pool's name (鲲鹏/海光/飞腾/信创 → 信创;
   政务外网/专属云/私有/专有云 → private; 互联网区/公有云 → public), reported as a guess.

The MLPS level is never guessed: a pool without one is an error that says where to add it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data.cell_values import clean_text, is_blank, parse_amount, parse_bool, parse_level
from data.cells import Reader, ValidationIssue
from data.importers.grid import read_grids
from data.importers.inventory import read_inventory
from data.importers.mapping import MappingStore
from data.importers.quotes import PlatformFacts, QuoteLine, QuoteSheet, read_quote
from data.importers.table import IGNORE, FieldDef, best_table
from data.schema import DEPLOYMENT_VALUES, match_sheet, normalise, sheet_columns
from data.terms_scan import scan_quote
from data.workbook import policy_table, tables_to_input
from planner.labels import DEPLOYMENT_LABELS
from planner.model import Deployment, Discount, Period, PlanInput, Platform, Policy, PriceLine
from planner.text import Msg, bi, pair

XINCHUANG_WORDS = ("鲲鹏", "海光", "飞腾", "信创", "国产", "龙芯", "兆芯", "申威", "arm")
PRIVATE_WORDS = ("政务外网", "专属云", "私有", "专有云", "政务云", "外网区", "政务区")
PUBLIC_WORDS = ("互联网区", "公有云", "互联网", "公网区", "公共云")


def guess_from_name(name: str) -> tuple[str | None, bool]:
    """(deployment or None, 信创) proposed from a pool name such as '鲲鹏资源池' or '互联网区'."""
    n = normalise(name)
    xc = any(w in n for w in XINCHUANG_WORDS)
    if any(w in n for w in PUBLIC_WORDS):
        return "public", xc
    if any(w in n for w in PRIVATE_WORDS):
        return "private", xc
    return None, xc


def _platform_fields() -> tuple[FieldDef, ...]:
    extra = {
        "vendor": ("供应商", "厂商", "云服务商", "vendor"),
        "platform": ("资源池", "平台", "可用区", "专区"),
        "deployment": ("部署",),
        "xinchuang": ("信创", "国产化"),
        "mlps_level": ("等保", "安全等级", "mlps"),
        "capacity_vcpu": ("容量", "可分配", "可用vcpu", "capacity"),
        "availability": ("可用性", "sla", "可用率"),
        "perf_factor": ("性能系数", "性能折算"),
    }
    out = [FieldDef(IGNORE, ("=序号", "备注", "说明"), Msg("忽略", "ignored"))]
    for c in sheet_columns("platforms"):
        words = (
            "=" + normalise(c.key),
            "=" + normalise(c.zh),
            *("=" + normalise(a) for a in c.aliases),
            *extra[c.key],
        )
        out.append(FieldDef(c.key, words, Msg(c.zh, c.key)))
    # deployment/xinchuang/mlps before the generic 平台 word, so 平台等保级别 is not read as the pool
    order = [
        "ignore",
        "vendor",
        "deployment",
        "xinchuang",
        "mlps_level",
        "capacity_vcpu",
        "availability",
        "perf_factor",
        "platform",
    ]
    return tuple(sorted(out, key=lambda f: order.index(f.key)))


PLATFORM_FIELDS = _platform_fields()

#: Expected column names used when a problem is not in a particular column of the file.
_COL_PLATFORM = Msg("平台", "platform")
_COL_DEPLOYMENT = Msg("部署方式", "deployment")
_COL_XINCHUANG = Msg("信创", "信创")
_COL_MLPS = Msg("等保级别", "MLPS level")


@dataclass
class ImportResult:
    """What ``yunce import`` assembled, and the report."""

    input: PlanInput | None
    issues: list[ValidationIssue] = field(default_factory=list)
    quotes: list[QuoteSheet] = field(default_factory=list)

    @property
    def errors(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def guesses(self) -> list[ValidationIssue]:
        """Guesses that change a price, a pool or a unit and are not confirmed (需确认)."""
        return [i for i in self.issues if i.confirm]


def read_platforms_file(
    path: Path, issues: list[ValidationIssue]
) -> list[tuple[int, PlatformFacts, str]]:
    """Rows of a platforms file as (row, facts, sheet)."""
    grids, read_issues = read_grids(path)
    issues.extend(read_issues)
    best = best_table(grids, PLATFORM_FIELDS, "platforms", "platform", min_fields=2)
    if best is None:
        if grids:
            issues.append(
                ValidationIssue(
                    path.name,
                    message=Msg(
                        "没有找到平台表（表头应含 供应商、平台、部署方式、信创、等保级别）",
                        "No platforms table found (the header should have vendor, "
                        "platform, deployment, 信创 (domestic stack) and MLPS level)",
                    ),
                    hint=Msg(
                        "可用 yunce template 生成模板，照「平台」表填写",
                        "Run 'yunce template' for a template and fill in its platforms sheet",
                    ),
                )
            )
        return []
    issues.extend(best.issues)
    out = []
    for row, cells, section in best.records:

        def cell(key: str, cells: list[Any] = cells) -> Any:
            c = best.column(key)
            return cells[c.index] if c is not None and c.index < len(cells) else None

        def bad(key: str, raw: Any, message: Msg, hint: Msg, row: int = row) -> None:
            c = best.column(key)
            issues.append(
                ValidationIssue(
                    path.name,
                    best.grid.sheet,
                    row,
                    c.header if c else key,
                    clean_text(raw),
                    message,
                    hint,
                )
            )

        vendor, platform = clean_text(cell("vendor")), clean_text(cell("platform")) or section
        if not vendor or not platform:
            bad(
                "vendor" if not vendor else "platform",
                "",
                Msg("供应商和平台须填写", "Vendor and platform must both be filled in"),
                Msg(
                    "每行填写一个供应商的一个资源池", "Each row is one resource pool of one vendor"
                ),
            )
            continue
        f = PlatformFacts(
            vendor,
            platform,
            file=path.name,
            source=bi("{f} 第 {r} 行", "{f} row {r}", f=path.name, r=row),
        )
        raw = cell("deployment")
        if not is_blank(raw, dashes=True):
            f.deployment = DEPLOYMENT_VALUES.get(normalise(clean_text(raw)))
            if f.deployment is None:
                bad(
                    "deployment",
                    raw,
                    Msg("无法识别的部署方式", "Unrecognised deployment type"),
                    Msg("请填写 私有云 或 公有云", "Enter 'private' or 'public'"),
                )
        raw = cell("xinchuang")
        if not is_blank(raw, dashes=True):
            f.xinchuang = parse_bool(raw)
            if f.xinchuang is None:
                bad(
                    "xinchuang",
                    raw,
                    Msg("无法识别的是/否值", "Unrecognised yes/no value"),
                    Msg("请填写 是 或 否", "Enter 'yes' or 'no'"),
                )
        raw = cell("mlps_level")
        if not is_blank(raw, dashes=True):
            f.mlps_level = parse_level(raw)
            if f.mlps_level is None or not 1 <= f.mlps_level <= 4:
                bad(
                    "mlps_level",
                    raw,
                    Msg("等保级别应为 1–4", "The MLPS level must be 1–4"),
                    Msg("请填写 1–4 或 二级/三级/四级", "Enter a level from 1 to 4"),
                )
                f.mlps_level = None
        if best.column("capacity_vcpu") is not None:
            f.capacity_stated = True
            raw = cell("capacity_vcpu")
            if not is_blank(raw, dashes=True):
                a = parse_amount(raw)
                if a is None or a.value < 0:
                    bad(
                        "capacity_vcpu",
                        raw,
                        Msg("容量不是非负数字", "The capacity is not a non-negative number"),
                        Msg(
                            "请填写 vCPU 数量，留空表示不限",
                            "Enter the number of vCPUs; leave it blank for no limit",
                        ),
                    )
                else:
                    f.capacity_vcpu = float(a.value)
        raw = cell("availability")
        if not is_blank(raw, dashes=True):
            a = parse_amount(raw)
            if a is None:
                bad(
                    "availability",
                    raw,
                    Msg("可用性不是百分比", "The availability is not a percentage"),
                    Msg("请填写如 99.95", "Enter e.g. 99.95"),
                )
            else:
                v = float(a.value * 100) if a.percent or a.value <= 1 else float(a.value)
                f.availability = v
        out.append((row, f, best.grid.sheet))
    return out


def _key(vendor: str, platform: str) -> tuple[str, str]:
    return normalise(vendor), normalise(platform)


def read_policy_file(path: Path, issues: list[ValidationIssue]) -> Policy:
    grids, read_issues = read_grids(path)
    issues.extend(read_issues)
    filled = [g for g in grids if any(any(not is_blank(v, dashes=True) for v in r) for r in g.rows)]
    grid = next(
        (g for g in filled if match_sheet(g.sheet) == "policy"), filled[0] if filled else None
    )
    if grid is None:
        issues.append(
            ValidationIssue(
                path.name,
                message=Msg("约束文件为空", "The policy file is empty"),
                hint=Msg(
                    "两列：参数、值，如 年度预算 | 485万",
                    "Two columns, key and value, e.g. 'budget_annual | 4850000'",
                ),
            )
        )
        return Policy()
    reader = Reader(path.name)
    rows = [r for r in grid.rows]
    # skip title rows above a 参数/值 header, if any
    start = next(
        (
            i
            for i, r in enumerate(rows)
            if any(normalise(clean_text(v)) in ("参数", "key", "参数名", "项目") for v in r)
        ),
        0,
    )
    table = policy_table(
        reader, grid.sheet or path.stem, [[None] * len(r) for r in rows[:start]] + rows[start:]
    )
    table.file = path.name
    issues.extend(reader.issues)
    inp, checked = tables_to_input({"policy": table}, path.name)
    issues.extend(i for i in checked if i not in reader.issues)
    return inp.policy if inp is not None else Policy()


def assemble(
    price_files: list[Path],
    workloads_file: Path,
    policy_file: Path | None = None,
    platforms_file: Path | None = None,
    vendors: list[str | None] | None = None,
    mappings: MappingStore | None = None,
    name: str = "",
    pools: list[str | None] | None = None,
    layouts: list[dict[str, Any] | None] | None = None,
    accept_guesses: bool = False,
) -> ImportResult:
    """Read every piece and build the PlanInput; every problem and guess goes into issues.

    vendors and pools give, per price file, the vendor and the pool its rows do not name.
    """
    issues: list[ValidationIssue] = []
    result = ImportResult(None, issues)
    if mappings is not None and mappings.problem:
        issues.append(
            ValidationIssue(
                str(mappings.path),
                message=mappings.problem,
                severity="warning",
                hint=Msg("请修正或删除该映射文件", "Fix or delete the mapping file"),
            )
        )

    # --- prices --------------------------------------------------------------------------------
    lines: list[QuoteLine] = []
    discounts: list[Discount] = []  # tier/term tables found beside the prices (data/terms_scan.py)
    facts: dict[tuple[str, str], PlatformFacts] = {}
    spelled: dict[tuple[str, str], tuple[str, str]] = {}
    for i, path in enumerate(price_files):
        vendor = (vendors or [None] * len(price_files))[i] if vendors and i < len(vendors) else None
        pool = pools[i] if pools and i < len(pools) else None
        given = layouts[i] if layouts and i < len(layouts) else None
        if accept_guesses:
            given = {**(given or {}), "accept": [*((given or {}).get("accept") or []), "*"]}
        q = read_quote(path, vendor, mappings, platform=pool, layout=given)
        result.quotes.append(q)
        issues.extend(i for i in q.issues if i not in q.missing)  # said below, per system need
        if mappings is not None:
            for v, cols in q.mappings.items():
                mappings.remember(v, cols)
        lines.extend(q.lines)
        quoted = vendor or next((ln.vendor for ln in q.lines), None)
        if quoted:
            found, notes = scan_quote(path, quoted)
            discounts += found
            issues.extend(notes)
        for k, f in q.platforms.items():
            facts.setdefault(_key(*k), f)
        for line in q.lines:
            spelled.setdefault(_key(line.vendor, line.platform), (line.vendor, line.platform))

    # --- platforms -----------------------------------------------------------------------------
    file_facts: dict[tuple[str, str], PlatformFacts] = {}
    if platforms_file is not None:
        for _row, f, _sheet in read_platforms_file(platforms_file, issues):
            k = _key(f.vendor, f.platform)
            if k in file_facts:
                issues.append(
                    ValidationIssue(
                        platforms_file.name,
                        _sheet,
                        _row,
                        _COL_PLATFORM,
                        f.platform,
                        Msg("平台重复", "Duplicate platform"),
                        Msg(
                            "同一供应商下平台名须唯一",
                            "Platform names must be unique within a vendor",
                        ),
                    )
                )
                continue
            file_facts[k] = f
            spelled[k] = (f.vendor, f.platform)  # the platforms file's spelling wins
    priced = {_key(x.vendor, x.platform) for x in lines}
    platforms: list[Platform] = []
    in_order = [_key(x.vendor, x.platform) for x in lines]
    for k in list(
        dict.fromkeys([*file_facts, *in_order])
    ):  # the platforms file's order, then the quotes'
        vendor, pname = spelled[k]
        p = _resolve_platform(
            vendor, pname, file_facts.get(k), facts.get(k), issues, platforms_file
        )
        if p is not None:
            platforms.append(p)
        if k not in priced:
            issues.append(
                ValidationIssue(
                    platforms_file.name if platforms_file else "",
                    "",
                    None,
                    _COL_PLATFORM,
                    f"{vendor}/{pname}",
                    Msg(
                        "该平台没有任何报价，不会被选用",
                        "This platform has no prices and will not be chosen",
                    ),
                    Msg(
                        "如有报价单，请一并导入",
                        "If there is a quote sheet for it, import it as well",
                    ),
                    "warning",
                )
            )

    prices: list[PriceLine] = []
    seen: dict[tuple[Any, ...], QuoteLine] = {}
    for x in lines:
        vendor, pname = spelled[_key(x.vendor, x.platform)]
        k = (vendor, pname, x.resource, x.vcpu, x.ram_gb, x.min_qty, x.max_qty)
        if k in seen:
            o = seen[k]
            issues.append(
                ValidationIssue(
                    x.file,
                    x.sheet,
                    x.source_row,
                    "",
                    f"{pname} {x.resource}",
                    bi(
                        "与 {f} 第 {r} 行重复报价，按先读到的计",
                        "Same price as in {f}, row {r}; the one read first is used",
                        f=o.file,
                        r=o.source_row,
                    ),
                    Msg("请只保留一份报价", "Keep only one of the two prices"),
                    "warning",
                )
            )
            continue
        seen[k] = x
        prices.append(
            PriceLine(
                vendor,
                pname,
                x.resource,
                x.unit_price,
                Period(x.period),
                x.vcpu,
                x.ram_gb,
                min_qty=x.min_qty,
                max_qty=x.max_qty,
            )
        )

    # --- workloads -----------------------------------------------------------------------------
    inv = read_inventory(workloads_file, mappings)
    issues.extend(inv.issues)
    if mappings is not None and inv.mapping:
        mappings.remember(MappingStore.INVENTORY, inv.mapping)
    workloads = ()
    if inv.table is not None:
        names = {_key(p.vendor, p.name): p for p in platforms}
        for _row, rec in inv.table.records:
            cv, cp = rec.get("current_vendor"), rec.get("current_platform")
            if cv and cp and _key(str(cv), str(cp)) in names:
                p = names[_key(str(cv), str(cp))]
                rec["current_vendor"], rec["current_platform"] = p.vendor, p.name
        inp_w, checked = tables_to_input(
            {"workloads": inv.table},
            workloads_file.name,
            known_platforms={(p.vendor, p.name) for p in platforms},
        )
        for issue in checked:
            issues.append(issue)
        if inp_w is not None:
            workloads = inp_w.workloads
    _warn_unpriced(platforms, prices, workloads, result.quotes, issues)
    policy = read_policy_file(policy_file, issues) if policy_file is not None else Policy()
    if policy_file is None:
        issues.append(
            ValidationIssue(
                "",
                severity="warning",
                message=Msg(
                    "未提供约束文件，按默认规则（不设预算上限、规划 3 年、无信创占比要求）",
                    "No policy file given; the default rules apply (no budget "
                    "cap, a 3-year horizon, no 信创 (domestic stack) share required)",
                ),
                hint=Msg(
                    "用 --policy 给出约束（两列：参数、值）",
                    "Give the rules with --policy (two columns: key and value)",
                ),
            )
        )
    if not any(i.severity == "error" for i in issues):
        result.input = PlanInput(
            tuple(platforms),
            tuple(prices),
            tuple(workloads),
            policy,
            name=name,
            discounts=tuple(discounts),
        )
    return result


def _warn_unpriced(
    platforms: list[Platform],
    prices: list[PriceLine],
    workloads: Any,
    quotes: list[QuoteSheet],
    issues: list[ValidationIssue],
) -> None:
    """A priced pool that lacks a price some system needs (storage, bandwidth, the 等保 package of
    its level) is a warning naming the resource and a system that needs it."""
    from planner.labels import RESOURCE_LABELS

    have: dict[tuple[str, str], set[str]] = {}
    for p in prices:
        have.setdefault((p.vendor, p.platform), set()).add(p.resource)
    files = {(x.vendor, x.platform): q.file for q in quotes for x in q.lines}
    for plat in platforms:
        res = have.get((plat.vendor, plat.name))
        if not res or not res & {"vcpu", "ram_gb", "instance"}:
            continue
        needs: dict[str, Any] = {}
        for w in workloads:
            if w.mlps_level > plat.mlps_level:
                continue
            wanted = []
            if w.storage_gb > 0:
                wanted.append("storage_gb")
            if w.bandwidth_mbps > 0:
                wanted.append("bandwidth_mbps")
            if w.mlps_level >= 2:
                wanted.append(f"security_l{w.mlps_level}")
            for r in wanted:
                needs.setdefault(r, w)
        for r, w in needs.items():
            if r in res:
                continue
            name = pair(RESOURCE_LABELS, r)
            issues.append(
                ValidationIssue(
                    files.get((plat.vendor, plat.name), ""),
                    "",
                    None,
                    _COL_PLATFORM,
                    f"{plat.vendor}/{plat.name}",
                    severity="warning",
                    message=bi(
                        "资源池「{p}」没有{n}价格：需要它的系统（如「{w}」）不会放在这里",
                        "Pool '{p}' has no {n} price: systems that need it (such as '{w}') will not be "
                        "placed there",
                        p=plat.name,
                        n=name,
                        w=w.name,
                    ),
                    hint=Msg(
                        "请向供应商补充该项报价，或一并导入其单独的存储/带宽/安全服务报价",
                        "Ask the vendor for this price, or import its separate storage/bandwidth/"
                        "security price sheet too",
                    ),
                )
            )


def _resolve_platform(
    vendor: str,
    name: str,
    from_file: PlatformFacts | None,
    from_sheet: PlatformFacts | None,
    issues: list[ValidationIssue],
    platforms_file: Path | None,
) -> Platform | None:
    def pick(attr: str) -> tuple[Any, str]:
        for f in (from_file, from_sheet):
            if f is not None and getattr(f, attr) is not None:
                return getattr(f, attr), f.source
        return None, ""

    where = f"{vendor}/{name}"
    origin = from_file or from_sheet
    file_name = (
        (origin.file or origin.source.split(" ")[0])
        if origin is not None
        else (platforms_file.name if platforms_file else "")
    )
    deployment, _ = pick("deployment")
    xinchuang, _ = pick("xinchuang")
    g_dep, g_xc = guess_from_name(name)
    if deployment is None:
        if g_dep is None:
            issues.append(
                ValidationIssue(
                    file_name,
                    "",
                    None,
                    _COL_DEPLOYMENT,
                    where,
                    bi(
                        "平台「{w}」的部署方式未知",
                        "The deployment type of platform '{w}' is unknown",
                        w=where,
                    ),
                    Msg(
                        "请在平台文件（--platforms）或报价单中为该资源池填写 部署方式：私有云 或 公有云",
                        "Fill in the deployment of this pool, 'private' or 'public', in the "
                        "platforms file (--platforms) or on the quote sheet",
                    ),
                )
            )
        else:
            deployment = g_dep
            issues.append(
                ValidationIssue(
                    file_name,
                    "",
                    None,
                    _COL_DEPLOYMENT,
                    where,
                    severity="warning",
                    message=bi(
                        "根据资源池名称推测「{name}」为{d}（推测，请确认）",
                        "Pool '{name}' taken as {d} from its name (a guess; please check)",
                        name=name,
                        d=pair(DEPLOYMENT_LABELS, g_dep),
                    ),
                    hint=Msg(
                        "如不对，请在平台文件中填写部署方式",
                        "If this is wrong, fill in the deployment in the platforms file",
                    ),
                )
            )
    if xinchuang is None:
        xinchuang = g_xc
        issues.append(
            ValidationIssue(
                file_name,
                "",
                None,
                _COL_XINCHUANG,
                where,
                severity="warning",
                message=bi(
                    "根据资源池名称推测「{name}」{x}信创资源池（推测，请确认）",
                    "Pool '{name}' taken as {x} 信创 (domestic stack) pool from its "
                    "name (a guess; please check)",
                    name=name,
                    x=Msg("是", "a") if g_xc else Msg("不是", "not a"),
                ),
                hint=Msg(
                    "如不对，请在平台文件中填写 信创：是/否",
                    "If this is wrong, fill in 信创 as 'yes' or 'no' in the platforms file",
                ),
            )
        )
    mlps, _ = pick("mlps_level")
    if mlps is None:
        issues.append(
            ValidationIssue(
                file_name,
                "",
                None,
                _COL_MLPS,
                where,
                bi(
                    "平台「{w}」的等保级别未知（不会推测）",
                    "The MLPS level of platform '{w}' is unknown (it is never guessed)",
                    w=where,
                ),
                Msg(
                    "请在平台文件（--platforms）或报价单中为该资源池填写可承载的最高等保级别（1–4），"
                    "可查该平台的等保测评/云计算服务安全评估材料",
                    "Fill in the highest MLPS level (1–4) this pool may host, in the platforms "
                    "file (--platforms) or on the quote sheet; see the MLPS "
                    "assessment or cloud-service security assessment reports of the platform",
                ),
            )
        )
    capacity, _ = pick("capacity_vcpu")
    availability, _ = pick("availability")
    if deployment is None or mlps is None:
        return None
    return Platform(
        vendor, name, Deployment(deployment), bool(xinchuang), int(mlps), capacity, availability
    )
