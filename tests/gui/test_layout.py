"""Issue 22 point 1: the window fits a county office screen and nothing on a page is cut.

Every visible control of every page (the plan page's three tabs, the window's toolbar, status
bar and problems panel included) is walked offscreen at 1280×720, 1366×768 and 1280×720 at
150 % (QT_SCALE_FACTOR=1.5), each in its own process (tests/gui/layout_probe.py); a control
smaller than its size hint, or a wrapped label lower than its text, fails. The main table of
each data page keeps at least eight rows with the problems panel open.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from layout_probe import MAIN_TABLES, MIN_ROWS, PAGES  # noqa: E402

SCREENS = {
    "1280x720": (1280, 720, {}),
    "1366x768": (1366, 768, {}),
    "1280x720@150%": (1280, 720, {"QT_SCALE_FACTOR": "1.5"}),
}
#: Pages another change rewrites (plan and analysis merge): a failure there only from their
#: own widgets is expected until that lands, and must then be fixed (strict xfail).
REWRITTEN_ELSEWHERE: set[str] = set()

_cache: dict[str, dict] = {}  # type: ignore[type-arg]


def _probe(screen: str, tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    if screen not in _cache:
        width, height, extra = SCREENS[screen]
        out = tmp_path_factory.mktemp("layout") / "probe.json"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}
        done = subprocess.run(
            [sys.executable, str(HERE / "layout_probe.py"), str(width), str(height), str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        _cache[screen] = json.loads(out.read_text(encoding="utf-8"))
    return _cache[screen]


def _cases():  # type: ignore[no-untyped-def]
    for screen in SCREENS:
        for page in PAGES:
            marks = []
            if page.partition(":")[0] in REWRITTEN_ELSEWHERE:
                marks.append(pytest.mark.xfail(strict=True, reason="phase 2"))
            yield pytest.param(screen, page, marks=marks, id=f"{screen}-{page}")


@pytest.mark.parametrize(("screen", "page"), list(_cases()))
def test_no_control_is_smaller_than_it_asks(screen, page, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    result = _probe(screen, tmp_path_factory)[page]
    width, height, _ = SCREENS[screen]
    assert result["window"] == [width, height]
    assert not result["cut"], "\n".join(result["cut"])
    main = MAIN_TABLES.get(page)
    if main is not None:
        assert result["rows"][main] >= MIN_ROWS, result["rows"]


def test_the_probe_sees_a_cut_control(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The check itself: a squeezed button and a cut wrapped label are reported, a fine one not."""
    from layout_probe import cut_controls
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    lay = QVBoxLayout(root)
    fine = QPushButton("求解 (F5)")
    squeezed = QPushButton("设为最低可行费用")
    squeezed.setFixedWidth(40)
    note = QLabel("每年可用于政务云的总预算；一次性迁移、适配费用按规划年限分摊后计入。" * 3)
    note.setWordWrap(True)
    note.setFixedHeight(12)
    for w in (fine, squeezed, note):
        lay.addWidget(w)
    root.resize(400, 200)
    root.show()
    qtbot.waitExposed(root)
    found = cut_controls(root)
    assert any("设为最低可行费用" in f for f in found)
    assert any("每年可用于政务云" in f for f in found)
    assert not any("求解 (F5)" in f for f in found)


FIT_SCRIPT = """
import json, sys
from PySide6.QtCore import QByteArray
from ui.app import make_application, window_fit
from ui.app.main_window import MainWindow
app = make_application()
saved = QByteArray.fromBase64(sys.argv[1].encode()) if sys.argv[1] else None
win = MainWindow(restore_settings=False, solve_mode="thread")
how = window_fit.first_geometry(win, saved)
win.show()
app.processEvents()
frame = win.frameGeometry()
area = app.primaryScreen().availableGeometry()
print(json.dumps({"how": how, "maximised": win.isMaximized(), "size": [win.width(), win.height()],
                  "inside": area.contains(frame) or win.isMaximized(),
                  "geometry": bytes(win.saveGeometry().toBase64()).decode()}))
win._closing_confirmed = True
win.close()
"""


def _fit(tmp_path: Path, width: int, height: int, saved: str = "") -> dict:  # type: ignore[type-arg]
    config = tmp_path / f"screen{width}x{height}.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "office",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", FIT_SCRIPT, saved],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_first_window_fits_the_screen_and_a_saved_place_is_brought_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    big = _fit(tmp_path, 1920, 1080)
    assert big["how"] == "comfortable" and big["size"] == [1360, 860] and big["inside"]
    for width, height in ((1366, 768), (1280, 720)):
        small = _fit(tmp_path, width, height)
        assert small["how"] == "maximised" and small["maximised"], small
        w, h = small["size"]  # all of the screen but the window frame, nothing off it
        assert width - 10 <= w <= width and height - 10 <= h <= height, small
    # a window left at 1360×860 on a big screen, started again on 1280×720: on the screen
    shrunk = _fit(tmp_path, 1280, 720, big["geometry"])
    assert shrunk["inside"], shrunk
    assert shrunk["size"][0] <= 1280 and shrunk["size"][1] <= 720
