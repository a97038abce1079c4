"""分析 for a year-by-year plan: vendor loss and rule prices over the horizon, as present values.

planner.analysis (year_vendor_loss, year_rule_prices) does the work (each figure an exact re-solve of the year model, about a
minute for the sample county). It runs in a child process like the solve (planner.child, the work in ui.app.solve_child):
取消 stops it at once, even in the middle of a solve, and the stages are shown as it goes.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from planner.child import run_in_child
from planner.model import PlanInput, Progress
from planner.text import Msg, bi
from ui.app.i18n import current_lang, loc, tr
from ui.app.solve_child import YearsAnalysis, child_analyse_years
from ui.app.widgets import MUTED, pct, yuan


def years_analysis_job(inp: PlanInput, plan: Any) -> Any:
    """A tasks.py job analysing a year plan in a child process (planner.child); returns a
    YearsAnalysis, or None when cancelled; raises RuntimeError with the last line of the child's
    traceback when it failed."""

    def job(ctx: Any) -> YearsAnalysis | None:
        stage: dict[str, Any] = {"text": Msg("启动求解器…", "Starting the solver…"), "percent": 0}
        started, shown = time.monotonic(), [0]
        ctx.report(0, stage["text"])

        def on_stage(text: Any, fraction: float | None) -> None:
            stage["text"], stage["percent"] = (
                text,
                -1 if fraction is None else round(fraction * 100),
            )
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
        out = run_in_child(child_analyse_years, (inp, plan), progress=progress, on_idle=on_idle)
        if out.cancelled or ctx.cancelled:
            return None
        if (
            out.error
        ):  # the last line of the child's traceback names the error; the rest is not for users
            raise RuntimeError(out.error.strip().splitlines()[-1])
        if not out.finished:
            raise RuntimeError(f"分析进程意外退出（退出码 {out.exitcode}）")
        result: YearsAnalysis = out.result
        return result

    return job


class YearsAnalysisBox(QWidget):
    """The year plan's analysis on the 分析 page: the plan's present value, vendor loss and rule
    prices over the horizon (tables built by the page's own helpers, so they look the same)."""

    def __init__(self, make_table: Any, fill: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("yearsAnalysis")
        self._fill = fill
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("")
        self.summary.setObjectName("yearsAnalysisSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.loss_table = make_table(
            [tr("退出供应商"), tr("结果"), tr("没有它时的现值"), tr("多花（现值）")]
        )
        self.loss_table.setObjectName("yearsLossTable")
        self.price_table = make_table(
            [tr("规则"), tr("结果"), tr("每年都取消后的现值"), tr("规则代价（现值）")]
        )
        self.price_table.setObjectName("yearsPriceTable")
        self.loss_box = QGroupBox(tr("供应商退出测试（规划期现值；不计各年预算，其余规则不变）"))
        QVBoxLayout(self.loss_box).addWidget(self.loss_table)
        self.price_box = QGroupBox(
            tr("规则代价（规划期现值：每年都取消该规则后重新求解，省下的钱）")
        )
        QVBoxLayout(self.price_box).addWidget(self.price_table)
        for box in (self.loss_box, self.price_box):
            lay.addWidget(box)
        self.note = QLabel(
            tr(
                "现值：第 t 年的费用除以 (1 + 折现率)^(t − 首年) 后相加；折现率为 0 时即各年费用之和。"
            )
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color:{MUTED};")
        lay.addWidget(self.note)
        self.show_result(None, None)

    def plan_line(self, plan: Any) -> str:
        """The plan being analysed: its years, total and present value."""
        if plan is None or not plan.has_solution:
            return ""
        if plan.spec.discount_rate:
            text = tr(
                "分年计划 {first}–{last}：规划期总费用 {total}，现值 {pv}（折现率 {rate}）。"
            ).format(
                first=plan.years[0],
                last=plan.years[-1],
                total=yuan(plan.total_cost),
                pv=yuan(plan.present_value),
                rate=pct(plan.spec.discount_rate),
            )
        else:
            text = tr(
                "分年计划 {first}–{last}：规划期总费用 {total}（折现率为 0，现值即总费用）。"
            ).format(first=plan.years[0], last=plan.years[-1], total=yuan(plan.total_cost))
        return (
            text
            + " "
            + _sep().join(
                tr("{y} 年 {cost}").format(y=y, cost=yuan(c))
                for y, c in zip(plan.years, plan.year_costs, strict=True)
            )
        )

    def show_result(self, plan: Any, result: YearsAnalysis | None) -> None:
        """The plan's line, and the tables once the analysis has run (hidden before)."""
        self.summary.setText(self.plan_line(plan))
        for box in (self.loss_box, self.price_box):
            box.setVisible(result is not None)
        if result is None:
            return
        no_plan = tr("无方案")

        def money(x: float | None) -> str:
            return "—" if x is None else yuan(x)

        self._fill(
            self.loss_table,
            [
                [
                    v.vendor,
                    no_plan if v.total_annual_cost is None else tr("有方案"),
                    money(v.total_annual_cost),
                    money(v.delta),
                ]
                for v in result.vendor_loss
            ],
            right={2, 3},
            bad_rows={i for i, v in enumerate(result.vendor_loss) if v.total_annual_cost is None},
        )
        self._fill(
            self.price_table,
            [
                [
                    loc(r.name),
                    no_plan if r.total_annual_cost_without is None else tr("有方案"),
                    money(r.total_annual_cost_without),
                    money(r.saving),
                ]
                for r in result.rule_prices
            ],
            right={2, 3},
        )
        for i, v in enumerate(result.vendor_loss):  # each year's cost without the vendor, on hover
            if v.year_costs is not None:
                tip = _sep().join(
                    tr("{y} 年 {cost}").format(y=y, cost=yuan(c))
                    for y, c in zip(plan.years, v.year_costs, strict=True)
                )
                for j in range(self.loss_table.columnCount()):
                    self.loss_table.item(i, j).setToolTip(
                        tr("没有 {vendor} 时各年费用：{costs}").format(vendor=v.vendor, costs=tip)
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


def _sep() -> str:
    return "; " if current_lang() == "en" else "；"
