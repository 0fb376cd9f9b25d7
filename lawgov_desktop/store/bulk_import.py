"""Importing many report files fast: parse ahead in a thread, store in multi-row batches.

Used by :meth:`~lawgov_desktop.store.reports.Reports.import_files`.  Two things make a
large import slow if done one file at a time, and both are measured by ``lawgov bench``:

* **The search index.**  ``reports_fts`` is filled by an ``AFTER INSERT`` trigger, and FTS5
  flushes its pending terms to a new index segment whenever a statement that fires a
  trigger starts.  One ``INSERT`` per report therefore writes a tiny segment per report,
  and merging them costs more than the indexing itself.  :func:`insert_reports` inserts a
  whole batch with a few multi-row statements, so the index is built in memory and
  written once per batch, inside the batch's transaction.
* **Parsing.**  Decoding, outline and metadata are pure Python; the SQLite work releases
  the GIL.  :func:`parse_ahead` parses the next files in one worker thread while the
  caller stores the previous ones, so the two overlap on a second core.

Semantics do not change: a refused file is never written, a text already in the project
(or earlier in the same batch) is a duplicate, a corrected edition of a stored report is
re-anchored in place, and each batch is one transaction.  Each batch is an operation that
continues the import's one undo step (:class:`~lawgov_desktop.store.history.Step`): undo takes
back the whole import, and a crash between batches leaves the batches stored so far as that
step.  The step holds one small mark per new report, not its rows (see
:mod:`~lawgov_desktop.store.report_images`), so it costs the import almost nothing.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lawgov_desktop.core.document import ParsedReport, content_hash
from lawgov_desktop.core.errors import ReportReadError
from lawgov_desktop.messages import Message
from lawgov_desktop.store.outlines import insert_packed_outlines, pack_sections
from lawgov_desktop.store.records import now_iso

if TYPE_CHECKING:
    from concurrent.futures import Future

    from lawgov_desktop.store.history import Step
    from lawgov_desktop.store.project import Project
    from lawgov_desktop.store.reports import ImportSummary

#: How far parsing may run ahead of storing (bounds the memory held by parsed texts).
PARSE_AHEAD_FILES = 400
PARSE_AHEAD_BYTES = 32 * 1024 * 1024
_REPORT_FIELDS = 14  # columns of one report row in :func:`insert_reports`
_SECTION_FIELDS = 10  # columns of one section row in :func:`insert_reports`
_SQLITE_MIN_VARIABLES = 999  # the limit of the oldest SQLite builds still around


@dataclass
class _Parsed(ParsedReport):
    """A parsed report with its outline already packed for ``report_outlines``."""

    packed_outline: bytes = b""
    #: the ``sections`` rows, flat, :data:`_SECTION_FIELDS` values each, report ids left 0
    section_values: list[object] = field(default_factory=list)


def readable_name(text: str) -> str:
    """``text`` (a file name or path) with every byte that is not UTF-8 shown as ``\\xNN``.

    A file name on Linux may hold such bytes; Python keeps them as lone surrogates, which
    SQLite, JSON and the terminal all refuse.  The name stays recognisable and unique.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape" if _only_escapes(text) else "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")


def _only_escapes(text: str) -> bool:
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in text)


def _unexpected_reason(exc: Exception) -> Message:
    """Why a file could not be read when the reader failed in a way it did not foresee."""
    if isinstance(exc, RecursionError):
        return Message("read.nested_too_deeply")
    if isinstance(exc, MemoryError):
        return Message("read.out_of_memory")
    if isinstance(exc, OSError):
        why = exc.strerror or str(exc)
        return Message("read.os_error", why=why)
    return Message("read.unexpected", error=type(exc).__name__, detail=readable_name(str(exc))[:200])


def _parse(path: Path) -> tuple[ParsedReport | ReportReadError, str]:
    """Parse one file; whatever goes wrong with it is this file's refusal, never the whole import's."""
    try:
        return _parse_file(path)
    except ReportReadError as exc:
        return ReportReadError(readable_name(exc.path), readable_name(exc.reason)), ""
    except Exception as exc:  # a reader's unforeseen failure (deep nesting, memory…): this file only
        return ReportReadError(readable_name(str(path)), _unexpected_reason(exc)), ""


