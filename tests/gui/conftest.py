"""pytest-qt fixtures for the desktop app: offscreen, isolated settings, no modal dialogs left open."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

try:  # the GUI tests need Qt and pytest-qt; without them they are not collected
    import PySide6  # noqa: F401
    import pytestqt  # noqa: F401
except ImportError:  # pragma: no cover
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own settings, recent files and recovery file."""
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("YUNCE_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def chinese(qapp):  # type: ignore[no-untyped-def]
    """Every test starts in Chinese, whatever an earlier test switched to."""
    from ui.app import i18n

    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.fixture(autouse=True)
def no_leftover_windows(qapp):  # type: ignore[no-untyped-def]
    """The windows a test closed are deleted when it ends. pytest-qt closes them and calls
    deleteLater, which Qt carries out only inside a running event loop; without this, every
    earlier test's windows stay alive (nine main windows, 7,000 widgets late in the suite), and
    events the app sends to every window (a modal progress dialog blocks them all) reach
    thousands of widgets — a stall a user with one window never sees."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def _confirm_close(w) -> None:  # type: ignore[no-untyped-def]
    w._closing_confirmed = True  # never a modal "unsaved changes" prompt at teardown
    w.solver.shutdown()


@pytest.fixture
def make_window(qtbot):  # type: ignore[no-untyped-def]
    """Factory for main windows; closes them without prompts and waits for solves to stop."""
    from ui.app.main_window import MainWindow

    windows = []

    def make(**kw):  # type: ignore[no-untyped-def]
        w = MainWindow(restore_settings=False, **kw)
        qtbot.addWidget(w, before_close_func=_confirm_close)
        windows.append(w)
        return w

    yield make
    for w in windows:
        _confirm_close(w)


@pytest.fixture
def window(make_window):  # type: ignore[no-untyped-def]
    return make_window()


@pytest.fixture
def sample_window(window):  # type: ignore[no-untyped-def]
    window.open_sample()
    window.validate()
    return window
