"""Annotations: tagged spans of a report, with categories, note, annotator and times.

``start``/``end`` are Unicode code-point offsets into the report's stored text.  Each
annotation also keeps its quote and :data:`~lawgov_desktop.store.records.CONTEXT_CHARS` of
text on either side, so it can be found again if the text changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from operator import attrgetter
from typing import NamedTuple

from lawgov_desktop.core.document import BEFORE_FIRST_HEADING, Section, innermost_section, section_path
from lawgov_desktop.core.gcpause import paused_gc
from lawgov_desktop.messages import Message
from lawgov_desktop.store.errors import OffsetsInvalid
from lawgov_desktop.store.records import CONTEXT_CHARS, Annotation, Changes, now_iso
from lawgov_desktop.store.service import Service

_COLS = 'id, report_id, start, "end", quote, prefix, suffix, note, annotator, status, created_at, updated_at'
_KEY_COLS = 'id, report_id, start, "end", status, annotator, category_ids'
#: columns the annotations list may sort by that :class:`AnnotationKey` does not hold
SORT_COLUMNS = frozenset({"quote", "note", "annotator", "updated_at"})
_ID_CHUNK = 500  # ids per ``IN (...)`` list, well below SQLite's limit on parameters


class AnnotationKey(NamedTuple):
    """What a list of annotations places, filters and highlights by; quotes, context, note
    and times are read separately (:meth:`~lawgov_desktop.store.annotations.Annotations.details`) for the
    rows that are shown."""

    id: int
    report_id: int
    start: int
    end: int
    status: str
    category_ids: tuple[int, ...]
    annotator: str  # a report pane tells annotators apart without a second read


@dataclass
class AnnotationFilter:
    """Which annotations to list or export; every field is optional."""

    report_ids: list[int] | None = None
    category_ids: list[int] | None = None
    annotator: str | None = None
    since: str | None = None  # ISO date/time, compared with created_at
    until: str | None = None
    text: str | None = None  # substring of quote or note
    annotation_ids: list[int] | None = None  # just these (a listener updating the rows a change names)


def utc_bound(value: str, *, end: bool) -> str:
    """A user's date or date-time as the UTC timestamp text that ``created_at`` is stored in.

    Dates mean the user's own calendar day: ``2026-11-22`` in Beijing starts at 16:00 UTC the
    day before, so comparing it with UTC times as written would be off by up to a day.  A bare
    date as an upper bound includes that whole day.
    """
    value = value.strip()
    if len(value) == 10:
        day = date.fromisoformat(value)
        moment = datetime.combine(day, time.max if end else time.min).replace(microsecond=0)
    else:
        moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive = the computer's local time
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def span_context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(prefix, quote, suffix) of a span, the context clipped to CONTEXT_CHARS each side."""
    return text[max(0, start - CONTEXT_CHARS):start], text[start:end], text[end:end + CONTEXT_CHARS]


