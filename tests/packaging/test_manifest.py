"""The installer carries every data file the package uses (packaging/manifest.py, yunce.spec)."""

from __future__ import annotations

import fnmatch
import os
import tomllib
from pathlib import Path

import pytest

from tests.packaging.conftest import PACKAGING, ROOT, load_script

manifest = load_script("manifest")
SHIPPED = {p.as_posix() for p in manifest.data_files()}


def _package_tree_data() -> set[str]:
    """Every non-Python file under the packages (what a new data file would be)."""
    found = set()
    for package in manifest.PACKAGES:
        for dirpath, dirnames, filenames in os.walk(ROOT / package):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for name in filenames:
                if name.endswith((".py", ".pyc")):
                    continue
                found.add((Path(dirpath) / name).relative_to(ROOT).as_posix())
    return found


def _package_data_globs() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    table = config["tool"]["setuptools"]["package-data"]
    return [f"{package}/{pattern}" for package, patterns in table.items() for pattern in patterns]


def test_every_data_file_in_the_package_tree_is_shipped() -> None:
    missing = sorted(_package_tree_data() - SHIPPED - set(manifest.NOT_SHIPPED))
    assert not missing, f"add these to DATA_PATTERNS in packaging/manifest.py: {missing}"


def test_every_package_data_file_is_shipped() -> None:
    """What pip installs, the frozen build carries too."""
    globs = _package_data_globs()
    wheel = {f for f in _package_tree_data() if any(fnmatch.fnmatch(f, g) for g in globs)}
    assert wheel, "pyproject package-data matched nothing"
    assert not sorted(wheel - SHIPPED)


def test_every_shipped_file_is_package_data() -> None:
    """...and the other way round: a file the bundle needs is also in the pip wheel."""
    globs = _package_data_globs()
    not_in_wheel = sorted(f for f in SHIPPED if not any(fnmatch.fnmatch(f, g) for g in globs))
    assert not not_in_wheel, (
        f"add to [tool.setuptools.package-data] in pyproject.toml: {not_in_wheel}"
    )


def test_the_sample_translations_licences_and_icon_are_listed() -> None:
    for needed in (
        "data/samples/sample_county.xlsx",
        "data/schema.csv",
        "ui/i18n/yunce_en.qm",
        "ui/resources/yunce.png",
        "ui/licenses/qt.txt",
        "ui/licenses/highs.txt",
        "ui/licenses/cbc.txt",
    ):
        assert needed in SHIPPED
    assert len([f for f in SHIPPED if f.startswith("data/samples/raw/")]) >= 9


def test_a_pattern_that_matches_nothing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest, "DATA_PATTERNS", (*manifest.DATA_PATTERNS, "ui/gone/*.bin"))
    with pytest.raises(FileNotFoundError, match="ui/gone"):
        manifest.data_files()


def test_the_spec_takes_its_data_files_from_the_manifest() -> None:
    spec = (PACKAGING / "yunce.spec").read_text(encoding="utf-8")
    assert "manifest.pyinstaller_datas(ROOT)" in spec and "manifest.cbc_binary()" in spec
    assert not (
        PACKAGING / "__init__.py"
    ).exists()  # a folder of scripts, not the 'packaging' package


def test_pyinstaller_destinations_keep_the_package_folders() -> None:
    pairs = manifest.pyinstaller_datas()
    by_name = {Path(src).relative_to(ROOT).as_posix(): dest for src, dest in pairs}
    assert Path(by_name["data/samples/sample_county.xlsx"]).as_posix() == "data/samples"
    assert Path(by_name["ui/i18n/yunce_en.qm"]).as_posix() == "ui/i18n"


def test_the_cbc_binary_is_found_for_the_bundle() -> None:
    cbc = manifest.cbc_binary()
    assert cbc is not None
    src, dest = cbc
    assert Path(src).is_file() and Path(dest).parts[:3] == ("pulp", "solverdir", "cbc")


def test_cbc_path_is_normalised() -> None:
    """In the frozen build pulp/apis is no folder, so '.../apis/../solverdir' must be normalised."""
    from planner.solvers import cbc_path as _cbc_path

    path = _cbc_path()
    assert path is not None and ".." not in Path(path).parts and os.path.isfile(path)
