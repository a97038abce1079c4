"""Helpers of the reliability tests (issue 23): yunce run in-process or in a child process with
a file-size limit or a private mount namespace (a full disk, a read-only folder), and checks
that a failed run left nothing behind.

The tests of this folder use only the command line and the public readers, so the same file
can be run against an older checkout to show that each defect it covers was there before.
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long fuzz run (marker fuzz_long) runs only when -m names it."""
    if "fuzz_long" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="the 10,000-case fuzz run: select it with -m fuzz_long")
    for item in items:
        if "fuzz_long" in item.keywords:
            item.add_marker(skip)


@dataclass(frozen=True)
class Run:
    """What one run of yunce did."""

    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out[-3000:]}\n--- stderr\n{self.err[-3000:]}"


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """yunce in this process (fast; for cases needing no limit or namespace)."""
    from ui.cli import main

    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return Run(code, cap.out, cap.err)


def child_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",  # under a file-size limit, a .pyc write must not be the test
        YUNCE_LOG_DIR=str(tmp / "logs"),
        YUNCE_CONFIG_DIR=str(tmp / "config"),
        HOME=str(tmp / "home"),
        TMPDIR=str(tmp / "systmp"),  # the system's temporary folder, checked for leftovers
        QT_QPA_PLATFORM="offscreen",
    )
    (tmp / "home").mkdir(exist_ok=True)
    (tmp / "systmp").mkdir(exist_ok=True)
    return env


@functools.cache
def can_unshare() -> bool:
    """Private mount namespaces (root with unshare): a tmpfs can be a full disk."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    try:
        proc = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "true"],
            capture_output=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


needs_namespace = pytest.mark.skipif(
    not can_unshare(), reason="needs root and unshare (a private mount namespace)"
)
needs_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="needs root (mknod of a device node)"
)


def run_child(
    tmp: Path,
    *argv: str,
    file_size_limit: int | None = None,
    mount_setup: str | None = None,
    mount_after: str | None = None,
    timeout: float = 180,
    cwd: Path | None = None,
) -> Run:
    """yunce in a child process: under RLIMIT_FSIZE (bytes), or after a shell mount_setup run in
    a private mount namespace (so a tmpfs full disk or read-only bind mount is seen only there);
    mount_after runs in the same namespace after yunce, its output after a line AFTER:."""
    cmd = [sys.executable, "-m", "ui.cli", *map(str, argv)]
    if mount_setup is not None:
        cmd = [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            f'{mount_setup} || exit 99; "$@"; rc=$?; echo AFTER:; {mount_after or "true"}; '
            "exit $rc",
            "sh",
            *cmd,
        ]

    def limit() -> None:  # pragma: no cover - runs in the child
        if file_size_limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    proc = subprocess.run(
        cmd,
        cwd=cwd or ROOT,
        env=child_env(tmp),
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit if file_size_limit is not None else None,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@dataclass(frozen=True)
class Measured:
    """A child run with its wall time and peak memory."""

    run: Run
    seconds: float
    peak_mb: float


#: Runs ``python -m ui.cli ARGS`` in a grandchild and writes its peak memory to a file. A process
#: started from pytest inherits pytest's own high-water mark in ru_maxrss (Linux keeps the larger
#: of the old and new memory at exec, and a vfork or fork child starts from the parent's): late in
#: a full run the suite's process is several hundred MB, which a direct child then "used". The
#: launcher is a fresh small process, so the grandchild it forks starts from almost nothing.
_MEASURING_LAUNCHER = """
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "ui.cli", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def run_child_measured(tmp: Path, *argv: str, timeout: float = 300) -> Measured:
    """yunce in a child process, with its wall time and peak resident memory (wait4)."""
    import signal
    import time

    started = time.perf_counter()
    out_path, err_path = tmp / "child.out", tmp / "child.err"
    rss_path = tmp / "child.maxrss"
    rss_path.unlink(missing_ok=True)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURING_LAUNCHER, str(rss_path), *map(str, argv)],
            cwd=ROOT,
            env=child_env(tmp),
            stdout=out,
            stderr=err,
            start_new_session=True,  # a timeout kills the launcher and yunce together
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.perf_counter() - started
    run = Run(
        proc.returncode,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
    )
    text = rss_path.read_text(encoding="utf-8") if rss_path.exists() else ""
    maxrss_kib = int(text) if text.strip() else usage.ru_maxrss  # killed: the launcher's figure
    return Measured(run, seconds, maxrss_kib / 1024)  # ru_maxrss is in KiB on Linux


def assert_clean_refusal(run: Run, *named: str) -> None:
    """Exit 2 with a message naming what it should, and no traceback of any kind."""
    assert run.code == 2, str(run)
    for text in named:
        assert text in run.err, f"{text!r} not named\n{run}"
    for noise in ("Traceback", "Exception ignored", "内部错误"):
        assert noise not in run.err + run.out, str(run)


def listing(folder: Path) -> set[str]:
    """Every name in folder and below (relative), to compare before and after a run."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def kind(path: Path) -> str:
    mode = os.lstat(path).st_mode
    for test, name in (
        (stat.S_ISREG, "file"),
        (stat.S_ISDIR, "folder"),
        (stat.S_ISCHR, "char device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISFIFO, "fifo"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISLNK, "link"),
    ):
        if test(mode):
            return name
    return "other"


@pytest.fixture()
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A run's log, config and home folders inside tmp_path (nothing written elsewhere)."""
    for name, var in (("logs", "YUNCE_LOG_DIR"), ("config", "YUNCE_CONFIG_DIR"), ("home", "HOME")):
        (tmp_path / name).mkdir(exist_ok=True)
        monkeypatch.setenv(var, str(tmp_path / name))
    return tmp_path


@pytest.fixture(scope="session")
def sample_input():
    from data.samples import sample_county

    return sample_county()


@pytest.fixture()
def county_xlsx(tmp_path: Path, sample_input) -> Path:
    """The sample county as a canonical workbook (Chinese headers)."""
    from data.writer import write_input_workbook

    path = tmp_path / "county.xlsx"
    write_input_workbook(sample_input, path, lang="zh")
    return path
