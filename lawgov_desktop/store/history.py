"""The project's undo history: every operation's row changes, kept in the file itself.

Why row images rather than one hand-written inverse per operation: the inverse of an
operation is then exact by construction — whatever the operation wrote (an annotation, its
category links, a verdict, a cascade of deletions), undo puts back the very rows, values and
ids that were there, and redo puts back the rows it had made.  While an operation runs,
temporary triggers on this connection (``TEMP``: never part of the file's schema) copy the
old and new image of every row it changes in the tables below into a temporary log; when
the operation ends, the log is folded into one ``(table, before, after)`` per row and
stored as one ``history`` entry in the same transaction as the change.

Undo applies the ``before`` images, redo the ``after`` images, each in one transaction.
Either first checks that the rows are still as the entry left them: a change made without
an entry (by an older version of the app, or by hand) would otherwise be silently
overwritten, so the step is refused with the reason instead.

Reports (imports, new versions, merges) are steps too, kept compactly: see
:mod:`lawgov_desktop.store.report_images`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from lawgov_desktop.messages import Coded, Message, from_stored, stored
from lawgov_desktop.store import report_images
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.records import Changes, now_iso

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project

#: Tables an operation may change, parents before children, with their key columns.
TABLES: dict[str, tuple[str, ...]] = {
    "categories": ("id",),
    "annotations": ("id",),
    "annotation_categories": ("annotation_id", "category_id"),
    "report_versions": ("id",),  # after reports (see report_images), before the anchors that name them
    "annotation_anchors": ("annotation_id",),
    "suggestion_feedback": ("id",),
}

#: Entries kept; the oldest go first.
DEFAULT_LIMIT = 200
#: Bytes of row images kept at most: deleting a category with 50,000 annotations makes one
#: large step, and a few of those must not double the file.  Checked only when a step larger
#: than :data:`LARGE_STEP` is stored (smaller ones cannot reach the bound within the limit).
MAX_BYTES = 64 * 1024 * 1024
LARGE_STEP = 256 * 1024
#: ``op`` of an import whose step outgrew :data:`MAX_BYTES` (see :func:`record`): kept in the
#: history to say what happened, never undone; the steps before it are dropped, as they cannot
#: be undone past it
TOO_LARGE = "too-large-to-undo"


class HistoryError(ProjectError):
    """Nothing to undo or redo, or the rows changed since; the message is for the user."""


class NothingToUndo(Coded, HistoryError):
    code = "history.nothing_to_undo"


class NothingToRedo(Coded, HistoryError):
    code = "history.nothing_to_redo"


class StepChangedSince(Coded, HistoryError):
    """The rows of a step changed after it (``action``: undone or redone)."""

    code = "history.changed_since"


class StepDependedOn(Coded, HistoryError):
    code = "history.depended_on"


@dataclass
class HistoryEntry:
    """One step of the history as ``lawgov history`` and the Edit menu show it."""

    id: int
    op: str
    label: str
    done: bool  # False: undone, waiting for redo
    created_at: str
    rows: int  # rows it changed

    def as_dict(self) -> dict:
        return asdict(self)


#: Columns that triggers derive from other rows (see ``schema._v_annotation_category_ids``):
#: left out of row images, since writing the rows they come from sets them again
DERIVED: dict[str, frozenset[str]] = {"annotations": frozenset({"category_ids"})}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    derived = DERIVED.get(table, frozenset())
    return [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})") if r[1] not in derived]


def _image_sql(table: str, columns: list[str], row: str) -> str:
    """``json_object(...)`` of one row (``row`` is ``old``, ``new`` or the table's name)."""
    return "json_object(" + ", ".join(f"'{c}', {row}.\"{c}\"" for c in columns) + ")"


def install(conn: sqlite3.Connection) -> None:
    """Create this connection's capture log and triggers (once per connection).

    The triggers write only while ``temp.op_armed`` holds a row, so writes outside an
    operation (opening, migrating, imports that are not yet operations) cost one lookup.
    """
    if conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'op_capture'").fetchone():
        return
    conn.execute("CREATE TEMP TABLE op_capture (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, old TEXT, new TEXT)")
    conn.execute("CREATE TEMP TABLE op_armed (armed INTEGER)")
    report_images.install(conn)
    for table in TABLES:
        cols = _columns(conn, table)
        # an update of derived columns alone (a trigger following the links) is not logged
        update = f"UPDATE OF {', '.join(chr(34) + c + chr(34) for c in cols)}" if table in DERIVED else "UPDATE"
        for event, old, new in (("INSERT", "NULL", _image_sql(table, cols, "new")),
                                (update, _image_sql(table, cols, "old"), _image_sql(table, cols, "new")),
                                ("DELETE", _image_sql(table, cols, "old"), "NULL")):
            conn.execute(
                f"CREATE TEMP TRIGGER op_capture_{table}_{event.split()[0].lower()} AFTER {event} ON main.{table} "
                "WHEN EXISTS (SELECT 1 FROM op_armed) BEGIN "
                f"INSERT INTO op_capture (tbl, old, new) VALUES ('{table}', {old}, {new}); END"
            )


def arm(conn: sqlite3.Connection) -> None:
    """Start logging row changes (inside the operation's transaction).

    Two statements when the log exists, as it does from this connection's first operation on
    (a rollback of that first one takes it away again: it is then made anew).  Left-over rows
    of ``op_armed`` are harmless (armed is armed; :func:`disarm` empties it).
    """
    try:
        conn.execute("DELETE FROM temp.op_capture")
    except sqlite3.OperationalError:
        if conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'op_capture'").fetchone():
            raise  # the log is there: some other failure
        install(conn)
    conn.execute("INSERT INTO temp.op_armed VALUES (1)")


def disarm(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM temp.op_armed")
    conn.execute("DELETE FROM temp.op_capture")


def _key(table: str, image: dict) -> tuple:
    if table == report_images.TABLE:
        return (image["id"],)
    return tuple(image[k] for k in TABLES[table])


def captured_rows(conn: sqlite3.Connection) -> list[list]:
    """The log folded to ``[table, before, after]`` per row that ended up different."""
    folded: dict[tuple, list] = {}
    reports: dict[int, dict | None] = {}  # report id → its image before the operation (see report_images)
    for table, old, new in conn.execute("SELECT tbl, old, new FROM temp.op_capture ORDER BY seq"):
        if table == report_images.TABLE:
            rid, image = report_images.logged(old, new)
            reports.setdefault(rid, image)
            continue
        old_img = json.loads(old) if old is not None else None
        new_img = json.loads(new) if new is not None else None
        key = (table, _key(table, old_img if old_img is not None else new_img))
        if key in folded:
            folded[key][2] = new_img
        else:
            folded[key] = [table, old_img, new_img]
        if old_img is not None and new_img is not None and _key(table, old_img) != _key(table, new_img):
            raise HistoryError(f"an operation changed the key of a row of {table}")  # never done by the store
    rows = [row for row in folded.values() if row[1] != row[2]] + report_images.captured(conn, reports)
    return report_images.share_texts(rows) if reports else rows


@dataclass
class Step:
    """One step written by several transactions (the batches of an import): the entry that
    the first one recorded and the later ones extend, so undo takes the whole import back."""

    entry_id: int | None = None
    #: keys of the rows recorded so far (a superset after a failed part): a part that touches
    #: none of them is appended to the entry as it is, without reading the entry back
    keys: set[tuple] = field(default_factory=set)


def _merged(older: list[list], newer: list[list]) -> list[list]:
    """Rows of two parts of one step as one: the first before and the last after of each row."""
    rows = [list(r) for r in older]
    where = {(t, _key(t, b if b is not None else a)): i for i, (t, b, a) in enumerate(rows)}
    for table, before, after in newer:
        key = (table, _key(table, before if before is not None else after))
        if key in where:
            rows[where[key]][2] = after
        else:
            where[key] = len(rows)
            rows.append([table, before, after])
    return [r for r in rows if r[1] != r[2]]


def record(conn: sqlite3.Connection, op: str, label: str, rows: list[list], limit: int = DEFAULT_LIMIT,
           keep_empty: bool = False, step: Step | None = None) -> int | None:
    """Store one entry (inside the operation's transaction): undone steps are dropped, as a
    new action after undo leaves nothing to redo, and only the last ``limit`` are kept.

    With ``step`` naming an entry still done, the rows join that entry (its label replaced)
    instead.  The newest step is kept whatever its size; but a ``step`` (an import, written
    batch by batch) whose rows outgrow :data:`MAX_BYTES` becomes :data:`TOO_LARGE` — no rows,
    the steps before it dropped — rather than grow with the import and be re-read at every
    batch.  An import's step holds ~300 bytes a new report (see ``report_images``), so this
    takes some 200,000 reports, or a few thousand new versions (their old texts are kept).
    """
    if not rows and not keep_empty:
        return None
    conn.execute("DELETE FROM history WHERE done = 0")
    if step is not None and step.entry_id is not None:
        held = conn.execute("SELECT op, length(rows) FROM history WHERE id = ? AND done = 1",
                            [step.entry_id]).fetchone()
        if held is not None:
            op = held[0] if held[0] == TOO_LARGE else op
            keys = {(t, _key(t, b if b is not None else a)) for t, b, a in rows}
            if op != TOO_LARGE and not keys & step.keys:  # new rows only: appended
                part = _payload(op, rows, step)
                if part is not None and held[1] + len(part) <= MAX_BYTES:
                    step.keys |= keys
                    conn.execute("UPDATE history SET label = ?, rows = substr(rows, 1, length(rows) - 1) || ',' "
                                 "|| substr(?, 2) WHERE id = ?", [stored(label), part, step.entry_id])
                    return step.entry_id
            if op != TOO_LARGE:
                rows = _merged(json.loads(conn.execute("SELECT rows FROM history WHERE id = ?",
                                                       [step.entry_id]).fetchone()[0]), rows)
            payload = _payload(op, rows, step)
            if payload is None:
                conn.execute("DELETE FROM history WHERE id <> ?", [step.entry_id])
            conn.execute("UPDATE history SET op = ?, label = ?, rows = ? WHERE id = ?",
                         [TOO_LARGE if payload is None else op, stored(label), payload or "[]", step.entry_id])
            step.keys |= keys
            return step.entry_id
    payload = _payload(op, rows, step)
    if payload is None:
        conn.execute("DELETE FROM history")
    cur = conn.execute("INSERT INTO history (op, label, rows, done, created_at) VALUES (?, ?, ?, 1, ?)",
                       [TOO_LARGE if payload is None else op, stored(label), payload or "[]", now_iso()])
    entry_id = int(cur.lastrowid)
    if step is not None:
        step.keys = {(t, _key(t, b if b is not None else a)) for t, b, a in rows}
    conn.execute("DELETE FROM history WHERE id <= ?", [entry_id - limit])
    if payload is not None and len(payload) > LARGE_STEP:
        total = 0
        for hid, size in conn.execute("SELECT id, length(CAST(rows AS BLOB)) FROM history ORDER BY id DESC").fetchall():
            total += size
            if total > MAX_BYTES and hid != entry_id:  # this step and the newest that fit stay
                conn.execute("DELETE FROM history WHERE id <= ?", [hid])
                break
    return entry_id


def _payload(op: str, rows: list[list], step: Step | None) -> str | None:
    """The rows as stored; None when a ``step`` outgrew :data:`MAX_BYTES` (now or before)."""
    payload = "[]" if op == TOO_LARGE else json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return None if op == TOO_LARGE or (step is not None and len(payload) > MAX_BYTES) else payload


def entries(conn: sqlite3.Connection, limit: int | None = None) -> list[HistoryEntry]:
    """The history, newest first (undone steps first of all, as redo would take them)."""
    sql = ("SELECT id, op, label, done, created_at, json_array_length(rows) FROM history "
           "ORDER BY done, CASE WHEN done = 0 THEN id END ASC, id DESC")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [HistoryEntry(i, op, from_stored(label), bool(done), at, n)
            for i, op, label, done, at, n in conn.execute(sql)]


def counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(done steps, undone steps)."""
    done, undone = conn.execute("SELECT coalesce(sum(done AND op <> ?), 0), coalesce(sum(1 - done), 0) FROM history",
                                [TOO_LARGE]).fetchone()
    return int(done), int(undone)


def clear(conn: sqlite3.Connection) -> None:
    """Forget every step (inside the caller's transaction)."""
    conn.execute("DELETE FROM history")


def next_undo(conn: sqlite3.Connection) -> tuple[int, str, str] | None:
    row = conn.execute("SELECT id, op, label FROM history WHERE done = 1 AND op <> ? ORDER BY id DESC LIMIT 1",
                       [TOO_LARGE]).fetchone()
    return (row[0], row[1], from_stored(row[2])) if row else None


def next_redo(conn: sqlite3.Connection) -> tuple[int, str, str] | None:
    row = conn.execute("SELECT id, op, label FROM history WHERE done = 0 ORDER BY id ASC LIMIT 1").fetchone()
    return (row[0], row[1], from_stored(row[2])) if row else None


def _current(conn: sqlite3.Connection, table: str, key: tuple, columns: list[str]) -> dict | None:
    where = " AND ".join(f'"{k}" = ?' for k in TABLES[table])
    row = conn.execute(f"SELECT {_image_sql(table, columns, table)} FROM main.{table} WHERE {where}",
                       list(key)).fetchone()
    return json.loads(row[0]) if row else None


def apply(conn: sqlite3.Connection, entry_id: int, *, undo: bool) -> list[Changes]:
    """Put the rows of one entry back as they were before it (``undo``) or after it (redo),
    inside the caller's transaction; the entry is marked accordingly.  Refused with
    :class:`HistoryError` when a row is no longer as the entry expects."""
    (rows_json, label) = conn.execute("SELECT rows, label FROM history WHERE id = ?", [entry_id]).fetchone()
    rows = json.loads(rows_json)
    cols = {t: _columns(conn, t) for t in TABLES}
    plan = []
    reports = [r for r in rows if r[0] == report_images.TABLE]  # see report_images: marks and full images
    present = report_images.marks(conn, [_key(t, b if b is not None else a)[0] for t, b, a in reports])
    for table, before, after in reports:
        target, expected = (before, after) if undo else (after, before)
        rid = _key(table, before if before is not None else after)[0]
        if report_images.mark_of(expected) != present.get(rid):
            raise StepChangedSince(label=from_stored(label), table="reports", key=str([rid]),
                                   action=Message("history.undone" if undo else "history.redone"))
    # the images the tables hold now, in full: the step keeps them once they are replaced, for
    # redo — unless undo takes away more text than the bound (a huge import): then it cannot
    # be redone, and the step goes
    redoable = not undo or sum(mark["chars"] for mark in present.values()) <= MAX_BYTES
    held = report_images.full_images(conn, list(present)) if redoable else {}
    for table, before, after in rows:
        if table == report_images.TABLE:
            continue
        target, expected = (before, after) if undo else (after, before)
        key = _key(table, before if before is not None else after)
        current = _current(conn, table, key, cols[table])
        if current != expected:
            raise StepChangedSince(label=from_stored(label), table=table, key=str(list(key)),
                                   action=Message("history.undone" if undo else "history.redone"))
        plan.append((table, key, target, current))
    conn.execute("PRAGMA defer_foreign_keys = ON")  # parents and children come back in one go
    arm(conn)  # to see what the rows written below take with them
    targets = [(_key(t, b if b is not None else a)[0], report_images.expanded(b if undo else a, rows))
               for t, b, a in reports]
    try:
        _write_images(conn, plan, cols, targets, set(present))
        touched = {(table, _key(table, b if b is not None else a)) for table, b, a in captured_rows(conn)}
    finally:
        disarm(conn)
    planned = {(table, key) for table, key, _target, _was in plan} | {(report_images.TABLE, (rid,))
                                                                       for rid, _target in targets}
    if not touched <= planned:  # a deletion cascaded into rows a later change made
        table, key = sorted(touched - planned, key=repr)[0]
        raise StepDependedOn(label=from_stored(label), table=table, key=str(list(key)),
                             action=Message("history.undone" if undo else "history.redone"))
    if not redoable:
        conn.execute("DELETE FROM history WHERE done = 0 OR id = ?", [entry_id])
        return changes_of(conn, rows, "undo")
    if reports:  # the images now in the tables become marks, those that left them are kept in full
        flipped = [r for r in rows if r[0] != report_images.TABLE]
        for rid, target in targets:
            mark = None if target is None else {"id": rid, "row": report_images.mark_of(target)}
            flipped.append([report_images.TABLE, mark, held.get(rid)] if undo else
                           [report_images.TABLE, held.get(rid), mark])
        conn.execute("UPDATE history SET rows = ? WHERE id = ?", [json.dumps(
            report_images.share_texts(flipped), ensure_ascii=False, separators=(",", ":")), entry_id])
    conn.execute("UPDATE history SET done = ? WHERE id = ?", [0 if undo else 1, entry_id])
    return changes_of(conn, rows, "undo" if undo else "redo")


def _write_images(conn: sqlite3.Connection, plan: list[tuple], cols: dict[str, list[str]],
                  reports: list[tuple[int, dict | None]] = (), present: set[int] = frozenset()) -> None:
    """Delete the rows whose target is absence (children first), then write the reports'
    images (see report_images), then the other rows (parents first)."""
    order = list(TABLES)
    for table, key, target, _was in sorted(plan, key=lambda p: -order.index(p[0])):
        if target is None and _current(conn, table, key, cols[table]) is not None:
            where = " AND ".join(f'"{k}" = ?' for k in TABLES[table])
            conn.execute(f"DELETE FROM main.{table} WHERE {where}", list(key))
    if reports:
        report_images.write(conn, list(reports), present)
    for table, key, target, _was in sorted(plan, key=lambda p: order.index(p[0])):
        if target is None:
            continue
        names = [c for c in cols[table] if c in target]
        if _current(conn, table, key, cols[table]) is None:
            conn.execute(f"INSERT INTO main.{table} ({', '.join(chr(34) + c + chr(34) for c in names)}) "
                         f"VALUES ({', '.join('?' * len(names))})", [target[c] for c in names])
        else:
            sets = ", ".join(f'"{c}" = ?' for c in names)
            where = " AND ".join(f'"{k}" = ?' for k in TABLES[table])
            conn.execute(f"UPDATE main.{table} SET {sets} WHERE {where}", [target[c] for c in names] + list(key))


def changes_of(conn: sqlite3.Connection, rows: list[list], op: str) -> list[Changes]:
    """What the panes must refresh after rows of these tables changed (a second
    ``suggestion-feedback`` notice when verdicts changed, as adding one announces)."""
    changes = Changes(op)
    verdicts = False
    linked: set[int] = set()
    for table, before, after in rows:
        image = after if after is not None else before
        if table == "categories":
            changes.categories = True
        elif table == "annotations":
            changes.annotations.add(image["report_id"])
            changes.annotation_ids.add(image["id"])
        elif table in ("annotation_categories", "annotation_anchors"):
            linked.add(image["annotation_id"])
        elif table == "suggestion_feedback":
            verdicts = True
        elif table in (report_images.TABLE, "report_versions"):  # a text came or went: panes reload it
            changes.reports = True
            changes.annotations.add(image["id"] if table == report_images.TABLE else image["report_id"])
    for aid in linked - changes.annotation_ids:
        row = conn.execute("SELECT report_id FROM annotations WHERE id = ?", [aid]).fetchone()
        if row:
            changes.annotations.add(row[0])
    changes.annotation_ids |= linked
    return [changes, Changes("suggestion-feedback")] if verdicts else [changes]


def label_part(label: str, english: bool) -> str:
    """A stored label in one language: a message's code and data (see
    :func:`lawgov_desktop.messages.stored`), or ``中文 (English)`` as older versions wrote it."""
    return from_stored(label).render("en" if english else "zh_CN")


@dataclass
class Fingerprints:
    """A cheap summary of what the panes show, to tell which parts another process changed."""

    texts: dict[int, str]  # report id → sha256 of its text
    annotations: dict[int, tuple]  # report id → (revision number of its annotations,)
    categories: tuple

    def changes_since(self, older: Fingerprints) -> Changes | None:
        """What differs from ``older`` as a :class:`Changes` (None when nothing does)."""
        texts = {rid for rid in self.texts.keys() | older.texts.keys() if self.texts.get(rid) != older.texts.get(rid)}
        anns = {rid for rid in self.annotations.keys() | older.annotations.keys()
                if self.annotations.get(rid) != older.annotations.get(rid)}
        cats = self.categories != older.categories
        if not (texts or anns or cats):
            return None
        return Changes("external", reports=bool(texts), categories=cats, annotations=texts | anns)


def fingerprints(project: Project) -> Fingerprints:
    """Fingerprints of a project's texts, annotations and categories: a row per report and per
    category, whatever the number of annotations.

    A report's annotations are told by its revision number (``report_revisions``, raised by
    triggers at every change of its annotations or their categories: see
    ``schema._v_report_revisions``; a file is always at the latest schema when opened).
    """
    conn = project.conn
    texts = dict(conn.execute("SELECT id, sha256 FROM reports"))
    revisions = {rid: (rev,) for rid, rev in conn.execute("SELECT report_id, rev FROM report_revisions")}
    categories = tuple(conn.execute("SELECT id, name, parent_id, color, shortcut, position, keywords FROM categories "
                                    "ORDER BY id"))
    return Fingerprints(texts, revisions, categories)
