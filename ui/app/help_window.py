"""帮助 → 使用手册 (F1): the manual shipped with the app, in a browser with contents and search.

The manual is HTML in ``ui/help/manual_zh.html`` (and ``manual_en.html`` for the English mode),
with screenshots in ``ui/help/images`` (``docs/screenshots/make_help_screenshots.sh`` takes them
again at 1280×720). The list of rules is not written by hand: ``<!--RULES-->`` is replaced by
the rule registry's names (planner.rules) and the rules page's explanations, so a new rule
appears in the manual by itself. F1 opens the section of the page being shown.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.app.i18n import current_lang, tr

HELP_DIR = Path(__file__).resolve().parent.parent / "help"
#: The manual section (anchor) F1 opens on each page.
PAGE_SECTIONS = {
    "quotes": "page-quotes",
    "workloads": "page-workloads",
    "rules": "page-rules",
    "plan": "page-plan",
    "analysis": "page-analysis",
    "export": "page-export",
}
_HEADING = re.compile(r"<h([23])[^>]*>\s*<a name=\"([\w-]+)\"></a>(.*?)</h\1>", re.S)


def page_section(page: str) -> str:
    """The anchor of a page's section ('' for the start of the manual)."""
    return PAGE_SECTIONS.get(page, "")


def manual_path(lang: str | None = None) -> Path:
    lang = lang or current_lang()
    path = HELP_DIR / f"manual_{lang}.html"
    return path if path.is_file() else HELP_DIR / "manual_zh.html"


def rules_html(lang: str | None = None) -> str:
    """A table of every rule the user sets, named as the registry names it, with its meaning."""
    from data.project_file import RULE_KEYS
    from planner.rules import RULES, SYSTEM_RULE_KEYS, rule
    from ui.app.rules_page import EXPLAIN

    lang = lang or current_lang()
    rows = []
    for r in RULES:
        if r.key in RULE_KEYS:
            meaning = EXPLAIN.get(r.key, lambda: "")()
            rows.append((r.label.zh if lang == "zh" else r.label.en, meaning))
    sensitive = rule("sensitive_data_private")
    if "sensitive_data_private" not in RULE_KEYS:
        rows.append(
            (
                sensitive.label.zh if lang == "zh" else sensitive.label.en,
                tr("数据分级为核心或重要的系统只能放在私有云（政务私有云、专属云）平台上。"),
            )
        )
    per_system = {
        "pin": tr("系统只能放在指定的供应商（和平台）上，例如合同未到期的系统。"),
        "forbid": tr("系统不得使用某家供应商（或某个平台）。"),
        "no_public": tr("系统不得放在公有云平台上。"),
        "same_platform": tr("列出的几个系统必须放在同一个平台上（例如互相频繁调用）。"),
        "different_vendor": tr("列出的几个系统必须放在不同供应商上（例如主备系统）。"),
    }
    for key in SYSTEM_RULE_KEYS:  # the registry's names of the per-system rule families
        r = rule(key)
        name = r.label.zh if lang == "zh" else r.label.en
        rows.append((tr("指定规则：{name}").format(name=name), per_system.get(key, "")))
    body = "".join(
        f"<tr><td><b>{html.escape(n)}</b></td><td>{html.escape(m)}</td></tr>" for n, m in rows
    )
    return (
        "<table border='1' cellspacing='0' cellpadding='5' width='100%'>"
        f"<tr><th align='left'>{html.escape(tr('规则'))}</th>"
        f"<th align='left'>{html.escape(tr('含义'))}</th></tr>{body}</table>"
    )


def manual_html(lang: str | None = None) -> str:
    """The manual in lang (the current language by default), rules table filled in."""
    text = manual_path(lang).read_text(encoding="utf-8")
    return text.replace("<!--RULES-->", rules_html(lang))


def sections(text: str) -> list[tuple[int, str, str]]:
    """(level 2|3, anchor, title) of every heading with an anchor, in order."""
    return [
        (int(level), anchor, html.unescape(re.sub(r"<[^>]+>", "", title)).strip())
        for level, anchor, title in _HEADING.findall(text)
    ]


