"""The ``.yunce`` project file: read, write (atomically), and turn into a planning input. No Qt.

A project file is a zip archive:

* ``manifest.json`` — ``{"format": "yunce-project", "version": 1, "name", "saved_at",
  "rules": {budget_annual, horizon_years, min_xinchuang_share, max_vendor_share, min_vendors, and when
  set the year plan's discount_rate, allow_multiple_moves},
  "procurement": {采购标准 key: value} (only when set; it decides the lots' methods, never the
  plan, so it is not part of the plan's input fingerprint),
  "solve": {"time_limit": seconds | null}, "mappings": {...}, "sources": [file names],
  "lot_merges": [[采购项目 key, ...], ...] (only when the user merged lots on the export page;
  like the 采购标准 it never changes the plan)}``
* ``tables/platforms.json``, ``tables/prices.json``, ``tables/workloads.json`` — each
  ``{"columns": [schema keys], "rows": [[value, ...], ...]}`` with JSON values as stored
  (canonical values such as ``"private"``/``true``/``12.0``, or the text typed when it was not
  recognised so the problem is kept, never lost).
* ``plan.json`` (optional) — the last plan, when it was current at saving:
  ``{"input_fingerprint": sha256 of the planning input, "status": "optimal"|"feasible"|"infeasible",
  "solver", "mip_gap", "seconds", "total_annual_cost", "min_budget",
  "assignments": [[system, vendor, platform], ...], "diagnosis": [{"zh", "en"}, ...],
  "relaxations": {rule: value}, "conflict": [rule, ...]}``. The app restores it only if the inputs
  still have the same fingerprint, and recosts it with the planner's cost model.

The desktop app (:mod:`ui.app.project`) and the CLI (``yunce plan PROJECT.yunce``) both read
and write through this module, so a project means the same input to both.
"""

from __future__ import annotations

import json
import math
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from data.bounded_read import (
    MAX_PROJECT_MEMBER_BYTES,
    MAX_PROJECT_MEMBERS,
    MAX_PROJECT_TOTAL_BYTES,
    LimitError,
    check_member,
    input_file_problem,
    open_zip,
    read_member,
    too_big,
)
from data.safe_write import WriteError, write_file
from data.schema import SHEETS, sheet_columns
from data.workbook import (
    YEAR_POLICY_KEYS,
    InputError,
    Table,
    ValidationIssue,
    is_blank,
    read_policy,
    tables_to_input,
)
from planner.model import PlanInput, Policy, ProcurementStandards
from planner.rules import USER_RULE_KEYS, policy_defaults, policy_from_values, policy_values
from planner.text import Msg, bi

FORMAT = "yunce-project"
VERSION = 1
SUFFIX = ".yunce"
PLAN_FILE = "plan.json"
DATA_SHEETS = ("platforms", "prices", "workloads")
#: Optional tables (issue 13: 折扣, 指定规则), stored like the data tables; absent = none.
TERMS_SHEETS = ("discounts", "system_rules")
#: Optional 年度计划 table (issue 12): a project with rows there is planned year by year.
YEAR_SHEETS = ("years",)
#: Every table a project stores.
STORED_SHEETS = DATA_SHEETS + TERMS_SHEETS + YEAR_SHEETS
#: The rules a project holds: the user's settings of the rule registry, in its order.
RULE_KEYS: tuple[str, ...] = USER_RULE_KEYS
#: 约束 rows of a year plan (折现率, 允许多次迁移): kept with the rules when set, not Policy fields.
YEAR_RULE_KEYS: tuple[str, ...] = YEAR_POLICY_KEYS
DEFAULT_RULES: dict[str, Any] = policy_defaults(USER_RULE_KEYS)

#: Row number of a table's first data row, as in the workbook the app writes (headers in row 1).
#: The app numbers its rows the same way, so the app and the CLI name the same row for a cell.
FIRST_ROW = 2

ProjectData = dict[str, Any]
"""{"manifest": {...}, "tables": {sheet: {"columns", "rows"}}, "plan": {...} | None}."""


class ProjectFileError(Exception):
    """A project file could not be read or written.

    ``str(exc)`` is the Chinese message; ``exc.message`` the :class:`Msg` carrying the English.
    """

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message


def is_project_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() == SUFFIX


