"""Opening a project file safely: pragmas, refusal of foreign or damaged files, transactions."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lawgov_desktop.messages import Message
from lawgov_desktop.store.errors import (
    ProjectCannotOpen,
    ProjectCannotOpenKnown,
    ProjectDamaged,
    ProjectEmptyFile,
    ProjectError,
    ProjectIsFolder,
    ProjectNeedsUpgrade,
    ProjectNotFound,
    ProjectNotRegularFile,
    ProjectNotSqlite,
)
from lawgov_desktop.store.identity import (
    APPLICATION_ID,
    Identity,
    foreign_schema_message,
    identify,
    not_ours_message,
)
from lawgov_desktop.store.integrity import (
    closed_cleanly,
    held_checked,
    open_problems,
    open_snapshot,
    precheck,
    read_header,
)
from lawgov_desktop.store.schema import latest_version, migrate, user_version
from lawgov_desktop.store.walpair import stale_wal_problem

if TYPE_CHECKING:  # imported on first use (see as_database): not before the window is painted
    import sqlite_utils

SQLITE_MAGIC = b"SQLite format 3\x00"


def _newer_message(path: Path, version: int) -> Message:
    return Message("project.newer", path=str(path), version=version, latest=latest_version())


#: What a failed SQLite call means to the user, by SQLite's primary result code.
_SQLITE_FAILURES = {
    "SQLITE_READONLY": "sqlite.readonly",
    "SQLITE_PERM": "sqlite.perm",
    "SQLITE_FULL": "sqlite.full",
    "SQLITE_IOERR": "sqlite.ioerr",
    "SQLITE_CANTOPEN": "sqlite.cantopen",
    "SQLITE_BUSY": "sqlite.busy",
    "SQLITE_LOCKED": "sqlite.busy",
    "SQLITE_CORRUPT": "sqlite.corrupt",
    "SQLITE_NOTADB": "sqlite.corrupt",
}
_SQLITE_WORDING = (("readonly database", "SQLITE_READONLY"), ("disk is full", "SQLITE_FULL"),
                   ("disk i/o error", "SQLITE_IOERR"), ("unable to open", "SQLITE_CANTOPEN"),
                   ("database is locked", "SQLITE_BUSY"), ("malformed", "SQLITE_CORRUPT"))


def failure_message(exc: BaseException, path: str | Path) -> Message | None:
    """One line for the user when ``exc`` (an SQLite or OS error) stopped a read or write of ``path``.

    None when the error is not one of the known conditions of the disk or the file (a bug,
    which should not be dressed up as one).
    """
    if isinstance(exc, OSError):
        why = exc.strerror or str(exc)
        return Message("project.io_failure", path=str(path), why=why)
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    code = "_".join(name.split("_")[:2])
    if code not in _SQLITE_FAILURES:
        text = str(exc).lower()
        code = next((c for words, c in _SQLITE_WORDING if words in text), "")
    if code not in _SQLITE_FAILURES:
        return None
    return Message(_SQLITE_FAILURES[code], path=str(path), detail=str(exc))


def _damaged_message(path: Path, problem: str) -> Message:
    return Message("project.damaged_untouched", path=str(path), problem=problem)


def _identity(path: Path) -> Identity | None:
    """What the file is, read through an ``immutable`` snapshot of the main file (nothing is
    locked, written or created beside it); None when there is nothing new to judge: a file
    exactly as this app left it at a clean close (judged when it was opened then), or one too
    damaged to be read this far (left to :func:`precheck`)."""
    if closed_cleanly(path):
        return None
    try:
        conn = open_snapshot(path)
    except sqlite3.Error:
        return None
    try:
        return identify(conn)
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _check_identity(path: Path) -> None:
    """Refuse another program's database, or a project holding objects we did not create."""
    ident = _identity(path)
    if ident is None:
        return
    if not ident.ours:
        raise ProjectError(not_ours_message(path, ident))
    if ident.newer:
        raise ProjectError(_newer_message(path, ident.user_version))
    if ident.problems:
        raise ProjectError(foreign_schema_message(path, ident.problems))


