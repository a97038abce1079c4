"""``yunce rfq``: the 询价单 (request for quotation) a county sends its vendors.

Registered by ui.cli; a filled 询价单 is read back by ``yunce import``/``yunce prices`` and the
app with no mapping questions (data.rfq).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def cmd_rfq(args: argparse.Namespace) -> int:
    from data.rfq import write_rfq
    from ui.cli import EXIT_OK, UsageError, _load_input

    if args.pools < 1 or args.pools > 20:
        raise UsageError("--pools 应为 1–20（每家供应商预留的资源池组数）")
    if args.sample:
        inp, _warnings = _load_input(args, print)
        county, systems = inp.name, inp.workloads
    elif not args.input:
        raise UsageError(
            "请给出本县的输入工作簿或系统清单（COUNTY.xlsx），或用 --sample 使用内置示例县。"
        )
    else:
        county, systems = load_systems(Path(args.input))
    written = write_rfq(
        (args.name or county, systems),
        args.output,
        args.vendor or None,
        args.deadline or "",
        args.contact or "",
        args.pools,
    )
    for p in written:
        print(f"询价单已写入：{p}")
    print("请发给各供应商；收回后用 yunce import --prices 询价单-*.xlsx … 直接读取，无需再核对列。")
    return EXIT_OK


def load_systems(path: Path) -> tuple[str, tuple[Any, ...]]:
    """(county name, systems) from a canonical workbook, or from the county's own system list
    (any layout) before any vendor price is known; raises InputError listing the problems."""
    from data.importers.inventory import read_inventory
    from data.workbook import InputError, read_workbook, tables_to_input

    try:
        inp = read_workbook(path)
        return inp.name, inp.workloads
    except InputError:
        pass  # no prices yet, or the county's own layout: read the system list alone
    inv = read_inventory(path)
    if inv.table is None:
        raise InputError([i for i in inv.issues if i.severity == "error"] or inv.issues)
    for _row, rec in inv.table.records:  # where systems run now does not matter to the 询价单
        rec["current_vendor"] = rec["current_platform"] = None
    inp, issues = tables_to_input(
        {"workloads": inv.table}, path.name, inv.issues, known_platforms=set()
    )
    if inp is None:
        raise InputError([i for i in issues if i.severity == "error"])
    return path.stem, inp.workloads


def register(sub: Any) -> None:
    """Add the ``rfq`` subcommand to the yunce parser."""
    r = sub.add_parser(
        "rfq",
        help="生成发给供应商的询价单（填好后可直接导入）",
        description="根据本县的输入工作簿生成询价单：封面、按资源池分组的报价表（只有单价和资源池属性可填），"
        "供应商填好发回后，yunce import 可原样读取。",
    )
    r.add_argument(
        "input",
        nargs="?",
        metavar="COUNTY.xlsx",
        help="本县的输入工作簿，或只有系统清单的文件（任意版式）",
    )
    r.add_argument("--sample", action="store_true", help="使用内置示例县")
    r.add_argument("-o", "--output", required=True, metavar="询价单.xlsx", help="写出的询价单")
    r.add_argument(
        "--vendor",
        action="append",
        metavar="NAME",
        help="供应商名称（可多次）；每家写一份：询价单-供应商.xlsx",
    )
    r.add_argument("--deadline", metavar="DATE", help="报价截止时间，如 2025年4月30日")
    r.add_argument("--contact", metavar="TEXT", help="联系人及电话")
    r.add_argument("--name", metavar="TEXT", help="县/单位名称（默认取输入工作簿的名称）")
    r.add_argument(
        "--pools", type=int, default=3, metavar="N", help="每家供应商预留的资源池组数（默认 3）"
    )
    r.set_defaults(func=cmd_rfq)
