"""The app's document: input tables, rules, mappings; validation, project files, imports.

The ``.yunce`` file format lives in :mod:`data.project_file` (Qt-free, also read by the CLI);
this module keeps the open project in Qt models with undo.

Validation converts the tables into :class:`data.workbook.Table` objects and runs
:func:`data.workbook.tables_to_input`, so the app shows exactly the workbook reader's messages.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from data.project_file import (
    DATA_SHEETS,  # noqa: F401  (re-exported: callers import it from here)
    DEFAULT_RULES,
    FIRST_ROW,
    FORMAT,
    PLAN_FILE,  # noqa: F401
    RULE_KEYS,
    STORED_SHEETS,
    SUFFIX,
    VERSION,
    YEAR_RULE_KEYS,
    ProjectFileError,  # noqa: F401
    policy_from_rules,
    procurement_values,
    read_project_file,
    rule_issues,
    rules_from_policy,
    tables_from_records,
    write_project_file,
    year_rules,
)
from data.schema import SHEETS, sheet_columns
from data.workbook import (
    Table,
    ValidationIssue,
    is_blank,
    read_policy,
    read_tables,
    tables_to_input,
)
from planner.model import Plan, PlanInput, Policy, SolveStatus
from planner.text import Msg
from ui.app.i18n import tr
from ui.app.solve_child import SolveOutcome
from ui.app.tables import FrameModel, coerce
from ui.app.undo_text import undo_text


@dataclass
class Validation:
    """Result of checking the project's inputs."""

    input: PlanInput | None
    """The planning input, or None while there are errors."""
    issues: list[ValidationIssue] = field(default_factory=list)
    """Every problem: import problems (no cell) then cell problems."""
    empty: list[ValidationIssue] = field(default_factory=list)
    """The problems that only say a table has no rows yet (a new project has nothing else)."""

    @property
    def errors(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity != "error"]


def frames_from_input(inp: PlanInput) -> dict[str, pd.DataFrame]:
    from data.workbook import to_frames

    return to_frames(inp)


def frame_from_table(sheet: str, table: Table) -> pd.DataFrame:
    """A workbook Table (raw cells) → a DataFrame with schema keys, values coerced like typing."""
    cols = sheet_columns(sheet)
    rows = []
    for _row, rec in table.records:
        out = {}
        for c in cols:
            v = rec.get(c.key)
            scale = table.scales.get(c.key, 1.0)
            if isinstance(v, int | float) and not isinstance(v, bool) and scale != 1.0:
                v = v * scale
            out[c.key] = coerce(c, v)
        rows.append(out)
    return pd.DataFrame(rows, columns=[c.key for c in cols], dtype=object)


class SetRuleCommand(QUndoCommand):
    """Change one rule; consecutive changes of the same rule merge into one undo step."""

    ID = 7301

    def __init__(self, project: Project, key: str, value: Any) -> None:
        super().__init__(undo_text("修改约束"))
        self.project, self.key = project, key
        self.old, self.new = project.rules.get(key), value

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, SetRuleCommand) or other.key != self.key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.project._apply_rule(self.key, self.new)

    def undo(self) -> None:
        self.project._apply_rule(self.key, self.old)


class SetProcurementCommand(QUndoCommand):
    """Change one 采购标准 value (None clears it); consecutive changes of it merge."""

    ID = 7302

    def __init__(self, project: Project, key: str, value: Any) -> None:
        super().__init__(undo_text("修改采购标准"))
        self.project, self.key = project, key
        self.old, self.new = project.procurement.get(key), value

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, SetProcurementCommand) or other.key != self.key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.project._apply_procurement(self.key, self.new)

    def undo(self) -> None:
        self.project._apply_procurement(self.key, self.old)


class SetLotMergesCommand(QUndoCommand):
    """Merge or split 采购项目 on the export page (the merges are part of the project)."""

    def __init__(self, project: Project, merges: list[list[str]], text: str) -> None:
        super().__init__(undo_text(text))
        self.project = project
        self.old, self.new = [list(m) for m in project.lot_merges], [list(m) for m in merges]

    def redo(self) -> None:
        self.project._apply_lot_merges(self.new)

    def undo(self) -> None:
        self.project._apply_lot_merges(self.old)


