"""The 分析 page: lock-in cards, vendor-loss and rule-price tables, trade-off charts, scenarios.

Standalone: the main window embeds it and calls :meth:`AnalysisPage.set_report` with either a
full :class:`planner.analysis.AnalysisReport` or a solve outcome (anything with ``.plan`` and
``.input``); for the latter the page shows the plan's lock-in figures at once and offers to run
the full analysis, which runs off the GUI thread and can be cancelled. Relaxation suggestions
are buttons that emit ``relaxationRequested(rule, value)``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.analysis import AnalysisReport, LockIn, Scenario, analyze, lockin_metrics
from planner.child import run_in_child
from planner.labels import label, pct_down, pct_up
from planner.model import Plan, PlanInput, Progress, SolveStatus
from planner.rules import RULE_LABELS
from planner.text import Msg, bi
from ui.app.i18n import current_lang, loc
from ui.app.solve_child import child_analyse
from ui.app.tasks import Task, TaskContext

BAD, GOOD, MUTED = "#c62828", "#2e7d32", "#666666"


def _tr(text: str) -> str:
    return QCoreApplication.translate("AnalysisPage", text)


def _yuan(x: float | None) -> str:
    return "—" if x is None else f"¥{x:,.2f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _status(status: SolveStatus) -> str:
    return {
        SolveStatus.OPTIMAL: _tr("最优"),
        SolveStatus.FEASIBLE: _tr("可行"),
        SolveStatus.INFEASIBLE: _tr("无解"),
        SolveStatus.CANCELLED: _tr("已取消"),
    }[status]


def rule_name(rule: str) -> str:
    if rule.startswith("capacity:"):
        return _tr("{where} 容量").format(where=rule.split(":", 1)[1])
    return label(RULE_LABELS, rule)


def _value_text(rule: str, value: float) -> str:
    if rule == "budget_annual":
        return _yuan(value)
    if rule == "min_xinchuang_share":
        return pct_down(value)  # a suggested minimum must stay reachable
    if rule == "max_vendor_share":
        return pct_up(value)  # a suggested maximum must stay loose enough
    if rule == "min_vendors":
        return _tr("{n} 家").format(n=int(value))
    return f"{value:g} vCPU"


class _Card(QFrame):
    """A headline figure with a caption."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        self.title = QLabel(title)
        self.title.setStyleSheet(f"color: {MUTED};")
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(f"color: {MUTED};")
        for w in (self.title, self.value, self.detail):
            lay.addWidget(w)

    def set(self, value: str, detail: str = "", bad: bool = False) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(
            f"font-size: 20px; font-weight: 600; color: {BAD if bad else 'palette(text)'};"
        )
        self.detail.setText(detail)


def _table(heads: Sequence[str]) -> QTableWidget:
    t = QTableWidget(0, len(heads))
    t.setHorizontalHeaderLabels(list(heads))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(False)
    t.setMinimumHeight(120)
    return t


def _fill(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    right: frozenset[int] | set[int] = frozenset(),
    bad_rows: frozenset[int] | set[int] = frozenset(),
) -> None:
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            item = QTableWidgetItem(text)
            if j in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if i in bad_rows:
                item.setForeground(QColor(BAD))
            table.setItem(i, j, item)
    table.setMaximumHeight(36 + 30 * max(len(rows), 1))


def analysis_job(inp: PlanInput, scenarios: Sequence[Scenario] = ()) -> Any:
    """A tasks.py job running planner.analysis.analyze; cancellable through the Progress protocol."""

    def job(ctx: TaskContext) -> AnalysisReport:
        return analyze(inp, progress=ctx.progress, scenarios=tuple(scenarios))

    return job