# --- writing --------------------------------------------------------------------------------------
def _json_value(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def write_project_file(
    path: str | Path, snapshot: ProjectData, replace_read_only: bool | None = None
) -> Path:
    """Write the project through data.safe_write (temporary file beside it, then one rename).

    Raises ProjectFileError with the writer's message (a read-only file is replaced only when
    replace_read_only or the run allows it).
    """
    path = Path(path)

    def produce(fh: IO[bytes]) -> None:
        # the ZipFile wraps our file object and is closed inside this block, failure or not
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(
                "manifest.json",
                json.dumps(snapshot["manifest"], ensure_ascii=False, indent=2, allow_nan=False),
            )
            for key, table in snapshot["tables"].items():
                rows = [[_json_value(v) for v in row] for row in table["rows"]]
                zf.writestr(
                    f"tables/{key}.json",
                    json.dumps(
                        {"columns": table["columns"], "rows": rows},
                        ensure_ascii=False,
                        allow_nan=False,
                    ),
                )
            if snapshot.get("plan"):
                zf.writestr(
                    PLAN_FILE,
                    json.dumps(snapshot["plan"], ensure_ascii=False, indent=1, allow_nan=False),
                )

    try:
        return write_file(path, produce, replace_read_only=replace_read_only)
    except WriteError as exc:
        raise ProjectFileError(exc.message) from exc


# --- reading --------------------------------------------------------------------------------------
#: The members a project file may hold that Yunce reads.
KNOWN_MEMBERS = frozenset(
    {"manifest.json", PLAN_FILE, *(f"tables/{k}.json" for k in STORED_SHEETS)}
)


def _damaged(file: str, what: Msg) -> ProjectFileError:
    return ProjectFileError(
        bi(
            "{file} 已损坏或不是云策项目文件：{what}。当前项目未改动。",
            "{file} is damaged or not a Yunce project file: {what_en}. The current project "
            "was not changed.",
            file=file,
            what=what,
            what_en=what.en,
        )
    )


_KIND = {
    dict: ("对象", "an object"),
    list: ("列表", "a list"),
    str: ("文本", "text"),
    bool: ("是/否值", "true/false"),
    int: ("数字", "a number"),
    float: ("数字", "a number"),
    type(None): ("空值", "null"),
}


def _wrong_type(where: str, expected: tuple[str, str], value: Any) -> Msg:
    found = _KIND.get(type(value), ("其他值", "another value"))
    return bi(
        "{where} 应为{exp}，实际是{found}",
        "{where} should be {exp_en} but is {found_en}",
        where=where,
        exp=expected[0],
        exp_en=expected[1],
        found=found[0],
        found_en=found[1],
    )


_OBJECT, _LIST, _TEXT = _KIND[dict], _KIND[list], _KIND[str]
_SCALAR = ("文本、数字、是/否值或空值", "text, a number, true/false or null")
_NUMBER_OR_NULL = ("数字或空值", "a number or null")
#: Longest text a cell of a project may hold (a system name, a remark).
MAX_TEXT = 10_000
#: Deepest nesting of the free-form mapping records kept in the manifest.
MAX_MAPPING_DEPTH = 6
#: Most 采购项目 in one merge of a project file (a county has tens).
MAX_LOT_MERGE = 10_000


def _scalar(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) <= MAX_TEXT
    return value is None or isinstance(value, bool | int | float)


def _json(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> Any:
    """A member's JSON: strict (no NaN/Infinity, no numbers beyond float range), bounded."""

    def no_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number in JSON")

    def finite(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"{text} is out of range")
        return value

    raw = read_member(zf, info, MAX_PROJECT_MEMBER_BYTES, file)
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=no_constant, parse_float=finite)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise _damaged(
            file,
            bi("{member} 不是有效的 JSON", "{member} is not valid JSON", member=info.filename),
        ) from exc


def _check_manifest(manifest: Any, file: str) -> dict[str, Any]:
    """The manifest with every field Yunce reads of the right type (optional ones filled in)."""
    where = "manifest.json"
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ProjectFileError(
            bi("{file} 不是云策项目文件。", "{file} is not a Yunce project file.", file=file)
        )
    version = manifest.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _damaged(
            file, _wrong_type(f"{where} version", ("正整数", "a whole number ≥ 1"), version)
        )
    if version > VERSION:
        raise ProjectFileError(
            bi(
                "{file} 由更新版本的云策保存（格式版本 {v}），请升级后再打开。",
                "{file} was saved by a newer Yunce (format version {v}); upgrade to open it.",
                file=file,
                v=version,
            )
        )
    out = dict(manifest)
    for key, default in (("name", ""), ("saved_at", ""), ("origin", "")):
        value = manifest.get(key, default)
        if value is None:
            value = default
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise _damaged(file, _wrong_type(f"{where} {key}", _TEXT, value))
        out[key] = value
    rules = manifest.get("rules") or {}
    if not isinstance(rules, dict):
        raise _damaged(file, _wrong_type(f"{where} rules", _OBJECT, rules))
    for key, value in rules.items():
        if not _scalar(value):
            raise _damaged(file, _wrong_type(f"{where} rules.{key}", _SCALAR, value))
    out["rules"] = rules
    solve = manifest.get("solve") or {}
    if not isinstance(solve, dict):
        raise _damaged(file, _wrong_type(f"{where} solve", _OBJECT, solve))
    limit = solve.get("time_limit")
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 0
    ):
        raise _damaged(file, _wrong_type(f"{where} solve.time_limit", _NUMBER_OR_NULL, limit))
    out["solve"] = {**solve, "time_limit": limit}
    sources = manifest.get("sources") or []
    if not isinstance(sources, list) or not all(
        isinstance(x, str) and len(x) <= MAX_TEXT for x in sources
    ):
        raise _damaged(
            file, _wrong_type(f"{where} sources", ("文件名列表", "a list of file names"), sources)
        )
    out["sources"] = sources
    mappings = manifest.get("mappings") or {}
    if not isinstance(mappings, dict) or not all(isinstance(v, dict) for v in mappings.values()):
        raise _damaged(
            file,
            _wrong_type(
                f"{where} mappings", ("以文件名为键的对象", "an object by file name"), mappings
            ),
        )
    if not _plain_json(mappings, MAX_MAPPING_DEPTH):
        raise _damaged(
            file,
            Msg(
                f"{where} mappings 的内容不是列映射记录",
                f"{where} mappings does not hold column-mapping records",
            ),
        )
    out["mappings"] = mappings
    merges = manifest.get("lot_merges") or []
    if not isinstance(merges, list) or not all(
        isinstance(m, list)
        and len(m) <= MAX_LOT_MERGE
        and all(isinstance(k, str) and len(k) <= MAX_TEXT for k in m)
        for m in merges
    ):
        raise _damaged(
            file,
            _wrong_type(
                f"{where} lot_merges",
                ("采购项目编号列表的列表", "a list of lists of procurement-lot keys"),
                merges,
            ),
        )
    out["lot_merges"] = [list(m) for m in merges if len(m) >= 2]
    return out


