"""The project: one SQLite file holding reports, outlines, categories and annotations.

:class:`Project` is the core: the file, its connection, transactions and operations, the undo
history and change notification.  Everything else is done by its services, small objects it
makes on first use, each in its own module of this package:

=========================  ==============================================================
``project.reports``        :class:`~lawgov_desktop.store.reports.Reports`: import, list, read and delete reports
``project.categories``     :class:`~lawgov_desktop.store.categories.Categories`: the category tree
``project.annotations``    :class:`~lawgov_desktop.store.annotations.Annotations`: tag, read, edit, delete
``project.excerpts``       :class:`~lawgov_desktop.store.excerpts.Excerpts`: export records, imported spans
``project.versions``       :class:`~lawgov_desktop.store.versions.Versions`: new versions, re-anchoring
``project.search``         :class:`~lawgov_desktop.store.search.Search`: full-text search
``project.suggestions``    :class:`~lawgov_desktop.store.suggestions.Suggestions`: suggested tags, the ranker
``project.alignment``      :class:`~lawgov_desktop.store.alignment.Alignment`: sections of two reports
``project.backups``        :class:`~lawgov_desktop.store.safety.Backups`: backups and how many are kept
``project.health``         :class:`~lawgov_desktop.store.safety.Health`: checks, schema version, counts
=========================  ==============================================================

Every change a service makes runs in :meth:`Project.operation` (or a plain write transaction),
commits, and *then* tells the listeners what changed (a :class:`Changes`), so the GUI refreshes
from one path whether the change came from a click, an undo, an import worker or the CLI.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lawgov_desktop.messages import with_fallback
from lawgov_desktop.store import history as history_log
from lawgov_desktop.store import walpair
from lawgov_desktop.store.db import ProjectError, as_database, connect, transaction
from lawgov_desktop.store.errors import ProjectReadOnly
from lawgov_desktop.store.integrity import (
    forget_clean_close,
    hold_checked,
    record_clean_close,
    release_checked,
)
from lawgov_desktop.store.records import Changes

if TYPE_CHECKING:
    import sqlite_utils

    from lawgov_desktop.store.alignment import Alignment
    from lawgov_desktop.store.annotations import Annotations
    from lawgov_desktop.store.categories import Categories
    from lawgov_desktop.store.excerpts import Excerpts
    from lawgov_desktop.store.reports import Reports
    from lawgov_desktop.store.safety import Backups, Health
    from lawgov_desktop.store.search import Search
    from lawgov_desktop.store.suggestions import Suggestions
    from lawgov_desktop.store.versions import Versions

__all__ = ["Changes", "Project", "ProjectError", "default_annotator"]


Listener = Callable[[Changes], None]

#: the services of a project, by attribute (see the module's docstring)
SERVICES = ("reports", "categories", "annotations", "excerpts", "versions", "search", "suggestions", "alignment",
            "backups", "health")


def default_annotator() -> str:
    """The name recorded on new annotations: ``LAWGOV_ANNOTATOR`` or the login name."""
    name = os.environ.get("LAWGOV_ANNOTATOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name (some service accounts)
        return ""


class Project:
    """An open project file.  Not thread-safe: give each worker thread its own ``Project``.

    The core of the project (file, connection, operations, undo history, notification); the
    work is done by its services (see the module's table), each made on first use.
    """

    _wal_state: list[int] | None = None  # the main file as last recorded (see store/walpair.py)

    def __init__(self, path: str | Path, *, readonly: bool = False, create: bool = True) -> None:
        self.path = Path(path)
        self.readonly = readonly
        #: the project's SQLite connection: every query of the store goes through it
        self.conn: sqlite3.Connection = connect(self.path, readonly=readonly, create=create)
        hold_checked(self.path)  # checked now: this process's other connections may trust it
        self._holding = True
        self._db: sqlite_utils.Database | None = None
        self._listeners: list[Listener] = []
        self._op_depth = 0  # > 0 while an operation runs (see operation())
        self._held: list[Changes] = []  # notices held until the operation commits
        self._op_name: tuple[str | None, str | None] | None = None  # (op, label) of the running operation
        if not readonly:
            forget_clean_close(self.path)  # until close() says otherwise, the next open checks deeply
            # the main file as its -wal goes with it, so a file copied over it is not merged with it
            self._wal_state = walpair.note(self.path)
            self.categories.ensure_defaults()

    # -- services (each made on first use: opening a project pays only for those it uses) --------
    @cached_property
    def reports(self) -> Reports:
        from lawgov_desktop.store.reports import Reports

        return Reports(self)

    @cached_property
    def categories(self) -> Categories:
        from lawgov_desktop.store.categories import Categories

        return Categories(self)

    @cached_property
    def annotations(self) -> Annotations:
        from lawgov_desktop.store.annotations import Annotations

        return Annotations(self)

    @cached_property
    def excerpts(self) -> Excerpts:
        from lawgov_desktop.store.excerpts import Excerpts

        return Excerpts(self)

    @cached_property
    def versions(self) -> Versions:
        from lawgov_desktop.store.versions import Versions

        return Versions(self)

    @cached_property
    def search(self) -> Search:
        from lawgov_desktop.store.search import Search

        return Search(self)

    @cached_property
    def suggestions(self) -> Suggestions:
        from lawgov_desktop.store.suggestions import Suggestions

        return Suggestions(self)

    @cached_property
    def alignment(self) -> Alignment:
        from lawgov_desktop.store.alignment import Alignment

        return Alignment(self)

    @cached_property
    def backups(self) -> Backups:
        from lawgov_desktop.store.safety import Backups

        return Backups(self)

    @cached_property
    def health(self) -> Health:
        from lawgov_desktop.store.safety import Health

        return Health(self)

    @property
    def db(self) -> sqlite_utils.Database:
        """The same connection as a sqlite-utils ``Database``, made on first use (see
        :func:`~lawgov_desktop.store.db.as_database`: the window is painted before it loads)."""
        if self._db is None:
            self._db = as_database(self.conn)
        return self._db

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()
        if self.__dict__.pop("_holding", False):  # once, however often close() is called
            release_checked(self.path)
        for name in SERVICES:  # each holds the project: break the cycles now rather than at a GC
            self.__dict__.pop(name, None)
        if not self.readonly:
            # the last connection checkpointed and removed the -wal: remember the file as sound,
            # so the next open can skip re-hashing every report (see integrity.precheck)
            record_clean_close(self.path)
            if not Path(f"{self.path}-wal").exists():
                walpair.forget(self.path)  # nothing left to pair

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- change notification -------------------------------------------------------------
    def add_listener(self, fn: Listener) -> None:
        self._listeners.append(fn)

    def remove_listener(self, fn: Listener) -> None:
        if fn in self._listeners:
            self._listeners.remove(fn)

    def _notify(self, changes: Changes) -> None:
        if self._op_depth:  # told once the whole operation is committed, never before
            self._held.append(changes)
            return
        for fn in list(self._listeners):
            fn(changes)

    # -- operations and their history -------------------------------------------------------
    @contextlib.contextmanager
    def operation(self, op: str | None, label: str | Callable[[], str] | None,
                  fallback: tuple[str, str] = ("change", ""), keep_empty: bool = False,
                  step: history_log.Step | None = None) -> Iterator[None]:
        """One user-visible change: one transaction that also stores how to undo it.

        Everything written inside — by any service of the project — commits together with one
        entry of the undo history, or not at all.  Listeners hear of it only after COMMIT.
        An operation started inside another is part of the outer one (one step).  An outer
        operation without an ``op`` or ``label`` (``None``: a caller grouping steps, such as the
        window running a command) takes those of the first operation inside it, else ``fallback``.
        One that changed nothing is no step, unless ``keep_empty`` (a decision the reader sees
        as a step, such as "neither" while adjudicating).

        ``label`` may be a function, asked when the step is stored (an import names the
        reports it stored).  ``step``: this transaction continues the step that an earlier
        operation with the same ``step`` recorded, while that step is still the one to undo
        (the batches of one import are one step, see :class:`~lawgov_desktop.store.history.Step`).
        """
        if self._op_depth:
            named = self._op_name
            if op is not None and (named is None or named[0] is None):
                self._op_name = (op, with_fallback(named[1], label) if named and named[1] else (label or ""))
            self._op_depth += 1
            try:
                yield
            finally:
                self._op_depth -= 1
            return
        self._held = []
        self._op_name = (op, label) if (op, label) != (None, None) else None  # type: ignore[assignment]
        try:
            with self._write():
                conn = self.conn
                history_log.arm(conn)
                self._op_depth = 1
                try:
                    yield
                    rows = history_log.captured_rows(conn)
                finally:
                    self._op_depth = 0
                    history_log.disarm(conn)
                name, text = self._op_name or (None, None)
                if callable(text):
                    text = text()
                entry_id = history_log.record(conn, name or fallback[0], text or fallback[1], rows,
                                              self.history_limit, keep_empty=keep_empty, step=step)
        except BaseException:
            self._held = []
            raise
        if step is not None and entry_id is not None:  # committed: later parts may extend it
            step.entry_id = entry_id
        held, self._held = self._held, []
        for changes in held:
            self._notify(changes)

    #: how many steps the project keeps
    history_limit = history_log.DEFAULT_LIMIT

    def undo(self) -> list[Changes]:
        """Undo the newest step (whoever made it: the app or ``lawgov``), in one transaction."""
        return self._step(undo=True)

    def redo(self) -> list[Changes]:
        """Redo the step undone last, in one transaction."""
        return self._step(undo=False)

    def _step(self, *, undo: bool) -> list[Changes]:
        with self._write():
            entry = history_log.next_undo(self.conn) if undo else history_log.next_redo(self.conn)
            if entry is None:
                raise history_log.NothingToUndo() if undo else history_log.NothingToRedo()
            history_log.install(self.conn)
            changes = history_log.apply(self.conn, entry[0], undo=undo)
        for ch in changes:
            self._notify(ch)
        return changes

    def undo_label(self) -> str | None:
        """The label of the step :meth:`undo` would take back, or None."""
        entry = history_log.next_undo(self.conn)
        return entry[2] if entry else None

    def redo_label(self) -> str | None:
        entry = history_log.next_redo(self.conn)
        return entry[2] if entry else None

    def history_counts(self) -> tuple[int, int]:
        """(steps that can be undone, steps that can be redone)."""
        return history_log.counts(self.conn)

    def clear_history(self) -> None:
        """Forget every step (the texts they refer to were replaced)."""
        with self._write():
            history_log.clear(self.conn)

    def data_version(self) -> int:
        """A number that changes whenever another connection commits (``PRAGMA data_version``):
        how the window notices a change made by ``lawgov`` or another process."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def history(self, limit: int | None = None) -> list[history_log.HistoryEntry]:
        """The undo history, steps to redo first, then the done ones newest first."""
        return history_log.entries(self.conn, limit)

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """Transaction for one operation; refuses when the project is open read-only.

        The after-commit hook (hourly backup) runs only once COMMIT has returned, so it can
        neither delay nor undo a change the caller is about to report as saved.
        """
        if self.readonly:
            raise ProjectReadOnly()
        return self._committed()

    @contextlib.contextmanager
    def _committed(self) -> Iterator[sqlite3.Connection]:
        with transaction(self.conn) as conn:
            yield conn
        self._after_commit()

    def _after_commit(self) -> None:
        """Called by ``_write`` after COMMIT; cheap unless an hourly backup is due."""
        if self.readonly or self.conn.in_transaction:
            return
        # a checkpoint may have copied the -wal into the main file: its new state goes with the -wal
        self._wal_state = walpair.note_if_changed(self.path, self._wal_state)
        self.backups.after_commit()
