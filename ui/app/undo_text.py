"""Undo command texts that follow the language (撤销 修改约束 / Undo Change rule).

A QUndoCommand keeps the text it was given, so a command pushed in Chinese would still say
修改约束 after a switch to English ("Undo 修改约束"). Every command's text is made with
:func:`undo_text`, which remembers the Chinese template and its values for the text it returns;
:func:`retranslate_stack` rewrites the texts of the commands on a stack in the current language
(the main window calls it on a language switch, before it rebuilds the undo actions).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack

from ui.app.i18n import tr

#: Text shown (in whichever language it was made) → (Chinese template, its values).
_SOURCES: dict[str, tuple[str, dict[str, Any]]] = {}


def undo_text(template: str, **values: Any) -> str:
    """template (Chinese source, with {name} fields) in the current language, remembered."""
    text = tr(template).format(**values)
    _SOURCES[text] = (template, dict(values))
    return text


def source_of(text: str) -> tuple[str, dict[str, Any]] | None:
    """The template and values a text was made from (None: not made by undo_text)."""
    return _SOURCES.get(text)


def retranslate_stack(stack: QUndoStack) -> int:
    """Rewrite every command's text on stack (and its children's) in the current language.

    Returns how many texts were rewritten.
    """
    changed = 0

    def redo_text(cmd: Any) -> None:
        nonlocal changed
        source = _SOURCES.get(cmd.text())
        if source is not None:
            new = undo_text(source[0], **source[1])
            if new != cmd.text():
                cmd.setText(new)
                changed += 1
        for i in range(cmd.childCount()):
            redo_text(cmd.child(i))

    for i in range(stack.count()):
        redo_text(stack.command(i))
    return changed


def _noop_for_lupdate() -> None:  # pragma: no cover - the templates, for pyside6-lupdate
    tr("修改约束")
    tr("修改采购标准")
    tr("编辑单元格")
    tr("添加行")
    tr("删除 {n} 行")
    tr("粘贴 {n} 行")
    tr("粘贴")
    tr("清除单元格")
    tr("剪切")
    tr("导入 {file}")
    tr("提高平台容量")
