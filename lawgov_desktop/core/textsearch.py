"""Search queries over report texts: parsing, and the exact offsets of every occurrence.

The database index only narrows a search to the reports that contain every term; the
offsets always come from here, by scanning the stored text, so they are exact code-point
positions and no occurrence is lost to how an index tokenises.

Query syntax: terms separated by spaces must all occur in a report (AND); a phrase in
quotes (``"…"``, ``“…”``, ``「…」``) is one term, spaces included.  ASCII letters match
case-insensitively (``PPP`` finds ``ppp``); Chinese is matched as written.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

#: Opening quote → closing quote of a phrase.
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』"}
_SPACES = re.compile(r"[\s\u3000]+")
_ASCII_UPPER = re.compile("[A-Z]+")

#: Code points of context shown on each side of a hit.
HIT_CONTEXT = 24


@dataclass(frozen=True)
class SearchHit:
    """One occurrence of a query term; ``start``/``end`` are code points into the report."""

    report_id: int
    start: int
    end: int
    section_path: str
    context_before: str
    match: str
    context_after: str

    def as_dict(self) -> dict:
        return asdict(self)


def parse_query(query: str) -> list[str]:
    """Terms of a query, in order, without duplicates; quoted phrases stay one term."""
    terms: list[str] = []
    i, n = 0, len(query)
    buf = ""

    def flush(word: str) -> None:
        for part in _SPACES.split(word):
            if part and part not in terms:
                terms.append(part)

    while i < n:
        ch = query[i]
        close = _QUOTES.get(ch)
        if close is not None:
            j = query.find(close, i + 1)
            if j > i:
                flush(buf)
                buf = ""
                phrase = query[i + 1:j].strip()
                if phrase and phrase not in terms:
                    terms.append(phrase)
                i = j + 1
                continue
        buf += ch
        i += 1
    flush(buf)
    return terms


def fold(text: str) -> str:
    """ASCII-lowercased text of the same length (so offsets stay valid).

    A regular expression finds the (rare) runs of capitals in C; ``str.translate`` would
    look every Chinese character up in a table, ten times slower on a report.
    """
    return _ASCII_UPPER.sub(_lower, text) if not text.isascii() else text.lower()


def _lower(m: re.Match[str]) -> str:
    return m.group().lower()


def find_all(text: str, term: str, *, folded_text: str | None = None) -> list[tuple[int, int]]:
    """Start/end of every non-overlapping occurrence of ``term`` (as ``str.count`` counts)."""
    if not term:
        return []
    hay = folded_text if folded_text is not None else fold(text)
    needle = fold(term)
    out: list[tuple[int, int]] = []
    pos = hay.find(needle)
    while pos >= 0:
        out.append((pos, pos + len(needle)))
        pos = hay.find(needle, pos + len(needle))
    return out


def find_hits(text: str, terms: list[str]) -> list[tuple[int, int]] | None:
    """Occurrences of all ``terms`` in order of position, or None when one term is missing."""
    # folding changes ASCII letters only, so terms without any match the text as it is
    folded = fold(text) if any(_ASCII_UPPER.search(t.upper()) for t in terms) else text
    spans: list[tuple[int, int]] = []
    for term in terms:
        found = find_all(text, term, folded_text=folded)
        if not found:
            return None
        spans.extend(found)
    spans.sort()
    return spans


def hit_context(text: str, start: int, end: int, width: int = HIT_CONTEXT) -> tuple[str, str]:
    """Text before and after a hit, cut at the paragraph (line) it sits in."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, start - width):start]
    after = text[end:min(line_end, end + width)]
    return before, after


def fts_phrase(term: str) -> str:
    """``term`` as an FTS5 string literal (double quotes doubled): a substring for trigram."""
    return '"' + term.replace('"', '""') + '"'


def fts_trigrams(term: str) -> str:
    """``term`` (3 or more characters) as an FTS5 query that a trigram index without positions
    (``detail=none``) can answer: every distinct 3-character piece of it, ANDed.

    The reports matching are those holding every piece, a superset of those holding the term
    (the pieces may lie apart); :func:`find_all` then finds the real occurrences.
    """
    pieces = dict.fromkeys(term[i:i + 3] for i in range(len(term) - 2))
    return " AND ".join(fts_phrase(p) for p in pieces)


__all__ = ["HIT_CONTEXT", "SearchHit", "find_all", "find_hits", "fold", "fts_phrase", "fts_trigrams", "hit_context",
           "parse_query"]
