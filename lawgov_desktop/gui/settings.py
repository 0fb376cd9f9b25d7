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

from lawgov_desktop.preferences_store import (  # noqa: F401 (the app's names for them)
    APPLICATION,
    DEFAULT_LANGUAGE,
    LANGUAGE_KEY,
    LANGUAGES,
    ORGANIZATION,
    open_settings,
    saved_language,
)

#: Reading text size in points when the user chose none (``fonts.READING_POINT_SIZE``).
DEFAULT_TEXT_SIZE = 12
TEXT_SIZES = range(8, 33)
#: How many backups a project keeps at most when the user picks a number (1 … 999).
BACKUPS_KEPT_RANGE = range(1, 1000)


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
        return saved_language(self.qs)

    def set_language(self, lang: str) -> None:
        self.qs.setValue(LANGUAGE_KEY, lang if lang in LANGUAGES else DEFAULT_LANGUAGE)

    # -- preferences (编辑 → 首选项) ----------------------------------------------------
    def text_size(self) -> int:
        """Reading text size in points at zoom step 0 (the zoom steps add to it)."""
        try:
            size = int(self.qs.value("prefs/text_size", DEFAULT_TEXT_SIZE))
        except (TypeError, ValueError):
            return DEFAULT_TEXT_SIZE
        return size if size in TEXT_SIZES else DEFAULT_TEXT_SIZE

    def set_text_size(self, points: int) -> None:
        self.qs.setValue("prefs/text_size", int(points) if int(points) in TEXT_SIZES else DEFAULT_TEXT_SIZE)

    def chosen_annotator_name(self) -> str:
        """The name typed in the preferences ("" when none: the default applies)."""
        return str(self.qs.value("prefs/annotator", "") or "").strip()

    def annotator_name(self) -> str:
        """Name recorded on new annotations made in the GUI: the chosen one, else
        ``LAWGOV_ANNOTATOR`` or the login name (as the command line uses)."""
        from lawgov_desktop.store.project import default_annotator

        return self.chosen_annotator_name() or default_annotator()

    def set_annotator_name(self, name: str) -> None:
        self.qs.setValue("prefs/annotator", " ".join(str(name).split()))

    def backups_kept(self) -> int | None:
        """How many backups each opened project keeps; None when the user chose no number
        (then the project's own ``backup_keep`` setting applies, default 10)."""
        raw = self.qs.value("prefs/backups_kept", None)
        try:
            keep = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None
        return keep if keep in BACKUPS_KEPT_RANGE else None

    def set_backups_kept(self, keep: int | None) -> None:
        if keep is None:
            self.qs.remove("prefs/backups_kept")
        else:
            self.qs.setValue("prefs/backups_kept", max(1, min(int(keep), BACKUPS_KEPT_RANGE[-1])))

    def chosen_export_folder(self) -> Path | None:
        raw = str(self.qs.value("prefs/export_folder", "") or "").strip()
        return Path(raw) if raw else None

    def default_export_folder(self) -> Path:
        """Folder the export dialog proposes: the chosen one while it exists, else the home folder."""
        chosen = self.chosen_export_folder()
        return chosen if chosen is not None and chosen.is_dir() else Path.home()

    def set_default_export_folder(self, folder: str | os.PathLike | None) -> None:
        self.qs.setValue("prefs/export_folder", str(folder) if folder else "")

    # -- first run ----------------------------------------------------------------------
    def welcome_shown(self) -> bool:
        return str(self.qs.value("ui/welcome_shown", "false")).lower() in ("true", "1")

    def set_welcome_shown(self, shown: bool = True) -> None:
        self.qs.setValue("ui/welcome_shown", bool(shown))

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
