"""Before Qt starts on Linux: does its xcb platform plugin find every system library it needs?

When a library is missing, Qt aborts with "Could not load the Qt platform plugin xcb" and a hint
about xcb-cursor0 that is often wrong (a bare UOS/Debian desktop usually lacks libxcb-icccm4 or
libxcb-keysyms1). This module asks the plugin itself, with ``ldd`` (the dynamic loader's own
resolution of the plugin and everything it links), which libraries are not found, maps them to
the Debian/UOS/Kylin package names, and says so in Chinese and English before Qt is started.
No Qt import is needed (QtCore alone would load; QtGui would not be reached).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: Library (soname) → Debian / UOS / Kylin package, for the libraries the xcb plugin links.
PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libEGL.so.1": "libegl1",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libpng16.so.16": "libpng16-16",
    "libz.so.1": "zlib1g",
}
#: What README and the manual list: the packages a bare desktop most often lacks.
COMMON_PACKAGES = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
)
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.M)


def package_for(soname: str) -> str:
    """The Debian package of a library: from PACKAGES, else by Debian's naming rule
    (libfoo.so.3 → libfoo3, libfoo-bar.so.0 → libfoo-bar0, libfoo2.so.1 → libfoo2-1)."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    m = re.match(r"^(lib[\w+.-]*?)\.so\.(\d+)", soname)
    if not m:
        return soname
    stem, major = m.group(1).lower(), m.group(2)
    return f"{stem}-{major}" if stem[-1].isdigit() else f"{stem}{major}"


def xcb_plugin() -> Path | None:
    """The libqxcb.so Qt will load: from QT_QPA_PLATFORM_PLUGIN_PATH / QT_PLUGIN_PATH, else
    PySide6's own (also inside the frozen bundle)."""
    folders = []
    if os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        folders += [Path(p) for p in os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"].split(os.pathsep)]
    for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep):
        if p:
            folders.append(Path(p) / "platforms")
    try:
        import PySide6

        folders.append(Path(PySide6.__file__).resolve().parent / "Qt" / "plugins" / "platforms")
    except ImportError:  # pragma: no cover - the app needs PySide6 anyway
        pass
    for folder in folders:
        plugin = folder / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """Libraries the dynamic loader cannot find for plugin (ldd's 'not found'), in ldd's order."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        done = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    found: list[str] = []
    for name in _NOT_FOUND.findall(done.stdout):
        if name not in found:
            found.append(name)
    return found


def wants_xcb(env: dict[str, str] | None = None) -> bool:
    """True when Qt will start on xcb (Linux, QT_QPA_PLATFORM unset or xcb)."""
    env = dict(os.environ) if env is None else env
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].strip() == "xcb"
    return not env.get("WAYLAND_DISPLAY")  # on a Wayland session Qt tries wayland first


def message(missing: list[str]) -> str:
    """What the user reads: the libraries, the packages and the command, Chinese then English."""
    packages = sorted({package_for(m) for m in missing})
    command = "sudo apt-get install " + " ".join(packages)
    return (
        "云策无法启动图形界面：Qt 的 xcb 平台插件找不到这些系统库："
        + "、".join(missing)
        + "。\n请安装以下软件包（统信 UOS、麒麟、Debian、Ubuntu）后重新启动云策：\n  "
        + command
        + "\n（其他发行版请安装提供上述库的软件包。）\n\n"
        "Yunce cannot start its window: Qt's xcb platform plugin cannot find these system "
        "libraries: "
        + ", ".join(missing)
        + ".\nInstall these packages and start Yunce again:\n  "
        + command
        + "\n"
    )


def check() -> str | None:
    """The message when the xcb plugin lacks system libraries; None when it is fine or not used."""
    if not wants_xcb():
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    return message(missing) if missing else None


def tell(text: str) -> None:
    """Print the message, and show it in a desktop dialog when a tool for one is there (a
    launcher started from the menu has no terminal)."""
    print(text, file=sys.stderr)
    for tool, args in (
        ("zenity", ["--error", "--no-wrap", "--title=云策 Yunce", f"--text={text}"]),
        ("kdialog", ["--title", "云策 Yunce", "--error", text]),
        ("notify-send", ["云策 Yunce", text]),
    ):
        path = shutil.which(tool)
        if path and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            try:
                subprocess.run([path, *args], timeout=600, check=False)
            except (OSError, subprocess.TimeoutExpired):
                continue
            return
