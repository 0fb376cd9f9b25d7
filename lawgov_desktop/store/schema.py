"""Schema of a project file and the migrations that build it, versioned by ``PRAGMA user_version``.

Each migration is a function that takes the connection inside an open transaction and moves
the schema one version up.  :func:`migrate` runs the missing ones in order, each in its own
transaction together with the new ``user_version``, so a crash leaves the file at a whole
version.  Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction.

    ``executescript`` would COMMIT first and so break the one-transaction-per-migration
    guarantee; this splits on complete statements (triggers included) instead.
    """
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                conn.execute(buf)
            buf = ""
    if buf.strip():
        conn.execute(buf)


def _v1_initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            year INTEGER,
            issuer TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            publish_date TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            source_format TEXT NOT NULL DEFAULT 'txt',
            encoding TEXT NOT NULL DEFAULT 'utf-8',
            text TEXT NOT NULL,
            chars INTEGER NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            parent_ord INTEGER,
            depth INTEGER NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            title_end INTEGER NOT NULL,
            line INTEGER NOT NULL DEFAULT 0,
            UNIQUE (report_id, ord)
        );
        CREATE TABLE categories (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            parent_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
            color TEXT NOT NULL DEFAULT '#f4c542',
            shortcut TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            keywords TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            CHECK (name <> '')
        );
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            annotator TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'ok',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start),
            CHECK (status IN ('ok', 'review', 'orphaned'))
        );
        CREATE INDEX annotations_report ON annotations(report_id, start);
        CREATE TABLE annotation_categories (
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
            PRIMARY KEY (annotation_id, category_id)
        ) WITHOUT ROWID;
        CREATE INDEX annotation_categories_category ON annotation_categories(category_id);
        """
    )


def _v_search_index(conn: sqlite3.Connection) -> None:
    """Full-text index of report texts (FTS5, trigram tokenizer), kept in sync by triggers.

    Why trigram: Chinese has no spaces, so a word tokenizer (``unicode61``) would make a
    whole clause one token and ``行政复议`` would not find ``行政复议案件``.  Trigram indexes
    every 3 code points, so any query of 3 or more characters is an exact substring match,
    whatever the word boundaries.  It cannot answer queries of 1–2 characters (``复议``,
    ``执法``): search sends those to a scan of ``reports.text`` (``instr``), fast enough for
    thousands of reports.  The index only narrows reports; offsets are found in Python.
    External content (``content='reports'``) avoids storing the texts twice; the triggers
    index an import or re-import inside its own transaction.  A SQLite without FTS5 or
    trigram gets no index, and search falls back to scanning.
    """
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE reports_fts USING fts5(text, content='reports', content_rowid='id', "
            "tokenize='trigram')"
        )
    except sqlite3.OperationalError:
        return
    run_script(
        conn,
        """
        CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
            INSERT INTO reports_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
            INSERT INTO reports_fts (reports_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER reports_fts_update AFTER UPDATE OF text ON reports BEGIN
            INSERT INTO reports_fts (reports_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO reports_fts (rowid, text) VALUES (new.id, new.text);
        END;
        INSERT INTO reports_fts (reports_fts) VALUES ('rebuild');
        """,
    )


def _v_suggestion_feedback(conn: sqlite3.Connection) -> None:
    """Verdicts on tag suggestions: a rejected span is not proposed again and trains the ranker."""
    run_script(
        conn,
        """
        CREATE TABLE suggestion_feedback (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
            verdict TEXT NOT NULL,
            created_at TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start),
            CHECK (verdict IN ('accepted', 'rejected'))
        );
        CREATE INDEX suggestion_feedback_report ON suggestion_feedback(report_id, category_id);
        """,
    )


def _v_report_versions(conn: sqlite3.Connection) -> None:
    """Earlier texts of re-imported reports, and how each annotation was re-anchored.

    A newer version of a report replaces its text in place (same id, so annotations,
    exports and links keep working); the text it replaced is kept here so nothing the
    user once read is lost.  ``annotation_anchors`` remembers, for annotations that could
    not be placed with confidence (``review``/``orphaned``), where they were and what they
    quoted, so the user can judge them later.
    """
    run_script(
        conn,
        """
        CREATE TABLE report_versions (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            year INTEGER,
            issuer TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            publish_date TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            source_format TEXT NOT NULL DEFAULT 'txt',
            encoding TEXT NOT NULL DEFAULT 'utf-8',
            text TEXT NOT NULL,
            chars INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            UNIQUE (report_id, version)
        );
        CREATE TABLE annotation_anchors (
            annotation_id INTEGER PRIMARY KEY REFERENCES annotations(id) ON DELETE CASCADE,
            report_version_id INTEGER REFERENCES report_versions(id) ON DELETE SET NULL,
            previous_start INTEGER NOT NULL,
            previous_end INTEGER NOT NULL,
            previous_quote TEXT NOT NULL,
            score REAL NOT NULL DEFAULT 0,
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX report_versions_report ON report_versions(report_id, version);
        """,
    )


def _v_import_speed(conn: sqlite3.Connection) -> None:
    """An index of reports by title, issuer and year, and FTS5 settings for large imports.

    Importing a file asks whether it is a new edition of a stored report (same title, issuer
    and year); without an index each question scanned every report, so imports got slower
    as the library grew.  FTS5 keeps new index terms in memory up to ``hashsize`` bytes (1 MB
    by default) and writes a segment each time that fills; 8 MB lets an import batch of a
    few hundred reports reach the index as a few segments (see ``store/bulk_import.py``).
    ``automerge`` 16 (default 4) merges segments in bigger, rarer steps, so each indexed
    character is rewritten fewer times as the index grows: measured, the import cost per
    report at 10,000 reports dropped from twice to about the cost at 100, with no slower
    searches.
    """
    conn.execute("CREATE INDEX reports_identity ON reports(title, issuer, year)")
    for option, value in (("hashsize", 8 * 1024 * 1024), ("automerge", 16)):
        try:
            conn.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES (?, ?)", [option, value])
        except sqlite3.OperationalError:
            pass  # no search index in this file, or an FTS5 without the option: only slower


def _v_lean_search_index(conn: sqlite3.Connection) -> None:
    """The search index rebuilt without positions (FTS5 ``detail=none``), a quarter cheaper to fill.

    Search uses the index only to narrow the reports; every offset is found in the text (see
    ``_v_search_index``), so the positions FTS5 kept for phrase queries were never read.
    Without them a term is asked as all of its 3-character pieces (each one trigram), which
    finds every report holding the term and rarely one holding the pieces apart, which the
    exact search in Python then drops.  Measured on 1,000 reports (about 4 million
    characters), indexing took about a quarter less time and the index a quarter of the
    space (4 MB instead of 16).  A file without the index (no FTS5 or trigram) stays without it.
    """
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports_fts'").fetchone() is None:
        return
    run_script(
        conn,
        """
        DROP TRIGGER IF EXISTS reports_fts_insert;
        DROP TRIGGER IF EXISTS reports_fts_delete;
        DROP TRIGGER IF EXISTS reports_fts_update;
        DROP TABLE reports_fts;
        CREATE VIRTUAL TABLE reports_fts USING fts5(text, content='reports', content_rowid='id',
            tokenize='trigram', detail=none);
        CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
            INSERT INTO reports_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
            INSERT INTO reports_fts (reports_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER reports_fts_update AFTER UPDATE OF text ON reports BEGIN
            INSERT INTO reports_fts (reports_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO reports_fts (rowid, text) VALUES (new.id, new.text);
        END;
        INSERT INTO reports_fts (reports_fts) VALUES ('rebuild');
        """,
    )
    # the settings of _v_import_speed lived in the dropped table
    for option, value in (("hashsize", 8 * 1024 * 1024), ("automerge", 16)):
        try:
            conn.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES (?, ?)", [option, value])
        except sqlite3.OperationalError:
            pass  # an FTS5 without the option: only slower


def _v_packed_outlines(conn: sqlite3.Connection) -> None:
    """Every report's outline packed into one row (``report_outlines``), filled for the stored reports.

    Search finds the section of each hit from these rows, one per report with a hit, instead
    of reading every ``sections`` row of those reports (see :mod:`lawgov_desktop.store.outlines`
    for the format).  Imports and new versions write the row with the sections.
    """
    from lawgov_desktop.store.outlines import store_packed_outlines

    run_script(
        conn,
        """
        CREATE TABLE report_outlines (
            report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
            packed BLOB NOT NULL
        );
        """,
    )
    store_packed_outlines(conn, [r[0] for r in conn.execute("SELECT id FROM reports")])


def _v_history(conn: sqlite3.Connection) -> None:
    """The undo history, kept in the project so undo serves the app and ``lawgov undo`` alike
    and survives closing the window (see :mod:`lawgov_desktop.store.history`).

    ``rows`` is a JSON list of ``[table, before, after]`` row images; ``done`` is 0 for a step
    that was undone and waits for redo.
    """
    run_script(
        conn,
        """
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            op TEXT NOT NULL,
            label TEXT NOT NULL,
            rows TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            CHECK (done IN (0, 1))
        );
        """,
    )


def _v_report_list(conn: sqlite3.Connection) -> None:
    """The library's columns of every report, in an index the list is read from.

    ``chars``, ``sha256`` and ``imported_at`` come after ``text`` in a report's row, so reading
    them walks the text's overflow pages: listing 1,000 reports read ~12 MB (26 ms, and ten
    times that at 10,000 reports, at every start).  The list reads this index instead (2 ms).
    """
    run_script(
        conn,
        """
        CREATE INDEX reports_list ON reports(id, title, year, issuer, region, source, publish_date, file_name,
                                             chars, sha256, imported_at);
        """,
    )


def _v_report_revisions(conn: sqlite3.Connection) -> None:
    """A revision number per report, raised by triggers whenever its annotations change.

    The window learns what another process (``lawgov`` in a terminal, a second window)
    changed by comparing small fingerprints of the project before and after its commit (see
    ``store/history.py``).  Summing every annotation for that took ~0.5 s at 100,000
    annotations, at start-up and after every write of the other process; one row per report
    read instead costs the same at any number of annotations.  Every insert, update and
    delete of an annotation or of one of its category links raises its report's number by
    one, in the same statement (a single upsert, so a tag costs a few B-tree steps more).
    A number only ever rises: rows are never deleted, not even with their report (undo may
    put the report back), and the undo history neither records nor restores them, so undo
    and redo raise them too — a report's number never comes back to a value seen before.
    Filled for the reports that have annotations when the file is upgraded.
    """
    run_script(
        conn,
        """
        CREATE TABLE report_revisions (
            report_id INTEGER PRIMARY KEY,
            rev INTEGER NOT NULL
        );
        CREATE TRIGGER report_revisions_annotation_insert AFTER INSERT ON annotations BEGIN
            INSERT INTO report_revisions (report_id, rev) VALUES (new.report_id, 1)
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1;
        END;
        CREATE TRIGGER report_revisions_annotation_update AFTER UPDATE ON annotations BEGIN
            INSERT INTO report_revisions (report_id, rev) VALUES (new.report_id, 1), (old.report_id, 1)
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1;
        END;
        CREATE TRIGGER report_revisions_annotation_delete AFTER DELETE ON annotations BEGIN
            INSERT INTO report_revisions (report_id, rev) VALUES (old.report_id, 1)
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1;
        END;
        CREATE TRIGGER report_revisions_link_insert AFTER INSERT ON annotation_categories BEGIN
            INSERT INTO report_revisions (report_id, rev)
                SELECT report_id, 1 FROM annotations WHERE id = new.annotation_id
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1;
        END;
        CREATE TRIGGER report_revisions_link_update AFTER UPDATE ON annotation_categories BEGIN
            INSERT INTO report_revisions (report_id, rev)
                SELECT report_id, 1 FROM annotations WHERE id IN (old.annotation_id, new.annotation_id)
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1;
        END;
        CREATE TRIGGER report_revisions_link_delete AFTER DELETE ON annotation_categories BEGIN
            INSERT INTO report_revisions (report_id, rev)
                SELECT report_id, 1 FROM annotations WHERE id = old.annotation_id
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1;
        END;
        INSERT INTO report_revisions (report_id, rev) SELECT DISTINCT report_id, 1 FROM annotations WHERE true;
        """,
    )


def _v_annotation_spans(conn: sqlite3.Connection) -> None:
    """The index of a report's annotations carries what its highlights need.

    Opening a report reads ``(id, start, end, status, annotator)`` of every annotation on it;
    with ``(report_id, start)`` alone each of a long report's 5,000 rows was a step into the
    table, whose rows hold quotes and context (~10 ms of the open).  Read from this index
    instead (~5 ms), already in start order.  Same name, so nothing else changes.
    """
    run_script(
        conn,
        """
        DROP INDEX annotations_report;
        CREATE INDEX annotations_report ON annotations(report_id, start, "end", status, annotator);
        """,
    )


def _v_annotation_category_ids(conn: sqlite3.Connection) -> None:
    """Each annotation carries its category ids, kept by triggers, in its report's index.

    Opening a long report read its 5,000 annotations from ``annotations_report`` and then
    their category links with a second query, one step into ``annotation_categories`` per
    annotation, and grouped them in Python: the links were about 40 % of reading the
    highlights.  ``category_ids`` (ids joined by commas, ascending; ``''`` for none) is now
    part of that covering index, so one range read gives everything a highlight needs.

    The links stay the truth: a trigger on every insert, update and delete of a link sets the
    column from the annotation's links, so no writer (tagging, merges, undo, a category
    deleted with its links) can leave it out of step.  The undo history leaves the column out
    of its row images (see ``store/history.py``): undo writes the links back, and the
    triggers follow.  The links' own triggers raise the report's revision number, so a
    change of the column alone does not raise it again (nor does filling it here).
    """
    run_script(
        conn,
        """
        ALTER TABLE annotations ADD COLUMN category_ids TEXT NOT NULL DEFAULT '';
        DROP TRIGGER report_revisions_annotation_update;
        CREATE TRIGGER report_revisions_annotation_update AFTER UPDATE OF id, report_id, start, "end", quote,
                prefix, suffix, note, annotator, status, created_at, updated_at ON annotations BEGIN
            INSERT INTO report_revisions (report_id, rev) VALUES (new.report_id, 1), (old.report_id, 1)
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1;
        END;
        UPDATE annotations SET category_ids = coalesce((SELECT group_concat(category_id) FROM
            (SELECT category_id FROM annotation_categories WHERE annotation_id = annotations.id
             ORDER BY category_id)), '') WHERE true;
        DROP INDEX annotations_report;
        CREATE INDEX annotations_report ON annotations(report_id, start, "end", status, annotator, category_ids);
        CREATE TRIGGER annotation_category_ids_insert AFTER INSERT ON annotation_categories BEGIN
            UPDATE annotations SET category_ids = coalesce((SELECT group_concat(category_id) FROM
                (SELECT category_id FROM annotation_categories WHERE annotation_id = new.annotation_id
                 ORDER BY category_id)), '') WHERE id = new.annotation_id;
        END;
        CREATE TRIGGER annotation_category_ids_delete AFTER DELETE ON annotation_categories BEGIN
            UPDATE annotations SET category_ids = coalesce((SELECT group_concat(category_id) FROM
                (SELECT category_id FROM annotation_categories WHERE annotation_id = old.annotation_id
                 ORDER BY category_id)), '') WHERE id = old.annotation_id;
        END;
        CREATE TRIGGER annotation_category_ids_update AFTER UPDATE ON annotation_categories BEGIN
            UPDATE annotations SET category_ids = coalesce((SELECT group_concat(category_id) FROM
                (SELECT category_id FROM annotation_categories WHERE annotation_id = annotations.id
                 ORDER BY category_id)), '') WHERE id IN (old.annotation_id, new.annotation_id);
        END;
        """,
    )


def _v_report_annotation_counts(conn: sqlite3.Connection) -> None:
    """Each report's number of annotations, kept by the triggers that raise its revision.

    The library shows every report with its number of annotations.  Counting them per report
    read the whole index of annotations: 5 ms of each start-up at 100,000 annotations, and
    ten times that at a million.  The revision triggers already run one upsert on a report's
    row at every insert, update and delete of an annotation; the same statement now keeps the
    count, so a tag costs no extra statement.  Filled from the annotations when the file is
    upgraded; the row of a report without annotations may be missing, which reads as 0.
    """
    run_script(
        conn,
        """
        ALTER TABLE report_revisions ADD COLUMN annotations INTEGER NOT NULL DEFAULT 0;
        UPDATE report_revisions SET annotations = (SELECT count(*) FROM annotations a
            WHERE a.report_id = report_revisions.report_id) WHERE true;
        DROP TRIGGER report_revisions_annotation_insert;
        DROP TRIGGER report_revisions_annotation_update;
        DROP TRIGGER report_revisions_annotation_delete;
        CREATE TRIGGER report_revisions_annotation_insert AFTER INSERT ON annotations BEGIN
            INSERT INTO report_revisions (report_id, rev, annotations) VALUES (new.report_id, 1, 1)
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1, annotations = annotations + 1;
        END;
        CREATE TRIGGER report_revisions_annotation_update AFTER UPDATE OF id, report_id, start, "end", quote,
                prefix, suffix, note, annotator, status, created_at, updated_at ON annotations BEGIN
            INSERT INTO report_revisions (report_id, rev, annotations) VALUES (new.report_id, 1, 1),
                                                                          (old.report_id, 1, -1)
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1, annotations = annotations + excluded.annotations;
        END;
        CREATE TRIGGER report_revisions_annotation_delete AFTER DELETE ON annotations BEGIN
            INSERT INTO report_revisions (report_id, rev, annotations) VALUES (old.report_id, 1, 0)
                ON CONFLICT (report_id) DO UPDATE SET rev = rev + 1, annotations = annotations - 1;
        END;
        """,
    )


#: MIGRATIONS[i] moves a file from user_version i to i + 1.
MIGRATIONS: list[Migration] = [_v1_initial, _v_search_index, _v_suggestion_feedback, _v_report_versions,
                               _v_import_speed, _v_lean_search_index, _v_packed_outlines, _v_history,
                               _v_report_list, _v_report_revisions, _v_annotation_spans,
                               _v_annotation_category_ids, _v_report_annotation_counts]


def latest_version() -> int:
    return len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version a project file is at (``PRAGMA user_version``)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int | None = None) -> list[int]:
    """Bring the schema up to ``target`` (default: latest); returns the versions applied.

    The connection must be in autocommit mode (``isolation_level=None``); each step runs
    in ``BEGIN IMMEDIATE`` … ``COMMIT`` so a second writer cannot interleave.
    """
    target = latest_version() if target is None else target
    applied: list[int] = []
    while True:
        current = user_version(conn)
        if current >= target:
            return applied
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-read under the write lock: another process may have migrated meanwhile
            current = user_version(conn)
            if current < target:
                MIGRATIONS[current](conn)
                conn.execute(f"PRAGMA user_version = {current + 1}")
                applied.append(current + 1)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
