"""The main window's actions, menus and toolbar (built again when the language changes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStackedWidget, QStyle, QToolBar

from ui.app import county_guide, i18n, office
from ui.app import settings as app_settings
from ui.app.i18n import tr

if TYPE_CHECKING:
    from ui.app.main_window import MainWindow


#: Page keys in flow order; --page accepts these or the Chinese titles.
PAGES = ("quotes", "workloads", "rules", "plan", "analysis", "export")
PAGE_ALIASES = {
    "供应商报价": "quotes",
    "报价": "quotes",
    "platforms": "quotes",
    "prices": "quotes",
    "业务系统": "workloads",
    "systems": "workloads",
    "inventory": "workloads",
    "约束策略": "rules",
    "约束": "rules",
    "policy": "rules",
    "优化方案": "plan",
    "方案": "plan",
    "导出": "export",
    "分析": "analysis",
}
PLAN_TABS = {
    "allocation": 0,
    "分配方案": 0,
    "charts": 1,
    "图表": 1,
    "diagnosis": 2,
    "诊断": 2,
    "waves": 3,  # shown only for a plan of more than one year
    "分年计划": 3,
}


def page_titles() -> dict[str, str]:
    return {
        "quotes": tr("供应商报价"),
        "workloads": tr("业务系统"),
        "rules": tr("约束策略"),
        "plan": tr("优化方案"),
        "export": tr("导出"),
        "analysis": tr("分析"),
    }


def page_tip(key: str) -> str:
    return {
        "quotes": tr("第一步：各供应商的平台和报价"),
        "workloads": tr("第二步：本县的业务系统清单"),
        "rules": tr("第三步：预算、信创占比、供应商占比等规则"),
        "plan": tr("第四步：求解并查看方案"),
        "export": tr("第五步：导出方案工作簿"),
        "analysis": tr("分析：锁定风险、敏感性与情景"),
    }.get(key, "")


def _action(
    win: MainWindow, text: str, slot: Any, shortcut: Any = None, tip: str = "", icon: Any = None
) -> QAction:
    act = QAction(text, win)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    if tip:
        act.setToolTip(tip)
        act.setStatusTip(tip)
    if icon is not None:
        act.setIcon(win.style().standardIcon(icon))
    act.triggered.connect(slot)
    return act


def build_navigation(
    win: MainWindow, titles: dict[str, str], tip: Any
) -> tuple[QListWidget, QStackedWidget]:
    """The numbered page list on the left and the stack of pages it switches."""
    nav = QListWidget()
    nav.setObjectName("navigation")
    nav.setFixedWidth(150)
    nav.setSpacing(2)
    nav.setStyleSheet(
        "QListWidget { font-size: 14px; border: none; background: palette(window); }"
        "QListWidget::item { padding: 10px 8px; border-radius: 4px; }"
        "QListWidget::item:selected { background: #1f4e78; color: white; }"
    )
    stack = QStackedWidget()
    for i, (key, page) in enumerate(win.pages.items(), start=1):
        item = QListWidgetItem(f"{i}  {titles[key]}")
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(tip(key))
        nav.addItem(item)
        stack.addWidget(page)
    nav.currentRowChanged.connect(stack.setCurrentIndex)
    return nav, stack


def build_actions(win: MainWindow) -> None:
    """Create win.act_* (the commands of menus, toolbar and shortcuts)."""
    SP = QStyle.StandardPixmap
    SK = QKeySequence.StandardKey
    files = win.files
    win.act_new = _action(
        win, tr("新建项目"), files.new_project, SK.New, tr("新建空白项目"), SP.SP_FileIcon
    )
    win.act_new_county = _action(
        win,
        tr("新建县项目…"),
        lambda: county_guide.open_guide(win),
        tip=tr("分步向导：供应商报价单 → 系统清单 → 规则 → 求解 → 导出"),
    )
    win.act_open = _action(
        win,
        tr("打开…"),
        lambda: files.open_dialog(),
        SK.Open,
        tr("打开项目文件（.yunce）或标准输入工作簿（.xlsx）"),
        SP.SP_DialogOpenButton,
    )
    win.act_save = _action(
        win, tr("保存"), lambda: files.save(), SK.Save, tr("保存项目文件"), SP.SP_DialogSaveButton
    )
    win.act_save_as = _action(
        win, tr("另存为…"), lambda: files.save_as(), "Ctrl+Shift+S", tr("把项目保存为新文件")
    )
    win.act_import_quotes = _action(
        win, tr("导入报价工作簿…"), lambda: files.import_sheets(("platforms", "prices"))
    )
    win.act_import_vendor = _action(
        win,
        tr("导入供应商报价单…"),
        lambda: files.import_vendor_file("quote"),
        tip=tr("读取供应商自己的报价单（任意版式），识别各列后导入"),
    )
    win.act_import_workloads = _action(
        win, tr("导入系统清单…"), lambda: files.import_vendor_file("inventory")
    )
    win.act_rfq = _action(
        win,
        tr("生成询价单…"),
        lambda: _rfq(win),
        tip=tr("按本县的系统清单为每家供应商生成询价单，供应商填好后可直接导入"),
    )
    win.act_export = _action(
        win,
        tr("导出方案工作簿…"),
        lambda: files.export_plan(),
        "Ctrl+E",
        tr("把方案写成 Excel 工作簿"),
        SP.SP_DriveFDIcon,
    )
    win.export_page.export_label_changed.connect(win.act_export.setText)
    # a refused solve's 输入有 n 处错误 over the plan goes once the inputs have no errors again
    win.validated.connect(
        lambda: None if win.project.validation.errors else win.plan_page.input_fixed()
    )
    win.act_quit = _action(win, tr("退出"), win.close, SK.Quit)
    win.act_undo = win.project.undo.createUndoAction(win, tr("撤销"))
    win.act_undo.setShortcut(SK.Undo)
    win.act_redo = win.project.undo.createRedoAction(win, tr("重做"))
    win.act_redo.setShortcut(SK.Redo)
    win.act_add_row = _action(
        win, tr("添加行"), win.add_row, "Ctrl+Shift+N", tr("在当前表格末尾添加一行")
    )
    win.act_delete_rows = _action(win, tr("删除行"), win.delete_rows, "Ctrl+-", tr("删除选中的行"))
    win.act_solve = _action(
        win, tr("求解"), win.solve, "F5", tr("按当前数据和规则求解 (F5)"), SP.SP_MediaPlay
    )
    win.act_cancel = _action(
        win, tr("取消求解"), win.cancel_solve, "Esc", tr("停止正在进行的求解"), SP.SP_MediaStop
    )
    win.act_cancel.setEnabled(win.session.running)
    win.act_problems = win.problems_dock.toggleViewAction()
    win.act_problems.triggered.connect(win.pin_problems)
    win.act_problems.setText(tr("问题面板"))
    win.act_sample = _action(
        win, tr("打开示例县"), files.open_sample, tip=tr("打开内置的示例县（青山县）数据")
    )
    win.act_about = _action(win, tr("关于云策"), win.about)
    office.add_actions(win)  # 复制/剪切/粘贴/查找, 使用手册 (F1), 方案摘要 PDF, 打印预览


def _rfq(win: MainWindow) -> None:
    from ui.app.vendor_import import rfq_from_project

    written = rfq_from_project(win, win.project)
    if written:
        win.statusBar().showMessage(
            tr("询价单已写出：{files}").format(files="，".join(str(p) for p in written)), 10000
        )


def build_menus(win: MainWindow) -> None:
    mb = win.menuBar()
    mb.clear()
    m = mb.addMenu(tr("文件(&F)"))
    m.addActions([win.act_new, win.act_new_county, win.act_open])
    win.recent_menu = m.addMenu(tr("最近打开"))
    fill_recent_menu(win)
    m.addActions([win.act_save, win.act_save_as])
    m.addSeparator()
    m.addActions(
        [win.act_import_vendor, win.act_import_quotes, win.act_import_workloads, win.act_rfq]
    )
    m.addSeparator()
    m.addAction(win.act_export)
    office.fill_file_menu(win, m)
    m.addSeparator()
    m.addAction(win.act_quit)
    e = mb.addMenu(tr("编辑(&E)"))
    e.addActions([win.act_undo, win.act_redo])
    e.addSeparator()
    e.addActions([win.act_add_row, win.act_delete_rows])
    office.fill_edit_menu(win, e)
    s = mb.addMenu(tr("求解(&S)"))
    s.addActions([win.act_solve, win.act_cancel])
    v = mb.addMenu(tr("视图(&V)"))
    v.addAction(win.act_problems)
    v.addSeparator()
    titles = page_titles()
    for i, key in enumerate(win.pages, start=1):
        v.addAction(_action(win, titles[key], lambda _=False, k=key: win.show_page(k), f"Ctrl+{i}"))
    lang = mb.addMenu(tr("语言(&L)"))
    group = QActionGroup(win)
    for code, name in (("zh", "中文"), ("en", "English")):
        act = QAction(name, win, checkable=True)
        act.setChecked(i18n.current_lang() == code)
        act.triggered.connect(lambda _=False, c=code: win.set_language(c))
        group.addAction(act)
        lang.addAction(act)
    win.lang_actions = group
    h = mb.addMenu(tr("帮助(&H)"))
    h.addAction(win.act_sample)
    h.addAction(win.act_about)
    office.fill_help_menu(win, h)


def build_toolbar(win: MainWindow) -> QToolBar:
    tb = QToolBar(tr("工具栏"), win)
    tb.setObjectName("mainToolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    tb.addActions([win.act_open, win.act_save])
    tb.addSeparator()
    tb.addActions([win.act_undo, win.act_redo])
    tb.addSeparator()
    tb.addActions([win.act_solve, win.act_cancel])
    tb.addSeparator()
    tb.addAction(win.act_export)
    win.addToolBar(tb)
    return tb


def fill_recent_menu(win: MainWindow) -> None:
    menu = getattr(win, "recent_menu", None)
    if menu is None:
        return
    menu.clear()
    files = app_settings.recent_files()
    for f in files:
        menu.addAction(Path(f).name, lambda f=f: win.files.open_path(f)).setToolTip(f)
    if not files:
        menu.addAction(tr("（无）")).setEnabled(False)
    else:
        menu.addSeparator()

        def clear() -> None:
            app_settings.clear_recent_files()
            fill_recent_menu(win)

        menu.addAction(tr("清除列表"), clear)
