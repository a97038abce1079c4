"""Issue 23, point 1: every file yunce writes goes through one safe writer.

Each test is one defect the issue lists (the output paths campaign): a device, FIFO, socket or
folder at an output is refused and left as it was; a read-only file is replaced only with
--force; an input of the run is never overwritten; every OS error (name too long, missing or
read-only folder, full device, file-size limit, full disk) is exit 2 naming the path, with no
traceback, no temporary file left and the old file intact.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from conftest import (
    assert_clean_refusal,
    kind,
    listing,
    needs_namespace,
    needs_root,
    run_child,
    run_main,
)

pytestmark = pytest.mark.usefixtures("isolated")

#: The three outputs of `yunce plan`, each with a name its kind of file would have.
PLAN_OUTPUTS = [("-o", "plan.xlsx"), ("--json", "summary.json"), ("--write-lp", "model.lp")]


def _special(folder: Path, what: str) -> Path:
    path = folder / f"special-{what.replace(' ', '-')}"
    if what == "char device":
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    elif what == "fifo":
        os.mkfifo(path)
    elif what == "socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()
    elif what == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    "what",
    [pytest.param("char device", marks=needs_root), "fifo", "socket", "folder"],
)
@pytest.mark.parametrize("flag", [f for f, _ in PLAN_OUTPUTS])
def test_special_file_at_an_output_is_refused_and_kept(tmp_path, capsys, what, flag):
    """`yunce plan --sample --json /dev/null` (as root) turned /dev/null into a regular file."""
    out = tmp_path / "out"
    out.mkdir()
    target = _special(out, what)
    before = listing(out)
    run = run_main(capsys, "plan", "--sample", flag, target)
    assert_clean_refusal(run, str(target))
    assert kind(target) == what
    assert listing(out) == before  # no temporary file left beside it


@pytest.mark.parametrize("flag,name", PLAN_OUTPUTS)
def test_read_only_output_needs_force(tmp_path, capsys, flag, name):
    """The atomic replace silently replaced a read-only file."""
    target = tmp_path / name
    target.write_bytes(b"old contents")
    target.chmod(0o444)
    run = run_main(capsys, "plan", "--sample", flag, target)
    assert_clean_refusal(run, str(target), "--force")
    assert target.read_bytes() == b"old contents"
    assert listing(tmp_path) - {"logs", "config", "home"} == {name}
    run = run_main(capsys, "plan", "--sample", flag, target, "--force")
    assert run.code == 0, str(run)
    assert target.read_bytes() != b"old contents" and target.stat().st_size > 100


@pytest.mark.parametrize("flag", ["-o", "--json", "--write-lp"])
def test_output_onto_the_input_workbook_is_refused(tmp_path, capsys, county_xlsx, flag):
    """`-o`/`--json` pointed at the input workbook overwrote the input without a word."""
    before = county_xlsx.read_bytes()
    run = run_main(capsys, "plan", county_xlsx, flag, county_xlsx)
    assert_clean_refusal(run, "county.xlsx")
    assert county_xlsx.read_bytes() == before
    # the same file under another name (a hard link, a symbolic link) is the same input
    hard, soft = tmp_path / "hard.xlsx", tmp_path / "soft.xlsx"
    os.link(county_xlsx, hard)
    soft.symlink_to(county_xlsx)
    for alias in (hard, soft):
        run = run_main(capsys, "plan", county_xlsx, flag, alias)
        assert_clean_refusal(run, alias.name)
        assert county_xlsx.read_bytes() == before


def test_import_output_onto_an_input_is_refused(tmp_path, capsys):
    raw = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw"
    inventory = tmp_path / "inventory.xlsx"
    inventory.write_bytes((raw / "信息系统清单.xlsx").read_bytes())
    before = inventory.read_bytes()
    run = run_main(
        capsys,
        "import",
        "--prices",
        raw / "华为云报价.xlsx",
        "--workloads",
        inventory,
        "-o",
        inventory,
        "--no-remember",
    )
    assert_clean_refusal(run, "inventory.xlsx")
    assert inventory.read_bytes() == before


LONG = "长" * 200 + ".xlsx"  # 605 bytes in UTF-8: beyond NAME_MAX (255)


@pytest.mark.parametrize(
    "argv",
    [
        ("plan", "--sample", "-o", "{long}"),
        ("plan", "--sample", "--json", "{long}"),
        ("plan", "--sample", "--write-lp", "{long}"),
        ("template", "-o", "{long}"),
        ("rfq", "--sample", "-o", "{long}"),
    ],
    ids=["plan-o", "plan-json", "plan-lp", "template", "rfq"],
)
def test_name_too_long_is_exit_2(tmp_path, capsys, argv):
    """ENAMETOOLONG was exit 1 (internal error) for plan, template and import."""
    long = tmp_path / LONG
    run = run_main(capsys, *(a.format(long=long) for a in argv))
    assert_clean_refusal(run, "太长")
    assert listing(tmp_path) == {"logs", "config", "home"}


def test_import_name_too_long_is_exit_2(tmp_path, capsys):
    raw = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw"
    run = run_main(
        capsys,
        "import",
        "--prices",
        raw / "华为云报价.xlsx",
        "--workloads",
        raw / "信息系统清单.xlsx",
        "-o",
        tmp_path / LONG,
        "--no-remember",
    )
    assert_clean_refusal(run, "太长")


def test_write_lp_into_a_missing_folder(tmp_path, capsys):
    """--write-lp into a missing folder was exit 1."""
    target = tmp_path / "missing" / "model.lp"
    run = run_main(capsys, "plan", "--sample", "--write-lp", target)
    assert_clean_refusal(run, str(target), "不存在")


@needs_root
def test_write_lp_onto_a_full_device(tmp_path, capsys):
    """--write-lp onto /dev/full was exit 1 (ENOSPC); here a private copy of /dev/full."""
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    run = run_main(capsys, "plan", "--sample", "--write-lp", full)
    assert_clean_refusal(run, str(full))
    assert kind(full) == "char device"


@needs_namespace
@pytest.mark.parametrize("flag,name", PLAN_OUTPUTS)
def test_output_into_a_read_only_folder(tmp_path, flag, name):
    """--write-lp into a read-only folder was exit 1 (a read-only bind mount: EROFS even for
    root, who ignores permission bits)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / name).write_bytes(b"old")
    run = run_child(
        tmp_path,
        "plan",
        "--sample",
        flag,
        folder / name,
        mount_setup=f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder}",
    )
    assert_clean_refusal(run, str(folder / name))
    assert (folder / name).read_bytes() == b"old"
    assert listing(folder) == {name}


