"""New versions of a report: replace its text in place and carry its annotations across.

Bureaus republish a report with corrections; re-importing it must not strand the user's
tags on the old text, nor silently move them onto a look-alike sentence.  The report keeps
its id (so annotations, exports and links stay valid), the replaced text goes to
``report_versions``, and each annotation is placed by
:class:`~lawgov_desktop.core.reanchor.Reanchorer`: ``ok`` when sure, ``review`` when a
person should look, ``orphaned`` when it is not found — never deleted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from lawgov_desktop.messages import Message, from_stored, stored
from lawgov_desktop.store.annotations import span_context
from lawgov_desktop.store.errors import OrphanCannotBeAccepted, ResolveChoiceMissing
from lawgov_desktop.store.outlines import write_outline
from lawgov_desktop.store.records import Annotation, Changes, now_iso
from lawgov_desktop.store.service import Service

if TYPE_CHECKING:
    from lawgov_desktop.core.document import ParsedReport
    from lawgov_desktop.core.reanchor import Placement

#: Share of the old report's running text that must reappear for a same-titled file to count
#: as a new version of it rather than a different report that happens to share its title.
SAME_REPORT_OVERLAP = 0.5
#: A new version that keeps less than this share of the old report's running text (a truncated
#: copy, a page saved half-loaded) replaces it only when the user confirms (``--replace``, or
#: the question the app asks): the loss may be an accident rather than an edition.
CONFIRM_REPLACE_BELOW = 0.8

_VERSION_COLS = ("title, year, issuer, region, source, publish_date, file_name, source_format, encoding, "
                 "text, chars, sha256, imported_at")


@dataclass
class ReanchorSummary:
    """Annotation ids by outcome of re-anchoring one report onto its new text."""

    report_id: int
    version: int = 0  # number given to the replaced text in report_versions
    kept: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    review: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in ("kept", "moved", "review", "orphaned")}

    def as_dict(self) -> dict:
        return {**asdict(self), "counts": self.counts()}


@dataclass
class AttentionItem:
    """An annotation waiting for a person: placed uncertainly (``review``) or lost (``orphaned``)."""

    annotation: Annotation
    report_title: str
    previous_quote: str = ""
    previous_start: int | None = None
    previous_end: int | None = None
    score: float | None = None
    reason: str = ""

    def as_dict(self) -> dict:
        a = self.annotation
        return {
            "id": a.id, "report_id": a.report_id, "report_title": self.report_title, "status": a.status,
            "start": a.start, "end": a.end, "quote": a.quote, "previous_quote": self.previous_quote,
            "previous_start": self.previous_start, "previous_end": self.previous_end,
            "score": self.score, "reason": self.reason, "category_ids": a.category_ids,
            "changes": [list(c) for c in self.changes()],
        }

    def changes(self) -> list[tuple[str, str]]:
        """What differs between the quote before and the text now, ``(was, now)`` pieces; none
        for an orphaned annotation (it has no new text)."""
        if self.annotation.status == "orphaned" or not self.previous_quote:
            return []
        from lawgov_desktop.core.reanchor import quote_changes

        return quote_changes(self.previous_quote, self.annotation.quote)


_SHINGLE = 6
_MAX_PROBES = 2000
_SET_LIMIT = 2_000_000


def _body(text: str, title: str) -> str:
    """The running text: headings and title lines say little about whether two texts are one report."""
    return "\n".join(ln for ln in text.splitlines() if len(ln.strip()) >= 12 and ln.strip() not in title)


def body_overlap(old: str, new: str, title: str = "") -> float:
    """Share of the old body's six-character pieces that occur in the new body (0–1).

    Robust to scattered small edits (unlike comparing whole lines, which in these reports
    are whole paragraphs) and cheap: at most 2,000 probes, against a set of the new body's
    pieces (or, for huge texts, substring search).
    """
    old_body, new_body = _body(old, title), _body(new, title)
    if len(old_body) < _SHINGLE:
        return 1.0 if old_body and old_body in new_body else 0.0
    step = max(1, (len(old_body) - _SHINGLE) // _MAX_PROBES)
    probes = [old_body[i:i + _SHINGLE] for i in range(0, len(old_body) - _SHINGLE + 1, step)]
    if len(new_body) <= _SET_LIMIT:
        pieces = {new_body[i:i + _SHINGLE] for i in range(len(new_body) - _SHINGLE + 1)}
        hits = sum(1 for pr in probes if pr in pieces)
    else:
        probes = probes[:: max(1, len(probes) // 200)]
        hits = sum(1 for pr in probes if pr in new_body)
    return hits / len(probes)


class Versions(Service):
    """New versions of reports and the annotations they unsettle (``project.versions``).

    Asks the project for ``annotations`` (to read, move, accept or delete the ones a new text unsettles).
    """

    def find_previous(self, parsed: ParsedReport) -> int | None:
        """The report ``parsed`` is a newer version of: same title, issuer and year, similar text.

        Title and issuer must both be known (a bare file-name title could match anything),
        and enough of the old text must survive, so two different reports that share a
        generic title are never merged.
        """
        match = self.previous_match(parsed)
        return match[0] if match is not None else None

    def previous_match(self, parsed: ParsedReport) -> tuple[int, float] | None:
        """Like :meth:`find_previous`, with the share of the old running text the new one
        keeps (0–1, see :func:`body_overlap`), for :data:`CONFIRM_REPLACE_BELOW`."""
        m = parsed.meta
        if not m.title.strip() or not m.issuer.strip():
            return None
        rows = self.conn.execute(
            "SELECT id, text FROM reports WHERE title = ? AND issuer = ? AND year IS ?",
            [m.title, m.issuer, m.year],
        ).fetchall()
        best, best_share = None, SAME_REPORT_OVERLAP
        for rid, text in rows:
            share = body_overlap(text, parsed.text, m.title)
            if share >= best_share:
                best, best_share = rid, share
        return (best, best_share) if best is not None else None

    def reanchor(self, report_id: int, new_parsed: ParsedReport, *,
                        notify: bool = True) -> ReanchorSummary:
        """Replace report ``report_id``'s text with ``new_parsed`` and re-anchor its annotations.

        All in one operation (one transaction, one undo step): the old text goes to
        ``report_versions``, metadata, outline and hash are replaced, and every annotation is
        updated (never removed); undo puts back the old text, outline and every annotation's
        place.  The placements are computed before the write lock is taken, so other writers
        wait only for the writes.
        """
        old_row = self.conn.execute(f"SELECT {_VERSION_COLS} FROM reports WHERE id = ?", [report_id]).fetchone()
        if old_row is None:
            raise KeyError(f"no report {report_id}")
        from lawgov_desktop.core.reanchor import OldSpan, Reanchorer  # not needed to open a project

        old_text, new_text = old_row[9], new_parsed.text
        anns = self._project.annotations._select("WHERE report_id = ?", [report_id])
        anchorer = Reanchorer(old_text, new_text)
        placed = [(a, anchorer.place(OldSpan(a.start, a.end, a.quote, a.prefix, a.suffix))) for a in anns]
        summary = ReanchorSummary(report_id)
        stamp = now_iso()
        m = new_parsed.meta
        with self._operation("new-version", Message("label.new_version", id=report_id)):
            version = self.conn.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM report_versions WHERE report_id = ?", [report_id]
            ).fetchone()[0]
            summary.version = version
            cur = self.conn.execute(
                f"INSERT INTO report_versions (report_id, version, {_VERSION_COLS}, replaced_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [report_id, version, *old_row, stamp],
            )
            version_id = cur.lastrowid
            self.conn.execute(
                "UPDATE reports SET title = ?, year = ?, issuer = ?, region = ?, source = ?, publish_date = ?, "
                "file_name = ?, source_format = ?, encoding = ?, text = ?, chars = ?, sha256 = ?, imported_at = ? "
                "WHERE id = ?",
                [m.title, m.year, m.issuer, m.region, m.source, m.publish_date, new_parsed.file_name,
                 new_parsed.source_format, new_parsed.encoding, new_text, len(new_text), new_parsed.sha256,
                 stamp, report_id],
            )
            self.conn.execute("DELETE FROM sections WHERE report_id = ?", [report_id])
            write_outline(self.conn, report_id, new_parsed.sections)
            for ann, place in placed:
                status = self._apply_placement(ann, place, new_text, version_id, stamp)
                getattr(summary, place.status if status == "ok" else status).append(ann.id)
        if notify:
            self._notify(Changes("reanchor", reports=True, annotations={report_id}))
        return summary

    def _apply_placement(self, ann: Annotation, place: Placement, text: str,
                         version_id: int, stamp: str) -> str:
        """Store one annotation's new place; returns the status it was given (ok, review, orphaned)."""
        if place.status == "orphaned":
            # the quote and context are kept as they were, so a later version can find it again
            prefix, quote, suffix = ann.prefix, ann.quote, ann.suffix
            status = "orphaned"
        else:
            prefix, quote, suffix = span_context(text, place.start, place.end)
            # ok only with the very text the user tagged: a changed quote is always shown for review
            status = "ok" if place.confident and quote == ann.quote else "review"
        self.conn.execute(
            'UPDATE annotations SET start = ?, "end" = ?, quote = ?, prefix = ?, suffix = ?, status = ?, '
            "updated_at = ? WHERE id = ?",
            [place.start, place.end, quote, prefix, suffix, status, stamp, ann.id],
        )
        if status == "ok":
            self.conn.execute("DELETE FROM annotation_anchors WHERE annotation_id = ?", [ann.id])
            return status
        # keep the first recorded quote: it is the one the user chose, later ones are guesses
        self.conn.execute(
            "INSERT INTO annotation_anchors (annotation_id, report_version_id, previous_start, previous_end, "
            "previous_quote, score, reason, created_at) VALUES (?,?,?,?,?,?,?,?) "
            "ON CONFLICT (annotation_id) DO UPDATE SET report_version_id = excluded.report_version_id, "
            "score = excluded.score, reason = excluded.reason, created_at = excluded.created_at",
            [ann.id, version_id, ann.start, ann.end, ann.quote, place.score,
             stored(place.reason or Message("resolve.wording_changed")),
             stamp],
        )
        return status

    def list(self, report_id: int) -> list[dict]:
        """Earlier texts of a report (oldest first), without the text itself."""
        rows = self.conn.execute(
            "SELECT id, version, title, sha256, chars, imported_at, replaced_at FROM report_versions "
            "WHERE report_id = ? ORDER BY version", [report_id],
        ).fetchall()
        keys = ("id", "version", "title", "sha256", "chars", "imported_at", "replaced_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def text(self, version_id: int) -> str:
        row = self.conn.execute("SELECT text FROM report_versions WHERE id = ?", [version_id]).fetchone()
        if row is None:
            raise KeyError(f"no report version {version_id}")
        return row[0]

    def needing_attention(self, report_id: int | None = None) -> list[AttentionItem]:
        """Annotations with status ``review`` or ``orphaned``, with what they were before."""
        where = "WHERE status IN ('review', 'orphaned')" + (" AND report_id = ?" if report_id is not None else "")
        anns = self._project.annotations._select(f'{where} ORDER BY report_id, start, "end", id',
                                        [report_id] if report_id is not None else [])
        if not anns:
            return []
        ids = [a.id for a in anns]
        marks = ",".join("?" * len(ids))
        info = {r[0]: r[1:] for r in self.conn.execute(
            "SELECT annotation_id, previous_quote, previous_start, previous_end, score, reason "
            f"FROM annotation_anchors WHERE annotation_id IN ({marks})", ids)}
        titles = {r[0]: r[1] for r in self.conn.execute("SELECT id, title FROM reports")}
        items = []
        for a in anns:
            quote, pstart, pend, score, reason = info.get(a.id, ("", None, None, None, ""))
            items.append(AttentionItem(a, titles.get(a.report_id, ""), quote, pstart, pend, score,
                                       from_stored(reason or "")))
        return items

    def resolve(self, annotation_id: int, *, place: tuple[int, int] | None = None,
                           accept: bool = False, delete: bool = False) -> Annotation:
        """Settle a ``review``/``orphaned`` annotation: move it, accept its place, or delete it.

        ``accept`` is refused for an orphaned one: its offsets are only a clamp near where it
        was, not a place anyone chose.  Returns the annotation as it was before.
        """
        if sum([place is not None, accept, delete]) != 1:
            raise ResolveChoiceMissing()
        old = self._project.annotations.get(annotation_id)
        if delete:
            with self._operation("resolve-annotation", Message("label.resolve_delete", id=annotation_id)):
                self._project.annotations.delete(annotation_id)
            return old
        if accept and old.status == "orphaned":
            raise OrphanCannotBeAccepted(id=annotation_id)
        label = Message("label.resolve_move" if place is not None else "label.resolve_accept", id=annotation_id)
        with self._operation("resolve-annotation", label):
            if place is not None:
                self._project.annotations.update(annotation_id, span=place)  # sets status ok
            self.conn.execute("UPDATE annotations SET status = 'ok', updated_at = ? WHERE id = ?",
                            [now_iso(), annotation_id])
            self.conn.execute("DELETE FROM annotation_anchors WHERE annotation_id = ?", [annotation_id])
        self._notify(Changes("resolve-annotation", annotations={old.report_id}))
        return old
