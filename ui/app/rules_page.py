"""约束策略: the rules a plan must obey, with familiar controls and a line of explanation each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from data.project_file import DEFAULT_RULES, RULE_KEYS, YEAR_RULE_KEYS
from planner.model import YearsSpec
from planner.rules import RULES, Relax, Rule, ValueKind, round_budget, rule
from ui.app.i18n import current_lang, loc, tr
from ui.app.procurement_view import ProcurementStandardsBox
from ui.app.project import Project
from ui.app.tables import issue_line
from ui.app.widgets import BAD, MUTED, button, hbox, heading, scrolling_page, wan, yuan

#: Largest county (number of systems) for which auto re-solve is offered.
AUTO_RESOLVE_MAX = 300

#: Attribute names of the rule controls (the page's public widgets).
_ATTR = {
    "horizon_years": "horizon",
    "min_xinchuang_share": "xinchuang",
    "max_vendor_share": "vendor_share",
}

#: A line of explanation under each rule (functions: translated when the page is built).
EXPLAIN: dict[str, Callable[[], str]] = {
    "budget_annual": lambda: tr(
        "每年可用于政务云的总预算；一次性迁移、适配费用按规划年限分摊后计入（分年计划中计入发生迁移的年份，「年度计划」表可逐年另设预算）。右侧为在其余规则下的最低可行年度费用。"
    ),
    "horizon_years": lambda: tr(
        "合同/规划期的年数；迁移费用和信创适配费用在这些年内平均分摊（分年计划不分摊，按「年度计划」表逐年计算；规划年限仍决定可享受的期限折扣）。"
    ),
    "min_xinchuang_share": lambda: tr(
        "部署在信创（国产CPU/操作系统）平台上的 vCPU 至少占全部 vCPU 的比例。"
    ),
    "max_vendor_share": lambda: tr(
        "任何一家供应商的年度费用占总费用的比例上限，防止被单一厂商锁定；100% 表示不限制。"
    ),
    "min_vendors": lambda: tr("方案至少要用到的供应商数量（“一云多芯”、多供应商备份）。"),
}


#: The year-plan settings' values when the 约束 sheet does not set them (planner.model.YearsSpec's).
YEAR_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in fields(YearsSpec) if f.name in YEAR_RULE_KEYS
}


def _label(r: Rule) -> str:
    """The rule's name from the registry, as a form label (English capitalised)."""
    text = loc(r.label)
    return text[:1].upper() + text[1:] if current_lang() == "en" else text


class ShareControl(QWidget):
    """A 0–100 % slider with a numeric box, both editing the same share."""

    changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 1000)
        self.slider.setPageStep(50)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(0.0, 100.0)
        self.spin.setDecimals(1)
        self.spin.setSuffix(" %")
        self.spin.setSingleStep(1.0)
        self.spin.setKeyboardTracking(False)
        self.spin.setMinimumWidth(90)
        lay = hbox(self.slider, self.spin)
        self.setLayout(lay)
        self.slider.valueChanged.connect(self._from_slider)
        self.slider.sliderReleased.connect(lambda: self.changed.emit(self.value()))
        self.spin.valueChanged.connect(self._from_spin)

    def value(self) -> float:
        return round(self.spin.value() / 100.0, 6)

    def set_value(self, share: float) -> None:
        for w in (self.slider, self.spin):
            w.blockSignals(True)
        self.spin.setValue(share * 100.0)
        self.slider.setValue(round(share * 1000))
        for w in (self.slider, self.spin):
            w.blockSignals(False)

    def _from_slider(self, v: int) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(v / 10.0)
        self.spin.blockSignals(False)
        if not self.slider.isSliderDown():
            self.changed.emit(self.value())

    def _from_spin(self, v: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(v * 10))
        self.slider.blockSignals(False)
        self.changed.emit(self.value())


