"""Backups of a project, made with SQLite's online backup API, kept in ``NAME.lawgov-backups/``.

Why the backup API and not a file copy: a project in WAL mode is not one file, and a copy
taken while the app commits can be torn.  ``Connection.backup`` copies a consistent
snapshot page by page through SQLite's own locking, so it is safe while the GUI or a CLI
command is writing.  Each backup is written to ``*.tmp`` first and renamed into place, so
a crash mid-backup never leaves a half file that looks like a backup.

When backups are made:

* ``open``: the GUI calls :func:`backup_on_open` after opening a project (skipped when
  nothing changed since the newest backup);
* ``hourly``: :class:`AutoBackup` runs after every commit of a writable project (GUI and
  CLI alike) and makes one when the newest backup is older than an hour — it touches
  the disk at most once an hour, so commits stay cheap;
* ``pre-upgrade``: before migrations change an existing file's schema;
* ``manual`` (``lawgov backup``, the Backups dialog) and ``pre-restore`` (the state a
  restore is about to replace).

Only the newest N are kept (``backup_keep`` in the project's ``settings``, default 10).
File names carry the UTC time: ``NAME-20250102T030405.123456Z-hourly.lawgov``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lawgov_desktop.messages import Message
from lawgov_desktop.paths import backups_dir_for
from lawgov_desktop.store import walpair
from lawgov_desktop.store.backup_news import tell_backup_failure
from lawgov_desktop.store.errors import BackupBeforeUpgradeFailed, BackupDamaged, ProjectError
from lawgov_desktop.store.identity import identify, not_ours_message
from lawgov_desktop.store.integrity import FileCheck, check_file, open_snapshot, side_files
from lawgov_desktop.store.schema import latest_version

log = logging.getLogger(__name__)

KEEP_SETTING = "backup_keep"
DEFAULT_KEEP = 10
HOURLY_SECONDS = 3600.0
#: why a backup was made → the catalogue code naming it for people (see :func:`reason_text`)
REASONS = {reason: f"backup.reason.{reason}"
           for reason in ("open", "hourly", "manual", "pre-restore", "pre-upgrade", "damaged", "pre-import")}


def reason_text(reason: str) -> str:
    """Why a backup was made, for people (an unknown reason, from a newer version, as it is)."""
    return Message(REASONS[reason]) if reason in REASONS else reason
_NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}T\d{6}\.\d{6})Z-(?P<reason>[a-z-]+)\.lawgov$")
_TMP_SUFFIX = ".tmp"
_TMP_PID_RE = re.compile(r"\.lawgov\.(?P<pid>\d+)\.tmp")
_STALE_TMP_SECONDS = 600


@dataclass
class BackupInfo:
    """One backup file; ``counts``/``problems`` are filled when it was inspected."""

    path: Path
    created: datetime
    reason: str
    size: int
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    inspected: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {
            "path": str(self.path), "name": self.path.name,
            "created": self.created.isoformat(timespec="seconds"), "reason": self.reason,
            "size": self.size, "counts": self.counts,
            "ok": self.ok if self.inspected else None, "problems": self.problems,
        }


def backup_file_name(project: Path, when: datetime, reason: str) -> str:
    return f"{project.stem}-{when.astimezone(UTC):%Y%m%dT%H%M%S.%f}Z-{reason}.lawgov"


def _parse(path: Path) -> BackupInfo | None:
    m = _NAME_RE.match(path.name)
    if not m or not path.is_file():
        return None
    created = datetime.strptime(m["ts"], "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC)
    return BackupInfo(path, created, m["reason"], path.stat().st_size)


def list_backups(project: str | os.PathLike, *, inspect: bool = True) -> list[BackupInfo]:
    """Backups of ``project``, newest first; ``inspect`` checks each and counts its rows."""
    folder = backups_dir_for(Path(project))
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if (info := _parse(p)) is not None]
    found.sort(key=lambda b: b.created, reverse=True)
    if inspect:
        for info in found:
            info.counts, info.problems = _inspect(info.path)
            info.inspected = True
    return found


#: (path, size, mtime_ns) -> (counts, problems): a backup never changes once written, so the
#: full check :func:`restore_backup` makes is made once per backup, not at every listing.
_INSPECTED: dict[tuple[str, int, int], tuple[dict[str, int], list[str]]] = {}


def _inspect(path: Path) -> tuple[dict[str, int], list[str]]:
    """Counts and problems of a backup, by the very check :func:`restore_backup` makes."""
    try:
        st = path.stat()
    except OSError as exc:
        return {}, [Message("file.cannot_read", why=str(exc.strerror or exc))]
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _INSPECTED:
        fc = check_file(path, full=True)
        _INSPECTED[key] = (fc.counts, _restore_problems(fc))
        if len(_INSPECTED) > 512:
            _INSPECTED.pop(next(iter(_INSPECTED)))
    counts, problems = _INSPECTED[key]
    return dict(counts), list(problems)


def newest_backup_time(project: Path) -> datetime | None:
    found = list_backups(project, inspect=False)
    return found[0].created if found else None


def read_keep(conn: sqlite3.Connection) -> int:
    """How many backups to keep: the project's ``backup_keep`` setting, else 10."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [KEEP_SETTING]).fetchone()
        return max(1, int(row[0])) if row else DEFAULT_KEEP
    except (sqlite3.Error, ValueError, TypeError):
        return DEFAULT_KEEP


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_copy(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the database behind ``conn`` into ``target`` atomically (tmp file, fsync, rename).

    The temporary file (``NAME.PID.tmp``) is removed again when the copy fails, e.g. on a
    full disk, so failing backups leave nothing behind.
    """
    tmp = target.with_name(f"{target.name}.{os.getpid()}{_TMP_SUFFIX}")
    for leftover in (tmp, *side_files(tmp)):
        leftover.unlink(missing_ok=True)
    try:
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.backup(dst)
            # a backup is one self-contained file: opening it later must not spawn -wal/-shm
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, *side_files(tmp)):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files of backups that will never finish; returns what was removed.

    Stale means: made by a process that has ended (its id is in the name), or older than
    :data:`_STALE_TMP_SECONDS` (names from before the id was added, or another machine's).
    A younger one of a live process may be a backup in progress and is left alone.
    """
    from lawgov_desktop.store.lock import pid_alive

    removed: list[Path] = []
    cutoff = time.time() - _STALE_TMP_SECONDS
    for p in folder.glob(f"*{_TMP_SUFFIX}*") if folder.is_dir() else []:
        m = _TMP_PID_RE.search(p.name)
        with contextlib.suppress(OSError):
            pid = int(m["pid"]) if m else 0
            gone = pid > 0 and pid != os.getpid() and not pid_alive(pid)
            if gone or p.stat().st_mtime < cutoff:
                p.unlink()
                removed.append(p)
    return removed


def make_backup(conn: sqlite3.Connection, project: str | os.PathLike, reason: str = "manual", *,
                keep: int | None = None, rotate_after: bool = True) -> BackupInfo:
    """Back up the open database ``conn`` (the project at ``project``) now; returns the new backup."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    project = Path(project)
    folder = backups_dir_for(project)
    folder.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(folder)
    when = datetime.now(UTC)
    target = folder / backup_file_name(project, when, reason)
    while target.exists():  # two backups in the same microsecond
        when = when.replace(microsecond=(when.microsecond + 1) % 1_000_000)
        target = folder / backup_file_name(project, when, reason)
    _write_copy(conn, target)
    size = target.stat().st_size
    log.info("backup (%s): %s, %d bytes", reason, target.name, size)
    if rotate_after:
        rotate(project, read_keep(conn) if keep is None else keep)
    return BackupInfo(target, when, reason, size)


def rotate(project: Path, keep: int, protect: set[Path] | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups (and stale temporary files); returns what went."""
    protect = {p.resolve() for p in (protect or set())}
    removed: list[Path] = []
    for info in list_backups(project, inspect=False)[max(1, keep):]:
        if info.path.resolve() in protect:
            continue
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    clean_stale_temps(backups_dir_for(project))
    return removed


def backup_before_upgrade(conn: sqlite3.Connection, project: Path, version: int) -> BackupInfo:
    """Keep the file as it was before migrations change it; refuse the upgrade if that fails."""
    try:
        return make_backup(conn, project, "pre-upgrade")
    except (OSError, sqlite3.Error) as exc:
        raise BackupBeforeUpgradeFailed(path=str(project), version=version, why=str(exc)) from exc


def _has_content(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM reports)").fetchone()[0] == 1


def backup_on_open(conn: sqlite3.Connection, project: Path) -> BackupInfo | None:
    """The backup the GUI makes when it opens a project; None when nothing changed since the last.

    "Changed" is judged from the file system: the main file's modification time (a clean
    close checkpoints changes into it) and a non-empty ``-wal`` (changes not yet copied
    back, e.g. after a crash).  Empty projects are not backed up.
    """
    if not _has_content(conn):
        return None
    newest = newest_backup_time(project)
    wal = Path(f"{project}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    if newest is not None and not pending and newest.timestamp() >= project.stat().st_mtime:
        return None
    return make_backup(conn, project, "open")


class AutoBackup:
    """After-commit hook: a backup when the newest one is older than an hour.

    The first call looks at the backups folder once; later calls only compare a monotonic
    clock until the next backup is due, so a commit costs no extra I/O.  Failures never
    reach the caller (the change is already committed); they are kept in ``last_error``
    and retried a few minutes later.
    """

    def __init__(self, conn: sqlite3.Connection, project: Path, interval: float = HOURLY_SECONDS) -> None:
        self.conn, self.project, self.interval = conn, Path(project), interval
        self._due: float | None = None  # monotonic time of the next backup
        self.last_error: str = ""
        self.made: list[BackupInfo] = []

    def after_commit(self) -> BackupInfo | None:
        now = time.monotonic()
        if self._due is not None and now < self._due:
            return None
        try:
            if self._due is None:
                newest = newest_backup_time(self.project)
                age = (datetime.now(UTC) - newest).total_seconds() if newest else math.inf
                if age < self.interval:
                    self._due = now + self.interval - age
                    return None
            if not _has_content(self.conn):
                return None  # nothing worth keeping yet; look again at the next commit
            info = make_backup(self.conn, self.project, "hourly")
        except (OSError, sqlite3.Error) as exc:
            self.last_error = str(exc)
            self._due = now + 300
            tell_backup_failure(Message("backup.hourly_failed", why=str(exc)))
            return None
        self.last_error = ""
        self._due = now + self.interval
        self.made.append(info)
        return info


def verify_backup(path: Path) -> list[str]:
    """Problems that make ``path`` unfit to restore (empty when it is a sound LawGov project)."""
    return _restore_problems(check_file(path, full=True))


def _restore_problems(fc: FileCheck) -> list[str]:
    problems = list(fc.problems)
    if fc.user_version is not None and fc.user_version > latest_version():
        problems.append(Message("backup.newer", version=fc.user_version))
    return problems


def restore_backup(project: str | os.PathLike, backup: str | os.PathLike) -> BackupInfo | None:
    """Replace the project's content with ``backup``, after backing up the current state.

    The backup is verified first and a damaged one is refused.  A readable current project
    is saved as a ``pre-restore`` backup and overwritten through the backup API (so other
    open connections see the restored data, never a torn file); an unreadable one is kept
    byte for byte as a ``damaged`` copy and replaced.  Returns the backup of the previous
    state (None when there was no project file).
    """
    project, backup = Path(project), Path(backup)
    problems = verify_backup(backup)
    if problems:
        raise BackupDamaged(name=backup.name, problems=problems[:3])
    _refuse_another_programs_file(project)
    if (project.exists() and project.stat().st_size > 0 and not walpair.stale_wal_problem(project)
            and not check_file(project, full=False).fatal):
        saved = _restore_over_live(project, backup)
    else:
        saved = _restore_by_replacing(project, backup)
    src = open_snapshot(backup)
    try:
        keep = read_keep(src)
    finally:
        src.close()
    rotate(project, keep, protect={backup} | ({saved.path} if saved else set()))
    log.warning("restored %s from backup %s", project.name, backup.name)
    return saved


def _refuse_another_programs_file(project: Path) -> None:
    """A restore replaces the whole content: never that of another program's database.

    A LawGov project too damaged to be read is still replaced (that is what restore is for).
    """
    if not project.is_file() or project.stat().st_size == 0:
        return
    try:
        conn = open_snapshot(project)
    except sqlite3.Error:
        return
    try:
        ident = identify(conn)
    except sqlite3.DatabaseError:
        return
    finally:
        conn.close()
    if not ident.ours:
        raise ProjectError(not_ours_message(project, ident))


def _restore_over_live(project: Path, backup: Path) -> BackupInfo:
    conn = sqlite3.connect(str(project), isolation_level=None, timeout=10)
    try:
        saved = make_backup(conn, project, "pre-restore", rotate_after=False)
        src = open_snapshot(backup)
        try:
            src.backup(conn)
        finally:
            src.close()
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        walpair.note(project)  # the main file was rewritten: a -wal left now goes with this state
    finally:
        conn.close()
    return saved


def _restore_by_replacing(project: Path, backup: Path) -> BackupInfo | None:
    saved: BackupInfo | None = None
    folder = backups_dir_for(project)
    if project.exists() and project.stat().st_size > 0:
        folder.mkdir(parents=True, exist_ok=True)
        when = datetime.now(UTC)
        target = folder / backup_file_name(project, when, "damaged")
        shutil.copy2(project, target)  # byte for byte: it may still hold something worth rescuing
        wal = Path(f"{project}-wal")
        if wal.is_file() and wal.stat().st_size:  # a -wal that was not this file's: kept aside, not merged
            shutil.copy2(wal, target.with_name(target.name + ".wal"))
        saved = BackupInfo(target, when, "damaged", target.stat().st_size)
    project.parent.mkdir(parents=True, exist_ok=True)
    staging = project.with_name(project.name + ".restoring")
    src = open_snapshot(backup)
    try:
        _write_copy(src, staging)
    finally:
        src.close()
    for side in side_files(project):
        side.unlink(missing_ok=True)
    os.replace(staging, project)
    _fsync_dir(project.parent)
    return saved
