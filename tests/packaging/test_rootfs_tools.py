"""The helpers of the old-glibc build (issue 25), checked without building anything.

`glibc_needs.py` decides what the build prints as the bundle's glibc requirement and what a
glibc 2.28 system lacks, so its reading of ELF files is checked against binutils' `objdump -T`
(an independent reader) on real libraries of this machine. `build_in_rootfs.compare_plans` is
what says "equal to the fen" for the arm64 plan; it is checked on hand-made plans.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import load_script

glibc_needs = load_script("linux/glibc_needs")
build_in_rootfs = load_script("linux/build_in_rootfs")

UND = re.compile(r"\*UND\*\s+\S+\s+\(?(GLIBC_2[.0-9]*)\)?\s+(\S+)$")


def objdump_needs(path: Path) -> dict[str, set[str]]:
    """GLIBC version -> undefined symbols, as objdump -T lists them."""
    out = subprocess.run(
        ["objdump", "-T", str(path)], capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, set[str]] = {}
    for line in out.splitlines():
        match = UND.search(line)
        if match:
            found.setdefault(match.group(1), set()).add(match.group(2))
    return found


def host_elf_files() -> list[Path]:
    """A few real ELF files: the interpreter, Qt, shiboken, HiGHS and two system libraries."""
    import highspy
    import PySide6
    import shiboken6

    qt = Path(PySide6.__file__).parent / "Qt" / "lib"
    candidates = [
        Path(sys.executable).resolve(),
        qt / "libQt6Core.so.6",
        qt / "libQt6Gui.so.6",
        *sorted(Path(shiboken6.__file__).parent.glob("libshiboken6*.so*"))[:1],
        *sorted(Path(highspy.__file__).parent.glob("_core*.so")),
        Path("/usr/lib/x86_64-linux-gnu/libpng16.so.16"),
        Path("/usr/lib/x86_64-linux-gnu/libsqlite3.so.0"),
    ]
    return [p.resolve() for p in candidates if p.exists()]


@pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump (binutils) not installed")
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files")
def test_glibc_needs_reads_what_objdump_reads() -> None:
    files = host_elf_files()
    assert len(files) >= 4
    assert sum(bool(objdump_needs(p)) for p in files) >= 4  # real work for the comparison
    for path in files:
        mine = glibc_needs.read_needs(path)
        assert mine is not None, path
        theirs = objdump_needs(path)
        assert mine.symbols == theirs, path
        assert mine.versions >= set(theirs), path
        if theirs:
            assert mine.highest == max(theirs, key=glibc_needs.version_key)


def test_glibc_needs_ignores_what_is_not_elf(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an ELF file", encoding="utf-8")
    (tmp_path / "short").write_bytes(b"\x7fELF")
    assert glibc_needs.read_needs(tmp_path / "notes.txt") is None
    assert glibc_needs.read_needs(tmp_path / "short") is None
    assert glibc_needs.scan(tmp_path) == []
    assert "no ELF file" in glibc_needs.summary(tmp_path)


def test_versions_compare_as_numbers_not_text() -> None:
    assert glibc_needs.version_key("GLIBC_2.9") < glibc_needs.version_key("GLIBC_2.28")
    assert glibc_needs.version_key("GLIBC_2.2.5") < glibc_needs.version_key("GLIBC_2.3")


def test_above_lists_the_symbols_an_older_glibc_lacks() -> None:
    lib = glibc_needs.ElfNeeds(
        Path("libx.so"),
        versions={"GLIBC_2.2.5", "GLIBC_2.29", "GLIBC_2.30"},
        symbols={"GLIBC_2.2.5": {"free"}, "GLIBC_2.29": {"exp", "pow"}, "GLIBC_2.30": {"gettid"}},
    )
    old = glibc_needs.ElfNeeds(Path("liby.so"), {"GLIBC_2.17"}, {"GLIBC_2.17": {"memcpy"}})
    assert glibc_needs.highest([lib, old]) == "GLIBC_2.30"
    lacking = glibc_needs.above([lib, old], "2.28")
    assert [(n.path.name, newer) for n, newer in lacking] == [
        ("libx.so", {"GLIBC_2.29": {"exp", "pow"}, "GLIBC_2.30": {"gettid"}})
    ]
    assert glibc_needs.above([lib, old], "2.30") == []


PLAN = {
    "status": "optimal",
    "total_annual_cost": 1234567.89,
    "xinchuang_share": 0.75,
    "vendor_shares": {"华为云": 0.6, "天翼云": 0.4},
    "vendors_used": 2,
    "assignments": [
        {"workload": "财政一体化", "vendor": "华为云", "platform": "鲲鹏", "annual_cost": 800000.0},
        {"workload": "门户网站", "vendor": "天翼云", "platform": "海光", "annual_cost": 434567.89},
    ],
    "vendor_terms": [
        {"vendor": "华为云", "spend": 800000.0, "tier_discount": -100.0, "adjustment": -100.0}
    ],
}


def test_compare_plans_equal_to_the_fen() -> None:
    other = copy.deepcopy(PLAN)
    other["total_annual_cost"] += 0.004  # below half a fen: the same amount on paper
    assert build_in_rootfs.compare_plans(PLAN, other) == []


def test_compare_plans_names_every_difference() -> None:
    other = copy.deepcopy(PLAN)
    other["total_annual_cost"] += 0.01
    other["assignments"][1]["annual_cost"] -= 0.01
    other["assignments"][0]["platform"] = "x86"
    other["vendor_terms"][0]["tier_discount"] = -100.01
    other["xinchuang_share"] = 0.5
    diffs = build_in_rootfs.compare_plans(PLAN, other)
    joined = "\n".join(diffs)
    assert len(diffs) == 5, joined
    assert "total 1234567.89 vs 1234567.90" in joined
    assert "门户网站: 434567.89 vs 434567.88" in joined
    assert "财政一体化: 华为云/鲲鹏 vs 华为云/x86" in joined
    assert "华为云 tier_discount" in joined and "xinchuang_share" in joined


def test_compare_plans_sees_a_missing_system() -> None:
    other = copy.deepcopy(PLAN)
    del other["assignments"][0]
    assert build_in_rootfs.compare_plans(PLAN, other) == ["财政一体化: only in this plan"]


def test_relative_symlinks_point_at_the_same_file_inside_the_root(tmp_path: Path) -> None:
    """A cross linker with --sysroot follows libm.so from outside the root file system: an
    absolute link would reach the host's /lib; the relative one reaches the root's own file."""
    root = tmp_path / "root"
    (root / "usr" / "lib" / "aarch64-linux-gnu").mkdir(parents=True)
    (root / "lib").symlink_to("usr/lib")  # merged /usr, as debootstrap makes bullseye
    libdir = root / "usr" / "lib" / "aarch64-linux-gnu"
    (libdir / "libm.so.6").write_bytes(b"target libm")
    (libdir / "libm.so").symlink_to("/lib/aarch64-linux-gnu/libm.so.6")  # absolute
    (libdir / "libz.so").symlink_to("libz.so.1")  # already relative: left alone
    (libdir / "libz.so.1").write_bytes(b"target libz")

    changed = build_in_rootfs.relative_symlinks(
        root, ("/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/missing")
    )

    assert changed == 1
    link = libdir / "libm.so"
    assert not Path(link.readlink()).is_absolute()
    assert link.read_bytes() == b"target libm"  # resolved from outside, inside the root
    assert link.resolve().is_relative_to(root.resolve())
    assert (libdir / "libz.so").readlink() == Path("libz.so.1")
    # the same folder reached through /lib: nothing left to change
    assert build_in_rootfs.relative_symlinks(root, ("/lib/aarch64-linux-gnu",)) == 0
