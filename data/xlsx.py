"""Small openpyxl helpers every writer shares: safe text, atomic save, valid sheet names.

WriteError lives in :mod:`data.safe_write` (the one writer every file goes through) and is
re-exported here for the writers that import it from this module.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the XlsxWriter writers and `yunce plan` never load openpyxl
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook

from data.safe_write import WriteError, write_file

__all__ = ["WriteError", "atomic_save", "formula", "put", "sheet_title"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def put(cell: Cell, value: Any) -> Cell:
    """Write a value; text from outside is always stored as text, never as a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise treat '=...' as a formula
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True  # Excel/LibreOffice show it as typed, never evaluate it
    return cell


def formula(cell: Cell, text: str) -> Cell:
    """Write a formula we built ourselves (never from input text)."""
    if not text.startswith("="):
        raise ValueError("formula must start with '='")
    cell.value = text
    return cell


def sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique sheet name: ≤ 31 characters, none of []:*?/\\ ."""
    title = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "Sheet"
    title = title[:31]
    if taken is not None:
        base, n = title, 2
        while title.lower() in {t.lower() for t in taken}:
            suffix = f"_{n}"
            title = base[: 31 - len(suffix)] + suffix
            n += 1
        taken.add(title)
    return title


def atomic_save(
    wb: Workbook,
    path: str | Path,
    save: Callable[[Workbook, str], None] | None = None,
    *,
    replace_read_only: bool | None = None,
) -> Path:
    """Save a workbook through :func:`data.safe_write.write_file` (temporary file, one rename).

    An interrupted export never leaves a broken file; a locked, read-only or special target
    keeps the old file and raises WriteError with a bilingual message (Chinese as ``str(exc)``).
    save(wb, filename) replaces ``wb.save`` when given (e.g. a faster serialiser for big
    workbooks, or another library writing the same file name).
    """

    def produce(tmp: str) -> None:
        if save is None:
            wb.save(tmp)
        else:
            save(wb, tmp)

    return write_file(path, produce, takes_path=True, replace_read_only=replace_read_only)


_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process umask (read by setting and restoring it, under a lock)."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def normal_permissions(path: str | Path) -> None:
    """Give a temp file the permissions a plain open() would (0o666 & ~umask), not mkstemp's 0600.

    Every writer saves to a mkstemp file and os.replace()s it onto the target; without this
    the bureau's colleagues on a shared folder could not open the exported plan.
    """
    if os.name == "posix":
        os.chmod(path, 0o666 & ~current_umask())