def _plain_json(value: Any, depth: int) -> bool:
    """Objects and lists of scalars, nested at most depth levels."""
    if isinstance(value, dict):
        return depth > 0 and all(_plain_json(v, depth - 1) for v in value.values())
    if isinstance(value, list):
        return depth > 0 and all(_plain_json(v, depth - 1) for v in value)
    return _scalar(value)


def _check_table(table: Any, key: str, file: str) -> dict[str, Any]:
    """A stored table: known-shape columns and rows of scalar cells (short rows padded)."""
    where = f"tables/{key}.json"
    if not isinstance(table, dict):
        raise _damaged(file, _wrong_type(where, _OBJECT, table))
    columns = table.get("columns") or []
    if not isinstance(columns, list) or not all(
        isinstance(c, str) and len(c) <= 200 for c in columns
    ):
        raise _damaged(
            file, _wrong_type(f"{where} columns", ("列名列表", "a list of column names"), columns)
        )
    if len(set(columns)) != len(columns):
        raise _damaged(file, Msg(f"{where} 中有重复的列名", f"{where} repeats a column name"))
    rows = table.get("rows") or []
    if not isinstance(rows, list):
        raise _damaged(file, _wrong_type(f"{where} rows", _LIST, rows))
    out_rows = []
    width = len(columns)
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, list):
            raise _damaged(file, _wrong_type(f"{where} rows[{i}]", _LIST, row))
        if len(row) > width:
            raise _damaged(
                file,
                bi(
                    "{where} 第 {i} 行有 {n} 个值，但只有 {w} 列",
                    "{where} row {i} holds {n} values for {w} columns",
                    where=where,
                    i=i,
                    n=len(row),
                    w=width,
                ),
            )
        for j, value in enumerate(row):
            if not _scalar(value):
                raise _damaged(
                    file, _wrong_type(f"{where} rows[{i}][{columns[j]}]", _SCALAR, value)
                )
        out_rows.append(row + [None] * (width - len(row)))
    return {"columns": columns, "rows": out_rows}


