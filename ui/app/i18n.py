"""Translation for the desktop app: Chinese source strings, English from ui/i18n/yunce_en.qm.

Every visible string goes through :func:`tr`, which pyside6-lupdate extracts (empty context);
``python -m ui.app.i18n`` refreshes the .ts file, fills it from ``ui/i18n/en.json`` and
compiles the .qm file.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

LANGS = ("zh", "en")
I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
#: Qt's own catalogues for Chinese (standard buttons, file dialogs, context menus, print dialogs).
QT_CATALOGUES = ("qtbase_zh_CN.qm",)
_translator: QTranslator | None = None
_qt_translators: list[QTranslator] = []
_lang = "zh"


def tr(text: str) -> str:
    """The text in the current language (source strings are Chinese)."""
    return QCoreApplication.translate("", text)


def loc(value: object) -> str:
    """A planner/data message (planner.text.Msg) in the current language; other text unchanged."""
    from planner.text import localize

    return str(localize(value, _lang))


# What the shared readers say for the command line, said the app's way (issue 22: no message in
# the app points at a command line). Specific phrasings first, then any bracket or "或 …" clause
# naming a command or a flag, then a stray flag.
_APP_WORDING: tuple[tuple[str, str], ...] = (
    (r"可用 yunce template 生成模板，照「(.+?)」表填写", r"照云策输入工作簿的「\1」表填写"),
    (
        r"Run 'yunce template' for a template and fill in its (\w+) sheet",
        r"Fill it in like the \1 sheet of a Yunce input workbook",
    ),
    (r"用 --policy 给出约束", "导入约束规则文件"),
    (r"Give the rules with --policy", "Import a rules file"),
    (r"\s*[（(][^（）()]*(?:yunce [a-z]|--[a-z])[^（）()]*[）)]", ""),
    (r"\s*[，,]\s*(?:或|or)\s*[^，,。.;；]*?(?:yunce [a-z]+|--[a-z-]+)[^，,。.;；]*", ""),
    (r"\s*--[a-z][a-z-]*", ""),
)


def without_command_line(text: str) -> str:
    """A reader's message as the app says it: no command, no command-line flag."""
    for pattern, repl in _APP_WORDING:
        text = re.sub(pattern, repl, text)
    return text


def app_text(value: object) -> str:
    """loc(value) without the command-line pointers the shared readers give the CLI."""
    return without_command_line(loc(value))


def current_lang() -> str:
    """'zh' or 'en'."""
    return _lang


def qt_translations_dir() -> Path | None:
    """The folder holding Qt's own .qm files (PySide6's, also inside the frozen bundle)."""
    from PySide6.QtCore import QLibraryInfo

    candidates = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:
        import PySide6

        candidates.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    except (ImportError, TypeError):  # pragma: no cover - PySide6 is always there
        pass
    for folder in candidates:
        if (folder / QT_CATALOGUES[0]).is_file():
            return folder
    return None


#: Chinese for the Qt 6 texts that qtbase_zh_CN.qm (older than the Qt it ships with) lacks
#: ("&Look in:", "Files of &type:" …), found by walking Qt's file, print and page-setup dialogs;
#: ui/i18n/qt_gaps_zh_CN.ts, compiled by ``python -m ui.app.i18n``. Installed after Qt's own
#: catalogue, so it is asked first.
GAPS_QM = I18N_DIR / "qt_gaps_zh_CN.qm"


def _install_qt_catalogues(app: QCoreApplication) -> bool:
    """Qt's Chinese catalogues on app (Save/Discard/Cancel, 文件名/查找范围 …); True when loaded."""
    folder = qt_translations_dir()
    if folder is None:
        return False
    for name in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(str(folder / name)):
            app.installTranslator(translator)
            _qt_translators.append(translator)
    gaps = QTranslator(app)
    if _qt_translators and gaps.load(str(GAPS_QM)):
        app.installTranslator(gaps)
        _qt_translators.append(gaps)
    return bool(_qt_translators)


