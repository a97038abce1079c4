"""The one-line "从这里开始" guide shown above the pages until the user dismisses it.

The main window creates it with :func:`make_start_guide` (None once dismissed: the choice is kept
in the settings) and calls :meth:`StartGuide.set_county` whenever a county is opened or closed.
Its work is done, and it goes for good, after the first solve or once a second county is opened
(the user has found 打开 and F5).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.app import settings as app_settings
from ui.app.i18n import tr

SETTING = "start_guide_dismissed"


def is_dismissed() -> bool:
    """True once the user closed the guide (remembered across starts)."""
    return str(app_settings.settings().value(SETTING, "false")) == "true"


class StartGuide(QFrame):
    """A slim strip: what to do first, with the two buttons that do it, and a close button."""

    dismissed = Signal()

    def __init__(
        self,
        solve: Callable[[], object],
        open_dialog: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startGuide")
        self.setStyleSheet(
            "#startGuide { background: #eaf2fb; border: 1px solid #b7cde6; border-radius: 4px; }"
        )
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 4, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        lay.addWidget(self.label, 1)
        self.solve_button = QPushButton(tr("求解"))
        self.solve_button.setToolTip(tr("按当前数据和规则求解 (F5)"))
        self.solve_button.clicked.connect(lambda: solve())
        self.open_button = QPushButton(tr("打开…"))
        self.open_button.clicked.connect(lambda: open_dialog())
        self.close_button = QPushButton(tr("不再显示"))
        self.close_button.setFlat(True)
        self.close_button.setToolTip(tr("关闭这条提示，以后启动也不再显示"))
        self.close_button.clicked.connect(self.dismiss)
        for button in (self.solve_button, self.open_button, self.close_button):
            lay.addWidget(button)
        self.county: str | None = None
        self.shown_county: str | None = None
        """The last county the guide named (set_county(None) keeps it)."""
        self.set_county(None)

    def follow_solves(self, finished) -> None:  # type: ignore[no-untyped-def]
        """Dismiss the guide when the first solve with a result arrives (finished: the
        SolveSession's signal of SolveOutcome objects; a bound slot, dropped with the guide)."""
        finished.connect(self._on_solved)

    def _on_solved(self, outcome: object) -> None:
        from planner.model import SolveStatus

        plan = getattr(outcome, "plan", None)
        solved = plan is not None and plan.status is not SolveStatus.CANCELLED
        if solved and not getattr(outcome, "error", None) and not is_dismissed():
            self.dismiss()

    def set_county(self, name: str | None) -> None:
        """The county now open (None: nothing open); the text and buttons follow it.

        Opening another county than the one shown before dismisses the guide.
        """
        if name and self.shown_county and name != self.shown_county and not is_dismissed():
            self.dismiss()
        self.shown_county = name or self.shown_county
        self.county = name
        if name:
            text = tr(
                "从这里开始：已打开 {county}。按 F5 或点“求解”得到最省钱的方案；要用自己的数据，点“打开…”选择输入工作簿。"
            ).format(county=name)
        else:
            text = tr(
                "从这里开始：点“打开…”选择输入工作簿，或用 帮助 → 打开示例县 先看看云策怎么用。"
            )
        self.label.setText(text)
        self.solve_button.setVisible(bool(name))

    def dismiss(self) -> None:
        """Hide the guide for good (kept in the settings)."""
        app_settings.settings().setValue(SETTING, "true")
        self.hide()
        self.dismissed.emit()


def make_start_guide(
    solve: Callable[[], object], open_dialog: Callable[[], object], parent: QWidget | None = None
) -> StartGuide | None:
    """The guide strip, or None when the user has dismissed it before."""
    if is_dismissed():
        return None
    guide = StartGuide(solve, open_dialog, parent)
    session = getattr(parent, "session", None)  # the main window's SolveSession
    if session is not None:
        guide.follow_solves(session.finished)
    return guide