@pytest.mark.parametrize(
    "argv,name",
    [
        *((("plan", "--sample", flag, "{target}"), name) for flag, name in PLAN_OUTPUTS),
        (("template", "-o", "{target}"), "模板.xlsx"),
    ],
    ids=["plan-o", "plan-json", "plan-lp", "template"],
)
def test_file_size_limit_is_exit_2_and_leaves_nothing(tmp_path, argv, name):
    """Under a file-size limit, `--json out/s.json` exited 2 but left out/.s.json.XXXXXXXX
    (and --write-lp was exit 1, or the process was killed by SIGXFSZ); a workbook's parts
    left in the system's temporary folder count as leftovers too."""
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_bytes(b"old")
    target = out / name
    run = run_child(tmp_path, *(a.format(target=target) for a in argv), file_size_limit=4096)
    assert_clean_refusal(run, str(target))
    assert target.read_bytes() == b"old"
    assert listing(out) == {name}
    assert listing(tmp_path / "systmp") == set()


FULL_DISK = "mount -t tmpfs -o size=48k tmpfs {folder}"


@needs_namespace
@pytest.mark.parametrize(
    "argv",
    [
        ("template", "-o", "{folder}/模板.xlsx"),
        ("rfq", "--sample", "-o", "{folder}/询价单.xlsx"),
        ("plan", "--sample", "-o", "{folder}/plan.xlsx"),
        ("plan", "--sample", "--write-lp", "{folder}/model.lp"),
    ],
    ids=["template", "rfq", "plan", "lp"],
)
def test_full_disk_is_exit_2_without_a_traceback(tmp_path, argv):
    """template/rfq on a full disk exited 2, then printed openpyxl's 'Exception ignored …
    Traceback'; the folder is a 48 KiB tmpfs seen only by the child."""
    folder = tmp_path / "disk"
    folder.mkdir()
    run = run_child(
        tmp_path,
        *(a.format(folder=folder) for a in argv),
        mount_setup=FULL_DISK.format(folder=folder)
        + f" && head -c 40000 /dev/zero > {folder}/ballast",
        mount_after=f"ls -A {folder}",
    )
    assert_clean_refusal(run, "磁盘空间不足")
    assert run.out.split("AFTER:\n", 1)[1].split() == ["ballast"]  # nothing left on the disk