def child_analysis_job(inp: PlanInput, plan: Any) -> Any:
    """A tasks.py job analysing inp in a child process (planner.child; the work in
    ui.app.solve_child.analyse), as a year plan's analysis runs: 取消 stops it at once, even in
    the middle of a solve, and the stages are shown as it goes. Returns the AnalysisReport, or
    None when cancelled; raises RuntimeError with the last line of the child's traceback when it
    failed."""

    def job(ctx: Any) -> AnalysisReport | None:
        stage: dict[str, Any] = {"text": Msg("启动求解器…", "Starting the solver…"), "percent": 0}
        started, shown = time.monotonic(), [0]
        ctx.report(0, stage["text"])

        def on_stage(text: Any, fraction: float | None) -> None:
            stage["text"] = text
            stage["percent"] = -1 if fraction is None else round(fraction * 100)
            ctx.report(stage["percent"], text)

        def on_idle() -> None:  # a long stage still shows that work goes on
            elapsed = int(time.monotonic() - started)
            if elapsed > shown[0]:
                shown[0] = elapsed
                ctx.report(
                    stage["percent"],
                    bi(
                        "{stage}（已用 {s} 秒）",
                        "{stage} ({s} s so far)",
                        stage=stage["text"],
                        s=elapsed,
                    ),
                )

        progress = Progress(on_stage=on_stage, is_cancelled=lambda: ctx.cancelled)
        out = run_in_child(child_analyse, (inp, plan), progress=progress, on_idle=on_idle)
        if out.cancelled or ctx.cancelled:
            return None
        if out.error:  # the last line of the child's traceback names the error
            raise RuntimeError(out.error.strip().splitlines()[-1])
        if not out.finished:
            raise RuntimeError(_tr("分析进程意外退出（退出码 {code}）").format(code=out.exitcode))
        result: AnalysisReport = out.result
        return result

    return job


def _sep() -> str:
    return "; " if current_lang() == "en" else "；"


def _loss_heads(year_plan: bool) -> list[str]:
    """Column heads of the vendor-loss table: one year's, or a year plan's (present values; the
    per-year columns are added by the page). Literal _tr calls, so lupdate finds them."""
    if year_plan:
        return [_tr("退出供应商"), _tr("结果"), _tr("没有它时的现值"), _tr("多花（现值）")]
    return [
        _tr("退出供应商"),
        _tr("结果"),
        _tr("年度费用"),
        _tr("每年增加"),
        _tr("预算内"),
        _tr("锁定风险"),
    ]


def _price_heads(year_plan: bool) -> list[str]:
    """Column heads of the rule-price table (as _loss_heads)."""
    if year_plan:
        return [_tr("规则"), _tr("结果"), _tr("每年都取消后的现值"), _tr("规则代价（现值）")]
    return [_tr("规则"), _tr("已设置"), _tr("结果"), _tr("取消后费用"), _tr("规则代价(元/年)")]


