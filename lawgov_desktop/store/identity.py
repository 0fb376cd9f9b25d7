"""Is an SQLite file a LawGov project, holding nothing this version did not put there?

Asked before anything writes to a file, so that another program's database is refused byte
for byte unchanged, and a project into which someone put a trigger, view or index of their
own (which would run inside every write the app makes) is refused instead of trusted.

A project is recognised by

* its ``application_id`` (:data:`APPLICATION_ID`, written into every new project), or, for a
  project made before the id existed, a schema version of ours whose tables and indexes are
  all there;
* its schema: every table, index, trigger and view in ``sqlite_master`` must be one the
  migrations of its ``user_version`` create, with the same SQL (SQLite's own statistics
  tables aside).  The expected schema is built by running the migrations in memory, so it
  can never drift from :mod:`lawgov_desktop.store.schema`.

The full-text index may be missing as a whole (a file made where SQLite had no FTS5 or no
trigram tokenizer); its shadow tables are compared by name only, since FTS5 words their SQL
itself and may word it differently from one SQLite version to the next.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass, field

from lawgov_desktop.messages import Message
from lawgov_desktop.store.schema import latest_version, migrate, user_version

#: ``PRAGMA application_id`` of a LawGov project: "LGOV" in ASCII.
APPLICATION_ID = 0x4C474F56

_FTS = "reports_fts"
#: Tables SQLite itself adds (``ANALYZE``, ``PRAGMA optimize``, AUTOINCREMENT): never ours to judge.
_SQLITE_INTERNAL = frozenset({"sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4", "sqlite_sequence"})

Objects = dict[tuple[str, str], str | None]  # (type, name) -> sql


@dataclass
class Identity:
    """What :func:`identify` found: whether the file is ours, its versions and what is foreign in it."""

    ours: bool
    application_id: int
    user_version: int
    reason: str = ""  # why it is not ours
    problems: list[str] = field(default_factory=list)  # objects of ours changed, or not ours at all

    @property
    def newer(self) -> bool:
        return self.user_version > latest_version()


def _objects(conn: sqlite3.Connection) -> Objects:
    return {(kind, name): sql for kind, name, sql in
            conn.execute("SELECT type, name, sql FROM main.sqlite_master")}


@functools.cache
def expected_schema(version: int) -> Objects:
    """The objects the migrations up to ``version`` create (built in memory, once per version)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, target=version)
        return _objects(conn)
    finally:
        conn.close()


def _is_fts(name: str) -> bool:
    return name == _FTS or name.startswith(_FTS + "_")


def _describe(kind: str, name: str) -> Message:
    return Message(f"schema.{kind}" if kind in ("table", "index", "trigger", "view") else "schema.object",
                   kind=kind, name=name)


def schema_problems(conn: sqlite3.Connection, version: int) -> tuple[list[str], list[str]]:
    """``(foreign, missing)``: objects that are not ours (or were altered), and ours that are absent."""
    actual = {k: v for k, v in _objects(conn).items() if k[1] not in _SQLITE_INTERNAL}
    expected = dict(expected_schema(version))
    if not any(_is_fts(name) for _kind, name in actual):
        expected = {k: v for k, v in expected.items() if not _is_fts(k[1])}
    foreign: list[str] = []
    for (kind, name), sql in sorted(actual.items()):
        if (kind, name) not in expected:
            foreign.append(Message("schema.extra", what=_describe(kind, name)))
        elif sql != expected[(kind, name)] and not (kind == "table" and name != _FTS and _is_fts(name)):
            foreign.append(Message("schema.altered", what=_describe(kind, name)))
    missing = [Message("schema.missing", what=_describe(kind, name)) for kind, name in sorted(expected)
               if (kind, name) not in actual]
    return foreign, missing


def identify(conn: sqlite3.Connection) -> Identity:
    """Judge the database behind ``conn`` (read-only: nothing is written)."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = user_version(conn)
    ident = Identity(False, app, version)
    if app not in (0, APPLICATION_ID):
        ident.reason = Message("identity.other_program", app=app)
        return ident
    if version < 0:
        ident.reason = Message("identity.bad_version", version=version)
        return ident
    if version > latest_version():
        ident.ours = True
        return ident  # a newer schema is not ours to judge; the caller refuses it by version
    foreign, missing = schema_problems(conn, version)
    if app == 0 and (version == 0 or missing):
        # no id of ours and not our tables: somebody else's file (or an empty one)
        ident.reason = Message("identity.no_tables" if version == 0 else "identity.missing_tables")
        return ident
    ident.ours = True
    ident.problems = foreign + missing
    return ident


def not_ours_message(path: object, ident: Identity) -> Message:
    return Message("project.not_ours", path=str(path), reason=ident.reason)


def foreign_schema_message(path: object, problems: list[str]) -> Message:
    shown: object = problems[:3]
    if len(problems) > 3:
        shown = Message("project.more_problems", shown=problems[:3], n=len(problems))
    return Message("project.foreign_schema", path=str(path), problems=shown)


__all__ = ["APPLICATION_ID", "Identity", "expected_schema", "foreign_schema_message", "identify",
           "not_ours_message", "schema_problems"]
