"""Cross-report alignment: which section of report B talks about what a section of A does.

Reports of different districts follow the same national outline in spirit but not in
wording or numbering: 红桥区's ``（五）深化行政执法规范化建设`` is 南开区's ``（四）深入推进
严格规范公正文明执法``.  Titles alone share few whole words (``行政执法`` vs ``执法``), so
every section becomes a TF-IDF vector over its jieba words *and* the character bigrams of
longer words, with IDF computed over the sections of both reports (a word in every section,
like ``法治政府``, says nothing).  Title and body are compared separately and the title gets
more weight, because a heading states the topic while a body wanders.  Equal scores are
broken by the numbering path: same depth first, then the same position (（五） ↔ （五）).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from lawgov_desktop.core.document import Section, innermost_section
from lawgov_desktop.core.segment import Token, is_content_word

#: Share of the score that comes from the title (the rest from the body).
TITLE_WEIGHT = 0.4

TokensFn = Callable[[str], Sequence[Token]]


@dataclass
class SectionMatch:
    """A section of report B and how similar it is to the section of A being aligned."""

    index: int  # into report B's outline
    score: float
    title_score: float
    body_score: float

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Alignment:
    """The best matches in report B of one section of report A, best first."""

    a_index: int
    matches: list[SectionMatch] = field(default_factory=list)

    @property
    def best(self) -> SectionMatch | None:
        return self.matches[0] if self.matches else None

    def as_dict(self) -> dict:
        return {"a_index": self.a_index, "matches": [m.as_dict() for m in self.matches]}


def _terms(word: str) -> list[str]:
    out = [word]
    if len(word) >= 3:
        out += [word[i:i + 2] for i in range(len(word) - 1)]
    return out


def _bags(text: str, sections: Sequence[Section], tokens: Sequence[Token]) -> tuple[list[Counter], list[Counter]]:
    """(title bag, body bag) of terms for each section; a body includes its sub-sections."""
    positioned = [(s, w) for s, _, w in tokens if is_content_word(w)]
    titles: list[Counter] = []
    bodies: list[Counter] = []
    starts = [p for p, _ in positioned]
    for sec in sections:
        t_end = sec.title_end if sec.title_end > sec.start else sec.start
        title: Counter = Counter()
        body: Counter = Counter()
        i = bisect_left(starts, sec.start)
        while i < len(positioned) and positioned[i][0] < sec.end:
            pos, word = positioned[i]
            (title if pos < t_end else body).update(_terms(word))
            i += 1
        titles.append(title)
        bodies.append(body)
    return titles, bodies


def _idf(bags: Sequence[Counter]) -> dict[str, float]:
    df: Counter = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}


def _vector(bag: Counter, idf: dict[str, float]) -> dict[str, float]:
    vec = {t: (1.0 + math.log(c)) * idf.get(t, 1.0) for t, c in bag.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _ordinal_path(sections: Sequence[Section], index: int) -> tuple[int, ...]:
    """Position of a section among its siblings, from the top: （一）under 二、 → (1, 0)."""
    path: list[int] = []
    i: int | None = index
    while i is not None:
        parent = sections[i].parent
        siblings = [k for k, s in enumerate(sections) if s.parent == parent and k <= i]
        path.append(len(siblings) - 1)
        i = parent
    return tuple(reversed(path))


def align_sections(
    text_a: str, sections_a: Sequence[Section], text_b: str, sections_b: Sequence[Section], *,
    tokens: TokensFn | None = None, top_k: int = 3, title_weight: float = TITLE_WEIGHT,
) -> list[Alignment]:
    """For each section of A (in order), its ``top_k`` most similar sections of B.

    ``tokens`` segments a text into ``(start, end, word)`` (default: the shared jieba
    :class:`~lawgov_desktop.core.segment.Segmenter`, which blocks while it loads — call this
    off the GUI thread until :attr:`~lawgov_desktop.core.segment.Segmenter.is_ready`).
    """
    if tokens is None:
        from lawgov_desktop.core.segment import get_segmenter

        tokens = get_segmenter().tokens
    titles_a, bodies_a = _bags(text_a, sections_a, tokens(text_a))
    titles_b, bodies_b = _bags(text_b, sections_b, tokens(text_b))
    idf_t = _idf(titles_a + titles_b)
    idf_b = _idf(bodies_a + bodies_b)
    vt_a = [_vector(b, idf_t) for b in titles_a]
    vt_b = [_vector(b, idf_t) for b in titles_b]
    vb_a = [_vector(b, idf_b) for b in bodies_a]
    vb_b = [_vector(b, idf_b) for b in bodies_b]
    paths_b = [_ordinal_path(sections_b, j) for j in range(len(sections_b))]
    out: list[Alignment] = []
    for i, sec in enumerate(sections_a):
        path_a = _ordinal_path(sections_a, i)
        scored: list[tuple[tuple, SectionMatch]] = []
        for j, other in enumerate(sections_b):
            ts = _cosine(vt_a[i], vt_b[j])
            bs = _cosine(vb_a[i], vb_b[j])
            if not vt_a[i] or not vt_b[j]:
                score = bs  # a heading without words: the body decides alone
            elif not vb_a[i] or not vb_b[j]:
                score = ts
            else:
                score = title_weight * ts + (1.0 - title_weight) * bs
            match = SectionMatch(j, round(score, 4), round(ts, 4), round(bs, 4))
            key = (-match.score, abs(sec.depth - other.depth), paths_b[j] != path_a, j)
            scored.append((key, match))
        scored.sort(key=lambda x: x[0])
        out.append(Alignment(i, [m for _, m in scored[:top_k] if m.score > 0]))
    return out


def map_offset(
    alignments: Sequence[Alignment], sections_a: Sequence[Section], sections_b: Sequence[Section], offset: int,
) -> int | None:
    """Where report B should scroll when report A shows ``offset``: the start of the best
    match of A's innermost section there (None when nothing matches)."""
    idx = innermost_section(list(sections_a), offset)
    if idx is None or idx >= len(alignments):
        return None
    best = alignments[idx].best
    return sections_b[best.index].start if best is not None else None


__all__ = ["TITLE_WEIGHT", "Alignment", "SectionMatch", "align_sections", "map_offset"]