class AnalysisPage(QWidget):
    """分析: the numbers a county defends its plan with (issue 6)."""

    relaxationRequested = Signal(str, float)  # noqa: N815 – Qt signal naming
    """A relaxation suggestion was clicked: rule key, value to adopt."""
    analysisFinished = Signal(object)  # noqa: N815
    """A background analysis finished (AnalysisReport; also when cancelled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: AnalysisReport | None = None
        self.input: PlanInput | None = None
        self.scenarios: tuple[Scenario, ...] = ()
        self._task: Task | None = None
        self.relaxation_buttons: list[QPushButton] = []
        self.charts: dict[str, QChartView] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)

        title = QLabel(_tr("分析：锁定风险、规则代价与情景"))
        title.setStyleSheet("font-size: 17px; font-weight: 600;")
        sub = QLabel(
            _tr(
                "每个数字都来自对同一问题的精确重新求解：去掉一家供应商、取消一条规则、沿网格移动一条规则或换一套情景。"
            )
        )
        sub.setWordWrap(True)
        sub.setStyleSheet(f"color: {MUTED};")
        self.run_button = QPushButton(_tr("运行分析"))
        self.run_button.setToolTip(_tr("对当前输入运行完整分析（在后台进行，可取消）"))
        self.run_button.clicked.connect(self.run_analysis)
        self.run_button.setEnabled(False)
        self.cancel_button = QPushButton(_tr("取消"))
        self.cancel_button.clicked.connect(self.cancel_analysis)
        self.cancel_button.setEnabled(False)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.run_button)
        head.addWidget(self.cancel_button)
        lay.addLayout(head)
        lay.addWidget(sub)
        self.status_label = QLabel(_tr("尚无方案。求解后在此查看锁定风险分析。"))
        self.status_label.setWordWrap(True)
        lay.addWidget(self.status_label)

        cards = QGridLayout()
        self.card_share = _Card(_tr("最大供应商占比"))
        self.card_hhi = _Card(_tr("供应商集中度 HHI"))
        self.card_vendors = _Card(_tr("使用供应商数"))
        self.card_exit = _Card(_tr("最大迁出费用"))
        self.cards = (self.card_share, self.card_hhi, self.card_vendors, self.card_exit)
        for j, c in enumerate(self.cards):
            cards.addWidget(c, 0, j)
        lay.addLayout(cards)
        self.messages = QLabel("")
        self.messages.setWordWrap(True)
        lay.addWidget(self.messages)

        self.relax_box = QGroupBox(_tr("最小放宽建议（单独放宽一条规则即可得到方案；点击采用）"))
        self.relax_layout = QVBoxLayout(self.relax_box)
        self.relax_box.setVisible(False)
        lay.addWidget(self.relax_box)

        self.exit_table = _table(
            [_tr("供应商"), _tr("年度费用"), _tr("占比"), _tr("迁出费用"), _tr("相当于年数")]
        )
        self.loss_table = _table(_loss_heads(False))
        self.price_table = _table(_price_heads(False))
        self.scenario_table = _table(
            [
                _tr("情景"),
                _tr("可行"),
                _tr("年度费用"),
                _tr("信创占比"),
                _tr("最大供应商占比"),
                "HHI",
                _tr("供应商数"),
            ]
        )
        #: sections that only a full analysis fills (hidden while only the plan is known)
        self.detail_boxes: list[QGroupBox] = []
        self.exit_box = QGroupBox(_tr("各供应商费用与迁出费用"))
        QVBoxLayout(self.exit_box).addWidget(self.exit_table)
        lay.addWidget(self.exit_box)
        self.loss_box = QGroupBox(_tr("供应商退出测试（不计预算，其余规则不变）"))
        QVBoxLayout(self.loss_box).addWidget(self.loss_table)
        self.price_box = QGroupBox(_tr("规则代价（取消该规则后重新求解）"))
        QVBoxLayout(self.price_box).addWidget(self.price_table)
        for box in (self.loss_box, self.price_box):
            lay.addWidget(box)
            self.detail_boxes.append(box)
        #: a year plan: what the present values mean (shown with its tables)
        self.years_note = QLabel(
            _tr(
                "现值：第 t 年的费用除以 (1 + 折现率)^(t − 首年) 后相加；折现率为 0 时即各年费用之和。"
            )
        )
        self.years_note.setWordWrap(True)
        self.years_note.setStyleSheet(f"color: {MUTED};")
        self.years_note.setVisible(False)
        lay.addWidget(self.years_note)

        self.trade_box_index = len(self.detail_boxes)
        self.tabs = QTabWidget()
        for rule in ("max_vendor_share", "min_xinchuang_share", "min_vendors"):
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(280)
            self.charts[rule] = view
            self.tabs.addTab(view, rule_name(rule))
        box = QGroupBox(_tr("权衡曲线（年度费用随规则变化；◆ 为现行规则）"))
        QVBoxLayout(box).addWidget(self.tabs)
        lay.addWidget(box)
        self.detail_boxes.append(box)
        box = QGroupBox(_tr("情景对比"))
        QVBoxLayout(box).addWidget(self.scenario_table)
        lay.addWidget(box)
        self.detail_boxes.append(box)
        for box in self.detail_boxes:
            box.setVisible(False)
        self._years_mode = False
        self.years_outcome: Any = None
        """The solve outcome of a year plan (``.years``) the page analyses, else None."""
        self.footer = QLabel("")
        self.footer.setStyleSheet(f"color: {MUTED};")
        lay.addWidget(self.footer)
        lay.addStretch(1)

    # --- input ----------------------------------------------------------------------------------
    def set_input(self, inp: PlanInput | None, scenarios: Sequence[Scenario] = ()) -> None:
        """The input the 运行分析 button analyses."""
        self.input, self.scenarios = inp, tuple(scenarios)
        self.run_button.setEnabled(inp is not None and self._task is None)

    def set_report(self, report: Any) -> None:
        """Show an AnalysisReport, or the lock-in figures of a solve outcome (``.plan``, ``.input``);
        a year plan's outcome (``.years``) switches the page to the year analysis."""
        years = getattr(report, "years", None)
        self._set_years_mode(years is not None)
        if years is not None:
            self._show_years(report)
            return
        if isinstance(report, AnalysisReport):
            self.report = report
            self._show_report(report)
            return
        plan = getattr(report, "plan", None)
        inp = getattr(report, "input", None)
        if isinstance(inp, PlanInput):
            self.set_input(inp, self.scenarios)
        self.report = None
        self._clear()
        for box in self.detail_boxes:
            box.setVisible(False)
        if isinstance(plan, Plan):
            self._show_lockin(lockin_metrics(plan) if plan.has_solution else None)
            relax = getattr(report, "relaxations", None) or {}
            self._show_relaxations([(k, v, "") for k, v in relax.items()], plan)
            self.status_label.setText(
                _tr(
                    "已显示方案的锁定指标。点击“运行分析”计算供应商退出、规则代价、权衡曲线和情景对比。"
                )
                if plan.has_solution
                else _tr("当前规则下没有可行方案。点击“运行分析”计算各规则的最小放宽量。")
            )

    # --- a year plan ------------------------------------------------------------------------------
    @property
    def years_mode(self) -> bool:
        """True while the page shows a year plan (its tables in present values, a column per year)."""
        return self._years_mode

    def _set_years_mode(self, years: bool) -> None:
        """A year plan: the vendor-loss and rule-price tables in present values; the one-year
        sections (lock-in cards, exit costs, trade-offs, scenarios) are not computed for it."""
        if years == self._years_mode:
            return
        self._years_mode = years
        for w in (*self.cards, self.exit_box, self.relax_box, *self.detail_boxes):
            w.setVisible(False)
        self.years_note.setVisible(False)
        if not years:
            self.years_outcome = None
            self._set_heads(None)
            self.loss_box.setTitle(_tr("供应商退出测试（不计预算，其余规则不变）"))
            self.price_box.setTitle(_tr("规则代价（取消该规则后重新求解）"))
            self.exit_box.setVisible(True)
            for c in self.cards:
                c.setVisible(True)
            return
        self.loss_box.setTitle(_tr("供应商退出测试（规划期现值；不计各年预算，其余规则不变）"))
        self.price_box.setTitle(_tr("规则代价（规划期现值：每年都取消该规则后重新求解，省下的钱）"))

    def _set_heads(self, years: Sequence[int] | None) -> None:
        """The tables' column heads: one year's, or a year plan's with a column per year (when
        it has more than one)."""
        if years is None:
            loss, price = _loss_heads(False), _price_heads(False)
        else:
            per_year = [_tr("{y} 年").format(y=y) for y in years] if len(years) > 1 else []
            loss = _loss_heads(True) + per_year
            price = _price_heads(True) + per_year
        for table, heads in ((self.loss_table, loss), (self.price_table, price)):
            table.setColumnCount(len(heads))
            table.setHorizontalHeaderLabels(heads)
            if years is None:  # a year plan's tables are sized to their rows
                table.setMinimumHeight(120)
                table.setMaximumHeight(16_777_215)

    def plan_line(self, plan: Any) -> str:
        """The year plan being analysed: its years, total and present value, each year's cost."""
        if plan is None or not plan.has_solution:
            return ""
        if plan.spec.discount_rate:
            text = _tr(
                "分年计划 {first}–{last}：规划期总费用 {total}，现值 {pv}（折现率 {rate}）。"
            ).format(
                first=plan.years[0],
                last=plan.years[-1],
                total=_yuan(plan.total_cost),
                pv=_yuan(plan.present_value),
                rate=_pct(plan.spec.discount_rate),
            )
        else:
            text = _tr(
                "分年计划 {first}–{last}：规划期总费用 {total}（折现率为 0，现值即总费用）。"
            ).format(first=plan.years[0], last=plan.years[-1], total=_yuan(plan.total_cost))
        return (
            text
            + " "
            + _sep().join(
                _tr("{y} 年 {cost}").format(y=y, cost=_yuan(c))
                for y, c in zip(plan.years, plan.year_costs, strict=True)
            )
        )

    def _show_years(self, outcome: Any) -> None:
        """A year plan's outcome, with its analysis (an AnalysisReport) when it has been run."""
        self.years_outcome, self.report = outcome, None
        self.input = outcome.input
        yp, result = outcome.years, outcome.years_analysis
        self.messages.setText(self.plan_line(yp))
        self._show_year_tables(yp, result)
        self.footer.setText(
            ""
            if result is None
            else _tr("共求解 {n} 次，用时 {s:.1f} 秒。").format(n=result.resolves, s=result.seconds)
        )
        if not yp.has_solution:
            text = _tr("当前规则下没有可行的分年方案（原因见「优化方案」→「诊断」），无法分析。")
        elif result is None:
            text = _tr(
                "点击“运行分析”：对分年计划做供应商退出测试和规则代价（规划期现值，每项重新求解一次，示例县约需一两分钟）。"
            )
        else:
            text = _tr("分年计划的分析：各数字为整个规划期的现值。")
        self.status_label.setText(text)
        self.run_button.setEnabled(yp.has_solution and self._task is None)

    def _show_year_tables(self, plan: Any, result: AnalysisReport | None) -> None:
        """The vendor-loss and rule-price tables of a year plan (hidden before the analysis)."""
        for box in (self.loss_box, self.price_box):
            box.setVisible(result is not None)
        self.years_note.setVisible(result is not None)
        years = tuple(plan.years) if plan is not None and plan.has_solution else ()
        self._set_heads(years)
        if result is None:
            self.loss_table.setRowCount(0)
            self.price_table.setRowCount(0)
            return
        no_plan, has_plan = _tr("无方案"), _tr("有方案")
        per_year = len(years) > 1

        def by_year(costs: Sequence[float] | None) -> list[str]:
            if not per_year:
                return []
            return ["—"] * len(years) if costs is None else [_yuan(c) for c in costs]

        n = len(years) if per_year else 0
        _fill(
            self.loss_table,
            [
                [
                    v.vendor,
                    no_plan if v.total_annual_cost is None else has_plan,
                    _yuan(v.total_annual_cost),
                    _yuan(v.delta),
                    *by_year(v.year_costs),
                ]
                for v in result.vendor_loss
            ],
            right={2, 3, *range(4, 4 + n)},
            bad_rows={i for i, v in enumerate(result.vendor_loss) if v.total_annual_cost is None},
        )
        _fill(
            self.price_table,
            [
                [
                    loc(r.label),
                    no_plan if r.total_annual_cost_without is None else has_plan,
                    _yuan(r.total_annual_cost_without),
                    _yuan(r.saving),
                    *by_year(r.year_costs),
                ]
                for r in result.rule_prices
            ],
            right={2, 3, *range(4, 4 + n)},
        )
        for i, v in enumerate(result.vendor_loss):  # each year's cost without the vendor, on hover
            if v.year_costs is not None:
                tip = _sep().join(
                    _tr("{y} 年 {cost}").format(y=y, cost=_yuan(c))
                    for y, c in zip(years, v.year_costs, strict=True)
                )
                for j in range(self.loss_table.columnCount()):
                    self.loss_table.item(i, j).setToolTip(
                        _tr("没有 {vendor} 时各年费用：{costs}").format(vendor=v.vendor, costs=tip)
                    )
        for table in (self.loss_table, self.price_table):  # every row visible, no empty space below
            table.resizeRowsToContents()
            height = (
                table.verticalHeader().length()
                + table.horizontalHeader().height()
                + 2 * table.frameWidth()
                + 4
            )
            table.setMinimumHeight(height)
            table.setMaximumHeight(height)

    # --- background run ---------------------------------------------------------------------------
    def run_analysis(self) -> None:
        """Analyse the current input off the GUI thread (a year plan: in a child process)."""
        if self._task is not None:
            return
        if self.years_outcome is not None:
            if not self.years_outcome.years.has_solution:
                return
            outcome = self.years_outcome
            self._task = Task(child_analysis_job(outcome.input, outcome.years))
            self._task.finished.connect(lambda o=outcome: self._years_finished(o))
        elif self.input is None:
            return
        else:
            self._task = Task(analysis_job(self.input, self.scenarios))
            self._task.finished.connect(self._on_finished)
        self._task.progress.connect(lambda _percent, text: self.status_label.setText(text))
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status_label.setText(_tr("分析中…"))
        self._task.start()

    def _years_finished(self, outcome: Any) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        self.cancel_button.setEnabled(False)
        value = task.value if task.exception is None else task.exception
        if task.exception is None and value is not None:
            outcome.years_analysis = value
        if self.years_outcome is outcome:
            self._show_years(outcome)
            if task.exception is not None:
                self.status_label.setText(_tr("分析出错：{error}").format(error=task.exception))
            elif value is None:
                self.status_label.setText(_tr("已取消分析。"))
        else:
            self.run_button.setEnabled(self.input is not None or self.years_outcome is not None)
        self.analysisFinished.emit(value)

    def cancel_analysis(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.status_label.setText(_tr("正在取消…"))

    @property
    def running(self) -> bool:
        return self._task is not None

    def _on_finished(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        self.cancel_button.setEnabled(False)
        self.run_button.setEnabled(self.input is not None)
        report: object = task.value if task.exception is None else task.exception
        if isinstance(report, AnalysisReport):
            self.set_report(report)
        else:
            self.status_label.setText(_tr("分析出错：{error}").format(error=report))
        self.analysisFinished.emit(report)

    def shutdown(self) -> None:
        """Stop a running analysis (call before the window closes)."""
        if self._task is not None:
            self._task.cancel()
            self._task.wait(5000)

    # --- display ----------------------------------------------------------------------------------
    def _clear(self) -> None:
        for t in (self.exit_table, self.loss_table, self.price_table, self.scenario_table):
            t.setRowCount(0)
        for view in self.charts.values():
            view.setChart(QChart())
        self.messages.setText("")
        self.footer.setText("")
        self._show_relaxations([], None)

    def _show_lockin(self, lk: LockIn | None) -> None:
        if lk is None:
            for c in (self.card_share, self.card_hhi, self.card_vendors, self.card_exit):
                c.set("—", _tr("无可行方案"))
            self.exit_table.setRowCount(0)
            return
        top = max(lk.vendor_costs, key=lambda v: lk.vendor_costs[v]) if lk.vendor_costs else ""
        self.card_share.set(_pct(lk.max_vendor_share), top)
        equal = f"{1 / lk.hhi:.1f}" if lk.hhi > 0 else "—"
        self.card_hhi.set(
            f"{lk.hhi:.3f}", _tr("相当于 {n} 家等额供应商").format(n=equal), bad=lk.hhi > 0.5
        )
        self.card_vendors.set(str(lk.vendors_used), "")
        if lk.exit_cost:
            worst = max(lk.exit_cost, key=lambda v: lk.exit_cost[v])
            self.card_exit.set(
                _yuan(lk.exit_cost[worst]),
                _tr("{vendor}，约 {years:.1f} 年的费用").format(
                    vendor=worst, years=lk.exit_years[worst]
                ),
            )
        total = sum(lk.vendor_costs.values())
        order = sorted(lk.vendor_costs, key=lambda v: -lk.vendor_costs[v])
        _fill(
            self.exit_table,
            [
                [
                    v,
                    _yuan(lk.vendor_costs[v]),
                    _pct(lk.vendor_costs[v] / total if total > 0 else 0.0),
                    _yuan(lk.exit_cost[v]),
                    f"{lk.exit_years[v]:.2f}",
                ]
                for v in order
            ],
            right={1, 2, 3, 4},
        )

    def _show_relaxations(
        self, items: Sequence[tuple[str, float | None, str]], plan: Plan | None
    ) -> None:
        for b in self.relaxation_buttons:
            b.setParent(None)
            b.deleteLater()
        self.relaxation_buttons = []
        while self.relax_layout.count():
            item = self.relax_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for rule, value, message in items:
            if value is None:
                note = QLabel(
                    message or _tr("仅放宽{rule}无法得到方案。").format(rule=rule_name(rule))
                )
                note.setWordWrap(True)
                note.setStyleSheet(f"color: {MUTED};")
                self.relax_layout.addWidget(note)
                continue
            b = QPushButton(
                _tr("将{rule}改为 {value}").format(
                    rule=rule_name(rule), value=_value_text(rule, value)
                )
            )
            if message:
                b.setToolTip(message)
            b.setProperty("rule", rule)
            b.setProperty("value", float(value))
            b.clicked.connect(
                lambda _=False, r=rule, v=float(value): self.relaxationRequested.emit(r, v)
            )
            self.relax_layout.addWidget(b)
            self.relaxation_buttons.append(b)
        self.relax_box.setVisible(bool(items))

    def _show_report(self, report: AnalysisReport) -> None:
        self._clear()
        for box in self.detail_boxes:
            box.setVisible(True)
        plan = report.plan
        self._show_lockin(report.lockin)
        self.messages.setText("\n".join(f"· {loc(m)}" for m in report.messages))
        state = _tr("方案：{status}，年度费用 {cost}").format(
            status=_status(plan.status),
            cost=_yuan(plan.total_annual_cost) if plan.has_solution else "—",
        )
        if report.cancelled:
            state += _tr("（分析已取消，以下为已完成部分）")
        self.status_label.setText(state)
        self._show_relaxations(
            [(r.rule, r.value, loc(r.message)) for r in report.relaxations], plan
        )
        yes, no = _tr("是"), _tr("否")
        _fill(
            self.loss_table,
            [
                [
                    v.vendor,
                    _status(v.status),
                    _yuan(v.total_annual_cost),
                    _yuan(v.delta),
                    "—" if v.within_budget is None else (yes if v.within_budget else no),
                    yes if v.critical else "",
                ]
                for v in report.vendor_loss
            ],
            right={2, 3},
            bad_rows={i for i, v in enumerate(report.vendor_loss) if v.critical},
        )
        _fill(
            self.price_table,
            [
                [
                    loc(r.name) if r.name is not None else rule_name(r.rule),
                    yes if r.active else no,
                    _status(r.status),
                    _yuan(r.total_annual_cost_without),
                    _yuan(r.saving),
                ]
                for r in report.rule_prices
            ],
            right={3, 4},
        )
        _fill(
            self.scenario_table,
            [
                [
                    s.name,
                    yes if s.feasible else no,
                    _yuan(s.total_annual_cost),
                    _pct(s.xinchuang_share),
                    _pct(s.max_vendor_share),
                    "—" if s.hhi is None else f"{s.hhi:.3f}",
                    "—" if s.vendors_used is None else str(s.vendors_used),
                ]
                for s in report.scenarios
            ],
            right={2, 3, 4, 5, 6},
            bad_rows={i for i, s in enumerate(report.scenarios) if not s.feasible},
        )
        for rule, tr_ in report.tradeoffs.items():
            if rule in self.charts:
                self.charts[rule].setChart(self._chart(rule, tr_, plan.policy.budget_annual))
        self.footer.setText(
            _tr("共求解 {n} 次，用时 {s:.1f} 秒。").format(n=report.resolves, s=report.seconds)
        )

    def _chart(self, rule: str, tradeoff: Any, budget: float | None) -> QChart:
        chart = QChart()
        chart.setTitle(_tr("{rule}与年度费用").format(rule=rule_name(rule)))
        scale = 1.0 if rule == "min_vendors" else 100.0
        line = QLineSeries()
        line.setName(_tr("最优年度费用（万元）"))
        infeasible = QScatterSeries()
        infeasible.setName(_tr("无解"))
        infeasible.setColor(QColor(BAD))
        infeasible.setMarkerSize(8)
        current = QScatterSeries()
        current.setName(_tr("现行规则"))
        current.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle)
        current.setMarkerSize(14)
        current.setColor(QColor(GOOD))
        costs = [p.total_annual_cost for p in tradeoff.points if p.total_annual_cost is not None]
        floor = min(costs) / 10_000 if costs else 0.0
        for p in tradeoff.points:
            x = p.value * scale
            if p.total_annual_cost is None:
                infeasible.append(QPointF(x, floor))
                continue
            y = p.total_annual_cost / 10_000
            line.append(QPointF(x, y))
            if abs(p.value - tradeoff.current) < 1e-9:
                current.append(QPointF(x, y))
        series = [line, infeasible, current]
        if budget is not None and costs:
            b = QLineSeries()
            b.setName(_tr("年度预算"))
            xs = [p.value * scale for p in tradeoff.points]
            b.append(QPointF(min(xs), budget / 10_000))
            b.append(QPointF(max(xs), budget / 10_000))
            pen = b.pen()
            pen.setStyle(Qt.PenStyle.DashLine)
            b.setPen(pen)
            series.insert(1, b)
        for s in series:
            chart.addSeries(s)
        ax, ay = QValueAxis(), QValueAxis()
        ax.setTitleText(rule_name(rule) + ("" if rule == "min_vendors" else " (%)"))
        ax.setLabelFormat("%d" if rule == "min_vendors" else "%.0f")
        if rule == "min_vendors":
            ax.setTickInterval(1)
            ax.setTickType(QValueAxis.TickType.TicksDynamic)
        ay.setTitleText(_tr("年度费用（万元）"))
        ay.setLabelFormat("%.0f")
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        for s in series:
            s.attachAxis(ax)
            s.attachAxis(ay)
        if costs:
            lo, hi = min(costs) / 10_000, max(costs + ([budget] if budget else [])) / 10_000
            pad = max((hi - lo) * 0.08, 1.0)
            ay.setRange(lo - pad, hi + pad)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        return chart
