"""The main window shows the start guide and the new about box (once the lead wires the hooks).

ui/app/main_window.py is being split by another helper, so the two hooks are wired by the lead;
until then this test skips with that reason instead of passing vacuously.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402


@pytest.fixture
def make_window(qtbot):  # type: ignore[no-untyped-def]
    from ui.app import i18n
    from ui.app.main_window import MainWindow

    i18n.set_language("zh")
    windows = []

    def make():  # type: ignore[no-untyped-def]
        w = MainWindow(restore_settings=False)
        qtbot.addWidget(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w._closing_confirmed = True
        w.solver.shutdown()
    i18n.set_language("zh")


def test_window_shows_the_start_guide_and_the_about_box(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from ui.app.about import AboutDialog

    w = make_window()
    if not hasattr(w, "start_guide"):
        pytest.skip(
            "main_window hook for the start guide / about box not wired yet (see the install report)"
        )
    w.show()
    guide = w.start_guide
    assert guide is not None and guide.isVisible() and not guide.solve_button.isVisible()
    w.open_sample()
    assert "青山县" in guide.label.text() and guide.solve_button.isVisible()
    w.set_language(
        "en"
    )  # the UI is rebuilt; the new guide is in English and still names the county
    assert w.start_guide.label.text().startswith("Start here:")
    w.set_language("zh")
    w.act_about.trigger()
    about = w.findChildren(AboutDialog)
    assert about and about[0].isVisible()
    about[0].close()
    qtbot.mouseClick(w.start_guide.close_button, Qt.MouseButton.LeftButton)
    assert not w.start_guide.isVisible()
    assert make_window().start_guide is None  # dismissed for good
