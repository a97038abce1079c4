"""User-facing messages that carry both languages.

A :class:`Msg` *is* its Chinese text (a ``str``), so JSON, logs, the terminal and every caller
that expects a string keep working unchanged; the English text travels with it and
``text("en")`` (or :func:`localize`) picks it. Messages are built with :func:`bi`, which formats a
Chinese and an English template with the same arguments, taking any argument that is itself a
``Msg`` in the matching language — so a message assembled from parts stays bilingual.

The desktop app renders messages in the language the user chose, and re-renders them when the
user switches language, without re-running the solve or the import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

LANGS = ("zh", "en")


class Msg(str):
    """A message: the Chinese text as the string value, the English text as ``.en``."""

    en: str

    def __new__(cls, zh: str, en: str | None = None) -> Msg:
        obj = super().__new__(cls, zh)
        obj.en = str(zh) if en is None else str(en)
        return obj

    @property
    def zh(self) -> str:
        return str.__str__(self)

    def text(self, lang: str = "zh") -> str:
        """The message in lang ('zh' or 'en')."""
        return self.en if lang == "en" else str.__str__(self)

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:  # pickles across the solve process
        return (Msg, (str.__str__(self), self.en))

    def __repr__(self) -> str:
        return f"Msg({str.__str__(self)!r}, {self.en!r})"


def localize(value: Any, lang: str = "zh") -> Any:
    """value in lang when it is a Msg; anything else unchanged."""
    return value.text(lang) if isinstance(value, Msg) else value


def bi(zh: str, en: str, /, **kw: Any) -> Msg:
    """Format both templates (``str.format`` syntax) with kw, each Msg argument in its language."""
    return Msg(
        zh.format(**{k: localize(v, "zh") for k, v in kw.items()}),
        en.format(**{k: localize(v, "en") for k, v in kw.items()}),
    )


def join(parts: Iterable[Any], zh_sep: str, en_sep: str) -> Msg:
    """Join messages (or plain strings) with a separator per language."""
    items = list(parts)
    return Msg(
        zh_sep.join(str(localize(p, "zh")) for p in items),
        en_sep.join(str(localize(p, "en")) for p in items),
    )


def pair(table: dict[str, tuple[str, str]], key: str) -> Msg:
    """The (zh, en) display names of key in a label table as one Msg; the key itself when unknown."""
    zh, en = table.get(key, (key, key))
    return Msg(zh, en)