_PLAN_STATUSES = ("optimal", "feasible", "infeasible")


def _plan_ok(plan: Any) -> bool:
    """A saved plan of the shape plan.json holds (a damaged one is dropped: solve again)."""
    if not isinstance(plan, dict) or plan.get("status") not in _PLAN_STATUSES:
        return False
    if not isinstance(plan.get("input_fingerprint"), str):
        return False
    assignments = plan.get("assignments") or []
    if not isinstance(assignments, list) or not all(
        isinstance(a, list) and len(a) == 3 and all(isinstance(x, str) for x in a)
        for a in assignments
    ):
        return False
    diagnosis = plan.get("diagnosis") or []
    if not isinstance(diagnosis, list) or not all(
        isinstance(d, dict) and isinstance(d.get("zh"), str) and isinstance(d.get("en", ""), str)
        for d in diagnosis
    ):
        return False
    relax = plan.get("relaxations") or {}
    if not isinstance(relax, dict) or not all(
        v is None or (isinstance(v, int | float) and not isinstance(v, bool))
        for v in relax.values()
    ):
        return False
    conflict = plan.get("conflict") or []
    if not isinstance(conflict, list) or not all(isinstance(c, str) for c in conflict):
        return False
    return all(
        plan.get(k) is None
        or (isinstance(plan.get(k), int | float) and not isinstance(plan.get(k), bool))
        for k in ("mip_gap", "seconds", "total_annual_cost", "min_budget")
    ) and isinstance(plan.get("solver", ""), str | type(None))


def _safe_member_name(name: str) -> bool:
    return not (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or "\x00" in name
        or ".." in name.split("/")
        or (len(name) > 1 and name[1] == ":")
        or len(name) > 255
    )


def read_project_file(path: str | Path) -> ProjectData:
    """The project's manifest, tables and saved plan; raises ProjectFileError with a clear message.

    A project is untrusted input: before anything is inflated the zip directory is checked
    (at most MAX_PROJECT_MEMBERS members with safe names, each stored or deflated and not
    encrypted, at most MAX_PROJECT_MEMBER_BYTES each and MAX_PROJECT_TOTAL_BYTES together),
    then manifest.json and every table are checked against their schema, types at every level.
    """
    path = Path(path)
    file = path.name
    problem = input_file_problem(path)
    if problem is not None:
        raise ProjectFileError(problem)
    try:
        zf = open_zip(path, MAX_PROJECT_MEMBERS, Msg("项目文件", "project file"))
        if zf is None:
            raise _damaged(file, Msg("不是 zip 压缩文件", "it is not a zip archive"))
        with zf:
            infos: dict[str, zipfile.ZipInfo] = {}
            total = 0
            for info in zf.infolist():
                if not _safe_member_name(info.filename):
                    raise _damaged(
                        file,
                        bi(
                            "含有不安全的成员名 {name!r}",
                            "it holds an unsafe member name {name!r}",
                            name=info.filename[:100],
                        ),
                    )
                if info.filename not in KNOWN_MEMBERS:
                    continue  # never read, never extracted
                if info.filename in infos:
                    raise _damaged(
                        file,
                        bi(
                            "{name} 出现了两次",
                            "{name} appears twice",
                            name=info.filename,
                        ),
                    )
                check_member(zf, info, MAX_PROJECT_MEMBER_BYTES, file)
                total += info.file_size
                infos[info.filename] = info
            if total > MAX_PROJECT_TOTAL_BYTES:
                raise too_big(file, "tables", total, MAX_PROJECT_TOTAL_BYTES)
            if "manifest.json" not in infos:
                raise _damaged(file, Msg("缺少 manifest.json", "manifest.json is missing"))
            manifest = _check_manifest(_json(zf, infos["manifest.json"], file), file)
            tables = {}
            for key in STORED_SHEETS:
                name = f"tables/{key}.json"
                tables[key] = (
                    _check_table(_json(zf, infos[name], file), key, file) if name in infos else {}
                )
            plan = None
            if PLAN_FILE in infos:
                try:  # a damaged plan: solve again
                    plan = _json(zf, infos[PLAN_FILE], file)
                except ProjectFileError:
                    plan = None
                if not _plan_ok(plan):
                    plan = None
    except LimitError as exc:
        raise ProjectFileError(exc.message) from exc
    except FileNotFoundError as exc:
        raise ProjectFileError(
            bi("文件不存在：{path}", "File not found: {path}", path=path)
        ) from exc
    except (
        zipfile.BadZipFile,
        zlib.error,  # a corrupt deflate stream
        EOFError,
        ValueError,
        UnicodeDecodeError,
        NotImplementedError,
    ) as exc:
        raise _damaged(file, Msg("压缩内容无法解开", "its contents cannot be unpacked")) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ProjectFileError(
            bi(
                "无法打开 {path}：{reason}",
                "Cannot open {path}: {reason}",
                path=path,
                reason=reason,
            )
        ) from exc
    return {"manifest": manifest, "tables": tables, "plan": plan}


