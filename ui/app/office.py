"""Office habits: 编辑 → 复制/剪切/粘贴/查找 on every table, 帮助 → 使用手册 (F1), and the
方案摘要 PDF / 打印预览 commands of the 文件 menu.

:func:`add_actions` makes the window's ``act_copy`` … ``act_print_preview`` (called by
:func:`ui.app.actions.build_actions`); the ``fill_*_menu`` functions put them in the menus.
The table commands act on the table that has the focus, else the one last used on the current
page, else that page's main table; a text box with the focus gets its own copy/cut/paste.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)

from ui.app.i18n import tr
from ui.app.tables import FrameView, copy_cells, find_cell

if TYPE_CHECKING:
    from ui.app.main_window import MainWindow


# --- which table ------------------------------------------------------------------------------------
def current_table(win: MainWindow) -> QAbstractItemView | None:
    """The table the edit commands act on (see the module docstring)."""
    focus = QApplication.focusWidget()
    while focus is not None and not isinstance(focus, QTableView | QTreeView):
        focus = focus.parentWidget()
    page = win.pages.get(win.current_page())
    if focus is not None and page is not None and page.isAncestorOf(focus):
        return focus  # type: ignore[return-value]
    last = getattr(win, "_last_table", None)
    if last is not None and page is not None and _alive(last) and page.isAncestorOf(last):
        return last
    if page is None:
        return None
    main = {"quotes": "table_prices", "workloads": "table_workloads"}.get(win.current_page())
    if main is not None:
        view = page.findChild(QTableView, main)
        if view is not None:
            return view
    views = [v for v in page.findChildren(QTableView) if v.isVisible()]
    return views[0] if views else None


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # deleted with a rebuilt page
        return False
    return True


class _LastTable(QObject):
    """Remembers the window's table that last had the focus (menus take the focus away from it).

    It listens to QApplication.focusChanged, which fires only when the focus moves. An
    application-wide event filter written in Python would run for every event of the app (each
    timer, paint and mouse move of every widget), and each run has to take the GIL: while a
    worker thread writes a workbook or reads a quote, that wait (up to Python's 5 ms switch
    interval per event) froze the window for seconds.
    """

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    @Slot(QWidget, QWidget)
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        while new is not None and not isinstance(new, QTableView | QTreeView):
            new = new.parentWidget()  # an open cell editor: its table
        if new is not None and new.window() is self.win:
            self.win._last_table = new  # type: ignore[attr-defined]


def _text_box() -> Any:
    """The focused text field (a filter box, a spin box's text, a text view), if any: the
    commands act on its text then."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QAbstractSpinBox):
        return focus.lineEdit()
    if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit):
        return focus
    return None


# --- the commands -----------------------------------------------------------------------------------
def copy(win: MainWindow) -> int:
    """Copy the selected cells (tab-separated, as Excel pastes them); returns the cells copied."""
    if (box := _text_box()) is not None:
        box.copy()
        return 0
    view = current_table(win)
    if view is None:
        return 0
    n = view.copy_selection() if isinstance(view, FrameView) else copy_cells(view)
    if n:
        win.statusBar().showMessage(tr("已复制 {n} 个单元格。").format(n=n), 4000)
    return n


def cut(win: MainWindow) -> int:
    """Copy, then clear the selected cells of an editable table (one undo step)."""
    if (box := _text_box()) is not None:
        box.cut()
        return 0
    view = current_table(win)
    if isinstance(view, FrameView):
        return view.cut_selection()
    return copy(win)  # a result table cannot be edited: cut copies


def paste(win: MainWindow) -> int:
    if (box := _text_box()) is not None:
        box.paste()
        return 0
    view = current_table(win)
    if isinstance(view, FrameView):
        return view.paste_clipboard()
    win.statusBar().showMessage(tr("这个表格不能编辑，无法粘贴。"), 4000)
    return 0


def find(win: MainWindow) -> FindBar | None:
    """Open the find bar over the current table (Ctrl+F)."""
    view = current_table(win)
    if view is None:
        return None
    bar = FindBar.of(view)
    bar.open()
    return bar


def find_next(win: MainWindow, backwards: bool = False) -> bool:
    """Find the next match of the last search (F3; Shift+F3 backwards)."""
    view = current_table(win)
    if view is None:
        return False
    bar = FindBar.of(view)
    if not bar.edit.text():
        bar.open()
        return False
    return bar.find(backwards)


