"""Open, save, import, autosave and export for the main window.

Slow work (reading workbooks and project files, writing exports) runs through
:mod:`ui.app.tasks`: the window keeps repainting, a progress dialog with 取消 appears when it
takes a while, and a cancelled read leaves the project exactly as it was.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from data.project_file import (
    SUFFIX,
    ProjectFileError,
    read_project_file,
    rules_from_policy,
    write_project_file,
)
from data.workbook import ValidationIssue
from planner.analysis import AnalysisReport
from planner.model import SolveStatus
from ui.app import settings as app_settings
from ui.app.actions import fill_recent_menu
from ui.app.i18n import current_lang, loc, tr, without_command_line
from ui.app.project import read_workbook_file
from ui.app.tasks import Cancelled, TaskContext, run_blocking

if TYPE_CHECKING:
    from planner.model import Plan, PlanInput
    from ui.app.main_window import MainWindow

__all__ = ["FileCommands", "export_job"]


class FileCommands(QObject):
    """The window's file menu: every command returns what it did (None/False when it did not)."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.project = win.project
        self.last_export: Path | None = None
        self.last_sheets: list[str] = []

    def _status(self, text: str, ms: int = 8000) -> None:
        self.win.statusBar().showMessage(text, ms)

    # --- projects -------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False when the user cancels."""
        if not self.project.dirty:
            return True
        B = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.win,
            tr("未保存的修改"),
            tr("项目「{name}」有未保存的修改。是否保存？").format(name=self.project.title),
            B.Save | B.Discard | B.Cancel,
            B.Save,
        )
        if answer == B.Cancel:
            return False
        if answer == B.Save:
            return self.save() is not None
        return True

    def new_project(self) -> None:
        if self.maybe_save():
            self.project.new()
            self.win.show_page("quotes")

    def open_sample(self) -> None:
        if not self.maybe_save():
            return
        from data.samples import sample_county, sample_county_path

        self.project.load_input(sample_county())
        with sample_county_path() as path:
            self.load_scenarios(path)
        self._status(tr("已打开示例县。按 F5 求解。"))

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.win,
            tr("打开"),
            self.last_dir(),
            tr(
                "云策项目、输入工作簿或要导入的表格 (*.yunce *.xlsx *.xls *.ods *.csv);;所有文件 (*)"
            ),
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open a project file (.yunce) or a canonical input workbook (.xlsx); any other table
        (a vendor's quote sheet, a 询价单, the county's system list, a platforms list, a rules
        file) is offered to the matching importer, into the current project."""
        path = Path(path)
        if not path.is_file():
            QMessageBox.warning(
                self.win, tr("无法打开"), tr("文件不存在：{path}").format(path=path)
            )
            return False
        reading = tr("正在读取 {file}…").format(file=path.name)
        if path.suffix.lower() != SUFFIX:
            try:
                kind = run_blocking(self.win, reading, lambda _ctx: _file_kind(path))
            except Cancelled:
                self._status(tr("已取消打开 {file}；当前项目未改动。").format(file=path.name))
                return False
            if kind.kind not in ("canonical", "unknown"):
                return self.offer_import(path, kind)
        if ask and not self.maybe_save():
            return False
        try:
            if path.suffix.lower() == SUFFIX:
                data = run_blocking(self.win, reading, lambda _ctx: read_project_file(path))
                self.project.open(path, data=data)
            else:
                read = run_blocking(self.win, reading, lambda _ctx: read_workbook_file(path))
                v = self.project.open_workbook(path, read)
                if v.errors:
                    self.win.problems_dock.show()
                self.load_scenarios(path)
        except ProjectFileError as exc:
            QMessageBox.warning(self.win, tr("无法打开"), loc(exc.message))
            return False
        except Cancelled:
            self._status(tr("已取消打开 {file}；当前项目未改动。").format(file=path.name))
            return False
        self.remember(path)
        self.win.validate()
        restored = self.restore_saved_plan()
        self.win.show_page("plan" if restored else "quotes")
        return True

    def offer_import(self, path: Path, kind: Any) -> bool:
        """The file is not a Yunce workbook: say what it looks like and offer its importer."""
        what = {
            "quote": tr("供应商报价单"),
            "rfq": tr("已填写的询价单"),
            "inventory": tr("本县的系统清单"),
            "platforms": tr("平台清单（资源池属性）"),
            "policy": tr("约束规则（参数、值）"),
        }[kind.kind]
        action = {
            "quote": tr("导入报价"),
            "rfq": tr("导入报价"),
            "inventory": tr("导入系统清单"),
            "platforms": tr("导入平台表"),
            "policy": tr("导入约束规则"),
        }[kind.kind]
        box = QMessageBox(self.win)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("打开 {file}").format(file=path.name))
        box.setText(
            tr("{file} 不是云策的输入工作簿，看起来是{what}（{why}）。").format(
                file=path.name, what=what, why=loc(kind.why)
            )
        )
        box.setInformativeText(tr("要把它导入当前项目吗？导入后可撤销。"))
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(go)
        if not self.confirm(box, go):
            return False
        if kind.kind in ("quote", "rfq"):
            return self.import_vendor_file("quote", path)
        if kind.kind == "inventory":
            return self.import_vendor_file("inventory", path)
        if kind.kind == "platforms":
            return self.import_sheets(("platforms",), path, interactive=True) is not None
        return self.import_rules(path)

    def confirm(self, box: QMessageBox, yes: Any) -> bool:
        """Show a question box; True when its yes button was chosen (tests answer here)."""
        box.exec()
        return box.clickedButton() is yes

    def import_rules(self, path: str | Path) -> bool:
        """A rules file (参数 | 值: 年度预算, 信创最低占比 …) into the rules page, one undo step."""
        # data.importers loads every reader: imported on the first import, not at start-up
        from data.importers.assemble import read_policy_file

        path = Path(path)
        issues: list[ValidationIssue] = []
        try:
            policy = run_blocking(
                self.win,
                tr("正在读取 {file}…").format(file=path.name),
                lambda _ctx: read_policy_file(path, issues),
            )
        except Cancelled:
            return False
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            QMessageBox.warning(
                self.win,
                tr("无法导入约束规则"),
                "\n".join(without_command_line(i.text(current_lang())) for i in errors[:8]),
            )
            return False
        rules = rules_from_policy(policy)
        self.project.undo.beginMacro(tr("导入 {file}").format(file=path.name))
        for key, value in rules.items():
            self.project.set_rule(key, value)
        self.project.undo.endMacro()
        self.win.validate()
        self.win.show_page("rules")
        self._status(tr("已导入约束规则：{file}").format(file=path.name))
        return True

    def restore_saved_plan(self) -> bool:
        if not self.win.session.restore_saved():
            return False
        self._status(tr("已载入项目中保存的方案（与当前数据一致，无需重新求解）。"), 10000)
        return True

    def load_scenarios(self, path: Path | None) -> None:
        """Hand the workbook's optional 情景 sheet to the analysis page."""
        from data.scenarios import read_scenarios

        page = self.win.analysis_page
        scenarios: list[Any] = []
        if path is not None:
            with contextlib.suppress(ValueError, OSError):  # no or unreadable 情景 sheet: none
                scenarios = list(read_scenarios(path)[0])
        page.set_input(page.input, scenarios)

    def save(self) -> Path | None:
        if self.project.path is None:
            return self.save_as()
        return self._save_to(self.project.path)

    def save_as(self, path: str | Path | None = None) -> Path | None:
        if path is None:
            suggested = str(Path(self.last_dir()) / f"{self.project.title}{SUFFIX}")
            chosen, _ = QFileDialog.getSaveFileName(
                self.win, tr("另存为"), suggested, tr("云策项目 (*.yunce)")
            )
            if not chosen:
                return None
            path = chosen
        return self._save_to(Path(path))

    def may_write(self, path: Path) -> bool:
        """Before writing path: ask when it is a read-only file, say why when it cannot be
        written at all (a folder, a device, an input of the project …). True: go ahead."""
        from data.safe_write import ReadOnlyTarget, WriteError, allow_replace, check_target

        try:
            check_target(path)
        except ReadOnlyTarget:
            B = QMessageBox.StandardButton
            answer = QMessageBox.question(
                self.win,
                tr("替换只读文件"),
                tr("{path} 是只读文件。是否仍要替换它？").format(path=path),
                B.Yes | B.No,
                B.No,
            )
            if answer != B.Yes:
                return False
            allow_replace(path)  # this one write may replace it
        except WriteError as exc:
            QMessageBox.warning(self.win, tr("无法写入"), loc(exc.message))
            return False
        return True

    def _save_to(self, path: Path) -> Path | None:
        if path.suffix.lower() != SUFFIX:
            path = path.with_suffix(SUFFIX)  # as Project.save names it
        if not self.may_write(path):
            return None
        try:
            saved = self.project.save(path)
        except ProjectFileError as exc:
            QMessageBox.warning(self.win, tr("保存失败"), loc(exc.message))
            return None
        self.remember(saved)
        self.win.update_title()
        self._status(tr("已保存：{path}").format(path=saved))
        with contextlib.suppress(OSError):
            app_settings.recovery_path().unlink(missing_ok=True)
        return saved

    def remember(self, path: Path) -> None:
        app_settings.add_recent_file(path)
        app_settings.settings().setValue("last_dir", str(path.parent))
        fill_recent_menu(self.win)

    def last_dir(self) -> str:
        return str(app_settings.settings().value("last_dir", str(Path.home())))

    # --- imports --------------------------------------------------------------------------------
    def import_sheets(
        self,
        sheets: tuple[str, ...],
        path: str | Path | None = None,
        interactive: bool | None = None,
    ) -> list[ValidationIssue] | None:
        """Import sheets of a workbook into the current tables (undoable).

        Without a path: a file dialog, then the column-mapping dialog (detected mapping, preview).
        With a path the mapping is taken as detected, unless interactive=True.
        """
        mappings = None
        if interactive is None:
            interactive = path is None
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.win,
                tr("导入"),
                self.last_dir(),
                tr("Excel 工作簿 (*.xlsx *.xls *.ods);;所有文件 (*)"),
            )
            if not chosen:
                return None
            path = chosen
        from ui.app.import_dialog import ImportDialog, read_rows

        path = Path(path)
        try:
            rows = run_blocking(
                self.win,
                tr("正在读取 {file}…").format(file=path.name),
                lambda _ctx: read_rows(path),
            )
            if interactive:
                remembered = self.project.mappings.get(path.name)
                dialog = ImportDialog(path, sheets, self.win, remembered=remembered, rows=rows)
                if dialog.exec() != ImportDialog.DialogCode.Accepted:
                    return None
                mappings = dialog.mappings()
            issues = self.project.import_sheets(path, sheets, mappings, rows=rows)
        except ValueError as exc:
            QMessageBox.warning(self.win, tr("无法导入"), str(exc))
            return None
        except Cancelled:
            self._status(tr("已取消导入 {file}。").format(file=path.name))
            return None
        app_settings.settings().setValue("last_dir", str(path.parent))
        self.win.validate()
        if issues:
            self.win.problems_dock.show()
        self.win.show_page("workloads" if sheets == ("workloads",) else "quotes")
        self._status(tr("已导入 {file}").format(file=path.name))
        return issues

    def _remembered(self, path: Path, kind: str) -> tuple[dict[str, str], dict[str, Any] | None]:
        """Header → field corrections and the corrected layout the user made for this file last
        time (kept in the project)."""
        record = self.project.mappings.get(path.name)
        if not isinstance(record, dict) or record.get("kind") != kind:
            return {}, None
        columns = record.get("columns") or {}
        if kind == "quote":
            flat: dict[str, str] = {}
            for cols in columns.values():
                flat.update(cols)
            columns = flat
        layout = record.get("layout")
        return {str(h): (f or "ignore") for h, f in columns.items()}, (
            layout if isinstance(layout, dict) else None
        )

    def layout_store(self) -> Any:
        """Where corrected quote layouts are remembered per vendor and file shape, across
        projects (a data.importers MappingStore: mappings.json in the app's config folder)."""
        # data.importers loads every reader (openpyxl, calamine, pandas): imported when a file
        # is imported, not when the window opens (the first paint is measured)
        from data.importers.mapping import MappingStore

        return MappingStore(app_settings.config_dir() / "mappings.json")

    def import_vendor_files(
        self, kind: str, paths: list[str | Path] | None = None, interactive: bool = True
    ) -> int:
        """Import several vendor quote sheets (or one system list): one dialog and one undo
        step per file, each layout remembered for its vendor. Returns how many were imported."""
        if paths is None:
            caption = tr("导入供应商报价（可多选）") if kind == "quote" else tr("导入系统清单")
            filters = tr("表格文件 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)")
            if kind == "quote":
                chosen, _ = QFileDialog.getOpenFileNames(
                    self.win, caption, self.last_dir(), filters
                )
            else:
                one, _ = QFileDialog.getOpenFileName(self.win, caption, self.last_dir(), filters)
                chosen = [one] if one else []
            if not chosen:
                return 0
            paths = list(chosen)
        done = 0
        for n, path in enumerate(paths):
            if self.import_vendor_file(kind, path, interactive, step=(n + 1, len(paths))):
                done += 1
        if len(paths) > 1:
            self._status(tr("已导入 {n}/{total} 个文件").format(n=done, total=len(paths)))
        return done

    def import_vendor_file(
        self,
        kind: str,
        path: str | Path | None = None,
        interactive: bool = True,
        step: tuple[int, int] = (1, 1),
    ) -> bool:
        """Import a vendor quote sheet (kind='quote') or a system list ('inventory') via
        data.importers; step (n, of) numbers the file among several chosen at once."""
        if path is None:
            return self.import_vendor_files(kind, None, interactive) > 0
        # the import dialog pulls in data.importers: loaded on the first import, not at start-up
        from ui.app.vendor_import import VendorImportDialog

        path = Path(path)
        overrides, layout = self._remembered(path, kind)
        try:
            dialog = VendorImportDialog(
                path,
                kind,
                self.win,
                overrides=overrides,
                layout=layout,
                store=self.layout_store() if kind == "quote" else None,
            )
        except Cancelled:
            self._status(tr("已取消导入 {file}。").format(file=path.name))
            return False
        except (
            ValueError,
            OSError,
            KeyError,
        ) as exc:  # an unreadable file is reported, never a crash
            QMessageBox.warning(
                self.win,
                tr("无法导入"),
                tr("无法读取 {file}：{reason}").format(file=path.name, reason=exc),
            )
            return False
        if step[1] > 1:
            dialog.setWindowTitle(
                tr("导入 {file}（第 {n}/{total} 个）").format(
                    file=path.name, n=step[0], total=step[1]
                )
            )
        if interactive and dialog.exec() != VendorImportDialog.DialogCode.Accepted:
            return False
        if not interactive:
            dialog.remember()
        current = {k: m.frame() for k, m in self.project.models.items()}
        frames = dialog.merged_frames(current)
        if not frames:
            QMessageBox.warning(
                self.win,
                tr("无法导入"),
                tr("{file} 中没有找到可导入的数据。").format(file=path.name),
            )
            return False
        self.project.apply_import(frames, list(dialog.result.issues), path, dialog.mapping_record())
        app_settings.settings().setValue("last_dir", str(path.parent))
        self.win.validate()
        self.win.show_page("quotes" if kind == "quote" else "workloads")
        self._status(tr("已导入 {file}").format(file=path.name))
        return True

    # --- autosave and recovery ------------------------------------------------------------------
    def autosave_now(self) -> Path | None:
        """Write unsaved work to the recovery file (offered at the next start after a crash)."""
        if not self.project.dirty:
            return None
        path = app_settings.recovery_path()
        snap = self.project.snapshot()
        snap["manifest"]["origin"] = str(self.project.path) if self.project.path else ""
        try:
            write_project_file(path, snap, replace_read_only=True)  # our own file
        except ProjectFileError as exc:
            self._status(tr("自动保存失败：{reason}").format(reason=loc(exc.message)), 15000)
            return None
        return path

    def set_aside(self, path: Path) -> Path | None:
        """Rename a damaged recovery file beside itself (kept for a look, never offered again)."""
        from datetime import datetime

        aside = path.with_name(f"{path.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
        try:
            path.replace(aside)
        except OSError:
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return aside

    def offer_recovery(self) -> bool:
        """At start-up: restore the autosaved project if the last session crashed."""
        path = app_settings.recovery_path()
        if not path.exists():
            return False
        B = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.win,
            tr("恢复未保存的工作"),
            tr(
                "云策上次没有正常退出。发现自动保存的项目，是否恢复？\n（选「否」将删除该自动保存文件）"
            ),
            B.Yes | B.No,
            B.Yes,
        )
        if answer == B.Yes:
            try:
                self.project.open(path, as_recovery=True)
            except Exception as exc:  # noqa: BLE001 – a damaged recovery file never stops the start
                reason = loc(exc.message) if isinstance(exc, ProjectFileError) else repr(exc)
                aside = self.set_aside(path)
                QMessageBox.warning(
                    self.win,
                    tr("无法恢复"),
                    tr("自动保存的恢复文件已损坏，无法恢复：{reason}").format(reason=reason)
                    + "\n"
                    + (
                        tr("已将它改名为 {path} 保留备查；云策照常启动。").format(path=aside)
                        if aside is not None
                        else tr("已删除该文件；云策照常启动。")
                    ),
                )
                self.project.new()
                return False
            self.win.validate()
            self.restore_saved_plan()
            self._status(tr("已恢复自动保存的项目；请及时保存。"), 10000)
            return True
        path.unlink(missing_ok=True)
        return False

    # --- export ---------------------------------------------------------------------------------
    def analysis_for(self, inp: PlanInput) -> AnalysisReport | None:
        """The analysis the 分析 page ran for exactly this input (None: none, or for other inputs)."""
        report = self.win.analysis_page.report
        if (
            isinstance(report, AnalysisReport)
            and not report.cancelled
            and self.win.analysis_page.input == inp
        ):
            return report
        return None

    def export_plan(self, path: str | Path | None = None) -> Path | None:
        """Write the plan workbook (with the analysis sheets when an analysis ran for this plan).

        An infeasible plan writes the 诊断 workbook. A clear message when the file is open elsewhere.
        """
        outcome = self.win.session.outcome
        plan = outcome.plan if outcome is not None else None
        report = self.analysis_for(outcome.input) if outcome is not None else None
        if (
            outcome is None
            or plan is None
            or not (plan.has_solution or plan.status is SolveStatus.INFEASIBLE)
        ):
            QMessageBox.information(
                self.win, tr("导出"), tr("还没有可导出的方案，请先求解（F5）。")
            )
            return None
        if path is None:
            name = tr("{name}_采购方案.xlsx") if plan.has_solution else tr("{name}_诊断.xlsx")
            suggested = str(Path(self.last_dir()) / name.format(name=self.project.title))
            chosen, _ = QFileDialog.getSaveFileName(
                self.win,
                tr("导出方案工作簿") if plan.has_solution else tr("导出诊断工作簿"),
                suggested,
                tr("Excel 工作簿 (*.xlsx)"),
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        from data.safe_write import protect_inputs
        from data.xlsx import WriteError

        lang = self.win.export_page.workbook_lang
        sources = [Path(s) for s in self.project.sources if Path(s).exists()]
        with protect_inputs(sources):  # a plan never replaces the workbook it was read from
            if not self.may_write(path):
                return None
        years = getattr(outcome, "years", None)
        lots = self.win.export_page.procurement.report  # the 采购项目 as the page shows them
        if years is not None and years.has_solution:  # the plan workbook with its years
            job = export_job(years, None, path, lang, sources, None, lots)  # carries its input
        else:
            job = export_job(plan, outcome.input, path, lang, sources, report, lots)
        try:
            with protect_inputs(sources):
                written, sheets = run_blocking(
                    self.win, tr("正在导出 {file}…").format(file=path.name), job
                )
        except Cancelled:
            self._status(tr("已取消导出。"))
            return None
        except (WriteError, ValueError) as exc:
            text = loc(exc.message) if isinstance(exc, WriteError) else str(exc)
            QMessageBox.warning(self.win, tr("导出失败"), text)
            return None
        self.last_export, self.last_sheets = Path(written), list(sheets)
        self.win.export_page.set_last_export(str(written), sheets)
        app_settings.settings().setValue("last_dir", str(path.parent))
        self._status(tr("方案工作簿已导出：{path}").format(path=written), 10000)
        return Path(written)

    def export_input(self, path: str | Path | None = None) -> Path | None:
        v = self.project.validate()
        if v.input is None:
            QMessageBox.information(
                self.win, tr("导出"), tr("输入有错误，请先修正后再导出输入工作簿。")
            )
            return None
        if path is None:
            suggested = str(
                Path(self.last_dir()) / tr("{name}_输入.xlsx").format(name=self.project.title)
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self.win, tr("导出输入工作簿"), suggested, tr("Excel 工作簿 (*.xlsx)")
            )
            if not chosen:
                return None
            path = chosen
        from data.safe_write import protect_inputs
        from data.writer import write_input_workbook
        from data.xlsx import WriteError

        inp = v.input
        sources = [Path(s) for s in self.project.sources if Path(s).exists()]
        try:
            with protect_inputs(sources):  # save as a new workbook, never over the one read
                if not self.may_write(Path(path)):
                    return None
                written = run_blocking(
                    self.win,
                    tr("正在导出 {file}…").format(file=Path(path).name),
                    lambda _ctx: write_input_workbook(inp, path),
                )
        except Cancelled:
            self._status(tr("已取消导出。"))
            return None
        except WriteError as exc:
            QMessageBox.warning(self.win, tr("导出失败"), loc(exc.message))
            return None
        self._status(tr("输入工作簿已导出：{path}").format(path=written), 10000)
        return Path(written)


def _file_kind(path: Path) -> Any:
    """data.importers.kind.file_kind, imported in the worker on the first open of a table
    (data.importers loads every reader; the window's start-up does not need them)."""
    from data.importers.kind import file_kind

    return file_kind(path)


def export_job(
    plan: Plan,
    inp: PlanInput | None,
    path: Path,
    lang: str,
    sources: list[Path],
    report: AnalysisReport | None,
    procurement: Any = None,
) -> Any:
    """A tasks.py job writing the export; returns (path written, its sheet names).

    A plan (one year, or a year plan with its years; inp None: the plan's own input): the plan
    workbook. No plan: the 诊断 workbook (why, each rule's least relaxation, the
    cheapest plan under the other rules). Either way with the analysis sheets when one ran.
    """

    def job(ctx: TaskContext) -> tuple[Path, list[str]]:
        from data.analysis_sheets import add_analysis_sheets
        from data.diagnosis_writer import build_diagnosis_workbook
        from data.plan_writer import build_plan_workbook
        from data.xlsx import atomic_save
        from data.xlsxbook import paused_gc

        ctx.report(-1, tr("正在生成工作簿…"))
        diagnosed = plan
        if not plan.has_solution and diagnosed.infeasibility is None:
            from planner.optimize import solve  # e.g. restored from a project file: diagnose now

            diagnosed = solve(inp, progress=ctx.progress)
            if ctx.cancelled:
                raise Cancelled()
        # No cyclic garbage collection while the workbook is built and saved, as
        # write_plan_workbook does: a province's million cell records hold no cycles, and each
        # full collection walks them (and the whole heap) holding the GIL, which the window needs
        with paused_gc():
            if plan.has_solution:
                wb = build_plan_workbook(
                    plan, lang, inp=inp, sources=sources, procurement=procurement
                )
            else:
                wb = build_diagnosis_workbook(diagnosed, inp, lang)
            if report is not None:
                add_analysis_sheets(wb, report, lang=lang)
            if ctx.cancelled:
                raise Cancelled()
            ctx.report(-1, tr("正在写入文件…"))
            sheets = list(wb.sheetnames)
            return atomic_save(wb, path), sheets

    return job