def rules_of(data: ProjectData) -> dict[str, Any]:
    """The project's rules, defaults filled in, unknown keys dropped."""
    rules = data["manifest"].get("rules") or {}
    return {**DEFAULT_RULES, **{k: v for k, v in rules.items() if k in RULE_KEYS + YEAR_RULE_KEYS}}


# --- rules -----------------------------------------------------------------------------------------
def rules_from_policy(policy: Policy) -> dict[str, Any]:
    """The user's rules of a Policy (registry order, typed by kind)."""
    return policy_values(policy, RULE_KEYS)


def year_rules(inp: PlanInput) -> dict[str, Any]:
    """The year plan's 折现率 / 允许多次迁移 of inp, when set (else {})."""
    out: dict[str, Any] = {}
    if inp.years is not None and inp.years.discount_rate:
        out["discount_rate"] = inp.years.discount_rate
    if inp.years is not None and inp.years.allow_multiple_moves:
        out["allow_multiple_moves"] = True
    return out


def rule_issues(rules: Mapping[str, Any], file: str = "") -> dict[str, list[ValidationIssue]]:
    """rule key → the problems of its value, checked by the 约束 sheet's own reader.

    A value that could not be read is kept as the text found (the project keeps the problem
    rather than replacing it with a default); this names each such rule, so the valid rules
    stay in force and only the bad one is flagged.
    """
    read = read_policy(tables_from_records({}, rules)["policy"], file)
    return {
        k: [i for i in read.issues if i.key == k and i.severity == "error"] for k in read.invalid
    }


def policy_from_rules(rules: Mapping[str, Any]) -> Policy:
    """The Policy of rules; a rule whose value is unreadable takes its default (see rule_issues)."""
    bad = rule_issues(rules)
    return policy_from_values({k: v for k, v in rules.items() if k in RULE_KEYS and k not in bad})


# --- tables → planning input ----------------------------------------------------------------------
def procurement_values(std: ProcurementStandards | None) -> dict[str, Any]:
    """The 采购标准 as the project file's manifest keeps them: {key: value}, blanks left out;
    {} for an input without the sheet (the national floors then apply, and the reports say so)."""
    if std is None:
        return {}
    values = {
        c.key: getattr(std, c.key)
        for c in sheet_columns("procurement")
        if getattr(std, c.key) not in (None, "")
    }
    return values


def procurement_table(values: Mapping[str, Any]) -> Table | None:
    """The 采购标准 Table of the project's values (rows numbered from FIRST_ROW in schema order);
    None when the project has none."""
    if not values:
        return None
    cols = sheet_columns("procurement")
    t = Table(SHEETS["procurement"].zh)
    for i, col in enumerate(cols, start=FIRST_ROW):
        value = values.get(col.key)
        if value is None or value == "":
            continue
        t.headers[col.key] = col.zh
        t.scales[col.key] = 1.0
        t.records.append((i, {"key": col.key, "value": value}))
    return t


