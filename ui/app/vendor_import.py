"""Importing a vendor's own quote sheet or the county's own system list (data.importers).

The dialog runs the importer, shows the column mapping it detected (header → field) with a
preview of what will be imported and the problems it found; changing a mapping re-reads the
file with that override. A quote sheet that does not say its vendor or its pool (most price
overviews do not) is read with the vendor and pool typed into the dialog's own fields, which the
dialog asks for when the file has none. Accepting merges the result into the project (one undo step).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from data.schema import sheet_columns
from ui.app.i18n import current_lang, loc, tr
from ui.app.tables import coerce, display
from ui.app.tasks import Cancelled, run_in_background

PREVIEW_ROWS = 200


def _without_flags(text: str) -> str:
    """An importer hint without command-line flags: in the app the dialog's own fields ask."""
    import re

    text = re.sub(r"[（(]\s*(命令行|on the command line)?\s*--[a-z-]+[^）)]*[）)]", "", text)
    return re.sub(r"\s*--[a-z-]+", "", text)


class VendorImportDialog(QDialog):
    """kind = 'quote' (a vendor quote sheet) or 'inventory' (the county's system list)."""

    def __init__(
        self,
        path: Path,
        kind: str,
        parent: QWidget | None = None,
        overrides: dict[str, str] | None = None,
        vendor: str = "",
        pool: str = "",
    ) -> None:
        super().__init__(parent)
        self.path, self.kind = Path(path), kind
        self.overrides: dict[str, str] = dict(overrides or {})
        self.vendor, self.pool = vendor.strip(), pool.strip()
        self.result: Any = None
        self.setWindowTitle(tr("导入 {file}").format(file=self.path.name))
        self.resize(1000, 620)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                tr(
                    "已自动识别各列的含义。请核对下方的对应关系和预览，如有不对，在下拉框中改正后会重新读取。"
                )
            )
        )
        self.vendor_edit = QLineEdit(self.vendor)
        self.pool_edit = QLineEdit(self.pool)
        self.ask = QLabel("")
        self.ask.setWordWrap(True)
        self.ask.setStyleSheet("color:#c62828;")
        if kind == "quote":
            form = QFormLayout()
            self.vendor_edit.setPlaceholderText(tr("表中没有写明时填写，如 天翼云"))
            self.pool_edit.setPlaceholderText(tr("表中没有资源池列或分组标题时填写，如 政务云一区"))
            form.addRow(tr("供应商："), self.vendor_edit)
            form.addRow(tr("资源池："), self.pool_edit)
            lay.addLayout(form)
            lay.addWidget(self.ask)
            self.vendor_edit.editingFinished.connect(self._names_changed)
            self.pool_edit.editingFinished.connect(self._names_changed)
        split = QSplitter(Qt.Orientation.Vertical)
        self.mapping = QTableWidget()
        self.mapping.setColumnCount(2)
        self.mapping.setHorizontalHeaderLabels([tr("文件中的表头"), tr("读作")])
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview = QTableWidget()
        self.problems = QTableWidget()
        self.problems.setColumnCount(3)
        self.problems.setHorizontalHeaderLabels([tr("级别"), tr("位置"), tr("问题与修改方法")])
        self.problems.horizontalHeader().setStretchLastSection(True)
        for w, title in (
            (self.mapping, tr("列的对应")),
            (self.preview, tr("预览")),
            (self.problems, tr("发现的问题")),
        ):
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.addWidget(QLabel(f"<b>{title}</b>"))
            bl.addWidget(w)
            split.addWidget(box)
        split.setSizes([240, 230, 120])
        lay.addWidget(split, 1)
        self.summary = QLabel("")
        lay.addWidget(self.summary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("导入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        lay.addWidget(buttons)
        self.run()

    # --- reading -----------------------------------------------------------------------------------
    def fields(self) -> list[tuple[str, str]]:
        if self.kind == "quote":
            from data.importers.quotes import QUOTE_FIELDS as FIELDS
        else:
            from data.importers.inventory import INVENTORY_FIELDS as FIELDS
        return [(f.key, f.label or f.key) for f in FIELDS]

    def _read(self) -> Any:
        """Read the file with the current overrides (runs in a worker thread)."""
        path, overrides = self.path, dict(self.overrides)
        if self.kind == "quote":
            from data.importers.quotes import read_quote

            vendor, pool = self.vendor or None, self.pool or None
            return lambda: read_quote(path, vendor, overrides=overrides, platform=pool)
        from data.importers.inventory import read_inventory
        from data.importers.mapping import MappingStore

        store = MappingStore(None)
        if overrides:
            store.data[MappingStore.INVENTORY] = overrides
        return lambda: read_inventory(path, mappings=store)

    def run(self) -> None:
        """Read the file off the GUI thread; raises tasks.Cancelled when the user cancels."""
        parent = self.parentWidget() if not self.isVisible() else self
        self.result = run_in_background(
            parent, tr("正在读取 {file}…").format(file=self.path.name), self._read()
        )
        self._refill()
        self._fill_preview()
        self._fill_problems()
        self._ask_for_names()

    def _names_changed(self) -> None:
        vendor, pool = self.vendor_edit.text().strip(), self.pool_edit.text().strip()
        if (vendor, pool) == (self.vendor, self.pool):
            return
        before = (self.vendor, self.pool)
        self.vendor, self.pool = vendor, pool
        try:
            self.run()
        except Cancelled:
            self.vendor, self.pool = before

    def missing_names(self) -> list[str]:
        """'vendor' and/or 'pool' when the file does not say them and the fields are empty."""
        if self.kind != "quote" or self.result is None:
            return []
        from data.importers.quotes import needs_names

        return needs_names(self.result)

    def _ask_for_names(self) -> None:
        """Ask in the dialog itself for what the file does not say (never a command-line flag)."""
        missing = self.missing_names()
        if not missing:
            self.ask.setText("")
            self.ask.setVisible(False)
            return
        if missing == ["vendor"]:
            text = tr("这份报价单没有写明供应商：请在上方「供应商」中填写，填好后会重新读取。")
            self.vendor_edit.setFocus()
        elif missing == ["pool"]:
            text = tr(
                "这份报价单没有写明资源池：请在上方「资源池」中填写（整份报价适用的资源池名称），填好后会重新读取。"
            )
            self.pool_edit.setFocus()
        else:
            text = tr("这份报价单没有写明供应商和资源池：请在上方填写，填好后会重新读取。")
            self.vendor_edit.setFocus()
        self.ask.setText(text)
        self.ask.setVisible(True)

    def _fill_mapping(self, mapping: dict[str, str]) -> None:
        fields = self.fields()
        self.mapping.setRowCount(len(mapping))
        for i, (header, field) in enumerate(mapping.items()):
            item = QTableWidgetItem(header)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping.setItem(i, 0, item)
            box = QComboBox()
            box.addItem(tr("（忽略）"), "ignore")
            for key, label in fields:
                if key != "ignore":
                    box.addItem(f"{loc(label)}  [{key}]", key)
            box.setCurrentIndex(max(0, box.findData(field or "ignore")))
            box.currentIndexChanged.connect(
                lambda _i, h=header, b=box: self._override(h, b.currentData())
            )
            self.mapping.setCellWidget(i, 1, box)

    def _override(self, header: str, field: str) -> None:
        before = dict(self.overrides)
        self.overrides[header] = field
        try:
            self.run()
        except Cancelled:  # keep what was read before, and the combo that says so
            self.overrides = before
            self._refill()

    def _refill(self) -> None:
        if self.kind == "quote":
            mapping: dict[str, str] = {}
            for cols in self.result.mappings.values():
                mapping.update(cols)
        else:
            mapping = dict(self.result.mapping)
        self._fill_mapping(mapping)

    def _fill_preview(self) -> None:
        frames = self.frames()
        df = frames.get("prices" if self.kind == "quote" else "workloads")
        sheet = "prices" if self.kind == "quote" else "workloads"
        cols = [c for c in sheet_columns(sheet) if df is not None and c.key in df.columns]
        n = 0 if df is None else len(df)
        self.preview.clear()
        self.preview.setColumnCount(len(cols))
        self.preview.setHorizontalHeaderLabels([c.header(current_lang()) for c in cols])
        self.preview.setRowCount(min(n, PREVIEW_ROWS))
        for i in range(min(n, PREVIEW_ROWS)):
            for j, c in enumerate(cols):
                assert df is not None
                self.preview.setItem(
                    i, j, QTableWidgetItem(display(c, df.iat[i, df.columns.get_loc(c.key)]))
                )
        self.preview.resizeColumnsToContents()
        if self.kind == "quote":
            vendors = "、".join(
                sorted({str(v) for v in (df["vendor"] if df is not None and n else [])})
            )
            self.summary.setText(
                tr(
                    "将导入 {n} 条报价（{vendors}）；同一供应商的原有报价会被替换，新平台会加入平台表。"
                ).format(n=n, vendors=vendors or "—")
            )
        else:
            self.summary.setText(tr("将导入 {n} 个业务系统，替换当前清单。").format(n=n))
        self.ok_button.setEnabled(n > 0)

    def _fill_problems(self) -> None:
        issues = list(self.result.issues) if self.result is not None else []
        self.problems.setRowCount(len(issues))
        for i, issue in enumerate(issues):
            where = " · ".join(
                p
                for p in (loc(issue.sheet), f"{issue.row}" if issue.row else "", loc(issue.column))
                if p
            )
            for j, text in enumerate(
                (
                    tr("错误") if issue.severity == "error" else tr("提示"),
                    where,
                    f"{loc(issue.message)} {loc(issue.hint)}".strip(),
                )
            ):
                if j == 2:
                    text = _without_flags(text)
                self.problems.setItem(i, j, QTableWidgetItem(text))
        self.problems.resizeColumnsToContents()

    # --- result ------------------------------------------------------------------------------------
    def frames(self) -> dict[str, pd.DataFrame]:
        """What will be imported, as frames with schema keys."""
        if self.result is None:
            return {}
        if self.kind == "inventory":
            from ui.app.project import frame_from_table

            t = self.result.table
            return {} if t is None else {"workloads": frame_from_table("workloads", t)}
        pcols = {c.key: c for c in sheet_columns("prices")}
        rows = []
        for line in self.result.lines:
            rec = {
                "vendor": line.vendor,
                "platform": line.platform,
                "resource": line.resource,
                "unit_price": line.unit_price,
                "period": line.period,
            }
            if "vcpu" in pcols and line.vcpu is not None:
                rec["vcpu"] = line.vcpu
            if "ram_gb" in pcols and line.ram_gb is not None:
                rec["ram_gb"] = line.ram_gb
            rows.append({k: coerce(pcols[k], v) for k, v in rec.items() if k in pcols})
        return {"prices": pd.DataFrame(rows, columns=list(pcols), dtype=object)}

    def merged_frames(self, current: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """The project's new tables: a quote replaces its vendors' price lines and adds new
        platforms; an inventory replaces the system list."""
        new = self.frames()
        if self.kind == "inventory":
            return new
        prices = new.get("prices")
        if prices is None or prices.empty:
            return {}
        vendors = set(prices["vendor"])
        old = current["prices"]
        kept = old[~old["vendor"].isin(vendors)] if len(old) else old
        out = {"prices": pd.concat([kept, prices], ignore_index=True)}
        plat = current["platforms"]
        existing = set(zip(plat["vendor"], plat["platform"], strict=True)) if len(plat) else set()
        pcols = {c.key: c for c in sheet_columns("platforms")}
        add = [
            {k: coerce(pcols[k], v) for k, v in r.items() if k in pcols}
            for r in self.platform_rows()
            if (r["vendor"], r["platform"]) not in existing
        ]
        if add:
            out["platforms"] = pd.concat(
                [plat, pd.DataFrame(add, columns=list(pcols), dtype=object)], ignore_index=True
            )
        return out

    def mapping_record(self) -> dict[str, Any]:
        if self.result is None:
            return {}
        if self.kind == "quote":
            return {
                "kind": "quote",
                "columns": {v: dict(c) for v, c in self.result.mappings.items()},
            }
        return {"kind": "inventory", "columns": dict(self.result.mapping)}

    def platform_rows(self) -> list[dict[str, Any]]:
        """Platforms named by the quote: facts stated on the sheet, else guessed from the name."""
        if self.kind != "quote" or self.result is None:
            return []
        from data.importers.assemble import guess_from_name

        out = []
        seen = set()
        for line in self.result.lines:
            key = (line.vendor, line.platform)
            if key in seen:
                continue
            seen.add(key)
            facts = self.result.platforms.get(key)
            deployment, xc = guess_from_name(line.platform)
            rec = {
                "vendor": line.vendor,
                "platform": line.platform,
                "deployment": deployment,
                "xinchuang": xc,
            }
            if facts is not None:
                for k in ("deployment", "xinchuang", "mlps_level", "capacity_vcpu", "availability"):
                    v = getattr(facts, k)
                    if v is not None:
                        rec[k] = v
            out.append(rec)
        return out


def save_rfq(
    parent: QWidget | None,
    county: str,
    workloads: Any,
    vendors: list[str] | None = None,
    path: Path | None = None,
) -> list[Path]:
    """Write the 询价单 (data.rfq) off the GUI thread: one file per vendor named, else one for
    any vendor; asks where to save when path is None. Returns the files written ([] = cancelled)."""
    from data.rfq import write_rfq

    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, tr("保存询价单"), "询价单.xlsx", tr("Excel 工作簿 (*.xlsx)")
        )
        if not chosen:
            return []
        path = Path(chosen)
    target, names = Path(path), list(vendors or [])
    try:
        return run_in_background(
            parent,
            tr("正在写出询价单…"),
            lambda: write_rfq((county, tuple(workloads)), target, names or None),
        )
    except Cancelled:
        return []


def systems_of(tables: dict[str, Any], name: str) -> tuple[str, tuple[Any, ...]] | None:
    """(county, systems) from the project's tables, before any price is known; None while the
    system list itself has errors (the project's problems panel names them)."""
    from dataclasses import replace

    from data.workbook import tables_to_input

    t = tables.get("workloads")
    if t is None or not t.records:
        return None
    blank = {"current_vendor": None, "current_platform": None}  # not asked in a 询价单
    only = replace(t, records=[(r, {**rec, **blank}) for r, rec in t.records])
    inp, _issues = tables_to_input({"workloads": only}, "", known_platforms=set(), name=name)
    return (name, inp.workloads) if inp is not None else None


def rfq_from_project(parent: QWidget | None, project: Any, path: Path | None = None) -> list[Path]:
    """The 供应商报价 page's 询价单 action: one file per vendor of the project (or one for any
    vendor when there is none yet); a message when the system list is not ready."""
    from PySide6.QtWidgets import QMessageBox

    systems = systems_of(project.tables(), project.name)
    if systems is None:
        QMessageBox.warning(
            parent,
            tr("无法生成询价单"),
            tr("请先在「业务系统」页录入或导入本县的系统清单，并改正其中的错误。"),
        )
        return []
    vendors = sorted(
        {str(r["vendor"]) for r in project.models["platforms"].records() if r.get("vendor")}
    )
    return save_rfq(parent, systems[0], systems[1], vendors, path)