def qt_catalogues_loaded() -> bool:
    """True while Qt's own Chinese catalogues are installed (Chinese mode)."""
    return bool(_qt_translators)


def set_language(lang: str) -> bool:
    """Install the translators for lang on the running application; True when they loaded.

    Chinese: the app's strings are the source; Qt's own dialogs and buttons need Qt's
    qtbase_zh_CN catalogue. English: the app's yunce_en.qm; Qt's own texts are English already.
    """
    global _translator, _lang
    app = QCoreApplication.instance()
    if app is not None:
        for old in [_translator, *_qt_translators]:
            if old is not None:
                app.removeTranslator(old)
    _translator = None
    _qt_translators.clear()
    _lang = "en" if lang == "en" else "zh"
    if _lang == "zh" or app is None:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        return app is None or _install_qt_catalogues(app)
    translator = QTranslator(app)
    ok = translator.load(str(I18N_DIR / "yunce_en.qm"))
    if ok:
        app.installTranslator(translator)
        _translator = translator
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return ok


def _update() -> None:  # pragma: no cover - developer tool
    """Run lupdate over ui/app, fill translations from en.json, run lrelease."""
    import json
    import subprocess
    import xml.etree.ElementTree as ET

    ts = I18N_DIR / "yunce_en.ts"
    # translations typed into the .ts by hand survive: they are folded into en.json first,
    # so en.json stays the one source and lupdate cannot drop them
    kept = (
        {
            m.findtext("source") or "": m.findtext("translation") or ""
            for m in ET.parse(ts).getroot().iter("message")
            if (m.findtext("translation") or "")
            and m.find("translation").get("type") != "unfinished"  # type: ignore[union-attr]
        }
        if ts.exists()
        else {}
    )
    en_json = I18N_DIR / "en.json"
    table0: dict[str, str] = json.loads(en_json.read_text(encoding="utf-8"))
    added = {k: v for k, v in kept.items() if k and k not in table0}
    if added:
        table0.update(added)
        en_json.write_text(
            json.dumps(table0, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"en.json: {len(added)} translation(s) taken over from the .ts")
    sources = sorted(str(p) for p in Path(__file__).parent.glob("*.py"))
    subprocess.run(
        [
            "pyside6-lupdate",
            *sources,
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-ts",
            str(ts),
        ],
        check=True,
    )
    table: dict[str, str] = json.loads((I18N_DIR / "en.json").read_text(encoding="utf-8"))
    tree = ET.parse(ts)
    _add_analysis_context(tree.getroot())
    missing = []
    for msg in tree.getroot().iter("message"):
        src = msg.findtext("source") or ""
        tnode = msg.find("translation")
        assert tnode is not None
        if src in table:
            tnode.text = table[src]
            tnode.attrib.pop("type", None)
        else:
            missing.append(src)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(I18N_DIR / "yunce_en.qm")], check=True)
    gaps = I18N_DIR / "qt_gaps_zh_CN.ts"
    subprocess.run(["pyside6-lrelease", str(gaps), "-qm", str(GAPS_QM)], check=True)
    if missing:
        print(f"{len(missing)} untranslated:")
        for m in missing:
            print("  ", json.dumps(m, ensure_ascii=False))


def _add_analysis_context(root) -> None:  # type: ignore[no-untyped-def]  # pragma: no cover
    """analysis_page.py translates with its own _tr() in context 'AnalysisPage', which lupdate
    does not see; its strings are added to the .ts here so English covers that page too."""
    import ast
    import xml.etree.ElementTree as ET

    path = Path(__file__).parent / "analysis_page.py"
    if not path.exists():
        return
    texts: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_tr"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value not in texts
        ):
            texts.append(node.args[0].value)
    for ctx in list(root.findall("context")):
        if ctx.findtext("name") == "AnalysisPage":
            root.remove(ctx)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = "AnalysisPage"
    for text in texts:
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = text
        ET.SubElement(msg, "translation", type="unfinished")


if __name__ == "__main__":  # pragma: no cover
    _update()