class Project(QObject):
    """The open document. Widgets receive it; it never shows dialogs."""

    inputs_changed = Signal()
    """Tables or rules changed (the plan is now out of date)."""
    rules_changed = Signal(str)
    """A rule changed (its key)."""
    procurement_changed = Signal(str)
    """A 采购标准 value changed (its key)."""
    lot_merges_changed = Signal()
    """The 采购项目 merges of the export page changed (merge, split, undo, redo)."""
    validated = Signal()
    """self.validation was refreshed."""
    reset = Signal()
    """A different project was loaded (new/open/recover)."""
    dirty_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo = QUndoStack(self)
        self.models: dict[str, FrameModel] = {
            k: FrameModel(k, self.undo, self) for k in STORED_SHEETS
        }
        self.rules: dict[str, Any] = dict(DEFAULT_RULES)
        self.procurement: dict[str, Any] = {}
        #: 采购项目 the user merged on the export page (lot keys; planner.procurement.merge_lots)
        self.lot_merges: list[list[str]] = []
        """The 采购标准 values as typed (key → value; {} = none, the national floors apply)."""
        self.name = ""
        self.path: Path | None = None
        self.sources: list[str] = []
        self.mappings: dict[str, Any] = {}
        self.time_limit: float | None = None
        self.import_issues: list[ValidationIssue] = []
        self.validation = Validation(None, [])
        self.plan_record: dict[str, Any] | None = None
        """The current plan as saved in plan.json (None: no current plan to keep)."""
        self._file_plan: dict[str, Any] | None = None
        """The plan the project file holds (as last opened or saved)."""
        self._edits = 0
        """Counts input changes, so a background check of older inputs is not shown."""
        self.inputs_changed.connect(self._count_edit)
        for m in self.models.values():
            m.edited.connect(self.inputs_changed)
        self.undo.cleanChanged.connect(self._on_clean_changed)

    def _count_edit(self) -> None:
        self._edits += 1

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(self.dirty)

    # --- state ------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """Unsaved edits, or (for a project that has a file) a new plan the file does not hold."""
        new_plan = self.plan_record is not None and not _same_plan(
            self.plan_record, self._file_plan
        )
        return not self.undo.isClean() or (self.path is not None and new_plan)

    def mark_saved(self) -> None:
        self._file_plan = self.plan_record
        self.undo.setClean()

    def set_plan(self, outcome: SolveOutcome | None) -> None:
        """Keep the current plan for the project file (None when there is no current plan)."""
        record = plan_record(outcome) if outcome is not None else None
        if _same_plan(record, self.plan_record):
            return  # e.g. solved again with the same result: nothing new to save
        was = self.dirty
        self.plan_record = record
        if self.dirty != was:
            self.dirty_changed.emit(self.dirty)

    def saved_outcome(self) -> SolveOutcome | None:
        """The plan restored from the opened file, when it matches the current inputs."""
        inp = self.validation.input
        if self.plan_record is None or inp is None or self.validation.errors:
            return None
        return outcome_from_record(self.plan_record, inp)

    @property
    def title(self) -> str:
        if self.path is not None:
            return self.path.stem
        return self.name or tr("未命名项目")

    @property
    def policy(self) -> Policy:
        return policy_from_rules(self.rules)

    def row_count(self, sheet: str) -> int:
        return self.models[sheet].rowCount()

    @property
    def invalid_rules(self) -> dict[str, list[ValidationIssue]]:
        """Rules whose value could not be read (kept as found), with their problems."""
        file = self.path.name if self.path is not None else ""
        return rule_issues(self.rules, file)

    @property
    def has_years(self) -> bool:
        """The 年度计划 table has a row: the project is planned year by year."""
        return any(
            any(not is_blank(v) for v in rec.values()) for rec in self.models["years"].records()
        )

    def set_rule(self, key: str, value: Any) -> None:
        """Change a rule or a year-plan setting (折现率, 允许多次迁移); undoable."""
        if key not in RULE_KEYS + YEAR_RULE_KEYS:
            raise KeyError(key)
        if self.rules.get(key) == value and type(self.rules.get(key)) is type(value):
            return
        self.undo.push(SetRuleCommand(self, key, value))

    def set_procurement(self, key: str, value: Any) -> None:
        """Change a 采购标准 value (None or "" = blank: the default applies); undoable. It never
        changes the plan (the saved plan stays current), only the lots' methods."""
        if key not in {c.key for c in sheet_columns("procurement")}:
            raise KeyError(key)
        value = None if value == "" else value
        if self.procurement.get(key) == value:
            return
        self.undo.push(SetProcurementCommand(self, key, value))

    def set_lot_merges(self, merges: list[list[str]], text: str = "合并采购项目") -> None:
        """The 采购项目 merges of the export page; undoable, saved with the project. Like the
        采购标准 they never change the plan, only how it is bought."""
        if merges == self.lot_merges:
            return
        self.undo.push(SetLotMergesCommand(self, merges, text))

    def _apply_lot_merges(self, merges: list[list[str]]) -> None:
        self.lot_merges = [list(m) for m in merges]
        self.lot_merges_changed.emit()

    def _apply_procurement(self, key: str, value: Any) -> None:
        if value is None:
            self.procurement.pop(key, None)
        else:
            self.procurement[key] = value
        self.procurement_changed.emit(key)
        self.inputs_changed.emit()

    def _apply_rule(self, key: str, value: Any) -> None:
        self.rules[key] = value
        self.rules_changed.emit(key)
        self.inputs_changed.emit()

    # --- loading ----------------------------------------------------------------------------
    def load_input(
        self,
        inp: PlanInput,
        name: str = "",
        path: Path | None = None,
        sources: list[str] | None = None,
    ) -> None:
        """Replace everything with a PlanInput (sample county, opened workbook)."""
        frames = frames_from_input(inp)
        self._load(
            frames,
            {**rules_from_policy(inp.policy), **year_rules(inp)},
            name or inp.name,
            path,
            sources or [],
            {},
            [],
            procurement=procurement_values(inp.procurement),
        )

    def _load(
        self,
        frames: dict[str, pd.DataFrame],
        rules: dict[str, Any],
        name: str,
        path: Path | None,
        sources: list[str],
        mappings: dict[str, Any],
        import_issues: list[ValidationIssue],
        time_limit: float | None = None,
        plan: dict[str, Any] | None = None,
        procurement: dict[str, Any] | None = None,
        lot_merges: list[list[str]] | None = None,
    ) -> None:
        self.undo.clear()
        self.procurement = dict(procurement or {})
        self.lot_merges = [list(m) for m in lot_merges or []]
        self.plan_record = self._file_plan = plan
        self.rules = {
            **DEFAULT_RULES,
            **{k: v for k, v in rules.items() if k in RULE_KEYS + YEAR_RULE_KEYS},
        }
        self.name, self.path, self.sources, self.mappings = name, path, sources, mappings
        self.import_issues = import_issues
        self.time_limit = time_limit
        for key, model in self.models.items():
            model.load(frames.get(key, pd.DataFrame()))
        self.undo.setClean()
        self.dirty_changed.emit(False)
        self.reset.emit()
        self.lot_merges_changed.emit()
        self.inputs_changed.emit()

    def new(self) -> None:
        self._load({}, dict(DEFAULT_RULES), "", None, [], {}, [])

    def open_workbook(self, path: str | Path, read: WorkbookRead | None = None) -> Validation:
        """Open a canonical input workbook (all four sheets) as a new, unsaved project.

        read: the file as read_workbook_file already read it (off the GUI thread).
        """
        path = Path(path)
        frames, rules, issues = read if read is not None else read_workbook_file(path)
        self._load(
            frames,
            rules,
            path.stem,
            None,
            [str(path)],
            {},
            issues,
            procurement=procurement_of_frames(frames),
        )
        return self.validate()

    def import_sheets(
        self,
        path: str | Path,
        sheets: tuple[str, ...],
        mappings: dict[str, Any] | None = None,
        rows: dict[str, list[list[Any]]] | None = None,
    ) -> list[ValidationIssue]:
        """Replace some tables with sheets of a workbook (one undo step).

        rows: the file's cells as read_rows read them (off the GUI thread), when already read.
        mappings (from the import dialog) say which sheet, header row and columns to read;
        without them they are detected like the canonical reader does. Returns the problems
        of the file itself (sheet not found, required column not mapped); raises ValueError
        when the file cannot be read at all.
        """
        from ui.app.import_dialog import build_tables, detect, mapping_record, read_rows

        path = Path(path)
        rows = rows if rows is not None else read_rows(path)
        mappings = mappings or detect(rows, sheets, self.mappings.get(path.name))
        tables, relevant = build_tables(path.name, rows, mappings)
        record = self.mappings.get(path.name)
        record = dict(record) if isinstance(record, dict) and "kind" not in record else {}
        record.update(
            {
                t: mapping_record(m, rows.get(m.source or "", []))
                for t, m in mappings.items()
                if m.source
            }
        )
        self.mappings[path.name] = record
        found = [s for s in sheets if s in tables]
        if found:
            self.undo.beginMacro(undo_text("导入 {file}", file=path.name))
            for s in found:
                self.models[s].replace_frame(
                    frame_from_table(s, tables[s]), undo_text("导入 {file}", file=path.name)
                )
            self.undo.endMacro()
            if str(path) not in self.sources:
                self.sources.append(str(path))
        self.import_issues = [i for i in self.import_issues if i.file != path.name] + relevant
        self.inputs_changed.emit()
        return relevant

    def apply_import(
        self,
        frames: dict[str, pd.DataFrame],
        issues: list[ValidationIssue],
        path: Path,
        mapping: dict[str, Any],
    ) -> None:
        """Replace tables with imported ones (one undo step) and keep the file's problems."""
        if frames:
            self.undo.beginMacro(undo_text("导入 {file}", file=path.name))
            for key, df in frames.items():
                self.models[key].replace_frame(df, undo_text("导入 {file}", file=path.name))
            self.undo.endMacro()
        if str(path) not in self.sources:
            self.sources.append(str(path))
        self.mappings[path.name] = mapping
        self.import_issues = [i for i in self.import_issues if i.file != path.name] + list(issues)
        self.inputs_changed.emit()

    # --- validation -------------------------------------------------------------------------
    def tables(self) -> dict[str, Table]:
        """The current tables as workbook Tables (rows numbered 1… as shown in the app)."""
        return tables_from_records(
            {k: self.models[k].records() for k in STORED_SHEETS}, self.rules, self.procurement
        )

    def validation_snapshot(
        self,
    ) -> tuple[int, dict[str, list], dict[str, Any], str, str, dict[str, Any]]:
        """What validate() reads, copied on the GUI thread (0.1 s at 20,000 systems) so that a
        worker can check it (check_snapshot) while the user goes on editing."""
        file = self.path.name if self.path is not None else tr("当前项目")
        if self.path is None and len(self.sources) == 1:
            file = Path(self.sources[0]).name  # an opened workbook: named as the CLI names it
        records = {k: self.models[k].records() for k in STORED_SHEETS}
        return self._edits, records, dict(self.rules), file, self.name, dict(self.procurement)

    @staticmethod
    def check_snapshot(
        snapshot: tuple[int, dict[str, list], dict[str, Any], str, str, dict[str, Any]],
    ) -> tuple:
        """The slow part of validate() (0.7 s at 20,000 systems): no Qt, safe in a worker thread."""
        serial, records, rules, file, name, procurement = snapshot
        tables = tables_from_records(records, rules, procurement)
        inp, issues = tables_to_input(tables, file, [], name=name)
        return serial, file, tables, inp, list(issues)

    def validate(self) -> Validation:
        """Check every table with the workbook reader's rules; updates the cell colours."""
        result = self.apply_check(self.check_snapshot(self.validation_snapshot()))
        assert result is not None  # checked just now: never stale
        return result

    def apply_check(self, checked: tuple) -> Validation | None:
        """Show a check_snapshot result (cell colours, self.validation); None when the inputs
        changed since its snapshot (a newer check follows)."""
        serial, file, tables, inp, issues = checked
        if serial != self._edits:
            return None
        extra: list[ValidationIssue] = []
        for key in ("platforms", "prices", "workloads"):
            if not tables[key].records:
                extra.append(
                    ValidationIssue(
                        file,
                        SHEETS[key].zh,
                        message=tr("「{sheet}」表没有数据").format(sheet=SHEETS[key].zh),
                        hint=tr("请导入或录入至少一行"),
                    )
                )
        issues = list(issues) + extra
        if extra:
            inp = None
        cell_maps: dict[str, dict[tuple[int, str], list[ValidationIssue]]] = {
            k: {} for k in STORED_SHEETS
        }
        for issue in issues:
            loc = self.locate(issue)
            if loc is not None and loc[0] in cell_maps:
                sheet, row, key = loc
                cell_maps[sheet].setdefault((row, key), []).append(issue)
        for k in STORED_SHEETS:
            self.models[k].set_issues(cell_maps[k])
        self.validation = Validation(inp, self.import_issues + issues, extra)
        self.validated.emit()
        return self.validation

    def locate(self, issue: ValidationIssue) -> tuple[str, int, str] | None:
        """(sheet key, model row, column key) of a cell problem found by validate(); else None.

        A rule's problem is located as ("policy", its index, rule key): the rules page shows it.
        """
        if issue in self.import_issues or issue.row is None:
            return None
        keys = RULE_KEYS + YEAR_RULE_KEYS  # numbered in this order by tables_from_records
        if issue.sheet == SHEETS["policy"].zh and 0 <= issue.row - FIRST_ROW < len(keys):
            return "policy", issue.row - FIRST_ROW, keys[issue.row - FIRST_ROW]
        sheet = next((k for k in STORED_SHEETS if SHEETS[k].zh == issue.sheet), None)
        if sheet is None:
            return None
        row = issue.row - FIRST_ROW
        if not 0 <= row < self.models[sheet].rowCount():
            return None
        key = next(
            (c.key for c in sheet_columns(sheet) if issue.column in (c.zh, c.header("zh"))), None
        )
        if key is None:
            key = sheet_columns(sheet)[0].key
        return sheet, row, key

    # --- project files ----------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the project file atomically; raises ProjectFileError with a Chinese message."""
        path = Path(path)
        if path.suffix.lower() != SUFFIX:
            path = path.with_suffix(SUFFIX)
        write_project_file(path, self.snapshot())
        self.path = path
        self.mark_saved()
        self.dirty_changed.emit(False)
        return path

    def snapshot(self) -> dict[str, Any]:
        """Everything a project file holds, as JSON-ready data."""
        return {
            "manifest": {
                "format": FORMAT,
                "version": VERSION,
                "name": self.name,
                "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "rules": dict(self.rules),
                **({"procurement": dict(self.procurement)} if self.procurement else {}),
                **({"lot_merges": [list(m) for m in self.lot_merges]} if self.lot_merges else {}),
                "solve": {"time_limit": self.time_limit},
                "mappings": self.mappings,
                "sources": [Path(s).name for s in self.sources],
            },
            "tables": {
                key: {
                    "columns": self.models[key].keys,
                    "rows": [list(r.values()) for r in self.models[key].records()],
                }
                for key in STORED_SHEETS
            },
            "plan": self.plan_record,
        }

    def open(
        self, path: str | Path, as_recovery: bool = False, data: dict[str, Any] | None = None
    ) -> None:
        """Open a project file (data: read_project_file's result, when already read); raises ProjectFileError."""
        path = Path(path)
        data = data if data is not None else read_project_file(path)
        man = data["manifest"]
        frames = {
            key: pd.DataFrame(t.get("rows", []), columns=t.get("columns", []), dtype=object)
            for key, t in data["tables"].items()
        }
        self._load(
            frames,
            man.get("rules", {}),
            man.get("name", ""),
            None if as_recovery else path,
            list(man.get("sources", [])),
            dict(man.get("mappings", {})),
            [],
            (man.get("solve") or {}).get("time_limit"),
            data.get("plan"),
            procurement=dict(man.get("procurement") or {}),
            lot_merges=list(man.get("lot_merges") or []),
        )
        if as_recovery:
            origin = man.get("origin") or ""
            if origin and Path(origin).exists():
                self.path = Path(origin)  # 保存 writes back to the file the work came from
            self.undo.resetClean()  # recovered work is not saved anywhere yet
            self.dirty_changed.emit(True)


