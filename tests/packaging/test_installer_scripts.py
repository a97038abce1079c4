"""The Windows and Linux installer scripts agree with the spec and the app (they cannot be run here).

Nothing Windows-specific can run on the Linux CI; these checks catch the drift that would break a
Windows build silently: a renamed executable, icon path or project-file suffix.
"""

from __future__ import annotations

import re

from tests.packaging.conftest import PACKAGING, ROOT, load_script

ISS = (PACKAGING / "windows" / "yunce.iss").read_text(encoding="utf-8-sig")
PS1 = (PACKAGING / "windows" / "build_windows.ps1").read_text(encoding="utf-8-sig")
SPEC = (PACKAGING / "yunce.spec").read_text(encoding="utf-8")
INSTALL_SH = (PACKAGING / "linux" / "install.sh").read_text(encoding="utf-8")


def test_windows_files_carry_a_bom_so_chinese_text_survives() -> None:
    """Inno Setup and Windows PowerShell 5 read BOM-less files in the ANSI code page."""
    for name in ("yunce.iss", "build_windows.ps1"):
        assert (PACKAGING / "windows" / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


def test_installer_launches_the_windowed_exe_the_spec_builds() -> None:
    assert 'name="yunce-gui", console=False' in SPEC
    assert 'name="yunce", console=True' in SPEC
    assert ISS.count(r"{app}\yunce-gui.exe") >= 4  # shortcut, desktop icon, association, run
    entry = load_script("entry")
    assert entry.cli_args([], gui_launcher=True) == ["gui"]


def test_icon_path_is_the_same_in_script_spec_and_installer() -> None:
    assert r"make_icon.py --ico build\yunce.ico" in PS1
    assert 'ROOT / "build" / "yunce.ico"' in SPEC
    assert r"SetupIconFile=..\..\build\yunce.ico" in ISS


def test_file_association_uses_the_apps_project_suffix() -> None:
    from ui.app.project import SUFFIX

    entry = load_script("entry")
    assert SUFFIX in entry.OPENABLE
    assert f'Subkey: "Software\\Classes\\{SUFFIX}"' in ISS
    assert '""%1""' in ISS  # the file is passed to the app
    assert f'<glob pattern="*{SUFFIX}"/>' in INSTALL_SH


def test_installer_takes_the_bundle_from_where_build_py_puts_it() -> None:
    build = load_script("build")
    assert build.executable(ROOT / "dist").parent == ROOT / "dist" / "yunce"
    assert r'#define SourceDir "..\..\dist\yunce"' in ISS
    assert r"python packaging\build.py" in PS1


def test_installer_version_is_passed_from_pyproject() -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert re.search(r'#define AppVersion "([^"]+)"', ISS).group(1) == version  # type: ignore[union-attr]
    assert '"/DAppVersion=$Version"' in PS1
