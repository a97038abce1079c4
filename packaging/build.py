"""Build the one-folder bundle: ``python packaging/build.py`` -> ``dist/yunce/yunce``.

Prints the bundle's size and file count and the build time. Needs PyInstaller (``pip install
-e ".[test]"`` installs it) and, on Linux, ``objdump`` (Debian: ``apt-get install binutils``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "yunce.spec"


def bundle_size(folder: Path) -> tuple[int, int]:
    """(total bytes, number of files) of a folder."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def executable(dist: Path) -> Path:
    return dist / "yunce" / ("yunce.exe" if sys.platform == "win32" else "yunce")


def build(dist: Path, work: Path, quiet: bool = True) -> Path:
    """Run PyInstaller on the spec; return the bundle's executable. Raises RuntimeError on failure."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise RuntimeError("PyInstaller is not installed: pip install 'pyinstaller>=6.10'") from exc
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        raise RuntimeError(
            "objdump not found; PyInstaller needs it on Linux: apt-get install binutils"
        )
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--clean",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--log-level",
        "WARN" if quiet else "INFO",
    ]
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=quiet, text=True)
    if done.returncode != 0:
        tail = (done.stderr or "")[-4000:] if quiet else ""
        raise RuntimeError(f"PyInstaller failed (exit {done.returncode}).\n{tail}")
    exe = executable(dist)
    if not exe.is_file():
        raise RuntimeError(f"PyInstaller finished but {exe} is missing")
    return exe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the Yunce one-folder bundle with PyInstaller."
    )
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)"
    )
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="build cache"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show PyInstaller's log")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        exe = build(args.dist.resolve(), args.work.resolve(), quiet=not args.verbose)
    except RuntimeError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    size, files = bundle_size(exe.parent)
    print(f"built {exe}")
    print(
        f"bundle: {size / 1e6:.0f} MB in {files} files; build took {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