class Annotations(Service):
    """The project's annotations (``project.annotations``): tag spans, read, edit, delete, restore.

    Asks the project for ``reports`` (texts to check offsets and cut quotes) and ``categories``
    (names to ids).
    """

    #: Name recorded on new annotations when the caller names none; "" means
    #: :func:`~lawgov_desktop.store.project.default_annotator` (the GUI sets the user's choice).
    annotator_name: str = ""

    def _checked_span(self, report_id: int, start: int, end: int) -> str:
        text = self._project.reports.text(report_id)
        if not (isinstance(start, int) and isinstance(end, int)) or start < 0 or end > len(text) or start >= end:
            raise OffsetsInvalid(start=start, end=end, length=len(text))
        return text

    def add(
        self, report_id: int, start: int, end: int, categories: Iterable[int | str] = (),
        note: str = "", annotator: str | None = None, status: str = "ok",
    ) -> int:
        """Tag ``text[start:end]``; returns the new id once it is committed."""
        return self.add_many(report_id, [(start, end)], categories, note=note, annotator=annotator,
                                    status=status)[0]

    def add_many(
        self, report_id: int, spans: list[tuple[int, int]], categories: Iterable[int | str] = (),
        note: str = "", annotator: str | None = None, status: str = "ok",
    ) -> list[int]:
        """Tag several spans of one report in one transaction (one undo step, one notification)."""
        from lawgov_desktop.store.project import default_annotator

        cat_ids = self._project.categories.resolve(list(categories))
        text = self._project.reports.text(report_id)
        for start, end in spans:
            if not (0 <= start < end <= len(text)):
                raise OffsetsInvalid(start=start, end=end, length=len(text))
        who = (self.annotator_name or default_annotator()) if annotator is None else annotator
        stamp = now_iso()
        ids: list[int] = []
        n = len(spans)
        with self._operation("add-annotation", Message("label.tag", n=n)):
            for start, end in spans:
                prefix, quote, suffix = span_context(text, start, end)
                ann = Annotation(0, report_id, start, end, quote, prefix, suffix, note, who, status, stamp, stamp,
                                 cat_ids)
                ids.append(self._insert_row(ann, keep_id=False))
        self._notify(Changes("add-annotation", annotations={report_id}, annotation_ids=set(ids)))
        return ids

    def add_across(
        self, spans: dict[int, list[tuple[int, int]]], categories: Iterable[int | str] = (),
        note: str = "", annotator: str | None = None,
    ) -> dict[int, list[int]]:
        """Tag spans of several reports (``tag all results``) as ONE operation: one
        transaction and one undo step, so a crash or an error leaves no report half tagged.
        Returns the new ids by report."""
        total = sum(len(v) for v in spans.values())
        ids: dict[int, list[int]] = {}
        with self._operation("add-annotation", Message("label.tag_reports", n=total, reports=len(spans))):
            for report_id, report_spans in spans.items():
                if report_spans:
                    ids[report_id] = self.add_many(report_id, list(report_spans), categories, note=note,
                                                          annotator=annotator)
        return ids

    def _insert_row(self, ann: Annotation, keep_id: bool = True) -> int:
        cur = self.conn.execute(
            f"INSERT INTO annotations ({_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [ann.id if keep_id else None, ann.report_id, ann.start, ann.end, ann.quote, ann.prefix, ann.suffix,
             ann.note, ann.annotator, ann.status, ann.created_at, ann.updated_at],
        )
        aid = cur.lastrowid
        self.conn.executemany(
            "INSERT INTO annotation_categories (annotation_id, category_id) VALUES (?, ?)",
            [(aid, cid) for cid in ann.category_ids],
        )
        return aid

    def get(self, annotation_id: int) -> Annotation:
        found = self._select("WHERE id = ?", [annotation_id])
        if not found:
            raise KeyError(f"no annotation {annotation_id}")
        return found[0]

    def _select(self, where: str, params: list) -> list[Annotation]:
        with paused_gc():  # a whole project's annotations: see core/gcpause.py
            rows = self.conn.execute(f"SELECT {_COLS}, category_ids FROM annotations {where}", params).fetchall()
            anns = [Annotation(*row) for row in rows]  # category_ids as stored: replaced below
        if anns:
            cats = self._categories_of({a.category_ids for a in anns})
            for a in anns:
                a.category_ids = list(cats[a.category_ids])
        return anns

    def _categories_of(self, stored: set[str]) -> dict[str, tuple[int, ...]]:
        """Category ids, in display order, of each distinct ``category_ids`` value stored on
        annotations (ids joined by commas: see ``schema._v_annotation_category_ids``).

        A report's thousands of annotations hold only a few distinct sets of categories, so
        each set is parsed and ordered once.  Ordered here rather than in SQL: sorting every
        link by its category's position was a third of the time of listing a long report.
        """
        order = {cid: (pos, cid) for cid, pos in self.conn.execute("SELECT id, position FROM categories")}
        parsed: dict[str, tuple[int, ...]] = {}
        for text in stored:
            ids = [cid for cid in map(int, text.split(",")) if cid in order] if text else []
            ids.sort(key=order.__getitem__)
            parsed[text] = tuple(ids)
        return parsed

    def _read_stamp(self) -> tuple[int, int]:
        """Changes since the database was last read: rows this connection changed, commits of others."""
        conn = self.conn
        return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]

    def _report_annotations(self, report_id: int, fresh: bool = False) -> list[Annotation]:
        """All annotations of one report, by position; the last such read is kept until anything
        changes (exports and imports may ask for a long report's thousands more than once)."""
        # sorted in Python: an ORDER BY would make SQLite copy every full row into a sorter
        return self._cached_report_read("_report_annotations_cache", report_id, fresh, self._select)

    def _report_keys(self, report_id: int, fresh: bool = False) -> list[AnnotationKey]:
        """:class:`AnnotationKey` of one report's annotations, by position; the last such read
        is kept until anything changes (opening a report reads them for the pane's highlights,
        a ``fresh`` read, then for the annotations list following the open reports)."""
        return self._cached_report_read("_report_keys_cache", report_id, fresh, self._select_keys)

    def _cached_report_read(self, slot: str, report_id: int, fresh: bool, select):  # noqa: ANN001, ANN202
        """One report's rows from ``select``, by position, kept in ``slot`` until anything in
        the database changes (from this connection or another: see :meth:`_read_stamp`)."""
        cached = getattr(self, slot, None)
        stamp = self._read_stamp()
        if not fresh and cached is not None and cached[0] == report_id and cached[1] == stamp:
            return list(cached[2])
        rows = select("WHERE report_id = ?", [report_id])
        rows.sort(key=attrgetter("start", "end", "id"))
        setattr(self, slot, (report_id, stamp, rows))
        return list(rows)

    def _select_keys(self, where: str, params: list) -> list[AnnotationKey]:
        """One read of the covering index ``annotations_report`` for a report's keys."""
        with paused_gc():  # thousands of rows and keys at each open of a long report: see core/gcpause.py
            rows = self.conn.execute(f"SELECT {_KEY_COLS} FROM annotations {where}", params).fetchall()
            cats = self._categories_of({row[6] for row in rows}) if rows else {}
            make = tuple.__new__  # what AnnotationKey(...) does, without its call per row
            return [make(AnnotationKey, (aid, rid, start, end, status, cats[ids], who))
                    for aid, rid, start, end, status, who, ids in rows]

    def keys(self, flt: AnnotationFilter | None = None) -> list[AnnotationKey]:
        """:meth:`list` without the quotes, context, notes and times, in the same order."""
        flt = flt or AnnotationFilter()
        if self._one_whole_report(flt):
            return self._report_keys(flt.report_ids[0])
        clause, params = self._annotation_where(flt)
        return self._select_keys(f'{clause} ORDER BY report_id, start, "end", id', params)

    def details(self, annotation_ids: Iterable[int]) -> dict[int, Annotation]:
        """Whole annotations by id (those that still exist)."""
        ids = list(annotation_ids)
        found: dict[int, Annotation] = {}
        for i in range(0, len(ids), _ID_CHUNK):
            chunk = ids[i:i + _ID_CHUNK]
            for a in self._select(f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                found[a.id] = a
        return found

    def column(self, annotation_ids: Iterable[int], column: str) -> dict[int, str]:
        """One of :data:`SORT_COLUMNS` of these annotations, by id (what sorting a list needs)."""
        if column not in SORT_COLUMNS:
            raise ValueError(f"cannot read column {column!r} of annotations")
        ids = list(annotation_ids)
        values: dict[int, str] = {}
        for i in range(0, len(ids), _ID_CHUNK):
            chunk = ids[i:i + _ID_CHUNK]
            values.update(self.conn.execute(
                f"SELECT id, {column} FROM annotations WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return values

    @staticmethod
    def _one_whole_report(flt: AnnotationFilter) -> bool:
        return (flt.report_ids is not None and len(flt.report_ids) == 1 and flt.category_ids is None
                and flt.annotation_ids is None and not (flt.annotator or flt.since or flt.until or flt.text))

    def list(self, flt: AnnotationFilter | None = None) -> list[Annotation]:
        """Annotations matching ``flt``, by report and position."""
        flt = flt or AnnotationFilter()
        if self._one_whole_report(flt):
            return self._report_annotations(flt.report_ids[0])
        clause, params = self._annotation_where(flt)
        return self._select(f'{clause} ORDER BY report_id, start, "end", id', params)

    @staticmethod
    def _annotation_where(flt: AnnotationFilter) -> tuple[str, list]:
        """``WHERE`` clause and parameters selecting the annotations ``flt`` matches."""
        where: list[str] = []
        params: list = []
        if flt.report_ids is not None:
            where.append(f"report_id IN ({','.join('?' * len(flt.report_ids))})")
            params += list(flt.report_ids)
        if flt.annotation_ids is not None:
            where.append(f"id IN ({','.join('?' * len(flt.annotation_ids))})")
            params += list(flt.annotation_ids)
        if flt.category_ids is not None:
            where.append(
                "id IN (SELECT annotation_id FROM annotation_categories WHERE category_id IN "
                f"({','.join('?' * len(flt.category_ids))}))"
            )
            params += list(flt.category_ids)
        if flt.annotator:
            where.append("annotator = ?")
            params.append(flt.annotator)
        if flt.since:
            where.append("created_at >= ?")
            params.append(utc_bound(flt.since, end=False))
        if flt.until:
            where.append("created_at <= ?")
            params.append(utc_bound(flt.until, end=True))
        if flt.text:
            where.append("(instr(quote, ?) > 0 OR instr(note, ?) > 0)")
            params += [flt.text, flt.text]
        return ("WHERE " + " AND ".join(where)) if where else "", params

    def spans(self, report_id: int, annotation_ids: list[int] | None = None) -> list[AnnotationKey]:
        """The keys of a report's annotations (or just of ``annotation_ids``), by position:
        what highlighting needs, without the quotes, context and notes that :meth:`list`
        reads for thousands of rows on every open of a long report.  Category ids come in
        display order, as in :class:`Annotation`.  The keys themselves, not a narrower copy:
        a pane makes its highlights from them in one pass."""
        if annotation_ids is None:  # the whole report: read as the annotations list reads it, once for both
            return self._report_keys(report_id, fresh=True)
        where = f"WHERE report_id = ? AND id IN ({','.join('?' * len(annotation_ids))})"
        return self._select_keys(where, [report_id, *annotation_ids])

    def update(
        self, annotation_id: int, *, note: str | None = None,
        category_ids: Iterable[int | str] | None = None, span: tuple[int, int] | None = None,
    ) -> Annotation:
        """Change note, categories or span; returns the previous state (for undo)."""
        old = self.get(annotation_id)
        with self._operation("update-annotation", Message("label.edit_annotation", id=annotation_id)):
            if note is not None:
                self.conn.execute("UPDATE annotations SET note = ? WHERE id = ?", [note, annotation_id])
            if category_ids is not None:
                ids = self._project.categories.resolve(list(category_ids))
                self.conn.execute("DELETE FROM annotation_categories WHERE annotation_id = ?", [annotation_id])
                self.conn.executemany(
                    "INSERT INTO annotation_categories (annotation_id, category_id) VALUES (?, ?)",
                    [(annotation_id, cid) for cid in ids],
                )
            if span is not None:
                text = self._checked_span(old.report_id, *span)
                prefix, quote, suffix = span_context(text, *span)
                self.conn.execute(
                    'UPDATE annotations SET start = ?, "end" = ?, quote = ?, prefix = ?, suffix = ?, status = ? '
                    "WHERE id = ?", [span[0], span[1], quote, prefix, suffix, "ok", annotation_id],
                )
            self.conn.execute("UPDATE annotations SET updated_at = ? WHERE id = ?", [now_iso(), annotation_id])
        self._notify(Changes("update-annotation", annotations={old.report_id}, annotation_ids={annotation_id}))
        return old

    def delete(self, annotation_id: int) -> Annotation:
        """Delete one annotation; returns it whole so :meth:`restore` can undo."""
        return self.delete_many([annotation_id])[0]

    def delete_many(self, annotation_ids: list[int]) -> list[Annotation]:
        gone = [self.get(aid) for aid in annotation_ids]
        n = len(gone)
        with self._operation("delete-annotation", Message("label.delete_annotations", n=n)):
            self.conn.executemany("DELETE FROM annotations WHERE id = ?", [(a,) for a in annotation_ids])
        self._notify(Changes("delete-annotation", annotations={a.report_id for a in gone},
                             annotation_ids={a.id for a in gone}))
        return gone

    def restore_many(self, anns: list[Annotation]) -> None:
        """Put deleted annotations back with their ids, times and categories (undo).

        Categories deleted in the meantime are skipped rather than failing the undo."""
        existing = {c.id for c in self._project.categories.list()}
        n = len(anns)
        with self._operation("restore-annotation", Message("label.restore_annotations", n=n)):
            for ann in anns:
                keep = Annotation(**{**ann.as_dict(), "category_ids": [c for c in ann.category_ids if c in existing]})
                self._insert_row(keep)
        self._notify(Changes("restore-annotation", annotations={a.report_id for a in anns},
                             annotation_ids={a.id for a in anns}))

    def restore(self, ann: Annotation) -> None:
        self.restore_many([ann])

class SectionLocator:
    """Finds the innermost section of offsets of one report, reusing the outline for many."""

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        self._starts = [s.start for s in sections]
        self._paths: dict[int, str] = {}

    def index(self, offset: int) -> int | None:
        # Sections are in document order and nested, so the innermost one holding ``offset`` is
        # the last to start at or before it, or else the nearest of its ancestors that still
        # holds it: a few steps instead of a scan of every earlier section (search hits and
        # exports ask this for thousands of offsets).  A broken parent link falls back to a scan.
        k = bisect_right(self._starts, offset)
        i = k - 1
        while i >= 0:
            sec = self.sections[i]
            if offset < sec.end:
                return i
            parent = sec.parent
            if parent is None:
                return None
            if not 0 <= parent < i:
                return innermost_section(self.sections[:k], offset)
            i = parent
        return None

    def path(self, offset: int) -> str:
        idx = self.index(offset)
        if idx is None:
            return BEFORE_FIRST_HEADING
        path = self._paths.get(idx)
        if path is None:  # many offsets share a section: build each path string once
            path = self._paths[idx] = section_path(self.sections, idx)
        return path

    def paths(self, offsets: list[int]) -> list[str]:
        return [self.path(off) for off in offsets]
