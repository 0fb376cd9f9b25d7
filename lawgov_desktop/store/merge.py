"""Merging another project file into this one: reports, categories and annotations.

Several people tag the same reports, each in a project of their own; passing the files
around and merging them is team work without a server.  :func:`merge_project`:

* **opens the other file only to read it** — SQLite's read-only URI mode, and ``immutable``
  when no ``-wal`` lies beside it (a cleanly closed project): SQLite would otherwise create
  ``-wal``/``-shm`` files next to a file it may only read.  A file that another program has
  open (a ``-wal`` exists) is read through that WAL as usual, without writing to it;
* **reports** are matched by the SHA-256 of their text.  A text this project does not hold
  may be a different version of one of its reports (same title, issuer and year, mostly the
  same text — the rule of a re-import).  If this project already replaced that text by a
  newer one (it is in this report's earlier versions), the other file's annotations are
  re-anchored onto this project's text; otherwise the other text is the newer one and
  replaces this project's, exactly as a re-import would, this project's annotations
  following it.  Either way every annotation is placed by the re-anchoring rules — ``ok``,
  ``review`` or ``orphaned``, never silently moved — and the summary lists what was not
  placed with confidence.  Anything else is a new report, stored with its outline;
* **categories** are matched by name; new ones are added with their colour (and parent,
  when the parent is known by name), without shortcut keys that could clash;
* **annotations** identical to one already here — same report, span, categories and
  annotator — are skipped, so merging the same file twice adds nothing.  Notes, annotators,
  statuses and times come along unchanged.

All writes are one operation: one transaction (a failure leaves this project as it was) and
one undo step, whose undo removes exactly what the merge added and puts back what it changed
(texts replaced by newer versions, with their annotations' places).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lawgov_desktop.core.document import ParsedReport, ReportMeta, Section
from lawgov_desktop.messages import Message, stored
from lawgov_desktop.store.annotations import span_context
from lawgov_desktop.store.db import SQLITE_MAGIC
from lawgov_desktop.store.errors import (
    MergeIntoItself,
    ProjectCannotRead,
    ProjectNewer,
    ProjectNotFound,
    ProjectNotLawGov,
    ProjectNotSqlite,
)
from lawgov_desktop.store.records import PALETTE, Annotation, Changes, now_iso
from lawgov_desktop.store.schema import latest_version, user_version

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project

_REQUIRED_TABLES = {"reports", "sections", "categories", "annotations", "annotation_categories"}


@dataclass
class _OtherReport:
    id: int
    parsed: ParsedReport
    sha256: str
    annotations: list[Annotation]  # category_ids hold the other file's category ids
    history: set[str] = field(default_factory=set)  # sha256 of texts it replaced


@dataclass
class MergeSummary:
    """What a merge brought in and what it could not place with confidence."""

    source: str
    reports_added: list[dict] = field(default_factory=list)  # {id, title}
    reports_matched: int = 0  # same text already here
    reports_updated: list[dict] = field(default_factory=list)  # newer text replaced ours
    reports_reanchored: list[dict] = field(default_factory=list)  # older text: theirs re-anchored
    categories_added: list[str] = field(default_factory=list)
    annotations_added: int = 0
    annotations_skipped: int = 0  # identical ones already here
    by_annotator: dict[str, int] = field(default_factory=dict)
    #: annotations not placed with confidence: {report_id, report_title, quote, status, annotator, id}
    attention: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.reports_added or self.reports_updated or self.categories_added or self.annotations_added)

    def as_dict(self) -> dict:
        return {
            "source": self.source, "reports_added": self.reports_added, "reports_matched": self.reports_matched,
            "reports_updated": self.reports_updated, "reports_reanchored": self.reports_reanchored,
            "categories_added": self.categories_added, "annotations_added": self.annotations_added,
            "annotations_skipped": self.annotations_skipped, "by_annotator": self.by_annotator,
            "attention": self.attention,
        }


# -- reading the other file ----------------------------------------------------------------
def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection that leaves the file and its folder exactly as they were."""
    path = Path(path)
    if not path.is_file():
        raise ProjectNotFound(path=str(path))
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise ProjectNotSqlite(path=str(path))
    wal = path.with_name(path.name + "-wal")
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if wal.exists() else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=10)
        version = user_version(conn)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise ProjectCannotRead(path=str(path), why=str(exc)) from exc
    if version > latest_version():
        conn.close()
        raise ProjectNewer(path=str(path), version=version)
    if not _REQUIRED_TABLES <= tables:
        conn.close()
        raise ProjectNotLawGov(path=str(path))
    return conn


