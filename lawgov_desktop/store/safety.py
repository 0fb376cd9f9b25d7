"""Backups and health checks as :class:`~lawgov_desktop.store.project.Project` methods.

The after-commit hook lives here: :meth:`SafetyMixin._after_commit` runs once a write has
committed (never inside a transaction) and gives :class:`~lawgov_desktop.store.backups.AutoBackup`
its chance to make the hourly backup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lawgov_desktop.store import backups, walpair
from lawgov_desktop.store.errors import KeepOneBackup
from lawgov_desktop.store.integrity import FileCheck, content_problems, structure_problems
from lawgov_desktop.store.records import Changes

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project


class SafetyMixin:
    """Backup and check operations of :class:`~lawgov_desktop.store.project.Project`."""

    _auto_backup: backups.AutoBackup | None = None
    _wal_state: list[int] | None = None  # the main file as last recorded (see store/walpair.py)

    def _after_commit(self: Project) -> None:
        """Called by ``_write`` after COMMIT; cheap unless an hourly backup is due."""
        if self.readonly or self.conn.in_transaction:
            return
        # a checkpoint may have copied the -wal into the main file: its new state goes with the -wal
        self._wal_state = walpair.note_if_changed(self.path, self._wal_state)
        if self._auto_backup is None:
            self._auto_backup = backups.AutoBackup(self.conn, self.path)
        try:
            self._auto_backup.after_commit()
        except Exception as exc:  # the change is committed: a backup problem must not look like a failed save
            self._auto_backup.last_error = repr(exc)

    @property
    def auto_backup(self: Project) -> backups.AutoBackup | None:
        """The hourly backup hook (its ``last_error`` says why a backup failed), once a write ran."""
        return self._auto_backup

    def make_backup(self: Project, reason: str = "manual") -> backups.BackupInfo:
        """Back up the project now (online backup API: safe while others write)."""
        return backups.make_backup(self.conn, self.path, reason)

    def backup_on_open(self: Project) -> backups.BackupInfo | None:
        """The GUI's backup after opening a project; None when nothing changed since the last one."""
        if self.readonly:
            return None
        return backups.backup_on_open(self.conn, self.path)

    def backups(self: Project, inspect: bool = True) -> list[backups.BackupInfo]:
        return backups.list_backups(self.path, inspect=inspect)

    def backup_keep(self: Project) -> int:
        """How many backups are kept (the ``backup_keep`` setting, default 10)."""
        return backups.read_keep(self.conn)

    def set_backup_keep(self: Project, keep: int) -> None:
        if int(keep) < 1:
            raise KeepOneBackup()
        with self._write():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [backups.KEEP_SETTING, str(int(keep))],
            )
        self._notify(Changes("settings"))

    def health(self: Project, full: bool = True) -> FileCheck:
        """``integrity_check`` (or ``quick_check``), foreign keys, content hashes, and counts."""
        result = FileCheck(self.path, user_version=self.schema_version())
        result.problems = structure_problems(self.conn, full=full) + content_problems(self.conn)
        result.counts = self.counts()
        for status in ("orphaned", "review"):
            result.counts[status] = self.conn.execute(
                "SELECT count(*) FROM annotations WHERE status = ?", [status]).fetchone()[0]
        return result
