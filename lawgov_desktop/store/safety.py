"""The project's backups (``project.backups``) and health checks (``project.health``).

The project calls :meth:`Backups.after_commit` once a write has committed (never inside a
transaction), which gives :class:`~lawgov_desktop.store.backups.AutoBackup` its chance to make
the hourly backup.
"""

from __future__ import annotations

from lawgov_desktop.store import backups
from lawgov_desktop.store.errors import KeepOneBackup
from lawgov_desktop.store.integrity import FileCheck, content_problems, structure_problems
from lawgov_desktop.store.records import Changes
from lawgov_desktop.store.schema import user_version
from lawgov_desktop.store.service import Service


class Backups(Service):
    """Backups of the project file (``project.backups``)."""

    _auto_backup: backups.AutoBackup | None = None

    def after_commit(self) -> None:
        """Called by the project once a write has committed; cheap unless an hourly backup is due."""
        if self._auto_backup is None:
            self._auto_backup = backups.AutoBackup(self.conn, self.path)
        try:
            self._auto_backup.after_commit()
        except Exception as exc:  # the change is committed: a backup problem must not look like a failed save
            self._auto_backup.last_error = repr(exc)

    @property
    def auto(self) -> backups.AutoBackup | None:
        """The hourly backup hook (its ``last_error`` says why a backup failed), once a write ran."""
        return self._auto_backup

    def make(self, reason: str = "manual") -> backups.BackupInfo:
        """Back up the project now (online backup API: safe while others write)."""
        return backups.make_backup(self.conn, self.path, reason)

    def on_open(self) -> backups.BackupInfo | None:
        """The GUI's backup after opening a project; None when nothing changed since the last one."""
        if self.readonly:
            return None
        return backups.backup_on_open(self.conn, self.path)

    def list(self, inspect: bool = True) -> list[backups.BackupInfo]:
        return backups.list_backups(self.path, inspect=inspect)

    def keep(self) -> int:
        """How many backups are kept (the ``backup_keep`` setting, default 10)."""
        return backups.read_keep(self.conn)

    def set_keep(self, keep: int) -> None:
        if int(keep) < 1:
            raise KeepOneBackup()
        with self._write():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [backups.KEEP_SETTING, str(int(keep))],
            )
        self._notify(Changes("settings"))


class Health(Service):
    """Checks of the project file (``project.health``)."""

    def check(self, full: bool = True) -> FileCheck:
        """``integrity_check`` (or ``quick_check``), foreign keys, content hashes, and counts."""
        result = FileCheck(self.path, user_version=self.schema_version())
        result.problems = structure_problems(self.conn, full=full) + content_problems(self.conn)
        result.counts = self.counts()
        for status in ("orphaned", "review"):
            result.counts[status] = self.conn.execute(
                "SELECT count(*) FROM annotations WHERE status = ?", [status]).fetchone()[0]
        return result

    def schema_version(self) -> int:
        return user_version(self.conn)

    def integrity(self) -> str:
        """``ok``, or the problems ``PRAGMA integrity_check`` and ``foreign_key_check`` report."""
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        problems = [r[0] for r in rows if r[0] != "ok"]
        fk = self.conn.execute("PRAGMA foreign_key_check").fetchall()
        problems += [f"foreign key: {r}" for r in fk]
        return "ok" if not problems else "; ".join(problems)

    def counts(self) -> dict[str, int]:
        """Rows of the main tables: reports, sections, categories, annotations."""
        return {
            t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("reports", "sections", "categories", "annotations")
        }


__all__ = ["Backups", "Health"]
