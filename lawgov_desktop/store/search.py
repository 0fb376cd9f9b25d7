"""Full-text search over the project's reports.

The FTS5 trigram index (see ``_v_search_index`` in :mod:`lawgov_desktop.store.schema`)
narrows a search to the reports holding every term of 3 or more characters; terms of 1–2
characters, which trigram cannot match, are checked with ``instr`` over the stored text.
Then every occurrence is located in Python (:mod:`lawgov_desktop.core.textsearch`), so
the hits are exact code-point offsets and none is missed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lawgov_desktop.core.document import Section
from lawgov_desktop.core.textsearch import SearchHit, find_hits, fts_phrase, hit_context, parse_query
from lawgov_desktop.store.annotations import SectionLocator

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project

#: Shortest term the trigram index can match.
TRIGRAM = 3
#: Reports whose texts and outlines are read per query (well under SQLite's variable limit).
_CHUNK = 200


class SearchMixin:
    """Search operations of :class:`~lawgov_desktop.store.project.Project`."""

    def has_search_index(self: Project) -> bool:
        """Whether this file has the FTS5 index (absent when SQLite lacked trigram support)."""
        row = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports_fts'").fetchone()
        return row is not None

    def search_report_ids(self: Project, terms: list[str], report_ids: list[int] | None = None) -> list[int]:
        """Ids of reports containing every term (possibly a few false positives for ASCII case)."""
        if not terms:
            return []
        where: list[str] = []
        params: list[object] = []
        long_terms = [t for t in terms if len(t) >= TRIGRAM]
        if long_terms and self.has_search_index():
            where.append("id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)")
            params.append(" AND ".join(fts_phrase(t) for t in long_terms))
            scan = [t for t in terms if len(t) < TRIGRAM]
        else:
            scan = list(terms)
        for term in scan:
            if term.isascii() and any(c.isalpha() for c in term):
                # SQLite's lower() folds ASCII only, like the trigram index and core.textsearch.fold
                where.append("instr(lower(text), lower(?)) > 0")
            else:
                where.append("instr(text, ?) > 0")
            params.append(term)
        if report_ids is not None:
            where.append(f"id IN ({','.join('?' * len(report_ids))})")
            params.extend(report_ids)
        sql = "SELECT id FROM reports WHERE " + " AND ".join(where) + " ORDER BY id"
        return [r[0] for r in self.db.execute(sql, params)]

    def search(
        self: Project, query: str, report_ids: list[int] | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Every occurrence of the query's terms in the reports that contain all of them.

        Space-separated terms are ANDed, quoted phrases are one term; hits come by report id,
        then position.  ``limit`` caps the number of hits (None: all).
        """
        terms = parse_query(query)
        hits: list[SearchHit] = []
        for rid, text, spans, outline in self._matching_texts(terms, report_ids, outlines=True):
            locator = SectionLocator(outline)
            for start, end in spans:
                before, after = hit_context(text, start, end)
                hits.append(SearchHit(rid, start, end, locator.path(start), before, text[start:end], after))
                if limit is not None and len(hits) >= limit:
                    return hits
        return hits

    def search_counts(self: Project, query: str, report_ids: list[int] | None = None) -> dict[int, int]:
        """Number of hits per report, without building contexts (for badges and previews)."""
        terms = parse_query(query)
        return {rid: len(spans) for rid, _text, spans, _o in self._matching_texts(terms, report_ids)}

    def _matching_texts(
        self: Project, terms: list[str], report_ids: list[int] | None, outlines: bool = False
    ) -> Iterator[tuple[int, str, list[tuple[int, int]], list[Section]]]:
        """(report id, text, hit spans, outline) of each report holding every term, by id.

        Texts and outlines are read a chunk of reports per query: one query per report made
        a search across a thousand reports spend most of its time in SQLite round trips.
        Index false positives (ASCII case, a term only in folded form) are skipped.
        """
        ids = self.search_report_ids(terms, report_ids)
        for k in range(0, len(ids), _CHUNK):
            chunk = ids[k:k + _CHUNK]
            texts = self.report_texts(chunk)
            found = [(rid, texts[rid], spans) for rid in chunk if (spans := find_hits(texts[rid], terms))]
            sections = self.outlines([rid for rid, _t, _s in found]) if outlines else {}
            for rid, text, spans in found:
                yield rid, text, spans, sections.get(rid, [])


__all__ = ["SearchHit", "SearchMixin"]
