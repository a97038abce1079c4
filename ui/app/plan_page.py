"""优化方案: headline cards, the allocation with why-this-platform, charts, the diagnosis.

One page for a plan of any number of years: the cards, the 分配方案 table, the charts and the
explanation show one year of it (a plain workbook's plan: its one year, exactly as before); with
more than one year a year selector picks that year, and the 分年计划 tab (ui.app.plan_waves)
shows the years side by side and the wave chart of the moves.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QChart
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner.labels import DATA_CLASS_LABELS, label
from planner.model import Plan, SolveStatus
from ui.app import plan_why
from ui.app.i18n import current_lang, loc, tr
from ui.app.plan_charts import ChartsPanel, new_chart, pie_chart, vendor_cost_chart, wan_text
from ui.app.plan_figures import PeriodFigures, period_figures
from ui.app.plan_waves import WavesPanel, year_summary
from ui.app.solve_child import SolveOutcome
from ui.app.tasks import Task
from ui.app.widgets import Banner, Card, FilterEdit, esc, hbox, heading, pct, wan, yuan


class AllocationModel(QAbstractTableModel):
    """Read-only table of a plan's assignments."""

    #: Column keys in display order: what a reader needs first (system, where, what it costs),
    #: then the system's attributes and the parts of the annual total.
    KEYS = (
        "name",
        "department",
        "vendor",
        "platform",
        "total",
        "xinchuang",
        "data_class",
        "mlps",
        "vcpu",
        "run",
        "security",
        "migration",
        "adaptation",
    )
    MONEY = frozenset({"total", "run", "security", "migration", "adaptation"})
    RIGHT = MONEY | {"mlps", "vcpu"}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plan: Plan | None = None
        self.year: int | None = None
        """The plan year shown (a year plan), else None."""
        self.moved: frozenset[str] = frozenset()
        """Systems that move in the year shown (a year plan)."""
        self.keys: tuple[str, ...] = self.KEYS
        self._rows: dict[int, dict[str, Any]] = {}
        """Row → its values, made on first use (resizing a column asks every cell many times)."""
        self._titles()

    def _titles(self) -> None:
        titles = {
            "name": tr("系统名称"),
            "department": tr("部门"),
            "data_class": tr("数据分级"),
            "mlps": tr("等保"),
            "vcpu": tr("vCPU"),
            "vendor": tr("供应商"),
            "platform": tr("平台"),
            "xinchuang": tr("信创"),
            "run": tr("资源费用"),
            "security": tr("安全服务"),
            "migration": tr("迁移分摊"),
            "adaptation": tr("适配分摊"),
            "total": tr("年度合计"),
            "moved": tr("本年迁移"),
        }
        if (
            self.year is not None
        ):  # a year of a year plan: one-time costs fall in full in the year of the move
            titles.update(
                {
                    "migration": tr("迁移费用"),
                    "adaptation": tr("适配费用"),
                    "total": tr("{y} 年费用").format(y=self.year),
                }
            )
        self.heads = [titles[k] for k in self.keys]

    def column(self, key: str) -> int:
        return self.keys.index(key)

    def set_plan(
        self, plan: Plan | None, year: int | None = None, moved: frozenset[str] = frozenset()
    ) -> None:
        """Show a plan; for a year of a year plan, year and the systems moving in it."""
        self.beginResetModel()
        self.plan = plan if plan is not None and plan.has_solution else None
        self.year, self.moved = year, moved
        self._rows = {}
        self.keys = self.KEYS if year is None else self.KEYS + ("moved",)
        self._titles()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.plan is None else len(self.plan.assignments)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.heads)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.heads[section]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and self.keys[section] in self.MONEY
        ):
            if self.year is not None:
                return tr("元，{y} 年；迁移、适配等一次性费用全部计入迁移当年").format(y=self.year)
            return tr("元/年；一次性费用按规划年限分摊")
        return super().headerData(section, orientation, role)

    def _values(self, row: int) -> dict[str, Any]:
        values = self._rows.get(row)
        if values is None:
            values = self._rows[row] = self._row_values(row)
        return values

    def _row_values(self, row: int) -> dict[str, Any]:
        assert self.plan is not None
        a = self.plan.assignments[row]
        w, p, c = a.workload, a.platform, a.cost
        return {
            "name": w.name,
            "department": w.department,
            "data_class": label(DATA_CLASS_LABELS, w.data_class, current_lang()),
            "mlps": w.mlps_level,
            "vcpu": w.vcpu,
            "vendor": p.vendor,
            "platform": p.name,
            "xinchuang": tr("是") if p.xinchuang else tr("否"),
            "run": c.run_cost,
            "security": c.security_cost,
            "migration": c.migration_annual,
            "adaptation": c.adaptation_annual,
            "total": c.total,
            "moved": tr("是") if w.name in self.moved else "",
        }

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or self.plan is None:
            return None
        key = self.keys[index.column()]
        v = self._values(index.row())[key]
        if role == Qt.ItemDataRole.DisplayRole:
            if key in self.MONEY:
                return f"{v:,.2f}"
            if isinstance(v, float):
                return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"
            return str(v)
        if role == Qt.ItemDataRole.UserRole:
            return v
        if role == Qt.ItemDataRole.TextAlignmentRole and key in self.RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and key == "total":
            font = QFont()
            font.setBold(True)
            return font
        return None


