"""Entry point of the frozen build (PyInstaller).

``yunce <command> ...`` runs the command line exactly like the pip-installed ``yunce``;
``yunce`` with no argument (a double-click) or with a single project/workbook path (a file
association) opens the desktop app, and so does the windowed ``yunce-gui`` launcher (Windows).

``YUNCE_STARTUP_PROBE=1`` measures the start time: the app exits right after the main window is
painted for the first time and prints ``startup-probe: first paint after N.NNN s`` (seconds since
this script started; the bundle's own unpacking before that is measured by the caller).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

STARTED = time.perf_counter()
COMMANDS = {"plan", "template", "gui", "import", "analyze", "prices", "rfq", "-h", "--help"}
OPENABLE = (".yunce", ".xlsx", ".xls", ".ods")


def cli_args(argv: list[str], gui_launcher: bool) -> list[str]:
    """The arguments for ``ui.cli.main``: a bare start or a file path opens the desktop app."""
    if gui_launcher or not argv:
        return ["gui", *argv]
    if argv[0] not in COMMANDS and len(argv) == 1 and argv[0].lower().endswith(OPENABLE):
        return ["gui", argv[0]]
    return argv


#: the Debian/UOS/Kylin packages of the system libraries the bundle leaves to the system (the
#: graphics stack must match the machine's drivers, so PyInstaller does not carry it)
SYSTEM_PACKAGES = {"libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0"}


def missing_library_message(exc: ImportError) -> str | None:
    """What to tell a user whose system lacks a library Qt loads ("libGL.so.1: cannot open shared
    object file"); None for any other import error (that one is a defect, reported as such)."""
    text = str(exc)
    if "cannot open shared object file" not in text:
        return None
    library = text.split(":", 1)[0].strip()
    package = SYSTEM_PACKAGES.get(library)
    install = f"sudo apt install {package}" if package else f"安装提供 {library} 的软件包"
    return (
        f"无法打开图形界面：本机缺少系统库 {library}（图形界面使用系统自带的 OpenGL 库，"
        f"安装包不携带它）。请安装后重试（统信 UOS、银河麒麟、Debian：{install}）。"
        "命令行功能（yunce plan、yunce analyze 等）不需要它，现在就能用。\n"
        f"Cannot open the desktop app: this system lacks the library {library} (the app uses the"
        f" system's OpenGL library, which the bundle does not carry). Install it and retry"
        f" ({'sudo apt install ' + package if package else 'the package that provides it'});"
        " the command line (yunce plan, yunce analyze, ...) does not need it."
    )


def _check_gui_libraries() -> str | None:
    """Load Qt's GUI modules before the app starts; a message if a system library is missing."""
    try:
        import PySide6.QtGui  # noqa: F401  (loads libQt6Gui and, through it, the system's libGL)
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        message = missing_library_message(exc)
        if message is None:
            raise
        return message
    return None


def _install_startup_probe() -> None:
    """Quit right after the first paint of the main window and print the elapsed time."""
    import ui.app as app_module

    make_application = app_module.make_application

    def probed(argv=None):  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QMainWindow

        app = make_application(argv)

        class Probe(QObject):
            done = False

            def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]  # noqa: N802
                if (
                    not self.done
                    and event.type() == QEvent.Type.Paint
                    and isinstance(obj, QMainWindow)
                ):
                    self.done = True
                    print(
                        f"startup-probe: first paint after {time.perf_counter() - STARTED:.3f} s",
                        flush=True,
                    )
                    print(f"startup-probe: window title {obj.windowTitle()}", flush=True)
                    obj._closing_confirmed = True  # no "save changes?" prompt
                    # close the window as a user would: closeEvent waits for the background
                    # check of the inputs; app.exit() here destroyed its QThread while running
                    QTimer.singleShot(0, obj.close)
                return False

        app._startup_probe = Probe(app)  # keep a reference
        app.installEventFilter(app._startup_probe)
        return app

    app_module.make_application = probed


def main() -> int:
    multiprocessing.freeze_support()  # a multiprocessing child re-enters here; it must stop here
    import planner.child as child

    if len(sys.argv) > 1 and sys.argv[1] == child.FROZEN_CHILD_FLAG:
        child.child_main()  # a solve or analysis in its own process (planner/child.py)
        return 0
    child.FROZEN_CHILD_SUPPORTED = True
    exe = os.path.basename(sys.executable).lower()
    gui_launcher = exe.startswith("yunce-gui")
    if os.environ.get("YUNCE_STARTUP_PROBE"):
        _install_startup_probe()
    args = cli_args(sys.argv[1:], gui_launcher)
    if args[:1] == ["gui"]:
        message = _check_gui_libraries()
        if message is not None:
            print(message, file=sys.stderr)
            return 1  # the contract's exit code for "not an input error": nothing was read
    from ui.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
