"""The Backups dialog: list a project's backups, make one now, restore one (after confirming).

It works from the project *path* so it can also be shown when a damaged project could not
be opened at all.  Restoring goes through :func:`~lawgov_desktop.store.backups.restore_backup`,
which verifies the backup and backs up the current state first; afterwards
:func:`open_backups_dialog` tells the window's widgets that everything changed and clears
the undo stack, whose commands refer to the replaced content.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.gui.bilingual import pick
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.history import HistoryStack
from lawgov_desktop.paths import backups_dir_for
from lawgov_desktop.store.backups import BackupInfo, list_backups, reason_text, restore_backup
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.lock import held_by_other
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.records import Changes

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackupsDialog", text)


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(1, round(size / 1024))} KB"


class BackupsDialog(QDialog):
    """Backups of one project, newest first, with Back up now / Restore / Show folder."""

    restored = Signal(str)  # path of the backup that was restored

    def __init__(self, project_path: str | Path, parent: QWidget | None = None,
                 project: Project | None = None) -> None:
        super().__init__(parent)
        self.project_path = Path(project_path)
        self.project = project  # the window's open project, used for "Back up now"
        self.setObjectName("backupsDialog")
        self.setWindowTitle(_tr("Backups of {name}").format(name=self.project_path.name))
        self.resize(760, 380)

        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [_tr("Made"), _tr("Why"), _tr("Size"), _tr("Reports"), _tr("Annotations"), _tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.backup_button = QPushButton(_tr("Back up now"), self)
        self.restore_button = QPushButton(_tr("Restore…"), self)
        self.folder_button = QPushButton(_tr("Show folder"), self)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.show_folder)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        buttons = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        self.backups: list[BackupInfo] = []
        self.refresh()

    # -- listing -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.backups = list_backups(self.project_path)
        self.table.setRowCount(len(self.backups))
        for row, b in enumerate(self.backups):
            state = _tr("OK") if b.ok else _tr("Damaged")
            cells = [b.created.astimezone().strftime("%Y-%m-%d %H:%M:%S"), pick(reason_text(b.reason)),
                     _size(b.size), str(b.counts.get("reports", "")), str(b.counts.get("annotations", "")), state]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(b.path))
                if not b.ok:
                    item.setToolTip("\n".join(b.problems))
                self.table.setItem(row, col, item)
        self.info.setText(_tr("Backups are kept in {folder}").format(folder=backups_dir_for(self.project_path))
                          if self.backups else _tr("There are no backups yet."))
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        writable = self.project is None or not self.project.readonly
        self.restore_button.setEnabled(chosen is not None and chosen.ok and writable)
        self.backup_button.setEnabled(writable)

    # -- actions -------------------------------------------------------------------------
    def backup_now(self) -> BackupInfo | None:
        try:
            if self.project is not None:
                info = self.project.backups.make("manual")
            else:
                with Project(self.project_path) as project:
                    info = project.backups.make("manual")
        except (OSError, ProjectError) as exc:
            QMessageBox.warning(self, _tr("Backup failed"), str(exc))
            return None
        self.refresh()
        return info

    def confirm_restore(self, backup: BackupInfo) -> bool:
        """Ask before replacing the project's content (tests replace this)."""
        answer = QMessageBox.question(
            self, _tr("Restore backup"),
            _tr("Replace the project's content with the backup made {when}?\n\n"
                "The current state is backed up first, so this can be undone by restoring that backup.")
            .format(when=backup.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> bool:
        backup = self.selected()
        if backup is None or not self.confirm_restore(backup):
            return False
        owner = held_by_other(self.project_path)
        if owner is not None:
            QMessageBox.warning(self, _tr("Restore backup"),
                                _tr("The project is open for editing in another LawGov window ({who}). "
                                    "Close it and try again.").format(who=owner.describe()))
            return False
        try:
            restore_backup(self.project_path, backup.path)
            with Project(self.project_path):
                pass  # brings an older backup's schema up to date
        except (OSError, ProjectError) as exc:
            QMessageBox.critical(self, _tr("Restore failed"), str(exc))
            self.refresh()
            return False
        self.restored.emit(str(backup.path))
        self.refresh()
        return True

    def show_folder(self) -> None:
        folder = backups_dir_for(self.project_path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def open_backups_dialog(parent: QWidget | None, bridge: ProjectBridge) -> BackupsDialog:
    """Show the Backups dialog for the bridge's project (non-modal); the menu entry calls this.

    After a restore every widget refreshes (reports, categories, all annotations) and the
    parent's ``undo_stack``, if it has one, is cleared.
    """
    project = bridge.project
    dialog = BackupsDialog(project.path, parent, project=project)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    # resolved now, not inside the slot: a slot holding the parent's wrapper could end up
    # owning the last reference to it and delete the parent while this dialog is being deleted
    stack = getattr(parent, "undo_stack", None)

    def after_restore(_path: str) -> None:
        if isinstance(stack, (QUndoStack, HistoryStack)):  # the window's: the restored file's history goes
            stack.clear()
        bridge.announce(Changes("restore", reports=True, categories=True,
                                annotations={r.id for r in project.reports.list()}))

    dialog.restored.connect(after_restore)
    dialog.open()
    return dialog
