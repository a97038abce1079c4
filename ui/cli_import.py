"""``yunce prices`` and ``yunce import``: vendor quote sheets and inventories as they arrive.

Registered by ui.cli; exit codes as in docs/DESIGN.md §3 (input errors raise InputError → exit 2).

The readers (``data.importers``: openpyxl, calamine, pandas, about 1.5 s to import on a busy
machine) are imported inside the two commands, not here: ui.cli imports this module to build its
parser on every ``yunce`` run (``yunce plan``, ``yunce gui``), which must not pay for them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ui.cli import EXIT_INPUT, EXIT_OK, UsageError, format_table


def _mapping_store(args: argparse.Namespace, beside: Path | None):  # type: ignore[no-untyped-def]
    from data.importers.mapping import DEFAULT_NAME, MappingStore, default_path

    if getattr(args, "no_remember", False):
        return MappingStore(None)
    if args.mappings:
        return MappingStore(Path(args.mappings))
    return MappingStore(beside.parent / DEFAULT_NAME if beside is not None else default_path())


def _overrides(items: list[str] | None) -> dict[str, str]:

    out: dict[str, str] = {}
    for item in items or []:
        if "=" not in item:
            raise UsageError(f"--map 应写成 表头=字段，例如 折后单价=unit_price（收到：{item}）")
        header, field = item.split("=", 1)
        out[header.strip()] = field.strip()
    return out


def _print_issues(issues: list[Any], stream: Any) -> None:
    errors = [i for i in issues if i.severity == "error"]
    if not issues:
        return
    print(f"校验报告：{len(errors)} 处错误，{len(issues) - len(errors)} 条提示", file=stream)
    for i in issues:
        print("  " + i.text(), file=stream)


def _load_layout(args: argparse.Namespace) -> dict[str, Any] | None:
    from data.importers.layout import LayoutError, read_layout_file

    if not getattr(args, "layout", None):
        return None
    try:
        return read_layout_file(args.layout)
    except LayoutError as exc:
        raise UsageError(str(exc.message)) from exc


def prices_json(lines: list[Any]) -> list[dict[str, Any]]:
    """The lines read, as JSON objects; the bands of one step price are one object: the band
    above the last step gives unit_price, the bands below it are listed under "steps"."""
    out: list[dict[str, Any]] = []
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for x in lines:
        if not x.step or (x.min_qty is None and x.max_qty is None):
            out.append(x.as_json())
            continue
        key = (x.vendor, x.platform, x.resource, x.variant, x.label, x.file, x.sheet)
        band = {
            "from": x.min_qty or 0.0,
            "to": x.max_qty,
            "unit_price": x.unit_price,
            "period": x.period,
            "source_row": x.source_row,
        }
        if key not in groups:
            groups[key] = {"bands": []}
            out.append(groups[key])
        groups[key]["bands"].append((x, band))
    for i, obj in enumerate(out):
        if "bands" not in obj:
            continue
        bands = sorted(obj["bands"], key=lambda b: b[1]["from"])
        top_line, _top = bands[-1]
        head = top_line.as_json()
        head["steps"] = [b for _x, b in bands]
        out[i] = head
    return out


def cmd_prices(args: argparse.Namespace) -> int:
    from data.importers.layout import explain, layout_of
    from data.importers.quotes import NO_POOL, read_quote
    from data.workbook import InputError

    if getattr(args, "explain", False) and args.json == "-":
        raise UsageError(
            "--explain 把版式 JSON 写到标准输出，不能同时用 --json -；请改用 --json 文件名"
        )
    store = _mapping_store(args, None)
    layout = _load_layout(args)
    q = read_quote(
        Path(args.file),
        args.vendor,
        store,
        _overrides(args.map),
        platform=args.platform,
        layout=layout,
        progress=_progress(Path(args.file)),
    )
    json_out = args.json == "-"
    explaining = bool(getattr(args, "explain", False))
    info = sys.stderr if json_out or explaining else sys.stdout
    if explaining:  # the layout (JSON, what --layout takes) alone on stdout, the words on stderr
        print(explain(q), file=sys.stderr)
        print(
            "版式 JSON 已写到标准输出：存为文件（如 > 版式.json），改正后用 --layout 版式.json 传入",
            file=sys.stderr,
        )
        sys.stdout.write(
            json.dumps(layout_of(q), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        )
    # a file that names no pool still shows what it prices; `yunce import` needs the pool
    errors = [i for i in q.issues if i.severity == "error" and str(i.message) != str(NO_POOL)]
    # a price or spec that is no finite number is an error of the importer's (never a line)
    if errors or not q.read:
        _flag_hint(q, sys.stderr)
        raise InputError(
            [i for i in q.issues if i.severity == "error"]
            + [i for i in q.issues if i.severity != "error"]
        )
    if args.show_mapping:
        for vendor, cols in q.mappings.items():
            print(f"列映射（{vendor}）：", file=info)
            for header, field in cols.items():
                print(f"  {header} → {field or '未识别'}", file=info)
    rows = [
        [
            x.vendor,
            "（全部资源池）" if x.all_pools else (x.platform or "（未知）"),
            x.resource
            + (f" {x.vcpu:g}C{x.ram_gb:g}G" if x.vcpu else "")
            + (
                f" {x.min_qty or 0:g}–{'' if x.max_qty is None else f'{x.max_qty:g}'}"
                if x.step and (x.min_qty or x.max_qty)
                else ""
            )
            + (f" {x.variant}" if x.variant else ""),
            f"{x.unit_price:,.2f}",
            "月" if x.period == "month" else "年",
            f"{x.annual_price:,.2f}",
            str(x.source_row),
            "、".join(_FLAG_NAMES.get(f, f) for f in x.flags),
        ]
        for x in q.read
    ]
    if args.json:
        from ui.cli_output import emit_json  # strict JSON, written through data.safe_write

        emit_json(args.json, prices_json(q.read))
    if not json_out and not explaining:
        print(
            format_table(
                ["供应商", "资源池", "资源", "单价(元)", "周期", "年价(元)", "来源行", "说明"],
                rows,
                right={3, 5, 6},
            )
        )
    _print_issues(q.issues, sys.stderr)
    if any(i.severity == "error" for i in q.issues):
        _flag_hint(q, sys.stderr)
    if not args.no_remember:
        for vendor, cols in q.mappings.items():
            store.remember(vendor, cols)
        _save_quietly(store, sys.stderr)
    return EXIT_OK


_FLAG_NAMES = {
    "gpu": "含GPU，不用于规划",
    "not_for_new": "不再出售，不用于规划",
    "bundle": "价格含附带项",
    "footnote": "有注释",
}


def _progress(path: Path) -> Any:
    """Progress on standard error for a workbook with many sheets (a line per 10 %)."""
    said = {"last": -1}

    def report(fraction: float, sheet: str) -> None:
        step = int(fraction * 10)
        if step > said["last"] and fraction > 0:
            said["last"] = step
            print(f"正在读取 {path.name}：{fraction:.0%}（{sheet}）", file=sys.stderr)

    return report


def _flag_hint(q: Any, stream: Any) -> None:
    """On the command line, say which flag gives what the file does not say."""
    from data.importers.quotes import needs_names

    flags = {"vendor": "--vendor NAME", "pool": "--platform NAME"}
    missing = needs_names(q)
    if missing:
        print(
            f"{q.file}：表中没有写明{'和'.join('供应商' if m == 'vendor' else '资源池' for m in missing)}，"
            f"请用 {' 和 '.join(flags[m] for m in missing)} 指定",
            file=stream,
        )


def _save_quietly(store: Any, stream: Any) -> None:
    from data.safe_write import WriteError

    try:
        path = store.save()
    except (OSError, WriteError) as exc:
        print(f"提示：列映射未能保存（{exc}）", file=stream)
        return
    if path is not None:
        print(f"列映射已记录在 {path}（可编辑后再次导入）", file=stream)


def cmd_import(args: argparse.Namespace) -> int:
    from data.importers.assemble import assemble
    from data.importers.report import write_import_workbook
    from data.workbook import InputError

    if not args.prices:
        raise UsageError("请用 --prices 给出至少一个报价单文件")
    out = Path(args.output)
    store = _mapping_store(args, out)
    vendors = args.vendor or []
    if vendors and len(vendors) not in (1, len(args.prices)):
        raise UsageError("--vendor 要么给一次（适用于全部报价单），要么与 --prices 文件一一对应")
    per_file = vendors * len(args.prices) if len(vendors) == 1 else vendors
    pools = args.platform or []
    if pools and len(pools) not in (1, len(args.prices)):
        raise UsageError("--platform 要么给一次（适用于全部报价单），要么与 --prices 文件一一对应")
    pools_per_file = pools * len(args.prices) if len(pools) == 1 else pools
    layouts = _import_layouts(args)
    result = assemble(
        [Path(p) for p in args.prices],
        Path(args.workloads),
        policy_file=Path(args.policy) if args.policy else None,
        platforms_file=Path(args.platforms) if args.platforms else None,
        vendors=per_file or None,
        mappings=store,
        name=args.name or out.stem,
        pools=pools_per_file or None,
        layouts=layouts,
        accept_guesses=args.accept_guesses,
    )
    if result.input is not None and result.guesses:
        _print_guesses(result.guesses, sys.stderr)
        return EXIT_INPUT  # nothing wrong in the files, but prices rest on unconfirmed guesses
    if result.input is None:  # any error, a non-finite price among them, blocks the plan input
        for q in result.quotes:
            _flag_hint(q, sys.stderr)
        raise InputError(result.errors + [i for i in result.issues if i.severity != "error"])
    written = write_import_workbook(result.input, result.issues, out, lang=args.lang)
    _print_issues(result.issues, sys.stdout)
    inp = result.input
    print(
        f"已导入：{len(inp.platforms)} 个平台（{len(inp.vendors)} 家供应商），{len(inp.prices)} 条报价，"
        f"{len(inp.workloads)} 个业务系统"
    )
    print(f"标准输入工作簿已写入：{written}（含「校验报告」表）；下一步：yunce plan {written}")
    if not args.no_remember:
        _save_quietly(store, sys.stdout)
    return EXIT_OK


def _import_layouts(args: argparse.Namespace) -> list[dict[str, Any] | None] | None:
    """--layout per price file (once for all, or one per --prices file, like --vendor)."""
    from data.importers.layout import LayoutError, read_layout_file

    given = args.layout or []
    if not given:
        return None
    if len(given) not in (1, len(args.prices)):
        raise UsageError("--layout 要么给一次（适用于全部报价单），要么与 --prices 文件一一对应")
    try:
        read = [read_layout_file(p) for p in given]
    except LayoutError as exc:
        raise UsageError(str(exc.message)) from exc
    return read * len(args.prices) if len(read) == 1 else read


def _print_guesses(guesses: list[Any], stream: Any) -> None:
    print(
        f"有 {len(guesses)} 处推测会改变价格、资源池或单位（需确认），未写出工作簿：",
        file=stream,
    )
    for g in guesses:
        print("  " + g.text(), file=stream)
    keys = sorted({g.confirm for g in guesses})
    print(
        "请逐条核对；确认无误后加 --accept-guesses 再运行，或用 yunce prices 文件 --explain 查看版式，"
        '把改正后的版式存为文件用 --layout 传入（版式中 "accept": '
        + json.dumps(keys, ensure_ascii=False)
        + " 表示已确认这些推测）",
        file=stream,
    )


def register(sub: Any) -> None:
    """Add the ``prices`` and ``import`` subcommands to the yunce parser."""
    p = sub.add_parser(
        "prices",
        help="读取一份供应商报价单并列出规范化的报价",
        description="读取供应商报价单（.xlsx/.xls/.csv，任意版式），列出识别出的报价行。",
    )
    p.add_argument("file", metavar="FILE", help="报价单文件")
    p.add_argument("--vendor", metavar="NAME", help="供应商名称（表中无供应商列时使用）")
    p.add_argument(
        "--platform", metavar="NAME", help="资源池名称（表中没有资源池列或分组标题时使用）"
    )
    p.add_argument("--json", metavar="OUT.json", help="以 JSON 输出报价行；- 表示标准输出")
    p.add_argument(
        "--map",
        action="append",
        metavar="表头=字段",
        help="指定某列的含义，如 折后单价=unit_price（可多次）",
    )
    p.add_argument("--show-mapping", action="store_true", help="显示识别出的列映射")
    p.add_argument(
        "--explain",
        action="store_true",
        help="说明识别出的版式（表头行、各列的含义及理由、需确认的推测；写到标准错误），"
        "并把版式 JSON 写到标准输出（改正后用 --layout 传入）",
    )
    p.add_argument(
        "--layout", metavar="LAYOUT.json", help="按版式文件读取（JSON，或装有 PyYAML 时的 YAML）"
    )
    p.add_argument(
        "--mappings", metavar="FILE.json", help="列映射记忆文件（默认 ~/.yunce/mappings.json）"
    )
    p.add_argument("--no-remember", action="store_true", help="不读写列映射记忆文件")
    p.set_defaults(func=cmd_prices)

    i = sub.add_parser(
        "import",
        help="把报价单和系统清单汇成标准输入工作簿",
        description="读取各供应商报价单、系统清单（及可选的平台、约束文件），生成标准输入工作簿和校验报告。",
    )
    i.add_argument("--prices", nargs="+", metavar="FILE", help="报价单文件（可多个）")
    i.add_argument("--workloads", required=True, metavar="FILE", help="业务系统清单")
    i.add_argument("--policy", metavar="FILE", help="约束文件（两列：参数、值）")
    i.add_argument(
        "--platforms",
        metavar="FILE",
        help="平台文件：供应商、平台、部署方式、信创、等保级别、容量vCPU",
    )
    i.add_argument(
        "--vendor", action="append", metavar="NAME", help="供应商名称，按 --prices 顺序（可多次）"
    )
    i.add_argument(
        "--platform",
        action="append",
        metavar="NAME",
        help="资源池名称，按 --prices 顺序（可多次）；用于表中没有资源池列或分组标题的报价单",
    )
    i.add_argument(
        "-o", "--output", required=True, metavar="COUNTY.xlsx", help="写出的标准输入工作簿"
    )
    i.add_argument("--name", help="县/项目名称（默认取输出文件名）")
    i.add_argument(
        "--mappings",
        metavar="FILE.json",
        help="列映射记忆文件（默认在输出文件旁：yunce-mappings.json）",
    )
    i.add_argument("--no-remember", action="store_true", help="不读写列映射记忆文件")
    i.add_argument(
        "--layout",
        action="append",
        metavar="LAYOUT.json",
        help="报价单的版式文件，按 --prices 顺序（可多次；见 yunce prices --explain）",
    )
    i.add_argument(
        "--accept-guesses",
        action="store_true",
        help="接受所有会改变价格、资源池或单位的推测（需确认项）；不加时有此类推测即以退出码 2 结束",
    )
    i.add_argument(
        "--lang", choices=["zh", "en"], default="zh", help="工作簿和校验报告的语言（默认中文）"
    )
    i.set_defaults(func=cmd_import)
