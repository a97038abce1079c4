"""The frozen entry point's dispatch: commands go to the CLI, a bare start or a file to the app."""

from __future__ import annotations

from tests.packaging.conftest import load_script

entry = load_script("entry")


def test_commands_go_to_the_command_line() -> None:
    assert entry.cli_args(["plan", "--sample", "--json", "-"], False) == [
        "plan",
        "--sample",
        "--json",
        "-",
    ]
    assert entry.cli_args(["analyze", "--sample"], False) == ["analyze", "--sample"]
    assert entry.cli_args(["--help"], False) == ["--help"]


def test_a_double_click_opens_the_app() -> None:
    assert entry.cli_args([], False) == ["gui"]


def test_a_file_from_the_file_association_opens_in_the_app() -> None:
    assert entry.cli_args(["/home/u/青山县.yunce"], False) == ["gui", "/home/u/青山县.yunce"]
    assert entry.cli_args(["C:\\数据\\输入.XLSX"], False) == ["gui", "C:\\数据\\输入.XLSX"]


def test_the_windowed_launcher_always_opens_the_app() -> None:
    assert entry.cli_args([], True) == ["gui"]
    assert entry.cli_args(["a.yunce"], True) == ["gui", "a.yunce"]


def test_an_unknown_word_still_reaches_the_command_line_for_its_error() -> None:
    assert entry.cli_args(["plna"], False) == ["plna"]


def test_a_missing_system_graphics_library_is_named_with_its_package() -> None:
    # the exact text the dynamic loader gives Python when a bare system lacks libGL (measured in
    # a minbase Debian 11 root file system, issue 25)
    exc = ImportError("libGL.so.1: cannot open shared object file: No such file or directory")
    message = entry.missing_library_message(exc)
    assert message is not None
    assert "libGL.so.1" in message and "sudo apt install libgl1" in message
    assert "yunce plan" in message  # the command line still works there, and the user is told
    unknown = ImportError("libfoo.so.3: cannot open shared object file: No such file or directory")
    assert "libfoo.so.3" in (entry.missing_library_message(unknown) or "")


def test_other_import_errors_are_not_blamed_on_the_system() -> None:
    assert entry.missing_library_message(ImportError("No module named 'ui.app'")) is None


def test_the_startup_probe_closes_the_window_cleanly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The probe quits at the first paint while the inputs' background check may still run: it
    closes the window like a user (closeEvent waits for that thread). app.exit() there aborted
    with "QThread: Destroyed while thread is still running" (6 of 6 runs from source)."""
    import os
    import subprocess
    import sys

    from tests.packaging.conftest import ROOT

    env = os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "YUNCE_STARTUP_PROBE": "1",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    for _ in range(3):  # the race lost most runs; three clean exits in a row
        done = subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "entry.py")],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=180,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "startup-probe: first paint after" in done.stdout
        assert "QThread" not in done.stderr
