"""Issue 22 point 10: on a bare Linux desktop the app names the missing system packages.

The real test hides one real dependency of Qt's xcb plugin (libxcb-icccm.so.4) from one process
only: a private mount namespace (unshare -m) lays an overlay with a whiteout over the system's
library folder, so the dynamic loader truly cannot find it there, and the host is untouched.
`yunce gui` run inside must refuse to start Qt and say, in Chinese and English, which package
to install. Skipped where namespaces or overlays are not allowed (not root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.app import platform_check

ROOT = Path(__file__).resolve().parents[2]


def test_libraries_map_to_debian_packages() -> None:
    assert platform_check.package_for("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert platform_check.package_for("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert platform_check.package_for("libxcb-foo.so.3") == "libxcb-foo3"  # Debian's naming rule
    assert platform_check.package_for("libfoo2.so.1") == "libfoo2-1"
    text = platform_check.message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in text
    assert "找不到这些系统库" in text and "cannot find these system libraries" in text


def test_the_plugin_of_this_machine_has_everything() -> None:
    plugin = platform_check.xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        pytest.skip("no xcb plugin or no ldd here")
    assert platform_check.missing_libraries(plugin) == []  # the Qt xcb libraries are installed
    assert platform_check.wants_xcb({"QT_QPA_PLATFORM": "xcb"}) == sys.platform.startswith("linux")
    assert not platform_check.wants_xcb({"QT_QPA_PLATFORM": "offscreen"})


HIDE_AND_RUN = r"""
set -e
work=$(mktemp -d)
mkdir -p "$work/upper" "$work/work" "$work/config"
libdir=$(dirname "$(readlink -f "$(ldconfig -p | awk '/libxcb-icccm.so.4 /{print $NF; exit}')")")
for f in "$libdir"/libxcb-icccm.so.4*; do mknod "$work/upper/$(basename "$f")" c 0 0; done
mount -t overlay overlay -o "lowerdir=$libdir,upperdir=$work/upper,workdir=$work/work" "$libdir"
cd "$1"
env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY DISPLAY=:0 YUNCE_CONFIG_DIR="$work/config" \
    "$2" -c "import sys; from ui.cli import main; sys.exit(main(['gui']))"
"""


def test_a_missing_xcb_library_is_named_before_qt_starts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        pytest.skip("needs Linux and unshare")
    if platform_check.xcb_plugin() is None:
        pytest.skip("no xcb plugin in this PySide6")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0 or os.geteuid() != 0:
        pytest.skip("private mount namespaces are not allowed here")
    script = tmp_path / "hide.sh"
    script.write_text(HIDE_AND_RUN, encoding="utf-8")
    done = subprocess.run(
        ["unshare", "-m", "bash", str(script), str(ROOT), sys.executable],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "mount:" in done.stderr and "libxcb-icccm4" not in done.stderr:
        pytest.skip(f"overlay mounts are not allowed here: {done.stderr[-300:]}")
    assert done.returncode == 1, (done.returncode, done.stderr[-1500:])
    assert "libxcb-icccm.so.4" in done.stderr
    assert "sudo apt-get install libxcb-icccm4" in done.stderr
    assert "云策无法启动图形界面" in done.stderr and "Yunce cannot start its window" in done.stderr
    assert "Could not load the Qt platform plugin" not in done.stderr  # Qt was never started
    # the host still has it
    assert not platform_check.missing_libraries(platform_check.xcb_plugin())  # type: ignore[arg-type]
