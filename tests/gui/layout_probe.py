"""Walk the main window page by page and list every control smaller than it asks to be.

Used by tests/gui/test_layout.py in a subprocess (a screen of the size under test, optionally at
150 % device-pixel ratio): ``python tests/gui/layout_probe.py WIDTH HEIGHT OUT.json``. Prints
nothing; writes {page: {"cut": [...], "rows": {table: visible rows}, "window": [w, h]}}.

A control is "cut" when its width or height is below its size hint (buttons, spin boxes,
combo boxes, check boxes, tool buttons; one-line labels), or a word-wrapped label is lower
than the height its text needs at its width. Table rows are counted with the problems panel
open, as a person fixing errors sees them.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Pages walked on the sample county (the plan page's three tabs separately).
SAMPLE_PAGES = (
    "quotes",
    "workloads",
    "rules",
    "plan:allocation",
    "plan:charts",
    "plan:diagnosis",
    "analysis",
    "export",
)
#: Pages walked again on the year sample (2026–2028): the plan page with its year selector and
#: its 分年计划 tab, which only a plan of more than one year has.
YEAR_PAGES = ("plan:allocation", "plan:charts", "plan:waves")
YEARS = "years:"
PAGES = SAMPLE_PAGES + tuple(YEARS + p for p in YEAR_PAGES)
#: The table of each data page a person edits most; it must show at least MIN_ROWS rows.
MAIN_TABLES = {"quotes": "table_prices", "workloads": "table_workloads"}
MIN_ROWS = 8


def _describe(w) -> str:  # type: ignore[no-untyped-def]
    text = ""
    for attr in ("text", "title", "placeholderText"):
        f = getattr(w, attr, None)
        if callable(f):
            try:
                text = f() or text
            except TypeError:
                continue
    if not text and hasattr(w, "prefix"):
        text = f"{w.prefix()}…{w.suffix()}"
    owner = w.parentWidget()
    while owner is not None and not owner.objectName():
        owner = owner.parentWidget()
    where = owner.objectName() if owner is not None else ""
    return f"{type(w).__name__}[{w.objectName() or where}] {str(text)[:40]!r}"


def cut_controls(root, checked: list[str] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Visible controls under root smaller than their size hint (see the module docstring);
    checked, when given, collects every control looked at."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QTabBar,
        QWidget,
    )

    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root.window()) or not w.isVisible():
            continue
        parent = w.parentWidget()
        inside_view = False
        while parent is not None:
            if isinstance(parent, QAbstractItemView | QTabBar | QAbstractSpinBox | QComboBox):
                inside_view = True  # editors and the tab bar's own scroll buttons
                break
            parent = parent.parentWidget()
        if inside_view:
            continue
        size, hint = w.size(), w.sizeHint()
        if checked is not None and isinstance(
            w, QAbstractButton | QAbstractSpinBox | QComboBox | QLineEdit | QLabel
        ):
            checked.append(type(w).__name__)
        if isinstance(w, QAbstractButton | QAbstractSpinBox | QComboBox):
            if size.width() < hint.width() or size.height() < hint.height():
                found.append(
                    f"{_describe(w)} {size.width()}x{size.height()} < {hint.width()}x{hint.height()}"
                )
        elif isinstance(w, QLineEdit):
            if size.height() < hint.height():
                found.append(f"{_describe(w)} height {size.height()} < {hint.height()}")
        elif isinstance(w, QLabel) and w.text().strip():
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > 0 and size.height() < need:
                    found.append(f"{_describe(w)} height {size.height()} < {need}")
            elif w.pixmap().isNull() and (
                size.width() < hint.width() or size.height() < hint.height()
            ):
                found.append(
                    f"{_describe(w)} {size.width()}x{size.height()} < {hint.width()}x{hint.height()}"
                )
    return found


def visible_rows(view) -> float:  # type: ignore[no-untyped-def]
    """How many rows of a table view its viewport shows (whole or not)."""
    row = view.verticalHeader().defaultSectionSize()
    return view.viewport().height() / max(1, row)


def probe(width: int, height: int) -> dict:  # type: ignore[type-arg]
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QTableView

    from data.samples import sample_county_path
    from ui.app import make_application, window_fit
    from ui.app.main_window import MainWindow

    make_application()
    win = MainWindow(restore_settings=False, solve_mode="thread")

    def solve() -> None:
        win.validate()
        loop = QEventLoop()
        win.solve_finished.connect(loop.quit)
        if win.solve():
            QTimer.singleShot(120_000, loop.quit)
            loop.exec()
        win.solve_finished.disconnect(loop.quit)

    win.open_sample()
    solve()
    win.resize(width, height)
    win.show()
    win.problems_dock.show()  # as when the data has problems
    height_px = window_fit.problems_height(win)
    win.resizeDocks([win.problems_dock], [height_px], Qt.Orientation.Vertical)
    out: dict = {}  # type: ignore[type-arg]
    for page in PAGES:
        if page == YEARS + YEAR_PAGES[0]:
            with sample_county_path("sample_county_years.xlsx") as path:
                win.open_path(path, ask=False)
            solve()
        win.show_page(page.removeprefix(YEARS))
        settle = QEventLoop()
        QTimer.singleShot(100, settle.quit)
        settle.exec()
        key = page.removeprefix(YEARS).partition(":")[0]
        rows = {
            t.objectName(): round(visible_rows(t), 1)
            for t in win.pages[key].findChildren(QTableView)
            if t.isVisible() and t.objectName()
        }
        checked: list[str] = []
        out[page] = {
            "cut": cut_controls(win, checked),
            "checked": len(checked),
            "rows": rows,
            "window": [win.width(), win.height()],
        }
    win._closing_confirmed = True
    win.close()
    return out


def main() -> int:
    width, height, target = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "YUNCE_CONFIG_DIR" not in os.environ:  # never the user's own settings
        import tempfile

        os.environ["YUNCE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="yunce-probe-")
    target.write_text(json.dumps(probe(width, height), ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