def _read_other(conn: sqlite3.Connection) -> tuple[list[dict], list[_OtherReport]]:
    cats = [dict(zip(("id", "name", "parent_id", "color", "keywords"), r, strict=True)) for r in conn.execute(
        "SELECT id, name, parent_id, color, keywords FROM categories ORDER BY position, id")]
    links: dict[int, list[int]] = {}
    for aid, cid in conn.execute("SELECT annotation_id, category_id FROM annotation_categories"):
        links.setdefault(aid, []).append(cid)
    anns: dict[int, list[Annotation]] = {}
    for row in conn.execute('SELECT id, report_id, start, "end", quote, prefix, suffix, note, annotator, status, '
                            "created_at, updated_at FROM annotations ORDER BY report_id, start, \"end\", id"):
        ann = Annotation(*row)
        ann.category_ids = links.get(ann.id, [])
        anns.setdefault(ann.report_id, []).append(ann)
    sections: dict[int, list[Section]] = {}
    for rid, *fields in conn.execute('SELECT report_id, depth, label, title, start, "end", line, title_end, '
                                     "parent_ord FROM sections ORDER BY report_id, ord"):
        sections.setdefault(rid, []).append(Section(*fields))
    history: dict[int, set[str]] = {}
    has_versions = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_versions'").fetchone()
    if has_versions:
        for rid, sha in conn.execute("SELECT report_id, sha256 FROM report_versions"):
            history.setdefault(rid, set()).add(sha)
    reports = []
    for (rid, title, year, issuer, region, source, publish_date, file_name, source_format, encoding, text,
         sha) in conn.execute("SELECT id, title, year, issuer, region, source, publish_date, file_name, "
                              "source_format, encoding, text, sha256 FROM reports ORDER BY id"):
        parsed = ParsedReport(text, ReportMeta(title, year, issuer, region, source, publish_date),
                              sections.get(rid, []), file_name, source_format, encoding)
        reports.append(_OtherReport(rid, parsed, sha, anns.get(rid, []), history.get(rid, set())))
    return cats, reports


# -- merging -------------------------------------------------------------------------------
def merge_project(project: Project, other_path: str | Path) -> MergeSummary:
    """Bring the other project's reports, categories and annotations into ``project``."""
    other_path = Path(other_path)
    if other_path.resolve() == Path(project.path).resolve():
        raise MergeIntoItself()
    conn = open_readonly(other_path)
    try:
        other_cats, other_reports = _read_other(conn)
    except sqlite3.DatabaseError as exc:
        raise ProjectCannotRead(path=str(other_path), why=str(exc)) from exc
    finally:
        conn.close()
    summary = MergeSummary(str(other_path))
    touched: set[int] = set()
    with project.operation("merge", Message("label.merge_project", name=other_path.name)):
        cat_map = _merge_categories(project, other_cats, summary)
        for other in other_reports:
            _merge_report(project, other, cat_map, summary, touched)
    project._notify(Changes("merge", reports=bool(summary.reports_added or summary.reports_updated),
                            categories=bool(summary.categories_added), annotations=touched))
    return summary


def _merge_categories(project: Project, cats: list[dict], summary: MergeSummary) -> dict[int, int]:
    """Other category id → ours, adding the missing ones (inside the caller's transaction)."""
    db = project.conn
    ours = {name: cid for cid, name in db.execute("SELECT id, name FROM categories")}
    names = {c["id"]: c["name"] for c in cats}
    mapping: dict[int, int] = {}
    position = db.execute("SELECT coalesce(max(position), -1) FROM categories").fetchone()[0]
    added: list[dict] = []
    for c in cats:
        name = str(c["name"]).strip()
        if not name:
            continue
        if name not in ours:
            position += 1
            color = c["color"] if isinstance(c["color"], str) and c["color"] else PALETTE[position % len(PALETTE)]
            keywords = c["keywords"] if isinstance(c["keywords"], str) else "[]"
            try:
                json.loads(keywords)
            except ValueError:
                keywords = "[]"
            cur = db.execute(
                "INSERT INTO categories (name, color, shortcut, position, keywords, created_at) VALUES (?,?,?,?,?,?)",
                [name, color, "", position, keywords, now_iso()])
            ours[name] = cur.lastrowid
            summary.categories_added.append(name)
            added.append(c)
        mapping[c["id"]] = ours[name]
    for c in added:  # parents once every category exists
        parent = names.get(c["parent_id"])
        if parent and parent in ours and ours[parent] != ours[c["name"].strip()]:
            db.execute("UPDATE categories SET parent_id = ? WHERE id = ?", [ours[parent], ours[c["name"].strip()]])
    return mapping


