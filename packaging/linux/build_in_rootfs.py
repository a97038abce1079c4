"""Build and smoke-run the Yunce bundle inside an old-glibc Debian root file system.

``python packaging/linux/build_in_rootfs.py --arch x86_64|arm64 --suite bullseye`` (as root):

1. makes a Debian root file system with ``debootstrap`` (arm64 runs under qemu-user-static
   through binfmt_misc on an x86_64 host),
2. installs the build tools and the libraries the bundle carries (Qt's xcb, wayland, glib, ...),
3. builds CPython 3.11 from Debian 12's source package inside it (``rootfs_python.sh``: the
   suite's own Python is too old for the project),
4. installs the project with pip into a venv there (pip picks the wheels whose manylinux tag
   fits the root file system's glibc), checks the installed wheels' real glibc needs,
5. builds the bundle with ``packaging/build.py`` (the same spec and manifest as on any machine),
6. runs it there: ``yunce plan --sample`` (HiGHS and CBC) and
   ``yunce gui --sample --solve --screenshot`` offscreen,
7. prints the bundle's size, the build time and its glibc requirement, and writes everything
   (bundle, tarball, plan, screenshot, report.json) to ``--work``'s output folder.

Steps 1-3 are cached (each is redone when what it depends on changes; ``--fresh`` redoes all),
steps 4-7 run every time on the source tree as it is (tracked and untracked, not ignored files).
``--compare OTHER/plan.json`` checks that the plan equals another build's plan to the fen.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import glibc_needs  # noqa: E402

#: --arch -> (Debian architecture, qemu binfmt entry on a foreign host, machine names)
ARCHES = {
    "x86_64": ("amd64", "qemu-x86_64", ("x86_64", "amd64")),
    "arm64": ("arm64", "qemu-aarch64", ("aarch64", "arm64")),
}
#: --arch -> GNU triplet (Debian's multiarch directory and cross compiler prefix)
TRIPLETS = {"x86_64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}
SYSROOT = "/sysroot"  # where a cross build sees the target root file system
SUITES = ("bullseye",)  # Debian 11, glibc 2.31: the oldest suite the Debian registry still serves
DEFAULT_MIRROR = "http://deb.debian.org/debian"
SECURITY_MIRROR = "http://deb.debian.org/debian-security"
PYTHON_PREFIX = "/opt/yunce-python"
VENV = "/opt/yunce-venv"
SRC = "/src/yunce"
OUT = "/yunce-out"
HOST_CA = "/etc/ssl/certs/yunce-build-host-ca.crt"

#: built and installed in the root file system: compilers and headers for CPython, objdump for
#: PyInstaller, and the libraries the bundle carries so that it starts on a desktop that lacks
#: them (the list of .ci/run, plus glib, which Qt needs and a Debian 12 host always has)
BUILD_PACKAGES = (
    "build-essential autoconf dpkg-dev ca-certificates binutils pkg-config "
    "libssl-dev zlib1g-dev libbz2-dev liblzma-dev libffi-dev libsqlite3-dev uuid-dev "
    "libexpat1-dev"
).split()
RUNTIME_PACKAGES = (
    "libglib2.0-0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 "
    "libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 "
    "libxcb-render-util0 libxcb-shape0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 libxcb-util1 "
    "libwayland-cursor0 libwayland-egl1 fonts-noto-cjk"
).split()
#: the oldest glibc of the 信创 desktops Yunce targets (UOS 20 / Kylin V10 first releases)
OLDEST_TARGET_GLIBC = "2.28"


class BuildError(RuntimeError):
    """A step failed; the message says which and how to fix it."""


@dataclass
class Layout:
    """Where one suite/architecture lives on the host."""

    base: Path  # --work/<suite>-<debian arch>

    @property
    def root(self) -> Path:
        return self.base / "root"

    @property
    def out(self) -> Path:
        return self.root / OUT.lstrip("/")

    @property
    def stamps(self) -> Path:
        return self.base / "stamps"

    @property
    def no_security(self) -> Path:
        """Present (listing the 404s) when the mirror does not serve the security suite."""
        return self.base / "no-security-suite"

    def inside(self, path: str) -> Path:
        return self.root / path.lstrip("/")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(cmd: list[str], *, quiet: bool = False, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    """Run a host command; raise BuildError with its output's tail when it fails."""
    done = subprocess.run(cmd, text=True, capture_output=True, **kwargs)
    if done.returncode != 0:
        tail = (done.stdout[-3000:] + "\n" + done.stderr[-3000:]).strip()
        raise BuildError(f"command failed (exit {done.returncode}): {' '.join(cmd)}\n{tail}")
    if not quiet and done.stdout.strip():
        print(done.stdout.rstrip(), flush=True)
    return done


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.read_bytes() if isinstance(part, Path) else str(part).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def stamp_ok(layout: Layout, step: str, key: str) -> bool:
    stamp = layout.stamps / step
    return stamp.is_file() and stamp.read_text(encoding="utf-8").split("\n", 1)[0] == key


