"""The main window's first size and place: it fits the screen it opens on.

A county office screen is often 1366×768, or 1920×1080 at 150 % (1280×720 to Qt). The window
opens at its comfortable size where that fits the available area (screen less task bars),
maximised where it does not, and at the size and place the user left it otherwise — moved and
shrunk into the available area when the saved place is off every screen now (a laptop that
left its big monitor, a lower resolution).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMainWindow

#: The size at which every page shows without scrolling (the old fixed first size).
COMFORTABLE = QSize(1360, 860)


def _screen_for(win: QMainWindow) -> QScreen | None:
    return win.screen() or QGuiApplication.primaryScreen()


def fits(size: QSize, area: QRect) -> bool:
    return size.width() <= area.width() and size.height() <= area.height()


def restore_or_default(win: QMainWindow, saved: object = None) -> bool:
    """The saved geometry (True), or the comfortable size (False); nothing depends on the screen
    yet, so a window made in a test has the same size everywhere."""
    if isinstance(saved, QByteArray | bytes) and saved and win.restoreGeometry(QByteArray(saved)):
        return True
    win.resize(COMFORTABLE)
    return False


def first_geometry(win: QMainWindow, saved: object = None) -> str:
    """Size and place win before it is first shown (the app's start); returns what was done:
    'restored', 'moved' (restored, then brought back onto a screen), 'comfortable' or 'maximised'.
    """
    if restore_or_default(win, saved):
        return "moved" if bring_onto_screen(win) else "restored"
    screen = _screen_for(win)
    if screen is None:  # pragma: no cover - there is always a screen, even offscreen
        win.resize(COMFORTABLE)
        return "comfortable"
    area = screen.availableGeometry()
    frame = _frame_extra(win)
    if fits(COMFORTABLE + frame, area):
        win.resize(COMFORTABLE)
        win.move(area.center() - QRect(0, 0, COMFORTABLE.width(), COMFORTABLE.height()).center())
        return "comfortable"
    win.resize(area.size() - frame)  # the normal size when it is un-maximised
    win.move(area.topLeft())
    win.setWindowState(win.windowState() | Qt.WindowState.WindowMaximized)
    return "maximised"


def bring_onto_screen(win: QMainWindow) -> bool:
    """Move and shrink win into the available area of the screen it is mostly on; True if moved."""
    if win.isMaximized() or win.isFullScreen():
        return False
    rect = QRect(win.pos(), win.size() + _frame_extra(win))
    screens = QGuiApplication.screens()
    if not screens:  # pragma: no cover
        return False
    best = max(screens, key=lambda s: _overlap(rect, s.availableGeometry()))
    area = best.availableGeometry()
    if area.contains(rect):
        return False
    size = rect.size().boundedTo(area.size())
    x = min(max(rect.x(), area.left()), area.right() + 1 - size.width())
    y = min(max(rect.y(), area.top()), area.bottom() + 1 - size.height())
    win.resize((size - _frame_extra(win)).expandedTo(win.minimumSize().boundedTo(area.size())))
    win.move(x, y)
    if not fits(win.size(), area):  # still too big (a minimum size): fill the screen instead
        win.setWindowState(win.windowState() | Qt.WindowState.WindowMaximized)
    return True


def _overlap(a: QRect, b: QRect) -> int:
    r = a.intersected(b)
    return max(0, r.width()) * max(0, r.height())


def _frame_extra(win: QMainWindow) -> QSize:
    """What the window manager's frame adds (0 before the window is shown the first time)."""
    if not win.isVisible():
        return QSize(0, 0)
    return win.frameGeometry().size() - win.geometry().size()


def problems_height(win: QMainWindow) -> int:
    """Height of the problems panel when it opens: a summary line and about four problems, less
    on a low window, so the table being fixed keeps at least eight rows above it."""
    return max(130, min(200, int(win.height() * 0.2)))
