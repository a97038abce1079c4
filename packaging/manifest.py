"""Every data file Yunce reads at run time, for the frozen build (``packaging/yunce.spec``).

The list is written out by hand on purpose: ``tests/packaging/test_manifest.py`` compares it with
pyproject's package-data and with the package tree, so a new data file (a sheet, an icon, a
translation) that is not listed here fails a test instead of silently missing from the installer.

Run ``python packaging/manifest.py`` to print the (source, bundle folder) pairs.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Glob patterns relative to the repository root; each match keeps its folder in the bundle.
DATA_PATTERNS: tuple[str, ...] = (
    "planner/py.typed",
    "data/py.typed",
    "data/schema.csv",
    "data/samples/sample_county.xlsx",  # the sample county (opened on first start)
    "data/samples/sample_county_years.xlsx",  # its 3-year plan 2026–2028 (yunce plan --sample-years)
    "data/samples/raw/*.xlsx",  # raw vendor sheets for trying the importers
    "data/samples/raw/*.csv",
    "ui/i18n/yunce_en.qm",  # English UI
    "ui/i18n/yunce_en.ts",
    "ui/i18n/qt_gaps_zh_CN.qm",  # Chinese for Qt's own dialogs where qtbase_zh_CN.qm has none
    "ui/i18n/qt_gaps_zh_CN.ts",
    "ui/help/*.html",  # 帮助 → 使用手册 (F1), Chinese and English
    "ui/help/images/*.png",  # its screenshots (docs/screenshots/make_help_screenshots.sh)
    "ui/licenses/*.txt",  # licences of bundled components (帮助 → 关于)
    "ui/resources/*.png",  # app icon
)

#: Files in the package tree that are deliberately NOT shipped (developer-only sources).
NOT_SHIPPED: tuple[str, ...] = (
    "ui/i18n/en.json",  # the English table ``python -m ui.app.i18n`` compiles into yunce_en.qm
)

#: The packages whose tree is checked for data files.
PACKAGES: tuple[str, ...] = ("planner", "data", "ui")


def data_files(root: Path = ROOT) -> list[Path]:
    """Every file the patterns match, relative to root, sorted."""
    found: set[Path] = set()
    for pattern in DATA_PATTERNS:
        matches = [p for p in root.glob(pattern) if p.is_file()]
        if not matches:
            raise FileNotFoundError(
                f"packaging/manifest.py: pattern {pattern!r} matches no file under {root}"
            )
        found.update(p.relative_to(root) for p in matches)
    return sorted(found)


def pyinstaller_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for the spec's ``datas``."""
    return [(str(root / rel), str(rel.parent)) for rel in data_files(root)]


def cbc_binary() -> tuple[str, str] | None:
    """(the CBC binary PuLP ships for this machine, its folder inside the bundle), or None."""
    import os

    import pulp
    from pulp.apis.coin_api import pulp_cbc_path

    path = Path(os.path.normpath(pulp.COIN_CMD.executableExtension(pulp_cbc_path)))
    if not path.is_file():
        return None
    pulp_dir = Path(pulp.__file__).resolve().parent
    return str(path), str(Path("pulp") / path.parent.relative_to(pulp_dir))


if __name__ == "__main__":
    for src, dest in pyinstaller_datas():
        print(f"{src} -> {dest}")
    print("cbc:", cbc_binary(), file=sys.stderr)