def stamp_set(layout: Layout, step: str, key: str, seconds: float) -> None:
    """A cached step is done: its key and how long it took (reported when it is reused)."""
    layout.stamps.mkdir(parents=True, exist_ok=True)
    (layout.stamps / step).write_text(f"{key}\n{seconds:.1f}\n", encoding="utf-8")


def stamp_seconds(layout: Layout, step: str) -> float | None:
    """How long a cached step took when it ran (None if not recorded)."""
    lines = (layout.stamps / step).read_text(encoding="utf-8").split("\n")
    try:
        return float(lines[1])
    except (IndexError, ValueError):
        return None


def stamp_clear_from(layout: Layout, step: str, order: tuple[str, ...]) -> None:
    for later in order[order.index(step) :]:
        (layout.stamps / later).unlink(missing_ok=True)


STEPS = ("rootfs", "packages", "python", "venv")
#: the name of each cached step's time in the report
STEP_TIMES = {"rootfs": "debootstrap", "packages": "apt", "python": "python"}


# --- host checks ---------------------------------------------------------------------------


def host_is_native(arch: str) -> bool:
    return platform.machine().lower() in ARCHES[arch][2]


def binfmt_entry(arch: str) -> Path:
    return Path("/proc/sys/fs/binfmt_misc") / ARCHES[arch][1]


def ensure_emulation(arch: str, root: Path) -> str:
    """Make sure the host runs the target's binaries; return how (for the report)."""
    if host_is_native(arch):
        return "native"
    if shutil.which("qemu-aarch64-static") is None and arch == "arm64":
        raise BuildError(
            "arm64 on this host needs qemu-user-static: apt-get install qemu-user-static binfmt-support"
        )
    misc = Path("/proc/sys/fs/binfmt_misc")
    if not (misc / "status").exists():
        log("mounting binfmt_misc")
        run(["mount", "-t", "binfmt_misc", "binfmt_misc", str(misc)])
    entry = binfmt_entry(arch)
    if not entry.exists() and shutil.which("update-binfmts"):
        run(["update-binfmts", "--enable", ARCHES[arch][1]], quiet=True)
    if not entry.exists():
        raise BuildError(
            f"binfmt_misc has no {entry.name} entry: apt-get install qemu-user-static binfmt-support,"
            f" then update-binfmts --enable {entry.name}"
        )
    text = entry.read_text()
    if not text.startswith("enabled"):
        raise BuildError(f"{entry} is disabled: echo 1 > {entry}")
    interpreter = next(line.split()[1] for line in text.splitlines() if line.startswith("interp"))
    flags = next(
        (line.split(":", 1)[1] for line in text.splitlines() if line.startswith("flags")), ""
    )
    if "F" not in flags:  # the kernel opens the interpreter inside the chroot: put it there
        target = root / interpreter.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(interpreter, target)
    return f"qemu-user-static via binfmt_misc ({interpreter}, flags {flags.strip()})"


def check_host(arch: str) -> None:
    if os.geteuid() != 0:
        raise BuildError("run as root: debootstrap, chroot and mount need it")
    for tool, package in (("debootstrap", "debootstrap"), ("chroot", "coreutils")):
        if shutil.which(tool) is None:
            raise BuildError(f"{tool} not found: apt-get install {package}")


# --- the root file system ------------------------------------------------------------------


def mounted(path: Path) -> bool:
    target = str(path.resolve())
    with open("/proc/self/mountinfo", encoding="utf-8") as info:
        return any(line.split()[4] == target for line in info)


@contextlib.contextmanager
def chroot_mounts(root: Path) -> Iterator[None]:
    """/proc, /dev, /dev/pts and /dev/shm inside the root file system, removed afterwards."""
    plan = [
        (["-t", "proc", "proc"], root / "proc"),
        (["--bind", "/dev"], root / "dev"),
        (["--bind", "/dev/pts"], root / "dev" / "pts"),
        (["--bind", "/dev/shm"], root / "dev" / "shm"),
    ]
    done: list[Path] = []
    try:
        for args, target in plan:
            target.mkdir(parents=True, exist_ok=True)
            if not mounted(target):
                run(["mount", *args, str(target)])
                done.append(target)
        yield
    finally:
        for target in reversed(done):
            subprocess.run(["umount", "-l", str(target)], check=False)


def chroot_env(extra: dict[str, str] | None = None) -> list[str]:
    env = {
        "PATH": f"{VENV}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "DEBIAN_FRONTEND": "noninteractive",
        "PIP_CERT": HOST_CA,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_DEFAULT_TIMEOUT": os.environ.get("PIP_DEFAULT_TIMEOUT", "120"),
        "PIP_NO_INPUT": "1",
    }
    if os.environ.get("PIP_INDEX_URL"):
        env["PIP_INDEX_URL"] = os.environ["PIP_INDEX_URL"]
    env.update(extra or {})
    return ["/usr/bin/env", "-i", *(f"{k}={v}" for k, v in env.items())]