WorkbookRead = tuple[dict[str, pd.DataFrame], dict[str, Any], list[ValidationIssue]]


def read_workbook_file(path: Path) -> WorkbookRead:
    """(frames, rules, problems) of a canonical input workbook; no Qt, safe in a worker thread."""
    tables, issues = read_tables(path)
    frames = {k: frame_from_table(k, t) for k, t in tables.items() if k in STORED_SHEETS}
    if "procurement" in tables:  # key/value rows as typed (a bad value is flagged until fixed)
        pt = tables["procurement"]
        frames["procurement"] = pd.DataFrame(
            [
                (rec["key"], _scaled(rec.get("value"), pt.scales.get(rec["key"], 1.0)))
                for _row, rec in pt.records
            ],
            columns=["key", "value"],
            dtype=object,
        )
    rules = dict(DEFAULT_RULES)
    if (
        "policy" in tables
    ):  # every valid rule is kept; a bad value stays as found, flagged until fixed
        pt = tables["policy"]
        read = read_policy(pt, path.name)
        rules.update(rules_from_policy(read.policy))
        rules.update(
            {k: v for k, v in read.values.items() if k in YEAR_RULE_KEYS and v}
        )  # 折现率, 允许多次迁移
        for _row, rec in pt.records:
            key = rec.get("key")
            if key in read.invalid and key in RULE_KEYS + YEAR_RULE_KEYS:
                value, scale = rec.get("value"), pt.scales.get(key, 1.0)
                if isinstance(value, int | float) and not isinstance(value, bool) and scale != 1.0:
                    value = value * scale
                rules[key] = value
        # a bad cell's error is found again by validation (and cleared when fixed); warnings stay
        issues = issues + [
            i for i in read.issues if not (i.severity == "error" and i.key in read.invalid)
        ]
    return frames, rules, issues


