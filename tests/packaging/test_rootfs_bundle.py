"""The old-glibc bundle (issue 25): built in a Debian 11 root file system and run there.

Runs ``packaging/linux/build_in_rootfs.py --arch x86_64 --suite bullseye`` (debootstrap, CPython
3.11 from Debian 12's source package, pip, PyInstaller, smoke runs in the build root file system
and in a bare one) and checks what it reports against independent readings: objdump for the
glibc requirement, the plan of this checkout's own Python CLI for the numbers, Qt for the
screenshot.

Not in the default run: it needs root (debootstrap, chroot, mount), the Debian mirror, and about
20 minutes the first time (most of it building CPython), 5-8 minutes from the cache in
build/rootfs. Run it with

    YUNCE_ROOTFS_TEST=1 python -m pytest tests/packaging/test_rootfs_bundle.py -m packaging

(``YUNCE_ROOTFS_WORK=DIR`` puts the root file systems elsewhere than build/rootfs).
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, load_script

build_in_rootfs = load_script("linux/build_in_rootfs")
manifest = load_script("manifest")
SCRIPT = ROOT / "packaging" / "linux" / "build_in_rootfs.py"
OPT_IN = "YUNCE_ROOTFS_TEST"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.packaging,
    pytest.mark.skipif(
        os.environ.get(OPT_IN) != "1",
        reason=f"opt-in: {OPT_IN}=1 (root, debootstrap, network; 5-20 min, see the docstring)",
    ),
    pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (chroot, mount)"
    ),
    pytest.mark.skipif(shutil.which("debootstrap") is None, reason="apt-get install debootstrap"),
    pytest.mark.skipif(platform.machine() != "x86_64", reason="the x86_64 root file system"),
]


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in name.removeprefix("GLIBC_").split("."))


@pytest.fixture(scope="module")
def built() -> dict:
    """The script's report.json plus its printed output and its output folder."""
    work = Path(os.environ.get("YUNCE_ROOTFS_WORK", ROOT / "build" / "rootfs"))
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--arch", "x86_64", "--suite", "bullseye"]
        + ["--work", str(work), "--no-tarball"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=3 * 3600,
    )
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = work / "bullseye-amd64" / "root" / "yunce-out"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report | {"stdout": done.stdout, "out": out}


def test_built_in_glibc_2_31_and_needs_no_newer_glibc(built: dict) -> None:
    assert built["rootfs_glibc"].endswith(" 2.31")
    bundle = built["out"] / "dist" / "yunce"
    # objdump, not the script's own ELF reader, says what the bundle's libraries ask for
    files = [str(p) for p in bundle.rglob("*") if p.is_file() and ".so" in p.name]
    files.append(str(bundle / "yunce"))
    dump = subprocess.run(["objdump", "-T", *files], capture_output=True, text=True).stdout
    versions = set(re.findall(r"\bGLIBC_2\.[0-9.]+", dump))
    highest = max(versions, key=_version)
    assert _version(highest) <= (2, 31)
    assert built["glibc_requirement"] == highest
    assert f"glibc requirement: {highest}" in built["stdout"]


def test_the_script_prints_size_build_time_and_glibc(built: dict) -> None:
    text = built["stdout"]
    assert re.search(r"bundle: .* \d+ MB in \d+ files", text)
    assert re.search(r"build time: PyInstaller \d+ s; whole run \d+ s", text)
    assert re.search(r"on glibc 2\.28: ", text)
    assert 100e6 < built["bundle_bytes"] < 400e6


def test_the_bundle_carries_the_data_translations_and_late_imports(built: dict) -> None:
    internal = built["out"] / "dist" / "yunce" / "_internal"
    data = manifest.data_files(ROOT)
    assert built["contents"]["data_files"] == len(data)  # the script's own check passed
    for rel in data:  # and read again here: the manual, qt_gaps_zh_CN.qm, the samples ...
        assert (internal / rel).is_file(), rel
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm").is_file()
    assert not list((internal / "PySide6" / "Qt" / "translations").glob("qtbase_de.qm"))


def test_the_frozen_plan_equals_this_checkouts_plan_to_the_fen(built: dict) -> None:
    source = subprocess.run(
        [sys.executable, "-m", "ui.cli", "plan", "--sample", "--json", "-"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert source.returncode == 0, source.stderr
    want = json.loads(source.stdout)
    got = json.loads((built["out"] / "plan.json").read_text(encoding="utf-8"))
    assert got["status"] == want["status"] == "optimal"
    assert build_in_rootfs.compare_plans(got, want) == []
    cbc = json.loads((built["out"] / "plan-cbc.json").read_text(encoding="utf-8"))
    assert cbc["status"] == "optimal"
    assert cbc["total_annual_cost"] == pytest.approx(want["total_annual_cost"], rel=1e-5)


def test_the_frozen_app_rendered_the_solved_plan(built: dict, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    image = QImage(str(built["out"] / "gui.png"))
    assert (image.width(), image.height()) == (1360, 860)
    colours = {image.pixel(x, y) for x in range(0, 1360, 7) for y in range(0, 860, 7)}
    assert len(colours) > 50  # a rendered window, not a blank or single-colour image
    assert 0 < built["smoke"]["first_paint_s"] < 60


def test_the_cli_runs_in_a_bare_root_file_system_and_the_app_names_what_is_missing(
    built: dict,
) -> None:
    smoke = built["smoke"]
    assert smoke["bare_packages"] < 150  # minbase: ~90 packages, none of the build's extras
    assert smoke["bare_plan_s"] > 0  # the script compared that plan with the build's to the fen
    message = (built["out"] / "bare-gui.log").read_text(encoding="utf-8")
    assert "libGL.so.1" in message and "sudo apt install libgl1" in message
    assert "内部错误" not in message and "Traceback" not in message