def in_root(
    root: Path, script: str, *, quiet: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run(["chroot", str(root), *chroot_env(env), "/bin/sh", "-ec", script], quiet=quiet)


def make_rootfs(layout: Layout, debarch: str, suite: str, mirror: str) -> None:
    if layout.root.exists():
        shutil.rmtree(layout.root)
    layout.base.mkdir(parents=True, exist_ok=True)
    log(f"debootstrap {suite} {debarch} -> {layout.root}")
    run(
        ["debootstrap", f"--arch={debarch}", "--variant=minbase", suite, str(layout.root), mirror],
        quiet=True,
    )


def write_sources(layout: Layout, suite: str, mirror: str) -> None:
    apt = layout.inside("/etc/apt")
    lines = [f"deb {mirror} {suite} main", f"deb {mirror} {suite}-updates main"]
    if not layout.no_security.exists():
        lines.append(f"deb {SECURITY_MIRROR} {suite}-security main")
    (apt / "sources.list").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Debian 12's sources, only for `apt-get source python3.11` (no binary package from there)
    (apt / "sources.list.d" / "bookworm-src.list").write_text(
        f"deb-src {mirror} bookworm main\ndeb-src {mirror} bookworm-updates main\n",
        encoding="utf-8",
    )


def install_packages(layout: Layout, suite: str, mirror: str) -> None:
    """apt-get install the build and runtime packages, with the suite's security updates.

    A mirror may list the security suite for an architecture without serving its packages (seen
    here for bullseye-security arm64: the index is there, every .deb is 404). Then the packages
    come from the suite and its point-release updates alone, and the report says so.
    """
    script = (
        "apt-get update -qq && apt-get install -y -qq --no-install-recommends "
        + " ".join(BUILD_PACKAGES + RUNTIME_PACKAGES)
        + " >/var/log/yunce-apt.log 2>&1 || { tail -30 /var/log/yunce-apt.log; exit 1; }"
    )
    try:
        in_root(layout.root, script)
        return
    except BuildError as exc:
        missing = [
            line.strip()
            for line in str(exc).splitlines()
            if f"{SECURITY_MIRROR}/pool/" in line and "404" in line
        ]
        if layout.no_security.exists() or not missing:
            raise
    log(
        f"the mirror lists {suite}-security but its packages are 404 ({len(missing)} files, e.g."
        f" {missing[0]}); going on without the security suite"
    )
    layout.no_security.write_text("\n".join(missing) + "\n", encoding="utf-8")
    write_sources(layout, suite, mirror)
    in_root(layout.root, script)


def refresh_host_files(layout: Layout) -> None:
    """DNS and the host's CA bundle (pip in the root file system trusts what the host trusts)."""
    for name in ("resolv.conf", "hosts"):
        host = Path("/etc") / name
        if host.is_file():
            target = layout.inside(f"/etc/{name}")
            target.unlink(missing_ok=True)
            shutil.copy2(host, target)
    ca = next(
        (
            Path(p)
            for p in (
                os.environ.get("PIP_CERT"),
                os.environ.get("SSL_CERT_FILE"),
                "/etc/ssl/certs/ca-certificates.crt",
            )
            if p and Path(p).is_file()
        ),
        None,
    )
    target = layout.inside(HOST_CA)
    target.parent.mkdir(parents=True, exist_ok=True)
    if ca is not None:
        shutil.copyfile(ca, target)


def copy_source(layout: Layout) -> None:
    """The project as it is: tracked and untracked files that git does not ignore."""
    dest = layout.inside(SRC)
    if dest.exists():
        shutil.rmtree(dest)
    try:
        listed = run(
            [
                "git",
                "-C",
                str(ROOT),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            quiet=True,
        ).stdout.split("\0")
        files = [ROOT / name for name in listed if name and (ROOT / name).is_file()]
    except (BuildError, FileNotFoundError):  # no git: everything but build outputs and caches
        skip = {".git", "build", "dist", "__pycache__", ".pytest_cache", ".ruff_cache"}
        files = [
            p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)
        ]
    for path in files:
        target = dest / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


# --- checks on the results -----------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise BuildError(f"{path} is not a PNG file")
    return struct.unpack(">II", head[16:24])


def bundle_size(folder: Path) -> tuple[int, int]:
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def fen(value: float) -> int:
    """Yuan to whole fen (0.01 yuan), rounding half away from zero like the workbook shows it."""
    return int(round(value * 100 + (1e-7 if value >= 0 else -1e-7)))


def compare_plans(mine: dict, other: dict) -> list[str]:
    """Differences between two `yunce plan --json` outputs ([] = the same plan).

    Money (the total, every system's annual cost, every vendor-term amount) is compared in whole
    fen, the choices (vendor and platform per system, vendors used) exactly, the shares to 1e-9.
    """
    diffs = []
    for key in ("status", "vendors_used"):
        if mine.get(key) != other.get(key):
            diffs.append(f"{key} {mine.get(key)} vs {other.get(key)}")
    if fen(mine["total_annual_cost"]) != fen(other["total_annual_cost"]):
        diffs.append(
            f"total {mine['total_annual_cost']:.2f} vs {other['total_annual_cost']:.2f} yuan"
        )
    if abs((mine.get("xinchuang_share") or 0) - (other.get("xinchuang_share") or 0)) > 1e-9:
        diffs.append(
            f"xinchuang_share {mine.get('xinchuang_share')} vs {other.get('xinchuang_share')}"
        )
    a_shares, b_shares = mine.get("vendor_shares") or {}, other.get("vendor_shares") or {}
    for vendor in sorted(set(a_shares) | set(b_shares)):
        if abs(a_shares.get(vendor, 0) - b_shares.get(vendor, 0)) > 1e-9:
            diffs.append(f"vendor share {vendor} {a_shares.get(vendor)} vs {b_shares.get(vendor)}")
    a = {row["workload"]: row for row in mine.get("assignments", [])}
    b = {row["workload"]: row for row in other.get("assignments", [])}
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            diffs.append(f"{name}: only in {'this' if name in a else 'the other'} plan")
            continue
        x, y = a[name], b[name]
        if (x["vendor"], x["platform"]) != (y["vendor"], y["platform"]):
            diffs.append(f"{name}: {x['vendor']}/{x['platform']} vs {y['vendor']}/{y['platform']}")
        if fen(x["annual_cost"]) != fen(y["annual_cost"]):
            diffs.append(f"{name}: {x['annual_cost']:.2f} vs {y['annual_cost']:.2f} yuan")
    a_terms = {t["vendor"]: t for t in mine.get("vendor_terms", [])}
    b_terms = {t["vendor"]: t for t in other.get("vendor_terms", [])}
    for vendor in sorted(set(a_terms) | set(b_terms)):
        x, y = a_terms.get(vendor, {}), b_terms.get(vendor, {})
        for key in sorted(set(x) | set(y)):
            if key == "vendor" or key == "tier_threshold":
                if x.get(key) != y.get(key):
                    diffs.append(f"{vendor} {key} {x.get(key)} vs {y.get(key)}")
            elif fen(x.get(key) or 0) != fen(y.get(key) or 0):
                diffs.append(f"{vendor} {key} {x.get(key)} vs {y.get(key)} yuan")
    return diffs


# --- the build -----------------------------------------------------------------------------


def prepare(
    layout: Layout, arch: str, suite: str, mirror: str, jobs: int, fresh: bool, cross: bool
) -> dict:
    """Steps 1-4 (cached); returns the times of the steps that ran."""
    times: dict[str, float] = {}
    debarch = ARCHES[arch][0]
    keys = {}
    keys["rootfs"] = digest(suite, debarch, mirror)
    keys["packages"] = digest(keys["rootfs"], *BUILD_PACKAGES, *RUNTIME_PACKAGES)
    keys["python"] = digest(
        keys["packages"], HERE / "rootfs_python.sh", PYTHON_PREFIX, "cross" if cross else "in place"
    )
    keys["venv"] = digest(keys["python"], ROOT / "pyproject.toml")
    if fresh:
        stamp_clear_from(layout, "rootfs", STEPS)
    for step in STEPS:  # a step redone invalidates the ones after it
        if not stamp_ok(layout, step, keys[step]):
            stamp_clear_from(layout, step, STEPS)
            break

    if not stamp_ok(layout, "rootfs", keys["rootfs"]):
        started = time.monotonic()
        make_rootfs(layout, debarch, suite, mirror)
        layout.no_security.unlink(missing_ok=True)
        times["debootstrap"] = time.monotonic() - started
        stamp_set(layout, "rootfs", keys["rootfs"], times["debootstrap"])
    write_sources(layout, suite, mirror)
    refresh_host_files(layout)
    return {"keys": keys, "times": times}


def relative_symlinks(root: Path, folders: tuple[str, ...]) -> int:
    """Absolute symlinks under folders (libm.so -> /lib/.../libm.so.6) made relative.

    The same file inside the root file system; seen from outside (a cross linker with
    --sysroot) an absolute link would point at the host's own library. Returns how many.
    """
    changed = 0
    for folder in folders:
        base = root / folder.lstrip("/")
        if not base.is_dir():
            continue
        for link in base.iterdir():
            if not link.is_symlink():
                continue
            target = os.readlink(link)
            if not target.startswith("/"):
                continue
            relative = os.path.relpath(root / target.lstrip("/"), link.parent)
            link.unlink()
            link.symlink_to(relative)
            changed += 1
    return changed


def cross_python(layout: Layout, host: Layout, arch: str, jobs: int) -> None:
    """CPython for the target, compiled natively with Debian's cross gcc (rootfs_python.sh).

    Runs in the host architecture's own bullseye root file system (its interpreter, built
    first, is the build Python the cross build needs) against the target root file system
    mounted at /sysroot; the result is then checked inside the target root file system.
    """
    triplet = TRIPLETS[arch]
    if not host.inside(f"{PYTHON_PREFIX}/bin/python3.11").is_file():
        raise BuildError(
            f"cross-compiling CPython for {arch} needs the host's own root file system with its"
            f" Python first: run build_in_rootfs.py --arch {platform.machine()} (into {host.base})"
        )
    changed = relative_symlinks(layout.root, (f"/usr/lib/{triplet}", f"/lib/{triplet}"))
    log(
        f"cross-compiling CPython 3.11 for {arch} with {triplet}-gcc in {host.base.name}"
        f" (native speed; {changed} absolute library symlinks in the target made relative)"
    )
    target = layout.inside(PYTHON_PREFIX)
    if target.exists():
        shutil.rmtree(target)
    sysroot = host.inside(SYSROOT)
    sysroot.mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "rootfs_python.sh", host.inside("/tmp/rootfs_python.sh"))
    with chroot_mounts(host.root):
        run(["mount", "--bind", str(layout.root), str(sysroot)])
        try:
            in_root(
                host.root,
                "apt-get update -qq && apt-get install -y -qq --no-install-recommends"
                f" gcc-{triplet} >/var/log/yunce-cross.log 2>&1"
                " || { tail -30 /var/log/yunce-cross.log; exit 1; }; "
                f"sh /tmp/rootfs_python.sh {PYTHON_PREFIX} {jobs} {triplet} {SYSROOT}"
                f" {PYTHON_PREFIX}/bin/python3.11",
            )
        finally:
            subprocess.run(["umount", "-l", str(sysroot)], check=False)
    in_root(layout.root, f"{PYTHON_PREFIX}/bin/python3.11 - <<'EOF'\n{PYTHON_CHECK}EOF")