class PlanPage(QWidget):
    """Shows a SolveOutcome; emits suggestion(rule_key, value) for one-click fixes."""

    suggestion = Signal(str, object)
    solve_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome: SolveOutcome | None = None
        self.previous_total: float | None = None
        """Annual cost of the plan shown before this one (for the what-if difference)."""
        self._cost_models: dict[int, Any] = {}
        """Period → its cost model, once the explanation needed it."""
        self._binding: dict[int, str] = {}
        """System index → the sentence naming the rule that keeps it off a cheaper platform (a
        plain plan: planner.explain works it out off the GUI thread)."""
        self._why_tasks: dict[Task, int] = {}
        """Running explanations (kept until they end) and the row each one is for."""
        lay = QVBoxLayout(self)
        lay.addWidget(
            heading(
                tr("优化方案"),
                tr("满足全部规则的最省钱方案：每个业务系统放在哪个平台、每年花多少钱、为什么。"),
            )
        )
        self.banner = Banner()
        self.banner.setObjectName("planBanner")
        self._before_refusal: tuple[str, str] | None = None  # what a refused solve covers
        lay.addWidget(self.banner)
        self.stale = Banner()
        self.stale.setObjectName("staleBanner")
        lay.addWidget(self.stale)

        # the plan shown has a year per period; with more than one year, the selector picks the
        # year the cards, the allocation, the charts and the explanation show
        self.plan: Plan | None = None
        """The plan shown, with a solution (a year plan with all its years), else None."""
        self.year_selector = QComboBox()
        self.year_selector.setObjectName("planYearSelector")
        self.year_selector.setToolTip(tr("选择年份：费用卡片、分配方案和图表显示该年的方案"))
        self.year_selector.setMinimumWidth(100)
        self.year_note = QLabel("")
        self.year_note.setObjectName("planYearNote")
        self.year_note.setWordWrap(True)
        year_label = QLabel(tr("年份"))
        year_label.setStyleSheet("font-weight:600;")
        self.year_row = QWidget()
        self.year_row.setObjectName("planYearRow")
        year_layout = hbox(year_label, self.year_selector, self.year_note)
        year_layout.setStretch(2, 1)
        self.year_row.setLayout(year_layout)
        self.year_row.hide()
        lay.addWidget(self.year_row)
        self.year_selector.currentIndexChanged.connect(self._year_selected)

        cards = QHBoxLayout()
        self.cost_card = Card(tr("年度总费用"))
        self.xc_card = Card(tr("信创 vCPU 占比"))
        self.vendor_card = Card(tr("最大供应商占比"))
        self.count_card = Card(tr("使用供应商数"))
        self.cost_card.setToolTip(
            tr("全部业务系统的年度费用合计（含按规划年限分摊的迁移、适配费用），与年度预算比较")
        )
        self.xc_card.setToolTip(
            tr("部署在信创平台上的 vCPU 占全部 vCPU 的比例，与约束中的最低占比比较")
        )
        self.vendor_card.setToolTip(
            tr("费用最多的一家供应商占年度总费用的比例，与约束中的上限比较")
        )
        self.count_card.setToolTip(tr("方案用到的供应商数量，与约束中的最少供应商数比较"))
        for c in (self.cost_card, self.xc_card, self.vendor_card, self.count_card):
            cards.addWidget(c)
        self.card_titles = [
            c.title.text()
            for c in (self.cost_card, self.xc_card, self.vendor_card, self.count_card)
        ]
        lay.addLayout(cards)

        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        # allocation + why
        alloc = QWidget()
        al = QVBoxLayout(alloc)
        al.setContentsMargins(0, 4, 0, 0)
        self.filter = FilterEdit()
        self.count = QLabel("")
        al.addLayout(
            hbox(
                QLabel(tr("点选一行查看“为什么放在这个平台”")),
                self.count,
                self.filter,
                stretch_at=1,
            )
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("planSplitter")
        self.model = AllocationModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("allocationTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.selectionModel().currentRowChanged.connect(self._show_why)
        self.why = QTextBrowser()
        self.why.setObjectName("whyPanel")
        self.why.setMinimumWidth(260)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.why)
        self.splitter.setSizes([820, 360])
        al.addWidget(self.splitter, 1)
        self.tabs.addTab(alloc, tr("分配方案"))
        # charts (ui/app/plan_charts.py): scrolling, each with 复制图表 / 保存为 PNG…
        self.charts_panel = ChartsPanel()
        self.vendor_chart = self.charts_panel.vendor.view
        self.xc_chart = self.charts_panel.xinchuang.view
        self.component_chart = self.charts_panel.components.view
        self.charts_empty = self.charts_panel.empty
        self.tabs.addTab(self.charts_panel, tr("图表"))
        # diagnosis
        diag = QWidget()
        dl = QVBoxLayout(diag)
        self.diagnosis = QTextBrowser()
        self.diagnosis.setObjectName("diagnosis")
        dl.addWidget(self.diagnosis, 1)
        self.suggest_box = QVBoxLayout()
        dl.addLayout(self.suggest_box)
        self.tabs.addTab(diag, tr("诊断"))
        # more than one year: the years side by side and the wave chart of the moves
        self.waves = WavesPanel()
        self.waves.year_clicked.connect(self.year_selector.setCurrentIndex)
        self.waves_tab = self.tabs.addTab(self.waves, tr("分年计划"))
        self.tabs.setTabVisible(self.waves_tab, False)
        self.suggest_buttons: list[QPushButton] = []
        self.show_outcome(None)

    # --- showing a result --------------------------------------------------------------------------
    def set_stale(self, stale: bool) -> None:
        if stale and self.outcome is not None:
            self.stale.show_message(
                tr("数据或规则已修改，下面的方案已过期。按 F5 重新求解。"), "warn"
            )
        else:
            self.stale.show_message("")

    def show_message(self, text: str, kind: str = "info") -> None:
        self.banner.show_message(text, kind)
        self._before_refusal = None

    def show_refusal(self, text: str) -> None:
        """A refused solve (输入有 n 处错误) over what the banner said; input_fixed() restores it."""
        before = self._before_refusal or (self.banner.text(), self.banner.kind)
        self.banner.show_message(text, "error")
        self._before_refusal = before

    def input_fixed(self) -> None:
        """The inputs have no errors again: the refusal gives way to what was shown before it."""
        if self._before_refusal is not None:
            self.show_message(*self._before_refusal)

    def show_outcome(self, outcome: SolveOutcome | None) -> None:
        self.outcome = outcome
        shown = shown_plan(outcome)
        self.plan = shown if shown is not None and shown.has_solution else None
        self._fill_year_selector()
        self.waves.set_plan(self.plan if self.years_shown > 1 else None)
        self.tabs.setTabVisible(self.waves_tab, self.years_shown > 1)
        self._cost_models = {}
        self._binding = {}
        self._why_tasks = {
            t: -1 for t in self._why_tasks
        }  # still running: their answers are dropped
        plan = outcome.plan if outcome is not None else None
        self.why.clear()
        self._clear_suggestions()
        if plan is None:
            self._show_period()
            self.show_message(tr("还没有方案。检查数据和规则后，按 F5 或点「求解」。"), "info")
            self.diagnosis.setHtml("<p>" + tr("暂无诊断。") + "</p>")
            return
        if self.plan is not None:
            status = (
                tr("最优方案")
                if self.plan.status is SolveStatus.OPTIMAL
                else tr("可行方案（未证明最优）")
            )
            seconds = outcome.seconds if outcome is not None else 0.0
            msg = self._solved_message(status, seconds)
            notes = "".join(f"<br>{esc(loc(n))}" for n in plan.diagnosis)
            self.show_message(
                msg + notes, "ok" if self.plan.status is SolveStatus.OPTIMAL else "warn"
            )
            self.diagnosis.setHtml("<p>" + tr("方案满足全部规则，无需诊断。") + "</p>")
            self._show_period()
            self.tabs.setCurrentIndex(0)
        else:
            self._show_period()
            self.cost_card.set(tr("无可行方案"), tr("见「诊断」"), "bad")
            self.show_message(
                tr(
                    "没有同时满足全部规则的方案。「诊断」页列出了冲突的规则和最小的放宽办法，可一键采用。"
                ),
                "error",
            )
            items = "".join(
                f"<li style='margin-bottom:6px'>{esc(loc(m))}</li>" for m in plan.diagnosis
            )
            self.diagnosis.setHtml("<h3>" + tr("为什么没有方案") + f"</h3><ul>{items}</ul>")
            self._suggestions(outcome)
            self.tabs.setCurrentIndex(2)

    def _solved_message(self, status: str, seconds: float) -> str:
        """The banner over a plan: one year's total (and its vendor terms, with the difference
        from the plan before), or the horizon of a plan of several years."""
        plan = self.plan
        assert plan is not None
        if self.years_shown > 1:
            text = tr("{status}：分年计划 {first}–{last}，规划期总费用 {total}").format(
                status=status, first=plan.years[0], last=plan.years[-1], total=yuan(plan.total_cost)
            )
            if plan.spec.discount_rate:
                text += tr("，现值 {pv}（折现率 {rate}）").format(
                    pv=yuan(plan.present_value), rate=pct(plan.spec.discount_rate)
                )
            return text + tr("（求解用时 {s:.1f} 秒）。在上方选择年份查看该年的方案。").format(
                s=seconds
            )
        period = plan.periods[0]
        msg = tr("{status}：{n} 个系统，年度总费用 {total}（求解用时 {s:.1f} 秒）。").format(
            status=status, n=len(period.assignments), total=yuan(plan.year_cost(0)), s=seconds
        )
        if self.previous_total is not None:
            delta = plan.year_cost(0) - self.previous_total
            if abs(delta) >= 0.005:
                sign = "+" if delta > 0 else "−"
                msg += " " + tr("与上一方案相比：{delta}/年。").format(
                    delta=f"{sign}{yuan(abs(delta))}"
                )
            else:
                msg += " " + tr("与上一方案费用相同。")
        terms = _vendor_terms_text(period, self.selected_year())
        return msg + ("<br>" + esc(terms) if terms else "")

    @property
    def years_shown(self) -> int:
        """How many years the plan shown has (a plain plan: 1; no plan: 0)."""
        return len(self.plan.periods) if self.plan is not None else 0

    def _fill_year_selector(self) -> None:
        """One entry per plan year; the year shown stays when it is still a plan year. Shown only
        with more than one year (one year: nothing to pick)."""
        plan, keep = self.plan, self.year_selector.currentData()
        years = plan.years if plan is not None else ()
        self.year_selector.blockSignals(True)
        self.year_selector.clear()
        for y in years:
            self.year_selector.addItem(tr("{y} 年").format(y=y), y)
        if years:
            self.year_selector.setCurrentIndex(years.index(keep) if keep in years else 0)
        self.year_selector.blockSignals(False)
        self.year_row.setVisible(self.years_shown > 1)

    def period_index(self) -> int:
        """The index of the year shown among the plan's periods (a plain plan: 0)."""
        return max(self.year_selector.currentIndex(), 0) if self.years_shown > 1 else 0

    def selected_year(self) -> int | None:
        """The plan year shown (a year plan), else None (a plain plan has no calendar year)."""
        if self.plan is None or not self.plan.is_year_plan:
            return None
        return self.plan.years[self.period_index()]

    def _year_selected(self, _index: int) -> None:
        if self.plan is not None:
            self.why.clear()
            self._show_period()

    def _show_period(self) -> None:
        """Cards, allocation and charts of the year shown (a plain plan: its one year)."""
        plan = self.plan
        if plan is None:
            self.model.set_plan(None)
            for c, title in zip(self._cards_list(), self.card_titles, strict=True):
                c.title.setText(title)
                c.set("—", "", "none")
            self.year_note.setText("")
            self._charts(None)
            self.count.setText("")
            return
        t = self.period_index()
        period, year = plan.periods[t], self.selected_year()
        moves = plan.moves[t] if plan.is_year_plan else ()
        self.model.set_plan(period, year, frozenset(m.workload.name for m in moves))
        self._cards(period_figures(plan, t))
        if self.years_shown > 1:
            self.waves.set_year(t)
            terms = _vendor_terms_text(period, year)
            self.year_note.setText(year_summary(plan, t) + ("\n" + terms if terms else ""))
        self.count.setText(tr("{n} 个系统").format(n=len(period.assignments)))
        self.table.resizeColumnsToContents()
        for j in range(self.model.columnCount()):
            self.table.setColumnWidth(j, min(self.table.columnWidth(j) + 8, 180))
        if self.proxy.rowCount():
            self.table.selectRow(0)
        self._charts(period)

    def _cards_list(self) -> tuple[Card, Card, Card, Card]:
        return (self.cost_card, self.xc_card, self.vendor_card, self.count_card)

    def _cards(self, f: PeriodFigures) -> None:
        """The four cards of one year against that year's budget, 信创 target and 约束 (a plain
        plan: titled as the year's total, one-time costs spread over 规划年限)."""
        if f.year is None:
            titles = self.card_titles
            cost_tip = tr(
                "全部业务系统的年度费用合计（含按规划年限分摊的迁移、适配费用），与年度预算比较"
            )
        else:
            titles = [
                t.format(y=f.year)
                for t in (
                    tr("{y} 年费用"),
                    tr("{y} 年信创 vCPU 占比"),
                    tr("{y} 年最大供应商占比"),
                    tr("{y} 年使用供应商数"),
                )
            ]
            cost_tip = tr(
                "该年全部业务系统的费用合计（迁移、适配等一次性费用全部计入迁移当年），与该年预算比较"
            )
        for c, title in zip(self._cards_list(), titles, strict=True):
            c.title.setText(title)
        self.cost_card.setToolTip(cost_tip)
        if f.budget is None:
            self.cost_card.set(
                yuan(f.cost), tr("未设预算上限（{wan}）").format(wan=wan(f.cost)), "ok"
            )
        else:
            self.cost_card.set(
                yuan(f.cost),
                tr("预算 {budget}，余 {left}").format(
                    budget=wan(f.budget), left=wan(f.budget - f.cost)
                ),
                "ok" if f.budget_met else "bad",
            )
        self.xc_card.set(
            pct(f.xinchuang_share),
            tr("要求 ≥ {req}").format(req=pct(f.xinchuang_target)),
            "ok" if f.xinchuang_met else "bad",
        )
        self.vendor_card.set(
            pct(f.max_vendor_share),
            tr("上限 {cap}（{vendor}）").format(cap=pct(f.vendor_cap), vendor=f.top_vendor),
            "ok" if f.vendor_share_met else "bad",
        )
        self.count_card.set(
            tr("{n} 家").format(n=f.vendors_used),
            tr("要求 ≥ {req} 家").format(req=f.min_vendors),
            "ok" if f.vendors_met else "bad",
        )

    def _clear_suggestions(self) -> None:
        for b in self.suggest_buttons:
            self.suggest_box.removeWidget(b)
            b.deleteLater()
        self.suggest_buttons = []

    def _suggestions(self, outcome: SolveOutcome | None) -> None:
        if outcome is None:
            return
        plan = outcome.plan
        relax = dict(outcome.relaxations)
        if plan.min_budget is not None:
            relax.setdefault("budget_annual", plan.min_budget)
        for key, value in relax.items():
            if value is None:
                continue
            if key == "budget_annual":
                text = tr("把预算提高到 {yuan}").format(yuan=yuan(value))
            elif key == "min_xinchuang_share":
                text = tr("将信创占比降至 {pct}").format(pct=pct(value))
            elif key == "max_vendor_share":
                text = tr("将单一供应商最高占比放宽至 {pct}").format(pct=pct(value))
            elif key == "min_vendors":
                text = tr("将最少供应商数降至 {n} 家").format(n=int(value))
            elif key.startswith("capacity:"):
                text = tr("把平台 {platform} 的容量提高到 {n} vCPU").format(
                    platform=key.split(":", 1)[1], n=f"{value:g}"
                )
            else:
                continue
            b = QPushButton(text + tr(" 并重新求解"))
            b.setObjectName(f"suggest_{key}")
            b.setToolTip(tr("采用这项最小放宽（可撤销），然后重新求解"))
            b.clicked.connect(lambda _=False, k=key, v=value: self.suggestion.emit(k, v))
            self.suggest_box.addWidget(b)
            self.suggest_buttons.append(b)

    # --- why this platform -------------------------------------------------------------------------
    def _show_why(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if self.plan is None or self.model.plan is None or not current.isValid():
            self.why.clear()
            return
        row = self.proxy.mapToSource(current).row()
        self.why.setHtml(self.why_html(self.model.plan.assignments[row].workload.name))

    def why_html(self, name: str) -> str:
        """为什么这样分配 for system name in the year shown (ui.app.plan_why.why_html); asks for the
        binding rule in the background when a cheaper platform is allowed (a plain plan)."""
        assert self.plan is not None
        t = self.period_index()
        cm = self._cost_model(t)
        if cm is None:  # a year plan that carries no cost model: where it is, year by year
            return plan_why.why_html(self.plan, t, name, None)
        w = plan_why.system_index(cm, name)
        binding = self._binding.get(w)
        if (
            not self.plan.is_year_plan
            and binding is None
            and plan_why.has_cheaper_platform(self.plan, t, name, cm)
        ):
            self._explain(w)
        return plan_why.why_html(self.plan, t, name, cm, binding)

    def _cost_model(self, t: int) -> Any:
        """The cost model of period t: the one the solve carried, else (a plain plan) built."""
        if t not in self._cost_models:
            from planner.costing import CostModel

            assert self.plan is not None and self.outcome is not None
            period = self.plan.periods[t]
            carried = period.cost_model
            if self.plan.is_year_plan or (carried is not None and carried.policy == period.policy):
                self._cost_models[t] = carried  # a year's prices: only the solve knows them
            else:
                self._cost_models[t] = CostModel(self.outcome.input, period.policy)
        return self._cost_models[t]

    def _explain(self, w: int) -> None:
        """Find the rule that keeps system w off its cheapest platform (one exact re-solve)."""
        if w in self._why_tasks.values() or self.outcome is None or self.plan is None:
            return
        from planner.explain import explain_choice

        plan, inp = self.plan, self.outcome.input
        task = Task(lambda _ctx: explain_choice(plan, w, inp if plan.cost_model is None else None))
        self._why_tasks[task] = w
        task.finished.connect(lambda t=task: self._explained(t))
        task.start()

    @property
    def busy(self) -> bool:
        """An explanation is still being worked out in the background."""
        return bool(self._why_tasks)

    def shutdown(self) -> None:
        """Let running explanations end (before the page goes away)."""
        for task in list(self._why_tasks):
            task.wait(10_000)
        self._why_tasks.clear()

    def _explained(self, task: Task) -> None:
        w = self._why_tasks.pop(task, -1)
        if w < 0:
            return  # made for a plan no longer shown
        if task.exception is not None:
            self._binding[w] = tr("有更便宜的可选平台；未能确定约束它的规则：{error}").format(
                error=task.exception
            )
        else:
            self._binding[w] = loc(task.value.message)
        current = self.table.currentIndex()
        if current.isValid() and self.model.plan is not None:
            row = self.proxy.mapToSource(current).row()
            if row == w:  # a plain plan's rows are its systems in input order
                self.why.setHtml(self.why_html(self.model.plan.assignments[row].workload.name))

    # --- charts ------------------------------------------------------------------------------------
    def _charts(self, period: Plan | None) -> None:
        """The charts of the year shown; without a plan, a line saying so instead of empty frames."""
        panel = self.charts_panel
        panel.show_charts(period is not None)
        n_vendors = len(period.vendor_costs) if period is not None else 0
        panel.vendor.set_chart(self._vendor_chart(period), panel.vendor_height(n_vendors))
        panel.xinchuang.set_chart(self._xc_chart(period))
        panel.components.set_chart(self._component_chart(period))

    def _year_title(self, title: str) -> str:
        """A chart title, led by the year shown for a year plan."""
        year = self.selected_year()
        return title if year is None else tr("{y} 年：{title}").format(y=year, title=title)

    def _vendor_chart(self, period: Plan | None) -> QChart:
        title = self._year_title(tr("各供应商年度费用（万元）"))
        return vendor_cost_chart(title, dict(period.vendor_costs) if period is not None else {})

    def _xc_chart(self, period: Plan | None) -> QChart:
        if period is None or self.plan is None:
            return new_chart(tr("信创与非信创 vCPU"))
        # the vCPU of the systems not retired: a year plan's machine-room systems count, as non-信创
        total = self.plan.active_vcpu(self.period_index())
        return pie_chart(
            self._year_title(tr("信创与非信创 vCPU")),
            [
                (tr("信创"), period.xinchuang_vcpu),
                (tr("非信创"), total - period.xinchuang_vcpu),
            ],
            value_text=lambda v: tr("{n} vCPU").format(n=f"{v:,.0f}"),
        )

    def _component_chart(self, period: Plan | None) -> QChart:
        if period is None or self.plan is None:
            return new_chart(tr("年度费用构成"))
        a = period.assignments
        once = self.plan.is_year_plan  # one-time costs in full in the year of the move
        return pie_chart(
            self._year_title(tr("年度费用构成")),
            [
                (tr("资源"), sum(x.cost.run_cost for x in a)),
                (tr("安全服务"), sum(x.cost.security_cost for x in a)),
                (
                    tr("迁移费用") if once else tr("迁移分摊"),
                    sum(x.cost.migration_annual for x in a),
                ),
                (
                    tr("信创适配费用") if once else tr("信创适配分摊"),
                    sum(x.cost.adaptation_annual for x in a),
                ),
            ],
            value_text=wan_text,
        )


def shown_plan(outcome: SolveOutcome | None) -> Plan | None:
    """The plan an outcome shows: a 年度计划's year plan with all its years, else the plan."""
    if outcome is None:
        return None
    return outcome.years if outcome.years is not None else outcome.plan


def _vendor_terms_text(plan: Plan, year: int | None = None) -> str:
    """The vendor-level terms in the total (tiers, minimums, setup fees), so the per-system column
    plus these lines visibly makes the headline total; empty when the plan has none. year: the
    plan is that year of a year plan (the setup fee then falls in full in its first year of use)."""
    parts = []
    for t in plan.vendor_terms:
        if t.tier_discount > 0.005:
            parts.append(
                tr("{vendor} 阶梯折扣 −{amount}").format(
                    vendor=t.vendor, amount=yuan(t.tier_discount)
                )
            )
        if t.minimum_topup > 0.005:
            parts.append(
                tr("{vendor} 最低消费补足 +{amount}").format(
                    vendor=t.vendor, amount=yuan(t.minimum_topup)
                )
            )
        if t.setup_annual > 0.005:
            label = (
                tr("{vendor} 开通费分摊 +{amount}")
                if year is None
                else tr("{vendor} 开通费（首年使用）+{amount}")
            )
            parts.append(label.format(vendor=t.vendor, amount=yuan(t.setup_annual)))
    if not parts:
        return ""
    systems = sum(a.cost.total for a in plan.assignments)
    joined = ("；" if current_lang() == "zh" else "; ").join(parts)
    if year is not None:
        return tr("{year} 年各系统合计 {systems}，另按供应商条款：{parts}。").format(
            year=year, systems=yuan(systems), parts=joined
        )
    return tr("各系统合计 {systems}，另按供应商条款：{parts}。").format(
        systems=yuan(systems), parts=joined
    )
