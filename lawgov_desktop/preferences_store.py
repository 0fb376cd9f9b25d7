"""Where the user's preferences are stored, for the desktop app and the command line alike.

Per-user preferences, not project data: ``QSettings`` (the registry on Windows, a plist on
macOS, an ini file on Linux).  When ``LAWGOV_HOME`` is set — tests, portable installs — they go
to an ini file under it instead, so a test run can never read or overwrite the real user's
layout.  Only Qt's core module is used (no widgets), so the command line can read the language
the user chose in the app without loading the GUI: :mod:`lawgov_desktop.gui.settings` holds the
app's own accessors over the same store.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "LawGov"
APPLICATION = "LawGov Desktop"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGE_KEY = "ui/language"


def open_settings() -> QSettings:
    """The app's settings store (an ini file under ``LAWGOV_HOME`` when that is set)."""
    home = os.environ.get("LAWGOV_HOME")
    if home:
        path = Path(home) / "settings" / "lawgov-desktop.ini"
        # an unwritable home must not stop the app: QSettings then keeps preferences for this run only
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def saved_language(settings: QSettings | None = None) -> str:
    """The interface language the user chose (``zh_CN`` when none or an unknown one)."""
    qs = settings if settings is not None else open_settings()
    lang = str(qs.value(LANGUAGE_KEY, DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


__all__ = ["APPLICATION", "DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_KEY", "ORGANIZATION", "open_settings",
           "saved_language"]