#: the modules pip, the app and PyInstaller need (rootfs_python.sh runs the same check)
PYTHON_CHECK = """import bz2, ctypes, decimal, hashlib, lzma, pyexpat, sqlite3, ssl, sys, uuid, zlib
import xml.etree.ElementTree
print("built", sys.version.split()[0], "for", sys.implementation._multiarch, "with", ssl.OPENSSL_VERSION)
"""


def build_in_root(
    layout: Layout,
    suite: str,
    mirror: str,
    jobs: int,
    keys: dict,
    times: dict,
    cross_from: tuple[Layout, str] | None = None,
) -> dict:
    root = layout.root
    if not stamp_ok(layout, "packages", keys["packages"]):
        started = time.monotonic()
        log(f"apt-get install {len(BUILD_PACKAGES) + len(RUNTIME_PACKAGES)} packages")
        install_packages(layout, suite, mirror)
        times["apt"] = time.monotonic() - started
        stamp_set(layout, "packages", keys["packages"], times["apt"])
    if not stamp_ok(layout, "python", keys["python"]):
        started = time.monotonic()
        if cross_from is None:
            log("building CPython 3.11 from Debian 12's source package")
            script = layout.inside("/tmp/rootfs_python.sh")
            shutil.copy2(HERE / "rootfs_python.sh", script)
            # a rebuild starts from an empty prefix (make install fails on its own symlinks)
            in_root(
                root,
                f"rm -rf {PYTHON_PREFIX}; apt-get update -qq;"
                f" sh /tmp/rootfs_python.sh {PYTHON_PREFIX} {jobs}",
            )
        else:
            cross_python(layout, cross_from[0], cross_from[1], jobs)
        times["python"] = time.monotonic() - started
        stamp_set(layout, "python", keys["python"], times["python"])
    copy_source(layout)
    started = time.monotonic()
    if not stamp_ok(layout, "venv", keys["venv"]):
        log("venv + pip install -e .[test] (wheels chosen for this glibc)")
        in_root(
            root,
            f"rm -rf {VENV}; {PYTHON_PREFIX}/bin/python3.11 -m venv {VENV}; "
            f"{VENV}/bin/python -m pip install -q --upgrade pip",
        )
        stamp_set(layout, "venv", keys["venv"], time.monotonic() - started)
    # every run: the project (editable, so the fresh copy is what is built) and its dependencies
    in_root(root, f"cd {SRC} && pip install -q -e '.[test]' 2>/var/log/yunce-pip.log", quiet=True)
    times["pip"] = time.monotonic() - started
    versions = json.loads(
        in_root(root, f"{VENV}/bin/python -m pip list --format=json", quiet=True).stdout
    )
    wanted = {"pyside6", "pyside6-essentials", "shiboken6", "numpy", "pandas", "highspy"}
    wanted |= {"pulp", "openpyxl", "xlsxwriter", "python-calamine", "pyinstaller"}
    packages = {p["name"]: p["version"] for p in versions if p["name"].lower() in wanted}
    site = layout.inside(f"{VENV}/lib/python3.11/site-packages")
    wheels_glibc = glibc_needs.highest(glibc_needs.scan(site))
    python_version = in_root(
        root,
        f"{PYTHON_PREFIX}/bin/python3.11 -c 'import sys; print(sys.version.split()[0])'",
        quiet=True,
    ).stdout.strip()

    out = layout.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    log("PyInstaller (packaging/build.py)")
    started = time.monotonic()
    in_root(root, f"cd {SRC} && python packaging/build.py --dist {OUT}/dist --work {OUT}/work")
    times["pyinstaller"] = time.monotonic() - started
    shutil.rmtree(out / "work", ignore_errors=True)
    contents = check_contents(layout)
    log(
        f"bundle contents: all {contents['data_files']} data files, Qt zh_CN translations,"
        f" {', '.join(FROZEN_MODULES)} ({contents['modules']} modules in the archive)"
    )
    return {
        "packages": packages,
        "wheels_glibc": wheels_glibc,
        "python": python_version,
        "contents": contents,
    }


