"""Full-text search over the project's reports.

The FTS5 trigram index (see ``_v_search_index`` in :mod:`lawgov_desktop.store.schema`)
narrows a search to the reports holding every term of 3 or more characters; terms of 1–2
characters, which trigram cannot match, are checked with ``instr`` over the stored text.
Then every occurrence is located in Python (:mod:`lawgov_desktop.core.textsearch`), so
the hits are exact code-point offsets and none is missed.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lawgov_desktop.core.textsearch import SearchHit, find_hits, fts_trigrams, hit_context, parse_query
from lawgov_desktop.store.annotations import SectionLocator

if TYPE_CHECKING:
    from lawgov_desktop.store.project import Project

#: Shortest term the trigram index can match.
TRIGRAM = 3
#: Reports whose texts and outlines are read per query (well under SQLite's variable limit).
_CHUNK = 200
#: The outlines of a chunk of reports as one row per report: the section count, then the
#: starts, ends, parents (-1: top level) and row ids of its sections as one JSON array of
#: four arrays.  SQLite builds the text in C and ``json.loads`` reads it in C; a row per
#: section cost more in the interpreter than the whole rest of a search.  Sections come in
#: the order of the ``(report_id, ord)`` index; an outline that does not read back whole and
#: in order is read the ordinary way.  Headings are read afterwards, only for the sections
#: that hold a hit and their ancestors.
_OUTLINE_SQL = (
    "SELECT report_id, count(*), '[[' || group_concat(start) || '],[' || group_concat(\"end\") || '],[' "
    "|| group_concat(ifnull(parent_ord, -1)) || '],[' || group_concat(id) || ']]' "
    "FROM sections WHERE report_id IN ({}) GROUP BY report_id"
)

#: (starts, ends, parents, section row ids) of one report's sections, in document order.
_Outline = tuple[list[int], list[int], list[int], list[int]]


class SearchMixin:
    """Search operations of :class:`~lawgov_desktop.store.project.Project`."""

    def has_search_index(self: Project) -> bool:
        """Whether this file has the FTS5 index (absent when SQLite lacked trigram support)."""
        row = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports_fts'").fetchone()
        return row is not None

    def search_report_ids(self: Project, terms: list[str], report_ids: list[int] | None = None) -> list[int]:
        """Ids of reports that may contain every term: all that do, and possibly a few that do not
        (ASCII case, or a term's 3-character pieces lying apart; see ``_v_lean_search_index``)."""
        if not terms:
            return []
        where, params = self._search_where(terms, report_ids)
        return [r[0] for r in self.db.execute("SELECT id FROM reports WHERE " + where + " ORDER BY id", params)]

    def _search_where(self: Project, terms: list[str], report_ids: list[int] | None) -> tuple[str, list[object]]:
        """SQL condition on ``reports`` (with its parameters) for reports that may hold every term."""
        where: list[str] = []
        params: list[object] = []
        long_terms = [t for t in terms if len(t) >= TRIGRAM]
        if long_terms and self.has_search_index():
            where.append("id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)")
            # pieces, not phrases: the index keeps no positions (it answers either way)
            params.append(" AND ".join(fts_trigrams(t) for t in long_terms))
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
        return " AND ".join(where), params

    def search(
        self: Project, query: str, report_ids: list[int] | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Every occurrence of the query's terms in the reports that contain all of them.

        Space-separated terms are ANDed, quoted phrases are one term; hits come by report id,
        then position.  ``limit`` caps the number of hits (None: all).
        """
        terms = parse_query(query)
        hits: list[SearchHit] = []
        if limit is not None and limit <= 0:
            return hits
        found: list[tuple[int, str, list[tuple[int, int]]]] = []
        for row in self._matching_texts(terms, report_ids):
            found.append(row)
            if len(found) >= _CHUNK:
                if self._add_hits(found, hits, limit):
                    return hits
                found = []
        self._add_hits(found, hits, limit)
        return hits

    def _add_hits(self: Project, found: list[tuple[int, str, list[tuple[int, int]]]], hits: list[SearchHit],
                  limit: int | None) -> bool:
        """Append the hits of ``found`` reports to ``hits``; True once ``limit`` is reached."""
        outlines = self._compact_outlines([rid for rid, _t, _s in found])
        # the innermost section of every hit first, so the headings are read in one query
        located: list[list[int] | None] = []
        needed: set[int] = set()
        for rid, _text, spans in found:
            outline = outlines.get(rid)
            where = None if outline is None else [_innermost(outline, start) for start, _end in spans]
            if where is not None and -2 in where:
                where = None  # a broken parent link: the ordinary locator copes
            if where is not None:
                _starts, _ends, parents, ids = outline  # type: ignore[misc]
                for i in set(where):
                    while i >= 0 and ids[i] not in needed:
                        if parents[i] >= i:  # an ancestor link that is broken: as above
                            where = None
                            break
                        needed.add(ids[i])
                        i = parents[i]
                    if where is None:
                        break
            located.append(where)
        names = self._section_names(sorted(needed))
        for (rid, text, spans), where in zip(found, located, strict=True):
            if where is None:
                locator = SectionLocator(self.sections(rid))
                paths = [locator.path(start) for start, _end in spans]
            else:
                _starts, _ends, parents, ids = outlines[rid]
                cache: dict[int, str] = {-1: ""}
                paths = []
                for i in where:
                    path = cache.get(i)
                    if path is None:
                        parts: list[str] = []
                        j = i
                        while j >= 0:
                            parts.append(names.get(ids[j], ""))
                            j = parents[j]
                        path = cache[i] = " > ".join(reversed(parts))
                    paths.append(path)
            for (start, end), path in zip(spans, paths, strict=True):
                before, after = hit_context(text, start, end)
                hits.append(SearchHit(rid, start, end, path, before, text[start:end], after))
                if limit is not None and len(hits) >= limit:
                    return True
        return False

    def _section_names(self: Project, section_ids: list[int]) -> dict[int, str]:
        """Heading (label + title) of sections by row id."""
        out: dict[int, str] = {}
        for k in range(0, len(section_ids), 5000):
            part = section_ids[k:k + 5000]
            out.update(self.db.execute(
                f"SELECT id, label || title FROM sections WHERE id IN ({','.join('?' * len(part))})", part))
        return out

    def _compact_outlines(self: Project, report_ids: list[int]) -> dict[int, _Outline]:
        """The outlines of reports read compactly (see :data:`_OUTLINE_SQL`); a report with no
        sections maps to empty lists, one whose outline did not read back cleanly is left out."""
        out: dict[int, _Outline] = {rid: ([], [], [], []) for rid in report_ids}
        if not report_ids:
            return out
        rows = self.db.execute(_OUTLINE_SQL.format(",".join("?" * len(report_ids))), report_ids)
        for rid, n, packed in rows:
            try:
                starts, ends, parents, ids = json.loads(packed)
            except (TypeError, ValueError):
                del out[rid]
                continue
            if not (len(starts) == len(ends) == len(parents) == len(ids) == n) or starts != sorted(starts):
                del out[rid]
                continue
            out[rid] = (starts, ends, parents, ids)
        return out

    def search_counts(self: Project, query: str, report_ids: list[int] | None = None) -> dict[int, int]:
        """Number of hits per report, without building contexts (for badges and previews)."""
        terms = parse_query(query)
        return {rid: len(spans) for rid, _text, spans in self._matching_texts(terms, report_ids)}

    def _matching_texts(
        self: Project, terms: list[str], report_ids: list[int] | None
    ) -> Iterator[tuple[int, str, list[tuple[int, int]]]]:
        """(report id, text, hit spans) of each report holding every term, by id.

        Texts are read a chunk of reports per query: one query per report made a search
        across a thousand reports spend most of its time in SQLite round trips.  Index false
        positives (ASCII case, a term only in folded form) are skipped.
        """
        ids = self.search_report_ids(terms, report_ids)
        for k in range(0, len(ids), _CHUNK):
            chunk = ids[k:k + _CHUNK]
            texts = self.report_texts(chunk)
            for rid in chunk:
                spans = find_hits(texts[rid], terms)
                if spans:
                    yield rid, texts[rid], spans


def _innermost(outline: _Outline, offset: int) -> int:
    """Index of the innermost section holding ``offset``, as :class:`SectionLocator` finds it;
    -1 outside every section, -2 when a parent link is broken."""
    starts, ends, parents, _ids = outline
    i = bisect_right(starts, offset) - 1
    while i >= 0:
        if offset < ends[i]:
            return i
        parent = parents[i]
        if parent < 0:
            return -1
        if parent >= i:
            return -2
        i = parent
    return -1


__all__ = ["SearchHit", "SearchMixin"]
