"""Selection helpers: snap a drag to whole words, grow it to a sentence or a paragraph.

Readers drag across Chinese text where every character is a valid stop, so a selection
easily starts or ends mid-word (``行政执|法``); the tag then quotes a broken word.  These
pure functions turn a raw ``(start, end)`` into the span the reader meant.  Whether to snap
(e.g. not while Alt is held) is the GUI's decision.  Offsets are code points.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

#: Sentence-ending punctuation of Chinese reports (full and half width).
SENTENCE_END = frozenset("。！？；!?;")
#: Closing marks that belong to the sentence they follow: ``……。”`` keeps its quote.
CLOSERS = frozenset("”’」』》）)】〕")
_SPACE = frozenset(" \t\u3000\r\xa0")


def snap_to_words(tokens: Sequence[tuple[int, int, str]], start: int, end: int) -> tuple[int, int]:
    """Expand ``start`` back and ``end`` forward to the boundaries of the tokens they cut.

    ``tokens`` are ``(start, end, word)`` spans in order (as from
    :meth:`~lawgov_desktop.core.segment.Segmenter.tokens`).  An empty selection, or one
    outside the tokens, comes back unchanged.
    """
    if start > end:
        start, end = end, start
    if start == end or not tokens:
        return start, end
    starts = [t[0] for t in tokens]
    i = bisect_right(starts, start) - 1
    if i >= 0 and tokens[i][0] <= start < tokens[i][1]:
        start = tokens[i][0]
    j = bisect_right(starts, end - 1) - 1
    if j >= 0 and tokens[j][0] <= end - 1 < tokens[j][1]:
        end = tokens[j][1]
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and line breaks at both ends of a span (never past each other)."""
    while start < end and (text[start] in _SPACE or text[start] == "\n"):
        start += 1
    while end > start and (text[end - 1] in _SPACE or text[end - 1] == "\n"):
        end -= 1
    return start, end


def _sentence_start(text: str, pos: int) -> int:
    """First offset of the sentence containing ``pos``."""
    i = pos
    while i > 0:
        ch = text[i - 1]
        if ch == "\n" or ch in SENTENCE_END:
            break
        if ch in CLOSERS and _closes_sentence(text, i - 1):
            break
        i -= 1
    return i


def _closes_sentence(text: str, i: int) -> bool:
    """Whether the closer at ``i`` follows a sentence end (``。”`` / ``。”」``)."""
    j = i
    while j > 0 and text[j - 1] in CLOSERS:
        j -= 1
    return j > 0 and text[j - 1] in SENTENCE_END


def _sentence_end(text: str, pos: int) -> int:
    """Offset just after the sentence containing ``pos`` (terminator and closers included)."""
    n = len(text)
    i = pos
    while i < n:
        ch = text[i]
        if ch == "\n":
            return i
        i += 1
        if ch in SENTENCE_END:
            while i < n and text[i] in CLOSERS:
                i += 1
            return i
    return n


def expand_to_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span to whole sentences (ended by ``。！？；`` or a line end).

    Closing quotes and brackets after the terminator stay with the sentence; spaces at the
    edges are dropped.  A caret (``start == end``) selects the sentence around it.
    """
    if start > end:
        start, end = end, start
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    s = _sentence_start(text, start)
    e = _sentence_end(text, max(start, end - 1)) if end > start else _sentence_end(text, start)
    s, e = _trim(text, s, e)
    return (s, e) if s < e else (start, end)


def expand_to_paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span to whole lines (paragraphs are lines in a stored report), edges trimmed."""
    if start > end:
        start, end = end, start
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    s = text.rfind("\n", 0, start) + 1
    last = max(start, end - 1) if end > start else start
    e = text.find("\n", last)
    e = len(text) if e < 0 else e
    s, e = _trim(text, s, e)
    return (s, e) if s < e else (start, end)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text`` as a trimmed ``(start, end)``, in order, none empty."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        e = _sentence_end(text, pos)
        s, t = _trim(text, pos, e)
        if s < t:
            spans.append((s, t))
        pos = e + 1 if e < n and text[e] == "\n" else max(e, pos + 1)
    return spans


def clause_around(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The clause (between ``，：,:`` or the sentence edges) of ``sentence`` holding ``start:end``.

    ``、`` is left alone on purpose: it separates list items inside one clause.
    """
    s0, e0 = sentence
    s = start
    while s > s0 and text[s - 1] not in "，,：:":
        s -= 1
    e = end
    while e < e0 and text[e] not in "，,：:":
        e += 1
    return _trim(text, s, e)


__all__ = ["CLOSERS", "SENTENCE_END", "clause_around", "expand_to_paragraph", "expand_to_sentence",
           "sentence_spans", "snap_to_words"]