#: Python modules the frozen app imports by name or late, checked in the bundle's PYZ archive
FROZEN_MODULES = ("xlsxwriter", "planner.child", "ui.app.help_window", "ui.app.summary_pdf")
#: files the bundle must carry besides the manifest's data (relative to _internal/): Qt's own
#: Chinese translations and the Qt modules the app loads
BUNDLE_FILES = (
    "PySide6/Qt/translations/qtbase_zh_CN.qm",
    "PySide6/QtCharts.abi3.so",
    "PySide6/QtPrintSupport.abi3.so",
    "libQt6PrintSupport.so.6",
)

CONTENTS_CHECK = """
import json, sys
from PyInstaller.archive.readers import CArchiveReader
exe = sys.argv[1]
archive = CArchiveReader(exe)
pyz = archive.open_embedded_archive("PYZ.pyz")
print(json.dumps(sorted(pyz.toc)))
"""


def check_contents(layout: Layout) -> dict:
    """The bundle carries the manifest's data, Qt's zh_CN translations and the late imports.

    A file or module missing here would only show when a user opens the manual, prints, or
    exports; the check names what is missing instead.
    """
    sys.path.insert(0, str(ROOT / "packaging"))
    import manifest

    internal = layout.out / "dist" / "yunce" / "_internal"
    try:
        data = [str(rel) for rel in manifest.data_files(layout.inside(SRC))]
    except FileNotFoundError as exc:
        raise BuildError(str(exc)) from None
    missing = [rel for rel in (*data, *BUNDLE_FILES) if not (internal / rel).is_file()]
    script = layout.inside("/tmp/yunce_contents.py")
    script.write_text(CONTENTS_CHECK, encoding="utf-8")
    listed = in_root(
        layout.root, f"python /tmp/yunce_contents.py {OUT}/dist/yunce/yunce", quiet=True
    ).stdout
    modules = set(json.loads(listed))
    missing += [f"module {name}" for name in FROZEN_MODULES if name not in modules]
    if missing:
        raise BuildError("the bundle lacks:\n  " + "\n  ".join(missing))
    return {"data_files": len(data), "modules": len(modules)}


