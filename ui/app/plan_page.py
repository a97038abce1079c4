"""优化方案: headline cards, the allocation with why-this-platform, charts, the diagnosis."""

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
from planner.text import join
from ui.app.i18n import current_lang, loc, tr
from ui.app.plan_charts import ChartsPanel, new_chart, pie_chart, vendor_cost_chart, wan_text
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
        self._cost_model: Any = None
        self._binding: dict[int, str] = {}
        """Row → the sentence naming the rule that keeps the system off a cheaper platform."""
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

        # a year plan: which year the cards, the allocation and the charts show
        self.years_plan: Any = None
        """The year plan shown (a planner.model.Plan of a 年度计划, with a solution), else None."""
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
        self.year_row.setLayout(hbox(year_label, self.year_selector, self.year_note))
        self.year_row.layout().setStretch(2, 1)
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
        # year by year (inputs with a 年度计划 sheet): year selector and wave chart
        from ui.app.years_view import YearsView

        self.years_view = YearsView()
        self.years_view.year_clicked.connect(self.year_selector.setCurrentIndex)
        self.years_tab = self.tabs.addTab(self.years_view, tr("分年计划"))
        self.tabs.setTabVisible(self.years_tab, False)
        self.suggest_buttons: list[QPushButton] = []
        self.show_outcome(None)

    def show_years(self, plan: Any) -> None:
        """Show a year-by-year plan (a planner.model.Plan with plan years) on the 分年计划 tab; None hides it."""
        self.years_view.set_plan(plan)
        self.tabs.setTabVisible(self.years_tab, plan is not None)

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
        years = getattr(outcome, "years", None)
        self.show_years(years)
        self.years_plan = years if years is not None and years.has_solution else None
        self._fill_year_selector()
        self._cost_model = None
        self._binding = {}
        self._why_tasks = {
            t: -1 for t in self._why_tasks
        }  # still running: their answers are dropped
        plan = outcome.plan if outcome is not None else None
        self.why.clear()
        self._clear_suggestions()
        if plan is None:
            self._show_plan(None)
            self.show_message(tr("还没有方案。检查数据和规则后，按 F5 或点「求解」。"), "info")
            self.diagnosis.setHtml("<p>" + tr("暂无诊断。") + "</p>")
            return
        if plan.has_solution:
            status = (
                tr("最优方案")
                if plan.status is SolveStatus.OPTIMAL
                else tr("可行方案（未证明最优）")
            )
            seconds = outcome.seconds if outcome is not None else 0.0
            if self.years_plan is not None:
                msg = self._years_message(status, seconds)
            else:
                msg = tr(
                    "{status}：{n} 个系统，年度总费用 {total}（求解用时 {s:.1f} 秒）。"
                ).format(
                    status=status,
                    n=len(plan.assignments),
                    total=yuan(plan.total_annual_cost),
                    s=seconds,
                )
            notes = "".join(f"<br>{esc(loc(n))}" for n in plan.diagnosis)
            terms = (
                _vendor_terms_text(plan) if self.years_plan is None else ""
            )  # a year plan: beside the year
            if terms:
                notes = "<br>" + esc(terms) + notes
            if self.previous_total is not None and self.years_plan is None:
                delta = plan.total_annual_cost - self.previous_total
                if abs(delta) >= 0.005:
                    sign = "+" if delta > 0 else "−"
                    msg += " " + tr("与上一方案相比：{delta}/年。").format(
                        delta=f"{sign}{yuan(abs(delta))}"
                    )
                else:
                    msg += " " + tr("与上一方案费用相同。")
            self.show_message(msg + notes, "ok" if plan.status is SolveStatus.OPTIMAL else "warn")
            self.diagnosis.setHtml("<p>" + tr("方案满足全部规则，无需诊断。") + "</p>")
            self._show_plan(plan)
            self.tabs.setCurrentIndex(0)
        else:
            self._show_plan(None)
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

    def _years_message(self, status: str, seconds: float) -> str:
        yp = self.years_plan
        text = tr("{status}：分年计划 {first}–{last}，规划期总费用 {total}").format(
            status=status, first=yp.years[0], last=yp.years[-1], total=yuan(yp.total_cost)
        )
        if yp.spec.discount_rate:
            text += tr("，现值 {pv}（折现率 {rate}）").format(
                pv=yuan(yp.present_value), rate=pct(yp.spec.discount_rate)
            )
        return text + tr("（求解用时 {s:.1f} 秒）。在上方选择年份查看该年的方案。").format(
            s=seconds
        )

    def _fill_year_selector(self) -> None:
        """One entry per plan year (a year plan); the year shown stays when it is still a plan year."""
        yp, keep = self.years_plan, self.year_selector.currentData()
        self.year_selector.blockSignals(True)
        self.year_selector.clear()
        for y in yp.years if yp is not None else ():
            self.year_selector.addItem(tr("{y} 年").format(y=y), y)
        if yp is not None:
            self.year_selector.setCurrentIndex(yp.years.index(keep) if keep in yp.years else 0)
        self.year_selector.blockSignals(False)
        self.year_row.setVisible(yp is not None and len(yp.years) > 1)  # one year: nothing to pick

    def selected_year(self) -> int | None:
        """The plan year shown (a year plan), else None."""
        return self.year_selector.currentData() if self.years_plan is not None else None

    def _year_selected(self, _index: int) -> None:
        if self.years_plan is not None and self.outcome is not None:
            self.why.clear()
            self._show_plan(self.outcome.plan)

    def _show_plan(self, plan: Plan | None) -> None:
        """Cards, allocation and charts: of plan, or of the selected year of a year plan."""
        yp = self.years_plan
        if plan is not None and plan.has_solution and yp is not None:
            t = max(self.year_selector.currentIndex(), 0)
            self.years_view.set_year(t)
            plan = yp.year_plans[t]
            moved = frozenset(m.workload.name for m in yp.moves[t])
            self.model.set_plan(plan, yp.years[t], moved)
            self._year_cards(yp, t)
            terms = _vendor_terms_text(plan, yp.years[t])
            self.year_note.setText(self.years_view.summary.text() + ("\n" + terms if terms else ""))
        else:
            self.model.set_plan(plan if plan is not None and plan.has_solution else None)
            for c, title in zip(
                (self.cost_card, self.xc_card, self.vendor_card, self.count_card),
                self.card_titles,
                strict=True,
            ):
                c.title.setText(title)
                c.set("—", "", "none")
            if plan is not None and plan.has_solution:
                self._cards(plan)
        if plan is None or not plan.has_solution:
            self._charts(None)
            self.count.setText("")
            return
        self.count.setText(tr("{n} 个系统").format(n=len(plan.assignments)))
        self.table.resizeColumnsToContents()
        for j in range(self.model.columnCount()):
            self.table.setColumnWidth(j, min(self.table.columnWidth(j) + 8, 180))
        if self.proxy.rowCount():
            self.table.selectRow(0)
        self._charts(plan)

    def _year_cards(self, yp: Any, t: int) -> None:
        """The cards of year t of a year plan, against that year's budget and 信创 target."""
        from planner.model import year_budget, year_xinchuang_target

        row, plan, pol = yp.spec.years[t], yp.year_plans[t], yp.policy
        y = row.year
        for c, title in zip(
            (self.cost_card, self.xc_card, self.vendor_card, self.count_card),
            (
                tr("{y} 年费用"),
                tr("{y} 年信创 vCPU 占比"),
                tr("{y} 年最大供应商占比"),
                tr("{y} 年使用供应商数"),
            ),
            strict=True,
        ):
            c.title.setText(title.format(y=y))
        cost, budget = yp.year_cost(t), year_budget(row, pol)
        if budget is None:
            self.cost_card.set(yuan(cost), tr("未设预算上限（{wan}）").format(wan=wan(cost)), "ok")
        else:
            left = budget - cost
            self.cost_card.set(
                yuan(cost),
                tr("预算 {budget}，余 {left}").format(budget=wan(budget), left=wan(left)),
                "ok" if left >= -0.005 else "bad",
            )
        xs, target = yp.year_xinchuang_share(t), year_xinchuang_target(row, pol)
        self.xc_card.set(
            pct(xs),
            tr("要求 ≥ {req}").format(req=pct(target)),
            "ok" if xs + 1e-9 >= target else "bad",
        )
        self._vendor_cards(plan, pol)

    def _cards(self, plan: Plan) -> None:
        pol = plan.policy
        total = plan.total_annual_cost
        if pol.budget_annual is None:
            self.cost_card.set(
                yuan(total), tr("未设预算上限（{wan}）").format(wan=wan(total)), "ok"
            )
        else:
            left = pol.budget_annual - total
            self.cost_card.set(
                yuan(total),
                tr("预算 {budget}，余 {left}").format(
                    budget=wan(pol.budget_annual), left=wan(left)
                ),
                "ok" if left >= -0.005 else "bad",
            )
        xs = plan.xinchuang_share
        self.xc_card.set(
            pct(xs),
            tr("要求 ≥ {req}").format(req=pct(pol.min_xinchuang_share)),
            "ok" if xs + 1e-9 >= pol.min_xinchuang_share else "bad",
        )
        self._vendor_cards(plan, pol)

    def _vendor_cards(self, plan: Plan, pol: Any) -> None:
        vs = plan.max_vendor_share
        top = max(plan.vendor_shares, key=plan.vendor_shares.get) if plan.vendor_shares else ""
        self.vendor_card.set(
            pct(vs),
            tr("上限 {cap}（{vendor}）").format(cap=pct(pol.max_vendor_share), vendor=top),
            "ok" if vs <= pol.max_vendor_share + 1e-9 else "bad",
        )
        n = plan.vendors_used
        self.count_card.set(
            tr("{n} 家").format(n=n),
            tr("要求 ≥ {req} 家").format(req=pol.min_vendors),
            "ok" if n >= pol.min_vendors else "bad",
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
        if self.outcome is None or not self.outcome.plan.has_solution or not current.isValid():
            self.why.clear()
            return
        row = self.proxy.mapToSource(current).row()
        if self.years_plan is not None and self.model.plan is not None:  # a year of a year plan
            from ui.app.years_view import year_why_html

            name = self.model.plan.assignments[row].workload.name
            self.why.setHtml(
                year_why_html(self.years_plan, self.year_selector.currentIndex(), name)
            )
            return
        self.why.setHtml(self.why_html(row))

    def why_html(self, w: int) -> str:
        """Cost on every eligible platform and the rule that excludes each other one."""
        from planner.costing import CostModel

        assert self.outcome is not None
        plan, inp = self.outcome.plan, self.outcome.input
        if self._cost_model is None:
            carried = plan.cost_model  # the solve's own cost model, when the plan carries it
            self._cost_model = (
                carried
                if carried is not None and carried.policy == plan.policy
                else CostModel(inp, plan.policy)
            )
        cm = self._cost_model
        a = plan.assignments[w]
        chosen = cm.platform_index[a.platform.key]
        eligible = sorted(
            (float(cm.total[w, p]), p) for p in range(len(cm.platforms)) if cm.eligible[w, p]
        )
        rows = []
        for cost, p in eligible:
            pl = cm.platforms[p]
            mark = " ✔" if p == chosen else ""
            style = " style='font-weight:600; background:#e6f4ea'" if p == chosen else ""
            rows.append(
                f"<tr{style}><td>{esc(pl.label)}{mark}</td><td align='right'>{yuan(cost)}</td></tr>"
            )
        excluded = []
        for p in range(len(cm.platforms)):
            if cm.eligible[w, p]:
                continue
            reasons = loc(join((r.msg() for r in cm.reasons(w, p)), "；", "; "))
            excluded.append(f"<li>{esc(reasons)}</li>")
        c = a.cost
        head = tr("<b>{name}</b> → {platform}，年度 {cost}").format(
            name=esc(a.workload.name), platform=esc(a.platform.label), cost=yuan(c.total)
        )
        parts = [
            tr("资源 {v}").format(v=yuan(c.run_cost)),
            tr("安全服务 {v}").format(v=yuan(c.security_cost)),
        ]
        if c.migration_annual:
            parts.append(tr("迁移分摊 {v}").format(v=yuan(c.migration_annual)))
        if c.adaptation_annual:
            parts.append(tr("信创适配分摊 {v}").format(v=yuan(c.adaptation_annual)))
        html = [f"<p>{head}<br><span style='color:#555'>{' + '.join(parts)}</span></p>"]
        cheapest_cost = eligible[0][0] if eligible else c.total
        if (
            c.total > cheapest_cost + 0.005
        ):  # the rule that binds, found by planner.explain off the GUI thread
            text = self._binding.get(w)
            if text is None:
                text = tr("有更便宜的可选平台；正在查找让它留在这里的规则…")
                self._explain(w)
            html.append("<p style='color:#8a5a00'>" + esc(text) + "</p>")
        html.append(
            "<p><b>"
            + tr("可部署的平台（年度费用）")
            + "</b></p><table cellspacing='0' cellpadding='3' width='100%'>"
        )
        html.extend(rows)
        html.append("</table>")
        if excluded:
            html.append(
                "<p><b>" + tr("不能部署的平台及原因") + "</b></p><ul style='margin-left:-20px'>"
            )
            html.extend(excluded)
            html.append("</ul>")
        return "".join(html)

    def _explain(self, w: int) -> None:
        """Find the rule that keeps system w off its cheapest platform (one exact re-solve)."""
        if w in self._why_tasks.values() or self.outcome is None:
            return
        from planner.explain import explain_choice

        plan, inp = self.outcome.plan, self.outcome.input
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
        if current.isValid() and self.proxy.mapToSource(current).row() == w:
            self.why.setHtml(self.why_html(w))

    # --- charts ------------------------------------------------------------------------------------
    def _charts(self, plan: Plan | None) -> None:
        """The charts of a plan; without one, a line saying so instead of empty frames."""
        panel = self.charts_panel
        panel.show_charts(plan is not None)
        n_vendors = len(plan.vendor_costs) if plan is not None else 0
        panel.vendor.set_chart(self._vendor_chart(plan), panel.vendor_height(n_vendors))
        panel.xinchuang.set_chart(self._xc_chart(plan))
        panel.components.set_chart(self._component_chart(plan))

    def _year_title(self, title: str) -> str:
        """A chart title, led by the year shown for a year plan."""
        year = self.selected_year()
        return title if year is None else tr("{y} 年：{title}").format(y=year, title=title)

    def _vendor_chart(self, plan: Plan | None) -> QChart:
        title = self._year_title(tr("各供应商年度费用（万元）"))
        return vendor_cost_chart(title, dict(plan.vendor_costs) if plan is not None else {})

    def _xc_chart(self, plan: Plan | None) -> QChart:
        if plan is None:
            return new_chart(tr("信创与非信创 vCPU"))
        total = plan.total_vcpu
        if self.years_plan is not None:  # systems still in the machine room count, as non-信创
            total = self.years_plan.active_vcpu(max(self.year_selector.currentIndex(), 0))
        return pie_chart(
            self._year_title(tr("信创与非信创 vCPU")),
            [
                (tr("信创"), plan.xinchuang_vcpu),
                (tr("非信创"), total - plan.xinchuang_vcpu),
            ],
            value_text=lambda v: tr("{n} vCPU").format(n=f"{v:,.0f}"),
        )

    def _component_chart(self, plan: Plan | None) -> QChart:
        if plan is None:
            return new_chart(tr("年度费用构成"))
        a = plan.assignments
        once = (
            self.years_plan is not None
        )  # a year plan: one-time costs in full in the year of the move
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
