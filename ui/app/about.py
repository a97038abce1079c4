"""帮助 → 关于云策: version, the bundled components and their licences, where the app keeps its files.

The licence notices are the text files in ``ui/licenses/`` (shipped in the wheel and in the frozen
build); each starts with ``name:``, ``licence:``, ``url:`` and ``order:`` lines, a blank line, then
the notice itself.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.app.i18n import tr
from ui.app.widgets import esc

UI_DIR = Path(__file__).resolve().parent.parent
LICENSES_DIR = UI_DIR / "licenses"
ICON_PATH = UI_DIR / "resources" / "yunce.png"


@dataclass(frozen=True)
class Notice:
    """One bundled component's licence notice."""

    name: str
    licence: str
    url: str
    text: str
    order: int = 99


def read_notice(path: Path) -> Notice:
    """Parse one ``ui/licenses/*.txt`` file (header lines, blank line, notice text)."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    missing = [k for k in ("name", "licence") if not fields.get(k)]
    if missing:
        raise ValueError(f"{path}: header line(s) {', '.join(missing)} missing")
    return Notice(
        name=fields["name"],
        licence=fields["licence"],
        url=fields.get("url", ""),
        text=body.strip(),
        order=int(fields.get("order", "99")),
    )


def licence_notices(folder: Path = LICENSES_DIR) -> list[Notice]:
    """Every notice in folder, in their display order."""
    return sorted((read_notice(p) for p in folder.glob("*.txt")), key=lambda n: (n.order, n.name))


def _dist_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def app_version() -> str:
    """Yunce's version (from the installed package metadata, also present in the frozen build)."""
    return _dist_version("yunce") or tr("未知")


def component_versions() -> list[tuple[str, str]]:
    """(component, version) of the main bundled components, for the about box and bug reports."""
    import PySide6

    rows = [
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
    ]
    for label, dist in (
        ("HiGHS (highspy)", "highspy"),
        ("PuLP", "pulp"),
        ("pandas", "pandas"),
        ("openpyxl", "openpyxl"),
    ):
        rows.append((label, _dist_version(dist) or "—"))
    return rows


def data_locations() -> list[tuple[str, Path]]:
    """(what, path) of the files the app writes: settings, crash-recovery file, log."""
    from ui.app.settings import config_dir, recovery_path
    from ui.cli import log_path

    return [
        (tr("数据文件夹"), config_dir()),
        (tr("设置文件"), config_dir() / "yunce.ini"),
        (tr("恢复文件（未正常退出时保存）"), recovery_path()),
        (tr("错误日志"), log_path()),
    ]


def licences_html(notices: list[Notice]) -> str:
    """The licence tab: a summary table, then each notice in full."""
    rows = "".join(
        f"<tr><td>{esc(n.name)}</td><td><b>{esc(n.licence)}</b></td>"
        f"<td><a href='{n.url}'>{esc(n.url)}</a></td></tr>"
        for n in notices
    )
    parts = [
        "<p>" + esc(tr("云策包含以下开源组件，各自按其许可证使用：")) + "</p>",
        f"<table cellspacing='0' cellpadding='3'>{rows}</table>",
    ]
    for n in notices:
        parts.append(f"<h4>{esc(n.name)} — {esc(n.licence)}</h4>")
        parts.append(f"<pre style='white-space: pre-wrap'>{esc(n.text)}</pre>")
    return "".join(parts)


class AboutDialog(QDialog):
    """Version and description, components and licences, data folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("关于云策"))
        self.resize(640, 520)
        lay = QVBoxLayout(self)

        head = QHBoxLayout()
        icon = QLabel()
        pixmap = QPixmap(str(ICON_PATH))
        if not pixmap.isNull():
            icon.setPixmap(
                pixmap.scaled(
                    64,
                    64,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        version = tr("版本 {version}").format(version=app_version())
        self.title = QLabel(f"<h2>云策 Yunce</h2><p>{esc(version)}</p>")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        intro = QLabel(
            tr(
                "云策 Yunce：县级政务云采购优化。\n读取供应商报价和业务系统清单，按预算、信创、数据安全和防锁定规则求出最省钱的方案，并导出 Excel 工作簿。"
            )
        )
        intro.setWordWrap(True)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(intro)
        head.addLayout(text, 1)
        lay.addLayout(head)

        self.tabs = QTabWidget()
        self.notices = licence_notices()
        self.licences = QTextBrowser()
        self.licences.setOpenExternalLinks(True)
        self.licences.setHtml(licences_html(self.notices))
        self.tabs.addTab(self.licences, tr("组件与许可证"))

        versions = QWidget()
        form = QFormLayout(versions)
        form.addRow(tr("云策"), QLabel(app_version()))
        for name, version in component_versions():
            form.addRow(name, QLabel(version))
        form.addRow(
            tr("系统"), QLabel(f"{platform.system()} {platform.release()} ({platform.machine()})")
        )
        form.addRow(
            tr("运行方式"),
            QLabel(
                tr("安装包（免 Python）") if getattr(sys, "frozen", False) else tr("Python 环境")
            ),
        )
        self.tabs.addTab(versions, tr("版本"))

        folder = QWidget()
        fl = QFormLayout(folder)
        self.locations = data_locations()
        for label, path in self.locations:
            value = QLabel(str(path))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            fl.addRow(label, value)
        fl.addRow(QLabel(tr("卸载云策不会删除这些文件；要重置设置，删除数据文件夹即可。")))
        self.open_folder = QPushButton(tr("打开数据文件夹"))
        self.open_folder.clicked.connect(self._open_folder)
        fl.addRow(self.open_folder)
        self.tabs.addTab(folder, tr("数据文件夹"))
        lay.addWidget(self.tabs, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.locations[0][1])))


def show_about(parent: QWidget | None = None) -> AboutDialog:
    """Open the about box (window-modal, returns at once) and return it."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
