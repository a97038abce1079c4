"""The mapping file: how each vendor's column headers were read, remembered for its next sheet.

A small JSON file the user may keep and edit::

    {"version": 1,
     "vendors": {"天翼云": {"columns": {"单价(元/月)": "unit_price", "备注": "ignore"}}},
     "inventory": {"columns": {"CPU(核)": "vcpu"}}}

A header listed for a vendor is read as that field the next time a sheet from the vendor
arrives, before any synonym; so correcting a wrong guess once (edit the file, or pass
``--map 表头=字段``) fixes it for good. Field names are those shown by ``yunce prices --show-mapping``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from data.schema import normalise
from planner.text import Msg, bi

DEFAULT_NAME = "yunce-mappings.json"


def default_path() -> Path:
    """~/.yunce/mappings.json, or $YUNCE_HOME/mappings.json when set."""
    home = os.environ.get("YUNCE_HOME")
    return (Path(home) if home else Path.home() / ".yunce") / "mappings.json"


class MappingStore:
    """Remembered header → field mappings per vendor (and for the inventory)."""

    INVENTORY = "__inventory__"

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.data: dict[str, dict[str, str]] = {}
        self.layouts: dict[str, dict[str, dict]] = {}  # type: ignore[type-arg]
        """vendor → file shape → layout the user corrected (data.importers.layout)."""
        self.problem: Msg = Msg("")
        """Why the file could not be read ('' when it could); Chinese carrying the English."""
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                for vendor, entry in (raw.get("vendors") or {}).items():
                    self.data[vendor] = {
                        str(k): str(v) for k, v in (entry.get("columns") or {}).items()
                    }
                for vendor, entry in (raw.get("vendors") or {}).items():
                    kept = entry.get("layouts") or {}
                    if isinstance(kept, dict) and kept:
                        self.layouts[vendor] = {str(k): v for k, v in kept.items()}
                inv = raw.get("inventory") or {}
                if inv:
                    self.data[self.INVENTORY] = {
                        str(k): str(v) for k, v in (inv.get("columns") or {}).items()
                    }
            except (OSError, ValueError, AttributeError) as exc:
                self.problem = bi(
                    "映射文件 {path} 无法读取（{exc}），本次按默认规则识别列",
                    "The mapping file {path} cannot be read ({exc}); columns are "
                    "recognised by the default rules this time",
                    path=path,
                    exc=exc,
                )

    def columns(self, vendor: str) -> dict[str, str]:
        """Normalised header → field ('' or 'ignore' = not used) remembered for vendor."""
        return {
            normalise(h): ("" if f == "ignore" else f) for h, f in self.data.get(vendor, {}).items()
        }

    def remember(self, vendor: str, columns: dict[str, str]) -> None:
        if not vendor:
            return
        entry = self.data.setdefault(vendor, {})
        for header, field in columns.items():
            entry[header] = field or "ignore"

    def save(self) -> Path | None:
        if self.path is None:
            return None
        body = {
            "version": 1,
            "vendors": {
                v: {
                    "columns": self.data.get(v, {}),
                    **({"layouts": self.layouts[v]} if v in self.layouts else {}),
                }
                for v in dict.fromkeys([*self.data, *self.layouts])
                if v != self.INVENTORY
            },
            "inventory": {"columns": self.data.get(self.INVENTORY, {})},
        }
        from data.safe_write import write_text  # a regular file only, never an input

        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text(self.path, json.dumps(body, ensure_ascii=False, indent=2))
        return self.path
