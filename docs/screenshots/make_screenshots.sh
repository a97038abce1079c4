#!/usr/bin/env bash
# Re-render the README screenshots of every page at 1280×720 (a county office screen: 1920×1080 at
# 150 %), offscreen; needs the project installed.
set -euo pipefail
cd "$(dirname "$0")"
export QT_QPA_PLATFORM=offscreen
S=(--size 1280x720)
yunce gui --sample --page quotes "${S[@]}" --screenshot quotes.png
yunce gui --sample --page workloads "${S[@]}" --screenshot workloads.png
yunce gui --sample --solve --page rules "${S[@]}" --screenshot rules.png
yunce gui --sample --solve --page plan "${S[@]}" --screenshot plan.png
yunce gui --sample --solve --page plan:charts "${S[@]}" --screenshot plan-charts.png
yunce gui --sample --solve --page analysis "${S[@]}" --screenshot analysis.png
yunce gui --sample --solve --page export "${S[@]}" --screenshot export.png
yunce gui --sample --solve --page plan --lang en "${S[@]}" --screenshot plan-en.png
# the year sample (2026–2028): the year selector and the 分年计划 tab
yunce gui ../../data/samples/sample_county_years.xlsx --solve --page plan:waves "${S[@]}" --screenshot plan-years.png
yunce gui --sample --page quotes --lang en "${S[@]}" --screenshot quotes-en.png
# an infeasible county (budget 400万, 信创 ≥ 50%) for the diagnosis tab
tmp=$(mktemp -d)
python3 - "$tmp/tight.xlsx" <<'PY'
import sys
from dataclasses import replace
from data.samples import sample_county
from data.writer import write_input_workbook
inp = sample_county()
write_input_workbook(replace(inp, policy=replace(inp.policy, budget_annual=4_000_000.0, min_xinchuang_share=0.5)), sys.argv[1])
PY
yunce gui "$tmp/tight.xlsx" --solve --page plan:diagnosis "${S[@]}" --screenshot plan-diagnosis.png
# a system list with mistakes: red cells, the problems panel, solving refused
python3 - "$tmp/bad.xlsx" <<'PY'
import sys
from openpyxl import load_workbook
from data.samples import sample_county
from data.writer import write_input_workbook
write_input_workbook(sample_county(), sys.argv[1])
wb = load_workbook(sys.argv[1]); ws = wb["业务系统"]
heads = [c.value for c in ws[1]]
col = lambda prefix: next(i for i, h in enumerate(heads, start=1) if str(h).startswith(prefix))
ws.cell(row=3, column=col("vCPU"), value="十六核")
ws.cell(row=5, column=col("等保级别"), value=7)
ws.cell(row=6, column=col("数据分级"), value="机密")
ws.cell(row=8, column=col("系统名称"), value="协同办公OA")
wb.save(sys.argv[1])
PY
yunce gui "$tmp/bad.xlsx" --solve --page workloads "${S[@]}" --screenshot problems.png
rm -rf "$tmp"
# the column-mapping dialog of the canonical-workbook import, on a vendor-style sheet
python3 - <<'PY'
import os, tempfile
from pathlib import Path
os.environ.setdefault("YUNCE_CONFIG_DIR", tempfile.mkdtemp())
from openpyxl import Workbook
from ui.app import make_application
app = make_application()
from ui.app.import_dialog import ImportDialog
path = Path(tempfile.mkdtemp()) / "天翼云报价单.xlsx"
wb = Workbook(); ws = wb.active; ws.title = "报价明细"
ws.append(["天翼云 政务云报价单（2026）"])
ws.append(["供应商", "平台名称", "资源类型", "含税单价", "计费周期", "备注"])
for row in (["天翼云", "市政务云x86专区", "vCPU", 50, "月", "九折"], ["天翼云", "市政务云x86专区", "内存", 10, "月", ""],
            ["天翼云", "海光信创专区", "vCPU", 63, "月", ""], ["天翼云", "海光信创专区", "等保三级安全服务", 42000, "年", "含测评"]):
    ws.append(row)
wb.save(path)
dialog = ImportDialog(path, ("prices",))
dialog.show(); app.processEvents()
dialog.grab().save("import-dialog.png")
PY
# the vendor quote import dialog at 1280×720: the sheet coloured by role, the preview, 需确认
python3 - <<'PY'
import os, tempfile
from pathlib import Path
os.environ.setdefault("YUNCE_CONFIG_DIR", tempfile.mkdtemp())
from ui.app import make_application
app = make_application()
from ui.app.vendor_import import VendorImportDialog
for src, out in (("tests/data/fixtures/lt_tiered_bandwidth.xlsx", "quote-import-dialog.png"),
                 ("data/samples/raw/信息系统清单.xlsx", "inventory-import-dialog.png")):
    path = Path("../..") / src  # the script runs in docs/screenshots
    dialog = VendorImportDialog(path, "quote" if "quote" in out else "inventory", vendor="天翼云" if "quote" in out else "")
    dialog.resize(1280, 720)
    dialog.show(); app.processEvents()
    if "quote" in out:
        dialog.tabs.setCurrentIndex(1); app.processEvents()
    dialog.grab().save(out)
PY
# 文件 → 新建县项目 after the six raw vendor sheets and the raw inventory (data/samples/raw)
python3 - <<'PY'
import os, tempfile
from pathlib import Path
os.environ.setdefault("YUNCE_CONFIG_DIR", tempfile.mkdtemp())
import data.samples
from ui.app import make_application
app = make_application()
from ui.app import county_guide
from ui.app.main_window import MainWindow
raw = Path(data.samples.__file__).parent / "raw"
w = MainWindow(restore_settings=False)
w.resize(1280, 720); w.show()
g = county_guide.open_guide(w)
for name in ("华为云报价.xlsx", "天翼云报价单.xlsx", "浪潮云报价.csv", "移动云报价.csv", "联通云价格矩阵.xlsx", "阿里云报价.xlsx"):
    w.files.import_vendor_file("quote", raw / name, interactive=False)
w.files.import_vendor_file("inventory", raw / "信息系统清单.xlsx", interactive=False)
w.validate()
g.county.setText("青山县"); g._name_county(); g.resize(640, 700); g.refresh()
for _ in range(20):
    app.processEvents()
g.grab().save("new-county.png")
w._closing_confirmed = True; w.solver.shutdown(); w.close()
PY