SMOKE_ENV = {
    "HOME": f"{OUT}/home",
    "QT_QPA_PLATFORM": "offscreen",
    "YUNCE_CONFIG_DIR": f"{OUT}/home/config",
    "YUNCE_LOG_DIR": f"{OUT}/home/logs",
    "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",  # not the build venv
}


def smoke(layout: Layout) -> dict:
    """Run the bundle inside the root file system like a user would; raise on any failure."""
    root = layout.root
    exe = f"{OUT}/dist/yunce/yunce"
    result: dict = {}
    runs = {
        "plan": f"{exe} plan --sample -o {OUT}/plan.xlsx --json {OUT}/plan.json",
        "plan_cbc": f"{exe} plan --sample --solver cbc --json {OUT}/plan-cbc.json",
        "gui": f"{exe} gui --sample --solve --page plan --screenshot {OUT}/gui.png",
        "start": f"YUNCE_STARTUP_PROBE=1 {exe}",  # a double-click: first paint, then exit
    }
    for name, cmd in runs.items():
        log(f"smoke: {cmd}")
        started = time.monotonic()
        done = in_root(root, f"mkdir -p {OUT}/home && cd {OUT} && {cmd}", env=SMOKE_ENV, quiet=True)
        result[f"{name}_s"] = round(time.monotonic() - started, 1)
        (layout.out / f"{name}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    plan = json.loads((layout.out / "plan.json").read_text(encoding="utf-8"))
    cbc = json.loads((layout.out / "plan-cbc.json").read_text(encoding="utf-8"))
    if plan["status"] != "optimal" or cbc["status"] != "optimal":
        raise BuildError(f"plan status {plan['status']}, with CBC {cbc['status']}")
    if abs(plan["total_annual_cost"] - cbc["total_annual_cost"]) > 1e-5 * plan["total_annual_cost"]:
        raise BuildError(
            f"HiGHS {plan['total_annual_cost']} and CBC {cbc['total_annual_cost']} disagree"
        )
    probe = (layout.out / "start.log").read_text(encoding="utf-8")
    paint = [line for line in probe.splitlines() if "first paint after" in line]
    if not paint:
        raise BuildError(f"a bare start did not paint the main window:\n{probe[-2000:]}")
    width, height = png_size(layout.out / "gui.png")
    result.update(
        total_annual_cost=plan["total_annual_cost"],
        cbc_total_annual_cost=cbc["total_annual_cost"],
        systems=len(plan["assignments"]),
        screenshot=[width, height],
        first_paint_s=float(paint[0].split("after", 1)[1].split()[0]),
    )
    return result


def bare_check(layout: Layout, debarch: str, suite: str, mirror: str, key: str) -> dict:
    """The bundle in a minimal root file system (debootstrap --variant=minbase, nothing added).

    The CLI must plan the sample there: the bundle carries every library the command line needs
    (the build root file system has 36 extra packages, a user's machine may have none of them).
    The desktop app needs the system's OpenGL library and fonts as well, which PyInstaller
    leaves to the system on purpose (the graphics stack must match the machine's drivers):
    there it must stop with a message that names the missing library, not an internal error.
    """
    bare = layout.base / "bare"
    started = time.monotonic()
    if not stamp_ok(layout, "bare", key):
        if bare.exists():
            shutil.rmtree(bare)
        log(f"debootstrap a bare {suite} {debarch} (minbase) for the CLI check")
        run(
            ["debootstrap", f"--arch={debarch}", "--variant=minbase", suite, str(bare), mirror],
            quiet=True,
        )
        stamp_set(layout, "bare", key, time.monotonic() - started)
    target = bare / "opt" / "yunce"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(layout.out / "dist" / "yunce", target, symlinks=True)
    home = bare / OUT.lstrip("/")
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    log("smoke in the bare root file system: /opt/yunce/yunce plan --sample")
    started = time.monotonic()
    with chroot_mounts(bare):
        in_root(
            bare,
            f"mkdir -p {OUT}/home && cd {OUT} && /opt/yunce/yunce plan --sample --json {OUT}/plan.json",
            env=SMOKE_ENV,
            quiet=True,
        )
        seconds = round(time.monotonic() - started, 1)
        # the desktop app there: no libGL, so a clear message naming it (not an internal error)
        gui = subprocess.run(
            ["chroot", str(bare), *chroot_env(SMOKE_ENV), "/bin/sh", "-c"]
            + [f"cd {OUT} && /opt/yunce/yunce gui --sample --screenshot {OUT}/gui.png"],
            text=True,
            capture_output=True,
        )
    if gui.returncode != 1 or "libGL.so.1" not in gui.stderr or "内部错误" in gui.stderr:
        raise BuildError(
            f"the app in the bare root file system should stop with a message naming libGL.so.1;"
            f" exit {gui.returncode}:\n{gui.stdout[-1500:]}{gui.stderr[-1500:]}"
        )
    (layout.out / "bare-gui.log").write_text(gui.stderr, encoding="utf-8")
    plan = json.loads((home / "plan.json").read_text(encoding="utf-8"))
    mine = json.loads((layout.out / "plan.json").read_text(encoding="utf-8"))
    diffs = compare_plans(plan, mine)
    if diffs:
        raise BuildError("the plan in the bare root file system differs:\n  " + "\n  ".join(diffs))
    packages = in_root(bare, "dpkg-query -f '.' -W", quiet=True).stdout.count(".")
    return {
        "bare_plan_s": seconds,
        "bare_packages": packages,
        "bare_gui_message": gui.stderr.strip().splitlines()[0],
    }


def make_tarball(layout: Layout, name: str) -> Path:
    tarball = layout.out / f"{name}.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(layout.out / "dist" / "yunce", arcname="yunce")
    return tarball


def version_of_project() -> str:
    for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("version"):
            return line.split("=", 1)[1].strip().strip('"')
    return "0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build and smoke-run the Yunce bundle in an old-glibc Debian root file system."
    )
    parser.add_argument("--arch", choices=sorted(ARCHES), required=True)
    parser.add_argument("--suite", choices=SUITES, default="bullseye")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "rootfs",
        help="root file systems and outputs (default build/rootfs, ignored by git)",
    )
    parser.add_argument(
        "--mirror", default=DEFAULT_MIRROR, help="Debian mirror for debootstrap/apt"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="make -j for CPython")
    parser.add_argument("--fresh", action="store_true", help="redo the cached steps 1-3 too")
    parser.add_argument(
        "--emulated-compiler",
        action="store_true",
        help="foreign --arch: compile CPython under qemu too (hours) instead of with Debian's"
        " cross gcc in the host's own root file system (minutes; the default)",
    )
    parser.add_argument(
        "--compare", type=Path, help="another build's plan.json: fail unless equal to the fen"
    )
    parser.add_argument("--no-tarball", action="store_true", help="skip the .tar.gz")
    parser.add_argument(
        "--no-bare",
        action="store_true",
        help="skip the CLI check in a bare (minbase) root file system",
    )
    args = parser.parse_args(argv)

    debarch = ARCHES[args.arch][0]
    layout = Layout(args.work.resolve() / f"{args.suite}-{debarch}")
    started = time.monotonic()
    try:
        check_host(args.arch)
        ensure_emulation(args.arch, layout.root)  # debootstrap's second stage runs target code
        cross = not host_is_native(args.arch) and not args.emulated_compiler
        cross_from = None
        if cross:
            host_arch = next(a for a, spec in ARCHES.items() if host_is_native(a))
            host_layout = Layout(args.work.resolve() / f"{args.suite}-{ARCHES[host_arch][0]}")
            cross_from = (host_layout, args.arch)
        prepared = prepare(layout, args.arch, args.suite, args.mirror, args.jobs, args.fresh, cross)
        emulation = ensure_emulation(args.arch, layout.root)
        times = prepared["times"]
        with chroot_mounts(layout.root):
            glibc = in_root(layout.root, "ldd --version | head -1", quiet=True).stdout.strip()
            built = build_in_root(
                layout, args.suite, args.mirror, args.jobs, prepared["keys"], times, cross_from
            )
            smoked = smoke(layout)
        if not args.no_bare:
            smoked |= bare_check(
                layout, debarch, args.suite, args.mirror, digest(prepared["keys"]["rootfs"], "bare")
            )
        bundle = layout.out / "dist" / "yunce"
        found = glibc_needs.scan(bundle)
        need = glibc_needs.highest(found)
        lacking = glibc_needs.above(found, OLDEST_TARGET_GLIBC)
        size, files = bundle_size(bundle)
        name = f"yunce-{version_of_project()}-linux-{args.arch}-{args.suite}"
        tarball = None if args.no_tarball else make_tarball(layout, name)
        diffs = None
        if args.compare:
            other = json.loads(args.compare.read_text(encoding="utf-8"))
            mine = json.loads((layout.out / "plan.json").read_text(encoding="utf-8"))
            diffs = compare_plans(mine, other)
    except BuildError as exc:
        print(f"build_in_rootfs: {exc}", file=sys.stderr)
        return 1
    total = time.monotonic() - started
    # the cached steps this run reused, with the time they took when they ran
    cached = {
        name: stamp_seconds(layout, step)
        for step, name in STEP_TIMES.items()
        if name not in times and (layout.stamps / step).is_file()
    }
    report = {
        "arch": args.arch,
        "suite": args.suite,
        "rootfs_glibc": glibc,
        "emulation": emulation,
        "security_updates": "not served by the mirror"
        if layout.no_security.exists()
        else f"{args.suite}-security",
        "python": built["python"],
        "packages": built["packages"],
        "wheels_glibc": built["wheels_glibc"],
        "bundle_bytes": size,
        "bundle_files": files,
        "tarball_bytes": tarball.stat().st_size if tarball else None,
        "glibc_requirement": need,
        "glibc_requirement_files": sorted(
            str(n.path.relative_to(bundle)) for n in found if n.highest == need
        ),
        f"lacking_on_glibc_{OLDEST_TARGET_GLIBC}": {
            str(n.path.relative_to(bundle)): {v: sorted(s) for v, s in newer.items()}
            for n, newer in lacking
        },
        "times_s": {k: round(v, 1) for k, v in times.items()} | {"total": round(total, 1)},
        "cached_steps_s": cached,
        "contents": built["contents"],
        "smoke": smoked,
        "compare": None if diffs is None else {"with": str(args.compare), "differences": diffs},
    }
    (layout.out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"\n== {args.arch} bundle built in Debian {args.suite} ({glibc}), {emulation}")
    print(
        f"python {built['python']} (Debian 12 source); "
        + ", ".join(f"{k} {v}" for k, v in sorted(built["packages"].items()))
    )
    print(f"installed wheels need up to {built['wheels_glibc']}")
    print(f"bundle: {bundle}  {size / 1e6:.0f} MB in {files} files", end="")
    print(f"; {tarball.name} {tarball.stat().st_size / 1e6:.0f} MB" if tarball else "")
    print(
        "build time: PyInstaller {:.0f} s; whole run {:.0f} s ({})".format(
            times["pyinstaller"],
            total,
            ", ".join(f"{k} {v:.0f} s" for k, v in times.items() if k != "pyinstaller"),
        )
    )
    if cached:
        print(
            "reused from the cache: "
            + ", ".join(
                f"{k} (took {v:.0f} s)" if v is not None else f"{k} (time not recorded)"
                for k, v in cached.items()
            )
        )
    print(glibc_needs.summary(bundle, OLDEST_TARGET_GLIBC))
    print(
        f"smoke: plan {smoked['plan_s']} s (optimal, {smoked['total_annual_cost']:,.2f} yuan,"
        f" {smoked['systems']} systems), CBC {smoked['plan_cbc_s']} s (agrees),"
        f" gui --solve --screenshot {smoked['gui_s']} s ({smoked['screenshot'][0]}x"
        f"{smoked['screenshot'][1]} PNG), bare start to first paint {smoked['first_paint_s']} s"
        f" ({smoked['start_s']} s with loading the bundle)"
    )
    if "bare_plan_s" in smoked:
        print(
            f"bare {args.suite} ({smoked['bare_packages']} packages, minbase): plan --sample"
            f" {smoked['bare_plan_s']} s, the same plan to the fen"
        )
    print(f"outputs: {layout.out} (plan.json, plan.xlsx, gui.png, report.json)")
    if diffs is not None:
        if diffs:
            print(f"plan differs from {args.compare}:\n  " + "\n  ".join(diffs))
            return 1
        print(f"plan equals {args.compare} to the fen (total and all {smoked['systems']} systems)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
