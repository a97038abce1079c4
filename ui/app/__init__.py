"""The Yunce desktop app (PySide6). ``yunce gui`` calls :func:`run_app`.

Kept free of Qt imports at module level: the solve child process imports
``ui.app.solve_child`` and must not pay for (or depend on) Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_gui_arguments", "run_app"]

CJK_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
)


def add_gui_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``yunce gui`` (the parser already has INPUT and --sample)."""
    parser.add_argument("--solve", action="store_true", help="打开后立即求解")
    parser.add_argument(
        "--page",
        metavar="NAME",
        help="打开后显示的页面：quotes(供应商报价) workloads(业务系统) rules(约束策略) plan(优化方案，也可 plan:charts / plan:diagnosis / plan:waves 分年计划) analysis(分析) export(导出)",
    )
    parser.add_argument(
        "--lang", choices=["zh", "en"], help="界面语言（默认中文，或上次选择的语言）"
    )
    parser.add_argument("--screenshot", metavar="OUT.png", help="离屏渲染窗口并保存为 PNG 后退出")
    parser.add_argument(
        "--size",
        default="1360x860",
        metavar="WxH",
        help="截图窗口大小（默认 1360x860；手册截图用 1280x720）",
    )


def _pick_font(app: Any) -> None:
    from PySide6.QtGui import QFont, QFontDatabase

    families = set(QFontDatabase.families())
    for name in CJK_FONTS:
        if name in families:
            font = QFont(name)
            font.setPointSizeF(max(app.font().pointSizeF(), 9.5))
            app.setFont(font)
            return


def make_application(argv: list[str] | None = None) -> Any:
    """The QApplication (created once), with High-DPI, CJK font and the saved language."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else [sys.argv[0]])
        app.setApplicationName("Yunce")
        app.setOrganizationName("Yunce")
        app.setApplicationDisplayName("云策 Yunce")
        _pick_font(app)
    return app


def run_app(args: argparse.Namespace) -> int:
    """Open the window; with --screenshot render it offscreen to a PNG and exit."""
    screenshot = getattr(args, "screenshot", None)
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if screenshot:
        # never touch the user's settings or recovery file when only rendering a picture
        import tempfile

        os.environ.setdefault("YUNCE_CONFIG_DIR", tempfile.mkdtemp(prefix="yunce-shot-"))
    import multiprocessing

    multiprocessing.freeze_support()  # the solve runs in a child process, also in a frozen build
    from data.safe_write import ignore_file_size_signal

    ignore_file_size_signal()  # past a file-size limit a save fails with a message, not SIGXFSZ
    from ui.app import platform_check

    problem = platform_check.check()  # Qt would abort with a misleading hint: say what is missing
    if problem:
        platform_check.tell(problem)
        return 1
    app = make_application()
    from ui.app import i18n
    from ui.app import settings as app_settings
    from ui.app.i18n import tr
    from ui.app.main_window import MainWindow

    lang = getattr(args, "lang", None) or str(app_settings.settings().value("language", "zh"))
    i18n.set_language(lang)
    window = MainWindow(
        restore_settings=not screenshot, solve_mode=os.environ.get("YUNCE_SOLVE_MODE", "process")
    )
    recovered = False if screenshot else window.offer_recovery()
    input_path = getattr(args, "input", None)
    s = app_settings.settings()
    if input_path:
        window.open_path(Path(input_path), ask=False)
    elif getattr(args, "sample", False):
        window.open_sample()
    elif not recovered and not screenshot and str(s.value("first_run_done", "false")) != "true":
        window.open_sample()  # first start: something to look at
        s.setValue("first_run_done", "true")
    if getattr(args, "solve", False):
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        window.solve_finished.connect(loop.quit)
        window.solve_blocked.connect(loop.quit)
        if window.solve():
            QTimer.singleShot(600_000, loop.quit)
            loop.exec()
    if getattr(args, "page", None):
        try:
            window.show_page(args.page)
        except KeyError:
            print(
                tr(
                    "未知页面：{page}（可用：quotes workloads rules plan plan:charts plan:diagnosis analysis export）"
                ).format(page=args.page),
                file=sys.stderr,
            )
            window._closing_confirmed = True
            window.close()
            return 2
    if screenshot:
        return _screenshot(app, window, Path(screenshot), getattr(args, "size", "1360x860"))
    _install_excepthook(window)
    from ui.app import window_fit

    window_fit.first_geometry(window, window.saved_geometry)  # fits the screen; maximised if small
    window.show()
    return int(app.exec())


def _install_excepthook(window: Any) -> None:
    """An unexpected error in a slot: save the work for recovery, log it, tell the user."""
    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:  # type: ignore[no-untyped-def]
        try:
            window.autosave_now()
            from ui.cli import _log_internal_error

            where = _log_internal_error(exc)
            from PySide6.QtWidgets import QMessageBox

            from ui.app.i18n import tr

            QMessageBox.critical(
                window,
                tr("内部错误"),
                tr(
                    "发生了意外错误：{error}\n未保存的工作已自动保存，下次启动时可恢复。详细信息：{log}"
                ).format(error=f"{kind.__name__}: {exc}", log=where or "—"),
            )
        except Exception:  # noqa: BLE001 – never fail inside the error handler
            previous(kind, exc, tb)

    sys.excepthook = hook


def _screenshot(app: Any, window: Any, out: Path, size: str) -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.app.i18n import tr

    try:
        w, h = (int(x) for x in size.lower().split("x"))
    except ValueError:
        w, h = 1360, 860
    window.resize(w, h)
    window.show()
    for _ in range(
        200
    ):  # let layouts and charts settle, and background explanations finish (≤ 10 s)
        loop = QEventLoop()
        QTimer.singleShot(300 if _ == 0 else 50, loop.quit)
        loop.exec()
        if not window.plan_page.busy:
            break
    app.processEvents()
    pixmap = window.grab()
    window._closing_confirmed = True
    window.close()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from data.safe_write import WriteError, write_file
    from ui.app.i18n import loc

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        print(tr("无法生成截图：{out}").format(out=out), file=sys.stderr)
        return 1
    png = bytes(data.data())
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_file(out, lambda fh: fh.write(png))  # a regular file only, never half a PNG
    except (OSError, WriteError) as exc:
        reason = loc(exc.message) if isinstance(exc, WriteError) else str(exc)
        print(tr("无法写入截图：{out}").format(out=out) + f"（{reason}）", file=sys.stderr)
        return 2
    print(tr("截图已保存：{out}").format(out=out))
    return 0
