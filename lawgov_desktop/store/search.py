"""Full-text search over the project's reports.

The FTS5 trigram index (see ``_v_search_index`` in :mod:`lawgov_desktop.store.schema`)
narrows a search to the reports holding every term of 3 or more characters; terms of 1–2
characters, which trigram cannot match, are checked with ``instr`` over the stored text.
Then every occurrence is located in Python (:mod:`lawgov_desktop.core.textsearch`), so
the hits are exact code-point offsets and none is missed.

The texts are read as their UTF-8 bytes: whether a report holds every term, and where its
first occurrence starts and its last ends, is found in the bytes (UTF-8 is self-synchronising,
so a byte match is a character match); only the text between them, with room for context, is
decoded and searched for the offsets, and the characters before it are counted in the bytes.
Decoding whole texts into ``str`` cost more than the rest of reading them.  Each report's
outline comes in the same row, packed (:mod:`lawgov_desktop.store.outlines`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from lawgov_desktop.core.document import BEFORE_FIRST_HEADING
from lawgov_desktop.core.gcpause import paused_gc
from lawgov_desktop.core.textsearch import HIT_CONTEXT, SearchHit, find_hits, fold, fts_trigrams, parse_query
from lawgov_desktop.store.annotations import SectionLocator
from lawgov_desktop.store.outlines import Outline, unpack_outline
from lawgov_desktop.store.service import Service

#: Shortest term the trigram index can match.
TRIGRAM = 3
#: Reports whose hits are built per round (a search with a ``limit`` stops after the round).
_CHUNK = 200
#: Bytes decoded before a report's first occurrence and after its last: room for
#: :data:`HIT_CONTEXT` characters of context (4 bytes at most each) and a character cut short.
_TAIL_BYTES = 4 * HIT_CONTEXT + 4
#: UTF-8 continuation bytes: the bytes of a text less these are its characters.
_CONTINUATION = bytes(range(0x80, 0xC0))
# No enlarged page cache for searching: SQLite's default (2 MB) is kept.  A cache with room
# for every text (32 MB was tried) made a repeated search ~9 ms faster (53 -> 44 ms median
# over 1,000 reports: the pages come from the operating system's cache either way) but held
# ~32 MB for the rest of the session, a fifth of the window's whole footprint.

#: (report id, part of its text from a little before its first hit to a little past its
#: last, where that part starts in the text, hit spans in the part, packed outline or None).
_Found = tuple[int, str, int, list[tuple[int, int]], "bytes | None"]


class Search(Service):
    """Full-text search of the project's reports (``project.search``).

    Asks the project for ``reports`` (outlines of reports without a packed one).
    """

    def has_index(self) -> bool:
        """Whether this file has the FTS5 index (absent when SQLite lacked trigram support)."""
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports_fts'").fetchone()
        return row is not None

    def report_ids(self, terms: list[str], report_ids: list[int] | None = None) -> list[int]:
        """Ids of reports that may contain every term: all that do, and possibly a few that do not
        (ASCII case, or a term's 3-character pieces lying apart; see ``_v_lean_search_index``)."""
        if not terms:
            return []
        where, params = self._search_where(terms, report_ids)
        return [r[0] for r in self.conn.execute("SELECT id FROM reports WHERE " + where + " ORDER BY id", params)]

    def _search_where(self, terms: list[str], report_ids: list[int] | None) -> tuple[str, list[object]]:
        """SQL condition on ``reports`` (with its parameters) for reports that may hold every term."""
        where: list[str] = []
        params: list[object] = []
        long_terms = [t for t in terms if len(t) >= TRIGRAM]
        if long_terms and self.has_index():
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

    def hits(
        self, query: str, report_ids: list[int] | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Every occurrence of the query's terms in the reports that contain all of them.

        Space-separated terms are ANDed, quoted phrases are one term; hits come by report id,
        then position.  ``limit`` caps the number of hits (None: all).
        """
        terms = parse_query(query)
        hits: list[SearchHit] = []
        if limit is not None and limit <= 0:
            return hits
        found: list[_Found] = []
        # thousands of records and no cycles among them: see core/gcpause.py
        with paused_gc():
            for row in self._matching_texts(terms, report_ids):
                found.append(row)
                if len(found) >= _CHUNK:
                    if self._add_hits(found, hits, limit):
                        return hits
                    found = []
            self._add_hits(found, hits, limit)
        return hits

    def _add_hits(self, found: list[_Found], hits: list[SearchHit], limit: int | None) -> bool:
        """Append the hits of ``found`` reports to ``hits``; True once ``limit`` is reached.

        The section of each hit comes from the report's packed outline; only the headings of
        sections holding a hit (and of their ancestors) are decoded.  A report without a
        packed outline, or with one that does not hold together, is located the ordinary way.
        """
        for rid, text, base, spans, packed in found:
            outline = None if packed is None else unpack_outline(packed)
            paths = None if outline is None else _paths(outline, [base + start for start, _end in spans])
            if paths is None:
                locator = SectionLocator(self._project.reports.sections(rid))
                paths = [locator.path(base + start) for start, _end in spans]
            size = len(text)
            for (start, end), path in zip(spans, paths, strict=True):
                # the context of core.textsearch.hit_context, inline: it runs for every hit
                cut = start - HIT_CONTEXT
                if cut < 0:
                    cut = 0
                line_start = text.rfind("\n", cut, start) + 1
                before = text[max(line_start, cut):start]
                stop = end + HIT_CONTEXT
                if stop > size:
                    stop = size
                line_end = text.find("\n", end, stop)
                after = text[end:stop if line_end < 0 else line_end]
                hits.append(SearchHit(rid, base + start, base + end, path, before, text[start:end], after))
                if limit is not None and len(hits) >= limit:
                    return True
        return False

    def counts(self, query: str, report_ids: list[int] | None = None) -> dict[int, int]:
        """Number of hits per report, without building contexts (for badges and previews)."""
        terms = parse_query(query)
        return {rid: len(spans) for rid, _text, _base, spans, _packed in self._matching_texts(terms, report_ids)}

    def _matching_texts(self, terms: list[str], report_ids: list[int] | None) -> Iterator[_Found]:
        """:data:`_Found` of each report holding every term, by id.

        One query reads the texts (as UTF-8 bytes) and packed outlines of the reports the index
        narrowed to: one query per report made a search across a thousand reports spend most
        of its time in SQLite round trips.  Only the part of a text that holds its hits and
        their context is decoded; the characters before it are counted in the bytes.  Index
        false positives (ASCII case, a term only in folded form, pieces lying apart) are
        skipped without decoding.
        """
        if not terms:
            return
        where, params = self._search_where(terms, report_ids)
        packed = self._has_packed_outlines()
        utf8 = self.conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-8"
        sql = (f"SELECT r.id, {'CAST(r.text AS BLOB)' if utf8 else 'r.text'}, "
               f"{'o.packed' if packed else 'NULL'} FROM reports r "
               f"{'LEFT JOIN report_outlines o ON o.report_id = r.id ' if packed else ''}"
               f"WHERE {where} ORDER BY r.id")
        if not utf8:
            for rid, text, outline in self.conn.execute(sql, params):
                spans = find_hits(text, terms)
                if spans:
                    yield rid, text, 0, spans, outline
            return
        # folding changes ASCII letters only, as bytes.lower() does, so offsets and lengths stay
        fold_text = any(c.isascii() and c.isalpha() for t in terms for c in t)
        folded_terms = [(fold(t), len(t)) for t in terms]
        needles = [t.encode("utf-8") for t, _n in folded_terms]
        for rid, data, outline in self.conn.execute(sql, params):
            hay = data.lower() if fold_text else data
            first, last = len(data), 0
            for needle in needles:
                pos = hay.find(needle)
                if pos < 0:
                    break
                if pos < first:
                    first = pos
                pos = hay.rfind(needle) + len(needle)
                if pos > last:
                    last = pos
            else:
                begin = first - _TAIL_BYTES
                if begin > 0:
                    while data[begin] & 0xC0 == 0x80:  # not inside a character
                        begin += 1
                    base = len(data[:begin].translate(None, _CONTINUATION))
                else:
                    begin = base = 0
                cut = last + _TAIL_BYTES
                if cut < len(data):
                    while data[cut] & 0xC0 == 0x80:
                        cut -= 1
                    text = data[begin:cut].decode("utf-8")
                else:
                    text = data[begin:].decode("utf-8")
                # the occurrences as core.textsearch.find_hits finds them, with the terms folded once
                hay_text = fold(text) if fold_text else text
                spans: list[tuple[int, int]] = []
                for term, n in folded_terms:
                    pos = hay_text.find(term)
                    while pos >= 0:
                        spans.append((pos, pos + n))
                        pos = hay_text.find(term, pos + n)
                spans.sort()
                yield rid, text, base, spans, outline

    def _has_packed_outlines(self) -> bool:
        """Whether this file has ``report_outlines`` (a file not yet upgraded, opened read-only, has not)."""
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_outlines'")
        return row.fetchone() is not None


def _paths(outline: Outline, offsets: list[int]) -> list[str] | None:
    """Section path of each offset, as :class:`SectionLocator` gives it; None when a parent
    link is broken, so the caller reads the sections.  (Outlines out of order are not packed.)"""
    starts, ends, parents, heading_ends, headings = outline
    # path of a section = path of its parent > its heading; each path is built once
    cache: dict[int, str] = {-1: BEFORE_FIRST_HEADING}
    paths: list[str] = []
    for offset in offsets:
        # the innermost section holding the offset, as SectionLocator finds it (-2: a broken link)
        i = bisect_right(starts, offset) - 1
        while i >= 0 and offset >= ends[i]:
            parent = parents[i]
            i = -2 if parent >= i else parent
        path = cache.get(i)
        if path is None:
            if i < 0:
                return None  # a broken parent link
            chain: list[int] = []
            j = i
            while j >= 0 and j not in cache:
                if parents[j] >= j:
                    return None  # as above
                chain.append(j)
                j = parents[j]
            path = cache[j] if j >= 0 else ""
            for j in reversed(chain):
                name = headings[heading_ends[j - 1] if j else 0:heading_ends[j]].decode("utf-8")
                path = cache[j] = path + " > " + name if parents[j] >= 0 else name
        paths.append(path)
    return paths


__all__ = ["SearchHit", "Search"]