def not_a_project_problem(path: Path) -> str:
    """Why an existing file is not a LawGov project at all ("" when it is one, or is not there yet).

    For a caller that must decide before it puts anything beside the file (the desktop app's
    instance lock): a non-SQLite file, another program's database and a project with foreign
    objects in it are named here; damage and newer versions are left to opening, which can
    offer the backups.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return ""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return Message("project.cannot_read", path=str(path), why=str(exc.strerror or exc))
    if head != SQLITE_MAGIC:
        return Message("project.not_sqlite", path=str(path))
    ident = _identity(path)
    if ident is None or ident.newer:
        return ""
    if not ident.ours:
        return not_ours_message(path, ident)
    return foreign_schema_message(path, ident.problems) if ident.problems else ""


def _check_file(path: Path, *, readonly: bool = False, create: bool = True) -> tuple[bool, bool]:
    """Refuse a non-SQLite, foreign, damaged or newer file before SQLite writes to it, so it is left untouched.

    Returns ``(checked, fresh)``: whether the file is fully checked (it is not when a
    ``-wal`` exists beside it, see :func:`~lawgov_desktop.store.integrity.precheck`; then
    :func:`connect` checks it on the real connection), and whether it is still to be made
    (no file, or an empty one) — which only a command that writes may do.
    """
    if not path.exists():
        if readonly or not create:
            raise ProjectNotFound(path=str(path))
        return True, True
    if path.is_dir():
        raise ProjectIsFolder(path=str(path))
    if not path.is_file():
        raise ProjectNotRegularFile(path=str(path))
    size = path.stat().st_size
    if size == 0:
        if readonly or not create:
            raise ProjectEmptyFile(path=str(path))
        return True, True  # an empty file is a new, empty database
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        raise ProjectNotSqlite(path=str(path))
    stale = stale_wal_problem(path)
    if stale:
        raise ProjectError(stale)
    header, problem = read_header(path)
    if problem and (header is None or header.user_version <= latest_version()):
        raise ProjectError(_damaged_message(path, problem))
    _check_identity(path)
    version, problem, checked = precheck(path, latest_version())
    if version is not None and version > latest_version():
        raise ProjectError(_newer_message(path, version))
    if problem:
        raise ProjectError(_damaged_message(path, problem))
    return checked, False


def connect(path: str | Path, *, readonly: bool = False, create: bool = True) -> sqlite3.Connection:
    """Open (and if needed create and migrate) a project database.

    The connection runs in autocommit mode; writes go through :func:`transaction`.  Foreign
    keys are enforced, WAL lets the GUI read while a worker writes, and ``synchronous=FULL``
    makes every acknowledged commit survive a power cut.  Recursive triggers are on, as
    sqlite-utils turns them on for a connection it wraps: the same rules whether or not
    :func:`as_database` has wrapped this connection yet.
    """
    path = Path(path)
    checked, fresh = _check_file(path, readonly=readonly, create=create)
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=10)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            known = failure_message(exc, path)
            if known:
                raise ProjectError(known) from exc
            raise ProjectCannotOpen(path=str(path), why=str(exc)) from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")
        if fresh:
            # the id first, before WAL mode and the tables: even a file cut short here is ours
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        elif not checked:
            # again on the connection itself: the -wal may hold schema the main file does not
            ident = identify(conn)
            if not ident.ours:
                raise ProjectError(not_ours_message(path, ident))
            if not ident.newer and ident.problems:
                raise ProjectError(foreign_schema_message(path, ident.problems))
        version = user_version(conn)
        if version > latest_version():
            raise ProjectError(_newer_message(path, version))
        # held open by a project of this process that checked it: trusted as that one is
        problems = [] if checked or held_checked(path) else open_problems(conn)
        if problems:
            raise ProjectDamaged(path=str(path), problems="; ".join(problems[:3]))
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if 0 < version < latest_version():
                from lawgov_desktop.store.backups import backup_before_upgrade

                backup_before_upgrade(conn, path, version)
            migrate(conn)
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # a project made before the id
        elif version < latest_version():
            raise ProjectNeedsUpgrade(path=str(path))
    except sqlite3.DatabaseError as exc:
        conn.close()
        known = failure_message(exc, path)
        if known:
            raise ProjectCannotOpenKnown(why=known) from exc
        raise ProjectCannotOpen(path=str(path), why=str(exc)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def as_database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """``conn`` wrapped in a sqlite-utils ``Database`` (its table API), for code that wants one.

    sqlite-utils is imported here, on first use, not with the store: importing it (and click,
    dateutil, pluggy with it) is a good part of a start-up's cost, and every query the window
    runs to show itself is a plain ``conn.execute``, which is all ``Database.execute`` does on
    an autocommit connection.
    """
    import sqlite_utils
    import sqlite_utils.plugins

    # No sqlite-utils plugins: their hooks would run on the user's project connection, and
    # finding them scans every installed package's metadata (~10 ms).
    sqlite_utils.plugins._plugins_loaded = True
    return sqlite_utils.Database(conn)


@contextlib.contextmanager
def transaction(db: sqlite3.Connection | sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One atomic write: ``BEGIN IMMEDIATE`` … ``COMMIT`` (or a savepoint when nested).

    IMMEDIATE takes the write lock up front, so two processes writing the same project
    queue behind each other (busy timeout) instead of failing half-way through.  ``db`` is
    the project's connection (or a sqlite-utils ``Database`` over it).
    """
    conn: sqlite3.Connection = db.conn if hasattr(db, "conn") else db  # type: ignore[assignment]
    if conn.in_transaction:
        with _savepoint(conn):
            yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # also when COMMIT itself failed (disk full): nothing half-saved
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        message = failure_message(exc, _db_path(conn))
        if message is None:
            raise
        raise ProjectError(message) from exc


@contextlib.contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """A nested write inside the open transaction: undone alone if it fails, kept otherwise.

    One name serves every depth: SQLite's ROLLBACK TO and RELEASE act on the newest savepoint
    of that name, which is this block's own.
    """
    conn.execute("SAVEPOINT lawgov_nested")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # a RAISE(ROLLBACK) may already have ended the whole transaction
            conn.execute("ROLLBACK TO SAVEPOINT lawgov_nested")
            conn.execute("RELEASE SAVEPOINT lawgov_nested")
        raise
    conn.execute("RELEASE SAVEPOINT lawgov_nested")


def _db_path(conn: sqlite3.Connection) -> str:
    try:
        return next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "") or "?"
    except sqlite3.Error:
        return "?"
