"""`yunce plan` loads only what a plan needs: no pandas, openpyxl or PuLP on the HiGHS path.

Those three were about a third of the command's start-up (python -X importtime); reading uses
python-calamine and writing XlsxWriter, so none of them is needed. Run in a fresh interpreter, so
what other tests imported does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from ui.cli import main
code = main(["plan", "--sample", "-o", sys.argv[1], "--json", sys.argv[2]])
print(json.dumps({"code": code, "loaded": [m for m in ("pandas", "openpyxl", "pulp") if m in sys.modules]}))
"""


def test_plan_with_workbook_imports_no_pandas_openpyxl_or_pulp(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    summary = tmp_path / "plan.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), str(summary)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    assert out.stat().st_size > 0 and json.loads(summary.read_text(encoding="utf-8"))
    assert result["loaded"] == [], f"yunce plan imported {result['loaded']}"
