"""What the stored preferences do to a window: text size, annotator name, backups kept and
the language menu's check mark.

Applied at every start, so kept apart from the Preferences dialog (:mod:`.preferences`),
which is imported when the dialog is first opened.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from lawgov_desktop.store.db import ProjectError

if TYPE_CHECKING:
    from lawgov_desktop.gui.main_window import MainWindow

LANGUAGE_LABELS = {"zh_CN": "中文（简体）", "en": "English"}


def apply_backups_kept(window: MainWindow) -> None:
    """Write the chosen number of backups into the window's project (when it differs)."""
    keep = window.settings.backups_kept()
    project = window.project
    if keep is None or project.readonly:
        return
    with contextlib.suppress(ProjectError, OSError):  # a locked or read-only file keeps its own number
        if project.backups.keep() != keep:
            project.backups.set_keep(keep)


def apply_preferences(window: MainWindow) -> None:
    """Put the stored preferences into effect on ``window`` (text size, annotator, backups)."""
    settings = window.settings
    window.project.annotations.annotator_name = settings.chosen_annotator_name()
    window.text_size = settings.text_size()
    window.apply_zoom(window.zoom)
    apply_backups_kept(window)
    group = getattr(window, "language_group", None)
    if group is not None:  # the View → Language menu shows the same choice
        chosen = LANGUAGE_LABELS.get(settings.language())
        for act in group.actions():
            act.setChecked(act.text() == chosen)