class RulesPage(QWidget):
    """Budget (万元) beside the current least feasible cost, horizon, shares, vendors, solving."""

    solve_requested = Signal()
    auto_resolve_changed = Signal(bool)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.min_cost: float | None = None
        self.min_cost_stale = False
        outer = QVBoxLayout(
            scrolling_page(self)
        )  # a low window scrolls the form, never squeezes it
        outer.addWidget(
            heading(
                tr("约束策略"),
                tr("方案必须遵守的规则。修改后方案会标记为过期；按 F5 或「求解」重新计算。"),
            )
        )

        box = QGroupBox(tr("规则"))
        self.grid = QGridLayout(box)
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(4)
        self.controls: dict[str, QWidget] = {}
        self._names: list[QLabel] = []
        self.errors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        for r in RULES:  # the registry decides which rules there are, in which order
            if r.key in RULE_KEYS:
                self._add_rule(r)
        outer.addWidget(box)
        outer.addWidget(self._year_box())

        solve_box = QGroupBox(tr("求解"))
        sg = QGridLayout(solve_box)
        self.time_limit = QSpinBox()
        self.time_limit.setRange(0, 24 * 3600)
        self.time_limit.setSuffix(tr(" 秒"))
        self.time_limit.setSpecialValueText(tr("不限"))
        self.time_limit.setKeyboardTracking(False)
        self.time_limit.setToolTip(tr("到时仍未证明最优时，给出已找到的最好方案（标明未证明最优）"))
        self.time_limit.setMaximumWidth(170)
        sg.addWidget(QLabel(tr("求解时间上限")), 0, 0)
        sg.addWidget(self.time_limit, 0, 1)
        self.auto = QCheckBox(tr("规则或数据修改后自动重新求解"))
        self.auto.setToolTip(
            tr("仅对不超过 {n} 个业务系统的县启用，求解在后台进行").format(n=AUTO_RESOLVE_MAX)
        )
        sg.addWidget(self.auto, 1, 0, 1, 2)
        self.solve_button = button(
            tr("求解 (F5)"), tr("按当前数据和规则计算最省钱的合规方案"), self.solve_requested.emit
        )
        self.solve_button.setStyleSheet("font-weight:600; padding:4px 18px;")
        sg.addWidget(self.solve_button, 0, 2, 2, 1)
        sg.setColumnStretch(3, 1)
        outer.addWidget(solve_box)
        outer.addWidget(ProcurementStandardsBox(project))
        outer.addStretch(1)

        self.time_limit.valueChanged.connect(self._time_limit_changed)
        self.auto.toggled.connect(self.auto_resolve_changed)
        project.rules_changed.connect(self.refresh)
        project.validated.connect(self._show_rule_errors)
        project.reset.connect(self.refresh)
        project.inputs_changed.connect(self._update_auto_enabled)
        project.inputs_changed.connect(self._update_year_enabled)
        self.refresh()

    # --- the year plan's two settings (折现率, 允许多次迁移) ----------------------------------------
    def _year_box(self) -> QGroupBox:
        """折现率 and 允许多次迁移: always shown, in force only when the project has a 年度计划."""
        box = QGroupBox(tr("分年计划"))
        box.setObjectName("yearRules")
        box.setToolTip(
            tr("仅当「业务系统」页的「年度计划」表填有年份时使用（按年规划）；单年方案不受影响。")
        )
        lay = QVBoxLayout(box)
        self.year_hint = QLabel("")
        self.year_hint.setObjectName("yearRulesHint")
        self.year_hint.setWordWrap(True)
        lay.addWidget(self.year_hint)
        self.year_grid = QGridLayout()
        self.year_grid.setColumnStretch(1, 1)
        self.year_grid.setHorizontalSpacing(14)
        self.year_grid.setVerticalSpacing(4)
        lay.addLayout(self.year_grid)
        self.discount_rate = QDoubleSpinBox()
        self.discount_rate.setObjectName("discountRate")
        self.discount_rate.setRange(0.0, 100.0)
        self.discount_rate.setDecimals(2)
        self.discount_rate.setSingleStep(0.5)
        self.discount_rate.setSuffix(" %")
        self.discount_rate.setKeyboardTracking(False)
        self.discount_rate.setMinimumWidth(120)
        self.discount_rate.valueChanged.connect(
            lambda v: self.project.set_rule("discount_rate", round(float(v) / 100.0, 6))
        )
        self.multiple_moves = QCheckBox(tr("同一系统在规划期内可以迁移不止一次"))
        self.multiple_moves.setObjectName("multipleMoves")
        self.multiple_moves.toggled.connect(
            lambda v: self.project.set_rule("allow_multiple_moves", bool(v))
        )
        notes = {
            "discount_rate": tr(
                "按现值比较各年费用：第 t 年的费用除以 (1 + 折现率)^(t − 首年)。0 表示各年费用直接相加。"
            ),
            "allow_multiple_moves": tr(
                "不勾选时，每个系统在规划期内至多迁移一次（迁移、适配费用计入迁移当年）。"
            ),
        }
        names = {"discount_rate": tr("折现率"), "allow_multiple_moves": tr("允许多次迁移")}
        for key, control in (
            ("discount_rate", self.discount_rate),
            ("allow_multiple_moves", self.multiple_moves),
        ):
            cell = (
                QWidget()
            )  # the control at its own width, the row's rest empty (as in the rules box)
            cell.setLayout(hbox(control, stretch_at=1))
            self._add_row(self.year_grid, key, names[key], control, notes[key], cell)
        width = max(
            label.sizeHint().width() for label in self._names
        )  # one label column for both boxes
        for grid in (self.grid, self.year_grid):
            grid.setColumnMinimumWidth(0, width)
        return box

    def _update_year_enabled(self) -> None:
        """The two settings are editable when they are in force (a 年度计划) or need fixing."""
        years = self.project.has_years
        bad = self.project.invalid_rules
        for key in YEAR_RULE_KEYS:
            self.controls[key].setEnabled(years or key in bad)
        self.year_hint.setText(
            tr("本项目按年规划：这两项用于分年计划的求解。")
            if years
            else tr(
                "当前项目没有年度计划，这两项不起作用。在「业务系统」页的「年度计划」表填入年份（如 2026、2027、2028）即按年规划。"
            )
        )
        self.year_hint.setStyleSheet("" if years else f"color:{MUTED};")

    # --- one row per rule of the registry -----------------------------------------------------------
    def _add_rule(self, r: Rule) -> None:
        self._add_row(
            self.grid, r.key, _label(r), self._control(r), EXPLAIN.get(r.key, lambda: "")()
        )

    def _add_row(
        self,
        grid: QGridLayout,
        key: str,
        label: str,
        control: QWidget,
        explain: str,
        cell: QWidget | None = None,
    ) -> None:
        """A rule's name, control (in cell, when given), error line (hidden while the value is fine)
        and explanation."""
        self.controls[key] = control
        row = grid.rowCount()
        name = QLabel(label)
        name.setStyleSheet("font-weight:600;")
        self._names.append(name)
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(cell or control, row, 1)
        error = QLabel("")
        error.setObjectName(f"ruleError_{key}")
        error.setWordWrap(True)
        error.setStyleSheet(f"color:{BAD};")
        keep = button(
            tr("采用显示的值"),
            tr("把上面显示的值设为该规则的值"),
            lambda _=False, k=key: self._adopt(k),
        )
        error_row = QWidget()
        error_row.setLayout(hbox(error, keep))
        error_row.hide()
        self.errors[key], self.error_labels[key] = error_row, error
        grid.addWidget(error_row, row + 1, 1)
        note = QLabel(explain)
        note.setWordWrap(True)
        note.setStyleSheet(f"color:{MUTED};")
        grid.addWidget(note, row + 2, 1)

    def _control(self, r: Rule) -> QWidget:
        p = self.project
        if r.kind is ValueKind.MONEY:
            return self._budget_control()
        if r.kind is ValueKind.SHARE:
            share = ShareControl()
            share.changed.connect(lambda v, k=r.key: p.set_rule(k, v))
            setattr(self, _ATTR.get(r.key, r.key), share)
            return share
        if r.kind is ValueKind.BOOL:
            check = QCheckBox(_label(r))
            check.toggled.connect(lambda v, k=r.key: p.set_rule(k, bool(v)))
            setattr(self, _ATTR.get(r.key, r.key), check)
            return check
        spin: QSpinBox | QDoubleSpinBox
        if r.kind is ValueKind.INT:
            spin = QSpinBox()
            spin.setRange(1 if r.relax is Relax.LOWER else 0, 50)
            spin.setSuffix(tr(" 家"))
            spin.valueChanged.connect(lambda v, k=r.key: p.set_rule(k, int(v)))
        else:  # years, or any other number
            spin = QDoubleSpinBox()
            spin.setRange(0.5, 30.0) if r.kind is ValueKind.YEARS else spin.setRange(0.0, 1e9)
            spin.setDecimals(1)
            spin.setSingleStep(1.0)
            if r.kind is ValueKind.YEARS:
                spin.setSuffix(tr(" 年"))
            spin.valueChanged.connect(lambda v, k=r.key: p.set_rule(k, float(v)))
        spin.setKeyboardTracking(False)
        spin.setMaximumWidth(170)
        setattr(self, _ATTR.get(r.key, r.key), spin)
        return spin

    def _budget_control(self) -> QWidget:
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0.0, 100_000_000.0)
        self.budget.setDecimals(2)
        self.budget.setSingleStep(10.0)
        self.budget.setSuffix(tr(" 万元"))
        self.budget.setGroupSeparatorShown(True)
        self.budget.setKeyboardTracking(False)
        self.budget.setMinimumWidth(170)
        self.no_budget = QCheckBox(tr("不设上限"))
        self.min_cost_label = QLabel("")
        self.min_cost_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_min_cost = button(
            tr("设为最低可行费用"),
            tr("把年度预算设为当前最低可行费用（向上取整到千元）"),
            self._use_min_cost,
        )
        self.budget.valueChanged.connect(self._budget_changed)
        self.no_budget.toggled.connect(self._budget_changed)
        row = QWidget()
        row.setLayout(
            hbox(self.budget, self.no_budget, self.min_cost_label, self.use_min_cost, stretch_at=4)
        )
        return row

    def _value(self, key: str) -> Any:
        """The value the rule's control shows."""
        w = self.controls[key]
        if key == "budget_annual":
            return None if self.no_budget.isChecked() else round(self.budget.value() * 10_000, 2)
        if key == "discount_rate":
            return round(self.discount_rate.value() / 100.0, 6)
        if isinstance(w, ShareControl):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        assert isinstance(w, QSpinBox | QDoubleSpinBox)
        return rule(key).coerce(w.value())

    def _show(self, key: str, value: Any) -> None:
        """Put a (valid) value into the rule's control without emitting changes."""
        w = self.controls[key]
        if key == "budget_annual":
            return  # refresh() handles the budget with the least feasible cost
        if isinstance(w, ShareControl):
            w.set_value(float(value))
            return
        w.blockSignals(True)
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif key == "discount_rate":
            w.setValue(float(value or 0.0) * 100.0)
        elif isinstance(w, QSpinBox | QDoubleSpinBox):
            w.setValue(value)
        w.blockSignals(False)

    def _adopt(self, key: str) -> None:
        self.project.set_rule(key, self._value(key))

    def _show_rule_errors(self) -> None:
        """A rule whose value could not be read is flagged under its control (the others stand)."""
        bad = self.project.invalid_rules
        for key, row in self.errors.items():
            issues = bad.get(key)
            if issues:
                found = self.project.rules.get(key)
                self.error_labels[key].setText(
                    tr("读入的值「{value}」无法使用：{problem}请在此重新设置。").format(
                        value=found, problem=issue_line(issues[0])
                    )
                )
            row.setVisible(bool(issues))

    def _budget_changed(self, *args: object) -> None:
        self.budget.setEnabled(not self.no_budget.isChecked())
        value = None if self.no_budget.isChecked() else round(self.budget.value() * 10_000, 2)
        self.project.set_rule("budget_annual", value)

    def _time_limit_changed(self, seconds: int) -> None:
        self.project.time_limit = float(seconds) if seconds > 0 else None

    def _use_min_cost(self) -> None:
        if self.min_cost is not None:
            self.project.set_rule(
                "budget_annual", round_budget(self.min_cost)
            )  # the one rounding rule

    def refresh(self, *args: object) -> None:
        r = self.project.rules
        bad = self.project.invalid_rules
        for w in (self.budget, self.no_budget, self.time_limit):
            w.blockSignals(True)
        budget = None if "budget_annual" in bad else r.get("budget_annual")
        self.no_budget.setChecked(budget is None and "budget_annual" not in bad)
        self.budget.setEnabled(budget is not None or "budget_annual" in bad)
        if budget is not None:
            self.budget.setValue(budget / 10_000)
        elif self.min_cost is not None:
            self.budget.setValue(
                self.min_cost / 10_000
            )  # a sensible start when the cap is switched on
        self.time_limit.setValue(int(self.project.time_limit or 0))
        for w in (self.budget, self.no_budget, self.time_limit):
            w.blockSignals(False)
        defaults = {**DEFAULT_RULES, **YEAR_DEFAULTS}
        for key in self.controls:
            if key != "budget_annual":
                value = r.get(key) if key not in bad else None
                self._show(key, defaults[key] if value is None else value)
        self._show_rule_errors()
        self._update_min_cost()
        self._update_auto_enabled()
        self._update_year_enabled()

    def _update_auto_enabled(self) -> None:
        small = self.project.row_count("workloads") <= AUTO_RESOLVE_MAX
        self.auto.setEnabled(small)
        if not small and self.auto.isChecked():
            self.auto.setChecked(False)

    def set_min_cost(self, cost: float | None, stale: bool = False) -> None:
        """The least feasible annual cost under the other rules (from the last solve)."""
        self.min_cost, self.min_cost_stale = cost, stale
        if cost is not None and self.project.rules.get("budget_annual") is None:
            self.budget.blockSignals(True)
            self.budget.setValue(cost / 10_000)
            self.budget.blockSignals(False)
        self._update_min_cost()

    def _update_min_cost(self) -> None:
        if self.min_cost is None:
            self.min_cost_label.setText(tr("最低可行费用：求解后显示"))
            self.use_min_cost.setEnabled(False)
            return
        text = tr("最低可行费用：{yuan}（{wan}）").format(
            yuan=yuan(self.min_cost), wan=wan(self.min_cost)
        )
        if self.min_cost_stale:
            text += tr("，按上次求解")
        budget = self.project.rules.get("budget_annual")
        budget = budget if isinstance(budget, int | float) else None
        color = "#c62828" if budget is not None and budget < self.min_cost - 0.005 else "#2e7d32"
        self.min_cost_label.setText(f"<span style='color:{color}'>{text}</span>")
        self.use_min_cost.setEnabled(True)
