"""planner is pure: it imports and solves with Qt, openpyxl, calamine and the data/ui layers blocked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PLANNER = Path(__file__).resolve().parents[2] / "planner"

SCRIPT = r"""
import importlib.abc, sys
BLOCKED = {"PySide6", "shiboken6", "openpyxl", "python_calamine", "data", "ui"}
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"planner must not import {name}")
        return None
sys.meta_path.insert(0, Blocker())
import pkgutil, importlib, planner
for mod in pkgutil.iter_modules(planner.__path__):
    importlib.import_module(f"planner.{mod.name}")
from planner.model import *
from planner.optimize import solve
p = Platform("V", "p", Deployment.PRIVATE, True, 3)
prices = (PriceLine("V", "p", "vcpu", 50.0, Period.MONTH), PriceLine("V", "p", "security_l3", 1000.0))
w = Workload("w", "d", 2, 0, 0, 0, DataClass.IMPORTANT, 3)
plan = solve(PlanInput((p,), prices, (w,)))
assert abs(plan.total_annual_cost - (2 * 50 * 12 + 1000)) < 1e-9, plan
print("ok", sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED))
"""


def test_planner_runs_without_qt_openpyxl_or_data_layers():
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok []"


def test_planner_source_has_no_file_access():
    forbidden = re.compile(
        r"(?<![\w.])open\(|\bpathlib\b|\bread_text\(|\bwrite_text\(|\bimport (PySide6|openpyxl)"
    )
    offenders = [
        f"{path.name}:{i}"
        for path in PLANNER.glob("*.py")
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if forbidden.search(line)
    ]
    assert offenders == []