# --- the saved plan ---------------------------------------------------------------------------
def _scaled(value: Any, scale: float) -> Any:
    """A number read under a (万元) header, in 元."""
    if isinstance(value, int | float) and not isinstance(value, bool) and scale != 1.0:
        return value * scale
    return value


def procurement_of_frames(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The 采购标准 values read_workbook_file found ({} when the workbook has no such sheet)."""
    df = frames.get("procurement")
    if df is None:
        return {}
    return {str(k): v for k, v in zip(df["key"], df["value"], strict=True) if not is_blank(v)}


def input_fingerprint(inp: PlanInput) -> str:
    """A digest of everything that decides a plan: platforms, prices, systems and rules.

    The frozen dataclasses are walked field by field (no deep copies: 0.1 s for 20,000 systems).
    """

    def fields_of(o: Any) -> Any:
        if is_dataclass(o):
            # the 采购标准 never change a plan: editing them keeps the saved plan
            return [
                type(o).__name__,
                *(getattr(o, f.name) for f in fields(o) if f.name != "procurement"),
            ]
        return str(o)

    text = json.dumps(inp, default=fields_of, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_record(outcome: SolveOutcome) -> dict[str, Any] | None:
    """The plan of a solve as plan.json holds it; None for outcomes not worth keeping."""
    plan = outcome.plan
    if outcome.error or plan.status not in (
        SolveStatus.OPTIMAL,
        SolveStatus.FEASIBLE,
        SolveStatus.INFEASIBLE,
    ):
        return None
    if getattr(outcome, "years", None) is not None:
        return None  # plan.json holds single-year plans; a year plan is solved again on opening
    return {
        "input_fingerprint": input_fingerprint(outcome.input),
        "status": plan.status.value,
        "solver": plan.solver,
        "mip_gap": plan.mip_gap,
        "seconds": round(outcome.seconds, 3),
        "total_annual_cost": round(plan.total_annual_cost, 2) if plan.has_solution else None,
        "min_budget": plan.min_budget,
        "assignments": [
            [a.workload.name, a.platform.vendor, a.platform.name] for a in plan.assignments
        ],
        "diagnosis": [
            {"zh": str.__str__(m), "en": m.en if isinstance(m, Msg) else str(m)}
            for m in plan.diagnosis
        ],
        "relaxations": dict(outcome.relaxations),
        "conflict": list(outcome.conflict),
    }


def _same_plan(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Equal records but for how long the solve took."""
    if a is None or b is None:
        return a is b
    return {k: v for k, v in a.items() if k != "seconds"} == {
        k: v for k, v in b.items() if k != "seconds"
    }


def outcome_from_record(record: dict[str, Any], inp: PlanInput) -> SolveOutcome | None:
    """The saved plan for inp, costed afresh; None when it was made for other inputs or is damaged."""
    from planner.extract import plan_from_choices

    if record.get("input_fingerprint") != input_fingerprint(inp):
        return None
    try:
        status = SolveStatus(record["status"])
        diagnosis = tuple(
            Msg(str(d["zh"]), str(d.get("en") or d["zh"])) for d in record.get("diagnosis", [])
        )
        common: dict[str, Any] = {
            "diagnosis": diagnosis,
            "solver": str(record.get("solver") or ""),
            "mip_gap": record.get("mip_gap"),
            "min_budget": record.get("min_budget"),
        }
        if status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            choices = [(str(n), str(v), str(p)) for n, v, p in record["assignments"]]
            plan = plan_from_choices(inp, choices, status, **common)
        elif status is SolveStatus.INFEASIBLE:
            plan = Plan(status, policy=inp.policy, **common)
        else:
            return None
        relax = {
            str(k): (None if v is None else float(v))
            for k, v in (record.get("relaxations") or {}).items()
        }
        conflict = [str(k) for k in record.get("conflict") or []]
        seconds = float(record.get("seconds") or 0.0)
    except (KeyError, TypeError, ValueError):
        return None
    return SolveOutcome(plan, inp, relax, conflict, seconds)
