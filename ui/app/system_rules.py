"""Per-system rules (指定规则) as actions on the selected systems of the 业务系统 page.

Each action appends rows to the project's 指定规则 table (one undo step), which the planner reads
like the workbook's 指定规则 sheet: 固定到 (pin), 禁止 (forbid), 同平台, 不同供应商, 不上公有云.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QInputDialog, QMenu, QPushButton, QWidget

from ui.app.i18n import tr
from ui.app.project import Project
from ui.app.undo_text import undo_text


def add_rules(project: Project, rows: Sequence[dict[str, str | None]], text: str) -> int:
    """Append rule rows ({rule, systems, vendor, platform}) to the 指定规则 table as one undo step."""
    model = project.models["system_rules"]
    if not rows:
        return 0
    project.undo.beginMacro(text)
    try:
        start = model.add_rows(None, len(rows))
        changes = [
            (start + i, key, value)
            for i, row in enumerate(rows)
            for key, value in row.items()
            if value
        ]
        model.set_cells(changes, text)
    finally:
        project.undo.endMacro()
    return len(rows)


def platforms_of(project: Project) -> list[tuple[str, str]]:
    """(vendor, platform) of every row of the platform table, in order, without blanks."""
    out = []
    for rec in project.models["platforms"].records():
        if rec.get("vendor") and rec.get("platform"):
            key = (str(rec["vendor"]), str(rec["platform"]))
            if key not in out:
                out.append(key)
    return out


class RuleActions:
    """The 指定规则 menu of the 业务系统 page; `systems` gives the names of the selected systems."""

    def __init__(self, project: Project, systems, parent: QWidget) -> None:  # type: ignore[no-untyped-def]
        self.project, self.systems, self.parent = project, systems, parent
        self.button = QPushButton(parent)  # its size hint leaves room for the menu arrow
        self.button.setText(tr("指定规则"))
        self.button.setToolTip(
            tr(
                "为选中的系统添加规则：固定到平台、禁止供应商、同平台、不同供应商、不上公有云（可撤销）"
            )
        )
        menu = QMenu(self.button)
        self.act_pin_current = menu.addAction(tr("固定到现平台"), self.pin_current)
        self.act_pin = menu.addAction(tr("固定到平台…"), self.pin)
        self.act_forbid = menu.addAction(tr("禁止使用供应商…"), self.forbid)
        self.act_no_public = menu.addAction(tr("不上公有云"), self.no_public)
        self.act_same = menu.addAction(tr("同平台（选中的系统）"), self.same_platform)
        self.act_diff = menu.addAction(tr("不同供应商（选中的系统）"), self.different_vendor)
        self.button.setMenu(menu)

    # each action returns how many rules it added (0: nothing selected, or cancelled)
    def pin_current(self) -> int:
        """固定到 the platform each selected system runs on now (systems in the machine room are skipped)."""
        current = {
            str(r["name"]): (r.get("current_vendor"), r.get("current_platform"))
            for r in self.project.models["workloads"].records()
            if r.get("name")
        }
        rows = [
            {"rule": "pin", "systems": s, "vendor": str(v), "platform": str(p)}
            for s in self.systems()
            if (v := current.get(s, (None, None))[0]) and (p := current.get(s, (None, None))[1])
        ]
        return add_rules(self.project, rows, undo_text("固定到现平台"))

    def pin(self, choice: str | None = None) -> int:
        """固定到 a platform chosen from the platform table ('vendor/platform')."""
        systems = self.systems()
        options = [f"{v}/{p}" for v, p in platforms_of(self.project)]
        if not systems or not options:
            return 0
        if choice is None:
            choice, ok = QInputDialog.getItem(
                self.parent, tr("固定到平台"), tr("选中的系统固定到："), options, 0, False
            )
            if not ok:
                return 0
        vendor, _, platform = choice.partition("/")
        rows = [
            {"rule": "pin", "systems": s, "vendor": vendor, "platform": platform or None}
            for s in systems
        ]
        return add_rules(self.project, rows, undo_text("固定到平台"))

    def forbid(self, vendor: str | None = None) -> int:
        """禁止 a vendor chosen from the platform table for the selected systems."""
        systems = self.systems()
        vendors = list(dict.fromkeys(v for v, _ in platforms_of(self.project)))
        if not systems or not vendors:
            return 0
        if vendor is None:
            vendor, ok = QInputDialog.getItem(
                self.parent, tr("禁止使用供应商"), tr("选中的系统不得使用："), vendors, 0, False
            )
            if not ok:
                return 0
        rows = [
            {"rule": "forbid", "systems": s, "vendor": vendor, "platform": None} for s in systems
        ]
        return add_rules(self.project, rows, undo_text("禁止使用供应商"))

    def no_public(self) -> int:
        rows = [
            {"rule": "no_public", "systems": s, "vendor": None, "platform": None}
            for s in self.systems()
        ]
        return add_rules(self.project, rows, undo_text("不上公有云"))

    def same_platform(self) -> int:
        systems = self.systems()
        if len(systems) < 2:
            return 0
        return add_rules(
            self.project,
            [{"rule": "same_platform", "systems": "、".join(systems)}],
            undo_text("同平台"),
        )

    def different_vendor(self) -> int:
        systems = self.systems()
        if len(systems) < 2:
            return 0
        return add_rules(
            self.project,
            [{"rule": "different_vendor", "systems": "、".join(systems)}],
            undo_text("不同供应商"),
        )
