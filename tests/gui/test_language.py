"""Issue 22 point 3: Chinese everywhere in Chinese mode, English in English mode.

Qt's own dialogs and buttons are translated (qtbase_zh_CN plus ui/i18n/qt_gaps_zh_CN), and a
scan of every action, button, label, tab, group box, dock title, header and tooltip of the main
window, its pages and its dialogs finds no text of the other language: in Chinese mode no Latin
word but the allowed terms (vCPU, Excel, F5 …); in English mode no Chinese but 信创, the 中文
menu entry and the county's own data (vendor, platform, system and county names).
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTabWidget,
    QWidget,
)

#: Latin words a Chinese user sees as they are (product names, units, keys, file types).
LATIN_OK = {
    "vcpu",
    "vcpus",
    "excel",
    "wps",
    "pdf",
    "png",
    "csv",
    "xlsx",
    "xls",
    "ods",
    "yunce",
    "hhi",
    "mlps",
    "gb",
    "mbps",
    "tb",
    "ctrl",
    "shift",
    "esc",
    "alt",
    "tab",
    "english",
    "a4",
    "highs",
    "cbc",
    "qt",
    "pyside6",
    "python",
    "pulp",
    "cpu",
    "os",
    "x86",
    "uos",
    "linux",
    "windows",
    "id",
    "ok",
    "utf",
    "gbk",
    "rfq",
    "sha",
    "lgpl",
    "mit",
    "epl",
    "gpl",
    "bsd",
    "apache",
    "pandas",
    "openpyxl",
    "numpy",
    "calamine",
    "ppt",
    "json",
    "ini",
    "ceil",
    "ecs",
}
#: Chinese an English user meets on purpose: the 信创 term, the 中文 menu entry, the app's name,
#: and what the workbooks accept as typed (元 as a unit, 9折 as a discount).
CJK_OK = {"信创", "中文", "云策", "元", "折"}
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_TAGS = re.compile(r"<[^>]+>")


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every visible-to-a-person string under root."""
    out: list[tuple[str, str]] = []

    def add(where: str, text: object) -> None:
        if isinstance(text, str) and text.strip():
            out.append((where, _TAGS.sub(" ", text).replace("&nbsp;", " ")))

    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue  # another page (walked when it is shown), or a widget on its way out
        name = f"{type(w).__name__}[{w.objectName()}]"
        add(f"{name}.toolTip", w.toolTip())
        if isinstance(w, QAbstractButton):
            add(f"{name}.text", w.text())
        elif isinstance(w, QLabel):
            add(f"{name}.text", w.text())
        elif isinstance(w, QGroupBox):
            add(f"{name}.title", w.title())
        elif isinstance(w, QDockWidget):
            add(f"{name}.title", w.windowTitle())
        elif isinstance(w, QLineEdit):
            add(f"{name}.placeholder", w.placeholderText())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(f"{name}.tab", w.tabText(i))
                add(f"{name}.tabTip", w.tabToolTip(i))
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(f"{name}.item", w.itemText(i))
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                add(f"{name}.item", w.item(i).text())
                add(f"{name}.itemTip", w.item(i).toolTip())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            for c in range(m.columnCount()):
                add(f"{name}.header", m.headerData(c, Qt.Orientation.Horizontal))
                add(
                    f"{name}.headerTip",
                    m.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole),
                )
    for act in reachable_actions(root):
        add(f"QAction.text[{act.objectName()}]", act.text())
        add(f"QAction.tip[{act.text()}]", act.toolTip())
        add(f"QAction.statusTip[{act.text()}]", act.statusTip())
        if act.menu() is not None:
            add("QMenu.title", act.menu().title())
    return out


def reachable_actions(root: QWidget) -> list[QAction]:
    """The actions a person can reach: the menu bar's menus (and their sub-menus), toolbars and
    the widgets' own actions (not actions left over from before a language switch)."""
    from PySide6.QtWidgets import QMainWindow, QMenu

    found: list[QAction] = []

    def walk(actions) -> None:  # type: ignore[no-untyped-def]
        for act in actions:
            if act in found:
                continue
            found.append(act)
            if act.menu() is not None:
                walk(act.menu().actions())

    if isinstance(root, QMainWindow):
        walk(root.menuBar().actions())
    for w in [root, *root.findChildren(QWidget)]:
        if (w is root or w.isVisibleTo(root)) and not isinstance(w, QMenu):
            walk(w.actions())
    return found