def _parse_file(path: Path) -> tuple[ParsedReport, str]:
    # imported here: the readers pull in lxml, which the app's start-up does not need
    from lawgov_desktop.core.report import parse_report_file

    parsed = parse_report_file(path)
    parsed.file_name = readable_name(parsed.file_name)
    parsed.meta.title = readable_name(parsed.meta.title)
    # hashed here too: hashlib lets go of the interpreter, and the storing thread, which
    # would have to win it back from this one, waited longer for that than for the hash
    # the packed outline too (see store/outlines.py): Python work the storing thread would
    # otherwise do while holding the interpreter between its statements
    # and the section rows, which the storing thread then only stamps with the report id
    return (_Parsed(**vars(parsed), packed_outline=pack_sections(parsed.sections),
                    section_values=_section_values(parsed)), content_hash(parsed.text))


def _section_values(parsed: ParsedReport) -> list[object]:
    return [value for i, s in enumerate(parsed.sections)
            for value in (0, i, s.parent, s.depth, s.label, s.title, s.start, s.end, s.title_end, s.line)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def parse_ahead(files: list[Path]) -> Iterator[tuple[Path, ParsedReport | ReportReadError, str]]:
    """``(path, parsed report or the reason it is refused, sha256 of the text or "")`` for each
    file, in order.

    Parsing runs in one worker thread, up to :data:`PARSE_AHEAD_FILES` files or
    :data:`PARSE_AHEAD_BYTES` of them ahead of the caller — more than one batch, so the
    thread keeps parsing while the caller writes a batch.  Stopping early (the caller was
    cancelled) drops the files not yet started.  Whatever goes wrong while reading one file
    (see :func:`_parse`) is that file's refusal: the others are read and stored as usual.
    """
    if len(files) < 2:
        for path in files:
            yield path, *_parse(path)
        return
    # every size asked before the worker starts: a stat lets go of the interpreter, and
    # asked between submissions each one waited for the parsing thread to hand it back
    sizes = [_size(path) for path in files]
    from concurrent.futures import ThreadPoolExecutor  # loaded by an import, not by every start

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lawgov-parse")
    queue: deque[tuple[Path, int, Future]] = deque()
    ahead = 0
    todo = iter(zip(files, sizes, strict=True))
    nxt: tuple[Path, int] | None = next(todo, None)
    try:
        while queue or nxt is not None:
            while nxt is not None and (not queue or (len(queue) < PARSE_AHEAD_FILES
                                                     and ahead < PARSE_AHEAD_BYTES)):
                path, size = nxt
                queue.append((path, size, pool.submit(_parse, path)))
                ahead += size
                nxt = next(todo, None)
            path, size, future = queue.popleft()
            ahead -= size
            yield path, *future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _rows_per_statement(conn: sqlite3.Connection, fields: int = _REPORT_FIELDS) -> int:
    try:
        limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except (AttributeError, sqlite3.Error):
        limit = _SQLITE_MIN_VARIABLES
    return max(1, min(limit, 32_766) // fields)


def insert_reports(project: Project, rows: list[tuple[int, ParsedReport, str]]) -> None:
    """Insert new reports ``(id, parsed, sha256)`` and their outlines, a few statements in all."""
    if not rows:
        return
    conn = project.conn
    stamp = now_iso()
    per = _rows_per_statement(conn)
    for k in range(0, len(rows), per):
        part = rows[k:k + per]
        values: list[object] = []
        for rid, parsed, sha in part:
            m = parsed.meta
            values += [rid, m.title, m.year, m.issuer, m.region, m.source, m.publish_date, parsed.file_name,
                       parsed.source_format, parsed.encoding, parsed.text, len(parsed.text), sha, stamp]
        conn.execute(
            "INSERT INTO reports (id, title, year, issuer, region, source, publish_date, file_name, "
            "source_format, encoding, text, chars, sha256, imported_at) VALUES "
            + ",".join(["(" + ",".join("?" * _REPORT_FIELDS) + ")"] * len(part)),
            values,
        )
    # multi-row statements here too: ``executemany`` steps once per section, letting go of the
    # interpreter each time, and while the parsing thread runs, winning it back took longer
    # than the insert itself
    sections: list[object] = []
    for rid, parsed, _sha in rows:
        flat = parsed.section_values if isinstance(parsed, _Parsed) else _section_values(parsed)
        flat[::_SECTION_FIELDS] = [rid] * (len(flat) // _SECTION_FIELDS)
        sections += flat
    per = _rows_per_statement(conn, _SECTION_FIELDS) * _SECTION_FIELDS
    for k in range(0, len(sections), per):
        part = sections[k:k + per]
        conn.execute(
            'INSERT INTO sections (report_id, ord, parent_ord, depth, label, title, start, "end", title_end, line) '
            "VALUES " + ",".join(["(" + ",".join("?" * _SECTION_FIELDS) + ")"] * (len(part) // _SECTION_FIELDS)),
            part,
        )
    insert_packed_outlines(conn, [(rid, parsed.packed_outline if isinstance(parsed, _Parsed)
                                   else pack_sections(parsed.sections)) for rid, parsed, _sha in rows])


def _lookup(project: Project, sql: str, keys: list) -> list[tuple]:
    """Rows of ``sql`` (with one ``{}`` for a list of placeholders) for ``keys``, in chunks."""
    rows: list[tuple] = []
    for k in range(0, len(keys), 500):
        part = keys[k:k + 500]
        rows += project.conn.execute(sql.format(",".join("?" * len(part))), part).fetchall()
    return rows


def store_batch(project: Project, batch: list[tuple[Path, ParsedReport, str]], summary: ImportSummary,
                replace: bool = False, step: Step | None = None) -> None:
    """Store parsed files ``(path, parsed, sha256 of its text)`` in one transaction, recording
    each outcome in ``summary``.

    New reports get the ids SQLite would give them (one past the largest), known before the
    insert, so a duplicate later in the same batch can name the report it duplicates.  A
    file that may be a new edition of a report still waiting in the batch first sends the
    waiting reports to the table, so the edition check sees them as it would one by one.

    Which texts and which (title, issuer, year) are already stored is asked once for the
    whole batch: two queries per file cost little alone, but each hands the interpreter to
    the parsing thread and waits to get it back.  Only a file whose identity is stored goes
    through the full check (:meth:`~lawgov_desktop.store.reports.Reports._known_text`),
    and after a new edition has replaced a text every later file does, as before.
    """
    if not batch:
        return
    from lawgov_desktop.store.reports import import_label

    with project.operation("import", lambda: import_label(len(summary.imported), len(summary.updated)), step=step):
        next_id = (project.conn.execute("SELECT max(id) FROM reports").fetchone()[0] or 0) + 1
        shas = [sha for _path, _parsed, sha in batch]
        stored_sha = dict(_lookup(project, "SELECT sha256, id FROM reports WHERE sha256 IN ({})", shas))
        stored_identity = set(_lookup(project, "SELECT title, issuer, year FROM reports WHERE title IN ({})",
                                      sorted({parsed.meta.title for _path, parsed, _sha in batch})))
        prefetched = True
        pending: list[tuple[int, ParsedReport, str]] = []
        waiting_sha: dict[str, int] = {}
        waiting_identity: set[tuple[str, str, int | None]] = set()
        for path, parsed, sha in batch:
            if sha in waiting_sha:
                summary.duplicates.append((str(path), waiting_sha[sha]))
                continue
            if prefetched and sha in stored_sha:
                summary.duplicates.append((str(path), stored_sha[sha]))
                continue
            identity = (parsed.meta.title, parsed.meta.issuer, parsed.meta.year)
            if identity in waiting_identity:
                insert_reports(project, pending)
                stored_identity |= waiting_identity
                pending, waiting_identity = [], set()
            if not prefetched or identity in stored_identity:
                known = project.reports._known_text(parsed, sha, notify=False, replace=replace)
                if known is not None:
                    if known.held is not None:  # would lose much of a report's text: the user decides
                        summary.held.append((str(path), known.report_id, known.held))
                    elif known.reanchor is not None:
                        summary.updated.append((str(path), known.report_id, known.reanchor))
                        prefetched = False  # a stored text changed: ask the table from now on
                    else:
                        summary.duplicates.append((str(path), known.report_id))
                    continue
            pending.append((next_id, parsed, sha))
            waiting_sha[sha] = next_id
            waiting_identity.add(identity)
            summary.imported.append((str(path), next_id))
            next_id += 1
        insert_reports(project, pending)
