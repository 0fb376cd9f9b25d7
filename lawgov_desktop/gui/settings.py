"""Where the desktop app keeps its own preferences (window layout, open panes, zoom, language).

These are per-user UI preferences, not project data: they live in ``QSettings`` (the
registry on Windows, a plist on macOS, an ini file on Linux).  When ``LAWGOV_HOME`` is set —
tests, portable installs — they go to an ini file under it instead, so a test run can never
read or overwrite the real user's layout.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "LawGov"
APPLICATION = "LawGov Desktop"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"


def open_settings() -> QSettings:
    """The app's settings store (an ini file under ``LAWGOV_HOME`` when that is set)."""
    home = os.environ.get("LAWGOV_HOME")
    if home:
        path = Path(home) / "settings" / "lawgov-desktop.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


@dataclass
class PaneState:
    """One open pane: which report and where it was scrolled to (a code-point offset)."""

    report_id: int
    offset: int = 0


@dataclass
class ReadingState:
    """The reading area as it was left: panes left to right, zoom steps, linked toggle."""

    panes: list[PaneState] = field(default_factory=list)
    current: int = 0
    zoom: int = 0
    linked: bool = False


def _as_bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, (bytes, bytearray)) and value:
        return QByteArray(bytes(value))
    return None


class UiSettings:
    """Typed access to the keys the app stores, so no widget spells a key by hand."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qs = settings if settings is not None else open_settings()

    # -- language ---------------------------------------------------------------------
    def language(self) -> str:
        lang = str(self.qs.value("ui/language", DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE)
        return lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def set_language(self, lang: str) -> None:
        self.qs.setValue("ui/language", lang if lang in LANGUAGES else DEFAULT_LANGUAGE)

    # -- window -----------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return _as_bytes(self.qs.value("window/geometry"))

    def window_state(self) -> QByteArray | None:
        return _as_bytes(self.qs.value("window/state"))

    def set_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qs.setValue("window/geometry", geometry)
        self.qs.setValue("window/state", state)

    # -- reading area -----------------------------------------------------------------
    def reading(self) -> ReadingState:
        """The saved reading state; anything unreadable falls back to an empty area."""
        raw = self.qs.value("reading/state", "")
        try:
            data = json.loads(str(raw)) if raw else {}
            panes = [PaneState(int(p["report_id"]), int(p.get("offset", 0))) for p in data.get("panes", [])]
            return ReadingState(panes=panes, current=int(data.get("current", 0)),
                                zoom=int(data.get("zoom", 0)), linked=bool(data.get("linked", False)))
        except (ValueError, TypeError, KeyError, AttributeError):
            return ReadingState()

    def set_reading(self, state: ReadingState) -> None:
        self.qs.setValue("reading/state", json.dumps(asdict(state)))

    def sync(self) -> None:
        self.qs.sync()
