"""Small openpyxl helpers every writer shares: safe text, atomic save, valid sheet names."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the XlsxWriter writers and `yunce plan` never load openpyxl
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook

from planner.text import bi, localize

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class WriteError(Exception):
    """A file could not be written; the message says what to do.

    ``str(exc)`` is Chinese; when raised with a :class:`planner.text.Msg`, ``exc.text("en")``
    gives the English.
    """

    def text(self, lang: str = "zh") -> str:
        """The message in lang ('zh' or 'en'); the Chinese text when no English was given."""
        return str(localize(self.args[0], lang)) if self.args else ""


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
    wb: Workbook, path: str | Path, save: Callable[[Workbook, str], None] | None = None
) -> Path:
    """Save to a temporary file beside the target, then replace it in one step.

    An interrupted export never leaves a broken file; a locked or read-only target keeps
    the old file and raises WriteError with a bilingual message (Chinese as ``str(exc)``). save(wb, filename) replaces
    ``wb.save`` when given (e.g. a faster serialiser for big workbooks).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise WriteError(
            bi(
                "无法写入 {path}：文件夹 {folder} 不存在。请先创建该文件夹或另选保存位置。",
                "Cannot write {path}: the folder {folder} does not exist. Create the folder first "
                "or choose another location.",
                path=path,
                folder=folder,
            )
        )
    if path.is_dir():
        raise WriteError(
            bi(
                "无法写入 {path}：该位置是一个文件夹，不是文件。请另选文件名。",
                "Cannot write {path}: that is a folder, not a file. Choose another file name.",
                path=path,
            )
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.xlsx", dir=folder)
    except OSError as exc:
        raise WriteError(
            bi(
                "无法写入 {path}：没有在文件夹 {folder} 中写入的权限（{err}）。请另选保存位置。原文件未被改动。",
                "Cannot write {path}: no permission to write in the folder {folder} ({err}). Choose another "
                "location. The existing file was not changed.",
                path=path,
                folder=folder,
                err=exc.strerror or exc,
            )
        ) from exc
    os.close(fd)
    try:
        if save is None:
            wb.save(tmp)
        else:
            save(wb, tmp)
        normal_permissions(tmp)
        os.replace(tmp, path)
    except PermissionError as exc:
        _cleanup(tmp)
        raise WriteError(
            bi(
                "无法写入 {path}：文件可能正在被 Excel/WPS 打开，或没有写入权限。"
                "请关闭该文件后重试，或另存为其他文件名。原文件未被改动。",
                "Cannot write {path}: the file may be open in Excel or WPS, or you may not have permission to "
                "write it. Close the file and try again, or save under another name. The existing file was not changed.",
                path=path,
            )
        ) from exc
    except OSError as exc:
        _cleanup(tmp)
        raise WriteError(
            bi(
                "无法写入 {path}：{err}。原文件未被改动。",
                "Cannot write {path}: {err}. The existing file was not changed.",
                path=path,
                err=exc.strerror or exc,
            )
        ) from exc
    except BaseException:
        _cleanup(tmp)
        raise
    return path


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


def _cleanup(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