def data_words(window) -> set[str]:  # type: ignore[no-untyped-def]
    """Every text value of the county's own tables (names are data, not the app's words)."""
    words = {window.project.name, window.project.title}
    for model in window.project.models.values():
        for rec in model.records():
            words.update(str(v) for v in rec.values() if isinstance(v, str))
    return {w for w in words if w}


def foreign(texts: list[tuple[str, str]], lang: str, data: set[str]) -> list[str]:
    bad = []
    for where, text in texts:
        if lang == "zh":
            words = [w for w in _LATIN.findall(text) if w.lower() not in LATIN_OK]
            words = [w for w in words if len(w) > 1 and not any(ch.isdigit() for ch in w)]
            if words and not any(w in d for d in data for w in words):
                bad.append(f"{where}: {text!r} ({' '.join(words)})")
        else:
            rest = text
            for d in sorted(data, key=len, reverse=True):
                rest = rest.replace(d, " ")
            words = [w for w in _CJK.findall(rest) if w not in CJK_OK]
            if words:
                bad.append(f"{where}: {text!r} ({' '.join(words)})")
    return bad


def _walk(window, qtbot):  # type: ignore[no-untyped-def]
    """Texts of every page (each plan tab), the menus and the status bar."""
    texts = []
    for page in (
        "quotes",
        "workloads",
        "rules",
        "plan:allocation",
        "plan:charts",
        "plan:diagnosis",
        "analysis",
        "export",
    ):
        window.show_page(page)
        qtbot.wait(20)
        texts += texts_of(window)
    return texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_of_the_other_language_in_the_window(qtbot, sample_window, lang) -> None:  # type: ignore[no-untyped-def]
    w = sample_window
    w.show()
    w.project.set_rule("min_vendors", 2)  # an undo step pushed in Chinese
    w.project.set_rule("min_vendors", 3)
    w.set_language(lang, remember=False)
    with qtbot.waitSignal(w.solve_finished, timeout=120_000):
        assert w.solve()
    w.problems_dock.show()
    texts = _walk(w, qtbot)
    assert len(texts) > 300  # the scan reaches the pages, not just the frame
    bad = foreign(texts, lang, data_words(w))
    assert not bad, "\n".join(bad)
    undo = w.act_undo.text()
    assert undo == ("撤销 修改约束" if lang == "zh" else "Undo Change rule"), undo


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dialogs_speak_the_language(qtbot, sample_window, lang) -> None:  # type: ignore[no-untyped-def]
    """Qt's own dialogs (message box, file dialog, print preview) and the app's (manual, find
    bar, 新建县项目 guide, about) in the mode's language."""
    from ui.app import help_window, office

    w = sample_window
    w.set_language(lang, remember=False)
    w.show()
    data = data_words(w)
    dialogs: list[QWidget] = []
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "x",
        "y",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
    )
    dialogs.append(box)
    buttons = {b.text().replace("&", "") for b in box.findChildren(QDialogButtonBox)[0].buttons()}
    assert buttons == (
        {"保存", "丢弃", "取消"} if lang == "zh" else {"Save", "Discard", "Cancel"}
    ), buttons
    files = QFileDialog(w)
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.show()
    dialogs.append(files)
    with qtbot.waitSignal(w.solve_finished, timeout=120_000):
        assert w.solve()
    preview = w.export_page.print_preview(show=False)
    preview.show()
    dialogs.append(preview)
    dialogs.append(help_window.show_help(w, "page-rules"))
    w.show_page("quotes")
    w.table_view("prices").setFocus()
    dialogs.append(office.find(w))
    from ui.app.county_guide import CountyGuide

    dialogs.append(CountyGuide(w))  # 新建县项目's guide, with the sample county read
    w.act_about.trigger()
    from ui.app.about import AboutDialog

    dialogs += w.findChildren(AboutDialog)
    bad = []
    for d in dialogs:
        texts = [(where, t) for where, t in texts_of(d) if ".item" not in where]  # paper sizes
        bad += foreign(texts, lang, data)
    for d in dialogs:
        d.close()
    assert not bad, "\n".join(bad)
