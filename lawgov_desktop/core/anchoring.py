"""Finding a tagged span again in a report's text: by its offsets, else by quote and context.

Used when annotations come back from an export (``lawgov import-annotations``) and whenever a
span has to be re-attached to a text that may have changed.  Pure functions, no Qt, no store.
All offsets are Unicode code points (Python ``str`` indices).

The strategies, tried in order, name themselves in :attr:`SpanMatch.method`:

``offsets``
    the quote is still at the old offsets (``text[hint_start:hint_start+len(quote)] == quote``);
``quote``
    the quote occurs exactly once elsewhere in the text;
``quote+context``
    the quote occurs several times; the occurrence whose surroundings agree best with the
    recorded ``prefix``/``suffix`` wins, ties going to the one nearest the old offset.

An ambiguous span (several occurrences with equally good context at the same distance) or a
quote that no longer occurs gives ``None``: a caller must report it, never guess.
Approximate (fuzzy) matching for edited quotes belongs here as a further strategy with a
score below 1.0; callers already treat ``score`` as a confidence in [0, 1].
"""

from __future__ import annotations

from typing import NamedTuple

from lawgov_desktop.messages import Message


class SpanMatch(NamedTuple):
    """Where a span was found, how, and how sure (1.0 = certain)."""

    start: int
    end: int
    method: str
    score: float


#: Stop collecting occurrences after this many (a one-character quote in a long report).
MAX_CANDIDATES = 5000


def occurrences(text: str, quote: str, limit: int = MAX_CANDIDATES) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote`` in ``text``."""
    found: list[int] = []
    if not quote:
        return found
    pos = text.find(quote)
    while pos != -1 and len(found) < limit:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def _common_suffix(a: str, b: str) -> int:
    """Length of the longest common ending of ``a`` and ``b``."""
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How much of the recorded context surrounds ``text[start:end]``: 1.0 all, 0.0 none.

    Context is compared outward from the span, so an edit far from the quote costs only the
    characters beyond it.  Without recorded context the score is 1.0 (nothing contradicts).
    """
    want = len(prefix) + len(suffix)
    if not want:
        return 1.0
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    return (_common_suffix(before, prefix) + _common_prefix(after, suffix)) / want


def find_span(
    text: str, quote: str, prefix: str = "", suffix: str = "", hint_start: int | None = None,
) -> SpanMatch | None:
    """Locate ``quote`` in ``text``; see the module docstring for the strategies.

    ``prefix``/``suffix`` are the characters recorded just before and after the quote (any
    length, possibly empty); ``hint_start`` is the old start offset, if known.
    """
    if not quote:
        return None
    n = len(quote)
    if hint_start is not None and 0 <= hint_start and text.startswith(quote, hint_start):
        return SpanMatch(hint_start, hint_start + n, "offsets", 1.0)
    starts = occurrences(text, quote)
    if not starts:
        return None
    if len(starts) == 1:
        s = starts[0]
        return SpanMatch(s, s + n, "quote", context_score(text, s, s + n, prefix, suffix))
    return _best_by_context(text, starts, n, prefix, suffix, hint_start)


def _best_by_context(
    text: str, starts: list[int], n: int, prefix: str, suffix: str, hint_start: int | None,
) -> SpanMatch | None:
    scored = [(context_score(text, s, s + n, prefix, suffix), s) for s in starts]
    top = max(score for score, _ in scored)
    best = [s for score, s in scored if score == top]
    if len(best) > 1:
        if hint_start is None:
            return None
        best.sort(key=lambda s: abs(s - hint_start))
        if abs(best[0] - hint_start) == abs(best[1] - hint_start):
            return None
    s = best[0]
    return SpanMatch(s, s + n, "quote+context", top)


def explain_failure(text: str, quote: str) -> str:
    """Why :func:`find_span` returned ``None``, in words for the user (Chinese and English)."""
    if not quote:
        return Message("anchor.empty_quote")
    if quote not in text:
        return Message("anchor.gone")
    return Message("anchor.ambiguous")
