"""帮助 → 关于 (version, licences, data folder) and the 从这里开始 start guide."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402


@pytest.fixture(autouse=True)
def chinese(qapp):  # type: ignore[no-untyped-def]
    from ui.app import i18n

    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


def test_every_licence_notice_parses_and_covers_the_bundled_solvers_and_qt() -> None:
    from ui.app.about import licence_notices

    notices = licence_notices()
    by_licence = {n.name: n.licence for n in notices}
    assert by_licence["Qt 6"] == "LGPL-3.0"
    assert by_licence["HiGHS (highspy)"] == "MIT"
    assert by_licence["COIN-OR CBC"] == "EPL-1.0"
    assert any("PySide6" in n.name and n.licence == "LGPL-3.0" for n in notices)
    assert any("pandas" in n.name for n in notices)
    assert [n.order for n in notices] == sorted(n.order for n in notices)
    assert all(n.text for n in notices)
    assert "Permission is hereby granted" in next(n.text for n in notices if n.licence == "MIT")


def test_a_notice_without_its_header_is_an_error(tmp_path: Path) -> None:
    from ui.app.about import read_notice

    bad = tmp_path / "x.txt"
    bad.write_text("name: X\n\nsome text", encoding="utf-8")
    with pytest.raises(ValueError, match="licence"):
        read_notice(bad)


def test_about_shows_version_licences_and_data_folder(
    qtbot, config_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from importlib import metadata

    from PySide6.QtWidgets import QLabel

    from ui.app.about import show_about

    dialog = show_about(None)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.windowTitle() == "关于云策"
    assert metadata.version("yunce") in dialog.title.text()
    html = dialog.licences.toPlainText()
    for text in ("Qt 6", "LGPL-3.0", "HiGHS", "MIT", "CBC", "EPL-1.0", "pandas"):
        assert text in html
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert str(config_dir) in labels
    assert str(config_dir / "yunce.ini") in labels
    assert str(config_dir / "recovery.yunce") in labels
    assert str(tmp_path / "logs" / "yunce.log") in labels  # YUNCE_LOG_DIR (conftest)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "组件与许可证",
        "版本",
        "数据文件夹",
    ]
    dialog.close()


def test_about_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app import i18n
    from ui.app.about import show_about

    assert i18n.set_language("en")
    dialog = show_about(None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "About Yunce"
    assert dialog.tabs.tabText(0) == "Components and licences"
    assert dialog.tabs.tabText(2) == "Data folder"
    assert "Yunce includes the following open-source components" in dialog.licences.toPlainText()
    dialog.close()


def test_start_guide_names_the_county_and_its_buttons_work(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app.first_run import make_start_guide

    calls: list[str] = []
    guide = make_start_guide(lambda: calls.append("solve"), lambda: calls.append("open"))
    assert guide is not None
    qtbot.addWidget(guide)
    guide.show()
    assert "从这里开始" in guide.label.text()
    assert not guide.solve_button.isVisible()  # nothing open yet: nothing to solve
    guide.set_county("示例县（青山县）")
    assert "青山县" in guide.label.text() and guide.solve_button.isVisible()
    qtbot.mouseClick(guide.solve_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(guide.open_button, Qt.MouseButton.LeftButton)
    assert calls == ["solve", "open"]
    guide.set_county(None)
    assert "青山县" not in guide.label.text() and not guide.solve_button.isVisible()


def test_a_dismissed_start_guide_stays_away(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app import settings as app_settings
    from ui.app.first_run import make_start_guide

    guide = make_start_guide(lambda: None, lambda: None)
    assert guide is not None
    qtbot.addWidget(guide)
    guide.show()
    with qtbot.waitSignal(guide.dismissed, timeout=1000):
        qtbot.mouseClick(guide.close_button, Qt.MouseButton.LeftButton)
    assert not guide.isVisible()
    assert (
        app_settings.settings().value("start_guide_dismissed") == "true"
    )  # a new QSettings reads it
    assert make_start_guide(lambda: None, lambda: None) is None


def test_start_guide_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.app import i18n
    from ui.app.first_run import make_start_guide

    assert i18n.set_language("en")
    guide = make_start_guide(lambda: None, lambda: None)
    assert guide is not None
    qtbot.addWidget(guide)
    guide.set_county("Qingshan")
    assert guide.label.text().startswith("Start here: Qingshan is open.")
    assert guide.close_button.text() == "Don't show again"