def tables_from_records(
    records: Mapping[str, Iterable[Mapping[str, Any]]],
    rules: Mapping[str, Any],
    procurement: Mapping[str, Any] | None = None,
) -> dict[str, Table]:
    """Workbook Tables of the project's rows (numbered from FIRST_ROW, as the app shows them),
    rules and 采购标准 values."""
    out: dict[str, Table] = {}
    for key in STORED_SHEETS:
        if key not in DATA_SHEETS and not any(
            not all(is_blank(v) for v in rec.values()) for rec in records.get(key, ())
        ):
            continue  # an optional table without rows: as if absent
        cols = sheet_columns(key)
        t = Table(
            SHEETS[key].zh,
            headers={c.key: c.header("zh") for c in cols},
            scales={c.key: 1.0 for c in cols},
        )
        for i, rec in enumerate(records.get(key, ()), start=FIRST_ROW):
            if all(is_blank(v) for v in rec.values()):
                continue
            t.records.append((i, dict(rec)))
        out[key] = t
    pcols = {c.key: c for c in sheet_columns("policy")}
    pt = Table(SHEETS["policy"].zh)
    for i, key in enumerate(RULE_KEYS, start=FIRST_ROW):  # the 约束 sheet lists them in this order
        value = rules.get(key)
        if value is None:
            continue
        pt.headers[key] = pcols[key].zh
        pt.scales[key] = 1.0
        pt.records.append((i, {"key": key, "value": value}))
    for i, key in enumerate(YEAR_RULE_KEYS, start=FIRST_ROW + len(RULE_KEYS)):
        if rules.get(key) is not None:  # a year plan's 折现率 / 允许多次迁移
            pt.headers[key] = pcols[key].zh
            pt.scales[key] = 1.0
            pt.records.append((i, {"key": key, "value": rules[key]}))
    out["policy"] = pt
    proc = procurement_table(procurement or {})
    if proc is not None:
        out["procurement"] = proc
    return out


def records_of(data: ProjectData) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's rows as {column key: value} (blank cells None)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key in STORED_SHEETS:
        table = data["tables"].get(key) or {}
        columns = list(table.get("columns") or [])
        out[key] = [
            {c: (None if is_blank(v) else v) for c, v in zip(columns, row, strict=False)}
            for row in table.get("rows") or []
        ]
    return out


def read_project_input(
    path: str | Path, warnings: list[ValidationIssue] | None = None
) -> PlanInput:
    """The planning input of a project file (what ``yunce plan PROJECT.yunce`` solves).

    Raises ProjectFileError when the file cannot be read, InputError listing every problem of
    its tables (the same messages the app shows).
    """
    path = Path(path)
    data = read_project_file(path)
    tables = tables_from_records(
        records_of(data), rules_of(data), data["manifest"].get("procurement") or {}
    )
    name = str(data["manifest"].get("name") or path.stem)
    inp, issues = tables_to_input(tables, path.name, [], name=name)
    for key in DATA_SHEETS:
        if not tables[key].records:
            inp = None
            issues.append(
                ValidationIssue(
                    path.name,
                    SHEETS[key].zh,
                    message=bi(
                        "「{sheet}」表没有数据",
                        "The {sheet} sheet has no data",
                        sheet=SHEETS[key].zh,
                    ),
                    hint=bi(
                        "请在云策中导入或录入至少一行", "Import or enter at least one row in Yunce"
                    ),
                )
            )
    if warnings is not None:
        warnings.extend(i for i in issues if i.severity != "error")
    if inp is None:
        raise InputError(
            [i for i in issues if i.severity == "error"]
            + [i for i in issues if i.severity != "error"]
        )
    return inp


def project_from_input(inp: PlanInput, name: str = "") -> ProjectData:
    """A project holding inp's tables and rules (no plan), ready for write_project_file."""
    from datetime import UTC, datetime

    from data.workbook import to_frames

    rules = {**rules_from_policy(inp.policy), **year_rules(inp)}
    frames = to_frames(inp)
    tables = {}
    for key in STORED_SHEETS:
        if key not in frames:
            continue  # no discounts / assignment rules
        df = frames[key]
        rows = [
            [None if is_blank(v) else (v.item() if hasattr(v, "item") else v) for v in r]
            for r in df.itertuples(index=False, name=None)
        ]
        tables[key] = {"columns": [str(c) for c in df.columns], "rows": rows}
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "name": name or inp.name,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rules": rules,
        "solve": {"time_limit": None},
        "mappings": {},
        "sources": [],
    }
    if inp.procurement is not None:
        manifest["procurement"] = procurement_values(inp.procurement)
    return {"manifest": manifest, "tables": tables, "plan": None}
