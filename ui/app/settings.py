"""Where the app keeps its settings, recent files and the crash-recovery file."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QMainWindow, QSplitter

MAX_RECENT = 8


def config_dir() -> Path:
    """YUNCE_CONFIG_DIR, or the platform's per-user app config folder."""
    env = os.environ.get("YUNCE_CONFIG_DIR")
    if env:
        path = Path(env)
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
        path = Path(base or Path.home() / ".yunce")
        if path.name.lower() not in ("yunce", "云策"):
            path = path / "yunce"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings() -> QSettings:
    """The app's settings, an INI file in config_dir() (readable, easy to reset)."""
    return QSettings(str(config_dir() / "yunce.ini"), QSettings.Format.IniFormat)


def recovery_path() -> Path:
    """Autosave target; present at start-up only when the last session did not close cleanly."""
    return config_dir() / "recovery.yunce"


def recent_files() -> list[str]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value] if value else []
    return [str(v) for v in (value or [])]


def add_recent_file(path: str | Path) -> list[str]:
    path = str(Path(path).resolve())
    files = [f for f in recent_files() if f != path]
    files.insert(0, path)
    files = files[:MAX_RECENT]
    settings().setValue("recent_files", files)
    return files


def clear_recent_files() -> None:
    settings().setValue("recent_files", [])


def restore_window_state(win: QMainWindow) -> None:
    """Docks, toolbars and splitter positions as the user left them."""
    s = settings()
    state = s.value("window_state")
    if isinstance(state, QByteArray | bytes) and state:
        win.restoreState(QByteArray(state))
    for splitter in win.findChildren(QSplitter):
        value = s.value(f"splitters/{splitter.objectName()}") if splitter.objectName() else None
        if isinstance(value, QByteArray | bytes) and value:
            splitter.restoreState(QByteArray(value))


def save_window_state(win: QMainWindow) -> None:
    s = settings()
    s.setValue("geometry", win.saveGeometry())
    s.setValue("window_state", win.saveState())
    for splitter in win.findChildren(QSplitter):
        if splitter.objectName():
            s.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
