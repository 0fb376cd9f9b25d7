"""Bilingual notes from the store, shown in the interface's language.

The store and the command line speak to both audiences at once — ``手动 (manual)``,
``文字已改动，请核对新位置 (the wording changed; check the new place)`` — because a script
has no language setting.  In the window only one half belongs: the Chinese one under the
Chinese catalogue, the English one in parentheses otherwise.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from lawgov_desktop import messages

_TRAILING_ENGLISH = re.compile(r"\s*\(([^()]*[A-Za-z][^()]*)\)\s*$")


def ui_is_chinese() -> bool:
    """Whether the Chinese catalogue is installed (the interface speaks Chinese)."""
    return QCoreApplication.translate("MainWindow", "Library") != "Library"


def window_language() -> str:
    """The catalogue language of the interface: ``zh_CN`` under the Chinese catalogue, else ``en``."""
    return "zh_CN" if ui_is_chinese() else "en"


def shown(item: object) -> str:
    """A library message, typed error or stored label in the interface's language (see
    :func:`lawgov_desktop.messages.text`)."""
    return messages.text(item, window_language())


def pick(text: str, chinese: bool | None = None) -> str:
    """The half of ``"中文 (english)"`` for the interface's language; other text unchanged
    (a catalogue message renders in that language)."""
    if isinstance(text, messages.Message):
        return text.render(("zh_CN" if ui_is_chinese() else "en") if chinese is None else
                           ("zh_CN" if chinese else "en"))
    found = _TRAILING_ENGLISH.search(text)
    if found is None or found.start() == 0:
        return text
    if chinese is None:
        chinese = ui_is_chinese()
    return text[:found.start()].strip() if chinese else found.group(1).strip()


__all__ = ["pick", "shown", "ui_is_chinese", "window_language"]