def _merge_report(project: Project, other: _OtherReport, cat_map: dict[int, int], summary: MergeSummary,
                  touched: set[int]) -> None:
    db = project.conn
    row = db.execute("SELECT id FROM reports WHERE sha256 = ?", [other.sha256]).fetchone()
    title = other.parsed.meta.title
    anchorer = None
    if row is not None:
        rid = row[0]
        summary.reports_matched += 1
    else:
        previous = project.versions.find_previous(other.parsed)
        if previous is None:
            rid = project.reports._insert(other.parsed, other.sha256)
            summary.reports_added.append({"id": rid, "title": title, "other_id": other.id})
        else:
            rid = previous
            ours_sha, ours_text = db.execute("SELECT sha256, text FROM reports WHERE id = ?", [rid]).fetchone()
            older_here = {r[0] for r in db.execute("SELECT sha256 FROM report_versions WHERE report_id = ?", [rid])}
            if other.sha256 in older_here and ours_sha not in other.history:
                # we already moved past the other file's text: place its annotations on ours
                from lawgov_desktop.core.reanchor import Reanchorer

                anchorer = Reanchorer(other.parsed.text, ours_text)
                summary.reports_reanchored.append({"id": rid, "title": title})
            else:  # the other text is the newer one: replace ours as a re-import would
                result = project.versions.reanchor(rid, other.parsed, notify=False)
                summary.reports_updated.append({"id": rid, "title": title, "reanchor": result.counts()})
                for aid in result.review + result.orphaned:
                    a = project.annotations.get(aid)
                    summary.attention.append({"report_id": rid, "report_title": title, "id": aid,
                                              "quote": a.quote[:40], "status": a.status,
                                              "annotator": a.annotator, "from": "this project"})
    text = project.reports.text(rid)
    existing = _identity_keys(project, rid)
    for ann in other.annotations:
        cats = sorted({cat_map[c] for c in ann.category_ids if c in cat_map})
        start, end, status = ann.start, ann.end, ann.status
        prefix, quote, suffix = ann.prefix, ann.quote, ann.suffix
        review = None
        if anchorer is not None and status != "orphaned":
            from lawgov_desktop.core.reanchor import OldSpan

            place = anchorer.place(OldSpan(ann.start, ann.end, ann.quote, ann.prefix, ann.suffix))
            start, end = place.start, place.end
            if place.status == "orphaned":
                status = "orphaned"
            else:
                prefix, quote, suffix = span_context(text, start, end)
                status = "ok" if place.confident else "review"
            if status != "ok":
                review = (ann, place)
        elif status != "orphaned":
            if not (0 <= start < end <= len(text)) or text[start:end] != quote:
                status = "orphaned"  # cannot happen for an intact file; never mislabel text
        key = (start, end, tuple(cats), ann.annotator)
        if key in existing:
            summary.annotations_skipped += 1
            continue
        existing.add(key)
        if end <= start or start < 0:
            start, end = max(0, min(start, len(text) - 1)), max(1, min(max(end, start + 1), len(text)))
        new = Annotation(0, rid, start, end, quote, prefix, suffix, ann.note, ann.annotator, status,
                         ann.created_at, ann.updated_at, cats)
        aid = project.annotations._insert_row(new, keep_id=False)
        if review is not None:
            old, place = review
            db.execute(
                "INSERT INTO annotation_anchors (annotation_id, report_version_id, previous_start, previous_end, "
                "previous_quote, score, reason, created_at) VALUES (?,?,?,?,?,?,?,?)",
                [aid, None, old.start, old.end, old.quote, place.score, stored(place.reason), now_iso()])
        if status != "ok":
            summary.attention.append({"report_id": rid, "report_title": title, "id": aid, "quote": quote[:40],
                                      "status": status, "annotator": ann.annotator, "from": "other project"})
        summary.annotations_added += 1
        summary.by_annotator[ann.annotator] = summary.by_annotator.get(ann.annotator, 0) + 1
        touched.add(rid)


def _identity_keys(project: Project, report_id: int) -> set[tuple]:
    anns = project.annotations._select("WHERE report_id = ?", [report_id])
    return {(a.start, a.end, tuple(sorted(a.category_ids)), a.annotator) for a in anns}