class FindBar(QFrame):
    """A small find box over the top right corner of a table: text, 上一个, 下一个, close."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("findBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 3, 3, 3)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(tr("查找…"))
        self.edit.setToolTip(tr("在此表格中查找文字（回车：下一个，Shift+回车：上一个）"))
        self.edit.setMinimumWidth(160)
        self.edit.returnPressed.connect(lambda: self.find(False))
        self.status = QLabel("")
        self.previous = QPushButton(tr("上一个"))
        self.previous.setToolTip(tr("查找上一个 (Shift+F3)"))
        self.previous.clicked.connect(lambda: self.find(True))
        self.next = QPushButton(tr("下一个"))
        self.next.setToolTip(tr("查找下一个 (F3)"))
        self.next.clicked.connect(lambda: self.find(False))
        self.close_button = QPushButton(tr("关闭"))
        self.close_button.setToolTip(tr("关闭查找栏 (Esc)"))
        self.close_button.clicked.connect(self.close_bar)
        for w in (self.edit, self.status, self.previous, self.next, self.close_button):
            lay.addWidget(w)
        self.edit.installEventFilter(self)
        view.installEventFilter(self)
        self.hide()

    @classmethod
    def of(cls, view: QAbstractItemView) -> FindBar:
        bar = view.findChild(FindBar, "findBar", Qt.FindChildOption.FindDirectChildrenOnly)
        return bar if isinstance(bar, FindBar) else cls(view)

    def open(self) -> None:
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self.edit.setFocus()
        self.edit.selectAll()

    def _place(self) -> None:
        self.resize(self.sizeHint())
        x = max(0, self.view.width() - self.width() - 18)
        self.move(x, 2)

    def find(self, backwards: bool = False) -> bool:
        found = find_cell(self.view, self.edit.text(), backwards)
        self.status.setText("" if found else tr("未找到"))
        self.status.setStyleSheet("" if found else "color:#c62828;")
        self._place()
        return found

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.view and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shift:
                self.find(True)
                return True
        return False


# --- actions and menus ------------------------------------------------------------------------------
def _act(win: MainWindow, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
    act = QAction(text, win)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    if tip:
        act.setToolTip(tip)
        act.setStatusTip(tip)
    act.triggered.connect(lambda _=False: slot())
    return act


def add_actions(win: MainWindow) -> None:
    """win.act_copy, act_cut, act_paste, act_find, act_find_next, act_manual, act_summary_pdf,
    act_print_preview (made again with the menus when the language changes)."""
    SK = QKeySequence.StandardKey
    win.act_copy = _act(win, tr("复制"), lambda: copy(win), SK.Copy, tr("复制选中的单元格"))
    win.act_cut = _act(win, tr("剪切"), lambda: cut(win), SK.Cut, tr("复制并清除选中的单元格"))
    win.act_paste = _act(
        win, tr("粘贴"), lambda: paste(win), SK.Paste, tr("把复制的单元格粘贴到当前单元格处")
    )
    win.act_find = _act(win, tr("查找…"), lambda: find(win), SK.Find, tr("在当前表格中查找文字"))
    win.act_find_next = _act(win, tr("查找下一个"), lambda: find_next(win), "F3")
    win.act_find_previous = _act(
        win, tr("查找上一个"), lambda: find_next(win, backwards=True), "Shift+F3"
    )
    from ui.app import help_window

    win.act_manual = _act(
        win,
        tr("使用手册"),
        lambda: help_window.show_help(win, help_window.page_section(win.current_page())),
        "F1",
        tr("打开使用手册（F1：当前页面的说明）"),
    )
    win.act_manual.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    win.act_summary_pdf = _act(
        win,
        tr("方案摘要 PDF…"),
        lambda: win.export_page.save_summary_pdf(),
        tip=tr("一到两页 A4 的方案摘要，含签字栏，供领导审批"),
    )
    win.act_print_preview = _act(
        win,
        tr("打印预览…"),
        lambda: win.export_page.print_preview(),
        tip=tr("预览并打印方案摘要"),
    )
    if not getattr(win, "_last_table_filter", None):
        win._last_table_filter = _LastTable(win)  # type: ignore[attr-defined]


def fill_edit_menu(win: MainWindow, menu: QMenu) -> None:
    menu.addSeparator()
    menu.addActions([win.act_cut, win.act_copy, win.act_paste])
    menu.addSeparator()
    menu.addActions([win.act_find, win.act_find_next, win.act_find_previous])


def fill_file_menu(win: MainWindow, menu: QMenu) -> None:
    menu.addActions([win.act_summary_pdf, win.act_print_preview])


def fill_help_menu(win: MainWindow, menu: QMenu) -> None:
    menu.insertAction(menu.actions()[0] if menu.actions() else None, win.act_manual)  # type: ignore[arg-type]
    menu.insertSeparator(menu.actions()[1])
