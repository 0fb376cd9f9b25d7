"""Edit → Preferences: language, text size, annotator name, backups kept, default export folder.

Everything is kept in :class:`~lawgov_desktop.gui.settings.UiSettings` (per user, across
restarts).  :func:`apply_preferences` puts the stored choices into effect on a window: the
window calls it when it is built and the dialog after OK, so there is one path for both.

* **Language** takes effect at the next start (Qt widgets keep the texts they were built with).
* **Text size** is the reading size at zoom step 0; Ctrl+= / Ctrl+- still zoom from there.
* **Annotator name** is recorded on every annotation made in the window (tagging, accepting
  a suggestion, tagging all search results); empty means the login name, as on the command line.
* **Backups kept** is written into each project opened (its ``backup_keep`` setting, which
  ``lawgov backup`` respects too); older backups go at the next backup.  Until the user picks
  a number, each project keeps its own (default 10).
* **Default export folder** is where the export dialog proposes to save.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from lawgov_desktop.gui.preference_effects import (  # noqa: F401 (also reachable from here)
    LANGUAGE_LABELS,
    apply_backups_kept,
    apply_preferences,
)
from lawgov_desktop.gui.settings import BACKUPS_KEPT_RANGE, LANGUAGES, TEXT_SIZES, UiSettings
from lawgov_desktop.store.backups import DEFAULT_KEEP
from lawgov_desktop.store.project import default_annotator

if TYPE_CHECKING:
    from lawgov_desktop.gui.main_window import MainWindow

class PreferencesDialog(QDialog):
    """The form; OK stores and applies, Cancel leaves everything as it was."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.settings: UiSettings = window.settings
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.language = QComboBox(self)
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_LABELS.get(lang, lang), lang)
        self.language.setCurrentIndex(max(0, self.language.findData(self.settings.language())))
        self.language_note = QLabel(self.tr("Takes effect when LawGov Desktop is restarted."), self)
        self.language_note.setEnabled(False)

        self.text_size = QSpinBox(self)
        self.text_size.setRange(TEXT_SIZES[0], TEXT_SIZES[-1])
        self.text_size.setSuffix(self.tr(" pt"))
        self.text_size.setValue(self.settings.text_size())
        self.text_size.setToolTip(self.tr("Size of the report text at Actual size (Ctrl+0); "
                                          "Ctrl+= and Ctrl+- zoom from there."))

        self.annotator = QLineEdit(self.settings.chosen_annotator_name(), self)
        self.annotator.setPlaceholderText(default_annotator() or self.tr("(no name)"))
        self.annotator.setToolTip(self.tr("Recorded on every annotation you make. Empty: your login name."))

        self.backups = QSpinBox(self)
        self.backups.setRange(BACKUPS_KEPT_RANGE[0], BACKUPS_KEPT_RANGE[-1])
        chosen = self.settings.backups_kept()
        try:
            current = window.project.backups.keep()
        except Exception:  # an unreadable setting: show the default
            current = DEFAULT_KEEP
        self.backups.setValue(chosen if chosen is not None else current)
        self._backups_start = self.backups.value()
        self.backups.setToolTip(self.tr("Backups of each project are made on opening and hourly while you "
                                        "work; only the newest ones are kept."))

        self.export_folder = QLineEdit(str(self.settings.chosen_export_folder() or ""), self)
        self.export_folder.setPlaceholderText(str(self.settings.default_export_folder()))
        self.export_folder.setClearButtonEnabled(True)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self.choose_export_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.export_folder, 1)
        folder_row.addWidget(browse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        lang_box = QVBoxLayout()
        lang_box.setSpacing(2)
        lang_box.addWidget(self.language)
        lang_box.addWidget(self.language_note)
        for text, buddy, field in (
            (self.tr("&Language:"), self.language, lang_box),
            (self.tr("&Text size:"), self.text_size, self.text_size),
            (self.tr("&Annotator name:"), self.annotator, self.annotator),
            (self.tr("&Backups kept per project:"), self.backups, self.backups),
            (self.tr("Default &export folder:"), self.export_folder, folder_row),
        ):
            label = QLabel(text, self)
            label.setBuddy(buddy)  # Alt+letter moves there (and the & is drawn as an underline)
            form.addRow(label, field)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def choose_export_folder(self) -> None:
        start = self.export_folder.text().strip() or str(self.settings.default_export_folder())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Default export folder"), start)
        if folder:
            self.export_folder.setText(folder)

    def save(self) -> None:
        """Store the form in the settings and apply it to the window."""
        s = self.settings
        s.set_language(self.language.currentData())
        s.set_text_size(self.text_size.value())
        s.set_annotator_name(self.annotator.text())
        if self.backups.value() != self._backups_start or s.backups_kept() is not None:
            s.set_backups_kept(self.backups.value())
        s.set_default_export_folder(self.export_folder.text().strip() or None)
        s.sync()
        apply_preferences(self.window_)

    def accept(self) -> None:
        self.save()
        super().accept()


def open_preferences_dialog(window: MainWindow) -> PreferencesDialog:
    """Show the dialog (window-modal, not blocking: ``open`` rather than ``exec``)."""
    dialog = window.findChild(PreferencesDialog)
    if dialog is None:
        dialog = PreferencesDialog(window)
    dialog.open()
    dialog.raise_()
    return dialog
