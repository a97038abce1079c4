"""分析 for a year-by-year plan: vendor loss and rule prices over the horizon, as present values.

planner.years_analysis does the work (each figure an exact re-solve of the year model, about a
minute for the sample county). It runs in a child process like the solve (ui.app.solve_child):
取消 stops it at once, even in the middle of a solve, and the stages are shown as it goes.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from planner.model import PlanInput, Progress
from planner.text import Msg, bi
from ui.app.i18n import current_lang, loc, tr
from ui.app.widgets import MUTED, pct, yuan

#: Seconds a cancelled child gets to stop by itself before it is terminated.
CANCEL_GRACE = 0.5


@dataclass
class YearsAnalysis:
    """What the year analysis found for one year plan."""

    plan: Any
    """The planner.years.YearsPlan analysed."""
    vendor_loss: list[Any] = field(default_factory=list)
    """planner.years_analysis.YearsVendorLoss, one per vendor the plan uses."""
    rule_prices: list[Any] = field(default_factory=list)
    """planner.years_analysis.YearsRulePrice, one per rule in force."""
    seconds: float = 0.0


def analyse_years(inp: PlanInput, plan: Any, progress: Progress) -> YearsAnalysis:
    """Vendor loss, then rule prices, of plan (solved for inp). No Qt: runs in the child process."""
    from planner.years_analysis import years_rule_prices, years_vendor_loss

    started = time.perf_counter()
    progress.stage(
        Msg(
            "供应商退出测试（分年，每家供应商重新求解一次）…",
            "Vendor loss (year plan, one re-solve per vendor)…",
        ),
        0.05,
    )
    loss = years_vendor_loss(inp, plan, progress=progress, span=(0.05, 0.5))
    progress.stage(
        Msg(
            "规则代价（分年，每条规则重新求解一次）…",
            "Rule prices (year plan, one re-solve per rule)…",
        ),
        0.5,
    )
    prices = years_rule_prices(inp, plan, progress=progress, span=(0.5, 0.98))
    return YearsAnalysis(plan, loss, prices, time.perf_counter() - started)


def _child(inp: PlanInput, plan: Any, conn: Any, cancel: Any) -> None:
    """Child-process entry: sends ("stage", Msg, fraction)… then ("done", YearsAnalysis) or ("error", text)."""

    def on_stage(text: Any, fraction: float | None) -> None:
        try:
            conn.send(("stage", text, fraction))
        except (OSError, ValueError):
            pass

    try:
        conn.send(
            (
                "done",
                analyse_years(inp, plan, Progress(on_stage=on_stage, is_cancelled=cancel.is_set)),
            )
        )
    except Exception:  # noqa: BLE001 – the child's boundary: reported to the app, which shows it
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def years_analysis_job(inp: PlanInput, plan: Any) -> Any:
    """A tasks.py job analysing a year plan in a child process; returns a YearsAnalysis, or None
    when cancelled; raises RuntimeError with the child's traceback when it failed."""

    def job(ctx: Any) -> YearsAnalysis | None:
        mp = multiprocessing.get_context("spawn")
        receiver, sender = mp.Pipe(duplex=False)
        cancel = mp.Event()
        proc = mp.Process(target=_child, args=(inp, plan, sender, cancel), daemon=True)
        stage: Any = Msg("启动求解器…", "Starting the solver…")
        percent, started, shown = 0, time.monotonic(), 0
        ctx.report(percent, stage)
        proc.start()
        sender.close()
        try:
            while True:
                if ctx.cancelled:
                    cancel.set()
                    return None  # the finally below stops the child at once
                elapsed = int(time.monotonic() - started)
                if elapsed > shown:  # a long stage still shows that work goes on
                    shown = elapsed
                    ctx.report(
                        percent,
                        bi(
                            "{stage}（已用 {s} 秒）",
                            "{stage} ({s} s so far)",
                            stage=stage,
                            s=elapsed,
                        ),
                    )
                if receiver.poll(0.05):
                    try:
                        msg = receiver.recv()
                    except EOFError:
                        proc.join(2)
                        raise RuntimeError(f"分析进程意外退出（退出码 {proc.exitcode}）") from None
                    if msg[0] == "stage":
                        stage, percent = msg[1], -1 if msg[2] is None else round(msg[2] * 100)
                        ctx.report(percent, stage)
                    elif msg[0] == "done":
                        return msg[1]
                    else:  # the last line of the child's traceback names the error; the rest is not for users
                        raise RuntimeError(str(msg[1]).strip().splitlines()[-1])
                elif not proc.is_alive() and not receiver.poll(0):
                    raise RuntimeError(f"分析进程意外退出（退出码 {proc.exitcode}）")
        finally:
            from ui.app.solve_child import stop_child

            stop_child(proc, CANCEL_GRACE if cancel.is_set() else 0.0)
            receiver.close()

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
                    no_plan if v.present_value is None else tr("有方案"),
                    money(v.present_value),
                    money(v.extra),
                ]
                for v in result.vendor_loss
            ],
            right={2, 3},
            bad_rows={i for i, v in enumerate(result.vendor_loss) if v.present_value is None},
        )
        self._fill(
            self.price_table,
            [
                [
                    loc(r.label),
                    no_plan if r.present_value is None else tr("有方案"),
                    money(r.present_value),
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
