"""Shared helpers of the data tests: recalculating workbooks with LibreOffice headless."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")

# A fresh LibreOffice profile that recalculates every formula on load (Tools ▸ Options ▸
# Calc ▸ Formula ▸ "Recalculation on file load: always"), so the cached values it writes
# are its own results and never values that came with the file.
_RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def libreoffice_convert(files: Sequence[Path], outdir: Path, fmt: str = "xlsx") -> list[Path]:
    """Convert files with one headless LibreOffice run (recalculating); returns the outputs."""
    assert SOFFICE is not None
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_RECALC_PROFILE, encoding="utf-8")
        cmd = [
            SOFFICE,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, files),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    outs = [outdir / (Path(f).stem + "." + fmt.split(":")[0]) for f in files]
    missing = [o for o in outs if not o.exists()]
    assert not missing, f"LibreOffice did not write {missing}: {proc.stdout}\n{proc.stderr}"
    return outs


@pytest.fixture(scope="session")
def recalc() -> Callable[[Sequence[Path], Path], list[Path]]:
    """The LibreOffice converter (tests using it are skipped when soffice is missing)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return libreoffice_convert
