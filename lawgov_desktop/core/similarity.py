"""Which section of one report corresponds to a section of another (linked panes).

Reports of different districts follow the same national template loosely: the same
numbering path (``一、 > （五）``) usually means the same topic, and when the numbering
differs the headings still share wording.  This module is the simple, pure-Python first
answer — numbering path first, then character-bigram Jaccard similarity of the titles — kept
behind :func:`corresponding_section` so a proper alignment module can replace it without
touching the GUI.
"""

from __future__ import annotations

import unicodedata

from lawgov_desktop.core.document import Section

#: Below this title similarity two headings are not considered to be about the same thing.
MIN_TITLE_SIMILARITY = 0.2

_PARENS = str.maketrans({"(": "（", ")": "）"})


def _letters(text: str) -> str:
    """Text without spaces and punctuation: "推进法治政府建设，情况" → "推进法治政府建设情况"."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def bigrams(text: str) -> set[str]:
    """Character bigrams of the letters of ``text`` (a one-letter text is its own bigram)."""
    s = _letters(text)
    if len(s) < 2:
        return {s} if s else set()
    return {s[i:i + 2] for i in range(len(s) - 1)}


def bigram_jaccard(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two texts, 0.0 … 1.0."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def normalize_label(label: str) -> str:
    """Fold the spellings of one number: "(一)" and "（一）" are the same label."""
    folded = unicodedata.normalize("NFKC", label)  # full-width digits, dots and brackets → ASCII
    return "".join(folded.split()).translate(_PARENS)


def label_path(sections: list[Section], index: int) -> tuple[str, ...]:
    """Normalised labels from the top-level ancestor down to ``sections[index]``."""
    parts: list[str] = []
    i: int | None = index
    while i is not None:
        parts.append(normalize_label(sections[i].label))
        i = sections[i].parent
    return tuple(reversed(parts))


def corresponding_section(
    source: list[Section], index: int, target: list[Section], min_similarity: float = MIN_TITLE_SIMILARITY
) -> int | None:
    """Index in ``target`` of the section that corresponds to ``source[index]``, or None.

    The same numbering path wins when every level of it is numbered (an unnumbered
    heading such as "存在的问题" says nothing by its position); otherwise the most similar
    title, preferring the same depth on a tie; failing both, the section corresponding to its
    parent (an ``一是`` with no counterpart still lands in the matching ``（一）``).
    """
    if not target or not (0 <= index < len(source)):
        return None
    path = label_path(source, index)
    if all(path):
        for j in range(len(target)):
            if label_path(target, j) == path:
                return j
    wanted = source[index]
    best: int | None = None
    best_key: tuple[float, bool] | None = None
    for j, sec in enumerate(target):
        score = bigram_jaccard(wanted.title, sec.title)
        if score < min_similarity:
            continue
        key = (score, sec.depth == wanted.depth)
        if best_key is None or key > best_key:
            best, best_key = j, key
    if best is None and wanted.parent is not None:
        return corresponding_section(source, wanted.parent, target, min_similarity)
    return best
