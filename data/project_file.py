"""The ``.yunce`` project file: read, write (atomically), and turn into a planning input. No Qt.

A project file is a zip archive:

* ``manifest.json`` — ``{"format": "yunce-project", "version": 1, "name", "saved_at",
  "rules": {budget_annual, horizon_years, min_xinchuang_share, max_vendor_share, min_vendors, and when
  set the year plan's discount_rate, allow_multiple_moves},
  "procurement": {采购标准 key: value} (only when set; it decides the lots' methods, never the
  plan, so it is not part of the plan's input fingerprint),
  "solve": {"time_limit": seconds | null}, "mappings": {...}, "sources": [file names]}``
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

import contextlib
import json
import math
import os
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

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


def write_project_file(path: str | Path, snapshot: ProjectData) -> Path:
    """Write the project atomically (temporary file beside it, then one rename)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise ProjectFileError(
            bi(
                "无法保存：文件夹 {folder} 不存在。",
                "Cannot save: the folder {folder} does not exist.",
                folder=folder,
            )
        )
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=folder)
        os.close(fd)
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(
                "manifest.json", json.dumps(snapshot["manifest"], ensure_ascii=False, indent=2)
            )
            for key, table in snapshot["tables"].items():
                rows = [[_json_value(v) for v in row] for row in table["rows"]]
                zf.writestr(
                    f"tables/{key}.json",
                    json.dumps({"columns": table["columns"], "rows": rows}, ensure_ascii=False),
                )
            if snapshot.get("plan"):
                zf.writestr(PLAN_FILE, json.dumps(snapshot["plan"], ensure_ascii=False, indent=1))
        _normal_permissions(tmp)
        os.replace(tmp, path)
    except PermissionError as exc:
        _discard(tmp)
        raise ProjectFileError(
            bi(
                "无法保存 {path}：文件可能正被其他程序占用，或没有写入权限。请另存为其他文件名。",
                "Cannot save {path}: the file may be open in another program, or it is read-only. Save under another name.",
                path=path,
            )
        ) from exc
    except OSError as exc:
        _discard(tmp)
        reason = exc.strerror or str(exc)
        raise ProjectFileError(
            bi(
                "无法保存 {path}：{reason}",
                "Cannot save {path}: {reason}",
                path=path,
                reason=reason,
            )
        ) from exc
    return path


def _normal_permissions(tmp: str) -> None:
    """mkstemp makes 0600 files; a saved project gets the permissions the umask gives new files."""
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o666 & ~umask)


def _discard(tmp: str) -> None:
    if tmp:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


# --- reading --------------------------------------------------------------------------------------
def read_project_file(path: str | Path) -> ProjectData:
    """The project's manifest, tables and saved plan; raises ProjectFileError with a clear message."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ProjectFileError(
                    bi(
                        "{file} 不是云策项目文件。",
                        "{file} is not a Yunce project file.",
                        file=path.name,
                    )
                )
            if int(manifest.get("version", 0)) > VERSION:
                raise ProjectFileError(
                    bi(
                        "{file} 由更新版本的云策保存（格式版本 {v}），请升级后再打开。",
                        "{file} was saved by a newer Yunce (format version {v}); upgrade to open it.",
                        file=path.name,
                        v=manifest.get("version"),
                    )
                )
            names = set(zf.namelist())
            tables = {}
            for key in STORED_SHEETS:
                name = f"tables/{key}.json"
                tables[key] = json.loads(zf.read(name).decode("utf-8")) if name in names else {}
            plan = None
            if PLAN_FILE in names:
                with contextlib.suppress(
                    ValueError, UnicodeDecodeError
                ):  # a damaged plan: solve again
                    plan = json.loads(zf.read(PLAN_FILE).decode("utf-8"))
                if not isinstance(plan, dict):
                    plan = None
    except FileNotFoundError as exc:
        raise ProjectFileError(
            bi("文件不存在：{path}", "File not found: {path}", path=path)
        ) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ProjectFileError(
            bi(
                "{file} 已损坏或不是云策项目文件。",
                "{file} is damaged or not a Yunce project file.",
                file=path.name,
            )
        ) from exc
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