def section_texts(text: str) -> dict[str, str]:
    """anchor → the plain text of its section (up to the next heading), for the search."""
    marks = [(m.start(), m.group(2)) for m in _HEADING.finditer(text)]
    out = {}
    for i, (start, anchor) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        out[anchor] = html.unescape(re.sub(r"<[^>]+>", " ", text[start:end]))
    return out


class HelpWindow(QWidget):
    """The manual: contents on the left (filtered by the search), the text on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("helpWindow")
        self.setWindowTitle(tr("云策使用手册"))
        self.resize(1000, 640)
        self.lang = current_lang()
        text = manual_html(self.lang)
        self.texts = section_texts(text)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("helpSearch")
        self.search.setPlaceholderText(tr("搜索手册…"))
        self.search.setToolTip(tr("输入文字：目录只显示含有它的章节；回车跳到下一处"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.find_next)
        self.found = QLabel("")
        self.next_button = QPushButton(tr("下一处"))
        self.next_button.clicked.connect(self.find_next)
        top.addWidget(QLabel(tr("搜索：")))
        top.addWidget(self.search, 1)
        top.addWidget(self.next_button)
        top.addWidget(self.found)
        lay.addLayout(top)
        splitter = QSplitter()
        self.contents = QTreeWidget()
        self.contents.setObjectName("helpContents")
        self.contents.setHeaderLabel(tr("目录"))
        self.contents.itemClicked.connect(lambda item, _c: self.show_section(item.data(0, 256)))
        self.contents.itemActivated.connect(lambda item, _c: self.show_section(item.data(0, 256)))
        parent_item: QTreeWidgetItem | None = None
        self.items: dict[str, QTreeWidgetItem] = {}
        for level, anchor, title in sections(text):
            if level == 2 or parent_item is None:
                item = QTreeWidgetItem(self.contents, [title])
                parent_item = item
            else:
                item = QTreeWidgetItem(parent_item, [title])
            item.setData(0, 256, anchor)
            self.items[anchor] = item
        self.contents.expandAll()
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(HELP_DIR)])
        self.browser.setHtml(text)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setSizes([260, 740])
        lay.addWidget(splitter, 1)

    def show_section(self, anchor: str) -> None:
        """Scroll to a section ('' = the start)."""
        if anchor:
            self.browser.scrollToAnchor(anchor)
            item = self.items.get(anchor)
            if item is not None:
                self.contents.setCurrentItem(item)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def _filter(self, text: str) -> None:
        """List only the sections whose text contains the search (and their chapters)."""
        needle = text.strip().casefold()
        hits = 0
        for anchor, item in self.items.items():
            match = not needle or needle in self.texts.get(anchor, "").casefold()
            hits += bool(needle and match)
            item.setHidden(not match)
        for item in self.items.values():  # a chapter stays listed while a section of it matches
            if any(not item.child(i).isHidden() for i in range(item.childCount())):
                item.setHidden(False)
        self.found.setText(tr("{n} 个章节").format(n=hits) if needle else "")

    def find_next(self) -> bool:
        """Select the next place the search text occurs (from the top again at the end)."""
        needle = self.search.text().strip()
        if not needle:
            return False
        if self.browser.find(needle):
            return True
        cursor = self.browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        found = self.browser.find(needle, QTextDocument.FindFlag(0))
        if not found:
            self.found.setText(tr("未找到"))
        return found


def show_help(win: QWidget, anchor: str = "") -> HelpWindow:
    """Open (or raise) the manual at anchor; a language switch opens it in the new language."""
    help_window = getattr(win, "_help_window", None)
    if not isinstance(help_window, HelpWindow) or help_window.lang != current_lang():
        help_window = HelpWindow(win)
        win._help_window = help_window  # type: ignore[attr-defined]
    help_window.show()
    help_window.raise_()
    help_window.activateWindow()
    help_window.show_section(anchor)
    return help_window


def _noop_for_lupdate() -> None:  # pragma: no cover - texts used inside f-strings above
    tr("规则")
    tr("含义")
