"""Fixtures for the installer tests: offscreen Qt, isolated settings, the packaging/ scripts."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402


def load_script(name: str) -> ModuleType:
    """A module from packaging/ (a folder of scripts, not a package); "linux/x" for a subfolder.

    Registered in sys.modules before it runs: dataclasses look their module up there.
    """
    module_name = f"yunce_packaging_{name.replace('/', '_')}"
    spec = importlib.util.spec_from_file_location(module_name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own settings, recovery file and log folder."""
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("YUNCE_CONFIG_DIR", str(folder))
    monkeypatch.setenv("YUNCE_LOG_DIR", str(tmp_path / "logs"))
    return folder
