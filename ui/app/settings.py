"""Where the app keeps its settings, recent files and the crash-recovery file."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

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
